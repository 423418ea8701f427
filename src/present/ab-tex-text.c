/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tex-text.c — TeX to plain-text markup
 *
 * A recursive reader over the source: a group ({…}) or one token at a time.
 * The recursion follows the nesting of braces and scripts, so it is capped
 * (past the cap the rest is copied as it is); the result is always valid
 * markup, since every character taken from the source is escaped.
 */
#define G_LOG_DOMAIN "ab-tex-text"

#include "ab-tex-text.h"

#include <string.h>

#define MAX_DEPTH 16

typedef struct { const char *name, *text; } Symbol;

static const Symbol symbols[] = {
  { "alpha", "α" }, { "beta", "β" }, { "gamma", "γ" }, { "delta", "δ" }, { "epsilon", "ε" },
  { "varepsilon", "ε" }, { "zeta", "ζ" }, { "eta", "η" }, { "theta", "θ" }, { "kappa", "κ" },
  { "lambda", "λ" }, { "mu", "μ" }, { "nu", "ν" }, { "xi", "ξ" }, { "pi", "π" }, { "rho", "ρ" },
  { "sigma", "σ" }, { "tau", "τ" }, { "phi", "φ" }, { "varphi", "φ" }, { "chi", "χ" }, { "psi", "ψ" },
  { "omega", "ω" }, { "Gamma", "Γ" }, { "Delta", "Δ" }, { "Theta", "Θ" }, { "Lambda", "Λ" },
  { "Pi", "Π" }, { "Sigma", "Σ" }, { "Phi", "Φ" }, { "Psi", "Ψ" }, { "Omega", "Ω" },
  { "times", "×" }, { "cdot", "·" }, { "cdots", "⋯" }, { "ldots", "…" }, { "dots", "…" },
  { "leq", "≤" }, { "le", "≤" }, { "geq", "≥" }, { "ge", "≥" }, { "neq", "≠" }, { "approx", "≈" },
  { "sim", "∼" }, { "propto", "∝" }, { "infty", "∞" }, { "pm", "±" }, { "in", "∈" },
  { "leftarrow", "←" }, { "rightarrow", "→" }, { "to", "→" }, { "gets", "←" }, { "mapsto", "↦" },
  { "Rightarrow", "⇒" }, { "sum", "∑" }, { "prod", "∏" }, { "partial", "∂" }, { "nabla", "∇" },
  { "top", "⊤" }, { "lVert", "‖" }, { "rVert", "‖" }, { "Vert", "‖" }, { "mid", "|" },
  { "log", "log" }, { "exp", "exp" }, { "tanh", "tanh" }, { "max", "max" }, { "min", "min" },
  { "sin", "sin" }, { "cos", "cos" }, { "ln", "ln" },
  { "quad", " " }, { "qquad", "  " }, { ",", " " }, { ";", " " }, { ":", " " }, { "!", "" },
  { "left", "" }, { "right", "" }, { "big", "" }, { "Big", "" }, { "{", "{" }, { "}", "}" },
  { "%", "%" }, { "_", "_" }, { "&", "&amp;" }, { "#", "#" }, { "$", "$" }, { " ", " " },
};

/* Commands whose argument is shown as it is (\operatorname{softmax}). */
static const char *const plain_args[] = {
  "operatorname", "text", "mathrm", "mathbf", "mathit", "mathsf", "boldsymbol", "mathcal", NULL,
};

static const char *parse_item (const char *p, GString *out, int depth);

/* A {…} group or a single item; returns what follows. */
static const char *
parse_argument (const char *p, GString *out, int depth)
{
  while (*p == ' ')
    p++;
  if (*p != '{')
    return parse_item (p, out, depth);
  p++;
  while (*p && *p != '}')
    p = parse_item (p, out, depth);
  return *p == '}' ? p + 1 : p;
}

static void
append_escaped (GString *out, const char *p, gsize len)
{
  g_autofree char *esc = g_markup_escape_text (p, (gssize) len);
  g_string_append (out, esc);
}

static const char *
parse_command (const char *p, GString *out, int depth)
{
  const char *start = ++p;   /* past the backslash */
  g_autofree char *name = NULL;

  if (g_ascii_isalpha (*p))
    while (g_ascii_isalpha (*p))
      p++;
  else if (*p)
    p++;
  name = g_strndup (start, p - start);

  if (g_str_equal (name, "frac"))
    {
      GString *num = g_string_new (NULL), *den = g_string_new (NULL);
      p = parse_argument (p, num, depth + 1);
      p = parse_argument (p, den, depth + 1);
      g_string_append_printf (out, "%s/%s", num->str, den->str);
      g_string_free (num, TRUE);
      g_string_free (den, TRUE);
      return p;
    }
  if (g_str_equal (name, "sqrt"))
    {
      g_string_append (out, "√");
      return parse_argument (p, out, depth + 1);
    }
  if (g_str_equal (name, "mathbb"))
    {
      GString *arg = g_string_new (NULL);
      p = parse_argument (p, arg, depth + 1);
      g_string_append (out, g_str_equal (arg->str, "R") ? "ℝ" : g_str_equal (arg->str, "N") ? "ℕ" : arg->str);
      g_string_free (arg, TRUE);
      return p;
    }
  if (g_str_equal (name, "overrightarrow") || g_str_equal (name, "overleftarrow") ||
      g_str_equal (name, "bar") || g_str_equal (name, "hat") || g_str_equal (name, "tilde") ||
      g_str_equal (name, "vec"))
    {
      const char *mark = g_str_equal (name, "overrightarrow") || g_str_equal (name, "vec") ? "\xe2\x83\x97"
                         : g_str_equal (name, "overleftarrow") ? "\xe2\x83\x96"
                         : g_str_equal (name, "bar") ? "\xcc\x84" : g_str_equal (name, "hat") ? "\xcc\x82"
                         : "\xcc\x83";
      p = parse_argument (p, out, depth + 1);
      g_string_append (out, mark);   /* a combining mark on the last character */
      return p;
    }
  for (guint i = 0; plain_args[i]; i++)
    if (g_str_equal (name, plain_args[i]))
      return parse_argument (p, out, depth + 1);
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_str_equal (name, symbols[i].name))
      {
        g_string_append (out, symbols[i].text);
        return p;
      }
  append_escaped (out, name, strlen (name));
  return p;
}

static const char *
parse_item (const char *p, GString *out, int depth)
{
  if (depth > MAX_DEPTH)
    {
      append_escaped (out, p, strlen (p));
      return p + strlen (p);
    }
  switch (*p)
    {
    case '\0':
      return p;
    case '\\':
      return parse_command (p, out, depth);
    case '{':
      return parse_argument (p, out, depth + 1);
    case '}':
      return p + 1;   /* unbalanced: dropped */
    case '^':
    case '_':
      {
        gboolean sup = *p == '^';
        GString *script = g_string_new (NULL);

        p = parse_argument (p + 1, script, depth + 1);
        /* ^\top is the transpose: a raised T reads better than a raised ⊤. */
        if (sup && g_str_equal (script->str, "⊤"))
          g_string_append (out, "ᵀ");
        else
          g_string_append_printf (out, sup ? "<sup>%s</sup>" : "<sub>%s</sub>", script->str);
        g_string_free (script, TRUE);
        return p;
      }
    case ' ':
    case '\t':
    case '\n':
      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      return p;
    default:
      {
        const char *next = g_utf8_next_char (p);
        append_escaped (out, p, next - p);
        return next;
      }
    }
}

char *
ab_tex_to_markup (const char *tex)
{
  GString *out = g_string_new (NULL);
  const char *p = tex;

  g_return_val_if_fail (tex != NULL, NULL);
  if (!g_utf8_validate (tex, -1, NULL))
    {
      g_string_free (out, TRUE);
      return g_markup_escape_text ("?", -1);
    }
  while (*p)
    p = parse_item (p, out, 0);
  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-speech.c — a formula's spoken form, from its parse tree.
 *
 * A screen reader given raw TeX reads "backslash operatorname brace V a r…";
 * given this it reads "variance of q dot k over the square root of d k". The
 * walk follows the spoken-math habits of ClearSpeak: short fractions are
 * "a over b", long ones are bracketed by "the fraction … end fraction";
 * "squared", "transpose" and "inverse" for the usual superscripts; a simple
 * subscript is just said after its base ("d k"); an operator name followed by
 * parentheses takes them as its argument ("softmax of …"); other brackets are
 * spoken. Every phrase goes through gettext (context "math speech"), so a
 * translation can reorder it. No font is needed: it works when the math font
 * is missing, too. */
#define G_LOG_DOMAIN "ab-math-speech"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include "ab-math-private.h"

typedef struct
{
  gboolean by;   /* inside ℝ^{…}: "×" reads "by" (a shape, not a product) */
} Ctx;

static char *speak (const AbNode *n, Ctx ctx);
static char *speak_items (const AbNode *first, Ctx ctx);

/* ---- characters ----------------------------------------------------------- */

static const char *const greek_lower[] = {
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
  "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "final sigma", "sigma", "tau",
  "upsilon", "phi", "chi", "psi", "omega",
};
static const char *const greek_upper[] = {
  "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
  "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "Theta", "Sigma", "Tau",
  "Upsilon", "Phi", "Chi", "Psi", "Omega",
};

/* The variant letters after ω in each Mathematical Greek block: ∂ ϵ ϑ ϰ ϕ ϱ ϖ. */
static const char *const greek_variants[] = {
  NULL, "epsilon", "theta", "kappa", "phi", "rho", "pi",
};

/* Holes in the Mathematical Alphanumeric block, filled by Letterlike Symbols. */
static const struct { gunichar cp; char letter; gboolean struck; } letterlike[] = {
  { 0x210E, 'h', FALSE }, { 0x2102, 'C', TRUE }, { 0x210D, 'H', TRUE }, { 0x2115, 'N', TRUE },
  { 0x2119, 'P', TRUE }, { 0x211A, 'Q', TRUE }, { 0x211D, 'R', TRUE }, { 0x2124, 'Z', TRUE },
  { 0x212C, 'B', FALSE }, { 0x2130, 'E', FALSE }, { 0x2131, 'F', FALSE }, { 0x210B, 'H', FALSE },
  { 0x2110, 'I', FALSE }, { 0x2112, 'L', FALSE }, { 0x2133, 'M', FALSE }, { 0x211B, 'R', FALSE },
  { 0x212F, 'e', FALSE }, { 0x210A, 'g', FALSE }, { 0x2134, 'o', FALSE },
};

typedef enum { STYLE_PLAIN, STYLE_BOLD, STYLE_STRUCK } LetterStyle;

/* A math letter or digit back to its plain character (and whether it is bold
 * or double-struck, which changes what it means); 0 when it is neither. */
static gunichar
plain_letter (gunichar cp, LetterStyle *style)
{
  static const struct { gunichar start; LetterStyle style; gboolean digits; } blocks[] = {
    { 0x1D400, STYLE_BOLD, FALSE }, { 0x1D434, STYLE_PLAIN, FALSE }, { 0x1D468, STYLE_BOLD, FALSE },
    { 0x1D49C, STYLE_PLAIN, FALSE }, { 0x1D4D0, STYLE_BOLD, FALSE }, { 0x1D504, STYLE_PLAIN, FALSE },
    { 0x1D538, STYLE_STRUCK, FALSE }, { 0x1D56C, STYLE_BOLD, FALSE }, { 0x1D5A0, STYLE_PLAIN, FALSE },
    { 0x1D5D4, STYLE_BOLD, FALSE }, { 0x1D608, STYLE_PLAIN, FALSE }, { 0x1D63C, STYLE_BOLD, FALSE },
    { 0x1D670, STYLE_PLAIN, FALSE },
  };

  *style = STYLE_PLAIN;
  if (cp < 0x80)
    return g_ascii_isalnum (cp) ? cp : 0;
  for (gsize i = 0; i < G_N_ELEMENTS (letterlike); i++)
    if (letterlike[i].cp == cp)
      {
        *style = letterlike[i].struck ? STYLE_STRUCK : STYLE_PLAIN;
        return (gunichar) letterlike[i].letter;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (cp >= blocks[i].start && cp < blocks[i].start + 52)
      {
        guint k = cp - blocks[i].start;
        *style = blocks[i].style;
        return k < 26 ? 'A' + k : 'a' + (k - 26);
      }
  if (cp >= 0x1D7CE && cp <= 0x1D7FF)
    {
      *style = cp < 0x1D7D8 ? STYLE_BOLD : cp < 0x1D7E2 ? STYLE_STRUCK : STYLE_PLAIN;
      return '0' + (cp - 0x1D7CE) % 10;
    }
  return 0;
}

/* Greek, upright (U+0391…) or from the five Mathematical Greek alphabets. */
static const char *
greek_name (gunichar cp)
{
  if (cp >= 0x0391 && cp <= 0x03A9)
    return greek_upper[cp - 0x0391];
  if (cp >= 0x03B1 && cp <= 0x03C9)
    return greek_lower[cp - 0x03B1];
  for (gunichar start = 0x1D6A8; start <= 0x1D790; start += 0x3A)
    if (cp >= start && cp < start + 0x3A)
      {
        guint k = cp - start;   /* 25 capitals, ∇, 25 small letters, 7 variants */
        if (k < 25)
          return greek_upper[k];
        if (k >= 26 && k < 51)
          return greek_lower[k - 26];
        if (k >= 51)
          return greek_variants[k - 51];
        return NULL;
      }
  return NULL;
}

/* Words for the symbols the book's formulas use; NULL for a symbol whose
 * meaning the walk decides (brackets) or that has no word. */
static const char *
symbol_words (gunichar cp, Ctx ctx)
{
  switch (cp)
    {
    case '+': return C_("math speech", "plus");
    case 0x2212: return C_("math speech", "minus");
    case 0x00B1: return C_("math speech", "plus or minus");
    case '=': return C_("math speech", "equals");
    case '<': return C_("math speech", "is less than");
    case '>': return C_("math speech", "is greater than");
    case 0x2264: return C_("math speech", "is less than or equal to");
    case 0x2265: return C_("math speech", "is greater than or equal to");
    case 0x2260: return C_("math speech", "is not equal to");
    case 0x2248: return C_("math speech", "is approximately");
    case 0x223C: return C_("math speech", "is distributed as");
    case 0x2261: return C_("math speech", "is identical to");
    case 0x221D: return C_("math speech", "is proportional to");
    case 0x2254: case 0x225C: return C_("math speech", "is defined as");
    case 0x226A: return C_("math speech", "is much less than");
    case 0x226B: return C_("math speech", "is much greater than");
    case 0x22C5: return C_("math speech", "dot");
    case 0x00D7: return ctx.by ? C_("math speech", "by") : C_("math speech", "times");
    case 0x2217: return C_("math speech", "star");
    case 0x2218: return C_("math speech", "composed with");
    case 0x2299: return C_("math speech", "element-wise times");
    case 0x2295: return C_("math speech", "direct sum");
    case 0x2297: return C_("math speech", "tensor product");
    case 0x00F7: case '/': return C_("math speech", "divided by");
    case 0x2192: return C_("math speech", "to");
    case 0x21A6: return C_("math speech", "maps to");
    case 0x21D2: case 0x27F9: return C_("math speech", "implies");
    case 0x2208: return C_("math speech", "in");
    case 0x2209: return C_("math speech", "not in");
    case 0x2282: case 0x2286: return C_("math speech", "is a subset of");
    case 0x222A: return C_("math speech", "union");
    case 0x2229: return C_("math speech", "intersection");
    case 0x2211: return C_("math speech", "the sum");
    case 0x220F: return C_("math speech", "the product");
    case 0x222B: return C_("math speech", "the integral");
    case 0x221E: return C_("math speech", "infinity");
    case 0x1D715: case 0x2202: return C_("math speech", "partial");
    case 0x2207: return C_("math speech", "nabla");
    case 0x2026: case 0x22EF: return C_("math speech", "dot dot dot");
    case 0x22EE: return C_("math speech", "vertical dots");
    case 0x22F1: return C_("math speech", "diagonal dots");
    case 0x22A4: return C_("math speech", "transpose");
    case 0x2032: return C_("math speech", "prime");
    case 0x2113: return "l";
    case 0x2200: return C_("math speech", "for all");
    case 0x2203: return C_("math speech", "there exists");
    case 0x2205: return C_("math speech", "the empty set");
    case '!': return C_("math speech", "factorial");
    case ':': return C_("math speech", "colon");
    case '|': case 0x2223: return C_("math speech", "vertical bar");
    case 0x2016: return C_("math speech", "double vertical bar");
    case '(': return C_("math speech", "open paren");
    case ')': return C_("math speech", "close paren");
    case '[': return C_("math speech", "open bracket");
    case ']': return C_("math speech", "close bracket");
    case '{': return C_("math speech", "open brace");
    case '}': return C_("math speech", "close brace");
    case 0x27E8: return C_("math speech", "open angle");
    case 0x27E9: return C_("math speech", "close angle");
    case 0x230A: return C_("math speech", "floor of");
    case 0x2308: return C_("math speech", "ceiling of");
    case 0x230B: case 0x2309: return C_("math speech", "end");
    case ',': return ",";
    case ';': return ";";
    case '.': return C_("math speech", "point");
    default: return NULL;
    }
}

static char *
char_words (gunichar cp, Ctx ctx)
{
  LetterStyle style;
  gunichar letter = plain_letter (cp, &style);
  const char *words;

  if (letter)
    {
      char s[2] = { (char) letter, 0 };
      if (style == STYLE_BOLD)
        return g_strdup_printf (C_("math speech", "bold %s"), s);
      if (style == STYLE_STRUCK)
        return g_strdup_printf (C_("math speech", "double-struck %s"), s);
      return g_strdup (s);
    }
  if ((words = greek_name (cp)))
    return g_strdup (words);
  if ((words = symbol_words (cp, ctx)))
    return g_strdup (words);
  {
    /* Anything else: the character itself, for the reader's own voice. */
    char buf[8] = { 0 };
    g_unichar_to_utf8 (cp, buf);
    return g_strdup (buf);
  }
}

/* ---- shapes of the tree ----------------------------------------------------- */

static gboolean
is_digit (const AbNode *n)
{
  LetterStyle style;
  gunichar c;

  if (n->kind != AB_NODE_CHAR)
    return FALSE;
  c = plain_letter (n->cp, &style);
  return c >= '0' && c <= '9';
}

static gboolean
has_scripts (const AbNode *n)
{
  return n->sub || n->sup;
}

/* A group of one thing stands for that thing. */
static const AbNode *
unwrap (const AbNode *n)
{
  while (n && n->kind == AB_NODE_LIST && n->first && !n->first->next && !has_scripts (n))
    n = n->first;
  return n;
}

static gboolean
is_char (const AbNode *n, gunichar cp)
{
  n = unwrap (n);
  return n && n->kind == AB_NODE_CHAR && n->cp == cp && !has_scripts (n);
}

static guint
n_items (const AbNode *n)
{
  guint count = 0;

  n = unwrap (n);
  if (n == NULL)
    return 0;
  if (n->kind != AB_NODE_LIST)
    return 1;
  for (const AbNode *c = n->first; c; c = c->next)
    if (c->kind != AB_NODE_SPACE && c->kind != AB_NODE_PHANTOM)
      count++;
  return count;
}

/* Short enough to say without brackets: a number, a letter with a plain
 * script, one thing. Fractions and lists of several things are not. */
static gboolean
is_simple (const AbNode *n)
{
  n = unwrap (n);
  if (n == NULL)
    return TRUE;
  if (n->kind == AB_NODE_LIST && !has_scripts (n))
    {
      for (const AbNode *c = n->first; c; c = c->next)
        if (!is_digit (c) || has_scripts (c))
          return FALSE;
      return TRUE;   /* a number */
    }
  if (n->kind == AB_NODE_FRAC || n->kind == AB_NODE_ARRAY || n->kind == AB_NODE_FENCED)
    return FALSE;
  return (!n->sub || is_simple (n->sub)) && (!n->sup || is_simple (n->sup));
}

/* Up to three things, no fraction inside: "q dot k" can be a numerator. */
static gboolean
is_short (const AbNode *n)
{
  const AbNode *u = unwrap (n);

  if (u == NULL || u->kind != AB_NODE_LIST)
    return u == NULL || u->kind != AB_NODE_FRAC;
  if (n_items (u) > 3)
    return FALSE;
  for (const AbNode *c = u->first; c; c = c->next)
    if (c->kind == AB_NODE_FRAC || c->kind == AB_NODE_ARRAY)
      return FALSE;
  return TRUE;
}

static gboolean
is_struck (const AbNode *n)
{
  LetterStyle style;

  /* \mathbb{R}^{…}: the script sits on the group around the letter. */
  if (n && n->kind == AB_NODE_LIST && n->first && !n->first->next)
    n = n->first;
  n = unwrap (n);
  return n && n->kind == AB_NODE_CHAR && plain_letter (n->cp, &style) && style == STYLE_STRUCK;
}

/* ---- words ---------------------------------------------------------------------- */

/* Operator names said as words (\operatorname{Var}, \exp …); others as written. */
static char *
operator_words (const char *text)
{
  static const struct { const char *name; const char *words; } names[] = {
    { "Var", NC_("math speech", "variance") }, { "var", NC_("math speech", "variance") },
    { "Cov", NC_("math speech", "covariance") }, { "E", NC_("math speech", "expected value") },
    { "exp", NC_("math speech", "exp") }, { "log", NC_("math speech", "log") },
    { "ln", NC_("math speech", "natural log") }, { "max", NC_("math speech", "max") },
    { "min", NC_("math speech", "min") }, { "arg\u2009max", NC_("math speech", "arg max") },
    { "arg\u2009min", NC_("math speech", "arg min") }, { "det", NC_("math speech", "determinant") },
    { "lim", NC_("math speech", "limit") }, { "sup", NC_("math speech", "supremum") },
    { "inf", NC_("math speech", "infimum") }, { "Pr", NC_("math speech", "probability") },
    { "tr", NC_("math speech", "trace") }, { "rank", NC_("math speech", "rank") },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (trimmed, names[i].name) == 0)
      return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "math speech", names[i].words));
  return g_steal_pointer (&trimmed);
}

static gboolean
is_operator (const AbNode *n)
{
  return n->cls == AB_ATOM_OP;
}

static gboolean
is_big_operator (const AbNode *n)
{
  return n->kind == AB_NODE_CHAR && n->cls == AB_ATOM_OP;
}

/* A superscript's words, joined to the base's. */
static char *
with_sup (char *base, const AbNode *base_node, const AbNode *sup, Ctx ctx)
{
  const AbNode *s = unwrap (sup);
  g_autofree char *words = NULL;
  LetterStyle style;
  char *out;

  if (is_char (sup, '2'))
    out = g_strdup_printf (C_("math speech", "%s squared"), base);
  else if (is_char (sup, '3'))
    out = g_strdup_printf (C_("math speech", "%s cubed"), base);
  else if (is_char (sup, 0x22A4) || (s && s->kind == AB_NODE_CHAR && !has_scripts (s) &&
                                     plain_letter (s->cp, &style) == 'T'))
    out = g_strdup_printf (C_("math speech", "%s transpose"), base);
  else if (s && s->kind == AB_NODE_LIST && n_items (s) == 2 && is_char (s->first, 0x2212) &&
           is_char (s->first->next, '1'))
    out = g_strdup_printf (C_("math speech", "%s inverse"), base);
  else if (sup->kind == AB_NODE_LIST && sup->flag == 1)   /* primes only */
    out = g_strdup_printf (n_items (sup) == 1 ? C_("math speech", "%s prime")
                                            : C_("math speech", "%s double prime"), base);
  else
    {
      Ctx inner = ctx;
      inner.by = is_struck (base_node);
      words = speak (sup, inner);
      if (is_big_operator (base_node))
        out = g_strdup_printf (C_("math speech", "%s to %s"), base, words);
      else if (is_simple (sup) || inner.by)
        out = g_strdup_printf (C_("math speech", "%s to the %s"), base, words);
      else
        out = g_strdup_printf (C_("math speech", "%s to the power %s, end power,"), base, words);
    }
  g_free (base);
  return out;
}

static char *
with_sub (char *base, const AbNode *base_node, const AbNode *sub, Ctx ctx)
{
  g_autofree char *words = speak (sub, ctx);
  char *out;

  if (is_big_operator (base_node))
    out = g_strdup_printf (C_("math speech", "%s from %s"), base, words);
  else if (is_operator (base_node))   /* \max_j: "max over j" (not a fraction's "over") */
    out = g_strdup_printf (C_("math speech: an operator's subscript", "%s over %s"), base, words);
  else if (is_simple (sub))
    out = g_strdup_printf ("%s %s", base, words);
  else
    out = g_strdup_printf (C_("math speech", "%s sub %s,"), base, words);
  g_free (base);
  return out;
}

static char *
with_scripts (char *base, const AbNode *n, Ctx ctx)
{
  /* Primes read before a subscript's end ("x prime sub i" is rarer than "x i prime"). */
  if (n->sub)
    base = with_sub (base, n, n->sub, ctx);
  if (n->sup)
    base = with_sup (base, n, n->sup, ctx);
  if (is_big_operator (n))
    {
      char *of = g_strdup_printf (C_("math speech", "%s of"), base);
      g_free (base);
      base = of;
    }
  return base;
}

static char *
speak_fenced (const AbNode *n, gboolean argument, Ctx ctx)
{
  gunichar open = n->n_delims > 0 ? n->delims[0] : 0;
  gunichar close = n->n_delims > 0 ? n->delims[n->n_delims - 1] : 0;
  g_autoptr (GString) body = g_string_new (NULL);
  const AbNode *only = unwrap (n->first);

  /* \binom{n}{k}: a rule-less fraction in parentheses. */
  if (n->first && !n->first->next && only && only->kind == AB_NODE_FRAC && only->amount < 0)
    {
      g_autofree char *a = speak (only->a, ctx), *b = speak (only->b, ctx);
      return g_strdup_printf (C_("math speech", "%s choose %s"), a, b);
    }
  for (const AbNode *seg = n->first; seg; seg = seg->next)
    {
      g_autofree char *words = speak (seg, ctx);
      if (seg != n->first)
        g_string_append (body, C_("math speech", " given "));
      g_string_append (body, words);
    }
  if (open == '|' && close == '|')
    return g_strdup_printf (C_("math speech", "the absolute value of %s,"), body->str);
  if (open == 0x2016 && close == 0x2016)
    return g_strdup_printf (C_("math speech", "the norm of %s,"), body->str);
  if (open == 0x230A)
    return g_strdup_printf (C_("math speech", "the floor of %s,"), body->str);
  if (open == 0x2308)
    return g_strdup_printf (C_("math speech", "the ceiling of %s,"), body->str);
  if (argument && open == '(')
    return g_strdup_printf (C_("math speech", "of %s,"), body->str);
  {
    g_autofree char *o = open ? char_words (open, ctx) : g_strdup ("");
    g_autofree char *c = close ? char_words (close, ctx) : g_strdup ("");
    return g_strdup_printf ("%s %s %s", o, body->str, c);
  }
}

static char *
speak_array (const AbNode *n, Ctx ctx)
{
  g_autoptr (GString) rows = g_string_new (NULL);

  for (int r = 0; r < n->rows; r++)
    {
      g_autoptr (GString) row = g_string_new (NULL);
      for (int c = 0; c < n->cols; c++)
        {
          const AbNode *cell = n->cells[r * n->cols + c];
          g_autofree char *words = cell ? speak (cell, ctx) : g_strdup ("");
          if (c > 0 && *words)
            g_string_append (row, ", ");
          g_string_append (row, words);
        }
      if (n->env == AB_ENV_ALIGNED || n->env == AB_ENV_CASES)
        g_string_append_printf (rows, "%s; ", row->str);
      else
        {
          g_autofree char *line = g_strdup_printf (C_("math speech", "row %d: %s; "), r + 1, row->str);
          g_string_append (rows, line);
        }
    }
  switch (n->env)
    {
    case AB_ENV_ALIGNED:
      return g_strdup (rows->str);
    case AB_ENV_CASES:
      return g_strdup_printf (C_("math speech", "cases: %s end cases,"), rows->str);
    default:
      return g_strdup_printf (C_("math speech", "the %d by %d matrix, %s end matrix,"), n->rows, n->cols,
                              rows->str);
    }
}

static char *
speak_accent (const AbNode *n, Ctx ctx)
{
  g_autofree char *body = speak (n->a, ctx);

  switch (n->cp)
    {
    case 0x0302: return g_strdup_printf (C_("math speech", "%s hat"), body);
    case 0x0303: return g_strdup_printf (C_("math speech", "%s tilde"), body);
    case 0x0304: return g_strdup_printf (C_("math speech", "%s bar"), body);
    case 0x0307: return g_strdup_printf (C_("math speech", "%s dot"), body);
    case 0x0308: return g_strdup_printf (C_("math speech", "%s double dot"), body);
    case 0x20D7: case 0x2192: return g_strdup_printf (C_("math speech", "vector %s"), body);
    default: return g_steal_pointer (&body);
    }
}

/* One node without its scripts. */
static char *
speak_bare (const AbNode *n, Ctx ctx)
{
  switch (n->kind)
    {
    case AB_NODE_LIST:
      return speak_items (n->first, ctx);
    case AB_NODE_CHAR:
      return char_words (n->cp, ctx);
    case AB_NODE_TEXT:
      return n->cls == AB_ATOM_OP ? operator_words (n->text) : g_strstrip (g_strdup (n->text));
    case AB_NODE_FRAC:
      {
        g_autofree char *a = speak (n->a, ctx), *b = speak (n->b, ctx);
        if (n->amount < 0)
          return g_strdup_printf (C_("math speech", "%s choose %s"), a, b);
        if (is_short (n->a) && is_short (n->b))
          return g_strdup_printf (C_("math speech", "%s over %s"), a, b);
        return g_strdup_printf (C_("math speech", "the fraction %s, over %s, end fraction,"), a, b);
      }
    case AB_NODE_SQRT:
      {
        g_autofree char *a = speak (n->a, ctx);
        gboolean end = !is_short (n->a);
        if (n->b == NULL)
          return g_strdup_printf (end ? C_("math speech", "the square root of %s, end root,")
                                      : C_("math speech", "the square root of %s"), a);
        if (is_char (n->b, '3'))
          return g_strdup_printf (end ? C_("math speech", "the cube root of %s, end root,")
                                      : C_("math speech", "the cube root of %s"), a);
        {
          g_autofree char *index = speak (n->b, ctx);
          return g_strdup_printf (C_("math speech", "the %s-th root of %s, end root,"), index, a);
        }
      }
    case AB_NODE_ACCENT:
      return speak_accent (n, ctx);
    case AB_NODE_OVERUNDER:
      {
        g_autofree char *a = speak (n->a, ctx);
        if (n->flag == 2)
          return g_strdup_printf (C_("math speech", "%s bar"), a);
        return g_steal_pointer (&a);   /* the brace's label is a script: "… over/from …" */
      }
    case AB_NODE_FENCED:
      return speak_fenced (n, FALSE, ctx);
    case AB_NODE_ARRAY:
      return speak_array (n, ctx);
    case AB_NODE_STACK:
      {
        g_autofree char *a = speak (n->a, ctx), *b = speak (n->b, ctx);
        return g_strdup_printf (n->flag ? C_("math speech", "%s with %s below")
                                        : C_("math speech", "%s with %s above"), a, b);
      }
    case AB_NODE_BOXED:
    case AB_NODE_COLOR:
    case AB_NODE_STYLE:
      return n->a ? speak (n->a, ctx) : g_strdup ("");
    case AB_NODE_BIGDELIM:
      return char_words (n->cp, ctx);
    case AB_NODE_SPACE:
    case AB_NODE_PHANTOM:
    default:
      return g_strdup ("");
    }
}

static char *
speak (const AbNode *n, Ctx ctx)
{
  char *base;

  if (n == NULL)
    return g_strdup ("");
  base = speak_bare (n, ctx);
  if (n->kind == AB_NODE_OVERUNDER && (n->sub || n->sup))
    {
      /* \underbrace{…}_{label}: "…, labelled …". */
      g_autofree char *label = speak (n->sub ? n->sub : n->sup, ctx);
      char *out = g_strdup_printf (C_("math speech", "%s, labelled %s,"), base, label);
      g_free (base);
      return out;
    }
  return with_scripts (base, n, ctx);
}

/* A list: numbers read as numbers ("128", not "1 2 8"), an operator name
 * takes the parentheses after it as its argument, and a bracketed group
 * followed by a letter is a product ("…, times V"). */
static char *
speak_items (const AbNode *first, Ctx ctx)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GArray) silent = g_array_new (FALSE, FALSE, sizeof (gboolean));   /* per open '(' */
  const AbNode *prev = NULL;

  for (const AbNode *c = first; c; c = c->next)
    {
      g_autofree char *words = NULL;

      if (c->kind == AB_NODE_SPACE || c->kind == AB_NODE_PHANTOM)
        continue;
      if (is_digit (c))
        {
          /* Gather the number; a script on its last digit is the number's. */
          g_autoptr (GString) number = g_string_new (NULL);
          const AbNode *last = c;
          LetterStyle style;
          for (const AbNode *d = c; d; d = d->next)
            {
              gboolean point = d->kind == AB_NODE_CHAR && d->cp == '.' && d->next && is_digit (d->next);
              if (!is_digit (d) && !point)
                break;
              g_string_append_c (number, point ? '.' : (char) plain_letter (d->cp, &style));
              last = d;
              if (has_scripts (d))
                break;
            }
          words = with_scripts (g_strdup (number->str), last, ctx);
          c = last;
        }
      else if (c->kind == AB_NODE_FENCED && prev && is_operator (prev) && !has_scripts (c))
        words = speak_fenced (c, TRUE, ctx);
      else if (c->kind == AB_NODE_CHAR && c->cp == '(' && !has_scripts (c))
        {
          gboolean argument = prev && is_operator (prev);
          g_array_append_val (silent, argument);
          words = g_strdup (argument ? C_("math speech", "of") : C_("math speech", "open paren"));
        }
      else if (c->kind == AB_NODE_CHAR && c->cp == ')' && silent->len > 0)
        {
          gboolean argument = g_array_index (silent, gboolean, silent->len - 1);
          g_array_set_size (silent, silent->len - 1);
          words = with_scripts (g_strdup (argument ? "," : C_("math speech", "close paren")), c, ctx);
        }
      else
        {
          words = speak (c, ctx);
          if (prev && prev->kind == AB_NODE_FENCED && c->cls == AB_ATOM_ORD && c->kind != AB_NODE_FENCED)
            {
              char *times = g_strdup_printf (C_("math speech", "times %s"), words);
              g_free (words);
              words = times;
            }
        }
      if (*words)
        {
          if (out->len > 0 && words[0] != ',' && words[0] != ';')
            g_string_append_c (out, ' ');
          g_string_append (out, words);
        }
      prev = c;
    }
  return g_strdup (out->str);
}

/* ---- tidy ------------------------------------------------------------------------ */

/* One space between words, none before a comma, no doubled or trailing
 * pauses: what the nesting leaves behind. */
static char *
tidy (const char *words)
{
  GString *out = g_string_new (NULL);

  for (const char *p = words; *p; p++)
    {
      char c = *p;
      if (c == ' ')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (c == ',' || c == ';')
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          if (out->len == 0 || out->str[out->len - 1] == ',' || out->str[out->len - 1] == ';')
            {
              if (c == ';' && out->len > 0)
                out->str[out->len - 1] = ';';
              continue;
            }
        }
      g_string_append_c (out, c);
    }
  while (out->len > 0 && strchr (" ,;", out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && strchr (" ,;", out->str[0]))
    g_string_erase (out, 0, 1);
  return g_string_free (out, FALSE);
}

char *
ab_math_to_speech (const char *tex, GError **error)
{
  g_autofree char *words = NULL;
  AbArena *arena;
  AbNode *root;

  g_return_val_if_fail (tex != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  arena = ab_arena_new ();
  root = ab_math_parse (arena, tex, error);
  if (root == NULL)
    {
      ab_arena_free (arena);
      return NULL;
    }
  words = speak (root, (Ctx) { FALSE });
  ab_arena_free (arena);
  return tidy (words);
}

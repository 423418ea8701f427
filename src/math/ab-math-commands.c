/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-commands.c — what each control word and character builds.
 *
 * The core reader (ab-math-parse.c) hands every '\name' and plain character
 * here. Keeping the dispatch in one table-driven file makes the supported
 * subset easy to audit: anything not listed is an error naming the command,
 * never silently dropped output. */
#define G_LOG_DOMAIN "ab-math-commands"

#include <string.h>
#include "ab-math-parse-private.h"

static const struct { const char *name; double mu; } spaces[] = {
  { ",", 3 }, { "thinspace", 3 }, { ":", 4 }, { ">", 4 }, { "medspace", 4 },
  { ";", 5 }, { "thickspace", 5 }, { "!", -3 }, { "negthinspace", -3 },
  { " ", 6 }, { "quad", 18 }, { "qquad", 36 }, { "enspace", 9 },
};

static const struct { const char *name; gunichar cp; int stretch; } accents[] = {
  { "hat", 0x0302, 0 }, { "widehat", 0x0302, 1 }, { "tilde", 0x0303, 0 },
  { "widetilde", 0x0303, 1 }, { "bar", 0x0304, 0 }, { "vec", 0x20D7, 0 },
  { "dot", 0x0307, 0 }, { "ddot", 0x0308, 0 }, { "check", 0x030C, 0 },
  { "widecheck", 0x030C, 1 }, { "breve", 0x0306, 0 }, { "acute", 0x0301, 0 },
  { "grave", 0x0300, 0 }, { "mathring", 0x030A, 0 },
  { "overrightarrow", 0x2192, 2 }, { "overleftarrow", 0x2190, 2 },
  { "overleftrightarrow", 0x2194, 2 },
};

static const struct { const char *name; int variant; } alphabets[] = {
  { "mathrm", AB_VARIANT_RM }, { "mathup", AB_VARIANT_RM }, { "mathbf", AB_VARIANT_BF },
  { "mathit", AB_VARIANT_IT }, { "mathbb", AB_VARIANT_BB }, { "mathcal", AB_VARIANT_CAL },
  { "mathscr", AB_VARIANT_CAL }, { "mathsf", AB_VARIANT_SF }, { "mathtt", AB_VARIANT_TT },
  { "boldsymbol", AB_VARIANT_BOLDSYMBOL }, { "bm", AB_VARIANT_BOLDSYMBOL },
};

static const struct { const char *name; int variant; } texts[] = {
  { "text", AB_VARIANT_RM }, { "textrm", AB_VARIANT_RM }, { "textnormal", AB_VARIANT_RM },
  { "mbox", AB_VARIANT_RM }, { "textup", AB_VARIANT_RM }, { "textbf", AB_VARIANT_BF },
  { "textit", AB_VARIANT_IT }, { "textsf", AB_VARIANT_SF }, { "texttt", AB_VARIANT_TT },
};

static const struct { const char *name; AbAtomClass cls; } classes[] = {
  { "mathord", AB_ATOM_ORD }, { "mathop", AB_ATOM_OP }, { "mathbin", AB_ATOM_BIN },
  { "mathrel", AB_ATOM_REL }, { "mathopen", AB_ATOM_OPEN }, { "mathclose", AB_ATOM_CLOSE },
  { "mathpunct", AB_ATOM_PUNCT }, { "mathinner", AB_ATOM_INNER },
};

static const struct { const char *name; double size; AbAtomClass cls; } bigs[] = {
  { "big", 1.2, AB_ATOM_ORD }, { "bigl", 1.2, AB_ATOM_OPEN }, { "bigr", 1.2, AB_ATOM_CLOSE },
  { "bigm", 1.2, AB_ATOM_REL }, { "Big", 1.8, AB_ATOM_ORD }, { "Bigl", 1.8, AB_ATOM_OPEN },
  { "Bigr", 1.8, AB_ATOM_CLOSE }, { "Bigm", 1.8, AB_ATOM_REL }, { "bigg", 2.4, AB_ATOM_ORD },
  { "biggl", 2.4, AB_ATOM_OPEN }, { "biggr", 2.4, AB_ATOM_CLOSE }, { "biggm", 2.4, AB_ATOM_REL },
  { "Bigg", 3.0, AB_ATOM_ORD }, { "Biggl", 3.0, AB_ATOM_OPEN }, { "Biggr", 3.0, AB_ATOM_CLOSE },
  { "Biggm", 3.0, AB_ATOM_REL },
};

/* Styles as 2·level + cramped: D=0, T=2, S=4, SS=6 (see ab-math-layout.c). */
static const struct { const char *name; int style; } styles[] = {
  { "displaystyle", 0 }, { "textstyle", 2 }, { "scriptstyle", 4 }, { "scriptscriptstyle", 6 },
};

static const struct { const char *name; guint32 rgb; } colors[] = {
  { "black", 0x000000 }, { "blue", 0x0000ff }, { "brown", 0xbf8040 }, { "cyan", 0x00ffff },
  { "darkgray", 0x404040 }, { "gray", 0x808080 }, { "green", 0x00a000 }, { "grey", 0x808080 },
  { "lightgray", 0xbfbfbf }, { "lime", 0xbfff00 }, { "magenta", 0xff00ff }, { "olive", 0x808000 },
  { "orange", 0xff8000 }, { "pink", 0xffbfbf }, { "purple", 0xbf0040 }, { "red", 0xff0000 },
  { "teal", 0x008080 }, { "violet", 0x800080 }, { "white", 0xffffff }, { "yellow", 0xffff00 },
};

gboolean
ab_math_parse_color (const char *spec, double rgb[3])
{
  g_return_val_if_fail (spec != NULL, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (colors); i++)
    if (g_ascii_strcasecmp (spec, colors[i].name) == 0)
      {
        rgb[0] = ((colors[i].rgb >> 16) & 0xff) / 255.0;
        rgb[1] = ((colors[i].rgb >> 8) & 0xff) / 255.0;
        rgb[2] = (colors[i].rgb & 0xff) / 255.0;
        return TRUE;
      }
  const char *h = spec[0] == '#' ? spec + 1 : spec;
  if (strlen (h) != 6)
    return FALSE;
  for (int i = 0; i < 6; i++)
    if (!g_ascii_isxdigit (h[i]))
      return FALSE;
  for (int i = 0; i < 3; i++)
    rgb[i] = (g_ascii_xdigit_value (h[2 * i]) * 16 + g_ascii_xdigit_value (h[2 * i + 1])) / 255.0;
  return TRUE;
}

/* Wraps a node so a class or script change does not alter a shared child. */
static AbNode *
wrap (Parser *p, AbNode *child, AbAtomClass cls, int start)
{
  AbNode *n = ab_parse_node_new (p, AB_NODE_LIST, cls, start);
  ab_parse_list_append (n, child);
  return n;
}

static AbNode *
parse_color (Parser *p, int start, gboolean switch_allowed)
{
  ab_parse_skip_space (p);
  gboolean html = FALSE;
  if (p->pos < p->len && p->src[p->pos] == '[')
    {
      /* \color[HTML]{FF8000}: the only model worth supporting here. */
      if (strncmp (p->src + p->pos, "[HTML]", 6) != 0)
        return ab_parse_fail (p, p->pos, "only the [HTML] colour model is supported");
      p->pos += 6;
      html = TRUE;
    }
  int spec_at = p->pos;
  const char *spec = ab_parse_read_braced_raw (p, FALSE);
  if (!spec)
    return NULL;
  AbNode *n = ab_parse_node_new (p, AB_NODE_COLOR, AB_ATOM_ORD, start);
  if ((html && strlen (spec) != 6) || !ab_math_parse_color (g_strstrip ((char *) spec), n->rgb))
    return ab_parse_fail (p, spec_at, "unknown colour '%s'", spec);
  ab_parse_skip_space (p);
  /* \color{c}{x} (MathJax style) colours the group; a bare \color{c} colours
   * the rest of the enclosing list, as in LaTeX. */
  if (p->pos < p->len && p->src[p->pos] == '{')
    n->a = ab_parse_group (p);
  else if (switch_allowed)
    {
      n->flag = 1;   /* switch: the body is the rest of the list */
      n->a = ab_parse_list (p);
    }
  else
    n->a = ab_parse_arg (p, "\\textcolor");
  return n->a ? n : NULL;
}

static AbNode *
make_text (Parser *p, int start, int variant, AbAtomClass cls)
{
  const char *body = ab_parse_read_braced_raw (p, TRUE);
  if (!body)
    return NULL;
  AbNode *n = ab_parse_node_new (p, AB_NODE_TEXT, cls, start);
  n->text = body;
  n->flag = variant;
  return n;
}

static AbNode *
parse_sqrt (Parser *p, int start)
{
  AbNode *n = ab_parse_node_new (p, AB_NODE_SQRT, AB_ATOM_ORD, start);
  ab_parse_skip_space (p);
  if (p->pos < p->len && p->src[p->pos] == '[')
    {
      int open = p->pos++;
      p->in_bracket++;
      n->b = ab_parse_list (p);
      gboolean closed = n->b && ab_parse_peek_terminator (p) == TERM_RBRACKET;
      p->in_bracket--;
      if (!n->b)
        return NULL;
      if (!closed)
        return ab_parse_fail (p, open, "missing ']' for \\sqrt index");
      p->pos++;
    }
  /* A ']' inside the radicand is an ordinary character again. */
  int saved = p->in_bracket;
  p->in_bracket = 0;
  n->a = ab_parse_arg (p, "\\sqrt");
  p->in_bracket = saved;
  return n->a ? n : NULL;
}

static AbNode *
parse_binom (Parser *p, int start, int style)
{
  AbNode *frac = ab_parse_node_new (p, AB_NODE_FRAC, AB_ATOM_ORD, start);
  frac->flag = style;
  frac->amount = -1;   /* no rule */
  if (!(frac->a = ab_parse_arg (p, "\\binom")) || !(frac->b = ab_parse_arg (p, "\\binom")))
    return NULL;
  AbNode *n = ab_parse_node_new (p, AB_NODE_FENCED, AB_ATOM_INNER, start);
  ab_parse_list_append (n, wrap (p, frac, AB_ATOM_ORD, start));
  n->n_delims = 2;
  n->delims = ab_arena_alloc (p->arena, 2 * sizeof (gunichar));
  n->delims[0] = '(';
  n->delims[1] = ')';
  return n;
}

/* \not before a relation: the precomposed negated symbol where Unicode
 * has one (TeX overstrikes a slash; the font's own glyph looks better). */
static AbNode *
parse_not (Parser *p, int start)
{
  static const struct { gunichar base, negated; } pairs[] = {
    { '=', 0x2260 }, { '<', 0x226E }, { '>', 0x226F }, { 0x2208, 0x2209 }, { 0x2264, 0x2270 },
    { 0x2265, 0x2271 }, { 0x2261, 0x2262 }, { 0x223C, 0x2241 }, { 0x2248, 0x2249 },
    { 0x2282, 0x2284 }, { 0x2283, 0x2285 }, { 0x2286, 0x2288 }, { 0x2287, 0x2289 },
    { 0x2223, 0x2224 }, { 0x2225, 0x2226 }, { 0x2243, 0x2244 }, { 0x220B, 0x220C },
  };
  ab_parse_skip_space (p);
  int at = p->pos;
  AbNode *rel = ab_parse_arg (p, "\\not");
  if (!rel)
    return NULL;
  if (rel->kind == AB_NODE_CHAR)
    for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
      if (rel->cp == pairs[i].base)
        {
          rel->cp = pairs[i].negated;
          rel->cls = AB_ATOM_REL;
          return rel;
        }
  return ab_parse_fail (p, at, "\\not cannot negate this symbol");
}

/* \hspace{1em}: em, ex, pt (of 10pt type, as LaTeX's sizes assume) or mu. */
static AbNode *
parse_hspace (Parser *p, int start)
{
  int at = p->pos;
  const char *dim = ab_parse_read_braced_raw (p, FALSE);
  if (!dim)
    return NULL;
  char *end;
  double v = g_ascii_strtod (dim, &end);
  while (*end == ' ')
    end++;
  double mu;
  if (g_str_equal (end, "em")) mu = v * 18;
  else if (g_str_equal (end, "ex")) mu = v * 18 * 0.431;
  else if (g_str_equal (end, "pt")) mu = v * 1.8;
  else if (g_str_equal (end, "mu")) mu = v;
  else
    return ab_parse_fail (p, at, "bad length '%s' (want em, ex, pt or mu)", dim);
  if (!(mu > -1000 && mu < 1000))
    return ab_parse_fail (p, at, "length '%s' out of range", dim);
  AbNode *n = ab_parse_node_new (p, AB_NODE_SPACE, AB_ATOM_NONE, start);
  n->amount = mu;
  return n;
}

AbNode *
ab_parse_command (Parser *p)
{
  int start;
  g_autofree char *name = ab_parse_read_command (p, &start);
  if (!name)
    return NULL;
  AbNode *n;

  for (gsize i = 0; i < G_N_ELEMENTS (spaces); i++)
    if (strcmp (name, spaces[i].name) == 0)
      {
        n = ab_parse_node_new (p, AB_NODE_SPACE, AB_ATOM_NONE, start);
        n->amount = spaces[i].mu;
        return n;
      }
  if (strcmp (name, "frac") == 0 || strcmp (name, "dfrac") == 0 || strcmp (name, "tfrac") == 0 ||
      strcmp (name, "cfrac") == 0)
    {
      /* TeX spaces a fraction as an Inner atom. */
      n = ab_parse_node_new (p, AB_NODE_FRAC, AB_ATOM_INNER, start);
      n->flag = name[0] == 'd' || name[0] == 'c' ? 1 : name[0] == 't' ? 2 : 0;
      g_autofree char *what = g_strdup_printf ("\\%s", name);
      if (!(n->a = ab_parse_arg (p, what)) || !(n->b = ab_parse_arg (p, what)))
        return NULL;
      return n;
    }
  if (strcmp (name, "binom") == 0) return parse_binom (p, start, 0);
  if (strcmp (name, "dbinom") == 0) return parse_binom (p, start, 1);
  if (strcmp (name, "tbinom") == 0) return parse_binom (p, start, 2);
  if (strcmp (name, "sqrt") == 0) return parse_sqrt (p, start);
  if (strcmp (name, "not") == 0) return parse_not (p, start);
  if (strcmp (name, "hspace") == 0) return parse_hspace (p, start);
  if (strcmp (name, "phantom") == 0 || strcmp (name, "hphantom") == 0 || strcmp (name, "vphantom") == 0)
    {
      n = ab_parse_node_new (p, AB_NODE_PHANTOM, AB_ATOM_ORD, start);
      n->flag = name[0] == 'h' ? 1 : name[0] == 'v' ? 2 : 0;
      return (n->a = ab_parse_arg (p, "\\phantom")) ? n : NULL;
    }
  if (strcmp (name, "overset") == 0 || strcmp (name, "underset") == 0 || strcmp (name, "stackrel") == 0)
    {
      /* \overset{over}{base}: the result spaces like its base (= stays a Rel). */
      n = ab_parse_node_new (p, AB_NODE_STACK, AB_ATOM_ORD, start);
      n->flag = name[0] == 'u';
      g_autofree char *what = g_strdup_printf ("\\%s", name);
      if (!(n->b = ab_parse_arg (p, what)) || !(n->a = ab_parse_arg (p, what)))
        return NULL;
      AbNode *base = n->a;
      if (base->kind == AB_NODE_LIST && base->first && !base->first->next)
        base = base->first;
      n->cls = base->cls == AB_ATOM_NONE ? AB_ATOM_ORD : base->cls;
      return n;
    }
  if (strcmp (name, "left") == 0) return ab_parse_fenced (p, start);
  if (strcmp (name, "begin") == 0) return ab_parse_environment (p, start);
  if (strcmp (name, "color") == 0) return parse_color (p, start, TRUE);
  if (strcmp (name, "textcolor") == 0) return parse_color (p, start, FALSE);
  if (strcmp (name, "boxed") == 0)
    {
      n = ab_parse_node_new (p, AB_NODE_BOXED, AB_ATOM_ORD, start);
      return (n->a = ab_parse_arg (p, "\\boxed")) ? n : NULL;
    }
  if (strcmp (name, "operatorname") == 0)
    {
      gboolean star = p->pos < p->len && p->src[p->pos] == '*';
      p->pos += star;
      n = make_text (p, start, AB_VARIANT_RM, AB_ATOM_OP);
      if (n)
        n->limits = star ? 2 : 0;
      return n;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (strcmp (name, texts[i].name) == 0)
      return make_text (p, start, texts[i].variant, AB_ATOM_ORD);
  for (gsize i = 0; i < G_N_ELEMENTS (alphabets); i++)
    if (strcmp (name, alphabets[i].name) == 0)
      {
        g_autofree char *what = g_strdup_printf ("\\%s", name);
        /* The letters were mapped while reading: the group itself is the atom. */
        return ab_parse_arg_variant (p, what, alphabets[i].variant);
      }
  for (gsize i = 0; i < G_N_ELEMENTS (accents); i++)
    if (strcmp (name, accents[i].name) == 0)
      {
        n = ab_parse_node_new (p, AB_NODE_ACCENT, AB_ATOM_ORD, start);
        n->cp = accents[i].cp;
        n->flag = accents[i].stretch;
        g_autofree char *what = g_strdup_printf ("\\%s", name);
        return (n->a = ab_parse_arg (p, what)) ? n : NULL;
      }
  if (strcmp (name, "overbrace") == 0 || strcmp (name, "underbrace") == 0 ||
      strcmp (name, "overline") == 0 || strcmp (name, "underline") == 0)
    {
      n = ab_parse_node_new (p, AB_NODE_OVERUNDER, AB_ATOM_ORD, start);
      gboolean brace = strstr (name, "brace") != NULL;
      n->flag = (name[0] == 'u') + (brace ? 0 : 2);   /* 0 over/1 under brace, 2/3 lines */
      n->cp = !brace ? 0 : name[0] == 'u' ? 0x23DF : 0x23DE;
      n->limits = 1;   /* the label goes under/over the brace in every style */
      if (brace)
        n->cls = AB_ATOM_OP;
      g_autofree char *what = g_strdup_printf ("\\%s", name);
      return (n->a = ab_parse_arg (p, what)) ? n : NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    if (strcmp (name, classes[i].name) == 0)
      {
        g_autofree char *what = g_strdup_printf ("\\%s", name);
        AbNode *arg = ab_parse_arg (p, what);
        if (!arg)
          return NULL;
        n = arg->kind == AB_NODE_LIST ? arg : wrap (p, arg, classes[i].cls, start);
        n->cls = classes[i].cls;
        n->limits = classes[i].cls == AB_ATOM_OP ? 2 : 0;
        return n;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (bigs); i++)
    if (strcmp (name, bigs[i].name) == 0)
      {
        gunichar d = ab_parse_delimiter (p, name);
        if (d == (gunichar) -1)
          return NULL;
        n = ab_parse_node_new (p, AB_NODE_BIGDELIM, bigs[i].cls, start);
        n->cp = d;
        n->amount = bigs[i].size;
        return n;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    if (strcmp (name, styles[i].name) == 0)
      {
        n = ab_parse_node_new (p, AB_NODE_STYLE, AB_ATOM_NONE, start);
        n->flag = styles[i].style;
        return (n->a = ab_parse_list (p)) ? n : NULL;
      }

  gboolean limits;
  const char *opname = ab_math_lookup_operator (name, &limits);
  if (opname)
    {
      n = ab_parse_node_new (p, AB_NODE_TEXT, AB_ATOM_OP, start);
      n->text = opname;
      n->flag = AB_VARIANT_RM;
      n->limits = limits ? 2 : 0;
      return n;
    }
  const AbMathSymbol *sym = ab_math_lookup_symbol (name);
  if (sym)
    {
      n = ab_parse_node_new (p, AB_NODE_CHAR, sym->cls, start);
      n->cp = p->variant == AB_VARIANT_BOLDSYMBOL ? ab_math_map_alphabet (sym->cp, p->variant) : sym->cp;
      /* Integrals keep their scripts beside them; \sum and friends take
       * limits in display style. */
      if (sym->cls == AB_ATOM_OP)
        n->limits = (sym->cp >= 0x222B && sym->cp <= 0x2233) ? 0 : 2;
      return n;
    }
  if (strcmp (name, "right") == 0 || strcmp (name, "middle") == 0 || strcmp (name, "end") == 0)
    return ab_parse_fail (p, start, "\\%s without matching \\%s", name,
                          name[0] == 'e' ? "begin" : "left");
  return ab_parse_fail (p, start, "unknown command \\%s", name);
}

AbNode *
ab_parse_char (Parser *p, int start)
{
  gunichar c = g_utf8_get_char (p->src + p->pos);
  p->pos = g_utf8_next_char (p->src + p->pos) - p->src;
  AbAtomClass cls = AB_ATOM_ORD;
  switch (c)
    {
    case '+': cls = AB_ATOM_BIN; break;
    case '-': cls = AB_ATOM_BIN; c = 0x2212; break;
    case '*': cls = AB_ATOM_BIN; c = 0x2217; break;
    case '=': case '<': case '>': case ':': cls = AB_ATOM_REL; break;
    case ',': case ';': cls = AB_ATOM_PUNCT; break;
    case '(': case '[': cls = AB_ATOM_OPEN; break;
    case ')': case ']': case '!': case '?': cls = AB_ATOM_CLOSE; break;
    case '~':
      {
        AbNode *n = ab_parse_node_new (p, AB_NODE_SPACE, AB_ATOM_NONE, start);
        n->amount = 6;
        return n;
      }
    case '$': case '#':
      return ab_parse_fail (p, start, "'%c' is not allowed in math", (int) c);
    case 0x00B7:
      cls = AB_ATOM_BIN; c = 0x22C5; break;   /* typed middle dot = \cdot */
    case 0x2212: case 0x00D7: case 0x22C5: case 0x00B1:
      cls = AB_ATOM_BIN; break;
    case 0x2211: case 0x220F: case 0x222B:
      {
        /* Typed ∑ ∏ ∫ behave like \sum \prod \int. */
        AbNode *op = ab_parse_node_new (p, AB_NODE_CHAR, AB_ATOM_OP, start);
        op->cp = c;
        op->limits = c == 0x222B ? 0 : 2;
        return op;
      }
    case 0x2264: case 0x2265: case 0x2260: case 0x2248: case 0x2192: case 0x2208: case 0x2261:
      cls = AB_ATOM_REL; break;
    default:
      if (c < 0x20 || c == 0x7f)
        return ab_parse_fail (p, start, "control character U+%04X", c);
      c = ab_math_map_alphabet (c, p->variant);
      break;
    }
  AbNode *n = ab_parse_node_new (p, AB_NODE_CHAR, cls, start);
  n->cp = c;
  return n;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-symbols.c — the command tables of the TeX subset: which Unicode
 * character each control word stands for and which atom class it has (the
 * class drives TeX's inter-atom spacing), plus the math alphabets that map
 * ASCII letters onto the Mathematical Alphanumeric Symbols block, where Latin
 * Modern Math keeps its italic, bold, blackboard and calligraphic letters. */
#define G_LOG_DOMAIN "ab-math-symbols"

#include <string.h>
#include <stdlib.h>
#include "ab-math-private.h"

#define O AB_ATOM_ORD
#define P AB_ATOM_OP
#define B AB_ATOM_BIN
#define R AB_ATOM_REL
#define L AB_ATOM_OPEN
#define C AB_ATOM_CLOSE
#define U AB_ATOM_PUNCT
#define I AB_ATOM_INNER

/* Grouped for reading; sorted once at first use so lookup is a bsearch. */
static AbMathSymbol symbols[] = {
  { "#", '#', O }, { "$", '$', O }, { "%", '%', O }, { "&", '&', O },
  { "Delta", 0x0394, O }, { "Gamma", 0x0393, O }, { "Im", 0x2111, O },
  { "Lambda", 0x039B, O }, { "Leftarrow", 0x21D0, R }, { "Leftrightarrow", 0x21D4, R },
  { "Longleftarrow", 0x27F8, R }, { "Longrightarrow", 0x27F9, R },
  { "Omega", 0x03A9, O }, { "Phi", 0x03A6, O }, { "Pi", 0x03A0, O }, { "Psi", 0x03A8, O },
  { "Re", 0x211C, O }, { "Rightarrow", 0x21D2, R }, { "S", 0x00A7, O },
  { "Sigma", 0x03A3, O }, { "Theta", 0x0398, O }, { "Upsilon", 0x03A5, O },
  { "Vert", 0x2016, O }, { "Xi", 0x039E, O }, { "_", '_', O },
  { "aleph", 0x2135, O }, { "alpha", 0x1D6FC, O }, { "approx", 0x2248, R },
  { "ast", 0x2217, B }, { "backslash", '\\', O }, { "beta", 0x1D6FD, O },
  { "bigcap", 0x22C2, P }, { "bigcup", 0x22C3, P }, { "bigodot", 0x2A00, P },
  { "bigoplus", 0x2A01, P }, { "bigotimes", 0x2A02, P }, { "bigsqcup", 0x2A06, P },
  { "bigvee", 0x22C1, P }, { "bigwedge", 0x22C0, P }, { "bot", 0x22A5, O },
  { "bullet", 0x2219, B }, { "cap", 0x2229, B }, { "cdot", 0x22C5, B },
  { "cdots", 0x22EF, I }, { "chi", 0x1D712, O }, { "circ", 0x2218, B },
  { "colon", ':', U }, { "coloneqq", 0x2254, R }, { "coprod", 0x2210, P },
  { "cup", 0x222A, B }, { "dagger", 0x2020, B }, { "ddots", 0x22F1, I },
  { "delta", 0x1D6FF, O }, { "div", 0x00F7, B }, { "dots", 0x2026, I },
  { "downarrow", 0x2193, R }, { "ell", 0x2113, O }, { "emptyset", 0x2205, O },
  { "epsilon", 0x1D716, O }, { "equiv", 0x2261, R }, { "eta", 0x1D702, O },
  { "exists", 0x2203, O }, { "forall", 0x2200, O }, { "gamma", 0x1D6FE, O },
  { "ge", 0x2265, R }, { "geq", 0x2265, R }, { "gets", 0x2190, R }, { "gg", 0x226B, R },
  { "hbar", 0x210F, O }, { "iff", 0x27FA, R }, { "iiint", 0x222D, P }, { "iint", 0x222C, P },
  { "imath", 0x1D6A4, O }, { "implies", 0x27F9, R }, { "in", 0x2208, R },
  { "infty", 0x221E, O }, { "int", 0x222B, P }, { "iota", 0x1D704, O },
  { "jmath", 0x1D6A5, O }, { "kappa", 0x1D705, O }, { "lambda", 0x1D706, O },
  { "land", 0x2227, B }, { "langle", 0x27E8, L }, { "lbrace", '{', L }, { "lceil", 0x2308, L },
  { "ldots", 0x2026, I }, { "le", 0x2264, R }, { "leftarrow", 0x2190, R },
  { "leftrightarrow", 0x2194, R }, { "leq", 0x2264, R }, { "lfloor", 0x230A, L },
  { "ll", 0x226A, R }, { "lnot", 0x00AC, O }, { "lt", '<', R }, { "gt", '>', R }, { "longleftarrow", 0x27F5, R },
  { "longmapsto", 0x27FC, R }, { "longrightarrow", 0x27F6, R }, { "lor", 0x2228, B },
  { "lvert", '|', L }, { "lVert", 0x2016, L }, { "mapsto", 0x21A6, R }, { "mid", 0x2223, R },
  { "models", 0x22A8, R }, { "mp", 0x2213, B }, { "mu", 0x1D707, O },
  { "nabla", 0x2207, O }, { "ne", 0x2260, R }, { "neg", 0x00AC, O }, { "neq", 0x2260, R },
  { "ni", 0x220B, R }, { "notin", 0x2209, R }, { "nu", 0x1D708, O }, { "odot", 0x2299, B },
  { "oint", 0x222E, P }, { "omega", 0x1D714, O }, { "ominus", 0x2296, B },
  { "oplus", 0x2295, B }, { "otimes", 0x2297, B }, { "parallel", 0x2225, R },
  { "partial", 0x1D715, O }, { "perp", 0x27C2, R }, { "phi", 0x1D719, O }, { "pi", 0x1D70B, O },
  { "pm", 0x00B1, B }, { "prec", 0x227A, R }, { "prime", 0x2032, O }, { "prod", 0x220F, P },
  { "propto", 0x221D, R }, { "psi", 0x1D713, O }, { "rangle", 0x27E9, C }, { "rbrace", '}', C },
  { "rceil", 0x2309, C }, { "rfloor", 0x230B, C }, { "rho", 0x1D70C, O },
  { "rightarrow", 0x2192, R }, { "rvert", '|', C }, { "rVert", 0x2016, C },
  { "setminus", 0x2216, B }, { "sigma", 0x1D70E, O }, { "sim", 0x223C, R },
  { "simeq", 0x2243, R }, { "sqcup", 0x2294, B }, { "star", 0x22C6, B },
  { "subset", 0x2282, R }, { "subseteq", 0x2286, R }, { "succ", 0x227B, R },
  { "sum", 0x2211, P }, { "supset", 0x2283, R }, { "supseteq", 0x2287, R },
  { "tau", 0x1D70F, O }, { "theta", 0x1D703, O }, { "times", 0x00D7, B }, { "to", 0x2192, R },
  { "top", 0x22A4, O }, { "triangle", 0x25B3, O }, { "triangleq", 0x225C, R },
  { "uparrow", 0x2191, R }, { "upsilon", 0x1D710, O }, { "varepsilon", 0x1D700, O },
  { "varnothing", 0x2205, O }, { "varphi", 0x1D711, O }, { "varpi", 0x1D71B, O },
  { "varrho", 0x1D71A, O }, { "varsigma", 0x1D70D, O }, { "vartheta", 0x1D717, O },
  { "vdash", 0x22A2, R }, { "vdots", 0x22EE, O }, { "vee", 0x2228, B }, { "vert", '|', O },
  { "wedge", 0x2227, B }, { "xi", 0x1D709, O }, { "zeta", 0x1D701, O },
  { "{", '{', L }, { "|", 0x2016, O }, { "}", '}', C },
};

static int
compare_symbol (const void *key, const void *elem)
{
  return strcmp (key, ((const AbMathSymbol *) elem)->name);
}

static int
compare_symbols (const void *a, const void *b)
{
  return strcmp (((const AbMathSymbol *) a)->name, ((const AbMathSymbol *) b)->name);
}

const AbMathSymbol *
ab_math_lookup_symbol (const char *name)
{
  static gsize sorted = 0;
  if (g_once_init_enter (&sorted))
    {
      qsort (symbols, G_N_ELEMENTS (symbols), sizeof symbols[0], compare_symbols);
      g_once_init_leave (&sorted, 1);
    }
  return bsearch (name, symbols, G_N_ELEMENTS (symbols), sizeof symbols[0], compare_symbol);
}

/* Named operators set upright; `limits` says whether display style puts
 * their scripts under/over (\max, \lim) or beside them (\log, \exp). */
static const struct { const char *name; gboolean limits; } operators[] = {
  { "arccos", 0 }, { "arcsin", 0 }, { "arctan", 0 }, { "arg", 0 }, { "argmax", 1 },
  { "argmin", 1 }, { "cos", 0 }, { "cosh", 0 }, { "cot", 0 }, { "deg", 0 }, { "det", 1 },
  { "dim", 0 }, { "exp", 0 }, { "gcd", 1 }, { "hom", 0 }, { "inf", 1 }, { "ker", 0 },
  { "lg", 0 }, { "lim", 1 }, { "liminf", 1 }, { "limsup", 1 }, { "ln", 0 }, { "log", 0 },
  { "max", 1 }, { "min", 1 }, { "Pr", 1 }, { "sec", 0 }, { "sin", 0 }, { "sinh", 0 },
  { "sup", 1 }, { "tan", 0 }, { "tanh", 0 },
};

const char *
ab_math_lookup_operator (const char *name, gboolean *limits)
{
  for (gsize i = 0; i < G_N_ELEMENTS (operators); i++)
    if (strcmp (operators[i].name, name) == 0)
      {
        *limits = operators[i].limits;
        /* \argmax prints as "arg max", like the papers. */
        if (strcmp (name, "argmax") == 0) return "arg\u2009max";
        if (strcmp (name, "argmin") == 0) return "arg\u2009min";
        if (strcmp (name, "liminf") == 0) return "lim\u2009inf";
        if (strcmp (name, "limsup") == 0) return "lim\u2009sup";
        return operators[i].name;
      }
  return NULL;
}

static gunichar
map_range (gunichar c, gunichar upper, gunichar lower, gunichar digits)
{
  if (c >= 'A' && c <= 'Z' && upper) return upper + (c - 'A');
  if (c >= 'a' && c <= 'z' && lower) return lower + (c - 'a');
  if (c >= '0' && c <= '9' && digits) return digits + (c - '0');
  return c;
}

/* Letters that Unicode encoded before the math block leave holes in it. */
gunichar
ab_math_map_alphabet (gunichar c, int variant)
{
  switch (variant)
    {
    case AB_VARIANT_NORMAL:
    case AB_VARIANT_IT:
      if (c == 'h') return 0x210E;
      /* Greek typed directly (α) is italic like \alpha, as unicode-math does. */
      if (c >= 0x03B1 && c <= 0x03C9) return 0x1D6FC + (c - 0x03B1);
      return map_range (c, 0x1D434, 0x1D44E, 0);
    case AB_VARIANT_RM:
      return c;
    case AB_VARIANT_BF:
      return map_range (c, 0x1D400, 0x1D41A, 0x1D7CE);
    case AB_VARIANT_BOLDSYMBOL:
      if (c >= 0x1D6FC && c <= 0x1D71B) return c + 0x3A;   /* bold italic Greek */
      return map_range (c, 0x1D468, 0x1D482, 0x1D7CE);
    case AB_VARIANT_BB:
      switch (c)
        {
        case 'C': return 0x2102; case 'H': return 0x210D; case 'N': return 0x2115;
        case 'P': return 0x2119; case 'Q': return 0x211A; case 'R': return 0x211D;
        case 'Z': return 0x2124; default: break;
        }
      return map_range (c, 0x1D538, 0x1D552, 0x1D7D8);
    case AB_VARIANT_CAL:
      switch (c)
        {
        case 'B': return 0x212C; case 'E': return 0x2130; case 'F': return 0x2131;
        case 'H': return 0x210B; case 'I': return 0x2110; case 'L': return 0x2112;
        case 'M': return 0x2133; case 'R': return 0x211B; case 'e': return 0x212F;
        case 'g': return 0x210A; case 'o': return 0x2134; default: break;
        }
      return map_range (c, 0x1D49C, 0x1D4B6, 0);
    case AB_VARIANT_SF:
      return map_range (c, 0x1D5A0, 0x1D5BA, 0x1D7E2);
    case AB_VARIANT_TT:
      return map_range (c, 0x1D670, 0x1D68A, 0x1D7F6);
    default:
      return c;
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-math-parse.c — the TeX reader: every construct the book uses builds
 * the expected node tree, and malformed input fails with the byte offset of
 * the problem (authors find typos by it). */
#include <string.h>
#include "ab-math-private.h"
#include "math-test-util.h"

static AbNode *
parse_ok (AbArena *arena, const char *tex)
{
  g_autoptr (GError) error = NULL;
  AbNode *root = ab_math_parse (arena, tex, &error);
  if (!root)
    g_error ("'%s' failed: %s", tex, error->message);
  g_assert_cmpint (root->kind, ==, AB_NODE_LIST);
  return root;
}

static void
test_constructs (void)
{
  /* One of each construct from the issue; all must parse. */
  static const char *ok[] = {
    "\\frac{a}{b}", "\\dfrac12", "\\tfrac{1}{2}", "x_{i_j}^{k^2}", "f''(x)", "f'^2",
    "\\sqrt{x}", "\\sqrt[3]{x}", "\\alpha\\beta\\Gamma\\Omega\\ell\\epsilon\\varepsilon",
    "\\mathbb{R}\\mathrm{d}\\mathbf{x}\\mathcal{L}\\text{if } x\\operatorname{Attn}",
    "\\sum_{i=1}^n\\prod_i\\max_x\\min_y\\lim_{n\\to\\infty}\\log x\\exp y",
    "\\left(\\frac ab\\right)", "\\left.\\frac ab\\right|_0", "\\left(a\\middle|b\\right)",
    "\\tilde m\\hat x\\bar y\\vec v\\overrightarrow{AB}\\overleftarrow{h}",
    "a\\cdot b\\times c^\\top\\in\\approx\\le\\ge\\ne\\to\\mapsto\\ldots\\cdots\\infty\\partial\\nabla",
    "a\\,b\\;c\\:d\\!e\\quad f\\qquad g", "\\text{softmax}\\!\\left(x\\right)",
    "\\underbrace{a+b}_{n}\\overbrace{c}^{m}", "\\begin{aligned}a&=b\\\\c&=d\\end{aligned}",
    "\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}", "\\begin{bmatrix}a\\end{bmatrix}",
    "\\begin{cases}0&x<0\\\\1&\\text{else}\\end{cases}", "\\boxed{E=mc^2}",
    "\\color{red}{x}+\\color{#00ff00}{y}", "{a}{}{{b}}", "\\textcolor{blue}{z}",
    "\\binom{n}{k}", "\\big(\\Big[\\bigg\\{\\Bigg|", "\\displaystyle\\sum_i",
    "\\sum\\limits_i\\int\\nolimits_0^1", "\\mathop{x}\\mathrel{y}", "% comment\nx",
    "\\begin{array}{lc|r}a&b&c\\end{array}", "\\operatorname*{argmax}_x",
    "\\widehat{ab}\\widetilde{xy}\\overline{z}\\underline{w}", "\\lVert x\\rVert\\langle a\\rangle",
    "a\\not= b\\not\\in C", "a\\hspace{1em}b\\hspace{3pt}c", "\\phantom{x}\\hphantom{y}\\vphantom{z}",
    "\\overset{\\text{def}}{=}\\underset{x}{\\arg\\max}\\stackrel{?}{=}", "α+β",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      AbArena *arena = ab_arena_new ();
      parse_ok (arena, ok[i]);
      ab_arena_free (arena);
    }
}

static void
test_frac (void)
{
  AbArena *arena = ab_arena_new ();
  AbNode *root = parse_ok (arena, "\\frac{a}{b+c}");
  AbNode *f = root->first;
  g_assert_cmpint (f->kind, ==, AB_NODE_FRAC);
  g_assert_cmpint (f->cls, ==, AB_ATOM_INNER);
  g_assert_cmpint (f->a->kind, ==, AB_NODE_LIST);
  g_assert_cmpint (f->a->first->cp, ==, 0x1D44E);   /* math italic a */
  g_assert_nonnull (f->b->first->next);
  g_assert_cmpint (f->b->first->next->cls, ==, AB_ATOM_BIN);
  ab_arena_free (arena);
}

static void
test_scripts (void)
{
  AbArena *arena = ab_arena_new ();
  AbNode *root = parse_ok (arena, "x_1^2 f'^2 y''");
  AbNode *x = root->first;
  g_assert_nonnull (x->sub);
  g_assert_nonnull (x->sup);
  AbNode *f = x->next;
  g_assert_cmpint (f->sup->first->cp, ==, 0x2032);   /* prime joins the ^2 */
  g_assert_nonnull (f->sup->first->next);
  AbNode *y = f->next;
  g_assert_cmpint (y->sup->first->cp, ==, 0x2032);
  g_assert_cmpint (y->sup->first->next->cp, ==, 0x2032);
  ab_arena_free (arena);
}

static void
test_symbols (void)
{
  AbArena *arena = ab_arena_new ();
  AbNode *root = parse_ok (arena, "\\mathbb{R}\\mathcal{L}\\mathbf{x}\\alpha-\\le\\sum h");
  AbNode *n = root->first;
  g_assert_cmpint (n->first->cp, ==, 0x211D);
  n = n->next;
  g_assert_cmpint (n->first->cp, ==, 0x2112);
  n = n->next;
  g_assert_cmpint (n->first->cp, ==, 0x1D431);
  n = n->next;
  g_assert_cmpint (n->cp, ==, 0x1D6FC);
  n = n->next;
  g_assert_cmpint (n->cp, ==, 0x2212);
  g_assert_cmpint (n->cls, ==, AB_ATOM_BIN);
  n = n->next;
  g_assert_cmpint (n->cls, ==, AB_ATOM_REL);
  n = n->next;
  g_assert_cmpint (n->cls, ==, AB_ATOM_OP);
  g_assert_cmpint (n->limits, ==, 2);
  n = n->next;
  g_assert_cmpint (n->cp, ==, 0x210E);   /* italic h lives in Letterlike Symbols */
  ab_arena_free (arena);
}

static void
test_structures (void)
{
  AbArena *arena = ab_arena_new ();
  AbNode *n = parse_ok (arena, "\\left(a\\middle|b\\right.")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_FENCED);
  g_assert_cmpint (n->n_delims, ==, 3);
  g_assert_cmpint (n->delims[0], ==, '(');
  g_assert_cmpint (n->delims[1], ==, '|');
  g_assert_cmpint (n->delims[2], ==, 0);

  n = parse_ok (arena, "\\begin{pmatrix}a&b\\\\c&d\\\\\\end{pmatrix}")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_ARRAY);
  g_assert_cmpint (n->env, ==, AB_ENV_PMATRIX);
  g_assert_cmpint (n->rows, ==, 2);   /* the trailing \\ adds no row */
  g_assert_cmpint (n->cols, ==, 2);

  n = parse_ok (arena, "\\sqrt[3]{x}")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_SQRT);
  g_assert_nonnull (n->b);

  n = parse_ok (arena, "\\color{red}{x}")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_COLOR);
  g_assert_cmpfloat (n->rgb[0], ==, 1.0);

  n = parse_ok (arena, "\\operatorname{Attn}_i")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_TEXT);
  g_assert_cmpint (n->cls, ==, AB_ATOM_OP);
  g_assert_cmpstr (n->text, ==, "Attn");
  g_assert_nonnull (n->sub);

  n = parse_ok (arena, "\\underbrace{x}_{n}")->first;
  g_assert_cmpint (n->kind, ==, AB_NODE_OVERUNDER);
  g_assert_cmpint (n->limits, ==, 1);

  n = parse_ok (arena, "\\text{a\\_b c}")->first;
  g_assert_cmpstr (n->text, ==, "a_b c");
  ab_arena_free (arena);
}

static void
test_errors (void)
{
  static const struct { const char *tex; int offset; const char *what; } bad[] = {
    { "\\foo", 0, "unknown command \\foo" },
    { "a + \\frac{1}", 12, "missing argument" },
    { "x^", 2, "missing argument for superscript" },
    { "{a", 0, "missing '}'" },
    { "a}", 1, "'}' without '{'" },
    { "x^1^2", 3, "double superscript" },
    { "x_1_2", 3, "double subscript" },
    { "\\left( x", 0, "\\left without matching \\right" },
    { "x \\right)", 2, "\\right without \\left" },
    { "\\left< x \\right\\foo", 15, "not a delimiter" },
    { "\\begin{pmatrix}a", 0, "without \\end" },
    { "\\begin{matrix}a\\end{pmatrix}", 15, "ended by" },
    { "\\begin{foo}a\\end{foo}", 0, "unknown environment 'foo'" },
    { "a & b", 2, "'&' outside an environment" },
    { "\\color{nocolour}{x}", 6, "unknown colour" },
    { "\\text{\\alpha}", 6, "inside \\text" },
    { "\\sqrt[3{x}", 5, "missing ']'" },
    { "$x$", 0, "not allowed" },
    { "\\", 0, "lone backslash" },
    { "\\limits", 0, "\\limits must follow an operator" },
    { "a \\not x", 7, "cannot negate" },
    { "\\hspace{2cm}", 7, "bad length" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      AbArena *arena = ab_arena_new ();
      AbNode *root = ab_math_parse (arena, bad[i].tex, &error);
      ab_arena_free (arena);
      if (root)
        g_error ("'%s' should fail", bad[i].tex);
      g_assert_error (error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE);
      g_autofree char *prefix = g_strdup_printf ("offset %d: ", bad[i].offset);
      if (!g_str_has_prefix (error->message, prefix) || !strstr (error->message, bad[i].what))
        g_error ("'%s': got \"%s\", want \"%s…%s\"", bad[i].tex, error->message, prefix, bad[i].what);
    }
}

static void
test_depth_limit (void)
{
  /* Deep nesting is an error, not a stack overflow. */
  GString *s = g_string_new (NULL);
  for (int i = 0; i < 10000; i++)
    g_string_append (s, "{\\sqrt");
  g_autoptr (GError) error = NULL;
  AbArena *arena = ab_arena_new ();
  g_assert_null (ab_math_parse (arena, s->str, &error));
  g_assert_nonnull (strstr (error->message, "nesting deeper"));
  ab_arena_free (arena);
  g_string_free (s, TRUE);
}

static void
test_corpus_parses (void)
{
  g_autofree char *path = math_test_path ("corpus.txt");
  g_autoptr (GPtrArray) cases = math_corpus_load (path);
  g_assert_cmpuint (cases->len, >=, 40);
  for (guint i = 0; i < cases->len; i++)
    {
      MathCase *c = g_ptr_array_index (cases, i);
      g_autoptr (GError) error = NULL;
      AbArena *arena = ab_arena_new ();
      if (!ab_math_parse (arena, c->tex, &error))
        g_error ("corpus.txt:%d: %s", c->line, error->message);
      ab_arena_free (arena);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/math/parse/constructs", test_constructs);
  g_test_add_func ("/math/parse/frac", test_frac);
  g_test_add_func ("/math/parse/scripts", test_scripts);
  g_test_add_func ("/math/parse/symbols", test_symbols);
  g_test_add_func ("/math/parse/structures", test_structures);
  g_test_add_func ("/math/parse/errors", test_errors);
  g_test_add_func ("/math/parse/depth-limit", test_depth_limit);
  g_test_add_func ("/math/parse/corpus", test_corpus_parses);
  return g_test_run ();
}

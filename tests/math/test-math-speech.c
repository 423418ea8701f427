/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-math-speech.c — what a screen reader says for a formula: the spoken
 * forms ab_math_to_speech() builds from the parse tree, for formulas the
 * book uses (English, the untranslated strings), every formula of the math
 * corpus (speakable, no TeX left in it) and bad TeX (an error, not words). */
#include <string.h>
#include "ab-math.h"
#include "math-test-util.h"

static void
check (const char *tex, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *spoken = ab_math_to_speech (tex, &error);

  g_assert_no_error (error);
  g_test_message ("%s → %s", tex, spoken);
  g_assert_cmpstr (spoken, ==, expected);
}

static void
test_book_formulas (void)
{
  /* The example: the variance of a scaled dot product. */
  check ("\\operatorname{Var}\\!\\left(\\frac{q \\cdot k}{\\sqrt{d_k}}\\right)",
         "variance of q dot k over the square root of d k");
  check ("\\operatorname{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V",
         "softmax of Q K transpose over the square root of d k, times V");
  check ("\\sum_{j=1}^{N} e^{x_j}", "the sum from j equals 1 to N of e to the x j");
  check ("Q \\in \\mathbb{R}^{N \\times d}", "Q in double-struck R to the N by d");
  check ("O(N^2 d)", "O open paren N squared d close paren");
  check ("m_{\\text{new}} = \\max(m, \\tilde m)", "m new equals max of m, m tilde");
  check ("\\ell = e^{m - m_{\\text{new}}}\\,\\ell",
         "l equals e to the power m minus m new, end power, l");
  check ("W^{-1} x_{i+1}", "W inverse x sub i plus 1");
  check ("\\frac{1}{\\sqrt{128}} = 0.088", "1 over the square root of 128 equals 0.088");
}

static void
test_constructs (void)
{
  check ("\\sqrt[3]{x}", "the cube root of x");
  check ("\\binom{n}{k}", "n choose k");
  check ("\\left| x \\right|", "the absolute value of x");
  check ("\\lVert q \\rVert_2", "double vertical bar q double vertical bar 2");
  check ("\\hat{y} \\approx y", "y hat is approximately y");
  check ("f'(x)", "f prime open paren x close paren");
  check ("\\frac{a + b + c}{2}", "the fraction a plus b plus c, over 2, end fraction");
  check ("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
         "the 2 by 2 matrix, row 1: a, b; row 2: c, d; end matrix");
  check ("\\alpha_i \\sigma(\\mathbf{x})", "alpha i sigma open paren bold x close paren");
}

/* Every formula the typesetter's corpus holds has a spoken form made of
 * words: no backslash, brace or caret of its TeX is left for the reader. */
static void
test_corpus_is_speakable (void)
{
  g_autofree char *path = g_build_filename (MATH_TEST_DIR, "corpus.txt", NULL);
  g_autoptr (GPtrArray) cases = math_corpus_load (path);

  g_assert_cmpuint (cases->len, >, 20);
  for (guint i = 0; i < cases->len; i++)
    {
      MathCase *c = g_ptr_array_index (cases, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *spoken = ab_math_to_speech (c->tex, &error);

      g_assert_no_error (error);
      if (!*spoken || strpbrk (spoken, "\\^_{}") || strstr (spoken, "  "))
        g_error ("corpus.txt:%d: “%s” speaks as “%s”", c->line, c->tex, spoken);
    }
}

static void
test_bad_tex (void)
{
  g_autoptr (GError) error = NULL;
  char *spoken = ab_math_to_speech ("\\frac{1", &error);

  g_assert_null (spoken);
  g_assert_error (error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/math/speech/book-formulas", test_book_formulas);
  g_test_add_func ("/math/speech/constructs", test_constructs);
  g_test_add_func ("/math/speech/corpus-is-speakable", test_corpus_is_speakable);
  g_test_add_func ("/math/speech/bad-tex", test_bad_tex);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-math-layout.c — box metrics: golden width/height/depth for the
 * corpus (every display equation of the content plan included), within
 * 0.5 pt, and relations that TeX's rules guarantee whatever the numbers.
 *
 * Regenerate the goldens after checking the renders by eye:
 *   test-math-layout --generate tests/math/golden-metrics.txt */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ab-math-private.h"
#include "math-test-util.h"

#define GOLDEN_SIZE 16.0   /* the page's body size */
#define TOLERANCE   0.5    /* pt */

typedef struct { double w, h, d; } Ext;

static Ext
ext_of (const char *tex, gboolean display, double size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AbMath) m = ab_math_new (tex, display, size, &error);
  if (!m)
    g_error ("'%s': %s", tex, error->message);
  Ext e;
  ab_math_get_extents (m, &e.w, &e.h, &e.d);
  return e;
}

#define T(tex) ext_of ((tex), FALSE, 10)
#define D(tex) ext_of ((tex), TRUE, 10)

static void
test_golden (void)
{
  g_autofree char *path = math_test_path ("golden-metrics.txt");
  g_autofree char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  int checked = 0, failed = 0;
  for (int i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpint (g_strv_length (f), ==, 3);
      double w, h, d;
      g_assert_cmpint (sscanf (f[1], "%lf %lf %lf", &w, &h, &d), ==, 3);
      Ext e = ext_of (f[2], f[0][0] == 'D', GOLDEN_SIZE);
      if (fabs (e.w - w) > TOLERANCE || fabs (e.h - h) > TOLERANCE || fabs (e.d - d) > TOLERANCE)
        {
          g_printerr ("golden-metrics.txt:%d: %s\n  want %.2f %.2f %.2f, got %.2f %.2f %.2f\n",
                      i + 1, f[2], w, h, d, e.w, e.h, e.d);
          failed++;
        }
      checked++;
    }
  g_assert_cmpint (failed, ==, 0);
  g_assert_cmpint (checked, >=, 40);
}

static void
test_golden_covers_corpus (void)
{
  /* Every corpus line must have a golden line, so new equations get checked. */
  g_autofree char *cpath = math_test_path ("corpus.txt");
  g_autofree char *gpath = math_test_path ("golden-metrics.txt");
  g_autoptr (GPtrArray) cases = math_corpus_load (cpath);
  g_autofree char *golden = NULL;
  g_assert_true (g_file_get_contents (gpath, &golden, NULL, NULL));
  for (guint i = 0; i < cases->len; i++)
    {
      MathCase *c = g_ptr_array_index (cases, i);
      g_autofree char *needle = g_strdup_printf ("\t%s\n", c->tex);
      if (!strstr (golden, needle))
        g_error ("corpus.txt:%d has no golden metrics (regenerate with --generate)", c->line);
    }
}

static void
test_relations (void)
{
  /* A display fraction is taller than its text-style form. */
  Ext fd = D ("\\frac{a}{b}"), ft = T ("\\frac{a}{b}");
  g_assert_cmpfloat (fd.h + fd.d, >, ft.h + ft.d);
  g_assert_cmpfloat (D ("\\tfrac{a}{b}").h, <, fd.h);
  g_assert_cmpfloat (T ("\\dfrac{a}{b}").h, >, ft.h);

  /* \left( around a fraction outgrows a plain parenthesis. */
  Ext lp = D ("\\left(\\frac{a}{b}\\right)"), pp = D ("(");
  g_assert_cmpfloat (lp.h + lp.d, >, 1.5 * (pp.h + pp.d));
  Ext lbig = D ("\\left(\\frac{\\frac{a}{b}}{\\frac{c}{d}}\\right)");
  g_assert_cmpfloat (lbig.h + lbig.d, >, lp.h + lp.d);   /* assembly past the variants */

  /* Superscripts are raised, subscripts lowered. */
  Ext x = T ("x"), sup = T ("x^2"), sub = T ("x_2");
  g_assert_cmpfloat (sup.h, >, x.h + 1);
  g_assert_cmpfloat (sub.d, >, x.d + 1);
  g_assert_cmpfloat (sup.w, <, 2 * x.w);   /* the script is smaller */

  /* Display limits go under and over; text style puts them beside. */
  Ext sd = D ("\\sum_{i=1}^{n}"), st = T ("\\sum_{i=1}^{n}");
  g_assert_cmpfloat (sd.h + sd.d, >, st.h + st.d);
  g_assert_cmpfloat (sd.w, <, st.w);

  /* A binary operator gets medium spaces, an ordinary one none. */
  g_assert_cmpfloat (T ("a+b").w, >, T ("a{+}b").w + 0.5);
  /* A leading minus is unary: no space. */
  g_assert_cmpfloat (T ("-b").w, <, T ("a-b").w - T ("a").w - 0.5);
  /* Relations get thick spaces, larger than binary ones. */
  g_assert_cmpfloat (T ("a=b").w - T ("a{=}b").w, >, T ("a+b").w - T ("a{+}b").w);
  /* In scripts, spacing around binaries vanishes. */
  g_assert_cmpfloat (T ("x^{a+b}").w - T ("x^{a{+}b}").w, <, 0.01);

  /* Radicals grow with their content. */
  g_assert_cmpfloat (D ("\\sqrt{\\frac{a}{b}}").h, >, D ("\\sqrt{x}").h);

  /* \color changes ink, not metrics. */
  Ext c1 = T ("a+\\color{red}{b}"), c2 = T ("a+b");
  g_assert_cmpfloat (fabs (c1.w - c2.w), <, 1e-9);

  /* Switches keep the spacing on their left; scripts attach to \color{…}{…}. */
  g_assert_cmpfloat (fabs (T ("a=\\color{red} b").w - T ("a=b").w), <, 1e-9);
  g_assert_cmpfloat (fabs (T ("a=\\displaystyle b").w - T ("a=b").w), <, 1e-9);
  g_assert_cmpfloat (T ("\\color{red}{x}^2").h, >, T ("x").h + 1);

  /* Metrics scale with the size. */
  Ext s10 = T ("\\frac{a}{b}"), s20 = ext_of ("\\frac{a}{b}", FALSE, 20);
  g_assert_cmpfloat (fabs (s20.w - 2 * s10.w), <, 1e-6);

  /* Matrices centre on the axis: height exceeds depth by twice the axis. */
  Ext m = D ("\\begin{pmatrix}a\\\\b\\end{pmatrix}");
  g_assert_cmpfloat (m.h, >, m.d);
  g_assert_cmpfloat (m.h + m.d, >, 2 * (pp.h + pp.d) * 0.8);

  /* \phantom takes room without ink; \overset keeps its base's class. */
  g_assert_cmpfloat (fabs (T ("\\phantom{xy}").w - T ("xy").w), <, 1e-9);
  g_assert_cmpfloat (fabs (T ("a\\overset{!}{=}b").w - T ("a=b").w), <, 0.01);
  g_assert_cmpfloat (T ("\\overset{!}{=}").h, >, T ("=").h + 1);

  /* Spacing commands. */
  g_assert_cmpfloat (fabs (T ("a\\quad b").w - T ("ab").w - 10), <, 0.01);
  g_assert_cmpfloat (T ("a\\!b").w, <, T ("ab").w);
}

static void
test_error_box (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AbMath) m = ab_math_new_or_error_box ("\\frac{1", TRUE, 12, &error);
  g_assert_error (error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE);
  g_assert_nonnull (m);
  double w, h, d;
  ab_math_get_extents (m, &w, &h, &d);
  g_assert_cmpfloat (w, >, 20);
  g_assert_cmpfloat (h, >, 0);
}

static int
generate (const char *out)
{
  g_autofree char *cpath = math_test_path ("corpus.txt");
  g_autoptr (GPtrArray) cases = math_corpus_load (cpath);
  GString *s = g_string_new ("# Golden box metrics at 16pt: D|T<TAB>width height depth<TAB>tex\n"
                             "# Generated by test-math-layout --generate after checking the renders by eye.\n");
  for (guint i = 0; i < cases->len; i++)
    {
      MathCase *c = g_ptr_array_index (cases, i);
      Ext e = ext_of (c->tex, c->display, GOLDEN_SIZE);
      g_string_append_printf (s, "%c\t%.2f %.2f %.2f\t%s\n", c->display ? 'D' : 'T', e.w, e.h, e.d, c->tex);
    }
  g_autoptr (GError) error = NULL;
  if (!g_file_set_contents (out, s->str, -1, &error))
    g_error ("%s", error->message);
  g_string_free (s, TRUE);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--generate") == 0)
    return generate (argv[2]);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/math/layout/golden", test_golden);
  g_test_add_func ("/math/layout/golden-covers-corpus", test_golden_covers_corpus);
  g_test_add_func ("/math/layout/relations", test_relations);
  g_test_add_func ("/math/layout/error-box", test_error_box);
  return g_test_run ();
}

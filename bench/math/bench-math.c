/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-math.c — parse + layout + render time per expression of the book's
 * equations (tests/math/corpus.txt), reported as median and p95 per class:
 * inline (text style) and display. Targets from the math issue: inline
 * median ≤ 0.2 ms, display p95 ≤ 1 ms.
 *   bench-math [--verbose] [--iterations N] [CORPUS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ab-math.h"
#include "math-test-util.h"

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
quantile (double *v, int n, double q)
{
  qsort (v, n, sizeof *v, cmp_double);
  int i = (int) (q * (n - 1) + 0.5);
  return v[CLAMP (i, 0, n - 1)];
}

int
main (int argc, char **argv)
{
  gboolean verbose = FALSE;
  int iters = 200;
  const char *path = NULL;
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--verbose") == 0)
      verbose = TRUE;
    else if (strcmp (argv[i], "--iterations") == 0 && i + 1 < argc)
      iters = MAX (1, atoi (argv[++i]));
    else
      path = argv[i];
  g_autofree char *default_path = math_test_path ("corpus.txt");
  g_autoptr (GPtrArray) cases = math_corpus_load (path ? path : default_path);

  /* The page view paints onto an image surface; so do we. */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 200);
  cairo_t *cr = cairo_create (surface);
  g_autoptr (AbMath) warm = ab_math_new ("x", FALSE, 16, NULL);   /* font load */
  if (!warm)
    {
      fprintf (stderr, "bench-math: cannot load the math font\n");
      return 1;
    }

  GArray *per_class[2] = { g_array_new (FALSE, FALSE, sizeof (double)),
                           g_array_new (FALSE, FALSE, sizeof (double)) };
  GArray *first_class[2] = { g_array_new (FALSE, FALSE, sizeof (double)),
                             g_array_new (FALSE, FALSE, sizeof (double)) };
  GArray *layout_class[2] = { g_array_new (FALSE, FALSE, sizeof (double)),
                              g_array_new (FALSE, FALSE, sizeof (double)) };
  double *t_all = g_new (double, iters), *t_layout = g_new (double, iters);
  for (guint k = 0; k < cases->len; k++)
    {
      MathCase *c = g_ptr_array_index (cases, k);
      for (int it = 0; it < iters; it++)
        {
          double t0 = now_ms ();
          AbMath *m = ab_math_new (c->tex, c->display, 16, NULL);
          double t1 = now_ms ();
          if (!m)
            {
              fprintf (stderr, "bench-math: line %d does not parse\n", c->line);
              return 1;
            }
          ab_math_draw (m, cr, 10, 100, 0, 0, 0, 1);
          ab_math_free (m);
          double t2 = now_ms ();
          t_all[it] = t2 - t0;
          t_layout[it] = t1 - t0;
        }
      /* The first run also fills cairo's glyph cache for new glyphs. */
      g_array_append_val (first_class[c->display], t_all[0]);
      double med = quantile (t_all, iters, 0.5), med_layout = quantile (t_layout, iters, 0.5);
      g_array_append_val (per_class[c->display], med);
      g_array_append_val (layout_class[c->display], med_layout);
      if (verbose)
        printf ("%c %7.4f ms (parse+layout %7.4f)  %.60s\n", c->display ? 'D' : 'T', med, med_layout, c->tex);
    }

  printf ("math typesetting, per expression (median of %d runs each), 16pt onto an image surface\n", iters);
  printf ("%-8s %5s %12s %12s %12s %14s %14s\n", "class", "n", "median ms", "p95 ms", "max ms",
          "layout median", "1st-run p95");
  for (int d = 0; d < 2; d++)
    {
      GArray *a = per_class[d];
      if (a->len == 0)
        continue;
      double *v = (double *) a->data;
      double med = quantile (v, a->len, 0.5), p95 = quantile (v, a->len, 0.95), mx = v[a->len - 1];
      double lmed = quantile ((double *) layout_class[d]->data, layout_class[d]->len, 0.5);
      double fp95 = quantile ((double *) first_class[d]->data, first_class[d]->len, 0.95);
      printf ("%-8s %5u %12.4f %12.4f %12.4f %14.4f %14.4f\n", d ? "display" : "inline", a->len,
              med, p95, mx, lmed, fp95);
    }
  printf ("targets: inline median <= 0.2 ms, display p95 <= 1 ms\n");

  for (int d = 0; d < 2; d++)
    {
      g_array_free (per_class[d], TRUE);
      g_array_free (layout_class[d], TRUE);
      g_array_free (first_class[d], TRUE);
    }
  g_free (t_all);
  g_free (t_layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-draw.c — time to draw one frame of every diagram at 1920×1080
 *
 * Renders each step of each diagram (and a tween half-way between steps, as
 * an animation frame) onto an image surface, many times, and prints the
 * median and 95th percentile per diagram. Target (issue #2): p95 ≤ 8 ms.
 * The first column is the kernel's time (update, run once before drawing).
 * Names on the command line limit it to those diagrams (for profiling one).
 */
#include "ab-diagram-registry.h"
#include "attention.h"

#include <glib.h>
#include <stdlib.h>

#define REPEATS 20

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) names = ab_diagram_registry_list_names ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  double worst_p95 = 0;

  ab_attention_set_blas_threads (1);   /* as the app does */

  g_print ("%-28s %10s %8s %8s %8s\n", "diagram", "update", "frames", "median", "p95");
  for (guint i = 0; names[i]; i++)
    {
      if (argc > 1 && !g_strv_contains ((const char *const *) argv + 1, names[i]))
        continue;
      g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (names[i], NULL);
      guint n_steps = ab_diagram_get_n_steps (diagram);
      guint n = 0, cap = REPEATS * n_steps * 2;
      double *times = g_new (double, cap);
      gint64 u0 = g_get_monotonic_time ();
      double update_ms;

      ab_diagram_ensure_updated (diagram, NULL);
      update_ms = (g_get_monotonic_time () - u0) / 1000.0;

      for (guint r = 0; r < REPEATS; r++)
        for (guint s = 0; s < 2 * n_steps - 1; s++)
          {
            cairo_t *cr = cairo_create (surface);
            gint64 t0 = g_get_monotonic_time ();
            ab_diagram_render (diagram, cr, 1920, 1080, s / 2.0);
            cairo_surface_flush (surface);
            times[n++] = (g_get_monotonic_time () - t0) / 1000.0;
            cairo_destroy (cr);
          }
      qsort (times, n, sizeof (double), compare);
      g_print ("%-28s %7.1f ms %8u %6.2f ms %6.2f ms\n", names[i], update_ms, n, times[n / 2], times[(guint) (n * 0.95)]);
      worst_p95 = MAX (worst_p95, times[(guint) (n * 0.95)]);
      g_free (times);
    }
  g_print ("worst p95: %.2f ms (target <= 8 ms): %s\n", worst_p95, worst_p95 <= 8 ? "met" : "NOT met");
  cairo_surface_destroy (surface);
  return 0;
}

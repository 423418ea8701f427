/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alignment-diagrams.c — the Part 1 alignment diagrams as objects:
 * the Luong target ticks pick the target step where they are drawn, in the
 * wide and the narrow layout, the seq2seq captions follow the state size,
 * and every step and half-step draws in every layout.
 *
 * The ticks are the bottom of the Luong diagram's first stage: one row of 32
 * cells across it when wide (or presenter), two rows of 16 when narrow. Each
 * row is about 29 units tall with 4 units under it, so "18 units above the
 * stage's bottom" is the middle of the last row and 51 the row above it.
 */
#include "ab-diagram-registry.h"

#include <cairo.h>
#include <glib.h>
#include <string.h>

#define N_TARGETS 32

static void
count (AbDiagram *d, guint *n)
{
  (*n)++;
}

/* The middle of target step @t's tick (1-based) in a layout of @kind. */
static void
tick_centre (AbDiagram *d, AbLayoutKind kind, int t, double *x, double *y)
{
  AbLayout l;
  AbRect s;
  int per_row = kind == AB_LAYOUT_NARROW ? N_TARGETS / 2 : N_TARGETS;
  int rows = N_TARGETS / per_row, row = (t - 1) / per_row, col = (t - 1) % per_row;

  ab_diagram_get_layout (d, kind, &l);
  s = l.stages[0];
  *x = s.x + (col + 0.5) * s.w / per_row;
  *y = s.y + s.h - 18 - (rows - 1 - row) * 32.6;
}

static void
test_luong_ticks (void)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *d = ab_diagram_registry_create ("luong-global-local", &error);
  guint changed = 0;
  double x, y;

  g_assert_no_error (error);
  g_signal_connect (d, "changed", G_CALLBACK (count), &changed);
  g_assert_cmpfloat (ab_diagram_get_param (d, "target"), ==, 21);

  /* Wide: one row. Tick 5, then the same tick again (already picked). */
  tick_centre (d, AB_LAYOUT_WIDE, 5, &x, &y);
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_WIDE, x, y));
  g_assert_cmpfloat (ab_diagram_get_param (d, "target"), ==, 5);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (ab_diagram_click (d, AB_LAYOUT_WIDE, x, y));
  g_assert_cmpuint (changed, ==, 1);
  /* The last tick, at the right end of the row. */
  tick_centre (d, AB_LAYOUT_WIDE, 32, &x, &y);
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_WIDE, x, y));
  g_assert_cmpfloat (ab_diagram_get_param (d, "target"), ==, 32);
  /* Above the row (its label) and the empty corner change nothing. */
  g_assert_false (ab_diagram_click (d, AB_LAYOUT_WIDE, x, y - 40));
  g_assert_false (ab_diagram_click (d, AB_LAYOUT_WIDE, 5, 5));

  /* Narrow: two rows of 16; 25 is in the second, 3 in the first. */
  tick_centre (d, AB_LAYOUT_NARROW, 25, &x, &y);
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_NARROW, x, y));
  g_assert_cmpfloat (ab_diagram_get_param (d, "target"), ==, 25);
  tick_centre (d, AB_LAYOUT_NARROW, 3, &x, &y);
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_NARROW, x, y));
  g_assert_cmpfloat (ab_diagram_get_param (d, "target"), ==, 3);

  /* The title shows the target step. */
  {
    g_autofree char *text = ab_diagram_describe (d, 0);
    g_assert_nonnull (strstr (text, "target step 3 of 32"));
  }
  g_assert_cmpuint (changed, ==, 4);
  g_object_unref (d);
}

static void
test_seq2seq_state_size (void)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *d = ab_diagram_registry_create ("seq2seq-bottleneck", &error);
  g_autofree char *before = NULL, *after = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ab_diagram_get_n_steps (d), ==, 5);
  before = ab_diagram_dup_caption (d, 1);
  g_assert_nonnull (strstr (before, "64 numbers"));
  g_assert_true (ab_diagram_set_param_from_string (d, "d_state=128", &error));
  g_assert_no_error (error);
  after = ab_diagram_dup_caption (d, 1);
  g_assert_nonnull (strstr (after, "128 numbers"));
  g_assert_false (ab_diagram_set_param_from_string (d, "d_state=100", &error));
  g_assert_nonnull (error);
  g_object_unref (d);
}

/* Whole steps and tweens half-way into the next one, in every layout. */
static void
test_every_position_draws (void)
{
  static const char *const names[] = { "seq2seq-bottleneck", "luong-global-local" };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 320);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      AbDiagram *d = ab_diagram_registry_create (names[i], &error);
      guint n;

      g_assert_no_error (error);
      n = ab_diagram_get_n_steps (d);
      for (guint k = 0; k < AB_N_LAYOUTS; k++)
        for (double pos = 0; pos <= n - 1; pos += 0.5)
          {
            cairo_t *cr = cairo_create (surface);
            ab_diagram_render_layout (d, cr, k, 320, 320, pos);
            g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
            cairo_destroy (cr);
          }
      g_object_unref (d);
    }
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alignment/every-position-draws", test_every_position_draws);
  g_test_add_func ("/alignment/luong/ticks", test_luong_ticks);
  g_test_add_func ("/alignment/seq2seq/state-size", test_seq2seq_state_size);
  return g_test_run ();
}

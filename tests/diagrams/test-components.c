/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-components.c — the shared drawing pieces of src/draw in every layout
 *
 * Each piece draws in a rectangle of a 1600×900 (or 720×1280) frame with the
 * ink recorder on: it must put text inside the frame and its panels, with no
 * label on another. The wide frame is written to components.png in the build
 * folder, to look at.
 */
#include "ab-components.h"

#include <glib.h>
#include <string.h>

static void
draw_all (cairo_t *cr, double fw, double fh)
{
  static const double v[] = { -0.8, -0.2, 0.0, 0.4, 1.2 };
  static const double m[] = { 0.5, -1, 0.25, 2, -0.75, 0 };
  static const char *const rows[] = { "q₁", "q₂", NULL };
  static const char *const cols[] = { "k₁", "k₂", "k₃", NULL };
  static const char *const lanes[] = { "GEMM", "softmax", NULL };
  static const char *const eq[] = { "O = \\operatorname{softmax}(QK^\\top)V", "m_i = \\max_j s_{ij}" };
  const AbTimelineBar bars[] = {
    { 0, 0, 3, AB_ACTIVE, "tile 1" }, { 1, 3, 5, AB_SRAM, "exp" }, { 0, 5, 8, AB_ACTIVE, "tile 2" },
  };
  gboolean wide = fw > fh;
  double w = wide ? fw / 3 - 40 : fw - 60, h = wide ? fh / 2 - 40 : fh / 6 - 30;
  AbRect cell[6];

  for (int i = 0; i < 6; i++)
    cell[i] = wide ? (AbRect) { 30 + (i % 3) * (w + 20), 30 + (i / 3) * (h + 20), w, h }
                   : (AbRect) { 30, 30 + i * (h + 20), w, h };

  ab_draw_gpu_block (cr, cell[0], "H100 SXM", 132, 40, 30.0 * (1 << 30), 80.0 * (1 << 30));
  ab_draw_panel (cr, cell[1], "Ring of four");
  ab_draw_ring (cr, (AbRect) { cell[1].x + 10, cell[1].y + 50, cell[1].w - 20, cell[1].h - 60 }, 4, 1, NULL);
  ab_draw_equation_callout (cr, cell[2], "Online softmax", eq, G_N_ELEMENTS (eq));
  ab_draw_panel (cr, cell[3], "Vector and matrix");
  ab_draw_vector (cr, (AbRect) { cell[3].x + 20, cell[3].y + 55, cell[3].w * 0.4, 36 }, v, 5, 1.0, "%.1f", 1);
  ab_draw_matrix (cr, (AbRect) { cell[3].x + cell[3].w * 0.5 + 30, cell[3].y + 85,
                                 cell[3].w * 0.5 - 50, cell[3].h - 100 }, m, 2, 3, 2.0, "%.2f", rows, cols);
  ab_draw_panel (cr, cell[4], "Chips and heads");
  {
    double x = cell[4].x + 20;
    x += ab_draw_token_chip (cr, x, cell[4].y + 60, "The", AB_ACTIVE, FALSE, TRUE) + 8;
    x += ab_draw_token_chip (cr, x, cell[4].y + 60, "animal", AB_ACTIVE, TRUE, TRUE) + 8;
    for (guint head = 0; head < 4; head++)
      ab_draw_head_badge (cr, cell[4].x + 40 + head * 50, cell[4].y + 150, 18, head);
  }
  ab_draw_panel (cr, cell[5], "Schedule");
  ab_draw_timeline_bars (cr, (AbRect) { cell[5].x + 20, cell[5].y + 60, cell[5].w - 40, cell[5].h - 80 },
                         lanes, 2, bars, G_N_ELEMENTS (bars), 8);
}

static void
test_components (void)
{
  for (guint k = 0; k < AB_N_LAYOUTS; k++)
    {
      double fw, fh;
      cairo_surface_t *surface;
      cairo_t *cr;
      AbInkRecorder *recorder = ab_ink_recorder_new ();
      g_autofree char *problems = NULL;
      guint n_text = 0;

      ab_layout_frame_size (k, &fw, &fh);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) fw, (int) fh);
      cr = cairo_create (surface);
      ab_style_attach (cr, k);
      ab_ink_recorder_attach (recorder, cr);
      ab_set_rgb (cr, AB_BG);
      cairo_paint (cr);
      draw_all (cr, fw, fh);

      for (guint i = 0; i < ab_ink_recorder_get_n (recorder); i++)
        n_text += ab_ink_recorder_get (recorder, i)->kind == AB_INK_TEXT;
      /* Every label was drawn: 6 titles, the GPU's counter, 4 ring labels, ... */
      g_assert_cmpuint (n_text, >=, 25);
      problems = ab_ink_recorder_check (recorder, (AbRect) { 0, 0, fw, fh });
      if (problems)
        g_error ("%s layout:\n%s", ab_layout_kind_to_string (k), problems);
      if (k == AB_LAYOUT_WIDE && g_getenv ("AB_BUILD_ROOT"))
        {
          g_autofree char *path = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "components.png", NULL);
          g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      ab_ink_recorder_free (recorder);
    }
}

/* Alpha (0…255) of the pixel at (x, 0) of an ARGB32 surface. */
static guint
alpha_at (cairo_surface_t *surface, int x)
{
  cairo_surface_flush (surface);
  return ((const guint32 *) cairo_image_surface_get_data (surface))[x] >> 24;
}

/* ab_fade_begin() fades shapes, text and nested fades alike, and
 * ab_fade_end() restores what was before: the three diagrams that show rows
 * still to come faintly rely on it instead of cairo groups. */
static void
test_fade (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 1);
  cairo_t *cr = cairo_create (surface);
  double outer, inner;

  g_assert_cmpfloat (ab_fade_get (cr), ==, 1);
  outer = ab_fade_begin (cr, 0.5);
  g_assert_cmpfloat (outer, ==, 1);
  cairo_rectangle (cr, 0, 0, 1, 1);
  ab_set_rgb (cr, AB_TEXT);
  cairo_fill (cr);
  inner = ab_fade_begin (cr, 0.5);
  g_assert_cmpfloat (inner, ==, 0.5);
  g_assert_cmpfloat (ab_fade_get (cr), ==, 0.25);
  cairo_rectangle (cr, 1, 0, 1, 1);
  ab_set_rgba (cr, AB_TEXT, 0.8);
  cairo_fill (cr);
  ab_fade_end (cr, inner);
  g_assert_cmpfloat (ab_fade_get (cr), ==, 0.5);
  ab_fade_end (cr, outer);
  g_assert_cmpfloat (ab_fade_get (cr), ==, 1);
  cairo_rectangle (cr, 2, 0, 1, 1);
  ab_set_rgb (cr, AB_TEXT);
  cairo_fill (cr);
  /* out-of-range fades clamp instead of brightening or going negative */
  outer = ab_fade_begin (cr, -3);
  g_assert_cmpfloat (ab_fade_get (cr), ==, 0);
  ab_fade_end (cr, outer);
  outer = ab_fade_begin (cr, 7);
  g_assert_cmpfloat (ab_fade_get (cr), ==, 1);
  ab_fade_end (cr, outer);

  g_assert_cmpuint (alpha_at (surface, 0), ==, 128);
  g_assert_cmpuint (alpha_at (surface, 1), ==, 51);
  g_assert_cmpuint (alpha_at (surface, 2), ==, 255);
  g_assert_cmpuint (alpha_at (surface, 3), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/components/every-layout", test_components);
  g_test_add_func ("/components/fade", test_fade);
  return g_test_run ();
}

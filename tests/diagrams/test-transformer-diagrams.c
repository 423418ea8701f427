/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transformer-diagrams.c — the Part 1 transformer diagrams as objects:
 * steps and captions, parameters, the multi-head click, and that every step
 * draws without leaving the cairo context in an error state.
 */
#include "ab-diagram-registry.h"
#include "ab-multihead-diagram.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

static const char *const names[] = {
  "multihead-self-attention", "qkv-walkthrough", "positional-encoding",
  "attention-memory", "transformer-architecture",
};

static void
test_every_step_draws (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 180);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      AbDiagram *d = ab_diagram_registry_create (names[i], &error);
      guint n;

      g_assert_no_error (error);
      n = ab_diagram_get_n_steps (d);
      g_assert_cmpuint (n, >=, 3);
      for (guint s = 0; s < n; s++)
        {
          g_autofree char *title = ab_diagram_dup_caption (d, s);
          g_autofree char *text = ab_diagram_describe (d, s);
          cairo_t *cr = cairo_create (surface);

          g_assert_true (title && *title);
          g_assert_true (text && g_utf8_strlen (text, -1) > 40);
          /* Whole steps and a tween half-way into the next one. */
          ab_diagram_render (d, cr, 320, 180, s);
          if (s + 1 < n)
            ab_diagram_render (d, cr, 320, 180, s + 0.5);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          cairo_destroy (cr);
        }
      g_object_unref (d);
    }
  cairo_surface_destroy (surface);
}

static void
test_multihead_click_and_toggles (void)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *d = ab_diagram_registry_create ("multihead-self-attention", &error);
  double x_it, y_top;

  g_assert_no_error (error);
  /* Token 8 ("it") in the attending row, where the diagram draws it. */
  ab_multihead_diagram_token_center (AB_MULTIHEAD_DIAGRAM (d), AB_LAYOUT_WIDE, 8, FALSE, &x_it, &y_top);
  g_assert_cmpfloat (ab_diagram_get_param (d, "focus"), ==, -1);
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_WIDE, x_it, y_top));
  g_assert_cmpfloat (ab_diagram_get_param (d, "focus"), ==, 8);
  /* The same token again shows every token. */
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_WIDE, x_it, y_top));
  g_assert_cmpfloat (ab_diagram_get_param (d, "focus"), ==, -1);
  /* Empty canvas with nothing focused changes nothing. */
  g_assert_false (ab_diagram_click (d, AB_LAYOUT_WIDE, 5, 5));

  g_assert_true (ab_diagram_set_param_from_string (d, "head3=off", &error));
  g_assert_cmpfloat (ab_diagram_get_param (d, "head3"), ==, 0);
  g_assert_false (ab_diagram_set_param_from_string (d, "focus=13", &error));
  g_assert_nonnull (error);
  g_object_unref (d);
}

static void
test_posenc_params (void)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *d = ab_diagram_registry_create ("positional-encoding", &error);

  g_assert_no_error (error);
  g_assert_true (ab_diagram_set_param_from_string (d, "d_model=64", &error));
  g_assert_true (ab_diagram_set_param_from_string (d, "position=99", &error));
  g_assert_false (ab_diagram_set_param_from_string (d, "d_model=8", &error));
  g_object_unref (d);

  d = ab_diagram_registry_create ("attention-memory", NULL);
  g_assert_true (ab_diagram_set_param_from_string (d, "n=4096", NULL));
  g_assert_cmpfloat (ab_diagram_get_param (d, "n"), ==, 5);
  g_assert_true (ab_diagram_set_param_from_string (d, "model=bert-large", NULL));
  g_object_unref (d);
}

/* Past the kernel's budget attention-memory refuses, and says why; a
 * setting that fits draws again. */
static void
test_memory_budget_error (void)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *d = ab_diagram_registry_create ("attention-memory", &error);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 180);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (ab_diagram_ensure_updated (d, &error));
  g_assert_true (ab_diagram_set_param_from_string (d, "n=32768", &error));
  g_assert_false (ab_diagram_ensure_updated (d, &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE);
  g_assert_cmpstr (error->message, ==, "N = 32768 needs 4 GiB of fp32 scores for one head; the budget is 2 GiB");
  /* The canvas shows the refusal in place of the stages; the description says it too. */
  for (guint k = 0; k < AB_N_LAYOUTS; k++)
    ab_diagram_render_layout (d, cr, k, 320, 180, 3);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  text = ab_diagram_describe (d, 0);
  g_assert_nonnull (strstr (text, "needs 4 GiB"));
  g_clear_error (&error);

  g_assert_true (ab_diagram_set_param_from_string (d, "n=16384", &error));
  g_assert_true (ab_diagram_ensure_updated (d, &error));
  g_assert_null (ab_diagram_get_error (d));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/transformer/diagrams/every-step-draws", test_every_step_draws);
  g_test_add_func ("/transformer/diagrams/multihead-click", test_multihead_click_and_toggles);
  g_test_add_func ("/transformer/diagrams/params", test_posenc_params);
  g_test_add_func ("/transformer/diagrams/memory-budget-error", test_memory_budget_error);
  return g_test_run ();
}

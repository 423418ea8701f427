/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c — every diagram, every step, as SVG and PNG
 *
 * Frames are rendered with the exporter the CLI uses; each SVG must render
 * with rsvg-convert (librsvg, the renderer GNOME and most browsers' peers use)
 * and each PNG must have the requested pixel size.
 */
#include "ab-diagram-registry.h"
#include "ab-frame-export.h"

#include <glib.h>
#include <pango/pango.h>
#include <glib/gstdio.h>
#include <string.h>

static char *tmpdir;

static void
rsvg_check (const char *svg)
{
  g_autofree char *png = g_strconcat (svg, ".check.png", NULL);
  const char *argv[] = { "rsvg-convert", "--format", "png", "--output", png, svg, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("rsvg-convert rejected %s: %s", svg, err);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_unlink (png);
}

static void
test_diagram (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (name, &error);
  guint n;

  g_assert_no_error (error);
  n = ab_diagram_get_n_steps (diagram);
  g_assert_cmpuint (n, >=, 1);
  g_assert_nonnull (ab_diagram_get_title (diagram));

  for (guint step = 0; step < n; step++)
    {
      g_autofree char *svg = g_strdup_printf ("%s/%s-%02u.svg", tmpdir, name, step);
      g_autofree char *png = g_strdup_printf ("%s/%s-%02u.png", tmpdir, name, step);
      g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
      g_autofree char *description = ab_diagram_describe (diagram, step);
      cairo_surface_t *image;

      g_assert_true (caption && *caption);
      /* Captions are Pango markup: the view and the exports both parse them. */
      g_assert_true (pango_parse_markup (caption, -1, 0, NULL, NULL, NULL, NULL));
      g_assert_true (description && *description);
      {
        /* Every frame carries its legend, so an exported frame stands alone. */
        g_autoptr (GPtrArray) legend = ab_diagram_get_legend (diagram, step);
        g_assert_cmpuint (legend->len, >=, 1);
        for (guint l = 0; l < legend->len; l++)
          g_assert_true (pango_parse_markup (((AbLegendItem *) g_ptr_array_index (legend, l))->label, -1, 0,
                                             NULL, NULL, NULL, NULL));
      }
      g_assert_true (ab_frame_export (diagram, AB_LAYOUT_WIDE, step, AB_FRAME_SVG, 1600, 900, 1, svg, &error));
      g_assert_no_error (error);
      rsvg_check (svg);
      g_assert_true (ab_frame_export (diagram, AB_LAYOUT_WIDE, step, AB_FRAME_PNG, 800, 450, 1.5, png, &error));
      g_assert_no_error (error);
      image = cairo_image_surface_create_from_png (png);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, 675);
      cairo_surface_destroy (image);
      g_unlink (svg);
      g_unlink (png);
    }

  /* A tween between two steps draws too (the --fps path). */
  if (n > 1)
    {
      g_autofree char *mid = g_strdup_printf ("%s/%s-mid.svg", tmpdir, name);
      g_assert_true (ab_frame_export (diagram, AB_LAYOUT_WIDE, 0.5, AB_FRAME_SVG, 640, 360, 1, mid, &error));
      rsvg_check (mid);
      g_unlink (mid);
    }
}

static void
test_params_extremes (gconstpointer data)
{
  const char *name = data;
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (name, NULL);
  guint n_params = ab_diagram_get_n_params (diagram);

  /* Every parameter at both ends of its range still renders every step. */
  for (guint i = 0; i < n_params; i++)
    {
      const AbParamSpec *spec = ab_diagram_get_param_spec (diagram, i);
      const double ends[] = { ab_param_spec_get_min (spec), ab_param_spec_get_max (spec) };

      for (guint e = 0; e < 2; e++)
        {
          g_autoptr (GError) error = NULL;
          g_assert_true (ab_diagram_set_param (diagram, spec->key, ends[e], &error));
          g_assert_no_error (error);
          for (guint step = 0; step < ab_diagram_get_n_steps (diagram); step++)
            {
              cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 180);
              cairo_t *cr = cairo_create (s);
              ab_diagram_render (diagram, cr, 320, 180, step);
              g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
              cairo_destroy (cr);
              cairo_surface_destroy (s);
            }
        }
      ab_diagram_reset_params (diagram);
    }
}

static void
test_param_errors (void)
{
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create ("scoring-functions", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (ab_diagram_set_param_from_string (diagram, "d_k=1000", &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (ab_diagram_set_param_from_string (diagram, "colour=red", &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_UNKNOWN_PARAM);
  g_clear_error (&error);
  g_assert_false (ab_diagram_set_param_from_string (diagram, "d_k=lots", &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (ab_diagram_set_param_from_string (diagram, "d_k", &error));
  g_clear_error (&error);
  g_assert_true (ab_diagram_set_param_from_string (diagram, "d_k=128", &error));
  g_assert_cmpfloat (ab_diagram_get_param (diagram, "d_k"), ==, 128);
  g_assert_null (ab_diagram_registry_create ("no-such-diagram", &error));
  g_assert_error (error, AB_REGISTRY_ERROR, AB_REGISTRY_ERROR_UNKNOWN_DIAGRAM);
}

static void
test_bad_sizes (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (ab_frame_check_size (0, 900, 1, &error));
  g_clear_error (&error);
  g_assert_false (ab_frame_check_size (1600, -1, 1, &error));
  g_clear_error (&error);
  g_assert_false (ab_frame_check_size (100000, 900, 1, &error));
  g_clear_error (&error);
  g_assert_false (ab_frame_check_size (8000, 8000, 1, &error));
  g_clear_error (&error);
  g_assert_false (ab_frame_check_size (1600, 900, 0, &error));
  g_clear_error (&error);
  g_assert_true (ab_frame_check_size (1600, 900, 2, &error));
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) names = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("ab-export-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  names = ab_diagram_registry_list_names ();
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/every-step/%s", names[i]);
      g_autofree char *ppath = g_strdup_printf ("/export/param-extremes/%s", names[i]);
      g_test_add_data_func (path, names[i], test_diagram);
      g_test_add_data_func (ppath, names[i], test_params_extremes);
    }
  g_test_add_func ("/export/param-errors", test_param_errors);
  g_test_add_func ("/export/bad-sizes", test_bad_sizes);
  status = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}

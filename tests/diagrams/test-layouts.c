/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layouts.c — every diagram, every step, every layout, three sizes
 *
 * Each frame is drawn with an ink recorder attached (ab-style.h): the test
 * fails when two text boxes overlap, text leaves its panel or the canvas,
 * is clipped, or is wider than the space it was given. The sizes are the
 * app's wide column (1600×900), a half-width window (800×900) and a phone
 * (390×700). AB_DIAGRAMS=name,name limits the run to some diagrams.
 */
#include "ab-diagram-registry.h"

#include <glib.h>
#include <math.h>

static const int sizes[][2] = { { 1600, 900 }, { 800, 900 }, { 390, 700 } };

static gboolean
wanted (const char *name)
{
  const char *only = g_getenv ("AB_DIAGRAMS");
  g_auto (GStrv) names = NULL;

  if (only == NULL || *only == '\0')
    return TRUE;
  names = g_strsplit (only, ",", -1);
  return g_strv_contains ((const char * const *) names, name);
}

/* Problems of one frame, or NULL. */
static char *
check_frame (AbDiagram *diagram, AbLayoutKind kind, int width, int height, double position)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  AbInkRecorder *recorder = ab_ink_recorder_new ();
  double fw, fh, s;
  AbRect frame;
  char *problems;

  ab_ink_recorder_attach (recorder, cr);
  ab_diagram_render_layout (diagram, cr, kind, width, height, position);
  ab_layout_frame_size (kind, &fw, &fh);
  s = MIN (width / fw, height / fh);
  frame = (AbRect) { (width - fw * s) / 2, (height - fh * s) / 2, fw * s, fh * s };
  g_assert_cmpuint (ab_ink_recorder_get_n (recorder), >, 0);
  problems = ab_ink_recorder_check (recorder, frame);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ab_ink_recorder_free (recorder);
  return problems;
}

static void
test_diagram (gconstpointer data)
{
  const char *name = data;
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (name, NULL);
  g_autoptr (GString) report = g_string_new (NULL);
  guint n_steps;

  g_assert_nonnull (diagram);
  n_steps = ab_diagram_get_n_steps (diagram);
  for (guint k = 0; k < AB_N_LAYOUTS; k++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      for (guint step = 0; step < n_steps; step++)
        {
          g_autofree char *problems = check_frame (diagram, k, sizes[z][0], sizes[z][1], step);
          if (problems)
            g_string_append_printf (report, "%s, %s layout, %d×%d, step %u:\n%s", name,
                                    ab_layout_kind_to_string (k), sizes[z][0], sizes[z][1],
                                    step + 1, problems);
        }
  if (report->len > 0)
    {
      g_printerr ("%s", report->str);
      g_test_fail_printf ("%s: text overlaps or is clipped (listed above)", name);
    }
}

static void
test_recorder_finds_overlap (void)
{
  /* The check itself can fail: two labels on top of each other, one cut by
   * the canvas edge, one wider than its space, one leaving its panel. */
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  AbInkRecorder *recorder = ab_ink_recorder_new ();
  g_autofree char *problems = NULL;

  ab_ink_recorder_attach (recorder, cr);
  ab_text (cr, AB_TEXT_BODY, "first label", 100, 100, AB_TEXT, AB_ALIGN_LEFT, -1);
  ab_text (cr, AB_TEXT_BODY, "second label", 110, 104, AB_TEXT, AB_ALIGN_LEFT, -1);
  ab_text (cr, AB_TEXT_BODY, "off the edge", 390, 300, AB_TEXT, AB_ALIGN_LEFT, -1);
  ab_text (cr, AB_TEXT_BODY, "Unbreakablewordthatistoolong", 100, 200, AB_TEXT, AB_ALIGN_LEFT, 60);
  ab_draw_panel (cr, (AbRect) { 100, 300, 100, 60 }, NULL);
  ab_text (cr, AB_TEXT_BODY, "spills out of its panel", 110, 310, AB_TEXT, AB_ALIGN_LEFT, -1);
  problems = ab_ink_recorder_check (recorder, (AbRect) { 0, 0, 400, 400 });

  g_assert_nonnull (problems);
  g_assert_nonnull (strstr (problems, "“first label” overlaps “second label”"));
  g_assert_nonnull (strstr (problems, "“off the edge” leaves the canvas"));
  g_assert_nonnull (strstr (problems, "is wider than its space"));
  g_assert_nonnull (strstr (problems, "“spills out of its panel” leaves its panel"));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ab_ink_recorder_free (recorder);
}

static void
test_stages_follow_layout (void)
{
  /* Wide puts the stages side by side; narrow stacks them. */
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create ("scoring-functions", NULL);
  AbLayout wide, narrow;

  ab_diagram_get_layout (diagram, AB_LAYOUT_WIDE, &wide);
  ab_diagram_get_layout (diagram, AB_LAYOUT_NARROW, &narrow);
  g_assert_cmpuint (wide.n_stages, >=, 2);
  g_assert_cmpuint (narrow.n_stages, ==, wide.n_stages);
  g_assert_cmpfloat (wide.stages[0].y, ==, wide.stages[1].y);
  g_assert_cmpfloat (wide.stages[0].x, <, wide.stages[1].x);
  g_assert_cmpfloat (narrow.stages[0].x, ==, narrow.stages[1].x);
  g_assert_cmpfloat (narrow.stages[0].y + narrow.stages[0].h, <=, narrow.stages[1].y);
  for (guint i = 0; i < narrow.n_stages; i++)
    {
      g_assert_cmpfloat (narrow.stages[i].h, >, 0);
      g_assert_cmpfloat (narrow.stages[i].y, >=, narrow.header.y + narrow.header.h);
      g_assert_cmpfloat (narrow.stages[i].y + narrow.stages[i].h, <=, narrow.legend.y);
    }
}

int
main (int argc, char **argv)
{
  g_auto (GStrv) names = ab_diagram_registry_list_names ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layouts/recorder-finds-overlap", test_recorder_finds_overlap);
  g_test_add_func ("/layouts/stages-follow-layout", test_stages_follow_layout);
  for (guint i = 0; names[i]; i++)
    if (wanted (names[i]))
      {
        g_autofree char *path = g_strdup_printf ("/layouts/%s", names[i]);
        g_test_add_data_func (path, names[i], test_diagram);
      }
  return g_test_run ();
}

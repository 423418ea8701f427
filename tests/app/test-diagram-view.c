/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-diagram-view.c — Step while a diagram's step count is still being computed;
 * the canvas warms up its layers
 *
 * Some diagrams (the ring's) learn how many steps they have from their
 * results, which a worker thread computes. A reader who presses Step (or
 * the Right key) before they arrive must not lose the press: the view
 * keeps it and takes it when the step count is known, Step Back takes one
 * back, and Reset forgets them. A diagram defined here holds its update()
 * at a gate until the test opens it, so the wait is certain.
 *
 * The caption keeps the height of the longest step's, so the controls
 * under it stay where the pointer is while the diagram steps.
 *
 * The canvas, once a frame is on screen, draws every step and half step
 * offscreen so a diagram's layers exist before playback needs them; it
 * does so again for new results and for a new size, without the timeline
 * moving.
 */
#include "gui-test-util.h"
#include "update-gate.h"
#include "ab-diagram-canvas.h"
#include "ab-diagram-caption.h"
#include "ab-diagram-view.h"
#include "ab-resources.h"
#include "ab-timeline.h"

#include <adwaita.h>

#define TEST_TYPE_DIAGRAM (test_diagram_get_type ())
G_DECLARE_FINAL_TYPE (TestDiagram, test_diagram, TEST, DIAGRAM, AbDiagram)

struct _TestDiagram
{
  AbDiagram parent_instance;
};

AB_DEFINE_DIAGRAM (TestDiagram, test_diagram, info)

static const AbParamSpec params[] = {
  { .key = "steps", .label = "Steps", .kind = AB_PARAM_SLIDER, .min = 2, .max = 8, .step = 1 },
};

static gboolean
test_diagram_update (AbDiagram *diagram, GError **error)
{
  update_gate_pass ();   /* held while a test closes the gate */
  ab_diagram_set_result (diagram, GUINT_TO_POINTER ((guint) ab_diagram_get_param (diagram, "steps")), NULL);
  return TRUE;
}

static guint
test_diagram_get_n_steps (AbDiagram *diagram)
{
  return GPOINTER_TO_UINT (ab_diagram_get_result (diagram));
}

#define LONG_CAPTION \
  "Step 3, with a caption long enough to wrap onto several lines in a window of this " \
  "width: it says what the step shows, why it matters, and what the reader should " \
  "look at next, as the book's longest captions do, so that the test sees the " \
  "caption keep the height of this one at every other step."

static char *
test_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  if (step == 2)
    return g_strdup (LONG_CAPTION);
  return g_strdup_printf ("Step %u", step + 1);
}

static GArray *drawn_positions;   /* double: every position drawn, while set */

static void
test_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  if (drawn_positions)
    g_array_append_val (drawn_positions, position);
  ab_text (cr, AB_TEXT_BODY, "stage", layout->stages[0].x, layout->stages[0].y, AB_TEXT, AB_ALIGN_LEFT, -1);
}

static char *
test_diagram_describe (AbDiagram *diagram, guint step)
{
  return g_strdup_printf ("State %u.", step + 1);
}

static const AbDiagramInfo info = {
  .name = "test-steps-from-results",
  .title = "Steps from results",
  AB_TABLE (params, params),
  .update = test_diagram_update, .draw = test_diagram_draw,
  .describe = test_diagram_describe,
  .get_n_steps = test_diagram_get_n_steps,
  .dup_caption = test_diagram_dup_caption,
};

/* The view, in a window --------------------------------------------------------- */

static gboolean
view_done (gpointer view)
{
  return !ab_diagram_view_get_computing (view);
}

static guint
n_steps (AbDiagramView *view)
{
  return ab_timeline_get_n_steps (ab_diagram_view_get_timeline (view));
}

/* A view whose diagram is computing @steps steps behind a closed gate. */
static AbDiagramView *
view_waiting (GtkWidget *window, AbDiagram *diagram, double steps)
{
  AbDiagramView *view;

  update_gate_set (TRUE);
  g_assert_true (ab_diagram_set_param (diagram, "steps", steps, NULL));
  view = AB_DIAGRAM_VIEW (ab_diagram_view_new (diagram));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gui_spin (100);
  g_assert_true (ab_diagram_view_get_computing (view));
  g_assert_cmpuint (n_steps (view), ==, 1);
  return view;
}

static void
test_steps_wait_for_results (void)
{
  g_autoptr (AbDiagram) diagram = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  GtkWidget *window = gtk_window_new ();
  AbDiagramView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));

  /* Two presses while the count is unknown: step 3 of 5 once it is in. */
  view = view_waiting (window, diagram, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL));
  g_assert_true (ab_diagram_view_step_forward (view));
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, 0);
  update_gate_set (FALSE);
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (10000)));
  g_assert_cmpuint (n_steps (view), ==, 5);
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, 2);

  /* Three presses, one taken back: step 3 of 4. */
  view = view_waiting (window, diagram, 4);
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step-back", NULL));
  update_gate_set (FALSE);
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (10000)));
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, 2);

  /* More presses than steps end on the last; Reset forgets them all. */
  view = view_waiting (window, diagram, 3);
  for (int i = 0; i < 6; i++)
    g_assert_true (ab_diagram_view_step_forward (view));
  update_gate_set (FALSE);
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (10000)));
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, 2);
  g_assert_false (ab_diagram_view_step_forward (view));

  view = view_waiting (window, diagram, 6);
  g_assert_true (ab_diagram_view_step_forward (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  update_gate_set (FALSE);
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (10000)));
  g_assert_cmpuint (n_steps (view), ==, 6);
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static double
y_in (GtkWidget *widget, GtkWidget *ancestor)
{
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (widget, ancestor, &GRAPHENE_POINT_INIT (0, 0), &p));
  return p.y;
}

static GtkWidget *
find_child (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_caption_keeps_height (void)
{
  g_autoptr (AbDiagram) diagram = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  GtkWidget *window = gtk_window_new ();
  AbDiagramView *view;
  GtkWidget *caption, *controls;
  double controls_y, caption_h;

  update_gate_set (FALSE);
  g_assert_true (ab_diagram_set_param (diagram, "steps", 4, NULL));
  view = AB_DIAGRAM_VIEW (ab_diagram_view_new (diagram));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (10000)));
  gui_spin (100);
  caption = find_child (GTK_WIDGET (view), AB_TYPE_DIAGRAM_CAPTION);
  controls = find_child (GTK_WIDGET (view), GTK_TYPE_SCALE);   /* the timeline */
  g_assert_nonnull (caption);
  g_assert_nonnull (controls);
  g_assert_cmpstr (ab_diagram_caption_get_markup (AB_DIAGRAM_CAPTION (caption)), ==, "Step 1");
  controls_y = y_in (controls, GTK_WIDGET (view));
  caption_h = gtk_widget_get_height (caption);
  /* Room for the long caption's lines, though step 1 has one. */
  g_assert_cmpint (caption_h, >, 3 * 14);

  for (guint step = 1; step < 4; step++)
    {
      ab_diagram_view_go_to_step (view, step);
      gui_spin (50);
      g_assert_cmpstr (ab_diagram_caption_get_markup (AB_DIAGRAM_CAPTION (caption)), ==,
                       step == 2 ? LONG_CAPTION : step == 1 ? "Step 2" : "Step 4");
      g_assert_cmpfloat (gtk_widget_get_height (caption), ==, caption_h);
      g_assert_cmpfloat (y_in (controls, GTK_WIDGET (view)), ==, controls_y);
    }
  if (g_getenv ("AB_BUILD_ROOT"))
    {
      g_autofree char *shots = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);
      ab_diagram_view_go_to_step (view, 1);
      gui_screenshot (window, shots, "diagram-caption-short-step");
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
canvas_warm (gpointer canvas)
{
  return ab_diagram_canvas_is_warm (canvas);
}

static gboolean
canvas_narrow (gpointer canvas)
{
  return ab_diagram_canvas_get_layout (canvas) == AB_LAYOUT_NARROW;
}

/* Every half step of 0 … @last among the positions drawn since the last call. */
static void
assert_drew_every_half_step (guint last)
{
  for (guint i = 0; i <= 2 * last; i++)
    {
      gboolean found = FALSE;
      for (guint k = 0; k < drawn_positions->len && !found; k++)
        found = g_array_index (drawn_positions, double, k) == i / 2.0;
      if (!found)
        g_error ("the warm-up did not draw position %.1f", i / 2.0);
    }
  g_array_set_size (drawn_positions, 0);
}

static void
test_canvas_warms_up (void)
{
  g_autoptr (AbDiagram) diagram = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = ab_diagram_canvas_new ();

  update_gate_set (FALSE);
  drawn_positions = g_array_new (FALSE, FALSE, sizeof (double));
  g_assert_true (ab_diagram_set_param (diagram, "steps", 4, NULL));
  ab_diagram_canvas_set_diagram (AB_DIAGRAM_CANVAS (canvas), diagram);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 540);
  g_assert_false (ab_diagram_canvas_is_warm (AB_DIAGRAM_CANVAS (canvas)));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gui_spin_until (canvas_warm, canvas, gui_timeout (10000)));
  assert_drew_every_half_step (3);

  /* New results: stale until it has drawn their steps. */
  g_assert_true (ab_diagram_set_param (diagram, "steps", 6, NULL));
  g_assert_false (ab_diagram_canvas_is_warm (AB_DIAGRAM_CANVAS (canvas)));
  gtk_widget_queue_draw (canvas);
  g_assert_true (gui_spin_until (canvas_warm, canvas, gui_timeout (10000)));
  assert_drew_every_half_step (5);

  /* A new size: the same again. */
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 800);
  g_assert_true (gui_spin_until (canvas_narrow, canvas, gui_timeout (10000)));
  g_assert_true (gui_spin_until (canvas_warm, canvas, gui_timeout (10000)));
  assert_drew_every_half_step (5);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&drawn_positions, g_array_unref);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The view's template; referencing the bundle keeps the static link from dropping it. */
  (void) ab_get_resource ();
  g_test_add_func ("/diagram-view/steps-wait-for-results", test_steps_wait_for_results);
  g_test_add_func ("/diagram-view/caption-keeps-height", test_caption_keeps_height);
  g_test_add_func ("/diagram-view/canvas-warms-up", test_canvas_warms_up);
  return g_test_run ();
}

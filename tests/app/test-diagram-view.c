/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-diagram-view.c — Step while a diagram's step count is still being computed
 *
 * Some diagrams (the ring's) learn how many steps they have from their
 * results, which a worker thread computes. A reader who presses Step (or
 * the Right key) before they arrive must not lose the press: the view
 * keeps it and takes it when the step count is known, Step Back takes one
 * back, and Reset forgets them. A diagram defined here holds its update()
 * at a gate until the test opens it, so the wait is certain.
 */
#include "gui-test-util.h"
#include "update-gate.h"
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

static char *
test_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  return g_strdup_printf ("Step %u", step + 1);
}

static void
test_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
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

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The view's template; referencing the bundle keeps the static link from dropping it. */
  (void) ab_get_resource ();
  g_test_add_func ("/diagram-view/steps-wait-for-results", test_steps_wait_for_results);
  return g_test_run ();
}

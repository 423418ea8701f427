/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-framework.c — AbDiagram's contract, on a small diagram defined here
 *
 * Nothing is computed until something is drawn or described; "changed" is
 * emitted once per change (also for a click that sets two parameters); a
 * choice's range comes from its choices; describe() gets the framework's
 * prefix; an update() that fails puts its message on the canvas, and the
 * parameter stays adjustable; ab_diagram_prepare() runs update() on a
 * worker thread, and whatever needs the results meanwhile waits for it.
 */
#include "ab-diagram.h"
#include "update-gate.h"

#include <glib.h>
#include <string.h>

#define TEST_TYPE_DIAGRAM (test_diagram_get_type ())
G_DECLARE_FINAL_TYPE (TestDiagram, test_diagram, TEST, DIAGRAM, AbDiagram)

struct _TestDiagram
{
  AbDiagram parent_instance;
  guint     n_updates;       /* atomic: a worker thread counts too */
  GThread  *update_thread;   /* where the last update() ran */
};

AB_DEFINE_DIAGRAM (TestDiagram, test_diagram, info)

static const char *const steps[] = { "one", "two", "three" };
static const char *const sizes[] = { "small", "large", "huge", NULL };
static const AbParamSpec params[] = {
  { .key = "size", .label = "Size", .kind = AB_PARAM_CHOICE, .choices = sizes },
  { .key = "x", .label = "X", .kind = AB_PARAM_SLIDER, .min = 0, .max = 10, .step = 1 },
};
static const AbLegendSpec legend[] = {
  { "always", AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { "from step two", AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_FROM (1) },
};

static gboolean
test_diagram_update (AbDiagram *diagram, GError **error)
{
  update_gate_pass ();   /* held while a test closes the gate */
  TEST_DIAGRAM (diagram)->update_thread = g_thread_self ();
  g_atomic_int_inc (&TEST_DIAGRAM (diagram)->n_updates);
  if (ab_diagram_get_param (diagram, "size") == 2)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "huge needs 9 GiB; the budget is 2 GiB");
      return FALSE;
    }
  ab_diagram_set_result (diagram, g_strdup ("result"), g_free);
  return TRUE;
}

static void
test_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  g_assert_cmpstr (ab_diagram_get_result (diagram), ==, "result");
  ab_text (cr, AB_TEXT_BODY, "stage", layout->stages[0].x, layout->stages[0].y, AB_TEXT, AB_ALIGN_LEFT, -1);
}

static char *
test_diagram_describe (AbDiagram *diagram, guint step)
{
  return g_strdup ("State.");
}

static gboolean
test_diagram_click (AbDiagram *diagram, const AbLayout *layout, double x, double y)
{
  ab_diagram_set_param (diagram, "x", 3, NULL);
  ab_diagram_set_param (diagram, "size", 1, NULL);
  return TRUE;
}

static const AbDiagramInfo info = {
  .name = "test",
  .title = "Test diagram",
  AB_TABLE (steps, steps), AB_TABLE (params, params), AB_TABLE (legend, legend),
  .update = test_diagram_update, .draw = test_diagram_draw,
  .describe = test_diagram_describe,
  .click = test_diagram_click,
};

static void
count (gpointer instance, guint *n)
{
  (*n)++;
}

/* The text drawn on a frame, one line per text box. */
static char *
render_text (AbDiagram *diagram, AbLayoutKind kind)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  AbInkRecorder *recorder = ab_ink_recorder_new ();
  GString *text = g_string_new (NULL);

  ab_ink_recorder_attach (recorder, cr);
  ab_diagram_render_layout (diagram, cr, kind, 1600, 900, 0);
  for (guint i = 0; i < ab_ink_recorder_get_n (recorder); i++)
    if (ab_ink_recorder_get (recorder, i)->kind == AB_INK_TEXT)
      g_string_append_printf (text, "%s\n", ab_ink_recorder_get (recorder, i)->text);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ab_ink_recorder_free (recorder);
  return g_string_free (text, FALSE);
}

static void
test_lazy_and_changed_once (void)
{
  g_autoptr (AbDiagram) d = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  TestDiagram *t = TEST_DIAGRAM (d);
  g_autofree char *text = NULL;
  guint changed = 0;

  g_signal_connect (d, "changed", G_CALLBACK (count), &changed);
  /* Making it, reading its name and parameters computes nothing. */
  g_assert_cmpstr (ab_diagram_get_name (d), ==, "test");
  g_assert_cmpuint (ab_diagram_get_n_steps (d), ==, 3);
  g_assert_cmpuint (t->n_updates, ==, 0);

  g_assert_true (ab_diagram_set_param (d, "x", 5, NULL));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (ab_diagram_set_param (d, "x", 5, NULL));   /* no change, no signal */
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (t->n_updates, ==, 0);

  text = render_text (d, AB_LAYOUT_WIDE);
  g_assert_cmpuint (t->n_updates, ==, 1);
  g_assert_nonnull (strstr (text, "Test diagram\none\n"));
  g_assert_nonnull (strstr (text, "stage"));
  g_assert_nonnull (strstr (text, "always"));
  g_assert_null (strstr (text, "from step two"));   /* the legend follows the step */

  /* A click that sets two parameters notifies once. */
  g_assert_true (ab_diagram_click (d, AB_LAYOUT_WIDE, 100, 100));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpfloat (ab_diagram_get_param (d, "x"), ==, 3);
}

static void
test_choice_range_and_describe (void)
{
  g_autoptr (AbDiagram) d = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  const AbParamSpec *spec = ab_diagram_find_param (d, "size");

  g_assert_cmpfloat (ab_param_spec_get_max (spec), ==, 2);
  g_assert_false (ab_diagram_set_param (d, "size", 3, &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_true (ab_diagram_set_param_from_string (d, "size=large", NULL));
  g_assert_cmpfloat (ab_diagram_get_param (d, "size"), ==, 1);

  description = ab_diagram_describe (d, 9);   /* clamped to the last step */
  g_assert_cmpstr (description, ==, "Test diagram, step 3 of 3: three. State.");
}

static void
test_update_error_on_canvas (void)
{
  g_autoptr (AbDiagram) d = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (ab_diagram_set_param_from_string (d, "size=huge", NULL));
  g_assert_false (ab_diagram_ensure_updated (d, &error));
  g_assert_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE);
  for (guint k = 0; k < AB_N_LAYOUTS; k++)
    {
      /* The message replaces the stages; draw() is never called without a result. */
      g_autofree char *text = render_text (d, k);
      g_assert_nonnull (strstr (text, "huge needs 9 GiB; the budget is 2 GiB"));
      g_assert_null (strstr (text, "stage"));
    }
  /* Moving the parameter back clears the error. */
  g_assert_true (ab_diagram_set_param (d, "size", 0, NULL));
  g_assert_true (ab_diagram_ensure_updated (d, NULL));
  g_assert_null (ab_diagram_get_error (d));
}

static gpointer
open_gate_later (gpointer data)
{
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  update_gate_set (FALSE);
  return NULL;
}

static void
test_update_off_the_main_thread (void)
{
  g_autoptr (AbDiagram) d = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  TestDiagram *t = TEST_DIAGRAM (d);
  g_autofree char *text = NULL;
  GThread *opener;
  guint n_updated = 0;

  g_signal_connect (d, "updated", G_CALLBACK (count), &n_updated);

  /* A slow update: prepare() starts it and does not wait past its limit. */
  update_gate_set (TRUE);
  g_assert_false (ab_diagram_prepare (d, 0));
  g_assert_false (ab_diagram_prepare (d, 20));
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);   /* a quick update would be done by now */
  g_assert_cmpuint (g_atomic_int_get (&t->n_updates), ==, 0);   /* the gate holds it */
  g_assert_false (ab_diagram_is_current (d));
  /* Parameters stay adjustable meanwhile; the results are stale again. */
  g_assert_true (ab_diagram_set_param (d, "x", 4, NULL));
  update_gate_set (FALSE);
  while (n_updated == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (t->update_thread != g_thread_self ());
  g_assert_cmpuint (g_atomic_int_get (&t->n_updates), ==, 1);
  g_assert_false (ab_diagram_is_current (d));

  /* A quick one finishes within the wait. */
  g_assert_true (ab_diagram_prepare (d, 5000));
  g_assert_cmpuint (g_atomic_int_get (&t->n_updates), ==, 2);
  g_assert_true (ab_diagram_is_current (d));

  /* Drawing while a worker computes waits for its results (draw() asserts
   * them) instead of reading half-written ones, and computes once. */
  update_gate_set (TRUE);
  g_assert_true (ab_diagram_set_param (d, "x", 5, NULL));
  g_assert_false (ab_diagram_prepare (d, 0));
  opener = g_thread_new ("opener", open_gate_later, NULL);
  text = render_text (d, AB_LAYOUT_WIDE);
  g_thread_join (opener);
  g_assert_nonnull (strstr (text, "stage"));
  g_assert_cmpuint (g_atomic_int_get (&t->n_updates), ==, 3);
  while (n_updated < 3)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean gone;
  guint    n_updates;   /* its update()s, read as it goes */
  GThread *thread;      /* where it went */
} Farewell;

static void
note_farewell (gpointer data, GObject *where_the_object_was)
{
  Farewell *farewell = data;

  farewell->gone = TRUE;
  farewell->thread = g_thread_self ();
  farewell->n_updates = g_atomic_int_get (&TEST_DIAGRAM (where_the_object_was)->n_updates);
}

/* A diagram whose view went before its job's turn (a reader turning pages
 * faster than their kernels run) is not computed: the jobs behind it, the
 * page now shown, do not wait for it. It is freed on the main thread. */
static void
test_abandoned_update_skipped (void)
{
  g_autoptr (AbDiagram) held = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  AbDiagram *left = g_object_new (TEST_TYPE_DIAGRAM, NULL);
  Farewell farewell = { FALSE, 0, NULL };
  guint n_updated = 0;

  g_signal_connect (held, "updated", G_CALLBACK (count), &n_updated);
  update_gate_set (TRUE);
  g_assert_false (ab_diagram_prepare (held, 0));   /* the worker waits at the gate */
  g_assert_false (ab_diagram_prepare (left, 0));   /* queued behind it */
  g_object_weak_ref (G_OBJECT (left), note_farewell, &farewell);
  g_object_unref (left);                           /* its view goes */
  g_assert_false (farewell.gone);                  /* its job holds it */
  update_gate_set (FALSE);
  while (!farewell.gone || n_updated == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (farewell.n_updates, ==, 0);
  g_assert_true (farewell.thread == g_thread_self ());
  g_assert_cmpuint (g_atomic_int_get (&TEST_DIAGRAM (held)->n_updates), ==, 1);
  g_assert_true (ab_diagram_is_current (held));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/framework/lazy-and-changed-once", test_lazy_and_changed_once);
  g_test_add_func ("/framework/choice-range-and-describe", test_choice_range_and_describe);
  g_test_add_func ("/framework/update-error-on-canvas", test_update_error_on_canvas);
  g_test_add_func ("/framework/update-off-the-main-thread", test_update_off_the_main_thread);
  g_test_add_func ("/framework/abandoned-update-skipped", test_abandoned_update_skipped);
  return g_test_run ();
}

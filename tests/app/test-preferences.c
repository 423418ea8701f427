/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c — the preferences window, driven as a reader drives it
 *
 * Opens it from the app's action (Ctrl+comma), changes each row's widget
 * and checks the key and its effect: reduced motion snaps a diagram's steps,
 * a smaller kernel memory budget makes the attention-memory diagram refuse
 * N = 8192, the thread count reaches the kernels, a larger text size
 * typesets formulas larger, and the export format is kept. Runs under Xvfb
 * with the memory GSettings backend and G_DEBUG=fatal-criticals.
 */
#include "gui-test-util.h"
#include "config.h"
#include "ab-application.h"
#include "ab-book.h"
#include "ab-diagram-view.h"
#include "ab-math-view.h"
#include "ab-preferences.h"
#include "ab-settings.h"
#include "ab-window.h"
#include "attention.h"

#include <glib/gstdio.h>
#include <string.h>

static AbApplication *app;
static AbWindow *window;
static GtkWidget *preferences;

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
set_spin (const char *name, double value)
{
  GtkWidget *button = find_named (preferences, name);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_SPIN_BUTTON (button));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (button), value);
  gui_spin (50);
}

static AbDiagramView *
first_diagram (const char *page)
{
  GPtrArray *views;

  g_assert_true (ab_window_show_page (window, page));
  gui_spin (150);
  views = ab_page_view_get_diagram_views (ab_window_get_page_view (window));
  g_assert_cmpuint (views->len, >=, 1);
  return g_ptr_array_index (views, 0);
}

/* For a look: $AB_BUILD_ROOT/screenshots/NAME.png. */
static void
save_screenshot (GtkWidget *window_widget, const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);

  g_mkdir_with_parents (dir, 0755);
  gui_screenshot (window_widget, dir, name);
}

static void
test_opens_from_action (void)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

  g_assert_nonnull (accels[0]);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  gui_spin (300);
  preferences = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (AB_IS_PREFERENCES (preferences));
  g_assert_true (gtk_widget_get_mapped (preferences));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  save_screenshot (preferences, "preferences");
}

static gboolean
at_first_step (gpointer view)
{
  return ab_diagram_view_get_position (view) == 0;
}

static void
test_reduce_motion (void)
{
  GSettings *settings = ab_settings_get_default ();
  GtkWidget *toggle = find_named (preferences, "reduce-motion");
  AbDiagramView *view = first_diagram ("part-1/scaled-dot-product");
  gboolean animations = TRUE;

  g_assert_true (GTK_IS_SWITCH (toggle));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "reduce-motion"));
  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &animations, NULL);
  g_assert_false (animations);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL);
  /* Snapped: the end state at once, no transition. */
  g_assert_cmpfloat (ab_diagram_view_get_position (view), ==, 1);

  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &animations, NULL);
  g_assert_true (animations);   /* back to the desktop's setting (Xvfb: on) */
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  /* The reset now animates back; a slow (sanitized) first paint can hold
   * the frame clock, so wait for the transition instead of a fixed time. */
  g_assert_true (gui_spin_until (at_first_step, view, gui_timeout (5000)));
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL);
  g_assert_cmpfloat (ab_diagram_view_get_position (view), <, 1);
}

static void
test_kernel_budget_and_threads (void)
{
  GSettings *settings = ab_settings_get_default ();
  AbDiagramView *view = first_diagram ("part-1/quadratic-cost");
  AbDiagram *diagram = ab_diagram_view_get_diagram (view);
  int machine_threads = ab_attention_default_threads ();

  g_assert_cmpstr (ab_diagram_get_name (diagram), ==, "attention-memory");
  /* 8192² fp32 scores are 256 MiB: within the diagram's own budget. */
  g_assert_true (ab_diagram_set_param_from_string (diagram, "n=8192", NULL));
  g_assert_null (ab_diagram_get_error (diagram));

  set_spin ("kernel-memory-budget", 64);
  g_assert_cmpint (g_settings_get_int (settings, "kernel-memory-budget"), ==, 64);
  g_assert_cmpuint (ab_attention_default_budget (), ==, (size_t) 64 << 20);
  /* The page was built again; its diagram now refuses N = 8192. */
  view = first_diagram ("part-1/quadratic-cost");
  diagram = ab_diagram_view_get_diagram (view);
  g_assert_true (ab_diagram_set_param_from_string (diagram, "n=8192", NULL));
  g_assert_nonnull (ab_diagram_get_error (diagram));
  g_assert_nonnull (strstr (ab_diagram_get_error (diagram)->message, "budget"));
  g_assert_nonnull (strstr (ab_diagram_get_error (diagram)->message, "64"));

  set_spin ("kernel-memory-budget", 0);
  diagram = ab_diagram_view_get_diagram (first_diagram ("part-1/quadratic-cost"));
  g_assert_true (ab_diagram_set_param_from_string (diagram, "n=8192", NULL));
  g_assert_null (ab_diagram_get_error (diagram));

  set_spin ("kernel-threads", 3);
  g_assert_cmpint (ab_attention_default_threads (), ==, 3);
  g_assert_cmpint (ab_attention_threads_or (1), ==, 3);
  set_spin ("kernel-threads", 0);
  g_assert_cmpint (ab_attention_default_threads (), ==, machine_threads);
  g_assert_cmpint (ab_attention_threads_or (1), ==, 1);
}

/* A display formula's width and a text label's height on the page. */
static int
formula_width (int *text_height)
{
  GtkWidget *math, *label;
  int natural = 0;

  g_assert_true (ab_window_show_page (window, "part-1/scaled-dot-product"));
  gui_spin (200);
  math = find_type (GTK_WIDGET (ab_window_get_page_view (window)), AB_TYPE_MATH_VIEW);
  label = find_type (GTK_WIDGET (ab_window_get_page_view (window)), GTK_TYPE_LABEL);
  g_assert_nonnull (math);
  g_assert_nonnull (label);
  gtk_widget_measure (math, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, text_height, NULL, NULL);
  return natural;
}

static void
test_text_size (void)
{
  int text_before, text_after, text_again;
  int before = formula_width (&text_before), after;

  set_spin ("text-size", 150);
  g_assert_cmpfloat (ab_preferences_text_scale (), ==, 1.5);
  after = formula_width (&text_after);
  g_test_message ("formula %d px at 100 %%, %d px at 150 %%; text line %d → %d px", before, after,
                  text_before, text_after);
  /* Width = 1.5 × the ink plus the same padding; the text grows through CSS. */
  g_assert_cmpint (after, >, before * 13 / 10);
  g_assert_cmpint (text_after, >, text_before * 13 / 10);
  set_spin ("text-size", 100);
  g_assert_cmpint (formula_width (&text_again), ==, before);
  g_assert_cmpint (text_again, ==, text_before);
}

static void
test_export_defaults (void)
{
  GSettings *settings = ab_settings_get_default ();
  GtkWidget *row = find_named (preferences, "export-format");

  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  g_autofree char *format = g_settings_get_string (settings, "export-format");
  g_assert_cmpstr (format, ==, "png");
  set_spin ("export-width", 1920);
  set_spin ("export-height", 1080);
  g_assert_cmpint (g_settings_get_int (settings, "export-width"), ==, 1920);
  g_assert_cmpint (g_settings_get_int (settings, "export-height"), ==, 1080);
  /* And the other way: a key set elsewhere shows in the window. */
  g_settings_set_string (settings, "export-format", "svg");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  g_settings_reset (settings, "export-width");
  g_settings_reset (settings, "export-height");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  app = ab_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = AB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gui_spin (400);

  g_test_add_func ("/preferences/opens-from-action", test_opens_from_action);
  g_test_add_func ("/preferences/reduce-motion", test_reduce_motion);
  g_test_add_func ("/preferences/kernel-budget-and-threads", test_kernel_budget_and_threads);
  g_test_add_func ("/preferences/text-size", test_text_size);
  g_test_add_func ("/preferences/export-defaults", test_export_defaults);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (100);
  g_object_unref (app);
  return status;
}

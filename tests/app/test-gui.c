/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui.c — the real app under Xvfb, driven as a reader drives it
 *
 * Starts AbApplication, opens every page, steps and plays every diagram,
 * checks reduced motion, the narrow layout and that the last page is
 * remembered, and saves screenshots to $AB_BUILD_ROOT/screenshots/. Run with
 * G_DEBUG=fatal-criticals, so any GTK critical fails the test.
 */
#include "gui-test-util.h"
#include "config.h"
#include "ab-application.h"
#include "ab-book.h"
#include "ab-book-values.h"
#include "ab-diagram-view.h"
#include "ab-page-view.h"
#include "ab-values.h"
#include "ab-timeline.h"
#include "ab-paragraph.h"
#include "ab-window.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

static AbApplication *app;
static AbWindow *window;
static char *shots;

typedef struct
{
  AbDiagramView *view;
  double         position;
} PositionWait;

static gboolean
at_position (gpointer data)
{
  PositionWait *wait = data;

  return ab_diagram_view_get_position (wait->view) == wait->position;
}

static gboolean
spin_until_position (AbDiagramView *view, double position, guint timeout_ms)
{
  PositionWait wait = { view, position };

  return gui_spin_until (at_position, &wait, gui_timeout (timeout_ms));
}

static char *
slug_for_file (const char *id)
{
  char *s = g_strdup (id);
  g_strdelimit (s, "/", '_');
  return s;
}

static gboolean
values_arrived (gpointer page_view)
{
  return !ab_page_view_get_values_pending (page_view);
}

/* Every label's text under @widget, one per line. */
static void
collect_text (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (AB_IS_PARAGRAPH (widget))
    g_string_append_printf (out, "%s\n", ab_paragraph_get_text (AB_PARAGRAPH (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

/* Only the paragraphs with inline math (AbParagraph). */
static GtkWidget *
collect_math_paragraphs (GtkWidget *widget, GString *out)
{
  GtkWidget *first = NULL;

  if (AB_IS_PARAGRAPH (widget))
    {
      g_string_append_printf (out, "%s\n", ab_paragraph_get_text (AB_PARAGRAPH (widget)));
      first = widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = collect_math_paragraphs (c, out);
      first = first ? first : found;
    }
  return first;
}

/* The page whose numbers cost its kernels the most opens with placeholders
 * while the background thread formats them, then shows exactly what the
 * kernels format here on the main thread, past the book's cache; its
 * paragraphs with inline math (AbParagraph) fill in too. First in the run,
 * so that no earlier page has computed them already. */
static void
test_values_from_background (void)
{
  AbPageView *view = ab_window_get_page_view (window);
  static const char *const keys[] = { "seq2seq.recall.n50", "seq2seq.recall.n50.ds128", "seq2seq.r2.n5" };
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) math_before = g_string_new (NULL);
  g_autoptr (GString) math_after = g_string_new (NULL);
  g_autofree char *vocab = NULL;
  GtkWidget *paragraph;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_null (ab_book_value_peek (keys[i]));
  g_assert_null (ab_book_value_peek ("seq2seq.vocab"));
  g_assert_true (ab_window_show_page (window, "part-1/information-bottleneck"));
  g_assert_true (ab_page_view_get_values_pending (view));
  collect_math_paragraphs (GTK_WIDGET (view), math_before);
  g_assert_nonnull (strstr (math_before->str, "…"));
  g_assert_true (gui_spin_until (values_arrived, view, gui_timeout (30000)));
  collect_text (GTK_WIDGET (view), text);
  /* "a vocabulary of {{< value key="seq2seq.vocab" >}}", next to $\tanh$ */
  paragraph = collect_math_paragraphs (GTK_WIDGET (view), math_after);
  g_assert_null (strstr (math_after->str, "…"));
  vocab = ab_book_value_peek ("seq2seq.vocab");
  g_assert_nonnull (vocab);
  g_assert_nonnull (strstr (math_after->str, vocab));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *fetched = ab_book_value_peek (keys[i]);
      g_autofree char *here = NULL;

      g_assert_nonnull (fetched);
      g_assert_nonnull (strstr (text->str, fetched));
      /* the same kernels in this process, past the book's cache */
      for (const AbValueFamily *const *f = ab_value_families (); *f; f++)
        if (g_str_has_prefix (keys[i], (*f)->family) && keys[i][strlen ((*f)->family)] == '.')
          here = ab_value_family_format (*f, keys[i], NULL);
      g_assert_cmpstr (here, ==, fetched);
    }
  /* the refreshed math paragraph, laid out again with its numbers */
  ab_page_view_scroll_to (view, paragraph);
  gui_spin (200);
  gui_screenshot (GTK_WIDGET (window), shots, "values-from-background");
}

static gboolean
view_done (gpointer view)
{
  return !ab_diagram_view_get_computing (view);
}

/* A kernel slower than a frame (the approximation sweep: about 0.1 s of
 * CPU) runs on a worker thread: the page opens with the diagram's title
 * and "Computing…" on its canvas and its first caption (from the class's
 * table) below, and the view is done when the "updated" signal brings the
 * results, with nothing here asking for them. (The framework's own test
 * holds a worker to check the waiting.) */
static void
test_diagram_computes_in_background (void)
{
  GPtrArray *views;
  AbDiagramView *view = NULL;
  AbDiagram *diagram;
  g_autofree char *caption = NULL, *plain = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_true (ab_window_show_page (window, "part-2-attention-approximation-era/why-they-faded"));
  views = ab_page_view_get_diagram_views (ab_window_get_page_view (window));
  for (guint v = 0; v < views->len; v++)
    if (g_str_equal (ab_diagram_get_name (ab_diagram_view_get_diagram (g_ptr_array_index (views, v))),
                     "approximation-error"))
      view = g_ptr_array_index (views, v);
  g_assert_nonnull (view);
  diagram = ab_diagram_view_get_diagram (view);

  /* The view did not wait for the kernel (the rest of the page may have
   * taken longer than it, on the other core, so its results may be in). */
  g_assert_true (ab_diagram_view_get_computing (view));
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (30000)));
  g_assert_true (ab_diagram_is_current (diagram));

  caption = ab_diagram_dup_caption (diagram, ab_diagram_view_get_step (view));
  g_assert_true (pango_parse_markup (caption, -1, 0, NULL, &plain, NULL, NULL));
  collect_text (GTK_WIDGET (view), text);
  g_assert_nonnull (strstr (text->str, plain));
  g_assert_null (strstr (text->str, "Computing…"));
}

/* The sidebar's rows, each with its page, in order. */
static void
collect_toc_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && g_object_get_data (G_OBJECT (widget), "page"))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_toc_rows (c, rows);
}

/* All of @row inside the sidebar's scrolled view. */
static gboolean
row_in_view (gpointer row)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row, scroller, &bounds));
  return bounds.origin.y >= -0.5 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

static void
test_visit_every_page (void)
{
  GPtrArray *pages = ab_book_get_pages (ab_book_get_default ());
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  /* A screenful of rows comes with the window, the rest after its first
   * frame (ab-window.c): by now the sidebar lists every page, in order. */
  collect_toc_rows (GTK_WIDGET (window), rows);
  g_assert_cmpuint (rows->len, ==, pages->len);
  for (guint i = 0; i < pages->len; i++)
    g_assert_true (g_object_get_data (rows->pdata[i], "page") == pages->pdata[i]);

  for (guint i = 0; i < pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (pages, i);
      g_autofree char *name = slug_for_file (page->id);

      g_assert_true (ab_window_show_page (window, page->id));
      gui_spin (150);
      g_assert_true (gui_spin_until (values_arrived, ab_window_get_page_view (window), gui_timeout (30000)));
      g_assert_true (ab_window_get_page (window) == page);
      g_assert_true (gtk_list_box_row_is_selected (rows->pdata[i]));
      /* The sidebar keeps the current page's row in view (from the next frame on). */
      if (!ab_window_get_folded (window))
        g_assert_true (gui_spin_until (row_in_view, rows->pdata[i], gui_timeout (3000)));
      gui_screenshot (GTK_WIDGET (window), shots, name);
    }
  /* Next/previous through the window's actions, as the header buttons do. */
  ab_window_show_page (window, ((AbPage *) g_ptr_array_index (pages, 0))->id);
  if (pages->len > 1)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.next-page", NULL);
      g_assert_true (ab_window_get_page (window) == g_ptr_array_index (pages, 1));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-page", NULL);
      g_assert_true (ab_window_get_page (window) == g_ptr_array_index (pages, 0));
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "part-9/not-a-page");
  g_assert_true (ab_window_get_page (window) == g_ptr_array_index (pages, 0));
}

static void
step_through (AbDiagramView *view, const char *shot_prefix)
{
  AbDiagram *diagram = ab_diagram_view_get_diagram (view);
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  g_assert_true (spin_until_position (view, 0, 3000));
  /* A diagram whose steps come from its results (the ring's) has its step
   * count once the worker is done; a reader sees the spinner until then.
   * Under the sanitizers that takes longer than the page's first spin. */
  g_assert_true (gui_spin_until (view_done, view, gui_timeout (30000)));
  n = ab_diagram_get_n_steps (diagram);
  g_assert_cmpuint (ab_timeline_get_n_steps (ab_diagram_view_get_timeline (view)), ==, n);
  for (guint step = 1; step < n; step++)
    {
      /* The Step button's action, as the Right key triggers it. */
      gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL);
      g_assert_cmpuint (ab_diagram_view_get_step (view), ==, step);
      g_assert_true (spin_until_position (view, step, 3000));
    }
  g_assert_false (ab_diagram_view_step_forward (view));
  if (shot_prefix)
    {
      g_autofree char *name = g_strdup_printf ("%s-last-step", shot_prefix);
      gui_screenshot (GTK_WIDGET (view), shots, name);
    }
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step-back", NULL);
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, n > 1 ? n - 2 : 0);
}

static void
test_step_every_diagram (void)
{
  GPtrArray *pages = ab_book_get_pages (ab_book_get_default ());
  guint n_views = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (pages, i);
      GPtrArray *views;

      ab_window_show_page (window, page->id);
      gui_spin (100);
      views = ab_page_view_get_diagram_views (ab_window_get_page_view (window));
      for (guint v = 0; v < views->len; v++)
        {
          AbDiagramView *view = g_ptr_array_index (views, v);
          g_autofree char *prefix = g_strdup_printf ("diagram-%s",
                                                     ab_diagram_get_name (ab_diagram_view_get_diagram (view)));
          step_through (view, prefix);
          n_views++;
        }
    }
  g_assert_cmpuint (n_views, >=, 1);
}

static AbDiagramView *
first_diagram_view (void)
{
  GPtrArray *views;

  g_assert_true (ab_window_show_page (window, "part-1/scaled-dot-product"));
  gui_spin (100);
  views = ab_page_view_get_diagram_views (ab_window_get_page_view (window));
  g_assert_cmpuint (views->len, >=, 1);
  return g_ptr_array_index (views, 0);
}

static void
test_play_to_end (void)
{
  AbDiagramView *view = first_diagram_view ();
  guint n = ab_diagram_get_n_steps (ab_diagram_view_get_diagram (view));
  gint64 end;

  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  spin_until_position (view, 0, 3000);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.play", NULL);
  g_assert_true (ab_diagram_view_get_playing (view));
  end = g_get_monotonic_time () + (gint64) gui_timeout (20000) * 1000;
  while (ab_diagram_view_get_playing (view) && g_get_monotonic_time () < end)
    gui_spin (20);
  g_assert_false (ab_diagram_view_get_playing (view));
  g_assert_cmpuint (ab_diagram_view_get_step (view), ==, n - 1);
  g_assert_true (spin_until_position (view, n - 1, 3000));

  /* Pause half way. */
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.play", NULL);
  g_assert_true (ab_diagram_view_get_playing (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.play", NULL);
  g_assert_false (ab_diagram_view_get_playing (view));
}

static void
test_parameter_changes_redraw (void)
{
  AbDiagramView *view = first_diagram_view ();
  AbDiagram *diagram = ab_diagram_view_get_diagram (view);
  g_autofree char *before = ab_diagram_describe (diagram, 3);
  g_autofree char *after = NULL;

  g_assert_true (ab_diagram_set_param (diagram, "d_k", 512, NULL));
  gui_spin (100);
  after = ab_diagram_describe (diagram, 3);
  g_assert_cmpstr (before, !=, after);
  /* Plain text for the screen reader: the title's markup is gone. */
  g_assert_nonnull (strstr (after, "dk = 512"));
  g_assert_null (strchr (after, '<'));
  /* The README's picture: the page scrolled to its live diagram, last step. */
  ab_diagram_view_go_to_step (view, ab_diagram_get_n_steps (diagram) - 1);
  g_assert_true (spin_until_position (view, ab_diagram_get_n_steps (diagram) - 1, 3000));
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (view));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (window), shots, "scoring-d512");
  ab_diagram_reset_params (diagram);
}

static void
test_reduced_motion_snaps (void)
{
  AbDiagramView *view = first_diagram_view ();
  GtkSettings *settings = gtk_settings_get_default ();

  g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  g_assert_cmpfloat (ab_diagram_view_get_position (view), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.step", NULL);
  /* With animations off the state is the end state at once. */
  g_assert_cmpfloat (ab_diagram_view_get_position (view), ==, 1);
  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
}

static void
test_last_page_remembered (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  GPtrArray *pages = ab_book_get_pages (ab_book_get_default ());
  AbPage *deep = g_ptr_array_index (pages, pages->len - 2);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  AbWindow *second;

  g_assert_true (ab_window_show_page (window, deep->id));
  g_autofree char *last = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last, ==, deep->id);
  /* A new window (the next start) opens where the reader stopped, with
   * that page's row (far down the sidebar) scrolled into view. */
  second = ab_window_new (GTK_APPLICATION (app), ab_book_get_default ());
  g_assert_true (ab_window_get_page (second) == deep);
  gtk_window_set_default_size (GTK_WINDOW (second), 1200, 800);
  gtk_window_present (GTK_WINDOW (second));
  gui_spin (500);
  collect_toc_rows (GTK_WIDGET (second), rows);
  g_assert_cmpuint (rows->len, ==, pages->len);
  g_assert_true (gtk_list_box_row_is_selected (rows->pdata[pages->len - 2]));
  g_assert_false (ab_window_get_folded (second));
  g_assert_true (gui_spin_until (row_in_view, rows->pdata[pages->len - 2], gui_timeout (3000)));
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
test_narrow_layout_folds (void)
{
  GPtrArray *pages = ab_book_get_pages (ab_book_get_default ());
  AbPage *deep = g_ptr_array_index (pages, pages->len - 2);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  AbDiagramView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 800);
  gtk_window_unmaximize (GTK_WINDOW (window));
  gui_spin (400);
  g_assert_true (ab_window_get_folded (window));
  gui_screenshot (GTK_WIDGET (window), shots, "narrow");

  /* Folded, the sidebar is a page of its own: going back to it from a page
   * far down the book shows that page's row. */
  g_assert_true (ab_window_show_page (window, deep->id));
  gui_spin (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-contents", NULL);
  gui_spin (600);
  collect_toc_rows (GTK_WIDGET (window), rows);
  g_assert_true (gtk_list_box_row_is_selected (rows->pdata[pages->len - 2]));
  g_assert_true (gui_spin_until (row_in_view, rows->pdata[pages->len - 2], gui_timeout (3000)));
  gui_screenshot (GTK_WIDGET (window), shots, "narrow-contents");

  /* Under 640 px the diagram switches to its narrow (portrait) layout. */
  view = first_diagram_view ();
  gui_spin (200);
  g_assert_cmpint (ab_diagram_view_get_layout (view), ==, AB_LAYOUT_NARROW);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >, gtk_widget_get_width (GTK_WIDGET (view)));
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (view));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (window), shots, "narrow-diagram");
  /* The whole view: caption (as tall as the longest step's) and controls. */
  gui_screenshot (GTK_WIDGET (view), shots, "narrow-diagram-view");

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gui_spin (400);
  g_assert_false (ab_window_get_folded (window));
  g_assert_cmpint (ab_diagram_view_get_layout (view), ==, AB_LAYOUT_WIDE);
}

/* What the app plays is what `export --fps` writes: the view's positions,
 * sampled at frame-clock times, follow the exporter's schedule exactly. */
typedef struct
{
  AbDiagramView *view;
  gint64         t0;
  GArray        *samples;   /* pairs of doubles: t − t0 (ms), position */
} PlaybackLog;

static gint64
frame_ms (GtkWidget *widget)
{
  return gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (widget)) / 1000;
}

static void
log_position (AbTimeline *timeline, GParamSpec *pspec, PlaybackLog *log)
{
  double sample[2] = { (double) (frame_ms (GTK_WIDGET (log->view)) - log->t0),
                       ab_timeline_get_position (timeline) };
  g_array_append_vals (log->samples, sample, 2);
}

static void
test_playback_is_the_export_schedule (void)
{
  AbDiagramView *view = first_diagram_view ();
  AbTimeline *timeline = ab_diagram_view_get_timeline (view);
  g_autoptr (AbTimeline) exported = ab_timeline_new (ab_diagram_get_n_steps (ab_diagram_view_get_diagram (view)));
  PlaybackLog log = { view, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  gint64 end = g_get_monotonic_time () + (gint64) gui_timeout (20000) * 1000;
  guint n_moving = 0;
  gulong id;

  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.reset", NULL);
  g_assert_true (spin_until_position (view, 0, 3000));
  /* The view starts playback at the frame clock's time, as the exporter at t = 0. */
  log.t0 = frame_ms (GTK_WIDGET (view));
  id = g_signal_connect (timeline, "notify::position", G_CALLBACK (log_position), &log);
  gtk_widget_activate_action (GTK_WIDGET (view), "diagram.play", NULL);
  while (ab_diagram_view_get_playing (view) && g_get_monotonic_time () < end)
    gui_spin (10);
  g_signal_handler_disconnect (timeline, id);

  ab_timeline_play (exported, 0);
  for (guint i = 0; i + 1 < log.samples->len; i += 2)
    {
      double t = g_array_index (log.samples, double, i), p = g_array_index (log.samples, double, i + 1);
      g_assert_cmpfloat_with_epsilon (p, ab_timeline_position_at (exported, t), 1e-9);
      n_moving += p != floor (p);
    }
  /* Frames in the middle of transitions were seen, not just the steps. */
  g_assert_cmpuint (n_moving, >, 3);
  g_array_unref (log.samples);
}

/* A parameter the kernel refuses: the canvas says why, the control stays. */
static void
test_kernel_error_on_canvas (void)
{
  GPtrArray *views;
  AbDiagramView *view;
  AbDiagram *diagram;
  g_autofree char *description = NULL;

  g_assert_true (ab_window_show_page (window, "part-1/quadratic-cost"));
  gui_spin (100);
  views = ab_page_view_get_diagram_views (ab_window_get_page_view (window));
  g_assert_cmpuint (views->len, >=, 1);
  view = g_ptr_array_index (views, 0);
  diagram = ab_diagram_view_get_diagram (view);
  g_assert_cmpstr (ab_diagram_get_name (diagram), ==, "attention-memory");

  g_assert_true (ab_diagram_set_param_from_string (diagram, "n=32768", NULL));
  gui_spin (100);
  g_assert_nonnull (ab_diagram_get_error (diagram));
  g_assert_nonnull (strstr (ab_diagram_get_error (diagram)->message, "budget"));
  description = ab_diagram_describe (diagram, 0);
  g_assert_nonnull (strstr (description, "budget"));
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (view));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (window), shots, "kernel-error");

  /* Moving the parameter back draws the diagram again. */
  ab_diagram_reset_params (diagram);
  g_assert_null (ab_diagram_get_error (diagram));
}

static GtkWidget *
find_linked_paragraph (GtkWidget *widget)
{
  if (AB_IS_PARAGRAPH (widget) && gtk_widget_get_focusable (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_linked_paragraph (c);
      if (found)
        return found;
    }
  return NULL;
}

/* Links in paragraphs with inline math are reachable with Tab, one by one. */
static void
test_keyboard_reaches_math_paragraph_links (void)
{
  GtkWidget *paragraph;
  int stops = 0;

  g_assert_true (ab_window_show_page (window, "part-1/scaled-dot-product"));
  gui_spin (200);
  paragraph = find_linked_paragraph (GTK_WIDGET (ab_window_get_page_view (window)));
  g_assert_nonnull (paragraph);
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  g_assert_true (gtk_widget_child_focus (paragraph, GTK_DIR_TAB_FORWARD));
  stops++;
  ab_page_view_scroll_to (ab_window_get_page_view (window), paragraph);
  gui_spin (200);
  gui_screenshot (GTK_WIDGET (window), shots, "keyboard-link-focus");
  while (gtk_widget_child_focus (paragraph, GTK_DIR_TAB_FORWARD))
    {
      g_assert_true (gtk_widget_has_focus (paragraph));
      g_assert_cmpint (++stops, <, 100);
    }
  g_assert_cmpint (stops, >=, 1);
}

static void
test_unknown_page_on_command_line (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  const char *argv[] = { binary, "--page", "part-9/nowhere", NULL };
  g_autoptr (GError) error = NULL;
  GPid pid;
  int err_fd;
  GString *err = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + (gint64) gui_timeout (15000) * 1000;
  char buf[256];

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &pid, NULL, NULL, &err_fd, &error));
  g_unix_set_fd_nonblocking (err_fd, TRUE, NULL);
  while (!strstr (err->str, "opening the first page") && g_get_monotonic_time () < end)
    {
      gssize n = read (err_fd, buf, sizeof buf);
      if (n > 0)
        g_string_append_len (err, buf, n);
      else
        g_usleep (20000);
    }
  kill (pid, SIGTERM);
  g_spawn_close_pid (pid);
  close (err_fd);
  g_test_message ("stderr: %s", err->str);
  g_assert_nonnull (strstr (err->str, "There is no page “part-9/nowhere”; opening the first page"));
  g_string_free (err, TRUE);
}

/* Started from the build folder with nothing set up, the app finds the
 * compiled schema beside it and runs (it used to abort). */
static void
test_runs_from_build_folder (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  const char *argv[] = { binary, NULL };
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "GSETTINGS_SCHEMA_DIR");
  g_autoptr (GError) error = NULL;
  int status = 0;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  gui_spin (gui_timeout (2500));
  /* Still running: no abort on a missing schema. */
  g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  shots = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);
  g_mkdir_with_parents (shots, 0755);

  app = ab_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = AB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gui_spin (500);

  g_test_add_func ("/gui/values-from-background", test_values_from_background);
  g_test_add_func ("/gui/diagram-computes-in-background", test_diagram_computes_in_background);
  g_test_add_func ("/gui/visit-every-page", test_visit_every_page);
  g_test_add_func ("/gui/step-every-diagram", test_step_every_diagram);
  g_test_add_func ("/gui/play-to-end", test_play_to_end);
  g_test_add_func ("/gui/parameter-changes-redraw", test_parameter_changes_redraw);
  g_test_add_func ("/gui/reduced-motion-snaps", test_reduced_motion_snaps);
  g_test_add_func ("/gui/last-page-remembered", test_last_page_remembered);
  g_test_add_func ("/gui/narrow-layout-folds", test_narrow_layout_folds);
  g_test_add_func ("/gui/playback-is-the-export-schedule", test_playback_is_the_export_schedule);
  g_test_add_func ("/gui/kernel-error-on-canvas", test_kernel_error_on_canvas);
  g_test_add_func ("/gui/keyboard-reaches-math-paragraph-links", test_keyboard_reaches_math_paragraph_links);
  g_test_add_func ("/gui/unknown-page-on-command-line", test_unknown_page_on_command_line);
  g_test_add_func ("/gui/runs-from-build-folder", test_runs_from_build_folder);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (100);
  g_object_unref (app);
  return status;
}

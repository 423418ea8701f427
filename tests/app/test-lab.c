/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c — the lab under Xvfb: {{< lab >}} on a page, run, budget, cancel
 *
 * Loads a small book from a temporary folder (two pages with labs of
 * max_n 1,024 and 16,384), opens it in the real window, and drives the lab
 * as a reader does: runs it to the end, checks that naive attention stops
 * at a tiny budget with the kernel's message while flash completes, that
 * Cancel returns the controls at once while the main loop kept running,
 * and that leaving the page or destroying the lab mid-run joins the worker.
 * Screenshots go to $AB_BUILD_ROOT/screenshots/lab-*.png.
 */
#include "gui-test-util.h"
#include "config.h"
#include "ab-application.h"
#include "ab-book.h"
#include "ab-lab-view.h"
#include "ab-window.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static AbApplication *app;
static AbWindow *window;
static char *shots;
static GThread *main_thread;

/* The book ------------------------------------------------------------------------- */

static void
write_file (const char *root, const char *relative, const char *text)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
}

static AbBook *
load_test_book (char **root_out)
{
  g_autoptr (GError) error = NULL;
  char *root = g_dir_make_tmp ("ab-test-lab-XXXXXX", &error);
  g_autoptr (GFile) file = NULL;
  AbBook *book;

  g_assert_no_error (error);
  write_file (root, "part-1/_index.md",
              "---\ntitle: \"Lab test\"\ndate: 2024-01-01\nslug: lab-test\n"
              "tags: [\"test\"]\ncategories: [\"Test\"]\nweight: 1\n---\n\nA book with two labs.\n");
  write_file (root, "part-1/01-lab.md",
              "---\ntitle: \"A small lab\"\nweight: 10\n---\n\nBoth kernels, up to N = 1,024.\n\n"
              "{{< lab max_n=\"1024\" >}}\n\nAfter the lab.\n");
  write_file (root, "part-1/02-big-lab.md",
              "---\ntitle: \"A bigger lab\"\nweight: 20\n---\n\nUp to N = 8,192.\n\n"
              "{{< lab max_n=\"16384\" >}}\n");
  write_file (root, "glossary/test.ini", "[lab]\nterm=lab\ndefinition=A place to measure.\n");
  file = g_file_new_for_path (root);
  book = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  *root_out = root;
  return book;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Finding widgets --------------------------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *widget, GType type, const char *action)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (action == NULL || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type, action);
      if (found)
        return found;
    }
  return NULL;
}

static AbLabView *
open_lab (const char *page_id)
{
  GtkWidget *lab;

  g_assert_true (ab_window_show_page (window, page_id));
  gui_spin (150);
  lab = find_widget (GTK_WIDGET (ab_window_get_page_view (window)), AB_TYPE_LAB_VIEW, NULL);
  g_assert_nonnull (lab);
  return AB_LAB_VIEW (lab);
}

static GtkButton *
lab_button (AbLabView *lab, const char *action)
{
  GtkWidget *button = find_widget (GTK_WIDGET (lab), GTK_TYPE_BUTTON, action);

  g_assert_nonnull (button);
  return GTK_BUTTON (button);
}

/* What a pointer click does (gtk_widget_activate() would only click
 * after the button's pressed-look timeout). */
static void
click (GtkButton *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
lab_idle (gpointer data)
{
  return !ab_lab_view_get_running (data);
}

static gboolean
workers_joined (gpointer data)
{
  return ab_lab_sweep_get_n_workers () == 0;
}

/* N being measured, or 0. */
static int
current_n (AbLabView *lab)
{
  int n = 0;

  return ab_lab_sweep_get_current (ab_lab_view_get_sweep (lab), &n, NULL) ? n : 0;
}

static gboolean
reached_8192 (gpointer data)
{
  return current_n (data) >= 8192 || !ab_lab_view_get_running (data);
}

static const AbLabPoint *
point (AbLabView *lab, AbLabKernel kernel, int n)
{
  GArray *points = ab_lab_sweep_get_points (ab_lab_view_get_sweep (lab));

  for (guint i = 0; i < points->len; i++)
    {
      const AbLabPoint *p = &g_array_index (points, AbLabPoint, i);
      if (p->kernel == kernel && p->n == n)
        return p;
    }
  return NULL;
}

static guint
count_points (AbLabView *lab, AbLabKernel kernel)
{
  GArray *points = ab_lab_sweep_get_points (ab_lab_view_get_sweep (lab));
  guint count = 0;

  for (guint i = 0; i < points->len; i++)
    count += g_array_index (points, AbLabPoint, i).kernel == kernel;
  return count;
}

/* Every report of the sweep arrives on the main thread. */
static void
assert_main_thread (void)
{
  g_assert_true (g_thread_self () == main_thread);
}

/* The main loop's longest pause while a run is in flight. */
typedef struct
{
  gint64 last;
  gint64 max_gap;
} Heartbeat;

static gboolean
beat (gpointer data)
{
  Heartbeat *hb = data;
  gint64 now = g_get_monotonic_time ();

  if (hb->last > 0)
    hb->max_gap = MAX (hb->max_gap, now - hb->last);
  hb->last = now;
  return G_SOURCE_CONTINUE;
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_lab_on_page (void)
{
  AbLabView *lab = open_lab ("part-1/lab");
  int max_n = 0, top_n = 0, d = 0;
  guint64 budget = 0;

  g_object_get (lab, "max-n", &max_n, "top-n", &top_n, "head-dim", &d, "naive-budget", &budget, NULL);
  /* max_n="1024" caps the sequence; the default largest N follows it down. */
  g_assert_cmpint (max_n, ==, 1024);
  g_assert_cmpint (top_n, ==, 1024);
  g_assert_cmpint (d, ==, 64);
  g_assert_cmpuint (budget, ==, 64u << 20);
  g_assert_false (ab_lab_view_get_running (lab));
  g_assert_nonnull (strstr (ab_lab_view_get_status (lab), "Press Run"));
  /* Every control has a name for screen readers; the Run button starts idle. */
  g_assert_cmpstr (gtk_button_get_label (lab_button (lab, "lab.run")), ==, "Run");
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (lab));
  gui_spin (200);
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-before-run");
}

/* AB_LAB_MAX_N only lowers the cap (for the GUI tests of the real book). */
static void
test_environment_cap (void)
{
  GtkWidget *lab;
  int max_n = 0, top_n = 0;

  g_setenv ("AB_LAB_MAX_N", "1024", TRUE);
  lab = g_object_ref_sink (ab_lab_view_new (16384));
  g_unsetenv ("AB_LAB_MAX_N");
  g_object_get (lab, "max-n", &max_n, "top-n", &top_n, NULL);
  g_assert_cmpint (max_n, ==, 1024);
  g_assert_cmpint (top_n, ==, 1024);
  g_object_unref (lab);

  lab = g_object_ref_sink (ab_lab_view_new (0));
  g_object_get (lab, "max-n", &max_n, "top-n", &top_n, NULL);
  g_assert_cmpint (max_n, ==, AB_LAB_DEFAULT_MAX_N);
  g_assert_cmpint (top_n, ==, AB_LAB_DEFAULT_TOP_N);
  /* The largest N snaps to the sequence and stays under the cap. */
  g_object_set (lab, "top-n", 3000, NULL);
  g_object_get (lab, "top-n", &top_n, NULL);
  g_assert_cmpint (top_n, ==, 2048);
  g_object_set (lab, "top-n", 32768, NULL);
  g_object_get (lab, "top-n", &top_n, NULL);
  g_assert_cmpint (top_n, ==, AB_LAB_DEFAULT_MAX_N);
  g_object_unref (lab);
}

static void
test_budget_stops_naive_flash_completes (void)
{
  AbLabView *lab = open_lab ("part-1/lab");
  AbLabSweep *sweep = ab_lab_view_get_sweep (lab);
  g_autofree char *description = NULL;
  const AbLabPoint *refused;
  gulong id;

  /* 1 MiB: the scores of N = 512 fit exactly (512² · 4 bytes), N = 1,024's do not. */
  g_object_set (lab, "naive-budget", (guint64) 1 << 20, NULL);
  id = g_signal_connect (sweep, "changed", G_CALLBACK (assert_main_thread), NULL);
  click (lab_button (lab, "lab.run"));
  g_assert_true (ab_lab_view_get_running (lab));
  /* While it runs, the button cancels. */
  g_assert_cmpstr (gtk_button_get_label (lab_button (lab, "lab.cancel")), ==, "Cancel");
  g_assert_true (gui_spin_until (lab_idle, lab, 120000));
  g_signal_handler_disconnect (sweep, id);

  g_assert_false (ab_lab_sweep_get_cancelled (sweep));
  g_assert_null (ab_lab_sweep_get_error (sweep));
  g_assert_cmpuint (count_points (lab, AB_LAB_NAIVE), ==, 3);
  g_assert_cmpuint (count_points (lab, AB_LAB_FLASH), ==, 3);
  for (int n = 256; n <= 1024; n *= 2)
    {
      const AbLabPoint *f = point (lab, AB_LAB_FLASH, n);
      g_assert_nonnull (f);
      g_assert_cmpint (f->status, ==, AB_ATTN_OK);
      g_assert_cmpfloat (f->ms, >, 0);
      g_assert_cmpint (f->repeats, >=, 1);
      g_assert_cmpuint (f->bytes, >, 0);
      g_assert_cmpint (f->threads_used, ==, 1);
      if (n < 1024)
        {
          const AbLabPoint *naive = point (lab, AB_LAB_NAIVE, n);
          g_assert_cmpint (naive->status, ==, AB_ATTN_OK);
          g_assert_cmpfloat (naive->ms, >, 0);
          /* The naive kernel's extra memory is its N × N fp32 score matrix. */
          g_assert_cmpuint (naive->bytes, ==, (size_t) n * n * 4);
          /* Exact attention: the two agree to fp32 rounding. */
          g_assert_true (isfinite (f->max_abs_diff));
          g_assert_cmpfloat (f->max_abs_diff, <, 1e-5);
        }
      else
        g_assert_true (isnan (f->max_abs_diff));
    }
  /* Flash's tiles stop growing once N fills one (B_c = 512); naive's scores do not. */
  g_assert_cmpuint (point (lab, AB_LAB_FLASH, 1024)->bytes, ==, point (lab, AB_LAB_FLASH, 512)->bytes);
  g_assert_cmpuint (point (lab, AB_LAB_FLASH, 1024)->bytes, <, 1u << 20);

  refused = point (lab, AB_LAB_NAIVE, 1024);
  g_assert_cmpint (refused->status, ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (refused->bytes, ==, 4u << 20);
  g_assert_cmpuint (refused->budget, ==, 1u << 20);
  /* The kernel's own words, from ab_attention_naive_plan. */
  g_assert_cmpstr (refused->message, ==,
                   "naive attention's score matrix needs 4194304 bytes (4.0 MiB) "
                   "but the memory budget is 1048576 bytes (1.0 MiB)");
  g_assert_nonnull (strstr (ab_lab_view_get_status (lab), "Naive attention stopped at N = 1,024"));
  g_assert_nonnull (strstr (ab_lab_view_get_status (lab), "FlashAttention ran to N = 1,024"));
  description = ab_lab_view_describe (lab);
  g_assert_nonnull (strstr (description, refused->message));
  g_assert_nonnull (strstr (description, "max |O_flash − O_naive|"));
  g_assert_cmpfloat (ab_lab_sweep_get_fraction (sweep), ==, 1.0);
  g_assert_cmpstr (gtk_button_get_label (lab_button (lab, "lab.run")), ==, "Run");
  g_assert_true (gui_spin_until (workers_joined, NULL, 5000));

  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (lab));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-budget-stop");
  gui_screenshot (GTK_WIDGET (window), shots, "lab-page");
}

static void
test_default_budget_runs_both (void)
{
  AbLabView *lab = open_lab ("part-1/lab");

  g_object_set (lab, "head-dim", 128, "naive-budget", (guint64) 64 << 20, NULL);
  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (lab_idle, lab, 120000));
  g_assert_cmpuint (count_points (lab, AB_LAB_NAIVE), ==, 3);
  g_assert_cmpuint (count_points (lab, AB_LAB_FLASH), ==, 3);
  g_assert_cmpint (ab_lab_sweep_get_config (ab_lab_view_get_sweep (lab))->d, ==, 128);
  g_assert_cmpint (point (lab, AB_LAB_NAIVE, 1024)->status, ==, AB_ATTN_OK);
  g_assert_cmpfloat (point (lab, AB_LAB_FLASH, 1024)->max_abs_diff, <, 1e-5);
  g_assert_nonnull (strstr (ab_lab_view_get_status (lab), "Both kernels ran to N = 1,024"));
  g_assert_true (gui_spin_until (workers_joined, NULL, 5000));
}

/* What a reader gets on pressing Run: N up to 8,192 at d = 64 under the
 * 64 MiB default, where naive stops at 8,192 (256 MiB of scores). */
static void
test_default_run (void)
{
  AbLabView *lab = open_lab ("part-1/big-lab");

  g_object_set (lab, "top-n", AB_LAB_DEFAULT_TOP_N, "head-dim", 64, "naive-budget", (guint64) 64 << 20, NULL);
  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (lab_idle, lab, 120000));
  g_assert_cmpuint (count_points (lab, AB_LAB_FLASH), ==, 6);
  g_assert_cmpuint (count_points (lab, AB_LAB_NAIVE), ==, 6);
  g_assert_cmpint (point (lab, AB_LAB_NAIVE, 4096)->status, ==, AB_ATTN_OK);
  g_assert_cmpint (point (lab, AB_LAB_NAIVE, 8192)->status, ==, AB_ATTN_E_BUDGET);
  g_assert_cmpint (point (lab, AB_LAB_FLASH, 8192)->status, ==, AB_ATTN_OK);
  for (int n = 256; n <= 8192; n *= 2)
    g_test_message ("N = %d: naive %.3f ms, flash %.3f ms (%d runs)", n, point (lab, AB_LAB_NAIVE, n)->ms,
                    point (lab, AB_LAB_FLASH, n)->ms, point (lab, AB_LAB_FLASH, n)->repeats);
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (lab));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-default");
  g_assert_true (gui_spin_until (workers_joined, NULL, 5000));
}

static void
test_cancel_keeps_ui_responsive (void)
{
  AbLabView *lab = open_lab ("part-1/big-lab");
  AbLabSweep *sweep = ab_lab_view_get_sweep (lab);
  Heartbeat hb = { 0 };
  guint n_at_cancel;
  guint beat_id;

  /* d = 128: each run at N ≥ 4,096 takes several hundred ms on one core.
   * The sweep goes on to 16,384 so that it is still running 200 ms into
   * N = 8,192 on a fast core too. */
  g_object_set (lab, "top-n", 16384, "head-dim", 128, NULL);
  ab_lab_view_run (lab);
  beat_id = g_timeout_add (10, beat, &hb);
  /* Into the longest run of the sweep (flash at N = 8,192; naive is over
   * the default 64 MiB budget there), then a while inside it. */
  g_assert_true (gui_spin_until (reached_8192, lab, 120000));
  g_assert_true (ab_lab_view_get_running (lab));
  gui_spin (200);
  g_source_remove (beat_id);
  g_test_message ("longest main-loop pause during the runs: %" G_GINT64_FORMAT " ms", hb.max_gap / 1000);
  /* The kernels run off the main thread: the loop never stalled for a run
   * (at d = 128 one run at N = 4,096 takes ~400 ms on one core). */
  g_assert_cmpint (hb.max_gap, <, 200 * 1000);

  n_at_cancel = ab_lab_sweep_get_points (sweep)->len;
  click (lab_button (lab, "lab.cancel"));
  /* At once, not after the kernel in flight returns. */
  g_assert_false (ab_lab_view_get_running (lab));
  g_assert_true (ab_lab_sweep_get_cancelled (sweep));
  g_assert_true (g_str_has_prefix (ab_lab_view_get_status (lab), "Cancelled."));
  g_assert_cmpstr (gtk_button_get_label (lab_button (lab, "lab.run")), ==, "Run");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (lab_button (lab, "lab.run"))));
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-cancelled");

  /* The old worker ends after its run and is joined; what it finishes is dropped. */
  g_assert_true (gui_spin_until (workers_joined, NULL, 60000));
  g_assert_cmpuint (ab_lab_sweep_get_points (sweep)->len, ==, n_at_cancel);

  /* Run again right after a cancel: a fresh sweep to its end. */
  g_object_set (lab, "top-n", 1024, NULL);
  ab_lab_view_run (lab);
  ab_lab_view_cancel (lab);
  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (lab_idle, lab, 120000));
  g_assert_false (ab_lab_sweep_get_cancelled (sweep));
  g_assert_cmpuint (count_points (lab, AB_LAB_FLASH), ==, 3);
  g_assert_true (gui_spin_until (workers_joined, NULL, 60000));
}

static void
test_leaving_page_cancels (void)
{
  AbLabView *lab = open_lab ("part-1/big-lab");
  g_autoptr (GtkWidget) held = NULL;

  g_object_set (lab, "top-n", 16384, NULL);   /* still running at 8,192 */
  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (reached_8192, lab, 120000));
  /* Hold the lab past the page change: it is off the window, not destroyed. */
  held = g_object_ref_sink (GTK_WIDGET (lab));
  g_assert_true (ab_window_show_page (window, "part-1/lab"));
  g_assert_false (ab_lab_view_get_running (lab));
  g_assert_true (ab_lab_sweep_get_cancelled (ab_lab_view_get_sweep (lab)));
  g_assert_true (gui_spin_until (workers_joined, NULL, 60000));
}

static void
test_destroy_mid_run (void)
{
  GtkWidget *win = gtk_window_new ();
  GtkWidget *lab = ab_lab_view_new (16384);

  gtk_window_set_default_size (GTK_WINDOW (win), 900, 700);
  gtk_window_set_child (GTK_WINDOW (win), lab);
  gtk_window_present (GTK_WINDOW (win));
  g_object_set (lab, "top-n", 16384, NULL);   /* still running at 8,192 */
  ab_lab_view_run (AB_LAB_VIEW (lab));
  g_assert_true (gui_spin_until (reached_8192, lab, 120000));
  /* The lab goes with its window while a kernel runs; the worker is joined
   * from the main loop and touches nothing of the lab's. */
  gtk_window_destroy (GTK_WINDOW (win));
  g_assert_cmpuint (ab_lab_sweep_get_n_workers (), ==, 1);
  g_assert_true (gui_spin_until (workers_joined, NULL, 60000));
  gui_spin (100);
}

static void
test_narrow_layout (void)
{
  AbLabView *lab = open_lab ("part-1/lab");
  GtkWidget *canvas;

  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (lab_idle, lab, 120000));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 900);
  gui_spin (500);
  canvas = find_widget (GTK_WIDGET (lab), GTK_TYPE_DRAWING_AREA, NULL);
  g_assert_nonnull (canvas);
  /* Below 640 px the charts stack: the drawing is taller than wide. */
  g_assert_cmpint (gtk_widget_get_height (canvas), >, gtk_widget_get_width (canvas));
  ab_page_view_scroll_to (ab_window_get_page_view (window), GTK_WIDGET (lab));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gui_spin (300);
}

/* The book's own lab (Part 3, "benchmarks"), as a reader meets it: run to
 * the end over a small N range, naive stopped by a small budget. */
static void
test_book_page (void)
{
  AbWindow *book_window = ab_window_new (GTK_APPLICATION (app), ab_book_get_default ());
  GtkWidget *found;
  AbLabView *lab;

  gtk_window_set_default_size (GTK_WINDOW (book_window), 1200, 860);
  gtk_window_present (GTK_WINDOW (book_window));
  gui_spin (300);
  g_assert_true (ab_window_show_page (book_window, "part-3-flash-attention-deep-dive/benchmarks"));
  gui_spin (300);
  found = find_widget (GTK_WIDGET (ab_window_get_page_view (book_window)), AB_TYPE_LAB_VIEW, NULL);
  g_assert_nonnull (found);
  lab = AB_LAB_VIEW (found);
  g_object_set (lab, "top-n", 1024, "head-dim", 64, "naive-budget", (guint64) 1 << 20, NULL);
  ab_lab_view_run (lab);
  g_assert_true (gui_spin_until (lab_idle, lab, 60000));
  g_assert_null (ab_lab_sweep_get_error (ab_lab_view_get_sweep (lab)));
  for (int n = 256; n <= 1024; n *= 2)
    g_assert_cmpint (point (lab, AB_LAB_FLASH, n)->status, ==, AB_ATTN_OK);
  g_assert_cmpint (point (lab, AB_LAB_NAIVE, 256)->status, ==, AB_ATTN_OK);
  g_assert_cmpint (point (lab, AB_LAB_NAIVE, 1024)->status, ==, AB_ATTN_E_BUDGET);
  ab_page_view_scroll_to (ab_window_get_page_view (book_window), GTK_WIDGET (lab));
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (lab), shots, "lab-book-page");
  gtk_window_destroy (GTK_WINDOW (book_window));
  g_assert_true (gui_spin_until (workers_joined, NULL, 5000));
}

int
main (int argc, char **argv)
{
  g_autofree char *root = NULL;
  AbBook *book;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The tests set their own N; a cap from the environment would change them. */
  g_unsetenv ("AB_LAB_MAX_N");
  main_thread = g_thread_self ();
  shots = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);
  g_mkdir_with_parents (shots, 0755);

  app = ab_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  book = load_test_book (&root);
  window = ab_window_new (GTK_APPLICATION (app), book);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  gui_spin (500);

  g_test_add_func ("/lab/on-page", test_lab_on_page);
  g_test_add_func ("/lab/environment-cap", test_environment_cap);
  g_test_add_func ("/lab/budget-stops-naive-flash-completes", test_budget_stops_naive_flash_completes);
  g_test_add_func ("/lab/default-budget-runs-both", test_default_budget_runs_both);
  g_test_add_func ("/lab/default-run", test_default_run);
  g_test_add_func ("/lab/cancel-keeps-ui-responsive", test_cancel_keeps_ui_responsive);
  g_test_add_func ("/lab/leaving-page-cancels", test_leaving_page_cancels);
  g_test_add_func ("/lab/destroy-mid-run", test_destroy_mid_run);
  g_test_add_func ("/lab/narrow-layout", test_narrow_layout);
  g_test_add_func ("/lab/book-page", test_book_page);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (100);
  g_assert_cmpuint (ab_lab_sweep_get_n_workers (), ==, 0);
  g_object_unref (app);
  ab_book_free (book);
  remove_tree (root);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-startup.c — time from launch to the first painted page, and to open
 * every page
 *
 *   bench-startup APP [PAGE] [--every-page] [--book-scale K]
 *
 * Starts the real app with AB_BENCH_FIRST_PAINT=1 (it prints the monotonic
 * time of its first painted frame and quits) several times and reports the
 * median and worst. CLOCK_MONOTONIC is system-wide, so the two processes'
 * clocks agree. With --every-page the app then opens every page of the book
 * in turn (AB_BENCH_NAVIGATE) and the benchmark reports how long each took
 * to reach the screen. With --book-scale K it first writes a book K times
 * the size of the real one (every part copied K times as new parts) into a
 * temporary folder and runs the app on it (AB_BOOK_DIR), to show whether
 * start-up stays flat as the book grows. With --play the app, maximised,
 * plays every diagram of the book once (at 4× speed: the frames are the same
 * work, fewer of them) and the benchmark reports how long its frames took
 * while one played; --play-pause MS waits that long after a diagram is
 * ready before pressing Play (a reader looks first; the canvas warms its
 * layers up meanwhile), 0 presses it at once. Needs a display (run under
 * xvfb-run). Targets (issue #12): first paint ≤ 400 ms, no worse than
 * +10 % at K = 4; every page open ≤ 150 ms; frames while a diagram plays
 * ≤ 16.7 ms (60 Hz).
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS 7

#ifndef AB_SOURCE_BOOK_DIR
# error "AB_SOURCE_BOOK_DIR must name data/book in the source tree"
#endif

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static gboolean
copy_tree (const char *from, const char *to, GError **error)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  if (g_mkdir_with_parents (to, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create %s", to);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          if (!copy_tree (src, dst, error))
            return FALSE;
          continue;
        }
      if (!g_file_get_contents (src, &contents, &len, error) ||
          !g_file_set_contents (dst, contents, (gssize) len, error))
        return FALSE;
    }
  return TRUE;
}

/* The real book's parts copied `scale` times: part-N… becomes part-(N + c·P)
 * for copy c of P parts. Returns the folder, or NULL. */
static char *
write_scaled_book (int scale, GError **error)
{
  g_autofree char *root = g_dir_make_tmp ("bench-book-XXXXXX", error);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (root == NULL || (dir = g_dir_open (AB_SOURCE_BOOK_DIR, 0, error)) == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (AB_SOURCE_BOOK_DIR, name, NULL);
      g_autofree char *dst = g_build_filename (root, name, NULL);
      if (g_str_has_prefix (name, "part-"))
        g_ptr_array_add (parts, g_strdup (name));
      else if (!copy_tree (src, dst, error))   /* the glossary */
        return NULL;
    }
  for (int c = 0; c < scale; c++)
    for (guint i = 0; i < parts->len; i++)
      {
        const char *part = g_ptr_array_index (parts, i);
        int number = atoi (part + 5);
        const char *rest = strchr (part + 5, '-');
        g_autofree char *copy = g_strdup_printf ("part-%d%s%s", number + c * (int) parts->len,
                                                 rest ? rest : "", c ? "-copy" : "");
        g_autofree char *src = g_build_filename (AB_SOURCE_BOOK_DIR, part, NULL);
        g_autofree char *dst = g_build_filename (root, copy, NULL);
        if (!copy_tree (src, dst, error))
          return NULL;
      }
  return g_steal_pointer (&root);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* One launch; returns its stdout, or NULL after saying why. */
static char *
launch (const char *app, const char *page, gint64 *t0)
{
  const char *args[] = { app, "--page", page, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  *t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) || out == NULL || !g_str_has_prefix (out, "first-paint "))
    {
      g_printerr ("bench-startup: the app did not report a first paint%s%s\n",
                  error ? ": " : "", error ? error->message : "");
      g_free (out);
      return NULL;
    }
  return out;
}

static int
report_pages (const char *out)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *worst_page = NULL;
  double worst = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) f = NULL;
      if (!g_str_has_prefix (lines[i], "page-open "))
        continue;
      f = g_strsplit (lines[i] + 10, " ", 2);
      if (!f[0] || !f[1])
        continue;
      double ms = g_ascii_strtod (f[1], NULL);
      g_array_append_val (times, ms);
      if (ms > worst)
        {
          worst = ms;
          g_free (worst_page);
          worst_page = g_strdup (f[0]);
        }
    }
  if (times->len == 0)
    {
      g_printerr ("bench-startup: the app opened no page\n");
      g_array_unref (times);
      return 1;
    }
  qsort (times->data, times->len, sizeof (double), compare);
  g_print ("open each of %u pages after start-up: median %.0f ms, p95 %.0f ms, worst %.0f ms (%s) "
           "(target <= 150 ms): %s\n",
           times->len, g_array_index (times, double, times->len / 2),
           g_array_index (times, double, (guint) (times->len * 0.95)), worst, worst_page,
           worst <= 150 ? "met" : "NOT met");
  g_array_unref (times);
  return 0;
}

typedef struct
{
  char   *name;
  GArray *ms;       /* double: each frame's tick, layout and paint */
  GArray *layout;   /* double: its tick and layout */
} Diagram;

static int
compare_diagram_p95 (const void *a, const void *b)
{
  const Diagram *x = a, *y = b;
  double px = g_array_index (x->ms, double, (guint) (x->ms->len * 0.95));
  double py = g_array_index (y->ms, double, (guint) (y->ms->len * 0.95));
  return px < py ? 1 : px > py ? -1 : 0;
}

/* "frame NAME MS LAYOUT_MS" lines: each diagram's frames while it played. */
static int
report_frames (const char *out)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  GArray *diagrams = g_array_new (FALSE, TRUE, sizeof (Diagram));
  GArray *all = g_array_new (FALSE, FALSE, sizeof (double));
  guint over_60hz = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) f = NULL;
      Diagram *d = NULL;
      double ms, layout_ms;

      if (!g_str_has_prefix (lines[i], "frame "))
        continue;
      f = g_strsplit (lines[i] + 6, " ", 3);
      if (!f[0] || !f[1] || !f[2])
        continue;
      ms = g_ascii_strtod (f[1], NULL);
      layout_ms = g_ascii_strtod (f[2], NULL);
      for (guint k = 0; k < diagrams->len && d == NULL; k++)
        if (g_str_equal (g_array_index (diagrams, Diagram, k).name, f[0]))
          d = &g_array_index (diagrams, Diagram, k);
      if (d == NULL)
        {
          Diagram nd = { g_strdup (f[0]), g_array_new (FALSE, FALSE, sizeof (double)),
                         g_array_new (FALSE, FALSE, sizeof (double)) };
          g_array_append_val (diagrams, nd);
          d = &g_array_index (diagrams, Diagram, diagrams->len - 1);
        }
      g_array_append_val (d->ms, ms);
      g_array_append_val (d->layout, layout_ms);
      g_array_append_val (all, ms);
      over_60hz += ms > 16.7;
    }
  if (all->len == 0)
    {
      g_printerr ("bench-startup: the app played no diagram\n");
      return 1;
    }
  for (guint k = 0; k < diagrams->len; k++)
    {
      Diagram *d = &g_array_index (diagrams, Diagram, k);
      qsort (d->ms->data, d->ms->len, sizeof (double), compare);
      qsort (d->layout->data, d->layout->len, sizeof (double), compare);
    }
  qsort (diagrams->data, diagrams->len, sizeof (Diagram), compare_diagram_p95);
  qsort (all->data, all->len, sizeof (double), compare);
  g_print ("playing %u diagrams, %u frames: frame (tick, layout and paint) median %.1f ms, p95 %.1f ms; "
           "%u frames over 16.7 ms\n",
           diagrams->len, all->len, g_array_index (all, double, all->len / 2),
           g_array_index (all, double, (guint) (all->len * 0.95)), over_60hz);
  for (guint k = 0; k < diagrams->len; k++)
    {
      Diagram *d = &g_array_index (diagrams, Diagram, k);
      if (k < 5 || k + 1 == diagrams->len)
        g_print ("  %-32s p95 %5.1f ms (tick and layout: p95 %4.1f, worst %4.1f), worst %5.1f ms over %u frames%s\n",
                 d->name, g_array_index (d->ms, double, (guint) (d->ms->len * 0.95)),
                 g_array_index (d->layout, double, (guint) (d->layout->len * 0.95)),
                 g_array_index (d->layout, double, d->layout->len - 1),
                 g_array_index (d->ms, double, d->ms->len - 1), d->ms->len,
                 k + 1 == diagrams->len ? " (the fastest)" : "");
      g_free (d->name);
      g_array_unref (d->ms);
      g_array_unref (d->layout);
    }
  g_array_unref (diagrams);
  g_array_unref (all);
  return 0;
}

int
main (int argc, char **argv)
{
  gboolean every_page = FALSE, play = FALSE;
  int scale = 1, pause_ms = 0;
  g_autofree char *page = NULL, *book = NULL;
  GOptionEntry entries[] = {
    { "every-page", 0, 0, G_OPTION_ARG_NONE, &every_page, "Then open every page and time each", NULL },
    { "play", 0, 0, G_OPTION_ARG_NONE, &play, "Then play every diagram, maximised, and time each frame", NULL },
    { "play-pause", 0, 0, G_OPTION_ARG_INT, &pause_ms,
      "With --play, wait MS after a diagram is ready before pressing Play, as a reader does (default 0)", "MS" },
    { "book-scale", 0, 0, G_OPTION_ARG_INT, &scale, "Run on a book K times the real one", "K" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("APP [PAGE]");
  g_autoptr (GError) error = NULL;
  double times[RUNS];
  g_autofree char *renderer = NULL;
  int rc = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || argc > 3 ||
      scale < 1 || scale > 16 || pause_ms < 0 || pause_ms > 10000)
    {
      g_printerr ("usage: bench-startup PATH/TO/attention-book [PAGE] [--every-page] [--play [--play-pause 0..10000]] [--book-scale 1..16]%s%s\n",
                  error ? ": " : "", error ? error->message : "");
      return 2;
    }
  page = g_strdup (argc > 2 ? argv[2] : "part-1/scaled-dot-product");
  if (scale > 1)
    {
      if ((book = write_scaled_book (scale, &error)) == NULL)
        {
          g_printerr ("bench-startup: cannot write the scaled book: %s\n", error->message);
          return 1;
        }
      g_setenv ("AB_BOOK_DIR", book, TRUE);
    }
  g_setenv ("AB_BENCH_FIRST_PAINT", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  for (int i = 0; i < RUNS && rc == 0; i++)
    {
      gint64 t0;
      g_autofree char *out = launch (argv[1], page, &t0);
      if (out == NULL)
        rc = 1;
      else
        {
          char *end = NULL;
          times[i] = (g_ascii_strtoll (out + 12, &end, 10) - t0) / 1000.0;
          g_free (renderer);
          renderer = g_strndup (end + strspn (end, " "), strcspn (end + strspn (end, " "), "\n"));
        }
    }
  if (rc == 0)
    {
      qsort (times, RUNS, sizeof (double), compare);
      g_print ("start to first painted page over %d runs, book x%d, %s: median %.0f ms, worst %.0f ms "
               "(target <= 400 ms): %s\n",
               RUNS, scale, renderer && *renderer ? renderer : "renderer not reported",
               times[RUNS / 2], times[RUNS - 1], times[RUNS / 2] <= 400 ? "met" : "NOT met");
    }
  if (rc == 0 && every_page)
    {
      gint64 t0;
      g_autofree char *out = NULL;
      g_setenv ("AB_BENCH_NAVIGATE", "1", TRUE);
      out = launch (argv[1], page, &t0);
      rc = out ? report_pages (out) : 1;
      g_unsetenv ("AB_BENCH_NAVIGATE");
    }
  if (rc == 0 && play)
    {
      gint64 t0;
      g_autofree char *out = NULL;
      g_autofree char *pause = g_strdup_printf ("%d", pause_ms);
      g_setenv ("AB_BENCH_PLAY", "1", TRUE);
      g_setenv ("AB_BENCH_PLAY_PAUSE_MS", pause, TRUE);
      if (pause_ms > 0)
        g_print ("each diagram plays %d ms after it is ready\n", pause_ms);
      out = launch (argv[1], page, &t0);
      rc = out ? report_frames (out) : 1;
    }
  if (book)
    remove_tree (book);
  return rc;
}

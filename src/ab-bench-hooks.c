/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-bench-hooks.c — what bench/app/bench-startup measures inside the app
 *
 * With AB_BENCH_FIRST_PAINT set, the app prints when the first page is on
 * screen (and which GTK renderer drew it). Then, with AB_BENCH_NAVIGATE, it
 * opens every page of the book in turn and prints how long each took from
 * the call to the end of the frame that shows it (its values and its
 * diagrams' first draw included); with AB_BENCH_PLAY, it plays every
 * diagram of the book once from its first step to its last (at 4× speed),
 * scrolled into view (after AB_BENCH_PLAY_PAUSE_MS, if set, once it is
 * ready), and prints how long each frame took to tick, lay out
 * and paint while one played (and how much of it was ticking and layout):
 * what a reader's 60 Hz depends on. Then it quits.
 */
#define G_LOG_DOMAIN "ab-bench"

#include "ab-bench-hooks.h"
#include "ab-book.h"
#include "ab-diagram-view.h"
#include "ab-page-view.h"
#include "ab-timeline.h"

typedef struct
{
  GApplication  *app;
  AbWindow      *window;
  GdkFrameClock *clock;
  GPtrArray     *pages;        /* AbPage*, the book's order */
  guint          next;         /* page to open next */
  gint64         opened_at;    /* when it was asked for (0: none yet) */
  gboolean       first_painted;
  gboolean       play;
  GPtrArray     *views;        /* the page's diagram views still to play */
  AbDiagramView *playing;      /* the one playing now */
  gboolean       started;      /* it has begun to play */
  guint          pause_ms;     /* AB_BENCH_PLAY_PAUSE_MS: a reader's look before Play */
  guint          pause_id;     /* the pause's timeout, 0 when none */
  gboolean       paused;       /* the pause for the current view is over */
  gint64         frame_start;
  gint64         layout_end;      /* this frame's, 0 before its layout phase */
  double         last_position;   /* the playing view's, at the last frame */
} BenchRun;

static void after_paint (GdkFrameClock *clock, BenchRun *run);
static void after_layout (GdkFrameClock *clock, BenchRun *run);
static void before_paint (GdkFrameClock *clock, BenchRun *run);

/* No frame painted while the app quits reaches the handlers again. */
static void
quit (BenchRun *run)
{
  g_signal_handlers_disconnect_by_func (run->clock, after_paint, run);
  g_signal_handlers_disconnect_by_func (run->clock, after_layout, run);
  g_signal_handlers_disconnect_by_func (run->clock, before_paint, run);
  g_application_quit (run->app);
}

static void
open_page (BenchRun *run, guint index)
{
  AbPage *page = g_ptr_array_index (run->pages, index);

  run->opened_at = g_get_monotonic_time ();
  ab_window_show_page (run->window, page->id);
  /* a frame even if this page was already on screen */
  gtk_widget_queue_draw (GTK_WIDGET (run->window));
}

static void
navigate (BenchRun *run)
{
  if (run->opened_at != 0)
    {
      AbPage *page = g_ptr_array_index (run->pages, run->next);
      g_print ("page-open %s %.2f\n", page->id, (g_get_monotonic_time () - run->opened_at) / 1000.0);
      run->next++;
    }
  if (run->next >= run->pages->len)
    quit (run);
  else
    open_page (run, run->next);
}

static gboolean
pause_over (gpointer data)
{
  BenchRun *run = data;

  run->pause_id = 0;
  run->paused = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (run->window));
  return G_SOURCE_REMOVE;
}

/* Playing: one view after another, page after page. */
static void
play_next (BenchRun *run)
{
  if (run->playing)
    {
      if (!run->started)
        {
          /* results first (a step count may come with them), then Play */
          if (ab_diagram_view_get_computing (run->playing) || run->pause_id != 0)
            return;
          /* No frames meanwhile: a reader's window is still while they look. */
          if (run->pause_ms > 0 && !run->paused)
            {
              run->pause_id = g_timeout_add (run->pause_ms, pause_over, run);
              return;
            }
          ab_diagram_view_go_to_step (run->playing, 0);
          /* the same frames, a quarter as many: the whole book in minutes */
          ab_timeline_set_speed (ab_diagram_view_get_timeline (run->playing), 4.0);
          ab_diagram_view_set_playing (run->playing, TRUE);
          run->started = TRUE;
          return;
        }
      if (ab_diagram_view_get_playing (run->playing) ||
          ab_timeline_is_running (ab_diagram_view_get_timeline (run->playing)))
        return;
      g_clear_object (&run->playing);
    }
  while (run->views == NULL || run->views->len == 0)
    {
      g_clear_pointer (&run->views, g_ptr_array_unref);
      if (run->next >= run->pages->len)
        {
          quit (run);
          return;
        }
      open_page (run, run->next++);
      GPtrArray *views = ab_page_view_get_diagram_views (ab_window_get_page_view (run->window));

      run->views = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < views->len; i++)
        g_ptr_array_add (run->views, g_object_ref (g_ptr_array_index (views, i)));
    }
  run->playing = g_ptr_array_steal_index (run->views, 0);
  run->started = FALSE;
  run->paused = FALSE;
  ab_page_view_scroll_to (ab_window_get_page_view (run->window), GTK_WIDGET (run->playing));
  gtk_widget_queue_draw (GTK_WIDGET (run->window));
}

static void
before_paint (GdkFrameClock *clock, BenchRun *run)
{
  run->frame_start = g_get_monotonic_time ();
  run->layout_end = 0;
}

/* Connected "after", behind the handlers that lay the window out (the
 * surface's, the root's), so this is when layout ended. */
static void
after_layout (GdkFrameClock *clock, BenchRun *run)
{
  run->layout_end = g_get_monotonic_time ();
}

static void
after_paint (GdkFrameClock *clock, BenchRun *run)
{
  if (!run->first_painted)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (run->window));

      run->first_painted = TRUE;
      g_print ("first-paint %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (),
               renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
      if (!g_getenv ("AB_BENCH_NAVIGATE") && !run->play)
        {
          quit (run);
          return;
        }
    }
  if (!run->play)
    {
      navigate (run);
      return;
    }
  /* Frames that moved the diagram; those of a step's hold repaint nothing. */
  if (run->playing && run->started && run->frame_start > 0 &&
      ab_diagram_view_get_position (run->playing) != run->last_position)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 layout_end = run->layout_end > 0 ? run->layout_end : run->frame_start;

      g_print ("frame %s %.2f %.2f\n", ab_diagram_get_name (ab_diagram_view_get_diagram (run->playing)),
               (now - run->frame_start) / 1000.0, (layout_end - run->frame_start) / 1000.0);
    }
  if (run->playing)
    run->last_position = ab_diagram_view_get_position (run->playing);
  play_next (run);
  /* keep frames coming while a view waits for its results */
  if (run->playing && !run->started && run->pause_id == 0)
    gtk_widget_queue_draw (GTK_WIDGET (run->window));
}

static void
window_mapped (GtkWidget *window, BenchRun *run)
{
  run->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (run->clock, "before-paint", G_CALLBACK (before_paint), run);
  g_signal_connect_after (run->clock, "layout", G_CALLBACK (after_layout), run);
  g_signal_connect (run->clock, "after-paint", G_CALLBACK (after_paint), run);
}

void
ab_bench_hooks_attach (GApplication *app, AbWindow *window)
{
  BenchRun *run;

  if (!g_getenv ("AB_BENCH_FIRST_PAINT"))
    return;
  run = g_new0 (BenchRun, 1);   /* lives until the app quits */
  run->app = app;
  run->window = window;
  run->pages = ab_book_get_pages (ab_book_get_default ());
  run->play = g_getenv ("AB_BENCH_PLAY") != NULL;
  if (g_getenv ("AB_BENCH_PLAY_PAUSE_MS"))
    run->pause_ms = (guint) g_ascii_strtoull (g_getenv ("AB_BENCH_PLAY_PAUSE_MS"), NULL, 10);
  if (run->play)
    gtk_window_maximize (GTK_WINDOW (window));
  g_signal_connect (window, "map", G_CALLBACK (window_mapped), run);
}

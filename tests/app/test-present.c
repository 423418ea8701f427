/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-present.c — presenter mode under Xvfb, and `export-slides`
 *
 * Starts presenting from the book's window (F5's action), presses through
 * every slide step of Part 1 with key events sent to the windows' own key
 * controllers (alternating audience window and console), and checks after
 * each key that both windows show the presentation's slide and step. Then
 * back, Home/End, typed slide numbers, the blank screen, the timer, the
 * next-step preview, notes, rehearsal times, leaving, the `present`
 * command line, and the PDF/PNG export with its bad input. Screenshots of
 * both windows go to $AB_BUILD_ROOT/screenshots/present-*.png. Runs with
 * G_DEBUG=fatal-criticals, and warnings from the presenter's own log
 * domains are fatal too.
 */
#include "gui-test-util.h"
#include "config.h"
#include "ab-application.h"
#include "ab-audience-window.h"
#include "ab-book.h"
#include "ab-book-values.h"
#include "ab-presenter.h"
#include "ab-presenter-console.h"
#include "ab-rehearsal.h"
#include "ab-slide-view.h"
#include "ab-slides.h"
#include "ab-window.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static AbApplication *app;
static AbWindow *window;
static char *shots;
static char *tmp;

static gint64
now (void)
{
  return g_get_monotonic_time () / 1000;
}

static AbPresenter *
presenter (void)
{
  AbPresenter *p = ab_presenter_get_running (GTK_APPLICATION (app));
  g_assert_nonnull (p);
  return p;
}

static AbPresentation *
presentation (void)
{
  return ab_presenter_get_presentation (presenter ());
}

static AbSlideView *
audience_view (void)
{
  return ab_audience_window_get_slide_view (AB_AUDIENCE_WINDOW (ab_presenter_get_audience (presenter ())));
}

static AbPresenterConsole *
console (void)
{
  return AB_PRESENTER_CONSOLE (ab_presenter_get_console (presenter ()));
}

/* A key as the window's own key controller receives it. */
static gboolean
press (GtkWindow *target, guint keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (target));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c) && g_strcmp0 (gtk_event_controller_get_name (c), "presenter-keys") == 0)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

static GtkWindow *
audience (void)
{
  return ab_presenter_get_audience (presenter ());
}

static GtkWindow *
console_window (void)
{
  return ab_presenter_get_console (presenter ());
}

/* Both windows show the presentation's slide at its (settled) step. */
static void
assert_in_sync (void)
{
  AbPresentation *p = presentation ();
  AbSlideView *a = audience_view (), *c = ab_presenter_console_get_current_view (console ());

  g_assert_cmpuint (ab_slide_view_get_slide (a), ==, ab_presentation_get_slide (p));
  g_assert_cmpuint (ab_slide_view_get_slide (c), ==, ab_presentation_get_slide (p));
  g_assert_cmpfloat (ab_slide_view_get_position (a), ==, ab_presentation_get_position (p));
  g_assert_cmpfloat (ab_slide_view_get_position (c), ==, ab_presentation_get_position (p));
}

static gboolean
spin_until_settled (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  AbPresentation *p = presentation ();

  while (g_get_monotonic_time () < end)
    {
      if (ab_presentation_get_position (p) == ab_presentation_get_step (p))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return FALSE;
}

static void
set_animations (gboolean on)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", on, NULL);
}

static AbPart *
part_1 (void)
{
  AbPart *part = ab_slides_find_part (ab_book_get_default (), 1);
  g_assert_nonnull (part);
  return part;
}

static void
leave_and_wait (GtkWindow *target)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (press (target, GDK_KEY_Escape));
  g_assert_null (ab_presenter_get_running (GTK_APPLICATION (app)));
  /* Both windows go; the book's stays. */
  while (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))) > 1 &&
         g_get_monotonic_time () < end)
    gui_spin (20);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

/* Tests --------------------------------------------------------------------------- */

static void
collect_label_text (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_label_text (c, out);
}

/* Reading, the notes stay hidden: the page shows its prose, not the talk. */
static void
test_reading_view_hides_notes (void)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_true (ab_window_show_page (window, "part-1/bahdanau-attention"));
  gui_spin (200);
  collect_label_text (GTK_WIDGET (ab_window_get_page_view (window)), text);
  g_assert_nonnull (strstr (text->str, "The diagram recreates the paper"));
  g_assert_null (strstr (text->str, "Stop on rows 5 to 7"));
  g_assert_null (strstr (text->str, "{{<"));
}

/* Speaker notes of part 1's last page quote it; nothing has computed it yet. */
#define LAST_NOTES_KEY "cost.stack.l24.h16.n16384.fp16"

static gboolean
last_notes_value_known (gpointer data)
{
  g_autofree char *value = ab_book_value_peek (LAST_NOTES_KEY);
  return value != NULL;
}

static gboolean
live_deck_computes (gpointer data)
{
  return ab_slide_deck_get_values (ab_presentation_get_deck (presentation ())) == AB_SLIDE_VALUES_COMPUTE;
}

static void
test_start_from_this_page (void)
{
  AbPage *page = ab_book_find_page (ab_book_get_default (), "part-1/scaled-dot-product");
  g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (ab_book_get_default (), part_1 ());
  guint last = ab_slide_deck_get_n_slides (deck) - 1;
  g_autofree char *waiting = NULL, *arrived = NULL, *value = NULL;

  g_assert_true (ab_window_show_page (window, page->id));
  gui_spin (100);
  g_assert_false (last_notes_value_known (NULL));
  /* A window's deck reads a number no kernel has computed yet as "…" and
   * computes nothing for it. */
  ab_slide_deck_set_values (deck, AB_SLIDE_VALUES_CACHED);
  waiting = ab_slide_dup_notes_text (deck, last);
  g_assert_nonnull (strstr (waiting, "…"));
  g_assert_false (last_notes_value_known (NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.present-here", NULL);
  gui_spin (500);
  /* The deck's numbers are fetched in the background as the talk starts,
   * not when its last slide is drawn; once all are in, the presenter's
   * deck computes any it still lacks (a refused key shows its error). */
  g_assert_true (gui_spin_until (last_notes_value_known, NULL, gui_timeout (30000)));
  g_assert_true (gui_spin_until (live_deck_computes, NULL, gui_timeout (30000)));
  value = ab_book_value_peek (LAST_NOTES_KEY);
  arrived = ab_slide_dup_notes_text (deck, last);
  g_assert_nonnull (strstr (arrived, value));
  g_assert_null (strstr (arrived, "…"));
  g_assert_cmpint ((int) ab_presentation_get_slide (presentation ()), ==, ab_slide_deck_find_page (deck, page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (audience ())));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (console_window ())));
  assert_in_sync ();
  /* A second start raises the one running. */
  g_assert_true (ab_presenter_start (GTK_APPLICATION (app), ab_book_get_default (), part_1 (), NULL, 0) == presenter ());
  /* Ending from the audience window: back in the book at the page presented. */
  g_assert_true (press (audience (), GDK_KEY_Right));
  leave_and_wait (audience ());
  g_assert_true (ab_window_get_page (window) == page);
}

static void
test_press_through_part_1 (void)
{
  AbPresentation *p;
  g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (ab_book_get_default (), part_1 ());
  const guint keys[] = { GDK_KEY_Right, GDK_KEY_space, GDK_KEY_Page_Down };
  guint n_steps = ab_slide_deck_get_n_steps (deck), presses = 0, moving_frames = 0;

  g_assert_true (ab_window_show_page (window, "part-1"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL);
  gui_spin (500);
  p = presentation ();
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 0);
  g_assert_cmpuint (ab_slide_deck_get_n_slides (ab_presentation_get_deck (p)), ==, ab_slide_deck_get_n_slides (deck));

  for (guint flat = 1; flat < n_steps; flat++)
    {
      guint slide, step;
      /* Alternate the windows that get the key, and the keys. */
      GtkWindow *target = flat % 2 ? audience () : console_window ();
      gboolean animate = flat < 8;   /* the first few with their transitions */

      set_animations (animate);
      g_assert_true (press (target, keys[flat % G_N_ELEMENTS (keys)]));
      presses++;
      ab_slide_deck_locate (deck, flat, &slide, &step);
      g_assert_cmpuint (ab_presentation_get_slide (p), ==, slide);
      g_assert_cmpuint (ab_presentation_get_step (p), ==, step);
      if (animate && step > 0)
        {
          /* Mid-transition both windows draw the same in-between frame. */
          gui_spin (60);
          if (ab_presentation_get_position (p) != step)
            {
              moving_frames++;
              assert_in_sync ();
            }
        }
      g_assert_true (spin_until_settled (3000));
      gui_spin (animate ? 30 : 5);
      assert_in_sync ();
    }
  set_animations (TRUE);
  g_assert_cmpuint (presses, ==, n_steps - 1);
  g_assert_cmpuint (moving_frames, >, 0);
  /* At the very end, Next changes nothing. */
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, ab_slide_deck_get_n_slides (deck) - 1);
  g_assert_false (ab_presentation_next (p, now ()));
  g_assert_true (press (audience (), GDK_KEY_Right));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, ab_slide_deck_get_n_slides (deck) - 1);
  gui_screenshot (GTK_WIDGET (audience ()), shots, "present-audience-last");
}

static void
test_back_home_end_and_jump (void)
{
  AbPresentation *p = presentation ();
  AbSlideDeck *deck = ab_presentation_get_deck (p);
  guint last = ab_slide_deck_get_n_slides (deck) - 1;

  set_animations (FALSE);
  g_assert_true (press (console_window (), GDK_KEY_Home));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 0);
  g_assert_true (press (audience (), GDK_KEY_End));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, last);
  g_assert_cmpuint (ab_presentation_get_step (p), ==, ab_slide_deck_get_slide (deck, last)->n_steps - 1);

  /* Back from a slide's first step lands on the last step of the one before. */
  g_assert_true (ab_presentation_go_to (p, 3, 0, now ()));
  g_assert_true (press (audience (), GDK_KEY_Left));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 2);
  g_assert_cmpuint (ab_presentation_get_step (p), ==, ab_slide_deck_get_slide (deck, 2)->n_steps - 1);
  g_assert_true (press (console_window (), GDK_KEY_Page_Up));
  gui_spin (30);
  assert_in_sync ();

  /* "1", "2", Enter: slide 12. */
  g_assert_true (press (audience (), GDK_KEY_1));
  g_assert_true (press (console_window (), GDK_KEY_2));
  g_assert_cmpstr (ab_presentation_get_jump_text (p), ==, "12");
  g_assert_true (press (audience (), GDK_KEY_Return));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 11);
  g_assert_null (ab_presentation_get_jump_text (p));
  gui_spin (30);
  assert_in_sync ();
  /* A number out of range goes nowhere; Esc forgets a number without leaving. */
  g_assert_true (press (audience (), GDK_KEY_9));
  g_assert_true (press (audience (), GDK_KEY_9));
  g_assert_true (press (audience (), GDK_KEY_KP_Enter));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 11);
  g_assert_true (press (console_window (), GDK_KEY_3));
  g_assert_true (press (console_window (), GDK_KEY_Escape));
  g_assert_null (ab_presentation_get_jump_text (p));
  gui_spin (100);
  g_assert_nonnull (ab_presenter_get_running (GTK_APPLICATION (app)));
  set_animations (TRUE);
}

static void
test_blank (void)
{
  AbPresentation *p = presentation ();
  guint slide = ab_presentation_get_slide (p);

  g_assert_true (press (audience (), GDK_KEY_b));
  g_assert_true (ab_presentation_get_blanked (p));
  g_assert_true (ab_slide_view_get_blank (audience_view ()));
  /* The console keeps showing the slide, and says the room sees black. */
  g_assert_false (ab_slide_view_get_blank (ab_presenter_console_get_current_view (console ())));
  gui_spin (100);
  gui_screenshot (GTK_WIDGET (audience ()), shots, "present-audience-blank");
  g_assert_true (press (console_window (), GDK_KEY_period));
  g_assert_false (ab_presentation_get_blanked (p));
  g_assert_false (ab_slide_view_get_blank (audience_view ()));
  /* Next on a blank screen shows the slide again; it does not move on. */
  g_assert_true (press (console_window (), GDK_KEY_B));
  g_assert_true (press (audience (), GDK_KEY_Right));
  g_assert_false (ab_presentation_get_blanked (p));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, slide);
  /* The console's toggle button is the same action. */
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.blank", NULL);
  g_assert_true (ab_presentation_get_blanked (p));
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.blank", NULL);
  g_assert_false (ab_presentation_get_blanked (p));
}

static void
test_timer (void)
{
  AbPresentation *p = presentation ();
  AbPresenterConsole *c = console ();
  g_autofree char *before = NULL, *paused = NULL;
  gint64 t0;

  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.reset-timer", NULL);
  gui_spin (300);
  g_assert_cmpstr (ab_presenter_console_get_elapsed_text (c), ==, "0:00");
  t0 = ab_presentation_get_elapsed_ms (p, now ());
  gui_spin (1300);
  g_assert_cmpint (ab_presentation_get_elapsed_ms (p, now ()), >=, t0 + 1200);
  g_assert_cmpstr (ab_presenter_console_get_elapsed_text (c), !=, "0:00");

  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.toggle-timer", NULL);
  g_assert_false (ab_presentation_get_timer_running (p));
  paused = g_strdup (ab_presenter_console_get_elapsed_text (c));
  before = g_strdup_printf ("%" G_GINT64_FORMAT, ab_presentation_get_elapsed_ms (p, now ()));
  gui_spin (1100);
  g_assert_cmpstr (ab_presenter_console_get_elapsed_text (c), ==, paused);
  {
    g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              ab_presentation_get_elapsed_ms (p, now ()));
    g_assert_cmpstr (after, ==, before);
  }
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.toggle-timer", NULL);
  g_assert_true (ab_presentation_get_timer_running (p));
}

static void
test_next_step_preview_and_notes (void)
{
  AbPresentation *p = presentation ();
  AbSlideDeck *deck = ab_presentation_get_deck (p);
  AbSlideView *next = ab_presenter_console_get_next_view (console ());
  int diagram = -1;
  g_autofree char *notes = NULL;
  int size;

  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck) && diagram < 0; i++)
    if (ab_slide_deck_get_slide (deck, i)->kind == AB_SLIDE_DIAGRAM && ab_slide_deck_get_slide (deck, i)->n_steps > 2)
      diagram = (int) i;
  g_assert_cmpint (diagram, >=, 0);

  /* Step 1 of a diagram: the preview is the same diagram at step 2. */
  g_assert_true (ab_presentation_go_to (p, (guint) diagram, 1, now ()));
  gui_spin (50);
  g_assert_cmpuint (ab_slide_view_get_slide (next), ==, (guint) diagram);
  g_assert_cmpfloat (ab_slide_view_get_position (next), ==, 2);
  gui_screenshot (GTK_WIDGET (console_window ()), shots, "present-console");
  gui_screenshot (GTK_WIDGET (audience ()), shots, "present-audience");
  /* Its last step: the preview is the next slide's first. */
  g_assert_true (ab_presentation_go_to (p, (guint) diagram, ab_slide_deck_get_slide (deck, diagram)->n_steps - 1, now ()));
  gui_spin (50);
  g_assert_cmpuint (ab_slide_view_get_slide (next), ==, (guint) diagram + 1);
  g_assert_cmpfloat (ab_slide_view_get_position (next), ==, 0);

  /* The notes shown are the slide's. */
  notes = ab_slide_dup_notes_text (deck, (guint) diagram);
  g_assert_nonnull (notes);
  g_assert_nonnull (strstr (ab_presenter_console_get_notes_text (console ()), notes));
  size = ab_presenter_console_get_notes_size (console ());
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.notes-larger", NULL);
  g_assert_cmpint (ab_presenter_console_get_notes_size (console ()), ==, size + 2);
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);
    g_assert_cmpint (g_settings_get_int (settings, "present-notes-font-size"), ==, size + 2);
  }
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.notes-smaller", NULL);
  g_assert_cmpint (ab_presenter_console_get_notes_size (console ()), ==, size);

  /* The slide list jumps too. */
  ab_presenter_console_set_overview (console (), TRUE);
  gui_spin (300);
  gui_screenshot (GTK_WIDGET (console_window ()), shots, "present-console-overview");
  ab_presenter_console_set_overview (console (), FALSE);
  /* The last slide: the preview says the talk ends. */
  g_assert_true (press (audience (), GDK_KEY_End));
  gui_spin (50);
  g_assert_false (ab_presentation_get_next_target (p, NULL, NULL));
}

static void
test_rehearsal_times_next_run (void)
{
  g_autofree char *file = ab_rehearsal_default_path ();
  g_autoptr (GHashTable) times = NULL;
  AbPresentation *p = presentation ();
  g_autofree char *first_id = g_strdup (ab_slide_deck_get_slide (ab_presentation_get_deck (p), 0)->id);

  g_assert_true (g_str_has_prefix (file, tmp));
  g_assert_true (press (audience (), GDK_KEY_Home));
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.rehearse", NULL);
  gui_spin (400);
  g_assert_true (press (audience (), GDK_KEY_Right));
  gui_spin (300);
  leave_and_wait (console_window ());

  times = ab_rehearsal_load (file, "part-1", NULL);
  g_assert_nonnull (times);
  g_assert_true (g_hash_table_contains (times, first_id));
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (times, first_id), >=, 300);

  /* The next run shows the rehearsed time beside the one being taken. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL);
  gui_spin (400);
  g_assert_cmpint (ab_presentation_get_target_ms (presentation (), 0), ==,
                   *(gint64 *) g_hash_table_lookup (times, first_id));
  gtk_widget_activate_action (GTK_WIDGET (console_window ()), "present.rehearse", NULL);
  leave_and_wait (console_window ());
}

/* `attention-book present …` from the command line, as its own process. */
static void
test_present_command_line (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  const char *good[] = { binary, "present", "--part", "1", "--from", "part-1/bahdanau-attention", NULL };
  const char *bad[][7] = {
    { binary, "present", "--part", "9", NULL },
    { binary, "present", "--from", "part-1/nowhere", NULL },
    { binary, "present", "--part", "3", "--from", "part-1/bahdanau-attention", NULL },
  };
  g_autoptr (GError) error = NULL;
  int status = 0;
  GPid pid;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_assert_true (g_spawn_sync (NULL, (char **) bad[i], NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                                   &error));
      g_assert_no_error (error);
      g_test_message ("%s %s %s: %s", bad[i][1], bad[i][2], bad[i][3], err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_nonnull (strstr (err, "attention-book: "));
      g_assert_true (strstr (err, "there is no") || strstr (err, "is not in part"));
    }

  g_assert_true (g_spawn_async (NULL, (char **) good, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  gui_spin (2500);
  /* Presenting, not crashed. */
  g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

/* export-slides ----------------------------------------------------------------------- */

static int
run_cli (const char *const *args, char **err_out)
{
  g_autofree char *binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, binary);
  g_ptr_array_add (argv, (gpointer) "export-slides");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, err_out,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *line;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static void
test_export_slides_pdf (void)
{
  g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (ab_book_get_default (), part_1 ());
  g_autofree char *pdf = g_build_filename (tmp, "part-1.pdf", NULL);
  g_autofree char *notes = g_build_filename (tmp, "part-1-notes.pdf", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--part", "1", "--format", "pdf", "--out", pdf, "--notes", notes, NULL };
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (!pdfinfo)
    {
      g_test_fail_printf ("pdfinfo is missing: build-aux/install-deps.sh installs poppler-utils");
      return;
    }
  g_assert_cmpint (run_cli (args, &err), ==, 0);
  g_test_message ("%s", err);
  /* One page per slide step; the handout one per slide. */
  g_assert_cmpint (pdf_pages (pdf), ==, (int) ab_slide_deck_get_n_steps (deck));
  g_assert_cmpint (pdf_pages (notes), ==, (int) ab_slide_deck_get_n_slides (deck));
  g_assert_cmpuint (ab_slide_deck_get_n_steps (deck), >, ab_slide_deck_get_n_slides (deck));
}

static void
test_export_slides_png (void)
{
  g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (ab_book_get_default (), part_1 ());
  g_autofree char *dir = g_build_filename (tmp, "png", NULL);
  g_autofree char *first = g_build_filename (dir, "slide-001.png", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--part", "1", "--format", "png", "--scale", "0.25", "--out", dir, NULL };
  g_autoptr (GdkTexture) texture = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (run_cli (args, &err), ==, 0);
  g_assert_cmpuint (count_files (dir), ==, ab_slide_deck_get_n_steps (deck));
  texture = gdk_texture_new_from_filename (first, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 400);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 225);
}

/* Bad input: one line, status 2, and no file at all. */
static void
test_export_slides_bad_input (void)
{
  g_autofree char *dir = g_build_filename (tmp, "bad", NULL);
  g_autofree char *pdf = g_build_filename (dir, "deck.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "deck.pdf", NULL);
  const char *const cases[][9] = {
    { "--part", "9", "--format", "pdf", "--out", pdf, NULL },
    { "--format", "pdf", "--out", pdf, NULL },
    { "--part", "1", "--format", "gif", "--out", pdf, NULL },
    { "--part", "1", "--format", "pdf", "--out", missing, NULL },
    { "--part", "1", "--format", "pdf", "--out", dir, NULL },
    { "--part", "1", "--format", "pdf", NULL },
    { "--part", "1", "--format", "png", "--out", pdf, NULL },
    { "--part", "1", "--format", "png", "--out", dir, "--notes", pdf, NULL },
    { "--part", "1", "--format", "pdf", "--out", pdf, "--notes", pdf, NULL },
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = run_cli (cases[i], &err);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_true (g_str_has_prefix (err, "attention-book: "));
      /* One line. */
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
      g_assert_cmpuint (count_files (dir), ==, 0);
    }
}

/* A failure half way removes what was written. */
static void
test_export_slides_no_partial_set (void)
{
  g_autofree char *dir = g_build_filename (tmp, "partial", NULL);
  g_autofree char *blocker = g_build_filename (dir, "slide-005.png", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--part", "1", "--format", "png", "--scale", "0.1", "--out", dir, NULL };

  /* A folder where the fifth frame would go. */
  g_assert_cmpint (g_mkdir_with_parents (blocker, 0755), ==, 0);
  g_assert_cmpint (run_cli (args, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "slide-005.png"));
  g_assert_cmpuint (count_files (dir), ==, 1);   /* only the blocking folder */
}

/* The throwaway folder and what the exports left in it. */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

int
main (int argc, char **argv)
{
  static const char *const domains[] = {
    "ab-presenter", "ab-presenter-console", "ab-audience-window", "ab-slide-view", "ab-presentation",
    "ab-slides", "ab-slide-render", "ab-rehearsal",
  };
  g_autoptr (GError) error = NULL;
  int status;

  /* Rehearsal times go to a throwaway data folder. */
  tmp = g_dir_make_tmp ("ab-present-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    g_log_set_fatal_mask (domains[i], G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  shots = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);
  g_mkdir_with_parents (shots, 0755);

  app = ab_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = AB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gui_spin (400);

  g_test_add_func ("/present/reading-view-hides-notes", test_reading_view_hides_notes);
  g_test_add_func ("/present/start-from-this-page", test_start_from_this_page);
  g_test_add_func ("/present/press-through-part-1", test_press_through_part_1);
  g_test_add_func ("/present/back-home-end-and-jump", test_back_home_end_and_jump);
  g_test_add_func ("/present/blank", test_blank);
  g_test_add_func ("/present/timer", test_timer);
  g_test_add_func ("/present/next-step-preview-and-notes", test_next_step_preview_and_notes);
  g_test_add_func ("/present/rehearsal-times-next-run", test_rehearsal_times_next_run);
  g_test_add_func ("/present/command-line", test_present_command_line);
  g_test_add_func ("/present/export-slides-pdf", test_export_slides_pdf);
  g_test_add_func ("/present/export-slides-png", test_export_slides_png);
  g_test_add_func ("/present/export-slides-bad-input", test_export_slides_bad_input);
  g_test_add_func ("/present/export-slides-no-partial-set", test_export_slides_no_partial_set);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (100);
  g_object_unref (app);
  remove_tree (tmp);
  return status;
}

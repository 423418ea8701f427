/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-presentation.c — the state of a talk, without GTK: moves, blank, jumps, clock, rehearsal
 *
 * Drives an AbPresentation over Part 1's real deck with a clock the test
 * sets: Next and Previous through steps and slides, the blank screen,
 * typed slide numbers, the timer (pause, reset), the time per slide and
 * the rehearsal file that carries it to the next run.
 */
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-presentation.h"
#include "ab-rehearsal.h"
#include "ab-slides.h"

#include <glib/gstdio.h>
#include <string.h>

static AbBook *book;

static AbPresentation *
new_presentation (guint first, gint64 now)
{
  AbSlideDeck *deck = ab_slide_deck_new (book, ab_slides_find_part (book, 1));
  AbPresentation *p = ab_presentation_new (deck, first, now);

  /* Reduced motion: every step is its end state at once. */
  ab_presentation_set_animate (p, FALSE);
  return p;
}

static void
count_changed (AbPresentation *p, guint *n)
{
  (*n)++;
}

static void
test_next_and_previous (void)
{
  g_autoptr (AbPresentation) p = new_presentation (0, 0);
  AbSlideDeck *deck = ab_presentation_get_deck (p);
  guint n_steps = ab_slide_deck_get_n_steps (deck), n_changed = 0;
  gint64 t = 0;

  g_signal_connect (p, "changed", G_CALLBACK (count_changed), &n_changed);
  /* Forward through every slide step, in the deck's order. */
  for (guint flat = 1; flat < n_steps; flat++)
    {
      guint slide, step, next_slide, next_step;

      g_assert_true (ab_presentation_get_next_target (p, &next_slide, &next_step));
      g_assert_true (ab_presentation_next (p, t += 10));
      ab_slide_deck_locate (deck, flat, &slide, &step);
      g_assert_cmpuint (ab_presentation_get_slide (p), ==, slide);
      g_assert_cmpuint (ab_presentation_get_step (p), ==, step);
      g_assert_cmpuint (next_slide, ==, slide);
      g_assert_cmpuint (next_step, ==, step);
      g_assert_cmpfloat (ab_presentation_get_position (p), ==, step);
      g_assert_cmpuint (ab_presentation_get_n_steps (p), ==, ab_slide_deck_get_slide (deck, slide)->n_steps);
    }
  g_assert_cmpuint (n_changed, >=, n_steps - 1);
  g_assert_false (ab_presentation_get_next_target (p, NULL, NULL));
  g_assert_false (ab_presentation_next (p, t += 10));
  /* And back again. */
  for (guint flat = n_steps - 1; flat-- > 0;)
    {
      guint slide, step;
      g_assert_true (ab_presentation_previous (p, t += 10));
      ab_slide_deck_locate (deck, flat, &slide, &step);
      g_assert_cmpuint (ab_presentation_get_slide (p), ==, slide);
      g_assert_cmpuint (ab_presentation_get_step (p), ==, step);
    }
  g_assert_false (ab_presentation_previous (p, t += 10));
  g_assert_true (ab_presentation_last (p, t += 10));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, ab_slide_deck_get_n_slides (deck) - 1);
  g_assert_true (ab_presentation_first (p, t += 10));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 0);
  g_assert_false (ab_presentation_first (p, t += 10));
  g_assert_false (ab_presentation_go_to (p, ab_slide_deck_get_n_slides (deck), 0, t));
}

/* With motion on, a step is a transition on the timeline, ticked by time. */
static void
test_transition (void)
{
  g_autoptr (AbPresentation) p = new_presentation (0, 0);
  AbSlideDeck *deck = ab_presentation_get_deck (p);
  int diagram = -1;

  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck) && diagram < 0; i++)
    if (ab_slide_deck_get_slide (deck, i)->n_steps > 1)
      diagram = (int) i;
  g_assert_cmpint (diagram, >, 0);
  g_assert_true (ab_presentation_go_to (p, (guint) diagram, 0, 1000));
  ab_presentation_set_animate (p, TRUE);
  g_assert_true (ab_presentation_next (p, 1000));
  g_assert_cmpuint (ab_presentation_get_step (p), ==, 1);
  g_assert_true (ab_presentation_tick (p, 1100));
  g_assert_cmpfloat (ab_presentation_get_position (p), >, 0);
  g_assert_cmpfloat (ab_presentation_get_position (p), <, 1);
  /* The next target is already the step after the one moved to. */
  {
    guint slide, step;
    g_assert_true (ab_presentation_get_next_target (p, &slide, &step));
    g_assert_cmpuint (step, ==, 2);
  }
  g_assert_false (ab_presentation_tick (p, 5000));
  g_assert_cmpfloat (ab_presentation_get_position (p), ==, 1);
}

static void
test_blank (void)
{
  g_autoptr (AbPresentation) p = new_presentation (2, 0);

  ab_presentation_set_blanked (p, TRUE);
  g_assert_true (ab_presentation_get_blanked (p));
  /* Next on a blank screen brings the slide back, and stays on it. */
  g_assert_true (ab_presentation_next (p, 10));
  g_assert_false (ab_presentation_get_blanked (p));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 2);
  g_assert_cmpuint (ab_presentation_get_step (p), ==, 0);
  ab_presentation_set_blanked (p, TRUE);
  g_assert_true (ab_presentation_previous (p, 20));
  g_assert_false (ab_presentation_get_blanked (p));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 2);
}

static void
test_jump (void)
{
  g_autoptr (AbPresentation) p = new_presentation (0, 0);

  g_assert_null (ab_presentation_get_jump_text (p));
  ab_presentation_type_digit (p, 0);   /* no leading zero */
  g_assert_null (ab_presentation_get_jump_text (p));
  ab_presentation_type_digit (p, 1);
  ab_presentation_type_digit (p, 5);
  g_assert_cmpstr (ab_presentation_get_jump_text (p), ==, "15");
  ab_presentation_erase_digit (p);
  ab_presentation_type_digit (p, 2);
  g_assert_true (ab_presentation_commit_jump (p, 10));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 11);
  g_assert_null (ab_presentation_get_jump_text (p));
  /* Out of range: nothing moves, the number is forgotten. */
  ab_presentation_type_digit (p, 9);
  ab_presentation_type_digit (p, 9);
  g_assert_false (ab_presentation_commit_jump (p, 20));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 11);
  g_assert_null (ab_presentation_get_jump_text (p));
  for (int i = 0; i < 9; i++)
    ab_presentation_type_digit (p, 1);
  g_assert_cmpuint (strlen (ab_presentation_get_jump_text (p)), ==, 4);
  ab_presentation_cancel_jump (p);
  g_assert_null (ab_presentation_get_jump_text (p));
  g_assert_false (ab_presentation_commit_jump (p, 30));
  /* A jump from a blank screen shows the slide. */
  ab_presentation_set_blanked (p, TRUE);
  ab_presentation_type_digit (p, 3);
  g_assert_true (ab_presentation_commit_jump (p, 40));
  g_assert_false (ab_presentation_get_blanked (p));
  g_assert_cmpuint (ab_presentation_get_slide (p), ==, 2);
}

static void
test_timer_and_slide_times (void)
{
  g_autoptr (AbPresentation) p = new_presentation (0, 1000);
  g_autoptr (GHashTable) times = NULL;
  AbSlideDeck *deck = ab_presentation_get_deck (p);

  g_assert_true (ab_presentation_get_timer_running (p));
  g_assert_cmpint (ab_presentation_get_elapsed_ms (p, 4000), ==, 3000);
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 0, 4000), ==, 3000);
  g_assert_true (ab_presentation_next (p, 4000));          /* 3 s on slide 1 */
  ab_presentation_set_timer_running (p, FALSE, 5000);      /* 1 s on slide 2, then paused */
  g_assert_cmpint (ab_presentation_get_elapsed_ms (p, 9000), ==, 4000);
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 1, 9000), ==, 1000);
  ab_presentation_set_timer_running (p, TRUE, 9000);
  g_assert_true (ab_presentation_previous (p, 11000));     /* 2 more s on slide 2 */
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 1, 11000), ==, 3000);
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 0, 12000), ==, 4000);
  g_assert_cmpint (ab_presentation_get_elapsed_ms (p, 12000), ==, 7000);
  /* A clock that steps back counts nothing twice. */
  g_assert_true (ab_presentation_next (p, 10500));
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 0, 12000), ==, 3000);

  times = ab_presentation_dup_times (p, 12000);
  g_assert_cmpuint (g_hash_table_size (times), ==, 2);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (times, ab_slide_deck_get_slide (deck, 0)->id), ==, 3000);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (times, ab_slide_deck_get_slide (deck, 1)->id), ==, 4000);

  ab_presentation_reset_timer (p, 13000);
  g_assert_cmpint (ab_presentation_get_elapsed_ms (p, 13000), ==, 0);
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 0, 14000), ==, 0);
  g_assert_cmpint (ab_presentation_get_slide_ms (p, 1, 14000), ==, 1000);
}

static void
test_rehearsal_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ab-rehearsal-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "deeper", "rehearsal.ini", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (GHashTable) empty = NULL, first = NULL, loaded = NULL, other = NULL;
  g_autoptr (AbPresentation) p = new_presentation (0, 0);
  gint64 a = 42000, b = 7000, c = 1000;

  g_assert_no_error (error);
  /* No file yet: no targets, and no error. */
  empty = ab_rehearsal_load (path, "part-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  first = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (first, "part-1#0", &a);
  g_hash_table_insert (first, "part-1/bahdanau-attention#1", &b);
  g_assert_true (ab_rehearsal_save (path, "part-1", first, &error));
  g_assert_no_error (error);
  /* A second run replaces the slides it timed and keeps the others. */
  g_hash_table_remove_all (first);
  g_hash_table_insert (first, "part-1#0", &c);
  g_assert_true (ab_rehearsal_save (path, "part-1", first, &error));
  other = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (other, "part-3#0", &b);
  g_assert_true (ab_rehearsal_save (path, "part-3", other, &error));

  loaded = ab_rehearsal_load (path, "part-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (loaded), ==, 2);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (loaded, "part-1#0"), ==, 1000);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (loaded, "part-1/bahdanau-attention#1"), ==, 7000);

  /* The presentation shows them as targets, by slide id. */
  g_assert_cmpint (ab_presentation_get_target_ms (p, 0), ==, -1);
  ab_presentation_set_targets (p, loaded);
  g_assert_cmpint (ab_presentation_get_target_ms (p, 0), ==, 1000);
  g_assert_cmpint (ab_presentation_get_target_ms (p, 1), ==, -1);

  /* A hand edit gone wrong loses that slide's time, not the file. */
  {
    g_autofree char *text = NULL;
    g_autoptr (GHashTable) again = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_true (g_file_set_contents (path, "[part-1]\npart-1#0=soon\npart-1#1=5\n", -1, NULL));
    again = ab_rehearsal_load (path, "part-1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (again), ==, 1);
    g_assert_cmpint (*(gint64 *) g_hash_table_lookup (again, "part-1#1"), ==, 5);
  }
  /* A file that is not a key file is an error, not an empty table. */
  g_assert_true (g_file_set_contents (path, "not [a key file\n", -1, NULL));
  g_assert_null (ab_rehearsal_load (path, "part-1", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));

  g_remove (path);
  g_rmdir (folder);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  const char *root = g_getenv ("AB_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (root);
  dir = g_build_filename (root, "data", "book", NULL);
  file = g_file_new_for_path (dir);
  book = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  ab_content_check_install ();
  ab_content_check_set_book (book);

  g_test_add_func ("/presentation/next-and-previous", test_next_and_previous);
  g_test_add_func ("/presentation/transition", test_transition);
  g_test_add_func ("/presentation/blank", test_blank);
  g_test_add_func ("/presentation/jump", test_jump);
  g_test_add_func ("/presentation/timer-and-slide-times", test_timer_and_slide_times);
  g_test_add_func ("/presentation/rehearsal-file", test_rehearsal_file);
  return g_test_run ();
}

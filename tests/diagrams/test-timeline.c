/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-timeline.c — AbTimeline: transitions, holds, easing once, reduced
 * motion, speed; and `export --fps` frames equal to the timeline's positions
 * (the CLI is run and its PNGs compared pixel for pixel with frames drawn
 * here at AbTimeline's positions). */
#include "ab-diagram-registry.h"
#include "ab-frame-export.h"
#include "ab-timeline.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>

#define D AB_STEP_DURATION_MS
#define H AB_STEP_HOLD_MS

static void
test_transition (void)
{
  g_autoptr (AbTimeline) t = ab_timeline_new (4);
  double prev = 0;

  ab_timeline_go_to_step (t, 1, 1000);
  g_assert_cmpuint (ab_timeline_get_step (t), ==, 1);
  g_assert_cmpfloat (ab_timeline_position_at (t, 1000), ==, 0);
  /* Expo-out: most of the way after half the time, monotone, exact at the end. */
  g_assert_cmpfloat (ab_timeline_position_at (t, 1000 + D / 2), >, 0.9);
  for (int ms = 0; ms <= D; ms += 10)
    {
      double p = ab_timeline_position_at (t, 1000 + ms);
      g_assert_cmpfloat (p, >=, prev);
      prev = p;
    }
  g_assert_true (ab_timeline_tick (t, 1000 + D / 2));
  g_assert_false (ab_timeline_tick (t, 1000 + D));
  g_assert_cmpfloat (ab_timeline_get_position (t), ==, 1);
  g_assert_false (ab_timeline_is_running (t));
}

static void
test_playback (void)
{
  g_autoptr (AbTimeline) t = ab_timeline_new (4);

  ab_timeline_play (t, 0);
  g_assert_true (ab_timeline_get_playing (t));
  g_assert_cmpfloat (ab_timeline_position_at (t, D), ==, 1);
  g_assert_cmpfloat (ab_timeline_position_at (t, D + H / 2), ==, 1);   /* the hold */
  g_assert_cmpfloat (ab_timeline_position_at (t, D + H + D / 2), >, 1.9);
  g_assert_cmpfloat (ab_timeline_position_at (t, D + H + D / 2), <, 2);
  g_assert_cmpfloat (ab_timeline_get_playback_ms (t), ==, 3.0 * (D + H));
  ab_timeline_tick (t, D + H + 1);
  g_assert_cmpuint (ab_timeline_get_step (t), ==, 2);
  ab_timeline_tick (t, 10 * (D + H));
  g_assert_false (ab_timeline_get_playing (t));
  g_assert_cmpfloat (ab_timeline_get_position (t), ==, 3);

  /* Play at the end starts over. */
  ab_timeline_play (t, 100000);
  g_assert_cmpfloat (ab_timeline_get_position (t), <, 0.01);

  /* Seeking stops playback; fewer steps clamp. */
  ab_timeline_seek (t, 2.4);
  g_assert_false (ab_timeline_get_playing (t));
  g_assert_cmpuint (ab_timeline_get_step (t), ==, 2);
  ab_timeline_set_n_steps (t, 2);
  g_assert_cmpfloat (ab_timeline_get_position (t), ==, 1);
  g_assert_cmpuint (ab_timeline_get_step (t), ==, 1);
}

static void
test_reduced_motion_and_speed (void)
{
  g_autoptr (AbTimeline) t = ab_timeline_new (3);

  ab_timeline_set_animate (t, FALSE);
  ab_timeline_go_to_step (t, 2, 0);
  g_assert_cmpfloat (ab_timeline_get_position (t), ==, 2);
  ab_timeline_seek (t, 0);
  ab_timeline_play (t, 0);
  g_assert_cmpfloat (ab_timeline_position_at (t, 1), ==, 1);   /* snaps at once */

  ab_timeline_set_animate (t, TRUE);
  ab_timeline_set_speed (t, 2);
  ab_timeline_seek (t, 0);
  ab_timeline_play (t, 0);
  g_assert_cmpfloat (ab_timeline_position_at (t, D / 2.0), ==, 1);
  g_assert_cmpfloat (ab_timeline_get_playback_ms (t), ==, 2.0 * (D + H) / 2);
}

static gboolean
same_pixels (const char *a, const char *b)
{
  cairo_surface_t *sa = cairo_image_surface_create_from_png (a);
  cairo_surface_t *sb = cairo_image_surface_create_from_png (b);
  gboolean same = cairo_surface_status (sa) == CAIRO_STATUS_SUCCESS &&
                  cairo_surface_status (sb) == CAIRO_STATUS_SUCCESS &&
                  cairo_image_surface_get_height (sa) == cairo_image_surface_get_height (sb) &&
                  cairo_image_surface_get_stride (sa) == cairo_image_surface_get_stride (sb);

  if (same)
    {
      cairo_surface_flush (sa);
      cairo_surface_flush (sb);
      same = memcmp (cairo_image_surface_get_data (sa), cairo_image_surface_get_data (sb),
                     (size_t) cairo_image_surface_get_stride (sa) * cairo_image_surface_get_height (sa)) == 0;
    }
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
  return same;
}

static void
test_export_is_the_timeline (void)
{
  const char *build = g_getenv ("AB_BUILD_ROOT");
  g_autofree char *exe = g_build_filename (build ? build : ".", "src", "attention-book", NULL);
  g_autofree char *dir = g_dir_make_tmp ("ab-timeline-XXXXXX", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create ("attention-memory", NULL);
  g_autoptr (AbTimeline) timeline = ab_timeline_new (ab_diagram_get_n_steps (diagram));
  const double fps = 5;
  guint n_frames, n_between = 0;
  int status = 0;
  const char *argv[] = { exe, "export", "--diagram", "attention-memory", "--fps", "5",
                         "--format", "png", "--width", "320", "--height", "180", "--out", dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  ab_timeline_play (timeline, 0);
  n_frames = (guint) round (fps * ab_timeline_get_playback_ms (timeline) / 1000);
  g_assert_cmpuint (n_frames, >, 10);
  for (guint i = 0; i < n_frames; i++)
    {
      g_autofree char *name = g_strdup_printf ("attention-memory-frame-%04u.png", i + 1);
      g_autofree char *cli = g_build_filename (dir, name, NULL);
      g_autofree char *mine = g_build_filename (dir, "mine.png", NULL);
      double position = ab_timeline_position_at (timeline, i * 1000.0 / fps);

      g_assert_true (g_file_test (cli, G_FILE_TEST_EXISTS));
      g_assert_true (ab_frame_export (diagram, AB_LAYOUT_WIDE, position, AB_FRAME_PNG, 320, 180, 1, mine, &error));
      g_assert_no_error (error);
      g_assert_true (same_pixels (cli, mine));
      n_between += position != floor (position);
      g_unlink (cli);
      g_unlink (mine);
    }
  /* The animation has in-between frames (transitions) as well as holds. */
  g_assert_cmpuint (n_between, >, 0);
  g_assert_cmpuint (n_between, <, n_frames / 2);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/transition", test_transition);
  g_test_add_func ("/timeline/playback", test_playback);
  g_test_add_func ("/timeline/reduced-motion-and-speed", test_reduced_motion_and_speed);
  g_test_add_func ("/timeline/export-is-the-timeline", test_export_is_the_timeline);
  return g_test_run ();
}

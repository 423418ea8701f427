/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c — when the app picks GTK's cairo renderer
 *
 * GL counts as software when a /dev (a folder made here) has no DRM
 * render node and no NVIDIA device, or LIBGL_ALWAYS_SOFTWARE says so;
 * then the app chooses cairo, unless GSK_RENDERER already names one.
 */
#include "ab-renderer.h"

#include <glib/gstdio.h>

static char *
make_dev (const char *const *files)
{
  g_autoptr (GError) error = NULL;
  char *dev = g_dir_make_tmp ("ab-test-dev-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; files && files[i]; i++)
    {
      g_autofree char *path = g_build_filename (dev, files[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, "", 0, &error));
    }
  return dev;
}

static void
remove_dev (char *dev)
{
  const char *const leftovers[] = { "dri/card0", "dri/renderD128", "nvidiactl", "dri" };

  for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
    {
      g_autofree char *path = g_build_filename (dev, leftovers[i], NULL);
      g_remove (path);
    }
  g_rmdir (dev);
  g_free (dev);
}

static gboolean
software_with (const char *const *files)
{
  char *dev = make_dev (files);
  gboolean software = ab_renderer_gl_is_software (dev);

  remove_dev (dev);
  return software;
}

static void
test_software_from_dev (void)
{
  const char *const card_only[] = { "dri/card0", NULL };
  const char *const render_node[] = { "dri/card0", "dri/renderD128", NULL };
  const char *const nvidia[] = { "nvidiactl", NULL };

  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  g_assert_true (software_with (NULL));
  /* a display controller without a GPU to render on */
  g_assert_true (software_with (card_only));
  g_assert_false (software_with (render_node));
  g_assert_false (software_with (nvidia));

  /* Mesa's own switch wins over the hardware. */
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
  g_assert_true (software_with (render_node));
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "0", TRUE);
  g_assert_false (software_with (render_node));
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
}

static void
test_choice_respects_gsk_renderer (void)
{
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "true", TRUE);
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  ab_renderer_choose ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");

  g_unsetenv ("GSK_RENDERER");
  ab_renderer_choose ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/software-from-dev", test_software_from_dev);
  g_test_add_func ("/renderer/choice-respects-gsk-renderer", test_choice_respects_gsk_renderer);
  return g_test_run ();
}

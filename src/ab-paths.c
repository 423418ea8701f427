/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-paths.c — data folders found relative to the running executable
 *
 * An installed app finds its files in its prefix (LOCALEDIR), but the same
 * binary run from the build folder or from a staged `meson install --destdir`
 * tree has its files beside it: look there first, so it runs anywhere it is
 * started, as ab-settings.c does for the settings schema.
 */
#define G_LOG_DOMAIN "ab-paths"

#include "config.h"
#include "ab-paths.h"

/* The folder of the running executable (Linux: /proc/self/exe). */
static char *
exe_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  return exe ? g_path_get_dirname (exe) : NULL;
}

const char *
ab_paths_locale_dir (void)
{
  static char *dir;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autofree char *bin = exe_dir ();
      g_autofree char *share = bin ? g_build_filename (bin, "..", "share", "locale", NULL) : NULL;
      g_autofree char *build = bin ? g_build_filename (bin, "..", "meson-private", NULL) : NULL;
      char *found = NULL;

      if (share && g_file_test (share, G_FILE_TEST_IS_DIR))
        found = g_canonicalize_filename (share, NULL);
      else if (build && g_file_test (build, G_FILE_TEST_IS_DIR))
        found = g_canonicalize_filename ("../po", bin);   /* meson builds po/<lang>/LC_MESSAGES there */
      else
        found = g_strdup (LOCALEDIR);
      dir = found;
      g_once_init_leave (&once, 1);
    }
  return dir;
}

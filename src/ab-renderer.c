/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-renderer.c — GTK's cairo renderer where GL could only run in software
 *
 * GTK 4.8 draws with its GL renderer whenever GL works, also when Mesa
 * runs GL on the CPU (llvmpipe: a machine or VM without a GPU, a remote
 * X display). There it starts slower (Mesa loads LLVM and compiles GTK's
 * shaders before the first frame: about 480 ms to the first painted page
 * on a 2-core Zen 4 guest, against 320 ms with cairo) and opens pages no
 * faster. GTK 4.14 stopped using GL renderers on llvmpipe; this does the
 * same for the GTK Debian 12 ships, from what /dev shows, without
 * starting GL to ask it.
 */
#define G_LOG_DOMAIN "ab-renderer"

#include "ab-renderer.h"

#include <string.h>

static gboolean
env_says_software (void)
{
  const char *v = g_getenv ("LIBGL_ALWAYS_SOFTWARE");

  return v && *v && strcmp (v, "0") != 0 && g_ascii_strcasecmp (v, "false") != 0;
}

gboolean
ab_renderer_gl_is_software (const char *dev)
{
  g_autofree char *dri = g_build_filename (dev, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev, "nvidiactl", NULL);
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (env_says_software ())
    return TRUE;
  /* NVIDIA's own driver serves GLX without a render node */
  if (g_file_test (nvidia, G_FILE_TEST_EXISTS))
    return FALSE;
  dir = g_dir_open (dri, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "renderD"))
      return FALSE;
  return TRUE;
}

void
ab_renderer_choose (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || !ab_renderer_gl_is_software ("/dev"))
    return;
  g_debug ("no GPU for GL here: drawing with GTK's cairo renderer (GSK_RENDERER overrides)");
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

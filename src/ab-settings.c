/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-settings"

#include "config.h"
#include "ab-settings.h"

#include <glib/gi18n.h>

/* The folder of the running executable (Linux: /proc/self/exe). */
static char *
exe_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  return exe ? g_path_get_dirname (exe) : NULL;
}

static GSettingsSchema *
find_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autofree char *dir = NULL;
  const char *const candidates[] = { "../data", "../share/glib-2.0/schemas" };

  if (schema)
    return schema;
  dir = exe_dir ();
  for (guint i = 0; dir && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);
      g_autofree char *compiled = g_build_filename (path, "gschemas.compiled", NULL);
      GSettingsSchemaSource *local;

      if (!g_file_test (compiled, G_FILE_TEST_EXISTS))
        continue;
      local = g_settings_schema_source_new_from_directory (path, source, FALSE, NULL);
      if (local)
        {
          schema = g_settings_schema_source_lookup (local, APP_ID, FALSE);
          g_settings_schema_source_unref (local);
          if (schema)
            return schema;
        }
    }
  return NULL;
}

GSettings *
ab_settings_new (void)
{
  static gsize warned;
  g_autoptr (GSettingsSchema) schema = find_schema ();

  if (schema == NULL)
    {
      /* Once per process, however many windows and views ask. */
      if (!g_once_init_enter (&warned))
        return NULL;
      g_once_init_leave (&warned, 1);
      g_warning (_("The settings schema %s is not installed: the window size and last page "
                   "will not be remembered."), APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

GSettings *
ab_settings_get_default (void)
{
  static GSettings *settings;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      settings = ab_settings_new ();
      g_once_init_leave (&once, 1);
    }
  return settings;
}

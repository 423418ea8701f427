/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-rehearsal.c — the rehearsal times file
 *
 * Slide ids ("part-1/bahdanau-attention#1") are key-file keys as they are;
 * a value that is not a whole number of milliseconds is skipped, so a hand
 * edit gone wrong loses one slide's time, not the file.
 */
#define G_LOG_DOMAIN "ab-rehearsal"

#include "ab-rehearsal.h"
#include "ab-atomic-file.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

char *
ab_rehearsal_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "attention-book", "rehearsal.ini", NULL);
}

static GHashTable *
new_times (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GKeyFile *
read_file (const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local) &&
      !g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, local->domain, local->code, _("cannot read the rehearsal times “%s”: %s"), path,
                   local->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

GHashTable *
ab_rehearsal_load (const char *path, const char *part, GError **error)
{
  g_autoptr (GKeyFile) file = NULL;
  g_auto (GStrv) keys = NULL;
  GHashTable *times;

  g_return_val_if_fail (path != NULL && part != NULL, NULL);
  file = read_file (path, error);
  if (file == NULL)
    return NULL;
  times = new_times ();
  keys = g_key_file_get_keys (file, part, NULL, NULL);
  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *value = g_key_file_get_value (file, part, keys[i], NULL);
      gint64 ms;

      if (value && g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &ms, NULL))
        g_hash_table_insert (times, g_strdup (keys[i]), g_memdup2 (&ms, sizeof ms));
    }
  return times;
}

gboolean
ab_rehearsal_save (const char *path, const char *part, GHashTable *times, GError **error)
{
  g_autoptr (GKeyFile) file = NULL;
  g_autofree char *dir = NULL, *data = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize length;

  g_return_val_if_fail (path != NULL && part != NULL && times != NULL, FALSE);
  file = read_file (path, error);
  if (file == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, times);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_key_file_set_int64 (file, part, key, *(gint64 *) value);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("cannot make the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  return ab_atomic_file_set_contents (path, data, length, error);
}

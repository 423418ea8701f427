/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-value-fetch.c — computed values from a helper process, off the main thread
 *
 * A page's numbers can take a kernel a tenth of a second or more (the
 * information-bottleneck page: about 150 ms of seq2seq runs), which used
 * to freeze the window while the page was built. The page view now shows
 * the page at once, with a placeholder where such a number goes, and asks
 * a second copy of the app for them: `attention-book format-values KEY…`
 * runs without a display and prints one line per key. A separate process
 * shares none of the kernels' caches, so none of them needs a lock, and on
 * two cores it computes while the main thread lays out and paints.
 *
 * The helper is the app's own executable (/proc/self/exe), or the program
 * AB_VALUES_HELPER names (the GUI tests, whose executable is the test).
 */
#include "ab-value-fetch.h"
#include "ab-book-values.h"

#include <string.h>
#include <sys/resource.h>

static char *
helper_path (void)
{
  const char *env = g_getenv ("AB_VALUES_HELPER");
  g_autofree char *self = NULL;
  g_autofree char *base = NULL;

  if (env && *env)
    return g_strdup (env);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    return NULL;
  /* Only the app itself understands format-values; a test program or a
   * benchmark that embeds the page view formats in process. */
  base = g_path_get_basename (self);
  return g_str_equal (base, "attention-book") ? g_steal_pointer (&self) : NULL;
}

gboolean
ab_value_fetch_available (void)
{
  g_autofree char *path = helper_path ();
  return path != NULL;
}

static void
communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The helper exits 2 when it refused a key; the lines it printed for the
   * others still count. */
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (f) == 3 && g_str_equal (f[0], "ok"))
        ab_book_value_remember (f[1], f[2]);
    }
  g_task_return_boolean (task, TRUE);
}

void
ab_value_fetch_async (GPtrArray *keys, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  char *helper = helper_path ();

  g_task_set_source_tag (task, ab_value_fetch_async);
  if (helper == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "no helper executable for computed values");
      return;
    }
  g_ptr_array_add (argv, helper);
  g_ptr_array_add (argv, g_strdup ("format-values"));
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (keys, i)));
  g_ptr_array_add (argv, NULL);

  /* INHERIT_FDS lets GLib use posix_spawn() instead of fork(): a fork runs
   * OpenBLAS's fork handlers, which wait for a product a diagram's worker
   * thread may be computing right then (ab-diagram-worker.c), and hang.
   * The helper is this program, reads no descriptor but its stdout, and
   * exits when done. */
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                            G_SUBPROCESS_FLAGS_INHERIT_FDS, &error);
  if (proc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
#ifdef __linux__
  /* Background work: the window's own threads go first on a busy machine. */
  {
    const char *pid = g_subprocess_get_identifier (proc);
    if (pid)
      setpriority (PRIO_PROCESS, (id_t) g_ascii_strtoll (pid, NULL, 10), 10);
  }
#endif
  g_subprocess_communicate_utf8_async (proc, NULL, cancellable, communicated, g_steal_pointer (&task));
}

gboolean
ab_value_fetch_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

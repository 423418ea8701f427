/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-value-fetch.c — a page's computed values, off the main thread
 *
 * A page's numbers can take a kernel a tenth of a second or more (the
 * information-bottleneck page: about 150 ms of seq2seq runs), which used
 * to freeze the window while the page was built. The page view shows the
 * page at once, with a placeholder where such a number goes, and asks for
 * them here: they are formatted on the diagrams' background thread
 * (ab_background_run()), under the kernels' lock like every update(), so
 * the page's numbers and its diagrams share one set of kernel runs.
 */
#include "ab-value-fetch.h"
#include "ab-book-values.h"
#include "ab-diagram.h"

static void
format_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GPtrArray *keys = task_data;

  /* Each lands in the book's cache; a refused key does not, and the page
   * formats it again to show why. */
  for (guint i = 0; i < keys->len && !g_cancellable_is_cancelled (cancellable); i++)
    g_free (ab_book_value_format (g_ptr_array_index (keys, i), NULL));
  g_task_return_boolean (task, TRUE);
}

void
ab_value_fetch_async (GPtrArray *keys, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (keys != NULL);
  g_task_set_source_tag (task, ab_value_fetch_async);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (keys, i)));
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  ab_background_run (task, format_in_thread);
}

gboolean
ab_value_fetch_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-worker.c — running a diagram's update() off the main thread
 *
 * A few kernels take longer than a frame (the approximation-error sweep,
 * the seq2seq encoder, the FP8 experiment: 40–70 ms each on the two-core
 * development machine), so the views ask for results with
 * ab_diagram_prepare(). It returns TRUE when they are current, waiting a
 * few milliseconds for a quick kernel; otherwise a worker thread goes on
 * computing, the view shows the previous frame, and "updated" is emitted
 * on the main context when the results are in.
 *
 * Two kinds of lock keep this safe:
 * - The kernels and the book's value tables keep caches at module level
 *   that are not thread-safe, so every update(), on any thread, runs under
 *   one process-wide lock, ab_kernels_lock(), which the values take too.
 * - Each diagram's own mutex guards its parameters and its dirty and busy
 *   flags. While it is busy the worker owns the results: a call that needs
 *   them (ab_diagram_ensure_updated(), so every draw, caption and click)
 *   waits for the worker instead of reading half-written state.
 */
#define G_LOG_DOMAIN "ab-diagram"

#include "ab-diagram-private.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <sys/resource.h>
#include <unistd.h>

static GRecMutex kernels_lock;

void
ab_kernels_lock (void)
{
  g_rec_mutex_lock (&kernels_lock);
}

void
ab_kernels_unlock (void)
{
  g_rec_mutex_unlock (&kernels_lock);
}

/* The caller's turn to run update(): FALSE when the results are current.
 * Waits while a worker runs; an update() that asks for its own diagram's
 * results (a step count, say) gets FALSE instead of waiting for itself. */
static gboolean
claim_locked (AbDiagramPrivate *priv)
{
  while (priv->busy && priv->busy_thread != g_thread_self ())
    g_cond_wait (&priv->idle, &priv->lock);
  if (priv->busy || !priv->dirty)
    return FALSE;
  priv->dirty = FALSE;
  priv->busy = TRUE;
  priv->busy_thread = g_thread_self ();
  return TRUE;
}

/* update() under the kernels' lock, then the diagram is free again. */
static void
run_claimed (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);
  const AbDiagramInfo *info = INFO (self);

  g_mutex_lock (&priv->lock);
  priv->busy_thread = g_thread_self ();
  g_mutex_unlock (&priv->lock);

  ab_kernels_lock ();
  g_clear_error (&priv->error);
  if (!info->update (self, &priv->error))
    {
      if (priv->error == NULL)
        g_set_error (&priv->error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                     _("diagram “%s” could not be computed"), info->name);
      ab_diagram_clear_result (self);
    }
  ab_kernels_unlock ();

  g_mutex_lock (&priv->lock);
  priv->busy = FALSE;
  priv->busy_thread = NULL;
  g_cond_broadcast (&priv->idle);
  g_mutex_unlock (&priv->lock);
}

void
ab_diagram_update_now (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);
  gboolean claimed;

  g_mutex_lock (&priv->lock);
  claimed = claim_locked (priv);
  g_mutex_unlock (&priv->lock);
  if (claimed)
    run_claimed (self);
}

/* One thread of its own runs the background work, every view's update()
 * and the pages' numbers (ab-value-fetch.c), one job at a time, at a lower
 * priority than the main thread and the renderer: on two cores a page's
 * first paint should not wait for a diagram further down it. (Its own
 * thread, since a thread shared with GIO's tasks would keep the lowered
 * priority.) */
typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} BackgroundJob;

static gboolean
unref_task (gpointer task)
{
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data, gpointer pool_data)
{
  BackgroundJob *job = data;
  static __thread gboolean lowered;

  if (!lowered)
    {
      /* Linux: a thread's own nice value; elsewhere the process's, so only there. */
#ifdef __linux__
      setpriority (PRIO_PROCESS, (id_t) gettid (), 10);
#endif
      lowered = TRUE;
    }
  job->func (job->task, g_task_get_source_object (job->task), g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  /* The task's last reference, and with it maybe its diagram's, goes on
   * the main thread, where diagrams are made and freed. */
  g_idle_add_full (G_PRIORITY_DEFAULT, unref_task, job->task, NULL);
  g_free (job);
}

void
ab_background_run (GTask *task, GTaskThreadFunc func)
{
  static GThreadPool *pool;
  BackgroundJob *job = g_new (BackgroundJob, 1);

  g_return_if_fail (G_IS_TASK (task) && func != NULL);
  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (run_job, NULL, 1, TRUE, NULL));
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (pool, job, NULL);
}

static void
update_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AbDiagramPrivate *priv = PRIV (source);

  /* Only this job still holds the diagram: its view went (a reader turning
   * pages faster than their kernels run) and nothing can draw the results,
   * so the jobs queued behind it, the page now shown among them, need not
   * wait for them. */
  if (g_atomic_int_get (&G_OBJECT (source)->ref_count) == 1)
    {
      g_mutex_lock (&priv->lock);
      priv->busy = FALSE;
      priv->dirty = TRUE;
      g_cond_broadcast (&priv->idle);
      g_mutex_unlock (&priv->lock);
      g_task_return_boolean (task, FALSE);
      return;
    }
  run_claimed (AB_DIAGRAM (source));
  g_task_return_boolean (task, TRUE);
}

static void
update_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    ab_diagram_emit_updated (AB_DIAGRAM (source));
}

gboolean
ab_diagram_prepare (AbDiagram *self, guint wait_ms)
{
  AbDiagramPrivate *priv;
  gboolean current;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);

  g_mutex_lock (&priv->lock);
  if (!priv->busy && priv->dirty)
    {
      g_autoptr (GTask) task = g_task_new (self, NULL, update_done, NULL);

      priv->dirty = FALSE;
      priv->busy = TRUE;
      priv->busy_thread = NULL;   /* the worker sets it */
      g_task_set_source_tag (task, ab_diagram_prepare);
      ab_background_run (task, update_in_thread);
    }
  else
    wait_ms = 0;   /* already running: the first caller waited */
  if (priv->busy && wait_ms > 0)
    {
      gint64 end = g_get_monotonic_time () + wait_ms * G_TIME_SPAN_MILLISECOND;
      while (priv->busy && g_cond_wait_until (&priv->idle, &priv->lock, end))
        ;
    }
  current = !priv->busy && !priv->dirty;
  g_mutex_unlock (&priv->lock);
  return current;
}

gboolean
ab_diagram_is_current (AbDiagram *self)
{
  AbDiagramPrivate *priv;
  gboolean current;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);
  g_mutex_lock (&priv->lock);
  current = !priv->busy && !priv->dirty;
  g_mutex_unlock (&priv->lock);
  return current;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-sweep.c — the lab's worker thread and the points it reports
 *
 * The worker owns a refcounted Job (its config, inputs and a cancel flag)
 * and never touches the sweep: it posts messages as idle sources on the
 * sweep's main context, and only there is Job.owner read or cleared. So a
 * sweep can be cancelled or destroyed at any moment without waiting for a
 * kernel to return, and the late messages of a detached job are dropped.
 * The last message (MSG_DONE) joins the thread, which has returned or is
 * about to.
 */
#define G_LOG_DOMAIN "ab-lab-sweep"

#include "ab-lab-sweep.h"
#include "ab-rng.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Small N runs in well under a millisecond, where one timing is mostly
 * noise: repeat each kernel until this much time went on it, at most
 * MAX_REPEATS times, and keep the fastest (the least disturbed) run. */
#define MAX_REPEATS 5
#define REPEAT_USEC (150 * 1000)

typedef struct
{
  AbLabConfig   config;
  gint          cancelled;   /* atomic */
  GMainContext *context;
  GThread      *thread;      /* main context only */
  AbLabSweep   *owner;       /* main context only; NULL once detached */
} Job;

typedef enum
{
  MSG_RUNNING,
  MSG_POINT,
  MSG_DONE,
} MsgKind;

typedef struct
{
  Job        *job;
  MsgKind     kind;
  int         n;
  AbLabKernel kernel;
  AbLabPoint  point;
  char       *error;   /* MSG_DONE: why the sweep ended early, or NULL */
} Msg;

struct _AbLabSweep
{
  GObject      parent_instance;

  Job         *job;          /* the attached worker, or NULL */
  AbLabConfig  config;
  GArray      *points;       /* AbLabPoint */
  char        *error;
  gboolean     cancelled;
  gboolean     has_current;
  int          current_n;
  AbLabKernel  current_kernel;
  double       work_total, work_done;
};

G_DEFINE_FINAL_TYPE (AbLabSweep, ab_lab_sweep, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* One sweep times at a time in this process, whichever lab started it. */
static GMutex bench_lock;
static gint n_workers;   /* atomic */

static void
job_clear (Job *job)
{
  g_main_context_unref (job->context);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

/* Worker side ------------------------------------------------------------------ */

static gboolean
job_cancelled (Job *job)
{
  return g_atomic_int_get (&job->cancelled) != 0;
}

static gboolean deliver (gpointer data);

static void
msg_free (Msg *msg)
{
  job_unref (msg->job);
  g_free (msg->error);
  g_free (msg);
}

/* An idle source, never g_main_context_invoke(): that would run @msg on
 * this thread whenever it can acquire the context. */
static void
post (Job *job, Msg *msg)
{
  GSource *source = g_idle_source_new ();

  msg->job = g_atomic_rc_box_acquire (job);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, msg, (GDestroyNotify) msg_free);
  g_source_set_static_name (source, "[ab-lab-sweep] deliver");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
post_running (Job *job, AbLabKernel kernel, int n)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_RUNNING;
  msg->kernel = kernel;
  msg->n = n;
  post (job, msg);
}

static void
post_point (Job *job, const AbLabPoint *point)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_POINT;
  msg->point = *point;
  post (job, msg);
}

static void
fail_point (AbLabPoint *point, const AbAttnError *err)
{
  point->status = err->status;
  point->bytes = err->bytes_needed;
  if (err->budget > 0)
    point->budget = err->budget;
  g_strlcpy (point->message, err->message, sizeof point->message);
}

/* Runs @kernel on the first @shape->n_q rows of the inputs, repeated while
 * that is cheap; @point gets the fastest run. */
static void
time_kernel (Job *job, AbLabKernel kernel, const AbAttnShape *shape,
             const float *q, const float *k, const float *v, float *o, AbLabPoint *point)
{
  AbAttnOptions opts = { .threads = job->config.threads, .order = AB_FLASH_FA2 };
  gint64 spent = 0;

  /* The budget is the naive kernel's; flash keeps the kernels' default. */
  if (kernel == AB_LAB_NAIVE)
    opts.mem_budget = job->config.naive_budget;
  point->budget = kernel == AB_LAB_NAIVE ? job->config.naive_budget : ab_attention_default_budget ();
  point->ms = INFINITY;
  for (int r = 0; r < MAX_REPEATS; r++)
    {
      AbAttnStats stats = { 0 };
      AbAttnError err = { 0 };
      gint64 t0 = g_get_monotonic_time (), dt;
      AbAttnStatus st = kernel == AB_LAB_NAIVE
                        ? ab_attention_naive (shape, 1, q, k, v, o, NULL, &opts, &stats, &err)
                        : ab_flash_forward (shape, 1, q, k, v, o, NULL, &opts, &stats, &err);

      dt = g_get_monotonic_time () - t0;
      if (st != AB_ATTN_OK)
        {
          fail_point (point, &err);
          return;
        }
      point->ms = MIN (point->ms, (double) dt / 1000.0);
      point->repeats = r + 1;
      point->bytes = stats.extra_bytes;
      point->threads_used = stats.threads_used;
      spent += dt;
      if (spent >= REPEAT_USEC || job_cancelled (job))
        break;
    }
}

static double
max_abs_diff (const float *a, const float *b, size_t n)
{
  double m = 0;

  for (size_t i = 0; i < n; i++)
    m = MAX (m, fabs ((double) a[i] - (double) b[i]));
  return m;
}

static void
fill_inputs (Job *job, float *q, float *k, float *v, int rows)
{
  AbRng rng;
  int n = rows * job->config.d;

  ab_rng_init (&rng, job->config.seed);
  ab_rng_fill_normal (&rng, q, n, 1.0);
  ab_rng_fill_normal (&rng, k, n, 1.0);
  ab_rng_fill_normal (&rng, v, n, 1.0);
}

/* The sweep. Every N uses the first N rows of one set of inputs, so a row
 * of Q is the same at every N. */
static gpointer
worker (gpointer data)
{
  Job *job = data;
  const AbLabConfig *cfg = &job->config;
  size_t len = (size_t) cfg->n_max * (size_t) cfg->d;
  float *q = g_try_new (float, len), *k = g_try_new (float, len), *v = g_try_new (float, len);
  float *o_naive = g_try_new (float, len), *o_flash = g_try_new (float, len);
  gboolean naive_stopped = FALSE;
  Msg *done = g_new0 (Msg, 1);

  g_mutex_lock (&bench_lock);
  if (!q || !k || !v || !o_naive || !o_flash)
    done->error = g_strdup_printf (_("Could not allocate the inputs for N = %d"), cfg->n_max);
  else
    fill_inputs (job, q, k, v, cfg->n_max);

  for (int n = AB_LAB_N_FIRST; done->error == NULL && n <= cfg->n_max && !job_cancelled (job); n *= 2)
    {
      AbAttnShape shape = { .n_q = n, .n_kv = n, .d = cfg->d };
      AbLabPoint naive = { .kernel = AB_LAB_NAIVE, .n = n, .max_abs_diff = NAN };
      AbLabPoint flash = { .kernel = AB_LAB_FLASH, .n = n, .max_abs_diff = NAN };

      if (!naive_stopped)
        {
          AbAttnOptions opts = { .threads = cfg->threads, .mem_budget = cfg->naive_budget };
          AbAttnError err = { 0 };

          post_running (job, AB_LAB_NAIVE, n);
          /* The kernel's own check, so the lab stops where the kernel would. */
          if (ab_attention_naive_plan (&shape, &opts, NULL, &err) != AB_ATTN_OK)
            fail_point (&naive, &err);
          else
            time_kernel (job, AB_LAB_NAIVE, &shape, q, k, v, o_naive, &naive);
          naive_stopped = naive.status != AB_ATTN_OK;
          post_point (job, &naive);
        }
      if (job_cancelled (job))
        break;

      post_running (job, AB_LAB_FLASH, n);
      time_kernel (job, AB_LAB_FLASH, &shape, q, k, v, o_flash, &flash);
      if (flash.status == AB_ATTN_OK && naive.status == AB_ATTN_OK && naive.repeats > 0)
        flash.max_abs_diff = max_abs_diff (o_flash, o_naive, (size_t) n * (size_t) cfg->d);
      post_point (job, &flash);
      if (flash.status != AB_ATTN_OK)
        done->error = g_strdup (flash.message);
    }

  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o_naive);
  g_free (o_flash);
  g_mutex_unlock (&bench_lock);
  done->kind = MSG_DONE;
  post (job, done);
  job_unref (job);   /* the thread's reference, taken in ab_lab_sweep_start() */
  return NULL;
}

/* Main-context side --------------------------------------------------------------- */

static double
run_weight (int n)
{
  return (double) n * (double) n;
}

static void
detach (AbLabSweep *self)
{
  Job *job = g_steal_pointer (&self->job);

  if (job == NULL)
    return;
  g_atomic_int_set (&job->cancelled, 1);
  job->owner = NULL;
  job_unref (job);
  self->has_current = FALSE;
}

static void
handle (AbLabSweep *self, Msg *msg)
{
  switch (msg->kind)
    {
    case MSG_RUNNING:
      self->has_current = TRUE;
      self->current_n = msg->n;
      self->current_kernel = msg->kernel;
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    case MSG_POINT:
      g_array_append_val (self->points, msg->point);
      self->has_current = FALSE;
      /* A refused naive run takes itself and the rest of its runs out of the total. */
      if (msg->point.kernel == AB_LAB_NAIVE && msg->point.status != AB_ATTN_OK)
        for (int n = msg->point.n; n <= self->config.n_max; n *= 2)
          self->work_total -= run_weight (n);
      else
        self->work_done += run_weight (msg->point.n);
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    case MSG_DONE:
      g_free (self->error);
      self->error = g_steal_pointer (&msg->error);
      detach (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[FINISHED], 0, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
deliver (gpointer data)
{
  Msg *msg = data;
  Job *job = msg->job;
  /* Held across handle(): a "finished" handler may drop the last reference. */
  g_autoptr (AbLabSweep) owner = job->owner ? g_object_ref (job->owner) : NULL;

  if (msg->kind == MSG_DONE)
    {
      /* The worker's last act was to post this message. */
      g_thread_join (g_steal_pointer (&job->thread));
      g_atomic_int_dec_and_test (&n_workers);
    }
  if (owner)
    handle (owner, msg);
  return G_SOURCE_REMOVE;
}

gboolean
ab_lab_sweep_start (AbLabSweep *self, const AbLabConfig *config, GError **error)
{
  Job *job;

  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (config->n_max >= AB_LAB_N_FIRST && (config->n_max & (config->n_max - 1)) == 0, FALSE);
  g_return_val_if_fail (config->d > 0, FALSE);

  if (self->job)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The lab is already running"));
      return FALSE;
    }

  job = g_atomic_rc_box_new0 (Job);
  job->config = *config;
  job->context = g_main_context_ref_thread_default ();
  job->owner = self;
  /* The thread holds its own reference: the sweep may let go of the job first. */
  job->thread = g_thread_try_new ("ab-lab", worker, g_atomic_rc_box_acquire (job), error);
  if (job->thread == NULL)
    {
      job_unref (job);
      job_unref (job);
      return FALSE;
    }
  g_atomic_int_inc (&n_workers);

  self->job = job;
  self->config = *config;
  self->cancelled = FALSE;
  self->has_current = FALSE;
  g_clear_pointer (&self->error, g_free);
  g_array_set_size (self->points, 0);
  self->work_done = 0;
  self->work_total = 0;
  for (int n = AB_LAB_N_FIRST; n <= config->n_max; n *= 2)
    self->work_total += AB_LAB_N_KERNELS * run_weight (n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
ab_lab_sweep_cancel (AbLabSweep *self)
{
  g_return_if_fail (AB_IS_LAB_SWEEP (self));

  if (self->job == NULL)
    return;
  detach (self);
  self->cancelled = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, TRUE);
}

gboolean
ab_lab_sweep_get_running (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), FALSE);
  return self->job != NULL;
}

gboolean
ab_lab_sweep_get_cancelled (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), FALSE);
  return self->cancelled;
}

const char *
ab_lab_sweep_get_error (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), NULL);
  return self->error;
}

const AbLabConfig *
ab_lab_sweep_get_config (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), NULL);
  return &self->config;
}

GArray *
ab_lab_sweep_get_points (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), NULL);
  return self->points;
}

gboolean
ab_lab_sweep_get_current (AbLabSweep *self, int *n, AbLabKernel *kernel)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), FALSE);
  if (!self->job || !self->has_current)
    return FALSE;
  if (n)
    *n = self->current_n;
  if (kernel)
    *kernel = self->current_kernel;
  return TRUE;
}

double
ab_lab_sweep_get_fraction (AbLabSweep *self)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), 0);
  if (self->work_total <= 0)
    return self->points->len > 0 ? 1 : 0;
  return CLAMP (self->work_done / self->work_total, 0, 1);
}

const AbLabPoint *
ab_lab_sweep_last_point (AbLabSweep *self, AbLabKernel kernel)
{
  g_return_val_if_fail (AB_IS_LAB_SWEEP (self), NULL);
  for (guint i = self->points->len; i > 0; i--)
    {
      const AbLabPoint *p = &g_array_index (self->points, AbLabPoint, i - 1);
      if (p->kernel == kernel)
        return p;
    }
  return NULL;
}

guint
ab_lab_sweep_get_n_workers (void)
{
  return (guint) g_atomic_int_get (&n_workers);
}

/* GObject ------------------------------------------------------------------------- */

static void
ab_lab_sweep_dispose (GObject *object)
{
  /* No signals from here: the worker is left to end and be joined alone. */
  detach (AB_LAB_SWEEP (object));
  G_OBJECT_CLASS (ab_lab_sweep_parent_class)->dispose (object);
}

static void
ab_lab_sweep_finalize (GObject *object)
{
  AbLabSweep *self = AB_LAB_SWEEP (object);

  g_array_unref (self->points);
  g_free (self->error);
  G_OBJECT_CLASS (ab_lab_sweep_parent_class)->finalize (object);
}

static void
ab_lab_sweep_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AbLabSweep *self = AB_LAB_SWEEP (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->job != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_lab_sweep_class_init (AbLabSweepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ab_lab_sweep_dispose;
  object_class->finalize = ab_lab_sweep_finalize;
  object_class->get_property = ab_lab_sweep_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A point arrived or another run started. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The sweep ended: run to its end or stopped early by an error (FALSE), or cancelled (TRUE). */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
ab_lab_sweep_init (AbLabSweep *self)
{
  self->points = g_array_new (FALSE, TRUE, sizeof (AbLabPoint));
}

AbLabSweep *
ab_lab_sweep_new (void)
{
  return g_object_new (AB_TYPE_LAB_SWEEP, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-threads.c — ab__parallel_for: the kernels' work sharing.
 *
 * Items are handed out dynamically (an atomic counter), so uneven items
 * (causal Q tiles) balance themselves. The helper threads are kept in a
 * small pool between calls: creating a thread per call cost about a third
 * of a 2-thread flash call at N = 128 with 8 heads. The pool serves one
 * caller at a time; a caller that finds it busy (the app's lab worker and
 * a diagram's kernel at the same moment, say) starts its own threads for
 * that call, as before, so nothing ever waits on another caller's work. */
#include "attn-private.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct
{
  AbParallelFunc func;
  void          *data;
  long           n_items;
  atomic_long    next;
} ParallelJob;

static void
run_items (ParallelJob *job, int worker)
{
  for (;;)
    {
      long item = atomic_fetch_add (&job->next, 1);
      if (item >= job->n_items)
        break;
      job->func (job->data, worker, item);
    }
}

/* ---- where a new thread starts ---- */

/* A new thread starts on its creator's CPU, and while both run flat out
 * Linux can take ~100 ms to move one of them: on a 2-vCPU guest, 19 of 30
 * runs of a 2-thread flash forward (N = 2048) ran their first calls, often
 * the first 13, at 1-thread speed. So each helper starts on another CPU
 * the process may use, then gives itself back the whole set (0 of 30 runs
 * slow). Where that cannot be done (one CPU, no affinity) nothing changes. */
typedef struct
{
  cpu_set_t cpus;       /* the process's CPUs, for the thread to take back */
  int       moved;      /* it was started away from its creator's CPU */
} StartPlace;

static void
start_elsewhere (pthread_attr_t *attr, StartPlace *place)
{
  int here = sched_getcpu ();

  place->moved = 0;
  if (here < 0 || sched_getaffinity (0, sizeof place->cpus, &place->cpus) != 0
      || !CPU_ISSET (here, &place->cpus) || CPU_COUNT (&place->cpus) < 2)
    return;
  cpu_set_t away = place->cpus;
  CPU_CLR (here, &away);
  place->moved = pthread_attr_setaffinity_np (attr, sizeof away, &away) == 0;
}

static void
take_back_all_cpus (const StartPlace *place)
{
  if (place->moved)
    pthread_setaffinity_np (pthread_self (), sizeof place->cpus, &place->cpus);
}

/* ---- the pool ---- */

enum { POOL_MAX = 64 };

static struct
{
  pthread_mutex_t owner;    /* held by the one caller using the pool */
  pthread_mutex_t lock;     /* guards everything below */
  pthread_cond_t  wake;     /* a new job, for the workers */
  pthread_cond_t  done;     /* the last worker finished, for the caller */
  ParallelJob    *job;
  unsigned long   generation;
  int             n_wanted; /* workers 1..n_wanted take part in this job */
  int             n_busy;   /* of those, how many have not finished */
  int             n_workers;
} pool = {
  .owner = PTHREAD_MUTEX_INITIALIZER,
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .wake = PTHREAD_COND_INITIALIZER,
  .done = PTHREAD_COND_INITIALIZER,
};

typedef struct
{
  int        worker;
  StartPlace place;
} PoolStart;

static void *
pool_worker (void *arg)
{
  PoolStart *start = arg;
  int worker = start->worker;
  unsigned long seen = 0;

  take_back_all_cpus (&start->place);
  free (start);
  pthread_mutex_lock (&pool.lock);
  for (;;)
    {
      while (pool.generation == seen)
        pthread_cond_wait (&pool.wake, &pool.lock);
      seen = pool.generation;
      if (worker > pool.n_wanted)
        continue;
      ParallelJob *job = pool.job;
      pthread_mutex_unlock (&pool.lock);
      run_items (job, worker);
      pthread_mutex_lock (&pool.lock);
      if (--pool.n_busy == 0)
        pthread_cond_signal (&pool.done);
    }
  return NULL;
}

/* Grows the pool to `want` workers (numbered 1..want); returns how many
 * it has, which is fewer only if the system refused a thread. Called with
 * pool.owner held, so no job is running. */
static int
pool_grow (int want)
{
  pthread_attr_t attr;
  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  while (pool.n_workers < want)
    {
      pthread_t tid;
      PoolStart *start = malloc (sizeof *start);
      if (start == NULL)
        break;
      start->worker = pool.n_workers + 1;
      start_elsewhere (&attr, &start->place);
      if (pthread_create (&tid, &attr, pool_worker, start) != 0)
        {
          free (start);
          break;
        }
      pool.n_workers++;
    }
  pthread_attr_destroy (&attr);
  return pool.n_workers < want ? pool.n_workers : want;
}

static void
pool_run (ParallelJob *job, int n_helpers)
{
  pthread_mutex_lock (&pool.lock);
  pool.job = job;
  pool.n_wanted = n_helpers;
  pool.n_busy = n_helpers;
  pool.generation++;
  pthread_cond_broadcast (&pool.wake);
  pthread_mutex_unlock (&pool.lock);

  run_items (job, 0);

  pthread_mutex_lock (&pool.lock);
  while (pool.n_busy > 0)
    pthread_cond_wait (&pool.done, &pool.lock);
  pool.job = NULL;
  pthread_mutex_unlock (&pool.lock);
}

/* ---- threads of one call, when the pool is busy ---- */

typedef struct
{
  ParallelJob *job;
  int          worker;
  StartPlace   place;
} CallArg;

static void *
call_worker (void *p)
{
  CallArg *arg = p;
  take_back_all_cpus (&arg->place);
  run_items (arg->job, arg->worker);
  return NULL;
}

static int
run_with_own_threads (ParallelJob *job, int n_threads)
{
  pthread_t *tid = calloc ((size_t) n_threads, sizeof *tid);
  CallArg *args = calloc ((size_t) n_threads, sizeof *args);
  if (!tid || !args)
    {
      free (tid);
      free (args);
      return -1;
    }
  /* If a thread cannot start, the ones we have (and this one) still take
   * every item: the work is shared dynamically, so nothing is lost. */
  int started = 0;
  pthread_attr_t attr;
  pthread_attr_init (&attr);
  for (int t = 1; t < n_threads; t++)
    {
      args[t] = (CallArg) { job, t };
      start_elsewhere (&attr, &args[t].place);
      if (pthread_create (&tid[t], &attr, call_worker, &args[t]) != 0)
        break;
      started = t;
    }
  pthread_attr_destroy (&attr);
  run_items (job, 0);
  for (int t = 1; t <= started; t++)
    pthread_join (tid[t], NULL);
  free (tid);
  free (args);
  return 0;
}

int
ab__parallel_for (int n_threads, long n_items, AbParallelFunc func, void *data)
{
  if (n_items <= 0)
    return 0;
  if (n_threads > n_items)
    n_threads = (int) n_items;
  if (n_threads < 1)
    n_threads = 1;

  ParallelJob job = { func, data, n_items, 0 };
  atomic_init (&job.next, 0);
  if (n_threads == 1)
    {
      run_items (&job, 0);
      return 0;
    }
  if (n_threads - 1 > POOL_MAX || pthread_mutex_trylock (&pool.owner) != 0)
    return run_with_own_threads (&job, n_threads);
  /* Workers the system refused are made up by the others: the items are
   * shared dynamically, and worker numbers stay below n_threads. */
  pool_run (&job, pool_grow (n_threads - 1));
  pthread_mutex_unlock (&pool.owner);
  return 0;
}

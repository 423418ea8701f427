/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-parallel.c — ab__parallel_for (attn-threads.c): every item runs
 * exactly once, worker numbers stay below the thread count, across calls
 * that reuse the pool with different thread counts and while two callers
 * share the work at the same moment (one gets the pool, one its own
 * threads); and that a helper, started away from its caller's CPU, runs
 * its items free to use every CPU the process may use. */
#include <glib.h>
#include <sched.h>
#include <stdatomic.h>

#include "attn-private.h"

typedef struct
{
  atomic_int *hits;      /* per item */
  atomic_int  bad_worker;
  int         n_threads;
} Count;

static void
count_item (void *data, int worker, long item)
{
  Count *c = data;
  if (worker < 0 || worker >= c->n_threads)
    atomic_fetch_add (&c->bad_worker, 1);
  atomic_fetch_add (&c->hits[item], 1);
}

static void
run_and_check (int n_threads, long n_items)
{
  Count c = { g_new0 (atomic_int, n_items ? n_items : 1), 0, n_threads };
  g_assert_cmpint (ab__parallel_for (n_threads, n_items, count_item, &c), ==, 0);
  for (long i = 0; i < n_items; i++)
    if (atomic_load (&c.hits[i]) != 1)
      g_error ("%d threads, %ld items: item %ld ran %d times", n_threads, n_items, i,
               atomic_load (&c.hits[i]));
  g_assert_cmpint (atomic_load (&c.bad_worker), ==, 0);
  g_free (c.hits);
}

static void
test_reuse (void)
{
  /* Growing, shrinking and growing again exercises workers that sit out a
   * job and wake for the next. */
  const int threads[] = { 2, 4, 1, 3, 8, 2, 5, 2 };
  for (int round = 0; round < 50; round++)
    for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
      run_and_check (threads[i], 1 + (round * 7 + (long) i * 13) % 97);
  run_and_check (4, 0);
  run_and_check (4, 1);
}

static gpointer
caller (gpointer data)
{
  int n_threads = GPOINTER_TO_INT (data);
  for (int round = 0; round < 200; round++)
    run_and_check (n_threads, 64 + round % 17);
  return NULL;
}

static void
test_concurrent_callers (void)
{
  GThread *a = g_thread_new ("caller-a", caller, GINT_TO_POINTER (2));
  GThread *b = g_thread_new ("caller-b", caller, GINT_TO_POINTER (3));
  caller (GINT_TO_POINTER (4));
  g_thread_join (a);
  g_thread_join (b);
}

static cpu_set_t process_cpus;

typedef struct
{
  atomic_int started;
  atomic_int by_helpers;
  atomic_int pinned;     /* items that ran with fewer CPUs than the process */
} Placement;

/* Two items, each waiting for the other to start: so a helper runs one. */
static void
placement_item (void *data, int worker, long item)
{
  Placement *p = data;
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  cpu_set_t mine;

  atomic_fetch_add (&p->started, 1);
  while (atomic_load (&p->started) < 2 && g_get_monotonic_time () < give_up)
    g_usleep (100);
  if (worker != 0)
    atomic_fetch_add (&p->by_helpers, 1);
  if (sched_getaffinity (0, sizeof mine, &mine) != 0 || !CPU_EQUAL (&mine, &process_cpus))
    atomic_fetch_add (&p->pinned, 1);
}

static void
check_placement (void)
{
  Placement p = { 0 };
  g_assert_cmpint (ab__parallel_for (2, 2, placement_item, &p), ==, 0);
  g_assert_cmpint (atomic_load (&p.started), ==, 2);
  g_assert_cmpint (atomic_load (&p.by_helpers), ==, 1);
  g_assert_cmpint (atomic_load (&p.pinned), ==, 0);
}

/* Inside a pool job the pool is taken: the inner calls start their own. */
static void
nested_item (void *data, int worker, long item)
{
  check_placement ();
}

static void
test_helpers_get_every_cpu (void)
{
  check_placement ();   /* the pool's helper */
  g_assert_cmpint (ab__parallel_for (2, 2, nested_item, NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sched_getaffinity (0, sizeof process_cpus, &process_cpus), ==, 0);
  g_test_add_func ("/kernels/parallel/helpers-get-every-cpu", test_helpers_get_every_cpu);
  g_test_add_func ("/kernels/parallel/reuse", test_reuse);
  g_test_add_func ("/kernels/parallel/concurrent-callers", test_concurrent_callers);
  return g_test_run ();
}

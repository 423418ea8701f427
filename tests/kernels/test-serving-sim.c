/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-serving-sim.c — the serving simulator: hand-checked scripted steps
 * (a request the naive allocator rejects and the paged pool places; a
 * shared prompt forked four ways), and seeded random workloads checked
 * after every step against counts derived independently from the
 * requests (used and reserved slots, copy-on-write, request
 * conservation, the pool's invariants), ending with no leak. All counts
 * are exact integers: no tolerance. */
#include <glib.h>
#include <string.h>

#include "serving-sim.h"

static AbServeSim *
sim_new (const AbServeConfig *cfg)
{
  AbServeSim *s;
  AbKError err;
  if (ab_serve_sim_new (cfg, &s, &err) != AB_K_OK)
    g_error ("%s", err.message);
  return s;
}

static void
step (AbServeSim *s)
{
  AbKError err;
  if (ab_serve_sim_step (s, &err) < 0)
    g_error ("step: %s", err.message);
}

static const AbServeMetrics *
naive (const AbServeSim *s)
{
  return ab_serve_sim_metrics (s, AB_SERVE_NAIVE);
}

static const AbServeMetrics *
paged (const AbServeSim *s)
{
  return ab_serve_sim_metrics (s, AB_SERVE_PAGED);
}

/* 64 slots = 4 blocks of 16, max_seq_len 32. A and B (prompt 10, output
 * 5) arrive at step 0: naive reserves 2 × 32 = all 64 slots; paged takes
 * one block each. C (prompt 10, output 3) arrives at step 1: naive has no
 * 32-slot hole and rejects it (max_wait 0); paged places it. */
static void
test_new_request (void)
{
  static const AbServeScript script[] = { { 0, 10, 5, 1 }, { 0, 10, 5, 1 }, { 1, 10, 3, 1 } };
  AbServeConfig cfg;
  ab_serve_config_default (&cfg);
  cfg.pool_tokens = 64;
  cfg.max_seq_len = 32;
  cfg.max_wait = 0;
  cfg.script = script;
  cfg.n_script = 3;
  AbServeSim *s = sim_new (&cfg);

  step (s);                                    /* step 0: prefill A, B */
  g_assert_cmpint (naive (s)->used_slots, ==, 20);
  g_assert_cmpint (naive (s)->reserved_slots, ==, 64);
  g_assert_cmpint (naive (s)->internal_frag, ==, 44);
  g_assert_cmpint (naive (s)->free_slots, ==, 0);
  g_assert_cmpint (paged (s)->used_slots, ==, 20);
  g_assert_cmpint (paged (s)->reserved_slots, ==, 32);
  g_assert_cmpint (paged (s)->internal_frag, ==, 12);
  g_assert_cmpint (ab_serve_sim_n_reservations (s), ==, 2);
  g_assert_cmpint (ab_serve_sim_reservation (s, 1)->offset, ==, 32);

  step (s);                                    /* step 1: C arrives; A, B decode */
  g_assert_cmpint (naive (s)->rejected, ==, 1);
  g_assert_cmpint (naive (s)->running, ==, 2);
  g_assert_cmpint (naive (s)->used_slots, ==, 22);
  g_assert_cmpint (paged (s)->rejected, ==, 0);
  g_assert_cmpint (paged (s)->running, ==, 3);
  g_assert_cmpint (paged (s)->used_slots, ==, 11 + 11 + 10);
  g_assert_cmpint (paged (s)->reserved_slots, ==, 48);
  g_assert_cmpint (ab_serve_sim_request (s, 2)->sys[AB_SERVE_NAIVE].state, ==, AB_SERVE_REJECTED);
  g_assert_cmpint (ab_serve_sim_request (s, 2)->sys[AB_SERVE_PAGED].state, ==, AB_SERVE_RUNNING);

  while (!ab_serve_sim_done (s))
    step (s);
  /* A and B decode in steps 1–5, C in steps 2–4 */
  g_assert_cmpint (naive (s)->step, ==, 5);
  g_assert_cmpint (ab_serve_sim_request (s, 0)->sys[AB_SERVE_PAGED].finished_step, ==, 5);
  g_assert_cmpint (ab_serve_sim_request (s, 2)->sys[AB_SERVE_PAGED].finished_step, ==, 4);
  g_assert_cmpint (naive (s)->finished, ==, 2);
  g_assert_cmpint (paged (s)->finished, ==, 3);
  g_assert_cmpuint (paged (s)->tokens_generated, ==, 5 + 5 + 3);
  g_assert_cmpint (ab_serve_sim_pool (s)->n_free, ==, 4);
  g_assert_cmpint (ab_serve_sim_n_reservations (s), ==, 0);
  ab_serve_sim_free (s);
}

/* One request, prompt 40, four samples: naive stores the prompt four
 * times in four 64-slot reservations; paged stores it once (3 blocks:
 * 16 + 16 + 8) and, at the first decode token, copies the shared
 * half-filled block for three samples while the fourth writes in place. */
static void
test_parallel_sampling (void)
{
  static const AbServeScript script[] = { { 0, 40, 10, 4 } };
  AbServeConfig cfg;
  ab_serve_config_default (&cfg);
  cfg.pool_tokens = 256;
  cfg.max_seq_len = 64;
  cfg.script = script;
  cfg.n_script = 1;
  AbServeSim *s = sim_new (&cfg);
  step (s);
  g_assert_cmpint (naive (s)->used_slots, ==, 160);
  g_assert_cmpint (naive (s)->reserved_slots, ==, 256);
  g_assert_cmpint (paged (s)->used_slots, ==, 40);
  g_assert_cmpint (paged (s)->reserved_slots, ==, 48);
  step (s);
  g_assert_cmpuint (ab_serve_sim_pool (s)->cow_copies, ==, 3);
  g_assert_cmpint (paged (s)->used_slots, ==, 32 + 4 * (8 + 1));
  g_assert_cmpint (paged (s)->reserved_slots, ==, 6 * 16);
  g_assert_cmpint (naive (s)->used_slots, ==, 4 * 41);
  while (!ab_serve_sim_done (s))
    step (s);
  g_assert_cmpuint (paged (s)->tokens_generated, ==, 40);
  ab_serve_sim_free (s);
}

/* ---- invariants under random workloads ----------------------------------- */

static void
check_step (const AbServeSim *s)
{
  const AbServeConfig *cfg = ab_serve_sim_config (s);
  const int B = cfg->block_size;
  AbKError err;
  if (ab_paged_check (ab_serve_sim_pool (s), &err) != AB_K_OK)
    g_error ("pool: %s", err.message);
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      const AbServeMetrics *m = ab_serve_sim_metrics (s, (AbServeSystem) k);
      int counts[5] = { 0 };
      long used = 0, reserved = 0, last_blocks = 0;
      for (int i = 0; i < ab_serve_sim_n_requests (s); i++)
        {
          const AbServeRequest *r = ab_serve_sim_request (s, i);
          const AbServeProgress *p = &r->sys[k];
          counts[p->state]++;
          if (p->state != AB_SERVE_RUNNING)
            continue;
          g_assert_cmpint (p->generated, <=, r->output_len);
          int P = r->prompt_len, g = p->generated, n = r->n_samples;
          if (k == AB_SERVE_NAIVE)
            {
              used += (long) n * (P + g);
              reserved += (long) n * cfg->max_seq_len;
            }
          else
            {
              /* before the first decode token all samples share every
               * block; after it, only the prompt's full blocks */
              used += g == 0 ? P : (P / B) * B + (long) n * (P % B + g);
              last_blocks += g == 0 ? 1 : n;
            }
        }
      g_assert_cmpint (counts[AB_SERVE_NOT_ARRIVED], ==, 0);
      g_assert_cmpint (m->arrived, ==, ab_serve_sim_n_requests (s));
      g_assert_cmpint (m->waiting, ==, counts[AB_SERVE_WAITING]);
      g_assert_cmpint (m->running, ==, counts[AB_SERVE_RUNNING]);
      g_assert_cmpint (m->finished, ==, counts[AB_SERVE_FINISHED]);
      g_assert_cmpint (m->rejected, ==, counts[AB_SERVE_REJECTED]);
      g_assert_cmpint (m->used_slots, ==, used);
      g_assert_cmpint (m->internal_frag, ==, m->reserved_slots - m->used_slots);
      g_assert_cmpint (m->free_slots + m->reserved_slots, ==, m->pool_slots);
      g_assert_cmpint (m->external_frag, <=, m->free_slots);
      g_assert_cmpint (m->used_slots, <=, m->reserved_slots);
      if (k == AB_SERVE_NAIVE)
        g_assert_cmpint (m->reserved_slots, ==, reserved);
      else
        {
          /* only each sequence's last block can be partly empty */
          g_assert_cmpint (m->internal_frag, <=, last_blocks * (B - 1));
          g_assert_cmpint (m->external_frag, ==, 0);
        }
    }
}

typedef struct
{
  int steps, finished[2], rejected[2], preempted;
  double mean_util[2];
} Summary;

static Summary
run_checked (const AbServeConfig *cfg)
{
  AbServeSim *s = sim_new (cfg);
  Summary sum = { 0 };
  while (!ab_serve_sim_done (s))
    {
      step (s);
      check_step (s);
      for (int k = 0; k < 2; k++)
        sum.mean_util[k] += ab_serve_sim_metrics (s, (AbServeSystem) k)->utilisation;
      sum.steps++;
      g_assert_cmpint (sum.steps, <, 20000);
    }
  for (int k = 0; k < 2; k++)
    {
      const AbServeMetrics *m = ab_serve_sim_metrics (s, (AbServeSystem) k);
      sum.finished[k] = m->finished;
      sum.rejected[k] = m->rejected;
      sum.mean_util[k] /= sum.steps;
      g_assert_cmpint (m->finished + m->rejected, ==, m->arrived);
      g_assert_cmpint (m->used_slots, ==, 0);
    }
  sum.preempted = paged (s)->preempted;
  /* no leak: every block back on the free list, every reservation gone */
  const AbPagedPool *pool = ab_serve_sim_pool (s);
  g_assert_cmpint (pool->n_free, ==, pool->n_blocks);
  g_assert_cmpuint (pool->blocks_taken, ==, pool->blocks_returned);
  g_assert_cmpint (ab_serve_sim_n_reservations (s), ==, 0);
  ab_serve_sim_free (s);
  return sum;
}

static void
test_random_default (void)
{
  AbServeConfig cfg;
  ab_serve_config_default (&cfg);
  for (uint64_t seed = 1; seed <= 6; seed++)
    {
      cfg.seed = seed;
      Summary sum = run_checked (&cfg);
      g_test_message ("seed %" G_GUINT64_FORMAT ": %d steps; naive served %d, rejected %d, "
                      "mean utilisation %.1f %%; paged served %d, rejected %d, %.1f %%, "
                      "%d preemptions", seed, sum.steps, sum.finished[0], sum.rejected[0],
                      100 * sum.mean_util[0], sum.finished[1], sum.rejected[1],
                      100 * sum.mean_util[1], sum.preempted);
      /* the paper's claim, on this workload: same memory, more requests */
      g_assert_cmpint (sum.finished[1], >, sum.finished[0]);
      g_assert_cmpfloat (sum.mean_util[1], >, sum.mean_util[0]);
    }
}

/* A pool small for its decode growth: paged admits on the prompt alone,
 * runs out mid-decode and must preempt; every preempted request is later
 * recomputed and finishes. */
static void
test_preemption (void)
{
  AbServeConfig cfg;
  ab_serve_config_default (&cfg);
  cfg.pool_tokens = 512;
  cfg.max_seq_len = 160;
  cfg.prompt_min = 8, cfg.prompt_max = 32;
  cfg.output_min = 80, cfg.output_max = 120;
  cfg.arrival_rate = 1.0;
  cfg.max_arrivals = 30;
  cfg.max_wait = 1000;
  cfg.seed = 7;
  Summary sum = run_checked (&cfg);
  g_test_message ("preemption run: %d steps, %d preemptions, paged served %d, naive %d",
                  sum.steps, sum.preempted, sum.finished[1], sum.finished[0]);
  g_assert_cmpint (sum.preempted, >, 0);
  g_assert_cmpint (sum.finished[1], ==, 30);
  g_assert_cmpint (sum.rejected[1], ==, 0);
}

static void
test_determinism (void)
{
  enum { N = 300 };
  AbServeConfig cfg;
  ab_serve_config_default (&cfg);
  AbServeMetrics *a = g_new0 (AbServeMetrics, N), *b = g_new0 (AbServeMetrics, N);
  AbServeMetrics *c = g_new0 (AbServeMetrics, N);
  int na, nb, nc;
  AbKError err;
  g_assert_cmpint (ab_serve_sim_run (&cfg, N, NULL, a, &na, &err), ==, AB_K_OK);
  g_assert_cmpint (ab_serve_sim_run (&cfg, N, NULL, b, &nb, &err), ==, AB_K_OK);
  cfg.seed = 99;
  g_assert_cmpint (ab_serve_sim_run (&cfg, N, NULL, c, &nc, &err), ==, AB_K_OK);
  g_assert_cmpint (na, ==, nb);
  g_assert_true (memcmp (a, b, sizeof (AbServeMetrics) * (size_t) na) == 0);
  g_assert_true (na != nc || memcmp (a, c, sizeof (AbServeMetrics) * (size_t) na) != 0);
  g_free (a), g_free (b), g_free (c);
}

static void
test_config_errors (void)
{
  AbServeConfig cfg;
  AbServeSim *s;
  AbKError err;
  ab_serve_config_default (&cfg);
  cfg.n_parallel = AB_SERVE_MAX_SAMPLES + 1;
  g_assert_cmpint (ab_serve_sim_new (&cfg, &s, &err), ==, AB_K_E_INVALID);
  ab_serve_config_default (&cfg);
  cfg.prompt_max = 0;
  g_assert_cmpint (ab_serve_sim_new (&cfg, &s, &err), ==, AB_K_E_INVALID);
  static const AbServeScript unordered[] = { { 3, 4, 4, 1 }, { 1, 4, 4, 1 } };
  ab_serve_config_default (&cfg);
  cfg.script = unordered;
  cfg.n_script = 2;
  g_assert_cmpint (ab_serve_sim_new (&cfg, &s, &err), ==, AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "script entry 1"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/serving-sim/new-request", test_new_request);
  g_test_add_func ("/kernels/serving-sim/parallel-sampling", test_parallel_sampling);
  g_test_add_func ("/kernels/serving-sim/random-default", test_random_default);
  g_test_add_func ("/kernels/serving-sim/preemption", test_preemption);
  g_test_add_func ("/kernels/serving-sim/determinism", test_determinism);
  g_test_add_func ("/kernels/serving-sim/config-errors", test_config_errors);
  return g_test_run ();
}

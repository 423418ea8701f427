/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gpu-sched.c — FA1/FA2 thread blocks on SMs: schedules checked by hand,
 * the closed forms for equal-cost blocks, and the A100 case of FACTS #34. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gpu-sched.h"

static void
assert_interval (const AbSchedResult *r, int k, int block, int sm, double start, double end)
{
  const AbSchedInterval *iv = &r->intervals[k];

  g_assert_cmpint (iv->block, ==, block);
  g_assert_cmpint (iv->sm, ==, sm);
  g_assert_cmpfloat_with_epsilon (iv->start, start, 1e-9);
  g_assert_cmpfloat_with_epsilon (iv->end, end, 1e-9);
}

/* Invariants every schedule keeps: each block once, grouped by SM in start
 * order, never more than k resident, busy time = work, a block takes at
 * least its cost. */
static void
assert_consistent (const AbSchedResult *r, const double *costs, int k)
{
  double busy = 0, end_max = 0;
  int *seen = g_new0 (int, r->n_blocks);

  g_assert_cmpint (r->sm_first[0], ==, 0);
  g_assert_cmpint (r->sm_first[r->n_sms], ==, r->n_blocks);
  for (int sm = 0; sm < r->n_sms; sm++)
    {
      double work = 0;
      for (int i = r->sm_first[sm]; i < r->sm_first[sm + 1]; i++)
        {
          const AbSchedInterval *iv = &r->intervals[i];
          int overlapping = 1;

          g_assert_cmpint (iv->sm, ==, sm);
          seen[iv->block]++;
          g_assert_cmpfloat (iv->end - iv->start, >=, costs[iv->block] - 1e-9);
          if (k == 1)
            g_assert_cmpfloat_with_epsilon (iv->end - iv->start, costs[iv->block], 1e-9);
          if (i > r->sm_first[sm])
            g_assert_cmpfloat (iv->start, >=, r->intervals[i - 1].start);
          for (int j = r->sm_first[sm]; j < r->sm_first[sm + 1]; j++)
            if (j != i && r->intervals[j].start <= iv->start + 1e-12 && r->intervals[j].end > iv->start + 1e-9)
              overlapping++;
          g_assert_cmpint (overlapping, <=, k);
          work += costs[iv->block];
          end_max = MAX (end_max, iv->end);
        }
      g_assert_cmpfloat_with_epsilon (r->sm_busy[sm], work, 1e-6);
      busy += r->sm_busy[sm];
    }
  for (int b = 0; b < r->n_blocks; b++)
    g_assert_cmpint (seen[b], ==, 1);
  g_assert_cmpfloat_with_epsilon (busy, r->total_work, 1e-6);
  g_assert_cmpfloat_with_epsilon (end_max, r->makespan, 1e-9);
  if (r->makespan > 0)
    g_assert_cmpfloat_with_epsilon (r->utilisation, r->total_work / (r->n_sms * r->makespan), 1e-12);
  g_free (seen);
}

/* Costs {3, 1, 2, 2} on 2 SMs: SM1 frees at 1 and takes block 2; at 3 both
 * SMs free and the lower id, SM0, takes block 3. */
static void
test_list_by_hand (void)
{
  const double costs[] = { 3, 1, 2, 2 };
  AbSchedResult r;
  AbSchedError err;

  g_assert_cmpint (ab_sched_list (costs, 4, 2, 1, &r, &err), ==, AB_SCHED_OK);
  assert_interval (&r, 0, 0, 0, 0, 3);
  assert_interval (&r, 1, 3, 0, 3, 5);
  assert_interval (&r, 2, 1, 1, 0, 1);
  assert_interval (&r, 3, 2, 1, 1, 3);
  g_assert_cmpfloat (r.makespan, ==, 5);
  g_assert_cmpfloat (r.total_work, ==, 8);
  g_assert_cmpfloat (r.utilisation, ==, 0.8);
  g_assert_cmpfloat (r.sm_busy[0], ==, 5);
  g_assert_cmpfloat (r.sm_busy[1], ==, 3);
  g_assert_cmpint (r.waves, ==, 2);
  g_assert_cmpint (r.sms_used, ==, 2);
  assert_consistent (&r, costs, 1);
  ab_sched_result_clear (&r);
}

/* Two slots on one SM share it: {2, 4} run at half speed until block 0 is
 * done at 4, then block 1 finishes its last 2 alone at 6. With a third
 * block of cost 1 arriving at 4, the pair shares again: block 2 ends at 6,
 * block 1 has 1 left and ends at 7 = the total work. */
static void
test_occupancy_by_hand (void)
{
  const double two[] = { 2, 4 }, three[] = { 2, 4, 1 };
  AbSchedResult r;

  g_assert_cmpint (ab_sched_list (two, 2, 1, 2, &r, NULL), ==, AB_SCHED_OK);
  assert_interval (&r, 0, 0, 0, 0, 4);
  assert_interval (&r, 1, 1, 0, 0, 6);
  g_assert_cmpint (r.waves, ==, 1);
  assert_consistent (&r, two, 2);
  ab_sched_result_clear (&r);

  g_assert_cmpint (ab_sched_list (three, 3, 1, 2, &r, NULL), ==, AB_SCHED_OK);
  assert_interval (&r, 0, 0, 0, 0, 4);
  assert_interval (&r, 1, 1, 0, 0, 7);
  assert_interval (&r, 2, 2, 0, 4, 6);
  g_assert_cmpfloat_with_epsilon (r.makespan, 7, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.utilisation, 1, 1e-12);
  g_assert_cmpint (r.waves, ==, 2);
  assert_consistent (&r, three, 2);
  ab_sched_result_clear (&r);

  /* Breadth-first deal: 2 blocks on 2 SMs with 2 slots each run alone. */
  g_assert_cmpint (ab_sched_list (two, 2, 2, 2, &r, NULL), ==, AB_SCHED_OK);
  g_assert_cmpint (r.sms_used, ==, 2);
  g_assert_cmpfloat (r.makespan, ==, 4);
  ab_sched_result_clear (&r);
}

/* Whole-tile counting: ragged last tiles and the causal diagonal cost a full
 * tile; tiles wholly above the diagonal cost nothing. */
static void
test_tile_costs (void)
{
  AbSchedConfig c;

  ab_sched_config_init (&c);
  c.seq_len = 300;
  c.block_m = c.block_n = 128;
  for (int q = 0; q < 3; q++)
    g_assert_cmpfloat (ab_sched_q_tile_cost (&c, q), ==, 3);
  c.causal = 1;
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 0), ==, 1);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 1), ==, 2);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 2), ==, 3);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 3), ==, 0);   /* no such tile */

  c.seq_len = 256;
  c.block_m = 64;
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 0), ==, 1);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 1), ==, 1);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 2), ==, 2);
  g_assert_cmpfloat (ab_sched_q_tile_cost (&c, 3), ==, 2);
}

static double
run_makespan (AbSchedConfig *c, AbSchedAlgo algo, AbSchedResult *keep)
{
  AbSchedResult r;
  AbSchedError err;
  double m;

  c->algo = algo;
  if (ab_sched_run (c, &r, &err) != AB_SCHED_OK)
    g_error ("ab_sched_run: %s", err.message);
  m = r.makespan;
  if (keep)
    *keep = r;
  else
    ab_sched_result_clear (&r);
  return m;
}

/* Equal-cost blocks (no mask, N a multiple of the tile), one slot per SM:
 * greedy scheduling runs ⌈n/m⌉ waves, so with B·H = q·m + r blocks of FA1
 *   FA1 = ⌈B·H/m⌉ · Tr·Tc,   FA2 = ⌈B·H·Tr/m⌉ · Tc.
 * FA2 ≤ FA1 always; they are equal exactly when r = 0 or r > m(Tr − 1)/Tr
 * (the last FA1 wave is nearly full anyway), and FA1/FA2 ≤ (q + 1)/q, which
 * tends to 1 as batch × heads grows past the SM count. */
static void
test_fa1_fa2_closed_form (void)
{
  const int m = 12, tr_values[] = { 1, 2, 4, 8 };
  AbSchedConfig c;

  ab_sched_config_init (&c);
  c.n_sms = m;
  c.heads = 1;
  c.block_m = c.block_n = 64;
  for (guint t = 0; t < G_N_ELEMENTS (tr_values); t++)
    for (int bh = 1; bh <= 4 * m; bh++)
      {
        int tr = tr_values[t], q = bh / m, rem = bh % m;
        double fa1, fa2;
        gboolean equal;

        c.seq_len = tr * 64;
        c.batch = bh;
        fa1 = run_makespan (&c, AB_SCHED_FA1, NULL);
        fa2 = run_makespan (&c, AB_SCHED_FA2, NULL);
        g_assert_cmpfloat (fa1, ==, (double) ((bh + m - 1) / m) * tr * tr);
        g_assert_cmpfloat (fa2, ==, (double) ((bh * tr + m - 1) / m) * tr);
        g_assert_cmpfloat (fa2, <=, fa1);
        equal = rem == 0 || (long) rem * tr > (long) m * (tr - 1);
        g_assert_cmpint (fa1 == fa2, ==, equal);
        if (q > 0)
          g_assert_cmpfloat (fa1 / fa2, <=, (q + 1.0) / q + 1e-12);
      }

  /* With k slots per SM sharing it, a multiple of m·k blocks fills every
   * SM evenly under both algorithms. */
  c.blocks_per_sm = 2;
  c.seq_len = 4 * 64;
  c.batch = 3 * m * 2;
  g_assert_cmpfloat_with_epsilon (run_makespan (&c, AB_SCHED_FA1, NULL),
                                  run_makespan (&c, AB_SCHED_FA2, NULL), 1e-9);
}

/* Utilisation rises with batch (FA1 at 32 heads on 108 SMs: 32, 64, 96 busy
 * SMs), dips when a new wave starts nearly empty (batch 4: 128 blocks, two
 * waves), and tends to 1; FA2 is near 1 from batch 1. */
static void
test_utilisation_with_batch (void)
{
  AbSchedConfig c;
  AbSchedResult r;
  double prev = 0;

  ab_sched_config_init (&c);
  c.seq_len = 2048;
  for (int b = 1; b <= 3; b++)
    {
      c.batch = b;
      run_makespan (&c, AB_SCHED_FA1, &r);
      g_assert_cmpfloat_with_epsilon (r.utilisation, 32.0 * b / 108, 1e-12);
      g_assert_cmpfloat (r.utilisation, >, prev);
      prev = r.utilisation;
      ab_sched_result_clear (&r);
    }
  c.batch = 4;
  run_makespan (&c, AB_SCHED_FA1, &r);
  g_assert_cmpfloat_with_epsilon (r.utilisation, 128.0 / 216, 1e-12);
  ab_sched_result_clear (&r);
  c.batch = 64;   /* 2048 blocks: 19 waves, the last one 104 of 108 */
  run_makespan (&c, AB_SCHED_FA1, &r);
  g_assert_cmpfloat_with_epsilon (r.utilisation, 2048.0 / (19 * 108), 1e-12);
  g_assert_cmpfloat (r.utilisation, >, 0.99);
  ab_sched_result_clear (&r);
  c.batch = 1;
  run_makespan (&c, AB_SCHED_FA2, &r);   /* 32 × 16 = 512 blocks: 5 waves */
  g_assert_cmpfloat_with_epsilon (r.utilisation, 512.0 / (5 * 108), 1e-12);
  ab_sched_result_clear (&r);
}

/* FACTS #34: batch 1 × 32 heads at N = 8192 on an A100. FA1 lights 32 of the
 * 108 SMs; FA2's 32 × 64 blocks fill all of them for 19 waves. */
static void
test_a100_batch1 (void)
{
  AbSchedConfig c;
  AbSchedResult r1, r2;
  double *costs;

  ab_sched_config_init (&c);
  g_assert_cmpint (c.n_sms, ==, 108);
  run_makespan (&c, AB_SCHED_FA1, &r1);
  run_makespan (&c, AB_SCHED_FA2, &r2);
  g_assert_cmpint (r1.n_blocks, ==, 32);
  g_assert_cmpint (r1.sms_used, ==, 32);
  g_assert_cmpfloat_with_epsilon (r1.utilisation, 32.0 / 108, 1e-12);
  g_assert_cmpfloat (r1.makespan, ==, 64.0 * 64);
  g_assert_cmpint (r2.n_blocks, ==, 2048);
  g_assert_cmpint (r2.sms_used, ==, 108);
  g_assert_cmpint (r2.waves, ==, 19);
  g_assert_cmpfloat (r2.makespan, ==, 19.0 * 64);
  g_assert_cmpfloat_with_epsilon (r2.utilisation, 2048.0 / (19 * 108), 1e-12);
  g_assert_cmpfloat (r1.total_work, ==, r2.total_work);
  costs = g_new (double, r2.n_blocks);
  for (int i = 0; i < r2.n_blocks; i++)
    costs[i] = r2.blocks[i].cost;
  assert_consistent (&r2, costs, 1);
  g_free (costs);
  ab_sched_result_clear (&r1);
  ab_sched_result_clear (&r2);
}

/* Causal FA2, one head of 4 Q tiles on 2 SMs. Launch order issues costs
 * 1, 2, 3, 4: the biggest tile starts last and ends at 6. Longest first
 * (4, 3, 2, 1) ends at 5 = total work / SMs, the best possible. */
static void
test_causal_order (void)
{
  AbSchedConfig c;
  AbSchedResult r;

  ab_sched_config_init (&c);
  c.n_sms = 2;
  c.heads = 1;
  c.seq_len = 512;
  c.causal = 1;
  run_makespan (&c, AB_SCHED_FA2, &r);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (r.blocks[i].cost, ==, i + 1);
  g_assert_cmpfloat (r.makespan, ==, 6);
  assert_interval (&r, 0, 0, 0, 0, 1);
  assert_interval (&r, 1, 2, 0, 1, 4);
  assert_interval (&r, 2, 1, 1, 0, 2);
  assert_interval (&r, 3, 3, 1, 2, 6);
  ab_sched_result_clear (&r);

  c.order = AB_SCHED_LONGEST_FIRST;
  run_makespan (&c, AB_SCHED_FA2, &r);
  for (int i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (r.blocks[i].cost, ==, 4 - i);
      g_assert_cmpint (r.blocks[i].q_tile, ==, 3 - i);
    }
  g_assert_cmpfloat (r.makespan, ==, 5);
  g_assert_cmpfloat (r.makespan, ==, r.total_work / 2);
  ab_sched_result_clear (&r);

  /* FA1's causal head costs the same tiles: 1 + 2 + 3 + 4. */
  run_makespan (&c, AB_SCHED_FA1, &r);
  g_assert_cmpfloat (r.blocks[0].cost, ==, 10);
  g_assert_cmpint (r.blocks[0].q_tile, ==, -1);
  ab_sched_result_clear (&r);

  /* On a full A100 at batch 1, longest first never loses to launch order
   * here and both stay above the lower bound max(work / SMs, largest block). */
  ab_sched_config_init (&c);
  c.causal = 1;
  for (int n = 2048; n <= 16384; n *= 2)
    {
      double launch, lpt;
      c.seq_len = n;
      c.order = AB_SCHED_LAUNCH_ORDER;
      launch = run_makespan (&c, AB_SCHED_FA2, &r);
      g_assert_cmpfloat (launch, >=, MAX (r.total_work / 108, n / 128.0) - 1e-9);
      ab_sched_result_clear (&r);
      c.order = AB_SCHED_LONGEST_FIRST;
      lpt = run_makespan (&c, AB_SCHED_FA2, &r);
      g_assert_cmpfloat (lpt, >=, MAX (r.total_work / 108, n / 128.0) - 1e-9);
      g_assert_cmpfloat (lpt, <=, launch);
      ab_sched_result_clear (&r);
    }
}

/* Launch order: FA2's blockIdx.x is the Q tile, then batch, then head. */
static void
test_launch_order (void)
{
  AbSchedConfig c;
  AbSchedResult r;

  ab_sched_config_init (&c);
  c.batch = 2;
  c.heads = 3;
  c.seq_len = 256;
  run_makespan (&c, AB_SCHED_FA2, &r);
  g_assert_cmpint (r.n_blocks, ==, 12);
  for (int i = 0; i < 12; i++)
    {
      g_assert_cmpint (r.blocks[i].q_tile, ==, i % 2);
      g_assert_cmpint (r.blocks[i].batch, ==, (i / 2) % 2);
      g_assert_cmpint (r.blocks[i].head, ==, i / 4);
    }
  ab_sched_result_clear (&r);
  run_makespan (&c, AB_SCHED_FA1, &r);
  for (int i = 0; i < 6; i++)
    {
      g_assert_cmpint (r.blocks[i].batch, ==, i % 2);
      g_assert_cmpint (r.blocks[i].head, ==, i / 2);
    }
  ab_sched_result_clear (&r);
}

/* The summary runs the same schedule without storing it. */
static void
test_summary_matches_run (void)
{
  const int sms[] = { 7, 108, 132 };
  AbSchedConfig c;

  ab_sched_config_init (&c);
  c.heads = 5;
  c.block_m = 64;
  for (guint m = 0; m < G_N_ELEMENTS (sms); m++)
    for (int algo = AB_SCHED_FA1; algo <= AB_SCHED_FA2; algo++)
      for (int causal = 0; causal <= 1; causal++)
        for (int order = AB_SCHED_LAUNCH_ORDER; order <= AB_SCHED_LONGEST_FIRST; order++)
          for (int k = 1; k <= 3; k++)
            {
              AbSchedResult r;
              AbSchedSummary sum;

              c.n_sms = sms[m];
              c.algo = algo;
              c.causal = causal;
              c.order = order;
              c.blocks_per_sm = k;
              c.batch = 1 + (int) m * 3;
              c.seq_len = 1000 + 357 * (int) m;
              g_assert_cmpint (ab_sched_run (&c, &r, NULL), ==, AB_SCHED_OK);
              g_assert_cmpint (ab_sched_summary (&c, &sum, NULL), ==, AB_SCHED_OK);
              g_assert_cmpint (sum.n_blocks, ==, r.n_blocks);
              g_assert_cmpfloat (sum.makespan, ==, r.makespan);
              g_assert_cmpfloat (sum.total_work, ==, r.total_work);
              g_assert_cmpfloat (sum.utilisation, ==, r.utilisation);
              g_assert_cmpint (sum.waves, ==, r.waves);
              g_assert_cmpint (sum.sms_used, ==, r.sms_used);
              ab_sched_result_clear (&r);
            }
}

static void
test_errors (void)
{
  const double bad[] = { 1, -1 }, nan_cost[] = { NAN };
  AbSchedConfig c;
  AbSchedResult r;
  AbSchedError err;

  ab_sched_config_init (&c);
  c.n_sms = 0;
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_INVALID);
  g_assert_nonnull (strstr (err.message, "n_sms"));
  g_assert_null (r.intervals);
  ab_sched_config_init (&c);
  c.blocks_per_sm = 0;
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_INVALID);
  ab_sched_config_init (&c);
  c.batch = 0;
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_INVALID);
  ab_sched_config_init (&c);
  c.block_n = 0;
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_INVALID);
  ab_sched_config_init (&c);
  c.algo = 7;
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_INVALID);
  g_assert_cmpint (ab_sched_run (NULL, &r, &err), ==, AB_SCHED_E_INVALID);

  /* Too many blocks: refused with the count and the cap, before allocating. */
  ab_sched_config_init (&c);
  c.batch = 64;
  c.heads = 64;
  c.seq_len = 131072;
  c.block_m = 16;
  g_assert_cmpint (ab_sched_count_blocks (&c, &err), ==, 64LL * 64 * 8192);
  g_assert_cmpint (ab_sched_run (&c, &r, &err), ==, AB_SCHED_E_TOO_MANY);
  g_assert_cmpint (err.status, ==, AB_SCHED_E_TOO_MANY);
  g_assert_nonnull (strstr (err.message, "33554432"));
  g_assert_nonnull (strstr (err.message, "4194304"));
  g_assert_null (r.intervals);
  {
    AbSchedSummary sum;
    g_assert_cmpint (ab_sched_summary (&c, &sum, &err), ==, AB_SCHED_E_TOO_MANY);
    g_assert_cmpint (sum.n_blocks, ==, 0);
  }
  /* … while the diagram's largest case (1,048,576 blocks) is accepted. */
  c.block_m = 128;
  c.seq_len = 32768;
  g_assert_cmpint (ab_sched_count_blocks (&c, &err), ==, 1048576);
  g_assert_cmpint (ab_sched_count_blocks (&c, &err), <=, AB_SCHED_MAX_BLOCKS);

  g_assert_cmpint (ab_sched_list (bad, 2, 2, 1, &r, &err), ==, AB_SCHED_E_INVALID);
  g_assert_nonnull (strstr (err.message, "block 1"));
  g_assert_cmpint (ab_sched_list (nan_cost, 1, 2, 1, &r, &err), ==, AB_SCHED_E_INVALID);
  g_assert_cmpint (ab_sched_list (bad, AB_SCHED_MAX_BLOCKS + 1, 2, 1, &r, &err), ==, AB_SCHED_E_TOO_MANY);
  g_assert_cmpint (ab_sched_list (bad, 1, 0, 1, &r, &err), ==, AB_SCHED_E_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/gpu-sched/list-by-hand", test_list_by_hand);
  g_test_add_func ("/kernels/gpu-sched/occupancy-by-hand", test_occupancy_by_hand);
  g_test_add_func ("/kernels/gpu-sched/tile-costs", test_tile_costs);
  g_test_add_func ("/kernels/gpu-sched/fa1-fa2-closed-form", test_fa1_fa2_closed_form);
  g_test_add_func ("/kernels/gpu-sched/utilisation-with-batch", test_utilisation_with_batch);
  g_test_add_func ("/kernels/gpu-sched/a100-batch1", test_a100_batch1);
  g_test_add_func ("/kernels/gpu-sched/causal-order", test_causal_order);
  g_test_add_func ("/kernels/gpu-sched/launch-order", test_launch_order);
  g_test_add_func ("/kernels/gpu-sched/summary-matches-run", test_summary_matches_run);
  g_test_add_func ("/kernels/gpu-sched/errors", test_errors);
  return g_test_run ();
}

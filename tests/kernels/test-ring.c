/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ring.c — the ring rotation the Part 4 diagram draws: which K/V shard
 * each worker holds at each step, bytes sent, and skipped causal blocks.
 * (Numerical agreement with full attention is in test-attention.c.) */
#include "kernels-test-util.h"

typedef struct
{
  int        P;
  int        calls;
  AbRingStep steps[8][8];
} RingLog;

static void
ring_record (const AbRingStep *steps, int n, void *data)
{
  RingLog *log = data;
  g_assert_cmpint (n, ==, log->P);
  g_assert_cmpint (log->calls, <, log->P);
  for (int p = 0; p < n; p++)
    {
      g_assert_cmpint (steps[p].worker, ==, p);
      g_assert_cmpint (steps[p].step, ==, log->calls);
      log->steps[log->calls][p] = steps[p];
    }
  log->calls++;
}

static void
run_ring (int P, int causal, RingLog *log, float *o_ring, float *o_full)
{
  enum { N = 103, D = 16, H = 2 };
  AbAttnShape s = { .n_q = N, .n_kv = N, .d = D, .causal = causal };
  AbRng rng;
  ab_rng_init (&rng, 11);
  float *q = random_floats (&rng, H * N * D, 1), *k = random_floats (&rng, H * N * D, 1);
  float *v = random_floats (&rng, H * N * D, 1);
  memset (log, 0, sizeof *log);
  log->P = P;
  AbAttnOptions opts = { .devices = P, .block_q = 16, .block_k = 16,
                         .ring_trace = ring_record, .ring_trace_data = log };
  g_assert_cmpint (ab_ring_attention (&s, H, q, k, v, o_ring, NULL, &opts, NULL, NULL), ==, AB_ATTN_OK);
  AbAttnOptions fl = { .block_q = 16, .block_k = 16, .threads = 1 };
  g_assert_cmpint (ab_flash_forward (&s, H, q, k, v, o_full, NULL, &fl, NULL, NULL), ==, AB_ATTN_OK);
  g_free (q);
  g_free (k);
  g_free (v);
}

static void
test_rotation (void)
{
  enum { N = 103, D = 16, H = 2 };
  static float o_ring[H * N * D], o_full[H * N * D];
  for (int P = 1; P <= 5; P++)
    for (int causal = 0; causal <= 1; causal++)
      {
        RingLog log;
        run_ring (P, causal, &log, o_ring, o_full);
        g_assert_cmpint (log.calls, ==, P);
        for (size_t i = 0; i < G_N_ELEMENTS (o_ring); i++)
          g_assert_cmpfloat (fabsf (o_ring[i] - o_full[i]), <=, 1e-5f + 1e-4f * fabsf (o_full[i]));

        for (int p = 0; p < P; p++)
          {
            int seen[8] = { 0 };
            for (int st = 0; st < P; st++)
              {
                const AbRingStep *e = &log.steps[st][p];
                /* shard p − step arrives from the left neighbour */
                g_assert_cmpint (e->kv_shard, ==, ((p - st) % P + P) % P);
                g_assert_cmpint (e->q_shard, ==, p);
                seen[e->kv_shard]++;
                int rows = (int) ((long) N * (e->kv_shard + 1) / P) - (int) ((long) N * e->kv_shard / P);
                g_assert_cmpint (e->kv_rows, ==, rows);
                g_assert_cmpuint (e->bytes_sent, ==, st < P - 1 ? 4ull * H * 2 * rows * D : 0);
                /* causal: a worker skips shards that lie after its queries */
                g_assert_cmpint (e->skipped, ==, causal && e->kv_shard > p);
                g_assert_cmpfloat (e->compute_s, >=, 0);
              }
            for (int sh = 0; sh < P; sh++)
              g_assert_cmpint (seen[sh], ==, 1);
          }
      }
}

/* A tile larger than any shard is clamped to it (#18 item 14: a huge
 * --block-q on a small input once failed with "needs 4.1 TiB"); the result
 * equals the default tiles' and fits the default budget. */
static void
test_huge_tiles (void)
{
  enum { N = 64, D = 16 };
  static float q[N * D], o_big[N * D], o_ref[N * D];
  AbRng rng;
  ab_rng_init (&rng, 5);
  for (int i = 0; i < N * D; i++)
    q[i] = (float) ab_rng_normal (&rng);
  AbAttnShape s = { .n_q = N, .n_kv = N, .d = D };
  AbAttnOptions big = { .devices = 2, .block_q = G_MAXINT, .block_k = G_MAXINT };
  AbAttnOptions ref = { .devices = 2 };
  AbAttnError err = { 0 };
  g_assert_cmpint (ab_ring_attention (&s, 1, q, q, q, o_big, NULL, &big, NULL, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (ab_ring_attention (&s, 1, q, q, q, o_ref, NULL, &ref, NULL, NULL), ==, AB_ATTN_OK);
  for (int i = 0; i < N * D; i++)
    g_assert_cmpfloat (fabsf (o_big[i] - o_ref[i]), <=, 1e-5f + 1e-5f * fabsf (o_ref[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/ring/rotation", test_rotation);
  g_test_add_func ("/kernels/ring/huge-tiles", test_huge_tiles);
  return g_test_run ();
}

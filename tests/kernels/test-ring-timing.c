/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ring-timing.c — the ring-attention timing model on cases small
 * enough to check by hand, the hide-the-transfer threshold, and the
 * schedule (which K/V shard each device holds at each step, which causal
 * blocks are skipped) against the real threaded kernel's trace. */
#include "kernels-test-util.h"

#include "ring-timing.h"

/* Times here are sums of a few exact binary fractions, so the hand values
 * are met to rounding: |Δ| ≤ 1e-12 (relative). */
static void
exact (double a, double b)
{
  g_assert_cmpfloat (fabs (a - b), <=, 1e-12 * fmax (1.0, fabs (b)));
}
#define EXACT(a, b) exact ((a), (b))

static AbRingTiming
timing (const AbRingTimingConfig *c, AbRingInterval *iv)
{
  AbRingTiming t;
  AbKError err;
  if (ab_ring_timing (c, &t, iv, &err) != AB_K_OK)
    g_error ("%s", err.message);
  return t;
}

/* P = 4 one-token shards, d = H = 1, 1 byte per element: a block is
 * 4 FLOPs and a shard 2 bytes. At 2 FLOP/s and 2 B/s, c = 2 s, t = 1 s. */
static void
test_hand (void)
{
  AbRingTimingConfig c = { 4, 4, 1, 1, 1, 0, 2.0, 2.0, 0.0 };
  AbRingInterval iv[16];
  AbRingTiming t = timing (&c, iv);
  EXACT (t.compute_s, 2);
  EXACT (t.transfer_s, 1);
  EXACT (t.ring_s, 8);                 /* (P − 1)·max(c, t) + c: transfers hidden */
  EXACT (t.ring_serial_s, 11);         /* (P − 1)·(c + t) + c */
  EXACT (t.allgather_s, 11);           /* (P − 1)·t + P·c */
  EXACT (t.compute_only_s, 8);
  EXACT (t.exposed_comm_s, 0);
  g_assert_cmpint (t.min_shard_hidden, ==, 1);  /* F·b/(2B) = 0.5 → 1 token */
  g_assert_cmpuint (t.ring_kv_bytes, ==, 4);
  g_assert_cmpuint (t.allgather_kv_bytes, ==, 8);
  /* device 0: shards 0, 3, 2, 1; computes back to back; each send waits
   * for the receiver to finish the previous step */
  static const int shards[] = { 0, 3, 2, 1 };
  static const double send0[] = { 0, 2, 4, 6 }, send1[] = { 1, 3, 5, 6 };
  for (int s = 0; s < 4; s++)
    {
      const AbRingInterval *e = &iv[s * 4 + 0];
      g_assert_cmpint (e->kv_shard, ==, shards[s]);
      g_assert_cmpint (e->block, ==, AB_RING_BLOCK_FULL);
      EXACT (e->compute_start, 2 * s);
      EXACT (e->compute_end, 2 * s + 2);
      EXACT (e->send_start, send0[s]);
      EXACT (e->send_end, send1[s]);
    }

  /* a slow link, 0.5 B/s: t = 4 s > c, 6 s of transfer exposed */
  c.link_bytes_per_s = 0.5;
  t = timing (&c, NULL);
  EXACT (t.transfer_s, 4);
  EXACT (t.ring_s, 3 * 4 + 2);
  EXACT (t.ring_serial_s, 3 * 6 + 2);
  EXACT (t.allgather_s, 3 * 4 + 4 * 2);
  EXACT (t.exposed_comm_s, 6);
  g_assert_cmpint (t.min_shard_hidden, ==, 2);  /* 2·1/(2·0.5) = 2 */

  /* latency: 0.5 s keeps t = 1.5 < c (hidden); 1.5 s makes t = 2.5 */
  c.link_bytes_per_s = 2.0;
  c.link_latency_s = 0.5;
  t = timing (&c, NULL);
  EXACT (t.ring_s, 8);
  c.link_latency_s = 1.5;
  t = timing (&c, NULL);
  EXACT (t.ring_s, 3 * 2.5 + 2);
  /* c ≥ t ⟺ 4s²/2 ≥ 1.5 + 2s/2: false at s = 1 (2 < 2.5), true at 2 */
  g_assert_cmpint (t.min_shard_hidden, ==, 2);
}

/* The threshold s ≥ F·b / (2B), with illustrative round numbers (not any
 * GPU's): F = 400 TFLOP/s, B = 50 GB/s (decimal), BF16, d = 128, 32 heads
 * → 8000 tokens per shard. */
static void
test_threshold (void)
{
  AbRingTimingConfig c = { 8, 8 * 8000, 32, 128, 2, 0, 400e12, 50e9, 0 };
  AbRingTiming t = timing (&c, NULL);
  g_assert_cmpint (t.min_shard_hidden, ==, 8000);
  /* at the threshold compute and transfer are equal */
  EXACT (t.compute_s, t.transfer_s);
  EXACT (t.compute_s, 4.0 * 8000 * 8000 * 128 * 32 / 400e12);
  EXACT (t.transfer_s, 2.0 * 8000 * 128 * 32 * 2 / 50e9);
  c.seq_len = 8 * 8001;
  t = timing (&c, NULL);
  g_assert_cmpfloat (t.exposed_comm_s, <=, 1e-12 * t.ring_s);
  EXACT (t.ring_s, 8 * t.compute_s);
  c.seq_len = 8 * 7999;
  t = timing (&c, NULL);
  g_assert_cmpfloat (t.exposed_comm_s, >, 0);
  EXACT (t.ring_s, 7 * t.transfer_s + t.compute_s);
  /* all-gather needs all N tokens of K/V on every device; the ring two shards */
  g_assert_cmpuint (t.allgather_kv_bytes, ==, 4 * t.ring_kv_bytes);
}

typedef struct
{
  int P;
  int kv_shard[8][8], skipped[8][8];
  int calls;
} Trace;

static void
on_ring_step (const AbRingStep *steps, int n, void *data)
{
  Trace *t = data;
  for (int p = 0; p < n; p++)
    {
      t->kv_shard[steps[p].step][p] = steps[p].kv_shard;
      t->skipped[steps[p].step][p] = steps[p].skipped;
    }
  t->calls++;
}

/* The model's schedule is the kernel's: run ab_ring_attention (causal,
 * P = 4) and compare the trace step by step. */
static void
test_matches_kernel_trace (void)
{
  enum { P = 4, N = 64, D = 8 };
  AbRng rng;
  ab_rng_init (&rng, 2310);
  float *q = random_floats (&rng, N * D, 1.0), *k = random_floats (&rng, N * D, 1.0);
  float *v = random_floats (&rng, N * D, 1.0), *o = g_new (float, N * D);
  Trace tr = { P };
  AbAttnOptions opts = { .devices = P, .ring_trace = on_ring_step, .ring_trace_data = &tr };
  AbAttnShape shape = { N, N, D, 0, 1, 0 };
  AbAttnError err;
  if (ab_ring_attention (&shape, 1, q, k, v, o, NULL, &opts, NULL, &err) != AB_ATTN_OK)
    g_error ("%s", err.message);
  g_assert_cmpint (tr.calls, ==, P);

  AbRingTimingConfig c = { P, N, 1, D, 4, 1, 1e9, 1e9, 0 };
  AbRingInterval iv[P * P];
  AbRingTiming t = timing (&c, iv);
  for (int s = 0; s < P; s++)
    for (int p = 0; p < P; p++)
      {
        const AbRingInterval *e = &iv[s * P + p];
        g_assert_cmpint (e->kv_shard, ==, tr.kv_shard[s][p]);
        g_assert_cmpint (e->block == AB_RING_BLOCK_SKIPPED, ==, tr.skipped[s][p]);
        g_assert_cmpint (e->block == AB_RING_BLOCK_DIAGONAL, ==, s == 0);
      }
  /* causal imbalance: the last device computes 3 full blocks and its
   * diagonal (16·17/2 pairs), device 0 only its diagonal */
  double full = 4.0 * 16 * 16 * D / 1e9, diag = 4.0 * (16 * 17 / 2) * D / 1e9;
  EXACT (t.compute_only_s, 3 * full + diag);
  EXACT (iv[0].compute_end - iv[0].compute_start, diag);
  for (int s = 1; s < P; s++)
    EXACT (iv[s * P + 0].compute_end, iv[s * P + 0].compute_start);
  g_free (q), g_free (k), g_free (v), g_free (o);
}

static void
test_errors (void)
{
  AbRingTimingConfig c = { 4, 3, 1, 1, 1, 0, 1, 1, 0 };
  AbRingTiming t;
  AbKError err;
  g_assert_cmpint (ab_ring_timing (&c, &t, NULL, &err), ==, AB_K_E_INVALID);   /* N < P */
  c.seq_len = 8;
  c.link_bytes_per_s = 0;
  g_assert_cmpint (ab_ring_timing (&c, &t, NULL, &err), ==, AB_K_E_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/ring-timing/hand", test_hand);
  g_test_add_func ("/kernels/ring-timing/threshold", test_threshold);
  g_test_add_func ("/kernels/ring-timing/matches-kernel-trace", test_matches_kernel_trace);
  g_test_add_func ("/kernels/ring-timing/errors", test_errors);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-infer-values-b.c — the `infer2` family of book values (Part 4, pages 7–10)
 *
 * The numbers of the sliding-window, ring-attention, speculative-decoding
 * and serving-stack pages, each computed by a kernel: the receptive field
 * and rolling buffer of rolling-kv.h, the cache sizes of kv-cache.h, the
 * overlap model of ring-timing.h and the draft/verify statistics of
 * spec-decode.h. Every key spells out its inputs (layers, heads, window,
 * α in percent, …) so a page states its assumptions in the key itself.
 */
#define G_LOG_DOMAIN "ab-infer-values-b"

#include "ab-format.h"
#include "ab-values.h"
#include "kv-cache.h"
#include "ring-timing.h"
#include "rolling-kv.h"
#include "spec-decode.h"

#include <math.h>

static char *
compute_error (GError **error, const char *what, const char *message)
{
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s: %s", what, message);
  return NULL;
}

/* Sliding window ------------------------------------------------------------ */

/* Arguments: layers, window (keys per row). */
static char *
get_swa_reach (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) ab_sliding_reach (args->ints[0], args->ints[1]));
}

static char *
get_swa_nominal (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) ab_sliding_receptive_field_nominal (args->ints[0], args->ints[1]));
}

/* The furthest position token 0 reaches, by brute force over the
 * influence map (it must agree with the reach formula). */
static char *
get_swa_influence (const AbValueArgs *args, GError **error)
{
  int layers = args->ints[0], keys = args->ints[1];
  int n = layers * (keys - 1) + keys + 1;
  g_autofree unsigned char *map = g_malloc0 ((gsize) (layers + 1) * n);
  int far = ab_sliding_influence_map (layers, keys, n, 0, map);

  if (far < 0)
    return compute_error (error, "influence map", "bad arguments");
  return ab_format_count ((guint64) far);
}

/* Arguments: position, window. The real rolling buffer (one head of
 * width 1) after appending positions 0 … pos. */
static char *
get_swa_slot (const AbValueArgs *args, GError **error)
{
  int pos = args->ints[0], window = args->ints[1];
  AbRollingKv buf;
  AbAttnError err = { 0 };
  int slot;

  if (ab_rolling_kv_init (&buf, window, 1, 1, &err) != AB_ATTN_OK)
    return compute_error (error, "rolling buffer", err.message);
  for (int t = 0; t <= pos; t++)
    {
      float k = (float) t, v = (float) t;
      if (ab_rolling_kv_append (&buf, &k, &v, &err) != AB_ATTN_OK)
        {
          ab_rolling_kv_clear (&buf);
          return compute_error (error, "rolling buffer", err.message);
        }
    }
  slot = ab_rolling_kv_slot (&buf, pos);
  ab_rolling_kv_clear (&buf);
  return ab_format_count ((guint64) slot);
}

/* A GQA shape with every layer windowed (window 0: none). */
static void
gqa_shape (AbKvShape *shape, int layers, int kv_heads, int head_dim, int window)
{
  *shape = (AbKvShape) {
    .layers = layers, .q_heads = kv_heads, .kv_heads = kv_heads, .head_dim = head_dim,
    .window = window, .window_layers = window > 0 ? layers : 0,
  };
}

static gboolean
request_bytes (int n, int layers, int kv_heads, int head_dim, int window, int bits,
               guint64 *bytes, GError **error)
{
  AbKvShape shape;
  AbKError err = { 0 };
  uint64_t b = 0;

  gqa_shape (&shape, layers, kv_heads, head_dim, window);
  if (ab_kv_bytes_per_request (&shape, AB_KV_GQA, bits, (uint64_t) n, &b, &err) != AB_K_OK)
    {
      compute_error (error, "KV cache", err.message);
      return FALSE;
    }
  *bytes = b;
  return TRUE;
}

/* Arguments: window|full, N, layers, KV heads, head dim, window; BF16. */
static char *
get_swa_kv (const AbValueArgs *args, GError **error)
{
  guint64 bytes;
  int window = args->ints[0] == 0 ? args->ints[5] : 0;

  if (!request_bytes (args->ints[1], args->ints[2], args->ints[3], args->ints[4], window, 16,
                      &bytes, error))
    return NULL;
  return ab_format_bytes ((double) bytes);
}

/* Full cache ÷ rolling buffer at N. Arguments: N, layers, KV heads, head dim, window. */
static char *
get_swa_saving (const AbValueArgs *args, GError **error)
{
  guint64 full, rolled;

  if (!request_bytes (args->ints[0], args->ints[1], args->ints[2], args->ints[3], 0, 16, &full, error)
      || !request_bytes (args->ints[0], args->ints[1], args->ints[2], args->ints[3], args->ints[4], 16,
                         &rolled, error))
    return NULL;
  return ab_format_trimmed ((double) full / (double) rolled, 2);
}

/* KV cache of any GQA shape -------------------------------------------------- */

/* Arguments: N, layers, KV heads, head dim, bits per value. */
static char *
get_kv (const AbValueArgs *args, GError **error)
{
  guint64 bytes;

  if (!request_bytes (args->ints[0], args->ints[1], args->ints[2], args->ints[3], 0, args->ints[4],
                      &bytes, error))
    return NULL;
  return ab_format_bytes ((double) bytes);
}

/* Milliseconds to read that cache once at @gbs GB/s (decimal): the floor
 * it puts under every decode step. Arguments: N, layers, KV heads, head
 * dim, bits, GB/s. */
static char *
get_kv_read_ms (const AbValueArgs *args, GError **error)
{
  guint64 bytes;

  if (!request_bytes (args->ints[0], args->ints[1], args->ints[2], args->ints[3], 0, args->ints[4],
                      &bytes, error))
    return NULL;
  return ab_format_trimmed ((double) bytes / (args->ints[5] * 1e9) * 1e3, 1);
}

/* Ring attention ------------------------------------------------------------- */

enum { RING_WALL, RING_SERIAL, RING_ALLGATHER, RING_COMPUTE, RING_EXPOSED, RING_BLOCK_COMPUTE,
       RING_BLOCK_TRANSFER, RING_MIN_SHARD, RING_SHARD, RING_KV, RING_ALLGATHER_KV };

/* Arguments: what, P, N, heads, TFLOP/s, GB/s (decimal, one direction).
 * Head dimension 128, BF16 on the link, no causal mask, no latency: the
 * paper's §3 setting for the overlap condition. Times in ms. */
static char *
get_ring (const AbValueArgs *args, GError **error)
{
  AbRingTimingConfig cfg = {
    .devices = args->ints[1], .seq_len = args->ints[2], .heads = args->ints[3], .head_dim = 128,
    .elem_bytes = 2, .causal = 0, .flops_per_s = args->ints[4] * 1e12,
    .link_bytes_per_s = args->ints[5] * 1e9, .link_latency_s = 0.0,
  };
  AbRingTiming t;
  AbKError err = { 0 };

  if (ab_ring_timing (&cfg, &t, NULL, &err) != AB_K_OK)
    return compute_error (error, "ring timing", err.message);
  switch (args->ints[0])
    {
    case RING_WALL: return ab_format_number (t.ring_s * 1e3);
    case RING_SERIAL: return ab_format_number (t.ring_serial_s * 1e3);
    case RING_ALLGATHER: return ab_format_number (t.allgather_s * 1e3);
    case RING_COMPUTE: return ab_format_number (t.compute_only_s * 1e3);
    case RING_EXPOSED: return ab_format_number (t.exposed_comm_s * 1e3);
    case RING_BLOCK_COMPUTE: return ab_format_number (t.compute_s * 1e3);
    case RING_BLOCK_TRANSFER: return ab_format_number (t.transfer_s * 1e3);
    case RING_MIN_SHARD: return ab_format_count ((guint64) t.min_shard_hidden);
    case RING_SHARD: return ab_format_count ((guint64) (cfg.seq_len / cfg.devices));
    case RING_KV: return ab_format_bytes ((double) t.ring_kv_bytes);
    default: return ab_format_bytes ((double) t.allgather_kv_bytes);
    }
}

/* Speculative decoding ------------------------------------------------------- */

static double
percent (const AbValueArgs *args, guint i)
{
  return args->ints[i] / 100.0;
}

/* Arguments: α in percent, k. */
static char *
get_spec_tokens (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (ab_spec_expected_tokens (percent (args, 0), args->ints[1]), 2);
}

/* The seeded simulation's mean (seed 1). Arguments: α %, k, steps. */
static char *
get_spec_sim (const AbValueArgs *args, GError **error)
{
  AbSpecResult res;
  AbKError err = { 0 };

  if (ab_spec_simulate (percent (args, 0), args->ints[1], args->ints[2], 1, NULL, &res, &err) != AB_K_OK)
    return compute_error (error, "speculative decoding", err.message);
  return ab_format_trimmed (res.mean, 2);
}

/* P(X = j) in percent: j − 1 drafts kept, then one target token. */
static char *
get_spec_prob (const AbValueArgs *args, GError **error)
{
  double a = percent (args, 0);
  int k = args->ints[1], j = args->ints[2];
  double p;

  if (j < 1 || j > k + 1)
    p = 0.0;
  else if (j == k + 1)
    p = pow (a, k);
  else
    p = pow (a, j - 1) * (1.0 - a);
  return ab_format_trimmed (100.0 * p, 1);
}

/* Arguments: α %, k, draft cost c in percent of a target pass. */
static char *
get_spec_speedup (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (ab_spec_expected_speedup (percent (args, 0), args->ints[1],
                                                       percent (args, 2)), 2);
}

static char *
get_spec_best_k (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) ab_spec_best_k (percent (args, 0), percent (args, 1), 32));
}

/* The improvement at that best k. */
static char *
get_spec_best_speedup (const AbValueArgs *args, GError **error)
{
  double a = percent (args, 0), c = percent (args, 1);
  return ab_format_trimmed (ab_spec_expected_speedup (a, ab_spec_best_k (a, c, 32), c), 2);
}

/* A three-word vocabulary for the verification worked example. */
static const double toy_p[3] = { 0.5, 0.3, 0.2 };   /* target */
static const double toy_q[3] = { 0.2, 0.6, 0.2 };   /* draft */

static char *
get_spec_toy (const AbValueArgs *args, GError **error)
{
  int i = args->ints[1];
  double r[3], sum = 0.0;

  switch (args->ints[0])
    {
    case 0: return ab_format_trimmed (toy_p[i], 2);
    case 1: return ab_format_trimmed (toy_q[i], 2);
    case 2: return ab_format_trimmed (fmin (1.0, toy_p[i] / toy_q[i]), 2);
    default:
      /* norm(max(0, p − q)): where the target samples after a rejection */
      for (int x = 0; x < 3; x++)
        sum += r[x] = fmax (0.0, toy_p[x] - toy_q[x]);
      return ab_format_trimmed (r[i] / sum, 2);
    }
}

static char *
get_spec_toy_alpha (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (ab_spec_acceptance_rate (toy_p, toy_q, 3), 2);
}

#define POS "{1..16777216}"

static const AbValueSpec infer2_values[] = {
  { "swa.reach.l{1..256}.w{2..1048576}", get_swa_reach,
    "L·(w − 1): how far back information reaches after L layers of w-key windows" },
  { "swa.nominal.l{1..256}.w{1..1048576}", get_swa_nominal,
    "L·W, Mistral's §2 receptive field (131,072 for 32 × 4096)" },
  { "swa.influence.l{1..64}.k{2..64}", get_swa_influence,
    "furthest position token 0 reaches, from the brute-force influence map" },
  { "swa.slot.p{0..4096}.w{1..64}", get_swa_slot, "the rolling-buffer slot that holds position p" },
  { "swa.kv.{window|full}.n" POS ".l{1..256}.h{1..256}.d{1..1024}.w{1..1048576}", get_swa_kv,
    "BF16 KV cache at N with a rolling buffer of w tokens per layer, or without" },
  { "swa.saving.n" POS ".l{1..256}.h{1..256}.d{1..1024}.w{1..1048576}", get_swa_saving,
    "full KV cache ÷ rolling buffer at N (8 for Mistral 7B at 32k)" },
  { "kv.n" POS ".l{1..256}.h{1..256}.d{1..1024}.b{4..32}", get_kv,
    "KV cache of one request, 2·N·L·H_kv·d·bits/8" },
  { "kv-read-ms.n" POS ".l{1..256}.h{1..256}.d{1..1024}.b{4..32}.gbs{1..100000}", get_kv_read_ms,
    "ms to read one request's KV cache once at a bandwidth in GB/s (decimal)" },
  { "ring.{wall|serial|allgather|compute|exposed|block-compute|block-transfer|min-shard|shard|ring-kv|allgather-kv}"
    ".p{1..256}.n" POS ".h{1..256}.tf{1..100000}.gbs{1..100000}", get_ring,
    "ring-attention timing (ms), shard sizes and K/V memory per device; d = 128, BF16, non-causal" },
  { "spec.tokens.a{0..100}.k{0..32}", get_spec_tokens, "(1 − α^{k+1}) / (1 − α): tokens per verify step" },
  { "spec.sim.a{0..100}.k{0..32}.n{1..1000000}", get_spec_sim,
    "mean tokens per verify step over n seeded simulated steps (seed 1)" },
  { "spec.prob.a{0..100}.k{0..32}.j{0..33}", get_spec_prob, "P(a verify step emits j tokens), percent" },
  { "spec.speedup.a{0..100}.k{0..32}.c{0..100}", get_spec_speedup,
    "Leviathan et al. Theorem 3.8's wall-time improvement, draft cost c % of a target pass" },
  { "spec.best-k.a{0..100}.c{0..100}", get_spec_best_k, "the draft length k ≤ 32 with the largest improvement" },
  { "spec.best-speedup.a{0..100}.c{0..100}", get_spec_best_speedup,
    "Theorem 3.8's improvement at the best draft length" },
  { "spec.toy.{p|q|keep|residual}.i{0..2}", get_spec_toy,
    "three-token example: target p, draft q, min(1, p/q) and norm(max(0, p − q))" },
  { "spec.toy.alpha", get_spec_toy_alpha, "Σ min(p, q) for the three-token example" },
};

AB_VALUE_FAMILY (ab_infer_values_b, "infer2", infer2_values);

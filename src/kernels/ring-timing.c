/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ring-timing.c — compute vs transfer per ring step (see ring-timing.h) */
#include "ring-timing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shard p of n rows over P workers: rows [n·p/P, n·(p+1)/P), as attn-ring.c. */
static int64_t
shard_start (int64_t n, int P, int p)
{
  return n * p / P;
}

static int64_t
shard_len (int64_t n, int P, int p)
{
  return shard_start (n, P, p + 1) - shard_start (n, P, p);
}

static AbRingBlock
block_kind (const AbRingTimingConfig *c, int q_shard, int kv_shard)
{
  if (!c->causal || kv_shard < q_shard)
    return AB_RING_BLOCK_FULL;
  return kv_shard == q_shard ? AB_RING_BLOCK_DIAGONAL : AB_RING_BLOCK_SKIPPED;
}

/* FLOPs of Q shard p against K/V shard k: 4·d·H per unmasked (query, key)
 * pair (Q·Kᵀ and P·V, 2 FLOPs per multiply-add). */
static double
block_flops (const AbRingTimingConfig *c, int p, int k)
{
  double per_pair = 4.0 * c->head_dim * c->heads;
  double sq = (double) shard_len (c->seq_len, c->devices, p);
  double sk = (double) shard_len (c->seq_len, c->devices, k);
  switch (block_kind (c, p, k))
    {
    case AB_RING_BLOCK_FULL:
      return per_pair * sq * sk;
    case AB_RING_BLOCK_DIAGONAL:
      return per_pair * sq * (sq + 1) / 2;   /* key j ≤ query i within the shard */
    case AB_RING_BLOCK_SKIPPED:
      break;
    }
  return 0;
}

static double
transfer_s (const AbRingTimingConfig *c, int k)
{
  double bytes = 2.0 * (double) shard_len (c->seq_len, c->devices, k) * c->head_dim
                 * c->heads * c->elem_bytes;
  return c->link_latency_s + bytes / c->link_bytes_per_s;
}

AbKStatus
ab_ring_timing (const AbRingTimingConfig *c, AbRingTiming *out, AbRingInterval *iv,
                AbKError *err)
{
  ab_kerror_clear (err);
  if (!c || !out)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL configuration or output");
  if (c->devices < 1 || c->devices > 256 || c->seq_len < c->devices || c->heads < 1
      || c->head_dim < 1 || c->elem_bytes < 1 || !(c->flops_per_s > 0)
      || !(c->link_bytes_per_s > 0) || !(c->link_latency_s >= 0)
      || !isfinite (c->flops_per_s) || !isfinite (c->link_bytes_per_s)
      || !isfinite (c->link_latency_s))
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "ring timing needs 1 ≤ P ≤ 256, N ≥ P, heads, head_dim and bytes ≥ 1, "
                          "positive finite FLOP/s and bandwidth, latency ≥ 0");
  const int P = c->devices;
  double *arrive = malloc (sizeof (double) * P), *next_arrive = malloc (sizeof (double) * P);
  double *comp_end = calloc ((size_t) P, sizeof (double));
  double *comp_prev = calloc ((size_t) P, sizeof (double));
  double *send_end = calloc ((size_t) P, sizeof (double));
  double *send_prev = calloc ((size_t) P, sizeof (double));
  double *busy = calloc ((size_t) P, sizeof (double));
  if (!arrive || !next_arrive || !comp_end || !comp_prev || !send_end || !send_prev || !busy)
    {
      free (arrive), free (next_arrive), free (comp_end), free (comp_prev), free (send_end);
      free (send_prev), free (busy);
      return ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory");
    }
  memset (out, 0, sizeof *out);
  int big = 0;                    /* the largest shard (shard 0 is never larger) */
  for (int p = 1; p < P; p++)
    if (shard_len (c->seq_len, P, p) > shard_len (c->seq_len, P, big))
      big = p;
  out->block_flops = 4.0 * c->head_dim * c->heads * (double) shard_len (c->seq_len, P, big)
                     * (double) shard_len (c->seq_len, P, big);
  out->compute_s = out->block_flops / c->flops_per_s;
  out->transfer_s = transfer_s (c, big);
  out->shard_kv_bytes = 2 * (uint64_t) shard_len (c->seq_len, P, big) * c->head_dim
                        * c->heads * c->elem_bytes;
  out->ring_kv_bytes = 2 * out->shard_kv_bytes;
  out->allgather_kv_bytes = 2 * (uint64_t) c->seq_len * c->head_dim * c->heads * c->elem_bytes;

  for (int p = 0; p < P; p++)
    arrive[p] = 0;               /* step 0: every device starts with its own shard */
  double ring = 0, serial = 0;
  for (int s = 0; s < P; s++)
    {
      double serial_step = 0;
      for (int p = 0; p < P; p++)
        {
          int k = ((p - s) % P + P) % P;
          double cs = block_flops (c, p, k) / c->flops_per_s;
          double start = arrive[p] > comp_end[p] ? arrive[p] : comp_end[p];
          comp_prev[p] = comp_end[p];
          comp_end[p] = start + cs;
          busy[p] += cs;
          if (comp_end[p] > ring)
            ring = comp_end[p];
          double step_serial = cs + (s < P - 1 ? transfer_s (c, k) : 0);
          if (step_serial > serial_step)
            serial_step = step_serial;
          if (iv)
            iv[(size_t) s * P + p] = (AbRingInterval) { s, p, k, block_kind (c, p, k), start,
                                                        comp_end[p], 0, 0 };
        }
      serial += serial_step;
      if (s == P - 1)
        {
          for (int p = 0; p < P && iv; p++)
            iv[(size_t) s * P + p].send_start = iv[(size_t) s * P + p].send_end
              = iv[(size_t) s * P + p].compute_start;
          break;
        }
      memcpy (send_prev, send_end, sizeof (double) * P);
      for (int p = 0; p < P; p++)
        {
          int k = ((p - s) % P + P) % P, dst = (p + 1) % P;
          /* resident, our link free, and the receiver's spare buffer free:
           * it has finished computing on, and forwarding, its step s − 1
           * shard */
          double start = arrive[p];
          if (send_prev[p] > start)
            start = send_prev[p];
          if (comp_prev[dst] > start)
            start = comp_prev[dst];
          if (send_prev[dst] > start)
            start = send_prev[dst];
          send_end[p] = start + transfer_s (c, k);
          next_arrive[dst] = send_end[p];
          if (iv)
            {
              iv[(size_t) s * P + p].send_start = start;
              iv[(size_t) s * P + p].send_end = send_end[p];
            }
        }
      memcpy (arrive, next_arrive, sizeof (double) * P);
    }
  out->ring_s = ring;
  out->ring_serial_s = serial;
  double compute_only = 0, gather = 0;
  for (int p = 0; p < P; p++)
    if (busy[p] > compute_only)
      compute_only = busy[p];
  for (int s = 1; s < P; s++)
    {
      /* all-gather step s: device p forwards shard (p − s + 1) mod P */
      double step = 0;
      for (int p = 0; p < P; p++)
        {
          double t = transfer_s (c, ((p - s + 1) % P + P) % P);
          if (t > step)
            step = t;
        }
      gather += step;
    }
  out->compute_only_s = compute_only;
  out->exposed_comm_s = ring - compute_only;
  out->allgather_s = gather + compute_only;

  /* c ≥ t for a full s × s block: α·s² − β·s − latency ≥ 0 */
  double alpha = 4.0 * c->head_dim * c->heads / c->flops_per_s;
  double beta = 2.0 * c->head_dim * c->heads * c->elem_bytes / c->link_bytes_per_s;
  double root = (beta + sqrt (beta * beta + 4 * alpha * c->link_latency_s)) / (2 * alpha);
  /* a root within 1e-9 (relative) of a whole number is that number */
  out->min_shard_hidden = (int64_t) ceil (root - 1e-9 * root);
  if (out->min_shard_hidden < 1)
    out->min_shard_hidden = 1;
  free (arrive), free (next_arrive), free (comp_end), free (comp_prev), free (send_end);
  free (send_prev), free (busy);
  return AB_K_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ring-timing.h — when does Ring Attention hide its communication?
 *
 * Ring Attention (Liu, Zaharia & Abbeel, arXiv:2310.01889, §3) splits the
 * sequence into P contiguous shards, one per device. Each device keeps its
 * Q shard; at step s it holds K/V shard (p − s) mod P — the schedule of
 * ab_ring_attention and its trace — computes blockwise attention against
 * it and, at the same time, sends it to device p + 1. Compute hides the
 * transfer when a block's compute time c is at least the shard's transfer
 * time t: c = 4·s²·d·H / F (two s × s × d products per head, halved on the
 * causal diagonal, 0 for a block the causal mask skips), t = latency +
 * 2·s·d·H·bytes / B. With s = N / P that is s ≥ F·bytes / (2·B), the
 * paper's "block size ≥ FLOPs / bandwidth" condition.
 *
 * The model is a small discrete-event schedule per device: compute of
 * step s starts when its shard has arrived and step s − 1's compute is
 * done; the send of step s starts when the shard is resident, the
 * previous send is done and the receiver's spare buffer is free (it has
 * finished computing on, and forwarding, its step s − 1 shard: double
 * buffering, as in attn-ring.c). Wall time is
 * the last compute's end. For equal unmasked blocks it reduces to
 * (P − 1)·max(c, t) + c.
 *
 * Baselines: the same ring without overlap, (P − 1)·(c + t) + c; and
 * all-gather first — every device receives the P − 1 other shards around
 * the ring ((P − 1)·t, bandwidth-optimal) and then computes all its blocks
 * — which takes as long as the serial ring here but holds all N tokens of
 * K/V per device instead of two shards.
 *
 * Units are whatever the caller uses consistently (FLOP/s, bytes/s,
 * seconds); no hardware figures live here. Pure C11.
 */
#pragma once

#include <stdint.h>

#include "ab-kerror.h"

typedef struct
{
  int     devices;            /* P, 1 … 256 */
  int64_t seq_len;            /* N, ≥ P; shards as attn-ring.c cuts them */
  int     heads, head_dim;
  int     elem_bytes;         /* bytes per K/V element on the link */
  int     causal;
  double  flops_per_s;        /* sustained blockwise-attention throughput per device */
  double  link_bytes_per_s;   /* one direction of one ring link */
  double  link_latency_s;     /* per transfer, ≥ 0 */
} AbRingTimingConfig;

typedef enum { AB_RING_BLOCK_SKIPPED = 0, AB_RING_BLOCK_DIAGONAL, AB_RING_BLOCK_FULL } AbRingBlock;

typedef struct
{
  int         step, device, kv_shard;
  AbRingBlock block;
  double      compute_start, compute_end;
  double      send_start, send_end;    /* equal when nothing is sent (last step) */
} AbRingInterval;

typedef struct
{
  double   block_flops;        /* one full block of the largest shard */
  double   compute_s;          /* its compute time c */
  double   transfer_s;         /* the largest shard's transfer time t */
  uint64_t shard_kv_bytes;     /* K and V of the largest shard */
  double   ring_s;             /* overlapped wall time */
  double   ring_serial_s;      /* the ring with no overlap */
  double   allgather_s;        /* all-gather, then compute */
  double   compute_only_s;     /* the busiest device's compute alone: the floor */
  double   exposed_comm_s;     /* ring_s − compute_only_s */
  int64_t  min_shard_hidden;   /* smallest shard (tokens) with c ≥ t for a full block */
  uint64_t ring_kv_bytes;      /* per device: resident + receive buffer (2 shards) */
  uint64_t allgather_kv_bytes; /* per device: all N tokens */
} AbRingTiming;

/* Fills @out and, if @intervals is non-NULL, its P × P entries
 * (index step · P + device). */
AbKStatus ab_ring_timing (const AbRingTimingConfig *cfg, AbRingTiming *out,
                          AbRingInterval *intervals, AbKError *err);

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-lsh.h — Reformer's LSH attention (Kitaev, Kaiser & Levskaya,
 * arXiv:2001.04451, §2)
 *
 * Hashing. Angular LSH by a random rotation (Andoni et al., 2015, as the
 * Reformer uses it): for b buckets (b even) draw R ∈ ℝ^{d × b/2} and set
 * h(x) = argmax([xR ; −xR]). Here R has i.i.d. N(0, 1) entries (as the
 * Reformer's trax and Hugging Face code draw it; not orthogonalised), one
 * independent R per hash round. h depends only on the direction of x, and
 * h(−x) = (h(x) + b/2) mod b.
 *
 * Collision probability. For unit x, y at angle θ the b/2 pairs
 * (x·r_c, y·r_c) are i.i.d. standard bivariate normal with correlation
 * cos θ, so P[h(x) = h(y)] depends on θ and b only. For b = 2 it is the
 * hyperplane-LSH value 1 − θ/π; ab_lsh_collision_probability computes the
 * general case by quadrature (see attn-lsh.c). Over R rounds,
 * P[collide in some round] = 1 − (1 − p)^R.
 *
 * Attention (shared-QK). Keys are the normalised queries, k_j = q_j/‖q_j‖
 * (§2 "Shared-QK attention"). Per round, tokens are sorted by bucket
 * (stable: by position within a bucket), the sorted sequence is cut into
 * chunks of m, and each query attends to the keys of its own bucket in its
 * chunk and the chunk before (no wrap-around from the first chunk to the
 * last), with j ≤ i when causal. A token never attends to itself unless it
 * has no other key (§2). Rounds are merged through their logsumexps, and a
 * pair seen in c rounds has log c subtracted from its score in each (§2,
 * "Multi-round LSH attention"), so the result is exactly softmax attention
 * over the union of the rounds' sets: the mask of ab_lsh_pattern.
 *
 * Cost per round: the b/2 projections (2·n·d·b/2 FLOPs), a counting sort
 * (O(n + b)), and each chunk's m × 2m scores and their P·V (4·d FLOPs per
 * pair): O(n·m·d), linear in n for a fixed chunk; the paper's O(n log n)
 * is the comparison sort of its implementation.
 *
 * Pure C11, no GLib; deterministic for a seed; errors are returned.
 */
#pragma once

#include "attn-approx.h"
#include "attn-patterns.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AB_LSH_MAX_BUCKETS 1024
#define AB_LSH_MAX_ROUNDS  16

typedef struct
{
  int      n, d;
  int      n_buckets;   /* b: even, 2 … AB_LSH_MAX_BUCKETS */
  int      n_rounds;    /* 1 … AB_LSH_MAX_ROUNDS */
  int      chunk_len;   /* m ≥ 1 */
  int      causal;
  uint64_t seed;
} AbLshConfig;

/* Our defaults (not the paper's): m = 64, two rounds, and b the even number
 * nearest n/m (at least 2), so an average bucket fills about one chunk. */
void ab_lsh_config_init (AbLshConfig *cfg, int n, int d);

typedef struct
{
  AbLshConfig config;
  int32_t    *bucket;      /* n_rounds × n */
  int32_t    *order;       /* n_rounds × n: token at sorted position p */
  int32_t    *rank;        /* n_rounds × n: sorted position of token t */
  float      *rotations;   /* n_rounds × d × b/2 */
  size_t      bytes;       /* the four arrays */
} AbLshHash;

/* Hash the n × d rows of x (only their directions matter). Free with
 * ab_lsh_hash_clear, also after an error. */
AbApproxStatus ab_lsh_hash       (const AbLshConfig *cfg, const float *x, AbLshHash *hash,
                                  AbApproxError *err);
void           ab_lsh_hash_clear (AbLshHash *hash);
/* One vector's bucket under one round's rotation (d × b/2). */
int            ab_lsh_bucket_of  (const float *rotation, int d, int n_buckets, const float *x);

/* The mask ab_lsh_attention computes, as an attn-patterns.h pattern that
 * reads @hash's arrays (which must outlive it). */
void           ab_lsh_pattern    (const AbLshHash *hash, AbPattern *pattern);

/* k_j = q_j / ‖q_j‖ (a zero row stays zero), n × d. */
void           ab_lsh_normalize_keys (const float *qk, int n, int d, float *keys);

typedef struct
{
  uint64_t candidate_pairs;  /* scores the chunked products compute (m × 2m per chunk, all rounds) */
  uint64_t used_pairs;       /* of those, same bucket and allowed, summed over rounds */
  uint64_t unique_pairs;     /* distinct (i, j) attended: the pattern's entries */
  uint64_t hash_flops;       /* 2·n·d·(b/2) per round */
  uint64_t flops;            /* hash_flops + 4·d·candidate_pairs */
  uint64_t sort_ops;         /* counting sort: n + b per round */
  size_t   extra_bytes;      /* what the call allocated (keys, accumulators, chunk scores) */
} AbLshStats;

/* Shared-QK LSH attention of the n × d rows @qk (hashed into @hash by
 * ab_lsh_hash of these same rows) with values @v (n × d): o (n × d), lse
 * (n, may be NULL), stats (may be NULL). Accumulates in double. */
AbApproxStatus ab_lsh_attention  (const AbLshHash *hash, const float *qk, const float *v,
                                  float scale, float *o, float *lse, AbLshStats *stats,
                                  AbApproxError *err);

/* P[h(x) = h(y)] for unit vectors at angle θ ∈ [0, π] under one round with
 * @n_buckets buckets (even, 2 … AB_LSH_MAX_BUCKETS); NaN for bad input.
 * b = 2 is exact; otherwise quadrature, which agrees with a rule of four
 * times the panels to 1e-6 for θ ≥ 0.05 and b ≤ 1024 (the inner integrand
 * steepens as sin θ → 0). Cost: ~0.9 M erfc calls, ~50 ms; a diagram
 * should tabulate it once. */
double ab_lsh_collision_probability (double theta, int n_buckets);
/* 1 − (1 − p)^rounds. */
double ab_lsh_collision_probability_rounds (double theta, int n_buckets, int rounds);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-complexity.h — exact FLOP and memory counts per method against N
 *
 * For the complexity-scaling picture: one head, head dimension d, N up to
 * 10⁶ and beyond, every count an exact integer from the same definitions
 * the kernels' own counters use (the test checks they agree):
 *
 *   DENSE      standard attention: 4·d FLOPs per score entry (QKᵀ and PV,
 *              2 per multiply-add), N² entries (N(N+1)/2 causal); memory
 *              the N × N score matrix at elem_bytes (materialised in full
 *              even when causal): O(N²).
 *   SPARSE     Sparse Transformer strided pattern, stride l = ⌈√N⌉
 *              (arXiv:1904.10509 §4.2), entries from attn-patterns.h's
 *              closed form: O(N√N) FLOPs and memory.
 *   REFORMER   LSH attention (attn-lsh.h) with n_rounds, chunk c and a
 *              fixed bucket count b: per round N·d·b hashing FLOPs and
 *              4·d FLOPs per (query, key) pair in a query's chunk and the
 *              one before; memory the scores of every round's chunk pairs
 *              at elem_bytes plus an int32 bucket and sort index per token
 *              per round. FLOPs are O(N) for fixed c and b; the O(N log N)
 *              of the paper is its sort, counted separately as
 *              n_rounds · N · ⌈log₂ N⌉ comparisons (sort_ops).
 *   LINFORMER  8·N·k·d FLOPs; memory P̄ (N × k) and K', V' (k × d): O(N).
 *   PERFORMER  8·N·m·d + 4·N·m FLOPs (features, φ(K)ᵀV, read-out;
 *              FACTS row 17: O(N·m·d)); memory φ(Q), φ(K) (N × m each)
 *              and φ(K)ᵀV, φ(K)ᵀ1 (m × d + m): O(N).
 *   FLASH      FlashAttention forward: the same FLOPs as DENSE, and the
 *              only memory that grows with N is the fp32 logsumexp it
 *              saves per query row (4·N bytes); its tiles live in on-chip
 *              SRAM, a constant. O(N) memory.
 *   CHUNKED    Rabe & Staats (attn-chunked.h) with query chunks of
 *              min(N, 1024) and key chunks of ⌈√N⌉, fp32 as in the paper:
 *              the same FLOPs as DENSE, O(√N) memory (ab_chunked_bytes).
 *
 * Memory is the attention-specific memory beyond Q, K, V and O. Pure C11.
 */
#pragma once

#include "attn-approx.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_CX_DENSE = 0,
  AB_CX_SPARSE,
  AB_CX_REFORMER,
  AB_CX_LINFORMER,
  AB_CX_PERFORMER,
  AB_CX_FLASH,
  AB_CX_CHUNKED,
  AB_CX_N_METHODS
} AbComplexityMethod;

typedef struct
{
  int d;             /* head dimension */
  int elem_bytes;    /* bytes per stored score (2: FP16/BF16) */
  int causal;        /* DENSE, SPARSE, FLASH, CHUNKED FLOPs; SPARSE entries */
  int lsh_rounds;
  int lsh_chunk;
  int lsh_buckets;
  int linformer_k;
  int performer_m;
} AbComplexityParams;

/* d = 64, FP16 scores, not causal; Reformer 4 rounds, chunks of 64,
 * 64 buckets (our choices); Linformer k = 256 (one of the settings the
 * paper trains); Performer m = 256 (≈ d ln d for d = 64, the
 * paper's m = Θ(d log d)). */
void ab_complexity_params_init (AbComplexityParams *p);

typedef struct
{
  uint64_t flops;
  uint64_t sort_ops;   /* REFORMER only */
  uint64_t bytes;
} AbComplexity;

/* Counts at sequence length n (1 … 2^24; d ≤ 1024 keeps 4·d·n² in 64 bits). */
AbApproxStatus ab_complexity (AbComplexityMethod method, uint64_t n,
                              const AbComplexityParams *params, AbComplexity *out,
                              AbApproxError *err);

const char *ab_complexity_method_name (AbComplexityMethod method);   /* "dense" … */

#ifdef __cplusplus
}
#endif

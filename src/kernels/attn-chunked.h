/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-chunked.h — exact attention in chunks (Rabe & Staats, "Self-attention
 * Does Not Need O(n²) Memory", arXiv:2112.05682)
 *
 * The algorithm of the paper's Figure 1: queries are processed in chunks
 * of q_chunk rows, one after another; for each query chunk, every key
 * chunk of kv_chunk rows is summarised on its own —
 *   s = scale · Q_c K_jᵀ,  m_j = rowmax s,  e = exp(s − m_j),
 *   values_j = e V_j,  weights_j = Σ_row e
 * — and the summaries are combined with the logsumexp merge:
 *   M = max_j m_j,  O = Σ_j e^{m_j − M} values_j / Σ_j e^{m_j − M} weights_j.
 * The result is exact softmax attention (up to fp32 rounding); no N × N
 * matrix ever exists.
 *
 * Memory counter. Besides Q, K, V and O, the call holds one q_chunk ×
 * kv_chunk score block and, for the current query chunk, the summaries of
 * every key chunk: ⌈n_kv / kv_chunk⌉ × q_chunk × (d + 2) floats (values,
 * weight, max). With q_chunk fixed and kv_chunk ≈ √n both terms are
 * O(√n) (plus d doubles for the merge): the paper's "practical implementation … that requires O(√n)
 * memory"; its O(log n) bound is for a sequential algorithm that keeps one
 * running sum (FACTS row 18). Defaults are the paper's code defaults,
 * query_chunk_size = 1024 and key_chunk_size = 4096 (Figure 1).
 *
 * Masks follow attention.h: query i sits at position i + n_kv − n_q;
 * causal keeps keys j ≤ that position; a fully masked row gets O = 0 and
 * logsumexp −inf. Key chunks entirely above the diagonal are skipped.
 * One head, row-major, fp32 with cblas_sgemm products. Pure C11, no GLib.
 */
#pragma once

#include "attn-approx.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AB_CHUNKED_DEFAULT_Q_CHUNK  1024
#define AB_CHUNKED_DEFAULT_KV_CHUNK 4096

typedef struct
{
  int   q_chunk;    /* 0 → 1024 */
  int   kv_chunk;   /* 0 → 4096 */
  int   causal;
  float scale;      /* ≤ 0 → 1/√d */
} AbChunkedConfig;

typedef struct
{
  uint64_t flops;            /* 4·d per score computed (whole chunks, skipped ones excluded) */
  size_t   peak_bytes;       /* score block + one query chunk's summaries (= ab_chunked_bytes) */
  int      n_q_chunks, n_kv_chunks;
  uint64_t chunks_computed;  /* (query chunk, key chunk) pairs summarised */
  uint64_t chunks_skipped;   /* pairs entirely masked */
} AbChunkedStats;

/* The memory counter without running: 4 · (q·k + ⌈n_kv/k⌉ · q · (d + 2))
 * bytes with q = min(q_chunk, n_q), k = min(kv_chunk, n_kv). 0 for bad sizes. */
size_t         ab_chunked_bytes     (int n_q, int n_kv, int d, const AbChunkedConfig *cfg);

/* Q: n_q × d; K, V: n_kv × d; o: n_q × d; lse (n_q) and stats may be NULL. */
AbApproxStatus ab_chunked_attention (int n_q, int n_kv, int d, const float *q, const float *k,
                                     const float *v, const AbChunkedConfig *cfg, float *o,
                                     float *lse, AbChunkedStats *stats, AbApproxError *err);

#ifdef __cplusplus
}
#endif

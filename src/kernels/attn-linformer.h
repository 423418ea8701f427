/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-linformer.h — Linformer (Wang et al., arXiv:2006.04768)
 *
 * Linformer projects the sequence axis of the keys and values down to k
 * rows before attention: with E, F ∈ ℝ^{k × N},
 *   K' = E K (k × d),  V' = F V (k × d),
 *   O  = softmax(scale · Q K'ᵀ) V'        (the N × k matrix P̄ replaces N × N)
 * at O(N·k·d) time and N·k memory (FACTS row 16: O(N·k)). In the paper E
 * and F are learned; the book has no trained model, so it measures the
 * mechanism with two untrained stand-ins, stated as such:
 *   GAUSSIAN  seeded random matrices with i.i.d. N(0, 1/k) entries, the
 *             random projection R of the paper's Theorems 1 and 2. Each
 *             projected key mixes all N keys, so its scores are ~√(N/k)
 *             times larger than a single key's: the output error is large
 *             and falls with k but stays above 1 even at k = N.
 *   POOL      mean pooling over k equal segments of the sequence (segment
 *             r: tokens ⌊rN/k⌋ … ⌊(r+1)N/k⌋ − 1): deterministic, and
 *             E = F = I at k = N, where Linformer is exact attention.
 * Callers may also pass their own E, F. Optional key–value sharing uses
 * E = F.
 *
 * Since O = P̄ (F V) = (P̄ F) V, the effective attention over the original
 * tokens is the N × N matrix P̄F, which ab_linformer_attention can return
 * for the approximation-error measurements (its rows need not be
 * probability distributions: F's entries have either sign).
 *
 * No causal form: E and F mix every position, future ones included.
 * One head, row-major, double accumulation. Pure C11, no GLib.
 */
#pragma once

#include "attn-approx.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_LINFORMER_GAUSSIAN = 0,
  AB_LINFORMER_POOL,
} AbLinformerProjection;

typedef struct
{
  int                   n, k;      /* 1 ≤ k ≤ n */
  AbLinformerProjection projection;
  int                   share_ef;  /* F = E (the paper's key–value sharing) */
  uint64_t              seed;      /* GAUSSIAN */
} AbLinformerConfig;

/* The projections, k × n each (f unused, may be NULL, when share_ef; POOL
 * gives F = E). */
AbApproxStatus ab_linformer_projections (const AbLinformerConfig *cfg, float *e, float *f,
                                         AbApproxError *err);

typedef struct
{
  uint64_t flops;         /* 2·k·n·d (EK) + 2·k·n·d (FV) + 2·n·k·d (QK'ᵀ) + 2·n·k·d (P̄V') = 8·n·k·d */
  size_t   extra_bytes;   /* the mechanism's K', V' (k × d) and P̄ (n × k), double; not the
                             double copies of the inputs this implementation makes */
} AbLinformerStats;

/* Q, K, V: n × d; e, f: k × n (f may equal e). o: n × d. p_eff (optional,
 * n × n): P̄F. p_bar (optional, n × k): P̄. */
AbApproxStatus ab_linformer_attention (int n, int d, int k, const float *q, const float *kk,
                                       const float *v, const float *e, const float *f,
                                       float scale, float *o, double *p_bar, double *p_eff,
                                       AbLinformerStats *stats, AbApproxError *err);

#ifdef __cplusplus
}
#endif

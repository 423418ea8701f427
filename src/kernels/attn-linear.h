/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-linear.h — attention through a feature map, and linear attention
 *
 * Replace exp(q·k) by a dot product of features φ(q)·φ(k) (m features per
 * vector) and attention becomes
 *   out_i = Σ_j (φ(q_i)·φ(k_j)) v_j / Σ_j φ(q_i)·φ(k_j)     (j ≤ i if causal).
 * Two ways to compute the same numbers:
 *   QUADRATIC    the "parallel" form: A = φ(Q)φ(K)ᵀ (n × n, masked when
 *                causal), rows normalised, A·V. O(n²(m + d)) time, n² memory.
 *   ASSOCIATIVE  (φ(Q)φ(K)ᵀ)V = φ(Q)(φ(K)ᵀV): S = φ(K)ᵀV is m × d and
 *                z = φ(K)ᵀ1 has m entries, out_i = φ(q_i)S / φ(q_i)·z.
 *                O(n·m·d) time, m·d memory. Causal: S and z become running
 *                prefix sums S_i = S_{i−1} + φ(k_i)v_iᵀ — the recurrent
 *                (RNN) form of Katharopoulos et al. (arXiv:2006.16236, §3.4),
 *                also Performer's unidirectional FAVOR+ by prefix sums
 *                (arXiv:2009.14794, §2).
 *
 * Linear attention (Katharopoulos et al., §3.2.1) uses φ(x) = elu(x) + 1
 * (m = d), positive everywhere. Performer's random features are in
 * attn-performer.h.
 *
 * Layout: one head; φ(Q), φ(K) are n × m, V and out are n × d, row-major.
 * Accumulates in double. A row whose denominator is 0 (possible only with
 * features that can be 0, e.g. ReLU) gets out = 0. Pure C11, no GLib.
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
  AB_FEATURE_QUADRATIC = 0,
  AB_FEATURE_ASSOCIATIVE,
} AbFeatureForm;

typedef struct
{
  /* 2 FLOPs per multiply-add. QUADRATIC: E·(2m + 2d) for the E entries of
   * A computed (n² or n(n+1)/2 causal). ASSOCIATIVE: 4·n·m·d + 4·n·m (S and
   * z built, then read out). Feature maps are not included here. */
  uint64_t flops;
  size_t   extra_bytes;   /* QUADRATIC: one double row of A; ASSOCIATIVE: S and z (double) */
} AbFeatureStats;

/* The largest n the QUADRATIC form accepts (it walks n² entries). */
#define AB_FEATURE_QUADRATIC_MAX_N 16384

/* @a (optional, QUADRATIC only; n × n): the normalised attention matrix,
 * zeros above the diagonal when causal. */
AbApproxStatus ab_feature_attention (int n, int m, int d, const float *phi_q,
                                     const float *phi_k, const float *v, int causal,
                                     AbFeatureForm form, float *o, double *a,
                                     AbFeatureStats *stats, AbApproxError *err);

/* The recurrent form one token at a time (what a decoder keeps instead of
 * a KV cache: m·d + m numbers, whatever the context length). */
typedef struct
{
  int     m, d;
  double *s;   /* m × d: Σ φ(k_j) v_jᵀ */
  double *z;   /* m: Σ φ(k_j) */
} AbLinearState;

AbApproxStatus ab_linear_state_init  (AbLinearState *st, int m, int d, AbApproxError *err);
void           ab_linear_state_clear (AbLinearState *st);
/* S += φ(k) vᵀ, z += φ(k). */
void           ab_linear_state_push  (AbLinearState *st, const float *phi_k, const float *v);
/* out = φ(q) S / φ(q)·z (0 if the denominator is 0). */
void           ab_linear_state_read  (const AbLinearState *st, const float *phi_q, float *out);

/* φ(x) = elu(x) + 1 = x + 1 for x > 0, eˣ otherwise, elementwise. */
void           ab_elu1_features (const float *x, size_t count, float *phi);

/* Linear attention of Katharopoulos et al.: features elu + 1 of Q and K
 * (n × d each), then ab_feature_attention with m = d. stats->flops adds
 * nothing for the elementwise feature map. */
AbApproxStatus ab_linear_attention (int n, int d, const float *q, const float *k,
                                    const float *v, int causal, AbFeatureForm form,
                                    float *o, double *a, AbFeatureStats *stats,
                                    AbApproxError *err);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-performer.h — Performer / FAVOR+ (Choromanski et al., arXiv:2009.14794)
 *
 * The softmax kernel as an expectation of positive random features
 * (the paper's Lemma 1): for w ~ N(0, I_d),
 *   exp(x·y) = E[ exp(w·x − ‖x‖²/2) · exp(w·y − ‖y‖²/2) ],
 * so with m draws w_1 … w_m and
 *   φ(x) = exp(−‖x‖²/2) / √m · (exp(w_1·x), …, exp(w_m·x))
 * φ(x)·φ(y) is an unbiased estimate of exp(x·y), and every feature is
 * positive, so the estimated attention weights are too. Softmax attention
 * with scale s uses x = √s·q and y = √s·k (√s = d^−1/4 for s = 1/√d).
 *
 * Orthogonal random features (the "O" of FAVOR+): the w's are drawn in
 * blocks of d that are exactly orthogonal (Gram–Schmidt of a Gaussian
 * matrix), each then rescaled to the length of an independent N(0, I_d)
 * vector, so every w is still marginally N(0, I_d) (the estimate stays
 * unbiased) while the variance drops.
 *
 * Attention is then ab_feature_attention (attn-linear.h) on φ(Q), φ(K):
 * the associativity reorder φ(Q)(φ(K)ᵀV) makes it O(N·m·d) — linear in N,
 * m·d per token (FACTS row 17: φ(K)ᵀV is m × d, not d × d) — and the
 * causal form is the prefix-sum recurrence.
 *
 * Numerical stabilisation: φ(q) of each query is divided by
 * exp(max_a w_a·x − ‖x‖²/2) and all keys by one global maximum (as the
 * Performer code does); those factors cancel in the normalised output.
 *
 * AB_PERFORMER_RELU is the "generalised attention" variant φ(x) =
 * ReLU(Wx)/√m, the ten-line naive Performer of the book: a different
 * kernel, not an estimate of softmax.
 *
 * Pure C11, no GLib; deterministic for a seed; errors are returned.
 */
#pragma once

#include "attn-approx.h"
#include "attn-linear.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AB_PERFORMER_MAX_FEATURES 65536

typedef enum
{
  AB_PERFORMER_POSITIVE = 0,   /* FAVOR+: exp(w·x − ‖x‖²/2)/√m */
  AB_PERFORMER_RELU,           /* ReLU(w·x)/√m */
} AbPerformerKernel;

typedef enum
{
  AB_PERFORMER_STAB_NONE = 0,  /* raw features: φ(x)·φ(y) estimates exp(x·y) */
  AB_PERFORMER_STAB_ROW,       /* each row divided by its own max (queries) */
  AB_PERFORMER_STAB_GLOBAL,    /* all rows divided by one max (keys) */
} AbPerformerStab;

typedef struct
{
  int               d, m;        /* head dimension, random features */
  int               orthogonal;  /* blocks of d orthogonal w's (else i.i.d.) */
  AbPerformerKernel kernel;
  uint64_t          seed;
} AbPerformerConfig;

/* Orthogonal FAVOR+ features with the given d and m. */
void           ab_performer_config_init (AbPerformerConfig *cfg, int d, int m);

/* Draws the m × d matrix W of random features. */
AbApproxStatus ab_performer_draw (const AbPerformerConfig *cfg, float *w, AbApproxError *err);

/* φ of the n × d rows of x after scaling them by √scale (scale ≤ 0 →
 * 1/√d), n × m out. */
AbApproxStatus ab_performer_features (const AbPerformerConfig *cfg, const float *w,
                                      const float *x, int n, double scale,
                                      AbPerformerStab stab, float *phi, AbApproxError *err);

typedef struct
{
  uint64_t feature_flops;   /* 2·n·m·d for each of φ(Q) and φ(K) */
  uint64_t attention_flops; /* ab_feature_attention's count */
  uint64_t flops;           /* both */
  size_t   extra_bytes;     /* φ(Q), φ(K) (float) and the form's own buffers */
} AbPerformerStats;

/* Performer attention of one head (Q, K, V: n × d) with the features @w
 * from ab_performer_draw (@cfg's). @a: optional n × n attention matrix
 * (QUADRATIC form only). */
AbApproxStatus ab_performer_attention (const AbPerformerConfig *cfg, const float *w, int n,
                                       const float *q, const float *k, const float *v,
                                       float scale, int causal, AbFeatureForm form, float *o,
                                       double *a, AbPerformerStats *stats, AbApproxError *err);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scoring.h — the three classic attention scoring functions, side by side
 *
 * Draws queries q and keys k with i.i.d. N(0, 1) components for a given d_k
 * and scores every query against a row of keys with
 *   additive    e = v_aᵀ tanh(W_a q + U_a k)      (Bahdanau et al., arXiv:1409.0473)
 *   dot         e = qᵀ k                          (Luong et al., arXiv:1508.04025)
 *   scaled dot  e = qᵀ k / √d_k                   (Vaswani et al., arXiv:1706.03762)
 * then reports the variance of the scores and the entropy of each row's
 * softmax. Var(qᵀk) = d_k for unit-variance components, so unscaled dot
 * scores spread out as d_k grows and the softmax collapses onto one key;
 * dividing by √d_k brings the variance back to 1.
 *
 * Pure C11, no GLib: deterministic for a given seed.
 */
#pragma once

#include <stdint.h>

typedef enum
{
  AB_SCORE_ADDITIVE,
  AB_SCORE_DOT,
  AB_SCORE_SCALED_DOT,
  AB_N_SCORE_KINDS
} AbScoreKind;

typedef struct
{
  int      d_k;       /* key/query dimension, ≥ 1 */
  int      n_rows;    /* number of queries (rows of scores), ≥ 1 */
  int      n_keys;    /* keys per row, ≥ 2 */
  uint64_t seed;
  /* Skip the additive scores, the expensive part (an MLP per pair): their
   * arrays stay NULL and their statistics NaN; the dot scores are the same
   * numbers as in a full run (the same random draws come first). */
  int      dot_only;
} AbScoringConfig;

typedef struct
{
  AbScoringConfig config;
  int     d_a;                              /* hidden size of the additive MLP (= d_k) */
  float  *q;                                /* n_rows × d_k */
  float  *k;                                /* n_keys × d_k */
  double *scores[AB_N_SCORE_KINDS];         /* n_rows × n_keys */
  double *probs[AB_N_SCORE_KINDS];          /* softmax of each row */
  double *entropy[AB_N_SCORE_KINDS];        /* per row, in nats */
  double  variance[AB_N_SCORE_KINDS];       /* over all n_rows × n_keys scores */
  double  mean_entropy[AB_N_SCORE_KINDS];   /* mean of the rows' entropies */
  double  mean_max_prob[AB_N_SCORE_KINDS];  /* mean of each row's largest weight */
  double  max_entropy;                      /* ln(n_keys): a uniform softmax */
} AbScoringResult;

/* Returns NULL on invalid config or allocation failure. */
AbScoringResult *ab_scoring_run  (const AbScoringConfig *config);
void             ab_scoring_free (AbScoringResult *result);

const char      *ab_score_kind_name (AbScoreKind kind);

/* Softmax of n values (stable: subtracts the max) and its entropy in nats. */
void             ab_stats_softmax (const double *x, double *p, int n);
double           ab_stats_entropy        (const double *p, int n);

/* Mean and (population) variance of n values. */
void             ab_stats_mean_variance  (const double *x, long n, double *mean, double *variance);

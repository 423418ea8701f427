/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spec-decode.h — speculative decoding: draft k tokens, verify in one pass
 *
 * Leviathan, Kalman & Matias, "Fast Inference from Transformers via
 * Speculative Decoding" (arXiv:2211.17192, ICML 2023). A small draft model
 * proposes k tokens; the target model scores all of them in one forward
 * pass and keeps the longest accepted prefix, then adds one token of its
 * own (the correction at the first rejection, or a bonus token when all k
 * pass), so every verify step emits between 1 and k + 1 tokens.
 *
 * Verification (§2.3, Algorithm 1): a draft token x ~ q is kept with
 * probability min(1, p(x) / q(x)); if it is rejected, the target samples
 * from norm(max(0, p − q)). The emitted token is then distributed exactly
 * as p (Theorem 3.5): ab_spec_verify. The chance of keeping a draft token
 * is α = Σ_x min(p(x), q(x)) (Corollary 3.6): ab_spec_acceptance_rate.
 *
 * Tokens per verify step. With each draft token accepted independently
 * with probability α (the paper's §3.1 simplification), the number of
 * tokens emitted per step X has P(X = j + 1) = α^j (1 − α) for j < k and
 * P(X = k + 1) = α^k, so E[X] = (1 − α^{k+1}) / (1 − α) (Eq. 1) and
 * ab_spec_simulate draws exactly that process from a seeded generator.
 * With a draft that costs c target passes per token, the expected
 * wall-time improvement is (1 − α^{k+1}) / ((1 − α)(k·c + 1)) (Theorem 3.8).
 *
 * Pure C11.
 */
#pragma once

#include <stdint.h>

#include "ab-kerror.h"
#include "ab-rng.h"

/* E[X] = (1 − α^{k+1}) / (1 − α); k + 1 at α = 1. NaN for α outside [0, 1]
 * or k < 0. */
double ab_spec_expected_tokens  (double alpha, int k);
/* Var[X] from the distribution above (exact sum over 1 … k + 1). */
double ab_spec_tokens_variance  (double alpha, int k);
/* Theorem 3.8's improvement factor for draft cost ratio c ≥ 0. */
double ab_spec_expected_speedup (double alpha, int k, double c);
/* The k in 0 … k_max with the largest improvement (the smallest on ties). */
int    ab_spec_best_k           (double alpha, double c, int k_max);

typedef struct
{
  int step;
  int drafted;     /* k */
  int accepted;    /* 0 … k draft tokens kept */
  int emitted;     /* accepted + 1 */
} AbSpecStep;

typedef struct
{
  int      steps;
  uint64_t tokens;        /* Σ emitted */
  double   mean;          /* tokens per verify step */
  double   variance;      /* sample variance (n − 1) */
  int      all_accepted;  /* steps where all k draft tokens were kept */
} AbSpecResult;

/* @n_steps verify steps at acceptance rate @alpha with draft length @k
 * from seed @seed; per-step records into @steps if non-NULL. */
AbKStatus ab_spec_simulate (double alpha, int k, int n_steps, uint64_t seed,
                            AbSpecStep *steps, AbSpecResult *out, AbKError *err);

/* α = Σ min(p, q) over @vocab entries of two distributions. */
double ab_spec_acceptance_rate (const double *p, const double *q, int vocab);
/* One verification of draft token @x (drawn from q): returns the emitted
 * token and sets *accepted (1 if x was kept). −1 for bad arguments
 * (distributions must be non-negative, sum to 1 within 1e-9, and q(x) > 0). */
int    ab_spec_verify (const double *p, const double *q, int vocab, int x, AbRng *rng,
                       int *accepted);
/* A sample from a distribution over @vocab entries. */
int    ab_spec_sample (const double *dist, int vocab, AbRng *rng);

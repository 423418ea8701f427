/* SPDX-License-Identifier: GPL-3.0-or-later */
/* approx-error.h — what each approximation of 2019–2021 loses, measured
 *
 * One problem (one head, N tokens, head dimension d), its exact attention
 * computed once in double, and every method's error against it:
 *   output_error  ‖Ô − O‖_F / ‖O‖_F over all N × d outputs;
 *   matrix_error  ‖Â − A‖_F / ‖A‖_F for the N × N attention matrix, where
 *                 the method has one (sparse patterns and LSH: the masked
 *                 softmax; Linformer: P̄F; Performer and linear attention:
 *                 the normalised φ(Q)φ(K)ᵀ); NaN for the exact methods,
 *                 which never form it;
 *   needle_error  the same relative error on the one output row that must
 *                 retrieve the planted key (needle input only).
 *
 * Inputs (seeded):
 *   SMOOTH  Q, K, V with i.i.d. Gaussian entries; Q and K have variance σ²
 *           with σ² = τ / d^{1/4}, so the scaled scores q·k/√d have
 *           standard deviation τ (`logit_std`), V has variance 1.
 *   NEEDLE  SMOOTH plus one planted pair: query i* (default N − 1) gets a
 *           random direction u at the typical length σ√d, key j* (default
 *           N/8, far outside any local window) is a multiple of u chosen
 *           so that score(i*, j*) = `needle_logit` (default 12, against
 *           row scores of std ≈ 1.5): exact attention puts nearly all of
 *           row i*'s weight on j*, and o_{i*} ≈ v_{j*}.
 * LSH shares Q and K (keys are the normalised queries), so it is measured
 * on its own shared-QK version of the same problem: queries Q rescaled so
 * the shared-QK scores also have std τ, the needle planted as q_{j*} ∥ u
 * and ‖q_{i*}‖ = needle_logit·√d, and the exact reference is shared-QK
 * attention with the self-pair masked (Reformer §2).
 *
 * Methods and their budget (the knob the error is plotted against):
 *   CHUNKED    exact (Rabe & Staats, attn-chunked.h)           no budget
 *   FLASH      exact (FlashAttention-2 forward, attention.h)   no budget
 *   WINDOW     sliding window                                  radius r
 *   BIGBIRD    window r + 2 global + 3 random keys             radius r
 *   LSH        Reformer, 2 rounds, chunks of 64                buckets b
 *   LINFORMER  seeded N(0, 1/k) projections                    rank k
 *   LINFORMER_POOL  mean-pooling projections (exact at k = N)  rank k
 *   PERFORMER  FAVOR+, orthogonal positive features            features m
 *   LINEAR     elu + 1 (not an estimate of softmax)            no budget
 *
 * Cost at N = 1024, d = 64: the problem (two double references) is built
 * once, ~90 ms of CPU; each measurement without the matrix is one run of
 * the method, 2–35 ms of CPU at the default budgets on the development
 * machine (test-approx-error's timing case prints them). want_matrix adds
 * N × N work (Performer's quadratic form: N²·m).
 *
 * Pure C11 (+ cblas), no GLib; errors are returned, never aborted on.
 */
#pragma once

#include "attn-approx.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest N a problem accepts (the dense references are N × N). */
#define AB_APPROX_MAX_N 4096

typedef enum
{
  AB_APPROX_METHOD_CHUNKED = 0,
  AB_APPROX_METHOD_FLASH,
  AB_APPROX_METHOD_WINDOW,
  AB_APPROX_METHOD_BIGBIRD,
  AB_APPROX_METHOD_LSH,
  AB_APPROX_METHOD_LINFORMER,
  AB_APPROX_METHOD_LINFORMER_POOL,
  AB_APPROX_METHOD_PERFORMER,
  AB_APPROX_METHOD_LINEAR,
  AB_APPROX_N_METHODS
} AbApproxMethod;

typedef enum
{
  AB_APPROX_INPUT_SMOOTH = 0,
  AB_APPROX_INPUT_NEEDLE,
} AbApproxInputKind;

typedef struct
{
  int               n, d;          /* 2 … AB_APPROX_MAX_N, 1 … 512 */
  AbApproxInputKind kind;
  double            logit_std;     /* τ > 0 */
  double            needle_logit;  /* > 0 */
  int               needle_query;  /* −1 → N − 1 */
  int               needle_key;    /* −1 → N / 8 */
  uint64_t          seed;
} AbApproxInputConfig;

/* N = 1024, d = 64, SMOOTH, τ = 0.5, needle logit 12, default positions.
 * τ = 0.5 rather than 1: FAVOR+'s variance grows like e^{‖x+y‖²} in the
 * scaled vectors' norms (Performer, Lemma 2), and at τ = 1, d = 64 its
 * error stays near 1 up to m in the thousands; the diagram can raise τ to
 * show that. */
void ab_approx_input_config_init (AbApproxInputConfig *cfg);

typedef struct
{
  AbApproxInputConfig config;      /* with the needle positions resolved */
  int     n, d;
  float  *q, *k, *v;               /* N × d each */
  float  *q_shared;                /* N × d: the shared-QK queries (LSH) */
  double *o_ref;                   /* exact softmax(QKᵀ/√d) V */
  double *o_ref_shared;            /* exact shared-QK attention, self masked */
  double *p_ref, *p_ref_shared;    /* N × N matrices, only with want_matrix */
  int     needle_query, needle_key;  /* −1 on SMOOTH input */
} AbApproxProblem;

AbApproxStatus ab_approx_problem_init  (AbApproxProblem *p, const AbApproxInputConfig *cfg,
                                        int want_matrix, AbApproxError *err);
void           ab_approx_problem_clear (AbApproxProblem *p);

typedef struct
{
  AbApproxMethod method;
  int            budget;       /* r, b, k or m (ignored by methods without one) */
  int            lsh_rounds;   /* 0 → 2 */
  int            lsh_chunk;    /* 0 → 64 */
  uint64_t       seed;         /* the method's own random draw */
} AbApproxMethodConfig;

typedef struct
{
  double   output_error;
  double   matrix_error;       /* NaN unless want_matrix and the method has a matrix */
  double   needle_error;       /* NaN on SMOOTH input */
  double   needle_weight;      /* Â[i*, j*] (NaN without the matrix or the needle) */
  double   needle_weight_exact;/* A[i*, j*] (NaN without the matrix or the needle) */
  uint64_t flops;              /* the method's own count (its stats) */
  uint64_t bytes;              /* the method's extra memory (its stats) */
} AbApproxResult;

AbApproxStatus ab_approx_measure (const AbApproxProblem *p, const AbApproxMethodConfig *m,
                                  int want_matrix, AbApproxResult *out, AbApproxError *err);

const char *ab_approx_method_name   (AbApproxMethod m);   /* "performer" … */
int         ab_approx_method_from_name (const char *name, AbApproxMethod *m);
/* "radius r", "buckets b", "rank k", "features m", or NULL (no budget). */
const char *ab_approx_budget_name   (AbApproxMethod m);
/* A sensible budget for the method at N (r = N/16, b = N/64 rounded even,
 * k = N/8, m = 4d for d = 64 → 256); 0 for methods without one. */
int         ab_approx_default_budget (AbApproxMethod m, int n, int d);
/* 1 for the exact methods. */
int         ab_approx_method_is_exact (AbApproxMethod m);

#ifdef __cplusplus
}
#endif

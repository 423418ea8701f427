/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-approx.h — what the Part 2 (approximate attention) kernels share
 *
 * Part 2 of the book measures the approximations of 2019–2021 — sparse
 * patterns (attn-patterns.h), Reformer's LSH (attn-lsh.h), Linformer
 * (attn-linformer.h), Performer and linear attention (attn-performer.h,
 * attn-linear.h) — against exact attention, and shows that Rabe & Staats'
 * chunked attention (attn-chunked.h) is exact. They share one status and
 * error type and the reference they are all measured against: dense softmax
 * attention for one head, accumulated in double, with an optional additive
 * mask (0 = the entry is computed, −inf = it is skipped), so that "sparse
 * attention over a pattern" can be checked against "dense attention with
 * that pattern's mask".
 *
 * Layout: one head, row-major; Q is n_q × d, K and V are n_kv × d.
 * A scale ≤ 0 means 1/√d. Pure C11 (plus cblas), never aborts.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_APPROX_OK = 0,
  AB_APPROX_E_INVALID,     /* bad sizes, NULL pointers, parameters out of range */
  AB_APPROX_E_NOMEM,       /* an allocation failed */
  AB_APPROX_E_NONFINITE,   /* an input holds a NaN or an infinity */
  AB_APPROX_E_TOO_BIG,     /* the call would exceed a stated size cap */
} AbApproxStatus;

typedef struct
{
  AbApproxStatus status;
  char           message[256];
} AbApproxError;

const char *ab_approx_status_string (AbApproxStatus status);

/* The largest n_q · n_kv the dense reference accepts (2^26 entries: a
 * 512 MiB double matrix at N = 8192). */
#define AB_APPROX_DENSE_MAX_ENTRIES ((size_t) 1 << 26)

/* Exact attention for one head in double precision (cblas_dgemm for the
 * two products, a max-subtracted softmax in between):
 *   O = softmax(scale · Q Kᵀ + mask_add) V
 * mask_add (n_q × n_kv, may be NULL) is added to the scores: 0 keeps an
 * entry, −inf removes it (finite values act as a bias). p (n_q × n_kv) and
 * lse (n_q) are optional outputs: the attention matrix and each row's
 * logsumexp. A row whose every entry is −inf gets o = 0, p = 0 and
 * lse = −inf. Q, K, V must be finite; mask_add must not hold NaN or +inf. */
AbApproxStatus ab_approx_dense_attention (int n_q, int n_kv, int d,
                                          const float *q, const float *k,
                                          const float *v, double scale,
                                          const float *mask_add,
                                          double *o, double *p, double *lse,
                                          AbApproxError *err);

/* ‖a − ref‖_F / ‖ref‖_F over n entries; 0 when both are zero, +inf when
 * only ref is zero. NaN entries in a give NaN. */
double ab_approx_rel_frobenius   (const double *a, const double *ref, size_t n);
double ab_approx_rel_frobenius_f (const float *a, const double *ref, size_t n);

#ifdef __cplusplus
}
#endif

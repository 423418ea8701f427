/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-private.h — helpers shared by the attention kernels (not installed) */
#pragma once

#include "attention.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>

/* Default FA2 tiles for head dimension d: sized from this CPU's L1 and L2
 * for the micro-kernel (micro non-NULL) or the OpenBLAS loop (attn-flash.c). */
struct AbMicroKernel;
void ab__flash_tiles (int d, const struct AbMicroKernel *micro, int *br, int *bc);

/* ---- errors ---- */
AbAttnStatus ab__attn_fail (AbAttnError *err, AbAttnStatus status,
                            const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
AbAttnStatus ab__attn_budget_fail (AbAttnError *err, const char *what,
                                   size_t needed, size_t budget);
/* K and V are float or BF16 (uint16_t) arrays: only their presence is checked. */
AbAttnStatus ab__attn_check (const AbAttnShape *shape, int heads,
                             const float *q, const void *k, const void *v,
                             const float *o, AbAttnError *err);
/* AB_ATTN_E_NONFINITE naming the tensor and first index of a NaN/±inf in
 * Q, K or V (shape and pointers must already have passed ab__attn_check);
 * a NULL K or V is skipped (BF16 K/V are checked by the next one). */
AbAttnStatus ab__attn_check_finite (const AbAttnShape *shape, int heads,
                                    const float *q, const float *k,
                                    const float *v, AbAttnError *err);
/* That error for entry @index (value @x) of a tensor named @name laid out
 * [H, rows, d] with @per_head entries per head. */
AbAttnStatus ab__attn_nonfinite_fail (AbAttnError *err, const char *name, size_t index, float x,
                                      size_t per_head, int d);
/* The same check for BF16 K and V (attn-bf16.c). */
AbAttnStatus ab__attn_check_finite_bf16 (const AbAttnShape *shape, int heads,
                                         const uint16_t *k, const uint16_t *v,
                                         AbAttnError *err);
void  ab__attn_clear_error (AbAttnError *err);
float ab__attn_scale (const AbAttnShape *shape);
int   ab__attn_threads (const AbAttnOptions *opts);
size_t ab__attn_budget (const AbAttnOptions *opts);

/* ---- masks ----
 * Query row i of a block sits at position q_pos0 + i; key j at kv_pos0 + j.
 * The keys a row may see form one interval [lo, hi] of local key indices
 * (lo > hi when the row sees nothing). lo and hi never decrease with i. */
typedef struct
{
  int  causal;
  int  window;
  long q_pos0;
  long kv_pos0;
  int  n_kv;
} AbMask;

static inline void
ab__mask_interval (const AbMask *mk, long i, long *lo, long *hi)
{
  long p = mk->q_pos0 + i - mk->kv_pos0;   /* query position in local key coordinates */
  long a = 0, b = mk->n_kv - 1;
  if (mk->causal && p < b)
    b = p;
  if (mk->window > 0)
    {
      if (p - mk->window + 1 > a)
        a = p - mk->window + 1;
      if (!mk->causal && p + mk->window - 1 < b)
        b = p + mk->window - 1;
    }
  *lo = a;
  *hi = b;
}

static inline int
ab__mask_active (const AbMask *mk)
{
  return mk->causal || mk->window > 0;
}

/* ---- vectorised row primitives (attn-simd.c) ---- */
/* max of x[0..n) (−inf for n = 0) */
float ab__row_max (const float *x, int n);
/* x[i] = exp(x[i] − m), returns Σ x[i]; exp of −inf is exactly 0.
 * Requires m finite. */
float ab__row_exp_sum (float *x, int n, float m);
/* x[i] *= a */
void  ab__row_scale (float *x, int n, float a);
/* y[i] = a·y[i] + b·x[i] */
void  ab__row_axpby (float *y, const float *x, int n, float a, float b);

/* ---- threads ---- */
typedef void (*AbParallelFunc) (void *data, int worker, long item);
/* Runs func(data, worker, item) for item in [0, n_items) on n_threads
 * threads (dynamic scheduling). Returns 0 on success. */
int ab__parallel_for (int n_threads, long n_items, AbParallelFunc func, void *data);

/* OpenBLAS thread count (no-op when the symbol is absent). */
void ab__blas_threads (int n);

double ab__now (void);

/* ---- blockwise FA2 (attn-flash.c), used by ring attention ----
 * One head, one thread: O and lse of n_q query rows against n_kv keys with
 * the given mask positions. buf holds ab__flash2_block_floats(br, bc, d). */
size_t ab__flash2_block_floats (int br, int bc, int d);
int    ab__flash2_block (int n_q, int n_kv, int d, float scale, const AbMask *mask,
                         int br, int bc, const float *q, const float *k,
                         const float *v, float *o, float *lse, float *buf);

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-backward-ref.c — the attention backward pass in double precision
 *
 * The slow, obviously right version that `attn-kernels run --backward
 * --check` and the backward diagram measure ab_flash_backward against:
 * one query row at a time, softmax row P_i in double (two passes: max,
 * then exp and sum), dP_i = dO_i Vᵀ, D_i = Σ_j P_ij dP_ij, dS_i = P_i ∘
 * (dP_i − D_i), then dQ_i = scale·dS_i K, dK += scale·dS_iᵀ Q_i,
 * dV += P_iᵀ dO_i. Same shapes and masks as the kernels (attention.h);
 * memory O(N_kv) doubles, time 5·N_q·N_kv·d multiply-adds per head on one
 * thread. The test suite has its own independent reference (it
 * materialises P) and checks both against finite differences.
 */
#include "attn-private.h"

#include <stdlib.h>
#include <string.h>

static void
head_backward (const AbAttnShape *s, const AbMask *mk, double scale, const float *q,
               const float *k, const float *v, const float *g, double *dq, double *dk,
               double *dv, double *p, double *dp)
{
  const int nkv = s->n_kv, d = s->d;
  memset (dk, 0, sizeof (double) * (size_t) nkv * d);
  memset (dv, 0, sizeof (double) * (size_t) nkv * d);
  for (int i = 0; i < s->n_q; i++)
    {
      const float *qi = q + (size_t) i * d, *gi = g + (size_t) i * d;
      double *dqi = dq + (size_t) i * d;
      memset (dqi, 0, sizeof (double) * d);
      long lo, hi;
      ab__mask_interval (mk, i, &lo, &hi);
      if (lo > hi)
        continue;   /* sees no key: zero gradient */
      double m = -INFINITY, sum = 0, dsum = 0;
      for (long j = lo; j <= hi; j++)
        {
          double acc = 0;
          for (int c = 0; c < d; c++)
            acc += (double) qi[c] * (double) k[(size_t) j * d + c];
          p[j] = acc * scale;
          if (p[j] > m)
            m = p[j];
        }
      for (long j = lo; j <= hi; j++)
        {
          p[j] = exp (p[j] - m);
          sum += p[j];
        }
      for (long j = lo; j <= hi; j++)
        {
          p[j] /= sum;
          double acc = 0;
          for (int c = 0; c < d; c++)
            acc += (double) gi[c] * (double) v[(size_t) j * d + c];
          dp[j] = acc;
          dsum += p[j] * acc;
        }
      for (long j = lo; j <= hi; j++)
        {
          double ds = p[j] * (dp[j] - dsum);
          const float *kj = k + (size_t) j * d;
          double *dkj = dk + (size_t) j * d, *dvj = dv + (size_t) j * d;
          for (int c = 0; c < d; c++)
            {
              dqi[c] += scale * ds * (double) kj[c];
              dkj[c] += scale * ds * (double) qi[c];
              dvj[c] += p[j] * (double) gi[c];
            }
        }
    }
}

AbAttnStatus
ab_attention_backward_reference (const AbAttnShape *shape, int heads, const float *q,
                                 const float *k, const float *v, const float *dout,
                                 double *dq, double *dk, double *dv, AbAttnError *err)
{
  /* ab__attn_check wants an output pointer: dout stands in for it */
  AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, dout, err);
  if (st != AB_ATTN_OK)
    return st;
  if (!dq || !dk || !dv)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "NULL gradient array");
  if ((st = ab__attn_check_finite (shape, heads, q, k, v, err)) != AB_ATTN_OK)
    return st;
  const size_t nqd = (size_t) heads * shape->n_q * shape->d;
  for (size_t i = 0; i < nqd; i++)
    if (!isfinite (dout[i]))
      return ab__attn_fail (err, AB_ATTN_E_NONFINITE, "dO[%zu] is not finite: inputs must be finite", i);

  double *p = malloc (2 * sizeof (double) * (size_t) shape->n_kv);
  if (!p)
    return ab__attn_fail (err, AB_ATTN_E_NOMEM, "out of memory for one score row");
  AbMask mk = { shape->causal, shape->window, (long) shape->n_kv - shape->n_q, 0, shape->n_kv };
  const double scale = ab__attn_scale (shape);
  const size_t a = (size_t) shape->n_q * shape->d, b = (size_t) shape->n_kv * shape->d;
  for (int h = 0; h < heads; h++)
    head_backward (shape, &mk, scale, q + h * a, k + h * b, v + h * b, dout + h * a,
                   dq + h * a, dk + h * b, dv + h * b, p, p + shape->n_kv);
  free (p);
  return AB_ATTN_OK;
}

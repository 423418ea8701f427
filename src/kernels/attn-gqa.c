/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-gqa.c — grouped-query attention over the exact kernels (see attn-gqa.h) */
#include "attn-gqa.h"

#include <math.h>
#include <string.h>

#include "attn-error.h"

int
ab_gqa_kv_head (int h, int q_heads, int kv_heads)
{
  if (q_heads < 1 || kv_heads < 1 || q_heads % kv_heads != 0 || h < 0 || h >= q_heads)
    return -1;
  return h / (q_heads / kv_heads);
}

/* Refuse NaN/±inf before the first call, so that (as attention.h promises)
 * nothing is written when any head's input is bad. */
static AbAttnStatus
check_finite (const char *name, const float *x, size_t n, AbAttnError *err)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return ab_attn_error_set (err, AB_ATTN_E_NONFINITE, "%s[%zu] is %s: inputs must be finite",
                   name, i, isnan (x[i]) ? "nan" : (x[i] > 0 ? "inf" : "-inf"));
  return AB_ATTN_OK;
}

static void
add_stats (AbAttnStats *sum, const AbAttnStats *one)
{
  if (one->extra_bytes > sum->extra_bytes)
    sum->extra_bytes = one->extra_bytes;
  sum->hbm_read_bytes += one->hbm_read_bytes;
  sum->hbm_write_bytes += one->hbm_write_bytes;
  if (one->sram_peak_bytes > sum->sram_peak_bytes)
    sum->sram_peak_bytes = one->sram_peak_bytes;
  if (one->threads_used > sum->threads_used)
    sum->threads_used = one->threads_used;
}

AbAttnStatus
ab_attention_gqa (AbAttnAlgo algo, const AbAttnShape *shape, int q_heads,
                  int kv_heads, const float *q, const float *k, const float *v,
                  float *o, float *lse, const AbAttnOptions *opts,
                  AbAttnStats *stats, AbAttnError *err)
{
  if (err)
    memset (err, 0, sizeof *err);
  if (!shape || !q || !k || !v || !o)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "NULL shape, Q, K, V or O");
  if (q_heads < 1 || kv_heads < 1 || q_heads % kv_heads != 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                 "%d query heads cannot share %d K/V heads: H_q must be a positive "
                 "multiple of H_kv", q_heads, kv_heads);
  if (shape->n_q < 1 || shape->n_kv < 1 || shape->d < 1)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "n_q, n_kv and d must be ≥ 1 (got %d, %d, %d)",
                 shape->n_q, shape->n_kv, shape->d);
  const int G = q_heads / kv_heads;
  const size_t d = (size_t) shape->d;
  const size_t q_head = (size_t) shape->n_q * d, kv_head = (size_t) shape->n_kv * d;
  if (G > 1 && (size_t) G * (size_t) shape->n_q > (size_t) 0x7fffffff)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "G·N_q = %d·%d overflows an int", G, shape->n_q);
  AbAttnStatus st;
  if ((st = check_finite ("Q", q, (size_t) q_heads * q_head, err)) != AB_ATTN_OK
      || (st = check_finite ("K", k, (size_t) kv_heads * kv_head, err)) != AB_ATTN_OK
      || (st = check_finite ("V", v, (size_t) kv_heads * kv_head, err)) != AB_ATTN_OK)
    return st;

  AbAttnStats total = { 0 };
  const int masked = shape->causal || shape->window > 0;
  if (!masked && G > 1)
    {
      /* The group's G query heads as one head of G·N_q rows. */
      AbAttnShape packed = *shape;
      packed.n_q = G * shape->n_q;
      for (int g = 0; g < kv_heads; g++)
        {
          AbAttnStats one = { 0 };
          size_t qo = (size_t) g * G * q_head;
          st = ab_attention_run (algo, &packed, 1, q + qo, k + g * kv_head, v + g * kv_head,
                                 o + qo, lse ? lse + (size_t) g * G * shape->n_q : NULL,
                                 opts, &one, err);
          if (st != AB_ATTN_OK)
            return st;
          add_stats (&total, &one);
        }
    }
  else if (G == 1)
    {
      /* MHA: the kernels take every head in one call. */
      st = ab_attention_run (algo, shape, q_heads, q, k, v, o, lse, opts, &total, err);
      if (st != AB_ATTN_OK)
        return st;
    }
  else
    {
      for (int h = 0; h < q_heads; h++)
        {
          AbAttnStats one = { 0 };
          int g = h / G;
          st = ab_attention_run (algo, shape, 1, q + h * q_head, k + g * kv_head,
                                 v + g * kv_head, o + h * q_head,
                                 lse ? lse + (size_t) h * shape->n_q : NULL, opts, &one, err);
          if (st != AB_ATTN_OK)
            return st;
          add_stats (&total, &one);
        }
    }
  if (stats)
    *stats = total;
  return AB_ATTN_OK;
}

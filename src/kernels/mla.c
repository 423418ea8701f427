/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mla.c — multi-head latent attention, explicit and absorbed (see mla.h) */
#include "mla.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attn-error.h"
#include "attn-gqa.h"

static AbAttnStatus
check_dims (const AbMlaDims *d, const AbMlaWeights *w, AbAttnError *err)
{
  if (!d || !w)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "NULL dims or weights");
  if (d->d_model < 1 || d->n_heads < 1 || d->d_head < 1 || d->d_latent < 1
      || d->d_rope < 0 || d->d_rope % 2 != 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "MLA dims: d_model, heads, d_head and d_c must be ≥ 1 and "
                              "d_rope even ≥ 0 (got %d, %d, %d, %d, %d)",
                              d->d_model, d->n_heads, d->d_head, d->d_latent, d->d_rope);
  if (!w->w_dkv || !w->w_uk || !w->w_uv || !w->w_q || !w->w_o
      || (d->d_rope > 0 && (!w->w_qr || !w->w_kr)))
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "a NULL MLA weight matrix");
  return AB_ATTN_OK;
}

static float
rope_base (const AbMlaDims *d)
{
  return d->rope_base > 0 ? d->rope_base : 10000.0f;
}

/* RoPE on rows of @dim values spaced @stride apart. */
static void
rope_strided (float *x, int n, int dim, size_t stride, int pos0, float base)
{
  for (int r = 0; r < n; r++)
    {
      float *row = x + (size_t) r * stride;
      for (int j = 0; j < dim / 2; j++)
        {
          double theta = (double) (pos0 + r) * pow ((double) base, -2.0 * j / dim);
          double cs = cos (theta), sn = sin (theta);
          double a = row[2 * j], b = row[2 * j + 1];
          row[2 * j] = (float) (a * cs - b * sn);
          row[2 * j + 1] = (float) (a * sn + b * cs);
        }
    }
}

void
ab_mla_rope (float *x, int n, int dim, int pos0, float base)
{
  if (x && n > 0 && dim > 0 && dim % 2 == 0)
    rope_strided (x, n, dim, (size_t) dim, pos0, base > 0 ? base : 10000.0f);
}

/* C[m, n] (ldc) = A[m, k] (lda) · B[n, k]ᵀ (ldb) + beta·C: rows of A
 * through the "out × in" matrix B. */
static void
rows_times_wt (int m, int n, int k, const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, a, lda, b, ldb,
               beta, c, ldc);
}

size_t
ab_mla_explicit_values_per_token (const AbMlaDims *d)
{
  return (size_t) d->n_heads * (2 * (size_t) d->d_head + (size_t) d->d_rope);
}

size_t
ab_mla_latent_values_per_token (const AbMlaDims *d)
{
  return (size_t) d->d_latent + (size_t) d->d_rope;
}

AbAttnStatus
ab_mla_absorb (const AbMlaDims *d, const AbMlaWeights *w, AbMlaAbsorbed *out,
               AbAttnError *err)
{
  AbAttnStatus st = check_dims (d, w, err);
  if (st != AB_ATTN_OK)
    return st;
  if (!out)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "NULL output");
  const int H = d->n_heads, dh = d->d_head, dc = d->d_latent, dm = d->d_model;
  out->w_q_absorbed = malloc (sizeof (float) * (size_t) H * dc * dm);
  out->w_o_absorbed = malloc (sizeof (float) * (size_t) dm * H * dc);
  if (!out->w_q_absorbed || !out->w_o_absorbed)
    {
      ab_mla_absorbed_clear (out);
      return ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory absorbing MLA weights");
    }
  for (int i = 0; i < H; i++)
    {
      /* W̃_Q,i [d_c, d_model] = W_UK,iᵀ [d_c, d_h] · W_Q,i [d_h, d_model] */
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, dc, dm, dh, 1.0f,
                   w->w_uk + (size_t) i * dh * dc, dc, w->w_q + (size_t) i * dh * dm, dm,
                   0.0f, out->w_q_absorbed + (size_t) i * dc * dm, dm);
      /* W̃_O,i [d_model, d_c] = W_O[:, i·d_h …] [d_model, d_h] · W_UV,i [d_h, d_c] */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, dm, dc, dh, 1.0f,
                   w->w_o + (size_t) i * dh, H * dh, w->w_uv + (size_t) i * dh * dc, dc,
                   0.0f, out->w_o_absorbed + (size_t) i * dc, H * dc);
    }
  return AB_ATTN_OK;
}

void
ab_mla_absorbed_clear (AbMlaAbsorbed *a)
{
  if (!a)
    return;
  free (a->w_q_absorbed);
  free (a->w_o_absorbed);
  a->w_q_absorbed = a->w_o_absorbed = NULL;
}

AbAttnStatus
ab_mla_cache_init (AbMlaCache *cache, const AbMlaDims *d, int capacity, AbAttnError *err)
{
  if (!cache || !d || capacity < 1 || d->d_latent < 1 || d->d_rope < 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "bad MLA cache arguments");
  *cache = (AbMlaCache) { d->d_latent, d->d_rope, 0, capacity, NULL };
  cache->rows = malloc (sizeof (float) * (size_t) capacity * (d->d_latent + d->d_rope));
  if (!cache->rows)
    return ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory for an MLA cache of %d tokens",
                              capacity);
  return AB_ATTN_OK;
}

void
ab_mla_cache_clear (AbMlaCache *cache)
{
  if (!cache)
    return;
  free (cache->rows);
  cache->rows = NULL;
  cache->n = cache->capacity = 0;
}

int
ab_mla_cache_values_per_token (const AbMlaCache *cache)
{
  return cache ? cache->d_latent + cache->d_rope : 0;
}

AbAttnStatus
ab_mla_cache_append (AbMlaCache *cache, const AbMlaDims *d, const AbMlaWeights *w,
                     const float *x, int m, AbAttnError *err)
{
  AbAttnStatus st = check_dims (d, w, err);
  if (st != AB_ATTN_OK)
    return st;
  if (!cache || !cache->rows || !x || m < 1 || cache->d_latent != d->d_latent
      || cache->d_rope != d->d_rope)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "bad MLA cache append arguments");
  if (m > cache->capacity - cache->n)
    {
      st = ab_attn_error_set (err, AB_ATTN_E_BUDGET,
                              "the MLA cache holds %d tokens; %d + %d do not fit",
                              cache->capacity, cache->n, m);
      if (err)
        {
          err->bytes_needed = sizeof (float) * (size_t) (cache->n + m)
                              * (cache->d_latent + cache->d_rope);
          err->budget = sizeof (float) * (size_t) cache->capacity
                        * (cache->d_latent + cache->d_rope);
        }
      return st;
    }
  const int dl = d->d_latent + d->d_rope;
  float *dst = cache->rows + (size_t) cache->n * dl;
  rows_times_wt (m, d->d_latent, d->d_model, x, d->d_model, w->w_dkv, d->d_model, 0.0f, dst, dl);
  if (d->d_rope > 0)
    {
      rows_times_wt (m, d->d_rope, d->d_model, x, d->d_model, w->w_kr, d->d_model, 0.0f,
                     dst + d->d_latent, dl);
      rope_strided (dst + d->d_latent, m, d->d_rope, (size_t) dl, cache->n, rope_base (d));
    }
  cache->n += m;
  return AB_ATTN_OK;
}

AbAttnStatus
ab_mla_forward_explicit (const AbMlaDims *d, const AbMlaWeights *w, AbAttnAlgo algo,
                         int n, const float *x, float *u, AbAttnError *err)
{
  AbAttnStatus st = check_dims (d, w, err);
  if (st != AB_ATTN_OK)
    return st;
  if (n < 1 || !x || !u)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "bad MLA explicit arguments");
  const int H = d->n_heads, dh = d->d_head, dr = d->d_rope, dc = d->d_latent;
  const int dm = d->d_model, dq = dh + dr;
  const size_t head = (size_t) n * dq;
  float *q = calloc ((size_t) H * head, sizeof (float));
  float *k = calloc ((size_t) H * head, sizeof (float));
  float *v = calloc ((size_t) H * head, sizeof (float));   /* RoPE columns stay 0 */
  float *o = malloc (sizeof (float) * (size_t) H * head);
  float *c = malloc (sizeof (float) * (size_t) n * dc);
  float *kr = malloc (sizeof (float) * (size_t) n * (dr > 0 ? dr : 1));
  if (!q || !k || !v || !o || !c || !kr)
    {
      st = ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory for explicit MLA");
      goto out;
    }
  rows_times_wt (n, dc, dm, x, dm, w->w_dkv, dm, 0.0f, c, dc);
  if (dr > 0)
    {
      rows_times_wt (n, dr, dm, x, dm, w->w_kr, dm, 0.0f, kr, dr);
      rope_strided (kr, n, dr, (size_t) dr, 0, rope_base (d));
    }
  for (int i = 0; i < H; i++)
    {
      float *qi = q + i * head, *ki = k + i * head, *vi = v + i * head;
      rows_times_wt (n, dh, dm, x, dm, w->w_q + (size_t) i * dh * dm, dm, 0.0f, qi, dq);
      rows_times_wt (n, dh, dc, c, dc, w->w_uk + (size_t) i * dh * dc, dc, 0.0f, ki, dq);
      rows_times_wt (n, dh, dc, c, dc, w->w_uv + (size_t) i * dh * dc, dc, 0.0f, vi, dq);
      if (dr > 0)
        {
          rows_times_wt (n, dr, dm, x, dm, w->w_qr + (size_t) i * dr * dm, dm, 0.0f,
                         qi + dh, dq);
          rope_strided (qi + dh, n, dr, (size_t) dq, 0, rope_base (d));
          for (int t = 0; t < n; t++)
            memcpy (ki + (size_t) t * dq + dh, kr + (size_t) t * dr, sizeof (float) * dr);
        }
    }
  AbAttnShape shape = { n, n, dq, 1.0f / sqrtf ((float) dq), 1, 0 };
  st = ab_attention_run (algo, &shape, H, q, k, v, o, NULL, NULL, NULL, err);
  if (st != AB_ATTN_OK)
    goto out;
  for (int i = 0; i < H; i++)
    rows_times_wt (n, dm, dh, o + i * head, dq, w->w_o + (size_t) i * dh, H * dh,
                   i ? 1.0f : 0.0f, u, dm);
out:
  free (q), free (k), free (v), free (o), free (c), free (kr);
  return st;
}

AbAttnStatus
ab_mla_forward_absorbed (const AbMlaDims *d, const AbMlaWeights *w,
                         const AbMlaAbsorbed *a, const AbMlaCache *cache,
                         AbAttnAlgo algo, int m, const float *x_last, float *u,
                         AbAttnError *err)
{
  AbAttnStatus st = check_dims (d, w, err);
  if (st != AB_ATTN_OK)
    return st;
  if (!a || !a->w_q_absorbed || !a->w_o_absorbed || !cache || !cache->rows || !x_last || !u
      || m < 1 || m > cache->n || cache->d_latent != d->d_latent || cache->d_rope != d->d_rope)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "bad MLA absorbed arguments (need 1 ≤ m ≤ cached tokens)");
  const int H = d->n_heads, dh = d->d_head, dr = d->d_rope, dc = d->d_latent;
  const int dm = d->d_model, dl = dc + dr;
  const size_t head = (size_t) m * dl;
  float *q = malloc (sizeof (float) * (size_t) H * head);
  float *o = malloc (sizeof (float) * (size_t) H * head);
  if (!q || !o)
    {
      st = ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory for absorbed MLA");
      goto out;
    }
  const int pos0 = cache->n - m;
  for (int i = 0; i < H; i++)
    {
      float *qi = q + i * head;
      /* q̃ = W̃_Q,i x: the query already in latent coordinates */
      rows_times_wt (m, dc, dm, x_last, dm, a->w_q_absorbed + (size_t) i * dc * dm, dm, 0.0f,
                     qi, dl);
      if (dr > 0)
        {
          rows_times_wt (m, dr, dm, x_last, dm, w->w_qr + (size_t) i * dr * dm, dm, 0.0f,
                         qi + dc, dl);
          rope_strided (qi + dc, m, dr, (size_t) dl, pos0, rope_base (d));
        }
    }
  /* One shared K/V row per token, [c; k^R], read straight from the cache;
   * the scale is the explicit form's 1/√(d_h + d_h^R). */
  AbAttnShape shape = { m, cache->n, dl, 1.0f / sqrtf ((float) (dh + dr)), 1, 0 };
  st = ab_attention_gqa (algo, &shape, H, 1, q, cache->rows, cache->rows, o, NULL, NULL, NULL,
                         err);
  if (st != AB_ATTN_OK)
    goto out;
  /* u = Σ_i W̃_O,i õ_i over the latent columns (the k^R columns of õ are dropped) */
  for (int i = 0; i < H; i++)
    rows_times_wt (m, dm, dc, o + i * head, dl, a->w_o_absorbed + (size_t) i * dc, H * dc,
                   i ? 1.0f : 0.0f, u, dm);
out:
  free (q), free (o);
  return st;
}

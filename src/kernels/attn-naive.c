/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-naive.c — standard attention (Algorithm 0 of FlashAttention,
 * Dao et al., arXiv:2205.14135; Vaswani et al., arXiv:1706.03762)
 *
 *   S = scale · Q Kᵀ        (cblas_sgemm, N_q × N_kv, written to memory)
 *   P = softmax(mask(S))    (row by row, max-subtracted so exp never overflows)
 *   O = P V                 (cblas_sgemm)
 *
 * This is the version whose N_q × N_kv score matrix is the O(N²) memory
 * problem the book is about: 4 bytes × 16,384² = 1 GiB per head in fp32. So
 * the kernel computes that size first and refuses, naming the bytes, when it
 * exceeds the memory budget, instead of being killed half-way.
 *
 * Heads run one after another and reuse one score buffer; the two products
 * use `threads` OpenBLAS threads and the softmax rows are split over our own.
 */
#include "attn-private.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

size_t
ab_attention_naive_bytes (const AbAttnShape *shape, int heads)
{
  (void) heads;   /* one score buffer, reused by every head */
  return (size_t) shape->n_q * (size_t) shape->n_kv * sizeof (float);
}

/* The one place the naive kernel decides what it may allocate: the kernel
 * itself calls this before malloc, so a caller that plans gets the same
 * bytes, the same budget and the same message. */
AbAttnStatus
ab_attention_naive_plan (const AbAttnShape *shape, const AbAttnOptions *opts,
                         size_t *bytes, AbAttnError *err)
{
  /* The plan reads no data: any non-NULL arrays let the shape be checked
   * exactly as the kernel checks it. */
  static const float no_data;
  AbAttnStatus st = ab__attn_check (shape, 1, &no_data, &no_data, &no_data, &no_data, err);
  if (st != AB_ATTN_OK)
    return st;

  size_t need = ab_attention_naive_bytes (shape, 1);
  size_t budget = ab__attn_budget (opts);
  if (bytes)
    *bytes = need;
  if (need > budget)
    return ab__attn_budget_fail (err, "naive attention's score matrix", need, budget);
  return AB_ATTN_OK;
}

typedef struct
{
  float       *s;
  float       *lse;
  int          n_kv;
  int          rows_per_item;
  int          n_q;
  AbMask       mask;
} SoftmaxJob;

static void
softmax_rows (void *data, int worker, long item)
{
  SoftmaxJob *job = data;
  int r0 = (int) item * job->rows_per_item;
  int r1 = r0 + job->rows_per_item < job->n_q ? r0 + job->rows_per_item : job->n_q;
  int masked = ab__mask_active (&job->mask);

  for (int i = r0; i < r1; i++)
    {
      float *row = job->s + (size_t) i * job->n_kv;
      if (masked)
        {
          long lo, hi;
          ab__mask_interval (&job->mask, i, &lo, &hi);
          if (lo > hi)
            {
              memset (row, 0, (size_t) job->n_kv * sizeof (float));
              if (job->lse)
                job->lse[i] = -INFINITY;
              continue;
            }
          for (long j = 0; j < lo; j++)
            row[j] = -INFINITY;
          for (long j = hi + 1; j < job->n_kv; j++)
            row[j] = -INFINITY;
        }
      float m = ab__row_max (row, job->n_kv);
      float sum = ab__row_exp_sum (row, job->n_kv, m);
      ab__row_scale (row, job->n_kv, 1.0f / sum);
      if (job->lse)
        job->lse[i] = m + logf (sum);
    }
}

AbAttnStatus
ab_attention_naive (const AbAttnShape *shape, int heads, const float *q,
                    const float *k, const float *v, float *o, float *lse,
                    const AbAttnOptions *opts, AbAttnStats *stats,
                    AbAttnError *err)
{
  size_t need = 0;
  AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, o, err);
  if (st == AB_ATTN_OK)
    st = ab_attention_naive_plan (shape, opts, &need, err);
  if (st == AB_ATTN_OK)
    st = ab__attn_check_finite (shape, heads, q, k, v, err);
  if (st != AB_ATTN_OK)
    return st;

  float *s = malloc (need);
  if (!s)
    return ab__attn_fail (err, AB_ATTN_E_NOMEM,
                          "could not allocate %zu bytes for the score matrix", need);

  const int nq = shape->n_q, nkv = shape->n_kv, d = shape->d;
  const float scale = ab__attn_scale (shape);
  const int threads = ab__attn_threads (opts);
  ab__blas_threads (threads);

  SoftmaxJob job = {
    .s = s, .n_kv = nkv, .n_q = nq,
    .rows_per_item = 16,
    .mask = { shape->causal, shape->window, (long) nkv - nq, 0, nkv },
  };
  long items = (nq + job.rows_per_item - 1) / job.rows_per_item;

  for (int h = 0; h < heads; h++)
    {
      const float *qh = q + (size_t) h * nq * d;
      const float *kh = k + (size_t) h * nkv * d;
      const float *vh = v + (size_t) h * nkv * d;
      float *oh = o + (size_t) h * nq * d;

      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, nq, nkv, d,
                   scale, qh, d, kh, d, 0.0f, s, nkv);
      job.lse = lse ? lse + (size_t) h * nq : NULL;
      ab__parallel_for (threads, items, softmax_rows, &job);
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, nq, d, nkv,
                   1.0f, s, nkv, vh, d, 0.0f, oh, d);
    }

  free (s);
  if (stats)
    {
      memset (stats, 0, sizeof *stats);
      stats->extra_bytes = need;
      ab_attention_standard_io (shape, &stats->hbm_read_bytes, &stats->hbm_write_bytes);
      stats->hbm_read_bytes *= (uint64_t) heads;
      stats->hbm_write_bytes *= (uint64_t) heads;
      stats->threads_used = threads;
    }
  return AB_ATTN_OK;
}

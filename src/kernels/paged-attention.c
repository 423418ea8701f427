/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paged-attention.c — attention that reads K/V through a block table
 *
 * The PagedAttention kernel (Kwon et al., arXiv:2309.06180, §4.1): for each
 * query row, walk the sequence's logical blocks in order, fetch physical
 * block table[j], score the block's tokens, and fold them into a running
 * max m, sum ℓ and un-normalised output — the online softmax (Milakov &
 * Gimelshein, arXiv:1805.02867) one KV block at a time, so the K/V never
 * need to be contiguous. One block of scores lives at a time. fp32 on one
 * thread: a model of the memory access, not a fast kernel.
 */
#include "paged-kv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attn-error.h"

AbAttnStatus
ab_paged_attention (const AbPagedPool *p, int seq, const AbAttnShape *shape,
                    int q_heads, const float *q, float *o, float *lse, AbAttnError *err)
{
  if (err)
    memset (err, 0, sizeof *err);
  if (!p || !p->k || !shape || !q || !o)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "paged attention needs a pool with K/V values, a shape, Q and O");
  if (seq < 0 || seq >= p->n_seqs || !p->seqs[seq].live)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "no live sequence %d", seq);
  const AbPagedSeq *s = &p->seqs[seq];
  const int d = shape->d, nq = shape->n_q, B = p->block_size;
  if (shape->n_kv != s->n_tokens || d != p->head_dim || nq < 1 || shape->window < 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "shape (n_kv %d, d %d) does not match sequence %d (%d tokens, "
                              "head_dim %d), or n_q < 1", shape->n_kv, d, seq, s->n_tokens,
                              p->head_dim);
  if (q_heads < 1 || q_heads % p->kv_heads != 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "%d query heads cannot share %d K/V heads", q_heads, p->kv_heads);
  for (size_t i = 0; i < (size_t) q_heads * nq * d; i++)
    if (!isfinite (q[i]))
      return ab_attn_error_set (err, AB_ATTN_E_NONFINITE, "Q[%zu] is %s: inputs must be finite",
                                i, isnan (q[i]) ? "nan" : (q[i] > 0 ? "inf" : "-inf"));
  for (int j = 0; j < s->n_blocks; j++)
    for (int g = 0; g < p->kv_heads; g++)
      {
        size_t off = (((size_t) s->table[j] * p->kv_heads + g) * B) * d;
        for (size_t e = 0; e < (size_t) p->fill[s->table[j]] * d; e++)
          if (!isfinite (p->k[off + e]) || !isfinite (p->v[off + e]))
            return ab_attn_error_set (err, AB_ATTN_E_NONFINITE,
                                      "%s of token %zu, K/V head %d, is not finite",
                                      isfinite (p->k[off + e]) ? "V" : "K",
                                      (size_t) j * B + e / d, g);
      }
  const int G = q_heads / p->kv_heads;
  const float scale = shape->scale > 0 ? shape->scale : 1.0f / sqrtf ((float) d);
  float *sc = malloc (sizeof (float) * B);
  float *acc = malloc (sizeof (float) * d);
  if (!sc || !acc)
    {
      free (sc), free (acc);
      return ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory");
    }
  for (int h = 0; h < q_heads; h++)
    {
      const int g = h / G;
      for (int i = 0; i < nq; i++)
        {
          const float *qi = q + ((size_t) h * nq + i) * d;
          const long pos = (long) i + s->n_tokens - nq;   /* bottom-right aligned */
          long lo = 0, hi = s->n_tokens - 1;
          if (shape->causal && pos < hi)
            hi = pos;
          if (shape->window > 0)
            {
              if (pos - shape->window + 1 > lo)
                lo = pos - shape->window + 1;
              if (!shape->causal && pos + shape->window - 1 < hi)
                hi = pos + shape->window - 1;
            }
          float m = -INFINITY, l = 0;
          memset (acc, 0, sizeof (float) * d);
          for (int j = 0; j < s->n_blocks; j++)
            {
              long t0 = (long) j * B, t1 = t0 + p->fill[s->table[j]];   /* [t0, t1) */
              long a = t0 > lo ? t0 : lo, b = t1 - 1 < hi ? t1 - 1 : hi;
              if (a > b)
                continue;
              const float *kb = p->k + (((size_t) s->table[j] * p->kv_heads + g) * B) * d;
              const float *vb = p->v + (((size_t) s->table[j] * p->kv_heads + g) * B) * d;
              float bm = -INFINITY;
              for (long t = a; t <= b; t++)
                {
                  const float *kr = kb + (size_t) (t - t0) * d;
                  float dot = 0;
                  for (int c = 0; c < d; c++)
                    dot += qi[c] * kr[c];
                  sc[t - a] = dot * scale;
                  if (sc[t - a] > bm)
                    bm = sc[t - a];
                }
              float mn = m > bm ? m : bm;
              float r = expf (m - mn);        /* exp(−inf) = 0 on the first block */
              l *= r;
              for (int c = 0; c < d; c++)
                acc[c] *= r;
              for (long t = a; t <= b; t++)
                {
                  float e = expf (sc[t - a] - mn);
                  const float *vr = vb + (size_t) (t - t0) * d;
                  l += e;
                  for (int c = 0; c < d; c++)
                    acc[c] += e * vr[c];
                }
              m = mn;
            }
          float *oi = o + ((size_t) h * nq + i) * d;
          if (l > 0)
            for (int c = 0; c < d; c++)
              oi[c] = acc[c] / l;
          else
            memset (oi, 0, sizeof (float) * d);
          if (lse)
            lse[(size_t) h * nq + i] = l > 0 ? m + logf (l) : -INFINITY;
        }
    }
  free (sc), free (acc);
  return AB_ATTN_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-chunked.c — Rabe & Staats' chunked exact attention with its memory
 * counter (see attn-chunked.h). */
#include "attn-chunked.h"
#include "attn-approx-private.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

static void
resolve (const AbChunkedConfig *cfg, int n_q, int n_kv, int *qc, int *kc)
{
  int q = cfg && cfg->q_chunk > 0 ? cfg->q_chunk : AB_CHUNKED_DEFAULT_Q_CHUNK;
  int k = cfg && cfg->kv_chunk > 0 ? cfg->kv_chunk : AB_CHUNKED_DEFAULT_KV_CHUNK;
  *qc = q < n_q ? q : n_q;
  *kc = k < n_kv ? k : n_kv;
}

size_t
ab_chunked_bytes (int n_q, int n_kv, int d, const AbChunkedConfig *cfg)
{
  if (n_q < 1 || n_kv < 1 || d < 1)
    return 0;
  int qc, kc;
  resolve (cfg, n_q, n_kv, &qc, &kc);
  size_t n_kvc = ((size_t) n_kv + kc - 1) / kc;
  return sizeof (float) * ((size_t) qc * kc + n_kvc * qc * ((size_t) d + 2));
}

AbApproxStatus
ab_chunked_attention (int n_q, int n_kv, int d, const float *q, const float *k, const float *v,
                      const AbChunkedConfig *cfg, float *o, float *lse, AbChunkedStats *stats,
                      AbApproxError *err)
{
  if (n_q < 1 || n_kv < 1 || d < 1 || !q || !k || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "chunked attention needs n_q, n_kv, d ≥ 1 and Q, K, V, O");
  if ((cfg && (cfg->q_chunk < 0 || cfg->kv_chunk < 0)))
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "chunk sizes must be ≥ 0 (0 = default)");
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "Q", q, (size_t) n_q * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "K", k, (size_t) n_kv * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) n_kv * d)) != AB_APPROX_OK)
    return st;

  int qc, kc;
  resolve (cfg, n_q, n_kv, &qc, &kc);
  int n_qc = (n_q + qc - 1) / qc, n_kvc = (n_kv + kc - 1) / kc;
  int causal = cfg && cfg->causal;
  float sc = (float) ab__approx_scale (cfg ? cfg->scale : 0, d);
  long shift = (long) n_kv - n_q;   /* query i sits at position i + shift */

  float *s = malloc ((size_t) qc * kc * sizeof *s);
  float *values = malloc ((size_t) n_kvc * qc * d * sizeof *values);
  float *weights = malloc ((size_t) n_kvc * qc * sizeof *weights);
  float *maxes = malloc ((size_t) n_kvc * qc * sizeof *maxes);
  double *acc = malloc ((size_t) d * sizeof *acc);
  if (!s || !values || !weights || !maxes || !acc)
    {
      free (acc);
      free (s);
      free (values);
      free (weights);
      free (maxes);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "chunked attention: out of memory");
    }

  uint64_t scores = 0, computed = 0, skipped = 0;
  for (int a = 0; a < n_qc; a++)
    {
      int q0 = a * qc, rows = n_q - q0 < qc ? n_q - q0 : qc;
      long last_pos = q0 + rows - 1 + shift;
      for (int b = 0; b < n_kvc; b++)
        {
          int k0 = b * kc, cols = n_kv - k0 < kc ? n_kv - k0 : kc;
          float *val = values + (size_t) b * qc * d;
          float *wt = weights + (size_t) b * qc, *mx = maxes + (size_t) b * qc;
          if (causal && k0 > last_pos)
            {
              /* every key of this chunk lies after every query: an empty summary */
              for (int r = 0; r < rows; r++)
                {
                  mx[r] = -INFINITY;
                  wt[r] = 0;
                }
              skipped++;
              continue;
            }
          computed++;
          scores += (uint64_t) rows * cols;
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, cols, d, sc,
                       q + (size_t) q0 * d, d, k + (size_t) k0 * d, d, 0.0f, s, cols);
          for (int r = 0; r < rows; r++)
            {
              float *row = s + (size_t) r * cols;
              long pos = q0 + r + shift;
              float m = -INFINITY;
              for (int c = 0; c < cols; c++)
                {
                  if (causal && k0 + c > pos)
                    row[c] = -INFINITY;
                  if (row[c] > m)
                    m = row[c];
                }
              double sum = 0;
              for (int c = 0; c < cols; c++)
                {
                  row[c] = m == -INFINITY ? 0.0f : expf (row[c] - m);
                  sum += row[c];
                }
              mx[r] = m;
              wt[r] = (float) sum;
            }
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, d, cols, 1.0f, s, cols,
                       v + (size_t) k0 * d, d, 0.0f, val, d);
        }
      /* combine the key chunks' summaries */
      for (int r = 0; r < rows; r++)
        {
          float big = -INFINITY;
          for (int b = 0; b < n_kvc; b++)
            if (maxes[(size_t) b * qc + r] > big)
              big = maxes[(size_t) b * qc + r];
          float *out = o + (size_t) (q0 + r) * d;
          if (big == -INFINITY)
            {
              memset (out, 0, (size_t) d * sizeof *out);
              if (lse)
                lse[q0 + r] = -INFINITY;
              continue;
            }
          double total = 0;
          memset (acc, 0, (size_t) d * sizeof *acc);
          for (int b = 0; b < n_kvc; b++)
            {
              float m = maxes[(size_t) b * qc + r];
              if (m == -INFINITY)
                continue;
              double f = exp ((double) m - big);
              const float *val = values + ((size_t) b * qc + r) * d;
              total += f * weights[(size_t) b * qc + r];
              for (int c = 0; c < d; c++)
                acc[c] += f * val[c];
            }
          for (int c = 0; c < d; c++)
            out[c] = (float) (acc[c] / total);
          if (lse)
            lse[q0 + r] = (float) (big + log (total));
        }
    }
  if (stats)
    {
      stats->flops = 4 * (uint64_t) d * scores;
      stats->peak_bytes = ab_chunked_bytes (n_q, n_kv, d, cfg);
      stats->n_q_chunks = n_qc;
      stats->n_kv_chunks = n_kvc;
      stats->chunks_computed = computed;
      stats->chunks_skipped = skipped;
    }
  free (acc);
  free (s);
  free (values);
  free (weights);
  free (maxes);
  return AB_APPROX_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-performer.c — FAVOR+ random features (orthogonal blocks, positive
 * exp features, ReLU variant) and Performer attention (see attn-performer.h). */
#include "attn-performer.h"
#include "attn-approx-private.h"
#include "ab-rng.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

void
ab_performer_config_init (AbPerformerConfig *cfg, int d, int m)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->d = d;
  cfg->m = m;
  cfg->orthogonal = 1;
  cfg->kernel = AB_PERFORMER_POSITIVE;
  cfg->seed = 0xfa7035;
}

static AbApproxStatus
check_config (const AbPerformerConfig *cfg, AbApproxError *err)
{
  if (!cfg || cfg->d < 1 || cfg->d > 4096 || cfg->m < 1 || cfg->m > AB_PERFORMER_MAX_FEATURES)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "Performer needs 1 ≤ d ≤ 4096 and 1 ≤ m ≤ %d",
                            AB_PERFORMER_MAX_FEATURES);
  if (cfg->kernel != AB_PERFORMER_POSITIVE && cfg->kernel != AB_PERFORMER_RELU)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "unknown Performer kernel %d",
                            (int) cfg->kernel);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_performer_draw (const AbPerformerConfig *cfg, float *w, AbApproxError *err)
{
  AbApproxStatus st = check_config (cfg, err);
  if (st != AB_APPROX_OK)
    return st;
  if (!w)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "Performer features output is NULL");
  int d = cfg->d, m = cfg->m;
  AbRng rng;
  ab_rng_init (&rng, cfg->seed);
  if (!cfg->orthogonal)
    {
      ab_rng_fill_normal (&rng, w, m * d, 1.0);
      return AB_APPROX_OK;
    }
  double *block = malloc ((size_t) d * d * sizeof *block);
  if (!block)
    return ab__approx_fail (err, AB_APPROX_E_NOMEM, "Performer features: out of memory");
  for (int b0 = 0; b0 < m; b0 += d)
    {
      int rows = m - b0 < d ? m - b0 : d;
      for (int e = 0; e < d * d; e++)
        block[e] = ab_rng_normal (&rng);
      /* modified Gram–Schmidt on the rows, twice for orthogonality to
       * rounding ("twice is enough") */
      for (int i = 0; i < d; i++)
        {
          double *ri = block + (size_t) i * d;
          for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j < i; j++)
              {
                const double *rj = block + (size_t) j * d;
                double dot = 0;
                for (int c = 0; c < d; c++)
                  dot += ri[c] * rj[c];
                for (int c = 0; c < d; c++)
                  ri[c] -= dot * rj[c];
              }
          double norm = 0;
          for (int c = 0; c < d; c++)
            norm += ri[c] * ri[c];
          norm = sqrt (norm);
          for (int c = 0; c < d; c++)
            ri[c] /= norm;
        }
      for (int i = 0; i < rows; i++)
        {
          /* the length of an independent N(0, I_d) vector (χ with d dof) */
          double len = 0;
          for (int c = 0; c < d; c++)
            {
              double g = ab_rng_normal (&rng);
              len += g * g;
            }
          len = sqrt (len);
          for (int c = 0; c < d; c++)
            w[(size_t) (b0 + i) * d + c] = (float) (block[(size_t) i * d + c] * len);
        }
    }
  free (block);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_performer_features (const AbPerformerConfig *cfg, const float *w, const float *x, int n,
                       double scale, AbPerformerStab stab, float *phi, AbApproxError *err)
{
  AbApproxStatus st = check_config (cfg, err);
  if (st != AB_APPROX_OK)
    return st;
  if (!w || !x || !phi || n < 1)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "Performer features need W, X, φ and n ≥ 1");
  int d = cfg->d, m = cfg->m;
  if ((st = ab__approx_check_finite (err, "X", x, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "W", w, (size_t) m * d)) != AB_APPROX_OK)
    return st;
  double root = sqrt (ab__approx_scale (scale, d)), inv_sqrt_m = 1.0 / sqrt ((double) m);
  double *proj = malloc ((size_t) n * m * sizeof *proj);
  double *half_sq = malloc ((size_t) n * sizeof *half_sq);
  if (!proj || !half_sq)
    {
      free (proj);
      free (half_sq);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "Performer features: out of memory");
    }
  double *xd = malloc ((size_t) n * d * sizeof *xd), *wd = malloc ((size_t) m * d * sizeof *wd);
  if (!xd || !wd)
    {
      free (xd);
      free (wd);
      free (proj);
      free (half_sq);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "Performer features: out of memory");
    }
  for (size_t e = 0; e < (size_t) n * d; e++)
    xd[e] = x[e];
  for (size_t e = 0; e < (size_t) m * d; e++)
    wd[e] = w[e];
  /* proj = √scale · X Wᵀ (n × m) */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, m, d, root, xd, d, wd, d, 0.0, proj, m);
  for (int i = 0; i < n; i++)
    {
      const double *xi = xd + (size_t) i * d;
      double sq = 0;
      for (int c = 0; c < d; c++)
        sq += xi[c] * xi[c];
      half_sq[i] = 0.5 * root * root * sq;
    }
  free (xd);
  free (wd);
  if (cfg->kernel == AB_PERFORMER_RELU)
    for (size_t e = 0; e < (size_t) n * m; e++)
      phi[e] = (float) (proj[e] > 0 ? proj[e] * inv_sqrt_m : 0.0);
  else
    {
      /* exponent w·x − ‖x‖²/2 and the stabiliser to subtract from it */
      double global = -INFINITY;
      for (int i = 0; i < n; i++)
        for (int a = 0; a < m; a++)
          {
            double e = proj[(size_t) i * m + a] - half_sq[i];
            proj[(size_t) i * m + a] = e;
            if (e > global)
              global = e;
          }
      for (int i = 0; i < n; i++)
        {
          double *row = proj + (size_t) i * m, shift = 0;
          if (stab == AB_PERFORMER_STAB_GLOBAL)
            shift = global;
          else if (stab == AB_PERFORMER_STAB_ROW)
            {
              shift = -INFINITY;
              for (int a = 0; a < m; a++)
                if (row[a] > shift)
                  shift = row[a];
            }
          for (int a = 0; a < m; a++)
            phi[(size_t) i * m + a] = (float) (exp (row[a] - shift) * inv_sqrt_m);
        }
    }
  free (proj);
  free (half_sq);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_performer_attention (const AbPerformerConfig *cfg, const float *w, int n, const float *q,
                        const float *k, const float *v, float scale, int causal,
                        AbFeatureForm form, float *o, double *a, AbPerformerStats *stats,
                        AbApproxError *err)
{
  AbApproxStatus st = check_config (cfg, err);
  if (st != AB_APPROX_OK)
    return st;
  if (n < 1 || !w || !q || !k || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "Performer attention needs n ≥ 1 and W, Q, K, V, O");
  int m = cfg->m, d = cfg->d;
  float *pq = malloc ((size_t) n * m * sizeof *pq), *pk = malloc ((size_t) n * m * sizeof *pk);
  if (!pq || !pk)
    {
      free (pq);
      free (pk);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "Performer attention: out of memory");
    }
  AbFeatureStats fs = { 0 };
  st = ab_performer_features (cfg, w, q, n, scale, AB_PERFORMER_STAB_ROW, pq, err);
  if (st == AB_APPROX_OK)
    st = ab_performer_features (cfg, w, k, n, scale, AB_PERFORMER_STAB_GLOBAL, pk, err);
  if (st == AB_APPROX_OK)
    st = ab_feature_attention (n, m, d, pq, pk, v, causal, form, o, a, &fs, err);
  if (st == AB_APPROX_OK && stats)
    {
      stats->feature_flops = 2 * 2 * (uint64_t) n * m * d;
      stats->attention_flops = fs.flops;
      stats->flops = stats->feature_flops + fs.flops;
      stats->extra_bytes = 2 * (size_t) n * m * sizeof *pq + fs.extra_bytes;
    }
  free (pq);
  free (pk);
  return st;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-linformer.c — seeded Linformer projections and low-rank attention
 * (see attn-linformer.h). */
#include "attn-linformer.h"
#include "attn-approx-private.h"
#include "ab-rng.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

AbApproxStatus
ab_linformer_projections (const AbLinformerConfig *cfg, float *e, float *f, AbApproxError *err)
{
  if (!cfg || cfg->n < 1 || cfg->k < 1 || cfg->k > cfg->n || !e || (!cfg->share_ef && !f))
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "Linformer projections need 1 ≤ k ≤ n and E (and F unless shared)");
  if (cfg->projection != AB_LINFORMER_GAUSSIAN && cfg->projection != AB_LINFORMER_POOL)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "unknown Linformer projection %d",
                            (int) cfg->projection);
  if (ab__approx_mul_overflows ((size_t) cfg->n, (size_t) cfg->k)
      || (size_t) cfg->n * cfg->k > ((size_t) 1 << 28))
    return ab__approx_fail (err, AB_APPROX_E_TOO_BIG, "Linformer projections of %d × %d",
                            cfg->k, cfg->n);
  int count = cfg->n * cfg->k;
  if (cfg->projection == AB_LINFORMER_POOL)
    {
      memset (e, 0, (size_t) count * sizeof *e);
      for (int r = 0; r < cfg->k; r++)
        {
          int64_t t0 = (int64_t) r * cfg->n / cfg->k, t1 = (int64_t) (r + 1) * cfg->n / cfg->k;
          for (int64_t t = t0; t < t1; t++)
            e[(size_t) r * cfg->n + t] = (float) (1.0 / (double) (t1 - t0));
        }
      if (!cfg->share_ef)
        memcpy (f, e, (size_t) count * sizeof *e);
      return AB_APPROX_OK;
    }
  AbRng rng;
  ab_rng_init (&rng, cfg->seed);
  double sigma = 1.0 / sqrt ((double) cfg->k);
  ab_rng_fill_normal (&rng, e, count, sigma);
  if (!cfg->share_ef)
    ab_rng_fill_normal (&rng, f, count, sigma);
  return AB_APPROX_OK;
}

static double *
to_double (const float *x, size_t n)
{
  double *y = malloc ((n ? n : 1) * sizeof *y);
  if (y)
    for (size_t i = 0; i < n; i++)
      y[i] = x[i];
  return y;
}

AbApproxStatus
ab_linformer_attention (int n, int d, int k, const float *q, const float *kk, const float *v,
                        const float *e, const float *f, float scale, float *o, double *p_bar,
                        double *p_eff, AbLinformerStats *stats, AbApproxError *err)
{
  if (n < 1 || d < 1 || k < 1 || !q || !kk || !v || !e || !f || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "Linformer needs n, d, k ≥ 1 and Q, K, V, E, F, O");
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "Q", q, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "K", kk, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "E", e, (size_t) k * n)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "F", f, (size_t) k * n)) != AB_APPROX_OK)
    return st;
  size_t nd = (size_t) n * d, kn = (size_t) k * n, kd = (size_t) k * d;
  double *qd = to_double (q, nd), *kd_ = to_double (kk, nd), *vd = to_double (v, nd);
  double *ed = to_double (e, kn), *fd = f == e ? ed : to_double (f, kn);
  double *kp = malloc (kd * sizeof *kp), *vp = malloc (kd * sizeof *vp);
  double *od = malloc (nd * sizeof *od);
  double *pb = p_bar ? p_bar : malloc ((size_t) n * k * sizeof *pb);
  if (!qd || !kd_ || !vd || !ed || !fd || !kp || !vp || !od || !pb)
    st = ab__approx_fail (err, AB_APPROX_E_NOMEM, "Linformer: out of memory");
  else
    {
      /* K' = E K, V' = F V (k × d) */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, k, d, n, 1.0, ed, n, kd_, d, 0.0,
                   kp, d);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, k, d, n, 1.0, fd, n, vd, d, 0.0,
                   vp, d);
      /* P̄ = softmax(scale · Q K'ᵀ), n × k */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, k, d, ab__approx_scale (scale, d),
                   qd, d, kp, d, 0.0, pb, k);
      for (int i = 0; i < n; i++)
        {
          double *row = pb + (size_t) i * k, mx = -INFINITY, sum = 0;
          for (int r = 0; r < k; r++)
            if (row[r] > mx)
              mx = row[r];
          for (int r = 0; r < k; r++)
            sum += (row[r] = exp (row[r] - mx));
          for (int r = 0; r < k; r++)
            row[r] /= sum;
        }
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, k, 1.0, pb, k, vp, d, 0.0,
                   od, d);
      for (size_t x = 0; x < nd; x++)
        o[x] = (float) od[x];
      if (p_eff)
        cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, k, 1.0, pb, k, fd, n, 0.0,
                     p_eff, n);
      if (stats)
        {
          stats->flops = 8 * (uint64_t) n * k * d;
          stats->extra_bytes = 2 * kd * sizeof *kp + (size_t) n * k * sizeof *pb;
        }
    }
  free (qd);
  free (kd_);
  free (vd);
  if (fd != ed)
    free (fd);
  free (ed);
  free (kp);
  free (vp);
  free (od);
  if (pb != p_bar)
    free (pb);
  return st;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-linear.c — feature-map attention in its quadratic and associative
 * (prefix-sum, recurrent) forms, and elu + 1 linear attention. */
#include "attn-linear.h"
#include "attn-approx-private.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

AbApproxStatus
ab_linear_state_init (AbLinearState *st, int m, int d, AbApproxError *err)
{
  if (!st || m < 1 || d < 1)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "linear state needs m, d ≥ 1");
  st->m = m;
  st->d = d;
  st->s = calloc ((size_t) m * d, sizeof *st->s);
  st->z = calloc ((size_t) m, sizeof *st->z);
  if (!st->s || !st->z)
    {
      ab_linear_state_clear (st);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "linear state: out of memory");
    }
  return AB_APPROX_OK;
}

void
ab_linear_state_clear (AbLinearState *st)
{
  if (!st)
    return;
  free (st->s);
  free (st->z);
  st->s = st->z = NULL;
}

void
ab_linear_state_push (AbLinearState *st, const float *phi_k, const float *v)
{
  for (int a = 0; a < st->m; a++)
    {
      double f = phi_k[a];
      double *row = st->s + (size_t) a * st->d;
      for (int c = 0; c < st->d; c++)
        row[c] += f * v[c];
      st->z[a] += f;
    }
}

/* out = φ(q) S / φ(q)·z with a caller-supplied double buffer of d. */
static void
state_read (const AbLinearState *st, const float *phi_q, double *num, float *out)
{
  double den = 0;
  memset (num, 0, (size_t) st->d * sizeof *num);
  for (int a = 0; a < st->m; a++)
    {
      double f = phi_q[a];
      const double *row = st->s + (size_t) a * st->d;
      for (int c = 0; c < st->d; c++)
        num[c] += f * row[c];
      den += f * st->z[a];
    }
  for (int c = 0; c < st->d; c++)
    out[c] = den != 0 ? (float) (num[c] / den) : 0.0f;
}

void
ab_linear_state_read (const AbLinearState *st, const float *phi_q, float *out)
{
  double stack[256];
  double *num = st->d <= 256 ? stack : malloc ((size_t) st->d * sizeof *num);
  if (!num)
    {
      memset (out, 0, (size_t) st->d * sizeof *out);
      return;
    }
  state_read (st, phi_q, num, out);
  if (num != stack)
    free (num);
}

static AbApproxStatus
quadratic (int n, int m, int d, const float *phi_q, const float *phi_k, const float *v,
           int causal, float *o, double *a, AbFeatureStats *stats, AbApproxError *err)
{
  double *row = malloc ((size_t) n * sizeof *row);
  double *acc = malloc ((size_t) d * sizeof *acc);
  if (!row || !acc)
    {
      free (row);
      free (acc);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "feature attention: out of memory");
    }
  uint64_t entries = 0;
  for (int i = 0; i < n; i++)
    {
      int jn = causal ? i + 1 : n;
      double den = 0;
      for (int j = 0; j < jn; j++)
        {
          row[j] = ab__approx_dot (phi_q + (size_t) i * m, phi_k + (size_t) j * m, m);
          den += row[j];
        }
      entries += (uint64_t) jn;
      memset (acc, 0, (size_t) d * sizeof *acc);
      for (int j = 0; j < jn; j++)
        {
          const float *vj = v + (size_t) j * d;
          for (int c = 0; c < d; c++)
            acc[c] += row[j] * vj[c];
        }
      for (int c = 0; c < d; c++)
        o[(size_t) i * d + c] = den != 0 ? (float) (acc[c] / den) : 0.0f;
      if (a)
        {
          double *ai = a + (size_t) i * n;
          for (int j = 0; j < n; j++)
            ai[j] = j < jn && den != 0 ? row[j] / den : 0.0;
        }
    }
  if (stats)
    {
      stats->flops = entries * (2 * (uint64_t) m + 2 * (uint64_t) d);
      stats->extra_bytes = (size_t) n * sizeof *row + (size_t) d * sizeof *acc;
    }
  free (row);
  free (acc);
  return AB_APPROX_OK;
}

/* Non-causal: S = φ(K)ᵀV and z = φ(K)ᵀ1 once, then φ(Q)S and φ(Q)z, as
 * double GEMMs (the same sums as the state pushes, in another order). */
static AbApproxStatus
associative_gemm (int n, int m, int d, const float *phi_q, const float *phi_k, const float *v,
                  AbLinearState *st, float *o, AbApproxError *err)
{
  size_t nm = (size_t) n * m, nd = (size_t) n * d;
  double *pq = malloc (nm * sizeof *pq), *pk = malloc (nm * sizeof *pk);
  double *vd = malloc (nd * sizeof *vd), *num = malloc (nd * sizeof *num);
  double *den = malloc ((size_t) n * sizeof *den);
  AbApproxStatus status = AB_APPROX_OK;
  if (!pq || !pk || !vd || !num || !den)
    status = ab__approx_fail (err, AB_APPROX_E_NOMEM, "feature attention: out of memory");
  else
    {
      for (size_t e = 0; e < nm; e++)
        {
          pq[e] = phi_q[e];
          pk[e] = phi_k[e];
        }
      for (size_t e = 0; e < nd; e++)
        vd[e] = v[e];
      cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, m, d, n, 1.0, pk, m, vd, d, 0.0,
                   st->s, d);
      for (int j = 0; j < n; j++)
        for (int a = 0; a < m; a++)
          st->z[a] += pk[(size_t) j * m + a];
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, m, 1.0, pq, m, st->s, d, 0.0,
                   num, d);
      cblas_dgemv (CblasRowMajor, CblasNoTrans, n, m, 1.0, pq, m, st->z, 1, 0.0, den, 1);
      for (int i = 0; i < n; i++)
        for (int c = 0; c < d; c++)
          o[(size_t) i * d + c] = den[i] != 0 ? (float) (num[(size_t) i * d + c] / den[i]) : 0.0f;
    }
  free (pq);
  free (pk);
  free (vd);
  free (num);
  free (den);
  return status;
}

static AbApproxStatus
associative (int n, int m, int d, const float *phi_q, const float *phi_k, const float *v,
             int causal, float *o, AbFeatureStats *stats, AbApproxError *err)
{
  AbLinearState st;
  AbApproxStatus status = ab_linear_state_init (&st, m, d, err);
  double *num = malloc ((size_t) d * sizeof *num);
  if (status != AB_APPROX_OK || !num)
    {
      ab_linear_state_clear (&st);
      free (num);
      return status != AB_APPROX_OK ? status
                                    : ab__approx_fail (err, AB_APPROX_E_NOMEM,
                                                       "feature attention: out of memory");
    }
  if (causal)
    /* the recurrent form: add token i's key, then read out query i */
    for (int i = 0; i < n; i++)
      {
        ab_linear_state_push (&st, phi_k + (size_t) i * m, v + (size_t) i * d);
        state_read (&st, phi_q + (size_t) i * m, num, o + (size_t) i * d);
      }
  else
    status = associative_gemm (n, m, d, phi_q, phi_k, v, &st, o, err);
  if (stats && status == AB_APPROX_OK)
    {
      stats->flops = 4 * (uint64_t) n * m * d + 4 * (uint64_t) n * m;
      stats->extra_bytes = ((size_t) m * d + m + d) * sizeof (double);
    }
  ab_linear_state_clear (&st);
  free (num);
  return status;
}

AbApproxStatus
ab_feature_attention (int n, int m, int d, const float *phi_q, const float *phi_k,
                      const float *v, int causal, AbFeatureForm form, float *o, double *a,
                      AbFeatureStats *stats, AbApproxError *err)
{
  if (n < 1 || m < 1 || d < 1 || !phi_q || !phi_k || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "feature attention needs n, m, d ≥ 1 and φ(Q), φ(K), V, O");
  if (form != AB_FEATURE_QUADRATIC && form != AB_FEATURE_ASSOCIATIVE)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "unknown feature form %d", (int) form);
  if (a && form != AB_FEATURE_QUADRATIC)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "the associative form never builds the n × n matrix");
  if (form == AB_FEATURE_QUADRATIC && n > AB_FEATURE_QUADRATIC_MAX_N)
    return ab__approx_fail (err, AB_APPROX_E_TOO_BIG, "quadratic form needs n ≤ %d (n = %d)",
                            AB_FEATURE_QUADRATIC_MAX_N, n);
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "phi(Q)", phi_q, (size_t) n * m)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "phi(K)", phi_k, (size_t) n * m)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) n * d)) != AB_APPROX_OK)
    return st;
  if (form == AB_FEATURE_QUADRATIC)
    return quadratic (n, m, d, phi_q, phi_k, v, causal, o, a, stats, err);
  return associative (n, m, d, phi_q, phi_k, v, causal, o, stats, err);
}

void
ab_elu1_features (const float *x, size_t count, float *phi)
{
  for (size_t e = 0; e < count; e++)
    phi[e] = x[e] > 0 ? x[e] + 1.0f : expf (x[e]);
}

AbApproxStatus
ab_linear_attention (int n, int d, const float *q, const float *k, const float *v, int causal,
                     AbFeatureForm form, float *o, double *a, AbFeatureStats *stats,
                     AbApproxError *err)
{
  if (n < 1 || d < 1 || !q || !k || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "linear attention needs n, d ≥ 1 and Q, K, V, O");
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "Q", q, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "K", k, (size_t) n * d)) != AB_APPROX_OK)
    return st;
  float *pq = malloc ((size_t) n * d * sizeof *pq), *pk = malloc ((size_t) n * d * sizeof *pk);
  if (!pq || !pk)
    {
      free (pq);
      free (pk);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "linear attention: out of memory");
    }
  ab_elu1_features (q, (size_t) n * d, pq);
  ab_elu1_features (k, (size_t) n * d, pk);
  st = ab_feature_attention (n, d, d, pq, pk, v, causal, form, o, a, stats, err);
  if (st == AB_APPROX_OK && stats)
    stats->extra_bytes += 2 * (size_t) n * d * sizeof *pq;
  free (pq);
  free (pk);
  return st;
}

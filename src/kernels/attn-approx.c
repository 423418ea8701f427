/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-approx.c — the shared status strings, error helpers and the dense
 * double-precision reference of the Part 2 kernels (see attn-approx.h). */
#include "attn-approx-private.h"

#include <cblas.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
ab_approx_status_string (AbApproxStatus status)
{
  switch (status)
    {
    case AB_APPROX_OK:
      return "ok";
    case AB_APPROX_E_INVALID:
      return "invalid argument";
    case AB_APPROX_E_NOMEM:
      return "out of memory";
    case AB_APPROX_E_NONFINITE:
      return "non-finite input";
    case AB_APPROX_E_TOO_BIG:
      return "problem too big";
    default:
      return "unknown status";
    }
}

AbApproxStatus
ab__approx_fail (AbApproxError *err, AbApproxStatus status, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      err->status = status;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

AbApproxStatus
ab__approx_check_finite (AbApproxError *err, const char *what, const float *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return ab__approx_fail (err, AB_APPROX_E_NONFINITE, "%s[%zu] is %s: inputs must be finite",
                              what, i, isnan (x[i]) ? "nan" : x[i] > 0 ? "inf" : "-inf");
  return AB_APPROX_OK;
}

static double *
to_double (const float *x, size_t n)
{
  double *y = malloc (n * sizeof *y);
  if (y)
    for (size_t i = 0; i < n; i++)
      y[i] = x[i];
  return y;
}

AbApproxStatus
ab_approx_dense_attention (int n_q, int n_kv, int d, const float *q, const float *k,
                           const float *v, double scale, const float *mask_add,
                           double *o, double *p, double *lse, AbApproxError *err)
{
  if (n_q <= 0 || n_kv <= 0 || d <= 0 || !q || !k || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "dense attention needs n_q, n_kv, d > 0 and non-NULL Q, K, V, O");
  size_t entries = (size_t) n_q * (size_t) n_kv;
  if (entries > AB_APPROX_DENSE_MAX_ENTRIES)
    return ab__approx_fail (err, AB_APPROX_E_TOO_BIG,
                            "dense reference of %d × %d entries exceeds the cap of %zu",
                            n_q, n_kv, AB_APPROX_DENSE_MAX_ENTRIES);
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "Q", q, (size_t) n_q * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "K", k, (size_t) n_kv * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) n_kv * d)) != AB_APPROX_OK)
    return st;
  if (mask_add)
    for (size_t i = 0; i < entries; i++)
      if (isnan (mask_add[i]) || mask_add[i] == INFINITY)
        return ab__approx_fail (err, AB_APPROX_E_NONFINITE,
                                "mask[%zu] is %s: a mask holds 0, a bias or -inf",
                                i, isnan (mask_add[i]) ? "nan" : "inf");

  double *qd = to_double (q, (size_t) n_q * d);
  double *kd = to_double (k, (size_t) n_kv * d);
  double *vd = to_double (v, (size_t) n_kv * d);
  double *s = p ? p : malloc (entries * sizeof *s);
  if (!qd || !kd || !vd || !s)
    {
      free (qd);
      free (kd);
      free (vd);
      if (s != p)
        free (s);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "dense reference: out of memory");
    }

  double sc = ab__approx_scale (scale, d);
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n_q, n_kv, d, sc, qd, d, kd, d,
               0.0, s, n_kv);
  for (int i = 0; i < n_q; i++)
    {
      double *row = s + (size_t) i * n_kv;
      double m = -INFINITY;
      for (int j = 0; j < n_kv; j++)
        {
          if (mask_add)
            row[j] += mask_add[(size_t) i * n_kv + j];
          if (row[j] > m)
            m = row[j];
        }
      if (m == -INFINITY)
        {
          memset (row, 0, sizeof *row * n_kv);
          if (lse)
            lse[i] = -INFINITY;
          continue;
        }
      double sum = 0;
      for (int j = 0; j < n_kv; j++)
        {
          row[j] = exp (row[j] - m);
          sum += row[j];
        }
      for (int j = 0; j < n_kv; j++)
        row[j] /= sum;
      if (lse)
        lse[i] = m + log (sum);
    }
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n_q, d, n_kv, 1.0, s, n_kv, vd, d,
               0.0, o, d);

  free (qd);
  free (kd);
  free (vd);
  if (s != p)
    free (s);
  return AB_APPROX_OK;
}

double
ab_approx_rel_frobenius (const double *a, const double *ref, size_t n)
{
  double num = 0, den = 0;
  for (size_t i = 0; i < n; i++)
    {
      double e = a[i] - ref[i];
      num += e * e;
      den += ref[i] * ref[i];
    }
  if (isnan (num))
    return NAN;
  if (den == 0)
    return num == 0 ? 0 : INFINITY;
  return sqrt (num / den);
}

double
ab_approx_rel_frobenius_f (const float *a, const double *ref, size_t n)
{
  double num = 0, den = 0;
  for (size_t i = 0; i < n; i++)
    {
      double e = (double) a[i] - ref[i];
      num += e * e;
      den += ref[i] * ref[i];
    }
  if (isnan (num))
    return NAN;
  if (den == 0)
    return num == 0 ? 0 : INFINITY;
  return sqrt (num / den);
}

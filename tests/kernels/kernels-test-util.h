/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kernels-test-util.h — double-precision reference and llm.c-style checks
 * shared by the kernel tests (header-only: each test is one executable). */
#pragma once

#include <glib.h>
#include <math.h>
#include <string.h>

#include "ab-rng.h"
#include "attention.h"

/* Reference attention in double for one head (same mask convention as
 * attention.h: query i at position i + n_kv − n_q). */
static inline void
ref_attention_head (const AbAttnShape *s, const float *q, const float *k,
                    const float *v, double *o, double *lse)
{
  double scale = s->scale > 0 ? s->scale : 1.0 / sqrt ((double) s->d);
  double *row = g_new (double, s->n_kv);
  for (int i = 0; i < s->n_q; i++)
    {
      long pos = (long) i + s->n_kv - s->n_q;
      double m = -INFINITY;
      for (int j = 0; j < s->n_kv; j++)
        {
          int ok = 1;
          if (s->causal && j > pos)
            ok = 0;
          if (s->window > 0 && pos - j >= s->window)
            ok = 0;
          if (s->window > 0 && !s->causal && j - pos >= s->window)
            ok = 0;
          double acc = 0;
          for (int c = 0; c < s->d; c++)
            acc += (double) q[(size_t) i * s->d + c] * (double) k[(size_t) j * s->d + c];
          row[j] = ok ? acc * scale : -INFINITY;
          if (row[j] > m)
            m = row[j];
        }
      double *orow = o + (size_t) i * s->d;
      memset (orow, 0, sizeof (double) * s->d);
      if (m == -INFINITY)
        {
          lse[i] = -INFINITY;
          continue;
        }
      double sum = 0;
      for (int j = 0; j < s->n_kv; j++)
        {
          double p = exp (row[j] - m);
          sum += p;
          for (int c = 0; c < s->d; c++)
            orow[c] += p * v[(size_t) j * s->d + c];
        }
      for (int c = 0; c < s->d; c++)
        orow[c] /= sum;
      lse[i] = m + log (sum);
    }
  g_free (row);
}

static inline void
ref_attention (const AbAttnShape *s, int heads, const float *q, const float *k,
               const float *v, double *o, double *lse)
{
  for (int h = 0; h < heads; h++)
    ref_attention_head (s, q + (size_t) h * s->n_q * s->d, k + (size_t) h * s->n_kv * s->d,
                        v + (size_t) h * s->n_kv * s->d, o + (size_t) h * s->n_q * s->d,
                        lse + (size_t) h * s->n_q);
}

/* Checks |out − ref| ≤ thr + |ref|·eps for every entry (llm.c's
 * validate_result). A −inf reference must be matched exactly (masked rows'
 * logsumexp); NaN is always a failure. Returns the max abs error. */
static inline double
check_close (const char *what, const float *out, const double *ref, size_t n,
             double thr, double eps)
{
  double max_err = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (isnan (out[i]))
        g_error ("%s[%zu] is NaN (ref %g)", what, i, ref[i]);
      if (isinf (ref[i]))
        {
          if (out[i] != ref[i])
            g_error ("%s[%zu] = %g, expected %g", what, i, (double) out[i], ref[i]);
          continue;
        }
      double err = fabs ((double) out[i] - ref[i]);
      if (err > max_err)
        max_err = err;
      if (err > thr + fabs (ref[i]) * eps)
        g_error ("%s[%zu] = %.9g, ref %.9g, |err| %.3g > %.3g + |ref|·%.3g",
                 what, i, (double) out[i], ref[i], err, thr, eps);
    }
  return max_err;
}

static inline float *
random_floats (AbRng *rng, size_t n, double sigma)
{
  float *x = g_new (float, n);
  ab_rng_fill_normal (rng, x, (int) n, sigma);
  return x;
}

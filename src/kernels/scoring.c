/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "scoring.h"
#include "ab-rng.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

const char *
ab_score_kind_name (AbScoreKind kind)
{
  switch (kind)
    {
    case AB_SCORE_ADDITIVE:   return "additive";
    case AB_SCORE_DOT:        return "dot";
    case AB_SCORE_SCALED_DOT: return "scaled-dot";
    default:                  return "?";
    }
}

void
ab_stats_softmax (const double *x, double *p, int n)
{
  double m = -INFINITY, sum = 0.0;

  for (int i = 0; i < n; i++)
    m = x[i] > m ? x[i] : m;
  for (int i = 0; i < n; i++)
    {
      p[i] = exp (x[i] - m);
      sum += p[i];
    }
  for (int i = 0; i < n; i++)
    p[i] /= sum;
}

double
ab_stats_entropy (const double *p, int n)
{
  double h = 0.0;

  for (int i = 0; i < n; i++)
    if (p[i] > 0.0)
      h -= p[i] * log (p[i]);
  return h;
}

void
ab_stats_mean_variance (const double *x, long n, double *mean, double *variance)
{
  /* Welford: stable even when the scores are large (d_k = 512 → σ ≈ 23). */
  double m = 0.0, s = 0.0;

  for (long i = 0; i < n; i++)
    {
      double delta = x[i] - m;
      m += delta / (double) (i + 1);
      s += delta * (x[i] - m);
    }
  if (mean)
    *mean = m;
  if (variance)
    *variance = n > 0 ? s / (double) n : 0.0;
}

static double
dot (const float *a, const float *b, int d)
{
  double acc = 0.0;

  for (int i = 0; i < d; i++)
    acc += (double) a[i] * b[i];
  return acc;
}

/* Y = X Wᵀ in double for X (n × d_in) and W (d_out × d_in), both float:
 * one dgemm instead of n·d_out scalar dot products, which at d_k = 512 took
 * 70 ms of the first paint of the page that quotes these numbers. */
static int
project (const float *x, const float *w, double *y, int n, int d_in, int d_out)
{
  double *xd = malloc (sizeof (double) * (size_t) n * d_in);
  double *wd = malloc (sizeof (double) * (size_t) d_out * d_in);

  if (!xd || !wd)
    {
      free (xd);
      free (wd);
      return -1;
    }
  for (size_t i = 0; i < (size_t) n * d_in; i++)
    xd[i] = x[i];
  for (size_t i = 0; i < (size_t) d_out * d_in; i++)
    wd[i] = w[i];
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, d_out, d_in,
               1.0, xd, d_in, wd, d_in, 0.0, y, d_out);
  free (xd);
  free (wd);
  return 0;
}

static int
additive_scores (AbScoringResult *res, AbRng *rng)
{
  const int d = res->config.d_k, da = res->d_a;
  const int nr = res->config.n_rows, nk = res->config.n_keys;
  /* Weights scaled like a standard initialisation (variance 1/fan-in), so
   * W_a q and U_a k have unit-variance components at every d_k. */
  float *wa = malloc (sizeof (float) * da * d);
  float *ua = malloc (sizeof (float) * da * d);
  float *va = malloc (sizeof (float) * da);
  double *wq = malloc (sizeof (double) * (size_t) da * nr);
  double *uk = malloc (sizeof (double) * (size_t) da * nk);
  int ok = wa && ua && va && wq && uk;

  if (ok)
    {
      ab_rng_fill_normal (rng, wa, da * d, 1.0 / sqrt (d));
      ab_rng_fill_normal (rng, ua, da * d, 1.0 / sqrt (d));
      ab_rng_fill_normal (rng, va, da, 1.0 / sqrt (da));
      ok = project (res->k, ua, uk, nk, d, da) == 0 && project (res->q, wa, wq, nr, d, da) == 0;
    }
  for (int i = 0; ok && i < nr; i++)
    for (int j = 0; j < nk; j++)
      {
        const double *wqi = wq + (size_t) i * da, *ukj = uk + (size_t) j * da;
        double e = 0.0;
        for (int h = 0; h < da; h++)
          e += va[h] * tanh (wqi[h] + ukj[h]);
        res->scores[AB_SCORE_ADDITIVE][(size_t) i * nk + j] = e;
      }
  free (wa);
  free (ua);
  free (va);
  free (wq);
  free (uk);
  return ok ? 0 : -1;
}

AbScoringResult *
ab_scoring_run (const AbScoringConfig *config)
{
  AbScoringResult *res;
  AbRng rng;
  int d, nr, nk;
  size_t n_scores;

  if (!config || config->d_k < 1 || config->n_rows < 1 || config->n_keys < 2 ||
      config->d_k > 65536 || (long) config->n_rows * config->n_keys > 16L * 1024 * 1024)
    return NULL;

  res = calloc (1, sizeof *res);
  if (!res)
    return NULL;
  res->config = *config;
  d = config->d_k;
  nr = config->n_rows;
  nk = config->n_keys;
  res->d_a = d;
  n_scores = (size_t) nr * nk;

  res->q = malloc (sizeof (float) * (size_t) nr * d);
  res->k = malloc (sizeof (float) * (size_t) nk * d);
  int ok = res->q && res->k;
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    {
      if (s == AB_SCORE_ADDITIVE && config->dot_only)
        continue;
      res->scores[s] = malloc (sizeof (double) * n_scores);
      res->probs[s] = malloc (sizeof (double) * n_scores);
      res->entropy[s] = malloc (sizeof (double) * nr);
      ok = ok && res->scores[s] && res->probs[s] && res->entropy[s];
    }
  if (!ok)
    {
      ab_scoring_free (res);
      return NULL;
    }

  ab_rng_init (&rng, config->seed);
  ab_rng_fill_normal (&rng, res->q, nr * d, 1.0);
  ab_rng_fill_normal (&rng, res->k, nk * d, 1.0);

  for (int i = 0; i < nr; i++)
    for (int j = 0; j < nk; j++)
      {
        double e = dot (res->q + (size_t) i * d, res->k + (size_t) j * d, d);
        res->scores[AB_SCORE_DOT][(size_t) i * nk + j] = e;
        res->scores[AB_SCORE_SCALED_DOT][(size_t) i * nk + j] = e / sqrt ((double) d);
      }
  if (!config->dot_only && additive_scores (res, &rng) != 0)
    {
      ab_scoring_free (res);
      return NULL;
    }

  res->max_entropy = log ((double) nk);
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    {
      double h_sum = 0.0, pmax_sum = 0.0;

      if (res->scores[s] == NULL)
        {
          res->variance[s] = res->mean_entropy[s] = res->mean_max_prob[s] = NAN;
          continue;
        }

      ab_stats_mean_variance (res->scores[s], (long) n_scores, NULL, &res->variance[s]);
      for (int i = 0; i < nr; i++)
        {
          double *p = res->probs[s] + (size_t) i * nk;
          double pmax = 0.0;

          ab_stats_softmax (res->scores[s] + (size_t) i * nk, p, nk);
          res->entropy[s][i] = ab_stats_entropy (p, nk);
          for (int j = 0; j < nk; j++)
            pmax = p[j] > pmax ? p[j] : pmax;
          h_sum += res->entropy[s][i];
          pmax_sum += pmax;
        }
      res->mean_entropy[s] = h_sum / nr;
      res->mean_max_prob[s] = pmax_sum / nr;
    }
  return res;
}

void
ab_scoring_free (AbScoringResult *result)
{
  if (!result)
    return;
  free (result->q);
  free (result->k);
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    {
      free (result->scores[s]);
      free (result->probs[s]);
      free (result->entropy[s]);
    }
  free (result);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* spec-decode.c — speculative decoding, closed forms and simulation
 * (see spec-decode.h) */
#include "spec-decode.h"

#include <math.h>
#include <string.h>

static int
args_ok (double alpha, int k)
{
  return alpha >= 0 && alpha <= 1 && k >= 0;
}

double
ab_spec_expected_tokens (double alpha, int k)
{
  if (!args_ok (alpha, k))
    return NAN;
  if (alpha == 1)
    return k + 1;
  return (1 - pow (alpha, k + 1)) / (1 - alpha);
}

double
ab_spec_tokens_variance (double alpha, int k)
{
  if (!args_ok (alpha, k))
    return NAN;
  double mean = 0, sq = 0, pj = 1;   /* pj = α^j */
  for (int j = 0; j <= k; j++)
    {
      double prob = j < k ? pj * (1 - alpha) : pj;
      mean += prob * (j + 1);
      sq += prob * (double) (j + 1) * (j + 1);
      pj *= alpha;
    }
  double var = sq - mean * mean;
  return var > 0 ? var : 0;
}

double
ab_spec_expected_speedup (double alpha, int k, double c)
{
  if (!args_ok (alpha, k) || !(c >= 0))
    return NAN;
  return ab_spec_expected_tokens (alpha, k) / (k * c + 1);
}

int
ab_spec_best_k (double alpha, double c, int k_max)
{
  if (!args_ok (alpha, 0) || !(c >= 0) || k_max < 0)
    return -1;
  int best = 0;
  for (int k = 1; k <= k_max; k++)
    if (ab_spec_expected_speedup (alpha, k, c) > ab_spec_expected_speedup (alpha, best, c))
      best = k;
  return best;
}

AbKStatus
ab_spec_simulate (double alpha, int k, int n_steps, uint64_t seed, AbSpecStep *steps,
                  AbSpecResult *out, AbKError *err)
{
  ab_kerror_clear (err);
  if (!out || !args_ok (alpha, k) || n_steps < 1)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "speculative decoding needs 0 ≤ α ≤ 1, k ≥ 0, ≥ 1 step and an output");
  AbRng rng;
  ab_rng_init (&rng, seed);
  memset (out, 0, sizeof *out);
  double sum = 0, sum_sq = 0;
  for (int s = 0; s < n_steps; s++)
    {
      int accepted = 0;
      while (accepted < k && ab_rng_uniform (&rng) < alpha)
        accepted++;
      int emitted = accepted + 1;      /* the target's correction or bonus token */
      if (steps)
        steps[s] = (AbSpecStep) { s, k, accepted, emitted };
      out->tokens += (uint64_t) emitted;
      out->all_accepted += accepted == k;
      sum += emitted;
      sum_sq += (double) emitted * emitted;
    }
  out->steps = n_steps;
  out->mean = sum / n_steps;
  out->variance = n_steps > 1 ? (sum_sq - sum * sum / n_steps) / (n_steps - 1) : 0;
  return AB_K_OK;
}

static int
dist_ok (const double *d, int vocab)
{
  if (!d || vocab < 1)
    return 0;
  double s = 0;
  for (int i = 0; i < vocab; i++)
    {
      if (!(d[i] >= 0))
        return 0;
      s += d[i];
    }
  return fabs (s - 1) <= 1e-9;
}

double
ab_spec_acceptance_rate (const double *p, const double *q, int vocab)
{
  if (!dist_ok (p, vocab) || !dist_ok (q, vocab))
    return NAN;
  double a = 0;
  for (int i = 0; i < vocab; i++)
    a += p[i] < q[i] ? p[i] : q[i];
  return a;
}

int
ab_spec_sample (const double *dist, int vocab, AbRng *rng)
{
  if (!dist || vocab < 1 || !rng)
    return -1;
  double u = ab_rng_uniform (rng), acc = 0;
  int last = -1;
  for (int i = 0; i < vocab; i++)
    {
      if (dist[i] <= 0)
        continue;
      last = i;
      acc += dist[i];
      if (u < acc)
        return i;
    }
  return last;      /* u beyond a sum just below 1: the last possible entry */
}

int
ab_spec_verify (const double *p, const double *q, int vocab, int x, AbRng *rng, int *accepted)
{
  if (!dist_ok (p, vocab) || !dist_ok (q, vocab) || x < 0 || x >= vocab || !(q[x] > 0) || !rng)
    return -1;
  int keep = ab_rng_uniform (rng) < (p[x] >= q[x] ? 1.0 : p[x] / q[x]);
  if (accepted)
    *accepted = keep;
  if (keep)
    return x;
  /* resample from norm(max(0, p − q)) by inversion, without a buffer */
  double mass = 0;
  for (int i = 0; i < vocab; i++)
    mass += p[i] > q[i] ? p[i] - q[i] : 0;
  if (!(mass > 0))
    return x;       /* p = q: a rejection has probability 0 */
  double u = ab_rng_uniform (rng) * mass, acc = 0;
  int last = x;
  for (int i = 0; i < vocab; i++)
    {
      double r = p[i] > q[i] ? p[i] - q[i] : 0;
      if (r <= 0)
        continue;
      last = i;
      acc += r;
      if (u < acc)
        return i;
    }
  return last;
}

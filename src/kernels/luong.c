/* SPDX-License-Identifier: GPL-3.0-or-later */
/* luong.c — Luong scores, global vs local-p attention, costs (see luong.h). */
#include "luong.h"
#include "seq2seq.h"
#include "ab-rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
ab_luong_config_init (AbLuongConfig *c)
{
  memset (c, 0, sizeof *c);
  c->n_src = 30;
  c->n_tgt = 32;
  c->d = 16;
  c->target = 20;
  c->half_window = 4;
  c->score = AB_LUONG_GENERAL;
  c->seed = 3;
}

const char *
ab_luong_kind_name (AbLuongKind kind)
{
  switch (kind)
    {
    case AB_LUONG_DOT:           return "dot";
    case AB_LUONG_GENERAL:       return "general";
    case AB_LUONG_CONCAT:        return "concat";
    case AB_LUONG_CONCAT_CACHED: return "concat-cached";
    default:                     return "?";
    }
}

double
ab_luong_macs (AbLuongKind kind, double d, double s)
{
  double da = d;

  switch (kind)
    {
    case AB_LUONG_DOT:           return s * d;
    case AB_LUONG_GENERAL:       return d * d + s * d;
    case AB_LUONG_CONCAT:        return s * (2.0 * d * da + da);
    case AB_LUONG_CONCAT_CACHED: return d * da + s * da;
    default:                     return 0.0;
    }
}

double
ab_luong_tanh_count (AbLuongKind kind, double d, double s)
{
  return kind == AB_LUONG_CONCAT || kind == AB_LUONG_CONCAT_CACHED ? s * d : 0.0;
}

double
ab_luong_flops (AbLuongKind kind, double d, double s)
{
  /* The cached form adds W_1 s_t to each cached W_2 h̄_s: one lone add per
   * hidden unit and pair, on top of its MACs. */
  double adds = kind == AB_LUONG_CONCAT_CACHED ? s * d : 0.0;
  return 2.0 * ab_luong_macs (kind, d, s) + adds + ab_luong_tanh_count (kind, d, s);
}

static double
dotv (const double *a, const double *b, int n)
{
  double acc = 0.0;
  for (int i = 0; i < n; i++)
    acc += a[i] * b[i];
  return acc;
}

static void
softmax_range (const double *x, double *p, int lo, int hi)
{
  double m = -INFINITY, sum = 0.0;
  for (int i = lo; i <= hi; i++)
    m = x[i] > m ? x[i] : m;
  for (int i = lo; i <= hi; i++)
    sum += (p[i] = exp (x[i] - m));
  for (int i = lo; i <= hi; i++)
    p[i] /= sum;
}

AbLuongResult *
ab_luong_run (const AbLuongConfig *config)
{
  AbLuongResult *res;
  AbRng rng;
  int S, T, d, dp;
  double *src = NULL, *tgt = NULL, *wa = NULL, *wp = NULL, *vp = NULL, *z = NULL;
  double *gram = NULL, *rhs = NULL, *wah = NULL;
  int ok = 0;   /* the buffers are freed on one path, success or not */

  if (!config || config->n_src < 4 || config->n_src > 200 || config->n_tgt < 2 ||
      config->n_tgt > 200 || config->d < 2 || config->d > 64 || config->target < 0 ||
      config->target >= config->n_tgt || config->half_window < 1 ||
      (config->score != AB_LUONG_DOT && config->score != AB_LUONG_GENERAL))
    return NULL;

  S = config->n_src;
  T = config->n_tgt;
  d = config->d;
  dp = d;   /* hidden units of the position predictor */

  res = calloc (1, sizeof *res);
  if (!res)
    return NULL;
  res->config = *config;
  res->intended = malloc (sizeof (double) * T);
  res->predicted = malloc (sizeof (double) * T);
  res->scores = malloc (sizeof (double) * S);
  res->global = malloc (sizeof (double) * S);
  res->local = calloc (S, sizeof (double));
  res->gauss = malloc (sizeof (double) * S);
  src = malloc (sizeof (double) * S * d);
  tgt = malloc (sizeof (double) * T * d);
  wa = malloc (sizeof (double) * d * d);
  wp = malloc (sizeof (double) * dp * d);
  vp = calloc (dp, sizeof (double));
  z = malloc (sizeof (double) * T * dp);
  gram = calloc ((size_t) dp * dp, sizeof (double));
  rhs = calloc (dp, sizeof (double));
  wah = malloc (sizeof (double) * d);
  if (!res->intended || !res->predicted || !res->scores || !res->global || !res->local ||
      !res->gauss || !src || !tgt || !wa || !wp || !vp || !z || !gram || !rhs || !wah)
    goto fail;

  ab_rng_init (&rng, config->seed);

  /* Source states: a random meaning (d − 1 numbers) and the relative
   * position in [−1, 1] as the last coordinate, as a recurrent encoder's
   * states tend to carry. */
  for (int s = 0; s < S; s++)
    {
      double *h = src + s * d;
      for (int k = 0; k < d - 1; k++)
        h[k] = ab_rng_normal (&rng);
      h[d - 1] = 2.0 * (s + 0.5) / S - 1.0;
    }
  /* Target states: mostly monotone alignment with a little jitter; each
   * leans towards its source word's meaning, plus noise. */
  for (int t = 0; t < T; t++)
    {
      double *h = tgt + t * d;
      double a = (t + 0.5) * S / T - 0.5 + 1.2 * ab_rng_normal (&rng);
      int ai;

      a = a < 0 ? 0 : a > S - 1 ? S - 1 : a;
      ai = (int) lround (a);
      res->intended[t] = ai;
      for (int k = 0; k < d - 1; k++)
        h[k] = 0.45 * src[ai * d + k] + 0.9 * ab_rng_normal (&rng) / sqrt ((double) d);
      h[d - 1] = 2.0 * (t + 0.5) / T - 1.0;
    }
  /* general: W_a = I plus seeded noise. */
  for (int r = 0; r < d; r++)
    for (int c = 0; c < d; c++)
      wa[r * d + c] = (r == c ? 1.0 : 0.0) + 0.15 * ab_rng_normal (&rng);

  /* Position predictor: random W_p, v_p fitted (ridge least squares over
   * the target states) so that v_pᵀ tanh(W_p h_t) ≈ logit of h_t's intended
   * relative position. */
  for (int i = 0; i < dp * d; i++)
    wp[i] = ab_rng_normal (&rng) / sqrt ((double) d);
  /* The position coordinate gets a stronger input so every hidden unit sees it. */
  for (int r = 0; r < dp; r++)
    wp[r * d + d - 1] *= 3.0;
  for (int t = 0; t < T; t++)
    {
      double y = (res->intended[t] + 0.5) / S;
      double logit = log (y / (1.0 - y));
      double *zt = z + t * dp;
      for (int r = 0; r < dp; r++)
        zt[r] = tanh (dotv (wp + r * d, tgt + t * d, d));
      for (int i = 0; i < dp; i++)
        {
          for (int j = 0; j < dp; j++)
            gram[i * dp + j] += zt[i] * zt[j];
          rhs[i] += zt[i] * logit;
        }
    }
  if (ab_cholesky_solve (gram, rhs, dp, 1, 1e-2) != 0)
    goto fail;
  memcpy (vp, rhs, sizeof (double) * dp);
  for (int t = 0; t < T; t++)
    res->predicted[t] = S / (1.0 + exp (-dotv (vp, z + t * dp, dp)));

  /* Scores of the chosen target step. The paper's p_t lives in [0, S];
   * source word s sits at s + 0.5 on that axis, so we shift by −0.5 to
   * compare with 0-based indices. */
  {
    const double *ht = tgt + config->target * d;
    double pt = res->predicted[config->target] - 0.5;
    int D = config->half_window;

    for (int s = 0; s < S; s++)
      {
        if (config->score == AB_LUONG_DOT)
          res->scores[s] = dotv (ht, src + s * d, d);
        else
          {
            for (int r = 0; r < d; r++)
              wah[r] = dotv (wa + r * d, src + s * d, d);
            res->scores[s] = dotv (ht, wah, d);
          }
      }
    softmax_range (res->scores, res->global, 0, S - 1);

    res->p_t = pt;
    res->sigma = D / 2.0;
    res->win_lo = (int) ceil (pt - D);
    res->win_hi = (int) floor (pt + D);
    if (res->win_lo < 0)
      res->win_lo = 0;
    if (res->win_hi > S - 1)
      res->win_hi = S - 1;
    if (res->win_hi < res->win_lo)
      res->win_hi = res->win_lo;
    softmax_range (res->scores, res->local, res->win_lo, res->win_hi);
    for (int s = 0; s < S; s++)
      {
        res->gauss[s] = exp (-(s - pt) * (s - pt) / (2.0 * res->sigma * res->sigma));
        if (s >= res->win_lo && s <= res->win_hi)
          res->local[s] *= res->gauss[s];
        else
          res->global_outside += res->global[s];
        res->local_sum += res->local[s];
        if (res->global[s] > res->global[res->global_argmax])
          res->global_argmax = s;
        if (res->local[s] > res->local[res->local_argmax])
          res->local_argmax = s;
      }
  }

  ok = 1;

fail:
  free (src);
  free (tgt);
  free (wa);
  free (wp);
  free (vp);
  free (z);
  free (gram);
  free (rhs);
  free (wah);
  if (ok)
    return res;
  ab_luong_free (res);
  return NULL;
}

void
ab_luong_free (AbLuongResult *r)
{
  if (!r)
    return;
  free (r->intended);
  free (r->predicted);
  free (r->scores);
  free (r->global);
  free (r->local);
  free (r->gauss);
  free (r);
}

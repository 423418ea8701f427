/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bahdanau.c — additive attention on constructed vectors (see bahdanau.h). */
#include "bahdanau.h"
#include "ab-rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const long_src[] = {
  "the", "agreement", "on", "the", "European", "Economic", "Area",
  "was", "signed", "in", "August", "1992", "<end>",
};
static const char *const long_tgt[] = {
  "l'", "accord", "sur", "la", "zone", "économique", "européenne",
  "a", "été", "signé", "en", "août", "1992", "<end>",
};
/* Which source position each French word reads: mostly one word each, with
 * "zone économique européenne" ← "Area Economic European" (reversed) and
 * "été" sitting between "was" and "signed". */
static const double long_align[] = {
  0, 1, 2, 3, 6, 5, 4, 7, 7.35, 8, 9, 10, 11, 12,
};

static const char *const short_src[] = { "the", "black", "cat" };
static const char *const short_tgt[] = { "le", "chat", "noir" };
static const double short_align[] = { 0, 2, 1 };

typedef struct
{
  int                 n_src, n_tgt, d_a;
  int                 slots;     /* positions around the circle */
  double              beta;      /* how hard W_a silences far units */
  double              gamma;     /* U_a gain */
  double              kappa;     /* v_a */
  double              noise;     /* seeded jitter on vectors and weights */
  const char *const  *src, *const *tgt;
  const double       *align;
} PairSpec;

static const PairSpec pairs[] = {
  [AB_BAHDANAU_PAIR_LONG] = { 13, 14, 32, 16, 2.5, 4.0, 2.0, 0.03,
                              long_src, long_tgt, long_align },
  [AB_BAHDANAU_PAIR_SHORT] = { 3, 3, 6, 3, 1.5, 2.0, 1.2, 0.03,
                               short_src, short_tgt, short_align },
};

double
ab_bahdanau_score (const double *ws, const double *uh, const double *v_a, int d_a,
                   double *hidden)
{
  double e = 0.0;

  for (int m = 0; m < d_a; m++)
    {
      double t = tanh (ws[m] + uh[m]);
      if (hidden)
        hidden[m] = t;
      e += v_a[m] * t;
    }
  return e;
}

/* Round to 2 decimals: the constructed inputs are meant to be read by hand. */
static double
r2 (double x)
{
  return round (x * 100.0) / 100.0;
}

AbBahdanauResult *
ab_bahdanau_run (const AbBahdanauConfig *config)
{
  const PairSpec *p;
  AbBahdanauResult *res;
  AbRng rng;
  int ns, nt, da;
  double step;

  if (!config || (config->pair != AB_BAHDANAU_PAIR_LONG && config->pair != AB_BAHDANAU_PAIR_SHORT))
    return NULL;
  p = &pairs[config->pair];
  ns = p->n_src;
  nt = p->n_tgt;
  da = p->d_a;

  res = calloc (1, sizeof *res);
  if (!res)
    return NULL;
  res->config = *config;
  res->n_src = ns;
  res->n_tgt = nt;
  res->d_a = da;
  res->src_words = p->src;
  res->tgt_words = p->tgt;
  res->intended = malloc (sizeof (double) * nt);
  res->h = malloc (sizeof (double) * ns * AB_BAHDANAU_D_H);
  res->s = malloc (sizeof (double) * nt * AB_BAHDANAU_D_S);
  res->w_a = malloc (sizeof (double) * da * AB_BAHDANAU_D_S);
  res->u_a = malloc (sizeof (double) * da * AB_BAHDANAU_D_H);
  res->v_a = malloc (sizeof (double) * da);
  res->ws = malloc (sizeof (double) * nt * da);
  res->uh = malloc (sizeof (double) * ns * da);
  res->scores = malloc (sizeof (double) * nt * ns);
  res->alpha = malloc (sizeof (double) * nt * ns);
  res->context = calloc ((size_t) nt * AB_BAHDANAU_D_H, sizeof (double));
  if (!res->intended || !res->h || !res->s || !res->w_a || !res->u_a || !res->v_a ||
      !res->ws || !res->uh || !res->scores || !res->alpha || !res->context)
    {
      ab_bahdanau_free (res);
      return NULL;
    }

  ab_rng_init (&rng, config->seed);
  step = 2.0 * M_PI / p->slots;

  /* Annotations: position on the circle + two seeded "meaning" numbers. */
  for (int j = 0; j < ns; j++)
    {
      double *h = res->h + j * AB_BAHDANAU_D_H;
      h[0] = r2 (cos (j * step) + p->noise * ab_rng_normal (&rng));
      h[1] = r2 (sin (j * step) + p->noise * ab_rng_normal (&rng));
      h[2] = r2 (0.5 * ab_rng_normal (&rng));
      h[3] = r2 (0.5 * ab_rng_normal (&rng));
    }
  /* Decoder states: the angle of the source position to read, and a 1. */
  for (int i = 0; i < nt; i++)
    {
      double *s = res->s + i * AB_BAHDANAU_D_S;
      double psi = p->align[i] * step;
      res->intended[i] = p->align[i];
      s[0] = r2 (cos (psi) + p->noise * ab_rng_normal (&rng));
      s[1] = r2 (sin (psi) + p->noise * ab_rng_normal (&rng));
      s[2] = 1.0;
    }
  /* Weights: hidden units come in pairs (2q, 2q+1) that share a preferred
   * angle φ_q and the same row of W_a, but read h_j with opposite signs and
   * are weighted +κ and −κ by v_a. When W_a saturates both, their
   * contributions cancel (κ·1 − κ·1); when it leaves them in tanh's linear
   * range they add up to about 2κ·tanh(γ cos(θ_j − φ_q)). So far units add nothing
   * and only the pairs near ψ_i shape the scores. */
  for (int m = 0; m < da; m++)
    {
      int q = m / 2;
      double sign = (m % 2 == 0) ? 1.0 : -1.0;
      double phi = 2.0 * M_PI * q / (da / 2);
      double *w = res->w_a + m * AB_BAHDANAU_D_S;
      double *u = res->u_a + m * AB_BAHDANAU_D_H;
      w[0] = r2 (-p->beta * cos (phi));
      w[1] = r2 (-p->beta * sin (phi));
      w[2] = p->beta;
      u[0] = r2 (sign * p->gamma * cos (phi));
      u[1] = r2 (sign * p->gamma * sin (phi));
      u[2] = 0.0;
      u[3] = 0.0;
      res->v_a[m] = r2 (sign * p->kappa * (1.0 + p->noise * ab_rng_normal (&rng)));
    }

  /* The attention itself. */
  for (int j = 0; j < ns; j++)
    for (int m = 0; m < da; m++)
      {
        double acc = 0.0;
        for (int k = 0; k < AB_BAHDANAU_D_H; k++)
          acc += res->u_a[m * AB_BAHDANAU_D_H + k] * res->h[j * AB_BAHDANAU_D_H + k];
        res->uh[j * da + m] = acc;
      }
  for (int i = 0; i < nt; i++)
    {
      double *e = res->scores + i * ns, *a = res->alpha + i * ns, mx = -INFINITY, sum = 0.0;

      for (int m = 0; m < da; m++)
        {
          double acc = 0.0;
          for (int k = 0; k < AB_BAHDANAU_D_S; k++)
            acc += res->w_a[m * AB_BAHDANAU_D_S + k] * res->s[i * AB_BAHDANAU_D_S + k];
          res->ws[i * da + m] = acc;
        }
      for (int j = 0; j < ns; j++)
        {
          e[j] = ab_bahdanau_score (res->ws + i * da, res->uh + j * da, res->v_a, da, NULL);
          mx = e[j] > mx ? e[j] : mx;
        }
      for (int j = 0; j < ns; j++)
        {
          a[j] = exp (e[j] - mx);
          sum += a[j];
        }
      for (int j = 0; j < ns; j++)
        {
          a[j] /= sum;
          for (int k = 0; k < AB_BAHDANAU_D_H; k++)
            res->context[i * AB_BAHDANAU_D_H + k] += a[j] * res->h[j * AB_BAHDANAU_D_H + k];
        }
    }
  return res;
}

void
ab_bahdanau_free (AbBahdanauResult *r)
{
  if (!r)
    return;
  free (r->intended);
  free (r->h);
  free (r->s);
  free (r->w_a);
  free (r->u_a);
  free (r->v_a);
  free (r->ws);
  free (r->uh);
  free (r->scores);
  free (r->alpha);
  free (r->context);
  free (r);
}

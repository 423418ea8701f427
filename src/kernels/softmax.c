/* SPDX-License-Identifier: GPL-3.0-or-later */
/* softmax.c — stable softmax, online softmax and the worked example
 * (see softmax.h; online softmax: Milakov & Gimelshein, arXiv:1805.02867) */
#include "softmax.h"

#include <math.h>
#include <string.h>

double
ab_softmax_stable (const float *in, float *out, int n)
{
  double m = -INFINITY;
  for (int i = 0; i < n; i++)
    if (in[i] > m)
      m = in[i];
  if (m == -INFINITY)
    {
      for (int i = 0; i < n; i++)
        out[i] = 0.0f;
      return -INFINITY;
    }
  double sum = 0.0;
  for (int i = 0; i < n; i++)
    sum += exp ((double) in[i] - m);
  for (int i = 0; i < n; i++)
    out[i] = (float) (exp ((double) in[i] - m) / sum);
  return m + log (sum);
}

void
ab_online_softmax_init (AbOnlineSoftmax *st, int dv)
{
  if (dv < 0)
    dv = 0;
  if (dv > AB_ONLINE_SOFTMAX_MAX_DV)
    dv = AB_ONLINE_SOFTMAX_MAX_DV;
  memset (st, 0, sizeof *st);
  st->m = -INFINITY;
  st->dv = dv;
}

void
ab_online_softmax_update (AbOnlineSoftmax *st, const double *scores,
                          const double *values, int n)
{
  double tile_max = -INFINITY;
  for (int i = 0; i < n; i++)
    if (scores[i] > tile_max)
      tile_max = scores[i];
  double m_new = st->m > tile_max ? st->m : tile_max;
  if (m_new == -INFINITY)
    return;   /* everything so far is masked: nothing to add */

  /* Rescale what we have (e^{−inf} = 0 for the first piece). */
  double alpha = exp (st->m - m_new);
  st->l *= alpha;
  for (int c = 0; c < st->dv; c++)
    st->o[c] *= alpha;

  for (int i = 0; i < n; i++)
    {
      double p = exp (scores[i] - m_new);
      st->l += p;
      for (int c = 0; c < st->dv; c++)
        st->o[c] += p * values[(size_t) i * st->dv + c];
    }
  st->m = m_new;
}

double
ab_online_softmax_finish (const AbOnlineSoftmax *st, double *out)
{
  for (int c = 0; c < st->dv; c++)
    out[c] = st->l > 0.0 ? st->o[c] / st->l : 0.0;
  return st->l > 0.0 ? st->m + log (st->l) : -INFINITY;
}

void
ab_online_softmax_worked_example (AbOnlineSoftmaxExample *ex)
{
  static const double scores[AB_EXAMPLE_N] = { 1, 3, 2, 0, 4, 1, 0, 2 };
  static const double values[AB_EXAMPLE_N][AB_EXAMPLE_DV] = {
    { 1, 0 }, { 0, 1 }, { 1, 1 }, { 0, 0 },
    { 2, 0 }, { 0, 2 }, { 1, 0 }, { 0, 1 },
  };

  memset (ex, 0, sizeof *ex);
  memcpy (ex->scores, scores, sizeof scores);
  memcpy (ex->values, values, sizeof values);

  AbOnlineSoftmax st;
  ab_online_softmax_init (&st, AB_EXAMPLE_DV);
  for (int t = 0; t < AB_EXAMPLE_TILES; t++)
    {
      const double *s = scores + t * AB_EXAMPLE_TILE_SIZE;
      AbOnlineSoftmaxExampleTile *tile = &ex->after[t];

      tile->tile_max = -INFINITY;
      for (int i = 0; i < AB_EXAMPLE_TILE_SIZE; i++)
        if (s[i] > tile->tile_max)
          tile->tile_max = s[i];
      for (int i = 0; i < AB_EXAMPLE_TILE_SIZE; i++)
        tile->tile_sum += exp (s[i] - tile->tile_max);

      double m_old = st.m;
      ab_online_softmax_update (&st, s, &values[t * AB_EXAMPLE_TILE_SIZE][0],
                                AB_EXAMPLE_TILE_SIZE);
      tile->rescale = exp (m_old - st.m);
      tile->m = st.m;
      tile->l = st.l;
      for (int c = 0; c < AB_EXAMPLE_DV; c++)
        tile->o[c] = st.o[c];
      ab_online_softmax_finish (&st, tile->o_normalised);
    }

  /* The two-pass answer, for comparison. */
  ex->m_exact = -INFINITY;
  for (int i = 0; i < AB_EXAMPLE_N; i++)
    if (scores[i] > ex->m_exact)
      ex->m_exact = scores[i];
  for (int i = 0; i < AB_EXAMPLE_N; i++)
    ex->l_exact += exp (scores[i] - ex->m_exact);
  for (int i = 0; i < AB_EXAMPLE_N; i++)
    {
      ex->softmax[i] = exp (scores[i] - ex->m_exact) / ex->l_exact;
      for (int c = 0; c < AB_EXAMPLE_DV; c++)
        ex->o_exact[c] += ex->softmax[i] * values[i][c];
    }
  ex->lse = ex->m_exact + log (ex->l_exact);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* qkv.c — the four-token walkthrough (see qkv.h)
 *
 * The inputs are hand-chosen small integers (entries of the projections in
 * {−1, 0, 1}) so that the result has a story: "the" and "cat" look at each
 * other most, and so do "sat" and "down" — each token's largest weight goes
 * to its phrase partner. Nothing here is learned; the point is the
 * arithmetic, which every reader can redo by hand.
 */
#include "qkv.h"

#include <math.h>
#include <string.h>

static const char *const tokens[AB_QKV_N] = { "the", "cat", "sat", "down" };

/* Rows are tokens; the four columns are made-up features. */
static const double X[AB_QKV_N][AB_QKV_D_MODEL] = {
  { 1, 0, 1, 0 },
  { 0, 2, 0, 1 },
  { 1, 1, 0, 1 },
  { 0, 1, 2, 0 },
};
static const double WQ[AB_QKV_D_MODEL][AB_QKV_D_K] = {
  {  0,  1,  1 },
  { -1,  0,  0 },
  {  1,  0, -1 },
  {  1, -1,  0 },
};
static const double WK[AB_QKV_D_MODEL][AB_QKV_D_K] = {
  {  0, -1, -1 },
  {  1,  0,  1 },
  {  0,  0,  1 },
  {  0,  0, -1 },
};
static const double WV[AB_QKV_D_MODEL][AB_QKV_D_V] = {
  { 1, 0, 0 },
  { 0, 1, 0 },
  { 0, 0, 1 },
  { 1, 1, 0 },
};

void
ab_qkv_run (AbQkvExample *ex)
{
  const double scale = 1.0 / sqrt ((double) AB_QKV_D_K);

  memset (ex, 0, sizeof *ex);
  memcpy (ex->tokens, tokens, sizeof tokens);
  memcpy (ex->x, X, sizeof X);
  memcpy (ex->wq, WQ, sizeof WQ);
  memcpy (ex->wk, WK, sizeof WK);
  memcpy (ex->wv, WV, sizeof WV);

  for (int i = 0; i < AB_QKV_N; i++)
    for (int m = 0; m < AB_QKV_D_MODEL; m++)
      {
        for (int c = 0; c < AB_QKV_D_K; c++)
          {
            ex->q[i][c] += X[i][m] * WQ[m][c];
            ex->k[i][c] += X[i][m] * WK[m][c];
          }
        for (int c = 0; c < AB_QKV_D_V; c++)
          ex->v[i][c] += X[i][m] * WV[m][c];
      }

  for (int i = 0; i < AB_QKV_N; i++)
    {
      double max = -INFINITY, sum = 0;

      for (int j = 0; j < AB_QKV_N; j++)
        {
          double dot = 0;
          for (int c = 0; c < AB_QKV_D_K; c++)
            dot += ex->q[i][c] * ex->k[j][c];
          ex->raw[i][j] = dot;
          ex->s[i][j] = dot * scale;
          max = fmax (max, ex->s[i][j]);
        }
      /* Stable softmax: subtracting the row max changes nothing but overflow. */
      for (int j = 0; j < AB_QKV_N; j++)
        sum += ex->p[i][j] = exp (ex->s[i][j] - max);
      for (int j = 0; j < AB_QKV_N; j++)
        ex->p[i][j] /= sum;
      for (int c = 0; c < AB_QKV_D_V; c++)
        for (int j = 0; j < AB_QKV_N; j++)
          ex->o[i][c] += ex->p[i][j] * ex->v[j][c];

      /* Causal: e^{−∞} = 0, so the masked keys simply drop out of the sum. */
      max = -INFINITY;
      sum = 0;
      for (int j = 0; j <= i; j++)
        max = fmax (max, ex->s[i][j]);
      for (int j = 0; j <= i; j++)
        sum += ex->p_causal[i][j] = exp (ex->s[i][j] - max);
      for (int j = 0; j <= i; j++)
        ex->p_causal[i][j] /= sum;
    }
}

static const char *const names[AB_QKV_N_MATRICES] = {
  "X", "WQ", "WK", "WV", "Q", "K", "V", "S", "P", "O",
};

const char *
ab_qkv_matrix_name (AbQkvMatrix m)
{
  return m < AB_QKV_N_MATRICES ? names[m] : "?";
}

int
ab_qkv_matrix_from_name (const char *name)
{
  for (int m = 0; m < AB_QKV_N_MATRICES; m++)
    if (name && strcmp (name, names[m]) == 0)
      return m;
  return -1;
}

void
ab_qkv_matrix_shape (AbQkvMatrix m, int *rows, int *cols)
{
  int r = AB_QKV_N, c = AB_QKV_N;

  switch (m)
    {
    case AB_QKV_X:  c = AB_QKV_D_MODEL; break;
    case AB_QKV_WQ:
    case AB_QKV_WK: r = AB_QKV_D_MODEL; c = AB_QKV_D_K; break;
    case AB_QKV_WV: r = AB_QKV_D_MODEL; c = AB_QKV_D_V; break;
    case AB_QKV_Q:
    case AB_QKV_K:  c = AB_QKV_D_K; break;
    case AB_QKV_V:
    case AB_QKV_O:  c = AB_QKV_D_V; break;
    case AB_QKV_S:
    case AB_QKV_P:
    default:        break;
    }
  *rows = r;
  *cols = c;
}

double
ab_qkv_get (const AbQkvExample *ex, AbQkvMatrix m, int i, int j)
{
  int rows, cols;

  ab_qkv_matrix_shape (m, &rows, &cols);
  if (i < 0 || j < 0 || i >= rows || j >= cols)
    return NAN;
  switch (m)
    {
    case AB_QKV_X:  return ex->x[i][j];
    case AB_QKV_WQ: return ex->wq[i][j];
    case AB_QKV_WK: return ex->wk[i][j];
    case AB_QKV_WV: return ex->wv[i][j];
    case AB_QKV_Q:  return ex->q[i][j];
    case AB_QKV_K:  return ex->k[i][j];
    case AB_QKV_V:  return ex->v[i][j];
    case AB_QKV_S:  return ex->s[i][j];
    case AB_QKV_P:  return ex->p[i][j];
    case AB_QKV_O:  return ex->o[i][j];
    default:        return NAN;
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* softmax.h — stable and online softmax, and the book's worked example
 *
 * Stable softmax subtracts the row maximum before exponentiating, so that
 * exp never overflows: softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max x.
 *
 * Online softmax (Milakov & Gimelshein, arXiv:1805.02867) reads the scores
 * in pieces and keeps only a running max m and a running sum ℓ of
 * exp(xⱼ − m). When a new piece raises the max to m', everything summed so
 * far is rescaled by exp(m − m'):
 *     m' = max(m, max(piece)),   ℓ' = ℓ·e^{m−m'} + Σ_piece e^{xⱼ−m'}.
 * Carrying an output accumulator o (the softmax-weighted sum of values)
 * along, rescaled by the same factor, gives softmax(x)·V in one pass — the
 * heart of FlashAttention (arXiv:2205.14135).
 *
 * These functions use double precision: they are for teaching and for
 * the diagrams' numbers, not for speed (the kernels have their own loops).
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define AB_ONLINE_SOFTMAX_MAX_DV 8

/* Stable softmax of n values (in may equal out). −inf entries get 0; if all
 * entries are −inf every output is 0. Returns the logsumexp (−inf then). */
double ab_softmax_stable (const float *in, float *out, int n);

typedef struct
{
  double m;                               /* running max (−inf at start) */
  double l;                               /* running Σ exp(x − m) */
  int    dv;                              /* value width, ≤ AB_ONLINE_SOFTMAX_MAX_DV */
  double o[AB_ONLINE_SOFTMAX_MAX_DV];     /* running Σ exp(x − m)·v, unnormalised */
} AbOnlineSoftmax;

void ab_online_softmax_init   (AbOnlineSoftmax *st, int dv);
/* Fold in n scores; values is n × dv (may be NULL when dv = 0). */
void ab_online_softmax_update (AbOnlineSoftmax *st, const double *scores,
                               const double *values, int n);
/* out[dv] = o / ℓ (0 if ℓ = 0). Returns the logsumexp m + log ℓ. */
double ab_online_softmax_finish (const AbOnlineSoftmax *st, double *out);

/* The worked example printed in Part 3: eight scores in two tiles of four,
 * each score with a 2-d value vector.
 *   tile 1 scores = [1, 3, 2, 0]   tile 2 scores = [4, 1, 0, 2]
 *   values v₀…v₇ = (1,0) (0,1) (1,1) (0,0) (2,0) (0,2) (1,0) (0,1)  */
#define AB_EXAMPLE_TILES     2
#define AB_EXAMPLE_TILE_SIZE 4
#define AB_EXAMPLE_N         (AB_EXAMPLE_TILES * AB_EXAMPLE_TILE_SIZE)
#define AB_EXAMPLE_DV        2

typedef struct
{
  double tile_max;   /* max of this tile alone */
  double tile_sum;   /* Σ exp(x − tile_max) over this tile alone */
  double rescale;    /* e^{m_old − m_new} applied to the old ℓ and o */
  double m, l;       /* running state after this tile */
  double o[AB_EXAMPLE_DV];        /* unnormalised accumulator */
  double o_normalised[AB_EXAMPLE_DV]; /* o / ℓ: the answer if we stopped here */
} AbOnlineSoftmaxExampleTile;

typedef struct
{
  double scores[AB_EXAMPLE_N];
  double values[AB_EXAMPLE_N][AB_EXAMPLE_DV];
  AbOnlineSoftmaxExampleTile after[AB_EXAMPLE_TILES];
  /* One-pass stable softmax over all eight, for comparison. */
  double softmax[AB_EXAMPLE_N];
  double m_exact, l_exact;
  double o_exact[AB_EXAMPLE_DV];
  double lse;        /* m + log ℓ */
} AbOnlineSoftmaxExample;

void ab_online_softmax_worked_example (AbOnlineSoftmaxExample *ex);

#ifdef __cplusplus
}
#endif

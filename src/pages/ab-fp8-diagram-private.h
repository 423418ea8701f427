/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-fp8-diagram-private.h — what the FP8 diagram's update computes and its
 * drawing (ab-fp8-diagram-draw.c) reads. */
#pragma once

#include "ab-draw.h"
#include "fp8.h"

G_BEGIN_DECLS

#define N_TOKENS  512     /* sequence length of the experiment */
#define N_RUNS    2       /* independent draws pooled into each RMSE */
#define LOG2_LO   -10.0   /* |x| axis from 2^-10 ≈ 0.001 … */
#define LOG2_HI   7.0     /* … to 128 */
#define N_BINS    68      /* 4 per doubling over those 17 */

enum { STEP_OUTLIERS, STEP_GRID, STEP_ROTATE, STEP_MEASURE, N_STEPS };
enum { STAGE_HIST, STAGE_GRID, STAGE_BARS, N_STAGES };
/* Rounding of Q, as the grid panel reports it. */
enum { ROUND_TENSOR, ROUND_BLOCK, ROUND_ROTATED, N_ROUNDINGS };

typedef struct
{
  AbFp8Result exp;
  int         d, block;
  guint32     hist_base[N_BINS], hist_outlier[N_BINS], hist_rot[N_BINS];
  long        n_entries, n_outliers;     /* of Q, run 0 */
  double      amax, rms, amax_rot, rms_rot;
  double      band_lo, band_hi;          /* 1st and 99th percentile of |q| */
  double      scale[N_ROUNDINGS];        /* per tensor; the quietest block; the outlier's block, rotated */
  double      rel_err[N_ROUNDINGS];      /* RMS relative rounding error of an entry */
  double      max_err[N_ROUNDINGS];      /* largest absolute rounding error */
  double      worst, worst_stored;       /* the entry rounded worst per tensor, and its E4M3 value */
  gboolean    worst_is_outlier;
  double      int8_step;                 /* amax / 127 */
} AbFp8DiagramResult;

void ab_fp8_diagram_draw_hist (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position);
void ab_fp8_diagram_draw_grid (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position);
void ab_fp8_diagram_draw_bars (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-approx-error-diagram-private.h — what the approximation-error diagram's
 * update (ab-approx-error-diagram.c) hands its drawing
 * (ab-approx-error-diagram-draw.c): one sweep of every method over its
 * budget grid on one input, measured by src/kernels/approx-error.c. */
#pragma once

#include "ab-diagram.h"
#include "approx-error.h"

G_BEGIN_DECLS

#define AB_AE_HEAD_DIM   64     /* d: Performer's default m = 4d = 256 */
#define AB_AE_INPUT_SEED 2019   /* ab_approx_input_config_init's seed, draw 1 */
#define AB_AE_MAX_POINTS 16

enum { AB_AE_STEP_EXACT, AB_AE_STEP_SMOOTH, AB_AE_STEP_NEEDLE, AB_AE_STEP_WEIGHT, AB_AE_STEP_COST,
       AB_AE_N_STEPS };
enum { AB_AE_STAGE_PLOT, AB_AE_STAGE_READOUT, AB_AE_N_STAGES };
/* The "input" parameter: follow the steps (smooth, then needle) or pin one. */
enum { AB_AE_INPUT_BY_STEP, AB_AE_INPUT_SMOOTH, AB_AE_INPUT_NEEDLE };

/* One method over its budget grid (one point for methods without a budget). */
typedef struct
{
  int      n_points;
  int      budget[AB_AE_MAX_POINTS];
  double   error[AB_AE_MAX_POINTS];          /* ‖Ô − O‖_F / ‖O‖_F */
  double   needle_error[AB_AE_MAX_POINTS];   /* row i* only; NaN on the smooth input */
  guint64  flops[AB_AE_MAX_POINTS];
  int      default_index;                    /* the point at ab_approx_default_budget */
  /* At the default budget: Â[i*, j*] and A[i*, j*] (needle input, approximate
   * methods; NaN otherwise: the exact methods never form Â). */
  double   needle_weight, needle_weight_exact;
} AbAeCurve;

typedef struct
{
  AbApproxInputKind kind;
  int               n, d, draw;
  int               needle_query, needle_key;   /* −1 on the smooth input */
  guint64           dense_flops;                /* FlashAttention's 4N²d */
  AbAeCurve         curves[AB_APPROX_N_METHODS];
} AbAeSweep;

/* What update() stores: the sweeps the current parameters show (owned by
 * the diagram's cache) and which of them the steps show. */
typedef struct
{
  const AbAeSweep *smooth;   /* NULL when the input is pinned to the needle */
  const AbAeSweep *needle;   /* NULL when pinned to the smooth input */
  int              input;    /* AB_AE_INPUT_* */
} AbAeView;

/* How far from the smooth input (0) to the needle (1) the frame at @position is. */
double      ab_ae_needle_mix    (const AbAeView *view, double position);
AbRgb       ab_ae_method_color  (AbApproxMethod m);
const char *ab_ae_method_label  (AbApproxMethod m);   /* translated, short */
/* "r = 8", "b = 2", "k = 16", "m = 256" (translated), or "—" for no budget. */
char       *ab_ae_budget_text   (AbApproxMethod m, int budget);
/* 0.27 → "0.27", 7.7e-8 → "7.7×10<sup>−8</sup>" (Pango markup). */
char       *ab_ae_format_error  (double value);

void        ab_ae_draw          (const AbAeView *view, cairo_t *cr, const AbLayout *layout,
                                 double position);

G_END_DECLS

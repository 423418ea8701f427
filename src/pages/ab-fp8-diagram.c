/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-fp8-diagram.c — "FP8 and incoherent processing": why FlashAttention-3
 * rotates Q and K before rounding them to E4M3 (Shah et al., arXiv:2407.08608,
 * §3.3 and §4.3), computed by src/kernels/fp8.c.
 *
 * Left: the entries of Q by size, the outliers of FA3's N(0, 1) +
 * N(0, σ²)·Bernoulli(p) inputs in their own colour, and after step 3 the
 * same tensor after x ↦ xM. Right: the E4M3 grid (every finite value times
 * the scale) at the per-tensor scale, at a block's scale and after the
 * rotation, with the rounding errors measured on Q. Below: the RMSE of the
 * attention output against FP64 for BF16, per-tensor, per-block and
 * Hadamard + per-block FP8, one bar per step, and the measured ratio.
 */
#define G_LOG_DOMAIN "ab-fp8-diagram"

#include "ab-fp8-diagram.h"
#include "ab-fp8-diagram-private.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-values.h"
#include "fp8.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

AB_DEFINE_PLAIN_DIAGRAM (AbFp8Diagram, ab_fp8_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Outliers: a few entries of Q get an extra large term, and the largest sets the FP8 scale"),
  N_("2 · Rounding to E4M3: 3 mantissa bits, so each outlier carries a large error of its own"),
  N_("3 · A random Hadamard rotation spreads every outlier over all d coordinates"),
  N_("4 · The error of the attention output, measured"),
};

static const char *const head_dims[] = { "64", "128", NULL };
static const char *const block_sizes[] = { "32", "64", "128", NULL };

static const AbParamSpec params[] = {
  { .key = "outliers", .label = N_("Outlier entries (%)"), .kind = AB_PARAM_SLIDER, .min = 0, .max = 1,
    .step = 0.05, .default_value = 0.1, .format = "%.2f %%" },
  { .key = "sigma", .label = N_("Outlier size σ"), .kind = AB_PARAM_SLIDER, .min = 2, .max = 30, .step = 1,
    .default_value = 10, .format = "%.0f" },
  { .key = "d", .label = N_("Head dimension d"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = head_dims },
  { .key = "block", .label = N_("Rows per scale block"), .kind = AB_PARAM_CHOICE, .default_value = 1,
    .choices = block_sizes },
  { .key = "seed", .label = N_("Random sample"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100, .step = 1,
    .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("entries of Q: the N(0, 1) part (band: 98 % of them)"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("outlier entries, and the one scale per tensor they set"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("one scale per block of rows"), AB_COLOR_HEAD_1, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_GRID) },
  { N_("after the Hadamard rotation <i>QM</i>"), AB_COLOR_HEAD_3, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_ROTATE) },
  { N_("E4M3 values × scale"), AB_COLOR_TEXT_DIM, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* Histogram and grid side by side over the error bars; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 0.9, AB_STAGE_ROW }, { 1, 1.15, AB_STAGE_ROW }, { 0.34, 0.85, AB_STAGE_BELOW },
};

static const AbFp8DiagramResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static void
config_from (AbDiagram *diagram, AbFp8Config *c)
{
  ab_fp8_config_default (c);
  c->n = N_TOKENS;
  c->n_runs = N_RUNS;
  c->d = atoi (head_dims[(int) ab_diagram_get_param (diagram, "d")]);
  c->block_rows = atoi (block_sizes[(int) ab_diagram_get_param (diagram, "block")]);
  c->outlier_fraction = ab_diagram_get_param (diagram, "outliers") / 100.0;
  c->outlier_sigma = ab_diagram_get_param (diagram, "sigma");
  c->seed = (uint64_t) ab_diagram_get_param (diagram, "seed");
}

static int
cmp_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* Round @x with @block_rows per scale; fill the error statistics of @r and
 * return the index of the entry with the largest error in @worst. */
static AbFp8Status
rounding_stats (AbFp8DiagramResult *res, int r, const float *x, int n, int d, int block_rows,
                uint8_t *codes, float *scales, float *back, size_t *worst, AbFp8Error *err)
{
  size_t nd = (size_t) n * d;
  double ss = 0;
  long counted = 0;
  AbFp8Status st = ab_fp8_quantize (x, n, d, block_rows, codes, scales, err);

  if (st != AB_FP8_OK)
    return st;
  ab_fp8_dequantize (codes, scales, n, d, block_rows, back);
  res->max_err[r] = 0;
  for (size_t i = 0; i < nd; i++)
    {
      double e = fabs ((double) back[i] - x[i]);
      if (e > res->max_err[r])
        {
          res->max_err[r] = e;
          *worst = i;
        }
      if (x[i] != 0)
        {
          ss += (e / fabs (x[i])) * (e / fabs (x[i]));
          counted++;
        }
    }
  res->rel_err[r] = counted ? sqrt (ss / counted) : 0;
  return AB_FP8_OK;
}

/* Everything the panels show about run 0's Q, from the kernel's pieces. */
static AbFp8Status
inspect_q (const AbFp8Config *c, AbFp8DiagramResult *res, AbFp8Error *err)
{
  int n = c->n, d = c->d, nb = ab_fp8_n_blocks (n, c->block_rows);
  size_t nd = (size_t) n * d, n_base = 0, n_out = 0, argmax = 0, worst = 0;
  AbFp8Config quiet = *c;
  g_autofree float *q = g_new (float, nd);
  g_autofree float *base = g_new (float, nd);   /* Q without its outlier terms */
  g_autofree float *rot = g_new (float, nd);    /* QM; scratch before that */
  g_autofree float *back = g_new (float, nd);   /* Q rounded; scratch before that */
  g_autofree float *scales = g_new (float, nb);
  g_autofree float *signs = g_new (float, d);
  g_autofree uint8_t *codes = g_new (uint8_t, nd);
  AbFp8Status st;

  quiet.outlier_fraction = 0;
  if ((st = ab_fp8_make_inputs (c, 0, q, NULL, NULL, signs, err)) != AB_FP8_OK
      || (st = ab_fp8_make_inputs (&quiet, 0, base, NULL, NULL, NULL, err)) != AB_FP8_OK)
    return st;

  /* Split Q into the N(0, 1) part and the entries an outlier term landed on. */
  for (size_t i = 0; i < nd; i++)
    {
      if (fabsf (q[i]) > fabsf (q[argmax]))
        argmax = i;
      if (q[i] == base[i])
        back[n_base++] = q[i];
      else
        rot[n_out++] = q[i];
    }
  ab_fp8_log2_histogram (back, n_base, LOG2_LO, LOG2_HI, N_BINS, res->hist_base, NULL);
  ab_fp8_log2_histogram (rot, n_out, LOG2_LO, LOG2_HI, N_BINS, res->hist_outlier, NULL);
  res->n_entries = (long) nd;
  res->n_outliers = (long) n_out;
  ab_fp8_amax_rms (q, nd, &res->amax, &res->rms);
  res->int8_step = res->amax / 127.0;

  for (size_t i = 0; i < nd; i++)
    back[i] = fabsf (q[i]);
  qsort (back, nd, sizeof (float), cmp_float);
  res->band_lo = back[nd / 100];
  res->band_hi = back[nd - 1 - nd / 100];

  memcpy (rot, q, nd * sizeof (float));
  if ((st = ab_hadamard_rotate (rot, n, d, signs, err)) != AB_FP8_OK)
    return st;
  ab_fp8_log2_histogram (rot, nd, LOG2_LO, LOG2_HI, N_BINS, res->hist_rot, NULL);
  ab_fp8_amax_rms (rot, nd, &res->amax_rot, &res->rms_rot);

  if ((st = rounding_stats (res, ROUND_TENSOR, q, n, d, 0, codes, scales, back, &worst, err)) != AB_FP8_OK)
    return st;
  res->scale[ROUND_TENSOR] = scales[0];
  res->worst = q[worst];
  res->worst_stored = back[worst];
  res->worst_is_outlier = q[worst] != base[worst];
  if ((st = rounding_stats (res, ROUND_BLOCK, q, n, d, c->block_rows, codes, scales, back, &worst, err))
      != AB_FP8_OK)
    return st;
  res->scale[ROUND_BLOCK] = scales[0];
  for (int b = 1; b < nb; b++)
    res->scale[ROUND_BLOCK] = MIN (res->scale[ROUND_BLOCK], scales[b]);
  if ((st = rounding_stats (res, ROUND_ROTATED, rot, n, d, c->block_rows, codes, scales, back, &worst, err))
      != AB_FP8_OK)
    return st;
  res->scale[ROUND_ROTATED] = scales[(argmax / d) / c->block_rows];
  return AB_FP8_OK;
}

static gboolean
ab_fp8_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autofree AbFp8DiagramResult *res = g_new0 (AbFp8DiagramResult, 1);
  const AbFp8Result *exp;
  AbFp8Config c;
  AbFp8Error err = { 0 };

  config_from (diagram, &c);
  res->d = c.d;
  res->block = c.block_rows;
  if ((exp = ab_fp8_shared_experiment (&c, error)) == NULL)
    return FALSE;
  res->exp = *exp;
  if (inspect_q (&c, res, &err) != AB_FP8_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
      return FALSE;
    }
  ab_diagram_set_result (diagram, g_steal_pointer (&res), g_free);
  return TRUE;
}

static char *
ab_fp8_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const AbFp8DiagramResult *res = result (diagram);

  if (step == STEP_OUTLIERS)
    return g_strdup_printf (_("1 · Outliers: %.2f %% of the entries of Q get an extra N(0, %.0f²) term, and the "
                              "largest sets the FP8 scale"),
                            100 * res->exp.config.outlier_fraction, res->exp.config.outlier_sigma);
  if (step != STEP_MEASURE)
    return g_strdup (_(steps[MIN (step, N_STEPS - 1)]));
  return g_strdup_printf (_("4 · Measured: Hadamard + per-block FP8 has %.2f× lower error than per-tensor FP8"),
                          res->exp.ratio_hadamard);
}
static void
ab_fp8_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const AbFp8DiagramResult *res = result (diagram);

  ab_fp8_diagram_draw_hist (res, cr, layout->stages[STAGE_HIST], position);
  ab_fp8_diagram_draw_grid (res, cr, layout->stages[STAGE_GRID], position);
  ab_fp8_diagram_draw_bars (res, cr, layout->stages[STAGE_BARS], position);
}

static char *
ab_fp8_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbFp8DiagramResult *res = result (diagram);
  const double *rmse = res->exp.rmse;

  return g_strdup_printf (
      _("Q has %ld entries with RMS %.2f; %ld are outliers and the largest is %.1f, which sets the "
        "per-tensor scale %.3f. The worst-rounded entry, %.2f, is stored as %.2f. After the Hadamard rotation the "
        "largest entry is %.1f. RMS rounding error of an entry: %.1f %% per tensor, %.1f %% per block, "
        "%.1f %% after the rotation. RMSE of the attention output against FP64, N = %d, d = %d: BF16 "
        "%.4f, FP8 per tensor %.4f, FP8 per block of %d rows %.4f, FP8 Hadamard plus per block %.4f: "
        "%.2f times lower than per tensor."),
      res->n_entries, res->rms, res->n_outliers, res->amax, res->scale[0], res->worst, res->worst_stored,
      res->amax_rot, 100 * res->rel_err[0], 100 * res->rel_err[1], 100 * res->rel_err[2],
      res->exp.config.n, res->d, rmse[0], rmse[1], res->block, rmse[2], rmse[3], res->exp.ratio_hadamard);
}

const AbFp8Result *
ab_fp8_shared_experiment (const AbFp8Config *c, GError **error)
{
  static GHashTable *runs;
  g_autofree char *key = g_strdup_printf ("%d/%d/%d/%.17g/%.17g/%" G_GUINT64_FORMAT "/%d", c->n, c->d,
                                          c->block_rows, c->outlier_fraction, c->outlier_sigma,
                                          (guint64) c->seed, c->n_runs);
  AbFp8Result *res;

  if (runs == NULL)
    runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  res = g_hash_table_lookup (runs, key);
  if (res == NULL)
    {
      AbFp8Error err = { 0 };

      res = g_new0 (AbFp8Result, 1);
      if (ab_fp8_experiment (c, res, &err) != AB_FP8_OK)
        {
          g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
          g_free (res);
          return NULL;
        }
      g_hash_table_insert (runs, g_steal_pointer (&key), res);
    }
  return res;
}

/* Values for the prose --------------------------------------------------------- */

/* The diagram's defaults (FA3 §4.3's inputs, N = 512, blocks of 64 rows,
 * seed 1) at head dimension d. */
static const AbFp8Result *
prose_run (int d, GError **error)
{
  AbFp8Config c;

  ab_fp8_config_default (&c);
  c.n = N_TOKENS;
  c.n_runs = N_RUNS;
  c.d = d;
  return ab_fp8_shared_experiment (&c, error);
}

static char *
get_rmse (const AbValueArgs *args, GError **error)
{
  const AbFp8Result *res = prose_run (args->ints[1], error);
  return res ? g_strdup_printf ("%.4f", res->rmse[args->ints[0]]) : NULL;
}

static char *
get_ratio (const AbValueArgs *args, GError **error)
{
  const AbFp8Result *res = prose_run (args->ints[1], error);
  if (res == NULL)
    return NULL;
  return ab_format_trimmed (args->ints[0] == 0 ? res->ratio_hadamard : res->ratio_block, 2);
}

/* The choice lists follow AbFp8Scheme's order. */
static const AbValueSpec fp8_values[] = {
  { "rmse.{bf16|per-tensor|per-block|hadamard-block}.d{2..1024}", get_rmse,
    "RMSE of O against FP64 for SCHEME at head dimension d (N = 512, FA3 §4.3 inputs)" },
  { "ratio.{hadamard-block|per-block}.d{2..1024}", get_ratio,
    "per-tensor RMSE divided by the RMSE of SCHEME, same setup" },
};

AB_VALUE_FAMILY (ab_fp8_values, "fp8", fp8_values);

static const AbDiagramInfo info = {
  .name = "fp8-incoherent-processing",
  .title = N_("FP8 attention: outliers, block scales and the Hadamard rotation"),
  .note = N_("Inputs as in FlashAttention-3 §4.3: N(0, 1) + N(0, 100)·Bernoulli(0.001). FA3 Table 3 "
             "(H100, P also in FP8) reports RMSE 2.4e-2 per tensor against 9.1e-3, 2.6× lower; here "
             "P stays FP32 and the run is on this CPU."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_fp8_diagram_update, .draw = ab_fp8_diagram_draw,
  .dup_caption = ab_fp8_diagram_dup_caption,
  .describe = ab_fp8_diagram_describe,
};

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-era-comparison-diagram.c — three eras of attention against sequence length
 *
 * Translating N words into N, counting the attention only: an RNN with
 * additive scoring (Bahdanau) and one with dot scoring (Luong) run N decoder
 * steps of src/kernels/luong.c's per-step cost at d = d_a = 1,000 (U_a h_j
 * cached); the Transformer base encoder computes QKᵀ and PV in each of its
 * layers. Left: the FLOPs against N; right: the attention weights one
 * sequence keeps for the backward pass (src/kernels/cost.c's matrices, plus
 * additive scoring's N² · d_a tanh outputs); below: the numbers at the chosen
 * N and the steps that must wait on each other (N for an RNN, one per layer
 * for the encoder). Both axes are logarithmic.
 *
 * Steps: FLOPs → memory → sequential steps. The `era` value family gives the
 * page the same numbers.
 */
#define G_LOG_DOMAIN "ab-era-comparison-diagram"

#include "ab-era-comparison-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-values.h"
#include "cost.h"
#include "luong.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_FLOPS, STEP_MEMORY, STEP_SEQUENTIAL, N_STEPS };
enum { STAGE_FLOPS, STAGE_MEMORY, STAGE_TABLE, N_STAGES };
enum { ERA_ADDITIVE, ERA_DOT, ERA_SELF, N_ERAS };
enum { METRIC_FLOPS, METRIC_BYTES };

/* Bahdanau et al. (arXiv:1409.0473, §4.2): 1,000 hidden units; Luong et al.
 * (arXiv:1508.04025, §4.1): 1,000 cells. Both use d = d_a = 1,000 here. */
#define RNN_D 1000
/* Transformer base (Vaswani et al., arXiv:1706.03762, Table 3). */
#define BASE_D_MODEL 512

#define N_MIN 8
#define N_MAX 8192
#define N_SAMPLES 64
#define FLOPS_LOG_MIN 5.0    /* 10⁵ … */
#define FLOPS_LOG_MAX 12.0   /* … 10¹² FLOPs */
#define BYTES_LOG2_MIN 8.0   /* 256 B … */
#define BYTES_LOG2_MAX 38.0  /* … 256 GiB */
#define FP32_BYTES 4

AB_DEFINE_PLAIN_DIAGRAM (AbEraComparisonDiagram, ab_era_comparison_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Attention FLOPs to translate N words into N"),
  N_("2 · The attention weights one sequence keeps for the backward pass"),
  N_("3 · Steps that wait on each other: one per word for an RNN, one per layer for the encoder"),
};

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_SLIDER, .min = N_MIN, .max = N_MAX,
    .step = 1, .default_value = 512, .log_scale = TRUE, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("RNN + additive scoring (Bahdanau)"), AB_COLOR_HEAD_0, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("RNN + dot scoring (Luong)"), AB_COLOR_HEAD_1, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("Transformer base encoder, self-attention"), AB_COLOR_HEAD_3, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("the chosen N"), AB_COLOR_ACTIVE, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* Two plots in a row over the table; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW }, { 0.27, 0.62, AB_STAGE_BELOW },
};

static const char *const era_names[N_ERAS] = {
  N_("RNN + additive"), N_("RNN + dot"), N_("Transformer encoder"),
};

/* The model ------------------------------------------------------------------ */

static const AbCostModel *
base_model (void)
{
  return ab_cost_find_model ("transformer-base");
}

/* FLOPs (2 per multiply-add, 1 per tanh or lone add) of the attention for an
 * N-word sentence translated into N words, counted alike for all three: the
 * scores and the weighted sum of the values. For the RNNs that is each
 * step's scores plus its context Σⱼ αᵢⱼ hⱼ (N·d multiply-adds), and for
 * additive scoring also the Uₐhⱼ it caches, once per source word; for the
 * encoder QKᵀ and PV in every layer (projections aside, as for the RNNs). */
static double
era_flops (int era, double n)
{
  const AbCostModel *base = base_model ();
  double context = n * 2.0 * n * RNN_D;

  switch (era)
    {
    case ERA_ADDITIVE:
      return n * ab_luong_flops (AB_LUONG_CONCAT_CACHED, RNN_D, n) + 2.0 * n * RNN_D * RNN_D + context;
    case ERA_DOT:
      return n * ab_luong_flops (AB_LUONG_DOT, RNN_D, n) + context;
    default:
      return base ? base->layers * 2.0 * 2.0 * n * n * BASE_D_MODEL : NAN;
    }
}

/* Additive scoring's tanh outputs, N² · d_a, which its backward pass needs. */
static double
era_tanh_bytes (double n, int bytes)
{
  return n * n * RNN_D * bytes;
}

/* What one sequence keeps for the backward pass: one T × S weight matrix for
 * an RNN (plus the tanh outputs for additive), one N × N per head per layer
 * for the encoder. */
static double
era_bytes (int era, double n, int bytes)
{
  const AbCostModel *base = base_model ();
  guint64 nn = (guint64) llround (n);

  switch (era)
    {
    case ERA_ADDITIVE: return (double) ab_cost_matrix_bytes (nn, bytes) + era_tanh_bytes (n, bytes);
    case ERA_DOT:      return (double) ab_cost_matrix_bytes (nn, bytes);
    default:           return base ? (double) ab_cost_stack_bytes (nn, base->heads, base->layers, bytes) : NAN;
    }
}

static int
era_sequential (int era, int n)
{
  const AbCostModel *base = base_model ();
  return era == ERA_SELF ? (base ? base->layers : 0) : n;
}

typedef struct
{
  int    n;
  double flops[N_ERAS];
  double bytes[N_ERAS];
  int    sequential[N_ERAS];
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_era_comparison_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { .n = (int) lround (ab_diagram_get_param (diagram, "n")) };

  if (base_model () == NULL)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the cost kernel has no model “%s”"), "transformer-base");
      return FALSE;
    }
  for (int e = 0; e < N_ERAS; e++)
    {
      res.flops[e] = era_flops (e, res.n);
      res.bytes[e] = era_bytes (e, res.n, FP32_BYTES);
      res.sequential[e] = era_sequential (e, res.n);
    }
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static char *
ab_era_comparison_diagram_dup_title (AbDiagram *diagram)
{
  g_autofree char *n = ab_format_count ((guint64) result (diagram)->n);
  return g_strdup_printf (_("Three eras of attention at N = %s"), n);
}

static AbRgb
era_color (int era)
{
  return AB_HEADS[era == ERA_ADDITIVE ? 0 : era == ERA_DOT ? 1 : 3];
}

/* The plots ------------------------------------------------------------------- */

typedef struct
{
  AbRect plot;
  int    metric;
} Axes;

static double
metric_value (int metric, int era, double n)
{
  return metric == METRIC_FLOPS ? era_flops (era, n) : era_bytes (era, n, FP32_BYTES);
}

/* log10 of the value's axis range. */
static void
metric_range (int metric, double *lo, double *hi)
{
  *lo = metric == METRIC_FLOPS ? FLOPS_LOG_MIN : BYTES_LOG2_MIN * log10 (2.0);
  *hi = metric == METRIC_FLOPS ? FLOPS_LOG_MAX : BYTES_LOG2_MAX * log10 (2.0);
}

static double
px (const Axes *a, double n)
{
  double l = log10 (CLAMP (n, N_MIN, N_MAX)), lo = log10 (N_MIN), hi = log10 (N_MAX);
  return a->plot.x + a->plot.w * (l - lo) / (hi - lo);
}

static double
py (const Axes *a, double v)
{
  double lo, hi, l;

  metric_range (a->metric, &lo, &hi);
  l = CLAMP (log10 (MAX (v, 1e-300)), lo, hi);
  return a->plot.y + a->plot.h * (1 - (l - lo) / (hi - lo));
}

/* The y ticks: powers of ten of FLOPs, or powers of 32 of bytes. */
static guint
y_ticks (int metric, double *values, char **labels)
{
  guint n = 0;

  if (metric == METRIC_FLOPS)
    for (int p = (int) FLOPS_LOG_MIN; p <= (int) FLOPS_LOG_MAX; p++, n++)
      {
        values[n] = pow (10, p);
        labels[n] = g_strdup_printf ("10<sup>%d</sup>", p);
      }
  else
    for (int p = 10; p <= 35; p += 5, n++)
      {
        values[n] = ldexp (1.0, p);
        labels[n] = ab_format_bytes (values[n]);
      }
  return n;
}

static void
draw_plot (const Result *res, cairo_t *cr, AbRect panel, int metric, double reveal)
{
  static const int x_ticks[] = { 8, 32, 128, 512, 2048, 8192 };
  const char *title = metric == METRIC_FLOPS ? _("Attention FLOPs per sentence") : _("Attention weights kept, FP32");
  const char *unit = metric == METRIC_FLOPS ? _("FLOPs") : _("bytes");
  double tick_values[8];
  char *tick_labels[8];
  guint n_ticks = y_ticks (metric, tick_values, tick_labels);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, tick_h, tick_w = 0, small_h, unit_w;
  double dot_r = ab_style_size (cr, AB_TEXT_LABEL) * 0.32, xm;
  g_autofree char *n_text = ab_format_count ((guint64) res->n);
  g_autofree char *marker = g_strdup_printf ("N = %s", n_text);
  double marker_w, marker_x;
  guint tick_stride;
  Axes a = { .metric = metric };

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  ab_text_measure (cr, AB_TEXT_SMALL, unit, -1, &unit_w, &small_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, marker, -1, &marker_w, NULL);
  for (guint i = 0; i < n_ticks; i++)
    {
      double w;
      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, tick_labels[i], -1, &w, NULL);
      tick_w = MAX (tick_w, w);
    }
  a.plot.x = panel.x + pad + tick_w + 8;
  a.plot.y = panel.y + 14 + heading + MAX (small_h, tick_h) + 16;
  a.plot.w = panel.x + panel.w - pad - a.plot.x;
  a.plot.h = panel.y + panel.h - pad - tick_h - small_h - 14 - a.plot.y;
  tick_stride = a.plot.h / (n_ticks - 1) < tick_h * 1.5 ? 2 : 1;

  /* Frame and grid. */
  cairo_save (cr);
  cairo_rectangle (cr, a.plot.x, a.plot.y, a.plot.w, a.plot.h);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < G_N_ELEMENTS (x_ticks); i++)
    {
      cairo_move_to (cr, px (&a, x_ticks[i]), a.plot.y);
      cairo_line_to (cr, px (&a, x_ticks[i]), a.plot.y + a.plot.h);
    }
  for (guint i = 0; i < n_ticks; i++)
    {
      cairo_move_to (cr, a.plot.x, py (&a, tick_values[i]));
      cairo_line_to (cr, a.plot.x + a.plot.w, py (&a, tick_values[i]));
    }
  ab_set_rgba (cr, AB_BORDER, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; i < G_N_ELEMENTS (x_ticks); i++)
    {
      g_autofree char *t = ab_format_count ((guint64) x_ticks[i]);
      AbAlign align = i == 0 ? AB_ALIGN_LEFT : i + 1 == G_N_ELEMENTS (x_ticks) ? AB_ALIGN_RIGHT : AB_ALIGN_CENTER;
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, px (&a, x_ticks[i]), a.plot.y + a.plot.h + 4, AB_TEXT_DIM, align, -1);
    }
  for (guint i = 0; i < n_ticks; i++)
    {
      if (i % tick_stride == 0)
        ab_text (cr, AB_TEXT_VALUE_SMALL, tick_labels[i], a.plot.x - 6, py (&a, tick_values[i]) - tick_h / 2,
                 AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      g_free (tick_labels[i]);
    }
  ab_text (cr, AB_TEXT_SMALL, _("sequence length N, log scale"), a.plot.x + a.plot.w / 2,
           a.plot.y + a.plot.h + tick_h + 10, AB_TEXT_DIM, AB_ALIGN_CENTER, a.plot.w);
  ab_text (cr, AB_TEXT_SMALL, unit, a.plot.x, a.plot.y - small_h - 8, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);

  /* The chosen N: a line through the plot, its label above, clear of the unit. */
  xm = px (&a, res->n);
  marker_x = CLAMP (xm - marker_w / 2, a.plot.x + unit_w + 12, a.plot.x + a.plot.w - marker_w);
  cairo_save (cr);
  ab_set_rgba (cr, AB_ACTIVE, 0.9);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 6, 5 }, 2, 0);
  cairo_move_to (cr, xm, a.plot.y);
  cairo_line_to (cr, xm, a.plot.y + a.plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_VALUE_SMALL, marker, marker_x, a.plot.y - tick_h - 8, AB_ACTIVE, AB_ALIGN_LEFT, -1);

  if (reveal <= 0)
    return;
  /* The curves, drawn in from the left, then the dots at the chosen N. */
  cairo_save (cr);
  cairo_rectangle (cr, a.plot.x, a.plot.y, a.plot.w * reveal, a.plot.h);
  cairo_clip (cr);
  for (int e = 0; e < N_ERAS; e++)
    {
      for (int s = 0; s <= N_SAMPLES; s++)
        {
          /* Whole numbers of words, as the kernels count them. */
          double n = round (N_MIN * pow ((double) N_MAX / N_MIN, (double) s / N_SAMPLES));
          if (s == 0)
            cairo_move_to (cr, px (&a, n), py (&a, metric_value (metric, e, n)));
          else
            cairo_line_to (cr, px (&a, n), py (&a, metric_value (metric, e, n)));
        }
      ab_set_rgb (cr, era_color (e));
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  if (reveal < 1)
    return;
  cairo_save (cr);
  for (int e = 0; e < N_ERAS; e++)
    {
      double v = metric == METRIC_FLOPS ? res->flops[e] : res->bytes[e];
      cairo_arc (cr, xm, py (&a, v), dot_r, 0, 2 * G_PI);
      ab_set_rgb (cr, era_color (e));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_TEXT);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* The table ------------------------------------------------------------------ */

/* Beside the table when the strip has room (wide and presenter): the
 * encoder against dot scoring. The ratios are the same at every N, since
 * both grow as N²; the steps are not. Sentences are dropped from the end
 * until the text fits. */
static void
draw_summary (const Result *res, cairo_t *cr, AbRect r, double position)
{
  g_autofree char *flops = ab_format_trimmed (res->flops[ERA_SELF] / res->flops[ERA_DOT], 1);
  g_autofree char *bytes = ab_format_trimmed (res->bytes[ERA_SELF] / res->bytes[ERA_DOT], 1);
  g_autofree char *n_text = ab_format_count ((guint64) res->n);
  g_autofree char *s1 = g_strdup_printf (_("The encoder does %s× dot scoring’s FLOPs at every N: both grow as N²."),
                                         flops);
  g_autofree char *s2 = g_strdup_printf (_(" It keeps %s× the weights."), bytes);
  g_autofree char *s3 = g_strdup_printf (_(" What it removes is the wait: %d steps in sequence, not %s."),
                                         res->sequential[ERA_SELF], n_text);
  int n_parts = position > STEP_MEMORY ? 3 : position > STEP_FLOPS ? 2 : 1;

  if (r.w < ab_style_size (cr, AB_TEXT_LABEL) * 12)
    return;
  for (; n_parts > 0; n_parts--)
    {
      g_autofree char *text = g_strconcat (s1, n_parts > 1 ? s2 : "", n_parts > 2 ? s3 : "", NULL);
      double h;

      ab_text_measure (cr, AB_TEXT_LABEL, text, r.w, NULL, &h);
      if (h <= r.h)
        {
          ab_text (cr, AB_TEXT_LABEL, text, r.x, r.y + (r.h - h) / 2, AB_TEXT, AB_ALIGN_LEFT, r.w);
          return;
        }
    }
}

static void
draw_table (const Result *res, cairo_t *cr, AbRect r, double position)
{
  const char *headers[3] = { _("attention FLOPs"), _("weights kept"), _("sequential steps") };
  const char *names[N_ERAS];
  char *cells[N_ERAS][3];
  double reveal[3] = { 1, ab_tween (position, STEP_FLOPS, STEP_MEMORY),
                       ab_tween (position, STEP_MEMORY, STEP_SEQUENTIAL) };
  double name_w, label_h, value_h, header_h = 0, row_h, col_w, cell_w = 0, y, y_top, x0;

  for (int e = 0; e < N_ERAS; e++)
    {
      names[e] = _(era_names[e]);
      cells[e][0] = ab_format_words (res->flops[e]);
      cells[e][1] = ab_format_bytes (res->bytes[e]);
      cells[e][2] = ab_format_count ((guint64) res->sequential[e]);
      for (int c = 0; c < 3; c++)
        {
          double w;
          ab_text_measure (cr, AB_TEXT_VALUE, cells[e][c], -1, &w, NULL);
          cell_w = MAX (cell_w, w);
        }
    }
  name_w = ab_text_max_width (cr, AB_TEXT_LABEL, names, N_ERAS, TRUE);
  ab_text_measure (cr, AB_TEXT_LABEL, "Ag", -1, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "0", -1, NULL, &value_h);
  /* Columns as wide as their contents need, not the whole strip. */
  cell_w = MAX (cell_w, ab_text_max_width (cr, AB_TEXT_LABEL, headers, 3, TRUE));
  col_w = MIN ((r.w - name_w - 24) / 3, cell_w * 1.35 + 24);
  for (int c = 0; c < 3; c++)
    {
      double h;
      ab_text_measure (cr, AB_TEXT_LABEL, headers[c], col_w - 16, NULL, &h);
      header_h = MAX (header_h, h);
    }
  row_h = MIN ((r.h - header_h - 12) / N_ERAS, MAX (label_h, value_h) * 1.9);
  x0 = r.x + name_w + 24;
  y = y_top = r.y + (r.h - header_h - 12 - row_h * N_ERAS) / 2;

  for (int c = 0; c < 3; c++)
    if (reveal[c] > 0)
      ab_text (cr, AB_TEXT_LABEL, headers[c], x0 + (c + 1) * col_w - 12, y,
               ab_rgb_mix (AB_BG, AB_TEXT_DIM, reveal[c]), AB_ALIGN_RIGHT, col_w - 16);
  y += header_h + 6;
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, r.x, y);
  cairo_line_to (cr, x0 + 3 * col_w, y);
  cairo_stroke (cr);
  cairo_restore (cr);
  y += 6;

  draw_summary (res, cr, (AbRect) { x0 + 3 * col_w + 48, y_top, r.x + r.w - (x0 + 3 * col_w + 48),
                                    y + row_h * N_ERAS - y_top }, position);
  for (int e = 0; e < N_ERAS; e++)
    {
      double ry = y + e * row_h;
      g_autofree char *name = g_markup_escape_text (names[e], -1);

      ab_text (cr, AB_TEXT_LABEL, name, r.x, ry + (row_h - label_h) / 2, era_color (e), AB_ALIGN_LEFT, -1);
      for (int c = 0; c < 3; c++)
        {
          if (reveal[c] > 0)
            ab_text (cr, AB_TEXT_VALUE, cells[e][c], x0 + (c + 1) * col_w - 12, ry + (row_h - value_h) / 2,
                     ab_rgb_mix (AB_BG, AB_TEXT, reveal[c]), AB_ALIGN_RIGHT, -1);
          g_free (cells[e][c]);
        }
    }
}

static void
ab_era_comparison_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_plot (res, cr, layout->stages[STAGE_FLOPS], METRIC_FLOPS, ab_tween (position, -1, STEP_FLOPS));
  draw_plot (res, cr, layout->stages[STAGE_MEMORY], METRIC_BYTES, ab_tween (position, STEP_FLOPS, STEP_MEMORY));
  draw_table (res, cr, layout->stages[STAGE_TABLE], position);
}

static char *
ab_era_comparison_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("Attention for a sentence of %d words translated into %d, with both axes "
                               "logarithmic from %d to %d words."),
                          res->n, res->n, N_MIN, N_MAX);
  for (int e = 0; e < N_ERAS; e++)
    {
      g_autofree char *flops = ab_format_words (res->flops[e]);
      g_autofree char *bytes = ab_format_bytes (res->bytes[e]);
      g_string_append_printf (s, _(" %s: %s FLOPs, %s of attention weights kept in FP32, %d steps in sequence."),
                              _(era_names[e]), flops, bytes, res->sequential[e]);
    }
  return g_string_free (s, FALSE);
}

/* Values for the prose ---------------------------------------------------------- */

/* Arguments: era, N. */
static char *
get_flops (const AbValueArgs *args, GError **error)
{
  double v = era_flops (args->ints[0], args->ints[1]);

  if (!isfinite (v))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the cost kernel has no model “%s”"),
                   "transformer-base");
      return NULL;
    }
  return ab_format_words (v);
}

/* Arguments: era, N, precision. */
static char *
get_bytes (const AbValueArgs *args, GError **error)
{
  double v = era_bytes (args->ints[0], args->ints[1], ab_cost_precision_bytes (args->words[2]));

  if (!isfinite (v))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the cost kernel has no model “%s”"),
                   "transformer-base");
      return NULL;
    }
  return ab_format_bytes (v);
}

/* Arguments: N, precision. */
static char *
get_tanh_bytes (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (era_tanh_bytes (args->ints[0], ab_cost_precision_bytes (args->words[1])));
}

static const AbValueSpec era_values[] = {
  { "flops.{additive|dot|self}.n{1..1048576}", get_flops,
    "attention FLOPs for an N-word sentence translated into N words (\"2.07 billion\")" },
  { "bytes.{additive|dot|self}.n{1..1048576}.{fp32|fp16|bf16|fp8}", get_bytes,
    "attention weights one sequence keeps for backward, additive's tanh outputs included" },
  { "tanh-bytes.n{1..1048576}.{fp32|fp16|bf16|fp8}", get_tanh_bytes,
    "additive scoring's N² · 1,000 tanh outputs" },
};

AB_VALUE_FAMILY (ab_era_values, "era", era_values);

static const AbDiagramInfo info = {
  .name = "era-comparison",
  .title = N_("Three eras of attention against sequence length"),
  .note = N_("Attention only: scores and the weighted sum of values. RNNs: d = d<sub>a</sub> = 1,000 (Bahdanau "
             "§4.2, Luong §4.1), U<sub>a</sub>h<sub>j</sub> computed once per source word. Transformer: the base "
             "encoder (Vaswani Table 3). FLOPs = 2 × multiply-adds + tanh; binary units."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_era_comparison_diagram_update, .draw = ab_era_comparison_diagram_draw,
  .dup_title = ab_era_comparison_diagram_dup_title,
  .describe = ab_era_comparison_diagram_describe,
};

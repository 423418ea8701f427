/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-attention-memory-diagram.c — the N² memory of attention, multiplied out
 *
 * Left: nested squares, one per sequence length from 128 to 32,768 tokens,
 * each with a side proportional to N, so their areas are the sizes of the
 * attention matrices: every step outwards is four times the one inside.
 * Right: the bytes, from src/kernels/cost.c, on a log scale: one matrix →
 * one layer (× heads) → one sequence (× layers) → a batch of 32, against the
 * memory of a 16 GB and a 32 GB V100 (2019). Underneath: what the naive
 * attention kernel (src/kernels/attn-naive.c) plans to allocate for one head
 * of the chosen N, checked against an interactive budget; past the budget
 * the kernel refuses and the diagram shows its refusal instead.
 *
 * Steps: one matrix → × heads → × layers → a batch on a GPU.
 */
#define G_LOG_DOMAIN "ab-attention-memory-diagram"

#include "ab-attention-memory-diagram.h"
#include "ab-format.h"
#include "ab-draw.h"
#include "attention.h"
#include "cost.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_MATRIX, STEP_LAYER, STEP_MODEL, STEP_BATCH, N_STEPS };
enum { STAGE_SQUARES, STAGE_BARS, STAGE_SUMMARY, N_STAGES };

#define BATCH 32
#define LOG2_MIN 14.0   /* axis from 16 KiB … */
#define LOG2_MAX 48.0   /* … to 256 TiB */
#define N_LENGTHS 9
#define N_MAX 32768.0   /* the outer square */
/* Every model offered has heads of width 64 (d_model / heads). */
#define D_HEAD 64
/* What one head's naive score matrix may take here: the diagram asks the
 * kernel whether it would run at N, and a budget a laptop can spare keeps
 * the answer honest (32768² fp32 scores = 4 GiB do not fit; 16384² do). */
#define INTERACTIVE_BUDGET ((size_t) 2 << 30)

static const char *const lengths[] = { "128", "256", "512", "1024", "2048", "4096", "8192", "16384", "32768", NULL };
static const char *const models[] = { "bert-base", "bert-large", "gpt2-small", "transformer-base", NULL };
static const char *const precisions[] = { "fp32", "fp16", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbAttentionMemoryDiagram, ab_attention_memory_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · One head in one layer stores an N × N matrix of weights"),
  N_("2 · Every head of the layer stores its own"),
  N_("3 · Every layer too: the total for one sequence"),
  N_("4 · Training takes a batch: 32 sequences against a 2019 GPU"),
};

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 2,
    .choices = lengths },
  { .key = "model", .label = N_("Model shape"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 0,
    .choices = models },
  { .key = "precision", .label = N_("Precision"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 1,
    .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("the current N (square, left; bars, right)"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("GPU memory of a 2019 V100; red bar: does not fit"), AB_COLOR_HBM, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* Squares beside the bars over a strip of readouts; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 0.6, 0.85, AB_STAGE_ROW }, { 1, 0.85, AB_STAGE_ROW }, { 0.125, 0.22, AB_STAGE_BELOW },
};

typedef struct
{
  int                index;         /* of the chosen N in lengths[] */
  int                n;
  const AbCostModel *model;
  int                bytes;         /* per element */
  double             sizes[N_STEPS];
  size_t             plan_bytes;    /* the naive kernel's score buffer for one head */
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_attention_memory_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { .index = (int) ab_diagram_get_param (diagram, "n") };
  AbAttnOptions opts = { .mem_budget = ab_attention_budget_or (INTERACTIVE_BUDGET) };   /* the preference wins */
  AbAttnShape shape;
  AbAttnError err;

  res.n = atoi (lengths[res.index]);
  res.model = ab_cost_find_model (models[(int) ab_diagram_get_param (diagram, "model")]);
  res.bytes = ab_cost_precision_bytes (precisions[(int) ab_diagram_get_param (diagram, "precision")]);
  res.sizes[STEP_MATRIX] = (double) ab_cost_matrix_bytes (res.n, res.bytes);
  res.sizes[STEP_LAYER] = (double) ab_cost_stack_bytes (res.n, res.model->heads, 1, res.bytes);
  res.sizes[STEP_MODEL] = (double) ab_cost_stack_bytes (res.n, res.model->heads, res.model->layers, res.bytes);
  res.sizes[STEP_BATCH] = res.sizes[STEP_MODEL] * BATCH;

  /* One head of self-attention at N, as the naive kernel would run it (fp32 scores). */
  shape = (AbAttnShape) { .n_q = res.n, .n_kv = res.n, .d = D_HEAD };
  switch (ab_attention_naive_plan (&shape, &opts, &res.plan_bytes, &err))
    {
    case AB_ATTN_OK:
      break;
    case AB_ATTN_E_BUDGET:
      {
        g_autofree char *need = ab_format_bytes ((double) err.bytes_needed);
        g_autofree char *budget = ab_format_bytes ((double) err.budget);
        g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                     _("N = %d needs %s of fp32 scores for one head; the budget is %s"), res.n, need, budget);
        return FALSE;
      }
    default:
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
      return FALSE;
    }
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static char *
ab_attention_memory_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);

  return g_strdup_printf (_("Attention memory at N = %d: %s, %s"), res->n, res->model->name,
                          res->bytes == 4 ? "FP32" : "FP16");
}

static void
draw_squares (const Result *res, cairo_t *cr, AbRect panel, double reveal)
{
  const char *note = _("side ∝ N, area ∝ N²: each square is 4× the one inside it");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading;
  double note_h, label_h, side_max, x0, y1;
  g_autofree char *current = g_strdup_printf ("N = %d", res->n);

  ab_draw_panel (cr, panel, _("The N × N matrix, to scale"));
  ab_text_measure (cr, AB_TEXT_HEADING, _("The N × N matrix, to scale"), panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_SMALL, note, panel.w - 2 * pad, NULL, &note_h);
  ab_text_measure (cr, AB_TEXT_VALUE, current, -1, NULL, &label_h);
  y1 = panel.y + panel.h - pad - note_h - 8;
  side_max = MIN (panel.w - 2 * pad, y1 - (panel.y + 14 + heading + pad));
  x0 = panel.x + (panel.w - side_max) / 2;

  for (int i = N_LENGTHS - 1; i >= 0; i--)
    {
      double side = side_max * atoi (lengths[i]) / N_MAX;
      gboolean is_current = i == res->index;

      cairo_save (cr);
      cairo_rectangle (cr, x0, y1 - side, side, side);
      ab_set_rgba (cr, is_current ? AB_ACTIVE : AB_MUTED,
                   is_current ? 0.25 + 0.35 * reveal : 0.06 + 0.03 * (N_LENGTHS - i));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, is_current ? AB_ACTIVE : AB_BORDER);
      cairo_set_line_width (cr, is_current ? 3 : 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      /* The two outer squares carry their N in their corner. */
      if (i >= N_LENGTHS - 2)
        {
          g_autofree char *label = g_strdup_printf ("N = %s", lengths[i]);
          ab_text (cr, AB_TEXT_VALUE, label, x0 + side - 8, y1 - side + 6, is_current ? AB_TEXT : AB_TEXT_DIM,
                   AB_ALIGN_RIGHT, -1);
        }
    }
  /* A smaller current square gets its label in the free band of the
   * 16384 square, with a leader line to its corner. */
  if (res->index < N_LENGTHS - 2)
    {
      double side = MAX (side_max * res->n / N_MAX, 4);
      double lx = x0 + side_max * 0.29, ly = y1 - side_max * 0.42;

      cairo_save (cr);
      ab_set_rgb (cr, AB_ACTIVE);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x0 + side, y1 - side);
      cairo_line_to (cr, lx - 4, ly + label_h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, current, lx, ly, AB_TEXT, AB_ALIGN_LEFT, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, note, panel.x + pad, y1 + 8, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad);
}

static double
axis_x (AbRect plot, double bytes)
{
  double l = log2 (MAX (bytes, 1.0));
  return plot.x + plot.w * (CLAMP (l, LOG2_MIN, LOG2_MAX) - LOG2_MIN) / (LOG2_MAX - LOG2_MIN);
}

static void
draw_bars (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  static const double gpus[] = { 16.0 * 1024 * 1024 * 1024, 32.0 * 1024 * 1024 * 1024 };
  g_autofree char *layer_label = g_strdup_printf (_("one layer (× %d heads)"), res->model->heads);
  g_autofree char *model_label = g_strdup_printf (_("one sequence (× %d layers)"), res->model->layers);
  g_autofree char *batch_label = g_strdup_printf (_("batch of %d sequences"), BATCH);
  const char *labels[N_STEPS] = { _("one matrix"), layer_label, model_label, batch_label };
  const char *title = _("Bytes of attention weights kept for the backward pass");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading;
  double label_w = 0, label_h, small_h, value_h, tick_h, pitch, bar_h;
  gboolean above;
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  for (int s = 0; s < N_STEPS; s++)
    {
      double w;
      ab_text_measure (cr, AB_TEXT_LABEL, labels[s], -1, &w, &label_h);
      label_w = MAX (label_w, w);
    }
  ab_text_measure (cr, AB_TEXT_SMALL, "GB", -1, NULL, &small_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "0", -1, NULL, &value_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "1 MiB", -1, NULL, &tick_h);
  /* Labels left of the bars when that leaves the bars room, else over them. */
  above = panel.w - 2 * pad - label_w - 12 < 2.2 * label_w;
  plot.x = panel.x + pad + (above ? 0 : label_w + 12);
  plot.y = panel.y + 14 + heading + small_h + 22;
  plot.w = panel.x + panel.w - pad - plot.x;
  plot.h = panel.y + panel.h - pad - tick_h - small_h - 12 - plot.y;
  pitch = plot.h / N_STEPS;
  bar_h = MIN (pitch * (above ? 0.4 : 0.32), value_h * 2.2);

  /* Axis: powers of 1024. */
  for (int p = 20; p <= 40; p += 10)
    {
      double x = axis_x (plot, ldexp (1.0, p));
      g_autofree char *t = ab_format_bytes (ldexp (1.0, p));
      cairo_save (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, plot.y);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, t, x, plot.y + plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("bytes, log scale"), plot.x + plot.w / 2, plot.y + plot.h + tick_h + 8,
           AB_TEXT_DIM, AB_ALIGN_CENTER, -1);

  /* The GPUs first, so the values read over their lines. */
  if (position > STEP_MODEL)
    for (guint g = 0; g < G_N_ELEMENTS (gpus); g++)
      {
        double x = axis_x (plot, gpus[g]);
        cairo_save (cr);
        ab_set_rgba (cr, AB_HBM, ab_tween (position, STEP_MODEL, STEP_BATCH));
        cairo_set_line_width (cr, 2.5);
        cairo_set_dash (cr, (double[]) { 8, 6 }, 2, 0);
        cairo_move_to (cr, x, plot.y - 8);
        cairo_line_to (cr, x, plot.y + plot.h);
        cairo_stroke (cr);
        cairo_restore (cr);
        ab_text (cr, AB_TEXT_SMALL, g == 0 ? _("V100 16 GB") : _("32 GB"), x + (g == 0 ? -6 : 6),
                 plot.y - small_h - 12, AB_HBM, g == 0 ? AB_ALIGN_RIGHT : AB_ALIGN_LEFT, -1);
      }

  for (int s = 0; s < N_STEPS; s++)
    {
      double reveal = ab_tween (position, s - 1, s);
      double y = plot.y + s * pitch + (pitch - bar_h) / 2 + (above ? label_h / 2 : 0);
      g_autofree char *text = ab_format_bytes (res->sizes[s]);
      double x1;

      if (reveal <= 0)
        continue;
      x1 = plot.x + (axis_x (plot, res->sizes[s]) - plot.x) * reveal;
      if (above)
        ab_text (cr, AB_TEXT_LABEL, labels[s], plot.x, y - label_h - 4, AB_TEXT, AB_ALIGN_LEFT, -1);
      else
        ab_text (cr, AB_TEXT_LABEL, labels[s], plot.x - 12, y + (bar_h - label_h) / 2, AB_TEXT,
                 AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { plot.x, y, MAX (x1 - plot.x, 4), bar_h }, 5);
      ab_set_rgba (cr, res->sizes[s] > gpus[0] && s == STEP_BATCH ? AB_HBM : AB_ACTIVE, 0.85);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, text, x1 + 10, y + (bar_h - value_h) / 2, AB_TEXT, AB_ALIGN_LEFT, -1);
    }
}

static void
draw_summary (const Result *res, cairo_t *cr, AbRect r)
{
  g_autofree char *matrix = ab_format_bytes (res->sizes[STEP_MATRIX]);
  g_autofree char *model = ab_format_bytes (res->sizes[STEP_MODEL]);
  g_autofree char *count = ab_format_count ((guint64) res->n * res->n);
  g_autofree char *plan = ab_format_bytes ((double) res->plan_bytes);
  g_autofree char *budget = ab_format_bytes ((double) ab_attention_budget_or (INTERACTIVE_BUDGET));
  g_autofree char *summary = g_strdup_printf (_("N² = %s entries of %d bytes: %s per head per layer. Doubling "
                                                "N multiplies every bar by 4. One sequence: %s."),
                                              count, res->bytes, matrix, model);
  g_autofree char *kernel = g_strdup_printf (_("Naive kernel, one head: %s of fp32 scores (plan from "
                                               "src/kernels, within this diagram's %s budget)."),
                                             plan, budget);

  r.y += ab_text (cr, AB_TEXT_BODY, summary, r.x, r.y, AB_TEXT, AB_ALIGN_LEFT, r.w) + 4;
  ab_text (cr, AB_TEXT_LABEL, kernel, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

static void
ab_attention_memory_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_squares (res, cr, layout->stages[STAGE_SQUARES], ab_tween (position, -1, 0));
  draw_bars (res, cr, layout->stages[STAGE_BARS], position);
  draw_summary (res, cr, layout->stages[STAGE_SUMMARY]);
}

static char *
ab_attention_memory_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *a = ab_format_bytes (res->sizes[STEP_MATRIX]);
  g_autofree char *b = ab_format_bytes (res->sizes[STEP_LAYER]);
  g_autofree char *c = ab_format_bytes (res->sizes[STEP_MODEL]);
  g_autofree char *d = ab_format_bytes (res->sizes[STEP_BATCH]);
  g_autofree char *plan = ab_format_bytes ((double) res->plan_bytes);

  return g_strdup_printf (_("Attention memory at N = %d for %s in %s: one matrix %s, one layer %s, one "
                            "sequence %s, a batch of %d sequences %s. The naive kernel needs %s of fp32 "
                            "scores for one head."),
                          res->n, res->model->name, res->bytes == 4 ? "FP32" : "FP16", a, b, c, BATCH, d,
                          plan);
}

static const AbDiagramInfo info = {
  .name = "attention-memory",
  .title = N_("The N² memory of attention, multiplied out"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_attention_memory_diagram_update, .draw = ab_attention_memory_diagram_draw,
  .dup_title = ab_attention_memory_diagram_dup_title,
  .describe = ab_attention_memory_diagram_describe,
};

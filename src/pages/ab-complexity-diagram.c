/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-complexity-diagram.c — memory and FLOPs of every method against N
 *
 * Two log-log charts, N from 256 to 2²¹ tokens: the attention memory of one
 * head (binary units on the axis) and its FLOPs, for dense attention, the
 * Sparse Transformer's strided pattern, Reformer's LSH chunks, Linformer,
 * Performer and the FlashAttention forward, every point an exact count
 * from src/kernels/attn-complexity.c. One 80 GB A100 (decimal GB, from
 * src/kernels/gpu-specs.c) is a line on the memory chart, one second of
 * its dense BF16 peak a line on the FLOPs chart; era markers stand at
 * GPT-2's 1,024, Longformer's 4,096 and Gemini 1.5's 1M tokens. The
 * slider's N puts a dot on each curve and the readouts under the charts.
 *
 * Steps: dense → sparse and LSH → low rank and kernels → FlashAttention.
 */
#define G_LOG_DOMAIN "ab-complexity-diagram"

#include "ab-complexity-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "attn-complexity.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_DENSE, STEP_SPARSE, STEP_LINEAR, STEP_FLASH, N_STEPS };
enum { STAGE_MEMORY, STAGE_FLOPS, STAGE_READOUTS, N_STAGES };
enum { CURVE_DENSE, CURVE_SPARSE, CURVE_REFORMER, CURVE_LINFORMER, CURVE_PERFORMER, CURVE_FLASH, N_CURVES };
enum { CHART_MEMORY, CHART_FLOPS };

#define LOG2_N_MIN  8.0    /* N = 256 … */
#define LOG2_N_MAX 21.0    /* … 2,097,152 */
#define N_POINTS   105     /* eight per octave */
#define LOG2_B_MIN 10.0    /* memory axis: 1 KiB … */
#define LOG2_B_MAX 43.0    /* … 8 TiB */
#define LOG10_F_MIN 6.0    /* FLOPs axis: 10⁶ … */
#define LOG10_F_MAX 16.0   /* … 10¹⁶ */

AB_DEFINE_PLAIN_DIAGRAM (AbComplexityDiagram, ab_complexity_diagram, info)

static const char *const steps[N_STEPS] = {
  /* Written by dup_caption with the crossing N from the A100's capacity. */
  N_("1 · Dense attention stores N² scores: one head's FP16 matrix outgrows a whole 80 GB A100"),
  N_("2 · Sparse patterns (N√N) and Reformer's hashed chunks bend the curves: each query now scores a "
     "few keys, not all N"),
  N_("3 · Linformer and Performer go linear in N by approximating every score; at short N they cost more "
     "than dense"),
  N_("4 · FlashAttention (2022) does all of dense attention's FLOPs, exactly, with memory linear in N"),
};

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_SLIDER, .min = 256, .max = 2097152,
    .step = 1, .default_value = 32768, .log_scale = TRUE, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("one A100: all its HBM (decimal GB) · one second at its dense BF16 peak"), AB_COLOR_HBM,
    AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("a model's context: GPT-2 (2019), Longformer (2020), Gemini 1.5 (2024)"), AB_COLOR_MUTED,
    AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("the slider's N"), AB_COLOR_ACTIVE, AB_SWATCH_DOT, AB_STEPS_ALL },
};

/* The charts side by side over the readouts; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW }, { 0.17, 0.42, AB_STAGE_BELOW },
};

static const AbComplexityMethod methods[N_CURVES] = {
  AB_CX_DENSE, AB_CX_SPARSE, AB_CX_REFORMER, AB_CX_LINFORMER, AB_CX_PERFORMER, AB_CX_FLASH,
};

static const char *const curve_names[N_CURVES] = {
  N_("Dense"), N_("Sparse Transformer"), N_("Reformer (LSH)"), N_("Linformer"), N_("Performer"),
  N_("FlashAttention"),
};

/* Growth of memory and FLOPs, as the papers state it. */
static const char *const curve_orders[N_CURVES] = {
  "O(N²)", "O(N√N)", "O(N log N)", "O(N·k)", "O(N·m·d)", N_("O(N) memory"),
};

static const int curve_step[N_CURVES] = {
  STEP_DENSE, STEP_SPARSE, STEP_SPARSE, STEP_LINEAR, STEP_LINEAR, STEP_FLASH,
};

static AbRgb curve_color (int c);

/* Drawing order: Reformer's curves run on Performer's, so they come last
 * (dashed) with FlashAttention's; Linformer's FLOPs run on Performer's, so
 * Performer is drawn wide underneath and shows as a halo. */
static const int draw_order[N_CURVES] = {
  CURVE_DENSE, CURVE_SPARSE, CURVE_PERFORMER, CURVE_LINFORMER, CURVE_REFORMER, CURVE_FLASH,
};

/* Dash of a curve (and of its swatch); 0 = solid. */
static double
curve_dash (int c, gboolean flops)
{
  return c == CURVE_REFORMER ? 6 : c == CURVE_FLASH && flops ? 10 : 0;
}

static void
set_curve_style (cairo_t *cr, int c, gboolean flops)
{
  double dash = curve_dash (c, flops);

  ab_set_rgb (cr, curve_color (c));
  cairo_set_line_width (cr, c == CURVE_PERFORMER ? 5 : c == CURVE_FLASH || c == CURVE_REFORMER ? 3 : 2.5);
  if (dash > 0)
    cairo_set_dash (cr, (double[]) { dash, dash * 0.8 }, 2, 0);
}

static AbRgb
curve_color (int c)
{
  switch (c)
    {
    case CURVE_DENSE:
      return AB_TEXT;
    case CURVE_FLASH:
      return AB_SRAM;
    default:
      return AB_HEADS[c - 1];
    }
}

/* Context lengths of the era, in tokens: GPT-2's 1,024 (Radford et al.,
 * 2019, "Language Models are Unsupervised Multitask Learners" §2.3);
 * Longformer's 4,096, the length it was pretrained on (arXiv:2004.05150);
 * Gemini 1.5's "1M", decimal (Gemini Team, arXiv:2403.05530). */
static const struct
{
  double      n;
  const char *label;
} eras[] = {
  { 1024, N_("GPT-2, 2019") }, { 4096, N_("Longformer, 2020") }, { 1e6, N_("Gemini 1.5, 2024: 1M") },
};

typedef struct
{
  int                n;
  AbComplexityParams params;
  double             hbm_bytes;       /* one A100, decimal GB → bytes */
  double             peak_flops;      /* one A100-second at dense BF16 peak */
  double             mem[N_CURVES][N_POINTS], flops[N_CURVES][N_POINTS];
  AbComplexity       at_n[N_CURVES];
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static double
point_n (int i)
{
  return round (exp2 (LOG2_N_MIN + (LOG2_N_MAX - LOG2_N_MIN) * i / (N_POINTS - 1)));
}

static gboolean
ab_complexity_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autofree Result *res = g_new0 (Result, 1);
  const AbGpuSpec *a100 = ab_gpu_spec (AB_GPU_A100);
  AbApproxError err = { 0 };

  res->n = (int) ab_diagram_get_param (diagram, "n");
  ab_complexity_params_init (&res->params);
  res->hbm_bytes = a100->hbm_gb * 1e9;
  res->peak_flops = a100->tflops_bf16_dense * 1e12;
  for (int c = 0; c < N_CURVES; c++)
    {
      for (int i = 0; i < N_POINTS; i++)
        {
          AbComplexity cx;
          if (ab_complexity (methods[c], (uint64_t) point_n (i), &res->params, &cx, &err) != AB_APPROX_OK)
            goto failed;
          res->mem[c][i] = (double) cx.bytes;
          res->flops[c][i] = (double) cx.flops;
        }
      if (ab_complexity (methods[c], (uint64_t) res->n, &res->params, &res->at_n[c], &err) != AB_APPROX_OK)
        goto failed;
    }
  ab_diagram_set_result (diagram, g_steal_pointer (&res), g_free);
  return TRUE;

failed:
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
  return FALSE;
}

static char *
ab_complexity_diagram_dup_title (AbDiagram *diagram)
{
  g_autofree char *n = ab_format_count ((guint64) result (diagram)->n);

  return g_strdup_printf (_("What attention costs as N grows: one head at N = %s"), n);
}

/* Step 1 names the N at which one head's dense scores fill one A100. */
static char *
ab_complexity_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *n = NULL;

  if (step != STEP_DENSE)
    return g_strdup (_(steps[step]));
  n = ab_format_count ((guint64) floor (sqrt (res->hbm_bytes / res->params.elem_bytes)));
  return g_strdup_printf (_("1 · Dense attention stores N² scores: one head's FP16 matrix outgrows a whole "
                            "%.0f GB A100 at N = %s"), res->hbm_bytes / 1e9, n);
}

/* "16.8 M", "4.29 G", "1.13 P": FLOPs, with decimal prefixes. */
static char *
format_si (double v)
{
  static const char *const prefixes[] = { "", "k", "M", "G", "T", "P", "E" };
  g_autofree char *num = NULL;
  guint p = 0;

  while (v >= 1000.0 && p < G_N_ELEMENTS (prefixes) - 1)
    {
      v /= 1000.0;
      p++;
    }
  num = ab_format_trimmed (v, v < 10 ? 2 : v < 100 ? 1 : 0);
  return g_strdup_printf ("%s %s", num, prefixes[p]);
}

/* A chart: its plot rectangle and the log ranges of its axes (log2 N
 * across; log2 bytes or log10 FLOPs up). */
typedef struct
{
  AbRect plot;
  double y_lo, y_hi;
  gboolean flops;
} Chart;

static double
chart_x (const Chart *ch, double n)
{
  return ch->plot.x + ch->plot.w * (log2 (n) - LOG2_N_MIN) / (LOG2_N_MAX - LOG2_N_MIN);
}

static double
chart_y (const Chart *ch, double v)
{
  double l = ch->flops ? log10 (MAX (v, 1.0)) : log2 (MAX (v, 1.0));
  return ch->plot.y + ch->plot.h * (1 - (CLAMP (l, ch->y_lo, ch->y_hi) - ch->y_lo) / (ch->y_hi - ch->y_lo));
}

static void
stroke_line (cairo_t *cr, double x0, double y0, double x1, double y1, AbRgb color, double alpha,
             double width, gboolean dashed)
{
  cairo_save (cr);
  ab_set_rgba (cr, color, alpha);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 7, 5 }, 2, 0);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The panel, its axes, ticks and era markers; fills ch->plot. */
static void
draw_frame (cairo_t *cr, AbRect panel, Chart *ch, const char *title)
{
  static const int n_ticks[] = { 1000, 10000, 100000, 1000000 };
  static const char *const n_labels[] = { "1k", "10k", "100k", "1M" };
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, small_h, tick_h, tick_w = 0;
  double era_h;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_SMALL, "GPT", -1, NULL, &small_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "1 KiB", -1, NULL, &tick_h);
  for (double l = ch->y_lo; l <= ch->y_hi + 1e-9; l += ch->flops ? 2 : 5)
    {
      g_autofree char *t = ch->flops ? g_strdup_printf ("10<sup>%.0f</sup>", l) : ab_format_bytes (exp2 (l));
      double w;
      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, t, -1, &w, NULL);
      tick_w = MAX (tick_w, w);
    }
  /* Era labels stand in two rows over the plot, so neighbours never meet. */
  era_h = 2 * small_h + 6;
  ch->plot = (AbRect) { panel.x + pad + tick_w + 8, panel.y + 14 + heading + era_h + 6, 0, 0 };
  ch->plot.w = panel.x + panel.w - pad - ch->plot.x;
  ch->plot.h = panel.y + panel.h - pad - 2 * small_h - 10 - ch->plot.y;

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, ch->plot.x, ch->plot.y, ch->plot.w, ch->plot.h);
  cairo_fill (cr);
  cairo_restore (cr);

  for (double l = ch->y_lo; l <= ch->y_hi + 1e-9; l += ch->flops ? 2 : 5)
    {
      g_autofree char *t = ch->flops ? g_strdup_printf ("10<sup>%.0f</sup>", l) : ab_format_bytes (exp2 (l));
      double y = ch->plot.y + ch->plot.h * (1 - (l - ch->y_lo) / (ch->y_hi - ch->y_lo));
      stroke_line (cr, ch->plot.x, y, ch->plot.x + ch->plot.w, y, AB_BORDER, 1, 1, FALSE);
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, ch->plot.x - 6, y - tick_h / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (n_ticks); i++)
    {
      double x = chart_x (ch, n_ticks[i]);
      stroke_line (cr, x, ch->plot.y, x, ch->plot.y + ch->plot.h, AB_BORDER, 1, 1, FALSE);
      ab_text (cr, AB_TEXT_SMALL, n_labels[i], x, ch->plot.y + ch->plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("sequence length N (log scale)"), ch->plot.x + ch->plot.w / 2,
           ch->plot.y + ch->plot.h + small_h + 8, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);

  for (guint e = 0; e < G_N_ELEMENTS (eras); e++)
    {
      const char *label = _(eras[e].label);
      double x = chart_x (ch, eras[e].n), w, lx;

      ab_text_measure (cr, AB_TEXT_SMALL, label, -1, &w, NULL);
      lx = CLAMP (x - w / 2, panel.x + pad, panel.x + panel.w - pad - w);
      stroke_line (cr, x, ch->plot.y - (e % 2 ? 4 : small_h + 8), x, ch->plot.y + ch->plot.h, AB_MUTED, 1, 1.5,
                   TRUE);
      ab_text (cr, AB_TEXT_SMALL, label, lx, ch->plot.y - era_h - 4 + (e % 2) * (small_h + 4), AB_TEXT_DIM,
               AB_ALIGN_LEFT, -1);
    }
}

/* One A100's capacity (memory) or one second of its peak (FLOPs). */
static void
draw_limit (const Result *res, cairo_t *cr, const Chart *ch)
{
  double v = ch->flops ? res->peak_flops : res->hbm_bytes, y = chart_y (ch, v), h;
  g_autofree char *label = NULL;

  if (ch->flops)
    label = g_strdup_printf (_("one A100-second at %.0f TFLOPS"), res->peak_flops / 1e12);
  else
    label = g_strdup_printf (_("one %.0f GB A100"), res->hbm_bytes / 1e9);
  ab_text_measure (cr, AB_TEXT_SMALL, label, -1, NULL, &h);
  stroke_line (cr, ch->plot.x, y, ch->plot.x + ch->plot.w, y, AB_HBM, 1, 2, TRUE);
  ab_text (cr, AB_TEXT_SMALL, label, ch->plot.x + 6, y - h - 3, AB_HBM, AB_ALIGN_LEFT, -1);
  /* Where one head's dense scores fill the GPU. */
  if (!ch->flops)
    {
      cairo_save (cr);
      ab_set_rgb (cr, AB_HBM);
      cairo_set_line_width (cr, 2);
      cairo_arc (cr, chart_x (ch, sqrt (res->hbm_bytes / res->params.elem_bytes)), y, 7, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_curves (const Result *res, cairo_t *cr, const Chart *ch, double position)
{
  double xn = chart_x (ch, res->n);

  stroke_line (cr, xn, ch->plot.y, xn, ch->plot.y + ch->plot.h, AB_ACTIVE, 0.8, 2, FALSE);
  for (int o = 0; o < N_CURVES; o++)
    {
      int c = draw_order[o];
      double reveal = ab_tween (position, curve_step[c] - 1, curve_step[c]);
      const double *v = ch->flops ? res->flops[c] : res->mem[c];
      double at = ch->flops ? (double) res->at_n[c].flops : (double) res->at_n[c].bytes;

      if (reveal <= 0)
        continue;
      /* Each curve is drawn in from the left as its step arrives. */
      cairo_save (cr);
      cairo_rectangle (cr, ch->plot.x, ch->plot.y - 4, ch->plot.w * reveal, ch->plot.h + 8);
      cairo_clip (cr);
      /* FlashAttention's FLOPs are dense attention's: dashed, so both show. */
      set_curve_style (cr, c, ch->flops);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (int i = 0; i < N_POINTS; i++)
        {
          double x = chart_x (ch, point_n (i)), y = chart_y (ch, v[i]);
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      cairo_restore (cr);

      if (reveal >= 1)
        {
          cairo_save (cr);
          cairo_arc (cr, xn, chart_y (ch, at), 5, 0, 2 * G_PI);
          ab_set_rgb (cr, curve_color (c));
          cairo_fill_preserve (cr);
          ab_set_rgb (cr, AB_BG);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
}

static void
draw_chart (const Result *res, cairo_t *cr, AbRect panel, gboolean flops, double position)
{
  Chart ch = { .flops = flops };

  if (flops)
    {
      ch.y_lo = LOG10_F_MIN;
      ch.y_hi = LOG10_F_MAX;
    }
  else
    {
      ch.y_lo = LOG2_B_MIN;
      ch.y_hi = LOG2_B_MAX;
    }
  draw_frame (cr, panel, &ch, flops ? _("FLOPs per head (log scale)")
                                         : _("Attention memory per head (log scale)"));
  draw_limit (res, cr, &ch);
  draw_curves (res, cr, &ch, position);
}

/* The readouts: one entry per method, in the curve's colour, with its
 * memory and FLOPs at the slider's N. They double as the curves' legend. */
static void
draw_readouts (const Result *res, cairo_t *cr, AbRect r, double position)
{
  int cols = r.w > 900 ? 3 : 2, rows = (N_CURVES + cols - 1) / cols;
  double gap = ab_style_gap (cr), cw = (r.w - (cols - 1) * gap) / cols, line_h, swatch;

  ab_text_measure (cr, AB_TEXT_LABEL, "Dense", -1, NULL, &line_h);
  swatch = line_h * 1.6;
  for (int c = 0; c < N_CURVES; c++)
    {
      double reveal = ab_tween (position, curve_step[c] - 1, curve_step[c]);
      double x = r.x + (c % cols) * (cw + gap), y = r.y + (c / cols) * (r.h / rows);
      g_autofree char *mem = ab_format_bytes ((double) res->at_n[c].bytes);
      g_autofree char *flops = format_si ((double) res->at_n[c].flops);
      g_autofree char *head = g_strdup_printf ("<b>%s</b>  %s", _(curve_names[c]), _(curve_orders[c]));
      g_autofree char *values = NULL;
      gboolean over = (double) res->at_n[c].bytes > res->hbm_bytes;
      AbRgb color = ab_rgb_mix (AB_PANEL, curve_color (c), MAX (reveal, 0.25));
      double h;

      if (over)
        values = g_strdup_printf (_("%s <span foreground=\"#ef4444\">(over one A100)</span> · %sFLOP"), mem,
                                  flops);
      else
        values = g_strdup_printf (_("%s · %sFLOP"), mem, flops);
      /* A piece of the curve, dashed as in the memory chart. */
      cairo_save (cr);
      set_curve_style (cr, c, FALSE);
      ab_set_rgb (cr, color);
      cairo_move_to (cr, x, y + line_h / 2);
      cairo_line_to (cr, x + swatch, y + line_h / 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      h = ab_text (cr, AB_TEXT_LABEL, head, x + swatch + 8, y, ab_rgb_mix (AB_PANEL, AB_TEXT, MAX (reveal, 0.35)),
                   AB_ALIGN_LEFT, cw - swatch - 8);
      if (reveal > 0)
        ab_text (cr, AB_TEXT_VALUE_SMALL, values, x + swatch + 8, y + h + 2,
                 ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_LEFT, cw - swatch - 8);
    }
}

static void
ab_complexity_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_chart (res, cr, layout->stages[STAGE_MEMORY], FALSE, position);
  draw_chart (res, cr, layout->stages[STAGE_FLOPS], TRUE, position);
  draw_readouts (res, cr, layout->stages[STAGE_READOUTS], position);
}

static char *
ab_complexity_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->n);
  g_autofree char *hbm = ab_format_bytes_decimal (res->hbm_bytes);
  g_autofree char *fill = ab_format_count ((guint64) floor (sqrt (res->hbm_bytes / res->params.elem_bytes)));
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("One head at N = %s tokens, d = %d, FP16 scores; log-log charts of memory "
                                 "and FLOPs for N from 256 to 2,097,152, with one A100's %s of HBM and one "
                                 "second of its %.0f TFLOPS peak as lines, and era markers at GPT-2 (1,024), "
                                 "Longformer (4,096) and Gemini 1.5 (1M). Dense scores fill one A100 at "
                                 "N = %s."),
                          n, res->params.d, hbm, res->peak_flops / 1e12, fill);
  for (int c = 0; c < N_CURVES; c++)
    {
      g_autofree char *mem = ab_format_bytes ((double) res->at_n[c].bytes);
      g_autofree char *flops = ab_format_count (res->at_n[c].flops);

      if (curve_step[c] > (int) step)
        break;
      g_string_append_printf (out, _(" %s, %s: %s of memory%s, %s FLOPs."), _(curve_names[c]),
                              _(curve_orders[c]), mem,
                              (double) res->at_n[c].bytes > res->hbm_bytes ? _(" (more than one A100)") : "",
                              flops);
    }
  return g_string_free (out, FALSE);
}

static const AbDiagramInfo info = {
  .name = "complexity-scaling",
  .title = N_("What attention costs as N grows"),
  .note = N_("Exact counts (attn-complexity.c) for one head, d = 64: memory is what attention adds beyond "
             "Q, K, V and O, in FP16. Reformer: 4 rounds, chunks of 64, 64 buckets; its hashing and chunks "
             "are O(N), the N log N is its sort. Linformer k = 256; Performer m = 256. A100 80 GB SXM: NVIDIA datasheet, decimal units."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_complexity_diagram_update, .draw = ab_complexity_diagram_draw,
  .dup_title = ab_complexity_diagram_dup_title,
  .dup_caption = ab_complexity_diagram_dup_caption,
  .describe = ab_complexity_diagram_describe,
};

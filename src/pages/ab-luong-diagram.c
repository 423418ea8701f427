/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-luong-diagram.c — "luong-global-local": Luong et al.'s global and
 * local-p attention for one target step, and the cost of their three
 * scoring functions, computed by src/kernels/luong.c.
 *
 * Steps: global weights over every source word → the predicted position
 * p_t → local weights inside [p_t − D, p_t + D] times a Gaussian → the
 * multiply-add cost of dot, general and concat per target step. Sliders:
 * the window half-width D, the target step, and d and S for the cost bars.
 * Clicking a target tick under the two attention panels picks that step.
 */
#define G_LOG_DOMAIN "ab-luong-diagram"

#include "ab-luong-diagram.h"
#include "ab-format.h"
#include "ab-values.h"
#include "luong.h"

#include <glib/gi18n.h>
#include <math.h>

#define N_TARGETS 32   /* the kernel's n_tgt: the target slider and the ticks */

enum { STEP_GLOBAL, STEP_PREDICT, STEP_LOCAL, STEP_COST, N_STEPS };
enum { STAGE_ATTENTION, STAGE_COST, N_STAGES };

AB_DEFINE_PLAIN_DIAGRAM (AbLuongDiagram, ab_luong_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Global attention: one softmax over every source word"),
  N_("2 · Local-p: predict where to look, pₜ = S · sigmoid(vₚᵀ tanh(Wₚhₜ))"),
  N_("3 · Local-p: softmax inside [pₜ − D, pₜ + D], times a Gaussian with σ = D/2"),
  N_("4 · Cost per target step: a dot product per word vs a small network per word"),
};

static const char *const score_choices[] = { "general", "dot", NULL };

static const AbParamSpec params[] = {
  { .key = "D", .label = N_("Window half-width D"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 12,
    .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "target", .label = N_("Target step t"), .kind = AB_PARAM_SLIDER, .min = 1, .max = N_TARGETS,
    .step = 1, .default_value = 21, .format = "%.0f" },
  { .key = "score", .label = N_("Alignment score"), .kind = AB_PARAM_CHOICE, .step = 1,
    .default_value = 0, .choices = score_choices, .format = "%.0f" },
  { .key = "d", .label = N_("State size d (cost)"), .kind = AB_PARAM_SLIDER, .min = 64, .max = 1024,
    .step = 1, .default_value = 512, .log_scale = TRUE, .format = "%.0f" },
  { .key = "S", .label = N_("Source length S (cost)"), .kind = AB_PARAM_SLIDER, .min = 10, .max = 200,
    .step = 1, .default_value = 50, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("global weight"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("local-p weight, window, Gaussian"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_PREDICT) },
  { N_("the word this target translates"), AB_COLOR_HEAD_0, AB_SWATCH_DOT, AB_STEPS_ALL },
};

/* Global over local (with the target ticks) beside the costs; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 2, 2.3, AB_STAGE_ROW }, { 1, 1.4, AB_STAGE_ROW },
};

static const AbLuongResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_luong_diagram_update (AbDiagram *diagram, GError **error)
{
  AbLuongConfig config;
  AbLuongResult *res;

  ab_luong_config_init (&config);
  config.half_window = (int) ab_diagram_get_param (diagram, "D");
  config.target = (int) ab_diagram_get_param (diagram, "target") - 1;
  config.score = ab_diagram_get_param (diagram, "score") > 0.5 ? AB_LUONG_DOT : AB_LUONG_GENERAL;
  if ((res = ab_luong_run (&config)) == NULL)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the Luong kernel could not attend for target step %d with D = %d"),
                   config.target + 1, config.half_window);
      return FALSE;
    }
  ab_diagram_set_result (diagram, res, (GDestroyNotify) ab_luong_free);
  return TRUE;
}

static char *
ab_luong_diagram_dup_title (AbDiagram *diagram)
{
  const AbLuongResult *res = result (diagram);
  return g_strdup_printf (_("Luong attention for target step %d of %d"), res->config.target + 1,
                          res->config.n_tgt);
}

/* Geometry ------------------------------------------------------------------ */

/* The attention stage: two panels over the row of target ticks. Draw and
 * click both derive it from the stage and the style sizes alone (no text
 * measured), so a tick is hit exactly where it is drawn, at any scale. */
typedef struct
{
  AbRect global, local;
  double label_y;        /* "target step t (click to pick):" */
  AbRect ticks;          /* the tick cells, per_row to a row */
  int    per_row;
  double cell_w, cell_h, row_pitch;
} Geometry;

static void
get_geometry (cairo_t *cr, AbRect stage, Geometry *g)
{
  double gap = ab_style_gap (cr) * 0.7, num = ab_style_size (cr, AB_TEXT_VALUE_SMALL);
  double label_h = ab_style_size (cr, AB_TEXT_SMALL) * 1.3, panel_h, ticks_h;
  /* One row while a cell stays wider than its two digits (≈ 1.2 em), else two. */
  int rows = N_TARGETS * (num * 1.25 + 10) <= stage.w ? 1 : 2;

  g->cell_h = num * 2.2;
  g->row_pitch = g->cell_h + 4;
  g->per_row = (N_TARGETS + rows - 1) / rows;
  g->cell_w = stage.w / g->per_row;
  ticks_h = label_h + 6 + rows * g->row_pitch;
  panel_h = (stage.h - ticks_h - 2 * gap) / 2;
  g->global = (AbRect) { stage.x, stage.y, stage.w, panel_h };
  g->local = (AbRect) { stage.x, stage.y + panel_h + gap, stage.w, panel_h };
  g->label_y = stage.y + stage.h - ticks_h;
  g->ticks = (AbRect) { stage.x, g->label_y + label_h + 6, stage.w, rows * g->row_pitch };
}

static AbRect
tick_cell (const Geometry *g, int t)
{
  return (AbRect) { g->ticks.x + (t % g->per_row) * g->cell_w, g->ticks.y + (t / g->per_row) * g->row_pitch,
                    g->cell_w, g->cell_h };
}

/* Drawing ------------------------------------------------------------------- */

static double
x_of (AbRect r, int n, double pos)
{
  return r.x + (pos + 0.5) * r.w / n;
}

/* A chart's frame: 1 and 0 on the left, source positions and the intended word under it. */
static void
draw_axes (cairo_t *cr, AbRect r, int n, double intended)
{
  double tick = ab_style_size (cr, AB_TEXT_VALUE_SMALL), x = x_of (r, n, intended);
  double my = r.y + r.h + tick * 1.6, ms = tick * 0.5;

  ab_text (cr, AB_TEXT_VALUE_SMALL, "1", r.x - 10, r.y - tick * 0.65, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "0", r.x - 10, r.y + r.h - tick * 0.65, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int s = 0; s < n; s++)
    if (s == 0 || (s + 1) % 5 == 0)
      {
        char buf[8];
        g_snprintf (buf, sizeof buf, "%d", s + 1);
        ab_text (cr, AB_TEXT_VALUE_SMALL, buf, x_of (r, n, s), r.y + r.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
      }
  ab_set_rgb (cr, AB_HEADS[0]);
  cairo_move_to (cr, x, my);
  cairo_line_to (cr, x - ms, my + ms * 1.7);
  cairo_line_to (cr, x + ms, my + ms * 1.7);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static char *
dup_global_note (const AbLuongResult *res)
{
  int intended = (int) res->intended[res->config.target];
  return g_strdup_printf (_("largest weight on word <b>%d</b> (%.2f); the word this target translates is %d (%.2f)"),
                          res->global_argmax + 1, res->global[res->global_argmax], intended + 1,
                          res->global[intended]);
}

static char *
dup_local_note (const AbLuongResult *res)
{
  return g_strdup_printf (_("largest weight on word <b>%d</b> (%.2f); weights sum to %.2f, not 1: the "
                            "Gaussian is not renormalised"),
                          res->local_argmax + 1, res->local[res->local_argmax], res->local_sum);
}

/* The window, the Gaussian over it and the dashed p_t line. */
static void
draw_window (cairo_t *cr, const AbLuongResult *res, AbRect r, double alpha)
{
  const int S = res->config.n_src;
  double bw = r.w / S, xp = x_of (r, S, res->p_t);

  ab_set_rgba (cr, AB_SRAM, 0.10 * alpha);
  cairo_rectangle (cr, r.x + res->win_lo * bw, r.y, (res->win_hi + 1 - res->win_lo) * bw, r.h);
  cairo_fill (cr);
  cairo_save (cr);
  ab_set_rgba (cr, AB_SRAM, alpha);
  cairo_set_line_width (cr, 2.5);
  for (int k = 0; k <= 400; k++)
    {
      double s = -0.5 + k * S / 400.0;
      double g = exp (-(s - res->p_t) * (s - res->p_t) / (2 * res->sigma * res->sigma));
      cairo_line_to (cr, x_of (r, S, s), r.y + r.h * (1 - g));
    }
  cairo_stroke (cr);
  ab_set_rgb (cr, AB_TEXT);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_move_to (cr, xp, r.y - 6);
  cairo_line_to (cr, xp, r.y + r.h);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The p_t label on a backing, drawn last so no bar covers it. */
static void
draw_pt_label (cairo_t *cr, const AbLuongResult *res, AbRect r, double alpha)
{
  const int S = res->config.n_src;
  g_autofree char *lbl = g_strdup_printf ("p<sub>t</sub> = %.2f", res->p_t + 1);
  double xp = x_of (r, S, res->p_t), tw, th;
  gboolean left = res->p_t > S * 0.7;
  double lx = left ? xp - 14 : xp + r.w / S * 0.6 + 8;

  ab_text_measure (cr, AB_TEXT_BODY, lbl, -1, &tw, &th);
  ab_rounded_rect (cr, (AbRect) { left ? lx - tw - 6 : lx - 6, r.y + 2, tw + 12, th + 4 }, 5);
  ab_set_rgba (cr, AB_BG, 0.85 * alpha);
  cairo_fill (cr);
  ab_text (cr, AB_TEXT_BODY, lbl, lx, r.y + 4, AB_TEXT, left ? AB_ALIGN_RIGHT : AB_ALIGN_LEFT, -1);
}

/* An attention panel: its title, the note under it (room for @note_h,
 * shown when @show) and, returned, the rectangle of its chart. */
static AbRect
draw_chart_panel (cairo_t *cr, AbRect p, const char *title, const char *note, double note_h, gboolean show)
{
  double tick = ab_style_size (cr, AB_TEXT_VALUE_SMALL), pad = 20, title_h, axis_w, top;

  ab_text_measure (cr, AB_TEXT_HEADING, title, p.w - 40, NULL, &title_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "1", -1, &axis_w, NULL);
  ab_draw_panel (cr, p, title);
  if (show)
    ab_text (cr, AB_TEXT_BODY, note, p.x + pad, p.y + 14 + title_h + 4, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 2 * pad);
  top = p.y + 14 + title_h + 4 + note_h + tick + 6;
  /* Under the chart: the position ticks and the intended word's marker. */
  return (AbRect) { p.x + pad + axis_w + 10, top, p.w - 2 * pad - axis_w - 10,
                    p.y + p.h - pad * 0.6 - tick * 2.6 - top };
}

static void
draw_attention (cairo_t *cr, const AbLuongResult *res, const Geometry *g, double position)
{
  const int S = res->config.n_src, D = res->config.half_window;
  double reveal = ab_tween (position, -1, STEP_GLOBAL);
  double predict = ab_tween (position, STEP_GLOBAL, STEP_PREDICT);
  double local = ab_tween (position, STEP_PREDICT, STEP_LOCAL);
  double intended = res->intended[res->config.target], note_w = g->global.w - 40, h1, h2;
  g_autofree char *global_note = dup_global_note (res);
  g_autofree char *local_note = dup_local_note (res);
  /* p_t is fractional, so [p_t − D, p_t + D] holds 2D or 2D + 1 whole words. */
  g_autofree char *local_title = g_strdup_printf (_("Local-p attention: the %d words within D = %d of pₜ"),
                                                  res->win_hi - res->win_lo + 1, D);
  AbRect chart;

  /* Both notes get the room of the taller, so the two charts line up. */
  ab_text_measure (cr, AB_TEXT_BODY, global_note, note_w, NULL, &h1);
  ab_text_measure (cr, AB_TEXT_BODY, local_note, note_w, NULL, &h2);

  chart = draw_chart_panel (cr, g->global, _("Global attention: weights over every source word"),
                            global_note, MAX (h1, h2), reveal > 0.5);
  ab_draw_bars (cr, chart, res->global, S, 0, 1, AB_ACTIVE, reveal);
  draw_axes (cr, chart, S, intended);

  chart = draw_chart_panel (cr, g->local, local_title, local_note, MAX (h1, h2), local > 0.5);
  draw_axes (cr, chart, S, intended);
  if (predict > 0)
    draw_window (cr, res, chart, predict);
  if (local > 0)
    ab_draw_bars (cr, chart, res->local, S, 0, 1, AB_SRAM, local);
  if (predict > 0)
    draw_pt_label (cr, res, chart, predict);
}

static void
draw_target_ticks (cairo_t *cr, const AbLuongResult *res, const Geometry *g)
{
  double num_h = ab_style_size (cr, AB_TEXT_VALUE_SMALL) * 1.2;

  ab_text (cr, AB_TEXT_SMALL, _("target step t (click to pick):"), g->ticks.x, g->label_y, AB_TEXT_DIM,
           AB_ALIGN_LEFT, g->ticks.w);
  for (int t = 0; t < res->config.n_tgt && t < N_TARGETS; t++)
    {
      gboolean cur = t == res->config.target;
      AbRect c = tick_cell (g, t);
      char buf[8];

      c.x += 2;
      c.w -= 4;
      ab_rounded_rect (cr, c, 4);
      ab_set_rgb (cr, cur ? AB_ACTIVE : AB_PANEL);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%d", t + 1);
      ab_text (cr, AB_TEXT_VALUE_SMALL, buf, c.x + c.w / 2, c.y + (c.h - num_h) / 2, cur ? AB_TEXT : AB_TEXT_DIM,
               AB_ALIGN_CENTER, -1);
    }
}

static void
draw_costs (AbDiagram *diagram, cairo_t *cr, AbRect p, double reveal)
{
  static const AbLuongKind order[] = { AB_LUONG_DOT, AB_LUONG_GENERAL, AB_LUONG_CONCAT_CACHED, AB_LUONG_CONCAT };
  static const char *const names[] = {
    N_("dot: h<sub>t</sub><sup>⊤</sup>h̄<sub>s</sub>"),
    N_("general: h<sub>t</sub><sup>⊤</sup>W<sub>a</sub>h̄<sub>s</sub>"),
    N_("concat, W<sub>2</sub>h̄<sub>s</sub> cached"),
    N_("concat, as written"),
  };
  const double d = ab_diagram_get_param (diagram, "d"), S = ab_diagram_get_param (diagram, "S");
  const double dot = ab_luong_flops (AB_LUONG_DOT, d, S);
  const double max_log = log10 (ab_luong_flops (AB_LUONG_CONCAT, d, S)), min_log = 3.0;
  g_autofree char *sub = g_strdup_printf (_("per target step, d = %.0f, d<sub>a</sub> = d, for a source of "
                                            "S = %.0f words (the S slider; the sentence above has %d)"),
                                          d, S, result (diagram)->config.n_src);
  const char *foot = _("log scale from 1,000 FLOPs; FLOPs = 2 × multiply-adds, + 1 per tanh");
  double pad = 20, w = p.w - 2 * pad, sub_h, foot_h, name_h, value_h, bar_h, one_line, two_lines, pitch;
  const char *title = _("Cost of one score row (FLOPs)");
  double y;
  gboolean stacked;

  ab_text_measure (cr, AB_TEXT_HEADING, title, w, NULL, &y);
  ab_text_measure (cr, AB_TEXT_LABEL, sub, w, NULL, &sub_h);
  ab_text_measure (cr, AB_TEXT_SMALL, foot, w, NULL, &foot_h);
  y += p.y + 14 + 4;
  name_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.3;
  value_h = ab_style_size (cr, AB_TEXT_VALUE) * 1.3;
  bar_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.5;
  y += sub_h + 14;
  /* Name, bar and count on three lines when there is room; else the count
   * beside the name, and the bar as thick as the room allows. */
  two_lines = name_h + bar_h + value_h + 24;
  one_line = MAX (name_h, value_h) + bar_h + 18;
  pitch = (p.y + p.h - pad - foot_h - 8 - y) / G_N_ELEMENTS (order);
  stacked = pitch >= two_lines;
  if (!stacked)
    bar_h = CLAMP (pitch - MAX (name_h, value_h) - 18, bar_h * 0.5, bar_h);
  pitch = MIN (pitch, (stacked ? two_lines : one_line) * 1.25);

  ab_draw_panel (cr, p, title);
  ab_text (cr, AB_TEXT_LABEL, sub, p.x + pad, y - sub_h - 14, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
  for (guint k = 0; k < G_N_ELEMENTS (order); k++, y += pitch)
    {
      AbLuongKind kind = order[k];
      double flops = ab_luong_flops (kind, d, S);
      double frac = ab_clamp01 ((log10 (flops) - min_log) / (max_log - min_log));
      g_autofree char *num = ab_format_count ((guint64) llround (flops));
      g_autofree char *ratio = g_strdup_printf (_("%s FLOPs · %.0f× dot"), num, flops / dot);
      AbRgb col = kind == AB_LUONG_DOT ? AB_SRAM : kind == AB_LUONG_GENERAL ? AB_ACTIVE : AB_HBM;
      AbRect bar = { p.x + pad, y + name_h + 6, w, bar_h };
      double ratio_w;

      ab_text_measure (cr, AB_TEXT_VALUE, ratio, -1, &ratio_w, NULL);
      ab_text (cr, AB_TEXT_LABEL, _(names[k]), p.x + pad, y, AB_TEXT, AB_ALIGN_LEFT,
               stacked ? w : w - ratio_w - 12);
      ab_rounded_rect (cr, bar, 5);
      ab_set_rgb (cr, AB_BG);
      cairo_fill (cr);
      if (w * frac * ab_clamp01 (reveal) > 1)
        {
          ab_rounded_rect (cr, (AbRect) { bar.x, bar.y, w * frac * ab_clamp01 (reveal), bar.h }, 5);
          ab_set_rgba (cr, col, 0.85);
          cairo_fill (cr);
        }
      if (reveal > 0.3)
        ab_text (cr, AB_TEXT_VALUE, ratio, stacked ? bar.x : bar.x + w, stacked ? bar.y + bar.h + 6 : y,
                 AB_TEXT_DIM, stacked ? AB_ALIGN_LEFT : AB_ALIGN_RIGHT, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, foot, p.x + pad, p.y + p.h - pad - foot_h, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
}

static void
ab_luong_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const AbLuongResult *res = result (diagram);
  Geometry g;

  get_geometry (cr, layout->stages[STAGE_ATTENTION], &g);
  draw_attention (cr, res, &g, position);
  draw_target_ticks (cr, res, &g);
  draw_costs (diagram, cr, layout->stages[STAGE_COST],
              position > STEP_LOCAL ? ab_tween (position, STEP_LOCAL, STEP_COST) : 0);
}

static gboolean
ab_luong_diagram_click (AbDiagram *diagram, const AbLayout *layout, double x, double y)
{
  /* The geometry needs the layout's style sizes, which live on a cairo_t. */
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  int col, row, target;
  Geometry g;

  ab_style_attach (cr, layout->kind);
  get_geometry (cr, layout->stages[STAGE_ATTENTION], &g);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  if (x < g.ticks.x || y < g.ticks.y)
    return FALSE;
  col = (int) ((x - g.ticks.x) / g.cell_w);
  row = (int) ((y - g.ticks.y) / g.row_pitch);
  target = row * g.per_row + col;
  /* Between two rows, or past the last cell, is no tick. */
  if (col >= g.per_row || y - g.ticks.y - row * g.row_pitch > g.cell_h || target >= N_TARGETS ||
      target == result (diagram)->config.target)
    return FALSE;
  return ab_diagram_set_param (diagram, "target", target + 1, NULL);
}

static char *
ab_luong_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbLuongResult *res = result (diagram);
  const double d = ab_diagram_get_param (diagram, "d"), S = ab_diagram_get_param (diagram, "S");

  return g_strdup_printf (
      _("Target step %d over %d source words. Global attention puts its largest weight, %.2f, on word %d; "
        "%.0f%% of it falls outside the local window. Local-p predicts p_t = %.2f, window %d to %d, largest "
        "weight %.2f on word %d. Cost per target step at d = %.0f, S = %.0f: dot %.0f FLOPs, general %.0f, "
        "concat %.0f."),
      res->config.target + 1, res->config.n_src, res->global[res->global_argmax], res->global_argmax + 1,
      100 * res->global_outside, res->p_t + 1, res->win_lo + 1, res->win_hi + 1, res->local[res->local_argmax],
      res->local_argmax + 1, d, S, ab_luong_flops (AB_LUONG_DOT, d, S), ab_luong_flops (AB_LUONG_GENERAL, d, S),
      ab_luong_flops (AB_LUONG_CONCAT, d, S));
}

/* Values for the prose ------------------------------------------------------ */

/* Costs: the measure and the kind (both choices, in AbLuongKind's order), d, S. */
static char *
get_cost (const AbValueArgs *args, GError **error)
{
  AbLuongKind kind = args->ints[1];
  double d = args->ints[2], s = args->ints[3], v;

  switch (args->ints[0])
    {
    case 0: v = ab_luong_flops (kind, d, s); break;
    case 1: v = ab_luong_macs (kind, d, s); break;
    case 2: v = ab_luong_tanh_count (kind, d, s); break;
    default: v = round (ab_luong_flops (kind, d, s) / ab_luong_flops (AB_LUONG_DOT, d, s)); break;
    }
  return ab_format_count ((guint64) llround (v));
}

static char *
get_size (const AbValueArgs *args, GError **error)
{
  AbLuongConfig c;

  ab_luong_config_init (&c);
  return g_strdup_printf ("%d", args->ints[0] == 0 ? c.n_src : args->ints[0] == 1 ? c.n_tgt : c.d);
}

typedef enum
{
  STAT_INTENDED, STAT_PT,                            /* "{intended|pt}" */
  STAT_WINDOW, STAT_OUTSIDE,
  STAT_GLOBAL_ARGMAX, STAT_GLOBAL_PEAK, STAT_GLOBAL_AT_INTENDED,
  STAT_LOCAL_ARGMAX, STAT_LOCAL_PEAK, STAT_LOCAL_SUM,
} Stat;

static char *
format_stat (const AbLuongResult *res, Stat stat)
{
  int intended = (int) res->intended[res->config.target];

  switch (stat)
    {
    case STAT_INTENDED: return g_strdup_printf ("%d", intended + 1);
    case STAT_PT: return ab_format_number (res->p_t + 1);
    case STAT_WINDOW: return g_strdup_printf ("%d–%d", res->win_lo + 1, res->win_hi + 1);
    case STAT_OUTSIDE: return g_strdup_printf ("%.1f%%", 100 * res->global_outside);
    case STAT_GLOBAL_ARGMAX: return g_strdup_printf ("%d", res->global_argmax + 1);
    case STAT_GLOBAL_PEAK: return ab_format_number (res->global[res->global_argmax]);
    case STAT_GLOBAL_AT_INTENDED: return ab_format_number (res->global[intended]);
    case STAT_LOCAL_ARGMAX: return g_strdup_printf ("%d", res->local_argmax + 1);
    case STAT_LOCAL_PEAK: return ab_format_number (res->local[res->local_argmax]);
    default: return ab_format_number (res->local_sum);
    }
}

/* A statistic of the alignment example at the kernel's defaults, for target
 * step t (1-based) and window half-width D (the default when 0). */
static char *
stat_for_prose (Stat stat, int t, int D, GError **error)
{
  AbLuongConfig config;
  AbLuongResult *res;
  char *out;

  ab_luong_config_init (&config);
  config.target = t - 1;
  if (D > 0)
    config.half_window = D;
  if ((res = ab_luong_run (&config)) == NULL)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the Luong kernel could not attend for target step %d"), t);
      return NULL;
    }
  out = format_stat (res, stat);
  ab_luong_free (res);
  return out;
}

/* Arguments: the choice (if any), t, then D. */
static char *
get_target (const AbValueArgs *args, GError **error)
{
  return stat_for_prose (STAT_INTENDED + args->ints[0], args->ints[1], 0, error);
}

static char *
get_window (const AbValueArgs *args, GError **error)
{
  return stat_for_prose (STAT_WINDOW, args->ints[0], args->ints[1], error);
}

static char *
get_outside (const AbValueArgs *args, GError **error)
{
  return stat_for_prose (STAT_OUTSIDE, args->ints[0], args->ints[1], error);
}

static char *
get_global (const AbValueArgs *args, GError **error)
{
  return stat_for_prose (STAT_GLOBAL_ARGMAX + args->ints[0], args->ints[1], 0, error);
}

static char *
get_local (const AbValueArgs *args, GError **error)
{
  return stat_for_prose (STAT_LOCAL_ARGMAX + args->ints[0], args->ints[1], args->ints[2], error);
}

#define T_ ".t{1..32}"
#define D_ ".D{1..12}"
static const AbValueSpec luong_values[] = {
  { "{flops|macs|tanh|ratio}.{dot|general|concat|concat-cached}.d{1..1048576}.s{1..16777216}", get_cost,
    "per target step at d_a = d: FLOPs (2 × multiply-adds + tanh), multiply-adds, tanh evaluations, "
    "or FLOPs over dot's, with thousands separators" },
  { "{S|T|d}", get_size, "the example's sizes: source words, target steps, state size" },
  { "{intended|pt}" T_, get_target, "the source word target step T leans to; its predicted position p_t" },
  { "window" T_ D_, get_window, "the window at half-width D, \"17–24\"" },
  { "global.{argmax|peak|at-intended}" T_, get_global,
    "global attention's top word, its weight, and the weight on the intended word" },
  { "global.outside" T_ D_, get_outside, "global weight outside the window, \"67.3%\"" },
  { "local.{argmax|peak|sum}" T_ D_, get_local, "local-p's top word, its weight, and Σ weights (< 1)" },
};
#undef T_
#undef D_

AB_VALUE_FAMILY (ab_luong_values, "luong", luong_values);

static const AbDiagramInfo info = {
  .name = "luong-global-local",
  .title = N_("Luong attention: global vs local, and what each score costs"),
  .note = N_("Constructed states: the target leans toward one source word; "
             "v<sub>p</sub> is fitted by least squares."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_luong_diagram_update, .draw = ab_luong_diagram_draw,
  .dup_title = ab_luong_diagram_dup_title,
  .describe = ab_luong_diagram_describe,
  .click = ab_luong_diagram_click,
};

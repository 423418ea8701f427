/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-warp-specialization-diagram.c — "fa3-warp-specialization": one H100 SM
 * running a FlashAttention thread block in three schedules
 *
 * The timelines come from src/kernels/fa3-pipeline.c: a producer lane (TMA
 * loads of K and V), two consumer warpgroups (GEMM0 S = QKᵀ, softmax,
 * GEMM1 O += PV per K/V tile), and the two shared units underneath — the
 * tensor cores and the exponential units — showing who holds them and at
 * what share. The steps walk sync → warp-specialised → ping-pong (FA3
 * §3.1–3.2) on one time axis, so the same ops slide left as the schedule
 * improves; the strip underneath keeps the three makespans side by side,
 * each with the same GEMM work marked in it.
 *
 * Steps: synchronous → warp-specialised → ping-pong → all three compared.
 */
#define G_LOG_DOMAIN "ab-warp-specialization-diagram"

#include "ab-warp-specialization-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "fa3-pipeline.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_SYNC, STEP_ASYNC, STEP_PINGPONG, STEP_COMPARE, N_STEPS };
enum { STAGE_TIMELINE, STAGE_STRIP, N_STAGES };
enum { LANE_PRODUCER, LANE_WG1, LANE_WG2, LANE_TENSOR, LANE_EXP, N_LANES };

static const char *const dims[] = { "64", "128", "256", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbWarpSpecializationDiagram, ab_warp_specialization_diagram, info)

static const AbParamSpec params[] = {
  { .key = "d", .label = N_("Head dimension d"), .kind = AB_PARAM_CHOICE, .default_value = 1, .choices = dims },
  { .key = "tiles", .label = N_("K/V tiles"), .kind = AB_PARAM_SLIDER, .min = 2, .max = 16, .step = 1,
    .default_value = 8, .format = "%.0f" },
};

/* Blue, green and orange are the active, SRAM and first head colours: the
 * palette has no tokens named for loads, GEMMs and softmax. */
static const AbLegendSpec legend[] = {
  { N_("TMA load of K or V"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("GEMM (tensor cores): S = QKᵀ, O += PV"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("softmax: exp on the multi-function units"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("dimmer: sharing its unit, at half speed"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEPS_ALL },
};

/* The timeline over the makespan strip; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 1.0, AB_STAGE_ROW }, { 0.3, 0.42, AB_STAGE_BELOW },
};

typedef struct
{
  int           d;
  AbFa3Config   config;
  AbFa3Timeline runs[AB_FA3_N_SCHEDULES];
} Result;

static void
result_free (gpointer data)
{
  Result *res = data;

  for (int s = 0; s < AB_FA3_N_SCHEDULES; s++)
    ab_fa3_timeline_clear (&res->runs[s]);
  g_free (res);
}

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_warp_specialization_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  AbFa3Error err;

  res->d = atoi (dims[(int) ab_diagram_get_param (diagram, "d")]);
  ab_fa3_config_default (&res->config, res->d, (int) ab_diagram_get_param (diagram, "tiles"), NULL);
  for (int s = 0; s < AB_FA3_N_SCHEDULES; s++)
    if (ab_fa3_simulate (&res->config, s, &res->runs[s], &err) != AB_FA3_OK)
      {
        g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
        result_free (res);
        return FALSE;
      }
  ab_diagram_set_result (diagram, res, result_free);
  return TRUE;
}

static double
speedup (const Result *res, AbFa3Schedule s)
{
  return res->runs[AB_FA3_SYNC].makespan / res->runs[s].makespan;
}

static char *
us (double ns)
{
  return ab_format_trimmed (ns / 1000, 2);
}

static char *
ab_warp_specialization_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->config.n_tiles * res->config.block_n);

  return g_strdup_printf (_("FA3 on one H100 SM: d = %d, %d K/V tiles (N = %s)"), res->d, res->config.n_tiles,
                          n);
}

static char *
ab_warp_specialization_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *a = g_strdup_printf ("%.2f", speedup (res, AB_FA3_ASYNC));
  g_autofree char *p = g_strdup_printf ("%.2f", speedup (res, AB_FA3_PINGPONG));

  switch (step)
    {
    case STEP_SYNC:
      return g_strdup_printf (_("1 · Synchronous, FA2-style: load a K/V tile, then compute — tensor cores "
                                "busy %.0f %% of the time"), 100 * res->runs[AB_FA3_SYNC].tensor_util);
    case STEP_ASYNC:
      return g_strdup_printf (_("2 · Warp-specialised: a producer warpgroup prefetches K and V by TMA while "
                                "the consumers compute — %s× faster"), a);
    case STEP_PINGPONG:
      return g_strdup_printf (_("3 · Ping-pong: one warpgroup's softmax runs under the other's GEMMs, and "
                                "each overlaps its own — %s× faster"), p);
    default:
      return g_strdup_printf (_("4 · The same GEMM work in all three: tensor cores busy %.0f %% → %.0f %% → "
                                "%.0f %%"), 100 * res->runs[AB_FA3_SYNC].tensor_util,
                              100 * res->runs[AB_FA3_ASYNC].tensor_util,
                              100 * res->runs[AB_FA3_PINGPONG].tensor_util);
    }
}

static char *
ab_warp_specialization_diagram_dup_note (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbFa3Config *c = &res->config;
  const AbFa3Hardware *hw = ab_fa3_hardware_h100 ();
  g_autofree char *g = ab_format_trimmed (c->gemm0_ns, 0);
  g_autofree char *s = ab_format_trimmed (c->softmax_ns, 0);
  g_autofree char *l = ab_format_trimmed (c->load_ns, 0);
  g_autofree char *bytes = ab_format_bytes (2.0 * c->block_n * c->head_dim * hw->elem_bytes);
  g_autofree char *tensor = ab_format_trimmed (hw->tensor_tflops, 1);
  g_autofree char *exps = ab_format_trimmed (hw->exp_tflops, 1);
  g_autofree char *hbm = ab_format_trimmed (hw->hbm_tbs, 2);

  return g_strdup_printf (_("Per warpgroup and tile: GEMM %s ns (2·%d·%d·%d FLOPs, %s TFLOPS ÷ %d SMs); "
                            "softmax %s ns (%d·%d exps, %s TFLOPS ÷ %d, FA3 §3.1); K + V %s ns (%s, "
                            "%s TB/s ÷ %d, each tile read by %.0f blocks via L2)."),
                          g, c->block_m, c->block_n, c->head_dim, tensor, hw->sms, s, c->block_m, c->block_n,
                          exps, hw->sms, l, bytes, hbm, hw->sms, c->kv_reuse);
}

static AbRgb
kind_color (AbFa3OpKind kind)
{
  switch (kind)
    {
    case AB_FA3_TMA_K:
    case AB_FA3_TMA_V:
      return AB_ACTIVE;
    case AB_FA3_SOFTMAX:
      return AB_HEADS[0];
    default:
      return AB_SRAM;
    }
}

static const char *
kind_letter (AbFa3OpKind kind)
{
  static const char *const letters[AB_FA3_N_KINDS] = { "K", "V", "S", "exp", "O" };
  return letters[kind];
}

static const char *
lane_label (int lane, AbFa3Schedule s)
{
  switch (lane)
    {
    case LANE_PRODUCER:
      return s == AB_FA3_SYNC ? _("Loads (all warps)") : _("Producer · TMA");
    case LANE_WG1:
      return _("Warpgroup 1");
    case LANE_WG2:
      return _("Warpgroup 2");
    case LANE_TENSOR:
      return _("Tensor cores");
    default:
      return _("Exp units");
    }
}

static const char *
schedule_name (AbFa3Schedule s)
{
  return s == AB_FA3_SYNC ? _("Synchronous") : s == AB_FA3_ASYNC ? _("Warp-specialised") : _("Ping-pong");
}

/* The width of the label column, the same in the timeline and the strip so
 * their time axes line up. */
static double
label_column (cairo_t *cr)
{
  double w = 0, t;

  for (int lane = 0; lane < N_LANES; lane++)
    for (int s = 0; s < AB_FA3_N_SCHEDULES; s++)
      {
        ab_text_measure (cr, AB_TEXT_LABEL, lane_label (lane, s), -1, &t, NULL);
        w = MAX (w, t);
        ab_text_measure (cr, AB_TEXT_LABEL, schedule_name (s), -1, &t, NULL);
        w = MAX (w, t);
      }
  return w + 14;
}

static double
tick_step (double t_max, int n)
{
  double raw = t_max / MAX (n, 1), p = pow (10, floor (log10 (raw)));

  if (raw <= p)
    return p;
  if (raw <= 2 * p)
    return 2 * p;
  if (raw <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void
draw_vline (cairo_t *cr, double x, double y0, double y1, AbRgb color, double width)
{
  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Lane heights in units of a plain lane: a warpgroup's lane is taller,
 * GEMMs in its upper row and the softmax in its lower row, because with
 * intra-warpgroup overlap both run at once; a gap sets the shared units
 * apart. */
static const double lane_weight[N_LANES] = { 1, 1.7, 1.7, 1, 1 };
#define UNITS_GAP 0.45

static double
lanes_total (void)
{
  double w = UNITS_GAP;

  for (int lane = 0; lane < N_LANES; lane++)
    w += lane_weight[lane];
  return w;
}

/* Top of @lane in a plot whose plain lane is @unit high. */
static double
lane_top (AbRect plot, double unit, int lane)
{
  double y = plot.y;

  for (int l = 0; l < lane; l++)
    y += lane_weight[l] * unit;
  return y + (lane >= LANE_TENSOR ? UNITS_GAP * unit : 0);
}

/* Where an op's bar goes in its lane: (y, h). */
static void
op_row (AbRect plot, double unit, int lane, AbFa3OpKind kind, double *y, double *h)
{
  double top = lane_top (plot, unit, lane), lh = lane_weight[lane] * unit;

  if (lane == LANE_WG1 || lane == LANE_WG2)
    {
      *h = lh * 0.4;
      *y = top + (kind == AB_FA3_SOFTMAX ? lh * 0.52 : lh * 0.08);
      return;
    }
  *h = lh * 0.68;
  *y = top + lh * 0.16;
}

static int
op_lane (const AbFa3Interval *op)
{
  return op->warpgroup == 0 ? LANE_PRODUCER : op->warpgroup == 1 ? LANE_WG1 : LANE_WG2;
}

/* The ops, each tweened from schedule @a to schedule @b by @t (the same
 * index is the same op in every schedule). Dimmer = slower than full speed. */
static void
draw_ops (const Result *res, cairo_t *cr, AbRect plot, double unit, double scale, int a, int b, double t)
{
  const AbFa3Timeline *ta = &res->runs[a], *tb = &res->runs[b];
  double letter_h;

  ab_text_measure (cr, AB_TEXT_SMALL, "K", -1, NULL, &letter_h);
  for (int i = 0; i < ta->n_ops; i++)
    {
      const AbFa3Interval *oa = &ta->ops[i], *ob = &tb->ops[i];
      double start = oa->start + (ob->start - oa->start) * t, end = oa->end + (ob->end - oa->end) * t;
      double speed = end > start ? oa->work / (end - start) : 1, letter_w;
      AbRect box = { plot.x + start * scale + 0.5, 0, MAX ((end - start) * scale - 1, 1), 0 };

      op_row (plot, unit, op_lane (oa), oa->kind, &box.y, &box.h);
      if (oa->work <= 0)
        continue;
      cairo_save (cr);
      ab_rounded_rect (cr, box, MIN (4, box.w / 3));
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, kind_color (oa->kind), 0.3 + 0.7 * CLAMP (speed, 0, 1)));
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text_measure (cr, AB_TEXT_SMALL, kind_letter (oa->kind), -1, &letter_w, NULL);
      if (box.w > letter_w + 6 && box.h >= letter_h * 0.95)
        ab_text (cr, AB_TEXT_SMALL, kind_letter (oa->kind), box.x + box.w / 2,
                 box.y + (box.h - letter_h) / 2, AB_BG, AB_ALIGN_CENTER, -1);
    }
}

/* Who holds the tensor cores and the exp units: a slice at share 1/k is
 * 1/k of the lane high, stacked; warpgroup 2's in a lighter shade. */
static void
draw_units (const Result *res, cairo_t *cr, AbRect plot, double unit, double scale, int s, double alpha)
{
  const AbFa3Timeline *t = &res->runs[s];

  if (alpha <= 0)
    return;
  cairo_save (cr);
  for (int i = 0; i < t->n_slices; i++)
    {
      const AbFa3Slice *sl = &t->slices[i];
      const AbFa3Interval *op = &t->ops[sl->op];
      int lane = sl->resource == AB_FA3_RES_TENSOR ? LANE_TENSOR : sl->resource == AB_FA3_RES_EXP ? LANE_EXP : -1;
      double h, y0;
      AbRgb color = kind_color (op->kind);

      if (lane < 0)
        continue;
      op_row (plot, unit, lane, op->kind, &y0, &h);
      /* A shared slice takes its warpgroup's half: WG 1 below, WG 2 above. */
      if (sl->share < 1)
        {
          y0 += op->warpgroup == 1 ? h * (1 - sl->share) : 0;
          h *= sl->share;
        }
      if (op->warpgroup == 2)
        color = ab_rgb_mix (color, AB_TEXT, 0.35);
      ab_set_rgba (cr, color, alpha);
      cairo_rectangle (cr, plot.x + sl->start * scale, y0, MAX ((sl->end - sl->start) * scale, 0.5), h);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_timeline (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const AbFa3Config *c = &res->config;
  const char *title = _("One SM, one thread block: a producer and two consumer warpgroups");
  g_autofree char *n = ab_format_count ((guint64) c->n_tiles * c->block_n);
  g_autofree char *sub = g_strdup_printf (_("Each consumer owns %d rows of Q and walks %d K/V tiles of %d rows "
                                            "(N = %s), d = %d"),
                                          c->block_m, c->n_tiles, c->block_n, n, c->head_dim);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, sub_h, label_h, tick_h, small_h;
  double p = CLAMP (position, 0, STEP_PINGPONG), lane_h, scale, step, makespan;
  double t_max = res->runs[AB_FA3_SYNC].makespan;
  int a = (int) floor (p), b = MIN (a + 1, STEP_PINGPONG);
  double t = p - a;
  int shown = t < 0.5 ? a : b;
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_LABEL, sub, panel.w - 2 * pad, NULL, &sub_h);
  ab_text_measure (cr, AB_TEXT_LABEL, "W", -1, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "µs", -1, NULL, &small_h);
  ab_text (cr, AB_TEXT_LABEL, sub, panel.x + pad, panel.y + 14 + heading + 4, AB_TEXT_DIM, AB_ALIGN_LEFT,
           panel.w - 2 * pad);

  plot.x = panel.x + pad + label_column (cr);
  plot.y = panel.y + 14 + heading + 4 + sub_h + 14;
  plot.w = panel.x + panel.w - pad - plot.x;
  plot.h = panel.y + panel.h - pad - tick_h - small_h - 12 - plot.y;
  lane_h = plot.h / lanes_total ();
  scale = plot.w / t_max;

  for (int lane = 0; lane < N_LANES; lane++)
    {
      double y = lane_top (plot, lane_h, lane), h = lane_weight[lane] * lane_h;
      ab_text (cr, AB_TEXT_LABEL, lane_label (lane, shown), plot.x - 14, y + (h - label_h) / 2,
               lane >= LANE_TENSOR ? AB_TEXT_DIM : AB_TEXT, AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot.x, y + h);
      cairo_line_to (cr, plot.x + plot.w, y + h);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  draw_ops (res, cr, plot, lane_h, scale, a, b, t);
  draw_units (res, cr, plot, lane_h, scale, a, 1 - t);
  if (b != a)
    draw_units (res, cr, plot, lane_h, scale, b, t);

  /* Time axis in µs, the synchronous makespan across. */
  step = tick_step (t_max, plot.w > 900 ? 8 : 4);
  for (double x_ns = 0; x_ns <= t_max * 1.0001; x_ns += step)
    {
      g_autofree char *text = us (x_ns);
      double x = plot.x + x_ns * scale;
      draw_vline (cr, x, plot.y + plot.h, plot.y + plot.h + 4, AB_BORDER, 1);
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, x, plot.y + plot.h + 5, AB_TEXT_DIM,
               x_ns == 0 ? AB_ALIGN_LEFT : x + 30 > plot.x + plot.w ? AB_ALIGN_RIGHT : AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("time on the SM, µs"), plot.x + plot.w, plot.y + plot.h + tick_h + 8,
           AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  makespan = res->runs[a].makespan + (res->runs[b].makespan - res->runs[a].makespan) * t;
  draw_vline (cr, plot.x + makespan * scale, plot.y - 4, plot.y + plot.h, AB_TEXT, 2);
}

/* The three makespans on the timeline's axis, each with the (equal) GEMM
 * work marked along its foot; revealed one per step. */
static void
draw_strip (const Result *res, cairo_t *cr, AbRect r, double position)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), label_h, value_h, pitch, bar_h;
  double x0 = r.x + pad + label_column (cr), w = r.x + r.w - pad - x0;
  double scale = w / res->runs[AB_FA3_SYNC].makespan;

  ab_text_measure (cr, AB_TEXT_LABEL, "W", -1, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &value_h);
  pitch = r.h / AB_FA3_N_SCHEDULES;
  bar_h = MIN (pitch * 0.72, value_h * 2.4);
  for (int s = 0; s < AB_FA3_N_SCHEDULES; s++)
    {
      const AbFa3Timeline *tl = &res->runs[s];
      double reveal = ab_clamp01 (position - s + 1), y = r.y + s * pitch + (pitch - bar_h) / 2;
      gboolean current = position >= STEP_COMPARE - 0.5 || (int) floor (position + 0.5) == s;
      g_autofree char *ms = us (tl->makespan);
      g_autofree char *text = s == AB_FA3_SYNC
                                ? g_strdup_printf (_("%s µs · tensor cores %.0f %% busy"), ms, 100 * tl->tensor_util)
                                : g_strdup_printf (_("%s µs · %.2f× · tensor cores %.0f %% busy"), ms,
                                                   speedup (res, s), 100 * tl->tensor_util);
      g_autofree char *brief = s == AB_FA3_SYNC ? g_strdup_printf (_("%s µs"), ms)
                                                : g_strdup_printf (_("%s µs · %.2f×"), ms, speedup (res, s));
      double text_w, len = tl->makespan * scale * reveal;

      ab_text (cr, AB_TEXT_LABEL, schedule_name (s), x0 - 14, y + (bar_h - label_h) / 2,
               current && reveal > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      if (reveal <= 0)
        {
          /* Not reached yet: an empty track. */
          cairo_save (cr);
          ab_rounded_rect (cr, (AbRect) { x0, y, w, bar_h }, 4);
          ab_set_rgb (cr, AB_BORDER);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, (double[]) { 6, 5 }, 2, 0);
          cairo_stroke (cr);
          cairo_restore (cr);
          continue;
        }
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { x0, y, MAX (len, 4), bar_h }, 4);
      ab_set_rgb (cr, current ? ab_rgb_mix (AB_MUTED, AB_TEXT, 0.35) : AB_BORDER);
      cairo_fill (cr);
      /* The GEMM work: the same length in every bar. */
      ab_set_rgba (cr, AB_SRAM, current ? 0.95 : 0.5);
      cairo_rectangle (cr, x0, y + bar_h * 0.78, MIN (tl->tensor_work * scale, len), bar_h * 0.22);
      cairo_fill (cr);
      cairo_restore (cr);
      if (reveal < 1)
        continue;
      /* The full readout inside the bar, else beside it, else the short one. */
      for (int k = 0; k < 2; k++)
        {
          const char *candidate = k == 0 ? text : brief;
          double ty = y + (bar_h * 0.78 - value_h) / 2;

          ab_text_measure (cr, AB_TEXT_VALUE_SMALL, candidate, -1, &text_w, NULL);
          if (text_w + 16 < len)
            ab_text (cr, AB_TEXT_VALUE_SMALL, candidate, x0 + len - 8, ty, current ? AB_BG : AB_TEXT_DIM,
                     AB_ALIGN_RIGHT, -1);
          else if (x0 + len + 10 + text_w < r.x + r.w)
            ab_text (cr, AB_TEXT_VALUE_SMALL, candidate, x0 + len + 10, ty, current ? AB_TEXT : AB_TEXT_DIM,
                     AB_ALIGN_LEFT, -1);
          else if (k == 0)
            continue;
          else
            ab_text (cr, AB_TEXT_VALUE_SMALL, candidate, x0 + 8, ty, current ? AB_BG : AB_TEXT_DIM,
                     AB_ALIGN_LEFT, MAX (len - 16, 1));
          break;
        }
    }
}

static void
ab_warp_specialization_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_timeline (res, cr, layout->stages[STAGE_TIMELINE], position);
  draw_strip (res, cr, layout->stages[STAGE_STRIP], position);
}

static char *
ab_warp_specialization_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbFa3Config *c = &res->config;
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("One H100 SM, head dimension %d, two consumer warpgroups of %d query rows, %d K/V "
                               "tiles of %d rows. Costs per warpgroup and tile: GEMM %.0f ns, softmax %.0f ns, "
                               "K and V load %.0f ns. "),
                          c->head_dim, c->block_m, c->n_tiles, c->block_n, c->gemm0_ns, c->softmax_ns,
                          c->load_ns);
  for (int k = 0; k < AB_FA3_N_SCHEDULES; k++)
    g_string_append_printf (s, _("%s%s: %.2f µs, tensor cores %.0f %% busy, %.2f times the synchronous speed."),
                            k > 0 ? " " : "", schedule_name (k), res->runs[k].makespan / 1000,
                            100 * res->runs[k].tensor_util, speedup (res, k));
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "fa3-warp-specialization",
  .title = N_("FA3: warp specialisation and ping-pong on one SM"),
  .n_steps = N_STEPS,
  AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_warp_specialization_diagram_update, .draw = ab_warp_specialization_diagram_draw,
  .dup_title = ab_warp_specialization_diagram_dup_title,
  .dup_caption = ab_warp_specialization_diagram_dup_caption,
  .dup_note = ab_warp_specialization_diagram_dup_note,
  .describe = ab_warp_specialization_diagram_describe,
};

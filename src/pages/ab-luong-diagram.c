/* ab-luong-diagram.c — "luong-global-local": Luong et al.'s global and
 * local-p attention for one target step, and the cost of their three
 * scoring functions, computed by src/kernels/luong.c.
 *
 * Steps: global weights over every source word → the predicted position
 * p_t → local weights inside [p_t − D, p_t + D] times a Gaussian → the
 * multiply-add cost of dot, general and concat per target step. Sliders:
 * the window half-width D, the target step, and d and S for the cost bars.
 * Clicking a target tick below the panels picks that target step.
 */
#define G_LOG_DOMAIN "ab-luong-diagram"

#include "ab-luong-diagram.h"
#include "ab-components.h"
#include "ab-book-values.h"
#include "luong.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_GLOBAL, STEP_PREDICT, STEP_LOCAL, STEP_COST, N_STEPS };

static const char *const score_choices[] = { "general", "dot", NULL };

struct _AbLuongDiagram
{
  AbDiagram      parent_instance;
  AbLuongResult *result;
};

G_DEFINE_FINAL_TYPE (AbLuongDiagram, ab_luong_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "D", N_("Window half-width D"), AB_PARAM_SLIDER, 1, 12, 1, 4, FALSE, NULL, "%.0f" },
  { "target", N_("Target step t"), AB_PARAM_SLIDER, 1, 32, 1, 21, FALSE, NULL, "%.0f" },
  { "score", N_("Alignment score"), AB_PARAM_CHOICE, 0, 1, 1, 0, FALSE, score_choices, "%.0f" },
  { "d", N_("State size d (cost)"), AB_PARAM_SLIDER, 64, 1024, 1, 512, TRUE, NULL, "%.0f" },
  { "S", N_("Source length S (cost)"), AB_PARAM_SLIDER, 10, 200, 1, 50, FALSE, NULL, "%.0f" },
};

/* Layout shared by draw and click. */
static const AbRect global_rect = { 110, 212, 880, 130 };
static const AbRect local_rect = { 110, 498, 880, 130 };
static const AbRect ticks_rect = { 110, 728, 880, 34 };

static guint
ab_luong_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_luong_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  switch (MIN (step, N_STEPS - 1))
    {
    case STEP_GLOBAL:
      return g_strdup (_("1 · Global attention: one softmax over every source word"));
    case STEP_PREDICT:
      return g_strdup (_("2 · Local-p: predict where to look, pₜ = S · sigmoid(vₚᵀ tanh(Wₚhₜ))"));
    case STEP_LOCAL:
      return g_strdup (_("3 · Local-p: softmax inside [pₜ − D, pₜ + D], times a Gaussian with σ = D/2"));
    default:
      return g_strdup (_("4 · Cost per target step: a dot product per word vs a small network per word"));
    }
}

static void
ab_luong_diagram_update (AbDiagram *diagram)
{
  AbLuongDiagram *self = AB_LUONG_DIAGRAM (diagram);
  AbLuongConfig config;

  ab_luong_config_init (&config);
  config.half_window = (int) ab_diagram_get_param (diagram, "D");
  config.target = (int) ab_diagram_get_param (diagram, "target") - 1;
  config.score = ab_diagram_get_param (diagram, "score") > 0.5 ? AB_LUONG_DOT : AB_LUONG_GENERAL;
  g_clear_pointer (&self->result, ab_luong_free);
  self->result = ab_luong_run (&config);
  g_assert (self->result != NULL);
}

/* 1234567 → "1,234,567". */
static char *
fmt_int (double v)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", fabs (v));
  GString *out = g_string_new (v < 0 ? "−" : "");
  int len = strlen (digits);

  for (int i = 0; i < len; i++)
    {
      g_string_append_c (out, digits[i]);
      if ((len - 1 - i) % 3 == 0 && i != len - 1)
        g_string_append_c (out, ',');
    }
  return g_string_free (out, FALSE);
}

static double
x_of (AbRect r, int n, double pos)
{
  return r.x + (pos + 0.5) * r.w / n;
}

static void
draw_axis_labels (cairo_t *cr, AbRect r, int n)
{
  for (int s = 0; s < n; s++)
    if (s == 0 || (s + 1) % 5 == 0)
      {
        char buf[8];
        g_snprintf (buf, sizeof buf, "%d", s + 1);
        ab_draw_text (cr, buf, x_of (r, n, s), r.y + r.h + 6, 13, AB_FONT_MONO, AB_TEXT_DIM,
                      AB_ALIGN_CENTER, -1);
      }
}

static void
draw_intended_marker (cairo_t *cr, AbRect r, int n, double pos)
{
  double x = x_of (r, n, pos);

  ab_set_rgb (cr, AB_HEADS[0]);
  cairo_move_to (cr, x, r.y + r.h + 26);
  cairo_line_to (cr, x - 7, r.y + r.h + 38);
  cairo_line_to (cr, x + 7, r.y + r.h + 38);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_global (AbLuongDiagram *self, cairo_t *cr, double reveal)
{
  const AbLuongResult *res = self->result;
  const int S = res->config.n_src, t = res->config.target;
  AbRect p = { 40, 124, 990, 270 };
  g_autofree char *note = g_strdup_printf (
      _("largest weight on word <b>%d</b> (%.2f); the word this target translates is %d (%.2f)"),
      res->global_argmax + 1, res->global[res->global_argmax], (int) res->intended[t] + 1,
      res->global[(int) res->intended[t]]);

  ab_draw_panel (cr, p, _("Global attention: weights over every source word"));
  ab_draw_bars (cr, global_rect, res->global, S, 0, 1, AB_ACTIVE, reveal);
  ab_draw_text (cr, "1", global_rect.x - 8, global_rect.y - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_text (cr, "0", global_rect.x - 8, global_rect.y + global_rect.h - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  draw_axis_labels (cr, global_rect, S);
  draw_intended_marker (cr, global_rect, S, res->intended[t]);
  if (reveal > 0.5)
    ab_draw_text (cr, note, p.x + 20, p.y + 50, 17, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 40);
}

static void
draw_local (AbLuongDiagram *self, cairo_t *cr, double predict, double local)
{
  const AbLuongResult *res = self->result;
  const int S = res->config.n_src, t = res->config.target, D = res->config.half_window;
  AbRect p = { 40, 410, 990, 270 };
  AbRect r = local_rect;
  double bw = r.w / S;
  g_autofree char *title = g_strdup_printf (_("Local-p attention: a window of 2D + 1 = %d words"), 2 * D + 1);

  ab_draw_panel (cr, p, title);
  ab_draw_text (cr, "1", r.x - 8, r.y - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_text (cr, "0", r.x - 8, r.y + r.h - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  draw_axis_labels (cr, r, S);
  draw_intended_marker (cr, r, S, res->intended[t]);

  if (predict > 0)
    {
      double xp = x_of (r, S, res->p_t);
      double x0 = r.x + res->win_lo * bw, x1 = r.x + (res->win_hi + 1) * bw;
      /* The window, then the Gaussian over it. */
      ab_set_rgba (cr, AB_SRAM, 0.10 * predict);
      cairo_rectangle (cr, x0, r.y, x1 - x0, r.h);
      cairo_fill (cr);
      cairo_save (cr);
      ab_set_rgba (cr, AB_SRAM, predict);
      cairo_set_line_width (cr, 2.5);
      for (int k = 0; k <= 400; k++)
        {
          double s = -0.5 + k * S / 400.0;
          double g = exp (-(s - res->p_t) * (s - res->p_t) / (2 * res->sigma * res->sigma));
          double x = x_of (r, S, s), y = r.y + r.h * (1 - g);
          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
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
  if (local > 0)
    {
      g_autofree char *note = g_strdup_printf (
          _("largest weight on word <b>%d</b> (%.2f); weights sum to %.2f, not 1: the Gaussian is not renormalised"),
          res->local_argmax + 1, res->local[res->local_argmax], res->local_sum);
      ab_draw_bars (cr, r, res->local, S, 0, 1, AB_SRAM, local);
      if (local > 0.5)
        ab_draw_text (cr, note, p.x + 20, p.y + 50, 17, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 40);
    }
  if (predict > 0)
    {
      /* The p_t label last, on a backing, so bars never cover it. */
      g_autofree char *lbl = g_strdup_printf ("p<sub>t</sub> = %.2f", res->p_t + 1);
      double xp = x_of (r, S, res->p_t), tw, th;
      gboolean left = res->p_t > S * 0.7;
      double lx = left ? xp - 14 : xp + bw * 0.6 + 8;

      ab_measure_text (cr, lbl, 17, AB_FONT_SANS, -1, &tw, &th);
      ab_rounded_rect (cr, (AbRect) { left ? lx - tw - 6 : lx - 6, r.y + 4, tw + 12, th + 4 }, 5);
      ab_set_rgba (cr, AB_BG, 0.85 * predict);
      cairo_fill (cr);
      ab_draw_text (cr, lbl, lx, r.y + 6, 17, AB_FONT_SANS, AB_TEXT,
                    left ? AB_ALIGN_RIGHT : AB_ALIGN_LEFT, -1);
    }
}

static void
draw_costs (AbLuongDiagram *self, cairo_t *cr, double reveal)
{
  const double d = ab_diagram_get_param (AB_DIAGRAM (self), "d");
  const double S = ab_diagram_get_param (AB_DIAGRAM (self), "S");
  AbRect p = { 1050, 124, 510, 556 };
  g_autofree char *sub = g_strdup_printf (_("per target step, d = %.0f, S = %.0f, d<sub>a</sub> = d"), d, S);
  static const AbLuongKind order[] = { AB_LUONG_DOT, AB_LUONG_GENERAL, AB_LUONG_CONCAT_CACHED, AB_LUONG_CONCAT };
  static const char *const names[] = {
    N_("dot: h<sub>t</sub><sup>⊤</sup>h̄<sub>s</sub>"),
    N_("general: h<sub>t</sub><sup>⊤</sup>W<sub>a</sub>h̄<sub>s</sub>"),
    N_("concat, W<sub>2</sub>h̄<sub>s</sub> cached"),
    N_("concat, as written"),
  };
  double max_log = log10 (ab_luong_flops (AB_LUONG_CONCAT, d, S));
  double min_log = 3.0;

  ab_draw_panel (cr, p, _("Cost of one score row (FLOPs)"));
  ab_draw_text (cr, sub, p.x + 20, p.y + 48, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 40);
  for (int k = 0; k < 4; k++)
    {
      AbLuongKind kind = order[k];
      double flops = ab_luong_flops (kind, d, S);
      double frac = ab_clamp01 ((log10 (flops) - min_log) / (max_log - min_log));
      double y = p.y + 96 + k * 104;
      AbRect bar = { p.x + 20, y + 30, (p.w - 40) * frac * ab_clamp01 (reveal), 30 };
      g_autofree char *num = fmt_int (flops);
      g_autofree char *ratio = g_strdup_printf ("%s FLOPs · %.0f× dot", num,
                                                flops / ab_luong_flops (AB_LUONG_DOT, d, S));
      AbRgb col = kind == AB_LUONG_DOT ? AB_SRAM : kind == AB_LUONG_GENERAL ? AB_ACTIVE : AB_HBM;

      ab_draw_text (cr, _(names[k]), p.x + 20, y, 17, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, p.w - 40);
      ab_rounded_rect (cr, (AbRect) { p.x + 20, y + 30, p.w - 40, 30 }, 5);
      ab_set_rgb (cr, AB_BG);
      cairo_fill (cr);
      if (bar.w > 1)
        {
          ab_rounded_rect (cr, bar, 5);
          ab_set_rgba (cr, col, 0.85);
          cairo_fill (cr);
        }
      if (reveal > 0.3)
        ab_draw_text (cr, ratio, p.x + 20, y + 66, 15, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 40);
    }
  ab_draw_text (cr, _("log scale from 1,000 FLOPs; FLOPs = 2 × multiply-adds, + 1 per tanh"),
                p.x + 20, p.y + p.h - 40, 14, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, p.w - 40);
}

static void
draw_target_ticks (AbLuongDiagram *self, cairo_t *cr)
{
  const AbLuongResult *res = self->result;
  const int T = res->config.n_tgt;
  double w = ticks_rect.w / T;

  ab_draw_text (cr, _("target step t (click to pick):"), ticks_rect.x, ticks_rect.y - 28, 15, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  for (int t = 0; t < T; t++)
    {
      gboolean cur = t == res->config.target;
      AbRect c = { ticks_rect.x + t * w + 2, ticks_rect.y, w - 4, ticks_rect.h };
      char buf[8];

      ab_rounded_rect (cr, c, 4);
      ab_set_rgb (cr, cur ? AB_ACTIVE : AB_PANEL);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%d", t + 1);
      ab_draw_text (cr, buf, c.x + c.w / 2, c.y + 8, 13, AB_FONT_MONO, cur ? AB_TEXT : AB_TEXT_DIM,
                    AB_ALIGN_CENTER, -1);
    }
}

static void
ab_luong_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("global weight"), AB_ACTIVE, AB_SWATCH_BOX);
  ab_legend_add (legend, _("local-p weight, window, Gaussian"), AB_SRAM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("the word this target translates"), AB_HEADS[0], AB_SWATCH_DOT);
}

static void
ab_luong_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                       double position)
{
  AbLuongDiagram *self = AB_LUONG_DIAGRAM (diagram);
  const AbLuongResult *res = self->result;
  guint step = (guint) ceil (position);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *title = g_strdup_printf (_("Luong attention for target step %d of %d"),
                                            res->config.target + 1, res->config.n_tgt);
  ab_draw_header (cr, width, title, caption);
  draw_global (self, cr, ab_tween (position, -1, STEP_GLOBAL));
  draw_local (self, cr, position > STEP_GLOBAL ? ab_tween (position, STEP_GLOBAL, STEP_PREDICT) : 0,
              position > STEP_PREDICT ? ab_tween (position, STEP_PREDICT, STEP_LOCAL) : 0);
  draw_costs (self, cr, position > STEP_LOCAL ? ab_tween (position, STEP_LOCAL, STEP_COST) : 0);
  draw_target_ticks (self, cr);
  ab_diagram_draw_legend (diagram, cr, 1050, 710, step);
  ab_draw_text (cr, _("Constructed states: the target leans toward one source word; v<sub>p</sub> is fitted by least squares."),
                40, 790, 15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, 990);
}

static gboolean
ab_luong_diagram_click (AbDiagram *diagram, double x, double y)
{
  AbLuongDiagram *self = AB_LUONG_DIAGRAM (diagram);
  int T = self->result->config.n_tgt, t;

  if (y < ticks_rect.y || y > ticks_rect.y + ticks_rect.h || x < ticks_rect.x ||
      x >= ticks_rect.x + ticks_rect.w)
    return FALSE;
  t = (int) ((x - ticks_rect.x) / (ticks_rect.w / T));
  if (t == self->result->config.target)
    return FALSE;
  return ab_diagram_set_param (diagram, "target", t + 1, NULL);
}

static char *
ab_luong_diagram_describe (AbDiagram *diagram, guint step)
{
  AbLuongDiagram *self = AB_LUONG_DIAGRAM (diagram);
  const AbLuongResult *res = self->result;
  const double d = ab_diagram_get_param (diagram, "d"), S = ab_diagram_get_param (diagram, "S");

  return g_strdup_printf (
      _("Luong attention, step %u of %u, target step %d over %d source words. Global attention puts its "
        "largest weight, %.2f, on word %d; %.0f%% of it falls outside the local window. Local-p predicts "
        "p_t = %.2f, window %d to %d, largest weight %.2f on word %d. Cost per target step at d = %.0f, "
        "S = %.0f: dot %.0f FLOPs, general %.0f, concat %.0f."),
      step + 1, N_STEPS, res->config.target + 1, res->config.n_src, res->global[res->global_argmax],
      res->global_argmax + 1, 100 * res->global_outside, res->p_t + 1, res->win_lo + 1, res->win_hi + 1,
      res->local[res->local_argmax], res->local_argmax + 1, d, S, ab_luong_flops (AB_LUONG_DOT, d, S),
      ab_luong_flops (AB_LUONG_GENERAL, d, S), ab_luong_flops (AB_LUONG_CONCAT, d, S));
}

static gboolean
parse_kind (const char *s, AbLuongKind *kind)
{
  for (int k = 0; k < AB_LUONG_N_KINDS; k++)
    if (g_strcmp0 (s, ab_luong_kind_name (k)) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/* Values for the prose. Costs per target step (d_a = d), as plain integers
 * with thousands separators:
 *   luong.flops.KIND.dD.sS    FLOPs (2 × multiply-adds + tanh)
 *   luong.macs.KIND.dD.sS     multiply-adds
 *   luong.tanh.KIND.dD.sS     tanh evaluations
 *   luong.ratio.KIND.dD.sS    FLOPs of KIND / FLOPs of dot, rounded to a whole number
 * KIND: dot, general, concat, concat-cached.
 * The alignment example, with the diagram's defaults (S = 30 source words,
 * 32 target steps, d = 16, general score, seed 3); T is a 1-based target
 * step, W the window half-width D; positions are 1-based:
 *   luong.S / luong.T / luong.d            the sizes
 *   luong.intended.tT                      the source word target T leans to
 *   luong.pt.tT                            predicted position p_t
 *   luong.global.argmax.tT / .peak.tT      global attention's top word / its weight
 *   luong.global.at-intended.tT            global weight on the intended word
 *   luong.global.outside.tT.DW             global weight outside the window, "67.3%"
 *   luong.local.argmax.tT.DW / .peak.tT.DW local-p's top word / its weight
 *   luong.local.sum.tT.DW                  Σ local weights (< 1)
 *   luong.window.tT.DW                     the window, "17–24" */
char *
ab_luong_diagram_format_value (char **parts)
{
  guint n = g_strv_length (parts);
  AbLuongConfig config;
  AbLuongResult *res;
  AbLuongKind kind;
  int d, s, t = -1, w = -1;
  char *out = NULL;

  if (n < 2)
    return NULL;
  ab_luong_config_init (&config);

  if (n == 5 && (g_str_equal (parts[1], "flops") || g_str_equal (parts[1], "macs") ||
                 g_str_equal (parts[1], "tanh") || g_str_equal (parts[1], "ratio")))
    {
      if (!parse_kind (parts[2], &kind) || !ab_book_value_parse_int (parts[3], 'd', 1, 1 << 20, &d) ||
          !ab_book_value_parse_int (parts[4], 's', 1, 1 << 24, &s))
        return NULL;
      if (g_str_equal (parts[1], "flops"))
        return fmt_int (ab_luong_flops (kind, d, s));
      if (g_str_equal (parts[1], "macs"))
        return fmt_int (ab_luong_macs (kind, d, s));
      if (g_str_equal (parts[1], "tanh"))
        return fmt_int (ab_luong_tanh_count (kind, d, s));
      return fmt_int (round (ab_luong_flops (kind, d, s) / ab_luong_flops (AB_LUONG_DOT, d, s)));
    }
  if (n == 2)
    {
      if (g_str_equal (parts[1], "S"))
        return g_strdup_printf ("%d", config.n_src);
      if (g_str_equal (parts[1], "T"))
        return g_strdup_printf ("%d", config.n_tgt);
      if (g_str_equal (parts[1], "d"))
        return g_strdup_printf ("%d", config.d);
      return NULL;
    }

  /* Alignment values: the trailing arguments are tT and optionally DW. */
  for (guint a = 2; a < n; a++)
    {
      if (parts[a][0] == 't' && ab_book_value_parse_int (parts[a], 't', 1, config.n_tgt, &t))
        continue;
      if (parts[a][0] == 'D' && ab_book_value_parse_int (parts[a], 'D', 1, 12, &w))
        continue;
      if (a == 2)
        continue;   /* the sub-stat of global./local. */
      return NULL;
    }
  if (t < 0)
    return NULL;
  config.target = t - 1;
  if (w > 0)
    config.half_window = w;
  res = ab_luong_run (&config);
  if (res == NULL)
    return NULL;

  if (g_str_equal (parts[1], "intended") && n == 3)
    out = g_strdup_printf ("%d", (int) res->intended[config.target] + 1);
  else if (g_str_equal (parts[1], "pt") && n == 3)
    out = ab_book_value_number (res->p_t + 1);
  else if (g_str_equal (parts[1], "window") && n == 4 && w > 0)
    out = g_strdup_printf ("%d–%d", res->win_lo + 1, res->win_hi + 1);
  else if (g_str_equal (parts[1], "global") && n >= 4)
    {
      if (g_str_equal (parts[2], "argmax") && n == 4)
        out = g_strdup_printf ("%d", res->global_argmax + 1);
      else if (g_str_equal (parts[2], "peak") && n == 4)
        out = ab_book_value_number (res->global[res->global_argmax]);
      else if (g_str_equal (parts[2], "at-intended") && n == 4)
        out = ab_book_value_number (res->global[(int) res->intended[config.target]]);
      else if (g_str_equal (parts[2], "outside") && n == 5 && w > 0)
        out = g_strdup_printf ("%.1f%%", 100 * res->global_outside);
    }
  else if (g_str_equal (parts[1], "local") && n == 5 && w > 0)
    {
      if (g_str_equal (parts[2], "argmax"))
        out = g_strdup_printf ("%d", res->local_argmax + 1);
      else if (g_str_equal (parts[2], "peak"))
        out = ab_book_value_number (res->local[res->local_argmax]);
      else if (g_str_equal (parts[2], "sum"))
        out = ab_book_value_number (res->local_sum);
    }
  ab_luong_free (res);
  return out;
}

static void
ab_luong_diagram_finalize (GObject *object)
{
  AbLuongDiagram *self = AB_LUONG_DIAGRAM (object);

  g_clear_pointer (&self->result, ab_luong_free);
  G_OBJECT_CLASS (ab_luong_diagram_parent_class)->finalize (object);
}

static void
ab_luong_diagram_class_init (AbLuongDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_luong_diagram_finalize;

  diagram_class->name = "luong-global-local";
  diagram_class->title = N_("Luong attention: global vs local, and what each score costs");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_luong_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_luong_diagram_dup_step_title;
  diagram_class->update_legacy = ab_luong_diagram_update;
  diagram_class->draw_legacy = ab_luong_diagram_draw;
  diagram_class->collect_legend = ab_luong_diagram_collect_legend;
  diagram_class->describe = ab_luong_diagram_describe;
  diagram_class->click_legacy = ab_luong_diagram_click;
}

static void
ab_luong_diagram_init (AbLuongDiagram *self)
{
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-fp8-diagram-draw.c — the three panels of the FP8 diagram: the entries
 * of Q by size (before and after the rotation), the E4M3 grid at three
 * scales, and the measured RMSE bars with the ratio. Drawing only: every
 * number comes from the result ab-fp8-diagram.c computed. */
#define G_LOG_DOMAIN "ab-fp8-diagram"

#include "ab-fp8-diagram-private.h"
#include "ab-format.h"

#include <glib/gi18n.h>
#include <math.h>

static AbRgb
scheme_color (AbFp8Scheme s)
{
  static const AbColor colors[AB_FP8_N_SCHEMES] = {
    AB_COLOR_MUTED, AB_COLOR_HEAD_0, AB_COLOR_HEAD_1, AB_COLOR_HEAD_3,
  };
  return ab_color (colors[s]);
}

static double
axis_x (AbRect plot, double log2v)
{
  return plot.x + plot.w * (CLAMP (log2v, LOG2_LO, LOG2_HI) - LOG2_LO) / (LOG2_HI - LOG2_LO);
}

static double
text_height (cairo_t *cr, AbTextStyle style, const char *markup, double width)
{
  double h;
  ab_text_measure (cr, style, markup, width, NULL, &h);
  return h;
}

/* Powers of ten along a log₂ axis, and the axis title under them. */
static void
draw_log_axis (cairo_t *cr, AbRect plot, const char *title)
{
  double tick_h = text_height (cr, AB_TEXT_VALUE_SMALL, "0", -1);

  for (int p = -3; p <= 2; p++)
    {
      double x = axis_x (plot, p * log2 (10.0));
      g_autofree char *label = ab_format_trimmed (pow (10, p), 3);
      cairo_save (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, plot.y);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE_SMALL, label, x, plot.y + plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, title, plot.x, plot.y + plot.h + tick_h + 8, AB_TEXT_DIM, AB_ALIGN_LEFT, plot.w);
}

static void
draw_marker (cairo_t *cr, AbRect plot, double value, AbRgb color, double alpha, const char *label,
             double label_y)
{
  double x = axis_x (plot, log2 (MAX (value, 1e-30)));

  cairo_save (cr);
  ab_set_rgba (cr, color, alpha);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, (double[]) { 7, 5 }, 2, 0);
  cairo_move_to (cr, x, label_y);
  cairo_line_to (cr, x, plot.y + plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_VALUE_SMALL, label, x - 6, label_y, ab_rgb_mix (AB_PANEL, color, alpha),
           AB_ALIGN_RIGHT, -1);
}

void
ab_fp8_diagram_draw_hist (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Entries of Q, by size");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), inner = panel.w - 2 * pad;
  double rot = ab_tween (position, STEP_GRID, STEP_ROTATE);
  double heading = text_height (cr, AB_TEXT_HEADING, title, panel.w - 40);
  double tick_h = text_height (cr, AB_TEXT_VALUE_SMALL, "0", -1);
  g_autofree char *count = ab_format_count ((guint64) res->n_entries);
  g_autofree char *before = g_strdup_printf (_("%s entries · %ld outliers (%.2f %%) · largest %.1f"),
                                             count, res->n_outliers, 100.0 * res->n_outliers / res->n_entries,
                                             res->amax);
  g_autofree char *after = g_strdup_printf (_("After <i>x</i> ↦ <i>xM</i>: largest %.1f · RMS %.2f → %.2f "
                                              "(<i>M</i> is orthogonal)"), res->amax_rot, res->rms, res->rms_rot);
  const char *axis = _("|q|, log scale · bar height: count, log scale");
  double read_h = MAX (text_height (cr, AB_TEXT_LABEL, before, inner), text_height (cr, AB_TEXT_LABEL, after, inner));
  double axis_h = tick_h + 8 + text_height (cr, AB_TEXT_SMALL, axis, inner);
  double top = panel.y + 14 + heading + 10;
  AbRect plot = { panel.x + pad, top + 2 * (tick_h + 6), inner, 0 };
  double cmax = 1, bw;

  plot.h = panel.y + panel.h - pad - read_h - 10 - axis_h - plot.y;
  ab_draw_panel (cr, panel, title);
  for (int b = 0; b < N_BINS; b++)
    cmax = MAX (cmax, MAX (res->hist_base[b] + res->hist_outlier[b], res->hist_rot[b]));
  bw = plot.w / N_BINS;

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  cairo_fill (cr);
  cairo_restore (cr);
  draw_log_axis (cr, plot, axis);

  /* Heights on log(1 + count), so a bin of a few outliers still shows. */
#define BAR_H(c) (plot.h * log1p ((double) (c)) / log1p (cmax))
  for (int b = 0; b < N_BINS; b++)
    {
      double x = plot.x + b * bw, h0 = BAR_H (res->hist_base[b]);
      double h1 = BAR_H (res->hist_base[b] + res->hist_outlier[b]);
      double fade = 1.0 - 0.55 * rot;
      cairo_save (cr);
      ab_set_rgba (cr, AB_ACTIVE, 0.85 * fade);
      cairo_rectangle (cr, x + 0.5, plot.y + plot.h - h0, bw - 1, h0);
      cairo_fill (cr);
      ab_set_rgba (cr, AB_HEADS[0], fade);
      cairo_rectangle (cr, x + 0.5, plot.y + plot.h - h1, bw - 1, h1 - h0);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  if (rot > 0)
    {
      cairo_save (cr);
      ab_set_rgba (cr, AB_HEADS[3], rot);
      cairo_set_line_width (cr, 3);
      cairo_move_to (cr, plot.x, plot.y + plot.h);
      for (int b = 0; b < N_BINS; b++)
        {
          double y = plot.y + plot.h - BAR_H (res->hist_rot[b]);
          cairo_line_to (cr, plot.x + b * bw, y);
          cairo_line_to (cr, plot.x + (b + 1) * bw, y);
        }
      cairo_line_to (cr, plot.x + plot.w, plot.y + plot.h);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
#undef BAR_H

  {
    g_autofree char *amax = g_strdup_printf (_("largest %.1f → 448"), res->amax);
    g_autofree char *amax_rot = g_strdup_printf (_("rotated: %.1f"), res->amax_rot);
    draw_marker (cr, plot, res->amax, AB_HEADS[0], 1.0 - 0.4 * rot, amax, top);
    if (rot > 0)
      draw_marker (cr, plot, res->amax_rot, AB_HEADS[3], rot, amax_rot, top + tick_h + 6);
  }

  /* One readout at a time: the tensor, then what the rotation made of it. */
  if (rot < 1)
    ab_text (cr, AB_TEXT_LABEL, before, plot.x, plot.y + plot.h + axis_h + 10,
             ab_rgb_mix (AB_PANEL, AB_TEXT, 1 - rot), AB_ALIGN_LEFT, inner);
  if (rot > 0)
    ab_text (cr, AB_TEXT_LABEL, after, plot.x, plot.y + plot.h + axis_h + 10,
             ab_rgb_mix (AB_PANEL, AB_HEADS[3], rot), AB_ALIGN_LEFT, inner);
}

/* One comb: every positive finite E4M3 value times @scale. */
static void
draw_comb (cairo_t *cr, AbRect plot, double y, double h, double scale, AbRgb color, double alpha)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1.2);
  for (int code = 1; code <= 0x7e; code++)
    {
      double v = ab_e4m3_decode ((uint8_t) code) * scale, l2 = log2 (v);
      gboolean subnormal = code < 0x08;
      if (l2 < LOG2_LO || l2 > LOG2_HI)
        continue;
      ab_set_rgba (cr, color, alpha * (subnormal ? 0.5 : 0.9));
      cairo_move_to (cr, axis_x (plot, l2), y + (subnormal ? h * 0.4 : 0));
      cairo_line_to (cr, axis_x (plot, l2), y + h);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
ab_fp8_diagram_draw_grid (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("The E4M3 grid, scaled to the data");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), inner = panel.w - 2 * pad;
  double heading = text_height (cr, AB_TEXT_HEADING, title, panel.w - 40);
  double label_h = text_height (cr, AB_TEXT_LABEL, "Ag", -1), tick_h = text_height (cr, AB_TEXT_VALUE_SMALL, "0", -1);
  const char *axis = _("value, log scale: 8 E4M3 values per doubling");
  const char *band_label = _("98 % of the entries of Q");
  double axis_h = tick_h + 8 + text_height (cr, AB_TEXT_SMALL, axis, inner);
  double band_h = text_height (cr, AB_TEXT_SMALL, band_label, -1) + 8;
  double reveal[N_ROUNDINGS] = { 1, ab_tween (position, STEP_OUTLIERS, STEP_GRID),
                                 ab_tween (position, STEP_GRID, STEP_ROTATE) };
  static const AbColor comb_colors[N_ROUNDINGS] = { AB_COLOR_HEAD_0, AB_COLOR_HEAD_1, AB_COLOR_HEAD_3 };
  g_autofree char *l0 = g_strdup_printf (_("per tensor: s = %.1f / 448 = %.3f"), res->amax, res->scale[0]);
  g_autofree char *l1 = g_strdup_printf (_("per %d rows, the quietest block: s = %.4f"), res->block, res->scale[1]);
  g_autofree char *l2 = g_strdup_printf (_("rotated, the outlier's block: s = %.4f"), res->scale[2]);
  const char *labels[N_ROUNDINGS] = { l0, l1, l2 };
  g_autofree char *r0 = g_strdup_printf (_("The largest entry lands on 448. E4M3 steps by 1/16 to 1/8 of the "
                                           "value; INT8 at this scale would step by %.2f everywhere."),
                                         res->int8_step);
  g_autofree char *r1 = g_strdup_printf (res->worst_is_outlier
                                             ? _("RMS rounding error per entry: %.1f %% per tensor, %.1f %% per "
                                                 "block. But the outlier %.2f becomes %.2f: an error of %.2f in "
                                                 "one coordinate.")
                                             : _("RMS rounding error per entry: %.1f %% per tensor, %.1f %% per "
                                                 "block. The worst-rounded entry, %.2f, becomes %.2f: an error "
                                                 "of %.2f."),
                                         100 * res->rel_err[0], 100 * res->rel_err[1], res->worst,
                                         res->worst_stored, res->max_err[0]);
  g_autofree char *r2 = g_strdup_printf (_("Rotated: %.1f %% per entry, and no entry is off by more than %.2f."),
                                         100 * res->rel_err[2], res->max_err[2]);
  const char *readout = position < STEP_GRID - 0.5 ? r0 : position < STEP_ROTATE - 0.5 ? r1 : r2;
  double read_h = MAX (text_height (cr, AB_TEXT_LABEL, r1, inner), text_height (cr, AB_TEXT_LABEL, r0, inner));
  double top = panel.y + 14 + heading + 12;
  AbRect plot = { panel.x + pad, top, inner, 0 };
  double row_h, comb_h;

  read_h = MAX (read_h, text_height (cr, AB_TEXT_LABEL, r2, inner));
  plot.h = panel.y + panel.h - pad - read_h - 10 - axis_h - plot.y;
  row_h = (plot.h - band_h) / N_ROUNDINGS;
  comb_h = CLAMP (row_h - label_h - 8, 6, 3 * label_h);
  ab_draw_panel (cr, panel, title);
  draw_log_axis (cr, plot, axis);

  /* Where 98 % of the entries of Q lie, across all three combs. */
  {
    double x0 = axis_x (plot, log2 (res->band_lo)), x1 = axis_x (plot, log2 (res->band_hi));
    cairo_save (cr);
    ab_set_rgba (cr, AB_ACTIVE, 0.14);
    cairo_rectangle (cr, x0, plot.y, x1 - x0, plot.h);
    cairo_fill (cr);
    cairo_restore (cr);
    ab_text (cr, AB_TEXT_SMALL, band_label, (x0 + x1) / 2, plot.y + plot.h - band_h + 2,
             ab_rgb_mix (AB_TEXT_DIM, AB_ACTIVE, 0.5), AB_ALIGN_CENTER, -1);
  }

  for (int r = 0; r < N_ROUNDINGS; r++)
    {
      double y = plot.y + r * row_h + 4;
      if (reveal[r] <= 0)
        continue;
      ab_text (cr, AB_TEXT_LABEL, labels[r], plot.x, y, ab_rgb_mix (AB_PANEL, AB_TEXT, reveal[r]),
               AB_ALIGN_LEFT, plot.w);
      draw_comb (cr, plot, y + label_h + 4, comb_h, res->scale[r], ab_color (comb_colors[r]), reveal[r]);
    }
  ab_text (cr, AB_TEXT_LABEL, readout, plot.x, plot.y + plot.h + axis_h + 10, AB_TEXT, AB_ALIGN_LEFT, inner);
}

void
ab_fp8_diagram_draw_bars (const AbFp8DiagramResult *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Error of the attention output O against FP64 (RMSE)");
  g_autofree char *block_label = g_strdup_printf (_("FP8, one scale per %d rows"), res->block);
  const char *names[AB_FP8_N_SCHEMES] = {
    _("BF16 inputs"), _("FP8, one scale per tensor"), block_label, _("FP8, Hadamard + per block"),
  };
  /* The step at which each bar appears. */
  static const int shown_at[AB_FP8_N_SCHEMES] = { STEP_OUTLIERS, STEP_OUTLIERS, STEP_GRID, STEP_ROTATE };
  const AbFp8Scheme pt = AB_FP8_SCHEME_PER_TENSOR, hb = AB_FP8_SCHEME_HADAMARD_BLOCK;
  g_autofree char *setup = g_strdup_printf (
      _("O = softmax(QKᵀ/√d)·V, N = %d, d = %d, %d random draws. Q, K, V are rounded, both matrix "
        "products run in FP32, the reference in FP64."),
      res->exp.config.n, res->d, res->exp.config.n_runs);
  g_autofree char *ratio = g_strdup_printf (_("%.2f× lower error than per tensor"), res->exp.ratio_hadamard);
  g_autofree char *why = g_strdup_printf (
      _("Mean score error: %.3f and %.3f. Weighted by the softmax: %.3f → %.3f. The rotation moves the "
        "error off the keys that attention picks."),
      res->exp.score_rmse[pt], res->exp.score_rmse[hb], res->exp.weighted_score_rmse[pt],
      res->exp.weighted_score_rmse[hb]);
  double pad = ab_style_size (cr, AB_TEXT_LABEL);
  double heading = text_height (cr, AB_TEXT_HEADING, title, panel.w - 40);
  double label_w = ab_text_max_width (cr, AB_TEXT_LABEL, names, AB_FP8_N_SCHEMES, TRUE);
  double value_w, value_h, vmax = 0, need_h;
  gboolean beside = panel.w > 1100;
  double callout_w = beside ? panel.w * 0.36 : panel.w - 2 * pad;
  double top = panel.y + 14 + heading + 10;
  double bars_bottom, pitch, bar_h;
  AbRect plot, callout;

  need_h = MAX (text_height (cr, AB_TEXT_LABEL, setup, callout_w),
                text_height (cr, AB_TEXT_HEADING, ratio, callout_w) + 4
                    + text_height (cr, AB_TEXT_LABEL, why, callout_w));
  ab_text_measure (cr, AB_TEXT_VALUE, "0.0000", -1, &value_w, &value_h);
  ab_draw_panel (cr, panel, title);
  if (beside)
    {
      callout = (AbRect) { panel.x + panel.w - pad - callout_w, top, callout_w, panel.y + panel.h - pad - top };
      bars_bottom = panel.y + panel.h - pad;
    }
  else
    {
      callout = (AbRect) { panel.x + pad, panel.y + panel.h - pad - need_h, callout_w, need_h };
      bars_bottom = callout.y - 12;
    }
  plot = (AbRect) { panel.x + pad + label_w + 14, top,
                    (beside ? callout.x - 30 : panel.x + panel.w - pad) - value_w - 14
                        - (panel.x + pad + label_w + 14),
                    bars_bottom - top };
  pitch = plot.h / AB_FP8_N_SCHEMES;
  bar_h = MIN (pitch * 0.62, value_h * 1.8);
  for (int s = 0; s < AB_FP8_N_SCHEMES; s++)
    vmax = MAX (vmax, res->exp.rmse[s]);

  for (int s = 0; s < AB_FP8_N_SCHEMES; s++)
    {
      double reveal = ab_tween (position, shown_at[s] - 1, shown_at[s]);
      double y = plot.y + s * pitch + (pitch - bar_h) / 2, w;
      g_autofree char *value = g_strdup_printf ("%.4f", res->exp.rmse[s]);
      if (reveal <= 0)
        continue;
      w = MAX (plot.w * res->exp.rmse[s] / vmax * reveal, 3);
      ab_text (cr, AB_TEXT_LABEL, names[s], plot.x - 14, y + (bar_h - value_h) / 2,
               ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { plot.x, y, w, bar_h }, 4);
      ab_set_rgba (cr, scheme_color (s), 0.9 * reveal);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, value, plot.x + w + 10, y + (bar_h - value_h) / 2,
               ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_LEFT, -1);
    }

  /* The callout: the setup until the last step, then the measured ratio. */
  if (position < STEP_MEASURE - 0.5)
    ab_text (cr, AB_TEXT_LABEL, setup, callout.x, callout.y, AB_TEXT_DIM, AB_ALIGN_LEFT, callout.w);
  else
    {
      double reveal = ab_tween (position, STEP_ROTATE, STEP_MEASURE), y = callout.y;
      y += ab_text (cr, AB_TEXT_HEADING, ratio, callout.x, y, ab_rgb_mix (AB_PANEL, AB_HEADS[3], reveal),
                    AB_ALIGN_LEFT, callout.w) + 4;
      ab_text (cr, AB_TEXT_LABEL, why, callout.x, y, ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_LEFT,
               callout.w);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-approx-error-diagram-draw.c — the approximation-error diagram's two
 * stages: the log–log plot of error against budget (or, in the last step,
 * against FLOPs) and the per-method readout at the default budgets. Only
 * draws what update() measured (ab-approx-error-diagram.c). */
#include "ab-approx-error-diagram-private.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>

typedef struct
{
  AbRect plot;
  double y_lo, y_hi;            /* log10 of the ends of the error axis */
  double bx_hi;                 /* log2 of the largest budget */
  double fx_lo, fx_hi;          /* log10 of the FLOPs-ratio range */
  double cost;                  /* 0: x is the budget, 1: x is FLOPs ÷ dense */
  double mix;                   /* 0: smooth input, 1: needle input */
} Axes;

static double
clamp_log (const Axes *a, double e)
{
  return isfinite (e) && e > 0 ? MAX (log10 (e), a->y_lo) : a->y_lo;
}

static double
py (const Axes *a, double log_e)
{
  return a->plot.y + a->plot.h * (a->y_hi - log_e) / (a->y_hi - a->y_lo);
}

static double
px_budget (const Axes *a, double budget)
{
  /* a third of an octave of margin, so the end points are not cut */
  return a->plot.x + a->plot.w * (log2 (MAX (budget, 1)) + 0.3) / (a->bx_hi + 0.6);
}

static double
px_cost (const Axes *a, double ratio)
{
  return a->plot.x + a->plot.w * (log10 (ratio) - a->fx_lo) / (a->fx_hi - a->fx_lo);
}

/* The error of point @i of method @m, between the two inputs at the frame's mix. */
static double
point_log_error (const AbAeView *v, const Axes *a, int m, int i)
{
  double s = v->smooth ? clamp_log (a, v->smooth->curves[m].error[i]) : 0;
  /* the needle input plots the needle row alone: that is where retrieval fails */
  double n = v->needle ? clamp_log (a, v->needle->curves[m].needle_error[i]) : 0;

  if (!v->needle)
    return s;
  if (!v->smooth)
    return n;
  return s + (n - s) * a->mix;
}

static const AbAeSweep *
shown_sweep (const AbAeView *v, double mix)
{
  if (!v->needle || (v->smooth && mix < 0.5))
    return v->smooth;
  return v->needle;
}

static double
point_x (const AbAeView *v, const Axes *a, int m, int i)
{
  /* LSH's FLOPs follow its buckets, so the input matters */
  const AbAeSweep *s = shown_sweep (v, a->mix);
  const AbAeCurve *c = &s->curves[m];
  double xb = px_budget (a, c->budget[i]);
  double xc = px_cost (a, (double) c->flops[i] / (double) s->dense_flops);

  return xb + (xc - xb) * a->cost;
}

static double
method_alpha (int m, double position)
{
  /* step 1 is about the exact methods: the others wait, dimmed */
  double others = 0.22 + 0.78 * ab_tween (position, AB_AE_STEP_EXACT, AB_AE_STEP_SMOOTH);
  return ab_approx_method_is_exact (m) ? 1.0 : others;
}

static void
axes_ranges (const AbAeView *v, Axes *a)
{
  double e_max = 1, e_min = 1, r_lo = 1, r_hi = 1;

  for (int k = 0; k < 2; k++)
    {
      const AbAeSweep *s = k ? v->needle : v->smooth;
      if (!s)
        continue;
      for (int m = 0; m < AB_APPROX_N_METHODS; m++)
        for (int i = 0; i < s->curves[m].n_points; i++)
          {
            double r = (double) s->curves[m].flops[i] / (double) s->dense_flops;
            {
              double e = k ? s->curves[m].needle_error[i] : s->curves[m].error[i];
              if (isfinite (e) && e > 0)
                {
                  e_max = MAX (e_max, e);
                  e_min = MIN (e_min, e);
                }
            }
            r_lo = MIN (r_lo, r);
            r_hi = MAX (r_hi, r);
          }
      a->bx_hi = log2 (MAX (s->n, 4 * s->d));
    }
  a->y_hi = MAX (1, ceil (log10 (e_max) - 1e-9));
  /* at least the float-rounding band (10⁻⁸ … 10⁻⁶) */
  a->y_lo = MIN (-8, floor (log10 (e_min)));
  a->fx_lo = floor (log10 (r_lo));
  a->fx_hi = ceil (log10 (r_hi) + 1e-9);
}

static char *
decade_label (int e)
{
  if (e == 0)
    return g_strdup ("1");
  if (e == 1)
    return g_strdup ("10");
  return e < 0 ? g_strdup_printf ("10<sup>−%d</sup>", -e) : g_strdup_printf ("10<sup>%d</sup>", e);
}

static char *
ratio_label (int e)
{
  switch (e)
    {
    case -3: return g_strdup ("0.001×");
    case -2: return g_strdup ("0.01×");
    case -1: return g_strdup ("0.1×");
    case 0: return g_strdup (_("1× dense"));
    case 1: return g_strdup ("10×");
    case 2: return g_strdup ("100×");
    default: return g_strdup_printf ("10<sup>%d</sup>×", e);
    }
}

/* Grid, ticks and the axis titles. */
static void
draw_axes (cairo_t *cr, const Axes *a, double tick_h)
{
  int n_dec = (int) (a->y_hi - a->y_lo);
  int y_every = a->plot.h / n_dec < tick_h * 1.3 ? 2 : 1;
  gboolean cost = a->cost >= 0.5;

  cairo_save (cr);
  cairo_rectangle (cr, a->plot.x, a->plot.y, a->plot.w, a->plot.h);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1);
  for (int e = (int) a->y_lo; e <= (int) a->y_hi; e++)
    {
      double y = py (a, e);
      cairo_move_to (cr, a->plot.x, y);
      cairo_line_to (cr, a->plot.x + a->plot.w, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  for (int e = (int) a->y_hi; e >= (int) a->y_lo; e--)
    if (((int) a->y_hi - e) % y_every == 0)
      {
        g_autofree char *t = decade_label (e);
        ab_text (cr, AB_TEXT_VALUE_SMALL, t, a->plot.x - 8, py (a, e) - tick_h / 2, AB_TEXT_DIM,
                 AB_ALIGN_RIGHT, -1);
      }

  if (!cost)
    {
      int n_ticks = (int) a->bx_hi + 1;
      double tw;
      int every;

      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "1024", -1, &tw, NULL);
      every = a->plot.w / n_ticks < tw * 1.4 ? 2 : 1;
      for (int k = 0; k < n_ticks; k += every)
        {
          g_autofree char *t = g_strdup_printf ("%d", 1 << k);
          ab_text (cr, AB_TEXT_VALUE_SMALL, t, px_budget (a, 1 << k), a->plot.y + a->plot.h + 6,
                   AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
        }
    }
  else
    for (int e = (int) a->fx_lo; e <= (int) a->fx_hi; e++)
      {
        g_autofree char *t = ratio_label (e);
        double x = px_cost (a, pow (10, e));
        /* the end ticks stay inside the panel */
        AbAlign al = e == (int) a->fx_lo ? AB_ALIGN_LEFT : e == (int) a->fx_hi ? AB_ALIGN_RIGHT
                                                                               : AB_ALIGN_CENTER;
        ab_text (cr, AB_TEXT_VALUE_SMALL, t, x, a->plot.y + a->plot.h + 6, AB_TEXT_DIM, al, -1);
      }
  ab_text (cr, AB_TEXT_SMALL,
           cost ? _("FLOPs as a multiple of dense attention’s 4N²d (log)")
                : _("budget (log): window and BigBird radius r · LSH buckets b · Linformer rank k · "
                    "Performer features m"),
           a->plot.x + a->plot.w / 2, a->plot.y + a->plot.h + tick_h + 12, AB_TEXT_DIM,
           AB_ALIGN_CENTER, a->plot.w);
}

/* The float-rounding band and the error = 1 line, with their labels. */
static void
draw_references (cairo_t *cr, const Axes *a, const AbAeView *v, double position)
{
  const AbAeSweep *s = shown_sweep (v, a->mix);
  gboolean row = s == v->needle;
  const AbAeCurve *c = s->curves;
  g_autofree char *c_err = ab_ae_format_error (row ? c[AB_APPROX_METHOD_CHUNKED].needle_error[0]
                                                   : c[AB_APPROX_METHOD_CHUNKED].error[0]);
  g_autofree char *f_err = ab_ae_format_error (row ? c[AB_APPROX_METHOD_FLASH].needle_error[0]
                                                   : c[AB_APPROX_METHOD_FLASH].error[0]);
  g_autofree char *band = g_strdup_printf (_("float rounding: chunked %s, FlashAttention %s"), c_err, f_err);
  double y0 = py (a, -6), y1 = py (a, -8), lab_h;


  cairo_save (cr);
  ab_set_rgba (cr, AB_SRAM, 0.10);
  cairo_rectangle (cr, a->plot.x, y0, a->plot.w, y1 - y0);
  cairo_fill (cr);
  ab_set_rgba (cr, AB_MUTED, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 5 }, 2, 0);
  cairo_move_to (cr, a->plot.x, py (a, 0));
  cairo_line_to (cr, a->plot.x + a->plot.w, py (a, 0));
  cairo_stroke (cr);
  cairo_restore (cr);

  /* half the width, so the exact points at 1× dense (cost view) stay clear */
  ab_text_measure (cr, AB_TEXT_SMALL, band, a->plot.w * 0.5, NULL, &lab_h);
  ab_text (cr, AB_TEXT_SMALL, band, a->plot.x + 8, y0 - lab_h - 4,
           ab_rgb_mix (AB_PANEL, AB_SRAM, method_alpha (AB_APPROX_METHOD_CHUNKED, position)),
           AB_ALIGN_LEFT, a->plot.w * 0.5);
}

static void
dot (cairo_t *cr, double x, double y, double r, AbRgb color, double alpha, gboolean ring)
{
  cairo_save (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  ab_set_rgba (cr, color, alpha);
  cairo_fill (cr);
  if (ring)
    {
      cairo_arc (cr, x, y, r + 4, 0, 2 * G_PI);
      ab_set_rgba (cr, AB_TEXT, alpha);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Every method: a polyline through its grid (budget or cost on x); the
 * budget-less ones as a level line in budget view and a point in cost view. */
static void
draw_curves (cairo_t *cr, const Axes *a, const AbAeView *v, double position, double dot_r)
{
  const AbAeSweep *s = v->smooth ? v->smooth : v->needle;

  cairo_save (cr);
  cairo_rectangle (cr, a->plot.x, a->plot.y, a->plot.w, a->plot.h);
  cairo_clip (cr);
  for (int m = AB_APPROX_N_METHODS - 1; m >= 0; m--)
    {
      const AbAeCurve *c = &s->curves[m];
      AbRgb color = ab_ae_method_color (m);
      double alpha = method_alpha (m, position);

      if (c->n_points == 1)
        {
          double y = py (a, point_log_error (v, a, m, 0));
          double level = 1 - a->cost;
          if (level > 0)
            {
              ab_set_rgba (cr, color, alpha * level);
              cairo_set_line_width (cr, m == AB_APPROX_METHOD_FLASH ? 2.5 : 3.5);
              if (m != AB_APPROX_METHOD_CHUNKED)
                cairo_set_dash (cr, (double[]) { 10, 6 }, 2, m == AB_APPROX_METHOD_FLASH ? 8 : 0);
              cairo_move_to (cr, a->plot.x, y);
              cairo_line_to (cr, a->plot.x + a->plot.w, y);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
            }
          if (a->cost > 0)
            dot (cr, point_x (v, a, m, 0), y, dot_r * 1.3, color, alpha * a->cost, FALSE);
          continue;
        }
      ab_set_rgba (cr, color, alpha * 0.85);
      cairo_set_line_width (cr, 3);
      for (int i = 0; i < c->n_points; i++)
        {
          double x = point_x (v, a, m, i), y = py (a, point_log_error (v, a, m, i));
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      for (int i = 0; i < c->n_points; i++)
        dot (cr, point_x (v, a, m, i), py (a, point_log_error (v, a, m, i)),
             i == c->default_index ? dot_r * 1.2 : dot_r, color, alpha, i == c->default_index);
    }
  cairo_restore (cr);
}

/* On the needle input: where the window first covers key j* from query i*. */
static void
draw_reach (cairo_t *cr, const Axes *a, const AbAeView *v)
{
  const AbAeSweep *s = v->needle;
  double alpha = a->mix * (1 - a->cost), x, w;
  int reach;
  g_autofree char *label = NULL;

  if (!s || alpha <= 0.01)
    return;
  reach = s->needle_query - s->needle_key;
  x = px_budget (a, reach);
  cairo_save (cr);
  ab_set_rgba (cr, ab_ae_method_color (AB_APPROX_METHOD_WINDOW), alpha);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 3, 5 }, 2, 0);
  cairo_move_to (cr, x, a->plot.y);
  cairo_line_to (cr, x, a->plot.y + a->plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);
  label = g_strdup_printf (_("r ≥ i* − j* = %d: the window reaches the needle"), reach);
  ab_text_measure (cr, AB_TEXT_SMALL, label, -1, &w, NULL);
  ab_text (cr, AB_TEXT_SMALL, label, x - 8, a->plot.y + 8,
           ab_rgb_mix (AB_PANEL, ab_ae_method_color (AB_APPROX_METHOD_WINDOW), alpha),
           AB_ALIGN_RIGHT, MIN (w + 1, x - 8 - a->plot.x - 60));
}

static void
draw_plot (const AbAeView *v, cairo_t *cr, AbRect panel, double position)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, tick_h, tick_w, small_h, mix;
  gboolean row;
  const char *y_title;
  double y_title_h;
  g_autofree char *title = NULL;
  Axes a = { 0 };

  axes_ranges (v, &a);
  a.mix = mix = ab_ae_needle_mix (v, position);
  a.cost = ab_tween (position, AB_AE_STEP_WEIGHT, AB_AE_STEP_COST);
  row = mix >= 0.5 && v->needle;
  if (row)
    title = g_strdup_printf (a.cost >= 0.5 ? _("Needle row i* = %d: error against FLOPs")
                                           : _("Needle row i* = %d: error against budget"),
                             v->needle->needle_query);
  else
    title = g_strdup (a.cost >= 0.5 ? _("Smooth input: output error against FLOPs")
                                    : _("Smooth input: output error against budget"));
  y_title = row ? _("‖ô<sub>i*</sub> − o<sub>i*</sub>‖ / ‖o<sub>i*</sub>‖ on the needle row (log) · "
                    "dashed: error 1, as large as the output")
                : _("‖Ô − O‖ / ‖O‖ over all N × d outputs (log) · dashed: error 1, as large as the output");
  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "10<sup>−9</sup>", -1, &tick_w, &tick_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &small_h);
  a.plot.x = panel.x + pad + tick_w + 10;
  a.plot.w = panel.x + panel.w - pad - a.plot.x;
  ab_text_measure (cr, AB_TEXT_SMALL, y_title, panel.x + panel.w - 20 - a.plot.x, NULL, &y_title_h);
  a.plot.y = panel.y + 14 + heading + 8 + y_title_h + tick_h * 0.6;
  a.plot.h = panel.y + panel.h - pad - small_h * 2.4 - tick_h - 14 - a.plot.y;

  draw_axes (cr, &a, tick_h);
  ab_text (cr, AB_TEXT_SMALL, y_title, a.plot.x, panel.y + 14 + heading + 6, AB_TEXT_DIM, AB_ALIGN_LEFT,
           panel.x + panel.w - 20 - a.plot.x);
  draw_references (cr, &a, v, position);
  draw_reach (cr, &a, v);
  draw_curves (cr, &a, v, position, ab_style_size (cr, AB_TEXT_LABEL) * 0.28);
}

/* Readout ------------------------------------------------------------------ */

typedef enum { COL_BEST, COL_ROW_ERROR, COL_WEIGHT, COL_COST } Column;

static Column
readout_column (const AbAeView *v, double position, double *reveal)
{
  int step = (int) floor (position + 0.5);

  *reveal = ab_clamp01 (1 - 2 * fabs (position - step));
  if (step >= AB_AE_STEP_COST)
    return COL_COST;
  if (!v->needle || step < AB_AE_STEP_NEEDLE)
    return COL_BEST;
  return step == AB_AE_STEP_NEEDLE ? COL_ROW_ERROR : COL_WEIGHT;
}

/* A weight bar on [lo, 1]: the method's Â filled from 0, exact A as a tick. */
static void
weight_bar (cairo_t *cr, AbRect r, double lo, double w_hat, double w_exact, AbRgb color, double alpha)
{
  double x0 = r.x + r.w * (0 - lo) / (1 - lo);
  double xh = r.x + r.w * (CLAMP (w_hat, lo, 1) - lo) / (1 - lo);
  double xe = r.x + r.w * (CLAMP (w_exact, lo, 1) - lo) / (1 - lo);

  cairo_save (cr);
  ab_set_rgba (cr, AB_BG, alpha);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_fill (cr);
  ab_set_rgba (cr, color, alpha);
  cairo_rectangle (cr, MIN (x0, xh), r.y + 2, MAX (fabs (xh - x0), 2), r.h - 4);
  cairo_fill (cr);
  ab_set_rgba (cr, AB_TEXT, alpha);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, xe, r.y - 3);
  cairo_line_to (cr, xe, r.y + r.h + 3);
  cairo_stroke (cr);
  ab_set_rgba (cr, AB_MUTED, alpha);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x0, r.y);
  cairo_line_to (cr, x0, r.y + r.h);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static const char *
column_title (Column col)
{
  switch (col)
    {
    case COL_ROW_ERROR:
      return _("error, all N rows");
    case COL_WEIGHT:
      return _("Â[i*, j*] (white: exact A)");
    case COL_COST:
      return _("FLOPs ÷ dense");
    default:
      return _("lowest on the grid");
    }
}

/* The readout's closing lines for @step, from the measured numbers. */
static char *
explanation (const AbAeView *v, const AbAeSweep *s, int step)
{
  const AbAeCurve *c = s->curves;
#define AT_DEFAULT(m, field) (c[m].field[c[m].default_index])
  g_autofree char *e_c = ab_ae_format_error (AT_DEFAULT (AB_APPROX_METHOD_CHUNKED, error));
  g_autofree char *e_f = ab_ae_format_error (AT_DEFAULT (AB_APPROX_METHOD_FLASH, error));

  switch (step)
    {
    case AB_AE_STEP_EXACT:
      return g_strdup_printf (_("Both compute softmax(QKᵀ/√d)V exactly, chunk by chunk or tile by tile. "
                                "Their errors, %s and %s, are float32 arithmetic measured against a "
                                "double-precision reference."), e_c, e_f);
    case AB_AE_STEP_SMOOTH:
      {
        const AbAeSweep *sm = v->smooth ? v->smooth : s;
        const AbAeCurve *k = sm->curves;
        int r = k[AB_APPROX_METHOD_WINDOW].budget[k[AB_APPROX_METHOD_WINDOW].default_index];
        g_autofree char *pool = ab_ae_format_error (k[AB_APPROX_METHOD_LINFORMER_POOL].error[k[AB_APPROX_METHOD_LINFORMER_POOL].default_index]);
        g_autofree char *lin = ab_ae_format_error (k[AB_APPROX_METHOD_LINEAR].error[0]);
        g_autofree char *win = ab_ae_format_error (k[AB_APPROX_METHOD_WINDOW].error[k[AB_APPROX_METHOD_WINDOW].default_index]);
        return g_strdup_printf (_("Scores of std 0.5 make exact attention nearly uniform, so O is close "
                                  "to the mean of V. Averages over all keys land near it (pooling %s, "
                                  "linear %s); a window of 2r + 1 = %d keys averages too few (%s)."),
                                pool, lin, 2 * r + 1, win);
      }
    case AB_AE_STEP_NEEDLE:
      if (!v->needle)
        return g_strdup (_("Set the input to needle or by-step to plant the needle."));
      return g_strdup_printf (_("Exact attention puts %.3f of row i* = %d on key j* = %d, so o<sub>i*</sub> "
                                "≈ v<sub>j*</sub>. A row error near 1 means that row has lost "
                                "v<sub>j*</sub>; the window only reaches j* at r ≥ %d."),
                              c[AB_APPROX_METHOD_WINDOW].needle_weight_exact, s->needle_query,
                              s->needle_key, s->needle_query - s->needle_key);
    case AB_AE_STEP_WEIGHT:
      {
        int best = -1, worst = -1;
        if (!v->needle)
          return g_strdup (_("Set the input to needle or by-step to plant the needle."));
        for (int m = 0; m < AB_APPROX_N_METHODS; m++)
          if (isfinite (c[m].needle_weight))
            {
              if (best < 0 || c[m].needle_weight > c[best].needle_weight)
                best = m;
              if (worst < 0 || fabs (c[m].needle_weight) < fabs (c[worst].needle_weight))
                worst = m;
            }
        if (best < 0)
          return NULL;
        g_autofree char *w_worst = c[worst].needle_weight == 0 ? g_strdup (_("exactly 0"))
                                   : ab_ae_format_error (fabs (c[worst].needle_weight));
        return g_strdup_printf (_("Keeping the needle’s weight keeps its output: %s gives Â[i*, j*] = %.2f "
                                  "(exact %.3f), %s %s. Low rank and positive features spread the "
                                  "weight over every key; a fixed pattern never scores j*."),
                                ab_ae_method_label (best), c[best].needle_weight,
                                c[best].needle_weight_exact, ab_ae_method_label (worst), w_worst);
      }
    default:
      {
        GString *out = g_string_new (NULL);
        int n_over = 0;
        for (int m = 0; m < AB_APPROX_N_METHODS; m++)
          {
            double ratio = (double) AT_DEFAULT (m, flops) / (double) s->dense_flops;
            if (!ab_approx_method_is_exact (m) && ratio > 1.0)
              g_string_append_printf (out, "%s%s %.2f×", n_over++ ? ", " : "", ab_ae_method_label (m), ratio);
          }
        if (n_over == 0)
          {
            g_string_free (out, TRUE);
            return g_strdup_printf (_("Every approximation here does fewer FLOPs than dense attention’s "
                                      "4N²d = %" G_GUINT64_FORMAT "."), s->dense_flops);
          }
        g_autofree char *list = g_string_free (out, FALSE);
        return g_strdup_printf (_("At N = %d, more FLOPs than dense attention’s 4N²d: %s. Methods linear "
                                  "in N pay off only at long sequences."), s->n, list);
      }
    }
#undef AT_DEFAULT
}

static void
draw_readout (const AbAeView *v, cairo_t *cr, AbRect panel, double position)
{
  double mix = ab_ae_needle_mix (v, position), reveal;
  const AbAeSweep *s = shown_sweep (v, mix);
  Column col = readout_column (v, position, &reveal);
  const char *col_title = column_title (col);
  const char *title = _("At the default budgets");
  double pad = 20, heading, label_h, row_h, y, name_w, budget_w = 0, err_w, col_x, col_w;
  const char *labels[AB_APPROX_N_METHODS];
  double w_lo = 0;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_LABEL, "Ag", -1, NULL, &label_h);
  for (int m = 0; m < AB_APPROX_N_METHODS; m++)
    {
      g_autofree char *b = ab_ae_budget_text (m, s->curves[m].budget[s->curves[m].default_index]);
      double w;
      labels[m] = ab_ae_method_label (m);
      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, b, -1, &w, NULL);
      budget_w = MAX (budget_w, w);
      if (isfinite (s->curves[m].needle_weight))
        w_lo = MIN (w_lo, s->curves[m].needle_weight);
    }
  w_lo = w_lo < 0 ? floor (w_lo * 4) / 4 : 0;   /* Gaussian Linformer's weight can be negative */
  name_w = ab_text_max_width (cr, AB_TEXT_LABEL, labels, AB_APPROX_N_METHODS, TRUE);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0.0×10<sup>−0</sup>", -1, &err_w, NULL);

  y = panel.y + 14 + heading + 10;
  {
    double dot_w = label_h * 0.9, x = panel.x + pad + dot_w;
    double header_h;
    ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &header_h);
    ab_text (cr, AB_TEXT_SMALL, _("method"), x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, name_w);
    ab_text (cr, AB_TEXT_SMALL, _("budget"), x + name_w + 12, y, AB_TEXT_DIM, AB_ALIGN_LEFT, budget_w + 8);
    ab_text (cr, AB_TEXT_SMALL, s == v->needle ? _("row i*") : _("error"), x + name_w + budget_w + 24, y,
             AB_TEXT_DIM, AB_ALIGN_LEFT, err_w + 8);
    col_x = x + name_w + budget_w + err_w + 40;
    col_w = panel.x + panel.w - pad - col_x;
    if (col_title && col_w > 60)
      {
        double tw;
        ab_text_measure (cr, AB_TEXT_SMALL, col_title, -1, &tw, NULL);
        /* the short form where the long one would wrap */
        if (tw > col_w)
          col_title = col == COL_WEIGHT ? _("Â[i*, j*]") : col == COL_ROW_ERROR ? _("all rows")
                      : col == COL_COST ? _("FLOPs") : _("lowest");
        ab_text (cr, AB_TEXT_SMALL, col_title, col_x, y, ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, reveal),
                 AB_ALIGN_LEFT, col_w);
      }
    y += header_h + 10;
  }
  {
    int step = CLAMP ((int) floor (position + 0.5), 0, AB_AE_N_STEPS - 1);
    g_autofree char *why = explanation (v, s, step);
    double why_h = 0, room = panel.y + panel.h - pad - y;
    if (why)
      ab_text_measure (cr, AB_TEXT_LABEL, why, panel.w - 2 * pad, NULL, &why_h);
    /* rows shrink to make room for the explanation, down to 1.15 lines */
    row_h = MIN (label_h * 2.0, (room - why_h - label_h * 0.6) / AB_APPROX_N_METHODS);
    if (row_h < label_h * 1.15)
      {
        row_h = MIN (label_h * 2.0, room / AB_APPROX_N_METHODS);
        why_h = 0;
      }
    if (why && why_h > 0)
      ab_text (cr, AB_TEXT_LABEL, why, panel.x + pad, panel.y + panel.h - pad - why_h,
               ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, ab_clamp01 (1 - 2 * fabs (position - step))),
               AB_ALIGN_LEFT, panel.w - 2 * pad);
  }

  for (int m = 0; m < AB_APPROX_N_METHODS; m++)
    {
      const AbAeCurve *c = &s->curves[m];
      int di = c->default_index;
      double alpha = method_alpha (m, position);
      AbRgb text = ab_rgb_mix (AB_PANEL, AB_TEXT, alpha), dim = ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, alpha);
      double ry = y + m * row_h, dot_w = label_h * 0.9, x = panel.x + pad + dot_w;
      double vy = ry + (label_h - ab_style_size (cr, AB_TEXT_VALUE_SMALL) * 1.25) / 2;
      g_autofree char *b = ab_ae_budget_text (m, c->budget[di]);
      /* the error the plot shows: the needle row on the needle input */
      g_autofree char *e = ab_ae_format_error (s == v->needle ? c->needle_error[di] : c->error[di]);

      dot (cr, panel.x + pad + dot_w * 0.35, ry + label_h / 2, label_h * 0.22, ab_ae_method_color (m), alpha,
           FALSE);
      ab_text (cr, AB_TEXT_LABEL, labels[m], x, ry, text, AB_ALIGN_LEFT, name_w + 1);
      ab_text (cr, AB_TEXT_VALUE_SMALL, b, x + name_w + 12, vy, dim, AB_ALIGN_LEFT, budget_w + 8);
      ab_text (cr, AB_TEXT_VALUE_SMALL, e, x + name_w + budget_w + 24, vy, text, AB_ALIGN_LEFT, err_w + 8);
      if (col_w <= 60)
        continue;

      AbRgb cell = ab_rgb_mix (AB_PANEL, AB_TEXT, alpha * reveal);
      if (col == COL_BEST)
        {
          const double *err = s == v->needle ? c->needle_error : c->error;
          int best = 0;
          for (int i = 1; i < c->n_points; i++)
            if (err[i] < err[best])
              best = i;
          g_autofree char *t = ab_ae_format_error (err[best]);
          g_autofree char *bb = ab_ae_budget_text (m, c->budget[best]);
          g_autofree char *line = c->n_points > 1 ? g_strdup_printf (_("%s at %s"), t, bb) : g_strdup ("—");
          double lw;
          ab_text_measure (cr, AB_TEXT_VALUE_SMALL, line, -1, &lw, NULL);
          /* the value alone where "at r = 128" would wrap */
          ab_text (cr, AB_TEXT_VALUE_SMALL, lw <= col_w ? line : t, col_x, vy, cell, AB_ALIGN_LEFT, col_w);
        }
      else if (col == COL_ROW_ERROR)
        {
          g_autofree char *t = ab_ae_format_error (c->error[di]);
          ab_text (cr, AB_TEXT_VALUE_SMALL, t, col_x, vy, cell, AB_ALIGN_LEFT, col_w);
        }
      else if (col == COL_WEIGHT)
        {
          if (ab_approx_method_is_exact (m))
            {
              const char *never = _("exact: Â never formed");
              double tw;
              ab_text_measure (cr, AB_TEXT_SMALL, never, -1, &tw, NULL);
              ab_text (cr, AB_TEXT_SMALL, tw <= col_w ? never : _("exact"), col_x, vy,
                       ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, alpha * reveal), AB_ALIGN_LEFT, col_w);
              continue;
            }
          g_autofree char *t = c->needle_weight < 0 ? g_strdup_printf ("−%.2f", -c->needle_weight)
                                                    : g_strdup_printf ("%.2f", c->needle_weight);
          double tw;
          ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "−0.00", -1, &tw, NULL);
          weight_bar (cr, (AbRect) { col_x, ry + label_h * 0.2, col_w - tw - 12, label_h * 0.6 }, w_lo,
                      c->needle_weight, c->needle_weight_exact, ab_ae_method_color (m), alpha * reveal);
          ab_text (cr, AB_TEXT_VALUE_SMALL, t, panel.x + panel.w - pad, vy, cell, AB_ALIGN_RIGHT, tw + 2);
        }
      else
        {
          double ratio = (double) c->flops[di] / (double) s->dense_flops;
          g_autofree char *t = g_strdup_printf (ratio < 0.095 ? "%.3f×" : "%.2f×", ratio);
          ab_text (cr, AB_TEXT_VALUE_SMALL, t, col_x, vy, cell, AB_ALIGN_LEFT, col_w);
        }
    }
}

void
ab_ae_draw (const AbAeView *view, cairo_t *cr, const AbLayout *layout, double position)
{
  draw_plot (view, cr, layout->stages[AB_AE_STAGE_PLOT], position);
  draw_readout (view, cr, layout->stages[AB_AE_STAGE_READOUT], position);
}

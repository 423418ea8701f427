/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-plot.c — the lab's charts: time and memory against N, log-log
 *
 * Drawn with the diagrams' style tokens (wide, or narrow below 640 px), at
 * no less than 1,100 units across (560 narrow), so text keeps the diagrams'
 * look but stays legible in the page's column.
 * Both axes are logarithmic: N doubles per tick; time per decade; bytes per
 * factor of four, the growth of the N × N score matrix when N doubles.
 */
#define G_LOG_DOMAIN "ab-lab-plot"

#include "ab-lab-plot.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>

/* A chart's plotting rectangle and its domains: x is log₂ N, y is log₁₀ ms
 * (time) or log₂ bytes (memory). */
typedef struct
{
  AbRect area;
  double x0, x1, y0, y1;
} Axes;

static double
ax_x (const Axes *a, double x)
{
  return a->area.x + (x - a->x0) / (a->x1 - a->x0) * a->area.w;
}

static double
ax_y (const Axes *a, double y)
{
  return a->area.y + a->area.h - (y - a->y0) / (a->y1 - a->y0) * a->area.h;
}

static AbRgb
kernel_color (AbLabKernel kernel)
{
  /* Naive attention round-trips its N × N scores through memory (red, as
   * HBM); FlashAttention keeps its tile on chip (green, as SRAM). */
  return ab_color (kernel == AB_LAB_NAIVE ? AB_COLOR_HBM : AB_COLOR_SRAM);
}

/* "256", "512", "1k" … "32k": the sequence's powers of two, short. */
static char *
n_tick (int n)
{
  return n >= 1024 ? g_strdup_printf ("%dk", n / 1024) : g_strdup_printf ("%d", n);
}

/* "0.2", "5", "1,000": milliseconds on the time axis. */
static char *
ms_tick (double v)
{
  return v >= 1 ? ab_format_count ((guint64) llround (v)) : ab_format_trimmed (v, 4);
}

/* 2.4e−7 as "2.4×10⁻⁷", in superscript characters: Pango's <sup> shrinks
 * the exponent below legibility at the chart's text size. 0 stays "0". */
static char *
sci_markup (double v)
{
  static const char *const digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree char *exponent = NULL;
  GString *s;
  int e;
  double m;

  if (v == 0)
    return g_strdup ("0");
  e = (int) floor (log10 (fabs (v)));
  m = v / pow (10, e);
  if (m >= 9.95)
    {
      m /= 10;
      e++;
    }
  s = g_string_new (NULL);
  g_string_append_printf (s, "%.1f×10%s", m, e < 0 ? "⁻" : "");
  exponent = g_strdup_printf ("%d", ABS (e));
  for (const char *c = exponent; *c; c++)
    g_string_append (s, digits[*c - '0']);
  return g_string_free (s, FALSE);
}

static char *
sci_text (double v)
{
  return v == 0 ? g_strdup ("0") : g_strdup_printf ("%.1e", v);
}

static const AbLabPoint *
refused_naive (const AbLabPlotData *data)
{
  for (guint i = 0; i < data->n_points; i++)
    if (data->points[i].kernel == AB_LAB_NAIVE && data->points[i].status != AB_ATTN_OK)
      return &data->points[i];
  return NULL;
}

/* Axes ------------------------------------------------------------------------------- */

static void
time_domain (const AbLabPlotData *data, double *y0, double *y1)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < data->n_points; i++)
    if (data->points[i].status == AB_ATTN_OK && data->points[i].ms > 0)
      {
        lo = MIN (lo, log10 (data->points[i].ms));
        hi = MAX (hi, log10 (data->points[i].ms));
      }
  if (!isfinite (lo))
    {
      /* Before the first point: 0.1 ms … 1 s, where CPU runs land. */
      *y0 = -1;
      *y1 = 3;
      return;
    }
  /* A quarter decade beyond the points, so no dot sits on an edge, and at
   * least a decade and a half, so a short sweep is not stretched flat. */
  *y0 = lo - 0.25;
  *y1 = MAX (hi + 0.25, *y0 + 1.5);
}

static void
memory_domain (const AbLabPlotData *data, double *y0, double *y1)
{
  /* Fixed by the sweep, so the chart does not move while it fills: from
   * 256 KiB up to the naive score matrix at the last N (or the budget). */
  double lo = 18, hi = log2 (4.0 * data->n_max * data->n_max);

  hi = MAX (hi, log2 (MAX (data->naive_budget, 1)));
  for (guint i = 0; i < data->n_points; i++)
    if (data->points[i].bytes > 0)
      {
        lo = MIN (lo, log2 ((double) data->points[i].bytes));
        hi = MAX (hi, log2 ((double) data->points[i].bytes));
      }
  /* Half a factor of two beyond the extremes: the top point is often a tick. */
  *y0 = lo - 0.6;
  *y1 = hi + 0.6;
}

/* Fits the plotting area inside @panel: room for the title, the y tick
 * labels at the left and the x ticks and axis title below. */
static Axes
layout_axes (cairo_t *cr, AbRect panel, const char * const *y_labels, guint n_y, const AbLabPlotData *data)
{
  Axes a;
  double title_h, tick_w, tick_h, small_h;

  ab_text_measure (cr, AB_TEXT_HEADING, "Ag", -1, NULL, &title_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &small_h);
  tick_w = ab_text_max_width (cr, AB_TEXT_VALUE_SMALL, y_labels, n_y, TRUE);
  a.area.x = panel.x + 20 + tick_w + 10;
  a.area.y = panel.y + 14 + title_h + 18;
  a.area.w = panel.x + panel.w - 28 - a.area.x;
  a.area.h = panel.y + panel.h - 14 - small_h - 6 - tick_h - 8 - a.area.y;
  a.x0 = log2 (AB_LAB_N_FIRST) - 0.35;
  a.x1 = log2 (data->n_max) + 0.35;
  return a;
}

static void
draw_grid (cairo_t *cr, const Axes *a, const double *ys, char **y_labels, guint n_y,
           const AbLabPlotData *data)
{
  double tick_h, label_w = 0, step = 1;
  int n_ticks = 0;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  ab_set_rgb (cr, AB_BORDER);
  for (guint i = 0; i < n_y; i++)
    {
      double y = ax_y (a, ys[i]);
      cairo_move_to (cr, a->area.x, y);
      cairo_line_to (cr, a->area.x + a->area.w, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  for (guint i = 0; i < n_y; i++)
    {
      g_autofree char *esc = g_markup_escape_text (y_labels[i], -1);
      ab_text (cr, AB_TEXT_VALUE_SMALL, esc, a->area.x - 10, ax_y (a, ys[i]) - tick_h / 2,
               ab_color (AB_COLOR_TEXT_DIM), AB_ALIGN_RIGHT, -1);
    }

  /* N ticks: every power of two, or every other one when they would touch. */
  for (int n = AB_LAB_N_FIRST; n <= data->n_max; n *= 2, n_ticks++)
    {
      g_autofree char *t = n_tick (n);
      double w;
      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, t, -1, &w, NULL);
      label_w = MAX (label_w, w);
    }
  if (n_ticks > 1 && (ax_x (a, 1) - ax_x (a, 0)) < label_w * 1.4)
    step = 2;
  for (int i = 0, n = AB_LAB_N_FIRST; n <= data->n_max; n *= 2, i++)
    {
      double x = ax_x (a, log2 (n));
      g_autofree char *t = n_tick (n);

      cairo_save (cr);
      cairo_set_line_width (cr, 1);
      ab_set_rgb (cr, AB_BORDER);
      cairo_move_to (cr, x, a->area.y);
      cairo_line_to (cr, x, a->area.y + a->area.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (i % (int) step == 0)
        ab_text (cr, AB_TEXT_VALUE_SMALL, t, x, a->area.y + a->area.h + 8, ab_color (AB_COLOR_TEXT_DIM),
                 AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("sequence length N (log scale)"), a->area.x + a->area.w / 2,
           a->area.y + a->area.h + 8 + tick_h + 6, ab_color (AB_COLOR_TEXT_DIM), AB_ALIGN_CENTER, a->area.w);
}

/* The N being measured now: a faint band, so the chart shows where the
 * sweep is between points. */
static void
draw_current (cairo_t *cr, const Axes *a, const AbLabPlotData *data)
{
  double x;

  if (data->current_n <= 0)
    return;
  x = ax_x (a, log2 (data->current_n));
  cairo_save (cr);
  ab_set_rgba (cr, ab_color (AB_COLOR_ACTIVE), 0.18);
  cairo_rectangle (cr, x - 10, a->area.y, 20, a->area.h);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_empty_hint (cairo_t *cr, const Axes *a, const AbLabPlotData *data)
{
  const char *hint;

  if (data->n_points > 0)
    return;
  hint = data->current_n > 0 ? _("Measuring…") : _("Press Run to time both kernels on this computer");
  ab_text (cr, AB_TEXT_LABEL, hint, a->area.x + a->area.w / 2, a->area.y + a->area.h / 2 - 12,
           ab_color (AB_COLOR_TEXT_DIM), AB_ALIGN_CENTER, a->area.w - 20);
}

/* One kernel's line and dots; @value gives a point's y (NAN to skip it). */
static void
draw_series (cairo_t *cr, const Axes *a, const AbLabPlotData *data, AbLabKernel kernel,
             double (*value) (const AbLabPoint *p))
{
  gboolean started = FALSE;

  cairo_save (cr);
  ab_set_rgb (cr, kernel_color (kernel));
  cairo_set_line_width (cr, 3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < data->n_points; i++)
    {
      const AbLabPoint *p = &data->points[i];
      double v = p->kernel == kernel && p->status == AB_ATTN_OK ? value (p) : NAN;
      if (!isfinite (v))
        continue;
      if (started)
        cairo_line_to (cr, ax_x (a, log2 (p->n)), ax_y (a, v));
      else
        cairo_move_to (cr, ax_x (a, log2 (p->n)), ax_y (a, v));
      started = TRUE;
    }
  cairo_stroke (cr);
  for (guint i = 0; i < data->n_points; i++)
    {
      const AbLabPoint *p = &data->points[i];
      double v = p->kernel == kernel && p->status == AB_ATTN_OK ? value (p) : NAN;
      if (!isfinite (v))
        continue;
      cairo_arc (cr, ax_x (a, log2 (p->n)), ax_y (a, v), 6, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static double
point_log_ms (const AbLabPoint *p)
{
  return p->ms > 0 ? log10 (p->ms) : NAN;
}

static double
point_log_bytes (const AbLabPoint *p)
{
  return p->bytes > 0 ? log2 ((double) p->bytes) : NAN;
}

static const AbLabPoint *
last_ok (const AbLabPlotData *data, AbLabKernel kernel)
{
  const AbLabPoint *last = NULL;

  for (guint i = 0; i < data->n_points; i++)
    if (data->points[i].kernel == kernel && data->points[i].status == AB_ATTN_OK)
      last = &data->points[i];
  return last;
}

static void
dashed (cairo_t *cr, AbRgb color, double width)
{
  static const double dash[] = { 8, 6 };

  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
}

/* Where naive refused: a dashed line at that N with a label at the top. */
static void
draw_stop_line (cairo_t *cr, const Axes *a, const AbLabPoint *refused, const char *label)
{
  double x = ax_x (a, log2 (refused->n)), w, h;
  gboolean left;

  cairo_save (cr);
  dashed (cr, ab_color (AB_COLOR_HBM), 2);
  cairo_move_to (cr, x, a->area.y);
  cairo_line_to (cr, x, a->area.y + a->area.h);
  cairo_stroke (cr);
  cairo_restore (cr);
  /* At the foot of the line, where large N has no points (times grow
   * with N), on the side with room: the stop is often the last N. */
  ab_text_measure (cr, AB_TEXT_SMALL, label, -1, &w, &h);
  left = x + 8 + w > a->area.x + a->area.w;
  ab_text (cr, AB_TEXT_SMALL, label, left ? x - 8 : x + 8, a->area.y + a->area.h - h - 4,
           ab_color (AB_COLOR_HBM), left ? AB_ALIGN_RIGHT : AB_ALIGN_LEFT, -1);
}

/* Time ticks: 1, 2 and 5 per decade on a short axis, every decade on a
 * longer one, every other decade when even those would touch. */
static guint
time_ticks (cairo_t *cr, AbRect panel, const AbLabPlotData *data, double y0, double y1,
            double *ys, char **labels, guint max, Axes *a)
{
  static const double steps[] = { 1, 2, 5 };
  double tick_h;
  guint n = 0;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  for (int pass = y1 - y0 < 2 ? 0 : 1; pass < 3; pass++)
    {
      guint per_decade = pass == 0 ? G_N_ELEMENTS (steps) : 1;
      double min_gap = INFINITY;

      n = 0;
      for (int e = (int) floor (y0); e <= (int) ceil (y1); e++)
        for (guint k = 0; k < per_decade && n < max; k++)
          {
            double v = log10 (steps[k]) + e;
            if (v < y0 || v > y1 || (pass == 2 && e % 2 != 0))
              continue;
            ys[n] = v;
            labels[n++] = ms_tick (steps[k] * pow (10, e));
          }
      for (guint i = 1; i < n; i++)
        min_gap = MIN (min_gap, ys[i] - ys[i - 1]);
      *a = layout_axes (cr, panel, (const char * const *) labels, n, data);
      if (pass == 2 || n < 2 || a->area.h * min_gap / (y1 - y0) >= tick_h * 1.8)
        break;
      for (guint i = 0; i < n; i++)
        g_free (labels[i]);
    }
  return n;
}

static void
draw_time_chart (cairo_t *cr, AbRect panel, const AbLabPlotData *data)
{
  double y0, y1, ys[48];
  char *labels[48];
  guint n_y;
  const AbLabPoint *refused = refused_naive (data);
  Axes a;

  time_domain (data, &y0, &y1);
  n_y = time_ticks (cr, panel, data, y0, y1, ys, labels, G_N_ELEMENTS (ys), &a);
  ab_draw_panel (cr, panel, _("Time per run (ms, log scale)"));
  a.y0 = y0;
  a.y1 = y1;
  draw_current (cr, &a, data);
  draw_grid (cr, &a, ys, labels, n_y, data);
  if (refused)
    draw_stop_line (cr, &a, refused, _("naive stops: over budget"));
  draw_series (cr, &a, data, AB_LAB_NAIVE, point_log_ms);
  draw_series (cr, &a, data, AB_LAB_FLASH, point_log_ms);
  draw_empty_hint (cr, &a, data);
  for (guint i = 0; i < n_y; i++)
    g_free (labels[i]);
}

/* The budget line, and the refused run as a hollow dot at the bytes it
 * asked for, linked to naive's last run by a dashed segment. */
static void
draw_budget (cairo_t *cr, const Axes *a, const AbLabPlotData *data)
{
  const AbLabPoint *refused = refused_naive (data), *last = last_ok (data, AB_LAB_NAIVE);
  g_autofree char *budget = ab_format_bytes ((double) data->naive_budget);
  g_autofree char *label = g_strdup_printf (_("naive budget %s"), budget);
  double y = ax_y (a, log2 ((double) MAX (data->naive_budget, 1))), h;

  cairo_save (cr);
  dashed (cr, ab_color (AB_COLOR_MUTED), 2);
  cairo_move_to (cr, a->area.x, y);
  cairo_line_to (cr, a->area.x + a->area.w, y);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_SMALL, label, a->area.x + 8, y + 4, ab_color (AB_COLOR_TEXT_DIM), AB_ALIGN_LEFT, -1);

  if (refused && refused->bytes > 0)
    {
      double x = ax_x (a, log2 (refused->n)), ry = ax_y (a, log2 ((double) refused->bytes));
      g_autofree char *need = ab_format_bytes ((double) refused->bytes);
      g_autofree char *need_label = g_strdup_printf (_("needs %s"), need);

      cairo_save (cr);
      if (last)
        {
          dashed (cr, ab_color (AB_COLOR_HBM), 2);
          cairo_move_to (cr, ax_x (a, log2 (last->n)), ax_y (a, log2 ((double) last->bytes)));
          cairo_line_to (cr, x, ry);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      ab_set_rgb (cr, AB_BG);
      cairo_arc (cr, x, ry, 8, 0, 2 * G_PI);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, ab_color (AB_COLOR_HBM));
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text_measure (cr, AB_TEXT_SMALL, need_label, -1, NULL, &h);
      ab_text (cr, AB_TEXT_SMALL, need_label, x - 16, ry - h / 2, ab_color (AB_COLOR_HBM), AB_ALIGN_RIGHT, -1);
    }
}

static void
draw_memory_chart (cairo_t *cr, AbRect panel, const AbLabPlotData *data)
{
  double y0, y1, ys[24], tick_h;
  char *labels[24];
  guint n_y = 0;
  int every = 2;
  Axes a;

  memory_domain (data, &y0, &y1);
  /* Ticks at every factor of 4, or of 16 when the chart is short. */
  for (;;)
    {
      n_y = 0;
      for (int e = every * (int) ceil (y0 / every); e <= y1 && n_y < G_N_ELEMENTS (ys); e += every, n_y++)
        {
          ys[n_y] = e;
          labels[n_y] = ab_format_bytes (ldexp (1, e));
        }
      a = layout_axes (cr, panel, (const char * const *) labels, n_y, data);
      ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
      if (every >= 8 || n_y < 2 || a.area.h / (n_y - 1) >= tick_h * 1.8)
        break;
      for (guint i = 0; i < n_y; i++)
        g_free (labels[i]);
      every *= 2;
    }
  ab_draw_panel (cr, panel, _("Peak extra memory (log scale)"));
  a.y0 = y0;
  a.y1 = y1;
  draw_current (cr, &a, data);
  draw_grid (cr, &a, ys, labels, n_y, data);
  draw_budget (cr, &a, data);
  draw_series (cr, &a, data, AB_LAB_NAIVE, point_log_bytes);
  draw_series (cr, &a, data, AB_LAB_FLASH, point_log_bytes);
  draw_empty_hint (cr, &a, data);
  for (guint i = 0; i < n_y; i++)
    g_free (labels[i]);
}

/* Footer: exactness per N, and the kernel's own words where naive stopped. */
static char *
footer_markup (const AbLabPlotData *data)
{
  GString *s = g_string_new (NULL);
  const AbLabPoint *refused = refused_naive (data);
  gboolean any = FALSE;

  g_string_append (s, _("max |O<sub>flash</sub> − O<sub>naive</sub>| where both ran:"));
  for (guint i = 0; i < data->n_points; i++)
    {
      const AbLabPoint *p = &data->points[i];
      g_autofree char *n = NULL, *v = NULL;

      if (p->kernel != AB_LAB_FLASH || !isfinite (p->max_abs_diff))
        continue;
      n = ab_format_count ((guint64) p->n);
      v = sci_markup (p->max_abs_diff);
      /* No-break spaces keep each "N = 512: 2.5×10⁻⁷" on one line. */
      g_string_append_printf (s, "%s  N\u00a0=\u00a0%s:\u00a0%s", any ? " ·" : "", n, v);
      any = TRUE;
    }
  if (!any)
    g_string_append_printf (s, "  %s", _("shown here for each N once both kernels have run"));
  if (refused)
    {
      g_autofree char *n = ab_format_count ((guint64) refused->n);
      g_autofree char *message = g_markup_escape_text (refused->message, -1);
      g_autofree char *line = g_strdup_printf (_("Naive attention stopped at N = %s: %s."), n, message);
      AbRgb red = ab_color (AB_COLOR_HBM);
      g_string_append_printf (s, "\n<span foreground=\"#%02x%02x%02x\">%s</span>", (int) lround (red.r * 255),
                              (int) lround (red.g * 255), (int) lround (red.b * 255), line);
    }
  return g_string_free (s, FALSE);
}

void
ab_lab_plot_draw (cairo_t *cr, double width, double height, const AbLabPlotData *data)
{
  AbLayoutKind kind = ab_layout_for_width (width);
  /* At least 1,100 units across (560 in the narrow layout): the charts sit
   * in a text column, often far narrower than a 1,600-unit frame, and their
   * ticks must stay legible there. */
  double min_units = kind == AB_LAYOUT_NARROW ? 560 : 1100;
  static const AbLegendEntry legend_template[] = {
    { N_("Naive: all N × N scores"), { 0 }, AB_SWATCH_LINE },
    { N_("FlashAttention-2: one tile"), { 0 }, AB_SWATCH_LINE },
    { N_("Naive kernel’s budget"), { 0 }, AB_SWATCH_LINE },
  };
  AbLegendEntry legend[G_N_ELEMENTS (legend_template)];
  g_autofree char *footer = footer_markup (data);
  double s, w, h, m, g, y, legend_h, footer_h, charts_h;

  g_return_if_fail (cr != NULL && data != NULL);
  w = MAX (width, min_units);
  s = width / w;
  h = height / s;

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_paint (cr);
  cairo_scale (cr, s, s);
  ab_style_attach (cr, kind);
  m = ab_style_margin (cr);
  g = ab_style_gap (cr);

  for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
    {
      legend[i] = legend_template[i];
      legend[i].label = _(legend_template[i].label);
    }
  legend[0].color = kernel_color (AB_LAB_NAIVE);
  legend[1].color = kernel_color (AB_LAB_FLASH);
  legend[2].color = ab_color (AB_COLOR_MUTED);

  y = m;
  legend_h = ab_draw_legend_flow (cr, m, y, w - 2 * m, legend, G_N_ELEMENTS (legend));
  y += legend_h + g * 0.6;
  ab_text_measure (cr, AB_TEXT_SMALL, footer, w - 2 * m, NULL, &footer_h);
  ab_text (cr, AB_TEXT_SMALL, footer, m, h - m - footer_h, ab_color (AB_COLOR_TEXT), AB_ALIGN_LEFT, w - 2 * m);
  charts_h = h - m - footer_h - g * 0.6 - y;

  if (kind == AB_LAYOUT_NARROW)
    {
      double ch = (charts_h - g) / 2;
      draw_time_chart (cr, (AbRect) { m, y, w - 2 * m, ch }, data);
      draw_memory_chart (cr, (AbRect) { m, y + ch + g, w - 2 * m, ch }, data);
    }
  else
    {
      double cw = (w - 2 * m - g) / 2;
      draw_time_chart (cr, (AbRect) { m, y, cw, charts_h }, data);
      draw_memory_chart (cr, (AbRect) { m + cw + g, y, cw, charts_h }, data);
    }
  cairo_restore (cr);
}

char *
ab_lab_plot_describe (const AbLabPlotData *data)
{
  GString *s = g_string_new (NULL);
  g_autofree char *top = ab_format_count ((guint64) data->n_max);
  g_autofree char *budget = ab_format_bytes ((double) data->naive_budget);

  g_string_append_printf (s, _("Time per run and peak extra memory of naive attention and the "
                               "FlashAttention-2 forward, N = 256 to %s, naive budget %s."),
                          top, budget);
  if (data->n_points == 0)
    g_string_append_printf (s, " %s", _("No runs yet."));
  for (guint i = 0; i < data->n_points; i++)
    {
      const AbLabPoint *p = &data->points[i];
      g_autofree char *n = ab_format_count ((guint64) p->n);
      const char *name = p->kernel == AB_LAB_NAIVE ? _("naive") : _("flash");

      if (p->status != AB_ATTN_OK)
        {
          g_string_append_printf (s, _(" N = %s, %s: stopped: %s."), n, name, p->message);
          continue;
        }
      {
        g_autofree char *ms = ab_format_number (p->ms);
        g_autofree char *bytes = ab_format_bytes ((double) p->bytes);
        g_string_append_printf (s, _(" N = %s, %s: %s ms, %s extra"), n, name, ms, bytes);
        if (isfinite (p->max_abs_diff))
          {
            g_autofree char *diff = sci_text (p->max_abs_diff);
            g_string_append_printf (s, _(", max |O_flash − O_naive| = %s"), diff);
          }
        g_string_append_c (s, '.');
      }
    }
  return g_string_free (s, FALSE);
}

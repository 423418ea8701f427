/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-backward-diagram-draw.c — the stages of "backward-recomputation":
 * what the forward leaves to scale, the standard backward's five passes,
 * the run's tiles, the curves against N, and the run's ledger. Everything
 * drawn comes from the Result that ab-backward-diagram.c computed. */
#define G_LOG_DOMAIN "ab-backward-diagram"

#include "ab-backward-diagram-private.h"
#include "ab-components.h"
#include "ab-draw.h"
#include "ab-format.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- small pieces ---- */

/* 2.4e-07 → "2.4 × 10⁻⁷" */
char *
ab_backward_format_sci (double x)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  if (x == 0)
    return g_strdup ("0");
  int e = (int) floor (log10 (fabs (x)));
  double m = x / pow (10, e);
  if (m >= 9.95)
    {
      m /= 10;
      e++;
    }
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%.1f × 10%s", m, e < 0 ? "⁻" : "");
  g_autofree char *digits = g_strdup_printf ("%d", abs (e));
  for (char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (s, FALSE);
}

static double
text_h (cairo_t *cr, AbTextStyle style, const char *markup, double width)
{
  double h;
  ab_text_measure (cr, style, markup, width, NULL, &h);
  return h;
}

static double
heading_bottom (cairo_t *cr, AbRect panel, const char *title)
{
  return panel.y + 14 + text_h (cr, AB_TEXT_HEADING, title, panel.w - 40) + 12;
}

static void
fill_rect (cairo_t *cr, AbRect r, AbRgb color, double alpha)
{
  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  ab_set_rgba (cr, color, alpha);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
outline_rect (cairo_t *cr, AbRect r, AbRgb color, double width)
{
  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ---- step 1: what the forward leaves behind, to scale ---- */

void
ab_backward_draw_saved (const Result *res, cairo_t *cr, AbRect panel, double reveal)
{
  const char *title = _("What the forward pass leaves in HBM for the backward");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), top = heading_bottom (cr, panel, title);
  g_autofree char *p_bytes = ab_format_bytes ((double) res->saved_std);
  g_autofree char *o_bytes = ab_format_bytes ((double) res->n * res->d * 4);
  g_autofree char *l_bytes = ab_format_bytes ((double) res->n * 4);
  g_autofree char *p_label = g_strdup_printf (_("<b>P</b>  %d × %d · %s"), res->n, res->n, p_bytes);
  g_autofree char *o_label = g_strdup_printf (_("<b>O</b>  %d × %d · %s"), res->n, res->d, o_bytes);
  g_autofree char *l_label = g_strdup_printf (_("<b>L</b>  %d · %s"), res->n, l_bytes);
  const char *std_head = _("standard attention keeps");
  const char *flash_head = _("FlashAttention keeps");
  const char *note = _("Both also keep Q, K and V and receive dO; only what differs is drawn, "
                       "all to the same scale (fp32, one head).");
  double note_h = text_h (cr, AB_TEXT_SMALL, note, panel.w - 2 * pad);
  double head_h = text_h (cr, AB_TEXT_LABEL, std_head, -1);
  double label_h = text_h (cr, AB_TEXT_LABEL, p_label, -1);
  double avail_w = panel.w - 2 * pad, gap = 2 * pad;
  double avail_h = panel.y + panel.h - pad - note_h - 12 - (top + head_h + 8) - 3 * label_h - 16;
  /* P's side s, O's width s·d/N, L's width s/N (at least visible) */
  double s = MIN (avail_h, (avail_w - 2 * gap) / (1.0 + (double) res->d / res->n + 0.05));
  /* a heading that wraps over P's width takes its extra lines from P */
  double wrapped = MAX (text_h (cr, AB_TEXT_LABEL, std_head, s + gap - 8),
                        text_h (cr, AB_TEXT_LABEL, flash_head, avail_w - s - gap));
  if (wrapped > head_h)
    {
      s -= wrapped - head_h;
      head_h = wrapped;
    }
  double ow = s * res->d / res->n, lw = MAX (s / res->n, 4.0);
  double used = s + gap + ow + gap * 0.5 + lw;
  double x0 = panel.x + pad + MAX (0, (avail_w - used) / 2), y0 = top + head_h + 8;
  double xo = x0 + s + gap, xl = xo + ow + gap * 0.5;

  ab_draw_panel (cr, panel, title);
  ab_text (cr, AB_TEXT_LABEL, std_head, x0, top, AB_TEXT_DIM, AB_ALIGN_LEFT, s + gap - 8);
  ab_text (cr, AB_TEXT_LABEL, flash_head, xo, top, AB_TEXT_DIM, AB_ALIGN_LEFT,
           panel.x + panel.w - pad - xo);

  fill_rect (cr, (AbRect) { x0, y0, s, s }, AB_HBM, 0.2 + 0.5 * reveal);
  outline_rect (cr, (AbRect) { x0, y0, s, s }, AB_HBM, 2);
  fill_rect (cr, (AbRect) { xo, y0, ow, s }, AB_ACTIVE, 0.2 + 0.5 * reveal);
  outline_rect (cr, (AbRect) { xo, y0, ow, s }, AB_ACTIVE, 2);
  fill_rect (cr, (AbRect) { xl, y0, lw, s }, AB_ACTIVE, 0.9);

  ab_text (cr, AB_TEXT_LABEL, p_label, x0, y0 + s + 8, AB_TEXT, AB_ALIGN_LEFT, s + gap - 8);
  double oh = ab_text (cr, AB_TEXT_LABEL, o_label, xo, y0 + s + 8, AB_TEXT, AB_ALIGN_LEFT,
                       panel.x + panel.w - pad - xo);
  ab_text (cr, AB_TEXT_LABEL, l_label, xo, y0 + s + 12 + oh, AB_TEXT, AB_ALIGN_LEFT,
           panel.x + panel.w - pad - xo);
  ab_text (cr, AB_TEXT_SMALL, note, panel.x + pad, panel.y + panel.h - pad - note_h, AB_TEXT_DIM,
           AB_ALIGN_LEFT, panel.w - 2 * pad);
}

/* ---- step 2: the five steps of FA1 Algorithm 3 ---- */

typedef struct
{
  const char *tex;        /* the product */
  char       *io;         /* what it reads and writes, N² arrays in red (owned) */
  uint64_t    matrix, vectors;   /* bytes: N × N arrays, N × d arrays */
} Pass;

static void
standard_passes (const AbAttnBackwardStats *st, Pass *p)
{
  const uint64_t *r = st->stored_p_read_by, *w = st->stored_p_write_by;
  /* each of P, dS and dO is read by two of the passes, equally */
  p[0] = (Pass) { "dV = P^{\\top} dO", NULL, r[AB_BWD_P] / 2, r[AB_BWD_DO] / 2 + w[AB_BWD_DV] };
  p[1] = (Pass) { "dP = dO\\,V^{\\top}", NULL, w[AB_BWD_DP], r[AB_BWD_DO] / 2 + r[AB_BWD_V] };
  p[2] = (Pass) { "dS = P \\circ (dP - D)", NULL, r[AB_BWD_P] / 2 + r[AB_BWD_DP] + w[AB_BWD_DS], 0 };
  p[3] = (Pass) { "dQ = dS\\,K", NULL, r[AB_BWD_DS] / 2, r[AB_BWD_K] + w[AB_BWD_DQ] };
  p[4] = (Pass) { "dK = dS^{\\top} Q", NULL, r[AB_BWD_DS] / 2, r[AB_BWD_Q] + w[AB_BWD_DK] };
  /* %1$s … %2$s wrap the N × N arrays in the HBM colour */
  const char *io[5] = {
    N_("reads %1$sP%2$s, dO · writes dV"),
    N_("reads dO, V · writes %1$sdP%2$s"),
    N_("reads %1$sP, dP%2$s · writes %1$sdS%2$s"),
    N_("reads %1$sdS%2$s, K · writes dQ"),
    N_("reads %1$sdS%2$s, Q · writes dK"),
  };
  AbRgb red = ab_color (AB_COLOR_HBM);
  g_autofree char *open = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">", (int) (red.r * 255 + 0.5),
                                           (int) (red.g * 255 + 0.5), (int) (red.b * 255 + 0.5));
  for (int i = 0; i < 5; i++)
    p[i].io = g_strdup_printf (_(io[i]), open, "</span>");
}

void
ab_backward_draw_standard (const Result *res, cairo_t *cr, AbRect panel, double reveal)
{
  const char *title = _("Standard backward, reading the stored P (FA1 Algorithm 3)");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), top = heading_bottom (cr, panel, title);
  Pass p[5];
  uint64_t biggest = 0;
  g_autofree char *mat = ab_format_bytes ((double) matrix_traffic (&res->st));
  g_autofree char *all = ab_format_bytes ((double) traffic (&res->st, TRUE));
  g_autofree char *foot = g_strdup_printf (_("Red: the N × N arrays (P read twice, dP written and read, "
                                             "dS written and read twice), seven passes, %s of the %s "
                                             "this backward moves. Grey: Q, K, V, dO and the gradients, "
                                             "N × d each."), mat, all);
  double foot_h = text_h (cr, AB_TEXT_SMALL, foot, panel.w - 2 * pad);
  double pitch = (panel.y + panel.h - pad - foot_h - 8 - top) / 5;
  double math_w = 0, io_w = 0, value_w = 0, asc, desc;

  standard_passes (&res->st, p);
  for (int i = 0; i < 5; i++)
    {
      double w;
      ab_math_measure (cr, AB_TEXT_MATH_SMALL, p[i].tex, &w, &asc, &desc);
      math_w = MAX (math_w, w);
      ab_text_measure (cr, AB_TEXT_LABEL, p[i].io, -1, &w, NULL);
      io_w = MAX (io_w, w);
      biggest = MAX (biggest, p[i].matrix + p[i].vectors);
    }
  value_w = ab_text_max_width (cr, AB_TEXT_VALUE, (const char *[]) { "0000 KiB" }, 1, TRUE);

  ab_draw_panel (cr, panel, title);
  /* two columns (product, then reads/writes over its bar) when there is room */
  gboolean wide = panel.w - 2 * pad - math_w - 24 - value_w - 12 > io_w;
  for (int i = 0; i < 5; i++)
    {
      double y = top + i * pitch, t = ab_tween (reveal, i / 5.0, (i + 1) / 5.0);
      double x = panel.x + pad, io_h = text_h (cr, AB_TEXT_LABEL, p[i].io, -1);
      g_autofree char *num = g_strdup_printf ("%d", i + 1);
      g_autofree char *bytes = ab_format_bytes ((double) (p[i].matrix + p[i].vectors));
      double bx, bw, by, bh = MIN (pitch * 0.22, ab_style_size (cr, AB_TEXT_LABEL) * 0.8);

      ab_text (cr, AB_TEXT_VALUE, num, x, y + 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      x += ab_style_size (cr, AB_TEXT_VALUE) * 1.4;
      ab_math (cr, AB_TEXT_MATH_SMALL, p[i].tex, x, y + asc + 2, AB_TEXT);
      if (wide)
        {
          bx = x + math_w + 24;
          ab_text (cr, AB_TEXT_LABEL, p[i].io, bx, y + 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
          by = y + io_h + 8;
        }
      else
        {
          bx = x;
          ab_text (cr, AB_TEXT_LABEL, p[i].io, bx, y + asc + desc + 8, AB_TEXT_DIM, AB_ALIGN_LEFT,
                   panel.x + panel.w - pad - bx);
          by = y + asc + desc + io_h + 14;
        }
      bw = panel.x + panel.w - pad - value_w - 12 - bx;
      double wm = bw * p[i].matrix / biggest * t, wv = bw * p[i].vectors / biggest * t;
      fill_rect (cr, (AbRect) { bx, by, wm, bh }, AB_HBM, 0.9);
      fill_rect (cr, (AbRect) { bx + wm, by, wv, bh }, AB_MUTED, 0.7);
      ab_text (cr, AB_TEXT_VALUE, bytes, bx + wm + wv + 10, by + bh / 2 - ab_style_size (cr, AB_TEXT_VALUE) * 0.65,
               t > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, foot, panel.x + pad, panel.y + panel.h - pad - foot_h, AB_TEXT_DIM,
           AB_ALIGN_LEFT, panel.w - 2 * pad);
  for (int i = 0; i < 5; i++)
    g_free (p[i].io);
}

/* ---- step 3: the tiles of the run ---- */

void
ab_backward_draw_flash (const Result *res, cairo_t *cr, AbRect panel, double reveal)
{
  const char *title = _("FlashAttention backward, tile by tile (FA2 Algorithm 2)");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), top = heading_bottom (cr, panel, title);
  const char *eq[2] = { "P_{ij} = \\exp(S_{ij} - L_i)", "dS_{ij} = P_{ij} \\circ (dP_{ij} - D_i)" };
  g_autofree char *how = g_strdup_printf (_("For each K/V tile j (columns), K<sub>j</sub>, V<sub>j</sub>, "
                                            "dK<sub>j</sub> and dV<sub>j</sub> stay in SRAM while every Q "
                                            "tile i streams Q<sub>i</sub>, dO<sub>i</sub>, L<sub>i</sub> and "
                                            "D<sub>i</sub> = rowsum(dO ∘ O) in and adds dS K<sub>j</sub> to "
                                            "dQ<sub>i</sub> in HBM. Tiles of %d × %d."),
                                          res->tile, res->tile);
  double asc, desc, eq_w[2];
  for (int e = 0; e < 2; e++)
    ab_math_measure (cr, AB_TEXT_MATH_SMALL, eq[e], &eq_w[e], &asc, &desc);
  double how_h = text_h (cr, AB_TEXT_SMALL, how, panel.w - 2 * pad);
  const char *axes = _("columns: K/V tiles j · rows: Q tiles i");
  double axes_h = text_h (cr, AB_TEXT_SMALL, axes, -1);
  double lab = ab_style_size (cr, AB_TEXT_VALUE_SMALL) * 2.0;
  /* the grid on the left, the equations beside it when there is room, else under it */
  double eq_block = MAX (eq_w[0], eq_w[1]);
  gboolean beside = panel.w - 2 * pad - eq_block - 24 > 0.5 * panel.w;
  double grid_h = panel.y + panel.h - pad - how_h - 12 - top - axes_h - 6 - lab
                  - (beside ? 0 : 2 * (asc + desc) + 24);
  double grid_w = beside ? panel.w - 2 * pad - eq_block - 24 - lab : panel.w - 2 * pad - lab;
  double side = MIN (grid_h, grid_w), cell = side / res->tc;
  double gx = panel.x + pad + lab, gy = top + axes_h + 6 + lab;
  int lit_cols = (int) ceil (reveal * res->tc - 1e-9);

  ab_draw_panel (cr, panel, title);
  for (int j = 0; j < res->tc; j++)
    for (int i = 0; i < res->tr; i++)
      {
        AbRect c = { gx + j * cell + 1, gy + i * cell + 1, cell - 2, cell - 2 };
        TileMask m = res->tile_mask[i * res->tc + j];
        if (m == TILE_NONE)
          {
            ab_draw_hatch (cr, c);
            continue;
          }
        gboolean lit = j < lit_cols;
        fill_rect (cr, c, lit ? AB_SRAM : AB_MUTED, lit ? (m == TILE_ALL ? 0.75 : 0.45) : 0.15);
      }
  if (lit_cols > 0 && lit_cols <= res->tc && reveal < 1)
    outline_rect (cr, (AbRect) { gx + (lit_cols - 1) * cell, gy, cell, res->tr * cell }, AB_SRAM, 3);
  outline_rect (cr, (AbRect) { gx, gy, res->tc * cell, res->tr * cell }, AB_BORDER, 1.5);
  /* tile labels when they fit */
  if (cell >= ab_style_size (cr, AB_TEXT_VALUE_SMALL) * 2.2)
    for (int t = 0; t < res->tc; t++)
      {
        g_autofree char *kj = g_strdup_printf ("%d", t + 1);
        double vh = text_h (cr, AB_TEXT_VALUE_SMALL, kj, -1);
        ab_text (cr, AB_TEXT_VALUE_SMALL, kj, gx + (t + 0.5) * cell, gy - vh - 4, AB_TEXT_DIM,
                 AB_ALIGN_CENTER, -1);
        ab_text (cr, AB_TEXT_VALUE_SMALL, kj, gx - 6, gy + (t + 0.5) * cell - vh / 2,
                 AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      }
  ab_text (cr, AB_TEXT_SMALL, axes, panel.x + pad, top, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad);

  double ex = beside ? gx + res->tc * cell + 24 : panel.x + pad;
  double ey = beside ? gy + asc : gy + res->tr * cell + 16 + asc;
  for (int e = 0; e < 2; e++)
    ab_math (cr, AB_TEXT_MATH_SMALL, eq[e], ex, ey + e * (asc + desc + 12), AB_TEXT);
  if (beside)
    {
      g_autofree char *count = ab_format_count (res->st.tiles);
      g_autofree char *tiles_txt = g_strdup_printf (_("%s tiles of P recomputed, 0 bytes of P in HBM"),
                                                    count);
      ab_text (cr, AB_TEXT_LABEL, tiles_txt, ex, ey + 2 * (asc + desc + 12), AB_SRAM, AB_ALIGN_LEFT,
               panel.x + panel.w - pad - ex);
    }
  ab_text (cr, AB_TEXT_SMALL, how, panel.x + pad, panel.y + panel.h - pad - how_h, AB_TEXT_DIM,
           AB_ALIGN_LEFT, panel.w - 2 * pad);
}

/* ---- step 4: against N ---- */

typedef struct
{
  const double *y;
  AbRgb         color;
  gboolean      dashed;
  const char   *name;
  double        end_y;     /* where the line meets the right edge */
  double        label_y;   /* top of its label, after spreading */
} Curve;

static double
plot_x (AbRect plot, double n)
{
  return plot.x + plot.w * (log2 (n) - LOG2_N_MIN) / (LOG2_N_MAX - LOG2_N_MIN);
}

static double
plot_y (AbRect plot, double bytes)
{
  double l = CLAMP (log2 (MAX (bytes, 1.0)), LOG2_B_MIN, LOG2_B_MAX);
  return plot.y + plot.h * (1 - (l - LOG2_B_MIN) / (LOG2_B_MAX - LOG2_B_MIN));
}

static int
cmp_label_y (const void *a, const void *b)
{
  const Curve *x = a, *y = b;
  return (x->label_y > y->label_y) - (x->label_y < y->label_y);
}

void
ab_backward_draw_curves (const Result *res, cairo_t *cr, AbRect panel, double reveal)
{
  g_autofree char *title = g_strdup_printf (_("One head, against N (%s, d = %d)"),
                                            res->elem == 2 ? "FP16" : "FP32", res->d);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), top = heading_bottom (cr, panel, title);
  double tick_h = text_h (cr, AB_TEXT_VALUE_SMALL, "1", -1), small_h = text_h (cr, AB_TEXT_SMALL, "N", -1);
  Curve c[5] = {
    { res->saved_p, AB_HBM, FALSE, _("P kept") },
    { res->traffic_std, AB_HBM, TRUE, _("stored-P backward traffic") },
    { res->traffic_flash, AB_ACTIVE, TRUE, _("FlashAttention backward traffic") },
    { res->saved_ol, AB_ACTIVE, FALSE, _("O and L kept") },
    { NULL, AB_TEXT_DIM, FALSE, NULL },   /* the GPU line, labelled in the same column */
  };
  char *labels[5];
  double label_w = 0, value_h = text_h (cr, AB_TEXT_LABEL, "P", -1) * 2 + 2;
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *v = i < 4 ? ab_format_bytes (c[i].y[N_CURVE - 1]) : NULL;
      double w;
      labels[i] = i < 4 ? g_strdup_printf ("%s\n%s", c[i].name, v)
                        : g_strdup_printf (_("HBM of one\n%s"), res->hbm_name);
      ab_text_measure (cr, AB_TEXT_LABEL, labels[i], -1, &w, NULL);
      label_w = MAX (label_w, w);
    }
  double axis_w = ab_text_max_width (cr, AB_TEXT_VALUE_SMALL, (const char *[]) { "1 TiB" }, 1, TRUE) + 8;
  AbRect plot = { panel.x + pad + axis_w, top + small_h + 8, 0, 0 };
  plot.w = panel.x + panel.w - pad - label_w - 16 - plot.x;
  plot.h = panel.y + panel.h - pad - 2 * tick_h - small_h - 16 - plot.y;

  ab_draw_panel (cr, panel, title);
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (int p = 10; p <= 40; p += 10)
    {
      double y = plot_y (plot, ldexp (1, p));
      g_autofree char *t = ab_format_bytes (ldexp (1, p));
      ab_set_rgb (cr, AB_BORDER);
      cairo_move_to (cr, plot.x, y);
      cairo_line_to (cr, plot.x + plot.w, y);
      cairo_stroke (cr);
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, plot.x - 8, y - tick_h / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  for (int e = LOG2_N_MIN; e <= LOG2_N_MAX; e += e < 16 ? 2 : 1)
    {
      double x = plot_x (plot, ldexp (1, e));
      g_autofree char *t = e >= 10 ? g_strdup_printf ("%dk", 1 << (e - 10)) : g_strdup_printf ("%d", 1 << e);
      if (e == 16)
        continue;   /* 64k would crowd 128k */
      ab_set_rgb (cr, AB_BORDER);
      cairo_move_to (cr, x, plot.y);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, x, plot.y + plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_SMALL, _("sequence length N (log scale); bytes per head per layer (log scale)"),
           plot.x, plot.y + plot.h + tick_h + 10, AB_TEXT_DIM, AB_ALIGN_LEFT, plot.w + label_w);

  /* one H100's HBM, a decimal figure */
  double hy = plot_y (plot, res->hbm_line);
  cairo_save (cr);
  ab_set_rgba (cr, AB_TEXT_DIM, 0.8);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 3, 5 }, 2, 0);
  cairo_move_to (cr, plot.x, hy);
  cairo_line_to (cr, plot.x + plot.w, hy);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* the run */
  double rx = plot_x (plot, res->n);
  cairo_save (cr);
  ab_set_rgba (cr, AB_TEXT, 0.6);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, rx, plot.y);
  cairo_line_to (cr, rx, plot.y + plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_SMALL, _("this run"), rx + 6, plot.y - small_h - 4, AB_TEXT, AB_ALIGN_LEFT, -1);

  /* the curves, drawn out from the left as the step arrives */
  double xmax = plot.x + plot.w * reveal;
  c[4].end_y = hy;
  c[4].label_y = hy - value_h / 2;
  for (int i = 0; i < 4; i++)
    {
      cairo_save (cr);
      cairo_rectangle (cr, plot.x - 4, plot.y - 4, xmax - plot.x + 8, plot.h + 8);
      cairo_clip (cr);
      ab_set_rgb (cr, c[i].color);
      cairo_set_line_width (cr, 3);
      if (c[i].dashed)
        cairo_set_dash (cr, (double[]) { 10, 6 }, 2, 0);
      for (int k = 0; k < N_CURVE; k++)
        {
          double x = plot_x (plot, res->curve_n[k]), y = plot_y (plot, c[i].y[k]);
          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      cairo_restore (cr);
      c[i].end_y = plot_y (plot, c[i].y[N_CURVE - 1]);
      c[i].label_y = c[i].end_y - value_h / 2;
    }
  /* labels at the right ends, pushed apart so they never overlap */
  Curve sorted[5];
  memcpy (sorted, c, sizeof c);
  for (int i = 0; i < 5; i++)
    sorted[i].name = labels[i];
  qsort (sorted, 5, sizeof sorted[0], cmp_label_y);
  for (int i = 1; i < 5; i++)
    sorted[i].label_y = MAX (sorted[i].label_y, sorted[i - 1].label_y + value_h + 4);
  double overflow = sorted[4].label_y + value_h - (panel.y + panel.h - pad);
  for (int i = 4; i >= 0 && overflow > 0; i--)
    {
      sorted[i].label_y -= overflow;
      if (i > 0)
        overflow = sorted[i - 1].label_y + value_h + 4 - sorted[i].label_y;
    }
  if (reveal >= 1)
    for (int i = 0; i < 5; i++)
      {
        g_autofree char *esc = g_markup_escape_text (sorted[i].name, -1);
        double ly = sorted[i].label_y + value_h / 4;
        /* a leader from the line's end to its label, which may have moved */
        cairo_save (cr);
        ab_set_rgba (cr, sorted[i].color, 0.8);
        cairo_set_line_width (cr, 1.5);
        cairo_move_to (cr, plot.x + plot.w, sorted[i].end_y);
        cairo_line_to (cr, plot.x + plot.w + 8, ly);
        cairo_stroke (cr);
        cairo_restore (cr);
        ab_text (cr, AB_TEXT_LABEL, esc, plot.x + plot.w + 12, sorted[i].label_y, sorted[i].color,
                 AB_ALIGN_LEFT, -1);
      }
  for (int i = 0; i < 5; i++)
    g_free (labels[i]);
}

/* ---- the ledger of the run ---- */

typedef struct
{
  const char *label;
  double      value;
  AbRgb       color;
  double      part;   /* leading share drawn in part_color (0 = none) */
  AbRgb       part_color;
  char       *text;
} Bar;

/* A titled group of bars scaled to the largest; returns its height. */
static double
draw_bar_group (cairo_t *cr, double x, double y, double w, const char *title, Bar *bars, int n,
                double reveal, gboolean draw)
{
  double label_w = 0, value_w = 0, lh = text_h (cr, AB_TEXT_LABEL, "Ag", -1);
  double vh = text_h (cr, AB_TEXT_VALUE, "0", -1), biggest = 0, h0 = y;
  for (int i = 0; i < n; i++)
    {
      double lw, vw;
      ab_text_measure (cr, AB_TEXT_LABEL, bars[i].label, -1, &lw, NULL);
      ab_text_measure (cr, AB_TEXT_VALUE, bars[i].text, -1, &vw, NULL);
      label_w = MAX (label_w, lw);
      value_w = MAX (value_w, vw);
      biggest = MAX (biggest, bars[i].value);
    }
  double th = text_h (cr, AB_TEXT_BODY_STRONG, title, w);
  if (draw)
    ab_text (cr, AB_TEXT_BODY_STRONG, title, x, y, AB_TEXT, AB_ALIGN_LEFT, w);
  y += th + 6;
  double bx = x + label_w + 12, bw = w - label_w - 12 - value_w - 10, bh = MAX (lh * 0.8, 8);
  for (int i = 0; i < n; i++)
    {
      if (draw && bars[i].value > 0 && reveal > 0)
        {
          double full = biggest > 0 ? bw * bars[i].value / biggest * reveal : 0;
          ab_text (cr, AB_TEXT_LABEL, bars[i].label, x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
          fill_rect (cr, (AbRect) { bx, y + (lh - bh) / 2, MAX (full, 2), bh }, bars[i].color, 0.85);
          if (bars[i].part > 0)
            fill_rect (cr, (AbRect) { bx, y + (lh - bh) / 2, full * bars[i].part, bh }, bars[i].part_color, 0.95);
          ab_text (cr, AB_TEXT_VALUE, bars[i].text, bx + MAX (full, 2) + 8, y + (lh - vh) / 2, AB_TEXT,
                   AB_ALIGN_LEFT, -1);
        }
      y += lh + 6;
    }
  return y - h0;
}

void
ab_backward_draw_ledger (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  g_autofree char *title = g_strdup_printf (_("This run: N = %d, d = %d, one head, fp32%s"), res->n,
                                            res->d, res->causal ? _(", causal") : "");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), y = heading_bottom (cr, panel, title);
  double x = panel.x + pad, w = panel.w - 2 * pad;
  const AbAttnBackwardStats *st = &res->st;
  const char *std_l = _("standard"), *flash_l = _("FlashAttention");
  Bar kept[2] = {
    { std_l, (double) res->saved_std, AB_HBM, 0, AB_HBM, ab_format_bytes ((double) res->saved_std) },
    { flash_l, (double) res->saved_flash, AB_ACTIVE, 0, AB_ACTIVE, ab_format_bytes ((double) res->saved_flash) },
  };
  double ts = (double) traffic (st, TRUE), tf = (double) traffic (st, FALSE);
  Bar moved[2] = {
    { std_l, ts, AB_HBM, 0, AB_HBM, ab_format_bytes (ts) },
    { flash_l, tf, AB_ACTIVE, 0, AB_ACTIVE, ab_format_bytes (tf) },
  };
  g_autofree char *sf = ab_format_number (res->std_flops / 1e6);
  g_autofree char *ff = ab_format_number ((double) st->flops / 1e6);
  Bar flops[2] = {
    { std_l, res->std_flops, AB_HBM, 0, AB_HBM, g_strdup_printf ("%s M", sf) },
    { flash_l, (double) st->flops, AB_ACTIVE, (double) st->recompute_flops / (double) st->flops, AB_SRAM,
      g_strdup_printf ("%s M", ff) },
  };
  g_autofree char *eq = g_strdup_printf (_("Matmul FLOPs of the backward (green: recomputing S, +%.0f %%)"),
                                         recompute_percent (st));
  g_autofree char *e0 = ab_backward_format_sci (res->err[0] / res->mag[0]);
  g_autofree char *e1 = ab_backward_format_sci (res->err[1] / res->mag[1]);
  g_autofree char *e2 = ab_backward_format_sci (res->err[2] / res->mag[2]);
  g_autofree char *check = g_strdup_printf (_("<b>Exact?</b> Against a double-precision backward: "
                                              "max error / max |gradient| = %s (dQ), %s (dK), %s (dV)"),
                                            e0, e1, e2);
  /* what the next numbers rest on, until the FLOPs and the check arrive */
  const char *text = position > STEP_STANDARD ? check
    : position > STEP_SAVED
    ? _("dP = dO V<sup>⊤</sup> and dS are N × N as well: the standard backward writes both "
        "to HBM and reads them back, on top of reading P.")
    : _("<b>Why L is enough.</b> L<sub>i</sub> = m<sub>i</sub> + log ℓ<sub>i</sub>, so "
        "exp(S<sub>ij</sub> − L<sub>i</sub>) is the softmax weight P<sub>ij</sub> itself: the "
        "backward can rebuild any tile of P from Q<sub>i</sub>, K<sub>j</sub> and L<sub>i</sub>, "
        "with no running max or sum, and never store it.");
  struct { const char *title; Bar *bars; double reveal; } groups[3] = {
    { _("Kept between forward and backward"), kept, 1 },
    { _("Bytes the backward moves through HBM"), moved, ab_tween (position, STEP_SAVED, STEP_STANDARD) },
    { eq, flops, ab_tween (position, STEP_STANDARD, STEP_FLASH) },
  };
  int n_groups = position > STEP_STANDARD ? 3 : position > STEP_SAVED ? 2 : 1;
  double used = text_h (cr, AB_TEXT_LABEL, text, w);
  if (position <= STEP_STANDARD)
    moved[1].value = 0;   /* FlashAttention's bar arrives with its step */
  for (int g = 0; g < n_groups; g++)
    used += draw_bar_group (cr, x, y, w, groups[g].title, groups[g].bars, 2, groups[g].reveal, FALSE);
  /* the gaps shrink before anything would leave the panel */
  double gap = CLAMP ((panel.y + panel.h - pad / 2 - y - used) / n_groups, 2, pad * 0.9);

  ab_draw_panel (cr, panel, title);
  for (int g = 0; g < n_groups; g++)
    y += draw_bar_group (cr, x, y, w, groups[g].title, groups[g].bars, 2, groups[g].reveal, TRUE) + gap;
  ab_text (cr, AB_TEXT_LABEL, text, x, y, position > STEP_STANDARD ? AB_TEXT : AB_TEXT_DIM,
           AB_ALIGN_LEFT, w);
  for (int i = 0; i < 2; i++)
    {
      g_free (kept[i].text);
      g_free (moved[i].text);
      g_free (flops[i].text);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-components"

#include "ab-components.h"

#include <math.h>
#include <string.h>

/* "−0.25", and "0.00" rather than "−0.00". */
static void
format_cell (char *buf, gsize size, const char *fmt, double v)
{
  char raw[32];

  g_snprintf (raw, sizeof raw, fmt, v);
  if (raw[0] == '-' && strspn (raw + 1, "0.") == strlen (raw + 1))
    memmove (raw, raw + 1, strlen (raw));
  if (raw[0] == '-')
    g_snprintf (buf, size, "−%s", raw + 1);
  else
    g_strlcpy (buf, raw, size);
}

/* Values in cells shrink with the cells, never above the value token. */
static double
cell_text_size (cairo_t *cr, double cw, double ch)
{
  return CLAMP (MIN (cw * 0.3, ch * 0.5), 9, ab_style_size (cr, AB_TEXT_VALUE));
}

void
ab_draw_vector (cairo_t *cr, AbRect r, const double *values, int n,
                double scale, const char *fmt, double reveal)
{
  double cw = r.w / MAX (n, 1);
  double size = cell_text_size (cr, cw, r.h);

  reveal = ab_clamp01 (reveal);
  cairo_save (cr);
  for (int i = 0; i < n; i++)
    {
      AbRect c = { r.x + i * cw + 1, r.y, cw - 2, r.h };

      ab_rounded_rect (cr, c, MIN (4, c.w / 4));
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, ab_color_diverging (values[i], scale), reveal));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      if (fmt && reveal > 0.5)
        {
          char buf[36];
          format_cell (buf, sizeof buf, fmt, values[i]);
          ab_draw_text (cr, buf, c.x + c.w / 2, c.y + c.h / 2 - size * 0.68, size, AB_FONT_MONO,
                        AB_TEXT, AB_ALIGN_CENTER, -1);
        }
    }
  cairo_restore (cr);
}

void
ab_draw_matrix (cairo_t *cr, AbRect r, const double *values, int rows, int cols,
                double scale, const char *fmt,
                const char * const *row_labels, const char * const *col_labels)
{
  double ch = r.h / MAX (rows, 1), cw = r.w / MAX (cols, 1);
  double label = ab_style_size (cr, AB_TEXT_LABEL);

  for (int i = 0; i < rows; i++)
    ab_draw_vector (cr, (AbRect) { r.x, r.y + i * ch + 1, r.w, ch - 2 }, values + (size_t) i * cols,
                    cols, scale, fmt, 1.0);
  for (int i = 0; row_labels && i < rows && row_labels[i]; i++)
    ab_text (cr, AB_TEXT_LABEL, row_labels[i], r.x - 8, r.y + i * ch + ch / 2 - label * 0.65,
             AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int j = 0; col_labels && j < cols && col_labels[j]; j++)
    ab_text (cr, AB_TEXT_LABEL, col_labels[j], r.x + j * cw + cw / 2, r.y - label * 1.45,
             AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

void
ab_draw_arrow (cairo_t *cr, double x0, double y0, double x1, double y1,
               AbRgb color, double width)
{
  double a = atan2 (y1 - y0, x1 - x0), head = 6 + 2.5 * width;

  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - cos (a) * head * 0.8, y1 - sin (a) * head * 0.8);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (a - 0.45), y1 - head * sin (a - 0.45));
  cairo_line_to (cr, x1 - head * cos (a + 0.45), y1 - head * sin (a + 0.45));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

double
ab_draw_token_chip (cairo_t *cr, double x, double y, const char *text, AbRgb color,
                    gboolean active, gboolean draw)
{
  double w, h, pad = ab_style_size (cr, AB_TEXT_LABEL) * 0.5;
  AbRect chip;

  ab_text_measure (cr, AB_TEXT_LABEL, text, -1, &w, &h);
  chip = (AbRect) { x, y, w + 2 * pad, h + pad };
  if (!draw)
    return chip.w;
  cairo_save (cr);
  ab_rounded_rect (cr, chip, chip.h / 3);
  ab_set_rgba (cr, color, active ? 0.35 : 0.16);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, active ? color : AB_BORDER);
  cairo_set_line_width (cr, active ? 2 : 1);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_LABEL, text, x + pad, y + pad / 2, active ? AB_TEXT : AB_TEXT_DIM,
           AB_ALIGN_LEFT, -1);
  return chip.w;
}

void
ab_draw_head_badge (cairo_t *cr, double cx, double cy, double radius, guint head)
{
  char label[8];

  g_snprintf (label, sizeof label, "%u", head + 1);
  cairo_save (cr);
  cairo_new_path (cr);   /* text leaves a current point; the disc must not join it */
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  ab_set_rgb (cr, AB_HEADS[head % 4]);
  cairo_fill (cr);
  cairo_restore (cr);
  ab_draw_text (cr, label, cx, cy - radius * 0.7, radius * 1.2, AB_FONT_SANS_BOLD, AB_BG,
                AB_ALIGN_CENTER, -1);
}

void
ab_draw_gpu_block (cairo_t *cr, AbRect r, const char *name, guint n_sms, guint n_busy,
                   double hbm_used, double hbm_capacity)
{
  double head = ab_style_size (cr, AB_TEXT_HEADING) * 1.5;
  double pool_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.55 + 26;
  AbRect grid = { r.x + 16, r.y + head + 10, r.w - 32, r.h - head - pool_h - 40 };
  guint cols = MAX (1, (guint) ceil (sqrt (n_sms * grid.w / MAX (grid.h, 1))));
  guint rows = MAX (1, (n_sms + cols - 1) / cols);
  double cw = grid.w / cols, ch = grid.h / rows;

  ab_draw_panel (cr, r, name);
  cairo_save (cr);
  for (guint i = 0; i < n_sms; i++)
    {
      AbRect sm = { grid.x + (i % cols) * cw + 2, grid.y + (i / cols) * ch + 2, cw - 4, ch - 4 };
      gboolean busy = i < n_busy;

      ab_rounded_rect (cr, sm, MIN (4, sm.w / 4));
      ab_set_rgba (cr, busy ? AB_ACTIVE : AB_MUTED, busy ? 0.55 : 0.18);
      cairo_fill (cr);
      /* Each SM's SRAM: the green strip along its bottom. */
      ab_set_rgba (cr, AB_SRAM, busy ? 0.9 : 0.35);
      cairo_rectangle (cr, sm.x + 2, sm.y + sm.h * 0.72, sm.w - 4, sm.h * 0.2);
      cairo_fill (cr);
    }
  cairo_restore (cr);
  ab_draw_memory_bar (cr, (AbRect) { r.x + 16, r.y + r.h - pool_h - 14, r.w - 32, pool_h },
                      "HBM", hbm_used, hbm_capacity, AB_HBM);
}

void
ab_draw_ring (cairo_t *cr, AbRect r, guint n, int active, const char * const *labels)
{
  double cx = r.x + r.w / 2, cy = r.y + r.h / 2;
  double label = ab_style_size (cr, AB_TEXT_LABEL);
  double k, label_w = 0, radius, node;

  n = MAX (n, 1);
  /* Nodes are sized to the ring (k × radius); the ring is sized so that
   * nodes and their labels fit the rectangle above, below and beside it. */
  k = 0.35 * G_PI / n;
  for (guint i = 0; i < n; i++)
    {
      char fallback[16];
      double w;
      g_snprintf (fallback, sizeof fallback, "GPU %u", i);
      ab_text_measure (cr, AB_TEXT_LABEL, labels && labels[i] ? labels[i] : fallback, -1, &w, NULL);
      label_w = MAX (label_w, w);
    }
  radius = MIN ((r.h / 2 - label * 2.0) / (1 + k), (r.w / 2 - label * 0.7 - label_w) / (1 + k));
  radius = MAX (radius, 10);
  node = MAX (radius * k, 6);
  for (guint i = 0; i < n; i++)
    {
      double a0 = -G_PI / 2 + 2 * G_PI * i / n, a1 = -G_PI / 2 + 2 * G_PI * (i + 1) / n;
      double gap = node / radius * 1.3;
      double x0 = cx + radius * cos (a0 + gap), y0 = cy + radius * sin (a0 + gap);
      double x1 = cx + radius * cos (a1 - gap), y1 = cy + radius * sin (a1 - gap);
      ab_draw_arrow (cr, x0, y0, x1, y1, (int) i == active ? AB_ACTIVE : AB_MUTED, 2.5);
    }
  for (guint i = 0; i < n; i++)
    {
      double a = -G_PI / 2 + 2 * G_PI * i / n;
      double x = cx + radius * cos (a), y = cy + radius * sin (a);
      double lx = cx + (radius + node + label * 0.6) * cos (a);
      double ly = cy + (radius + node + label * 0.6) * sin (a);
      char fallback[16];
      const char *text = labels && labels[i] ? labels[i] : NULL;

      cairo_save (cr);
      cairo_new_path (cr);   /* text leaves a current point; the node must not join it */
      cairo_arc (cr, x, y, node, 0, 2 * G_PI);
      ab_set_rgb (cr, (int) i == active ? AB_ACTIVE : AB_PANEL);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, (int) i == active ? AB_TEXT : AB_BORDER);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (text == NULL)
        {
          g_snprintf (fallback, sizeof fallback, "GPU %u", i);
          text = fallback;
        }
      /* Above the top nodes, below the bottom ones, centred beside the rest. */
      ab_text (cr, AB_TEXT_LABEL, text, lx,
               sin (a) < -0.5 ? ly - label * 1.3 : sin (a) > 0.5 ? ly : ly - label * 0.65,
               (int) i == active ? AB_TEXT : AB_TEXT_DIM,
               fabs (cos (a)) < 0.3 ? AB_ALIGN_CENTER : cos (a) > 0 ? AB_ALIGN_LEFT : AB_ALIGN_RIGHT, -1);
    }
}

double
ab_draw_equation_callout (cairo_t *cr, AbRect r, const char *title,
                          const char * const *tex_lines, guint n_lines)
{
  double y = ab_draw_callout_frame (cr, r, title);

  for (guint i = 0; i < n_lines; i++)
    {
      double w, ascent, descent;
      ab_math_measure (cr, AB_TEXT_MATH, tex_lines[i], &w, &ascent, &descent);
      ab_math (cr, AB_TEXT_MATH, tex_lines[i], r.x + 18, y + ascent, AB_TEXT);
      y += ascent + descent + 12;
    }
  return y - r.y + 6;
}

void
ab_draw_timeline_bars (cairo_t *cr, AbRect r, const char * const *lane_labels, guint n_lanes,
                       const AbTimelineBar *bars, guint n_bars, double t_max)
{
  double label_w = 0, w, lane_h, x0;

  for (guint i = 0; lane_labels && i < n_lanes; i++)
    {
      ab_text_measure (cr, AB_TEXT_LABEL, lane_labels[i], -1, &w, NULL);
      label_w = MAX (label_w, w + 12);
    }
  lane_h = r.h / MAX (n_lanes, 1);
  x0 = r.x + label_w;
  for (guint i = 0; lane_labels && i < n_lanes; i++)
    ab_text (cr, AB_TEXT_LABEL, lane_labels[i], x0 - 12,
             r.y + i * lane_h + lane_h / 2 - ab_style_size (cr, AB_TEXT_LABEL) * 0.65,
             AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= n_lanes; i++)
    {
      cairo_move_to (cr, x0, r.y + i * lane_h);
      cairo_line_to (cr, r.x + r.w, r.y + i * lane_h);
    }
  cairo_stroke (cr);
  for (guint b = 0; b < n_bars && t_max > 0; b++)
    {
      const AbTimelineBar *bar = &bars[b];
      double scale = (r.x + r.w - x0) / t_max;
      AbRect box = { x0 + bar->start * scale, r.y + bar->lane * lane_h + lane_h * 0.18,
                     MAX ((bar->end - bar->start) * scale, 1), lane_h * 0.64 };
      double tw;

      ab_rounded_rect (cr, box, MIN (5, box.w / 3));
      ab_set_rgba (cr, bar->color, 0.85);
      cairo_fill (cr);
      if (bar->label)
        {
          ab_text_measure (cr, AB_TEXT_SMALL, bar->label, -1, &tw, NULL);
          if (tw + 8 < box.w)
            ab_text (cr, AB_TEXT_SMALL, bar->label, box.x + box.w / 2,
                     box.y + box.h / 2 - ab_style_size (cr, AB_TEXT_SMALL) * 0.65, AB_BG,
                     AB_ALIGN_CENTER, -1);
        }
    }
  cairo_restore (cr);
}

void
ab_draw_hatch (cairo_t *cr, AbRect r)
{
  ab_draw_hatch_lines (cr, r, AB_MUTED, 0.5, 6);
}

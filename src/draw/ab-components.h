/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-components.h — the shared pieces of the content plan's diagrams
 *
 * Beside ab-draw.h's basics (panels, text, legend, attention grid, bars,
 * memory bar): vectors and matrices with values, token chips, head badges,
 * arrows, a GPU block (SM grid over its memory pool), a ring of devices,
 * a typeset equation callout and timeline bars. Every piece takes its
 * rectangle and draws its text in style tokens, so it follows the layout.
 */
#pragma once

#include "ab-draw.h"

G_BEGIN_DECLS

/* n cells side by side filling @r, coloured by the diverging map (saturating
 * at |x| = scale); @fmt (e.g. "%.2f", NULL for none) prints each value in its
 * cell with a typographic minus; @reveal fades them in. */
void   ab_draw_vector   (cairo_t *cr, AbRect r, const double *values, int n,
                         double scale, const char *fmt, double reveal);
/* rows × cols cells of the diverging map with optional values and labels
 * (NULL to omit) along the left and the top. */
void   ab_draw_matrix   (cairo_t *cr, AbRect r, const double *values, int rows, int cols,
                         double scale, const char *fmt,
                         const char * const *row_labels, const char * const *col_labels);
/* A straight arrow from (x0, y0) to (x1, y1). */
void   ab_draw_arrow    (cairo_t *cr, double x0, double y0, double x1, double y1,
                         AbRgb color, double width);
/* A token as a rounded chip with its top-left corner at (x, y), in the label
 * style; @active outlines it. Returns its width (draws nothing when !draw). */
double ab_draw_token_chip (cairo_t *cr, double x, double y, const char *text,
                           AbRgb color, gboolean active, gboolean draw);
/* A round badge for attention head @head (0-based, head colours) centred at (cx, cy). */
void   ab_draw_head_badge (cairo_t *cr, double cx, double cy, double radius, guint head);

/* A GPU: @n_sms streaming multiprocessors (the first @n_busy lit, each with
 * its on-chip SRAM strip) over the HBM pool with a byte counter. */
void   ab_draw_gpu_block (cairo_t *cr, AbRect r, const char *name, guint n_sms, guint n_busy,
                          double hbm_used, double hbm_capacity);
/* @n devices on a ring; device @active (-1 for none) is lit and the arrows
 * show blocks passing to the next device. Labels may be NULL. */
void   ab_draw_ring     (cairo_t *cr, AbRect r, guint n, int active,
                         const char * const *labels);
/* A callout panel with a title and typeset TeX lines (\color highlights a
 * live value). Returns the height used. */
double ab_draw_equation_callout (cairo_t *cr, AbRect r, const char *title,
                                 const char * const *tex_lines, guint n_lines);

/* Timeline bars: one lane per row, bars from start to end in the units of
 * [0, t_max] (a schedule, overlapped work). */
typedef struct
{
  guint       lane;
  double      start, end;
  AbRgb       color;
  const char *label;   /* drawn inside when it fits; may be NULL */
} AbTimelineBar;

void   ab_draw_timeline_bars (cairo_t *cr, AbRect r, const char * const *lane_labels,
                              guint n_lanes, const AbTimelineBar *bars, guint n_bars,
                              double t_max);

/* Diagonal hatching over @r (a masked cell or tile), in the muted colour,
 * as ab_draw_attention_grid hatches its masked cells. */
void   ab_draw_hatch    (cairo_t *cr, AbRect r);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-plot.h — the lab's two log-log charts, drawn from a sweep's points
 *
 * Time per run and peak extra memory against N, one line per kernel; where
 * the naive kernel refused its budget, its line ends in a marker and the
 * memory chart shows the bytes it asked for above the budget line. Below
 * the charts: the measured max |O_flash − O_naive| per N. Cairo and the
 * book's drawing pieces only (style tokens, palette), in the units of the
 * diagram frames, so the lab reads like the diagrams around it.
 */
#pragma once

#include <cairo.h>

#include "ab-lab-sweep.h"

G_BEGIN_DECLS

typedef struct
{
  const AbLabPoint *points;
  guint             n_points;
  int               n_max;          /* the last N of the sweep (x axis) */
  size_t            naive_budget;   /* the budget line */
  int               current_n;      /* N being measured, 0 for none */
} AbLabPlotData;

/* Draws on @cr over width × height pixels (or any device units). */
void  ab_lab_plot_draw     (cairo_t *cr, double width, double height, const AbLabPlotData *data);
/* The charts as plain text, for screen readers: every point's numbers. */
char *ab_lab_plot_describe (const AbLabPlotData *data);

G_END_DECLS

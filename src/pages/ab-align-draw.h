/* ab-align-draw.h — small drawing helpers shared by the Part 1 alignment
 * diagrams (seq2seq bottleneck, Bahdanau alignment, Luong global/local):
 * a row of vector cells with optional numbers, and an arrow. */
#pragma once

#include "ab-draw.h"

G_BEGIN_DECLS

/* Panel → red for negative, panel → blue for positive, saturating at |x| = scale. */
AbRgb ab_align_diverging   (double x, double scale);
/* n cells side by side filling @r, coloured by value; @fmt (e.g. "%.2f", or
 * NULL for none) prints each value inside its cell; @reveal fades them in. */
void  ab_align_draw_vector (cairo_t *cr, AbRect r, const double *values, int n,
                            double scale, const char *fmt, double reveal);
/* A straight arrow from (x0, y0) to (x1, y1). */
void  ab_align_draw_arrow  (cairo_t *cr, double x0, double y0, double x1, double y1,
                            AbRgb color, double width);

G_END_DECLS

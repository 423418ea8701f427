/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-layer.h — a diagram's static shapes drawn once into a raster layer and
 * painted on every frame (issue #12: per-frame work is drawing only)
 *
 * A layer covers a rectangle of the frame in whole pixels, on the target's
 * own pixel grid, so painting it at alpha 1 puts down what drawing the same
 * shapes directly would have (to the rounding of one composite). It is
 * drawn again when the matrix, the rectangle, the layout or the caller's
 * key (what it shows: the parameters, which state of a step) changed. It
 * keeps a few sizes: the presenter draws one diagram in the audience
 * window and twice in its console. Vector targets (SVG) get no layers: the
 * caller draws directly. Only shapes go into layers; text stays on the
 * frame, where the layout test's ink recorder sees it.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ab-draw.h"

G_BEGIN_DECLS

#define AB_LAYER_SIZES 3

typedef struct
{
  cairo_surface_t *surface;
  cairo_matrix_t   matrix;       /* user → device of the frame it was drawn for */
  AbRect           rect;         /* what it covers, in that user space */
  guint64          key;
  AbLayoutKind     kind;
  gboolean         opaque;
  double           oversample;   /* layer pixels per device unit */
  int              x, y;         /* its origin, in the target's pixels */
  guint64          last_used;
} AbLayerImage;

typedef struct
{
  AbLayerImage  images[AB_LAYER_SIZES];
  AbLayerImage *current;         /* what ab_layer_begin() found or made */
  guint64       clock;
} AbLayer;

/* Layer pixels per device unit for @cr's target; 0 for vector targets,
 * which take no layers. */
double   ab_layer_oversample (cairo_t *cr);
/* A cairo_t to draw @layer's shapes on, in @cr's user space and layout,
 * when @layer does not yet hold @rect at @cr's matrix with @key (the
 * longest unused of its images is replaced); NULL when it does. Finish
 * with ab_layer_end(). Only for targets with an oversample. */
cairo_t *ab_layer_begin      (AbLayer *layer, cairo_t *cr, AbRect rect, guint64 key);
/* The same for shapes on a known opaque background (a panel's colour):
 * the layer starts filled with @background, holds no alpha, and painting
 * it is a copy. Paint it only where the frame has that background. */
cairo_t *ab_layer_begin_on   (AbLayer *layer, cairo_t *cr, AbRect rect, guint64 key, AbRgb background);
void     ab_layer_end        (AbLayer *layer, cairo_t *lcr);
/* Paint all of what ab_layer_begin() chose, or only the whole pixels that
 * @part (user space) touches, at @alpha. */
void     ab_layer_paint      (AbLayer *layer, cairo_t *cr, double alpha);
void     ab_layer_paint_part (AbLayer *layer, cairo_t *cr, AbRect part, double alpha);
void     ab_layer_clear      (AbLayer *layer);

G_END_DECLS

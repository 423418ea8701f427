/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-layer.c — raster layers of static shapes (ab-layer.h) */
#define G_LOG_DOMAIN "ab-layer"

#include "ab-layer.h"

#include <math.h>
#include <string.h>

/* A recording (GTK's render nodes, the layout test) is replayed at a scale
 * not known yet: twice its own. */
double
ab_layer_oversample (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double sx = 1, sy = 1;

  cairo_surface_get_device_scale (target, &sx, &sy);
  switch (cairo_surface_get_type (target))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
      return MAX (sx, sy);
    case CAIRO_SURFACE_TYPE_RECORDING:
      return 2 * MAX (sx, sy);
    default:
      return 0;
    }
}

/* The pixels that @r under @m touches at @os pixels per device unit. */
static void
pixel_box (const cairo_matrix_t *m, AbRect r, double os, int *x0, int *y0, int *x1, int *y1)
{
  double xs[4] = { r.x, r.x + r.w, r.x, r.x + r.w };
  double ys[4] = { r.y, r.y, r.y + r.h, r.y + r.h };
  double lx = INFINITY, ly = INFINITY, hx = -INFINITY, hy = -INFINITY;

  for (int i = 0; i < 4; i++)
    {
      cairo_matrix_transform_point (m, &xs[i], &ys[i]);
      lx = MIN (lx, xs[i]);
      ly = MIN (ly, ys[i]);
      hx = MAX (hx, xs[i]);
      hy = MAX (hy, ys[i]);
    }
  *x0 = (int) floor (lx * os);
  *y0 = (int) floor (ly * os);
  *x1 = (int) ceil (hx * os);
  *y1 = (int) ceil (hy * os);
}

void
ab_layer_clear (AbLayer *layer)
{
  for (int i = 0; i < AB_LAYER_SIZES; i++)
    g_clear_pointer (&layer->images[i].surface, cairo_surface_destroy);
  layer->current = NULL;
}

static gboolean
image_holds (const AbLayerImage *im, const cairo_matrix_t *m, AbRect rect, guint64 key, AbLayoutKind kind,
             gboolean opaque, double os)
{
  return im->surface && im->key == key && im->kind == kind && im->opaque == opaque && im->oversample == os
         && memcmp (&im->matrix, m, sizeof *m) == 0 && memcmp (&im->rect, &rect, sizeof rect) == 0;
}

static cairo_t *
begin (AbLayer *layer, cairo_t *cr, AbRect rect, guint64 key, const AbRgb *background)
{
  double os = ab_layer_oversample (cr);
  AbLayoutKind kind = ab_style_get_layout (cr);
  gboolean opaque = background != NULL;
  AbLayerImage *im = NULL;
  cairo_matrix_t m;
  cairo_t *lcr;
  int x1, y1;

  g_return_val_if_fail (os > 0, NULL);
  cairo_get_matrix (cr, &m);
  for (int i = 0; i < AB_LAYER_SIZES && im == NULL; i++)
    if (image_holds (&layer->images[i], &m, rect, key, kind, opaque, os))
      im = &layer->images[i];
  layer->current = im;
  if (im)
    {
      im->last_used = ++layer->clock;
      return NULL;
    }

  im = &layer->images[0];
  for (int i = 1; i < AB_LAYER_SIZES; i++)
    if (layer->images[i].last_used < im->last_used)
      im = &layer->images[i];
  g_clear_pointer (&im->surface, cairo_surface_destroy);
  im->matrix = m;
  im->rect = rect;
  im->key = key;
  im->kind = kind;
  im->opaque = opaque;
  im->oversample = os;
  im->last_used = ++layer->clock;
  layer->current = im;
  pixel_box (&m, rect, os, &im->x, &im->y, &x1, &y1);
  im->surface = cairo_image_surface_create (opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                            MAX (x1 - im->x, 1), MAX (y1 - im->y, 1));
  cairo_surface_set_device_scale (im->surface, os, os);
  lcr = cairo_create (im->surface);
  if (opaque)
    {
      ab_set_rgb (lcr, *background);
      cairo_paint (lcr);
    }
  /* The layer's pixels lie on the target's: its origin is a whole pixel. */
  cairo_translate (lcr, -im->x / os, -im->y / os);
  cairo_transform (lcr, &m);
  cairo_set_antialias (lcr, cairo_get_antialias (cr));
  cairo_set_tolerance (lcr, cairo_get_tolerance (cr));
  ab_style_attach (lcr, kind);
  return lcr;
}

cairo_t *
ab_layer_begin (AbLayer *layer, cairo_t *cr, AbRect rect, guint64 key)
{
  return begin (layer, cr, rect, key, NULL);
}

cairo_t *
ab_layer_begin_on (AbLayer *layer, cairo_t *cr, AbRect rect, guint64 key, AbRgb background)
{
  return begin (layer, cr, rect, key, &background);
}

void
ab_layer_end (AbLayer *layer, cairo_t *lcr)
{
  cairo_destroy (lcr);
  cairo_surface_flush (layer->current->surface);
}

static void
paint (const AbLayerImage *im, cairo_t *cr, double alpha)
{
  double os = im->oversample;

  cairo_set_source_surface (cr, im->surface, im->x / os, im->y / os);
  alpha *= ab_fade_get (cr);
  if (alpha >= 1)
    cairo_paint (cr);
  else
    cairo_paint_with_alpha (cr, alpha);
}

void
ab_layer_paint (AbLayer *layer, cairo_t *cr, double alpha)
{
  g_return_if_fail (layer->current != NULL);
  if (alpha <= 0)
    return;
  cairo_save (cr);
  cairo_identity_matrix (cr);
  paint (layer->current, cr, alpha);
  cairo_restore (cr);
}

void
ab_layer_paint_part (AbLayer *layer, cairo_t *cr, AbRect part, double alpha)
{
  const AbLayerImage *im = layer->current;
  cairo_matrix_t m;
  double os;
  int x0, y0, x1, y1;

  g_return_if_fail (im != NULL);
  if (alpha <= 0)
    return;
  os = im->oversample;
  cairo_get_matrix (cr, &m);
  pixel_box (&m, part, os, &x0, &y0, &x1, &y1);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  /* Whole pixels: the clip itself adds no antialiased edge. */
  cairo_rectangle (cr, x0 / os, y0 / os, (x1 - x0) / os, (y1 - y0) / os);
  cairo_clip (cr);
  paint (im, cr, alpha);
  cairo_restore (cr);
}

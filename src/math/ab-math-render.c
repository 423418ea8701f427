/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-render.c — boxes → cairo.
 *
 * Glyphs are gathered into runs that share a size and a colour and drawn with
 * one cairo_show_glyphs each: per-glyph calls dominated the benchmark. Rules
 * (fraction bars, radical overlines, frames) are filled rectangles. Hinting is
 * off so the glyph outlines land exactly where layout put them, at any scale
 * and on any surface (screen, SVG, PNG). */
#define G_LOG_DOMAIN "ab-math-render"

#include <string.h>
#include "ab-math-private.h"

typedef struct {
  cairo_t       *cr;
  double         size;      /* points per em */
  double         alpha;
  double         ox, oy;    /* user-space origin */
  GArray        *run;       /* cairo_glyph_t of the pending run */
  double         run_scale;
  double         run_rgb[3];
} Renderer;

static void
set_colour (Renderer *r, const double rgb[3])
{
  cairo_set_source_rgba (r->cr, rgb[0], rgb[1], rgb[2], r->alpha);
}

static void
flush (Renderer *r)
{
  if (r->run->len == 0)
    return;
  set_colour (r, r->run_rgb);
  cairo_set_font_size (r->cr, r->run_scale * r->size);
  cairo_show_glyphs (r->cr, (cairo_glyph_t *) r->run->data, r->run->len);
  g_array_set_size (r->run, 0);
}

static void
walk (Renderer *r, AbBox *box, double x, double y, const double rgb[3])
{
  x += box->x;
  y += box->y;
  switch (box->kind)
    {
    case AB_BOX_GLYPH:
      {
        if (r->run->len > 0 &&
            (box->scale != r->run_scale || memcmp (rgb, r->run_rgb, sizeof r->run_rgb) != 0))
          flush (r);
        r->run_scale = box->scale;
        memcpy (r->run_rgb, rgb, sizeof r->run_rgb);
        cairo_glyph_t g = { box->gid, r->ox + x * r->size, r->oy + y * r->size };
        g_array_append_val (r->run, g);
        return;
      }
    case AB_BOX_RULE:
      if (box->h + box->d <= 0 || box->w <= 0)
        return;
      set_colour (r, rgb);
      cairo_rectangle (r->cr, r->ox + x * r->size, r->oy + (y - box->h) * r->size,
                       box->w * r->size, (box->h + box->d) * r->size);
      cairo_fill (r->cr);
      return;
    case AB_BOX_COLOR:
      for (AbBox *c = box->first; c; c = c->next)
        walk (r, c, x, y, box->rgb);
      return;
    case AB_BOX_GROUP:
    default:
      for (AbBox *c = box->first; c; c = c->next)
        walk (r, c, x, y, rgb);
      return;
    }
}

void
ab_math_render_box (const AbMathFont *font, AbBox *box, cairo_t *cr,
                    double x, double y, double size_pt,
                    double red, double green, double blue, double alpha)
{
  cairo_glyph_t stack_glyphs[64];
  Renderer r = {
    .cr = cr, .size = size_pt, .alpha = alpha, .ox = x, .oy = y,
  };
  r.run = g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), G_N_ELEMENTS (stack_glyphs));
  double rgb[3] = { red, green, blue };

  cairo_save (cr);
  cairo_set_font_face (cr, font->cairo_face);
  cairo_font_options_t *opts = cairo_font_options_create ();
  cairo_font_options_set_hint_style (opts, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (opts, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options (cr, opts);
  cairo_font_options_destroy (opts);
  /* Rules are drawn as walk() meets them, glyphs when their run changes;
   * both are opaque ink on transparent ground, so the order is free. */
  walk (&r, box, 0, 0, rgb);
  flush (&r);
  cairo_restore (cr);
  g_array_free (r.run, TRUE);
}

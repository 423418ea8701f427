/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-hero.c — the card: presenter-layout type, scaled up to poster size
 *
 * The text uses the presenter layout's style tokens (its biggest type) on a
 * canvas of CARD_UNITS_W units, scaled to the pixel size asked for; no size
 * is chosen here. The pattern on the right is real attention, computed:
 * causal softmax over the dot products of the sinusoidal position encodings
 * of Vaswani et al. (arXiv:1706.03762, §3.5), so the card shows the kind of
 * matrix the book is about rather than a decoration.
 */
#define G_LOG_DOMAIN "ab-hugo-hero"

#include "ab-hugo-hero.h"
#include "ab-draw.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>

/* The canvas in units, at most: 1600 px then shows the presenter title at
 * 1.75×; longer texts get a wider canvas (smaller type) until they fit. */
#define CARD_UNITS_W 914.0
#define PATTERN_N    12
#define PATTERN_D    16

/* Row-wise causal softmax of PE(i)·PE(j)/√d; masked cells are −1 (hatched). */
static void
compute_pattern (double *weights)
{
  double pe[PATTERN_N][PATTERN_D];

  for (int i = 0; i < PATTERN_N; i++)
    for (int k = 0; k < PATTERN_D; k += 2)
      {
        double angle = i / pow (10000.0, (double) k / PATTERN_D);
        pe[i][k] = sin (angle);
        pe[i][k + 1] = cos (angle);
      }
  for (int i = 0; i < PATTERN_N; i++)
    {
      double scores[PATTERN_N], max = -INFINITY, sum = 0;

      for (int j = 0; j <= i; j++)
        {
          double dot = 0;
          for (int k = 0; k < PATTERN_D; k++)
            dot += pe[i][k] * pe[j][k];
          /* Sharpened ×4 so the diagonal band reads at card size. */
          scores[j] = 4.0 * dot / sqrt (PATTERN_D);
          max = MAX (max, scores[j]);
        }
      for (int j = 0; j <= i; j++)
        sum += exp (scores[j] - max);
      for (int j = 0; j < PATTERN_N; j++)
        weights[i * PATTERN_N + j] = j <= i ? exp (scores[j] - max) / sum : -1.0;
    }
}

static double
measure_escaped (cairo_t *cr, AbTextStyle style, const char *text, double width)
{
  g_autofree char *markup = g_markup_escape_text (text ? text : "", -1);
  double w, h;

  if (text == NULL)
    return 0;
  ab_text_measure (cr, style, markup, width, &w, &h);
  return h;
}

static double
draw_escaped (cairo_t *cr, AbTextStyle style, const char *text, double x, double y, AbRgb color, double width)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  return ab_text (cr, style, markup, x, y, color, AB_ALIGN_LEFT, width);
}

/* Where everything goes on a canvas @w units wide; FALSE when the text
 * does not fit above the footer. */
typedef struct
{
  double margin, text_w, footer_h, kicker_h, title_h, body_h;
  AbRect grid;
} CardLayout;

static gboolean
layout_card (cairo_t *cr, const AbHugoCard *card, double w, double h, CardLayout *l)
{
  const double gap_kicker = 18, gap_title = 22, gap_footer = 28;

  l->margin = 56;
  l->text_w = w - 2 * l->margin;
  l->grid = (AbRect) { 0 };
  if (card->pattern)
    {
      double side = MIN (h - 2 * l->margin, w * 0.34);
      l->grid = (AbRect) { w - l->margin - side, (h - side) / 2, side, side };
      l->text_w = l->grid.x - 1.5 * l->margin;
    }
  l->kicker_h = measure_escaped (cr, AB_TEXT_HEADING, card->kicker, l->text_w);
  l->title_h = measure_escaped (cr, AB_TEXT_TITLE, card->title, l->text_w);
  l->body_h = measure_escaped (cr, AB_TEXT_BODY, card->body, l->text_w);
  l->footer_h = measure_escaped (cr, card->mono_footer ? AB_TEXT_VALUE : AB_TEXT_LABEL, card->footer, l->text_w);
  return l->margin + l->kicker_h + gap_kicker + l->title_h + gap_title + l->body_h + gap_footer + l->footer_h +
         l->margin <= h;
}

static void
draw_card (cairo_t *cr, const AbHugoCard *card, double w, double h)
{
  CardLayout l;
  double y;

  ab_style_attach (cr, AB_LAYOUT_PRESENTER);
  layout_card (cr, card, w, h, &l);
  y = l.margin;

  ab_set_rgb (cr, AB_BG);
  cairo_paint (cr);
  /* An accent bar down the left edge, in the active blue. */
  ab_set_rgb (cr, AB_ACTIVE);
  cairo_rectangle (cr, 0, 0, 8, h);
  cairo_fill (cr);

  if (card->kicker)
    y += draw_escaped (cr, AB_TEXT_HEADING, card->kicker, l.margin, y, AB_ACTIVE, l.text_w) + 18;
  if (card->title)
    y += draw_escaped (cr, AB_TEXT_TITLE, card->title, l.margin, y, AB_TEXT, l.text_w) + 22;
  if (card->body)
    draw_escaped (cr, AB_TEXT_BODY, card->body, l.margin, y, AB_TEXT_DIM, l.text_w);
  if (card->footer)
    {
      g_autofree char *markup = g_markup_escape_text (card->footer, -1);
      AbTextStyle style = card->mono_footer ? AB_TEXT_VALUE : AB_TEXT_LABEL;
      double fw, fh;

      ab_text_measure (cr, style, markup, l.text_w, &fw, &fh);
      if (card->mono_footer)
        {
          AbRect box = { l.margin - 12, h - l.margin - fh - 10, fw + 24, fh + 20 };
          ab_draw_panel (cr, box, NULL);
        }
      ab_text (cr, style, markup, l.margin, h - l.margin - fh, card->mono_footer ? AB_SRAM : AB_TEXT_DIM,
               AB_ALIGN_LEFT, l.text_w);
    }

  if (card->pattern)
    {
      double weights[PATTERN_N * PATTERN_N];
      AbRect panel = { l.grid.x - 16, l.grid.y - 16, l.grid.w + 32, l.grid.h + 32 };

      compute_pattern (weights);
      ab_draw_panel (cr, panel, NULL);
      ab_draw_attention_grid (cr, l.grid, weights, PATTERN_N, PATTERN_N, PATTERN_N, -1, NULL, NULL, FALSE);
    }
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ab_hugo_png_bytes (cairo_surface_t *surface, GError **error)
{
  GByteArray *png = g_byte_array_new ();
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot draw a PNG: %s"),
                   cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

GBytes *
ab_hugo_card_render_png (const AbHugoCard *card, int width, int height, GError **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *png;
  double scale = width / CARD_UNITS_W;

  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  /* RGB: no alpha channel to store, a quarter fewer bytes to deflate. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  ab_style_attach (cr, AB_LAYOUT_PRESENTER);
  /* Long titles and descriptions: a wider canvas, so smaller type, until they fit. */
  for (double units = CARD_UNITS_W; units < 3 * CARD_UNITS_W; units *= 1.1)
    {
      CardLayout l;
      scale = width / units;
      if (layout_card (cr, card, units, height / scale, &l))
        break;
    }
  cairo_scale (cr, scale, scale);
  draw_card (cr, card, width / scale, height / scale);
  cairo_destroy (cr);
  png = ab_hugo_png_bytes (surface, error);
  cairo_surface_destroy (surface);
  return png;
}

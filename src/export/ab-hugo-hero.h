/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-hero.h — title cards for the Hugo export, drawn by Cairo
 *
 * A card in the book's visual language (DESIGN.md: the dark palette, the
 * text-style tokens): a kicker line, a title, a paragraph and a footer, and
 * optionally an attention pattern on the right. The export draws one per
 * part as the post's hero.png, and one for the lab, which needs the app.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *kicker;    /* "ATTENTION BOOK · PART 3" */
  const char *title;
  const char *body;      /* plain text */
  const char *footer;    /* plain text */
  gboolean    mono_footer;   /* the footer is a command to type */
  gboolean    pattern;   /* draw the attention pattern */
} AbHugoCard;

/* An RGB PNG of @width × @height pixels (16:9 reads best). */
GBytes *ab_hugo_card_render_png (const AbHugoCard *card, int width, int height, GError **error);
/* An image surface as PNG bytes. */
GBytes *ab_hugo_png_bytes       (cairo_surface_t *surface, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-player-private.h — what the player's two halves share: the frame
 * sets (ab-hugo-player.c renders them) and the page (ab-hugo-player-page.c
 * writes it: the templates from the GResource and the config). */
#pragma once

#include "ab-hugo-player.h"

G_BEGIN_DECLS

typedef struct
{
  char      *label;
  char      *key;          /* the preset parameter; NULL for the book's own */
  double     value;
  guint      n_steps;
  guint      n_frames;
  GPtrArray *captions;     /* plain text, one per step */
  GPtrArray *describes;
  GArray    *positions;    /* double per frame; NULL for step frames */
  GPtrArray *files;        /* AbHugoFile*: this set's packs or PNGs */
} AbHugoFrameSet;

typedef struct
{
  const char *title, *config, *poster, *poster_alt, *caption;
} AbHugoPlayerPage;

/* Pango markup → its plain text (the markup itself when it does not parse). */
char *ab_hugo_player_plain_text (const char *markup);
/* The page's config, as JSON: the sets' captions and descriptions, the
 * layouts' viewBoxes, and the app's playback timing. */
char *ab_hugo_player_config     (const char *name, const char *title,
                                 const AbHugoPlayerOptions *options, GPtrArray *sets);
/* index.html: data/hugo/player.{html,css,js} around @page's data. */
char *ab_hugo_player_page       (const AbHugoPlayerPage *page, GError **error);

G_END_DECLS

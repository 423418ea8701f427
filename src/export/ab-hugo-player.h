/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-player.h — one diagram as static/visualizations/<name>/
 *
 * A self-contained player page (index.html: data/hugo/player.{html,css,js}
 * with the diagram's captions, descriptions and the app's playback timing),
 * the frames of the wide and narrow layouts packed small (ab-hugo-svg.h) or
 * as PNG files, and a poster. Frame sets: the diagram as the book shows it,
 * then one per choice of each preset parameter, kept while the folder stays
 * within the size budget (gzipped, as a web server sends it).
 */
#pragma once

#include "ab-frame-export.h"

G_BEGIN_DECLS

typedef struct
{
  AbFrameFormat format;
  double        fps;            /* 0: one frame per step; else frames of the playback at fps */
  gsize         budget;         /* gzipped bytes for the whole folder; 0: no presets */
  guint         max_presets;    /* frame sets beyond the book's own */
  /* Where the page without JavaScript finds its poster: the PNG in the
   * post's bundle (it costs the folder nothing). NULL: a poster.svg of its own. */
  const char   *poster_url;
} AbHugoPlayerOptions;

typedef struct
{
  char      *name;
  char      *title;         /* plain text */
  char      *poster_alt;    /* the describe() text of the poster's step */
  GPtrArray *files;         /* AbHugoFile*, inside the folder */
  GBytes    *poster_png;    /* the poster for posts (feed readers, no JavaScript) */
  GPtrArray *sets;          /* char*: the frame sets kept */
  GPtrArray *left_out;      /* char*: presets left out, and why */
  guint      n_frames;      /* in all sets and layouts */
  gsize      bytes;         /* the folder, as written */
  gsize      gzip_bytes;    /* the folder, gzipped file by file */
} AbHugoPlayer;

AbHugoPlayer *ab_hugo_player_build     (const char                *name,
                                        const AbHugoPlayerOptions *options,
                                        GError                   **error);
void          ab_hugo_player_free      (AbHugoPlayer *player);

/* The player's own HTML, CSS and JavaScript, as every index.html carries them. */
gsize         ab_hugo_player_code_size (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbHugoPlayer, ab_hugo_player_free)

G_END_DECLS

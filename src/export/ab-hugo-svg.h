/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-svg.h — cairo SVG frames packed small for the web player
 *
 * A cairo SVG frame is mostly font data (every glyph outline again in every
 * file) and long decimals; consecutive frames of a diagram differ in a few
 * elements. A pack reads frames one after another and keeps each glyph
 * outline once (as a <path id> the frames <use>), each distinct element
 * ("piece": one start tag, end tag or empty element, rewritten with rounded,
 * relative path data and short colours) once, and each frame as runs of
 * piece indices. Other definitions (clip paths, images) get ids from their
 * content, so two frames shown at once never disagree about an id.
 *
 * A mark remembers how far the pack had got; everything added after it can
 * be written out as a delta (a preset's frames on top of the default ones)
 * or rolled back (a preset that would not fit the size budget). Glyph ids
 * are never reused, so deltas written from the same base can be loaded
 * into one page together.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AbSvgPack AbSvgPack;

typedef struct
{
  guint n_pieces;
  guint n_frames;
  guint n_defs;      /* glyphs and other definitions */
} AbSvgPackMark;

/* @id_prefix starts every id the pack writes ("w" for wide frames). */
AbSvgPack  *ab_svg_pack_new            (const char *id_prefix);
void        ab_svg_pack_free           (AbSvgPack *pack);

/* Read one cairo SVG document as the next frame. */
gboolean    ab_svg_pack_add_frame      (AbSvgPack  *pack,
                                        const char *svg,
                                        gsize       length,
                                        GError    **error);
guint       ab_svg_pack_get_n_frames   (AbSvgPack *pack);
/* The frames' viewBox ("0 0 1600 900"), from the first frame. */
const char *ab_svg_pack_get_view_box   (AbSvgPack *pack);

AbSvgPackMark ab_svg_pack_mark         (AbSvgPack *pack);
void        ab_svg_pack_rollback       (AbSvgPack *pack, AbSvgPackMark mark);

/* What was added after @since, as a JSON object:
 *   {"defs": "<path id=…/>…", "base": N, "pieces": ["<g …>", …],
 *    "frames": [[start, length, start, length, …], …]}
 * Piece indices below "base" are the ones of everything up to @since. */
char       *ab_svg_pack_dup_json       (AbSvgPack *pack, AbSvgPackMark since);

/* Frame @index as a standalone SVG document, with the glyphs it uses. */
char       *ab_svg_pack_dup_standalone (AbSvgPack *pack, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbSvgPack, ab_svg_pack_free)

G_END_DECLS

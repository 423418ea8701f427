/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-svg-style.h — the small forms of what cairo writes into an SVG */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every number in @text rounded to @decimals, no trailing zeros, never "-0". */
char     *ab_svg_round_numbers (const char *text, int decimals);
/* Path data rounded to 1/@scale of a unit and made relative
 * ("M 1.25 2 L 3 2" → "m1.3 2h1.7" at scale 10); anything but M, L, C, H,
 * V and Z (what cairo writes) is only rounded. */
char     *ab_svg_compact_path  (const char *d, int scale);
/* rgb(6.27451%,72.54902%,50.588235%) → #10b981, anywhere in @text. */
char     *ab_svg_short_colours (const char *text);
/* Is @value the SVG default of @prop (as cairo writes it: never inherited)? */
gboolean  ab_svg_is_default    (const char *prop, const char *value);
/* A style attribute with short colours, rounded numbers and no defaults. */
char     *ab_svg_short_style   (const char *style);

G_END_DECLS

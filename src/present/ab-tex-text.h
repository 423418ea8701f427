/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tex-text.h — inline TeX as readable Pango markup, for text that cannot typeset
 *
 * Speaker notes sit in a label, not on a canvas: "$\sqrt{d_k}$" there reads
 * as "√d<sub>k</sub>", "$N \times N$" as "N × N". Greek letters and common
 * operators become their characters, sub- and superscripts Pango's <sub>
 * and <sup>, \frac{a}{b} "a/b", and anything unknown keeps its name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ab_tex_to_markup (const char *tex);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hw-format.h — how the hardware diagrams write times, intensities and
 * colours in markup (gpu-memory-hierarchy, roofline). Bytes and counts come
 * from ab-format.h. */
#pragma once

#include "ab-draw.h"

G_BEGIN_DECLS

/* "263 µs", "1.05 ms", "2.1 s". */
char *ab_hw_format_seconds   (double seconds);
/* FLOPs per byte as the tables write them: "1.25", "63", "206". */
char *ab_hw_format_intensity (double flops_per_byte);
/* "#rrggbb" of a palette colour, for Pango markup. */
char *ab_hw_hex              (AbRgb color);
/* @text (consumed) with its spaces made no-break, so "128 MiB" stays whole. */
char *ab_hw_glued            (char *text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-render.h — draw one slide of a deck onto any cairo_t
 *
 * A slide is a 1600 × 900 frame in the presenter layout's type (large, for a
 * room), fitted into the surface and letterboxed on black: its title, then a
 * diagram drawn by the diagram framework in AB_LAYOUT_PRESENTER, or the
 * content of a {{< slide >}} block (paragraphs with inline math, display
 * equations, lists, tables, callouts), shrunk to fit when it is long. The
 * audience window, the presenter console's previews and the PDF/PNG export
 * all draw through here.
 */
#pragma once

#include "ab-slides.h"

#include <cairo.h>

G_BEGIN_DECLS

#define AB_SLIDE_FRAME_WIDTH  1600.0
#define AB_SLIDE_FRAME_HEIGHT  900.0

/* Draw slide @index at step @position (a diagram's tweened step position;
 * other slides ignore it) into a @width × @height surface. */
void ab_slide_render       (AbSlideDeck *deck, guint index, cairo_t *cr,
                            double width, double height, double position);
/* The same for the screens: a diagram whose results a worker thread is
 * still computing (ab_diagram_prepare()) is drawn as its title and
 * "Computing…" instead of waiting for them. */
void ab_slide_render_live  (AbSlideDeck *deck, guint index, cairo_t *cr,
                            double width, double height, double position);
/* The blanked screen: black. */
void ab_slide_render_blank (cairo_t *cr, double width, double height);
/* The scale and offset that fit the slide frame into width × height. */
double ab_slide_frame_fit  (double width, double height, double *ox, double *oy);

G_END_DECLS

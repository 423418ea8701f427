/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-caption.h — the caption under a diagram, one per step
 *
 * It holds every step's caption and keeps the height of the tallest at its
 * width, so the controls below do not move while the diagram plays (a
 * Step button that moved away from the pointer, and a repaint of
 * everything below it on each step). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AB_TYPE_DIAGRAM_CAPTION (ab_diagram_caption_get_type ())
G_DECLARE_FINAL_TYPE (AbDiagramCaption, ab_diagram_caption, AB, DIAGRAM_CAPTION, GtkWidget)

GtkWidget  *ab_diagram_caption_new        (void);
/* The captions of steps 0 … @n - 1, as Pango markup; the first is shown
 * until ab_diagram_caption_set_step(). Labels whose markup did not change
 * are kept as they are. */
void        ab_diagram_caption_set_steps  (AbDiagramCaption   *self,
                                           const char *const  *markups,
                                           guint               n);
void        ab_diagram_caption_set_step   (AbDiagramCaption *self, guint step);
/* The markup shown now; "" before any. */
const char *ab_diagram_caption_get_markup (AbDiagramCaption *self);

G_END_DECLS

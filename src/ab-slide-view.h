/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-view.h — a widget that draws one slide of a deck (or the blank screen) */
#pragma once

#include <gtk/gtk.h>

#include "ab-slides.h"

G_BEGIN_DECLS

#define AB_TYPE_SLIDE_VIEW (ab_slide_view_get_type ())
G_DECLARE_FINAL_TYPE (AbSlideView, ab_slide_view, AB, SLIDE_VIEW, GtkWidget)

GtkWidget *ab_slide_view_new      (void);
/* Show slide @slide of @deck (borrowed: clear the view before the deck
 * goes) at step position @position. */
void       ab_slide_view_show     (AbSlideView *self, AbSlideDeck *deck, guint slide, double position);
/* The blank (black) screen, or what it covers again. */
void       ab_slide_view_set_blank (AbSlideView *self, gboolean blank);
/* Text drawn when there is nothing to show (past the last slide). */
void       ab_slide_view_show_end (AbSlideView *self, const char *text);
/* What it shows: the slide, and the step position (for the tests). */
guint      ab_slide_view_get_slide    (AbSlideView *self);
double     ab_slide_view_get_position (AbSlideView *self);
gboolean   ab_slide_view_get_blank    (AbSlideView *self);
/* Forget the deck (before it is freed). */
void       ab_slide_view_clear    (AbSlideView *self);

G_END_DECLS

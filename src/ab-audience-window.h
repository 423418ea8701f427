/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-audience-window.h — what the room sees: the slide, full screen, on black */
#pragma once

#include <gtk/gtk.h>

#include "ab-presentation.h"
#include "ab-slide-view.h"

G_BEGIN_DECLS

#define AB_TYPE_AUDIENCE_WINDOW (ab_audience_window_get_type ())
G_DECLARE_FINAL_TYPE (AbAudienceWindow, ab_audience_window, AB, AUDIENCE_WINDOW, GtkWindow)

/* Shows @presentation's slide and follows it until the window goes. */
GtkWidget   *ab_audience_window_new            (GtkApplication *app, AbPresentation *presentation);
AbSlideView *ab_audience_window_get_slide_view (AbAudienceWindow *self);

G_END_DECLS

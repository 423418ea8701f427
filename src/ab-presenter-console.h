/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presenter-console.h — what only the presenter sees
 *
 * The current slide, the next *step* (a diagram drawn at its next state, not
 * only the next slide), the speaker notes, the timer and the clock, slide n
 * of m, the time on this slide beside the rehearsed one, and a list of all
 * slides to jump to. The buttons are "present.*" actions the presenter
 * installs (ab-presenter.c).
 */
#pragma once

#include <adwaita.h>

#include "ab-presentation.h"
#include "ab-slide-view.h"

G_BEGIN_DECLS

#define AB_TYPE_PRESENTER_CONSOLE (ab_presenter_console_get_type ())
G_DECLARE_FINAL_TYPE (AbPresenterConsole, ab_presenter_console, AB, PRESENTER_CONSOLE, AdwWindow)

GtkWidget   *ab_presenter_console_new              (GtkApplication *app, AbPresentation *presentation);
AbSlideView *ab_presenter_console_get_current_view (AbPresenterConsole *self);
AbSlideView *ab_presenter_console_get_next_view    (AbPresenterConsole *self);
GtkDropDown *ab_presenter_console_get_monitor_dropdown (AbPresenterConsole *self);
/* The notes' type size, in points. */
void         ab_presenter_console_set_notes_size   (AbPresenterConsole *self, int points);
int          ab_presenter_console_get_notes_size   (AbPresenterConsole *self);
/* TRUE while the slide list has the keyboard (its keys are its own). */
gboolean     ab_presenter_console_list_has_focus   (AbPresenterConsole *self);
/* Show the slide list (or hide it). */
void         ab_presenter_console_set_overview     (AbPresenterConsole *self, gboolean shown);
/* Numbers fetched in the background came in: the notes and the slides
 * shown are set again with them. */
void         ab_presenter_console_refresh_values   (AbPresenterConsole *self);
/* Refresh the clocks now (they also refresh four times a second). */
void         ab_presenter_console_update_clock     (AbPresenterConsole *self);
/* For the tests: the texts the console shows. */
const char  *ab_presenter_console_get_elapsed_text (AbPresenterConsole *self);
const char  *ab_presenter_console_get_notes_text   (AbPresenterConsole *self);

G_END_DECLS

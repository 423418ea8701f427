/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presenter.h — presenter mode: the audience window, the console, their keys
 *
 * One presenter per application: it builds the deck of a part, the
 * presentation (ab-presentation.h) both windows show, puts the audience
 * window full screen on the chosen monitor and the console beside it or on
 * another one, and turns the keys either window gets into the same moves:
 *   Right, Space, Page Down, Enter   next step, then the next slide
 *   Left, Page Up, Backspace         back
 *   Home / End                       first / last slide
 *   B or .                           blank the screen (again: show it)
 *   digits, then Enter               go to that slide
 *   Esc                              end the presentation
 * Preferences (audience monitor, notes size, rehearsal mode) and the range
 * last presented are kept in GSettings; rehearsal times in ab-rehearsal's file.
 */
#pragma once

#include <gtk/gtk.h>

#include "ab-book.h"
#include "ab-presentation.h"

G_BEGIN_DECLS

#define AB_TYPE_PRESENTER (ab_presenter_get_type ())
G_DECLARE_FINAL_TYPE (AbPresenter, ab_presenter, AB, PRESENTER, GObject)

/* Present @part from the first slide of @from (NULL: the part's first page)
 * with the audience on @monitor (1-based; 0: automatic, another screen than
 * the book's when there are two). An existing presentation is raised
 * instead. Returns the application's presenter (owned by @app). */
AbPresenter    *ab_presenter_start            (GtkApplication *app, AbBook *book, AbPart *part,
                                               AbPage *from, int monitor);
/* The running presenter of @app, or NULL. */
AbPresenter    *ab_presenter_get_running      (GtkApplication *app);

AbPresentation *ab_presenter_get_presentation (AbPresenter *self);
GtkWindow      *ab_presenter_get_audience     (AbPresenter *self);
GtkWindow      *ab_presenter_get_console      (AbPresenter *self);
/* End the presentation (as Esc does): the windows close, rehearsal times
 * are saved, and the book's window shows the page presented last. */
void            ab_presenter_leave            (AbPresenter *self);

G_END_DECLS

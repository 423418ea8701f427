/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-window.h — the main window: table of contents, the page, navigation */
#pragma once

#include <adwaita.h>

#include "ab-book.h"
#include "ab-page-view.h"

G_BEGIN_DECLS

#define AB_TYPE_WINDOW (ab_window_get_type ())
G_DECLARE_FINAL_TYPE (AbWindow, ab_window, AB, WINDOW, AdwApplicationWindow)

AbWindow   *ab_window_new           (GtkApplication *application, AbBook *book);
/* Show the page with @id; FALSE (and nothing changes) if there is none. */
gboolean    ab_window_show_page     (AbWindow *self, const char *id);
AbPage     *ab_window_get_page      (AbWindow *self);
AbPageView *ab_window_get_page_view (AbWindow *self);
void        ab_window_toast         (AbWindow *self, const char *message);
/* TRUE when the window is too narrow for the sidebar and shows one pane. */
gboolean    ab_window_get_folded    (AbWindow *self);

G_END_DECLS

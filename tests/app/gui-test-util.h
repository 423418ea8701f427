/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gui-test-util.h — what every GUI test under Xvfb needs: run the main loop
 * for a while or until something holds, and save a widget as drawn. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*GuiCondition) (gpointer data);

/* @ms times $AB_TEST_SLOWDOWN (a whole number, default 1): the limit of a
 * wait for something that must happen, stretched for slow runs such as
 * the sanitizers'. */
guint    gui_timeout     (guint ms);
/* Iterate the default main context for @ms milliseconds. */
void     gui_spin        (guint ms);
/* Iterate it until @done (@data) holds or @timeout_ms passes; @done's last answer. */
gboolean gui_spin_until  (GuiCondition done, gpointer data, guint timeout_ms);
/* Save @widget (a window: its content) as drawn, on the window's dark
 * background, to @dir/@name.png; waits for its first frame. */
void     gui_screenshot  (GtkWidget *widget, const char *dir, const char *name);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-preferences.h — the preferences window, and what each preference does */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AB_TYPE_PREFERENCES (ab_preferences_get_type ())
G_DECLARE_FINAL_TYPE (AbPreferences, ab_preferences, AB, PREFERENCES, AdwPreferencesWindow)

/* The window (text size, reduced motion, export format and size, the
 * kernels' threads and memory budget), every row bound to GSettings. */
GtkWidget *ab_preferences_new       (GtkWindow *parent);

/* Makes the preferences take effect now and whenever they change: the text
 * size (CSS, and the open pages rebuilt so formulas follow), reduced motion
 * (GTK's animations setting) and the kernels' defaults. Once, at start-up. */
void       ab_preferences_apply     (GtkApplication *app);

/* The text size preference as a factor (1 = the desktop's size), for
 * widgets that size formulas themselves. */
double     ab_preferences_text_scale (void);

G_END_DECLS

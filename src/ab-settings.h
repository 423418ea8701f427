/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-settings.h — the app's GSettings, wherever the app was started from */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's settings: from the installed schema, or — run from the build
 * folder or an unusual prefix — from the compiled schema beside the
 * executable (../data, ../share/glib-2.0/schemas). NULL, with one warning,
 * when there is none: the app then runs without saving its settings. */
GSettings *ab_settings_new (void);

/* One shared instance of the above for the whole process (the preferences
 * and the views that follow them); NULL, warned about once, without a
 * schema. Not a new reference. */
GSettings *ab_settings_get_default (void);

G_END_DECLS

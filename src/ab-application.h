/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-application.h — the Attention Book application */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AB_TYPE_APPLICATION (ab_application_get_type ())
G_DECLARE_FINAL_TYPE (AbApplication, ab_application, AB, APPLICATION, AdwApplication)

AbApplication *ab_application_new (void);
/* Whether the app's own options in @argv parse: GApplication would exit 1
 * on an unknown one, where every command of the book exits 2 for bad usage. */
gboolean       ab_application_check_options (int argc, char **argv, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-paths.h — where the app's data is, wherever the app was started from */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder of translations (.mo files): the prefix's share/locale beside
 * the executable (so an install into any prefix, or a `meson install
 * --destdir` tree, finds its own), the build folder's po/ when run from the
 * build folder, else the configured LOCALEDIR. */
const char *ab_paths_locale_dir (void);

G_END_DECLS

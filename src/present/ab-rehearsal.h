/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-rehearsal.h — time per slide from a rehearsal, kept for the next run
 *
 * A small key file, one group per part and one key per slide id, in
 * milliseconds: $XDG_DATA_HOME/attention-book/rehearsal.ini by default. The
 * presenter console shows each slide's time beside the one rehearsed. No GTK.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $XDG_DATA_HOME/attention-book/rehearsal.ini (~/.local/share/…). */
char       *ab_rehearsal_default_path (void);
/* Slide id → gint64 ms for @part (a part folder, "part-1"); an empty table
 * when the file or the part is not there. NULL with @error only when the
 * file exists and cannot be read. */
GHashTable *ab_rehearsal_load (const char *path, const char *part, GError **error);
/* Store @times (slide id → gint64 ms) for @part, replacing those slides'
 * earlier times and keeping the others'; written atomically. */
gboolean    ab_rehearsal_save (const char *path, const char *part, GHashTable *times, GError **error);

G_END_DECLS

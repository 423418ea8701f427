/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-atomic-file.h — write a file through a temporary sibling and rename it
 *
 * Exports must never leave a half-written file behind: the bytes go to
 * "name.XXXXXX" in the same folder, and only a complete, flushed file is
 * renamed over the destination. On any failure the temporary file is removed.
 */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

typedef struct _AbAtomicFile AbAtomicFile;

AbAtomicFile     *ab_atomic_file_new       (const char *path, GError **error);
/* A cairo write function writing into the temporary file. */
cairo_status_t    ab_atomic_file_write     (void *atomic_file, const unsigned char *data,
                                            unsigned int length);
gboolean          ab_atomic_file_write_all (AbAtomicFile *file, const void *data, gsize length,
                                            GError **error);
/* Flush, close and rename; frees @file either way. */
gboolean          ab_atomic_file_commit    (AbAtomicFile *file, GError **error);
/* Remove the temporary file and free @file. */
void              ab_atomic_file_abort     (AbAtomicFile *file);

/* From now on SIGINT, SIGTERM and SIGHUP remove the temporary file being
 * written and the next @n_files files committed (one export's set), then
 * end the process by the signal: an interrupted export leaves nothing that
 * looks complete. */
void              ab_atomic_file_clean_up_on_signals (guint n_files);
/* Remove the files of the set committed so far (a run that failed half way). */
void              ab_atomic_file_discard_set (void);

/* Write @contents to @path atomically in one call. */
gboolean          ab_atomic_file_set_contents (const char *path, const void *contents,
                                               gsize length, GError **error);

G_END_DECLS

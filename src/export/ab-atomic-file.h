/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-atomic-file.h — write a file through a temporary sibling and rename it
 *
 * Exports must never leave a half-written file behind: the bytes go to
 * "name.XXXXXX" in the same folder, and only a complete, flushed file is
 * renamed over the destination. On any failure the temporary file is removed.
 * New files are created 0666 less the umask and a replaced file keeps its
 * permissions; only regular files are replaced.
 *
 * Why not GIO's g_file_replace(), which does the same for one file: a set
 * of frames must stay temporary until the last one is written, which would
 * mean holding thousands of open output streams, and the signal handler
 * must know every temporary name, which GIO does not tell.
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
/* Flush, close and rename (or, inside a set, only close and keep it for
 * ab_atomic_file_commit_set()); frees @file either way. */
gboolean          ab_atomic_file_commit    (AbAtomicFile *file, GError **error);
/* Remove the temporary file and free @file. */
void              ab_atomic_file_abort     (AbAtomicFile *file);

/* From now on SIGINT, SIGTERM and SIGHUP remove the temporary file being
 * written and those of the set (below) not yet renamed, then end the
 * process by the signal (exit status 130 / 143 / 129). For the CLI. */
void              ab_atomic_file_clean_up_on_signals (void);

/* A set of up to @n_files files that appear together or not at all (one
 * export's frames, a deck and its notes): until ab_atomic_file_commit_set(),
 * ab_atomic_file_commit() closes each complete temporary file but renames
 * nothing, so a failure or an interrupt half way leaves the files that were
 * there before untouched. More than @n_files commits in the set is a
 * programming error (the commit fails). */
void              ab_atomic_file_begin_set   (guint n_files);
/* Rename every file of the set into place, in order. */
gboolean          ab_atomic_file_commit_set  (GError **error);
/* Remove the set's temporary files; nothing it would have replaced changes. */
void              ab_atomic_file_discard_set (void);
/* Bytes written to the set's files so far (the free-space check). */
guint64           ab_atomic_file_set_bytes   (void);

/* What ab_atomic_file_new() refuses, on its own: @path is a link, folder,
 * device or other non-regular file (a rename would replace it with a plain
 * file). Nothing at @path, or a regular file, is fine. */
gboolean          ab_atomic_file_check_target (const char *path, GError **error);
/* If a write to @file failed, set @error with the system's reason (no
 * space left on device, …) and return TRUE. */
gboolean          ab_atomic_file_get_write_error (AbAtomicFile *file, GError **error);

/* Write @contents to @path atomically in one call. */
gboolean          ab_atomic_file_set_contents (const char *path, const void *contents,
                                               gsize length, GError **error);

G_END_DECLS

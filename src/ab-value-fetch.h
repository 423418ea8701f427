/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-value-fetch.h — computed values from a helper process, off the main thread */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether a helper can be started (the app's own executable is known).
 * Without one, callers format values in process. */
gboolean ab_value_fetch_available (void);

/* Formats @keys in a second copy of the app (`attention-book format-values`)
 * and stores every value it returns with ab_book_value_remember() before
 * @callback runs on the main context. Keys the helper refused are left
 * out, for the caller to format in process (which then reports the error). */
void     ab_value_fetch_async  (GPtrArray           *keys,   /* char* */
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
gboolean ab_value_fetch_finish (GAsyncResult  *result,
                                GError       **error);

G_END_DECLS

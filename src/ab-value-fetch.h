/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-value-fetch.h — a page's computed values, off the main thread */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Formats @keys on the background thread the diagrams' updates use, each
 * into the book's value cache (ab_book_value_peek() finds them), before
 * @callback runs on the main context. A key the kernels refused is left
 * out, for the caller to format itself, which then reports the error. */
void     ab_value_fetch_async  (GPtrArray           *keys,   /* char* */
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
gboolean ab_value_fetch_finish (GAsyncResult  *result,
                                GError       **error);

G_END_DECLS

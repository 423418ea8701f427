/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-book-values.h — numbers the book's prose quotes, computed by the kernels
 *
 * Pages write {{< value key="scoring.var.dot.d64" >}}; the page view and the
 * Hugo exporter replace it with the formatted result of a kernel run, so no
 * worked-example number is ever typed in by hand.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ab_book_value_exists (const char *key);
/* FALSE with @error saying which part of @key is wrong. */
gboolean ab_book_value_check  (const char *key, GError **error);
/* The formatted value, or NULL (with @error) for an unknown key. */
char    *ab_book_value_format (const char *key, GError **error);

G_END_DECLS

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
/* FALSE with @error saying which part of @key is wrong, or that its kernel
 * refused it (this computes the value). */
gboolean ab_book_value_check  (const char *key, GError **error);
/* The same check of the key's shape only: no kernel runs (the app parsing
 * a page; the content test uses ab_book_value_check). */
gboolean ab_book_value_check_shape (const char *key, GError **error);
/* The formatted value, or NULL (with @error) for an unknown key. */
char    *ab_book_value_format (const char *key, GError **error);
/* The value if it has been formatted already, on any thread, else NULL;
 * never runs a kernel. */
char    *ab_book_value_peek     (const char *key);

G_END_DECLS

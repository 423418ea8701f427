/* ab-format.h — how the book writes numbers, on canvases and in prose */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A number in the book's style: 1–3 decimals by size, a typographic minus,
 * never "−0.000"; "∞" and "NaN" for the non-finite. */
char *ab_format_number (double value);
/* "72 MiB", "1.38 GiB", "512 B": binary units, as the book writes them. */
char *ab_format_bytes  (double bytes);

G_END_DECLS

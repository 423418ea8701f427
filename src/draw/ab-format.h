/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-format.h — how the book writes numbers, on canvases and in prose */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A number in the book's style: 1–3 decimals by size, a typographic minus,
 * never "−0.000"; "∞" and "NaN" for the non-finite. */
char *ab_format_number (double value);
/* "72 MiB", "1.38 GiB", "512 B": binary units, as the book writes them. */
char *ab_format_bytes  (double bytes);

/* 37748736 → "37,748,736": a count, with thousands separators. */
char *ab_format_count  (guint64 n);
/* At most @decimals decimals, trailing zeros dropped: 64 → "64", 2.50 → "2.5". */
char *ab_format_trimmed (double value, int decimals);
/* Decimal units, for contrast with the binary figure: "75.5 MB". */
char *ab_format_bytes_decimal (double bytes);

/* " × 10⁻⁷": a power of ten in Unicode superscripts, appended to @out. */
void  ab_format_append_power_of_ten (GString *out, int exponent);
/* Counts below a million with separators ("524,288"), larger ones as
 * "4.29 × 10⁹". */
char *ab_format_big (double value);
/* Counts below a million with separators, larger ones in words, as the
 * pages write them: "63.6 million", "2.07 billion" (book text: English). */
char *ab_format_words (double value);

G_END_DECLS

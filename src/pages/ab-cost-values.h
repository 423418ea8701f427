/* ab-cost-values.h — the `cost` family of book values (N² memory arithmetic) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_cost_format_value (char **key_parts);

/* Binary units with the book's conventions: "0.5 MiB", "72 MiB", "2 GiB",
 * "1.38 GiB". Exactly half of the next unit is written as "0.5 <next>". */
char *ab_cost_format_bytes (guint64 bytes);
/* Decimal units, for contrast with the binary figure: "75.5 MB". */
char *ab_cost_format_bytes_decimal (guint64 bytes);
/* 37748736 → "37,748,736". */
char *ab_cost_format_count (guint64 n);

G_END_DECLS

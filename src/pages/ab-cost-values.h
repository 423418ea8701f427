/* ab-cost-values.h — the `cost` family of book values (N² memory arithmetic) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_cost_format_value (char **key_parts);

/* Binary sizes use ab_format_bytes() (ab-draw.h), shared with the diagrams. */
/* Decimal units, for contrast with the binary figure: "75.5 MB". */
char *ab_cost_format_bytes_decimal (guint64 bytes);
/* 37748736 → "37,748,736". */
char *ab_cost_format_count (guint64 n);

G_END_DECLS

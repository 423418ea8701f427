/* ab-cost-values.h — the `cost` family of book values (N² memory arithmetic)
 *
 * The family itself is a typed table in ab-cost-values.c (AB_VALUE_FAMILY);
 * the generated registry finds it there.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 37748736 → "37,748,736". Shared with the posenc values and the
 * attention-memory diagram until ab-format.h has a count formatter. */
char *ab_cost_format_count (guint64 n);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-front-matter.h — the YAML subset Hugo front matter uses here
 *
 * Between two "---" lines: `key: value`, where a value is a bare word, a
 * double-quoted string, or a list ["a", "b"]. Enough for title, date, tags
 * and friends; anything else is a clear error with its line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GHashTable *scalars;  /* key → string */
  GHashTable *lists;    /* key → GStrv */
  GHashTable *lines;    /* key → GINT_TO_POINTER (line) */
  int         body_line;
  const char *body;     /* points into the parsed text */
} AbFrontMatter;

/* FALSE with "line N: …" in @error when malformed. */
gboolean ab_front_matter_parse (const char *text, AbFrontMatter *fm, char **error);
void     ab_front_matter_clear (AbFrontMatter *fm);

G_END_DECLS

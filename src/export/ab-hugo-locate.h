/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-locate.h — find math, page: links and headings in Markdown, and rewrite them
 *
 * md4c, run with the app's flags, says what the app sees; its text callbacks
 * hand back pointers into the buffer, which locate each span. Only those
 * bytes are rewritten, the rest is copied as written:
 *   $…$, $$…$$ inline          the TeX with Markdown-active characters as references
 *   $$…$$ alone in a paragraph <div class="math math-display">$$TeX$$</div>
 *   (page:ID)                  the URL @link gives
 *   # headings                 @heading_shift levels down (at most ######)
 *   < in text, \$             &lt;, and a dollar KaTeX cannot pair
 * The TeX written is the app's: soft breaks as spaces, a block's stripped.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The URL of page @id, or NULL if there is none. */
typedef char *(*AbHugoLinkFunc) (const char *id, gpointer user_data);

/* NULL with @error (without a line) for a link to an unknown page. */
char *ab_hugo_locate_rewrite (const char    *markdown,
                              int            heading_shift,
                              AbHugoLinkFunc link,
                              gpointer       user_data,
                              GError       **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-escape.h — text made safe for HTML, JSON and Hugo's Markdown
 *
 * Hugo's goldmark (CommonMark, GFM tables and strikethrough, its typographer
 * and linkify) acts on characters the book's text means literally: "_" and
 * "*" inside $…$, "--", a backslash before punctuation. Written as numeric
 * character references they are plain text to goldmark and the same byte
 * again in the browser's DOM, where KaTeX's auto-render reads them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text for an HTML attribute or element: & < > " escaped. */
char *ab_hugo_html_escape           (const char *text);
/* @text as a JSON string, with "</" written "<\\/" so that it can sit in a
 * <script> element. */
void  ab_hugo_append_json_string    (GString *out, const char *text);
/* Text with the characters Markdown would act on written as references. */
char *ab_hugo_markdown_escape_text  (const char *text);
/* Inline math as the export writes it ("x_i" → "$x&#95;i$"). */
char *ab_hugo_markdown_inline_math  (const char *tex, gboolean display);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-markdown.h — one page of the book as Markdown a plain Hugo site renders
 *
 * The page's Markdown is kept as written (lists, tables, fenced code byte
 * for byte); only what Hugo cannot know is rewritten:
 *   {{< diagram >}}, {{< lab >}}    the HTML blocks the caller supplies
 *   {{< callout >}} … {{< /callout >}}   a styled <div> around the Markdown
 *   {{< term >}}                    <abbr title="definition">
 *   {{< value >}}                   the computed number
 *   {{< notes >}} … {{< /notes >}}  dropped (the presenter's speaker notes)
 *   {{< slide >}} … {{< /slide >}}  its content, without the shortcodes
 *   [text](page:ID)                 the post and heading anchor of that page
 *   $…$, $$…$$                      TeX that reaches the browser unchanged
 *   # headings                      moved down by heading_shift levels
 *
 * Math: Hugo before 0.122 has no passthrough, and goldmark reads "_", "*",
 * "\\" and "\{" inside $…$ as Markdown. A formula alone in its paragraph
 * becomes an HTML block, <div class="math math-display">$$TeX$$</div>, which
 * goldmark never parses; inline math keeps its dollars but writes every
 * character Markdown (or Hugo's typographer) would act on as a numeric
 * character reference, which the browser turns back into the same byte
 * before KaTeX's auto-render reads the text. Both survive the passthrough
 * extension of newer Hugo too: it copies the source through as it is.
 * The TeX is what the app typesets (ab-markdown.c): md4c finds the spans
 * (ab-hugo-locate.h); the escaping is ab-hugo-escape.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gpointer user_data;
  /* The URL of page @id (a part's overview or a section), or NULL if unknown. */
  char    *(*link)    (const char *id, gpointer user_data);
  /* The HTML block embedding diagram @name. */
  char    *(*diagram) (const char *name, gpointer user_data);
  /* The HTML block standing for the lab (@max_n 0: the lab's default). */
  char    *(*lab)     (int max_n, gpointer user_data);
  /* The glossary's words and definition for @key; FALSE if unknown. */
  gboolean (*term)    (const char *key, char **words, char **definition, gpointer user_data);
  /* The formatted value of @key, or NULL with @error. */
  char    *(*value)   (const char *key, gpointer user_data, GError **error);
  /* Levels added to every heading (a section's ## under the post's ##). */
  int      heading_shift;
} AbHugoMarkdownContext;

/* @body: a page's Markdown after its front matter. NULL with @error naming
 * the line when a shortcode cannot be translated. */
char *ab_hugo_markdown_translate (const char      *body,
                                  const AbHugoMarkdownContext *context,
                                  GError         **error);

G_END_DECLS

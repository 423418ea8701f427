/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-content-check.h — what content may refer to, and the rules a book must follow
 *
 * Two jobs. The validator the Markdown parser calls (does this diagram, term,
 * value or page exist?), and the whole-book check behind `attention-book
 * check DIR` and the content test: every page parses, every formula
 * typesets, and every section follows the page anatomy of shared/CONTENT.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Install the validator the Markdown parser uses (see ab-markdown.h). */
void ab_content_check_install (void);
/* The same rules, but value keys checked for their shape only (the app). */
void ab_content_check_install_shapes_only (void);
/* Use @book's glossary and pages for term and page checks (NULL: the default book). */
void ab_content_check_set_book (gpointer book);

/* Every problem of @book (an AbBook*) as "file:line: message" or "file: message",
 * in reading order; empty when the book is sound. Installs the validator and
 * points it at @book while it runs. */
GPtrArray *ab_content_check_book (gpointer book);

/* The arXiv ids the last page of part @number must cite; NULL when the
 * check has no list for that part (itself a problem it reports). */
const char *const *ab_content_check_part_references (int number);

G_END_DECLS

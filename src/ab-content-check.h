/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-content-check.h — what content may refer to: diagrams, terms, values, pages */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Install the validator the Markdown parser uses (see ab-markdown.h). */
void ab_content_check_install (void);
/* Use @book's glossary and pages for term and page checks (NULL: the default book). */
void ab_content_check_set_book (gpointer book);

G_END_DECLS

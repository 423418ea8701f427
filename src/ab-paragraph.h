/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-paragraph.h — a wrapped paragraph whose inline math sits on the baseline */
#pragma once

#include <gtk/gtk.h>

#include "ab-block.h"

G_BEGIN_DECLS

#define AB_TYPE_PARAGRAPH (ab_paragraph_get_type ())
G_DECLARE_FINAL_TYPE (AbParagraph, ab_paragraph, AB, PARAGRAPH, GtkWidget)

/* Resolves an inline run to its shown words: glossary terms, computed values. */
typedef char *(*AbParagraphResolve) (AbInline *run, gpointer user_data);

/* Lays out @block's inline runs: styles, links ("term:", "page:", web) and
 * typeset math. "activate-link" (uri, x, y) is emitted on a click on a link;
 * "query-link" (uri) returns tooltip markup for it. */
GtkWidget *ab_paragraph_new (AbBlock *block, AbParagraphResolve resolve, gpointer user_data);
/* Builds the paragraph again, resolving its runs anew (a computed value
 * that was a placeholder has arrived). */
void       ab_paragraph_refresh (AbParagraph *self);
/* The words as laid out, a U+FFFC for each formula (for the GUI tests). */
const char *ab_paragraph_get_text (AbParagraph *self);

G_END_DECLS

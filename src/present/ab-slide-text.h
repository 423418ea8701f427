/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-text.h — a page's inline runs and blocks as Pango markup, for slides and notes
 *
 * Terms show the page's words (or the glossary's), values the kernel's
 * formatted number, so notes and slides quote what the page quotes. No GTK.
 */
#pragma once

#include "ab-book.h"

G_BEGIN_DECLS

/* How a {{< value >}} run reads: computed now if need be (the exports), or
 * only if a kernel has computed it already and "…" until then (the
 * presenter's windows, which redraw when the background fetch brings it). */
typedef enum
{
  AB_SLIDE_VALUES_COMPUTE,
  AB_SLIDE_VALUES_CACHED,
} AbSlideValues;

/* One run as Pango markup with its styles (bold, italic, …). Math reads as
 * text (ab-tex-text.h); a break gives "\n". */
char *ab_slide_run_markup    (AbBook *book, const AbInline *run, AbSlideValues values);
/* Every run of @block (a paragraph, heading or table cell). */
char *ab_slide_inline_markup (AbBook *book, const AbBlock *block, AbSlideValues values);
/* The children of @parent as text: paragraphs apart by a blank line, list
 * items as "• …", tables a row per line, code as it is. */
char *ab_slide_blocks_markup (AbBook *book, const AbBlock *parent, AbSlideValues values);

G_END_DECLS

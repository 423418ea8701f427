/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slides-export.h — a deck to a PDF (one page per slide step) or PNGs, headless
 *
 * The pages are drawn by ab_slide_render(), so the file is what the audience
 * saw. Every file goes through a temporary name and is renamed when whole;
 * a run that fails half way removes what it wrote.
 */
#pragma once

#include "ab-slides.h"

G_BEGIN_DECLS

/* The PDF page: 16:9, 10 × 5.625 inches (in points). */
#define AB_SLIDES_PDF_WIDTH  720.0
#define AB_SLIDES_PDF_HEIGHT 405.0

/* One page per slide step, with an outline (a bookmark per page and slide). */
gboolean ab_slides_export_pdf       (AbSlideDeck *deck, const char *path, GError **error);
/* The speaker's handout: one page per slide, its last step above its notes. */
gboolean ab_slides_export_notes_pdf (AbSlideDeck *deck, const char *path, GError **error);
/* One PNG per slide step in @dir: "slide-001.png" …, 1600 × 900 × @scale
 * pixels. @written (optional) receives the paths. */
gboolean ab_slides_export_png       (AbSlideDeck *deck, const char *dir, double scale,
                                     GPtrArray *written, GError **error);

/* `attention-book export-slides …` (argv[0] is "export-slides"); the exit status. */
int      ab_slides_cli_main         (int argc, char **argv);

G_END_DECLS

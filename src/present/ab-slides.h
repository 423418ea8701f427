/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slides.h — a part of the book as a deck of slides, without GTK
 *
 * Every page becomes slides, in reading order: its title slide, one slide
 * per diagram (stepping through the diagram's steps), and one per
 * {{< slide >}} block the page marks (a key equation, a table). Speaker
 * notes ({{< notes >}}) belong to the slide they are in, or else to the
 * slide before them on the page (the title slide when nothing comes first).
 *
 * A deck also numbers every step of every slide in one sequence, the
 * "slide steps": a PDF of the deck has one page per slide step. The
 * presenter, the PDF/PNG export and the tests all read this one model.
 */
#pragma once

#include "ab-book.h"
#include "ab-diagram.h"
#include "ab-slide-text.h"

G_BEGIN_DECLS

typedef enum
{
  AB_SLIDE_TITLE,     /* the page's title (a part's overview: the part's) */
  AB_SLIDE_DIAGRAM,   /* a live diagram, one step per diagram step */
  AB_SLIDE_CONTENT,   /* a {{< slide >}} block: equations, tables, a list */
} AbSlideKind;

typedef struct
{
  AbSlideKind    kind;
  AbPage        *page;          /* the page it comes from */
  guint          index;         /* its position in the deck */
  char          *id;            /* "part-1/bahdanau-attention#1": stable while the page is */
  char          *title;         /* plain text */
  char          *subtitle;      /* TITLE: the page's description (or NULL) */
  char          *diagram_name;  /* DIAGRAM */
  const AbBlock *content;       /* CONTENT: the slide block (owned by the page) */
  GPtrArray     *notes;         /* const AbBlock*: its notes blocks (owned by the page) */
  guint          n_steps;       /* a diagram's steps; 1 otherwise */
  guint          first_step;    /* its first step's number among the deck's slide steps */
  int            line;          /* source line of the block it comes from (0: the page) */
} AbSlide;

typedef struct _AbSlideDeck AbSlideDeck;

/* The deck of one part of @book: every page of @part in reading order.
 * Diagrams are made (with default parameters) as the deck is built. */
AbSlideDeck   *ab_slide_deck_new            (AbBook *book, AbPart *part);
void           ab_slide_deck_free           (AbSlideDeck *deck);

AbBook        *ab_slide_deck_get_book       (AbSlideDeck *deck);
AbPart        *ab_slide_deck_get_part       (AbSlideDeck *deck);
guint          ab_slide_deck_get_n_slides   (AbSlideDeck *deck);
const AbSlide *ab_slide_deck_get_slide      (AbSlideDeck *deck, guint index);
/* The diagram a DIAGRAM slide shows (owned by the deck); NULL for others. */
AbDiagram     *ab_slide_deck_get_diagram    (AbSlideDeck *deck, guint index);
/* All slide steps: the sum of every slide's n_steps. */
guint          ab_slide_deck_get_n_steps    (AbSlideDeck *deck);
/* Slide step @flat → slide and step; FALSE when out of range. */
gboolean       ab_slide_deck_locate         (AbSlideDeck *deck, guint flat, guint *slide, guint *step);
/* The first slide of @page, or -1 when @page is not in the deck. */
int            ab_slide_deck_find_page      (AbSlideDeck *deck, AbPage *page);

/* How the deck's slides and notes read their {{< value >}} numbers
 * (ab-slide-text.h): AB_SLIDE_VALUES_COMPUTE (the default, for exports) or
 * AB_SLIDE_VALUES_CACHED while a window's background fetch brings them. */
void           ab_slide_deck_set_values     (AbSlideDeck *deck, AbSlideValues values);
AbSlideValues  ab_slide_deck_get_values     (AbSlideDeck *deck);

/* The part numbered @number (1 for part-1…), or NULL. */
AbPart        *ab_slides_find_part          (AbBook *book, int number);

/* A slide's notes as Pango markup: paragraphs apart by a blank line, list
 * items as "• …"; terms and values as the page shows them. NULL when the
 * slide has none. */
char          *ab_slide_dup_notes_markup    (AbSlideDeck *deck, guint index);
/* The same as plain text (for tests, exports and screen readers). */
char          *ab_slide_dup_notes_text      (AbSlideDeck *deck, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbSlideDeck, ab_slide_deck_free)

G_END_DECLS

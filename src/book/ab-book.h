/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-book.h — the book: parts, their pages, and the glossary
 *
 * Content is data: data/book/<part-folder>/_index.md opens a part (its front
 * matter holds the Hugo post's title, date, description, tags, categories,
 * hero and slug) and data/book/<part-folder>/<NN-section>.md are its sections
 * (title, weight). Nothing is listed in code: the table of contents is what
 * the folder holds. Loaded from any GFile root, so the app reads the GResource
 * and the tests read the source tree. No GTK here.
 */
#pragma once

#include "ab-block.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AbPage AbPage;
typedef struct _AbPart AbPart;
typedef struct _AbBook AbBook;

struct _AbPage
{
  AbPart  *part;
  char    *id;          /* "part-1/scaled-dot-product" (the --page argument) */
  char    *slug;        /* "scaled-dot-product"; "" for a part's overview */
  char    *title;
  char    *description;
  int      weight;
  char    *source_name; /* "part-1/04-scaled-dot-product.md", for messages */
  char    *body;        /* Markdown after the front matter */
  int      body_line;   /* line of the body's first line */
  GPtrArray *errors;    /* "file:line: message": front matter + body */
  AbBlock *doc;         /* parsed on first use */
};

struct _AbPart
{
  char      *folder;     /* "part-1" */
  int        number;     /* 1 for part-1 */
  char      *slug;       /* Hugo post slug */
  char      *title;
  char      *date;
  char      *description;
  char      *hero;
  GStrv      tags;
  GStrv      categories;
  AbPage    *overview;   /* the part's _index.md */
  GPtrArray *sections;   /* AbPage*, by weight */
};

typedef struct
{
  char *key;
  char *term;
  char *definition;
} AbGlossaryEntry;

#define AB_BOOK_RESOURCE_URI "resource:///in/deepakbaby/AttentionBook/book"

AbBook       *ab_book_new_from_file  (GFile *root, GError **error);
void          ab_book_free           (AbBook *book);

GPtrArray    *ab_book_get_parts      (AbBook *book);   /* AbPart* */
/* Every page in reading order: each part's overview, then its sections. */
GPtrArray    *ab_book_get_pages      (AbBook *book);
AbPage       *ab_book_find_page      (AbBook *book, const char *id);
int           ab_book_page_index     (AbBook *book, AbPage *page);
const AbGlossaryEntry *ab_book_lookup_term (AbBook *book, const char *key);
GPtrArray    *ab_book_get_glossary   (AbBook *book);   /* AbGlossaryEntry*, by key */
/* Problems outside any one page (file names, the glossary), as text. */
GPtrArray    *ab_book_get_errors     (AbBook *book);

/* Parse on first use; the page's errors include the body's. */
AbBlock      *ab_page_get_document   (AbPage *page);

/* The book the app and the CLI use (from the GResource), loaded once. */
AbBook       *ab_book_get_default    (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbBook, ab_book_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slides.c — pages into slides
 *
 * One walk over each page's block tree, in reading order: diagrams anywhere
 * outside notes (a diagram in a callout is still a figure of the page) and
 * top-level {{< slide >}} blocks open slides; notes join the slide open at
 * the time. The parser guarantees notes are only on the top level or in a
 * slide, and that a slide holds no diagram.
 */
#define G_LOG_DOMAIN "ab-slides"

#include "ab-slides.h"
#include "ab-diagram-registry.h"
#include "ab-slide-text.h"

#include <pango/pango.h>

struct _AbSlideDeck
{
  AbBook    *book;
  AbPart    *part;
  GPtrArray *slides;     /* AbSlide* */
  GPtrArray *diagrams;   /* AbDiagram* or NULL, by slide */
  guint      n_steps;
  AbSlideValues values;   /* how slides and notes read their numbers */
};

static void
diagram_unref (gpointer diagram)
{
  if (diagram)
    g_object_unref (diagram);
}

static void
slide_free (AbSlide *slide)
{
  g_free (slide->id);
  g_free (slide->title);
  g_free (slide->subtitle);
  g_free (slide->diagram_name);
  g_ptr_array_unref (slide->notes);
  g_free (slide);
}

static AbSlide *
add_slide (AbSlideDeck *deck, AbSlideKind kind, AbPage *page, guint *n_on_page)
{
  AbSlide *slide = g_new0 (AbSlide, 1);

  slide->kind = kind;
  slide->page = page;
  slide->index = deck->slides->len;
  slide->id = g_strdup_printf ("%s#%u", page->id, (*n_on_page)++);
  slide->notes = g_ptr_array_new ();
  slide->n_steps = 1;
  g_ptr_array_add (deck->slides, slide);
  g_ptr_array_add (deck->diagrams, NULL);
  return slide;
}

typedef struct
{
  AbSlideDeck *deck;
  AbPage      *page;
  AbSlide     *current;     /* the slide notes join */
  char        *heading_text; /* the last top-level heading, for a slide's title */
  guint        n_on_page;
} PageWalk;

static void walk_blocks (PageWalk *walk, const AbBlock *parent);

static void
add_diagram_slide (PageWalk *walk, const AbBlock *block)
{
  g_autoptr (GError) error = NULL;
  AbDiagram *diagram = ab_diagram_registry_create (block->text, &error);
  AbSlide *slide;

  /* The parser has refused unknown names; a page read without the
   * registry's validator can still name one: it makes no slide. */
  if (diagram == NULL)
    {
      g_warning ("%s:%d: %s", walk->page->source_name, block->line, error->message);
      return;
    }
  slide = add_slide (walk->deck, AB_SLIDE_DIAGRAM, walk->page, &walk->n_on_page);
  slide->diagram_name = g_strdup (block->text);
  slide->title = g_strdup (ab_diagram_get_title (diagram));
  slide->n_steps = MAX (ab_diagram_get_n_steps (diagram), 1);
  slide->line = block->line;
  g_ptr_array_index (walk->deck->diagrams, slide->index) = diagram;
  walk->current = slide;
}

static void
add_content_slide (PageWalk *walk, const AbBlock *block)
{
  AbSlide *slide = add_slide (walk->deck, AB_SLIDE_CONTENT, walk->page, &walk->n_on_page);

  /* An untitled slide is named by the section it sits in. */
  slide->title = g_strdup (block->info && *block->info ? block->info
                           : walk->heading_text ? walk->heading_text : walk->page->title);
  slide->content = block;
  slide->line = block->line;
  walk->current = slide;
  walk_blocks (walk, block);
}

static void
walk_block (PageWalk *walk, const AbBlock *block)
{
  switch (block->kind)
    {
    case AB_BLOCK_DIAGRAM:
      add_diagram_slide (walk, block);
      break;
    case AB_BLOCK_SLIDE:
      add_content_slide (walk, block);
      break;
    case AB_BLOCK_NOTES:
      g_ptr_array_add (walk->current->notes, (gpointer) block);
      break;
    case AB_BLOCK_HEADING:
      if (block->parent && block->parent->kind == AB_BLOCK_DOCUMENT)
        {
          g_free (walk->heading_text);
          walk->heading_text = ab_block_dup_plain_text (block);
        }
      break;
    case AB_BLOCK_CALLOUT:
    case AB_BLOCK_QUOTE:
    case AB_BLOCK_LIST:
    case AB_BLOCK_LIST_ITEM:
      walk_blocks (walk, block);
      break;
    default:
      break;
    }
}

/* Depth is bounded by the parser's nesting cap (AB_MARKDOWN_MAX_DEPTH). */
static void
walk_blocks (PageWalk *walk, const AbBlock *parent)
{
  for (guint i = 0; parent->children && i < parent->children->len; i++)
    walk_block (walk, g_ptr_array_index (parent->children, i));
}

static void
add_page (AbSlideDeck *deck, AbPage *page, gboolean overview)
{
  PageWalk walk = { .deck = deck, .page = page };
  AbSlide *title = add_slide (deck, AB_SLIDE_TITLE, page, &walk.n_on_page);

  title->title = g_strdup (overview ? page->part->title : page->title);
  title->subtitle = g_strdup (overview ? page->part->description : page->description);
  walk.current = title;
  walk_blocks (&walk, ab_page_get_document (page));
  g_free (walk.heading_text);
}

AbSlideDeck *
ab_slide_deck_new (AbBook *book, AbPart *part)
{
  AbSlideDeck *deck;

  g_return_val_if_fail (book != NULL && part != NULL, NULL);
  deck = g_new0 (AbSlideDeck, 1);
  deck->book = book;
  deck->part = part;
  deck->slides = g_ptr_array_new_with_free_func ((GDestroyNotify) slide_free);
  deck->diagrams = g_ptr_array_new_with_free_func (diagram_unref);

  add_page (deck, part->overview, TRUE);
  for (guint i = 0; i < part->sections->len; i++)
    add_page (deck, g_ptr_array_index (part->sections, i), FALSE);
  for (guint i = 0; i < deck->slides->len; i++)
    {
      AbSlide *slide = g_ptr_array_index (deck->slides, i);
      slide->first_step = deck->n_steps;
      deck->n_steps += slide->n_steps;
    }
  return deck;
}

void
ab_slide_deck_free (AbSlideDeck *deck)
{
  if (deck == NULL)
    return;
  g_ptr_array_unref (deck->slides);
  g_ptr_array_unref (deck->diagrams);
  g_free (deck);
}

AbBook *
ab_slide_deck_get_book (AbSlideDeck *deck)
{
  return deck->book;
}

void
ab_slide_deck_set_values (AbSlideDeck *deck, AbSlideValues values)
{
  deck->values = values;
}

AbSlideValues
ab_slide_deck_get_values (AbSlideDeck *deck)
{
  return deck->values;
}

AbPart *
ab_slide_deck_get_part (AbSlideDeck *deck)
{
  return deck->part;
}

guint
ab_slide_deck_get_n_slides (AbSlideDeck *deck)
{
  return deck->slides->len;
}

const AbSlide *
ab_slide_deck_get_slide (AbSlideDeck *deck, guint index)
{
  g_return_val_if_fail (index < deck->slides->len, NULL);
  return g_ptr_array_index (deck->slides, index);
}

AbDiagram *
ab_slide_deck_get_diagram (AbSlideDeck *deck, guint index)
{
  g_return_val_if_fail (index < deck->diagrams->len, NULL);
  return g_ptr_array_index (deck->diagrams, index);
}

guint
ab_slide_deck_get_n_steps (AbSlideDeck *deck)
{
  return deck->n_steps;
}

gboolean
ab_slide_deck_locate (AbSlideDeck *deck, guint flat, guint *slide, guint *step)
{
  /* Slides are in step order: a binary search on first_step. */
  guint lo = 0, hi = deck->slides->len;

  if (flat >= deck->n_steps)
    return FALSE;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (((AbSlide *) g_ptr_array_index (deck->slides, mid))->first_step <= flat)
        lo = mid;
      else
        hi = mid;
    }
  if (slide)
    *slide = lo;
  if (step)
    *step = flat - ((AbSlide *) g_ptr_array_index (deck->slides, lo))->first_step;
  return TRUE;
}

int
ab_slide_deck_find_page (AbSlideDeck *deck, AbPage *page)
{
  for (guint i = 0; i < deck->slides->len; i++)
    if (((AbSlide *) g_ptr_array_index (deck->slides, i))->page == page)
      return (int) i;
  return -1;
}

AbPart *
ab_slides_find_part (AbBook *book, int number)
{
  GPtrArray *parts = ab_book_get_parts (book);

  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      if (part->number == number)
        return part;
    }
  return NULL;
}

char *
ab_slide_dup_notes_markup (AbSlideDeck *deck, guint index)
{
  const AbSlide *slide = ab_slide_deck_get_slide (deck, index);
  GString *out;

  if (slide == NULL || slide->notes->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < slide->notes->len; i++)
    {
      g_autofree char *text = ab_slide_blocks_markup (deck->book, g_ptr_array_index (slide->notes, i), deck->values);
      if (out->len > 0 && *text)
        g_string_append (out, "\n\n");
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

char *
ab_slide_dup_notes_text (AbSlideDeck *deck, guint index)
{
  g_autofree char *markup = ab_slide_dup_notes_markup (deck, index);
  char *text = NULL;

  if (markup == NULL)
    return NULL;
  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup (markup);
  return text;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-book"

#include "ab-book.h"
#include "ab-front-matter.h"
#include "ab-markdown.h"
#include "ab-resources.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

struct _AbBook
{
  GPtrArray  *parts;      /* AbPart* */
  GPtrArray  *pages;      /* AbPage*, reading order, not owned */
  GHashTable *pages_by_id;
  GPtrArray  *glossary;   /* AbGlossaryEntry* */
  GHashTable *glossary_by_key;
  GPtrArray  *errors;     /* problems outside any one page */
};

static const char *const part_keys[] = {
  "title", "date", "description", "tags", "categories", "hero", "slug", "weight", NULL
};
static const char *const section_keys[] = { "title", "weight", "description", NULL };

static void
page_free (AbPage *page)
{
  g_free (page->id);
  g_free (page->slug);
  g_free (page->title);
  g_free (page->description);
  g_free (page->source_name);
  g_free (page->body);
  g_ptr_array_unref (page->errors);
  ab_block_free (page->doc);
  g_free (page);
}

static void
part_free (AbPart *part)
{
  g_free (part->folder);
  g_free (part->slug);
  g_free (part->title);
  g_free (part->date);
  g_free (part->description);
  g_free (part->hero);
  g_strfreev (part->tags);
  g_strfreev (part->categories);
  if (part->overview)
    page_free (part->overview);
  g_ptr_array_unref (part->sections);
  g_free (part);
}

static void
glossary_entry_free (AbGlossaryEntry *e)
{
  g_free (e->key);
  g_free (e->term);
  g_free (e->definition);
  g_free (e);
}

void
ab_book_free (AbBook *book)
{
  if (book == NULL)
    return;
  g_ptr_array_unref (book->pages);
  g_hash_table_unref (book->pages_by_id);
  g_ptr_array_unref (book->parts);
  g_ptr_array_unref (book->glossary);
  g_hash_table_unref (book->glossary_by_key);
  g_clear_pointer (&book->errors, g_ptr_array_unref);
  g_free (book);
}

/* "line 4: message" (the parsers' words) becomes "part-1/x.md:4: message",
 * the file:line form editors and `attention-book check` users expect. */
static void
page_error (AbPage *page, const char *message)
{
  int line = 0, used = 0;

  if (sscanf (message, "line %d: %n", &line, &used) == 1 && used > 0)
    g_ptr_array_add (page->errors, g_strdup_printf ("%s:%d: %s", page->source_name, line, message + used));
  else
    g_ptr_array_add (page->errors, g_strdup_printf ("%s:1: %s", page->source_name, message));
}

/* Read front matter into @page (and @part for an overview). */
static void
load_page (AbPage *page, AbPart *part, const char *text)
{
  AbFrontMatter fm;
  g_autofree char *error = NULL;
  const char *const *allowed = part ? part_keys : section_keys;
  GHashTableIter iter;
  gpointer key, line;
  const char *weight;

  if (!ab_front_matter_parse (text, &fm, &error))
    {
      page_error (page, error);
      page->title = g_strdup (page->slug[0] ? page->slug : part ? part->folder : "?");
      page->body = g_strdup ("");
      page->body_line = 1;
      ab_front_matter_clear (&fm);
      return;
    }

  g_hash_table_iter_init (&iter, fm.lines);
  while (g_hash_table_iter_next (&iter, &key, &line))
    if (!g_strv_contains (allowed, key))
      {
        g_autofree char *m = g_strdup_printf (_("line %d: unknown front matter key “%s”"),
                                              GPOINTER_TO_INT (line), (char *) key);
        page_error (page, m);
      }

  page->title = g_strdup (g_hash_table_lookup (fm.scalars, "title"));
  if (page->title == NULL || *page->title == '\0')
    {
      page_error (page, _("line 1: front matter needs a title"));
      g_free (page->title);
      page->title = g_strdup (page->slug);
    }
  page->description = g_strdup (g_hash_table_lookup (fm.scalars, "description"));
  weight = g_hash_table_lookup (fm.scalars, "weight");
  if (weight)
    {
      char *end = NULL;
      gint64 w;

      errno = 0;
      w = g_ascii_strtoll (weight, &end, 10);
      if (end != weight && *end == '\0' && (errno == ERANGE || w < G_MININT || w > G_MAXINT))
        {
          g_autofree char *m = g_strdup_printf (_("line %d: weight %s is out of range (%d to %d)"),
                                                GPOINTER_TO_INT (g_hash_table_lookup (fm.lines, "weight")),
                                                weight, G_MININT, G_MAXINT);
          page_error (page, m);
          w = 0;
        }
      page->weight = (int) w;
      if (end == weight || *end != '\0')
        {
          g_autofree char *m = g_strdup_printf (_("line %d: weight must be a whole number (got “%s”)"),
                                                GPOINTER_TO_INT (g_hash_table_lookup (fm.lines, "weight")),
                                                weight);
          page_error (page, m);
        }
    }

  if (part)
    {
      part->title = g_strdup (page->title);
      part->date = g_strdup (g_hash_table_lookup (fm.scalars, "date"));
      part->description = g_strdup (page->description);
      part->hero = g_strdup (g_hash_table_lookup (fm.scalars, "hero"));
      part->slug = g_strdup (g_hash_table_lookup (fm.scalars, "slug"));
      part->tags = g_strdupv (g_hash_table_lookup (fm.lists, "tags"));
      part->categories = g_strdupv (g_hash_table_lookup (fm.lists, "categories"));
      if (part->slug == NULL)
        page_error (page, _("line 1: a part's front matter needs a slug (its Hugo post name)"));
      if (part->date == NULL || !g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", part->date, 0, 0))
        page_error (page, _("line 1: a part's front matter needs date: YYYY-MM-DD"));
      if (part->tags == NULL || part->categories == NULL)
        page_error (page, _("line 1: a part's front matter needs tags and categories lists"));
      if (part->hero == NULL)
        part->hero = g_strdup ("hero.png");
    }

  page->body = g_strdup (fm.body);
  page->body_line = fm.body_line;
  ab_front_matter_clear (&fm);
}

static char *
read_text (GFile *file, const char *name, GPtrArray *errors)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  const char *bad = NULL;
  gsize length;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s:1: %s", name, error->message));
      return g_strdup ("");
    }
  if (!g_utf8_validate (contents, length, &bad))
    {
      int line = 1;
      for (const char *p = contents; p < bad; p++)
        line += *p == '\n';
      g_ptr_array_add (errors, g_strdup_printf (_("%s:%d: not valid UTF-8"), name, line));
      g_free (contents);
      return g_strdup ("");
    }
  return contents;
}

static AbPage *
page_new (AbPart *part, const char *file_name)
{
  AbPage *page = g_new0 (AbPage, 1);

  page->part = part;
  page->errors = g_ptr_array_new_with_free_func (g_free);
  page->source_name = g_strdup_printf ("%s/%s", part->folder, file_name);
  return page;
}

static int
compare_sections (gconstpointer a, gconstpointer b)
{
  const AbPage *pa = *(AbPage * const *) a, *pb = *(AbPage * const *) b;

  if (pa->weight != pb->weight)
    return pa->weight < pb->weight ? -1 : 1;
  return strcmp (pa->source_name, pb->source_name);
}

static int
compare_parts (gconstpointer a, gconstpointer b)
{
  const AbPart *pa = *(AbPart * const *) a, *pb = *(AbPart * const *) b;

  if (pa->number != pb->number)
    return pa->number < pb->number ? -1 : 1;
  return strcmp (pa->folder, pb->folder);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
list_children (GFile *dir, GFileType type, GError **error)
{
  g_autoptr (GFileEnumerator) e = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE, NULL, error);
  if (e == NULL)
    {
      g_ptr_array_unref (names);
      return NULL;
    }
  while ((info = g_file_enumerator_next_file (e, NULL, NULL)))
    {
      if (g_file_info_get_file_type (info) == type)
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* "04-scaled-dot-product.md" → "scaled-dot-product"; NULL if not a section. */
static char *
section_slug (const char *file_name)
{
  const char *p = file_name;

  if (!g_str_has_suffix (file_name, ".md") || !g_ascii_isdigit (p[0]))
    return NULL;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p != '-')
    return NULL;
  return g_strndup (p + 1, strlen (p + 1) - 3);
}

static AbPart *
load_part (GFile *dir, const char *folder, GPtrArray *book_errors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) files = list_children (dir, G_FILE_TYPE_REGULAR, &error);
  AbPart *part;
  const char *num;
  g_autoptr (GHashTable) slugs = NULL;   /* slug → the file that took it */

  if (files == NULL)
    {
      g_ptr_array_add (book_errors, g_strdup_printf ("%s: %s", folder, error->message));
      return NULL;
    }
  if (!g_ptr_array_find_with_equal_func (files, "_index.md", g_str_equal, NULL))
    return NULL;

  part = g_new0 (AbPart, 1);
  part->folder = g_strdup (folder);
  /* "part-3" and "part-3-flash-attention-deep-dive" are both part 3. */
  num = g_str_has_prefix (folder, "part-") ? folder + strlen ("part-") : NULL;
  part->number = num ? atoi (num) : 0;
  part->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      g_autoptr (GFile) file = g_file_get_child (dir, name);
      g_autofree char *slug = NULL;
      g_autofree char *text = NULL;
      AbPage *page;

      if (g_str_equal (name, "_index.md"))
        {
          page = page_new (part, name);
          page->slug = g_strdup ("");
          page->id = g_strdup (folder);
          text = read_text (file, page->source_name, page->errors);
          load_page (page, part, text);
          part->overview = page;
          continue;
        }
      slug = section_slug (name);
      if (slug == NULL)
        {
          if (g_str_has_suffix (name, ".md"))
            g_ptr_array_add (book_errors,
                             g_strdup_printf (_("%s/%s:1: section files are named NN-slug.md"), folder, name));
          continue;
        }
      if (*slug == '\0')
        {
          g_ptr_array_add (book_errors,
                           g_strdup_printf (_("%s/%s:1: a section file needs a slug after its number (NN-slug.md)"),
                                            folder, name));
          continue;
        }
      if (g_hash_table_contains (slugs, slug))
        {
          /* Both would have the id folder/slug; only one could be reached. */
          g_ptr_array_add (book_errors,
                           g_strdup_printf (_("%s/%s:1: page id “%s/%s” is already taken by %s/%s"),
                                            folder, name, folder, slug, folder,
                                            (char *) g_hash_table_lookup (slugs, slug)));
          continue;
        }
      g_hash_table_insert (slugs, g_strdup (slug), g_strdup (name));
      page = page_new (part, name);
      page->slug = g_steal_pointer (&slug);
      page->id = g_strdup_printf ("%s/%s", folder, page->slug);
      text = read_text (file, page->source_name, page->errors);
      load_page (page, NULL, text);
      g_ptr_array_add (part->sections, page);
    }
  g_ptr_array_sort (part->sections, compare_sections);
  return part;
}

static void
load_glossary_file (AbBook *book, GFile *file, const char *name, GPtrArray *errors)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = read_text (file, name, errors);
  g_auto (GStrv) groups = NULL;

  if (!g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, &error))
    {
      g_ptr_array_add (errors, g_strdup_printf ("%s: %s", name, error->message));
      return;
    }
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      AbGlossaryEntry *e = g_new0 (AbGlossaryEntry, 1);
      e->key = g_strdup (groups[i]);
      e->term = g_key_file_get_string (kf, groups[i], "term", NULL);
      e->definition = g_key_file_get_string (kf, groups[i], "definition", NULL);
      if (e->term == NULL || e->definition == NULL)
        g_ptr_array_add (errors, g_strdup_printf ("%s: [%s] needs term= and definition=", name, groups[i]));
      else if (g_hash_table_contains (book->glossary_by_key, e->key))
        g_ptr_array_add (errors, g_strdup_printf ("%s: [%s] is defined twice in the glossary", name, groups[i]));
      else
        {
          g_ptr_array_add (book->glossary, e);
          g_hash_table_insert (book->glossary_by_key, e->key, e);
          continue;
        }
      glossary_entry_free (e);
    }
}

/* The glossary is every glossary/NAME.ini file: one per part or topic. */
static void
load_glossary (AbBook *book, GFile *root, GPtrArray *errors)
{
  g_autoptr (GFile) dir = g_file_get_child (root, "glossary");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) files = list_children (dir, G_FILE_TYPE_REGULAR, &error);

  if (files == NULL)
    {
      g_ptr_array_add (errors, g_strdup_printf ("glossary: %s", error->message));
      return;
    }
  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      g_autoptr (GFile) file = g_file_get_child (dir, name);
      g_autofree char *shown = g_strdup_printf ("glossary/%s", name);
      if (g_str_has_suffix (name, ".ini"))
        load_glossary_file (book, file, shown, errors);
    }
}

AbBook *
ab_book_new_from_file (GFile *root, GError **error)
{
  g_autoptr (GPtrArray) folders = NULL;
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  AbBook *book;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  folders = list_children (root, G_FILE_TYPE_DIRECTORY, error);
  if (folders == NULL)
    return NULL;

  book = g_new0 (AbBook, 1);
  book->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  book->pages = g_ptr_array_new ();
  book->pages_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  book->glossary = g_ptr_array_new_with_free_func ((GDestroyNotify) glossary_entry_free);
  book->glossary_by_key = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < folders->len; i++)
    {
      const char *folder = g_ptr_array_index (folders, i);
      g_autoptr (GFile) dir = g_file_get_child (root, folder);
      AbPart *part = load_part (dir, folder, errors);
      if (part)
        g_ptr_array_add (book->parts, part);
    }
  g_ptr_array_sort (book->parts, compare_parts);

  for (guint i = 0; i < book->parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (book->parts, i);
      g_ptr_array_add (book->pages, part->overview);
      for (guint j = 0; j < part->sections->len; j++)
        g_ptr_array_add (book->pages, g_ptr_array_index (part->sections, j));
    }
  for (guint i = 0; i < book->pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (book->pages, i);
      g_hash_table_insert (book->pages_by_id, page->id, page);
    }
  load_glossary (book, root, errors);

  if (book->pages->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the book has no parts (folders with an _index.md)"));
      ab_book_free (book);
      return NULL;
    }
  book->errors = g_steal_pointer (&errors);
  return book;
}

GPtrArray *
ab_book_get_parts (AbBook *book)
{
  return book->parts;
}

GPtrArray *
ab_book_get_pages (AbBook *book)
{
  return book->pages;
}

AbPage *
ab_book_find_page (AbBook *book, const char *id)
{
  return id ? g_hash_table_lookup (book->pages_by_id, id) : NULL;
}

int
ab_book_page_index (AbBook *book, AbPage *page)
{
  guint index;

  return g_ptr_array_find (book->pages, page, &index) ? (int) index : -1;
}

const AbGlossaryEntry *
ab_book_lookup_term (AbBook *book, const char *key)
{
  return g_hash_table_lookup (book->glossary_by_key, key);
}

GPtrArray *
ab_book_get_glossary (AbBook *book)
{
  return book->glossary;
}

AbBlock *
ab_page_get_document (AbPage *page)
{
  if (page->doc == NULL)
    {
      g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
      guint n_front = page->errors->len;

      page->doc = ab_markdown_parse (page->body, page->body_line, errors);
      for (guint i = 0; i < errors->len; i++)
        page_error (page, g_ptr_array_index (errors, i));

      /* Front matter errors have no place in the body: show them on top. */
      for (guint i = 0; i < n_front; i++)
        {
          AbBlock *b = ab_block_new (AB_BLOCK_ERROR, NULL);
          b->parent = page->doc;
          b->text = g_strdup (g_ptr_array_index (page->errors, i));
          if (page->doc->children == NULL)
            page->doc->children = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_block_free);
          g_ptr_array_insert (page->doc->children, (int) i, b);
        }
    }
  return page->doc;
}

GPtrArray *
ab_book_get_errors (AbBook *book)
{
  return book->errors;
}

AbBook *
ab_book_get_default (void)
{
  static AbBook *book;

  if (g_once_init_enter (&book))
    {
      g_autoptr (GFile) root = NULL;
      g_autoptr (GError) error = NULL;
      AbBook *loaded = NULL;

      /* Referencing the bundle keeps a static link from dropping it. */
      (void) ab_get_resource ();
      /* AB_BOOK_DIR reads the book from a folder instead (bench-startup's
       * synthetic larger book; an author previewing a draft): a folder that
       * cannot be read gives one warning and the built-in book. */
      const char *dir = g_getenv ("AB_BOOK_DIR");
      if (dir && *dir)
        {
          root = g_file_new_for_path (dir);
          loaded = ab_book_new_from_file (root, &error);
          if (loaded != NULL && loaded->parts->len == 0)
            {
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no part-N folder in it");
              g_clear_pointer (&loaded, ab_book_free);
            }
          if (loaded == NULL)
            {
              g_warning ("AB_BOOK_DIR=%s: %s; showing the built-in book", dir, error->message);
              g_clear_error (&error);
              g_clear_object (&root);
            }
        }
      if (loaded == NULL)
        {
          root = g_file_new_for_uri (AB_BOOK_RESOURCE_URI);
          loaded = ab_book_new_from_file (root, &error);
        }

      /* The content is compiled in: only a broken build can get here. */
      if (loaded == NULL)
        g_error ("The book's content is broken: %s", error->message);
      g_once_init_leave (&book, loaded);
    }
  return book;
}

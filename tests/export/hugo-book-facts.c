/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hugo-book-facts.c — what the Hugo export of the book must contain, as JSON
 *
 * Read from the book model itself, not from the exporter, so that the site
 * test checks the exporter against the book: each part's front matter, the
 * diagrams it shows (with their step counts), whether it has the lab, and
 * every formula's TeX in reading order, as the app typesets it (a display
 * block's text, an inline run's text as parsed), leaving out the
 * presenter's speaker notes, which the post leaves out too.
 */
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-diagram-registry.h"

#include <locale.h>
#include <stdio.h>

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    if (*p == '"' || *p == '\\')
      g_string_append_printf (out, "\\%c", *p);
    else if (*p < 0x20)
      g_string_append_printf (out, "\\u%04x", *p);
    else
      g_string_append_c (out, (char) *p);
  g_string_append_c (out, '"');
}

static void
json_strv (GString *out, GStrv v)
{
  g_string_append_c (out, '[');
  for (guint i = 0; v && v[i]; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      json_string (out, v[i]);
    }
  g_string_append_c (out, ']');
}

typedef struct
{
  GString   *math;       /* JSON array items */
  GPtrArray *diagrams;
  gboolean   lab;
  guint      n_math;
} Walk;

static void
visit (AbBlock *block, Walk *w)
{

  if (block->kind == AB_BLOCK_MATH)
    {
      g_string_append (w->math, w->n_math++ ? ",{\"display\":true,\"tex\":" : "{\"display\":true,\"tex\":");
      json_string (w->math, block->text);
      g_string_append (w->math, ",\"block\":true}");
    }
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);
      if (run->kind != AB_INLINE_MATH)
        continue;
      g_string_append_printf (w->math, "%s{\"display\":%s,\"tex\":", w->n_math++ ? "," : "",
                              g_strcmp0 (run->target, "display") == 0 ? "true" : "false");
      json_string (w->math, run->text);
      g_string_append (w->math, ",\"block\":false}");
    }
  if (block->kind == AB_BLOCK_DIAGRAM &&
      !g_ptr_array_find_with_equal_func (w->diagrams, block->text, g_str_equal, NULL))
    g_ptr_array_add (w->diagrams, g_strdup (block->text));
  w->lab |= block->kind == AB_BLOCK_LAB;
}

/* Depth first, in reading order; the presenter's notes are not in the post. */
static void
walk (AbBlock *block, Walk *w)
{
  if (block->kind == AB_BLOCK_NOTES)
    return;
  visit (block, w);
  for (guint i = 0; block->children && i < block->children->len; i++)
    walk (g_ptr_array_index (block->children, i), w);
}

int
main (int argc, char *argv[])
{
  AbBook *book;
  GPtrArray *parts;
  GString *out = g_string_new ("{\"parts\":[");

  setlocale (LC_ALL, "");
  ab_content_check_install ();
  book = ab_book_get_default ();
  parts = ab_book_get_parts (book);
  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      Walk w = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free), FALSE, 0 };

      walk (ab_page_get_document (part->overview), &w);
      for (guint s = 0; s < part->sections->len; s++)
        walk (ab_page_get_document (g_ptr_array_index (part->sections, s)), &w);

      g_string_append_printf (out, "%s{\"number\":%d,\"folder\":", i ? "," : "", part->number);
      json_string (out, part->folder);
      g_string_append (out, ",\"slug\":");
      json_string (out, part->slug);
      g_string_append (out, ",\"title\":");
      json_string (out, part->title);
      g_string_append (out, ",\"date\":");
      json_string (out, part->date);
      g_string_append (out, ",\"description\":");
      json_string (out, part->description);
      g_string_append (out, ",\"hero\":");
      json_string (out, part->hero);
      g_string_append (out, ",\"tags\":");
      json_strv (out, part->tags);
      g_string_append (out, ",\"categories\":");
      json_strv (out, part->categories);
      g_string_append_printf (out, ",\"sections\":%u,\"lab\":%s,\"diagrams\":[", part->sections->len,
                              w.lab ? "true" : "false");
      for (guint d = 0; d < w.diagrams->len; d++)
        {
          g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (g_ptr_array_index (w.diagrams, d), NULL);
          g_string_append (out, d ? ",{\"name\":" : "{\"name\":");
          json_string (out, g_ptr_array_index (w.diagrams, d));
          g_string_append_printf (out, ",\"steps\":%u}", ab_diagram_get_n_steps (diagram));
        }
      g_string_append_printf (out, "],\"math\":[%s]}", w.math->str);
      g_string_free (w.math, TRUE);
      g_ptr_array_unref (w.diagrams);
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
  return 0;
}

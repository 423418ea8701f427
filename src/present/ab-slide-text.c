/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-text.c — inline runs and blocks as Pango markup
 *
 * The page view has its own converter (with links and widgets); this one is
 * the headless one the slides, the speaker notes and the PDF export share.
 */
#define G_LOG_DOMAIN "ab-slide-text"

#include "ab-slide-text.h"
#include "ab-book-values.h"
#include "ab-tex-text.h"

#include <string.h>

static void
append_styled (GString *out, AbInlineStyle style, const char *markup)
{
  if (style & AB_STYLE_STRONG)    g_string_append (out, "<b>");
  if (style & AB_STYLE_EMPHASIS)  g_string_append (out, "<i>");
  if (style & AB_STYLE_STRIKE)    g_string_append (out, "<s>");
  if (style & AB_STYLE_UNDERLINE) g_string_append (out, "<u>");
  g_string_append (out, markup);
  if (style & AB_STYLE_UNDERLINE) g_string_append (out, "</u>");
  if (style & AB_STYLE_STRIKE)    g_string_append (out, "</s>");
  if (style & AB_STYLE_EMPHASIS)  g_string_append (out, "</i>");
  if (style & AB_STYLE_STRONG)    g_string_append (out, "</b>");
}

char *
ab_slide_run_markup (AbBook *book, const AbInline *run, AbSlideValues values)
{
  GString *out = g_string_new (NULL);
  g_autofree char *piece = NULL;

  switch (run->kind)
    {
    case AB_INLINE_TEXT:
      piece = g_markup_escape_text (run->text, -1);
      break;
    case AB_INLINE_CODE:
      {
        g_autofree char *esc = g_markup_escape_text (run->text, -1);
        piece = g_strdup_printf ("<tt>%s</tt>", esc);
      }
      break;
    case AB_INLINE_MATH:
      piece = ab_tex_to_markup (run->text);
      break;
    case AB_INLINE_TERM:
      {
        const AbGlossaryEntry *e = book && run->target ? ab_book_lookup_term (book, run->target) : NULL;
        const char *words = *run->text ? run->text : e ? e->term : run->target;
        piece = g_markup_escape_text (words ? words : "", -1);
      }
      break;
    case AB_INLINE_VALUE:
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *value = NULL;

        if (run->target && values == AB_SLIDE_VALUES_CACHED)
          {
            value = ab_book_value_peek (run->target);
            if (value == NULL)
              value = g_strdup ("…");
          }
        else if (run->target)
          value = ab_book_value_format (run->target, &error);
        piece = g_markup_escape_text (value ? value : error ? error->message : "", -1);
      }
      break;
    case AB_INLINE_BREAK:
      piece = g_strdup ("\n");
      break;
    default:
      piece = g_strdup ("");
      break;
    }
  append_styled (out, run->style, piece);
  return g_string_free (out, FALSE);
}

char *
ab_slide_inline_markup (AbBook *book, const AbBlock *block, AbSlideValues values)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      g_autofree char *piece = ab_slide_run_markup (book, g_ptr_array_index (block->inlines, i), values);
      g_string_append (out, piece);
    }
  return g_string_free (out, FALSE);
}

static void append_blocks (AbBook *book, AbSlideValues values, GString *out, const AbBlock *parent, const char *indent);

static void
separate (GString *out)
{
  if (out->len > 0 && !g_str_has_suffix (out->str, "\n\n"))
    g_string_append (out, g_str_has_suffix (out->str, "\n") ? "\n" : "\n\n");
}

static void
append_block (AbBook *book, AbSlideValues values, GString *out, const AbBlock *block, const char *indent)
{
  switch (block->kind)
    {
    case AB_BLOCK_HEADING:
    case AB_BLOCK_PARAGRAPH:
      {
        g_autofree char *text = ab_slide_inline_markup (book, block, values);
        separate (out);
        g_string_append (out, indent);
        if (block->kind == AB_BLOCK_HEADING)
          g_string_append_printf (out, "<b>%s</b>", text);
        else
          g_string_append (out, text);
      }
      break;
    case AB_BLOCK_LIST:
      separate (out);
      for (guint i = 0; block->children && i < block->children->len; i++)
        {
          const AbBlock *item = g_ptr_array_index (block->children, i);
          g_autofree char *marker = block->ordered ? g_strdup_printf ("%d. ", block->level + (int) i)
                                                   : g_strdup ("• ");
          g_autofree char *deeper = g_strconcat (indent, "    ", NULL);
          GString *text = g_string_new (NULL);

          append_blocks (book, values, text, item, "");
          g_strstrip (text->str);
          text->len = strlen (text->str);
          if (i > 0)
            g_string_append_c (out, '\n');
          g_string_append_printf (out, "%s%s", indent, marker);
          /* Lines after an item's first keep under its text. */
          for (const char *p = text->str; *p; p++)
            {
              g_string_append_c (out, *p);
              if (*p == '\n' && p[1] != '\0' && p[1] != '\n')
                g_string_append (out, deeper);
            }
          g_string_free (text, TRUE);
        }
      g_string_append_c (out, '\n');
      break;
    case AB_BLOCK_QUOTE:
    case AB_BLOCK_CALLOUT:
    case AB_BLOCK_SLIDE:
    case AB_BLOCK_NOTES:
    case AB_BLOCK_LIST_ITEM:
      if (block->kind == AB_BLOCK_CALLOUT && block->info && *block->info)
        {
          g_autofree char *title = g_markup_escape_text (block->info, -1);
          separate (out);
          g_string_append_printf (out, "%s<b>%s</b>", indent, title);
        }
      append_blocks (book, values, out, block, indent);
      break;
    case AB_BLOCK_CODE:
      {
        g_autofree char *esc = g_markup_escape_text (block->text ? block->text : "", -1);
        separate (out);
        g_string_append_printf (out, "%s<tt>%s</tt>", indent, esc);
      }
      break;
    case AB_BLOCK_MATH:
      {
        g_autofree char *text = ab_tex_to_markup (block->text ? block->text : "");
        separate (out);
        g_string_append_printf (out, "%s    %s", indent, text);
      }
      break;
    case AB_BLOCK_TABLE:
      separate (out);
      for (guint r = 0; block->children && r < block->children->len; r++)
        {
          const AbBlock *row = g_ptr_array_index (block->children, r);
          if (r > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, indent);
          for (guint c = 0; row->children && c < row->children->len; c++)
            {
              g_autofree char *cell = ab_slide_inline_markup (book, g_ptr_array_index (row->children, c), values);
              g_string_append (out, c > 0 ? " · " : "");
              g_string_append_printf (out, row->header ? "<b>%s</b>" : "%s", cell);
            }
        }
      break;
    case AB_BLOCK_ERROR:
      {
        g_autofree char *esc = g_markup_escape_text (block->text ? block->text : "", -1);
        separate (out);
        g_string_append_printf (out, "%s⚠ %s", indent, esc);
      }
      break;
    default:
      break;
    }
}

static void
append_blocks (AbBook *book, AbSlideValues values, GString *out, const AbBlock *parent, const char *indent)
{
  for (guint i = 0; parent->children && i < parent->children->len; i++)
    append_block (book, values, out, g_ptr_array_index (parent->children, i), indent);
}

char *
ab_slide_blocks_markup (AbBook *book, const AbBlock *parent, AbSlideValues values)
{
  GString *out = g_string_new (NULL);

  append_blocks (book, values, out, parent, "");
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

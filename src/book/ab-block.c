/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-block"

#include "ab-block.h"

static void
ab_inline_free (AbInline *run)
{
  g_free (run->text);
  g_free (run->target);
  g_free (run->href);
  g_free (run);
}

AbBlock *
ab_block_new (AbBlockKind kind, AbBlock *parent)
{
  AbBlock *block = g_new0 (AbBlock, 1);

  block->kind = kind;
  block->align = 2;
  block->parent = parent;
  if (parent)
    {
      if (parent->children == NULL)
        parent->children = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_block_free);
      g_ptr_array_add (parent->children, block);
      block->line = parent->line;
    }
  return block;
}

void
ab_block_free (AbBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  g_free (block->info);
  g_clear_pointer (&block->inlines, g_ptr_array_unref);
  g_clear_pointer (&block->children, g_ptr_array_unref);
  g_free (block);
}

AbInline *
ab_block_add_inline (AbBlock *block, AbInlineKind kind, AbInlineStyle style,
                     const char *text, gsize len, const char *href)
{
  AbInline *run;

  if (block->inlines == NULL)
    block->inlines = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_inline_free);

  /* Merge adjacent plain text with the same style: md4c splits text often. */
  if (kind == AB_INLINE_TEXT && block->inlines->len > 0)
    {
      AbInline *last = g_ptr_array_index (block->inlines, block->inlines->len - 1);
      if (last->kind == AB_INLINE_TEXT && last->style == style && g_strcmp0 (last->href, href) == 0)
        {
          char *joined = g_strdup_printf ("%s%.*s", last->text, (int) len, text);
          g_free (last->text);
          last->text = joined;
          return last;
        }
    }

  run = g_new0 (AbInline, 1);
  run->kind = kind;
  run->style = style;
  run->text = g_strndup (text ? text : "", text ? len : 0);
  run->href = g_strdup (href);
  g_ptr_array_add (block->inlines, run);
  return run;
}

char *
ab_block_dup_plain_text (const AbBlock *block)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      const AbInline *run = g_ptr_array_index (block->inlines, i);
      if (run->kind == AB_INLINE_BREAK)
        g_string_append_c (s, ' ');
      else
        g_string_append (s, run->text);
    }
  return g_string_free (s, FALSE);
}

gboolean
ab_block_walk (AbBlock *block, AbBlockVisitFunc func, gpointer user_data)
{
  if (!func (block, user_data))
    return FALSE;
  for (guint i = 0; block->children && i < block->children->len; i++)
    if (!ab_block_walk (g_ptr_array_index (block->children, i), func, user_data))
      return FALSE;
  return TRUE;
}

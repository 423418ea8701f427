/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-block"

#include "ab-block.h"

#include <string.h>

/* A run with the length and allocation of its text, so merging text into it
 * is amortised linear (md4c hands over long paragraphs word by word). */
typedef struct
{
  AbInline    run;       /* first: an AbInline* is an InlinePriv* */
  const char *buf;       /* the text the two sizes below describe */
  gsize       len;
  gsize       cap;
} InlinePriv;

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

/* Iterative, so a deeply nested tree cannot overflow the stack. */
void
ab_block_free (AbBlock *block)
{
  GPtrArray *stack;

  if (block == NULL)
    return;
  stack = g_ptr_array_new ();
  g_ptr_array_add (stack, block);
  while (stack->len > 0)
    {
      AbBlock *b = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (b->children)
        {
          /* Take the children over instead of letting the array free them. */
          g_ptr_array_set_free_func (b->children, NULL);
          for (guint i = 0; i < b->children->len; i++)
            g_ptr_array_add (stack, g_ptr_array_index (b->children, i));
          g_clear_pointer (&b->children, g_ptr_array_unref);
        }
      g_free (b->text);
      g_free (b->info);
      g_clear_pointer (&b->inlines, g_ptr_array_unref);
      g_free (b);
    }
  g_ptr_array_unref (stack);
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
          InlinePriv *priv = (InlinePriv *) last;

          if (priv->buf != last->text || last->text == NULL)
            {
              /* The text was replaced behind our back: measure it again. */
              priv->len = last->text ? strlen (last->text) : 0;
              priv->cap = priv->len + 1;
            }
          if (text == NULL)
            len = 0;
          if (priv->len + len + 1 > priv->cap)
            {
              priv->cap = MAX (priv->len + len + 1, priv->cap * 2);
              last->text = g_realloc (last->text, priv->cap);
              if (priv->len == 0)
                last->text[0] = '\0';
            }
          memcpy (last->text + priv->len, text, len);
          priv->len += len;
          last->text[priv->len] = '\0';
          priv->buf = last->text;
          return last;
        }
    }

  {
    InlinePriv *priv = g_new0 (InlinePriv, 1);
    run = &priv->run;
    run->kind = kind;
    run->style = style;
    run->text = g_strndup (text ? text : "", text ? len : 0);
    priv->buf = run->text;
    priv->len = strlen (run->text);
    priv->cap = priv->len + 1;
  }
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

/* Pre-order, with an explicit stack so depth costs no call stack. */
gboolean
ab_block_walk (AbBlock *block, AbBlockVisitFunc func, gpointer user_data)
{
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, block);
  while (stack->len > 0)
    {
      AbBlock *b = g_ptr_array_steal_index_fast (stack, stack->len - 1);

      if (!func (b, user_data))
        return FALSE;
      for (guint i = b->children ? b->children->len : 0; i > 0; i--)
        g_ptr_array_add (stack, g_ptr_array_index (b->children, i - 1));
    }
  return TRUE;
}

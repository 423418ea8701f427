/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-block.h — the parsed form of a page: a tree of blocks holding inline runs
 *
 * md4c parses the Markdown; shortcodes and math become their own nodes, so the
 * page view, the content tests and the Hugo exporter all read the same model.
 * No GTK here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  AB_INLINE_TEXT,
  AB_INLINE_CODE,
  AB_INLINE_MATH,      /* text = TeX source */
  AB_INLINE_TERM,      /* text = shown words, target = glossary key */
  AB_INLINE_VALUE,     /* target = computed-value key; text filled by the view */
  AB_INLINE_BREAK,     /* hard line break */
} AbInlineKind;

typedef enum
{
  AB_STYLE_EMPHASIS  = 1 << 0,
  AB_STYLE_STRONG    = 1 << 1,
  AB_STYLE_STRIKE    = 1 << 2,
  AB_STYLE_UNDERLINE = 1 << 3,
} AbInlineStyle;

typedef struct
{
  AbInlineKind  kind;
  AbInlineStyle style;
  char         *text;
  char         *target;  /* term key, value key */
  char         *href;    /* set when the run sits inside a link */
} AbInline;

typedef enum
{
  AB_BLOCK_DOCUMENT,
  AB_BLOCK_HEADING,     /* level */
  AB_BLOCK_PARAGRAPH,
  AB_BLOCK_LIST,        /* ordered, start; children: LIST_ITEM */
  AB_BLOCK_LIST_ITEM,   /* children: blocks */
  AB_BLOCK_QUOTE,       /* children: blocks */
  AB_BLOCK_CODE,        /* text = code, info = language */
  AB_BLOCK_MATH,        /* text = TeX (display math) */
  AB_BLOCK_TABLE,       /* children: TABLE_ROW */
  AB_BLOCK_TABLE_ROW,   /* header; children: TABLE_CELL */
  AB_BLOCK_TABLE_CELL,  /* inlines; align */
  AB_BLOCK_RULE,
  AB_BLOCK_DIAGRAM,     /* text = diagram name */
  AB_BLOCK_CALLOUT,     /* text = callout type, info = title; children: blocks */
  AB_BLOCK_LAB,         /* the live kernel lab; level = its max_n (0: the lab's default) */
  AB_BLOCK_SLIDE,       /* {{< slide >}}: info = title or NULL; children: blocks (top level only) */
  AB_BLOCK_NOTES,       /* {{< notes >}}: speaker notes; children: blocks (hidden when reading) */
  AB_BLOCK_ERROR,       /* text = message (with line) */
} AbBlockKind;

typedef struct _AbBlock AbBlock;
struct _AbBlock
{
  AbBlockKind kind;
  int         level;       /* heading level; list start */
  gboolean    ordered;     /* list */
  gboolean    header;      /* table row */
  int         align;       /* table cell: -1 left, 0 centre, 1 right, 2 default */
  int         line;        /* 1-based source line, where known */
  char       *text;
  char       *info;
  GPtrArray  *inlines;     /* AbInline*, for headings, paragraphs and cells */
  GPtrArray  *children;    /* AbBlock* */
  AbBlock    *parent;
};

AbBlock  *ab_block_new         (AbBlockKind kind, AbBlock *parent);
void      ab_block_free        (AbBlock *block);
/* Adjacent plain text with the same style and link is merged into one run. */
AbInline *ab_block_add_inline  (AbBlock *block, AbInlineKind kind, AbInlineStyle style,
                                const char *text, gsize len, const char *href);
/* Plain text of a block's inline runs (headings, captions, search). */
char     *ab_block_dup_plain_text (const AbBlock *block);

typedef gboolean (*AbBlockVisitFunc) (AbBlock *block, gpointer user_data);
/* Depth-first walk; stops when @func returns FALSE. */
gboolean  ab_block_walk        (AbBlock *block, AbBlockVisitFunc func, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbBlock, ab_block_free)

G_END_DECLS

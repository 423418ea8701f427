/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-markdown"

#include "ab-markdown.h"

#include <glib/gi18n.h>
#include <md4c.h>
#include <string.h>

/* Inline shortcodes are swapped for private-use markers before md4c runs, so
 * Markdown syntax inside their attributes can never be misread:
 *   U+E000 <index> U+E001   an inline shortcode (index into the table)
 *   U+E002                  the closing {{< /term >}} */
#define MARK_OPEN  "\xee\x80\x80"
#define MARK_SEP   "\xee\x80\x81"
#define MARK_CLOSE "\xee\x80\x82"

const char *const ab_callout_types[] = { "why", "example", "note", NULL };

static AbContentValidator validator;

void
ab_markdown_set_validator (const AbContentValidator *v)
{
  validator = *v;
}

typedef struct
{
  char *name;      /* "term", "value" */
  char *key;
  int   line;
} InlineCode;

typedef struct
{
  GPtrArray  *errors;
  GPtrArray  *codes;      /* InlineCode*, for the markers */
  AbBlock    *block;      /* innermost open block */
  AbBlock    *inline_target;
  int         line;       /* first line of the current Markdown segment */
  const char *segment;    /* its text, for the line of a pointer into it */
  gsize       segment_len;
  guint       style;
  char       *href;
  gboolean    in_math;
  int         math_nested;   /* math spans md4c opened inside a math span */
  gboolean    math_display;
  GString    *math;
  const char *term_key;   /* inside a paired term */
  GString    *term_text;
  AbInlineStyle term_style;
  GString    *code;       /* fenced code being collected */
  guint       skipped;    /* md4c blocks left out for being too deep */
  gboolean    too_deep;   /* the nesting error has been reported */
  AbBlock    *deep_parent;   /* where it goes, once a text tells its line */
} ParseState;

/* The line of @p when it points into the segment (md4c hands over most text
 * and link targets as pointers into it), else the segment's first line. */
static int
line_at (const ParseState *st, const char *p)
{
  guintptr at = (guintptr) p, start = (guintptr) st->segment;
  int line = st->line;

  if (st->segment == NULL || at < start || at > start + st->segment_len)
    return line;
  for (const char *c = st->segment; c < p; c++)
    line += *c == '\n';
  return line;
}

/* Blocks between @block and the document (the document itself is 0). Bounded
 * by AB_MARKDOWN_MAX_DEPTH, since deeper blocks are never made. */
static int
block_depth (const AbBlock *block)
{
  int depth = 0;

  for (; block && block->parent; block = block->parent)
    depth++;
  return depth;
}

static void
add_error (ParseState *st, AbBlock *parent, int line, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
add_error (ParseState *st, AbBlock *parent, int line, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;
  AbBlock *error;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (st->errors, g_strdup_printf ("line %d: %s", line, message));
  /* Errors found inside inline content are shown after that block's container. */
  while (parent->parent && (parent->kind == AB_BLOCK_PARAGRAPH || parent->kind == AB_BLOCK_HEADING ||
                            parent->kind == AB_BLOCK_TABLE || parent->kind == AB_BLOCK_TABLE_ROW ||
                            parent->kind == AB_BLOCK_TABLE_CELL))
    parent = parent->parent;
  error = ab_block_new (AB_BLOCK_ERROR, parent);
  error->line = line;
  error->text = g_strdup_printf (_("Line %d: %s"), line, message);
}

static void
report_too_deep (ParseState *st, AbBlock *parent, int line)
{
  if (st->too_deep)
    return;
  st->too_deep = TRUE;
  add_error (st, parent, line, _("nesting deeper than %d levels"), AB_MARKDOWN_MAX_DEPTH);
}

/* Shortcode syntax ----------------------------------------------------- */

typedef struct
{
  gboolean    closing;
  char       *name;
  GHashTable *attrs;    /* "key" → "value"; a bare "value" is stored as "" */
} Shortcode;

static void
shortcode_clear (Shortcode *sc)
{
  g_free (sc->name);
  g_clear_pointer (&sc->attrs, g_hash_table_unref);
}

/* Parse the inside of {{< … >}}; FALSE with @error set on bad syntax. */
static gboolean
parse_shortcode (const char *inner, Shortcode *sc, char **error)
{
  const char *p = inner;

  memset (sc, 0, sizeof *sc);
  sc->attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '/')
    {
      sc->closing = TRUE;
      p++;
    }
  {
    const char *start = p;
    while (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
      p++;
    if (p == start)
      {
        *error = g_strdup (_("shortcode without a name"));
        return FALSE;
      }
    sc->name = g_strndup (start, p - start);
  }
  for (;;)
    {
      const char *kstart, *vstart;
      char *key, *value;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return TRUE;
      kstart = p;
      while (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        p++;
      key = g_strndup (kstart, p - kstart);
      if (*p == '=')
        p++;
      else if (p == kstart && *p == '"')
        {
          g_free (key);
          key = g_strdup ("");
        }
      else
        {
          *error = g_strdup_printf (_("shortcode “%s”: expected key=\"value\" near “%s”"), sc->name, kstart);
          g_free (key);
          return FALSE;
        }
      if (*p != '"')
        {
          *error = g_strdup_printf (_("shortcode “%s”: value of “%s” must be in double quotes"), sc->name, key);
          g_free (key);
          return FALSE;
        }
      vstart = ++p;
      while (*p && *p != '"')
        p++;
      if (*p != '"')
        {
          *error = g_strdup_printf (_("shortcode “%s”: unterminated quote"), sc->name);
          g_free (key);
          return FALSE;
        }
      value = g_strndup (vstart, p - vstart);
      p++;
      g_hash_table_replace (sc->attrs, key, value);
    }
}

static const char *
shortcode_attr (Shortcode *sc, const char *key)
{
  const char *v = g_hash_table_lookup (sc->attrs, key);
  return v ? v : g_hash_table_lookup (sc->attrs, "");
}

/* md4c callbacks -------------------------------------------------------- */

static AbBlock *
ensure_inline_target (ParseState *st)
{
  if (st->inline_target)
    return st->inline_target;
  /* Tight list items carry text without a paragraph: give them one. */
  st->inline_target = ab_block_new (AB_BLOCK_PARAGRAPH, st->block);
  return st->inline_target;
}

static void
add_run (ParseState *st, AbInlineKind kind, const char *text, gsize len, const char *target)
{
  AbInline *run = ab_block_add_inline (ensure_inline_target (st), kind, st->style, text, len, st->href);

  if (target)
    run->target = g_strdup (target);
}

static void
flush_term (ParseState *st)
{
  if (st->term_key == NULL)
    return;
  {
    AbInline *run = ab_block_add_inline (ensure_inline_target (st), AB_INLINE_TERM,
                                         st->term_style, st->term_text->str, st->term_text->len, NULL);
    run->target = g_strdup (st->term_key);
  }
  st->term_key = NULL;
  g_string_truncate (st->term_text, 0);
}

/* Text with markers: split it into runs, resolving the inline shortcodes. */
static void
add_text (ParseState *st, const char *text, gsize len)
{
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *open = g_strstr_len (p, end - p, MARK_OPEN);
      const char *close = g_strstr_len (p, end - p, MARK_CLOSE);
      const char *next = open && (!close || open < close) ? open : close;
      gsize plain = next ? (gsize) (next - p) : (gsize) (end - p);

      if (plain > 0)
        {
          if (st->term_key)
            g_string_append_len (st->term_text, p, plain);
          else
            add_run (st, AB_INLINE_TEXT, p, plain, NULL);
        }
      if (!next)
        break;
      if (next == close)
        {
          flush_term (st);
          p = close + strlen (MARK_CLOSE);
          continue;
        }
      {
        const char *idx_start = open + strlen (MARK_OPEN);
        const char *sep = g_strstr_len (idx_start, end - idx_start, MARK_SEP);
        guint idx = (guint) g_ascii_strtoull (idx_start, NULL, 10);
        InlineCode *code = idx < st->codes->len ? g_ptr_array_index (st->codes, idx) : NULL;

        p = sep ? sep + strlen (MARK_SEP) : end;
        if (code == NULL)
          continue;
        if (g_str_equal (code->name, "value"))
          add_run (st, AB_INLINE_VALUE, "", 0, code->key);
        else if (g_str_equal (code->name, "term-open"))
          {
            flush_term (st);
            st->term_key = code->key;
            st->term_style = st->style;
          }
        else /* a self-contained term: the glossary supplies the words */
          add_run (st, AB_INLINE_TERM, "", 0, code->key);
      }
    }
}

static int
enter_block (MD_BLOCKTYPE type, void *detail, void *user_data)
{
  ParseState *st = user_data;
  AbBlock *b = NULL;

  if (type == MD_BLOCK_DOC || type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
    return 0;
  if (st->skipped > 0 || block_depth (st->block) >= AB_MARKDOWN_MAX_DEPTH)
    {
      /* Too deep: its content joins the deepest block allowed. */
      /* reported at the first text inside, whose line md4c lets us know */
      if (st->skipped++ == 0 && !st->too_deep && st->deep_parent == NULL)
        st->deep_parent = st->block;
      return 0;
    }
  switch (type)
    {
    case MD_BLOCK_DOC:
      return 0;
    case MD_BLOCK_QUOTE:
      b = ab_block_new (AB_BLOCK_QUOTE, st->block);
      break;
    case MD_BLOCK_UL:
      b = ab_block_new (AB_BLOCK_LIST, st->block);
      break;
    case MD_BLOCK_OL:
      b = ab_block_new (AB_BLOCK_LIST, st->block);
      b->ordered = TRUE;
      b->level = (int) ((MD_BLOCK_OL_DETAIL *) detail)->start;
      break;
    case MD_BLOCK_LI:
      b = ab_block_new (AB_BLOCK_LIST_ITEM, st->block);
      break;
    case MD_BLOCK_HR:
      b = ab_block_new (AB_BLOCK_RULE, st->block);
      break;
    case MD_BLOCK_H:
      b = ab_block_new (AB_BLOCK_HEADING, st->block);
      b->level = (int) ((MD_BLOCK_H_DETAIL *) detail)->level;
      st->inline_target = b;
      break;
    case MD_BLOCK_CODE:
      {
        MD_BLOCK_CODE_DETAIL *d = detail;
        b = ab_block_new (AB_BLOCK_CODE, st->block);
        b->info = g_strndup (d->lang.text, d->lang.size);
        st->code = g_string_new (NULL);
      }
      break;
    case MD_BLOCK_HTML:
      b = ab_block_new (AB_BLOCK_PARAGRAPH, st->block);
      st->inline_target = b;
      break;
    case MD_BLOCK_P:
      b = ab_block_new (AB_BLOCK_PARAGRAPH, st->block);
      st->inline_target = b;
      break;
    case MD_BLOCK_TABLE:
      b = ab_block_new (AB_BLOCK_TABLE, st->block);
      break;
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
      return 0;
    case MD_BLOCK_TR:
      b = ab_block_new (AB_BLOCK_TABLE_ROW, st->block);
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      {
        MD_BLOCK_TD_DETAIL *d = detail;
        b = ab_block_new (AB_BLOCK_TABLE_CELL, st->block);
        b->align = d->align == MD_ALIGN_LEFT ? -1 : d->align == MD_ALIGN_CENTER ? 0
                   : d->align == MD_ALIGN_RIGHT ? 1 : 2;
        if (type == MD_BLOCK_TH)
          st->block->header = TRUE;
        st->inline_target = b;
      }
      break;
    default:
      return 0;
    }
  st->block = b;
  if (type == MD_BLOCK_LI)
    st->inline_target = NULL;
  return 0;
}

static int
leave_block (MD_BLOCKTYPE type, void *detail, void *user_data)
{
  ParseState *st = user_data;

  if (type == MD_BLOCK_DOC || type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY)
    return 0;
  if (st->skipped > 0)
    {
      st->skipped--;
      return 0;
    }
  flush_term (st);
  if (type == MD_BLOCK_CODE)
    {
      /* md4c hands over the code with its final newline; drop it. */
      if (st->code->len > 0 && st->code->str[st->code->len - 1] == '\n')
        g_string_truncate (st->code, st->code->len - 1);
      st->block->text = g_string_free (st->code, FALSE);
      st->code = NULL;
    }
  if (type == MD_BLOCK_P && st->block->inlines && st->block->inlines->len == 1)
    {
      /* A paragraph that is only $$…$$ is display math. */
      AbInline *run = g_ptr_array_index (st->block->inlines, 0);
      if (run->kind == AB_INLINE_MATH && g_strcmp0 (run->target, "display") == 0)
        {
          st->block->kind = AB_BLOCK_MATH;
          st->block->text = g_strdup (g_strstrip (run->text));
          g_clear_pointer (&st->block->inlines, g_ptr_array_unref);
        }
    }
  if (st->inline_target == st->block || type == MD_BLOCK_LI)
    st->inline_target = NULL;
  st->block = st->block->parent;
  return 0;
}

static int
enter_span (MD_SPANTYPE type, void *detail, void *user_data)
{
  ParseState *st = user_data;

  switch (type)
    {
    case MD_SPAN_EM:
      st->style |= AB_STYLE_EMPHASIS;
      break;
    case MD_SPAN_STRONG:
      st->style |= AB_STYLE_STRONG;
      break;
    case MD_SPAN_DEL:
      st->style |= AB_STYLE_STRIKE;
      break;
    case MD_SPAN_U:
      st->style |= AB_STYLE_UNDERLINE;
      break;
    case MD_SPAN_A:
      {
        MD_SPAN_A_DETAIL *d = detail;
        g_free (st->href);
        st->href = g_strndup (d->href.text, d->href.size);
        if (strncmp (st->href, "page:", 5) == 0 && validator.has_page &&
            !validator.has_page (st->href + 5))
          add_error (st, st->block, line_at (st, d->href.text), _("link to unknown page “%s”"), st->href + 5);
      }
      break;
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
      if (st->math)   /* md4c can nest $…$ in $$…$$: one run for the outer span */
        {
          st->math_nested++;
          break;
        }
      st->in_math = TRUE;
      st->math_display = type == MD_SPAN_LATEXMATH_DISPLAY;
      st->math = g_string_new (NULL);
      break;
    default:
      break;
    }
  return 0;
}

static int
leave_span (MD_SPANTYPE type, void *detail, void *user_data)
{
  ParseState *st = user_data;

  switch (type)
    {
    case MD_SPAN_EM:
      st->style &= ~AB_STYLE_EMPHASIS;
      break;
    case MD_SPAN_STRONG:
      st->style &= ~AB_STYLE_STRONG;
      break;
    case MD_SPAN_DEL:
      st->style &= ~AB_STYLE_STRIKE;
      break;
    case MD_SPAN_U:
      st->style &= ~AB_STYLE_UNDERLINE;
      break;
    case MD_SPAN_A:
      g_clear_pointer (&st->href, g_free);
      break;
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
      if (st->math_nested > 0 || !st->math)
        {
          if (st->math_nested > 0)
            st->math_nested--;
          break;
        }
      add_run (st, AB_INLINE_MATH, st->math->str, st->math->len,
               st->math_display ? "display" : NULL);
      g_string_free (st->math, TRUE);
      st->math = NULL;
      st->in_math = FALSE;
      break;
    default:
      break;
    }
  return 0;
}

static int
text_cb (MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user_data)
{
  ParseState *st = user_data;

  if (st->deep_parent)
    {
      report_too_deep (st, st->deep_parent, line_at (st, text));
      st->deep_parent = NULL;
    }
  if (st->code)
    {
      g_string_append_len (st->code, text, size);
      return 0;
    }
  if (st->in_math)
    {
      g_string_append_len (st->math, type == MD_TEXT_SOFTBR ? " " : text,
                           type == MD_TEXT_SOFTBR ? 1 : size);
      return 0;
    }
  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      break;
    case MD_TEXT_BR:
      flush_term (st);
      add_run (st, AB_INLINE_BREAK, "", 0, NULL);
      break;
    case MD_TEXT_SOFTBR:
      add_text (st, " ", 1);
      break;
    case MD_TEXT_CODE:
      add_run (st, AB_INLINE_CODE, text, size, NULL);
      break;
    case MD_TEXT_ENTITY:
      {
        /* The few named entities prose uses; numeric ones decoded. */
        g_autofree char *e = g_strndup (text, size);
        const char *out = e;
        char buf[8] = { 0 };
        if (g_str_equal (e, "&amp;")) out = "&";
        else if (g_str_equal (e, "&lt;")) out = "<";
        else if (g_str_equal (e, "&gt;")) out = ">";
        else if (g_str_equal (e, "&quot;")) out = "\"";
        else if (g_str_equal (e, "&nbsp;")) out = "\xc2\xa0";
        else if (e[1] == '#')
          {
            gunichar c = (gunichar) (e[2] == 'x' || e[2] == 'X' ? g_ascii_strtoull (e + 3, NULL, 16)
                                                                 : g_ascii_strtoull (e + 2, NULL, 10));
            g_unichar_to_utf8 (g_unichar_validate (c) ? c : 0xFFFD, buf);
            out = buf;
          }
        add_text (st, out, strlen (out));
      }
      break;
    default:
      add_text (st, text, size);
      break;
    }
  return 0;
}

static void
parse_markdown_segment (ParseState *st, AbBlock *container, const char *text, int line)
{
  MD_PARSER parser = {
    .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_LATEXMATHSPANS |
             MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_NOHTML,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = enter_span,
    .leave_span = leave_span,
    .text = text_cb,
  };

  st->block = container;
  st->inline_target = NULL;
  st->skipped = 0;
  st->line = line;
  st->segment = text;
  st->segment_len = strlen (text);
  st->style = 0;
  if (md_parse (text, (MD_SIZE) st->segment_len, &parser, st) != 0)
    add_error (st, container, line, _("the Markdown could not be parsed"));
  /* a too-deep block with no text in it */
  if (st->deep_parent)
    report_too_deep (st, st->deep_parent, line);
  st->deep_parent = NULL;
  st->segment = NULL;
}

/* Shortcode pass -------------------------------------------------------- */

/* Is the next shortcode after @p a {{< /term >}}? Then the term is paired. */
static gboolean
closes_term (const char *p)
{
  const char *next = strstr (p, "{{<");

  if (next == NULL)
    return FALSE;
  next += 3;
  while (*next == ' ')
    next++;
  return g_str_has_prefix (next, "/term") && !g_ascii_isalnum (next[5]) && next[5] != '-';
}

/* Replace inline shortcodes in @line by markers; errors become messages. */
static char *
replace_inline_shortcodes (ParseState *st, AbBlock *container, const char *line, int lineno)
{
  GString *out = g_string_new (NULL);
  const char *p = line;

  for (;;)
    {
      const char *open = strstr (p, "{{<");
      const char *close;
      g_autofree char *inner = NULL;
      g_autofree char *error = NULL;
      Shortcode sc;

      if (!open)
        break;
      close = strstr (open, ">}}");
      g_string_append_len (out, p, open - p);
      if (!close)
        {
          add_error (st, container, lineno, _("unterminated shortcode “%s”"), open);
          p = open + strlen (open);
          break;
        }
      inner = g_strndup (open + 3, close - open - 3);
      p = close + 3;
      if (!parse_shortcode (inner, &sc, &error))
        {
          add_error (st, container, lineno, "%s", error);
          shortcode_clear (&sc);
          continue;
        }
      if (g_str_equal (sc.name, "term") && sc.closing)
        g_string_append (out, MARK_CLOSE);
      else if ((g_str_equal (sc.name, "term") || g_str_equal (sc.name, "value")) && !sc.closing)
        {
          const char *key = shortcode_attr (&sc, "key");
          g_autoptr (GError) value_error = NULL;
          gboolean is_term = g_str_equal (sc.name, "term");
          gboolean paired = is_term && closes_term (p);
          InlineCode *code;

          if (key == NULL || *key == '\0')
            add_error (st, container, lineno, _("shortcode “%s” needs key=\"…\""), sc.name);
          else if (is_term && validator.has_term && !validator.has_term (key))
            add_error (st, container, lineno, _("unknown glossary term “%s”"), key);
          else if (!is_term && validator.check_value && !validator.check_value (key, &value_error))
            {
              add_error (st, container, lineno, "%s", value_error->message);
              g_clear_error (&value_error);
            }
          else
            {
              code = g_new0 (InlineCode, 1);
              code->name = g_strdup (is_term ? (paired ? "term-open" : "term") : "value");
              code->key = g_strdup (key);
              code->line = lineno;
              g_ptr_array_add (st->codes, code);
              g_string_append_printf (out, MARK_OPEN "%u" MARK_SEP, st->codes->len - 1);
            }
        }
      else if (g_str_equal (sc.name, "diagram") || g_str_equal (sc.name, "callout") ||
               g_str_equal (sc.name, "lab") || g_str_equal (sc.name, "slide") ||
               g_str_equal (sc.name, "notes"))
        add_error (st, container, lineno, _("shortcode “%s” must stand on a line of its own"), sc.name);
      else
        add_error (st, container, lineno, _("unknown shortcode “%s”"), sc.name);
      shortcode_clear (&sc);
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Does @text start with the shortcode name @name as a whole word? */
static gboolean
starts_with_name (const char *text, const char *name)
{
  gsize len = strlen (name);

  return strncmp (text, name, len) == 0 && !g_ascii_isalnum (text[len]) && text[len] != '-' &&
         text[len] != '_';
}

/* A whole line that is one block shortcode? Returns its inner text. */
static char *
block_shortcode (const char *line)
{
  g_autofree char *s = g_strstrip (g_strdup (line));
  gsize len = strlen (s);

  if (len < 6 || !g_str_has_prefix (s, "{{<") || !g_str_has_suffix (s, ">}}"))
    return NULL;
  if (strstr (s + 3, "{{<") != NULL)
    return NULL;
  {
    g_autofree char *inner = g_strndup (s + 3, len - 6);
    g_autofree char *name = g_strstrip (g_strdup (inner));
    const char *n = name[0] == '/' ? name + 1 : name;
    if (!g_str_has_prefix (n, "diagram") && !g_str_has_prefix (n, "callout") &&
        !starts_with_name (n, "lab") && !starts_with_name (n, "slide") && !starts_with_name (n, "notes"))
      return NULL;
    return g_steal_pointer (&inner);
  }
}

/* {{< lab >}} or {{< lab max_n="…" >}}: a power of two, so the lab's N
 * sequence (256, 512, …) ends exactly there. */
static void
add_lab (ParseState *st, AbBlock *container, Shortcode *sc, int lineno)
{
  GHashTableIter iter;
  const char *key, *value;
  guint64 max_n = 0;
  AbBlock *lab;

  g_hash_table_iter_init (&iter, sc->attrs);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    {
      if (!g_str_equal (key, "max_n"))
        {
          add_error (st, container, lineno, _("lab shortcode: unknown attribute “%s” (it takes only max_n)"),
                     *key ? key : value);
          return;
        }
      if (!g_ascii_string_to_unsigned (value, 10, AB_LAB_MAX_N_LOWEST, AB_LAB_MAX_N_HIGHEST, &max_n, NULL) ||
          (max_n & (max_n - 1)) != 0)
        {
          add_error (st, container, lineno, _("lab shortcode: max_n must be a power of two from %d to %d (got “%s”)"),
                     AB_LAB_MAX_N_LOWEST, AB_LAB_MAX_N_HIGHEST, value);
          return;
        }
    }
  lab = ab_block_new (AB_BLOCK_LAB, container);
  lab->level = (int) max_n;
  lab->line = lineno;
}

/* Slides and notes ------------------------------------------------------ */

static const char *
container_name (const AbBlock *block)
{
  switch (block->kind)
    {
    case AB_BLOCK_SLIDE:
      return "slide";
    case AB_BLOCK_NOTES:
      return "notes";
    default:
      return "callout";
    }
}

/* The slide or notes block @block sits in (itself included), or NULL. */
static AbBlock *
enclosing (AbBlock *block, AbBlockKind kind)
{
  for (; block; block = block->parent)
    if (block->kind == kind)
      return block;
  return NULL;
}

/* {{< slide >}} / {{< slide title="…" >}}: only on the page's top level, so
 * a slide's content is what a reader sees there too. */
static AbBlock *
open_slide (ParseState *st, AbBlock *container, Shortcode *sc, int lineno)
{
  GHashTableIter iter;
  const char *key, *value;
  AbBlock *slide;

  g_hash_table_iter_init (&iter, sc->attrs);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    if (!g_str_equal (key, "title"))
      {
        add_error (st, container, lineno, _("slide shortcode: unknown attribute “%s” (it takes only title)"),
                   *key ? key : value);
        return container;
      }
  if (container->kind != AB_BLOCK_DOCUMENT)
    {
      add_error (st, container, lineno,
                 _("{{< slide >}} must be on the page’s top level, not inside the %s opened on line %d"),
                 container_name (container), container->line);
      return container;
    }
  slide = ab_block_new (AB_BLOCK_SLIDE, container);
  slide->info = g_strdup (g_hash_table_lookup (sc->attrs, "title"));
  slide->line = lineno;
  return slide;
}

/* {{< notes >}}: speaker notes, on the top level (for the slide before
 * them) or inside a slide (for that one). */
static AbBlock *
open_notes (ParseState *st, AbBlock *container, Shortcode *sc, int lineno)
{
  AbBlock *notes;

  if (g_hash_table_size (sc->attrs) > 0)
    {
      add_error (st, container, lineno, _("notes shortcode takes no attributes"));
      return container;
    }
  if (container->kind != AB_BLOCK_DOCUMENT && container->kind != AB_BLOCK_SLIDE)
    {
      add_error (st, container, lineno,
                 _("{{< notes >}} must be on the page’s top level or in a slide, not inside the %s opened on line %d"),
                 container_name (container), container->line);
      return container;
    }
  notes = ab_block_new (AB_BLOCK_NOTES, container);
  notes->line = lineno;
  return notes;
}

/* {{< /slide >}} or {{< /notes >}}: closes the innermost block of @kind,
 * and whatever is still open inside it (with an error). */
static AbBlock *
close_container (ParseState *st, AbBlock *container, AbBlockKind kind, int lineno)
{
  const char *name = kind == AB_BLOCK_SLIDE ? "slide" : "notes";
  AbBlock *target = enclosing (container, kind);

  if (target == NULL)
    {
      add_error (st, container, lineno, _("{{< /%s >}} without an open %s"), name, name);
      return container;
    }
  for (; container != target; container = container->parent)
    add_error (st, container, lineno, _("{{< /%s >}} closes the %s opened on line %d, which is still open"),
               name, container_name (container), container->line);
  if (target->children == NULL || target->children->len == 0)
    add_error (st, target->parent, lineno, _("the %s opened on line %d is empty"), name, target->line);
  return target->parent;
}

/* Why a diagram or the lab cannot go here, or NULL when it can. */
static char *
refuse_figure (AbBlock *container, const char *what)
{
  AbBlock *notes = enclosing (container, AB_BLOCK_NOTES);
  AbBlock *slide = enclosing (container, AB_BLOCK_SLIDE);

  if (notes)
    return g_strdup_printf (_("speaker notes (line %d) cannot show %s"), notes->line, what);
  if (slide)
    return g_strdup_printf (_("%s is a slide of its own: move it out of the slide opened on line %d"),
                            what, slide->line);
  return NULL;
}

static void
inline_code_free (InlineCode *code)
{
  g_free (code->name);
  g_free (code->key);
  g_free (code);
}

static gboolean
fence_line (const char *line)
{
  while (*line == ' ')
    line++;
  return g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~");
}

/* The body's lines, like g_strsplit (body, "\n", -1), in one pass with
 * memchr: g_strsplit calls strstr once per line, which sanitizers turn
 * into a strlen of the rest of the body each time (quadratic). */
static char **
split_lines (const char *body)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *p = body, *end = body + strlen (body);

  for (; *body != '\0';)   /* an empty body has no lines, as with g_strsplit */
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      g_ptr_array_add (lines, g_strndup (p, (gsize) ((nl ? nl : end) - p)));
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

AbBlock *
ab_markdown_parse (const char *body, int first_line, GPtrArray *errors)
{
  ParseState st = { 0 };
  AbBlock *doc = ab_block_new (AB_BLOCK_DOCUMENT, NULL);
  AbBlock *container = doc;
  g_auto (GStrv) lines = split_lines (body);
  GString *segment = g_string_new (NULL);
  int segment_line = first_line;
  gboolean in_fence = FALSE;
  guint skipped_callouts = 0;   /* opened too deep: their closes are consumed */

  st.errors = errors;
  st.codes = g_ptr_array_new_with_free_func ((GDestroyNotify) inline_code_free);
  st.term_text = g_string_new (NULL);
  doc->line = first_line;

#define FLUSH_SEGMENT()                                                     \
  G_STMT_START {                                                            \
    if (segment->len > 0)                                                   \
      parse_markdown_segment (&st, container, segment->str, segment_line);  \
    g_string_truncate (segment, 0);                                         \
  } G_STMT_END

  for (guint i = 0; lines[i]; i++)
    {
      int lineno = first_line + (int) i;
      g_autofree char *inner = NULL;

      if (segment->len == 0)
        segment_line = lineno;
      if (fence_line (lines[i]))
        in_fence = !in_fence;
      if (in_fence || fence_line (lines[i]))
        {
          g_string_append_printf (segment, "%s\n", lines[i]);
          continue;
        }

      inner = block_shortcode (lines[i]);
      if (inner == NULL)
        {
          g_autofree char *replaced = replace_inline_shortcodes (&st, container, lines[i], lineno);
          g_string_append_printf (segment, "%s\n", replaced);
          continue;
        }

      FLUSH_SEGMENT ();
      {
        g_autofree char *error = NULL;
        g_autofree char *refused = NULL;
        Shortcode sc;

        if (!parse_shortcode (inner, &sc, &error))
          add_error (&st, container, lineno, "%s", error);
        else if ((g_str_equal (sc.name, "diagram") || g_str_equal (sc.name, "lab")) && !sc.closing &&
                 (refused = refuse_figure (container, g_str_equal (sc.name, "lab") ? _("the lab")
                                                                                    : _("a diagram"))))
          add_error (&st, container, lineno, "%s", refused);
        else if (g_str_equal (sc.name, "diagram") && !sc.closing)
          {
            const char *name = shortcode_attr (&sc, "name");
            if (name == NULL || *name == '\0')
              add_error (&st, container, lineno, _("diagram shortcode needs name=\"…\""));
            else if (validator.has_diagram && !validator.has_diagram (name))
              add_error (&st, container, lineno, _("unknown diagram “%s”"), name);
            else
              {
                AbBlock *d = ab_block_new (AB_BLOCK_DIAGRAM, container);
                d->text = g_strdup (name);
                d->line = lineno;
              }
          }
        else if (g_str_equal (sc.name, "callout") && !sc.closing)
          {
            const char *type = shortcode_attr (&sc, "type");
            if (type == NULL || !g_strv_contains (ab_callout_types, type))
              add_error (&st, container, lineno,
                         _("callout type must be one of why, example, note (got “%s”)"),
                         type ? type : "");
            else if (skipped_callouts > 0 || block_depth (container) >= AB_MARKDOWN_MAX_DEPTH)
              {
                skipped_callouts++;
                report_too_deep (&st, container, lineno);
              }
            else
              {
                container = ab_block_new (AB_BLOCK_CALLOUT, container);
                container->text = g_strdup (type);
                container->info = g_strdup (g_hash_table_lookup (sc.attrs, "title"));
                container->line = lineno;
              }
          }
        else if (g_str_equal (sc.name, "lab") && !sc.closing)
          add_lab (&st, container, &sc, lineno);
        else if (g_str_equal (sc.name, "lab"))
          add_error (&st, container, lineno, _("{{< /lab >}}: the lab has no closing shortcode"));
        else if (g_str_equal (sc.name, "slide"))
          container = sc.closing ? close_container (&st, container, AB_BLOCK_SLIDE, lineno)
                                 : open_slide (&st, container, &sc, lineno);
        else if (g_str_equal (sc.name, "notes"))
          container = sc.closing ? close_container (&st, container, AB_BLOCK_NOTES, lineno)
                                 : open_notes (&st, container, &sc, lineno);
        else if (g_str_equal (sc.name, "callout") && sc.closing)
          {
            if (skipped_callouts > 0)
              skipped_callouts--;
            else if (container->kind == AB_BLOCK_CALLOUT)
              container = container->parent;
            else
              add_error (&st, container, lineno, _("{{< /callout >}} without an open callout"));
          }
        else
          add_error (&st, container, lineno, _("unknown shortcode “%s”"), sc.name);
        shortcode_clear (&sc);
      }
    }
  FLUSH_SEGMENT ();
#undef FLUSH_SEGMENT

  while (container->parent)
    {
      add_error (&st, container, container->line, _("%s is never closed with {{< /%s >}}"),
                 container_name (container), container_name (container));
      container = container->parent;
    }

  g_string_free (segment, TRUE);
  g_string_free (st.term_text, TRUE);
  g_free (st.href);
  g_ptr_array_unref (st.codes);
  return doc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-markdown.c — a page's shortcodes for Hugo, line by line
 *
 * The same two passes as the app's parser (ab-markdown.c). Line by line:
 * fenced code is copied, block shortcodes become HTML, inline ones become
 * private-use markers; the presenter's notes are dropped and the slide
 * marks removed. Each run of Markdown between block shortcodes then goes to
 * ab_hugo_locate_rewrite() (math, links, headings), and last the markers
 * become their HTML.
 */
#define G_LOG_DOMAIN "ab-hugo-markdown"

#include "ab-hugo-markdown.h"
#include "ab-hugo-escape.h"
#include "ab-hugo-locate.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

/* The same private-use markers as the app's parser: U+E000 index U+E001. */
#define MARK_OPEN "\xee\x80\x80"
#define MARK_SEP  "\xee\x80\x81"

#define AB_HUGO_ERROR (g_quark_from_static_string ("ab-hugo-markdown-error"))

/* Shortcodes ---------------------------------------------------------------- */

typedef struct
{
  gboolean    closing;
  char       *name;
  GHashTable *attrs;
} Shortcode;

static void
shortcode_clear (Shortcode *sc)
{
  g_clear_pointer (&sc->name, g_free);
  g_clear_pointer (&sc->attrs, g_hash_table_unref);
}

/* The inside of {{< … >}}: a name, then key="value" pairs (or one bare "value"). */
static gboolean
parse_shortcode (const char *inner, Shortcode *sc)
{
  const char *p = inner, *start;

  memset (sc, 0, sizeof *sc);
  sc->attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '/')
    sc->closing = TRUE, p++;
  for (start = p; g_ascii_isalnum (*p) || *p == '-' || *p == '_'; p++)
    ;
  if (p == start)
    return FALSE;
  sc->name = g_strndup (start, p - start);
  for (;;)
    {
      const char *key_start, *key_end, *value_start;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return TRUE;
      for (key_start = p; g_ascii_isalnum (*p) || *p == '-' || *p == '_'; p++)
        ;
      key_end = p;
      if (*p == '=')
        p++;
      else if (p != key_start || *p != '"')
        return FALSE;
      if (*p++ != '"')
        return FALSE;
      for (value_start = p; *p && *p != '"'; p++)
        ;
      if (*p != '"')
        return FALSE;
      g_hash_table_replace (sc->attrs, g_strndup (key_start, key_end - key_start),
                            g_strndup (value_start, p - value_start));
      p++;
    }
}

static const char *
shortcode_attr (Shortcode *sc, const char *key)
{
  const char *v = g_hash_table_lookup (sc->attrs, key);
  return v ? v : g_hash_table_lookup (sc->attrs, "");
}

/* A whole line that is one shortcode of these names: its inside. */
static char *
block_shortcode (const char *line)
{
  static const char *const block_names[] = { "diagram", "callout", "lab", "notes", "slide" };
  g_autofree char *s = g_strstrip (g_strdup (line));
  gsize len = strlen (s);
  g_autofree char *inner = NULL;
  const char *name;

  if (len < 6 || !g_str_has_prefix (s, "{{<") || !g_str_has_suffix (s, ">}}") ||
      strstr (s + 3, "{{<") != NULL)
    return NULL;
  inner = g_strndup (s + 3, len - 6);
  for (name = inner; g_ascii_isspace (*name) || *name == '/'; name++)
    ;
  for (guint i = 0; i < G_N_ELEMENTS (block_names); i++)
    {
      gsize n = strlen (block_names[i]);
      if (strncmp (name, block_names[i], n) == 0 && !g_ascii_isalnum (name[n]) && name[n] != '-' &&
          name[n] != '_')
        return g_steal_pointer (&inner);
    }
  return NULL;
}

static gboolean
fence_line (const char *line)
{
  while (*line == ' ')
    line++;
  return g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~");
}

/* The translation ------------------------------------------------------------ */

typedef struct
{
  const AbHugoMarkdownContext *ctx;
  GString   *out;
  GPtrArray *markers;       /* HTML for marker i */
  GString   *segment;
  int        segment_line;
  gboolean   dropping_notes;
  GError    *error;
} Translation;

static void
set_error (Translation *tr, int line, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
set_error (Translation *tr, int line, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (tr->error)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  tr->error = g_error_new (AB_HUGO_ERROR, 0, _("line %d: %s"), line, message);
}

/* Markers → HTML, into @out. */
static void
append_resolving_markers (Translation *tr, GString *out, const char *text)
{
  const char *p = text;

  for (;;)
    {
      const char *open = strstr (p, MARK_OPEN), *sep;
      guint index;

      if (open == NULL)
        break;
      g_string_append_len (out, p, open - p);
      index = (guint) g_ascii_strtoull (open + strlen (MARK_OPEN), NULL, 10);
      sep = strstr (open, MARK_SEP);
      p = sep ? sep + strlen (MARK_SEP) : open + strlen (open);
      if (index < tr->markers->len)
        g_string_append (out, g_ptr_array_index (tr->markers, index));
    }
  g_string_append (out, p);
}

static void
flush_segment (Translation *tr)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *edited = NULL;

  if (tr->segment->len == 0)
    return;
  edited = ab_hugo_locate_rewrite (tr->segment->str, tr->ctx->heading_shift, tr->ctx->link, tr->ctx->user_data,
                                   &error);
  if (edited == NULL)
    set_error (tr, tr->segment_line, "%s", error->message);
  else
    append_resolving_markers (tr, tr->out, edited);
  g_string_truncate (tr->segment, 0);
}

/* Lines of @html, each after @indent, as a block with blank lines around. */
static void
append_block (Translation *tr, const char *indent, const char *html)
{
  g_auto (GStrv) lines = g_strsplit (html, "\n", -1);

  if (tr->out->len > 0 && !g_str_has_suffix (tr->out->str, "\n\n"))
    g_string_append (tr->out, tr->out->str[tr->out->len - 1] == '\n' ? "\n" : "\n\n");
  for (guint i = 0; lines[i]; i++)
    if (*lines[i] || lines[i + 1])
      g_string_append_printf (tr->out, "%s%s\n", *lines[i] ? indent : "", lines[i]);
  g_string_append_c (tr->out, '\n');
}

static const char *
callout_label (const char *type)
{
  if (g_strcmp0 (type, "why") == 0)
    return _("Why this matters");
  if (g_strcmp0 (type, "example") == 0)
    return _("Worked example");
  return _("Note");
}

static void
block_shortcode_html (Translation *tr, const char *line, const char *inner, int lineno)
{
  g_autofree char *indent = g_strndup (line, strspn (line, " \t"));
  Shortcode sc;

  if (!parse_shortcode (inner, &sc))
    {
      set_error (tr, lineno, _("malformed shortcode “{{<%s>}}”"), inner);
      shortcode_clear (&sc);
      return;
    }
  if (g_str_equal (sc.name, "notes"))
    tr->dropping_notes = !sc.closing;
  else if (g_str_equal (sc.name, "slide"))
    ;   /* a slide's content is the page's: only the marks go */
  else if (g_str_equal (sc.name, "diagram") && !sc.closing)
    {
      const char *name = shortcode_attr (&sc, "name");
      g_autofree char *html = name && tr->ctx->diagram ? tr->ctx->diagram (name, tr->ctx->user_data) : NULL;
      if (html == NULL)
        set_error (tr, lineno, _("unknown diagram “%s”"), name ? name : "");
      else
        append_block (tr, indent, html);
    }
  else if (g_str_equal (sc.name, "lab") && !sc.closing)
    {
      const char *max_n = g_hash_table_lookup (sc.attrs, "max_n");
      g_autofree char *html = tr->ctx->lab ? tr->ctx->lab (max_n ? atoi (max_n) : 0, tr->ctx->user_data) : NULL;
      if (html)
        append_block (tr, indent, html);
    }
  else if (g_str_equal (sc.name, "callout") && !sc.closing)
    {
      const char *type = shortcode_attr (&sc, "type");
      const char *title = g_hash_table_lookup (sc.attrs, "title");
      g_autofree char *safe_type = g_strcanon (g_strdup (type ? type : "note"), "abcdefghijklmnopqrstuvwxyz", '-');
      g_autofree char *escaped = ab_hugo_html_escape (title && *title ? title : callout_label (type));
      g_autofree char *html = g_strdup_printf ("<div class=\"ab-callout ab-callout-%s\" role=\"note\">\n"
                                               "<p class=\"ab-callout-title\">%s</p>",
                                               safe_type, escaped);
      append_block (tr, indent, html);
    }
  else if (g_str_equal (sc.name, "callout"))
    append_block (tr, indent, "</div>");
  else
    set_error (tr, lineno, _("shortcode “%s” cannot be exported"), sc.name);
  shortcode_clear (&sc);
}

/* Is the next shortcode after @p a {{< /term >}}? Then the term is paired
 * (the same rule as the app's parser). */
static gboolean
closes_term (const char *p)
{
  const char *next = strstr (p, "{{<");

  if (next == NULL)
    return FALSE;
  for (next += 3; *next == ' '; next++)
    ;
  return g_str_has_prefix (next, "/term") && !g_ascii_isalnum (next[5]) && next[5] != '-';
}

static void
add_marker (Translation *tr, GString *out, char *html)
{
  g_ptr_array_add (tr->markers, html);
  g_string_append_printf (out, MARK_OPEN "%u" MARK_SEP, tr->markers->len - 1);
}

static char *
term_html (Translation *tr, const char *key, gboolean paired, int lineno)
{
  g_autofree char *words = NULL, *definition = NULL, *title = NULL, *text = NULL;

  if (tr->ctx->term == NULL || !tr->ctx->term (key, &words, &definition, tr->ctx->user_data))
    {
      set_error (tr, lineno, _("unknown glossary term “%s”"), key);
      return g_strdup ("");
    }
  title = ab_hugo_html_escape (definition ? definition : "");
  if (paired)
    return g_strdup_printf ("<abbr class=\"ab-term\" title=\"%s\" tabindex=\"0\">", title);
  text = ab_hugo_markdown_escape_text (words ? words : key);
  return g_strdup_printf ("<abbr class=\"ab-term\" title=\"%s\" tabindex=\"0\">%s</abbr>", title, text);
}

/* Inline shortcodes of one line → markers; notes dropped, slide marks removed. */
static char *
inline_shortcodes (Translation *tr, const char *line, int lineno)
{
  GString *out = g_string_new (NULL);
  const char *p = line;

  while (*p)
    {
      const char *open, *close;
      g_autofree char *inner = NULL;
      Shortcode sc;

      if (tr->dropping_notes)
        {
          const char *end = strstr (p, "{{<");
          /* Skip to a {{< /notes >}}; everything before it is the presenter's. */
          while (end)
            {
              const char *q = end + 3;
              while (*q == ' ')
                q++;
              if (g_str_has_prefix (q, "/notes"))
                break;
              end = strstr (end + 3, "{{<");
            }
          if (end == NULL)
            break;
          close = strstr (end, ">}}");
          if (close == NULL)
            break;
          tr->dropping_notes = FALSE;
          p = close + 3;
          continue;
        }
      open = strstr (p, "{{<");
      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      close = strstr (open, ">}}");
      if (close == NULL)
        {
          set_error (tr, lineno, _("unterminated shortcode “%s”"), open);
          break;
        }
      inner = g_strndup (open + 3, close - open - 3);
      p = close + 3;
      if (!parse_shortcode (inner, &sc))
        set_error (tr, lineno, _("malformed shortcode “{{<%s>}}”"), inner);
      else if (g_str_equal (sc.name, "notes"))
        tr->dropping_notes = !sc.closing;
      else if (g_str_equal (sc.name, "slide"))
        ;
      else if (g_str_equal (sc.name, "term") && sc.closing)
        add_marker (tr, out, g_strdup ("</abbr>"));
      else if (g_str_equal (sc.name, "term") || g_str_equal (sc.name, "value"))
        {
          const char *key = shortcode_attr (&sc, "key");
          if (key == NULL || *key == '\0')
            set_error (tr, lineno, _("shortcode “%s” needs key=\"…\""), sc.name);
          else if (g_str_equal (sc.name, "term"))
            add_marker (tr, out, term_html (tr, key, closes_term (p), lineno));
          else
            {
              g_autoptr (GError) error = NULL;
              g_autofree char *value = tr->ctx->value ? tr->ctx->value (key, tr->ctx->user_data, &error) : NULL;
              if (value == NULL)
                set_error (tr, lineno, "%s", error ? error->message : key);
              else
                add_marker (tr, out, ab_hugo_markdown_escape_text (value));
            }
        }
      else
        set_error (tr, lineno, _("shortcode “%s” cannot be exported here"), sc.name);
      shortcode_clear (&sc);
    }
  return g_string_free (out, FALSE);
}

char *
ab_hugo_markdown_translate (const char *body, const AbHugoMarkdownContext *context, GError **error)
{
  Translation tr = { 0 };
  g_auto (GStrv) lines = NULL;
  gboolean in_fence = FALSE;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  tr.ctx = context;
  tr.out = g_string_new (NULL);
  tr.segment = g_string_new (NULL);
  tr.markers = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (body, "\n", -1);

  for (guint i = 0; lines[i] && tr.error == NULL; i++)
    {
      int lineno = (int) i + 1;
      g_autofree char *inner = NULL;

      /* The last element after a final newline is no line. */
      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;
      if (tr.segment->len == 0)
        tr.segment_line = lineno;
      if (fence_line (lines[i]) && !tr.dropping_notes)
        in_fence = !in_fence;
      if ((in_fence || fence_line (lines[i])) && !tr.dropping_notes)
        {
          g_string_append_printf (tr.segment, "%s\n", lines[i]);
          continue;
        }
      inner = block_shortcode (lines[i]);
      if (inner && (!tr.dropping_notes || strstr (inner, "notes")))
        {
          flush_segment (&tr);
          block_shortcode_html (&tr, lines[i], inner, lineno);
          continue;
        }
      {
        g_autofree char *replaced = inline_shortcodes (&tr, lines[i], lineno);
        /* A line that held only speaker notes leaves nothing behind. */
        if (*replaced || *lines[i] == '\0')
          g_string_append_printf (tr.segment, "%s\n", replaced);
      }
    }
  if (tr.error == NULL)
    flush_segment (&tr);

  g_string_free (tr.segment, TRUE);
  g_ptr_array_unref (tr.markers);
  if (tr.error)
    {
      g_propagate_error (error, tr.error);
      g_string_free (tr.out, TRUE);
      return NULL;
    }
  return g_string_free (tr.out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-hugo-locate"

#include "ab-hugo-locate.h"
#include "ab-hugo-escape.h"

#include <glib/gi18n.h>
#include <md4c.h>
#include <string.h>

/* What md4c tells about one run of Markdown. */
typedef struct
{
  int          heading_shift;
  AbHugoLinkFunc link;
  gpointer     user_data;
  GError      *error;
  const char  *buf;
  gsize        len;
  GArray      *edits;
  gboolean     in_math, math_display;
  GString     *math;
  const char  *math_first, *math_end;
  gboolean     in_para, para_other;
  guint        para_maths;
  int          para_math_edit;   /* the edit of its last display span */
  char        *para_math_tex;    /* that span's TeX, stripped as the app does */
  int          heading_level;
  const char  *heading_first, *heading_end;
} Scan;

typedef struct
{
  gsize start, end;   /* bytes replaced (start == end: inserted) */
  char *text;
} Edit;

static void
scan_error (Scan *sc, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
scan_error (Scan *sc, const char *format, ...)
{
  va_list args;

  if (sc->error)
    return;
  va_start (args, format);
  sc->error = g_error_new_valist (g_quark_from_static_string ("ab-hugo-locate-error"), 0, format, args);
  va_end (args);
}

static gboolean
in_buffer (Scan *sc, const char *p)
{
  return p >= sc->buf && p <= sc->buf + sc->len;
}

static void
add_edit (Scan *sc, gsize start, gsize end, char *text)
{
  Edit e = { start, end, text };
  g_array_append_val (sc->edits, e);
}

/* The span's bytes, dollars included: from the text md4c gave back to the
 * delimiter, over the blanks (and quote markers) between. */
static gboolean
math_range (Scan *sc, gsize *start, gsize *end)
{
  gsize n = sc->math_display ? 2 : 1;
  const char *p = sc->math_first, *q = sc->math_end;

  while (p > sc->buf && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '>'))
    p--;
  while (q < sc->buf + sc->len && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '>'))
    q++;
  if ((gsize) (p - sc->buf) < n || strncmp (p - n, sc->math_display ? "$$" : "$", n) != 0 ||
      (gsize) (sc->buf + sc->len - q) < n || strncmp (q, sc->math_display ? "$$" : "$", n) != 0)
    return FALSE;
  *start = (gsize) (p - n - sc->buf);
  *end = (gsize) (q + n - sc->buf);
  return TRUE;
}

static int
scan_enter_block (MD_BLOCKTYPE type, void *detail, void *user_data)
{
  Scan *sc = user_data;

  if (type == MD_BLOCK_P)
    {
      sc->in_para = TRUE;
      sc->para_other = FALSE;
      sc->para_maths = 0;
      sc->para_math_edit = -1;
    }
  else if (type == MD_BLOCK_H)
    {
      sc->heading_level = (int) ((MD_BLOCK_H_DETAIL *) detail)->level;
      sc->heading_first = sc->heading_end = NULL;
    }
  return 0;
}

/* "## Title" gains heading_shift #s; "Title\n===" becomes "### Title". */
static void
shift_heading (Scan *sc)
{
  int shift = MIN (sc->heading_shift, 6 - sc->heading_level);
  const char *line = sc->heading_first, *hash;

  if (shift <= 0 || line == NULL)
    return;
  while (line > sc->buf && line[-1] != '\n')
    line--;
  hash = memchr (line, '#', (gsize) (sc->heading_first - line));
  if (hash)
    {
      add_edit (sc, (gsize) (hash - sc->buf), (gsize) (hash - sc->buf), g_strnfill (shift, '#'));
      return;
    }
  {
    /* Setext: the underline is the next line of = or -. */
    const char *under = strchr (sc->heading_end, '\n'), *end;
    g_autofree char *hashes = g_strnfill (sc->heading_level + shift, '#');

    while (*line == ' ')
      line++;
    if (under == NULL)
      return;
    under++;
    end = strchr (under, '\n');
    end = end ? end : under + strlen (under);
    add_edit (sc, (gsize) (line - sc->buf), (gsize) (line - sc->buf), g_strconcat (hashes, " ", NULL));
    add_edit (sc, (gsize) (under - sc->buf), (gsize) (end - sc->buf), g_strdup (""));
  }
}

static int
scan_leave_block (MD_BLOCKTYPE type, void *detail, void *user_data)
{
  Scan *sc = user_data;

  if (type == MD_BLOCK_P)
    {
      /* Alone in its paragraph, $$…$$ is a display block (as in the app):
       * an HTML block, out of goldmark's reach. */
      if (sc->para_maths == 1 && !sc->para_other && sc->para_math_edit >= 0)
        {
          Edit *e = &g_array_index (sc->edits, Edit, sc->para_math_edit);
          g_autofree char *escaped = ab_hugo_html_escape (sc->para_math_tex);
          const char *after = sc->buf + e->end;
          /* An HTML block runs to a blank line: make sure one follows. */
          gboolean blank_after = *after == '\0' || (after[0] == '\n' && (after[1] == '\n' || after[1] == '\0'));

          g_free (e->text);
          e->text = g_strdup_printf ("<div class=\"math math-display\">$$%s$$</div>%s", escaped,
                                     blank_after ? "" : "\n");
        }
      g_clear_pointer (&sc->para_math_tex, g_free);
      sc->in_para = FALSE;
    }
  else if (type == MD_BLOCK_H)
    {
      shift_heading (sc);
      sc->heading_level = 0;
    }
  return 0;
}

static int
scan_enter_span (MD_SPANTYPE type, void *detail, void *user_data)
{
  Scan *sc = user_data;

  if (type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY)
    {
      sc->in_math = TRUE;
      sc->math_display = type == MD_SPAN_LATEXMATH_DISPLAY;
      sc->math = g_string_new (NULL);
      sc->math_first = sc->math_end = NULL;
      return 0;
    }
  sc->para_other = TRUE;
  if (type == MD_SPAN_A)
    {
      MD_SPAN_A_DETAIL *d = detail;
      g_autofree char *href = g_strndup (d->href.text, d->href.size);
      g_autofree char *url = NULL;

      if (!g_str_has_prefix (href, "page:"))
        return 0;
      url = sc->link ? sc->link (href + 5, sc->user_data) : NULL;
      if (url == NULL)
        scan_error (sc, _("link to unknown page “%s”"), href + 5);
      else if (!in_buffer (sc, d->href.text))
        scan_error (sc, _("the link to “%s” is written in a way the export cannot rewrite"), href + 5);
      else
        add_edit (sc, (gsize) (d->href.text - sc->buf), (gsize) (d->href.text - sc->buf) + d->href.size,
                  g_steal_pointer (&url));
    }
  return 0;
}

static int
scan_leave_span (MD_SPANTYPE type, void *detail, void *user_data)
{
  Scan *sc = user_data;
  gsize start, end;

  if (type != MD_SPAN_LATEXMATH && type != MD_SPAN_LATEXMATH_DISPLAY)
    return 0;
  sc->in_math = FALSE;
  if (sc->math_first && math_range (sc, &start, &end))
    {
      if (sc->math_display && sc->in_para)
        {
          sc->para_math_edit = (int) sc->edits->len;
          g_free (sc->para_math_tex);
          sc->para_math_tex = g_strstrip (g_strdup (sc->math->str));
        }
      add_edit (sc, start, end, ab_hugo_markdown_inline_math (sc->math->str, sc->math_display));
    }
  sc->para_maths++;
  g_string_free (sc->math, TRUE);
  sc->math = NULL;
  return 0;
}

static int
scan_text (MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user_data)
{
  Scan *sc = user_data;
  gboolean mine = in_buffer (sc, text) && type != MD_TEXT_SOFTBR && type != MD_TEXT_BR;

  if (sc->heading_level && mine)
    {
      if (sc->heading_first == NULL)
        sc->heading_first = text;
      sc->heading_end = text + size;
    }
  if (sc->in_math)
    {
      /* The TeX exactly as the app collects it. */
      g_string_append_len (sc->math, type == MD_TEXT_SOFTBR ? " " : text, type == MD_TEXT_SOFTBR ? 1 : size);
      if (mine)
        {
          if (sc->math_first == NULL)
            sc->math_first = text;
          sc->math_end = text + size;
        }
      return 0;
    }
  if (sc->in_para && type != MD_TEXT_SOFTBR)
    for (MD_SIZE i = 0; i < size; i++)
      if (!g_ascii_isspace (text[i]))
        {
          sc->para_other = TRUE;
          break;
        }
  if (type == MD_TEXT_NORMAL && mine)
    {
      for (MD_SIZE i = 0; i < size; i++)
        if (text[i] == '<')
          {
            /* md4c is run without HTML, as in the app: a < is text. */
            gsize at = (gsize) (text + i - sc->buf);
            add_edit (sc, at, at + 1, g_strdup ("&lt;"));
          }
      if (size == 1 && text[0] == '$' && text > sc->buf && text[-1] == '\\')
        {
          /* An escaped dollar stays apart from any other, so KaTeX pairs neither. */
          gsize at = (gsize) (text - sc->buf);
          add_edit (sc, at - 1, at + 1, g_strdup ("<span class=\"ab-dollar\">$</span>"));
        }
    }
  return 0;
}

static int
compare_edits (gconstpointer a, gconstpointer b)
{
  const Edit *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

char *
ab_hugo_locate_rewrite (const char *markdown, int heading_shift, AbHugoLinkFunc link, gpointer user_data,
                        GError **error)
{
  MD_PARSER parser = {
    /* The app's flags (ab-markdown.c), so the spans are the ones it sees. */
    .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_LATEXMATHSPANS |
             MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_NOHTML,
    .enter_block = scan_enter_block,
    .leave_block = scan_leave_block,
    .enter_span = scan_enter_span,
    .leave_span = scan_leave_span,
    .text = scan_text,
  };
  Scan sc = { 0 };
  GString *edited;
  gsize at = 0;

  g_return_val_if_fail (markdown != NULL, NULL);

  sc.heading_shift = heading_shift;
  sc.link = link;
  sc.user_data = user_data;
  sc.buf = markdown;
  sc.len = strlen (markdown);
  sc.edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  sc.para_math_edit = -1;
  if (md_parse (sc.buf, (MD_SIZE) sc.len, &parser, &sc) != 0)
    scan_error (&sc, _("the Markdown could not be parsed"));
  if (sc.math)
    g_string_free (sc.math, TRUE);
  g_free (sc.para_math_tex);

  g_array_sort (sc.edits, compare_edits);
  edited = g_string_new (NULL);
  for (guint i = 0; i < sc.edits->len; i++)
    {
      Edit *e = &g_array_index (sc.edits, Edit, i);
      if (e->start >= at)
        {
          g_string_append_len (edited, sc.buf + at, e->start - at);
          g_string_append (edited, e->text);
          at = e->end;
        }
      g_free (e->text);
    }
  g_string_append_len (edited, sc.buf + at, sc.len - at);
  g_array_unref (sc.edits);
  if (sc.error)
    {
      g_propagate_error (error, sc.error);
      g_string_free (edited, TRUE);
      return NULL;
    }
  return g_string_free (edited, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-hugo-escape"

#include "ab-hugo-escape.h"

char *
ab_hugo_html_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      default: g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

void
ab_hugo_append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      unsigned char c = (unsigned char) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else if (c == '<' && p[1] == '/')
        {
          g_string_append (out, "<\\/");
          p++;
        }
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Would goldmark (CommonMark, GFM tables and strikethrough, Hugo's
 * typographer and linkify) act on character @i of @s? */
static gboolean
markdown_active (const char *s, gsize i)
{
  char c = s[i];

  switch (c)
    {
    case '\\': return g_ascii_ispunct (s[i + 1]);   /* an escape only before punctuation */
    case '_': case '*': case '`': case '[': case ']': case '<': case '>': case '&':
    case '~': case '|': case '\'': case '"': case '$':
      return TRUE;
    case '-': return s[i + 1] == '-' || (i > 0 && s[i - 1] == '-');   /* -- and --- */
    case '.': return s[i + 1] == '.' || (i > 0 && s[i - 1] == '.');   /* ... */
    case ':': return s[i + 1] == '/';                                 /* linkify's http:// */
    default: return FALSE;
    }
}

static void
append_escaped (GString *out, const char *s)
{
  for (gsize i = 0; s[i]; i++)
    if (markdown_active (s, i))
      g_string_append_printf (out, "&#%d;", (unsigned char) s[i]);
    else
      g_string_append_c (out, s[i]);
}

char *
ab_hugo_markdown_escape_text (const char *text)
{
  GString *out = g_string_new (NULL);
  append_escaped (out, text);
  return g_string_free (out, FALSE);
}

char *
ab_hugo_markdown_inline_math (const char *tex, gboolean display)
{
  GString *out = g_string_new (display ? "$$" : "$");
  append_escaped (out, tex);
  g_string_append (out, display ? "$$" : "$");
  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-front-matter"

#include "ab-front-matter.h"

#include <glib/gi18n.h>
#include <string.h>

/* Parse a double-quoted string at *p; advance past it. */
static char *
parse_quoted (const char **p)
{
  GString *s = g_string_new (NULL);
  const char *q = *p + 1;

  while (*q && *q != '"')
    {
      if (*q == '\\' && q[1])
        q++;
      g_string_append_c (s, *q++);
    }
  if (*q != '"')
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  *p = q + 1;
  return g_string_free (s, FALSE);
}

static GStrv
parse_list (const char *value, char **error, int line)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const char *p = value + 1;
  GStrv result;

  for (;;)
    {
      char *item;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == ']')
        break;
      if (*p != '"' || (item = parse_quoted (&p)) == NULL)
        {
          *error = g_strdup_printf (_("line %d: list items must be double-quoted strings"), line);
          g_strv_builder_unref (b);
          return NULL;
        }
      g_strv_builder_add (b, item);
      g_free (item);
      while (g_ascii_isspace (*p))
        p++;
      if (*p == ',')
        p++;
      else if (*p != ']')
        {
          *error = g_strdup_printf (_("line %d: expected “,” or “]” in list"), line);
          g_strv_builder_unref (b);
          return NULL;
        }
    }
  result = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return result;
}

gboolean
ab_front_matter_parse (const char *text, AbFrontMatter *fm, char **error)
{
  const char *p = text;
  int line = 1;

  memset (fm, 0, sizeof *fm);
  fm->scalars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fm->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  fm->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (strncmp (p, "---\n", 4) != 0)
    {
      *error = g_strdup (_("line 1: the file must start with front matter between “---” lines"));
      return FALSE;
    }
  p += 4;
  line = 2;

  for (;;)
    {
      const char *eol = strchr (p, '\n');
      g_autofree char *raw = NULL;
      char *colon, *key, *value;

      if (eol == NULL)
        {
          *error = g_strdup_printf (_("line %d: front matter is never closed with “---”"), line);
          return FALSE;
        }
      raw = g_strndup (p, eol - p);
      p = eol + 1;

      if (g_str_equal (g_strchomp (raw), "---"))
        break;
      if (*raw == '\0' || *raw == '#')
        {
          line++;
          continue;
        }
      colon = strchr (raw, ':');
      if (colon == NULL)
        {
          *error = g_strdup_printf (_("line %d: expected “key: value”, got “%s”"), line, raw);
          return FALSE;
        }
      *colon = '\0';
      key = g_strstrip (raw);
      value = g_strstrip (colon + 1);
      if (*key == '\0' || strspn (key, "abcdefghijklmnopqrstuvwxyz_-") != strlen (key))
        {
          *error = g_strdup_printf (_("line %d: bad key “%s”"), line, key);
          return FALSE;
        }
      if (g_hash_table_contains (fm->lines, key))
        {
          *error = g_strdup_printf (_("line %d: “%s” is given twice"), line, key);
          return FALSE;
        }
      g_hash_table_insert (fm->lines, g_strdup (key), GINT_TO_POINTER (line));

      if (*value == '[')
        {
          GStrv list;
          if (value[strlen (value) - 1] != ']' || (list = parse_list (value, error, line)) == NULL)
            {
              if (*error == NULL)
                *error = g_strdup_printf (_("line %d: list is not closed with “]”"), line);
              return FALSE;
            }
          g_hash_table_insert (fm->lists, g_strdup (key), list);
        }
      else if (*value == '"')
        {
          const char *q = value;
          char *s = parse_quoted (&q);
          if (s == NULL || *q != '\0')
            {
              g_free (s);
              *error = g_strdup_printf (_("line %d: unterminated or trailing text after quoted value"), line);
              return FALSE;
            }
          g_hash_table_insert (fm->scalars, g_strdup (key), s);
        }
      else
        g_hash_table_insert (fm->scalars, g_strdup (key), g_strdup (value));
      line++;
    }
  fm->body = p;
  fm->body_line = line + 1;
  return TRUE;
}

void
ab_front_matter_clear (AbFrontMatter *fm)
{
  g_clear_pointer (&fm->scalars, g_hash_table_unref);
  g_clear_pointer (&fm->lists, g_hash_table_unref);
  g_clear_pointer (&fm->lines, g_hash_table_unref);
}

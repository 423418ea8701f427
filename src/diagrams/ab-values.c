/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-values"

#include "ab-values.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (ab-value-error-quark, ab_value_error)

typedef enum { PART_LITERAL, PART_INT, PART_CHOICE, PART_WORD } PartKind;

typedef struct
{
  PartKind kind;
  char    *prefix;    /* literal text, or what stands before the placeholder */
  long     lo, hi;    /* PART_INT */
  GStrv    choices;   /* PART_CHOICE */
} Part;

static void
part_clear (Part *p)
{
  g_free (p->prefix);
  g_strfreev (p->choices);
}

static gboolean
parse_pattern_part (const char *text, Part *p)
{
  const char *open = strchr (text, '{');
  g_autofree char *inner = NULL;
  char *dots;

  memset (p, 0, sizeof *p);
  if (open == NULL)
    {
      p->kind = PART_LITERAL;
      p->prefix = g_strdup (text);
      return TRUE;
    }
  if (!g_str_has_suffix (open, "}"))
    return FALSE;
  p->prefix = g_strndup (text, open - text);
  inner = g_strndup (open + 1, strlen (open) - 2);
  if (g_str_equal (inner, "word"))
    p->kind = PART_WORD;
  else if ((dots = strstr (inner, "..")) != NULL)
    {
      p->kind = PART_INT;
      p->lo = strtol (inner, NULL, 10);
      p->hi = strtol (dots + 2, NULL, 10);
    }
  else
    {
      p->kind = PART_CHOICE;
      p->choices = g_strsplit (inner, "|", -1);
    }
  return TRUE;
}

/* Match one part; on failure, a message saying what the part should be. */
static gboolean
match_part (const Part *p, const char *text, AbValueArgs *args, char **why)
{
  const char *rest;

  if (p->kind == PART_LITERAL)
    {
      if (g_str_equal (text, p->prefix))
        return TRUE;
      *why = g_strdup_printf (_("should be “%s”"), p->prefix);
      return FALSE;
    }
  if (!g_str_has_prefix (text, p->prefix))
    {
      *why = g_strdup_printf (_("should start with “%s”"), p->prefix);
      return FALSE;
    }
  rest = text + strlen (p->prefix);
  if (args->n >= AB_VALUE_MAX_ARGS)
    {
      *why = g_strdup (_("has too many arguments"));
      return FALSE;
    }

  switch (p->kind)
    {
    case PART_INT:
      {
        char *end = NULL;
        long v;

        errno = 0;
        v = strtol (rest, &end, 10);
        if (end == rest || *end != '\0' || errno != 0)
          {
            *why = g_strdup_printf (_("should be “%s” and a whole number"), p->prefix);
            return FALSE;
          }
        if (v < p->lo || v > p->hi)
          {
            *why = g_strdup_printf (_("should be from %ld to %ld"), p->lo, p->hi);
            return FALSE;
          }
        args->ints[args->n] = (int) v;
        break;
      }
    case PART_CHOICE:
      {
        guint i;
        for (i = 0; p->choices[i]; i++)
          if (g_str_equal (rest, p->choices[i]))
            break;
        if (p->choices[i] == NULL)
          {
            g_autofree char *list = g_strjoinv (", ", p->choices);
            *why = g_strdup_printf (_("should be one of %s"), list);
            return FALSE;
          }
        args->ints[args->n] = (int) i;
        break;
      }
    case PART_WORD:
      if (*rest == '\0')
        {
          *why = g_strdup (_("should not be empty"));
          return FALSE;
        }
      args->ints[args->n] = 0;
      break;
    case PART_LITERAL:
    default:
      g_assert_not_reached ();
    }
  args->words[args->n++] = rest;
  return TRUE;
}

/* Split a pattern at the dots outside braces ("d{1..4096}" is one part). */
static GStrv
split_pattern (const char *pattern)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *start = pattern;
  int depth = 0;
  GStrv parts;

  for (const char *p = pattern;; p++)
    {
      if (*p == '{')
        depth++;
      else if (*p == '}')
        depth--;
      if (*p == '\0' || (*p == '.' && depth == 0))
        {
          g_autofree char *part = g_strndup (start, p - start);
          g_strv_builder_add (builder, part);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  parts = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return parts;
}

/* How far @key_parts (after the family) gets into @pattern: the number of
 * parts matched, and why it stopped (NULL when it matched all). */
static guint
match_spec (const AbValueSpec *spec, char **key_parts, AbValueArgs *args, char **why)
{
  g_auto (GStrv) pattern = split_pattern (spec->pattern);
  guint n_pat = g_strv_length (pattern), n_key = g_strv_length (key_parts), i;

  memset (args, 0, sizeof *args);
  *why = NULL;
  for (i = 0; i < n_pat && i < n_key; i++)
    {
      Part part;
      gboolean ok;

      if (!parse_pattern_part (pattern[i], &part))
        {
          *why = g_strdup_printf ("bad pattern “%s”", spec->pattern);
          return i;
        }
      ok = match_part (&part, key_parts[i], args, why);
      part_clear (&part);
      if (!ok)
        return i;
    }
  if (n_pat != n_key)
    *why = g_strdup_printf (g_dngettext (NULL, "should have %u part after the family",
                                         "should have %u parts after the family", n_pat), n_pat);
  return i;
}

/* The index of the first spec of @family that @key (split at dots into
 * @parts, which @args then points into) matches, with its arguments in
 * @args; −1 with @error naming the closest shape. */
static int
find_spec (const AbValueFamily *family, const char *key, char **parts, AbValueArgs *args, GError **error)
{
  g_autofree char *best_why = NULL;
  guint best = 0, n_key;
  int best_spec = -1;

  n_key = g_strv_length (parts);
  if (n_key == 0 || !g_str_equal (parts[0], family->family))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_UNKNOWN_FAMILY,
                   _("value “%s” is not in family “%s”"), key, family->family);
      return -1;
    }

  for (guint s = 0; s < family->n_specs; s++)
    {
      char *why = NULL;
      guint matched = match_spec (&family->specs[s], parts + 1, args, &why);

      if (why == NULL)
        return (int) s;
      /* Report against the shape the key came closest to. */
      if (best_spec < 0 || matched > best)
        {
          best = matched;
          best_spec = (int) s;
          g_free (best_why);
          best_why = why;
        }
      else
        g_free (why);
    }

  if (best_spec < 0)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_NO_MATCH,
                 _("value “%s”: family “%s” has no values"), key, family->family);
  else if (best + 1 < n_key)   /* a part of the key is wrong */
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_NO_MATCH,
                 _("value “%s”: part %u “%s” %s (closest shape: %s.%s)"), key, best + 2,
                 parts[best + 1], best_why, family->family, family->specs[best_spec].pattern);
  else
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_NO_MATCH,
                 _("value “%s” %s (closest shape: %s.%s)"), key, best_why, family->family,
                 family->specs[best_spec].pattern);
  return -1;
}

char *
ab_value_family_format (const AbValueFamily *family, const char *key, GError **error)
{
  g_auto (GStrv) parts = NULL;
  AbValueArgs args;
  int s;
  char *value;

  g_return_val_if_fail (family != NULL && key != NULL, NULL);
  parts = g_strsplit (key, ".", -1);
  if ((s = find_spec (family, key, parts, &args, error)) < 0)
    return NULL;
  value = family->specs[s].get (&args, error);
  if (value == NULL && error && *error == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("value “%s” could not be computed"), key);
  return value;
}

gboolean
ab_value_family_match (const AbValueFamily *family, const char *key, GError **error)
{
  g_auto (GStrv) parts = NULL;
  AbValueArgs args;

  g_return_val_if_fail (family != NULL && key != NULL, FALSE);
  parts = g_strsplit (key, ".", -1);
  return find_spec (family, key, parts, &args, error) >= 0;
}

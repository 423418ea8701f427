/* ab-book-values.c — the named values pages may quote
 *
 * Keys have the shape FAMILY.STAT[.ARGS…]. Each family belongs to the page
 * module that owns the kernel (see the table below); that module documents
 * its keys. Results are cached per key, so a page costs one kernel run.
 */
#define G_LOG_DOMAIN "ab-book-values"

#include "ab-book-values.h"
#include "ab-format.h"
#include "ab-values.h"
#include "ab-cost-values.h"
#include "ab-multihead-diagram.h"
#include "ab-posenc-diagram.h"
#include "ab-qkv-diagram.h"
#include "ab-bahdanau-diagram.h"
#include "ab-seq2seq-diagram.h"
#include "ab-luong-diagram.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Transitional: families not yet on typed tables (ab-values.h). */
static const struct
{
  const char *family;
  char     *(*format) (char **parts);
} families[] = {
  { "mha", ab_multihead_diagram_format_value },
  { "qkv", ab_qkv_diagram_format_value },
  { "posenc", ab_posenc_diagram_format_value },
  { "cost", ab_cost_format_value },
  { "bahdanau", ab_bahdanau_diagram_format_value },
  { "seq2seq", ab_seq2seq_diagram_format_value },
  { "luong", ab_luong_diagram_format_value },
};

char *
ab_book_value_number (double v)
{
  return ab_format_number (v);
}

gboolean
ab_book_value_parse_int (const char *s, char prefix, int min, int max, int *out)
{
  char *end = NULL;
  long v;

  if (s == NULL || s[0] != prefix)
    return FALSE;
  v = strtol (s + 1, &end, 10);
  if (end == s + 1 || *end != '\0' || v < min || v > max)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static GHashTable *
cache (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return table;
}

char *
ab_book_value_format (const char *key, GError **error)
{
  g_auto (GStrv) parts = NULL;
  char *value;

  g_return_val_if_fail (key != NULL, NULL);

  value = g_hash_table_lookup (cache (), key);
  if (value)
    return g_strdup (value);

  parts = g_strsplit (key, ".", -1);
  for (const AbValueFamily * const *f = ab_value_families (); *f; f++)
    if (g_strcmp0 (parts[0], (*f)->family) == 0)
      {
        value = ab_value_family_format (*f, key, error);
        if (value == NULL)
          return NULL;
        break;
      }
  for (guint i = 0; i < G_N_ELEMENTS (families) && value == NULL; i++)
    if (g_strcmp0 (parts[0], families[i].family) == 0)
      value = families[i].format (parts);

  if (value == NULL)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_UNKNOWN_FAMILY,
                   _("unknown computed value “%s”"), key);
      return NULL;
    }
  g_hash_table_insert (cache (), g_strdup (key), g_strdup (value));
  return value;
}

gboolean
ab_book_value_exists (const char *key)
{
  g_autofree char *value = ab_book_value_format (key, NULL);
  return value != NULL;
}

gboolean
ab_book_value_check (const char *key, GError **error)
{
  g_autofree char *value = ab_book_value_format (key, error);
  return value != NULL;
}

/* ab-book-values.c — the named values pages may quote
 *
 * Keys have the shape FAMILY.PART[.PART…]. Each family is a typed table
 * (ab-values.h) next to the kernel that computes it; the generated registry
 * lists them. Results are cached per key, so a page costs one kernel run.
 */
#define G_LOG_DOMAIN "ab-book-values"

#include "ab-book-values.h"
#include "ab-values.h"
#include "ab-diagram.h"

#include <glib/gi18n.h>

/* The formatted values by key. The background thread fills it
 * (ab-value-fetch.c) while the main thread reads it, hence the lock. */
static GMutex cache_lock;

static GHashTable *
cache (void)
{
  static GHashTable *table;

  if (table == NULL)
    table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return table;
}

static char *
cache_dup (const char *key)
{
  char *value;

  g_mutex_lock (&cache_lock);
  value = g_strdup (g_hash_table_lookup (cache (), key));
  g_mutex_unlock (&cache_lock);
  return value;
}

static void
cache_store (const char *key, const char *value)
{
  g_mutex_lock (&cache_lock);
  g_hash_table_insert (cache (), g_strdup (key), g_strdup (value));
  g_mutex_unlock (&cache_lock);
}

/* The family @key's first part names, or NULL with @error. */
static const AbValueFamily *
find_family (const char *key, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (key, ".", 2);

  for (const AbValueFamily * const *f = ab_value_families (); *f; f++)
    if (g_strcmp0 (parts[0], (*f)->family) == 0)
      return *f;
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_UNKNOWN_FAMILY, _("unknown computed value “%s”"), key);
  return NULL;
}

char *
ab_book_value_format (const char *key, GError **error)
{
  const AbValueFamily *family;
  char *value;

  g_return_val_if_fail (key != NULL, NULL);

  if ((value = cache_dup (key)))
    return value;
  if ((family = find_family (key, error)) == NULL)
    return NULL;
  /* The kernels behind a value share caches with the diagrams' updates.
   * The background thread may have formatted this one while we waited. */
  ab_kernels_lock ();
  if ((value = cache_dup (key)) == NULL && (value = ab_value_family_format (family, key, error)) != NULL)
    cache_store (key, value);
  ab_kernels_unlock ();
  return value;
}

char *
ab_book_value_peek (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return cache_dup (key);
}

gboolean
ab_book_value_check_shape (const char *key, GError **error)
{
  const AbValueFamily *family;
  gboolean known;

  g_return_val_if_fail (key != NULL, FALSE);
  g_mutex_lock (&cache_lock);
  known = g_hash_table_contains (cache (), key);
  g_mutex_unlock (&cache_lock);
  if (known)
    return TRUE;
  family = find_family (key, error);
  return family != NULL && ab_value_family_match (family, key, error);
}

gboolean
ab_book_value_exists (const char *key)
{
  return ab_book_value_check (key, NULL);
}

gboolean
ab_book_value_check (const char *key, GError **error)
{
  g_autofree char *value = ab_book_value_format (key, error);
  return value != NULL;
}

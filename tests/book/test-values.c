/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-values.c — every {{< value >}} key the book quotes, unchanged
 *
 * values-golden.tsv holds each key the pages use with the text it formats
 * to. The table was written by the diagram modules before they moved onto
 * typed value tables (ab-values.h); this keeps every key's output the same,
 * and checks that a bad key's error names the part that is wrong.
 * AB_WRITE_GOLDEN=1 rewrites the file from the book (after a deliberate change).
 */
#include "ab-book-values.h"
#include "ab-values.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static char *
golden_path (void)
{
  return g_build_filename (g_getenv ("AB_SOURCE_ROOT"), "tests", "book", "values-golden.tsv", NULL);
}

/* "2.3 × 10⁻⁷" → 2.3e-7; FALSE for anything else. */
static gboolean
parse_power_of_ten (const char *text, double *value)
{
  static const char *const digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  char *end = NULL;
  double mantissa = g_ascii_strtod (text, &end);
  const char *p = end;
  int exponent = 0, sign = 1, n = 0;

  if (end == text || !g_str_has_prefix (p, " × 10"))
    return FALSE;
  p += strlen (" × 10");
  if (g_str_has_prefix (p, "⁻"))
    {
      sign = -1;
      p += strlen ("⁻");
    }
  while (*p)
    {
      guint d;
      for (d = 0; d < G_N_ELEMENTS (digits) && !g_str_has_prefix (p, digits[d]); d++)
        ;
      if (d == G_N_ELEMENTS (digits))
        return FALSE;
      exponent = exponent * 10 + (int) d;
      p += strlen (digits[d]);
      n++;
    }
  *value = mantissa * pow (10, sign * exponent);
  return n > 0;
}

/* Float-rounding errors (an exact method's 2.3 × 10⁻⁷) depend on the
 * compiler and the instruction set: such a value matches within a factor
 * of two, every other value exactly. */
static gboolean
values_match (const char *got, const char *golden)
{
  double a, b;

  if (g_strcmp0 (got, golden) == 0)
    return TRUE;
  return parse_power_of_ten (got, &a) && parse_power_of_ten (golden, &b) && b > 0 && b < 1e-5 &&
         a > b / 2 && a < b * 2;
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every key="…" of a value shortcode in data/book, sorted, once. */
static GPtrArray *
book_keys (void)
{
  g_autofree char *book = g_build_filename (g_getenv ("AB_SOURCE_ROOT"), "data", "book", NULL);
  g_autoptr (GRegex) re = g_regex_new ("\\{\\{<\\s*value\\s+key=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) parts = g_dir_open (book, 0, NULL);
  const char *part;

  while (parts && (part = g_dir_read_name (parts)))
    {
      g_autofree char *folder = g_build_filename (book, part, NULL);
      g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autofree char *text = NULL;
          g_autoptr (GMatchInfo) match = NULL;

          if (!g_str_has_suffix (name, ".md") || !g_file_get_contents (path, &text, NULL, NULL))
            continue;
          for (g_regex_match (re, text, 0, &match); g_match_info_matches (match);
               g_match_info_next (match, NULL))
            {
              char *key = g_match_info_fetch (match, 1);
              if (g_hash_table_add (seen, key))
                g_ptr_array_add (keys, g_strdup (key));
            }
        }
    }
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static void
test_rounding_tolerance (void)
{
  g_assert_true (values_match ("2.2 × 10⁻⁷", "2.3 × 10⁻⁷"));
  g_assert_true (values_match ("9.6 × 10⁻⁸", "1.2 × 10⁻⁷"));
  g_assert_false (values_match ("4.7 × 10⁻⁷", "2.3 × 10⁻⁷"));
  g_assert_false (values_match ("3.6 × 10⁻⁴", "3.5 × 10⁻⁴"));   /* not a rounding error: exact */
  g_assert_false (values_match ("0.25", "0.26"));
  g_assert_false (values_match ("2.3 × 10⁻⁷ MiB", "2.3 × 10⁻⁷"));
}

static void
test_golden (void)
{
  g_autofree char *path = golden_path ();
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) keys = book_keys ();
  guint checked = 0;

  g_assert_cmpuint (keys->len, >, 50);
  if (g_getenv ("AB_WRITE_GOLDEN"))
    {
      g_autoptr (GString) out = g_string_new (NULL);
      for (guint i = 0; i < keys->len; i++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *v = ab_book_value_format (g_ptr_array_index (keys, i), &error);
          g_assert_no_error (error);
          g_string_append_printf (out, "%s\t%s\n", (char *) g_ptr_array_index (keys, i), v);
        }
      g_assert_true (g_file_set_contents (path, out->str, -1, NULL));
    }

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (lines[i], "\t", 2);
      g_autoptr (GError) error = NULL;
      g_autofree char *v = NULL;

      if (kv[0] == NULL || kv[1] == NULL)
        continue;
      v = ab_book_value_format (kv[0], &error);
      g_assert_no_error (error);
      if (!values_match (v, kv[1]))
        g_error ("value %s: “%s”, expected “%s”", kv[0], v, kv[1]);
      checked++;
    }
  /* Every key the book uses is in the table. */
  g_assert_cmpuint (checked, ==, keys->len);
}

static void
test_errors_name_the_part (void)
{
  static const char *const cases[][2] = {
    { "scoring.var.cubic.d64", "part 3 “cubic” should be one of additive, dot, scaled-dot" },
    { "scoring.var.dot.d99999", "part 4 “d99999” should be from 1 to 4096" },
    { "scoring.var.dot.x64", "part 4 “x64” should start with “d”" },
    { "nosuch.family", "unknown computed value “nosuch.family”" },
    { "scoring.var.dot", "value “scoring.var.dot” should have 3 parts after the family" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *v = ab_book_value_format (cases[i][0], &error);

      g_assert_null (v);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i][0], error->message, cases[i][1]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/values/golden", test_golden);
  g_test_add_func ("/values/rounding-tolerance", test_rounding_tolerance);
  g_test_add_func ("/values/errors-name-the-part", test_errors_name_the_part);
  return g_test_run ();
}

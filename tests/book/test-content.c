/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-content.c — every page of the book, read from the source tree
 *
 * Parses each page with the app's parser and validator, so a broken shortcode,
 * an unknown diagram, term, value or page, bad front matter or TeX that does
 * not typeset fails here with its file and line. Part 1 is also held to the
 * page anatomy of shared/CONTENT.md.
 */
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-math.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static AbBook *book;

typedef struct
{
  AbPage    *page;
  GPtrArray *problems;
  guint      n_diagrams, n_tables, n_code, n_math;
  gboolean   has_example, has_why;
  GString   *text;
} PageScan;

/* md4c reports no positions: find the formula in the source for its line. */
static int
source_line (AbPage *page, const char *tex, int fallback)
{
  const char *at = strstr (page->body, tex);
  int line = page->body_line;

  if (at == NULL)
    return fallback;
  for (const char *p = page->body; p < at; p++)
    line += *p == '\n';
  return line;
}

static void
check_math (PageScan *scan, const char *tex, gboolean display, int line)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AbMath) math = ab_math_new (tex, display, 16, &error);

  scan->n_math++;
  if (math == NULL)
    g_ptr_array_add (scan->problems, g_strdup_printf ("%s:%d: math “%s”: %s", scan->page->source_name,
                                                      source_line (scan->page, tex, line), tex,
                                                      error->message));
}

static gboolean
visit (AbBlock *block, gpointer user_data)
{
  PageScan *scan = user_data;

  switch (block->kind)
    {
    case AB_BLOCK_DIAGRAM:
      scan->n_diagrams++;
      break;
    case AB_BLOCK_TABLE:
      scan->n_tables++;
      break;
    case AB_BLOCK_CODE:
      scan->n_code++;
      break;
    case AB_BLOCK_MATH:
      check_math (scan, block->text, TRUE, block->line);
      break;
    case AB_BLOCK_CALLOUT:
      scan->has_example |= g_str_equal (block->text, "example");
      scan->has_why |= g_str_equal (block->text, "why");
      break;
    default:
      break;
    }
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);
      if (run->kind == AB_INLINE_MATH)
        check_math (scan, run->text, FALSE, block->line);
      g_string_append (scan->text, run->text);
      g_string_append_c (scan->text, ' ');
    }
  if (block->kind == AB_BLOCK_CODE && block->text)
    g_string_append (scan->text, block->text);
  return TRUE;
}

static void
scan_page (PageScan *scan, AbPage *page)
{
  memset (scan, 0, sizeof *scan);
  scan->page = page;
  scan->problems = g_ptr_array_new_with_free_func (g_free);
  scan->text = g_string_new (NULL);
  ab_block_walk (ab_page_get_document (page), visit, scan);
}

static void
scan_clear (PageScan *scan)
{
  g_ptr_array_unref (scan->problems);
  g_string_free (scan->text, TRUE);
}

static void
fail_with (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_book_structure (void)
{
  GPtrArray *errors = ab_book_get_errors (book);
  GPtrArray *parts = ab_book_get_parts (book);

  fail_with (errors);
  g_assert_cmpuint (parts->len, >=, 1);
  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      g_assert_nonnull (part->slug);
      g_assert_true (g_strv_contains ((const char * const *) part->categories, "Machine Learning"));
      g_assert_true (g_strv_contains ((const char * const *) part->tags, "attention"));
      /* The folder names the part: "part-1", "part-3-flash-attention-deep-dive". */
      g_assert_cmpint (part->number, ==, atoi (part->folder + strlen ("part-")));
      g_assert_cmpint (part->number, >, 0);
      if (i > 0)
        g_assert_cmpint (part->number, >, ((AbPart *) g_ptr_array_index (parts, i - 1))->number);
    }
  g_assert_cmpstr (((AbPart *) g_ptr_array_index (parts, 0))->slug, ==,
                   "attention-history-bahdanau-to-transformer");
}

static void
test_every_page_parses (void)
{
  GPtrArray *pages = ab_book_get_pages (book);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (pages, i);
      PageScan scan;

      scan_page (&scan, page);
      for (guint e = 0; e < page->errors->len; e++)
        g_ptr_array_add (problems, g_strdup (g_ptr_array_index (page->errors, e)));
      for (guint e = 0; e < scan.problems->len; e++)
        g_ptr_array_add (problems, g_strdup (g_ptr_array_index (scan.problems, e)));
      g_test_message ("%s: %u diagrams, %u math spans", page->id, scan.n_diagrams, scan.n_math);
      scan_clear (&scan);
    }
  fail_with (problems);
}

/* The arXiv ids each part's last page must list. */
typedef struct
{
  int                number;
  const char *const *ids;
} PartReferences;

static const char *const part1_refs[] = { "1409.3215", "1406.1078", "1409.0473", "1508.04025", "1706.03762", NULL };
static const char *const part3_refs[] = { "2205.14135", "2307.08691", "2407.08608", "1805.02867", "2112.05682", NULL };
static const PartReferences part_references[] = { { 1, part1_refs }, { 3, part3_refs } };

static const char *const *
references_of (const AbPart *part)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_references); i++)
    if (part_references[i].number == part->number)
      return part_references[i].ids;
  return NULL;
}

/* CONTENT.md's anatomy on every section of every part (Part 1 calibrated it). */
static void
test_anatomy (void)
{
  static const char *const placeholders[] = { "TODO", "TBD", "FIXME", "lorem ipsum", "XXX", "placeholder" };
  GPtrArray *parts = ab_book_get_parts (book);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  for (guint pi = 0; pi < parts->len; pi++)
    {
      AbPart *part = g_ptr_array_index (parts, pi);
      const char *const *references = references_of (part);
      guint n = part->sections->len;

      if (references == NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: part %d has no reference list in this test",
                                                    part->folder, part->number));
      for (guint i = 0; i < n; i++)
        {
          AbPage *page = g_ptr_array_index (part->sections, i);
          gboolean last = i + 1 == n;
          PageScan scan;

          scan_page (&scan, page);
          for (guint p = 0; p < G_N_ELEMENTS (placeholders); p++)
            if (strstr (scan.text->str, placeholders[p]) || strstr (page->body, placeholders[p]))
              g_ptr_array_add (problems, g_strdup_printf ("%s: contains “%s”", page->source_name, placeholders[p]));
          if (!strstr (page->body, "## Where we are") && i > 0 && !last)
            g_ptr_array_add (problems, g_strdup_printf ("%s: no “Where we are” recap", page->source_name));
          if (!last && !scan.has_why)
            g_ptr_array_add (problems, g_strdup_printf ("%s: no “why this matters” callout", page->source_name));
          if (!last && !scan.has_example && scan.n_tables == 0)
            g_ptr_array_add (problems, g_strdup_printf ("%s: no worked example", page->source_name));
          if (scan.n_diagrams + scan.n_tables + scan.n_code == 0)
            g_ptr_array_add (problems, g_strdup_printf ("%s: no diagram or static figure", page->source_name));
          if (last && references)
            for (guint r = 0; references[r]; r++)
              if (!strstr (page->body, references[r]))
                g_ptr_array_add (problems, g_strdup_printf ("%s: the references lack arXiv:%s",
                                                            page->source_name, references[r]));
          scan_clear (&scan);
        }
    }
  fail_with (problems);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
has_error (GPtrArray *errors, const char *fragment)
{
  for (guint i = 0; errors && i < errors->len; i++)
    if (strstr (g_ptr_array_index (errors, i), fragment))
      return TRUE;
  for (guint i = 0; errors && i < errors->len; i++)
    g_test_message ("error: %s", (char *) g_ptr_array_index (errors, i));
  return FALSE;
}

/* Section files that would clash, have no slug or an impossible weight. */
static void
test_bad_section_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("ab-book-XXXXXX", &error);
  g_autofree char *part = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (AbBook) tmp = NULL;
  const char *names[] = { "_index.md", "01-intro.md", "02-intro.md", "01-.md", "03-heavy.md" };
  GPtrArray *errors;
  AbPage *heavy;

  g_assert_no_error (error);
  part = g_build_filename (root, "part-1", NULL);
  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  write_file (part, "_index.md", "---\ntitle: \"P\"\nslug: \"p\"\ndate: 2024-01-01\n"
                                 "tags: [\"a\"]\ncategories: [\"b\"]\n---\nHi.\n");
  write_file (part, "01-intro.md", "---\ntitle: \"One\"\n---\nOne.\n");
  write_file (part, "02-intro.md", "---\ntitle: \"Two\"\n---\nTwo.\n");
  write_file (part, "01-.md", "---\ntitle: \"None\"\n---\nNone.\n");
  write_file (part, "03-heavy.md", "---\ntitle: \"Heavy\"\nweight: 99999999999999\n---\nHeavy.\n");

  file = g_file_new_for_path (root);
  tmp = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  errors = ab_book_get_errors (tmp);
  g_assert_true (has_error (errors, "part-1/02-intro.md: page id “part-1/intro” is already taken by part-1/01-intro.md"));
  g_assert_true (has_error (errors, "part-1/01-.md: a section file needs a slug"));
  g_assert_nonnull (ab_book_find_page (tmp, "part-1/intro"));
  g_assert_null (ab_book_find_page (tmp, "part-1/"));
  g_assert_cmpstr (ab_book_find_page (tmp, "part-1/intro")->title, ==, "One");
  heavy = ab_book_find_page (tmp, "part-1/heavy");
  g_assert_nonnull (heavy);
  g_assert_true (has_error (heavy->errors, "part-1/03-heavy.md:line 3: weight 99999999999999 is out of range"));
  g_assert_cmpint (heavy->weight, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (part, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (part);
  g_rmdir (root);
}

int
main (int argc, char **argv)
{
  const char *root = g_getenv ("AB_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (root);
  dir = g_build_filename (root, "data", "book", NULL);
  file = g_file_new_for_path (dir);
  book = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  ab_content_check_install ();
  ab_content_check_set_book (book);

  g_test_add_func ("/content/book-structure", test_book_structure);
  g_test_add_func ("/content/every-page-parses", test_every_page_parses);
  g_test_add_func ("/content/anatomy", test_anatomy);
  g_test_add_func ("/content/bad-section-files", test_bad_section_files);
  return g_test_run ();
}

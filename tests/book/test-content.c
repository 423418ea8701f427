/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-content.c — every page of the book, read from the source tree
 *
 * Parses each page with the app's parser and validator, so a broken shortcode,
 * an unknown diagram, term, value or page, bad front matter or TeX that does
 * not typeset fails here with its file and line, and every section is held
 * to the page anatomy of shared/CONTENT.md (src/ab-content-check.c).
 */
#include "ab-book.h"
#include "ab-content-check.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static AbBook *book;

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

/* Every page parses, every formula typesets, every section has CONTENT.md's
 * anatomy: the same check `attention-book check DIR` runs. */
static void
test_content_check (void)
{
  g_autoptr (GPtrArray) problems = ab_content_check_book (book);
  fail_with (problems);
}

/* The check can fail: a section without its anatomy, a formula that does not
 * typeset, a reference list without its ids. */
static void
test_content_check_finds_problems (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("ab-check-XXXXXX", &error);
  g_autofree char *part = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  AbBook *tmp;
  const char *names[] = { "_index.md", "01-first.md", "02-refs.md" };

  g_assert_no_error (error);
  part = g_build_filename (root, "part-1-sample", NULL);
  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  write_file (part, "_index.md", "---\ntitle: \"P\"\nslug: \"p\"\ndate: 2024-01-01\n"
                                 "tags: [\"attention\"]\ncategories: [\"Machine Learning\"]\n---\nHi.\n");
  write_file (part, "01-first.md", "---\ntitle: \"One\"\n---\nTODO: $\\frac{1}{$ here.\n");
  write_file (part, "02-refs.md", "---\ntitle: \"Refs\"\n---\n- arXiv:1706.03762\n");
  file = g_file_new_for_path (root);
  tmp = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  problems = ab_content_check_book (tmp);
  g_assert_true (has_error (problems, "part-1-sample/01-first.md:4: contains “TODO”"));
  g_assert_true (has_error (problems, "part-1-sample/01-first.md:4: no “why this matters” callout"));
  g_assert_true (has_error (problems, "part-1-sample/01-first.md:4: no worked example"));
  g_assert_true (has_error (problems, "part-1-sample/01-first.md:4: no diagram or static figure"));
  g_assert_true (has_error (problems, "part-1-sample/01-first.md:4: math “\\frac{1}{”"));
  g_assert_true (has_error (problems, "part-1-sample/02-refs.md:4: the references lack arXiv:1409.0473"));
  g_assert_false (has_error (problems, "arXiv:1706.03762"));
  ab_book_free (tmp);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (part, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (part);
  g_rmdir (root);
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
  g_assert_true (has_error (errors, "part-1/02-intro.md:1: page id “part-1/intro” is already taken by part-1/01-intro.md"));
  g_assert_true (has_error (errors, "part-1/01-.md:1: a section file needs a slug"));
  g_assert_nonnull (ab_book_find_page (tmp, "part-1/intro"));
  g_assert_null (ab_book_find_page (tmp, "part-1/"));
  g_assert_cmpstr (ab_book_find_page (tmp, "part-1/intro")->title, ==, "One");
  heavy = ab_book_find_page (tmp, "part-1/heavy");
  g_assert_nonnull (heavy);
  g_assert_true (has_error (heavy->errors, "part-1/03-heavy.md:3: weight 99999999999999 is out of range"));
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
  g_test_add_func ("/content/check", test_content_check);
  g_test_add_func ("/content/check-finds-problems", test_content_check_finds_problems);
  g_test_add_func ("/content/bad-section-files", test_bad_section_files);
  return g_test_run ();
}

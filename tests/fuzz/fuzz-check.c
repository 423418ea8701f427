/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check.c — libFuzzer harness through `attention-book check`'s entry
 * point: the input becomes a section file of a one-part book on disk (with
 * the real glossary), which the book loader reads and ab_content_check_book()
 * checks — front matter, Markdown and shortcodes, the file-name and id rules,
 * the page anatomy and every formula. The first byte picks the file names,
 * so the naming rules (an empty slug, two files with one id, a name that is
 * not NN-slug.md) are reached too. No input may crash, leak, hang or trip a
 * sanitizer, and every problem of the section must name its file and line. */
#include <stdint.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ab-book.h"
#include "ab-content-check.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *root, *part;

/* File names the section is written under, one set per input. */
static const char *const name_sets[][2] = {
  { "01-fuzz.md", NULL },
  { "01-fuzz.md", "02-fuzz.md" },   /* two files, one page id */
  { "01-.md", NULL },               /* no slug */
  { "1-fuzz.md", NULL },            /* not NN-slug.md */
};

static void
remove_book (void)
{
  g_autofree char *index = g_build_filename (part, "_index.md", NULL);
  g_autofree char *glossary_dir = g_build_filename (root, "glossary", NULL);
  g_autofree char *glossary = g_build_filename (glossary_dir, "core.ini", NULL);

  for (guint s = 0; s < G_N_ELEMENTS (name_sets); s++)
    for (guint i = 0; i < 2 && name_sets[s][i]; i++)
      {
        g_autofree char *p = g_build_filename (part, name_sets[s][i], NULL);
        g_unlink (p);
      }
  g_unlink (index);
  g_unlink (glossary);
  g_rmdir (glossary_dir);
  g_rmdir (part);
  g_rmdir (root);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *source = g_build_filename (AB_SOURCE_ROOT, "data", "book", "glossary", NULL);
  g_autofree char *glossary_dir = NULL;

  root = g_dir_make_tmp ("ab-fuzz-check-XXXXXX", NULL);
  g_assert_nonnull (root);
  part = g_build_filename (root, "part-1", NULL);
  glossary_dir = g_build_filename (root, "glossary", NULL);
  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (glossary_dir, 0700), ==, 0);
  {
    g_autofree char *index = g_build_filename (part, "_index.md", NULL);
    g_assert_true (g_file_set_contents (index,
                                        "---\ntitle: \"Fuzz\"\nslug: \"fuzz\"\ndate: 2026-01-01\n"
                                        "tags: [\"attention\"]\ncategories: [\"Machine Learning\"]\n---\n"
                                        "A part the fuzzer writes.\n", -1, NULL));
  }
  /* a real glossary file, so {{< term >}} reaches known and unknown keys */
  {
    g_autofree char *from = g_build_filename (source, "core.ini", NULL);
    g_autofree char *to = g_build_filename (glossary_dir, "core.ini", NULL);
    g_autofree char *text = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (from, &text, &length, NULL));
    g_assert_true (g_file_set_contents (to, text, (gssize) length, NULL));
  }
  atexit (remove_book);
  ab_content_check_install ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *const *names;
  g_autoptr (GFile) file = NULL;
  GPtrArray *problems;
  AbBook *book;

  if (size == 0 || size > 65536)
    return 0;
  names = name_sets[data[0] % G_N_ELEMENTS (name_sets)];
  for (guint i = 0; i < 2 && names[i]; i++)
    {
      g_autofree char *p = g_build_filename (part, names[i], NULL);
      g_assert_true (g_file_set_contents (p, (const char *) data + 1, (gssize) size - 1, NULL));
    }

  file = g_file_new_for_path (root);
  book = ab_book_new_from_file (file, NULL);
  if (book == NULL)
    __builtin_trap ();   /* a folder with a part always loads, problems and all */
  problems = ab_content_check_book (book);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      const char *colon = strchr (problem, ':');

      /* the section's problems are "part-1/NAME:LINE: message" */
      if (!g_str_has_prefix (problem, "part-1/") || g_str_has_prefix (problem, "part-1/_index.md"))
        continue;
      if (colon == NULL || !g_ascii_isdigit (colon[1]))
        {
          g_printerr ("fuzz-check: a problem without its line: %s\n", problem);
          __builtin_trap ();
        }
    }
  g_ptr_array_unref (problems);
  ab_book_free (book);

  for (guint i = 0; i < 2 && names[i]; i++)
    {
      g_autofree char *p = g_build_filename (part, names[i], NULL);
      g_unlink (p);
    }
  return 0;
}

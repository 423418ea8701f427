/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alignment-values.c — every {{< value >}} key on the alignment pages
 * (01-information-bottleneck, 02-bahdanau-attention, 03-luong-attention)
 * resolves, and a few keys agree with the kernels they come from.
 *
 * Run as `test-alignment-values print KEY…` to print values while writing. */
#include "ab-book-values.h"
#include "seq2seq.h"
#include "luong.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static const char *const pages[] = {
  "data/book/part-1/01-information-bottleneck.md",
  "data/book/part-1/02-bahdanau-attention.md",
  "data/book/part-1/03-luong-attention.md",
};

static void
test_page_keys (gconstpointer data)
{
  const char *rel = data;
  const char *root = g_getenv ("AB_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", rel, NULL);
  g_autofree char *text = NULL;
  g_autoptr (GRegex) re = g_regex_new ("\\{\\{<\\s*value\\s+key=\"([^\"]+)\"\\s*>\\}\\}", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  int n_keys = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("page not written yet");
      return;
    }
  g_regex_match (re, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *key = g_match_info_fetch (match, 1);
      g_autoptr (GError) error = NULL;
      g_autofree char *value = ab_book_value_format (key, &error);

      g_assert_no_error (error);
      g_assert_nonnull (value);
      g_test_message ("%s = %s", key, value);
      n_keys++;
      g_match_info_next (match, NULL);
    }
  /* Every alignment page has a worked example built from kernel values. */
  g_assert_cmpint (n_keys, >=, 4);
}

static void
test_bad_keys (void)
{
  const char *bad[] = {
    "seq2seq", "seq2seq.recall", "seq2seq.recall.n0", "seq2seq.recall.n5.ds17",
    "seq2seq.recall.n5.pos6", "bahdanau.medium.score.i1.j1", "bahdanau.short.score.i4.j1",
    "bahdanau.short.score.i1", "bahdanau.long.h.j14.k1", "luong.flops.mlp.d512.s50",
    "luong.pt", "luong.window.t21", "luong.global.outside.t21", "luong.local.peak.t40.D4",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *value = ab_book_value_format (bad[i], &error);
      g_assert_null (value);
      g_assert_nonnull (error);
    }
}

static void
test_values_match_kernels (void)
{
  g_autofree char *flops = ab_book_value_format ("luong.flops.dot.d512.s50", NULL);
  g_autofree char *concat = ab_book_value_format ("luong.flops.concat.d512.s50", NULL);
  g_autofree char *n50 = ab_book_value_format ("seq2seq.numbers.n50", NULL);
  g_autofree char *alpha = ab_book_value_format ("bahdanau.short.alpha.i2.j3", NULL);

  /* 2 · S · d = 2 · 50 · 512. */
  g_assert_cmpstr (flops, ==, "51,200");
  /* 2 · S · (2 d² + d) + S · d = 2 · 50 · (524,288 + 512) + 25,600. */
  g_assert_cmpstr (concat, ==, "52,505,600");
  g_assert_cmpstr (n50, ==, "400");
  /* "chat" reads "cat" with most of its weight. */
  g_assert_cmpfloat (g_ascii_strtod (alpha, NULL), >, 0.8);
}

int
main (int argc, char **argv)
{
  if (argc > 2 && strcmp (argv[1], "print") == 0)
    {
      for (int i = 2; i < argc; i++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *v = ab_book_value_format (argv[i], &error);
          g_print ("%s = %s\n", argv[i], v ? v : error->message);
        }
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_path_get_basename (pages[i]);
      g_autofree char *test_path = g_strdup_printf ("/alignment/values/page/%s", name);
      g_test_add_data_func (test_path, pages[i], test_page_keys);
    }
  g_test_add_func ("/alignment/values/bad-keys", test_bad_keys);
  g_test_add_func ("/alignment/values/match-kernels", test_values_match_kernels);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* math-test-util.h — the corpus reader shared by the math tests and the
 * benchmark: tests/math/corpus.txt holds one expression a line as
 * "D<TAB>tex" (display) or "T<TAB>tex" (inline); '#' starts a comment. */
#pragma once

#include <glib.h>

typedef struct {
  gboolean display;
  char    *tex;
  int      line;
} MathCase;

static inline void
math_case_free (gpointer data)
{
  MathCase *c = data;
  g_free (c->tex);
  g_free (c);
}

static inline GPtrArray *
math_corpus_load (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);
  GPtrArray *cases = g_ptr_array_new_with_free_func (math_case_free);
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  for (int i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      if ((l[0] != 'D' && l[0] != 'T') || l[1] != '\t')
        continue;
      MathCase *c = g_new0 (MathCase, 1);
      c->display = l[0] == 'D';
      c->tex = g_strdup (l + 2);
      c->line = i + 1;
      g_ptr_array_add (cases, c);
    }
  return cases;
}

static inline char *
math_test_path (const char *name)
{
  return g_build_filename (MATH_TEST_DIR, name, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-content.c — libFuzzer harness over a page file: front matter, then
 * Markdown with the book's shortcodes. No input may crash, leak, hang or
 * trip UBSan, and every problem must come back as a "line N: …" message.
 * A validator that knows one diagram, term, value and page makes the
 * fuzzer reach the paths for known and unknown references alike. */
#include <stdint.h>
#include <string.h>

#include "ab-front-matter.h"
#include "ab-markdown.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean has_diagram (const char *name) { return g_str_equal (name, "scoring-functions"); }
static gboolean has_term (const char *key) { return g_str_equal (key, "hbm"); }
static gboolean has_page (const char *id) { return g_str_equal (id, "part-1/scaled-dot-product"); }

static gboolean
check_value (const char *key, GError **error)
{
  if (g_str_equal (key, "cost.elements.n512"))
    return TRUE;
  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "unknown computed value “%s”", key);
  return FALSE;
}

static gboolean
visit (AbBlock *block, gpointer user_data)
{
  guint *n = user_data;
  (*n)++;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const AbContentValidator validator = { has_diagram, has_term, check_value, has_page };
  AbFrontMatter fm;
  char *text, *error = NULL;
  GPtrArray *errors;
  AbBlock *doc;
  guint n = 0;

  if (size > 65536)
    return 0;
  ab_markdown_set_validator (&validator);
  text = g_strndup ((const char *) data, size);   /* stops at NUL, as a file read would refuse */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_free (text);
      return 0;   /* the book loader refuses invalid UTF-8 before parsing */
    }
  if (ab_front_matter_parse (text, &fm, &error))
    ab_front_matter_clear (&fm);
  else if (error == NULL || strncmp (error, "line ", 5) != 0)
    __builtin_trap ();   /* a front-matter problem must say where */
  g_free (error);

  errors = g_ptr_array_new_with_free_func (g_free);
  doc = ab_markdown_parse (text, 1, errors);
  if (doc == NULL)
    __builtin_trap ();
  ab_block_walk (doc, visit, &n);
  for (guint i = 0; i < errors->len; i++)
    if (strncmp (g_ptr_array_index (errors, i), "line ", 5) != 0)
      __builtin_trap ();   /* every message names its line */
  ab_block_free (doc);
  g_ptr_array_unref (errors);
  g_free (text);
  return 0;
}

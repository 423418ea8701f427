/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-markdown.c — the Markdown + shortcode parser and the front matter */
#include "ab-front-matter.h"
#include "ab-markdown.h"

#include <glib.h>
#include <string.h>

static gboolean known_diagram (const char *n) { return g_str_equal (n, "scoring-functions"); }
static gboolean known_term (const char *k) { return g_str_equal (k, "hbm") || g_str_equal (k, "sram"); }
static gboolean
known_value (const char *k, GError **error)
{
  if (g_str_equal (k, "x.y"))
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown computed value “%s”", k);
  return FALSE;
}
static gboolean known_page (const char *id) { return g_str_equal (id, "part-1/intro"); }

static AbBlock *
parse (const char *text, GPtrArray **errors_out)
{
  GPtrArray *errors = g_ptr_array_new_with_free_func (g_free);
  AbBlock *doc = ab_markdown_parse (text, 10, errors);

  *errors_out = errors;
  return doc;
}

static gboolean
count_block (AbBlock *b, gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static AbBlock *
child (AbBlock *b, guint i)
{
  g_assert_nonnull (b->children);
  g_assert_cmpuint (i, <, b->children->len);
  return g_ptr_array_index (b->children, i);
}

static AbInline *
run_at (AbBlock *b, guint i)
{
  g_assert_nonnull (b->inlines);
  g_assert_cmpuint (i, <, b->inlines->len);
  return g_ptr_array_index (b->inlines, i);
}

static void
assert_error (GPtrArray *errors, const char *fragment)
{
  for (guint i = 0; i < errors->len; i++)
    if (strstr (g_ptr_array_index (errors, i), fragment))
      return;
  for (guint i = 0; i < errors->len; i++)
    g_test_message ("error: %s", (char *) g_ptr_array_index (errors, i));
  g_error ("no error containing “%s”", fragment);
}

static void
test_blocks (void)
{
  GPtrArray *errors;
  AbBlock *doc = parse ("## Title *with* `code`\n\n"
                        "Some **bold** and *italic* text with a [link](https://example.org).\n\n"
                        "- one\n- two\n\n"
                        "1. first\n2. second\n\n"
                        "> quoted\n\n"
                        "```python\nprint(1)\n```\n\n"
                        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
                        "---\n", &errors);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (child (doc, 0)->kind, ==, AB_BLOCK_HEADING);
  g_assert_cmpint (child (doc, 0)->level, ==, 2);
  g_assert_cmpint (run_at (child (doc, 0), 1)->style, ==, AB_STYLE_EMPHASIS);
  g_assert_cmpint (run_at (child (doc, 0), 3)->kind, ==, AB_INLINE_CODE);

  {
    AbBlock *p = child (doc, 1);
    gboolean saw_bold = FALSE, saw_link = FALSE;
    for (guint i = 0; i < p->inlines->len; i++)
      {
        AbInline *r = run_at (p, i);
        saw_bold |= (r->style & AB_STYLE_STRONG) && g_str_equal (r->text, "bold");
        saw_link |= g_strcmp0 (r->href, "https://example.org") == 0 && g_str_equal (r->text, "link");
      }
    g_assert_true (saw_bold && saw_link);
  }
  g_assert_cmpint (child (doc, 2)->kind, ==, AB_BLOCK_LIST);
  g_assert_false (child (doc, 2)->ordered);
  g_assert_cmpuint (child (doc, 2)->children->len, ==, 2);
  g_assert_true (child (doc, 3)->ordered);
  g_assert_cmpint (child (doc, 4)->kind, ==, AB_BLOCK_QUOTE);
  g_assert_cmpint (child (doc, 5)->kind, ==, AB_BLOCK_CODE);
  g_assert_cmpstr (child (doc, 5)->info, ==, "python");
  g_assert_cmpstr (child (doc, 5)->text, ==, "print(1)");
  g_assert_cmpint (child (doc, 6)->kind, ==, AB_BLOCK_TABLE);
  g_assert_true (child (child (doc, 6), 0)->header);
  g_assert_cmpint (child (child (child (doc, 6), 1), 1)->align, ==, 1);
  g_assert_cmpint (child (doc, 7)->kind, ==, AB_BLOCK_RULE);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static void
test_math (void)
{
  GPtrArray *errors;
  AbBlock *doc = parse ("Inline $x^2 + y$ here.\n\n$$\\frac{a}{b}$$\n", &errors);
  AbBlock *p = child (doc, 0);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (run_at (p, 1)->kind, ==, AB_INLINE_MATH);
  g_assert_cmpstr (run_at (p, 1)->text, ==, "x^2 + y");
  g_assert_cmpint (child (doc, 1)->kind, ==, AB_BLOCK_MATH);
  g_assert_cmpstr (child (doc, 1)->text, ==, "\\frac{a}{b}");
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static void
test_shortcodes (void)
{
  GPtrArray *errors;
  AbBlock *doc = parse ("A {{< term key=\"hbm\" >}} and {{< term key=\"sram\" >}}fast memory{{< /term >}} "
                        "and {{< value key=\"x.y\" >}} and [home](page:part-1/intro).\n\n"
                        "{{< diagram name=\"scoring-functions\" >}}\n\n"
                        "{{< callout type=\"why\" title=\"Money\" >}}\n"
                        "Inside **text**.\n\n"
                        "{{< callout type=\"note\" >}}\nNested.\n{{< /callout >}}\n"
                        "{{< /callout >}}\n", &errors);
  AbBlock *p = child (doc, 0), *callout;

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (run_at (p, 1)->kind, ==, AB_INLINE_TERM);
  g_assert_cmpstr (run_at (p, 1)->target, ==, "hbm");
  g_assert_cmpstr (run_at (p, 1)->text, ==, "");
  g_assert_cmpint (run_at (p, 3)->kind, ==, AB_INLINE_TERM);
  g_assert_cmpstr (run_at (p, 3)->text, ==, "fast memory");
  g_assert_cmpint (run_at (p, 5)->kind, ==, AB_INLINE_VALUE);
  g_assert_cmpstr (run_at (p, 5)->target, ==, "x.y");
  g_assert_cmpstr (run_at (p, 7)->href, ==, "page:part-1/intro");

  g_assert_cmpint (child (doc, 1)->kind, ==, AB_BLOCK_DIAGRAM);
  g_assert_cmpstr (child (doc, 1)->text, ==, "scoring-functions");
  callout = child (doc, 2);
  g_assert_cmpint (callout->kind, ==, AB_BLOCK_CALLOUT);
  g_assert_cmpstr (callout->text, ==, "why");
  g_assert_cmpstr (callout->info, ==, "Money");
  g_assert_cmpint (child (callout, 0)->kind, ==, AB_BLOCK_PARAGRAPH);
  g_assert_cmpint (child (callout, 1)->kind, ==, AB_BLOCK_CALLOUT);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static void
test_errors_have_lines (void)
{
  GPtrArray *errors;
  /* The body starts at line 10 of its file. */
  AbBlock *doc = parse ("Fine.\n"
                        "{{< sparkle >}}\n"
                        "{{< diagram name=\"nope\" >}}\n"
                        "Text {{< term key=\"zzz\" >}} and {{< value key=\"no.such\" >}}.\n"
                        "Inline {{< diagram name=\"scoring-functions\" >}} here.\n"
                        "{{< callout type=\"shout\" >}}\n"
                        "{{< /callout >}}\n"
                        "[x](page:part-9/none)\n"
                        "{{< term key=\"hbm >}}\n"
                        "{{< callout type=\"note\" >}}\n"
                        "never closed\n", &errors);
  gboolean has_error_block = FALSE;

  assert_error (errors, "line 11: unknown shortcode “sparkle”");
  assert_error (errors, "line 12: unknown diagram “nope”");
  assert_error (errors, "line 13: unknown glossary term “zzz”");
  assert_error (errors, "line 13: unknown computed value “no.such”");
  assert_error (errors, "line 14: shortcode “diagram” must stand on a line of its own");
  assert_error (errors, "line 15: callout type must be one of");
  assert_error (errors, "line 16: {{< /callout >}} without an open callout");
  assert_error (errors, "unknown page “part-9/none”");
  assert_error (errors, "line 18: shortcode “term”: unterminated quote");
  assert_error (errors, "line 19: callout is never closed");
  for (guint i = 0; i < doc->children->len; i++)
    has_error_block |= child (doc, i)->kind == AB_BLOCK_ERROR;
  g_assert_true (has_error_block);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static gboolean
count_labs (AbBlock *b, gpointer user_data)
{
  if (b->kind == AB_BLOCK_LAB)
    (*(guint *) user_data)++;
  return TRUE;
}

/* The lab stands on its own line; its one attribute, max_n, is a power of two. */
static void
test_lab (void)
{
  GPtrArray *errors;
  AbBlock *doc = parse ("{{< lab >}}\n\n"
                        "{{< lab max_n=\"4096\" >}}\n\n"
                        "{{< lab max_n=\"3000\" >}}\n"
                        "{{< lab max_n=\"65536\" >}}\n"
                        "{{< lab size=\"big\" >}}\n"
                        "Text {{< lab >}} inline.\n"
                        "{{< /lab >}}\n"
                        "{{< label >}}\n", &errors);
  guint n_labs = 0;

  g_assert_cmpint (child (doc, 0)->kind, ==, AB_BLOCK_LAB);
  g_assert_cmpint (child (doc, 0)->level, ==, 0);
  g_assert_cmpint (child (doc, 0)->line, ==, 10);
  g_assert_cmpint (child (doc, 1)->kind, ==, AB_BLOCK_LAB);
  g_assert_cmpint (child (doc, 1)->level, ==, 4096);
  ab_block_walk (doc, count_labs, &n_labs);
  g_assert_cmpuint (n_labs, ==, 2);
  assert_error (errors, "line 14: lab shortcode: max_n must be a power of two from 512 to 32768 (got “3000”)");
  assert_error (errors, "line 15: lab shortcode: max_n must be a power of two from 512 to 32768 (got “65536”)");
  assert_error (errors, "line 16: lab shortcode: unknown attribute “size”");
  assert_error (errors, "line 17: shortcode “lab” must stand on a line of its own");
  assert_error (errors, "line 18: {{< /lab >}}: the lab has no closing shortcode");
  /* A longer name is another shortcode, not the lab. */
  assert_error (errors, "line 19: unknown shortcode “label”");
  g_assert_cmpuint (errors->len, ==, 6);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static void
test_shortcodes_in_code_are_literal (void)
{
  GPtrArray *errors;
  AbBlock *doc = parse ("```\n{{< sparkle >}}\n```\n", &errors);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpstr (child (doc, 0)->text, ==, "{{< sparkle >}}");
  ab_block_free (doc);
  g_ptr_array_unref (errors);
}

static void
test_front_matter (void)
{
  AbFrontMatter fm;
  char *error = NULL;
  const char *good = "---\ntitle: \"A \\\"quoted\\\" title\"\nweight: 40\ntags: [\"a\", \"b c\"]\n---\nBody\n";
  const char *const bad[][2] = {
    { "no front matter\n", "line 1:" },
    { "---\ntitle: x\n", "never closed" },
    { "---\njust words\n---\n", "line 2: expected “key: value”" },
    { "---\ntags: [\"a\", b]\n---\n", "line 2: list items must be double-quoted" },
    { "---\ntitle: a\ntitle: b\n---\n", "line 3: “title” is given twice" },
    { "---\ntitle: \"open\n---\n", "line 2: unterminated" },
  };

  g_assert_true (ab_front_matter_parse (good, &fm, &error));
  g_assert_cmpstr (g_hash_table_lookup (fm.scalars, "title"), ==, "A \"quoted\" title");
  g_assert_cmpstr (g_hash_table_lookup (fm.scalars, "weight"), ==, "40");
  g_assert_cmpstr (((char **) g_hash_table_lookup (fm.lists, "tags"))[1], ==, "b c");
  g_assert_cmpstr (fm.body, ==, "Body\n");
  g_assert_cmpint (fm.body_line, ==, 6);
  ab_front_matter_clear (&fm);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      error = NULL;
      g_assert_false (ab_front_matter_parse (bad[i][0], &fm, &error));
      g_assert_nonnull (strstr (error, bad[i][1]));
      g_free (error);
      ab_front_matter_clear (&fm);
    }
}

static int
max_depth (AbBlock *doc)
{
  /* Iterative: the test must not overflow where the parser does not. */
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  g_autoptr (GArray) depths = g_array_new (FALSE, FALSE, sizeof (int));
  int deepest = 0, zero = 0;

  g_ptr_array_add (stack, doc);
  g_array_append_val (depths, zero);
  while (stack->len > 0)
    {
      AbBlock *b = g_ptr_array_steal_index (stack, stack->len - 1);
      int d = g_array_index (depths, int, depths->len - 1);

      g_array_set_size (depths, depths->len - 1);
      deepest = MAX (deepest, d);
      for (guint i = 0; b->children && i < b->children->len; i++)
        {
          int cd = d + 1;
          g_ptr_array_add (stack, g_ptr_array_index (b->children, i));
          g_array_append_val (depths, cd);
        }
    }
  return deepest;
}

static void
test_deep_quotes (void)
{
  GPtrArray *errors;
  GString *text = g_string_new ("Intro.\n\n");
  AbBlock *doc;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '>');
  g_string_append (text, " deep\n");
  doc = parse (text->str, &errors);
  /* the quotes are on the third line of a text that starts at line 10 */
  assert_error (errors, "line 12: nesting deeper than 64 levels");
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpint (max_depth (doc), <=, AB_MARKDOWN_MAX_DEPTH + 1);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
  g_string_free (text, TRUE);
}

static void
test_deep_callouts (void)
{
  GPtrArray *errors;
  GString *text = g_string_new (NULL);
  AbBlock *doc;

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "{{< callout type=\"note\" >}}\n");
  g_string_append (text, "deep\n");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "{{< /callout >}}\n");
  doc = parse (text->str, &errors);
  /* The 65th callout (line 10 + 64) is the first too deep; closes pair up. */
  assert_error (errors, "line 74: nesting deeper than 64 levels");
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpint (max_depth (doc), <=, AB_MARKDOWN_MAX_DEPTH + 1);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
  g_string_free (text, TRUE);
}

static void
test_deep_free (void)
{
  /* Built by hand, past any parser cap: freeing must not recurse. */
  AbBlock *doc = ab_block_new (AB_BLOCK_DOCUMENT, NULL);
  AbBlock *b = doc;
  guint n = 0;

  for (guint i = 0; i < 1000000; i++)
    b = ab_block_new (AB_BLOCK_QUOTE, b);
  g_assert_true (ab_block_walk (doc, count_block, &n));
  g_assert_cmpuint (n, ==, 1000001);
  ab_block_free (doc);
}

static void
test_long_paragraph (void)
{
  GPtrArray *errors;
  GString *text = g_string_new (NULL);
  GString *expect = g_string_new (NULL);
  AbBlock *doc;
  gint64 start;

  for (guint i = 0; i < 200000; i++)
    {
      g_string_append_printf (text, "w%u\n", i % 10);
      g_string_append_printf (expect, i ? " w%u" : "w%u", i % 10);
    }
  start = g_get_monotonic_time ();
  doc = parse (text->str, &errors);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (child (doc, 0)->inlines->len, ==, 1);
  g_assert_cmpstr (run_at (child (doc, 0), 0)->text, ==, expect->str);
  ab_block_free (doc);
  g_ptr_array_unref (errors);
  g_string_free (text, TRUE);
  g_string_free (expect, TRUE);
}

int
main (int argc, char **argv)
{
  AbContentValidator v = { known_diagram, known_term, known_value, known_page };

  g_test_init (&argc, &argv, NULL);
  ab_markdown_set_validator (&v);
  g_test_add_func ("/markdown/blocks", test_blocks);
  g_test_add_func ("/markdown/math", test_math);
  g_test_add_func ("/markdown/shortcodes", test_shortcodes);
  g_test_add_func ("/markdown/errors-have-lines", test_errors_have_lines);
  g_test_add_func ("/markdown/shortcodes-in-code", test_shortcodes_in_code_are_literal);
  g_test_add_func ("/markdown/lab", test_lab);
  g_test_add_func ("/markdown/front-matter", test_front_matter);
  g_test_add_func ("/markdown/deep-quotes", test_deep_quotes);
  g_test_add_func ("/markdown/deep-callouts", test_deep_callouts);
  g_test_add_func ("/markdown/deep-free", test_deep_free);
  g_test_add_func ("/markdown/long-paragraph", test_long_paragraph);
  return g_test_run ();
}

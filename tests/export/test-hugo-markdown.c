/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hugo-markdown.c — a page's Markdown as the Hugo export writes it
 *
 * The translation on small bodies, with a context whose answers the test
 * knows: every shortcode, the presenter's notes and slides (which the book's
 * parser may not know yet), page links, heading shifts, math in every place
 * md4c finds it, and fenced code left byte for byte. Also the SVG path
 * compaction the players' frames go through.
 */
#include "ab-hugo-escape.h"
#include "ab-hugo-markdown.h"
#include "ab-hugo-svg-style.h"

#include <string.h>

static char *
page_link (const char *id, gpointer user_data)
{
  if (g_str_equal (id, "part-1"))
    return g_strdup ("/posts/one/");
  if (g_str_equal (id, "part-1/luong-attention"))
    return g_strdup ("/posts/one/#luong-attention");
  return NULL;
}

static char *
diagram (const char *name, gpointer user_data)
{
  return g_str_equal (name, "known") ? g_strdup ("<div class=\"embed\" data-src=\"/v/known/\">\n<iframe></iframe>\n</div>") : NULL;
}

static char *
lab (int max_n, gpointer user_data)
{
  return g_strdup_printf ("<div class=\"lab\">%d</div>", max_n);
}

static gboolean
term (const char *key, char **words, char **definition, gpointer user_data)
{
  if (!g_str_equal (key, "hbm"))
    return FALSE;
  *words = g_strdup ("HBM");
  *definition = g_strdup ("High Bandwidth Memory: \"slow\" & big");
  return TRUE;
}

static char *
value (const char *key, gpointer user_data, GError **error)
{
  if (g_str_equal (key, "x.y"))
    return g_strdup ("1,024 × 2");
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "unknown computed value “%s”", key);
  return NULL;
}

static const AbHugoMarkdownContext context = {
  .link = page_link, .diagram = diagram, .lab = lab, .term = term, .value = value, .heading_shift = 1,
};

static char *
translate (const char *body)
{
  g_autoptr (GError) error = NULL;
  char *out = ab_hugo_markdown_translate (body, &context, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_test_message ("%s\n→\n%s", body, out);
  return out;
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
test_shortcodes (void)
{
  g_autofree char *out = translate (
    "Intro with {{< term key=\"hbm\" >}} and {{< term key=\"hbm\" >}}*fast* memory{{< /term >}}.\n"
    "The value is {{< value key=\"x.y\" >}} exactly.\n"
    "\n"
    "{{< diagram name=\"known\" >}}\n"
    "\n"
    "{{< callout type=\"why\" >}}\n"
    "Inside **bold**.\n"
    "{{< /callout >}}\n"
    "{{< callout type=\"example\" title=\"Worked <example>\" >}}\n"
    "Body.\n"
    "{{< /callout >}}\n"
    "{{< lab max_n=\"8192\" >}}\n");

  assert_contains (out, "<abbr class=\"ab-term\" title=\"High Bandwidth Memory: &quot;slow&quot; &amp; big\" tabindex=\"0\">HBM</abbr>");
  assert_contains (out, "tabindex=\"0\">*fast* memory</abbr>.");
  assert_contains (out, "The value is 1,024 × 2 exactly.");
  assert_contains (out, "\n\n<div class=\"embed\" data-src=\"/v/known/\">\n<iframe></iframe>\n</div>\n\n");
  assert_contains (out, "<div class=\"ab-callout ab-callout-why\" role=\"note\">\n<p class=\"ab-callout-title\">Why this matters</p>\n\nInside **bold**.\n\n</div>\n");
  assert_contains (out, "<p class=\"ab-callout-title\">Worked &lt;example&gt;</p>");
  assert_contains (out, "<div class=\"lab\">8192</div>");
  g_assert_null (strstr (out, "{{<"));
}

static void
test_notes_and_slides (void)
{
  g_autofree char *out = translate (
    "{{< slide >}}\n"
    "Shown on the slide and the page.\n"
    "{{< notes >}}\n"
    "Speaker notes, with a {{< term key=\"hbm\" >}} and\n"
    "```\ncode in notes\n```\n"
    "{{< /notes >}}\n"
    "{{< /slide >}}\n"
    "Before {{< notes >}}inline notes{{< /notes >}}after.\n"
    "Start {{< notes >}}notes that run\nover lines{{< /notes >}} end.\n");

  assert_contains (out, "Shown on the slide and the page.");
  assert_contains (out, "Before after.");
  assert_contains (out, "Start \n end.");
  g_assert_null (strstr (out, "Speaker"));
  g_assert_null (strstr (out, "code in notes"));
  g_assert_null (strstr (out, "inline notes"));
  g_assert_null (strstr (out, "over lines"));
  g_assert_null (strstr (out, "{{<"));
}

static void
test_links_and_headings (void)
{
  g_autofree char *out = translate (
    "## Where we are\n"
    "\n"
    "See [Luong](page:part-1/luong-attention) and [the part](page:part-1), "
    "or [the web](https://example.org).\n"
    "\n"
    "### Deeper $x_i$\n"
    "\n"
    "Setext\n"
    "------\n"
    "\n"
    "###### Six\n");

  assert_contains (out, "### Where we are\n");
  assert_contains (out, "[Luong](/posts/one/#luong-attention)");
  assert_contains (out, "[the part](/posts/one/)");
  assert_contains (out, "[the web](https://example.org)");
  assert_contains (out, "#### Deeper $x&#95;i$\n");
  assert_contains (out, "### Setext\n\n");
  g_assert_null (strstr (out, "------"));
  assert_contains (out, "\n###### Six");   /* no seventh level */
}

static void
test_unknown_link_fails (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = ab_hugo_markdown_translate ("Text\n\n[x](page:nowhere)\n", &context, &error);

  g_assert_null (out);
  g_assert_nonnull (error);
  assert_contains (error->message, "line 1");
  assert_contains (error->message, "nowhere");
}

static void
test_math (void)
{
  g_autofree char *out = translate (
    "Inline $S_{ij} = q_i \\cdot k_j$ and $a*b*c$, $f'(x) -- \\{x\\}$.\n"
    "\n"
    "$$\\operatorname{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V \\quad a<b \\\\ c$$\n"
    "- list item\n"
    "\n"
    "> $$x_1$$\n"
    "\n"
    "Mixed $$y_2$$ in text.\n"
    "\n"
    "| a | b |\n|---|---|\n| $t_1$ | two |\n"
    "\n"
    "Across $p_1 +\n q_2$ lines.\n");

  /* Inline: every Markdown-active character is a character reference. */
  assert_contains (out, "$S&#95;{ij} = q&#95;i \\cdot k&#95;j$");
  assert_contains (out, "$a&#42;b&#42;c$");
  assert_contains (out, "$f&#39;(x) &#45;&#45; &#92;{x&#92;}$");
  /* Display alone in a paragraph: an HTML block, only HTML-escaped, and a
   * blank line so the list after it is no part of the block. */
  assert_contains (out, "<div class=\"math math-display\">$$\\operatorname{softmax}\\!\\left(\\frac{QK^\\top}"
                        "{\\sqrt{d_k}}\\right) V \\quad a&lt;b \\\\ c$$</div>\n\n- list item");
  assert_contains (out, "> <div class=\"math math-display\">$$x_1$$</div>");
  assert_contains (out, "Mixed $$y&#95;2$$ in text.");
  assert_contains (out, "| $t&#95;1$ | two |");
  /* A soft break inside math is a space, as the app reads it. */
  assert_contains (out, "Across $p&#95;1 + q&#95;2$ lines.");
}

static void
test_code_untouched (void)
{
  const char *fenced = "```python\nx = a_b * c  # $not math$ {{< value key=\"x.y\" >}}\n```\n";
  g_autofree char *body = g_strdup_printf ("Text `code_with $dollar$`.\n\n%s", fenced);
  g_autofree char *out = translate (body);

  assert_contains (out, fenced);
  assert_contains (out, "`code_with $dollar$`");
}

static void
test_compact_path (void)
{
  g_autofree char *a = ab_svg_compact_path ("M 1.25 2 L 3 2 L 3 4.05 C 3 5 4 5 4 6 Z M 9 9 ", 10);
  g_autofree char *b = ab_svg_compact_path ("M 0 0 L 0.5 -0.5 L 1.5 -0.5", 10);
  g_autofree char *c = ab_svg_compact_path ("M 10 10 A 5 5 0 0 1 20 20", 10);

  /* Relative on the rounded grid; h/v for straight moves; the dangling
   * moveto at the end dropped. */
  g_assert_cmpstr (a, ==, "m1.3 2h1.7v2.1c0 .9 1 .9 1 1.9z");
  g_assert_cmpstr (b, ==, "m0 0l.5-.5h1");
  /* Arcs are not cairo's: only rounded. */
  g_assert_cmpstr (c, ==, "M 10 10 A 5 5 0 0 1 20 20");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hugo/markdown/shortcodes", test_shortcodes);
  g_test_add_func ("/hugo/markdown/notes-and-slides", test_notes_and_slides);
  g_test_add_func ("/hugo/markdown/links-and-headings", test_links_and_headings);
  g_test_add_func ("/hugo/markdown/unknown-link-fails", test_unknown_link_fails);
  g_test_add_func ("/hugo/markdown/math", test_math);
  g_test_add_func ("/hugo/markdown/code-untouched", test_code_untouched);
  g_test_add_func ("/hugo/svg/compact-path", test_compact_path);
  return g_test_run ();
}

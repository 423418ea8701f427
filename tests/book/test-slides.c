/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-slides.c — pages into slides: the shortcodes, the deck, the notes, the drawing
 *
 * The {{< slide >}} and {{< notes >}} shortcodes and every way to get them
 * wrong; a small book written to a temporary folder, turned into a deck
 * (which slides, in which order, which notes where); every part of the real
 * book (Part 1: a title slide per page and a slide per diagram, each with
 * notes); notes as text; and every Part 1 slide drawn, checked by the ink
 * recorder for overlapping or clipped text.
 */
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-draw.h"
#include "ab-markdown.h"
#include "ab-slide-render.h"
#include "ab-slides.h"
#include "ab-tex-text.h"

#include <glib/gstdio.h>
#include <pango/pango.h>
#include <string.h>

static AbBook *book;   /* the real one, from the source tree */

static AbBlock *
parse (const char *text, GPtrArray **errors_out)
{
  GPtrArray *errors = g_ptr_array_new_with_free_func (g_free);
  AbBlock *doc = ab_markdown_parse (text, 1, errors);

  *errors_out = errors;
  return doc;
}

static AbBlock *
child (AbBlock *b, guint i)
{
  g_assert_nonnull (b->children);
  g_assert_cmpuint (i, <, b->children->len);
  return g_ptr_array_index (b->children, i);
}

static gboolean
find_error_block (AbBlock *block, gpointer user_data)
{
  if (block->kind == AB_BLOCK_ERROR)
    *(gboolean *) user_data = TRUE;
  return TRUE;
}

static void
assert_error (GPtrArray *errors, const char *fragment)
{
  for (guint i = 0; i < errors->len; i++)
    if (strstr (g_ptr_array_index (errors, i), fragment))
      return;
  for (guint i = 0; i < errors->len; i++)
    g_printerr ("  error: %s\n", (char *) g_ptr_array_index (errors, i));
  g_error ("no error containing “%s”", fragment);
}

/* Parser ----------------------------------------------------------------------- */

static void
test_parse_slide_and_notes (void)
{
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (AbBlock) doc = parse ("Intro.\n\n"
                                   "{{< notes >}}\nSay **hello**.\n{{< /notes >}}\n\n"
                                   "{{< slide title=\"The formula\" >}}\n"
                                   "$$a = b$$\n\n"
                                   "{{< notes >}}\n- one\n- two\n{{< /notes >}}\n"
                                   "{{< /slide >}}\n\n"
                                   "After.\n", &errors);
  AbBlock *notes, *slide;

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (doc->children->len, ==, 4);
  g_assert_cmpint (child (doc, 0)->kind, ==, AB_BLOCK_PARAGRAPH);
  notes = child (doc, 1);
  g_assert_cmpint (notes->kind, ==, AB_BLOCK_NOTES);
  g_assert_cmpint (notes->line, ==, 3);
  g_assert_cmpint (child (notes, 0)->kind, ==, AB_BLOCK_PARAGRAPH);
  slide = child (doc, 2);
  g_assert_cmpint (slide->kind, ==, AB_BLOCK_SLIDE);
  g_assert_cmpstr (slide->info, ==, "The formula");
  g_assert_cmpint (child (slide, 0)->kind, ==, AB_BLOCK_MATH);
  g_assert_cmpint (child (slide, 1)->kind, ==, AB_BLOCK_NOTES);
  g_assert_cmpint (child (child (slide, 1), 0)->kind, ==, AB_BLOCK_LIST);
  g_assert_cmpint (child (doc, 3)->kind, ==, AB_BLOCK_PARAGRAPH);
}

static void
test_parse_callout_in_slide (void)
{
  g_autoptr (GPtrArray) errors = NULL;
  g_autoptr (AbBlock) doc = parse ("{{< slide >}}\n"
                                   "{{< callout type=\"why\" >}}\nCosts.\n{{< /callout >}}\n"
                                   "| a | b |\n|---|---|\n| 1 | 2 |\n"
                                   "{{< /slide >}}\n", &errors);
  AbBlock *slide = child (doc, 0);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpint (slide->kind, ==, AB_BLOCK_SLIDE);
  g_assert_null (slide->info);
  g_assert_cmpint (child (slide, 0)->kind, ==, AB_BLOCK_CALLOUT);
  g_assert_cmpint (child (slide, 1)->kind, ==, AB_BLOCK_TABLE);
}

/* Every misuse is a content error naming its line, and the rest parses. */
static void
test_parse_errors (void)
{
  static const struct { const char *text, *error; } cases[] = {
    { "{{< slide >}}\n{{< slide >}}\nx\n{{< /slide >}}\n{{< /slide >}}\n",
      "line 2: {{< slide >}} must be on the page’s top level, not inside the slide opened on line 1" },
    { "{{< callout type=\"note\" >}}\n{{< slide >}}\nx\n{{< /slide >}}\n{{< /callout >}}\n",
      "line 2: {{< slide >}} must be on the page’s top level, not inside the callout opened on line 1" },
    { "{{< callout type=\"note\" >}}\n{{< notes >}}\nx\n{{< /notes >}}\n{{< /callout >}}\n",
      "line 2: {{< notes >}} must be on the page’s top level or in a slide, not inside the callout" },
    { "{{< notes >}}\n{{< notes >}}\nx\n{{< /notes >}}\n{{< /notes >}}\n", "not inside the notes opened on line 1" },
    { "{{< notes speaker=\"me\" >}}\nx\n{{< /notes >}}\n", "line 1: notes shortcode takes no attributes" },
    { "{{< slide heading=\"x\" >}}\nx\n{{< /slide >}}\n", "unknown attribute “heading” (it takes only title)" },
    { "{{< slide >}}\n{{< diagram name=\"scoring-functions\" >}}\n{{< /slide >}}\n",
      "line 2: a diagram is a slide of its own: move it out of the slide opened on line 1" },
    { "{{< notes >}}\n{{< diagram name=\"scoring-functions\" >}}\n{{< /notes >}}\n",
      "line 2: speaker notes (line 1) cannot show a diagram" },
    { "{{< slide >}}\n{{< lab >}}\n{{< /slide >}}\n", "the lab is a slide of its own" },
    { "{{< slide >}}\nx\n", "line 1: slide is never closed with {{< /slide >}}" },
    { "Text.\n{{< notes >}}\nx\n", "line 2: notes is never closed with {{< /notes >}}" },
    { "x\n\n{{< /slide >}}\n", "line 3: {{< /slide >}} without an open slide" },
    { "{{< /notes >}}\n", "{{< /notes >}} without an open notes" },
    { "{{< slide >}}\n{{< callout type=\"why\" >}}\nx\n{{< /slide >}}\n",
      "line 4: {{< /slide >}} closes the callout opened on line 2, which is still open" },
    { "{{< slide >}}\n{{< /slide >}}\n", "line 2: the slide opened on line 1 is empty" },
    { "{{< notes >}}\n\n{{< /notes >}}\n", "the notes opened on line 1 is empty" },
    { "Words {{< notes >}} inline.\n", "shortcode “notes” must stand on a line of its own" },
    { "Words {{< slide >}} inline.\n", "shortcode “slide” must stand on a line of its own" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) errors = NULL;
      g_autoptr (AbBlock) doc = parse (cases[i].text, &errors);
      gboolean shown = FALSE;

      assert_error (errors, cases[i].error);
      /* In the tree too, where the page view shows it. */
      ab_block_walk (doc, find_error_block, &shown);
      g_assert_true (shown);
    }
}

/* A small book on disk ---------------------------------------------------------- */

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static const char *const sample_files[][2] = {
  { "_index.md", "---\ntitle: \"The sample part\"\nslug: \"sample\"\ndate: 2024-01-01\n"
                 "description: \"What it is about.\"\ntags: [\"attention\"]\n"
                 "categories: [\"Machine Learning\"]\n---\n"
                 "{{< notes >}}\nWelcome everyone.\n{{< /notes >}}\n\nThe overview.\n" },
  { "01-first.md", "---\ntitle: \"First page\"\ndescription: \"One.\"\n---\n"
                   "{{< notes >}}\nOpen with the question.\n{{< /notes >}}\n\n"
                   "## The scores\n\nSome text.\n\n"
                   "{{< diagram name=\"scoring-functions\" >}}\n\n"
                   "{{< notes >}}\nPoint at the **middle** panel: $\\sqrt{d_k}$ and $N \\times N$.\n{{< /notes >}}\n\n"
                   "{{< slide >}}\n$$\\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$\n\n"
                   "{{< notes >}}\nThe one formula.\n{{< /notes >}}\n{{< /slide >}}\n\n"
                   "{{< notes >}}\nAnd a second note block for it.\n{{< /notes >}}\n" },
  { "02-second.md", "---\ntitle: \"Second page\"\n---\n"
                    "{{< callout type=\"example\" >}}\nInside a callout:\n\n"
                    "{{< diagram name=\"attention-memory\" >}}\n{{< /callout >}}\n\n"
                    "{{< slide title=\"A table\" >}}\n| N | bytes |\n|---:|---:|\n| 512 | 1 MiB |\n{{< /slide >}}\n\n"
                    "{{< slide title=\"Why it matters\" >}}\nEach score is $q \\cdot k / \\sqrt{d_k}$, for **every** pair:\n\n"
                    "- $N^2$ scores per head, kept for the backward pass;\n- one head at $N = 4096$ in FP16 is 32 MiB;\n"
                    "- and a model has many heads in many layers.\n\n"
                    "{{< callout type=\"why\" title=\"The wall\" >}}\nMemory must exist all at once; compute can wait.\n"
                    "{{< /callout >}}\n{{< /slide >}}\n" },
};

/* Part 1's comparison table (long cells, values, math), as one slide. */
static char *
big_table_page (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("AB_SOURCE_ROOT"), "data", "book", "part-1",
                                            "09-comparison.md", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GString *page = g_string_new ("---\ntitle: \"Third page\"\n---\n{{< slide title=\"Side by side\" >}}\n");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] == '|')
      g_string_append_printf (page, "%s\n", lines[i]);
  g_string_append (page, "{{< /slide >}}\n");
  return g_string_free (page, FALSE);
}

static AbBook *
sample_book (char **root_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("ab-slides-XXXXXX", &error);
  g_autofree char *part = NULL;
  g_autoptr (GFile) file = NULL;
  AbBook *sample;

  g_assert_no_error (error);
  part = g_build_filename (root, "part-7-sample", NULL);
  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    write_file (part, sample_files[i][0], sample_files[i][1]);
  {
    g_autofree char *big = big_table_page ();
    write_file (part, "03-third.md", big);
  }
  file = g_file_new_for_path (root);
  sample = ab_book_new_from_file (file, &error);
  g_assert_no_error (error);
  *root_out = g_steal_pointer (&root);
  return sample;
}

static void
remove_sample (const char *root)
{
  g_autofree char *part = g_build_filename (root, "part-7-sample", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autofree char *path = g_build_filename (part, sample_files[i][0], NULL);
      g_remove (path);
    }
  {
    g_autofree char *path = g_build_filename (part, "03-third.md", NULL);
    g_remove (path);
  }
  g_rmdir (part);
  g_rmdir (root);
}

static void
test_sample_deck (void)
{
  g_autofree char *root = NULL;
  AbBook *sample = sample_book (&root);
  AbPart *part = ab_slides_find_part (sample, 7);
  g_autoptr (AbSlideDeck) deck = NULL;
  const AbSlide *s;
  g_autofree char *notes = NULL, *formula_notes = NULL, *markup = NULL;
  guint slide, step;

  g_assert_nonnull (part);
  g_assert_null (ab_slides_find_part (sample, 8));
  deck = ab_slide_deck_new (sample, part);
  for (guint i = 0; i < ab_book_get_pages (sample)->len; i++)
    {
      AbPage *page = g_ptr_array_index (ab_book_get_pages (sample), i);
      for (guint e = 0; e < page->errors->len; e++)
        g_printerr ("%s\n", (char *) g_ptr_array_index (page->errors, e));
      g_assert_cmpuint (page->errors->len, ==, 0);
    }

  /* overview · first page, its diagram, its formula · second page, the
   * diagram in its callout, its table. */
  g_assert_cmpuint (ab_slide_deck_get_n_slides (deck), ==, 10);
  s = ab_slide_deck_get_slide (deck, 0);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_TITLE);
  g_assert_cmpstr (s->title, ==, "The sample part");
  g_assert_cmpstr (s->subtitle, ==, "What it is about.");
  g_assert_cmpstr (s->id, ==, "part-7-sample#0");

  s = ab_slide_deck_get_slide (deck, 1);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_TITLE);
  g_assert_cmpstr (s->title, ==, "First page");
  g_assert_cmpstr (s->id, ==, "part-7-sample/first#0");
  notes = ab_slide_dup_notes_text (deck, 1);
  g_assert_cmpstr (notes, ==, "Open with the question.");

  s = ab_slide_deck_get_slide (deck, 2);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_DIAGRAM);
  g_assert_cmpstr (s->diagram_name, ==, "scoring-functions");
  g_assert_cmpuint (s->n_steps, ==, ab_diagram_get_n_steps (ab_slide_deck_get_diagram (deck, 2)));
  g_assert_cmpuint (s->n_steps, >, 1);
  g_assert_cmpstr (s->title, ==, ab_diagram_get_title (ab_slide_deck_get_diagram (deck, 2)));
  g_assert_cmpstr (s->id, ==, "part-7-sample/first#1");
  /* Notes after a diagram are its notes; inline math reads as text. */
  markup = ab_slide_dup_notes_markup (deck, 2);
  g_assert_nonnull (strstr (markup, "<b>middle</b>"));
  g_assert_nonnull (strstr (markup, "√d<sub>k</sub>"));
  g_assert_nonnull (strstr (markup, "N × N"));

  s = ab_slide_deck_get_slide (deck, 3);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_CONTENT);
  /* Untitled: named by the heading it sits under. */
  g_assert_cmpstr (s->title, ==, "The scores");
  g_assert_nonnull (s->content);
  /* Its own notes, and the notes block after it, in order. */
  formula_notes = ab_slide_dup_notes_text (deck, 3);
  g_assert_cmpstr (formula_notes, ==, "The one formula.\n\nAnd a second note block for it.");

  s = ab_slide_deck_get_slide (deck, 4);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_TITLE);
  g_assert_null (ab_slide_dup_notes_text (deck, 4));
  s = ab_slide_deck_get_slide (deck, 5);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_DIAGRAM);
  g_assert_cmpstr (s->diagram_name, ==, "attention-memory");
  s = ab_slide_deck_get_slide (deck, 6);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_CONTENT);
  g_assert_cmpstr (s->title, ==, "A table");
  s = ab_slide_deck_get_slide (deck, 7);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_CONTENT);
  g_assert_cmpstr (s->id, ==, "part-7-sample/second#3");
  s = ab_slide_deck_get_slide (deck, 9);
  g_assert_cmpint (s->kind, ==, AB_SLIDE_CONTENT);
  g_assert_cmpint (s->content->kind, ==, AB_BLOCK_SLIDE);
  g_assert_cmpint (((AbBlock *) g_ptr_array_index (s->content->children, 0))->kind, ==, AB_BLOCK_TABLE);

  /* Slide steps: one per step, in order; locate inverts first_step. */
  {
    guint total = 0;
    for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
      {
        s = ab_slide_deck_get_slide (deck, i);
        g_assert_cmpuint (s->index, ==, i);
        g_assert_cmpuint (s->first_step, ==, total);
        total += s->n_steps;
      }
    g_assert_cmpuint (ab_slide_deck_get_n_steps (deck), ==, total);
    for (guint flat = 0; flat < total; flat++)
      {
        g_assert_true (ab_slide_deck_locate (deck, flat, &slide, &step));
        g_assert_cmpuint (ab_slide_deck_get_slide (deck, slide)->first_step + step, ==, flat);
        g_assert_cmpuint (step, <, ab_slide_deck_get_slide (deck, slide)->n_steps);
      }
    g_assert_false (ab_slide_deck_locate (deck, total, &slide, &step));
  }
  g_assert_cmpint (ab_slide_deck_find_page (deck, part->overview), ==, 0);
  g_assert_cmpint (ab_slide_deck_find_page (deck, g_ptr_array_index (part->sections, 1)), ==, 4);

  g_clear_pointer (&deck, ab_slide_deck_free);
  ab_book_free (sample);
  remove_sample (root);
}

/* The real book: every part makes a deck; Part 1 has a slide per page and
 * per diagram, and notes on every one of them. */
static void
test_book_decks (void)
{
  GPtrArray *parts = ab_book_get_parts (book);

  for (guint p = 0; p < parts->len; p++)
    {
      AbPart *part = g_ptr_array_index (parts, p);
      g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (book, part);
      guint n_pages = part->sections->len + 1, n_diagrams = 0, n_titles = 0, n_content = 0;

      for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
        {
          const AbSlide *s = ab_slide_deck_get_slide (deck, i);
          n_titles += s->kind == AB_SLIDE_TITLE;
          n_diagrams += s->kind == AB_SLIDE_DIAGRAM;
          n_content += s->kind == AB_SLIDE_CONTENT;
          g_assert_true (s->title && *s->title);
          g_assert_true (s->kind == AB_SLIDE_DIAGRAM ? s->n_steps >= 1 : s->n_steps == 1);
          if (part->number == 1)
            {
              g_autofree char *notes = ab_slide_dup_notes_text (deck, i);
              if (notes == NULL || strlen (notes) < 40)
                g_error ("Part 1 slide %u (%s) has no speaker notes", i + 1, s->id);
              /* Values and terms are resolved, math reads as text. */
              g_assert_null (strstr (notes, "{{<"));
              g_assert_null (strstr (notes, "\\times"));
            }
        }
      g_assert_cmpuint (n_titles, ==, n_pages);
      g_assert_cmpint (ab_slide_deck_find_page (deck, part->overview), ==, 0);
      if (part->number == 1)
        {
          /* Seq2seq, Bahdanau, Luong, scoring, two on multi-head, positions, Transformer, memory,
           * the era comparison. */
          g_assert_cmpuint (n_diagrams, ==, 10);
          g_assert_cmpuint (ab_slide_deck_get_n_slides (deck), ==, n_pages + n_diagrams + n_content);
        }
    }
}

static void
test_tex_to_markup (void)
{
  static const char *const cases[][2] = {
    { "\\sqrt{d_k}", "√d<sub>k</sub>" },
    { "N \\times N", "N × N" },
    { "QK^\\top", "QKᵀ" },
    { "\\alpha_{ij}", "α<sub>ij</sub>" },
    { "\\frac{a}{b}", "a/b" },
    { "d_\\text{model}", "d<sub>model</sub>" },
    { "x \\leftarrow \\operatorname{LayerNorm}(x)", "x ← LayerNorm(x)" },
    { "W \\in \\mathbb{R}^{d}", "W ∈ ℝ<sup>d</sup>" },
    { "a < b & c", "a &lt; b &amp; c" },
    { "\\unknown{x}", "unknownx" },
    { "{{{{", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = ab_tex_to_markup (cases[i][0]);
      g_assert_cmpstr (markup, ==, cases[i][1]);
      /* Always valid Pango markup. */
      g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    }
  /* Deep nesting stops, still valid. */
  {
    GString *deep = g_string_new (NULL);
    g_autofree char *markup = NULL;
    for (int i = 0; i < 500; i++)
      g_string_append (deep, "x^{");
    markup = ab_tex_to_markup (deep->str);
    g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    g_string_free (deep, TRUE);
  }
}

/* Drawing ----------------------------------------------------------------------- */

static void
check_slide_ink (AbSlideDeck *deck, guint index, double position)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  AbInkRecorder *recorder = ab_ink_recorder_new ();
  g_autofree char *problems = NULL;

  ab_ink_recorder_attach (recorder, cr);
  ab_slide_render (deck, index, cr, 1600, 900, position);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpuint (ab_ink_recorder_get_n (recorder), >, 0);
  problems = ab_ink_recorder_check (recorder, (AbRect) { 0, 0, 1600, 900 });
  if (problems)
    g_error ("slide %u (%s) at %g:\n%s", index + 1, ab_slide_deck_get_slide (deck, index)->id, position, problems);
  ab_ink_recorder_free (recorder);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Every slide of Part 1 at its first and last step, and the sample's content slides. */
static void
test_render (void)
{
  AbPart *part = ab_slides_find_part (book, 1);
  g_autoptr (AbSlideDeck) deck = ab_slide_deck_new (book, part);
  g_autofree char *root = NULL;
  AbBook *sample = sample_book (&root);
  g_autoptr (AbSlideDeck) sample_deck = ab_slide_deck_new (sample, ab_slides_find_part (sample, 7));

  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
    {
      const AbSlide *s = ab_slide_deck_get_slide (deck, i);
      check_slide_ink (deck, i, 0);
      if (s->n_steps > 1)
        check_slide_ink (deck, i, s->n_steps - 1);
    }
  for (guint i = 0; i < ab_slide_deck_get_n_slides (sample_deck); i++)
    check_slide_ink (sample_deck, i, 0);
  /* The content slides, to look at: $AB_BUILD_ROOT/screenshots/slides-sample-N.png. */
  if (g_getenv ("AB_BUILD_ROOT"))
    for (guint i = 0; i < ab_slide_deck_get_n_slides (sample_deck); i++)
      if (ab_slide_deck_get_slide (sample_deck, i)->kind == AB_SLIDE_CONTENT)
        {
          g_autofree char *dir = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);
          g_autofree char *name = g_strdup_printf ("slides-sample-%u.png", i + 1);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 900);
          cairo_t *cr = cairo_create (surface);

          ab_slide_render (sample_deck, i, cr, 1600, 900, 0);
          cairo_destroy (cr);
          g_mkdir_with_parents (dir, 0755);
          g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
          cairo_surface_destroy (surface);
        }

  /* Any surface size: the frame is letterboxed, never cut. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 600);
    cairo_t *cr = cairo_create (surface);
    ab_slide_render (sample_deck, 3, cr, 300, 600, 0);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  g_clear_pointer (&sample_deck, ab_slide_deck_free);
  ab_book_free (sample);
  remove_sample (root);
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

  g_test_add_func ("/slides/parse-slide-and-notes", test_parse_slide_and_notes);
  g_test_add_func ("/slides/parse-callout-in-slide", test_parse_callout_in_slide);
  g_test_add_func ("/slides/parse-errors", test_parse_errors);
  g_test_add_func ("/slides/sample-deck", test_sample_deck);
  g_test_add_func ("/slides/book-decks", test_book_decks);
  g_test_add_func ("/slides/tex-to-markup", test_tex_to_markup);
  g_test_add_func ("/slides/render", test_render);
  return g_test_run ();
}

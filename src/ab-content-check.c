/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-content-check"

#include "ab-content-check.h"
#include "ab-book.h"
#include "ab-book-values.h"
#include "ab-diagram-registry.h"
#include "ab-markdown.h"
#include "ab-math.h"

#include <glib/gi18n.h>
#include <string.h>

static AbBook *checked_book;

static AbBook *
book (void)
{
  return checked_book ? checked_book : ab_book_get_default ();
}

static gboolean
has_term (const char *key)
{
  return ab_book_lookup_term (book (), key) != NULL;
}

static gboolean
has_page (const char *id)
{
  return ab_book_find_page (book (), id) != NULL;
}

void
ab_content_check_set_book (gpointer b)
{
  checked_book = b;
}

static void
install (gboolean (*check_value) (const char *key, GError **error))
{
  static AbContentValidator validator = {
    .has_diagram = ab_diagram_registry_has,
    .has_term = has_term,
    .has_page = has_page,
  };

  validator.check_value = check_value;
  ab_markdown_set_validator (&validator);
}

void
ab_content_check_install (void)
{
  install (ab_book_value_check);
}

void
ab_content_check_install_shapes_only (void)
{
  /* Opening a page must not run its kernels to check its value keys: the
   * page view formats them (off the main thread when it can), and a value
   * its kernel refuses shows its error in the text. */
  install (ab_book_value_check_shape);
}

/* The whole-book check ------------------------------------------------------ */

static const char *const part1_refs[] = { "1409.3215", "1406.1078", "1409.0473", "1508.04025", "1706.03762", NULL };
static const char *const part2_refs[] = { "1904.10509", "2001.04451", "2004.05150", "2006.04768", "2009.14794",
                                          "2112.05682", NULL };
static const char *const part3_refs[] = { "2205.14135", "2307.08691", "2407.08608", "1805.02867", "2112.05682", NULL };
static const char *const part4_refs[] = { "1911.02150", "2305.13245", "2405.04434", "2309.06180", "2310.01889", NULL };

const char *const *
ab_content_check_part_references (int number)
{
  switch (number)
    {
    case 1: return part1_refs;
    case 2: return part2_refs;
    case 3: return part3_refs;
    case 4: return part4_refs;
    default: return NULL;
    }
}

/* What one walk over a page's blocks finds. */
typedef struct
{
  AbPage    *page;
  GPtrArray *problems;
  guint      n_figures;           /* diagrams, the lab, tables and code */
  guint      n_tables;
  gboolean   has_example, has_why;
  gboolean   shows_binary_size;   /* typed or computed: KiB, MiB, GiB, TiB */
  GString   *text;                /* the page's words, for the placeholder check */
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

  if (math == NULL)
    g_ptr_array_add (scan->problems, g_strdup_printf ("%s:%d: math “%s”: %s", scan->page->source_name,
                                                      source_line (scan->page, tex, line), tex,
                                                      error->message));
}

static gboolean
has_binary_unit (const char *text)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    if (strstr (text, units[u]))
      return TRUE;
  return FALSE;
}

/* CONTENT.md: binary units, "stated once per page". Any of these says it. */
static gboolean
states_binary_units (const char *body)
{
  static const char *const statements[] = { "binary", "1,024 bytes", "2^{10}", "2^{20}", "2^{30}" };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if (strstr (body, statements[i]))
      return TRUE;
  return FALSE;
}

/* CONTENT.md: sizes come from value keys. Prose may still define a unit
 * ("1 MiB is 2^20 bytes", "1,024 KiB"); a cited spec table may type its
 * figures. Anything else typed, such as "164 KiB", is a problem. */
static void
check_typed_sizes (PageScan *scan, const char *text, int line)
{
  static GRegex *typed;
  g_autoptr (GMatchInfo) match = NULL;

  if (typed == NULL)
    typed = g_regex_new ("(?<![\\w.,])(\\d[\\d,.]*)\\s?(KiB|MiB|GiB|TiB)\\b", G_REGEX_OPTIMIZE, 0, NULL);
  for (g_regex_match (typed, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);
      g_autofree char *size = g_match_info_fetch (match, 0);

      if (g_str_equal (number, "1") || g_str_equal (number, "1,024"))
        continue;
      g_ptr_array_add (scan->problems,
                       g_strdup_printf (_("%s:%d: the size “%s” is typed: quote it with a {{< value >}} key "
                                          "(or from a cited table)"),
                                        scan->page->source_name, source_line (scan->page, size, line), size));
    }
}

static gboolean
visit (AbBlock *block, gpointer user_data)
{
  PageScan *scan = user_data;

  switch (block->kind)
    {
    case AB_BLOCK_TABLE:
      scan->n_tables++;
      scan->n_figures++;
      break;
    case AB_BLOCK_DIAGRAM:
    case AB_BLOCK_LAB:
    case AB_BLOCK_CODE:
      scan->n_figures++;
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
      if (run->kind == AB_INLINE_VALUE && run->target)
        {
          g_autofree char *shown = ab_book_value_format (run->target, NULL);
          scan->shows_binary_size |= shown && has_binary_unit (shown);
        }
      else if (run->kind == AB_INLINE_TEXT && run->text)
        {
          scan->shows_binary_size |= has_binary_unit (run->text);
          if (block->kind != AB_BLOCK_TABLE_CELL)
            check_typed_sizes (scan, run->text, block->line);
        }
      g_string_append (scan->text, run->text);
      g_string_append_c (scan->text, ' ');
    }
  if (block->kind == AB_BLOCK_CODE && block->text)
    g_string_append (scan->text, block->text);
  return TRUE;
}

static void
add_at (GPtrArray *problems, AbPage *page, int line, const char *message)
{
  g_ptr_array_add (problems, g_strdup_printf ("%s:%d: %s", page->source_name, line, message));
}

static void
add (GPtrArray *problems, AbPage *page, const char *message)
{
  /* what the whole page lacks is told at its body's first line */
  add_at (problems, page, page->body_line, message);
}

/* CONTENT.md's anatomy: a recap, an example, a "why" callout, a figure, and
 * on the last page the part's references. */
static void
check_anatomy (PageScan *scan, guint index, guint n_sections)
{
  static const char *const placeholders[] = { "TODO", "TBD", "FIXME", "lorem ipsum", "XXX", "placeholder" };
  const char *const *references = ab_content_check_part_references (scan->page->part->number);
  gboolean last = index + 1 == n_sections;
  AbPage *page = scan->page;

  for (guint p = 0; p < G_N_ELEMENTS (placeholders); p++)
    if (strstr (scan->text->str, placeholders[p]) || strstr (page->body, placeholders[p]))
      {
        g_autofree char *m = g_strdup_printf (_("contains “%s”"), placeholders[p]);
        add_at (scan->problems, page, source_line (page, placeholders[p], page->body_line), m);
      }
  if (index > 0 && !last && !strstr (page->body, "## Where we are"))
    add (scan->problems, page, _("no “Where we are” recap"));
  if (!last && !scan->has_why)
    add (scan->problems, page, _("no “why this matters” callout"));
  if (!last && !scan->has_example && scan->n_tables == 0)
    add (scan->problems, page, _("no worked example"));
  if (scan->n_figures == 0)
    add (scan->problems, page, _("no diagram or static figure"));
  if (scan->shows_binary_size && !states_binary_units (page->body))
    add (scan->problems, page,
         _("shows sizes in KiB/MiB/GiB but never says they are binary (e.g. “1 MiB = 2^20 bytes”)"));
  if (last && references)
    for (guint r = 0; references[r]; r++)
      if (!strstr (page->body, references[r]))
        {
          g_autofree char *m = g_strdup_printf (_("the references lack arXiv:%s"), references[r]);
          add (scan->problems, page, m);
        }
}

static void
check_page (AbPage *page, GPtrArray *problems, int section, guint n_sections)
{
  PageScan scan = { .page = page, .problems = problems, .text = g_string_new (NULL) };
  AbBlock *doc = ab_page_get_document (page);

  ab_block_walk (doc, visit, &scan);
  /* After the parse: the page's errors then include its body's. */
  for (guint e = 0; e < page->errors->len; e++)
    g_ptr_array_add (problems, g_strdup (g_ptr_array_index (page->errors, e)));
  if (section >= 0)
    check_anatomy (&scan, (guint) section, n_sections);
  g_string_free (scan.text, TRUE);
}

GPtrArray *
ab_content_check_book (gpointer b)
{
  AbBook *checked = b;
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *errors = ab_book_get_errors (checked);
  GPtrArray *parts = ab_book_get_parts (checked);
  AbBook *previous = checked_book;

  ab_content_check_install ();
  ab_content_check_set_book (checked);
  for (guint i = 0; i < errors->len; i++)
    g_ptr_array_add (problems, g_strdup (g_ptr_array_index (errors, i)));
  if (parts->len == 0)
    g_ptr_array_add (problems, g_strdup (_("no part: a part is a folder part-N… holding an _index.md")));
  for (guint p = 0; p < parts->len; p++)
    {
      AbPart *part = g_ptr_array_index (parts, p);

      if (ab_content_check_part_references (part->number) == NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("%s: part %d has no reference list in the content check"),
                                                    part->folder, part->number));
      if (part->overview)
        check_page (part->overview, problems, -1, 0);
      for (guint s = 0; s < part->sections->len; s++)
        check_page (g_ptr_array_index (part->sections, s), problems, (int) s, part->sections->len);
    }
  ab_content_check_set_book (previous);
  return problems;
}

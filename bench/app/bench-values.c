/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-values.c — what each page's computed numbers cost when it opens
 *
 *   bench-values [PAGE …]
 *
 * Walks the book in reading order, as a reader would, and formats every
 * {{< value >}} of each page the way the page view does
 * (ab_book_value_format), timing each page's total and its slowest key.
 * Kernels cache their runs, so a page after one that shares a run is
 * cheaper; that is what a reader sees too. Prints the ten slowest pages.
 * Part of issue #12's target: a page opens in ≤ 150 ms.
 */
#include "ab-book.h"
#include "ab-book-values.h"
#include "attention.h"

#include <stdlib.h>

typedef struct
{
  const char *page;
  double      total_ms;
  double      worst_ms;
  char       *worst_key;
  guint       n_values;
} PageCost;

static void
time_values (AbBlock *block, PageCost *cost)
{
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *value = NULL;
      gint64 t0;
      double ms;

      if (run->kind != AB_INLINE_VALUE)
        continue;
      t0 = g_get_monotonic_time ();
      value = ab_book_value_format (run->target, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (value == NULL)
        g_printerr ("bench-values: %s: %s: %s\n", cost->page, run->target, error->message);
      if (g_getenv ("BENCH_VALUES_EACH"))
        g_print ("  %6.1f ms  %s\n", ms, run->target);
      cost->total_ms += ms;
      cost->n_values++;
      if (ms > cost->worst_ms)
        {
          cost->worst_ms = ms;
          g_free (cost->worst_key);
          cost->worst_key = g_strdup (run->target);
        }
    }
  for (guint i = 0; block->children && i < block->children->len; i++)
    time_values (g_ptr_array_index (block->children, i), cost);
}

static int
by_total (const void *a, const void *b)
{
  double x = ((const PageCost *) a)->total_ms, y = ((const PageCost *) b)->total_ms;
  return x > y ? -1 : x < y;
}

int
main (int argc, char **argv)
{
  AbBook *book = ab_book_get_default ();
  GPtrArray *pages = ab_book_get_pages (book);
  PageCost *costs = g_new0 (PageCost, pages->len);
  guint n = 0;
  double sum = 0;

  ab_attention_set_blas_threads (1);   /* as the app does */
  for (guint i = 0; i < pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (pages, i);

      if (argc > 1 && !g_strv_contains ((const char *const *) argv + 1, page->id))
        continue;
      costs[n].page = page->id;
      time_values (ab_page_get_document (page), &costs[n]);
      sum += costs[n].total_ms;
      n++;
    }
  qsort (costs, n, sizeof *costs, by_total);
  g_print ("%-56s %7s %9s  %s\n", "page", "values", "total", "slowest value");
  for (guint i = 0; i < MIN (n, 10u); i++)
    g_print ("%-56s %7u %6.1f ms  %s (%.1f ms)\n", costs[i].page, costs[i].n_values,
             costs[i].total_ms, costs[i].worst_key ? costs[i].worst_key : "-", costs[i].worst_ms);
  g_print ("all %u pages: %.0f ms of values in reading order\n", n, sum);
  for (guint i = 0; i < n; i++)
    g_free (costs[i].worst_key);
  g_free (costs);
  return 0;
}

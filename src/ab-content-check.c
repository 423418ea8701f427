/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-content-check"

#include "ab-content-check.h"
#include "ab-book.h"
#include "ab-book-values.h"
#include "ab-diagram-registry.h"
#include "ab-markdown.h"

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

void
ab_content_check_install (void)
{
  static const AbContentValidator validator = {
    .has_diagram = ab_diagram_registry_has,
    .has_term = has_term,
    .check_value = ab_book_value_check,
    .has_page = has_page,
  };

  ab_markdown_set_validator (&validator);
}

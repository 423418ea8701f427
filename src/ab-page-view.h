/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-page-view.h — one page of the book as native widgets */
#pragma once

#include <gtk/gtk.h>

#include "ab-book.h"

G_BEGIN_DECLS

#define AB_TYPE_PAGE_VIEW (ab_page_view_get_type ())
G_DECLARE_FINAL_TYPE (AbPageView, ab_page_view, AB, PAGE_VIEW, GtkWidget)

GtkWidget *ab_page_view_new               (void);
void       ab_page_view_set_page          (AbPageView *self, AbBook *book, AbPage *page);
AbPage    *ab_page_view_get_page          (AbPageView *self);
/* The diagram views on the current page, in order (for the GUI tests). */
GPtrArray *ab_page_view_get_diagram_views (AbPageView *self);
/* TRUE while paragraphs of the page show a placeholder for computed values
 * the background thread is still formatting. */
gboolean   ab_page_view_get_values_pending (AbPageView *self);
/* Scroll so that @child (a widget on the page) is at the top of the view. */
void       ab_page_view_scroll_to         (AbPageView *self, GtkWidget *child);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-window.c — the main window
 *
 * The sidebar's rows come from the book (parts, then their sections), so the
 * table of contents follows the content folder: a screenful of them and the
 * page shown first at once, the rest after the window's first frame, so that
 * a longer book does not give that frame more rows to measure. The current
 * page's row is kept in the sidebar's view. The page shown last is kept in
 * GSettings and restored on the next start.
 */
#define G_LOG_DOMAIN "ab-window"

#include "config.h"
#include "ab-window.h"
#include "ab-math-view.h"
#include "ab-presenter.h"
#include "ab-settings.h"

#include <glib/gi18n.h>

struct _AbWindow
{
  AdwApplicationWindow parent_instance;

  AbBook     *book;
  AbPage     *page;
  GSettings  *settings;
  gboolean    selecting;
  guint       toc_parts;     /* parts whose rows are in the sidebar */
  guint       toc_rows;
  guint       toc_idle_id;   /* adds the remaining rows */
  gboolean    scroll_queued; /* the selected row is to be scrolled into view */

  GtkWidget  *toast_overlay;
  GtkWidget  *leaflet;
  GtkWidget  *content;
  GtkWidget  *toc_scroller;
  GtkWidget  *toc_list;
  GtkWidget  *page_title;
  AbPageView *page_view;
};

G_DEFINE_FINAL_TYPE (AbWindow, ab_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkWidget *
toc_row (AbPage *page, gboolean is_part)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label;

  if (is_part)
    {
      g_autofree char *text = g_strdup_printf (_("Part %d · %s"), page->part->number, page->title);
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "toc-part");
    }
  else
    {
      label = gtk_label_new (page->title);
      gtk_widget_add_css_class (label, "toc-section");
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* A wrapping label's minimum width is otherwise measured by laying it
   * out zero wide, a line per character (see ab-page-view.c); every row
   * pays that at start-up, and a longer book has more rows. */
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  /* A row does not take its label's text as its name: screen readers said "list item". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (label)), -1);
  g_object_set_data (G_OBJECT (row), "page", page);
  return row;
}

static void
append_part_rows (AbWindow *self)
{
  AbPart *part = g_ptr_array_index (ab_book_get_parts (self->book), self->toc_parts++);

  gtk_list_box_append (GTK_LIST_BOX (self->toc_list), toc_row (part->overview, TRUE));
  for (guint j = 0; j < part->sections->len; j++)
    gtk_list_box_append (GTK_LIST_BOX (self->toc_list), toc_row (g_ptr_array_index (part->sections, j), FALSE));
  self->toc_rows += 1 + part->sections->len;
}

/* Rows through @index (a page's, in reading order), and about a screenful;
 * any further down arrive a frame after the first. */
#define TOC_FIRST_ROWS 30

static void
ensure_toc_rows (AbWindow *self, int index)
{
  while (self->toc_parts < ab_book_get_parts (self->book)->len &&
         (self->toc_rows <= (guint) MAX (index, 0) || self->toc_rows < TOC_FIRST_ROWS))
    append_part_rows (self);
}

static gboolean
append_remaining_rows (gpointer data)
{
  AbWindow *self = data;

  self->toc_idle_id = 0;
  while (self->toc_parts < ab_book_get_parts (self->book)->len)
    append_part_rows (self);
  return G_SOURCE_REMOVE;
}

static void
build_toc (AbWindow *self)
{
  ensure_toc_rows (self, 0);
}

/* After the first frame (an idle alone can run before it, while the window
 * waits to be mapped), the rest of the rows. */
static void
first_frame_painted (GdkFrameClock *clock, AbWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, self);
  if (self->toc_parts < ab_book_get_parts (self->book)->len && self->toc_idle_id == 0)
    self->toc_idle_id = g_idle_add_full (G_PRIORITY_LOW, append_remaining_rows, self, NULL);
}

/* The current page's row scrolled into the sidebar's view, once the frame
 * has placed it (a row just added has no place before). */
static void
scroll_to_selected_row (GdkFrameClock *clock, AbWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->toc_list));
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top;

  g_signal_handlers_disconnect_by_func (clock, scroll_to_selected_row, self);
  self->scroll_queued = FALSE;
  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)) ||
      !gtk_widget_compute_bounds (GTK_WIDGET (row), self->toc_scroller, &bounds))
    return;
  /* The scroller shows the list (and its margins) from the value down. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->toc_scroller));
  top = bounds.origin.y + gtk_adjustment_get_value (adjustment);
  gtk_adjustment_clamp_page (adjustment, top, top + bounds.size.height);
}

static void
queue_scroll_to_selected_row (AbWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Until the sidebar is shown, its "map" queues it. */
  if (clock == NULL || self->scroll_queued || !gtk_widget_get_mapped (self->toc_scroller))
    return;
  self->scroll_queued = TRUE;
  g_signal_connect_object (clock, "layout", G_CALLBACK (scroll_to_selected_row), self, G_CONNECT_AFTER);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
ab_window_map (GtkWidget *widget)
{
  AbWindow *self = AB_WINDOW (widget);

  GTK_WIDGET_CLASS (ab_window_parent_class)->map (widget);
  if (self->toc_parts < ab_book_get_parts (self->book)->len)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (first_frame_painted), self, 0);
}

static void
select_row_for_page (AbWindow *self)
{
  int index = ab_book_page_index (self->book, self->page);
  GtkListBoxRow *row;

  ensure_toc_rows (self, index);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->toc_list), index);

  self->selecting = TRUE;
  gtk_list_box_select_row (GTK_LIST_BOX (self->toc_list), row);
  self->selecting = FALSE;
  queue_scroll_to_selected_row (self);
}

static void
update_actions (AbWindow *self)
{
  int index = ab_book_page_index (self->book, self->page);
  guint n = ab_book_get_pages (self->book)->len;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-page", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-page", index >= 0 && (guint) index + 1 < n);
}

static void
set_page (AbWindow *self, AbPage *page)
{
  self->page = page;
  ab_page_view_set_page (self->page_view, self->book, page);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->page_title), page->title);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->page_title), page->part->title);
  select_row_for_page (self);
  update_actions (self);
  if (self->settings)
    g_settings_set_string (self->settings, "last-page", page->id);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

gboolean
ab_window_show_page (AbWindow *self, const char *id)
{
  AbPage *page;

  g_return_val_if_fail (AB_IS_WINDOW (self), FALSE);
  page = ab_book_find_page (self->book, id);
  if (page == NULL)
    return FALSE;
  set_page (self, page);
  return TRUE;
}

AbPage *
ab_window_get_page (AbWindow *self)
{
  g_return_val_if_fail (AB_IS_WINDOW (self), NULL);
  return self->page;
}

AbPageView *
ab_window_get_page_view (AbWindow *self)
{
  g_return_val_if_fail (AB_IS_WINDOW (self), NULL);
  return self->page_view;
}

void
ab_window_toast (AbWindow *self, const char *message)
{
  g_return_if_fail (AB_IS_WINDOW (self));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), adw_toast_new (message));
}

gboolean
ab_window_get_folded (AbWindow *self)
{
  g_return_val_if_fail (AB_IS_WINDOW (self), FALSE);
  return adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet));
}

static void
toc_row_selected (GtkListBox *list, GtkListBoxRow *row, AbWindow *self)
{
  AbPage *page;

  if (row == NULL || self->selecting)
    return;
  page = g_object_get_data (G_OBJECT (row), "page");
  if (page != self->page)
    set_page (self, page);
  else
    adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

static void
toc_row_activated (GtkListBox *list, GtkListBoxRow *row, AbWindow *self)
{
  /* Activating the current page's row in the folded view returns to it. */
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

static void
move_page (AbWindow *self, int delta)
{
  GPtrArray *pages = ab_book_get_pages (self->book);
  int index = ab_book_page_index (self->book, self->page) + delta;

  if (index >= 0 && (guint) index < pages->len)
    set_page (self, g_ptr_array_index (pages, index));
}

static void
previous_page_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move_page (AB_WINDOW (widget), -1);
}

static void
next_page_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move_page (AB_WINDOW (widget), +1);
}

static void
show_page_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbWindow *self = AB_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);

  if (!ab_window_show_page (self, id))
    {
      g_autofree char *message = g_strdup_printf (_("There is no page “%s”"), id);
      ab_window_toast (self, message);
    }
}

static void
show_contents_action (GtkWidget *widget, const char *name, GVariant *param)
{
  AbWindow *self = AB_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->toc_list));

  if (adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet)))
    adw_leaflet_navigate (ADW_LEAFLET (self->leaflet), ADW_NAVIGATION_DIRECTION_BACK);
  /* On the current page's row: focusing the list would scroll to its top. */
  gtk_widget_grab_focus (row ? GTK_WIDGET (row) : self->toc_list);
}

/* Presenter mode: the current page's part, from its start or from here. */
static void
present (AbWindow *self, gboolean from_here)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app)
    ab_presenter_start (app, self->book, self->page->part, from_here ? self->page : NULL, 0);
}

static void
present_action (GtkWidget *widget, const char *name, GVariant *param)
{
  present (AB_WINDOW (widget), FALSE);
}

static void
present_here_action (GtkWidget *widget, const char *name, GVariant *param)
{
  present (AB_WINDOW (widget), TRUE);
}

static void
ab_window_dispose (GObject *object)
{
  AbWindow *self = AB_WINDOW (object);

  g_clear_handle_id (&self->toc_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AB_TYPE_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ab_window_parent_class)->dispose (object);
}

static void
ab_window_class_init (AbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ab_window_dispose;
  widget_class->map = ab_window_map;

  g_type_ensure (AB_TYPE_PAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/in/deepakbaby/AttentionBook/ui/ab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, toc_scroller);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, toc_list);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, AbWindow, page_view);

  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-contents", NULL, show_contents_action);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.present-here", NULL, present_here_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-contents", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.present", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, GDK_SHIFT_MASK, "win.present-here", NULL);
}

static void
ab_window_init (AbWindow *self)
{
  GtkWidget *banner;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Without the math font, one line under the header bar says why formulas show TeX. */
  if ((banner = ab_math_view_font_banner ()))
    gtk_box_insert_child_after (GTK_BOX (self->content), banner, gtk_widget_get_first_child (self->content));

  self->settings = ab_settings_new ();
  if (self->settings)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }

  g_signal_connect (self->toc_list, "row-selected", G_CALLBACK (toc_row_selected), self);
  /* at start, and when a folded window goes back to the sidebar */
  g_signal_connect_swapped (self->toc_scroller, "map", G_CALLBACK (queue_scroll_to_selected_row), self);
  g_signal_connect (self->toc_list, "row-activated", G_CALLBACK (toc_row_activated), self);
}

AbWindow *
ab_window_new (GtkApplication *application, AbBook *book)
{
  AbWindow *self = g_object_new (AB_TYPE_WINDOW, "application", application, NULL);
  g_autofree char *last = NULL;

  self->book = book;
  build_toc (self);
  last = self->settings ? g_settings_get_string (self->settings, "last-page") : NULL;
  if (last == NULL || !ab_window_show_page (self, last))
    set_page (self, g_ptr_array_index (ab_book_get_pages (book), 0));
  return self;
}

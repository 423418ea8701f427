/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-page-view.c — turns a page's block tree into widgets
 *
 * Paragraphs are GtkLabels with Pango markup built from the inline runs;
 * glossary terms are links ("term:KEY") that show their definition on hover
 * and in a popover on click; "page:ID" links navigate; code blocks use
 * GtkSourceView; diagrams get a live AbDiagramView, the lab an AbLabView;
 * malformed content shows as a visible error block. Computed numbers not
 * known yet show a placeholder while the background thread formats them
 * (ab-value-fetch.c); their paragraphs are filled in when it is done, so a
 * page whose numbers take kernels a tenth of a second opens at once.
 */
#define G_LOG_DOMAIN "ab-page-view"

#include "ab-page-view.h"
#include "ab-book-values.h"
#include "ab-code-view.h"
#include "ab-diagram-registry.h"
#include "ab-diagram-view.h"
#include "ab-lab-view.h"
#include "ab-markdown.h"
#include "ab-math-view.h"
#include "ab-paragraph.h"
#include "ab-value-fetch.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _AbPageView
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *column;
  AbBook    *book;
  AbPage    *page;
  GPtrArray *diagram_views;
  double     click_x, click_y;
  /* Values the background thread is formatting: their keys and the
   * paragraphs (labels or AbParagraphs) showing a placeholder for them,
   * for the page build `generation`. */
  GPtrArray *pending_keys;      /* char*, each once */
  GPtrArray *pending_labels;    /* PendingLabel* */
  gboolean   defer_values;      /* while building: placeholders for values not known yet */
  gboolean   block_deferred;    /* the block just built shows one */
  GCancellable *fetching;       /* the fetch for the page on show, if any */
  guint      generation;
};

typedef struct
{
  GtkWidget *label;   /* a reference: a GtkLabel or an AbParagraph */
  AbBlock   *block;   /* the page's, which outlives the view's widgets */
} PendingLabel;

static void
pending_label_free (PendingLabel *p)
{
  g_object_unref (p->label);
  g_free (p);
}

G_DEFINE_FINAL_TYPE (AbPageView, ab_page_view, GTK_TYPE_WIDGET)

static void build_blocks (AbPageView *self, GtkWidget *box, AbBlock *parent);

/* Inline runs → Pango markup ------------------------------------------------ */

static void
append_styled (GString *out, AbInlineStyle style, const char *markup)
{
  if (style & AB_STYLE_STRONG)    g_string_append (out, "<b>");
  if (style & AB_STYLE_EMPHASIS)  g_string_append (out, "<i>");
  if (style & AB_STYLE_STRIKE)    g_string_append (out, "<s>");
  if (style & AB_STYLE_UNDERLINE) g_string_append (out, "<u>");
  g_string_append (out, markup);
  if (style & AB_STYLE_UNDERLINE) g_string_append (out, "</u>");
  if (style & AB_STYLE_STRIKE)    g_string_append (out, "</s>");
  if (style & AB_STYLE_EMPHASIS)  g_string_append (out, "</i>");
  if (style & AB_STYLE_STRONG)    g_string_append (out, "</b>");
}

/* While a page is built, a value not known yet becomes a placeholder and
 * its key is fetched when the page is done. */
static gboolean
defer_value (AbPageView *self, const char *key)
{
  if (!self->defer_values)
    return FALSE;
  if (!g_ptr_array_find_with_equal_func (self->pending_keys, key, g_str_equal, NULL))
    g_ptr_array_add (self->pending_keys, g_strdup (key));
  self->block_deferred = TRUE;
  return TRUE;
}

static char *
inline_markup (AbPageView *self, AbBlock *block)
{
  GString *out = g_string_new (NULL);
  const char *open_href = NULL;

  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);
      g_autofree char *esc = g_markup_escape_text (run->text, -1);
      g_autofree char *piece = NULL;

      /* Consecutive runs of one link share one <a>. */
      if (open_href && g_strcmp0 (open_href, run->href) != 0)
        {
          g_string_append (out, "</a>");
          open_href = NULL;
        }
      if (run->href && open_href == NULL && run->kind != AB_INLINE_TERM)
        {
          g_autofree char *href = g_markup_escape_text (run->href, -1);
          g_string_append_printf (out, "<a href=\"%s\">", href);
          open_href = run->href;
        }

      switch (run->kind)
        {
        case AB_INLINE_TEXT:
          piece = g_strdup (esc);
          break;
        case AB_INLINE_CODE:
          piece = g_strdup_printf ("<span font_family=\"monospace\" background=\"#1f2937\">%s</span>", esc);
          break;
        case AB_INLINE_TERM:
          {
            const AbGlossaryEntry *e = self->book ? ab_book_lookup_term (self->book, run->target) : NULL;
            const char *words = *run->text ? run->text : e ? e->term : run->target;
            g_autofree char *w = g_markup_escape_text (words, -1);
            g_autofree char *key = g_markup_escape_text (run->target, -1);
            if (open_href)
              piece = g_strdup (w);
            else
              piece = g_strdup_printf ("<a href=\"term:%s\">%s</a>", key, w);
          }
          break;
        case AB_INLINE_VALUE:
          {
            g_autoptr (GError) error = NULL;
            g_autofree char *value = ab_book_value_peek (run->target);
            g_autofree char *v = NULL;

            if (value == NULL && defer_value (self, run->target))
              {
                piece = g_strdup ("<span font_features=\"tnum\" alpha=\"50%\">…</span>");
                break;
              }
            if (value == NULL)
              value = ab_book_value_format (run->target, &error);
            v = g_markup_escape_text (value ? value : error->message, -1);
            piece = value ? g_strdup_printf ("<span font_features=\"tnum\">%s</span>", v)
                          : g_strdup_printf ("<span foreground=\"#ef4444\">%s</span>", v);
          }
          break;
        case AB_INLINE_BREAK:
          piece = g_strdup ("\n");
          break;
        default:
          piece = g_strdup ("");
        }
      append_styled (out, run->style, piece);
    }
  if (open_href)
    g_string_append (out, "</a>");
  return g_string_free (out, FALSE);
}

/* Links and glossary ---------------------------------------------------------- */

/* What a click on a link does, wherever the link is drawn. */
static gboolean
activate_uri (AbPageView *self, GtkWidget *widget, const char *uri, double x, double y)
{
  if (g_str_has_prefix (uri, "term:"))
    {
      const AbGlossaryEntry *e = ab_book_lookup_term (self->book, uri + 5);
      GtkWidget *popover, *box, *title, *text;

      if (e == NULL)
        return TRUE;
      popover = gtk_popover_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      title = gtk_label_new (e->term);
      text = gtk_label_new (e->definition);
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (text), 44);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), text);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_popover_set_child (GTK_POPOVER (popover), box);
      gtk_widget_set_parent (popover, widget);
      gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
      g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
      gtk_popover_popup (GTK_POPOVER (popover));
      return TRUE;
    }
  if (g_str_has_prefix (uri, "page:"))
    {
      gtk_widget_activate_action (widget, "win.show-page", "s", uri + 5);
      return TRUE;
    }
  return FALSE;  /* web links: the caller opens them */
}

/* Tooltip markup for a link: the glossary's definition, or the address. */
static char *
uri_tooltip (AbPageView *self, const char *uri)
{
  const AbGlossaryEntry *e;
  g_autofree char *term = NULL, *definition = NULL;

  if (!g_str_has_prefix (uri, "term:"))
    return g_markup_escape_text (uri, -1);
  e = ab_book_lookup_term (self->book, uri + 5);
  if (e == NULL)
    return NULL;
  term = g_markup_escape_text (e->term, -1);
  definition = g_markup_escape_text (e->definition, -1);
  return g_strdup_printf ("<b>%s</b>\n%s", term, definition);
}

static gboolean
label_activate_link (GtkLabel *label, const char *uri, AbPageView *self)
{
  return activate_uri (self, GTK_WIDGET (label), uri, self->click_x, self->click_y);
}

static gboolean
label_query_tooltip (GtkLabel *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                     AbPageView *self)
{
  const char *uri = gtk_label_get_current_uri (label);
  g_autofree char *markup = uri ? uri_tooltip (self, uri) : NULL;

  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static gboolean
paragraph_activate_link (AbParagraph *paragraph, const char *uri, double x, double y, AbPageView *self)
{
  if (activate_uri (self, GTK_WIDGET (paragraph), uri, x, y))
    return TRUE;
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (paragraph))), uri, GDK_CURRENT_TIME);
  return TRUE;
}

static char *
paragraph_query_link (AbParagraph *paragraph, const char *uri, AbPageView *self)
{
  return uri_tooltip (self, uri);
}

static void
label_pressed (GtkGestureClick *gesture, int n_press, double x, double y, AbPageView *self)
{
  self->click_x = x;
  self->click_y = y;
}

/* The narrowest a paragraph's label gets, in characters (the narrow layout's
 * column is about 40). */
#define MIN_WIDTH_CHARS 16
#define TABLE_MIN_WIDTH_CHARS 4

static GtkWidget *
text_label (AbPageView *self, const char *markup, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *click;

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Without it GTK measures a wrapping label's minimum width by laying it
   * out zero wide, a line per character, which Pango 1.50 pays for by
   * shaping the rest of the paragraph again at every break: most of the
   * time a long page took to open. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  if (strstr (markup, "<a ") != NULL)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect_object (label, "activate-link", G_CALLBACK (label_activate_link), self, 0);
      g_signal_connect_object (label, "query-tooltip", G_CALLBACK (label_query_tooltip), self, 0);
      click = gtk_gesture_click_new ();
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
      g_signal_connect_object (click, "pressed", G_CALLBACK (label_pressed), self, 0);
      gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
    }
  return label;
}

/* The words a term or value run shows (for AbParagraph). */
static char *
resolve_run (AbInline *run, gpointer user_data)
{
  AbPageView *self = user_data;

  if (run->kind == AB_INLINE_TERM)
    {
      const AbGlossaryEntry *e = self->book ? ab_book_lookup_term (self->book, run->target) : NULL;
      return g_strdup (*run->text ? run->text : e ? e->term : run->target);
    }
  {
    g_autoptr (GError) error = NULL;
    char *value = ab_book_value_peek (run->target);

    if (value == NULL && defer_value (self, run->target))
      return g_strdup ("…");
    if (value == NULL)
      value = ab_book_value_format (run->target, &error);
    return value ? value : g_strdup (error->message);
  }
}

static gboolean
has_math (AbBlock *block)
{
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    if (((AbInline *) g_ptr_array_index (block->inlines, i))->kind == AB_INLINE_MATH)
      return TRUE;
  return FALSE;
}

/* A block's inline runs as a widget: a GtkLabel, or an AbParagraph when it
 * holds math that must be typeset inline. */
static GtkWidget *
inline_widget (AbPageView *self, AbBlock *block, const char *css_class)
{
  GtkWidget *widget;
  g_autofree char *markup = NULL;

  self->block_deferred = FALSE;
  if (!has_math (block))
    {
      markup = inline_markup (self, block);
      widget = text_label (self, markup, css_class);
    }
  else
    {
      widget = ab_paragraph_new (block, resolve_run, self);
      gtk_widget_set_hexpand (widget, TRUE);
      if (css_class)
        gtk_widget_add_css_class (widget, css_class);
      g_signal_connect_object (widget, "activate-link", G_CALLBACK (paragraph_activate_link), self, 0);
      g_signal_connect_object (widget, "query-link", G_CALLBACK (paragraph_query_link), self, 0);
    }
  if (self->block_deferred)
    {
      PendingLabel *p = g_new (PendingLabel, 1);
      p->label = g_object_ref (widget);
      p->block = block;
      g_ptr_array_add (self->pending_labels, p);
    }
  return widget;
}

/* Blocks → widgets ------------------------------------------------------------ */

static GtkWidget *
build_heading (AbPageView *self, AbBlock *block)
{
  static const char *const classes[] = { "title-1", "title-2", "title-3", "title-4", "heading", "heading" };
  GtkWidget *label = inline_widget (self, block, classes[CLAMP (block->level, 1, 6) - 1]);

  gtk_widget_add_css_class (label, "page-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL,
                                  block->level, -1);
  return label;
}

static GtkWidget *
build_list (AbPageView *self, AbBlock *block)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  int number = block->level > 0 ? block->level : 1;

  gtk_widget_add_css_class (list, "content-list");
  for (guint i = 0; block->children && i < block->children->len; i++)
    {
      AbBlock *item = g_ptr_array_index (block->children, i);
      /* A grid, not a horizontal box: a box allocates its children by
       * their width for its height, which makes every wrapped label in the
       * item search for its width (a dozen Pango layouts per label). */
      GtkWidget *row = gtk_grid_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *marker = block->ordered ? g_strdup_printf ("%d.", number++) : g_strdup ("•");
      GtkWidget *bullet = gtk_label_new (marker);

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_label_set_width_chars (GTK_LABEL (bullet), block->ordered ? 3 : 2);
      gtk_label_set_xalign (GTK_LABEL (bullet), 1);
      gtk_widget_add_css_class (bullet, "list-marker");
      gtk_grid_set_column_spacing (GTK_GRID (row), 8);
      gtk_grid_attach (GTK_GRID (row), bullet, 0, 0, 1, 1);
      build_blocks (self, content, item);
      gtk_widget_set_hexpand (content, TRUE);
      gtk_grid_attach (GTK_GRID (row), content, 1, 0, 1, 1);
      gtk_box_append (GTK_BOX (list), row);
    }
  return list;
}

/* A grid of wrapping labels: cells wrap rather than scroll, because a
 * scrolled window would size its height for the narrowest layout. */
static GtkWidget *
build_table (AbPageView *self, AbBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (grid, "content-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table"), -1);
  for (guint r = 0; block->children && r < block->children->len; r++)
    {
      AbBlock *row = g_ptr_array_index (block->children, r);
      for (guint c = 0; row->children && c < row->children->len; c++)
        {
          AbBlock *cell = g_ptr_array_index (row->children, c);
          GtkWidget *label = inline_widget (self, cell, row->header ? "table-header" : "table-cell");

          if (GTK_IS_LABEL (label))
            {
              gtk_label_set_xalign (GTK_LABEL (label), cell->align == 1 ? 1.0f : cell->align == 0 ? 0.5f : 0.0f);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
              /* a table of many columns must still fold to a phone's width */
              gtk_label_set_width_chars (GTK_LABEL (label), TABLE_MIN_WIDTH_CHARS);
            }
          if (r % 2 == 0 && !row->header)
            gtk_widget_add_css_class (label, "table-even");
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) r, 1, 1);
        }
    }
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);
  return grid;
}

static GtkWidget *
build_callout (AbPageView *self, AbBlock *block)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *css = g_strdup_printf ("callout-%s", block->text);
  const char *icon = "dialog-information-symbolic";
  const char *title = _("Note");
  GtkWidget *title_label;

  if (g_str_equal (block->text, "why"))
    {
      icon = "emblem-important-symbolic";
      title = _("Why this matters");
    }
  else if (g_str_equal (block->text, "example"))
    {
      icon = "accessories-calculator-symbolic";
      title = _("Worked example");
    }
  if (block->info && *block->info)
    title = block->info;

  gtk_widget_add_css_class (box, "callout");
  gtk_widget_add_css_class (box, css);
  gtk_box_append (GTK_BOX (header), gtk_image_new_from_icon_name (icon));
  title_label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_box_append (GTK_BOX (header), title_label);
  gtk_box_append (GTK_BOX (box), header);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  build_blocks (self, box, block);
  return box;
}

static GtkWidget *
build_error (const char *message)
{
  g_autofree char *text = g_strdup_printf ("⚠ %s", message);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "content-error");
  return label;
}

static GtkWidget *
build_math (const char *tex)
{
  GtkWidget *view = ab_math_view_new (tex, TRUE);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  /* Centred; a formula wider than the column scrolls sideways. */
  gtk_widget_add_css_class (view, "math-display");
  gtk_widget_set_halign (view, GTK_ALIGN_CENTER);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  return scroller;
}

static GtkWidget *
build_block (AbPageView *self, AbBlock *block)
{
  switch (block->kind)
    {
    case AB_BLOCK_HEADING:
      return build_heading (self, block);
    case AB_BLOCK_PARAGRAPH:
      return inline_widget (self, block, "body-text");
    case AB_BLOCK_LIST:
      return build_list (self, block);
    case AB_BLOCK_QUOTE:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
        gtk_widget_add_css_class (box, "blockquote");
        build_blocks (self, box, block);
        return box;
      }
    case AB_BLOCK_CODE:
      return ab_code_view_new (block->text ? block->text : "", block->info);
    case AB_BLOCK_MATH:
      return build_math (block->text);
    case AB_BLOCK_TABLE:
      return build_table (self, block);
    case AB_BLOCK_RULE:
      return gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
    case AB_BLOCK_DIAGRAM:
      {
        g_autoptr (GError) error = NULL;
        g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (block->text, &error);
        GtkWidget *view;
        if (diagram == NULL)
          return build_error (error->message);
        view = ab_diagram_view_new (diagram);
        g_ptr_array_add (self->diagram_views, view);
        return view;
      }
    case AB_BLOCK_LAB:
      return ab_lab_view_new (block->level);
    case AB_BLOCK_CALLOUT:
      return build_callout (self, block);
    case AB_BLOCK_ERROR:
      return build_error (block->text);
    case AB_BLOCK_SLIDE:   /* built in place by build_blocks */
    case AB_BLOCK_NOTES:
    case AB_BLOCK_DOCUMENT:
    case AB_BLOCK_LIST_ITEM:
    case AB_BLOCK_TABLE_ROW:
    case AB_BLOCK_TABLE_CELL:
    default:
      return NULL;
    }
}

/* Text keeps a readable measure; diagrams get a wider one, as figures in a
 * Distill article break out of the text column. */
#define TEXT_WIDTH    760
#define FIGURE_WIDTH 1240

static void
append_top_level (AbPageView *self, GtkWidget *child, int max_width)
{
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), max_width);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), max_width * 3 / 4);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_box_append (GTK_BOX (self->column), clamp);
}

/* Speaker notes are not read on the page; only their content errors show. */
static gboolean
collect_errors (AbBlock *block, gpointer user_data)
{
  if (block->kind == AB_BLOCK_ERROR)
    g_ptr_array_add (user_data, block);
  return TRUE;
}

static void
build_blocks (AbPageView *self, GtkWidget *box, AbBlock *parent)
{
  for (guint i = 0; parent->children && i < parent->children->len; i++)
    {
      AbBlock *block = g_ptr_array_index (parent->children, i);
      GtkWidget *child;

      /* A slide's content reads as part of the page (slides are top-level only). */
      if (block->kind == AB_BLOCK_SLIDE)
        {
          build_blocks (self, box, block);
          continue;
        }
      if (block->kind == AB_BLOCK_NOTES)
        {
          g_autoptr (GPtrArray) errors = g_ptr_array_new ();
          ab_block_walk (block, collect_errors, errors);
          for (guint e = 0; e < errors->len; e++)
            {
              AbBlock *error = g_ptr_array_index (errors, e);
              if (box == self->column)
                append_top_level (self, build_error (error->text), TEXT_WIDTH);
              else
                gtk_box_append (GTK_BOX (box), build_error (error->text));
            }
          continue;
        }
      child = build_block (self, block);
      if (child == NULL)
        continue;
      if (box == self->column)
        append_top_level (self, child, block->kind == AB_BLOCK_DIAGRAM || block->kind == AB_BLOCK_LAB
                                       ? FIGURE_WIDTH : TEXT_WIDTH);
      else
        gtk_box_append (GTK_BOX (box), child);
    }
}

/* Page ----------------------------------------------------------------------------- */

static GtkWidget *
build_nav_button (AbPageView *self, AbPage *target, gboolean next)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *kind = gtk_label_new (next ? _("Next") : _("Previous"));
  GtkWidget *title = gtk_label_new (target->title);

  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (kind), next ? 1 : 0);
  gtk_label_set_xalign (GTK_LABEL (title), next ? 1 : 0);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), title);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "page-nav-button");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), next ? "win.next-page" : "win.previous-page");
  /* A button with a box inside has no name of its own for a screen reader. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY, kind, title, NULL,
                                  -1);
  return button;
}

typedef struct
{
  AbPageView *self;         /* a reference */
  guint       generation;   /* the build that asked */
} Fetch;

/* The values are in: refill every paragraph that showed a placeholder, if
 * the view still shows that build. Keys the kernels refused are formatted
 * again here, which shows their errors. */
static void
values_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fetch *fetch = user_data;
  AbPageView *self = fetch->self;
  g_autoptr (GError) error = NULL;

  if (!ab_value_fetch_finish (result, &error))
    g_debug ("computed values not fetched: %s", error->message);
  if (fetch->generation == self->generation && self->pending_labels)
    {
      g_clear_object (&self->fetching);
      for (guint i = 0; i < self->pending_labels->len; i++)
        {
          PendingLabel *p = g_ptr_array_index (self->pending_labels, i);

          if (AB_IS_PARAGRAPH (p->label))
            ab_paragraph_refresh (AB_PARAGRAPH (p->label));
          else
            {
              g_autofree char *markup = inline_markup (self, p->block);
              gtk_label_set_markup (GTK_LABEL (p->label), markup);
            }
        }
      g_ptr_array_set_size (self->pending_labels, 0);
      g_ptr_array_set_size (self->pending_keys, 0);
    }
  g_object_unref (self);
  g_free (fetch);
}

static void
fetch_values (AbPageView *self)
{
  Fetch *fetch = g_new (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->generation = self->generation;
  self->fetching = g_cancellable_new ();
  ab_value_fetch_async (self->pending_keys, self->fetching, values_fetched, fetch);
}

void
ab_page_view_set_page (AbPageView *self, AbBook *book, AbPage *page)
{
  GtkWidget *child, *eyebrow, *title, *nav;
  AbBlock *doc;
  GPtrArray *pages;
  int index;
  g_autofree char *eyebrow_text = NULL;

  g_return_if_fail (AB_IS_PAGE_VIEW (self));
  g_return_if_fail (book != NULL && page != NULL);

  self->book = book;
  self->page = page;
  self->generation++;
  /* A page left before its numbers came: the rest of them can wait. */
  g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_ptr_array_set_size (self->pending_keys, 0);
  g_ptr_array_set_size (self->pending_labels, 0);
  self->defer_values = TRUE;
  g_ptr_array_set_size (self->diagram_views, 0);
  while ((child = gtk_widget_get_first_child (self->column)))
    gtk_box_remove (GTK_BOX (self->column), child);

  eyebrow_text = g_strdup_printf (_("Part %d · %s"), page->part->number, page->part->title);
  eyebrow = gtk_label_new (eyebrow_text);
  gtk_label_set_xalign (GTK_LABEL (eyebrow), 0);
  gtk_label_set_wrap (GTK_LABEL (eyebrow), TRUE);
  gtk_widget_add_css_class (eyebrow, "eyebrow");
  append_top_level (self, eyebrow, TEXT_WIDTH);

  title = gtk_label_new (page->title);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-1");
  gtk_widget_add_css_class (title, "page-title");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  append_top_level (self, title, TEXT_WIDTH);

  if (page->description && *page->description)
    {
      g_autofree char *lede = g_markup_escape_text (page->description, -1);
      append_top_level (self, text_label (self, lede, "lede"), TEXT_WIDTH);
    }

  doc = ab_page_get_document (page);
  build_blocks (self, self->column, doc);

  pages = ab_book_get_pages (book);
  index = ab_book_page_index (book, page);
  nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (nav, "page-nav");
  gtk_box_set_homogeneous (GTK_BOX (nav), TRUE);
  if (index > 0)
    gtk_box_append (GTK_BOX (nav), build_nav_button (self, g_ptr_array_index (pages, index - 1), FALSE));
  if (index >= 0 && (guint) index + 1 < pages->len)
    gtk_box_append (GTK_BOX (nav), build_nav_button (self, g_ptr_array_index (pages, index + 1), TRUE));
  append_top_level (self, nav, TEXT_WIDTH);

  self->defer_values = FALSE;
  if (self->pending_keys->len > 0)
    fetch_values (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

gboolean
ab_page_view_get_values_pending (AbPageView *self)
{
  g_return_val_if_fail (AB_IS_PAGE_VIEW (self), FALSE);
  return self->pending_labels && self->pending_labels->len > 0;
}

AbPage *
ab_page_view_get_page (AbPageView *self)
{
  g_return_val_if_fail (AB_IS_PAGE_VIEW (self), NULL);
  return self->page;
}

GPtrArray *
ab_page_view_get_diagram_views (AbPageView *self)
{
  g_return_val_if_fail (AB_IS_PAGE_VIEW (self), NULL);
  return self->diagram_views;
}

void
ab_page_view_scroll_to (AbPageView *self, GtkWidget *child)
{
  graphene_point_t top;

  g_return_if_fail (AB_IS_PAGE_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  if (gtk_widget_compute_point (child, self->column, &GRAPHENE_POINT_INIT (0, 0), &top))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                              top.y - 24);
}

static void
ab_page_view_dispose (GObject *object)
{
  AbPageView *self = AB_PAGE_VIEW (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->diagram_views, g_ptr_array_unref);
  g_clear_pointer (&self->pending_labels, g_ptr_array_unref);
  g_clear_pointer (&self->pending_keys, g_ptr_array_unref);
  g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  G_OBJECT_CLASS (ab_page_view_parent_class)->dispose (object);
}

static void
ab_page_view_class_init (AbPageViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ab_page_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "pageview");
}

static void
ab_page_view_init (AbPageView *self)
{
  self->diagram_views = g_ptr_array_new ();
  self->pending_keys = g_ptr_array_new_with_free_func (g_free);
  self->pending_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_label_free);
  self->column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  gtk_widget_add_css_class (self->column, "page-column");

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->column);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
ab_page_view_new (void)
{
  return g_object_new (AB_TYPE_PAGE_VIEW, NULL);
}

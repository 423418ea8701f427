/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-paragraph.c — text and inline math in one wrapped layout
 *
 * GtkLabel cannot hold typeset math, so paragraphs that have some are laid
 * out here: the text goes into a PangoLayout where each formula is a U+FFFC
 * with a PangoAttrShape as large as its box (so lines wrap and space around
 * it), and the formulas are drawn with ab_math_draw() on the line's baseline.
 * Links are attribute ranges, hit-tested on click and for tooltips.
 */
#define G_LOG_DOMAIN "ab-paragraph"

#include "ab-paragraph.h"
#include "ab-math.h"
#include "ab-preferences.h"

#include <glib/gi18n.h>
#include <string.h>

#define OBJECT_REPLACEMENT "\xef\xbf\xbc"

typedef struct
{
  guint  start, end;  /* byte range in the text */
  char  *uri;
} Link;

typedef struct
{
  guint   index;      /* byte index of its U+FFFC */
  AbMath *math;
  double  width, height, depth;
} Formula;

struct _AbParagraph
{
  GtkWidget    parent_instance;

  GString     *text;
  PangoAttrList *attrs;
  GArray      *links;     /* Link */
  GArray      *formulas;  /* Formula */
  PangoLayout *layout;
  double       font_px;
  int          focus_link;  /* index into links while focus is on one, or -1 */
  /* What it was built from, for ab_paragraph_refresh(). */
  AbBlock     *block;       /* the page's, which outlives its widgets */
  AbParagraphResolve resolve;
  gpointer     user_data;
};

G_DEFINE_FINAL_TYPE (AbParagraph, ab_paragraph, GTK_TYPE_WIDGET)

enum { ACTIVATE_LINK, QUERY_LINK, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
add_attr (AbParagraph *self, PangoAttribute *attr, guint start, guint end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (self->attrs, attr);
}

static void
style_range (AbParagraph *self, AbInlineStyle style, guint start, guint end)
{
  if (style & AB_STYLE_STRONG)
    add_attr (self, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, end);
  if (style & AB_STYLE_EMPHASIS)
    add_attr (self, pango_attr_style_new (PANGO_STYLE_ITALIC), start, end);
  if (style & AB_STYLE_STRIKE)
    add_attr (self, pango_attr_strikethrough_new (TRUE), start, end);
  if (style & AB_STYLE_UNDERLINE)
    add_attr (self, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
}

static void
link_range (AbParagraph *self, const char *uri, guint start, guint end)
{
  Link link = { start, end, g_strdup (uri) };

  g_array_append_val (self->links, link);
  add_attr (self, pango_attr_foreground_new (0x9393, 0xc5c5, 0xfdfd), start, end);
  add_attr (self, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
}

static void
build (AbParagraph *self, AbBlock *block, AbParagraphResolve resolve, gpointer user_data)
{
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);
      guint start = self->text->len;

      switch (run->kind)
        {
        case AB_INLINE_MATH:
          {
            Formula f = { start, NULL, 0, 0, 0 };
            f.math = ab_math_new_or_error_box (run->text, FALSE, self->font_px, NULL);
            if (f.math == NULL)
              {
                /* No math font (the window says so): the TeX source, as code. */
                g_string_append (self->text, run->text);
                add_attr (self, pango_attr_family_new ("monospace"), start, self->text->len);
                break;
              }
            ab_math_get_extents (f.math, &f.width, &f.height, &f.depth);
            g_array_append_val (self->formulas, f);
            g_string_append (self->text, OBJECT_REPLACEMENT);
            {
              PangoRectangle r = { 0, (int) (-f.height * PANGO_SCALE),
                                   (int) (f.width * PANGO_SCALE), (int) ((f.height + f.depth) * PANGO_SCALE) };
              add_attr (self, pango_attr_shape_new (&r, &r), start, self->text->len);
            }
          }
          break;
        case AB_INLINE_BREAK:
          g_string_append_c (self->text, '\n');
          break;
        case AB_INLINE_CODE:
          g_string_append (self->text, run->text);
          add_attr (self, pango_attr_family_new ("monospace"), start, self->text->len);
          add_attr (self, pango_attr_background_new (0x1f1f, 0x2929, 0x3737), start, self->text->len);
          break;
        case AB_INLINE_TERM:
        case AB_INLINE_VALUE:
          {
            g_autofree char *shown = resolve (run, user_data);
            g_string_append (self->text, shown);
            if (run->kind == AB_INLINE_TERM && run->href == NULL)
              {
                g_autofree char *uri = g_strdup_printf ("term:%s", run->target);
                link_range (self, uri, start, self->text->len);
              }
            else if (run->kind == AB_INLINE_VALUE)
              add_attr (self, pango_attr_font_features_new ("tnum"), start, self->text->len);
          }
          break;
        case AB_INLINE_TEXT:
        default:
          g_string_append (self->text, run->text);
          break;
        }
      style_range (self, run->style, start, self->text->len);
      if (run->href)
        link_range (self, run->href, start, self->text->len);
    }
  /* Focusable only when there is a link to reach with the keyboard. */
  gtk_widget_set_focusable (GTK_WIDGET (self), self->links->len > 0);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text->str);
  pango_layout_set_attributes (self->layout, self->attrs);
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  /* The same airy measure as the page's GtkLabel paragraphs (style.css). */
  pango_layout_set_line_spacing (self->layout, 1.45f);
}

static const char *
link_at (AbParagraph *self, double x, double y)
{
  int index, trailing;

  if (!pango_layout_xy_to_index (self->layout, (int) (x * PANGO_SCALE), (int) (y * PANGO_SCALE),
                                 &index, &trailing))
    return NULL;
  for (guint i = 0; i < self->links->len; i++)
    {
      Link *l = &g_array_index (self->links, Link, i);
      if ((guint) index >= l->start && (guint) index < l->end)
        return l->uri;
    }
  return NULL;
}

/* GtkWidget ------------------------------------------------------------------ */

static GtkSizeRequestMode
ab_paragraph_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ab_paragraph_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  AbParagraph *self = AB_PARAGRAPH (widget);
  int w, h;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrowest: the widest formula or about ten characters. */
      double widest = 10 * self->font_px * 0.5;
      for (guint i = 0; i < self->formulas->len; i++)
        widest = MAX (widest, g_array_index (self->formulas, Formula, i).width);
      pango_layout_set_width (self->layout, -1);
      pango_layout_get_pixel_size (self->layout, &w, &h);
      *minimum = (int) widest + 1;
      *natural = MAX (*minimum, w);
    }
  else
    {
      pango_layout_set_width (self->layout, for_size > 0 ? for_size * PANGO_SCALE : -1);
      pango_layout_get_pixel_size (self->layout, &w, &h);
      *minimum = *natural = h;
    }
}

static void
ab_paragraph_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  pango_layout_set_width (AB_PARAGRAPH (widget)->layout, width * PANGO_SCALE);
}

static void
ab_paragraph_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AbParagraph *self = AB_PARAGRAPH (widget);
  GdkRGBA color;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_layout (snapshot, self->layout, &color);

  if (self->focus_link >= 0 && gtk_widget_has_visible_focus (widget))
    {
      /* Outline every line the focused link spans, as GtkLabel does. */
      Link *l = &g_array_index (self->links, Link, self->focus_link);
      int range[2] = { (int) l->start, (int) l->end };
      cairo_region_t *region = gdk_pango_layout_get_clip_region (self->layout, 0, 0, range, 1);
      GdkRGBA ring = { 0.376f, 0.647f, 0.980f, 1 };

      for (int r = 0; r < cairo_region_num_rectangles (region); r++)
        {
          cairo_rectangle_int_t rect;
          GskRoundedRect outline;
          const float widths[4] = { 2, 2, 2, 2 };
          const GdkRGBA colors[4] = { ring, ring, ring, ring };

          cairo_region_get_rectangle (region, r, &rect);
          gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (rect.x - 2, rect.y, rect.width + 4,
                                                                          rect.height), 3);
          gtk_snapshot_append_border (snapshot, &outline, widths, colors);
        }
      cairo_region_destroy (region);
    }

  if (self->formulas->len == 0)
    return;
  {
    cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (-4, -4, w + 8, h + 8));
    for (guint i = 0; i < self->formulas->len; i++)
      {
        Formula *f = &g_array_index (self->formulas, Formula, i);
        PangoRectangle pos;

        /* The shape's logical box starts "height" above the baseline. */
        pango_layout_index_to_pos (self->layout, (int) f->index, &pos);
        ab_math_draw (f->math, cr, (double) pos.x / PANGO_SCALE,
                      (double) pos.y / PANGO_SCALE + f->height,
                      color.red, color.green, color.blue, color.alpha);
      }
    cairo_destroy (cr);
  }
}

/* Keyboard access --------------------------------------------------------------- */

static const char *
focused_uri (AbParagraph *self)
{
  if (self->focus_link < 0 || (guint) self->focus_link >= self->links->len)
    return NULL;
  return g_array_index (self->links, Link, self->focus_link).uri;
}

/* Tab walks through the paragraph's links, then on to the next widget. */
static gboolean
ab_paragraph_focus (GtkWidget *widget, GtkDirectionType direction)
{
  AbParagraph *self = AB_PARAGRAPH (widget);
  int n = (int) self->links->len, next;
  gboolean forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN ||
                     direction == GTK_DIR_RIGHT;

  if (n == 0)
    return FALSE;
  if (!gtk_widget_has_focus (widget))
    next = forward ? 0 : n - 1;
  else
    next = self->focus_link + (forward ? 1 : -1);
  if (next < 0 || next >= n)
    {
      self->focus_link = -1;
      gtk_widget_queue_draw (widget);
      return FALSE;
    }
  self->focus_link = next;
  gtk_widget_grab_focus (widget);
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             AbParagraph *self)
{
  const char *uri = focused_uri (self);
  gboolean handled = FALSE;
  PangoRectangle pos;

  if (uri == NULL || (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_space))
    return FALSE;
  /* Point a popover at the link itself. */
  pango_layout_index_to_pos (self->layout, (int) g_array_index (self->links, Link, self->focus_link).start, &pos);
  g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, (double) pos.x / PANGO_SCALE,
                 (double) (pos.y + pos.height) / PANGO_SCALE, &handled);
  return TRUE;
}

static void
focus_left (GtkEventControllerFocus *controller, AbParagraph *self)
{
  self->focus_link = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clicked (GtkGestureClick *gesture, int n_press, double x, double y, AbParagraph *self)
{
  const char *uri = link_at (self, x, y);
  gboolean handled = FALSE;

  if (uri)
    g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, x, y, &handled);
}

static void
motion (GtkEventControllerMotion *controller, double x, double y, AbParagraph *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), link_at (self, x, y) ? "pointer" : NULL);
}

static gboolean
query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  AbParagraph *self = AB_PARAGRAPH (widget);
  const char *uri = keyboard ? focused_uri (self) : link_at (self, x, y);
  g_autofree char *markup = NULL;

  if (uri == NULL)
    return FALSE;
  g_signal_emit (self, signals[QUERY_LINK], 0, uri, &markup);
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* Empties what build() fills. */
static void
clear_content (AbParagraph *self)
{
  for (guint i = 0; i < self->links->len; i++)
    g_free (g_array_index (self->links, Link, i).uri);
  for (guint i = 0; i < self->formulas->len; i++)
    ab_math_free (g_array_index (self->formulas, Formula, i).math);
  g_array_set_size (self->links, 0);
  g_array_set_size (self->formulas, 0);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  self->attrs = pango_attr_list_new ();
  g_clear_object (&self->layout);
  g_string_truncate (self->text, 0);
  self->focus_link = -1;
}

static void
ab_paragraph_dispose (GObject *object)
{
  AbParagraph *self = AB_PARAGRAPH (object);

  if (self->text)
    {
      clear_content (self);
      g_clear_pointer (&self->links, g_array_unref);
      g_clear_pointer (&self->formulas, g_array_unref);
      g_clear_pointer (&self->attrs, pango_attr_list_unref);
      g_string_free (g_steal_pointer (&self->text), TRUE);
    }
  G_OBJECT_CLASS (ab_paragraph_parent_class)->dispose (object);
}

static void
ab_paragraph_class_init (AbParagraphClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ab_paragraph_dispose;
  widget_class->get_request_mode = ab_paragraph_get_request_mode;
  widget_class->measure = ab_paragraph_measure;
  widget_class->size_allocate = ab_paragraph_size_allocate;
  widget_class->snapshot = ab_paragraph_snapshot;
  widget_class->query_tooltip = query_tooltip;
  widget_class->focus = ab_paragraph_focus;
  gtk_widget_class_set_css_name (widget_class, "paragraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);

  signals[ACTIVATE_LINK] =
    g_signal_new ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 3, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[QUERY_LINK] =
    g_signal_new ("query-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_first_wins, NULL, NULL,
                  G_TYPE_STRING, 1, G_TYPE_STRING);
}

static void
ab_paragraph_init (AbParagraph *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *move = gtk_event_controller_motion_new ();

  self->text = g_string_new (NULL);
  self->attrs = pango_attr_list_new ();
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  self->formulas = g_array_new (FALSE, FALSE, sizeof (Formula));

  g_signal_connect (click, "released", G_CALLBACK (clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (move, "motion", G_CALLBACK (motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), move);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  self->focus_link = -1;
  {
    GtkEventController *keys = gtk_event_controller_key_new ();
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
    g_signal_connect (focus, "leave", G_CALLBACK (focus_left), self);
    gtk_widget_add_controller (GTK_WIDGET (self), focus);
  }
}

/* Screen readers get the words, each computed value as shown and each
 * formula in its spoken form ("q dot k over the square root of d k"). */
static void
update_spoken (AbParagraph *self)
{
  GString *spoken = g_string_new (NULL);
  g_autofree char *plain = NULL;

  for (guint i = 0; self->block->inlines && i < self->block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (self->block->inlines, i);
      g_autofree char *words = run->kind == AB_INLINE_MATH ? ab_math_to_speech (run->text, NULL)
                             : run->kind == AB_INLINE_VALUE ? self->resolve (run, self->user_data) : NULL;
      g_string_append (spoken, run->kind == AB_INLINE_BREAK ? " " : words ? words : run->text);
    }
  plain = g_string_free (spoken, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

GtkWidget *
ab_paragraph_new (AbBlock *block, AbParagraphResolve resolve, gpointer user_data)
{
  AbParagraph *self = g_object_new (AB_TYPE_PARAGRAPH, NULL);
  PangoFontDescription *desc;

  /* Formulas are set at the text's size: font points at 96 dpi. */
  desc = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  self->font_px = pango_font_description_get_size (desc) / (double) PANGO_SCALE * 96.0 / 72.0;
  if (self->font_px <= 0)
    self->font_px = 15;
  self->font_px *= ab_preferences_text_scale ();   /* the text follows the same preference through CSS */
  self->block = block;
  self->resolve = resolve;
  self->user_data = user_data;
  build (self, block, resolve, user_data);
  update_spoken (self);
  return GTK_WIDGET (self);
}

void
ab_paragraph_refresh (AbParagraph *self)
{
  g_return_if_fail (AB_IS_PARAGRAPH (self));

  clear_content (self);
  build (self, self->block, self->resolve, self->user_data);
  update_spoken (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
ab_paragraph_get_text (AbParagraph *self)
{
  g_return_val_if_fail (AB_IS_PARAGRAPH (self), NULL);
  return self->text->str;
}

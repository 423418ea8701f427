/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-view.c — one display formula as a widget
 *
 * A screen reader gets the formula's spoken form from the typesetter's parse
 * tree ("variance of q dot k over the square root of d k"), never its TeX.
 * Without the math font the formula shows its TeX source in monospace, and
 * ab_math_view_font_banner() gives the window one line saying why.
 */
#define G_LOG_DOMAIN "ab-math-view"

#include "config.h"
#include "ab-math-view.h"
#include "ab-math.h"
#include "ab-preferences.h"

#include <glib/gi18n.h>


/* Display formulas read best a little larger than the body text. */
#define DISPLAY_PX 21.0
#define PADDING     8

struct _AbMathView
{
  GtkWidget    parent_instance;
  AbMath      *math;
  PangoLayout *source;   /* the TeX, when the math font is missing */
  char        *spoken;   /* the accessible name */
  double       width, height, depth;
};

G_DEFINE_FINAL_TYPE (AbMathView, ab_math_view, GTK_TYPE_WIDGET)

static void
ab_math_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  AbMathView *self = AB_MATH_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (self->width + 1) + 2 * PADDING;
  else
    *minimum = *natural = (int) (self->height + self->depth + 1) + 2 * PADDING;
}

static void
ab_math_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AbMathView *self = AB_MATH_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double x = (w - self->width) / 2;
  double baseline = (h - self->height - self->depth) / 2 + self->height;
  GdkRGBA color;
  cairo_t *cr;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS
  if (self->source)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) (baseline - self->height)));
      gtk_snapshot_append_layout (snapshot, self->source, &color);
      gtk_snapshot_restore (snapshot);
      return;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  ab_math_draw (self->math, cr, x, baseline, color.red, color.green, color.blue, color.alpha);
  cairo_destroy (cr);
}

static void
ab_math_view_dispose (GObject *object)
{
  AbMathView *self = AB_MATH_VIEW (object);

  g_clear_pointer (&self->math, ab_math_free);
  g_clear_object (&self->source);
  g_clear_pointer (&self->spoken, g_free);
  G_OBJECT_CLASS (ab_math_view_parent_class)->dispose (object);
}

static void
ab_math_view_class_init (AbMathViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ab_math_view_dispose;
  widget_class->measure = ab_math_view_measure;
  widget_class->snapshot = ab_math_view_snapshot;
  gtk_widget_class_set_css_name (widget_class, "mathview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ab_math_view_init (AbMathView *self)
{
}

GtkWidget *
ab_math_view_new (const char *tex, gboolean display)
{
  AbMathView *self = g_object_new (AB_TYPE_MATH_VIEW, NULL);
  char *spoken = ab_math_to_speech (tex, NULL);

  self->math = ab_math_new_or_error_box (tex, display, DISPLAY_PX * ab_preferences_text_scale (), NULL);
  if (self->math)
    ab_math_get_extents (self->math, &self->width, &self->height, &self->depth);
  else
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      int w, h;

      self->source = gtk_widget_create_pango_layout (GTK_WIDGET (self), tex);
      pango_attr_list_insert (attrs, pango_attr_family_new ("monospace"));
      pango_layout_set_attributes (self->source, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_get_pixel_size (self->source, &w, &h);
      self->width = w;
      self->height = h;
      self->depth = 0;
    }
  /* Bad TeX has no spoken form: the reader gets the source it shows. */
  self->spoken = spoken ? spoken : g_strdup (tex);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->spoken, -1);
  return GTK_WIDGET (self);
}

const char *
ab_math_view_get_spoken (AbMathView *self)
{
  g_return_val_if_fail (AB_IS_MATH_VIEW (self), NULL);
  return self->spoken;
}

GtkWidget *
ab_math_view_font_banner (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *label;

  if (ab_math_font_available (&error))
    return NULL;
  message = g_strdup_printf (_("%s: formulas are shown as their TeX source."), error->message);
  label = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "math-font-banner");
  gtk_widget_set_name (label, "math-font-banner");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  return label;
}

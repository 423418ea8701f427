/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-math-view"

#include "ab-math-view.h"
#include "ab-math.h"

/* Display formulas read best a little larger than the body text. */
#define DISPLAY_PX 21.0
#define PADDING     8

struct _AbMathView
{
  GtkWidget parent_instance;
  AbMath   *math;
  double    width, height, depth;
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
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  ab_math_draw (self->math, cr, x, baseline, color.red, color.green, color.blue, color.alpha);
  cairo_destroy (cr);
}

static void
ab_math_view_dispose (GObject *object)
{
  g_clear_pointer (&AB_MATH_VIEW (object)->math, ab_math_free);
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

  self->math = ab_math_new_or_error_box (tex, display, DISPLAY_PX, NULL);
  ab_math_get_extents (self->math, &self->width, &self->height, &self->depth);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, tex, -1);
  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-canvas.c — the diagram's drawing surface
 *
 * Height follows width (16:9) so the diagram uses the whole column at any
 * window size, and it draws through a Cairo node at the display's scale, so
 * text and lines stay sharp on HiDPI screens. While a worker thread
 * computes new results (ab_diagram_prepare()) it shows the last frame it
 * drew, or the title and "Computing…" before the first one.
 */
#define G_LOG_DOMAIN "ab-diagram-canvas"

#include "ab-diagram-canvas.h"

#include <math.h>

struct _AbDiagramCanvas
{
  GtkWidget  parent_instance;
  AbDiagram     *diagram;
  double         position;
  GskRenderNode *last_frame;     /* what the last current results looked like */
  int            last_width, last_height;
};

G_DEFINE_FINAL_TYPE (AbDiagramCanvas, ab_diagram_canvas, GTK_TYPE_WIDGET)

static GtkSizeRequestMode
ab_diagram_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ab_diagram_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 1280;
    }
  else
    {
      int width = for_size > 0 ? for_size : 1280;
      AbLayoutKind kind = ab_layout_for_width (width);
      double fw, fh;

      ab_layout_frame_size (kind, &fw, &fh);
      *minimum = *natural = (int) (width * fh / fw + 0.5);
    }
}

AbLayoutKind
ab_diagram_canvas_get_layout (AbDiagramCanvas *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_CANVAS (self), AB_LAYOUT_WIDE);
  return ab_layout_for_width (gtk_widget_get_width (GTK_WIDGET (self)));
}

static void
ab_diagram_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AbDiagramCanvas *self = AB_DIAGRAM_CANVAS (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  AbLayoutKind kind = ab_diagram_canvas_get_layout (self);
  GtkSnapshot *frame;
  cairo_t *cr;

  if (self->diagram == NULL || w <= 0 || h <= 0)
    return;

  if (!ab_diagram_prepare (self->diagram, AB_DIAGRAM_QUICK_UPDATE_MS))
    {
      if (self->last_frame && ab_layout_for_width (self->last_width) == kind)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_scale (snapshot, (float) w / self->last_width, (float) h / self->last_height);
          gtk_snapshot_append_node (snapshot, self->last_frame);
          gtk_snapshot_restore (snapshot);
        }
      else
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
          ab_diagram_render_pending (self->diagram, cr, kind, w, h);
          cairo_destroy (cr);
        }
      return;
    }

  frame = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (frame, &GRAPHENE_RECT_INIT (0, 0, w, h));
  ab_diagram_render_layout (self->diagram, cr, kind, w, h, self->position);
  cairo_destroy (cr);
  g_clear_pointer (&self->last_frame, gsk_render_node_unref);
  self->last_frame = gtk_snapshot_free_to_node (frame);
  self->last_width = w;
  self->last_height = h;
  gtk_snapshot_append_node (snapshot, self->last_frame);
}

static void
ab_diagram_canvas_dispose (GObject *object)
{
  g_clear_object (&AB_DIAGRAM_CANVAS (object)->diagram);
  g_clear_pointer (&AB_DIAGRAM_CANVAS (object)->last_frame, gsk_render_node_unref);
  G_OBJECT_CLASS (ab_diagram_canvas_parent_class)->dispose (object);
}

static void
ab_diagram_canvas_class_init (AbDiagramCanvasClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ab_diagram_canvas_dispose;
  widget_class->get_request_mode = ab_diagram_canvas_get_request_mode;
  widget_class->measure = ab_diagram_canvas_measure;
  widget_class->snapshot = ab_diagram_canvas_snapshot;
  gtk_widget_class_set_css_name (widget_class, "diagramcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ab_diagram_canvas_init (AbDiagramCanvas *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
ab_diagram_canvas_new (void)
{
  return g_object_new (AB_TYPE_DIAGRAM_CANVAS, NULL);
}

void
ab_diagram_canvas_set_diagram (AbDiagramCanvas *self, AbDiagram *diagram)
{
  g_return_if_fail (AB_IS_DIAGRAM_CANVAS (self));
  if (g_set_object (&self->diagram, diagram))
    {
      g_clear_pointer (&self->last_frame, gsk_render_node_unref);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
ab_diagram_canvas_set_position (AbDiagramCanvas *self, double position)
{
  g_return_if_fail (AB_IS_DIAGRAM_CANVAS (self));
  self->position = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

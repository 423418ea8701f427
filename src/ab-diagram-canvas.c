/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-canvas.c — the diagram's drawing surface
 *
 * Height follows width (16:9) so the diagram uses the whole column at any
 * window size, and it draws through a Cairo node at the display's scale, so
 * text and lines stay sharp on HiDPI screens. While a worker thread
 * computes new results (ab_diagram_prepare()) it shows the last frame it
 * drew, or the title and "Computing…" before the first one.
 *
 * Warming up: a diagram draws its static shapes into raster layers
 * (ab-layer.h) the first time a frame needs them, often halfway through a
 * tween, and that frame pays for it (7–8 ms for the LSH scatter at
 * 1920×1080). Once a frame with current results is on screen, the canvas
 * draws every step and half step offscreen, one per low-priority idle
 * callback, exactly as a frame would (a snapshot's Cairo node of the same
 * size), so the layers exist before playback reaches them. A new size,
 * layout or set of results starts it again.
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
  guint          results_serial;  /* counts the diagram's "changed" and "updated" */
  guint          warm_id;         /* the warm-up's source, 0 when none */
  guint          warm_index;      /* the next half step it draws */
  int            warm_width, warm_height;
  guint          warm_serial;     /* what the warm-up is (or was) for */
  gboolean       warmed;
  GdkFrameClock *clock;           /* while mapped: the window's */
  gint64         last_window_frame;   /* when it last painted one */
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

/* Wait this long after a frame before warming up: a window being resized
 * draws a new size on every frame, and each would start it again. And
 * while the window draws frames (scrolling, playing) warming waits: a
 * frame due while it draws would be late. */
#define WARM_DELAY_MS 150
#define WARM_QUIET_US (50 * G_TIME_SPAN_MILLISECOND)

static gboolean warm_start (gpointer data);

static void
draw_frame (AbDiagramCanvas *self, GtkSnapshot *frame, int w, int h, double position)
{
  cairo_t *cr = gtk_snapshot_append_cairo (frame, &GRAPHENE_RECT_INIT (0, 0, w, h));

  ab_diagram_render_layout (self->diagram, cr, ab_layout_for_width (w), w, h, position);
  cairo_destroy (cr);
}

static gboolean
warm_stale (AbDiagramCanvas *self)
{
  return self->diagram == NULL || !ab_diagram_is_current (self->diagram) ||
         self->warm_width != gtk_widget_get_width (GTK_WIDGET (self)) ||
         self->warm_height != gtk_widget_get_height (GTK_WIDGET (self)) ||
         self->warm_serial != self->results_serial;
}

static gboolean
warm_step (gpointer data)
{
  AbDiagramCanvas *self = data;
  GtkSnapshot *frame;
  guint n;

  if (warm_stale (self))
    {
      self->warm_id = 0;   /* the next frame starts again */
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () - self->last_window_frame < WARM_QUIET_US)
    {
      self->warm_id = g_timeout_add_full (G_PRIORITY_LOW, WARM_DELAY_MS, warm_start, self, NULL);
      return G_SOURCE_REMOVE;
    }
  n = ab_diagram_get_n_steps (self->diagram);
  frame = gtk_snapshot_new ();
  draw_frame (self, frame, self->warm_width, self->warm_height, self->warm_index / 2.0);
  g_clear_pointer (&frame, gtk_snapshot_free_to_node);   /* only its layers are kept */
  if (++self->warm_index <= 2 * (n > 0 ? n - 1 : 0))
    return G_SOURCE_CONTINUE;
  self->warmed = TRUE;
  self->warm_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
warm_start (gpointer data)
{
  AbDiagramCanvas *self = data;

  self->warm_id = g_idle_add_full (G_PRIORITY_LOW, warm_step, self, NULL);
  return G_SOURCE_REMOVE;
}

/* After a frame with current results at @w × @h. */
static void
schedule_warm_up (AbDiagramCanvas *self, int w, int h)
{
  if (self->warm_width == w && self->warm_height == h && self->warm_serial == self->results_serial &&
      (self->warmed || self->warm_id != 0))
    return;
  g_clear_handle_id (&self->warm_id, g_source_remove);
  self->warm_width = w;
  self->warm_height = h;
  self->warm_serial = self->results_serial;
  self->warm_index = 0;
  self->warmed = FALSE;
  self->warm_id = g_timeout_add_full (G_PRIORITY_LOW, WARM_DELAY_MS, warm_start, self, NULL);
}

/* A frame with the new state follows, and the warm-up after it. */
static void
results_updated (AbDiagramCanvas *self)
{
  self->results_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ab_diagram_canvas_is_warm (AbDiagramCanvas *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_CANVAS (self), FALSE);
  return self->warmed && !warm_stale (self);
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
  draw_frame (self, frame, w, h, self->position);
  g_clear_pointer (&self->last_frame, gsk_render_node_unref);
  self->last_frame = gtk_snapshot_free_to_node (frame);
  self->last_width = w;
  self->last_height = h;
  gtk_snapshot_append_node (snapshot, self->last_frame);
  schedule_warm_up (self, w, h);
}

static void
window_painted (GdkFrameClock *clock, AbDiagramCanvas *self)
{
  self->last_window_frame = g_get_monotonic_time ();
}

static void
ab_diagram_canvas_map (GtkWidget *widget)
{
  AbDiagramCanvas *self = AB_DIAGRAM_CANVAS (widget);

  GTK_WIDGET_CLASS (ab_diagram_canvas_parent_class)->map (widget);
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect (self->clock, "after-paint", G_CALLBACK (window_painted), self);
}

static void
ab_diagram_canvas_unmap (GtkWidget *widget)
{
  AbDiagramCanvas *self = AB_DIAGRAM_CANVAS (widget);

  /* Off screen, nothing to warm up for; the next frame starts again. */
  g_clear_handle_id (&self->warm_id, g_source_remove);
  self->warmed = FALSE;
  if (self->clock)
    g_signal_handlers_disconnect_by_func (self->clock, window_painted, self);
  g_clear_object (&self->clock);
  GTK_WIDGET_CLASS (ab_diagram_canvas_parent_class)->unmap (widget);
}

static void
set_diagram (AbDiagramCanvas *self, AbDiagram *diagram)
{
  if (self->diagram)
    g_signal_handlers_disconnect_by_func (self->diagram, results_updated, self);
  g_set_object (&self->diagram, diagram);
  if (diagram)
    {
      g_signal_connect_swapped (diagram, "changed", G_CALLBACK (results_updated), self);
      g_signal_connect_swapped (diagram, "updated", G_CALLBACK (results_updated), self);
    }
  g_clear_handle_id (&self->warm_id, g_source_remove);
  self->warmed = FALSE;
  self->results_serial++;
}

static void
ab_diagram_canvas_dispose (GObject *object)
{
  set_diagram (AB_DIAGRAM_CANVAS (object), NULL);
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
  widget_class->map = ab_diagram_canvas_map;
  widget_class->unmap = ab_diagram_canvas_unmap;
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
  if (self->diagram != diagram)
    {
      set_diagram (self, diagram);
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

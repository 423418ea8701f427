/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-view.c — the slide drawn through a Cairo node
 *
 * The drawing is ab_slide_render()'s, the one the PDF export uses; the
 * widget only tells it the size, so the audience screen, the console's
 * previews and the handout show the same frame. The accessible label and
 * description follow the slide (its title, and the diagram's description
 * of the step shown) so a screen reader hears what the room sees. A
 * diagram slow to compute runs on a worker thread (ab_diagram_prepare()):
 * the slide shows its title and "Computing…" until "updated", and the
 * console's preview of the next slide starts it early.
 */
#define G_LOG_DOMAIN "ab-slide-view"

#include "config.h"
#include "ab-slide-view.h"
#include "ab-draw.h"
#include "ab-slide-render.h"

#include <glib/gi18n.h>
#include <math.h>

struct _AbSlideView
{
  GtkWidget    parent_instance;

  AbSlideDeck *deck;        /* borrowed */
  guint        slide;
  double       position;
  gboolean     blank;
  char        *end_text;    /* shown instead of a slide, when set */
  guint        described_slide;
  guint        described_step;
};

G_DEFINE_FINAL_TYPE (AbSlideView, ab_slide_view, GTK_TYPE_WIDGET)

static void update_accessible (AbSlideView *self);

static void
diagram_updated (AbSlideView *self)
{
  self->described_slide = G_MAXUINT;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Starts the slide's diagram computing if it must; TRUE when it is done. */
static gboolean
prepare_diagram (AbSlideView *self)
{
  AbDiagram *diagram = self->deck ? ab_slide_deck_get_diagram (self->deck, self->slide) : NULL;

  if (diagram == NULL || ab_diagram_prepare (diagram, AB_DIAGRAM_QUICK_UPDATE_MS))
    return TRUE;
  /* Handlers end with the view or the diagram, whichever goes first. */
  if (g_signal_handler_find (diagram, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             diagram_updated, self) == 0)
    g_signal_connect_object (diagram, "updated", G_CALLBACK (diagram_updated), self, G_CONNECT_SWAPPED);
  return FALSE;
}

static void
ab_slide_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  /* Any size will do: the renderer letterboxes the 16:9 frame. The size
   * requests and expand flags of where it sits decide. */
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 90;
}

static void
draw_end (AbSlideView *self, cairo_t *cr, int w, int h)
{
  double ox, oy, s = ab_slide_frame_fit (w, h, &ox, &oy);
  g_autofree char *markup = g_markup_escape_text (self->end_text, -1);

  ab_slide_render_blank (cr, w, h);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  ab_style_attach (cr, AB_LAYOUT_PRESENTER);
  ab_text (cr, AB_TEXT_TITLE, markup, AB_SLIDE_FRAME_WIDTH / 2, AB_SLIDE_FRAME_HEIGHT / 2 - 30, AB_TEXT_DIM,
           AB_ALIGN_CENTER, AB_SLIDE_FRAME_WIDTH - 200);
}

static void
ab_slide_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  AbSlideView *self = AB_SLIDE_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->blank || (self->deck == NULL && self->end_text == NULL))
    ab_slide_render_blank (cr, w, h);
  else if (self->end_text)
    draw_end (self, cr, w, h);
  else
    {
      prepare_diagram (self);
      ab_slide_render_live (self->deck, self->slide, cr, w, h, self->position);
    }
  cairo_destroy (cr);
}

/* The accessible text, when the slide or the step shown changes. */
static void
update_accessible (AbSlideView *self)
{
  g_autofree char *label = NULL, *description = NULL;
  guint step = (guint) ceil (self->position - 1e-9);
  const AbSlide *slide;
  AbDiagram *diagram;

  if (self->blank)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Blank screen"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "", -1);
      self->described_slide = G_MAXUINT;
      return;
    }
  if (self->end_text || self->deck == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->end_text ? self->end_text : "", -1);
      self->described_slide = G_MAXUINT;
      return;
    }
  if (self->described_slide == self->slide && self->described_step == step)
    return;
  self->described_slide = self->slide;
  self->described_step = step;
  slide = ab_slide_deck_get_slide (self->deck, self->slide);
  diagram = ab_slide_deck_get_diagram (self->deck, self->slide);
  label = g_strdup_printf (_("Slide %u of %u: %s"), self->slide + 1, ab_slide_deck_get_n_slides (self->deck),
                           slide->title ? slide->title : "");
  if (diagram && !prepare_diagram (self))
    {
      /* described again when the results are in */
      self->described_slide = G_MAXUINT;
      description = g_strdup (_("Computing…"));
    }
  else
    description = diagram ? ab_diagram_describe (diagram, step) : g_strdup (slide->subtitle ? slide->subtitle : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

void
ab_slide_view_show (AbSlideView *self, AbSlideDeck *deck, guint slide, double position)
{
  g_return_if_fail (AB_IS_SLIDE_VIEW (self));
  g_return_if_fail (deck != NULL && slide < ab_slide_deck_get_n_slides (deck));
  self->deck = deck;
  self->slide = slide;
  self->position = position;
  g_clear_pointer (&self->end_text, g_free);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ab_slide_view_show_end (AbSlideView *self, const char *text)
{
  g_return_if_fail (AB_IS_SLIDE_VIEW (self));
  g_free (self->end_text);
  self->end_text = g_strdup (text);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ab_slide_view_set_blank (AbSlideView *self, gboolean blank)
{
  g_return_if_fail (AB_IS_SLIDE_VIEW (self));
  if (self->blank == !!blank)
    return;
  self->blank = !!blank;
  self->described_slide = G_MAXUINT;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ab_slide_view_get_slide (AbSlideView *self)
{
  g_return_val_if_fail (AB_IS_SLIDE_VIEW (self), 0);
  return self->slide;
}

double
ab_slide_view_get_position (AbSlideView *self)
{
  g_return_val_if_fail (AB_IS_SLIDE_VIEW (self), 0);
  return self->position;
}

gboolean
ab_slide_view_get_blank (AbSlideView *self)
{
  g_return_val_if_fail (AB_IS_SLIDE_VIEW (self), FALSE);
  return self->blank;
}

void
ab_slide_view_clear (AbSlideView *self)
{
  g_return_if_fail (AB_IS_SLIDE_VIEW (self));
  self->deck = NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ab_slide_view_finalize (GObject *object)
{
  g_free (AB_SLIDE_VIEW (object)->end_text);
  G_OBJECT_CLASS (ab_slide_view_parent_class)->finalize (object);
}

static void
ab_slide_view_class_init (AbSlideViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ab_slide_view_finalize;
  widget_class->measure = ab_slide_view_measure;
  widget_class->snapshot = ab_slide_view_snapshot;
  gtk_widget_class_set_css_name (widget_class, "slideview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ab_slide_view_init (AbSlideView *self)
{
  self->described_slide = G_MAXUINT;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
ab_slide_view_new (void)
{
  return g_object_new (AB_TYPE_SLIDE_VIEW, NULL);
}

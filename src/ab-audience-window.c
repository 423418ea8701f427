/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-audience-window.c — the audience window
 *
 * Nothing but the slide: no header, no pointer, black around the 16:9
 * frame. It redraws on the presentation's "changed" and on every position
 * of the shared timeline while a step's transition runs; the keys that
 * drive it are the presenter's (ab-presenter.c), the same in both windows.
 */
#define G_LOG_DOMAIN "ab-audience-window"

#include "config.h"
#include "ab-audience-window.h"


struct _AbAudienceWindow
{
  GtkWindow       parent_instance;

  AbPresentation *presentation;
  GtkWidget      *slide_view;
};

G_DEFINE_FINAL_TYPE (AbAudienceWindow, ab_audience_window, GTK_TYPE_WINDOW)

static void
sync_view (AbAudienceWindow *self)
{
  AbSlideView *view = AB_SLIDE_VIEW (self->slide_view);

  ab_slide_view_show (view, ab_presentation_get_deck (self->presentation),
                      ab_presentation_get_slide (self->presentation),
                      ab_presentation_get_position (self->presentation));
  ab_slide_view_set_blank (view, ab_presentation_get_blanked (self->presentation));
}

AbSlideView *
ab_audience_window_get_slide_view (AbAudienceWindow *self)
{
  g_return_val_if_fail (AB_IS_AUDIENCE_WINDOW (self), NULL);
  return AB_SLIDE_VIEW (self->slide_view);
}

static void
ab_audience_window_dispose (GObject *object)
{
  AbAudienceWindow *self = AB_AUDIENCE_WINDOW (object);

  if (self->presentation)
    {
      g_signal_handlers_disconnect_by_data (self->presentation, self);
      g_signal_handlers_disconnect_by_data (ab_presentation_get_timeline (self->presentation), self);
      ab_slide_view_clear (AB_SLIDE_VIEW (self->slide_view));
    }
  g_clear_object (&self->presentation);
  /* The view is the window's own child: let the window drop it first, so
   * the template does not unparent it behind the window's back. */
  if (self->slide_view)
    gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), AB_TYPE_AUDIENCE_WINDOW);
  G_OBJECT_CLASS (ab_audience_window_parent_class)->dispose (object);
}

static void
ab_audience_window_class_init (AbAudienceWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ab_audience_window_dispose;
  g_type_ensure (AB_TYPE_SLIDE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/in/deepakbaby/AttentionBook/ui/ab-audience-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AbAudienceWindow, slide_view);
}

static void
ab_audience_window_init (AbAudienceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A pointer left on the projected slide distracts: hide it here. */
  gtk_widget_set_cursor_from_name (self->slide_view, "none");
}

GtkWidget *
ab_audience_window_new (GtkApplication *app, AbPresentation *presentation)
{
  AbAudienceWindow *self;

  g_return_val_if_fail (AB_IS_PRESENTATION (presentation), NULL);
  self = g_object_new (AB_TYPE_AUDIENCE_WINDOW, "application", app, NULL);
  self->presentation = g_object_ref (presentation);
  g_signal_connect_object (presentation, "changed", G_CALLBACK (sync_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ab_presentation_get_timeline (presentation), "notify::position",
                           G_CALLBACK (sync_view), self, G_CONNECT_SWAPPED);
  sync_view (self);
  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "gui-test-util.h"

guint
gui_timeout (guint ms)
{
  const char *env = g_getenv ("AB_TEST_SLOWDOWN");
  guint64 factor = env ? g_ascii_strtoull (env, NULL, 10) : 1;

  return ms * (guint) CLAMP (factor, 1, 100);
}

void
gui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

gboolean
gui_spin_until (GuiCondition done, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (done (data))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return done (data);
}

static GskRenderNode *
paint (GdkPaintable *paintable, int w, int h)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  return gtk_snapshot_free_to_node (snapshot);
}

void
gui_screenshot (GtkWidget *widget, const char *dir, const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderNode *node, *frame;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int w, h;

  /* A window paints through its surface; its content child paints as a widget. */
  if (GTK_IS_WINDOW (widget))
    widget = gtk_widget_get_first_child (widget);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  g_assert_cmpint (w, >, 0);
  paintable = gtk_widget_paintable_new (widget);

  /* A widget paints into its paintable only once it has been drawn: wait for
   * the frame after a page change. */
  node = paint (paintable, w, h);
  for (guint tries = 0, max_tries = gui_timeout (100); node == NULL && tries < max_tries; tries++)
    {
      gui_spin (20);
      node = paint (paintable, w, h);
    }
  g_assert_nonnull (node);

  /* The window, not its child, paints the background: add it back. */
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.039f, 0.039f, 0.039f, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_snapshot_append_node (snapshot, node);
  gsk_render_node_unref (node);
  frame = gtk_snapshot_free_to_node (snapshot);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, frame, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gsk_render_node_unref (frame);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

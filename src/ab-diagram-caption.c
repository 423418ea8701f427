/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-caption.c — one wrapped label per step in a GtkStack
 *
 * A homogeneous stack is as tall as its tallest page at its width, and
 * switching pages only moves pages: nothing around it is laid out again.
 * One label whose text changed would change height with the line count.
 */
#define G_LOG_DOMAIN "ab-diagram-caption"

#include "ab-diagram-caption.h"

struct _AbDiagramCaption
{
  GtkWidget  parent_instance;
  GtkWidget *stack;
  GPtrArray *labels;   /* GtkLabel*, one per step, owned by the stack */
  guint      step;
};

G_DEFINE_FINAL_TYPE (AbDiagramCaption, ab_diagram_caption, GTK_TYPE_WIDGET)

static void
ab_diagram_caption_dispose (GObject *object)
{
  AbDiagramCaption *self = AB_DIAGRAM_CAPTION (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  G_OBJECT_CLASS (ab_diagram_caption_parent_class)->dispose (object);
}

static void
ab_diagram_caption_class_init (AbDiagramCaptionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ab_diagram_caption_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "diagramcaption");
}

static void
ab_diagram_caption_init (AbDiagramCaption *self)
{
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), TRUE);
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), TRUE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
  self->labels = g_ptr_array_new ();
}

GtkWidget *
ab_diagram_caption_new (void)
{
  return g_object_new (AB_TYPE_DIAGRAM_CAPTION, NULL);
}

static GtkWidget *
new_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "diagram-caption");
  return label;
}

void
ab_diagram_caption_set_steps (AbDiagramCaption *self, const char *const *markups, guint n)
{
  g_return_if_fail (AB_IS_DIAGRAM_CAPTION (self));
  g_return_if_fail (n > 0);

  while (self->labels->len < n)
    {
      GtkWidget *label = new_label ();
      gtk_stack_add_child (GTK_STACK (self->stack), label);
      g_ptr_array_add (self->labels, label);
    }
  while (self->labels->len > n)
    {
      GtkWidget *label = g_ptr_array_steal_index (self->labels, self->labels->len - 1);
      gtk_stack_remove (GTK_STACK (self->stack), label);
    }
  for (guint i = 0; i < n; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->labels, i);
      if (g_strcmp0 (gtk_label_get_label (label), markups[i]) != 0)
        gtk_label_set_markup (label, markups[i]);
    }
  ab_diagram_caption_set_step (self, MIN (self->step, n - 1));
}

void
ab_diagram_caption_set_step (AbDiagramCaption *self, guint step)
{
  g_return_if_fail (AB_IS_DIAGRAM_CAPTION (self));
  if (step >= self->labels->len)
    return;
  self->step = step;
  gtk_stack_set_visible_child (GTK_STACK (self->stack), g_ptr_array_index (self->labels, step));
}

const char *
ab_diagram_caption_get_markup (AbDiagramCaption *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM_CAPTION (self), "");
  if (self->step >= self->labels->len)
    return "";
  return gtk_label_get_label (g_ptr_array_index (self->labels, self->step));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-view.h — a diagram's canvas with its play, step and parameter controls */
#pragma once

#include <gtk/gtk.h>

#include "ab-diagram.h"
#include "ab-timeline.h"

G_BEGIN_DECLS

#define AB_TYPE_DIAGRAM_VIEW (ab_diagram_view_get_type ())
G_DECLARE_FINAL_TYPE (AbDiagramView, ab_diagram_view, AB, DIAGRAM_VIEW, GtkWidget)

GtkWidget *ab_diagram_view_new          (AbDiagram *diagram);
AbDiagram *ab_diagram_view_get_diagram  (AbDiagramView *self);
guint      ab_diagram_view_get_step     (AbDiagramView *self);
/* The drawn (tweened) position; equals the step once a transition ends. */
double     ab_diagram_view_get_position (AbDiagramView *self);
gboolean   ab_diagram_view_get_playing  (AbDiagramView *self);
/* TRUE while a worker computes the diagram's results and the view shows
 * its last frame (or "Computing…"); "updated" ends it. */
gboolean   ab_diagram_view_get_computing (AbDiagramView *self);
void       ab_diagram_view_set_playing  (AbDiagramView *self, gboolean playing);
/* Go to @step with a tweened transition (or a snap when animations are off). */
void       ab_diagram_view_go_to_step   (AbDiagramView *self, guint step);
/* Next step; FALSE when already at the last one. */
gboolean   ab_diagram_view_step_forward (AbDiagramView *self);
/* The playback the view shows (the same AbTimeline the exporter uses). */
AbTimeline *ab_diagram_view_get_timeline (AbDiagramView *self);
/* The layout the canvas draws at its current width (narrow below 640 px). */
AbLayoutKind ab_diagram_view_get_layout (AbDiagramView *self);

G_END_DECLS

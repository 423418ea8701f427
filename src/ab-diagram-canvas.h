/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-canvas.h — draws a diagram at a step position
 *
 * The layout follows the width: wide (16:9) from 640 px, narrow (9:16) below. */
#pragma once

#include <gtk/gtk.h>

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_DIAGRAM_CANVAS (ab_diagram_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AbDiagramCanvas, ab_diagram_canvas, AB, DIAGRAM_CANVAS, GtkWidget)

GtkWidget *ab_diagram_canvas_new          (void);
void       ab_diagram_canvas_set_diagram  (AbDiagramCanvas *self, AbDiagram *diagram);
void       ab_diagram_canvas_set_position (AbDiagramCanvas *self, double position);
/* Whether every step and half step was drawn offscreen at the current
 * size and results, so playback draws no layer for the first time. */
gboolean   ab_diagram_canvas_is_warm      (AbDiagramCanvas *self);
/* The layout drawn at the current width. */
AbLayoutKind ab_diagram_canvas_get_layout (AbDiagramCanvas *self);

G_END_DECLS

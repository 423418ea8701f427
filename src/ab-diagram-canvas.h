/* ab-diagram-canvas.h — draws a diagram at a step position, always 16:9 */
#pragma once

#include <gtk/gtk.h>

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_DIAGRAM_CANVAS (ab_diagram_canvas_get_type ())
G_DECLARE_FINAL_TYPE (AbDiagramCanvas, ab_diagram_canvas, AB, DIAGRAM_CANVAS, GtkWidget)

GtkWidget *ab_diagram_canvas_new          (void);
void       ab_diagram_canvas_set_diagram  (AbDiagramCanvas *self, AbDiagram *diagram);
void       ab_diagram_canvas_set_position (AbDiagramCanvas *self, double position);

G_END_DECLS

/* ab-diagram.h — an interactive diagram that can draw itself onto any cairo_t
 *
 * A diagram knows its name, title, steps, parameters and legend, computes its
 * numbers with the kernels in src/kernels/, and draws the current state for a
 * (possibly fractional) step position. Nothing here touches GTK: the diagram
 * view, the presenter and the SVG/PNG/Hugo exporters all call the same code.
 *
 * Subclasses draw inside a reference frame of AB_DIAGRAM_WIDTH ×
 * AB_DIAGRAM_HEIGHT units (16:9); ab_diagram_render() scales and centres that
 * frame into whatever surface size it is given, so output is sharp at any
 * size and HiDPI scale.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ab-draw.h"

G_BEGIN_DECLS

#define AB_DIAGRAM_WIDTH  1600.0
#define AB_DIAGRAM_HEIGHT  900.0

typedef enum
{
  AB_PARAM_SLIDER,  /* a number in [min, max], optionally on a log scale */
  AB_PARAM_TOGGLE,  /* 0 or 1 */
  AB_PARAM_CHOICE,  /* a preset: an index into choices[] */
} AbParamKind;

typedef struct
{
  const char         *key;           /* "d_k": used by --param key=value */
  const char         *label;         /* N_("Key dimension d_k") */
  AbParamKind         kind;
  double              min;
  double              max;
  double              step;          /* slider granularity (0 = continuous) */
  double              default_value;
  gboolean            log_scale;     /* slider moves in log2 space */
  const char * const *choices;       /* AB_PARAM_CHOICE: NULL-terminated labels */
  const char         *format;        /* printf format of the value, "%.0f" */
} AbParamSpec;

#define AB_DIAGRAM_ERROR (ab_diagram_error_quark ())
typedef enum
{
  AB_DIAGRAM_ERROR_UNKNOWN_PARAM,
  AB_DIAGRAM_ERROR_OUT_OF_RANGE,
  AB_DIAGRAM_ERROR_BAD_VALUE,
} AbDiagramError;
GQuark ab_diagram_error_quark (void);

#define AB_TYPE_DIAGRAM (ab_diagram_get_type ())
G_DECLARE_DERIVABLE_TYPE (AbDiagram, ab_diagram, AB, DIAGRAM, GObject)

struct _AbDiagramClass
{
  GObjectClass parent_class;

  const char        *name;         /* "scoring-functions" */
  const char        *title;        /* N_("Why divide by √d_k") */
  const AbParamSpec *params;       /* static array, may be NULL */
  guint              n_params;

  /* Number of steps for the current parameters (≥ 1). */
  guint  (*get_n_steps)     (AbDiagram *self);
  /* Short caption of a step (Pango markup), shown under the canvas and in exports. */
  char  *(*dup_step_title)  (AbDiagram *self, guint step);
  /* Recompute the kernel results after a parameter changed. */
  void   (*update)          (AbDiagram *self);
  /* Draw at step position @position (0 … n_steps-1; fractional values are
   * the tween from floor to ceil) in a width × height frame of units. */
  void   (*draw)            (AbDiagram *self,
                             cairo_t   *cr,
                             double     width,
                             double     height,
                             double     position);
  /* Plain-text description of the state at @step, for screen readers. */
  char  *(*describe)        (AbDiagram *self, guint step);
  /* The on-canvas legend for the state at @step: append entries with
   * ab_legend_add(); draw() shows them with ab_diagram_draw_legend(). */
  void   (*collect_legend)  (AbDiagram *self, guint step, GPtrArray *legend);
  /* Optional: a click at (x, y) in frame units; TRUE if the state changed
   * (ab_diagram_click() then emits "changed"). */
  gboolean (*click)         (AbDiagram *self, double x, double y);
};

/* Metadata */
const char        *ab_diagram_get_name        (AbDiagram *self);
const char        *ab_diagram_get_title       (AbDiagram *self);
guint              ab_diagram_get_n_steps     (AbDiagram *self);
char              *ab_diagram_dup_step_title  (AbDiagram *self, guint step);
char              *ab_diagram_describe        (AbDiagram *self, guint step);

/* Parameters */
guint              ab_diagram_get_n_params    (AbDiagram *self);
const AbParamSpec *ab_diagram_get_param_spec  (AbDiagram *self, guint index);
const AbParamSpec *ab_diagram_find_param      (AbDiagram *self, const char *key);
double             ab_diagram_get_param       (AbDiagram *self, const char *key);
gboolean           ab_diagram_set_param       (AbDiagram  *self,
                                               const char *key,
                                               double      value,
                                               GError    **error);
/* Parse "key=value" (value: a number, true/false, or a choice label). */
gboolean           ab_diagram_set_param_from_string (AbDiagram  *self,
                                                     const char *assignment,
                                                     GError    **error);
void               ab_diagram_reset_params    (AbDiagram *self);

/* Legend: what each colour and mark means, so a frame stands on its own. */
typedef struct
{
  char     *label;    /* Pango markup */
  AbRgb     color;
  AbSwatch  swatch;
} AbLegendItem;

void               ab_legend_add              (GPtrArray  *legend,
                                               const char *label,
                                               AbRgb       color,
                                               AbSwatch    swatch);
/* The legend at @step: a new array of AbLegendItem* (free with g_ptr_array_unref). */
GPtrArray         *ab_diagram_get_legend      (AbDiagram *self, guint step);
/* Draw the legend at @step with its top-left corner at (x, y); returns its height. */
double             ab_diagram_draw_legend     (AbDiagram *self, cairo_t *cr,
                                               double x, double y, guint step);

/* Drawing: fills the background, fits the 16:9 frame into width × height
 * (in the surface's units) and draws the state at @position. */
void               ab_diagram_render          (AbDiagram *self,
                                               cairo_t   *cr,
                                               double     width,
                                               double     height,
                                               double     position);
/* Map a point of a width × height surface into frame units. */
void               ab_diagram_surface_to_frame (double width, double height,
                                                double sx, double sy,
                                                double *fx, double *fy);
gboolean           ab_diagram_click           (AbDiagram *self, double fx, double fy);

/* Emitted after a parameter change or a click that changed the state; views
 * connect to the "changed" signal to redraw. */
void               ab_diagram_emit_changed    (AbDiagram *self);

G_END_DECLS

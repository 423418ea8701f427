/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram.h — an interactive diagram that can draw itself onto any cairo_t
 *
 * A diagram class is mostly tables: its steps and their captions, its
 * parameters, its legend and the stages it draws on (see src/diagrams/README.md).
 * The framework implements everything those tables imply: clamping, the
 * "step k of n" prefix of the description, parameter parsing and
 * notification, the header, caption, legend and note, the layout of the
 * stages in each of the three layouts (ab-style.h), and errors. A diagram
 * module keeps only its kernel call (update) and the drawing of its stages
 * (draw).
 *
 * Nothing here touches GTK: the diagram view, the presenter and the
 * SVG/PNG/Hugo exporters all call the same code. Kernels run lazily: making
 * a diagram, listing diagrams or reading its parameters computes nothing;
 * the app's views have them run on a worker thread (ab_diagram_prepare()).
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ab-draw.h"

G_BEGIN_DECLS

typedef enum
{
  AB_PARAM_SLIDER,  /* a number in [min, max], optionally on a log scale */
  AB_PARAM_TOGGLE,  /* 0 or 1 */
  AB_PARAM_CHOICE,  /* a preset: an index into choices[] (the range comes from it) */
} AbParamKind;

typedef struct
{
  const char         *key;           /* "d_k": used by --param key=value */
  const char         *label;         /* N_("Key dimension d_k") */
  AbParamKind         kind;
  double              min;           /* sliders only */
  double              max;           /* sliders only */
  double              step;          /* slider granularity (0 = continuous) */
  double              default_value;
  gboolean            log_scale;     /* slider moves in log2 space */
  const char * const *choices;       /* AB_PARAM_CHOICE: NULL-terminated labels */
  const char         *format;        /* printf format of the value, "%.0f" */
} AbParamSpec;

/* The range of a parameter: a choice's is 0 … n_choices − 1. */
double ab_param_spec_get_min (const AbParamSpec *spec);
double ab_param_spec_get_max (const AbParamSpec *spec);

/* Legend entries on the class: which steps show them (a bit per step;
 * 0 = every step). Colours are palette tokens so the table is static. */
#define AB_STEPS_ALL          0
#define AB_STEP(k)            (G_GUINT64_CONSTANT (1) << (k))
#define AB_STEPS_FROM(k)      (~G_GUINT64_CONSTANT (0) << (k))

typedef struct
{
  const char *label;     /* N_("…"), Pango markup */
  AbColor     color;
  AbSwatch    swatch;
  guint64     steps;
} AbLegendSpec;

/* Stages: the rectangles a diagram draws in. In the wide and presenter
 * layouts the stages stand in a row, sized by @weight; a stage flagged
 * AB_STAGE_BELOW is a full-width strip under the row, @weight being its share
 * of the height. In the narrow layout every stage is stacked in order,
 * sized by @narrow_weight (or @weight when 0). */
typedef enum
{
  AB_STAGE_ROW   = 0,
  AB_STAGE_BELOW = 1 << 0,
} AbStageFlags;

typedef struct
{
  double       weight;
  double       narrow_weight;
  AbStageFlags flags;
} AbStageSpec;

#define AB_MAX_STAGES 8

/* Where everything goes in one frame of one layout, in frame units. */
typedef struct
{
  AbLayoutKind kind;
  AbRect       frame;     /* (0, 0, width, height) */
  AbRect       header;    /* title (not in the presenter layout) and caption */
  AbRect       area;      /* all the stages */
  AbRect       stages[AB_MAX_STAGES];
  guint        n_stages;
  AbRect       note;      /* a footnote; empty when the diagram has none */
  AbRect       legend;
} AbLayout;

#define AB_DIAGRAM_ERROR (ab_diagram_error_quark ())
typedef enum
{
  AB_DIAGRAM_ERROR_UNKNOWN_PARAM,
  AB_DIAGRAM_ERROR_OUT_OF_RANGE,
  AB_DIAGRAM_ERROR_BAD_VALUE,
  AB_DIAGRAM_ERROR_COMPUTE,       /* update() failed: a budget, no memory */
} AbDiagramError;
GQuark ab_diagram_error_quark (void);

#define AB_TYPE_DIAGRAM (ab_diagram_get_type ())
G_DECLARE_DERIVABLE_TYPE (AbDiagram, ab_diagram, AB, DIAGRAM, GObject)

/* A diagram class in one table, written once per module and pointed to by
 * the class (AB_DEFINE_DIAGRAM). AB_TABLE (steps, steps) sets .steps and
 * .n_steps from an array. */
typedef struct
{
  const char         *name;        /* "scoring-functions" */
  const char         *title;       /* N_("Why divide by √d_k") */
  const char         *note;        /* N_() footnote for every step, or NULL */
  const char * const *steps;       /* N_() captions, Pango markup; their number is the step count */
  guint               n_steps;     /* may be set without steps when dup_caption writes them */
  const AbParamSpec  *params;
  guint               n_params;
  const AbLegendSpec *legend;
  guint               n_legend;
  const AbStageSpec  *stages;      /* NULL: one stage */
  guint               n_stages;

  /* Compute the kernel results for the current parameters; store them with
   * ab_diagram_set_result(). FALSE with @error when they cannot be computed. */
  gboolean (*update)         (AbDiagram *self, GError **error);
  /* Draw the stages at step position @position (0 … n_steps − 1; a
   * fractional value is the eased tween from floor to ceil). */
  void     (*draw)           (AbDiagram *self, cairo_t *cr, const AbLayout *layout, double position);

  /* Optional, for what depends on the parameters or the results. A step
   * count that needs the results makes listing the diagram run its kernel:
   * prefer n_steps when the count is fixed. */
  guint    (*get_n_steps)    (AbDiagram *self);
  char    *(*dup_title)      (AbDiagram *self);              /* markup, on the canvas */
  char    *(*dup_caption)    (AbDiagram *self, guint step);  /* markup */
  char    *(*dup_note)       (AbDiagram *self, guint step);  /* markup */
  /* Plain text for screen readers, after "Title, step k of n: caption." */
  char    *(*describe)       (AbDiagram *self, guint step);
  /* Entries beyond the class table: append with ab_legend_add(). */
  void     (*collect_legend) (AbDiagram *self, guint step, GPtrArray *legend);
  /* A click at (x, y) in frame units of @layout; TRUE if the state changed. */
  gboolean (*click)          (AbDiagram *self, const AbLayout *layout, double x, double y);
  void     (*finalize)       (GObject *object);   /* for instance fields; chain up */
} AbDiagramInfo;

struct _AbDiagramClass
{
  GObjectClass         parent_class;
  const AbDiagramInfo *info;
};

#define AB_TABLE(field, array) .field = (array), .n_##field = G_N_ELEMENTS (array)

/* Points @klass at @info (static storage) and installs its finalize. */
void ab_diagram_class_set_info (AbDiagramClass *klass, const AbDiagramInfo *info);

/* Defines the final type TypeName (declared with G_DECLARE_FINAL_TYPE in its
 * header) from the AbDiagramInfo @info, which the module defines further
 * down. The registry generator finds diagrams by this macro. A diagram whose
 * instance holds nothing but the framework's state (its results live in
 * ab_diagram_set_result) uses AB_DEFINE_PLAIN_DIAGRAM, which also writes the
 * instance struct. */
#define AB_DEFINE_DIAGRAM(TypeName, type_name, info)                       \
  static const AbDiagramInfo info;                                         \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, AB_TYPE_DIAGRAM)               \
  static void                                                              \
  type_name##_class_init (TypeName##Class *klass)                          \
  {                                                                        \
    ab_diagram_class_set_info (AB_DIAGRAM_CLASS (klass), &info);           \
  }                                                                        \
  static void                                                              \
  type_name##_init (TypeName *self)                                        \
  {                                                                        \
  }

#define AB_DEFINE_PLAIN_DIAGRAM(TypeName, type_name, info)                 \
  struct _##TypeName { AbDiagram parent_instance; };                       \
  AB_DEFINE_DIAGRAM (TypeName, type_name, info)

/* Metadata */
const char        *ab_diagram_get_name        (AbDiagram *self);
const char        *ab_diagram_get_title       (AbDiagram *self);
guint              ab_diagram_get_n_steps     (AbDiagram *self);
/* The caption of @step (clamped), Pango markup. */
char              *ab_diagram_dup_caption     (AbDiagram *self, guint step);
char              *ab_diagram_describe        (AbDiagram *self, guint step);

/* Results: what update() computed, owned by the diagram. */
void               ab_diagram_set_result      (AbDiagram *self, gpointer result, GDestroyNotify free_func);
gpointer           ab_diagram_get_result      (AbDiagram *self);
/* Run update() now if a parameter changed since the last run. FALSE with
 * @error when the kernel refused; the same error stays readable with
 * ab_diagram_get_error() until a parameter changes. */
gboolean           ab_diagram_ensure_updated  (AbDiagram *self, GError **error);
const GError      *ab_diagram_get_error       (AbDiagram *self);

/* Results without blocking (ab-diagram-worker.c), for the views: TRUE when
 * they are current. Otherwise a worker thread computes them: a call that
 * starts it waits up to @wait_ms for a quick kernel, one that finds it
 * running returns at once, and "updated" follows on the main context.
 * Meanwhile anything that needs the results waits for them. */
gboolean           ab_diagram_prepare         (AbDiagram *self, guint wait_ms);
/* The views' @wait_ms: long enough for most kernels, short of a frame. */
#define AB_DIAGRAM_QUICK_UPDATE_MS 4
/* TRUE when the results are computed for the current parameters. */
gboolean           ab_diagram_is_current      (AbDiagram *self);
/* TRUE when the step count depends on the results (a get_n_steps vfunc). */
gboolean           ab_diagram_steps_need_results (AbDiagram *self);
/* TRUE when the captions do (dup_caption, or a step count that does). */
gboolean           ab_diagram_captions_need_results (AbDiagram *self);
/* The lock every update() runs under, on any thread: the kernels' and the
 * value tables' module-level caches are not thread-safe. Recursive. */
void               ab_kernels_lock            (void);
void               ab_kernels_unlock          (void);
/* Runs @func for @task on the background thread the diagrams' updates use
 * (one job at a time, in order, at a lower priority than the window); @func
 * returns the task's result as g_task_run_in_thread()'s would. */
void               ab_background_run          (GTask *task, GTaskThreadFunc func);

/* Parameters */
guint              ab_diagram_get_n_params    (AbDiagram *self);
const AbParamSpec *ab_diagram_get_param_spec  (AbDiagram *self, guint index);
const AbParamSpec *ab_diagram_find_param      (AbDiagram *self, const char *key);
double             ab_diagram_get_param       (AbDiagram *self, const char *key);
/* FALSE with @error for an unknown key or a value out of range (nothing changes). */
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

/* Layout: where the header, stages, note and legend go in a frame of @kind. */
void               ab_diagram_get_layout      (AbDiagram *self, AbLayoutKind kind, AbLayout *layout);

/* Drawing: fills the background, fits the layout's frame into width × height
 * (in the surface's units), and draws header, stages, note and legend at
 * @position. ab_diagram_render() uses the wide layout. */
void               ab_diagram_render_layout   (AbDiagram   *self,
                                               cairo_t     *cr,
                                               AbLayoutKind kind,
                                               double       width,
                                               double       height,
                                               double       position);
/* What the canvas shows before the first results: the background and the
 * title, with "Computing…" below it. Needs no results. */
void               ab_diagram_render_pending  (AbDiagram   *self,
                                               cairo_t     *cr,
                                               AbLayoutKind kind,
                                               double       width,
                                               double       height);
void               ab_diagram_render          (AbDiagram *self,
                                               cairo_t   *cr,
                                               double     width,
                                               double     height,
                                               double     position);
/* Map a point of a width × height surface into frame units of @kind. */
void               ab_diagram_surface_to_frame (AbLayoutKind kind,
                                                double width, double height,
                                                double sx, double sy,
                                                double *fx, double *fy);
/* A click at (fx, fy) in frame units of @kind; emits "changed" once if the
 * state changed. */
gboolean           ab_diagram_click           (AbDiagram *self, AbLayoutKind kind,
                                               double fx, double fy);

G_END_DECLS

#define G_LOG_DOMAIN "ab-diagram"

#include "ab-diagram.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

typedef struct
{
  double *values;   /* one per class param */
} AbDiagramPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AbDiagram, ab_diagram, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (ab-diagram-error-quark, ab_diagram_error)

static void
ab_diagram_constructed (GObject *object)
{
  AbDiagram *self = AB_DIAGRAM (object);
  AbDiagramPrivate *priv = ab_diagram_get_instance_private (self);
  AbDiagramClass *klass = AB_DIAGRAM_GET_CLASS (self);

  G_OBJECT_CLASS (ab_diagram_parent_class)->constructed (object);

  priv->values = g_new0 (double, MAX (klass->n_params, 1));
  for (guint i = 0; i < klass->n_params; i++)
    priv->values[i] = klass->params[i].default_value;
  if (klass->update)
    klass->update (self);
}

static void
ab_diagram_finalize (GObject *object)
{
  AbDiagramPrivate *priv = ab_diagram_get_instance_private (AB_DIAGRAM (object));

  g_free (priv->values);
  G_OBJECT_CLASS (ab_diagram_parent_class)->finalize (object);
}

static guint
ab_diagram_real_get_n_steps (AbDiagram *self)
{
  return 1;
}

static void
ab_diagram_class_init (AbDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ab_diagram_constructed;
  object_class->finalize = ab_diagram_finalize;
  klass->get_n_steps = ab_diagram_real_get_n_steps;

  /**
   * AbDiagram::changed:
   *
   * The visible state changed (a parameter, a click, a recomputation).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
ab_diagram_init (AbDiagram *self)
{
}

const char *
ab_diagram_get_name (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return AB_DIAGRAM_GET_CLASS (self)->name;
}

const char *
ab_diagram_get_title (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return _(AB_DIAGRAM_GET_CLASS (self)->title);
}

guint
ab_diagram_get_n_steps (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), 1);
  return MAX (1u, AB_DIAGRAM_GET_CLASS (self)->get_n_steps (self));
}

char *
ab_diagram_dup_step_title (AbDiagram *self, guint step)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = AB_DIAGRAM_GET_CLASS (self);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  if (klass->dup_step_title)
    return klass->dup_step_title (self, step);
  return g_strdup_printf (_("Step %u of %u"), step + 1, ab_diagram_get_n_steps (self));
}

char *
ab_diagram_describe (AbDiagram *self, guint step)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = AB_DIAGRAM_GET_CLASS (self);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  if (klass->describe)
    return klass->describe (self, step);
  return g_strdup (ab_diagram_get_title (self));
}

/* Parameters ----------------------------------------------------------- */

guint
ab_diagram_get_n_params (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), 0);
  return AB_DIAGRAM_GET_CLASS (self)->n_params;
}

const AbParamSpec *
ab_diagram_get_param_spec (AbDiagram *self, guint index)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = AB_DIAGRAM_GET_CLASS (self);
  g_return_val_if_fail (index < klass->n_params, NULL);
  return &klass->params[index];
}

static int
find_param_index (AbDiagram *self, const char *key)
{
  AbDiagramClass *klass = AB_DIAGRAM_GET_CLASS (self);

  for (guint i = 0; i < klass->n_params; i++)
    if (g_strcmp0 (klass->params[i].key, key) == 0)
      return (int) i;
  return -1;
}

const AbParamSpec *
ab_diagram_find_param (AbDiagram *self, const char *key)
{
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  i = find_param_index (self, key);
  return i < 0 ? NULL : &AB_DIAGRAM_GET_CLASS (self)->params[i];
}

double
ab_diagram_get_param (AbDiagram *self, const char *key)
{
  AbDiagramPrivate *priv;
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), 0.0);
  priv = ab_diagram_get_instance_private (self);
  i = find_param_index (self, key);
  g_return_val_if_fail (i >= 0, 0.0);
  return priv->values[i];
}

gboolean
ab_diagram_set_param (AbDiagram  *self,
                      const char *key,
                      double      value,
                      GError    **error)
{
  AbDiagramPrivate *priv;
  const AbParamSpec *spec;
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = ab_diagram_get_instance_private (self);

  i = find_param_index (self, key);
  if (i < 0)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_UNKNOWN_PARAM,
                   _("diagram “%s” has no parameter “%s”"), ab_diagram_get_name (self), key);
      return FALSE;
    }
  spec = &AB_DIAGRAM_GET_CLASS (self)->params[i];

  if (!isfinite (value) || value < spec->min || value > spec->max)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_OUT_OF_RANGE,
                   _("parameter “%s” must be between %g and %g (got %g)"),
                   key, spec->min, spec->max, value);
      return FALSE;
    }
  if (spec->kind != AB_PARAM_SLIDER)
    value = round (value);
  else if (spec->step > 0)
    value = spec->min + round ((value - spec->min) / spec->step) * spec->step;

  if (priv->values[i] == value)
    return TRUE;
  priv->values[i] = value;
  if (AB_DIAGRAM_GET_CLASS (self)->update)
    AB_DIAGRAM_GET_CLASS (self)->update (self);
  ab_diagram_emit_changed (self);
  return TRUE;
}

gboolean
ab_diagram_set_param_from_string (AbDiagram  *self,
                                  const char *assignment,
                                  GError    **error)
{
  g_auto (GStrv) kv = NULL;
  const AbParamSpec *spec;
  const char *text;
  double value;
  char *end = NULL;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);

  kv = g_strsplit (assignment, "=", 2);
  if (kv[0] == NULL || kv[1] == NULL || *kv[0] == '\0' || *kv[1] == '\0')
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_BAD_VALUE,
                   _("expected --param KEY=VALUE, got “%s”"), assignment);
      return FALSE;
    }
  spec = ab_diagram_find_param (self, kv[0]);
  if (spec == NULL)
    return ab_diagram_set_param (self, kv[0], 0, error);

  text = kv[1];
  if (spec->kind == AB_PARAM_TOGGLE && (g_ascii_strcasecmp (text, "true") == 0 ||
                                        g_ascii_strcasecmp (text, "on") == 0))
    return ab_diagram_set_param (self, kv[0], 1, error);
  if (spec->kind == AB_PARAM_TOGGLE && (g_ascii_strcasecmp (text, "false") == 0 ||
                                        g_ascii_strcasecmp (text, "off") == 0))
    return ab_diagram_set_param (self, kv[0], 0, error);
  if (spec->kind == AB_PARAM_CHOICE && spec->choices)
    for (guint c = 0; spec->choices[c]; c++)
      if (g_ascii_strcasecmp (text, spec->choices[c]) == 0)
        return ab_diagram_set_param (self, kv[0], c, error);

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_BAD_VALUE,
                   _("parameter “%s”: “%s” is not a number"), kv[0], text);
      return FALSE;
    }
  return ab_diagram_set_param (self, kv[0], value, error);
}

void
ab_diagram_reset_params (AbDiagram *self)
{
  AbDiagramClass *klass;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  klass = AB_DIAGRAM_GET_CLASS (self);
  for (guint i = 0; i < klass->n_params; i++)
    ab_diagram_set_param (self, klass->params[i].key, klass->params[i].default_value, NULL);
}

/* Legend -------------------------------------------------------------- */

static void
legend_item_free (AbLegendItem *item)
{
  g_free (item->label);
  g_free (item);
}

void
ab_legend_add (GPtrArray *legend, const char *label, AbRgb color, AbSwatch swatch)
{
  AbLegendItem *item = g_new (AbLegendItem, 1);

  item->label = g_strdup (label);
  item->color = color;
  item->swatch = swatch;
  g_ptr_array_add (legend, item);
}

GPtrArray *
ab_diagram_get_legend (AbDiagram *self, guint step)
{
  GPtrArray *legend;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  legend = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
  if (AB_DIAGRAM_GET_CLASS (self)->collect_legend)
    AB_DIAGRAM_GET_CLASS (self)->collect_legend (self, MIN (step, ab_diagram_get_n_steps (self) - 1),
                                                 legend);
  return legend;
}

double
ab_diagram_draw_legend (AbDiagram *self, cairo_t *cr, double x, double y, guint step)
{
  g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
  g_autofree AbLegendEntry *entries = g_new0 (AbLegendEntry, MAX (legend->len, 1));

  if (legend->len == 0)
    return 0;
  for (guint i = 0; i < legend->len; i++)
    {
      AbLegendItem *item = g_ptr_array_index (legend, i);
      entries[i] = (AbLegendEntry) { item->label, item->color, item->swatch };
    }
  return ab_draw_legend (cr, x, y, entries, legend->len);
}

/* Drawing ------------------------------------------------------------- */

static double
frame_scale (double width, double height, double *ox, double *oy)
{
  double s = MIN (width / AB_DIAGRAM_WIDTH, height / AB_DIAGRAM_HEIGHT);

  *ox = (width - AB_DIAGRAM_WIDTH * s) / 2;
  *oy = (height - AB_DIAGRAM_HEIGHT * s) / 2;
  return s;
}

void
ab_diagram_render (AbDiagram *self,
                   cairo_t   *cr,
                   double     width,
                   double     height,
                   double     position)
{
  double ox, oy, s;
  guint n;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_return_if_fail (cr != NULL);

  n = ab_diagram_get_n_steps (self);
  position = CLAMP (position, 0.0, (double) (n - 1));

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  s = frame_scale (width, height, &ox, &oy);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  cairo_rectangle (cr, 0, 0, AB_DIAGRAM_WIDTH, AB_DIAGRAM_HEIGHT);
  cairo_clip (cr);
  AB_DIAGRAM_GET_CLASS (self)->draw (self, cr, AB_DIAGRAM_WIDTH, AB_DIAGRAM_HEIGHT, position);
  cairo_restore (cr);
}

void
ab_diagram_surface_to_frame (double width, double height,
                             double sx, double sy,
                             double *fx, double *fy)
{
  double ox, oy, s = frame_scale (width, height, &ox, &oy);

  *fx = (sx - ox) / s;
  *fy = (sy - oy) / s;
}

gboolean
ab_diagram_click (AbDiagram *self, double fx, double fy)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  klass = AB_DIAGRAM_GET_CLASS (self);
  if (klass->click && klass->click (self, fx, fy))
    {
      ab_diagram_emit_changed (self);
      return TRUE;
    }
  return FALSE;
}

void
ab_diagram_emit_changed (AbDiagram *self)
{
  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

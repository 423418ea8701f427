/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram.c — AbDiagram's model: tables, parameters, results, text
 *
 * Parameters change only through ab_diagram_set_param() (and reset, and
 * clicks), which mark the results stale and notify "changed" once; the
 * kernel runs when something next needs its results (ab-diagram-render.c
 * draws them).
 */
#define G_LOG_DOMAIN "ab-diagram"

#include "ab-diagram-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <pango/pango.h>

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AbDiagram, ab_diagram, G_TYPE_OBJECT)

enum { CHANGED, UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (ab-diagram-error-quark, ab_diagram_error)

AbDiagramPrivate *
ab_diagram_get_priv (AbDiagram *self)
{
  return ab_diagram_get_instance_private (self);
}

static void
ab_diagram_constructed (GObject *object)
{
  AbDiagram *self = AB_DIAGRAM (object);
  AbDiagramPrivate *priv = PRIV (self);
  const AbDiagramInfo *info = INFO (self);

  G_OBJECT_CLASS (ab_diagram_parent_class)->constructed (object);

  priv->values = g_new0 (double, MAX (info->n_params, 1));
  for (guint i = 0; i < info->n_params; i++)
    priv->values[i] = info->params[i].default_value;
  /* Nothing is computed until something needs the results. */
  priv->dirty = TRUE;
}

void
ab_diagram_clear_result (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);

  if (priv->result && priv->result_free)
    priv->result_free (priv->result);
  priv->result = NULL;
  priv->result_free = NULL;
}

static void
ab_diagram_finalize (GObject *object)
{
  AbDiagramPrivate *priv = PRIV (AB_DIAGRAM (object));

  ab_diagram_clear_result (AB_DIAGRAM (object));
  g_clear_error (&priv->error);
  g_free (priv->values);
  g_mutex_clear (&priv->lock);
  g_cond_clear (&priv->idle);
  G_OBJECT_CLASS (ab_diagram_parent_class)->finalize (object);
}

static void
ab_diagram_class_init (AbDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ab_diagram_constructed;
  object_class->finalize = ab_diagram_finalize;

  /**
   * AbDiagram::changed:
   *
   * The visible state changed (a parameter, a click). Emitted once per
   * change, from ab_diagram_set_param() or ab_diagram_click() only.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  /**
   * AbDiagram::updated:
   *
   * Results computed by a worker thread (ab_diagram_prepare()) are in;
   * emitted on the main context.
   */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
ab_diagram_init (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);

  g_mutex_init (&priv->lock);
  g_cond_init (&priv->idle);
}

void
ab_diagram_class_set_info (AbDiagramClass *klass, const AbDiagramInfo *info)
{
  g_return_if_fail (AB_IS_DIAGRAM_CLASS (klass));
  g_return_if_fail (info->name != NULL && info->update != NULL && info->draw != NULL);

  klass->info = info;
  if (info->finalize)
    G_OBJECT_CLASS (klass)->finalize = info->finalize;
}

void
ab_diagram_emit_changed (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);

  memset (priv->layouts, 0, sizeof priv->layouts);
  if (priv->in_click)
    priv->changed_in_click = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

void
ab_diagram_emit_updated (AbDiagram *self)
{
  memset (PRIV (self)->layouts, 0, sizeof PRIV (self)->layouts);
  g_signal_emit (self, signals[UPDATED], 0);
}

/* Results ------------------------------------------------------------------ */

void
ab_diagram_set_result (AbDiagram *self, gpointer result, GDestroyNotify free_func)
{
  AbDiagramPrivate *priv;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  priv = PRIV (self);
  ab_diagram_clear_result (self);
  priv->result = result;
  priv->result_free = free_func;
}

gpointer
ab_diagram_get_result (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return PRIV (self)->result;
}

gboolean
ab_diagram_ensure_updated (AbDiagram *self, GError **error)
{
  AbDiagramPrivate *priv;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);

  ab_diagram_update_now (self);
  if (priv->error)
    {
      if (error)
        *error = g_error_copy (priv->error);
      return FALSE;
    }
  return TRUE;
}

gboolean
ab_diagram_steps_need_results (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  return INFO (self)->get_n_steps != NULL;
}

gboolean
ab_diagram_captions_need_results (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  return INFO (self)->dup_caption != NULL || INFO (self)->get_n_steps != NULL;
}

const GError *
ab_diagram_get_error (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  ab_diagram_ensure_updated (self, NULL);
  return PRIV (self)->error;
}

gboolean
ab_diagram_ready (AbDiagram *self)
{
  return ab_diagram_ensure_updated (self, NULL);
}

/* Metadata ------------------------------------------------------------------ */

const char *
ab_diagram_get_name (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return INFO (self)->name;
}

const char *
ab_diagram_get_title (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return _(INFO (self)->title);
}

guint
ab_diagram_get_n_steps (AbDiagram *self)
{
  const AbDiagramInfo *info;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), 1);
  info = INFO (self);
  if (info->get_n_steps && ab_diagram_ready (self))
    return MAX (1u, info->get_n_steps (self));
  return MAX (1u, info->n_steps);
}

char *
ab_diagram_dup_caption (AbDiagram *self, guint step)
{
  const AbDiagramInfo *info;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  info = INFO (self);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  if (info->dup_caption && ab_diagram_ready (self))
    return info->dup_caption (self, step);
  if (info->steps && step < info->n_steps)
    return g_strdup (_(info->steps[step]));
  return g_strdup_printf (_("Step %u of %u"), step + 1, ab_diagram_get_n_steps (self));
}

char *
ab_diagram_dup_title_markup (AbDiagram *self)
{
  if (INFO (self)->dup_title && ab_diagram_ready (self))
    return INFO (self)->dup_title (self);
  return g_markup_escape_text (ab_diagram_get_title (self), -1);
}

static char *
strip_markup (const char *markup)
{
  char *plain = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL))
    plain = g_strdup (markup);
  return plain;
}

char *
ab_diagram_describe (AbDiagram *self, guint step)
{
  const AbDiagramInfo *info;
  g_autofree char *title = NULL, *title_plain = NULL, *caption = NULL, *caption_plain = NULL;
  g_autofree char *state = NULL;
  guint n;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  info = INFO (self);
  n = ab_diagram_get_n_steps (self);
  step = MIN (step, n - 1);

  title = ab_diagram_dup_title_markup (self);
  title_plain = strip_markup (title);
  caption = ab_diagram_dup_caption (self, step);
  caption_plain = strip_markup (caption);
  if (!ab_diagram_ready (self))
    state = g_strdup (PRIV (self)->error->message);
  else if (info->describe)
    state = info->describe (self, step);

  /* The prefix every description shares: which diagram, which step. */
  return g_strdup_printf (_("%s, step %u of %u: %s.%s%s"), title_plain, step + 1, n,
                          caption_plain, state ? " " : "", state ? state : "");
}

/* Parameters ----------------------------------------------------------------- */

static guint
n_choices (const AbParamSpec *spec)
{
  guint n = 0;

  while (spec->choices && spec->choices[n])
    n++;
  return n;
}

double
ab_param_spec_get_min (const AbParamSpec *spec)
{
  return spec->kind == AB_PARAM_SLIDER ? spec->min : 0;
}

double
ab_param_spec_get_max (const AbParamSpec *spec)
{
  switch (spec->kind)
    {
    case AB_PARAM_TOGGLE:
      return 1;
    case AB_PARAM_CHOICE:
      return MAX (n_choices (spec), 1) - 1;
    case AB_PARAM_SLIDER:
    default:
      return spec->max;
    }
}

guint
ab_diagram_get_n_params (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), 0);
  return INFO (self)->n_params;
}

const AbParamSpec *
ab_diagram_get_param_spec (AbDiagram *self, guint index)
{
  const AbDiagramInfo *info;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  info = INFO (self);
  g_return_val_if_fail (index < info->n_params, NULL);
  return &info->params[index];
}

static int
find_param_index (AbDiagram *self, const char *key)
{
  const AbDiagramInfo *info = INFO (self);

  for (guint i = 0; i < info->n_params; i++)
    if (g_strcmp0 (info->params[i].key, key) == 0)
      return (int) i;
  return -1;
}

const AbParamSpec *
ab_diagram_find_param (AbDiagram *self, const char *key)
{
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  i = find_param_index (self, key);
  return i < 0 ? NULL : &INFO (self)->params[i];
}

double
ab_diagram_get_param (AbDiagram *self, const char *key)
{
  double value;
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), 0.0);
  i = find_param_index (self, key);
  g_return_val_if_fail (i >= 0, 0.0);
  g_mutex_lock (&PRIV (self)->lock);
  value = PRIV (self)->values[i];
  g_mutex_unlock (&PRIV (self)->lock);
  return value;
}

gboolean
ab_diagram_set_param (AbDiagram  *self,
                      const char *key,
                      double      value,
                      GError    **error)
{
  AbDiagramPrivate *priv;
  const AbParamSpec *spec;
  double lo, hi;
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);

  i = find_param_index (self, key);
  if (i < 0)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_UNKNOWN_PARAM,
                   _("diagram “%s” has no parameter “%s”"), ab_diagram_get_name (self), key);
      return FALSE;
    }
  spec = &INFO (self)->params[i];
  lo = ab_param_spec_get_min (spec);
  hi = ab_param_spec_get_max (spec);

  if (!isfinite (value) || value < lo || value > hi)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_OUT_OF_RANGE,
                   _("parameter “%s” must be between %g and %g (got %g)"), key, lo, hi, value);
      return FALSE;
    }
  if (spec->kind != AB_PARAM_SLIDER)
    value = round (value);
  else if (spec->step > 0)
    value = MIN (hi, spec->min + round ((value - spec->min) / spec->step) * spec->step);

  g_mutex_lock (&priv->lock);
  if (priv->values[i] == value)
    {
      g_mutex_unlock (&priv->lock);
      return TRUE;
    }
  priv->values[i] = value;
  priv->dirty = TRUE;
  g_mutex_unlock (&priv->lock);
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
  if (spec->kind == AB_PARAM_CHOICE)
    for (guint c = 0; c < n_choices (spec); c++)
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
  AbDiagramPrivate *priv;
  const AbDiagramInfo *info;
  gboolean changed = FALSE;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  priv = PRIV (self);
  info = INFO (self);
  g_mutex_lock (&priv->lock);
  for (guint i = 0; i < info->n_params; i++)
    if (priv->values[i] != info->params[i].default_value)
      {
        priv->values[i] = info->params[i].default_value;
        changed = TRUE;
      }
  if (changed)
    priv->dirty = TRUE;
  g_mutex_unlock (&priv->lock);
  if (changed)
    ab_diagram_emit_changed (self);
}

/* Legend ----------------------------------------------------------------------- */

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
  const AbDiagramInfo *info;
  GPtrArray *legend;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  info = INFO (self);
  legend = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  for (guint i = 0; i < info->n_legend; i++)
    {
      const AbLegendSpec *e = &info->legend[i];
      if (e->steps == AB_STEPS_ALL || (step < 64 && (e->steps & AB_STEP (step))))
        ab_legend_add (legend, _(e->label), ab_color (e->color), e->swatch);
    }
  if (info->collect_legend && ab_diagram_ready (self))
    info->collect_legend (self, step, legend);
  return legend;
}

AbLegendEntry *
ab_diagram_legend_entries (GPtrArray *legend)
{
  AbLegendEntry *entries = g_new0 (AbLegendEntry, MAX (legend->len, 1));

  for (guint i = 0; i < legend->len; i++)
    {
      AbLegendItem *item = g_ptr_array_index (legend, i);
      entries[i] = (AbLegendEntry) { item->label, item->color, item->swatch };
    }
  return entries;
}

char *
ab_diagram_dup_note (AbDiagram *self, guint step)
{
  const AbDiagramInfo *info = INFO (self);

  if (info->dup_note && ab_diagram_ready (self))
    return info->dup_note (self, step);
  return info->note ? g_strdup (_(info->note)) : NULL;
}

#define G_LOG_DOMAIN "ab-diagram"

#include "ab-diagram.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <pango/pango.h>

typedef struct
{
  double        *values;        /* one per class param */
  gpointer       result;
  GDestroyNotify result_free;
  gboolean       dirty;         /* a parameter changed since update() ran */
  GError        *error;         /* update()'s refusal, shown on the canvas */
  guint          in_click;      /* set_param inside click(): notify once, after */
  gboolean       changed_in_click;
  /* Heights of the header, note and legend: the largest over all steps, so
   * the stages do not jump from step to step. Per layout; 0 = not measured. */
  double         chrome[AB_N_LAYOUTS][3];
} AbDiagramPrivate;

enum { CHROME_CAPTION, CHROME_NOTE, CHROME_LEGEND };

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AbDiagram, ab_diagram, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (ab-diagram-error-quark, ab_diagram_error)

#define PRIV(self) ((AbDiagramPrivate *) ab_diagram_get_instance_private (self))
#define KLASS(self) AB_DIAGRAM_GET_CLASS (self)

static void
ab_diagram_constructed (GObject *object)
{
  AbDiagram *self = AB_DIAGRAM (object);
  AbDiagramPrivate *priv = PRIV (self);
  AbDiagramClass *klass = KLASS (self);

  G_OBJECT_CLASS (ab_diagram_parent_class)->constructed (object);

  priv->values = g_new0 (double, MAX (klass->n_params, 1));
  for (guint i = 0; i < klass->n_params; i++)
    priv->values[i] = klass->params[i].default_value;
  /* Nothing is computed until something needs the results. */
  priv->dirty = TRUE;
}

static void
clear_result (AbDiagramPrivate *priv)
{
  if (priv->result && priv->result_free)
    priv->result_free (priv->result);
  priv->result = NULL;
  priv->result_free = NULL;
}

static void
ab_diagram_finalize (GObject *object)
{
  AbDiagramPrivate *priv = PRIV (AB_DIAGRAM (object));

  clear_result (priv);
  g_clear_error (&priv->error);
  g_free (priv->values);
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
}

static void
ab_diagram_init (AbDiagram *self)
{
}

static void
emit_changed (AbDiagram *self)
{
  AbDiagramPrivate *priv = PRIV (self);

  memset (priv->chrome, 0, sizeof priv->chrome);
  if (priv->in_click)
    priv->changed_in_click = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Results ------------------------------------------------------------------ */

void
ab_diagram_set_result (AbDiagram *self, gpointer result, GDestroyNotify free_func)
{
  AbDiagramPrivate *priv;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  priv = PRIV (self);
  clear_result (priv);
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
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);
  klass = KLASS (self);

  if (priv->dirty)
    {
      priv->dirty = FALSE;
      g_clear_error (&priv->error);
      if (klass->update && !klass->update (self, &priv->error))
        {
          if (priv->error == NULL)
            g_set_error (&priv->error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                         _("diagram “%s” could not be computed"), klass->name);
          clear_result (priv);
        }
      else if (klass->update_legacy)
        klass->update_legacy (self);
    }
  if (priv->error)
    {
      if (error)
        *error = g_error_copy (priv->error);
      return FALSE;
    }
  return TRUE;
}

const GError *
ab_diagram_get_error (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  ab_diagram_ensure_updated (self, NULL);
  return PRIV (self)->error;
}

static gboolean
ready (AbDiagram *self)
{
  return ab_diagram_ensure_updated (self, NULL);
}

/* Metadata ------------------------------------------------------------------ */

const char *
ab_diagram_get_name (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return KLASS (self)->name;
}

const char *
ab_diagram_get_title (AbDiagram *self)
{
  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  return _(KLASS (self)->title);
}

guint
ab_diagram_get_n_steps (AbDiagram *self)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), 1);
  klass = KLASS (self);
  if (klass->get_n_steps && ready (self))
    return MAX (1u, klass->get_n_steps (self));
  return MAX (1u, klass->n_steps);
}

char *
ab_diagram_dup_caption (AbDiagram *self, guint step)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = KLASS (self);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  if (klass->dup_caption && ready (self))
    return klass->dup_caption (self, step);
  if (klass->dup_step_title)
    {
      ready (self);
      return klass->dup_step_title (self, step);
    }
  if (step < klass->n_steps)
    return g_strdup (_(klass->steps[step]));
  return g_strdup_printf (_("Step %u of %u"), step + 1, ab_diagram_get_n_steps (self));
}

static char *
dup_title_markup (AbDiagram *self)
{
  if (KLASS (self)->dup_title && ready (self))
    return KLASS (self)->dup_title (self);
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
  AbDiagramClass *klass;
  g_autofree char *title = NULL, *title_plain = NULL, *caption = NULL, *caption_plain = NULL;
  g_autofree char *state = NULL;
  guint n;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = KLASS (self);
  n = ab_diagram_get_n_steps (self);
  step = MIN (step, n - 1);

  if (klass->draw_legacy)
    {
      ready (self);
      return klass->describe ? klass->describe (self, step) : g_strdup (ab_diagram_get_title (self));
    }

  title = dup_title_markup (self);
  title_plain = strip_markup (title);
  caption = ab_diagram_dup_caption (self, step);
  caption_plain = strip_markup (caption);
  if (!ready (self))
    state = g_strdup (PRIV (self)->error->message);
  else if (klass->describe)
    state = klass->describe (self, step);

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
  return KLASS (self)->n_params;
}

const AbParamSpec *
ab_diagram_get_param_spec (AbDiagram *self, guint index)
{
  AbDiagramClass *klass;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = KLASS (self);
  g_return_val_if_fail (index < klass->n_params, NULL);
  return &klass->params[index];
}

static int
find_param_index (AbDiagram *self, const char *key)
{
  AbDiagramClass *klass = KLASS (self);

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
  return i < 0 ? NULL : &KLASS (self)->params[i];
}

double
ab_diagram_get_param (AbDiagram *self, const char *key)
{
  int i;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), 0.0);
  i = find_param_index (self, key);
  g_return_val_if_fail (i >= 0, 0.0);
  return PRIV (self)->values[i];
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
  spec = &KLASS (self)->params[i];
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

  if (priv->values[i] == value)
    return TRUE;
  priv->values[i] = value;
  priv->dirty = TRUE;
  emit_changed (self);
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
  AbDiagramClass *klass;
  gboolean changed = FALSE;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  priv = PRIV (self);
  klass = KLASS (self);
  for (guint i = 0; i < klass->n_params; i++)
    if (priv->values[i] != klass->params[i].default_value)
      {
        priv->values[i] = klass->params[i].default_value;
        changed = TRUE;
      }
  if (changed)
    {
      priv->dirty = TRUE;
      emit_changed (self);
    }
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
  AbDiagramClass *klass;
  GPtrArray *legend;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), NULL);
  klass = KLASS (self);
  legend = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
  step = MIN (step, ab_diagram_get_n_steps (self) - 1);
  for (guint i = 0; i < klass->n_legend; i++)
    {
      const AbLegendSpec *e = &klass->legend[i];
      if (e->steps == AB_STEPS_ALL || (step < 64 && (e->steps & AB_STEP (step))))
        ab_legend_add (legend, _(e->label), ab_color (e->color), e->swatch);
    }
  if (klass->collect_legend && ready (self))
    klass->collect_legend (self, step, legend);
  return legend;
}

static AbLegendEntry *
legend_entries (GPtrArray *legend)
{
  AbLegendEntry *entries = g_new0 (AbLegendEntry, MAX (legend->len, 1));

  for (guint i = 0; i < legend->len; i++)
    {
      AbLegendItem *item = g_ptr_array_index (legend, i);
      entries[i] = (AbLegendEntry) { item->label, item->color, item->swatch };
    }
  return entries;
}

/* Transitional: legacy modules place the legend themselves. */
double
ab_diagram_draw_legend (AbDiagram *self, cairo_t *cr, double x, double y, guint step)
{
  g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
  g_autofree AbLegendEntry *entries = legend_entries (legend);

  if (legend->len == 0)
    return 0;
  return ab_draw_legend (cr, x, y, entries, legend->len);
}

/* Layout ------------------------------------------------------------------------- */

static char *
dup_note (AbDiagram *self, guint step)
{
  AbDiagramClass *klass = KLASS (self);

  if (klass->dup_note && ready (self))
    return klass->dup_note (self, step);
  return klass->note ? g_strdup (_(klass->note)) : NULL;
}

/* Measure the tallest caption, note and legend over all steps (cached). */
static void
measure_chrome (AbDiagram *self, cairo_t *cr, AbLayoutKind kind, double text_w, double chrome[3])
{
  AbDiagramPrivate *priv = PRIV (self);
  guint n = ab_diagram_get_n_steps (self);

  if (priv->chrome[kind][CHROME_LEGEND] > 0)
    {
      memcpy (chrome, priv->chrome[kind], sizeof priv->chrome[kind]);
      return;
    }
  chrome[0] = chrome[1] = 0;
  chrome[2] = 0.001;   /* measured, even when empty */
  for (guint step = 0; step < n; step++)
    {
      g_autofree char *caption = ab_diagram_dup_caption (self, step);
      g_autofree char *note = dup_note (self, step);
      g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
      g_autofree AbLegendEntry *entries = legend_entries (legend);
      double h;

      ab_text_measure (cr, AB_TEXT_CAPTION, caption, text_w, NULL, &h);
      chrome[CHROME_CAPTION] = MAX (chrome[CHROME_CAPTION], h);
      if (note)
        {
          ab_text_measure (cr, AB_TEXT_SMALL, note, text_w, NULL, &h);
          chrome[CHROME_NOTE] = MAX (chrome[CHROME_NOTE], h);
        }
      h = ab_legend_flow_height (cr, text_w, entries, legend->len);
      chrome[CHROME_LEGEND] = MAX (chrome[CHROME_LEGEND], h);
    }
  memcpy (priv->chrome[kind], chrome, sizeof priv->chrome[kind]);
}

static void
place_stages (AbDiagramClass *klass, AbLayout *l, double gap)
{
  static const AbStageSpec one_stage = { 1, 1, AB_STAGE_ROW };
  const AbStageSpec *specs = klass->stages ? klass->stages : &one_stage;
  guint n = klass->stages ? MIN (klass->n_stages, AB_MAX_STAGES) : 1;
  AbRect a = l->area;

  l->n_stages = n;
  if (l->kind == AB_LAYOUT_NARROW)
    {
      double total = 0, y = a.y;
      for (guint i = 0; i < n; i++)
        total += specs[i].narrow_weight > 0 ? specs[i].narrow_weight : specs[i].weight;
      for (guint i = 0; i < n; i++)
        {
          double w = specs[i].narrow_weight > 0 ? specs[i].narrow_weight : specs[i].weight;
          double h = (a.h - gap * (n - 1)) * w / MAX (total, 1e-9);
          l->stages[i] = (AbRect) { a.x, y, a.w, h };
          y += h + gap;
        }
      return;
    }

  /* Wide and presenter: strips below, the row above them. */
  double below_h = 0, row_total = 0, x = a.x, y;
  guint n_row = 0;
  for (guint i = 0; i < n; i++)
    if (specs[i].flags & AB_STAGE_BELOW)
      below_h += specs[i].weight * a.h + gap;
    else
      {
        row_total += specs[i].weight;
        n_row++;
      }
  y = a.y + a.h - below_h + gap;
  for (guint i = 0; i < n; i++)
    {
      if (specs[i].flags & AB_STAGE_BELOW)
        {
          double h = specs[i].weight * a.h;
          l->stages[i] = (AbRect) { a.x, y, a.w, h };
          y += h + gap;
        }
      else
        {
          double w = (a.w - gap * (MAX (n_row, 1) - 1)) * specs[i].weight / MAX (row_total, 1e-9);
          l->stages[i] = (AbRect) { x, a.y, w, a.h - below_h };
          x += w + gap;
        }
    }
}

static void
compute_layout (AbDiagram *self, cairo_t *cr, AbLayoutKind kind, AbLayout *l)
{
  double fw, fh, m, gap, text_w, chrome[3], y, title_h = 0;
  g_autofree char *title = NULL;

  ab_layout_frame_size (kind, &fw, &fh);
  m = ab_style_margin (cr);
  gap = ab_style_gap (cr);
  text_w = fw - 2 * m;
  memset (l, 0, sizeof *l);
  l->kind = kind;
  l->frame = (AbRect) { 0, 0, fw, fh };

  measure_chrome (self, cr, kind, text_w, chrome);
  if (kind != AB_LAYOUT_PRESENTER)
    {
      title = dup_title_markup (self);
      ab_text_measure (cr, AB_TEXT_TITLE, title, text_w, NULL, &title_h);
      title_h += 6;
    }
  l->header = (AbRect) { m, m * 0.6, text_w, title_h + chrome[CHROME_CAPTION] };
  y = l->header.y + l->header.h + gap;

  l->legend = (AbRect) { m, fh - m * 0.6 - chrome[CHROME_LEGEND], text_w, chrome[CHROME_LEGEND] };
  if (chrome[CHROME_NOTE] > 0)
    l->note = (AbRect) { m, l->legend.y - gap * 0.6 - chrome[CHROME_NOTE], text_w, chrome[CHROME_NOTE] };
  else
    l->note = (AbRect) { m, l->legend.y, text_w, 0 };
  l->area = (AbRect) { m, y, text_w, l->note.y - gap - y };
  place_stages (KLASS (self), l, gap);
}

/* A context to measure text with when no surface is at hand. */
static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

void
ab_diagram_get_layout (AbDiagram *self, AbLayoutKind kind, AbLayout *layout)
{
  cairo_t *cr;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_return_if_fail (kind < AB_N_LAYOUTS);
  cr = measuring_context ();
  ab_style_attach (cr, kind);
  compute_layout (self, cr, kind, layout);
  cairo_destroy (cr);
}

/* Drawing -------------------------------------------------------------------------- */

static double
frame_scale (AbLayoutKind kind, double width, double height, double *ox, double *oy)
{
  double fw, fh, s;

  ab_layout_frame_size (kind, &fw, &fh);
  s = MIN (width / fw, height / fh);
  *ox = (width - fw * s) / 2;
  *oy = (height - fh * s) / 2;
  return s;
}

static void
draw_error (AbDiagram *self, cairo_t *cr, const AbLayout *l)
{
  const GError *error = PRIV (self)->error;
  AbRect r = l->area;
  double y;

  ab_draw_panel (cr, r, NULL);
  y = r.y + r.h * 0.3;
  y += ab_text (cr, AB_TEXT_HEADING, _("This setting cannot be drawn"), r.x + r.w / 2, y,
                AB_HBM, AB_ALIGN_CENTER, r.w - 80) + 12;
  y += ab_text (cr, AB_TEXT_BODY, error->message, r.x + r.w / 2, y, AB_TEXT, AB_ALIGN_CENTER,
                r.w - 80) + 12;
  ab_text (cr, AB_TEXT_LABEL, _("Move the parameter back to draw the diagram again."),
           r.x + r.w / 2, y, AB_TEXT_DIM, AB_ALIGN_CENTER, r.w - 80);
}

static void
draw_chrome (AbDiagram *self, cairo_t *cr, const AbLayout *l, guint step)
{
  g_autofree char *caption = ab_diagram_dup_caption (self, step);
  g_autofree char *note = dup_note (self, step);
  double y = l->header.y;

  if (l->kind != AB_LAYOUT_PRESENTER)
    {
      g_autofree char *title = dup_title_markup (self);
      y += ab_text (cr, AB_TEXT_TITLE, title, l->header.x, y, AB_TEXT, AB_ALIGN_LEFT, l->header.w) + 6;
    }
  ab_text (cr, AB_TEXT_CAPTION, caption, l->header.x, y,
           l->kind == AB_LAYOUT_PRESENTER ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, l->header.w);

  if (note && l->note.h > 0)
    ab_text (cr, AB_TEXT_SMALL, note, l->note.x, l->note.y, AB_TEXT_DIM, AB_ALIGN_LEFT, l->note.w);

  if (ready (self))
    {
      g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
      g_autofree AbLegendEntry *entries = legend_entries (legend);
      ab_draw_legend_flow (cr, l->legend.x, l->legend.y, l->legend.w, entries, legend->len);
    }
}

void
ab_diagram_render_layout (AbDiagram   *self,
                          cairo_t     *cr,
                          AbLayoutKind kind,
                          double       width,
                          double       height,
                          double       position)
{
  AbDiagramClass *klass;
  double ox, oy, s, fw, fh;
  guint n, step;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (kind < AB_N_LAYOUTS);
  klass = KLASS (self);

  if (klass->draw_legacy)
    kind = AB_LAYOUT_WIDE;
  n = ab_diagram_get_n_steps (self);
  position = CLAMP (position, 0.0, (double) (n - 1));
  step = (guint) ceil (position - 1e-9);

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  s = frame_scale (kind, width, height, &ox, &oy);
  ab_layout_frame_size (kind, &fw, &fh);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  cairo_rectangle (cr, 0, 0, fw, fh);
  cairo_clip (cr);
  ab_style_attach (cr, kind);

  if (klass->draw_legacy)
    {
      ready (self);
      klass->draw_legacy (self, cr, fw, fh, position);
    }
  else
    {
      AbLayout layout;

      ready (self);
      compute_layout (self, cr, kind, &layout);
      draw_chrome (self, cr, &layout, step);
      if (PRIV (self)->error)
        draw_error (self, cr, &layout);
      else
        {
          cairo_save (cr);
          klass->draw (self, cr, &layout, position);
          cairo_restore (cr);
        }
    }
  cairo_restore (cr);
}

void
ab_diagram_render (AbDiagram *self,
                   cairo_t   *cr,
                   double     width,
                   double     height,
                   double     position)
{
  ab_diagram_render_layout (self, cr, AB_LAYOUT_WIDE, width, height, position);
}

void
ab_diagram_surface_to_frame (AbLayoutKind kind,
                             double width, double height,
                             double sx, double sy,
                             double *fx, double *fy)
{
  double ox, oy, s = frame_scale (kind, width, height, &ox, &oy);

  *fx = (sx - ox) / s;
  *fy = (sy - oy) / s;
}

gboolean
ab_diagram_click (AbDiagram *self, AbLayoutKind kind, double fx, double fy)
{
  AbDiagramPrivate *priv;
  AbDiagramClass *klass;
  gboolean handled = FALSE;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);
  klass = KLASS (self);
  if (!ready (self))
    return FALSE;

  /* A click may set parameters: they notify once, here, not each on its own. */
  priv->in_click++;
  if (klass->click_legacy)
    handled = klass->click_legacy (self, fx, fy);
  else if (klass->click)
    {
      AbLayout layout;
      ab_diagram_get_layout (self, kind, &layout);
      handled = klass->click (self, &layout, fx, fy);
    }
  priv->in_click--;

  if (handled || priv->changed_in_click)
    {
      priv->changed_in_click = FALSE;
      emit_changed (self);
      return TRUE;
    }
  return FALSE;
}

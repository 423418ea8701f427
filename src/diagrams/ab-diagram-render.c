/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-render.c — AbDiagram's layout slots, drawing and clicks
 *
 * The layout puts the header (title and caption) at the top, the legend
 * and a note at the bottom, and the diagram's stages in between: in a row
 * (wide, presenter) or stacked (narrow). Caption, note and legend take the
 * height of their tallest step, so nothing moves while a diagram plays.
 */
#define G_LOG_DOMAIN "ab-diagram"

#include "ab-diagram-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Layout ------------------------------------------------------------------------- */

/* The tallest caption, note and legend over all steps, so that nothing
 * moves while the diagram plays (compute_layout keeps the result). */
static void
measure_chrome (AbDiagram *self, cairo_t *cr, double text_w, double chrome[3])
{
  guint n = ab_diagram_get_n_steps (self);

  chrome[CHROME_CAPTION] = chrome[CHROME_NOTE] = chrome[CHROME_LEGEND] = 0;
  for (guint step = 0; step < n; step++)
    {
      g_autofree char *caption = ab_diagram_dup_caption (self, step);
      g_autofree char *note = ab_diagram_dup_note (self, step);
      g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
      g_autofree AbLegendEntry *entries = ab_diagram_legend_entries (legend);
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
}

static void
place_stages (const AbDiagramInfo *info, AbLayout *l, double gap)
{
  static const AbStageSpec one_stage = { 1, 1, AB_STAGE_ROW };
  const AbStageSpec *specs = info->stages ? info->stages : &one_stage;
  guint n = info->stages ? MIN (info->n_stages, AB_MAX_STAGES) : 1;
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
  AbDiagramPrivate *priv = PRIV (self);
  double fw, fh, m, gap, text_w, chrome[3], y, title_h = 0;
  g_autofree char *title = NULL;

  /* Computed once per parameter change, not per frame. */
  if (priv->layouts[kind].frame.w > 0)
    {
      *l = priv->layouts[kind];
      return;
    }
  ab_layout_frame_size (kind, &fw, &fh);
  m = ab_style_margin (cr);
  gap = ab_style_gap (cr);
  text_w = fw - 2 * m;
  memset (l, 0, sizeof *l);
  l->kind = kind;
  l->frame = (AbRect) { 0, 0, fw, fh };

  measure_chrome (self, cr, text_w, chrome);
  if (kind != AB_LAYOUT_PRESENTER)
    {
      title = ab_diagram_dup_title_markup (self);
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
  place_stages (INFO (self), l, gap);
  priv->layouts[kind] = *l;
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

/* The background over width × height, then frame units of @kind, fitted
 * and centred, clipped to the frame, with the layout's text styles. */
static void
begin_frame (cairo_t *cr, AbLayoutKind kind, double width, double height)
{
  double ox, oy, fw, fh, s;

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
}

static void
draw_error (AbDiagram *self, cairo_t *cr, const AbLayout *l)
{
  const GError *error = PRIV (self)->error;
  AbRect r = l->area;
  double y;

  ab_draw_panel (cr, r, NULL);
  y = r.y + r.h * 0.3;
  y += ab_text (cr, AB_TEXT_TITLE, _("This setting cannot be drawn"), r.x + r.w / 2, y,
                AB_HBM, AB_ALIGN_CENTER, r.w - 80) + 16;
  y += ab_text (cr, AB_TEXT_CAPTION, error->message, r.x + r.w / 2, y, AB_TEXT, AB_ALIGN_CENTER,
                r.w - 80) + 16;
  ab_text (cr, AB_TEXT_BODY, _("Move the parameter back to draw the diagram again."),
           r.x + r.w / 2, y, AB_TEXT_DIM, AB_ALIGN_CENTER, r.w - 80);
}

static void
draw_chrome (AbDiagram *self, cairo_t *cr, const AbLayout *l, guint step)
{
  g_autofree char *caption = ab_diagram_dup_caption (self, step);
  g_autofree char *note = ab_diagram_dup_note (self, step);
  double y = l->header.y;

  if (l->kind != AB_LAYOUT_PRESENTER)
    {
      g_autofree char *title = ab_diagram_dup_title_markup (self);
      y += ab_text (cr, AB_TEXT_TITLE, title, l->header.x, y, AB_TEXT, AB_ALIGN_LEFT, l->header.w) + 6;
    }
  ab_text (cr, AB_TEXT_CAPTION, caption, l->header.x, y,
           l->kind == AB_LAYOUT_PRESENTER ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, l->header.w);

  if (note && l->note.h > 0)
    ab_text (cr, AB_TEXT_SMALL, note, l->note.x, l->note.y, AB_TEXT_DIM, AB_ALIGN_LEFT, l->note.w);

  if (ab_diagram_ready (self))
    {
      g_autoptr (GPtrArray) legend = ab_diagram_get_legend (self, step);
      g_autofree AbLegendEntry *entries = ab_diagram_legend_entries (legend);
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
  const AbDiagramInfo *info;
  AbLayout layout;
  guint n, step;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (kind < AB_N_LAYOUTS);
  info = INFO (self);

  n = ab_diagram_get_n_steps (self);
  position = CLAMP (position, 0.0, (double) (n - 1));
  step = (guint) ceil (position - 1e-9);

  cairo_save (cr);
  begin_frame (cr, kind, width, height);
  ab_diagram_ready (self);
  compute_layout (self, cr, kind, &layout);
  draw_chrome (self, cr, &layout, step);
  /* A refusal of the kernel takes the stages' place; draw() needs results. */
  if (PRIV (self)->error)
    draw_error (self, cr, &layout);
  else
    {
      cairo_save (cr);
      info->draw (self, cr, &layout, position);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

void
ab_diagram_render_pending (AbDiagram   *self,
                           cairo_t     *cr,
                           AbLayoutKind kind,
                           double       width,
                           double       height)
{
  g_autofree char *title = NULL;
  double fw, fh, m, y;

  g_return_if_fail (AB_IS_DIAGRAM (self));
  g_return_if_fail (kind < AB_N_LAYOUTS);
  /* The class's title, not dup_title(): that one may need the results. */
  title = g_markup_escape_text (ab_diagram_get_title (self), -1);

  cairo_save (cr);
  begin_frame (cr, kind, width, height);
  ab_layout_frame_size (kind, &fw, &fh);
  m = ab_style_margin (cr);
  y = m * 0.6;
  if (kind != AB_LAYOUT_PRESENTER)
    y += ab_text (cr, AB_TEXT_TITLE, title, m, y, AB_TEXT, AB_ALIGN_LEFT, fw - 2 * m) + 6;
  ab_text (cr, AB_TEXT_CAPTION, _("Computing…"), m, y, AB_TEXT_DIM, AB_ALIGN_LEFT, fw - 2 * m);
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
  const AbDiagramInfo *info;
  gboolean handled = FALSE;

  g_return_val_if_fail (AB_IS_DIAGRAM (self), FALSE);
  priv = PRIV (self);
  info = INFO (self);
  if (!ab_diagram_ready (self))
    return FALSE;

  /* A click may set parameters: they notify once, here, not each on its own. */
  priv->in_click++;
  if (info->click)
    {
      AbLayout layout;
      ab_diagram_get_layout (self, kind, &layout);
      handled = info->click (self, &layout, fx, fy);
    }
  priv->in_click--;

  if (handled || priv->changed_in_click)
    {
      priv->changed_in_click = FALSE;
      ab_diagram_emit_changed (self);
      return TRUE;
    }
  return FALSE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-sliding-window-diagram.c — how far a sliding window sees after L layers, and its rolling buffer
 *
 * Left: positions along x, layers up the page. Token 0's information
 * spreads forward layer by layer, computed by brute force with
 * ab_sliding_influence_map (src/kernels/rolling-kv.c): each row sees w keys
 * (itself and w − 1 before it), so every layer carries it w − 1 positions
 * further and L layers reach L·(w − 1). Mistral's paper counts a window
 * as W positions back and quotes L·W (32 × 4096 = 131,072, FACTS 69); the
 * strip below states both. Right: the rolling buffer of the kernel after
 * the grid's tokens (position i in slot i mod w), and Mistral 7B's cache
 * at a long context with and without its 4,096-token window, in bytes
 * from src/kernels/kv-cache.c (FACTS 69: 8× smaller at 32k).
 *
 * Steps: one layer → L layers → the reach → the rolling buffer.
 */
#define G_LOG_DOMAIN "ab-sliding-window-diagram"

#include "ab-sliding-window-diagram.h"
#include "ab-format.h"
#include "ab-draw.h"
#include "ab-model-presets-data.h"
#include "kv-cache.h"
#include "rolling-kv.h"

#include <glib/gi18n.h>

enum { STEP_ONE, STEP_STACK, STEP_REACH, STEP_BUFFER, N_STEPS };
enum { STAGE_GRID, STAGE_BUFFER, STAGE_NOTE, N_STAGES };

#define MAX_LAYERS 6
#define MAX_WINDOW 8
/* Positions drawn: the reach, a window's worth beyond it, and token 0. */
#define MAX_POSITIONS (MAX_LAYERS * (MAX_WINDOW - 1) + MAX_WINDOW + 1)
/* The real model of the byte comparison (Mistral 7B, arXiv:2310.06825 §2). */
#define MODEL "mistral-7b"

static const char *const contexts[] = { "8k", "16k", "32k", "64k", "128k", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbSlidingWindowDiagram, ab_sliding_window_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · One layer: token 0 reaches the next w − 1 positions"),
  N_("2 · Each layer above carries it w − 1 positions further"),
  N_("3 · After L layers a token can depend on L · (w − 1) positions back"),
  N_("4 · Decoding keeps only w tokens: a rolling buffer, slot = position mod w"),
};

static const AbParamSpec params[] = {
  { .key = "layers", .label = N_("Layers L"), .kind = AB_PARAM_SLIDER, .min = 1, .max = MAX_LAYERS, .step = 1,
    .default_value = 4, .format = "%.0f" },
  { .key = "window", .label = N_("Window w (keys, itself included)"), .kind = AB_PARAM_SLIDER, .min = 2,
    .max = MAX_WINDOW, .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "context", .label = N_("Context for the bytes"), .kind = AB_PARAM_CHOICE, .step = 1,
    .default_value = 2, .choices = contexts },
};

static const AbLegendSpec legend[] = {
  { N_("token 0, the source"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("carries information from token 0"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("the w keys the furthest position reads"), AB_COLOR_TEXT, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("full KV cache (no window)"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEP (STEP_BUFFER) },
  { N_("rolling buffer"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEP (STEP_BUFFER) },
};

static const AbStageSpec stages[N_STAGES] = {
  { 1.5, 0.85, AB_STAGE_ROW }, { 0.85, 0.8, AB_STAGE_ROW }, { 0.13, 0.22, AB_STAGE_BELOW },
};

typedef struct
{
  int           layers, window, n;
  unsigned char map[(MAX_LAYERS + 1) * MAX_POSITIONS];
  int           furthest[MAX_LAYERS + 1];   /* per layer */
  int           slot_pos[MAX_WINDOW];       /* the position each buffer slot holds */
  int           buffer_len;
  /* Mistral 7B */
  const AbModelPreset *preset;
  guint64       context;
  guint64       full_bytes, rolling_bytes;
  gint64        nominal;                    /* L·W of the paper */
  gint64        model_reach;                /* L·(w − 1) */
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
fail (GError **error, const char *message)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", message);
  return FALSE;
}

static gboolean
ab_sliding_window_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autofree Result *res = g_new0 (Result, 1);
  float zeros[2] = { 0, 0 };
  AbRollingKv buf = { 0 };
  AbAttnError aerr = { 0 };
  AbKError err = { 0 };
  AbKvShape shape;
  GError *local = NULL;

  res->layers = (int) ab_diagram_get_param (diagram, "layers");
  res->window = (int) ab_diagram_get_param (diagram, "window");
  res->n = (int) ab_sliding_reach (res->layers, res->window) + res->window + 1;
  for (int l = 0; l <= res->layers; l++)
    {
      res->furthest[l] = ab_sliding_influence_map (l, res->window, res->n, 0, res->map);
      if (res->furthest[l] < 0)
        return fail (error, _("the influence map refused its arguments"));
    }
  ab_sliding_influence_map (res->layers, res->window, res->n, 0, res->map);

  /* The kernel's buffer after the grid's n tokens (values do not matter here). */
  if (ab_rolling_kv_init (&buf, res->window, 1, 2, &aerr) != AB_ATTN_OK)
    return fail (error, aerr.message);
  for (int t = 0; t < res->n; t++)
    if (ab_rolling_kv_append (&buf, zeros, zeros, &aerr) != AB_ATTN_OK)
      {
        ab_rolling_kv_clear (&buf);
        return fail (error, aerr.message);
      }
  res->buffer_len = ab_rolling_kv_len (&buf);
  for (int s = 0; s < res->window; s++)
    res->slot_pos[s] = -1;
  for (int p = 0; p < res->n; p++)
    {
      int s = ab_rolling_kv_slot (&buf, p);
      if (s >= 0 && s < res->window)
        res->slot_pos[s] = p;
    }
  ab_rolling_kv_clear (&buf);

  res->preset = ab_model_presets_lookup (MODEL, &local);
  if (res->preset == NULL)
    {
      fail (error, local->message);
      g_error_free (local);
      return FALSE;
    }
  res->context = (guint64) 8192 << (int) ab_diagram_get_param (diagram, "context");
  ab_kv_shape_from_preset (res->preset, &shape);
  if (ab_kv_bytes_per_request (&shape, AB_KV_GQA, 16, res->context, &res->rolling_bytes, &err) != AB_K_OK)
    return fail (error, err.message);
  shape.window = shape.window_layers = 0;
  if (ab_kv_bytes_per_request (&shape, AB_KV_GQA, 16, res->context, &res->full_bytes, &err) != AB_K_OK)
    return fail (error, err.message);
  res->nominal = ab_sliding_receptive_field_nominal (res->preset->layers, res->preset->window);
  res->model_reach = ab_sliding_reach (res->preset->layers, res->preset->window);
  ab_diagram_set_result (diagram, g_steal_pointer (&res), g_free);
  return TRUE;
}

static void
draw_grid (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Where token 0’s information has reached, layer by layer");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, label_w, small_h, cell_w, cell_h, x0, y_bottom;
  double rows_visible = 1 + (res->layers - 1) * ab_tween (position, 0, 1);   /* layers above the input */
  g_autofree char *widest = g_strdup_printf (_("layer %d"), res->layers);
  int top;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_SMALL, widest, -1, &label_w, &small_h);
  x0 = panel.x + pad + label_w + 10;
  cell_w = (panel.x + panel.w - pad - x0) / res->n;
  y_bottom = panel.y + panel.h - pad - 2 * small_h - 12;
  cell_h = MIN (cell_w * 2.5, (y_bottom - (panel.y + 14 + heading + pad)) / (res->layers + 1));
  /* the stack and its axis sit in the middle of the free height */
  y_bottom -= ((y_bottom - (panel.y + 14 + heading + pad)) - (res->layers + 1) * cell_h) / 2;
  top = MIN ((int) rows_visible, res->layers);
  for (int l = 0; l <= res->layers; l++)
    {
      double alpha = l == 0 ? 1 : CLAMP (rows_visible - l + 1, 0, 1);
      double y = y_bottom - (l + 1) * cell_h;
      g_autofree char *label = l == 0 ? g_strdup (_("input")) : g_strdup_printf (_("layer %d"), l);

      /* layers still to come stand as empty rows */
      ab_text (cr, AB_TEXT_SMALL, label, x0 - 8, y + (cell_h - small_h) / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      for (int i = 0; i < res->n; i++)
        {
          gboolean lit = res->map[l * res->n + i] && alpha > 0;
          cairo_rectangle (cr, x0 + i * cell_w + 1, y + 1, cell_w - 2, cell_h - 2);
          if (i == 0 && l == 0)
            ab_set_rgba (cr, AB_HEADS[0], alpha);
          else if (lit)
            ab_set_rgba (cr, AB_ACTIVE, alpha * (0.35 + 0.5 * l / (double) MAX (res->layers, 1)));
          else
            ab_set_rgba (cr, AB_BORDER, MAX (alpha, 0.4));
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }
  /* the furthest position of the top visible layer and the w keys it reads */
  if (top >= 1)
    {
      int p = res->furthest[top];
      double y = y_bottom - top * cell_h;   /* the row below top */
      cairo_save (cr);
      ab_set_rgb (cr, AB_TEXT);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, x0 + (p - res->window + 1) * cell_w + 0.5, y + 0.5, res->window * cell_w - 1,
                       cell_h - 1);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 2.5);
      ab_set_rgb (cr, AB_ACTIVE);
      cairo_rectangle (cr, x0 + p * cell_w, y - cell_h, cell_w, cell_h);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  /* the position axis: every few positions */
  for (int i = 0; i < res->n; i += res->window - 1)
    {
      g_autofree char *t = g_strdup_printf ("%d", i);
      ab_text (cr, AB_TEXT_SMALL, t, x0 + (i + 0.5) * cell_w, y_bottom + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("position →"), x0 + (res->n * cell_w) / 2, y_bottom + small_h + 8, AB_TEXT_DIM,
           AB_ALIGN_CENTER, -1);
}

static void
draw_buffer (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("The rolling buffer");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, y, slot_w, slot_h, label_h, value_h;
  double fade = ab_tween (position, STEP_REACH, STEP_BUFFER), bar_w, before;
  g_autofree char *ctx = ab_format_count (res->context);
  g_autofree char *full = ab_format_bytes ((double) res->full_bytes);
  g_autofree char *roll = ab_format_bytes ((double) res->rolling_bytes);
  g_autofree char *slots = g_strdup_printf (_("After %d tokens the kernel’s %d slots hold positions:"), res->n,
                                            res->window);
  g_autofree char *model = g_strdup_printf (_("%s at N = %s (BF16):"), res->preset->name, ctx);
  g_autofree char *full_l = g_strdup_printf (_("full cache %s"), full);
  g_autofree char *win = ab_format_count ((guint64) res->preset->window);
  g_autofree char *roll_l = g_strdup_printf (_("window %s: %s"), win, roll);
  g_autofree char *ratio = ab_format_trimmed ((double) res->full_bytes / res->rolling_bytes, 1);
  g_autofree char *ratio_l = g_strdup_printf (_("%s× smaller, and constant beyond N = %s"), ratio, win);
  int newest = res->n - 1;
  g_autofree char *wrap = g_strdup_printf (_("The newest, position %d, went to slot %d mod %d = %d, "
                                             "overwriting position %d, which had left the window."),
                                           newest, newest, res->window, newest % res->window,
                                           newest - res->window);

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  y = panel.y + 14 + heading + pad;
  /* the introduction gives its room to the bytes when they arrive */
  if (fade <= 0)
    y += ab_text (cr, AB_TEXT_LABEL, _("A layer with a w-key window never reads further back than w tokens, so "
                                       "decoding keeps only the last w tokens’ K and V."),
                  panel.x + pad, y, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad) + pad;
  y += ab_text (cr, AB_TEXT_LABEL, slots, panel.x + pad, y, AB_TEXT, AB_ALIGN_LEFT, panel.w - 2 * pad) + 8;
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "00", -1, NULL, &value_h);
  slot_w = (panel.w - 2 * pad) / res->window;
  slot_h = value_h * 2 + 10;
  for (int s = 0; s < res->window; s++)
    {
      double x = panel.x + pad + s * slot_w;
      g_autofree char *pos = g_strdup_printf ("%d", res->slot_pos[s]);
      g_autofree char *idx = g_strdup_printf ("#%d", s);
      gboolean newest = res->slot_pos[s] == res->n - 1;

      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { x + 2, y, slot_w - 4, slot_h }, 4);
      ab_set_rgba (cr, AB_SRAM, newest ? 0.6 : 0.3);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE_SMALL, pos, x + slot_w / 2, y + 4, AB_TEXT, AB_ALIGN_CENTER, -1);
      ab_text (cr, AB_TEXT_VALUE_SMALL, idx, x + slot_w / 2, y + value_h + 6, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  y += slot_h + 8;
  y += ab_text (cr, AB_TEXT_LABEL, wrap, panel.x + pad, y, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad) + 2 * pad;
  if (fade <= 0)
    return;
  before = ab_fade_begin (cr, fade);
  y += ab_text (cr, AB_TEXT_LABEL, model, panel.x + pad, y, AB_TEXT, AB_ALIGN_LEFT, panel.w - 2 * pad) + 6;
  ab_text_measure (cr, AB_TEXT_LABEL, full_l, -1, NULL, &label_h);
  bar_w = panel.w - 2 * pad;
  for (int b = 0; b < 2; b++)
    {
      double w = b == 0 ? bar_w : bar_w * res->rolling_bytes / (double) res->full_bytes;
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { panel.x + pad, y, MAX (w, 3), label_h + 16 }, 4);
      ab_set_rgba (cr, b == 0 ? AB_HBM : AB_SRAM, 0.7);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_LABEL, b == 0 ? full_l : roll_l, b == 0 ? panel.x + pad + 8 : panel.x + pad + MAX (w, 3) + 8,
               y + 8, AB_TEXT, AB_ALIGN_LEFT, -1);
      y += label_h + 24;
    }
  ab_text (cr, AB_TEXT_BODY_STRONG, ratio_l, panel.x + pad, y, AB_TEXT, AB_ALIGN_LEFT, panel.w - 2 * pad);
  ab_fade_end (cr, before);
}

static void
draw_note (const Result *res, cairo_t *cr, AbRect r, double position)
{
  g_autofree char *nominal = ab_format_count ((guint64) res->nominal);
  g_autofree char *reach = ab_format_count ((guint64) res->model_reach);
  g_autofree char *line = g_strdup_printf (_("Reach after L = %d layers of w = %d keys: L · (w − 1) = <b>%d</b> "
                                             "positions back (token 0 arrives at position %d)."),
                                           res->layers, res->window, res->layers * (res->window - 1),
                                           res->furthest[res->layers]);
  g_autofree char *win = ab_format_count ((guint64) res->preset->window);
  g_autofree char *mistral = g_strdup_printf (_("Mistral 7B (%d layers, window %s) quotes L · W = %s, counting W "
                                                "positions back per layer; with w keys including the token itself "
                                                "it is L · (w − 1) = %s."),
                                              res->preset->layers, win, nominal, reach);

  g_autofree char *one = g_strdup_printf (_("One layer of w = %d keys: position i reads i − %d … i, so token 0 "
                                            "reaches position <b>%d</b> = w − 1."),
                                          res->window, res->window - 1, res->furthest[1]);

  r.y += ab_text (cr, AB_TEXT_BODY, position < STEP_STACK - 0.5 ? one : line, r.x, r.y, AB_TEXT, AB_ALIGN_LEFT,
                  r.w) + 4;
  if (position > STEP_STACK + 0.5)
    ab_text (cr, AB_TEXT_LABEL, mistral, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

static void
ab_sliding_window_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_grid (res, cr, layout->stages[STAGE_GRID], position);
  draw_buffer (res, cr, layout->stages[STAGE_BUFFER], position);
  draw_note (res, cr, layout->stages[STAGE_NOTE], position);
}

static char *
ab_sliding_window_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *full = ab_format_bytes ((double) res->full_bytes);
  g_autofree char *roll = ab_format_bytes ((double) res->rolling_bytes);
  g_autofree char *nominal = ab_format_count ((guint64) res->nominal);
  g_autofree char *ctx = ab_format_count (res->context);

  (void) step;
  return g_strdup_printf (_("With %d layers and a window of %d keys, token 0 reaches position %d: L · (w − 1) = "
                            "%d. The rolling buffer keeps %d slots. Mistral 7B quotes L · W = %s tokens. At "
                            "N = %s its full BF16 cache would take %s; with the window, %s."),
                          res->layers, res->window, res->furthest[res->layers],
                          res->layers * (res->window - 1), res->buffer_len, nominal, ctx, full, roll);
}

static const AbDiagramInfo info = {
  .name = "sliding-window-receptive-field",
  .title = N_("How far a sliding window sees"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_sliding_window_diagram_update, .draw = ab_sliding_window_diagram_draw,
  .describe = ab_sliding_window_diagram_describe,
};

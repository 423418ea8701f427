/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-kv-cache-diagram.c — what one token leaves in the KV cache, MHA → MQA → GQA → MLA
 *
 * Left: one token in one layer of a real model (data/models/models.ini),
 * drawn to scale in values: the query heads along the top, coloured by the
 * K/V head they read, and below them what the cache keeps — a K and a V
 * block per head (MHA), one shared pair (MQA), one pair per group with a
 * bracket over the group (GQA), or one latent c_t with its small RoPE key
 * (MLA). Right: the bytes of one request at the chosen context from
 * src/kernels/kv-cache.c, on a linear axis against the model's BF16
 * weights. A model without a latent is shown under MLA with DeepSeek-V2's
 * d_c = 512 and d_h^R = 64, the plan's comparison (FACTS 64).
 *
 * Steps: MHA → MQA → GQA → MLA → one request at N tokens.
 */
#define G_LOG_DOMAIN "ab-kv-cache-diagram"

#include "ab-kv-cache-diagram.h"
#include "ab-format.h"
#include "ab-draw.h"
#include "ab-model-presets-data.h"
#include "kv-cache.h"

#include <glib/gi18n.h>
#include <stdlib.h>

enum { STEP_MHA, STEP_MQA, STEP_GQA, STEP_MLA, STEP_REQUEST, N_STEPS };
enum { STAGE_BLOCKS, STAGE_BARS, STAGE_SUMMARY, N_STAGES };

/* The weights' reference line: BF16, 2 bytes per parameter (FACTS 51). */
#define WEIGHT_BITS 16

static const char *const contexts[] = { "1k", "2k", "4k", "8k", "16k", "32k", "64k", "128k", NULL };
static const char *const precisions[] = { "bf16", "fp8", NULL };
static const AbKvScheme order[] = { AB_KV_MHA, AB_KV_MQA, AB_KV_GQA, AB_KV_MLA };

AB_DEFINE_PLAIN_DIAGRAM (AbKvCacheDiagram, ab_kv_cache_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · MHA: every query head caches its own K and V"),
  N_("2 · MQA: all query heads share one K and one V head (Shazeer, 2019)"),
  N_("3 · GQA: one K/V head per group of query heads (Ainslie et al., 2023)"),
  N_("4 · MLA: one latent c<sub>t</sub> and a small RoPE key per token (DeepSeek-V2, 2024)"),
  N_("5 · One request at N tokens, against the weights themselves"),
};

static const AbParamSpec params[] = {
  { .key = "model", .label = N_("Model"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 1,
    .choices = ab_model_preset_menu },
  { .key = "context", .label = N_("Context N (tokens)"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 7,
    .choices = contexts },
  { .key = "precision", .label = N_("KV precision"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 0,
    .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("query heads, coloured by the K/V head they read"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("cached K (solid) and V (faded) of a head"), AB_COLOR_HEAD_1, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("MLA latent c<sub>t</sub> and RoPE key k<sup>R</sup>"), AB_COLOR_TEXT, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_MLA) },
  { N_("the model’s weights at BF16"), AB_COLOR_HBM, AB_SWATCH_LINE, AB_STEP (STEP_REQUEST) },
};

static const AbStageSpec stages[N_STAGES] = {
  { 1.3, 1.15, AB_STAGE_ROW }, { 1, 0.8, AB_STAGE_ROW }, { 0.13, 0.24, AB_STAGE_BELOW },
};

typedef struct
{
  const AbModelPreset *preset;
  AbKvShape            shape;
  gboolean             borrowed;      /* MLA dimensions lent from DeepSeek-V2 */
  guint64              n;
  int                  bits;
  guint64              values[AB_KV_N_SCHEMES];      /* per token per layer */
  guint64              per_token[AB_KV_N_SCHEMES];   /* bytes, all layers */
  guint64              per_request[AB_KV_N_SCHEMES]; /* bytes at n */
  guint64              weights;
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_kv_cache_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { 0 };
  const char *precision = precisions[(int) ab_diagram_get_param (diagram, "precision")];
  GError *local = NULL;

  res.preset = ab_model_presets_kv_shape (ab_model_preset_menu[(int) ab_diagram_get_param (diagram, "model")],
                                          &res.shape, &res.borrowed, &local);
  if (res.preset == NULL)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  res.n = (guint64) 1024 << (int) ab_diagram_get_param (diagram, "context");
  res.bits = ab_kv_precision_bits (precision);
  res.weights = ab_kv_weight_bytes (res.preset->params_b, WEIGHT_BITS);
  for (int s = 0; s < AB_KV_N_SCHEMES; s++)
    {
      AbKError err = { 0 };

      res.values[s] = ab_kv_values_per_token_layer (&res.shape, (AbKvScheme) s);
      if (ab_kv_bytes_per_token (&res.shape, (AbKvScheme) s, res.bits, &res.per_token[s], &err) != AB_K_OK
          || ab_kv_bytes_per_request (&res.shape, (AbKvScheme) s, res.bits, res.n, &res.per_request[s], &err)
               != AB_K_OK)
        {
          g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
          return FALSE;
        }
    }
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static char *
ab_kv_cache_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *name = g_markup_escape_text (res->preset->name, -1);

  return g_strdup_printf (_("What one token leaves in the KV cache: %s, %s"), name,
                          res->bits == 8 ? "FP8" : "BF16");
}

/* The K/V head query head @h reads under @scheme. */
static int
group_of (const Result *res, AbKvScheme scheme, int h)
{
  switch (scheme)
    {
    case AB_KV_MHA:
      return h;
    case AB_KV_GQA:
      return h / (res->shape.q_heads / res->shape.kv_heads);
    default:
      return 0;
    }
}

static char *
row_label (const Result *res, AbKvScheme s)
{
  g_autofree char *vals = ab_format_count (res->values[s]);
  g_autofree char *bytes = ab_format_bytes ((double) res->per_token[s]);
  const char *own = (AbKvScheme) res->preset->attention == s ? _(" (this model)") : "";
  char *what;

  switch (s)
    {
    case AB_KV_MHA:
      what = g_strdup_printf (_("%d K,V heads"), res->shape.q_heads);
      break;
    case AB_KV_MQA:
      what = g_strdup (_("1 shared K,V head"));
      break;
    case AB_KV_GQA:
      what = g_strdup_printf (_("%d K,V heads"), res->shape.kv_heads);
      break;
    default:
      what = g_strdup_printf (res->borrowed ? _("c<sub>t</sub> %d + k<sup>R</sup> %d (borrowed)")
                                            : _("c<sub>t</sub> %d + k<sup>R</sup> %d"),
                              res->shape.latent_dim, res->shape.rope_dim);
      break;
    }
  {
    char *label = g_strdup_printf (_("<b>%s</b>%s · %s: %s values/layer · %s/token"),
                                   ab_kv_scheme_name (s), own, what, vals, bytes);
    g_free (what);
    return label;
  }
}

/* A block of @w × @h at (x, y), at least 2 units wide so it shows. */
static void
block (cairo_t *cr, double x, double y, double w, double h, AbRgb c, double alpha)
{
  cairo_rectangle (cr, x, y, MAX (w, 2), h);
  ab_set_rgba (cr, c, alpha);
  cairo_fill (cr);
}

/* A bracket under the query heads [x0, x1] at y, pointing down to (cx, y1). */
static void
bracket (cairo_t *cr, double x0, double x1, double y, double cx, double y1, AbRgb c, double alpha)
{
  double mid = y + (y1 - y) * 0.35;

  cairo_save (cr);
  ab_set_rgba (cr, c, alpha);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x0 + 1, y);
  cairo_line_to (cr, x0 + 1, mid);
  cairo_line_to (cr, x1 - 1, mid);
  cairo_line_to (cr, x1 - 1, y);
  cairo_move_to (cr, (x0 + x1) / 2, mid);
  cairo_line_to (cr, cx, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_row (const Result *res, cairo_t *cr, AbKvScheme s, AbRect r, double alpha, gboolean current)
{
  g_autofree char *label = row_label (res, s);
  int hq = res->shape.q_heads, dh = res->shape.head_dim;
  double label_h, qh, cell, scale, y_q, y_cache, cache_h;

  ab_text_measure (cr, AB_TEXT_LABEL, label, r.w, NULL, &label_h);
  ab_text (cr, AB_TEXT_LABEL, label, r.x, r.y, current ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
  qh = MAX (6, (r.h - label_h) * 0.14);
  cache_h = MAX (8, (r.h - label_h) * 0.28);
  y_q = r.y + label_h + 6;
  y_cache = r.y + r.h - cache_h - 4;
  cell = r.w / hq;
  /* to scale: MHA's 2 · H · d_h values fill the width */
  scale = r.w / (double) res->values[AB_KV_MHA];

  cairo_save (cr);
  for (int h = 0; h < hq; h++)
    block (cr, r.x + h * cell + 0.5, y_q, cell - 1, qh,
           s == AB_KV_MLA ? AB_TEXT_DIM : AB_HEADS[group_of (res, s, h) % 4], alpha * 0.9);

  switch (s)
    {
    case AB_KV_MHA:
      for (int h = 0; h < hq; h++)
        {
          double x = r.x + h * cell + (cell - 2 * dh * scale) / 2;
          /* each query head reads its own pair */
          ab_set_rgba (cr, AB_HEADS[h % 4], alpha * 0.6);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, r.x + (h + 0.5) * cell, y_q + qh + 2);
          cairo_line_to (cr, r.x + (h + 0.5) * cell, y_cache - 2);
          cairo_stroke (cr);
          block (cr, x, y_cache, dh * scale - 0.5, cache_h, AB_HEADS[h % 4], alpha);
          block (cr, x + dh * scale, y_cache, dh * scale - 0.5, cache_h, AB_HEADS[h % 4], alpha * 0.5);
        }
      break;
    case AB_KV_MQA:
    case AB_KV_GQA:
      {
        int groups = s == AB_KV_MQA ? 1 : res->shape.kv_heads;
        double span = r.w / groups;
        for (int g = 0; g < groups; g++)
          {
            double cx = r.x + (g + 0.5) * span, x = cx - dh * scale;
            bracket (cr, r.x + g * span, r.x + (g + 1) * span, y_q + qh + 2, cx, y_cache - 2,
                     AB_HEADS[g % 4], alpha);
            block (cr, x, y_cache, dh * scale, cache_h, AB_HEADS[g % 4], alpha);
            block (cr, x + dh * scale, y_cache, dh * scale, cache_h, AB_HEADS[g % 4], alpha * 0.5);
          }
      }
      break;
    default:
      {
        double lw = res->shape.latent_dim * scale, rw = res->shape.rope_dim * scale;
        double x = r.x + r.w / 2 - (lw + rw) / 2;
        bracket (cr, r.x, r.x + r.w, y_q + qh + 2, r.x + r.w / 2, y_cache - 2, AB_TEXT_DIM, alpha);
        block (cr, x, y_cache, lw, cache_h, AB_TEXT, alpha);
        block (cr, x + lw + 1, y_cache, rw, cache_h, AB_TEXT_DIM, alpha);
      }
      break;
    }
  if (current)
    {
      ab_set_rgb (cr, AB_ACTIVE);
      cairo_set_line_width (cr, 2);
      ab_rounded_rect (cr, (AbRect) { r.x - 6, r.y - 4, r.w + 12, y_cache + cache_h + 4 - (r.y - 4) }, 6);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_blocks (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("One token, one layer: what the cache keeps (to scale)");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, pitch;
  int current = (int) CLAMP (position + 0.5, 0, STEP_MLA);
  AbRect inner;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  inner = (AbRect) { panel.x + pad + 6, panel.y + 14 + heading + pad * 0.6, panel.w - 2 * pad - 12, 0 };
  inner.h = panel.y + panel.h - pad * 0.6 - inner.y;
  pitch = inner.h / 4;
  for (int i = 0; i < 4; i++)
    {
      double reveal = ab_tween (position, i - 1, i);
      AbRect row = { inner.x, inner.y + i * pitch, inner.w, pitch - pad * 0.5 };

      /* rows still to come stand faintly in place, so the panel reads as one
       * comparison */
      double before = ab_fade_begin (cr, 0.15 + 0.85 * reveal);
      draw_row (res, cr, order[i], row, 1, position < STEP_REQUEST && i == current);
      ab_fade_end (cr, before);
    }
}

static void
draw_bars (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  g_autofree char *n = ab_format_count (res->n);
  g_autofree char *title = g_strdup_printf (_("One request at N = %s tokens"), n);
  g_autofree char *weights = ab_format_bytes ((double) res->weights);
  g_autofree char *weights_label = g_strdup_printf (_("weights (BF16) %s"), weights);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, label_w = 0, value_w = 0, label_h, small_h;
  double vmax = 1, pitch, bar_h, wx, fade = ab_tween (position, STEP_MLA, STEP_REQUEST);
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *v = ab_format_bytes ((double) res->per_request[order[i]]);
      double w;
      ab_text_measure (cr, AB_TEXT_LABEL, ab_kv_scheme_name (order[i]), -1, &w, &label_h);
      label_w = MAX (label_w, w);
      ab_text_measure (cr, AB_TEXT_VALUE, v, -1, &w, NULL);
      value_w = MAX (value_w, w);
      vmax = MAX (vmax, (double) res->per_request[order[i]]);
    }
  /* The axis grows to take the weights in when their line appears. */
  vmax += (MAX (vmax, (double) res->weights) - vmax) * fade;
  ab_text_measure (cr, AB_TEXT_SMALL, weights_label, -1, NULL, &small_h);
  plot.x = panel.x + pad + label_w + 10;
  plot.y = panel.y + 14 + heading + small_h + 16;
  plot.w = panel.x + panel.w - pad - value_w - 10 - plot.x;
  plot.h = panel.y + panel.h - pad - small_h - 8 - plot.y;
  pitch = plot.h / 4;
  bar_h = MIN (pitch * 0.5, label_h * 1.8);

  wx = plot.x + plot.w * res->weights / vmax;
  if (fade > 0)
    {
      cairo_save (cr);
      ab_set_rgba (cr, AB_HBM, fade);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, (double[]) { 8, 6 }, 2, 0);
      cairo_move_to (cr, wx, plot.y - 6);
      cairo_line_to (cr, wx, plot.y + plot.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_SMALL, weights_label, CLAMP (wx, plot.x + 60, plot.x + plot.w - 60),
               plot.y - small_h - 10, AB_HBM, AB_ALIGN_CENTER, -1);
    }
  for (int i = 0; i < 4; i++)
    {
      double reveal = ab_tween (position, i - 1, i);
      double bytes = (double) res->per_request[order[i]];
      double y = plot.y + i * pitch + (pitch - bar_h) / 2, x1;
      g_autofree char *v = ab_format_bytes (bytes);
      gboolean over = bytes > res->weights;

      if (reveal <= 0)
        continue;
      x1 = plot.x + plot.w * bytes / vmax * reveal;
      ab_text (cr, AB_TEXT_LABEL, ab_kv_scheme_name (order[i]), plot.x - 10, y + (bar_h - label_h) / 2, AB_TEXT,
               AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { plot.x, y, MAX (x1 - plot.x, 3), bar_h }, 4);
      ab_set_rgba (cr, over && fade > 0.5 ? AB_HBM : AB_ACTIVE, 0.85);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, v, MAX (x1, plot.x + 3) + 8, y + (bar_h - label_h) / 2, AB_TEXT,
               AB_ALIGN_LEFT, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("bytes, linear scale"), plot.x + plot.w / 2, plot.y + plot.h + 4,
           AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

/* The formula of @s with the model's numbers in it. */
static char *
formula (const Result *res, AbKvScheme s)
{
  g_autofree char *tok = ab_format_bytes ((double) res->per_token[s]);
  int kv = s == AB_KV_MHA ? res->shape.q_heads : s == AB_KV_MQA ? 1 : res->shape.kv_heads;
  double bytes = res->bits / 8.0;

  if (s == AB_KV_MLA)
    return g_strdup_printf (_("(d<sub>c</sub> + d<sub>R</sub>) · L · bytes = (%d + %d) · %d · %g B = %s per token"),
                            res->shape.latent_dim, res->shape.rope_dim, res->shape.layers, bytes, tok);
  return g_strdup_printf (_("2 · L · H<sub>kv</sub> · d<sub>head</sub> · bytes = 2 · %d · %d · %d · %g B = %s per token"),
                          res->shape.layers, kv, res->shape.head_dim, bytes, tok);
}

static void
draw_summary (const Result *res, cairo_t *cr, AbRect r, double position)
{
  AbKvScheme s = position < STEP_REQUEST - 0.5 ? order[(int) CLAMP (position + 0.5, 0, STEP_MLA)]
                                               : (AbKvScheme) res->preset->attention;
  g_autofree char *f = formula (res, s);
  g_autofree char *req = ab_format_bytes ((double) res->per_request[s]);
  g_autofree char *n = ab_format_count (res->n);
  g_autofree char *w = ab_format_bytes ((double) res->weights);
  g_autofree char *line = g_strdup_printf (_("<b>%s</b>: %s; × N = %s tokens → <b>%s</b> per request "
                                             "(weights at BF16: %s)."),
                                           ab_kv_scheme_name (s), f, n, req, w);
  g_autofree char *window = NULL;

  r.y += ab_text (cr, AB_TEXT_BODY, line, r.x, r.y, AB_TEXT, AB_ALIGN_LEFT, r.w) + 4;
  if (res->shape.window > 0)
    {
      g_autofree char *w = ab_format_count ((guint64) res->shape.window);
      window = g_strdup_printf (_("%d of %d layers use a %s-token sliding window, so they keep at most %s "
                                  "tokens at any N."),
                                res->shape.window_layers, res->shape.layers, w, w);
    }
  else if (res->borrowed && position > STEP_MLA - 0.5)
    window = g_strdup (_("This model has no latent: its MLA row borrows DeepSeek-V2’s d<sub>c</sub> = 512 and "
                         "d<sub>R</sub> = 64 (arXiv:2405.04434 §3.1.2)."));
  if (window)
    ab_text (cr, AB_TEXT_LABEL, window, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

static void
ab_kv_cache_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_blocks (res, cr, layout->stages[STAGE_BLOCKS], position);
  draw_bars (res, cr, layout->stages[STAGE_BARS], position);
  draw_summary (res, cr, layout->stages[STAGE_SUMMARY], position);
}

static char *
ab_kv_cache_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);
  g_autofree char *n = ab_format_count (res->n);
  g_autofree char *w = ab_format_bytes ((double) res->weights);

  g_string_append_printf (s, _("%s (%d layers, %d query heads, %d K/V heads, head size %d) at %s, context %s "
                               "tokens."),
                          res->preset->name, res->shape.layers, res->shape.q_heads, res->shape.kv_heads,
                          res->shape.head_dim, res->bits == 8 ? "FP8" : "BF16", n);
  for (int i = 0; i < 4; i++)
    {
      AbKvScheme k = order[i];
      g_autofree char *tok = ab_format_bytes ((double) res->per_token[k]);
      g_autofree char *req = ab_format_bytes ((double) res->per_request[k]);
      g_string_append_printf (s, _(" %s: %" G_GUINT64_FORMAT " values per token per layer, %s per token, %s per "
                                   "request."),
                              ab_kv_scheme_name (k), res->values[k], tok, req);
    }
  if (res->borrowed)
    g_string_append (s, _(" MLA uses DeepSeek-V2’s latent of 512 and RoPE key of 64."));
  g_string_append_printf (s, _(" The weights at BF16 take %s."), w);
  (void) step;
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "kv-cache-evolution",
  .title = N_("What one token leaves in the KV cache"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_kv_cache_diagram_update, .draw = ab_kv_cache_diagram_draw,
  .dup_title = ab_kv_cache_diagram_dup_title,
  .describe = ab_kv_cache_diagram_describe,
};

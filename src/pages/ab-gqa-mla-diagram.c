/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-gqa-mla-diagram.c — two tokens' KV cache shrinking under MHA, GQA, MQA and MLA
 *
 * The plan's worked example as a diagram. Left: a toy layer (d_model 8,
 * 4 heads of 4, d_c 4, d_h^R 2, seeded weights) run through the MLA
 * kernel (src/kernels/mla.c) on two tokens; the cells are the values each
 * scheme would cache for them. MHA keeps every head's k^C = W_UK c and
 * v^C = W_UV c; GQA and MQA keep the mean over each group of heads, the
 * way GQA uptraining builds its K/V heads (Ainslie et al., arXiv:2305.13245
 * §2.1, mean pooling); MLA keeps the kernel's own cache rows [c_t; k^R_t].
 * The last step runs the absorbed form on the latent cache and compares it
 * with the explicit form. Right: the same two tokens' bytes in a real model
 * from src/kernels/kv-cache.c (a model without a latent borrows
 * DeepSeek-V2's d_c = 512 and d_h^R = 64, FACTS 64).
 *
 * Steps: MHA → GQA → MQA → MLA's latent → absorbed decoding.
 */
#define G_LOG_DOMAIN "ab-gqa-mla-diagram"

#include "ab-gqa-mla-diagram.h"
#include "ab-components.h"
#include "ab-format.h"
#include "ab-draw.h"
#include "ab-model-presets-data.h"
#include "ab-rng.h"
#include "kv-cache.h"
#include "mla.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_MHA, STEP_GQA, STEP_MQA, STEP_MLA, STEP_ABSORBED, N_STEPS };
enum { STAGE_CACHE, STAGE_BYTES, STAGE_NOTE, N_STAGES };

/* The toy layer: small enough to print every cached value. */
#define D_MODEL 8
#define HEADS   4
#define D_HEAD  4
#define D_C     4
#define D_ROPE  2
#define TOKENS  2
#define GROUPS  2        /* GQA's K/V heads in the toy */
#define SEED    20240507

static const char *const precisions[] = { "bf16", "fp8", NULL };
/* Rows of the left panel in step order. */
static const AbKvScheme order[] = { AB_KV_MHA, AB_KV_GQA, AB_KV_MQA, AB_KV_MLA };

AB_DEFINE_PLAIN_DIAGRAM (AbGqaMlaDiagram, ab_gqa_mla_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · MHA: the two tokens leave every head’s K and V in the cache"),
  N_("2 · GQA: pairs of heads share one K and V (mean-pooled, as GQA uptraining starts)"),
  N_("3 · MQA: one K and one V for all four heads"),
  N_("4 · MLA: cache only the latent c<sub>t</sub> and the shared RoPE key k<sup>R</sup><sub>t</sub>"),
  N_("5 · Absorbed MLA: W<sup>UK</sup> folds into the query, W<sup>UV</sup> into the output — same answer"),
};

static const AbParamSpec params[] = {
  { .key = "model", .label = N_("Model for the bytes"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 1,
    .choices = ab_model_preset_menu },
  { .key = "precision", .label = N_("KV precision"), .kind = AB_PARAM_CHOICE, .step = 1, .default_value = 0,
    .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("a cached value: red negative, blue positive"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("head (group) a K/V belongs to"), AB_COLOR_HEAD_0, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("MLA’s cache: latent c<sub>t</sub> then RoPE key k<sup>R</sup><sub>t</sub>"), AB_COLOR_TEXT,
    AB_SWATCH_LINE, AB_STEPS_FROM (STEP_MLA) },
};

static const AbStageSpec stages[N_STAGES] = {
  { 1.35, 1.05, AB_STAGE_ROW }, { 1, 0.7, AB_STAGE_ROW }, { 0.15, 0.3, AB_STAGE_BELOW },
};

typedef struct
{
  /* the toy: what each scheme caches for token t, [TOKENS][values] */
  double mha[TOKENS][HEADS * 2 * D_HEAD];      /* per head: k^C then v^C */
  double gqa[TOKENS][GROUPS * 2 * D_HEAD];
  double mqa[TOKENS][2 * D_HEAD];
  double mla[TOKENS][D_C + D_ROPE];
  int    cache_values;                         /* ab_mla_cache_values_per_token */
  size_t explicit_values;                      /* H·(2·d_h + d_h^R) */
  double max_diff;                             /* |absorbed − explicit| over both tokens' outputs */
  double scale;                                /* colour scale of the cells */
  /* the real model */
  const AbModelPreset *preset;
  AbKvShape            shape;
  gboolean             borrowed;
  int                  bits;
  guint64              two_tokens[AB_KV_N_SCHEMES];   /* bytes for two tokens, all layers */
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
compute_failed (GError **error, const char *message)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", message);
  return FALSE;
}

/* The toy layer on two seeded tokens: cache, explicit and absorbed outputs. */
static gboolean
run_toy (Result *res, GError **error)
{
  static float w_dkv[D_C * D_MODEL], w_uk[HEADS * D_HEAD * D_C], w_uv[HEADS * D_HEAD * D_C];
  static float w_q[HEADS * D_HEAD * D_MODEL], w_qr[HEADS * D_ROPE * D_MODEL], w_kr[D_ROPE * D_MODEL];
  static float w_o[D_MODEL * HEADS * D_HEAD], x[TOKENS * D_MODEL];
  float u_explicit[TOKENS * D_MODEL], u_absorbed[TOKENS * D_MODEL];
  AbMlaDims dims = { .d_model = D_MODEL, .n_heads = HEADS, .d_head = D_HEAD, .d_rope = D_ROPE, .d_latent = D_C };
  AbMlaWeights w = { w_dkv, w_uk, w_uv, w_q, w_qr, w_kr, w_o };
  AbMlaAbsorbed absorbed = { 0 };
  AbMlaCache cache = { 0 };
  AbAttnError err = { 0 };
  gboolean ok = FALSE;
  AbRng rng;

  ab_rng_init (&rng, SEED);
  ab_rng_fill_normal (&rng, w_dkv, G_N_ELEMENTS (w_dkv), 1 / sqrt (D_MODEL));
  ab_rng_fill_normal (&rng, w_uk, G_N_ELEMENTS (w_uk), 1 / sqrt (D_C));
  ab_rng_fill_normal (&rng, w_uv, G_N_ELEMENTS (w_uv), 1 / sqrt (D_C));
  ab_rng_fill_normal (&rng, w_q, G_N_ELEMENTS (w_q), 1 / sqrt (D_MODEL));
  ab_rng_fill_normal (&rng, w_qr, G_N_ELEMENTS (w_qr), 1 / sqrt (D_MODEL));
  ab_rng_fill_normal (&rng, w_kr, G_N_ELEMENTS (w_kr), 1 / sqrt (D_MODEL));
  ab_rng_fill_normal (&rng, w_o, G_N_ELEMENTS (w_o), 1 / sqrt (HEADS * D_HEAD));
  ab_rng_fill_normal (&rng, x, G_N_ELEMENTS (x), 1);

  if (ab_mla_forward_explicit (&dims, &w, AB_ATTN_NAIVE, TOKENS, x, u_explicit, &err) != AB_ATTN_OK
      || ab_mla_absorb (&dims, &w, &absorbed, &err) != AB_ATTN_OK
      || ab_mla_cache_init (&cache, &dims, TOKENS, &err) != AB_ATTN_OK
      || ab_mla_cache_append (&cache, &dims, &w, x, TOKENS, &err) != AB_ATTN_OK
      || ab_mla_forward_absorbed (&dims, &w, &absorbed, &cache, AB_ATTN_NAIVE, TOKENS, x, u_absorbed, &err)
           != AB_ATTN_OK)
    {
      compute_failed (error, err.message);
      goto out;
    }
  res->cache_values = ab_mla_cache_values_per_token (&cache);
  res->explicit_values = ab_mla_explicit_values_per_token (&dims);
  for (int i = 0; i < TOKENS * D_MODEL; i++)
    res->max_diff = MAX (res->max_diff, fabs ((double) u_absorbed[i] - u_explicit[i]));

  for (int t = 0; t < TOKENS; t++)
    {
      const float *row = cache.rows + (size_t) t * res->cache_values;

      for (int j = 0; j < D_C + D_ROPE; j++)
        res->mla[t][j] = row[j];
      /* k^C_i = W_UK,i c and v^C_i = W_UV,i c: what the explicit form caches */
      for (int h = 0; h < HEADS; h++)
        for (int r = 0; r < D_HEAD; r++)
          {
            double k = 0, v = 0;
            for (int j = 0; j < D_C; j++)
              {
                k += w_uk[(h * D_HEAD + r) * D_C + j] * row[j];
                v += w_uv[(h * D_HEAD + r) * D_C + j] * row[j];
              }
            res->mha[t][h * 2 * D_HEAD + r] = k;
            res->mha[t][h * 2 * D_HEAD + D_HEAD + r] = v;
          }
      /* mean pooling over heads is linear, so pooling the projections
       * pools the cached vectors the same way */
      for (int j = 0; j < 2 * D_HEAD; j++)
        {
          double all = 0;
          for (int g = 0; g < GROUPS; g++)
            {
              double sum = 0;
              for (int h = g * (HEADS / GROUPS); h < (g + 1) * (HEADS / GROUPS); h++)
                sum += res->mha[t][h * 2 * D_HEAD + j];
              res->gqa[t][g * 2 * D_HEAD + j] = sum / (HEADS / GROUPS);
              all += sum;
            }
          res->mqa[t][j] = all / HEADS;
        }
    }
  res->scale = 0;
  for (int t = 0; t < TOKENS; t++)
    for (int j = 0; j < HEADS * 2 * D_HEAD; j++)
      res->scale = MAX (res->scale, fabs (res->mha[t][j]));
  ok = TRUE;
out:
  ab_mla_cache_clear (&cache);
  ab_mla_absorbed_clear (&absorbed);
  return ok;
}

static gboolean
ab_gqa_mla_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { 0 };
  GError *local = NULL;

  if (!run_toy (&res, error))
    return FALSE;
  res.preset = ab_model_presets_kv_shape (ab_model_preset_menu[(int) ab_diagram_get_param (diagram, "model")],
                                          &res.shape, &res.borrowed, &local);
  if (res.preset == NULL)
    {
      compute_failed (error, local->message);
      g_error_free (local);
      return FALSE;
    }
  res.bits = ab_kv_precision_bits (precisions[(int) ab_diagram_get_param (diagram, "precision")]);
  for (int s = 0; s < AB_KV_N_SCHEMES; s++)
    {
      AbKError err = { 0 };
      if (ab_kv_bytes_per_request (&res.shape, (AbKvScheme) s, res.bits, TOKENS, &res.two_tokens[s], &err)
          != AB_K_OK)
        return compute_failed (error, err.message);
    }
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static const double *
toy_values (const Result *res, AbKvScheme s, int t, int *n, int *groups)
{
  switch (s)
    {
    case AB_KV_MHA:
      *n = HEADS * 2 * D_HEAD, *groups = HEADS;
      return res->mha[t];
    case AB_KV_GQA:
      *n = GROUPS * 2 * D_HEAD, *groups = GROUPS;
      return res->gqa[t];
    case AB_KV_MQA:
      *n = 2 * D_HEAD, *groups = 1;
      return res->mqa[t];
    default:
      *n = D_C + D_ROPE, *groups = 0;
      return res->mla[t];
    }
}

static char *
toy_label (AbKvScheme s)
{
  switch (s)
    {
    case AB_KV_MHA:
      return g_strdup_printf (_("<b>MHA</b> · %d heads × (K %d + V %d) = %d values per token"), HEADS, D_HEAD,
                              D_HEAD, HEADS * 2 * D_HEAD);
    case AB_KV_GQA:
      return g_strdup_printf (_("<b>GQA</b> · %d K/V heads × (K %d + V %d) = %d values per token"), GROUPS, D_HEAD,
                              D_HEAD, GROUPS * 2 * D_HEAD);
    case AB_KV_MQA:
      return g_strdup_printf (_("<b>MQA</b> · 1 K/V head: K %d + V %d = %d values per token"), D_HEAD, D_HEAD,
                              2 * D_HEAD);
    default:
      return g_strdup_printf (_("<b>MLA</b> · c<sub>t</sub> %d + k<sup>R</sup><sub>t</sub> %d = %d values per token"),
                              D_C, D_ROPE, D_C + D_ROPE);
    }
}

static void
draw_cache (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Two tokens in a toy layer: every value each scheme caches");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, label_h, tok_w = 0, pitch, cell, cell_h;
  int current = (int) CLAMP (position + 0.5, 0, STEP_MLA);
  const char *toks[TOKENS] = { "t₁", "t₂" };
  AbRect inner;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_SYMBOL, "t₂", -1, &tok_w, NULL);
  inner = (AbRect) { panel.x + pad + 6, panel.y + 14 + heading + pad * 0.5, panel.w - 2 * pad - 12, 0 };
  inner.h = panel.y + panel.h - pad * 0.5 - inner.y;
  pitch = inner.h / 4;
  cell = (inner.w - tok_w - 10) / (HEADS * 2 * D_HEAD);
  for (int i = 0; i < 4; i++)
    {
      AbKvScheme s = order[i];
      double reveal = ab_tween (position, i - 1, i), y = inner.y + i * pitch;
      g_autofree char *label = toy_label (s);
      gboolean is_current = i == current && position < STEP_ABSORBED + 0.5;

      /* rows still to come stand faintly in place */
      double before = ab_fade_begin (cr, 0.15 + 0.85 * reveal);

      ab_text_measure (cr, AB_TEXT_LABEL, label, inner.w, NULL, &label_h);
      ab_text (cr, AB_TEXT_LABEL, label, inner.x, y, is_current ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, inner.w);
      cell_h = MIN (cell * 1.3, (pitch - label_h - pad) / TOKENS - 4);
      for (int t = 0; t < TOKENS; t++)
        {
          int n, groups;
          const double *v = toy_values (res, s, t, &n, &groups);
          double ry = y + label_h + 4 + t * (cell_h + 4), x0 = inner.x + tok_w + 10;

          ab_text (cr, AB_TEXT_SYMBOL, toks[t], inner.x, ry + (cell_h - pad) / 2 - 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
          cairo_save (cr);
          ab_draw_vector (cr, (AbRect) { x0, ry, cell * n, cell_h }, v, n, res->scale, NULL, 1);
          /* a coloured rule under each head's (or group's) K and V */
          cairo_set_line_width (cr, 3);
          if (groups > 0)
            for (int g = 0; g < groups; g++)
              {
                ab_set_rgb (cr, AB_HEADS[g % 4]);
                cairo_move_to (cr, x0 + g * 2 * D_HEAD * cell + 1, ry + cell_h + 2);
                cairo_line_to (cr, x0 + (g + 1) * 2 * D_HEAD * cell - 1, ry + cell_h + 2);
                cairo_stroke (cr);
              }
          else
            {
              ab_set_rgb (cr, AB_TEXT);
              cairo_move_to (cr, x0 + 1, ry + cell_h + 2);
              cairo_line_to (cr, x0 + D_C * cell - 1, ry + cell_h + 2);
              cairo_stroke (cr);
              ab_set_rgb (cr, AB_TEXT_DIM);
              cairo_move_to (cr, x0 + D_C * cell + 1, ry + cell_h + 2);
              cairo_line_to (cr, x0 + (D_C + D_ROPE) * cell - 1, ry + cell_h + 2);
              cairo_stroke (cr);
            }
          cairo_restore (cr);
        }
      if (is_current)
        {
          cairo_save (cr);
          ab_set_rgb (cr, AB_ACTIVE);
          cairo_set_line_width (cr, 2);
          ab_rounded_rect (cr, (AbRect) { inner.x - 6, y - 4, inner.w + 12,
                                          label_h + 8 + TOKENS * (cell_h + 4) + 4 }, 6);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      ab_fade_end (cr, before);
    }
}

static void
draw_bytes (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  g_autofree char *name = g_markup_escape_text (res->preset->name, -1);
  g_autofree char *title = g_strdup_printf (_("The same two tokens in %s (%d layers, %s)"), name,
                                            res->shape.layers, res->bits == 8 ? "FP8" : "BF16");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, label_w = 0, value_w = 0, label_h, pitch, bar_h;
  double vmax = (double) res->two_tokens[AB_KV_MHA];
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *v = ab_format_bytes ((double) res->two_tokens[order[i]]);
      double w;
      ab_text_measure (cr, AB_TEXT_LABEL, ab_kv_scheme_name (order[i]), -1, &w, &label_h);
      label_w = MAX (label_w, w);
      ab_text_measure (cr, AB_TEXT_VALUE, v, -1, &w, NULL);
      value_w = MAX (value_w, w);
      vmax = MAX (vmax, (double) res->two_tokens[order[i]]);
    }
  plot.x = panel.x + pad + label_w + 10;
  plot.y = panel.y + 14 + heading + pad;
  plot.w = panel.x + panel.w - pad - value_w - 10 - plot.x;
  plot.h = panel.y + panel.h - pad - plot.y;
  pitch = plot.h / 4;
  bar_h = MIN (pitch * 0.45, label_h * 1.8);
  for (int i = 0; i < 4; i++)
    {
      double reveal = ab_tween (position, i - 1, i), bytes = (double) res->two_tokens[order[i]];
      double y = plot.y + i * pitch + (pitch - bar_h) / 2, x1 = plot.x + plot.w * bytes / vmax * reveal;
      g_autofree char *v = ab_format_bytes (bytes);

      if (reveal <= 0)
        continue;
      ab_text (cr, AB_TEXT_LABEL, ab_kv_scheme_name (order[i]), plot.x - 10, y + (bar_h - label_h) / 2, AB_TEXT,
               AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { plot.x, y, MAX (x1 - plot.x, 3), bar_h }, 4);
      ab_set_rgba (cr, AB_ACTIVE, 0.85);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE, v, MAX (x1, plot.x + 3) + 8, y + (bar_h - label_h) / 2, AB_TEXT, AB_ALIGN_LEFT,
               -1);
    }
}

static void
draw_note (const Result *res, cairo_t *cr, AbRect r, double position)
{
  g_autofree char *line = NULL;
  g_autofree char *diff = NULL;

  if (position < STEP_MHA + 0.5)
    {
      g_autofree char *two = ab_format_bytes ((double) res->two_tokens[AB_KV_MHA]);
      line = g_strdup_printf (_("Under MHA the two tokens take %s in %s: every one of its %d heads keeps a K and a V "
                                "in each of %d layers. Each scheme after this keeps fewer; queries stay per head."),
                              two, res->preset->name, res->shape.q_heads, res->shape.layers);
    }
  else if (position < STEP_MLA - 0.5)
    {
      double ratio = (double) res->two_tokens[AB_KV_MHA] / res->two_tokens[order[(int) CLAMP (position + 0.5, 0, 3)]];
      g_autofree char *x = ab_format_trimmed (ratio, 1);
      line = g_strdup_printf (_("Every step keeps fewer values per token; queries stay per head. In %s the cache "
                                "is %s× smaller than MHA’s."),
                              res->preset->name, x);
    }
  else if (position < STEP_ABSORBED - 0.5)
    line = g_strdup_printf (_("The MLA kernel’s cache holds %d floats per token per layer (d<sub>c</sub> + "
                              "d<sup>R</sup>); its explicit form would keep H · (2 d<sub>h</sub> + d<sup>R</sup>) = "
                              "%" G_GSIZE_FORMAT ". Keys and values are rebuilt from c<sub>t</sub> by "
                              "W<sup>UK</sup> and W<sup>UV</sup>."),
                            res->cache_values, res->explicit_values);
  else
    {
      diff = g_strdup_printf ("%.1e", res->max_diff);
      line = g_strdup_printf (_("q·(W<sup>UK</sup> c) = (W<sup>UK</sup><sup>⊤</sup> q)·c: decoding attends over the "
                                "%d-float rows directly. Absorbed vs explicit outputs of both tokens: largest "
                                "difference %s (float rounding)."),
                              res->cache_values, diff);
    }
  r.y += ab_text (cr, AB_TEXT_BODY, line, r.x, r.y, AB_TEXT, AB_ALIGN_LEFT, r.w) + 4;
  if (res->borrowed && position > STEP_MLA - 0.5)
    ab_text (cr, AB_TEXT_LABEL, _("The bytes: this model has no latent, so MLA borrows DeepSeek-V2’s d<sub>c</sub> = 512, "
                                  "d<sup>R</sup> = 64 (arXiv:2405.04434 §3.1.2)."),
             r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

static void
ab_gqa_mla_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_cache (res, cr, layout->stages[STAGE_CACHE], position);
  draw_bytes (res, cr, layout->stages[STAGE_BYTES], position);
  draw_note (res, cr, layout->stages[STAGE_NOTE], position);
}

static char *
ab_gqa_mla_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("A toy layer of %d heads caches, per token: MHA %d values, GQA with %d K/V heads "
                               "%d, MQA %d, MLA %d (latent %d plus RoPE key %d). The same two tokens in %s at "
                               "%s:"),
                          HEADS, HEADS * 2 * D_HEAD, GROUPS, GROUPS * 2 * D_HEAD, 2 * D_HEAD, res->cache_values,
                          D_C, D_ROPE, res->preset->name, res->bits == 8 ? "FP8" : "BF16");
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *b = ab_format_bytes ((double) res->two_tokens[order[i]]);
      g_string_append_printf (s, " %s %s%s", ab_kv_scheme_name (order[i]), b, i < 3 ? "," : ".");
    }
  if (step >= STEP_ABSORBED)
    g_string_append_printf (s, _(" Absorbed and explicit MLA outputs differ by at most %.1e."), res->max_diff);
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "gqa-mla-walkthrough",
  .title = N_("Two tokens’ KV cache, shrinking"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_gqa_mla_diagram_update, .draw = ab_gqa_mla_diagram_draw,
  .describe = ab_gqa_mla_diagram_describe,
};

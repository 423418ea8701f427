/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-serving-stack-diagram.c — "serving-stack": how a production server
 * stacks the Part 4 techniques, each layer with the number it buys
 *
 * A static stack, built up one layer per step, for Llama 3 70B (its shape
 * from data/models/models.ini) on one 8 × H100 node (gpu-specs.h): GQA
 * shrinks the bytes per token (kv-cache.c), PagedAttention and continuous
 * batching pack the cache (serving-sim.c, its default seeded workload),
 * ring attention spreads one long sequence over the devices (kv-cache.c
 * again, divided across the ring), speculative decoding emits several
 * tokens per target pass (spec-decode.c, closed form and simulation). No
 * number here is typed in: each is computed from those kernels.
 *
 * Steps: GQA → paged KV → continuous batching → ring attention →
 * speculative decoding.
 */
#define G_LOG_DOMAIN "ab-serving-stack-diagram"

#include "ab-serving-stack-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-model-presets-data.h"
#include "gpu-specs.h"
#include "kv-cache.h"
#include "serving-sim.h"
#include "spec-decode.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pango.h>

enum { LAYER_GQA, LAYER_PAGED, LAYER_BATCH, LAYER_RING, LAYER_SPEC, N_LAYERS };

#define MODEL      "llama-3-70b"
#define N_GPUS     8          /* one HGX node */
#define CONTEXT    8192       /* tokens per request, Llama 3's context (models.ini) */
#define LONG_CTX   1048576    /* one long request for the ring layer */
#define SPEC_ALPHA 0.8        /* an illustrative acceptance rate */
#define SPEC_K     4
#define SIM_STEPS  400

AB_DEFINE_PLAIN_DIAGRAM (AbServingStackDiagram, ab_serving_stack_diagram, info)

static const char *const steps[] = {
  N_("1 · The model: grouped-query attention caches 8 K/V heads instead of 64"),
  N_("2 · The memory: PagedAttention hands out 16-token blocks as tokens arrive, not max-length reservations"),
  N_("3 · The scheduler: continuous batching admits and retires requests at every decode step"),
  N_("4 · Long context: ring attention splits one sequence's K/V over the devices"),
  N_("5 · Latency: speculative decoding emits several tokens per pass of the big model"),
};

static const AbLegendSpec legend[] = {
  { N_("layer added at this step"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("layers already in the stack"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("layers still to come"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEPS_ALL },
};

typedef struct
{
  char     model[64];
  double   budget;                 /* KV bytes left on the node after the weights */
  uint64_t mha_token, gqa_token;   /* bytes per token */
  uint64_t mha_request, gqa_request, long_request;
  double   util[AB_SERVE_N_SYSTEMS];     /* mean over the run */
  double   running[AB_SERVE_N_SYSTEMS];  /* mean concurrent requests */
  int      finished[AB_SERVE_N_SYSTEMS], rejected[AB_SERVE_N_SYSTEMS], sim_steps, n_requests;
  double   spec_closed, spec_sim;
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
fail (GError **error, const char *what, const char *message, gpointer res)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s: %s", what, message);
  g_free (res);
  return FALSE;
}

static gboolean
run_serving (Result *res, GError **error)
{
  AbServeConfig cfg;
  g_autofree AbServeMetrics *naive = g_new0 (AbServeMetrics, SIM_STEPS);
  g_autofree AbServeMetrics *paged = g_new0 (AbServeMetrics, SIM_STEPS);
  const AbServeMetrics *m[AB_SERVE_N_SYSTEMS] = { naive, paged };
  AbKError err = { 0 };
  int n = 0;

  ab_serve_config_default (&cfg);
  if (ab_serve_sim_run (&cfg, SIM_STEPS, naive, paged, &n, &err) != AB_K_OK || n <= 0)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "serving simulator: %s", err.message);
      return FALSE;
    }
  res->sim_steps = n;
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      for (int i = 0; i < n; i++)
        {
          res->util[k] += m[k][i].utilisation / n;
          res->running[k] += (double) m[k][i].running / n;
        }
      res->finished[k] = m[k][n - 1].finished;
      res->rejected[k] = m[k][n - 1].rejected;
      res->n_requests = m[k][n - 1].arrived;
    }
  return TRUE;
}

static gboolean
ab_serving_stack_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  const AbModelPreset *preset;
  const AbGpuSpec *h100 = ab_gpu_spec (AB_GPU_H100);
  AbKvShape shape;
  AbKError err = { 0 };
  AbSpecResult spec;

  if (!(preset = ab_model_presets_lookup (MODEL, error)))
    {
      g_free (res);
      return FALSE;
    }
  g_strlcpy (res->model, preset->name, sizeof res->model);
  ab_kv_shape_from_preset (preset, &shape);
  /* HBM is a decimal figure (gpu-specs.h); the weights are params × 2 bytes (BF16, FACTS 51). */
  res->budget = N_GPUS * h100->hbm_gb * 1e9 - preset->params_b * 1e9 * 2;
  if (ab_kv_bytes_per_token (&shape, AB_KV_MHA, 16, &res->mha_token, &err) != AB_K_OK
      || ab_kv_bytes_per_token (&shape, AB_KV_GQA, 16, &res->gqa_token, &err) != AB_K_OK
      || ab_kv_bytes_per_request (&shape, AB_KV_MHA, 16, CONTEXT, &res->mha_request, &err) != AB_K_OK
      || ab_kv_bytes_per_request (&shape, AB_KV_GQA, 16, CONTEXT, &res->gqa_request, &err) != AB_K_OK
      || ab_kv_bytes_per_request (&shape, AB_KV_GQA, 16, LONG_CTX, &res->long_request, &err) != AB_K_OK)
    return fail (error, "KV cache", err.message, res);
  if (!run_serving (res, error))
    {
      g_free (res);
      return FALSE;
    }
  res->spec_closed = ab_spec_expected_tokens (SPEC_ALPHA, SPEC_K);
  if (ab_spec_simulate (SPEC_ALPHA, SPEC_K, 2000, 1, NULL, &spec, &err) != AB_K_OK)
    return fail (error, "speculative decoding", err.message, res);
  res->spec_sim = spec.mean;
  ab_diagram_set_result (diagram, res, g_free);
  return TRUE;
}

static char *
ab_serving_stack_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);

  return g_strdup_printf (_("The serving stack: %s on %d × H100"), res->model, N_GPUS);
}

/* Each layer's name, what it is, and the number it buys. */
static void
layer_text (const Result *res, int layer, char **name, char **what, char **number)
{
  g_autofree char *mha = ab_format_bytes ((double) res->mha_token);
  g_autofree char *gqa = ab_format_bytes ((double) res->gqa_token);
  g_autofree char *budget = ab_format_bytes (res->budget);
  g_autofree char *longr = ab_format_bytes ((double) res->long_request);
  g_autofree char *per_dev = ab_format_bytes ((double) res->long_request / N_GPUS);
  g_autofree char *ctx = ab_format_count (CONTEXT), *lctx = ab_format_count (LONG_CTX);

  switch (layer)
    {
    case LAYER_GQA:
      *name = g_strdup (_("Grouped-query attention"));
      *what = g_strdup_printf (_("%s per token instead of %s (MHA); %s of the node's HBM is left for KV after "
                                 "the BF16 weights"), gqa, mha, budget);
      *number = g_strdup_printf (_("<b>%d</b> vs %d requests of %s tokens fit"),
                                 (int) (res->budget / res->gqa_request), (int) (res->budget / res->mha_request), ctx);
      break;
    case LAYER_PAGED:
      *name = g_strdup (_("PagedAttention (vLLM)"));
      *what = g_strdup_printf (_("block tables map each sequence's logical blocks to free physical blocks; "
                                 "parallel samples share their prompt (simulator: %d requests, %d steps)"),
                               res->n_requests, res->sim_steps);
      *number = g_strdup_printf (_("KV slots in use <b>%.0f %%</b> vs %.0f %% with contiguous reservations"),
                                 100 * res->util[AB_SERVE_PAGED], 100 * res->util[AB_SERVE_NAIVE]);
      break;
    case LAYER_BATCH:
      *name = g_strdup (_("Continuous batching (Orca)"));
      *what = g_strdup (_("the batch is re-formed every iteration: a finished request leaves, a waiting one "
                          "joins, nobody waits for the slowest (the simulator batches both pools this way)"));
      *number = g_strdup_printf (_("<b>%.1f</b> requests in flight with paged KV vs %.1f contiguous · %d vs %d of "
                                   "%d turned away"),
                                 res->running[AB_SERVE_PAGED], res->running[AB_SERVE_NAIVE],
                                 res->rejected[AB_SERVE_PAGED], res->rejected[AB_SERVE_NAIVE], res->n_requests);
      break;
    case LAYER_RING:
      *name = g_strdup (_("Ring attention (long context)"));
      *what = g_strdup_printf (_("one %s-token request needs %s of K/V; split over a ring of %d GPUs, each holds "
                                 "its share while the shards rotate"), lctx, longr, N_GPUS);
      *number = g_strdup_printf (_("<b>%s</b> of K/V per GPU"), per_dev);
      break;
    default:
      *name = g_strdup (_("Speculative decoding"));
      *what = g_strdup_printf (_("a draft model proposes k = %d tokens, the 70B model verifies them in one pass "
                                 "(acceptance α = %.1f assumed)"), SPEC_K, SPEC_ALPHA);
      *number = g_strdup_printf (_("<b>%.2f</b> tokens per pass (simulated %.2f)"), res->spec_closed,
                                 res->spec_sim);
      break;
    }
}

static void
ab_serving_stack_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  AbRect r = layout->stages[0];
  double pad = ab_style_size (cr, AB_TEXT_LABEL), gap = pad * 0.6;
  double card_h = (r.h - gap * (N_LAYERS - 1)) / N_LAYERS;
  gboolean two_col = r.w > 1100;

  /* Top of the stack: the request-facing layer last, as servers draw it. */
  for (int i = 0; i < N_LAYERS; i++)
    {
      int layer = i;
      AbRect card = { r.x, r.y + (N_LAYERS - 1 - i) * (card_h + gap), r.w, card_h };
      double shown = ab_clamp01 (position - layer + 1);
      gboolean current = fabs (position - layer) < 0.5;
      AbRgb accent = current ? AB_ACTIVE : position > layer ? AB_SRAM : AB_MUTED;
      g_autofree char *name = NULL, *what = NULL, *number = NULL, *bold = NULL;
      double text_w, y, nh;
      AbRgb tc = shown > 0 ? AB_TEXT : AB_TEXT_DIM;

      layer_text (res, layer, &name, &what, &number);
      bold = g_strdup_printf ("<b>%s</b>", name);
      cairo_save (cr);
      ab_rounded_rect (cr, card, 8);
      ab_set_rgb (cr, AB_PANEL);
      cairo_fill_preserve (cr);
      ab_set_rgba (cr, accent, 0.4 + 0.6 * shown);
      cairo_set_line_width (cr, current ? 2.5 : 1.5);
      cairo_stroke (cr);
      cairo_rectangle (cr, card.x, card.y + 6, 6, card.h - 12);
      cairo_fill (cr);
      cairo_restore (cr);

      text_w = two_col ? card.w * 0.58 - 2 * pad : card.w - 2 * pad - 6;
      {
        double wh, numh = 0;
        ab_text_measure (cr, AB_TEXT_BODY, bold, text_w, NULL, &nh);
        ab_text_measure (cr, AB_TEXT_LABEL, what, text_w, NULL, &wh);
        if (!two_col)
          ab_text_measure (cr, AB_TEXT_LABEL, number, text_w, NULL, &numh);
        y = card.y + MAX (pad * 0.5, (card.h - nh - 2 - wh - (two_col ? 0 : 4 + numh)) / 2);
      }
      y += ab_text (cr, AB_TEXT_BODY, bold, card.x + pad + 6, y, tc, AB_ALIGN_LEFT, text_w) + 2;
      y += ab_text (cr, AB_TEXT_LABEL, what, card.x + pad + 6, y, AB_TEXT_DIM, AB_ALIGN_LEFT, text_w) + 4;
      if (two_col)
        {
          double h;
          ab_text_measure (cr, AB_TEXT_BODY, number, card.w * 0.42 - 2 * pad, NULL, &h);
          ab_text (cr, AB_TEXT_BODY, number, card.x + card.w - pad, card.y + (card.h - h) / 2,
                   shown > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, card.w * 0.42 - 2 * pad);
        }
      else
        ab_text (cr, AB_TEXT_LABEL, number, card.x + pad + 6, y, shown > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT,
                 text_w);
    }
}

static char *
ab_serving_stack_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("%s on %d H100 GPUs, bottom to top. "), res->model, N_GPUS);
  for (int layer = 0; layer < N_LAYERS; layer++)
    {
      g_autofree char *name = NULL, *what = NULL, *number = NULL, *plain = NULL;
      layer_text (res, layer, &name, &what, &number);
      pango_parse_markup (number, -1, 0, NULL, &plain, NULL, NULL);
      g_string_append_printf (s, "%s: %s; %s. ", name, what, plain ? plain : number);
    }
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "serving-stack",
  .title = N_("The serving stack"),
  AB_TABLE (steps, steps), AB_TABLE (legend, legend),
  .update = ab_serving_stack_diagram_update, .draw = ab_serving_stack_diagram_draw,
  .dup_title = ab_serving_stack_diagram_dup_title,
  .describe = ab_serving_stack_diagram_describe,
};

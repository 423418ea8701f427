/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-backward-diagram.c — "backward-recomputation": what the backward pass
 * reads and writes with and without a stored P.
 *
 * update() runs one real, small problem (one head, seeded N(0, 1) Q, K, V
 * and dO) through ab_flash_forward and ab_flash_backward (src/kernels/
 * attn-backward.c) on one thread, and keeps the backward's IO counters:
 * the bytes it moved per array, and what the standard backward of FA1
 * Algorithm 3 would have moved reading the P a standard forward stored.
 * It also checks the gradients against the double-precision reference
 * (ab_attention_backward_reference). Every number of steps 1–3 is that
 * run's (fp32, as the kernel computes). Step 4 draws memory and traffic
 * against N at the chosen precision: the standard side from D1's IO model
 * (src/kernels/attn-io.h), the FlashAttention side from the backward's own
 * model (ab_flash_backward_model, which the kernel tests hold equal to the
 * counters), marking the run's N.
 *
 * Steps: what the forward leaves → standard backward's passes → tile-by-
 * tile recomputation → memory and traffic against N. The stages are drawn
 * in ab-backward-diagram-draw.c.
 */
#define G_LOG_DOMAIN "ab-backward-diagram"

#include "ab-backward-diagram.h"
#include "ab-backward-diagram-private.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-rng.h"
#include "attention.h"
#include "attn-io.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The run's allocations stay small whatever the parameters. */
#define RUN_BUDGET ((size_t) 64 << 20)

AB_DEFINE_PLAIN_DIAGRAM (AbBackwardDiagram, ab_backward_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · The forward pass keeps only O and the logsumexp L for the backward pass"),
  N_("2 · A standard backward reads the stored P and writes and reads dP and dS: seven N² passes"),
  N_("3 · FlashAttention recomputes each tile of P in SRAM from Q, K and L, uses it, and drops it"),
  N_("4 · Against N: stored P grows as N², recomputation keeps memory linear in N"),
};

static const char *const lengths[] = { "64", "128", "256", "512", NULL };
static const char *const dims[] = { "16", "32", "64", "128", NULL };
static const char *const tiles[] = { "16", "32", "64", "128", NULL };
static const char *const precisions[] = { "fp16", "fp32", NULL };

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Sequence length N of the run"), .kind = AB_PARAM_CHOICE,
    .default_value = 2, .choices = lengths },
  { .key = "d", .label = N_("Head dimension d"), .kind = AB_PARAM_CHOICE, .default_value = 2,
    .choices = dims },
  { .key = "tile", .label = N_("Tile rows (Q tiles and K/V tiles)"), .kind = AB_PARAM_CHOICE, .default_value = 2,
    .choices = tiles },
  { .key = "causal", .label = N_("Causal mask"), .kind = AB_PARAM_TOGGLE, .default_value = 0 },
  { .key = "precision", .label = N_("Precision of the curves (step 4)"), .kind = AB_PARAM_CHOICE,
    .default_value = 0, .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("standard attention: kept in or moved through HBM"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("FlashAttention: kept in or moved through HBM"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("recomputed in on-chip SRAM, never stored"), AB_COLOR_SRAM, AB_SWATCH_BOX,
    AB_STEPS_FROM (STEP_FLASH) },
};

/* The picture beside the run's ledger, over a strip of readouts. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.2, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW }, { 0.12, 0.2, AB_STAGE_BELOW },
};

static void
result_free (gpointer data)
{
  Result *res = data;
  g_free (res->tile_mask);
  g_free (res);
}

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static int
choice (AbDiagram *diagram, const char *key, const char *const *labels)
{
  return atoi (labels[(int) ab_diagram_get_param (diagram, key)]);
}

static double
max_abs_err (const float *x, const double *ref, size_t n, double *mag)
{
  double e = 0;
  *mag = 0;
  for (size_t i = 0; i < n; i++)
    {
      e = MAX (e, fabs ((double) x[i] - ref[i]));
      *mag = MAX (*mag, fabs (ref[i]));
    }
  return e;
}

/* Which (Q tile, K/V tile) pairs the causal mask leaves work in; N_q = N_kv,
 * so query i sees keys j ≤ i. */
static void
tile_map (Result *res)
{
  res->tile_mask = g_new (guint8, (size_t) res->tr * res->tc);
  for (int i = 0; i < res->tr; i++)
    for (int j = 0; j < res->tc; j++)
      {
        int r0 = i * res->tile, r1 = MIN (r0 + res->tile, res->n) - 1;
        int c0 = j * res->tile, c1 = MIN (c0 + res->tile, res->n) - 1;
        TileMask m = TILE_ALL;
        if (res->causal)
          m = c0 > r1 ? TILE_NONE : c1 <= r0 ? TILE_ALL : TILE_SOME;
        res->tile_mask[i * res->tc + j] = m;
      }
}

static gboolean
run_kernels (Result *res, GError **error)
{
  const int n = res->n, d = res->d;
  const size_t nf = (size_t) n * d;
  AbAttnShape shape = { .n_q = n, .n_kv = n, .d = d, .causal = res->causal };
  /* one thread: the counters and the tile order are the algorithm's own */
  AbAttnOptions opts = { .block_q = res->tile, .block_k = res->tile, .threads = 1,
                         .mem_budget = RUN_BUDGET };
  float *buf = g_new (float, 8 * nf + n);
  float *q = buf, *k = q + nf, *v = k + nf, *g = v + nf, *o = g + nf;
  float *dq = o + nf, *dk = dq + nf, *dv = dk + nf, *lse = dv + nf;
  double *ref = g_new (double, 3 * nf);
  AbAttnError err;
  AbRng rng;
  gboolean ok = FALSE;

  ab_rng_init (&rng, 1);
  ab_rng_fill_normal (&rng, q, (int) nf, 1.0);
  ab_rng_fill_normal (&rng, k, (int) nf, 1.0);
  ab_rng_fill_normal (&rng, v, (int) nf, 1.0);
  ab_rng_fill_normal (&rng, g, (int) nf, 1.0);
  if (ab_flash_forward (&shape, 1, q, k, v, o, lse, &opts, NULL, &err) != AB_ATTN_OK
      || ab_flash_backward (&shape, q, k, v, o, g, lse, dq, dk, dv, 1, &opts, &res->st, &err) != AB_ATTN_OK
      || ab_attention_backward_reference (&shape, 1, q, k, v, g, ref, ref + nf, ref + 2 * nf, &err)
         != AB_ATTN_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err.message);
      goto out;
    }
  res->err[0] = max_abs_err (dq, ref, nf, &res->mag[0]);
  res->err[1] = max_abs_err (dk, ref + nf, nf, &res->mag[1]);
  res->err[2] = max_abs_err (dv, ref + 2 * nf, nf, &res->mag[2]);
  ok = TRUE;

out:
  g_free (buf);
  g_free (ref);
  return ok;
}

static gboolean
ab_backward_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  uint64_t computed = 0;
  AbAttnBackwardStats model;
  const AbGpuSpec *h100 = ab_gpu_spec (AB_GPU_H100);

  res->n = choice (diagram, "n", lengths);
  res->d = choice (diagram, "d", dims);
  res->tile = MIN (choice (diagram, "tile", tiles), res->n);
  res->causal = ab_diagram_get_param (diagram, "causal") > 0.5;
  res->elem = ab_diagram_get_param (diagram, "precision") < 0.5 ? 2 : 4;
  res->tr = res->tc = (res->n + res->tile - 1) / res->tile;
  if (!run_kernels (res, error))
    {
      result_free (res);
      return FALSE;
    }
  tile_map (res);
  for (int t = 0; t < res->tr * res->tc; t++)
    computed += res->tile_mask[t] != TILE_NONE;
  /* the picture's tiles and the model's bytes must be the run's */
  AbAttnShape shape = { .n_q = res->n, .n_kv = res->n, .d = res->d, .causal = res->causal };
  ab_flash_backward_model (&shape, res->tile, res->tile, 1, 4, &model);
  if (computed != res->st.tiles || model.hbm_read_bytes != res->st.hbm_read_bytes
      || model.hbm_write_bytes != res->st.hbm_write_bytes)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   "backward counters disagree with the model (%" G_GUINT64_FORMAT " tiles, %"
                   G_GUINT64_FORMAT " expected)", res->st.tiles, computed);
      result_free (res);
      return FALSE;
    }
  res->std_flops = 8.0 * res->n * res->n * res->d;
  res->saved_std = ab_io_matrix_bytes (res->n, 4);
  res->saved_flash = (uint64_t) res->n * res->d * 4 + 4 * (uint64_t) res->n;

  for (int i = 0; i < N_CURVE; i++)
    {
      int nn = 1 << (LOG2_N_MIN + i);
      AbAttnShape s = { .n_q = nn, .n_kv = nn, .d = res->d, .causal = res->causal };
      res->curve_n[i] = nn;
      res->saved_p[i] = (double) ab_io_matrix_bytes (nn, res->elem);
      /* O at the chosen precision, the logsumexp in fp32 as FA2 keeps it */
      res->saved_ol[i] = (double) nn * res->d * res->elem + 4.0 * nn;
      res->traffic_std[i] = (double) ab_io_standard_backward_bytes (nn, res->d, res->elem);
      ab_flash_backward_model (&s, res->tile, res->tile, 1, res->elem, &model);
      res->traffic_flash[i] = (double) (model.hbm_read_bytes + model.hbm_write_bytes);
    }
  res->hbm_line = h100->hbm_gb * 1e9;
  res->hbm_name = h100->name;
  ab_diagram_set_result (diagram, res, result_free);
  return TRUE;
}

/* ---- the strip of readouts ---- */

/* The strip's text for @step: Pango markup, or plain text for describe. */
static char *
summary (const Result *res, guint step, gboolean markup)
{
  const AbAttnBackwardStats *st = &res->st;
  switch (step)
    {
    case STEP_SAVED:
      {
        g_autofree char *p = ab_format_bytes ((double) res->saved_std);
        g_autofree char *ol = ab_format_bytes ((double) res->saved_flash);
        g_autofree char *count = ab_format_count ((guint64) res->n * res->d + res->n);
        return g_strdup_printf (_("P has N² = %d² entries: %s. O and L have N·d + N = %s: %s, "
                                  "%.1f× less, and the gap grows with N."),
                                res->n, p, count, ol, (double) res->saved_std / res->saved_flash);
      }
    case STEP_STANDARD:
      {
        g_autofree char *m = ab_format_bytes ((double) matrix_traffic (st));
        g_autofree char *t = ab_format_bytes ((double) traffic (st, TRUE));
        return g_strdup_printf (_("Reading the stored P, the backward moves %s through HBM, %s of it "
                                  "in seven passes over N × N arrays."), t, m);
      }
    case STEP_FLASH:
      {
        g_autofree char *r = ab_format_bytes ((double) st->hbm_read_bytes);
        g_autofree char *w = ab_format_bytes ((double) st->hbm_write_bytes);
        double ratio = (double) traffic (st, TRUE) / traffic (st, FALSE);
        if (ratio < 1)
          return g_strdup_printf (_("Recomputing, it read %s and wrote %s: %.2f× more bytes than reading P, "
                                    "since tiles of %d rows are narrow next to d = %d, but no N × N array "
                                    "anywhere, for %.0f %% more matmul FLOPs (recomputing S = QKᵀ)."),
                                  r, w, 1 / ratio, res->tile, res->d, recompute_percent (st));
        return g_strdup_printf (_("Recomputing, it read %s and wrote %s: %.2f× fewer bytes and no N × N "
                                  "array anywhere, for a fifth product, S = QKᵀ: %.0f %% more "
                                  "matmul FLOPs than the four it feeds."),
                                r, w, ratio, recompute_percent (st));
      }
    default:
      {
        int last = N_CURVE - 1;
        g_autofree char *p = ab_format_bytes (res->saved_p[last]);
        g_autofree char *ol = ab_format_bytes (res->saved_ol[last]);
        g_autofree char *ts = ab_format_bytes (res->traffic_std[last]);
        g_autofree char *tf = ab_format_bytes (res->traffic_flash[last]);
        g_autofree char *n = ab_format_count ((guint64) res->curve_n[last]);
        return g_strdup_printf (_("At N = %s: P would take %s per head per layer, O and L %s; "
                                  "the backward moves %s reading P, %s recomputing with %d-wide tiles "
                                  "(Θ(N²d/%s): wider tiles move less)."),
                                n, p, ol, ts, tf, res->tile, markup ? "B<sub>c</sub>" : "B_c");
      }
    }
}

static void
ab_backward_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  /* the picture of the step being entered, revealed as the position gets there */
  int pic = (int) ceil (position - 1e-6);
  double reveal = pic == 0 ? 1 : ab_tween (position, pic - 1, pic);
  AbRect strip = layout->stages[STAGE_SUMMARY];
  g_autofree char *text = summary (res, (guint) CLAMP (pic, 0, N_STEPS - 1), TRUE);

  switch (CLAMP (pic, 0, N_STEPS - 1))
    {
    case STEP_SAVED:
      ab_backward_draw_saved (res, cr, layout->stages[STAGE_PICTURE], reveal);
      break;
    case STEP_STANDARD:
      ab_backward_draw_standard (res, cr, layout->stages[STAGE_PICTURE], reveal);
      break;
    case STEP_FLASH:
      ab_backward_draw_flash (res, cr, layout->stages[STAGE_PICTURE], reveal);
      break;
    default:
      ab_backward_draw_curves (res, cr, layout->stages[STAGE_PICTURE], reveal);
      break;
    }
  ab_backward_draw_ledger (res, cr, layout->stages[STAGE_LEDGER], position);
  ab_text (cr, AB_TEXT_BODY, text, strip.x, strip.y, AB_TEXT, AB_ALIGN_LEFT, strip.w);
}

static char *
ab_backward_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbAttnBackwardStats *st = &res->st;
  g_autofree char *sum = summary (res, step, FALSE);
  g_autofree char *ts = ab_format_bytes ((double) traffic (st, TRUE));
  g_autofree char *tf = ab_format_bytes ((double) traffic (st, FALSE));
  g_autofree char *e0 = ab_backward_format_sci (res->err[0] / res->mag[0]);
  g_autofree char *e1 = ab_backward_format_sci (res->err[1] / res->mag[1]);
  g_autofree char *e2 = ab_backward_format_sci (res->err[2] / res->mag[2]);

  g_autofree char *kp = ab_format_bytes ((double) res->saved_std);
  g_autofree char *kf = ab_format_bytes ((double) res->saved_flash);
  g_autofree char *tiles_n = ab_format_count (st->tiles);
  g_autofree char *fs = ab_format_count ((guint64) res->std_flops);
  g_autofree char *ff = ab_format_count (st->flops);
  g_autofree char *fr = ab_format_count (st->recompute_flops);

  return g_strdup_printf (_("%s The run: N = %d, d = %d, %s, tiles of %d, one head in fp32. Kept for the "
                            "backward: %s (P) against %s (O and L). Backward HBM traffic: %s reading a "
                            "stored P, %s recomputing it (%s tiles). Matmul FLOPs: %s standard, %s "
                            "FlashAttention, of which %s recompute S. Largest relative error against a "
                            "double-precision backward: %s for dQ, %s for dK, %s for dV."),
                          sum, res->n, res->d, res->causal ? _("causal") : _("no mask"), res->tile, kp, kf,
                          ts, tf, tiles_n, fs, ff, fr, e0, e1, e2);
}

static void
ab_backward_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *entries)
{
  const Result *res = result (diagram);

  if (res->causal && step == STEP_FLASH)
    {
      ab_legend_add (entries, _("hatched: every score masked, tile skipped; darker: partly masked"),
                     AB_MUTED, AB_SWATCH_BOX);
    }
}

static const AbDiagramInfo info = {
  .name = "backward-recomputation",
  .title = N_("Recomputation: the backward pass without a stored P"),
  .note = N_("Counters: the FlashAttention paper's IO model, bytes between HBM arrays and on-chip "
             "tile buffers, counted by src/kernels/attn-backward.c as it runs (one thread). Standard "
             "backward: FA1 Algorithm 3; FlashAttention: FA2 Algorithm 2."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_backward_diagram_update, .draw = ab_backward_diagram_draw,
  .describe = ab_backward_diagram_describe,
  .collect_legend = ab_backward_diagram_collect_legend,
};

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tiling-diagram.c — "flash-attention-tiling": the FlashAttention forward,
 * tile by tile, from the real kernel's step trace.
 *
 * update() samples seeded Q, K, V, runs ab_flash_forward (src/kernels/
 * attn-flash.c) with its step trace on, recording after every step which
 * tiles were in SRAM, the IO counters and the m, ℓ, O of every row, and
 * runs ab_attention_naive on the same inputs for the exactness check. Each
 * trace step is one step of the diagram, between an intro and a summary.
 * In standard mode the steps are the unfused pipeline of the FlashAttention
 * paper's Algorithm 0 instead: pass 1 writes S to HBM block by block, pass 2
 * turns S into P, pass 3 forms O. Drawing lives in ab-tiling-diagram-draw.c.
 */
#define G_LOG_DOMAIN "ab-tiling-diagram"

#include "ab-tiling-diagram.h"
#include "ab-tiling-diagram-private.h"
#include "ab-draw.h"
#include "ab-rng.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* At most this many tiles a side, so a walk stays readable (≤ 72 steps):
 * a larger N gets taller tiles than the sliders ask for, and says so. */
#define MAX_TILES 8

enum { STAGE_GRID, STAGE_SIDE, N_STAGES };

AB_DEFINE_PLAIN_DIAGRAM (AbTilingDiagram, ab_tiling_diagram, info)

static const char *const orders[] = { "FA2", "FA1", NULL };
static const char *const modes[] = { N_("FlashAttention"), N_("Standard"), NULL };

static const AbParamSpec params[] = {
  { .key = "mode", .label = N_("Algorithm"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = modes },
  { .key = "order", .label = N_("Loop order"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = orders },
  { .key = "causal", .label = N_("Causal mask"), .kind = AB_PARAM_TOGGLE, .default_value = 0 },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_SLIDER, .min = 8, .max = 64,
    .step = 1, .default_value = 16, .format = "%.0f" },
  { .key = "d", .label = N_("Head dimension d"), .kind = AB_PARAM_SLIDER, .min = 2, .max = 16,
    .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "block_q", .label = N_("Rows per Q tile"), .kind = AB_PARAM_SLIDER, .min = 2, .max = 16,
    .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "block_k", .label = N_("Rows per K/V tile"), .kind = AB_PARAM_SLIDER, .min = 2, .max = 16,
    .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "seed", .label = N_("Random inputs"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100,
    .step = 1, .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("in SRAM this step"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("in HBM; dashed: moved now"), AB_COLOR_HBM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("entries: red &lt; 0 &lt; blue"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
};

/* The tile grid beside the state and traffic panels (stacked in the side
 * stage); grid over panels when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.12, 1.02, AB_STAGE_ROW }, { 1, 1, AB_STAGE_ROW },
};

static void
result_free (TilingResult *res)
{
  g_free (res->q);
  g_free (res->k);
  g_free (res->v);
  g_free (res->o_flash);
  g_free (res->o_exact);
  g_free (res->s);
  g_free (res->m_exact);
  g_free (res->l_exact);
  g_free (res->trace);
  g_free (res->tm);
  g_free (res->tl);
  g_free (res->to);
  g_free (res->views);
  g_free (res->done_at);
  g_free (res);
}

static const TilingResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

/* Trace ------------------------------------------------------------------------ */

typedef struct
{
  TilingResult *res;
  int           capacity;
} Recorder;

static void
record_step (const AbFlashStep *step, void *data)
{
  Recorder *rec = data;
  TilingResult *res = rec->res;
  int t = res->n_trace;

  /* The step count is known in advance; more would be a kernel change. */
  g_return_if_fail (t < rec->capacity && step->n_rows == res->n && step->d == res->d);
  res->trace[t] = *step;
  res->trace[t].rows = NULL;
  res->trace[t].m = res->trace[t].l = res->trace[t].o = NULL;
  memcpy (res->tm + (size_t) t * res->n, step->m, sizeof (float) * res->n);
  memcpy (res->tl + (size_t) t * res->n, step->l, sizeof (float) * res->n);
  memcpy (res->to + (size_t) t * res->n * res->d, step->o, sizeof (float) * res->n * res->d);
  res->n_trace++;
}

/* The state of @row after trace step @t (−1: before the first). */
static void
trace_state (const TilingResult *res, int t, int row, double *m, double *l, const float **o)
{
  if (t < 0)
    {
      *m = -INFINITY;
      *l = 0;
      *o = NULL;
      return;
    }
  *m = res->tm[(size_t) t * res->n + row];
  *l = res->tl[(size_t) t * res->n + row];
  *o = res->to + ((size_t) t * res->n + row) * res->d;
}

void
tiling_row_state (const TilingResult *res, int view, int row, double *m, double *l, const float **o)
{
  trace_state (res, view >= 0 && view < res->n_views ? res->views[view].trace : -1, row, m, l, o);
}

/* Views -------------------------------------------------------------------------- */

static View *
add_view (GArray *views, ViewKind kind)
{
  View v = { .kind = kind, .trace = -1, .q_tile = -1, .kv_tile = -1, .focus = -1 };

  g_array_append_val (views, v);
  return &g_array_index (views, View, views->len - 1);
}

/* The causal tile kind of block (i, j): 0 all masked, 1 partial, 2 full. */
static int
tile_mask_kind (const TilingResult *res, int i, int j)
{
  int r0 = i * res->br, r1 = MIN (r0 + res->br, res->n) - 1;
  int c0 = j * res->bc, c1 = MIN (c0 + res->bc, res->n) - 1;

  if (!res->causal || c1 <= r0)
    return 2;
  return c0 > r1 ? 0 : 1;
}

/* The followed row's tile quantities: m̃, ℓ̃ = Σ e^{s − m̃} and Σ e^{s − m_new}. */
static void
focus_tile_terms (const TilingResult *res, View *v, double m_new)
{
  const double *row = res->s + (size_t) v->focus * res->n;

  v->tile_max = -INFINITY;
  v->tile_sum = v->new_sum = 0;
  for (int j = v->kv_row0; j < v->kv_row0 + v->kv_rows; j++)
    v->tile_max = MAX (v->tile_max, row[j]);
  if (v->tile_max == -INFINITY)
    return;
  for (int j = v->kv_row0; j < v->kv_row0 + v->kv_rows; j++)
    if (row[j] > -INFINITY)
      {
        v->tile_sum += exp (row[j] - v->tile_max);
        v->new_sum += exp (row[j] - m_new);
      }
}

static void
build_flash_views (TilingResult *res, GArray *views)
{
  g_autofree gboolean *seen = g_new0 (gboolean, res->tr);

  add_view (views, VIEW_INTRO);
  for (int t = 0; t < res->n_trace; t++)
    {
      const AbFlashStep *st = &res->trace[t];
      View *v = add_view (views, st->kind == AB_FLASH_STEP_TILE ? VIEW_TILE : VIEW_FINALIZE);

      v->trace = t;
      v->q_tile = st->q_tile;
      v->kv_tile = st->kv_tile;
      v->q_row0 = st->q_row0;
      v->q_rows = st->q_rows;
      v->kv_row0 = st->kv_row0;
      v->kv_rows = st->kv_rows;
      v->partial = st->partial_mask;
      v->flash_rd = st->hbm_read_bytes;
      v->flash_wr = st->hbm_write_bytes;
      v->sram = st->sram_bytes;
      v->sram_peak = st->sram_peak_bytes;
      v->focus = st->q_row0 + st->q_rows - 1;
      if (st->kind == AB_FLASH_STEP_TILE)
        {
          double m_new, l_new;
          const float *o;

          v->first_visit = !seen[st->q_tile];
          seen[st->q_tile] = TRUE;
          res->tiles_run++;
          res->tiles_partial += st->partial_mask;
          for (int r = st->q_row0; r < st->q_row0 + st->q_rows; r++)
            {
              double m0, l0, m1, l1;
              const float *o0, *o1;
              trace_state (res, t - 1, r, &m0, &l0, &o0);
              trace_state (res, t, r, &m1, &l1, &o1);
              if (m0 == -INFINITY && m1 > -INFINITY)
                v->n_started++;
              else if (m1 > m0)
                v->n_rescaled++;
            }
          trace_state (res, t, v->focus, &m_new, &l_new, &o);
          focus_tile_terms (res, v, m_new);
        }
      else
        for (int r = st->q_row0; r < st->q_row0 + st->q_rows; r++)
          res->done_at[r] = (int) views->len - 1;
    }
  {
    View *v = add_view (views, VIEW_DONE);
    const AbFlashStep *last = &res->trace[res->n_trace - 1];
    v->trace = res->n_trace - 1;
    v->flash_rd = last->hbm_read_bytes;
    v->flash_wr = last->hbm_write_bytes;
    v->sram_peak = last->sram_peak_bytes;
  }
}

/* Standard attention (the FA paper's Algorithm 0), in its own IO model:
 * pass 1 reads Q and K once and writes S block by block (Q_i counted with
 * its first block, K_j with the first row of blocks); pass 2 reads S and
 * writes P; pass 3 reads P and V and writes O. The totals are
 * ab_attention_standard_io's, checked below. A causal mask does not shrink
 * S: the unfused pipeline stores the masked entries too. */
static void
build_standard_views (TilingResult *res, GArray *views)
{
  const uint64_t f = sizeof (float), nn = (uint64_t) res->n * res->n, nd = (uint64_t) res->n * res->d;
  uint64_t rd = 0, wr = 0;
  View *v;

  add_view (views, VIEW_INTRO);
  for (int i = 0; i < res->tr; i++)
    for (int j = 0; j < res->tc; j++)
      {
        v = add_view (views, VIEW_STD_TILE);
        v->q_tile = i;
        v->kv_tile = j;
        v->q_row0 = i * res->br;
        v->q_rows = MIN (res->br, res->n - v->q_row0);
        v->kv_row0 = j * res->bc;
        v->kv_rows = MIN (res->bc, res->n - v->kv_row0);
        v->partial = tile_mask_kind (res, i, j) == 1;
        if (j == 0)
          rd += f * v->q_rows * res->d;
        if (i == 0)
          rd += f * v->kv_rows * res->d;
        wr += f * v->q_rows * v->kv_rows;
        v->std_rd = rd;
        v->std_wr = wr;
      }
  v = add_view (views, VIEW_STD_SOFTMAX);
  v->std_rd = rd += f * nn;
  v->std_wr = wr += f * nn;
  v = add_view (views, VIEW_STD_OUTPUT);
  v->std_rd = rd += f * (nn + nd);
  v->std_wr = wr += f * nd;
  g_warn_if_fail (rd == res->std_rd && wr == res->std_wr);
}

/* Max |O − O_exact| over the rows finished by each view. */
static void
fill_errors (TilingResult *res)
{
  for (int k = 0; k < res->n_views; k++)
    {
      View *v = &res->views[k];
      for (int r = 0; r < res->n; r++)
        {
          double m, l;
          const float *o;
          if (res->standard ? v->kind != VIEW_STD_OUTPUT : res->done_at[r] > k)
            continue;
          v->rows_done++;
          if (res->standard)
            continue;
          tiling_row_state (res, k, r, &m, &l, &o);
          for (int c = 0; o && c < res->d; c++)
            v->err_done = MAX (v->err_done, fabs ((double) o[c] - res->o_exact[(size_t) r * res->d + c]));
        }
    }
}

static gboolean
fail (GError **error, const AbAttnError *err)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err->message);
  return FALSE;
}

static gboolean
ab_tiling_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autoptr (GArray) views = g_array_new (FALSE, TRUE, sizeof (View));
  g_autofree int *rows = NULL;
  TilingResult *res = g_new0 (TilingResult, 1);
  AbAttnShape shape, big;
  AbAttnOptions opts;
  AbAttnStats stats;
  AbAttnError err;
  Recorder rec;
  AbRng rng;
  size_t nd;
  double scale;
  uint64_t r, w;
  int br, bc, min_block;

  res->n = (int) ab_diagram_get_param (diagram, "n");
  res->d = (int) ab_diagram_get_param (diagram, "d");
  res->seed = (int) ab_diagram_get_param (diagram, "seed");
  res->causal = ab_diagram_get_param (diagram, "causal") > 0.5;
  res->standard = ab_diagram_get_param (diagram, "mode") > 0.5;
  res->order = ab_diagram_get_param (diagram, "order") > 0.5 ? AB_FLASH_FA1 : AB_FLASH_FA2;
  br = (int) ab_diagram_get_param (diagram, "block_q");
  bc = (int) ab_diagram_get_param (diagram, "block_k");
  min_block = (res->n + MAX_TILES - 1) / MAX_TILES;
  res->br_raised = br < min_block;
  res->bc_raised = bc < min_block;
  res->br = MIN (MAX (br, min_block), res->n);
  res->bc = MIN (MAX (bc, min_block), res->n);
  res->tr = (res->n + res->br - 1) / res->br;
  res->tc = (res->n + res->bc - 1) / res->bc;
  nd = (size_t) res->n * res->d;

  /* Seeded N(0, 1) inputs: the same numbers on every machine. */
  ab_rng_init (&rng, (uint64_t) res->seed);
  res->q = g_new (float, nd);
  res->k = g_new (float, nd);
  res->v = g_new (float, nd);
  ab_rng_fill_normal (&rng, res->q, (int) nd, 1.0);
  ab_rng_fill_normal (&rng, res->k, (int) nd, 1.0);
  ab_rng_fill_normal (&rng, res->v, (int) nd, 1.0);
  res->o_flash = g_new (float, nd);
  res->o_exact = g_new (float, nd);

  /* Trace every row: N ≤ 64 rows of d ≤ 16 values per step is cheap. */
  rec.res = res;
  rec.capacity = res->tr * res->tc + res->tr;
  res->trace = g_new0 (AbFlashStep, rec.capacity);
  res->tm = g_new (float, (size_t) rec.capacity * res->n);
  res->tl = g_new (float, (size_t) rec.capacity * res->n);
  res->to = g_new (float, (size_t) rec.capacity * nd);
  res->done_at = g_new (int, res->n);
  rows = g_new (int, res->n);
  for (int i = 0; i < res->n; i++)
    {
      rows[i] = i;
      res->done_at[i] = G_MAXINT;
    }

  shape = (AbAttnShape) { .n_q = res->n, .n_kv = res->n, .d = res->d, .causal = res->causal };
  opts = (AbAttnOptions) {
    .block_q = res->br, .block_k = res->bc, .threads = 1, .order = res->order,
    .trace = record_step, .trace_data = &rec, .trace_rows = rows, .n_trace_rows = res->n,
  };
  if (ab_flash_forward (&shape, 1, res->q, res->k, res->v, res->o_flash, NULL, &opts, &stats, &err)
      != AB_ATTN_OK)
    {
      result_free (res);
      return fail (error, &err);
    }
  opts = (AbAttnOptions) { .threads = 1 };
  if (ab_attention_naive (&shape, 1, res->q, res->k, res->v, res->o_exact, NULL, &opts, NULL, &err)
      != AB_ATTN_OK)
    {
      result_free (res);
      return fail (error, &err);
    }
  res->flash_rd = stats.hbm_read_bytes;
  res->flash_wr = stats.hbm_write_bytes;
  res->flash_sram_peak = stats.sram_peak_bytes;
  ab_attention_standard_io (&shape, &res->std_rd, &res->std_wr);

  /* The scores, for drawing the tiles and the followed row's sums. */
  scale = 1.0 / sqrt ((double) res->d);
  res->s = g_new (double, (size_t) res->n * res->n);
  for (int i = 0; i < res->n; i++)
    for (int j = 0; j < res->n; j++)
      {
        double acc = 0;
        for (int c = 0; c < res->d; c++)
          acc += (double) res->q[(size_t) i * res->d + c] * res->k[(size_t) j * res->d + c];
        res->s[(size_t) i * res->n + j] = res->causal && j > i ? -INFINITY : acc * scale;
      }
  /* Two-pass softmax statistics: what standard attention's pass 2 computes. */
  res->m_exact = g_new (double, res->n);
  res->l_exact = g_new0 (double, res->n);
  for (int i = 0; i < res->n; i++)
    {
      const double *row = res->s + (size_t) i * res->n;
      res->m_exact[i] = -INFINITY;
      for (int j = 0; j < res->n; j++)
        res->m_exact[i] = MAX (res->m_exact[i], row[j]);
      for (int j = 0; j < res->n; j++)
        if (row[j] > -INFINITY)
          res->l_exact[i] += exp (row[j] - res->m_exact[i]);
    }
  for (size_t x = 0; x < nd; x++)
    {
      res->o_scale = MAX (res->o_scale, fabs (res->o_exact[x]));
      res->max_err = MAX (res->max_err, fabs ((double) res->o_flash[x] - res->o_exact[x]));
    }
  res->o_scale = MAX (res->o_scale, 1e-3);

  if (res->standard)
    build_standard_views (res, views);
  else
    build_flash_views (res, views);
  for (int i = 0; i < res->tr; i++)
    for (int j = 0; j < res->tc; j++)
      res->tiles_skipped += tile_mask_kind (res, i, j) == 0;
  if (res->standard)
    for (int i = 0; i < res->tr; i++)
      for (int j = 0; j < res->tc; j++)
        res->tiles_partial += tile_mask_kind (res, i, j) == 1;
  res->n_views = (int) views->len;
  res->views = (View *) g_array_free (g_steal_pointer (&views), FALSE);
  fill_errors (res);

  /* The same two IO models at a realistic size, unmasked. */
  big = (AbAttnShape) { .n_q = BIG_N, .n_kv = BIG_N, .d = BIG_D };
  ab_attention_standard_io (&big, &r, &w);
  res->big_std = r + w;
  ab_flash_io_model (&big, res->order, BIG_BLOCK, BIG_BLOCK, &r, &w, NULL);
  res->big_flash = r + w;

  ab_diagram_set_result (diagram, res, (GDestroyNotify) result_free);
  return TRUE;
}

/* Text ------------------------------------------------------------------------------- */

char *
tiling_format_error_tex (double err)
{
  int e;

  if (err == 0)
    return g_strdup ("0");
  e = (int) floor (log10 (err));
  return g_strdup_printf ("%.1f \\times 10^{%d}", err / pow (10, e), e);
}

/* "2.4 × 10⁻⁷" for captions and descriptions. */
static char *
format_error_text (double err)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autoptr (GString) s = NULL;
  g_autofree char *digits = NULL;
  int e;

  if (err == 0)
    return g_strdup ("0");
  e = (int) floor (log10 (err));
  s = g_string_new (NULL);
  g_string_printf (s, "%.1f × 10%s", err / pow (10, e), e < 0 ? "⁻" : "");
  digits = g_strdup_printf ("%d", ABS (e));
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static guint
ab_tiling_diagram_get_n_steps (AbDiagram *diagram)
{
  return (guint) result (diagram)->n_views;
}

static char *
ab_tiling_diagram_dup_title (AbDiagram *diagram)
{
  const TilingResult *res = result (diagram);

  if (res->standard)
    return g_strdup_printf (_("Standard attention, block by block: N = %d, d = %d"), res->n, res->d);
  return g_strdup_printf (_("FlashAttention tiling: N = %d, d = %d, B<sub>r</sub> = %d, B<sub>c</sub> = %d, %s"),
                          res->n, res->d, res->br, res->bc, res->order == AB_FLASH_FA1 ? "FA1" : "FA2");
}

static char *
tile_caption (const TilingResult *res, const View *v)
{
  int qi = v->q_tile + 1, kj = v->kv_tile + 1;
  const char *diagonal = v->partial ? _(" (diagonal tile: later keys masked)") : "";
  g_autofree char *what = NULL;

  if (v->n_rescaled == 0 && v->n_started == 0)
    what = g_strdup (_("no row finds a larger max, so ℓ and O just add up"));
  else if (v->n_rescaled == 0)
    what = g_strdup_printf (ngettext ("%d row starts its m and ℓ", "%d rows start their m and ℓ", v->n_started),
                            v->n_started);
  else if (res->order == AB_FLASH_FA1)
    what = g_strdup_printf (ngettext ("%d of %d rows finds a larger max and is rescaled",
                                      "%d of %d rows find a larger max and are rescaled", v->n_rescaled),
                            v->n_rescaled, v->q_rows);
  else
    what = g_strdup_printf (ngettext ("%d of %d rows finds a larger max: ℓ and O shrink by "
                                      "e<sup>m<sub>old</sub> − m<sub>new</sub></sup>",
                                      "%d of %d rows find a larger max: ℓ and O shrink by "
                                      "e<sup>m<sub>old</sub> − m<sub>new</sub></sup>", v->n_rescaled),
                            v->n_rescaled, v->q_rows);
  if (res->order == AB_FLASH_FA1)
    return g_strdup_printf (_("K/V tile %d (outer loop) meets Q tile %d, its O, m, ℓ read from HBM and written "
                              "back: %s%s"), kj, qi, what, diagonal);
  if (v->first_visit)
    return g_strdup_printf (_("Q tile %d is loaded and meets K/V tile %d: %s%s"), qi, kj, what, diagonal);
  return g_strdup_printf (_("Q tile %d meets K/V tile %d: %s%s"), qi, kj, what, diagonal);
}

static char *
ab_tiling_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const TilingResult *res = result (diagram);
  const View *v = &res->views[MIN ((int) step, res->n_views - 1)];
  g_autofree char *body = NULL;

  switch (v->kind)
    {
    case VIEW_INTRO:
      body = res->standard
        ? g_strdup (_("Standard attention: Q, K and V start in HBM, and S and P will be stored there too"))
        : res->causal
        ? g_strdup_printf (_("Q, K and V start in HBM; each row starts at m = −∞, ℓ = 0, O = 0. Causal: %d of %d "
                             "tiles are all masked and skipped"), res->tiles_skipped, res->tr * res->tc)
        : g_strdup (_("Q, K and V start in HBM; every row starts at m = −∞, ℓ = 0, O = 0"));
      break;
    case VIEW_TILE:
      body = tile_caption (res, v);
      break;
    case VIEW_FINALIZE:
      body = res->order == AB_FLASH_FA1
        ? g_strdup_printf (_("After the last K/V tile, Q tile %d’s logsumexp m + log ℓ is written to HBM"),
                           v->q_tile + 1)
        : g_strdup_printf (_("Q tile %d is done: O = Õ / ℓ, its only division, and O and m + log ℓ go to HBM"),
                           v->q_tile + 1);
      break;
    case VIEW_DONE:
      {
        g_autofree char *e = format_error_text (res->max_err);
        body = g_strdup_printf (_("Done: O equals exact attention (max |O<sub>flash</sub> − O<sub>exact</sub>| = %s), "
                                  "and S never left SRAM"), e);
      }
      break;
    case VIEW_STD_TILE:
      body = g_strdup_printf (_("Pass 1 · block (%d, %d) of S = QKᵀ/√d is computed and written to HBM%s"),
                              v->q_tile + 1, v->kv_tile + 1,
                              v->partial || tile_mask_kind (res, v->q_tile, v->kv_tile) == 0
                                ? _(", masked entries included") : "");
      break;
    case VIEW_STD_SOFTMAX:
      body = g_strdup (_("Pass 2 · all of S is read back, softmax turns it into P, and P is written to HBM"));
      break;
    case VIEW_STD_OUTPUT:
    default:
      {
        g_autofree char *all = ab_format_bytes ((double) (res->std_rd + res->std_wr));
        g_autofree char *sp = ab_format_bytes (16.0 * res->n * res->n);
        body = g_strdup_printf (_("Pass 3 · P and V are read to form O = PV: %s moved in all, %s of it S and P"),
                                all, sp);
      }
      break;
    }
  return g_strdup_printf ("%u · %s", step + 1, body);
}

static char *
ab_tiling_diagram_dup_note (AbDiagram *diagram, guint step)
{
  const TilingResult *res = result (diagram);
  const char *base = _("Seeded N(0, 1) inputs, fp32. Bytes: the IO model of Dao et al. 2022 (arXiv:2205.14135, "
                       "§3.2, Algorithms 0 and 1), counted by the kernel.");

  if (res->br_raised || res->bc_raised)
    return g_strdup_printf (_("%s Tiles are at least %d rows here, so the walk has at most %d tiles a side."),
                            base, (res->n + MAX_TILES - 1) / MAX_TILES, MAX_TILES);
  return g_strdup (base);
}

static void
ab_tiling_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *entries)
{
  const TilingResult *res = result (diagram);

  if (res->standard)
    ab_legend_add (entries, _("P = softmax(S), 0 → 1"), AB_ACTIVE, AB_SWATCH_GRADIENT);
  else
    {
      ab_legend_add (entries, _("the followed row"), AB_ACTIVE, AB_SWATCH_LINE);
      ab_legend_add (entries, _("p̃ = e<sup>s − m</sup> in SRAM, 0 → 1"), AB_ACTIVE, AB_SWATCH_GRADIENT);
    }
  if (res->causal)
    {
      ab_legend_add (entries, _("masked (hatched)"), AB_MUTED, AB_SWATCH_BOX);
      ab_legend_add (entries, _("partial tile"), AB_HEADS[0], AB_SWATCH_LINE);
    }
}

static char *
ab_tiling_diagram_describe (AbDiagram *diagram, guint step)
{
  const TilingResult *res = result (diagram);
  int k = MIN ((int) step, res->n_views - 1);
  const View *v = &res->views[k];
  g_autofree char *err = format_error_text (res->max_err);
  g_autofree char *std = ab_format_bytes ((double) (res->std_rd + res->std_wr));
  g_autofree char *flash = ab_format_bytes ((double) (res->flash_rd + res->flash_wr));
  g_autoptr (GString) s = g_string_new (NULL);

  if (res->standard)
    {
      g_autofree char *now = ab_format_bytes ((double) (v->std_rd + v->std_wr));
      g_string_append_printf (s, _("Standard attention has moved %s between HBM and the chip so far, of %s "
                                   "in all; FlashAttention (%s) moves %s for the same N = %d, d = %d."),
                              now, std, res->order == AB_FLASH_FA1 ? "FA1" : "FA2", flash, res->n, res->d);
    }
  else
    {
      g_autofree char *rd = ab_format_bytes ((double) v->flash_rd);
      g_autofree char *wr = ab_format_bytes ((double) v->flash_wr);
      g_autofree char *sram = ab_format_bytes ((double) v->sram);
      g_string_append_printf (s, _("FlashAttention so far: %s read from HBM, %s written; %s of tile buffers "
                                   "in SRAM. Standard attention would move %s in all, this run moves %s."),
                              rd, wr, sram, std, flash);
      if (v->focus >= 0)
        {
          double m, l;
          const float *o;
          g_autofree char *ms = NULL, *ls = NULL;
          tiling_row_state (res, k, v->focus, &m, &l, &o);
          ms = ab_format_number (m);
          ls = ab_format_number (l);
          g_string_append_printf (s, _(" Row %d now has m = %s, ℓ = %s."), v->focus + 1, ms, ls);
        }
    }
  g_string_append_printf (s, _(" Result check against the naive kernel: max |O_flash − O_exact| = %s."), err);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
ab_tiling_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  tiling_draw (diagram, result (diagram), cr, layout, position);
}

static const AbDiagramInfo info = {
  .name = "flash-attention-tiling",
  .title = N_("FlashAttention tiling, step by step"),
  AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_tiling_diagram_update, .draw = ab_tiling_diagram_draw,
  .get_n_steps = ab_tiling_diagram_get_n_steps,
  .dup_title = ab_tiling_diagram_dup_title,
  .dup_caption = ab_tiling_diagram_dup_caption,
  .dup_note = ab_tiling_diagram_dup_note,
  .describe = ab_tiling_diagram_describe,
  .collect_legend = ab_tiling_diagram_collect_legend,
};

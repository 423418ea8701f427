/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-paged-diagram.c — "paged-attention-blocks": the same requests served
 * by contiguous max_seq_len reservations and by PagedAttention's blocks
 *
 * One scripted workload runs through src/kernels/serving-sim.c, which
 * drives both allocators step by step over the same 512 KV slots. Each
 * diagram step is the real state after one simulator step: on top the
 * naive pool (a reservation per sample: used, reserved-but-empty, free),
 * below the paged pool (each live sequence's block table drawn as arrows
 * from logical to physical blocks; shared blocks, copy-on-write copies).
 * Request R1 samples two outputs, so its prompt is written once and
 * forked (vLLM §4.4); R2 arrives later with two samples: the naive pool
 * has no two free max_seq_len holes and turns it away after max_wait
 * steps, while the paged pool places it in free blocks.
 *
 * Steps: the contiguous waste → sharing and copy-on-write → R2 arrives →
 * naive rejects it → later: utilisation and requests served.
 */
#define G_LOG_DOMAIN "ab-paged-diagram"

#include "ab-paged-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "serving-sim.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { STEP_NAIVE, STEP_SHARE, STEP_ARRIVE, STEP_REJECT, STEP_LATER, N_STEPS };
enum { STAGE_NAIVE, STAGE_PAGED, N_STAGES };

#define POOL_SLOTS   512   /* both systems get the same KV memory, in token slots */
#define MAX_SEQ_LEN  128   /* the naive reservation per sample */
#define MAX_WAIT     3
#define N_REQ        3
#define MAX_BLOCKS   64    /* 512 slots in blocks of 8 */
#define MAX_SEQS     8
#define MAX_RES      8

/* R0: one sample; R1: two samples sharing a prompt (parallel sampling);
 * R2: arrives at step 2 with two samples, when the naive pool has one hole. */
static const AbServeScript script[N_REQ] = {
  { .arrival = 0, .prompt_len = 40, .output_len = 40, .n_samples = 1 },
  { .arrival = 0, .prompt_len = 24, .output_len = 48, .n_samples = 2 },
  { .arrival = 2, .prompt_len = 28, .output_len = 24, .n_samples = 2 },
};
#define LATE_REQ 2

static const char *const block_sizes[] = { "8", "16", "32", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbPagedDiagram, ab_paged_diagram, info)

static const AbParamSpec params[] = {
  { .key = "block", .label = N_("Block size (tokens)"), .kind = AB_PARAM_CHOICE, .default_value = 1,
    .choices = block_sizes },
};

static const AbLegendSpec legend[] = {
  { N_("slots holding tokens, coloured by request"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("reserved or allocated but empty: waste"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("free memory"), AB_COLOR_BORDER, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("block shared by two tables (reference count 2)"), AB_COLOR_ACTIVE, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("copy-on-write copy of a shared block"), AB_COLOR_TEXT, AB_SWATCH_DOT, AB_STEPS_ALL },
};

/* The naive pool is one bar: a short strip over the paged pool. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 0.44, AB_STAGE_ROW }, { 0.62, 1.0, AB_STAGE_BELOW },
};

typedef struct
{
  int request, sample, n_tokens, n_blocks;
  int table[MAX_BLOCKS];
} SeqSnap;

/* Everything a frame needs, copied from the simulator after one step. */
typedef struct
{
  int                sim_step;
  AbServeMetrics     m[AB_SERVE_N_SYSTEMS];
  AbServeState       state[AB_SERVE_N_SYSTEMS][N_REQ];
  int                n_res;
  AbServeReservation res[MAX_RES];
  int                ref[MAX_BLOCKS], fill[MAX_BLOCKS], owner[MAX_BLOCKS];
  gboolean           copied[MAX_BLOCKS];
  int                n_seqs;
  SeqSnap            seqs[MAX_SEQS];
  guint64            cow_copies;
} Snap;

typedef struct
{
  int  block_size, n_blocks;
  Snap snap[N_STEPS];
  int  steps_run;
  int  finished[AB_SERVE_N_SYSTEMS], rejected[AB_SERVE_N_SYSTEMS];
  int  late_blocks;       /* blocks R2 holds right after its admission */
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

/* @orig: each request's prompt blocks as admitted, before any copy. */
static void
take_snapshot (const AbServeSim *sim, const int orig[N_REQ][MAX_BLOCKS], Snap *s)
{
  const AbPagedPool *pool = ab_serve_sim_pool (sim);

  memset (s, 0, sizeof *s);
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    s->m[k] = *ab_serve_sim_metrics (sim, k);
  s->sim_step = s->m[AB_SERVE_PAGED].step;
  s->n_res = MIN (ab_serve_sim_n_reservations (sim), MAX_RES);
  for (int i = 0; i < s->n_res; i++)
    s->res[i] = *ab_serve_sim_reservation (sim, i);
  for (int b = 0; b < pool->n_blocks && b < MAX_BLOCKS; b++)
    {
      s->ref[b] = pool->ref_count[b];
      s->fill[b] = pool->ref_count[b] > 0 ? pool->fill[b] : 0;
      s->owner[b] = -1;
    }
  s->cow_copies = pool->cow_copies;
  for (int i = 0; i < N_REQ && i < ab_serve_sim_n_requests (sim); i++)
    {
      const AbServeRequest *r = ab_serve_sim_request (sim, i);
      int prompt_blocks = (r->prompt_len + pool->block_size - 1) / pool->block_size;

      for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
        s->state[k][i] = r->sys[k].state;
      for (int j = 0; j < r->n_samples && s->n_seqs < MAX_SEQS; j++)
        {
          int id = r->sys[AB_SERVE_PAGED].seq[j];
          const AbPagedSeq *seq;
          SeqSnap *t;

          if (id < 0 || id >= pool->n_seqs || !pool->seqs[id].live)
            continue;
          seq = &pool->seqs[id];
          t = &s->seqs[s->n_seqs++];
          t->request = i;
          t->sample = j;
          t->n_tokens = seq->n_tokens;
          t->n_blocks = MIN (seq->n_blocks, MAX_BLOCKS);
          for (int b = 0; b < t->n_blocks; b++)
            {
              int phys = seq->table[b];
              t->table[b] = phys;
              if (s->owner[phys] < 0)
                s->owner[phys] = i;
              /* A prompt block other than the one written at admission: the copy. */
              if (r->n_samples > 1 && b < prompt_blocks && phys != orig[i][b])
                s->copied[phys] = TRUE;
            }
        }
    }
}

/* A request admitted in this step has decoded nothing yet: its first
 * sample's table is still the shared prompt. */
static void
remember_prompts (const AbServeSim *sim, int step, int orig[N_REQ][MAX_BLOCKS])
{
  const AbPagedPool *pool = ab_serve_sim_pool (sim);

  for (int i = 0; i < N_REQ && i < ab_serve_sim_n_requests (sim); i++)
    {
      const AbServeProgress *p = &ab_serve_sim_request (sim, i)->sys[AB_SERVE_PAGED];
      int id = p->seq[0];
      if (p->state != AB_SERVE_RUNNING || p->admitted_step != step || id < 0 || id >= pool->n_seqs)
        continue;
      for (int b = 0; b < MAX_BLOCKS; b++)
        orig[i][b] = b < pool->seqs[id].n_blocks ? pool->seqs[id].table[b] : -1;
    }
}

static gboolean
fail (GError **error, const AbKError *err, AbServeSim *sim, Result *res)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err->message);
  ab_serve_sim_free (sim);
  g_free (res);
  return FALSE;
}

static gboolean
ab_paged_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  AbServeConfig cfg;
  AbServeSim *sim = NULL;
  AbKError err = { 0 };
  int want[N_STEPS], late_done = -1;
  int orig[N_REQ][MAX_BLOCKS];

  memset (orig, -1, sizeof orig);
  ab_serve_config_default (&cfg);
  res->block_size = atoi (block_sizes[(int) ab_diagram_get_param (diagram, "block")]);
  res->n_blocks = POOL_SLOTS / res->block_size;
  cfg.pool_tokens = POOL_SLOTS;
  cfg.block_size = res->block_size;
  cfg.max_seq_len = MAX_SEQ_LEN;
  cfg.max_wait = MAX_WAIT;
  cfg.script = script;
  cfg.n_script = N_REQ;
  if (ab_serve_sim_new (&cfg, &sim, &err) != AB_K_OK)
    return fail (error, &err, sim, res);

  /* Which simulator steps the diagram shows: the first (the prefill), the
   * second (the first decode token), R2's arrival, its deadline, and the step R2 finishes. */
  want[STEP_NAIVE] = 0;
  want[STEP_SHARE] = 1;
  want[STEP_ARRIVE] = script[LATE_REQ].arrival;
  want[STEP_REJECT] = script[LATE_REQ].arrival + MAX_WAIT;
  want[STEP_LATER] = -1;
  while (!ab_serve_sim_done (sim) && res->steps_run < 1000)
    {
      int step = ab_serve_sim_step (sim, &err);
      const AbServeRequest *late;

      if (step < 0)
        return fail (error, &err, sim, res);
      res->steps_run = step + 1;
      remember_prompts (sim, step, orig);
      for (int k = 0; k < STEP_LATER; k++)
        if (want[k] == step)
          take_snapshot (sim, orig, &res->snap[k]);
      if (step == script[LATE_REQ].arrival)
        for (int b = 0; b < res->n_blocks; b++)
          res->late_blocks += res->snap[STEP_ARRIVE].owner[b] == LATE_REQ;
      late = ab_serve_sim_request (sim, LATE_REQ);
      if (late_done < 0 && late && late->sys[AB_SERVE_PAGED].state == AB_SERVE_FINISHED)
        {
          late_done = step;
          take_snapshot (sim, orig, &res->snap[STEP_LATER]);
        }
    }
  if (late_done < 0)
    take_snapshot (sim, orig, &res->snap[STEP_LATER]);
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      res->finished[k] = ab_serve_sim_metrics (sim, k)->finished;
      res->rejected[k] = ab_serve_sim_metrics (sim, k)->rejected;
    }
  ab_serve_sim_free (sim);
  ab_diagram_set_result (diagram, res, g_free);
  return TRUE;
}

static const Snap *
snap_at (const Result *res, double position)
{
  int k = CLAMP ((int) floor (position + 0.5), 0, N_STEPS - 1);
  return &res->snap[k];
}

static double
waste_pct (const AbServeMetrics *m)
{
  return m->reserved_slots > 0 ? 100.0 * m->internal_frag / m->reserved_slots : 0;
}

static char *
ab_paged_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);

  return g_strdup_printf (_("The same requests in %d KV slots: contiguous reservations vs blocks of %d"),
                          POOL_SLOTS, res->block_size);
}

static char *
ab_paged_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const Snap *s = &res->snap[MIN (step, N_STEPS - 1)];
  const AbServeMetrics *nv = &s->m[AB_SERVE_NAIVE];

  switch (step)
    {
    case STEP_NAIVE:
      return g_strdup_printf (_("1 · Contiguous serving reserves %d slots per sample up front: after the first "
                                "step <b>%.0f %%</b> of the reserved slots hold no token"),
                              MAX_SEQ_LEN, waste_pct (nv));
    case STEP_SHARE:
      if (s->cow_copies > 0)
        return g_strdup_printf (_("2 · R1 samples two outputs: both block tables point at its prompt's blocks, "
                                  "and the first new token copied the partly filled one (copy-on-write)"));
      return g_strdup_printf (_("2 · R1 samples two outputs: both block tables point at its prompt's blocks; "
                                "its prompt fills them exactly, so nothing needs copying"));
    case STEP_ARRIVE:
      if (s->state[AB_SERVE_NAIVE][LATE_REQ] == AB_SERVE_WAITING)
        return g_strdup_printf (_("3 · A new request, R2 with two samples, arrives: the contiguous pool has no two "
                                  "free %d-slot holes, the paged pool places it in %d free blocks"),
                                MAX_SEQ_LEN, res->late_blocks);
      return g_strdup_printf (_("3 · A new request, R2 with two samples, arrives at step %d"), s->sim_step);
    case STEP_REJECT:
      if (s->state[AB_SERVE_NAIVE][LATE_REQ] == AB_SERVE_REJECTED)
        return g_strdup_printf (_("4 · After waiting %d steps the contiguous pool rejects R2, though %d of its "
                                  "%d slots hold no token"),
                                MAX_WAIT, POOL_SLOTS - nv->used_slots, POOL_SLOTS);
      return g_strdup_printf (_("4 · Step %d: R2 is still being served"), s->sim_step);
    default:
      return g_strdup_printf (_("5 · Step %d: the paged pool has already finished R2, which the contiguous pool "
                                "turned away; over the whole run %d vs %d of %d requests served"),
                              s->sim_step, res->finished[AB_SERVE_PAGED], res->finished[AB_SERVE_NAIVE], N_REQ);
    }
}

static AbRgb
request_color (int r)
{
  return AB_HEADS[r % 4];
}

static char *
seq_name (int request, int sample, int n_samples)
{
  if (n_samples > 1)
    return g_strdup_printf ("R%d·%c", request, 'a' + sample);
  return g_strdup_printf ("R%d", request);
}

static void
hatch (cairo_t *cr, AbRect r, AbRgb color)
{
  ab_set_rgba (cr, color, 0.22);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_fill (cr);
  ab_draw_hatch_lines (cr, r, color, 0.55, 7);
}

/* Two readout lines under a panel title; returns the y below them. */
static double
readouts (cairo_t *cr, AbRect panel, const char *title, const char *line1, const char *line2, gboolean live)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), y, th;

  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &th);
  y = panel.y + 14 + th + 6;
  y += ab_text (cr, AB_TEXT_BODY, line1, panel.x + pad, y, live ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT,
                panel.w - 2 * pad) + 2;
  y += ab_text (cr, AB_TEXT_LABEL, line2, panel.x + pad, y, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad);
  return y + 10;
}

static char *
counters (const AbServeMetrics *m)
{
  return g_strdup_printf (_("served %d · running %d · waiting %d · rejected %d"), m->finished, m->running,
                          m->waiting, m->rejected);
}

static void
draw_naive (const Result *res, const Snap *s, cairo_t *cr, AbRect panel, double position)
{
  const AbServeMetrics *m = &s->m[AB_SERVE_NAIVE];
  double pad = ab_style_size (cr, AB_TEXT_LABEL), label_h, tick_h, y, scale;
  g_autofree char *line1 = g_strdup_printf (_("step %d · <b>%d</b> of %d slots hold tokens · utilisation "
                                              "<b>%.0f %%</b> · <b>%.0f %%</b> of reserved slots empty"),
                                            s->sim_step, m->used_slots, m->pool_slots, 100 * m->utilisation,
                                            waste_pct (m));
  g_autofree char *line2 = counters (m);
  AbRect bar;

  const char *title = _("Contiguous: one max_seq_len reservation per sample");

  ab_draw_panel (cr, panel, title);
  y = readouts (cr, panel, title, line1, line2, position < STEP_SHARE - 0.5 || position > STEP_ARRIVE - 0.5);
  ab_text_measure (cr, AB_TEXT_SMALL, "R0·a", -1, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  bar.x = panel.x + pad;
  bar.w = panel.w - 2 * pad;
  bar.y = y + label_h + 4;
  bar.h = MIN (panel.y + panel.h - pad - tick_h - 6 - bar.y, 3.2 * label_h);
  if (bar.h < 8)
    return;
  scale = bar.w / m->pool_slots;

  /* Free memory first, reservations over it. */
  cairo_save (cr);
  ab_set_rgba (cr, AB_BORDER, 0.6);
  cairo_rectangle (cr, bar.x, bar.y, bar.w, bar.h);
  cairo_fill (cr);
  cairo_restore (cr);
  for (int i = 0; i < s->n_res; i++)
    {
      const AbServeReservation *rv = &s->res[i];
      AbRect used = { bar.x + rv->offset * scale, bar.y, rv->used * scale, bar.h };
      AbRect empty = { used.x + used.w, bar.y, (rv->length - rv->used) * scale, bar.h };
      g_autofree char *name = seq_name (rv->request, rv->sample, script[rv->request].n_samples);
      g_autofree char *label = g_strdup_printf (_("%s · %d of %d"), name, rv->used, rv->length);

      ab_set_rgb (cr, request_color (rv->request));
      cairo_rectangle (cr, used.x, used.y, used.w, used.h);
      cairo_fill (cr);
      hatch (cr, empty, AB_HBM);
      cairo_save (cr);
      ab_set_rgb (cr, AB_PANEL);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, used.x, bar.y);
      cairo_rel_line_to (cr, 0, bar.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_SMALL, label, used.x + 2, y, AB_TEXT_DIM, AB_ALIGN_LEFT, rv->length * scale - 4);
    }
  /* The late request at the free hole: waiting, or turned away. */
  if (s->state[AB_SERVE_NAIVE][LATE_REQ] == AB_SERVE_WAITING ||
      (s->state[AB_SERVE_NAIVE][LATE_REQ] == AB_SERVE_REJECTED && position < STEP_LATER - 0.5))
    {
      int end = 0;
      const char *text;
      for (int i = 0; i < s->n_res; i++)
        end = MAX (end, s->res[i].offset + s->res[i].length);
      text = s->state[AB_SERVE_NAIVE][LATE_REQ] == AB_SERVE_WAITING ? _("R2 waits: needs 2 × 128 free")
                                                                    : _("<b>R2 rejected</b>");
      cairo_save (cr);
      ab_set_rgb (cr, AB_HBM);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
      cairo_rectangle (cr, bar.x + end * scale + 1, bar.y + 1, (m->pool_slots - end) * scale - 2, bar.h - 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      {
        double th;
        ab_text_measure (cr, AB_TEXT_LABEL, text, (m->pool_slots - end) * scale - 8, NULL, &th);
        ab_text (cr, AB_TEXT_LABEL, text, bar.x + (end + m->pool_slots) / 2.0 * scale, bar.y + (bar.h - th) / 2,
                 AB_HBM, AB_ALIGN_CENTER, (m->pool_slots - end) * scale - 8);
      }
    }
  ab_text (cr, AB_TEXT_VALUE_SMALL, "0", bar.x, bar.y + bar.h + 4, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  {
    g_autofree char *end = g_strdup_printf (_("%d slots"), m->pool_slots);
    ab_text (cr, AB_TEXT_VALUE_SMALL, end, bar.x + bar.w, bar.y + bar.h + 4, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  }
}

/* Where physical block @b sits: the pool is one row of @per_row cells
 * (two rows when the blocks would get too narrow), rows @row_gap apart. */
static AbRect
block_rect (AbRect pool, int per_row, double row_gap, int b)
{
  double cw = pool.w / per_row;
  return (AbRect) { pool.x + (b % per_row) * cw + 1, pool.y + (b / per_row) * (cw + row_gap) + 1, cw - 2, cw - 2 };
}

static void
draw_arrow_head (cairo_t *cr, double x, double y)
{
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - 3.5, y - 6);
  cairo_line_to (cr, x + 3.5, y - 6);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_paged (const Result *res, const Snap *s, cairo_t *cr, AbRect panel, double position)
{
  const AbServeMetrics *m = &s->m[AB_SERVE_PAGED];
  double pad = ab_style_size (cr, AB_TEXT_LABEL), y, small_h, tick_h, cell, row_gap, table_w, box_w, box_h;
  double share = ab_tween (position, STEP_NAIVE, STEP_SHARE) * (1 - ab_tween (position, STEP_SHARE, STEP_ARRIVE));
  double late = ab_tween (position, STEP_SHARE, STEP_ARRIVE) * (1 - ab_tween (position, STEP_REJECT, STEP_LATER));
  g_autofree char *line1 = g_strdup_printf (_("step %d · <b>%d</b> of %d slots hold tokens · utilisation "
                                              "<b>%.0f %%</b> · <b>%.0f %%</b> of allocated slots empty"),
                                            s->sim_step, m->used_slots, m->pool_slots, 100 * m->utilisation,
                                            waste_pct (m));
  g_autofree char *counts = counters (m);
  g_autofree char *line2 = g_strdup_printf (g_dngettext (NULL, "%s · %d copy-on-write copy so far",
                                                         "%s · %d copy-on-write copies so far",
                                                         (gulong) s->cow_copies),
                                            counts, (int) s->cow_copies);
  g_autofree char *title = g_strdup_printf (_("Paged: blocks of %d tokens, found through block tables"),
                                            res->block_size);
  g_autofree char *pool_title = g_strdup_printf (_("physical pool: %d blocks of %d slots, in any order"),
                                                 res->n_blocks, res->block_size);
  int per_row, rows, max_len = 1, n_tables;
  AbRect body, pool;

  ab_draw_panel (cr, panel, title);
  y = readouts (cr, panel, title, line1, line2, TRUE);
  body = (AbRect) { panel.x + pad, y, panel.w - 2 * pad, panel.y + panel.h - pad - y };
  ab_text_measure (cr, AB_TEXT_SMALL, "R0·a", -1, NULL, &small_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  per_row = res->n_blocks;
  if (body.w / per_row < 14)
    per_row = (res->n_blocks + 1) / 2;
  rows = (res->n_blocks + per_row - 1) / per_row;
  cell = body.w / per_row;
  row_gap = rows > 1 ? 6 : 0;
  pool = (AbRect) { body.x, 0, cell * per_row, rows * cell + (rows - 1) * row_gap };
  pool.y = body.y + body.h - small_h - 14 - pool.h;
  for (int i = 0; i < s->n_seqs; i++)
    max_len = MAX (max_len, s->seqs[i].n_blocks);
  n_tables = MAX (s->n_seqs, 3);
  table_w = body.w / n_tables;
  box_w = MIN ((table_w - pad) / max_len, MAX (cell * 1.2, 24));
  box_h = MIN (box_w * 0.8, 2.2 * small_h);
  if (pool.y - (body.y + small_h * 2 + 8 + box_h) < 30)
    return;

  ab_text (cr, AB_TEXT_SMALL, _("block tables: logical blocks 0, 1, 2 … of each sequence"), body.x, body.y,
           AB_TEXT_DIM, AB_ALIGN_LEFT, body.w);
  ab_text (cr, AB_TEXT_SMALL, pool_title, body.x, pool.y + pool.h + 12, AB_TEXT_DIM, AB_ALIGN_LEFT, body.w);

  /* The pool: free blocks grey, used ones filled to their fill level. */
  for (int b = 0; b < res->n_blocks; b++)
    {
      AbRect r = block_rect (pool, per_row, row_gap, b);
      double f = s->ref[b] > 0 ? (double) s->fill[b] / res->block_size : 0;

      if (s->ref[b] == 0)
        {
          ab_set_rgba (cr, AB_BORDER, 0.6);
          cairo_rectangle (cr, r.x, r.y, r.w, r.h);
          cairo_fill (cr);
          continue;
        }
      hatch (cr, r, AB_HBM);
      ab_set_rgb (cr, request_color (MAX (s->owner[b], 0)));
      cairo_rectangle (cr, r.x, r.y + r.h * (1 - f), r.w, r.h * f);
      cairo_fill (cr);
      if (s->ref[b] > 1)
        {
          g_autofree char *count = g_strdup_printf ("×%d", s->ref[b]);
          double w;
          cairo_save (cr);
          ab_set_rgb (cr, AB_ACTIVE);
          cairo_set_line_width (cr, 2 + 2 * share);
          cairo_rectangle (cr, r.x - 1, r.y - 1, r.w + 2, r.h + 2);
          cairo_stroke (cr);
          cairo_restore (cr);
          ab_text_measure (cr, AB_TEXT_VALUE_SMALL, count, -1, &w, NULL);
          if (r.h > tick_h + 2 && r.w > w + 2)
            ab_text (cr, AB_TEXT_VALUE_SMALL, count, r.x + r.w / 2, r.y + (r.h - tick_h) / 2, AB_TEXT,
                     AB_ALIGN_CENTER, -1);
        }
      if (s->copied[b])
        {
          cairo_save (cr);
          ab_set_rgb (cr, AB_TEXT);
          cairo_arc (cr, r.x + r.w / 2, r.y + r.h + MAX (row_gap, 6) / 2 + 1, 2.5 + 1.5 * share, 0, 2 * G_PI);
          cairo_fill (cr);
          cairo_restore (cr);
        }
    }

  /* The tables side by side, each block's arrow falling to its physical block. */
  for (int i = 0; i < s->n_seqs; i++)
    {
      const SeqSnap *t = &s->seqs[i];
      g_autofree char *name = seq_name (t->request, t->sample, script[t->request].n_samples);
      double tx = body.x + i * table_w, ty = body.y + small_h + 8;
      gboolean focus = (t->request == 1 && share > 0) || (t->request == LATE_REQ && late > 0);

      ab_text (cr, AB_TEXT_SMALL, name, tx, ty, focus ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, table_w);
      ty += small_h + 4;
      for (int j = 0; j < t->n_blocks; j++)
        {
          AbRect lb = { tx + j * box_w + 1, ty, box_w - 2, box_h };
          int filled = MIN (res->block_size, t->n_tokens - j * res->block_size);
          int phys = t->table[j];
          AbRect pb = block_rect (pool, per_row, row_gap, phys);
          double x0 = lb.x + lb.w / 2, y0 = lb.y + lb.h, x1 = pb.x + pb.w / 2, y1 = pb.y - 2;
          AbRgb c = s->ref[phys] > 1 ? AB_ACTIVE : request_color (t->request);

          hatch (cr, lb, AB_HBM);
          ab_set_rgb (cr, request_color (t->request));
          cairo_rectangle (cr, lb.x, lb.y + lb.h * (1 - (double) filled / res->block_size), lb.w,
                           lb.h * filled / res->block_size);
          cairo_fill (cr);
          cairo_save (cr);
          ab_set_rgba (cr, c, focus ? 0.95 : 0.45);
          cairo_set_line_width (cr, focus ? 2 : 1.2);
          cairo_move_to (cr, x0, y0);
          cairo_curve_to (cr, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, x1, y1 - 5);
          cairo_stroke (cr);
          draw_arrow_head (cr, x1, y1);
          cairo_restore (cr);
        }
    }
  if (s->n_seqs == 0)
    ab_text (cr, AB_TEXT_LABEL, _("no live sequences"), body.x, body.y + small_h + 8, AB_TEXT_DIM, AB_ALIGN_LEFT,
             body.w);
}

static void
ab_paged_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  const Snap *s = snap_at (res, position);

  draw_naive (res, s, cr, layout->stages[STAGE_NAIVE], position);
  draw_paged (res, s, cr, layout->stages[STAGE_PAGED], position);
}

static char *
ab_paged_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const Snap *s = &res->snap[MIN (step, N_STEPS - 1)];
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, _("Simulator step %d of a scripted workload in %d KV slots: R0 (prompt %d, "
                                 "output %d), R1 (prompt %d, output %d, two samples), R2 arriving at step %d "
                                 "(prompt %d, output %d, two samples). "),
                          s->sim_step, POOL_SLOTS, script[0].prompt_len, script[0].output_len,
                          script[1].prompt_len, script[1].output_len, script[2].arrival, script[2].prompt_len,
                          script[2].output_len);
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      const AbServeMetrics *m = &s->m[k];
      g_string_append_printf (str, k == AB_SERVE_NAIVE
                                     ? _("Contiguous (%d slots per sample): %d slots hold tokens, %d reserved, "
                                         "utilisation %.0f %%, %.0f %% of reserved slots empty; served %d, "
                                         "running %d, waiting %d, rejected %d. ")
                                     : _("Paged (blocks of %d): %d slots hold tokens, %d allocated, utilisation "
                                         "%.0f %%, %.0f %% of allocated slots empty; served %d, running %d, "
                                         "waiting %d, rejected %d. "),
                              k == AB_SERVE_NAIVE ? MAX_SEQ_LEN : res->block_size, m->used_slots,
                              m->reserved_slots, 100 * m->utilisation, waste_pct (m), m->finished, m->running,
                              m->waiting, m->rejected);
    }
  g_string_append_printf (str, _("%d copy-on-write copies so far. Over the whole run: contiguous served %d and "
                                 "rejected %d, paged served %d and rejected %d."),
                          (int) s->cow_copies, res->finished[AB_SERVE_NAIVE], res->rejected[AB_SERVE_NAIVE],
                          res->finished[AB_SERVE_PAGED], res->rejected[AB_SERVE_PAGED]);
  return g_string_free (str, FALSE);
}

static const AbDiagramInfo info = {
  .name = "paged-attention-blocks",
  .title = N_("PagedAttention: KV blocks through block tables"),
  .n_steps = N_STEPS,
  AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_paged_diagram_update, .draw = ab_paged_diagram_draw,
  .dup_title = ab_paged_diagram_dup_title,
  .dup_caption = ab_paged_diagram_dup_caption,
  .describe = ab_paged_diagram_describe,
};

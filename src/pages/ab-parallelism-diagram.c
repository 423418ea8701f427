/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-parallelism-diagram.c — "fa1-vs-fa2-parallelism": FlashAttention-1 and
 * FlashAttention-2 thread blocks on every SM of an A100, H100 or H200
 *
 * Two SM timelines from src/kernels/gpu-sched.c, one thin lane per SM on a
 * shared time axis: FA1 launches one block per (batch, head), FA2 one per
 * (batch, head, Q tile) (FA2 §3.2). Busy stretches are coloured by head,
 * idle SMs grey while the kernel still runs; each panel prints its blocks,
 * waves, SMs used, utilisation and makespan. Underneath, the utilisation
 * of both at batch 1, 2, 4 … 64 for the chosen heads and N, simulated the
 * same way, shows them converge once batch × heads fills the GPU.
 *
 * Steps: FA1 → FA2 → both on one axis → the batch sweep.
 */
#define G_LOG_DOMAIN "ab-parallelism-diagram"

#include "ab-parallelism-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "gpu-sched.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_FA1, STEP_FA2, STEP_COMPARE, STEP_SWEEP, N_STEPS };
enum { STAGE_FA1, STAGE_FA2, STAGE_STRIP, N_STAGES };
enum { ALG_FA1, ALG_FA2, N_ALGS };

#define TILE 128      /* Q and K/V tile rows: FA2 §3.3 tunes among {64, 128} × {64, 128} */
#define N_SWEEP 7     /* batch 1, 2, 4 … 64 */
/* Above this many blocks a lane's same-head neighbours are merged into one
 * bar, so a frame stays a few thousand rectangles. */
#define MAX_SEPARATE_BLOCKS 4000

static const char *const gpus[] = { "A100", "H100", "H200", NULL };
static const char *const head_counts[] = { "8", "16", "32", "64", NULL };
static const char *const lengths[] = { "1024", "2048", "4096", "8192", "16384", "32768", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbParallelismDiagram, ab_parallelism_diagram, info)

static const AbParamSpec params[] = {
  { .key = "gpu", .label = N_("GPU"), .kind = AB_PARAM_CHOICE, .default_value = 0, .choices = gpus },
  { .key = "batch", .label = N_("Batch size"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 64, .step = 1,
    .default_value = 1, .log_scale = TRUE, .format = "%.0f" },
  { .key = "heads", .label = N_("Heads"), .kind = AB_PARAM_CHOICE, .default_value = 2, .choices = head_counts },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .default_value = 3,
    .choices = lengths },
  { .key = "causal", .label = N_("Causal mask"), .kind = AB_PARAM_TOGGLE, .default_value = 0 },
};

static const AbLegendSpec legend[] = {
  { N_("busy SM, coloured by head (four colours, repeating)"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("idle SM while the kernel runs"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("makespan: the last block ends"), AB_COLOR_TEXT, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("FA2: sweep line, and its makespan dashed in FA1's panel"), AB_COLOR_ACTIVE, AB_SWATCH_DOT,
    AB_STEPS_ALL },
  { N_("FA1: sweep line"), AB_COLOR_TEXT_DIM, AB_SWATCH_DOT, AB_STEPS_ALL },
};

/* The two timelines side by side over the strip; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW }, { 0.3, 0.62, AB_STAGE_BELOW },
};

/* A stretch of one SM's lane: one block, or same-head blocks back to back. */
typedef struct
{
  int    sm;
  int    head;
  double start, end;
  int    n_blocks;
} Segment;

typedef struct
{
  int              gpu, sms, batch, heads, n, causal, n_tiles;
  AbSchedResult    run[N_ALGS];
  GArray          *segments[N_ALGS];
  double           sweep_util[N_ALGS][N_SWEEP];
  double           sweep_speedup[N_SWEEP];   /* FA1 makespan / FA2 makespan */
} Result;

static void
result_free (gpointer data)
{
  Result *res = data;

  for (int a = 0; a < N_ALGS; a++)
    {
      ab_sched_result_clear (&res->run[a]);
      if (res->segments[a])
        g_array_unref (res->segments[a]);
    }
  g_free (res);
}

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static void
config_for (const Result *res, AbSchedAlgo algo, int batch, AbSchedConfig *c)
{
  ab_sched_config_init (c);
  c->algo = algo;
  c->n_sms = res->sms;
  c->batch = batch;
  c->heads = res->heads;
  c->seq_len = res->n;
  c->block_m = c->block_n = TILE;
  c->causal = res->causal;
}

static GArray *
build_segments (const AbSchedResult *r)
{
  GArray *segs = g_array_new (FALSE, FALSE, sizeof (Segment));
  gboolean merge = r->n_blocks > MAX_SEPARATE_BLOCKS;

  for (int sm = 0; sm < r->n_sms; sm++)
    for (int i = r->sm_first[sm]; i < r->sm_first[sm + 1]; i++)
      {
        const AbSchedInterval *iv = &r->intervals[i];
        int head = r->blocks[iv->block].head;
        Segment *last = segs->len ? &g_array_index (segs, Segment, segs->len - 1) : NULL;

        if (merge && last && last->sm == sm && last->head % 4 == head % 4 && last->end == iv->start)
          {
            last->end = iv->end;
            last->n_blocks++;
            continue;
          }
        g_array_append_val (segs, ((Segment) { sm, head, iv->start, iv->end, 1 }));
      }
  return segs;
}

static gboolean
fail_sched (GError **error, const AbSchedError *err)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err->message);
  return FALSE;
}

static gboolean
ab_parallelism_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  AbSchedError err;

  res->gpu = (int) ab_diagram_get_param (diagram, "gpu");
  res->sms = ab_gpu_spec ((AbGpuId) res->gpu)->sms;
  res->batch = (int) ab_diagram_get_param (diagram, "batch");
  res->heads = atoi (head_counts[(int) ab_diagram_get_param (diagram, "heads")]);
  res->n = atoi (lengths[(int) ab_diagram_get_param (diagram, "n")]);
  res->causal = ab_diagram_get_param (diagram, "causal") != 0;
  res->n_tiles = (res->n + TILE - 1) / TILE;

  for (int a = 0; a < N_ALGS; a++)
    {
      AbSchedConfig c;
      config_for (res, a == ALG_FA1 ? AB_SCHED_FA1 : AB_SCHED_FA2, res->batch, &c);
      if (ab_sched_run (&c, &res->run[a], &err) != AB_SCHED_OK)
        {
          result_free (res);
          return fail_sched (error, &err);
        }
      res->segments[a] = build_segments (&res->run[a]);
    }
  for (int k = 0; k < N_SWEEP; k++)
    {
      AbSchedSummary sum[N_ALGS];
      for (int a = 0; a < N_ALGS; a++)
        {
          AbSchedConfig c;
          config_for (res, a == ALG_FA1 ? AB_SCHED_FA1 : AB_SCHED_FA2, 1 << k, &c);
          if (ab_sched_summary (&c, &sum[a], &err) != AB_SCHED_OK)
            {
              result_free (res);
              return fail_sched (error, &err);
            }
          res->sweep_util[a][k] = sum[a].utilisation;
        }
      res->sweep_speedup[k] = sum[ALG_FA1].makespan / sum[ALG_FA2].makespan;
    }
  ab_diagram_set_result (diagram, res, result_free);
  return TRUE;
}

static double
speedup (const Result *res)
{
  return res->run[ALG_FA1].makespan / res->run[ALG_FA2].makespan;
}

static char *
ab_parallelism_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->n);

  return g_strdup_printf (res->causal ? _("FA1 vs FA2 on an %s: batch %d × %d heads, N = %s, causal")
                                      : _("FA1 vs FA2 on an %s: batch %d × %d heads, N = %s"),
                          gpus[res->gpu], res->batch, res->heads, n);
}

static char *
ab_parallelism_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *fa1 = ab_format_count ((guint64) res->run[ALG_FA1].n_blocks);
  g_autofree char *fa2 = ab_format_count ((guint64) res->run[ALG_FA2].n_blocks);
  g_autofree char *x = ab_format_trimmed (speedup (res), 2);
  g_autofree char *x64 = g_strdup_printf ("%.2f", res->sweep_speedup[N_SWEEP - 1]);

  switch (step)
    {
    case STEP_FA1:
      return g_strdup_printf (_("1 · FlashAttention-1 gives each (batch, head) one thread block: %s blocks "
                                "for %d SMs"), fa1, res->sms);
    case STEP_FA2:
      return g_strdup_printf (_("2 · FlashAttention-2 also splits every head into its %d Q tiles: %s blocks "
                                "on %d of %d SMs"), res->n_tiles, fa2, res->run[ALG_FA2].sms_used, res->sms);
    case STEP_COMPARE:
      if (speedup (res) < 1.005)
        return g_strdup (_("3 · The same tile products on one time axis: at this batch both finish together"));
      return g_strdup_printf (_("3 · The same tile products on one time axis: FlashAttention-2 finishes "
                                "%s× sooner"), x);
    default:
      return g_strdup_printf (_("4 · A bigger batch fills the GPU for FA1 too, and the two converge: at "
                                "batch 64 FA1 takes %s× FA2's time"), x64);
    }
}

/* A round step for about @n ticks over [0, t_max]: 1, 2 or 5 × 10^k. */
static double
tick_step (double t_max, int n)
{
  double raw = t_max / MAX (n, 1), p = pow (10, floor (log10 (raw)));

  if (raw <= p)
    return p;
  if (raw <= 2 * p)
    return 2 * p;
  if (raw <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void
draw_vline (cairo_t *cr, double x, double y0, double y1, AbRgb color, double width, gboolean dashed)
{
  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 6, 5 }, 2, 0);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static const char *
panel_title (int alg)
{
  return alg == ALG_FA1 ? _("FA1 · one block per (batch, head)") : _("FA2 · one block per (batch, head, Q tile)");
}

/* The taller of the two titles, so both panels' lanes line up. */
static double
heading_height (cairo_t *cr, double panel_w)
{
  double h = 0, t;

  for (int a = 0; a < N_ALGS; a++)
    {
      ab_text_measure (cr, AB_TEXT_HEADING, panel_title (a), panel_w - 40, NULL, &t);
      h = MAX (h, t);
    }
  return h;
}

/* One GPU's timeline: a lane per SM, [0, t_max] across, @reveal of the
 * schedule played out. */
static void
draw_timeline (const Result *res, cairo_t *cr, AbRect panel, int alg, double t_max, double reveal,
               double other_makespan)
{
  const AbSchedResult *r = &res->run[alg];
  const GArray *segs = res->segments[alg];
  const char *title = panel_title (alg);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading = heading_height (cr, panel.w);
  double body_h, label_h, small_h, tick_h;
  double sm_label_w, lane_h, bar_h, scale, step, shown_end, y;
  g_autofree char *blocks = ab_format_count ((guint64) r->n_blocks);
  g_autofree char *wave_count = ab_format_count ((guint64) r->waves);
  g_autofree char *waves = g_strdup_printf (g_dngettext (NULL, "%s wave", "%s waves", r->waves), wave_count);
  g_autofree char *span = ab_format_count ((guint64) llround (r->makespan));
  g_autofree char *line1 = g_strdup_printf (_("<b>%s</b> blocks · %s · <b>%d</b> of %d SMs used"), blocks,
                                            waves, r->sms_used, r->n_sms);
  g_autofree char *line2 = g_strdup_printf (_("SM time busy <b>%.1f %%</b> · makespan %s tile products"),
                                            100 * r->utilisation, span);
  g_autofree char *first = g_strdup_printf (_("SM %d"), 0);
  g_autofree char *last = g_strdup_printf (_("SM %d"), r->n_sms - 1);
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_BODY, line1, panel.w - 2 * pad, NULL, &body_h);
  ab_text_measure (cr, AB_TEXT_LABEL, line2, panel.w - 2 * pad, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_SMALL, last, -1, &sm_label_w, &small_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);

  y = panel.y + 14 + heading + 6;
  ab_text (cr, AB_TEXT_BODY, line1, panel.x + pad, y, reveal > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT,
           panel.w - 2 * pad);
  y += body_h + 2;
  ab_text (cr, AB_TEXT_LABEL, line2, panel.x + pad, y, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad);
  y += label_h + 10;

  plot.x = panel.x + pad + sm_label_w + 8;
  plot.y = y;
  plot.w = panel.x + panel.w - pad - plot.x;
  plot.h = panel.y + panel.h - pad - small_h - tick_h - 10 - plot.y;
  lane_h = plot.h / r->n_sms;
  bar_h = lane_h >= 3 ? lane_h * 0.78 : lane_h;
  scale = plot.w / t_max;

  ab_text (cr, AB_TEXT_SMALL, first, plot.x - 8, plot.y, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_SMALL, last, plot.x - 8, plot.y + plot.h - small_h, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  /* Idle lanes: grey until the kernel's last block ends. */
  shown_end = r->makespan * reveal;
  cairo_save (cr);
  ab_set_rgba (cr, AB_MUTED, 0.32);
  for (int sm = 0; sm < r->n_sms && shown_end > 0; sm++)
    cairo_rectangle (cr, plot.x, plot.y + sm * lane_h + (lane_h - bar_h) / 2, shown_end * scale, bar_h);
  cairo_fill (cr);

  /* Busy stretches, head by head colour, played out up to shown_end. */
  for (int h = 0; h < 4; h++)
    {
      ab_set_rgb (cr, AB_HEADS[h]);
      for (guint i = 0; i < segs->len; i++)
        {
          const Segment *s = &g_array_index (segs, Segment, i);
          double end = MIN (s->end, shown_end);
          if (s->head % 4 != h || end <= s->start)
            continue;
          cairo_rectangle (cr, plot.x + s->start * scale, plot.y + s->sm * lane_h + (lane_h - bar_h) / 2,
                           MAX ((end - s->start) * scale, 0.6), bar_h);
        }
      cairo_fill (cr);
    }
  /* Block boundaries where blocks are wide enough to tell apart. */
  ab_set_rgb (cr, AB_PANEL);
  cairo_set_line_width (cr, 1.2);
  for (guint i = 0; i < segs->len; i++)
    {
      const Segment *s = &g_array_index (segs, Segment, i);
      double x = plot.x + s->start * scale;
      if (s->n_blocks != 1 || s->start <= 0 || s->start >= shown_end || (s->end - s->start) * scale < 4 ||
          lane_h < 3)
        continue;
      cairo_move_to (cr, x, plot.y + s->sm * lane_h + (lane_h - bar_h) / 2);
      cairo_rel_line_to (cr, 0, bar_h);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  if (reveal <= 0)
    ab_text (cr, AB_TEXT_LABEL, _("Its blocks fill these lanes in step 2."), plot.x + plot.w / 2,
             plot.y + plot.h / 2 - label_h / 2, AB_TEXT_DIM, AB_ALIGN_CENTER, plot.w);

  /* Time axis. */
  step = tick_step (t_max, plot.w > 500 ? 5 : 3);
  for (double t = 0; t <= t_max * 1.0001; t += step)
    {
      g_autofree char *text = ab_format_count ((guint64) llround (t));
      double x = plot.x + t * scale;
      draw_vline (cr, x, plot.y + plot.h, plot.y + plot.h + 4, AB_BORDER, 1, FALSE);
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, x, plot.y + plot.h + 5,
               AB_TEXT_DIM, t == 0 ? AB_ALIGN_LEFT : x + 40 > plot.x + plot.w ? AB_ALIGN_RIGHT : AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("time, in tile products (one Q tile × one K/V tile)"), plot.x + plot.w,
           plot.y + plot.h + tick_h + 8, AB_TEXT_DIM, AB_ALIGN_RIGHT, plot.w);

  /* Makespans: this kernel's, and (dashed) the other's for comparison. */
  if (reveal >= 1)
    draw_vline (cr, plot.x + r->makespan * scale, plot.y - 4, plot.y + plot.h, AB_TEXT, 2, FALSE);
  if (other_makespan > 0)
    draw_vline (cr, plot.x + other_makespan * scale, plot.y - 4, plot.y + plot.h, AB_ACTIVE, 2, TRUE);
}

static double
sweep_x (AbRect plot, int k)
{
  return plot.x + plot.w * k / (N_SWEEP - 1);
}

static double
sweep_y (AbRect plot, double util)
{
  return plot.y + plot.h * (1 - util);
}

/* Utilisation of both at batch 1 … 64; the current batch marked. */
static void
draw_sweep (const Result *res, cairo_t *cr, AbRect r, double emphasis)
{
  const char *title = _("SM time busy, batch 1 → 64");
  const AbRgb colors[N_ALGS] = { AB_TEXT_DIM, AB_ACTIVE };
  const char *names[N_ALGS] = { "FA1", "FA2" };
  double title_h, tick_h, label_w, pct_w;
  AbRect plot;

  ab_text_measure (cr, AB_TEXT_LABEL, title, r.w, NULL, &title_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "64", -1, NULL, &tick_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "100 %", -1, &pct_w, NULL);
  ab_text_measure (cr, AB_TEXT_SMALL, "FA2", -1, &label_w, NULL);
  ab_text (cr, AB_TEXT_LABEL, title, r.x, r.y, AB_TEXT, AB_ALIGN_LEFT, r.w);
  plot = (AbRect) { r.x + pct_w + 10, r.y + title_h + 10, r.w - pct_w - 10 - label_w - 12, 0 };
  plot.h = r.y + r.h - tick_h - 6 - plot.y;
  if (plot.h < 20)
    return;

  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  for (int p = 0; p <= 100; p += 50)
    {
      cairo_move_to (cr, plot.x, sweep_y (plot, p / 100.0));
      cairo_line_to (cr, plot.x + plot.w, sweep_y (plot, p / 100.0));
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "100 %", plot.x - 6, plot.y - tick_h / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "0 %", plot.x - 6, plot.y + plot.h - tick_h / 2, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  for (int k = 0; k < N_SWEEP; k++)
    {
      char text[8];
      g_snprintf (text, sizeof text, "%d", 1 << k);
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, sweep_x (plot, k), plot.y + plot.h + 4,
               (1 << k) == res->batch ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  /* The chosen batch, between the sweep's powers of two when it is one. */
  {
    double x = plot.x + plot.w * log2 (res->batch) / (N_SWEEP - 1);
    draw_vline (cr, x, plot.y, plot.y + plot.h, AB_BORDER, 2, TRUE);
  }
  for (int a = 0; a < N_ALGS; a++)
    {
      cairo_save (cr);
      ab_set_rgba (cr, colors[a], 0.55 + 0.45 * emphasis);
      cairo_set_line_width (cr, 2 + 1.5 * emphasis);
      for (int k = 0; k < N_SWEEP; k++)
        {
          double x = sweep_x (plot, k), y = sweep_y (plot, res->sweep_util[a][k]);
          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      for (int k = 0; k < N_SWEEP; k++)
        {
          cairo_arc (cr, sweep_x (plot, k), sweep_y (plot, res->sweep_util[a][k]), 3 + 1.5 * emphasis, 0,
                     2 * G_PI);
          cairo_fill (cr);
        }
      cairo_restore (cr);
    }
  /* Line names at the right end, pushed apart when they meet. */
  {
    double y1 = sweep_y (plot, res->sweep_util[ALG_FA1][N_SWEEP - 1]);
    double y2 = sweep_y (plot, res->sweep_util[ALG_FA2][N_SWEEP - 1]);
    double h, x = plot.x + plot.w + 10;
    ab_text_measure (cr, AB_TEXT_SMALL, "FA1", -1, NULL, &h);
    if (fabs (y1 - y2) < h)
      {
        double mid = (y1 + y2) / 2;
        y1 = mid + h / 2 + 1;
        y2 = mid - h / 2 - 1;
        if (y2 - h / 2 < plot.y - tick_h)
          {
            y2 = plot.y - tick_h + h / 2;
            y1 = y2 + h + 2;
          }
      }
    ab_text (cr, AB_TEXT_SMALL, names[ALG_FA1], x, y1 - h / 2, colors[ALG_FA1], AB_ALIGN_LEFT, -1);
    ab_text (cr, AB_TEXT_SMALL, names[ALG_FA2], x, y2 - h / 2, colors[ALG_FA2], AB_ALIGN_LEFT, -1);
  }
}

static void
draw_strip (const Result *res, cairo_t *cr, AbRect r, double position)
{
  g_autofree char *x = ab_format_trimmed (speedup (res), 2);
  g_autofree char *work = ab_format_count ((guint64) llround (res->run[ALG_FA1].total_work));
  g_autofree char *n = ab_format_count ((guint64) res->n);
  g_autofree char *headline =
      speedup (res) < 1.005
        ? g_strdup_printf (_("FA1 and FA2 finish together: the same %s tile products, and batch × heads "
                             "already fills the %d SMs."), work, res->sms)
      : res->run[ALG_FA2].sms_used > res->run[ALG_FA1].sms_used
        ? g_strdup_printf (_("FA2 finishes <b>%s×</b> sooner: the same %s tile products, spread over %d SMs "
                             "instead of %d."),
                           x, work, res->run[ALG_FA2].sms_used, res->run[ALG_FA1].sms_used)
        : g_strdup_printf (_("FA2 finishes <b>%s×</b> sooner: the same %s tile products on all %d SMs, but "
                             "its smaller blocks leave less of the last wave idle."),
                           x, work, res->run[ALG_FA2].sms_used);
  g_autofree char *model = g_strdup_printf (
      res->causal ? _("N = %s in %d Q tiles of %d rows; causal: a Q tile costs the K/V tiles it touches, "
                      "a diagonal tile counted whole. Blocks start in launch order on the first free SM — "
                      "the hardware scheduler to first order.")
                  : _("N = %s in %d Q tiles of %d rows; every tile product costs one unit. Blocks start in "
                      "launch order on the first free SM — the hardware scheduler to first order."),
      n, res->n_tiles, TILE);
  gboolean beside = r.w > r.h * 2.2;
  double text_w = beside ? r.w * 0.5 : r.w, y = r.y;
  AbRect chart = beside ? (AbRect) { r.x + text_w + 30, r.y, r.w - text_w - 30, r.h } : (AbRect) { 0 };

  y += ab_text (cr, AB_TEXT_BODY, headline, r.x, y, position >= STEP_COMPARE - 0.5 ? AB_TEXT : AB_TEXT_DIM,
                AB_ALIGN_LEFT, text_w) + 6;
  y += ab_text (cr, AB_TEXT_LABEL, model, r.x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, text_w) + 12;
  if (!beside)
    chart = (AbRect) { r.x, y, r.w, r.y + r.h - y };
  draw_sweep (res, cr, chart, ab_tween (position, STEP_COMPARE, STEP_SWEEP));
}

static void
ab_parallelism_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  double t_max = MAX (res->run[ALG_FA1].makespan, res->run[ALG_FA2].makespan);
  double compare = position >= STEP_COMPARE ? res->run[ALG_FA2].makespan : 0;

  draw_timeline (res, cr, layout->stages[STAGE_FA1], ALG_FA1, t_max, 1.0, compare);
  draw_timeline (res, cr, layout->stages[STAGE_FA2], ALG_FA2, t_max, ab_tween (position, STEP_FA1, STEP_FA2),
                 0);
  draw_strip (res, cr, layout->stages[STAGE_STRIP], position);
}

static char *
ab_parallelism_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbSchedResult *a = &res->run[ALG_FA1], *b = &res->run[ALG_FA2];
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("%s with %d SMs, batch %d, %d heads, N = %d%s. "), gpus[res->gpu], res->sms,
                          res->batch, res->heads, res->n, res->causal ? _(", causal") : "");
  g_string_append_printf (s, _("FlashAttention-1: %d blocks in waves of %d, %d of them; %d SMs used, %.1f %% "
                               "busy, makespan %.0f tile products. "),
                          a->n_blocks, res->sms, a->waves, a->sms_used, 100 * a->utilisation, a->makespan);
  g_string_append_printf (s, _("FlashAttention-2: %d blocks in waves of %d, %d of them; %d SMs used, %.1f %% "
                               "busy, makespan %.0f tile products, %.2f times sooner. "),
                          b->n_blocks, res->sms, b->waves, b->sms_used, 100 * b->utilisation, b->makespan,
                          speedup (res));
  g_string_append (s, _("Busy at batch 1, 2, 4, 8, 16, 32, 64:"));
  for (int alg = 0; alg < N_ALGS; alg++)
    {
      g_string_append (s, alg == ALG_FA1 ? _(" FA1") : _("; FA2"));
      for (int k = 0; k < N_SWEEP; k++)
        g_string_append_printf (s, " %.0f %%", 100 * res->sweep_util[alg][k]);
    }
  g_string_append (s, ".");
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "fa1-vs-fa2-parallelism",
  .title = N_("FA1 vs FA2: thread blocks on the GPU's SMs"),
  .n_steps = N_STEPS,
  AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_parallelism_diagram_update, .draw = ab_parallelism_diagram_draw,
  .dup_title = ab_parallelism_diagram_dup_title,
  .dup_caption = ab_parallelism_diagram_dup_caption,
  .describe = ab_parallelism_diagram_describe,
};

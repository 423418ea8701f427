/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-scoring-diagram.c — "Why divide by √d_k": additive, dot and scaled-dot
 * scores side by side, computed by src/kernels/scoring.c.
 *
 * Steps: sample q and the keys → score one row → softmax → entropy and
 * variance over the whole batch. The d_k slider (log scale, 4 → 512) reruns
 * the kernel; every number on the canvas comes from its result.
 */
#define G_LOG_DOMAIN "ab-scoring-diagram"

#include "ab-scoring-diagram.h"
#include "ab-draw.h"
#include "scoring.h"
#include "ab-values.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#define N_KEYS      16    /* keys in a row, as drawn */
#define N_ROWS     256    /* queries the statistics average over */
#define SHOWN_DIMS  32    /* vector components drawn in the sampling step */

enum { STEP_SAMPLE, STEP_SCORES, STEP_SOFTMAX, STEP_ENTROPY, N_STEPS };
enum { STAGE_ADDITIVE, STAGE_DOT, STAGE_SCALED, STAGE_EQUATIONS, N_STAGES };

AB_DEFINE_PLAIN_DIAGRAM (AbScoringDiagram, ab_scoring_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Sample a query q and 16 keys with N(0, 1) components"),
  N_("2 · Score the query against every key"),
  N_("3 · Softmax turns the scores into attention weights"),
  N_("4 · Entropy: how spread out the weights are, averaged over 256 queries"),
};

static const AbParamSpec params[] = {
  { .key = "d_k", .label = N_("Key dimension dₖ"), .kind = AB_PARAM_SLIDER, .min = 4, .max = 512,
    .step = 1, .default_value = 64, .log_scale = TRUE, .format = "%.0f" },
  { .key = "seed", .label = N_("Random sample"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100,
    .step = 1, .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("vector component: negative / positive"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEP (STEP_SAMPLE) },
  { N_("score <i>e<sub>j</sub></i> of key <i>j</i> (one row; panel colour)"), AB_COLOR_HEAD_1,
    AB_SWATCH_BOX, AB_STEPS_FROM (STEP_SCORES) },
  { N_("softmax weight <i>α<sub>j</sub></i>, on a 0 → 1 axis"), AB_COLOR_SRAM, AB_SWATCH_BOX,
    AB_STEPS_FROM (STEP_SOFTMAX) },
  { N_("entropy gauge: full = uniform weights"), AB_COLOR_MUTED, AB_SWATCH_LINE,
    AB_STEPS_FROM (STEP_ENTROPY) },
};

/* Three panels in a row over the equation strip; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW }, { 1, 1.0, AB_STAGE_ROW },
  { 0.2, 0.5, AB_STAGE_BELOW },
};

static const char *const panel_titles[AB_N_SCORE_KINDS] = {
  N_("Additive (Bahdanau)"), N_("Dot (Luong)"), N_("Scaled dot (Vaswani)"),
};

static const char *const panel_formulas[AB_N_SCORE_KINDS] = {
  "e_j = v_a^\\top \\tanh(W_a q + U_a k_j)",
  "e_j = q^\\top k_j",
  "e_j = q^\\top k_j / \\sqrt{d_k}",
};

static AbRgb
kind_color (AbScoreKind kind)
{
  return AB_HEADS[kind == AB_SCORE_ADDITIVE ? 0 : kind == AB_SCORE_DOT ? 1 : 3];
}

static const AbScoringResult *
result (AbScoringDiagram *self)
{
  return ab_diagram_get_result (AB_DIAGRAM (self));
}

/* The prose quotes runs at seed 1 (the diagram's default), one kernel run
 * per d_k (and per kind of run) for every statistic a page quotes. Runs for
 * dot-product statistics skip the additive scores, the expensive half: at
 * d_k = 512 that took most of the page's first paint. */
static GHashTable *prose_runs;

static const AbScoringResult *
sample_for_prose (int d_k, gboolean with_additive, GError **error)
{
  AbScoringConfig config = { .d_k = d_k, .n_rows = N_ROWS, .n_keys = N_KEYS, .seed = 1,
                             .dot_only = !with_additive };
  gpointer key = GINT_TO_POINTER (2 * d_k + (with_additive ? 1 : 0));
  AbScoringResult *res;

  if (prose_runs == NULL)
    prose_runs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) ab_scoring_free);
  res = g_hash_table_lookup (prose_runs, key);
  if (res == NULL && (res = ab_scoring_run (&config)) != NULL)
    g_hash_table_insert (prose_runs, key, res);
  if (res == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the scoring kernel could not sample d_k = %d"), d_k);
  return res;
}

static gboolean
ab_scoring_diagram_update (AbDiagram *diagram, GError **error)
{
  AbScoringConfig config = {
    .d_k = (int) ab_diagram_get_param (diagram, "d_k"),
    .n_rows = N_ROWS,
    .n_keys = N_KEYS,
    .seed = (uint64_t) ab_diagram_get_param (diagram, "seed"),
  };
  AbScoringResult *res = ab_scoring_run (&config);

  if (res == NULL)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the scoring kernel could not sample d_k = %d"), config.d_k);
      return FALSE;
    }
  ab_diagram_set_result (diagram, res, (GDestroyNotify) ab_scoring_free);
  return TRUE;
}

static char *
ab_scoring_diagram_dup_title (AbDiagram *diagram)
{
  return g_strdup_printf (_("Scoring functions at d<sub>k</sub> = %d"),
                          result (AB_SCORING_DIAGRAM (diagram))->config.d_k);
}

static void
draw_vectors (AbScoringDiagram *self, cairo_t *cr, AbRect r, double reveal)
{
  const AbScoringResult *res = result (self);
  int d = res->config.d_k, shown = MIN (d, SHOWN_DIMS);
  double note_h = ab_style_size (cr, AB_TEXT_SMALL) * 1.6;
  double cw = r.w / SHOWN_DIMS, ch = (r.h - note_h) / (N_KEYS + 2);
  double sym = ab_style_size (cr, AB_TEXT_SYMBOL);
  g_autofree char *note = NULL;

  ab_text (cr, AB_TEXT_SYMBOL, "q", r.x - 8, r.y + ch / 2 - sym * 0.6, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int c = 0; c < shown; c++)
    {
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, ab_color_diverging (res->q[c], 2.5), reveal));
      cairo_rectangle (cr, r.x + c * cw, r.y, cw - 1, ch - 1);
      cairo_fill (cr);
    }
  ab_text (cr, AB_TEXT_SYMBOL, "K", r.x - 8, r.y + 2 * ch, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int j = 0; j < N_KEYS; j++)
    for (int c = 0; c < shown; c++)
      {
        double row_reveal = ab_clamp01 (reveal * (N_KEYS + 4) - j * 0.25);
        AbRgb color = ab_color_diverging (res->k[(size_t) j * d + c], 2.5);
        ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, color, row_reveal));
        cairo_rectangle (cr, r.x + c * cw, r.y + (j + 2) * ch, cw - 1, ch - 1);
        cairo_fill (cr);
      }
  if (d > SHOWN_DIMS)
    note = g_strdup_printf (_("first %d of %d components shown"), SHOWN_DIMS, d);
  else
    note = g_strdup_printf (_("all %d components"), d);
  ab_text (cr, AB_TEXT_SMALL, note, r.x, r.y + r.h - note_h + 4, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

/* A bar row with its axis ends at the left and its label underneath. */
static void
draw_row_bars (cairo_t *cr, AbRect r, const double *values, double vmin, double vmax,
               AbRgb color, double reveal, const char *axis_label)
{
  char top[32], bottom[32];
  double tick = ab_style_size (cr, AB_TEXT_VALUE_SMALL);

  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_fill (cr);
  ab_draw_bars (cr, r, values, N_KEYS, vmin, vmax, color, reveal);
  g_snprintf (top, sizeof top, "%.3g", vmax);
  g_snprintf (bottom, sizeof bottom, "%.3g", vmin);
  ab_text (cr, AB_TEXT_VALUE_SMALL, top, r.x - 6, r.y, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_VALUE_SMALL, bottom, r.x - 6, r.y + r.h - tick * 1.2, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_SMALL, axis_label, r.x, r.y + r.h + 4, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

/* Variance, entropy and largest weight, with the entropy gauge; returns the height. */
static double
draw_readouts (AbScoringDiagram *self, cairo_t *cr, AbScoreKind kind, AbRect r, double emphasis,
               gboolean draw)
{
  const AbScoringResult *res = result (self);
  g_autofree char *var = g_strdup_printf (_("Var(e) = <b>%.3g</b>"), res->variance[kind]);
  g_autofree char *ent = g_strdup_printf (_("entropy = <b>%.2f</b> of %.2f nats"),
                                          res->mean_entropy[kind], res->max_entropy);
  g_autofree char *top = g_strdup_printf (_("largest weight ≈ <b>%.2f</b>"),
                                          res->mean_max_prob[kind]);
  AbRgb text = ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emphasis);
  double frac = res->mean_entropy[kind] / res->max_entropy;
  double line = ab_style_size (cr, AB_TEXT_BODY) * 1.45, gauge_h = line * 0.45;
  AbRect gauge = { r.x, r.y + line * 3 + 4, r.w, gauge_h };

  if (!draw)
    return gauge.y + gauge_h - r.y;
  ab_text (cr, AB_TEXT_BODY, var, r.x, r.y, text, AB_ALIGN_LEFT, r.w);
  ab_text (cr, AB_TEXT_BODY, ent, r.x, r.y + line, text, AB_ALIGN_LEFT, r.w);
  ab_text (cr, AB_TEXT_LABEL, top, r.x, r.y + line * 2, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);

  cairo_save (cr);
  ab_rounded_rect (cr, gauge, gauge_h / 2);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  ab_rounded_rect (cr, (AbRect) { gauge.x, gauge.y, MAX (gauge.w * frac, gauge_h), gauge.h }, gauge_h / 2);
  ab_set_rgba (cr, kind_color (kind), 0.4 + 0.6 * emphasis);
  cairo_fill (cr);
  cairo_restore (cr);
  return gauge.y + gauge_h - r.y;
}

static void
draw_panel (AbScoringDiagram *self, cairo_t *cr, AbScoreKind s, AbRect panel, double position,
            double score_max)
{
  const AbScoringResult *res = result (self);
  double pad = 20, heading = ab_style_size (cr, AB_TEXT_HEADING) * 1.4;
  double math = ab_style_size (cr, AB_TEXT_MATH_SMALL);
  double axis = ab_style_size (cr, AB_TEXT_VALUE_SMALL) * 3.4;   /* room for "-15" */
  double label = ab_style_size (cr, AB_TEXT_SMALL) * 1.5;
  double readout_h = draw_readouts (self, cr, s, panel, 0, FALSE);
  /* Landscape panels (the narrow layout) put the readouts beside the bars. */
  gboolean beside = panel.w > panel.h * 1.6;
  double readout_w = beside ? MIN (320, panel.w * 0.42) : panel.w - 2 * pad;
  double top = panel.y + 14 + heading + math * 1.9;
  AbRect content = { panel.x + pad + axis, top,
                     (beside ? panel.w - readout_w - 3 * pad : panel.w - 2 * pad) - axis,
                     panel.y + panel.h - pad - top - (beside ? 0 : readout_h + pad) };
  AbRect readouts = beside ? (AbRect) { panel.x + panel.w - pad - readout_w, top, readout_w, readout_h }
                           : (AbRect) { panel.x + pad, panel.y + panel.h - pad - readout_h,
                                        readout_w, readout_h };
  double bars_h = (content.h - 2 * label - 16) * 0.58;

  ab_draw_panel (cr, panel, _(panel_titles[s]));
  ab_math (cr, AB_TEXT_MATH_SMALL, panel_formulas[s], panel.x + pad, top - math * 0.75, kind_color (s));

  if (position < STEP_SCORES)
    {
      draw_vectors (self, cr, content, ab_tween (position, -1, 0));
      ab_text (cr, AB_TEXT_LABEL, _("Shared by all three panels: the scoring function is the only difference."),
               readouts.x, readouts.y, AB_TEXT_DIM, AB_ALIGN_LEFT, readouts.w);
      return;
    }

  draw_row_bars (cr, (AbRect) { content.x, content.y, content.w, bars_h }, res->scores[s],
                 -score_max, score_max, kind_color (s), ab_tween (position, STEP_SAMPLE, STEP_SCORES),
                 _("scores <i>e<sub>j</sub></i> (one axis for all panels)"));
  if (position > STEP_SCORES)
    {
      double prob_reveal = ab_tween (position, STEP_SCORES, STEP_SOFTMAX);
      double y = content.y + bars_h + label + 16;
      double shown[N_KEYS];
      /* Tween from the uniform distribution to the real weights. */
      for (int j = 0; j < N_KEYS; j++)
        shown[j] = (1.0 - prob_reveal) / N_KEYS + prob_reveal * res->probs[s][j];
      draw_row_bars (cr, (AbRect) { content.x, y, content.w, content.y + content.h - label - y },
                     shown, 0, 1, AB_SRAM, 1.0, _("softmax weights <i>α<sub>j</sub></i>"));
    }
  draw_readouts (self, cr, s, readouts,
                 position > STEP_SOFTMAX ? ab_tween (position, STEP_SOFTMAX, STEP_ENTROPY) : 0.0, TRUE);
}

/* The equation strip: the measured variances, highlighted, in the formulas. */
static void
draw_equations (AbScoringDiagram *self, cairo_t *cr, AbRect r)
{
  const AbScoringResult *res = result (self);
  g_autofree char *raw = g_strdup_printf ("\\operatorname{Var}(q \\cdot k) = \\color{#60a5fa}{%.1f}"
                                          " \\approx d_k = %d", res->variance[AB_SCORE_DOT], res->config.d_k);
  g_autofree char *scaled = g_strdup_printf ("\\operatorname{Var}\\!\\left(\\frac{q \\cdot k}{\\sqrt{d_k}}\\right)"
                                             " = \\color{#60a5fa}{%.2f}", res->variance[AB_SCORE_SCALED_DOT]);
  const char *why = _("Measured over 256 × 16 sampled scores: the raw variance tracks <i>d<sub>k</sub></i>, "
                      "as theory says for N(0, 1) components; the scaled one stays near 1.");
  double w1, a1, d1, w2, a2, d2, eq_w, text_x, text_w;

  ab_math_measure (cr, AB_TEXT_MATH, raw, &w1, &a1, &d1);
  ab_math_measure (cr, AB_TEXT_MATH, scaled, &w2, &a2, &d2);
  eq_w = MAX (w1, w2);
  /* Beside the equations when there is room, else under them. */
  text_x = r.x + eq_w + 40;
  text_w = r.x + r.w - text_x;
  if (text_w < 320)
    {
      double y = r.y + a1;
      ab_math (cr, AB_TEXT_MATH, raw, r.x, y, AB_TEXT);
      y += d1 + 16 + a2;
      ab_math (cr, AB_TEXT_MATH, scaled, r.x, y, AB_TEXT);
      ab_text (cr, AB_TEXT_LABEL, why, r.x, y + d2 + 16, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
      return;
    }
  ab_math (cr, AB_TEXT_MATH, raw, r.x, r.y + a1, AB_TEXT);
  ab_math (cr, AB_TEXT_MATH, scaled, r.x, r.y + a1 + d1 + 16 + a2, AB_TEXT);
  ab_text (cr, AB_TEXT_LABEL, why, text_x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, text_w);
}

static void
ab_scoring_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  AbScoringDiagram *self = AB_SCORING_DIAGRAM (diagram);
  const AbScoringResult *res = result (self);
  double score_max = 1.0;

  /* One shared score axis: the unscaled dot row dwarfs the others at large d_k. */
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    for (int j = 0; j < N_KEYS; j++)
      score_max = MAX (score_max, fabs (res->scores[s][j]));

  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    draw_panel (self, cr, s, layout->stages[STAGE_ADDITIVE + s], position, score_max);
  draw_equations (self, cr, layout->stages[STAGE_EQUATIONS]);
}

static char *
ab_scoring_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbScoringResult *res = result (AB_SCORING_DIAGRAM (diagram));

  return g_strdup_printf (
      _("Score variance: additive %.3g, dot %.3g, scaled dot %.3g. Mean softmax entropy out of "
        "%.2f nats: additive %.2f, dot %.2f, scaled dot %.2f."),
      res->variance[AB_SCORE_ADDITIVE], res->variance[AB_SCORE_DOT], res->variance[AB_SCORE_SCALED_DOT],
      res->max_entropy, res->mean_entropy[AB_SCORE_ADDITIVE], res->mean_entropy[AB_SCORE_DOT],
      res->mean_entropy[AB_SCORE_SCALED_DOT]);
}

/* Values for the prose ------------------------------------------------------ */

/* Arguments: the score kind (its index in the pattern's choice), then d_k. */
#define STAT_GETTER(fn, field)                                                \
  static char *fn (const AbValueArgs *args, GError **error)                   \
  {                                                                           \
    const AbScoringResult *res =                                              \
      sample_for_prose (args->ints[1], args->ints[0] == AB_SCORE_ADDITIVE, error); \
    return res ? ab_format_number (res->field[args->ints[0]]) : NULL;         \
  }

STAT_GETTER (get_variance, variance)
STAT_GETTER (get_entropy, mean_entropy)
STAT_GETTER (get_maxprob, mean_max_prob)

static char *
get_pair (const AbValueArgs *args, GError **error)
{
  const AbScoringResult *res = sample_for_prose (args->ints[1], FALSE, error);
  return res ? ab_format_number (res->scores[args->ints[0] == 0 ? AB_SCORE_DOT : AB_SCORE_SCALED_DOT][0])
             : NULL;
}

static char *
get_maxentropy (const AbValueArgs *args, GError **error)
{
  return ab_format_number (log ((double) N_KEYS));
}

/* The choice lists follow AbScoreKind's order. */
static const AbValueSpec scoring_values[] = {
  { "var.{additive|dot|scaled-dot}.d{1..4096}", get_variance, "variance of KIND scores at d_k = N" },
  { "entropy.{additive|dot|scaled-dot}.d{1..4096}", get_entropy, "mean softmax entropy (nats) over 16 keys" },
  { "maxprob.{additive|dot|scaled-dot}.d{1..4096}", get_maxprob, "mean largest softmax weight over 16 keys" },
  { "pair.{dot|scaled}.d{1..4096}", get_pair, "q·k (dot) or q·k/√d_k (scaled) of the first sampled pair" },
  { "maxentropy", get_maxentropy, "ln 16, the entropy of uniform weights" },
};

AB_VALUE_FAMILY (ab_scoring_values, "scoring", scoring_values);

static const AbDiagramInfo info = {
  .name = "scoring-functions",
  .title = N_("Why divide by √d_k: three scoring functions"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_scoring_diagram_update, .draw = ab_scoring_diagram_draw,
  .dup_title = ab_scoring_diagram_dup_title,
  .describe = ab_scoring_diagram_describe,
};

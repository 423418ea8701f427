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
#include "ab-book-values.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#define N_KEYS      16    /* keys in a row, as drawn */
#define N_ROWS     256    /* queries the statistics average over */
#define SHOWN_DIMS  32    /* vector components drawn in the sampling step */

enum { STEP_SAMPLE, STEP_SCORES, STEP_SOFTMAX, STEP_ENTROPY, N_STEPS };

struct _AbScoringDiagram
{
  AbDiagram        parent_instance;
  AbScoringResult *result;
};

G_DEFINE_FINAL_TYPE (AbScoringDiagram, ab_scoring_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "d_k", N_("Key dimension dₖ"), AB_PARAM_SLIDER, 4, 512, 1, 64, TRUE, NULL, "%.0f" },
  { "seed", N_("Random sample"), AB_PARAM_SLIDER, 1, 100, 1, 1, FALSE, NULL, "%.0f" },
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

static guint
ab_scoring_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_scoring_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · Sample a query q and 16 keys with N(0, 1) components"),
    N_("2 · Score the query against every key"),
    N_("3 · Softmax turns the scores into attention weights"),
    N_("4 · Entropy: how spread out the weights are, averaged over 256 queries"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

static void
ab_scoring_diagram_update (AbDiagram *diagram)
{
  AbScoringDiagram *self = AB_SCORING_DIAGRAM (diagram);
  AbScoringConfig config = {
    .d_k = (int) ab_diagram_get_param (diagram, "d_k"),
    .n_rows = N_ROWS,
    .n_keys = N_KEYS,
    .seed = (uint64_t) ab_diagram_get_param (diagram, "seed"),
  };

  g_clear_pointer (&self->result, ab_scoring_free);
  self->result = ab_scoring_run (&config);
  g_assert (self->result != NULL);
}

static AbRgb
diverging (double x)
{
  double t = ab_clamp01 (fabs (x) / 2.5);
  return ab_rgb_mix (AB_PANEL, x < 0 ? AB_HBM : AB_ACTIVE, t);
}

static void
draw_vectors (AbScoringDiagram *self, cairo_t *cr, AbRect r, double reveal)
{
  const AbScoringResult *res = self->result;
  int d = res->config.d_k, shown = MIN (d, SHOWN_DIMS);
  double cw = r.w / SHOWN_DIMS, ch = (r.h - 40) / (N_KEYS + 2);
  g_autofree char *note = NULL;

  cairo_save (cr);
  ab_draw_text (cr, "<i>q</i>", r.x - 8, r.y - 2, 18, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int c = 0; c < shown; c++)
    {
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, diverging (res->q[c]), reveal));
      cairo_rectangle (cr, r.x + c * cw, r.y, cw - 1, ch - 1);
      cairo_fill (cr);
    }
  ab_draw_text (cr, "<i>K</i>", r.x - 8, r.y + 2 * ch - 2, 18, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  for (int j = 0; j < N_KEYS; j++)
    for (int c = 0; c < shown; c++)
      {
        double row_reveal = ab_clamp01 (reveal * (N_KEYS + 4) - j * 0.25);
        ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, diverging (res->k[(size_t) j * d + c]), row_reveal));
        cairo_rectangle (cr, r.x + c * cw, r.y + (j + 2) * ch, cw - 1, ch - 1);
        cairo_fill (cr);
      }
  if (d > SHOWN_DIMS)
    note = g_strdup_printf (_("first %d of %d components shown"), SHOWN_DIMS, d);
  else
    note = g_strdup_printf (_("all %d components"), d);
  ab_draw_text (cr, note, r.x, r.y + r.h - 30, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
  cairo_restore (cr);
}

static void
draw_row_bars (cairo_t *cr, AbRect r, const double *values, double vmin, double vmax,
               AbRgb color, double reveal, const char *axis_label)
{
  char top[32], bottom[32];

  ab_set_rgba (cr, AB_BG, 1);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_fill (cr);
  ab_draw_bars (cr, r, values, N_KEYS, vmin, vmax, color, reveal);
  g_snprintf (top, sizeof top, "%.3g", vmax);
  g_snprintf (bottom, sizeof bottom, "%.3g", vmin);
  ab_draw_text (cr, top, r.x - 6, r.y - 8, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_text (cr, bottom, r.x - 6, r.y + r.h - 12, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_text (cr, axis_label, r.x, r.y + r.h + 4, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
}

static void
draw_readouts (AbScoringDiagram *self, cairo_t *cr, AbScoreKind kind, AbRect r,
               double emphasis)
{
  const AbScoringResult *res = self->result;
  g_autofree char *var = g_strdup_printf (_("Var(e) = <b>%.3g</b>"), res->variance[kind]);
  g_autofree char *ent = g_strdup_printf (_("entropy = <b>%.2f</b> of %.2f nats"),
                                          res->mean_entropy[kind], res->max_entropy);
  g_autofree char *top = g_strdup_printf (_("largest weight ≈ <b>%.2f</b>"),
                                          res->mean_max_prob[kind]);
  AbRgb text = ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emphasis);
  double frac = res->mean_entropy[kind] / res->max_entropy;
  AbRect gauge = { r.x, r.y + 92, r.w, 14 };

  ab_draw_text (cr, var, r.x, r.y, 20, AB_FONT_SANS, text, AB_ALIGN_LEFT, r.w);
  ab_draw_text (cr, ent, r.x, r.y + 30, 20, AB_FONT_SANS, text, AB_ALIGN_LEFT, r.w);
  ab_draw_text (cr, top, r.x, r.y + 60, 18, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);

  cairo_save (cr);
  ab_rounded_rect (cr, gauge, 7);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  ab_rounded_rect (cr, (AbRect) { gauge.x, gauge.y, MAX (gauge.w * frac, 14), gauge.h }, 7);
  ab_set_rgba (cr, kind_color (kind), 0.4 + 0.6 * emphasis);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
ab_scoring_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                         double position)
{
  AbScoringDiagram *self = AB_SCORING_DIAGRAM (diagram);
  const AbScoringResult *res = self->result;
  guint step = (guint) ceil (position);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *title = g_strdup_printf (_("Scoring functions at d<sub>k</sub> = %d"), res->config.d_k);
  const double margin = 40, gap = 30, top = 130, panel_h = 560;
  double panel_w = (width - 2 * margin - 2 * gap) / 3;
  double score_max = 0;
  double vectors_reveal = ab_tween (position, -1, 0);
  double score_reveal = ab_tween (position, STEP_SAMPLE, STEP_SCORES);
  double prob_reveal = ab_tween (position, STEP_SCORES, STEP_SOFTMAX);
  double ent_reveal = ab_tween (position, STEP_SOFTMAX, STEP_ENTROPY);

  ab_draw_header (cr, width, title, caption);

  /* One shared score axis: the unscaled dot row dwarfs the others at large d_k. */
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    for (int j = 0; j < N_KEYS; j++)
      score_max = MAX (score_max, fabs (res->scores[s][j]));
  score_max = MAX (score_max, 1.0);

  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    {
      AbRect panel = { margin + s * (panel_w + gap), top, panel_w, panel_h };
      AbRect inner = { panel.x + 70, panel.y + 100, panel.w - 100, 0 };
      AbRect bars = { inner.x, inner.y, inner.w, 150 };

      ab_draw_panel (cr, panel, _(panel_titles[s]));
      ab_draw_math (cr, panel_formulas[s], panel.x + 20, panel.y + 76, 24, kind_color (s));

      if (position < STEP_SCORES)
        {
          draw_vectors (self, cr, (AbRect) { inner.x, inner.y, inner.w, 300 }, vectors_reveal);
          ab_draw_text (cr, _("Shared by all three panels: the scoring function is the only difference."),
                        panel.x + 20, panel.y + 430, 18, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT,
                        panel.w - 40);
          continue;
        }

      draw_row_bars (cr, bars, res->scores[s], -score_max, score_max, kind_color (s),
                     score_reveal, _("scores <i>e<sub>j</sub></i> (one axis for all panels)"));
      if (position > STEP_SCORES)
        {
          AbRect pbars = { inner.x, bars.y + bars.h + 50, inner.w, 110 };
          double shown[N_KEYS];
          /* Tween from the uniform distribution to the real weights. */
          for (int j = 0; j < N_KEYS; j++)
            shown[j] = (1.0 - prob_reveal) / N_KEYS + prob_reveal * res->probs[s][j];
          draw_row_bars (cr, pbars, shown, 0, 1, AB_SRAM, 1.0, _("softmax weights <i>α<sub>j</sub></i>"));
        }
      draw_readouts (self, cr, s, (AbRect) { panel.x + 20, panel.y + panel.h - 130, panel.w - 40, 120 },
                     position > STEP_SOFTMAX ? ent_reveal : 0.0);
    }

  ab_diagram_draw_legend (diagram, cr, margin, top + panel_h + 22, step);
  {
    /* The equation callout: the measured values, highlighted, in the formulas. */
    g_autofree char *raw = g_strdup_printf ("\\operatorname{Var}(q \\cdot k) = \\color{#60a5fa}{%.1f}"
                                            " \\approx d_k = %d", res->variance[AB_SCORE_DOT], res->config.d_k);
    g_autofree char *scaled = g_strdup_printf ("\\operatorname{Var}\\!\\left(\\frac{q \\cdot k}{\\sqrt{d_k}}\\right)"
                                               " = \\color{#60a5fa}{%.2f}", res->variance[AB_SCORE_SCALED_DOT]);
    const double x = 560, y = top + panel_h + 22;

    ab_draw_math (cr, raw, x, y + 34, 30, AB_TEXT);
    ab_draw_math (cr, scaled, x, y + 104, 30, AB_TEXT);
    ab_draw_text (cr, _("Measured over 256 × 16 sampled scores: the raw variance tracks <i>d<sub>k</sub></i>, "
                        "as theory says for N(0, 1) components; the scaled one stays near 1."),
                  x + 520, y + 14, 19, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, width - x - 520 - margin);
  }
}

static void
ab_scoring_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("vector component: negative / positive"), AB_HBM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("score <i>e<sub>j</sub></i> of key <i>j</i> (one row; panel colour)"),
                 AB_HEADS[1], AB_SWATCH_BOX);
  ab_legend_add (legend, _("softmax weight <i>α<sub>j</sub></i>, on a 0 → 1 axis"), AB_SRAM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("entropy gauge: full = uniform weights"), AB_MUTED, AB_SWATCH_LINE);
}

static char *
ab_scoring_diagram_describe (AbDiagram *diagram, guint step)
{
  AbScoringDiagram *self = AB_SCORING_DIAGRAM (diagram);
  const AbScoringResult *res = self->result;

  return g_strdup_printf (
      _("Scoring functions at d_k = %d, step %u of %u. Score variance: additive %.3g, dot %.3g, "
        "scaled dot %.3g. Mean softmax entropy out of %.2f nats: additive %.2f, dot %.2f, scaled dot %.2f."),
      res->config.d_k, step + 1, N_STEPS,
      res->variance[AB_SCORE_ADDITIVE], res->variance[AB_SCORE_DOT], res->variance[AB_SCORE_SCALED_DOT],
      res->max_entropy, res->mean_entropy[AB_SCORE_ADDITIVE], res->mean_entropy[AB_SCORE_DOT],
      res->mean_entropy[AB_SCORE_SCALED_DOT]);
}

/* The same sampling as the scoring diagram's defaults, so text and picture agree. */
#define SCORING_ROWS N_ROWS
#define SCORING_KEYS N_KEYS
#define SCORING_SEED 1

static gboolean
parse_kind (const char *s, AbScoreKind *kind)
{
  for (int k = 0; k < AB_N_SCORE_KINDS; k++)
    if (g_strcmp0 (s, ab_score_kind_name (k)) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

/* A page quotes several statistics of one run: run the kernel once per d_k. */
static const AbScoringResult *
sample_for_prose (const AbScoringConfig *config)
{
  static GHashTable *runs;
  AbScoringResult *res;

  if (runs == NULL)
    runs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) ab_scoring_free);
  res = g_hash_table_lookup (runs, GINT_TO_POINTER (config->d_k));
  if (res == NULL && (res = ab_scoring_run (config)) != NULL)
    g_hash_table_insert (runs, GINT_TO_POINTER (config->d_k), res);
  return res;
}

/* Values for the prose (ab-book-values.c), keyed scoring.STAT.KIND.dN:
 *   scoring.var.KIND.dN        variance of KIND scores at d_k = N
 *   scoring.entropy.KIND.dN    mean softmax entropy (nats) over 16 keys
 *   scoring.maxprob.KIND.dN    mean largest softmax weight over 16 keys
 *   scoring.maxentropy         ln 16, the entropy of uniform weights
 *   scoring.pair.dot.dN        q·k for the first sampled pair at d_k = N
 *   scoring.pair.scaled.dN     the same pair's q·k/√d_k
 * KIND is additive, dot or scaled-dot. */
char *
ab_scoring_diagram_format_value (char **parts)
{
  AbScoringConfig config = { .n_rows = SCORING_ROWS, .n_keys = SCORING_KEYS, .seed = SCORING_SEED };
  const AbScoringResult *res;
  AbScoreKind kind = AB_SCORE_DOT;
  char *out = NULL;
  guint n = g_strv_length (parts);

  if (n == 2 && g_str_equal (parts[1], "maxentropy"))
    return ab_book_value_number (log ((double) SCORING_KEYS));
  if (n != 4 || !ab_book_value_parse_int (parts[3], 'd', 1, 4096, &config.d_k))
    return NULL;
  if (g_str_equal (parts[1], "pair"))
    {
      if (!g_str_equal (parts[2], "dot") && !g_str_equal (parts[2], "scaled"))
        return NULL;
    }
  else if (!parse_kind (parts[2], &kind))
    return NULL;

  res = sample_for_prose (&config);
  if (res == NULL)
    return NULL;
  if (g_str_equal (parts[1], "var"))
    out = ab_book_value_number (res->variance[kind]);
  else if (g_str_equal (parts[1], "entropy"))
    out = ab_book_value_number (res->mean_entropy[kind]);
  else if (g_str_equal (parts[1], "maxprob"))
    out = ab_book_value_number (res->mean_max_prob[kind]);
  else if (g_str_equal (parts[1], "pair"))
    out = ab_book_value_number (res->scores[g_str_equal (parts[2], "dot") ? AB_SCORE_DOT
                                                                   : AB_SCORE_SCALED_DOT][0]);
  return out;
}

static void
ab_scoring_diagram_finalize (GObject *object)
{
  AbScoringDiagram *self = AB_SCORING_DIAGRAM (object);

  g_clear_pointer (&self->result, ab_scoring_free);
  G_OBJECT_CLASS (ab_scoring_diagram_parent_class)->finalize (object);
}

static void
ab_scoring_diagram_class_init (AbScoringDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_scoring_diagram_finalize;

  diagram_class->name = "scoring-functions";
  diagram_class->title = N_("Why divide by √d_k: three scoring functions");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_scoring_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_scoring_diagram_dup_step_title;
  diagram_class->update_legacy = ab_scoring_diagram_update;
  diagram_class->draw_legacy = ab_scoring_diagram_draw;
  diagram_class->describe = ab_scoring_diagram_describe;
  diagram_class->collect_legend = ab_scoring_diagram_collect_legend;
}

static void
ab_scoring_diagram_init (AbScoringDiagram *self)
{
}

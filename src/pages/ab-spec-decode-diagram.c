/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-spec-decode-diagram.c — "speculative-decoding": a draft proposes k
 * tokens, the target verifies them in one pass
 *
 * Everything comes from ab_spec_simulate (src/kernels/spec-decode.c), a
 * seeded run of Leviathan et al.'s draft/verify process (arXiv:2211.17192,
 * §3.1: each draft token accepted with probability α): the first verify
 * steps as rows of draft tokens (kept, rejected, discarded after a
 * rejection) plus the target's own token, and the mean tokens per verify
 * step over the whole run against the closed form (1 − α^{k+1}) / (1 − α)
 * (Eq. 1), for every k from 1 to 10 at the chosen α.
 *
 * Steps: the draft proposes → the target verifies → the average vs the
 * closed form.
 */
#define G_LOG_DOMAIN "ab-spec-decode-diagram"

#include "ab-spec-decode-diagram.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "spec-decode.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

enum { STEP_DRAFT, STEP_VERIFY, STEP_MEAN, N_STEPS };
enum { STAGE_ROWS, STAGE_CHART, N_STAGES };

#define N_SIM    2000   /* verify steps per simulation: the mean is within ~2 % of E[X] */
#define N_SHOWN  8      /* verify steps drawn as rows */
#define K_MAX    10

AB_DEFINE_PLAIN_DIAGRAM (AbSpecDecodeDiagram, ab_spec_decode_diagram, info)

static const char *const steps[] = {
  N_("1 · A small draft model proposes k tokens, one after another, cheaply"),
  N_("2 · The target model scores all k in one pass: it keeps the accepted prefix and adds one token of its own"),
  N_("3 · Averaged over the run, tokens per verify step match the closed form (1 − α<sup>k+1</sup>) / (1 − α)"),
};

static const AbParamSpec params[] = {
  { .key = "alpha", .label = N_("Acceptance rate α"), .kind = AB_PARAM_SLIDER, .min = 0.05, .max = 0.99,
    .step = 0.01, .default_value = 0.8, .format = "%.2f" },
  { .key = "k", .label = N_("Draft length k"), .kind = AB_PARAM_SLIDER, .min = 1, .max = K_MAX, .step = 1,
    .default_value = 4, .format = "%.0f" },
  { .key = "seed", .label = N_("Seed"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100, .step = 1,
    .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("draft token, not yet verified"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEP (STEP_DRAFT) },
  { N_("draft token accepted"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_VERIFY) },
  { N_("rejected (and the drafts after it, discarded)"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_VERIFY) },
  { N_("the target's own token: correction or bonus"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_VERIFY) },
  { N_("closed form E[tokens per step]"), AB_COLOR_TEXT_DIM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("simulated mean"), AB_COLOR_ACTIVE, AB_SWATCH_DOT, AB_STEPS_ALL },
};

static const AbStageSpec stages[N_STAGES] = {
  { 0.85, 1.0, AB_STAGE_ROW }, { 1, 0.9, AB_STAGE_ROW },
};

typedef struct
{
  double       alpha;
  int          k, seed;
  AbSpecStep   shown[N_SHOWN];
  AbSpecResult run;
  double       mean[K_MAX + 1], closed[K_MAX + 1];
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_spec_decode_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  g_autofree AbSpecStep *all = g_new (AbSpecStep, N_SIM);
  AbKError err = { 0 };

  res->alpha = ab_diagram_get_param (diagram, "alpha");
  res->k = (int) ab_diagram_get_param (diagram, "k");
  res->seed = (int) ab_diagram_get_param (diagram, "seed");
  for (int k = 1; k <= K_MAX; k++)
    {
      AbSpecResult r;
      if (ab_spec_simulate (res->alpha, k, N_SIM, (uint64_t) res->seed, k == res->k ? all : NULL, &r, &err)
          != AB_K_OK)
        {
          g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "speculative decoding: %s",
                       err.message);
          g_free (res);
          return FALSE;
        }
      res->mean[k] = r.mean;
      res->closed[k] = ab_spec_expected_tokens (res->alpha, k);
      if (k == res->k)
        res->run = r;
    }
  memcpy (res->shown, all, sizeof res->shown);
  ab_diagram_set_result (diagram, res, g_free);
  return TRUE;
}

static char *
ab_spec_decode_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);

  return g_strdup_printf (_("Speculative decoding: α = %.2f, k = %d"), res->alpha, res->k);
}

static void
box (cairo_t *cr, AbRect r, AbRgb color, double alpha, gboolean outline)
{
  cairo_save (cr);
  ab_rounded_rect (cr, r, 3);
  ab_set_rgba (cr, color, alpha);
  if (outline)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
  cairo_restore (cr);
}

/* The first verify steps, one row each. */
static void
draw_rows (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("The first verify steps of the run");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), th, sh, label_w, y, row_h, cell, verify;
  int total = 0;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &th);
  ab_text_measure (cr, AB_TEXT_SMALL, "step 8", -1, &label_w, &sh);
  verify = ab_tween (position, STEP_DRAFT, STEP_VERIFY);
  y = panel.y + 14 + th + 10;
  row_h = (panel.y + panel.h - pad - 2 * sh - 8 - y) / N_SHOWN;
  {
    g_autofree char *widest = g_strdup_printf (g_dngettext (NULL, "+%d token", "+%d tokens", K_MAX + 1), K_MAX + 1);
    double count_w;
    ab_text_measure (cr, AB_TEXT_SMALL, widest, -1, &count_w, NULL);
    cell = MIN ((panel.w - 2 * pad - label_w - 12 - count_w - 16) / (res->k + 1.4), row_h * 0.86);
  }
  for (int i = 0; i < N_SHOWN; i++)
    {
      const AbSpecStep *st = &res->shown[i];
      double ry = y + i * row_h, x = panel.x + pad + label_w + 12;
      g_autofree char *name = g_strdup_printf (_("step %d"), i + 1);
      g_autofree char *count = g_strdup_printf (g_dngettext (NULL, "+%d token", "+%d tokens", st->emitted),
                                                st->emitted);

      total += st->emitted;
      ab_text (cr, AB_TEXT_SMALL, name, panel.x + pad, ry + (cell - sh) / 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      for (int j = 0; j < st->drafted; j++)
        {
          AbRect r = { x + j * cell + 1, ry, cell - 3, cell - 3 };
          AbRgb c = j < st->accepted ? AB_SRAM : AB_HBM;
          double a = j <= st->accepted ? 1.0 : 0.35;
          box (cr, r, AB_MUTED, 1 - verify, FALSE);
          box (cr, r, c, a * verify, FALSE);
          if (j > st->accepted && verify > 0.5)
            {
              cairo_save (cr);
              ab_set_rgb (cr, AB_BG);
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, r.x + 3, r.y + r.h - 3);
              cairo_line_to (cr, r.x + r.w - 3, r.y + 3);
              cairo_stroke (cr);
              cairo_restore (cr);
            }
        }
      /* The target's token goes after the accepted prefix. */
      if (verify > 0)
        {
          AbRect r = { x + (st->drafted + 0.4) * cell + 1, ry, cell - 3, cell - 3 };
          box (cr, r, AB_ACTIVE, verify, FALSE);
          ab_text (cr, AB_TEXT_SMALL, count, r.x + r.w + 8, ry + (cell - 3 - sh) / 2,
                   st->accepted == st->drafted ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
        }
    }
  if (verify > 0.5)
    {
      g_autofree char *sum = g_strdup_printf (_("%d tokens in %d target passes, not %d"), total, N_SHOWN, N_SHOWN);
      ab_text (cr, AB_TEXT_LABEL, sum, panel.x + pad, y + N_SHOWN * row_h + 2, AB_TEXT, AB_ALIGN_LEFT,
               panel.w - 2 * pad);
    }
}

/* Tokens per verify step against k: the closed form and the simulation. */
static void
draw_chart (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Tokens per verify step vs draft length k");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), th, tick_h, tick_w, y, y_max = 1;
  double emph = ab_tween (position, STEP_VERIFY, STEP_MEAN);
  g_autofree char *closed = ab_format_trimmed (res->closed[res->k], 3);
  g_autofree char *mean = ab_format_trimmed (res->run.mean, 3);
  g_autofree char *n = ab_format_count ((guint64) res->run.steps);
  g_autofree char *line = g_strdup_printf (_("k = %d: simulated <b>%s</b> over %s steps · closed form <b>%s</b>"),
                                           res->k, mean, n, closed);
  g_autofree char *line2 = g_strdup_printf (_("all %d drafts kept in %.0f %% of steps (α<sup>k</sup> = %.0f %%)"),
                                            res->k, 100.0 * res->run.all_accepted / res->run.steps,
                                            100 * pow (res->alpha, res->k));
  AbRect plot;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &th);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "10", -1, &tick_w, &tick_h);
  y = panel.y + 14 + th + 6;
  y += ab_text (cr, AB_TEXT_BODY, line, panel.x + pad, y, emph > 0.5 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT,
                panel.w - 2 * pad) + 2;
  y += ab_text (cr, AB_TEXT_LABEL, line2, panel.x + pad, y, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 2 * pad) + 14;
  for (int k = 1; k <= K_MAX; k++)
    y_max = MAX (y_max, MAX (res->closed[k], res->mean[k]));
  y_max = ceil (y_max + 0.5);
  plot = (AbRect) { panel.x + pad + tick_w + 10, y, 0, 0 };
  plot.w = panel.x + panel.w - pad - plot.x - 10;
  plot.h = panel.y + panel.h - pad - 2 * tick_h - 12 - plot.y;
  if (plot.h < 30)
    return;
#define PX(k) (plot.x + plot.w * ((k) - 1) / (K_MAX - 1))
#define PY(v) (plot.y + plot.h * (1 - ((v) - 0) / y_max))
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  for (int v = 0; v <= (int) y_max; v += y_max > 6 ? 2 : 1)
    {
      char text[8];
      cairo_move_to (cr, plot.x, PY (v));
      cairo_line_to (cr, plot.x + plot.w, PY (v));
      cairo_stroke (cr);
      g_snprintf (text, sizeof text, "%d", v);
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, plot.x - 6, PY (v) - tick_h / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  cairo_restore (cr);
  for (int k = 1; k <= K_MAX; k++)
    {
      char text[8];
      g_snprintf (text, sizeof text, "%d", k);
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, PX (k), plot.y + plot.h + 4, k == res->k ? AB_TEXT : AB_TEXT_DIM,
               AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("draft length k"), plot.x + plot.w, plot.y + plot.h + tick_h + 8, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  /* The current k, and the k + 1 ceiling: every draft kept. */
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_move_to (cr, PX (res->k), plot.y);
  cairo_line_to (cr, PX (res->k), plot.y + plot.h);
  cairo_stroke (cr);
  cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  cairo_clip (cr);
  ab_set_rgba (cr, AB_MUTED, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, PX (1), PY (2));
  cairo_line_to (cr, PX (K_MAX), PY (K_MAX + 1));
  cairo_stroke (cr);
  cairo_restore (cr);
  /* Its label high up, right of the line, where the curve never reaches. */
  if (y_max - 0.6 - 1 >= 1 && y_max - 0.6 - 1 <= K_MAX - 2)
    ab_text (cr, AB_TEXT_SMALL, _("k + 1: all kept"), PX (y_max - 1.6) + 10, PY (y_max - 0.6) - tick_h / 2,
             AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  /* Closed form, drawn as a line through k = 1 … 10. */
  cairo_save (cr);
  ab_set_rgb (cr, AB_TEXT_DIM);
  cairo_set_line_width (cr, 2);
  for (int k = 1; k <= K_MAX; k++)
    {
      if (k == 1)
        cairo_move_to (cr, PX (k), PY (res->closed[k]));
      else
        cairo_line_to (cr, PX (k), PY (res->closed[k]));
    }
  cairo_stroke (cr);
  ab_set_rgb (cr, AB_ACTIVE);
  for (int k = 1; k <= K_MAX; k++)
    {
      cairo_new_path (cr);
      cairo_arc (cr, PX (k), PY (res->mean[k]), k == res->k ? 5 + 2 * emph : 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);
#undef PX
#undef PY
}

static void
ab_spec_decode_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_rows (res, cr, layout->stages[STAGE_ROWS], position);
  draw_chart (res, cr, layout->stages[STAGE_CHART], position);
}

static char *
ab_spec_decode_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("Acceptance rate %.2f, draft length %d, seed %d. Accepted drafts in the first %d "
                               "verify steps:"), res->alpha, res->k, res->seed, N_SHOWN);
  for (int i = 0; i < N_SHOWN; i++)
    g_string_append_printf (s, " %d", res->shown[i].accepted);
  g_string_append_printf (s, _(". Over %d steps the simulation emits %.3f tokens per step; the closed form gives "
                               "%.3f. Simulated means for k = 1 to %d:"),
                          res->run.steps, res->run.mean, res->closed[res->k], K_MAX);
  for (int k = 1; k <= K_MAX; k++)
    g_string_append_printf (s, " %.2f", res->mean[k]);
  g_string_append (s, ".");
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "speculative-decoding",
  .title = N_("Speculative decoding: draft, then verify"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_spec_decode_diagram_update, .draw = ab_spec_decode_diagram_draw,
  .dup_title = ab_spec_decode_diagram_dup_title,
  .describe = ab_spec_decode_diagram_describe,
};

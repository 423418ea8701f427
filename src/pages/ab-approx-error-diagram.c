/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-approx-error-diagram.c — "What the approximations lose": relative output
 * error against budget for every method of 2019–2021, on a smooth input and
 * on a needle input, measured by src/kernels/approx-error.c.
 *
 * Steps: the exact methods at float rounding → the smooth input → the
 * needle input → the needle weight Â[i*, j*] against A[i*, j*] → the same
 * points against FLOPs. update() sweeps each method over a budget grid
 * (window radius r, BigBird radius r, LSH buckets b, Linformer rank k,
 * Performer features m) and keeps the sweeps in a cache per (input, N,
 * draw), so stepping and switching inputs back never recompute. At the
 * default N = 128 both sweeps and the needle readout take about 0.13 s of
 * CPU (0.4 s wall at load average 6 on the two-core development machine,
 * 2026-12-02); N = 256 about three times that, hence the two choices.
 * The drawing is in ab-approx-error-diagram-draw.c.
 */
#define G_LOG_DOMAIN "ab-approx-error-diagram"

#include "ab-approx-error-diagram.h"
#include "ab-approx-error-diagram-private.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>

struct _AbApproxErrorDiagram
{
  AbDiagram   parent_instance;
  GHashTable *sweeps;   /* cache key → AbAeSweep*, both owned */
};

AB_DEFINE_DIAGRAM (AbApproxErrorDiagram, ab_approx_error_diagram, info)

static const char *const steps[AB_AE_N_STEPS] = {
  N_("1 · The exact methods, chunked (Rabe &amp; Staats) and FlashAttention, sit at about "
     "10⁻⁷: float rounding, not approximation"),
  N_("2 · Smooth input (attention spread over every key): pooling and kernel features look "
     "fine, local windows miss most of the weight"),
  N_("3 · Needle input, error on the needle row: low-rank and kernel methods blur the needle "
     "away, windows miss it until r reaches it; LSH, hashing by content, finds it"),
  N_("4 · Why retrieval breaks: the weight each method gives the needle, Â[i*, j*], against "
     "exact attention’s A[i*, j*]"),
  N_("5 · What it costs: the same points against FLOPs, as a multiple of dense attention’s 4N²d"),
};

static const char *const inputs[] = { "by-step", "smooth", "needle", NULL };
static const char *const lengths[] = { "128", "256", NULL };
static const int length_values[] = { 128, 256 };

static const AbParamSpec params[] = {
  { .key = "input", .label = N_("Input (by-step: smooth, then the needle)"), .kind = AB_PARAM_CHOICE,
    .default_value = AB_AE_INPUT_BY_STEP, .choices = inputs },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = lengths },
  { .key = "draw", .label = N_("Random draw (inputs and methods)"), .kind = AB_PARAM_SLIDER,
    .min = 1, .max = 50, .step = 1, .default_value = 1, .format = "%.0f" },
};

/* One colour per method, the same in the plot, the readout and here. */
static const AbLegendSpec legend[] = {
  { N_("chunked, exact"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("FlashAttention, exact"), AB_COLOR_TEXT, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("sliding window"), AB_COLOR_HEAD_0, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("BigBird"), AB_COLOR_HBM, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("Reformer LSH"), AB_COLOR_HEAD_2, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("Linformer, random E, F"), AB_COLOR_HEAD_1, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("Linformer, pooling E, F"), AB_COLOR_ACTIVE, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("Performer (FAVOR+)"), AB_COLOR_HEAD_3, AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("linear, elu + 1"), AB_COLOR_MUTED, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* The plot beside the per-method readout; stacked when narrow. */
static const AbStageSpec stages[AB_AE_N_STAGES] = {
  { 1.6, 1.1, AB_STAGE_ROW }, { 1.0, 1.0, AB_STAGE_ROW },
};

static const AbColor method_colors[AB_APPROX_N_METHODS] = {
  AB_COLOR_SRAM, AB_COLOR_TEXT, AB_COLOR_HEAD_0, AB_COLOR_HBM, AB_COLOR_HEAD_2,
  AB_COLOR_HEAD_1, AB_COLOR_ACTIVE, AB_COLOR_HEAD_3, AB_COLOR_MUTED,
};

static const char *const method_labels[AB_APPROX_N_METHODS] = {
  N_("chunked"), N_("FlashAttention"), N_("window"), N_("BigBird"), N_("LSH"),
  N_("Linformer"), N_("Linformer pool"), N_("Performer"), N_("linear"),
};

AbRgb
ab_ae_method_color (AbApproxMethod m)
{
  return ab_color (method_colors[m]);
}

const char *
ab_ae_method_label (AbApproxMethod m)
{
  return _(method_labels[m]);
}

char *
ab_ae_budget_text (AbApproxMethod m, int budget)
{
  switch (m)
    {
    case AB_APPROX_METHOD_WINDOW:
    case AB_APPROX_METHOD_BIGBIRD:
      return g_strdup_printf (_("r = %d"), budget);
    case AB_APPROX_METHOD_LSH:
      return g_strdup_printf (_("b = %d"), budget);
    case AB_APPROX_METHOD_LINFORMER:
    case AB_APPROX_METHOD_LINFORMER_POOL:
      return g_strdup_printf (_("k = %d"), budget);
    case AB_APPROX_METHOD_PERFORMER:
      return g_strdup_printf (_("m = %d"), budget);
    default:
      return g_strdup ("—");
    }
}

char *
ab_ae_format_error (double value)
{
  int exponent;
  double mantissa;

  if (!isfinite (value))
    return g_strdup ("—");
  if (value >= 0.01 || value == 0)
    return g_strdup_printf (value >= 10 ? "%.0f" : value >= 1 ? "%.1f" : "%.2f", value);
  exponent = (int) floor (log10 (value));
  mantissa = value / pow (10, exponent);
  if (mantissa >= 9.95)
    {
      mantissa /= 10;
      exponent++;
    }
  return g_strdup_printf ("%.1f×10<sup>−%d</sup>", mantissa, -exponent);
}

double
ab_ae_needle_mix (const AbAeView *view, double position)
{
  if (view->input == AB_AE_INPUT_SMOOTH)
    return 0;
  if (view->input == AB_AE_INPUT_NEEDLE)
    return 1;
  return ab_tween (position, AB_AE_STEP_SMOOTH, AB_AE_STEP_NEEDLE);
}

/* Sweeping ---------------------------------------------------------------- */

/* The budgets a method is measured at: powers of two up to where the method
 * is dense or exact (r = N, k = N), up to N/8 buckets (8 or more tokens a
 * bucket) and m = 4d features, with the kernel's default budget among them. */
static int
budget_grid (AbApproxMethod m, int n, int d, int *out)
{
  int count = 0, lo = 0, hi = 0, def = ab_approx_default_budget (m, n, d);

  switch (m)
    {
    case AB_APPROX_METHOD_WINDOW:
    case AB_APPROX_METHOD_BIGBIRD:
      lo = 1, hi = n;
      break;
    case AB_APPROX_METHOD_LSH:
      lo = 2, hi = n / 8;
      break;
    case AB_APPROX_METHOD_LINFORMER:
    case AB_APPROX_METHOD_LINFORMER_POOL:
      lo = 2, hi = n;
      break;
    case AB_APPROX_METHOD_PERFORMER:
      lo = 8, hi = 4 * d;
      break;
    default:
      out[0] = 0;
      return 1;
    }
  for (int b = lo; b <= hi && count < AB_AE_MAX_POINTS - 1; b *= 2)
    out[count++] = b;
  /* keep the default budget on the grid (N is a power of two, so it is) */
  for (int i = 0; i < count; i++)
    if (out[i] == def)
      return count;
  out[count++] = def;
  for (int i = count - 1; i > 0 && out[i] < out[i - 1]; i--)
    {
      int t = out[i];
      out[i] = out[i - 1];
      out[i - 1] = t;
    }
  return count;
}

static AbAeSweep *
sweep_run (AbApproxInputKind kind, int n, int draw, GError **error)
{
  AbApproxInputConfig cfg;
  AbApproxProblem problem;
  AbApproxError err;
  g_autofree AbAeSweep *sweep = g_new0 (AbAeSweep, 1);
  gboolean needle = kind == AB_APPROX_INPUT_NEEDLE;

  ab_approx_input_config_init (&cfg);
  cfg.n = n;
  cfg.d = AB_AE_HEAD_DIM;
  cfg.kind = kind;
  cfg.seed = AB_AE_INPUT_SEED + (uint64_t) draw - 1;
  /* the needle weights need the reference matrix: N × N doubles, 128 KiB at N = 128 */
  if (ab_approx_problem_init (&problem, &cfg, needle, &err) != AB_APPROX_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the approximation problem could not be built: %s"), err.message);
      return NULL;
    }
  sweep->kind = kind;
  sweep->n = n;
  sweep->d = cfg.d;
  sweep->draw = draw;
  sweep->needle_query = problem.needle_query;
  sweep->needle_key = problem.needle_key;

  for (int m = 0; m < AB_APPROX_N_METHODS; m++)
    {
      AbAeCurve *c = &sweep->curves[m];
      int def = ab_approx_default_budget (m, n, cfg.d);

      c->n_points = budget_grid (m, n, cfg.d, c->budget);
      c->needle_weight = c->needle_weight_exact = NAN;
      for (int i = 0; i < c->n_points; i++)
        {
          AbApproxMethodConfig mc = { .method = m, .budget = c->budget[i], .seed = (uint64_t) draw };
          AbApproxResult r;
          /* the matrix (N² extra work) only where the readout shows it */
          gboolean at_default = c->budget[i] == def;
          gboolean matrix = needle && at_default && !ab_approx_method_is_exact (m);

          if (ab_approx_measure (&problem, &mc, matrix, &r, &err) != AB_APPROX_OK)
            {
              g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                           _("%s at budget %d could not be measured: %s"),
                           ab_approx_method_name (m), c->budget[i], err.message);
              ab_approx_problem_clear (&problem);
              return NULL;
            }
          c->error[i] = r.output_error;
          c->needle_error[i] = r.needle_error;
          c->flops[i] = r.flops;
          if (at_default)
            {
              c->default_index = i;
              if (matrix)
                {
                  c->needle_weight = r.needle_weight;
                  c->needle_weight_exact = r.needle_weight_exact;
                }
            }
          if (m == AB_APPROX_METHOD_FLASH)
            sweep->dense_flops = r.flops;
        }
    }
  ab_approx_problem_clear (&problem);
  return g_steal_pointer (&sweep);
}

static gpointer
cache_key (AbApproxInputKind kind, int n, int draw)
{
  return GINT_TO_POINTER ((draw << 16) | (n << 1) | (int) kind);
}

static const AbAeSweep *
cached_sweep (AbApproxErrorDiagram *self, AbApproxInputKind kind, int n, int draw, GError **error)
{
  AbAeSweep *sweep;

  if (self->sweeps == NULL)
    self->sweeps = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  sweep = g_hash_table_lookup (self->sweeps, cache_key (kind, n, draw));
  if (sweep == NULL && (sweep = sweep_run (kind, n, draw, error)) != NULL)
    g_hash_table_insert (self->sweeps, cache_key (kind, n, draw), sweep);
  return sweep;
}

static gboolean
ab_approx_error_diagram_update (AbDiagram *diagram, GError **error)
{
  AbApproxErrorDiagram *self = AB_APPROX_ERROR_DIAGRAM (diagram);
  int input = (int) ab_diagram_get_param (diagram, "input");
  int n = length_values[(int) ab_diagram_get_param (diagram, "n")];
  int draw = (int) ab_diagram_get_param (diagram, "draw");
  g_autofree AbAeView *view = g_new0 (AbAeView, 1);
  view->input = input;
  if (input != AB_AE_INPUT_NEEDLE
      && (view->smooth = cached_sweep (self, AB_APPROX_INPUT_SMOOTH, n, draw, error)) == NULL)
    return FALSE;
  if (input != AB_AE_INPUT_SMOOTH
      && (view->needle = cached_sweep (self, AB_APPROX_INPUT_NEEDLE, n, draw, error)) == NULL)
    return FALSE;
  ab_diagram_set_result (diagram, g_steal_pointer (&view), g_free);
  return TRUE;
}

static const AbAeView *
view_of (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static const AbAeSweep *
any_sweep (const AbAeView *view)
{
  return view->smooth ? view->smooth : view->needle;
}

static char *
ab_approx_error_diagram_dup_title (AbDiagram *diagram)
{
  const AbAeSweep *s = any_sweep (view_of (diagram));

  return g_strdup_printf (_("What the approximations lose, measured at N = %d, d = %d"),
                          s->n, s->d);
}

static char *
ab_approx_error_diagram_dup_note (AbDiagram *diagram, guint step)
{
  const AbAeSweep *s = any_sweep (view_of (diagram));
  int iq = s->n - 1, jk = s->n / 8;   /* the kernel's default needle positions */

  return g_strdup_printf (
      _("One head, N = %d, d = %d, computed live. Smooth: Gaussian Q, K, V, scores of std 0.5. "
        "Needle: query i* = %d scores 12 on key j* = %d. Seeds: inputs %d, methods %d. "
        "LSH runs on shared-QK attention; the book’s Linformer E, F are seeded random or pooling, "
        "not learned as in the paper."),
      s->n, s->d, iq, jk, AB_AE_INPUT_SEED + s->draw - 1, s->draw);
}

static void
ab_approx_error_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  ab_ae_draw (view_of (diagram), cr, layout, position);
}

/* "window 2.7 at r = 8 (6.4 at r = 1 … 2.4e-8 at r = 128)" for every method. */
static void
describe_errors (GString *out, const AbAeSweep *s, gboolean needle_row)
{
  for (int m = 0; m < AB_APPROX_N_METHODS; m++)
    {
      const AbAeCurve *c = &s->curves[m];
      const double *e = needle_row ? c->needle_error : c->error;
      int di = c->default_index, last = c->n_points - 1;
      g_autofree char *b = ab_ae_budget_text (m, c->budget[di]);

      if (c->n_points == 1)
        g_string_append_printf (out, _(" %s %.2g (no budget)."), ab_ae_method_label (m), e[di]);
      else
        {
          g_autofree char *b0 = ab_ae_budget_text (m, c->budget[0]);
          g_autofree char *b1 = ab_ae_budget_text (m, c->budget[last]);
          g_string_append_printf (out, _(" %s %.2g at %s (from %.2g at %s to %.2g at %s)."),
                                  ab_ae_method_label (m), e[di], b, e[0], b0, e[last], b1);
        }
    }
}

/* Each step states what its frame shows: the plotted errors (the whole
 * output on the smooth input, the needle row on the needle input), then
 * the step's readout column. */
static char *
ab_approx_error_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbAeView *view = view_of (diagram);
  gboolean needle = ab_ae_needle_mix (view, step) >= 0.5;
  const AbAeSweep *s = needle ? view->needle : view->smooth;
  const AbAeCurve *c = s->curves;
  GString *out = g_string_new (NULL);

  /* float32 machine epsilon: 2⁻²³ ≈ 1.19e-7 (IEEE 754-2008, binary32, 24-bit significand) */
  if (step == AB_AE_STEP_EXACT)
    g_string_append_printf (out, _("Exact methods against a double-precision reference: chunked %.2g, "
                                   "FlashAttention %.2g, both float rounding (float32 machine epsilon "
                                   "1.2e-7)."),
                            c[AB_APPROX_METHOD_CHUNKED].error[0], c[AB_APPROX_METHOD_FLASH].error[0]);
  if (needle)
    {
      g_string_append_printf (out, _(" Needle input: query i* = %d puts %.3f of its weight on key "
                                     "j* = %d. Error on that row, at the default budget and over the grid:"),
                              s->needle_query, c[AB_APPROX_METHOD_WINDOW].needle_weight_exact, s->needle_key);
      describe_errors (out, s, TRUE);
      g_string_append_printf (out, _(" The sliding window reaches j* only at r ≥ %d."),
                              s->needle_query - s->needle_key);
    }
  else
    {
      g_string_append_printf (out, _(" Smooth input, relative output error over all %d × %d outputs, "
                                     "at the default budget and over the grid:"), s->n, s->d);
      describe_errors (out, s, FALSE);
    }
  if (needle && step == AB_AE_STEP_WEIGHT)
    {
      gboolean first = TRUE;
      g_string_append (out, _(" Needle weight Â[i*, j*] against exact A[i*, j*] at the default budgets:"));
      for (int m = 0; m < AB_APPROX_N_METHODS; m++)
        if (!ab_approx_method_is_exact (m))
          {
            g_string_append_printf (out, _("%s %s %.3g of %.3g"), first ? "" : ",", ab_ae_method_label (m),
                                    c[m].needle_weight, c[m].needle_weight_exact);
            first = FALSE;
          }
      g_string_append (out, ".");
    }
  if (step >= AB_AE_STEP_COST)
    {
      g_string_append_printf (out, _(" FLOPs at the default budgets as a multiple of dense attention's "
                                     "4N²d = %" G_GUINT64_FORMAT ":"), s->dense_flops);
      for (int m = 0; m < AB_APPROX_N_METHODS; m++)
        g_string_append_printf (out, "%s %s %.2f×", m ? "," : "", ab_ae_method_label (m),
                                (double) c[m].flops[c[m].default_index] / (double) s->dense_flops);
      g_string_append (out, ".");
    }
  return g_strchug (g_string_free (out, FALSE));
}

static void
ab_approx_error_diagram_finalize (GObject *object)
{
  AbApproxErrorDiagram *self = AB_APPROX_ERROR_DIAGRAM (object);

  g_clear_pointer (&self->sweeps, g_hash_table_unref);
  G_OBJECT_CLASS (ab_approx_error_diagram_parent_class)->finalize (object);
}

static const AbDiagramInfo info = {
  .name = "approximation-error",
  .title = N_("What the approximations lose: error against budget"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_approx_error_diagram_update, .draw = ab_approx_error_diagram_draw,
  .dup_title = ab_approx_error_diagram_dup_title,
  .dup_note = ab_approx_error_diagram_dup_note,
  .describe = ab_approx_error_diagram_describe,
  .finalize = ab_approx_error_diagram_finalize,
};

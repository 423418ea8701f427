/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-posenc-diagram.c — sinusoidal positional encodings, and what their dot
 * product says about distance, computed by src/kernels/posenc.c
 *
 * Left: the encoding table, positions down, dimensions across, on the
 * diverging scale (−1 red, +1 blue). Right: the similarity
 * PE(p)·PE(p+k) / (d/2) against the offset k, for the chosen position p; the
 * last step overlays two other positions, whose curves land on the same line
 * because the dot product depends only on k.
 *
 * Steps: the table → one position's vector and its similarity to the
 * others → the same curve from any starting position.
 */
#define G_LOG_DOMAIN "ab-posenc-diagram"

#include "ab-posenc-diagram.h"
#include "ab-format.h"
#include "ab-draw.h"
#include "ab-values.h"
#include "cost.h"
#include "posenc.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_TABLE, STEP_SIMILARITY, STEP_SHIFT, N_STEPS };
enum { STAGE_TABLE, STAGE_SIMILARITY, STAGE_SUMMARY, N_STAGES };
enum { CURVE_P, CURVE_A, CURVE_B, N_CURVES };

#define N_POS     100   /* positions in the table */
#define MAX_K      48   /* offsets plotted: −MAX_K … MAX_K */
#define N_K       (2 * MAX_K + 1)
#define SHIFT_A    20   /* the other starting positions of the last step */
#define SHIFT_B    45

AB_DEFINE_PLAIN_DIAGRAM (AbPosencDiagram, ab_posenc_diagram, info)

/* What update() computes once per parameter change, so drawing only reads. */
typedef struct
{
  int              d, p;
  cairo_surface_t *table;             /* N_POS × d pixels, one per entry */
  double           sim[N_CURVES][N_K]; /* similarity at k = −MAX_K … MAX_K; NaN before position 0 */
  double           lo;                /* the plot's lower end */
  double           max_gap;           /* largest gap between the three curves, k ≥ 0 */
} Result;

static const char *const steps[N_STEPS] = {
  N_("1 · One row per position: sines and cosines of falling frequency"),
  N_("2 · Compare position p with its neighbours: similarity falls with distance"),
  N_("3 · Start anywhere: the similarity depends only on the offset k"),
};

static const AbParamSpec params[] = {
  { .key = "d_model", .label = N_("Model dimension d_model"), .kind = AB_PARAM_SLIDER, .min = 16,
    .max = 512, .step = 2, .default_value = 128, .log_scale = TRUE, .format = "%.0f" },
  { .key = "position", .label = N_("Position p"), .kind = AB_PARAM_SLIDER, .min = 0, .max = N_POS - 1,
    .step = 1, .default_value = 50, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("encoding value −1 (red) … 0 … +1 (blue)"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
};

/* The table and the plot side by side over a line of readouts; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.04, 1.0, AB_STAGE_ROW }, { 1, 0.85, AB_STAGE_ROW }, { 0.11, 0.2, AB_STAGE_BELOW },
};

static const AbRgb *const curve_colors[N_CURVES] = { &AB_HEADS[0], &AB_HEADS[1], &AB_HEADS[2] };

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static void
result_free (Result *res)
{
  cairo_surface_destroy (res->table);
  g_free (res);
}

static double
similarity (int d, int p, int k)
{
  return ab_posenc_dot (d, p, p + k) / (d / 2.0);
}

static double
sim_at (const Result *res, int curve, int k)
{
  return res->sim[curve][k + MAX_K];
}

/* The table as one small image, crisp at any size with nearest filtering. */
static cairo_surface_t *
table_image (int d)
{
  g_autofree double *table = g_new (double, (gsize) N_POS * d);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, d, N_POS);
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);

  ab_posenc_table (d, N_POS, table);
  cairo_surface_flush (img);
  for (int p = 0; p < N_POS; p++)
    for (int c = 0; c < d; c++)
      {
        AbRgb rgb = ab_color_diverging (table[(gsize) p * d + c], 1.0);
        ((guint32 *) (data + p * stride))[c] =
            (guint32) (rgb.r * 255) << 16 | (guint32) (rgb.g * 255) << 8 | (guint32) (rgb.b * 255);
      }
  cairo_surface_mark_dirty (img);
  return img;
}

static gboolean
ab_posenc_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  static const int starts[N_CURVES] = { 0, SHIFT_A, SHIFT_B };

  res->d = (int) ab_diagram_get_param (diagram, "d_model");
  res->d -= res->d % 2;
  res->p = (int) ab_diagram_get_param (diagram, "position");
  res->table = table_image (res->d);
  for (int c = 0; c < N_CURVES; c++)
    {
      int p = c == CURVE_P ? res->p : starts[c];
      for (int k = -MAX_K; k <= MAX_K; k++)
        res->sim[c][k + MAX_K] = p + k >= 0 ? similarity (res->d, p, k) : NAN;
    }
  /* The axis reaches down to the lowest similarity of the chosen curve. */
  for (int k = -MAX_K; k <= MAX_K; k++)
    if (!isnan (sim_at (res, CURVE_P, k)))
      res->lo = MIN (res->lo, floor (sim_at (res, CURVE_P, k) * 5) / 5);
  for (int k = 0; k <= MAX_K; k++)
    res->max_gap = MAX (res->max_gap, MAX (fabs (sim_at (res, CURVE_A, k) - sim_at (res, CURVE_P, k)),
                                           fabs (sim_at (res, CURVE_B, k) - sim_at (res, CURVE_P, k))));
  ab_diagram_set_result (diagram, res, (GDestroyNotify) result_free);
  return TRUE;
}

static char *
ab_posenc_diagram_dup_title (AbDiagram *diagram)
{
  return g_strdup_printf (_("Sinusoidal positional encoding, d<sub>model</sub> = %d"), result (diagram)->d);
}

/* A tick label with a typographic minus. */
static void
tick_label (char *buf, gsize len, const char *fmt, double v)
{
  char digits[16];

  g_snprintf (digits, sizeof digits, fmt, fabs (v));
  g_snprintf (buf, len, "%s%s", v < -1e-9 ? "−" : "", digits);
}

static void
draw_table (const Result *res, cairo_t *cr, AbRect panel, double hl_alpha)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), small = ab_style_size (cr, AB_TEXT_SMALL) * 1.3;
  double tick_w, tick_h, tick_off;
  char last[16];
  AbRect r;

  ab_text_measure (cr, AB_TEXT_VALUE, "75", -1, &tick_w, &tick_h);
  r.x = panel.x + pad + small + 8 + tick_w + 8;
  r.y = panel.y + pad + small + 6;
  r.w = panel.x + panel.w - pad - r.x;
  r.h = panel.y + panel.h - pad - r.y;
  ab_draw_panel (cr, panel, NULL);

  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_clip (cr);
  cairo_translate (cr, r.x, r.y);
  cairo_scale (cr, r.w / res->d, r.h / N_POS);
  cairo_set_source_surface (cr, res->table, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);

  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_stroke (cr);
  if (hl_alpha > 0)
    {
      double ch = r.h / N_POS;
      ab_set_rgba (cr, AB_TEXT, hl_alpha);
      cairo_set_line_width (cr, 2.5);
      cairo_rectangle (cr, r.x - 3, r.y + res->p * ch - 2, r.w + 6, ch + 4);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* Axes: a few ticks are enough to read the table. */
  for (int p = 0; p < N_POS; p += 25)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%d", p);
      ab_text (cr, AB_TEXT_VALUE, buf, r.x - 8, r.y + (p + 0.5) * r.h / N_POS - tick_h / 2,
               AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  g_snprintf (last, sizeof last, "%d", res->d - 1);
  tick_off = r.y - 6 - small;
  ab_text (cr, AB_TEXT_VALUE, "0", r.x, tick_off, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  ab_text (cr, AB_TEXT_VALUE, last, r.x + r.w, tick_off, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_SMALL, _("dimension (2i: sin, 2i+1: cos) →"), r.x + r.w / 2, tick_off,
           AB_TEXT_DIM, AB_ALIGN_CENTER, r.w - 4 * tick_w);
  cairo_save (cr);
  cairo_translate (cr, panel.x + pad, r.y + r.h / 2);
  cairo_rotate (cr, -G_PI / 2);
  ab_text (cr, AB_TEXT_SMALL, _("← position"), 0, 0, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
  cairo_restore (cr);
}

static void
plot_curve (const Result *res, cairo_t *cr, AbRect plot, int curve, double reveal, double width,
            gboolean dashed)
{
  const double hi = 1.0;
  int kmax = (int) (-MAX_K + 2 * MAX_K * reveal);
  gboolean started = FALSE;

  cairo_save (cr);
  ab_set_rgb (cr, *curve_colors[curve]);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 10, 8 }, 2, 0);
  for (int k = -MAX_K; k <= kmax; k++)
    {
      double s = sim_at (res, curve, k);
      double x = plot.x + plot.w * (k + MAX_K) / (2.0 * MAX_K);

      if (isnan (s))
        continue;
      if (started)
        cairo_line_to (cr, x, plot.y + plot.h * (hi - s) / (hi - res->lo));
      else
        cairo_move_to (cr, x, plot.y + plot.h * (hi - s) / (hi - res->lo));
      started = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_similarity (const Result *res, cairo_t *cr, AbRect panel, double reveal, double shift_reveal)
{
  const char *title = _("Similarity PE(p) · PE(p + k) / (d/2)");
  const double hi = 1.0, lo = res->lo;
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading;
  double tick_w, tick_h, edge_w, label_h, zero_y;
  AbRect plot;

  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_VALUE, "−0.0", -1, &tick_w, &tick_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "+48", -1, &edge_w, NULL);
  ab_text_measure (cr, AB_TEXT_SMALL, "k", -1, NULL, &label_h);
  plot.x = panel.x + pad + tick_w + 8;
  plot.y = panel.y + 14 + heading + pad;
  plot.w = panel.x + panel.w - pad - edge_w / 2 - plot.x;
  plot.h = panel.y + panel.h - pad - tick_h - label_h - 14 - plot.y;
  zero_y = plot.y + plot.h * hi / (hi - lo);

  ab_draw_panel (cr, panel, title);
  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  cairo_fill (cr);
  ab_set_rgb (cr, AB_MUTED);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, plot.x, zero_y);
  cairo_line_to (cr, plot.x + plot.w, zero_y);
  cairo_move_to (cr, plot.x + plot.w / 2, plot.y);
  cairo_line_to (cr, plot.x + plot.w / 2, plot.y + plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (int i = (int) round (lo * 5); i <= 5; i++)
    {
      char buf[16];
      tick_label (buf, sizeof buf, "%.1f", i / 5.0);
      ab_text (cr, AB_TEXT_VALUE, buf, plot.x - 8, plot.y + plot.h * (hi - i / 5.0) / (hi - lo) - tick_h / 2,
               AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  for (int k = -MAX_K; k <= MAX_K; k += 16)
    {
      char buf[16];
      tick_label (buf, sizeof buf, k > 0 ? "+%.0f" : "%.0f", k);
      ab_text (cr, AB_TEXT_VALUE, buf, plot.x + plot.w * (k + MAX_K) / (2.0 * MAX_K),
               plot.y + plot.h + 6, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("offset k (compare p with p + k)"), plot.x + plot.w / 2,
           plot.y + plot.h + tick_h + 10, AB_TEXT_DIM, AB_ALIGN_CENTER, plot.w);

  if (reveal > 0)
    plot_curve (res, cr, plot, CURVE_P, reveal, 4, FALSE);
  if (shift_reveal > 0)
    {
      plot_curve (res, cr, plot, CURVE_A, shift_reveal, 2.5, TRUE);
      plot_curve (res, cr, plot, CURVE_B, shift_reveal, 2.5, TRUE);
    }
}

/* The curve entries name live positions; the table keeps the colour scale. */
static void
ab_posenc_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  g_autofree char *p_label = g_strdup_printf (_("position p = %d, curve from p"), result (diagram)->p);
  g_autofree char *a_label = g_strdup_printf (_("the same curve from p = %d and p = %d"), SHIFT_A, SHIFT_B);

  if (step >= STEP_SIMILARITY)
    ab_legend_add (legend, p_label, *curve_colors[CURVE_P], AB_SWATCH_LINE);
  if (step >= STEP_SHIFT)
    ab_legend_add (legend, a_label, *curve_colors[CURVE_A], AB_SWATCH_LINE);
}

static char *
summary (const Result *res, guint step)
{
  if (step == STEP_TABLE)
    return g_strdup_printf (_("Pair i turns at frequency 10000<sup>−2i/d</sup>: the first columns flip every "
                              "few positions, the last ones barely change over %d. Every row is different, "
                              "so every position gets its own fingerprint."),
                            N_POS);
  if (step == STEP_SIMILARITY)
    return g_strdup_printf (_("PE(p)·PE(p) = d/2 = %d, so the curve starts at 1; one step away it is %.3f, "
                              "ten steps away %.3f. Nearby positions look alike."),
                            res->d / 2, sim_at (res, CURVE_P, 1), sim_at (res, CURVE_P, 10));
  return g_strdup_printf (_("Largest gap between the three curves: %.1e. sin·sin + cos·cos = cos of the "
                            "difference, so only the offset k matters."),
                          res->max_gap);
}

static void
ab_posenc_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  double sim_reveal = ab_tween (position, STEP_TABLE, STEP_SIMILARITY);
  g_autofree char *text = summary (res, (guint) ceil (position - 1e-9));
  AbRect strip = layout->stages[STAGE_SUMMARY];

  draw_table (res, cr, layout->stages[STAGE_TABLE], sim_reveal);
  draw_similarity (res, cr, layout->stages[STAGE_SIMILARITY], sim_reveal,
                   ab_tween (position, STEP_SIMILARITY, STEP_SHIFT));
  ab_text (cr, AB_TEXT_BODY, text, strip.x, strip.y, AB_TEXT, AB_ALIGN_LEFT, strip.w);
}

static char *
ab_posenc_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);

  return g_strdup_printf (_("Sinusoidal positional encodings for %d positions at d_model = %d. Similarity "
                            "of position %d to its neighbour: %.3f; to a position ten away: %.3f. The "
                            "similarity depends only on the offset."),
                          N_POS, res->d, res->p, sim_at (res, CURVE_P, 1), sim_at (res, CURVE_P, 10));
}

/* Values for the prose, computed from the vectors themselves ----------------- */

/* Every key starts with d_model, which must be even. */
static gboolean
even_d (const AbValueArgs *args, GError **error)
{
  if (args->ints[0] % 2 == 0)
    return TRUE;
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
               _("d_model must be even (got %d)"), args->ints[0]);
  return FALSE;
}

/* An index argument that must stay below @limit. */
static gboolean
index_below (const AbValueArgs *args, guint i, int limit, GError **error)
{
  if (args->ints[i] < limit)
    return TRUE;
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
               _("index %d is out of range for d_model = %d (at most %d)"), args->ints[i],
               args->ints[0], limit - 1);
  return FALSE;
}

/* Arguments: d, then p, q (dot, cos) or p, i (pe). */
static char *
get_dot (const AbValueArgs *args, GError **error)
{
  return even_d (args, error) ? ab_format_number (ab_posenc_dot (args->ints[0], args->ints[1], args->ints[2]))
                              : NULL;
}

static char *
get_cos (const AbValueArgs *args, GError **error)
{
  int d = args->ints[0];
  return even_d (args, error) ? ab_format_number (ab_posenc_dot (d, args->ints[1], args->ints[2]) / (d / 2.0))
                              : NULL;
}

static char *
get_pe (const AbValueArgs *args, GError **error)
{
  if (!even_d (args, error) || !index_below (args, 2, args->ints[0], error))
    return NULL;
  return ab_format_number (ab_posenc_value (args->ints[0], args->ints[1], args->ints[2]));
}

static char *
get_norm2 (const AbValueArgs *args, GError **error)
{
  return even_d (args, error) ? ab_format_number (ab_posenc_dot (args->ints[0], 7, 7)) : NULL;
}

static char *
get_wavelength (const AbValueArgs *args, GError **error)
{
  if (!even_d (args, error) || !index_below (args, 1, args->ints[0] / 2, error))
    return NULL;
  return ab_format_number (2 * G_PI / ab_posenc_frequency (args->ints[0], args->ints[1]));
}

/* A learned table of the same shape: rows × d entries. */
static char *
get_table_params (const AbValueArgs *args, GError **error)
{
  return even_d (args, error) ? ab_format_count ((guint64) args->ints[1] * (guint64) args->ints[0])
                              : NULL;
}

static char *
get_table_bytes (const AbValueArgs *args, GError **error)
{
  guint64 entries = (guint64) args->ints[1] * (guint64) args->ints[0];
  return even_d (args, error) ? ab_format_bytes ((double) (entries * ab_cost_precision_bytes (args->words[2])))
                              : NULL;
}

#define D "d{2..4096}"
#define P "p{0..1000000}"

static const AbValueSpec posenc_values[] = {
  { "dot." D "." P "." P, get_dot, "PE(P) · PE(Q) at d_model = D" },
  { "cos." D "." P "." P, get_cos, "the same divided by d/2 (cosine similarity)" },
  { "pe." D "." P ".i{0..4095}", get_pe, "component I of PE(P)" },
  { "norm2." D, get_norm2, "PE(p) · PE(p) = d/2, for any p" },
  { "wavelength." D ".i{0..2047}", get_wavelength, "2π / ω_i, the period of pair i in positions" },
  { "table-params." D ".n{1..16777216}", get_table_params,
    "entries of a learned position table with N rows of width D (\"393,216\" for 768 × 512)" },
  { "table-bytes." D ".n{1..16777216}.{fp32|fp16|bf16|fp8}", get_table_bytes, "the same table's size" },
};

AB_VALUE_FAMILY (ab_posenc_values, "posenc", posenc_values);

static const AbDiagramInfo info = {
  .name = "positional-encoding",
  .title = N_("Sinusoidal positional encoding"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_posenc_diagram_update, .draw = ab_posenc_diagram_draw,
  .dup_title = ab_posenc_diagram_dup_title,
  .collect_legend = ab_posenc_diagram_collect_legend,
  .describe = ab_posenc_diagram_describe,
};

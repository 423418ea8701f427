/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-online-softmax-diagram.c — "online-softmax": the book's worked example
 * of the online softmax, step by step, from src/kernels/softmax.c.
 *
 * ab_online_softmax_worked_example folds eight scores in two tiles of four
 * (each with a 2-d value vector) into a running max m, sum ℓ and output o,
 * and computes the one-pass stable softmax for comparison. The diagram
 * walks it: the scores, tile 1's max and exponentials, the state after
 * tile 1, tile 2's larger max rescaling the old ℓ and o by e^{m_old − m_new}
 * (the bars of tile 1 shrink by that factor), tile 2's own terms, and the
 * final o/ℓ against the exact answer. Every number is the kernel's, or the
 * exponential of one of its scores.
 */
#define G_LOG_DOMAIN "ab-online-softmax-diagram"

#include "ab-online-softmax-diagram.h"
#include "ab-components.h"
#include "ab-draw.h"
#include "softmax.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define N  AB_EXAMPLE_N
#define TS AB_EXAMPLE_TILE_SIZE
#define DV AB_EXAMPLE_DV

enum { STEP_SCORES, STEP_TILE1, STEP_STATE1, STEP_RESCALE, STEP_TILE2, STEP_EXACT, N_STEPS };
enum { STAGE_BARS, STAGE_EQUATIONS, STAGE_STATE, N_STAGES };

AB_DEFINE_PLAIN_DIAGRAM (AbOnlineSoftmaxDiagram, ab_online_softmax_diagram, info)

static const AbLegendSpec legend[] = {
  { N_("tile 1 (scores 1–4)"), AB_COLOR_HEAD_3, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("tile 2 (scores 5–8)"), AB_COLOR_HEAD_1, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("the tile being read (in SRAM)"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEPS_FROM (STEP_TILE1) },
  { N_("one-pass softmax, for comparison"), AB_COLOR_TEXT, AB_SWATCH_DOT, AB_STEP (STEP_EXACT) },
};

/* The bars beside the equations, over the state table; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.15, 1.15, AB_STAGE_ROW }, { 1, 0.95, AB_STAGE_ROW }, { 0.27, 0.55, AB_STAGE_BELOW },
};

typedef struct
{
  AbOnlineSoftmaxExample ex;
  /* Derived from the kernel's numbers. */
  double rescaled_l, rescaled_o[DV];   /* tile 1's ℓ and o after the rescale, before tile 2's terms */
  double tile2_l, tile2_o[DV];         /* tile 2's own terms against the new max */
  double err_o, err_l;                 /* |o/ℓ − exact| (max over components), |ℓ − ℓ_exact| */
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static gboolean
ab_online_softmax_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  const AbOnlineSoftmaxExampleTile *t1, *t2;

  ab_online_softmax_worked_example (&res->ex);
  t1 = &res->ex.after[0];
  t2 = &res->ex.after[1];
  res->rescaled_l = t1->l * t2->rescale;
  res->tile2_l = t2->l - res->rescaled_l;
  for (int c = 0; c < DV; c++)
    {
      res->rescaled_o[c] = t1->o[c] * t2->rescale;
      res->tile2_o[c] = t2->o[c] - res->rescaled_o[c];
      res->err_o = MAX (res->err_o, fabs (t2->o_normalised[c] - res->ex.o_exact[c]));
    }
  res->err_l = fabs (t2->l - res->ex.l_exact);
  ab_diagram_set_result (diagram, res, g_free);
  return TRUE;
}

/* Numbers -------------------------------------------------------------------------- */

/* The book's number format, but whole numbers (the scores, the maxima) as integers. */
static char *
num (double x)
{
  if (isfinite (x) && x == floor (x) && fabs (x) < 1e6)
    return ab_format_trimmed (x, 0);
  return ab_format_number (x);
}

/* "(0.503, 1.37)" */
static char *
pair (const double *v)
{
  g_autofree char *a = num (v[0]), *b = num (v[1]);
  return g_strdup_printf ("(%s, %s)", a, b);
}

/* A TeX number in the highlight colour (ab_format_number's minus made ASCII). */
static char *
tex_num (double x)
{
  AbRgb c = ab_rgb_mix (AB_ACTIVE, AB_TEXT, 0.3);
  g_autofree char *n = NULL;
  char *p;

  if (!isfinite (x))
    n = g_strdup (x < 0 ? "-\\infty" : "\\infty");
  else if (x == 0)
    n = g_strdup ("0");
  else
    n = num (x);
  if ((p = strstr (n, "−")) != NULL)
    {
      char *fixed = g_strconcat ("-", p + strlen ("−"), NULL);
      g_free (n);
      n = fixed;
    }
  return g_strdup_printf ("\\color{#%02x%02x%02x}{%s}", (int) (c.r * 255 + 0.5), (int) (c.g * 255 + 0.5),
                          (int) (c.b * 255 + 0.5), n);
}

static char *
tex_pair (const double *v)
{
  g_autofree char *a = tex_num (v[0]), *b = tex_num (v[1]);
  return g_strdup_printf ("(%s, %s)", a, b);
}

/* "2.2 × 10⁻¹⁶", or "0" when they agree to the last bit. */
static char *
sci_text (double x)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree char *digits = NULL;
  GString *s;
  int e;

  if (x == 0)
    return g_strdup (_("0 (every bit equal)"));
  e = (int) floor (log10 (x));
  s = g_string_new (NULL);
  g_string_printf (s, "%.1f × 10%s", x / pow (10, e), e < 0 ? "⁻" : "");
  digits = g_strdup_printf ("%d", ABS (e));
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (s, FALSE);
}

static char *
sci_tex (double x)
{
  int e;

  if (x == 0)
    return g_strdup ("0");
  e = (int) floor (log10 (x));
  return g_strdup_printf ("%.1f \\times 10^{%d}", x / pow (10, e), e);
}

/* Captions ------------------------------------------------------------------------- */

static char *
ab_online_softmax_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];

  switch (step)
    {
    case STEP_SCORES:
      return g_strdup (_("1 · Eight scores arrive in two tiles of four, each with a 2-d value v<sub>j</sub>; "
                         "the state starts at m = −∞, ℓ = 0, o = 0"));
    case STEP_TILE1:
      {
        g_autofree char *m = num (t1->tile_max), *s = num (t1->tile_sum);
        return g_strdup_printf (_("2 · Tile 1 arrives: its max is %s, so its terms are e<sup>x − %s</sup>, "
                                  "and they sum to %s"), m, m, s);
      }
    case STEP_STATE1:
      {
        g_autofree char *m = num (t1->m), *l = num (t1->l), *o = pair (t1->o_normalised);
        return g_strdup_printf (_("3 · After tile 1: m = %s, ℓ = %s; o/ℓ = %s would be the answer if the "
                                  "scores stopped here"), m, l, o);
      }
    case STEP_RESCALE:
      {
        g_autofree char *mx = num (t2->tile_max), *m0 = num (t1->m), *m1 = num (t2->m), *f = num (t2->rescale);
        return g_strdup_printf (_("4 · Tile 2 holds a larger score, %s: the old ℓ and o are multiplied by "
                                  "e<sup>%s − %s</sup> = %s"), mx, m0, m1, f);
      }
    case STEP_TILE2:
      {
        g_autofree char *m = num (t2->m), *l = num (t2->l), *o = pair (t2->o);
        return g_strdup_printf (_("5 · Tile 2’s own terms e<sup>x − %s</sup> are added: ℓ = %s, o = %s"), m, l, o);
      }
    case STEP_EXACT:
    default:
      {
        g_autofree char *o = pair (t2->o_normalised), *e = sci_text (res->err_o);
        return g_strdup_printf (_("6 · o/ℓ = %s equals the one-pass softmax(x)ᵀV: they differ by %s"), o, e);
      }
    }
}

/* The bars --------------------------------------------------------------------------- */

static AbRgb
tile_color (int j)
{
  return j < TS ? AB_HEADS[3] : AB_HEADS[1];
}

/* x of bar j's left edge, with a gap between the two tiles. */
static double
bar_x (AbRect plot, int j, double *bw)
{
  double gap = plot.w * 0.06;

  *bw = (plot.w - gap) / N;
  return plot.x + j * *bw + (j >= TS ? gap : 0);
}

static void
fill_bar (cairo_t *cr, double x, double y1, double w, double h, AbRgb color, double alpha)
{
  if (h <= 0.2 || alpha <= 0)
    return;
  ab_set_rgba (cr, color, alpha);
  ab_rounded_rect (cr, (AbRect) { x, y1 - h, w, h }, MIN (4, w / 4));
  cairo_fill (cr);
}

/* The tile being read (in SRAM): a faint column behind its scores,
 * exponentials and values, outlined around its scores. */
static void
tile_outline (cairo_t *cr, AbRect column, AbRect scores, int tile, double alpha)
{
  double bw, x0 = bar_x (column, tile * TS, &bw);

  if (alpha <= 0.01)
    return;
  cairo_save (cr);
  ab_set_rgba (cr, AB_SRAM, 0.08 * alpha);
  ab_rounded_rect (cr, (AbRect) { x0 - 6, column.y - 6, TS * bw + 12, column.h + 12 }, 8);
  cairo_fill (cr);
  ab_set_rgba (cr, AB_SRAM, alpha);
  cairo_set_line_width (cr, 3);
  ab_rounded_rect (cr, (AbRect) { x0 - 6, scores.y - 6, TS * bw + 12, scores.h + 12 }, 8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_scores (const Result *res, cairo_t *cr, AbRect plot, double position)
{
  const double top = 4.5;
  double bw, vh, ih;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &vh);
  ab_text_measure (cr, AB_TEXT_SMALL, "j", -1, NULL, &ih);
  for (int j = 0; j < N; j++)
    {
      double x = bar_x (plot, j, &bw), h = plot.h * res->ex.scores[j] / top;
      double reveal = j < TS ? 1 : 0.45 + 0.55 * ab_tween (position, STEP_STATE1, STEP_RESCALE);
      g_autofree char *v = num (res->ex.scores[j]);
      g_autofree char *idx = g_strdup_printf ("%d", j + 1);
      gboolean is_max = (j < TS && res->ex.scores[j] == res->ex.after[0].tile_max)
                        || (j >= TS && res->ex.scores[j] == res->ex.after[1].tile_max);

      fill_bar (cr, x + bw * 0.14, plot.y + plot.h, bw * 0.72, h, tile_color (j), 0.35 + 0.6 * reveal);
      ab_text (cr, is_max && position >= STEP_TILE1 + (j >= TS ? 2 : 0) ? AB_TEXT_BODY_STRONG : AB_TEXT_VALUE_SMALL, v,
               x + bw / 2, plot.y + plot.h - h - vh - 4, AB_TEXT, AB_ALIGN_CENTER, -1);
      ab_text (cr, AB_TEXT_SMALL, idx, x + bw / 2, plot.y + plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, plot.x, plot.y + plot.h);
  cairo_line_to (cr, plot.x + plot.w, plot.y + plot.h);
  cairo_stroke (cr);
}

/* e^{x_j − m} against the running max m as it stands at @position, and in
 * the last step the weights p_j = e^{x_j − m}/ℓ with the exact softmax dots. */
static void
draw_exps (const Result *res, cairo_t *cr, AbRect plot, double position)
{
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];
  double m_ref = t1->m + (t2->m - t1->m) * ab_tween (position, STEP_STATE1, STEP_RESCALE);
  double divide = 1 + (t2->l - 1) * ab_tween (position, STEP_TILE2, STEP_EXACT);
  double bw, vh, ring = 5;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &vh);
  /* The line at 1: e⁰, the term of the max itself. */
  cairo_save (cr);
  ab_set_rgba (cr, AB_TEXT_DIM, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_move_to (cr, plot.x, plot.y);
  cairo_line_to (cr, plot.x + plot.w, plot.y);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "1", plot.x - 6, plot.y - vh / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "0", plot.x - 6, plot.y + plot.h - vh / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  for (int j = 0; j < N; j++)
    {
      double x = bar_x (plot, j, &bw);
      double reveal = j < TS ? ab_tween (position, STEP_SCORES, STEP_TILE1) : ab_tween (position, STEP_RESCALE, STEP_TILE2);
      double e = exp (res->ex.scores[j] - (j < TS ? m_ref : t2->m)) / divide;
      double h = plot.h * e * reveal;

      fill_bar (cr, x + bw * 0.14, plot.y + plot.h, bw * 0.72, h, tile_color (j), 0.9);
      /* The exact weight as a ring where the bar must end. */
      if (position > STEP_TILE2)
        {
          double a = ab_tween (position, STEP_TILE2, STEP_EXACT);
          cairo_save (cr);
          ab_set_rgba (cr, AB_TEXT, a);
          cairo_set_line_width (cr, 2);
          cairo_arc (cr, x + bw / 2, plot.y + plot.h - plot.h * res->ex.softmax[j], ring, 0, 2 * G_PI);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      if (reveal > 0.5)
        {
          g_autofree char *v = num (e);
          ab_text (cr, AB_TEXT_VALUE_SMALL, v, x + bw / 2, plot.y + plot.h - h - vh - 3 - (position > STEP_TILE2 ? ring + 2 : 0),
                   AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
        }
    }
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, plot.x, plot.y + plot.h);
  cairo_line_to (cr, plot.x + plot.w, plot.y + plot.h);
  cairo_stroke (cr);
}

static void
draw_values (const Result *res, cairo_t *cr, AbRect row)
{
  double bw;

  for (int j = 0; j < N; j++)
    {
      double x = bar_x (row, j, &bw), w = MIN (bw * 0.86, row.h * 2.6);
      ab_draw_vector (cr, (AbRect) { x + (bw - w) / 2, row.y, w, row.h }, res->ex.values[j], DV, 2.5, "%.0f", 1);
    }
}

static void
draw_bars_panel (const Result *res, cairo_t *cr, AbRect r, double position)
{
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];
  const char *title = _("Scores, their exponentials, their values");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), head_h, lab_h, val_h, vh, ih, axis_w, y, free_h, x, w;
  double in_sram1 = position < STEP_STATE1 ? ab_tween (position, STEP_SCORES, STEP_TILE1)
                                           : 1 - ab_tween (position, STEP_TILE1, STEP_STATE1);
  double in_sram2 = position <= STEP_TILE2 ? ab_tween (position, STEP_STATE1, STEP_RESCALE)
                                           : 1 - ab_tween (position, STEP_TILE2, STEP_EXACT);
  double m_ref = t1->m + (t2->m - t1->m) * ab_tween (position, STEP_STATE1, STEP_RESCALE);
  g_autofree char *m_text = NULL, *exps_label = NULL;
  AbRect scores, exps, values;

  ab_draw_panel (cr, r, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, r.w - 40, NULL, &head_h);
  ab_text_measure (cr, AB_TEXT_LABEL, "x", -1, NULL, &lab_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "0", -1, NULL, &val_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, &axis_w, &vh);
  ab_text_measure (cr, AB_TEXT_SMALL, "8", -1, NULL, &ih);
  ab_text_measure (cr, AB_TEXT_BODY_STRONG, "4", -1, NULL, &vh);
  axis_w += 10;
  x = r.x + 20 + axis_w;
  w = r.w - 40 - axis_w - 8;

  /* Three labelled rows: the charts share what the labels leave. */
  y = r.y + 14 + head_h + pad * 0.5;
  free_h = r.y + r.h - y - 3 * (lab_h + 6) - 2 * (vh + 8) - (ih + 6) - 2.1 * pad - val_h * 1.7 - pad;
  ab_text (cr, AB_TEXT_LABEL, _("scores x<sub>j</sub>, j = 1 … 8"), r.x + 20, y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w - 40);
  scores = (AbRect) { x, y + lab_h + 6 + vh + 8, w, free_h * 0.42 };
  y = scores.y + scores.h + ih + 6 + pad;

  if (position > STEP_TILE2)
    {
      g_autofree char *l = num (t2->l);
      exps_label = g_strdup_printf (_("weights e<sup>x<sub>j</sub> − m</sup>/ℓ, ℓ = %s, against the one-pass "
                                      "softmax"), l);
    }
  else if (position < 0.5)
    exps_label = g_strdup (_("terms e<sup>x<sub>j</sub> − m</sup>: none yet, m = −∞ until a tile arrives"));
  else
    {
      /* While the max moves from 3 to 4 the reference shows two decimals. */
      m_text = position > STEP_STATE1 && position < STEP_RESCALE ? g_strdup_printf ("%.2f", m_ref)
                                                                 : ab_format_trimmed (m_ref, 3);
      exps_label = g_strdup_printf (_("terms e<sup>x<sub>j</sub> − m</sup> against the running max m = %s"), m_text);
    }
  ab_text (cr, AB_TEXT_LABEL, exps_label, r.x + 20, y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w - 40);
  exps = (AbRect) { x, y + lab_h + 6 + vh + 8, w, free_h * 0.58 };
  y = exps.y + exps.h + 1.1 * pad;

  ab_text (cr, AB_TEXT_LABEL, _("values v<sub>j</sub>"), r.x + 20, y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w - 40);
  values = (AbRect) { x, y + lab_h + 6, w, val_h * 1.7 };

  {
    AbRect column = { x, scores.y, w, values.y + values.h - scores.y };
    tile_outline (cr, column, scores, 0, in_sram1);
    tile_outline (cr, column, scores, 1, in_sram2);
  }
  draw_scores (res, cr, scores, position);
  draw_exps (res, cr, exps, position);
  draw_values (res, cr, values);
}

/* The equations ------------------------------------------------------------------------ */

typedef struct
{
  cairo_t *cr;
  AbRect   r;
  double   y;
} Lines;

static void
eq (Lines *ln, const char *tex)
{
  double w, a, d;
  AbTextStyle style = AB_TEXT_MATH;

  /* The display size when the line fits, else the smaller one. */
  ab_math_measure (ln->cr, style, tex, &w, &a, &d);
  if (w > ln->r.w)
    {
      style = AB_TEXT_MATH_SMALL;
      ab_math_measure (ln->cr, style, tex, &w, &a, &d);
    }
  if (ln->y + a + d > ln->r.y + ln->r.h)
    return;
  ab_math (ln->cr, style, tex, ln->r.x, ln->y + a, AB_TEXT);
  ln->y += a + d + ab_style_size (ln->cr, style) * 0.5;
}

static void
note (Lines *ln, const char *markup)
{
  double h;

  ab_text_measure (ln->cr, AB_TEXT_LABEL, markup, ln->r.w, NULL, &h);
  if (ln->y + h > ln->r.y + ln->r.h)
    return;
  ab_text (ln->cr, AB_TEXT_LABEL, markup, ln->r.x, ln->y, AB_TEXT_DIM, AB_ALIGN_LEFT, ln->r.w);
  ln->y += h + 8;
}

/* "e^{1-3} + e^{3-3} + …" for the four scores of @tile against @m. */
static char *
exp_terms (const Result *res, int tile, double m)
{
  GString *s = g_string_new (NULL);

  for (int j = tile * TS; j < (tile + 1) * TS; j++)
    {
      g_autofree char *x = ab_format_trimmed (res->ex.scores[j], 3), *mm = ab_format_trimmed (m, 3);
      g_string_append_printf (s, "%se^{%s - %s}", j > tile * TS ? " + " : "", x, mm);
    }
  return g_string_free (s, FALSE);
}

static char *
tile_list (const Result *res, int tile)
{
  GString *s = g_string_new (NULL);

  for (int j = tile * TS; j < (tile + 1) * TS; j++)
    {
      g_autofree char *x = ab_format_trimmed (res->ex.scores[j], 3);
      g_string_append_printf (s, "%s%s", j > tile * TS ? ", " : "", x);
    }
  return g_string_free (s, FALSE);
}

/* The general update, small and dim, at the bottom of @r; returns its height. */
static double
draw_rule (cairo_t *cr, AbRect r)
{
  static const char *const rule[] = {
    "m_{new} = \\max(m_{old}, \\tilde m), \\quad \\ell_{new} = e^{m_{old} - m_{new}}\\, \\ell_{old} + \\textstyle\\sum_j e^{x_j - m_{new}}",
    "o_{new} = e^{m_{old} - m_{new}}\\, o_{old} + \\textstyle\\sum_j e^{x_j - m_{new}} v_j",
  };
  double a[2], d[2], w, h = 0, y;

  for (int i = 0; i < 2; i++)
    {
      ab_math_measure (cr, AB_TEXT_MATH_SMALL, rule[i], &w, &a[i], &d[i]);
      if (w > r.w)
        return 0;
      h += a[i] + d[i] + 8;
    }
  y = r.y + r.h - h;
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, r.x, y - 10);
  cairo_line_to (cr, r.x + r.w, y - 10);
  cairo_stroke (cr);
  cairo_restore (cr);
  for (int i = 0; i < 2; i++)
    {
      ab_math (cr, AB_TEXT_MATH_SMALL, rule[i], r.x, y + a[i], AB_TEXT_DIM);
      y += a[i] + d[i] + 8;
    }
  return h + 20;
}

static void
draw_equations (const Result *res, cairo_t *cr, AbRect r, guint step)
{
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];
  const char *title = _("The update, with the numbers");
  double head_h;
  Lines ln;

  ab_draw_panel (cr, r, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, r.w - 40, NULL, &head_h);
  ln = (Lines) { cr, { r.x + 20, r.y + 14 + head_h + 14, r.w - 40, r.h - head_h - 14 - 34 } };
  ln.y = ln.r.y;
  /* The rule itself stays at the foot of the panel while its numbers change above. */
  if (step != STEP_SCORES)
    ln.r.h -= draw_rule (cr, ln.r);

  switch (step)
    {
    case STEP_SCORES:
      note (&ln, _("The running state, before any score is read:"));
      eq (&ln, "m = -\\infty, \\quad \\ell = 0, \\quad o = (0, 0)");
      note (&ln, _("Each tile of scores is folded in with"));
      eq (&ln, "m_{new} = \\max(m_{old}, \\tilde m)");
      eq (&ln, "\\ell_{new} = e^{m_{old} - m_{new}}\\, \\ell_{old} + \\sum_j e^{x_j - m_{new}}");
      eq (&ln, "o_{new} = e^{m_{old} - m_{new}}\\, o_{old} + \\sum_j e^{x_j - m_{new}} v_j");
      break;
    case STEP_TILE1:
      {
        g_autofree char *list = tile_list (res, 0), *mx = tex_num (t1->tile_max), *terms = exp_terms (res, 0, t1->tile_max);
        g_autofree char *sum = tex_num (t1->tile_sum);
        g_autofree char *l1 = g_strdup_printf ("\\tilde m = \\max(%s) = %s", list, mx);
        g_autofree char *l2 = g_strdup_printf ("\\tilde\\ell = %s", terms);
        g_autofree char *l3 = g_strdup_printf ("\\phantom{\\tilde\\ell} = %s", sum);
        note (&ln, _("Tile 1 alone: its max, and its terms measured from that max (all ≤ 1, so exp cannot "
                     "overflow):"));
        eq (&ln, l1);
        eq (&ln, l2);
        eq (&ln, l3);
      }
      break;
    case STEP_STATE1:
      {
        g_autofree char *m = tex_num (t1->m), *l = tex_num (t1->l), *o = tex_pair (t1->o), *on = tex_pair (t1->o_normalised);
        g_autofree char *mx = tex_num (t1->tile_max);
        g_autofree char *l1 = g_strdup_printf ("m = \\max(-\\infty, %s) = %s", mx, m);
        g_autofree char *l2 = g_strdup_printf ("\\ell = e^{-\\infty} \\cdot 0 + \\tilde\\ell = %s", l);
        g_autofree char *l3 = g_strdup_printf ("o = \\sum_{j \\le 4} e^{x_j - m} v_j = %s", o);
        g_autofree char *l4 = g_strdup_printf ("o / \\ell = %s", on);
        note (&ln, _("The first tile starts the state (the old terms weigh e<sup>−∞</sup> = 0):"));
        eq (&ln, l1);
        eq (&ln, l2);
        eq (&ln, l3);
        eq (&ln, l4);
      }
      break;
    case STEP_RESCALE:
      {
        g_autofree char *m0 = tex_num (t1->m), *mx = tex_num (t2->tile_max), *m1 = tex_num (t2->m);
        g_autofree char *f = tex_num (t2->rescale), *l0 = tex_num (t1->l), *lr = tex_num (res->rescaled_l);
        g_autofree char *o0 = tex_pair (t1->o), *orr = tex_pair (res->rescaled_o);
        g_autofree char *l1 = g_strdup_printf ("m_{new} = \\max(%s, %s) = %s", m0, mx, m1);
        g_autofree char *a = ab_format_trimmed (t1->m, 3), *b = ab_format_trimmed (t2->m, 3);
        g_autofree char *l2 = g_strdup_printf ("e^{m_{old} - m_{new}} = e^{%s - %s} = %s", a, b, f);
        g_autofree char *l3 = g_strdup_printf ("\\ell: %s \\to %s \\cdot %s = %s", l0, f, l0, lr);
        g_autofree char *l4 = g_strdup_printf ("o: %s \\to %s", o0, orr);
        g_autofree char *why = g_strdup_printf (_("Tile 2’s max beats the old one. Everything summed so far was "
                                                  "measured from %s, so it is scaled down to be measured from %s:"),
                                                a, b);
        note (&ln, why);
        eq (&ln, l1);
        eq (&ln, l2);
        eq (&ln, l3);
        eq (&ln, l4);
      }
      break;
    case STEP_TILE2:
      {
        g_autofree char *terms = exp_terms (res, 1, t2->m), *t2l = tex_num (res->tile2_l);
        g_autofree char *lr = tex_num (res->rescaled_l), *l = tex_num (t2->l);
        g_autofree char *orr = tex_pair (res->rescaled_o), *t2o = tex_pair (res->tile2_o), *o = tex_pair (t2->o);
        g_autofree char *l1 = g_strdup_printf ("%s = %s", terms, t2l);
        g_autofree char *l2 = g_strdup_printf ("\\ell = %s + %s = %s", lr, t2l, l);
        g_autofree char *l3 = g_strdup_printf ("o = %s + %s", orr, t2o);
        g_autofree char *l4 = g_strdup_printf ("\\phantom{o} = %s", o);
        note (&ln, _("Then tile 2’s own terms, against the new max:"));
        eq (&ln, l1);
        eq (&ln, l2);
        eq (&ln, l3);
        eq (&ln, l4);
      }
      break;
    case STEP_EXACT:
    default:
      {
        g_autofree char *on = tex_pair (t2->o_normalised), *ox = tex_pair (res->ex.o_exact);
        g_autofree char *e = sci_tex (res->err_o), *lse = tex_num (res->ex.lse);
        g_autofree char *l1 = g_strdup_printf ("o / \\ell = %s", on);
        g_autofree char *l2 = g_strdup_printf ("\\mathrm{softmax}(x)^\\top V = %s", ox);
        g_autofree char *l3 = g_strdup_printf ("\\max_c |(o/\\ell)_c - (\\mathrm{softmax}(x)^\\top V)_c| = %s", e);
        g_autofree char *l4 = g_strdup_printf ("m + \\log \\ell = %s", lse);
        note (&ln, _("One pass over the tiles, one division at the end: the same answer as the two-pass "
                     "softmax, which needs the max of all eight scores before its first exp."));
        eq (&ln, l1);
        eq (&ln, l2);
        eq (&ln, l3);
        eq (&ln, l4);
      }
      break;
    }
}

/* The state table ----------------------------------------------------------------------- */

static void
draw_state (const Result *res, cairo_t *cr, AbRect r, double position)
{
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];
  const double zero[DV] = { 0, 0 };
  const char *heads[4] = { N_("start"), N_("after tile 1"), N_("after tile 2"), N_("one pass (exact)") };
  const char *rows[4] = { "m", "ℓ", "o", "o / ℓ" };
  const double reveal[4] = { 1, ab_tween (position, STEP_TILE1, STEP_STATE1),
                             ab_tween (position, STEP_RESCALE, STEP_TILE2), ab_tween (position, STEP_TILE2, STEP_EXACT) };
  double row_w = 0, head_h, line_h, col_w, y0;

  for (int i = 0; i < 4; i++)
    {
      double w;
      ab_text_measure (cr, AB_TEXT_LABEL, rows[i], -1, &w, NULL);
      row_w = MAX (row_w, w);
    }
  ab_text_measure (cr, AB_TEXT_LABEL, _(heads[3]), -1, NULL, &head_h);
  ab_text_measure (cr, AB_TEXT_VALUE, "0", -1, NULL, &line_h);
  line_h = MAX (line_h * 1.45, (r.h - head_h - 6) / 4);
  col_w = (r.w - row_w - 24) / 4;
  y0 = r.y + head_h + 6;

  for (int c = 0; c < 4; c++)
    {
      double x = r.x + row_w + 24 + c * col_w;
      gboolean live = (c == 1 && position > STEP_TILE1 && position <= STEP_STATE1)
                      || (c == 2 && position > STEP_RESCALE && position <= STEP_TILE2);
      if (reveal[c] <= 0)
        continue;
      ab_text (cr, AB_TEXT_LABEL, _(heads[c]), x, r.y, c == 3 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, col_w - 8);
      for (int i = 0; i < 4; i++)
        {
          g_autofree char *text = NULL;
          double ry = y0 + i * line_h;
          if (c == 0)
            text = i == 0 ? g_strdup ("−∞") : i == 1 ? g_strdup ("0") : pair (zero);
          else if (c == 3)
            text = i == 0 ? num (res->ex.m_exact) : i == 1 ? num (res->ex.l_exact)
                 : i == 2 ? g_strdup ("—") : pair (res->ex.o_exact);
          else
            {
              const AbOnlineSoftmaxExampleTile *t = c == 1 ? t1 : t2;
              text = i == 0 ? num (t->m) : i == 1 ? num (t->l) : i == 2 ? pair (t->o) : pair (t->o_normalised);
            }
          if (c == 0 && i == 3)
            {
              g_free (text);
              text = g_strdup ("—");
            }
          ab_text (cr, AB_TEXT_VALUE, text, x, ry + 4, ab_rgb_mix (AB_BG, live ? AB_SRAM : AB_TEXT, reveal[c]),
                   AB_ALIGN_LEFT, col_w - 8);
        }
    }
  for (int i = 0; i < 4; i++)
    ab_text (cr, AB_TEXT_LABEL, rows[i], r.x, y0 + i * line_h + 4, AB_TEXT, AB_ALIGN_LEFT, -1);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, r.x, y0);
  cairo_line_to (cr, r.x + r.w, y0);
  cairo_stroke (cr);
}

static void
ab_online_softmax_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_bars_panel (res, cr, layout->stages[STAGE_BARS], position);
  draw_equations (res, cr, layout->stages[STAGE_EQUATIONS], (guint) ceil (position - 1e-9));
  draw_state (res, cr, layout->stages[STAGE_STATE], position);
}

static char *
ab_online_softmax_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbOnlineSoftmaxExampleTile *t1 = &res->ex.after[0], *t2 = &res->ex.after[1];
  g_autofree char *s1 = tile_list (res, 0), *s2 = tile_list (res, 1);
  g_autofree char *m1 = num (t1->m), *l1 = num (t1->l), *o1 = pair (t1->o_normalised), *f = num (t2->rescale);
  g_autofree char *m2 = num (t2->m), *l2 = num (t2->l), *o2 = pair (t2->o_normalised), *ox = pair (res->ex.o_exact);
  g_autofree char *e = sci_text (res->err_o);

  return g_strdup_printf (_("Scores %s, then %s. After tile 1: m = %s, ℓ = %s, o/ℓ = %s. Tile 2 raises the max to "
                            "%s, rescaling the old ℓ and o by %s. Final: ℓ = %s, o/ℓ = %s; the one-pass softmax "
                            "gives %s, a difference of %s."),
                          s1, s2, m1, l1, o1, m2, f, l2, o2, ox, e);
}

static const AbDiagramInfo info = {
  .name = "online-softmax",
  .title = N_("Online softmax: two tiles, one pass, the exact answer"),
  .n_steps = N_STEPS,
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_online_softmax_diagram_update, .draw = ab_online_softmax_diagram_draw,
  .dup_caption = ab_online_softmax_diagram_dup_caption,
  .describe = ab_online_softmax_diagram_describe,
};

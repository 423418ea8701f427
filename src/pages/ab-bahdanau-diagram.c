/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-bahdanau-diagram.c — "bahdanau-alignment": additive attention filling
 * the alignment matrix one decoder step at a time, computed by
 * src/kernels/bahdanau.c.
 *
 * Every target word takes four steps: (a) the query s_{i−1}, (b) its scores
 * e_ij against every source word (bars under the matrix), (c) the softmax
 * filling row i of the matrix, (d) the context vector c_i as a weighted sum
 * of annotations. A middle panel unpacks one step, the callout beside it
 * substitutes the current numbers into the equations. The vectors and
 * weights are constructed (see the kernel's header), the arithmetic is the
 * paper's.
 */
#define G_LOG_DOMAIN "ab-bahdanau-diagram"

#include "ab-bahdanau-diagram.h"
#include "ab-components.h"
#include "ab-values.h"
#include "bahdanau.h"

#include <glib/gi18n.h>
#include <math.h>

enum { SUB_QUERY, SUB_SCORES, SUB_SOFTMAX, SUB_CONTEXT, N_SUB };
enum { STAGE_ALIGNMENT, STAGE_INSIDE, STAGE_EQUATIONS, N_STAGES };

#define SEED    1
#define N_TERMS 3    /* largest terms of c_i shown */
#define MAX_DA  64   /* hidden units the drawing has room for (the kernel uses 6 or 32) */

AB_DEFINE_PLAIN_DIAGRAM (AbBahdanauDiagram, ab_bahdanau_diagram, info)

static const AbParamSpec params[] = {
  { .key = "short", .label = N_("Short pair (the black cat)"), .kind = AB_PARAM_TOGGLE,
    .min = 0, .max = 1, .step = 1, .default_value = 0, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("<i>α<sub>ij</sub></i>: attention weight, 0 → 1"), AB_COLOR_ACTIVE, AB_SWATCH_GRADIENT, AB_STEPS_ALL },
  { N_("score <i>e<sub>ij</sub></i> of the current row"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("vector component: red &lt; 0, blue &gt; 0"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("current decoder step i"), AB_COLOR_ACTIVE, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* Matrix, one step unpacked, equations: a row when wide, stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.3, 0.48, AB_STAGE_ROW }, { 1, 0.25, AB_STAGE_ROW }, { 1, 0.27, AB_STAGE_ROW },
};

static const AbBahdanauResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static guint
ab_bahdanau_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_SUB * result (diagram)->n_tgt;
}

/* The target word a step belongs to. */
static int
word_of_step (const AbBahdanauResult *res, guint step)
{
  return MIN ((int) step / N_SUB, res->n_tgt - 1);
}

static int
row_argmax (const AbBahdanauResult *res, int i)
{
  int best = 0;
  for (int j = 1; j < res->n_src; j++)
    if (res->alpha[i * res->n_src + j] > res->alpha[i * res->n_src + best])
      best = j;
  return best;
}

/* Σ_j exp(e_ij − shift): the softmax denominator of row i. */
static double
row_expsum (const AbBahdanauResult *res, int i, double shift)
{
  double sum = 0;
  for (int j = 0; j < res->n_src; j++)
    sum += exp (res->scores[i * res->n_src + j] - shift);
  return sum;
}

/* The N_TERMS source words with the largest weights in row i, largest first. */
static void
top_terms (const AbBahdanauResult *res, int i, int order[N_TERMS])
{
  const double *a = res->alpha + i * res->n_src;
  int n = 0;

  /* Insertion into the short sorted list; ties keep the earlier word. */
  for (int j = 0; j < res->n_src; j++)
    {
      int k = n < N_TERMS ? n++ : N_TERMS;
      for (; k > 0 && a[j] > a[order[k - 1]]; k--)
        if (k < N_TERMS)
          order[k] = order[k - 1];
      if (k < N_TERMS)
        order[k] = j;
    }
}

/* Captions are Pango markup: the words are escaped ("<end>"), subscripts are Unicode. */
static char *
ab_bahdanau_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const AbBahdanauResult *res = result (diagram);
  int i = word_of_step (res, step);
  g_autofree char *w = g_markup_escape_text (res->tgt_words[i], -1);
  g_autofree char *b = g_markup_escape_text (res->src_words[row_argmax (res, i)], -1);

  switch (step % N_SUB)
    {
    case SUB_QUERY:
      return g_strdup_printf (_("Word %d of %d, “%s” · (a) the decoder state sᵢ₋₁ is the query"),
                              i + 1, res->n_tgt, w);
    case SUB_SCORES:
      return g_strdup_printf (_("Word %d of %d, “%s” · (b) score every source word: eᵢⱼ = vₐᵀ tanh(Wₐsᵢ₋₁ + Uₐhⱼ)"),
                              i + 1, res->n_tgt, w);
    case SUB_SOFTMAX:
      return g_strdup_printf (_("Word %d of %d, “%s” · (c) softmax turns the scores into row %d of the alignment"),
                              i + 1, res->n_tgt, w, i + 1);
    default:
      return g_strdup_printf (_("Word %d of %d, “%s” · (d) context cᵢ = Σⱼ αᵢⱼ hⱼ, mostly “%s”"),
                              i + 1, res->n_tgt, w, b);
    }
}

static gboolean
ab_bahdanau_diagram_update (AbDiagram *diagram, GError **error)
{
  AbBahdanauConfig config = {
    .pair = ab_diagram_get_param (diagram, "short") > 0.5 ? AB_BAHDANAU_PAIR_SHORT : AB_BAHDANAU_PAIR_LONG,
    .seed = SEED,
  };
  AbBahdanauResult *res = ab_bahdanau_run (&config);

  if (res == NULL || res->d_a > MAX_DA)
    {
      g_clear_pointer (&res, ab_bahdanau_free);
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the additive-attention kernel could not build the sentence pair"));
      return FALSE;
    }
  ab_diagram_set_result (diagram, res, (GDestroyNotify) ab_bahdanau_free);
  return TRUE;
}

/* ab_text, or only the height it would take when measuring. */
static double
put (cairo_t *cr, gboolean draw, AbTextStyle style, const char *markup, double x, double y,
     AbRgb color, double w)
{
  double h;

  if (draw)
    return ab_text (cr, style, markup, x, y, color, AB_ALIGN_LEFT, w);
  ab_text_measure (cr, style, markup, w, NULL, &h);
  return h;
}

/* A label, centred on a vector that fills the rest of the row. */
static void
draw_row (cairo_t *cr, AbRect row, double label_w, AbTextStyle style, const char *label,
          const double *values, int n, double scale, const char *fmt, double reveal)
{
  double h;

  ab_text_measure (cr, style, label, -1, NULL, &h);
  ab_text (cr, style, label, row.x, row.y + (row.h - h) / 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  ab_draw_vector (cr, (AbRect) { row.x + label_w, row.y, row.w - label_w, row.h }, values, n,
                  scale, fmt, reveal);
}

/* The sections of "Inside one decoder step". */
enum { SECTION_A = 1 << 0, SECTION_B = 1 << 1, SECTION_D = 1 << 2, ALL_SECTIONS = 7 };

/* A portrait frame has room for one section: the one the step is about. */
static guint
sections_for (AbLayoutKind kind, double sub_pos)
{
  double sub = ceil (sub_pos - 1e-9);

  if (kind != AB_LAYOUT_NARROW)
    return ALL_SECTIONS;
  return sub <= SUB_QUERY ? SECTION_A : sub <= SUB_SOFTMAX ? SECTION_B : SECTION_D;
}

/* "Inside one decoder step", top to bottom: (a) the query, (b) the best
 * score unpacked, (d) the largest terms of c_i, or those of @sections.
 * Vector rows are @vec_h high, sections @sep apart; with !draw it only
 * measures, so the caller can fit both to the panel. Returns the height. */
static double
inside_pass (const AbBahdanauResult *res, cairo_t *cr, AbRect p, int i, double sub_pos,
             guint sections, double vec_h, double sep, gboolean draw)
{
  const int da = res->d_a, ns = res->n_src;
  const double pad = ab_style_gap (cr) * 0.8, x = p.x + pad, w = p.w - 2 * pad;
  const double small = ab_style_size (cr, AB_TEXT_SMALL) * 0.4;
  const char *num_fmt = da <= 6 ? "%.2f" : NULL;
  double reveal_b = ab_tween (sub_pos, SUB_QUERY, SUB_SCORES);
  double reveal_d = ab_tween (sub_pos, SUB_SOFTMAX, SUB_CONTEXT);
  gboolean draw_b = draw && sub_pos > SUB_QUERY, draw_d = draw && sub_pos > SUB_SOFTMAX;
  int best = row_argmax (res, i), order[N_TERMS];
  g_autofree char *w_esc = g_markup_escape_text (res->tgt_words[i], -1);
  g_autofree char *b_esc = g_markup_escape_text (res->src_words[best], -1);
  g_autofree char *head_a = g_strdup_printf (_("(a) s<sub>i−1</sub>, about to emit “%s”"), w_esc);
  g_autofree char *head_b = g_strdup_printf (_("(b) the best score, unpacked (“%s”)"), b_esc);
  const char *head_d = _("(d) c<sub>i</sub> = Σ<sub>j</sub> α<sub>ij</sub> h<sub>j</sub>, largest terms");
  const char *row_labels[] = { _("W<sub>a</sub>s<sub>i−1</sub>"), _("U<sub>a</sub>h<sub>j</sub>"), _("tanh(·+·)") };
  char terms[N_TERMS][128];
  const char *term_labels[N_TERMS + 1] = { [N_TERMS] = _("= c<sub>i</sub> (all terms)") };
  double hidden[MAX_DA], e, row_w, term_w, y, th;
  g_autofree char *e_s = NULL, *score_line = NULL;

  e = ab_bahdanau_score (res->ws + i * da, res->uh + best * da, res->v_a, da, hidden);
  e_s = ab_format_number (e);
  score_line = g_strdup_printf (_("v<sub>a</sub><sup>⊤</sup>tanh(…) = <b>%s</b>: one small network per (i, j) pair"), e_s);
  top_terms (res, i, order);
  for (int k = 0; k < N_TERMS; k++)
    {
      g_autofree char *a = ab_format_number (res->alpha[i * ns + order[k]]);
      g_autofree char *word = g_markup_escape_text (res->src_words[order[k]], -1);
      g_snprintf (terms[k], sizeof terms[k], "%s × h(%s)", a, word);
      term_labels[k] = terms[k];
    }
  row_w = ab_text_max_width (cr, AB_TEXT_SMALL, row_labels, G_N_ELEMENTS (row_labels), FALSE) + small * 3;
  term_w = ab_text_max_width (cr, AB_TEXT_SMALL, term_labels, N_TERMS + 1, FALSE) + small * 3;

  if (draw)
    ab_draw_panel (cr, p, _("Inside one decoder step"));
  ab_text_measure (cr, AB_TEXT_HEADING, _("Inside one decoder step"), p.w - 40, NULL, &th);
  y = p.y + 14 + th;

  if (sections & SECTION_A)   /* the query and its projection */
    {
      y += sep;
      y += put (cr, draw, AB_TEXT_LABEL, head_a, x, y, AB_TEXT, w) + small;
      if (draw)
        ab_draw_vector (cr, (AbRect) { x, y, MIN (w, 3 * 2.1 * vec_h), vec_h }, res->s + i * AB_BAHDANAU_D_S,
                        AB_BAHDANAU_D_S, 1.0, "%.2f", 1.0);
      y += vec_h + sep;
      y += put (cr, draw, AB_TEXT_SMALL, _("far units saturate, where tanh is flat"), x, y, AB_TEXT_DIM, w) + small;
      if (draw)
        draw_row (cr, (AbRect) { x, y, w, vec_h }, row_w, AB_TEXT_SMALL, row_labels[0], res->ws + i * da, da,
                  4.0, num_fmt, 1.0);
      y += vec_h;
    }
  if (sections & SECTION_B)   /* one score unpacked: the best-matching source word */
    {
      y += sep;
      y += put (cr, draw, AB_TEXT_LABEL, head_b, x, y, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, reveal_b), w) + small;
      if (draw_b)
        {
          draw_row (cr, (AbRect) { x, y, w, vec_h }, row_w, AB_TEXT_SMALL, row_labels[1], res->uh + best * da,
                    da, 4.0, num_fmt, reveal_b);
          draw_row (cr, (AbRect) { x, y + vec_h + small, w, vec_h }, row_w, AB_TEXT_SMALL, row_labels[2],
                    hidden, da, 1.0, num_fmt, reveal_b);
        }
      y += 2 * (vec_h + small);
      y += put (cr, draw_b, AB_TEXT_SMALL, score_line, x, y, AB_HEADS[0], w);
    }
  if (sections & SECTION_D)   /* the context vector as a weighted sum of annotations */
    {
      y += sep;
      y += put (cr, draw, AB_TEXT_LABEL, head_d, x, y, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, reveal_d), w) + small;
      for (int k = 0; k < N_TERMS; k++)
        {
          double a = res->alpha[i * ns + order[k]], scaled[AB_BAHDANAU_D_H];
          for (int c = 0; c < AB_BAHDANAU_D_H; c++)
            scaled[c] = a * res->h[order[k] * AB_BAHDANAU_D_H + c];
          if (draw_d)
            draw_row (cr, (AbRect) { x, y, w, vec_h }, term_w, AB_TEXT_SMALL, terms[k], scaled,
                      AB_BAHDANAU_D_H, 1.0, "%.2f", reveal_d);
          y += vec_h + small;
        }
      if (draw_d)
        {
          ab_set_rgb (cr, AB_BORDER);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x + term_w, y);
          cairo_line_to (cr, x + w, y);
          cairo_stroke (cr);
          draw_row (cr, (AbRect) { x, y + small, w, vec_h }, term_w, AB_TEXT_SMALL, term_labels[N_TERMS],
                    res->context + i * AB_BAHDANAU_D_H, AB_BAHDANAU_D_H, 1.0, "%.2f", reveal_d);
        }
      y += small + vec_h;
    }
  return y + pad - p.y;
}

/* Fit the vector rows and section gaps of @sections to the panel's height. */
static void
draw_inside_panel (const AbBahdanauResult *res, cairo_t *cr, AbRect p, int i, double sub_pos,
                   guint sections)
{
  double text_h = inside_pass (res, cr, p, i, sub_pos, sections, 0, 0, FALSE);
  double vec_h = ab_style_size (cr, AB_TEXT_VALUE) * 2.1;
  double min_sep = ab_style_size (cr, AB_TEXT_SMALL) * 0.7;
  int n_vec = 0, n_sep = 0, n_sections = 0;
  double sep;

  for (guint s = sections; s; s &= s - 1)
    n_sections++;
  n_vec = (sections & SECTION_A ? 2 : 0) + (sections & SECTION_B ? 2 : 0) + (sections & SECTION_D ? 4 : 0);
  n_sep = n_sections + (sections & SECTION_A ? 1 : 0);
  sep = (p.h - text_h - n_vec * vec_h) / n_sep;
  if (sep < min_sep)
    {
      sep = min_sep;
      vec_h = MAX (ab_style_size (cr, AB_TEXT_VALUE) * 1.3, (p.h - text_h - n_sep * sep) / n_vec);
    }
  inside_pass (res, cr, p, i, sub_pos, sections, vec_h, MIN (sep, vec_h), TRUE);
}


static void
draw_equations (const AbBahdanauResult *res, cairo_t *cr, AbRect r, int i, double sub_pos)
{
  const int ns = res->n_src;
  int best = row_argmax (res, i);
  g_autofree char *w = g_markup_escape_text (res->tgt_words[i], -1);
  g_autofree char *b = g_markup_escape_text (res->src_words[best], -1);
  g_autofree char *title = g_strdup_printf (_("Step i = %d: “%s”"), i + 1, w);
  g_autofree char *e_s = ab_format_number (res->scores[i * ns + best]);
  g_autofree char *sum_s = NULL, *alpha_s = NULL, *l1 = NULL, *l2 = NULL, *l3 = NULL;
  GString *c = g_string_new ("(");
  const char *pending = "<span foreground='#6b7280'>…</span>";

  for (int k = 0; k < AB_BAHDANAU_D_H; k++)
    {
      g_autofree char *x = ab_format_number (res->context[i * AB_BAHDANAU_D_H + k]);
      g_string_append_printf (c, "%s%s", k ? ", " : "", x);
    }
  g_string_append (c, ")");
  /* The stable form every implementation uses: subtract the row's max
   * (the best score) first, so the largest term is e⁰ = 1 and nothing overflows. */
  sum_s = ab_format_number (row_expsum (res, i, res->scores[i * ns + best]));
  alpha_s = ab_format_number (res->alpha[i * ns + best]);

  l1 = g_strdup_printf (_("e(%s) = <b>%s</b>, the largest of %d scores"), b, e_s, ns);
  l2 = g_strdup_printf (_("α(%s) = 1 / Σ<sub>k</sub> e<sup>e<sub>ik</sub> − %s</sup> = 1 / %s = <b>%s</b>"),
                        b, e_s, sum_s, alpha_s);
  l3 = g_strdup_printf (_("c<sub>%d</sub> = <b>%s</b>"), i + 1, c->str);
  g_string_free (c, TRUE);
  {
    const char *f1 = "<i>e<sub>ij</sub></i> = <i>v</i><sub>a</sub><sup>⊤</sup> tanh(<i>W</i><sub>a</sub><i>s</i><sub>i−1</sub> + <i>U</i><sub>a</sub><i>h</i><sub>j</sub>)";
    const char *f2 = _("<i>α<sub>ij</sub></i> = exp(<i>e<sub>ij</sub></i>) / Σ<sub>k</sub> exp(<i>e<sub>ik</sub></i>)  (largest score subtracted first)");
    const char *f3 = "<i>c<sub>i</sub></i> = Σ<sub>j</sub> <i>α<sub>ij</sub> h<sub>j</sub></i>";
    const char *full[] = { f1, l1, f2, l2, f3, l3 };
    const char *shown[] = {
      f1, sub_pos > SUB_QUERY ? l1 : pending,
      f2, sub_pos > SUB_SCORES ? l2 : pending,
      f3, sub_pos > SUB_SOFTMAX ? l3 : pending,
    };
    /* Sized for the finished lines, so the box does not grow step by step. */
    double h = ab_callout_height (cr, r.w, title, full, G_N_ELEMENTS (full));
    ab_draw_callout (cr, (AbRect) { r.x, r.y, r.w, MIN (r.h, h) }, title, shown, G_N_ELEMENTS (shown));
  }
}

/* The alignment matrix with its labels, and row i's scores as bars under it. */
static void
draw_alignment (const AbBahdanauResult *res, cairo_t *cr, AbRect r, int i, double sub_pos)
{
  const int ns = res->n_src, nt = res->n_tgt;
  const gboolean is_short = res->config.pair == AB_BAHDANAU_PAIR_SHORT;
  const double label_gap = 10;   /* ab_draw_attention_grid's, between labels and cells */
  const double vs = ab_style_size (cr, AB_TEXT_VALUE_SMALL), sym = ab_style_size (cr, AB_TEXT_SYMBOL);
  const double label = ab_style_size (cr, AB_TEXT_LABEL);
  const char *corner = _("source (English) →\n↓ target (French)");
  double tgt_w, src_w, corner_w, corner_h, row_w = 0, col_h = 0, bars_h, values_h, gap_h;
  double cw = 0, ch = 0, block_w, block_h, score_max = 1e-6;
  double rows_visible = i + (sub_pos >= SUB_SOFTMAX ? 1.0 : ab_tween (sub_pos, SUB_SCORES, SUB_SOFTMAX));
  AbRect grid, bars;

  tgt_w = ab_text_max_width (cr, AB_TEXT_LABEL, (const char * const *) res->tgt_words, nt, TRUE);
  src_w = ab_text_max_width (cr, AB_TEXT_LABEL, (const char * const *) res->src_words, ns, TRUE);
  ab_text_measure (cr, AB_TEXT_SMALL, corner, -1, &corner_w, &corner_h);
  bars_h = MAX (r.h * (is_short ? 0.18 : 0.13), vs * 1.4 + sym * 1.4);
  values_h = is_short ? ab_style_size (cr, AB_TEXT_VALUE) * 1.6 : 0;
  gap_h = vs * 1.5;
  /* The grid's labels shrink with its cells (down to the small value
   * token): size the cells, then the labels at that size, twice. */
  for (int pass = 0, first = 1; pass < 2; pass++, first = 0)
    {
      double size = first ? label : CLAMP (MIN (cw, ch) * 0.45, vs, label);
      double scale = size / label * 1.05;
      row_w = MAX (corner_w, tgt_w * scale);
      col_h = MAX (src_w * scale, corner_h) + label_gap;
      ch = MIN ((r.h - col_h - gap_h - bars_h - values_h) / nt, label * 6);
      cw = MIN ((r.w - row_w - label_gap) / ns, ch * 1.5);
      ch = MIN (ch, cw);
    }
  block_w = row_w + label_gap + cw * ns;
  block_h = col_h + ch * nt + gap_h + bars_h + values_h;
  grid = (AbRect) { r.x + (r.w - block_w) / 2 + row_w + label_gap, r.y + (r.h - block_h) / 2 + col_h,
                    cw * ns, ch * nt };
  bars = (AbRect) { grid.x, grid.y + grid.h + gap_h, grid.w, bars_h };

  ab_draw_attention_grid (cr, grid, res->alpha, nt, ns, rows_visible, i,
                          (const char * const *) res->tgt_words, (const char * const *) res->src_words,
                          is_short);
  ab_text (cr, AB_TEXT_SMALL, corner, grid.x - label_gap, grid.y - label_gap - corner_h, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);

  if (sub_pos <= SUB_QUERY)
    return;
  for (int j = 0; j < ns; j++)
    score_max = MAX (score_max, fabs (res->scores[i * ns + j]));
  ab_draw_bars (cr, bars, res->scores + i * ns, ns, -score_max, score_max, AB_HEADS[0],
                ab_tween (sub_pos, SUB_QUERY, SUB_SCORES));
  {
    g_autofree char *max_s = ab_format_number (score_max);
    g_autofree char *top = g_strdup_printf ("±%s", max_s);
    /* e_ij on the zero line, unless that would touch the scale above it. */
    double sym_y = MAX (bars.y + bars.h / 2 - sym * 0.6, bars.y + vs * 1.4);
    ab_text (cr, AB_TEXT_VALUE_SMALL, top, bars.x - label_gap, bars.y, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    ab_text (cr, AB_TEXT_SYMBOL, "e<sub>ij</sub>", bars.x - label_gap, sym_y, AB_HEADS[0], AB_ALIGN_RIGHT, -1);
  }
  for (int j = 0; is_short && j < ns; j++)
    {
      g_autofree char *v = ab_format_number (res->scores[i * ns + j]);
      ab_text (cr, AB_TEXT_VALUE, v, bars.x + (j + 0.5) * cw, bars.y + bars.h + 4, AB_TEXT,
               AB_ALIGN_CENTER, -1);
    }
}

static void
ab_bahdanau_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const AbBahdanauResult *res = result (diagram);
  guint step = (guint) ceil (position - 1e-9);
  int i = word_of_step (res, step);
  double sub_pos = position - i * N_SUB;   /* −1 … 3 within this word's four sub-steps */

  draw_alignment (res, cr, layout->stages[STAGE_ALIGNMENT], i, sub_pos);
  draw_inside_panel (res, cr, layout->stages[STAGE_INSIDE], i, sub_pos, sections_for (layout->kind, sub_pos));
  draw_equations (res, cr, layout->stages[STAGE_EQUATIONS], i, sub_pos);
}

static char *
ab_bahdanau_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbBahdanauResult *res = result (diagram);
  int i = word_of_step (res, step);
  int best = row_argmax (res, i);
  g_autofree char *a = ab_format_number (res->alpha[i * res->n_src + best]);
  g_autofree char *e = ab_format_number (res->scores[i * res->n_src + best]);

  return g_strdup_printf (
      _("Alignment matrix of %d source words by %d target words. Target word %d, “%s”: its largest "
        "attention weight, %s, is on source word “%s” (score %s); its context vector has %d components."),
      res->n_src, res->n_tgt, i + 1, res->tgt_words[i], a, res->src_words[best], e, AB_BAHDANAU_D_H);
}

/* Values for the prose ------------------------------------------------------ */

/* The diagram's own runs, one per pair, so text and picture agree. The
 * pattern's pair choice lists short first. */
static const AbBahdanauResult *
prose_result (int pair_choice, GError **error)
{
  static AbBahdanauResult *cache[2];
  AbBahdanauPair pair = pair_choice == 0 ? AB_BAHDANAU_PAIR_SHORT : AB_BAHDANAU_PAIR_LONG;

  if (cache[pair] == NULL)
    {
      AbBahdanauConfig config = { .pair = pair, .seed = SEED };
      cache[pair] = ab_bahdanau_run (&config);
    }
  if (cache[pair] == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the additive-attention kernel could not build the sentence pair"));
  return cache[pair];
}

/* The pair, then 1-based indices named by @dims (i: target word, j: source
 * word, m: hidden unit, k: component of h or c, s: component of s_{i−1}),
 * checked against this pair's sizes and made 0-based in @idx. */
static const AbBahdanauResult *
lookup (const AbValueArgs *args, const char *dims, int *idx, GError **error)
{
  const AbBahdanauResult *res = prose_result (args->ints[0], error);

  for (int a = 0; res && dims[a]; a++)
    {
      char d = dims[a];
      int max = d == 'i' ? res->n_tgt : d == 'j' ? res->n_src : d == 'm' ? res->d_a
              : d == 'k' ? AB_BAHDANAU_D_H : AB_BAHDANAU_D_S;
      if (args->ints[a + 1] > max)
        {
          g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                       _("index %d is out of range: this pair has %d"), args->ints[a + 1], max);
          return NULL;
        }
      idx[a] = args->ints[a + 1] - 1;
    }
  return res;
}

#define VALUE_GETTER(fn, dims, expr)                                          \
  static char *fn (const AbValueArgs *args, GError **error)                   \
  {                                                                           \
    int x[3];                                                                 \
    const AbBahdanauResult *res = lookup (args, dims, x, error);              \
    return res ? ab_format_number (expr) : NULL;                              \
  }

VALUE_GETTER (get_score, "ij", res->scores[x[0] * res->n_src + x[1]])
VALUE_GETTER (get_alpha, "ij", res->alpha[x[0] * res->n_src + x[1]])
VALUE_GETTER (get_context, "ik", res->context[x[0] * AB_BAHDANAU_D_H + x[1]])
VALUE_GETTER (get_s, "is", res->s[x[0] * AB_BAHDANAU_D_S + x[1]])
VALUE_GETTER (get_h, "jk", res->h[x[0] * AB_BAHDANAU_D_H + x[1]])
VALUE_GETTER (get_ws, "im", res->ws[x[0] * res->d_a + x[1]])
VALUE_GETTER (get_uh, "jm", res->uh[x[0] * res->d_a + x[1]])
VALUE_GETTER (get_hidden, "ijm", tanh (res->ws[x[0] * res->d_a + x[2]] + res->uh[x[1] * res->d_a + x[2]]))
VALUE_GETTER (get_va, "m", res->v_a[x[0]])
VALUE_GETTER (get_expsum, "i", row_expsum (res, x[0], 0))

static char *
get_size (const AbValueArgs *args, GError **error)
{
  const AbBahdanauResult *res = prose_result (args->ints[0], error);

  /* The choice {da|nsrc|ntgt}. */
  return res ? g_strdup_printf ("%d", (int[]) { res->d_a, res->n_src, res->n_tgt }[args->ints[1]]) : NULL;
}

/* 1-based like the paper; an index past this pair's size is an error. */
static const AbValueSpec bahdanau_values[] = {
  { "{short|long}.score.i{1..64}.j{1..64}", get_score, "score e_ij" },
  { "{short|long}.alpha.i{1..64}.j{1..64}", get_alpha, "attention weight α_ij" },
  { "{short|long}.expsum.i{1..64}", get_expsum, "Σ_k exp(e_ik), the softmax denominator" },
  { "{short|long}.context.i{1..64}.k{1..64}", get_context, "component K of the context c_i" },
  { "{short|long}.s.i{1..64}.k{1..64}", get_s, "component K of s_{i−1}, the state that emits word i" },
  { "{short|long}.h.j{1..64}.k{1..64}", get_h, "component K of the annotation h_j" },
  { "{short|long}.ws.i{1..64}.m{1..64}", get_ws, "(W_a s_{i−1})_m" },
  { "{short|long}.uh.j{1..64}.m{1..64}", get_uh, "(U_a h_j)_m" },
  { "{short|long}.hidden.i{1..64}.j{1..64}.m{1..64}", get_hidden, "tanh((W_a s_{i−1})_m + (U_a h_j)_m)" },
  { "{short|long}.va.m{1..64}", get_va, "(v_a)_m" },
  { "{short|long}.{da|nsrc|ntgt}", get_size, "hidden units d_a, source or target length" },
};

AB_VALUE_FAMILY (ab_bahdanau_values, "bahdanau", bahdanau_values);

static const AbDiagramInfo info = {
  .name = "bahdanau-alignment",
  .title = N_("Bahdanau attention: a learned soft alignment"),
  .note = N_("Vectors and weights are hand-built so the alignment matches Bahdanau et al.'s Fig. 3; "
             "every number is computed from them by the real equations."),
  AB_TABLE (params, params), AB_TABLE (legend, legend),
  AB_TABLE (stages, stages),
  .update = ab_bahdanau_diagram_update, .draw = ab_bahdanau_diagram_draw,
  .get_n_steps = ab_bahdanau_diagram_get_n_steps,
  .dup_caption = ab_bahdanau_diagram_dup_caption,
  .describe = ab_bahdanau_diagram_describe,
};

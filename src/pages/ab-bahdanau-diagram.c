/* ab-bahdanau-diagram.c — "bahdanau-alignment": additive attention filling
 * the alignment matrix one decoder step at a time, computed by
 * src/kernels/bahdanau.c.
 *
 * Every target word takes four steps: (a) the query s_{i−1}, (b) its scores
 * e_ij against every source word (bars under the matrix), (c) the softmax
 * filling row i of the matrix, (d) the context vector c_i as a weighted sum
 * of annotations. The side panel shows the equations with the current
 * numbers substituted. The vectors and weights are constructed (see the
 * kernel's header), the arithmetic is the paper's.
 */
#define G_LOG_DOMAIN "ab-bahdanau-diagram"

#include "ab-bahdanau-diagram.h"
#include "ab-components.h"
#include "ab-book-values.h"
#include "bahdanau.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { SUB_QUERY, SUB_SCORES, SUB_SOFTMAX, SUB_CONTEXT, N_SUB };

#define SEED 1

struct _AbBahdanauDiagram
{
  AbDiagram         parent_instance;
  AbBahdanauResult *result;
};

G_DEFINE_FINAL_TYPE (AbBahdanauDiagram, ab_bahdanau_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "short", N_("Short pair (the black cat)"), AB_PARAM_TOGGLE, 0, 1, 1, 0, FALSE, NULL, "%.0f" },
};

static guint
ab_bahdanau_diagram_get_n_steps (AbDiagram *diagram)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (diagram);
  return N_SUB * self->result->n_tgt;
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

/* Captions are Pango markup (the view and the canvas header both parse
 * them): the words are escaped ("<end>"), subscripts are Unicode. */
static char *
ab_bahdanau_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (diagram);
  const AbBahdanauResult *res = self->result;
  int i = MIN ((int) step / N_SUB, res->n_tgt - 1);
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

static void
ab_bahdanau_diagram_update (AbDiagram *diagram)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (diagram);
  AbBahdanauConfig config = {
    .pair = ab_diagram_get_param (diagram, "short") > 0.5 ? AB_BAHDANAU_PAIR_SHORT
                                                         : AB_BAHDANAU_PAIR_LONG,
    .seed = SEED,
  };

  g_clear_pointer (&self->result, ab_bahdanau_free);
  self->result = ab_bahdanau_run (&config);
  g_assert (self->result != NULL);
}

/* "−1.23" with a real minus sign. */
static char *
fmt_num (double v, int decimals)
{
  g_autofree char *s = g_strdup_printf ("%.*f", decimals, fabs (v));
  return g_strdup_printf ("%s%s", v < 0 && round (fabs (v) * pow (10, decimals)) > 0 ? "−" : "", s);
}

static char *
fmt_vector (const double *v, int n, int decimals)
{
  GString *s = g_string_new ("(");
  for (int k = 0; k < n; k++)
    {
      g_autofree char *x = fmt_num (v[k], decimals);
      g_string_append_printf (s, "%s%s", k ? ", " : "", x);
    }
  g_string_append (s, ")");
  return g_string_free (s, FALSE);
}

static void
draw_inside_panel (AbBahdanauDiagram *self, cairo_t *cr, AbRect p, int i, double sub_pos)
{
  const AbBahdanauResult *res = self->result;
  const int da = res->d_a, ns = res->n_src;
  const double x = p.x + 24, w = p.w - 48;
  int best = row_argmax (res, i);
  g_autofree char *w_esc = g_markup_escape_text (res->tgt_words[i], -1);
  g_autofree char *b_esc = g_markup_escape_text (res->src_words[best], -1);
  g_autofree char *head = NULL, *score_line = NULL;
  const char *num_fmt = da <= 6 ? "%.2f" : NULL;
  double hidden[64];
  double y = p.y + 56;
  double reveal_b = ab_tween (sub_pos, SUB_QUERY, SUB_SCORES);
  double reveal_d = ab_tween (sub_pos, SUB_SOFTMAX, SUB_CONTEXT);
  double e, dy;

  ab_draw_panel (cr, p, _("Inside one decoder step"));

  /* (a) the query and its projection. */
  head = g_strdup_printf (_("(a) s<sub>i−1</sub>, about to emit “%s”"), w_esc);
  ab_draw_text (cr, head, x, y, 18, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, w);
  ab_draw_vector (cr, (AbRect) { x, y + 30, 3 * 72, 36 }, res->s + i * AB_BAHDANAU_D_S,
                        AB_BAHDANAU_D_S, 1.0, "%.2f", 1.0);
  y += 82;
  ab_draw_text (cr, _("far units saturate, where tanh is flat"),
                x, y, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
  ab_draw_text (cr, _("W<sub>a</sub>s<sub>i−1</sub>"), x, y + 30, 16, AB_FONT_SANS, AB_TEXT_DIM,
                AB_ALIGN_LEFT, -1);
  ab_draw_vector (cr, (AbRect) { x + 84, y + 26, w - 84, 30 }, res->ws + i * da, da,
                        4.0, num_fmt, 1.0);
  y += 76;

  /* (b) one score unpacked: the best-matching source word. A long word can
   * wrap the heading onto two lines: everything below moves down by dy. */
  e = ab_bahdanau_score (res->ws + i * da, res->uh + best * da, res->v_a, da, hidden);
  {
    g_autofree char *t = g_strdup_printf (_("(b) the best score, unpacked (“%s”)"), b_esc);
    double th = ab_draw_text (cr, t, x, y, 18, AB_FONT_SANS, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, reveal_b),
                              AB_ALIGN_LEFT, w);
    dy = MAX (0.0, th - 26.0);
  }
  if (sub_pos > SUB_QUERY)
    {
      ab_draw_text (cr, _("U<sub>a</sub>h<sub>j</sub>"), x, y + dy + 30, 16, AB_FONT_SANS, AB_TEXT_DIM,
                    AB_ALIGN_LEFT, -1);
      ab_draw_vector (cr, (AbRect) { x + 84, y + dy + 28, w - 84, 28 },
                            res->uh + best * da, da, 4.0, num_fmt, reveal_b);
      ab_draw_text (cr, _("tanh(·+·)"), x, y + dy + 66, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      ab_draw_vector (cr, (AbRect) { x + 84, y + dy + 64, w - 84, 28 },
                            hidden, da, 1.0, num_fmt, reveal_b);
      {
        g_autofree char *ev = fmt_num (e, 2);
        g_autofree char *t = g_strdup_printf (_("v<sub>a</sub><sup>⊤</sup>tanh(…) = <b>%s</b>: one small network per (i, j) pair"), ev);
        ab_draw_text (cr, t, x, y + dy + 100, 16, AB_FONT_SANS, AB_HEADS[0], AB_ALIGN_LEFT, w);
      }
    }
  y += 166 + dy;

  /* (d) the context vector as a weighted sum of annotations. */
  ab_draw_text (cr, _("(d) c<sub>i</sub> = Σ<sub>j</sub> α<sub>ij</sub> h<sub>j</sub>, largest terms"), x, y, 18,
                AB_FONT_SANS, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, reveal_d), AB_ALIGN_LEFT, w);
  y += 32;
  if (sub_pos > SUB_SOFTMAX)
    {
      int order[64];
      int n_terms = MIN (3, ns);

      for (int j = 0; j < ns; j++)
        order[j] = j;
      /* Top terms by weight: a partial selection sort is plenty for ≤ 13. */
      for (int a = 0; a < n_terms; a++)
        for (int b = a + 1; b < ns; b++)
          if (res->alpha[i * ns + order[b]] > res->alpha[i * ns + order[a]])
            {
              int t = order[a];
              order[a] = order[b];
              order[b] = t;
            }
      for (int k = 0; k < n_terms; k++)
        {
          int j = order[k];
          double a = res->alpha[i * ns + j];
          double scaled[AB_BAHDANAU_D_H];
          g_autofree char *word = g_markup_escape_text (res->src_words[j], -1);
          g_autofree char *t = g_strdup_printf ("%.2f × h(%s)", a, word);

          for (int c = 0; c < AB_BAHDANAU_D_H; c++)
            scaled[c] = a * res->h[j * AB_BAHDANAU_D_H + c];
          ab_draw_text (cr, t, x, y + 6, 16, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
          ab_draw_vector (cr, (AbRect) { x + 190, y, w - 190, 30 }, scaled, AB_BAHDANAU_D_H,
                                1.0, "%.2f", reveal_d);
          y += 38;
        }
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x + 190, y);
      cairo_line_to (cr, x + w, y);
      cairo_stroke (cr);
      ab_draw_text (cr, _("= c<sub>i</sub> (all terms)"), x, y + 14, 16, AB_FONT_SANS, AB_TEXT,
                    AB_ALIGN_LEFT, -1);
      ab_draw_vector (cr, (AbRect) { x + 190, y + 8, w - 190, 34 },
                            res->context + i * AB_BAHDANAU_D_H, AB_BAHDANAU_D_H, 1.0, "%.2f", reveal_d);
    }
}

static void
draw_equations (AbBahdanauDiagram *self, cairo_t *cr, AbRect r, int i, double sub_pos)
{
  const AbBahdanauResult *res = self->result;
  const int ns = res->n_src;
  int best = row_argmax (res, i);
  double shifted_sum = 0, mx = -INFINITY;
  g_autofree char *w = g_markup_escape_text (res->tgt_words[i], -1);
  g_autofree char *b = g_markup_escape_text (res->src_words[best], -1);
  g_autofree char *title = g_strdup_printf (_("Step i = %d: “%s”"), i + 1, w);
  g_autofree char *e_s = fmt_num (res->scores[i * ns + best], 2);
  g_autofree char *c_s = fmt_vector (res->context + i * AB_BAHDANAU_D_H, AB_BAHDANAU_D_H, 2);
  g_autofree char *l1 = NULL, *l2 = NULL, *l3 = NULL;
  const char *pending = "<span foreground='#6b7280'>…</span>";

  for (int j = 0; j < ns; j++)
    mx = MAX (mx, res->scores[i * ns + j]);
  for (int j = 0; j < ns; j++)
    shifted_sum += exp (res->scores[i * ns + j] - mx);

  l1 = g_strdup_printf (_("e(%s) = <b>%s</b>, the largest of %d scores"), b, e_s, ns);
  /* The stable form every implementation uses: subtract the row's max
   * first, so the largest term is e⁰ = 1 and nothing overflows. */
  l2 = g_strdup_printf (_("α(%s) = 1 / Σ<sub>k</sub> e<sup>e<sub>ik</sub> − %s</sup> = 1 / %.2f = <b>%.2f</b>"),
                        b, e_s, shifted_sum, res->alpha[i * ns + best]);
  l3 = g_strdup_printf (_("c<sub>%d</sub> = <b>%s</b>"), i + 1, c_s);
  {
    const char *lines[] = {
      "<i>e<sub>ij</sub></i> = <i>v</i><sub>a</sub><sup>⊤</sup> tanh(<i>W</i><sub>a</sub><i>s</i><sub>i−1</sub> + <i>U</i><sub>a</sub><i>h</i><sub>j</sub>)",
      sub_pos > SUB_QUERY ? l1 : pending,
      "<i>α<sub>ij</sub></i> = exp(<i>e<sub>ij</sub></i>) / Σ<sub>k</sub> exp(<i>e<sub>ik</sub></i>)  (largest score subtracted first)",
      sub_pos > SUB_SCORES ? l2 : pending,
      "<i>c<sub>i</sub></i> = Σ<sub>j</sub> <i>α<sub>ij</sub> h<sub>j</sub></i>",
      sub_pos > SUB_SOFTMAX ? l3 : pending,
    };
    ab_draw_callout (cr, r, title, lines, G_N_ELEMENTS (lines));
  }
}

static void
ab_bahdanau_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("<i>α<sub>ij</sub></i>: attention weight, 0 → 1"), AB_ACTIVE, AB_SWATCH_GRADIENT);
  ab_legend_add (legend, _("score <i>e<sub>ij</sub></i> of the current row"), AB_HEADS[0], AB_SWATCH_BOX);
  ab_legend_add (legend, _("vector component: red &lt; 0, blue &gt; 0"), AB_HBM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("current decoder step i"), AB_ACTIVE, AB_SWATCH_LINE);
}

static void
ab_bahdanau_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                          double position)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (diagram);
  const AbBahdanauResult *res = self->result;
  const int ns = res->n_src, nt = res->n_tgt;
  guint step = (guint) ceil (position);
  int i = MIN ((int) step / N_SUB, nt - 1);
  double sub_pos = position - i * N_SUB;   /* −1 … 3 within this word's four sub-steps */
  gboolean is_short = res->config.pair == AB_BAHDANAU_PAIR_SHORT;
  double cell = is_short ? 110 : 34;
  AbRect grid = { is_short ? 250 : 190, is_short ? 250 : 236, cell * ns, cell * nt };
  AbRect bars = { grid.x, grid.y + grid.h + 26, grid.w, is_short ? 120 : 92 };
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree double *shown = g_new0 (double, ns * nt);
  double rows_visible = i + (sub_pos >= SUB_SOFTMAX ? 1.0 : ab_tween (sub_pos, SUB_SCORES, SUB_SOFTMAX));
  double score_max = 0;
  ab_draw_header (cr, width, _("Additive attention, one decoder step at a time"), caption);

  for (int r = 0; r < nt; r++)
    for (int j = 0; j < ns; j++)
      shown[r * ns + j] = res->alpha[r * ns + j];
  ab_draw_attention_grid (cr, grid, shown, nt, ns, rows_visible, i,
                          (const char * const *) res->tgt_words,
                          (const char * const *) res->src_words, is_short);
  ab_draw_text (cr, _("source\n(English) →"), 40, grid.y - 52, 15, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  if (!is_short)
    ab_draw_text (cr, _("↓ target\n(French)"), 40, grid.y + grid.h + 4, 15, AB_FONT_SANS,
                  AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  else
    ab_draw_text (cr, _("↓ target (French)"), grid.x - 10, grid.y + grid.h + 4, 15, AB_FONT_SANS,
                  AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  /* (b) the current row's scores, one bar under each source column. */
  for (int j = 0; j < ns; j++)
    score_max = MAX (score_max, fabs (res->scores[i * ns + j]));
  if (sub_pos > SUB_QUERY)
    {
      g_autofree char *top = g_strdup_printf ("±%.1f", score_max);
      ab_draw_bars (cr, bars, res->scores + i * ns, ns, -MAX (score_max, 1e-6), MAX (score_max, 1e-6), AB_HEADS[0],
                    ab_tween (sub_pos, SUB_QUERY, SUB_SCORES));
      ab_draw_text (cr, _("e<sub>ij</sub>"), bars.x - 10, bars.y + bars.h / 2 - 12, 18,
                    AB_FONT_SERIF_ITALIC, AB_HEADS[0], AB_ALIGN_RIGHT, -1);
      ab_draw_text (cr, top, bars.x + bars.w + 8, bars.y - 8, 14, AB_FONT_MONO, AB_TEXT_DIM,
                    AB_ALIGN_LEFT, -1);
      if (is_short)
        for (int j = 0; j < ns; j++)
          {
            g_autofree char *v = fmt_num (res->scores[i * ns + j], 2);
            ab_draw_text (cr, v, bars.x + (j + 0.5) * bars.w / ns, bars.y + bars.h + 4, 16,
                          AB_FONT_MONO, AB_TEXT, AB_ALIGN_CENTER, -1);
          }
    }

  draw_inside_panel (self, cr, (AbRect) { 700, 130, 420, 720 }, i, sub_pos);
  draw_equations (self, cr, (AbRect) { 1140, 130, 420, 380 }, i, sub_pos);
  ab_diagram_draw_legend (diagram, cr, 1140, 530, step);
  ab_draw_text (cr, _("Vectors and weights are hand-built so the alignment matches Bahdanau et al.'s Fig. 3; "
                      "every number is computed from them by the real equations."),
                1140, 700, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, 420);
}

static char *
ab_bahdanau_diagram_describe (AbDiagram *diagram, guint step)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (diagram);
  const AbBahdanauResult *res = self->result;
  int i = MIN ((int) step / N_SUB, res->n_tgt - 1);
  int best = row_argmax (res, i);

  return g_strdup_printf (
      _("Bahdanau alignment matrix, %d source words by %d target words. Step %u of %u: target "
        "word %d, “%s”. Its largest attention weight, %.2f, is on source word “%s” (score %.2f); "
        "its context vector has %d components."),
      res->n_src, res->n_tgt, step + 1, N_SUB * res->n_tgt, i + 1, res->tgt_words[i],
      res->alpha[i * res->n_src + best], res->src_words[best], res->scores[i * res->n_src + best],
      AB_BAHDANAU_D_H);
}

/* Rounds like the book, but never prints "-0.000". */
static char *
number_no_negative_zero (double v)
{
  return (ab_book_value_number) (fabs (v) < 5e-4 ? 0.0 : v);
}

/* Values for the prose, 1-based like the paper (i: target word, j: source
 * word, m: hidden unit, k: vector component), keyed
 * bahdanau.PAIR.STAT[.ARGS], PAIR = short | long:
 *   bahdanau.PAIR.score.iI.jJ       e_ij
 *   bahdanau.PAIR.alpha.iI.jJ       α_ij
 *   bahdanau.PAIR.expsum.iI         Σ_k exp(e_ik), the softmax denominator
 *   bahdanau.PAIR.context.iI.kK     component K of c_i
 *   bahdanau.PAIR.s.iI.kK           component K of s_{i−1} (the state that emits word i)
 *   bahdanau.PAIR.h.jJ.kK           component K of the annotation h_j
 *   bahdanau.PAIR.ws.iI.mM          (W_a s_{i−1})_m
 *   bahdanau.PAIR.uh.jJ.mM          (U_a h_j)_m
 *   bahdanau.PAIR.hidden.iI.jJ.mM   tanh((W_a s_{i−1})_m + (U_a h_j)_m)
 *   bahdanau.PAIR.va.mM             (v_a)_m
 *   bahdanau.PAIR.da                number of hidden units d_a
 *   bahdanau.PAIR.nsrc / .ntgt      sentence lengths */
char *
ab_bahdanau_diagram_format_value (char **parts)
{
  static AbBahdanauResult *cache[2];
  AbBahdanauResult *res;
  guint n = g_strv_length (parts);
  int pair, i = 1, j = 1, m = 1, k = 1;
  const char *stat;

  if (n < 3)
    return NULL;
  if (g_str_equal (parts[1], "short"))
    pair = AB_BAHDANAU_PAIR_SHORT;
  else if (g_str_equal (parts[1], "long"))
    pair = AB_BAHDANAU_PAIR_LONG;
  else
    return NULL;
  if (cache[pair] == NULL)
    {
      AbBahdanauConfig config = { .pair = pair, .seed = SEED };
      cache[pair] = ab_bahdanau_run (&config);
      if (cache[pair] == NULL)
        return NULL;
    }
  res = cache[pair];
  stat = parts[2];

  /* Arguments in any order after the stat: i…, j…, m…, k…. */
  for (guint a = 3; a < n; a++)
    {
      char c = parts[a][0];
      int *out = c == 'i' ? &i : c == 'j' ? &j : c == 'm' ? &m : c == 'k' ? &k : NULL;
      int max = c == 'i' ? res->n_tgt : c == 'j' ? res->n_src : c == 'm' ? res->d_a : 4;
      if (out == NULL || !ab_book_value_parse_int (parts[a], c, 1, max, out))
        return NULL;
    }
  i--, j--, m--, k--;

#define NEED(count) if (n != 3 + (count)) return NULL
#define ab_book_value_number(v) number_no_negative_zero (v)
  if (g_str_equal (stat, "score"))
    { NEED (2); return ab_book_value_number (res->scores[i * res->n_src + j]); }
  if (g_str_equal (stat, "alpha"))
    { NEED (2); return ab_book_value_number (res->alpha[i * res->n_src + j]); }
  if (g_str_equal (stat, "expsum"))
    {
      double sum = 0;
      NEED (1);
      for (int q = 0; q < res->n_src; q++)
        sum += exp (res->scores[i * res->n_src + q]);
      return ab_book_value_number (sum);
    }
  if (g_str_equal (stat, "context"))
    { NEED (2); return ab_book_value_number (res->context[i * AB_BAHDANAU_D_H + k]); }
  if (g_str_equal (stat, "s"))
    { NEED (2); return k < AB_BAHDANAU_D_S ? ab_book_value_number (res->s[i * AB_BAHDANAU_D_S + k]) : NULL; }
  if (g_str_equal (stat, "h"))
    { NEED (2); return ab_book_value_number (res->h[j * AB_BAHDANAU_D_H + k]); }
  if (g_str_equal (stat, "ws"))
    { NEED (2); return ab_book_value_number (res->ws[i * res->d_a + m]); }
  if (g_str_equal (stat, "uh"))
    { NEED (2); return ab_book_value_number (res->uh[j * res->d_a + m]); }
  if (g_str_equal (stat, "hidden"))
    {
      NEED (3);
      return ab_book_value_number (tanh (res->ws[i * res->d_a + m] + res->uh[j * res->d_a + m]));
    }
  if (g_str_equal (stat, "va"))
    { NEED (1); return ab_book_value_number (res->v_a[m]); }
  if (g_str_equal (stat, "da"))
    { NEED (0); return g_strdup_printf ("%d", res->d_a); }
  if (g_str_equal (stat, "nsrc"))
    { NEED (0); return g_strdup_printf ("%d", res->n_src); }
  if (g_str_equal (stat, "ntgt"))
    { NEED (0); return g_strdup_printf ("%d", res->n_tgt); }
#undef NEED
#undef ab_book_value_number
  return NULL;
}

static void
ab_bahdanau_diagram_finalize (GObject *object)
{
  AbBahdanauDiagram *self = AB_BAHDANAU_DIAGRAM (object);

  g_clear_pointer (&self->result, ab_bahdanau_free);
  G_OBJECT_CLASS (ab_bahdanau_diagram_parent_class)->finalize (object);
}

static void
ab_bahdanau_diagram_class_init (AbBahdanauDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_bahdanau_diagram_finalize;

  diagram_class->name = "bahdanau-alignment";
  diagram_class->title = N_("Bahdanau attention: a learned soft alignment (hand-built weights, real arithmetic)");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_bahdanau_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_bahdanau_diagram_dup_step_title;
  diagram_class->update_legacy = ab_bahdanau_diagram_update;
  diagram_class->draw_legacy = ab_bahdanau_diagram_draw;
  diagram_class->collect_legend = ab_bahdanau_diagram_collect_legend;
  diagram_class->describe = ab_bahdanau_diagram_describe;
}

static void
ab_bahdanau_diagram_init (AbBahdanauDiagram *self)
{
}

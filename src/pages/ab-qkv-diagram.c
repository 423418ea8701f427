/* ab-qkv-diagram.c — Q, K, V by hand: four tokens, one matrix product a step
 *
 * Every number comes from src/kernels/qkv.c. Each step shows one product
 * with its operands and every cell's value, outlines the row and column
 * that make one chosen result cell, and spells that cell's sum out; the
 * equation list on the right highlights the current equation.
 *
 * Steps: inputs → Q = XW_Q → K = XW_K → V = XW_V → S = QKᵀ/√d_k →
 * P = softmax(S) → O = PV.
 */
#define G_LOG_DOMAIN "ab-qkv-diagram"

#include "ab-qkv-diagram.h"
#include "ab-book-values.h"
#include "ab-draw.h"
#include "qkv.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_INPUTS, STEP_Q, STEP_K, STEP_V, STEP_S, STEP_P, STEP_O, N_STEPS };

#define CELL_W 64.0
#define CELL_H 50.0
#define LABEL_W 62.0   /* room for token labels left of a matrix */

struct _AbQkvDiagram
{
  AbDiagram    parent_instance;
  AbQkvExample ex;
};

G_DEFINE_FINAL_TYPE (AbQkvDiagram, ab_qkv_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "row", N_("Worked row (token)"), AB_PARAM_SLIDER, 1, AB_QKV_N, 1, 1, FALSE, NULL, "%.0f" },
};

static const char *const equations[N_STEPS] = {
  N_("inputs: <i>X</i>, <i>W</i><sub>Q</sub>, <i>W</i><sub>K</sub>, <i>W</i><sub>V</sub>"),
  "<i>Q</i> = <i>X W</i><sub>Q</sub>",
  "<i>K</i> = <i>X W</i><sub>K</sub>",
  "<i>V</i> = <i>X W</i><sub>V</sub>",
  "<i>S</i> = <i>Q K</i><sup>⊤</sup> / √<i>d</i><sub>k</sub>",
  "<i>P</i> = softmax(<i>S</i>)",
  "<i>O</i> = <i>P V</i>",
};

static guint
ab_qkv_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_qkv_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · Four token embeddings <i>X</i> and three projection matrices"),
    N_("2 · Queries: <i>Q</i> = <i>X W</i><sub>Q</sub>, one row per token"),
    N_("3 · Keys: <i>K</i> = <i>X W</i><sub>K</sub>"),
    N_("4 · Values: <i>V</i> = <i>X W</i><sub>V</sub>"),
    N_("5 · Scores: every query against every key, divided by √<i>d</i><sub>k</sub> = √3"),
    N_("6 · Softmax turns each row of scores into weights that sum to 1"),
    N_("7 · Output: each token's weighted average of the values"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

static void
ab_qkv_diagram_update (AbDiagram *diagram)
{
  ab_qkv_run (&AB_QKV_DIAGRAM (diagram)->ex);
}

static char *
format_cell (double v, gboolean probability)
{
  if (probability)
    return g_strdup_printf ("%.3f", v);
  if (fabs (v - round (v)) < 1e-9)
    return g_strdup_printf ("%.0f", v == 0 ? 0.0 : v);
  return g_strdup_printf ("%.2f", v);
}

static AbRgb
cell_color (double v, gboolean probability)
{
  if (probability)
    return ab_weight_color (v);
  return ab_rgb_mix (AB_PANEL, v < 0 ? AB_HBM : AB_ACTIVE, ab_clamp01 (fabs (v) / 4.0) * 0.8);
}

typedef struct
{
  AbQkvMatrix m;
  gboolean    transpose;
  const char *title;        /* Pango markup */
  gboolean    token_rows;   /* label rows with the tokens */
  gboolean    token_cols;
} MatrixView;

static double
view_width (const MatrixView *v)
{
  int rows, cols;
  ab_qkv_matrix_shape (v->m, &rows, &cols);
  return (v->transpose ? rows : cols) * CELL_W + (v->token_rows ? LABEL_W : 0);
}

/* Draws a matrix with its numbers; hl_row / hl_col (−1 for none) outline a
 * row or a column; reveal fades the values in, row by row. */
static void
draw_matrix (AbQkvDiagram *self, cairo_t *cr, const MatrixView *v, double x, double y,
             int hl_row, int hl_col, double reveal)
{
  int rows, cols, R, C;
  gboolean prob = v->m == AB_QKV_P;

  ab_qkv_matrix_shape (v->m, &rows, &cols);
  R = v->transpose ? cols : rows;
  C = v->transpose ? rows : cols;
  if (v->token_rows)
    x += LABEL_W;

  ab_draw_text (cr, v->title, x + C * CELL_W / 2, y - 62, 24, AB_FONT_SERIF_ITALIC, AB_TEXT,
                AB_ALIGN_CENTER, -1);
  for (int i = 0; i < R; i++)
    {
      double row_reveal = ab_clamp01 (reveal * (R + 1) - i);
      for (int j = 0; j < C; j++)
        {
          double val = v->transpose ? ab_qkv_get (&self->ex, v->m, j, i) : ab_qkv_get (&self->ex, v->m, i, j);
          AbRect cell = { x + j * CELL_W + 1, y + i * CELL_H + 1, CELL_W - 2, CELL_H - 2 };
          g_autofree char *txt = format_cell (val, prob);

          ab_set_rgb (cr, ab_rgb_mix (AB_BG, cell_color (val, prob), row_reveal));
          cairo_rectangle (cr, cell.x, cell.y, cell.w, cell.h);
          cairo_fill (cr);
          if (row_reveal > 0.3)
            ab_draw_text (cr, txt, cell.x + cell.w / 2, cell.y + cell.h / 2 - 11, 17, AB_FONT_MONO,
                          prob && sqrt (val) > 0.6 ? AB_BG : AB_TEXT, AB_ALIGN_CENTER, -1);
        }
    }
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, x, y, C * CELL_W, R * CELL_H);
  cairo_stroke (cr);
  ab_set_rgb (cr, AB_ACTIVE);
  cairo_set_line_width (cr, 3);
  if (hl_row >= 0 && hl_col >= 0)
    cairo_rectangle (cr, x + hl_col * CELL_W - 2, y + hl_row * CELL_H - 2, CELL_W + 4, CELL_H + 4);
  else if (hl_row >= 0)
    cairo_rectangle (cr, x - 2, y + hl_row * CELL_H - 2, C * CELL_W + 4, CELL_H + 4);
  else if (hl_col >= 0)
    cairo_rectangle (cr, x + hl_col * CELL_W - 2, y - 2, CELL_W + 4, R * CELL_H + 4);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (v->token_rows)
    for (int i = 0; i < R; i++)
      ab_draw_text (cr, self->ex.tokens[i], x - 10, y + i * CELL_H + CELL_H / 2 - 10, 16, AB_FONT_SANS,
                    i == hl_row ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  if (v->token_cols)
    for (int j = 0; j < C; j++)
      ab_draw_text (cr, self->ex.tokens[j], x + j * CELL_W + CELL_W / 2, y - 26, 15, AB_FONT_SANS,
                    j == hl_col ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

static void
draw_symbol (cairo_t *cr, const char *s, double x, double y)
{
  ab_draw_text (cr, s, x, y - 18, 34, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

/* A row of operands and operators laid out centred in [x0, x1]. */
typedef struct
{
  const MatrixView *view;   /* NULL: a symbol */
  const char       *symbol;
  int               hl_row, hl_col;
  double            reveal;
} Item;

static void
draw_row_of_items (AbQkvDiagram *self, cairo_t *cr, const Item *items, int n, double x0, double x1,
                   double y)
{
  const double gap = 18;
  double total = 0, x, sym_w[8];

  g_assert (n <= (int) G_N_ELEMENTS (sym_w));
  for (int i = 0; i < n; i++)
    {
      if (!items[i].view)
        {
          ab_measure_text (cr, items[i].symbol, 34, AB_FONT_SANS, -1, &sym_w[i], NULL);
          sym_w[i] += 12;
        }
      total += (items[i].view ? view_width (items[i].view) : sym_w[i]) + gap;
    }
  x = x0 + (x1 - x0 - total + gap) / 2;
  for (int i = 0; i < n; i++)
    {
      if (items[i].view)
        {
          draw_matrix (self, cr, items[i].view, x, y, items[i].hl_row, items[i].hl_col, items[i].reveal);
          x += view_width (items[i].view) + gap;
        }
      else
        {
          draw_symbol (cr, items[i].symbol, x + sym_w[i] / 2, y + 2 * CELL_H);
          x += sym_w[i] + gap;
        }
    }
}

/* A factor in a spelled-out sum: negative numbers in parentheses. */
static void
append_factor (GString *s, double v, const char *format)
{
  g_autofree char *num = g_strdup_printf (format, fabs (v) + 0.0);

  if (v < 0)
    g_string_append_printf (s, "(−%s)", num);
  else
    g_string_append (s, num);
}

/* "O₁₂ = 0.086·0 + …" for the current step's chosen cell. */
static char *
explain_cell (AbQkvDiagram *self, guint step, int r)
{
  const AbQkvExample *ex = &self->ex;
  GString *s = g_string_new (NULL);
  const char *tok = ex->tokens[r];

  switch (step)
    {
    case STEP_Q:
    case STEP_K:
    case STEP_V:
      {
        AbQkvMatrix w = step == STEP_Q ? AB_QKV_WQ : step == STEP_K ? AB_QKV_WK : AB_QKV_WV;
        AbQkvMatrix out = step == STEP_Q ? AB_QKV_Q : step == STEP_K ? AB_QKV_K : AB_QKV_V;
        g_string_append_printf (s, _("Row “%s”, column 1: "), tok);
        for (int m = 0; m < AB_QKV_D_MODEL; m++)
          {
            g_string_append (s, m ? " + " : "");
            append_factor (s, ab_qkv_get (ex, AB_QKV_X, r, m), "%g");
            g_string_append (s, "·");
            append_factor (s, ab_qkv_get (ex, w, m, 0), "%g");
          }
        g_string_append_printf (s, " = <b>%g</b>", ab_qkv_get (ex, out, r, 0) + 0.0);
        break;
      }
    case STEP_S:
      {
        int c = 0;
        for (int j = 1; j < AB_QKV_N; j++)
          if (ex->s[r][j] > ex->s[r][c])
            c = j;
        g_string_append_printf (s, _("“%s” · “%s”: ("), tok, ex->tokens[c]);
        for (int m = 0; m < AB_QKV_D_K; m++)
          {
            g_string_append (s, m ? " + " : "");
            append_factor (s, ex->q[r][m], "%g");
            g_string_append (s, "·");
            append_factor (s, ex->k[c][m], "%g");
          }
        g_string_append_printf (s, ") / √3 = %g / 1.732 = <b>%.2f</b>", ex->raw[r][c] + 0.0, ex->s[r][c]);
        break;
      }
    case STEP_P:
      {
        double sum = 0;
        for (int j = 0; j < AB_QKV_N; j++)
          sum += exp (ex->s[r][j]);
        g_string_append_printf (s, _("Row “%s”: e<sup>S</sup> = "), tok);
        for (int j = 0; j < AB_QKV_N; j++)
          g_string_append_printf (s, "%s%.2f", j ? ", " : "", exp (ex->s[r][j]));
        g_string_append_printf (s, _("; sum %.2f; divide: "), sum);
        for (int j = 0; j < AB_QKV_N; j++)
          g_string_append_printf (s, "%s<b>%.3f</b>", j ? ", " : "", ex->p[r][j]);
        break;
      }
    case STEP_O:
      g_string_append_printf (s, _("Row “%s”, column 1: "), tok);
      for (int j = 0; j < AB_QKV_N; j++)
        {
          g_string_append (s, j ? " + " : "");
          append_factor (s, ex->p[r][j], "%.3f");
          g_string_append (s, "·");
          append_factor (s, ex->v[j][0], "%g");
        }
      g_string_append_printf (s, " = <b>%.3f</b>", ex->o[r][0]);
      break;
    default:
      g_string_append (s, _("Each row of X is one token's embedding (d<sub>model</sub> = 4). "
                            "The three W matrices are learned in a real model; here they are "
                            "small integers so every product can be checked by hand."));
      break;
    }
  return g_string_free (s, FALSE);
}

static void
ab_qkv_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("negative / positive entry (shade = size)"), AB_HBM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("softmax weight 0 → 1"), AB_TEXT_DIM, AB_SWATCH_GRADIENT);
  ab_legend_add (legend, _("row and column that make the worked cell"), AB_ACTIVE, AB_SWATCH_LINE);
}

static void
ab_qkv_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height, double position)
{
  AbQkvDiagram *self = AB_QKV_DIAGRAM (diagram);
  guint step = (guint) ceil (position);
  double reveal = step == 0 ? 1.0 : ab_tween (position, step - 1, step);
  int r = (int) ab_diagram_get_param (diagram, "row") - 1;
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *explain = explain_cell (self, step, r);
  const double stage_x0 = 40, stage_x1 = 1150, mat_y = 260;
  AbRect stage = { stage_x0, 125, stage_x1 - stage_x0, 560 };
  AbRect eqs = { 1180, 125, 380, 560 };
  static const MatrixView X = { AB_QKV_X, FALSE, "X", TRUE, FALSE };
  static const MatrixView WQ = { AB_QKV_WQ, FALSE, "W<sub>Q</sub>", FALSE, FALSE };
  static const MatrixView WK = { AB_QKV_WK, FALSE, "W<sub>K</sub>", FALSE, FALSE };
  static const MatrixView WV = { AB_QKV_WV, FALSE, "W<sub>V</sub>", FALSE, FALSE };
  static const MatrixView Q = { AB_QKV_Q, FALSE, "Q", TRUE, FALSE };
  static const MatrixView K = { AB_QKV_K, FALSE, "K", TRUE, FALSE };
  static const MatrixView V = { AB_QKV_V, FALSE, "V", TRUE, FALSE };
  static const MatrixView KT = { AB_QKV_K, TRUE, "K<sup>⊤</sup>", FALSE, TRUE };
  static const MatrixView S = { AB_QKV_S, FALSE, "S", TRUE, TRUE };
  static const MatrixView P = { AB_QKV_P, FALSE, "P", TRUE, TRUE };
  static const MatrixView O = { AB_QKV_O, FALSE, "O", TRUE, FALSE };
  ab_draw_header (cr, width, _("Q, K and V by hand: four tokens, d<sub>k</sub> = 3"), caption);
  ab_draw_panel (cr, stage, NULL);
  ab_draw_panel (cr, eqs, _("The equations"));

  switch (step)
    {
    case STEP_INPUTS:
      {
        Item items[] = { { &X, NULL, -1, -1, 1 }, { &WQ, NULL, -1, -1, 1 },
                         { &WK, NULL, -1, -1, 1 }, { &WV, NULL, -1, -1, 1 } };
        draw_row_of_items (self, cr, items, G_N_ELEMENTS (items), stage_x0 + 10, stage_x1 - 10, mat_y);
        break;
      }
    case STEP_Q:
    case STEP_K:
    case STEP_V:
      {
        const MatrixView *w = step == STEP_Q ? &WQ : step == STEP_K ? &WK : &WV;
        const MatrixView *out = step == STEP_Q ? &Q : step == STEP_K ? &K : &V;
        Item items[] = { { &X, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { w, NULL, -1, 0, 1 },
                         { NULL, "=", -1, -1, 0 }, { out, NULL, r, 0, reveal } };
        draw_row_of_items (self, cr, items, G_N_ELEMENTS (items), stage_x0 + 10, stage_x1 - 10, mat_y);
        break;
      }
    case STEP_S:
      {
        int c = 0;
        for (int j = 1; j < AB_QKV_N; j++)
          if (self->ex.s[r][j] > self->ex.s[r][c])
            c = j;
        Item items[] = { { &Q, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { &KT, NULL, -1, c, 1 },
                         { NULL, "/ √3 =", -1, -1, 0 }, { &S, NULL, r, c, reveal } };
        draw_row_of_items (self, cr, items, G_N_ELEMENTS (items), stage_x0 + 10, stage_x1 - 10, mat_y);
        break;
      }
    case STEP_P:
      {
        Item items[] = { { &S, NULL, r, -1, 1 }, { NULL, "→", -1, -1, 0 }, { &P, NULL, r, -1, reveal } };
        draw_row_of_items (self, cr, items, G_N_ELEMENTS (items), stage_x0 + 10, stage_x1 - 10, mat_y);
        break;
      }
    case STEP_O:
    default:
      {
        Item items[] = { { &P, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { &V, NULL, -1, 0, 1 },
                         { NULL, "=", -1, -1, 0 }, { &O, NULL, r, 0, reveal } };
        draw_row_of_items (self, cr, items, G_N_ELEMENTS (items), stage_x0 + 10, stage_x1 - 10, mat_y);
        break;
      }
    }

  ab_draw_text (cr, step == STEP_INPUTS ? _("The inputs") : _("Worked cell"), stage.x + 30, mat_y + 4 * CELL_H + 60, 17, AB_FONT_SANS_BOLD,
                AB_ACTIVE, AB_ALIGN_LEFT, -1);
  ab_draw_text (cr, explain, stage.x + 30, mat_y + 4 * CELL_H + 88, 21, AB_FONT_SANS, AB_TEXT,
                AB_ALIGN_LEFT, stage.w - 60);

  for (guint i = 0; i < N_STEPS; i++)
    {
      double y = eqs.y + 70 + i * 66;
      gboolean current = i == step, done = i < step;
      AbRgb color = current ? AB_TEXT : done ? AB_TEXT_DIM : AB_MUTED;
      const char *text = i == 0 ? _(equations[i]) : equations[i];

      if (current)
        {
          cairo_save (cr);
          ab_rounded_rect (cr, (AbRect) { eqs.x + 12, y - 10, eqs.w - 24, 52 }, 8);
          ab_set_rgba (cr, AB_ACTIVE, 0.25);
          cairo_fill_preserve (cr);
          ab_set_rgb (cr, AB_ACTIVE);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      ab_draw_text (cr, done ? "✓" : current ? "▶" : "·", eqs.x + 32, y, 20, AB_FONT_SANS,
                    current ? AB_ACTIVE : color, AB_ALIGN_CENTER, -1);
      ab_draw_text (cr, text, eqs.x + 56, y, 21, AB_FONT_SERIF_ITALIC, color, AB_ALIGN_LEFT, eqs.w - 70);
    }

  ab_diagram_draw_legend (diagram, cr, 40, 715, step);
  ab_draw_text (cr, _("Hand-chosen numbers, not a trained model: “the” and “cat” end up attending "
                      "to each other, and so do “sat” and “down”."),
                620, 730, 19, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, width - 660);
}

static char *
strip_markup (const char *markup)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;

  for (const char *p = markup; *p; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
ab_qkv_diagram_describe (AbDiagram *diagram, guint step)
{
  AbQkvDiagram *self = AB_QKV_DIAGRAM (diagram);
  g_autofree char *title = ab_diagram_dup_caption (diagram, step);
  g_autofree char *explain = explain_cell (self, MIN (step, N_STEPS - 1),
                                           (int) ab_diagram_get_param (diagram, "row") - 1);
  g_autofree char *plain = strip_markup (explain);
  g_autofree char *plain_title = strip_markup (title);

  return g_strdup_printf ("%s. %s", plain_title, plain);
}

/* Values for the prose, from the same example the diagram draws:
 *   qkv.M.rI.cJ     entry (I, J) of matrix M, 1-based; M is X, WQ, WK, WV,
 *                   Q, K, V, S (scaled scores), P (weights) or O (output)
 *   qkv.raw.rI.cJ   the unscaled score q_I · k_J
 *   qkv.Pc.rI.cJ    the causal (masked) weight: 0 for J > I
 *   qkv.exp.rI.cJ   e^{S_IJ}, the softmax numerator
 *   qkv.expsum.rI   Σ_J e^{S_IJ}, the softmax denominator
 *   qkv.token.I     the I-th token ("the", "cat", "sat", "down")
 *   qkv.dk | qkv.sqrtdk | qkv.dmodel   sizes (3, √3, 4)
 * Integers print as integers; other entries with the book's 3 significant places. */
char *
ab_qkv_diagram_format_value (char **parts)
{
  AbQkvExample ex;
  guint n = g_strv_length (parts);
  int m, r, c, rows, cols;

  ab_qkv_run (&ex);
  if (n == 2 && g_str_equal (parts[1], "dk"))
    return g_strdup_printf ("%d", AB_QKV_D_K);
  if (n == 2 && g_str_equal (parts[1], "dmodel"))
    return g_strdup_printf ("%d", AB_QKV_D_MODEL);
  if (n == 2 && g_str_equal (parts[1], "sqrtdk"))
    return ab_book_value_number (sqrt ((double) AB_QKV_D_K));
  if (n == 3 && g_str_equal (parts[1], "token") &&
      (r = (int) g_ascii_strtoll (parts[2], NULL, 10)) >= 1 && r <= AB_QKV_N)
    return g_strdup (ex.tokens[r - 1]);
  if (n == 3 && g_str_equal (parts[1], "expsum") &&
      ab_book_value_parse_int (parts[2], 'r', 1, AB_QKV_N, &r))
    {
      double sum = 0;
      for (int j = 0; j < AB_QKV_N; j++)
        sum += exp (ex.s[r - 1][j]);
      return ab_book_value_number (sum);
    }
  if (n != 4 || !ab_book_value_parse_int (parts[2], 'r', 1, 16, &r) ||
      !ab_book_value_parse_int (parts[3], 'c', 1, 16, &c))
    return NULL;
  if (g_str_equal (parts[1], "Pc"))
    {
      if (r > AB_QKV_N || c > AB_QKV_N)
        return NULL;
      return ab_book_value_number (ex.p_causal[r - 1][c - 1]);
    }
  if (g_str_equal (parts[1], "raw") || g_str_equal (parts[1], "exp"))
    {
      if (r > AB_QKV_N || c > AB_QKV_N)
        return NULL;
      if (g_str_equal (parts[1], "raw"))
        return g_strdup_printf ("%.0f", ex.raw[r - 1][c - 1] + 0.0);
      return ab_book_value_number (exp (ex.s[r - 1][c - 1]));
    }
  m = ab_qkv_matrix_from_name (parts[1]);
  if (m < 0)
    return NULL;
  ab_qkv_matrix_shape (m, &rows, &cols);
  if (r > rows || c > cols)
    return NULL;
  {
    double v = ab_qkv_get (&ex, m, r - 1, c - 1);
    if (fabs (v - round (v)) < 1e-9)
      return g_strdup_printf ("%.0f", v + 0.0);
    return ab_book_value_number (v);
  }
}

static void
ab_qkv_diagram_class_init (AbQkvDiagramClass *klass)
{
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  diagram_class->name = "qkv-walkthrough";
  diagram_class->title = N_("Q, K and V by hand: a four-token walkthrough");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_qkv_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_qkv_diagram_dup_step_title;
  diagram_class->update_legacy = ab_qkv_diagram_update;
  diagram_class->draw_legacy = ab_qkv_diagram_draw;
  diagram_class->collect_legend = ab_qkv_diagram_collect_legend;
  diagram_class->describe = ab_qkv_diagram_describe;
}

static void
ab_qkv_diagram_init (AbQkvDiagram *self)
{
}

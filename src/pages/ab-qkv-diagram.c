/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-qkv-diagram.c — Q, K, V by hand: four tokens, one matrix product a step
 *
 * Every number comes from src/kernels/qkv.c. Each step shows one product
 * with its operands and every cell's value, outlines the row and column
 * that make one chosen result cell, and spells that cell's sum out; the
 * equation list beside it (under it when narrow) marks the current one.
 *
 * Steps: inputs → Q = XW_Q → K = XW_K → V = XW_V → S = QKᵀ/√d_k →
 * P = softmax(S) → O = PV. The "row" slider picks the worked token.
 */
#define G_LOG_DOMAIN "ab-qkv-diagram"

#include "ab-qkv-diagram.h"
#include "ab-draw.h"
#include "ab-values.h"
#include "qkv.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pango.h>
#include <string.h>

enum { STEP_INPUTS, STEP_Q, STEP_K, STEP_V, STEP_S, STEP_P, STEP_O, N_STEPS };
enum { STAGE_WORK, STAGE_EQUATIONS, N_STAGES };

#define MAX_ITEMS 5
#define MAX_ROWS  4   /* every matrix here has at most four rows */

AB_DEFINE_PLAIN_DIAGRAM (AbQkvDiagram, ab_qkv_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Four token embeddings <i>X</i> and three projection matrices"),
  N_("2 · Queries: <i>Q</i> = <i>X W</i><sub>Q</sub>, one row per token"),
  N_("3 · Keys: <i>K</i> = <i>X W</i><sub>K</sub>"),
  N_("4 · Values: <i>V</i> = <i>X W</i><sub>V</sub>"),
  N_("5 · Scores: every query against every key, divided by √<i>d</i><sub>k</sub> = √3"),
  N_("6 · Softmax turns each row of scores into weights that sum to 1"),
  N_("7 · Output: each token's weighted average of the values"),
};

static const AbParamSpec params[] = {
  { .key = "row", .label = N_("Worked row (token)"), .kind = AB_PARAM_SLIDER, .min = 1, .max = AB_QKV_N,
    .step = 1, .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("negative / positive entry (shade = size)"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("softmax weight 0 → 1"), AB_COLOR_TEXT_DIM, AB_SWATCH_GRADIENT, AB_STEPS_FROM (STEP_P) },
  { N_("row and column that make the worked cell"), AB_COLOR_ACTIVE, AB_SWATCH_LINE, AB_STEPS_FROM (STEP_Q) },
};

/* The worked product beside the equation list; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 2.9, 1.0, AB_STAGE_ROW }, { 1.0, 0.34, AB_STAGE_ROW },
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

static const AbQkvExample *
example (AbQkvDiagram *self)
{
  return ab_diagram_get_result (AB_DIAGRAM (self));
}

/* The book's example: hand-chosen inputs, so one run serves the diagram and the prose. */
static const AbQkvExample *
prose_example (void)
{
  static AbQkvExample ex;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ab_qkv_run (&ex);
      g_once_init_leave (&done, 1);
    }
  return &ex;
}

static gboolean
ab_qkv_diagram_update (AbDiagram *diagram, GError **error)
{
  ab_diagram_set_result (diagram, (gpointer) prose_example (), NULL);
  return TRUE;
}

/* Integers as integers ("−1"), anything else in the book's style: the
 * canvas, the worked sums and the prose write every entry the same way. */
static char *
format_entry (double v)
{
  if (fabs (v - round (v)) < 1e-9)
    return round (v) < 0 ? g_strdup_printf ("−%.0f", -round (v)) : g_strdup_printf ("%.0f", fabs (round (v)));
  return ab_format_number (v);
}

/* Matrices ------------------------------------------------------------------------- */

typedef struct
{
  AbQkvMatrix m;
  gboolean    transpose;
  const char *title;        /* Pango markup, in the symbol style */
  gboolean    token_rows;   /* label rows with the tokens */
  gboolean    token_cols;
} MatrixView;

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

/* An operand, or an operator between operands. */
typedef struct
{
  const MatrixView *view;   /* NULL: the symbol */
  const char       *symbol;
  int               hl_row, hl_col;
  double            reveal;
} Item;

/* Sizes shared by every matrix of a frame. */
typedef struct
{
  double cw, ch;        /* a cell */
  double label_w;       /* token labels left of a matrix */
  double title_h;       /* the matrix name */
  double cols_h;        /* token labels above the cells */
  double gap;           /* between items */
  double digit_w;       /* one monospaced digit in AB_TEXT_VALUE */
} Metrics;

static void
view_shape (const MatrixView *v, int *rows, int *cols)
{
  int r, c;

  ab_qkv_matrix_shape (v->m, &r, &c);
  *rows = v->transpose ? c : r;
  *cols = v->transpose ? r : c;
}

static double
view_value (const AbQkvExample *ex, const MatrixView *v, int i, int j)
{
  return v->transpose ? ab_qkv_get (ex, v->m, j, i) : ab_qkv_get (ex, v->m, i, j);
}

static void
draw_matrix (AbQkvDiagram *self, cairo_t *cr, const Metrics *m, const Item *it, double x, double y)
{
  const AbQkvExample *ex = example (self);
  const MatrixView *v = it->view;
  gboolean prob = v->m == AB_QKV_P;
  double label = ab_style_size (cr, AB_TEXT_LABEL) * 1.17, value_h;
  int R, C;
  size_t widest = 0;
  AbTextStyle style;

  view_shape (v, &R, &C);
  if (v->token_rows)
    x += m->label_w;
  y += m->title_h + m->cols_h;
  /* The value style when the longest entry fits its cell (monospaced: count characters). */
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++)
      {
        g_autofree char *txt = format_entry (view_value (ex, v, i, j));
        widest = MAX (widest, (size_t) g_utf8_strlen (txt, -1));
      }
  style = widest * m->digit_w <= m->cw - 14 ? AB_TEXT_VALUE : AB_TEXT_VALUE_SMALL;
  value_h = ab_style_size (cr, style) * 1.17;

  ab_text (cr, AB_TEXT_SYMBOL, v->title, x + C * m->cw / 2, y - m->title_h - m->cols_h, AB_TEXT,
           AB_ALIGN_CENTER, -1);
  for (int i = 0; i < R; i++)
    {
      double row_reveal = ab_clamp01 (it->reveal * (R + 1) - i);
      for (int j = 0; j < C; j++)
        {
          double val = view_value (ex, v, i, j);
          AbRect cell = { x + j * m->cw + 1, y + i * m->ch + 1, m->cw - 2, m->ch - 2 };
          AbRgb color = prob ? ab_color_sequential (val) : ab_color_diverging (val, 4.0);

          ab_set_rgb (cr, ab_rgb_mix (AB_BG, color, row_reveal));
          cairo_rectangle (cr, cell.x, cell.y, cell.w, cell.h);
          cairo_fill (cr);
          if (row_reveal > 0.3)
            {
              g_autofree char *txt = format_entry (val);
              ab_text (cr, style, txt, cell.x + cell.w / 2, cell.y + (cell.h - value_h) / 2,
                       prob && sqrt (val) > 0.6 ? AB_BG : AB_TEXT, AB_ALIGN_CENTER, -1);
            }
        }
    }
  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, x, y, C * m->cw, R * m->ch);
  cairo_stroke (cr);
  ab_set_rgb (cr, AB_ACTIVE);
  cairo_set_line_width (cr, 3);
  if (it->hl_row >= 0 || it->hl_col >= 0)
    {
      double cx = it->hl_col >= 0 ? x + it->hl_col * m->cw : x, cy = it->hl_row >= 0 ? y + it->hl_row * m->ch : y;
      double cw = it->hl_col >= 0 ? m->cw : C * m->cw, ch = it->hl_row >= 0 ? m->ch : R * m->ch;
      cairo_rectangle (cr, cx - 2, cy - 2, cw + 4, ch + 4);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  if (v->token_rows)
    for (int i = 0; i < R; i++)
      ab_text (cr, AB_TEXT_LABEL, ex->tokens[i], x - 10, y + i * m->ch + (m->ch - label) / 2,
               i == it->hl_row ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  if (v->token_cols)
    for (int j = 0; j < C; j++)
      ab_text (cr, AB_TEXT_LABEL, ex->tokens[j], x + j * m->cw + m->cw / 2, y - m->cols_h + (m->cols_h - label) / 2 - 2,
               j == it->hl_col ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

/* The column the scores step works out: the key the row's query matches best. */
static int
best_key (const AbQkvExample *ex, int r)
{
  int c = 0;

  for (int j = 1; j < AB_QKV_N; j++)
    if (ex->s[r][j] > ex->s[r][c])
      c = j;
  return c;
}

/* The operands and operators of @step; returns how many. */
static int
step_items (AbQkvDiagram *self, guint step, int r, double reveal, Item *items)
{
  const MatrixView *w = step == STEP_Q ? &WQ : step == STEP_K ? &WK : &WV;
  const MatrixView *out = step == STEP_Q ? &Q : step == STEP_K ? &K : &V;
  int c = best_key (example (self), r);

#define ITEMS(...) G_STMT_START { Item list[] = { __VA_ARGS__ }; memcpy (items, list, sizeof list); \
                                  return G_N_ELEMENTS (list); } G_STMT_END
  switch (step)
    {
    case STEP_INPUTS:
      ITEMS ({ &X, NULL, -1, -1, 1 }, { &WQ, NULL, -1, -1, 1 }, { &WK, NULL, -1, -1, 1 },
             { &WV, NULL, -1, -1, 1 });
    case STEP_Q:
    case STEP_K:
    case STEP_V:
      ITEMS ({ &X, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { w, NULL, -1, 0, 1 },
             { NULL, "=", -1, -1, 0 }, { out, NULL, r, 0, reveal });
    case STEP_S:
      ITEMS ({ &Q, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { &KT, NULL, -1, c, 1 },
             { NULL, "/ √3 =", -1, -1, 0 }, { &S, NULL, r, c, reveal });
    case STEP_P:
      ITEMS ({ &S, NULL, r, -1, 1 }, { NULL, "→", -1, -1, 0 }, { &P, NULL, r, -1, reveal });
    default:
      ITEMS ({ &P, NULL, r, -1, 1 }, { NULL, "×", -1, -1, 0 }, { &V, NULL, -1, 0, 1 },
             { NULL, "=", -1, -1, 0 }, { &O, NULL, r, 0, reveal });
    }
#undef ITEMS
}

/* The cell width that fits items [a, b) into one line of @width. */
static double
fit_cells (const double *fixed, const int *cells, int a, int b, double gap, double width)
{
  double f = gap * (b - a - 1);
  int nc = 0;

  for (int i = a; i < b; i++)
    f += fixed[i], nc += cells[i];
  return (width - f) / MAX (nc, 1);
}

/* The cell height that fits @n_lines of matrices into @height. */
static double
row_height (const Metrics *m, int n_lines, double height)
{
  return (height - n_lines * (m->title_h + m->cols_h) - (n_lines - 1) * m->gap) / (n_lines * MAX_ROWS);
}

/* Lay the items out in one line, or two (never ending a line on an
 * operator) when cells of one line would be too narrow for their values. */
static void
draw_items (AbQkvDiagram *self, cairo_t *cr, const Item *items, int n, AbRect area)
{
  double fixed[MAX_ITEMS], line_w[2], block_h, y;
  int cells[MAX_ITEMS], split = n, n_lines;
  double min_cw, small_digit, one, two = 0, pref = ab_style_size (cr, AB_TEXT_VALUE) * 4.6;
  Metrics m = { 0 };
  double tw;

  for (int i = 0; i < AB_QKV_N; i++)
    {
      ab_text_measure (cr, AB_TEXT_LABEL, example (self)->tokens[i], -1, &tw, NULL);
      m.label_w = MAX (m.label_w, tw + 14);
    }
  ab_text_measure (cr, AB_TEXT_VALUE, "0", -1, &m.digit_w, NULL);
  m.title_h = ab_style_size (cr, AB_TEXT_SYMBOL) * 1.6;
  m.cols_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.5;
  m.gap = ab_style_gap (cr) * 0.6;
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, &small_digit, NULL);
  min_cw = small_digit * 6 + 6;   /* "−0.577" in the small value style */
  /* Each item's width apart from its cells, and its number of columns. */
  for (int i = 0, rows; i < n; i++)
    {
      cells[i] = 0;
      if (items[i].view)
        {
          view_shape (items[i].view, &rows, &cells[i]);
          fixed[i] = items[i].view->token_rows ? m.label_w : 0;
        }
      else
        ab_text_measure (cr, AB_TEXT_MATH, items[i].symbol, -1, &fixed[i], NULL);
    }

  one = MIN (pref, fit_cells (fixed, cells, 0, n, m.gap, area.w));
  for (int k = 1; k < n; k++)
    if (items[k - 1].view != NULL)
      {
        double cw = MIN (pref, MIN (fit_cells (fixed, cells, 0, k, m.gap, area.w),
                                    fit_cells (fixed, cells, k, n, m.gap, area.w)));
        if (cw > two)
          two = cw, split = k;
      }
  /* Two lines only when one would crowd the values and two give larger cells. */
  if (one < min_cw && MIN (two, row_height (&m, 2, area.h) / 0.78) > MIN (one, row_height (&m, 1, area.h) / 0.78))
    n_lines = 2, m.cw = two;
  else
    n_lines = 1, m.cw = one, split = n;
  m.ch = MIN (m.cw * 0.78, row_height (&m, n_lines, area.h));
  for (int l = 0; l < n_lines; l++)
    {
      int a = l == 0 ? 0 : split, b = l == 0 ? split : n;
      line_w[l] = m.gap * (b - a - 1);
      for (int i = a; i < b; i++)
        line_w[l] += fixed[i] + cells[i] * m.cw;
    }

  block_h = n_lines * (m.title_h + m.cols_h + MAX_ROWS * m.ch) + (n_lines - 1) * m.gap;
  y = area.y + MAX (0, area.h - block_h) / 2;
  for (int l = 0; l < n_lines; l++)
    {
      int a = l == 0 ? 0 : split, b = l == 0 ? split : n;
      double x = area.x + (area.w - line_w[l]) / 2;
      double mid = y + m.title_h + m.cols_h + MAX_ROWS * m.ch / 2;

      for (int i = a; i < b; i++)
        {
          double w = fixed[i] + cells[i] * m.cw;
          if (items[i].view)
            draw_matrix (self, cr, &m, &items[i], x, y);
          else
            ab_text (cr, AB_TEXT_MATH, items[i].symbol, x + w / 2,
                     mid - ab_style_size (cr, AB_TEXT_MATH) * 0.6, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
          x += w + m.gap;
        }
      y += m.title_h + m.cols_h + MAX_ROWS * m.ch + m.gap;
    }
}

/* The worked cell, spelled out ------------------------------------------------------ */

/* " + a·b" in a spelled-out sum, negative factors in parentheses. */
static void
append_product (GString *s, gboolean first, double a, double b)
{
  g_autofree char *x = format_entry (a), *y = format_entry (b);

  g_string_append_printf (s, "%s%s%s%s·%s%s%s", first ? "" : " + ", a < 0 ? "(" : "", x, a < 0 ? ")" : "",
                          b < 0 ? "(" : "", y, b < 0 ? ")" : "");
}

/* "O₁₁ = 0.086·1 + …" for the current step's chosen cell. */
static char *
explain_cell (const AbQkvExample *ex, guint step, int r)
{
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
        g_autofree char *sum = format_entry (ab_qkv_get (ex, out, r, 0));

        g_string_append_printf (s, _("Row “%s”, column 1: "), tok);
        for (int m = 0; m < AB_QKV_D_MODEL; m++)
          append_product (s, m == 0, ab_qkv_get (ex, AB_QKV_X, r, m), ab_qkv_get (ex, w, m, 0));
        g_string_append_printf (s, " = <b>%s</b>", sum);
        break;
      }
    case STEP_S:
      {
        int c = best_key (ex, r);
        g_autofree char *raw = format_entry (ex->raw[r][c]);
        g_autofree char *root = ab_format_number (sqrt ((double) AB_QKV_D_K));
        g_autofree char *score = format_entry (ex->s[r][c]);

        g_string_append_printf (s, _("“%s” · “%s”: ("), tok, ex->tokens[c]);
        for (int m = 0; m < AB_QKV_D_K; m++)
          append_product (s, m == 0, ex->q[r][m], ex->k[c][m]);
        g_string_append_printf (s, ") / √3 = %s / %s = <b>%s</b>", raw, root, score);
        break;
      }
    case STEP_P:
      {
        double sum = 0;
        g_autofree char *total = NULL;

        g_string_append_printf (s, _("Row “%s”: e<sup>S</sup> = "), tok);
        for (int j = 0; j < AB_QKV_N; j++)
          {
            g_autofree char *e = ab_format_number (exp (ex->s[r][j]));
            g_string_append_printf (s, "%s%s", j ? ", " : "", e);
            sum += exp (ex->s[r][j]);
          }
        total = ab_format_number (sum);
        g_string_append_printf (s, _("; sum %s; divide: "), total);
        for (int j = 0; j < AB_QKV_N; j++)
          {
            g_autofree char *p = ab_format_number (ex->p[r][j]);
            g_string_append_printf (s, "%s<b>%s</b>", j ? ", " : "", p);
          }
        break;
      }
    case STEP_O:
      {
        g_autofree char *out = format_entry (ex->o[r][0]);

        g_string_append_printf (s, _("Row “%s”, column 1: "), tok);
        for (int j = 0; j < AB_QKV_N; j++)
          append_product (s, j == 0, ex->p[r][j], ex->v[j][0]);
        g_string_append_printf (s, " = <b>%s</b>", out);
        break;
      }
    default:
      g_string_append (s, _("Each row of X is one token's embedding (d<sub>model</sub> = 4). "
                            "The three W matrices are learned in a real model; here they are "
                            "small integers so every product can be checked by hand."));
      break;
    }
  return g_string_free (s, FALSE);
}

/* Stages ------------------------------------------------------------------------------ */

static void
draw_work (AbQkvDiagram *self, cairo_t *cr, AbRect r, guint step, double reveal, int row)
{
  g_autofree char *explain = explain_cell (example (self), step, row);
  const char *heading = step == STEP_INPUTS ? _("The inputs") : _("Worked cell");
  double pad = ab_style_gap (cr), w = r.w - 2 * pad, head_h, text_h, reserve, y;
  Item items[MAX_ITEMS];
  int n = step_items (self, step, row, reveal, items);

  ab_draw_panel (cr, r, NULL);
  ab_text_measure (cr, AB_TEXT_BODY_STRONG, heading, w, NULL, &head_h);
  ab_text_measure (cr, AB_TEXT_BODY, explain, w, NULL, &text_h);
  /* Room for three lines whatever the step, so the matrices stay put. */
  reserve = head_h + 6 + MAX (text_h, ab_style_size (cr, AB_TEXT_BODY) * 1.17 * 3);
  draw_items (self, cr, items, n, (AbRect) { r.x + pad, r.y + pad, w, r.h - 3 * pad - reserve });

  y = r.y + r.h - pad - reserve;
  y += ab_text (cr, AB_TEXT_BODY_STRONG, heading, r.x + pad, y, AB_ACTIVE, AB_ALIGN_LEFT, w) + 6;
  ab_text (cr, AB_TEXT_BODY, explain, r.x + pad, y, AB_TEXT, AB_ALIGN_LEFT, w);
}

/* The equation list: one column, or two when the stage is too short. */
static void
draw_equations (cairo_t *cr, AbRect r, guint step)
{
  const char *title = _("The equations");
  double inset = 12, gap = ab_style_gap (cr) * 0.5, line = ab_style_size (cr, AB_TEXT_SYMBOL) * 1.17;
  double title_h, top, avail, row_h, col_w, marker_w = ab_style_size (cr, AB_TEXT_SYMBOL) * 1.6;
  int cols, rows;

  ab_draw_panel (cr, r, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, r.w - 40, NULL, &title_h);
  top = r.y + 14 + title_h + gap;
  avail = r.y + r.h - inset - top;
  cols = avail / N_STEPS >= line * 1.8 ? 1 : 2;
  rows = (N_STEPS + cols - 1) / cols;
  row_h = MIN (line * 3.0, avail / rows);
  col_w = (r.w - 2 * inset - (cols - 1) * gap) / cols;

  for (guint i = 0; i < N_STEPS; i++)
    {
      AbRect box = { r.x + inset + (i / rows) * (col_w + gap), top + (i % rows) * row_h, col_w, row_h - 6 };
      gboolean current = i == step, done = i < step;
      AbRgb color = current ? AB_TEXT : done ? AB_TEXT_DIM : AB_MUTED;
      double ty = box.y + (box.h - line) / 2;

      if (current)
        {
          cairo_save (cr);
          ab_rounded_rect (cr, box, 8);
          ab_set_rgba (cr, AB_ACTIVE, 0.25);
          cairo_fill_preserve (cr);
          ab_set_rgb (cr, AB_ACTIVE);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      ab_text (cr, AB_TEXT_SYMBOL, done ? "✓" : current ? "▶" : "·", box.x + marker_w / 2, ty,
               current ? AB_ACTIVE : color, AB_ALIGN_CENTER, -1);
      ab_text (cr, AB_TEXT_SYMBOL, i == 0 ? _(equations[i]) : equations[i], box.x + marker_w, ty, color,
               AB_ALIGN_LEFT, box.w - marker_w - 6);
    }
}

static void
ab_qkv_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  AbQkvDiagram *self = AB_QKV_DIAGRAM (diagram);
  guint step = (guint) ceil (position - 1e-9);
  double reveal = step == 0 ? 1.0 : ab_tween (position, step - 1, step);
  int row = (int) ab_diagram_get_param (diagram, "row") - 1;

  draw_work (self, cr, layout->stages[STAGE_WORK], step, reveal, row);
  draw_equations (cr, layout->stages[STAGE_EQUATIONS], step);
}

static char *
ab_qkv_diagram_describe (AbDiagram *diagram, guint step)
{
  g_autofree char *explain = explain_cell (example (AB_QKV_DIAGRAM (diagram)), MIN (step, N_STEPS - 1),
                                           (int) ab_diagram_get_param (diagram, "row") - 1);
  char *plain = NULL;

  if (!pango_parse_markup (explain, -1, 0, NULL, &plain, NULL, NULL))
    plain = g_strdup (explain);
  return plain;
}

/* Values for the prose ------------------------------------------------------------------ */

static char *
get_size (const AbValueArgs *args, GError **error)
{
  if (args->ints[0] == 2)
    return ab_format_number (sqrt ((double) AB_QKV_D_K));
  return g_strdup_printf ("%d", args->ints[0] == 0 ? AB_QKV_D_K : AB_QKV_D_MODEL);
}

static char *
get_token (const AbValueArgs *args, GError **error)
{
  return g_strdup (prose_example ()->tokens[args->ints[0] - 1]);
}

static char *
get_expsum (const AbValueArgs *args, GError **error)
{
  const AbQkvExample *ex = prose_example ();
  double sum = 0;

  for (int j = 0; j < AB_QKV_N; j++)
    sum += exp (ex->s[args->ints[0] - 1][j]);
  return ab_format_number (sum);
}

/* raw (q_I · k_J), exp (e^{S_IJ}) and Pc (the causal weight), in the pattern's order. */
static char *
get_score (const AbValueArgs *args, GError **error)
{
  const AbQkvExample *ex = prose_example ();
  int r = args->ints[1] - 1, c = args->ints[2] - 1;

  switch (args->ints[0])
    {
    case 0:
      return format_entry (ex->raw[r][c]);
    case 1:
      return ab_format_number (exp (ex->s[r][c]));
    default:
      return ab_format_number (ex->p_causal[r][c]);
    }
}

static char *
get_entry (const AbValueArgs *args, GError **error)
{
  int rows, cols, r = args->ints[1], c = args->ints[2];

  ab_qkv_matrix_shape (args->ints[0], &rows, &cols);
  if (r > rows || c > cols)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE, _("%s is %d × %d: no entry (%d, %d)"),
                   ab_qkv_matrix_name (args->ints[0]), rows, cols, r, c);
      return NULL;
    }
  return format_entry (ab_qkv_get (prose_example (), args->ints[0], r - 1, c - 1));
}

/* The matrix choices follow AbQkvMatrix's order (ab_qkv_matrix_name). */
static const AbValueSpec qkv_values[] = {
  { "{X|WQ|WK|WV|Q|K|V|S|P|O}.r{1..4}.c{1..4}", get_entry,
    "entry (I, J) of a matrix, 1-based; S the scaled scores, P the weights, O the output" },
  { "{raw|exp|Pc}.r{1..4}.c{1..4}", get_score,
    "the unscaled score q_I·k_J, the softmax numerator e^{S_IJ}, or the causal weight (0 for J > I)" },
  { "expsum.r{1..4}", get_expsum, "Σ_J e^{S_IJ}, the softmax denominator of row I" },
  { "token.{1..4}", get_token, "the I-th token (the, cat, sat, down)" },
  { "{dk|dmodel|sqrtdk}", get_size, "the sizes d_k = 3 and d_model = 4, and √d_k" },
};

AB_VALUE_FAMILY (ab_qkv_values, "qkv", qkv_values);

static const AbDiagramInfo info = {
  .name = "qkv-walkthrough",
  .title = N_("Q, K and V by hand: a four-token walkthrough"),
  .note = N_("Hand-chosen numbers, not a trained model: “the” and “cat” end up attending "
             "to each other, and so do “sat” and “down”."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_qkv_diagram_update, .draw = ab_qkv_diagram_draw,
  .describe = ab_qkv_diagram_describe,
};

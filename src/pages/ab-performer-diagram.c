/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-performer-diagram.c — "Performer's reorder": the N = 4, d = 2 worked
 * example of (φ(Q)φ(K)ᵀ)V = φ(Q)(φ(K)ᵀV), every number from the kernels.
 *
 * Q, K, V are the approximation study's smooth input (approx-error.h) at
 * N = 4, d = 2; φ is FAVOR+ (attn-performer.h) with m orthogonal positive
 * random features, unstabilised so that φ(q)·φ(k) estimates exp(q·k/√d);
 * the two orders are ab_feature_attention's QUADRATIC and ASSOCIATIVE forms
 * (attn-linear.h), and φ(K)ᵀV and φ(K)ᵀ1 are the recurrent state it keeps.
 * The multiply–add counts are the kernels' FLOP counts halved, also for the
 * same problem at N = 512, so the frame shows where the reorder pays.
 *
 * The two hundred rounded cells took half of a 13 ms frame: they are drawn
 * into two layers (ab-layer.h), every cell as before its reveal and as
 * after it, and each frame paints each matrix from one, or fades it from
 * one to the other; labels and values are drawn on top as before.
 */
#define G_LOG_DOMAIN "ab-performer-diagram"

#include "ab-performer-diagram.h"
#include "ab-components.h"
#include "ab-layer.h"
#include "approx-error.h"
#include "attn-performer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define N_TOK  4       /* tokens in the worked example */
#define D_HEAD 2       /* head dimension */
#define M_MAX  4       /* most random features the narrow frame has room for */
#define BIG_N  512     /* the same problem, larger, for the cost comparison */

enum { STEP_INPUTS, STEP_QK, STEP_AV, STEP_KV, STEP_OUT, N_STEPS };

struct _AbPerformerDiagram
{
  AbDiagram parent_instance;
  AbLayer   cells[2];   /* every cell at reveal 0 (ghosts aside) and at 1, on the panel colour */
};

AB_DEFINE_DIAGRAM (AbPerformerDiagram, ab_performer_diagram, info)

typedef struct
{
  int     m;
  guint64 seed;
  double  q[N_TOK * D_HEAD], k[N_TOK * D_HEAD], v[N_TOK * D_HEAD];
  double  w[M_MAX * D_HEAD];                       /* the random features, m × d */
  double  phi_q[N_TOK * M_MAX], phi_k[N_TOK * M_MAX];
  double  phi_kt[M_MAX * N_TOK];                   /* φ(K)ᵀ, m × N */
  double  a[N_TOK * N_TOK];                        /* normalised φ(Q)φ(K)ᵀ */
  double  s[M_MAX * D_HEAD], z[M_MAX];             /* φ(K)ᵀV and φ(K)ᵀ1 */
  double  o_quad[N_TOK * D_HEAD], o_assoc[N_TOK * D_HEAD];
  double  max_diff, big_max_diff;
  guint64 macs_quad, macs_assoc;                   /* the kernels' FLOPs / 2 */
  guint64 big_macs_quad, big_macs_assoc;           /* at N = BIG_N */
} PerformerResult;

static const char *const steps[N_STEPS] = {
  N_("1 · N = 4 tokens with d = 2: Q, K, V and positive random features φ(x) of every q and k"),
  N_("2 · Left to right: φ(Q)φ(K)ᵀ is an N × N matrix, so its cost grows as N²"),
  N_("3 · …then A·V gives the output, but only after all of A was computed"),
  N_("4 · Move the brackets: φ(K)ᵀV is m × d, the same size whatever N is"),
  N_("5 · φ(Q) times that summary gives the same output, and its cost grows as N"),
};

static const AbParamSpec params[] = {
  { .key = "m", .label = N_("Random features m"), .kind = AB_PARAM_SLIDER, .min = 2, .max = M_MAX,
    .step = 1, .default_value = 4, .format = "%.0f" },
  { .key = "seed", .label = N_("Random sample"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100,
    .step = 1, .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("positive value"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("negative value"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("the same output from both orders"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEP (STEP_OUT) },
};

/* One stage: the module splits it itself (inputs beside or above the two orders). */
static const AbStageSpec stages[] = { { 1, 1.0, AB_STAGE_ROW } };

static const PerformerResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static void
copy_floats (double *dst, const float *src, size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] = src[i];
}

static double
max_abs_diff (const float *a, const float *b, size_t n)
{
  double worst = 0;
  for (size_t i = 0; i < n; i++)
    worst = MAX (worst, fabs ((double) a[i] - b[i]));
  return worst;
}

/* Features and both forms of one problem; FALSE with @err on failure. */
static gboolean
run_forms (const AbPerformerConfig *cfg, const float *w, const AbApproxProblem *p, float *phi_q,
           float *phi_k, float *o_quad, float *o_assoc, double *a, guint64 *macs_quad,
           guint64 *macs_assoc, AbApproxError *err)
{
  AbFeatureStats quad, assoc;
  int n = p->n, d = p->d, m = cfg->m;

  if (ab_performer_features (cfg, w, p->q, n, 0, AB_PERFORMER_STAB_NONE, phi_q, err) != AB_APPROX_OK
      || ab_performer_features (cfg, w, p->k, n, 0, AB_PERFORMER_STAB_NONE, phi_k, err) != AB_APPROX_OK
      || ab_feature_attention (n, m, d, phi_q, phi_k, p->v, 0, AB_FEATURE_QUADRATIC, o_quad, a,
                               &quad, err) != AB_APPROX_OK
      || ab_feature_attention (n, m, d, phi_q, phi_k, p->v, 0, AB_FEATURE_ASSOCIATIVE, o_assoc,
                               NULL, &assoc, err) != AB_APPROX_OK)
    return FALSE;
  *macs_quad = quad.flops / 2;
  *macs_assoc = assoc.flops / 2;
  return TRUE;
}

static gboolean
ab_performer_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autofree PerformerResult *res = g_new0 (PerformerResult, 1);
  AbApproxInputConfig input;
  AbApproxProblem small = { 0 }, big = { 0 };
  AbPerformerConfig cfg;
  AbLinearState state = { 0 };
  AbApproxError err = { 0 };
  float w[M_MAX * D_HEAD], phi_q[N_TOK * M_MAX], phi_k[N_TOK * M_MAX];
  float o_quad[N_TOK * D_HEAD], o_assoc[N_TOK * D_HEAD];
  g_autofree float *big_phi_q = NULL, *big_phi_k = NULL, *big_o_quad = NULL, *big_o_assoc = NULL;
  gboolean ok;

  res->m = (int) ab_diagram_get_param (diagram, "m");
  res->seed = (guint64) ab_diagram_get_param (diagram, "seed");
  ab_approx_input_config_init (&input);
  input.d = D_HEAD;
  input.seed = res->seed;
  ab_performer_config_init (&cfg, D_HEAD, res->m);

  input.n = N_TOK;
  ok = ab_approx_problem_init (&small, &input, FALSE, &err) == AB_APPROX_OK
       && ab_performer_draw (&cfg, w, &err) == AB_APPROX_OK
       && run_forms (&cfg, w, &small, phi_q, phi_k, o_quad, o_assoc, res->a, &res->macs_quad,
                     &res->macs_assoc, &err)
       && ab_linear_state_init (&state, res->m, D_HEAD, &err) == AB_APPROX_OK;
  if (ok)
    {
      /* φ(K)ᵀV and φ(K)ᵀ1 as the recurrent form accumulates them. */
      for (int j = 0; j < N_TOK; j++)
        ab_linear_state_push (&state, phi_k + j * res->m, small.v + j * D_HEAD);
      memcpy (res->s, state.s, sizeof (double) * res->m * D_HEAD);
      memcpy (res->z, state.z, sizeof (double) * res->m);
      copy_floats (res->q, small.q, N_TOK * D_HEAD);
      copy_floats (res->k, small.k, N_TOK * D_HEAD);
      copy_floats (res->v, small.v, N_TOK * D_HEAD);
      copy_floats (res->w, w, (size_t) res->m * D_HEAD);
      copy_floats (res->phi_q, phi_q, (size_t) N_TOK * res->m);
      copy_floats (res->phi_k, phi_k, (size_t) N_TOK * res->m);
      for (int a = 0; a < res->m; a++)
        for (int j = 0; j < N_TOK; j++)
          res->phi_kt[a * N_TOK + j] = phi_k[j * res->m + a];
      copy_floats (res->o_quad, o_quad, N_TOK * D_HEAD);
      copy_floats (res->o_assoc, o_assoc, N_TOK * D_HEAD);
      res->max_diff = max_abs_diff (o_quad, o_assoc, N_TOK * D_HEAD);

      /* The same features on a longer input of the same kind. */
      input.n = BIG_N;
      big_phi_q = g_new (float, (size_t) BIG_N * res->m);
      big_phi_k = g_new (float, (size_t) BIG_N * res->m);
      big_o_quad = g_new (float, (size_t) BIG_N * D_HEAD);
      big_o_assoc = g_new (float, (size_t) BIG_N * D_HEAD);
      ok = ab_approx_problem_init (&big, &input, FALSE, &err) == AB_APPROX_OK
           && run_forms (&cfg, w, &big, big_phi_q, big_phi_k, big_o_quad, big_o_assoc, NULL,
                         &res->big_macs_quad, &res->big_macs_assoc, &err);
      if (ok)
        res->big_max_diff = max_abs_diff (big_o_quad, big_o_assoc, (size_t) BIG_N * D_HEAD);
    }
  ab_linear_state_clear (&state);
  ab_approx_problem_clear (&small);
  ab_approx_problem_clear (&big);
  if (!ok)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the Performer kernel failed: %s"), err.message);
      return FALSE;
    }
  ab_diagram_set_result (diagram, g_steal_pointer (&res), g_free);
  return TRUE;
}

/* Captions ----------------------------------------------------------------- */

static char *
ab_performer_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const PerformerResult *res = result (diagram);
  int m = res->m;

  switch (step)
    {
    case STEP_INPUTS:
      return g_strdup_printf (_("1 · N = 4 tokens with d = 2: Q, K, V, and m = %d positive random features "
                                "φ(x) of every q and k, so that φ(q)·φ(k) ≈ exp(q·k/√d)"), m);
    case STEP_QK:
      return g_strdup_printf (_("2 · Left to right: φ(Q)φ(K)ᵀ is an N × N matrix, N·N·m = %d multiply–adds "
                                "that grow as N²"), N_TOK * N_TOK * m);
    case STEP_AV:
      return g_strdup_printf (_("3 · …then A·V: N·N·d = %d more, but only once all of the N × N matrix A "
                                "exists"), N_TOK * N_TOK * D_HEAD);
    case STEP_KV:
      return g_strdup_printf (_("4 · Move the brackets: φ(K)ᵀV is m × d = %d × %d (plus z = φ(K)ᵀ1), "
                                "the same size whatever N is"), m, D_HEAD);
    default:
      {
        g_autofree char *quad = ab_format_count (res->big_macs_quad);
        g_autofree char *assoc = ab_format_count (res->big_macs_assoc);
        if (res->macs_quad == res->macs_assoc)
          return g_strdup_printf (_("5 · φ(Q) times that summary: the same output. At N = 4 both orders cost "
                                    "%d multiply–adds; at N = %d the reorder needs %s instead of %s"),
                                  (int) res->macs_assoc, BIG_N, assoc, quad);
        return g_strdup_printf (_("5 · φ(Q) times that summary: the same output, for %d multiply–adds instead "
                                  "of %d; at N = %d, %s instead of %s"),
                                (int) res->macs_assoc, (int) res->macs_quad, BIG_N, assoc, quad);
      }
    }
}

static char *
ab_performer_diagram_dup_note (AbDiagram *diagram, guint step)
{
  const PerformerResult *res = result (diagram);

  return g_strdup_printf (_("Q, K, V: the book's smooth test input, seed %d (scores of std 0.5); "
                            "<i>w</i><sub>1</sub> … <i>w</i><sub>%d</sub>: orthogonal random features "
                            "(FAVOR+). φ(q)·φ(k) estimates exp(q·k/√d); counts are the kernels' FLOPs ÷ 2."),
                          (int) res->seed, res->m);
}

/* Matrices ------------------------------------------------------------------ */

typedef struct
{
  const char   *label;     /* markup */
  const double *values;
  int           rows, cols;
  gboolean      ghost;     /* an operand: small squares, no numbers */
  double        reveal;    /* > 0: its own reveal, else the row's */
} Mat;

/* What the drawing calls do: measure; draw everything (vector targets);
 * draw only the cells, at reveal 0 or 1, into a layer; or draw the frame
 * with the cells painted from those layers. */
typedef enum { PASS_MEASURE, PASS_DRAW, PASS_CELLS_DIM, PASS_CELLS_LIT, PASS_PAINT } PassKind;

typedef struct
{
  PassKind kind;
  AbLayer *cells;   /* PASS_PAINT: the dim and the lit layer */
} Pass;

/* Panels, labels, values and outlines: all but the cells. */
static gboolean
pass_draws_rest (const Pass *pass)
{
  return pass->kind == PASS_DRAW || pass->kind == PASS_PAINT;
}

/* Cell sizes of the numbered and the ghost matrices in the current layout. */
static void
cell_size (cairo_t *cr, gboolean ghost, double *cw, double *ch)
{
  double size = ab_style_size (cr, AB_TEXT_VALUE_SMALL), tw, th;

  if (ghost)
    {
      *cw = *ch = size * 1.15;
      return;
    }
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "−0.000", -1, &tw, &th);
  *cw = tw + size * 0.9;
  *ch = th + size * 0.75;
}

static void
mat_extent (cairo_t *cr, const Mat *mat, double *w, double *h)
{
  double cw, ch, lw, lh;

  cell_size (cr, mat->ghost, &cw, &ch);
  ab_text_measure (cr, AB_TEXT_LABEL, mat->label, -1, &lw, &lh);
  *w = MAX (mat->cols * cw, lw);
  *h = lh + 6 + mat->rows * ch;
}

static double
matrix_scale (const Mat *mat)
{
  double s = 0;
  for (int i = 0; i < mat->rows * mat->cols; i++)
    s = MAX (s, fabs (mat->values[i]));
  return s > 0 ? s : 1;
}

static void
draw_cells (cairo_t *cr, const Mat *mat, double x, double y, double cw, double ch, double reveal)
{
  double scale = matrix_scale (mat);

  cairo_save (cr);
  for (int i = 0; i < mat->rows; i++)
    for (int j = 0; j < mat->cols; j++)
      {
        double v = mat->values[i * mat->cols + j];
        AbRect c = { x + j * cw + 1, y + i * ch + 1, cw - 2, ch - 2 };

        ab_rounded_rect (cr, c, MIN (4, c.w / 4));
        ab_set_rgb (cr, ab_rgb_mix (AB_BG, ab_color_diverging (v, scale), 0.85 * reveal));
        cairo_fill_preserve (cr);
        ab_set_rgb (cr, AB_BORDER);
        cairo_set_line_width (cr, 1);
        cairo_stroke (cr);
      }
  cairo_restore (cr);
}

/* The cells at @reveal from the layers: the cell colour is linear in the
 * reveal, so a fade between the two is the tween's colour. */
static void
paint_cells (const Pass *pass, cairo_t *cr, const Mat *mat, double x, double y, double cw, double ch,
             double reveal)
{
  AbRect box = { x, y, mat->cols * cw, mat->rows * ch };

  if (reveal < 1)
    ab_layer_paint_part (&pass->cells[0], cr, box, 1);
  if (reveal > 0)
    ab_layer_paint_part (&pass->cells[1], cr, box, reveal);
}

/* The label over the cells; @reveal fades the values in (0: the empty shape). */
static void
mat_draw (cairo_t *cr, const Pass *pass, const Mat *mat, double x, double y, double reveal,
          gboolean active, gboolean equal)
{
  double cw, ch, lw, lh;
  double size = ab_style_size (cr, AB_TEXT_VALUE_SMALL);
  AbRect box;

  cell_size (cr, mat->ghost, &cw, &ch);
  ab_text_measure (cr, AB_TEXT_LABEL, mat->label, -1, &lw, &lh);
  if (pass_draws_rest (pass))
    ab_text (cr, AB_TEXT_LABEL, mat->label, x, y, active ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  y += lh + 6;
  switch (pass->kind)
    {
    case PASS_CELLS_DIM:
    case PASS_CELLS_LIT:
      /* Operands are always shown (reveal 1); the rest at the layer's reveal. */
      draw_cells (cr, mat, x, y, cw, ch, mat->ghost ? reveal : pass->kind == PASS_CELLS_LIT);
      return;
    case PASS_PAINT:
      paint_cells (pass, cr, mat, x, y, cw, ch, reveal);
      break;
    default:
      draw_cells (cr, mat, x, y, cw, ch, reveal);
      break;
    }

  if (!mat->ghost && reveal > 0.5)
    for (int i = 0; i < mat->rows; i++)
      for (int j = 0; j < mat->cols; j++)
        {
          g_autofree char *text = ab_format_number (mat->values[i * mat->cols + j]);
          AbRect c = { x + j * cw + 1, y + i * ch + 1, cw - 2, ch - 2 };

          ab_text (cr, AB_TEXT_VALUE_SMALL, text, c.x + c.w / 2, c.y + (c.h - size * 1.2) / 2,
                   AB_TEXT, AB_ALIGN_CENTER, -1);
        }
  if (active || equal)
    {
      box = (AbRect) { x - 3, y - 3, mat->cols * cw + 6, mat->rows * ch + 6 };
      cairo_save (cr);
      ab_rounded_rect (cr, box, 6);
      ab_set_rgb (cr, equal ? AB_SRAM : AB_ACTIVE);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* Matrices left to right with an operator before each but the first,
 * wrapping at the right edge of @r (a blank operator is dropped at a
 * wrap); returns the height used and, in @width, the widest line. */
static double
flow_mats (cairo_t *cr, const Pass *pass, const Mat *mats, int n, const char *const *ops, AbRect r,
           double reveal, gboolean active, int equal_index, double *width)
{
  double x = r.x, y = r.y, row_h = 0, widest = 0, gap = ab_style_size (cr, AB_TEXT_BODY) * 0.6;
  double lh = ab_style_size (cr, AB_TEXT_LABEL) * 1.3 + 6;

  for (int i = 0; i < n; i++)
    {
      double w, h, ow = 0, oh = 0;
      const char *op = i > 0 ? ops[i - 1] : NULL;
      gboolean blank = op && op[strspn (op, " ")] == '\0';

      mat_extent (cr, &mats[i], &w, &h);
      if (op)
        ab_text_measure (cr, AB_TEXT_BODY, op, -1, &ow, &oh);
      if (i > 0 && x + gap + ow + gap + w > r.x + r.w)
        {
          x = r.x;
          y += row_h + gap;
          row_h = 0;
          if (blank)
            op = NULL;
          else
            x -= gap;
        }
      if (op)
        {
          if (pass_draws_rest (pass) && !blank)
            ab_text (cr, AB_TEXT_BODY, op, x + gap, y + lh + (h - lh - oh) / 2, AB_TEXT_DIM,
                     AB_ALIGN_LEFT, -1);
          x += ow + 2 * gap;
        }
      if (pass->kind != PASS_MEASURE)
        mat_draw (cr, pass, &mats[i], x, y,
                  mats[i].ghost ? 1.0 : mats[i].reveal > 0 ? mats[i].reveal : reveal,
                  active && !mats[i].ghost && (mats[i].reveal <= 0 || mats[i].reveal > 0.5),
                  i == equal_index);
      x += w;
      widest = MAX (widest, x - r.x);
      row_h = MAX (row_h, h);
    }
  if (width)
    *width = widest;
  return y + row_h - r.y;
}

/* Panels -------------------------------------------------------------------- */

static double
line_h (cairo_t *cr, AbTextStyle style)
{
  return ab_style_size (cr, style) * 1.45;
}

/* Q, K, V and φ(Q), φ(K) flowing across @r; returns the panel height. */
static double
draw_inputs (const PerformerResult *res, cairo_t *cr, const Pass *pass, AbRect r, double position,
             gboolean compact)
{
  g_autofree char *lq = g_strdup_printf ("<i>φ</i>(<i>Q</i>)  4 × %d", res->m);
  g_autofree char *lk = g_strdup_printf ("<i>φ</i>(<i>K</i>)  4 × %d", res->m);
  g_autofree char *lw = g_strdup_printf (_("<i>W</i> (rows <i>w<sub>a</sub></i>)  %d × 2"), res->m);
  const Mat mats[] = {
    { "<i>Q</i>  4 × 2", res->q, N_TOK, D_HEAD, FALSE },
    { "<i>K</i>  4 × 2", res->k, N_TOK, D_HEAD, FALSE },
    { "<i>V</i>  4 × 2", res->v, N_TOK, D_HEAD, FALSE },
    { lq, res->phi_q, N_TOK, res->m, FALSE },
    { lk, res->phi_k, N_TOK, res->m, FALSE },
    { lw, res->w, res->m, D_HEAD, FALSE },
  };
  const char *const gaps[] = { " ", " ", "  ", " ", "  " };
  const char *formula = "\\varphi(x) = e^{w_a \\cdot x - \\|x\\|^2/2} / \\sqrt{m}";
  double pad = 20, head = 14 + line_h (cr, AB_TEXT_HEADING), fw, fa, fd, tw, th, h;
  gboolean active = position < STEP_QK - 0.5, draw = pass_draws_rest (pass);
  AbRect inner;

  if (draw)
    ab_draw_panel (cr, r, _("Inputs"));
  /* The feature map beside the panel title, or under it when there is no room. */
  ab_math_measure (cr, AB_TEXT_MATH_SMALL, formula, &fw, &fa, &fd);
  ab_text_measure (cr, AB_TEXT_HEADING, _("Inputs"), -1, &tw, &th);
  if (r.w - 2 * pad - tw - 30 > fw)
    {
      if (draw)
        ab_math (cr, AB_TEXT_MATH_SMALL, formula, r.x + pad + tw + 30, r.y + 14 + th * 0.8, AB_HEADS[1]);
      inner = (AbRect) { r.x + pad, r.y + head + 6, r.w - 2 * pad, 0 };
    }
  else
    {
      if (draw)
        ab_math (cr, AB_TEXT_MATH_SMALL, formula, r.x + pad, r.y + head + fa, AB_HEADS[1]);
      inner = (AbRect) { r.x + pad, r.y + head + fa + fd + 10, r.w - 2 * pad, 0 };
    }
  /* W only where there is room for it: its rows are named in the note too. */
  h = flow_mats (cr, pass, mats, G_N_ELEMENTS (mats) - (compact ? 1 : 0), gaps, inner, 1.0, active, -1,
                 NULL);
  return inner.y + h + pad - r.y;
}

/* One order: its products, each with its multiply–add count, and the total. */
typedef struct
{
  const char *title;
  const Mat  *first;  int n_first;  const char *const *ops_first;  const char *count_first;
  const Mat  *second; int n_second; const char *const *ops_second; const char *count_second;
  const char *total, *extra;
  double      reveal_first, reveal_second;
  gboolean    active_first, active_second;
  gboolean    outline_output;   /* the output gets the "same output" outline */
  gboolean    equal;            /* … and the extra line says so */
} Order;

/* A row of matrices with its count beside it when there is room, else under it. */
static double
draw_product (cairo_t *cr, const Pass *pass, const Mat *mats, int n, const char *const *ops,
              const char *count, AbRect r, double reveal, gboolean active, int equal_index)
{
  const Pass measure = { PASS_MEASURE };
  double used, h = flow_mats (cr, &measure, mats, n, ops, r, reveal, active, equal_index, &used);
  double gap = ab_style_gap (cr), room = r.w - used - gap, lh = ab_style_size (cr, AB_TEXT_LABEL) * 1.3 + 6;
  double tw, th;
  AbRgb color = reveal > 0.5 ? AB_TEXT : AB_TEXT_DIM;
  gboolean draw = pass_draws_rest (pass);

  flow_mats (cr, pass, mats, n, ops, r, reveal, active, equal_index, NULL);
  ab_text_measure (cr, AB_TEXT_BODY, count, MAX (room, 1), &tw, &th);
  if (room > ab_style_size (cr, AB_TEXT_BODY) * 8 && th < h - lh)
    {
      if (draw)
        ab_text (cr, AB_TEXT_BODY, count, r.x + used + gap, r.y + lh + (h - lh - th) / 2, color,
                 AB_ALIGN_LEFT, room);
      return h;
    }
  ab_text_measure (cr, AB_TEXT_BODY, count, r.w, &tw, &th);
  if (draw)
    ab_text (cr, AB_TEXT_BODY, count, r.x, r.y + h + 6, color, AB_ALIGN_LEFT, r.w);
  return h + 6 + th;
}

static void
draw_order (cairo_t *cr, const Pass *pass, const Order *o, AbRect r)
{
  double pad = 20, y = r.y + 14 + line_h (cr, AB_TEXT_HEADING) + 8, th;
  AbRect inner = { r.x + pad, y, r.w - 2 * pad, 0 };

  if (pass_draws_rest (pass))
    ab_draw_panel (cr, r, o->title);
  /* Without a second row, the first one ends in the output. */
  inner.y += draw_product (cr, pass, o->first, o->n_first, o->ops_first, o->count_first, inner,
                           o->reveal_first, o->active_first,
                           !o->second && o->outline_output ? o->n_first - 1 : -1) + 14;
  if (o->second)
    inner.y += draw_product (cr, pass, o->second, o->n_second, o->ops_second, o->count_second, inner,
                             o->reveal_second, o->active_second,
                             o->outline_output ? o->n_second - 1 : -1) + 14;
  if (o->reveal_second > 0 && pass_draws_rest (pass))
    {
      th = ab_text (cr, AB_TEXT_BODY_STRONG, o->total, inner.x, inner.y, AB_TEXT, AB_ALIGN_LEFT, inner.w);
      ab_text (cr, AB_TEXT_LABEL, o->extra, inner.x, inner.y + th + 2, o->equal ? AB_SRAM : AB_TEXT_DIM,
               AB_ALIGN_LEFT, inner.w);
    }
}

/* @compact (the narrow layout): no operand squares, both products of an
 * order on one row, their counts in one line. */
static void
draw_orders (const PerformerResult *res, cairo_t *cr, const Pass *pass, AbRect left, AbRect right,
             double position, gboolean compact)
{
  int m = res->m, qk = N_TOK * N_TOK * m, av = N_TOK * N_TOK * D_HEAD, kv = N_TOK * m * (D_HEAD + 1);
  g_autofree char *l_phi_q = g_strdup_printf ("<i>φ</i>(<i>Q</i>) 4×%d", m);
  g_autofree char *l_phi_kt = g_strdup_printf ("<i>φ</i>(<i>K</i>)ᵀ %d×4", m);
  g_autofree char *l_s = g_strdup_printf ("<i>S</i> = <i>φ</i>(<i>K</i>)ᵀ<i>V</i>  %d × 2", m);
  g_autofree char *l_s_ghost = g_strdup_printf ("<i>S</i> %d×2", m);
  g_autofree char *l_z = g_strdup_printf ("<i>z</i>  %d", m);
  const char *l_a = _("<i>A</i>  4 × 4, rows ÷ their sums");
  const char *l_out = _("output  4 × 2");
  const Mat q_first[] = {
    { l_phi_q, res->phi_q, N_TOK, m, TRUE }, { l_phi_kt, res->phi_kt, m, N_TOK, TRUE },
    { l_a, res->a, N_TOK, N_TOK, FALSE },
  };
  const Mat q_second[] = {
    { "<i>A</i> 4×4", res->a, N_TOK, N_TOK, TRUE }, { "<i>V</i> 4×2", res->v, N_TOK, D_HEAD, TRUE },
    { l_out, res->o_quad, N_TOK, D_HEAD, FALSE },
  };
  const Mat a_first[] = {
    { l_phi_kt, res->phi_kt, m, N_TOK, TRUE }, { "<i>V</i> 4×2", res->v, N_TOK, D_HEAD, TRUE },
    { l_s, res->s, m, D_HEAD, FALSE }, { l_z, res->z, m, 1, FALSE },
  };
  const Mat a_second[] = {
    { l_phi_q, res->phi_q, N_TOK, m, TRUE }, { l_s_ghost, res->s, m, D_HEAD, TRUE },
    { l_out, res->o_assoc, N_TOK, D_HEAD, FALSE },
  };
  const char *const ops_product[] = { "·", "=" };
  const char *const ops_summary[] = { "·", "=", " " };
  const char *const ops_q_compact[] = { "· <i>V</i> =" };
  const char *const ops_a_compact[] = { " ", "<i>φ</i>(<i>Q</i>)<i>S</i> ÷ <i>φ</i>(<i>Q</i>)<i>z</i> =" };
  g_autofree char *c_qk = g_strdup_printf (_("N·N·m = 4·4·%d = <b>%d</b> multiply–adds"), m, qk);
  g_autofree char *c_av = g_strdup_printf (_("N·N·d = 4·4·2 = <b>%d</b> multiply–adds"), av);
  g_autofree char *c_kv = g_strdup_printf (_("N·m·(d + 1) = 4·%d·3 = <b>%d</b> multiply–adds for <i>S</i> and "
                                             "<i>z</i> = <i>φ</i>(<i>K</i>)ᵀ1"), m, kv);
  g_autofree char *c_out = g_strdup_printf (_("N·m·(d + 1) = <b>%d</b> multiply–adds, then ÷ "
                                              "<i>φ</i>(<i>Q</i>)<i>z</i> row by row"), kv);
  g_autofree char *c_q_compact = g_strdup_printf (_("N·N·m + N·N·d = <b>%d</b> + <b>%d</b> multiply–adds"),
                                                  qk, av);
  g_autofree char *c_a_compact = g_strdup_printf (_("N·m·(d + 1), twice = <b>%d</b> + <b>%d</b> multiply–adds"),
                                                  kv, kv);
  g_autofree char *big_q = ab_format_count (res->big_macs_quad);
  g_autofree char *big_a = ab_format_count (res->big_macs_assoc);
  g_autofree char *t_quad = g_strdup_printf (_("%d multiply–adds in all (%s at N = %d)"),
                                             (int) res->macs_quad, big_q, BIG_N);
  g_autofree char *t_assoc = g_strdup_printf (_("%d multiply–adds in all (%s at N = %d)"),
                                              (int) res->macs_assoc, big_a, BIG_N);
  g_autofree char *big_nn = ab_format_count ((guint64) BIG_N * BIG_N);
  g_autofree char *x_quad = g_strdup_printf (_("the N × N matrix A: %d numbers at N = 4, %s at N = %d"),
                                             N_TOK * N_TOK, big_nn, BIG_N);
  g_autofree char *x_assoc_size = g_strdup_printf (_("the summary S, z: %d numbers at any N"), m * (D_HEAD + 1));
  g_autofree char *x_assoc = NULL;
  double r_qk = ab_tween (position, STEP_INPUTS, STEP_QK), r_av = ab_tween (position, STEP_QK, STEP_AV);
  double r_kv = ab_tween (position, STEP_AV, STEP_KV), r_out = ab_tween (position, STEP_KV, STEP_OUT);
  gboolean done = position > STEP_KV + 0.5;
  /* Compact rows: the results only, the operation in the operator. */
  const Mat q_compact[] = {
    { _("<i>A</i> = <i>φ</i>(<i>Q</i>)<i>φ</i>(<i>K</i>)ᵀ, rows ÷ sums"), res->a, N_TOK, N_TOK, FALSE,
      MAX (r_qk, 1e-6) },
    { l_out, res->o_quad, N_TOK, D_HEAD, FALSE, MAX (r_av, 1e-6) },
  };
  const Mat a_compact[] = {
    { l_s, res->s, m, D_HEAD, FALSE, MAX (r_kv, 1e-6) },
    { "<i>z</i>", res->z, m, 1, FALSE, MAX (r_kv, 1e-6) },
    { l_out, res->o_assoc, N_TOK, D_HEAD, FALSE, MAX (r_out, 1e-6) },
  };
  Order quad, assoc;

  if (res->max_diff == 0 && res->big_max_diff == 0)
    x_assoc = g_strdup_printf (_("equal to the left's output: identical floats, here and at N = %d"), BIG_N);
  else
    x_assoc = g_strdup_printf (_("equal to the left's output up to float rounding: largest difference "
                                 "%.1e (%.1e at N = %d)"), res->max_diff, res->big_max_diff, BIG_N);
  quad = (Order) {
    .title = _("Left to right: (φ(Q)φ(K)ᵀ)V"),
    .first = q_first, .n_first = G_N_ELEMENTS (q_first), .ops_first = ops_product, .count_first = c_qk,
    .second = q_second, .n_second = G_N_ELEMENTS (q_second), .ops_second = ops_product, .count_second = c_av,
    .total = t_quad, .extra = x_quad, .reveal_first = r_qk, .reveal_second = r_av,
    .active_first = fabs (position - STEP_QK) < 0.5, .active_second = fabs (position - STEP_AV) < 0.5,
    .outline_output = done,
  };
  assoc = (Order) {
    .title = _("Reordered: φ(Q)(φ(K)ᵀV)"),
    .first = a_first, .n_first = G_N_ELEMENTS (a_first), .ops_first = ops_summary, .count_first = c_kv,
    .second = a_second, .n_second = G_N_ELEMENTS (a_second), .ops_second = ops_product, .count_second = c_out,
    .total = t_assoc, .extra = done ? x_assoc : x_assoc_size, .reveal_first = r_kv, .reveal_second = r_out,
    .active_first = fabs (position - STEP_KV) < 0.5, .outline_output = done, .equal = done,
  };
  if (compact)
    {
      /* One row per order; each matrix appears at its own step. */
      quad.first = q_compact;
      quad.n_first = G_N_ELEMENTS (q_compact);
      quad.ops_first = ops_q_compact;
      quad.count_first = c_q_compact;
      quad.second = NULL;
      quad.reveal_first = r_qk;
      assoc.first = a_compact;
      assoc.n_first = G_N_ELEMENTS (a_compact);
      assoc.ops_first = ops_a_compact;
      assoc.count_first = c_a_compact;
      assoc.second = NULL;
      assoc.reveal_first = r_kv;
      assoc.active_first = fabs (position - STEP_KV) < 0.5 || fabs (position - STEP_OUT) < 0.5;
      quad.active_first = fabs (position - STEP_QK) < 0.5 || fabs (position - STEP_AV) < 0.5;
    }
  draw_order (cr, pass, &quad, left);
  draw_order (cr, pass, &assoc, right);
}

/* The inputs across the top; the two orders side by side under them, or stacked when narrow. */
static void
draw_stage (const PerformerResult *res, cairo_t *cr, const Pass *pass, const AbLayout *layout,
            double position)
{
  const Pass measure = { PASS_MEASURE };
  AbRect r = layout->stages[0], inputs = r, left, right;
  double gap = ab_style_gap (cr);
  gboolean narrow = r.h > r.w;
  /* The presenter's type is too large for the operand squares as well. */
  gboolean compact = narrow || layout->kind == AB_LAYOUT_PRESENTER;

  inputs.h = draw_inputs (res, cr, &measure, inputs, position, narrow);
  draw_inputs (res, cr, pass, inputs, position, narrow);
  if (!narrow)
    {
      double ow = (r.w - gap) / 2, y = r.y + inputs.h + gap;
      left = (AbRect) { r.x, y, ow, r.y + r.h - y };
      right = (AbRect) { r.x + ow + gap, y, ow, left.h };
    }
  else
    {
      double y = r.y + inputs.h + gap, oh = (r.y + r.h - y - gap) / 2;
      left = (AbRect) { r.x, y, r.w, oh };
      right = (AbRect) { r.x, y + oh + gap, r.w, oh };
    }
  draw_orders (res, cr, pass, left, right, position, compact);
}

static void
ab_performer_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  AbPerformerDiagram *self = AB_PERFORMER_DIAGRAM (diagram);
  const PerformerResult *res = result (diagram);
  const Pass paint = { PASS_PAINT, self->cells };
  AbRect r = layout->stages[0];
  guint64 key = (guint64) res->m | res->seed << 8;

  if (ab_layer_oversample (cr) <= 0)
    {
      draw_stage (res, cr, &(const Pass) { PASS_DRAW }, layout, position);
      return;
    }
  /* The cells lie on panels: on the panel colour, painting a layer is a
   * copy, and a fade between the two is the tween's colour also at the
   * cells' antialiased edges. */
  for (int k = 0; k < 2; k++)
    {
      cairo_t *lcr = ab_layer_begin_on (&self->cells[k], cr, r, key, AB_PANEL);

      if (lcr == NULL)
        continue;
      draw_stage (res, lcr, &(const Pass) { k ? PASS_CELLS_LIT : PASS_CELLS_DIM }, layout, position);
      ab_layer_end (&self->cells[k], lcr);
    }
  draw_stage (res, cr, &paint, layout, position);
}

/* "(a, b), (c, d), …": the rows of a rows × cols matrix. */
static void
append_rows (GString *s, const double *values, int rows, int cols)
{
  for (int i = 0; i < rows; i++)
    {
      g_string_append (s, i ? ", (" : " (");
      for (int j = 0; j < cols; j++)
        g_string_append_printf (s, j ? ", %.3g" : "%.3g", values[i * cols + j]);
      g_string_append (s, ")");
    }
  g_string_append (s, ".");
}

/* What the step shows, in the order it appears. */
static char *
ab_performer_diagram_describe (AbDiagram *diagram, guint step)
{
  const PerformerResult *res = result (diagram);
  GString *s = g_string_new (NULL);
  int m = res->m;

  g_string_append_printf (s, _("N = 4, d = 2, m = %d random features, input seed %d. Rows of Q:"), m,
                          (int) res->seed);
  append_rows (s, res->q, N_TOK, D_HEAD);
  g_string_append (s, _(" Rows of K:"));
  append_rows (s, res->k, N_TOK, D_HEAD);
  g_string_append (s, _(" Rows of V:"));
  append_rows (s, res->v, N_TOK, D_HEAD);
  g_string_append (s, _(" Rows of φ(Q):"));
  append_rows (s, res->phi_q, N_TOK, m);
  g_string_append (s, _(" Rows of φ(K):"));
  append_rows (s, res->phi_k, N_TOK, m);
  g_string_append (s, _(" Random features w (rows of W):"));
  append_rows (s, res->w, m, D_HEAD);
  if (step >= STEP_QK)
    {
      g_string_append_printf (s, _(" Left to right: A, φ(Q)φ(K)ᵀ with rows divided by their sums, "
                                   "%d multiply–adds; its rows:"), N_TOK * N_TOK * m);
      append_rows (s, res->a, N_TOK, N_TOK);
    }
  if (step >= STEP_AV)
    {
      g_string_append_printf (s, _(" A·V, %d more multiply–adds, %d in all; output rows:"),
                              N_TOK * N_TOK * D_HEAD, (int) res->macs_quad);
      append_rows (s, res->o_quad, N_TOK, D_HEAD);
    }
  if (step >= STEP_KV)
    {
      g_string_append_printf (s, _(" Reordered: S = φ(K)ᵀV, %d × 2, and z = φ(K)ᵀ1, %d multiply–adds; "
                                   "rows of S:"), m, N_TOK * m * (D_HEAD + 1));
      append_rows (s, res->s, m, D_HEAD);
      g_string_append (s, _(" z:"));
      append_rows (s, res->z, 1, m);
    }
  if (step >= STEP_OUT)
    {
      g_autofree char *quad = ab_format_count (res->big_macs_quad);
      g_autofree char *assoc = ab_format_count (res->big_macs_assoc);
      g_string_append_printf (s, _(" φ(Q)S divided by φ(Q)z, %d in all; output rows:"), (int) res->macs_assoc);
      append_rows (s, res->o_assoc, N_TOK, D_HEAD);
      if (res->max_diff == 0)
        g_string_append (s, _(" Both outputs are identical floats."));
      else
        g_string_append_printf (s, _(" The outputs differ by at most %.1e."), res->max_diff);
      g_string_append_printf (s, _(" At N = %d: %s multiply–adds left to right, %s reordered."), BIG_N, quad,
                              assoc);
    }
  return g_string_free (s, FALSE);
}

static void
ab_performer_diagram_finalize (GObject *object)
{
  AbPerformerDiagram *self = AB_PERFORMER_DIAGRAM (object);

  ab_layer_clear (&self->cells[0]);
  ab_layer_clear (&self->cells[1]);
  G_OBJECT_CLASS (ab_performer_diagram_parent_class)->finalize (object);
}

static const AbDiagramInfo info = {
  .name = "performer-associativity",
  .title = N_("Performer's reorder: (φ(Q)φ(K)ᵀ)V = φ(Q)(φ(K)ᵀV)"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_performer_diagram_update, .draw = ab_performer_diagram_draw,
  .dup_caption = ab_performer_diagram_dup_caption,
  .dup_note = ab_performer_diagram_dup_note,
  .describe = ab_performer_diagram_describe,
  .finalize = ab_performer_diagram_finalize,
};

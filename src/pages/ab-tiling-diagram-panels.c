/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tiling-diagram-panels.c — the side panels of "flash-attention-tiling"
 *
 * The state panel typesets the followed row's online-softmax update at the
 * current step with the trace's numbers substituted (FA1's and FA2's forms
 * differ: FA1 keeps O normalised, FA2 divides by ℓ once at the end); in
 * standard mode it lists the three HBM passes of the unfused pipeline. The
 * traffic panel shows the HBM byte counters of both algorithms, the tile
 * buffers in SRAM and the exactness check of the rows finished so far.
 */
#define G_LOG_DOMAIN "ab-tiling-diagram"

#include "ab-tiling-diagram-private.h"
#include "ab-components.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* At most this many components of O in the state panel. */
#define SHOWN_O 4

/* TeX for a live value, in the highlight colour. */
static char *
live_tex (const char *text)
{
  AbRgb c = ab_rgb_mix (AB_ACTIVE, AB_TEXT, 0.3);

  return g_strdup_printf ("\\color{#%02x%02x%02x}{%s}", (int) (c.r * 255 + 0.5), (int) (c.g * 255 + 0.5),
                          (int) (c.b * 255 + 0.5), text);
}

static char *
live (double x)
{
  g_autofree char *num = NULL;
  char *p;

  if (!isfinite (x))
    num = g_strdup (x < 0 ? "-\\infty" : "\\infty");
  else if (x == 0)
    num = g_strdup ("0");
  else
    num = ab_format_number (x);
  /* ab_format_number writes a typographic minus; TeX wants '-'. */
  if ((p = strstr (num, "−")) != NULL)
    {
      char *fixed = g_strconcat ("-", p + strlen ("−"), NULL);
      g_free (num);
      num = fixed;
    }
  return live_tex (num);
}

/* Lines of a panel, drawn top down. A dry run measures; when everything
 * does not fit, lines of low priority are left out: OPT_NOTE ones first,
 * then OPT_FORMULA ones. */
enum { OPT_NEVER = 0, OPT_FORMULA = 1, OPT_NOTE = 2 };

typedef struct
{
  cairo_t *cr;
  AbRect   r;          /* content box */
  double   y;          /* next line's top */
  gboolean dry;
  int      lean;       /* 0: every line; 1: no OPT_NOTE; 2: neither */
} Lines;

static gboolean
skip (Lines *ln, int optional, double h)
{
  if (optional && ln->lean >= 3 - optional)
    return TRUE;
  if (!ln->dry && ln->y + h > ln->r.y + ln->r.h + 0.5)
    return TRUE;
  return FALSE;
}

static void
math_line (Lines *ln, const char *tex, double indent, int optional)
{
  double w, a, d;

  ab_math_measure (ln->cr, AB_TEXT_MATH_SMALL, tex, &w, &a, &d);
  if (skip (ln, optional, a + d))
    return;
  if (!ln->dry)
    ab_math (ln->cr, AB_TEXT_MATH_SMALL, tex, ln->r.x + indent, ln->y + a, AB_TEXT);
  ln->y += a + d + ab_style_size (ln->cr, AB_TEXT_MATH_SMALL) * 0.5;
}

/* A formula and its numbers: on one line when it fits, else two. */
static void
math_pair (Lines *ln, const char *formula, const char *numbers)
{
  g_autofree char *both = g_strdup_printf ("%s = %s", formula, numbers);
  g_autofree char *second = g_strdup_printf ("= %s", numbers);
  double w;

  ab_math_measure (ln->cr, AB_TEXT_MATH_SMALL, both, &w, NULL, NULL);
  if (w <= ln->r.w)
    math_line (ln, both, 0, OPT_NEVER);
  else
    {
      math_line (ln, formula, 0, OPT_NEVER);
      math_line (ln, second, ab_style_size (ln->cr, AB_TEXT_MATH_SMALL) * 1.2, OPT_NEVER);
    }
}

static void
text_line (Lines *ln, AbTextStyle style, const char *markup, AbRgb color, int optional)
{
  double h;

  ab_text_measure (ln->cr, style, markup, ln->r.w, NULL, &h);
  if (skip (ln, optional, h))
    return;
  if (!ln->dry)
    ab_text (ln->cr, style, markup, ln->r.x, ln->y, color, AB_ALIGN_LEFT, ln->r.w);
  ln->y += h + 6;
}

/* O's first components, old → new on one line when there is room. */
static void
vector_line (Lines *ln, const TilingResult *res, const char *label, const float *before, const float *after,
             double divide)
{
  int n = MIN (res->d, SHOWN_O);
  double h = ab_style_size (ln->cr, AB_TEXT_VALUE) * 1.75, label_w, label_h, arrow_w, cw, x;
  double a[SHOWN_O] = { 0 }, b[SHOWN_O] = { 0 };
  g_autofree char *more = res->d > SHOWN_O ? g_strdup_printf (_("of %d"), res->d) : NULL;
  double more_w = 0;

  ab_text_measure (ln->cr, AB_TEXT_LABEL, label, -1, &label_w, &label_h);
  ab_text_measure (ln->cr, AB_TEXT_LABEL, "→", -1, &arrow_w, NULL);
  if (more)
    ab_text_measure (ln->cr, AB_TEXT_SMALL, more, -1, &more_w, NULL);
  cw = MIN ((ln->r.w - label_w - 12 - (before ? arrow_w + 16 : 0) - more_w - 8) / (before ? 2 * n : n),
            ab_style_size (ln->cr, AB_TEXT_VALUE) * 4.6);
  if (skip (ln, FALSE, h))
    return;
  if (ln->dry)
    {
      ln->y += h + 8;
      return;
    }
  for (int c = 0; c < n; c++)
    {
      a[c] = before ? before[c] / divide : 0;
      b[c] = after ? after[c] : 0;
    }
  ab_text (ln->cr, AB_TEXT_LABEL, label, ln->r.x, ln->y + (h - label_h) / 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  x = ln->r.x + label_w + 12;
  if (before)
    {
      ab_draw_vector (ln->cr, (AbRect) { x, ln->y, cw * n, h }, a, n, res->o_scale * 2, "%.2f", 1);
      x += cw * n + 8;
      ab_text (ln->cr, AB_TEXT_LABEL, "→", x, ln->y + (h - label_h) / 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      x += arrow_w + 8;
    }
  ab_draw_vector (ln->cr, (AbRect) { x, ln->y, cw * n, h }, b, n, res->o_scale * 2, "%.2f", 1);
  if (more)
    ab_text (ln->cr, AB_TEXT_SMALL, more, x + cw * n + 8, ln->y + (h - label_h) / 2, AB_TEXT_DIM,
             AB_ALIGN_LEFT, -1);
  ln->y += h + 8;
}

static void
state_tile (const TilingResult *res, Lines *ln, int k)
{
  const View *v = &res->views[k];
  int i = v->focus + 1;
  double m0, l0, m1, l1, alpha;
  const float *o0, *o1;
  g_autofree char *where = NULL, *f_m = NULL, *n_m = NULL, *f_l = NULL, *n_l = NULL, *f_o = NULL;

  tiling_row_state (res, k - 1, v->focus, &m0, &l0, &o0);
  tiling_row_state (res, k, v->focus, &m1, &l1, &o1);
  alpha = m0 == -INFINITY ? 0 : exp (m0 - m1);

  where = g_strdup_printf (_("Q tile %d × K/V tile %d: row %d against keys %d–%d"), v->q_tile + 1,
                           v->kv_tile + 1, i, v->kv_row0 + 1, v->kv_row0 + v->kv_rows);
  text_line (ln, AB_TEXT_LABEL, where, AB_TEXT_DIM, OPT_NEVER);
  if (v->tile_max == -INFINITY)
    {
      text_line (ln, AB_TEXT_BODY, _("Every key of this tile comes after the query: all masked, so m, ℓ and "
                                     "O stay as they were."), AB_TEXT, OPT_NEVER);
      return;
    }
  {
    g_autofree char *a = live (m0), *b = live (v->tile_max), *c = live (m1);
    f_m = g_strdup_printf ("m_{new} = \\max(m_{old}, \\max_j s_{%d,j})", i);
    n_m = g_strdup_printf ("\\max(%s, %s) = %s", a, b, c);
  }
  math_pair (ln, f_m, n_m);
  {
    g_autofree char *a = live (alpha), *b = live (l0), *c = live (l1);
    if (res->order == AB_FLASH_FA2)
      {
        g_autofree char *s = live (v->new_sum);
        f_l = g_strdup_printf ("\\ell_{new} = e^{m_{old} - m_{new}}\\, \\ell_{old} + \\sum_j e^{s_{%d,j} - m_{new}}", i);
        n_l = g_strdup_printf ("%s \\cdot %s + %s = %s", a, b, s, c);
      }
    else
      {
        g_autofree char *e = live (exp (v->tile_max - m1)), *s = live (v->tile_sum);
        f_l = g_strdup ("\\ell_{new} = e^{m_{old} - m_{new}}\\, \\ell_{old} + e^{\\tilde m - m_{new}}\\, \\tilde\\ell");
        n_l = g_strdup_printf ("%s \\cdot %s + %s \\cdot %s = %s", a, b, e, s, c);
      }
  }
  math_pair (ln, f_l, n_l);
  if (res->order == AB_FLASH_FA2)
    f_o = g_strdup_printf ("\\tilde O_{new} = e^{m_{old} - m_{new}}\\, \\tilde O_{old} + \\sum_j e^{s_{%d,j} - m_{new}} v_j",
                           i);
  else
    f_o = g_strdup ("O_{new} = \\left(e^{m_{old} - m_{new}} \\ell_{old} O_{old} + e^{\\tilde m - m_{new}} \\tilde P V_j\\right) / \\ell_{new}");
  math_line (ln, f_o, 0, OPT_FORMULA);
  vector_line (ln, res, res->order == AB_FLASH_FA2 ? "Õ" : "O", o0, o1, 1);
  if (res->order == AB_FLASH_FA1)
    text_line (ln, AB_TEXT_SMALL, _("m̃ and ℓ̃ = Σ<sub>j</sub> e<sup>s − m̃</sup> are this tile’s own max and sum; "
                                    "P̃ = e<sup>S − m̃</sup>."), AB_TEXT_DIM, OPT_NOTE);
  else
    text_line (ln, AB_TEXT_SMALL, _("Õ is not divided by ℓ until the row has seen every tile."), AB_TEXT_DIM,
               OPT_NOTE);
}

static void
state_finalize (const TilingResult *res, Lines *ln, int k)
{
  const View *v = &res->views[k];
  double m, l, m0, l0;
  const float *o, *o0;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *nums = NULL, *f_o = NULL;

  tiling_row_state (res, k, v->focus, &m, &l, &o);
  tiling_row_state (res, k - 1, v->focus, &m0, &l0, &o0);
  a = live (m);
  b = live (l);
  c = live (l > 0 ? m + log (l) : -INFINITY);
  nums = g_strdup_printf ("%s + \\log %s = %s", a, b, c);
  if (res->order == AB_FLASH_FA2)
    {
      g_autofree char *ls = live (l);
      text_line (ln, AB_TEXT_LABEL, _("Every K/V tile seen: divide once, then write O and the logsumexp"),
                 AB_TEXT_DIM, OPT_NEVER);
      f_o = g_strdup_printf ("O = \\tilde O / \\ell = \\tilde O / %s", ls);
      math_line (ln, f_o, 0, OPT_NEVER);
      vector_line (ln, res, "Õ, O", o0, o, 1);
    }
  else
    {
      text_line (ln, AB_TEXT_LABEL, _("O is already normalised (FA1 divides by ℓ at every tile); only the "
                                      "logsumexp is left to write"), AB_TEXT_DIM, OPT_NEVER);
      vector_line (ln, res, "O", NULL, o, 1);
    }
  math_pair (ln, "\\mathrm{lse} = m + \\log \\ell", nums);
  text_line (ln, AB_TEXT_SMALL, _("The backward pass recomputes P from Q, K and this one number per row."),
             AB_TEXT_DIM, OPT_NOTE);
}

static void
state_intro (const TilingResult *res, Lines *ln)
{
  text_line (ln, AB_TEXT_LABEL, _("Every row starts empty:"), AB_TEXT_DIM, OPT_NEVER);
  math_line (ln, "m = -\\infty, \\quad \\ell = 0, \\quad O = 0", 0, OPT_NEVER);
  text_line (ln, AB_TEXT_LABEL, _("and folds in each K/V tile as it streams past:"), AB_TEXT_DIM, OPT_NEVER);
  math_line (ln, "m_{new} = \\max(m_{old}, \\max_j s_{ij})", 0, OPT_NEVER);
  math_line (ln, "\\ell_{new} = e^{m_{old} - m_{new}}\\, \\ell_{old} + \\sum_j e^{s_{ij} - m_{new}}", 0, OPT_NEVER);
  math_line (ln, "O_{new} = e^{m_{old} - m_{new}}\\, O_{old} + \\sum_j e^{s_{ij} - m_{new}} v_j", 0, OPT_FORMULA);
  text_line (ln, AB_TEXT_LABEL, _("The factor e<sup>m<sub>old</sub> − m<sub>new</sub></sup> corrects what was "
                                  "summed against a smaller max, so nothing is approximated."), AB_TEXT_DIM, OPT_NOTE);
}

/* Each row's max |O_flash − O_exact| on a log axis from 10⁻¹⁰ to 1, against
 * fp32's machine epsilon 2⁻²³: drawn in what room the panel has left. */
static void
error_chart (const TilingResult *res, Lines *ln)
{
  const double lo = -10, hi = 0, eps = ldexp (1.0, -23);
  double tick_w, tick_h, label_h, axis_y;
  AbRect plot;
  double bw;

  if (ln->dry)
    return;
  ab_text_measure (ln->cr, AB_TEXT_VALUE_SMALL, "10⁻¹⁰", -1, &tick_w, &tick_h);
  ab_text_measure (ln->cr, AB_TEXT_SMALL, "row", -1, NULL, &label_h);
  plot = (AbRect) { ln->r.x + tick_w + 10, ln->y + tick_h / 2 + 4, ln->r.w - tick_w - 10,
                    ln->r.y + ln->r.h - ln->y - tick_h - label_h - 12 };
  if (plot.h < 3 * tick_h)
    return;
  axis_y = plot.y + plot.h;
  cairo_save (ln->cr);
  ab_set_rgb (ln->cr, AB_BG);
  cairo_rectangle (ln->cr, plot.x, plot.y, plot.w, plot.h);
  cairo_fill (ln->cr);
  for (int e = (int) lo; e <= (int) hi; e += 5)
    {
      g_autofree char *label = e == 0 ? g_strdup ("1") : g_strdup_printf ("10⁻%s", e == -5 ? "⁵" : "¹⁰");
      double y = axis_y - plot.h * (e - lo) / (hi - lo);
      ab_set_rgb (ln->cr, AB_BORDER);
      cairo_set_line_width (ln->cr, 1);
      cairo_move_to (ln->cr, plot.x, y);
      cairo_line_to (ln->cr, plot.x + plot.w, y);
      cairo_stroke (ln->cr);
      ab_text (ln->cr, AB_TEXT_VALUE_SMALL, label, plot.x - 8, y - tick_h / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  bw = plot.w / res->n;
  ab_set_rgb (ln->cr, AB_SRAM);
  for (int r = 0; r < res->n; r++)
    {
      double err = 0, f;
      for (int c = 0; c < res->d; c++)
        err = MAX (err, fabs ((double) res->o_flash[(size_t) r * res->d + c] - res->o_exact[(size_t) r * res->d + c]));
      f = err > 0 ? ab_clamp01 ((log10 (err) - lo) / (hi - lo)) : 0;
      cairo_rectangle (ln->cr, plot.x + r * bw + bw * 0.15, axis_y - MAX (f * plot.h, 1.5), bw * 0.7,
                       MAX (f * plot.h, 1.5));
    }
  cairo_fill (ln->cr);
  {
    double y = axis_y - plot.h * (log10 (eps) - lo) / (hi - lo), w;
    const char *label = _("fp32 epsilon, 2⁻²³");
    ab_set_rgb (ln->cr, AB_HEADS[0]);
    cairo_set_line_width (ln->cr, 1.5);
    cairo_set_dash (ln->cr, (double[]) { 6, 4 }, 2, 0);
    cairo_move_to (ln->cr, plot.x, y);
    cairo_line_to (ln->cr, plot.x + plot.w, y);
    cairo_stroke (ln->cr);
    ab_text_measure (ln->cr, AB_TEXT_SMALL, label, -1, &w, NULL);
    ab_text (ln->cr, AB_TEXT_SMALL, label, plot.x + plot.w - 6, y - label_h - 4, AB_HEADS[0], AB_ALIGN_RIGHT, -1);
  }
  cairo_restore (ln->cr);
  {
    g_autofree char *axis = g_strdup_printf (_("each row’s error, rows 1–%d: float rounding only"), res->n);
    ab_text (ln->cr, AB_TEXT_SMALL, axis, plot.x, axis_y + 6, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  }
  ln->y = axis_y + 6 + label_h;
}

static void
state_done (const TilingResult *res, Lines *ln)
{
  g_autofree char *err = tiling_format_error_tex (res->max_err);
  g_autofree char *tex = g_strdup_printf ("\\max |O_{flash} - O_{exact}| = %s", err);
  g_autofree char *s_bytes = ab_format_bytes (4.0 * res->n * res->n);
  g_autofree char *what = g_strdup_printf (_("O<sub>exact</sub> = softmax(QKᵀ/√d)V comes from the naive kernel "
                                             "on the same inputs, which stored all of S (%s). FlashAttention "
                                             "held one %d × %d tile of it at a time."),
                                           s_bytes, res->br, res->bc);

  text_line (ln, AB_TEXT_LABEL, _("All of O, checked against exact attention:"),
             AB_TEXT_DIM, OPT_NEVER);
  math_line (ln, tex, 0, OPT_NEVER);
  text_line (ln, AB_TEXT_LABEL, what, AB_TEXT_DIM, OPT_NEVER);
  error_chart (res, ln);
}

static void
state_standard (const TilingResult *res, Lines *ln, int k)
{
  const View *v = &res->views[k];
  const int pass = v->kind == VIEW_STD_TILE ? 1 : v->kind == VIEW_STD_SOFTMAX ? 2 : v->kind == VIEW_STD_OUTPUT ? 3 : 0;
  const double f = 4.0, nn = (double) res->n * res->n, nd = (double) res->n * res->d;
  const double bytes[3] = { f * (2 * nd + nn), f * 2 * nn, f * (nn + 2 * nd) };
  static const char *const names[3] = {
    N_("1 · S = QKᵀ/√d: read Q, K; write S"),
    N_("2 · P = softmax(S): read S; write P"),
    N_("3 · O = PV: read P, V; write O"),
  };
  g_autofree char *count = ab_format_count ((guint64) (4 * nn));
  g_auto (GStrv) groups = g_strsplit (count, ",", -1);
  g_autofree char *tex_count = g_strjoinv ("{,}", groups);   /* no TeX space after the comma */
  g_autofree char *floats = live_tex (tex_count);
  g_autofree char *n2 = g_strdup_printf ("4 N^2 = 4 \\cdot %d^2 = %s \\text{ floats}", res->n, floats);

  text_line (ln, AB_TEXT_LABEL, _("Three kernels, each a round trip through HBM:"), AB_TEXT_DIM, OPT_NEVER);
  for (int p = 0; p < 3; p++)
    {
      g_autofree char *b = ab_format_bytes (bytes[p]);
      g_autofree char *line = g_strdup_printf ("%s — <b>%s</b>", _(names[p]), b);
      text_line (ln, p + 1 == pass ? AB_TEXT_BODY_STRONG : AB_TEXT_BODY, line,
                 p + 1 == pass ? AB_TEXT : p + 1 < pass ? AB_TEXT_DIM : AB_MUTED, OPT_NEVER);
    }
  text_line (ln, AB_TEXT_LABEL, _("S and P alone cross the bus four times:"), AB_TEXT_DIM, OPT_NEVER);
  math_line (ln, n2, 0, OPT_NEVER);
  text_line (ln, AB_TEXT_LABEL, _("That term grows as N²; FlashAttention’s S and P never reach HBM."),
             AB_TEXT_DIM, OPT_NOTE);
  text_line (ln, AB_TEXT_LABEL, _("Why store S at all? Softmax needs each row’s max over all N keys before it "
                                  "can exponentiate anything. FlashAttention keeps that max running instead, "
                                  "and corrects the sums when it grows."), AB_TEXT_DIM, OPT_NOTE);
}

static void
state_lines (const TilingResult *res, Lines *ln, int k)
{
  const View *v = &res->views[k];

  if (res->standard)
    state_standard (res, ln, k);
  else if (v->kind == VIEW_TILE)
    state_tile (res, ln, k);
  else if (v->kind == VIEW_FINALIZE)
    state_finalize (res, ln, k);
  else if (v->kind == VIEW_DONE)
    state_done (res, ln);
  else
    state_intro (res, ln);
}

void
tiling_draw_state (const TilingResult *res, cairo_t *cr, AbRect r, int k)
{
  const View *v = &res->views[k];
  double pad = ab_style_size (cr, AB_TEXT_LABEL), head_h;
  g_autofree char *title = NULL;
  Lines ln;

  if (res->standard)
    title = g_strdup (_("Standard attention (Algorithm 0)"));
  else if (v->focus >= 0)
    title = g_strdup_printf (_("Row %d: the online softmax"), v->focus + 1);
  else if (v->kind == VIEW_DONE)
    title = g_strdup (_("Exact, not approximate"));
  else
    title = g_strdup (_("The online softmax, per row"));
  ab_draw_panel (cr, r, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, r.w - 40, NULL, &head_h);
  ln = (Lines) { cr, { r.x + 20, r.y + 14 + head_h + pad * 0.6, r.w - 40, r.h - head_h - 14 - pad * 1.4 } };

  /* Measure first: when everything does not fit, leave the optional lines out. */
  ln.dry = TRUE;
  for (ln.lean = 0; ln.lean < 2; ln.lean++)
    {
      ln.y = ln.r.y;
      state_lines (res, &ln, k);
      if (ln.y <= ln.r.y + ln.r.h)
        break;
    }
  ln.y = ln.r.y;
  ln.dry = FALSE;
  state_lines (res, &ln, k);
}

/* The traffic panel ------------------------------------------------------------------- */

/* A counter bar: a label and a value over a bar filled to @now of @full,
 * with the whole run (@total) drawn faint behind it. Returns its height. */
static double
counter_bar (cairo_t *cr, AbRect r, const char *label, double now, double total, double full, AbRgb color,
             gboolean running, gboolean draw)
{
  g_autofree char *now_s = ab_format_bytes (now);
  g_autofree char *total_s = ab_format_bytes (total);
  g_autofree char *value = running ? g_strdup_printf (_("%s of %s"), now_s, total_s)
                                   : g_strdup_printf (_("%s, whole run"), total_s);
  double label_h, value_w, bar_h = ab_style_size (cr, AB_TEXT_LABEL) * 0.75;
  AbRect bar;

  ab_text_measure (cr, AB_TEXT_VALUE, value, -1, &value_w, NULL);
  ab_text_measure (cr, AB_TEXT_LABEL, label, MAX (r.w - value_w - 16, 40), NULL, &label_h);
  if (!draw)
    return label_h + 4 + bar_h;
  ab_text (cr, AB_TEXT_LABEL, label, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, MAX (r.w - value_w - 16, 40));
  ab_text (cr, AB_TEXT_VALUE, value, r.x + r.w, r.y + 2, AB_TEXT, AB_ALIGN_RIGHT, -1);

  bar = (AbRect) { r.x, r.y + label_h + 4, r.w, bar_h };
  cairo_save (cr);
  ab_rounded_rect (cr, bar, bar_h / 2);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  if (full > 0)
    {
      double ft = ab_clamp01 (total / full), fn = ab_clamp01 (now / full);
      ab_rounded_rect (cr, (AbRect) { bar.x + 2, bar.y + 2, (bar.w - 4) * ft, bar.h - 4 }, bar_h / 2 - 2);
      ab_set_rgba (cr, color, 0.25);
      cairo_fill (cr);
      if (fn > 0)
        {
          ab_rounded_rect (cr, (AbRect) { bar.x + 2, bar.y + 2, MAX ((bar.w - 4) * fn, 2), bar.h - 4 },
                           bar_h / 2 - 2);
          ab_set_rgb (cr, color);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
  return label_h + 4 + bar_h;
}

typedef struct
{
  char *flash_label, *std_label, *sram, *big, *check, *check_tex;
  double flash_now, std_now, flash_total, std_total;
} Traffic;

static void
traffic_clear (Traffic *tr)
{
  g_free (tr->flash_label);
  g_free (tr->std_label);
  g_free (tr->sram);
  g_free (tr->big);
  g_free (tr->check);
  g_free (tr->check_tex);
}

/* @widest: the texts as wide as any view makes them (for measuring). */
static void
traffic_text (const TilingResult *res, int ka, int kb, double t, gboolean widest, Traffic *tr)
{
  const View *a = &res->views[ka], *b = &res->views[kb], *v = t < 0.5 ? a : b;
  const char *order = res->order == AB_FLASH_FA1 ? "FA1" : "FA2";
  g_autofree char *s_hbm = ab_format_bytes (4.0 * res->n * res->n);
  g_autofree char *big_std = ab_format_bytes ((double) res->big_std);
  g_autofree char *big_flash = ab_format_bytes ((double) res->big_flash);
  double fa = (double) (a->flash_rd + a->flash_wr), fb = (double) (b->flash_rd + b->flash_wr);
  double sa = (double) (a->std_rd + a->std_wr), sb = (double) (b->std_rd + b->std_wr);

  memset (tr, 0, sizeof *tr);
  tr->flash_total = (double) (res->flash_rd + res->flash_wr);
  tr->std_total = (double) (res->std_rd + res->std_wr);
  tr->flash_now = res->standard ? tr->flash_total : fa + (fb - fa) * t;
  tr->std_now = res->standard ? sa + (sb - sa) * t : tr->std_total;
  tr->flash_label = g_strdup_printf (_("FlashAttention (%s)"), order);
  tr->std_label = g_strdup (_("Standard attention"));
  if (res->standard)
    {
      g_autofree char *peak = ab_format_bytes ((double) res->flash_sram_peak);
      tr->sram = g_strdup_printf (_("S, then P, in HBM: %s each · FlashAttention’s SRAM peak: %s"), s_hbm, peak);
    }
  else
    {
      g_autofree char *now = ab_format_bytes ((double) (widest ? res->flash_sram_peak : v->sram));
      tr->sram = g_strdup_printf (_("In SRAM now: <b>%s</b> of tiles · standard keeps S in HBM: %s"), now, s_hbm);
    }
  if (tr->flash_total >= tr->std_total)
    tr->big = g_strdup_printf (_("Tiles this small re-read K, V (and FA1’s O) more often than S costs. At N = %d, "
                                 "d = %d, %d-row tiles: standard %s, %s %s per head."),
                               BIG_N, BIG_D, BIG_BLOCK, big_std, order, big_flash);
  else
    tr->big = g_strdup_printf (_("Same IO model at N = %d, d = %d, %d-row tiles: standard %s, %s %s per head."),
                               BIG_N, BIG_D, BIG_BLOCK, big_std, order, big_flash);
  if (res->standard)
    return;
  if (v->rows_done == 0)
    tr->check = g_strdup_printf (_("Rows finished: 0 of %d; each is checked against the naive kernel when done"),
                                 res->n);
  else
    {
      g_autofree char *e = tiling_format_error_tex (v->err_done);
      tr->check = g_strdup_printf (_("%d of %d rows done"), v->rows_done, res->n);
      tr->check_tex = g_strdup_printf ("\\max |O_{flash} - O_{exact}| = %s", e);
    }
}

/* Draws (or measures) the panel; returns its height. @lean leaves out the
 * line about the realistic size. */
static double
traffic_lines (const TilingResult *res, cairo_t *cr, AbRect r, const Traffic *tr, gboolean lean, gboolean draw)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), full = MAX (tr->flash_total, tr->std_total);
  const char *title = _("HBM traffic, fp32 bytes");
  double head_h, y, w = r.w - 40, x = r.x + 20, h;

  ab_text_measure (cr, AB_TEXT_HEADING, title, w, NULL, &head_h);
  if (draw)
    ab_draw_panel (cr, r, title);
  y = r.y + 14 + head_h + pad * 0.5;
  y += counter_bar (cr, (AbRect) { x, y, w, 0 }, tr->flash_label, tr->flash_now, tr->flash_total, full,
                    AB_SRAM, !res->standard, draw) + pad * 0.5;
  y += counter_bar (cr, (AbRect) { x, y, w, 0 }, tr->std_label, tr->std_now, tr->std_total, full, AB_HBM,
                    res->standard, draw) + pad * 0.6;
  ab_text_measure (cr, AB_TEXT_LABEL, tr->sram, w, NULL, &h);
  if (draw)
    ab_text (cr, AB_TEXT_LABEL, tr->sram, x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
  y += h + 4;
  if (!lean)
    {
      ab_text_measure (cr, AB_TEXT_SMALL, tr->big, w, NULL, &h);
      if (draw)
        ab_text (cr, AB_TEXT_SMALL, tr->big, x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
      y += h + 4;
    }
  if (!res->standard)
    {
      /* The check: the formula with the row count beside it, or the wait. */
      const char *sample = "\\max |O_{flash} - O_{exact}| = 1.0 \\times 10^{-7}";
      double mw, ma, md, cw, ch;
      ab_math_measure (cr, AB_TEXT_MATH_SMALL, tr->check_tex ? tr->check_tex : sample, &mw, &ma, &md);
      y += 4;
      if (tr->check_tex)
        {
          ab_text_measure (cr, AB_TEXT_LABEL, tr->check, -1, &cw, &ch);
          if (draw)
            {
              ab_math (cr, AB_TEXT_MATH_SMALL, tr->check_tex, x, y + ma, AB_SRAM);
              if (mw + 16 + cw <= w)
                ab_text (cr, AB_TEXT_LABEL, tr->check, x + w, y + ma - ch * 0.8, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
            }
          y += ma + md;
        }
      else
        {
          ab_text_measure (cr, AB_TEXT_LABEL, tr->check, w, NULL, &ch);
          if (draw)
            ab_text (cr, AB_TEXT_LABEL, tr->check, x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
          /* As tall as the formula will be, so the panel keeps its size. */
          y += MAX (ch, ma + md);
        }
    }
  return y + pad * 0.9 - r.y;
}

double
tiling_traffic_height (const TilingResult *res, cairo_t *cr, double width, gboolean lean)
{
  double h = 0;

  /* The tallest of a few views, so the panel does not move while playing. */
  for (int x = 0; x <= 4; x++)
    {
      int k = x * (res->n_views - 1) / 4;
      Traffic tr;
      traffic_text (res, k, k, 1, TRUE, &tr);
      h = MAX (h, traffic_lines (res, cr, (AbRect) { 0, 0, width, 0 }, &tr, lean, FALSE));
      traffic_clear (&tr);
    }
  return h;
}

void
tiling_draw_traffic (const TilingResult *res, cairo_t *cr, AbRect r, int ka, int kb, double t, gboolean lean)
{
  Traffic tr;

  traffic_text (res, ka, kb, t, FALSE, &tr);
  traffic_lines (res, cr, r, &tr, lean, TRUE);
  traffic_clear (&tr);
}

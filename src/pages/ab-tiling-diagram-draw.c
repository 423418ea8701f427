/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tiling-diagram-draw.c — drawing of "flash-attention-tiling"
 *
 * The grid stage: Q on the left, Kᵀ and Vᵀ on top (their columns are the
 * keys, so a K/V tile is a band of columns), the score grid S between, and
 * on the right each row's running max m, sum ℓ and output O. The tiles in
 * SRAM at the current step wear a green outline that glides from tile to
 * tile; arrays moved to or from HBM at this step get a red one. The side
 * panels (ab-tiling-diagram-panels.c) stack beside it. Every number comes
 * from the TilingResult that update() stored.
 */
#define G_LOG_DOMAIN "ab-tiling-diagram"

#include "ab-tiling-diagram-private.h"
#include "ab-components.h"
#include "ab-draw.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

enum { STAGE_GRID, STAGE_SIDE };

/* Geometry of the grid stage ---------------------------------------------------- */

typedef struct
{
  double   c;          /* cell side */
  double   sw;         /* width of the m and ℓ columns */
  gboolean values;     /* m and ℓ cells are big enough for numbers */
  AbRect   q, kt, vt, s, m, l, o;
  double   label_y;    /* top of the names under the matrices */
} Geo;

static double
geo_cell (const TilingResult *res, AbRect r, double gutter_l, double gutter_t, double bottom,
          double sw_cells, double sw_fixed)
{
  double cols = res->d + 0.8 + res->n + 0.8 + 0.3 + res->d + sw_cells;
  double rows = 2 * res->d + 0.4 + 0.8 + res->n;
  double cw = (r.w - gutter_l - 2 * sw_fixed) / cols;
  double ch = (r.h - gutter_t - bottom) / rows;

  return MIN (MIN (cw, ch), 46);
}

static void
compute_geo (const TilingResult *res, cairo_t *cr, AbRect r, Geo *g)
{
  double label_w, label_h, value_w, value_h, small_h, gutter_l, gutter_t, bottom, x, y, w, h;

  ab_text_measure (cr, AB_TEXT_LABEL, "K<sub>8</sub>ᵀ", -1, &label_w, &label_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "−0.000", -1, &value_w, &value_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "S", -1, NULL, &small_h);
  gutter_l = label_w + 14;
  gutter_t = label_h + 6;
  bottom = label_h + 2 * small_h + 14;

  /* Numbers in the m and ℓ cells when the rows are tall enough for them. */
  g->c = geo_cell (res, r, gutter_l, gutter_t, bottom, 0, value_w + 10);
  g->values = g->c >= value_h + 3;
  if (g->values)
    g->sw = value_w + 10;
  else
    {
      /* Marks instead of numbers, in columns two cells wide. */
      g->c = geo_cell (res, r, gutter_l, gutter_t, bottom, 4, 0);
      g->sw = 2 * g->c;
    }

  w = gutter_l + g->c * (res->d + 0.8 + res->n + 0.8 + 0.3 + res->d) + 2 * g->sw;
  h = gutter_t + g->c * (2 * res->d + 0.4 + 0.8 + res->n) + bottom;
  x = r.x + (r.w - w) / 2 + gutter_l;
  y = r.y + MAX (0, (r.h - h) / 2) + gutter_t;

  g->kt = (AbRect) { x + g->c * (res->d + 0.8), y, g->c * res->n, g->c * res->d };
  g->vt = (AbRect) { g->kt.x, g->kt.y + g->kt.h + 0.4 * g->c, g->kt.w, g->kt.h };
  g->s = (AbRect) { g->kt.x, g->vt.y + g->vt.h + 0.8 * g->c, g->kt.w, g->c * res->n };
  g->q = (AbRect) { x, g->s.y, g->c * res->d, g->s.h };
  g->m = (AbRect) { g->s.x + g->s.w + 0.8 * g->c, g->s.y, g->sw, g->s.h };
  g->l = (AbRect) { g->m.x + g->sw, g->s.y, g->sw, g->s.h };
  g->o = (AbRect) { g->l.x + g->sw + 0.3 * g->c, g->s.y, g->c * res->d, g->s.h };
  g->label_y = g->s.y + g->s.h + 6;
}

/* What is on chip in a view, and how it tweens ---------------------------------- */

typedef struct
{
  double q0, qn, q_alpha;     /* Q rows [q0, q0 + qn) */
  double k0, kn, k_alpha;     /* K (and V) columns [k0, k0 + kn) */
  double v_alpha;             /* V's columns are on chip too */
  double o_alpha;             /* the rows' m, ℓ, O are on chip too */
} Sram;

static Sram
view_sram (const View *v)
{
  Sram s = { 0 };

  if (v->kind == VIEW_STD_SOFTMAX || v->kind == VIEW_STD_OUTPUT)
    return s;
  if (v->q_tile >= 0)
    {
      s.q0 = v->q_row0;
      s.qn = v->q_rows;
      s.q_alpha = 1;
      /* Pass 1 of standard attention holds only Q_i, K_j and the block of S. */
      s.o_alpha = v->kind == VIEW_STD_TILE ? 0 : 1;
    }
  if (v->kv_tile >= 0)
    {
      s.k0 = v->kv_row0;
      s.kn = v->kv_rows;
      s.k_alpha = 1;
      s.v_alpha = v->kind == VIEW_STD_TILE ? 0 : 1;
    }
  return s;
}

/* A band that appears or vanishes stays where it is and fades. */
static void
tween_band (double a0, double an, double aa, double b0, double bn, double ba, double t,
            double *x0, double *xn, double *alpha)
{
  if (aa > 0 && ba > 0)
    {
      *x0 = a0 + (b0 - a0) * t;
      *xn = an + (bn - an) * t;
      *alpha = 1;
    }
  else if (ba > 0)
    {
      *x0 = b0;
      *xn = bn;
      *alpha = t;
    }
  else
    {
      *x0 = a0;
      *xn = an;
      *alpha = aa * (1 - t);
    }
}

static Sram
tween_sram (const View *a, const View *b, double t)
{
  Sram sa = view_sram (a), sb = view_sram (b), s;

  tween_band (sa.q0, sa.qn, sa.q_alpha, sb.q0, sb.qn, sb.q_alpha, t, &s.q0, &s.qn, &s.q_alpha);
  tween_band (sa.k0, sa.kn, sa.k_alpha, sb.k0, sb.kn, sb.k_alpha, t, &s.k0, &s.kn, &s.k_alpha);
  s.v_alpha = MIN (s.k_alpha, sa.v_alpha + (sb.v_alpha - sa.v_alpha) * t);
  s.o_alpha = MIN (s.q_alpha, sa.o_alpha + (sb.o_alpha - sa.o_alpha) * t);
  return s;
}

/* Cells --------------------------------------------------------------------------- */

/* Entries of Q, K, V and O take the diverging map, softened so the red and
 * green memory outlines stay the loudest marks, and dimmed off chip. */
static AbRgb
soften (AbRgb mapped, double emphasis)
{
  return ab_rgb_mix (AB_BG, ab_rgb_mix (AB_PANEL, mapped, 0.8), 0.35 + 0.65 * emphasis);
}

static void
fill_cell (cairo_t *cr, double x, double y, double w, double h, AbRgb color, double inset)
{
  ab_set_rgb (cr, color);
  cairo_rectangle (cr, x + inset / 2, y + inset / 2, w - inset, h - inset);
  cairo_fill (cr);
}

static double
inset_of (const Geo *g)
{
  return g->c > 12 ? 1.5 : 0.5;
}

/* Is row r among the rows on chip (with the band's emphasis)? */
static double
band_emphasis (double x0, double xn, double alpha, int r)
{
  if (alpha <= 0)
    return 1;
  return (r + 0.5 >= x0 && r + 0.5 < x0 + xn) ? 1 : 1 - 0.55 * alpha;
}

static void
draw_inputs (const TilingResult *res, cairo_t *cr, const Geo *g, const Sram *sram)
{
  double in = inset_of (g);

  cairo_save (cr);
  for (int i = 0; i < res->n; i++)
    {
      double e = band_emphasis (sram->q0, sram->qn, sram->q_alpha, i);
      for (int c = 0; c < res->d; c++)
        fill_cell (cr, g->q.x + c * g->c, g->q.y + i * g->c, g->c, g->c,
                   soften (ab_color_diverging (res->q[(size_t) i * res->d + c], 2.0), e), in);
    }
  for (int j = 0; j < res->n; j++)
    {
      double ek = band_emphasis (sram->k0, sram->kn, sram->k_alpha, j);
      double ev = band_emphasis (sram->k0, sram->kn, sram->v_alpha, j);
      for (int c = 0; c < res->d; c++)
        {
          fill_cell (cr, g->kt.x + j * g->c, g->kt.y + c * g->c, g->c, g->c,
                     soften (ab_color_diverging (res->k[(size_t) j * res->d + c], 2.0), ek), in);
          fill_cell (cr, g->vt.x + j * g->c, g->vt.y + c * g->c, g->c, g->c,
                     soften (ab_color_diverging (res->v[(size_t) j * res->d + c], 2.0), ev), in);
        }
    }
  cairo_restore (cr);
}

/* Which tiles have been computed by view k (flash: run and discarded;
 * standard: written to HBM). */
static void
visited_tiles (const TilingResult *res, int k, gboolean *visited)
{
  memset (visited, 0, sizeof (gboolean) * res->tr * res->tc);
  for (int x = 0; x <= k && x < res->n_views; x++)
    {
      const View *v = &res->views[x];
      if (v->kind == VIEW_TILE || v->kind == VIEW_STD_TILE)
        visited[v->q_tile * res->tc + v->kv_tile] = TRUE;
      else if (v->kind == VIEW_STD_SOFTMAX || v->kind == VIEW_STD_OUTPUT)
        for (int t = 0; t < res->tr * res->tc; t++)
          visited[t] = TRUE;
    }
}

/* What the colour of a score cell depends on in one view. */
typedef struct
{
  const View *v;
  gboolean   *visited;   /* tr × tc */
  double     *m;         /* flash: each row's running max in this view */
} ScoreView;

static void
score_view_init (const TilingResult *res, int k, ScoreView *sv)
{
  sv->v = &res->views[k];
  sv->visited = g_new (gboolean, res->tr * res->tc);
  sv->m = g_new (double, res->n);
  visited_tiles (res, k, sv->visited);
  for (int i = 0; i < res->n; i++)
    {
      double l;
      const float *o;
      tiling_row_state (res, k, i, &sv->m[i], &l, &o);
    }
}

static void
score_view_clear (ScoreView *sv)
{
  g_free (sv->visited);
  g_free (sv->m);
}

/* The colour of score cell (i, j) in a view. */
static AbRgb
score_color (const TilingResult *res, const ScoreView *sv, int i, int j)
{
  const View *v = sv->v;
  double s = res->s[(size_t) i * res->n + j];
  int ti = i / res->br, tj = j / res->bc;
  gboolean current = v->q_tile == ti && v->kv_tile == tj;

  if (s == -INFINITY)
    return AB_BG;
  if (res->standard)
    {
      /* P on a square-root ramp: a row of 16 weights averages 1/16. */
      if (v->kind == VIEW_STD_SOFTMAX || v->kind == VIEW_STD_OUTPUT)
        return ab_color_sequential (sqrt (exp (s - res->m_exact[i]) / res->l_exact[i]));
      if (sv->visited[ti * res->tc + tj])
        return ab_rgb_mix (AB_PANEL, ab_color_diverging (s, 3.0), current ? 1.0 : 0.75);
      return AB_PANEL;
    }
  if (current && v->kind == VIEW_TILE)
    return ab_color_sequential (sv->m[i] > -INFINITY ? exp (s - sv->m[i]) : 0);
  if (sv->visited[ti * res->tc + tj])
    return ab_rgb_mix (AB_PANEL, AB_MUTED, 0.22);
  return AB_PANEL;
}

static void
draw_scores (const TilingResult *res, cairo_t *cr, const Geo *g, int ka, int kb, double t)
{
  ScoreView va, vb;
  double in = inset_of (g);
  gboolean any_masked = FALSE, mix = ka != kb && t > 0 && t < 1;

  score_view_init (res, t < 1 ? ka : kb, &va);
  if (mix)
    score_view_init (res, kb, &vb);
  cairo_save (cr);
  for (int i = 0; i < res->n; i++)
    for (int j = 0; j < res->n; j++)
      {
        AbRgb c = score_color (res, &va, i, j);
        if (mix)
          c = ab_rgb_mix (c, score_color (res, &vb, i, j), t);
        fill_cell (cr, g->s.x + j * g->c, g->s.y + i * g->c, g->c, g->c, c, in);
        any_masked |= res->s[(size_t) i * res->n + j] == -INFINITY;
      }
  score_view_clear (&va);
  if (mix)
    score_view_clear (&vb);
  /* One hatch over every masked cell. */
  if (any_masked)
    {
      cairo_save (cr);
      for (int i = 0; i < res->n; i++)
        for (int j = 0; j < res->n; j++)
          if (res->s[(size_t) i * res->n + j] == -INFINITY)
            cairo_rectangle (cr, g->s.x + j * g->c, g->s.y + i * g->c, g->c, g->c);
      cairo_clip (cr);
      ab_draw_hatch (cr, g->s);
      cairo_restore (cr);
    }

  /* Tile boundaries, through S and along the arrays that share them. */
  ab_set_rgba (cr, AB_TEXT_DIM, 0.45);
  cairo_set_line_width (cr, 1.2);
  for (int i = 1; i < res->tr; i++)
    {
      double y = g->s.y + i * res->br * g->c;
      cairo_move_to (cr, g->q.x, y);
      cairo_line_to (cr, g->q.x + g->q.w, y);
      cairo_move_to (cr, g->s.x, y);
      cairo_line_to (cr, g->o.x + g->o.w, y);
    }
  for (int j = 1; j < res->tc; j++)
    {
      double x = g->s.x + j * res->bc * g->c;
      cairo_move_to (cr, x, g->kt.y);
      cairo_line_to (cr, x, g->kt.y + g->kt.h);
      cairo_move_to (cr, x, g->vt.y);
      cairo_line_to (cr, x, g->s.y + g->s.h);
    }
  cairo_stroke (cr);

  /* Partial tiles: masked inside, so the kernel masks them entry by entry. */
  if (res->causal)
    {
      ab_set_rgb (cr, AB_HEADS[0]);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
      for (int i = 0; i < res->tr; i++)
        for (int j = 0; j < res->tc; j++)
          {
            int r0 = i * res->br, r1 = MIN (r0 + res->br, res->n);
            int c0 = j * res->bc, c1 = MIN (c0 + res->bc, res->n);
            if (c1 - 1 > r0 && c0 <= r1 - 1)
              cairo_rectangle (cr, g->s.x + c0 * g->c + 2, g->s.y + r0 * g->c + 2,
                               (c1 - c0) * g->c - 4, (r1 - r0) * g->c - 4);
          }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* m, ℓ and O of row r as view k shows them; FALSE when the row holds nothing
 * worth showing yet. *dim: held but not on chip now (FA2's finished rows). */
static gboolean
row_shown (const TilingResult *res, int k, int r, double *m, double *l, const float **o, gboolean *dim)
{
  const View *v = &res->views[k];
  gboolean on_chip = v->q_tile >= 0 && r >= v->q_row0 && r < v->q_row0 + v->q_rows;

  *dim = FALSE;
  *o = NULL;
  if (res->standard)
    {
      if (v->kind != VIEW_STD_SOFTMAX && v->kind != VIEW_STD_OUTPUT)
        return FALSE;
      *m = res->m_exact[r];
      *l = res->l_exact[r];
      if (v->kind == VIEW_STD_OUTPUT)
        *o = res->o_exact + (size_t) r * res->d;
      return TRUE;
    }
  tiling_row_state (res, k, r, m, l, o);
  if (v->kind == VIEW_INTRO)
    return TRUE;
  if (res->order == AB_FLASH_FA1)
    return TRUE;
  /* FA2 holds m, ℓ, Õ of the Q tile on chip; finished rows keep O in HBM. */
  if (on_chip || v->kind == VIEW_DONE)
    return TRUE;
  *dim = TRUE;
  return res->done_at[r] <= k;
}

/* Without room for numbers, m is a tick on the range of the final row
 * maxima and ℓ a bar on [0, largest final ℓ]. */
static void
draw_state_marks (cairo_t *cr, const Geo *g, double y, double m, double l, double m_lo, double m_hi,
                  double l_hi, AbRgb ink)
{
  double w = g->sw - 4, h = MAX (g->c * 0.45, 2);

  ab_set_rgb (cr, ink);
  if (m > -INFINITY)
    {
      double f = m_hi > m_lo ? ab_clamp01 ((m - m_lo) / (m_hi - m_lo)) : 0.5;
      cairo_rectangle (cr, g->m.x + 2 + f * (w - 2), y + (g->c - h) / 2, 2, h);
      cairo_fill (cr);
    }
  if (l > 0)
    {
      cairo_rectangle (cr, g->l.x + 2, y + (g->c - h) / 2, MAX (w * ab_clamp01 (l / l_hi), 1), h);
      cairo_fill (cr);
    }
}

static void
draw_state_columns (const TilingResult *res, cairo_t *cr, const Geo *g, int ka, int kb, double t)
{
  int k = t < 0.5 ? ka : kb;
  double in = inset_of (g), value_h, m_lo = INFINITY, m_hi = -INFINITY, l_hi = 1;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &value_h);
  for (int r = 0; r < res->n && !g->values; r++)
    {
      m_lo = MIN (m_lo, res->m_exact[r]);
      m_hi = MAX (m_hi, res->m_exact[r]);
      l_hi = MAX (l_hi, res->l_exact[r]);
    }
  for (int r = 0; r < res->n; r++)
    {
      double m, l, y = g->m.y + r * g->c;
      const float *o;
      gboolean dim;
      gboolean shown = row_shown (res, k, r, &m, &l, &o, &dim);
      AbRgb ink = dim ? AB_MUTED : AB_TEXT;

      fill_cell (cr, g->m.x, y, g->sw, g->c, AB_PANEL, in);
      fill_cell (cr, g->l.x, y, g->sw, g->c, AB_PANEL, in);
      for (int c = 0; c < res->d; c++)
        {
          AbRgb color = AB_PANEL;
          if (shown && o)
            {
              /* FA2's accumulator is unnormalised: coloured as Õ/ℓ, the estimate it holds. */
              double x = o[c];
              if (!res->standard && res->order == AB_FLASH_FA2 && res->done_at[r] > k && l > 0)
                x /= l;
              color = soften (ab_color_diverging (x, res->o_scale), dim ? 0.55 : 1.0);
            }
          fill_cell (cr, g->o.x + c * g->c, y, g->c, g->c, color, in);
        }
      if (!shown)
        continue;
      if (g->values)
        {
          g_autofree char *ms = ab_format_number (m);
          g_autofree char *ls = l == 0 ? g_strdup ("0") : ab_format_number (l);
          double ty = y + (g->c - value_h) / 2;
          ab_text (cr, AB_TEXT_VALUE_SMALL, ms, g->m.x + g->sw / 2, ty, ink, AB_ALIGN_CENTER, -1);
          ab_text (cr, AB_TEXT_VALUE_SMALL, ls, g->l.x + g->sw / 2, ty, ink, AB_ALIGN_CENTER, -1);
        }
      else
        draw_state_marks (cr, g, y, m, l, m_lo, m_hi, l_hi, ink);
    }
}

/* Outlines ------------------------------------------------------------------------ */

static void
stroke_rect (cairo_t *cr, AbRect r, AbRgb color, double alpha, double width, double pad)
{
  if (alpha <= 0.01 || r.w <= 0 || r.h <= 0)
    return;
  ab_set_rgba (cr, color, alpha);
  cairo_set_line_width (cr, width);
  ab_rounded_rect (cr, (AbRect) { r.x - pad, r.y - pad, r.w + 2 * pad, r.h + 2 * pad }, 4);
  cairo_stroke (cr);
}

static void
fill_rect (cairo_t *cr, AbRect r, AbRgb color, double alpha)
{
  if (alpha <= 0.01 || r.w <= 0 || r.h <= 0)
    return;
  ab_set_rgba (cr, color, alpha);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_fill (cr);
}

/* Thin frames: every array lives in HBM; FA1 keeps m and ℓ there too. */
static void
draw_hbm_frames (const TilingResult *res, cairo_t *cr, const Geo *g, int k)
{
  const View *v = &res->views[k];
  AbRect state = { g->m.x, g->m.y, g->l.x + g->l.w - g->m.x, g->m.h };

  cairo_save (cr);
  stroke_rect (cr, g->q, AB_HBM, 0.55, 1.5, 3);
  stroke_rect (cr, g->kt, AB_HBM, 0.55, 1.5, 3);
  stroke_rect (cr, g->vt, AB_HBM, 0.55, 1.5, 3);
  stroke_rect (cr, g->o, AB_HBM, 0.55, 1.5, 3);
  if (!res->standard && res->order == AB_FLASH_FA1)
    stroke_rect (cr, state, AB_HBM, 0.55, 1.5, 3);
  if (res->standard && v->kind != VIEW_INTRO)
    stroke_rect (cr, g->s, AB_HBM, 0.55, 1.5, 3);
  cairo_restore (cr);
}

static AbRect
rows_of (AbRect r, const Geo *g, double r0, double rn)
{
  return (AbRect) { r.x, r.y + r0 * g->c, r.w, rn * g->c };
}

static AbRect
cols_of (AbRect r, const Geo *g, double c0, double cn)
{
  return (AbRect) { r.x + c0 * g->c, r.y, cn * g->c, r.h };
}

/* What view k moves between HBM and the chip, outlined in red. */
static void
draw_transfers (const TilingResult *res, cairo_t *cr, const Geo *g, int k, double alpha)
{
  const View *v = &res->views[k];
  const View *prev = k > 0 ? &res->views[k - 1] : NULL;
  AbRect state = { g->m.x, g->m.y, g->o.x + g->o.w - g->m.x, g->m.h };
  AbRect qr = rows_of (g->q, g, v->q_row0, v->q_rows);
  AbRect kr = cols_of (g->kt, g, v->kv_row0, v->kv_rows);
  AbRect vr = cols_of (g->vt, g, v->kv_row0, v->kv_rows);
  AbRect sr = rows_of (state, g, v->q_row0, v->q_rows);
  AbRect or = rows_of (g->o, g, v->q_row0, v->q_rows);
  const double w = 3, pad = 6;

  cairo_save (cr);
  cairo_set_dash (cr, (double[]) { 7, 4 }, 2, 0);
  switch (v->kind)
    {
    case VIEW_TILE:
      if (res->order == AB_FLASH_FA2)
        {
          if (v->first_visit)
            stroke_rect (cr, qr, AB_HBM, alpha, w, pad);
          stroke_rect (cr, kr, AB_HBM, alpha, w, pad);
          stroke_rect (cr, vr, AB_HBM, alpha, w, pad);
        }
      else
        {
          if (!prev || prev->kv_tile != v->kv_tile)
            {
              stroke_rect (cr, kr, AB_HBM, alpha, w, pad);
              stroke_rect (cr, vr, AB_HBM, alpha, w, pad);
            }
          stroke_rect (cr, qr, AB_HBM, alpha, w, pad);
          stroke_rect (cr, sr, AB_HBM, alpha, w, pad);
        }
      break;
    case VIEW_FINALIZE:
      stroke_rect (cr, res->order == AB_FLASH_FA2 ? or : rows_of ((AbRect) { g->m.x, g->m.y, 2 * g->sw, g->m.h }, g,
                                                                  v->q_row0, v->q_rows),
                   AB_HBM, alpha, w, pad);
      break;
    case VIEW_STD_TILE:
      if (v->kv_tile == 0)
        stroke_rect (cr, qr, AB_HBM, alpha, w, pad);
      if (v->q_tile == 0)
        stroke_rect (cr, kr, AB_HBM, alpha, w, pad);
      stroke_rect (cr, (AbRect) { g->s.x + v->kv_row0 * g->c, g->s.y + v->q_row0 * g->c,
                                  v->kv_rows * g->c, v->q_rows * g->c }, AB_HBM, alpha, w, pad);
      break;
    case VIEW_STD_SOFTMAX:
      stroke_rect (cr, g->s, AB_HBM, alpha, w, pad);
      break;
    case VIEW_STD_OUTPUT:
      stroke_rect (cr, g->s, AB_HBM, alpha, w, pad);
      stroke_rect (cr, g->vt, AB_HBM, alpha, w, pad);
      stroke_rect (cr, g->o, AB_HBM, alpha, w, pad);
      break;
    case VIEW_INTRO:
    case VIEW_DONE:
    default:
      break;
    }
  cairo_restore (cr);
}

/* The green "in SRAM" outline, at its tweened place. */
static void
draw_sram (const TilingResult *res, cairo_t *cr, const Geo *g, const Sram *s)
{
  AbRect state = { g->m.x, g->m.y, g->o.x + g->o.w - g->m.x, g->m.h };
  AbRect tile = { g->s.x + s->k0 * g->c, g->s.y + s->q0 * g->c, s->kn * g->c, s->qn * g->c };
  const double w = 3, pad = 2;

  cairo_save (cr);
  fill_rect (cr, rows_of (g->q, g, s->q0, s->qn), AB_SRAM, 0.10 * s->q_alpha);
  fill_rect (cr, rows_of (state, g, s->q0, s->qn), AB_SRAM, 0.10 * s->o_alpha);
  stroke_rect (cr, rows_of (g->q, g, s->q0, s->qn), AB_SRAM, s->q_alpha, w, pad);
  stroke_rect (cr, rows_of (state, g, s->q0, s->qn), AB_SRAM, s->o_alpha, w, pad);
  stroke_rect (cr, cols_of (g->kt, g, s->k0, s->kn), AB_SRAM, s->k_alpha, w, pad);
  stroke_rect (cr, cols_of (g->vt, g, s->k0, s->kn), AB_SRAM, s->v_alpha, w, pad);
  stroke_rect (cr, tile, AB_SRAM, MIN (s->q_alpha, s->k_alpha), w, pad);
  cairo_restore (cr);
}

/* The followed row, across the tile in SRAM (where the green outline is). */
static void
draw_focus (const TilingResult *res, cairo_t *cr, const Geo *g, const View *v, const Sram *s, double alpha)
{
  AbRect state = { g->m.x, g->m.y, g->o.x + g->o.w - g->m.x, g->m.h };

  if (v->focus < 0 || alpha <= 0.01)
    return;
  cairo_save (cr);
  if (s->k_alpha > 0.01)
    stroke_rect (cr, (AbRect) { g->s.x + s->k0 * g->c, g->s.y + v->focus * g->c, s->kn * g->c, g->c },
                 AB_ACTIVE, alpha * s->k_alpha, 2, -1);
  stroke_rect (cr, rows_of (state, g, v->focus, 1), AB_ACTIVE, alpha, 2, -1);
  cairo_restore (cr);
}

/* Labels ---------------------------------------------------------------------------- */

static void
draw_labels (const TilingResult *res, cairo_t *cr, const Geo *g, const View *v)
{
  AbTextStyle tile_style = g->c * MIN (res->br, res->bc) >= 2.2 * ab_style_size (cr, AB_TEXT_LABEL)
                           ? AB_TEXT_LABEL : AB_TEXT_SMALL;
  double th = ab_style_size (cr, tile_style) * 1.25, name_h;
  const char *status;

  for (int i = 0; i < res->tr; i++)
    {
      g_autofree char *label = g_strdup_printf ("Q<sub>%d</sub>", i + 1);
      double y0 = g->q.y + i * res->br * g->c, h = MIN (res->br, res->n - i * res->br) * g->c;
      ab_text (cr, tile_style, label, g->q.x - 8, y0 + (h - th) / 2,
               v->q_tile == i ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  for (int j = 0; j < res->tc; j++)
    {
      g_autofree char *label = g_strdup_printf ("%d", j + 1);
      double x0 = g->kt.x + j * res->bc * g->c, w = MIN (res->bc, res->n - j * res->bc) * g->c;
      ab_text (cr, tile_style, label, x0 + w / 2, g->kt.y - th - 4,
               v->kv_tile == j ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text_measure (cr, AB_TEXT_LABEL, "Kᵀ", -1, NULL, &name_h);
  ab_text (cr, AB_TEXT_LABEL, "K<sup>T</sup>", g->kt.x - 10, g->kt.y + (g->kt.h - name_h) / 2, AB_TEXT,
           AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_LABEL, "V<sup>T</sup>", g->vt.x - 10, g->vt.y + (g->vt.h - name_h) / 2, AB_TEXT,
           AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_LABEL, _("K/V tile"), g->kt.x - 10, g->kt.y - th - 4, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  ab_text (cr, AB_TEXT_LABEL, "Q", g->q.x + g->q.w / 2, g->label_y, AB_TEXT, AB_ALIGN_CENTER, -1);
  {
    const char *o_name = res->order == AB_FLASH_FA2 && !res->standard ? "O, Õ" : "O";
    double mw, ow, gap = g->o.x - (g->l.x + g->l.w);
    ab_text_measure (cr, AB_TEXT_LABEL, "m", -1, &mw, NULL);
    ab_text_measure (cr, AB_TEXT_LABEL, o_name, -1, &ow, NULL);
    /* Narrow columns share one label. */
    if (mw + 6 <= g->sw)
      {
        ab_text (cr, AB_TEXT_LABEL, "m", g->m.x + g->m.w / 2, g->label_y, AB_TEXT, AB_ALIGN_CENTER, -1);
        ab_text (cr, AB_TEXT_LABEL, "ℓ", g->l.x + g->l.w / 2, g->label_y, AB_TEXT, AB_ALIGN_CENTER, -1);
      }
    else
      ab_text (cr, AB_TEXT_LABEL, "m ℓ", g->l.x, g->label_y, AB_TEXT, AB_ALIGN_CENTER, -1);
    if (ow > g->o.w + gap)
      o_name = "O";
    ab_text (cr, AB_TEXT_LABEL, o_name, MAX (g->o.x + g->o.w / 2, g->l.x + g->l.w + gap / 2 + ow / 2 + 4),
             g->label_y, AB_TEXT, AB_ALIGN_CENTER, -1);
  }

  if (res->standard)
    status = v->kind == VIEW_INTRO ? _("S = QKᵀ/√d will be stored whole in HBM")
           : v->kind == VIEW_STD_TILE ? _("S = QKᵀ/√d, stored in HBM block by block")
           : _("P = softmax(S), N × N, stored in HBM");
  else
    status = _("S = QKᵀ/√d: one tile at a time, only in SRAM");
  ab_text (cr, AB_TEXT_SMALL, status, g->s.x + g->s.w / 2, g->label_y, AB_TEXT_DIM, AB_ALIGN_CENTER, g->s.w);
}

static void
draw_grid (const TilingResult *res, cairo_t *cr, AbRect r, int ka, int kb, double t)
{
  const View *a = &res->views[ka], *b = &res->views[kb];
  Sram sram = tween_sram (a, b, t);
  Geo g;

  compute_geo (res, cr, r, &g);
  draw_inputs (res, cr, &g, &sram);
  draw_scores (res, cr, &g, ka, kb, t);
  draw_state_columns (res, cr, &g, ka, kb, t);
  draw_hbm_frames (res, cr, &g, t < 0.5 ? ka : kb);
  draw_sram (res, cr, &g, &sram);
  if (ka != kb)
    draw_transfers (res, cr, &g, ka, 1 - t);
  draw_transfers (res, cr, &g, kb, ka != kb ? t : 1);
  if (ka != kb && a->focus != b->focus)
    draw_focus (res, cr, &g, a, &sram, 1 - t);
  draw_focus (res, cr, &g, b, &sram, ka != kb && a->focus != b->focus ? t : 1);
  draw_labels (res, cr, &g, t < 0.5 ? a : b);
}

void
tiling_draw (AbDiagram *diagram, const TilingResult *res, cairo_t *cr, const AbLayout *layout, double position)
{
  int ka = CLAMP ((int) floor (position), 0, res->n_views - 1);
  int kb = CLAMP ((int) ceil (position - 1e-9), 0, res->n_views - 1);
  double t = kb > ka ? ab_tween (position, ka, kb) : 1;
  double traffic_h, gap;
  gboolean lean;
  AbRect side;

  if (kb == ka)
    t = 1;
  draw_grid (res, cr, layout->stages[STAGE_GRID], ka, kb, t);

  /* The traffic panel takes what it needs under the state panel, and less
   * when the state panel would be left under half the side. */
  side = layout->stages[STAGE_SIDE];
  gap = ab_style_gap (cr) * 0.6;
  traffic_h = tiling_traffic_height (res, cr, side.w, FALSE);
  lean = side.h - traffic_h - gap < side.h * 0.5;
  if (lean)
    traffic_h = tiling_traffic_height (res, cr, side.w, TRUE);
  tiling_draw_state (res, cr, (AbRect) { side.x, side.y, side.w, side.h - traffic_h - gap },
                     t < 0.5 ? ka : kb);
  tiling_draw_traffic (res, cr, (AbRect) { side.x, side.y + side.h - traffic_h, side.w, traffic_h },
                       ka, kb, t, lean);
}

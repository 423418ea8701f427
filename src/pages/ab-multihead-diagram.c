/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-multihead-diagram.c — multi-head self-attention on one sentence, four heads
 *
 * The weights come from src/kernels/multihead.c: four heads whose query/key
 * projections are constructed to show the patterns Clark et al. (2019) found
 * in BERT (previous token, syntactic head, coreference, broadcast to [SEP]).
 * Tokens sit in two facing rows (attending token above, attended token
 * below; two columns in the narrow layout); an edge's thickness is the
 * softmax weight, its colour the head. Beside them: the weight matrices.
 *
 * Steps: all heads → head 1 → head 2 → head 3 → head 4. Each head can be
 * switched off; clicking a token (or the "focus" slider) keeps only that
 * token's outgoing attention.
 */
#define G_LOG_DOMAIN "ab-multihead-diagram"

#include "ab-multihead-diagram.h"
#include "ab-draw.h"
#include "ab-layer.h"
#include "ab-values.h"
#include "multihead.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define N_STEPS    (1 + AB_MHA_HEADS)
#define MIN_WEIGHT 0.08   /* thinner edges are noise (and cost most of a frame): skip them */
#define RIBBON_POINTS 24  /* samples along an edge */

enum { STAGE_EDGES, STAGE_MATRICES, STAGE_TEXT, N_STAGES };

/* Edge layers. Sixty wide antialiased curves are most of a frame, and a
 * step's tween changes only their opacity: each head's edges are drawn once
 * at full strength into an alpha layer, in the target's pixels, and the
 * head's colour is painted through it at the emphasis of the frame. Redrawn
 * when the geometry, the transform or the focus change. Vector targets
 * (SVG, PDF) get the curves themselves. */
typedef struct
{
  cairo_surface_t *heads[AB_MHA_HEADS];   /* A8 */
  cairo_matrix_t   matrix;       /* user → device of the frame they were drawn for */
  AbRect           stage;
  int              focus;
  double           oversample;   /* layer pixels per device unit */
  int              x, y;         /* device position of the layers */
} EdgeCache;

struct _AbMultiheadDiagram
{
  AbDiagram parent_instance;
  EdgeCache edges;
  double    widest[AB_N_LAYOUTS];   /* widest token in the label style; 0 = not measured */
};

AB_DEFINE_DIAGRAM (AbMultiheadDiagram, ab_multihead_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Four heads read the same sentence, each with its own projections"),
  N_("2 · Head 1 attends to the previous token"),
  N_("3 · Head 2 attends from each word to its syntactic head"),
  N_("4 · Head 3 links the pronoun “it” to “animal”"),
  N_("5 · Head 4 sends everything to [SEP]"),
};

static const AbParamSpec params[] = {
  { .key = "head1", .label = N_("Head 1: previous token"), .kind = AB_PARAM_TOGGLE, .default_value = 1 },
  { .key = "head2", .label = N_("Head 2: syntactic head"), .kind = AB_PARAM_TOGGLE, .default_value = 1 },
  { .key = "head3", .label = N_("Head 3: coreference"), .kind = AB_PARAM_TOGGLE, .default_value = 1 },
  { .key = "head4", .label = N_("Head 4: broadcast to [SEP]"), .kind = AB_PARAM_TOGGLE, .default_value = 1 },
  { .key = "focus", .label = N_("Focus token (−1 = all tokens)"), .kind = AB_PARAM_SLIDER, .min = -1,
    .max = AB_MHA_N - 1, .step = 1, .default_value = -1, .format = "%.0f" },
};

/* The heads' entries say whether each is on: see collect_legend. */
static const AbLegendSpec legend[] = {
  { N_("edge width and cell brightness: weight 0 → 1"), AB_COLOR_TEXT_DIM, AB_SWATCH_GRADIENT, AB_STEPS_ALL },
};

/* Edges and matrices side by side over the explanation; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 2.4, 0.58, AB_STAGE_ROW }, { 1.0, 0.38, AB_STAGE_ROW }, { 0.16, 0.17, AB_STAGE_BELOW },
};

static const char *const head_param[AB_MHA_HEADS] = { "head1", "head2", "head3", "head4" };

static const char *const head_titles[AB_MHA_HEADS] = {
  N_("Head 1 · previous token"),
  N_("Head 2 · syntactic head"),
  N_("Head 3 · coreference"),
  N_("Head 4 · broadcast to [SEP]"),
};

static const char *const head_explanations[AB_MHA_HEADS] = {
  N_("Every token looks at the one just before it. A head like this gives the layer "
     "a sense of word order and local context."),
  N_("Each word looks at the word it depends on: “The” → “animal”, “street” → “cross”, "
     "“it” → “tired”. Tokens without a head (the root verb, [CLS], [SEP]) park on [SEP]."),
  N_("“it” puts almost all its weight on “animal”: the head resolves the pronoun. "
     "The other tokens mostly look at themselves."),
  N_("Every token looks at [SEP]. Clark et al. suggest, without proving it, that this "
     "may work as a no-op: a head with nothing useful to do parks its attention on a "
     "token that is always there."),
};

static const AbMhaResult *
result (AbMultiheadDiagram *self)
{
  return ab_diagram_get_result (AB_DIAGRAM (self));
}

/* The default run (seed 2019): the diagram has no parameter that changes
 * it, so one run serves the diagram and the prose. NULL if it failed. */
static const AbMhaResult *
default_run (void)
{
  static AbMhaResult res;
  static int status = -1;   /* not run yet */

  if (status < 0)
    status = ab_mha_run (AB_MHA_DEFAULT_SEED, &res) != 0;
  return status ? NULL : &res;
}

static gboolean
ab_multihead_diagram_update (AbDiagram *diagram, GError **error)
{
  if (default_run () == NULL)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                   _("the multi-head kernel failed for seed %d"), AB_MHA_DEFAULT_SEED);
      return FALSE;
    }
  ab_diagram_set_result (diagram, (gpointer) default_run (), NULL);
  return TRUE;
}

/* Token geometry -------------------------------------------------------------- */

/* Where the chips go in the edge stage. Only style sizes and the stage: the
 * click handler computes the same without a surface. */
typedef struct
{
  gboolean columns;        /* too narrow for a row of chips: two columns, edges left → right */
  double   pad, caption;   /* inner margin; room for "attending token (query)" */
  double   pitch;          /* between neighbouring tokens */
  double   chip_w, chip_h;
  double   from, to;       /* centre line of the attending and the attended chips */
  double   first;          /* centre of token 0 along its line */
} Geometry;

static void
get_geometry (cairo_t *cr, const AbLayout *layout, Geometry *g)
{
  AbRect r = layout->stages[STAGE_EDGES];
  double label = ab_style_size (cr, AB_TEXT_LABEL);

  g->pad = ab_style_gap (cr) * 0.7;
  g->caption = label * 1.7;
  g->columns = (r.w - g->pad) / AB_MHA_N < label * 3.2;
  if (!g->columns)
    {
      /* A row of chips needs all the width: half the margin at the ends. */
      g->pitch = (r.w - g->pad) / AB_MHA_N;
      g->chip_w = g->pitch - 4;
      g->chip_h = label * 2.0;
      g->first = r.x + g->pad / 2 + g->pitch / 2;
      g->from = r.y + g->pad + g->caption + g->chip_h / 2;
      g->to = r.y + r.h - g->pad - g->caption - g->chip_h / 2;
    }
  else
    {
      g->pitch = (r.h - 2 * g->pad - g->caption) / AB_MHA_N;
      g->chip_w = label * 5.4;
      g->chip_h = MIN (label * 2.0, g->pitch * 0.86);
      g->first = r.y + g->pad + g->caption + g->pitch / 2;
      g->from = r.x + g->pad + g->chip_w / 2;
      g->to = r.x + r.w - g->pad - g->chip_w / 2;
    }
}

static AbRect
chip_rect (const Geometry *g, int index, gboolean attended)
{
  double along = g->first + index * g->pitch, across = attended ? g->to : g->from;
  double cx = g->columns ? across : along, cy = g->columns ? along : across;

  return (AbRect) { cx - g->chip_w / 2, cy - g->chip_h / 2, g->chip_w, g->chip_h };
}

/* The geometry of @layout outside draw: a scratch context carries the style. */
static void
get_geometry_for_layout (const AbLayout *layout, Geometry *g)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  ab_style_attach (cr, layout->kind);
  get_geometry (cr, layout, g);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

void
ab_multihead_diagram_token_center (AbMultiheadDiagram *self, AbLayoutKind kind, int index,
                                   gboolean attended, double *x, double *y)
{
  AbLayout layout;
  Geometry g;
  AbRect chip;

  g_return_if_fail (AB_IS_MULTIHEAD_DIAGRAM (self));
  ab_diagram_get_layout (AB_DIAGRAM (self), kind, &layout);
  get_geometry_for_layout (&layout, &g);
  chip = chip_rect (&g, index, attended);
  *x = chip.x + chip.w / 2;
  *y = chip.y + chip.h / 2;
}

/* Drawing ------------------------------------------------------------------------ */

/* How strongly head h is drawn at a whole step, and tweened between steps
 * (position is already eased: linear here). */
static double
step_emphasis (guint step, int h)
{
  return step == 0 || (int) step - 1 == h ? 1.0 : 0.12;
}

static double
emphasis_at (double position, int h)
{
  guint lo = (guint) floor (position), hi = (guint) ceil (position);

  return step_emphasis (lo, h) + (step_emphasis (hi, h) - step_emphasis (lo, h)) * (position - lo);
}

/* The chips, a row per path (one over both rows would cost the area
 * between), the focused one on top; then the words. */
static void
draw_chips (cairo_t *cr, const Geometry *g, AbTextStyle style, int focus)
{
  double th = ab_style_size (cr, style) * 1.17;   /* a line of text, as Pango sets it */

  cairo_save (cr);
  for (int row = 0; row < 3; row++)
    {
      gboolean active = row == 2;
      for (int i = 0; i < AB_MHA_N; i++)
        if (active ? i == focus : row == 1 || i != focus)
          ab_rounded_rect (cr, chip_rect (g, i, row == 1), g->chip_h / 4);
      ab_set_rgb (cr, active ? ab_rgb_mix (AB_PANEL, AB_ACTIVE, 0.35) : AB_BG);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, active ? AB_ACTIVE : AB_BORDER);
      cairo_set_line_width (cr, active ? 3 : 1.5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  for (int i = 0; i < 2 * AB_MHA_N; i++)
    {
      g_autofree char *esc = g_markup_escape_text (ab_mha_token (i / 2), -1);
      AbRect r = chip_rect (g, i / 2, i % 2);
      ab_text (cr, style, esc, r.x + r.w / 2, r.y + (r.h - th) / 2, AB_TEXT, AB_ALIGN_CENTER, -1);
    }
}

/* An edge as a filled ribbon along the cubic from p0 to p3 (controls p1,
 * p2), @width wide: cheaper than a stroke with round caps. */
static void
add_ribbon (cairo_t *cr, const double p[4][2], double width)
{
  double side[2][RIBBON_POINTS + 1][2];

  for (int k = 0; k <= RIBBON_POINTS; k++)
    {
      double t = (double) k / RIBBON_POINTS, u = 1 - t, n[2], len;
      double b[4] = { u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t };
      double d[4] = { -3 * u * u, 3 * u * u - 6 * u * t, 6 * u * t - 3 * t * t, 3 * t * t };
      double x = 0, y = 0, dx = 0, dy = 0;

      for (int c = 0; c < 4; c++)
        x += b[c] * p[c][0], y += b[c] * p[c][1], dx += d[c] * p[c][0], dy += d[c] * p[c][1];
      len = MAX (hypot (dx, dy), 1e-9);
      n[0] = -dy / len * width / 2, n[1] = dx / len * width / 2;
      side[0][k][0] = x + n[0], side[0][k][1] = y + n[1];
      side[1][k][0] = x - n[0], side[1][k][1] = y - n[1];
    }
  cairo_move_to (cr, side[0][0][0], side[0][0][1]);
  for (int k = 1; k <= RIBBON_POINTS; k++)
    cairo_line_to (cr, side[0][k][0], side[0][k][1]);
  for (int k = RIBBON_POINTS; k >= 0; k--)
    cairo_line_to (cr, side[1][k][0], side[1][k][1]);
  cairo_close_path (cr);
}

/* One head's edges, each a ribbon as wide as its weight and as opaque,
 * at @emphasis. The ends start under the chips, which are drawn on top. */
static void
edge_span (const Geometry *g, double *start, double *end)
{
  *start = g->from + (g->columns ? g->chip_w : g->chip_h) / 2 - 2;
  *end = g->to - (g->columns ? g->chip_w : g->chip_h) / 2 + 2;
}

static void
draw_edges (cairo_t *cr, const AbMhaResult *res, const Geometry *g, int h, double emphasis, int focus)
{
  double offset = (h - 1.5) * g->pitch * 0.09;   /* heads side by side, not on top of each other */
  double widest = g->pitch * 0.12, start, end, bend;

  edge_span (g, &start, &end);
  bend = (end - start) * 0.42;

  for (int i = 0; i < AB_MHA_N; i++)
    for (int j = 0; j < AB_MHA_N && (focus < 0 || i == focus); j++)
      {
        double v = res->weights[h][i][j];
        double a = g->first + i * g->pitch + offset, z = g->first + j * g->pitch + offset;
        double rows[4][2] = { { a, start }, { a, start + bend }, { z, end - bend }, { z, end } };
        double cols[4][2] = { { start, a }, { start + bend, a }, { end - bend, z }, { end, z } };

        if (v < MIN_WEIGHT)
          continue;
        add_ribbon (cr, g->columns ? cols : rows, 1.0 + widest * v);
        ab_set_rgba (cr, AB_HEADS[h], emphasis * (0.2 + 0.8 * v));
        cairo_fill (cr);
      }
}

static void
edge_cache_clear (EdgeCache *cache)
{
  for (int h = 0; h < AB_MHA_HEADS; h++)
    g_clear_pointer (&cache->heads[h], cairo_surface_destroy);
}

/* Once a frame: whether layers can serve it; clears them when the key changed. */
static gboolean
edge_cache_use (AbMultiheadDiagram *self, cairo_t *cr, AbRect stage, int focus)
{
  EdgeCache *cache = &self->edges;
  double os = ab_layer_oversample (cr);
  cairo_matrix_t m;

  if (os <= 0)
    return FALSE;
  cairo_get_matrix (cr, &m);
  if (memcmp (&cache->matrix, &m, sizeof m) != 0 || memcmp (&cache->stage, &stage, sizeof stage) != 0 ||
      cache->focus != focus || cache->oversample != os)
    {
      edge_cache_clear (cache);
      cache->matrix = m, cache->stage = stage, cache->focus = focus, cache->oversample = os;
    }
  return TRUE;
}

/* The layer of head @h, drawn on first use: only the band between the two
 * rows (columns) of chips. Drawn in colour and kept as alpha: translucent
 * fills onto an A8 surface take a slow path in cairo's image compositor. */
static cairo_surface_t *
edge_layer (AbMultiheadDiagram *self, cairo_t *cr, const Geometry *g, int h)
{
  EdgeCache *cache = &self->edges;
  AbRect r = cache->stage;
  double x0, y0, x1, y1, start, end, os = cache->oversample;
  cairo_surface_t *argb;
  cairo_t *lcr;
  int w, ht;

  if (cache->heads[h])
    return cache->heads[h];
  edge_span (g, &start, &end);
  x0 = g->columns ? start : r.x, x1 = g->columns ? end : r.x + r.w;
  y0 = g->columns ? r.y : start, y1 = g->columns ? r.y + r.h : end;
  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device (cr, &x1, &y1);
  cache->x = (int) floor (MIN (x0, x1)), cache->y = (int) floor (MIN (y0, y1));
  w = (int) ceil ((fabs (x1 - x0) + 2) * os), ht = (int) ceil ((fabs (y1 - y0) + 2) * os);
  argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, ht);
  lcr = cairo_create (argb);
  cairo_scale (lcr, os, os);
  cairo_translate (lcr, -cache->x, -cache->y);
  cairo_transform (lcr, &cache->matrix);
  draw_edges (lcr, result (self), g, h, 1.0, cache->focus);
  cairo_destroy (lcr);
  cairo_surface_flush (argb);

  cache->heads[h] = cairo_image_surface_create (CAIRO_FORMAT_A8, w, ht);
  for (int y = 0; y < ht; y++)
    {
      const guint32 *in = (const guint32 *) (cairo_image_surface_get_data (argb) + y * cairo_image_surface_get_stride (argb));
      guint8 *out = cairo_image_surface_get_data (cache->heads[h]) + y * cairo_image_surface_get_stride (cache->heads[h]);
      for (int x = 0; x < w; x++)
        out[x] = in[x] >> 24;
    }
  cairo_surface_mark_dirty (cache->heads[h]);
  cairo_surface_set_device_scale (cache->heads[h], os, os);
  cairo_surface_destroy (argb);
  return cache->heads[h];
}

/* The widest token in the label style, to size chips and grid labels:
 * measured once per layout. */
static double
widest_token (AbMultiheadDiagram *self, cairo_t *cr)
{
  AbLayoutKind kind = ab_style_get_layout (cr);
  double w;

  if (self->widest[kind] > 0)
    return self->widest[kind];
  for (int i = 0; i < AB_MHA_N; i++)
    {
      g_autofree char *esc = g_markup_escape_text (ab_mha_token (i), -1);
      ab_text_measure (cr, AB_TEXT_LABEL, esc, -1, &w, NULL);
      self->widest[kind] = MAX (self->widest[kind], w);
    }
  return self->widest[kind];
}

static void
draw_edge_stage (AbMultiheadDiagram *self, cairo_t *cr, const AbLayout *layout, double position,
                 int focus, const gboolean *enabled, double widest_label)
{
  AbRect r = layout->stages[STAGE_EDGES];
  AbTextStyle chip_style;
  double label_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.17;
  cairo_surface_t *layer;
  gboolean cached;
  Geometry g;

  get_geometry (cr, layout, &g);
  chip_style = widest_label <= g.chip_w - 6 ? AB_TEXT_LABEL : AB_TEXT_SMALL;
  ab_draw_panel (cr, r, NULL);
  ab_text (cr, AB_TEXT_LABEL, _("attending token (query)"), r.x + g.pad, r.y + g.pad * 0.7,
           AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  if (g.columns)
    ab_text (cr, AB_TEXT_LABEL, _("attended token (key)"), r.x + r.w - g.pad, r.y + g.pad * 0.7,
             AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  else
    ab_text (cr, AB_TEXT_LABEL, _("attended token (key)"), r.x + g.pad,
             r.y + r.h - g.pad * 0.7 - label_h, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);

  cached = edge_cache_use (self, cr, r, focus);
  /* The step's own head on top of the others; a layer is the head's colour
   * painted through it. */
  for (int pass = 0; pass < 2; pass++)
    for (int h = 0; h < AB_MHA_HEADS; h++)
      {
        double e = emphasis_at (position, h);
        if (!enabled[h] || (pass == 0) != (e < 0.99))
          continue;
        if (!cached)
          {
            draw_edges (cr, result (self), &g, h, e, focus);
            continue;
          }
        layer = edge_layer (self, cr, &g, h);
        cairo_save (cr);
        cairo_identity_matrix (cr);
        ab_set_rgba (cr, AB_HEADS[h], e);
        cairo_mask_surface (cr, layer, self->edges.x, self->edges.y);
        cairo_restore (cr);
      }

  draw_chips (cr, &g, chip_style, focus);
}

/* Step 1: the four matrices in whichever of 1, 2 or 4 columns gives the
 * largest grids, each under its head's name in the head's colour. */
static void
draw_thumbnails (AbMultiheadDiagram *self, cairo_t *cr, AbRect box, int focus)
{
  static const char *const names[AB_MHA_HEADS] = {
    N_("previous token"), N_("syntactic head"), N_("coreference"), N_("broadcast"),
  };
  double gap = ab_style_gap (cr) * 0.6, title_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.17 + 4;
  double size = 0, slot = 0, x0, y0;
  int cols = 2;

  for (int c = 1; c <= AB_MHA_HEADS; c *= 2)
    {
      double w = (box.w - gap * (c - 1)) / c, rows = AB_MHA_HEADS / c;
      double sz = MIN (w, (box.h - rows * title_h - gap * (rows - 1)) / rows);
      if (sz > size)
        size = sz, slot = w, cols = c;
    }
  x0 = box.x + (box.w - cols * slot - (cols - 1) * gap) / 2;
  y0 = box.y + (box.h - (AB_MHA_HEADS / cols) * (size + title_h + gap) + gap) / 2;
  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      double x = x0 + (h % cols) * (slot + gap), y = y0 + (h / cols) * (size + title_h + gap);
      g_autofree char *title = g_strdup_printf ("<b>%s</b>", _(names[h]));

      ab_text (cr, AB_TEXT_LABEL, title, x, y, AB_HEADS[h], AB_ALIGN_LEFT, slot);
      ab_draw_attention_grid (cr, (AbRect) { x, y + title_h, size, size }, &result (self)->weights[h][0][0],
                              AB_MHA_N, AB_MHA_N, AB_MHA_N, focus, NULL, NULL, FALSE);
    }
}

/* Steps 2–5: the step's head, with the tokens along both sides when they fit. */
static void
draw_head_grid (AbMultiheadDiagram *self, cairo_t *cr, AbRect box, int h, int focus, double widest_label)
{
  const char *labels[AB_MHA_N];
  double margin = widest_label + 14;
  double size = MIN (box.w - margin, box.h - margin);
  gboolean labelled = size / AB_MHA_N >= ab_style_size (cr, AB_TEXT_VALUE_SMALL);
  AbRect grid;

  if (!labelled)
    margin = 0, size = MIN (box.w, box.h);
  grid = (AbRect) { box.x + margin + (box.w - margin - size) / 2, box.y + margin, size, size };
  for (int i = 0; i < AB_MHA_N; i++)
    labels[i] = ab_mha_token (i);
  ab_draw_attention_grid (cr, grid, &result (self)->weights[h][0][0], AB_MHA_N, AB_MHA_N, AB_MHA_N,
                          focus, labelled ? labels : NULL, labelled ? labels : NULL, FALSE);
}

static void
draw_matrix_stage (AbMultiheadDiagram *self, cairo_t *cr, AbRect r, guint step, int focus,
                   double widest_label)
{
  const char *title = step == 0 ? _("All four weight matrices") : _(head_titles[step - 1]);
  const char *foot = _("rows: attending token · columns: attended token");
  double pad = ab_style_gap (cr) * 0.7, title_h, foot_h, top;
  AbRect box;

  ab_draw_panel (cr, r, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, r.w - 40, NULL, &title_h);
  ab_text_measure (cr, AB_TEXT_SMALL, foot, r.w - 2 * pad, NULL, &foot_h);
  ab_text (cr, AB_TEXT_SMALL, foot, r.x + r.w / 2, r.y + r.h - pad * 0.6 - foot_h, AB_TEXT_DIM,
           AB_ALIGN_CENTER, r.w - 2 * pad);
  top = r.y + 14 + title_h + pad * 0.6;
  box = (AbRect) { r.x + pad, top, r.w - 2 * pad, r.y + r.h - pad * 1.2 - foot_h - top };
  if (step == 0)
    draw_thumbnails (self, cr, box, focus);
  else
    draw_head_grid (self, cr, box, step - 1, focus, widest_label);
}

/* "<b>it</b> attends most to: animal 0.966 · …", each head in its colour. */
static char *
focus_summary (AbMultiheadDiagram *self, int focus, const gboolean *enabled)
{
  const AbMhaResult *res = result (self);
  GString *s = g_string_new (NULL);
  g_autofree char *word = g_markup_escape_text (ab_mha_token (focus), -1);

  g_string_append_printf (s, _("<b>%s</b> attends most to: "), word);
  for (int h = 0, shown = 0; h < AB_MHA_HEADS; h++)
    {
      int j = ab_mha_argmax (res, h, focus);
      g_autofree char *target = g_markup_escape_text (ab_mha_token (j), -1);
      g_autofree char *weight = ab_format_number (res->weights[h][focus][j]);
      AbRgb c = AB_HEADS[h];

      if (!enabled[h])
        continue;
      g_string_append_printf (s, "%s<span foreground='#%02x%02x%02x'>%s %s</span>", shown++ ? " · " : "",
                              (int) (c.r * 255 + 0.5), (int) (c.g * 255 + 0.5), (int) (c.b * 255 + 0.5),
                              target, weight);
    }
  return g_string_free (s, FALSE);
}

/* The explanation under the stages, in the largest style that fits. */
static void
draw_text_stage (AbMultiheadDiagram *self, cairo_t *cr, AbRect r, guint step, int focus,
                 const gboolean *enabled)
{
  static const AbTextStyle styles[] = { AB_TEXT_BODY, AB_TEXT_LABEL, AB_TEXT_SMALL };
  g_autofree char *summary = focus >= 0 ? focus_summary (self, focus, enabled) : NULL;
  const char *text = step == 0 ? _("Each head has its own query and key projections, so each sees a "
                                   "different pattern in the same sentence. Their outputs are "
                                   "concatenated and mixed by W<sup>O</sup>. Toggle heads, or click "
                                   "a token to see only its attention.")
                               : _(head_explanations[step - 1]);
  double gap = ab_style_size (cr, AB_TEXT_SMALL) * 0.4, h_summary = 0, h_text = 0, y = r.y;
  AbTextStyle style = AB_TEXT_SMALL;

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      style = styles[i];
      h_summary = 0;
      if (summary)
        ab_text_measure (cr, style, summary, r.w, NULL, &h_summary);
      ab_text_measure (cr, style, text, r.w, NULL, &h_text);
      if (h_summary + (summary ? gap : 0) + h_text <= r.h)
        break;
    }
  if (summary)
    y += ab_text (cr, style, summary, r.x, y, AB_TEXT, AB_ALIGN_LEFT, r.w) + gap;
  ab_text (cr, style, text, r.x, y, summary ? AB_TEXT_DIM : AB_TEXT, AB_ALIGN_LEFT, r.w);
}

static void
ab_multihead_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  AbMultiheadDiagram *self = AB_MULTIHEAD_DIAGRAM (diagram);
  guint step = (guint) round (position);
  int focus = (int) ab_diagram_get_param (diagram, "focus");
  double widest_label = widest_token (self, cr);
  gboolean enabled[AB_MHA_HEADS];

  for (int h = 0; h < AB_MHA_HEADS; h++)
    enabled[h] = ab_diagram_get_param (diagram, head_param[h]) > 0.5;
  draw_edge_stage (self, cr, layout, position, focus, enabled, widest_label);
  draw_matrix_stage (self, cr, layout->stages[STAGE_MATRICES], step, focus, widest_label);
  draw_text_stage (self, cr, layout->stages[STAGE_TEXT], step, focus, enabled);
}

static void
ab_multihead_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      gboolean enabled = ab_diagram_get_param (diagram, head_param[h]) > 0.5;
      g_autofree char *label = g_strdup_printf (enabled ? "%s" : _("%s (off)"), _(head_titles[h]));
      ab_legend_add (legend, label, enabled ? AB_HEADS[h] : AB_MUTED, AB_SWATCH_LINE);
    }
}

static char *
ab_multihead_diagram_describe (AbDiagram *diagram, guint step)
{
  const AbMhaResult *res = result (AB_MULTIHEAD_DIAGRAM (diagram));
  int focus = (int) ab_diagram_get_param (diagram, "focus");
  int q = focus >= 0 ? focus : ab_mha_find_token ("it");
  GString *s = g_string_new (_("The sentence is “The animal didn't cross the street because it was "
                               "too tired”."));

  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      int j = ab_mha_argmax (res, h, q);
      g_autofree char *weight = ab_format_number (res->weights[h][q][j]);

      if (step != 0 && (int) step - 1 != h)
        continue;
      g_string_append_printf (s, _(" %s%s: “%s” attends most to “%s” (%s)."), _(head_titles[h]),
                              ab_diagram_get_param (diagram, head_param[h]) > 0.5 ? "" : _(" (off)"),
                              ab_mha_token (q), ab_mha_token (j), weight);
    }
  return g_string_free (s, FALSE);
}

static gboolean
ab_multihead_diagram_click (AbDiagram *diagram, const AbLayout *layout, double x, double y)
{
  int hit = -1, current = (int) ab_diagram_get_param (diagram, "focus");
  Geometry g;

  get_geometry_for_layout (layout, &g);
  for (int i = 0; i < AB_MHA_N; i++)
    for (int row = 0; row < 2; row++)
      {
        AbRect c = chip_rect (&g, i, row);
        if (x >= c.x && x <= c.x + c.w && y >= c.y && y <= c.y + c.h)
          hit = i;
      }
  /* Clicking the focused token again, or empty canvas, shows every token. */
  if (hit == current)
    hit = -1;
  if (hit == current)
    return FALSE;
  return ab_diagram_set_param (diagram, "focus", hit, NULL);
}

/* Values for the prose --------------------------------------------------------- */

static const AbMhaResult *
prose_result (GError **error)
{
  if (default_run () == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the multi-head kernel failed"));
  return default_run ();
}

/* A word of the sentence ("it", "animal"; "The" ≠ "the") or tN for token N (0 = [CLS]). */
static gboolean
parse_token (const char *word, int *index, GError **error)
{
  guint64 n;

  *index = ab_mha_find_token (word);
  if (*index >= 0)
    return TRUE;
  if (word[0] == 't' && g_ascii_string_to_unsigned (word + 1, 10, 0, AB_MHA_N - 1, &n, NULL))
    {
      *index = (int) n;
      return TRUE;
    }
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
               _("“%s” is neither a word of the sentence nor t0 … t%d"), word, AB_MHA_N - 1);
  return FALSE;
}

static char *
get_size (const AbValueArgs *args, GError **error)
{
  static const int sizes[] = { AB_MHA_N, AB_MHA_HEADS, AB_MHA_D_K, AB_MHA_D_MODEL };
  return g_strdup_printf ("%d", sizes[args->ints[0]]);
}

static char *
get_match (const AbValueArgs *args, GError **error)
{
  const AbMhaResult *res = prose_result (error);
  int count = 0;

  if (res == NULL)
    return NULL;
  for (int i = 0; i < AB_MHA_N; i++)
    count += ab_mha_argmax (res, args->ints[0], i) == ab_mha_intended_target (args->ints[0], i);
  return g_strdup_printf ("%d", count);
}

static char *
get_argmax (const AbValueArgs *args, GError **error)
{
  const AbMhaResult *res = prose_result (error);
  int from;

  if (res == NULL || !parse_token (args->words[1], &from, error))
    return NULL;
  return g_strdup (ab_mha_token (ab_mha_argmax (res, args->ints[0], from)));
}

static char *
get_pair (const AbValueArgs *args, GError **error)
{
  const AbMhaResult *res = prose_result (error);
  int h = args->ints[1], from, to;

  if (res == NULL || !parse_token (args->words[2], &from, error) || !parse_token (args->words[3], &to, error))
    return NULL;
  return ab_format_number (args->ints[0] == 0 ? res->weights[h][from][to] : res->scores[h][from][to]);
}

/* The head choices follow AbMhaHead's order (ab_mha_head_key). */
static const AbValueSpec mha_values[] = {
  { "{tokens|heads|dk|dmodel}", get_size, "the toy model's sizes (13 tokens, 4 heads, d_k 16, d_model 24)" },
  { "match.{previous|syntax|coref|broadcast}", get_match,
    "how many of the 13 tokens attend most where the construction intends" },
  { "argmax.{previous|syntax|coref|broadcast}.{word}", get_argmax, "the token FROM attends to most" },
  { "{weight|score}.{previous|syntax|coref|broadcast}.{word}.{word}", get_pair,
    "softmax weight (or scaled score q·k/√d_k) from token FROM to TO: a word or tN" },
};

AB_VALUE_FAMILY (ab_mha_values, "mha", mha_values);

static void
ab_multihead_diagram_finalize (GObject *object)
{
  edge_cache_clear (&AB_MULTIHEAD_DIAGRAM (object)->edges);
  G_OBJECT_CLASS (ab_multihead_diagram_parent_class)->finalize (object);
}

static const AbDiagramInfo info = {
  .name = "multihead-self-attention",
  .title = N_("Multi-head self-attention: four heads, four patterns"),
  .note = N_("Illustrative: weights computed by a real softmax over constructed "
             "projections, after patterns Clark et al. (2019) found in BERT heads."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_multihead_diagram_update, .draw = ab_multihead_diagram_draw,
  .finalize = ab_multihead_diagram_finalize,
  .collect_legend = ab_multihead_diagram_collect_legend,
  .describe = ab_multihead_diagram_describe,
  .click = ab_multihead_diagram_click,
};

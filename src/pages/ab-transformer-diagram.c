/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-transformer-diagram.c — the encoder–decoder Transformer, one sub-layer
 * at a time (Vaswani et al., arXiv:1706.03762, Fig. 1 and §3)
 *
 * Left (top when narrow): the encoder and decoder stacks as blocks, with
 * residual paths and the cross-attention arrow; the step's blocks are
 * highlighted. Right (below): what the highlighted part computes. The masked
 * self-attention step shows the causal weights of the four-token example
 * from src/kernels/qkv.c (a real masked softmax; hatched cells are the
 * masked future), next to the unmasked ones.
 *
 * Steps: encoder sub-layers → the residual + LayerNorm wrapper → decoder
 * masked self-attention → cross-attention → output and the stack sizes.
 */
#define G_LOG_DOMAIN "ab-transformer-diagram"

#include "ab-transformer-diagram.h"
#include "ab-components.h"
#include "qkv.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_ENCODER, STEP_RESIDUAL, STEP_MASKED, STEP_CROSS, STEP_OUTPUT, N_STEPS };
enum { STAGE_STACKS, STAGE_DETAIL, N_STAGES };

/* The blocks of the picture, and in which steps each is highlighted. */
typedef enum
{
  B_ENC_EMBED, B_ENC_ATTN, B_ENC_NORM1, B_ENC_FFN, B_ENC_NORM2,
  B_DEC_EMBED, B_DEC_MASKED, B_DEC_NORM1, B_DEC_CROSS, B_DEC_NORM2, B_DEC_FFN, B_DEC_NORM3,
  B_OUTPUT, N_BLOCKS
} Block;

/* Rows, top to bottom; the encoder's sub-layers line up with the decoder's lower ones. */
typedef enum { R_OUT, R_NORM3, R_FFN, R_NORM2, R_SUB2, R_NORM1, R_SUB1, R_EMBED, N_ROWS } Row;

typedef struct
{
  const char *label;
  gboolean    decoder;
  Row         row;
  guint64     steps;   /* steps that highlight it */
  AbColor     color;
} BlockSpec;

#define IO_STEPS AB_STEP (STEP_OUTPUT)
#define NORM     N_("Add &amp; LayerNorm")
#define FFN      N_("Feed-forward 512 → 2048 → 512")

static const BlockSpec blocks[N_BLOCKS] = {
  [B_ENC_EMBED] = { N_("Embedding + positional encoding"), FALSE, R_EMBED, IO_STEPS, AB_COLOR_HEAD_3 },
  [B_ENC_ATTN] = { N_("Multi-head self-attention"), FALSE, R_SUB1, AB_STEP (STEP_ENCODER), AB_COLOR_HEAD_1 },
  [B_ENC_NORM1] = { NORM, FALSE, R_NORM1, AB_STEP (STEP_RESIDUAL), AB_COLOR_MUTED },
  [B_ENC_FFN] = { FFN, FALSE, R_SUB2, AB_STEP (STEP_ENCODER), AB_COLOR_HEAD_0 },
  [B_ENC_NORM2] = { NORM, FALSE, R_NORM2, AB_STEP (STEP_RESIDUAL), AB_COLOR_MUTED },
  [B_DEC_EMBED] = { N_("Output so far (shifted right) + PE"), TRUE, R_EMBED, IO_STEPS, AB_COLOR_HEAD_3 },
  [B_DEC_MASKED] = { N_("Masked multi-head self-attention"), TRUE, R_SUB1, AB_STEP (STEP_MASKED), AB_COLOR_HEAD_1 },
  [B_DEC_NORM1] = { NORM, TRUE, R_NORM1, AB_STEP (STEP_RESIDUAL), AB_COLOR_MUTED },
  [B_DEC_CROSS] = { N_("Cross-attention (K, V from encoder)"), TRUE, R_SUB2, AB_STEP (STEP_CROSS), AB_COLOR_HEAD_1 },
  [B_DEC_NORM2] = { NORM, TRUE, R_NORM2, AB_STEP (STEP_RESIDUAL), AB_COLOR_MUTED },
  [B_DEC_FFN] = { FFN, TRUE, R_FFN, 0, AB_COLOR_HEAD_0 },
  [B_DEC_NORM3] = { NORM, TRUE, R_NORM3, AB_STEP (STEP_RESIDUAL), AB_COLOR_MUTED },
  [B_OUTPUT] = { N_("Linear + softmax → next-word probabilities"), TRUE, R_OUT, IO_STEPS, AB_COLOR_HEAD_3 },
};

/* Sub-layer → its norm, bottom to top, for the residual paths. */
static const Block residuals[][2] = {
  { B_ENC_ATTN, B_ENC_NORM1 }, { B_ENC_FFN, B_ENC_NORM2 }, { B_DEC_MASKED, B_DEC_NORM1 },
  { B_DEC_CROSS, B_DEC_NORM2 }, { B_DEC_FFN, B_DEC_NORM3 },
};
static const Block enc_flow[] = { B_ENC_EMBED, B_ENC_ATTN, B_ENC_NORM1, B_ENC_FFN, B_ENC_NORM2 };
static const Block dec_flow[] = { B_DEC_EMBED, B_DEC_MASKED, B_DEC_NORM1, B_DEC_CROSS, B_DEC_NORM2,
                                  B_DEC_FFN, B_DEC_NORM3, B_OUTPUT };

AB_DEFINE_PLAIN_DIAGRAM (AbTransformerDiagram, ab_transformer_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Encoder layer: self-attention, then a feed-forward network"),
  N_("2 · Every sub-layer is wrapped: LayerNorm(x + Sublayer(x))"),
  N_("3 · Decoder: masked self-attention cannot see future words"),
  N_("4 · Cross-attention: decoder queries, encoder keys and values"),
  N_("5 · Six layers each side, then a softmax over the vocabulary"),
};

static const AbLegendSpec legend[] = {
  { N_("attention sub-layer"), AB_COLOR_HEAD_1, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("feed-forward sub-layer"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("residual path"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("encoder output into cross-attention"), AB_COLOR_ACTIVE, AB_SWATCH_LINE, AB_STEPS_ALL },
};

/* The stacks beside what the step computes; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = { { 1.5, 1.3, AB_STAGE_ROW }, { 1, 1, AB_STAGE_ROW } };

/* Where the blocks go in the stacks stage: sizes follow the measured labels. */
typedef struct
{
  AbRect block[N_BLOCKS];
  AbRect frame[2];       /* the "× 6 layers" frames: encoder, decoder */
  double lane;           /* residual paths run this far right of a block */
  double hpad;           /* a block's label stays this far inside it */
  double cross_x;        /* the encoder output's path down to cross-attention */
  double cross_y;        /* … and its run across, above the encoder frame */
} Geometry;

/* A frame's title: the stack's name over its repeat count, in two lines so
 * it stays left of the arrow that leaves the frame's top centre. */
static double
draw_frame_title (cairo_t *cr, double x, double bottom, gboolean decoder, gboolean draw)
{
  const char *name = decoder ? _("Decoder") : _("Encoder"), *reps = _("× 6 layers");
  double name_h, reps_h;

  ab_text_measure (cr, AB_TEXT_HEADING, name, -1, NULL, &name_h);
  ab_text_measure (cr, AB_TEXT_LABEL, reps, -1, NULL, &reps_h);
  if (draw)
    {
      ab_text (cr, AB_TEXT_HEADING, name, x, bottom - reps_h - name_h, AB_TEXT, AB_ALIGN_LEFT, -1);
      ab_text (cr, AB_TEXT_LABEL, reps, x, bottom - reps_h, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
    }
  return name_h + reps_h;
}

static double
frame_title_height (cairo_t *cr)
{
  return draw_frame_title (cr, 0, 0, FALSE, FALSE);
}

static void
get_geometry (cairo_t *cr, AbRect s, Geometry *g)
{
  double label = ab_style_size (cr, AB_TEXT_LABEL), title_h, longest = 0;
  double lane = label * 1.2, fr = lane * 1.8, gapc = lane * 1.6, hpad = label * 0.6, vpad = label * 0.55;
  double w, x_enc, x_dec, row_h[N_ROWS] = { 0 }, total = 0, u, y, rows_y[N_ROWS];
  /* Gaps in units u: above the frames (plus the title), frame padding, norm
   * over its sub-layer, sub-layer over the norm below (room for the
   * residual's branch), and over the embeddings. */
  const double top = 1.0, fpad = 0.45, small = 0.35, big = 1.1, bottom = 0.8;

  title_h = frame_title_height (cr);
  for (int i = 0; i < N_BLOCKS; i++)
    {
      double tw;
      ab_text_measure (cr, AB_TEXT_LABEL, _(blocks[i].label), -1, &tw, NULL);
      longest = MAX (longest, tw);
    }
  w = MIN ((s.w - gapc - 2 * (lane + fr)) / 2, longest + 2 * hpad);
  x_enc = s.x + (s.w - 2 * (lane + w + fr) - gapc) / 2 + lane;
  x_dec = x_enc + w + fr + gapc + lane;

  for (int i = 0; i < N_BLOCKS; i++)
    {
      double th;
      ab_text_measure (cr, AB_TEXT_LABEL, _(blocks[i].label), w - 2 * hpad, NULL, &th);
      /* The norms are thinner than the sub-layers they wrap. */
      gboolean norm = blocks[i].row == R_NORM1 || blocks[i].row == R_NORM2 || blocks[i].row == R_NORM3;
      row_h[blocks[i].row] = MAX (row_h[blocks[i].row], th + 2 * vpad * (norm ? 0.6 : 1));
    }
  for (int r = 0; r < N_ROWS; r++)
    total += row_h[r];
  u = CLAMP ((s.h - total - title_h - 6) / (top + 2 * fpad + 3 * small + 2 * big + bottom), 4, 3 * label);
  y = s.y + MAX (0, (s.h - total - title_h - 6 - u * (top + 2 * fpad + 3 * small + 2 * big + bottom)) / 2);

  for (int r = 0; r < N_ROWS; r++)
    {
      static const double gap_after[N_ROWS] = { 0, small, big, small, big, small, 0, 0 };
      if (r == R_NORM3)
        y += u * (top + fpad) + title_h + 6;
      if (r == R_EMBED)
        y += u * (fpad + bottom);
      rows_y[r] = y;
      y += row_h[r] + u * gap_after[r];
    }
  for (int i = 0; i < N_BLOCKS; i++)
    g->block[i] = (AbRect) { blocks[i].decoder ? x_dec : x_enc, rows_y[blocks[i].row], w, row_h[blocks[i].row] };
  for (int side = 0; side < 2; side++)
    {
      double y0 = rows_y[side ? R_NORM3 : R_NORM2] - u * fpad;
      g->frame[side] = (AbRect) { (side ? x_dec : x_enc) - lane, y0, lane + w + fr,
                                  rows_y[R_SUB1] + row_h[R_SUB1] + u * fpad - y0 };
    }
  g->lane = lane;
  g->hpad = hpad;
  g->cross_x = x_dec - lane - gapc / 2;
  g->cross_y = g->frame[0].y - title_h - 6 - u * 0.35;
}

static double
highlight_at (Block b, double position)
{
  guint lo = (guint) floor (position), hi = (guint) ceil (position);
  double a = (blocks[b].steps & AB_STEP (lo)) ? 1 : 0, c = (blocks[b].steps & AB_STEP (hi)) ? 1 : 0;

  return a + (c - a) * ab_tween (position, lo, lo + 1);
}

/* A line in @c at @alpha over the background (ab_draw_arrow takes no alpha). */
static AbRgb
faded (AbRgb c, double alpha)
{
  return ab_rgb_mix (AB_BG, c, alpha);
}

/* A residual path: from below a sub-layer, around its right side, into its norm. */
static void
draw_residual (cairo_t *cr, const Geometry *g, AbRect sub, AbRect norm, double emphasis)
{
  double x = sub.x + sub.w + g->lane, below = sub.y + sub.h + MIN (14, g->lane * 0.6);
  AbRgb c = faded (AB_SRAM, 0.35 + 0.65 * emphasis);

  cairo_save (cr);
  ab_set_rgb (cr, c);
  cairo_set_line_width (cr, 2 + 1.5 * emphasis);
  cairo_move_to (cr, sub.x + sub.w / 2, below);
  cairo_line_to (cr, x, below);
  cairo_line_to (cr, x, norm.y + norm.h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_draw_arrow (cr, x, norm.y + norm.h / 2, norm.x + norm.w + 2, norm.y + norm.h / 2, c, 2.5);
}

static void
draw_flow (cairo_t *cr, const Geometry *g, const Block *flow, guint n)
{
  for (guint i = 0; i + 1 < n; i++)
    {
      AbRect a = g->block[flow[i]], b = g->block[flow[i + 1]];
      ab_draw_arrow (cr, a.x + a.w / 2, a.y, b.x + b.w / 2, b.y + b.h + 2, faded (AB_TEXT_DIM, 0.7), 2.5);
    }
}

static void
draw_stacks (cairo_t *cr, AbRect stage, double position)
{
  Geometry g;
  double res_e = ab_clamp01 (1 - fabs (position - STEP_RESIDUAL));
  double cross_e = ab_clamp01 (1 - fabs (position - STEP_CROSS));
  AbRgb cross_c = faded (AB_ACTIVE, 0.4 + 0.6 * cross_e);
  AbRect src, dst;
  double rise_x, label_h;

  get_geometry (cr, stage, &g);
  /* The repeated layers, as tinted frames with their × 6. */
  for (int side = 0; side < 2; side++)
    {
      cairo_save (cr);
      ab_rounded_rect (cr, g.frame[side], 14);
      ab_set_rgba (cr, AB_TEXT_DIM, 0.05);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      draw_frame_title (cr, g.frame[side].x + 4, g.frame[side].y - 6, side == 1, TRUE);
    }

  draw_flow (cr, &g, enc_flow, G_N_ELEMENTS (enc_flow));
  draw_flow (cr, &g, dec_flow, G_N_ELEMENTS (dec_flow));
  for (guint i = 0; i < G_N_ELEMENTS (residuals); i++)
    draw_residual (cr, &g, g.block[residuals[i][0]], g.block[residuals[i][1]], res_e);

  /* Encoder output → every decoder layer's cross-attention. */
  src = g.block[B_ENC_NORM2];
  dst = g.block[B_DEC_CROSS];
  rise_x = src.x + src.w * 0.85;
  cairo_save (cr);
  ab_set_rgb (cr, cross_c);
  cairo_set_line_width (cr, 2.5 + 2 * cross_e);
  cairo_move_to (cr, rise_x, src.y);
  cairo_line_to (cr, rise_x, g.cross_y);
  cairo_line_to (cr, g.cross_x, g.cross_y);
  cairo_line_to (cr, g.cross_x, dst.y + dst.h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_draw_arrow (cr, g.cross_x, dst.y + dst.h / 2, dst.x - 2, dst.y + dst.h / 2, cross_c, 2.5);
  ab_text_measure (cr, AB_TEXT_SMALL, _("encoder output"), -1, NULL, &label_h);
  ab_text (cr, AB_TEXT_SMALL, _("encoder output"), rise_x - 8, g.cross_y - label_h - 4, AB_ACTIVE,
           AB_ALIGN_RIGHT, -1);

  for (int i = 0; i < N_BLOCKS; i++)
    {
      double e = highlight_at (i, position), th;
      gboolean strong = e > 0;
      AbRect r = g.block[i];
      AbRgb color = ab_color (blocks[i].color);

      cairo_save (cr);
      ab_rounded_rect (cr, r, 8);
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, color, strong ? 0.15 + 0.35 * e : 0.18));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, ab_rgb_mix (AB_BORDER, strong ? AB_ACTIVE : color, strong ? e : 0.5));
      cairo_set_line_width (cr, strong ? 2 + 2 * e : 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_text_measure (cr, AB_TEXT_LABEL, _(blocks[i].label), r.w - 2 * g.hpad, NULL, &th);
      ab_text (cr, AB_TEXT_LABEL, _(blocks[i].label), r.x + r.w / 2, r.y + (r.h - th) / 2, AB_TEXT,
               AB_ALIGN_CENTER, r.w - 2 * g.hpad);
    }
}

/* ab_draw_callout sizes nothing itself: draw it once off-canvas to learn its height. */
static double
callout_height (cairo_t *cr, double width, const char *title, const char *const *lines, guint n)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *scratch = cairo_create (surface);
  cairo_matrix_t matrix;
  double h;

  /* The same scale as @cr, so the text wraps and hints the same. */
  cairo_get_matrix (cr, &matrix);
  cairo_set_matrix (scratch, &matrix);
  ab_style_attach (scratch, ab_style_get_layout (cr));
  h = ab_draw_callout (scratch, (AbRect) { 0, 0, width, 100 }, title, lines, n);
  cairo_destroy (scratch);
  cairo_surface_destroy (surface);
  return h;
}

static void
draw_callout (cairo_t *cr, AbRect inner, const char *title, const char *const *lines, guint n)
{
  double h = callout_height (cr, inner.w, title, lines, n);
  ab_draw_callout (cr, (AbRect) { inner.x, inner.y, inner.w, MIN (h, inner.h) }, title, lines, n);
}

/* The four-token example: full and causal weights side by side, then why. */
static void
draw_masked (const AbQkvExample *ex, cairo_t *cr, AbRect inner)
{
  double full[AB_QKV_N * AB_QKV_N], masked[AB_QKV_N * AB_QKV_N];
  const char *why = _("Scores of later positions are set to −∞ before the softmax, so their weights are "
                      "exactly 0 (hatched) and each row renormalises over the words so far. The first "
                      "word can only attend to itself.");
  double head_h, why_h, cap_h, tok_w = 0, side, gap, y;
  AbRect g1, g2;

  for (int i = 0; i < AB_QKV_N; i++)
    {
      double tw;
      ab_text_measure (cr, AB_TEXT_LABEL, ex->tokens[i], -1, &tw, NULL);
      tok_w = MAX (tok_w, tw);
      for (int j = 0; j < AB_QKV_N; j++)
        {
          full[i * AB_QKV_N + j] = ex->p[i][j];
          masked[i * AB_QKV_N + j] = j > i ? -1.0 : ex->p_causal[i][j];
        }
    }
  ab_text_measure (cr, AB_TEXT_BODY_STRONG, _("The four-token example, weights P"), inner.w, NULL, &head_h);
  ab_text_measure (cr, AB_TEXT_BODY, why, inner.w, NULL, &why_h);
  ab_text_measure (cr, AB_TEXT_SMALL, _("decoder (causal mask)"), -1, NULL, &cap_h);
  gap = ab_style_size (cr, AB_TEXT_BODY) * 1.2;   /* the right grid has no row labels */
  y = inner.y + head_h + 12 + tok_w + 10;   /* column labels run upwards over the grids */
  side = MIN ((inner.w - tok_w - 10 - gap) / 2, inner.y + inner.h - why_h - cap_h - 36 - y);
  g1 = (AbRect) { inner.x + tok_w + 10, y, side, side };
  g2 = (AbRect) { g1.x + side + gap, y, side, side };

  ab_text (cr, AB_TEXT_BODY_STRONG, _("The four-token example, weights P"), inner.x, inner.y, AB_TEXT,
           AB_ALIGN_LEFT, inner.w);
  ab_draw_attention_grid (cr, g1, full, AB_QKV_N, AB_QKV_N, AB_QKV_N, -1, ex->tokens, ex->tokens, TRUE);
  ab_draw_attention_grid (cr, g2, masked, AB_QKV_N, AB_QKV_N, AB_QKV_N, -1, NULL, ex->tokens, TRUE);
  ab_text (cr, AB_TEXT_SMALL, _("encoder (no mask)"), g1.x + side / 2, y + side + 10, AB_TEXT_DIM,
           AB_ALIGN_CENTER, side + gap - 8);
  ab_text (cr, AB_TEXT_SMALL, _("decoder (causal mask)"), g2.x + side / 2, y + side + 10, AB_TEXT_DIM,
           AB_ALIGN_CENTER, side + gap - 8);
  ab_text (cr, AB_TEXT_BODY, why, inner.x, y + side + cap_h + 26, AB_TEXT, AB_ALIGN_LEFT, inner.w);
}

/* What each step's detail panel explains; the masked step draws weights instead. */
#define MAX_LINES 4
static const struct
{
  const char *title;
  const char *lines[MAX_LINES];
} details[N_STEPS] = {
  [STEP_ENCODER] = { N_("One encoder layer"), {
    N_("<b>Self-attention</b>: every token looks at every token of the source and takes a weighted blend "
       "of their values (8 heads of width 64)."),
    N_("<b>Feed-forward</b>: each token on its own goes through max(0, <i>xW</i><sub>1</sub> + <i>b</i><sub>1</sub>)"
       "<i>W</i><sub>2</sub> + <i>b</i><sub>2</sub>, widening 512 numbers to 2,048 and back."),
    N_("Attention mixes information <i>across</i> tokens; the FFN transforms it <i>within</i> each token."),
  } },
  [STEP_RESIDUAL] = { N_("The wrapper around every sub-layer"), {
    "<i>x</i> ← LayerNorm(<i>x</i> + Sublayer(<i>x</i>))",
    N_("<b>Residual</b> (green paths): the sub-layer's input is added back to its output, so each layer "
       "learns a correction and gradients have a direct path down the stack."),
    N_("<b>LayerNorm</b>: each token's vector is rescaled to mean 0 and variance 1 across its 512 "
       "features, then by a learned scale and shift."),
  } },
  [STEP_CROSS] = { N_("Cross-attention"), {
    N_("Queries come from the decoder (what the next word needs); keys and values come from the encoder's "
       "final output (what the source says)."),
    N_("It is Bahdanau's alignment again, now as scaled dot products, in every one of the six decoder "
       "layers and every head."),
    N_("No mask here: the whole source sentence is known before decoding starts."),
  } },
  [STEP_OUTPUT] = { N_("The whole model"), {
    N_("Base model: 6 + 6 layers, d<sub>model</sub> = 512, 8 heads, d<sub>ff</sub> = 2048, 65 M parameters."),
    N_("Big model: d<sub>model</sub> = 1024, 16 heads, d<sub>ff</sub> = 4096, 213 M parameters."),
    N_("A final linear layer and a softmax turn the top decoder vector into a probability for every "
       "word of the vocabulary; the chosen word is fed back in as the next input (the paper "
       "chose with beam search)."),
    N_("Sizes: Vaswani et al. (2017), Table 3."),
  } },
};

static void
draw_detail (const AbQkvExample *ex, cairo_t *cr, AbRect panel, guint step)
{
  double pad = ab_style_size (cr, AB_TEXT_BODY) * 1.2;
  AbRect inner = { panel.x + pad, panel.y + pad, panel.w - 2 * pad, panel.h - 2 * pad };
  const char *lines[MAX_LINES];
  guint n = 0;

  ab_draw_panel (cr, panel, NULL);
  step = MIN (step, N_STEPS - 1);
  if (step == STEP_MASKED)
    {
      draw_masked (ex, cr, inner);
      return;
    }
  for (; n < MAX_LINES && details[step].lines[n]; n++)
    lines[n] = _(details[step].lines[n]);
  draw_callout (cr, inner, _(details[step].title), lines, n);
}

static gboolean
ab_transformer_diagram_update (AbDiagram *diagram, GError **error)
{
  AbQkvExample *ex = g_new0 (AbQkvExample, 1);

  ab_qkv_run (ex);
  ab_diagram_set_result (diagram, ex, g_free);
  return TRUE;
}

static void
ab_transformer_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  draw_stacks (cr, layout->stages[STAGE_STACKS], position);
  /* The detail panel changes half-way through a transition. */
  draw_detail (ab_diagram_get_result (diagram), cr, layout->stages[STAGE_DETAIL], (guint) round (position));
}

/* The canvas names the picture; the class title names the page's diagram. */
static char *
ab_transformer_diagram_dup_title (AbDiagram *diagram)
{
  return g_strdup (_("The Transformer: encoder and decoder stacks"));
}

static char *
ab_transformer_diagram_describe (AbDiagram *diagram, guint step)
{
  return g_strdup (_("Encoder layer: multi-head self-attention and a feed-forward network, each wrapped in a "
                     "residual connection and LayerNorm, six times. Decoder layer: masked self-attention, "
                     "cross-attention to the encoder output, and a feed-forward network, six times, then a "
                     "softmax over the vocabulary."));
}

static const AbDiagramInfo info = {
  .name = "transformer-architecture",
  .title = N_("The Transformer, sub-layer by sub-layer"),
  AB_TABLE (steps, steps), AB_TABLE (legend, legend),
  AB_TABLE (stages, stages),
  .update = ab_transformer_diagram_update, .draw = ab_transformer_diagram_draw,
  .dup_title = ab_transformer_diagram_dup_title,
  .describe = ab_transformer_diagram_describe,
};

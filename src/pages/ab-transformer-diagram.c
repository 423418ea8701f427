/* ab-transformer-diagram.c — the encoder–decoder Transformer, one sub-layer
 * at a time (Vaswani et al., arXiv:1706.03762, Fig. 1 and §3)
 *
 * Left: the encoder and decoder stacks as blocks, with residual paths and the
 * cross-attention arrow; the step's blocks are highlighted. Right: what the
 * highlighted part computes. The masked self-attention step shows the causal
 * weights of the four-token example from src/kernels/qkv.c (a real masked
 * softmax; hatched cells are the masked future), next to the unmasked ones.
 *
 * Steps: encoder sub-layers → the residual + LayerNorm wrapper → decoder
 * masked self-attention → cross-attention → output and the stack sizes.
 */
#define G_LOG_DOMAIN "ab-transformer-diagram"

#include "ab-transformer-diagram.h"
#include "ab-draw.h"
#include "qkv.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_ENCODER, STEP_RESIDUAL, STEP_MASKED, STEP_CROSS, STEP_OUTPUT, N_STEPS };

/* The blocks of the picture, and in which steps each is highlighted. */
typedef enum
{
  B_ENC_EMBED, B_ENC_ATTN, B_ENC_NORM1, B_ENC_FFN, B_ENC_NORM2,
  B_DEC_EMBED, B_DEC_MASKED, B_DEC_NORM1, B_DEC_CROSS, B_DEC_NORM2, B_DEC_FFN, B_DEC_NORM3,
  B_OUTPUT, N_BLOCKS
} Block;

typedef struct
{
  const char *label;
  AbRect      r;
  guint       steps;   /* bit mask of steps that highlight it */
  AbRgb       color;
} BlockSpec;

#define BIT(s) (1u << (s))

struct _AbTransformerDiagram
{
  AbDiagram    parent_instance;
  AbQkvExample ex;
};

G_DEFINE_FINAL_TYPE (AbTransformerDiagram, ab_transformer_diagram, AB_TYPE_DIAGRAM)

static guint
ab_transformer_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_transformer_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · Encoder layer: self-attention, then a feed-forward network"),
    N_("2 · Every sub-layer is wrapped: LayerNorm(x + Sublayer(x))"),
    N_("3 · Decoder: masked self-attention cannot see future words"),
    N_("4 · Cross-attention: decoder queries, encoder keys and values"),
    N_("5 · Six layers each side, then a softmax over the vocabulary"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

static void
ab_transformer_diagram_update (AbDiagram *diagram)
{
  ab_qkv_run (&AB_TRANSFORMER_DIAGRAM (diagram)->ex);
}

static void
get_blocks (BlockSpec *b)
{
  const double ex = 80, dx = 530, w = 340, h = 46;
  const AbRgb attn = AB_HEADS[1], ffn = AB_HEADS[0], norm = AB_MUTED, io = AB_HEADS[3];
  const guint io_steps = BIT (STEP_OUTPUT);

  b[B_ENC_EMBED] = (BlockSpec) { N_("Embedding + positional encoding"), { ex, 770, w, h }, io_steps, io };
  b[B_ENC_ATTN] = (BlockSpec) { N_("Multi-head self-attention"), { ex, 640, w, h },
                                BIT (STEP_ENCODER) , attn };
  b[B_ENC_NORM1] = (BlockSpec) { N_("Add &amp; LayerNorm"), { ex, 580, w, h - 10 },
                                 BIT (STEP_RESIDUAL) , norm };
  b[B_ENC_FFN] = (BlockSpec) { N_("Feed-forward 512 → 2048 → 512"), { ex, 470, w, h },
                               BIT (STEP_ENCODER) , ffn };
  b[B_ENC_NORM2] = (BlockSpec) { N_("Add &amp; LayerNorm"), { ex, 410, w, h - 10 },
                                 BIT (STEP_RESIDUAL) , norm };

  b[B_DEC_EMBED] = (BlockSpec) { N_("Output so far (shifted right) + PE"), { dx, 770, w, h }, io_steps, io };
  b[B_DEC_MASKED] = (BlockSpec) { N_("Masked multi-head self-attention"), { dx, 660, w, h },
                                  BIT (STEP_MASKED) , attn };
  b[B_DEC_NORM1] = (BlockSpec) { N_("Add &amp; LayerNorm"), { dx, 605, w, h - 10 },
                                 BIT (STEP_RESIDUAL) , norm };
  b[B_DEC_CROSS] = (BlockSpec) { N_("Cross-attention (K, V from encoder)"), { dx, 500, w, h },
                                 BIT (STEP_CROSS) , attn };
  b[B_DEC_NORM2] = (BlockSpec) { N_("Add &amp; LayerNorm"), { dx, 445, w, h - 10 },
                                 BIT (STEP_RESIDUAL) , norm };
  b[B_DEC_FFN] = (BlockSpec) { N_("Feed-forward 512 → 2048 → 512"), { dx, 345, w, h }, 0, ffn };
  b[B_DEC_NORM3] = (BlockSpec) { N_("Add &amp; LayerNorm"), { dx, 290, w, h - 10 },
                                 BIT (STEP_RESIDUAL) , norm };
  b[B_OUTPUT] = (BlockSpec) { N_("Linear + softmax → next-word probabilities"), { dx, 160, w, h }, io_steps, io };
}

static void
draw_arrow (cairo_t *cr, double x0, double y0, double x1, double y1, AbRgb c, double alpha)
{
  double a = atan2 (y1 - y0, x1 - x0);

  cairo_save (cr);
  ab_set_rgba (cr, c, alpha);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - 12 * cos (a - 0.45), y1 - 12 * sin (a - 0.45));
  cairo_line_to (cr, x1 - 12 * cos (a + 0.45), y1 - 12 * sin (a + 0.45));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A residual path: from below a sub-layer, around its right side, into its norm. */
static void
draw_residual (cairo_t *cr, AbRect sub, AbRect norm, double emphasis)
{
  double x = sub.x + sub.w + 22;

  cairo_save (cr);
  ab_set_rgba (cr, AB_SRAM, 0.35 + 0.65 * emphasis);
  cairo_set_line_width (cr, 2 + 1.5 * emphasis);
  cairo_move_to (cr, sub.x + sub.w / 2, sub.y + sub.h + 14);
  cairo_line_to (cr, x, sub.y + sub.h + 14);
  cairo_line_to (cr, x, norm.y + norm.h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_arrow (cr, x, norm.y + norm.h / 2, norm.x + norm.w + 2, norm.y + norm.h / 2, AB_SRAM,
              0.35 + 0.65 * emphasis);
}

static double
highlight_at (const BlockSpec *b, double position)
{
  guint lo = (guint) floor (position), hi = (guint) ceil (position);
  double t = ab_ease_expo_out (position - lo);
  double a = (b->steps & BIT (lo)) ? 1 : 0, c = (b->steps & BIT (hi)) ? 1 : 0;
  return a + (c - a) * t;
}

static void
draw_stacks (cairo_t *cr, double position)
{
  BlockSpec b[N_BLOCKS];
  double res_e = ab_clamp01 (1 - fabs (position - STEP_RESIDUAL));

  get_blocks (b);
  /* The repeated layers, as tinted frames with their ×6. */
  for (int side = 0; side < 2; side++)
    {
      AbRect top = side == 0 ? b[B_ENC_NORM2].r : b[B_DEC_NORM3].r;
      AbRect bottom = side == 0 ? b[B_ENC_ATTN].r : b[B_DEC_MASKED].r;
      AbRect frame = { top.x - 22, top.y - 22, top.w + 74, bottom.y + bottom.h - top.y + 44 };

      cairo_save (cr);
      ab_rounded_rect (cr, frame, 14);
      ab_set_rgba (cr, AB_TEXT_DIM, 0.05);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_draw_text (cr, side == 0 ? _("Encoder <span weight='normal'>× 6 layers</span>")
                              : _("Decoder <span weight='normal'>× 6 layers</span>"),
                    frame.x + 4, frame.y - 34, 22, AB_FONT_SANS_BOLD, AB_TEXT, AB_ALIGN_LEFT, -1);
    }

  /* Data flow, bottom to top. */
  {
    static const Block enc[] = { B_ENC_EMBED, B_ENC_ATTN, B_ENC_NORM1, B_ENC_FFN, B_ENC_NORM2 };
    static const Block dec[] = { B_DEC_EMBED, B_DEC_MASKED, B_DEC_NORM1, B_DEC_CROSS, B_DEC_NORM2, B_DEC_FFN,
                                 B_DEC_NORM3, B_OUTPUT };
    for (guint i = 0; i + 1 < G_N_ELEMENTS (enc); i++)
      draw_arrow (cr, b[enc[i]].r.x + b[enc[i]].r.w / 2, b[enc[i]].r.y,
                  b[enc[i + 1]].r.x + b[enc[i + 1]].r.w / 2, b[enc[i + 1]].r.y + b[enc[i + 1]].r.h + 2,
                  AB_TEXT_DIM, 0.7);
    for (guint i = 0; i + 1 < G_N_ELEMENTS (dec); i++)
      draw_arrow (cr, b[dec[i]].r.x + b[dec[i]].r.w / 2, b[dec[i]].r.y,
                  b[dec[i + 1]].r.x + b[dec[i + 1]].r.w / 2, b[dec[i + 1]].r.y + b[dec[i + 1]].r.h + 2,
                  AB_TEXT_DIM, 0.7);
  }
  draw_residual (cr, b[B_ENC_ATTN].r, b[B_ENC_NORM1].r, res_e);
  draw_residual (cr, b[B_ENC_FFN].r, b[B_ENC_NORM2].r, res_e);
  draw_residual (cr, b[B_DEC_MASKED].r, b[B_DEC_NORM1].r, res_e);
  draw_residual (cr, b[B_DEC_CROSS].r, b[B_DEC_NORM2].r, res_e);
  draw_residual (cr, b[B_DEC_FFN].r, b[B_DEC_NORM3].r, res_e);

  /* Encoder output → every decoder layer's cross-attention. */
  {
    double e = ab_clamp01 (1 - fabs (position - STEP_CROSS));
    AbRect src = b[B_ENC_NORM2].r, dst = b[B_DEC_CROSS].r;
    cairo_save (cr);
    ab_set_rgba (cr, AB_ACTIVE, 0.4 + 0.6 * e);
    cairo_set_line_width (cr, 2.5 + 2 * e);
    cairo_move_to (cr, src.x + src.w * 0.85, src.y);
    cairo_line_to (cr, src.x + src.w * 0.85, src.y - 60);
    cairo_line_to (cr, dst.x - 40, src.y - 60);
    cairo_line_to (cr, dst.x - 40, dst.y + dst.h / 2);
    cairo_stroke (cr);
    cairo_restore (cr);
    draw_arrow (cr, dst.x - 40, dst.y + dst.h / 2, dst.x - 2, dst.y + dst.h / 2, AB_ACTIVE, 0.4 + 0.6 * e);
    ab_draw_text (cr, _("encoder output"), src.x + src.w * 0.85 - 8, src.y - 86, 16, AB_FONT_SANS, AB_ACTIVE,
                  AB_ALIGN_RIGHT, -1);
  }

  for (int i = 0; i < N_BLOCKS; i++)
    {
      double e = highlight_at (&b[i], position);
      gboolean strong = e > 0;
      double fill = strong ? 0.15 + 0.35 * e : 0.18 + 0.1 * e;

      cairo_save (cr);
      ab_rounded_rect (cr, b[i].r, 8);
      ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, b[i].color, fill));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, ab_rgb_mix (AB_BORDER, strong ? AB_ACTIVE : b[i].color, strong ? e : 0.5));
      cairo_set_line_width (cr, strong ? 2 + 2 * e : 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_draw_text (cr, _(b[i].label), b[i].r.x + b[i].r.w / 2, b[i].r.y + b[i].r.h / 2 - 11, 17, AB_FONT_SANS,
                    AB_TEXT, AB_ALIGN_CENTER, -1);
    }
}

static void
draw_detail (AbTransformerDiagram *self, cairo_t *cr, AbRect panel, guint step)
{
  const AbQkvExample *ex = &self->ex;
  double x = panel.x + 24, w = panel.w - 48;

  switch (step)
    {
    case STEP_ENCODER:
      {
        const char *lines[] = {
          _("<b>Self-attention</b>: every token looks at every token of the source and takes a weighted blend "
            "of their values (8 heads of width 64)."),
          _("<b>Feed-forward</b>: each token on its own goes through max(0, <i>xW</i><sub>1</sub> + <i>b</i><sub>1</sub>)"
            "<i>W</i><sub>2</sub> + <i>b</i><sub>2</sub>, widening 512 numbers to 2,048 and back."),
          _("Attention mixes information <i>across</i> tokens; the FFN transforms it <i>within</i> each token."),
        };
        ab_draw_callout (cr, (AbRect) { x, panel.y + 40, w, 330 }, _("One encoder layer"), lines, G_N_ELEMENTS (lines));
        break;
      }
    case STEP_RESIDUAL:
      {
        const char *lines[] = {
          "<i>x</i> ← LayerNorm(<i>x</i> + Sublayer(<i>x</i>))",
          _("<b>Residual</b> (green paths): the sub-layer's input is added back to its output, so each layer "
            "learns a correction and gradients have a direct path down the stack."),
          _("<b>LayerNorm</b>: each token's vector is rescaled to mean 0 and variance 1 across its 512 "
            "features, then by a learned scale and shift."),
        };
        ab_draw_callout (cr, (AbRect) { x, panel.y + 40, w, 330 }, _("The wrapper around every sub-layer"), lines,
                         G_N_ELEMENTS (lines));
        break;
      }
    case STEP_MASKED:
      {
        double full[AB_QKV_N * AB_QKV_N], masked[AB_QKV_N * AB_QKV_N];
        AbRect g1 = { x + 70, panel.y + 150, 200, 200 }, g2 = { x + 70 + 260, panel.y + 150, 200, 200 };

        for (int i = 0; i < AB_QKV_N; i++)
          for (int j = 0; j < AB_QKV_N; j++)
            {
              full[i * AB_QKV_N + j] = ex->p[i][j];
              masked[i * AB_QKV_N + j] = j > i ? -1.0 : ex->p_causal[i][j];
            }
        ab_draw_text (cr, _("The four-token example, weights P"), x, panel.y + 62, 18, AB_FONT_SANS_BOLD, AB_TEXT,
                      AB_ALIGN_LEFT, w);
        ab_draw_text (cr, _("encoder (no mask)"), g1.x + g1.w / 2, g1.y + g1.h + 12, 16, AB_FONT_SANS,
                      AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
        ab_draw_text (cr, _("decoder (causal mask)"), g2.x + g2.w / 2, g2.y + g2.h + 12, 16, AB_FONT_SANS,
                      AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
        ab_draw_attention_grid (cr, g1, full, AB_QKV_N, AB_QKV_N, AB_QKV_N, -1, ex->tokens, ex->tokens, TRUE);
        ab_draw_attention_grid (cr, g2, masked, AB_QKV_N, AB_QKV_N, AB_QKV_N, -1, NULL, ex->tokens, TRUE);
        ab_draw_text (cr, _("Scores of later positions are set to −∞ before the softmax, so their weights are "
                            "exactly 0 (hatched) and each row renormalises over the words so far. The first "
                            "word can only attend to itself."),
                      x, g1.y + g1.h + 50, 18, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, w);
        break;
      }
    case STEP_CROSS:
      {
        const char *lines[] = {
          _("Queries come from the decoder (what the next word needs); keys and values come from the encoder's "
            "final output (what the source says)."),
          _("It is Bahdanau's alignment again, now as scaled dot products, in every one of the six decoder "
            "layers and every head."),
          _("No mask here: the whole source sentence is known before decoding starts."),
        };
        ab_draw_callout (cr, (AbRect) { x, panel.y + 40, w, 330 }, _("Cross-attention"), lines, G_N_ELEMENTS (lines));
        break;
      }
    case STEP_OUTPUT:
    default:
      {
        const char *lines[] = {
          _("Base model: 6 + 6 layers, d<sub>model</sub> = 512, 8 heads, d<sub>ff</sub> = 2048, 65 M parameters."),
          _("Big model: d<sub>model</sub> = 1024, 16 heads, d<sub>ff</sub> = 4096, 213 M parameters."),
          _("A final linear layer and a softmax turn the top decoder vector into a probability for every "
            "word of the vocabulary; the chosen word is fed back in as the next input (the paper "
            "chose with beam search)."),
          _("Sizes: Vaswani et al. (2017), Table 3."),
        };
        ab_draw_callout (cr, (AbRect) { x, panel.y + 40, w, 330 }, _("The whole model"), lines, G_N_ELEMENTS (lines));
        break;
      }
    }
}

static void
ab_transformer_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("attention sub-layer"), AB_HEADS[1], AB_SWATCH_BOX);
  ab_legend_add (legend, _("feed-forward sub-layer"), AB_HEADS[0], AB_SWATCH_BOX);
  ab_legend_add (legend, _("residual path"), AB_SRAM, AB_SWATCH_LINE);
  ab_legend_add (legend, _("encoder output into cross-attention"), AB_ACTIVE, AB_SWATCH_LINE);
}

static void
ab_transformer_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height, double position)
{
  AbTransformerDiagram *self = AB_TRANSFORMER_DIAGRAM (diagram);
  guint step = (guint) round (position);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, (guint) ceil (position));
  AbRect right = { 960, 125, 600, 600 };
  ab_draw_header (cr, width, _("The Transformer: encoder and decoder stacks"), caption);
  draw_stacks (cr, position);
  ab_draw_panel (cr, right, NULL);
  draw_detail (self, cr, right, step);
  ab_diagram_draw_legend (diagram, cr, 960, 745, step);
}

static char *
ab_transformer_diagram_describe (AbDiagram *diagram, guint step)
{
  g_autofree char *title = ab_diagram_dup_caption (diagram, step);

  return g_strdup_printf (_("Transformer architecture, step %u of %u: %s. Encoder layer: multi-head "
                            "self-attention and a feed-forward network, each wrapped in a residual connection "
                            "and LayerNorm, six times. Decoder layer: masked self-attention, cross-attention "
                            "to the encoder output, and a feed-forward network, six times, then a softmax "
                            "over the vocabulary."),
                          MIN (step, N_STEPS - 1) + 1, N_STEPS, title);
}

static void
ab_transformer_diagram_class_init (AbTransformerDiagramClass *klass)
{
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  diagram_class->name = "transformer-architecture";
  diagram_class->title = N_("The Transformer, sub-layer by sub-layer");
  diagram_class->get_n_steps = ab_transformer_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_transformer_diagram_dup_step_title;
  diagram_class->update_legacy = ab_transformer_diagram_update;
  diagram_class->draw_legacy = ab_transformer_diagram_draw;
  diagram_class->collect_legend = ab_transformer_diagram_collect_legend;
  diagram_class->describe = ab_transformer_diagram_describe;
}

static void
ab_transformer_diagram_init (AbTransformerDiagram *self)
{
}

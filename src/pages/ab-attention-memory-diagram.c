/* ab-attention-memory-diagram.c — the N² memory of attention, multiplied out
 *
 * Left: nested squares, one per sequence length from 128 to 32,768 tokens,
 * each with a side proportional to N, so their areas are the sizes of the
 * attention matrices: every step outwards is four times the one inside.
 * Right: the bytes, from src/kernels/cost.c, on a log scale: one matrix →
 * one layer (× heads) → one sequence (× layers) → a batch of 32, against the
 * memory of a 16 GB and a 32 GB V100 (2019).
 *
 * Steps: one matrix → × heads → × layers → a batch on a GPU.
 */
#define G_LOG_DOMAIN "ab-attention-memory-diagram"

#include "ab-attention-memory-diagram.h"
#include "ab-cost-values.h"
#include "ab-draw.h"
#include "cost.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_MATRIX, STEP_LAYER, STEP_MODEL, STEP_BATCH, N_STEPS };

#define BATCH 32
#define LOG2_MIN 14.0   /* axis from 16 KiB … */
#define LOG2_MAX 48.0   /* … to 256 TiB */

static const char *const lengths[] = { "128", "256", "512", "1024", "2048", "4096", "8192", "16384", "32768", NULL };
static const char *const models[] = { "bert-base", "bert-large", "gpt2-small", "transformer-base", NULL };
static const char *const precisions[] = { "fp32", "fp16", NULL };
#define N_LENGTHS 9

struct _AbAttentionMemoryDiagram
{
  AbDiagram parent_instance;
};

G_DEFINE_FINAL_TYPE (AbAttentionMemoryDiagram, ab_attention_memory_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "n", N_("Sequence length N"), AB_PARAM_CHOICE, 0, N_LENGTHS - 1, 1, 2, FALSE, lengths, NULL },
  { "model", N_("Model shape"), AB_PARAM_CHOICE, 0, 3, 1, 0, FALSE, models, NULL },
  { "precision", N_("Precision"), AB_PARAM_CHOICE, 0, 1, 1, 1, FALSE, precisions, NULL },
};

static guint
ab_attention_memory_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_attention_memory_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · One head in one layer stores an N × N matrix of weights"),
    N_("2 · Every head of the layer stores its own"),
    N_("3 · Every layer too: the total for one sequence"),
    N_("4 · Training takes a batch: 32 sequences against a 2019 GPU"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

typedef struct
{
  int                n;
  const AbCostModel *model;
  int                bytes;
  double             sizes[N_STEPS];
} State;

static void
get_state (AbDiagram *diagram, State *st)
{
  st->n = atoi (lengths[(int) ab_diagram_get_param (diagram, "n")]);
  st->model = ab_cost_find_model (models[(int) ab_diagram_get_param (diagram, "model")]);
  st->bytes = ab_cost_precision_bytes (precisions[(int) ab_diagram_get_param (diagram, "precision")]);
  st->sizes[STEP_MATRIX] = (double) ab_cost_matrix_bytes (st->n, st->bytes);
  st->sizes[STEP_LAYER] = (double) ab_cost_stack_bytes (st->n, st->model->heads, 1, st->bytes);
  st->sizes[STEP_MODEL] = (double) ab_cost_stack_bytes (st->n, st->model->heads, st->model->layers, st->bytes);
  st->sizes[STEP_BATCH] = st->sizes[STEP_MODEL] * BATCH;
}

static void
draw_squares (cairo_t *cr, AbRect panel, int current_index, double reveal)
{
  double side_max = MIN (panel.w - 60, panel.h - 110);
  double x0 = panel.x + 30, y1 = panel.y + panel.h - 40;

  for (int i = N_LENGTHS - 1; i >= 0; i--)
    {
      int n = atoi (lengths[i]);
      double side = side_max * n / 32768.0;
      gboolean current = i == current_index;
      AbRect sq = { x0, y1 - side, side, side };

      cairo_save (cr);
      cairo_rectangle (cr, sq.x, sq.y, sq.w, sq.h);
      ab_set_rgba (cr, current ? AB_ACTIVE : AB_MUTED, current ? 0.25 + 0.35 * reveal : 0.06 + 0.03 * (N_LENGTHS - i));
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, current ? AB_ACTIVE : AB_BORDER);
      cairo_set_line_width (cr, current ? 3 : 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);
      if (side > 130)
        {
          g_autofree char *label = g_strdup_printf ("N = %s", lengths[i]);
          ab_draw_text (cr, label, sq.x + sq.w - 8, sq.y + 6, 15, AB_FONT_MONO,
                        current ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
        }
    }
  /* A small current square gets its label outside, with a leader line. */
  {
    double side = side_max * atoi (lengths[current_index]) / 32768.0;
    if (side <= 130)
      {
        g_autofree char *label = g_strdup_printf ("N = %s", lengths[current_index]);
        double lx = x0 + MAX (side, 4) + 150, ly = y1 - MAX (side, 4) - 150;
        cairo_save (cr);
        ab_set_rgb (cr, AB_ACTIVE);
        cairo_set_line_width (cr, 2);
        cairo_move_to (cr, x0 + side, y1 - side);
        cairo_line_to (cr, lx - 6, ly + 12);
        cairo_stroke (cr);
        cairo_restore (cr);
        ab_draw_text (cr, label, lx, ly, 20, AB_FONT_MONO, AB_TEXT, AB_ALIGN_LEFT, -1);
      }
  }
  ab_draw_text (cr, _("side ∝ N, area ∝ N²: each square is 4× the one inside it"), panel.x + 30,
                y1 + 8, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, panel.w - 60);
}

static double
axis_x (AbRect plot, double bytes)
{
  double l = log2 (MAX (bytes, 1.0));
  return plot.x + plot.w * (CLAMP (l, LOG2_MIN, LOG2_MAX) - LOG2_MIN) / (LOG2_MAX - LOG2_MIN);
}

static void
draw_bars (cairo_t *cr, AbRect panel, const State *st, double position)
{
  AbRect plot = { panel.x + 200, panel.y + 100, panel.w - 240, 4 * 110 };
  static const double gpus[] = { 16.0 * 1024 * 1024 * 1024, 32.0 * 1024 * 1024 * 1024 };
  g_autofree char *layer_label = g_strdup_printf (_("one layer (× %d heads)"), st->model->heads);
  g_autofree char *model_label = g_strdup_printf (_("one sequence (× %d layers)"), st->model->layers);
  g_autofree char *batch_label = g_strdup_printf (_("batch of %d sequences"), BATCH);
  const char *labels[N_STEPS] = { _("one matrix"), layer_label, model_label, batch_label };

  /* Axis: powers of 1024. */
  for (int p = 20; p <= 40; p += 10)
    {
      double x = axis_x (plot, ldexp (1.0, p));
      g_autofree char *t = ab_format_bytes ((guint64) 1 << p);
      cairo_save (cr);
      ab_set_rgba (cr, AB_BORDER, 1);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, plot.y - 10);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      cairo_restore (cr);
      ab_draw_text (cr, t, x, plot.y + plot.h + 6, 15, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_draw_text (cr, _("bytes, log scale"), plot.x + plot.w / 2, plot.y + plot.h + 30, 15, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_CENTER, -1);

  for (int s = 0; s < N_STEPS; s++)
    {
      double reveal = ab_tween (position, s - 1, s);
      double y = plot.y + s * 110 + 30;
      double over = st->sizes[s] > gpus[0];
      g_autofree char *text = ab_format_bytes ((guint64) st->sizes[s]);
      double x1;

      if (reveal <= 0)
        continue;
      x1 = plot.x + (axis_x (plot, st->sizes[s]) - plot.x) * reveal;
      ab_draw_text (cr, labels[s], plot.x - 12, y + 6, 17, AB_FONT_SANS, AB_TEXT, AB_ALIGN_RIGHT, -1);
      cairo_save (cr);
      ab_rounded_rect (cr, (AbRect) { plot.x, y, MAX (x1 - plot.x, 4), 34 }, 5);
      ab_set_rgba (cr, over && s == STEP_BATCH ? AB_HBM : AB_ACTIVE, 0.85);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_draw_text (cr, text, x1 + 10, y + 5, 19, AB_FONT_MONO, AB_TEXT, AB_ALIGN_LEFT, -1);
    }

  if (position > STEP_MODEL)
    for (guint g = 0; g < G_N_ELEMENTS (gpus); g++)
      {
        double x = axis_x (plot, gpus[g]);
        cairo_save (cr);
        ab_set_rgba (cr, AB_HBM, ab_tween (position, STEP_MODEL, STEP_BATCH));
        cairo_set_line_width (cr, 2.5);
        cairo_set_dash (cr, (double[]) { 8, 6 }, 2, 0);
        cairo_move_to (cr, x, plot.y - 20);
        cairo_line_to (cr, x, plot.y + plot.h);
        cairo_stroke (cr);
        cairo_restore (cr);
        ab_draw_text (cr, g == 0 ? _("V100 16 GB") : _("32 GB"), x + (g == 0 ? -6 : 6), plot.y - 44, 15,
                      AB_FONT_SANS, AB_HBM, g == 0 ? AB_ALIGN_RIGHT : AB_ALIGN_LEFT, -1);
      }
}

static void
ab_attention_memory_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  ab_legend_add (legend, _("the current N (square, left; bars, right)"), AB_ACTIVE, AB_SWATCH_BOX);
  ab_legend_add (legend, _("GPU memory of a 2019 V100; red bar: does not fit"), AB_HBM, AB_SWATCH_LINE);
}

static void
ab_attention_memory_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                                  double position)
{
  State st;
  guint step = (guint) ceil (position);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *matrix = NULL, *model = NULL, *count = NULL;
  AbRect left = { 40, 125, 560, 600 };
  AbRect right = { 630, 125, 930, 600 };
  get_state (diagram, &st);
  title = g_strdup_printf (_("Attention memory at N = %d: %s, %s"), st.n, st.model->name,
                           st.bytes == 4 ? "FP32" : "FP16");
  ab_draw_header (cr, width, title, caption);
  ab_draw_panel (cr, left, _("The N × N matrix, to scale"));
  ab_draw_panel (cr, right, _("Bytes of attention weights kept for the backward pass"));
  draw_squares (cr, left, (int) ab_diagram_get_param (diagram, "n"), ab_tween (position, -1, 0));
  draw_bars (cr, right, &st, position);
  ab_diagram_draw_legend (diagram, cr, 40, 750, step);

  matrix = ab_format_bytes ((guint64) st.sizes[STEP_MATRIX]);
  model = ab_format_bytes ((guint64) st.sizes[STEP_MODEL]);
  count = ab_cost_format_count ((guint64) st.n * st.n);
  summary = g_strdup_printf (_("N² = %s entries of %d bytes: %s per head per layer. Doubling N "
                               "multiplies every bar by 4. One sequence: %s."),
                             count, st.bytes, matrix, model);
  ab_draw_text (cr, summary, 640, 756, 19, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, width - 680);
}

static char *
ab_attention_memory_diagram_describe (AbDiagram *diagram, guint step)
{
  State st;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  get_state (diagram, &st);
  a = ab_format_bytes ((guint64) st.sizes[0]);
  b = ab_format_bytes ((guint64) st.sizes[1]);
  c = ab_format_bytes ((guint64) st.sizes[2]);
  d = ab_format_bytes ((guint64) st.sizes[3]);
  return g_strdup_printf (_("Attention memory at N = %d for %s in %s, step %u of %u: one matrix %s, one "
                            "layer %s, one sequence %s, a batch of %d sequences %s."),
                          st.n, st.model->name, st.bytes == 4 ? "FP32" : "FP16", step + 1, N_STEPS, a, b, c,
                          BATCH, d);
}

static void
ab_attention_memory_diagram_class_init (AbAttentionMemoryDiagramClass *klass)
{
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  diagram_class->name = "attention-memory";
  diagram_class->title = N_("The N² memory of attention, multiplied out");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_attention_memory_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_attention_memory_diagram_dup_step_title;
  diagram_class->draw_legacy = ab_attention_memory_diagram_draw;
  diagram_class->collect_legend = ab_attention_memory_diagram_collect_legend;
  diagram_class->describe = ab_attention_memory_diagram_describe;
}

static void
ab_attention_memory_diagram_init (AbAttentionMemoryDiagram *self)
{
}

/* ab-multihead-diagram.c — multi-head self-attention on one sentence, four heads
 *
 * The weights come from src/kernels/multihead.c: four heads whose query/key
 * projections are constructed to show the patterns Clark et al. (2019) found
 * in BERT (previous token, syntactic head, coreference, broadcast to [SEP]).
 * Tokens sit in two facing rows (attending token above, attended token
 * below); an edge's thickness is the softmax weight, its colour the head.
 *
 * Steps: all heads → head 1 → head 2 → head 3 → head 4. Each head can be
 * switched off; clicking a token (or the "focus" slider) keeps only that
 * token's outgoing attention.
 */
#define G_LOG_DOMAIN "ab-multihead-diagram"

#include "ab-multihead-diagram.h"
#include "ab-book-values.h"
#include "ab-draw.h"
#include "multihead.h"

#include <glib/gi18n.h>
#include <math.h>

#define N_STEPS (1 + AB_MHA_HEADS)
#define ROW_X0        70.0
#define ROW_X1      1050.0
#define TOP_ROW_Y    205.0
#define BOTTOM_ROW_Y 565.0
#define CHIP_W        72.0
#define CHIP_H        38.0
#define MIN_WEIGHT     0.08   /* thinner edges are noise (and cost most of a frame): skip them */

struct _AbMultiheadDiagram
{
  AbDiagram    parent_instance;
  AbMhaResult *result;
};

G_DEFINE_FINAL_TYPE (AbMultiheadDiagram, ab_multihead_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "head1", N_("Head 1: previous token"), AB_PARAM_TOGGLE, 0, 1, 1, 1, FALSE, NULL, NULL },
  { "head2", N_("Head 2: syntactic head"), AB_PARAM_TOGGLE, 0, 1, 1, 1, FALSE, NULL, NULL },
  { "head3", N_("Head 3: coreference"), AB_PARAM_TOGGLE, 0, 1, 1, 1, FALSE, NULL, NULL },
  { "head4", N_("Head 4: broadcast to [SEP]"), AB_PARAM_TOGGLE, 0, 1, 1, 1, FALSE, NULL, NULL },
  { "focus", N_("Focus token (−1 = all tokens)"), AB_PARAM_SLIDER, -1, AB_MHA_N - 1, 1, -1, FALSE,
    NULL, "%.0f" },
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
  N_("Every token looks at [SEP]. Clark et al. read this as a no-op: a head with "
     "nothing useful to do dumps its attention on a token that is always there."),
};

static guint
ab_multihead_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_multihead_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · Four heads read the same sentence, each with its own projections"),
    N_("2 · Head 1 attends to the previous token"),
    N_("3 · Head 2 attends from each word to its syntactic head"),
    N_("4 · Head 3 links the pronoun “it” to “animal”"),
    N_("5 · Head 4 sends everything to [SEP]"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

static void
ab_multihead_diagram_update (AbDiagram *diagram)
{
  AbMultiheadDiagram *self = AB_MULTIHEAD_DIAGRAM (diagram);

  if (self->result == NULL)
    {
      self->result = g_new0 (AbMhaResult, 1);
      ab_mha_run (AB_MHA_DEFAULT_SEED, self->result);
    }
}

static double
token_x (int i)
{
  return ROW_X0 + (ROW_X1 - ROW_X0) * (i + 0.5) / AB_MHA_N;
}

/* How strongly head h is drawn at a whole step. */
static double
step_emphasis (guint step, int h)
{
  if (step == 0)
    return 1.0;
  return (int) step - 1 == h ? 1.0 : 0.12;
}

static double
emphasis_at (double position, int h)
{
  guint lo = (guint) floor (position), hi = (guint) ceil (position);
  double t = ab_ease_expo_out (position - lo);

  return step_emphasis (lo, h) + (step_emphasis (hi, h) - step_emphasis (lo, h)) * t;
}

static void
draw_chip (cairo_t *cr, double cx, double cy, const char *word, AbRgb outline, gboolean active)
{
  g_autofree char *esc = g_markup_escape_text (word, -1);
  AbRect r = { cx - CHIP_W / 2, cy - CHIP_H / 2, CHIP_W, CHIP_H };

  cairo_save (cr);
  ab_rounded_rect (cr, r, 8);
  ab_set_rgb (cr, active ? ab_rgb_mix (AB_PANEL, AB_ACTIVE, 0.35) : AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, active ? AB_ACTIVE : outline);
  cairo_set_line_width (cr, active ? 3 : 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_draw_text (cr, esc, cx, cy - 11, 16, AB_FONT_SANS, AB_TEXT, AB_ALIGN_CENTER, -1);
}

static void
draw_edges (AbMultiheadDiagram *self, cairo_t *cr, int h, double emphasis, int focus)
{
  const AbMhaResult *res = self->result;
  double offset = (h - 1.5) * 7;   /* heads side by side, not on top of each other */
  double y0 = TOP_ROW_Y + CHIP_H / 2 + 4, y1 = BOTTOM_ROW_Y - CHIP_H / 2 - 4;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* Hundreds of wide translucent curves: a coarser flattening (half a unit)
   * looks the same and keeps a frame within budget. */
  cairo_set_tolerance (cr, 0.5);
  for (int i = 0; i < AB_MHA_N; i++)
    {
      if (focus >= 0 && i != focus)
        continue;
      for (int j = 0; j < AB_MHA_N; j++)
        {
          double w = res->weights[h][i][j];
          double x0 = token_x (i) + offset, x1 = token_x (j) + offset;

          if (w < MIN_WEIGHT)
            continue;
          ab_set_rgba (cr, AB_HEADS[h], emphasis * (0.2 + 0.8 * w));
          cairo_set_line_width (cr, 1.0 + 9.0 * w);
          cairo_move_to (cr, x0, y0);
          cairo_curve_to (cr, x0, y0 + 150, x1, y1 - 150, x1, y1);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_thumbnails (AbMultiheadDiagram *self, cairo_t *cr, AbRect panel, int focus)
{
  static const char *const short_titles[AB_MHA_HEADS] = {
    N_("1 · previous token"), N_("2 · syntactic head"), N_("3 · coreference"), N_("4 · broadcast"),
  };
  double size = 165, gap_x = (panel.w - 2 * size) / 3;

  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      double x = panel.x + gap_x + (h % 2) * (size + gap_x);
      double y = panel.y + 85 + (h / 2) * (size + 50);
      g_autofree char *label = g_strdup_printf ("<span foreground='#%02x%02x%02x'>%s</span>",
                                                (int) (AB_HEADS[h].r * 255), (int) (AB_HEADS[h].g * 255),
                                                (int) (AB_HEADS[h].b * 255), _(short_titles[h]));

      ab_draw_text (cr, label, x, y - 26, 16, AB_FONT_SANS_BOLD, AB_TEXT, AB_ALIGN_LEFT, -1);
      ab_draw_attention_grid (cr, (AbRect) { x, y, size, size }, &self->result->weights[h][0][0],
                              AB_MHA_N, AB_MHA_N, AB_MHA_N, focus, NULL, NULL, FALSE);
    }
  ab_draw_text (cr, _("rows: attending token · columns: attended token"), panel.x + panel.w / 2,
                panel.y + panel.h - 30, 15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

static void
draw_head_grid (AbMultiheadDiagram *self, cairo_t *cr, AbRect panel, int h, int focus)
{
  const char *labels[AB_MHA_N];
  AbRect grid = { panel.x + 95, panel.y + 150, panel.w - 125, panel.w - 125 };

  for (int i = 0; i < AB_MHA_N; i++)
    labels[i] = ab_mha_token (i);
  ab_draw_attention_grid (cr, grid, &self->result->weights[h][0][0], AB_MHA_N, AB_MHA_N, AB_MHA_N,
                          focus, labels, labels, FALSE);
  ab_draw_text (cr, _("rows: attending token · columns: attended token"), panel.x + panel.w / 2,
                grid.y + grid.h + 12, 15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

static char *
focus_summary (AbMultiheadDiagram *self, int focus, const gboolean *enabled)
{
  GString *s = g_string_new (NULL);
  g_autofree char *word = g_markup_escape_text (ab_mha_token (focus), -1);

  g_string_append_printf (s, _("<b>%s</b> attends most to: "), word);
  for (int h = 0, shown = 0; h < AB_MHA_HEADS; h++)
    {
      int j = ab_mha_argmax (self->result, h, focus);
      g_autofree char *target = g_markup_escape_text (ab_mha_token (j), -1);
      if (!enabled[h])
        continue;
      g_string_append_printf (s, "%s<span foreground='#%02x%02x%02x'>%s %.2f</span>",
                              shown++ ? " · " : "", (int) (AB_HEADS[h].r * 255),
                              (int) (AB_HEADS[h].g * 255), (int) (AB_HEADS[h].b * 255), target,
                              self->result->weights[h][focus][j]);
    }
  return g_string_free (s, FALSE);
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
  ab_legend_add (legend, _("edge width and cell brightness: weight 0 → 1"), AB_TEXT_DIM, AB_SWATCH_GRADIENT);
}

static void
ab_multihead_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                           double position)
{
  AbMultiheadDiagram *self = AB_MULTIHEAD_DIAGRAM (diagram);
  guint step = (guint) round (position);
  int focus = (int) ab_diagram_get_param (diagram, "focus");
  g_autofree char *caption = ab_diagram_dup_caption (diagram, (guint) ceil (position));
  AbRect left = { 40, 125, 1040, 510 };
  AbRect right = { 1110, 125, 450, 510 };
  gboolean enabled[AB_MHA_HEADS];
  g_autofree char *text = NULL;

  ab_draw_header (cr, width, _("Multi-head self-attention: four heads, one sentence"), caption);
  ab_draw_panel (cr, left, NULL);
  ab_draw_panel (cr, right, step == 0 ? _("All four weight matrices") : _(head_titles[step - 1]));

  ab_draw_text (cr, _("attending token (query)"), left.x + 20, TOP_ROW_Y - 62, 16, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  ab_draw_text (cr, _("attended token (key)"), left.x + 20, BOTTOM_ROW_Y + 28, 16, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_LEFT, -1);

  for (int h = 0; h < AB_MHA_HEADS; h++)
    enabled[h] = ab_diagram_get_param (diagram, head_param[h]) > 0.5;
  /* The step's own head on top of the others. */
  for (int pass = 0; pass < 2; pass++)
    for (int h = 0; h < AB_MHA_HEADS; h++)
      {
        double e = emphasis_at (position, h);
        if (enabled[h] && (pass == 0) == (e < 0.99))
          draw_edges (self, cr, h, e, focus);
      }

  for (int i = 0; i < AB_MHA_N; i++)
    {
      draw_chip (cr, token_x (i), TOP_ROW_Y, ab_mha_token (i), AB_BORDER, i == focus);
      draw_chip (cr, token_x (i), BOTTOM_ROW_Y, ab_mha_token (i), AB_BORDER, FALSE);
    }

  if (step == 0)
    draw_thumbnails (self, cr, right, focus);
  else
    draw_head_grid (self, cr, right, step - 1, focus);

  ab_diagram_draw_legend (diagram, cr, 40, 660, step);

  if (focus >= 0)
    {
      g_autofree char *summary = focus_summary (self, focus, enabled);
      ab_draw_text (cr, summary, 560, 662, 18, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, width - 600);
    }
  if (step == 0)
    text = g_strdup (_("Each head has its own query and key projections, so each sees a different "
                       "pattern in the same sentence. Their outputs are concatenated and mixed by "
                       "W<sup>O</sup>. Toggle heads, or click a token to see only its attention."));
  else
    text = g_strdup (_(head_explanations[step - 1]));
  ab_draw_text (cr, text, 560, focus >= 0 ? 700 : 662, 19, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT,
                width - 600);
  ab_draw_text (cr, _("Illustrative: weights computed by a real softmax over constructed projections, "
                      "after patterns Clark et al. (2019) found in BERT heads."),
                560, 820, 16, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, width - 600);
}

static char *
ab_multihead_diagram_describe (AbDiagram *diagram, guint step)
{
  AbMultiheadDiagram *self = AB_MULTIHEAD_DIAGRAM (diagram);
  GString *s = g_string_new (NULL);
  int focus = (int) ab_diagram_get_param (diagram, "focus");

  g_string_append_printf (s, _("Multi-head self-attention over “The animal didn't cross the street "
                               "because it was too tired”, step %u of %u. "),
                          step + 1, N_STEPS);
  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      int q = focus >= 0 ? focus : ab_mha_find_token ("it");
      int j = ab_mha_argmax (self->result, h, q);

      if (step != 0 && (int) step - 1 != h)
        continue;
      g_string_append_printf (s, _("%s%s: “%s” attends most to “%s” (%.2f). "), _(head_titles[h]),
                              ab_diagram_get_param (diagram, head_param[h]) > 0.5 ? "" : _(" (off)"),
                              ab_mha_token (q), ab_mha_token (j), self->result->weights[h][q][j]);
    }
  return g_string_free (s, FALSE);
}

static gboolean
ab_multihead_diagram_click (AbDiagram *diagram, double x, double y)
{
  int hit = -1;
  double current = ab_diagram_get_param (diagram, "focus");

  for (int i = 0; i < AB_MHA_N; i++)
    if (fabs (x - token_x (i)) <= CHIP_W / 2 &&
        (fabs (y - TOP_ROW_Y) <= CHIP_H / 2 || fabs (y - BOTTOM_ROW_Y) <= CHIP_H / 2))
      hit = i;
  /* Clicking the focused token again, or empty canvas, shows every token. */
  if (hit == (int) current)
    hit = -1;
  if (hit == (int) current)
    return FALSE;
  ab_diagram_set_param (diagram, "focus", hit, NULL);
  return TRUE;
}

static gboolean
parse_head (const char *s, AbMhaHead *head)
{
  for (int h = 0; h < AB_MHA_HEADS; h++)
    if (g_strcmp0 (s, ab_mha_head_key (h)) == 0)
      {
        *head = h;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_token (const char *s, int *index)
{
  *index = ab_mha_find_token (s);
  if (*index >= 0)
    return TRUE;
  return ab_book_value_parse_int (s, 't', 0, AB_MHA_N - 1, index);
}

/* Values for the prose, from the default run (seed 2019), as the diagram draws:
 *   mha.weight.HEAD.FROM.TO   softmax weight from token FROM to token TO
 *   mha.score.HEAD.FROM.TO    the scaled score q·k/√d_k before the softmax
 *   mha.argmax.HEAD.FROM      the token FROM attends to most
 *   mha.match.HEAD            how many of the 13 tokens attend most where the
 *                             construction intends
 *   mha.tokens | mha.heads | mha.dk | mha.dmodel   the toy model's sizes
 * HEAD is previous, syntax, coref or broadcast; FROM/TO a word of the
 * sentence ("it", "animal"; "The" ≠ "the") or tN for token N (0 = [CLS]). */
char *
ab_multihead_diagram_format_value (char **parts)
{
  static AbMhaResult *res;
  guint n = g_strv_length (parts);
  AbMhaHead head;
  int from, to;

  if (res == NULL)
    {
      res = g_new0 (AbMhaResult, 1);
      ab_mha_run (AB_MHA_DEFAULT_SEED, res);
    }
  if (n == 2)
    {
      if (g_str_equal (parts[1], "tokens"))
        return g_strdup_printf ("%d", AB_MHA_N);
      if (g_str_equal (parts[1], "heads"))
        return g_strdup_printf ("%d", AB_MHA_HEADS);
      if (g_str_equal (parts[1], "dk"))
        return g_strdup_printf ("%d", AB_MHA_D_K);
      if (g_str_equal (parts[1], "dmodel"))
        return g_strdup_printf ("%d", AB_MHA_D_MODEL);
      return NULL;
    }
  if (n < 3 || !parse_head (parts[2], &head))
    return NULL;
  if (n == 3 && g_str_equal (parts[1], "match"))
    {
      int count = 0;
      for (int i = 0; i < AB_MHA_N; i++)
        count += ab_mha_argmax (res, head, i) == ab_mha_intended_target (head, i);
      return g_strdup_printf ("%d", count);
    }
  if (n == 4 && g_str_equal (parts[1], "argmax") && parse_token (parts[3], &from))
    return g_strdup (ab_mha_token (ab_mha_argmax (res, head, from)));
  if (n == 5 && parse_token (parts[3], &from) && parse_token (parts[4], &to))
    {
      if (g_str_equal (parts[1], "weight"))
        return ab_book_value_number (res->weights[head][from][to]);
      if (g_str_equal (parts[1], "score"))
        return ab_book_value_number (res->scores[head][from][to]);
    }
  return NULL;
}

static void
ab_multihead_diagram_finalize (GObject *object)
{
  AbMultiheadDiagram *self = AB_MULTIHEAD_DIAGRAM (object);

  g_clear_pointer (&self->result, g_free);
  G_OBJECT_CLASS (ab_multihead_diagram_parent_class)->finalize (object);
}

static void
ab_multihead_diagram_class_init (AbMultiheadDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_multihead_diagram_finalize;

  diagram_class->name = "multihead-self-attention";
  diagram_class->title = N_("Multi-head self-attention: four heads, four patterns");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_multihead_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_multihead_diagram_dup_step_title;
  diagram_class->update_legacy = ab_multihead_diagram_update;
  diagram_class->draw_legacy = ab_multihead_diagram_draw;
  diagram_class->collect_legend = ab_multihead_diagram_collect_legend;
  diagram_class->describe = ab_multihead_diagram_describe;
  diagram_class->click_legacy = ab_multihead_diagram_click;
}

static void
ab_multihead_diagram_init (AbMultiheadDiagram *self)
{
}

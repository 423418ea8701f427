/* ab-seq2seq-diagram.c — "seq2seq-bottleneck": a 5-word and a 50-word
 * sentence folded into the same fixed-size state, then read back out,
 * computed by src/kernels/seq2seq.c.
 *
 * Steps: the two sentences → encoding, one token at a time → the two final
 * states, same size → decoding every position with the best linear readout
 * → what survives. The state-size choice reruns the kernel; every bar is a
 * measured recall on held-out sentences.
 */
#define G_LOG_DOMAIN "ab-seq2seq-diagram"

#include "ab-seq2seq-diagram.h"
#include "ab-components.h"
#include "ab-book-values.h"
#include "seq2seq.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STEP_SENTENCES, STEP_ENCODE, STEP_STATE, STEP_DECODE, STEP_SURVIVE, N_STEPS };

#define SHORT_N 5
#define LONG_N 50

static const char *const state_choices[] = { "16", "32", "64", "128", NULL };
static const int state_sizes[] = { 16, 32, 64, 128 };

struct _AbSeq2seqDiagram
{
  AbDiagram        parent_instance;
  AbSeq2seqResult *runs[2];   /* [0]: 5 words, [1]: 50 words */
};

G_DEFINE_FINAL_TYPE (AbSeq2seqDiagram, ab_seq2seq_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "d_state", N_("Encoder state size"), AB_PARAM_CHOICE, 0, 3, 1, 2, FALSE, state_choices, "%.0f" },
};

static guint
ab_seq2seq_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static int
current_state_size (AbDiagram *diagram)
{
  int idx = (int) ab_diagram_get_param (diagram, "d_state");
  return state_sizes[CLAMP (idx, 0, 3)];
}

static char *
ab_seq2seq_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  int ds = current_state_size (diagram);

  switch (MIN (step, N_STEPS - 1))
    {
    case STEP_SENTENCES:
      {
        AbSeq2seqConfig c;
        ab_seq2seq_config_init (&c);
        return g_strdup_printf (_("1 · Two sentences of random words, %d numbers per word: %d words and %d words"),
                                c.d_model, SHORT_N, LONG_N);
      }
    case STEP_ENCODE:
      return g_strdup_printf (_("2 · Encode: a tanh RNN folds one word at a time into the same %d numbers"), ds);
    case STEP_STATE:
      return g_strdup_printf (_("3 · Both sentences end as one vector of %d numbers: all the decoder gets"), ds);
    case STEP_DECODE:
      return g_strdup (_("4 · Decode: the best linear readout tries to recover every word from that vector"));
    default:
      return g_strdup (_("5 · What survives: all of the short sentence, only the end of the long one"));
    }
}

static void
ab_seq2seq_diagram_update (AbDiagram *diagram)
{
  AbSeq2seqDiagram *self = AB_SEQ2SEQ_DIAGRAM (diagram);
  const int lengths[2] = { SHORT_N, LONG_N };

  for (int r = 0; r < 2; r++)
    {
      AbSeq2seqConfig config;

      ab_seq2seq_config_init (&config);
      config.n_tokens = lengths[r];
      config.d_state = current_state_size (diagram);
      g_clear_pointer (&self->runs[r], ab_seq2seq_free);
      self->runs[r] = ab_seq2seq_run (&config);
      g_assert (self->runs[r] != NULL);
    }
}

static void
draw_tokens (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, double absorbed)
{
  const int n = res->config.n_tokens, dm = res->config.d_model;
  double cw = r.w / n, ch = r.h / dm;
  double gap = cw > 12 ? 4 : 1;

  for (int t = 0; t < n; t++)
    {
      /* A word fades once the encoder has read it. */
      double fade = ab_clamp01 (absorbed - t);
      for (int k = 0; k < dm; k++)
        {
          AbRgb c = ab_color_diverging (res->example_inputs[t * dm + k], 0.8);
          ab_set_rgb (cr, ab_rgb_mix (c, AB_PANEL, 0.75 * fade));
          cairo_rectangle (cr, r.x + t * cw + gap / 2, r.y + k * ch + 1, cw - gap, ch - 2);
          cairo_fill (cr);
        }
    }
}

static void
draw_state (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, double fill)
{
  const int ds = res->config.d_state;
  int cols = ds <= 64 ? 8 : 16, rows = ds / cols;
  double cs = MIN (r.w / cols, r.h / rows);
  double ox = r.x + (r.w - cs * cols) / 2;

  for (int q = 0; q < ds; q++)
    {
      AbRgb c = ab_color_diverging (res->example_state[q], 0.6);
      ab_set_rgb (cr, ab_rgb_mix (AB_BG, c, ab_clamp01 (fill)));
      cairo_rectangle (cr, ox + (q % cols) * cs + 1, r.y + (q / cols) * cs + 1, cs - 2, cs - 2);
      cairo_fill (cr);
    }
  ab_set_rgb (cr, AB_SRAM);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, ox - 3, r.y - 3, cs * cols + 6, cs * rows + 6);
  cairo_stroke (cr);
}

static void
draw_recall (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, double reveal, double emphasis)
{
  const int n = res->config.n_tokens;
  double chance_y = r.y + r.h * (1.0 - res->chance);
  double bw = r.w / n;

  /* Axis: 0 and 100 %, chance as a dashed line. */
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, r.x, r.y);
  cairo_line_to (cr, r.x + r.w, r.y);
  cairo_stroke (cr);
  ab_draw_text (cr, "100%", r.x - 6, r.y - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_text (cr, "0%", r.x - 6, r.y + r.h - 9, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_draw_bars (cr, r, res->recall, n, 0, 1, AB_SRAM, reveal);
  cairo_save (cr);
  ab_set_rgb (cr, AB_HBM);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, r.x, chance_y);
  cairo_line_to (cr, r.x + r.w, chance_y);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (reveal > 0.5)
    {
      if (n <= 10)
        for (int t = 0; t < n; t++)
          {
            char buf[16];
            g_snprintf (buf, sizeof buf, "%.0f%%", 100 * res->recall[t]);
            gboolean inside = res->recall[t] > 0.25;
            ab_draw_text (cr, buf, r.x + (t + 0.5) * bw,
                          r.y + r.h * (1 - res->recall[t]) + (inside ? 6 : -24), 15,
                          AB_FONT_MONO, inside ? AB_BG : AB_TEXT, AB_ALIGN_CENTER, -1);
          }
      /* Ticks under the first and last word, and per word for short sentences. */
      for (int t = 0; t < n; t++)
        if (n <= 10 || t == 0 || t == n - 1 || (t + 1) % 10 == 0)
          {
            char buf[16];
            g_snprintf (buf, sizeof buf, "%d", t + 1);
            ab_draw_text (cr, buf, r.x + (t + 0.5) * bw, r.y + r.h + 4, 13, AB_FONT_MONO,
                          AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
          }
    }
  if (emphasis > 0)
    {
      g_autofree char *s = g_strdup_printf (_("mean recall <b>%.1f%%</b> · chance %.1f%%"),
                                            100 * res->mean_recall, 100 * res->chance);
      ab_draw_text (cr, s, r.x, r.y + r.h + 28, 17, AB_FONT_SANS,
                    ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emphasis), AB_ALIGN_LEFT, r.w);
    }
}

static void
draw_run (AbSeq2seqDiagram *self, cairo_t *cr, const AbSeq2seqResult *res, AbRect p,
          double position)
{
  const int n = res->config.n_tokens, dm = res->config.d_model, ds = res->config.d_state;
  double encode = ab_tween (position, STEP_SENTENCES, STEP_ENCODE);
  double decode = ab_tween (position, STEP_STATE, STEP_DECODE);
  double survive = ab_tween (position, STEP_DECODE, STEP_SURVIVE);
  g_autofree char *title = g_strdup_printf (_("%d words → %d numbers → %d words"), n, ds, n);
  g_autofree char *in = g_strdup_printf (_("%d words × %d numbers = <b>%d</b> numbers in"), n, dm, n * dm);
  g_autofree char *st = g_strdup_printf (_("final state: <b>%d</b> numbers"), ds);
  AbRect tokens = { p.x + 30, p.y + 76, 340, 192 };
  AbRect state = { p.x + 460, p.y + 72, 200, 200 };
  AbRect bars = { p.x + 800, p.y + 82, p.w - 840, 186 };
  AbRgb fits = n * dm <= ds ? AB_SRAM : AB_HBM;

  ab_draw_panel (cr, p, title);
  draw_tokens (cr, res, tokens, position >= STEP_ENCODE ? encode * n : 0);
  ab_draw_text (cr, in, tokens.x, tokens.y + tokens.h + 14, 17, AB_FONT_SANS,
                position >= STEP_STATE ? fits : AB_TEXT_DIM, AB_ALIGN_LEFT, tokens.w + 40);

  ab_draw_arrow (cr, tokens.x + tokens.w + 14, state.y + state.h / 2,
                       state.x - 12, state.y + state.h / 2,
                       ab_rgb_mix (AB_MUTED, AB_ACTIVE, encode), 3);
  ab_draw_text (cr, _("encoder"), (tokens.x + tokens.w + state.x) / 2, state.y + state.h / 2 - 30,
                15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
  draw_state (cr, res, state, encode);
  ab_draw_text (cr, st, state.x + state.w / 2, tokens.y + tokens.h + 14, 17, AB_FONT_SANS,
                AB_TEXT, AB_ALIGN_CENTER, -1);

  ab_draw_arrow (cr, state.x + state.w + 14, state.y + state.h / 2, bars.x - 52,
                       state.y + state.h / 2, ab_rgb_mix (AB_MUTED, AB_ACTIVE, decode), 3);
  ab_draw_text (cr, _("decoder"), (state.x + state.w + bars.x - 40) / 2, state.y + state.h / 2 - 30,
                15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
  ab_draw_text (cr, _("recall of each word (held-out)"), bars.x, p.y + 44, 16, AB_FONT_SANS,
                AB_TEXT_DIM, AB_ALIGN_LEFT, bars.w);
  draw_recall (cr, res, bars, position >= STEP_DECODE ? decode : 0, survive);
}

static void
ab_seq2seq_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  AbSeq2seqDiagram *self = AB_SEQ2SEQ_DIAGRAM (diagram);
  g_autofree char *chance = g_strdup_printf (_("chance: 1 in %d words"), self->runs[0]->config.vocab);

  ab_legend_add (legend, _("word vector: red &lt; 0, blue &gt; 0"), AB_HBM, AB_SWATCH_BOX);
  ab_legend_add (legend, _("the fixed-size encoder state"), AB_SRAM, AB_SWATCH_LINE);
  ab_legend_add (legend, _("recall: decoded word is right"), AB_SRAM, AB_SWATCH_BOX);
  ab_legend_add (legend, chance, AB_HBM, AB_SWATCH_LINE);
}

static void
ab_seq2seq_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height,
                         double position)
{
  AbSeq2seqDiagram *self = AB_SEQ2SEQ_DIAGRAM (diagram);
  const AbSeq2seqResult *a = self->runs[0], *b = self->runs[1];
  guint step = (guint) ceil (position);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *footnote = g_strdup_printf (
      _("Toy model: random words and a random (untrained) tanh RNN; the readout is the best "
        "linear decoder, fitted by least squares on %d sentences and scored on %d others."),
      a->config.n_train, a->config.n_test);
  ab_draw_header (cr, width, _("The fixed-vector bottleneck, measured"), caption);
  draw_run (self, cr, a, (AbRect) { 40, 124, 1110, 350 }, position);
  draw_run (self, cr, b, (AbRect) { 40, 494, 1110, 350 }, position);

  {
    g_autofree char *l1 = g_strdup_printf (_("Same encoder, same %d-number state"), a->config.d_state);
    g_autofree char *l2 = g_strdup_printf (_("%d words: recall <b>%.1f%%</b>"), SHORT_N, 100 * a->mean_recall);
    g_autofree char *l3 = g_strdup_printf (_("%d words: recall <b>%.1f%%</b>"), LONG_N, 100 * b->mean_recall);
    g_autofree char *l4 = g_strdup_printf (_("long sentence, word 1: %.1f%%; word %d: %.1f%%"),
                                           100 * b->recall[0], LONG_N, 100 * b->recall[LONG_N - 1]);
    g_autofree char *l5 = g_strdup_printf (_("explained variance R²: %.2f vs %.2f"), a->mean_r2, b->mean_r2);
    const char *lines[] = { l1, l2, l3, l4, l5 };
    const char *pending[] = { l1, _("<span foreground='#6b7280'>Recall is measured at step 4, on sentences the readout never saw.</span>") };

    if (position > STEP_DECODE)
      ab_draw_callout (cr, (AbRect) { 1170, 124, 390, 300 }, _("What the decoder gets back"), lines,
                       G_N_ELEMENTS (lines));
    else
      ab_draw_callout (cr, (AbRect) { 1170, 124, 390, 300 }, _("What the decoder gets back"), pending,
                       G_N_ELEMENTS (pending));
  }
  ab_diagram_draw_legend (diagram, cr, 1170, 446, step);
  ab_draw_text (cr, footnote,
                1170, 620, 15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, 390);
}

static char *
ab_seq2seq_diagram_describe (AbDiagram *diagram, guint step)
{
  AbSeq2seqDiagram *self = AB_SEQ2SEQ_DIAGRAM (diagram);
  const AbSeq2seqResult *a = self->runs[0], *b = self->runs[1];

  return g_strdup_printf (
      _("Fixed-vector bottleneck, step %u of %u. A %d-word and a %d-word sentence are each encoded "
        "into %d numbers. Recovering the words from that vector alone: %.1f%% recall for %d words, "
        "%.1f%% for %d words (first word %.1f%%, last word %.1f%%; chance %.1f%%)."),
      step + 1, N_STEPS, SHORT_N, LONG_N, a->config.d_state, 100 * a->mean_recall, SHORT_N,
      100 * b->mean_recall, LONG_N, 100 * b->recall[0], 100 * b->recall[LONG_N - 1], 100 * b->chance);
}

static char *
percent (double x)
{
  return g_strdup_printf ("%.1f%%", 100.0 * x);
}

/* Values for the prose, from the kernel's defaults (d_model 8, vocabulary
 * 256, 1,500 training and 400 held-out sentences, seed 1):
 *   seq2seq.recall.nN[.dsD]          mean recall over positions, "99.8%"
 *   seq2seq.recall.nN.posP[.dsD]     recall of word P (1-based)
 *   seq2seq.recall.nN.first / .last  recall of the first / last word
 *   seq2seq.r2.nN[.dsD]              mean explained variance (0 … 1)
 *   seq2seq.kept.nN[.dsD]            how many positions are recalled ≥ 50% of the time
 *   seq2seq.numbers.nN               n × d_model, the numbers going in
 *   seq2seq.dstate / .dmodel / .vocab / .train / .test   the configuration
 *   seq2seq.chance                   1 / vocabulary, as a percentage
 *   seq2seq.bytes.nN.bB              N numbers of B bytes each, "31.2 KiB" (binary units)
 * N is 1 … 100 and D one of 16, 32, 64, 128 (default 64). */
char *
ab_seq2seq_diagram_format_value (char **parts)
{
  static GHashTable *cache;
  AbSeq2seqConfig config;
  AbSeq2seqResult *res;
  guint n = g_strv_length (parts);
  int n_tokens = 0, ds, pos = -1;
  gboolean first = FALSE, last = FALSE;
  g_autofree char *cache_key = NULL;

  ab_seq2seq_config_init (&config);
  ds = config.d_state;
  if (n < 2)
    return NULL;
  if (n == 2)
    {
      if (g_str_equal (parts[1], "dstate"))
        return g_strdup_printf ("%d", config.d_state);
      if (g_str_equal (parts[1], "dmodel"))
        return g_strdup_printf ("%d", config.d_model);
      if (g_str_equal (parts[1], "vocab"))
        return g_strdup_printf ("%d", config.vocab);
      if (g_str_equal (parts[1], "train"))
        return g_strdup_printf ("%d", config.n_train);
      if (g_str_equal (parts[1], "test"))
        return g_strdup_printf ("%d", config.n_test);
      if (g_str_equal (parts[1], "chance"))
        return percent (1.0 / config.vocab);
      return NULL;
    }
  if (g_str_equal (parts[1], "bytes"))
    {
      int count, width;
      if (n != 4 || !ab_book_value_parse_int (parts[2], 'n', 1, 1000000000, &count) ||
          !ab_book_value_parse_int (parts[3], 'b', 1, 8, &width))
        return NULL;
      return ab_format_bytes ((double) count * width);
    }
  if (!ab_book_value_parse_int (parts[2], 'n', 1, 100, &n_tokens))
    return NULL;
  if (g_str_equal (parts[1], "numbers"))
    return n == 3 ? g_strdup_printf ("%d", n_tokens * config.d_model) : NULL;
  for (guint a = 3; a < n; a++)
    {
      if (g_str_equal (parts[a], "first"))
        first = TRUE;
      else if (g_str_equal (parts[a], "last"))
        last = TRUE;
      else if (g_str_has_prefix (parts[a], "pos"))
        {
          if (!ab_book_value_parse_int (parts[a] + 2, 's', 1, n_tokens, &pos))
            return NULL;
          pos--;
        }
      else if (g_str_has_prefix (parts[a], "ds"))
        {
          if (!ab_book_value_parse_int (parts[a] + 1, 's', 16, 128, &ds) ||
              (ds != 16 && ds != 32 && ds != 64 && ds != 128))
            return NULL;
        }
      else
        return NULL;
    }
  if (first)
    pos = 0;
  if (last)
    pos = n_tokens - 1;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) ab_seq2seq_free);
  cache_key = g_strdup_printf ("%d/%d", n_tokens, ds);
  res = g_hash_table_lookup (cache, cache_key);
  if (res == NULL)
    {
      config.n_tokens = n_tokens;
      config.d_state = ds;
      res = ab_seq2seq_run (&config);
      if (res == NULL)
        return NULL;
      g_hash_table_insert (cache, g_strdup (cache_key), res);
    }

  if (g_str_equal (parts[1], "recall"))
    return percent (pos >= 0 ? res->recall[pos] : res->mean_recall);
  if (g_str_equal (parts[1], "r2") && pos < 0)
    return ab_book_value_number (res->mean_r2);
  if (g_str_equal (parts[1], "kept") && pos < 0)
    {
      int kept = 0;
      for (int t = 0; t < n_tokens; t++)
        kept += res->recall[t] >= 0.5;
      return g_strdup_printf ("%d", kept);
    }
  return NULL;
}

static void
ab_seq2seq_diagram_finalize (GObject *object)
{
  AbSeq2seqDiagram *self = AB_SEQ2SEQ_DIAGRAM (object);

  g_clear_pointer (&self->runs[0], ab_seq2seq_free);
  g_clear_pointer (&self->runs[1], ab_seq2seq_free);
  G_OBJECT_CLASS (ab_seq2seq_diagram_parent_class)->finalize (object);
}

static void
ab_seq2seq_diagram_class_init (AbSeq2seqDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_seq2seq_diagram_finalize;

  diagram_class->name = "seq2seq-bottleneck";
  diagram_class->title = N_("The fixed-vector bottleneck: 5 words fit, 50 do not");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_seq2seq_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_seq2seq_diagram_dup_step_title;
  diagram_class->update_legacy = ab_seq2seq_diagram_update;
  diagram_class->draw_legacy = ab_seq2seq_diagram_draw;
  diagram_class->collect_legend = ab_seq2seq_diagram_collect_legend;
  diagram_class->describe = ab_seq2seq_diagram_describe;
}

static void
ab_seq2seq_diagram_init (AbSeq2seqDiagram *self)
{
}

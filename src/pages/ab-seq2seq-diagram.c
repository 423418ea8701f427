/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "ab-values.h"
#include "seq2seq.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_SENTENCES, STEP_ENCODE, STEP_STATE, STEP_DECODE, STEP_SURVIVE, N_STEPS };
enum { STAGE_RUNS, STAGE_SIDE, N_STAGES };
enum { RUN_SHORT, RUN_LONG, N_RUNS };

static const int run_lengths[N_RUNS] = { 5, 50 };
static const char *const state_choices[] = { "16", "32", "64", "128", NULL };
static const int state_sizes[] = { 16, 32, 64, 128 };

AB_DEFINE_PLAIN_DIAGRAM (AbSeq2seqDiagram, ab_seq2seq_diagram, info)

/* The result: the same encoder run on both sentence lengths. The runs
 * belong to shared_run()'s cache, which the page's numbers use too. */
typedef struct
{
  const AbSeq2seqResult *runs[N_RUNS];
} Runs;

static const AbSeq2seqResult *shared_run (int n_tokens, int ds, GError **error);

static const AbParamSpec params[] = {
  { .key = "d_state", .label = N_("Encoder state size"), .kind = AB_PARAM_CHOICE, .step = 1,
    .default_value = 2, .choices = state_choices, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("word vector: red &lt; 0 &lt; blue"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("the fixed-size encoder state"), AB_COLOR_SRAM, AB_SWATCH_LINE, AB_STEPS_ALL },
  { N_("recall: decoded word is right"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_DECODE) },
};

/* Both runs, one panel each, beside the readout; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 2.7, 3.4, AB_STAGE_ROW }, { 1, 1, AB_STAGE_ROW },
};

static void
runs_free (Runs *runs)
{
  g_free (runs);
}

static const Runs *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static char *
ab_seq2seq_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const AbSeq2seqConfig *c = &result (diagram)->runs[RUN_SHORT]->config;

  switch (step)
    {
    case STEP_SENTENCES:
      return g_strdup_printf (_("1 · Two sentences of random words, %d numbers per word: %d words and %d words"),
                              c->d_model, run_lengths[RUN_SHORT], run_lengths[RUN_LONG]);
    case STEP_ENCODE:
      return g_strdup_printf (_("2 · Encode: a tanh RNN folds one word at a time into the same %d numbers"),
                              c->d_state);
    case STEP_STATE:
      return g_strdup_printf (_("3 · Both sentences end as one vector of %d numbers: all the decoder gets"),
                              c->d_state);
    case STEP_DECODE:
      return g_strdup (_("4 · Decode: the best linear readout tries to recover every word from that vector"));
    default:
      return g_strdup (_("5 · What survives: all of the short sentence, only the end of the long one"));
    }
}

static char *
ab_seq2seq_diagram_dup_note (AbDiagram *diagram, guint step)
{
  const AbSeq2seqConfig *c = &result (diagram)->runs[RUN_SHORT]->config;

  return g_strdup_printf (_("Toy model: random words and a random (untrained) tanh RNN; the readout is the "
                            "best linear decoder, fitted by least squares on %d sentences and scored on %d others."),
                          c->n_train, c->n_test);
}

static void
ab_seq2seq_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  g_autofree char *chance = g_strdup_printf (_("chance: 1 in %d words"),
                                             result (diagram)->runs[RUN_SHORT]->config.vocab);
  if (step >= STEP_DECODE)
    ab_legend_add (legend, chance, AB_HBM, AB_SWATCH_LINE);
}

static gboolean
ab_seq2seq_diagram_update (AbDiagram *diagram, GError **error)
{
  Runs *runs = g_new0 (Runs, 1);

  for (int r = 0; r < N_RUNS; r++)
    {
      int ds = state_sizes[(int) ab_diagram_get_param (diagram, "d_state")];

      runs->runs[r] = shared_run (run_lengths[r], ds, NULL);
      if (runs->runs[r] == NULL)
        {
          g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE,
                       _("the seq2seq kernel could not encode %d words into %d numbers"),
                       run_lengths[r], ds);
          runs_free (runs);
          return FALSE;
        }
    }
  ab_diagram_set_result (diagram, runs, (GDestroyNotify) runs_free);
  return TRUE;
}

/* One cell of a value grid: the diverging colour, faded toward @base. */
static void
fill_cell (cairo_t *cr, double x, double y, double w, double h, double value, double scale,
           AbRgb base, double strength)
{
  ab_set_rgb (cr, ab_rgb_mix (base, ab_color_diverging (value, scale), ab_clamp01 (strength)));
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
}

/* The sentence: one column per word, d_model cells tall. */
static void
draw_tokens (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, double absorbed)
{
  const int n = res->config.n_tokens, dm = res->config.d_model;
  double cw = r.w / n, ch = r.h / dm, gap = cw > 12 ? 4 : 1;

  /* A word fades once the encoder has read it. */
  for (int t = 0; t < n; t++)
    for (int k = 0; k < dm; k++)
      fill_cell (cr, r.x + t * cw + gap / 2, r.y + k * ch + 1, cw - gap, ch - 2,
                 res->example_inputs[t * dm + k], 0.8, AB_PANEL, 1 - 0.75 * ab_clamp01 (absorbed - t));
}

/* The final state as a square-celled grid, centred in @r; returns its box. */
static AbRect
draw_state (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, double fill)
{
  const int ds = res->config.d_state, cols = ds <= 64 ? 8 : 16, rows = ds / cols;
  double cs = MIN (r.w / cols, r.h / rows);
  AbRect box = { r.x + (r.w - cs * cols) / 2, r.y + (r.h - cs * rows) / 2, cs * cols, cs * rows };

  for (int q = 0; q < ds; q++)
    fill_cell (cr, box.x + (q % cols) * cs + 1, box.y + (q / cols) * cs + 1, cs - 2, cs - 2,
               res->example_state[q], 0.6, AB_BG, fill);
  ab_set_rgb (cr, AB_SRAM);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, box.x - 3, box.y - 3, box.w + 6, box.h + 6);
  cairo_stroke (cr);
  return box;
}

/* Recall per position in @r: the heading above, ticks and the mean below. */
static void
draw_recall (cairo_t *cr, const AbSeq2seqResult *res, AbRect r, const char *heading,
             double reveal, double emphasis)
{
  const int n = res->config.n_tokens;
  double tick = ab_style_size (cr, AB_TEXT_VALUE_SMALL), tick_h = tick * 1.5;
  g_autofree char *mean = g_strdup_printf (_("mean recall <b>%.1f%%</b> · chance %.1f%%"),
                                           100 * res->mean_recall, 100 * res->chance);
  double label, mean_h, bw, chance_y;
  AbRect bars;

  ab_text_measure (cr, AB_TEXT_LABEL, heading, r.w, NULL, &label);
  ab_text_measure (cr, AB_TEXT_BODY, mean, r.w, NULL, &mean_h);
  bars = (AbRect) { r.x, r.y + label + tick, r.w, r.h - label - tick - tick_h - mean_h - 8 };
  bw = bars.w / n;
  chance_y = bars.y + bars.h * (1.0 - res->chance);

  ab_text (cr, AB_TEXT_LABEL, heading, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, bars.x, bars.y);
  cairo_line_to (cr, bars.x + bars.w, bars.y);
  cairo_stroke (cr);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "100%", bars.x - 6, bars.y - tick * 0.65, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_VALUE_SMALL, "0%", bars.x - 6, bars.y + bars.h - tick * 0.65, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  ab_draw_bars (cr, bars, res->recall, n, 0, 1, AB_SRAM, reveal);
  cairo_save (cr);
  ab_set_rgb (cr, AB_HBM);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, bars.x, chance_y);
  cairo_line_to (cr, bars.x + bars.w, chance_y);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (reveal > 0.5)
    for (int t = 0; t < n; t++)
      {
        char buf[16];
        double cx = bars.x + (t + 0.5) * bw;

        /* A value per word for short sentences, on its bar or just above it. */
        if (n <= 10)
          {
            gboolean inside = res->recall[t] > 0.25;
            double top = bars.y + bars.h * (1 - res->recall[t]);
            g_snprintf (buf, sizeof buf, "%.0f%%", 100 * res->recall[t]);
            ab_text (cr, AB_TEXT_VALUE_SMALL, buf, cx, inside ? top + 4 : top - tick * 1.4,
                     inside ? AB_BG : AB_TEXT, AB_ALIGN_CENTER, -1);
          }
        /* Position ticks: every word when short, else the first, last and every tenth. */
        if (n <= 10 || t == 0 || t == n - 1 || (t + 1) % 10 == 0)
          {
            g_snprintf (buf, sizeof buf, "%d", t + 1);
            ab_text (cr, AB_TEXT_VALUE_SMALL, buf, cx, bars.y + bars.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
          }
      }
  if (emphasis > 0)
    ab_text (cr, AB_TEXT_BODY, mean, r.x, bars.y + bars.h + tick_h + 6,
             ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emphasis), AB_ALIGN_LEFT, r.w);
}

/* An arrow from x0 to x1 at height y with its label above. */
static void
draw_labelled_arrow (cairo_t *cr, double x0, double x1, double y, const char *label, double lit)
{
  double h;

  ab_text_measure (cr, AB_TEXT_LABEL, label, -1, NULL, &h);
  ab_draw_arrow (cr, x0, y, x1, y, ab_rgb_mix (AB_MUTED, AB_ACTIVE, lit), 3);
  ab_text (cr, AB_TEXT_LABEL, label, (x0 + x1) / 2, y - h - 6, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
}

/* One run: words → encoder → state → decoder → recall. Three columns when
 * the panel is wide; the recall under the words and the state otherwise. */
static void
draw_run (cairo_t *cr, const AbSeq2seqResult *res, AbRect p, double position)
{
  const int n = res->config.n_tokens, dm = res->config.d_model, ds = res->config.d_state;
  double encode = ab_tween (position, STEP_SENTENCES, STEP_ENCODE);
  double decode = ab_tween (position, STEP_STATE, STEP_DECODE);
  double survive = ab_tween (position, STEP_DECODE, STEP_SURVIVE);
  g_autofree char *title = g_strdup_printf (_("%d words → %d numbers → %d words"), n, ds, n);
  const char *in_format = _("%d words × %d numbers = <b>%d</b> numbers in");
  g_autofree char *in = g_strdup_printf (in_format, n, dm, n * dm);
  /* Both panels are laid out for the longer sentence's label, so their columns line up. */
  g_autofree char *in_long = g_strdup_printf (in_format, run_lengths[RUN_LONG], dm, run_lengths[RUN_LONG] * dm);
  g_autofree char *st = g_strdup_printf (_("final state: <b>%d</b> numbers"), ds);
  double pad = ab_style_gap (cr) * 0.7, label = ab_style_size (cr, AB_TEXT_LABEL) * 1.4;
  double enc_w, axis_w, in_w, in_h, st_w, st_h, title_h, tokens_w, state_w, flow_h;
  gboolean columns;
  AbRect inner, tokens, state, recall;

  ab_text_measure (cr, AB_TEXT_HEADING, title, p.w - 40, NULL, &title_h);
  inner = (AbRect) { p.x + pad, p.y + 14 + title_h + pad, p.w - 2 * pad, p.h - 14 - title_h - 2 * pad };
  columns = inner.w >= 40 * ab_style_size (cr, AB_TEXT_BODY);
  ab_text_measure (cr, AB_TEXT_LABEL, _("encoder"), -1, &enc_w, NULL);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "100%", -1, &axis_w, NULL);
  ab_text_measure (cr, AB_TEXT_LABEL, st, -1, &st_w, NULL);
  ab_text_measure (cr, AB_TEXT_LABEL, in_long, -1, &in_w, NULL);
  enc_w = MAX (enc_w + 24, inner.w * 0.08);
  /* The state's label, centred, may reach half-way into the arrows beside it;
   * the words' label gets the rest, and the words as wide as it needs. */
  state_w = MAX (inner.w * (columns ? 0.14 : 0.30), st_w - enc_w + 8);
  /* Some slack on the measured widths: hinting at small scales widens the ink. */
  st_w = MIN (st_w * 1.03 + 4, state_w + enc_w);
  tokens_w = columns ? CLAMP (in_w * 1.03 + 16 - enc_w - (state_w - st_w) / 2, inner.w * 0.25, inner.w * 0.32)
                     : inner.w * 0.52;
  in_w = tokens_w + enc_w + (state_w - st_w) / 2 - 12;
  ab_text_measure (cr, AB_TEXT_LABEL, in, in_w, NULL, &in_h);
  ab_text_measure (cr, AB_TEXT_LABEL, st, st_w, NULL, &st_h);
  /* The flow row: words and state, their labels under them (in columns,
   * level with the recall bars under their heading). */
  flow_h = columns ? inner.h - label : inner.h * 0.44;
  tokens = (AbRect) { inner.x, inner.y + (columns ? label : 0), tokens_w, flow_h - MAX (in_h, st_h) - 10 };
  state = (AbRect) { tokens.x + tokens_w + enc_w, tokens.y, state_w, tokens.h };
  if (columns)
    recall = (AbRect) { state.x + state_w + enc_w + axis_w + 8, inner.y,
                        inner.x + inner.w - (state.x + state_w + enc_w + axis_w + 8), inner.h };
  else
    recall = (AbRect) { inner.x + axis_w + 8, inner.y + flow_h + pad,
                        inner.w - axis_w - 8, inner.h - flow_h - pad };

  ab_draw_panel (cr, p, title);
  draw_tokens (cr, res, tokens, encode * n);
  ab_text (cr, AB_TEXT_LABEL, in, tokens.x, tokens.y + tokens.h + 10,
           position >= STEP_STATE ? (n * dm <= ds ? AB_SRAM : AB_HBM) : AB_TEXT_DIM, AB_ALIGN_LEFT, in_w);
  state = draw_state (cr, res, state, encode);
  draw_labelled_arrow (cr, tokens.x + tokens_w + 12, state.x - 14, state.y + state.h / 2, _("encoder"), encode);
  ab_text (cr, AB_TEXT_LABEL, st, state.x + state.w / 2, tokens.y + tokens.h + 10, AB_TEXT, AB_ALIGN_CENTER,
           st_w);
  if (columns)
    draw_labelled_arrow (cr, state.x + state.w + 14, recall.x - axis_w - 14, state.y + state.h / 2,
                         _("decoder"), decode);
  draw_recall (cr, res, recall,
               columns ? _("recall of each word (held-out)") : _("decoder → recall of each word (held-out)"),
               decode, survive);
}

/* The callout's lines; before step 4 only the first, and a dim promise. */
static void
draw_readout (const Runs *runs, cairo_t *cr, AbRect r, double position)
{
  const AbSeq2seqResult *a = runs->runs[RUN_SHORT], *b = runs->runs[RUN_LONG];
  g_autofree char *l1 = g_strdup_printf (_("Same encoder, same %d-number state"), a->config.d_state);
  g_autofree char *l2 = g_strdup_printf (_("%d words: recall <b>%.1f%%</b>"), run_lengths[RUN_SHORT],
                                         100 * a->mean_recall);
  g_autofree char *l3 = g_strdup_printf (_("%d words: recall <b>%.1f%%</b>"), run_lengths[RUN_LONG],
                                         100 * b->mean_recall);
  g_autofree char *l4 = g_strdup_printf (_("long sentence, word 1: %.1f%%; word %d: %.1f%%"),
                                         100 * b->recall[0], run_lengths[RUN_LONG],
                                         100 * b->recall[run_lengths[RUN_LONG] - 1]);
  g_autofree char *l5 = g_strdup_printf (_("explained variance R²: %.2f vs %.2f"), a->mean_r2, b->mean_r2);
  const char *title = _("What the decoder gets back");
  const char *pending = _("Recall is measured at step 4, on sentences the readout never saw.");
  const char *lines[] = { l1, l2, l3, l4, l5 };
  gboolean shown = position > STEP_DECODE;
  double w = r.w - 36, h, box_h;

  /* Sized for all the lines, so the box keeps its size from step to step. */
  ab_text_measure (cr, AB_TEXT_BODY_STRONG, title, w, NULL, &box_h);
  box_h += 16 + 8 + 10;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      ab_text_measure (cr, AB_TEXT_BODY, lines[i], w, NULL, &h);
      box_h += h + 6;
    }
  r.h = MIN (r.h, box_h);
  h = ab_draw_callout (cr, r, title, lines, shown ? G_N_ELEMENTS (lines) : 1);
  if (!shown)
    ab_text (cr, AB_TEXT_BODY, pending, r.x + 18, r.y + h - 10, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
}

static void
ab_seq2seq_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Runs *runs = result (diagram);
  AbRect area = layout->stages[STAGE_RUNS];
  double gap = ab_style_gap (cr) * 0.7, h = (area.h - gap) / 2;

  for (int r = 0; r < N_RUNS; r++)
    draw_run (cr, runs->runs[r], (AbRect) { area.x, area.y + r * (h + gap), area.w, h }, position);
  draw_readout (runs, cr, layout->stages[STAGE_SIDE], position);
}

static char *
ab_seq2seq_diagram_describe (AbDiagram *diagram, guint step)
{
  const Runs *runs = result (diagram);
  const AbSeq2seqResult *a = runs->runs[RUN_SHORT], *b = runs->runs[RUN_LONG];
  const int n_long = run_lengths[RUN_LONG];

  return g_strdup_printf (
      _("A %d-word and a %d-word sentence are each encoded into %d numbers. Recovering the words from "
        "that vector alone: %.1f%% recall for %d words, %.1f%% for %d words (first word %.1f%%, last "
        "word %.1f%%; chance %.1f%%)."),
      run_lengths[RUN_SHORT], n_long, a->config.d_state, 100 * a->mean_recall, run_lengths[RUN_SHORT],
      100 * b->mean_recall, n_long, 100 * b->recall[0], 100 * b->recall[n_long - 1], 100 * b->chance);
}

/* Values for the prose ------------------------------------------------------ */

static AbSeq2seqConfig
defaults (void)
{
  AbSeq2seqConfig c;

  ab_seq2seq_config_init (&c);
  return c;
}

/* The kernel's defaults (d_model 8, vocabulary 256, 1,500 training and 400
 * held-out sentences, seed 1) at n words and state size ds; one run serves
 * every statistic of that pair and the figure (the first page's numbers
 * and its diagram ask for the same runs). */
static const AbSeq2seqResult *
shared_run (int n_tokens, int ds, GError **error)
{
  static GHashTable *cache;
  g_autofree char *key = g_strdup_printf ("%d/%d", n_tokens, ds);
  AbSeq2seqResult *res;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ab_seq2seq_free);
  res = g_hash_table_lookup (cache, key);
  if (res == NULL)
    {
      AbSeq2seqConfig config;

      ab_seq2seq_config_init (&config);
      config.n_tokens = n_tokens;
      config.d_state = ds;
      if ((res = ab_seq2seq_run (&config)) == NULL)
        {
          g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                       _("the seq2seq kernel could not encode %d words into %d numbers"), n_tokens, ds);
          return NULL;
        }
      g_hash_table_insert (cache, g_steal_pointer (&key), res);
    }
  return res;
}

/* n at args->ints[n_arg]; the optional trailing "dsD" (a choice index) at ds_arg. */
static const AbSeq2seqResult *
run_for_args (const AbValueArgs *args, guint n_arg, guint ds_arg, GError **error)
{
  return shared_run (args->ints[n_arg], args->n > ds_arg ? state_sizes[args->ints[ds_arg]] : defaults ().d_state,
                        error);
}

static char *
percent (double x)
{
  return g_strdup_printf ("%.1f%%", 100.0 * x);
}

/* Arguments: the field's index in the pattern's choice. */
static char *
get_config (const AbValueArgs *args, GError **error)
{
  const AbSeq2seqConfig c = defaults ();
  const int fields[] = { c.d_state, c.d_model, c.vocab, c.n_train, c.n_test };

  return args->ints[0] < 5 ? g_strdup_printf ("%d", fields[args->ints[0]]) : percent (1.0 / c.vocab);
}

static char *
get_bytes (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) args->ints[0] * args->ints[1]);
}

static char *
get_numbers (const AbValueArgs *args, GError **error)
{
  return g_strdup_printf ("%d", args->ints[0] * defaults ().d_model);
}

/* Arguments: the statistic (recall, r2, kept), n, then ds (optional). */
static char *
get_stat (const AbValueArgs *args, GError **error)
{
  const AbSeq2seqResult *res = run_for_args (args, 1, 2, error);
  int kept = 0;

  if (res == NULL)
    return NULL;
  if (args->ints[0] == 0)
    return percent (res->mean_recall);
  if (args->ints[0] == 1)
    return ab_format_number (res->mean_r2);
  for (int t = 0; t < res->config.n_tokens; t++)
    kept += res->recall[t] >= 0.5;
  return g_strdup_printf ("%d", kept);
}

/* Arguments: n, the word (a position, or first / last), then ds (optional). */
static char *
get_recall_at (const AbValueArgs *args, GError **error)
{
  const AbSeq2seqResult *res;

  if (args->ints[1] > args->ints[0])
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                   _("word %d of a %d-word sentence does not exist"), args->ints[1], args->ints[0]);
      return NULL;
    }
  res = run_for_args (args, 0, 2, error);
  return res ? percent (res->recall[args->ints[1] - 1]) : NULL;
}

static char *
get_recall_end (const AbValueArgs *args, GError **error)
{
  const AbSeq2seqResult *res = run_for_args (args, 0, 2, error);
  return res ? percent (res->recall[args->ints[1] == 0 ? 0 : args->ints[0] - 1]) : NULL;
}

#define DS ".ds{16|32|64|128}"
static const AbValueSpec seq2seq_values[] = {
  { "{dstate|dmodel|vocab|train|test|chance}", get_config, "the configuration: state size, numbers per "
    "word, vocabulary, training and held-out sentences; chance = 1 / vocabulary, \"0.4%\"" },
  { "bytes.n{1..1000000000}.b{1..8}", get_bytes, "N numbers of B bytes each, \"31.2 KiB\"" },
  { "numbers.n{1..100}", get_numbers, "N × d_model, the numbers going in" },
  /* Each with a trailing ".dsD" first, so a bad D is the part a wrong key is told about. */
  { "{recall|r2|kept}.n{1..100}" DS, get_stat, "mean recall over the N positions (\"99.8%\"), mean "
    "explained variance (0 … 1), or the positions recalled at least 50% of the time, at state size D" },
  { "{recall|r2|kept}.n{1..100}", get_stat, "the same at the default state size, 64" },
  { "recall.n{1..100}.pos{1..100}" DS, get_recall_at, "recall of word P (1-based) at state size D" },
  { "recall.n{1..100}.pos{1..100}", get_recall_at, "the same at state size 64" },
  { "recall.n{1..100}.{first|last}" DS, get_recall_end, "recall of the first / last word at state size D" },
  { "recall.n{1..100}.{first|last}", get_recall_end, "the same at state size 64" },
};
#undef DS

AB_VALUE_FAMILY (ab_seq2seq_values, "seq2seq", seq2seq_values);

static const AbDiagramInfo info = {
  .name = "seq2seq-bottleneck",
  .title = N_("The fixed-vector bottleneck: 5 words fit, 50 do not"),
  .n_steps = N_STEPS,   /* fixed: listing the diagram runs no kernel */
  AB_TABLE (params, params), AB_TABLE (legend, legend),
  AB_TABLE (stages, stages),
  .update = ab_seq2seq_diagram_update, .draw = ab_seq2seq_diagram_draw,
  .dup_caption = ab_seq2seq_diagram_dup_caption,
  .dup_note = ab_seq2seq_diagram_dup_note,
  .collect_legend = ab_seq2seq_diagram_collect_legend,
  .describe = ab_seq2seq_diagram_describe,
};

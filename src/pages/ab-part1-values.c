/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-part1-values.c — the `part1` family of book values (Part 1's worked examples)
 *
 * The numbers Part 1's worked examples lay out as tables, each computed from
 * a kernel run or from the shapes a key spells out: the rest of Bahdanau's
 * short example (W_a, U_a and the per-unit terms of one score, from
 * bahdanau.h, seed 1 as the bahdanau-alignment diagram runs it), the
 * concatenation and W^O of the four-head toy and one residual + LayerNorm
 * on its output (multihead.h), the shapes, weights and multiply-adds of one
 * Transformer layer and one decoder step at inference. (The three eras
 * against sequence length are the era-comparison diagram's `era` family.)
 */
#define G_LOG_DOMAIN "ab-part1-values"

#include "ab-format.h"
#include "ab-values.h"
#include "bahdanau.h"
#include "cost.h"
#include "multihead.h"

#include <glib/gi18n.h>
#include <math.h>

/* The seed of the bahdanau-alignment diagram (ab-bahdanau-diagram.c), so the
 * tables on page 02 show the same vectors as the picture. */
#define BAHDANAU_SEED 1

/* LayerNorm's ε, PyTorch's default; it moves nothing in the third decimal. */
#define LAYER_NORM_EPS 1e-5

static char *
compute_error (GError **error, const char *what)
{
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the %s kernel failed"), what);
  return NULL;
}

/* Bahdanau: the pieces the bahdanau family does not name ------------------- */

static const AbBahdanauResult *
bahdanau_run (int pair_choice, GError **error)
{
  static AbBahdanauResult *cache[2];
  AbBahdanauPair pair = pair_choice == 0 ? AB_BAHDANAU_PAIR_SHORT : AB_BAHDANAU_PAIR_LONG;

  if (cache[pair] == NULL)
    {
      AbBahdanauConfig config = { .pair = pair, .seed = BAHDANAU_SEED };
      cache[pair] = ab_bahdanau_run (&config);
    }
  if (cache[pair] == NULL)
    compute_error (error, "additive-attention");
  return cache[pair];
}

static gboolean
in_range (int value, int max, GError **error)
{
  if (value <= max)
    return TRUE;
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
               _("index %d is out of range: this example has %d"), value, max);
  return FALSE;
}

/* Arguments: pair, m, k. Row m of W_a (d_a × 3) or U_a (d_a × 4). */
static char *
get_bahdanau_weight (const AbValueArgs *args, GError **error, gboolean is_u)
{
  const AbBahdanauResult *res = bahdanau_run (args->ints[0], error);
  int cols = is_u ? AB_BAHDANAU_D_H : AB_BAHDANAU_D_S;
  int m = args->ints[1], k = args->ints[2];

  if (res == NULL || !in_range (m, res->d_a, error) || !in_range (k, cols, error))
    return NULL;
  return ab_format_number ((is_u ? res->u_a : res->w_a)[(m - 1) * cols + k - 1]);
}

static char *
get_bahdanau_wa (const AbValueArgs *args, GError **error)
{
  return get_bahdanau_weight (args, error, FALSE);
}

static char *
get_bahdanau_ua (const AbValueArgs *args, GError **error)
{
  return get_bahdanau_weight (args, error, TRUE);
}

/* Arguments: pair, i, j, m. Unit m's share of e_ij: (v_a)_m tanh(…)_m. */
static char *
get_bahdanau_term (const AbValueArgs *args, GError **error)
{
  const AbBahdanauResult *res = bahdanau_run (args->ints[0], error);
  int i = args->ints[1] - 1, j = args->ints[2] - 1, m = args->ints[3] - 1;

  if (res == NULL || !in_range (i + 1, res->n_tgt, error) || !in_range (j + 1, res->n_src, error)
      || !in_range (m + 1, res->d_a, error))
    return NULL;
  return ab_format_number (res->v_a[m] * tanh (res->ws[i * res->d_a + m] + res->uh[j * res->d_a + m]));
}

/* Arguments: pair, i, j. The softmax numerator exp(e_ij). */
static char *
get_bahdanau_exp (const AbValueArgs *args, GError **error)
{
  const AbBahdanauResult *res = bahdanau_run (args->ints[0], error);
  int i = args->ints[1] - 1, j = args->ints[2] - 1;

  if (res == NULL || !in_range (i + 1, res->n_tgt, error) || !in_range (j + 1, res->n_src, error))
    return NULL;
  return ab_format_number (exp (res->scores[i * res->n_src + j]));
}

/* Multi-head: the concatenation, W^O, and one Add & LayerNorm ------------- */

typedef struct
{
  AbMhaResult result;
  double      wo[AB_MHA_HEADS * AB_MHA_D_V][AB_MHA_D_MODEL];
} MhaRun;

/* The multi-head diagram's own run (AB_MHA_DEFAULT_SEED). */
static const MhaRun *
mha_run (GError **error)
{
  static MhaRun *run;
  static gboolean failed;

  if (run == NULL && !failed)
    {
      MhaRun *r = g_new0 (MhaRun, 1);
      if (ab_mha_run (AB_MHA_DEFAULT_SEED, &r->result) == 0)
        {
          ab_mha_output_projection (AB_MHA_DEFAULT_SEED, r->wo);
          run = r;
        }
      else
        {
          g_free (r);
          failed = TRUE;
        }
    }
  if (run == NULL)
    compute_error (error, "multi-head");
  return run;
}

/* A word of the sentence ("it"; "The" ≠ "the") or tN for token N (0 = [CLS]). */
static gboolean
mha_token (const char *word, int *index, GError **error)
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

/* Head h's share of output component m for token t: its slice of the
 * concatenation times its d_v rows of W^O. The four shares sum to the output. */
static double
mha_share (const MhaRun *run, int h, int t, int m)
{
  double sum = 0;

  for (int c = 0; c < AB_MHA_D_V; c++)
    sum += run->result.heads_out[h][t][c] * run->wo[h * AB_MHA_D_V + c][m];
  return sum;
}

/* z = x + MultiHead(x) for token t, and its mean and standard deviation
 * over the d_model components, as LayerNorm computes them. */
static void
mha_residual (const MhaRun *run, int t, double z[AB_MHA_D_MODEL], double *mean, double *std)
{
  double s = 0, ss = 0;

  for (int m = 0; m < AB_MHA_D_MODEL; m++)
    {
      z[m] = run->result.x[t][m] + run->result.output[t][m];
      s += z[m];
    }
  *mean = s / AB_MHA_D_MODEL;
  for (int m = 0; m < AB_MHA_D_MODEL; m++)
    ss += (z[m] - *mean) * (z[m] - *mean);
  *std = sqrt (ss / AB_MHA_D_MODEL + LAYER_NORM_EPS);
}

/* Arguments: head, word, c. Component c of head_h for the token. */
static char *
get_mha_head (const AbValueArgs *args, GError **error)
{
  const MhaRun *run = mha_run (error);
  int t;

  if (run == NULL || !mha_token (args->words[1], &t, error))
    return NULL;
  return ab_format_number (run->result.heads_out[args->ints[0]][t][args->ints[2] - 1]);
}

/* Arguments: head, word, m. */
static char *
get_mha_share (const AbValueArgs *args, GError **error)
{
  const MhaRun *run = mha_run (error);
  int t;

  if (run == NULL || !mha_token (args->words[1], &t, error))
    return NULL;
  return ab_format_number (mha_share (run, args->ints[0], t, args->ints[2] - 1));
}

/* Arguments: {x|out|sum|norm}, word, m: the embedding, MultiHead(x), their
 * sum, and LayerNorm of the sum (gain 1, bias 0, as at initialisation). */
static char *
get_mha_vector (const AbValueArgs *args, GError **error)
{
  const MhaRun *run = mha_run (error);
  double z[AB_MHA_D_MODEL], mean, std;
  int t, m = args->ints[2] - 1;

  if (run == NULL || !mha_token (args->words[1], &t, error))
    return NULL;
  mha_residual (run, t, z, &mean, &std);
  switch (args->ints[0])
    {
    case 0:  return ab_format_number (run->result.x[t][m]);
    case 1:  return ab_format_number (run->result.output[t][m]);
    case 2:  return ab_format_number (z[m]);
    default: return ab_format_number ((z[m] - mean) / std);
    }
}

/* Arguments: {mean|std}, word: the statistics LayerNorm divides by. */
static char *
get_mha_stat (const AbValueArgs *args, GError **error)
{
  const MhaRun *run = mha_run (error);
  double z[AB_MHA_D_MODEL], mean, std;
  int t;

  if (run == NULL || !mha_token (args->words[1], &t, error))
    return NULL;
  mha_residual (run, t, z, &mean, &std);
  return ab_format_number (args->ints[0] == 0 ? mean : std);
}

static char *
get_mha_size (const AbValueArgs *args, GError **error)
{
  /* {concat|dv}: the concatenation's width h · d_v, and d_v. */
  return g_strdup_printf ("%d", args->ints[0] == 0 ? AB_MHA_HEADS * AB_MHA_D_V : AB_MHA_D_V);
}

/* One Transformer layer, from its shapes --------------------------------- */

/* Arguments: part, d_model, d_ff. Weights (and biases) of one encoder
 * layer's parts: W^Q, W^K, W^V (no biases, as the paper writes them), W^O,
 * the FFN's W_1 with b_1 and W_2 with b_2, one LayerNorm's gain and bias,
 * then the sums (attention, FFN, the whole layer with its two LayerNorms). */
static char *
get_layer_weights (const AbValueArgs *args, GError **error)
{
  guint64 d = (guint64) args->ints[1], f = (guint64) args->ints[2];
  guint64 attn = 4 * d * d, ffn = 2 * d * f + f + d, norm = 2 * d;
  guint64 v[] = { 3 * d * d, d * d, d * f + f, f * d + d, norm, attn, ffn, attn + ffn + 2 * norm };

  return ab_format_count (v[args->ints[0]]);
}

/* Arguments: part, N, d_model, d_ff. Multiply-adds for N tokens: the Q/K/V
 * projections, the scores QKᵀ over all heads (h · N² · d_k = N² · d_model),
 * the weighted sums PV (the same), W^O, the FFN's two products, the total. */
static char *
get_layer_macs (const AbValueArgs *args, GError **error)
{
  double n = args->ints[1], d = args->ints[2], f = args->ints[3];
  double v[] = { 3 * n * d * d, n * n * d, n * n * d, n * d * d, n * d * f, n * f * d, 0 };

  v[6] = v[0] + v[1] + v[2] + v[3] + v[4] + v[5];
  return ab_format_words (v[args->ints[0]]);
}

/* Arguments: d_model, d_ff. The N at which the N² terms (scores and
 * weighted sums, 2 N² d) equal the rest of the layer's multiply-adds
 * (4 N d² + 2 N d d_ff): N = 2 d + d_ff. */
static char *
get_layer_crossover (const AbValueArgs *args, GError **error)
{
  return ab_format_count (2 * (guint64) args->ints[0] + (guint64) args->ints[1]);
}

/* Arguments: rows, width, precision: one activation matrix. */
static char *
get_layer_bytes (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) args->ints[0] * args->ints[1] * ab_cost_precision_bytes (args->words[2]));
}

/* One decoder step at inference ------------------------------------------- */

/* Arguments: tokens, d_model, layers, precision: the keys and values of
 * @tokens positions in every layer (2 · t · d_model · layers numbers). */
static char *
get_cache_bytes (const AbValueArgs *args, GError **error)
{
  double t = args->ints[0], d = args->ints[1], l = args->ints[2];
  return ab_format_bytes (2 * t * d * l * ab_cost_precision_bytes (args->words[3]));
}

/* Arguments: part, t (tokens in the cache, the new one included), S (source
 * tokens), d_model, d_ff. Multiply-adds of one decoder layer for one new
 * token: its q, k, v and W^O (4 d²); its scores and weighted sum over the
 * cache (2 t d); cross-attention's q and W^O (2 d²; the encoder's keys and
 * values were projected once per sentence); its scores and sum over the
 * source (2 S d); the FFN (2 d d_ff). */
static char *
get_step_macs (const AbValueArgs *args, GError **error)
{
  double t = args->ints[1], s = args->ints[2], d = args->ints[3], f = args->ints[4];
  double v[] = { 4 * d * d, 2 * t * d, 2 * d * d, 2 * s * d, 2 * d * f };

  return ab_format_words (v[args->ints[0]]);
}

#define PAIR  "{short|long}"
#define IDX   "{1..64}"
#define HEAD  "{previous|syntax|coref|broadcast}"
#define PREC  "{fp32|fp16|bf16|fp8}"
#define N     "n{1..1048576}"
#define D     "d{1..65536}"
#define F     "f{1..262144}"

static const AbValueSpec part1_values[] = {
  { "bahdanau." PAIR ".wa.m" IDX ".k" IDX, get_bahdanau_wa, "entry (M, K) of W_a (d_a × 3)" },
  { "bahdanau." PAIR ".ua.m" IDX ".k" IDX, get_bahdanau_ua, "entry (M, K) of U_a (d_a × 4)" },
  { "bahdanau." PAIR ".term.i" IDX ".j" IDX ".m" IDX, get_bahdanau_term,
    "unit M's share of e_ij: (v_a)_M tanh((W_a s_{i−1})_M + (U_a h_j)_M)" },
  { "bahdanau." PAIR ".exp.i" IDX ".j" IDX, get_bahdanau_exp, "exp(e_ij), the softmax numerator" },
  { "mha.head." HEAD ".{word}.c{1..16}", get_mha_head, "component C of a head's output for a token (word or tN)" },
  { "mha.share." HEAD ".{word}.m{1..24}", get_mha_share,
    "a head's share of output component M: its slice of the concatenation times its rows of W^O" },
  { "mha.{x|out|sum|norm}.{word}.m{1..24}", get_mha_vector,
    "component M of a token's embedding x, MultiHead(x), x + MultiHead(x), LayerNorm(x + MultiHead(x))" },
  { "mha.{mean|std}.{word}", get_mha_stat, "mean and standard deviation of x + MultiHead(x) over d_model" },
  { "mha.{concat|dv}", get_mha_size, "the concatenation's width h · d_v (64), and d_v (16)" },
  { "layer.weights.{wqkv|wo|ffn1|ffn2|norm|attn|ffn|total}." D "." F, get_layer_weights,
    "weights of one encoder layer's parts at d_model D, d_ff F (\"3,150,336\" for the layer at 512, 2048)" },
  { "layer.macs.{qkv|scores|mix|wo|ffn1|ffn2|total}." N "." D "." F, get_layer_macs,
    "multiply-adds of one encoder layer's parts for N tokens (\"56.6 million\")" },
  { "layer.crossover." D "." F, get_layer_crossover,
    "the N where the N² multiply-adds equal the rest of the layer's: 2 d_model + d_ff (\"3,072\")" },
  { "layer.bytes.r{1..1048576}.w{1..1048576}." PREC, get_layer_bytes, "an R × W activation matrix (\"54 KiB\")" },
  { "cache.bytes.t{1..1048576}." D ".l{1..1000}." PREC, get_cache_bytes,
    "keys and values of T tokens in L layers, 2 · T · D · L numbers" },
  { "step.macs.{selfproj|selfattn|crossproj|crossattn|ffn}.t{1..1048576}.s{1..1048576}." D "." F, get_step_macs,
    "multiply-adds of one decoder layer for one new token, T tokens in its cache, S source tokens" },
};

AB_VALUE_FAMILY (ab_part1_values, "part1", part1_values);

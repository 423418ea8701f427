/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-approx-values-a.c — the `approx` family: Part 2's numbers, pages 1–5
 *
 * The first half of Part 2 (the N² wall, Sparse Transformer, Reformer,
 * Longformer and BigBird, Linformer) quotes entry counts of sparse
 * patterns, the columns one query row keeps, FLOPs and bytes of every
 * method against N, LSH buckets and collision probabilities, and the error
 * each approximation makes against exact attention. Each is computed here
 * from the Part 2 kernels: attn-patterns.h (exact counts and rows),
 * attn-complexity.h (closed-form costs at any N), attn-lsh.h (hashing and
 * collision probability), attn-linformer.h (the projections, on a toy
 * problem small enough to print) and approx-error.h (errors on the seeded
 * smooth and needle inputs, at N = 512 so each problem builds once in tens
 * of milliseconds and is then kept), plus gpu-specs.h for one GPU's memory.
 * Sizes are binary (KiB/MiB/GiB); GPU memory is the vendor's decimal GB.
 */
#define G_LOG_DOMAIN "ab-approx-values"

#include "ab-format.h"
#include "ab-rng.h"
#include "ab-values.h"
#include "approx-error.h"
#include "attn-complexity.h"
#include "attn-linformer.h"
#include "attn-lsh.h"
#include "attn-patterns.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>

/* The parts the key shapes share. */
#define N      "n{2..16777216}"
#define SIDE   "{causal|bidir}"
#define WHAT   "{entries|share|ratio|max-row|flops|bytes}"
#define METHOD "{dense|sparse|reformer|linformer|performer|flash|chunked}"
#define GPU    "{a100|h100|h200}"

/* Counts use the book's head dimension and FP16 scores (attn-complexity.h's
 * defaults), so pattern and complexity figures agree. */
#define HEAD_DIM   64
#define ELEM_BYTES 2

/* The error measurements' problem size: small enough that the two exact
 * references build quickly and each measurement takes milliseconds. */
#define ERR_N 512

/* Formatting --------------------------------------------------------------- */

/* Two significant digits ("0.47", "1.3", "12"); below 10⁻³ as
 * "2.1 × 10⁻⁷", so a float-rounding error is shown, not rounded to 0. */
static char *
format_sig2 (double v)
{
  GString *out;
  int e;

  if (!isfinite (v))
    return ab_format_number (v);
  if (v == 0)
    return g_strdup ("0");
  e = (int) floor (log10 (fabs (v)));
  if (fabs (v) >= 1e-3)
    return ab_format_trimmed (v, e >= 1 ? 0 : 1 - e);
  out = g_string_new (NULL);
  g_string_append_printf (out, "%.1f", v / pow (10, e));
  ab_format_append_power_of_ten (out, e);
  return g_string_free (out, FALSE);
}

/* A share as a percentage to two significant digits ("1.8%", "25%"). */
static char *
format_percent (double share)
{
  g_autofree char *digits = format_sig2 (100.0 * share);
  return g_strdup_printf ("%s%%", digits);
}

/* An attention weight to three decimals, so 0.997 does not read as 1;
 * a weight that is exactly zero (a key outside the pattern) as "0". */
static char *
format_weight (double w)
{
  return w == 0 ? g_strdup ("0") : ab_format_number (w);
}

static gboolean
approx_failed (AbApproxStatus status, const AbApproxError *err, GError **error)
{
  if (status == AB_APPROX_OK)
    return FALSE;
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the kernel failed: %s"),
               err->message[0] ? err->message : ab_approx_status_string (status));
  return TRUE;
}

/* Patterns ------------------------------------------------------------------ */

/* @what (an index into WHAT's words) of pattern @p. */
static char *
pattern_value (const AbPattern *p, int what, GError **error)
{
  AbApproxError err = { 0 };
  AbPatternCount c;

  if (approx_failed (ab_pattern_count (p, HEAD_DIM, ELEM_BYTES, &c, &err), &err, error))
    return NULL;
  switch (what)
    {
    case 0: return ab_format_count (c.entries);
    case 1: return format_percent ((double) c.entries / (double) c.dense);
    case 2: return format_sig2 ((double) c.dense / (double) c.entries);
    case 3: return ab_format_count (c.max_row);
    case 4: return ab_format_big ((double) c.flops);
    default: return ab_format_bytes ((double) c.peak_bytes);
    }
}

/* Arguments: side, N, stride l (then c for FIXED). */
static void
sparse_pattern (const AbValueArgs *args, AbPatternKind kind, AbPattern *p)
{
  ab_pattern_init (p, kind, args->ints[1]);
  p->causal = args->ints[0] == 0;
  p->stride = args->ints[2];
  if (kind == AB_PATTERN_FIXED)
    p->summary = args->ints[3];
}

/* Arguments: N, radius r (then g, then random keys). */
static void
local_pattern (const AbValueArgs *args, AbPatternKind kind, AbPattern *p)
{
  ab_pattern_init (p, kind, args->ints[0]);
  p->radius = args->ints[1];
  p->n_global = kind == AB_PATTERN_WINDOW ? 0 : args->ints[2];
  p->n_random = kind == AB_PATTERN_BIGBIRD ? args->ints[3] : 0;
}

static char *
get_dense (const AbValueArgs *args, GError **error)
{
  AbPattern p;

  ab_pattern_init (&p, AB_PATTERN_DENSE, args->ints[1]);
  p.causal = args->ints[0] == 0;
  return pattern_value (&p, args->ints[2], error);
}

static char *
get_strided (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  sparse_pattern (args, AB_PATTERN_STRIDED, &p);
  return pattern_value (&p, args->ints[3], error);
}

static char *
get_fixed (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  sparse_pattern (args, AB_PATTERN_FIXED, &p);
  return pattern_value (&p, args->ints[4], error);
}

static char *
get_window (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  local_pattern (args, AB_PATTERN_WINDOW, &p);
  return pattern_value (&p, args->ints[2], error);
}

static char *
get_longformer (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  local_pattern (args, AB_PATTERN_LONGFORMER, &p);
  return pattern_value (&p, args->ints[3], error);
}

static char *
get_bigbird (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  local_pattern (args, AB_PATTERN_BIGBIRD, &p);
  return pattern_value (&p, args->ints[4], error);
}

/* Row @i of @p as its column list ("2, 6, 7, 8, 9, 10"). */
static char *
pattern_row (const AbPattern *p, int i, GError **error)
{
  AbApproxError err = { 0 };
  AbPatternIter *it;
  const int32_t *cols;
  GString *out;
  int n;

  if (i >= p->n)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                   _("row %d is outside a pattern of %d rows"), i, p->n);
      return NULL;
    }
  it = ab_pattern_iter_new (p, &err);
  if (it == NULL)
    {
      approx_failed (err.status != AB_APPROX_OK ? err.status : AB_APPROX_E_INVALID, &err, error);
      return NULL;
    }
  n = ab_pattern_iter_cols (it, i, &cols);
  out = g_string_new (NULL);
  for (int c = 0; c < n; c++)
    g_string_append_printf (out, c ? ", %d" : "%d", cols[c]);
  ab_pattern_iter_free (it);
  return g_string_free (out, FALSE);
}

static char *
get_row_strided (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  sparse_pattern (args, AB_PATTERN_STRIDED, &p);
  return pattern_row (&p, args->ints[3], error);
}

static char *
get_row_fixed (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  sparse_pattern (args, AB_PATTERN_FIXED, &p);
  return pattern_row (&p, args->ints[4], error);
}

static char *
get_row_bigbird (const AbValueArgs *args, GError **error)
{
  AbPattern p;
  local_pattern (args, AB_PATTERN_BIGBIRD, &p);
  return pattern_row (&p, args->ints[4], error);
}

/* Longformer §3.1: a stack of ℓ layers with window w reaches ℓ × w. */
static char *
get_reach (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) args->ints[0] * (guint64) args->ints[1]);
}

/* Complexity against N ------------------------------------------------------- */

static gboolean
complexity (int method, guint64 n, AbComplexity *out, GError **error)
{
  AbComplexityParams params;
  AbApproxError err = { 0 };

  ab_complexity_params_init (&params);
  return !approx_failed (ab_complexity ((AbComplexityMethod) method, n, &params, out, &err), &err,
                         error);
}

/* Arguments: method, quantity (flops, bytes, sort), N. */
static char *
get_cx (const AbValueArgs *args, GError **error)
{
  AbComplexity c;

  if (!complexity (args->ints[0], args->ints[2], &c, error))
    return NULL;
  switch (args->ints[1])
    {
    case 0: return ab_format_big ((double) c.flops);
    case 1: return ab_format_bytes ((double) c.bytes);
    default: return ab_format_big ((double) c.sort_ops);
    }
}

/* Dense ÷ the method, for FLOPs or bytes ("64"). */
static char *
get_cx_ratio (const AbValueArgs *args, GError **error)
{
  AbComplexity c, dense;
  double a, b;

  if (!complexity (args->ints[0], args->ints[2], &c, error) ||
      !complexity (AB_CX_DENSE, args->ints[2], &dense, error))
    return NULL;
  a = args->ints[1] == 0 ? (double) dense.flops : (double) dense.bytes;
  b = args->ints[1] == 0 ? (double) c.flops : (double) c.bytes;
  return format_sig2 (a / b);
}

/* One GPU's memory ------------------------------------------------------------ */

/* Arguments: GPU, layers, heads, bytes per score: the longest N whose
 * L × H score matrices of one sequence fit in the GPU's HBM (decimal GB,
 * as sold), with nothing else stored. */
static char *
get_fit (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = ab_gpu_find (args->words[0]);
  double per_n2;
  guint64 n;

  if (g == NULL)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the GPU table has no “%s”"),
                   args->words[0]);
      return NULL;
    }
  per_n2 = (double) args->ints[1] * args->ints[2] * args->ints[3];
  n = (guint64) floor (sqrt (g->hbm_gb * 1e9 / per_n2));
  /* Guard the square root's rounding at the boundary. */
  while ((double) (n + 1) * (n + 1) * per_n2 <= g->hbm_gb * 1e9)
    n++;
  while (n > 0 && (double) n * n * per_n2 > g->hbm_gb * 1e9)
    n--;
  return ab_format_count (n);
}

/* Arguments: GPU, layers, heads, N, bytes per score: how many of the
 * GPU's HBM (decimal GB) one sequence's score matrices fill ("10.3"). */
static char *
get_over (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = ab_gpu_find (args->words[0]);
  double n = args->ints[3];

  if (g == NULL)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("the GPU table has no “%s”"),
                   args->words[0]);
      return NULL;
    }
  return ab_format_trimmed ((double) args->ints[1] * args->ints[2] * n * n * args->ints[4]
                            / (g->hbm_gb * 1e9), 1);
}

/* Reformer's LSH --------------------------------------------------------------- */

/* P[same bucket in at least one of R rounds] at angle θ (degrees), b
 * buckets. One round's probability is a quadrature of tens of
 * milliseconds for b > 2, so it is computed once per (b, θ) and the rounds
 * are applied to it: 1 − (1 − p)^R, as attn-lsh.h defines them. */
static char *
get_collide (const AbValueArgs *args, GError **error)
{
  static GHashTable *once;
  int b = args->ints[0], deg = args->ints[1];
  gpointer key = GINT_TO_POINTER (b * 181 + deg);
  double *cached, p;

  if (once == NULL)
    once = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  cached = g_hash_table_lookup (once, key);
  if (cached == NULL)
    {
      cached = g_new (double, 1);
      *cached = ab_lsh_collision_probability (deg * G_PI / 180.0, b);
      g_hash_table_insert (once, key, cached);
    }
  p = 1.0 - pow (1.0 - *cached, args->ints[2]);

  if (!isfinite (p))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("no collision probability for %d buckets"), args->ints[0]);
      return NULL;
    }
  return format_percent (p);
}

/* What one hashing of N seeded queries gives, kept per (N, buckets,
 * rounds): a page quotes five figures of the same run. */
typedef struct
{
  guint64 entries, dense, max_row;
  int     max_bucket;
} LshStats;

static const LshStats *
lsh_stats (int n, int n_buckets, int n_rounds, GError **error)
{
  static GHashTable *runs;
  g_autofree char *key = g_strdup_printf ("%d/%d/%d", n, n_buckets, n_rounds);
  AbApproxError err = { 0 };
  AbLshConfig cfg;
  AbLshHash hash = { 0 };
  AbPattern p;
  AbPatternCount c;
  AbRng rng;
  g_autofree float *q = NULL;
  g_autofree int *sizes = NULL;
  LshStats *stats = NULL;

  if (runs == NULL)
    runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((stats = g_hash_table_lookup (runs, key)) != NULL)
    return stats;

  ab_lsh_config_init (&cfg, n, HEAD_DIM);
  cfg.n_buckets = n_buckets;
  cfg.n_rounds = n_rounds;
  q = g_new (float, (gsize) n * HEAD_DIM);
  ab_rng_init (&rng, 2020);
  ab_rng_fill_normal (&rng, q, n * HEAD_DIM, 1.0);
  if (approx_failed (ab_lsh_hash (&cfg, q, &hash, &err), &err, error))
    goto out;
  ab_lsh_pattern (&hash, &p);
  if (approx_failed (ab_pattern_count (&p, HEAD_DIM, ELEM_BYTES, &c, &err), &err, error))
    goto out;
  stats = g_new0 (LshStats, 1);
  stats->entries = c.entries;
  stats->dense = c.dense;
  stats->max_row = c.max_row;
  /* Bucket sizes of the first round. */
  sizes = g_new0 (int, cfg.n_buckets);
  for (int t = 0; t < n; t++)
    stats->max_bucket = MAX (stats->max_bucket, ++sizes[hash.bucket[t]]);
  g_hash_table_insert (runs, g_steal_pointer (&key), stats);
out:
  ab_lsh_hash_clear (&hash);
  return stats;
}

/* Arguments: N, buckets, rounds, quantity. Seeded Gaussian queries
 * (N × 64), shared-QK, chunks of 64: what the hash does to them. */
static char *
get_lsh (const AbValueArgs *args, GError **error)
{
  int n = args->ints[0], n_buckets = args->ints[1];
  const LshStats *s = lsh_stats (n, n_buckets, args->ints[2], error);

  if (s == NULL)
    return NULL;
  switch (args->ints[3])
    {
    case 0: return ab_format_count (s->entries);
    case 1: return format_percent ((double) s->entries / (double) s->dense);
    case 2: return ab_format_count (s->max_row);
    case 3: return ab_format_count ((guint64) s->max_bucket);
    default: return ab_format_trimmed ((double) n / n_buckets, 1);
    }
}

/* Errors against exact attention (approx-error.h) ------------------------------ */

/* The seeded problems at N = 512, d = 64 (default τ, needle logit and
 * positions), built once each, with the exact attention matrices. */
static const AbApproxProblem *
error_problem (int kind, GError **error)
{
  static AbApproxProblem problems[2];
  static gboolean built[2];
  AbApproxInputConfig cfg;
  AbApproxError err = { 0 };

  if (built[kind])
    return &problems[kind];
  ab_approx_input_config_init (&cfg);
  cfg.n = ERR_N;
  cfg.kind = kind == 0 ? AB_APPROX_INPUT_SMOOTH : AB_APPROX_INPUT_NEEDLE;
  if (approx_failed (ab_approx_problem_init (&problems[kind], &cfg, TRUE, &err), &err, error))
    {
      ab_approx_problem_clear (&problems[kind]);
      return NULL;
    }
  built[kind] = TRUE;
  return &problems[kind];
}

/* ab_approx_measure, kept per (input, method, budget, matrix): a page
 * quotes a method's error and its needle weights from one measurement. */
static gboolean
measure_once (const AbApproxProblem *prob, int kind, const AbApproxMethodConfig *m,
              gboolean want_matrix, AbApproxResult *out, AbApproxError *err, GError **error)
{
  static GHashTable *done;
  g_autofree char *key = g_strdup_printf ("%d/%d/%d/%d", kind, (int) m->method, m->budget, want_matrix);
  AbApproxResult *kept;

  if (done == NULL)
    done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((kept = g_hash_table_lookup (done, key)) == NULL)
    {
      if (approx_failed (ab_approx_measure (prob, m, want_matrix, out, err), err, error))
        return FALSE;
      kept = g_memdup2 (out, sizeof *out);
      g_hash_table_insert (done, g_steal_pointer (&key), kept);
    }
  *out = *kept;
  return TRUE;
}

/* Arguments: input, method, budget, quantity (output error, needle-row
 * error, the method's weight on the needle, exact attention's weight). */
static char *
get_error (const AbValueArgs *args, GError **error)
{
  const AbApproxProblem *prob = error_problem (args->ints[0], error);
  AbApproxMethodConfig m = { 0 };
  AbApproxError err = { 0 };
  AbApproxResult r;
  int what = args->ints[3];

  if (prob == NULL)
    return NULL;
  if (!ab_approx_method_from_name (args->words[1], &m.method))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, _("no method “%s”"), args->words[1]);
      return NULL;
    }
  if (what > 0 && args->ints[0] == 0)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the smooth input has no needle: use needle for %s"), args->words[3]);
      return NULL;
    }
  m.budget = args->ints[2];
  m.seed = 7;
  if (!measure_once (prob, args->ints[0], &m, what >= 2, &r, &err, error))
    return NULL;
  switch (what)
    {
    case 0: return format_sig2 (r.output_error);
    case 1: return format_sig2 (r.needle_error);
    case 2: return format_weight (r.needle_weight);
    default: return format_weight (r.needle_weight_exact);
    }
}

/* Linformer on a toy problem ------------------------------------------------------ */

#define TOY_N 8
#define TOY_D 2
#define TOY_K 2

typedef struct
{
  double exact[TOY_N * TOY_N];           /* softmax(QKᵀ/√d) */
  double bar[TOY_N * TOY_K];             /* P̄ = softmax(Q (EK)ᵀ/√d) */
  double eff[TOY_N * TOY_N];             /* P̄F over the original tokens */
  double o_exact[TOY_N * TOY_D];
  float  o_pool[TOY_N * TOY_D];
  float  e[TOY_K * TOY_N];
} Toy;

/* Eight tokens, d = 2, seeded N(0, 1) Q, K, V; pooling E = F with k = 2. */
static const Toy *
toy (GError **error)
{
  static Toy t;
  static gboolean done;
  AbLinformerConfig cfg = { .n = TOY_N, .k = TOY_K, .projection = AB_LINFORMER_POOL, .share_ef = 1 };
  AbApproxError err = { 0 };
  float q[TOY_N * TOY_D], k[TOY_N * TOY_D], v[TOY_N * TOY_D];
  AbRng rng;

  if (done)
    return &t;
  ab_rng_init (&rng, 2006);
  ab_rng_fill_normal (&rng, q, TOY_N * TOY_D, 1.0);
  ab_rng_fill_normal (&rng, k, TOY_N * TOY_D, 1.0);
  ab_rng_fill_normal (&rng, v, TOY_N * TOY_D, 1.0);
  if (approx_failed (ab_linformer_projections (&cfg, t.e, NULL, &err), &err, error) ||
      approx_failed (ab_approx_dense_attention (TOY_N, TOY_N, TOY_D, q, k, v, 0, NULL, t.o_exact,
                                                t.exact, NULL, &err), &err, error) ||
      approx_failed (ab_linformer_attention (TOY_N, TOY_D, TOY_K, q, k, v, t.e, t.e, 0, t.o_pool,
                                             t.bar, t.eff, NULL, &err), &err, error))
    return NULL;
  done = TRUE;
  return &t;
}

/* Arguments: which matrix, row i, column j. */
static char *
get_toy_weight (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (error);
  int i = args->ints[1], j = args->ints[2];

  if (t == NULL)
    return NULL;
  if ((args->ints[0] == 1 && j >= TOY_K) || (args->ints[0] == 3 && i >= TOY_K))
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                   _("P̄ has only %d columns and E only %d rows"), TOY_K, TOY_K);
      return NULL;
    }
  switch (args->ints[0])
    {
    case 0: return ab_format_number (t->exact[i * TOY_N + j]);
    case 1: return ab_format_number (t->bar[i * TOY_K + j]);
    case 2: return ab_format_number (t->eff[i * TOY_N + j]);
    default: return format_weight (t->e[i * TOY_N + j]);
    }
}

/* Arguments: which output (exact, pooled), row i, component c. */
static char *
get_toy_output (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (error);
  int at = args->ints[1] * TOY_D + args->ints[2];

  if (t == NULL)
    return NULL;
  return ab_format_number (args->ints[0] == 0 ? t->o_exact[at] : t->o_pool[at]);
}

static const AbValueSpec approx_values[] = {
  { "dense." SIDE "." N "." WHAT, get_dense,
    "dense attention's entries, share of N², dense ÷ entries, longest row, FLOPs (d = 64), "
    "FP16 score bytes" },
  { "strided." SIDE "." N ".l{1..16777216}." WHAT, get_strided,
    "Sparse Transformer's strided pattern with stride l: the same quantities" },
  { "fixed." SIDE "." N ".l{1..16777216}.c{1..16777216}." WHAT, get_fixed,
    "Sparse Transformer's fixed pattern, block l and c summary columns" },
  { "window." N ".r{0..16777216}." WHAT, get_window, "a sliding window of r keys each side" },
  { "longformer." N ".r{0..16777216}.g{0..16777216}." WHAT, get_longformer,
    "window r plus g global tokens" },
  { "bigbird." N ".r{0..16777216}.g{0..16777216}.k{0..4096}." WHAT, get_bigbird,
    "window r, g global tokens and k random keys per query" },
  { "row.strided." SIDE ".n{2..256}.l{1..256}.i{0..255}", get_row_strided,
    "the columns one row of the strided pattern keeps (\"2, 6, 7, 8, 9, 10\")" },
  { "row.fixed." SIDE ".n{2..256}.l{1..256}.c{1..256}.i{0..255}", get_row_fixed,
    "the columns one row of the fixed pattern keeps" },
  { "row.bigbird.n{2..256}.r{0..256}.g{0..256}.k{0..256}.i{0..255}", get_row_bigbird,
    "the columns one row of the BigBird pattern keeps (its random keys seeded)" },
  { "reach.l{1..1000}.w{1..1000000}", get_reach, "ℓ × w: a stack of windows' receptive field" },
  { "cx." METHOD ".{flops|bytes|sort}." N, get_cx,
    "one head's FLOPs, attention memory (FP16) or Reformer's sort comparisons at N, d = 64" },
  { "cx-ratio." METHOD ".{flops|bytes}." N, get_cx_ratio, "dense ÷ the method at N" },
  { "fit." GPU ".l{1..1000}.h{1..1000}.b{1..8}", get_fit,
    "the longest N whose L × H score matrices of B bytes fit in the GPU's HBM (decimal GB)" },
  { "over." GPU ".l{1..1000}.h{1..1000}." N ".b{1..8}", get_over,
    "one sequence's L × H score matrices of B bytes ÷ the GPU's HBM (decimal GB)" },
  { "lsh-collide.b{2..1024}.deg{0..180}.r{1..16}", get_collide,
    "P[two vectors at an angle share a bucket in some round], a percentage" },
  { "lsh.n{2..8192}.b{2..1024}.r{1..16}.{entries|share|max-row|max-bucket|mean-bucket}", get_lsh,
    "seeded Gaussian shared-QK vectors hashed with chunks of 64: pairs attended, their share, "
    "longest row, largest and mean bucket of round 1" },
  { "err.{smooth|needle}.{chunked|flash|window|bigbird|lsh|linformer|linformer-pool|performer|linear}"
    ".b{0..4096}.{output|needle|weight|exact-weight}", get_error,
    "relative error against exact attention at N = 512, d = 64 with budget b; on the needle "
    "input also the needle row's error and the weight on the needle key" },
  { "toy.{exact|bar|eff|e}.i{0..7}.j{0..7}", get_toy_weight,
    "Linformer's 8-token toy (k = 2, pooling): exact P, P̄, P̄F, or E's row i, token j" },
  { "toy-out.{exact|pool}.i{0..7}.c{0..1}", get_toy_output, "the toy's output rows" },
};

AB_VALUE_FAMILY (ab_approx_values_a, "approx", approx_values);

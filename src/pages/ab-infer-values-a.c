/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-infer-values-a.c — the `infer` family: Part 4's KV-cache and paging numbers
 *
 * The first half of Part 4 (why inference differs, MQA, GQA, MLA, the KV
 * comparison table, PagedAttention) quotes cache sizes, reduction factors,
 * decode-step read times and a serving run. Every one is computed here
 * from explicit shapes written in the key (layers, KV heads, head
 * dimension, MLA's d_c and RoPE width), through the KV calculator in
 * kv-cache.h, the GPU table in gpu-specs.h and the serving simulator in
 * serving-sim.h; a key names the shape, so a page can be checked against
 * the model's published config by reading it. Sizes are binary
 * (KiB/MiB/GiB); bandwidths are the vendors' decimal TB/s.
 */
#define G_LOG_DOMAIN "ab-infer-values-a"

#include "ab-format.h"
#include "ab-values.h"
#include "gpu-specs.h"
#include "kv-cache.h"
#include "serving-sim.h"

#include <glib/gi18n.h>
#include <math.h>

/* The parts the key shapes share. */
#define N      "n{1..16777216}"
#define L      "l{1..1000}"
#define HEADS  "h{1..1024}"
#define DIM    "d{1..1024}"
#define LATENT "c{1..8192}.r{0..1024}"
#define PREC   "{fp32|fp16|bf16|fp8}"
#define GPU    "{a100|h100|h200}"

/* A plain (MHA/MQA/GQA) shape with @kv_heads KV heads: the scheme only
 * changes how many KV heads there are, so GQA's formula covers all three. */
static void
plain_shape (AbKvShape *s, int layers, int kv_heads, int head_dim)
{
  *s = (AbKvShape) { .layers = layers, .q_heads = kv_heads, .kv_heads = kv_heads,
                     .head_dim = head_dim };
}

/* An MLA shape: d_c latent values and a d_h^R RoPE key per token per layer. */
static void
mla_shape (AbKvShape *s, int layers, int latent, int rope)
{
  /* q_heads/kv_heads/head_dim are unused by the MLA count but must be valid. */
  *s = (AbKvShape) { .layers = layers, .q_heads = 1, .kv_heads = 1, .head_dim = 1,
                     .latent_dim = latent, .rope_dim = rope };
}

static gboolean
request_bytes (const AbKvShape *s, AbKvScheme scheme, int bits, guint64 n, guint64 *bytes,
               GError **error)
{
  AbKError err = { 0 };
  uint64_t b;

  if (ab_kv_bytes_per_request (s, scheme, bits, n, &b, &err) != AB_K_OK)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the KV calculator failed: %s"), err.message);
      return FALSE;
    }
  *bytes = b;
  return TRUE;
}

static const AbGpuSpec *
gpu_arg (const AbValueArgs *args, guint i, GError **error)
{
  const AbGpuSpec *g = ab_gpu_find (args->words[i]);

  if (g == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the GPU table has no “%s”"), args->words[i]);
  return g;
}

/* Plain caches ------------------------------------------------------------ */

/* Arguments: L, H_kv, d, precision: one token's keys and values. */
static gboolean
plain_token (const AbValueArgs *args, guint64 *b, GError **error)
{
  AbKvShape s;

  plain_shape (&s, args->ints[0], args->ints[1], args->ints[2]);
  return request_bytes (&s, AB_KV_GQA, ab_kv_precision_bits (args->words[3]), 1, b, error);
}

static char *
get_token (const AbValueArgs *args, GError **error)
{
  guint64 b;
  return plain_token (args, &b, error) ? ab_format_bytes ((double) b) : NULL;
}

/* The same in bytes, with thousands separators ("327,680"). */
static char *
get_token_count (const AbValueArgs *args, GError **error)
{
  guint64 b;
  return plain_token (args, &b, error) ? ab_format_count (b) : NULL;
}

/* Arguments: N, L, H_kv, d, precision: one request's cache. */
static gboolean
plain_request (const AbValueArgs *args, guint64 *b, GError **error)
{
  AbKvShape s;

  plain_shape (&s, args->ints[1], args->ints[2], args->ints[3]);
  return request_bytes (&s, AB_KV_GQA, ab_kv_precision_bits (args->words[4]), args->ints[0], b,
                        error);
}

static char *
get_request (const AbValueArgs *args, GError **error)
{
  guint64 b;
  return plain_request (args, &b, error) ? ab_format_bytes ((double) b) : NULL;
}

static char *
get_request_decimal (const AbValueArgs *args, GError **error)
{
  guint64 b;
  return plain_request (args, &b, error) ? ab_format_bytes_decimal ((double) b) : NULL;
}

/* Milliseconds to read that cache once at the GPU's HBM bandwidth: the
 * floor every decode step of those tokens pays (argument 5: the GPU). */
static char *
get_read_ms (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  guint64 b;

  if (g == NULL || !plain_request (args, &b, error))
    return NULL;
  return ab_format_trimmed (b / (g->hbm_tbs * 1e12) * 1e3, 2);
}

/* Arguments: parameters in millions, N, L, H_kv, d, GPU: how many requests
 * of N tokens fit beside the BF16 weights in the GPU's HBM (decimal GB, as
 * sold), both at 16 bits; nothing else (activations, the runtime) counted. */
static char *
get_fit (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  AbKvShape s;
  guint64 per_request;
  double left;

  plain_shape (&s, args->ints[2], args->ints[3], args->ints[4]);
  if (g == NULL || !request_bytes (&s, AB_KV_GQA, 16, args->ints[1], &per_request, error))
    return NULL;
  left = g->hbm_gb * 1e9 - (double) ab_kv_weight_bytes (args->ints[0] / 1e3, 16);
  return ab_format_count (left > 0 ? (guint64) floor (left / per_request) : 0);
}

/* MLA caches -------------------------------------------------------------- */

/* Arguments: L, d_c, d_h^R, precision. */
static char *
get_mla_token (const AbValueArgs *args, GError **error)
{
  AbKvShape s;
  guint64 b;

  mla_shape (&s, args->ints[0], args->ints[1], args->ints[2]);
  if (!request_bytes (&s, AB_KV_MLA, ab_kv_precision_bits (args->words[3]), 1, &b, error))
    return NULL;
  return ab_format_bytes ((double) b);
}

/* Arguments: N, L, d_c, d_h^R, precision. */
static char *
get_mla_request (const AbValueArgs *args, GError **error)
{
  AbKvShape s;
  guint64 b;

  mla_shape (&s, args->ints[1], args->ints[2], args->ints[3]);
  if (!request_bytes (&s, AB_KV_MLA, ab_kv_precision_bits (args->words[4]), args->ints[0], &b,
                      error))
    return NULL;
  return ab_format_bytes ((double) b);
}

/* Milliseconds to read that MLA cache once at the GPU's HBM bandwidth. */
static char *
get_mla_read_ms (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  AbKvShape s;
  guint64 b;

  mla_shape (&s, args->ints[1], args->ints[2], args->ints[3]);
  if (g == NULL ||
      !request_bytes (&s, AB_KV_MLA, ab_kv_precision_bits (args->words[4]), args->ints[0], &b, error))
    return NULL;
  return ab_format_trimmed (b / (g->hbm_tbs * 1e12) * 1e3, 2);
}

/* The same in GiB with two decimals, for a table whose column must show
 * 11.25 GiB rather than round it to 11.2 (FACTS 64). */
static char *
get_mla_gib (const AbValueArgs *args, GError **error)
{
  AbKvShape s;
  guint64 b;

  mla_shape (&s, args->ints[1], args->ints[2], args->ints[3]);
  if (!request_bytes (&s, AB_KV_MLA, ab_kv_precision_bits (args->words[4]), args->ints[0], &b,
                      error))
    return NULL;
  g_autofree char *gib = ab_format_trimmed (b / 1073741824.0, 2);
  return g_strdup_printf ("%s GiB", gib);
}

/* Values per token per layer: 2 · H_kv · d plain, d_c + d_h^R for MLA. */
static double
plain_values (int kv_heads, int d)
{
  AbKvShape s;

  plain_shape (&s, 1, kv_heads, d);
  return (double) ab_kv_values_per_token_layer (&s, AB_KV_GQA);
}

static double
mla_values (int latent, int rope)
{
  AbKvShape s;

  mla_shape (&s, 1, latent, rope);
  return (double) ab_kv_values_per_token_layer (&s, AB_KV_MLA);
}

/* Arguments: d_c, d_h^R, H_kv, d: how many times the plain cache outweighs
 * MLA's at the same depth and precision ("3.56" against GQA-8). */
static char *
get_mla_factor (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (plain_values (args->ints[2], args->ints[3])
                            / mla_values (args->ints[0], args->ints[1]), 2);
}

/* The inverse: MLA's cache ÷ the plain one ("2.25" against MQA). */
static char *
get_mla_ratio (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (mla_values (args->ints[0], args->ints[1])
                            / plain_values (args->ints[2], args->ints[3]), 2);
}

/* MLA's saving against the plain cache, a percentage to one decimal ("96.5%"). */
static char *
get_mla_saving (const AbValueArgs *args, GError **error)
{
  double share = mla_values (args->ints[0], args->ints[1])
                 / plain_values (args->ints[2], args->ints[3]);
  return g_strdup_printf ("%.1f%%", 100.0 * (1.0 - share));
}

/* The plain cache's share of MLA's values per token per layer ("1.76%"). */
static char *
get_mla_share (const AbValueArgs *args, GError **error)
{
  return g_strdup_printf ("%.2f%%", 100.0 * mla_values (args->ints[0], args->ints[1])
                                    / plain_values (args->ints[2], args->ints[3]));
}

/* DeepSeek-V2's headline against DeepSeek 67B. V2: 60 layers, d_c = 512,
 * d_h^R = 64 (DeepSeek-V2 §3.1.2); DeepSeek 67B: 95 layers, 8 KV heads of
 * 128 (its config.json; FACTS 58). The abstract's 93.3% compares deployed
 * V2, whose cache is quantised to "6 bits on average" (§3.2.3), with 67B
 * in 16 bits; argument: V2's bits per value. */
static char *
get_v2_vs_67b (const AbValueArgs *args, GError **error)
{
  AbKvShape v2, ds67;
  guint64 a, b;

  mla_shape (&v2, 60, 512, 64);
  plain_shape (&ds67, 95, 8, 128);
  if (!request_bytes (&v2, AB_KV_MLA, args->ints[0], 1, &a, error) ||
      !request_bytes (&ds67, AB_KV_GQA, 16, 1, &b, error))
    return NULL;
  return g_strdup_printf ("%.1f%%", 100.0 * (1.0 - (double) a / (double) b));
}

/* Ratios of heads ----------------------------------------------------------- */

/* Arguments: H, H_kv: the factor sharing saves ("8"). */
static char *
get_heads_factor (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed ((double) args->ints[0] / args->ints[1], 2);
}

/* Weights and decode ----------------------------------------------------- */

/* Arguments: parameters in millions, precision: the weights' size. */
static double
weight_bytes (const AbValueArgs *args)
{
  return (double) ab_kv_weight_bytes (args->ints[0] / 1e3, ab_kv_precision_bits (args->words[1]));
}

static char *
get_weights (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (weight_bytes (args));
}

static char *
get_weights_decimal (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes_decimal (weight_bytes (args));
}

/* Milliseconds to stream the weights once from HBM: the floor of a decode
 * step, which must read every weight to produce one token per sequence. */
static char *
get_weights_ms (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 2, error);
  return g ? ab_format_trimmed (weight_bytes (args) / (g->hbm_tbs * 1e12) * 1e3, 2) : NULL;
}

/* FLOPs per weight byte when T tokens share one read of the weights: each
 * weight does a multiply and an add per token (2T FLOPs) for its bytes. */
static char *
get_intensity (const AbValueArgs *args, GError **error)
{
  int bits = ab_kv_precision_bits (args->words[1]);
  double flops = 2.0 * args->ints[0] / (bits / 8.0);

  /* "2,048" for whole numbers, as the prose writes token counts. */
  return flops == floor (flops) ? ab_format_count ((guint64) flops) : ab_format_trimmed (flops, 1);
}

/* Milliseconds a prefill of T prompt tokens needs at the GPU's dense BF16
 * peak, counting only the weights' 2 FLOPs per parameter per token (the
 * attention scores add more): the compute floor of the time to first token. */
static char *
get_prefill_ms (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 2, error);
  double flops = 2.0 * args->ints[0] * 1e6 * args->ints[1];
  return g ? ab_format_trimmed (flops / (g->tflops_bf16_dense * 1e12) * 1e3, 1) : NULL;
}

static char *
get_ridge (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);
  return g ? ab_format_trimmed (ab_gpu_ridge_point (g), 0) : NULL;
}

/* Paged blocks ------------------------------------------------------------- */

/* Arguments: tokens, block size. */
static char *
get_blocks (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((args->ints[0] + args->ints[1] - 1) / args->ints[1]);
}

/* Unused slots in the last block. */
static char *
get_slack (const AbValueArgs *args, GError **error)
{
  int b = args->ints[1];
  return ab_format_count ((guint64) ((b - args->ints[0] % b) % b));
}

/* Arguments: tokens used, slots reserved: the reserved share left empty. */
static char *
get_reserve_waste (const AbValueArgs *args, GError **error)
{
  if (args->ints[0] > args->ints[1])
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("%d tokens do not fit in %d reserved slots"), args->ints[0], args->ints[1]);
      return NULL;
    }
  return g_strdup_printf ("%.0f%%", 100.0 * (1.0 - (double) args->ints[0] / args->ints[1]));
}

/* The serving simulator --------------------------------------------------- */

typedef struct
{
  AbServeConfig  config;
  AbServeMetrics last[AB_SERVE_N_SYSTEMS];
  double         util_sum[AB_SERVE_N_SYSTEMS];
  double         util_peak[AB_SERVE_N_SYSTEMS];
  int            busy_steps[AB_SERVE_N_SYSTEMS];
  int            steps;
  int            requests;
} ServeRun;

/* serving-sim.c's default workload (larger than the scripted one the
 * paged-attention-blocks diagram steps through), run to the end once,
 * then kept. */
static const ServeRun *
serve_run (GError **error)
{
  static ServeRun run;
  static gboolean done;
  AbServeSim *sim = NULL;
  AbKError err = { 0 };

  if (done)
    return &run;
  ab_serve_config_default (&run.config);
  if (ab_serve_sim_new (&run.config, &sim, &err) != AB_K_OK)
    goto fail;
  /* The default workload stops arriving after 64 requests; the cap only
   * guards against a simulator that never drains. */
  while (!ab_serve_sim_done (sim) && run.steps < 100000)
    {
      if (ab_serve_sim_step (sim, &err) < 0)
        goto fail;
      run.steps++;
      for (int sys = 0; sys < AB_SERVE_N_SYSTEMS; sys++)
        {
          const AbServeMetrics *m = ab_serve_sim_metrics (sim, sys);
          run.last[sys] = *m;
          if (m->running > 0)
            {
              run.util_sum[sys] += m->utilisation;
              run.busy_steps[sys]++;
            }
          run.util_peak[sys] = MAX (run.util_peak[sys], m->utilisation);
        }
    }
  run.requests = ab_serve_sim_n_requests (sim);
  ab_serve_sim_free (sim);
  done = TRUE;
  return &run;

fail:
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
               _("the serving simulator failed: %s"), err.message);
  ab_serve_sim_free (sim);
  return NULL;
}

/* Arguments: system, metric. */
static char *
get_serve (const AbValueArgs *args, GError **error)
{
  const ServeRun *r = serve_run (error);
  int sys = args->ints[0];

  if (r == NULL)
    return NULL;
  switch (args->ints[1])
    {
    case 0: return ab_format_count (r->last[sys].finished);
    case 1: return ab_format_count (r->last[sys].rejected);
    case 2: return ab_format_count (r->last[sys].preempted);
    case 3:
      return g_strdup_printf ("%.0f%%", r->busy_steps[sys] > 0
                                          ? 100.0 * r->util_sum[sys] / r->busy_steps[sys] : 0.0);
    default: return g_strdup_printf ("%.0f%%", 100.0 * r->util_peak[sys]);
    }
}

static char *
get_serve_setup (const AbValueArgs *args, GError **error)
{
  const ServeRun *r = serve_run (error);

  if (r == NULL)
    return NULL;
  switch (args->ints[0])
    {
    case 0: return ab_format_count (r->requests);
    case 1: return ab_format_count (r->config.pool_tokens);
    case 2: return ab_format_count (r->config.block_size);
    case 3: return ab_format_count (r->config.max_seq_len);
    case 4: return ab_format_count (r->config.n_parallel);
    case 5: return g_strdup_printf ("%.0f%%", 100.0 * r->config.p_parallel);
    default: return ab_format_count (r->steps);
    }
}

static char *
get_serve_ratio (const AbValueArgs *args, GError **error)
{
  const ServeRun *r = serve_run (error);

  if (r == NULL)
    return NULL;
  if (r->last[AB_SERVE_NAIVE].finished == 0)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the contiguous pool served no request"));
      return NULL;
    }
  return ab_format_trimmed ((double) r->last[AB_SERVE_PAGED].finished
                            / r->last[AB_SERVE_NAIVE].finished, 1);
}

static const AbValueSpec infer_values[] = {
  { "kv-token." L "." HEADS "." DIM "." PREC, get_token,
    "one token's keys and values over L layers of H_kv heads (\"320 KiB\")" },
  { "kv-token-bytes." L "." HEADS "." DIM "." PREC, get_token_count,
    "the same in bytes (\"327,680\")" },
  { "kv." N "." L "." HEADS "." DIM "." PREC, get_request,
    "one request's cache at N tokens, 2·N·L·H_kv·d·bytes (\"40 GiB\")" },
  { "kv-decimal." N "." L "." HEADS "." DIM "." PREC, get_request_decimal,
    "the same in decimal units (\"42.9 GB\")" },
  { "kv-read-ms." N "." L "." HEADS "." DIM "." PREC "." GPU, get_read_ms,
    "milliseconds to read that cache once at the GPU's HBM bandwidth" },
  { "fit.m{1..10000000}." N "." L "." HEADS "." DIM "." GPU, get_fit,
    "requests of N tokens whose 16-bit cache fits in the GPU's HBM beside the 16-bit weights" },
  { "mla-token." L "." LATENT "." PREC, get_mla_token,
    "one token's MLA cache, (d_c + d_h^R) values per layer (\"90 KiB\")" },
  { "mla." N "." L "." LATENT "." PREC, get_mla_request, "one request's MLA cache at N tokens" },
  { "mla-gib." N "." L "." LATENT "." PREC, get_mla_gib,
    "the same in GiB to two decimals (\"11.25 GiB\")" },
  { "mla-read-ms." N "." L "." LATENT "." PREC "." GPU, get_mla_read_ms,
    "milliseconds to read that MLA cache once at the GPU's HBM bandwidth" },
  { "mla-factor." LATENT "." HEADS "." DIM, get_mla_factor,
    "2·H_kv·d ÷ (d_c + d_h^R): how many times larger the plain cache is" },
  { "mla-ratio." LATENT "." HEADS "." DIM, get_mla_ratio,
    "(d_c + d_h^R) ÷ 2·H_kv·d (\"2.25\" against MQA)" },
  { "mla-saving." LATENT "." HEADS "." DIM, get_mla_saving, "1 − that ratio, as a percentage" },
  { "mla-share." LATENT "." HEADS "." DIM, get_mla_share, "that ratio as a percentage (\"1.76%\")" },
  { "v2-vs-67b.b{1..16}", get_v2_vs_67b,
    "DeepSeek-V2's KV saving per token against DeepSeek 67B (16-bit) at B bits (\"93.3%\" at 6)" },
  { "heads-factor." HEADS "." HEADS, get_heads_factor, "query heads ÷ KV heads (\"8\")" },
  { "weights.m{1..10000000}." PREC, get_weights, "weights of M million parameters (\"131 GiB\")" },
  { "weights-decimal.m{1..10000000}." PREC, get_weights_decimal, "the same in decimal GB" },
  { "weights-ms.m{1..10000000}." PREC "." GPU, get_weights_ms,
    "milliseconds to read those weights once at the GPU's HBM bandwidth" },
  { "intensity.t{1..1000000}." PREC, get_intensity,
    "FLOPs per weight byte when T tokens share one read of the weights" },
  { "prefill-ms.m{1..10000000}.t{1..1000000}." GPU, get_prefill_ms,
    "milliseconds for 2 FLOPs per parameter per prompt token at the dense BF16 peak" },
  { "ridge." GPU, get_ridge, "dense BF16 FLOPs per HBM byte at the GPU's ridge point" },
  { "blocks.n{1..16777216}.b{1..4096}", get_blocks, "blocks of B tokens that hold N tokens" },
  { "slack.n{1..16777216}.b{1..4096}", get_slack, "empty slots in the last of those blocks" },
  { "reserve-waste.n{0..16777216}.m{1..16777216}", get_reserve_waste,
    "share of M reserved slots left empty when N are used" },
  { "serve.{naive|paged}.{finished|rejected|preempted|util-mean|util-peak}", get_serve,
    "the serving simulator's default workload: requests finished, rejected, preempted, "
    "mean and peak memory utilisation" },
  { "serve.setup.{requests|pool|block|max-seq|samples|parallel-share|steps}", get_serve_setup,
    "that workload's size: requests, pool slots, block size, naive reservation, samples, "
    "share of requests that sample several, steps" },
  { "serve.finished-ratio", get_serve_ratio, "requests the paged pool served ÷ the contiguous pool's" },
};

AB_VALUE_FAMILY (ab_infer_values_a, "infer", infer_values);

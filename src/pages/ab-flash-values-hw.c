/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-flash-values-hw.c — the `flashhw` family: Part 3's hardware, benchmark and serving numbers
 *
 * The second half of Part 3 (FlashAttention-3, the support matrix, the
 * benchmarks, how to call it, the hook into Part 4) quotes figures of two
 * kinds. Paper and vendor figures are cited in the prose; everything derived
 * from them is computed here: a reported TFLOPs/s as a share of the peak in
 * the GPU table (gpu-specs.h), the FLOPs of an attention call (attn-io.h),
 * the logsumexp a FlashAttention head keeps, and the KV cache of a model at
 * a context length, 2 · N · L · H_kv · d · bytes (keys and values for every
 * token, layer and KV head). Sizes are binary (KiB/MiB/GiB); HBM capacities
 * stay the vendors' decimal GB.
 */
#define G_LOG_DOMAIN "ab-flash-values-hw"

#include "ab-format.h"
#include "ab-fp8-diagram.h"
#include "ab-values.h"
#include "attn-io.h"
#include "cost.h"
#include "fa3-pipeline.h"
#include "fp8.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>

/* The parts the key shapes share. */
#define N     "n{1..16777216}"
#define PREC  "{fp32|fp16|bf16|fp8}"
#define GPU   "{a100|h100|h200}"
#define SHAPE "b{1..4096}.h{1..1024}." N ".d{1..1024}"
#define MASK  "{full|causal}"
#define KV    N ".l{1..1000}.h{1..1024}.d{1..1024}." PREC

static const AbGpuSpec *
gpu_arg (const AbValueArgs *args, guint i, GError **error)
{
  const AbGpuSpec *g = ab_gpu_find (args->words[i]);

  if (g == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the GPU table has no “%s”"), args->words[i]);
  return g;
}

/* "85%": a share, rounded to a whole percent as the papers quote them. */
static char *
format_percent (double fraction)
{
  return g_strdup_printf ("%.0f%%", 100.0 * fraction);
}

/* Reported throughput and peaks ------------------------------------------ */

/* Arguments: TFLOPs/s reported, GPU, precision. The peak is the dense
 * tensor-core figure of the GPU table (FACTS #20, #21, #23). */
static char *
get_pct (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 1, error);
  double peak;

  if (g == NULL)
    return NULL;
  peak = args->ints[2] == 0 ? g->tflops_bf16_dense : g->tflops_fp8_dense;
  if (peak <= 0)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the %s has no FP8 tensor cores"), g->name);
      return NULL;
    }
  return format_percent (args->ints[0] / peak);
}

/* On-chip sizes from the GPU table (NVIDIA's "KB" and "MB" are binary). */
static char *
get_smem (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);

  return g ? ab_format_bytes (g->smem_kib_per_sm * 1024) : NULL;
}

static char *
get_l2 (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);

  return g ? ab_format_bytes (g->l2_mib * 1048576) : NULL;
}

static char *
get_peak (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);
  double peak;

  if (g == NULL)
    return NULL;
  peak = args->ints[1] == 0 ? g->tflops_bf16_dense : g->tflops_fp8_dense;
  if (peak <= 0)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the %s has no FP8 tensor cores"), g->name);
      return NULL;
    }
  /* 989.4 stays 989.4; 1979.0 is written "1,979". */
  return peak == floor (peak) ? ab_format_count ((guint64) peak) : ab_format_trimmed (peak, 1);
}

/* FLOPs of one attention call ------------------------------------------- */

/* Forward FLOPs of B × H heads: the two products, 4 · N² · d each head
 * (attn-io.h), halved under a causal mask, as the flash-attention
 * repository's benchmarks/benchmark_flash_attention.py counts them. */
static double
call_flops (const AbValueArgs *args)
{
  double per_head = ab_io_attention_flops (args->ints[2], args->ints[3]);
  double flops = per_head * args->ints[0] * args->ints[1];

  return args->ints[4] == 1 ? flops / 2 : flops;
}

static char *
get_flops (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) call_flops (args));
}

static char *
get_tflop (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (call_flops (args) / 1e12, 2);
}

/* Milliseconds the call takes at T TFLOPs/s. */
static char *
get_ms (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (call_flops (args) / (args->ints[5] * 1e12) * 1e3, 2);
}

/* Milliseconds the call takes at the GPU's dense BF16 peak (a floor). */
static char *
get_ms_peak (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  return g ? ab_format_trimmed (call_flops (args) / (g->tflops_bf16_dense * 1e12) * 1e3, 2) : NULL;
}

/* Memory per head per layer --------------------------------------------- */

/* The logsumexp FlashAttention-2 keeps for the backward pass (FA2 §3.1.1):
 * one number per query row, FP32 in the flash-attn kernels (softmax_lse). */
static guint64
lse_bytes (guint64 n)
{
  return n * 4;
}

static char *
get_lse (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) lse_bytes (args->ints[0]));
}

/* How many times the N × N matrix outweighs the logsumexp. */
static char *
get_matrix_over_lse (const AbValueArgs *args, GError **error)
{
  guint64 matrix = ab_cost_matrix_bytes (args->ints[0], ab_cost_precision_bytes (args->words[1]));
  return ab_format_count (matrix / lse_bytes (args->ints[0]));
}

/* One N × N matrix as a share of a GPU's HBM (decimal GB, as sold). */
static char *
get_matrix_hbm (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 2, error);
  guint64 matrix = ab_cost_matrix_bytes (args->ints[0], ab_cost_precision_bytes (args->words[1]));
  return g ? format_percent (matrix / (g->hbm_gb * 1e9)) : NULL;
}

/* One layer's matrices (H heads) in units of that GPU's HBM. */
static char *
get_matrix_gpus (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 3, error);
  guint64 stack = ab_cost_stack_bytes (args->ints[0], args->ints[1], 1, ab_cost_precision_bytes (args->words[2]));
  return g ? ab_format_trimmed (stack / (g->hbm_gb * 1e9), 1) : NULL;
}

/* The KV cache ------------------------------------------------------------ */

/* Arguments: N tokens, L layers, H_kv heads, d, precision. */
static double
kv_bytes (const AbValueArgs *args)
{
  return 2.0 * args->ints[0] * args->ints[1] * args->ints[2] * args->ints[3]
         * ab_cost_precision_bytes (args->words[4]);
}

static char *
get_kv (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (kv_bytes (args));
}

static char *
get_kv_decimal (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes_decimal (kv_bytes (args));
}

/* Arguments: L, H_kv, d, precision: one token's keys and values. */
static char *
get_kv_token (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (2.0 * args->ints[0] * args->ints[1] * args->ints[2]
                          * ab_cost_precision_bytes (args->words[3]));
}

/* The cache in units of one GPU's HBM (decimal GB, as sold). */
static char *
get_kv_hbm (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  return g ? ab_format_trimmed (kv_bytes (args) / (g->hbm_gb * 1e9), 1) : NULL;
}

/* Milliseconds to read the whole cache once from HBM: what every decoding
 * step of one sequence costs at least (decimal TB/s, as the datasheets). */
static char *
get_kv_read_ms (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  return g ? ab_format_trimmed (ab_io_seconds ((guint64) kv_bytes (args), g->hbm_tbs) * 1e3, 1) : NULL;
}

/* Arguments: heads, KV heads: the factor grouped-query attention saves. */
static char *
get_gqa_factor (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed ((double) args->ints[0] / args->ints[1], 2);
}

/* FlashAttention-3's pipeline on one SM ------------------------------------ */

/* The exponentials' time relative to both GEMMs, per score: one exp at the
 * MUFU rate against 4d FLOPs at the tensor-core rate (FA3 §3.1's figures,
 * from the pipeline model's H100 table). */
static double
exp_share (int d)
{
  const AbFa3Hardware *hw = ab_fa3_hardware_h100 ();
  return (1.0 / hw->exp_tflops) / (4.0 * d / hw->tensor_tflops);
}

static char *
get_fa3_exp_share (const AbValueArgs *args, GError **error)
{
  return format_percent (exp_share (args->ints[0]));
}

/* Tensor-core busy share when softmax and GEMMs strictly alternate. */
static char *
get_fa3_serial_cap (const AbValueArgs *args, GError **error)
{
  return format_percent (1.0 / (1.0 + exp_share (args->ints[0])));
}

static char *
get_fa3_hw (const AbValueArgs *args, GError **error)
{
  const AbFa3Hardware *hw = ab_fa3_hardware_h100 ();
  return ab_format_trimmed (args->ints[0] == 0 ? hw->exp_tflops : hw->tensor_tflops, 1);
}

/* Arguments of the timeline keys: [schedule,] d, tiles. */
static gboolean
fa3_run (int d, int tiles, AbFa3Schedule schedule, AbFa3Config *config, AbFa3Timeline *timeline,
         GError **error)
{
  AbFa3Error err;

  ab_fa3_config_default (config, d, tiles, NULL);
  if (ab_fa3_simulate (config, schedule, timeline, &err) != AB_FA3_OK)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                   _("the FA3 pipeline model failed: %s"), err.message);
      return FALSE;
    }
  return TRUE;
}

static char *
get_fa3_makespan (const AbValueArgs *args, GError **error)
{
  AbFa3Config config;
  AbFa3Timeline t = { 0 };
  char *text;

  if (!fa3_run (args->ints[1], args->ints[2], args->ints[0], &config, &t, error))
    return NULL;
  text = g_strdup_printf ("%.2f", t.makespan / 1e3);   /* ns → µs, as the diagram prints it */
  ab_fa3_timeline_clear (&t);
  return text;
}

static char *
get_fa3_util (const AbValueArgs *args, GError **error)
{
  AbFa3Config config;
  AbFa3Timeline t = { 0 };
  char *text;

  if (!fa3_run (args->ints[1], args->ints[2], args->ints[0], &config, &t, error))
    return NULL;
  text = format_percent (t.tensor_util);
  ab_fa3_timeline_clear (&t);
  return text;
}

/* Synchronous makespan ÷ this schedule's (schedules 1, 2 = async, ping-pong). */
static char *
get_fa3_speedup (const AbValueArgs *args, GError **error)
{
  AbFa3Config config;
  AbFa3Timeline sync = { 0 }, t = { 0 };
  char *text = NULL;

  if (fa3_run (args->ints[1], args->ints[2], AB_FA3_SYNC, &config, &sync, error) &&
      fa3_run (args->ints[1], args->ints[2], args->ints[0] + 1, &config, &t, error))
    text = ab_format_trimmed (sync.makespan / t.makespan, 2);
  ab_fa3_timeline_clear (&sync);
  ab_fa3_timeline_clear (&t);
  return text;
}

/* One op's cost at full speed, ns: GEMM0, softmax, GEMM1, or the K+V load. */
static char *
get_fa3_cost (const AbValueArgs *args, GError **error)
{
  AbFa3Config c;
  const double *costs[] = { &c.gemm0_ns, &c.softmax_ns, &c.gemm1_ns, &c.load_ns };

  ab_fa3_config_default (&c, args->ints[1], args->ints[2], NULL);
  return ab_format_count ((guint64) llround (*costs[args->ints[0]]));
}

/* FP8 and incoherent processing ------------------------------------------- */

/* The experiment at fp8.c's defaults (FA3 §4.3's inputs), the one the
 * fp8-incoherent-processing diagram shows first, and shares. */
static const AbFp8Result *
fp8_result (GError **error)
{
  AbFp8Config config;

  ab_fp8_config_default (&config);
  return ab_fp8_shared_experiment (&config, error);
}

static const AbFp8Scheme rmse_schemes[] = {
  AB_FP8_SCHEME_BF16, AB_FP8_SCHEME_PER_TENSOR, AB_FP8_SCHEME_PER_BLOCK, AB_FP8_SCHEME_HADAMARD_BLOCK,
};

static char *
get_fp8_rmse (const AbValueArgs *args, GError **error)
{
  const AbFp8Result *r = fp8_result (error);
  /* Four decimals, as the fp8-incoherent-processing diagram prints them. */
  return r ? g_strdup_printf ("%.4f", r->rmse[rmse_schemes[args->ints[0]]]) : NULL;
}

/* How many times smaller the error is than per-tensor FP8's. */
static char *
get_fp8_ratio (const AbValueArgs *args, GError **error)
{
  const AbFp8Result *r = fp8_result (error);

  if (r == NULL)
    return NULL;
  /* Two decimals, as the diagram's "1.35× lower error". */
  return ab_format_trimmed (args->ints[0] == 0 ? r->ratio_hadamard : r->ratio_block, 2);
}

static char *
get_fp8_setup (const AbValueArgs *args, GError **error)
{
  const AbFp8Result *r = fp8_result (error);

  if (r == NULL)
    return NULL;
  switch (args->ints[0])
    {
    case 0: return ab_format_count (r->config.n);
    case 1: return ab_format_count (r->config.d);
    case 2: return ab_format_count (r->config.block_rows);
    case 3: return ab_format_count (r->config.n_runs);
    case 4: return ab_format_count (r->n_outliers);
    case 5: return ab_format_trimmed (100 * r->config.outlier_fraction, 2);
    default: return ab_format_trimmed (r->config.outlier_sigma, 1);
    }
}

static char *
get_fp8_max (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (AB_E4M3_MAX, 0);
}

static const AbValueSpec flashhw_values[] = {
  { "pct.t{1..100000}." GPU ".{bf16|fp8}", get_pct,
    "T TFLOPs/s as a share of the GPU's dense peak (\"85%\" for 840 on an H100)" },
  { "peak." GPU ".{bf16|fp8}", get_peak, "the dense tensor-core peak, TFLOPS (\"989.4\")" },
  { "smem." GPU, get_smem, "shared memory one SM can give a thread block (\"164 KiB\")" },
  { "l2." GPU, get_l2, "the L2 cache (\"40 MiB\")" },
  { "flops." SHAPE "." MASK, get_flops, "forward FLOPs of B × H heads, 4·N²·d each, halved if causal" },
  { "tflop." SHAPE "." MASK, get_tflop, "the same in 10¹² FLOPs (\"2.2\")" },
  { "ms." SHAPE "." MASK ".t{1..100000}", get_ms, "milliseconds for that call at T TFLOPs/s" },
  { "ms-peak." SHAPE "." MASK "." GPU, get_ms_peak,
    "milliseconds for that call at the GPU's dense BF16 peak: the floor" },
  { "lse." N, get_lse, "the FP32 logsumexp of one head, N · 4 bytes (\"0.5 MiB\" at 128k)" },
  { "matrix-over-lse." N "." PREC, get_matrix_over_lse, "N² matrix bytes ÷ logsumexp bytes" },
  { "matrix-hbm." N "." PREC "." GPU, get_matrix_hbm, "one N × N matrix as a share of the GPU's HBM (\"24%\")" },
  { "matrix-gpus." N ".h{1..1024}." PREC "." GPU, get_matrix_gpus,
    "one layer's H matrices in GPUs' worth of HBM (\"7.8\")" },
  { "kv." KV, get_kv, "KV cache, 2·N·L·H_kv·d·bytes (\"320 GiB\")" },
  { "kv-decimal." KV, get_kv_decimal, "the same in decimal units (\"344 GB\")" },
  { "kv-token.l{1..1000}.h{1..1024}.d{1..1024}." PREC, get_kv_token, "one token's keys and values" },
  { "kv-hbm." KV "." GPU, get_kv_hbm, "the cache ÷ one GPU's HBM capacity (\"4.3\")" },
  { "kv-read-ms." KV "." GPU, get_kv_read_ms, "milliseconds to read the cache once at the GPU's HBM bandwidth" },
  { "fa3.exp-share.d{1..1024}", get_fa3_exp_share,
    "exponentials' time ÷ both GEMMs' time per score on an H100 (\"50%\" at d = 128)" },
  { "fa3.serial-cap.d{1..1024}", get_fa3_serial_cap,
    "tensor-core busy share if softmax and GEMMs strictly alternate (\"67%\")" },
  { "fa3.hw.{exp|tensor}", get_fa3_hw, "the pipeline model's H100 rates, TFLOPS (\"3.9\", \"989.4\")" },
  { "fa3.makespan.{sync|async|pingpong}.d{1..1024}.t{1..256}", get_fa3_makespan,
    "one thread block's time over T K/V tiles, µs" },
  { "fa3.util.{sync|async|pingpong}.d{1..1024}.t{1..256}", get_fa3_util, "tensor cores busy, share of that time" },
  { "fa3.speedup.{async|pingpong}.d{1..1024}.t{1..256}", get_fa3_speedup,
    "synchronous time ÷ this schedule's (\"1.75\")" },
  { "fa3.cost.{gemm0|softmax|gemm1|load}.d{1..1024}.t{1..256}", get_fa3_cost,
    "one op's cost at full speed, ns (the load: K and V of one tile)" },
  { "fp8.rmse.{bf16|per-tensor|per-block|hadamard-block}", get_fp8_rmse,
    "RMSE of O against FP64 on FA3 §4.3's outlier inputs (\"0.0201\")" },
  { "fp8.ratio.{hadamard|block}", get_fp8_ratio,
    "per-tensor FP8 error ÷ the error with Hadamard + per-block (or per-block alone)" },
  { "fp8.setup.{n|d|block|runs|outliers|outlier-percent|outlier-sigma}", get_fp8_setup,
    "the experiment's shape, and the outlier terms it drew" },
  { "fp8.e4m3-max", get_fp8_max, "the largest finite E4M3 value (\"448\")" },
  { "gqa-factor.h{1..1024}.h{1..1024}", get_gqa_factor, "query heads ÷ KV heads (\"8\")" },
};

AB_VALUE_FAMILY (ab_flash_values_hw, "flashhw", flashhw_values);

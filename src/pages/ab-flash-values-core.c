/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-flash-values-core.c — the `flash` family of book values (Part 3, pages 1–6)
 *
 * Part 3's prose quotes ridge points, HBM bytes of standard attention and of
 * FlashAttention, arithmetic intensities and rooflines, tile sizes, the
 * error of the flash kernel against the naive one, the backward pass with
 * and without a stored P, and thread blocks on SMs. Each is computed here
 * from the kernels: gpu-specs.h (the cited A100/H100/H200 table), attn-io.h
 * (FA1's IO model, §3.2 and Thm 2), attention.h (the CPU kernels and the
 * backward's IO model) and gpu-sched.h (the block scheduler). The online
 * softmax worked example has its own family (ab-flash-values-online.c).
 */
#define G_LOG_DOMAIN "ab-flash-values"

#include "ab-format.h"
#include "ab-hw-format.h"
#include "ab-rng.h"
#include "ab-values.h"
#include "attention.h"
#include "attn-io.h"
#include "cost.h"
#include "gpu-sched.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>

/* The parts every key shape shares. */
#define N    "n{1..1048576}"
#define D    "d{1..1024}"
#define PREC "{fp16|bf16|fp32}"
#define GPU  "{a100|h100|h200}"

/* Times and intensities are written as the hardware diagrams write them
 * (ab-hw-format.h), so prose and canvas agree; the rest is ab-format.h,
 * plus the two formatters below. */

/* -6 → "10⁻⁶": superscript digits, a typographic minus. */
static char *
format_power_of_ten (int e)
{
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree char *digits = g_strdup_printf ("%d", abs (e));
  GString *out = g_string_new ("10");

  if (e < 0)
    g_string_append (out, "⁻");
  for (const char *c = digits; *c; c++)
    g_string_append (out, sup[*c - '0']);
  return g_string_free (out, FALSE);
}

/* A ratio: no decimals from 10 up, else one ("6.5"). */
static char *
format_ratio (double v)
{
  return ab_format_trimmed (v, v >= 10 ? 0 : 1);
}

/* Arguments ------------------------------------------------------------------ */

static const AbGpuSpec *
gpu_arg (const AbValueArgs *args, guint i, GError **error)
{
  const AbGpuSpec *g = ab_gpu_find (args->words[i]);

  if (g == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the GPU table has no “%s”"), args->words[i]);
  return g;
}

#define PREC_BYTES(i) ab_cost_precision_bytes (args->words[i])

/* FA1 Alg. 1's tiling and IO for a GPU's shared memory per SM. Arguments
 * from @i: N, d, precision, GPU. */
static gboolean
flash_io (const AbValueArgs *args, guint i, AbIoFlash *out, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, i + 3, error);
  AbIoStatus status;

  if (g == NULL)
    return FALSE;
  status = ab_io_flash_forward (args->ints[i], args->ints[i + 1], PREC_BYTES (i + 2),
                                ab_gpu_smem_bytes_per_sm (g), out);
  if (status != AB_IO_OK)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s", ab_io_status_string (status));
      return FALSE;
    }
  return TRUE;
}

/* GPUs -------------------------------------------------------------------------- */

static char *
get_ridge (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);
  return g ? ab_format_trimmed (ab_gpu_ridge_point (g), 0) : NULL;
}

/* Tensor-core FLOPs per non-matmul FP32 FLOP (FA2 §3.1: 312 / 19.5 on A100). */
static char *
get_nonmatmul_ratio (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 0, error);
  return g ? ab_format_trimmed (g->tflops_bf16_dense / g->tflops_fp32_nonmatmul, 1) : NULL;
}

/* Standard attention's HBM traffic ---------------------------------------------- */

/* Arguments: pass (forward, backward, total), N, d, precision. */
static guint64
standard_bytes (const AbValueArgs *args)
{
  int n = args->ints[1], d = args->ints[2], b = PREC_BYTES (3);
  guint64 f = ab_io_standard_forward_bytes (n, d, b), bw = ab_io_standard_backward_bytes (n, d, b);
  return args->ints[0] == 0 ? f : args->ints[0] == 1 ? bw : f + bw;
}

/* One N × d array (Q, K, V or O). Arguments: N, d, precision. */
static char *
get_nd (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) args->ints[0] * (double) args->ints[1] * PREC_BYTES (2));
}

static char *
get_standard (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) standard_bytes (args));
}

/* Arguments: pass, N, d, precision, GPU. */
static char *
get_standard_time (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 4, error);
  return g ? ab_hw_format_seconds (ab_io_seconds (standard_bytes (args), g->hbm_tbs)) : NULL;
}

/* Only the N × N passes (write S, read S, write P, read P; the backward's 7).
 * Arguments: pass, N, precision. */
static guint64
matrix_traffic (const AbValueArgs *args)
{
  guint64 m = ab_io_matrix_bytes (args->ints[1], PREC_BYTES (2));
  guint64 f = ab_io_matrix_passes_forward (), bw = ab_io_matrix_passes_backward ();
  return m * (args->ints[0] == 0 ? f : args->ints[0] == 1 ? bw : f + bw);
}

static char *
get_matrix_traffic (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) matrix_traffic (args));
}

/* Arguments: pass, N, precision, GPU. */
static char *
get_matrix_time (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 3, error);
  return g ? ab_hw_format_seconds (ab_io_seconds (matrix_traffic (args), g->hbm_tbs)) : NULL;
}

static char *
get_passes (const AbValueArgs *args, GError **error)
{
  guint64 p = args->ints[0] == 0 ? ab_io_matrix_passes_forward () : ab_io_matrix_passes_backward ();
  return g_strdup_printf ("%" G_GUINT64_FORMAT, p);
}

/* FlashAttention's HBM traffic and tiles (FA1 Alg. 1) ---------------------------- */

/* Arguments: N, d, precision, GPU. */
static char *
get_flash (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  return flash_io (args, 0, &f, error) ? ab_format_bytes ((double) (f.io.read_bytes + f.io.write_bytes)) : NULL;
}

static char *
get_flash_time (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  const AbGpuSpec *g = gpu_arg (args, 3, error);
  if (g == NULL || !flash_io (args, 0, &f, error))
    return NULL;
  return ab_hw_format_seconds (ab_io_seconds (f.io.read_bytes + f.io.write_bytes, g->hbm_tbs));
}

/* Standard forward bytes ÷ FlashAttention forward bytes. */
static char *
get_saving (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  if (!flash_io (args, 0, &f, error))
    return NULL;
  guint64 std = ab_io_standard_forward_bytes (args->ints[0], args->ints[1], PREC_BYTES (2));
  return format_ratio ((double) std / (double) (f.io.read_bytes + f.io.write_bytes));
}

/* Arguments: which number, N, d, precision, GPU. */
static char *
get_tile (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  int v;

  if (!flash_io (args, 1, &f, error))
    return NULL;
  switch (args->ints[0])
    {
    case 0: v = f.block_r; break;
    case 1: v = f.block_c; break;
    case 2: v = f.t_r; break;
    case 3: v = f.t_c; break;
    case 4: v = f.t_r * f.t_c; break;
    case 5: v = f.block_r * f.block_c; break;
    default: v = f.sram_elements; break;
    }
  return ab_format_count ((guint64) v);
}

/* Bytes and time of one unfused kernel. Arguments: step, N, d, precision[, GPU]. */
static gboolean
step_cost (const AbValueArgs *args, AbIoStepCost *c, GError **error)
{
  AbIoStatus status = ab_io_standard_step ((AbIoStep) args->ints[0], args->ints[1], args->ints[2],
                                           PREC_BYTES (3), c);
  if (status != AB_IO_OK)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s", ab_io_status_string (status));
  return status == AB_IO_OK;
}

static char *
get_step_bytes (const AbValueArgs *args, GError **error)
{
  AbIoStepCost c;
  return step_cost (args, &c, error) ? ab_format_bytes ((double) (c.read_bytes + c.write_bytes)) : NULL;
}

static char *
get_step_time (const AbValueArgs *args, GError **error)
{
  AbIoStepCost c;
  const AbGpuSpec *g = gpu_arg (args, 4, error);
  if (g == NULL || !step_cost (args, &c, error))
    return NULL;
  return ab_hw_format_seconds (ab_io_seconds (c.read_bytes + c.write_bytes, g->hbm_tbs));
}

/* FLOPs and arithmetic intensity ------------------------------------------------ */

/* 4N²d, the two products of one head, in GFLOP (decimal). */
static char *
get_flops (const AbValueArgs *args, GError **error)
{
  g_autofree char *num = ab_format_trimmed (ab_io_attention_flops (args->ints[0], args->ints[1]) / 1e9, 1);
  return g_strdup_printf ("%s GFLOP", num);
}

/* The same at the GPU's dense BF16 peak. Arguments: N, d, GPU. */
static char *
get_flops_time (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 2, error);
  return g ? ab_hw_format_seconds (ab_io_attention_flops (args->ints[0], args->ints[1]) / (g->tflops_bf16_dense * 1e12))
           : NULL;
}

/* One unfused kernel's FLOPs per HBM byte. Arguments: step, N, d, precision. */
static char *
get_step_intensity (const AbValueArgs *args, GError **error)
{
  AbIoStepCost c;
  return step_cost (args, &c, error) ? ab_hw_format_intensity (ab_io_step_intensity (&c)) : NULL;
}

/* The roofline: min(peak, intensity × bandwidth), in TFLOP/s. Arguments:
 * step, N, d, precision, GPU. */
static char *
get_step_roof (const AbValueArgs *args, GError **error)
{
  AbIoStepCost c;
  const AbGpuSpec *g = gpu_arg (args, 4, error);
  if (g == NULL || !step_cost (args, &c, error))
    return NULL;
  double roof = MIN (g->tflops_bf16_dense, ab_io_step_intensity (&c) * g->hbm_tbs);
  g_autofree char *num = ab_hw_format_intensity (roof);
  return g_strdup_printf ("%s TFLOP/s", num);
}

/* Standard forward time (all its bytes at HBM bandwidth) ÷ the time of its
 * 4N²d FLOPs at peak: how many times longer the memory takes. Arguments:
 * N, d, precision, GPU. */
static char *
get_memory_over_compute (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 3, error);
  if (g == NULL)
    return NULL;
  double mem = ab_io_seconds (ab_io_standard_forward_bytes (args->ints[0], args->ints[1], PREC_BYTES (2)),
                              g->hbm_tbs);
  double flops = ab_io_attention_flops (args->ints[0], args->ints[1]) / (g->tflops_bf16_dense * 1e12);
  return format_ratio (mem / flops);
}

/* The N × N passes of a whole model (one sequence): layers × heads × one
 * head's. Arguments: pass, layers, heads, N, precision, GPU. */
static char *
get_model_matrix_time (const AbValueArgs *args, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  int pass = args->ints[0], layers = args->ints[1], heads = args->ints[2];
  guint64 m = ab_io_matrix_bytes (args->ints[3], PREC_BYTES (4));
  guint64 passes = pass == 0 ? ab_io_matrix_passes_forward ()
                 : pass == 1 ? ab_io_matrix_passes_backward ()
                 : ab_io_matrix_passes_forward () + ab_io_matrix_passes_backward ();
  if (g == NULL)
    return NULL;
  return ab_hw_format_seconds (ab_io_seconds (m * passes * (guint64) layers * (guint64) heads, g->hbm_tbs));
}

/* The whole FlashAttention forward: 4N²d over its HBM bytes. Arguments: N, d, precision, GPU. */
static char *
get_flash_intensity (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  if (!flash_io (args, 0, &f, error))
    return NULL;
  return ab_hw_format_intensity (ab_io_attention_flops (args->ints[0], args->ints[1])
                           / (double) (f.io.read_bytes + f.io.write_bytes));
}

/* The roofline at FlashAttention's intensity, TFLOP/s. Arguments: N, d, precision, GPU. */
static char *
get_flash_roof (const AbValueArgs *args, GError **error)
{
  AbIoFlash f;
  const AbGpuSpec *g = gpu_arg (args, 3, error);
  if (g == NULL || !flash_io (args, 0, &f, error))
    return NULL;
  double intensity = ab_io_attention_flops (args->ints[0], args->ints[1])
                     / (double) (f.io.read_bytes + f.io.write_bytes);
  g_autofree char *num = ab_hw_format_intensity (MIN (g->tflops_bf16_dense, intensity * g->hbm_tbs));
  return g_strdup_printf ("%s TFLOP/s", num);
}

/* Flash vs naive on the same seeded inputs ---------------------------------------- */

/* max |O_flash − O_naive| for one head of N(0, 1) inputs (seed 14), in the
 * FA1 or FA2 loop order, 64 × 64 tiles, one thread, given as the power of
 * ten just above it ("10⁻⁶"). The error itself depends on the order in
 * which the BLAS build's sgemm sums (it differs between CPU kernels); its
 * power of ten does not, so the prose can quote it and every machine agrees.
 * The diagrams show the measured figure. Arguments: order, mask, N, d. */
static char *
get_error (const AbValueArgs *args, GError **error)
{
  AbAttnShape shape = { .n_q = args->ints[2], .n_kv = args->ints[2], .d = args->ints[3],
                        .causal = args->ints[1] == 1 };
  AbAttnOptions opts = { .block_q = 64, .block_k = 64, .threads = 1,
                         .order = args->ints[0] == 0 ? AB_FLASH_FA1 : AB_FLASH_FA2 };
  gsize n = (gsize) shape.n_q * (gsize) shape.d;
  g_autofree float *q = g_new (float, n), *k = g_new (float, n), *v = g_new (float, n);
  g_autofree float *o_flash = g_new (float, n), *o_naive = g_new (float, n);
  AbAttnError err = { 0 };
  double max_err = 0.0;
  AbRng rng;

  ab_rng_init (&rng, 14);
  ab_rng_fill_normal (&rng, q, (int) n, 1.0);
  ab_rng_fill_normal (&rng, k, (int) n, 1.0);
  ab_rng_fill_normal (&rng, v, (int) n, 1.0);
  if (ab_attention_naive (&shape, 1, q, k, v, o_naive, NULL, &opts, NULL, &err) != AB_ATTN_OK
      || ab_flash_forward (&shape, 1, q, k, v, o_flash, NULL, &opts, NULL, &err) != AB_ATTN_OK)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s", err.message);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    max_err = MAX (max_err, fabs ((double) o_flash[i] - (double) o_naive[i]));
  if (max_err == 0.0)
    return g_strdup ("0");
  return format_power_of_ten ((int) ceil (log10 (max_err)));
}

/* The backward pass: recomputation vs stored P (attention.h) ------------------- */

/* K1's IO model of both backward passes for one head, not causal, square
 * B × B tiles, one K/V tile set. Arguments from @i: N, d, precision, B. */
static void
backward_model (const AbValueArgs *args, guint i, AbAttnBackwardStats *st)
{
  AbAttnShape shape = { .n_q = args->ints[i], .n_kv = args->ints[i], .d = args->ints[i + 1] };
  ab_flash_backward_model (&shape, args->ints[i + 3], args->ints[i + 3], 1, PREC_BYTES (i + 2), st);
}

/* Arguments: kind (flash, stored-p), which (read, write, total), N, d, precision, B. */
static char *
get_backward (const AbValueArgs *args, GError **error)
{
  AbAttnBackwardStats st;
  guint64 r, w;

  backward_model (args, 2, &st);
  r = args->ints[0] == 0 ? st.hbm_read_bytes : st.stored_p_read_bytes;
  w = args->ints[0] == 0 ? st.hbm_write_bytes : st.stored_p_write_bytes;
  return ab_format_bytes ((double) (args->ints[1] == 0 ? r : args->ints[1] == 1 ? w : r + w));
}

/* Stored-P bytes ÷ recomputing bytes. Arguments: N, d, precision, B. */
static char *
get_backward_saving (const AbValueArgs *args, GError **error)
{
  AbAttnBackwardStats st;
  backward_model (args, 0, &st);
  return format_ratio ((double) (st.stored_p_read_bytes + st.stored_p_write_bytes)
                       / (double) (st.hbm_read_bytes + st.hbm_write_bytes));
}

/* Arguments: kind (flash, stored-p), N, d, precision, B, GPU. */
static char *
get_backward_time (const AbValueArgs *args, GError **error)
{
  AbAttnBackwardStats st;
  const AbGpuSpec *g = gpu_arg (args, 5, error);
  if (g == NULL)
    return NULL;
  backward_model (args, 1, &st);
  guint64 bytes = args->ints[0] == 0 ? st.hbm_read_bytes + st.hbm_write_bytes
                                     : st.stored_p_read_bytes + st.stored_p_write_bytes;
  return ab_hw_format_seconds (ab_io_seconds (bytes, g->hbm_tbs));
}

/* FLOPs of recomputing S tile by tile, or of all five tile products, in
 * GFLOP; or the recomputation as a share of all five, or as an increase
 * over the four products it feeds. Arguments: which, N, d. */
static char *
get_backward_flops (const AbValueArgs *args, GError **error)
{
  AbAttnBackwardStats st;
  AbAttnShape shape = { .n_q = args->ints[1], .n_kv = args->ints[1], .d = args->ints[2] };

  ab_flash_backward_model (&shape, 128, 128, 1, 2, &st);
  if (args->ints[0] >= 2)
    {
      double of = args->ints[0] == 2 ? (double) st.flops : (double) (st.flops - st.recompute_flops);
      g_autofree char *pct = ab_format_trimmed (100.0 * (double) st.recompute_flops / of, 0);
      return g_strdup_printf ("%s%%", pct);
    }
  g_autofree char *num = ab_format_trimmed ((double) (args->ints[0] == 0 ? st.recompute_flops : st.flops) / 1e9, 1);
  return g_strdup_printf ("%s GFLOP", num);
}

/* Recomputing S at the dense BF16 peak. Arguments: N, d, GPU. */
static char *
get_recompute_time (const AbValueArgs *args, GError **error)
{
  AbAttnBackwardStats st;
  AbAttnShape shape = { .n_q = args->ints[0], .n_kv = args->ints[0], .d = args->ints[1] };
  const AbGpuSpec *g = gpu_arg (args, 2, error);

  if (g == NULL)
    return NULL;
  ab_flash_backward_model (&shape, 128, 128, 1, 2, &st);
  return ab_hw_format_seconds ((double) st.recompute_flops / (g->tflops_bf16_dense * 1e12));
}

/* The FP32 logsumexp FA2 saves for the backward pass: N × 4 bytes per head,
 * or for a whole model of L layers × H heads. */
static char *
get_lse (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (4.0 * args->ints[0]);
}

static char *
get_lse_stack (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes (4.0 * args->ints[2] * args->ints[0] * args->ints[1]);
}

/* Thread blocks on SMs: FA1 vs FA2 (gpu-sched.h) --------------------------------- */

/* gpu-sched's defaults (128 × 128 tiles, one block per SM, launch order, not
 * causal) with this batch, heads, N and GPU. Arguments from @i. */
static gboolean
schedule (const AbValueArgs *args, guint i, AbSchedAlgo algo, AbSchedResult *out, GError **error)
{
  const AbGpuSpec *g = gpu_arg (args, i + 3, error);
  AbSchedConfig config;
  AbSchedError err = { 0 };

  if (g == NULL)
    return FALSE;
  ab_sched_config_init (&config);
  config.algo = algo;
  config.n_sms = g->sms;
  config.batch = args->ints[i];
  config.heads = args->ints[i + 1];
  config.seq_len = args->ints[i + 2];
  if (ab_sched_run (&config, out, &err) != AB_SCHED_OK)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s", err.message);
      return FALSE;
    }
  return TRUE;
}

/* Arguments: algo, which, batch, heads, N, GPU. */
static char *
get_sched (const AbValueArgs *args, GError **error)
{
  AbSchedResult r = { 0 };
  char *text;

  if (!schedule (args, 2, args->ints[0] == 0 ? AB_SCHED_FA1 : AB_SCHED_FA2, &r, error))
    return NULL;
  switch (args->ints[1])
    {
    case 0: /* utilisation, percent */
      {
        g_autofree char *pct = ab_format_trimmed (100.0 * r.utilisation, 1);
        text = g_strdup_printf ("%s%%", pct);
        break;
      }
    case 1: text = ab_format_count ((guint64) r.n_blocks); break;
    case 2: text = ab_format_count ((guint64) r.sms_used); break;
    case 3: text = ab_format_count ((guint64) (r.n_sms - r.sms_used)); break;
    default: text = ab_format_count ((guint64) r.waves); break;
    }
  ab_sched_result_clear (&r);
  return text;
}

/* FA1 makespan ÷ FA2 makespan. Arguments: batch, heads, N, GPU. */
static char *
get_sched_speedup (const AbValueArgs *args, GError **error)
{
  AbSchedResult fa1 = { 0 }, fa2 = { 0 };
  char *text = NULL;

  if (schedule (args, 0, AB_SCHED_FA1, &fa1, error) && schedule (args, 0, AB_SCHED_FA2, &fa2, error))
    text = format_ratio (fa1.makespan / fa2.makespan);
  ab_sched_result_clear (&fa1);
  ab_sched_result_clear (&fa2);
  return text;
}

static const AbValueSpec flash_values[] = {
  { "gpu." GPU ".ridge", get_ridge, "dense BF16 FLOPs per HBM byte (\"153\")" },
  { "gpu." GPU ".nonmatmul-ratio", get_nonmatmul_ratio,
    "tensor-core FLOP/s ÷ FP32 non-matmul FLOP/s (\"16\" on A100)" },
  { "nd." N "." D "." PREC, get_nd, "one N × d array such as K (\"1 MiB\")" },
  { "standard.{forward|backward|total}." N "." D "." PREC, get_standard,
    "all HBM bytes of unfused attention, one head (\"516 MiB\")" },
  { "standard-time.{forward|backward|total}." N "." D "." PREC "." GPU, get_standard_time,
    "those bytes at the GPU's HBM bandwidth (\"265 µs\")" },
  { "matrix-traffic.{forward|backward|total}." N "." PREC, get_matrix_traffic,
    "only the N × N passes (4 forward, 7 backward) (\"512 MiB\")" },
  { "matrix-time.{forward|backward|total}." N "." PREC "." GPU, get_matrix_time,
    "those passes at the GPU's HBM bandwidth" },
  { "passes.{forward|backward}", get_passes, "N × N passes through HBM (\"4\", \"7\")" },
  { "flash." N "." D "." PREC "." GPU, get_flash,
    "FA1 Alg. 1 forward HBM bytes with the GPU's shared memory per SM as M" },
  { "flash-time." N "." D "." PREC "." GPU, get_flash_time, "those bytes at the GPU's HBM bandwidth" },
  { "saving." N "." D "." PREC "." GPU, get_saving, "standard ÷ FlashAttention forward bytes (\"6.5\")" },
  { "tile.{br|bc|tr|tc|tiles|scores|m}." N "." D "." PREC "." GPU, get_tile,
    "FA1 Alg. 1 tiling: B_r, B_c, T_r, T_c, T_r·T_c, B_r·B_c, M in elements" },
  { "flops." N "." D, get_flops, "4N²d of one head (\"17.2 GFLOP\")" },
  { "flops-time." N "." D "." GPU, get_flops_time, "those FLOPs at the dense BF16 peak" },
  { "intensity.{qk|softmax|pv}." N "." D "." PREC, get_step_intensity,
    "FLOPs per HBM byte of one unfused kernel (\"63\")" },
  { "intensity.flash." N "." D "." PREC "." GPU, get_flash_intensity,
    "4N²d ÷ FlashAttention forward bytes" },
  { "step-bytes.{qk|softmax|pv}." N "." D "." PREC, get_step_bytes,
    "HBM bytes of one unfused kernel (S = QKᵀ, P = softmax(S), O = PV)" },
  { "step-time.{qk|softmax|pv}." N "." D "." PREC "." GPU, get_step_time,
    "those bytes at the GPU's HBM bandwidth" },
  { "roof.{qk|softmax|pv}." N "." D "." PREC "." GPU, get_step_roof,
    "the roofline's attainable TFLOP/s for that kernel" },
  { "memory-over-compute." N "." D "." PREC "." GPU, get_memory_over_compute,
    "standard forward's HBM time ÷ its FLOPs' time at peak" },
  { "model-matrix-time.{forward|backward|total}.l{1..1000}.h{1..1000}." N "." PREC "." GPU,
    get_model_matrix_time, "the N × N passes of L layers × H heads at HBM bandwidth" },
  { "bwd.{flash|stored-p}.{read|write|total}." N "." D "." PREC ".b{16..1024}", get_backward,
    "backward HBM bytes, recomputing P vs reading a stored P (B × B tiles)" },
  { "bwd-saving." N "." D "." PREC ".b{16..1024}", get_backward_saving,
    "stored-P backward bytes ÷ recomputing backward bytes" },
  { "bwd-time.{flash|stored-p}." N "." D "." PREC ".b{16..1024}." GPU, get_backward_time,
    "those bytes at the GPU's HBM bandwidth" },
  { "bwd-flops.{recompute|all|recompute-share|recompute-extra}." N "." D, get_backward_flops,
    "FLOPs of recomputing S, of all five tile products, its share of them and its "
    "increase over the other four (128 × 128 tiles)" },
  { "recompute-time." N "." D "." GPU, get_recompute_time, "recomputing S at the dense BF16 peak" },
  { "lse." N, get_lse, "FP32 logsumexp of one head (\"32 KiB\" at N = 8192)" },
  { "lse-stack.l{1..1000}.h{1..1000}." N, get_lse_stack, "the same for L layers × H heads" },
  { "sched.{fa1|fa2}.{util|blocks|sms-used|sms-idle|waves}.b{1..1024}.h{1..1024}." N "." GPU, get_sched,
    "thread blocks on SMs (gpu-sched, 128 × 128 tiles): utilisation, blocks, SMs used/idle, waves" },
  { "sched-speedup.b{1..1024}.h{1..1024}." N "." GPU, get_sched_speedup,
    "FA1 makespan ÷ FA2 makespan from the same simulator" },
  { "roof-flash." N "." D "." PREC "." GPU, get_flash_roof,
    "the roofline's attainable TFLOP/s at FlashAttention's intensity" },
  { "error-bound.{fa1|fa2}.{full|causal}.n{16..4096}.d{1..256}", get_error,
    "the power of ten above the measured max |O_flash − O_naive|, seeded N(0, 1) inputs (\"10⁻⁶\")" },
};

AB_VALUE_FAMILY (ab_flash_values_core, "flash", flash_values);

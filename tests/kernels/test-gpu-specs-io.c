/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gpu-specs-io.c — the GPU table against FACTS.md, and the HBM IO
 * model of standard attention and FlashAttention against FACTS #25/#26/#46,
 * hand counts, FA1 Thm 2's Θ(N²d²/M), and the flash kernel's own counters. */
#include "kernels-test-util.h"

#include "attn-io.h"
#include "gpu-specs.h"

#define KiB ((uint64_t) 1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)

/* ---- GPU table ---- */

static void
test_table (void)
{
  const AbGpuSpec *a = ab_gpu_spec (AB_GPU_A100);
  const AbGpuSpec *h = ab_gpu_spec (AB_GPU_H100);
  const AbGpuSpec *h2 = ab_gpu_spec (AB_GPU_H200);
  g_assert_nonnull (a);
  g_assert_nonnull (h);
  g_assert_nonnull (h2);
  g_assert_null (ab_gpu_spec (AB_N_GPUS));
  g_assert_null (ab_gpu_spec ((AbGpuId) -1));
  g_assert_true (ab_gpu_find ("a100") == a);
  g_assert_true (ab_gpu_find ("h100") == h);
  g_assert_true (ab_gpu_find ("h200") == h2);
  g_assert_null (ab_gpu_find ("v100"));
  g_assert_null (ab_gpu_find (NULL));

  /* FACTS #20, #22, #32, #74, #76 */
  g_assert_cmpint (a->sms, ==, 108);
  g_assert_cmpfloat (a->hbm_tbs, ==, 2.039);
  g_assert_cmpfloat (a->hbm_gb, ==, 80.0);
  g_assert_cmpfloat (a->l2_mib, ==, 40.0);
  g_assert_cmpfloat (a->tflops_bf16_dense, ==, 312.0);
  g_assert_cmpfloat (a->smem_kib_per_sm, ==, 164.0);
  g_assert_cmpfloat (a->l1_smem_kib_per_sm, ==, 192.0);
  g_assert_cmpfloat (a->tflops_fp32_nonmatmul, ==, 19.5);
  g_assert_cmpfloat (a->tflops_fp8_dense, ==, 0.0);
  /* FA2 §3.1: matmul is 16× the non-matmul FP32 throughput (FACTS #32) */
  g_assert_cmpfloat_with_epsilon (a->tflops_bf16_dense / a->tflops_fp32_nonmatmul, 16.0, 1e-9);
  /* FACTS #21, #22, #76 */
  g_assert_cmpint (h->sms, ==, 132);
  g_assert_cmpfloat (h->hbm_tbs, ==, 3.35);
  g_assert_cmpfloat (h->l2_mib, ==, 50.0);
  g_assert_cmpfloat (h->tflops_bf16_dense, ==, 989.4);
  g_assert_cmpfloat (h->tflops_fp8_dense, ==, 1979.0);
  g_assert_cmpfloat (h->smem_kib_per_sm, ==, 228.0);
  g_assert_cmpfloat (h->l1_smem_kib_per_sm, ==, 256.0);
  /* FACTS #23, #74 */
  g_assert_cmpint (h2->sms, ==, 132);
  g_assert_cmpfloat (h2->hbm_gb, ==, 141.0);
  g_assert_cmpfloat (h2->hbm_tbs, ==, 4.8);
  g_assert_cmpfloat (h2->smem_kib_per_sm, ==, 228.0);
  g_assert_cmpfloat (h2->tflops_bf16_dense, ==, 989.4);

  for (int i = 0; i < AB_N_GPUS; i++)
    {
      const AbGpuSpec *g = ab_gpu_spec ((AbGpuId) i);
      /* 65,536 32-bit registers per SM (CUDA guide, cc 8.0 and 9.0) */
      g_assert_cmpfloat (g->regs_kib_per_sm, ==, 65536.0 * 4 / 1024);
      g_assert_cmpfloat (g->smem_kib_per_sm, <, g->l1_smem_kib_per_sm);
      g_assert_nonnull (g->source);
      g_assert_cmpuint (ab_gpu_smem_bytes_per_sm (g), ==,
                        (unsigned long) g->smem_kib_per_sm * 1024);
      g_assert_cmpfloat (ab_gpu_smem_total_kib (g), ==, g->smem_kib_per_sm * g->sms);
    }
  /* A100: 108 × 164 KiB = 17,712 KiB of shared memory in all */
  g_assert_cmpfloat (ab_gpu_smem_total_kib (a), ==, 17712.0);
}

static void
test_ridge (void)
{
  /* FACTS #24 (A100 153, H100 SXM 295) and #23 (H200 206) */
  g_assert_cmpint ((int) lround (ab_gpu_ridge_point (ab_gpu_spec (AB_GPU_A100))), ==, 153);
  g_assert_cmpint ((int) lround (ab_gpu_ridge_point (ab_gpu_spec (AB_GPU_H100))), ==, 295);
  g_assert_cmpint ((int) lround (ab_gpu_ridge_point (ab_gpu_spec (AB_GPU_H200))), ==, 206);
  g_assert_cmpfloat (ab_gpu_ridge_point (NULL), ==, 0.0);
}

/* ---- standard attention ---- */

static void
test_facts_26 (void)
{
  const int n = 8192, d = 64;
  AbIoCount fwd, bwd;
  g_assert_cmpint (ab_io_standard_forward (n, d, 2, &fwd), ==, AB_IO_OK);
  g_assert_cmpint (ab_io_standard_backward (n, d, 2, &bwd), ==, AB_IO_OK);
  g_assert_cmpuint (ab_io_matrix_passes_forward (), ==, 4);
  g_assert_cmpuint (ab_io_matrix_passes_backward (), ==, 7);
  g_assert_cmpint (fwd.matrix_passes, ==, 4);
  g_assert_cmpint (bwd.matrix_passes, ==, 7);
  g_assert_cmpuint (ab_io_matrix_bytes (n, 2), ==, 128 * MiB);
  g_assert_cmpuint (fwd.matrix_bytes, ==, 512 * MiB);
  g_assert_cmpuint (bwd.matrix_bytes, ==, 896 * MiB);
  /* 1.375 GiB = 1,408 MiB */
  g_assert_cmpuint (fwd.matrix_bytes + bwd.matrix_bytes, ==, 1408 * MiB);
  g_assert_cmpfloat ((double) (fwd.matrix_bytes + bwd.matrix_bytes) / GiB, ==, 1.375);
  /* the Nd terms on top: 4Nd forward, 8Nd backward */
  uint64_t nd2 = (uint64_t) n * d * 2;
  g_assert_cmpuint (ab_io_standard_forward_bytes (n, d, 2), ==, 512 * MiB + 4 * nd2);
  g_assert_cmpuint (ab_io_standard_backward_bytes (n, d, 2), ==, 896 * MiB + 8 * nd2);
  /* FP32 doubles every count */
  g_assert_cmpuint (ab_io_standard_forward_bytes (n, d, 4), ==,
                    2 * ab_io_standard_forward_bytes (n, d, 2));
}

static void
test_facts_46 (void)
{
  /* FACTS #46 / #10: one FP16 N × N matrix */
  g_assert_cmpuint (ab_io_matrix_bytes (2048, 2), ==, 8 * MiB);
  g_assert_cmpuint (ab_io_matrix_bytes (32768, 2), ==, 2 * GiB);
  g_assert_cmpuint (ab_io_matrix_bytes (131072, 2), ==, 32 * GiB);
  g_assert_cmpuint (ab_io_matrix_bytes (131072, 2), ==, G_GUINT64_CONSTANT (34359738368));
  g_assert_cmpuint (ab_io_matrix_bytes (512, 2), ==, 512 * KiB);
}

static void
test_backward_by_hand (void)
{
  /* N = 3, d = 2, 1 byte: reads P, P, dP, dS, dS (5·9) + dO, dO, V, K, Q
   * (5·6); writes dP, dS (2·9) + dV, dQ, dK (3·6). */
  AbIoCount c;
  g_assert_cmpint (ab_io_standard_backward (3, 2, 1, &c), ==, AB_IO_OK);
  g_assert_cmpuint (c.read_bytes, ==, 5 * 9 + 5 * 6);
  g_assert_cmpuint (c.write_bytes, ==, 2 * 9 + 3 * 6);
  g_assert_cmpuint (c.matrix_bytes, ==, 7 * 9);
  /* forward: reads Q, K, S, P, V; writes S, P, O */
  g_assert_cmpint (ab_io_standard_forward (3, 2, 1, &c), ==, AB_IO_OK);
  g_assert_cmpuint (c.read_bytes, ==, 2 * 9 + 3 * 6);
  g_assert_cmpuint (c.write_bytes, ==, 2 * 9 + 1 * 6);
}

static void
test_standard_matches_kernel_model (void)
{
  /* attention.h's closed form (FP32) is the same Algorithm 0 count */
  const int shapes[][2] = { { 1, 1 }, { 100, 16 }, { 1000, 64 }, { 4096, 128 } };
  for (size_t i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      AbAttnShape s = { .n_q = shapes[i][0], .n_kv = shapes[i][0], .d = shapes[i][1] };
      uint64_t r, w;
      AbIoCount c;
      ab_attention_standard_io (&s, &r, &w);
      g_assert_cmpint (ab_io_standard_forward (s.n_q, s.d, 4, &c), ==, AB_IO_OK);
      g_assert_cmpuint (c.read_bytes, ==, r);
      g_assert_cmpuint (c.write_bytes, ==, w);
    }
}

static void
test_steps (void)
{
  const int n = 8192;
  /* FACTS #25: QKᵀ at ≈ d FLOPs/B when S is written — 63 (d=64), 124 (d=128) */
  AbIoStepCost qk, sm, pv;
  g_assert_cmpint (ab_io_standard_step (AB_IO_STEP_QK, n, 64, 2, &qk), ==, AB_IO_OK);
  g_assert_cmpint ((int) lround (ab_io_step_intensity (&qk)), ==, 63);
  g_assert_cmpint (ab_io_standard_step (AB_IO_STEP_QK, n, 128, 2, &qk), ==, AB_IO_OK);
  g_assert_cmpint ((int) lround (ab_io_step_intensity (&qk)), ==, 124);
  /* softmax: 5 FLOPs per score over 2 × 2 bytes → 1.25 FLOPs/B */
  g_assert_cmpint (ab_io_standard_step (AB_IO_STEP_SOFTMAX, n, 128, 2, &sm), ==, AB_IO_OK);
  g_assert_cmpfloat_with_epsilon (ab_io_step_intensity (&sm), 1.25, 1e-12);
  g_assert_cmpint (ab_io_standard_step (AB_IO_STEP_PV, n, 128, 2, &pv), ==, AB_IO_OK);
  g_assert_cmpfloat_with_epsilon (ab_io_step_intensity (&pv), ab_io_step_intensity (&qk), 1e-9);
  /* the steps add up to Algorithm 0 and to 4N²d FLOPs */
  g_assert_cmpuint (qk.read_bytes + qk.write_bytes + sm.read_bytes + sm.write_bytes
                    + pv.read_bytes + pv.write_bytes, ==,
                    ab_io_standard_forward_bytes (n, 128, 2));
  g_assert_cmpfloat (qk.flops + pv.flops, ==, ab_io_attention_flops (n, 128));
  /* every unfused step sits left of every ridge point */
  for (int g = 0; g < AB_N_GPUS; g++)
    {
      double ridge = ab_gpu_ridge_point (ab_gpu_spec ((AbGpuId) g));
      g_assert_cmpfloat (ab_io_step_intensity (&qk), <, ridge);
      g_assert_cmpfloat (ab_io_step_intensity (&sm), <, ridge);
    }
  g_assert_cmpint (ab_io_standard_step (AB_IO_N_STEPS, n, 64, 2, &qk), ==, AB_IO_E_INVALID);
  g_assert_cmpfloat (ab_io_step_intensity (NULL), ==, 0.0);
}

/* ---- FlashAttention ---- */

static void
test_flash_tiles (void)
{
  /* A100, FP16: M = 164 KiB / 2 B = 83,968 elements; d = 64 →
   * B_c = ⌈83968/256⌉ = 328, B_r = min(328, 64) = 64; N = 8192 → T_c = 25. */
  AbIoFlash f;
  size_t m = ab_gpu_smem_bytes_per_sm (ab_gpu_spec (AB_GPU_A100));
  g_assert_cmpint (ab_io_flash_forward (8192, 64, 2, m, &f), ==, AB_IO_OK);
  g_assert_cmpint (f.sram_elements, ==, 83968);
  g_assert_cmpint (f.block_c, ==, 328);
  g_assert_cmpint (f.block_r, ==, 64);
  g_assert_cmpint (f.t_c, ==, 25);
  g_assert_cmpint (f.t_r, ==, 128);
  /* by hand, elements: reads 2Nd + 25·(2Nd + 2N), writes Nd + 2N + 25·(Nd + 2N) */
  uint64_t nd = 8192 * 64, nn = 8192;
  g_assert_cmpuint (f.io.read_bytes, ==, 2 * (2 * nd + 25 * (2 * nd + 2 * nn)));
  g_assert_cmpuint (f.io.write_bytes, ==, 2 * (nd + 2 * nn + 25 * (nd + 2 * nn)));
  g_assert_cmpuint (ab_io_flash_forward_bytes (8192, 64, 2, m), ==,
                    f.io.read_bytes + f.io.write_bytes);
  /* ~80 MiB against the 516 MiB of standard attention */
  g_assert_cmpuint (ab_io_flash_forward_bytes (8192, 64, 2, m) * 6, <,
                    ab_io_standard_forward_bytes (8192, 64, 2));
  /* a short sequence fits in one K/V tile */
  g_assert_cmpint (ab_io_flash_forward (100, 64, 2, m, &f), ==, AB_IO_OK);
  g_assert_cmpint (f.t_c, ==, 1);
  g_assert_cmpint (f.block_c, ==, 100);
}

static void
test_flash_theorem_2 (void)
{
  /* FA1 Thm 2: Θ(N²d²/M). The exact count over N²d²/M tends to 12
   * (T_c ≈ 4Nd/M passes of 3Nd elements) once N ≫ B_c. */
  const int ns[] = { 4096, 16384, 65536 };
  const int ds[] = { 64, 128, 256 };
  for (int g = 0; g < AB_N_GPUS; g++)
    for (size_t i = 0; i < G_N_ELEMENTS (ns); i++)
      for (size_t j = 0; j < G_N_ELEMENTS (ds); j++)
        {
          size_t sram = ab_gpu_smem_bytes_per_sm (ab_gpu_spec ((AbGpuId) g));
          AbIoFlash f;
          g_assert_cmpint (ab_io_flash_forward (ns[i], ds[j], 2, sram, &f), ==, AB_IO_OK);
          double elems = (double) (f.io.read_bytes + f.io.write_bytes) / 2;
          double theta = (double) ns[i] * ns[i] * ds[j] * ds[j] / f.sram_elements;
          double ratio = elems / theta;
          g_assert_cmpfloat (ratio, >=, 12.0);
          g_assert_cmpfloat (ratio, <=, 14.0);
          /* ≈ 12N²d²/M against ≈ 4N²: FlashAttention moves less iff
           * 3d² < M, the "d² ≪ M" FA1 §3.2 assumes. M is 83,968 (A100) or
           * 116,736 (H100/H200) FP16 elements: true for d ≤ 128 (3d² ≤
           * 49,152), false for d = 256 (196,608) in this model. */
          uint64_t flash = f.io.read_bytes + f.io.write_bytes;
          uint64_t standard = ab_io_standard_forward_bytes (ns[i], ds[j], 2);
          if (3 * ds[j] * ds[j] < f.sram_elements)
            g_assert_cmpuint (flash, <, standard);
          else
            g_assert_cmpuint (flash, >, standard);
        }
}

typedef struct
{
  uint64_t rd, wr;
  int      steps;
} LastStep;

static void
keep_last (const AbFlashStep *step, void *data)
{
  LastStep *last = data;
  last->rd = step->hbm_read_bytes;
  last->wr = step->hbm_write_bytes;
  last->steps++;
}

static void
test_flash_vs_kernel (void)
{
  /* The FA1-order kernel on a small awkward shape, with the tiles FA1
   * Alg. 1 derives from M: FP32, M = 6,144 B / 4 = 1,536 elements, d = 16 →
   * B_c = 24, B_r = 16; N = 200 → T_c = 9 (last K/V tile 8 rows), T_r = 13. */
  const int n = 200, d = 16;
  const size_t sram = 6144;
  AbIoFlash f;
  g_assert_cmpint (ab_io_flash_forward (n, d, 4, sram, &f), ==, AB_IO_OK);
  g_assert_cmpint (f.block_c, ==, 24);
  g_assert_cmpint (f.block_r, ==, 16);
  g_assert_cmpint (f.t_c, ==, 9);
  g_assert_cmpint (f.t_r, ==, 13);

  AbRng rng;
  ab_rng_init (&rng, 7);
  float *q = random_floats (&rng, (size_t) n * d, 1);
  float *k = random_floats (&rng, (size_t) n * d, 1);
  float *v = random_floats (&rng, (size_t) n * d, 1);
  float *o = g_new (float, (size_t) n * d);
  AbAttnShape s = { .n_q = n, .n_kv = n, .d = d };
  LastStep last = { 0 };
  AbAttnOptions opts = { .block_q = f.block_r, .block_k = f.block_c, .threads = 1,
                         .order = AB_FLASH_FA1, .trace = keep_last, .trace_data = &last };
  AbAttnStats stats = { 0 };
  AbAttnError err = { 0 };
  g_assert_cmpint (ab_flash_forward (&s, 1, q, k, v, o, NULL, &opts, &stats, &err), ==, AB_ATTN_OK);

  /* The kernel counts FA1 Alg. 1 exactly plus the logsumexp it also
   * writes at the end: m and ℓ read back (2N), L written (N). */
  g_assert_cmpuint (stats.hbm_read_bytes, ==, f.io.read_bytes + 4 * 2 * (uint64_t) n);
  g_assert_cmpuint (stats.hbm_write_bytes, ==, f.io.write_bytes + 4 * (uint64_t) n);
  /* the running totals of the last trace step are the same numbers */
  g_assert_cmpint (last.steps, ==, f.t_c * f.t_r + f.t_r);
  g_assert_cmpuint (last.rd, ==, stats.hbm_read_bytes);
  g_assert_cmpuint (last.wr, ==, stats.hbm_write_bytes);
  /* and attention.h's own closed form agrees */
  uint64_t r, w;
  ab_flash_io_model (&s, AB_FLASH_FA1, f.block_r, f.block_c, &r, &w, NULL);
  g_assert_cmpuint (r, ==, stats.hbm_read_bytes);
  g_assert_cmpuint (w, ==, stats.hbm_write_bytes);

  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o);
}

/* ---- time and errors ---- */

static void
test_seconds (void)
{
  g_assert_cmpfloat_with_epsilon (ab_io_seconds (2039000000000ull, 2.039), 1.0, 1e-12);
  /* FACTS #26 forward at A100 speed: 512 MiB / 2.039 TB/s ≈ 0.263 ms */
  double t = ab_io_seconds (512 * MiB, ab_gpu_spec (AB_GPU_A100)->hbm_tbs);
  g_assert_cmpfloat_with_epsilon (t, 536870912.0 / 2.039e12, 1e-15);
  g_assert_cmpfloat (ab_io_seconds (1000, 0.0), ==, 0.0);
}

static void
test_invalid (void)
{
  AbIoCount c;
  AbIoFlash f;
  g_assert_cmpint (ab_io_standard_forward (0, 64, 2, &c), ==, AB_IO_E_INVALID);
  g_assert_cmpint (ab_io_standard_backward (16, -1, 2, &c), ==, AB_IO_E_INVALID);
  g_assert_cmpint (ab_io_standard_forward (16, 16, 2, NULL), ==, AB_IO_E_INVALID);
  g_assert_cmpuint (ab_io_standard_forward_bytes (16, 16, 0), ==, 0);
  g_assert_cmpuint (ab_io_matrix_bytes (-5, 2), ==, 0);
  /* 4d = 256 elements of FP16 need 512 B */
  g_assert_cmpint (ab_io_flash_forward (1024, 64, 2, 511, &f), ==, AB_IO_E_SRAM);
  g_assert_cmpint (ab_io_flash_forward (1024, 64, 2, 512, &f), ==, AB_IO_OK);
  g_assert_cmpint (f.block_c, ==, 1);
  g_assert_cmpuint (ab_io_flash_forward_bytes (1024, 64, 2, 0), ==, 0);
  g_assert_cmpfloat (ab_io_attention_flops (0, 64), ==, 0.0);
  g_assert_cmpstr (ab_io_status_string (AB_IO_E_SRAM), !=, ab_io_status_string (AB_IO_OK));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/gpu-specs/table", test_table);
  g_test_add_func ("/kernels/gpu-specs/ridge", test_ridge);
  g_test_add_func ("/kernels/attn-io/facts-26", test_facts_26);
  g_test_add_func ("/kernels/attn-io/facts-46", test_facts_46);
  g_test_add_func ("/kernels/attn-io/backward-by-hand", test_backward_by_hand);
  g_test_add_func ("/kernels/attn-io/standard-matches-kernel-model", test_standard_matches_kernel_model);
  g_test_add_func ("/kernels/attn-io/steps", test_steps);
  g_test_add_func ("/kernels/attn-io/flash-tiles", test_flash_tiles);
  g_test_add_func ("/kernels/attn-io/flash-theorem-2", test_flash_theorem_2);
  g_test_add_func ("/kernels/attn-io/flash-vs-kernel", test_flash_vs_kernel);
  g_test_add_func ("/kernels/attn-io/seconds", test_seconds);
  g_test_add_func ("/kernels/attn-io/invalid", test_invalid);
  return g_test_run ();
}

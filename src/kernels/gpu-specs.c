/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gpu-specs.c — the A100 / H100 / H200 table (see gpu-specs.h)
 *
 * Sources, cited per field below:
 *   [A100-DS]  NVIDIA A100 Tensor Core GPU datasheet (80GB SXM column).
 *   [A100-WP]  NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020),
 *              Table "NVIDIA A100 … compared to V100" and §"A100 SM".
 *   [AMP-TG]   NVIDIA Ampere Tuning Guide, §"Unified shared memory/L1".
 *   [H100-DS]  NVIDIA H100 Tensor Core GPU datasheet (SXM column).
 *   [H100-WP]  NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022),
 *              Table 3 ("Register File Size / SM 256 KB",
 *              "Shared Memory Size / SM configurable up to 228 KB").
 *   [H200-DS]  NVIDIA H200 Tensor Core GPU datasheet (SXM column).
 *   [CUDA-PG]  CUDA C++ Programming Guide, "Technical Specifications per
 *              Compute Capability" (64 K 32-bit registers per SM for cc 8.0
 *              and 9.0 → 65,536 × 4 B = 256 KiB) and §"Compute Capability
 *              9.0" (unified data cache 256 KB, shared memory up to 228 KB).
 *   [FA1]      Dao et al., FlashAttention, arXiv:2205.14135, Fig. 1 (left).
 *   [FA2]      Dao, FlashAttention-2, arXiv:2307.08691, §2.1 and §3.1.
 *   FACTS #n   the book's corrections table, /shared/FACTS.md row n.
 */
#include "gpu-specs.h"

#include <stddef.h>
#include <string.h>

static const AbGpuSpec gpus[AB_N_GPUS] = {
  [AB_GPU_A100] = {
    .key = "a100",
    .name = "A100 80GB SXM",
    .arch = "Ampere",
    .sms = 108,                       /* [A100-WP]; FACTS #20, #76 */
    .hbm_gb = 80.0,                   /* [A100-DS] 80GB HBM2e; FACTS #20 */
    .hbm_type = "HBM2e",              /* [A100-DS] */
    .hbm_tbs = 2.039,                 /* [A100-DS] 2,039 GB/s; FACTS #20, #74 */
    .l2_mib = 40.0,                   /* [A100-WP] "40 MB L2" (41,943,040 B); FACTS #20 */
    .smem_kib_per_sm = 164.0,         /* [AMP-TG] carve-out up to 164 KB/SM; FACTS #22 */
    .l1_smem_kib_per_sm = 192.0,      /* [AMP-TG]/[A100-WP] 192 KB unified L1/SMEM; FACTS #22 */
    .regs_kib_per_sm = 256.0,         /* [A100-WP] 256 KB/SM; [CUDA-PG] 64 K × 32-bit */
    .tflops_bf16_dense = 312.0,       /* [A100-DS] 312 dense (624 sparse); FACTS #20 */
    .tflops_fp8_dense = 0.0,          /* no FP8 tensor cores on Ampere [A100-WP] */
    .tflops_fp32_nonmatmul = 19.5,    /* [FA2] §3.1 / [A100-DS] FP32 19.5; FACTS #32 */
    .host_link = "PCIe Gen4 x16",     /* [A100-DS] "PCIe Gen4: 64 GB/s" (both directions) */
    .host_link_gbs = 32.0,            /*   → 32 GB/s each way */
    .sram_tbs_paper = 19.0,           /* [FA1] Fig. 1 "SRAM: 19 TB/s (20 MB)" for A100 40GB
                                       * (same SMs as the 80GB part); [FA2] §2.1
                                       * "estimated around 19TB/s"; FACTS #75 */
    .source = "NVIDIA A100 datasheet & whitepaper; Ampere Tuning Guide; FA1 Fig. 1; FA2 §3.1",
  },
  [AB_GPU_H100] = {
    .key = "h100",
    .name = "H100 SXM5 80GB",
    .arch = "Hopper",
    .sms = 132,                       /* [H100-WP] 132 for SXM5 (PCIe: 114); FACTS #21, #76 */
    .hbm_gb = 80.0,                   /* [H100-DS] 80GB HBM3; FACTS #21 */
    .hbm_type = "HBM3",               /* [H100-DS] */
    .hbm_tbs = 3.35,                  /* [H100-DS] 3.35 TB/s; FACTS #21, #74 */
    .l2_mib = 50.0,                   /* [H100-WP] "50 MB L2"; FACTS #21 */
    .smem_kib_per_sm = 228.0,         /* [H100-WP] Table 3, [CUDA-PG] cc 9.0; FACTS #22 */
    .l1_smem_kib_per_sm = 256.0,      /* [CUDA-PG] cc 9.0 unified 256 KB; FACTS #22 */
    .regs_kib_per_sm = 256.0,         /* [H100-WP] Table 3; [CUDA-PG] 64 K × 32-bit */
    .tflops_bf16_dense = 989.4,       /* [H100-DS] 1,979 sparse → 989.4 dense; FACTS #21 */
    .tflops_fp8_dense = 1979.0,       /* [H100-DS] 3,958 sparse → 1,979 dense; FACTS #21 */
    .tflops_fp32_nonmatmul = 67.0,    /* [H100-DS] FP32 67 TFLOPS (no tensor cores) */
    .host_link = "PCIe Gen5 x16",     /* [H100-DS] "PCIe Gen5: 128 GB/s" (both directions) */
    .host_link_gbs = 64.0,            /*   → 64 GB/s each way */
    .sram_tbs_paper = 0.0,            /* no published figure in FA1/FA2/FA3 */
    .source = "NVIDIA H100 datasheet & whitepaper Table 3; CUDA Programming Guide cc 9.0",
  },
  [AB_GPU_H200] = {
    .key = "h200",
    .name = "H200 SXM",
    .arch = "Hopper",
    .sms = 132,                       /* same GH100 compute as H100 SXM; FACTS #23 */
    .hbm_gb = 141.0,                  /* [H200-DS] 141GB HBM3e; FACTS #23, #74 */
    .hbm_type = "HBM3e",              /* [H200-DS] */
    .hbm_tbs = 4.8,                   /* [H200-DS] 4.8 TB/s; FACTS #23, #74 */
    .l2_mib = 50.0,                   /* same GH100 die as H100 [H100-WP]; FACTS #23 */
    .smem_kib_per_sm = 228.0,         /* FACTS #23 "228 KB SMEM/SM"; [CUDA-PG] cc 9.0 */
    .l1_smem_kib_per_sm = 256.0,      /* [CUDA-PG] cc 9.0 */
    .regs_kib_per_sm = 256.0,         /* [CUDA-PG] cc 9.0: 64 K × 32-bit */
    .tflops_bf16_dense = 989.4,       /* [H200-DS] 1,979 sparse → 989.4 dense; FACTS #23 */
    .tflops_fp8_dense = 1979.0,       /* [H200-DS] 3,958 sparse → 1,979 dense */
    .tflops_fp32_nonmatmul = 67.0,    /* [H200-DS] FP32 67 TFLOPS: the H100 SXM figure, same GH100 compute (FACTS #23) */
    .host_link = "PCIe Gen5 x16",     /* [H200-DS] "PCIe Gen5: 128 GB/s" (both directions) */
    .host_link_gbs = 64.0,            /*   → 64 GB/s each way */
    .sram_tbs_paper = 0.0,            /* not published */
    .source = "NVIDIA H200 datasheet; same GH100 compute as H100 SXM (FACTS #23)",
  },
};

const AbGpuSpec *
ab_gpu_spec (AbGpuId id)
{
  if ((int) id < 0 || id >= AB_N_GPUS)
    return NULL;
  return &gpus[id];
}

const AbGpuSpec *
ab_gpu_find (const char *key)
{
  if (key == NULL)
    return NULL;
  for (int i = 0; i < AB_N_GPUS; i++)
    if (strcmp (gpus[i].key, key) == 0)
      return &gpus[i];
  return NULL;
}

double
ab_gpu_ridge_point (const AbGpuSpec *g)
{
  if (g == NULL || g->hbm_tbs <= 0.0)
    return 0.0;
  /* 10¹² FLOP/s ÷ 10¹² B/s: the decimal prefixes cancel. */
  return g->tflops_bf16_dense / g->hbm_tbs;
}

double
ab_gpu_smem_total_kib (const AbGpuSpec *g)
{
  return g ? g->smem_kib_per_sm * g->sms : 0.0;
}

double
ab_gpu_regs_total_kib (const AbGpuSpec *g)
{
  return g ? g->regs_kib_per_sm * g->sms : 0.0;
}

unsigned long
ab_gpu_smem_bytes_per_sm (const AbGpuSpec *g)
{
  return g ? (unsigned long) (g->smem_kib_per_sm * 1024.0) : 0;
}

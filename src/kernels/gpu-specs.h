/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gpu-specs.h — the three data-centre GPUs Part 3 compares
 *
 * One table, A100 80GB SXM / H100 SXM5 80GB / H200 SXM, of the figures the
 * FlashAttention story turns on: how much fast on-chip memory each SM has,
 * how fast HBM is, and how many dense tensor-core FLOPs wait for it. Every
 * field is a vendor or paper figure cited beside it in gpu-specs.c (and
 * checked against the book's FACTS.md rows 20–24, 32, 74–76).
 *
 * Units, as the vendors give them: HBM capacity in decimal GB, bandwidths
 * in decimal TB/s and GB/s, TFLOPS decimal (10¹²). On-chip sizes (registers,
 * shared memory, L1, L2) are binary: NVIDIA's "KB"/"MB" there are KiB/MiB
 * (228 KB = 233,472 B; a 40 MB L2 reports 41,943,040 B).
 *
 * Pure C11, no GLib.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_GPU_A100 = 0,
  AB_GPU_H100,
  AB_GPU_H200,
  AB_N_GPUS
} AbGpuId;

typedef struct
{
  const char *key;                 /* "a100", "h100", "h200" */
  const char *name;                /* "A100 80GB SXM" */
  const char *arch;                /* "Ampere", "Hopper" */
  int         sms;                 /* streaming multiprocessors */
  double      hbm_gb;              /* HBM capacity, decimal GB */
  const char *hbm_type;            /* "HBM2e", "HBM3", "HBM3e" */
  double      hbm_tbs;             /* HBM bandwidth, decimal TB/s */
  double      l2_mib;              /* L2 cache, MiB */
  double      smem_kib_per_sm;     /* max configurable shared memory per SM, KiB */
  double      l1_smem_kib_per_sm;  /* unified L1 + shared memory per SM, KiB */
  double      regs_kib_per_sm;     /* register file per SM, KiB */
  double      tflops_bf16_dense;   /* dense BF16/FP16 tensor-core TFLOPS */
  double      tflops_fp8_dense;    /* dense FP8 tensor-core TFLOPS, 0 = none */
  double      tflops_fp32_nonmatmul; /* FP32 without tensor cores (softmax, exp …) */
  const char *host_link;           /* "PCIe Gen4 x16" */
  double      host_link_gbs;       /* host link, decimal GB/s per direction */
  /* On-chip (shared memory/SRAM) bandwidth for the whole GPU, decimal TB/s,
   * only where a paper gives one (FA1 Fig. 1: "19 TB/s", an estimate for
   * A100); 0 = not published. */
  double      sram_tbs_paper;
  const char *source;              /* short citation of the table row */
} AbGpuSpec;

/* The row for @id; NULL when @id is out of range. */
const AbGpuSpec *ab_gpu_spec (AbGpuId id);
/* The row whose key is @key ("a100", "h100", "h200"); NULL if none. */
const AbGpuSpec *ab_gpu_find (const char *key);

/* Ridge point of the roofline: dense BF16 FLOPs per HBM byte,
 * TFLOPS / (TB/s). A100 153, H100 295, H200 206 (FACTS #23, #24).
 * 0 when @g is NULL. */
double ab_gpu_ridge_point (const AbGpuSpec *g);

/* Shared memory of all SMs together, KiB (per-SM carve-out × SMs). */
double ab_gpu_smem_total_kib (const AbGpuSpec *g);
/* Register files of all SMs together, KiB. */
double ab_gpu_regs_total_kib (const AbGpuSpec *g);

/* Shared memory per SM in bytes, the "M" of FlashAttention's IO analysis
 * (FA1 §3.2) when one thread block owns the SM's carve-out. */
unsigned long ab_gpu_smem_bytes_per_sm (const AbGpuSpec *g);

#ifdef __cplusplus
}
#endif

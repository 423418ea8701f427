/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-roofline-diagram-private.h — what the roofline module shares with its
 * table (ab-roofline-table.c) */
#pragma once

#include "ab-diagram.h"
#include "attn-io.h"
#include "gpu-specs.h"

G_BEGIN_DECLS

enum { STEP_ROOF, STEP_UNFUSED, STEP_FLASH, N_STEPS };

/* The kernels the table lists: the three unfused steps, then the fused one. */
enum { K_QK, K_SOFTMAX, K_PV, K_FLASH, N_KERNELS };

typedef struct
{
  int              n, d, bytes, gpu;
  double           peak_mm[AB_N_GPUS];    /* roof of the GEMMs: tensor cores (FP32: CUDA cores) */
  double           peak_vec[AB_N_GPUS];   /* roof of the softmax: FP32 CUDA cores */
  double           bw[AB_N_GPUS];         /* TB/s */
  double           flops[N_KERNELS];
  double           hbm[N_KERNELS];        /* bytes */
  double           intensity[N_KERNELS];
  double           attain[N_KERNELS];     /* TFLOPS on the highlighted GPU's roof */
  double           seconds[N_KERNELS];
  double           unfused_seconds;
  AbIoFlash        flash;
} Result;

/* "A100", "H100", "H200": the GPU choice, in AbGpuId order. */
extern const char *const ab_roofline_gpus[];

/* Ridge point of GPU @g under this result's roofs, FLOPs per byte. */
double ab_roofline_ridge      (const Result *res, int g);
AbRgb  ab_roofline_gpu_color  (int g);
/* The ridge worked out, the GPUs (step 1) or the kernels (steps 2–3), the
 * times each roof allows and a note on where the numbers come from. */
void   ab_roofline_draw_table (const Result *res, cairo_t *cr, AbRect panel, double position);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attention-cuda.h — the seam for the CUDA attention kernels (a later issue)
 *
 * The CPU library calls these only when it was built with AB_HAVE_CUDA = 1
 * (meson -Dcuda=auto finds nvcc and cuda/meson.build exists) and a GPU is
 * present. Same layouts, masks, logsumexp and error conventions as
 * attention.h; inputs and outputs are host pointers (the implementation
 * copies to and from the device), so callers and tests need no changes.
 */
#pragma once

#include "../attention.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of usable CUDA devices (0 when the driver or GPU is missing). */
int ab_cuda_device_count (void);

/* Runs algo on the GPU; AB_ATTN_E_UNSUPPORTED for an algorithm without a
 * CUDA kernel, so the caller can fall back to the CPU. opts->trace is not
 * supported on the GPU (the trace is a CPU teaching aid). */
AbAttnStatus ab_cuda_attention_run (AbAttnAlgo           algo,
                                    const AbAttnShape   *shape,
                                    int                  heads,
                                    const float         *q,
                                    const float         *k,
                                    const float         *v,
                                    float               *o,
                                    float               *lse,
                                    const AbAttnOptions *opts,
                                    AbAttnStats         *stats,
                                    AbAttnError         *err);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-io.h — HBM traffic of standard vs FlashAttention, per head per layer
 *
 * The IO model of the FlashAttention paper (Dao et al., arXiv:2205.14135,
 * §3.2 and Appendix B): count the elements each algorithm moves between HBM
 * and on-chip SRAM for one head of sequence length N and head dimension d,
 * times the bytes per element (FP16/BF16 2, FP32 4).
 *
 * Standard (unfused) attention, FA1 Algorithm 0, materialises S and P:
 *   1. read Q, K → write S = QKᵀ        N² written
 *   2. read S    → write P = softmax(S) N² read, N² written
 *   3. read P, V → write O = PV         N² read
 *   = 4 N² + 4 Nd elements; the 4 N² passes are what FlashAttention removes.
 * Its backward pass, FA1 Algorithm 3 (P kept from the forward pass):
 *   1. read P, dO      → write dV = Pᵀ dO           P read
 *   2. read dO, V      → write dP = dO Vᵀ           dP written
 *   3. read P, dP      → write dS = P∘(dP − rowsum(dP∘P))  P, dP read, dS written
 *   4. read dS, K      → write dQ = dS K            dS read
 *   5. read dS, Q      → write dK = dSᵀ Q           dS read
 *   = 7 N² + 8 Nd elements (N² passes: P, dP, P, dP, dS, dS, dS).
 * At N = 8192, FP16: 512 MiB forward + 896 MiB backward = 1.375 GiB of N²
 * traffic (FACTS #26).
 *
 * FlashAttention forward, FA1 Algorithm 1 with SRAM of M elements:
 *   B_c = ⌈M/4d⌉, B_r = min(⌈M/4d⌉, d), T_c = ⌈N/B_c⌉, T_r = ⌈N/B_r⌉.
 *   Initialise O, ℓ, m in HBM (Nd + 2N written); for each of the T_c K/V
 *   tiles read K_j, V_j once (2Nd over the whole loop), and for every Q tile
 *   read Q_i, O_i, ℓ_i, m_i and write O_i, ℓ_i, m_i back.
 *   reads  = 2Nd + T_c·(2Nd + 2N)
 *   writes = Nd + 2N + T_c·(Nd + 2N)
 *   Since T_c ≈ 4Nd/M this is ≈ 12·N²d²/M: the Θ(N²d²M⁻¹) of FA1 Thm 2.
 * The book's own kernel (ab_flash_forward, FA1 order) counts exactly this
 * plus the logsumexp it also writes: 2N more reads (m, ℓ) and N more writes.
 *
 * Pure C11, no GLib. Counts are exact integers (uint64).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_IO_OK = 0,
  AB_IO_E_INVALID,   /* n, d or element size not positive */
  AB_IO_E_SRAM,      /* SRAM holds fewer than 4d elements: no B_c ≥ 1 tile fits */
} AbIoStatus;

/* HBM traffic of one algorithm for one head, bytes. */
typedef struct
{
  uint64_t read_bytes;
  uint64_t write_bytes;
  uint64_t matrix_bytes;   /* of which N × N traffic (standard only; 0 for flash) */
  int      matrix_passes;  /* N × N passes counted in matrix_bytes */
} AbIoCount;

/* The tiling FA1 Algorithm 1 derives from the SRAM size. */
typedef struct
{
  int      sram_elements;  /* M */
  int      block_r;        /* B_r = min(⌈M/4d⌉, d) */
  int      block_c;        /* B_c = ⌈M/4d⌉ */
  int      t_r, t_c;       /* ⌈N/B_r⌉, ⌈N/B_c⌉ */
  AbIoCount io;
} AbIoFlash;

/* The three kernels of the unfused forward pass (FA1 Alg. 0). */
typedef enum
{
  AB_IO_STEP_QK = 0,     /* S = QKᵀ */
  AB_IO_STEP_SOFTMAX,    /* P = softmax(S) */
  AB_IO_STEP_PV,         /* O = PV */
  AB_IO_N_STEPS
} AbIoStep;

typedef struct
{
  double   flops;
  uint64_t read_bytes;
  uint64_t write_bytes;
} AbIoStepCost;

/* FLOPs per score the softmax kernel spends, counted honestly: row max
 * (1 compare), subtract the max (1), exp (counted as 1, though the GPU
 * evaluates it on special-function units), row sum (1), scale by 1/ℓ (1). */
#define AB_IO_SOFTMAX_FLOPS_PER_ELEMENT 5

/* Bytes of one N × N matrix. */
uint64_t ab_io_matrix_bytes           (int n, int elem_bytes);
/* N × N passes through HBM: forward 4 (write S, read S, write P, read P),
 * backward 7 (FA1 Alg. 3). */
uint64_t ab_io_matrix_passes_forward  (void);
uint64_t ab_io_matrix_passes_backward (void);

/* Standard attention, all HBM traffic (N² and Nd terms). 0 on bad input. */
uint64_t ab_io_standard_forward_bytes  (int n, int d, int elem_bytes);
uint64_t ab_io_standard_backward_bytes (int n, int d, int elem_bytes);
AbIoStatus ab_io_standard_forward  (int n, int d, int elem_bytes, AbIoCount *out);
AbIoStatus ab_io_standard_backward (int n, int d, int elem_bytes, AbIoCount *out);

/* FLOPs and HBM bytes of one unfused forward kernel (QKᵀ: 2N²d FLOPs,
 * Q, K read, S written; softmax: 5 FLOPs per score, S read, P written;
 * PV: 2N²d FLOPs, P, V read, O written). */
AbIoStatus ab_io_standard_step (AbIoStep step, int n, int d, int elem_bytes,
                                AbIoStepCost *out);
/* Arithmetic intensity, FLOPs per HBM byte (0 when no bytes move). */
double     ab_io_step_intensity (const AbIoStepCost *cost);

/* FlashAttention forward in FA1 Algorithm 1's model with @sram_bytes of
 * SRAM (M = sram_bytes / elem_bytes elements). */
AbIoStatus ab_io_flash_forward (int n, int d, int elem_bytes, size_t sram_bytes,
                                AbIoFlash *out);
/* Its total bytes (reads + writes); 0 on bad input. */
uint64_t   ab_io_flash_forward_bytes (int n, int d, int elem_bytes, size_t sram_bytes);

/* FLOPs of the two attention products of one head, 4N²d (FA1 §4 counts
 * the same; the softmax's few FLOPs per score are left out). */
double ab_io_attention_flops (int n, int d);

/* Seconds to move @bytes at @tbs decimal TB/s; 0 if tbs ≤ 0. */
double ab_io_seconds (uint64_t bytes, double tbs);

const char *ab_io_status_string (AbIoStatus status);

#ifdef __cplusplus
}
#endif

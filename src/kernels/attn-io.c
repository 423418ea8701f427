/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-io.c — HBM traffic of standard vs FlashAttention (see attn-io.h)
 *
 * Everything is counted in elements first and multiplied by the element size
 * last, so the FP16 and FP32 figures differ by exactly 2×.
 */
#include "attn-io.h"

static int
valid (int n, int d, int elem_bytes)
{
  return n > 0 && d > 0 && elem_bytes > 0;
}

uint64_t
ab_io_matrix_bytes (int n, int elem_bytes)
{
  if (n <= 0 || elem_bytes <= 0)
    return 0;
  return (uint64_t) n * (uint64_t) n * (uint64_t) elem_bytes;
}

uint64_t
ab_io_matrix_passes_forward (void)
{
  return 4;   /* FA1 Alg. 0: write S, read S, write P, read P */
}

uint64_t
ab_io_matrix_passes_backward (void)
{
  return 7;   /* FA1 Alg. 3: read P, write dP, read P, read dP, write dS, read dS ×2 */
}

AbIoStatus
ab_io_standard_forward (int n, int d, int elem_bytes, AbIoCount *out)
{
  if (!valid (n, d, elem_bytes) || out == NULL)
    return AB_IO_E_INVALID;
  uint64_t nn = (uint64_t) n * (uint64_t) n, nd = (uint64_t) n * (uint64_t) d;
  uint64_t b = (uint64_t) elem_bytes;
  /* reads: Q, K (line 1); S (line 2); P, V (line 3)
   * writes: S (line 1); P (line 2); O (line 3) */
  out->read_bytes = b * (2 * nd + nn + nn + nd);
  out->write_bytes = b * (nn + nn + nd);
  out->matrix_passes = (int) ab_io_matrix_passes_forward ();
  out->matrix_bytes = b * nn * (uint64_t) out->matrix_passes;
  return AB_IO_OK;
}

AbIoStatus
ab_io_standard_backward (int n, int d, int elem_bytes, AbIoCount *out)
{
  if (!valid (n, d, elem_bytes) || out == NULL)
    return AB_IO_E_INVALID;
  uint64_t nn = (uint64_t) n * (uint64_t) n, nd = (uint64_t) n * (uint64_t) d;
  uint64_t b = (uint64_t) elem_bytes;
  /* FA1 Alg. 3, line by line:
   *   1 read P, dO        write dV
   *   2 read dO, V        write dP
   *   3 read P, dP        write dS
   *   4 read dS, K        write dQ
   *   5 read dS, Q        write dK */
  uint64_t read_nn = 1 + 0 + 2 + 1 + 1, write_nn = 0 + 1 + 1 + 0 + 0;
  uint64_t read_nd = 1 + 2 + 0 + 1 + 1, write_nd = 1 + 0 + 0 + 1 + 1;
  out->read_bytes = b * (read_nn * nn + read_nd * nd);
  out->write_bytes = b * (write_nn * nn + write_nd * nd);
  out->matrix_passes = (int) (read_nn + write_nn);
  out->matrix_bytes = b * nn * (read_nn + write_nn);
  return AB_IO_OK;
}

uint64_t
ab_io_standard_forward_bytes (int n, int d, int elem_bytes)
{
  AbIoCount c;
  if (ab_io_standard_forward (n, d, elem_bytes, &c) != AB_IO_OK)
    return 0;
  return c.read_bytes + c.write_bytes;
}

uint64_t
ab_io_standard_backward_bytes (int n, int d, int elem_bytes)
{
  AbIoCount c;
  if (ab_io_standard_backward (n, d, elem_bytes, &c) != AB_IO_OK)
    return 0;
  return c.read_bytes + c.write_bytes;
}

AbIoStatus
ab_io_standard_step (AbIoStep step, int n, int d, int elem_bytes,
                     AbIoStepCost *out)
{
  if (!valid (n, d, elem_bytes) || out == NULL)
    return AB_IO_E_INVALID;
  uint64_t nn = (uint64_t) n * (uint64_t) n, nd = (uint64_t) n * (uint64_t) d;
  uint64_t b = (uint64_t) elem_bytes;
  switch (step)
    {
    case AB_IO_STEP_QK:
      /* N² dot products of length d: d multiplies + d adds each */
      out->flops = 2.0 * (double) nn * (double) d;
      out->read_bytes = b * 2 * nd;
      out->write_bytes = b * nn;
      return AB_IO_OK;
    case AB_IO_STEP_SOFTMAX:
      out->flops = (double) AB_IO_SOFTMAX_FLOPS_PER_ELEMENT * (double) nn;
      out->read_bytes = b * nn;
      out->write_bytes = b * nn;
      return AB_IO_OK;
    case AB_IO_STEP_PV:
      out->flops = 2.0 * (double) nn * (double) d;
      out->read_bytes = b * (nn + nd);
      out->write_bytes = b * nd;
      return AB_IO_OK;
    case AB_IO_N_STEPS:
    default:
      return AB_IO_E_INVALID;
    }
}

double
ab_io_step_intensity (const AbIoStepCost *cost)
{
  if (cost == NULL)
    return 0.0;
  uint64_t bytes = cost->read_bytes + cost->write_bytes;
  return bytes > 0 ? cost->flops / (double) bytes : 0.0;
}

AbIoStatus
ab_io_flash_forward (int n, int d, int elem_bytes, size_t sram_bytes,
                     AbIoFlash *out)
{
  if (!valid (n, d, elem_bytes) || out == NULL)
    return AB_IO_E_INVALID;
  uint64_t m = (uint64_t) sram_bytes / (uint64_t) elem_bytes;
  uint64_t four_d = 4 * (uint64_t) d;
  if (m < four_d || m > (uint64_t) INT32_MAX)
    return AB_IO_E_SRAM;

  /* FA1 Alg. 1 line 1 */
  uint64_t bc = (m + four_d - 1) / four_d;
  uint64_t br = bc < (uint64_t) d ? bc : (uint64_t) d;
  uint64_t nn = (uint64_t) n, nd = nn * (uint64_t) d;
  uint64_t tc = (nn + bc - 1) / bc, tr = (nn + br - 1) / br;
  uint64_t b = (uint64_t) elem_bytes;

  out->sram_elements = (int) m;
  out->block_c = (int) (bc < nn ? bc : nn);
  out->block_r = (int) (br < nn ? br : nn);
  out->t_c = (int) tc;
  out->t_r = (int) tr;
  /* line 2: O = 0, ℓ = 0, m = −∞ written to HBM;
   * line 6: K_j, V_j loaded once per outer step (2Nd in all);
   * line 8: Q_i, O_i, ℓ_i, m_i loaded for every (j, i) → T_c·(2Nd + 2N);
   * lines 12–13: O_i, ℓ_i, m_i written for every (j, i) → T_c·(Nd + 2N). */
  out->io.read_bytes = b * (2 * nd + tc * (2 * nd + 2 * nn));
  out->io.write_bytes = b * (nd + 2 * nn + tc * (nd + 2 * nn));
  out->io.matrix_bytes = 0;
  out->io.matrix_passes = 0;
  return AB_IO_OK;
}

uint64_t
ab_io_flash_forward_bytes (int n, int d, int elem_bytes, size_t sram_bytes)
{
  AbIoFlash f;
  if (ab_io_flash_forward (n, d, elem_bytes, sram_bytes, &f) != AB_IO_OK)
    return 0;
  return f.io.read_bytes + f.io.write_bytes;
}

double
ab_io_attention_flops (int n, int d)
{
  if (n <= 0 || d <= 0)
    return 0.0;
  return 4.0 * (double) n * (double) n * (double) d;
}

double
ab_io_seconds (uint64_t bytes, double tbs)
{
  if (tbs <= 0.0)
    return 0.0;
  return (double) bytes / (tbs * 1e12);
}

const char *
ab_io_status_string (AbIoStatus status)
{
  switch (status)
    {
    case AB_IO_OK:
      return "ok";
    case AB_IO_E_INVALID:
      return "sequence length, head dimension and element size must be positive";
    case AB_IO_E_SRAM:
      return "SRAM too small: FlashAttention needs room for at least 4·d elements";
    default:
      return "unknown status";
    }
}

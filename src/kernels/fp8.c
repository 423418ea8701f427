/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fp8.c — the E4M3 format, scaled quantisation and the random Hadamard
 * rotation (see fp8.h for the format and the papers).
 *
 * Encoding works on the magnitude in double, where every step is exact:
 * below 2^-6 the grid is the subnormal one, k · 2^-9 (k = 0 … 8; k = 8 is
 * the smallest normal, and its code 0x08 follows 0x07, so no special case);
 * above, the double's 52-bit mantissa is rounded to 3 bits in integer
 * arithmetic, and a carry out of the mantissa lands on the next exponent's
 * code the same way. The codes are then the double's exponent and top
 * mantissa bits, rebiased from 1023 to 7. Decoding is the formula of the
 * OCP spec, assembled as float bits.
 */
#include "fp8.h"
#include "ab-rng.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FWHT 4096

static AbFp8Status
fail (AbFp8Error *err, AbFp8Status status, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      err->status = status;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

const char *
ab_fp8_status_string (AbFp8Status status)
{
  switch (status)
    {
    case AB_FP8_OK: return "ok";
    case AB_FP8_E_INVALID: return "invalid argument";
    case AB_FP8_E_NONFINITE: return "non-finite input";
    case AB_FP8_E_NOMEM: return "out of memory";
    }
  return "unknown status";
}

/* E4M3 --------------------------------------------------------------------- */

float
ab_e4m3_decode (uint8_t code)
{
  uint32_t e = (code >> 3) & 0xf, m = code & 7, bits;
  float f;

  if (e == 15 && m == 7)
    return NAN;
  if (e == 0)
    f = (float) m * 0x1p-9f;                      /* subnormal: m · 2^-9 */
  else
    {
      bits = ((e - 7 + 127) << 23) | (m << 20);   /* (1 + m/8) · 2^(e−7) */
      memcpy (&f, &bits, sizeof f);
    }
  return (code & 0x80) ? -f : f;
}

/* y ≥ 0 with few significant bits: nearest integer, ties to even, exactly
 * and whatever the FPU's rounding mode. */
static double
round_half_even (double y)
{
  double fl = floor (y), r = y - fl;
  if (r > 0.5)
    return fl + 1;
  if (r < 0.5)
    return fl;
  return fmod (fl, 2.0) == 0 ? fl : fl + 1;
}

uint8_t
ab_e4m3_encode_double (double x)
{
  uint8_t sign = signbit (x) ? 0x80 : 0;
  double a = fabs (x);
  uint64_t u;

  if (isnan (x))
    return sign | AB_E4M3_NAN;
  if (a >= AB_E4M3_MAX)
    return sign | 0x7e;   /* satfinite: overflow and ±∞ saturate */
  if (a < AB_E4M3_MIN_NORMAL)
    return sign | (uint8_t) round_half_even (a * 512.0);
  /* Normal: keep the double's exponent and top 3 of its 52 mantissa bits,
   * rounding the dropped 49 to nearest even in integer arithmetic; a carry
   * out of the mantissa bumps the exponent, which is the next code. */
  memcpy (&u, &a, sizeof u);
  u += (UINT64_C (1) << 48) - 1 + ((u >> 49) & 1);
  return sign | (uint8_t) ((u >> 49) - ((uint64_t) (1023 - 7) << 3));
}

uint8_t
ab_e4m3_encode (float x)
{
  return ab_e4m3_encode_double ((double) x);
}

float
ab_e4m3_round (float x)
{
  return ab_e4m3_decode (ab_e4m3_encode (x));
}

float
ab_bf16_round (float x)
{
  uint32_t u;

  if (isnan (x))
    return x;
  memcpy (&u, &x, sizeof u);
  u += 0x7fffu + ((u >> 16) & 1u);   /* ties to even on the dropped 16 bits */
  u &= 0xffff0000u;
  memcpy (&x, &u, sizeof x);
  return x;
}

/* Scaled quantisation -------------------------------------------------------- */

int
ab_fp8_n_blocks (int rows, int block_rows)
{
  if (rows <= 0)
    return 0;
  if (block_rows <= 0 || block_rows >= rows)
    return 1;
  return (rows + block_rows - 1) / block_rows;
}

static int
effective_block (int rows, int block_rows)
{
  return block_rows <= 0 || block_rows >= rows ? rows : block_rows;
}

AbFp8Status
ab_fp8_quantize (const float *x, int rows, int cols, int block_rows,
                 uint8_t *codes, float *scales, AbFp8Error *err)
{
  int br;

  if (!x || !codes || !scales || rows <= 0 || cols <= 0)
    return fail (err, AB_FP8_E_INVALID, "fp8 quantize: need rows, cols ≥ 1 and three arrays");
  br = effective_block (rows, block_rows);
  for (int r0 = 0, b = 0; r0 < rows; r0 += br, b++)
    {
      size_t lo = (size_t) r0 * cols, hi = (size_t) (r0 + br < rows ? r0 + br : rows) * cols;
      double amax = 0;
      for (size_t i = lo; i < hi; i++)
        {
          if (!isfinite (x[i]))
            return fail (err, AB_FP8_E_NONFINITE, "fp8 quantize: entry %zu is not finite", i);
          if (fabs (x[i]) > amax)
            amax = fabs (x[i]);
        }
      /* A float scale, as the kernels keep it; an all-zero block gets 1. */
      scales[b] = amax > 0 ? (float) (amax / AB_E4M3_MAX) : 1.0f;
      for (size_t i = lo; i < hi; i++)
        codes[i] = ab_e4m3_encode_double ((double) x[i] / scales[b]);
    }
  return AB_FP8_OK;
}

void
ab_fp8_dequantize (const uint8_t *codes, const float *scales, int rows, int cols,
                   int block_rows, float *x)
{
  int br = effective_block (rows, block_rows);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        size_t i = (size_t) r * cols + c;
        x[i] = ab_e4m3_decode (codes[i]) * scales[r / br];
      }
}

/* Random Hadamard rotation --------------------------------------------------- */

static int
is_power_of_two (int n)
{
  return n > 0 && (n & (n - 1)) == 0;
}

/* The butterfly on doubles, then the 1/√n that makes H orthogonal. */
static void
fwht_double (double *t, int n)
{
  for (int h = 1; h < n; h *= 2)
    for (int i = 0; i < n; i += 2 * h)
      for (int j = i; j < i + h; j++)
        {
          double a = t[j], b = t[j + h];
          t[j] = a + b;
          t[j + h] = a - b;
        }
  double norm = 1.0 / sqrt ((double) n);
  for (int i = 0; i < n; i++)
    t[i] *= norm;
}

AbFp8Status
ab_fwht (float *x, int n, AbFp8Error *err)
{
  double t[MAX_FWHT];

  if (!x || !is_power_of_two (n) || n > MAX_FWHT)
    return fail (err, AB_FP8_E_INVALID, "Hadamard transform: size %d is not a power of two ≤ %d",
                 n, MAX_FWHT);
  for (int i = 0; i < n; i++)
    t[i] = x[i];
  fwht_double (t, n);
  for (int i = 0; i < n; i++)
    x[i] = (float) t[i];
  return AB_FP8_OK;
}

void
ab_hadamard_signs (uint64_t seed, int d, float *signs)
{
  AbRng rng;
  ab_rng_init (&rng, seed);
  for (int i = 0; i < d; i++)
    signs[i] = (ab_rng_next (&rng) >> 63) ? -1.0f : 1.0f;
}

static AbFp8Status
rotate_rows (float *x, int rows, int d, const float *signs, int inverse, AbFp8Error *err)
{
  double t[MAX_FWHT];

  if (!x || !signs || rows <= 0 || !is_power_of_two (d) || d > MAX_FWHT)
    return fail (err, AB_FP8_E_INVALID,
                 "Hadamard rotation: need rows ≥ 1 and a head dimension that is a power of two ≤ %d (got %d)",
                 MAX_FWHT, d);
  for (int r = 0; r < rows; r++)
    {
      float *row = x + (size_t) r * d;
      /* forward x M = H (s ∘ x); inverse x Mᵀ = s ∘ (H x) */
      for (int i = 0; i < d; i++)
        t[i] = inverse ? row[i] : (double) row[i] * signs[i];
      fwht_double (t, d);
      for (int i = 0; i < d; i++)
        row[i] = (float) (inverse ? t[i] * signs[i] : t[i]);
    }
  return AB_FP8_OK;
}

AbFp8Status
ab_hadamard_rotate (float *x, int rows, int d, const float *signs, AbFp8Error *err)
{
  return rotate_rows (x, rows, d, signs, 0, err);
}

AbFp8Status
ab_hadamard_unrotate (float *x, int rows, int d, const float *signs, AbFp8Error *err)
{
  return rotate_rows (x, rows, d, signs, 1, err);
}

/* Statistics ------------------------------------------------------------------ */

void
ab_fp8_log2_histogram (const float *x, size_t n, double lo, double hi, int n_bins,
                       uint32_t *counts, size_t *below)
{
  size_t under = 0;
  double width = (hi - lo) / n_bins;

  memset (counts, 0, sizeof *counts * (size_t) n_bins);
  for (size_t i = 0; i < n; i++)
    {
      double a = fabs (x[i]);
      if (!(a >= exp2 (lo)))
        {
          under++;
          continue;
        }
      int b = (int) floor ((log2 (a) - lo) / width);
      b = b < 0 ? 0 : b < n_bins ? b : n_bins - 1;   /* log2 rounding at the edges */
      counts[b]++;
    }
  if (below)
    *below = under;
}

void
ab_fp8_amax_rms (const float *x, size_t n, double *amax, double *rms)
{
  double m = 0, ss = 0;
  for (size_t i = 0; i < n; i++)
    {
      double a = fabs (x[i]);
      m = a > m ? a : m;
      ss += a * a;
    }
  if (amax)
    *amax = m;
  if (rms)
    *rms = n ? sqrt (ss / n) : 0;
}

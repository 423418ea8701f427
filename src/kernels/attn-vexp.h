/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-vexp.h — the vectorised exponential shared by attn-simd.c and the
 * FlashAttention micro-kernels (attn-flash-micro.c)
 *
 * The includer defines the vector types vfloat and vint (same lane count)
 * and the macros SPLAT, BLEND and AB_INLINE; the lane count is the
 * includer's choice (16 in attn-simd.c, the ISA's width in the micro-kernels).
 * Cephes expf: range reduction by ln 2, a degree-6 minimax polynomial, 2ⁿ
 * built from the exponent bits. Relative error ~2 ulp for x ≤ 0; inputs
 * below −87.3 (and −inf, i.e. masked scores) give exactly 0.
 */
#pragma once

/* In place, through a pointer: 32-byte vectors as by-value parameters make
 * GCC print ABI notes in the baseline clone. */
AB_INLINE void
vexp (vfloat *px)
{
  vfloat x = *px;
  vint under = x < -87.33654f;
  x = BLEND (under, SPLAT (-87.33654f), x);
  x = BLEND (x > 88.0f, SPLAT (88.0f), x);

  /* n = round(x / ln 2) with the 1.5·2²³ trick: the integer lands in the
   * low mantissa bits. */
  vfloat fx = x * 1.44269504088896341f + 12582912.0f;
  vint n = (vint) fx - 0x4B400000;
  fx = fx - 12582912.0f;
  vfloat r = x - fx * 0.693359375f + fx * 2.12194440e-4f;

  vfloat r2 = r * r;
  vfloat p = r * 1.9875691500e-4f + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r2 + r + 1.0f;

  vfloat pow2n = (vfloat) ((n + 127) << 23);
  vfloat y = p * pow2n;
  *px = (vfloat) (~under & (vint) y);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-bf16.c — BF16 storage for K and V (see attention.h)
 *
 * A BF16 number is the top half of an IEEE float: the same 8 exponent bits
 * and range, 7 of the 23 mantissa bits. Widening is exact (append 16 zero
 * bits); narrowing rounds to nearest, ties to even, by adding 0x7fff plus
 * the lowest kept bit before truncating. A NaN keeps a mantissa bit set so
 * that rounding cannot turn it into an infinity.
 */
#include "attn-private.h"

#include <string.h>

uint16_t
ab_bf16_from_float (float x)
{
  uint32_t bits;

  memcpy (&bits, &x, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u)   /* NaN: quiet, sign kept */
    return (uint16_t) ((bits >> 16) | 0x0040u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return (uint16_t) (bits >> 16);
}

float
ab_bf16_to_float (uint16_t b)
{
  uint32_t bits = (uint32_t) b << 16;
  float x;

  memcpy (&x, &bits, sizeof x);
  return x;
}

void
ab_bf16_from_floats (uint16_t *dst, const float *src, size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] = ab_bf16_from_float (src[i]);
}

/* One head's K or V widened per work item: a loop of shifts the compiler
 * vectorises. */
void
ab_bf16_to_floats (float *restrict dst, const uint16_t *restrict src, size_t n)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    dst[i] = ab_bf16_to_float (src[i]);
}

/* Index of the first non-finite entry (all 8 exponent bits set), or n. */
static size_t
first_nonfinite (const uint16_t *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if ((x[i] & 0x7f80u) == 0x7f80u)
      return i;
  return n;
}

AbAttnStatus
ab__attn_check_finite_bf16 (const AbAttnShape *shape, int heads, const uint16_t *k,
                            const uint16_t *v, AbAttnError *err)
{
  const size_t per_head = (size_t) shape->n_kv * (size_t) shape->d;
  const size_t n = (size_t) heads * per_head;
  const struct { const char *name; const uint16_t *x; } t[2] = { { "K", k }, { "V", v } };

  for (int i = 0; i < 2; i++)
    {
      size_t bad = first_nonfinite (t[i].x, n);
      if (bad < n)
        return ab__attn_nonfinite_fail (err, t[i].name, bad, ab_bf16_to_float (t[i].x[bad]), per_head,
                                        shape->d);
    }
  return AB_ATTN_OK;
}

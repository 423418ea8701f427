/* attn-simd.c — vectorised row primitives for the attention kernels
 *
 * The exponential is the Cephes expf polynomial (range reduction by ln 2,
 * degree-6 minimax polynomial, 2ⁿ built from the exponent bits), written with
 * GCC vector extensions so it runs 8 lanes at a time. On x86-64 each function
 * is cloned for x86-64-v3 (AVX2 + FMA) and the baseline, and the loader picks
 * one at start-up, so the binary stays portable (Flatpak) and fast.
 * Relative error is ~2 ulp over the range used here (x ≤ 0); inputs below
 * −87.3 (and −inf, i.e. masked scores) give exactly 0.
 */
#include "attn-private.h"

#include <string.h>

/* The 32-byte vectors never cross a call boundary (all helpers inline). */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC diagnostic ignored "-Wpsabi"
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
# define AB_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
# define AB_CLONES
#endif

typedef float v8sf __attribute__ ((vector_size (32)));
typedef int   v8si __attribute__ ((vector_size (32)));

#define AB_INLINE static inline __attribute__ ((always_inline))
#define SPLAT(c) (((v8sf) {0}) + (float) (c))
#define BLEND(mask, a, b) ((v8sf) (((mask) & (v8si) (a)) | (~(mask) & (v8si) (b))))

AB_INLINE v8sf
load8 (const float *p)
{
  v8sf v;
  memcpy (&v, p, sizeof v);
  return v;
}

#define store8(p, v) do { v8sf store8_tmp_ = (v); memcpy ((p), &store8_tmp_, sizeof store8_tmp_); } while (0)

/* In place, through a pointer: 32-byte vectors as by-value parameters make
 * GCC print ABI notes in the baseline clone. */
AB_INLINE void
vexp8 (v8sf *px)
{
  v8sf x = *px;
  v8si under = x < -87.33654f;
  x = BLEND (under, SPLAT (-87.33654f), x);
  x = BLEND (x > 88.0f, SPLAT (88.0f), x);

  /* n = round(x / ln 2) with the 1.5·2²³ trick: the integer lands in the
   * low mantissa bits. */
  v8sf fx = x * 1.44269504088896341f + 12582912.0f;
  v8si n = (v8si) fx - 0x4B400000;
  fx = fx - 12582912.0f;
  v8sf r = x - fx * 0.693359375f + fx * 2.12194440e-4f;

  v8sf r2 = r * r;
  v8sf p = r * 1.9875691500e-4f + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r2 + r + 1.0f;

  v8sf pow2n = (v8sf) ((n + 127) << 23);
  v8sf y = p * pow2n;
  *px = (v8sf) (~under & (v8si) y);
}

#define hsum8(v) (((v)[0] + (v)[4]) + ((v)[1] + (v)[5]) + (((v)[2] + (v)[6]) + ((v)[3] + (v)[7])))

AB_CLONES float
ab__row_max (const float *x, int n)
{
  v8sf acc = SPLAT (-INFINITY);
  int i = 0;
  for (; i + 8 <= n; i += 8)
    {
      v8sf v = load8 (x + i);
      acc = BLEND (v > acc, v, acc);
    }
  float m = -INFINITY;
  for (int c = 0; c < 8; c++)
    if (acc[c] > m)
      m = acc[c];
  for (; i < n; i++)
    if (x[i] > m)
      m = x[i];
  return m;
}

AB_CLONES float
ab__row_exp_sum (float *x, int n, float m)
{
  v8sf acc0 = SPLAT (0), acc1 = SPLAT (0);
  v8sf vm = SPLAT (m);
  int i = 0;
  for (; i + 16 <= n; i += 16)
    {
      v8sf e0 = load8 (x + i) - vm;
      v8sf e1 = load8 (x + i + 8) - vm;
      vexp8 (&e0);
      vexp8 (&e1);
      store8 (x + i, e0);
      store8 (x + i + 8, e1);
      acc0 += e0;
      acc1 += e1;
    }
  for (; i + 8 <= n; i += 8)
    {
      v8sf e = load8 (x + i) - vm;
      vexp8 (&e);
      store8 (x + i, e);
      acc0 += e;
    }
  if (i < n)
    {
      float tmp[8];
      int rest = n - i;
      for (int c = 0; c < 8; c++)
        tmp[c] = c < rest ? x[i + c] : -INFINITY;
      v8sf e = load8 (tmp) - vm;
      vexp8 (&e);
      store8 (tmp, e);
      memcpy (x + i, tmp, (size_t) rest * sizeof (float));
      acc1 += e;
    }
  v8sf acc = acc0 + acc1;
  return hsum8 (acc);
}

AB_CLONES void
ab__row_scale (float *x, int n, float a)
{
  int i = 0;
  for (; i + 8 <= n; i += 8)
    store8 (x + i, load8 (x + i) * a);
  for (; i < n; i++)
    x[i] *= a;
}

AB_CLONES void
ab__row_axpby (float *y, const float *x, int n, float a, float b)
{
  int i = 0;
  for (; i + 8 <= n; i += 8)
    store8 (y + i, load8 (y + i) * a + load8 (x + i) * b);
  for (; i < n; i++)
    y[i] = a * y[i] + b * x[i];
}

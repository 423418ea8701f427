/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-simd.c — vectorised row primitives for the attention kernels
 *
 * The exponential is attn-vexp.h's Cephes expf, written with GCC vector
 * extensions so it runs 16 lanes at a time. On x86-64 each function
 * is cloned for x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA) and the
 * baseline, and the loader picks
 * one at start-up, so the binary stays portable (Flatpak) and fast.
 * Relative error is ~2 ulp over the range used here (x ≤ 0); inputs below
 * −87.3 (and −inf, i.e. masked scores) give exactly 0.
 */
/* -std=c11 turns floating-point contraction off; the polynomial and the
 * axpby want fused multiply-adds (x86-64-v3/v4 have FMA). */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC optimize ("fp-contract=fast")
#endif

#include "attn-private.h"

#include <string.h>

/* The 32-byte vectors never cross a call boundary (all helpers inline). */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC diagnostic ignored "-Wpsabi"
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
# define AB_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
# define AB_CLONES
#endif

/* 16 lanes: one AVX-512 register, two AVX2 registers or four SSE ones —
 * GCC splits the generic vectors to whatever the clone's target has. */
#define W 16
typedef float vfloat __attribute__ ((vector_size (4 * W)));
typedef int   vint __attribute__ ((vector_size (4 * W)));

#define AB_INLINE static inline __attribute__ ((always_inline))
#define SPLAT(c) (((vfloat) {0}) + (float) (c))
#define BLEND(mask, a, b) ((vfloat) (((mask) & (vint) (a)) | (~(mask) & (vint) (b))))

AB_INLINE vfloat
vload (const float *p)
{
  vfloat v;
  memcpy (&v, p, sizeof v);
  return v;
}

#define vstore(p, v) do { vfloat vstore_tmp_ = (v); memcpy ((p), &vstore_tmp_, sizeof vstore_tmp_); } while (0)

#include "attn-vexp.h"

static inline float
hsum_arr (const float *a)
{
  float s = 0;
  for (int c = 0; c < W; c++)
    s += a[c];
  return s;
}


AB_CLONES float
ab__row_max (const float *x, int n)
{
  vfloat acc = SPLAT (-INFINITY);
  int i = 0;
  for (; i + W <= n; i += W)
    {
      vfloat v = vload (x + i);
      acc = BLEND (v > acc, v, acc);
    }
  float m = -INFINITY;
  for (int c = 0; c < W; c++)
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
  vfloat acc0 = SPLAT (0), acc1 = SPLAT (0);
  vfloat vm = SPLAT (m);
  int i = 0;
  for (; i + 2 * W <= n; i += 2 * W)
    {
      vfloat e0 = vload (x + i) - vm;
      vfloat e1 = vload (x + i + W) - vm;
      vexp (&e0);
      vexp (&e1);
      vstore (x + i, e0);
      vstore (x + i + W, e1);
      acc0 += e0;
      acc1 += e1;
    }
  for (; i + W <= n; i += W)
    {
      vfloat e = vload (x + i) - vm;
      vexp (&e);
      vstore (x + i, e);
      acc0 += e;
    }
  if (i < n)
    {
      float tmp[W];
      int rest = n - i;
      for (int c = 0; c < W; c++)
        tmp[c] = c < rest ? x[i + c] : -INFINITY;
      vfloat e = vload (tmp) - vm;
      vexp (&e);
      vstore (tmp, e);
      memcpy (x + i, tmp, (size_t) rest * sizeof (float));
      acc1 += e;
    }
  vfloat acc = acc0 + acc1;
  float lanes[W];
  memcpy (lanes, &acc, sizeof lanes);
  return hsum_arr (lanes);
}

AB_CLONES void
ab__row_scale (float *x, int n, float a)
{
  int i = 0;
  for (; i + W <= n; i += W)
    vstore (x + i, vload (x + i) * a);
  for (; i < n; i++)
    x[i] *= a;
}

AB_CLONES void
ab__row_axpby (float *y, const float *x, int n, float a, float b)
{
  int i = 0;
  for (; i + W <= n; i += W)
    vstore (y + i, vload (y + i) * a + vload (x + i) * b);
  for (; i < n; i++)
    y[i] = a * y[i] + b * x[i];
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-flash-micro.c — the FA2 inner loop of one Q tile, register-blocked
 *
 * meson.build compiles this file once per instruction set, with
 * AB_MICRO_ISA (the name: portable, avx2, avx512), AB_MICRO_VW (floats per
 * register: 4, 8, 16) and the matching -m flags. The code is written once,
 * with GCC vector extensions of VW lanes.
 *
 * Blocking. The score product S = Q_i K_jᵀ has a short inner dimension
 * (K = d = 64 or 128), where a general sgemm spends much of its time
 * packing. Here queries run across the vector lanes instead:
 *  - Q_i is packed once per Q tile, transposed and pre-scaled by 1/√d, in
 *    groups of QG = 3·VW queries: qp[g][c][lane] = scale·Q[g·QG + lane][c].
 *  - Scores: a block of KB = 4 keys × 3 vectors (12 accumulators) walks c
 *    over d, each step loading three Q vectors and broadcasting K[j][c] for
 *    four keys. K and V are read in place, row-major: nothing is packed.
 *    The block's result is Sᵀ: keys down, the group's queries across.
 *  - Softmax: with queries in lanes, the row max, the exponentials and the
 *    row sums of the online softmax are vertical vector operations, with no
 *    horizontal reduction; ℓ and m live in vectors too.
 *  - P·V: a block of RB = 6 queries × 2 vectors of d (12 accumulators)
 *    walks the keys, broadcasting P[i][j] (six consecutive floats of Pᵀ) and
 *    loading two vectors of the value row V[j]. The accumulators start from
 *    α·O (the online softmax's rescale) and go back to O once per K/V tile.
 * 12 accumulators + 3 operands fit AVX2's 16 registers; AVX-512 has room
 * to spare. Sᵀ for one group and one K/V tile (bc × QG floats) is sized to
 * stay in L1; the K/V tile and the Q tile's qp and O stay in L2.
 *
 * Padding. Rows are padded to a multiple of QG with zero queries, whose
 * outputs are never written back; keys past a multiple of KB take a
 * one-key block. Masked scores are −inf and give exactly 0 in vexp; a row
 * that has seen only masked keys keeps m = −inf, ℓ = 0 and gets O = 0 and
 * lse = −inf, like the OpenBLAS loop.
 */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC optimize ("fp-contract=fast")
# pragma GCC diagnostic ignored "-Wpsabi"
#endif

#include "attn-flash-micro.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifndef AB_MICRO_ISA
# error "AB_MICRO_ISA and AB_MICRO_VW come from meson.build"
#endif

#define VW AB_MICRO_VW
#define QV 3            /* query vectors per score block */
#define KB 4            /* keys per score block */
#define QG (QV * VW)    /* queries per group */
#define RB 6            /* queries per P·V block (QG is a multiple of 6) */
#define CV 2            /* d vectors per P·V block */

typedef float vfloat __attribute__ ((vector_size (4 * VW)));
typedef int   vint __attribute__ ((vector_size (4 * VW)));

#define AB_INLINE static inline __attribute__ ((always_inline))
/* not {0} + c: GCC keeps that addition (−0 + 0 is +0) */
#define SPLAT(c) vsplat ((float) (c))
#define BLEND(mask, a, b) ((vfloat) (((mask) & (vint) (a)) | (~(mask) & (vint) (b))))

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_ (a, b)
#define KERNEL CAT (ab__micro_, AB_MICRO_ISA)
#define STR_(x) #x
#define STR(x) STR_ (x)

AB_INLINE vfloat
vsplat (float x)
{
  vfloat v;
  for (int i = 0; i < VW; i++)
    v[i] = x;
  return v;
}

AB_INLINE vfloat
vload (const float *p)
{
  vfloat v;
  memcpy (&v, p, sizeof v);
  return v;
}

AB_INLINE void
vstore (float *p, vfloat v)
{
  memcpy (p, &v, sizeof v);
}

#include "attn-vexp.h"

static size_t
round16 (size_t n)
{
  return (n + 15) & ~(size_t) 15;
}

static int
pad_rows (int br)
{
  return (br + QG - 1) / QG * QG;
}

typedef struct
{
  float *qp, *oacc, *p, *m, *l, *alpha;
} Buffers;

static Buffers
buffers (float *buf, int br, int bc, int d)
{
  size_t rows = (size_t) pad_rows (br);
  Buffers b;
  b.qp = buf;
  b.oacc = b.qp + round16 (rows * d);
  b.p = b.oacc + round16 (rows * d);
  b.m = b.p + round16 ((size_t) bc * QG);
  b.l = b.m + round16 (rows);
  b.alpha = b.l + round16 (rows);
  return b;
}

static size_t
tile_floats (int br, int bc, int d)
{
  size_t rows = (size_t) pad_rows (br);
  return 2 * round16 (rows * d) + round16 ((size_t) bc * QG)
         + 2 * round16 (rows) + round16 (QG);
}

/* qp[g][c][lane] = scale · Q[g·QG + lane][c], zero past the tile's rows */
static void
pack_q (const AbMicroTile *t, float *qp)
{
  const int d = t->d, rows = pad_rows (t->br);
  for (int g = 0; g < rows / QG; g++)
    {
      float *dst = qp + (size_t) g * d * QG;
      for (int lane = 0; lane < QG; lane++)
        {
          int r = g * QG + lane;
          const float *src = t->q + (size_t) r * d;
          for (int c = 0; c < d; c++)
            dst[(size_t) c * QG + lane] = r < t->br ? src[c] * t->scale : 0.0f;
        }
    }
}

/* Sᵀ rows for nk keys (nk ≤ KB, a constant after inlining). */
AB_INLINE void
score_block (const float *qp, const float *k, int d, int nk, float *p)
{
  vfloat acc[KB][QV];
  _Pragma ("GCC unroll 16")
  for (int j = 0; j < nk; j++)
    _Pragma ("GCC unroll 16")
    for (int v = 0; v < QV; v++)
      acc[j][v] = SPLAT (0);
  for (int c = 0; c < d; c++)
    {
      vfloat a[QV];
      _Pragma ("GCC unroll 16")
      for (int v = 0; v < QV; v++)
        a[v] = vload (qp + (size_t) c * QG + v * VW);
      _Pragma ("GCC unroll 16")
      for (int j = 0; j < nk; j++)
        {
          vfloat b = SPLAT (k[(size_t) j * d + c]);
          _Pragma ("GCC unroll 16")
          for (int v = 0; v < QV; v++)
            acc[j][v] += a[v] * b;
        }
    }
  _Pragma ("GCC unroll 16")
  for (int j = 0; j < nk; j++)
    _Pragma ("GCC unroll 16")
    for (int v = 0; v < QV; v++)
      vstore (p + (size_t) j * QG + v * VW, acc[j][v]);
}

static void
scores (const float *qp, const float *k, int d, int bc, float *p)
{
  int j = 0;
  for (; j + KB <= bc; j += KB)
    score_block (qp, k + (size_t) j * d, d, KB, p + (size_t) j * QG);
  for (; j < bc; j++)
    score_block (qp, k + (size_t) j * d, d, 1, p + (size_t) j * QG);
}

/* −inf where key c0 + j is outside row (g·QG + lane)'s interval */
static void
mask_scores (float *p, int bc, int c0, const int *lo, const int *hi, int rows_left)
{
  for (int lane = 0; lane < QG && lane < rows_left; lane++)
    {
      int a = lo[lane] - c0, b = hi[lane] - c0;
      for (int j = 0; j < bc; j++)
        if (j < a || j > b)
          p[(size_t) j * QG + lane] = -INFINITY;
    }
}

/* The online-softmax update of one group: m, ℓ and α for its QG rows, and
 * Sᵀ replaced by P̃ᵀ = exp(Sᵀ − m_new). */
static void
softmax_update (float *p, int bc, float *m, float *l, float *alpha)
{
  for (int v = 0; v < QV; v++)
    {
      vfloat mx = SPLAT (-INFINITY);
      for (int j = 0; j < bc; j++)
        {
          vfloat s = vload (p + (size_t) j * QG + v * VW);
          mx = BLEND (s > mx, s, mx);
        }
      vfloat m_old = vload (m + v * VW);
      vfloat m_new = BLEND (mx > m_old, mx, m_old);
      /* a row that has seen only masked keys: exp(−inf − 0) = 0 */
      vfloat m_use = BLEND (m_new == SPLAT (-INFINITY), SPLAT (0), m_new);
      vfloat a = m_old - m_use;
      vexp (&a);
      vfloat sum0 = SPLAT (0), sum1 = SPLAT (0);
      int j = 0;
      for (; j + 2 <= bc; j += 2)
        {
          float *p0 = p + (size_t) j * QG + v * VW, *p1 = p0 + QG;
          vfloat e0 = vload (p0) - m_use, e1 = vload (p1) - m_use;
          vexp (&e0);
          vexp (&e1);
          vstore (p0, e0);
          vstore (p1, e1);
          sum0 += e0;
          sum1 += e1;
        }
      if (j < bc)
        {
          float *p0 = p + (size_t) j * QG + v * VW;
          vfloat e0 = vload (p0) - m_use;
          vexp (&e0);
          vstore (p0, e0);
          sum0 += e0;
        }
      vstore (l + v * VW, vload (l + v * VW) * a + sum0 + sum1);
      vstore (m + v * VW, m_new);
      vstore (alpha + v * VW, a);
    }
}

/* O rows [0, RB) × d columns [c, c + nv·VW) of the group:
 * O = α·O + P·V (or P·V on the first visited tile). nv ≤ CV. */
AB_INLINE void
pv_block (const float *p, int bc, const float *v, int d, int c, int nv,
          float *o, const float *alpha, int first)
{
  vfloat acc[RB][CV];
  _Pragma ("GCC unroll 16")
  for (int r = 0; r < RB; r++)
    _Pragma ("GCC unroll 16")
    for (int u = 0; u < nv; u++)
      acc[r][u] = first ? SPLAT (0)
                        : vload (o + (size_t) r * d + c + u * VW) * alpha[r];
  for (int j = 0; j < bc; j++)
    {
      vfloat b[CV];
      _Pragma ("GCC unroll 16")
      for (int u = 0; u < nv; u++)
        b[u] = vload (v + (size_t) j * d + c + u * VW);
      const float *pj = p + (size_t) j * QG;
      _Pragma ("GCC unroll 16")
      for (int r = 0; r < RB; r++)
        {
          vfloat a = SPLAT (pj[r]);
          _Pragma ("GCC unroll 16")
          for (int u = 0; u < nv; u++)
            acc[r][u] += a * b[u];
        }
    }
  _Pragma ("GCC unroll 16")
  for (int r = 0; r < RB; r++)
    _Pragma ("GCC unroll 16")
    for (int u = 0; u < nv; u++)
      vstore (o + (size_t) r * d + c + u * VW, acc[r][u]);
}

static void
pv (const float *p, int bc, const float *v, int d, float *o,
    const float *alpha, int first)
{
  for (int r = 0; r < QG; r += RB)
    {
      int c = 0;
      for (; c + CV * VW <= d; c += CV * VW)
        pv_block (p + r, bc, v, d, c, CV, o + (size_t) r * d, alpha + r, first);
      for (; c < d; c += VW)
        pv_block (p + r, bc, v, d, c, 1, o + (size_t) r * d, alpha + r, first);
    }
}

static void
tile (const AbMicroTile *t)
{
  const int d = t->d, rows = pad_rows (t->br);
  const int tc = (t->n_kv + t->bc - 1) / t->bc;
  Buffers b = buffers (t->buf, t->br, t->bc, d);

  pack_q (t, b.qp);
  for (int r = 0; r < rows; r++)
    {
      b.m[r] = -INFINITY;
      b.l[r] = 0.0f;
    }
  int first = 1;
  for (int kt = 0; kt < tc; kt++)
    {
      if (t->kinds[kt] == AB_MICRO_SKIP)
        continue;
      const int c0 = kt * t->bc;
      const int bc = c0 + t->bc <= t->n_kv ? t->bc : t->n_kv - c0;
      const float *kj = t->k + (size_t) c0 * d, *vj = t->v + (size_t) c0 * d;
      for (int g = 0; g < rows / QG; g++)
        {
          const int r0 = g * QG;
          scores (b.qp + (size_t) r0 * d, kj, d, bc, b.p);
          if (t->kinds[kt] == AB_MICRO_PARTIAL)
            mask_scores (b.p, bc, c0, t->lo + r0, t->hi + r0, t->br - r0);
          softmax_update (b.p, bc, b.m + r0, b.l + r0, b.alpha);
          pv (b.p, bc, vj, d, b.oacc + (size_t) r0 * d, b.alpha, first);
        }
      first = 0;
    }
  /* rows with ℓ = 0 (every tile skipped) never read oacc */
  ab__flash_finish_rows (t->br, d, b.oacc, b.m, b.l, t->o, t->lse);
}

const AbMicroKernel KERNEL = {
  .name = STR (AB_MICRO_ISA), .lanes = VW, .group = QG,
  .tile = tile, .floats = tile_floats,
};

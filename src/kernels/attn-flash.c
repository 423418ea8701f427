/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-flash.c — tiled FlashAttention forward, FA1 and FA2 loop orders
 *
 * FlashAttention (Dao, Fu, Ermon, Rudra, Ré; arXiv:2205.14135) never forms
 * the N_q × N_kv score matrix. Q is cut into T_r tiles of B_r rows and K, V
 * into T_c tiles of B_c rows; one B_r × B_c block of scores S = scale·Q_i K_jᵀ
 * lives in fast memory ("SRAM") at a time, and the online softmax
 * (Milakov & Gimelshein, arXiv:1805.02867) keeps, per query row, the running
 * max m and running sum ℓ = Σ exp(s − m), rescaling the partial output by
 * e^{m_old − m_new} whenever the max grows. The result is exact, not an
 * approximation; extra memory is O(tile), not O(N²).
 *
 * FA1 order (Algorithm 1 of the FA paper): the outer loop walks K/V tiles j;
 *   for each j the inner loop walks all Q tiles i, reads O_i, m_i, ℓ_i from
 *   the "HBM" arrays, folds in the block (with the block's own max m̃ and
 *   sum ℓ̃), and writes O_i (normalised by the new ℓ), m_i, ℓ_i back.
 *   O is read and written T_c times: IO Θ(T_c·N_q·d).
 * FA2 order (Dao, arXiv:2307.08691, Algorithm 1): the outer loop walks Q
 *   tiles i (the parallel dimension); O_i, m_i, ℓ_i stay in the tile buffer
 *   while all K/V tiles stream past; the division by ℓ is deferred to the
 *   end of the row, and only O_i and the logsumexp m + log ℓ are written.
 *
 * FA2 runs the register-blocked micro-kernel of attn-flash-micro.c where
 * the CPU has one for d (AVX2 or AVX-512 and d a multiple of its lanes).
 * Otherwise, and for FA1, tracing and the ring's blocks, both orders use
 * cblas_sgemm for S = scale·Q_i K_jᵀ and for P·V_j, and the vectorised exp
 * of attn-simd.c. Tiles entirely outside a causal/window mask are skipped
 * (so causal costs about half), and the IO model counts the same bytes
 * whichever inner loop runs.
 *
 * Default tiles come from the cache sizes (ab__flash_tiles): the
 * micro-kernel keeps one group's score block in half of L1 and the K/V tile
 * plus the Q tile's packed Q and output in three quarters of L2; the
 * OpenBLAS loop keeps its whole working set (Q_i, O_i, K_j, V_j, S) in
 * three quarters of L2.
 *
 * BF16 K/V (ab_flash_forward_bf16_kv): each thread widens one head of K and
 * V to floats when an item of a new head reaches it, then runs the same
 * loops; the IO model counts two bytes per K/V element.
 *
 * Threads: FA2 hands out (head, Q tile) items, heaviest (last) tiles first.
 * FA1 hands out (head, set of Q tiles) items and keeps the K/V-outer order
 * inside each. With a trace callback the kernel runs on one thread so the
 * steps arrive in algorithm order; without one, the trace costs one
 * well-predicted branch per tile.
 */
#include "attn-private.h"
#include "attn-flash-micro.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  float   *s;        /* B_r × B_c scores / probabilities */
  float   *oacc;     /* FA2: B_r × d unnormalised output */
  float   *m, *l;    /* FA2: running max and sum of the tile's rows */
  uint64_t rd, wr;   /* IO model, bytes */
  size_t   sram_peak;
  /* micro-kernel path: its buffer, and per Q tile the tile kinds and masks */
  float         *micro_buf;
  unsigned char *kinds;
  int           *lo, *hi;
  /* BF16 K/V: this thread's head of K and V widened to floats */
  float         *kv;
  int            kv_head;   /* the head kv holds, −1 for none */
} Work;

typedef struct
{
  AbFlashTraceFunc func;
  void            *data;
  const int       *rows;
  int              n_rows;
  float           *m, *l, *o;   /* snapshots of the traced rows */
  int              step;
} Tracer;

typedef struct
{
  int          nq, nkv, d, heads, br, bc, tr, tc;
  float        scale;
  AbMask       mask;
  const float *q, *k, *v;
  const uint16_t *k16, *v16;    /* BF16 K/V instead of k, v (or NULL) */
  int          kv_bytes;        /* 4, or 2 for BF16: the IO model's K/V */
  float       *o, *lse;
  float       *m_hbm, *l_hbm;   /* FA1: the running m, ℓ "in HBM" */
  int          fa1_chunks;      /* FA1: Q-tile sets per head */
  Work        *work;
  Tracer      *tracer;
  const AbMicroKernel *micro;   /* FA2 inner loop, or NULL for OpenBLAS */
} Flash;

/* ---- tiles and masks ---- */

/* AbMicroTileKind (attn-flash-micro.h): the micro-kernel reads the same kinds */
typedef AbMicroTileKind TileKind;

static TileKind
tile_kind (const Flash *f, int r0, int br, int c0, int bc)
{
  if (!ab__mask_active (&f->mask))
    return AB_MICRO_FULL;
  long lo_first, hi_first, lo_last, hi_last;
  ab__mask_interval (&f->mask, r0, &lo_first, &hi_first);
  ab__mask_interval (&f->mask, r0 + br - 1, &lo_last, &hi_last);
  if (c0 > hi_last || c0 + bc - 1 < lo_first)
    return AB_MICRO_SKIP;
  if (lo_last <= c0 && hi_first >= c0 + bc - 1 && lo_first <= hi_first)
    return AB_MICRO_FULL;
  return AB_MICRO_PARTIAL;
}

static void
mask_row (const Flash *f, float *row, int i, int c0, int bc)
{
  long lo, hi;
  ab__mask_interval (&f->mask, i, &lo, &hi);
  for (int j = 0; j < bc; j++)
    if (c0 + j < lo || c0 + j > hi)
      row[j] = -INFINITY;
}

static inline void
scores (const Flash *f, const float *qh, const float *kh, int r0, int br,
        int c0, int bc, float *s)
{
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, br, bc, f->d,
               f->scale, qh + (size_t) r0 * f->d, f->d,
               kh + (size_t) c0 * f->d, f->d, 0.0f, s, f->bc);
}

static inline size_t
sram_bytes (AbFlashOrder order, int br, int bc, int d)
{
  size_t rows = order == AB_FLASH_FA1 ? 4 : 2;
  return 4 * ((size_t) 2 * br * d + (size_t) 2 * bc * d + (size_t) br * bc + rows * br);
}

/* ---- trace ---- */

static void
trace_reset (Tracer *t, int d)
{
  for (int r = 0; r < t->n_rows; r++)
    {
      t->m[r] = -INFINITY;
      t->l[r] = 0.0f;
    }
  if (t->n_rows > 0)
    memset (t->o, 0, (size_t) t->n_rows * d * sizeof (float));
}

/* Copy the state of traced rows in [r0, r0+br) from (m, l, o) arrays indexed
 * by row − r0 (FA2 tile buffers) or by global row (FA1 HBM arrays: r0 = 0). */
static void
trace_snap (Tracer *t, int r0, int br, int base, const float *m,
            const float *l, const float *o, int d)
{
  for (int r = 0; r < t->n_rows; r++)
    {
      int i = t->rows[r];
      if (i < r0 || i >= r0 + br)
        continue;
      int idx = i - base;
      t->m[r] = m[idx];
      t->l[r] = l[idx];
      memcpy (t->o + (size_t) r * d, o + (size_t) idx * d, (size_t) d * sizeof (float));
    }
}

static void
trace_emit (const Flash *f, Work *w, AbFlashOrder order, AbFlashStepKind kind,
            int h, int qt, int kt, int partial, size_t sram)
{
  Tracer *t = f->tracer;
  if (sram > w->sram_peak)
    w->sram_peak = sram;
  int r0 = qt * f->br;
  AbFlashStep st = {
    .kind = kind, .order = order, .step = t->step++, .head = h,
    .q_tile = qt, .kv_tile = kt,
    .q_row0 = r0, .q_rows = r0 + f->br <= f->nq ? f->br : f->nq - r0,
    .kv_row0 = kt >= 0 ? kt * f->bc : 0,
    .kv_rows = kt >= 0 ? (kt * f->bc + f->bc <= f->nkv ? f->bc : f->nkv - kt * f->bc) : 0,
    .partial_mask = partial,
    .hbm_read_bytes = w->rd, .hbm_write_bytes = w->wr,
    .sram_bytes = sram, .sram_peak_bytes = w->sram_peak,
    .n_rows = t->n_rows, .rows = t->rows, .m = t->m, .l = t->l, .o = t->o,
    .d = f->d,
  };
  t->func (&st, t->data);
}

/* ---- FA2: one Q tile against every K/V tile ---- */

/* Head h's K and V as floats: the caller's arrays, or (BF16 K/V) this
 * thread's widened copy, made when its previous item was another head.
 * Items go out head by head, so a thread widens each head about once. */
static void
head_kv (const Flash *f, Work *w, int h, const float **kh, const float **vh)
{
  const size_t n = (size_t) f->nkv * f->d;

  if (f->k16 == NULL)
    {
      *kh = f->k + (size_t) h * n;
      *vh = f->v + (size_t) h * n;
      return;
    }
  if (w->kv_head != h)
    {
      ab_bf16_to_floats (w->kv, f->k16 + (size_t) h * n, n);
      ab_bf16_to_floats (w->kv + n, f->v16 + (size_t) h * n, n);
      w->kv_head = h;
    }
  *kh = w->kv;
  *vh = w->kv + n;
}

static void
fa2_tile (const Flash *f, Work *w, int h, int qt)
{
  const int d = f->d;
  const int r0 = qt * f->br;
  const int br = r0 + f->br <= f->nq ? f->br : f->nq - r0;
  const float *qh = f->q + (size_t) h * f->nq * d;
  const float *kh, *vh;
  float *s = w->s, *oacc = w->oacc, *m = w->m, *l = w->l;

  head_kv (f, w, h, &kh, &vh);
  for (int r = 0; r < br; r++)
    {
      m[r] = -INFINITY;
      l[r] = 0.0f;
    }
  /* O_acc needs no clearing: the first tile's P·V overwrites it (β = 0). */
  int first = 1;
  w->rd += 4 * (uint64_t) br * d;   /* load Q_i */

  for (int kt = 0; kt < f->tc; kt++)
    {
      const int c0 = kt * f->bc;
      const int bc = c0 + f->bc <= f->nkv ? f->bc : f->nkv - c0;
      TileKind kind = tile_kind (f, r0, br, c0, bc);
      if (kind == AB_MICRO_SKIP)
        continue;
      w->rd += (uint64_t) f->kv_bytes * 2 * bc * d;   /* load K_j, V_j */

      scores (f, qh, kh, r0, br, c0, bc, s);
      for (int r = 0; r < br; r++)
        {
          float *row = s + (size_t) r * f->bc;
          if (kind == AB_MICRO_PARTIAL)
            mask_row (f, row, r0 + r, c0, bc);
          float mt = ab__row_max (row, bc);
          float m_new = mt > m[r] ? mt : m[r];
          if (m_new == -INFINITY)
            {
              memset (row, 0, (size_t) bc * sizeof (float));
              continue;
            }
          float alpha = expf (m[r] - m_new);   /* 0 on the row's first tile */
          float rs = ab__row_exp_sum (row, bc, m_new);
          l[r] = l[r] * alpha + rs;
          if (alpha != 1.0f && !first)
            ab__row_scale (oacc + (size_t) r * d, d, alpha);
          m[r] = m_new;
        }
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, br, d, bc,
                   1.0f, s, f->bc, vh + (size_t) c0 * d, d, first ? 0.0f : 1.0f, oacc, d);
      first = 0;

      if (__builtin_expect (f->tracer != NULL, 0))
        {
          trace_snap (f->tracer, r0, br, r0, m, l, oacc, d);
          trace_emit (f, w, AB_FLASH_FA2, AB_FLASH_STEP_TILE, h, qt, kt,
                      kind == AB_MICRO_PARTIAL, sram_bytes (AB_FLASH_FA2, br, bc, d));
        }
      else
        {
          size_t sb = sram_bytes (AB_FLASH_FA2, br, bc, d);
          if (sb > w->sram_peak)
            w->sram_peak = sb;
        }
    }

  /* Deferred rescale: O_i = O_acc / ℓ, lse = m + log ℓ. */
  float *oh = f->o + ((size_t) h * f->nq + r0) * d;
  ab__flash_finish_rows (br, d, oacc, m, l, oh, f->lse ? f->lse + (size_t) h * f->nq + r0 : NULL);
  w->wr += 4 * ((uint64_t) br * d + br);   /* store O_i, lse_i */

  if (__builtin_expect (f->tracer != NULL, 0))
    {
      trace_snap (f->tracer, r0, br, r0, m, l, oh, d);
      trace_emit (f, w, AB_FLASH_FA2, AB_FLASH_STEP_FINALIZE, h, qt, -1, 0,
                  4 * ((size_t) br * d + 2 * (size_t) br));
    }
}

void
ab__flash_finish_rows (int br, int d, const float *oacc, const float *m,
                       const float *l, float *o, float *lse)
{
  for (int r = 0; r < br; r++)
    {
      float *dst = o + (size_t) r * d;
      if (l[r] > 0.0f)
        {
          float inv = 1.0f / l[r];
          for (int c = 0; c < d; c++)
            dst[c] = oacc[(size_t) r * d + c] * inv;
        }
      else   /* a row that saw only masked keys */
        memset (dst, 0, (size_t) d * sizeof (float));
      if (lse)
        lse[r] = l[r] > 0.0f ? m[r] + logf (l[r]) : -INFINITY;
    }
}

/* ---- FA2 with the micro-kernel: the same tiles and IO model ---- */

static void
fa2_tile_micro (const Flash *f, Work *w, int h, int qt)
{
  const int d = f->d;
  const int r0 = qt * f->br;
  const int br = r0 + f->br <= f->nq ? f->br : f->nq - r0;
  const float *kh, *vh;
  int partial = 0;

  head_kv (f, w, h, &kh, &vh);

  w->rd += 4 * (uint64_t) br * d;   /* load Q_i */
  for (int kt = 0; kt < f->tc; kt++)
    {
      const int c0 = kt * f->bc;
      const int bc = c0 + f->bc <= f->nkv ? f->bc : f->nkv - c0;
      TileKind kind = tile_kind (f, r0, br, c0, bc);
      w->kinds[kt] = (unsigned char) kind;
      if (kind == AB_MICRO_SKIP)
        continue;
      partial |= kind == AB_MICRO_PARTIAL;
      w->rd += (uint64_t) f->kv_bytes * 2 * bc * d;   /* load K_j, V_j */
      size_t sb = sram_bytes (AB_FLASH_FA2, br, bc, d);
      if (sb > w->sram_peak)
        w->sram_peak = sb;
    }
  if (partial)
    for (int r = 0; r < br; r++)
      {
        long lo, hi;
        ab__mask_interval (&f->mask, r0 + r, &lo, &hi);
        w->lo[r] = (int) lo;
        w->hi[r] = (int) hi;
      }
  AbMicroTile t = {
    .d = d, .br = br, .bc = f->bc, .n_kv = f->nkv, .scale = f->scale,
    .q = f->q + ((size_t) h * f->nq + r0) * d,
    .k = kh, .v = vh,
    .kinds = w->kinds, .lo = w->lo, .hi = w->hi,
    .o = f->o + ((size_t) h * f->nq + r0) * d,
    .lse = f->lse ? f->lse + (size_t) h * f->nq + r0 : NULL,
    .buf = w->micro_buf,
  };
  f->micro->tile (&t);
  w->wr += 4 * ((uint64_t) br * d + br);   /* store O_i, lse_i */
}

/* ---- FA1: a set of Q tiles, K/V tiles outer ---- */

static void
fa1_chunk (const Flash *f, Work *w, int h, int chunk)
{
  const int d = f->d;
  const float *qh = f->q + (size_t) h * f->nq * d;
  const float *kh = f->k + (size_t) h * f->nkv * d;
  const float *vh = f->v + (size_t) h * f->nkv * d;
  float *oh = f->o + (size_t) h * f->nq * d;
  float *mh = f->m_hbm + (size_t) h * f->nq;
  float *lh = f->l_hbm + (size_t) h * f->nq;
  float *s = w->s;

  /* Initialise O = 0, m = −inf, ℓ = 0 in HBM for our Q tiles. */
  for (int qt = chunk; qt < f->tr; qt += f->fa1_chunks)
    {
      int r0 = qt * f->br, br = r0 + f->br <= f->nq ? f->br : f->nq - r0;
      memset (oh + (size_t) r0 * d, 0, (size_t) br * d * sizeof (float));
      for (int r = r0; r < r0 + br; r++)
        {
          mh[r] = -INFINITY;
          lh[r] = 0.0f;
        }
      w->wr += 4 * ((uint64_t) br * d + 2 * (uint64_t) br);
    }

  for (int kt = 0; kt < f->tc; kt++)
    {
      const int c0 = kt * f->bc;
      const int bc = c0 + f->bc <= f->nkv ? f->bc : f->nkv - c0;
      int loaded = 0;

      for (int qt = chunk; qt < f->tr; qt += f->fa1_chunks)
        {
          const int r0 = qt * f->br;
          const int br = r0 + f->br <= f->nq ? f->br : f->nq - r0;
          TileKind kind = tile_kind (f, r0, br, c0, bc);
          if (kind == AB_MICRO_SKIP)
            continue;
          if (!loaded)
            {
              w->rd += 4 * (uint64_t) 2 * bc * d;   /* load K_j, V_j once per j */
              loaded = 1;
            }
          /* load Q_i, O_i, m_i, ℓ_i */
          w->rd += 4 * ((uint64_t) 2 * br * d + 2 * (uint64_t) br);

          scores (f, qh, kh, r0, br, c0, bc, s);
          for (int r = 0; r < br; r++)
            {
              float *row = s + (size_t) r * f->bc;
              float *orow = oh + (size_t) (r0 + r) * d;
              if (kind == AB_MICRO_PARTIAL)
                mask_row (f, row, r0 + r, c0, bc);
              float mt = ab__row_max (row, bc);        /* m̃ */
              if (mt == -INFINITY)
                {
                  memset (row, 0, (size_t) bc * sizeof (float));
                  continue;   /* nothing new for this row: O_i, m_i, ℓ_i unchanged */
                }
              float lt = ab__row_exp_sum (row, bc, mt); /* P̃ = e^{S−m̃}, ℓ̃ */
              float mi = mh[r0 + r], li = lh[r0 + r];
              float m_new = mi > mt ? mi : mt;
              float ea = expf (mi - m_new), eb = expf (mt - m_new);
              float l_new = ea * li + eb * lt;
              /* O_i ← diag(ℓ_new)⁻¹ (diag(ℓ_i) e^{m_i−m_new} O_i + e^{m̃−m_new} P̃ V_j) */
              float a = ea * li / l_new;
              if (a != 1.0f)
                ab__row_scale (orow, d, a);
              ab__row_scale (row, bc, eb / l_new);
              mh[r0 + r] = m_new;
              lh[r0 + r] = l_new;
            }
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, br, d, bc,
                       1.0f, s, f->bc, vh + (size_t) c0 * d, d, 1.0f,
                       oh + (size_t) r0 * d, d);
          w->wr += 4 * ((uint64_t) br * d + 2 * (uint64_t) br);   /* store O_i, m_i, ℓ_i */

          size_t sb = sram_bytes (AB_FLASH_FA1, br, bc, d);
          if (__builtin_expect (f->tracer != NULL, 0))
            {
              trace_snap (f->tracer, r0, br, 0, mh, lh, oh, d);
              trace_emit (f, w, AB_FLASH_FA1, AB_FLASH_STEP_TILE, h, qt, kt,
                          kind == AB_MICRO_PARTIAL, sb);
            }
          else if (sb > w->sram_peak)
            w->sram_peak = sb;
        }
    }

  /* logsumexp from the final m, ℓ */
  for (int qt = chunk; qt < f->tr; qt += f->fa1_chunks)
    {
      int r0 = qt * f->br, br = r0 + f->br <= f->nq ? f->br : f->nq - r0;
      if (f->lse)
        for (int r = r0; r < r0 + br; r++)
          f->lse[(size_t) h * f->nq + r] = lh[r] > 0.0f ? mh[r] + logf (lh[r]) : -INFINITY;
      w->rd += 4 * 2 * (uint64_t) br;
      w->wr += 4 * (uint64_t) br;
      if (__builtin_expect (f->tracer != NULL, 0))
        trace_emit (f, w, AB_FLASH_FA1, AB_FLASH_STEP_FINALIZE, h, qt, -1, 0,
                    4 * (2 * (size_t) br));
    }
}

/* ---- default tiles from the cache sizes ---- */

static int
clamp_down (long x, int lo, int hi, int multiple)
{
  if (x > hi)
    x = hi;
  x -= x % multiple;
  return x < lo ? lo : (int) x;
}

void
ab__flash_tiles (int d, const AbMicroKernel *micro, int *br, int *bc)
{
  long l1 = sysconf (_SC_LEVEL1_DCACHE_SIZE), l2 = sysconf (_SC_LEVEL2_CACHE_SIZE);
  if (l1 <= 0)
    l1 = 32 * 1024;   /* what every x86 core of the last decade has */
  if (l2 <= 0)
    l2 = 512 * 1024;
  long budget = l2 / 4 * 3;
  if (micro)
    {
      /* one group's scores (bc × group floats) in half of L1 */
      *bc = clamp_down (l1 / 2 / (4L * micro->group), 16, 512, 4);
      /* K_j, V_j, then packed Q_i and O_i (2·br·d floats) in the rest */
      long rest = budget - 8L * *bc * d;
      *br = clamp_down (rest / (8L * d), micro->group, 256, micro->group);
    }
  else
    {
      /* B_c = 2·B_r, 4·(2·B_r·d + 2·B_c·d + B_r·B_c) = 8·B_r·(3d + B_r) bytes */
      int r = 32;
      while (r < 256 && 8L * (r + 32) * (3L * d + r + 32) <= budget)
        r += 32;
      *br = r;
      *bc = 2 * r;
    }
}

/* ---- drivers ---- */

typedef struct
{
  Flash *f;
  int    trace_order;   /* walk items in algorithm order (tracing) */
} Job;

static void
fa2_item (void *data, int worker, long item)
{
  Job *job = data;
  Flash *f = job->f;
  int h = (int) (item / f->tr);
  int qt = (int) (item % f->tr);
  if (!job->trace_order)
    qt = f->tr - 1 - qt;   /* last Q tiles have the most unmasked keys */
  if (f->tracer && qt == 0)
    trace_reset (f->tracer, f->d);
  if (f->micro)
    fa2_tile_micro (f, &f->work[worker], h, qt);
  else
    fa2_tile (f, &f->work[worker], h, qt);
}

static void
fa1_item (void *data, int worker, long item)
{
  Job *job = data;
  Flash *f = job->f;
  int h = (int) (item / f->fa1_chunks);
  int chunk = (int) (item % f->fa1_chunks);
  if (f->tracer)
    trace_reset (f->tracer, f->d);
  fa1_chunk (f, &f->work[worker], h, chunk);
}

/* Both entries: float K/V (k, v) or BF16 K/V (k16, v16), already checked
 * for NULL and non-finite entries by the caller. */
static AbAttnStatus
flash_run (const AbAttnShape *shape, int heads, const float *q, const float *k,
           const float *v, const uint16_t *k16, const uint16_t *v16, float *o, float *lse,
           const AbAttnOptions *opts, AbAttnStats *stats, AbAttnError *err)
{
  AbAttnOptions none = { 0 };
  if (!opts)
    opts = &none;
  if (opts->block_q < 0 || opts->block_k < 0)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "tile sizes must be positive");
  if (opts->trace && opts->n_trace_rows > 0 && !opts->trace_rows)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "trace_rows is NULL");
  for (int r = 0; opts->trace && r < opts->n_trace_rows; r++)
    if (opts->trace_rows[r] < 0 || opts->trace_rows[r] >= shape->n_q)
      return ab__attn_fail (err, AB_ATTN_E_INVALID,
                            "trace row %d is outside 0..%d", opts->trace_rows[r],
                            shape->n_q - 1);
  AbFlashOrder order = opts->order == AB_FLASH_FA1 ? AB_FLASH_FA1 : AB_FLASH_FA2;
  if (k16 && order == AB_FLASH_FA1)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "BF16 K/V needs the FA2 loop order");
  const AbMicroKernel *micro = order == AB_FLASH_FA2 && !opts->trace
                               ? ab__micro_pick (shape->d) : NULL;
  int def_br, def_bc;
  ab__flash_tiles (shape->d, micro, &def_br, &def_bc);
  Flash f = {
    .nq = shape->n_q, .nkv = shape->n_kv, .d = shape->d, .heads = heads,
    .br = opts->block_q > 0 ? opts->block_q : def_br,
    .bc = opts->block_k > 0 ? opts->block_k : def_bc,
    .scale = ab__attn_scale (shape),
    .mask = { shape->causal, shape->window, (long) shape->n_kv - shape->n_q, 0, shape->n_kv },
    .q = q, .k = k, .v = v, .k16 = k16, .v16 = v16, .kv_bytes = k16 ? 2 : 4,
    .o = o, .lse = lse,
    .micro = micro,
  };
  if (f.br > f.nq)
    f.br = f.nq;
  if (f.bc > f.nkv)
    f.bc = f.nkv;
  f.tr = (f.nq + f.br - 1) / f.br;
  f.tc = (f.nkv + f.bc - 1) / f.bc;

  int threads = opts->trace ? 1 : ab__attn_threads (opts);
  long items;
  if (order == AB_FLASH_FA2)
    items = (long) heads * f.tr;
  else
    {
      int per_head = heads >= threads ? 1 : (threads + heads - 1) / heads;
      f.fa1_chunks = per_head < f.tr ? per_head : f.tr;
      if (opts->trace)
        f.fa1_chunks = 1;
      items = (long) heads * f.fa1_chunks;
    }
  if (threads > items)
    threads = (int) items;

  /* Everything we allocate, checked against the budget first. Each
   * thread's buffers start on their own 64-byte line (no false sharing). */
  size_t work_bytes;
  if (micro)
    work_bytes = micro->floats (f.br, f.bc, f.d) * sizeof (float)
                 + 2 * (size_t) f.br * sizeof (int) + (size_t) f.tc;
  else
    work_bytes = ((size_t) f.br * f.bc
                  + (order == AB_FLASH_FA2 ? (size_t) f.br * f.d + 2 * (size_t) f.br : 0))
                 * sizeof (float);
  /* BF16 K/V: one head of K and V widened, rounded up to whole lines */
  size_t kv_room = k16 ? (2 * (size_t) f.nkv * f.d * sizeof (float) + 63) & ~(size_t) 63 : 0;
  work_bytes += kv_room;
  work_bytes = (work_bytes + 63) & ~(size_t) 63;
  size_t hbm_state = order == AB_FLASH_FA1 ? 2 * (size_t) heads * f.nq * sizeof (float) : 0;
  int n_tr = opts->trace ? opts->n_trace_rows : 0;
  size_t trace_bytes = opts->trace ? (size_t) n_tr * (f.d + 2) * sizeof (float) : 0;
  size_t need = (size_t) threads * (work_bytes + sizeof (Work))
                + hbm_state + trace_bytes;
  size_t budget = ab__attn_budget (opts);
  if (need > budget)
    return ab__attn_budget_fail (err, "flash attention's tile buffers", need, budget);

  Work *work = calloc ((size_t) threads, sizeof *work);
  char *pool = aligned_alloc (64, (size_t) threads * work_bytes);
  float *state = hbm_state ? malloc (hbm_state) : NULL;
  float *tbuf = trace_bytes ? malloc (trace_bytes) : NULL;
  if (!work || !pool || (hbm_state && !state) || (trace_bytes && !tbuf))
    {
      free (work);
      free (pool);
      free (state);
      free (tbuf);
      return ab__attn_fail (err, AB_ATTN_E_NOMEM, "could not allocate %zu bytes of tile buffers", need);
    }
  for (int t = 0; t < threads; t++)
    {
      char *base = pool + (size_t) t * work_bytes;
      work[t].kv_head = -1;
      if (kv_room)
        {
          /* whole lines, so the buffers after it keep the pool's alignment */
          work[t].kv = (float *) base;
          base += kv_room;
        }
      if (micro)
        {
          /* the float buffer first, so it keeps the pool's alignment */
          work[t].micro_buf = (float *) base;
          base += micro->floats (f.br, f.bc, f.d) * sizeof (float);
          work[t].lo = (int *) base;
          work[t].hi = work[t].lo + f.br;
          work[t].kinds = (unsigned char *) (work[t].hi + f.br);
          continue;
        }
      float *p = (float *) base;
      work[t].s = p;
      p += (size_t) f.br * f.bc;
      if (order == AB_FLASH_FA2)
        {
          work[t].oacc = p;
          p += (size_t) f.br * f.d;
          work[t].m = p;
          work[t].l = p + f.br;
        }
    }
  f.work = work;
  if (state)
    {
      f.m_hbm = state;
      f.l_hbm = state + (size_t) heads * f.nq;
    }

  Tracer tracer = { 0 };
  if (opts->trace)
    {
      tracer = (Tracer) {
        .func = opts->trace, .data = opts->trace_data,
        .rows = opts->trace_rows, .n_rows = n_tr,
        .m = tbuf, .l = tbuf ? tbuf + n_tr : NULL, .o = tbuf ? tbuf + 2 * n_tr : NULL,
      };
      f.tracer = &tracer;
    }

  ab__blas_threads (1);
  Job job = { &f, opts->trace != NULL };
  ab__parallel_for (threads, items, order == AB_FLASH_FA2 ? fa2_item : fa1_item, &job);

  if (stats)
    {
      memset (stats, 0, sizeof *stats);
      stats->extra_bytes = need;
      stats->threads_used = threads;
      stats->block_q = f.br;
      stats->block_k = f.bc;
      stats->inner = micro ? micro->name : "blas";
      for (int t = 0; t < threads; t++)
        {
          stats->hbm_read_bytes += work[t].rd;
          stats->hbm_write_bytes += work[t].wr;
          if (work[t].sram_peak > stats->sram_peak_bytes)
            stats->sram_peak_bytes = work[t].sram_peak;
        }
    }
  free (work);
  free (pool);
  free (state);
  free (tbuf);
  return AB_ATTN_OK;
}

AbAttnStatus
ab_flash_forward (const AbAttnShape *shape, int heads, const float *q,
                  const float *k, const float *v, float *o, float *lse,
                  const AbAttnOptions *opts, AbAttnStats *stats,
                  AbAttnError *err)
{
  AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, o, err);
  if (st == AB_ATTN_OK)
    st = ab__attn_check_finite (shape, heads, q, k, v, err);
  if (st != AB_ATTN_OK)
    return st;
  return flash_run (shape, heads, q, k, v, NULL, NULL, o, lse, opts, stats, err);
}

AbAttnStatus
ab_flash_forward_bf16_kv (const AbAttnShape *shape, int heads, const float *q,
                          const uint16_t *k, const uint16_t *v, float *o, float *lse,
                          const AbAttnOptions *opts, AbAttnStats *stats, AbAttnError *err)
{
  AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, o, err);
  if (st == AB_ATTN_OK)
    st = ab__attn_check_finite (shape, heads, q, NULL, NULL, err);
  if (st == AB_ATTN_OK)
    st = ab__attn_check_finite_bf16 (shape, heads, k, v, err);
  if (st != AB_ATTN_OK)
    return st;
  return flash_run (shape, heads, q, NULL, NULL, k, v, o, lse, opts, stats, err);
}

/* ---- blockwise entry for ring attention ---- */

size_t
ab__flash2_block_floats (int br, int bc, int d)
{
  return (size_t) br * bc + (size_t) br * d + 2 * (size_t) br;
}

int
ab__flash2_block (int n_q, int n_kv, int d, float scale, const AbMask *mask,
                  int br, int bc, const float *q, const float *k,
                  const float *v, float *o, float *lse, float *buf)
{
  Flash f = {
    .nq = n_q, .nkv = n_kv, .d = d, .heads = 1,
    .br = br < n_q ? br : n_q, .bc = bc < n_kv ? bc : n_kv,
    .scale = scale, .mask = *mask,
    .q = q, .k = k, .v = v, .o = o, .lse = lse,
  };
  f.mask.n_kv = n_kv;
  f.tr = (f.nq + f.br - 1) / f.br;
  f.tc = (f.nkv + f.bc - 1) / f.bc;
  /* buffers laid out for the caller's (br, bc), which are ≥ ours */
  Work w = { .s = buf, .oacc = buf + (size_t) br * bc };
  w.m = w.oacc + (size_t) br * d;
  w.l = w.m + br;
  for (int qt = 0; qt < f.tr; qt++)
    fa2_tile (&f, &w, 0, qt);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-backward.c — FlashAttention backward pass in the FA2 order
 *
 * With S = scale·QKᵀ (masked), P = softmax(S) and O = PV, the gradients of a
 * loss with dL/dO = dO are (FA1 paper, arXiv:2205.14135, Appendix B.2):
 *   dV = Pᵀ dO,  dP = dO Vᵀ,  dS = P ∘ (dP − D) with D = rowsum(dO ∘ O),
 *   dQ = scale·dS K,  dK = scale·dSᵀ Q.
 * The standard backward (FA1 Algorithm 3) reads the N_q × N_kv matrix P the
 * forward stored and writes dP and dS to memory: seven N² passes. The
 * FlashAttention backward stores nothing of size N²: the forward kept only
 * O and the logsumexp L of each row, so every tile recomputes
 * S_ij = scale·Q_i K_jᵀ and P_ij = exp(S_ij − L_i) (exactly the normalised
 * probabilities, no running max needed) and consumes them at once.
 *
 * Loop order: FA2 (Dao, arXiv:2307.08691, Algorithm 2). The outer loop
 * walks K/V tiles j, keeping K_j, V_j and the accumulators dK_j, dV_j on
 * chip; the inner loop streams Q_i, dO_i, L_i, D_i past and adds dS K_j to
 * dQ_i in "HBM" (a read-modify-write per tile, FA2's atomic add). Before it,
 * one pass computes D; FA2's Algorithm 2 also lists O_i among the inner
 * loop's loads, but once D exists O is not needed there and we do not
 * count it.
 *
 * Threads: items are (head, set of K/V tiles); sets interleave tiles
 * (j ≡ c mod C) so causal work stays balanced. Set 0 adds into dQ, set c > 0
 * into its own zeroed partial, and a last pass adds the partials in order,
 * so the result does not depend on scheduling. Each worker calls sgemm on
 * its own tiles with OpenBLAS set to one thread, as in attn-flash.c.
 *
 * The IO counters follow the forward's model: bytes between the arrays and
 * the tile buffers (fp32, row vectors included), per array.
 * ab_flash_backward_model() computes the same counters without running.
 */
#include "attn-private.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

/* Backward tiles: the working set (K_j, V_j, dK_j, dV_j, Q_i, dO_i, dQ_i,
 * P and dS tiles) at 128 × 256 and d = 128 is 0.94 MiB, inside the 2 MiB
 * per-core L2 that the forward's 256 × 512 default was sized for; at
 * 256 × 512 it would be 2.4 MiB. */
#define BWD_BLOCK_Q 128
#define BWD_BLOCK_K 256

typedef struct
{
  float   *p;          /* B_r × B_c: S, then P */
  float   *ds;         /* B_r × B_c: dP, then dS */
  float   *dk, *dv;    /* B_c × d: accumulators of the resident K/V tile */
  uint64_t rd[AB_BWD_N_ARRAYS], wr[AB_BWD_N_ARRAYS];   /* elements */
  uint64_t flops, rflops, tiles, skipped;
  size_t   sram_peak;
} Work;

typedef struct
{
  int          nq, nkv, d, heads, br, bc, tr, tc, chunks;
  float        scale;
  AbMask       mask;
  const float *q, *k, *v, *o, *dout, *lse;
  float       *dq, *dk, *dv;
  float       *delta;     /* D, [H, N_q] */
  float       *dq_part;   /* chunks − 1 partial dQ arrays, each [H, N_q, d] */
  Work        *work;
} Back;

/* ---- tiles and masks (the same classification as attn-flash.c) ---- */

typedef enum { TILE_SKIP, TILE_FULL, TILE_PARTIAL } TileKind;

static TileKind
tile_kind (const AbMask *mk, int r0, int br, int c0, int bc)
{
  if (!ab__mask_active (mk))
    return TILE_FULL;
  long lo_first, hi_first, lo_last, hi_last;
  ab__mask_interval (mk, r0, &lo_first, &hi_first);
  ab__mask_interval (mk, r0 + br - 1, &lo_last, &hi_last);
  if (c0 > hi_last || c0 + bc - 1 < lo_first)
    return TILE_SKIP;
  if (lo_last <= c0 && hi_first >= c0 + bc - 1 && lo_first <= hi_first)
    return TILE_FULL;
  return TILE_PARTIAL;
}

static inline int
rows_of (int i, int b, int n)
{
  return i * b + b <= n ? b : n - i * b;
}

/* Tile buffers resident while one (Q tile, K/V tile) pair is processed:
 * matrices at mat bytes per entry, the row vectors L_i and D_i fp32. */
static size_t
sram_bytes (int br, int bc, int d, int mat)
{
  return (size_t) mat * ((size_t) 4 * bc * d + (size_t) 3 * br * d + (size_t) 2 * br * bc)
         + 4 * (size_t) 2 * br;
}

/* ---- phase 1: D = rowsum(dO ∘ O), dQ (and its partials) = 0 ---- */

static void
pre_item (void *data, int worker, long item)
{
  const Back *b = data;
  Work *w = &b->work[worker];
  const int d = b->d, h = (int) (item / b->tr), qt = (int) (item % b->tr);
  const int r0 = qt * b->br, br = rows_of (qt, b->br, b->nq);
  const size_t base = ((size_t) h * b->nq + r0) * d;

  for (int r = 0; r < br; r++)
    {
      const float *o = b->o + base + (size_t) r * d, *g = b->dout + base + (size_t) r * d;
      double acc = 0;   /* N·d work: double costs nothing and keeps dP − D exact-ish */
      for (int c = 0; c < d; c++)
        acc += (double) o[c] * (double) g[c];
      b->delta[(size_t) h * b->nq + r0 + r] = (float) acc;
    }
  w->rd[AB_BWD_O] += (uint64_t) br * d;
  w->rd[AB_BWD_DO] += (uint64_t) br * d;
  w->wr[AB_BWD_D] += (uint64_t) br;

  memset (b->dq + base, 0, (size_t) br * d * sizeof (float));
  for (int c = 1; c < b->chunks; c++)
    memset (b->dq_part + (size_t) (c - 1) * b->heads * b->nq * d + base, 0,
            (size_t) br * d * sizeof (float));
  w->wr[AB_BWD_DQ] += (uint64_t) b->chunks * br * d;
}

/* ---- phase 2: one head, K/V tiles j ≡ chunk (mod chunks) ---- */

static void
kv_tile (const Back *b, Work *w, int h, int kt, float *dqh)
{
  const int d = b->d, ld = b->bc;
  const int c0 = kt * b->bc, bc = rows_of (kt, b->bc, b->nkv);
  const float *qh = b->q + (size_t) h * b->nq * d;
  const float *kj = b->k + ((size_t) h * b->nkv + c0) * d;
  const float *vj = b->v + ((size_t) h * b->nkv + c0) * d;
  const float *doh = b->dout + (size_t) h * b->nq * d;
  const float *lh = b->lse + (size_t) h * b->nq;
  const float *dh = b->delta + (size_t) h * b->nq;
  float *p = w->p, *ds = w->ds;
  int loaded = 0;

  memset (w->dk, 0, (size_t) bc * d * sizeof (float));
  memset (w->dv, 0, (size_t) bc * d * sizeof (float));

  for (int qt = 0; qt < b->tr; qt++)
    {
      const int r0 = qt * b->br, br = rows_of (qt, b->br, b->nq);
      TileKind kind = tile_kind (&b->mask, r0, br, c0, bc);
      if (kind == TILE_SKIP)
        {
          w->skipped++;
          continue;
        }
      if (!loaded)
        {
          w->rd[AB_BWD_K] += (uint64_t) bc * d;
          w->rd[AB_BWD_V] += (uint64_t) bc * d;
          loaded = 1;
        }
      w->rd[AB_BWD_Q] += (uint64_t) br * d;
      w->rd[AB_BWD_DO] += (uint64_t) br * d;
      w->rd[AB_BWD_LSE] += (uint64_t) br;
      w->rd[AB_BWD_D] += (uint64_t) br;
      w->rd[AB_BWD_DQ] += (uint64_t) br * d;
      w->wr[AB_BWD_DQ] += (uint64_t) br * d;

      const float *qi = qh + (size_t) r0 * d, *doi = doh + (size_t) r0 * d;

      /* S = scale·Q_i K_jᵀ, then P = exp(S − L): the recomputation */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, br, bc, d, b->scale,
                   qi, d, kj, d, 0.0f, p, ld);
      for (int r = 0; r < br; r++)
        {
          float *row = p + (size_t) r * ld;
          float l = lh[r0 + r];
          if (l == -INFINITY)
            {
              /* a row that sees no key: its P is empty */
              memset (row, 0, (size_t) bc * sizeof (float));
              continue;
            }
          if (kind == TILE_PARTIAL)
            {
              long lo, hi;
              ab__mask_interval (&b->mask, r0 + r, &lo, &hi);
              for (int c = 0; c < bc; c++)
                if (c0 + c < lo || c0 + c > hi)
                  row[c] = -INFINITY;
            }
          ab__row_exp_sum (row, bc, l);   /* exp(−inf − L) is exactly 0 */
        }

      /* dV_j += Pᵀ dO_i */
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, bc, d, br, 1.0f,
                   p, ld, doi, d, 1.0f, w->dv, d);
      /* dP = dO_i V_jᵀ */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, br, bc, d, 1.0f,
                   doi, d, vj, d, 0.0f, ds, ld);
      /* dS = P ∘ (dP − D_i) */
      for (int r = 0; r < br; r++)
        {
          const float *prow = p + (size_t) r * ld;
          float *srow = ds + (size_t) r * ld;
          const float dr = dh[r0 + r];
          for (int c = 0; c < bc; c++)
            srow[c] = prow[c] * (srow[c] - dr);
        }
      /* dQ_i += scale·dS K_j (in "HBM": read, add, write back) */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, br, d, bc, b->scale,
                   ds, ld, kj, d, 1.0f, dqh + (size_t) r0 * d, d);
      /* dK_j += scale·dSᵀ Q_i */
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, bc, d, br, b->scale,
                   ds, ld, qi, d, 1.0f, w->dk, d);

      uint64_t t = (uint64_t) br * bc * d;
      w->flops += 10 * t;
      w->rflops += 2 * t;
      w->tiles++;
      size_t sb = sram_bytes (br, bc, d, 4);
      if (sb > w->sram_peak)
        w->sram_peak = sb;
    }

  /* dK_j, dV_j go out once (zero for keys no query sees) */
  size_t off = ((size_t) h * b->nkv + c0) * d;
  memcpy (b->dk + off, w->dk, (size_t) bc * d * sizeof (float));
  memcpy (b->dv + off, w->dv, (size_t) bc * d * sizeof (float));
  w->wr[AB_BWD_DK] += (uint64_t) bc * d;
  w->wr[AB_BWD_DV] += (uint64_t) bc * d;
}

static void
main_item (void *data, int worker, long item)
{
  const Back *b = data;
  const int h = (int) (item / b->chunks), chunk = (int) (item % b->chunks);
  const size_t head = (size_t) h * b->nq * b->d;
  float *dqh = chunk == 0 ? b->dq + head
                          : b->dq_part + (size_t) (chunk - 1) * b->heads * b->nq * b->d + head;
  /* interleaved sets: under a causal mask the first K/V tiles meet the
   * most Q tiles, and every set gets some of them */
  for (int kt = chunk; kt < b->tc; kt += b->chunks)
    kv_tile (b, &b->work[worker], h, kt, dqh);
}

/* ---- phase 3: dQ += partials, in a fixed order ---- */

static void
reduce_item (void *data, int worker, long item)
{
  const Back *b = data;
  Work *w = &b->work[worker];
  const int d = b->d, h = (int) (item / b->tr), qt = (int) (item % b->tr);
  const int br = rows_of (qt, b->br, b->nq);
  const size_t base = ((size_t) h * b->nq + (size_t) qt * b->br) * d, n = (size_t) br * d;
  float *dst = b->dq + base;
  for (int c = 1; c < b->chunks; c++)
    {
      const float *src = b->dq_part + (size_t) (c - 1) * b->heads * b->nq * d + base;
      for (size_t i = 0; i < n; i++)
        dst[i] += src[i];
    }
  w->rd[AB_BWD_DQ] += (uint64_t) b->chunks * n;
  w->wr[AB_BWD_DQ] += (uint64_t) n;
}

/* ---- IO models ---- */

static void
sum_totals (AbAttnBackwardStats *s)
{
  s->hbm_read_bytes = s->hbm_write_bytes = 0;
  s->stored_p_read_bytes = s->stored_p_write_bytes = 0;
  for (int a = 0; a < AB_BWD_N_ARRAYS; a++)
    {
      s->hbm_read_bytes += s->read_by[a];
      s->hbm_write_bytes += s->write_by[a];
      s->stored_p_read_bytes += s->stored_p_read_by[a];
      s->stored_p_write_bytes += s->stored_p_write_by[a];
    }
}

/* FA1 Algorithm 3 for one head, every matrix at b bytes per entry:
 *  1 read P, dO → write dV = Pᵀ dO      2 read dO, V → write dP = dO Vᵀ
 *  3 read P, dP → write dS              4 read dS, K → write dQ = dS K
 *  5 read dS, Q → write dK = dSᵀ Q
 * N² passes: P twice, dP once, dS twice read; dP and dS written: seven. */
static void
standard_model (const AbAttnShape *shape, uint64_t b, uint64_t *rd, uint64_t *wr)
{
  uint64_t nq = (uint64_t) shape->n_q, nkv = (uint64_t) shape->n_kv, d = (uint64_t) shape->d;
  uint64_t s = nq * nkv;
  rd[AB_BWD_P] += b * 2 * s;
  rd[AB_BWD_DP] += b * s;
  rd[AB_BWD_DS] += b * 2 * s;
  rd[AB_BWD_DO] += b * 2 * nq * d;
  rd[AB_BWD_V] += b * nkv * d;
  rd[AB_BWD_K] += b * nkv * d;
  rd[AB_BWD_Q] += b * nq * d;
  wr[AB_BWD_DV] += b * nkv * d;
  wr[AB_BWD_DP] += b * s;
  wr[AB_BWD_DS] += b * s;
  wr[AB_BWD_DQ] += b * nq * d;
  wr[AB_BWD_DK] += b * nkv * d;
}

static void
resolve_tiles (const AbAttnShape *shape, int block_q, int block_k, int *br, int *bc)
{
  *br = block_q > 0 ? block_q : BWD_BLOCK_Q;
  *bc = block_k > 0 ? block_k : BWD_BLOCK_K;
  if (*br > shape->n_q)
    *br = shape->n_q;
  if (*bc > shape->n_kv)
    *bc = shape->n_kv;
}

void
ab_flash_backward_model (const AbAttnShape *shape, int block_q, int block_k,
                         int kv_chunks, int elem_bytes, AbAttnBackwardStats *out)
{
  memset (out, 0, sizeof *out);
  if (!shape || shape->n_q <= 0 || shape->n_kv <= 0 || shape->d <= 0 || elem_bytes <= 0)
    return;
  int br, bc;
  resolve_tiles (shape, block_q, block_k, &br, &bc);
  const uint64_t m = (uint64_t) elem_bytes, row = 4;
  const uint64_t nq = (uint64_t) shape->n_q, d = (uint64_t) shape->d;
  const int tr = (shape->n_q + br - 1) / br, tc = (shape->n_kv + bc - 1) / bc;
  int chunks = kv_chunks > 0 ? kv_chunks : 1;
  if (chunks > tc)
    chunks = tc;
  AbMask mk = { shape->causal, shape->window, (long) shape->n_kv - shape->n_q, 0, shape->n_kv };
  uint64_t *rd = out->read_by, *wr = out->write_by;

  /* D from O and dO; dQ and its partials zeroed */
  rd[AB_BWD_O] += m * nq * d;
  rd[AB_BWD_DO] += m * nq * d;
  wr[AB_BWD_D] += row * nq;
  wr[AB_BWD_DQ] += m * (uint64_t) chunks * nq * d;

  /* The Q tiles a K/V tile meets form one run [i0, i1): the mask's key
   * interval only moves right as the row grows (attn-private.h), so the
   * skipped tiles are a prefix (rows that end before the tile's keys) and
   * a suffix (rows that start after them); binary search finds both, and
   * the model costs O(T_c log T_r) however large N is. */
  for (int kt = 0; kt < tc; kt++)
    {
      const int c0 = kt * bc, cols = rows_of (kt, bc, shape->n_kv);
      int i0 = 0, i1 = tr;
      if (ab__mask_active (&mk))
        {
          int a = 0, z = tr;
          while (a < z)   /* first tile whose last row reaches key c0 */
            {
              int mid = (a + z) / 2;
              long lo, hi;
              ab__mask_interval (&mk, (long) mid * br + rows_of (mid, br, shape->n_q) - 1, &lo, &hi);
              if (hi >= c0)
                z = mid;
              else
                a = mid + 1;
            }
          i0 = a;
          z = tr;
          while (a < z)   /* first tile whose first row starts after the tile's keys */
            {
              int mid = (a + z) / 2;
              long lo, hi;
              ab__mask_interval (&mk, (long) mid * br, &lo, &hi);
              if (lo > c0 + cols - 1)
                z = mid;
              else
                a = mid + 1;
            }
          i1 = a;
        }
      const int n_tiles = i1 - i0;
      out->tiles_skipped += (uint64_t) (tr - n_tiles);
      if (n_tiles > 0)
        {
          const uint64_t rows = (uint64_t) (i1 == tr ? shape->n_q : i1 * br) - (uint64_t) i0 * br;
          const int max_rows = n_tiles > 1 || i0 < tr - 1 ? br : rows_of (tr - 1, br, shape->n_q);
          rd[AB_BWD_K] += m * cols * d;
          rd[AB_BWD_V] += m * cols * d;
          rd[AB_BWD_Q] += m * rows * d;
          rd[AB_BWD_DO] += m * rows * d;
          rd[AB_BWD_LSE] += row * rows;
          rd[AB_BWD_D] += row * rows;
          rd[AB_BWD_DQ] += m * rows * d;
          wr[AB_BWD_DQ] += m * rows * d;
          uint64_t t = rows * cols * d;
          out->flops += 10 * t;
          out->recompute_flops += 2 * t;
          out->tiles += (uint64_t) n_tiles;
          size_t sb = sram_bytes (max_rows, cols, (int) d, elem_bytes);
          if (sb > out->sram_peak_bytes)
            out->sram_peak_bytes = sb;
        }
      wr[AB_BWD_DK] += m * cols * d;
      wr[AB_BWD_DV] += m * cols * d;
    }

  if (chunks > 1)
    {
      rd[AB_BWD_DQ] += m * (uint64_t) chunks * nq * d;
      wr[AB_BWD_DQ] += m * nq * d;
    }
  out->kv_chunks = chunks;
  standard_model (shape, m, out->stored_p_read_by, out->stored_p_write_by);
  sum_totals (out);
}

/* ---- planning: tiles, chunks, bytes ---- */

typedef struct
{
  int    br, bc, tr, tc, chunks, threads;
  size_t need;
} Plan;

static size_t
plan_bytes (const AbAttnShape *shape, int heads, int br, int bc, int chunks, int threads)
{
  size_t work = (size_t) 2 * br * bc + (size_t) 2 * bc * shape->d;
  return (size_t) threads * (work * sizeof (float) + sizeof (Work))
         + (size_t) heads * shape->n_q * sizeof (float)
         + (size_t) (chunks - 1) * heads * shape->n_q * shape->d * sizeof (float);
}

/* Chunks per head: enough items for every thread, but never more than
 * the budget holds (each extra chunk costs a dQ partial per head). */
static void
make_plan (const AbAttnShape *shape, int heads, const AbAttnOptions *opts, Plan *pl)
{
  resolve_tiles (shape, opts->block_q, opts->block_k, &pl->br, &pl->bc);
  pl->tr = (shape->n_q + pl->br - 1) / pl->br;
  pl->tc = (shape->n_kv + pl->bc - 1) / pl->bc;
  int threads = ab__attn_threads (opts);
  size_t budget = ab__attn_budget (opts);
  int chunks = heads >= threads ? 1 : (threads + heads - 1) / heads;
  if (chunks > pl->tc)
    chunks = pl->tc;
  for (;;)
    {
      long items = (long) heads * chunks;
      pl->threads = threads < items ? threads : (int) items;
      pl->chunks = chunks;
      pl->need = plan_bytes (shape, heads, pl->br, pl->bc, chunks, pl->threads);
      if (pl->need <= budget || chunks == 1)
        break;
      chunks--;
    }
}

size_t
ab_flash_backward_bytes (const AbAttnShape *shape, int n_heads, const AbAttnOptions *opts)
{
  if (!shape || shape->n_q <= 0 || shape->n_kv <= 0 || shape->d <= 0 || n_heads <= 0)
    return 0;
  AbAttnOptions none = { 0 };
  Plan pl;
  make_plan (shape, n_heads, opts ? opts : &none, &pl);
  return pl.need;
}

/* ---- checks ---- */

static size_t
first_nonfinite (const float *x, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (x[i]))
      return i;
  return n;
}

static AbAttnStatus
check_inputs (const AbAttnShape *shape, int heads, const float *q, const float *k,
              const float *v, const float *o, const float *dout, const float *lse,
              AbAttnError *err)
{
  AbAttnStatus st = ab__attn_check_finite (shape, heads, q, k, v, err);
  if (st != AB_ATTN_OK)
    return st;
  const size_t n = (size_t) heads * shape->n_q * shape->d;
  const struct { const char *name; const float *x; } t[2] = { { "O", o }, { "dO", dout } };
  for (int i = 0; i < 2; i++)
    {
      size_t bad = first_nonfinite (t[i].x, n);
      if (bad < n)
        return ab__attn_fail (err, AB_ATTN_E_NONFINITE,
                              "%s[%zu] is %s: inputs must be finite (head %zu, row %zu, column %zu)",
                              t[i].name, bad, isnan (t[i].x[bad]) ? "nan" : t[i].x[bad] > 0 ? "inf" : "-inf",
                              bad / ((size_t) shape->n_q * shape->d),
                              bad / (size_t) shape->d % (size_t) shape->n_q, bad % (size_t) shape->d);
    }
  /* lse may be −inf only where the mask hides every key (as the forward
   * writes it); anything else would turn P into inf or NaN. */
  AbMask mk = { shape->causal, shape->window, (long) shape->n_kv - shape->n_q, 0, shape->n_kv };
  for (int h = 0; h < heads; h++)
    for (int i = 0; i < shape->n_q; i++)
      {
        size_t idx = (size_t) h * shape->n_q + i;
        float l = lse[idx];
        if (isnan (l) || l == INFINITY)
          return ab__attn_fail (err, AB_ATTN_E_NONFINITE,
                                "lse[%zu] is %s: pass the logsumexp the forward pass wrote",
                                idx, isnan (l) ? "nan" : "inf");
        if (l == -INFINITY)
          {
            long lo, hi;
            ab__mask_interval (&mk, i, &lo, &hi);
            if (lo <= hi)
              return ab__attn_fail (err, AB_ATTN_E_NONFINITE,
                                    "lse[%zu] is -inf but query row %d of head %d sees keys: "
                                    "pass the logsumexp the forward pass wrote", idx, i, h);
          }
      }
  return AB_ATTN_OK;
}

/* ---- entry point ---- */

AbAttnStatus
ab_flash_backward (const AbAttnShape *shape, const float *q, const float *k,
                   const float *v, const float *o, const float *dout,
                   const float *lse, float *dq, float *dk, float *dv,
                   int n_heads, const AbAttnOptions *opts,
                   AbAttnBackwardStats *stats, AbAttnError *err)
{
  AbAttnStatus st = ab__attn_check (shape, n_heads, q, k, v, o, err);
  if (st != AB_ATTN_OK)
    return st;
  if (!dout || !lse || !dq || !dk || !dv)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "NULL dO, lse or gradient array");
  AbAttnOptions none = { 0 };
  if (!opts)
    opts = &none;
  if (opts->block_q < 0 || opts->block_k < 0)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "tile sizes must be positive");
  if ((st = check_inputs (shape, n_heads, q, k, v, o, dout, lse, err)) != AB_ATTN_OK)
    return st;

  Plan pl;
  make_plan (shape, n_heads, opts, &pl);
  size_t budget = ab__attn_budget (opts);
  if (pl.need > budget)
    return ab__attn_budget_fail (err, "the FlashAttention backward's tile buffers", pl.need, budget);

  /* the O(N·d) pre and reduce phases use the main phase's threads */
  const long row_items = (long) n_heads * pl.tr;
  const int counters = pl.threads;
  const size_t work_floats = (size_t) 2 * pl.br * pl.bc + (size_t) 2 * pl.bc * shape->d;
  const size_t part_floats = (size_t) (pl.chunks - 1) * n_heads * shape->n_q * shape->d;
  Work *work = calloc ((size_t) counters, sizeof *work);
  float *pool = malloc ((size_t) pl.threads * work_floats * sizeof (float));
  float *delta = malloc ((size_t) n_heads * shape->n_q * sizeof (float));
  float *part = part_floats ? malloc (part_floats * sizeof (float)) : NULL;
  if (!work || !pool || !delta || (part_floats && !part))
    {
      free (work);
      free (pool);
      free (delta);
      free (part);
      return ab__attn_fail (err, AB_ATTN_E_NOMEM, "could not allocate %zu bytes of tile buffers",
                            pl.need);
    }
  for (int t = 0; t < pl.threads; t++)
    {
      float *p = pool + (size_t) t * work_floats;
      work[t].p = p;
      work[t].ds = p + (size_t) pl.br * pl.bc;
      work[t].dk = work[t].ds + (size_t) pl.br * pl.bc;
      work[t].dv = work[t].dk + (size_t) pl.bc * shape->d;
    }

  Back b = {
    .nq = shape->n_q, .nkv = shape->n_kv, .d = shape->d, .heads = n_heads,
    .br = pl.br, .bc = pl.bc, .tr = pl.tr, .tc = pl.tc, .chunks = pl.chunks,
    .scale = ab__attn_scale (shape),
    .mask = { shape->causal, shape->window, (long) shape->n_kv - shape->n_q, 0, shape->n_kv },
    .q = q, .k = k, .v = v, .o = o, .dout = dout, .lse = lse,
    .dq = dq, .dk = dk, .dv = dv, .delta = delta, .dq_part = part, .work = work,
  };

  ab__blas_threads (1);
  int rc = ab__parallel_for (counters, row_items, pre_item, &b);
  if (rc == 0)
    rc = ab__parallel_for (pl.threads, (long) n_heads * pl.chunks, main_item, &b);
  if (rc == 0 && pl.chunks > 1)
    rc = ab__parallel_for (counters, row_items, reduce_item, &b);
  if (rc != 0)
    {
      free (work);
      free (pool);
      free (delta);
      free (part);
      return ab__attn_fail (err, AB_ATTN_E_THREAD, "could not start the worker threads");
    }

  if (stats)
    {
      memset (stats, 0, sizeof *stats);
      for (int t = 0; t < counters; t++)
        {
          for (int a = 0; a < AB_BWD_N_ARRAYS; a++)
            {
              /* rows of L and D are fp32 like everything else here */
              stats->read_by[a] += 4 * work[t].rd[a];
              stats->write_by[a] += 4 * work[t].wr[a];
            }
          stats->flops += work[t].flops;
          stats->recompute_flops += work[t].rflops;
          stats->tiles += work[t].tiles;
          stats->tiles_skipped += work[t].skipped;
          if (work[t].sram_peak > stats->sram_peak_bytes)
            stats->sram_peak_bytes = work[t].sram_peak;
        }
      uint64_t *srd = stats->stored_p_read_by, *swr = stats->stored_p_write_by;
      for (int h = 0; h < n_heads; h++)
        standard_model (shape, 4, srd, swr);
      sum_totals (stats);
      stats->extra_bytes = pl.need;
      stats->kv_chunks = pl.chunks;
      stats->threads_used = pl.threads;
    }
  free (work);
  free (pool);
  free (delta);
  free (part);
  return AB_ATTN_OK;
}

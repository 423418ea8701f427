/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-patterns.c — sparse attention patterns as rows of runs, their exact
 * counts, drawings and CSR lists (see attn-patterns.h for the definitions).
 *
 * A row is built as a handful of column runs [start, end) straight from the
 * pattern's definition (a window is one run, a stride a run per column),
 * then sorted, merged and clipped to j ≤ i when causal. The per-row counts
 * are closed forms of the same sets; the tests check one against the other
 * and both against a brute-force membership test.
 */
#include "attn-patterns.h"
#include "attn-approx-private.h"
#include "ab-rng.h"

#include <stdlib.h>
#include <string.h>

struct AbPatternIter
{
  AbPattern     p;
  AbPatternRun *runs;
  int           n_runs;
  int           cap_runs;
  int32_t      *cols;      /* n */
  int32_t      *picked;    /* LSH tokens / BigBird draws, n */
  int32_t      *mark;      /* LSH: stamp per token, n */
  int32_t       stamp;
};

static const char *const kind_names[AB_N_PATTERNS] = {
  "dense", "strided", "fixed", "window", "longformer", "bigbird", "block-local", "lsh",
};

const char *
ab_pattern_kind_name (AbPatternKind kind)
{
  return (unsigned) kind < AB_N_PATTERNS ? kind_names[kind] : "unknown";
}

int
ab_pattern_kind_from_name (const char *name, AbPatternKind *kind)
{
  for (int k = 0; name && k < AB_N_PATTERNS; k++)
    if (strcmp (name, kind_names[k]) == 0)
      {
        *kind = (AbPatternKind) k;
        return 1;
      }
  return 0;
}

static int
isqrt_ceil (int n)
{
  int r = (int) ceil (sqrt ((double) n));
  while (r > 1 && (r - 1) * (r - 1) >= n)
    r--;
  while (r * r < n)
    r++;
  return r < 1 ? 1 : r;
}

void
ab_pattern_init (AbPattern *p, AbPatternKind kind, int n)
{
  memset (p, 0, sizeof *p);
  p->kind = kind;
  p->n = n;
  p->stride = isqrt_ceil (n > 0 ? n : 1);
  p->summary = p->stride / 16 > 1 ? p->stride / 16 : 1;
  p->radius = n / 16 > 1 ? n / 16 : 1;
  p->n_global = n >= 2 ? 2 : n;
  p->n_random = 3;
  p->seed = 0x5eed;
  p->block = p->stride;
}

AbApproxStatus
ab_pattern_validate (const AbPattern *p, AbApproxError *err)
{
  if (!p)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "pattern is NULL");
  if ((unsigned) p->kind >= AB_N_PATTERNS)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "unknown pattern kind %d", (int) p->kind);
  if (p->n < 1 || p->n > AB_PATTERN_MAX_N)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "pattern n = %d outside 1 … %d",
                            p->n, AB_PATTERN_MAX_N);
  switch (p->kind)
    {
    case AB_PATTERN_STRIDED:
    case AB_PATTERN_FIXED:
      if (p->stride < 1 || p->stride > p->n)
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "stride l = %d outside 1 … n = %d",
                                p->stride, p->n);
      if (p->kind == AB_PATTERN_FIXED && (p->summary < 1 || p->summary > p->stride))
        return ab__approx_fail (err, AB_APPROX_E_INVALID,
                                "fixed pattern needs 1 ≤ c ≤ l (c = %d, l = %d)",
                                p->summary, p->stride);
      break;
    case AB_PATTERN_WINDOW:
    case AB_PATTERN_LONGFORMER:
    case AB_PATTERN_BIGBIRD:
      if (p->radius < 0)
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "window radius %d < 0", p->radius);
      if (p->kind != AB_PATTERN_WINDOW && (p->n_global < 0 || p->n_global > p->n))
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "global tokens g = %d outside 0 … n",
                                p->n_global);
      if (p->kind == AB_PATTERN_BIGBIRD && (p->n_random < 0 || p->n_random > 4096))
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "random keys %d outside 0 … 4096",
                                p->n_random);
      break;
    case AB_PATTERN_BLOCK_LOCAL:
      if (p->block < 1)
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "block size %d < 1", p->block);
      break;
    case AB_PATTERN_LSH:
      if (p->lsh.n_rounds < 1 || !p->lsh.bucket)
        return ab__approx_fail (err, AB_APPROX_E_INVALID,
                                "LSH pattern needs n_rounds ≥ 1 and a bucket array");
      if (p->lsh.order && p->lsh.chunk_len > 0 && !p->lsh.rank)
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "chunked LSH pattern needs rank");
      break;
    default:
      break;
    }
  return AB_APPROX_OK;
}

/* ---- Closed-form row counts ------------------------------------------- */

static inline int64_t
min64 (int64_t a, int64_t b)
{
  return a < b ? a : b;
}

static inline int64_t
max64 (int64_t a, int64_t b)
{
  return a > b ? a : b;
}

static uint64_t lsh_row_count_slow (const AbPattern *p, int i);

/* |{j ∈ [0, L] : |i − j| ≤ r}| */
static int64_t
window_count (int64_t i, int64_t r, int64_t L)
{
  return min64 (L, i + r) - max64 (0, i - r) + 1;
}

static int64_t
longformer_count (const AbPattern *p, int64_t i, int64_t L)
{
  int64_t g = p->n_global;
  if (i < g)
    return L + 1;
  int64_t lo = max64 (0, i - p->radius), hi = min64 (L, i + p->radius);
  int64_t overlap = max64 (0, min64 (g - 1, hi) - lo + 1);
  return (hi - lo + 1) + g - overlap;
}

uint64_t
ab_pattern_row_count (const AbPattern *p, int i)
{
  if (ab_pattern_validate (p, NULL) != AB_APPROX_OK || i < 0 || i >= p->n)
    return 0;
  int64_t n = p->n, L = p->causal ? i : n - 1;
  switch (p->kind)
    {
    case AB_PATTERN_DENSE:
      return (uint64_t) (L + 1);
    case AB_PATTERN_WINDOW:
      return (uint64_t) window_count (i, p->radius, L);
    case AB_PATTERN_BLOCK_LOCAL:
      {
        int64_t b0 = (int64_t) (i / p->block) * p->block;
        return (uint64_t) (min64 (L, b0 + p->block - 1) - b0 + 1);
      }
    case AB_PATTERN_STRIDED:
      {
        int64_t l = p->stride;
        int64_t a1 = window_count (i, l, L);
        int64_t r0 = i % l;
        int64_t a2 = L >= r0 ? (L - r0) / l + 1 : 0;
        /* the stride's columns inside A¹: i − l, i, i + l when in range */
        int64_t overlap = 1 + (i - l >= 0) + (i + l <= L);
        return (uint64_t) (a1 + a2 - overlap);
      }
    case AB_PATTERN_FIXED:
      {
        int64_t l = p->stride, c = p->summary;
        int64_t b0 = (int64_t) (i / l) * l, e = min64 (L, b0 + l - 1);
        int64_t a1 = e - b0 + 1;
        int64_t t = L + 1;
        int64_t a2 = (t / l) * c + max64 (0, t % l - (l - c));
        int64_t overlap = max64 (0, e - (b0 + l - c) + 1);
        return (uint64_t) (a1 + a2 - overlap);
      }
    case AB_PATTERN_LONGFORMER:
      return (uint64_t) longformer_count (p, i, L);
    case AB_PATTERN_BIGBIRD:
      {
        int64_t base = longformer_count (p, i, L);
        if (i < p->n_global)
          return (uint64_t) base;
        return (uint64_t) (base + min64 (p->n_random, L + 1 - base));
      }
    case AB_PATTERN_LSH:
      return lsh_row_count_slow (p, i);
    default:
      return 0;
    }
}

/* Σ_{i<n} min(i, r) */
static uint64_t
sum_min (uint64_t n, uint64_t r)
{
  if (n == 0)
    return 0;
  if (n - 1 <= r)
    return n * (n - 1) / 2;
  return r * (r + 1) / 2 + (n - 1 - r) * r;
}

/* Σ_{i<n} ⌊i / l⌋ */
static uint64_t
sum_floor (uint64_t n, uint64_t l)
{
  uint64_t q = n / l;
  return l * (q * (q - (q > 0)) / 2) + q * (n - q * l);
}

/* Closed-form Σ over rows for the kinds that have one; 0 if none. */
static int
closed_form_entries (const AbPattern *p, uint64_t *entries, uint64_t *max_row)
{
  uint64_t n = (uint64_t) p->n;
  switch (p->kind)
    {
    case AB_PATTERN_DENSE:
      *entries = p->causal ? n * (n + 1) / 2 : n * n;
      *max_row = n;
      return 1;
    case AB_PATTERN_WINDOW:
      {
        uint64_t r = (uint64_t) p->radius, s = sum_min (n, r);
        *entries = p->causal ? n + s : n + 2 * s;
        uint64_t w = p->causal ? r + 1 : 2 * r + 1;
        *max_row = w < n ? w : n;
        return 1;
      }
    case AB_PATTERN_BLOCK_LOCAL:
      {
        uint64_t b = (uint64_t) p->block, q = n / b, s = n % b;
        *entries = p->causal ? q * (b * (b + 1) / 2) + s * (s + 1) / 2 : q * b * b + s * s;
        *max_row = b < n ? b : n;
        return 1;
      }
    case AB_PATTERN_STRIDED:
      {
        uint64_t l = (uint64_t) p->stride;
        uint64_t s = sum_min (n, l), f = sum_floor (n, l), tail = n > l ? n - l : 0;
        *entries = p->causal ? s + f + n - tail : 2 * s + 2 * f + n - 2 * tail;
        /* Causal rows grow with i; non-causal rows peak where both halves
         * reach a multiple of l, which some row within l of the middle does
         * (and short rows sit within 2l of either end). */
        uint64_t best = 0;
        int64_t mid = (int64_t) (n - 1) / 2, two_l = 2 * (int64_t) l + 2;
        if (p->causal)
          best = ab_pattern_row_count (p, p->n - 1);
        else
          for (int pass = 0; pass < 3; pass++)
            {
              int64_t lo = pass == 0 ? 0 : pass == 1 ? mid - (int64_t) l : (int64_t) n - two_l;
              int64_t hi = pass == 0 ? two_l : pass == 1 ? mid + (int64_t) l + 1 : (int64_t) n;
              for (int64_t i = max64 (0, lo); i < min64 ((int64_t) n, hi); i++)
                {
                  uint64_t c = ab_pattern_row_count (p, (int) i);
                  if (c > best)
                    best = c;
                }
            }
        *max_row = best;
        return 1;
      }
    default:
      return 0;
    }
}

AbApproxStatus
ab_pattern_count (const AbPattern *p, int d, int elem_bytes, AbPatternCount *out,
                  AbApproxError *err)
{
  AbApproxStatus st = ab_pattern_validate (p, err);
  if (st != AB_APPROX_OK)
    return st;
  if (d < 1 || elem_bytes < 1 || !out)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "count needs d ≥ 1, elem_bytes ≥ 1, out");
  memset (out, 0, sizeof *out);
  uint64_t n = (uint64_t) p->n;
  if (!closed_form_entries (p, &out->entries, &out->max_row))
    {
      if (p->kind == AB_PATTERN_LSH)
        {
          AbPatternIter *it = ab_pattern_iter_new (p, err);
          if (!it)
            return err ? err->status : AB_APPROX_E_NOMEM;
          for (int i = 0; i < p->n; i++)
            {
              const AbPatternRun *runs;
              int nr = ab_pattern_iter_runs (it, i, &runs);
              uint64_t c = 0;
              for (int r = 0; r < nr; r++)
                c += (uint64_t) (runs[r].end - runs[r].start);
              out->entries += c;
              if (c > out->max_row)
                out->max_row = c;
            }
          ab_pattern_iter_free (it);
        }
      else
        for (int i = 0; i < p->n; i++)
          {
            uint64_t c = ab_pattern_row_count (p, i);
            out->entries += c;
            if (c > out->max_row)
              out->max_row = c;
          }
    }
  out->dense = n * n;
  out->flops = 4 * (uint64_t) d * out->entries;
  out->score_bytes = out->entries * (uint64_t) elem_bytes;
  if (p->kind == AB_PATTERN_BIGBIRD)
    out->index_bytes = n * (uint64_t) p->n_random * sizeof (int32_t);
  else if (p->kind == AB_PATTERN_LSH)
    out->index_bytes = 3 * (uint64_t) p->lsh.n_rounds * n * sizeof (int32_t);
  out->peak_bytes = out->score_bytes + out->index_bytes;
  return AB_APPROX_OK;
}

/* ---- Row iterator ------------------------------------------------------- */

AbPatternIter *
ab_pattern_iter_new (const AbPattern *p, AbApproxError *err)
{
  if (ab_pattern_validate (p, err) != AB_APPROX_OK)
    return NULL;
  AbPatternIter *it = calloc (1, sizeof *it);
  if (!it)
    {
      ab__approx_fail (err, AB_APPROX_E_NOMEM, "pattern iterator: out of memory");
      return NULL;
    }
  it->p = *p;
  it->cap_runs = p->n + 8;
  it->runs = malloc ((size_t) it->cap_runs * sizeof *it->runs);
  it->cols = malloc ((size_t) p->n * sizeof *it->cols);
  it->picked = malloc ((size_t) (p->n + 8) * sizeof *it->picked);
  if (p->kind == AB_PATTERN_LSH)
    it->mark = calloc ((size_t) p->n, sizeof *it->mark);
  if (!it->runs || !it->cols || !it->picked || (p->kind == AB_PATTERN_LSH && !it->mark))
    {
      ab_pattern_iter_free (it);
      ab__approx_fail (err, AB_APPROX_E_NOMEM, "pattern iterator: out of memory");
      return NULL;
    }
  return it;
}

void
ab_pattern_iter_free (AbPatternIter *it)
{
  if (!it)
    return;
  free (it->runs);
  free (it->cols);
  free (it->picked);
  free (it->mark);
  free (it);
}

static void
add_run (AbPatternIter *it, int64_t start, int64_t end)
{
  if (start < 0)
    start = 0;
  if (end > it->p.n)
    end = it->p.n;
  if (start >= end || it->n_runs >= it->cap_runs)
    return;
  it->runs[it->n_runs++] = (AbPatternRun) { (int32_t) start, (int32_t) end };
}

static int
cmp_run (const void *a, const void *b)
{
  const AbPatternRun *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

static int
cmp_i32 (const void *a, const void *b)
{
  int32_t x = *(const int32_t *) a, y = *(const int32_t *) b;
  return (x > y) - (x < y);
}

/* Sort, merge overlapping or touching runs, clip to columns ≤ limit. */
static void
normalise_runs (AbPatternIter *it, int64_t limit)
{
  AbPatternRun *r = it->runs;
  int n = it->n_runs, sorted = 1;
  for (int k = 1; k < n && sorted; k++)
    sorted = r[k - 1].start <= r[k].start;
  if (!sorted)
    qsort (r, (size_t) n, sizeof *r, cmp_run);
  int out = 0;
  for (int k = 0; k < n; k++)
    {
      AbPatternRun cur = r[k];
      if (cur.start > limit)
        break;
      if (cur.end > limit + 1)
        cur.end = (int32_t) (limit + 1);
      if (out > 0 && cur.start <= r[out - 1].end)
        {
          if (cur.end > r[out - 1].end)
            r[out - 1].end = cur.end;
        }
      else
        r[out++] = cur;
    }
  it->n_runs = out;
}

static void
row_longformer (AbPatternIter *it, int i)
{
  const AbPattern *p = &it->p;
  if (i < p->n_global)
    add_run (it, 0, p->n);
  else
    {
      add_run (it, 0, p->n_global);
      add_run (it, (int64_t) i - p->radius, (int64_t) i + p->radius + 1);
    }
}

/* BigBird's random keys: n_random distinct draws (Floyd's algorithm) among
 * the columns ≤ limit that the current runs leave out, mapped through the
 * gaps between the runs. */
static void
row_bigbird_random (AbPatternIter *it, int i, int64_t limit)
{
  const AbPattern *p = &it->p;
  int64_t covered = 0;
  for (int k = 0; k < it->n_runs; k++)
    covered += it->runs[k].end - it->runs[k].start;
  int64_t free_cols = limit + 1 - covered;
  int s = (int) min64 (p->n_random, free_cols);
  if (s <= 0)
    return;
  AbRng rng;
  ab_rng_init (&rng, p->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t) (i + 1)));
  int32_t *pick = it->picked;
  int np = 0;
  for (int64_t j = free_cols - s; j < free_cols; j++)
    {
      int32_t t = (int32_t) (ab_rng_uniform (&rng) * (double) (j + 1));
      if (t > j)
        t = (int32_t) j;
      int seen = 0;
      for (int a = 0; a < np && !seen; a++)
        seen = pick[a] == t;
      pick[np++] = seen ? (int32_t) j : t;
    }
  qsort (pick, (size_t) np, sizeof *pick, cmp_i32);

  /* walk the gaps once, in column order */
  int n_base = it->n_runs, k = 0;
  int64_t gap_start = 0, skipped = 0;
  for (int a = 0; a < np; a++)
    {
      for (;;)
        {
          int64_t gap_end = k < n_base ? it->runs[k].start : limit + 1;
          int64_t len = gap_end - gap_start;
          if (pick[a] - skipped < len)
            {
              int64_t col = gap_start + (pick[a] - skipped);
              add_run (it, col, col + 1);
              break;
            }
          skipped += len;
          gap_start = it->runs[k].end;
          k++;
        }
    }
}

static int
lsh_collect (AbPatternIter *it, int i, int64_t limit)
{
  const AbPattern *p = &it->p;
  const AbPatternBuckets *b = &p->lsh;
  int n = p->n, np = 0;
  if (++it->stamp == INT32_MAX)
    {
      memset (it->mark, 0, (size_t) n * sizeof *it->mark);
      it->stamp = 1;
    }
  int chunked = b->order && b->chunk_len > 0;
  for (int r = 0; r < b->n_rounds; r++)
    {
      const int32_t *bucket = b->bucket + (size_t) r * n;
      int32_t bi = bucket[i];
      if (chunked)
        {
          const int32_t *order = b->order + (size_t) r * n;
          int64_t c = b->rank[(size_t) r * n + i] / b->chunk_len;
          int64_t p0 = max64 (0, (c - 1) * b->chunk_len);
          int64_t p1 = min64 (n, (c + 1) * b->chunk_len);
          for (int64_t q = p0; q < p1; q++)
            {
              int32_t t = order[q];
              if (bucket[t] == bi && t <= limit && it->mark[t] != it->stamp)
                {
                  it->mark[t] = it->stamp;
                  it->picked[np++] = t;
                }
            }
        }
      else
        for (int32_t t = 0; t <= limit; t++)
          if (bucket[t] == bi && it->mark[t] != it->stamp)
            {
              it->mark[t] = it->stamp;
              it->picked[np++] = t;
            }
    }
  qsort (it->picked, (size_t) np, sizeof *it->picked, cmp_i32);
  if (b->exclude_self && np > 1)
    {
      int out = 0;
      for (int a = 0; a < np; a++)
        if (it->picked[a] != i)
          it->picked[out++] = it->picked[a];
      np = out;
    }
  return np;
}

int
ab_pattern_iter_runs (AbPatternIter *it, int i, const AbPatternRun **runs)
{
  const AbPattern *p = &it->p;
  if (i < 0 || i >= p->n)
    return -1;
  int64_t limit = p->causal ? i : p->n - 1;
  it->n_runs = 0;
  switch (p->kind)
    {
    case AB_PATTERN_DENSE:
      add_run (it, 0, p->n);
      break;
    case AB_PATTERN_STRIDED:
      {
        int64_t l = p->stride;
        add_run (it, i - l, i + l + 1);
        for (int64_t j = i % l; j <= limit; j += l)
          add_run (it, j, j + 1);
        break;
      }
    case AB_PATTERN_FIXED:
      {
        int64_t l = p->stride, b0 = (int64_t) (i / l) * l;
        add_run (it, b0, b0 + l);
        for (int64_t s = l - p->summary; s <= limit; s += l)
          add_run (it, s, s + p->summary);
        break;
      }
    case AB_PATTERN_WINDOW:
      add_run (it, (int64_t) i - p->radius, (int64_t) i + p->radius + 1);
      break;
    case AB_PATTERN_LONGFORMER:
      row_longformer (it, i);
      break;
    case AB_PATTERN_BIGBIRD:
      row_longformer (it, i);
      if (i >= p->n_global)
        {
          normalise_runs (it, limit);
          row_bigbird_random (it, i, limit);
        }
      break;
    case AB_PATTERN_BLOCK_LOCAL:
      {
        int64_t b0 = (int64_t) (i / p->block) * p->block;
        add_run (it, b0, b0 + p->block);
        break;
      }
    case AB_PATTERN_LSH:
      {
        int np = lsh_collect (it, i, limit);
        for (int a = 0; a < np; a++)
          add_run (it, it->picked[a], it->picked[a] + 1);
        break;
      }
    default:
      break;
    }
  normalise_runs (it, limit);
  *runs = it->runs;
  return it->n_runs;
}

int
ab_pattern_iter_cols (AbPatternIter *it, int i, const int32_t **cols)
{
  const AbPatternRun *runs;
  int nr = ab_pattern_iter_runs (it, i, &runs);
  if (nr < 0)
    return -1;
  int nc = 0;
  for (int r = 0; r < nr; r++)
    for (int32_t j = runs[r].start; j < runs[r].end; j++)
      it->cols[nc++] = j;
  *cols = it->cols;
  return nc;
}

static uint64_t
lsh_row_count_slow (const AbPattern *p, int i)
{
  AbPatternIter *it = ab_pattern_iter_new (p, NULL);
  if (!it)
    return 0;
  const AbPatternRun *runs;
  int nr = ab_pattern_iter_runs (it, i, &runs);
  uint64_t c = 0;
  for (int r = 0; r < nr; r++)
    c += (uint64_t) (runs[r].end - runs[r].start);
  ab_pattern_iter_free (it);
  return c;
}

/* ---- Masks and drawings -------------------------------------------------- */

static AbApproxStatus
check_mask_n (const AbPattern *p, int max_n, const void *out, AbApproxError *err)
{
  AbApproxStatus st = ab_pattern_validate (p, err);
  if (st != AB_APPROX_OK)
    return st;
  if (!out)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "mask output is NULL");
  if (p->n > max_n)
    return ab__approx_fail (err, AB_APPROX_E_TOO_BIG, "an n × n mask needs n ≤ %d (n = %d)",
                            max_n, p->n);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_pattern_fill_mask (const AbPattern *p, uint8_t *mask, AbApproxError *err)
{
  AbApproxStatus st = check_mask_n (p, AB_PATTERN_MAX_MASK_N, mask, err);
  if (st != AB_APPROX_OK)
    return st;
  AbPatternIter *it = ab_pattern_iter_new (p, err);
  if (!it)
    return err ? err->status : AB_APPROX_E_NOMEM;
  size_t n = (size_t) p->n;
  memset (mask, 0, n * n);
  for (int i = 0; i < p->n; i++)
    {
      const AbPatternRun *runs;
      int nr = ab_pattern_iter_runs (it, i, &runs);
      for (int r = 0; r < nr; r++)
        memset (mask + (size_t) i * n + runs[r].start, 1, (size_t) (runs[r].end - runs[r].start));
    }
  ab_pattern_iter_free (it);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_pattern_additive_mask (const AbPattern *p, float *mask, AbApproxError *err)
{
  AbApproxStatus st = check_mask_n (p, 4096, mask, err);
  if (st != AB_APPROX_OK)
    return st;
  AbPatternIter *it = ab_pattern_iter_new (p, err);
  if (!it)
    return err ? err->status : AB_APPROX_E_NOMEM;
  size_t n = (size_t) p->n;
  for (size_t e = 0; e < n * n; e++)
    mask[e] = -INFINITY;
  for (int i = 0; i < p->n; i++)
    {
      const AbPatternRun *runs;
      int nr = ab_pattern_iter_runs (it, i, &runs);
      for (int r = 0; r < nr; r++)
        for (int32_t j = runs[r].start; j < runs[r].end; j++)
          mask[(size_t) i * n + j] = 0.0f;
    }
  ab_pattern_iter_free (it);
  return AB_APPROX_OK;
}

/* First index of cell c: ⌊c·n/cells⌋; the cell of index x is the largest c
 * with that ≤ x, i.e. ⌈(x + 1)·cells/n⌉ − 1. */
static inline int64_t
cell_start (int64_t c, int64_t n, int64_t cells)
{
  return c * n / cells;
}

static inline int64_t
cell_of (int64_t x, int64_t n, int64_t cells)
{
  return ((x + 1) * cells + n - 1) / n - 1;
}

AbApproxStatus
ab_pattern_raster (const AbPattern *p, int cells, float *coverage, AbApproxError *err)
{
  AbApproxStatus st = check_mask_n (p, AB_PATTERN_MAX_MASK_N, coverage, err);
  if (st != AB_APPROX_OK)
    return st;
  if (cells < 1 || cells > p->n)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "raster cells %d outside 1 … n = %d",
                            cells, p->n);
  uint64_t *acc = calloc ((size_t) cells * cells, sizeof *acc);
  AbPatternIter *it = acc ? ab_pattern_iter_new (p, err) : NULL;
  if (!it)
    {
      free (acc);
      return acc ? (err ? err->status : AB_APPROX_E_NOMEM)
                 : ab__approx_fail (err, AB_APPROX_E_NOMEM, "raster: out of memory");
    }
  int64_t n = p->n;
  for (int i = 0; i < p->n; i++)
    {
      uint64_t *row = acc + (size_t) cell_of (i, n, cells) * cells;
      const AbPatternRun *runs;
      int nr = ab_pattern_iter_runs (it, i, &runs);
      for (int r = 0; r < nr; r++)
        {
          int64_t s = runs[r].start, e = runs[r].end, c = cell_of (s, n, cells);
          while (s < e)
            {
              int64_t ce = min64 (e, cell_start (c + 1, n, cells));
              row[c] += (uint64_t) (ce - s);
              s = ce;
              c++;
            }
        }
    }
  for (int64_t a = 0; a < cells; a++)
    {
      int64_t h = cell_start (a + 1, n, cells) - cell_start (a, n, cells);
      for (int64_t b = 0; b < cells; b++)
        {
          int64_t w = cell_start (b + 1, n, cells) - cell_start (b, n, cells);
          coverage[a * cells + b] = (float) ((double) acc[a * cells + b] / (double) (h * w));
        }
    }
  ab_pattern_iter_free (it);
  free (acc);
  return AB_APPROX_OK;
}

/* ---- CSR and sparse attention --------------------------------------------- */

void
ab_csr_clear (AbCsr *csr)
{
  if (!csr)
    return;
  free (csr->row_ptr);
  free (csr->col);
  memset (csr, 0, sizeof *csr);
}

AbApproxStatus
ab_pattern_to_csr (const AbPattern *p, uint64_t max_entries, AbCsr *csr, AbApproxError *err)
{
  if (!csr)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "CSR output is NULL");
  memset (csr, 0, sizeof *csr);
  AbPatternCount count;
  AbApproxStatus st = ab_pattern_count (p, 1, 1, &count, err);
  if (st != AB_APPROX_OK)
    return st;
  if (max_entries == 0)
    max_entries = (uint64_t) 1 << 27;
  if (count.entries > max_entries)
    return ab__approx_fail (err, AB_APPROX_E_TOO_BIG,
                            "pattern has %llu entries, more than the CSR cap of %llu",
                            (unsigned long long) count.entries,
                            (unsigned long long) max_entries);
  csr->row_ptr = malloc ((size_t) (p->n + 1) * sizeof *csr->row_ptr);
  csr->col = malloc ((size_t) (count.entries ? count.entries : 1) * sizeof *csr->col);
  AbPatternIter *it = csr->row_ptr && csr->col ? ab_pattern_iter_new (p, err) : NULL;
  if (!it)
    {
      ab_csr_clear (csr);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "CSR: out of memory");
    }
  csr->n_rows = csr->n_cols = p->n;
  int64_t at = 0;
  csr->row_ptr[0] = 0;
  for (int i = 0; i < p->n; i++)
    {
      const int32_t *cols;
      int nc = ab_pattern_iter_cols (it, i, &cols);
      memcpy (csr->col + at, cols, (size_t) nc * sizeof *cols);
      at += nc;
      csr->row_ptr[i + 1] = at;
    }
  ab_pattern_iter_free (it);
  return AB_APPROX_OK;
}

AbApproxStatus
ab_sparse_attention (const AbCsr *csr, int d, const float *q, const float *k, const float *v,
                     float scale, float *o, float *lse, AbSparseStats *stats, AbApproxError *err)
{
  if (!csr || !csr->row_ptr || csr->n_rows < 1 || csr->n_cols < 1 || d < 1 || !q || !k || !v
      || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "sparse attention needs a CSR pattern, d ≥ 1 and Q, K, V, O");
  AbApproxStatus st;
  if ((st = ab__approx_check_finite (err, "Q", q, (size_t) csr->n_rows * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "K", k, (size_t) csr->n_cols * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) csr->n_cols * d)) != AB_APPROX_OK)
    return st;
  int64_t max_row = 0;
  for (int i = 0; i < csr->n_rows; i++)
    {
      int64_t len = csr->row_ptr[i + 1] - csr->row_ptr[i];
      if (len < 0)
        return ab__approx_fail (err, AB_APPROX_E_INVALID, "CSR row %d has negative length", i);
      for (int64_t e = csr->row_ptr[i]; e < csr->row_ptr[i + 1]; e++)
        if (csr->col[e] < 0 || csr->col[e] >= csr->n_cols)
          return ab__approx_fail (err, AB_APPROX_E_INVALID, "CSR column %d out of range",
                                  (int) csr->col[e]);
      if (len > max_row)
        max_row = len;
    }
  double *s = malloc ((size_t) (max_row ? max_row : 1) * sizeof *s);
  double *acc = malloc ((size_t) d * sizeof *acc);
  if (!s || !acc)
    {
      free (s);
      free (acc);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "sparse attention: out of memory");
    }
  double sc = ab__approx_scale (scale, d);
  for (int i = 0; i < csr->n_rows; i++)
    {
      const int32_t *cols = csr->col + csr->row_ptr[i];
      int64_t len = csr->row_ptr[i + 1] - csr->row_ptr[i];
      const float *qi = q + (size_t) i * d;
      double m = -INFINITY, sum = 0;
      for (int64_t e = 0; e < len; e++)
        {
          s[e] = sc * ab__approx_dot (qi, k + (size_t) cols[e] * d, d);
          if (s[e] > m)
            m = s[e];
        }
      memset (acc, 0, (size_t) d * sizeof *acc);
      for (int64_t e = 0; e < len; e++)
        {
          double w = exp (s[e] - m);
          const float *vj = v + (size_t) cols[e] * d;
          sum += w;
          for (int c = 0; c < d; c++)
            acc[c] += w * vj[c];
        }
      for (int c = 0; c < d; c++)
        o[(size_t) i * d + c] = len ? (float) (acc[c] / sum) : 0.0f;
      if (lse)
        lse[i] = len ? (float) (m + log (sum)) : -INFINITY;
    }
  if (stats)
    {
      stats->entries = (uint64_t) csr->row_ptr[csr->n_rows];
      stats->flops = 4 * (uint64_t) d * stats->entries;
      stats->extra_bytes = (size_t) max_row * sizeof *s + (size_t) d * sizeof *acc;
    }
  free (s);
  free (acc);
  return AB_APPROX_OK;
}

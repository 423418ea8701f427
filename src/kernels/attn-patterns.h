/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-patterns.h — the sparse attention patterns of 2019–2020, at any N
 *
 * A pattern says which score entries (i, j) — query i, key j, both in
 * 0 … n−1 — a sparse attention computes. Each pattern is generated row by
 * row from its definition, never as an N × N matrix, so rows can be walked
 * at N = 8192 for drawing and counted at N = 10⁶:
 *
 *   DENSE        every j.
 *   STRIDED      Sparse Transformer (Child et al., arXiv:1904.10509, §4.2),
 *                stride l: A¹ᵢ = {t … i} with t = max(0, i − l) and
 *                A²ᵢ = {j : (i − j) mod l = 0}; the row is A¹ ∪ A².
 *   FIXED        Sparse Transformer §4.2, block l, c summary columns:
 *                A¹ᵢ = {j : ⌊j/l⌋ = ⌊i/l⌋}, A²ᵢ = {j : j mod l ∈ {l−c … l−1}}.
 *                (The paper writes {t, …, l} with t = l − c; j mod l never
 *                equals l, so that is the last c columns of every block.)
 *                Both Sparse Transformer patterns are defined for
 *                autoregressive models (causal); without `causal` the same
 *                sets are used on both sides of i (A¹ becomes |i − j| ≤ l).
 *   WINDOW       sliding window: |i − j| ≤ r (r keys on each side; the
 *                Longformer's window size w = 2r, arXiv:2004.05150 §3.1;
 *                attention.h's `window` = r + 1).
 *   LONGFORMER   window + global (Longformer §3.1): tokens 0 … g−1 are
 *                global — they attend to every token and every token
 *                attends to them.
 *   BIGBIRD      window + global + random (Zaheer et al., arXiv:2007.14062,
 *                §2): each non-global query also attends to `n_random`
 *                keys drawn uniformly, without replacement, from the keys
 *                its window and the global tokens leave out (as BigBird's
 *                blocked implementation excludes window and global blocks),
 *                from a generator seeded by (seed, i): a row can be rebuilt
 *                alone. Token level here; BigBird's code works on blocks
 *                of 64 tokens.
 *   BLOCK_LOCAL  block-diagonal: ⌊j/b⌋ = ⌊i/b⌋.
 *   LSH          Reformer's buckets (Kitaev et al., arXiv:2001.04451 §2;
 *                see attn-lsh.h): in some hash round, j has i's bucket and,
 *                after sorting by bucket, sits in i's chunk or the chunk
 *                before it; with exclude_self, i itself only when the row
 *                would otherwise be empty (shared-QK attention).
 *
 * `causal` keeps only j ≤ i, for every kind.
 *
 * Counting. ab_pattern_row_count is O(1) per row for every kind but LSH
 * (which walks the row), and ab_pattern_count sums rows — in closed form
 * for DENSE, STRIDED, WINDOW and BLOCK_LOCAL, so N = 10⁶ costs nothing.
 * FLOPs are those of the two products restricted to the pattern, 2 FLOPs
 * per multiply-add: 2·d for the score and 2·d for the P·V term of each
 * computed entry, i.e. 4·d·entries (ab_attention_flops's convention; the
 * softmax's exp and divisions are not counted).
 *
 * Sparse attention over a pattern: the rows as CSR lists (AbCsr) and
 * softmax attention over only those entries.
 *
 * Pure C11, no GLib; errors are returned, never aborted on.
 */
#pragma once

#include "attn-approx.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest n a pattern accepts (rows are walked in int32 columns). */
#define AB_PATTERN_MAX_N (1 << 24)
/* Largest n for which a full n × n mask may be written. */
#define AB_PATTERN_MAX_MASK_N 8192

typedef enum
{
  AB_PATTERN_DENSE = 0,
  AB_PATTERN_STRIDED,
  AB_PATTERN_FIXED,
  AB_PATTERN_WINDOW,
  AB_PATTERN_LONGFORMER,
  AB_PATTERN_BIGBIRD,
  AB_PATTERN_BLOCK_LOCAL,
  AB_PATTERN_LSH,
  AB_N_PATTERNS
} AbPatternKind;

/* The hash state an LSH pattern reads (attn-lsh.h fills it). Arrays are
 * n_rounds × n, round-major. */
typedef struct
{
  int            n_rounds;
  int            chunk_len;     /* m; ≤ 0 or order == NULL: no chunks (every same-bucket j) */
  const int32_t *bucket;        /* bucket of token t in round r */
  const int32_t *order;         /* token at sorted position p in round r */
  const int32_t *rank;          /* sorted position of token t in round r */
  int            exclude_self;
} AbPatternBuckets;

typedef struct
{
  AbPatternKind kind;
  int           n;
  int           causal;
  int           stride;      /* STRIDED, FIXED: l ≥ 1 */
  int           summary;     /* FIXED: c, 1 ≤ c ≤ l */
  int           radius;      /* WINDOW, LONGFORMER, BIGBIRD: r ≥ 0 */
  int           n_global;    /* LONGFORMER, BIGBIRD: g ≥ 0 (tokens 0 … g−1) */
  int           n_random;    /* BIGBIRD: keys per query ≥ 0 */
  uint64_t      seed;        /* BIGBIRD */
  int           block;       /* BLOCK_LOCAL: b ≥ 1 */
  AbPatternBuckets lsh;      /* LSH */
} AbPattern;

/* A pattern of @kind at @n with the book's defaults: stride l = ⌈√n⌉
 * (Sparse Transformer: l ≈ √n, §4.2), c = max(1, l/16) (the paper's
 * c = 8 at l = 128), r = max(1, n/16) (Longformer: w = 512 at n = 4096),
 * g = 2, 3 random keys (BigBird uses r = 3 random blocks), b = ⌈√n⌉, not
 * causal. LSH fields stay empty (see ab_lsh_pattern). */
void        ab_pattern_init (AbPattern *p, AbPatternKind kind, int n);
AbApproxStatus ab_pattern_validate (const AbPattern *p, AbApproxError *err);

const char *ab_pattern_kind_name      (AbPatternKind kind);      /* "strided" … */
int         ab_pattern_kind_from_name (const char *name, AbPatternKind *kind);

/* Number of computed entries in row i (0 for a bad pattern or row). */
uint64_t    ab_pattern_row_count (const AbPattern *p, int i);

typedef struct
{
  uint64_t entries;      /* computed (i, j) pairs */
  uint64_t dense;        /* n² */
  uint64_t max_row;      /* longest row */
  uint64_t flops;        /* 4 · d · entries */
  /* Memory, in bytes: every computed score at elem_bytes (what a kernel that
   * stores P for the backward pass keeps, as the dense N² × bytes of
   * Part 1), plus the column index a kernel needs when the columns are
   * data-dependent (BIGBIRD: n·n_random int32; LSH: bucket, order and rank,
   * 3 · n_rounds · n int32); formula patterns need none. */
  uint64_t score_bytes;
  uint64_t index_bytes;
  uint64_t peak_bytes;   /* score_bytes + index_bytes */
} AbPatternCount;

/* Exact counts for head dimension @d and @elem_bytes per score. */
AbApproxStatus ab_pattern_count (const AbPattern *p, int d, int elem_bytes,
                                 AbPatternCount *out, AbApproxError *err);

/* ---- Rows ----------------------------------------------------------------- */

typedef struct
{
  int32_t start, end;   /* columns start … end−1 */
} AbPatternRun;

typedef struct AbPatternIter AbPatternIter;

/* An iterator owns O(n) scratch; the pattern (and, for LSH, its arrays)
 * must outlive it. NULL on error. */
AbPatternIter *ab_pattern_iter_new  (const AbPattern *p, AbApproxError *err);
void           ab_pattern_iter_free (AbPatternIter *it);
/* Row i as ascending, disjoint, non-adjacent runs; returns their number
 * (−1 for a row out of range). *runs stays valid until the next call. */
int            ab_pattern_iter_runs (AbPatternIter *it, int i, const AbPatternRun **runs);
/* Row i's columns, ascending; returns their number (−1 out of range). */
int            ab_pattern_iter_cols (AbPatternIter *it, int i, const int32_t **cols);

/* mask[i·n + j] = 1 where the entry is computed (n ≤ AB_PATTERN_MAX_MASK_N). */
AbApproxStatus ab_pattern_fill_mask     (const AbPattern *p, uint8_t *mask, AbApproxError *err);
/* The same as an additive mask: 0 computed, −inf skipped (n ≤ 4096). */
AbApproxStatus ab_pattern_additive_mask (const AbPattern *p, float *mask, AbApproxError *err);
/* For drawing: the n × n matrix cut into cells × cells blocks (block c spans
 * rows/columns ⌊c·n/cells⌋ … ⌊(c+1)·n/cells⌋ − 1) and the fraction of each
 * block's entries that are computed. 1 ≤ cells ≤ n, n ≤ AB_PATTERN_MAX_MASK_N;
 * O(n · (runs per row + cells)). */
AbApproxStatus ab_pattern_raster (const AbPattern *p, int cells, float *coverage,
                                  AbApproxError *err);

/* ---- Sparse attention over a pattern ------------------------------------ */

typedef struct
{
  int      n_rows, n_cols;
  int64_t *row_ptr;   /* n_rows + 1 */
  int32_t *col;       /* row_ptr[n_rows] columns, ascending within a row */
} AbCsr;

/* The pattern as CSR lists; refuses (AB_APPROX_E_TOO_BIG) more than
 * @max_entries entries (0 → 2^27). Free with ab_csr_clear. */
AbApproxStatus ab_pattern_to_csr (const AbPattern *p, uint64_t max_entries, AbCsr *csr,
                                  AbApproxError *err);
void           ab_csr_clear      (AbCsr *csr);

typedef struct
{
  uint64_t entries;       /* scores computed */
  uint64_t flops;         /* 4 · d · entries */
  size_t   extra_bytes;   /* the one row buffer (longest row, double) */
} AbSparseStats;

/* O = softmax over each row's listed entries of scale · q_i · k_j, times V.
 * Q is n_rows × d, K and V n_cols × d; o is n_rows × d; lse (n_rows) and
 * stats may be NULL. An empty row gets o = 0, lse = −inf. Accumulates in
 * double. */
AbApproxStatus ab_sparse_attention (const AbCsr *csr, int d, const float *q, const float *k,
                                    const float *v, float scale, float *o, float *lse,
                                    AbSparseStats *stats, AbApproxError *err);

#ifdef __cplusplus
}
#endif

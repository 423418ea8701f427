/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-patterns.c — the sparse patterns against a brute-force reading
 * of the papers' set definitions, the closed-form counts against row sums,
 * the drawings against the full mask, and sparse attention over a pattern
 * against dense attention with the same mask (and against the naive kernel). */
#include "kernels-test-util.h"

#include "attn-patterns.h"

#include <stdlib.h>

/* The papers' sets, one entry at a time (written independently of the
 * kernel's run builder). BigBird: only its window + global part. */
static int
member (const AbPattern *p, int i, int j)
{
  if (p->causal && j > i)
    return 0;
  switch (p->kind)
    {
    case AB_PATTERN_DENSE:
      return 1;
    case AB_PATTERN_STRIDED:
      return abs (i - j) <= p->stride || (i - j) % p->stride == 0;
    case AB_PATTERN_FIXED:
      return j / p->stride == i / p->stride || j % p->stride >= p->stride - p->summary;
    case AB_PATTERN_WINDOW:
      return abs (i - j) <= p->radius;
    case AB_PATTERN_LONGFORMER:
    case AB_PATTERN_BIGBIRD:
      return i < p->n_global || j < p->n_global || abs (i - j) <= p->radius;
    case AB_PATTERN_BLOCK_LOCAL:
      return j / p->block == i / p->block;
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  AbPatternKind kind;
  int stride, summary, radius, n_global, block;
} Params;

static const Params params[] = {
  { AB_PATTERN_DENSE },
  { AB_PATTERN_STRIDED, .stride = 1 },
  { AB_PATTERN_STRIDED, .stride = 3 },
  { AB_PATTERN_STRIDED, .stride = 8 },
  { AB_PATTERN_STRIDED, .stride = 64 },
  { AB_PATTERN_FIXED, .stride = 1, .summary = 1 },
  { AB_PATTERN_FIXED, .stride = 5, .summary = 2 },
  { AB_PATTERN_FIXED, .stride = 8, .summary = 8 },
  { AB_PATTERN_FIXED, .stride = 16, .summary = 1 },
  { AB_PATTERN_WINDOW, .radius = 0 },
  { AB_PATTERN_WINDOW, .radius = 3 },
  { AB_PATTERN_WINDOW, .radius = 500 },
  { AB_PATTERN_LONGFORMER, .radius = 2, .n_global = 0 },
  { AB_PATTERN_LONGFORMER, .radius = 4, .n_global = 3 },
  { AB_PATTERN_LONGFORMER, .radius = 0, .n_global = 1 },
  { AB_PATTERN_BLOCK_LOCAL, .block = 1 },
  { AB_PATTERN_BLOCK_LOCAL, .block = 6 },
  { AB_PATTERN_BLOCK_LOCAL, .block = 64 },
};

static const int sizes[] = { 1, 2, 7, 16, 63, 100, 257 };

static void
make (AbPattern *p, const Params *pa, int n, int causal)
{
  ab_pattern_init (p, pa->kind, n);
  p->causal = causal;
  p->stride = MIN (pa->stride ? pa->stride : 1, n);
  p->summary = MIN (pa->summary ? pa->summary : 1, p->stride);
  p->radius = pa->radius;
  p->n_global = MIN (pa->n_global, n);
  p->block = pa->block ? pa->block : 1;
}

static void
test_brute_force (void)
{
  int checked = 0;
  for (size_t a = 0; a < G_N_ELEMENTS (params); a++)
    for (size_t b = 0; b < G_N_ELEMENTS (sizes); b++)
      for (int causal = 0; causal <= 1; causal++)
        {
          AbPattern p;
          make (&p, &params[a], sizes[b], causal);
          int n = p.n;
          AbApproxError err;
          AbPatternIter *it = ab_pattern_iter_new (&p, &err);
          g_assert_nonnull (it);
          uint64_t total = 0, max_row = 0;
          for (int i = 0; i < n; i++)
            {
              const int32_t *cols;
              int nc = ab_pattern_iter_cols (it, i, &cols);
              int at = 0;
              for (int j = 0; j < n; j++)
                if (member (&p, i, j))
                  {
                    if (at >= nc || cols[at] != j)
                      g_error ("%s n=%d causal=%d row %d: column %d missing (params %zu)",
                               ab_pattern_kind_name (p.kind), n, causal, i, j, a);
                    at++;
                  }
              if (at != nc)
                g_error ("%s n=%d causal=%d row %d: %d extra columns",
                         ab_pattern_kind_name (p.kind), n, causal, i, nc - at);
              g_assert_cmpuint (ab_pattern_row_count (&p, i), ==, (guint64) nc);
              total += (uint64_t) nc;
              max_row = MAX (max_row, (uint64_t) nc);
            }
          ab_pattern_iter_free (it);
          AbPatternCount c;
          g_assert_cmpint (ab_pattern_count (&p, 64, 2, &c, &err), ==, AB_APPROX_OK);
          g_assert_cmpuint (c.entries, ==, total);
          g_assert_cmpuint (c.max_row, ==, max_row);
          g_assert_cmpuint (c.dense, ==, (guint64) n * n);
          g_assert_cmpuint (c.flops, ==, 4 * 64 * total);
          g_assert_cmpuint (c.score_bytes, ==, 2 * total);
          g_assert_cmpuint (c.index_bytes, ==, 0);
          checked++;
        }
  g_test_message ("%d (kind, params, n, causal) cases", checked);
}

/* The closed forms (dense, strided, window, block) against the O(1) row
 * counts summed, up to N = 10⁶; the non-closed kinds' row counts against
 * the run builder at N = 8192. */
static void
test_counts_large (void)
{
  static const int ns[] = { 1000, 4096, 8191, 100003, 1000000 };
  static const AbPatternKind closed[] = { AB_PATTERN_DENSE, AB_PATTERN_STRIDED,
                                          AB_PATTERN_WINDOW, AB_PATTERN_BLOCK_LOCAL };
  for (size_t a = 0; a < G_N_ELEMENTS (ns); a++)
    for (size_t k = 0; k < G_N_ELEMENTS (closed); k++)
      for (int causal = 0; causal <= 1; causal++)
        {
          AbPattern p;
          ab_pattern_init (&p, closed[k], ns[a]);
          p.causal = causal;
          AbPatternCount c;
          g_assert_cmpint (ab_pattern_count (&p, 1, 1, &c, NULL), ==, AB_APPROX_OK);
          uint64_t sum = 0, max_row = 0;
          for (int i = 0; i < p.n; i++)
            {
              uint64_t r = ab_pattern_row_count (&p, i);
              sum += r;
              max_row = MAX (max_row, r);
            }
          g_assert_cmpuint (c.entries, ==, sum);
          g_assert_cmpuint (c.max_row, ==, max_row);
        }

  static const AbPatternKind walked[] = { AB_PATTERN_STRIDED, AB_PATTERN_FIXED,
                                          AB_PATTERN_LONGFORMER, AB_PATTERN_BIGBIRD };
  for (size_t k = 0; k < G_N_ELEMENTS (walked); k++)
    for (int causal = 0; causal <= 1; causal++)
      {
        AbPattern p;
        ab_pattern_init (&p, walked[k], 8192);
        p.causal = causal;
        AbPatternIter *it = ab_pattern_iter_new (&p, NULL);
        uint64_t sum = 0;
        for (int i = 0; i < p.n; i++)
          {
            const AbPatternRun *runs;
            int nr = ab_pattern_iter_runs (it, i, &runs);
            uint64_t c = 0;
            for (int r = 0; r < nr; r++)
              {
                g_assert_cmpint (runs[r].start, <, runs[r].end);
                if (r > 0)
                  g_assert_cmpint (runs[r - 1].end, <, runs[r].start);  /* disjoint, non-adjacent */
                c += (uint64_t) (runs[r].end - runs[r].start);
              }
            g_assert_cmpuint (c, ==, ab_pattern_row_count (&p, i));
            sum += c;
          }
        ab_pattern_iter_free (it);
        AbPatternCount cnt;
        ab_pattern_count (&p, 1, 1, &cnt, NULL);
        g_assert_cmpuint (cnt.entries, ==, sum);
        g_test_message ("%s causal=%d N=8192: %llu entries (%.2f %% of N^2)",
                        ab_pattern_kind_name (p.kind), causal, (unsigned long long) sum,
                        100.0 * (double) sum / (8192.0 * 8192.0));
      }
}

/* Closed forms at the figures the book quotes (FACTS rows 10 and 12). */
static void
test_counts_values (void)
{
  AbPattern p;
  AbPatternCount c;
  ab_pattern_init (&p, AB_PATTERN_DENSE, 512);
  ab_pattern_count (&p, 64, 2, &c, NULL);
  g_assert_cmpuint (c.score_bytes, ==, 512 * 1024);              /* 0.5 MiB at FP16 */
  ab_pattern_init (&p, AB_PATTERN_DENSE, 8192);
  ab_pattern_count (&p, 64, 2, &c, NULL);
  g_assert_cmpuint (c.score_bytes, ==, 128u * 1024 * 1024);      /* 128 MiB */
  g_assert_cmpuint (c.flops, ==, 4ull * 8192 * 8192 * 64);       /* ab_attention_flops */

  /* Strided, causal, l = √N: a row holds min(i, l) + 1 local and ⌊i/l⌋ + 1
   * strided keys, so the total is ≈ N·l + N²/(2l) = 1.5·N·√N (Sparse
   * Transformer's O(N√N), FACTS row 12). */
  ab_pattern_init (&p, AB_PATTERN_STRIDED, 1 << 20);
  p.causal = 1;
  g_assert_cmpint (p.stride, ==, 1024);
  ab_pattern_count (&p, 64, 2, &c, NULL);
  double n_sqrt_n = (double) (1 << 20) * 1024;
  g_assert_cmpfloat (fabs (c.entries / n_sqrt_n - 1.5), <, 0.01);
  g_test_message ("strided causal N=2^20, l=1024: %llu entries = %.4f * N*sqrt(N)",
                  (unsigned long long) c.entries, c.entries / n_sqrt_n);

  /* Window r, non-causal: 2r + 1 per row away from the edges, minus the
   * r(r+1) cut off at the two ends. */
  ab_pattern_init (&p, AB_PATTERN_WINDOW, 4096);
  p.radius = 256;
  ab_pattern_count (&p, 64, 2, &c, NULL);
  g_assert_cmpuint (c.entries, ==, 4096ull * 513 - 256ull * 257);

  /* BigBird: index bytes are one int32 per random key. */
  ab_pattern_init (&p, AB_PATTERN_BIGBIRD, 4096);
  ab_pattern_count (&p, 64, 2, &c, NULL);
  g_assert_cmpuint (c.index_bytes, ==, 4096ull * 3 * 4);
  g_assert_cmpuint (c.peak_bytes, ==, c.score_bytes + c.index_bytes);
}

static void
test_bigbird (void)
{
  for (int causal = 0; causal <= 1; causal++)
    {
      AbPattern p;
      ab_pattern_init (&p, AB_PATTERN_BIGBIRD, 300);
      p.radius = 5;
      p.n_global = 2;
      p.n_random = 7;
      p.causal = causal;
      AbPatternIter *it = ab_pattern_iter_new (&p, NULL);
      AbPattern p2 = p;
      p2.seed = p.seed + 1;
      AbPatternIter *it2 = ab_pattern_iter_new (&p2, NULL);
      int differ = 0;
      for (int i = 0; i < p.n; i++)
        {
          const int32_t *cols;
          int nc = ab_pattern_iter_cols (it, i, &cols);
          int base = 0, extra = 0;
          for (int a = 0; a < nc; a++)
            {
              if (a > 0)
                g_assert_cmpint (cols[a - 1], <, cols[a]);      /* distinct, sorted */
              g_assert_cmpint (cols[a], <=, causal ? i : p.n - 1);
              if (member (&p, i, cols[a]))
                base++;
              else
                extra++;
            }
          int want_base = 0;
          for (int j = 0; j < p.n; j++)
            want_base += member (&p, i, j);
          int limit = causal ? i + 1 : p.n;
          g_assert_cmpint (base, ==, want_base);
          g_assert_cmpint (extra, ==, i < p.n_global ? 0 : MIN (p.n_random, limit - want_base));
          /* rebuilding a row alone gives the same row */
          AbPatternIter *solo = ab_pattern_iter_new (&p, NULL);
          const int32_t *again;
          g_assert_cmpint (ab_pattern_iter_cols (solo, i, &again), ==, nc);
          g_assert_cmpmem (again, nc * sizeof *again, cols, nc * sizeof *cols);
          ab_pattern_iter_free (solo);
          /* another seed draws other keys somewhere */
          const int32_t *other;
          int n2 = ab_pattern_iter_cols (it2, i, &other);
          const int32_t *mine;
          nc = ab_pattern_iter_cols (it, i, &mine);
          if (n2 != nc || memcmp (other, mine, nc * sizeof *mine) != 0)
            differ++;
        }
      g_assert_cmpint (differ, >, p.n / 2);
      ab_pattern_iter_free (it);
      ab_pattern_iter_free (it2);
    }

  /* Uniform over the free keys: row 50 of N = 200 (window 11 + 2 global
   * leave M = 187 free keys), r = 3, over 20,000 seeds. Each free key is
   * drawn with probability r/M: expected 320.9 times, σ ≈ 17.8 (binomial);
   * every key must land within 6σ, and no key outside the free set. */
  enum { SEEDS = 20000, N = 200, ROW = 50 };
  int hits[N] = { 0 };
  AbPattern p;
  ab_pattern_init (&p, AB_PATTERN_BIGBIRD, N);
  p.radius = 5;
  p.n_global = 2;
  p.n_random = 3;
  for (int s = 0; s < SEEDS; s++)
    {
      AbPattern q = p;
      q.seed = (uint64_t) s * 7919 + 1;
      AbPatternIter *iq = ab_pattern_iter_new (&q, NULL);
      const int32_t *cols;
      int nc = ab_pattern_iter_cols (iq, ROW, &cols);
      for (int a = 0; a < nc; a++)
        if (!member (&p, ROW, cols[a]))
          hits[cols[a]]++;
      ab_pattern_iter_free (iq);
    }
  int free_keys = 0;
  double expect = SEEDS * 3.0 / 187.0, sigma = sqrt (expect * (1 - 3.0 / 187.0));
  for (int j = 0; j < N; j++)
    {
      if (member (&p, ROW, j))
        {
          g_assert_cmpint (hits[j], ==, 0);
          continue;
        }
      free_keys++;
      if (fabs (hits[j] - expect) > 6 * sigma)
        g_error ("key %d drawn %d times, expected %.1f +- %.1f", j, hits[j], expect, sigma);
    }
  g_assert_cmpint (free_keys, ==, 187);
}

/* Full mask, additive mask and raster agree with the iterator. */
static void
test_masks (void)
{
  AbPattern p;
  ab_pattern_init (&p, AB_PATTERN_FIXED, 1000);
  p.causal = 1;
  uint8_t *mask = g_malloc ((size_t) 1000 * 1000);
  g_assert_cmpint (ab_pattern_fill_mask (&p, mask, NULL), ==, AB_APPROX_OK);
  for (int i = 0; i < 1000; i++)
    for (int j = 0; j < 1000; j++)
      g_assert_cmpint (mask[i * 1000 + j], ==, member (&p, i, j));
  float *add = g_new (float, 1000 * 1000);
  g_assert_cmpint (ab_pattern_additive_mask (&p, add, NULL), ==, AB_APPROX_OK);
  for (int e = 0; e < 1000 * 1000; e++)
    g_assert_true (mask[e] ? add[e] == 0.0f : add[e] == -INFINITY);
  g_free (add);

  static const int cells_list[] = { 1, 37, 128, 1000 };
  for (size_t c = 0; c < G_N_ELEMENTS (cells_list); c++)
    {
      int cells = cells_list[c];
      float *cov = g_new (float, cells * cells);
      g_assert_cmpint (ab_pattern_raster (&p, cells, cov, NULL), ==, AB_APPROX_OK);
      double covered = 0;
      for (int a = 0; a < cells; a++)
        for (int b = 0; b < cells; b++)
          {
            int r0 = a * 1000 / cells, r1 = (a + 1) * 1000 / cells;
            int c0 = b * 1000 / cells, c1 = (b + 1) * 1000 / cells;
            int on = 0;
            for (int i = r0; i < r1; i++)
              for (int j = c0; j < c1; j++)
                on += mask[i * 1000 + j];
            double want = (double) on / ((r1 - r0) * (c1 - c0));
            /* float storage of a fraction: 1 ulp of 1.0 */
            g_assert_cmpfloat (fabs (cov[a * cells + b] - want), <=, 1.2e-7);
            covered += on;
          }
      AbPatternCount cnt;
      ab_pattern_count (&p, 1, 1, &cnt, NULL);
      g_assert_cmpfloat (covered, ==, (double) cnt.entries);
      g_free (cov);
    }
  g_free (mask);

  /* the largest drawable N goes through without an N × N buffer */
  ab_pattern_init (&p, AB_PATTERN_BIGBIRD, AB_PATTERN_MAX_MASK_N);
  float *cov = g_new (float, 256 * 256);
  g_assert_cmpint (ab_pattern_raster (&p, 256, cov, NULL), ==, AB_APPROX_OK);
  g_assert_cmpfloat (cov[0], ==, 1.0f);   /* global rows and columns are full */
  g_free (cov);
}

/* Sparse attention over each pattern against the dense double reference
 * with the pattern as an additive −inf mask. Both accumulate in double from
 * the same float inputs (the reference through dgemm, in another order), so
 * they agree to a few ulps of double before the final cast to float:
 * |err| ≤ 1e-6 + 1e-6·|ref| is far above that and far below any real bug. */
static void
test_sparse_vs_dense (void)
{
  enum { N = 150, D = 16 };
  AbRng rng;
  ab_rng_init (&rng, 2024);
  float *q = random_floats (&rng, N * D, 1.5), *k = random_floats (&rng, N * D, 1.5);
  float *v = random_floats (&rng, N * D, 1.0);
  float *mask = g_new (float, N * N);
  double *o_ref = g_new (double, N * D), *lse_ref = g_new (double, N);
  float *o = g_new (float, N * D), *lse = g_new (float, N);
  for (int kind = 0; kind < AB_PATTERN_LSH; kind++)
    for (int causal = 0; causal <= 1; causal++)
      {
        AbPattern p;
        ab_pattern_init (&p, (AbPatternKind) kind, N);
        p.causal = causal;
        p.radius = 6;
        p.summary = 3;
        AbCsr csr;
        AbApproxError err;
        g_assert_cmpint (ab_pattern_to_csr (&p, 0, &csr, &err), ==, AB_APPROX_OK);
        g_assert_cmpint (ab_pattern_additive_mask (&p, mask, &err), ==, AB_APPROX_OK);
        g_assert_cmpint (ab_approx_dense_attention (N, N, D, q, k, v, 0, mask, o_ref, NULL,
                                                    lse_ref, &err), ==, AB_APPROX_OK);
        AbSparseStats st;
        if (ab_sparse_attention (&csr, D, q, k, v, 0, o, lse, &st, &err) != AB_APPROX_OK)
          g_error ("%s", err.message);
        AbPatternCount cnt;
        ab_pattern_count (&p, D, 4, &cnt, NULL);
        g_assert_cmpuint (st.entries, ==, cnt.entries);
        g_assert_cmpuint (st.flops, ==, cnt.flops);
        g_autofree char *what = g_strdup_printf ("%s causal=%d", ab_pattern_kind_name (p.kind),
                                                 causal);
        double e = check_close (what, o, o_ref, N * D, 1e-6, 1e-6);
        check_close (what, lse, lse_ref, N, 1e-6, 1e-6);
        g_test_message ("%s: max |err| %.2g over %llu entries", what, e,
                        (unsigned long long) cnt.entries);
        ab_csr_clear (&csr);
      }
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (mask);
  g_free (o_ref);
  g_free (lse_ref);
  g_free (o);
  g_free (lse);
}

/* The window and causal patterns against the book's fp32 naive kernel
 * (attention.h: window w keeps |pos − j| < w, so radius r ↔ w = r + 1).
 * fp32 kernel vs double accumulation: TOL_NORMAL of test-attention.c,
 * 1e-5 absolute + 1e-4 relative. */
static void
test_sparse_vs_naive (void)
{
  enum { N = 300, D = 32 };
  AbRng rng;
  ab_rng_init (&rng, 77);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1);
  float *o = g_new (float, N * D), *o_naive = g_new (float, N * D);
  double *o_ref = g_new (double, N * D);
  struct { AbPatternKind kind; int radius, causal; } cases[] = {
    { AB_PATTERN_WINDOW, 0, 0 }, { AB_PATTERN_WINDOW, 9, 0 }, { AB_PATTERN_WINDOW, 9, 1 },
    { AB_PATTERN_WINDOW, 400, 0 }, { AB_PATTERN_DENSE, 0, 1 }, { AB_PATTERN_DENSE, 0, 0 },
  };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      AbPattern p;
      ab_pattern_init (&p, cases[c].kind, N);
      p.radius = cases[c].radius;
      p.causal = cases[c].causal;
      AbCsr csr;
      g_assert_cmpint (ab_pattern_to_csr (&p, 0, &csr, NULL), ==, AB_APPROX_OK);
      g_assert_cmpint (ab_sparse_attention (&csr, D, q, k, v, 0, o, NULL, NULL, NULL), ==,
                       AB_APPROX_OK);
      AbAttnShape s = { .n_q = N, .n_kv = N, .d = D, .causal = p.causal,
                        .window = p.kind == AB_PATTERN_WINDOW ? p.radius + 1 : 0 };
      AbAttnOptions opts = { .threads = 1 };
      AbAttnError aerr;
      g_assert_cmpint (ab_attention_naive (&s, 1, q, k, v, o_naive, NULL, &opts, NULL, &aerr),
                       ==, AB_ATTN_OK);
      for (int e = 0; e < N * D; e++)
        o_ref[e] = o[e];
      check_close ("naive vs sparse", o_naive, o_ref, N * D, 1e-5, 1e-4);
      ab_csr_clear (&csr);
    }
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o);
  g_free (o_naive);
  g_free (o_ref);
}

static void
test_errors (void)
{
  AbPattern p;
  AbApproxError err;
  AbPatternCount c;
  ab_pattern_init (&p, AB_PATTERN_STRIDED, 100);
  p.stride = 0;
  g_assert_cmpint (ab_pattern_count (&p, 8, 2, &c, &err), ==, AB_APPROX_E_INVALID);
  g_assert_nonnull (strstr (err.message, "stride"));
  ab_pattern_init (&p, AB_PATTERN_FIXED, 100);
  p.summary = p.stride + 1;
  g_assert_cmpint (ab_pattern_validate (&p, &err), ==, AB_APPROX_E_INVALID);
  ab_pattern_init (&p, AB_PATTERN_DENSE, 0);
  g_assert_cmpint (ab_pattern_validate (&p, &err), ==, AB_APPROX_E_INVALID);
  g_assert_null (ab_pattern_iter_new (&p, &err));
  g_assert_cmpuint (ab_pattern_row_count (&p, 0), ==, 0);
  ab_pattern_init (&p, AB_PATTERN_LSH, 100);
  g_assert_cmpint (ab_pattern_validate (&p, &err), ==, AB_APPROX_E_INVALID);
  ab_pattern_init (&p, AB_PATTERN_DENSE, 5000);
  float f;
  g_assert_cmpint (ab_pattern_additive_mask (&p, &f, &err), ==, AB_APPROX_E_TOO_BIG);
  AbCsr csr;
  g_assert_cmpint (ab_pattern_to_csr (&p, 1000, &csr, &err), ==, AB_APPROX_E_TOO_BIG);
  g_assert_null (csr.row_ptr);
  ab_pattern_init (&p, AB_PATTERN_WINDOW, 10);
  AbPatternIter *it = ab_pattern_iter_new (&p, NULL);
  const int32_t *cols;
  g_assert_cmpint (ab_pattern_iter_cols (it, 10, &cols), ==, -1);
  g_assert_cmpint (ab_pattern_iter_cols (it, -1, &cols), ==, -1);
  ab_pattern_iter_free (it);

  AbPatternKind kind;
  for (int k = 0; k < AB_N_PATTERNS; k++)
    {
      g_assert_true (ab_pattern_kind_from_name (ab_pattern_kind_name (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (ab_pattern_kind_from_name ("nope", &kind));

  /* non-finite input is refused, nothing aborts */
  ab_pattern_init (&p, AB_PATTERN_WINDOW, 4);
  ab_pattern_to_csr (&p, 0, &csr, NULL);
  float q[8] = { 0 }, kk[8] = { 0 }, v[8] = { 0 }, o[8];
  kk[5] = NAN;
  g_assert_cmpint (ab_sparse_attention (&csr, 2, q, kk, v, 0, o, NULL, NULL, &err), ==,
                   AB_APPROX_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "K[5] is nan"));
  ab_csr_clear (&csr);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/patterns/brute-force", test_brute_force);
  g_test_add_func ("/kernels/patterns/counts-large", test_counts_large);
  g_test_add_func ("/kernels/patterns/counts-values", test_counts_values);
  g_test_add_func ("/kernels/patterns/bigbird", test_bigbird);
  g_test_add_func ("/kernels/patterns/masks", test_masks);
  g_test_add_func ("/kernels/patterns/sparse-vs-dense", test_sparse_vs_dense);
  g_test_add_func ("/kernels/patterns/sparse-vs-naive", test_sparse_vs_naive);
  g_test_add_func ("/kernels/patterns/errors", test_errors);
  return g_test_run ();
}

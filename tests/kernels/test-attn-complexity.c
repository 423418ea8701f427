/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-complexity.c — the complexity counter: the book's N² table
 * (FACTS rows 10–11), each method's growth exponent at large N, and
 * agreement with the counters of the kernels that actually run. */
#include "kernels-test-util.h"

#include "attn-chunked.h"
#include "attn-complexity.h"
#include "attn-linformer.h"
#include "attn-lsh.h"
#include "attn-patterns.h"
#include "attn-performer.h"

static AbComplexity
count (AbComplexityMethod m, uint64_t n, const AbComplexityParams *p)
{
  AbComplexity c;
  AbApproxError err;
  if (ab_complexity (m, n, p, &c, &err) != AB_APPROX_OK)
    g_error ("%s at N = %llu: %s", ab_complexity_method_name (m), (unsigned long long) n,
             err.message);
  return c;
}

/* FACTS row 10 (N² × 2 B per head: 0.5 MiB, 8 MiB, 128 MiB, 2 GiB) and
 * row 11 (× 16 heads × 24 layers: 192 MiB, 3 GiB, 48 GiB, 768 GiB). */
static void
test_dense_table (void)
{
  AbComplexityParams p;
  ab_complexity_params_init (&p);
  static const struct { uint64_t n, per_head, stack; } rows[] = {
    { 512, 512ull << 10, 192ull << 20 },
    { 2048, 8ull << 20, 3ull << 30 },
    { 8192, 128ull << 20, 48ull << 30 },
    { 32768, 2ull << 30, 768ull << 30 },
  };
  for (size_t r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      AbComplexity c = count (AB_CX_DENSE, rows[r].n, &p);
      g_assert_cmpuint (c.bytes, ==, rows[r].per_head);
      g_assert_cmpuint (c.bytes * 16 * 24, ==, rows[r].stack);
      g_assert_cmpuint (c.flops, ==, 4ull * 64 * rows[r].n * rows[r].n);
    }
}

/* log₂ of the ratio between N = 2^20 and 2^19 (or 2^22 and 2^20 for the
 * square-root laws) against each law. Exact integer counts, so the only
 * slack is the law's lower-order terms: stated per line. */
static double
slope (AbComplexityMethod m, const AbComplexityParams *p, int which, uint64_t n0, uint64_t n1)
{
  AbComplexity a = count (m, n0, p), b = count (m, n1, p);
  double x0 = which == 0 ? (double) a.flops : which == 1 ? (double) a.bytes : (double) a.sort_ops;
  double x1 = which == 0 ? (double) b.flops : which == 1 ? (double) b.bytes : (double) b.sort_ops;
  return log2 (x1 / x0) / log2 ((double) n1 / (double) n0);
}

static void
test_growth (void)
{
  AbComplexityParams p;
  ab_complexity_params_init (&p);
  const uint64_t a = 1 << 19, b = 1 << 20, c = 1 << 22;
  struct { AbComplexityMethod m; int which; uint64_t n0, n1; double law, tol; } laws[] = {
    { AB_CX_DENSE, 0, a, b, 2.0, 1e-12 },       /* exactly N² */
    { AB_CX_DENSE, 1, a, b, 2.0, 1e-12 },
    { AB_CX_SPARSE, 0, b, c, 1.5, 0.02 },       /* N√N + O(N) */
    { AB_CX_SPARSE, 1, b, c, 1.5, 0.02 },
    { AB_CX_REFORMER, 0, a, b, 1.0, 1e-3 },     /* linear for fixed chunk and buckets */
    { AB_CX_REFORMER, 1, a, b, 1.0, 1e-3 },
    { AB_CX_REFORMER, 2, a, b, 1.0 + 0.0740006, 1e-6 },   /* N⌈log₂N⌉: 1 + log₂(20/19) */
    { AB_CX_LINFORMER, 0, a, b, 1.0, 1e-12 },
    { AB_CX_LINFORMER, 1, a, b, 1.0, 1e-3 },    /* + 2kd */
    { AB_CX_PERFORMER, 0, a, b, 1.0, 1e-12 },
    { AB_CX_PERFORMER, 1, a, b, 1.0, 1e-3 },
    { AB_CX_FLASH, 0, a, b, 2.0, 1e-12 },       /* exact attention's FLOPs */
    { AB_CX_FLASH, 1, a, b, 1.0, 1e-12 },       /* O(N) memory */
    { AB_CX_CHUNKED, 0, a, b, 2.0, 1e-12 },
    { AB_CX_CHUNKED, 1, b, c, 0.5, 0.01 },      /* O(√N) memory (FACTS row 18) */
  };
  for (size_t l = 0; l < G_N_ELEMENTS (laws); l++)
    {
      double s = slope (laws[l].m, &p, laws[l].which, laws[l].n0, laws[l].n1);
      g_test_message ("%s %s: exponent %.4f (law %.4f)", ab_complexity_method_name (laws[l].m),
                      laws[l].which == 0 ? "flops" : laws[l].which == 1 ? "bytes" : "sort", s,
                      laws[l].law);
      g_assert_cmpfloat (fabs (s - laws[l].law), <=, laws[l].tol);
    }
  /* at N = 10⁶ the ordering the picture shows */
  uint64_t n = 1000000;
  g_assert_cmpuint (count (AB_CX_FLASH, n, &p).bytes, <, count (AB_CX_CHUNKED, n, &p).bytes);
  g_assert_cmpuint (count (AB_CX_PERFORMER, n, &p).bytes, <, count (AB_CX_SPARSE, n, &p).bytes);
  g_assert_cmpuint (count (AB_CX_SPARSE, n, &p).bytes, <, count (AB_CX_DENSE, n, &p).bytes);
  g_assert_cmpuint (count (AB_CX_DENSE, n, &p).bytes, ==, 2000000000000ull);   /* 1.82 TiB */
}

/* The counter against what the kernels report when they run. */
static void
test_matches_kernels (void)
{
  enum { N = 512, D = 32 };
  AbComplexityParams p;
  ab_complexity_params_init (&p);
  p.d = D;
  p.elem_bytes = 4;
  AbRng rng;
  ab_rng_init (&rng, 1);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1), *o = g_new (float, N * D);

  /* sparse: the strided pattern's count */
  AbPattern pat;
  ab_pattern_init (&pat, AB_PATTERN_STRIDED, N);
  AbCsr csr;
  ab_pattern_to_csr (&pat, 0, &csr, NULL);
  AbSparseStats ss;
  ab_sparse_attention (&csr, D, q, k, v, 0, o, NULL, &ss, NULL);
  ab_csr_clear (&csr);
  g_assert_cmpuint (count (AB_CX_SPARSE, N, &p).flops, ==, ss.flops);

  /* Reformer: the LSH kernel's FLOPs with the same rounds, chunk, buckets */
  AbLshConfig lc = { .n = N, .d = D, .n_buckets = p.lsh_buckets, .n_rounds = p.lsh_rounds,
                     .chunk_len = p.lsh_chunk, .seed = 3 };
  AbLshHash h;
  ab_lsh_hash (&lc, q, &h, NULL);
  AbLshStats ls;
  g_assert_cmpint (ab_lsh_attention (&h, q, v, 0, o, NULL, &ls, NULL), ==, AB_APPROX_OK);
  ab_lsh_hash_clear (&h);
  g_assert_cmpuint (count (AB_CX_REFORMER, N, &p).flops, ==, ls.flops);

  /* Linformer and Performer */
  float *e = g_new (float, p.linformer_k * N), *f = g_new (float, p.linformer_k * N);
  AbLinformerConfig lf = { .n = N, .k = p.linformer_k };
  ab_linformer_projections (&lf, e, f, NULL);
  AbLinformerStats lst;
  ab_linformer_attention (N, D, p.linformer_k, q, k, v, e, f, 0, o, NULL, NULL, &lst, NULL);
  g_assert_cmpuint (count (AB_CX_LINFORMER, N, &p).flops, ==, lst.flops);
  g_free (e);
  g_free (f);
  AbPerformerConfig pc;
  ab_performer_config_init (&pc, D, p.performer_m);
  float *w = g_new (float, p.performer_m * D);
  ab_performer_draw (&pc, w, NULL);
  AbPerformerStats ps;
  ab_performer_attention (&pc, w, N, q, k, v, 0, 0, AB_FEATURE_ASSOCIATIVE, o, NULL, &ps, NULL);
  g_assert_cmpuint (count (AB_CX_PERFORMER, N, &p).flops, ==, ps.flops);
  g_free (w);

  /* chunked: the memory counter of attn-chunked.h at √N key chunks */
  AbChunkedConfig cc = { .q_chunk = 1024, .kv_chunk = 23 };   /* ⌈√512⌉ = 23 */
  g_assert_cmpuint (count (AB_CX_CHUNKED, N, &p).bytes, ==, ab_chunked_bytes (N, N, D, &cc));
  /* dense and flash FLOPs: ab_attention_flops */
  AbAttnShape s = { .n_q = N, .n_kv = N, .d = D };
  g_assert_cmpfloat (count (AB_CX_DENSE, N, &p).flops, ==, ab_attention_flops (&s));
  g_assert_cmpfloat (count (AB_CX_FLASH, N, &p).flops, ==, ab_attention_flops (&s));
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o);
}

static void
test_errors (void)
{
  AbComplexityParams p;
  ab_complexity_params_init (&p);
  AbComplexity c;
  AbApproxError err;
  g_assert_cmpint (ab_complexity (AB_CX_DENSE, 0, &p, &c, &err), ==, AB_APPROX_E_INVALID);
  g_assert_cmpint (ab_complexity (AB_CX_DENSE, (1ull << 24) + 1, &p, &c, &err), ==,
                   AB_APPROX_E_INVALID);
  g_assert_cmpint (ab_complexity (AB_CX_N_METHODS, 10, &p, &c, &err), ==, AB_APPROX_E_INVALID);
  p.linformer_k = 0;
  g_assert_cmpint (ab_complexity (AB_CX_LINFORMER, 10, &p, &c, &err), ==, AB_APPROX_E_INVALID);
  /* the largest N is fine everywhere */
  ab_complexity_params_init (&p);
  for (int m = 0; m < AB_CX_N_METHODS; m++)
    g_assert_cmpint (ab_complexity (m, 1ull << 24, &p, &c, &err), ==, AB_APPROX_OK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/complexity/dense-table", test_dense_table);
  g_test_add_func ("/kernels/complexity/growth", test_growth);
  g_test_add_func ("/kernels/complexity/matches-kernels", test_matches_kernels);
  g_test_add_func ("/kernels/complexity/errors", test_errors);
  return g_test_run ();
}

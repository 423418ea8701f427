/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-chunked.c — Rabe & Staats' chunked attention is exact: against
 * the double reference and the naive kernel over ragged chunks and masks;
 * its memory counter matches what it holds and grows as √N. */
#include "kernels-test-util.h"

#include "attn-chunked.h"

typedef struct
{
  int nq, nkv, d, qc, kc, causal;
} ChunkCase;

/* fp32 products (sgemm, expf) against the double reference: TOL_NORMAL of
 * test-attention.c, 1e-5 absolute + 1e-4 relative on O, 1e-5 + 1e-5 on the
 * logsumexp. */
static void
test_exact (void)
{
  static const ChunkCase cases[] = {
    { 1, 1, 4, 0, 0, 0 },
    { 300, 300, 32, 64, 100, 0 },
    { 300, 300, 32, 1, 1, 0 },
    { 257, 257, 16, 1024, 4096, 1 },   /* the paper's defaults: one chunk each */
    { 257, 257, 16, 50, 33, 1 },
    { 37, 129, 64, 8, 16, 1 },         /* KV-cache shape: queries are the last 37 tokens */
    { 129, 37, 16, 16, 8, 1 },         /* more queries than keys: masked rows */
    { 1024, 1024, 64, 128, 96, 0 },
  };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const ChunkCase *cc = &cases[c];
      AbRng rng;
      ab_rng_init (&rng, 900 + c);
      float *q = random_floats (&rng, (size_t) cc->nq * cc->d, 1);
      float *k = random_floats (&rng, (size_t) cc->nkv * cc->d, 1);
      float *v = random_floats (&rng, (size_t) cc->nkv * cc->d, 1);
      AbAttnShape s = { .n_q = cc->nq, .n_kv = cc->nkv, .d = cc->d, .causal = cc->causal };
      double *o_ref = g_new (double, cc->nq * cc->d), *lse_ref = g_new (double, cc->nq);
      ref_attention (&s, 1, q, k, v, o_ref, lse_ref);
      float *o = g_new (float, cc->nq * cc->d), *lse = g_new (float, cc->nq);
      float *o_naive = g_new (float, cc->nq * cc->d);
      AbChunkedConfig cfg = { .q_chunk = cc->qc, .kv_chunk = cc->kc, .causal = cc->causal };
      AbChunkedStats st;
      AbApproxError err;
      if (ab_chunked_attention (cc->nq, cc->nkv, cc->d, q, k, v, &cfg, o, lse, &st, &err)
          != AB_APPROX_OK)
        g_error ("%s", err.message);
      g_autofree char *what = g_strdup_printf ("chunked case %zu", c);
      double e = check_close (what, o, o_ref, (size_t) cc->nq * cc->d, 1e-5, 1e-4);
      check_close (what, lse, lse_ref, cc->nq, 1e-5, 1e-5);
      /* and the naive fp32 kernel of attention.h */
      AbAttnOptions opts = { .threads = 1 };
      AbAttnError aerr;
      g_assert_cmpint (ab_attention_naive (&s, 1, q, k, v, o_naive, NULL, &opts, NULL, &aerr), ==,
                       AB_ATTN_OK);
      double *o_nd = g_new (double, cc->nq * cc->d);
      for (int x = 0; x < cc->nq * cc->d; x++)
        o_nd[x] = o_naive[x];
      check_close ("chunked vs naive", o, o_nd, (size_t) cc->nq * cc->d, 1e-5, 1e-4);
      g_free (o_nd);

      g_assert_cmpuint (st.peak_bytes, ==, ab_chunked_bytes (cc->nq, cc->nkv, cc->d, &cfg));
      g_assert_cmpuint (st.chunks_computed + st.chunks_skipped, ==,
                        (guint64) st.n_q_chunks * st.n_kv_chunks);
      if (!cc->causal)
        g_assert_cmpuint (st.flops, ==, 4ull * cc->nq * cc->nkv * cc->d);
      g_test_message ("%s: %d x %d chunks (%llu skipped), max |err| %.2g, %zu B held", what,
                      st.n_q_chunks, st.n_kv_chunks, (unsigned long long) st.chunks_skipped, e,
                      st.peak_bytes);
      g_free (q);
      g_free (k);
      g_free (v);
      g_free (o_ref);
      g_free (lse_ref);
      g_free (o);
      g_free (lse);
      g_free (o_naive);
    }
}

/* The counter: the formula by hand at one size, and √N growth with
 * q_chunk fixed and kv_chunk = √N: quadrupling N doubles the bytes (to
 * within the rounding of ⌈N / kv_chunk⌉; allowed 1.95 … 2.05), against
 * 16× for the naive kernel's score matrix. */
static void
test_memory_counter (void)
{
  AbChunkedConfig cfg = { .q_chunk = 64, .kv_chunk = 100 };
  /* 4 · (64·100 + ⌈1000/100⌉ · 64 · (32 + 2)) */
  g_assert_cmpuint (ab_chunked_bytes (1000, 1000, 32, &cfg), ==, 4 * (6400 + 10 * 64 * 34));
  g_assert_cmpuint (ab_chunked_bytes (0, 10, 4, &cfg), ==, 0);
  double prev = 0;
  for (int e = 14; e <= 20; e += 2)
    {
      int n = 1 << e;
      AbChunkedConfig c = { .q_chunk = 64, .kv_chunk = 1 << (e / 2) };
      double b = (double) ab_chunked_bytes (n, n, 64, &c);
      AbAttnShape s = { .n_q = n, .n_kv = n, .d = 64 };
      g_test_message ("N = %d: chunked %.0f KiB, naive scores %.0f MiB", n, b / 1024,
                      ab_attention_naive_bytes (&s, 1) / 1048576.0);
      if (prev > 0)
        {
          g_assert_cmpfloat (b / prev, >, 1.95);
          g_assert_cmpfloat (b / prev, <, 2.05);
        }
      prev = b;
    }
  /* the defaults */
  g_assert_cmpuint (ab_chunked_bytes (8192, 8192, 64, NULL), ==,
                    4 * (1024 * 4096 + 2 * 1024 * 66));
}

static void
test_errors (void)
{
  float x[8] = { 0 }, o[8];
  AbApproxError err;
  AbChunkedConfig cfg = { .q_chunk = -1 };
  g_assert_cmpint (ab_chunked_attention (2, 2, 4, x, x, x, &cfg, o, NULL, NULL, &err), ==,
                   AB_APPROX_E_INVALID);
  x[7] = NAN;
  g_assert_cmpint (ab_chunked_attention (2, 2, 4, x, x, x, NULL, o, NULL, NULL, &err), ==,
                   AB_APPROX_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "Q[7] is nan"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/chunked/exact", test_exact);
  g_test_add_func ("/kernels/chunked/memory-counter", test_memory_counter);
  g_test_add_func ("/kernels/chunked/errors", test_errors);
  return g_test_run ();
}

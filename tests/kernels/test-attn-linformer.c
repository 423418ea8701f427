/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-linformer.c — Linformer against a direct double computation of
 * softmax(Q(EK)ᵀ)(FV), its identity limit (k = N, E = F = I is exact
 * attention), the projections' statistics and the cost counter. */
#include "kernels-test-util.h"

#include "attn-linformer.h"

/* softmax(scale · Q (E K)ᵀ) (F V) written out plainly in double. */
static void
ref_linformer (int n, int d, int k, const float *q, const float *kk, const float *v,
               const float *e, const float *f, double *o, double *p_eff)
{
  double *kp = g_new0 (double, k * d), *vp = g_new0 (double, k * d), *p = g_new (double, k);
  for (int r = 0; r < k; r++)
    for (int t = 0; t < n; t++)
      for (int c = 0; c < d; c++)
        {
          kp[r * d + c] += (double) e[r * n + t] * kk[t * d + c];
          vp[r * d + c] += (double) f[r * n + t] * v[t * d + c];
        }
  double scale = 1 / sqrt ((double) d);
  for (int i = 0; i < n; i++)
    {
      double mx = -INFINITY, sum = 0;
      for (int r = 0; r < k; r++)
        {
          double s = 0;
          for (int c = 0; c < d; c++)
            s += (double) q[i * d + c] * kp[r * d + c];
          p[r] = s * scale;
          mx = MAX (mx, p[r]);
        }
      for (int r = 0; r < k; r++)
        sum += (p[r] = exp (p[r] - mx));
      for (int c = 0; c < d; c++)
        {
          o[i * d + c] = 0;
          for (int r = 0; r < k; r++)
            o[i * d + c] += p[r] / sum * vp[r * d + c];
        }
      for (int t = 0; t < n; t++)
        {
          p_eff[i * n + t] = 0;
          for (int r = 0; r < k; r++)
            p_eff[i * n + t] += p[r] / sum * f[r * n + t];
        }
    }
  g_free (kp);
  g_free (vp);
  g_free (p);
}

/* Same double arithmetic in another order: 1e-6 + 1e-6·|ref| after the
 * float cast of O; P̄F stays double, 1e-12. */
static void
test_vs_reference (void)
{
  static const struct { int n, d, k, share; } cases[] = {
    { 1, 4, 1, 0 }, { 50, 8, 7, 0 }, { 128, 16, 32, 1 }, { 300, 32, 64, 0 },
  };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      int n = cases[c].n, d = cases[c].d, k = cases[c].k;
      AbRng rng;
      ab_rng_init (&rng, 600 + c);
      float *q = random_floats (&rng, n * d, 1), *kk = random_floats (&rng, n * d, 1);
      float *v = random_floats (&rng, n * d, 1);
      float *e = g_new (float, k * n), *f = g_new (float, k * n);
      AbLinformerConfig cfg = { .n = n, .k = k, .share_ef = cases[c].share, .seed = 9 };
      g_assert_cmpint (ab_linformer_projections (&cfg, e, f, NULL), ==, AB_APPROX_OK);
      const float *ff = cases[c].share ? e : f;
      float *o = g_new (float, n * d);
      double *p_eff = g_new (double, n * n), *p_bar = g_new (double, n * k);
      double *o_ref = g_new (double, n * d), *p_ref = g_new (double, n * n);
      AbLinformerStats st;
      AbApproxError err;
      g_assert_cmpint (ab_linformer_attention (n, d, k, q, kk, v, e, ff, 0, o, p_bar, p_eff, &st,
                                               &err), ==, AB_APPROX_OK);
      ref_linformer (n, d, k, q, kk, v, e, ff, o_ref, p_ref);
      check_close ("linformer O", o, o_ref, n * d, 1e-6, 1e-6);
      for (int x = 0; x < n * n; x++)
        g_assert_cmpfloat (fabs (p_eff[x] - p_ref[x]), <=, 1e-12 * (1 + fabs (p_ref[x])));
      for (int i = 0; i < n; i++)
        {
          double sum = 0;
          for (int r = 0; r < k; r++)
            sum += p_bar[i * k + r];
          g_assert_cmpfloat (fabs (sum - 1), <, 1e-12);   /* P̄ rows are distributions */
        }
      g_assert_cmpuint (st.flops, ==, 8ull * n * k * d);
      g_free (q);
      g_free (kk);
      g_free (v);
      g_free (e);
      g_free (f);
      g_free (o);
      g_free (p_eff);
      g_free (p_bar);
      g_free (o_ref);
      g_free (p_ref);
    }
}

/* k = N and E = F = I: Linformer is exact attention (against the naive
 * fp32 kernel's tolerance, TOL_NORMAL of test-attention.c). */
static void
test_identity_limit (void)
{
  enum { N = 96, D = 16 };
  AbRng rng;
  ab_rng_init (&rng, 8);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1);
  float *eye = g_new0 (float, N * N), *o = g_new (float, N * D);
  /* mean pooling at k = N is the identity */
  AbLinformerConfig cfg = { .n = N, .k = N, .projection = AB_LINFORMER_POOL, .share_ef = 1 };
  g_assert_cmpint (ab_linformer_projections (&cfg, eye, NULL, NULL), ==, AB_APPROX_OK);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      g_assert_cmpfloat (eye[i * N + j], ==, i == j ? 1.0f : 0.0f);
  double *o_ref = g_new (double, N * D), *lse = g_new (double, N);
  AbAttnShape s = { .n_q = N, .n_kv = N, .d = D };
  ref_attention (&s, 1, q, k, v, o_ref, lse);
  g_assert_cmpint (ab_linformer_attention (N, D, N, q, k, v, eye, eye, 0, o, NULL, NULL, NULL,
                                           NULL), ==, AB_APPROX_OK);
  check_close ("linformer E = F = I", o, o_ref, N * D, 1e-5, 1e-4);
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (eye);
  g_free (o);
  g_free (o_ref);
  g_free (lse);
}

/* Entries N(0, 1/k): over k·n = 65,536 entries the sample mean is within
 * 5·σ/√(kn) of 0 and the sample variance within 5·√(2/(kn)) (relative) of
 * 1/k; E and F differ; the same seed repeats. */
static void
test_projections (void)
{
  enum { N = 1024, K = 64 };
  float *e = g_new (float, K * N), *f = g_new (float, K * N), *e2 = g_new (float, K * N);
  AbLinformerConfig cfg = { .n = N, .k = K, .seed = 123 };
  g_assert_cmpint (ab_linformer_projections (&cfg, e, f, NULL), ==, AB_APPROX_OK);
  g_assert_cmpint (ab_linformer_projections (&cfg, e2, f, NULL), ==, AB_APPROX_OK);
  g_assert_cmpmem (e, K * N * sizeof *e, e2, K * N * sizeof *e2);
  double mean = 0, var = 0;
  for (int x = 0; x < K * N; x++)
    mean += e[x] / (double) (K * N);
  for (int x = 0; x < K * N; x++)
    var += (e[x] - mean) * (e[x] - mean) / (double) (K * N - 1);
  double sigma2 = 1.0 / K;
  g_assert_cmpfloat (fabs (mean), <, 5 * sqrt (sigma2 / (K * N)));
  g_assert_cmpfloat (fabs (var / sigma2 - 1), <, 5 * sqrt (2.0 / (K * N)));
  g_assert_true (memcmp (e, f, K * N * sizeof *e) != 0);
  g_free (e);
  g_free (f);
  g_free (e2);
}

/* Mean pooling at k < N: k segments tiling 0 … N−1 in order, each row a
 * mean (entries 1/len summing to 1), lengths ⌊N/k⌋ or ⌈N/k⌉; P̄F rows are
 * then distributions over the original tokens. */
static void
test_pool (void)
{
  enum { N = 100, K = 7, D = 8 };
  float *e = g_new (float, K * N), *f = g_new (float, K * N);
  AbLinformerConfig cfg = { .n = N, .k = K, .projection = AB_LINFORMER_POOL };
  g_assert_cmpint (ab_linformer_projections (&cfg, e, f, NULL), ==, AB_APPROX_OK);
  g_assert_cmpmem (e, K * N * sizeof *e, f, K * N * sizeof *f);
  int next = 0;
  for (int r = 0; r < K; r++)
    {
      int len = 0;
      double sum = 0;
      for (int t = 0; t < N; t++)
        if (e[r * N + t] != 0)
          {
            g_assert_cmpint (t, ==, next + len);   /* contiguous, in order */
            len++;
            sum += e[r * N + t];
          }
      g_assert_cmpint (len, >=, N / K);
      g_assert_cmpint (len, <=, N / K + 1);
      g_assert_cmpfloat (fabs (sum - 1), <, 1e-6);
      next += len;
    }
  g_assert_cmpint (next, ==, N);
  AbRng rng;
  ab_rng_init (&rng, 2);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1), *o = g_new (float, N * D);
  double *p_eff = g_new (double, N * N);
  g_assert_cmpint (ab_linformer_attention (N, D, K, q, k, v, e, f, 0, o, NULL, p_eff, NULL, NULL),
                   ==, AB_APPROX_OK);
  for (int i = 0; i < N; i++)
    {
      double sum = 0;
      for (int t = 0; t < N; t++)
        {
          g_assert_cmpfloat (p_eff[i * N + t], >=, 0);
          sum += p_eff[i * N + t];
        }
      g_assert_cmpfloat (fabs (sum - 1), <, 1e-6);   /* float pooling weights */
    }
  g_free (e);
  g_free (f);
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o);
  g_free (p_eff);
}

static void
test_errors (void)
{
  float x[16] = { 0 }, o[16];
  AbApproxError err;
  AbLinformerConfig cfg = { .n = 4, .k = 0 };
  g_assert_cmpint (ab_linformer_projections (&cfg, x, x, &err), ==, AB_APPROX_E_INVALID);
  cfg.k = 5;
  g_assert_cmpint (ab_linformer_projections (&cfg, x, x, &err), ==, AB_APPROX_E_INVALID);
  cfg.k = 2;
  g_assert_cmpint (ab_linformer_projections (&cfg, x, NULL, &err), ==, AB_APPROX_E_INVALID);
  x[3] = INFINITY;
  g_assert_cmpint (ab_linformer_attention (4, 2, 2, x, x, x, x, x, 0, o, NULL, NULL, NULL, &err),
                   ==, AB_APPROX_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "Q[3] is inf"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/linformer/vs-reference", test_vs_reference);
  g_test_add_func ("/kernels/linformer/identity-limit", test_identity_limit);
  g_test_add_func ("/kernels/linformer/projections", test_projections);
  g_test_add_func ("/kernels/linformer/pool", test_pool);
  g_test_add_func ("/kernels/linformer/errors", test_errors);
  return g_test_run ();
}

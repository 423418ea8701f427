/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-performer.c — feature-map attention: the quadratic ("parallel")
 * and associative / prefix-sum ("recurrent") forms agree, for elu + 1 linear
 * attention and for Performer's FAVOR+ features; the positive random
 * features are unbiased for exp(x·y), orthogonal where they should be, and
 * converge to softmax attention as m grows. */
#include "kernels-test-util.h"

#include "attn-performer.h"

/* Two forms, same features, both accumulated in double in different
 * orders: they agree to ~1e-15 relative before the float cast (6e-8).
 * Allowed: 1e-6 + 1e-6·|ref|. */
#define TOL_FORMS 1e-6, 1e-6

static double *
to_double (const float *x, size_t n)
{
  double *y = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    y[i] = x[i];
  return y;
}

static void
test_linear_forms (void)
{
  enum { N = 200, D = 16 };
  AbRng rng;
  ab_rng_init (&rng, 11);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1);
  float *o_par = g_new (float, N * D), *o_rec = g_new (float, N * D), *o_step = g_new (float, N * D);
  double *a = g_new (double, N * N);
  for (int causal = 0; causal <= 1; causal++)
    {
      AbFeatureStats sp, sr;
      AbApproxError err;
      g_assert_cmpint (ab_linear_attention (N, D, q, k, v, causal, AB_FEATURE_QUADRATIC, o_par, a,
                                            &sp, &err), ==, AB_APPROX_OK);
      g_assert_cmpint (ab_linear_attention (N, D, q, k, v, causal, AB_FEATURE_ASSOCIATIVE, o_rec,
                                            NULL, &sr, &err), ==, AB_APPROX_OK);
      double *ref = to_double (o_par, N * D);
      check_close (causal ? "recurrent vs parallel (causal)" : "associative vs quadratic",
                   o_rec, ref, N * D, TOL_FORMS);
      /* FLOP counts of the two forms (attn-linear.h) */
      uint64_t entries = causal ? (uint64_t) N * (N + 1) / 2 : (uint64_t) N * N;
      g_assert_cmpuint (sp.flops, ==, entries * (2 * D + 2 * D));
      g_assert_cmpuint (sr.flops, ==, 4ull * N * D * D + 4ull * N * D);
      /* the matrix: rows are distributions over j ≤ i */
      for (int i = 0; i < N; i++)
        {
          double sum = 0;
          for (int j = 0; j < N; j++)
            {
              if (causal && j > i)
                g_assert_cmpfloat (a[i * N + j], ==, 0);
              g_assert_cmpfloat (a[i * N + j], >=, 0);   /* elu + 1 > 0 */
              sum += a[i * N + j];
            }
          g_assert_cmpfloat (fabs (sum - 1), <, 1e-12);
        }
      if (causal)
        {
          /* the recurrent form one token at a time, as a decoder runs it */
          float *pq = g_new (float, N * D), *pk = g_new (float, N * D);
          ab_elu1_features (q, N * D, pq);
          ab_elu1_features (k, N * D, pk);
          AbLinearState st;
          g_assert_cmpint (ab_linear_state_init (&st, D, D, NULL), ==, AB_APPROX_OK);
          for (int i = 0; i < N; i++)
            {
              ab_linear_state_push (&st, pk + i * D, v + i * D);
              ab_linear_state_read (&st, pq + i * D, o_step + i * D);
            }
          ab_linear_state_clear (&st);
          check_close ("step-by-step vs parallel", o_step, ref, N * D, TOL_FORMS);
          g_free (pq);
          g_free (pk);
        }
      g_free (ref);
    }
  /* elu + 1 itself */
  float x[4] = { -2, 0, 0.5f, 3 }, phi[4];
  ab_elu1_features (x, 4, phi);
  g_assert_cmpfloat (fabs (phi[0] - expf (-2)), <, 1e-7);
  g_assert_cmpfloat (phi[1], ==, 1);
  g_assert_cmpfloat (phi[2], ==, 1.5f);
  g_assert_cmpfloat (phi[3], ==, 4);
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o_par);
  g_free (o_rec);
  g_free (o_step);
  g_free (a);
}

/* FAVOR+ causal prefix sums equal the masked quadratic form of the same
 * features; non-causal associativity likewise; for both kernels. */
static void
test_performer_forms (void)
{
  enum { N = 300, D = 32, M = 64 };
  AbRng rng;
  ab_rng_init (&rng, 12);
  float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
  float *v = random_floats (&rng, N * D, 1);
  float *o_quad = g_new (float, N * D), *o_assoc = g_new (float, N * D);
  float *w = g_new (float, M * D);
  for (int kernel = 0; kernel <= 1; kernel++)
    for (int causal = 0; causal <= 1; causal++)
      {
        AbPerformerConfig cfg;
        ab_performer_config_init (&cfg, D, M);
        cfg.kernel = kernel;
        g_assert_cmpint (ab_performer_draw (&cfg, w, NULL), ==, AB_APPROX_OK);
        AbPerformerStats sq, sa;
        AbApproxError err;
        g_assert_cmpint (ab_performer_attention (&cfg, w, N, q, k, v, 0, causal,
                                                 AB_FEATURE_QUADRATIC, o_quad, NULL, &sq, &err),
                         ==, AB_APPROX_OK);
        g_assert_cmpint (ab_performer_attention (&cfg, w, N, q, k, v, 0, causal,
                                                 AB_FEATURE_ASSOCIATIVE, o_assoc, NULL, &sa, &err),
                         ==, AB_APPROX_OK);
        double *ref = to_double (o_quad, N * D);
        g_autofree char *what = g_strdup_printf ("%s causal=%d", kernel ? "relu" : "favor+",
                                                 causal);
        check_close (what, o_assoc, ref, N * D, TOL_FORMS);
        g_free (ref);
        /* O(N·m·d) (FACTS row 17): 2·2·N·m·d for the features, 4·N·m·d + 4·N·m after */
        g_assert_cmpuint (sa.feature_flops, ==, 4ull * N * M * D);
        g_assert_cmpuint (sa.flops, ==, 8ull * N * M * D + 4ull * N * M);
        g_assert_cmpuint (sq.attention_flops, >, sa.attention_flops);
      }
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (o_quad);
  g_free (o_assoc);
  g_free (w);
}

/* The book's worked example size, N = 4, d = 2: (φ(Q)φ(K)ᵀ)V and
 * φ(Q)(φ(K)ᵀV) by hand here, against the kernel, with φ(x) = ReLU(Wx)/√m. */
static void
test_worked_example (void)
{
  const float q[8] = { 1, 0, 0, 1, 1, 1, -1, 0.5f };
  const float k[8] = { 1, 1, 0, 1, 1, -1, 0.5f, 0.5f };
  const float v[8] = { 1, 0, 0, 1, 1, 1, 2, 0 };
  const float w[6] = { 1, 0, 0, 1, 1, 1 };     /* m = 3 features */
  AbPerformerConfig cfg = { .d = 2, .m = 3, .kernel = AB_PERFORMER_RELU };
  float pq[12], pk[12];
  g_assert_cmpint (ab_performer_features (&cfg, w, q, 4, 1.0, AB_PERFORMER_STAB_NONE, pq, NULL),
                   ==, AB_APPROX_OK);
  g_assert_cmpint (ab_performer_features (&cfg, w, k, 4, 1.0, AB_PERFORMER_STAB_NONE, pk, NULL),
                   ==, AB_APPROX_OK);
  /* by hand: φ(q_0) = ReLU(1, 0, 1)/√3 */
  g_assert_cmpfloat (fabs (pq[0] - 1 / sqrt (3)), <, 1e-7);
  g_assert_cmpfloat (pq[1], ==, 0);
  double left[8] = { 0 }, right[8] = { 0 }, kv[6] = { 0 }, z[3] = { 0 };
  for (int i = 0; i < 4; i++)
    {
      double den = 0, a[4];
      for (int j = 0; j < 4; j++)
        {
          a[j] = 0;
          for (int f = 0; f < 3; f++)
            a[j] += (double) pq[i * 3 + f] * pk[j * 3 + f];
          den += a[j];
        }
      for (int j = 0; j < 4; j++)
        for (int c = 0; c < 2; c++)
          left[i * 2 + c] += a[j] / den * v[j * 2 + c];
    }
  for (int j = 0; j < 4; j++)
    for (int f = 0; f < 3; f++)
      {
        z[f] += pk[j * 3 + f];
        for (int c = 0; c < 2; c++)
          kv[f * 2 + c] += (double) pk[j * 3 + f] * v[j * 2 + c];
      }
  for (int i = 0; i < 4; i++)
    {
      double den = 0;
      for (int f = 0; f < 3; f++)
        den += pq[i * 3 + f] * z[f];
      for (int c = 0; c < 2; c++)
        {
          for (int f = 0; f < 3; f++)
            right[i * 2 + c] += pq[i * 3 + f] * kv[f * 2 + c];
          right[i * 2 + c] /= den;
        }
    }
  for (int e = 0; e < 8; e++)
    g_assert_cmpfloat (fabs (left[e] - right[e]), <, 1e-12);   /* associativity, exact arithmetic */
  float o[8];
  AbPerformerStats st;
  g_assert_cmpint (ab_performer_attention (&cfg, w, 4, q, k, v, 1.0f, 0, AB_FEATURE_ASSOCIATIVE,
                                           o, NULL, &st, NULL), ==, AB_APPROX_OK);
  check_close ("worked example", o, left, 8, 1e-6, 1e-6);
  /* N = 4, m = 3, d = 2: 4·4·3·2 + 4·4·3 = 144 FLOPs after the features */
  g_assert_cmpuint (st.attention_flops, ==, 144);
}

/* Lemma 1: E[φ(x)·φ(y)] = exp(x·y) for raw positive features, i.i.d. and
 * orthogonal. 3,000 independent draws of m = 16 features (d = 8); the
 * sample mean must lie within 5 standard errors of exp(x·y). Also reports
 * the variance of both, and requires the orthogonal one to be lower
 * (Performer, Theorem 2), with the comparison's own noise below the gap. */
static void
test_unbiased (void)
{
  enum { D = 8, M = 16, DRAWS = 3000 };
  const float x[D] = { 0.3f, -0.2f, 0.5f, 0.1f, 0.0f, -0.4f, 0.2f, 0.3f };
  const float y[D] = { 0.4f, 0.1f, 0.3f, -0.2f, 0.2f, -0.3f, 0.1f, 0.5f };
  double truth = 0;
  for (int c = 0; c < D; c++)
    truth += (double) x[c] * y[c];
  truth = exp (truth);
  double var[2];
  for (int orth = 0; orth <= 1; orth++)
    {
      double sum = 0, sum2 = 0;
      float w[M * D], px[M], py[M];
      for (int s = 0; s < DRAWS; s++)
        {
          AbPerformerConfig cfg;
          ab_performer_config_init (&cfg, D, M);
          cfg.orthogonal = orth;
          cfg.seed = 1000 + s;
          ab_performer_draw (&cfg, w, NULL);
          ab_performer_features (&cfg, w, x, 1, 1.0, AB_PERFORMER_STAB_NONE, px, NULL);
          ab_performer_features (&cfg, w, y, 1, 1.0, AB_PERFORMER_STAB_NONE, py, NULL);
          double est = 0;
          for (int a = 0; a < M; a++)
            {
              g_assert_cmpfloat (px[a], >, 0);   /* positive features */
              est += (double) px[a] * py[a];
            }
          sum += est;
          sum2 += est * est;
        }
      double mean = sum / DRAWS;
      var[orth] = (sum2 - DRAWS * mean * mean) / (DRAWS - 1);
      double se = sqrt (var[orth] / DRAWS);
      g_test_message ("%s: mean %.5f +- %.5f, exp(x.y) = %.5f, variance %.3g",
                      orth ? "orthogonal" : "iid", mean, se, truth, var[orth]);
      g_assert_cmpfloat (fabs (mean - truth), <, 5 * se);
    }
  /* The two variances are estimated from 3,000 draws each: relative SE of
   * a variance ≈ √(2/(n−1)) ≈ 2.6 %, so a ratio below 0.9 is well outside
   * noise. */
  g_test_message ("variance ratio orthogonal / iid = %.3f", var[1] / var[0]);
  g_assert_cmpfloat (var[1] / var[0], <, 0.9);
}

static void
test_draw (void)
{
  enum { D = 16, M = 4096 };
  float *w = g_new (float, M * D), *w2 = g_new (float, M * D);
  AbPerformerConfig cfg;
  ab_performer_config_init (&cfg, D, M);
  g_assert_cmpint (ab_performer_draw (&cfg, w, NULL), ==, AB_APPROX_OK);
  g_assert_cmpint (ab_performer_draw (&cfg, w2, NULL), ==, AB_APPROX_OK);
  g_assert_cmpmem (w, M * D * sizeof *w, w2, M * D * sizeof *w2);
  double worst = 0, mean_sq = 0;
  for (int b0 = 0; b0 < M; b0 += D)
    for (int i = b0; i < b0 + D; i++)
      {
        double ni = 0;
        for (int c = 0; c < D; c++)
          ni += (double) w[i * D + c] * w[i * D + c];
        mean_sq += ni / M;
        for (int j = b0; j < i; j++)
          {
            double dot = 0, nj = 0;
            for (int c = 0; c < D; c++)
              {
                dot += (double) w[i * D + c] * w[j * D + c];
                nj += (double) w[j * D + c] * w[j * D + c];
              }
            worst = MAX (worst, fabs (dot) / sqrt (ni * nj));
          }
      }
  /* float storage of unit directions: |cos| of a few 1e-7 */
  g_test_message ("worst |cos| within a block %.2g, mean |w|^2 %.3f (d = %d)", worst, mean_sq, D);
  g_assert_cmpfloat (worst, <, 1e-6);
  /* ‖w‖² ~ χ²_d: mean d, sd √(2d); over M rows SE = √(2d/M) = 0.088 */
  g_assert_cmpfloat (fabs (mean_sq - D), <, 5 * sqrt (2.0 * D / M));
  /* a ragged last block (m not a multiple of d) */
  ab_performer_config_init (&cfg, D, 40);
  g_assert_cmpint (ab_performer_draw (&cfg, w, NULL), ==, AB_APPROX_OK);
  for (int e = 0; e < 40 * D; e++)
    g_assert_true (isfinite (w[e]));
  g_free (w);
  g_free (w2);
}

/* FAVOR+ approaches softmax attention as m grows: relative Frobenius error
 * of O against the double reference, averaged over 6 seeds, must fall at
 * every step m = 8 → 32 → 128 → 512 (the estimator's variance falls as
 * 1/m), and by at least 3× from 8 to 512 (√64 = 8× for a pure 1/√m law;
 * the ratio of the normaliser makes it less than that). Q, K entries have
 * σ = 0.5 at d = 16, so the scaled vectors have ‖x‖² ≈ 1. At σ = 1
 * (‖x‖² ≈ 4) the variance factor e^{‖x+y‖²} of Performer's Lemma 2 is
 * ~e^8 and the error at m = 512 is still above 0.5 (measured ≈ 1): checked
 * too, as the fact the book reports. */
static void
test_converges (void)
{
  enum { N = 256, D = 16, SEEDS = 6 };
  static const int ms[] = { 8, 32, 128, 512 };
  double mean_err[G_N_ELEMENTS (ms)] = { 0 }, wide_err = 0;
  float *o = g_new (float, N * D), *w = g_new (float, 512 * D);
  double *o_ref = g_new (double, N * D);
  for (int s = 0; s < SEEDS; s++)
    {
      AbRng rng;
      ab_rng_init (&rng, 500 + s);
      float *q = random_floats (&rng, N * D, 1), *k = random_floats (&rng, N * D, 1);
      float *v = random_floats (&rng, N * D, 1);
      /* σ = 1 first, then halve Q and K for the converging runs */
      g_assert_cmpint (ab_approx_dense_attention (N, N, D, q, k, v, 0, NULL, o_ref, NULL, NULL,
                                                  NULL), ==, AB_APPROX_OK);
      {
        AbPerformerConfig cfg;
        ab_performer_config_init (&cfg, D, 512);
        cfg.seed = 77 + s;
        ab_performer_draw (&cfg, w, NULL);
        ab_performer_attention (&cfg, w, N, q, k, v, 0, 0, AB_FEATURE_ASSOCIATIVE, o, NULL, NULL,
                                NULL);
        wide_err += ab_approx_rel_frobenius_f (o, o_ref, N * D) / SEEDS;
      }
      for (int e = 0; e < N * D; e++)
        {
          q[e] *= 0.5f;
          k[e] *= 0.5f;
        }
      g_assert_cmpint (ab_approx_dense_attention (N, N, D, q, k, v, 0, NULL, o_ref, NULL, NULL,
                                                  NULL), ==, AB_APPROX_OK);
      for (size_t a = 0; a < G_N_ELEMENTS (ms); a++)
        {
          AbPerformerConfig cfg;
          ab_performer_config_init (&cfg, D, ms[a]);
          cfg.seed = 77 + s;
          ab_performer_draw (&cfg, w, NULL);
          g_assert_cmpint (ab_performer_attention (&cfg, w, N, q, k, v, 0, 0,
                                                   AB_FEATURE_ASSOCIATIVE, o, NULL, NULL, NULL),
                           ==, AB_APPROX_OK);
          mean_err[a] += ab_approx_rel_frobenius_f (o, o_ref, N * D) / SEEDS;
        }
      g_free (q);
      g_free (k);
      g_free (v);
    }
  for (size_t a = 0; a < G_N_ELEMENTS (ms); a++)
    {
      g_test_message ("m = %d: mean relative error %.4f", ms[a], mean_err[a]);
      if (a > 0)
        g_assert_cmpfloat (mean_err[a], <, mean_err[a - 1]);
    }
  g_assert_cmpfloat (mean_err[3] * 3, <, mean_err[0]);
  g_test_message ("sigma = 1, m = 512: mean relative error %.4f", wide_err);
  g_assert_cmpfloat (wide_err, >, 0.5);
  g_free (o);
  g_free (w);
  g_free (o_ref);
}

static void
test_errors (void)
{
  AbPerformerConfig cfg;
  ab_performer_config_init (&cfg, 4, 0);
  float w[16], x[16] = { 0 }, o[16], phi[16];
  AbApproxError err;
  g_assert_cmpint (ab_performer_draw (&cfg, w, &err), ==, AB_APPROX_E_INVALID);
  ab_performer_config_init (&cfg, 4, 4);
  ab_performer_draw (&cfg, w, NULL);
  x[2] = NAN;
  g_assert_cmpint (ab_performer_features (&cfg, w, x, 4, 0, AB_PERFORMER_STAB_ROW, phi, &err), ==,
                   AB_APPROX_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "X[2] is nan"));
  x[2] = 0;
  double a[16];
  g_assert_cmpint (ab_feature_attention (4, 4, 4, x, x, x, 0, AB_FEATURE_ASSOCIATIVE, o, a, NULL,
                                         &err), ==, AB_APPROX_E_INVALID);
  g_assert_cmpint (ab_feature_attention (4, 4, 4, x, x, x, 0, 7, o, NULL, NULL, &err), ==,
                   AB_APPROX_E_INVALID);
  /* ReLU features of zero vectors: zero denominators give zero rows, no NaN */
  cfg.kernel = AB_PERFORMER_RELU;
  g_assert_cmpint (ab_performer_attention (&cfg, w, 4, x, x, x, 0, 1, AB_FEATURE_ASSOCIATIVE, o,
                                           NULL, NULL, &err), ==, AB_APPROX_OK);
  for (int e = 0; e < 16; e++)
    g_assert_cmpfloat (o[e], ==, 0);
  g_assert_cmpint (ab_linear_attention (0, 4, x, x, x, 0, AB_FEATURE_QUADRATIC, o, NULL, NULL,
                                        &err), ==, AB_APPROX_E_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/linear/forms", test_linear_forms);
  g_test_add_func ("/kernels/performer/forms", test_performer_forms);
  g_test_add_func ("/kernels/performer/worked-example", test_worked_example);
  g_test_add_func ("/kernels/performer/unbiased", test_unbiased);
  g_test_add_func ("/kernels/performer/draw", test_draw);
  g_test_add_func ("/kernels/performer/converges", test_converges);
  g_test_add_func ("/kernels/performer/errors", test_errors);
  return g_test_run ();
}

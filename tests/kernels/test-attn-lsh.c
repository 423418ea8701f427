/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attn-lsh.c — Reformer LSH: the hash's invariants, its collision rate
 * on synthetic vector pairs against the angular-LSH probability (and that
 * probability against a Monte Carlo written here), and the chunked
 * multi-round attention against dense attention under the same mask. */
#include "kernels-test-util.h"

#include "attn-lsh.h"

/* A random unit vector x and a unit y at angle theta from it, in d dims. */
static void
pair_at_angle (AbRng *rng, int d, double theta, float *x, float *y)
{
  double *a = g_new (double, d), *b = g_new (double, d);
  double na = 0, dot = 0, nb = 0;
  for (int c = 0; c < d; c++)
    {
      a[c] = ab_rng_normal (rng);
      b[c] = ab_rng_normal (rng);
      na += a[c] * a[c];
    }
  for (int c = 0; c < d; c++)
    a[c] /= sqrt (na);
  for (int c = 0; c < d; c++)
    dot += a[c] * b[c];
  for (int c = 0; c < d; c++)
    {
      b[c] -= dot * a[c];
      nb += b[c] * b[c];
    }
  for (int c = 0; c < d; c++)
    {
      b[c] /= sqrt (nb);
      x[c] = (float) a[c];
      y[c] = (float) (cos (theta) * a[c] + sin (theta) * b[c]);
    }
  g_free (a);
  g_free (b);
}

static void
test_hash_basic (void)
{
  enum { N = 500, D = 24 };
  AbRng rng;
  ab_rng_init (&rng, 5);
  float *x = random_floats (&rng, N * D, 1.0);
  float *x3 = g_new (float, N * D), *xneg = g_new (float, N * D);
  for (int e = 0; e < N * D; e++)
    {
      x3[e] = 3.0f * x[e];
      xneg[e] = -x[e];
    }
  AbLshConfig cfg;
  ab_lsh_config_init (&cfg, N, D);
  cfg.n_buckets = 12;
  cfg.n_rounds = 3;
  AbLshHash h, h3, hn, h_again;
  AbApproxError err;
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, &err), ==, AB_APPROX_OK);
  g_assert_cmpint (ab_lsh_hash (&cfg, x3, &h3, &err), ==, AB_APPROX_OK);
  g_assert_cmpint (ab_lsh_hash (&cfg, xneg, &hn, &err), ==, AB_APPROX_OK);
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h_again, &err), ==, AB_APPROX_OK);
  for (int r = 0; r < cfg.n_rounds; r++)
    {
      const int32_t *bucket = h.bucket + r * N, *order = h.order + r * N, *rank = h.rank + r * N;
      for (int t = 0; t < N; t++)
        {
          g_assert_cmpint (bucket[t], >=, 0);
          g_assert_cmpint (bucket[t], <, cfg.n_buckets);
          g_assert_cmpint (order[rank[t]], ==, t);                     /* inverse permutations */
          /* direction only; the antipode lands b/2 buckets away */
          g_assert_cmpint (h3.bucket[r * N + t], ==, bucket[t]);
          g_assert_cmpint (hn.bucket[r * N + t], ==, (bucket[t] + cfg.n_buckets / 2) % cfg.n_buckets);
          g_assert_cmpint (ab_lsh_bucket_of (h.rotations + (size_t) r * D * 6, D, 12, x + t * D),
                           ==, bucket[t]);
        }
      for (int p = 1; p < N; p++)
        {
          /* sorted by bucket, then by position */
          int a = order[p - 1], b = order[p];
          g_assert_true (bucket[a] < bucket[b] || (bucket[a] == bucket[b] && a < b));
        }
    }
  g_assert_cmpmem (h.bucket, N * 3 * sizeof (int32_t), h_again.bucket, N * 3 * sizeof (int32_t));
  ab_lsh_hash_clear (&h);
  ab_lsh_hash_clear (&h3);
  ab_lsh_hash_clear (&hn);
  ab_lsh_hash_clear (&h_again);
  g_free (x);
  g_free (x3);
  g_free (xneg);
}

/* Monte Carlo of the collision probability straight from its definition:
 * h columns of (u, w) bivariate normal with correlation cos θ, argmax of
 * [u, −u] against argmax of [w, −w]. Independent of the kernel's hashing
 * and of its quadrature. */
static double
collision_mc (AbRng *rng, double theta, int b, int samples)
{
  int h = b / 2, same = 0;
  double rho = cos (theta), s = sin (theta);
  for (int t = 0; t < samples; t++)
    {
      double bu = -INFINITY, bw = -INFINITY;
      int iu = 0, iw = 0;
      for (int c = 0; c < h; c++)
        {
          double u = ab_rng_normal (rng), w = rho * u + s * ab_rng_normal (rng);
          /* the same argmax over [u, −u] as the hash, written out */
          if (fabs (u) > bu)
            {
              bu = fabs (u);
              iu = u > 0 ? c : h + c;
            }
          if (fabs (w) > bw)
            {
              bw = fabs (w);
              iw = w > 0 ? c : h + c;
            }
        }
      same += iu == iw;
    }
  return (double) same / samples;
}

/* Quadrature against the Monte Carlo: 100,000 samples give a binomial
 * standard error ≤ 0.0016; allowed |P − MC| ≤ 5·SE + 2e-4 (quadrature). */
static void
test_collision_probability (void)
{
  static const int buckets[] = { 2, 4, 8, 16, 64 };
  static const double thetas[] = { 0.3, 0.7, 1.2, 2.0, 2.8 };
  AbRng rng;
  ab_rng_init (&rng, 31337);
  for (size_t b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      double prev = 1.0;
      for (size_t t = 0; t < G_N_ELEMENTS (thetas); t++)
        {
          double p = ab_lsh_collision_probability (thetas[t], buckets[b]);
          double mc = collision_mc (&rng, thetas[t], buckets[b], 100000);
          double se = sqrt (MAX (mc * (1 - mc), 1e-4) / 100000);
          g_test_message ("b=%d theta=%.1f: quadrature %.5f, Monte Carlo %.5f", buckets[b],
                          thetas[t], p, mc);
          if (fabs (p - mc) > 5 * se + 2e-4)
            g_error ("b=%d theta=%.2f: P = %.5f but Monte Carlo %.5f (SE %.5f)", buckets[b],
                     thetas[t], p, mc, se);
          g_assert_cmpfloat (p, <, prev);   /* nearer vectors collide more */
          prev = p;
        }
      g_assert_cmpfloat (ab_lsh_collision_probability (0, buckets[b]), ==, 1);
      g_assert_cmpfloat (ab_lsh_collision_probability (M_PI, buckets[b]), ==, 0);
    }
  g_assert_cmpfloat (fabs (ab_lsh_collision_probability (M_PI / 3, 2) - 2.0 / 3), <, 1e-15);
  g_assert_true (isnan (ab_lsh_collision_probability (1, 3)));
  g_assert_true (isnan (ab_lsh_collision_probability (-0.1, 4)));
  double p8 = ab_lsh_collision_probability (1.0, 8);
  g_assert_cmpfloat (fabs (ab_lsh_collision_probability_rounds (1.0, 8, 4)
                           - (1 - pow (1 - p8, 4))), <, 1e-15);
}

/* The kernel's hashing of real d = 64 vector pairs at angle θ. Each hash
 * call holds 256 pairs (512 rows) and 16 rounds with independent
 * rotations; 4 calls give 64 per-round collision rates r_k, i.i.d. with
 * mean P (pairs share a rotation within a round, so rounds, not pairs, are
 * the independent samples). Allowed: |mean − P| ≤ 5·sd(r_k)/√64 + 2e-3.
 * The same for "collides in at least one of 4 rounds" against
 * 1 − (1 − P)^4 (16 groups of 4 rounds). */
static void
test_collision_hashing (void)
{
  enum { D = 64, PAIRS = 256, CALLS = 4, ROUNDS = 16 };
  static const int buckets[] = { 2, 8, 32 };
  static const double thetas[] = { 0.25, 0.6, 1.0, 1.6, 2.5 };
  AbRng rng;
  ab_rng_init (&rng, 99);
  float *x = g_new (float, 2 * PAIRS * D);
  for (size_t b = 0; b < G_N_ELEMENTS (buckets); b++)
    for (size_t t = 0; t < G_N_ELEMENTS (thetas); t++)
      {
        double rates[CALLS * ROUNDS], any4[CALLS * ROUNDS / 4];
        for (int call = 0; call < CALLS; call++)
          {
            for (int p = 0; p < PAIRS; p++)
              pair_at_angle (&rng, D, thetas[t], x + (2 * p) * D, x + (2 * p + 1) * D);
            AbLshConfig cfg;
            ab_lsh_config_init (&cfg, 2 * PAIRS, D);
            cfg.n_buckets = buckets[b];
            cfg.n_rounds = ROUNDS;
            cfg.seed = 1000 + call * 17 + b * 101 + t * 1009;
            AbLshHash h;
            g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, NULL), ==, AB_APPROX_OK);
            int hit4[PAIRS][ROUNDS / 4] = { { 0 } };
            for (int r = 0; r < ROUNDS; r++)
              {
                int same = 0;
                for (int p = 0; p < PAIRS; p++)
                  if (h.bucket[r * 2 * PAIRS + 2 * p] == h.bucket[r * 2 * PAIRS + 2 * p + 1])
                    {
                      same++;
                      hit4[p][r / 4] = 1;
                    }
                rates[call * ROUNDS + r] = (double) same / PAIRS;
              }
            for (int g = 0; g < ROUNDS / 4; g++)
              {
                int any = 0;
                for (int p = 0; p < PAIRS; p++)
                  any += hit4[p][g];
                any4[call * (ROUNDS / 4) + g] = (double) any / PAIRS;
              }
            ab_lsh_hash_clear (&h);
          }
        double want = ab_lsh_collision_probability (thetas[t], buckets[b]);
        double want4 = ab_lsh_collision_probability_rounds (thetas[t], buckets[b], 4);
        for (int which = 0; which < 2; which++)
          {
            const double *r = which ? any4 : rates;
            int k = which ? CALLS * ROUNDS / 4 : CALLS * ROUNDS;
            double mean = 0, var = 0;
            for (int a = 0; a < k; a++)
              mean += r[a] / k;
            for (int a = 0; a < k; a++)
              var += (r[a] - mean) * (r[a] - mean) / (k - 1);
            double se = sqrt (var / k), w = which ? want4 : want;
            g_test_message ("b=%d theta=%.2f rounds=%d: measured %.4f +- %.4f, expected %.4f",
                            buckets[b], thetas[t], which ? 4 : 1, mean, se, w);
            if (fabs (mean - w) > 5 * se + 2e-3)
              g_error ("b=%d theta=%.2f rounds=%d: collision rate %.4f, expected %.4f (SE %.4f)",
                       buckets[b], thetas[t], which ? 4 : 1, mean, w, se);
          }
      }
  g_free (x);
}

typedef struct
{
  int n, d, buckets, rounds, chunk, causal, clustered;
} LshCase;

/* Chunked multi-round LSH attention against the dense double reference on
 * normalised keys with ab_lsh_pattern's mask. Both accumulate in double
 * from identical float keys; the LSH path adds −log c and merges rounds
 * through logsumexps, which is exact up to double rounding. Allowed:
 * 1e-6 + 1e-6·|ref| (the float output cast is 6e-8 relative). */
static void
test_attention_vs_dense (void)
{
  static const LshCase cases[] = {
    { 1, 8, 2, 1, 4, 0, 0 },
    { 5, 8, 4, 2, 2, 0, 0 },
    { 100, 16, 8, 1, 16, 0, 0 },
    { 100, 16, 8, 4, 16, 1, 0 },
    { 257, 32, 16, 3, 32, 0, 0 },
    { 257, 32, 4, 8, 7, 1, 1 },
    { 300, 16, 2, 16, 64, 0, 1 },
    { 400, 64, 32, 2, 1, 0, 0 },
  };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const LshCase *lc = &cases[c];
      int n = lc->n, d = lc->d;
      AbRng rng;
      ab_rng_init (&rng, 4242 + c);
      float *qk = random_floats (&rng, (size_t) n * d, 1.0);
      if (lc->clustered)
        {
          /* five tight clusters: big buckets, pairs repeated across rounds */
          float *centers = random_floats (&rng, 5 * d, 3.0);
          for (int t = 0; t < n; t++)
            for (int e = 0; e < d; e++)
              qk[t * d + e] = centers[(t % 5) * d + e] + 0.2f * qk[t * d + e];
          g_free (centers);
        }
      float *v = random_floats (&rng, (size_t) n * d, 1.0);
      AbLshConfig cfg = { .n = n, .d = d, .n_buckets = lc->buckets, .n_rounds = lc->rounds,
                          .chunk_len = lc->chunk, .causal = lc->causal, .seed = 7 + c };
      AbLshHash h;
      AbApproxError err;
      g_assert_cmpint (ab_lsh_hash (&cfg, qk, &h, &err), ==, AB_APPROX_OK);
      float *o = g_new (float, n * d), *lse = g_new (float, n);
      AbLshStats st;
      if (ab_lsh_attention (&h, qk, v, 0, o, lse, &st, &err) != AB_APPROX_OK)
        g_error ("%s", err.message);

      AbPattern p;
      ab_lsh_pattern (&h, &p);
      float *mask = g_new (float, (size_t) n * n), *keys = g_new (float, (size_t) n * d);
      g_assert_cmpint (ab_pattern_additive_mask (&p, mask, &err), ==, AB_APPROX_OK);
      ab_lsh_normalize_keys (qk, n, d, keys);
      double *o_ref = g_new (double, n * d), *lse_ref = g_new (double, n);
      g_assert_cmpint (ab_approx_dense_attention (n, n, d, qk, keys, v, 0, mask, o_ref, NULL,
                                                  lse_ref, &err), ==, AB_APPROX_OK);
      g_autofree char *what = g_strdup_printf ("lsh case %zu", c);
      double e = check_close (what, o, o_ref, (size_t) n * d, 1e-6, 1e-6);
      check_close (what, lse, lse_ref, n, 1e-6, 1e-6);

      AbPatternCount cnt;
      ab_pattern_count (&p, d, 4, &cnt, NULL);
      g_assert_cmpuint (st.unique_pairs, ==, cnt.entries);
      g_assert_cmpuint (st.used_pairs, >=, st.unique_pairs);
      g_assert_cmpuint (st.candidate_pairs, >=, st.used_pairs);
      /* every sorted position sees its chunk and the one before */
      uint64_t cand = 0;
      for (int q = 0; q < n; q++)
        {
          int ch = q / lc->chunk;
          cand += (uint64_t) (MIN (n, (ch + 1) * lc->chunk) - MAX (0, (ch - 1) * lc->chunk));
        }
      g_assert_cmpuint (st.candidate_pairs, ==, cand * lc->rounds);
      g_assert_cmpuint (st.hash_flops, ==, 2ull * n * d * (lc->buckets / 2) * lc->rounds);
      g_assert_cmpuint (st.flops, ==, st.hash_flops + 4ull * d * st.candidate_pairs);
      /* no row is empty: a token keeps itself when alone */
      for (int i = 0; i < n; i++)
        g_assert_cmpuint (ab_pattern_row_count (&p, i), >=, 1);
      g_test_message ("%s: n=%d b=%d rounds=%d m=%d: %llu distinct pairs (%.1f %% of n^2), "
                      "%llu repeated across rounds; max |err| %.2g", what, n, lc->buckets,
                      lc->rounds, lc->chunk, (unsigned long long) st.unique_pairs,
                      100.0 * st.unique_pairs / ((double) n * n),
                      (unsigned long long) (st.used_pairs - st.unique_pairs), e);
      if (lc->clustered && lc->rounds > 1)
        g_assert_cmpuint (st.used_pairs, >, st.unique_pairs);   /* the −log c path ran */

      g_free (mask);
      g_free (keys);
      g_free (o_ref);
      g_free (lse_ref);
      g_free (o);
      g_free (lse);
      g_free (qk);
      g_free (v);
      ab_lsh_hash_clear (&h);
    }
}

/* Self-exclusion: a query never scores itself when it has another key. */
static void
test_self_excluded (void)
{
  enum { N = 64, D = 8 };
  AbRng rng;
  ab_rng_init (&rng, 3);
  float *qk = random_floats (&rng, N * D, 1.0);
  AbLshConfig cfg;
  ab_lsh_config_init (&cfg, N, D);
  cfg.n_buckets = 4;
  cfg.chunk_len = 8;
  cfg.causal = 1;
  AbLshHash h;
  ab_lsh_hash (&cfg, qk, &h, NULL);
  AbPattern p;
  ab_lsh_pattern (&h, &p);
  AbPatternIter *it = ab_pattern_iter_new (&p, NULL);
  int alone = 0;
  for (int i = 0; i < N; i++)
    {
      const int32_t *cols;
      int nc = ab_pattern_iter_cols (it, i, &cols);
      int self = 0;
      for (int a = 0; a < nc; a++)
        {
          g_assert_cmpint (cols[a], <=, i);   /* causal */
          self |= cols[a] == i;
        }
      if (self)
        {
          g_assert_cmpint (nc, ==, 1);
          alone++;
        }
    }
  g_assert_cmpint (alone, >=, 1);   /* token 0 under the causal mask */
  ab_pattern_iter_free (it);
  ab_lsh_hash_clear (&h);
  g_free (qk);
}

static void
test_errors (void)
{
  AbLshConfig cfg;
  ab_lsh_config_init (&cfg, 16, 4);
  g_assert_cmpint (cfg.n_buckets, ==, 2);
  float x[64] = { 0 };
  AbLshHash h;
  AbApproxError err;
  cfg.n_buckets = 7;
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, &err), ==, AB_APPROX_E_INVALID);
  g_assert_nonnull (strstr (err.message, "even"));
  g_assert_null (h.bucket);
  cfg.n_buckets = 4;
  cfg.n_rounds = 0;
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, &err), ==, AB_APPROX_E_INVALID);
  cfg.n_rounds = 1;
  x[9] = INFINITY;
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, &err), ==, AB_APPROX_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "X[9] is inf"));
  x[9] = 0;
  g_assert_cmpint (ab_lsh_hash (&cfg, x, &h, &err), ==, AB_APPROX_OK);
  /* zero vectors all hash to bucket 0 and attend, fully, to each other */
  float o[64];
  float v[64];
  for (int e = 0; e < 64; e++)
    v[e] = (float) e;
  g_assert_cmpint (ab_lsh_attention (&h, x, v, 0, o, NULL, NULL, &err), ==, AB_APPROX_OK);
  for (int e = 0; e < 64; e++)
    g_assert_true (isfinite (o[e]));
  v[3] = NAN;
  g_assert_cmpint (ab_lsh_attention (&h, x, v, 0, o, NULL, NULL, &err), ==,
                   AB_APPROX_E_NONFINITE);
  ab_lsh_hash_clear (&h);
  ab_lsh_config_init (&cfg, 8192, 64);
  g_assert_cmpint (cfg.n_buckets, ==, 128);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/lsh/hash-basic", test_hash_basic);
  g_test_add_func ("/kernels/lsh/collision-probability", test_collision_probability);
  g_test_add_func ("/kernels/lsh/collision-hashing", test_collision_hashing);
  g_test_add_func ("/kernels/lsh/attention-vs-dense", test_attention_vs_dense);
  g_test_add_func ("/kernels/lsh/self-excluded", test_self_excluded);
  g_test_add_func ("/kernels/lsh/errors", test_errors);
  return g_test_run ();
}

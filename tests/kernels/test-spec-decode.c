/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-spec-decode.c — the seeded draft/verify simulation against the
 * closed form E[tokens per step] = (1 − α^{k+1}) / (1 − α) (Leviathan et
 * al., arXiv:2211.17192, Eq. 1), Theorem 3.8's improvement factor, and the
 * rejection-sampling verify step, whose output must follow the target
 * distribution p whatever the draft q (Theorem 3.5).
 *
 * Statistical tolerances. A mean of n independent steps is within
 * 5·σ/√n of its expectation except with probability 6e-7 (normal tail;
 * n = 20000 makes the CLT more than adequate for a variable bounded by
 * k + 1). Frequencies use the binomial σ the same way. The verify step's
 * output histogram is compared to p with Pearson's χ² against the 99.99th
 * percentile of χ²(5), 25.74. The seeds are fixed, so the test is
 * deterministic; the bounds say how surprising a failure would be. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "spec-decode.h"

#define N_STEPS 20000

static void
test_closed_form (void)
{
  g_assert_cmpfloat (ab_spec_expected_tokens (0, 5), ==, 1);
  g_assert_cmpfloat (ab_spec_expected_tokens (1, 5), ==, 6);
  g_assert_cmpfloat (fabs (ab_spec_expected_tokens (0.8, 4) - 3.3616), <, 1e-12);
  /* E[X] = Σ_{j=0..k} P(X > j) = Σ α^j, and the variance from the same law */
  for (double a = 0; a <= 1.0001; a += 0.05)
    for (int k = 0; k <= 9; k++)
      {
        double alpha = a > 1 ? 1 : a, geo = 0, pj = 1, sq = 0;
        for (int j = 0; j <= k; j++, pj *= alpha)
          geo += pj;
        /* E[X²] = Σ_{j=0..k} (2j + 1) P(X > j) */
        pj = 1;
        for (int j = 0; j <= k; j++, pj *= alpha)
          sq += (2 * j + 1) * pj;
        g_assert_cmpfloat (fabs (ab_spec_expected_tokens (alpha, k) - geo), <, 1e-12);
        g_assert_cmpfloat (fabs (ab_spec_tokens_variance (alpha, k) - (sq - geo * geo)), <, 1e-9);
      }
  g_assert_true (isnan (ab_spec_expected_tokens (1.5, 3)));
  g_assert_true (isnan (ab_spec_expected_tokens (0.5, -1)));
}

static void
test_simulation (void)
{
  static const double alphas[] = { 0, 0.3, 0.6, 0.8, 0.95, 1 };
  static const int ks[] = { 1, 3, 5, 8 };
  for (guint i = 0; i < G_N_ELEMENTS (alphas); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ks); j++)
      {
        double a = alphas[i];
        int k = ks[j];
        AbSpecResult r;
        AbKError err;
        g_assert_cmpint (ab_spec_simulate (a, k, N_STEPS, 17 + i * 31 + j, NULL, &r, &err), ==,
                         AB_K_OK);
        double e = ab_spec_expected_tokens (a, k), var = ab_spec_tokens_variance (a, k);
        double se = sqrt (var / N_STEPS);
        if (a == 0 || a == 1)
          {
            g_assert_cmpfloat (r.mean, ==, e);     /* no randomness left */
            continue;
          }
        g_assert_cmpfloat (fabs (r.mean - e), <=, 5 * se);
        /* sample variance within 10 %: its relative σ is < 2 % here */
        g_assert_cmpfloat (fabs (r.variance - var), <=, 0.1 * var);
        /* P(all k kept) = α^k, binomial σ */
        double pa = pow (a, k), sd = sqrt (pa * (1 - pa) / N_STEPS);
        g_assert_cmpfloat (fabs ((double) r.all_accepted / N_STEPS - pa), <=, 5 * sd + 1e-12);
        g_test_message ("alpha %.2f k %d: %.4f tokens/step (closed form %.4f, +-%.4f)", a, k, r.mean,
                        e, 5 * se);
      }
  /* the check discriminates: an unbounded draft's 1/(1 − α) is far outside */
  AbSpecResult r;
  g_assert_cmpint (ab_spec_simulate (0.8, 3, N_STEPS, 5, NULL, &r, NULL), ==, AB_K_OK);
  double se = sqrt (ab_spec_tokens_variance (0.8, 3) / N_STEPS);
  g_assert_cmpfloat (fabs (r.mean - 1 / (1 - 0.8)), >, 5 * se);
}

static void
test_steps (void)
{
  AbSpecStep steps[500];
  AbSpecResult r;
  g_assert_cmpint (ab_spec_simulate (0.7, 4, 500, 3, steps, &r, NULL), ==, AB_K_OK);
  uint64_t total = 0;
  for (int s = 0; s < 500; s++)
    {
      g_assert_cmpint (steps[s].step, ==, s);
      g_assert_cmpint (steps[s].drafted, ==, 4);
      g_assert_cmpint (steps[s].accepted, >=, 0);
      g_assert_cmpint (steps[s].accepted, <=, 4);
      g_assert_cmpint (steps[s].emitted, ==, steps[s].accepted + 1);
      total += (uint64_t) steps[s].emitted;
    }
  g_assert_cmpuint (total, ==, r.tokens);
  /* same seed, same steps */
  AbSpecStep again[500];
  g_assert_cmpint (ab_spec_simulate (0.7, 4, 500, 3, again, &r, NULL), ==, AB_K_OK);
  g_assert_true (memcmp (steps, again, sizeof steps) == 0);
}

/* Theorem 3.8 by hand: at α = 0.9 and c = 0.1 the factor rises to
 * 3.4309 at k = 10 (3.4280 at 9, 3.4170 at 11); at c = 1 drafting never
 * pays (k = 0). */
static void
test_speedup (void)
{
  g_assert_cmpfloat (fabs (ab_spec_expected_speedup (0.9, 10, 0.1) - 3.4309), <, 1e-4);
  g_assert_cmpfloat (fabs (ab_spec_expected_speedup (0.9, 9, 0.1) - 3.4280), <, 1e-4);
  g_assert_cmpint (ab_spec_best_k (0.9, 0.1, 20), ==, 10);
  g_assert_cmpint (ab_spec_best_k (0.5, 1.0, 20), ==, 0);
  g_assert_cmpfloat (ab_spec_expected_speedup (0.8, 4, 0), ==, ab_spec_expected_tokens (0.8, 4));
}

static void
test_verify (void)
{
  enum { V = 6, N = 200000 };
  static const double p[V] = { 0.30, 0.25, 0.20, 0.10, 0.10, 0.05 };
  static const double q[V] = { 0.10, 0.40, 0.05, 0.25, 0.15, 0.05 };
  double alpha = ab_spec_acceptance_rate (p, q, V);
  g_assert_cmpfloat (fabs (alpha - (0.10 + 0.25 + 0.05 + 0.10 + 0.10 + 0.05)), <, 1e-12);
  AbRng rng;
  ab_rng_init (&rng, 2211);   /* arXiv:2211.17192 */
  int hist[V] = { 0 }, kept = 0;
  for (int i = 0; i < N; i++)
    {
      int x = ab_spec_sample (q, V, &rng), acc;
      int y = ab_spec_verify (p, q, V, x, &rng, &acc);
      g_assert_cmpint (y, >=, 0);
      hist[y]++;
      kept += acc;
    }
  double chi2 = 0;
  for (int i = 0; i < V; i++)
    chi2 += (hist[i] - N * p[i]) * (hist[i] - N * p[i]) / (N * p[i]);
  g_test_message ("verify: chi2 = %.2f (df 5), acceptance %.4f vs alpha = %.4f", chi2,
                  (double) kept / N, alpha);
  g_assert_cmpfloat (chi2, <, 25.74);
  g_assert_cmpfloat (fabs ((double) kept / N - alpha), <=, 5 * sqrt (alpha * (1 - alpha) / N));
  /* and the histogram is not q's: χ² against q is huge */
  double chi2_q = 0;
  for (int i = 0; i < V; i++)
    chi2_q += (hist[i] - N * q[i]) * (hist[i] - N * q[i]) / (N * q[i]);
  g_assert_cmpfloat (chi2_q, >, 1000);

  /* q = p keeps everything; disjoint supports keep nothing */
  int acc;
  g_assert_cmpfloat (ab_spec_acceptance_rate (p, p, V), ==, 1);
  for (int i = 0; i < 100; i++)
    {
      g_assert_cmpint (ab_spec_verify (p, p, V, ab_spec_sample (p, V, &rng), &rng, &acc), >=, 0);
      g_assert_cmpint (acc, ==, 1);
    }
  static const double a[4] = { 0.5, 0.5, 0, 0 }, b[4] = { 0, 0, 0.5, 0.5 };
  g_assert_cmpfloat (ab_spec_acceptance_rate (a, b, 4), ==, 0);
  int y = ab_spec_verify (a, b, 4, 2, &rng, &acc);
  g_assert_cmpint (acc, ==, 0);
  g_assert_cmpint (y, <, 2);
  /* bad input */
  static const double bad[4] = { 0.5, 0.6, 0, 0 };
  g_assert_cmpint (ab_spec_verify (bad, b, 4, 2, &rng, &acc), ==, -1);
  g_assert_cmpint (ab_spec_verify (a, b, 4, 0, &rng, &acc), ==, -1);   /* q(x) = 0 */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/spec-decode/closed-form", test_closed_form);
  g_test_add_func ("/kernels/spec-decode/simulation", test_simulation);
  g_test_add_func ("/kernels/spec-decode/steps", test_steps);
  g_test_add_func ("/kernels/spec-decode/speedup", test_speedup);
  g_test_add_func ("/kernels/spec-decode/verify", test_verify);
  return g_test_run ();
}

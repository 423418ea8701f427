/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scoring.c — statistics of the scoring kernel (src/kernels/scoring.c)
 *
 * For q, k with i.i.d. N(0,1) components, Var(q·k) = d_k and the scaled
 * score has variance 1. The sample variance over R rows × K keys is dominated
 * by the spread of |k_j|² and |q_i|² (each χ²(d)), so its relative standard
 * error is about √(2/d)·(1/√K + 1/√R); checks allow five of those.
 */
#include "scoring.h"

#include <glib.h>
#include <math.h>

#define ROWS 256
#define KEYS 256

static double
tolerance (int d)
{
  return 5.0 * sqrt (2.0 / d) * (1.0 / sqrt (KEYS) + 1.0 / sqrt (ROWS));
}

static AbScoringResult *
run (int d, int rows, int keys, guint64 seed)
{
  AbScoringConfig config = { .d_k = d, .n_rows = rows, .n_keys = keys, .seed = seed };
  AbScoringResult *res = ab_scoring_run (&config);
  g_assert_nonnull (res);
  return res;
}

static void
test_dot_variance (void)
{
  const int dims[] = { 16, 64, 256, 512 };

  for (guint i = 0; i < G_N_ELEMENTS (dims); i++)
    for (guint64 seed = 1; seed <= 3; seed++)
      {
        AbScoringResult *res = run (dims[i], ROWS, KEYS, seed);
        double rel = fabs (res->variance[AB_SCORE_DOT] / dims[i] - 1.0);
        double rel_scaled = fabs (res->variance[AB_SCORE_SCALED_DOT] - 1.0);

        g_test_message ("d=%d seed=%" G_GUINT64_FORMAT ": Var(dot)=%.2f Var(scaled)=%.3f tol=%.3f",
                        dims[i], seed, res->variance[AB_SCORE_DOT],
                        res->variance[AB_SCORE_SCALED_DOT], tolerance (dims[i]));
        g_assert_cmpfloat (rel, <, tolerance (dims[i]));
        g_assert_cmpfloat (rel_scaled, <, tolerance (dims[i]));
        /* Scaling divides every score by √d exactly. */
        g_assert_cmpfloat_with_epsilon (res->variance[AB_SCORE_SCALED_DOT] * dims[i],
                                        res->variance[AB_SCORE_DOT],
                                        1e-9 * res->variance[AB_SCORE_DOT]);
        ab_scoring_free (res);
      }
}

static void
test_additive_bounded (void)
{
  /* tanh caps each hidden unit at ±1 and v_a has variance 1/d_a, so the
   * additive score's variance stays below Σ v_a² ≈ 1 at every d_k. */
  const int dims[] = { 4, 64, 512 };

  for (guint i = 0; i < G_N_ELEMENTS (dims); i++)
    {
      AbScoringResult *res = run (dims[i], 64, 16, 7);
      g_assert_cmpfloat (res->variance[AB_SCORE_ADDITIVE], <, 1.5);
      g_assert_cmpfloat (res->variance[AB_SCORE_ADDITIVE], >, 0.01);
      ab_scoring_free (res);
    }
}

static void
test_entropy_ordering (void)
{
  AbScoringResult *small = run (4, ROWS, 16, 1);
  AbScoringResult *mid = run (64, ROWS, 16, 1);
  AbScoringResult *large = run (512, ROWS, 16, 1);
  double max_h = log (16.0);

  g_assert_cmpfloat_with_epsilon (large->max_entropy, max_h, 1e-12);
  /* Unscaled: entropy collapses as d_k grows. */
  g_assert_cmpfloat (small->mean_entropy[AB_SCORE_DOT], >, mid->mean_entropy[AB_SCORE_DOT]);
  g_assert_cmpfloat (mid->mean_entropy[AB_SCORE_DOT], >, large->mean_entropy[AB_SCORE_DOT]);
  g_assert_cmpfloat (large->mean_entropy[AB_SCORE_DOT], <, 0.25 * max_h);
  g_assert_cmpfloat (large->mean_max_prob[AB_SCORE_DOT], >, 0.8);
  /* Scaled: the same at every d_k, and well spread. */
  g_assert_cmpfloat (large->mean_entropy[AB_SCORE_SCALED_DOT], >, 0.75 * max_h);
  g_assert_cmpfloat (fabs (large->mean_entropy[AB_SCORE_SCALED_DOT] -
                           mid->mean_entropy[AB_SCORE_SCALED_DOT]), <, 0.1);
  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    g_assert_cmpfloat (large->mean_entropy[s], <=, max_h + 1e-12);
  ab_scoring_free (small);
  ab_scoring_free (mid);
  ab_scoring_free (large);
}

static void
test_softmax_rows (void)
{
  AbScoringResult *res = run (512, 32, 16, 3);

  for (int s = 0; s < AB_N_SCORE_KINDS; s++)
    for (int i = 0; i < 32; i++)
      {
        double sum = 0;
        for (int j = 0; j < 16; j++)
          {
            double p = res->probs[s][i * 16 + j];
            g_assert_true (isfinite (p) && p >= 0);
            sum += p;
          }
        g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-12);
      }
  ab_scoring_free (res);
}

static void
test_large_logits_stable (void)
{
  double x[4] = { 1000.0, 999.0, -1000.0, 1000.0 }, p[4];

  ab_stats_softmax (x, p, 4);
  for (int i = 0; i < 4; i++)
    g_assert_true (isfinite (p[i]));
  g_assert_cmpfloat_with_epsilon (p[0], 1.0 / (2.0 + exp (-1.0)), 1e-12);
  g_assert_cmpfloat_with_epsilon (ab_stats_entropy (p, 4),
                                  -(2 * p[0] * log (p[0]) + p[1] * log (p[1])), 1e-12);
}

static void
test_deterministic_and_invalid (void)
{
  AbScoringResult *a = run (64, 8, 16, 42), *b = run (64, 8, 16, 42), *c = run (64, 8, 16, 43);
  AbScoringConfig bad[] = {
    { .d_k = 0, .n_rows = 4, .n_keys = 4 },
    { .d_k = 8, .n_rows = 0, .n_keys = 4 },
    { .d_k = 8, .n_rows = 4, .n_keys = 1 },
    { .d_k = 100000, .n_rows = 4, .n_keys = 4 },
  };

  g_assert_cmpmem (a->scores[AB_SCORE_DOT], sizeof (double) * 128, b->scores[AB_SCORE_DOT], sizeof (double) * 128);
  g_assert_cmpfloat (a->scores[AB_SCORE_DOT][0], !=, c->scores[AB_SCORE_DOT][0]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (ab_scoring_run (&bad[i]));
  g_assert_null (ab_scoring_run (NULL));
  ab_scoring_free (a);
  ab_scoring_free (b);
  ab_scoring_free (c);
}

/* A dot-only run (what the prose asks for) has the same dot statistics as
 * a full run, bit for bit, and no additive scores. */
static void
test_dot_only (void)
{
  for (int d = 8; d <= 512; d *= 4)
    {
      AbScoringConfig config = { .d_k = d, .n_rows = ROWS, .n_keys = KEYS, .seed = 7, .dot_only = 1 };
      AbScoringResult *part = ab_scoring_run (&config);
      AbScoringResult *full = run (d, ROWS, KEYS, 7);

      g_assert_nonnull (part);
      g_assert_null (part->scores[AB_SCORE_ADDITIVE]);
      g_assert_true (isnan (part->variance[AB_SCORE_ADDITIVE]));
      for (int s = AB_SCORE_DOT; s <= AB_SCORE_SCALED_DOT; s++)
        {
          g_assert_cmpfloat (part->variance[s], ==, full->variance[s]);
          g_assert_cmpfloat (part->mean_entropy[s], ==, full->mean_entropy[s]);
          g_assert_cmpfloat (part->mean_max_prob[s], ==, full->mean_max_prob[s]);
          g_assert_cmpmem (part->scores[s], ROWS * KEYS * sizeof (double),
                           full->scores[s], ROWS * KEYS * sizeof (double));
        }
      ab_scoring_free (part);
      ab_scoring_free (full);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scoring/dot-variance-is-dk", test_dot_variance);
  g_test_add_func ("/scoring/additive-bounded", test_additive_bounded);
  g_test_add_func ("/scoring/dot-only", test_dot_only);
  g_test_add_func ("/scoring/entropy-ordering", test_entropy_ordering);
  g_test_add_func ("/scoring/softmax-rows", test_softmax_rows);
  g_test_add_func ("/scoring/large-logits", test_large_logits_stable);
  g_test_add_func ("/scoring/deterministic-and-invalid", test_deterministic_and_invalid);
  return g_test_run ();
}

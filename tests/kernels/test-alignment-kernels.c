/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-alignment-kernels.c — the Part 1 alignment kernels against closed
 * forms and double-precision references:
 *   seq2seq   the Cholesky/ridge solver, 5 words fit and 50 do not, determinism
 *   bahdanau  scores recomputed from the formula, softmax rows, context sums,
 *             the constructed alignment (argmax where intended, reordering)
 *   luong     cost formulas, global/local weights, the window, p_t
 */
#include "seq2seq.h"
#include "bahdanau.h"
#include "luong.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* ---- seq2seq ---------------------------------------------------------- */

static void
test_cholesky_solve (void)
{
  /* A = M Mᵀ + I is SPD; solve A X = B for a known X and compare. */
  enum { N = 6, M = 3 };
  double mm[N][N], a[N * N], b[N * M], x[N * M];

  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      mm[i][j] = sin (1.0 + i * 7 + j * 3);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double s = i == j ? 1.0 : 0.0;
        for (int k = 0; k < N; k++)
          s += mm[i][k] * mm[j][k];
        a[i * N + j] = s;
      }
  for (int i = 0; i < N * M; i++)
    x[i] = cos (0.3 * i);
  for (int i = 0; i < N; i++)
    for (int c = 0; c < M; c++)
      {
        double s = 0;
        for (int k = 0; k < N; k++)
          s += a[i * N + k] * x[k * M + c];
        b[i * M + c] = s;
      }
  g_assert_cmpint (ab_cholesky_solve (a, b, N, M, 0.0), ==, 0);
  for (int i = 0; i < N * M; i++)
    g_assert_cmpfloat_with_epsilon (b[i], x[i], 1e-10);

  /* Not positive definite: refused, not silently wrong. */
  {
    double bad[4] = { 1, 2, 2, 1 }, rhs[2] = { 1, 1 };
    g_assert_cmpint (ab_cholesky_solve (bad, rhs, 2, 1, 0.0), ==, -1);
  }
}

/* The encoder's own tanh against libm's (long double, so the reference is
 * the better one), absolute error, over the range the encoder sees and far
 * past it: tiny arguments, the ±25 clamp, signed zeros, saturated tails. */
static void
test_seq2seq_tanh (void)
{
  enum { N = 800001, TINY = 1100, EDGES = 6 };   /* 2 × 523 tiny arguments */
  const double edges[EDGES] = { 0.0, -0.0, 1e6, -1e6, INFINITY, 25.0 };
  double *x = g_new (double, N + TINY + EDGES), *h = g_new (double, N + TINY + EDGES);
  double worst = 0;
  int n = 0;

  for (int i = -400000; i <= 400000; i++)
    x[n++] = i * 1e-4 + i * 1.37e-9;   /* −40 … 40, off the round grid */
  for (double t = 1e-300; t < 1e-3 && n + 2 <= N + TINY; t *= 3.7)
    {
      x[n++] = t;
      x[n++] = -t;
    }
  for (int i = 0; i < EDGES; i++)
    x[n++] = edges[i];
  ab_seq2seq_tanh (h, x, n);
  for (int i = 0; i < n; i++)
    worst = fmax (worst, fabs (h[i] - (double) tanhl ((long double) x[i])));
  g_test_message ("worst |tanh error| over [-40, 40] and tiny arguments: %.3g", worst);
  g_assert_cmpfloat (worst, <=, 4e-16);
  /* odd exactly, signed zeros kept, saturated at ±1 */
  for (int i = N; i + 1 < n - EDGES; i += 2)
    g_assert_cmpfloat (h[i + 1], ==, -h[i]);
  g_assert_cmpfloat (h[n - 6], ==, 0.0);
  g_assert_true (signbit (h[n - 5]));
  g_assert_cmpfloat (h[n - 4], ==, 1.0);
  g_assert_cmpfloat (h[n - 3], ==, -1.0);
  g_assert_cmpfloat (h[n - 2], ==, 1.0);
  g_free (x);
  g_free (h);
}

static AbSeq2seqResult *
run_seq2seq (int n, int ds)
{
  AbSeq2seqConfig c;
  ab_seq2seq_config_init (&c);
  c.n_tokens = n;
  c.d_state = ds;
  return ab_seq2seq_run (&c);
}

static void
test_seq2seq_bottleneck (void)
{
  AbSeq2seqResult *small = run_seq2seq (5, 64), *big = run_seq2seq (50, 64);

  g_assert_nonnull (small);
  g_assert_nonnull (big);
  /* 5 × 8 = 40 numbers fit in 64: every word comes back. */
  g_assert_cmpfloat (small->mean_recall, >, 0.95);
  for (int t = 0; t < 5; t++)
    g_assert_cmpfloat (small->recall[t], >, 0.9);
  g_assert_cmpfloat (small->mean_r2, >, 0.9);
  /* 50 × 8 = 400 numbers do not: most words are lost... */
  g_assert_cmpfloat (big->mean_recall, <, 0.25);
  g_assert_cmpfloat (big->mean_r2, <, 0.3);
  /* ...the first ones down to near chance, while the last survive. */
  g_assert_cmpfloat (big->recall[0], <, 5 * big->chance + 0.02);
  g_assert_cmpfloat (big->recall[49], >, 0.5);
  g_assert_cmpfloat (big->recall[49], >, big->recall[0]);
  /* The tanh stays near its linear range: the limit is size, not saturation. */
  g_assert_cmpfloat (big->state_rms, <, 0.6);
  for (int t = 0; t < 50; t++)
    {
      g_assert_cmpfloat (big->recall[t], >=, 0.0);
      g_assert_cmpfloat (big->recall[t], <=, 1.0);
    }
  ab_seq2seq_free (small);
  ab_seq2seq_free (big);
}

static void
test_seq2seq_state_size (void)
{
  /* More room, more recall: 50 words at 128 numbers beat 50 words at 32. */
  AbSeq2seqResult *narrow = run_seq2seq (50, 32), *wide = run_seq2seq (50, 128);
  g_assert_cmpfloat (wide->mean_recall, >, narrow->mean_recall);
  ab_seq2seq_free (narrow);
  ab_seq2seq_free (wide);
}

static void
test_seq2seq_deterministic (void)
{
  AbSeq2seqResult *a = run_seq2seq (7, 16), *b = run_seq2seq (7, 16);
  g_assert_cmpmem (a->recall, sizeof (double) * 7, b->recall, sizeof (double) * 7);
  g_assert_cmpmem (a->example_state, sizeof (double) * 16, b->example_state, sizeof (double) * 16);
  ab_seq2seq_free (a);
  ab_seq2seq_free (b);
}

static void
test_seq2seq_invalid (void)
{
  AbSeq2seqConfig c;
  ab_seq2seq_config_init (&c);
  c.n_train = c.d_state;   /* too few sentences for the readout */
  g_assert_null (ab_seq2seq_run (&c));
  ab_seq2seq_config_init (&c);
  c.n_tokens = 0;
  g_assert_null (ab_seq2seq_run (&c));
  g_assert_null (ab_seq2seq_run (NULL));
}

/* ---- bahdanau --------------------------------------------------------- */

static AbBahdanauResult *
run_bahdanau (AbBahdanauPair pair)
{
  AbBahdanauConfig c = { .pair = pair, .seed = 1 };   /* the diagram's seed */
  return ab_bahdanau_run (&c);
}

static int
find_word (const char *const *words, int n, const char *w, int nth)
{
  for (int i = 0; i < n; i++)
    if (strcmp (words[i], w) == 0 && nth-- == 0)
      return i;
  g_assert_not_reached ();
  return -1;
}

static void
check_bahdanau_arithmetic (const AbBahdanauResult *r)
{
  const int ns = r->n_src, nt = r->n_tgt, da = r->d_a;

  for (int i = 0; i < nt; i++)
    {
      double sum = 0, mx = -INFINITY, z = 0;
      for (int j = 0; j < ns; j++)
        {
          /* e_ij = v_aᵀ tanh(W_a s_{i−1} + U_a h_j), straight from the weights. */
          double e = 0;
          for (int m = 0; m < da; m++)
            {
              double pre = 0;
              for (int k = 0; k < AB_BAHDANAU_D_S; k++)
                pre += r->w_a[m * AB_BAHDANAU_D_S + k] * r->s[i * AB_BAHDANAU_D_S + k];
              for (int k = 0; k < AB_BAHDANAU_D_H; k++)
                pre += r->u_a[m * AB_BAHDANAU_D_H + k] * r->h[j * AB_BAHDANAU_D_H + k];
              e += r->v_a[m] * tanh (pre);
            }
          g_assert_cmpfloat (fabs (e - r->scores[i * ns + j]), <, 1e-12 + 1e-12 * fabs (e));
          mx = fmax (mx, e);
          sum += r->alpha[i * ns + j];
          g_assert_cmpfloat (r->alpha[i * ns + j], >, 0.0);
        }
      g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-12);
      /* α_ij = exp(e_ij) / Σ_k exp(e_ik), in double. */
      for (int j = 0; j < ns; j++)
        z += exp (r->scores[i * ns + j] - mx);
      for (int j = 0; j < ns; j++)
        g_assert_cmpfloat (fabs (r->alpha[i * ns + j] - exp (r->scores[i * ns + j] - mx) / z), <, 1e-12);
      /* c_i = Σ_j α_ij h_j. */
      for (int k = 0; k < AB_BAHDANAU_D_H; k++)
        {
          double c = 0;
          for (int j = 0; j < ns; j++)
            c += r->alpha[i * ns + j] * r->h[j * AB_BAHDANAU_D_H + k];
          g_assert_cmpfloat (fabs (c - r->context[i * AB_BAHDANAU_D_H + k]), <, 1e-12);
        }
    }
}

static int
argmax_row (const AbBahdanauResult *r, int i)
{
  int best = 0;
  for (int j = 1; j < r->n_src; j++)
    if (r->alpha[i * r->n_src + j] > r->alpha[i * r->n_src + best])
      best = j;
  return best;
}

static void
test_bahdanau_long (void)
{
  AbBahdanauResult *r = run_bahdanau (AB_BAHDANAU_PAIR_LONG);
  int zone, eco, eur, area, economic, european;

  g_assert_nonnull (r);
  g_assert_cmpint (r->n_src, ==, 13);
  g_assert_cmpint (r->n_tgt, ==, 14);
  check_bahdanau_arithmetic (r);

  /* Every row peaks where it was built to (rounded for "été"). */
  for (int i = 0; i < r->n_tgt; i++)
    g_assert_cmpint (argmax_row (r, i), ==, (int) floor (r->intended[i] + 0.5));

  /* The reordering: zone économique européenne ← Area Economic European. */
  zone = find_word (r->tgt_words, r->n_tgt, "zone", 0);
  eco = find_word (r->tgt_words, r->n_tgt, "économique", 0);
  eur = find_word (r->tgt_words, r->n_tgt, "européenne", 0);
  area = find_word (r->src_words, r->n_src, "Area", 0);
  economic = find_word (r->src_words, r->n_src, "Economic", 0);
  european = find_word (r->src_words, r->n_src, "European", 0);
  g_assert_cmpint (argmax_row (r, zone), ==, area);
  g_assert_cmpint (argmax_row (r, eco), ==, economic);
  g_assert_cmpint (argmax_row (r, eur), ==, european);
  g_assert_cmpint (zone, <, eur);
  g_assert_cmpint (area, >, european);
  /* Soft, not hard: the peaks keep some weight for their neighbours. */
  g_assert_cmpfloat (r->alpha[zone * r->n_src + area], <, 0.95);
  g_assert_cmpfloat (r->alpha[zone * r->n_src + area], >, 0.5);
  /* "été" straddles "was" and "signed". */
  {
    int ete = find_word (r->tgt_words, r->n_tgt, "été", 0);
    int was = find_word (r->src_words, r->n_src, "was", 0);
    int signed_ = find_word (r->src_words, r->n_src, "signed", 0);
    g_assert_cmpfloat (r->alpha[ete * r->n_src + was] + r->alpha[ete * r->n_src + signed_], >, 0.9);
    g_assert_cmpfloat (r->alpha[ete * r->n_src + signed_], >, 0.15);
  }
  ab_bahdanau_free (r);
}

static void
test_bahdanau_short (void)
{
  AbBahdanauResult *r = run_bahdanau (AB_BAHDANAU_PAIR_SHORT);

  check_bahdanau_arithmetic (r);
  g_assert_cmpint (r->d_a, ==, 6);
  /* le ← the, chat ← cat, noir ← black: the adjective swaps places. */
  g_assert_cmpint (argmax_row (r, 0), ==, 0);
  g_assert_cmpint (argmax_row (r, 1), ==, 2);
  g_assert_cmpint (argmax_row (r, 2), ==, 1);
  /* Saturated pairs of hidden units cancel: a far pair adds almost nothing. */
  for (int m = 0; m < r->d_a; m += 2)
    g_assert_cmpfloat (fabs (r->v_a[m] + r->v_a[m + 1]), <, 0.2 * fabs (r->v_a[m]));
  ab_bahdanau_free (r);
}

/* ---- luong ------------------------------------------------------------ */

static void
test_luong_costs (void)
{
  const double d = 512, s = 50;

  g_assert_cmpfloat (ab_luong_macs (AB_LUONG_DOT, d, s), ==, s * d);
  g_assert_cmpfloat (ab_luong_macs (AB_LUONG_GENERAL, d, s), ==, d * d + s * d);
  g_assert_cmpfloat (ab_luong_macs (AB_LUONG_CONCAT, d, s), ==, s * (2 * d * d + d));
  g_assert_cmpfloat (ab_luong_macs (AB_LUONG_CONCAT_CACHED, d, s), ==, d * d + s * d);
  g_assert_cmpfloat (ab_luong_flops (AB_LUONG_DOT, d, s), ==, 51200);
  g_assert_cmpfloat (ab_luong_flops (AB_LUONG_CONCAT, d, s), ==, 52505600);
  g_assert_cmpfloat (ab_luong_tanh_count (AB_LUONG_DOT, d, s), ==, 0);
  g_assert_cmpfloat (ab_luong_tanh_count (AB_LUONG_CONCAT, d, s), ==, s * d);
  /* Ordering at any size: dot < general ≤ concat-cached < concat. */
  for (double dd = 8; dd <= 2048; dd *= 2)
    {
      g_assert_cmpfloat (ab_luong_flops (AB_LUONG_DOT, dd, s), <, ab_luong_flops (AB_LUONG_GENERAL, dd, s));
      g_assert_cmpfloat (ab_luong_flops (AB_LUONG_GENERAL, dd, s), <=, ab_luong_flops (AB_LUONG_CONCAT_CACHED, dd, s));
      g_assert_cmpfloat (ab_luong_flops (AB_LUONG_CONCAT_CACHED, dd, s), <, ab_luong_flops (AB_LUONG_CONCAT, dd, s));
    }
}

static void
test_luong_attention (void)
{
  for (int score = 0; score < 2; score++)
    for (int t = 0; t < 32; t++)
      for (int D = 1; D <= 12; D += 3)
        {
          AbLuongConfig c;
          AbLuongResult *r;
          double g = 0, l = 0;

          ab_luong_config_init (&c);
          c.target = t;
          c.half_window = D;
          c.score = score ? AB_LUONG_DOT : AB_LUONG_GENERAL;
          r = ab_luong_run (&c);
          g_assert_nonnull (r);
          g_assert_cmpfloat (r->sigma, ==, D / 2.0);
          /* p_t = S · sigmoid(…) − 0.5 lies in (−0.5, S − 0.5). */
          g_assert_cmpfloat (r->p_t, >, -0.5);
          g_assert_cmpfloat (r->p_t, <, c.n_src - 0.5);
          g_assert_cmpint (r->win_lo, >=, 0);
          g_assert_cmpint (r->win_hi, <, c.n_src);
          g_assert_cmpint (r->win_hi - r->win_lo, <=, 2 * D);
          for (int s = 0; s < c.n_src; s++)
            {
              g += r->global[s];
              l += r->local[s];
              if (s < r->win_lo || s > r->win_hi)
                g_assert_cmpfloat (r->local[s], ==, 0.0);
              else
                {
                  double gauss = exp (-(s - r->p_t) * (s - r->p_t) / (2 * r->sigma * r->sigma));
                  g_assert_cmpfloat (fabs (r->gauss[s] - gauss), <, 1e-15);
                  g_assert_cmpfloat (r->local[s], <=, gauss + 1e-15);
                }
            }
          g_assert_cmpfloat (fabs (g - 1.0), <, 1e-12);
          g_assert_cmpfloat (fabs (l - r->local_sum), <, 1e-12);
          /* The Gaussian is not renormalised (Luong eq. 10): Σ ≤ 1. */
          g_assert_cmpfloat (r->local_sum, <=, 1.0 + 1e-12);
          ab_luong_free (r);
        }
}

static void
test_luong_default_example (void)
{
  /* The page's example: global attention is distracted by a look-alike
   * word far away; local-p, centred near the right word, is not. */
  AbLuongConfig c;
  AbLuongResult *r;

  ab_luong_config_init (&c);
  r = ab_luong_run (&c);
  g_assert_cmpint (r->local_argmax, ==, (int) r->intended[c.target]);
  g_assert_cmpint (r->global_argmax, !=, (int) r->intended[c.target]);
  g_assert_cmpfloat (fabs (r->p_t - r->intended[c.target]), <, 1.0);
  g_assert_cmpfloat (r->global_outside, >, 0.5);
  ab_luong_free (r);
}

static void
test_luong_predictor (void)
{
  /* The fitted v_p puts most predictions within a few words of the intent. */
  AbLuongConfig c;
  AbLuongResult *r;
  int close = 0;

  ab_luong_config_init (&c);
  r = ab_luong_run (&c);
  for (int t = 0; t < c.n_tgt; t++)
    close += fabs (r->predicted[t] - 0.5 - r->intended[t]) < 4.0;
  g_assert_cmpint (close, >=, c.n_tgt * 2 / 3);
  ab_luong_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alignment/seq2seq/cholesky-solve", test_cholesky_solve);
  g_test_add_func ("/alignment/seq2seq/tanh", test_seq2seq_tanh);
  g_test_add_func ("/alignment/seq2seq/bottleneck-5-vs-50", test_seq2seq_bottleneck);
  g_test_add_func ("/alignment/seq2seq/state-size", test_seq2seq_state_size);
  g_test_add_func ("/alignment/seq2seq/deterministic", test_seq2seq_deterministic);
  g_test_add_func ("/alignment/seq2seq/invalid", test_seq2seq_invalid);
  g_test_add_func ("/alignment/bahdanau/long-pair", test_bahdanau_long);
  g_test_add_func ("/alignment/bahdanau/short-pair", test_bahdanau_short);
  g_test_add_func ("/alignment/luong/costs", test_luong_costs);
  g_test_add_func ("/alignment/luong/global-local", test_luong_attention);
  g_test_add_func ("/alignment/luong/default-example", test_luong_default_example);
  g_test_add_func ("/alignment/luong/predictor", test_luong_predictor);
  return g_test_run ();
}

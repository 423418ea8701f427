/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-softmax.c — stable softmax, online softmax and the worked example
 * printed in Part 3. */
#include "kernels-test-util.h"

#include "softmax.h"

static void
assert_close (double got, double want, double tol)
{
  if (fabs (got - want) > tol)
    g_error ("got %.17g, want %.17g (tol %g)", got, want, tol);
}

static void
assert_printed (double x, const char *fmt, const char *want)
{
  g_autofree char *s = g_strdup_printf (fmt, x);
  g_assert_cmpstr (s, ==, want);
}

static void
test_stable (void)
{
  /* exp(1000) overflows float and double; the stable form does not. */
  float x[4] = { 1000.0f, 999.0f, 998.0f, -INFINITY }, y[4];
  double lse = ab_softmax_stable (x, y, 4);
  double z = 1 + exp (-1) + exp (-2);
  assert_close (y[0], 1 / z, 1e-7);
  assert_close (y[1], exp (-1) / z, 1e-7);
  assert_close (y[2], exp (-2) / z, 1e-7);
  g_assert_cmpfloat (y[3], ==, 0.0f);
  assert_close (lse, 1000 + log (z), 1e-9);

  float m[3] = { -INFINITY, -INFINITY, -INFINITY };
  lse = ab_softmax_stable (m, y, 3);
  g_assert_true (isinf (lse) && lse < 0);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (y[i], ==, 0.0f);
}

/* Folding scores in any tiling gives the two-pass answer. */
static void
test_online_matches_two_pass (void)
{
  AbRng rng;
  ab_rng_init (&rng, 3);
  enum { N = 97, DV = 3 };
  double s[N], v[N * DV];
  for (int i = 0; i < N; i++)
    s[i] = 20 * ab_rng_normal (&rng);
  for (int i = 0; i < N * DV; i++)
    v[i] = ab_rng_normal (&rng);

  double m = -INFINITY, l = 0, o[DV] = { 0 };
  for (int i = 0; i < N; i++)
    m = MAX (m, s[i]);
  for (int i = 0; i < N; i++)
    {
      double p = exp (s[i] - m);
      l += p;
      for (int c = 0; c < DV; c++)
        o[c] += p * v[i * DV + c];
    }

  for (int tile = 1; tile <= N; tile += 7)
    {
      AbOnlineSoftmax st;
      ab_online_softmax_init (&st, DV);
      for (int i = 0; i < N; i += tile)
        ab_online_softmax_update (&st, s + i, v + i * DV, MIN (tile, N - i));
      double out[DV];
      double lse = ab_online_softmax_finish (&st, out);
      assert_close (st.m, m, 0);
      assert_close (st.l, l, 1e-12 * l);
      assert_close (lse, m + log (l), 1e-12);
      for (int c = 0; c < DV; c++)
        assert_close (out[c], o[c] / l, 1e-12);
    }

  /* All −inf: nothing to normalise, output 0 and lse −inf. */
  AbOnlineSoftmax st;
  ab_online_softmax_init (&st, 1);
  double ninf[2] = { -INFINITY, -INFINITY }, vv[2] = { 1, 2 }, out;
  ab_online_softmax_update (&st, ninf, vv, 2);
  double lse = ab_online_softmax_finish (&st, &out);
  g_assert_true (isinf (lse) && lse < 0);
  g_assert_cmpfloat (out, ==, 0.0);
}

/* The numbers the book prints, against closed forms computed here. */
static void
test_worked_example (void)
{
  AbOnlineSoftmaxExample ex;
  ab_online_softmax_worked_example (&ex);
  const double e = exp (1.0);

  /* Tile 1 = [1, 3, 2, 0]: m = 3, ℓ = e⁻² + 1 + e⁻¹ + e⁻³,
   * o = e⁻²·(1,0) + 1·(0,1) + e⁻¹·(1,1) + e⁻³·(0,0). */
  const AbOnlineSoftmaxExampleTile *t1 = &ex.after[0];
  double l1 = pow (e, -2) + 1 + pow (e, -1) + pow (e, -3);
  assert_close (t1->tile_max, 3, 0);
  assert_close (t1->m, 3, 0);
  assert_close (t1->rescale, 0, 0);
  assert_close (t1->l, l1, 1e-15);
  assert_close (t1->tile_sum, l1, 1e-15);
  assert_close (t1->o[0], pow (e, -2) + pow (e, -1), 1e-15);
  assert_close (t1->o[1], 1 + pow (e, -1), 1e-15);

  /* Tile 2 = [4, 1, 0, 2]: the max rises to 4, so tile 1's sum is
   * rescaled by e^{3−4}: ℓ = ℓ₁·e⁻¹ + (1 + e⁻³ + e⁻⁴ + e⁻²). */
  const AbOnlineSoftmaxExampleTile *t2 = &ex.after[1];
  double l2 = l1 / e + 1 + pow (e, -3) + pow (e, -4) + pow (e, -2);
  double o2x = (pow (e, -2) + pow (e, -1)) / e + 2 * 1 + pow (e, -4);
  double o2y = (1 + pow (e, -1)) / e + 2 * pow (e, -3) + pow (e, -2);
  assert_close (t2->tile_max, 4, 0);
  assert_close (t2->m, 4, 0);
  assert_close (t2->rescale, 1 / e, 1e-16);
  assert_close (t2->l, l2, 1e-15);
  assert_close (t2->o[0], o2x, 1e-15);
  assert_close (t2->o[1], o2y, 1e-15);

  /* The online result equals the two-pass softmax. */
  assert_close (ex.m_exact, 4, 0);
  assert_close (ex.l_exact, l2, 1e-15);
  assert_close (t2->o_normalised[0], ex.o_exact[0], 1e-15);
  assert_close (t2->o_normalised[1], ex.o_exact[1], 1e-15);
  double psum = 0;
  for (int i = 0; i < AB_EXAMPLE_N; i++)
    psum += ex.softmax[i];
  assert_close (psum, 1, 1e-15);
  assert_close (ex.softmax[4], 1 / l2, 1e-15);
  assert_close (ex.lse, 4 + log (l2), 1e-15);

  /* As printed (six decimals), e.g. by `attn-kernels example`. */
  assert_printed (t1->l, "%.6f", "1.553002");
  assert_printed (t1->o_normalised[0], "%.6f", "0.324027");
  assert_printed (t1->o_normalised[1], "%.6f", "0.880797");
  assert_printed (t2->rescale, "%.6f", "0.367879");
  assert_printed (t2->l, "%.6f", "1.774755");
  assert_printed (t2->o_normalised[0], "%.6f", "1.241545");
  assert_printed (t2->o_normalised[1], "%.6f", "0.415902");
  assert_printed (ex.lse, "%.6f", "4.573663");
  assert_printed (ex.softmax[4], "%.6f", "0.563458");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/softmax/stable", test_stable);
  g_test_add_func ("/kernels/softmax/online-matches-two-pass", test_online_matches_two_pass);
  g_test_add_func ("/kernels/softmax/worked-example", test_worked_example);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rolling-kv.c — a rolling buffer of w slots, decoding one token at a
 * time, gives the rows of windowed causal attention over the whole
 * sequence (the existing kernel's window option, and the double
 * reference); its memory stays fixed; and the receptive field of L stacked
 * windows, computed by brute force, is L·(w − 1) in the kernel's
 * convention and L·W in Mistral's (FACTS 69). */
#include "kernels-test-util.h"

#include "rolling-kv.h"

enum { HEADS = 2, D = 16, W = 7, N = 40 };

static void
test_equals_windowed (void)
{
  AbRng rng;
  ab_rng_init (&rng, 2310);   /* arXiv:2310.06825 */
  size_t nf = (size_t) HEADS * N * D;
  float *q = random_floats (&rng, nf, 1.0), *k = random_floats (&rng, nf, 1.0);
  float *v = random_floats (&rng, nf, 1.0);
  /* the reference: the whole sequence at once, causal with window W */
  AbAttnShape full = { N, N, D, 0, 1, W };
  float *o_win = g_new (float, nf), *o_causal = g_new (float, nf);
  double *o_ref = g_new (double, nf), *lse_ref = g_new (double, (size_t) HEADS * N);
  AbAttnError err;
  g_assert_cmpint (ab_attention_naive (&full, HEADS, q, k, v, o_win, NULL, NULL, NULL, &err), ==,
                   AB_ATTN_OK);
  ref_attention (&full, HEADS, q, k, v, o_ref, lse_ref);
  AbAttnShape no_window = { N, N, D, 0, 1, 0 };
  g_assert_cmpint (ab_attention_naive (&no_window, HEADS, q, k, v, o_causal, NULL, NULL, NULL, &err),
                   ==, AB_ATTN_OK);

  static const AbAttnAlgo algos[] = { AB_ATTN_NAIVE, AB_ATTN_FLASH2 };
  for (guint a = 0; a < G_N_ELEMENTS (algos); a++)
    {
      AbRollingKv buf;
      g_assert_cmpint (ab_rolling_kv_init (&buf, W, HEADS, D, &err), ==, AB_ATTN_OK);
      uint64_t bytes = ab_rolling_kv_bytes (&buf);
      g_assert_cmpuint (bytes, ==, 2 * HEADS * W * D * sizeof (float));
      double max_err = 0, max_vs_full_causal = 0;
      for (int t = 0; t < N; t++)
        {
          float kt[HEADS * D], vt[HEADS * D], qt[HEADS * D], ot[HEADS * D], lt[HEADS];
          for (int h = 0; h < HEADS; h++)
            {
              size_t at = ((size_t) h * N + t) * D;
              memcpy (kt + h * D, k + at, sizeof (float) * D);
              memcpy (vt + h * D, v + at, sizeof (float) * D);
              memcpy (qt + h * D, q + at, sizeof (float) * D);
            }
          g_assert_cmpint (ab_rolling_kv_append (&buf, kt, vt, &err), ==, AB_ATTN_OK);
          g_assert_cmpint (ab_rolling_kv_len (&buf), ==, MIN (t + 1, W));
          g_assert_cmpint (ab_rolling_kv_attend (&buf, algos[a], qt, ot, lt, &err), ==, AB_ATTN_OK);
          for (int h = 0; h < HEADS; h++)
            {
              size_t at = ((size_t) h * N + t) * D;
              /* σ = 1 logits, scale 1/√d, ≤ 7 keys: fp32 rounding only,
               * |err| ≤ 1e-5 + 1e-4·|ref| as in test-attention (measured
               * ≤ 4e-7 against the double reference) */
              max_err = fmax (max_err, check_close ("rolling O", ot + h * D, o_ref + at, D,
                                                    1e-5, 1e-4));
              for (int c = 0; c < D; c++)
                {
                  g_assert_cmpfloat (fabs (ot[h * D + c] - o_win[at + c]), <=,
                                     1e-5 + 1e-4 * fabs (o_win[at + c]));
                  if (t >= W)
                    max_vs_full_causal = fmax (max_vs_full_causal,
                                               fabs (ot[h * D + c] - o_causal[at + c]));
                }
              check_close ("rolling lse", lt + h, lse_ref + (size_t) h * N + t, 1, 1e-5, 1e-5);
            }
        }
      /* the memory never grew, old positions are gone, recent ones are in
       * slot t mod W */
      g_assert_cmpuint (ab_rolling_kv_bytes (&buf), ==, bytes);
      g_assert_cmpint (ab_rolling_kv_slot (&buf, N - W - 1), ==, -1);
      g_assert_cmpint (ab_rolling_kv_slot (&buf, N - 1), ==, (N - 1) % W);
      g_assert_cmpint (ab_rolling_kv_slot (&buf, N - W), ==, (N - W) % W);
      g_assert_cmpint (ab_rolling_kv_slot (&buf, N), ==, -1);
      /* and the window mattered: without it the rows differ */
      g_assert_cmpfloat (max_vs_full_causal, >, 1e-2);
      g_test_message ("%s: max |err| %.3g vs reference; full causal differs by %.3g",
                      ab_attn_algo_name (algos[a]), max_err, max_vs_full_causal);
      ab_rolling_kv_clear (&buf);
    }
  g_free (q), g_free (k), g_free (v), g_free (o_win), g_free (o_causal);
  g_free (o_ref), g_free (lse_ref);
}

static void
test_receptive_field (void)
{
  /* FACTS 69: Mistral 7B, 32 layers × 4096 = 131,072 */
  g_assert_cmpint (ab_sliding_receptive_field_nominal (32, 4096), ==, 131072);
  g_assert_cmpint (ab_sliding_reach (32, 4096), ==, 32 * 4095);
  /* brute force, small: L = 5 layers, w = 4 keys, from token 0 */
  enum { L = 5, KEYS = 4, NP = 40 };
  unsigned char map[(L + 1) * NP];
  int furthest = ab_sliding_influence_map (L, KEYS, NP, 0, map);
  g_assert_cmpint (furthest, ==, ab_sliding_reach (L, KEYS));
  for (int l = 0; l <= L; l++)
    for (int i = 0; i < NP; i++)
      g_assert_cmpint (map[l * NP + i], ==, i <= l * (KEYS - 1));
  /* Mistral's convention: W = 4 means positions i − 4 … i, 5 keys */
  g_assert_cmpint (ab_sliding_influence_map (L, 4 + 1, NP, 0, map), ==,
                   ab_sliding_receptive_field_nominal (L, 4));
  /* from the middle, clipped by the sequence end */
  g_assert_cmpint (ab_sliding_influence_map (L, KEYS, NP, 30, map), ==, NP - 1);
  g_assert_cmpint (map[0 * NP + 29], ==, 0);
  g_assert_cmpint (map[L * NP + 29], ==, 0);   /* information never flows backwards */
  g_assert_cmpint (ab_sliding_influence_map (L, 0, NP, 0, map), ==, -1);
}

static void
test_errors (void)
{
  AbRollingKv buf;
  AbAttnError err;
  g_assert_cmpint (ab_rolling_kv_init (&buf, 0, 1, 4, &err), ==, AB_ATTN_E_INVALID);
  g_assert_cmpint (ab_rolling_kv_init (&buf, 3, 1, 4, &err), ==, AB_ATTN_OK);
  float q[4] = { 0 }, o[4];
  g_assert_cmpint (ab_rolling_kv_attend (&buf, AB_ATTN_NAIVE, q, o, NULL, &err), ==,
                   AB_ATTN_E_INVALID);
  ab_rolling_kv_clear (&buf);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/rolling-kv/equals-windowed", test_equals_windowed);
  g_test_add_func ("/kernels/rolling-kv/receptive-field", test_receptive_field);
  g_test_add_func ("/kernels/rolling-kv/errors", test_errors);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gqa.c — grouped-query and multi-query attention against a reference
 * that repeats each K/V head for the G query heads of its group, over every
 * kernel (naive, FA1, FA2, ring) and the mask cases that take each path. */
#include "kernels-test-util.h"

#include "attn-gqa.h"

typedef struct
{
  const char *name;
  int hq, hkv, nq, nkv, d, causal, window;
} Case;

static const Case cases[] = {
  { "mha",               4, 4,  40,  40, 16, 0, 0 },
  { "gqa-unmasked",      8, 2,  50,  70, 32, 0, 0 },
  { "mqa-unmasked",      6, 1,  33,  33, 16, 0, 0 },
  { "gqa-causal",        8, 2,  64,  64, 32, 1, 0 },
  { "gqa-kvcache",       6, 3,  17,  90, 16, 1, 0 },
  { "mqa-decode",        8, 1,   1, 200, 64, 1, 0 },
  { "gqa-causal-window", 4, 2,  80,  80, 16, 1, 9 },
  { "gqa-window",        4, 2,  30,  30, 16, 0, 7 },
};

static const AbAttnAlgo algos[] = { AB_ATTN_NAIVE, AB_ATTN_FLASH1, AB_ATTN_FLASH2, AB_ATTN_RING };

/* K/V [H_kv, N, d] → [H_q, N, d]: head h gets a copy of K/V head h / G. */
static float *
repeat_kv (const float *x, int hq, int hkv, int n, int d)
{
  int G = hq / hkv;
  float *out = g_new (float, (size_t) hq * n * d);
  for (int h = 0; h < hq; h++)
    memcpy (out + (size_t) h * n * d, x + (size_t) (h / G) * n * d, sizeof (float) * n * d);
  return out;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  AbAttnShape s = { c->nq, c->nkv, c->d, 0, c->causal, c->window };
  AbRng rng;
  ab_rng_init (&rng, 4242 + c->hq * 7 + c->nkv);
  size_t nq_f = (size_t) c->hq * c->nq * c->d, nkv_f = (size_t) c->hkv * c->nkv * c->d;
  float *q = random_floats (&rng, nq_f, 1.0);
  float *k = random_floats (&rng, nkv_f, 1.0);
  float *v = random_floats (&rng, nkv_f, 1.0);
  float *kr = repeat_kv (k, c->hq, c->hkv, c->nkv, c->d);
  float *vr = repeat_kv (v, c->hq, c->hkv, c->nkv, c->d);
  double *o_ref = g_new (double, nq_f);
  double *lse_ref = g_new (double, (size_t) c->hq * c->nq);
  ref_attention (&s, c->hq, q, kr, vr, o_ref, lse_ref);

  float *o = g_new (float, nq_f), *lse = g_new (float, (size_t) c->hq * c->nq);
  float *o_mha = g_new (float, nq_f);
  for (guint a = 0; a < G_N_ELEMENTS (algos); a++)
    {
      /* ring: 3 devices, or 1 when there are fewer query rows than devices */
      AbAttnOptions opts = { .block_q = 16, .block_k = 32, .threads = 2,
                             .devices = c->nq >= 3 ? 3 : 1 };
      AbAttnError err;
      for (size_t i = 0; i < nq_f; i++)
        o[i] = NAN;
      if (ab_attention_gqa (algos[a], &s, c->hq, c->hkv, q, k, v, o, lse, &opts, NULL, &err)
          != AB_ATTN_OK)
        g_error ("%s %s: %s", c->name, ab_attn_algo_name (algos[a]), err.message);
      /* Same tolerance as test-attention's normal-logit cases (σ = 1,
       * scale 1/√d): |err| ≤ 1e-5 + 1e-4·|ref| on O, 1e-5 + 1e-5·|ref| on
       * the logsumexp; fp32 products and exp keep errors near 1e-6. */
      g_autofree char *wo = g_strdup_printf ("%s %s O", c->name, ab_attn_algo_name (algos[a]));
      g_autofree char *wl = g_strdup_printf ("%s %s lse", c->name, ab_attn_algo_name (algos[a]));
      double eo = check_close (wo, o, o_ref, nq_f, 1e-5, 1e-4);
      double el = check_close (wl, lse, lse_ref, (size_t) c->hq * c->nq, 1e-5, 1e-5);

      /* and the float MHA kernel on the repeated K/V agrees as closely */
      if (ab_attention_run (algos[a], &s, c->hq, q, kr, vr, o_mha, NULL, &opts, NULL, &err)
          != AB_ATTN_OK)
        g_error ("%s", err.message);
      double dmax = 0;
      for (size_t i = 0; i < nq_f; i++)
        dmax = fmax (dmax, fabs ((double) o[i] - o_mha[i]));
      g_assert_cmpfloat (dmax, <=, 2e-5);
      g_test_message ("%s %s: max |err| O %.3g, lse %.3g; vs MHA on repeated K/V %.3g",
                      c->name, ab_attn_algo_name (algos[a]), eo, el, dmax);
    }
  g_free (q), g_free (k), g_free (v), g_free (kr), g_free (vr);
  g_free (o_ref), g_free (lse_ref), g_free (o), g_free (lse), g_free (o_mha);
}

static void
test_mapping (void)
{
  /* Llama 3 70B: 64 query heads in 8 groups of 8 (FACTS 50) */
  g_assert_cmpint (ab_gqa_kv_head (0, 64, 8), ==, 0);
  g_assert_cmpint (ab_gqa_kv_head (7, 64, 8), ==, 0);
  g_assert_cmpint (ab_gqa_kv_head (8, 64, 8), ==, 1);
  g_assert_cmpint (ab_gqa_kv_head (63, 64, 8), ==, 7);
  g_assert_cmpint (ab_gqa_kv_head (63, 64, 1), ==, 0);    /* MQA */
  g_assert_cmpint (ab_gqa_kv_head (63, 64, 64), ==, 63);  /* MHA */
  g_assert_cmpint (ab_gqa_kv_head (0, 6, 4), ==, -1);
  g_assert_cmpint (ab_gqa_kv_head (6, 6, 3), ==, -1);
}

static void
test_errors (void)
{
  AbAttnShape s = { 4, 4, 8, 0, 1, 0 };
  float q[6 * 4 * 8], kv[2 * 4 * 8], o[6 * 4 * 8];
  for (guint i = 0; i < G_N_ELEMENTS (q); i++)
    q[i] = 0.1f * (float) (i % 7);
  for (guint i = 0; i < G_N_ELEMENTS (kv); i++)
    kv[i] = 0.2f * (float) (i % 5);
  AbAttnError err;
  g_assert_cmpint (ab_attention_gqa (AB_ATTN_NAIVE, &s, 6, 4, q, kv, kv, o, NULL, NULL, NULL, &err),
                   ==, AB_ATTN_E_INVALID);
  g_assert_nonnull (strstr (err.message, "multiple"));
  /* a NaN in the last group's K: refused before any head is written */
  for (guint i = 0; i < G_N_ELEMENTS (o); i++)
    o[i] = 12345.0f;
  float kbad[2 * 4 * 8];
  memcpy (kbad, kv, sizeof kbad);
  kbad[G_N_ELEMENTS (kbad) - 3] = NAN;
  g_assert_cmpint (ab_attention_gqa (AB_ATTN_FLASH2, &s, 6, 2, q, kbad, kv, o, NULL, NULL, NULL, &err),
                   ==, AB_ATTN_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "K[61] is nan"));
  for (guint i = 0; i < G_N_ELEMENTS (o); i++)
    g_assert_cmpfloat (o[i], ==, 12345.0f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kernels/gqa/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/kernels/gqa/head-mapping", test_mapping);
  g_test_add_func ("/kernels/gqa/errors", test_errors);
  return g_test_run ();
}

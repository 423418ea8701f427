/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-attention.c — every attention kernel against a double-precision
 * reference, over shapes chosen to hit the edges of the tiling and masks. */
#include "kernels-test-util.h"
#include "attn-flash-micro.h"

#include <float.h>

typedef struct
{
  const char *name;
  int nq, nkv, d, heads;
  int causal, window;
  int br, bc;
  float scale;      /* 0 = 1/√d */
  double sigma;     /* std of Q and K entries */
  /* tolerances: |out − ref| ≤ thr + |ref|·eps */
  double o_thr, o_eps, lse_thr, lse_eps;
} Case;

/* Normal logits (σ = 1, scale 1/√d): fp32 products and the ~2-ulp exp keep
 * outputs within 1e-5 absolute (measured: ≤ 1.4e-6). Large logits (scores of several hundred):
 * one fp32 rounding of a score of 500 is 3e-5, and exp turns an absolute
 * score error into a relative weight error, so the bound is looser
 * (measured: 6.5e-5 on O with the OpenBLAS loops, 1.9e-4 to 2.2e-4 with the
 * micro-kernels, whose Q is pre-scaled and whose dot products are one FMA
 * chain per score; 2.5e-4 on a logsumexp of ~300). */
#define TOL_NORMAL 1e-5, 1e-4, 1e-5, 1e-5
#define TOL_LARGE  5e-4, 1e-3, 1e-3, 1e-5

static const Case cases[] = {
  { "n-below-tile",      5,    7,  16, 1, 0, 0,  64, 64, 0, 1, TOL_NORMAL },
  { "tail-tiles",      100,  100,  64, 2, 0, 0,  32, 48, 0, 1, TOL_NORMAL },
  { "d80-tail",         77,   91,  80, 1, 0, 0,  16, 32, 0, 1, TOL_NORMAL },
  { "d128",            256,  256, 128, 3, 0, 0,  64, 64, 0, 1, TOL_NORMAL },
  { "causal",          200,  200, 128, 1, 1, 0,  64, 64, 0, 1, TOL_NORMAL },
  { "causal-tail",     130,  130,  64, 2, 1, 0,  48, 32, 0, 1, TOL_NORMAL },
  { "causal-kvcache",   37,  129,  80, 2, 1, 0,  16, 32, 0, 1, TOL_NORMAL },
  { "causal-decode",     1,  300,  64, 2, 1, 0,  64, 64, 0, 1, TOL_NORMAL },
  { "causal-masked-rows", 129, 37, 64, 1, 1, 0,  32, 16, 0, 1, TOL_NORMAL },
  { "window",          150,  150,  64, 1, 0, 17, 32, 32, 0, 1, TOL_NORMAL },
  { "causal-window",   150,  150,  16, 2, 1, 17, 32, 32, 0, 1, TOL_NORMAL },
  { "window-kvcache",   40,  200,  64, 1, 1, 50, 16, 64, 0, 1, TOL_NORMAL },
  { "window-masked-rows", 60, 20, 64, 1, 0, 5,  16, 16, 0, 1, TOL_NORMAL },
  { "large-logits",    128,  192,  64, 1, 0, 0,  32, 64, 30.0f, 1, TOL_LARGE },
  { "large-logits-causal", 128, 128, 64, 1, 1, 0, 32, 32, 30.0f, 1, TOL_LARGE },
  { "n512",            512,  512,  64, 2, 0, 0,  64, 128, 0, 1, TOL_NORMAL },
  { "n1024-causal",   1024, 1024,  64, 1, 1, 0, 128, 128, 0, 1, TOL_NORMAL },
  /* d = 20 is no multiple of any micro-kernel's lanes: the OpenBLAS loop */
  { "d20",              45,   61,  20, 2, 1, 0,  16, 16, 0, 1, TOL_NORMAL },
  /* br = bc = 0: the tiles sized from this CPU's caches, N no multiple of them */
  { "default-tiles",   700,  900,  64, 2, 1, 0,   0,   0, 0, 1, TOL_NORMAL },
  { "default-tiles-d128", 333, 1000, 128, 1, 0, 0, 0,  0, 0, 1, TOL_NORMAL },
};

/* FA2 runs every inner loop this machine has: the OpenBLAS one and each
 * micro-kernel the CPU supports (AB_FLASH_INNER forces the choice). */
static int
flash2_inners (const char **names, int max)
{
  const AbMicroKernel *k[8];
  int n = ab__micro_available (k, 8);
  int c = 0;
  names[c++] = "blas";
  for (int i = 0; i < n && c < max; i++)
    names[c++] = k[i]->name;
  return c;
}

typedef struct
{
  const Case *c;
  AbAttnAlgo  algo;
} TestData;

typedef struct
{
  float  *q, *k, *v;
  double *o_ref, *lse_ref;
  size_t  nq_f, nkv_f, lse_n;
} Problem;

static void
problem_init (Problem *p, const Case *c, AbAttnShape *s)
{
  *s = (AbAttnShape) { c->nq, c->nkv, c->d, c->scale, c->causal, c->window };
  AbRng rng;
  ab_rng_init (&rng, 1234 + c->nq * 31 + c->d);
  p->nq_f = (size_t) c->heads * c->nq * c->d;
  p->nkv_f = (size_t) c->heads * c->nkv * c->d;
  p->lse_n = (size_t) c->heads * c->nq;
  p->q = random_floats (&rng, p->nq_f, c->sigma);
  p->k = random_floats (&rng, p->nkv_f, c->sigma);
  p->v = random_floats (&rng, p->nkv_f, 1.0);
  p->o_ref = g_new (double, p->nq_f);
  p->lse_ref = g_new (double, p->lse_n);
  ref_attention (s, c->heads, p->q, p->k, p->v, p->o_ref, p->lse_ref);
}

static void
problem_clear (Problem *p)
{
  g_free (p->q);
  g_free (p->k);
  g_free (p->v);
  g_free (p->o_ref);
  g_free (p->lse_ref);
}

static void
run_and_check (const Case *c, const Problem *p, const AbAttnShape *s,
               AbAttnAlgo algo, const AbAttnOptions *opts, const char *label)
{
  float *o = g_new (float, p->nq_f);
  float *lse = g_new (float, p->lse_n);
  /* poison: every entry must be written */
  for (size_t i = 0; i < p->nq_f; i++)
    o[i] = NAN;
  for (size_t i = 0; i < p->lse_n; i++)
    lse[i] = NAN;
  AbAttnError err;
  AbAttnStatus st = ab_attention_run (algo, s, c->heads, p->q, p->k, p->v, o, lse,
                                      opts, NULL, &err);
  if (st != AB_ATTN_OK)
    g_error ("%s: %s", label, err.message);
  g_autofree char *wo = g_strdup_printf ("%s O", label);
  g_autofree char *wl = g_strdup_printf ("%s lse", label);
  double eo = check_close (wo, o, p->o_ref, p->nq_f, c->o_thr, c->o_eps);
  double el = check_close (wl, lse, p->lse_ref, p->lse_n, c->lse_thr, c->lse_eps);
  g_test_message ("%s: max |err| O %.3g, lse %.3g", label, eo, el);
  g_free (o);
  g_free (lse);
}

static void
test_case (gconstpointer data)
{
  const TestData *td = data;
  const Case *c = td->c;
  AbAttnShape s;
  Problem p;
  problem_init (&p, c, &s);

  for (int threads = 1; threads <= 2; threads++)
    {
      AbAttnOptions opts = { .block_q = c->br, .block_k = c->bc, .threads = threads };
      if (td->algo == AB_ATTN_RING)
        {
          int max_p = MIN (4, MIN (c->nq, c->nkv));
          if (threads == 2)
            continue;   /* ring runs one thread per device */
          for (int dev = 1; dev <= max_p; dev++)
            {
              opts.devices = dev;
              g_autofree char *label = g_strdup_printf ("%s ring P=%d", c->name, dev);
              run_and_check (c, &p, &s, td->algo, &opts, label);
            }
        }
      else if (td->algo == AB_ATTN_FLASH2)
        {
          const char *inner[8];
          int n_inner = flash2_inners (inner, 8);
          for (int i = 0; i < n_inner; i++)
            {
              g_setenv ("AB_FLASH_INNER", inner[i], TRUE);
              g_autofree char *label = g_strdup_printf ("%s flash2/%s T=%d", c->name,
                                                        inner[i], threads);
              run_and_check (c, &p, &s, td->algo, &opts, label);
            }
          g_unsetenv ("AB_FLASH_INNER");
        }
      else
        {
          g_autofree char *label = g_strdup_printf ("%s %s T=%d", c->name,
                                                    ab_attn_algo_name (td->algo), threads);
          run_and_check (c, &p, &s, td->algo, &opts, label);
        }
    }
  problem_clear (&p);
}

/* BF16 K/V: every case, every inner loop, one and two threads. Against the
 * FP64 attention of the rounded K and V the kernel must meet the case's FP32
 * tolerance (the rounding is the input's, not the kernel's); against the
 * unrounded inputs the error is BF16's own, reported, and bounded for the
 * normal-logit cases: 8 significant bits move each score by up to
 * 2⁻⁸·Σ|q_i k_i|·scale and each V entry by 2⁻⁸ relative (measured: at
 * most 0.0076 on O of entries ~1; with logits of several hundred, 0.4–0.5,
 * which is why a KV cache in BF16 wants well-scaled keys). */
static void
test_bf16_kv (gconstpointer data)
{
  const Case *c = data;
  AbAttnShape s;
  Problem p;
  problem_init (&p, c, &s);
  uint16_t *k16 = g_new (uint16_t, p.nkv_f), *v16 = g_new (uint16_t, p.nkv_f);
  float *kr = g_new (float, p.nkv_f), *vr = g_new (float, p.nkv_f);
  double *o_ref = g_new (double, p.nq_f), *lse_ref = g_new (double, p.lse_n);
  float *o = g_new (float, p.nq_f), *lse = g_new (float, p.lse_n);
  const char *inner[8];
  int n_inner = flash2_inners (inner, 8);
  double worst_vs_fp32 = 0;

  ab_bf16_from_floats (k16, p.k, p.nkv_f);
  ab_bf16_from_floats (v16, p.v, p.nkv_f);
  ab_bf16_to_floats (kr, k16, p.nkv_f);
  ab_bf16_to_floats (vr, v16, p.nkv_f);
  ref_attention (&s, c->heads, p.q, kr, vr, o_ref, lse_ref);

  for (int threads = 1; threads <= 2; threads++)
    for (int i = 0; i < n_inner; i++)
      {
        AbAttnOptions opts = { .block_q = c->br, .block_k = c->bc, .threads = threads };
        AbAttnStats stats, fp32_stats;
        AbAttnError err;
        g_autofree char *wo = g_strdup_printf ("%s bf16/%s T=%d O", c->name, inner[i], threads);
        g_autofree char *wl = g_strdup_printf ("%s bf16/%s T=%d lse", c->name, inner[i], threads);

        for (size_t j = 0; j < p.nq_f; j++)
          o[j] = NAN;
        g_setenv ("AB_FLASH_INNER", inner[i], TRUE);
        if (ab_flash_forward (&s, c->heads, p.q, p.k, p.v, o, lse, &opts, &fp32_stats, &err)
            != AB_ATTN_OK)
          g_error ("%s (FP32): %s", wo, err.message);
        for (size_t j = 0; j < p.nq_f; j++)
          o[j] = NAN;
        if (ab_flash_forward_bf16_kv (&s, c->heads, p.q, k16, v16, o, lse, &opts, &stats, &err)
            != AB_ATTN_OK)
          g_error ("%s: %s", wo, err.message);
        double eo = check_close (wo, o, o_ref, p.nq_f, c->o_thr, c->o_eps);
        double el = check_close (wl, lse, lse_ref, p.lse_n, c->lse_thr, c->lse_eps);
        g_test_message ("%s: max |err| vs rounded K/V: O %.3g, lse %.3g", wo, eo, el);
        for (size_t j = 0; j < p.nq_f; j++)
          worst_vs_fp32 = fmax (worst_vs_fp32, fabs (o[j] - p.o_ref[j]));
        /* the same tiles, half the K/V bytes in the IO model; one head of
         * K and V widened per thread in the extra memory */
        g_assert_cmpint (stats.block_q, ==, fp32_stats.block_q);
        g_assert_cmpuint (stats.hbm_read_bytes, <, fp32_stats.hbm_read_bytes);
        g_assert_cmpuint (stats.extra_bytes, >=,
                          fp32_stats.extra_bytes + (size_t) stats.threads_used * 2 * c->nkv * c->d * 4);
      }
  g_unsetenv ("AB_FLASH_INNER");
  g_test_message ("%s: max |O − exact O of the unrounded inputs| %.3g", c->name, worst_vs_fp32);
  if (c->scale == 0)
    g_assert_cmpfloat (worst_vs_fp32, <, 0.02);

  g_free (k16); g_free (v16); g_free (kr); g_free (vr);
  g_free (o_ref); g_free (lse_ref); g_free (o); g_free (lse);
  problem_clear (&p);
}

/* The conversions: exact widening, round to nearest even, NaN kept a NaN,
 * overflow to infinity; and the BF16 entry refuses what the float one does. */
static void
test_bf16_edges (void)
{
  g_assert_cmpuint (ab_bf16_from_float (1.0f), ==, 0x3f80);
  g_assert_cmpfloat (ab_bf16_to_float (0x3f80), ==, 1.0f);
  /* 1 + 2⁻⁸ is a tie between 1 and 1 + 2⁻⁷: to even (1) */
  g_assert_cmpuint (ab_bf16_from_float (1.0f + 0x1p-8f), ==, 0x3f80);
  /* 1 + 3·2⁻⁸ is a tie between 1 + 2⁻⁷ and 1 + 2⁻⁶: to even (1 + 2⁻⁶) */
  g_assert_cmpuint (ab_bf16_from_float (1.0f + 3 * 0x1p-8f), ==, 0x3f82);
  g_assert_cmpuint (ab_bf16_from_float (1.0f + 0x1p-8f + 0x1p-20f), ==, 0x3f81);
  g_assert_cmpuint (ab_bf16_from_float (-0.0f), ==, 0x8000);
  g_assert_true (isnan (ab_bf16_to_float (ab_bf16_from_float (NAN))));
  g_assert_true (isnan (ab_bf16_to_float (ab_bf16_from_float (-NAN))));
  g_assert_cmpfloat (ab_bf16_to_float (ab_bf16_from_float (FLT_MAX)), ==, INFINITY);
  g_assert_cmpfloat (ab_bf16_to_float (ab_bf16_from_float (1e-40f)), >, 0);   /* subnormals kept */
  for (uint32_t b = 0; b < 0x10000; b++)
    if ((b & 0x7f80) != 0x7f80)   /* every finite BF16 survives the round trip */
      g_assert_cmpuint (ab_bf16_from_float (ab_bf16_to_float ((uint16_t) b)), ==, b);

  enum { N = 9, D = 16 };
  float q[N * D] = { 0 }, o[N * D], lse[N];
  uint16_t k[N * D] = { 0 }, v[N * D] = { 0 };
  AbAttnShape shape = { N, N, D, 0, 0, 0 };
  AbAttnOptions fa1 = { .order = AB_FLASH_FA1 };
  AbAttnError err;

  g_assert_cmpint (ab_flash_forward_bf16_kv (&shape, 1, q, k, v, o, lse, NULL, NULL, &err), ==, AB_ATTN_OK);
  for (int i = 0; i < N * D; i++)
    g_assert_cmpfloat (o[i], ==, 0);
  g_assert_cmpint (ab_flash_forward_bf16_kv (&shape, 1, q, NULL, v, o, lse, NULL, NULL, &err), ==,
                   AB_ATTN_E_INVALID);
  g_assert_cmpint (ab_flash_forward_bf16_kv (&shape, 1, q, k, v, o, lse, &fa1, NULL, &err), ==,
                   AB_ATTN_E_INVALID);
  g_assert_nonnull (strstr (err.message, "FA2"));
  v[5 * D + 3] = 0x7fc0;   /* NaN */
  g_assert_cmpint (ab_flash_forward_bf16_kv (&shape, 1, q, k, v, o, lse, NULL, NULL, &err), ==,
                   AB_ATTN_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "V[83] is nan"));
  g_assert_nonnull (strstr (err.message, "row 5, column 3"));
  v[5 * D + 3] = 0;
  k[2] = 0xff80;   /* −inf */
  g_assert_cmpint (ab_flash_forward_bf16_kv (&shape, 1, q, k, v, o, lse, NULL, NULL, &err), ==,
                   AB_ATTN_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "K[2] is -inf"));
}

/* FA1 and FA2 walk the tiles in different orders and normalise at different
 * times; they must still agree to rounding. */
static void
test_orders_agree (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      AbAttnShape s;
      Problem p;
      problem_init (&p, c, &s);
      float *o1 = g_new (float, p.nq_f), *o2 = g_new (float, p.nq_f);
      float *l1 = g_new (float, p.lse_n), *l2 = g_new (float, p.lse_n);
      AbAttnOptions opts = { .block_q = c->br, .block_k = c->bc, .threads = 1,
                             .order = AB_FLASH_FA1 };
      g_assert_cmpint (ab_flash_forward (&s, c->heads, p.q, p.k, p.v, o1, l1, &opts, NULL, NULL), ==, AB_ATTN_OK);
      opts.order = AB_FLASH_FA2;
      g_assert_cmpint (ab_flash_forward (&s, c->heads, p.q, p.k, p.v, o2, l2, &opts, NULL, NULL), ==, AB_ATTN_OK);
      double *o2d = g_new (double, p.nq_f), *l2d = g_new (double, p.lse_n);
      for (size_t j = 0; j < p.nq_f; j++)
        o2d[j] = o2[j];
      for (size_t j = 0; j < p.lse_n; j++)
        l2d[j] = l2[j];
      /* FA1 renormalises O after each tile (one extra rounding per tile) */
      check_close (c->name, o1, o2d, p.nq_f, c->o_thr, c->o_eps);
      check_close (c->name, l1, l2d, p.lse_n, c->lse_thr, c->lse_eps);
      g_free (o2d);
      g_free (l2d);
      g_free (o1);
      g_free (o2);
      g_free (l1);
      g_free (l2);
      problem_clear (&p);
    }
}

/* Rows that see no key: output 0 and logsumexp −inf, never NaN. */
static void
test_fully_masked (void)
{
  /* N_q > N_kv with causal: the first N_q − N_kv rows see nothing. */
  AbAttnShape s = { .n_q = 20, .n_kv = 8, .d = 16, .causal = 1 };
  AbRng rng;
  ab_rng_init (&rng, 7);
  float *q = random_floats (&rng, 20 * 16, 1), *k = random_floats (&rng, 8 * 16, 1);
  float *v = random_floats (&rng, 8 * 16, 1);
  float o[20 * 16], lse[20];
  for (AbAttnAlgo a = AB_ATTN_NAIVE; a <= AB_ATTN_RING; a++)
    {
      AbAttnOptions opts = { .block_q = 4, .block_k = 4, .threads = 2, .devices = 3 };
      g_assert_cmpint (ab_attention_run (a, &s, 1, q, k, v, o, lse, &opts, NULL, NULL), ==, AB_ATTN_OK);
      for (int i = 0; i < 12; i++)
        {
          g_assert_true (isinf (lse[i]) && lse[i] < 0);
          for (int c = 0; c < 16; c++)
            g_assert_cmpfloat (o[i * 16 + c], ==, 0.0f);
        }
      for (int i = 12; i < 20; i++)
        g_assert_true (isfinite (lse[i]));
    }
  g_free (q);
  g_free (k);
  g_free (v);
}

/* Naive refuses before allocating, naming the bytes it needs. */
static void
test_budget (void)
{
  AbAttnShape s = { .n_q = 1024, .n_kv = 2048, .d = 16 };
  float x = 0;
  AbAttnOptions opts = { .mem_budget = 1 << 20 };
  AbAttnError err;
  AbAttnStatus st = ab_attention_naive (&s, 1, &x, &x, &x, &x, NULL, &opts, NULL, &err);
  g_assert_cmpint (st, ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (err.bytes_needed, ==, 1024u * 2048u * 4u);
  g_assert_cmpuint (err.budget, ==, 1u << 20);
  g_assert_nonnull (strstr (err.message, "8388608 bytes"));
  g_assert_cmpuint (ab_attention_naive_bytes (&s, 1), ==, 8388608u);

  /* Invalid sizes are refused too. */
  AbAttnShape z = { .n_q = 0, .n_kv = 4, .d = 4 };
  g_assert_cmpint (ab_flash_forward (&z, 1, &x, &x, &x, &x, NULL, NULL, NULL, &err), ==, AB_ATTN_E_INVALID);
  g_assert_cmpint (err.status, ==, AB_ATTN_E_INVALID);
  AbAttnShape r = { .n_q = 3, .n_kv = 3, .d = 4 };
  AbAttnOptions ring = { .devices = 4 };
  g_assert_cmpint (ab_ring_attention (&r, 1, &x, &x, &x, &x, NULL, &ring, NULL, &err), ==, AB_ATTN_E_INVALID);
}

/* The plan is the kernel's own check: the same bytes as it allocates, and
 * over budget the same status, numbers and message, without allocating. */
static void
test_naive_plan (void)
{
  AbRng rng;
  ab_rng_init (&rng, 3);
  AbAttnShape s = { .n_q = 96, .n_kv = 160, .d = 32, .causal = 1 };
  float *q = random_floats (&rng, 2 * 160 * 32, 1);
  float *o = g_new (float, 2 * 96 * 32);
  AbAttnOptions opts = { .threads = 1 };
  AbAttnStats stats;
  AbAttnError err, kernel_err;
  size_t bytes = 0;

  g_assert_cmpint (ab_attention_naive_plan (&s, &opts, &bytes, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (ab_attention_naive (&s, 2, q, q, q, o, NULL, &opts, &stats, NULL), ==, AB_ATTN_OK);
  g_assert_cmpuint (bytes, ==, stats.extra_bytes);
  g_assert_cmpuint (bytes, ==, 96u * 160u * 4u);

  /* One byte short of the score buffer. */
  opts.mem_budget = bytes - 1;
  bytes = 0;
  g_assert_cmpint (ab_attention_naive_plan (&s, &opts, &bytes, &err), ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (bytes, ==, 96u * 160u * 4u);
  g_assert_cmpint (err.status, ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (err.bytes_needed, ==, bytes);
  g_assert_cmpuint (err.budget, ==, bytes - 1);
  g_assert_cmpint (ab_attention_naive (&s, 2, q, q, q, o, NULL, &opts, NULL, &kernel_err), ==,
                   AB_ATTN_E_BUDGET);
  g_assert_cmpstr (err.message, ==, kernel_err.message);
  g_assert_cmpuint (err.bytes_needed, ==, kernel_err.bytes_needed);
  g_assert_cmpuint (err.budget, ==, kernel_err.budget);

  /* A sequence no machine here holds: planned, not allocated (32768² fp32 = 4 GiB). */
  AbAttnShape big = { .n_q = 32768, .n_kv = 32768, .d = 64 };
  AbAttnOptions two_gib = { .mem_budget = (size_t) 2 << 30 };
  g_assert_cmpint (ab_attention_naive_plan (&big, &two_gib, &bytes, &err), ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (bytes, ==, (size_t) 4 << 30);
  g_assert_nonnull (strstr (err.message, "4294967296 bytes"));

  /* Invalid shapes are refused as the kernel refuses them. */
  AbAttnShape z = { .n_q = 0, .n_kv = 4, .d = 4 };
  g_assert_cmpint (ab_attention_naive_plan (&z, NULL, NULL, &err), ==, AB_ATTN_E_INVALID);
  g_assert_cmpint (ab_attention_naive (&z, 1, q, q, q, o, NULL, NULL, NULL, &kernel_err), ==,
                   AB_ATTN_E_INVALID);
  g_assert_cmpstr (err.message, ==, kernel_err.message);
  g_free (q);
  g_free (o);
}

/* Flash's extra memory is a tile set per thread, whatever N is; naive's is
 * the N_q × N_kv score matrix. Checked for every FA2 inner loop. */
static size_t
flash_tile_bytes (const char *inner, int br, int bc, int d)
{
  if (strcmp (inner, "blas") == 0)   /* S (B_r × B_c) + O_acc (B_r × d) + m, ℓ (2 B_r) */
    return 4 * ((size_t) br * bc + (size_t) br * d + 2 * (size_t) br);
  const AbMicroKernel *k[8];
  int n = ab__micro_available (k, 8);
  for (int i = 0; i < n; i++)
    if (strcmp (k[i]->name, inner) == 0)   /* its buffer + lo, hi per row */
      return k[i]->floats (br, bc, d) * 4 + 2 * (size_t) br * sizeof (int);
  g_error ("no inner loop %s", inner);
}

static void
test_extra_memory (void)
{
  AbRng rng;
  ab_rng_init (&rng, 9);
  float *q = random_floats (&rng, 1024 * 64, 1);
  float *o = g_new (float, 1024 * 64);
  const char *inner[8];
  int n_inner = flash2_inners (inner, 8);
  for (int in = 0; in < n_inner; in++)
    {
      g_setenv ("AB_FLASH_INNER", inner[in], TRUE);
      size_t flash_bytes[2];
      for (int i = 0; i < 2; i++)
        {
          int n = 512 << i;
          AbAttnShape s = { .n_q = n, .n_kv = n, .d = 64 };
          AbAttnStats naive, flash;
          AbAttnOptions opts = { .threads = 1, .block_q = 128, .block_k = 256 };
          g_assert_cmpint (ab_attention_naive (&s, 1, q, q, q, o, NULL, &opts, &naive, NULL), ==, AB_ATTN_OK);
          g_assert_cmpint (ab_flash_forward (&s, 1, q, q, q, o, NULL, &opts, &flash, NULL), ==, AB_ATTN_OK);
          g_assert_cmpuint (naive.extra_bytes, ==, (size_t) n * n * 4);
          g_assert_cmpstr (flash.inner, ==, inner[in]);
          g_assert_cmpint (flash.block_q, ==, 128);
          g_assert_cmpint (flash.block_k, ==, 256);
          size_t tile = flash_tile_bytes (inner[in], 128, 256, 64);
          /* plus bookkeeping: the tile kinds, rounding to a cache line, Work */
          g_assert_cmpuint (flash.extra_bytes, >=, tile);
          g_assert_cmpuint (flash.extra_bytes, <, tile + 1024);
          flash_bytes[i] = flash.extra_bytes;
        }
      g_assert_cmpuint (flash_bytes[0], ==, flash_bytes[1]);
    }
  g_unsetenv ("AB_FLASH_INNER");
  g_free (q);
  g_free (o);
}

/* The CUDA seam: without CUDA kernels (or a GPU) the request is refused
 * cleanly, and the CPU stays available. */
static void
test_backend (void)
{
  g_assert_true (ab_attention_backend_available (AB_BACKEND_CPU));
  if (ab_attention_backend_available (AB_BACKEND_CUDA))
    {
      g_test_skip ("CUDA backend present");
      return;
    }
  AbAttnShape s = { .n_q = 4, .n_kv = 4, .d = 4 };
  float x[16] = { 0 }, o[16];
  AbAttnOptions opts = { .backend = AB_BACKEND_CUDA };
  AbAttnError err;
  g_assert_cmpint (ab_attention_run (AB_ATTN_FLASH2, &s, 1, x, x, x, o, NULL, &opts, NULL, &err),
                   ==, AB_ATTN_E_UNSUPPORTED);
  g_assert_nonnull (strstr (err.message, "CUDA"));
}

/* Non-finite input: every entry point refuses NaN/±inf in Q, K or V with
 * AB_ATTN_E_NONFINITE, names the tensor and the first bad index, and leaves
 * O and lse untouched (before the fix flash/ring returned zero rows with
 * lse = −inf and AB_ATTN_OK, and naive returned NaN). */
typedef AbAttnStatus (*EntryFunc) (const AbAttnShape *, int, const float *, const float *,
                                   const float *, float *, float *, const AbAttnOptions *,
                                   AbAttnStats *, AbAttnError *);

static void
test_nonfinite (void)
{
  enum { H = 2, NQ = 24, NKV = 40, D = 8 };
  const size_t nq_f = H * NQ * D, nkv_f = H * NKV * D;
  typedef struct
  {
    const char *name;
    char        tensor;    /* 'Q', 'K', 'V' */
    long        index;     /* −1: every entry */
    float       value;
    int         causal;
    const char *expect;    /* substring of the message */
  } Bad;
  const Bad bad[] = {
    { "nan-in-q",      'Q', 5 * D + 3,        NAN,       0, "Q[43] is nan" },
    { "nan-in-k",      'K', NKV * D + 17,     NAN,       0, "K[337] is nan" },
    { "inf-in-v",      'V', 2 * D,            INFINITY,  0, "V[16] is inf" },
    { "neg-inf-in-k",  'K', 0,                -INFINITY, 0, "K[0] is -inf" },
    { "all-inf-q",     'Q', -1,               INFINITY,  0, "Q[0] is inf" },
    /* masked key positions are not exempt: the rule is about the input */
    { "nan-masked-k",  'K', (NKV - 1) * D,    NAN,       1, "K[312] is nan" },
  };
  struct { const char *name; AbAttnAlgo algo; EntryFunc f; AbFlashOrder order; } entries[] = {
    { "naive",  AB_ATTN_NAIVE,  ab_attention_naive, 0 },
    { "flash1", AB_ATTN_FLASH1, ab_flash_forward,   AB_FLASH_FA1 },
    { "flash2", AB_ATTN_FLASH2, ab_flash_forward,   AB_FLASH_FA2 },
    { "ring",   AB_ATTN_RING,   ab_ring_attention,  0 },
  };
  AbRng rng;
  ab_rng_init (&rng, 99);
  float *q0 = random_floats (&rng, nq_f, 1), *k0 = random_floats (&rng, nkv_f, 1);
  float *v0 = random_floats (&rng, nkv_f, 1);
  float *q = g_new (float, nq_f), *k = g_new (float, nkv_f), *v = g_new (float, nkv_f);
  float *o = g_new (float, nq_f), *lse = g_new (float, H * NQ);

  for (size_t b = 0; b < G_N_ELEMENTS (bad); b++)
    for (size_t e = 0; e < G_N_ELEMENTS (entries); e++)
      for (int via_run = 0; via_run <= 1; via_run++)
        {
          memcpy (q, q0, nq_f * sizeof *q);
          memcpy (k, k0, nkv_f * sizeof *k);
          memcpy (v, v0, nkv_f * sizeof *v);
          float *t = bad[b].tensor == 'Q' ? q : bad[b].tensor == 'K' ? k : v;
          size_t tn = bad[b].tensor == 'Q' ? nq_f : nkv_f;
          if (bad[b].index < 0)
            for (size_t i = 0; i < tn; i++)
              t[i] = bad[b].value;
          else
            t[bad[b].index] = bad[b].value;
          for (size_t i = 0; i < nq_f; i++)
            o[i] = 12345.0f;
          for (size_t i = 0; i < H * NQ; i++)
            lse[i] = 12345.0f;

          AbAttnShape s = { .n_q = NQ, .n_kv = NKV, .d = D, .causal = bad[b].causal };
          AbAttnOptions opts = { .block_q = 8, .block_k = 16, .threads = 2, .devices = 3,
                                 .order = entries[e].order };
          AbAttnError err;
          AbAttnStatus st = via_run
            ? ab_attention_run (entries[e].algo, &s, H, q, k, v, o, lse, &opts, NULL, &err)
            : entries[e].f (&s, H, q, k, v, o, lse, &opts, NULL, &err);
          g_test_message ("%s %s%s: %d %s", bad[b].name, entries[e].name,
                          via_run ? " (run)" : "", st, err.message);
          g_assert_cmpint (st, ==, AB_ATTN_E_NONFINITE);
          g_assert_cmpint (err.status, ==, AB_ATTN_E_NONFINITE);
          if (!strstr (err.message, bad[b].expect))
            g_error ("%s %s: message '%s' lacks '%s'", bad[b].name, entries[e].name,
                     err.message, bad[b].expect);
          g_assert_null (strchr (err.message, '\n'));
          for (size_t i = 0; i < nq_f; i++)
            g_assert_cmpfloat (o[i], ==, 12345.0f);
          for (size_t i = 0; i < H * NQ; i++)
            g_assert_cmpfloat (lse[i], ==, 12345.0f);
          /* NULL err is fine too */
          st = via_run
            ? ab_attention_run (entries[e].algo, &s, H, q, k, v, o, NULL, &opts, NULL, NULL)
            : entries[e].f (&s, H, q, k, v, o, NULL, &opts, NULL, NULL);
          g_assert_cmpint (st, ==, AB_ATTN_E_NONFINITE);
        }
  g_assert_cmpstr (ab_attn_status_string (AB_ATTN_E_NONFINITE), ==, "non-finite input");

  /* large but finite inputs are accepted */
  for (size_t i = 0; i < nq_f; i++)
    q[i] = q0[i] * 1e30f;
  AbAttnShape s = { .n_q = NQ, .n_kv = NKV, .d = D, .scale = 1e-30f };
  for (size_t e = 0; e < G_N_ELEMENTS (entries); e++)
    {
      AbAttnOptions opts = { .block_q = 8, .block_k = 16, .devices = 3 };
      g_assert_cmpint (ab_attention_run (entries[e].algo, &s, H, q, k0, v0, o, lse, &opts,
                                         NULL, NULL), ==, AB_ATTN_OK);
    }
  g_free (q0); g_free (k0); g_free (v0);
  g_free (q); g_free (k); g_free (v); g_free (o); g_free (lse);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static const AbAttnAlgo algos[] = { AB_ATTN_NAIVE, AB_ATTN_FLASH1, AB_ATTN_FLASH2, AB_ATTN_RING };
  static TestData data[G_N_ELEMENTS (cases) * G_N_ELEMENTS (algos)];
  size_t n = 0;
  for (size_t a = 0; a < G_N_ELEMENTS (algos); a++)
    for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        data[n] = (TestData) { &cases[i], algos[a] };
        g_autofree char *path = g_strdup_printf ("/kernels/%s/%s",
                                                 ab_attn_algo_name (algos[a]), cases[i].name);
        g_test_add_data_func (path, &data[n], test_case);
        n++;
      }
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kernels/flash2-bf16-kv/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_bf16_kv);
    }
  g_test_add_func ("/kernels/flash2-bf16-kv/conversions-and-refusals", test_bf16_edges);
  g_test_add_func ("/kernels/flash/orders-agree", test_orders_agree);
  g_test_add_func ("/kernels/masks/fully-masked-rows", test_fully_masked);
  g_test_add_func ("/kernels/naive/budget", test_budget);
  g_test_add_func ("/kernels/naive/plan", test_naive_plan);
  g_test_add_func ("/kernels/memory/flash-vs-naive", test_extra_memory);
  g_test_add_func ("/kernels/backend/cuda-seam", test_backend);
  g_test_add_func ("/kernels/input/nonfinite", test_nonfinite);
  return g_test_run ();
}

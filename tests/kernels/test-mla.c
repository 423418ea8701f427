/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mla.c — multi-head latent attention: the explicit form and the
 * absorbed form (W_UK folded into the queries, W_UV into the output, a
 * decoupled RoPE key) both match a double-precision reference written
 * straight from DeepSeek-V2 §2.1, match each other, and the absorbed form
 * reads nothing but a cache of d_c + d_h^R floats per token. */
#include "kernels-test-util.h"

#include "mla.h"

enum { DM = 48, H = 4, DH = 16, DR = 8, DC = 24, N = 37 };

typedef struct
{
  float *w_dkv, *w_uk, *w_uv, *w_q, *w_qr, *w_kr, *w_o, *x;
  AbMlaWeights w;
  AbMlaDims dims;
} Model;

static float *
weights (AbRng *rng, size_t n, int fan_in)
{
  return random_floats (rng, n, 1.0 / sqrt ((double) fan_in));
}

static void
model_init (Model *m, int n)
{
  AbRng rng;
  ab_rng_init (&rng, 2405);   /* arXiv:2405.04434 */
  m->dims = (AbMlaDims) { DM, H, DH, DR, DC, 0 };
  m->w_dkv = weights (&rng, (size_t) DC * DM, DM);
  m->w_uk = weights (&rng, (size_t) H * DH * DC, DC);
  m->w_uv = weights (&rng, (size_t) H * DH * DC, DC);
  m->w_q = weights (&rng, (size_t) H * DH * DM, DM);
  m->w_qr = weights (&rng, (size_t) H * DR * DM, DM);
  m->w_kr = weights (&rng, (size_t) DR * DM, DM);
  m->w_o = weights (&rng, (size_t) DM * H * DH, H * DH);
  m->x = random_floats (&rng, (size_t) n * DM, 1.0);
  m->w = (AbMlaWeights) { m->w_dkv, m->w_uk, m->w_uv, m->w_q, m->w_qr, m->w_kr, m->w_o };
}

static void
model_clear (Model *m)
{
  g_free (m->w_dkv), g_free (m->w_uk), g_free (m->w_uv), g_free (m->w_q);
  g_free (m->w_qr), g_free (m->w_kr), g_free (m->w_o), g_free (m->x);
}

/* y[r] = W x for an "out × in" matrix, in double */
static void
matvec (const float *w, int out, int in, const float *x, double *y)
{
  for (int r = 0; r < out; r++)
    {
      double s = 0;
      for (int c = 0; c < in; c++)
        s += (double) w[(size_t) r * in + c] * x[c];
      y[r] = s;
    }
}

static void
rope_ref (double *x, int dim, int pos)
{
  for (int j = 0; j < dim / 2; j++)
    {
      double th = pos * pow (10000.0, -2.0 * j / dim);
      double a = x[2 * j], b = x[2 * j + 1];
      x[2 * j] = a * cos (th) - b * sin (th);
      x[2 * j + 1] = a * sin (th) + b * cos (th);
    }
}

/* DeepSeek-V2 eqs. (9)–(19) without query compression, in double. */
static void
reference (const Model *m, int n, double *u)
{
  double *c = g_new (double, (size_t) n * DC), *kr = g_new (double, (size_t) n * DR);
  double *kc = g_new (double, (size_t) n * H * DH), *vc = g_new (double, (size_t) n * H * DH);
  for (int t = 0; t < n; t++)
    {
      const float *xt = m->x + (size_t) t * DM;
      matvec (m->w_dkv, DC, DM, xt, c + (size_t) t * DC);
      matvec (m->w_kr, DR, DM, xt, kr + (size_t) t * DR);
      rope_ref (kr + (size_t) t * DR, DR, t);
      /* W_UK c_t with c_t in double: expand through the float weights */
      for (int i = 0; i < H * DH; i++)
        {
          double sk = 0, sv = 0;
          for (int j = 0; j < DC; j++)
            {
              sk += (double) m->w_uk[(size_t) i * DC + j] * c[(size_t) t * DC + j];
              sv += (double) m->w_uv[(size_t) i * DC + j] * c[(size_t) t * DC + j];
            }
          kc[(size_t) t * H * DH + i] = sk;
          vc[(size_t) t * H * DH + i] = sv;
        }
    }
  double scale = 1.0 / sqrt ((double) (DH + DR));
  double *o = g_new0 (double, H * DH), *s = g_new (double, n);
  for (int t = 0; t < n; t++)
    {
      const float *xt = m->x + (size_t) t * DM;
      for (int i = 0; i < H; i++)
        {
          double qc[DH], qr[DR];
          matvec (m->w_q + (size_t) i * DH * DM, DH, DM, xt, qc);
          matvec (m->w_qr + (size_t) i * DR * DM, DR, DM, xt, qr);
          rope_ref (qr, DR, t);
          double mx = -INFINITY, sum = 0;
          for (int j = 0; j <= t; j++)
            {
              double acc = 0;
              for (int e = 0; e < DH; e++)
                acc += qc[e] * kc[(size_t) j * H * DH + i * DH + e];
              for (int e = 0; e < DR; e++)
                acc += qr[e] * kr[(size_t) j * DR + e];
              s[j] = acc * scale;
              mx = fmax (mx, s[j]);
            }
          for (int e = 0; e < DH; e++)
            o[i * DH + e] = 0;
          for (int j = 0; j <= t; j++)
            {
              double p = exp (s[j] - mx);
              sum += p;
              for (int e = 0; e < DH; e++)
                o[i * DH + e] += p * vc[(size_t) j * H * DH + i * DH + e];
            }
          for (int e = 0; e < DH; e++)
            o[i * DH + e] /= sum;
        }
      for (int r = 0; r < DM; r++)
        {
          double acc = 0;
          for (int e = 0; e < H * DH; e++)
            acc += (double) m->w_o[(size_t) r * H * DH + e] * o[e];
          u[(size_t) t * DM + r] = acc;
        }
    }
  g_free (c), g_free (kr), g_free (kc), g_free (vc), g_free (o), g_free (s);
}

/* Tolerance on u (entries of size ~1): |err| ≤ 2e-5 + 1e-4·|ref|. Every
 * path is fp32 with sums of ≤ 64 products per dot product, so errors sit
 * near 1e-6 (measured ≤ 7e-7 on every path); the absorbed form's pre-multiplied W̃_Q
 * and W̃_O round once more than the explicit form, which the bound covers. */
#define U_THR 2e-5
#define U_EPS 1e-4

static void
test_explicit (void)
{
  Model m;
  model_init (&m, N);
  double *ref = g_new (double, (size_t) N * DM);
  reference (&m, N, ref);
  float *u = g_new (float, (size_t) N * DM);
  static const AbAttnAlgo algos[] = { AB_ATTN_NAIVE, AB_ATTN_FLASH2 };
  for (guint a = 0; a < G_N_ELEMENTS (algos); a++)
    {
      AbAttnError err;
      if (ab_mla_forward_explicit (&m.dims, &m.w, algos[a], N, m.x, u, &err) != AB_ATTN_OK)
        g_error ("%s", err.message);
      double e = check_close ("explicit u", u, ref, (size_t) N * DM, U_THR, U_EPS);
      g_test_message ("explicit %s: max |err| %.3g", ab_attn_algo_name (algos[a]), e);
    }
  g_free (ref), g_free (u);
  model_clear (&m);
}

static void
test_absorbed (void)
{
  Model m;
  model_init (&m, N);
  AbAttnError err;
  AbMlaAbsorbed ab;
  if (ab_mla_absorb (&m.dims, &m.w, &ab, &err) != AB_ATTN_OK)
    g_error ("%s", err.message);
  double *ref = g_new (double, (size_t) N * DM);
  reference (&m, N, ref);
  float *u_exp = g_new (float, (size_t) N * DM), *u = g_new (float, (size_t) N * DM);
  g_assert_cmpint (ab_mla_forward_explicit (&m.dims, &m.w, AB_ATTN_NAIVE, N, m.x, u_exp, &err),
                   ==, AB_ATTN_OK);

  /* prefill: the whole prompt in one call */
  AbMlaCache cache;
  g_assert_cmpint (ab_mla_cache_init (&cache, &m.dims, N, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (ab_mla_cache_append (&cache, &m.dims, &m.w, m.x, N, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (ab_mla_forward_absorbed (&m.dims, &m.w, &ab, &cache, AB_ATTN_FLASH2, N, m.x,
                                            u, &err), ==, AB_ATTN_OK);
  double e_ref = check_close ("absorbed prefill u", u, ref, (size_t) N * DM, U_THR, U_EPS);
  double e_exp = 0;
  for (size_t i = 0; i < (size_t) N * DM; i++)
    {
      double diff = fabs ((double) u[i] - u_exp[i]);
      g_assert_cmpfloat (diff, <=, U_THR + U_EPS * fabs (u_exp[i]));
      e_exp = fmax (e_exp, diff);
    }
  g_test_message ("absorbed prefill: max |err| vs reference %.3g, vs explicit %.3g", e_ref, e_exp);
  ab_mla_cache_clear (&cache);

  /* decode: one token at a time, each step reading only the latent cache */
  g_assert_cmpint (ab_mla_cache_init (&cache, &m.dims, N, &err), ==, AB_ATTN_OK);
  double e_dec = 0;
  for (int t = 0; t < N; t++)
    {
      const float *xt = m.x + (size_t) t * DM;
      float ut[DM];
      g_assert_cmpint (ab_mla_cache_append (&cache, &m.dims, &m.w, xt, 1, &err), ==, AB_ATTN_OK);
      g_assert_cmpint (ab_mla_forward_absorbed (&m.dims, &m.w, &ab, &cache, AB_ATTN_NAIVE, 1, xt,
                                                ut, &err), ==, AB_ATTN_OK);
      e_dec = fmax (e_dec, check_close ("absorbed decode u", ut, ref + (size_t) t * DM, DM,
                                        U_THR, U_EPS));
      for (int r = 0; r < DM; r++)
        g_assert_cmpfloat (fabs (ut[r] - u_exp[(size_t) t * DM + r]), <=,
                           U_THR + U_EPS * fabs (u_exp[(size_t) t * DM + r]));
    }
  g_test_message ("absorbed decode: max |err| vs reference %.3g", e_dec);

  /* What the cache holds: d_c + d_h^R floats per token, the first d_c of
   * them being c_t = W_DKV x_t. */
  g_assert_cmpint (cache.n, ==, N);
  g_assert_cmpint (ab_mla_cache_values_per_token (&cache), ==, DC + DR);
  g_assert_cmpuint (ab_mla_latent_values_per_token (&m.dims), ==, DC + DR);
  g_assert_cmpuint (ab_mla_explicit_values_per_token (&m.dims), ==, H * (2 * DH + DR));
  for (int t = 0; t < N; t++)
    {
      double c[DC];
      matvec (m.w_dkv, DC, DM, m.x + (size_t) t * DM, c);
      check_close ("cached c_t", cache.rows + (size_t) t * (DC + DR), c, DC, 1e-5, 1e-5);
    }
  /* a full cache refuses the next token and names the bytes */
  g_assert_cmpint (ab_mla_cache_append (&cache, &m.dims, &m.w, m.x, 1, &err), ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (err.budget, ==, sizeof (float) * N * (DC + DR));
  ab_mla_cache_clear (&cache);

  g_free (ref), g_free (u_exp), g_free (u);
  ab_mla_absorbed_clear (&ab);
  model_clear (&m);
}

/* Why the positional part stays outside the absorbed matrices: a RoPE
 * score depends on the two positions only through their difference, so
 * the key is cached already rotated at its own position and each query is
 * rotated at its own — no position-free W̃_Q could do that. */
static void
test_rope (void)
{
  AbRng rng;
  ab_rng_init (&rng, 9);
  float q[DR], k[DR], q2[DR], k2[DR];
  ab_rng_fill_normal (&rng, q, DR, 1.0);
  ab_rng_fill_normal (&rng, k, DR, 1.0);
  memcpy (q2, q, sizeof q);
  memcpy (k2, k, sizeof k);
  ab_mla_rope (q, 1, DR, 5, 0);
  ab_mla_rope (k, 1, DR, 3, 0);
  ab_mla_rope (q2, 1, DR, 105, 0);
  ab_mla_rope (k2, 1, DR, 103, 0);
  double d1 = 0, d2 = 0;
  for (int i = 0; i < DR; i++)
    d1 += q[i] * k[i], d2 += q2[i] * k2[i];
  /* fp32 rotation of unit-size entries: angles of ~100 rad lose ~1e-5 */
  g_assert_cmpfloat (fabs (d1 - d2), <, 1e-4);
}

/* FACTS 57: DeepSeek-V2's cache is 576 values per token per layer, against
 * 128·(2·128 + 64) for the explicit form. */
static void
test_deepseek_dims (void)
{
  AbMlaDims v2 = { 5120, 128, 128, 64, 512, 0 };
  g_assert_cmpuint (ab_mla_latent_values_per_token (&v2), ==, 576);
  g_assert_cmpuint (ab_mla_explicit_values_per_token (&v2), ==, 40960);
}

static void
test_errors (void)
{
  AbMlaDims bad = { DM, H, DH, 7, DC, 0 };
  Model m;
  model_init (&m, 2);
  AbMlaAbsorbed ab;
  AbAttnError err;
  g_assert_cmpint (ab_mla_absorb (&bad, &m.w, &ab, &err), ==, AB_ATTN_E_INVALID);
  g_assert_nonnull (strstr (err.message, "even"));
  AbMlaWeights w = m.w;
  w.w_kr = NULL;
  float u[2 * DM];
  g_assert_cmpint (ab_mla_forward_explicit (&m.dims, &w, AB_ATTN_NAIVE, 2, m.x, u, &err), ==,
                   AB_ATTN_E_INVALID);
  model_clear (&m);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/mla/explicit", test_explicit);
  g_test_add_func ("/kernels/mla/absorbed", test_absorbed);
  g_test_add_func ("/kernels/mla/rope-relative", test_rope);
  g_test_add_func ("/kernels/mla/deepseek-v2-dims", test_deepseek_dims);
  g_test_add_func ("/kernels/mla/errors", test_errors);
  return g_test_run ();
}

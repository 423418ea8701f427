/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fp8.c — E4M3 against its definition, scaled quantisation, the random
 * Hadamard rotation, and the FP8 attention error experiment (FA3 §4.3)
 * checked against an independent double-precision pipeline. */
#include "kernels-test-util.h"

#include "fp8.h"

#include <float.h>

/* The OCP E4M3 value of a code, by the formula, in double. */
static double
e4m3_formula (int code)
{
  int s = code >> 7, e = (code >> 3) & 15, m = code & 7;
  double mag;

  if (e == 15 && m == 7)
    return NAN;
  mag = e == 0 ? m * pow (2, -9) : (1 + m / 8.0) * pow (2, e - 7);
  return s ? -mag : mag;
}

/* The nearest finite code by search; ties go to the even code. */
static int
e4m3_nearest (double x)
{
  double a = fabs (x), best_d = INFINITY;
  int best = 0;

  if (isnan (x))
    return 0x7f | (signbit (x) ? 0x80 : 0);
  if (a >= 448)
    best = 0x7e;
  else
    for (int c = 0; c <= 0x7e; c++)
      {
        double dist = fabs (e4m3_formula (c) - a);
        if (dist < best_d || (dist == best_d && (c & 1) == 0))
          {
            best_d = dist;
            best = c;
          }
      }
  return best | (signbit (x) ? 0x80 : 0);
}

static void
test_decode_table (void)
{
  for (int c = 0; c < 256; c++)
    {
      double want = e4m3_formula (c);
      float got = ab_e4m3_decode ((uint8_t) c);
      if (isnan (want))
        g_assert_true (isnan (got));
      else
        {
          g_assert_cmpfloat ((double) got, ==, want);
          g_assert_cmpint (!!signbit (got), ==, c >> 7);   /* −0 for 0x80 */
        }
    }
  /* Landmarks of the format (OCP 8-bit FP spec v1.0, Table 1). */
  g_assert_cmpfloat (ab_e4m3_decode (0x7e), ==, 448.0f);
  g_assert_cmpfloat (ab_e4m3_decode (0xfe), ==, -448.0f);
  g_assert_cmpfloat (ab_e4m3_decode (0x08), ==, 0x1p-6f);
  g_assert_cmpfloat (ab_e4m3_decode (0x07), ==, 0x1.cp-7f);   /* largest subnormal 7/8 · 2^-6 */
  g_assert_cmpfloat (ab_e4m3_decode (0x01), ==, 0x1p-9f);
  g_assert_cmpfloat (ab_e4m3_decode (0x38), ==, 1.0f);
  g_assert_true (isnan (ab_e4m3_decode (0x7f)) && isnan (ab_e4m3_decode (0xff)));
  /* S.1111.110 is finite: e4m3fn has no infinities, only the one NaN pattern. */
  g_assert_true (isfinite (ab_e4m3_decode (0x78)) && ab_e4m3_decode (0x78) == 256.0f);
}

static void
test_roundtrip (void)
{
  int finite = 0;
  for (int c = 0; c < 256; c++)
    {
      if ((c & 0x7f) == 0x7f)
        continue;
      g_assert_cmpint (ab_e4m3_encode (ab_e4m3_decode ((uint8_t) c)), ==, c);
      finite++;
    }
  g_assert_cmpint (finite, ==, 254);
}

static void
test_ties_to_even (void)
{
  for (int c = 0; c < 0x7e; c++)
    for (int sign = 0; sign < 2; sign++)
      {
        double lo = e4m3_formula (c), hi = e4m3_formula (c + 1), mid = (lo + hi) / 2;
        int even = (c & 1) ? c + 1 : c, s = sign ? 0x80 : 0;
        double x = sign ? -mid : mid;
        g_assert_cmpint (ab_e4m3_encode_double (x), ==, even | s);
        g_assert_cmpint (ab_e4m3_encode ((float) x), ==, even | s);   /* midpoints are floats */
        g_assert_cmpint (ab_e4m3_encode_double (nextafter (x, 0)), ==, c | s);
        g_assert_cmpint (ab_e4m3_encode_double (nextafter (x, sign ? -INFINITY : INFINITY)), ==,
                         (c + 1) | s);
      }
}

static void
test_saturation_nan (void)
{
  const double big[] = { 448, 448.5, 463.9, 464, 480, 1e6, FLT_MAX, INFINITY };
  for (size_t i = 0; i < G_N_ELEMENTS (big); i++)
    {
      g_assert_cmpint (ab_e4m3_encode_double (big[i]), ==, 0x7e);
      g_assert_cmpint (ab_e4m3_encode_double (-big[i]), ==, 0xfe);
    }
  g_assert_cmpint (ab_e4m3_encode (440.0f), ==, 0x7e);    /* above the 432 midpoint */
  g_assert_cmpint (ab_e4m3_encode (431.0f), ==, 0x7d);    /* 416 */
  g_assert_cmpint (ab_e4m3_encode (NAN), ==, 0x7f);
  g_assert_cmpint (ab_e4m3_encode (-NAN), ==, 0xff);
  g_assert_true (isnan (ab_e4m3_round (NAN)));
}

static void
test_subnormals (void)
{
  g_assert_cmpint (ab_e4m3_encode (0x1p-10f), ==, 0x00);        /* tie 0 | 2^-9 → even 0 */
  g_assert_cmpint (ab_e4m3_encode (0x1.8p-9f), ==, 0x02);       /* tie 1 | 2 → 2 */
  g_assert_cmpint (ab_e4m3_encode (0x1.4p-9f), ==, 0x01);
  g_assert_cmpint (ab_e4m3_encode (0x1.fp-7f), ==, 0x08);       /* rounds up into the normals */
  g_assert_cmpint (ab_e4m3_encode (1e-7f), ==, 0x00);
  g_assert_cmpint (ab_e4m3_encode (-1e-7f), ==, 0x80);          /* underflow keeps the sign */
  for (int m = 0; m < 8; m++)
    g_assert_cmpfloat (ab_e4m3_decode ((uint8_t) m), ==, m * 0x1p-9f);
}

/* Random doubles of every magnitude, against the search. */
static void
test_encode_vs_search (void)
{
  AbRng rng;
  ab_rng_init (&rng, 7);
  for (int i = 0; i < 50000; i++)
    {
      double x = ldexp (ab_rng_uniform (&rng), 10 - (int) (ab_rng_next (&rng) % 22));
      if (ab_rng_next (&rng) & 1)
        x = -x;
      if (ab_e4m3_encode_double (x) != e4m3_nearest (x))
        g_error ("encode(%.17g) = 0x%02x, nearest is 0x%02x", x, ab_e4m3_encode_double (x),
                 e4m3_nearest (x));
    }
}

static void
test_bf16 (void)
{
  g_assert_cmpfloat (ab_bf16_round (1.0f + 0x1p-8f), ==, 1.0f);                 /* tie → even */
  g_assert_cmpfloat (ab_bf16_round (1.0f + 0x1.8p-7f), ==, 1.0f + 0x1p-6f);     /* tie → even (up) */
  g_assert_cmpfloat (ab_bf16_round (1.0f + 0x1.2p-8f), ==, 1.0f + 0x1p-7f);
  g_assert_cmpfloat (ab_bf16_round (-3.0f), ==, -3.0f);
  g_assert_true (isnan (ab_bf16_round (NAN)));
}

/* Scaled quantisation ------------------------------------------------------- */

static void
test_quantize_scales (void)
{
  enum { R = 10, C = 4, B = 4 };
  float x[R * C], back[R * C], scales[3];
  uint8_t codes[R * C];
  AbFp8Error err;
  AbRng rng;

  ab_rng_init (&rng, 11);
  ab_rng_fill_normal (&rng, x, R * C, 1.0);
  x[5] = 40.0f;                   /* an outlier in block 0 */
  for (int i = 2 * B * C; i < R * C; i++)
    x[i] = 0.0f;                  /* block 2 is all zeros */

  g_assert_cmpint (ab_fp8_n_blocks (R, B), ==, 3);
  g_assert_cmpint (ab_fp8_n_blocks (R, 0), ==, 1);
  g_assert_cmpint (ab_fp8_n_blocks (R, R + 5), ==, 1);

  /* Per tensor: one scale, amax / 448, and the outlier lands on 448. */
  g_assert_cmpint (ab_fp8_quantize (x, R, C, 0, codes, scales, &err), ==, AB_FP8_OK);
  g_assert_cmpfloat (scales[0], ==, 40.0f / 448.0f);
  g_assert_cmpint (codes[5], ==, 0x7e);
  ab_fp8_dequantize (codes, scales, R, C, 0, back);
  for (int i = 0; i < R * C; i++)
    if (fabsf (x[i]) >= 0x1p-6f * scales[0])   /* normal range: 3 mantissa bits */
      g_assert_cmpfloat (fabsf (back[i] - x[i]), <=, 0x1p-4f * fabsf (x[i]) * 1.0001f);

  /* Per block: each block's own amax. */
  g_assert_cmpint (ab_fp8_quantize (x, R, C, B, codes, scales, &err), ==, AB_FP8_OK);
  g_assert_cmpfloat (scales[0], ==, 40.0f / 448.0f);
  double amax1 = 0;
  for (int i = B * C; i < 2 * B * C; i++)
    amax1 = MAX (amax1, fabsf (x[i]));
  g_assert_cmpfloat (scales[1], ==, (float) (amax1 / 448.0));
  g_assert_cmpfloat (scales[2], ==, 1.0f);
  ab_fp8_dequantize (codes, scales, R, C, B, back);
  for (int i = B * C; i < 2 * B * C; i++)
    if (fabsf (x[i]) >= 0x1p-6f * scales[1])
      g_assert_cmpfloat (fabsf (back[i] - x[i]), <=, 0x1p-4f * fabsf (x[i]) * 1.0001f);
  for (int i = 2 * B * C; i < R * C; i++)
    g_assert_cmpfloat (back[i], ==, 0.0f);

  x[3] = NAN;
  g_assert_cmpint (ab_fp8_quantize (x, R, C, B, codes, scales, &err), ==, AB_FP8_E_NONFINITE);
  g_assert_nonnull (strstr (err.message, "not finite"));
  g_assert_cmpint (ab_fp8_quantize (x, 0, C, B, codes, scales, &err), ==, AB_FP8_E_INVALID);
}

/* Hadamard ------------------------------------------------------------------ */

enum { HD = 64 };

/* The rows of M are the rotations of the unit vectors. */
static void
rotation_matrix (const float *signs, float *m)
{
  memset (m, 0, sizeof (float) * HD * HD);
  for (int i = 0; i < HD; i++)
    m[i * HD + i] = 1.0f;
  g_assert_cmpint (ab_hadamard_rotate (m, HD, HD, signs, NULL), ==, AB_FP8_OK);
}

static void
test_hadamard_orthogonal (void)
{
  float signs[HD], m[HD * HD], h[HD];
  int negative = 0;

  ab_hadamard_signs (5, HD, signs);
  for (int i = 0; i < HD; i++)
    {
      g_assert_true (signs[i] == 1.0f || signs[i] == -1.0f);
      negative += signs[i] < 0;
    }
  g_assert_cmpint (negative, >, HD / 4);
  g_assert_cmpint (negative, <, 3 * HD / 4);

  rotation_matrix (signs, m);
  for (int i = 0; i < HD; i++)
    {
      for (int j = 0; j < HD; j++)
        {
          double dot = 0;
          for (int c = 0; c < HD; c++)
            dot += (double) m[i * HD + c] * m[j * HD + c];
          g_assert_cmpfloat (fabs (dot - (i == j)), <, 1e-6);
        }
      /* Every entry is ±1/√d: an outlier is spread evenly. */
      for (int c = 0; c < HD; c++)
        g_assert_cmpfloat (fabs (fabsf (m[i * HD + c]) - 1 / sqrt (HD)), <, 1e-7);
    }

  /* H alone: H e_1 = (1, …, 1)/√d, and H H = I. */
  memset (h, 0, sizeof h);
  h[0] = 1;
  g_assert_cmpint (ab_fwht (h, HD, NULL), ==, AB_FP8_OK);
  for (int c = 0; c < HD; c++)
    g_assert_cmpfloat (fabs (h[c] - 1 / sqrt (HD)), <, 1e-7);
  g_assert_cmpint (ab_fwht (h, HD, NULL), ==, AB_FP8_OK);
  for (int c = 0; c < HD; c++)
    g_assert_cmpfloat (fabs (h[c] - (c == 0)), <, 1e-7);
}

static void
test_hadamard_preserves_scores (void)
{
  enum { N = 40 };
  float q[N * HD], k[N * HD], qr[N * HD], kr[N * HD], signs[HD];
  AbRng rng;

  ab_rng_init (&rng, 9);
  ab_rng_fill_normal (&rng, q, N * HD, 1.0);
  ab_rng_fill_normal (&rng, k, N * HD, 1.0);
  q[3] = 50.0f;   /* an outlier, which the rotation must not change the scores for */
  memcpy (qr, q, sizeof q);
  memcpy (kr, k, sizeof k);
  ab_hadamard_signs (123, HD, signs);
  g_assert_cmpint (ab_hadamard_rotate (qr, N, HD, signs, NULL), ==, AB_FP8_OK);
  g_assert_cmpint (ab_hadamard_rotate (kr, N, HD, signs, NULL), ==, AB_FP8_OK);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double s = 0, sr = 0, norm = 0;
        for (int c = 0; c < HD; c++)
          {
            s += (double) q[i * HD + c] * k[j * HD + c];
            sr += (double) qr[i * HD + c] * kr[j * HD + c];
            norm += fabs ((double) q[i * HD + c] * k[j * HD + c]);
          }
        g_assert_cmpfloat (fabs (s - sr), <, 1e-6 * norm + 1e-6);   /* FP32 rounding of QM, KM */
      }

  /* The inverse brings the rows back. */
  g_assert_cmpint (ab_hadamard_unrotate (qr, N, HD, signs, NULL), ==, AB_FP8_OK);
  for (int i = 0; i < N * HD; i++)
    g_assert_cmpfloat (fabsf (qr[i] - q[i]), <, 1e-6f * (1 + fabsf (q[i])));

  AbFp8Error err;
  g_assert_cmpint (ab_hadamard_rotate (q, N, 48, signs, &err), ==, AB_FP8_E_INVALID);
  g_assert_nonnull (strstr (err.message, "power of two"));
  g_assert_cmpint (ab_fwht (q, 0, NULL), ==, AB_FP8_E_INVALID);
}

/* The experiment -------------------------------------------------------------- */

static void
test_inputs_distribution (void)
{
  AbFp8Config c;
  size_t nd;
  float *q, *k, *v, *q0;
  long outliers = 0, differ = 0;
  double sum = 0, ss = 0;

  ab_fp8_config_default (&c);
  c.n = 1024;
  c.d = 128;
  nd = (size_t) c.n * c.d;
  q = g_new (float, nd);
  k = g_new (float, nd);
  v = g_new (float, nd);
  q0 = g_new (float, nd);

  g_assert_cmpint (ab_fp8_make_inputs (&c, 0, q, k, v, NULL, NULL), ==, AB_FP8_OK);
  for (size_t i = 0; i < nd; i++)
    {
      sum += q[i] + k[i] + v[i];
      ss += (double) q[i] * q[i] + (double) k[i] * k[i] + (double) v[i] * v[i];
    }
  /* N(0, 1) + N(0, 100)·Bernoulli(0.001) has mean 0, variance 1 + 100 · 0.001 = 1.1. */
  g_assert_cmpfloat (fabs (sum / (3 * nd)), <, 0.02);
  g_assert_cmpfloat (fabs (ss / (3 * nd) - 1.1), <, 0.05);

  /* Without outliers the N(0, 1) part is the same numbers: the entries
   * that change are exactly the outlier terms the experiment counts. */
  c.outlier_fraction = 0;
  g_assert_cmpint (ab_fp8_make_inputs (&c, 0, q0, NULL, NULL, NULL, NULL), ==, AB_FP8_OK);
  for (size_t i = 0; i < nd; i++)
    differ += q0[i] != q[i];
  g_assert_cmpint (labs (differ - (long) (nd / 1000)), <, 5 * (long) sqrt (nd / 1000.0) + 1);

  AbFp8Config small;
  AbFp8Result r;
  ab_fp8_config_default (&small);
  small.n = 64;
  small.d = 32;
  small.n_runs = 1;
  small.outlier_fraction = 0.01;
  nd = (size_t) small.n * small.d;
  g_assert_cmpint (ab_fp8_experiment (&small, &r, NULL), ==, AB_FP8_OK);
  g_assert_cmpint (ab_fp8_make_inputs (&small, 0, q, k, v, NULL, NULL), ==, AB_FP8_OK);
  small.outlier_fraction = 0;
  g_assert_cmpint (ab_fp8_make_inputs (&small, 0, q0, NULL, NULL, NULL, NULL), ==, AB_FP8_OK);
  for (size_t i = 0; i < nd; i++)
    outliers += q0[i] != q[i];
  g_assert_cmpint (ab_fp8_make_inputs (&small, 0, NULL, q0, NULL, NULL, NULL), ==, AB_FP8_OK);
  for (size_t i = 0; i < nd; i++)
    outliers += q0[i] != k[i];
  g_assert_cmpint (ab_fp8_make_inputs (&small, 0, NULL, NULL, q0, NULL, NULL), ==, AB_FP8_OK);
  for (size_t i = 0; i < nd; i++)
    outliers += q0[i] != v[i];
  g_assert_cmpint (outliers, ==, r.n_outliers);
  g_assert_cmpint (outliers, >, 0);

  g_assert_cmpint (ab_fp8_make_inputs (&c, c.n_runs, q, NULL, NULL, NULL, NULL), ==, AB_FP8_E_INVALID);
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (q0);
}

static double
rmse_against (const double *a, const double *b, size_t n)
{
  double ss = 0;
  for (size_t i = 0; i < n; i++)
    ss += (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt (ss / n);
}

/* Rebuild two schemes from the public pieces with attention in double; the
 * kernel's FP32 pipeline must give the same RMSE up to its own rounding. */
static void
test_experiment_independent (void)
{
  AbFp8Config c;
  AbFp8Result r;
  AbAttnShape shape;
  size_t nd;
  float *q, *k, *v, *qq, *kq, *vq, signs[64], *scales;
  uint8_t *codes;
  double *o_ref, *o, *lse;

  ab_fp8_config_default (&c);
  c.n = 256;
  c.d = 64;
  c.n_runs = 1;
  c.outlier_fraction = 0.004;   /* enough outliers in a small problem */
  g_assert_cmpint (ab_fp8_experiment (&c, &r, NULL), ==, AB_FP8_OK);

  nd = (size_t) c.n * c.d;
  shape = (AbAttnShape) { .n_q = c.n, .n_kv = c.n, .d = c.d };
  q = g_new (float, nd); k = g_new (float, nd); v = g_new (float, nd);
  qq = g_new (float, nd); kq = g_new (float, nd); vq = g_new (float, nd);
  codes = g_new (uint8_t, nd);
  scales = g_new (float, c.n);
  o_ref = g_new (double, nd); o = g_new (double, nd); lse = g_new (double, c.n);
  g_assert_cmpint (ab_fp8_make_inputs (&c, 0, q, k, v, signs, NULL), ==, AB_FP8_OK);
  ref_attention_head (&shape, q, k, v, o_ref, lse);

  /* per-tensor */
  const float *in[3] = { q, k, v };
  float *out[3] = { qq, kq, vq };
  for (int m = 0; m < 3; m++)
    {
      g_assert_cmpint (ab_fp8_quantize (in[m], c.n, c.d, 0, codes, scales, NULL), ==, AB_FP8_OK);
      ab_fp8_dequantize (codes, scales, c.n, c.d, 0, out[m]);
    }
  ref_attention_head (&shape, qq, kq, vq, o, lse);
  double pt = rmse_against (o, o_ref, nd);
  g_assert_cmpfloat (fabs (pt / r.rmse[AB_FP8_SCHEME_PER_TENSOR] - 1), <, 0.01);

  /* Hadamard + per-block: rotate Q and K, quantise all three per block */
  memcpy (qq, q, nd * sizeof (float));
  memcpy (kq, k, nd * sizeof (float));
  g_assert_cmpint (ab_hadamard_rotate (qq, c.n, c.d, signs, NULL), ==, AB_FP8_OK);
  g_assert_cmpint (ab_hadamard_rotate (kq, c.n, c.d, signs, NULL), ==, AB_FP8_OK);
  in[0] = qq;
  in[1] = kq;
  for (int m = 0; m < 3; m++)
    {
      float *tmp = g_memdup2 (in[m], nd * sizeof (float));
      g_assert_cmpint (ab_fp8_quantize (tmp, c.n, c.d, c.block_rows, codes, scales, NULL), ==, AB_FP8_OK);
      ab_fp8_dequantize (codes, scales, c.n, c.d, c.block_rows, out[m]);
      g_free (tmp);
    }
  ref_attention_head (&shape, qq, kq, vq, o, lse);
  double hb = rmse_against (o, o_ref, nd);
  g_assert_cmpfloat (fabs (hb / r.rmse[AB_FP8_SCHEME_HADAMARD_BLOCK] - 1), <, 0.01);
  g_test_message ("independent RMSE: per-tensor %.4e (kernel %.4e), Hadamard+block %.4e (kernel %.4e)",
                  pt, r.rmse[AB_FP8_SCHEME_PER_TENSOR], hb, r.rmse[AB_FP8_SCHEME_HADAMARD_BLOCK]);

  g_free (q); g_free (k); g_free (v); g_free (qq); g_free (kq); g_free (vq);
  g_free (codes); g_free (scales); g_free (o_ref); g_free (o); g_free (lse);
}

static void
test_experiment_outliers (void)
{
  AbFp8Config c;
  AbFp8Result with, without;

  ab_fp8_config_default (&c);
  c.d = 128;
  c.n_runs = 4;
  g_assert_cmpint (ab_fp8_experiment (&c, &with, NULL), ==, AB_FP8_OK);
  c.outlier_fraction = 0;
  g_assert_cmpint (ab_fp8_experiment (&c, &without, NULL), ==, AB_FP8_OK);
  g_test_message ("with outliers: RMSE bf16 %.3e, per-tensor %.3e, per-block %.3e, Hadamard+block %.3e;"
                  " ratio %.2f (block alone %.2f); without: ratio %.2f",
                  with.rmse[0], with.rmse[1], with.rmse[2], with.rmse[3],
                  with.ratio_hadamard, with.ratio_block, without.ratio_hadamard);

  /* FA3 Table 3 reports 2.6× on its setup; this CPU replay (P kept in FP32,
   * N = 512, d = 128) measures about 1.5–1.7×. The bound is loose on purpose:
   * the book prints whatever the reader's run measures. */
  g_assert_cmpfloat (with.ratio_hadamard, >, 1.2);
  g_assert_cmpfloat (with.rmse[AB_FP8_SCHEME_HADAMARD_BLOCK], <, with.rmse[AB_FP8_SCHEME_PER_BLOCK]);
  /* The rotation does not shrink the average score error, it moves it away
   * from the keys the softmax picks: the attention-weighted error drops. */
  g_assert_cmpfloat (fabs (with.score_rmse[AB_FP8_SCHEME_HADAMARD_BLOCK]
                           / with.score_rmse[AB_FP8_SCHEME_PER_TENSOR] - 1), <, 0.1);
  g_assert_cmpfloat (with.weighted_score_rmse[AB_FP8_SCHEME_HADAMARD_BLOCK], <,
                     0.8 * with.weighted_score_rmse[AB_FP8_SCHEME_PER_TENSOR]);
  /* 16-bit inputs are an order of magnitude better than any FP8 scheme. */
  for (int s = AB_FP8_SCHEME_PER_TENSOR; s < AB_FP8_N_SCHEMES; s++)
    g_assert_cmpfloat (with.rmse[AB_FP8_SCHEME_BF16], <, 0.2 * with.rmse[s]);

  /* Without outliers there is nothing to spread: the gap closes. */
  g_assert_cmpfloat (fabs (without.ratio_hadamard - 1), <, 0.1);
  g_assert_cmpfloat (fabs (without.ratio_block - 1), <, 0.1);
  g_assert_cmpfloat (without.ratio_hadamard, <, with.ratio_hadamard - 0.2);
  g_assert_cmpint (without.n_outliers, ==, 0);
  g_assert_cmpint (with.n_outliers, >, 0);
}

static void
test_experiment_deterministic (void)
{
  AbFp8Config c;
  AbFp8Result a, b, other;

  ab_fp8_config_default (&c);
  c.n = 128;
  g_assert_cmpint (ab_fp8_experiment (&c, &a, NULL), ==, AB_FP8_OK);
  g_assert_cmpint (ab_fp8_experiment (&c, &b, NULL), ==, AB_FP8_OK);
  g_assert_true (memcmp (a.rmse, b.rmse, sizeof a.rmse) == 0);
  g_assert_true (memcmp (a.rmse_run, b.rmse_run, sizeof a.rmse_run) == 0);
  g_assert_cmpfloat (a.ratio_hadamard, ==, b.ratio_hadamard);
  c.seed = 2;
  g_assert_cmpint (ab_fp8_experiment (&c, &other, NULL), ==, AB_FP8_OK);
  g_assert_cmpfloat (other.rmse[AB_FP8_SCHEME_PER_TENSOR], !=, a.rmse[AB_FP8_SCHEME_PER_TENSOR]);
  /* Runs are independent draws: their RMSEs differ. */
  g_assert_cmpfloat (a.rmse_run[0][AB_FP8_SCHEME_PER_TENSOR], !=, a.rmse_run[1][AB_FP8_SCHEME_PER_TENSOR]);
}

static void
test_experiment_invalid (void)
{
  AbFp8Config c;
  AbFp8Result r;
  AbFp8Error err;

  ab_fp8_config_default (&c);
  c.d = 48;
  g_assert_cmpint (ab_fp8_experiment (&c, &r, &err), ==, AB_FP8_E_INVALID);
  g_assert_cmpint (err.status, ==, AB_FP8_E_INVALID);
  g_assert_nonnull (strstr (err.message, "power of two"));
  ab_fp8_config_default (&c);
  c.n = 0;
  g_assert_cmpint (ab_fp8_experiment (&c, &r, &err), ==, AB_FP8_E_INVALID);
  ab_fp8_config_default (&c);
  c.n_runs = AB_FP8_MAX_RUNS + 1;
  g_assert_cmpint (ab_fp8_experiment (&c, &r, &err), ==, AB_FP8_E_INVALID);
  ab_fp8_config_default (&c);
  c.outlier_fraction = 1.5;
  g_assert_cmpint (ab_fp8_experiment (&c, &r, &err), ==, AB_FP8_E_INVALID);
  g_assert_cmpint (ab_fp8_experiment (NULL, &r, &err), ==, AB_FP8_E_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/fp8/e4m3/decode-table", test_decode_table);
  g_test_add_func ("/kernels/fp8/e4m3/roundtrip", test_roundtrip);
  g_test_add_func ("/kernels/fp8/e4m3/ties-to-even", test_ties_to_even);
  g_test_add_func ("/kernels/fp8/e4m3/saturation-nan", test_saturation_nan);
  g_test_add_func ("/kernels/fp8/e4m3/subnormals", test_subnormals);
  g_test_add_func ("/kernels/fp8/e4m3/encode-vs-search", test_encode_vs_search);
  g_test_add_func ("/kernels/fp8/bf16", test_bf16);
  g_test_add_func ("/kernels/fp8/quantize/scales", test_quantize_scales);
  g_test_add_func ("/kernels/fp8/hadamard/orthogonal", test_hadamard_orthogonal);
  g_test_add_func ("/kernels/fp8/hadamard/preserves-scores", test_hadamard_preserves_scores);
  g_test_add_func ("/kernels/fp8/experiment/inputs", test_inputs_distribution);
  g_test_add_func ("/kernels/fp8/experiment/independent", test_experiment_independent);
  g_test_add_func ("/kernels/fp8/experiment/outliers", test_experiment_outliers);
  g_test_add_func ("/kernels/fp8/experiment/deterministic", test_experiment_deterministic);
  g_test_add_func ("/kernels/fp8/experiment/invalid", test_experiment_invalid);
  return g_test_run ();
}

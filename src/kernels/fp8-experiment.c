/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fp8-experiment.c — attention error of FP8 inputs against FP64, on inputs
 * with outliers (FlashAttention-3, Shah et al., arXiv:2407.08608, §4.3)
 *
 * Inputs: every entry of Q, K, V is N(0, 1) + N(0, σ²) · Bernoulli(p), with
 * FA3's p = 0.001 and σ = 10 by default. The N(0, 1) part comes from one
 * random stream and the outlier draws from a second, so changing p or σ
 * moves only the outliers.
 *
 * Reference: S = QKᵀ/√d, softmax and O = PV in double (dgemm) on the same
 * float inputs.
 *
 * Each scheme rounds only the inputs. Q, K, V become E4M3 codes (or BF16
 * values); S = Q̂ K̂ᵀ is a float GEMM (FP32 accumulation, as the FP8 tensor
 * cores accumulate; products of two E4M3 values are exact in FP32), then each
 * entry is multiplied by its two block scales and 1/√d — FA3 §3.3: "we can
 * scale each block of S to account for this block quantization". Softmax is
 * FP32, and P stays FP32: the FA3 kernel casts P to FP8 for its second GEMM
 * and FA3's baseline keeps it in FP16, so keeping it exact isolates the
 * error the input quantisation causes, which is what incoherent processing
 * addresses. O = P (ŝ_V ∘ V̂) is a float GEMM, V's block scales folded into P.
 * The Hadamard scheme rotates Q and K (not V, as in FA3) before quantising.
 */
#include "fp8.h"
#include "ab-rng.h"

#include <cblas.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_N 2048
#define MAX_D 1024

void
ab_fp8_config_default (AbFp8Config *config)
{
  *config = (AbFp8Config) {
    .n = 512, .d = 64, .block_rows = 64,
    .outlier_fraction = 0.001,   /* FA3 §4.3: Bernoulli(0.001) */
    .outlier_sigma = 10.0,       /* FA3 §4.3: N(0, 100), std 10 */
    .seed = 1, .n_runs = 2,
  };
}

const char *
ab_fp8_scheme_name (AbFp8Scheme scheme)
{
  static const char *const names[AB_FP8_N_SCHEMES] = {
    "bf16", "fp8-per-tensor", "fp8-per-block", "fp8-hadamard-block",
  };
  return (unsigned) scheme < AB_FP8_N_SCHEMES ? names[scheme] : "unknown";
}

static AbFp8Status
fail (AbFp8Error *err, AbFp8Status status, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      err->status = status;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

static AbFp8Status
check_config (const AbFp8Config *c, AbFp8Error *err)
{
  if (!c)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: no configuration");
  if (c->n < 1 || c->n > MAX_N)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: n = %d is outside 1 … %d", c->n, MAX_N);
  if (c->d < 2 || c->d > MAX_D || (c->d & (c->d - 1)))
    return fail (err, AB_FP8_E_INVALID,
                 "fp8 experiment: the head dimension d = %d must be a power of two in 2 … %d", c->d, MAX_D);
  if (c->block_rows < 1)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: block_rows = %d must be ≥ 1", c->block_rows);
  if (!(c->outlier_fraction >= 0 && c->outlier_fraction <= 1) || !(c->outlier_sigma >= 0)
      || !isfinite (c->outlier_sigma))
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: outlier fraction must be in [0, 1], σ ≥ 0");
  if (c->n_runs < 1 || c->n_runs > AB_FP8_MAX_RUNS)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: n_runs = %d is outside 1 … %d",
                 c->n_runs, AB_FP8_MAX_RUNS);
  return AB_FP8_OK;
}

static uint64_t
run_seed (const AbFp8Config *c, int run)
{
  return c->seed * 0x9e3779b97f4a7c15ULL + (uint64_t) run;
}

/* Returns the number of outlier terms drawn. */
static long
fill_inputs (const AbFp8Config *c, int run, float *q, float *k, float *v, float *signs)
{
  AbRng base, outliers;
  float *mats[3] = { q, k, v };
  size_t n = (size_t) c->n * c->d;
  long count = 0;

  ab_rng_init (&base, run_seed (c, run));
  ab_rng_init (&outliers, run_seed (c, run) ^ 0x6f75746c69657273ULL);
  for (int m = 0; m < 3; m++)
    for (size_t i = 0; i < n; i++)
      {
        double x = ab_rng_normal (&base);
        if (ab_rng_uniform (&outliers) < c->outlier_fraction)
          {
            x += c->outlier_sigma * ab_rng_normal (&outliers);
            count++;
          }
        if (mats[m])
          mats[m][i] = (float) x;
      }
  if (signs)
    ab_hadamard_signs (run_seed (c, run) ^ 0x68616461ULL, c->d, signs);
  return count;
}

AbFp8Status
ab_fp8_make_inputs (const AbFp8Config *config, int run, float *q, float *k, float *v,
                    float *signs, AbFp8Error *err)
{
  AbFp8Status st = check_config (config, err);
  if (st != AB_FP8_OK)
    return st;
  if (run < 0 || run >= config->n_runs)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: run %d of %d", run, config->n_runs);
  fill_inputs (config, run, q, k, v, signs);
  return AB_FP8_OK;
}

/* Buffers of one experiment. */
typedef struct
{
  int     n, d;
  float  *q, *k, *v, *signs, *tmp;
  double *qd, *kd, *vd, *s_ref, *p_ref, *o_ref;
  float  *op[3];        /* the rounded Q, K, V as the GEMMs see them */
  float  *row_scale[3]; /* each row's scale (1 for BF16) */
  float  *blocks;       /* block scales of one tensor */
  uint8_t *codes;
  float  *s, *o;
} Work;

static void
work_free (Work *w)
{
  void *all[] = { w->q, w->k, w->v, w->signs, w->tmp, w->qd, w->kd, w->vd, w->s_ref, w->p_ref,
                  w->o_ref, w->op[0], w->op[1], w->op[2], w->row_scale[0], w->row_scale[1],
                  w->row_scale[2], w->blocks, w->codes, w->s, w->o };
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free (all[i]);
}

static int
work_alloc (Work *w, int n, int d)
{
  size_t nd = (size_t) n * d, nn = (size_t) n * n;

  memset (w, 0, sizeof *w);
  w->n = n;
  w->d = d;
  w->q = malloc (nd * sizeof (float));
  w->k = malloc (nd * sizeof (float));
  w->v = malloc (nd * sizeof (float));
  w->tmp = malloc (nd * sizeof (float));
  w->signs = malloc ((size_t) d * sizeof (float));
  w->qd = malloc (nd * sizeof (double));
  w->kd = malloc (nd * sizeof (double));
  w->vd = malloc (nd * sizeof (double));
  w->s_ref = malloc (nn * sizeof (double));
  w->p_ref = malloc (nn * sizeof (double));
  w->o_ref = malloc (nd * sizeof (double));
  for (int m = 0; m < 3; m++)
    {
      w->op[m] = malloc (nd * sizeof (float));
      w->row_scale[m] = malloc ((size_t) n * sizeof (float));
    }
  w->blocks = malloc ((size_t) n * sizeof (float));
  w->codes = malloc (nd);
  w->s = malloc (nn * sizeof (float));
  w->o = malloc (nd * sizeof (float));
  return w->q && w->k && w->v && w->tmp && w->signs && w->qd && w->kd && w->vd && w->s_ref
         && w->p_ref && w->o_ref && w->op[0] && w->op[1] && w->op[2] && w->row_scale[0]
         && w->row_scale[1] && w->row_scale[2] && w->blocks && w->codes && w->s && w->o;
}

/* The FP64 reference: S_ref (kept for the score error), then O_ref. */
static void
reference (Work *w)
{
  int n = w->n, d = w->d;
  size_t nd = (size_t) n * d;
  double scale = 1.0 / sqrt ((double) d);

  for (size_t i = 0; i < nd; i++)
    {
      w->qd[i] = w->q[i];
      w->kd[i] = w->k[i];
      w->vd[i] = w->v[i];
    }
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, d, scale, w->qd, d, w->kd, d,
               0.0, w->s_ref, n);
  for (int i = 0; i < n; i++)
    {
      const double *s = w->s_ref + (size_t) i * n;
      double *p = w->p_ref + (size_t) i * n, m = -INFINITY, sum = 0;
      for (int j = 0; j < n; j++)
        m = s[j] > m ? s[j] : m;
      for (int j = 0; j < n; j++)
        sum += (p[j] = exp (s[j] - m));
      for (int j = 0; j < n; j++)
        p[j] /= sum;
    }
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, n, 1.0, w->p_ref, n, w->vd, d,
               0.0, w->o_ref, d);
}

/* Quantise @x (n × d) into operand @m: unscaled E4M3 values and row scales. */
static AbFp8Status
quantize_operand (Work *w, int m, const float *x, int block_rows, AbFp8Error *err)
{
  int n = w->n, d = w->d, br = block_rows >= n ? n : block_rows;
  AbFp8Status st = ab_fp8_quantize (x, n, d, br, w->codes, w->blocks, err);
  if (st != AB_FP8_OK)
    return st;
  for (size_t i = 0; i < (size_t) n * d; i++)
    w->op[m][i] = ab_e4m3_decode (w->codes[i]);
  for (int r = 0; r < n; r++)
    w->row_scale[m][r] = w->blocks[r / br];
  return AB_FP8_OK;
}

static AbFp8Status
prepare (Work *w, AbFp8Scheme scheme, int block_rows, AbFp8Error *err)
{
  const float *in[3] = { w->q, w->k, w->v };
  size_t nd = (size_t) w->n * w->d;
  AbFp8Status st = AB_FP8_OK;

  switch (scheme)
    {
    case AB_FP8_SCHEME_BF16:
      for (int m = 0; m < 3; m++)
        {
          for (size_t i = 0; i < nd; i++)
            w->op[m][i] = ab_bf16_round (in[m][i]);
          for (int r = 0; r < w->n; r++)
            w->row_scale[m][r] = 1.0f;
        }
      return AB_FP8_OK;
    case AB_FP8_SCHEME_PER_TENSOR:
    case AB_FP8_SCHEME_PER_BLOCK:
      for (int m = 0; m < 3 && st == AB_FP8_OK; m++)
        st = quantize_operand (w, m, in[m], scheme == AB_FP8_SCHEME_PER_TENSOR ? w->n : block_rows, err);
      return st;
    case AB_FP8_SCHEME_HADAMARD_BLOCK:
      for (int m = 0; m < 2 && st == AB_FP8_OK; m++)
        {
          memcpy (w->tmp, in[m], nd * sizeof (float));
          st = ab_hadamard_rotate (w->tmp, w->n, w->d, w->signs, err);
          if (st == AB_FP8_OK)
            st = quantize_operand (w, m, w->tmp, block_rows, err);
        }
      return st == AB_FP8_OK ? quantize_operand (w, 2, w->v, block_rows, err) : st;
    case AB_FP8_N_SCHEMES:
      break;
    }
  return fail (err, AB_FP8_E_INVALID, "fp8 experiment: unknown scheme %d", (int) scheme);
}

/* FP32 attention on the prepared operands; adds the squared errors of S
 * (plain, and weighted by the reference softmax) and of O to @se. */
static void
attend (Work *w, double se[3])
{
  int n = w->n, d = w->d;
  float c = (float) (1.0 / sqrt ((double) d));
  double es = 0, ew = 0, eo = 0;

  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, d, 1.0f, w->op[0], d, w->op[1], d,
               0.0f, w->s, n);
  for (int i = 0; i < n; i++)
    {
      float *s = w->s + (size_t) i * n, m = -INFINITY, sum = 0;
      const double *ref = w->s_ref + (size_t) i * n, *p = w->p_ref + (size_t) i * n;
      for (int j = 0; j < n; j++)
        {
          s[j] = s[j] * (w->row_scale[0][i] * w->row_scale[1][j]) * c;   /* descale the block */
          double e2 = (s[j] - ref[j]) * (s[j] - ref[j]);
          es += e2;
          ew += p[j] * e2;
          m = s[j] > m ? s[j] : m;
        }
      for (int j = 0; j < n; j++)
        sum += (s[j] = expf (s[j] - m));
      float inv = 1.0f / sum;
      for (int j = 0; j < n; j++)
        s[j] *= inv * w->row_scale[2][j];   /* V's scale folded into P */
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d, n, 1.0f, w->s, n, w->op[2], d,
               0.0f, w->o, d);
  for (size_t i = 0; i < (size_t) n * d; i++)
    eo += (w->o[i] - w->o_ref[i]) * (w->o[i] - w->o_ref[i]);
  se[0] += es;
  se[1] += ew;
  se[2] += eo;
}

AbFp8Status
ab_fp8_experiment (const AbFp8Config *config, AbFp8Result *result, AbFp8Error *err)
{
  double se[AB_FP8_N_SCHEMES][3] = { { 0 } }, ss_o = 0;
  AbFp8Status st = check_config (config, err);
  Work w;

  if (st != AB_FP8_OK)
    return st;
  if (!result)
    return fail (err, AB_FP8_E_INVALID, "fp8 experiment: no result");
  memset (result, 0, sizeof *result);
  result->config = *config;
  if (!work_alloc (&w, config->n, config->d))
    {
      work_free (&w);
      return fail (err, AB_FP8_E_NOMEM, "fp8 experiment: out of memory at n = %d, d = %d",
                   config->n, config->d);
    }

  size_t nd = (size_t) config->n * config->d, nn = (size_t) config->n * config->n;
  for (int run = 0; run < config->n_runs && st == AB_FP8_OK; run++)
    {
      result->n_outliers += fill_inputs (config, run, w.q, w.k, w.v, w.signs);
      reference (&w);
      for (size_t i = 0; i < nd; i++)
        ss_o += w.o_ref[i] * w.o_ref[i];
      for (int s = 0; s < AB_FP8_N_SCHEMES && st == AB_FP8_OK; s++)
        {
          double run_o = se[s][2];
          st = prepare (&w, s, config->block_rows, err);
          if (st != AB_FP8_OK)
            break;
          attend (&w, se[s]);
          result->rmse_run[run][s] = sqrt ((se[s][2] - run_o) / nd);
        }
    }
  work_free (&w);
  if (st != AB_FP8_OK)
    return st;

  for (int s = 0; s < AB_FP8_N_SCHEMES; s++)
    {
      result->rmse[s] = sqrt (se[s][2] / (nd * config->n_runs));
      result->score_rmse[s] = sqrt (se[s][0] / (nn * config->n_runs));
      /* Σ_j P_ij δ_ij² is row i's softmax-weighted mean; average the rows */
      result->weighted_score_rmse[s] = sqrt (se[s][1] / ((double) config->n * config->n_runs));
    }
  result->rms_o = sqrt (ss_o / (nd * config->n_runs));
  result->ratio_hadamard = result->rmse[AB_FP8_SCHEME_PER_TENSOR] / result->rmse[AB_FP8_SCHEME_HADAMARD_BLOCK];
  result->ratio_block = result->rmse[AB_FP8_SCHEME_PER_TENSOR] / result->rmse[AB_FP8_SCHEME_PER_BLOCK];
  return AB_FP8_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* seq2seq.c — the fixed-vector bottleneck, measured (see seq2seq.h). */
#include "seq2seq.h"
#include "ab-rng.h"
#include "attention.h"
#include "attn-private.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
ab_seq2seq_config_init (AbSeq2seqConfig *c)
{
  memset (c, 0, sizeof *c);
  c->n_tokens = 5;
  c->d_model = 8;
  c->d_state = 64;
  c->vocab = 256;
  c->n_train = 1500;
  c->n_test = 400;
  c->rho = 0.98;
  c->ridge = 1e-3;
  c->seed = 1;
}

int
ab_cholesky_solve (double *a, double *b, int n, int m, double lambda)
{
  /* A + λI = L Lᵀ, L stored in the lower triangle of a. */
  for (int i = 0; i < n; i++)
    a[(size_t) i * n + i] += lambda;
  for (int j = 0; j < n; j++)
    {
      double d = a[(size_t) j * n + j];
      for (int k = 0; k < j; k++)
        d -= a[(size_t) j * n + k] * a[(size_t) j * n + k];
      if (!(d > 0.0))
        return -1;
      d = sqrt (d);
      a[(size_t) j * n + j] = d;
      for (int i = j + 1; i < n; i++)
        {
          double s = a[(size_t) i * n + j];
          for (int k = 0; k < j; k++)
            s -= a[(size_t) i * n + k] * a[(size_t) j * n + k];
          a[(size_t) i * n + j] = s / d;
        }
    }
  /* Forward (L y = b) then backward (Lᵀ x = y) substitution, per column. */
  for (int c = 0; c < m; c++)
    {
      for (int i = 0; i < n; i++)
        {
          double s = b[(size_t) i * m + c];
          for (int k = 0; k < i; k++)
            s -= a[(size_t) i * n + k] * b[(size_t) k * m + c];
          b[(size_t) i * m + c] = s / a[(size_t) i * n + i];
        }
      for (int i = n - 1; i >= 0; i--)
        {
          double s = b[(size_t) i * m + c];
          for (int k = i + 1; k < n; k++)
            s -= a[(size_t) k * n + i] * b[(size_t) k * m + c];
          b[(size_t) i * m + c] = s / a[(size_t) i * n + i];
        }
    }
  return 0;
}

/* A random orthogonal n×n matrix: Gram–Schmidt on Gaussian rows. */
static void
random_orthogonal (AbRng *rng, double *w, int n)
{
  for (int i = 0; i < n; i++)
    {
      double *row = w + (size_t) i * n;
      double norm;

      do
        {
          for (int k = 0; k < n; k++)
            row[k] = ab_rng_normal (rng);
          /* Twice: classical Gram–Schmidt loses orthogonality once. */
          for (int pass = 0; pass < 2; pass++)
            for (int p = 0; p < i; p++)
              {
                const double *prev = w + (size_t) p * n;
                double dot = 0.0;
                for (int k = 0; k < n; k++)
                  dot += row[k] * prev[k];
                for (int k = 0; k < n; k++)
                  row[k] -= dot * prev[k];
              }
          norm = 0.0;
          for (int k = 0; k < n; k++)
            norm += row[k] * row[k];
          norm = sqrt (norm);
        }
      while (norm < 1e-6);
      for (int k = 0; k < n; k++)
        row[k] /= norm;
    }
}

typedef struct
{
  int     n, dm, ds;
  double *w;    /* ds × ds, already scaled by ρ */
  double *u;    /* ds × dm */
  double *emb;  /* vocab × dm */
} Encoder;

/* e^y for -50 ≤ y ≤ 0, in plain arithmetic the compiler can vectorise:
 * y = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r¹³
 * (truncation below 10⁻¹⁷ relative), 2^k put straight into the exponent
 * bits. The tanh below, built on it, is what the tests check. */
static inline double
exp_nonpositive (double y)
{
  const double shift = 0x1.8p52;   /* adding it rounds to an integer */
  double kd = y * 0x1.71547652b82fep0 + shift;
  uint64_t bits;
  double r, r2, r4, r8, p, scale;

  memcpy (&bits, &kd, sizeof bits);
  kd -= shift;
  r = y - kd * 0x1.62e42fefa3800p-1 - kd * 0x1.ef35793c76730p-45;
  /* Estrin's scheme: a chain six operations deep, not Horner's fourteen,
   * so several elements' polynomials overlap in the pipeline. */
  r2 = r * r;
  r4 = r2 * r2;
  r8 = r4 * r4;
  p = ((1.0 + r) + (0.5 + r * (1.0 / 6)) * r2)
      + ((1.0 / 24 + r * (1.0 / 120)) + (1.0 / 720 + r * (1.0 / 5040)) * r2) * r4
      + (((1.0 / 40320 + r * (1.0 / 362880)) + (1.0 / 3628800 + r * (1.0 / 39916800)) * r2)
         + (1.0 / 479001600 + r * (1.0 / 6227020800)) * r4) * r8;
  bits = (bits + 1023) << 52;      /* the low bits of kd's mantissa hold k */
  memcpy (&scale, &bits, sizeof scale);
  return p * scale;
}

/* tanh through one exp, (1 − e^−2|x|) / (1 + e^−2|x|): within a few 10⁻¹⁶
 * of libm's tanh (absolute, tested). Past |x| = 25, e^−2|x| is below half
 * an ulp of 1 and the ratio is ±1 exactly. libm's tanh goes through
 * expm1, and a call per element kept this loop scalar: the two were half
 * of this kernel's time. */
static inline double
tanh_by_exp (double x)
{
  double a = fabs (x), e = exp_nonpositive (-2.0 * (a < 25.0 ? a : 25.0));
  return copysign ((1.0 - e) / (1.0 + e), x);
}

/* Several elements per instruction (exp_nonpositive is plain arithmetic);
 * with GCC on x86-64 also a clone for AVX2 + FMA machines, picked at load
 * time, that does four at once. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#endif
void
ab_seq2seq_tanh (double *restrict h, const double *restrict pre, size_t n)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    h[i] = tanh_by_exp (pre[i]);
}

/* Sentences per work item: a fixed block, so the states are the same
 * whatever the number of threads. */
#define ENCODE_BLOCK 128

typedef struct
{
  const Encoder *e;
  const int     *tokens;
  int            S;
  double        *h;
  double        *buf;      /* per worker: ENCODE_BLOCK × (dm + ds) */
} EncodeJob;

/* Encode one block of sentences into their final states, one word at a
 * time: H ← tanh(H Wᵀ + X_t Uᵀ), two dgemms per word. A matrix–vector
 * product per sentence and word took seconds at d_state = 128 on the first
 * page of the book. */
static void
encode_block (void *data, int worker, long item)
{
  EncodeJob *job = data;
  const Encoder *e = job->e;
  int s0 = (int) item * ENCODE_BLOCK;
  int rows = job->S - s0 < ENCODE_BLOCK ? job->S - s0 : ENCODE_BLOCK;
  double *x = job->buf + (size_t) worker * ENCODE_BLOCK * (e->dm + e->ds);
  double *pre = x + (size_t) ENCODE_BLOCK * e->dm;
  double *h = job->h + (size_t) s0 * e->ds;

  for (int t = 0; t < e->n; t++)
    {
      for (int s = 0; s < rows; s++)
        memcpy (x + (size_t) s * e->dm,
                e->emb + (size_t) job->tokens[(size_t) (s0 + s) * e->n + t] * e->dm,
                sizeof (double) * e->dm);
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, e->ds, e->dm, 1.0, x, e->dm,
                   e->u, e->dm, 0.0, pre, e->ds);
      /* h is zero before the first word: only the input term then */
      if (t > 0)
        cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, e->ds, e->ds, 1.0, h, e->ds,
                     e->w, e->ds, 1.0, pre, e->ds);
      ab_seq2seq_tanh (h, pre, (size_t) rows * e->ds);
    }
}

/* All S sentences (S × ds states), the blocks shared among the kernels'
 * threads: the sentences are independent, and on two cores this halves
 * the time a page with this kernel's numbers takes to open. */
static int
encode_all (const Encoder *e, const int *tokens, int S, double *h)
{
  long blocks = (S + ENCODE_BLOCK - 1) / ENCODE_BLOCK;
  int threads = ab_attention_default_threads ();
  EncodeJob job = { e, tokens, S, h, NULL };

  if (threads > blocks)
    threads = (int) blocks;
  job.buf = malloc (sizeof (double) * (size_t) threads * ENCODE_BLOCK * (e->dm + e->ds));
  if (job.buf == NULL)
    return -1;
  int rc = ab__parallel_for (threads, blocks, encode_block, &job);

  free (job.buf);
  return rc == 0 ? 0 : -1;
}

/* The nearest vocabulary word to each of the m rows of p (m × dm): the
 * smallest |e_v|² − 2 p·e_v (|p|² is the same for every v), with the dot
 * products from one dgemm per block of rows. A distance loop per
 * prediction was half of this kernel's time at n = 50. */
static int
nearest_words (const double *emb, int vocab, int dm, const double *p, int m, int *out)
{
  int block = vocab < 262144 ? 262144 / vocab : 1;   /* 2 MiB of scores at a time */
  double *norms = malloc (sizeof (double) * vocab);
  double *dots = malloc (sizeof (double) * (size_t) (block < m ? block : m) * vocab);

  if (!norms || !dots)
    {
      free (norms);
      free (dots);
      return -1;
    }
  for (int v = 0; v < vocab; v++)
    {
      double sq = 0.0;
      for (int k = 0; k < dm; k++)
        sq += emb[(size_t) v * dm + k] * emb[(size_t) v * dm + k];
      norms[v] = sq;
    }
  for (int r0 = 0; r0 < m; r0 += block)
    {
      int rows = block < m - r0 ? block : m - r0;

      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, vocab, dm, 1.0,
                   p + (size_t) r0 * dm, dm, emb, dm, 0.0, dots, vocab);
      for (int r = 0; r < rows; r++)
        {
          const double *d = dots + (size_t) r * vocab;
          double best_d = INFINITY;
          int best = 0;

          for (int v = 0; v < vocab; v++)
            {
              double dist = norms[v] - 2.0 * d[v];
              if (dist < best_d)
                {
                  best_d = dist;
                  best = v;
                }
            }
          out[r0 + r] = best;
        }
    }
  free (norms);
  free (dots);
  return 0;
}

static int
config_valid (const AbSeq2seqConfig *c)
{
  return c && c->n_tokens >= 1 && c->n_tokens <= 200 && c->d_model >= 1 && c->d_model <= 64 &&
         c->d_state >= 2 && c->d_state <= 256 && c->vocab >= 2 && c->vocab <= 4096 &&
         c->n_train > c->d_state && c->n_train <= 100000 && c->n_test >= 1 &&
         c->n_test <= 100000 && c->rho > 0.0 && c->rho <= 1.5 && c->ridge >= 0.0;
}

AbSeq2seqResult *
ab_seq2seq_run (const AbSeq2seqConfig *config)
{
  AbSeq2seqResult *res = NULL;
  AbRng rng;
  Encoder e;
  int n, dm, ds, V, ntr, nte, cols;
  double *states = NULL, *gram = NULL, *rhs = NULL, *inputs = NULL, *pred = NULL;
  double *sq_err = NULL, *sq_tot = NULL;
  int *tokens = NULL, *decoded = NULL;
  double trace = 0.0, sum_sq = 0.0;
  int ok = 0;   /* the buffers are freed on one path, success or not */

  if (!config_valid (config))
    return NULL;
  n = config->n_tokens;
  dm = config->d_model;
  ds = config->d_state;
  V = config->vocab;
  ntr = config->n_train;
  nte = config->n_test;
  cols = n * dm;

  res = calloc (1, sizeof *res);
  e.w = malloc (sizeof (double) * ds * ds);
  e.u = malloc (sizeof (double) * ds * dm);
  e.emb = malloc (sizeof (double) * V * dm);
  tokens = malloc (sizeof (int) * (size_t) (ntr + nte) * n);
  states = malloc (sizeof (double) * (size_t) (ntr + nte) * ds);
  gram = calloc ((size_t) ds * ds, sizeof (double));
  rhs = calloc ((size_t) ds * cols, sizeof (double));
  inputs = malloc (sizeof (double) * (size_t) (ntr + nte) * cols);
  pred = malloc (sizeof (double) * (size_t) nte * cols);
  decoded = malloc (sizeof (int) * (size_t) nte * n);
  sq_err = calloc (n, sizeof (double));
  sq_tot = calloc (n, sizeof (double));
  if (res)
    {
      res->config = *config;
      res->recall = calloc (n, sizeof (double));
      res->r2 = calloc (n, sizeof (double));
      res->example_tokens = malloc (sizeof (int) * n);
      res->example_inputs = malloc (sizeof (double) * n * dm);
      res->example_decoded = malloc (sizeof (int) * n);
      res->example_state = malloc (sizeof (double) * ds);
    }
  if (!res || !e.w || !e.u || !e.emb || !tokens || !states || !gram || !rhs || !inputs || !pred || !decoded ||
      !sq_err || !sq_tot || !res->recall || !res->r2 || !res->example_tokens || !res->example_inputs ||
      !res->example_decoded || !res->example_state)
    goto fail;

  e.n = n;
  e.dm = dm;
  e.ds = ds;
  ab_rng_init (&rng, config->seed);
  random_orthogonal (&rng, e.w, ds);
  for (int i = 0; i < ds * ds; i++)
    e.w[i] *= config->rho;
  /* Input map scaled so each token adds components of standard deviation
   * ~0.15 to the state: the tanh stays near its linear range, so what limits
   * memory is the size of the vector, not saturation. */
  for (int i = 0; i < ds * dm; i++)
    e.u[i] = 0.15 * ab_rng_normal (&rng);
  /* Vocabulary: random embeddings with unit expected norm. */
  for (int i = 0; i < V * dm; i++)
    e.emb[i] = ab_rng_normal (&rng) / sqrt ((double) dm);
  for (long i = 0; i < (long) (ntr + nte) * n; i++)
    tokens[i] = (int) (ab_rng_uniform (&rng) * V) % V;

  if (encode_all (&e, tokens, ntr + nte, states) != 0)
    goto fail;

  /* Normal equations HᵀH R = Hᵀ X over the training sentences; X holds all
   * n positions side by side (row s: the embeddings of sentence s's words),
   * so one factorisation serves every readout. */
  for (int s = 0; s < ntr + nte; s++)
    for (int t = 0; t < n; t++)
      memcpy (inputs + (size_t) s * cols + (size_t) t * dm,
              e.emb + (size_t) tokens[(size_t) s * n + t] * dm, sizeof (double) * dm);
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, ds, ds, ntr, 1.0, states, ds,
               states, ds, 0.0, gram, ds);
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, ds, cols, ntr, 1.0, states, ds,
               inputs, cols, 0.0, rhs, cols);
  for (int i = 0; i < ds; i++)
    trace += gram[(size_t) i * ds + i];
  /* λ relative to the mean eigenvalue, so it means the same at every size. */
  if (ab_cholesky_solve (gram, rhs, ds, cols, config->ridge * trace / ds + 1e-12) != 0)
    goto fail;

  /* Held-out sentences: decode every position from the final state alone
   * (all their readouts, nte × cols, in one product). */
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, nte, cols, ds, 1.0,
               states + (size_t) ntr * ds, ds, rhs, cols, 0.0, pred, cols);
  /* pred is also nte·n rows of dm numbers, one per decoded word */
  if (nearest_words (e.emb, V, dm, pred, nte * n, decoded) != 0)
    goto fail;
  for (int s = ntr; s < ntr + nte; s++)
    {
      const double *h = states + (size_t) s * ds;
      const int *tok = tokens + (size_t) s * n;

      for (int k = 0; k < ds; k++)
        sum_sq += h[k] * h[k];
      for (int t = 0; t < n; t++)
        {
          const double *x = e.emb + (size_t) tok[t] * dm;
          const double *p = pred + (size_t) (s - ntr) * cols + (size_t) t * dm;
          int word;

          for (int k = 0; k < dm; k++)
            {
              sq_err[t] += (p[k] - x[k]) * (p[k] - x[k]);
              sq_tot[t] += x[k] * x[k];
            }
          word = decoded[(size_t) (s - ntr) * n + t];
          if (word == tok[t])
            res->recall[t] += 1.0;
          if (s == ntr)
            {
              res->example_tokens[t] = tok[t];
              memcpy (res->example_inputs + (size_t) t * dm, x, sizeof (double) * dm);
              res->example_decoded[t] = word;
            }
        }
      if (s == ntr)
        memcpy (res->example_state, h, sizeof (double) * ds);
    }

  for (int t = 0; t < n; t++)
    {
      res->recall[t] /= nte;
      res->r2[t] = sq_tot[t] > 0 ? 1.0 - sq_err[t] / sq_tot[t] : 0.0;
      res->mean_recall += res->recall[t] / n;
      res->mean_r2 += res->r2[t] / n;
    }
  res->chance = 1.0 / V;
  res->state_rms = sqrt (sum_sq / ((double) nte * ds));
  ok = 1;

fail:
  free (e.w);
  free (e.u);
  free (e.emb);
  free (tokens);
  free (states);
  free (gram);
  free (rhs);
  free (inputs);
  free (pred);
  free (decoded);
  free (sq_err);
  free (sq_tot);
  if (ok)
    return res;
  ab_seq2seq_free (res);
  return NULL;
}

void
ab_seq2seq_free (AbSeq2seqResult *r)
{
  if (!r)
    return;
  free (r->recall);
  free (r->r2);
  free (r->example_tokens);
  free (r->example_inputs);
  free (r->example_decoded);
  free (r->example_state);
  free (r);
}

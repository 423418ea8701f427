/* SPDX-License-Identifier: GPL-3.0-or-later */
/* approx-error.c — the smooth and needle problems, their exact references,
 * and each method's run and error (see approx-error.h). */
#include "approx-error.h"
#include "attn-approx-private.h"
#include "attn-chunked.h"
#include "attn-linear.h"
#include "attn-linformer.h"
#include "attn-lsh.h"
#include "attn-patterns.h"
#include "attn-performer.h"
#include "attention.h"
#include "ab-rng.h"

#include <stdlib.h>
#include <string.h>

static const char *const method_names[AB_APPROX_N_METHODS] = {
  "chunked", "flash", "window", "bigbird", "lsh", "linformer", "linformer-pool", "performer",
  "linear",
};

const char *
ab_approx_method_name (AbApproxMethod m)
{
  return (unsigned) m < AB_APPROX_N_METHODS ? method_names[m] : "unknown";
}

int
ab_approx_method_from_name (const char *name, AbApproxMethod *m)
{
  for (int i = 0; name && i < AB_APPROX_N_METHODS; i++)
    if (strcmp (name, method_names[i]) == 0)
      {
        *m = (AbApproxMethod) i;
        return 1;
      }
  return 0;
}

const char *
ab_approx_budget_name (AbApproxMethod m)
{
  switch (m)
    {
    case AB_APPROX_METHOD_WINDOW:
    case AB_APPROX_METHOD_BIGBIRD:
      return "radius r";
    case AB_APPROX_METHOD_LSH:
      return "buckets b";
    case AB_APPROX_METHOD_LINFORMER:
    case AB_APPROX_METHOD_LINFORMER_POOL:
      return "rank k";
    case AB_APPROX_METHOD_PERFORMER:
      return "features m";
    default:
      return NULL;
    }
}

int
ab_approx_default_budget (AbApproxMethod m, int n, int d)
{
  switch (m)
    {
    case AB_APPROX_METHOD_WINDOW:
    case AB_APPROX_METHOD_BIGBIRD:
      return n / 16 > 1 ? n / 16 : 1;
    case AB_APPROX_METHOD_LSH:
      {
        int b = 2 * (int) (n / 128.0 + 0.5);
        return b < 2 ? 2 : b > AB_LSH_MAX_BUCKETS ? AB_LSH_MAX_BUCKETS : b;
      }
    case AB_APPROX_METHOD_LINFORMER:
    case AB_APPROX_METHOD_LINFORMER_POOL:
      return n / 8 > 1 ? n / 8 : 1;
    case AB_APPROX_METHOD_PERFORMER:
      return 4 * d;
    default:
      return 0;
    }
}

int
ab_approx_method_is_exact (AbApproxMethod m)
{
  return m == AB_APPROX_METHOD_CHUNKED || m == AB_APPROX_METHOD_FLASH;
}

void
ab_approx_input_config_init (AbApproxInputConfig *cfg)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->n = 1024;
  cfg->d = 64;
  cfg->kind = AB_APPROX_INPUT_SMOOTH;
  cfg->logit_std = 0.5;
  cfg->needle_logit = 12;
  cfg->needle_query = -1;
  cfg->needle_key = -1;
  cfg->seed = 2019;
}

void
ab_approx_problem_clear (AbApproxProblem *p)
{
  if (!p)
    return;
  free (p->q);
  free (p->k);
  free (p->v);
  free (p->q_shared);
  free (p->o_ref);
  free (p->o_ref_shared);
  free (p->p_ref);
  free (p->p_ref_shared);
  memset (p, 0, sizeof *p);
}

static void
random_unit (AbRng *rng, int d, double *u)
{
  double norm = 0;
  for (int c = 0; c < d; c++)
    {
      u[c] = ab_rng_normal (rng);
      norm += u[c] * u[c];
    }
  norm = sqrt (norm);
  for (int c = 0; c < d; c++)
    u[c] /= norm;
}

AbApproxStatus
ab_approx_problem_init (AbApproxProblem *p, const AbApproxInputConfig *cfg, int want_matrix,
                        AbApproxError *err)
{
  if (!p)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "problem is NULL");
  memset (p, 0, sizeof *p);
  if (!cfg || cfg->n < 2 || cfg->n > AB_APPROX_MAX_N || cfg->d < 1 || cfg->d > 512
      || !(cfg->logit_std > 0) || !(cfg->needle_logit > 0) || !isfinite (cfg->logit_std)
      || !isfinite (cfg->needle_logit))
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "problem needs 2 ≤ n ≤ %d, 1 ≤ d ≤ 512, logit_std > 0, "
                            "needle_logit > 0", AB_APPROX_MAX_N);
  int n = cfg->n, d = cfg->d;
  int needle = cfg->kind == AB_APPROX_INPUT_NEEDLE;
  int iq = cfg->needle_query >= 0 ? cfg->needle_query : n - 1;
  int jk = cfg->needle_key >= 0 ? cfg->needle_key : n / 8;
  if (needle && (iq >= n || jk >= n || iq == jk))
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "needle query %d and key %d must be distinct rows below n = %d",
                            iq, jk, n);
  p->config = *cfg;
  p->config.needle_query = iq;
  p->config.needle_key = jk;
  p->n = n;
  p->d = d;
  p->needle_query = needle ? iq : -1;
  p->needle_key = needle ? jk : -1;
  size_t nd = (size_t) n * d, nn = (size_t) n * n;
  p->q = malloc (nd * sizeof *p->q);
  p->k = malloc (nd * sizeof *p->k);
  p->v = malloc (nd * sizeof *p->v);
  p->q_shared = malloc (nd * sizeof *p->q_shared);
  p->o_ref = malloc (nd * sizeof *p->o_ref);
  p->o_ref_shared = malloc (nd * sizeof *p->o_ref_shared);
  float *keys = malloc (nd * sizeof *keys);
  float *diag = malloc (nn * sizeof *diag);
  double *u = malloc ((size_t) d * sizeof *u);
  if (want_matrix)
    {
      p->p_ref = malloc (nn * sizeof *p->p_ref);
      p->p_ref_shared = malloc (nn * sizeof *p->p_ref_shared);
    }
  if (!p->q || !p->k || !p->v || !p->q_shared || !p->o_ref || !p->o_ref_shared || !keys || !diag
      || !u || (want_matrix && (!p->p_ref || !p->p_ref_shared)))
    {
      free (keys);
      free (diag);
      free (u);
      ab_approx_problem_clear (p);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "approximation problem: out of memory");
    }

  /* σ² = τ / d^{1/4}: scores q·k/√d ~ N(0, √d σ⁴) have std τ */
  double sigma = sqrt (cfg->logit_std / pow ((double) d, 0.25));
  AbRng rng;
  ab_rng_init (&rng, cfg->seed);
  ab_rng_fill_normal (&rng, p->q, (int) nd, sigma);
  ab_rng_fill_normal (&rng, p->k, (int) nd, sigma);
  ab_rng_fill_normal (&rng, p->v, (int) nd, 1.0);
  /* shared-QK: entries of std τ√d give q_i·k̂_j/√d a std of τ */
  double grow = cfg->logit_std * sqrt ((double) d) / sigma;
  for (size_t e = 0; e < nd; e++)
    p->q_shared[e] = (float) (p->q[e] * grow);
  if (needle)
    {
      random_unit (&rng, d, u);
      double q_len = sigma * sqrt ((double) d);      /* a typical query's length */
      double k_len = cfg->needle_logit / sigma;      /* (1/√d) · q_len · k_len = logit */
      for (int c = 0; c < d; c++)
        {
          p->q[(size_t) iq * d + c] = (float) (q_len * u[c]);
          p->k[(size_t) jk * d + c] = (float) (k_len * u[c]);
          p->q_shared[(size_t) iq * d + c] = (float) (cfg->needle_logit * sqrt ((double) d) * u[c]);
          p->q_shared[(size_t) jk * d + c] = (float) (cfg->logit_std * d * u[c]);
        }
    }

  AbApproxStatus st = ab_approx_dense_attention (n, n, d, p->q, p->k, p->v, 0, NULL, p->o_ref,
                                                 p->p_ref, NULL, err);
  if (st == AB_APPROX_OK)
    {
      ab_lsh_normalize_keys (p->q_shared, n, d, keys);
      for (size_t e = 0; e < nn; e++)
        diag[e] = 0.0f;
      for (int i = 0; i < n; i++)
        diag[(size_t) i * n + i] = -INFINITY;
      st = ab_approx_dense_attention (n, n, d, p->q_shared, keys, p->v, 0, diag,
                                      p->o_ref_shared, p->p_ref_shared, NULL, err);
    }
  free (keys);
  free (diag);
  free (u);
  if (st != AB_APPROX_OK)
    ab_approx_problem_clear (p);
  return st;
}

/* ---- Measuring ------------------------------------------------------------ */

static double
row_error (const float *o, const double *ref, int row, int d)
{
  return ab_approx_rel_frobenius_f (o + (size_t) row * d, ref + (size_t) row * d, (size_t) d);
}

static AbApproxStatus
run_pattern (const AbPattern *pat, const float *q, const float *k, const float *v, int d,
             float *o, double *a, AbApproxResult *out, AbApproxError *err)
{
  AbCsr csr;
  AbApproxStatus st = ab_pattern_to_csr (pat, 0, &csr, err);
  if (st != AB_APPROX_OK)
    return st;
  AbSparseStats ss;
  st = ab_sparse_attention (&csr, d, q, k, v, 0, o, NULL, &ss, err);
  ab_csr_clear (&csr);
  if (st != AB_APPROX_OK)
    return st;
  AbPatternCount cnt;
  ab_pattern_count (pat, d, 4, &cnt, NULL);
  out->flops = ss.flops;
  out->bytes = cnt.peak_bytes;
  if (a)
    {
      int n = pat->n;
      float *mask = malloc ((size_t) n * n * sizeof *mask);
      double *o_m = malloc ((size_t) n * d * sizeof *o_m);
      if (!mask || !o_m)
        {
          free (mask);
          free (o_m);
          return ab__approx_fail (err, AB_APPROX_E_NOMEM, "pattern matrix: out of memory");
        }
      st = ab_pattern_additive_mask (pat, mask, err);
      if (st == AB_APPROX_OK)
        st = ab_approx_dense_attention (n, n, d, q, k, v, 0, mask, o_m, a, NULL, err);
      free (mask);
      free (o_m);
    }
  return st;
}

AbApproxStatus
ab_approx_measure (const AbApproxProblem *p, const AbApproxMethodConfig *m, int want_matrix,
                   AbApproxResult *out, AbApproxError *err)
{
  if (!p || !p->q || !m || !out || (unsigned) m->method >= AB_APPROX_N_METHODS)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "measure needs a problem, a method, out");
  int n = p->n, d = p->d;
  size_t nd = (size_t) n * d, nn = (size_t) n * n;
  int has_matrix = want_matrix && !ab_approx_method_is_exact (m->method);
  int shared = m->method == AB_APPROX_METHOD_LSH;
  if (has_matrix && !p->p_ref)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "the matrix error needs a problem built with want_matrix");
  memset (out, 0, sizeof *out);
  float *o = malloc (nd * sizeof *o);
  double *a = has_matrix ? malloc (nn * sizeof *a) : NULL;
  if (!o || (has_matrix && !a))
    {
      free (o);
      free (a);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "measure: out of memory");
    }

  AbApproxStatus st = AB_APPROX_OK;
  int budget = m->budget;
  switch (m->method)
    {
    case AB_APPROX_METHOD_CHUNKED:
      {
        /* the O(√N) configuration: 64-query chunks, ⌈√N⌉-key chunks */
        AbChunkedConfig cc = { .q_chunk = 64, .kv_chunk = (int) ceil (sqrt ((double) n)) };
        AbChunkedStats cs;
        st = ab_chunked_attention (n, n, d, p->q, p->k, p->v, &cc, o, NULL, &cs, err);
        out->flops = cs.flops;
        out->bytes = cs.peak_bytes;
        break;
      }
    case AB_APPROX_METHOD_FLASH:
      {
        AbAttnShape shape = { .n_q = n, .n_kv = n, .d = d };
        AbAttnOptions opts = { .threads = 1, .order = AB_FLASH_FA2 };
        AbAttnStats fs;
        AbAttnError ferr;
        if (ab_flash_forward (&shape, 1, p->q, p->k, p->v, o, NULL, &opts, &fs, &ferr)
            != AB_ATTN_OK)
          st = ab__approx_fail (err, AB_APPROX_E_INVALID, "flash: %s", ferr.message);
        out->flops = (uint64_t) ab_attention_flops (&shape);
        out->bytes = fs.extra_bytes;
        break;
      }
    case AB_APPROX_METHOD_WINDOW:
    case AB_APPROX_METHOD_BIGBIRD:
      {
        if (budget < 0)
          {
            st = ab__approx_fail (err, AB_APPROX_E_INVALID, "window radius %d < 0", budget);
            break;
          }
        AbPattern pat;
        ab_pattern_init (&pat, m->method == AB_APPROX_METHOD_WINDOW ? AB_PATTERN_WINDOW
                                                                    : AB_PATTERN_BIGBIRD, n);
        pat.radius = budget;
        pat.seed = m->seed;
        st = run_pattern (&pat, p->q, p->k, p->v, d, o, a, out, err);
        break;
      }
    case AB_APPROX_METHOD_LSH:
      {
        AbLshConfig lc = { .n = n, .d = d, .n_buckets = budget,
                           .n_rounds = m->lsh_rounds > 0 ? m->lsh_rounds : 2,
                           .chunk_len = m->lsh_chunk > 0 ? m->lsh_chunk : 64, .seed = m->seed };
        AbLshHash h;
        st = ab_lsh_hash (&lc, p->q_shared, &h, err);
        AbLshStats ls;
        if (st == AB_APPROX_OK)
          st = ab_lsh_attention (&h, p->q_shared, p->v, 0, o, NULL, &ls, err);
        if (st == AB_APPROX_OK)
          {
            out->flops = ls.flops;
            out->bytes = ls.extra_bytes + h.bytes;
            if (a)
              {
                AbPattern pat;
                ab_lsh_pattern (&h, &pat);
                float *keys = malloc (nd * sizeof *keys);
                if (!keys)
                  st = ab__approx_fail (err, AB_APPROX_E_NOMEM, "LSH matrix: out of memory");
                else
                  {
                    ab_lsh_normalize_keys (p->q_shared, n, d, keys);
                    AbApproxResult ignore;
                    float *o2 = malloc (nd * sizeof *o2);
                    st = o2 ? run_pattern (&pat, p->q_shared, keys, p->v, d, o2, a, &ignore, err)
                            : ab__approx_fail (err, AB_APPROX_E_NOMEM, "LSH matrix: out of memory");
                    free (o2);
                    free (keys);
                  }
              }
          }
        ab_lsh_hash_clear (&h);
        break;
      }
    case AB_APPROX_METHOD_LINFORMER:
    case AB_APPROX_METHOD_LINFORMER_POOL:
      {
        if (budget < 1 || budget > n)
          {
            st = ab__approx_fail (err, AB_APPROX_E_INVALID, "Linformer rank k = %d outside 1 … n",
                                  budget);
            break;
          }
        AbLinformerConfig lf = { .n = n, .k = budget, .seed = m->seed,
                                 .projection = m->method == AB_APPROX_METHOD_LINFORMER_POOL
                                               ? AB_LINFORMER_POOL : AB_LINFORMER_GAUSSIAN };
        float *e = malloc ((size_t) budget * n * sizeof *e);
        float *f = malloc ((size_t) budget * n * sizeof *f);
        AbLinformerStats ls;
        if (!e || !f)
          st = ab__approx_fail (err, AB_APPROX_E_NOMEM, "Linformer: out of memory");
        else if ((st = ab_linformer_projections (&lf, e, f, err)) == AB_APPROX_OK)
          st = ab_linformer_attention (n, d, budget, p->q, p->k, p->v, e, f, 0, o, NULL, a, &ls,
                                       err);
        if (st == AB_APPROX_OK)
          {
            out->flops = ls.flops;
            out->bytes = ls.extra_bytes;
          }
        free (e);
        free (f);
        break;
      }
    case AB_APPROX_METHOD_PERFORMER:
      {
        AbPerformerConfig pc;
        ab_performer_config_init (&pc, d, budget);
        pc.seed = m->seed;
        float *w = budget >= 1 && budget <= AB_PERFORMER_MAX_FEATURES
                   ? malloc ((size_t) budget * d * sizeof *w) : NULL;
        AbPerformerStats ps;
        if (!w)
          st = ab__approx_fail (err, budget < 1 || budget > AB_PERFORMER_MAX_FEATURES
                                     ? AB_APPROX_E_INVALID : AB_APPROX_E_NOMEM,
                                "Performer features m = %d", budget);
        else if ((st = ab_performer_draw (&pc, w, err)) == AB_APPROX_OK)
          st = ab_performer_attention (&pc, w, n, p->q, p->k, p->v, 0, 0, AB_FEATURE_ASSOCIATIVE,
                                       o, NULL, &ps, err);
        if (st == AB_APPROX_OK)
          {
            out->flops = ps.flops;
            out->bytes = ps.extra_bytes;
            if (a)
              {
                float *o2 = malloc (nd * sizeof *o2);
                st = o2 ? ab_performer_attention (&pc, w, n, p->q, p->k, p->v, 0, 0,
                                                  AB_FEATURE_QUADRATIC, o2, a, NULL, err)
                        : ab__approx_fail (err, AB_APPROX_E_NOMEM, "Performer matrix: out of memory");
                free (o2);
              }
          }
        free (w);
        break;
      }
    case AB_APPROX_METHOD_LINEAR:
      {
        AbFeatureStats fs;
        st = ab_linear_attention (n, d, p->q, p->k, p->v, 0, AB_FEATURE_ASSOCIATIVE, o, NULL, &fs,
                                  err);
        if (st == AB_APPROX_OK)
          {
            out->flops = fs.flops;
            out->bytes = fs.extra_bytes;
            if (a)
              {
                float *o2 = malloc (nd * sizeof *o2);
                st = o2 ? ab_linear_attention (n, d, p->q, p->k, p->v, 0, AB_FEATURE_QUADRATIC, o2,
                                               a, NULL, err)
                        : ab__approx_fail (err, AB_APPROX_E_NOMEM, "linear matrix: out of memory");
                free (o2);
              }
          }
        break;
      }
    default:
      st = ab__approx_fail (err, AB_APPROX_E_INVALID, "unknown method");
    }

  if (st == AB_APPROX_OK)
    {
      const double *o_ref = shared ? p->o_ref_shared : p->o_ref;
      const double *p_ref = shared ? p->p_ref_shared : p->p_ref;
      out->output_error = ab_approx_rel_frobenius_f (o, o_ref, nd);
      out->matrix_error = a ? ab_approx_rel_frobenius (a, p_ref, nn) : NAN;
      out->needle_error = NAN;
      out->needle_weight = NAN;
      out->needle_weight_exact = NAN;
      if (p->needle_query >= 0)
        {
          size_t at = (size_t) p->needle_query * n + p->needle_key;
          out->needle_error = row_error (o, o_ref, p->needle_query, d);
          if (a)
            {
              out->needle_weight = a[at];
              out->needle_weight_exact = p_ref[at];
            }
        }
    }
  free (o);
  free (a);
  return st;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-lsh.c — angular LSH, sort by bucket, chunked shared-QK attention
 * with the multi-round duplicate correction (see attn-lsh.h).
 *
 * The collision probability by quadrature. Write u_c = x·r_c, w_c = y·r_c
 * (c = 1 … h, h = b/2): i.i.d. pairs of standard normals with correlation
 * ρ = cos θ. By symmetry every one of the b buckets is equally likely for
 * x, so P = b · P[both land in bucket "+1"], i.e. u₁ > |u_c| and
 * w₁ > |w_c| for c ≠ 1:
 *   P = b ∫₀^∞ φ(a) ∫_{ρa + s z > 0} φ(z) G(a, ρa + s z)^{h−1} dz da,
 * with s = sin θ, (u₁, w₁) = (a, ρa + s z), and
 *   G(a, c) = P[|U| < a, |W| < c] = 2 ∫₀^a φ(u) [Φ((c − ρu)/s) − Φ((−c − ρu)/s)] du
 * (the integrand is even in u). All three integrals use composite 8-point
 * Gauss–Legendre rules on [0, 7] (φ(7) ≈ 1e−11).
 */
#include "attn-lsh.h"
#include "attn-approx-private.h"
#include "ab-rng.h"

#include <stdlib.h>
#include <string.h>

void
ab_lsh_config_init (AbLshConfig *cfg, int n, int d)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->n = n;
  cfg->d = d;
  cfg->chunk_len = 64;
  cfg->n_rounds = 2;
  int b = 2 * (int) ((n / 64.0) / 2.0 + 0.5);
  cfg->n_buckets = b < 2 ? 2 : b > AB_LSH_MAX_BUCKETS ? AB_LSH_MAX_BUCKETS : b;
  cfg->seed = 0x15c4;
}

static AbApproxStatus
check_config (const AbLshConfig *c, AbApproxError *err)
{
  if (!c || c->n < 1 || c->n > AB_PATTERN_MAX_N || c->d < 1 || c->d > 65536)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "LSH needs 1 ≤ n ≤ %d and 1 ≤ d ≤ 65536",
                            AB_PATTERN_MAX_N);
  if (c->n_buckets < 2 || c->n_buckets > AB_LSH_MAX_BUCKETS || c->n_buckets % 2)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "LSH buckets b = %d: b must be even, 2 … %d", c->n_buckets,
                            AB_LSH_MAX_BUCKETS);
  if (c->n_rounds < 1 || c->n_rounds > AB_LSH_MAX_ROUNDS)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "LSH rounds %d outside 1 … %d",
                            c->n_rounds, AB_LSH_MAX_ROUNDS);
  if (c->chunk_len < 1)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "LSH chunk length %d < 1", c->chunk_len);
  return AB_APPROX_OK;
}

int
ab_lsh_bucket_of (const float *rotation, int d, int n_buckets, const float *x)
{
  int half = n_buckets / 2, best_i = 0;
  double best = -INFINITY;
  for (int a = 0; a < half; a++)
    {
      double proj = 0;
      for (int c = 0; c < d; c++)
        proj += (double) x[c] * rotation[(size_t) c * half + a];
      /* ties (a zero vector) go to the lower index */
      if (proj > best)
        {
          best = proj;
          best_i = a;
        }
      if (-proj > best)
        {
          best = -proj;
          best_i = half + a;
        }
    }
  return best_i;
}

void
ab_lsh_hash_clear (AbLshHash *hash)
{
  if (!hash)
    return;
  free (hash->bucket);
  free (hash->order);
  free (hash->rank);
  free (hash->rotations);
  memset (hash, 0, sizeof *hash);
}

AbApproxStatus
ab_lsh_hash (const AbLshConfig *cfg, const float *x, AbLshHash *hash, AbApproxError *err)
{
  if (!hash)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "LSH hash output is NULL");
  memset (hash, 0, sizeof *hash);
  AbApproxStatus st = check_config (cfg, err);
  if (st != AB_APPROX_OK)
    return st;
  if (!x)
    return ab__approx_fail (err, AB_APPROX_E_INVALID, "LSH input is NULL");
  size_t n = (size_t) cfg->n, d = (size_t) cfg->d, half = (size_t) cfg->n_buckets / 2;
  if ((st = ab__approx_check_finite (err, "X", x, n * d)) != AB_APPROX_OK)
    return st;
  size_t cells = (size_t) cfg->n_rounds * n, rot = (size_t) cfg->n_rounds * d * half;
  hash->config = *cfg;
  hash->bucket = malloc (cells * sizeof *hash->bucket);
  hash->order = malloc (cells * sizeof *hash->order);
  hash->rank = malloc (cells * sizeof *hash->rank);
  hash->rotations = malloc (rot * sizeof *hash->rotations);
  int32_t *fill = calloc ((size_t) cfg->n_buckets + 1, sizeof *fill);
  if (!hash->bucket || !hash->order || !hash->rank || !hash->rotations || !fill)
    {
      free (fill);
      ab_lsh_hash_clear (hash);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "LSH hash: out of memory");
    }
  hash->bytes = 3 * cells * sizeof (int32_t) + rot * sizeof (float);

  AbRng rng;
  ab_rng_init (&rng, cfg->seed);
  ab_rng_fill_normal (&rng, hash->rotations, (int) rot, 1.0);
  for (int r = 0; r < cfg->n_rounds; r++)
    {
      const float *R = hash->rotations + (size_t) r * d * half;
      int32_t *bucket = hash->bucket + (size_t) r * n;
      int32_t *order = hash->order + (size_t) r * n;
      int32_t *rank = hash->rank + (size_t) r * n;
      memset (fill, 0, ((size_t) cfg->n_buckets + 1) * sizeof *fill);
      for (size_t t = 0; t < n; t++)
        {
          bucket[t] = ab_lsh_bucket_of (R, (int) d, cfg->n_buckets, x + t * d);
          fill[bucket[t] + 1]++;
        }
      /* counting sort, stable: by bucket, then by position */
      for (int b = 0; b < cfg->n_buckets; b++)
        fill[b + 1] += fill[b];
      for (size_t t = 0; t < n; t++)
        {
          int32_t p = fill[bucket[t]]++;
          order[p] = (int32_t) t;
          rank[t] = p;
        }
    }
  free (fill);
  return AB_APPROX_OK;
}

void
ab_lsh_pattern (const AbLshHash *hash, AbPattern *p)
{
  ab_pattern_init (p, AB_PATTERN_LSH, hash->config.n);
  p->causal = hash->config.causal;
  p->lsh = (AbPatternBuckets) {
    .n_rounds = hash->config.n_rounds,
    .chunk_len = hash->config.chunk_len,
    .bucket = hash->bucket,
    .order = hash->order,
    .rank = hash->rank,
    .exclude_self = 1,
  };
}

void
ab_lsh_normalize_keys (const float *qk, int n, int d, float *keys)
{
  for (int t = 0; t < n; t++)
    {
      const float *x = qk + (size_t) t * d;
      double norm = sqrt (ab__approx_dot (x, x, d));
      for (int c = 0; c < d; c++)
        keys[(size_t) t * d + c] = norm > 0 ? (float) (x[c] / norm) : 0.0f;
    }
}

/* ---- Attention ------------------------------------------------------------- */

typedef struct
{
  const AbLshHash *h;
  int              n, m, rounds, causal;
} Ctx;

/* j is in i's set in round r: same bucket, j's chunk is i's or the one
 * before (causal and self are handled by the caller: they do not depend on
 * the round). */
static inline int
in_round (const Ctx *x, int r, int i, int j)
{
  const int32_t *bucket = x->h->bucket + (size_t) r * x->n;
  const int32_t *rank = x->h->rank + (size_t) r * x->n;
  if (bucket[i] != bucket[j])
    return 0;
  int ci = rank[i] / x->m, cj = rank[j] / x->m;
  return cj == ci || cj == ci - 1;
}

AbApproxStatus
ab_lsh_attention (const AbLshHash *hash, const float *qk, const float *v, float scale,
                  float *o, float *lse, AbLshStats *stats, AbApproxError *err)
{
  if (!hash || !hash->bucket || !qk || !v || !o)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "LSH attention needs a hash and non-NULL QK, V, O");
  const AbLshConfig *cfg = &hash->config;
  AbApproxStatus st = check_config (cfg, err);
  if (st != AB_APPROX_OK)
    return st;
  int n = cfg->n, d = cfg->d, m = cfg->chunk_len;
  if ((st = ab__approx_check_finite (err, "QK", qk, (size_t) n * d)) != AB_APPROX_OK
      || (st = ab__approx_check_finite (err, "V", v, (size_t) n * d)) != AB_APPROX_OK)
    return st;

  size_t win = (size_t) 2 * m;
  float *keys = malloc ((size_t) n * d * sizeof *keys);
  double *acc = calloc ((size_t) n * d, sizeof *acc);
  double *acc_lse = malloc ((size_t) n * sizeof *acc_lse);
  double *s = malloc (win * sizeof *s);
  int32_t *cand = malloc (win * sizeof *cand);
  double *o_r = malloc ((size_t) d * sizeof *o_r);
  uint8_t *has_other = calloc ((size_t) n, 1);
  if (!keys || !acc || !acc_lse || !s || !cand || !o_r || !has_other)
    {
      free (keys);
      free (acc);
      free (acc_lse);
      free (s);
      free (cand);
      free (o_r);
      free (has_other);
      return ab__approx_fail (err, AB_APPROX_E_NOMEM, "LSH attention: out of memory");
    }
  ab_lsh_normalize_keys (qk, n, d, keys);
  for (int i = 0; i < n; i++)
    acc_lse[i] = -INFINITY;

  Ctx x = { hash, n, m, cfg->n_rounds, cfg->causal };
  /* Pass 1: which tokens have a key other than themselves in some round. */
  for (int r = 0; r < cfg->n_rounds; r++)
    {
      const int32_t *order = hash->order + (size_t) r * n;
      const int32_t *bucket = hash->bucket + (size_t) r * n;
      for (int p = 0; p < n; p++)
        {
          int i = order[p], c = p / m;
          int q0 = c > 0 ? (c - 1) * m : 0, q1 = (c + 1) * m < n ? (c + 1) * m : n;
          for (int q = q0; q < q1 && !has_other[i]; q++)
            {
              int j = order[q];
              if (j != i && bucket[j] == bucket[i] && (!cfg->causal || j <= i))
                has_other[i] = 1;
            }
        }
    }

  double sc = ab__approx_scale (scale, d);
  double log_count[AB_LSH_MAX_ROUNDS + 1];
  for (int c = 1; c <= AB_LSH_MAX_ROUNDS; c++)
    log_count[c] = log ((double) c);
  uint64_t candidates = 0, used = 0, unique = 0;

  /* Pass 2: per round, each query against its chunk and the previous one. */
  for (int r = 0; r < cfg->n_rounds; r++)
    {
      const int32_t *order = hash->order + (size_t) r * n;
      const int32_t *bucket = hash->bucket + (size_t) r * n;
      for (int p = 0; p < n; p++)
        {
          int i = order[p], c = p / m;
          int q0 = c > 0 ? (c - 1) * m : 0, q1 = (c + 1) * m < n ? (c + 1) * m : n;
          const float *qi = qk + (size_t) i * d;
          int nc = 0;
          double mx = -INFINITY;
          candidates += (uint64_t) (q1 - q0);
          for (int q = q0; q < q1; q++)
            {
              int j = order[q];
              if (bucket[j] != bucket[i] || (cfg->causal && j > i) || (j == i && has_other[i]))
                continue;
              /* in how many rounds this pair is attended, and is this the
               * first of them (for the distinct count)? */
              int count = 0, first = r;
              for (int r2 = 0; r2 < cfg->n_rounds; r2++)
                if (in_round (&x, r2, i, j))
                  {
                    if (count == 0)
                      first = r2;
                    count++;
                  }
              if (first == r)
                unique++;
              double sij = sc * ab__approx_dot (qi, keys + (size_t) j * d, d) - log_count[count];
              s[nc] = sij;
              cand[nc++] = j;
              if (sij > mx)
                mx = sij;
            }
          used += (uint64_t) nc;
          if (nc == 0)
            continue;
          double sum = 0;
          memset (o_r, 0, (size_t) d * sizeof *o_r);
          for (int e = 0; e < nc; e++)
            {
              double w = exp (s[e] - mx);
              const float *vj = v + (size_t) cand[e] * d;
              sum += w;
              for (int k = 0; k < d; k++)
                o_r[k] += w * vj[k];
            }
          /* merge this round's (o_r / sum, lse_r) into the running result */
          double lse_r = mx + log (sum), prev = acc_lse[i];
          double top = prev > lse_r ? prev : lse_r;
          double total = top + log (exp (prev - top) + exp (lse_r - top));
          double a_old = exp (prev - total), a_new = exp (lse_r - total) / sum;
          double *oi = acc + (size_t) i * d;
          for (int k = 0; k < d; k++)
            oi[k] = oi[k] * a_old + o_r[k] * a_new;
          acc_lse[i] = total;
        }
    }

  for (size_t e = 0; e < (size_t) n * d; e++)
    o[e] = (float) acc[e];
  if (lse)
    for (int i = 0; i < n; i++)
      lse[i] = (float) acc_lse[i];
  if (stats)
    {
      stats->candidate_pairs = candidates;
      stats->used_pairs = used;
      stats->unique_pairs = unique;
      stats->hash_flops = 2 * (uint64_t) n * d * (cfg->n_buckets / 2) * cfg->n_rounds;
      stats->flops = stats->hash_flops + 4 * (uint64_t) d * candidates;
      stats->sort_ops = (uint64_t) cfg->n_rounds * ((uint64_t) n + cfg->n_buckets);
      stats->extra_bytes = (size_t) n * d * (sizeof *keys + sizeof *acc)
                           + (size_t) n * (sizeof *acc_lse + 1)
                           + win * (sizeof *s + sizeof *cand) + (size_t) d * sizeof *o_r;
    }
  free (keys);
  free (acc);
  free (acc_lse);
  free (s);
  free (cand);
  free (o_r);
  free (has_other);
  return AB_APPROX_OK;
}

/* ---- Collision probability --------------------------------------------------- */

static const double gl_x[4] = { 0.1834346424956498, 0.5255324099163290,
                                0.7966664774136267, 0.9602898564975363 };
static const double gl_w[4] = { 0.3626837833783620, 0.3137066458778873,
                                0.2223810344533745, 0.1012285362903763 };

/* Nodes and weights of a composite 8-point Gauss–Legendre rule on [lo, hi]
 * with @panels panels; returns the node count (8 · panels). */
static int
gl_nodes (double lo, double hi, int panels, double *x, double *w)
{
  double h = (hi - lo) / panels;
  int k = 0;
  for (int p = 0; p < panels; p++)
    {
      double mid = lo + (p + 0.5) * h, half = 0.5 * h;
      for (int a = 0; a < 4; a++)
        {
          x[k] = mid - half * gl_x[a];
          w[k++] = half * gl_w[a];
          x[k] = mid + half * gl_x[a];
          w[k++] = half * gl_w[a];
        }
    }
  return k;
}

static inline double
norm_pdf (double x)
{
  return exp (-0.5 * x * x) * 0.39894228040143267794;
}

static inline double
norm_cdf (double x)
{
  return 0.5 * erfc (-x * 0.70710678118654752440);
}

/* 8-point Gauss–Legendre panels. The integrands are smooth Gaussians, so 6
 * and 4 panels agree with 12 and 8 to 5e-6 at b = 4 … 1024 (and to 1e-8 for
 * b ≤ 64) at an eighth of the cost: a few ms per call instead of ~40. */
#define PANELS_OUTER 6
#define PANELS_INNER 4
#define NODES_MAX (8 * PANELS_OUTER)

/* P[|U| < a, |W| < c] for standard normals with correlation rho = cos θ. */
static double
box_probability (double a, double c, double rho, double s)
{
  double x[8 * PANELS_INNER], w[8 * PANELS_INNER];
  int nk = gl_nodes (0, a, PANELS_INNER, x, w);
  double acc = 0;
  for (int k = 0; k < nk; k++)
    acc += w[k] * norm_pdf (x[k])
           * (norm_cdf ((c - rho * x[k]) / s) - norm_cdf ((-c - rho * x[k]) / s));
  return 2 * acc;
}

double
ab_lsh_collision_probability (double theta, int n_buckets)
{
  if (isnan (theta) || theta < 0 || theta > M_PI || n_buckets < 2
      || n_buckets > AB_LSH_MAX_BUCKETS || n_buckets % 2)
    return NAN;
  if (n_buckets == 2)
    return 1 - theta / M_PI;
  if (theta == 0)
    return 1;
  if (theta == M_PI)
    return 0;   /* h(−x) = h(x) + b/2 */
  int h = n_buckets / 2;
  double rho = cos (theta), s = sin (theta);
  double xa[NODES_MAX], wa[NODES_MAX], xz[NODES_MAX], wz[NODES_MAX];
  int na = gl_nodes (0, 7, PANELS_OUTER, xa, wa);
  double total = 0;
  for (int ia = 0; ia < na; ia++)
    {
      double a = xa[ia];
      double z_lo = -rho * a / s;
      if (z_lo < -7)
        z_lo = -7;
      if (z_lo >= 7)
        continue;
      int nz = gl_nodes (z_lo, 7, PANELS_OUTER, xz, wz);
      double inner = 0;
      for (int iz = 0; iz < nz; iz++)
        {
          double c = rho * a + s * xz[iz];
          double g = box_probability (a, c, rho, s);
          inner += wz[iz] * norm_pdf (xz[iz]) * pow (g, h - 1);
        }
      total += wa[ia] * norm_pdf (a) * inner;
    }
  double p = n_buckets * total;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

double
ab_lsh_collision_probability_rounds (double theta, int n_buckets, int rounds)
{
  double p = ab_lsh_collision_probability (theta, n_buckets);
  if (isnan (p) || rounds < 1)
    return NAN;
  return 1 - pow (1 - p, rounds);
}

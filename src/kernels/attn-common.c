/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-common.c — errors, budgets, thread counts, IO models and the dispatcher
 * shared by the attention kernels (see attention.h); the work sharing is in
 * attn-threads.c. */
#include "attn-private.h"
#include "attn-flash-micro.h"
#include "attn-backend.h"   /* generated: AB_HAVE_CUDA */

#if AB_HAVE_CUDA
# include "cuda/attention-cuda.h"
#endif

#include <cblas.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- errors ---------------------------------------------------------- */

void
ab__attn_clear_error (AbAttnError *err)
{
  if (err)
    memset (err, 0, sizeof *err);
}

AbAttnStatus
ab__attn_fail (AbAttnError *err, AbAttnStatus status, const char *fmt, ...)
{
  if (err)
    {
      err->status = status;
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

static void
format_bytes (char *buf, size_t len, size_t bytes)
{
  static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  double v = (double) bytes;
  int u = 0;
  while (v >= 1024.0 && u < 4)
    {
      v /= 1024.0;
      u++;
    }
  if (u == 0)
    snprintf (buf, len, "%zu B", bytes);
  else
    snprintf (buf, len, "%.1f %s", v, units[u]);
}

AbAttnStatus
ab__attn_budget_fail (AbAttnError *err, const char *what, size_t needed,
                      size_t budget)
{
  char a[32], b[32];
  format_bytes (a, sizeof a, needed);
  format_bytes (b, sizeof b, budget);
  ab__attn_fail (err, AB_ATTN_E_BUDGET,
                 "%s needs %zu bytes (%s) but the memory budget is %zu bytes (%s)",
                 what, needed, a, budget, b);
  if (err)
    {
      err->bytes_needed = needed;
      err->budget = budget;
    }
  return AB_ATTN_E_BUDGET;
}

const char *
ab_attn_status_string (AbAttnStatus status)
{
  switch (status)
    {
    case AB_ATTN_OK: return "ok";
    case AB_ATTN_E_INVALID: return "invalid argument";
    case AB_ATTN_E_BUDGET: return "memory budget exceeded";
    case AB_ATTN_E_NOMEM: return "out of memory";
    case AB_ATTN_E_THREAD: return "could not start a thread";
    case AB_ATTN_E_UNSUPPORTED: return "not supported in this build";
    case AB_ATTN_E_NONFINITE: return "non-finite input";
    default: return "unknown error";
    }
}

AbAttnStatus
ab__attn_check (const AbAttnShape *shape, int heads, const float *q,
                const void *k, const void *v, const float *o,
                AbAttnError *err)
{
  ab__attn_clear_error (err);
  if (!shape)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "no shape given");
  if (shape->n_q <= 0 || shape->n_kv <= 0 || shape->d <= 0 || heads <= 0)
    return ab__attn_fail (err, AB_ATTN_E_INVALID,
                          "sizes must be positive (n_q=%d n_kv=%d d=%d heads=%d)",
                          shape->n_q, shape->n_kv, shape->d, heads);
  if (shape->window < 0)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "window must be >= 0 (got %d)",
                          shape->window);
  if (!isfinite (shape->scale) || shape->scale < 0.0f)
    return ab__attn_fail (err, AB_ATTN_E_INVALID,
                          "scale must be finite and >= 0 (0 = 1/sqrt(d))");
  if (!q || !k || !v || !o)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "NULL input or output array");
  return AB_ATTN_OK;
}

/* Index of the first non-finite entry of x[0..n), or n. A float is NaN or
 * ±inf exactly when its exponent bits are all ones. Blocks of a fixed 64
 * entries OR together "exponent all ones" flags: a reduction with a known
 * trip count, which GCC vectorises even at -O2 (a loop with a
 * variable count stayed scalar and cost a fifth of a small flash call). */
static size_t
first_nonfinite (const float *x, size_t n)
{
  enum { BLOCK = 64 };
  const uint32_t exp_mask = 0x7f800000u;
  size_t i = 0;
  for (; i + BLOCK <= n; i += BLOCK)
    {
      uint32_t bad = 0;
      for (int j = 0; j < BLOCK; j++)
        {
          uint32_t b;
          memcpy (&b, &x[i + (size_t) j], sizeof b);
          bad |= (b & exp_mask) == exp_mask ? ~0u : 0u;
        }
      if (bad)
        break;
    }
  for (; i < n; i++)
    if (!isfinite (x[i]))
      return i;
  return n;
}

AbAttnStatus
ab__attn_check_finite (const AbAttnShape *shape, int heads, const float *q,
                       const float *k, const float *v, AbAttnError *err)
{
  const size_t nq = (size_t) heads * (size_t) shape->n_q * (size_t) shape->d;
  const size_t nkv = (size_t) heads * (size_t) shape->n_kv * (size_t) shape->d;
  const struct { const char *name; const float *x; size_t n; } t[3] = {
    { "Q", q, nq }, { "K", k, nkv }, { "V", v, nkv },
  };
  for (int i = 0; i < 3; i++)
    {
      if (t[i].x == NULL)
        continue;
      size_t bad = first_nonfinite (t[i].x, t[i].n);
      if (bad < t[i].n)
        return ab__attn_nonfinite_fail (err, t[i].name, bad, t[i].x[bad], t[i].n / (size_t) heads,
                                        shape->d);
    }
  return AB_ATTN_OK;
}

AbAttnStatus
ab__attn_nonfinite_fail (AbAttnError *err, const char *name, size_t index, float x,
                         size_t per_head, int d)
{
  return ab__attn_fail (err, AB_ATTN_E_NONFINITE,
                        "%s[%zu] is %s: inputs must be finite (head %zu, row %zu, column %zu)",
                        name, index, isnan (x) ? "nan" : x > 0 ? "inf" : "-inf", index / per_head,
                        index % per_head / (size_t) d, index % (size_t) d);
}

float
ab__attn_scale (const AbAttnShape *shape)
{
  return shape->scale > 0.0f ? shape->scale : (float) (1.0 / sqrt ((double) shape->d));
}

/* Set by the app's preferences; 0 = the machine's default. Atomic: the lab's
 * worker thread reads them while the main thread may change them. */
static atomic_int configured_threads;
static _Atomic size_t configured_budget;

void
ab_attention_set_defaults (int threads, size_t budget)
{
  atomic_store (&configured_threads, threads > 0 ? threads : 0);
  atomic_store (&configured_budget, budget);
}

int
ab_attention_threads_or (int fallback)
{
  int configured = atomic_load (&configured_threads);
  return configured > 0 ? configured : fallback;
}

size_t
ab_attention_budget_or (size_t fallback)
{
  size_t configured = atomic_load (&configured_budget);
  return configured > 0 ? configured : fallback;
}

int
ab_attention_default_threads (void)
{
  int configured = atomic_load (&configured_threads);
  long n;

  if (configured > 0)
    return configured;
  n = sysconf (_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int) n : 1;
}

int
ab__attn_threads (const AbAttnOptions *opts)
{
  if (opts && opts->threads > 0)
    return opts->threads;
  return ab_attention_default_threads ();
}

size_t
ab_attention_default_budget (void)
{
  size_t configured = atomic_load (&configured_budget);
  long pages = sysconf (_SC_PHYS_PAGES);
  long page = sysconf (_SC_PAGESIZE);
  if (configured > 0)
    return configured;
  if (pages <= 0 || page <= 0)
    return (size_t) 1 << 31;
  return (size_t) pages * (size_t) page / 2;
}

size_t
ab__attn_budget (const AbAttnOptions *opts)
{
  if (opts && opts->mem_budget > 0)
    return opts->mem_budget;
  return ab_attention_default_budget ();
}

/* ---- threads ------------------------------------------------------- */

void
ab__blas_threads (int n)
{
  openblas_set_num_threads (n > 0 ? n : 1);
}

void
ab_attention_set_blas_threads (int n)
{
  ab__blas_threads (n);
}

double
ab__now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* ---- models --------------------------------------------------------- */

double
ab_attention_flops (const AbAttnShape *shape)
{
  double f = 4.0 * (double) shape->n_q * (double) shape->n_kv * (double) shape->d;
  return shape->causal ? f / 2.0 : f;
}

void
ab_attention_standard_io (const AbAttnShape *shape, uint64_t *read_bytes,
                          uint64_t *write_bytes)
{
  uint64_t nq = (uint64_t) shape->n_q, nkv = (uint64_t) shape->n_kv, d = (uint64_t) shape->d;
  uint64_t s = nq * nkv;
  /* read Q, K → write S; read S → write P; read P, V → write O */
  if (read_bytes)
    *read_bytes = 4 * ((nq + nkv) * d + s + s + nkv * d);
  if (write_bytes)
    *write_bytes = 4 * (s + s + nq * d);
}

void
ab_flash_io_model (const AbAttnShape *shape, AbFlashOrder order, int block_q,
                   int block_k, uint64_t *read_bytes, uint64_t *write_bytes,
                   size_t *sram_peak_bytes)
{
  uint64_t nq = (uint64_t) shape->n_q, nkv = (uint64_t) shape->n_kv, d = (uint64_t) shape->d;
  int def_br, def_bc;   /* the tiles ab_flash_forward would choose */
  ab__flash_tiles (shape->d, order == AB_FLASH_FA1 ? NULL : ab__micro_pick (shape->d),
                   &def_br, &def_bc);
  uint64_t br = (uint64_t) (block_q > 0 ? block_q : def_br);
  uint64_t bc = (uint64_t) (block_k > 0 ? block_k : def_bc);
  uint64_t tr = (nq + br - 1) / br, tc = (nkv + bc - 1) / bc;
  uint64_t r = 0, w = 0;
  if (br > nq)
    br = nq;
  if (bc > nkv)
    bc = nkv;

  if (order == AB_FLASH_FA1)
    {
      /* init O, m, ℓ in HBM; per K/V tile: load K_j, V_j once, then for
       * every Q tile load Q_i, O_i, m_i, ℓ_i and store O_i, m_i, ℓ_i;
       * finally read m, ℓ and write the logsumexp. */
      w += nq * d + 2 * nq;
      r += 2 * nkv * d;
      r += tc * (2 * nq * d + 2 * nq);
      w += tc * (nq * d + 2 * nq);
      r += 2 * nq;
      w += nq;
      if (sram_peak_bytes)
        *sram_peak_bytes = 4 * (size_t) (2 * br * d + 2 * bc * d + br * bc + 4 * br);
    }
  else
    {
      /* per Q tile: load Q_i, then every K_j, V_j; store O_i and lse_i */
      r += nq * d + tr * 2 * nkv * d;
      w += nq * d + nq;
      if (sram_peak_bytes)
        *sram_peak_bytes = 4 * (size_t) (2 * br * d + 2 * bc * d + br * bc + 2 * br);
    }
  if (read_bytes)
    *read_bytes = 4 * r;
  if (write_bytes)
    *write_bytes = 4 * w;
}

double
ab_sgemm_peak_gflops (int threads, int n)
{
  if (n <= 0)
    n = 2048;
  size_t nn = (size_t) n * (size_t) n;
  float *a = malloc (nn * sizeof (float));
  float *b = malloc (nn * sizeof (float));
  float *c = malloc (nn * sizeof (float));
  if (!a || !b || !c)
    {
      free (a);
      free (b);
      free (c);
      return 0.0;
    }
  for (size_t i = 0; i < nn; i++)
    {
      a[i] = (float) ((i * 7919) % 1000) / 1000.0f - 0.5f;
      b[i] = (float) ((i * 104729) % 1000) / 1000.0f - 0.5f;
    }
  ab__blas_threads (threads > 0 ? threads : ab_attention_default_threads ());
  /* warm-up, then best of five (other processes only ever slow it down) */
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
  double best = 1e30;
  for (int rep = 0; rep < 5; rep++)
    {
      double t0 = ab__now ();
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
      double t = ab__now () - t0;
      if (t < best)
        best = t;
    }
  free (a);
  free (b);
  free (c);
  return 2.0 * (double) n * (double) n * (double) n / best / 1e9;
}

/* ---- dispatch ------------------------------------------------------- */

static const char *algo_names[] = { "naive", "flash1", "flash2", "ring" };

const char *
ab_attn_algo_name (AbAttnAlgo algo)
{
  if ((unsigned) algo < sizeof algo_names / sizeof algo_names[0])
    return algo_names[algo];
  return "unknown";
}

int
ab_attn_algo_from_name (const char *name, AbAttnAlgo *algo)
{
  for (unsigned i = 0; name && i < sizeof algo_names / sizeof algo_names[0]; i++)
    if (strcmp (name, algo_names[i]) == 0)
      {
        *algo = (AbAttnAlgo) i;
        return 1;
      }
  return 0;
}

int
ab_attention_backend_available (AbAttnBackend backend)
{
  switch (backend)
    {
    case AB_BACKEND_CPU:
      return 1;
    case AB_BACKEND_CUDA:
#if AB_HAVE_CUDA
      return ab_cuda_device_count () > 0;
#else
      return 0;
#endif
    default:
      return 0;
    }
}

AbAttnStatus
ab_attention_run (AbAttnAlgo algo, const AbAttnShape *shape, int heads,
                  const float *q, const float *k, const float *v, float *o,
                  float *lse, const AbAttnOptions *opts, AbAttnStats *stats,
                  AbAttnError *err)
{
  AbAttnOptions local = { 0 };
  if (opts)
    local = *opts;
  if (local.backend == AB_BACKEND_CUDA)
    {
#if AB_HAVE_CUDA
      if (ab_cuda_device_count () > 0)
        {
          /* same rules as the CPU kernels, non-finite input included */
          AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, o, err);
          if (st == AB_ATTN_OK)
            st = ab__attn_check_finite (shape, heads, q, k, v, err);
          if (st != AB_ATTN_OK)
            return st;
          return ab_cuda_attention_run (algo, shape, heads, q, k, v, o, lse, &local, stats, err);
        }
#endif
      ab__attn_clear_error (err);
      return ab__attn_fail (err, AB_ATTN_E_UNSUPPORTED,
                            "CUDA kernels are not built or no GPU is present");
    }
  switch (algo)
    {
    case AB_ATTN_NAIVE:
      return ab_attention_naive (shape, heads, q, k, v, o, lse, &local, stats, err);
    case AB_ATTN_FLASH1:
      local.order = AB_FLASH_FA1;
      return ab_flash_forward (shape, heads, q, k, v, o, lse, &local, stats, err);
    case AB_ATTN_FLASH2:
      local.order = AB_FLASH_FA2;
      return ab_flash_forward (shape, heads, q, k, v, o, lse, &local, stats, err);
    case AB_ATTN_RING:
      return ab_ring_attention (shape, heads, q, k, v, o, lse, &local, stats, err);
    default:
      ab__attn_clear_error (err);
      return ab__attn_fail (err, AB_ATTN_E_INVALID, "unknown algorithm %d", (int) algo);
    }
}

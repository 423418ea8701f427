/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-complexity.c — exact per-method FLOP and memory counts against N
 * (see attn-complexity.h for the definitions and their sources). */
#include "attn-complexity.h"
#include "attn-approx-private.h"
#include "attn-chunked.h"
#include "attn-patterns.h"

#include <string.h>

static const char *const names[AB_CX_N_METHODS] = {
  "dense", "sparse", "reformer", "linformer", "performer", "flash", "chunked",
};

const char *
ab_complexity_method_name (AbComplexityMethod method)
{
  return (unsigned) method < AB_CX_N_METHODS ? names[method] : "unknown";
}

void
ab_complexity_params_init (AbComplexityParams *p)
{
  memset (p, 0, sizeof *p);
  p->d = 64;
  p->elem_bytes = 2;
  p->lsh_rounds = 4;
  p->lsh_chunk = 64;
  p->lsh_buckets = 64;
  p->linformer_k = 256;
  p->performer_m = 256;
}

/* Σ over sorted positions of the keys a query sees: its chunk and the one
 * before (attn-lsh.c's candidate count for one round). */
static uint64_t
lsh_candidates (uint64_t n, uint64_t c)
{
  uint64_t total = 0;
  for (uint64_t ch = 0; ch * c < n; ch++)
    {
      uint64_t rows = n - ch * c < c ? n - ch * c : c;
      uint64_t lo = ch > 0 ? (ch - 1) * c : 0, hi = (ch + 1) * c < n ? (ch + 1) * c : n;
      total += rows * (hi - lo);
    }
  return total;
}

static uint64_t
ceil_log2 (uint64_t n)
{
  uint64_t b = 0;
  while (((uint64_t) 1 << b) < n)
    b++;
  return b;
}

AbApproxStatus
ab_complexity (AbComplexityMethod method, uint64_t n, const AbComplexityParams *p,
               AbComplexity *out, AbApproxError *err)
{
  if (!p || !out || n < 1 || n > ((uint64_t) 1 << 24) || p->d < 1 || p->d > 1024
      || p->elem_bytes < 1 || (unsigned) method >= AB_CX_N_METHODS)
    return ab__approx_fail (err, AB_APPROX_E_INVALID,
                            "complexity needs 1 ≤ n ≤ 2^24, 1 ≤ d ≤ 1024, elem_bytes ≥ 1");
  memset (out, 0, sizeof *out);
  uint64_t d = (uint64_t) p->d, b = (uint64_t) p->elem_bytes;
  uint64_t dense_entries = p->causal ? n * (n + 1) / 2 : n * n;
  switch (method)
    {
    case AB_CX_DENSE:
      out->flops = 4 * d * dense_entries;
      out->bytes = n * n * b;
      break;
    case AB_CX_SPARSE:
      {
        AbPattern pat;
        ab_pattern_init (&pat, AB_PATTERN_STRIDED, (int) n);
        pat.causal = p->causal;
        AbPatternCount c;
        AbApproxStatus st = ab_pattern_count (&pat, p->d, p->elem_bytes, &c, err);
        if (st != AB_APPROX_OK)
          return st;
        out->flops = c.flops;
        out->bytes = c.score_bytes;
        break;
      }
    case AB_CX_REFORMER:
      {
        if (p->lsh_rounds < 1 || p->lsh_chunk < 1 || p->lsh_buckets < 2)
          return ab__approx_fail (err, AB_APPROX_E_INVALID,
                                  "Reformer needs rounds ≥ 1, chunk ≥ 1, buckets ≥ 2");
        uint64_t r = (uint64_t) p->lsh_rounds, cand = lsh_candidates (n, (uint64_t) p->lsh_chunk);
        out->flops = r * (n * d * (uint64_t) p->lsh_buckets + 4 * d * cand);
        out->sort_ops = r * n * ceil_log2 (n);
        out->bytes = r * (cand * b + n * 2 * sizeof (int32_t));
        break;
      }
    case AB_CX_LINFORMER:
      {
        if (p->linformer_k < 1)
          return ab__approx_fail (err, AB_APPROX_E_INVALID, "Linformer needs k ≥ 1");
        uint64_t k = (uint64_t) p->linformer_k;
        out->flops = 8 * n * k * d;
        out->bytes = (n * k + 2 * k * d) * b;
        break;
      }
    case AB_CX_PERFORMER:
      {
        if (p->performer_m < 1)
          return ab__approx_fail (err, AB_APPROX_E_INVALID, "Performer needs m ≥ 1");
        uint64_t m = (uint64_t) p->performer_m;
        out->flops = 8 * n * m * d + 4 * n * m;
        out->bytes = (2 * n * m + m * d + m) * b;
        break;
      }
    case AB_CX_FLASH:
      out->flops = 4 * d * dense_entries;
      out->bytes = 4 * n;
      break;
    case AB_CX_CHUNKED:
      {
        AbChunkedConfig cc = { .q_chunk = AB_CHUNKED_DEFAULT_Q_CHUNK,
                               .kv_chunk = (int) ceil (sqrt ((double) n)) };
        out->flops = 4 * d * dense_entries;
        out->bytes = ab_chunked_bytes ((int) n, (int) n, p->d, &cc);
        break;
      }
    default:
      break;
    }
  return AB_APPROX_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mla.h — multi-head latent attention, explicit and absorbed
 *
 * DeepSeek-V2 (arXiv:2405.04434, §2.1) compresses what a token leaves in
 * the cache to one latent vector per layer:
 *
 *   c_t      = W_DKV h_t                      ∈ R^{d_c}      (cached)
 *   k^C_t,i  = W_UK,i c_t,   v^C_t,i = W_UV,i c_t ∈ R^{d_h}   (per head i)
 *   k^R_t    = RoPE(W_KR h_t)                 ∈ R^{d_h^R}    (cached, shared by heads)
 *   q^C_t,i  = W_Q,i h_t,    q^R_t,i = RoPE(W_QR,i h_t)
 *   score    = (q^C·k^C + q^R·k^R) / √(d_h + d_h^R)
 *   u_t      = W_O [o_t,1; …; o_t,H],   o_t,i = Σ_j softmax_j · v^C_j,i
 *
 * Explicit form (ab_mla_forward_explicit): materialise k^C and v^C for
 * every head — a cache of H·(2·d_h + d_h^R) values per token — and run the
 * exact attention kernels on [q^C; q^R]·[k^C; k^R].
 *
 * Absorbed form (§2.1.2, "W^UK can be absorbed into W^Q, and W^UV into
 * W^O"): since q^C·(W_UK c) = (W_UKᵀ q^C)·c, fold W̃_Q,i = W_UK,iᵀ W_Q,i
 * (d_c × d_model) once; since W_O,i (W_UV,i Σ p c) = (W_O,i W_UV,i) Σ p c,
 * fold W̃_O,i = W_O,i W_UV,i (d_model × d_c). Decoding then attends with
 * H query heads over ONE shared key/value row per token, [c_t; k^R_t] —
 * multi-query attention of head size d_c + d_h^R (here: ab_attention_gqa
 * with one K/V head; the value's RoPE columns are computed and dropped,
 * which is exact because attention is linear in each value column).
 * RoPE is why the positional part is separate: RoPE(W_KR h) depends on the
 * position, so it cannot be folded into W̃_Q (§2.1.3, "decoupled RoPE").
 *
 * The cache (AbMlaCache) holds exactly d_c + d_h^R floats per token per
 * layer: FACTS 57's "(d_c + d_h^R)·l" (576 for DeepSeek-V2).
 *
 * Left out: DeepSeek also compresses queries through a latent c^Q (d′_c =
 * 1536); that saves activation memory in training and does not touch the
 * cache, so queries here are W_Q h directly. One layer, no batch.
 *
 * Weights are row-major "out × in" (y = W x), fp32; tokens are rows.
 * Token t of a call sits at position t (explicit) or at its cache index
 * (absorbed); masks are causal. RoPE rotates pairs (2j, 2j+1) by
 * pos · base^{−2j/d_h^R} (Su et al., arXiv:2104.09864).
 */
#pragma once

#include <stddef.h>

#include "attention.h"

typedef struct
{
  int   d_model;
  int   n_heads;     /* H */
  int   d_head;      /* d_h: per-head size of k^C, v^C and q^C */
  int   d_rope;      /* d_h^R (even; 0 = no positional part) */
  int   d_latent;    /* d_c */
  float rope_base;   /* 0 → 10000 */
} AbMlaDims;

typedef struct
{
  const float *w_dkv;   /* [d_c, d_model] */
  const float *w_uk;    /* [H, d_h, d_c] */
  const float *w_uv;    /* [H, d_h, d_c] */
  const float *w_q;     /* [H, d_h, d_model] */
  const float *w_qr;    /* [H, d_h^R, d_model] (unused if d_rope = 0) */
  const float *w_kr;    /* [d_h^R, d_model]   (unused if d_rope = 0) */
  const float *w_o;     /* [d_model, H·d_h] */
} AbMlaWeights;

/* W̃_Q and W̃_O, computed once by ab_mla_absorb. */
typedef struct
{
  float *w_q_absorbed;  /* [H, d_c, d_model] = W_UK,iᵀ W_Q,i */
  float *w_o_absorbed;  /* [d_model, H·d_c], block i = W_O,i W_UV,i */
} AbMlaAbsorbed;

/* The latent cache of one layer: rows [c_t; k^R_t] of d_c + d_h^R floats. */
typedef struct
{
  int    d_latent, d_rope;
  int    n;             /* tokens cached */
  int    capacity;
  float *rows;          /* [capacity, d_c + d_h^R] */
} AbMlaCache;

AbAttnStatus ab_mla_absorb       (const AbMlaDims *dims, const AbMlaWeights *w,
                                  AbMlaAbsorbed *out, AbAttnError *err);
void         ab_mla_absorbed_clear (AbMlaAbsorbed *a);

AbAttnStatus ab_mla_cache_init   (AbMlaCache *cache, const AbMlaDims *dims,
                                  int capacity, AbAttnError *err);
void         ab_mla_cache_clear  (AbMlaCache *cache);
/* Appends @m tokens (x: [m, d_model]) at positions n … n+m−1: c = W_DKV x
 * and k^R = RoPE(W_KR x). AB_ATTN_E_BUDGET when the capacity is exceeded. */
AbAttnStatus ab_mla_cache_append (AbMlaCache *cache, const AbMlaDims *dims,
                                  const AbMlaWeights *w, const float *x, int m,
                                  AbAttnError *err);
/* Floats the cache holds per token (d_c + d_h^R). */
int          ab_mla_cache_values_per_token (const AbMlaCache *cache);

/* The explicit form over @n tokens x [n, d_model] (positions 0 … n−1,
 * causal) → u [n, d_model], using kernel @algo. */
AbAttnStatus ab_mla_forward_explicit (const AbMlaDims *dims, const AbMlaWeights *w,
                                      AbAttnAlgo algo, int n, const float *x,
                                      float *u, AbAttnError *err);

/* The absorbed form: outputs u [m, d_model] for the LAST @m tokens of
 * @cache (their rows x_last [m, d_model] give the queries; append them to
 * the cache first), attending causally over everything cached. */
AbAttnStatus ab_mla_forward_absorbed (const AbMlaDims *dims, const AbMlaWeights *w,
                                      const AbMlaAbsorbed *absorbed,
                                      const AbMlaCache *cache, AbAttnAlgo algo,
                                      int m, const float *x_last, float *u,
                                      AbAttnError *err);

/* Values per token per layer each form keeps for later queries:
 * explicit H·(2·d_h + d_h^R) (k^C, v^C per head and the shared k^R;
 * a plain MHA would also copy k^R per head), absorbed d_c + d_h^R. */
size_t ab_mla_explicit_values_per_token (const AbMlaDims *dims);
size_t ab_mla_latent_values_per_token   (const AbMlaDims *dims);

/* RoPE in place on @n rows of @dim (even) values at positions pos0 + r. */
void ab_mla_rope (float *x, int n, int dim, int pos0, float base);

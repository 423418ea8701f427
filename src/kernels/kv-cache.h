/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kv-cache.h — how many bytes the KV cache needs, per token and per request
 *
 * A decoder caches, for every past token and every layer, what later
 * queries will read (Part 4 §1, FACTS 49):
 *
 *   MHA   K and V of every head          2 · H_q  · d_head  values
 *   MQA   one shared K and V head         2 · 1    · d_head  (Shazeer, arXiv:1911.02150)
 *   GQA   one K and V head per group      2 · H_kv · d_head  (Ainslie et al., arXiv:2305.13245)
 *   MLA   the latent c_t and the shared   d_c + d_h^R        (DeepSeek-V2, arXiv:2405.04434,
 *         RoPE key                                            §2.1.4, Table 1: "(d_c + d_h^R)·l")
 *
 * so KV bytes = values per token per layer × layers × N × bits / 8.
 * Applying a scheme to any shape is allowed ("what would Llama 3 70B cache
 * under MLA?") as long as the shape has what it needs (MLA needs d_c).
 *
 * Sliding windows. A layer with a window w keeps only the last w tokens
 * (Mistral's rolling buffer, arXiv:2310.06825 §2), so at context N it
 * caches min(N, w) tokens; shapes carry how many of their layers are
 * windowed (all 32 for Mistral 7B, 21 of 42 for Gemma 2 9B).
 *
 * Precision is given in bits per value (16 = FP16/BF16, 8 = FP8; DeepSeek
 * quotes "6 bits on average" for deployed V2, FACTS 58). Every result is an
 * exact integer; a byte count that is not whole is rounded up.
 *
 * Pure C11.
 */
#pragma once

#include <stdint.h>

#include "ab-kerror.h"
#include "model-presets.h"

typedef enum
{
  AB_KV_MHA = 0,
  AB_KV_MQA,
  AB_KV_GQA,
  AB_KV_MLA,
  AB_KV_N_SCHEMES
} AbKvScheme;

typedef struct
{
  int layers;
  int q_heads;
  int kv_heads;        /* GQA's H_kv */
  int head_dim;
  int latent_dim;      /* MLA d_c; 0 = the shape has no latent */
  int rope_dim;        /* MLA decoupled RoPE key d_h^R */
  int window;          /* 0 = no sliding window */
  int window_layers;   /* how many layers use it */
} AbKvShape;

/* The shape of a preset. */
void ab_kv_shape_from_preset (const AbModelPreset *preset, AbKvShape *shape);

/* Values cached per token per layer under @scheme; 0 if the shape is
 * invalid or cannot use the scheme (MLA without latent_dim). */
uint64_t ab_kv_values_per_token_layer (const AbKvShape *shape, AbKvScheme scheme);

/* Bytes per token over all layers, with no window in effect (the
 * textbook figure: 320 KiB for Llama 3 70B GQA at 16 bits). */
AbKStatus ab_kv_bytes_per_token (const AbKvShape *shape, AbKvScheme scheme,
                                 int bits, uint64_t *bytes, AbKError *err);

/* Bytes of one request's cache at context @n tokens, windowed layers
 * holding min(n, window) tokens each. */
AbKStatus ab_kv_bytes_per_request (const AbKvShape *shape, AbKvScheme scheme,
                                   int bits, uint64_t n, uint64_t *bytes,
                                   AbKError *err);

/* Tokens of context that fit in @budget bytes for one request (windowed
 * layers count min(n, w)); UINT64_MAX when every layer is windowed and the
 * windows fit, so the cache stops growing. */
AbKStatus ab_kv_max_context (const AbKvShape *shape, AbKvScheme scheme,
                             int bits, uint64_t budget, uint64_t *n,
                             AbKError *err);

/* Bytes of the weights at @bits per parameter (params_b × 10⁹ × bits / 8). */
uint64_t ab_kv_weight_bytes (double params_b, int bits);

/* "MHA", "MQA", "GQA", "MLA". */
const char *ab_kv_scheme_name (AbKvScheme scheme);
/* Bits per value of "fp32", "fp16", "bf16", "fp8"; 0 if unknown. */
int         ab_kv_precision_bits (const char *name);

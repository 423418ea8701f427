/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rolling-kv.h — Mistral's rolling-buffer KV cache and the receptive field
 * of stacked sliding windows
 *
 * With a sliding window, query position i sees keys i − w + 1 … i (w keys,
 * itself included: attention.h's `window`). A decoder then never needs
 * more than the last w tokens' K/V, so Mistral 7B (arXiv:2310.06825, §2
 * "Rolling Buffer Cache") keeps a buffer of w slots and writes position i
 * to slot i mod w, overwriting the token that just left the window; the
 * cache stops growing at w tokens (FACTS 69: 8× smaller at 32k for w =
 * 4096). ab_rolling_kv_attend puts the live slots back in time order and
 * runs the exact kernels on them, which equals windowed attention over the
 * whole sequence (the test checks it row by row).
 *
 * Receptive field. A layer moves information at most w − 1 positions
 * forward, so after L layers position i depends on positions ≥ i − L·(w − 1)
 * — ab_sliding_reach. Mistral's text counts a window as positions i − W … i
 * (W + 1 keys) and quotes L·W: 32 × 4096 = 131,072 tokens (FACTS 69) —
 * ab_sliding_receptive_field_nominal. ab_sliding_influence_map computes
 * the spread by brute force, layer by layer, for either convention (it
 * takes the number of keys a row sees).
 *
 * One layer, [heads][d] per token, fp32, decode one token at a time.
 */
#pragma once

#include <stdint.h>

#include "attention.h"

typedef struct
{
  int    window, heads, d;
  int    n_seen;          /* tokens appended: positions 0 … n_seen − 1 */
  float *k, *v;           /* [heads][window][d]; position t lives in slot t mod window */
  float *k_ordered, *v_ordered;   /* scratch: the live slots in time order */
} AbRollingKv;

AbAttnStatus ab_rolling_kv_init   (AbRollingKv *buf, int window, int heads, int d,
                                   AbAttnError *err);
void         ab_rolling_kv_clear  (AbRollingKv *buf);
/* Writes the next token's K and V ([heads][d] each) into its slot. */
AbAttnStatus ab_rolling_kv_append (AbRollingKv *buf, const float *k, const float *v,
                                   AbAttnError *err);
/* The slot holding position @pos, or −1 if it has left the window or is
 * not written yet. */
int          ab_rolling_kv_slot   (const AbRollingKv *buf, int pos);
/* Tokens currently cached (min(n_seen, window)). */
int          ab_rolling_kv_len    (const AbRollingKv *buf);
/* Bytes of K and V storage (2 · heads · window · d · 4): fixed at init. */
uint64_t     ab_rolling_kv_bytes  (const AbRollingKv *buf);
/* The newest token's query q ([heads][d]) against the cached window with
 * kernel @algo → o ([heads][d]) and lse ([heads], may be NULL). */
AbAttnStatus ab_rolling_kv_attend (AbRollingKv *buf, AbAttnAlgo algo, const float *q,
                                   float *o, float *lse, AbAttnError *err);

/* L·(w − 1): positions back that can reach a token after @layers layers
 * of w-key windows. */
int64_t ab_sliding_reach (int layers, int window);
/* L·W, the figure of Mistral §2 (32 × 4096 = 131,072). */
int64_t ab_sliding_receptive_field_nominal (int layers, int window);
/* map[l·n + i] = 1 if position i (0 … n−1) carries information from
 * position @src after l layers (l = 0 … layers; row 0 is src alone) when
 * each row sees @keys keys (itself and keys − 1 before it). Returns the
 * furthest position reached after all layers, or −1 for bad arguments. */
int     ab_sliding_influence_map (int layers, int keys, int n, int src,
                                  unsigned char *map);

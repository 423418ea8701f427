/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-gqa.h — grouped-query and multi-query attention on the exact kernels
 *
 * Grouped-query attention (Ainslie et al., arXiv:2305.13245) keeps H_q query
 * heads but only H_kv key/value heads: query head h reads K/V head
 * h / (H_q / H_kv), so each K/V head serves a group of G = H_q / H_kv
 * consecutive query heads (the layout of Hugging Face's repeat_kv).
 * H_kv = H_q is multi-head attention; H_kv = 1 is multi-query attention
 * (Shazeer, arXiv:1911.02150). The cache — and the bytes a decode step reads
 * — shrink by G; the arithmetic does not.
 *
 * ab_attention_gqa runs any of the exact kernels (naive, FA1, FA2, ring)
 * without copying K/V per head:
 *   - no mask: the G query heads of a group are contiguous in [H_q, N_q, d],
 *     so they are one head of G·N_q query rows against the group's K/V (one
 *     kernel call per K/V head — how decode kernels pack a group's queries);
 *   - causal or windowed: a query row's mask depends on its position, so
 *     each query head is its own call against its group's K/V.
 * Both are exact: the result equals MHA on K/V repeated G times per head.
 *
 * Arrays: q and o [H_q, N_q, d], k and v [H_kv, N_kv, d], lse [H_q, N_q]
 * (may be NULL). Options, masks, errors and non-finite checks are those of
 * attention.h; stats (may be NULL) sum the kernels' IO counters and keep
 * the largest extra_bytes of any call.
 */
#pragma once

#include "attention.h"

AbAttnStatus ab_attention_gqa (AbAttnAlgo           algo,
                               const AbAttnShape   *shape,
                               int                  q_heads,
                               int                  kv_heads,
                               const float         *q,
                               const float         *k,
                               const float         *v,
                               float               *o,
                               float               *lse,
                               const AbAttnOptions *opts,
                               AbAttnStats         *stats,
                               AbAttnError         *err);

/* The K/V head that query head @h reads (−1 for bad arguments). */
int ab_gqa_kv_head (int h, int q_heads, int kv_heads);

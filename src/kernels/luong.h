/* SPDX-License-Identifier: GPL-3.0-or-later */
/* luong.h — Luong, Pham & Manning (arXiv:1508.04025, EMNLP 2015):
 * three scoring functions, global and local attention, and their cost
 *
 * Scores of a target hidden state h_t against a source state h̄_s:
 *     dot      h_tᵀ h̄_s
 *     general  h_tᵀ W_a h̄_s
 *     concat   v_aᵀ tanh(W_a [h_t; h̄_s])
 * Global attention softmaxes the scores over all S source positions.
 * Local attention ("local-p") first predicts where to look,
 *     p_t = S · sigmoid(v_pᵀ tanh(W_p h_t)),
 * softmaxes only over the window [p_t − D, p_t + D] and multiplies each
 * weight by a Gaussian centred on p_t, exp(−(s − p_t)² / (2σ²)), σ = D/2
 * (the paper's eq. 10; the result is not renormalised).
 *
 * The vectors are constructed, not trained: source states are seeded random
 * "meanings" plus a position coordinate, each target state leans towards
 * the source word it translates, and v_p is fitted by ridge least squares
 * (ab_cholesky_solve from seq2seq.h) so p_t predicts that word's position.
 *
 * Costs are counted per target step for state size d and S source words,
 * d_a = d hidden units for concat, in multiply-adds (MACs); FLOPs = 2·MACs
 * plus one per tanh and per lone add:
 *     dot            S·d MACs
 *     general        d² + S·d MACs   (s_tᵀW_a once, then S dot products)
 *     concat         S·(2d·d_a + d_a) MACs + S·d_a tanh  (as written: an MLP per pair)
 *     concat-cached  d·d_a + S·d_a MACs + S·d_a adds + S·d_a tanh
 *                    (W_a split as [W_1 W_2], W_2 h̄_s computed once per sentence)
 *
 * Pure C11, no GLib: deterministic for a given seed.
 */
#pragma once

#include <stdint.h>

typedef enum
{
  AB_LUONG_DOT,
  AB_LUONG_GENERAL,
  AB_LUONG_CONCAT,
  AB_LUONG_CONCAT_CACHED,
  AB_LUONG_N_KINDS
} AbLuongKind;

typedef struct
{
  int         n_src;     /* S, 4 … 200 */
  int         n_tgt;     /* target words, 2 … 200 */
  int         d;         /* state size, 2 … 64 */
  int         target;    /* which target step to attend for, 0 … n_tgt−1 */
  int         half_window; /* D, ≥ 1 */
  AbLuongKind score;     /* DOT or GENERAL for the alignment */
  uint64_t    seed;
} AbLuongConfig;

typedef struct
{
  AbLuongConfig config;
  double *intended;     /* n_tgt: the source position each target state leans to */
  double *predicted;    /* n_tgt: p_t for every target step */
  double *scores;       /* n_src: score of the chosen target step against each source state */
  double *global;       /* n_src: global softmax weights */
  double *local;        /* n_src: local-p weights (0 outside the window) */
  double *gauss;        /* n_src: the Gaussian exp(−(s − p_t)²/(2σ²)) */
  double  p_t;          /* predicted position of the chosen target step */
  double  sigma;        /* D / 2 */
  int     win_lo, win_hi;   /* the window, clipped to the sentence, inclusive */
  double  global_outside;   /* global weight that falls outside the window */
  double  local_sum;        /* Σ local weights (< 1: the Gaussian is not renormalised) */
  int     global_argmax, local_argmax;
} AbLuongResult;

void           ab_luong_config_init (AbLuongConfig *config);
AbLuongResult *ab_luong_run         (const AbLuongConfig *config);
void           ab_luong_free        (AbLuongResult *result);

const char    *ab_luong_kind_name   (AbLuongKind kind);   /* "dot", "general", "concat", "concat-cached" */
/* Per target step, with d_a = d for concat. */
double         ab_luong_macs        (AbLuongKind kind, double d, double n_src);
double         ab_luong_tanh_count  (AbLuongKind kind, double d, double n_src);
double         ab_luong_flops       (AbLuongKind kind, double d, double n_src);

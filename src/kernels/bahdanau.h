/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bahdanau.h — additive attention (Bahdanau, Cho & Bengio, arXiv:1409.0473,
 * ICLR 2015) on hand-constructed vectors
 *
 * For decoder step i the model scores every encoder state h_j against the
 * previous decoder state s_{i−1} with a one-hidden-layer network,
 *     e_ij = v_aᵀ tanh(W_a s_{i−1} + U_a h_j),
 * turns the scores into weights α_ij = exp(e_ij) / Σ_k exp(e_ik) and reads
 * the context vector c_i = Σ_j α_ij h_j.
 *
 * The arithmetic is real; the vectors and weights are CONSTRUCTED, not
 * trained, so that the alignment reproduces the paper's Fig. 3 example:
 * "the agreement on the European Economic Area was signed in August 1992"
 * → "l' accord sur la zone économique européenne a été signé en août 1992",
 * where "zone économique européenne" aligns with "European Economic Area" in
 * reverse order. The construction:
 *   - each annotation h_j = (cos θ_j, sin θ_j, m_j1, m_j2): its position as a
 *     point on a circle plus two "meaning" numbers (seeded);
 *   - each decoder state s_{i−1} = (cos ψ_i, sin ψ_i, 1), where ψ_i is the
 *     angle of the source position target word i should read (fractional for
 *     a word that straddles two source words);
 *   - hidden units come in pairs sharing a preferred angle φ_q. W_a pushes
 *     every pair whose angle is far from ψ_i deep into tanh's flat region
 *     (input β(1 − cos(ψ_i − φ_q)) ≥ 0), so only pairs near ψ_i still
 *     respond to h_j, through U_a h_j = ±γ cos(θ_j − φ_q); v_a weights the
 *     two units of a pair +κ and −κ, so a saturated pair adds nothing.
 * The score is therefore largest for the source word at angle ψ_i: exactly
 * the "soft pointer" the paper's network learns. Small seeded noise keeps
 * the numbers from being suspiciously round.
 *
 * A short pair, "the black cat" → "le chat noir", uses d_a = 6 hidden units
 * (three pairs) so one step can be followed by hand; the long pair uses 32.
 *
 * Pure C11, no GLib: deterministic for a given seed.
 */
#pragma once

#include <stdint.h>

typedef enum
{
  AB_BAHDANAU_PAIR_LONG,    /* the paper's Fig. 3 sentence, 13 × 14 */
  AB_BAHDANAU_PAIR_SHORT,   /* "the black cat" → "le chat noir", 3 × 3 */
} AbBahdanauPair;

#define AB_BAHDANAU_D_H 4   /* numbers per annotation h_j */
#define AB_BAHDANAU_D_S 3   /* numbers per decoder state s_{i−1} */

typedef struct
{
  AbBahdanauPair pair;
  uint64_t       seed;
} AbBahdanauConfig;

typedef struct
{
  AbBahdanauConfig   config;
  int                n_src, n_tgt, d_a;
  const char *const *src_words;   /* n_src */
  const char *const *tgt_words;   /* n_tgt */
  double *intended;   /* n_tgt: the source position each target word was built to read */
  double *h;          /* n_src × D_H: annotations h_j */
  double *s;          /* n_tgt × D_S: row i is s_{i−1}, the state that emits target word i */
  double *w_a;        /* d_a × D_S */
  double *u_a;        /* d_a × D_H */
  double *v_a;        /* d_a */
  double *ws;         /* n_tgt × d_a: W_a s_{i−1} */
  double *uh;         /* n_src × d_a: U_a h_j */
  double *scores;     /* n_tgt × n_src: e_ij */
  double *alpha;      /* n_tgt × n_src: α_ij, rows sum to 1 */
  double *context;    /* n_tgt × D_H: c_i */
} AbBahdanauResult;

AbBahdanauResult *ab_bahdanau_run  (const AbBahdanauConfig *config);
void              ab_bahdanau_free (AbBahdanauResult *result);

/* e = v_aᵀ tanh(W_a s + U_a h) for one pair, from the precomputed W_a s and
 * U_a h (d_a numbers each); @hidden (optional) receives the tanh values. */
double            ab_bahdanau_score (const double *ws, const double *uh, const double *v_a,
                                     int d_a, double *hidden);

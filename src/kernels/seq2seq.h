/* SPDX-License-Identifier: GPL-3.0-or-later */
/* seq2seq.h — the fixed-vector bottleneck of an RNN encoder–decoder, measured
 *
 * Sutskever, Vinyals & Le (arXiv:1409.3215) and Cho et al. (arXiv:1406.1078)
 * read a source sentence with a recurrent network and hand the decoder only
 * its final state: one vector of a fixed size, whatever the sentence length.
 * This kernel shows what that costs, with real arithmetic instead of a story.
 *
 * A toy encoder folds n token embeddings x_1 … x_n (d_model numbers each,
 * drawn from a vocabulary of random vectors) into one state of d_state
 * numbers with a seeded tanh RNN:
 *     h_t = tanh(ρ·W h_{t−1} + U x_t),   h_0 = 0,
 * W a random orthogonal matrix (so the map neither blows up nor shrinks by
 * itself), U a random input map. Then, for every position t, the *best*
 * linear readout R_t (ridge least squares, fitted on training sentences by a
 * Cholesky solve written here) tries to recover x_t from h_n alone. On
 * held-out sentences we report per position
 *   - recall: how often the nearest vocabulary word to R_t h_n is x_t;
 *   - R²: the fraction of the embedding's variance the readout explains.
 * A linear readout is the most generous decoder we can fit exactly, so a
 * token it cannot recover is, for practical purposes, gone from the vector.
 *
 * With the defaults (d_model = 8, d_state = 64): 5 tokens are 40 numbers and
 * fit in 64, so recall is near perfect; 50 tokens are 400 numbers and cannot,
 * so only the last few tokens survive and recall of the early ones falls to
 * near chance.
 *
 * Pure C11, no GLib: deterministic for a given seed.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct
{
  int      n_tokens;   /* sentence length n, 1 … 200 */
  int      d_model;    /* numbers per token embedding, 1 … 64 */
  int      d_state;    /* numbers in the encoder's final state, 2 … 256 */
  int      vocab;      /* vocabulary size, 2 … 4096 */
  int      n_train;    /* sentences the readouts are fitted on */
  int      n_test;     /* held-out sentences the scores are measured on */
  double   rho;        /* recurrent gain (spectral radius of ρ·W) */
  double   ridge;      /* ridge penalty λ of the least-squares readout */
  uint64_t seed;
} AbSeq2seqConfig;

typedef struct
{
  AbSeq2seqConfig config;
  double *recall;        /* n_tokens: fraction of test sentences whose token t is recovered */
  double *r2;            /* n_tokens: explained variance of token t's embedding */
  double  mean_recall;   /* mean over positions */
  double  mean_r2;
  double  chance;        /* 1 / vocab */
  double  state_rms;     /* RMS of the final state's components (tanh stays out of saturation) */
  /* One example sentence, for drawing: its tokens, the final state, and the
   * decoded token at every position. */
  int    *example_tokens;   /* n_tokens */
  double *example_inputs;   /* n_tokens × d_model: their embeddings */
  int    *example_decoded;  /* n_tokens */
  double *example_state;    /* d_state */
} AbSeq2seqResult;

/* Fills the defaults described above (n = 5, d_model 8, d_state 64, …). */
void             ab_seq2seq_config_init (AbSeq2seqConfig *config);
/* Returns NULL on an invalid config or allocation failure. */
AbSeq2seqResult *ab_seq2seq_run         (const AbSeq2seqConfig *config);
void             ab_seq2seq_free        (AbSeq2seqResult *result);

/* Solve (A + λI) X = B in place for a symmetric positive semi-definite n×n A
 * (row-major, overwritten by its Cholesky factor) and n×m B (overwritten by
 * X). Returns 0 on success, −1 if the matrix is not positive definite. */
int              ab_cholesky_solve      (double *a, double *b, int n, int m, double lambda);

/* h[i] = tanh(x[i]) for n elements, as the encoder computes it (one exp in
 * plain arithmetic, vectorised): within 4·10⁻¹⁶ of libm's tanh, absolute
 * (tests/kernels/test-alignment-kernels.c). h and x must not overlap. */
void             ab_seq2seq_tanh        (double *h, const double *x, size_t n);

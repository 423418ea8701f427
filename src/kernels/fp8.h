/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fp8.h — FP8 (E4M3) attention and FlashAttention-3's incoherent processing
 *
 * E4M3 as in the OCP 8-bit floating point spec (v1.0, 2023) and NVIDIA's
 * e4m3fn / PyTorch float8_e4m3fn: 1 sign bit, 4 exponent bits (bias 7),
 * 3 mantissa bits; no infinities; S.1111.111 is NaN, so the largest finite
 * value is 1.75 · 2^8 = 448; subnormals go down to 2^-9. Encoding rounds to
 * nearest, ties to even, and saturates: every value beyond ±448, infinities
 * included, becomes ±448, NaN stays NaN — the conversion of CUDA's
 * cuda_fp8.h with __NV_SATFINITE (PTX `cvt.rn.satfinite.e4m3x2.f32`), which
 * GPU FP8 cast kernels use. (PyTorch's plain `.to(float8_e4m3fn)` gives NaN
 * on overflow instead; a tensor scaled by amax / 448 never overflows, so the
 * choice only shows in the saturation test.)
 *
 * Quantising a tensor divides by a scale s = amax / 448 so that the largest
 * entry lands on the largest code: one scale per tensor (the usual
 * per-tensor scaling), or one per block of B rows (FlashAttention-3 §3.3,
 * "block quantization": one scalar per B_r × d block of Q and B_c × d block
 * of K and V).
 *
 * Incoherent processing (FA3 §3.3, after QuIP/QuIP#): multiply Q and K by a
 * random orthogonal M = diag(s) · H, s a random ±1 vector and H the
 * normalised d × d Walsh–Hadamard matrix, before quantising. (QM)(KM)ᵀ = QKᵀ,
 * so attention is unchanged, but every entry of QM is a random-signed sum of
 * a whole row of Q, which spreads an outlier over all d coordinates. The fast
 * transform costs O(d log d) per row.
 *
 * The experiment reproduces FA3 §4.3's setup: entries of Q, K, V drawn from
 * N(0, 1) + N(0, 100) · Bernoulli(0.001) — "for 0.1% of entries we add an
 * independent term that's normally distributed with standard deviation 10" —
 * and the RMSE of the output O against an FP64 reference (FA3 Table 3). See
 * fp8.c for exactly what is rounded where.
 *
 * Pure C11 and OpenBLAS; deterministic for a seed; never aborts.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AB_E4M3_MAX            448.0f       /* 0x7e: 1.75 · 2^8 */
#define AB_E4M3_MIN_NORMAL     0x1p-6f      /* 0x08 */
#define AB_E4M3_MIN_SUBNORMAL  0x1p-9f      /* 0x01 */
#define AB_E4M3_NAN            ((uint8_t) 0x7f)

typedef enum
{
  AB_FP8_OK = 0,
  AB_FP8_E_INVALID,     /* bad sizes, NULL pointers, d not a power of two */
  AB_FP8_E_NONFINITE,   /* an input holds a NaN or an infinity */
  AB_FP8_E_NOMEM,       /* an allocation failed */
} AbFp8Status;

typedef struct
{
  AbFp8Status status;
  char        message[192];
} AbFp8Error;

/* E4M3 ------------------------------------------------------------------ */

/* The value of a code: exact, NaN for 0x7f and 0xff, −0 for 0x80. */
float   ab_e4m3_decode (uint8_t code);
/* The nearest code (ties to even), saturating to ±448; NaN → 0x7f/0xff. */
uint8_t ab_e4m3_encode (float x);
/* The same for a double, rounded once (no detour through float). */
uint8_t ab_e4m3_encode_double (double x);
/* decode (encode (x)). */
float   ab_e4m3_round  (float x);
/* x rounded to bfloat16 (8 exponent, 7 mantissa bits), ties to even. */
float   ab_bf16_round  (float x);

/* Scaled quantisation --------------------------------------------------- */

/* Quantise a rows × cols row-major tensor with one scale per block of
 * @block_rows rows (block_rows ≤ 0 or ≥ rows: one scale for the tensor).
 * scales[b] = amax(block b) / 448 (1 for an all-zero block) and
 * codes[i] = encode (x[i] / scales[b]); @scales holds
 * ab_fp8_n_blocks (rows, block_rows) floats. */
int         ab_fp8_n_blocks  (int rows, int block_rows);
AbFp8Status ab_fp8_quantize  (const float *x, int rows, int cols, int block_rows,
                              uint8_t *codes, float *scales, AbFp8Error *err);
/* x[i] = decode (codes[i]) · scales[block of i]. */
void        ab_fp8_dequantize (const uint8_t *codes, const float *scales, int rows, int cols,
                               int block_rows, float *x);

/* Random Hadamard rotation ---------------------------------------------- */

/* In place: x ← H x for the normalised Walsh–Hadamard matrix of size n (a
 * power of two, ≤ 4096), computed in double. H is symmetric and H H = I. */
AbFp8Status ab_fwht            (float *x, int n, AbFp8Error *err);
/* d random signs (±1) from the seeded generator. */
void        ab_hadamard_signs  (uint64_t seed, int d, float *signs);
/* Every row x of the rows × d matrix becomes x M = H (s ∘ x) (the forward
 * rotation) or, for the inverse, x Mᵀ = s ∘ (H x). */
AbFp8Status ab_hadamard_rotate   (float *x, int rows, int d, const float *signs, AbFp8Error *err);
AbFp8Status ab_hadamard_unrotate (float *x, int rows, int d, const float *signs, AbFp8Error *err);

/* The attention error experiment ---------------------------------------- */

typedef enum
{
  AB_FP8_SCHEME_BF16,            /* Q, K, V rounded to BF16: the 16-bit baseline */
  AB_FP8_SCHEME_PER_TENSOR,      /* E4M3, one scale per tensor */
  AB_FP8_SCHEME_PER_BLOCK,       /* E4M3, one scale per block of rows */
  AB_FP8_SCHEME_HADAMARD_BLOCK,  /* Q, K rotated by M, then per-block E4M3 */
  AB_FP8_N_SCHEMES
} AbFp8Scheme;

#define AB_FP8_MAX_RUNS 16

typedef struct
{
  int      n;                 /* sequence length (queries = keys), 1 … 2048 */
  int      d;                 /* head dimension: a power of two, 2 … 1024 */
  int      block_rows;        /* B_r = B_c: rows per scale block */
  double   outlier_fraction;  /* Bernoulli probability: FA3 §4.3 uses 0.001 */
  double   outlier_sigma;     /* std of the added term: FA3 §4.3 uses 10 */
  uint64_t seed;
  int      n_runs;            /* independent draws pooled, 1 … AB_FP8_MAX_RUNS */
} AbFp8Config;

/* FA3 §4.3's distribution at N = 512, d = 64, blocks of 64 rows, 2 runs. */
void ab_fp8_config_default (AbFp8Config *config);

typedef struct
{
  AbFp8Config config;
  /* Root mean squared error of O against the FP64 reference over all
   * n × d entries of all runs (FA3 Table 3 reports RMSE of O). */
  double rmse[AB_FP8_N_SCHEMES];
  double rmse_run[AB_FP8_MAX_RUNS][AB_FP8_N_SCHEMES];
  /* The same for the scaled scores S = QKᵀ/√d, and weighted by the
   * reference softmax P (each row's Σ_j P_ij δ_ij², averaged over rows):
   * the score error where attention actually looks. */
  double score_rmse[AB_FP8_N_SCHEMES];
  double weighted_score_rmse[AB_FP8_N_SCHEMES];
  double ratio_hadamard;      /* rmse[PER_TENSOR] / rmse[HADAMARD_BLOCK] */
  double ratio_block;         /* rmse[PER_TENSOR] / rmse[PER_BLOCK] */
  double rms_o;               /* RMS of the reference O, for scale */
  long   n_outliers;          /* outlier terms drawn in Q, K and V, all runs */
} AbFp8Result;

/* The inputs of run @run (0-based) of @config: n × d each, and the d signs
 * of the Hadamard rotation; any output may be NULL. The experiment uses
 * exactly these, so a diagram can draw what was measured. */
AbFp8Status ab_fp8_make_inputs (const AbFp8Config *config, int run, float *q, float *k, float *v,
                                float *signs, AbFp8Error *err);
AbFp8Status ab_fp8_experiment  (const AbFp8Config *config, AbFp8Result *result, AbFp8Error *err);

/* Statistics for pictures --------------------------------------------------- */

/* Histogram of log2 |x| over [lo, hi) in @n_bins equal bins; @below counts
 * the entries under 2^lo (zeros included), entries at or above 2^hi go in
 * the last bin. */
void   ab_fp8_log2_histogram (const float *x, size_t n, double lo, double hi, int n_bins,
                              uint32_t *counts, size_t *below);
/* Largest |x| and root mean square of n values. */
void   ab_fp8_amax_rms       (const float *x, size_t n, double *amax, double *rms);

const char *ab_fp8_scheme_name   (AbFp8Scheme scheme);
const char *ab_fp8_status_string (AbFp8Status status);

#ifdef __cplusplus
}
#endif

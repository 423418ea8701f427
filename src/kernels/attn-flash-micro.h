/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-flash-micro.h — register-blocked FA2 inner loop for one Q tile
 *
 * attn-flash.c decides which K/V tiles a Q tile visits and keeps the IO
 * model; these functions do the arithmetic of one (head, Q tile) item:
 * S = scale·Q_i K_jᵀ, the online-softmax update and O_i += P·V_j for every
 * visited K/V tile, then O_i /= ℓ and the logsumexp. attn-flash-micro.c is
 * compiled once per instruction set (portable vectors, AVX2 + FMA,
 * AVX-512); ab__micro_pick chooses one at run time.
 */
#pragma once

#include <stddef.h>

typedef enum
{
  AB_MICRO_SKIP,      /* the K/V tile is entirely masked for this Q tile */
  AB_MICRO_FULL,      /* no score of the tile is masked */
  AB_MICRO_PARTIAL,   /* some are: apply lo/hi per row */
} AbMicroTileKind;

typedef struct
{
  int          d;          /* head dimension, a multiple of the ISA's lane count */
  int          br;         /* query rows in this Q tile */
  int          bc;         /* K/V tile rows (the last tile may be shorter) */
  int          n_kv;       /* key rows of the head */
  float        scale;      /* 1/√d */
  const float *q;          /* br × d, this tile's rows */
  const float *k, *v;      /* n_kv × d, the head's keys and values */
  const unsigned char *kinds;   /* AbMicroTileKind per K/V tile */
  const int   *lo, *hi;    /* per row: visible keys [lo, hi] (PARTIAL tiles only) */
  float       *o;          /* br × d output rows */
  float       *lse;        /* br logsumexps, or NULL */
  float       *buf;        /* ab__micro_floats (br, bc, d) floats, 64-byte aligned */
} AbMicroTile;

typedef struct AbMicroKernel
{
  const char *name;        /* "avx512", "avx2", "portable" */
  int         lanes;       /* floats per vector register */
  int         group;       /* queries per score block: rows are padded to it */
  void      (*tile) (const AbMicroTile *t);
  size_t    (*floats) (int br, int bc, int d);
} AbMicroKernel;

/* The fastest kernel this CPU runs that supports head dimension d, or
 * NULL (then attn-flash.c uses its OpenBLAS loop). AB_FLASH_INNER =
 * blas | portable | avx2 | avx512 forces a choice (tests, benchmarks);
 * a forced kernel the CPU cannot run gives NULL too. */
const AbMicroKernel *ab__micro_pick (int d);

/* Writes up to max of the kernels this build has and this CPU runs,
 * fastest first, to out; returns how many (tests walk them). */
int ab__micro_available (const AbMicroKernel **out, int max);

/* O = O_acc / ℓ row by row and lse = m + log ℓ (lse may be NULL); rows
 * with ℓ = 0 get O = 0 and lse = −inf. Shared by both FA2 inner loops
 * (attn-flash.c). */
void ab__flash_finish_rows (int br, int d, const float *oacc, const float *m,
                            const float *l, float *o, float *lse);

/* The per-ISA entries, defined by attn-flash-micro.c. */
extern const AbMicroKernel ab__micro_portable;
extern const AbMicroKernel ab__micro_avx2;
extern const AbMicroKernel ab__micro_avx512;

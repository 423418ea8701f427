/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-rng.h — a small seeded PRNG shared by the kernels
 *
 * xoshiro256** (Blackman & Vigna, 2018) seeded through splitmix64, plus a
 * Box–Muller normal sampler. Deterministic across platforms, so a diagram
 * drawn on one machine shows the same numbers on every other.
 */
#pragma once

#include <stdint.h>

typedef struct
{
  uint64_t s[4];
  double   spare_normal;
  int      has_spare;
} AbRng;

void   ab_rng_init    (AbRng *rng, uint64_t seed);
uint64_t ab_rng_next  (AbRng *rng);
/* Uniform in [0, 1). */
double ab_rng_uniform (AbRng *rng);
/* Standard normal N(0, 1). */
double ab_rng_normal  (AbRng *rng);
/* Fill n floats with N(0, sigma²). */
void   ab_rng_fill_normal (AbRng *rng, float *out, int n, double sigma);

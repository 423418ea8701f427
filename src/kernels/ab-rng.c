/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ab-rng.h"

#include <math.h>

static inline uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t
splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
ab_rng_init (AbRng *rng, uint64_t seed)
{
  uint64_t sm = seed;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&sm);
  rng->has_spare = 0;
  rng->spare_normal = 0.0;
}

uint64_t
ab_rng_next (AbRng *rng)
{
  uint64_t *s = rng->s;
  uint64_t result = rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
ab_rng_uniform (AbRng *rng)
{
  /* The top 53 bits give every double in [0, 1) on a 2^-53 grid. */
  return (ab_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
ab_rng_normal (AbRng *rng)
{
  if (rng->has_spare)
    {
      rng->has_spare = 0;
      return rng->spare_normal;
    }
  double u1 = ab_rng_uniform (rng);
  double u2 = ab_rng_uniform (rng);
  if (u1 < 1e-300)
    u1 = 1e-300;
  double r = sqrt (-2.0 * log (u1));
  double theta = 2.0 * M_PI * u2;
  rng->spare_normal = r * sin (theta);
  rng->has_spare = 1;
  return r * cos (theta);
}

void
ab_rng_fill_normal (AbRng *rng, float *out, int n, double sigma)
{
  for (int i = 0; i < n; i++)
    out[i] = (float) (sigma * ab_rng_normal (rng));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-approx-private.h — helpers shared by the Part 2 kernels' .c files
 * (error messages, the finite-input check, the default scale). */
#pragma once

#include "attn-approx.h"

#include <math.h>

#if defined(__GNUC__)
# define AB_APPROX_PRINTF(a, b) __attribute__ ((format (printf, a, b)))
#else
# define AB_APPROX_PRINTF(a, b)
#endif

/* Fills @err (may be NULL) and returns @status. */
AbApproxStatus ab__approx_fail (AbApproxError *err, AbApproxStatus status,
                                const char *fmt, ...) AB_APPROX_PRINTF (3, 4);

/* AB_APPROX_OK, or AB_APPROX_E_NONFINITE naming @what and the first bad
 * index ("K[12] is nan: inputs must be finite"). */
AbApproxStatus ab__approx_check_finite (AbApproxError *err, const char *what,
                                        const float *x, size_t n);

static inline double
ab__approx_scale (double scale, int d)
{
  return scale > 0 ? scale : 1.0 / sqrt ((double) d);
}

/* a · b for n floats, accumulated in double. */
static inline double
ab__approx_dot (const float *a, const float *b, int n)
{
  double acc = 0;
  for (int c = 0; c < n; c++)
    acc += (double) a[c] * (double) b[c];
  return acc;
}

/* 1 if a · b overflows size_t (or either is negative). */
static inline int
ab__approx_mul_overflows (size_t a, size_t b)
{
  return a != 0 && b > (size_t) -1 / a;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* posenc.c — sinusoidal positional encodings (see posenc.h) */
#include "posenc.h"

#include <math.h>

double
ab_posenc_frequency (int d, int i)
{
  return pow (10000.0, -2.0 * i / (double) d);
}

double
ab_posenc_value (int d, double pos, int dim)
{
  double angle = pos * ab_posenc_frequency (d, dim / 2);
  return dim % 2 == 0 ? sin (angle) : cos (angle);
}

void
ab_posenc_table (int d, int n_pos, double *out)
{
  for (int p = 0; p < n_pos; p++)
    for (int dim = 0; dim < d; dim++)
      out[(long) p * d + dim] = ab_posenc_value (d, p, dim);
}

double
ab_posenc_dot (int d, double p, double q)
{
  double sum = 0;

  for (int dim = 0; dim < d; dim++)
    sum += ab_posenc_value (d, p, dim) * ab_posenc_value (d, q, dim);
  return sum;
}

double
ab_posenc_dot_offset_closed (int d, double k)
{
  double sum = 0;

  for (int i = 0; i < d / 2; i++)
    sum += cos (k * ab_posenc_frequency (d, i));
  return sum;
}

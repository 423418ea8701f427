/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-flash-values-online.c — the `online` family of book values (Part 3, page 3)
 *
 * The online-softmax worked example of Part 3: eight scores in two tiles of
 * four, each with a 2-d value, folded in tile by tile with a running max m,
 * running sum ℓ and accumulator o (Milakov & Gimelshein, arXiv:1805.02867),
 * and the one-pass softmax it must equal. Every number comes from
 * ab_online_softmax_worked_example() in src/kernels/softmax.c.
 */
#define G_LOG_DOMAIN "ab-flash-values-online"

#include "ab-format.h"
#include "ab-values.h"
#include "softmax.h"

#include <math.h>

static const AbOnlineSoftmaxExample *
example (void)
{
  static AbOnlineSoftmaxExample ex;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ab_online_softmax_worked_example (&ex);
      g_once_init_leave (&done, 1);
    }
  return &ex;
}

static char *
format_vector (const double *v)
{
  g_autofree char *a = ab_format_number (v[0]), *b = ab_format_number (v[1]);
  return g_strdup_printf ("(%s, %s)", a, b);
}

/* Scores and values print as the integers they are. */
static char *
get_score (const AbValueArgs *args, GError **error)
{
  return ab_format_trimmed (example ()->scores[args->ints[0]], 3);
}

static char *
get_value_vector (const AbValueArgs *args, GError **error)
{
  const double *v = example ()->values[args->ints[0]];
  g_autofree char *a = ab_format_trimmed (v[0], 3), *b = ab_format_trimmed (v[1], 3);
  return g_strdup_printf ("(%s, %s)", a, b);
}

/* exp(x_i − the max of its own tile) or exp(x_i − the final max). */
static char *
get_exp (const AbValueArgs *args, GError **error)
{
  const AbOnlineSoftmaxExample *ex = example ();
  int i = args->ints[0];
  double m = args->ints[1] == 0 ? ex->after[i / AB_EXAMPLE_TILE_SIZE].tile_max : ex->m_exact;
  return ab_format_number (exp (ex->scores[i] - m));
}

/* Arguments: tile (1-based), which number. */
static char *
get_after_tile (const AbValueArgs *args, GError **error)
{
  const AbOnlineSoftmaxExampleTile *t = &example ()->after[args->ints[0] - 1];

  switch (args->ints[1])
    {
    case 0: return ab_format_trimmed (t->tile_max, 3);   /* maxima are scores: "3", not "3.00" */
    case 1: return ab_format_number (t->tile_sum);
    case 2: return ab_format_number (t->rescale);
    case 3: return ab_format_trimmed (t->m, 3);
    case 4: return ab_format_number (t->l);
    case 5: return format_vector (t->o);
    case 6: return format_vector (t->o_normalised);
    case 7: return ab_format_number (t->o[0]);
    case 8: return ab_format_number (t->o[1]);
    case 9: return ab_format_number (t->o_normalised[0]);
    default: return ab_format_number (t->o_normalised[1]);
    }
}

static char *
get_exact (const AbValueArgs *args, GError **error)
{
  const AbOnlineSoftmaxExample *ex = example ();

  switch (args->ints[0])
    {
    case 0: return ab_format_trimmed (ex->m_exact, 3);
    case 1: return ab_format_number (ex->l_exact);
    case 2: return ab_format_number (ex->lse);
    default: return format_vector (ex->o_exact);
    }
}

static char *
get_weight (const AbValueArgs *args, GError **error)
{
  return ab_format_number (example ()->softmax[args->ints[0]]);
}

static const AbValueSpec online_values[] = {
  { "score.i{0..7}", get_score, "the worked example's scores" },
  { "value.i{0..7}", get_value_vector, "the worked example's value vectors (\"(1, 0)\")" },
  { "exp.i{0..7}.{tile|final}", get_exp, "exp(x − tile max) or exp(x − final max)" },
  { "tile{1..2}.{max|sum|rescale|m|l|o|out|o0|o1|out0|out1}", get_after_tile,
    "the running state after a tile (\"out\" is o / ℓ)" },
  { "exact.{m|l|lse|out}", get_exact, "the one-pass softmax over all eight scores" },
  { "weight.i{0..7}", get_weight, "the exact softmax weight of score i" },
};

AB_VALUE_FAMILY (ab_flash_values_online, "online", online_values);

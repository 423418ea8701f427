/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rolling-kv.c — rolling-buffer KV cache and sliding-window reach
 * (see rolling-kv.h) */
#include "rolling-kv.h"

#include <stdlib.h>
#include <string.h>

#include "attn-error.h"

AbAttnStatus
ab_rolling_kv_init (AbRollingKv *b, int window, int heads, int d, AbAttnError *err)
{
  if (!b || window < 1 || heads < 1 || d < 1)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID,
                              "a rolling buffer needs window, heads and d ≥ 1");
  memset (b, 0, sizeof *b);
  size_t n = (size_t) heads * window * d;
  b->window = window;
  b->heads = heads;
  b->d = d;
  b->k = malloc (n * sizeof (float));
  b->v = malloc (n * sizeof (float));
  b->k_ordered = malloc (n * sizeof (float));
  b->v_ordered = malloc (n * sizeof (float));
  if (!b->k || !b->v || !b->k_ordered || !b->v_ordered)
    {
      ab_rolling_kv_clear (b);
      return ab_attn_error_set (err, AB_ATTN_E_NOMEM, "out of memory for a %d-slot buffer",
                                window);
    }
  return AB_ATTN_OK;
}

void
ab_rolling_kv_clear (AbRollingKv *b)
{
  if (!b)
    return;
  free (b->k), free (b->v), free (b->k_ordered), free (b->v_ordered);
  memset (b, 0, sizeof *b);
}

AbAttnStatus
ab_rolling_kv_append (AbRollingKv *b, const float *k, const float *v, AbAttnError *err)
{
  if (!b || !b->k || !k || !v)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "NULL buffer, K or V");
  if (b->n_seen == 0x7fffffff)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "position overflows an int");
  const int slot = b->n_seen % b->window;
  for (int h = 0; h < b->heads; h++)
    {
      size_t at = ((size_t) h * b->window + slot) * b->d;
      memcpy (b->k + at, k + (size_t) h * b->d, sizeof (float) * b->d);
      memcpy (b->v + at, v + (size_t) h * b->d, sizeof (float) * b->d);
    }
  b->n_seen++;
  return AB_ATTN_OK;
}

int
ab_rolling_kv_len (const AbRollingKv *b)
{
  return !b ? 0 : b->n_seen < b->window ? b->n_seen : b->window;
}

int
ab_rolling_kv_slot (const AbRollingKv *b, int pos)
{
  if (!b || pos < 0 || pos >= b->n_seen || pos < b->n_seen - b->window)
    return -1;
  return pos % b->window;
}

uint64_t
ab_rolling_kv_bytes (const AbRollingKv *b)
{
  return b ? 2 * (uint64_t) b->heads * b->window * b->d * sizeof (float) : 0;
}

AbAttnStatus
ab_rolling_kv_attend (AbRollingKv *b, AbAttnAlgo algo, const float *q, float *o,
                      float *lse, AbAttnError *err)
{
  if (!b || !b->k || !q || !o)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "NULL buffer, Q or O");
  const int n = ab_rolling_kv_len (b);
  if (n == 0)
    return ab_attn_error_set (err, AB_ATTN_E_INVALID, "the buffer is empty");
  /* Oldest live position first: slots first … window−1, then 0 … first−1. */
  const int first = (b->n_seen - n) % b->window;
  for (int h = 0; h < b->heads; h++)
    {
      const size_t src = (size_t) h * b->window * b->d, dst = (size_t) h * n * b->d;
      for (int r = 0; r < n; r++)
        {
          int slot = (first + r) % b->window;
          memcpy (b->k_ordered + dst + (size_t) r * b->d, b->k + src + (size_t) slot * b->d,
                  sizeof (float) * b->d);
          memcpy (b->v_ordered + dst + (size_t) r * b->d, b->v + src + (size_t) slot * b->d,
                  sizeof (float) * b->d);
        }
    }
  /* Every cached key is inside the window: no mask is left to apply. */
  AbAttnShape shape = { 1, n, b->d, 0, 0, 0 };
  AbAttnOptions opts = { .threads = 1 };
  return ab_attention_run (algo, &shape, b->heads, q, b->k_ordered, b->v_ordered, o, lse,
                           &opts, NULL, err);
}

int64_t
ab_sliding_reach (int layers, int window)
{
  if (layers < 0 || window < 1)
    return -1;
  return (int64_t) layers * (window - 1);
}

int64_t
ab_sliding_receptive_field_nominal (int layers, int window)
{
  if (layers < 0 || window < 1)
    return -1;
  return (int64_t) layers * window;
}

int
ab_sliding_influence_map (int layers, int keys, int n, int src, unsigned char *map)
{
  if (layers < 0 || keys < 1 || n < 1 || src < 0 || src >= n || !map)
    return -1;
  memset (map, 0, (size_t) (layers + 1) * n);
  map[src] = 1;
  int furthest = src;
  for (int l = 1; l <= layers; l++)
    {
      const unsigned char *prev = map + (size_t) (l - 1) * n;
      unsigned char *cur = map + (size_t) l * n;
      /* position i sees i − keys + 1 … i of the layer below: a running
       * count of marked positions in that band */
      int marked = 0;
      for (int i = 0; i < n; i++)
        {
          marked += prev[i];
          if (i - keys >= 0)
            marked -= prev[i - keys];
          cur[i] = marked > 0;
          if (cur[i] && i > furthest)
            furthest = i;
        }
    }
  return furthest;
}

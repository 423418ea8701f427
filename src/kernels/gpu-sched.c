/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gpu-sched.c — greedy list scheduling of FlashAttention blocks (see gpu-sched.h)
 *
 * An event simulation: a min-heap of SMs keyed by the time of their next
 * block completion. Under processor sharing an SM with r resident blocks
 * advances a virtual clock at 1/r of real time; a block ends when that clock
 * has run its cost past the block's arrival, so each SM's next event is found
 * by a scan of its (few) residents and only the SM that had the event changes.
 */
#include "gpu-sched.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS_PER_SM 64
#define MAX_SIDE (1 << 24)   /* batch, heads, N, tile sizes */

static AbSchedStatus
fail (AbSchedError *err, AbSchedStatus status, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      err->status = status;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

void
ab_sched_config_init (AbSchedConfig *config)
{
  *config = (AbSchedConfig) {
    .algo = AB_SCHED_FA2,
    .n_sms = 108,          /* A100 (FACTS #20, #76) */
    .blocks_per_sm = 1,
    .batch = 1,
    .heads = 32,
    .seq_len = 8192,
    .block_m = 128,        /* FA2 §3.3: block sizes in {64, 128} × {64, 128} */
    .block_n = 128,
    .causal = 0,
    .order = AB_SCHED_LAUNCH_ORDER,
  };
}

static int
n_q_tiles (const AbSchedConfig *c)
{
  return (c->seq_len + c->block_m - 1) / c->block_m;
}

static AbSchedStatus
check_config (const AbSchedConfig *c, AbSchedError *err)
{
  if (c == NULL)
    return fail (err, AB_SCHED_E_INVALID, "no configuration");
  if (c->algo != AB_SCHED_FA1 && c->algo != AB_SCHED_FA2)
    return fail (err, AB_SCHED_E_INVALID, "unknown algorithm %d (FA1 = 1, FA2 = 2)", (int) c->algo);
  if (c->order != AB_SCHED_LAUNCH_ORDER && c->order != AB_SCHED_LONGEST_FIRST)
    return fail (err, AB_SCHED_E_INVALID, "unknown block order %d", (int) c->order);
  if (c->n_sms < 1 || c->n_sms > AB_SCHED_MAX_SMS)
    return fail (err, AB_SCHED_E_INVALID, "n_sms = %d: must be 1 … %d", c->n_sms, AB_SCHED_MAX_SMS);
  if (c->blocks_per_sm < 1 || c->blocks_per_sm > MAX_BLOCKS_PER_SM)
    return fail (err, AB_SCHED_E_INVALID, "blocks_per_sm = %d: must be 1 … %d", c->blocks_per_sm,
                 MAX_BLOCKS_PER_SM);
  if (c->batch < 1 || c->batch > MAX_SIDE || c->heads < 1 || c->heads > MAX_SIDE)
    return fail (err, AB_SCHED_E_INVALID, "batch = %d, heads = %d: each must be 1 … %d", c->batch,
                 c->heads, MAX_SIDE);
  if (c->seq_len < 1 || c->seq_len > MAX_SIDE)
    return fail (err, AB_SCHED_E_INVALID, "seq_len = %d: must be 1 … %d", c->seq_len, MAX_SIDE);
  if (c->block_m < 1 || c->block_m > MAX_SIDE || c->block_n < 1 || c->block_n > MAX_SIDE)
    return fail (err, AB_SCHED_E_INVALID, "tile %d × %d: each side must be 1 … %d", c->block_m,
                 c->block_n, MAX_SIDE);
  return AB_SCHED_OK;
}

long long
ab_sched_count_blocks (const AbSchedConfig *config, AbSchedError *err)
{
  long long n;

  if (check_config (config, err) != AB_SCHED_OK)
    return 0;
  n = (long long) config->batch * config->heads;
  if (config->algo == AB_SCHED_FA2)
    n *= n_q_tiles (config);
  return n;
}

double
ab_sched_q_tile_cost (const AbSchedConfig *c, int q_tile)
{
  int n_kv = (c->seq_len + c->block_n - 1) / c->block_n;
  long long last_row;

  if (q_tile < 0 || q_tile >= n_q_tiles (c))
    return 0;
  if (!c->causal)
    return n_kv;
  /* The last query row of the tile sees keys 0 … last_row. */
  last_row = (long long) (q_tile + 1) * c->block_m - 1;
  if (last_row > c->seq_len - 1)
    last_row = c->seq_len - 1;
  return (double) (last_row / c->block_n + 1);
}

void
ab_sched_result_clear (AbSchedResult *r)
{
  if (r == NULL)
    return;
  free (r->blocks);
  free (r->intervals);
  free (r->sm_first);
  free (r->sm_busy);
  memset (r, 0, sizeof *r);
}

/* ---- The simulation ----------------------------------------------------- */

typedef struct
{
  int    *block;       /* k slots per SM: resident block or −1 */
  double *finish;      /* the slot's finish on its SM's virtual clock */
  int    *resident;    /* per SM */
  double *vclock;      /* per SM: virtual time at t_last */
  double *t_last;      /* per SM */
  int     k;
  /* Heap of SMs by next event (time, then SM id). */
  int    *heap;
  int     heap_n;
  double *key;
} Sim;

static int
key_less (const Sim *s, int a, int b)
{
  return s->key[a] < s->key[b] || (s->key[a] == s->key[b] && a < b);
}

static void
heap_push (Sim *s, int sm)
{
  int i = s->heap_n++;

  s->heap[i] = sm;
  while (i > 0 && key_less (s, s->heap[i], s->heap[(i - 1) / 2]))
    {
      int p = (i - 1) / 2, t = s->heap[p];
      s->heap[p] = s->heap[i];
      s->heap[i] = t;
      i = p;
    }
}

/* Restore the heap order below position 0 after its key changed or grew. */
static void
heap_sift_down (Sim *s)
{
  int i = 0;

  for (;;)
    {
      int l = 2 * i + 1, r = l + 1, m = i, t;
      if (l < s->heap_n && key_less (s, s->heap[l], s->heap[m]))
        m = l;
      if (r < s->heap_n && key_less (s, s->heap[r], s->heap[m]))
        m = r;
      if (m == i)
        break;
      t = s->heap[m];
      s->heap[m] = s->heap[i];
      s->heap[i] = t;
      i = m;
    }
}

static int
heap_pop (Sim *s)
{
  int top = s->heap[0];

  s->heap[0] = s->heap[--s->heap_n];
  heap_sift_down (s);
  return top;
}

/* The slot of @sm that finishes first (lowest block index on ties), or −1. */
static int
first_slot (const Sim *s, int sm)
{
  int best = -1;

  for (int j = sm * s->k; j < (sm + 1) * s->k; j++)
    if (s->block[j] >= 0 &&
        (best < 0 || s->finish[j] < s->finish[best] ||
         (s->finish[j] == s->finish[best] && s->block[j] < s->block[best])))
      best = j;
  return best;
}

static void
advance (Sim *s, int sm, double t)
{
  if (s->resident[sm] > 0)
    s->vclock[sm] += (t - s->t_last[sm]) / s->resident[sm];
  s->t_last[sm] = t;
}

/* Re-key @sm by its next completion and put it back in the heap. */
static void
reschedule (Sim *s, int sm)
{
  int j = first_slot (s, sm);

  if (j < 0)
    return;
  s->key[sm] = s->t_last[sm] + (s->finish[j] - s->vclock[sm]) * s->resident[sm];
  if (s->key[sm] < s->t_last[sm])
    s->key[sm] = s->t_last[sm];
  heap_push (s, sm);
}

static void
sim_free (Sim *s)
{
  free (s->block);
  free (s->finish);
  free (s->resident);
  free (s->vclock);
  free (s->t_last);
  free (s->heap);
  free (s->key);
}

/* Where block costs come from: an array, or a configuration's blocks. */
typedef double (*CostFunc) (const void *data, int i);

static double
cost_from_array (const void *data, int i)
{
  return ((const double *) data)[i];
}

static AbSchedStatus
check_sizes (int n, int n_sms, int blocks_per_sm, AbSchedError *err)
{
  if (n < 0)
    return fail (err, AB_SCHED_E_INVALID, "%d blocks", n);
  if (n > AB_SCHED_MAX_BLOCKS)
    return fail (err, AB_SCHED_E_TOO_MANY, "%d thread blocks: the simulator takes at most %d", n,
                 AB_SCHED_MAX_BLOCKS);
  if (n_sms < 1 || n_sms > AB_SCHED_MAX_SMS)
    return fail (err, AB_SCHED_E_INVALID, "n_sms = %d: must be 1 … %d", n_sms, AB_SCHED_MAX_SMS);
  if (blocks_per_sm < 1 || blocks_per_sm > MAX_BLOCKS_PER_SM)
    return fail (err, AB_SCHED_E_INVALID, "blocks_per_sm = %d: must be 1 … %d", blocks_per_sm,
                 MAX_BLOCKS_PER_SM);
  return AB_SCHED_OK;
}

/* Run the schedule of @n blocks. @by_block (n entries) gets each block's
 * interval when not NULL; @sm_work (n_sms entries, zeroed) the work and
 * @sm_blocks the block count of each SM. */
static AbSchedStatus
simulate (int n, CostFunc cost, const void *data, int n_sms, int blocks_per_sm,
          AbSchedInterval *by_block, double *sm_work, int *sm_blocks, double *makespan,
          AbSchedError *err)
{
  Sim s = { .k = blocks_per_sm };
  size_t slots = (size_t) n_sms * blocks_per_sm;
  int next = 0;

  s.block = malloc (slots * sizeof *s.block);
  s.finish = calloc (slots, sizeof *s.finish);
  s.resident = calloc ((size_t) n_sms, sizeof *s.resident);
  s.vclock = calloc ((size_t) n_sms, sizeof *s.vclock);
  s.t_last = calloc ((size_t) n_sms, sizeof *s.t_last);
  s.heap = malloc ((size_t) n_sms * sizeof *s.heap);
  s.key = calloc ((size_t) n_sms, sizeof *s.key);
  if (!s.block || !s.finish || !s.resident || !s.vclock || !s.t_last || !s.heap || !s.key)
    {
      sim_free (&s);
      return fail (err, AB_SCHED_E_NOMEM, "out of memory scheduling %d blocks", n);
    }
  for (size_t j = 0; j < slots; j++)
    s.block[j] = -1;
  *makespan = 0;

#define START(sm_, block_, cost_, t_)                                         \
  do {                                                                        \
    sm_work[sm_] += (cost_);                                                  \
    sm_blocks[sm_]++;                                                         \
    if (by_block)                                                             \
      by_block[block_] = (AbSchedInterval) { .block = (block_), .sm = (sm_),  \
                                             .start = (t_), .end = (t_) };    \
  } while (0)
#define END(block_, t_)                                                       \
  do {                                                                        \
    if (by_block)                                                             \
      by_block[block_].end = (t_);                                            \
    if ((t_) > *makespan)                                                     \
      *makespan = (t_);                                                       \
  } while (0)

  /* Breadth-first initial deal: one block per SM, then a second per SM … */
  for (; next < n && (size_t) next < slots; next++)
    {
      int sm = next % n_sms;
      double c = cost (data, next);
      int j = sm * s.k;

      while (s.block[j] >= 0)
        j++;
      s.block[j] = next;
      s.finish[j] = c;
      s.resident[sm]++;
      START (sm, next, c, 0.0);
    }
  for (int sm = 0; sm < n_sms; sm++)
    reschedule (&s, sm);

  /* One slot per SM (the common case): the SM that frees first takes the
   * next block at once, so the heap's top is re-keyed in place. */
  while (blocks_per_sm == 1 && next < n)
    {
      int sm = s.heap[0];
      double t = s.key[sm], c = cost (data, next);

      END (s.block[sm], t);
      s.block[sm] = next;
      START (sm, next, c, t);
      s.key[sm] = t + c;
      s.t_last[sm] = t;
      s.vclock[sm] = 0;
      s.finish[sm] = c;
      next++;
      heap_sift_down (&s);
    }

  while (s.heap_n > 0)
    {
      int sm = heap_pop (&s);
      double t = s.key[sm];
      int j;

      advance (&s, sm, t);
      j = first_slot (&s, sm);
      END (s.block[j], t);
      s.block[j] = -1;
      s.resident[sm]--;
      if (next < n)
        {
          double c = cost (data, next);
          j = sm * s.k;
          while (s.block[j] >= 0)
            j++;
          s.block[j] = next;
          s.finish[j] = s.vclock[sm] + c;
          s.resident[sm]++;
          START (sm, next, c, t);
          next++;
        }
      reschedule (&s, sm);
    }
#undef START
#undef END
  sim_free (&s);
  return AB_SCHED_OK;
}

AbSchedStatus
ab_sched_list (const double *costs, int n, int n_sms, int blocks_per_sm, AbSchedResult *out,
               AbSchedError *err)
{
  AbSchedInterval *by_block;
  AbSchedStatus status;
  int *fill;

  if (out == NULL)
    return fail (err, AB_SCHED_E_INVALID, "no result to fill");
  memset (out, 0, sizeof *out);
  if ((status = check_sizes (n, n_sms, blocks_per_sm, err)) != AB_SCHED_OK)
    return status;
  if (n > 0 && costs == NULL)
    return fail (err, AB_SCHED_E_INVALID, "%d blocks with no costs", n);
  for (int i = 0; i < n; i++)
    if (!(costs[i] >= 0) || isinf (costs[i]))
      return fail (err, AB_SCHED_E_INVALID, "block %d has cost %g: costs must be finite and ≥ 0", i,
                   costs[i]);

  by_block = malloc ((size_t) (n > 0 ? n : 1) * sizeof *by_block);
  fill = calloc ((size_t) n_sms, sizeof *fill);
  out->intervals = malloc ((size_t) (n > 0 ? n : 1) * sizeof *out->intervals);
  out->sm_first = calloc ((size_t) n_sms + 1, sizeof *out->sm_first);
  out->sm_busy = calloc ((size_t) n_sms, sizeof *out->sm_busy);
  if (!by_block || !fill || !out->intervals || !out->sm_first || !out->sm_busy)
    status = fail (err, AB_SCHED_E_NOMEM, "out of memory scheduling %d blocks", n);
  else
    status = simulate (n, cost_from_array, costs, n_sms, blocks_per_sm, by_block, out->sm_busy,
                       out->sm_first + 1, &out->makespan, err);
  if (status != AB_SCHED_OK)
    {
      free (by_block);
      free (fill);
      ab_sched_result_clear (out);
      return status;
    }

  /* Group by SM; launch order is start order within an SM. */
  for (int sm = 0; sm < n_sms; sm++)
    {
      out->sms_used += out->sm_first[sm + 1] > 0;
      out->sm_first[sm + 1] += out->sm_first[sm];
      out->total_work += out->sm_busy[sm];
    }
  for (int i = 0; i < n; i++)
    {
      int sm = by_block[i].sm;
      out->intervals[out->sm_first[sm] + fill[sm]++] = by_block[i];
    }
  free (fill);
  free (by_block);
  out->n_blocks = n;
  out->n_sms = n_sms;
  out->waves = (int) ((n + (size_t) n_sms * blocks_per_sm - 1) / ((size_t) n_sms * blocks_per_sm));
  out->utilisation = out->makespan > 0 ? out->total_work / ((double) n_sms * out->makespan) : 0.0;
  if (err)
    {
      err->status = AB_SCHED_OK;
      err->message[0] = '\0';
    }
  return AB_SCHED_OK;
}

/* Stable order by decreasing cost. */
typedef struct { double cost; int index; } Ranked;

static int
ranked_cmp (const void *a, const void *b)
{
  const Ranked *x = a, *y = b;

  if (x->cost != y->cost)
    return x->cost > y->cost ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

AbSchedStatus
ab_sched_run (const AbSchedConfig *config, AbSchedResult *out, AbSchedError *err)
{
  AbSchedBlock *blocks;
  double *costs;
  long long count;
  int n, n_tiles, i = 0;
  AbSchedStatus status;

  if (out == NULL)
    return fail (err, AB_SCHED_E_INVALID, "no result to fill");
  memset (out, 0, sizeof *out);
  if ((status = check_config (config, err)) != AB_SCHED_OK)
    return status;
  count = ab_sched_count_blocks (config, err);
  if (count > AB_SCHED_MAX_BLOCKS)
    return fail (err, AB_SCHED_E_TOO_MANY,
                 "%lld thread blocks (batch %d × %d heads%s): the simulator takes at most %d", count,
                 config->batch, config->heads, config->algo == AB_SCHED_FA2 ? " × Q tiles" : "",
                 AB_SCHED_MAX_BLOCKS);
  n = (int) count;
  n_tiles = n_q_tiles (config);
  blocks = malloc ((size_t) n * sizeof *blocks);
  costs = malloc ((size_t) n * sizeof *costs);
  if (blocks == NULL || costs == NULL)
    {
      free (blocks);
      free (costs);
      return fail (err, AB_SCHED_E_NOMEM, "out of memory for %d blocks", n);
    }

  /* Launch order: FA1 grid (batch, heads), FA2 grid (Q tiles, batch, heads),
   * blockIdx.x fastest. */
  if (config->algo == AB_SCHED_FA1)
    {
      double head_cost = 0;
      for (int q = 0; q < n_tiles; q++)
        head_cost += ab_sched_q_tile_cost (config, q);
      for (int h = 0; h < config->heads; h++)
        for (int b = 0; b < config->batch; b++, i++)
          blocks[i] = (AbSchedBlock) { .batch = b, .head = h, .q_tile = -1, .cost = head_cost };
    }
  else
    for (int h = 0; h < config->heads; h++)
      for (int b = 0; b < config->batch; b++)
        for (int q = 0; q < n_tiles; q++, i++)
          blocks[i] = (AbSchedBlock) { .batch = b, .head = h, .q_tile = q,
                                       .cost = ab_sched_q_tile_cost (config, q) };

  if (config->order == AB_SCHED_LONGEST_FIRST)
    {
      Ranked *rank = malloc ((size_t) n * sizeof *rank);
      AbSchedBlock *sorted = malloc ((size_t) n * sizeof *sorted);
      if (rank == NULL || sorted == NULL)
        {
          free (rank);
          free (sorted);
          free (blocks);
          free (costs);
          return fail (err, AB_SCHED_E_NOMEM, "out of memory for %d blocks", n);
        }
      for (int j = 0; j < n; j++)
        rank[j] = (Ranked) { blocks[j].cost, j };
      qsort (rank, (size_t) n, sizeof *rank, ranked_cmp);
      for (int j = 0; j < n; j++)
        sorted[j] = blocks[rank[j].index];
      free (rank);
      free (blocks);
      blocks = sorted;
    }
  for (int j = 0; j < n; j++)
    costs[j] = blocks[j].cost;

  status = ab_sched_list (costs, n, config->n_sms, config->blocks_per_sm, out, err);
  free (costs);
  if (status != AB_SCHED_OK)
    {
      free (blocks);
      return status;
    }
  out->blocks = blocks;
  return AB_SCHED_OK;
}

/* The cost of block @i of a configuration, in the order it is issued. The
 * schedule depends on nothing else, so a summary needs no block table:
 * longest first issues every block of the dearest Q tile, then the next. */
typedef struct
{
  const AbSchedConfig *config;
  int                  n_tiles;
  int                  per_tile;    /* blocks sharing one Q tile: batch × heads */
  double               head_cost;   /* FA1 */
} CostGen;

static double
cost_from_config (const void *data, int i)
{
  const CostGen *g = data;

  if (g->config->algo == AB_SCHED_FA1)
    return g->head_cost;
  if (g->config->order == AB_SCHED_LONGEST_FIRST)
    return ab_sched_q_tile_cost (g->config, g->n_tiles - 1 - i / g->per_tile);
  return ab_sched_q_tile_cost (g->config, i % g->n_tiles);
}

AbSchedStatus
ab_sched_summary (const AbSchedConfig *config, AbSchedSummary *out, AbSchedError *err)
{
  CostGen gen = { .config = config };
  AbSchedStatus status;
  double *work;
  int *count;
  long long n;

  if (out == NULL)
    return fail (err, AB_SCHED_E_INVALID, "no summary to fill");
  memset (out, 0, sizeof *out);
  if ((status = check_config (config, err)) != AB_SCHED_OK)
    return status;
  n = ab_sched_count_blocks (config, err);
  if (n > AB_SCHED_MAX_BLOCKS)
    return fail (err, AB_SCHED_E_TOO_MANY,
                 "%lld thread blocks (batch %d × %d heads%s): the simulator takes at most %d", n,
                 config->batch, config->heads, config->algo == AB_SCHED_FA2 ? " × Q tiles" : "",
                 AB_SCHED_MAX_BLOCKS);
  gen.n_tiles = n_q_tiles (config);
  gen.per_tile = config->batch * config->heads;
  for (int q = 0; config->algo == AB_SCHED_FA1 && q < gen.n_tiles; q++)
    gen.head_cost += ab_sched_q_tile_cost (config, q);

  work = calloc ((size_t) config->n_sms, sizeof *work);
  count = calloc ((size_t) config->n_sms, sizeof *count);
  if (work == NULL || count == NULL)
    status = fail (err, AB_SCHED_E_NOMEM, "out of memory for %d SMs", config->n_sms);
  else
    status = simulate ((int) n, cost_from_config, &gen, config->n_sms, config->blocks_per_sm, NULL, work,
                       count, &out->makespan, err);
  if (status == AB_SCHED_OK)
    {
      long long slots = (long long) config->n_sms * config->blocks_per_sm;
      out->n_blocks = (int) n;
      for (int sm = 0; sm < config->n_sms; sm++)
        {
          out->total_work += work[sm];
          out->sms_used += count[sm] > 0;
        }
      out->waves = (int) ((n + slots - 1) / slots);
      out->utilisation = out->makespan > 0 ? out->total_work / (config->n_sms * out->makespan) : 0.0;
      if (err)
        {
          err->status = AB_SCHED_OK;
          err->message[0] = '\0';
        }
    }
  else
    memset (out, 0, sizeof *out);
  free (work);
  free (count);
  return status;
}

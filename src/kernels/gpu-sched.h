/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gpu-sched.h — FlashAttention thread blocks scheduled onto a GPU's SMs
 *
 * FlashAttention-1 launches one thread block per (batch, head); the block
 * walks every tile of its head. FlashAttention-2 additionally splits each
 * head along the sequence: one block per (batch, head, Q tile), so a long
 * sequence with a small batch still fills the GPU (Dao, FlashAttention-2,
 * arXiv:2307.08691, §3.2; FACTS #34: batch 1 × 32 heads on an A100's 108 SMs
 * leaves ~70 % of them idle under FA1).
 *
 * Cost model. A block's cost is the number of Q-tile × K/V-tile products it
 * computes, one time unit each. Tiles are counted whole: a ragged last tile,
 * or a tile on the causal diagonal, costs a full unit, because the tensor
 * cores compute the whole tile and the mask is applied to it afterwards
 * (FA2 §3.1.1: blocks entirely above the diagonal are skipped, the diagonal
 * blocks are computed and masked). Causal: Q tile i of rows [i·Bm, e) touches
 * K/V tiles 0 … ⌊(e − 1)/Bn⌋. FA1's extra O rescaling traffic and FA2's fewer
 * non-matmul FLOPs are left out on purpose, so the comparison isolates
 * parallelism.
 *
 * Schedule. Greedy list scheduling, which is what the hardware block
 * scheduler does to first order (NVIDIA documents no order; this is the
 * usual model): blocks are taken in launch order — the linear block index,
 * blockIdx.x fastest — and the first blocks_per_sm × n_sms are dealt
 * breadth-first (block i to SM i mod n_sms); after that each block goes to
 * the SM whose slot frees first (ties: lowest SM id). Launch order follows
 * the kernels' grids: FA1 grid (batch, heads), FA2 grid (Q tiles, batch,
 * heads) (flash-attention csrc/flash_attn/src/flash_fwd_launch_template.h,
 * `dim3 grid(num_m_block, params.b, params.h)`), so FA2's Q tiles of one head
 * are consecutive, cheapest first under a causal mask.
 * AB_SCHED_LONGEST_FIRST instead orders blocks by decreasing cost (stable):
 * FlashAttention-3's causal scheduler does this ("longest-processing-time-
 * first", hopper/tile_scheduler.hpp, DynamicPersistentTileScheduler). The
 * FA2 paper describes no such order; it is offered for comparison only.
 *
 * Occupancy. With blocks_per_sm = k > 1 an SM holds up to k blocks, which
 * share it equally (processor sharing: r resident blocks each run at 1/r;
 * a lone block runs at full speed), so an SM's busy time is exactly the work
 * it was given.
 *
 * Outputs: every block's interval (SM, start, end), grouped by SM in start
 * order; per-SM busy time; makespan; utilisation = total work /
 * (n_sms × makespan); waves = ⌈blocks / (n_sms × k)⌉.
 *
 * Pure C11, no GLib. Errors are returned, never aborted on.
 */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest number of thread blocks a simulation accepts. FA2 at batch
 * 64 × 64 heads × N = 32k in 128-row Q tiles is 1,048,576 blocks; the cap
 * leaves room above that while bounding memory (about 48 B per block). */
#define AB_SCHED_MAX_BLOCKS (4 * 1024 * 1024)
#define AB_SCHED_MAX_SMS    4096

typedef enum
{
  AB_SCHED_OK = 0,
  AB_SCHED_E_INVALID,    /* a size or parameter out of range */
  AB_SCHED_E_TOO_MANY,   /* more than AB_SCHED_MAX_BLOCKS blocks */
  AB_SCHED_E_NOMEM,      /* an allocation failed */
} AbSchedStatus;

typedef struct
{
  AbSchedStatus status;
  char          message[256];
} AbSchedError;

typedef enum
{
  AB_SCHED_FA1 = 1,   /* one block per (batch, head) */
  AB_SCHED_FA2 = 2,   /* one block per (batch, head, Q tile) */
} AbSchedAlgo;

typedef enum
{
  AB_SCHED_LAUNCH_ORDER = 0,   /* linear block index (the grids above) */
  AB_SCHED_LONGEST_FIRST,      /* decreasing cost, stable (FA3's causal scheduler) */
} AbSchedOrder;

typedef struct
{
  AbSchedAlgo  algo;
  int          n_sms;           /* A100 108, H100 SXM 132, H200 132 (FACTS #20, #21, #23) */
  int          blocks_per_sm;   /* resident blocks per SM (occupancy); 1 by default */
  int          batch;
  int          heads;
  int          seq_len;         /* N, queries = keys (self-attention) */
  int          block_m;         /* Q tile rows Bm */
  int          block_n;         /* K/V tile rows Bn */
  int          causal;
  AbSchedOrder order;
} AbSchedConfig;

/* One thread block. */
typedef struct
{
  int    batch, head;
  int    q_tile;   /* FA2: its Q tile; FA1: −1 (all of them) */
  double cost;     /* tile products */
} AbSchedBlock;

/* Where and when one block ran. */
typedef struct
{
  int    block;    /* index into AbSchedResult.blocks */
  int    sm;
  double start, end;
} AbSchedInterval;

typedef struct
{
  int              n_blocks;
  AbSchedBlock    *blocks;        /* n_blocks, in issue order (NULL from ab_sched_list) */
  AbSchedInterval *intervals;     /* n_blocks, grouped by SM, each SM's in start order */
  int              n_sms;
  int             *sm_first;      /* n_sms + 1: SM s owns intervals[sm_first[s] … sm_first[s+1]) */
  double          *sm_busy;       /* n_sms: time each SM had a block resident */
  double           total_work;    /* sum of block costs */
  double           makespan;      /* when the last block ends */
  double           utilisation;   /* total_work / (n_sms × makespan); 0 when nothing ran */
  int              waves;         /* ⌈n_blocks / (n_sms × blocks_per_sm)⌉ */
  int              sms_used;      /* SMs that ran at least one block */
} AbSchedResult;

/* The numbers of a schedule without its intervals (no per-block memory). */
typedef struct
{
  int    n_blocks;
  double total_work, makespan, utilisation;
  int    waves, sms_used;
} AbSchedSummary;

/* Defaults: FA2 on an A100 (108 SMs), one block per SM, batch 1, 32 heads,
 * N = 8192, 128 × 128 tiles (FA2 §3.3 tunes block sizes among
 * {64, 128} × {64, 128}), not causal, launch order. */
void          ab_sched_config_init   (AbSchedConfig *config);

/* Thread blocks the configuration launches (0 and @err set on bad input);
 * may exceed AB_SCHED_MAX_BLOCKS, so a caller can check before running. */
long long     ab_sched_count_blocks  (const AbSchedConfig *config, AbSchedError *err);

/* Tile products of Q tile @q_tile (rows [q_tile·Bm, …)) under @config. */
double        ab_sched_q_tile_cost   (const AbSchedConfig *config, int q_tile);

/* Build the blocks of @config and schedule them. On success @out owns its
 * arrays (ab_sched_result_clear); on failure it is left empty. */
AbSchedStatus ab_sched_run           (const AbSchedConfig *config, AbSchedResult *out,
                                      AbSchedError *err);

/* The same schedule as ab_sched_run, summarised: memory is per SM only,
 * so sweeps over batch sizes stay cheap. */
AbSchedStatus ab_sched_summary       (const AbSchedConfig *config, AbSchedSummary *out,
                                      AbSchedError *err);

/* The scheduler alone: @n blocks of the given costs (≥ 0), in this order,
 * on @n_sms SMs with @blocks_per_sm slots each. */
AbSchedStatus ab_sched_list          (const double *costs, int n, int n_sms, int blocks_per_sm,
                                      AbSchedResult *out, AbSchedError *err);

void          ab_sched_result_clear  (AbSchedResult *result);

#ifdef __cplusplus
}
#endif

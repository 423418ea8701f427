/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fa3-pipeline.h — one H100 SM running a FlashAttention forward thread block,
 * as a discrete-event model, in three schedules
 *
 * FlashAttention-3 (Shah et al., arXiv:2407.08608) keeps the tensor cores
 * busy on Hopper in three steps, which this model reproduces on one SM:
 *
 *   AB_FA3_SYNC      FA2-style: the warps load the next K/V tile, wait for
 *                    it, then each consumer warpgroup runs GEMM0 (S = QKᵀ),
 *                    the softmax and GEMM1 (O += PV); the next load starts
 *                    only when every warpgroup is done with the tile.
 *   AB_FA3_ASYNC     warp-specialised (FA3 §3.1, Algorithm 1): a producer
 *                    warpgroup issues TMA loads into a ring of shared-memory
 *                    stages while the consumers compute, so loads overlap
 *                    compute. The consumers are not coordinated: their
 *                    GEMMs meet on the tensor cores and their softmaxes on
 *                    the exp units at the same moments.
 *   AB_FA3_PINGPONG  ping-pong (FA3 §3.1, "Pingpong scheduling"): named
 *                    barriers make warpgroup 1's GEMMs run while warpgroup 2
 *                    does its softmax and vice versa, plus intra-warpgroup
 *                    overlap (FA3 §3.2, Algorithm 2): a warpgroup issues
 *                    GEMM0 of tile j, then GEMM1 of tile j − 1, and runs the
 *                    softmax of tile j while that GEMM1 is on the tensor
 *                    cores.
 *
 * Work. @n_consumers warpgroups each own @block_m rows of Q and walk the
 * same @n_tiles K/V tiles of @block_n rows; per tile a warpgroup runs GEMM0,
 * SOFTMAX and GEMM1, and the producer loads K_j and V_j (two TMA ops, each
 * into its own ring of @stages shared-memory buffers: a K buffer is free
 * once GEMM0 has read it, a V buffer after GEMM1). All three schedules do
 * exactly this work; only its order and overlap differ.
 *
 * Resources (one SM). The tensor cores: a warpgroup is four contiguous
 * warps (FA3; FACTS #37) that issue WGMMA together; we take them to sit one per SM
 * sub-partition, so each warpgroup's GEMM uses all four tensor cores and
 * they are shared by every warpgroup of the SM. The exp units (MUFU) are
 * shared likewise: FA3 §3.1 quotes the exponential's throughput for the
 * whole GPU (3.9 TFLOPS), and a warpgroup's softmax, spread over the four
 * sub-partitions, can use all of them. Ops that meet on one of these two
 * resources share it equally (processor sharing: k concurrent ops each run
 * at 1/k speed), which is what fine-grained interleaving by the warp
 * schedulers amounts to; ping-pong's barriers are what keep them apart.
 * TMA: the SM's share of HBM bandwidth serves one load at a time, in the
 * producer's issue order (K_0, V_0, K_1, …).
 *
 * Costs (AbFa3Hardware, H100 SXM5 defaults, sources beside each field):
 *   GEMM0 = GEMM1 = 2·Bm·Bn·d FLOPs ÷ (dense BF16 tensor FLOP/s ÷ SMs)
 *   SOFTMAX       = Bm·Bn exponentials ÷ (exp/s ÷ SMs)
 *   TMA (K + V)   = 2·Bn·d·2 bytes ÷ (HBM B/s ÷ SMs) ÷ kv_reuse, half each
 * The softmax counts only its exponentials, the bottleneck FA3 §3.1 names;
 * its max/sum FMAs (3 per score at 67 TFLOPS FP32, ≈ 48 ns for a 64 × 128
 * tile) and the O rescale are left out. kv_reuse: every K/V tile of a head
 * is read by all N / (consumers·Bm) thread blocks of that head; after the
 * first they hit L2 (FA3's scheduler sizes its head sections so that K and
 * V stay in L2: hopper/tile_scheduler.hpp), so a block's load costs 1/reuse
 * of the tile's bytes from HBM. L2 bandwidth is not modelled (no cited
 * figure). Without the reuse (kv_reuse = 1), hdim-128 blocks would wait on
 * HBM: 2582 ns per 64 KiB tile against 1119 ns of tensor-core work, a cap
 * of ≈ 429 TFLOPS, below the 661 TFLOPS FA3 measures at hdim 128 (FACTS #45)
 * — so most K/V traffic must come from L2.
 *
 * What the model finds at these costs: ping-pong ≤ async ≤ sync for d = 64,
 * 128 and 256 once the sequence has 4 tiles or more; with 2 tiles at
 * d = 256 the barely-reused loads dominate and ping-pong, whose GEMM1_j
 * waits behind GEMM0_{j+1}, is ~5 % slower than async.
 *
 * Outputs: every op's interval (warpgroup, kind, tile, start, end); the
 * slices in which each resource served each op at a constant share; the
 * makespan; tensor-core utilisation = GEMM work ÷ makespan.
 *
 * Pure C11, no GLib. Errors are returned, never aborted on.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define AB_FA3_MAX_TILES      256
#define AB_FA3_MAX_CONSUMERS  4
#define AB_FA3_MAX_STAGES     8

typedef enum
{
  AB_FA3_OK = 0,
  AB_FA3_E_INVALID,   /* a size or cost out of range */
  AB_FA3_E_NOMEM,
} AbFa3Status;

typedef struct
{
  AbFa3Status status;
  char        message[256];
} AbFa3Error;

typedef enum
{
  AB_FA3_SYNC = 0,
  AB_FA3_ASYNC,
  AB_FA3_PINGPONG,
  AB_FA3_N_SCHEDULES
} AbFa3Schedule;

typedef enum
{
  AB_FA3_TMA_K = 0,   /* K_j into a shared-memory stage (TMA) */
  AB_FA3_TMA_V,       /* V_j likewise */
  AB_FA3_GEMM0,       /* S = Q K_jᵀ on the tensor cores */
  AB_FA3_SOFTMAX,     /* exp etc. on the multi-function units */
  AB_FA3_GEMM1,       /* O += P V_j on the tensor cores */
  AB_FA3_N_KINDS
} AbFa3OpKind;

typedef enum
{
  AB_FA3_RES_TMA = 0,
  AB_FA3_RES_TENSOR,
  AB_FA3_RES_EXP,
  AB_FA3_N_RESOURCES
} AbFa3Resource;

/* The GPU figures the default costs come from. */
typedef struct
{
  const char *name;
  int         sms;
  double      tensor_tflops;   /* dense BF16/FP16 matmul, whole GPU */
  double      exp_tflops;      /* exponentials per second ÷ 10¹², whole GPU */
  double      hbm_tbs;         /* decimal TB/s */
  int         elem_bytes;      /* K and V elements */
} AbFa3Hardware;

typedef struct
{
  int    head_dim;      /* d */
  int    block_m;       /* Q rows per consumer warpgroup */
  int    block_n;       /* rows of a K/V tile */
  int    n_consumers;   /* consumer warpgroups */
  int    n_tiles;       /* K/V tiles walked (N / block_n) */
  int    stages;        /* shared-memory stages of the K/V ring (async schedules) */
  double kv_reuse;      /* thread blocks sharing each K/V tile through L2 */
  /* Op costs in ns at full speed of their resource. */
  double gemm0_ns, softmax_ns, gemm1_ns;
  double load_ns;       /* K_j and V_j together (each load is half) */
} AbFa3Config;

/* One op: when its resource first served it and when it finished. */
typedef struct
{
  int         warpgroup;   /* 0 = producer / loads; 1 … n_consumers */
  AbFa3OpKind kind;
  int         tile;
  double      start, end;
  double      work;        /* ns at full speed */
} AbFa3Interval;

/* A stretch of time in which @resource served op @op at a constant share. */
typedef struct
{
  int           op;        /* index into AbFa3Timeline.ops */
  AbFa3Resource resource;
  double        start, end;
  double        share;     /* 1/k with k ops on the resource */
} AbFa3Slice;

typedef struct
{
  AbFa3Schedule  schedule;
  int            n_ops;
  AbFa3Interval *ops;          /* loads, then each consumer's ops by tile */
  int            n_slices;
  AbFa3Slice    *slices;       /* in time order */
  double         makespan;
  double         tensor_work;  /* GEMM ns at full speed */
  double         tensor_util;  /* tensor_work / makespan */
} AbFa3Timeline;

/* H100 SXM5: the figures FA3 §3.1 and the datasheet give (see the .c). */
const AbFa3Hardware *ab_fa3_hardware_h100 (void);

/* A configuration for @head_dim and @n_tiles with FA3's hdim-128 shape
 * (two consumer warpgroups of 64 Q rows, 128-row K/V tiles, two stages),
 * kv_reuse = N / (2·64) and costs from @hw (NULL: H100). */
void        ab_fa3_config_default (AbFa3Config *config, int head_dim, int n_tiles,
                                   const AbFa3Hardware *hw);
/* Recompute the four costs of @config from @hw and its sizes. */
void        ab_fa3_config_costs   (AbFa3Config *config, const AbFa3Hardware *hw);

/* Simulate @schedule. On success @out owns its arrays (ab_fa3_timeline_clear). */
AbFa3Status ab_fa3_simulate       (const AbFa3Config *config, AbFa3Schedule schedule,
                                   AbFa3Timeline *out, AbFa3Error *err);
void        ab_fa3_timeline_clear (AbFa3Timeline *timeline);

/* The resource an op kind runs on. */
AbFa3Resource ab_fa3_kind_resource (AbFa3OpKind kind);

#ifdef __cplusplus
}
#endif

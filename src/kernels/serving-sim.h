/* SPDX-License-Identifier: GPL-3.0-or-later */
/* serving-sim.h — one seeded workload served twice: a contiguous
 * allocator that reserves max_seq_len per sequence, and the paged pool
 *
 * The vLLM paper (Kwon et al., arXiv:2309.06180, §3) blames the memory
 * waste of earlier servers on reserving a contiguous max_seq_len chunk per
 * request: the unused tail of each chunk is internal fragmentation, gaps
 * between chunks too small for another are external fragmentation, and
 * parallel samples cannot share their prompt. This simulator feeds the
 * same requests to both schemes, step by step, over the same KV memory
 * (pool_tokens token slots):
 *
 *   naive  first-fit contiguous reservations of max_seq_len slots, one per
 *          sample (prompt copied into each); decode never runs out.
 *   paged  ab_paged_* blocks of block_size: the prompt is written once and
 *          forked into n_samples sequences (copy-on-write when they
 *          diverge); blocks are taken as tokens arrive.
 *
 * Both schedule at the iteration level (continuous batching, Yu et al.,
 * Orca, OSDI 2022): each step first admits waiting requests in arrival
 * order (stopping at the first that does not fit; a request admitted in a
 * step has its prompt written — the prefill), then appends one token to
 * every sample of every running request (decode), then retires requests
 * that have produced output_len tokens. A new request waits at most
 * max_wait steps before it is rejected. When the paged pool cannot take a
 * decode token, the most recently admitted request is preempted (vLLM's
 * policy, §4.5): its blocks are freed and it goes back to the head of the
 * queue to be recomputed from its prompt (its generated tokens are
 * discarded; preempted requests are never rejected).
 *
 * Admission. naive: n_samples holes of max_seq_len slots. paged:
 * ⌈prompt / block_size⌉ blocks plus one per sample for the first decode
 * token. Requests longer than max_seq_len are clipped to it (output first).
 *
 * Workload: arrivals per step ~ Poisson(arrival_rate), prompt and output
 * lengths uniform in their ranges, a fraction p_parallel of requests
 * sampling n_samples outputs; all from ab_rng with @seed, or a scripted
 * list. Every number the metrics report is counted from the allocators'
 * state after the step, never estimated. Pure C11.
 */
#pragma once

#include <stdint.h>

#include "ab-kerror.h"
#include "paged-kv.h"

#define AB_SERVE_MAX_SAMPLES 8

typedef enum { AB_SERVE_NAIVE = 0, AB_SERVE_PAGED, AB_SERVE_N_SYSTEMS } AbServeSystem;

typedef struct
{
  int arrival;       /* step */
  int prompt_len;
  int output_len;
  int n_samples;     /* 1 … AB_SERVE_MAX_SAMPLES */
} AbServeScript;

typedef struct
{
  uint64_t seed;
  int      pool_tokens;      /* KV slots both systems get (rounded down to blocks) */
  int      block_size;       /* paged block (vLLM default 16) */
  int      max_seq_len;      /* naive reservation per sequence */
  double   arrival_rate;     /* mean new requests per step */
  int      max_arrivals;     /* stop generating after this many (0 = no limit) */
  int      prompt_min, prompt_max;
  int      output_min, output_max;
  double   p_parallel;       /* share of requests that sample several outputs */
  int      n_parallel;       /* how many they sample */
  int      max_wait;         /* steps a new request may wait before rejection */
  int      max_running;      /* concurrent requests per system, 0 = no limit */
  const AbServeScript *script;   /* if n_script > 0: these requests instead */
  int      n_script;
} AbServeConfig;

typedef enum
{
  AB_SERVE_NOT_ARRIVED = 0,
  AB_SERVE_WAITING,
  AB_SERVE_RUNNING,
  AB_SERVE_FINISHED,
  AB_SERVE_REJECTED,
} AbServeState;

typedef struct
{
  AbServeState state;
  int generated;          /* tokens produced per sample so far */
  int admitted_step, finished_step;   /* −1 until then */
  int preemptions;
  int seq[AB_SERVE_MAX_SAMPLES];      /* paged: sequence ids (−1 none) */
  int offset[AB_SERVE_MAX_SAMPLES];   /* naive: reservation starts (−1 none) */
} AbServeProgress;

typedef struct
{
  int id, arrival, prompt_len, output_len, n_samples;
  AbServeProgress sys[AB_SERVE_N_SYSTEMS];
} AbServeRequest;

/* One contiguous reservation of the naive system. */
typedef struct
{
  int offset, length;     /* slots [offset, offset + length) */
  int used;               /* prompt + generated tokens written */
  int request, sample;
} AbServeReservation;

typedef struct
{
  int      step;
  int      arrived, admitted, running, waiting, finished, rejected, preempted;
  int      used_slots;        /* K/V token slots holding a token (shared counted once) */
  int      reserved_slots;    /* naive: reservations; paged: blocks in use × block_size */
  int      internal_frag;     /* reserved − used */
  int      external_frag;     /* free slots no new sequence can use (naive: holes
                                 < max_seq_len; paged: 0, any free block fits) */
  int      free_slots;
  int      pool_slots;
  double   utilisation;       /* used / pool */
  uint64_t tokens_generated;  /* decode tokens so far, all samples */
} AbServeMetrics;

typedef struct AbServeSim AbServeSim;

/* Defaults: seed 1, 2048 slots, blocks of 16, max_seq_len 256, 0.5
 * arrivals/step up to 64 requests, prompts 16–96, outputs 16–128, a
 * quarter of requests sampling 3 outputs, max_wait 4, no running cap. */
void        ab_serve_config_default (AbServeConfig *cfg);

AbKStatus   ab_serve_sim_new   (const AbServeConfig *cfg, AbServeSim **out, AbKError *err);
void        ab_serve_sim_free  (AbServeSim *sim);
/* Runs one step for both systems; returns the step just run (0, 1, …) or
 * −1 on an internal error (message in err). */
int         ab_serve_sim_step  (AbServeSim *sim, AbKError *err);
/* Every request that arrived, and nothing left to do for either system. */
int         ab_serve_sim_done  (const AbServeSim *sim);

const AbServeMetrics *ab_serve_sim_metrics (const AbServeSim *sim, AbServeSystem sys);
int                   ab_serve_sim_n_requests (const AbServeSim *sim);
const AbServeRequest *ab_serve_sim_request    (const AbServeSim *sim, int i);
const AbPagedPool    *ab_serve_sim_pool       (const AbServeSim *sim);
int                   ab_serve_sim_n_reservations (const AbServeSim *sim);
/* sorted by offset */
const AbServeReservation *ab_serve_sim_reservation (const AbServeSim *sim, int i);
const AbServeConfig  *ab_serve_sim_config     (const AbServeSim *sim);

/* Runs @n_steps steps (fewer if the workload is done first) and copies each
 * step's metrics into naive[i], paged[i] (either may be NULL); *n_run gets
 * the number of steps run. */
AbKStatus   ab_serve_sim_run   (const AbServeConfig *cfg, int n_steps,
                                AbServeMetrics *naive, AbServeMetrics *paged,
                                int *n_run, AbKError *err);

const char *ab_serve_system_name (AbServeSystem sys);

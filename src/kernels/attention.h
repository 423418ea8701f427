/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attention.h — exact attention kernels for the book (fp32, CPU, OpenBLAS)
 *
 * Four ways to compute the same thing, O = softmax(Q·Kᵀ·scale [+ mask]) · V,
 * for every head h of arrays laid out [H, N, d] (row-major, C order):
 *
 *   ab_attention_naive  materialises the N_q × N_kv score matrix (the
 *                       "standard attention" of FlashAttention's Algorithm 0).
 *   ab_flash_forward    tiled FlashAttention forward with the online softmax,
 *                       in either loop order (FA1: K/V tiles outer; FA2: Q
 *                       tiles outer), with an optional step trace.
 *   ab_ring_attention   Ring Attention: P workers keep a Q shard while K/V
 *                       shards rotate around a ring of threads.
 *   ab_attention_run    dispatches on an AbAttnAlgo (used by the CLI).
 *   ab_flash_backward   the FA2-order backward pass: dQ, dK, dV from the
 *                       saved logsumexp, recomputing P tile by tile.
 *
 * Every kernel also writes the logsumexp of each score row (optional), which
 * is what lets partial results be merged exactly (ring attention, the FA2
 * backward pass).
 *
 * Masks. Query row i sits at position i + (N_kv − N_q): the causal mask is
 * aligned to the bottom-right corner, as in a KV cache where the N_q new
 * queries are the last N_q tokens. Causal allows keys j ≤ pos(i). A window
 * w > 0 additionally allows only keys with pos(i) − j < w (and, without
 * causal, j − pos(i) < w: a symmetric band). A row whose every key is masked
 * gets output 0 and logsumexp −inf, never NaN.
 *
 * Non-finite input. Every entry point (naive, flash FA1/FA2, ring,
 * ab_attention_run on any backend) refuses Q, K or V holding a NaN or ±inf
 * anywhere, masked positions included: it returns AB_ATTN_E_NONFINITE with a
 * message naming the tensor and the first bad flat index ([H, N, d] order),
 * e.g. "K[1234] is nan: inputs must be finite", and writes nothing to O or
 * lse. The check is one pass over the inputs before the O(N²) work. (Finite
 * inputs whose scores overflow fp32 are not detected.)
 *
 * Threads. `threads` (0 = number of online cores) splits heads × Q tiles
 * over POSIX threads. The naive kernel lets OpenBLAS use that many threads
 * for its two big products; the flash kernels set OpenBLAS to one thread
 * (each of our threads calls sgemm on its own tiles). openblas_set_num_threads
 * is process-wide, so don't run these concurrently with other OpenBLAS users
 * that care about its thread count.
 *
 * Errors. Every entry point returns an AbAttnStatus; if `err` is non-NULL it
 * also gets a one-line message (no trailing newline) and, for
 * AB_ATTN_E_BUDGET, the bytes needed and the budget.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  AB_ATTN_OK = 0,
  AB_ATTN_E_INVALID,      /* bad sizes, NULL pointers, bad tile sizes */
  AB_ATTN_E_BUDGET,       /* the call would allocate more than the budget */
  AB_ATTN_E_NOMEM,        /* an allocation failed */
  AB_ATTN_E_THREAD,       /* a worker thread could not be started */
  AB_ATTN_E_UNSUPPORTED,  /* backend not built (e.g. CUDA) */
  AB_ATTN_E_NONFINITE,    /* Q, K or V holds a NaN or an infinity */
} AbAttnStatus;

typedef struct
{
  AbAttnStatus status;
  size_t       bytes_needed;   /* AB_ATTN_E_BUDGET: what the call needs */
  size_t       budget;         /* AB_ATTN_E_BUDGET: the budget in force */
  char         message[256];
} AbAttnError;

typedef enum
{
  AB_ATTN_NAIVE = 0,
  AB_ATTN_FLASH1,
  AB_ATTN_FLASH2,
  AB_ATTN_RING,
} AbAttnAlgo;

/* Where a kernel runs. CUDA kernels are optional (meson -Dcuda=auto|enabled,
 * sources in src/kernels/cuda/) and are used only when the build has them
 * and a GPU is present at run time; see ab_attention_backend_available(). */
typedef enum
{
  AB_BACKEND_CPU = 0,
  AB_BACKEND_CUDA,
} AbAttnBackend;

typedef enum
{
  AB_FLASH_FA1 = 1,   /* K/V tiles outer; O, m, ℓ go back to HBM after each tile */
  AB_FLASH_FA2 = 2,   /* Q tiles outer; the 1/ℓ rescale is deferred to the end */
} AbFlashOrder;

/* The problem for one head (all heads share it). */
typedef struct
{
  int   n_q;      /* query rows */
  int   n_kv;     /* key/value rows */
  int   d;        /* head dimension (same for Q, K and V) */
  float scale;    /* 0 → 1/√d */
  int   causal;   /* bottom-right aligned causal mask */
  int   window;   /* sliding window width, 0 = none */
} AbAttnShape;

/* ---- Step trace of the tiled kernels ---------------------------------- */

typedef enum
{
  AB_FLASH_STEP_TILE = 0,   /* one Q tile × K/V tile product was folded in */
  AB_FLASH_STEP_FINALIZE,   /* FA2: O = O_acc/ℓ and logsumexp written for a Q tile;
                               FA1: logsumexp written after the last K/V tile */
} AbFlashStepKind;

/* Reported after every tile step when AbAttnOptions.trace is set.
 * Pointers are valid only during the callback. */
typedef struct
{
  AbFlashStepKind kind;
  AbFlashOrder    order;
  int      step;              /* 0, 1, 2 … over the whole call */
  int      head;
  int      q_tile, kv_tile;   /* tile indices "in SRAM" (kv_tile = −1 for FINALIZE) */
  int      q_row0, q_rows;    /* Q rows of that tile */
  int      kv_row0, kv_rows;  /* K/V rows of that tile */
  int      partial_mask;      /* the tile straddles the mask boundary */
  /* IO model of the FlashAttention paper: running totals of bytes moved
   * between the "HBM" arrays (Q, K, V, O, m, ℓ, logsumexp) and tile buffers. */
  uint64_t hbm_read_bytes;
  uint64_t hbm_write_bytes;
  size_t   sram_bytes;        /* tile buffers resident during this step */
  size_t   sram_peak_bytes;   /* max of sram_bytes so far */
  /* State of the rows listed in AbAttnOptions.trace_rows (query indices of
   * this head), as the algorithm holds it now: n_rows values of m and ℓ and
   * n_rows × d values of o. FA1 keeps o normalised (o = Σ pᵢvᵢ / ℓ); FA2 keeps
   * it unnormalised until its FINALIZE step, after which o is the output.
   * A row not yet touched has m = −inf, ℓ = 0, o = 0. */
  int          n_rows;
  const int   *rows;
  const float *m;
  const float *l;
  const float *o;
  int          d;
} AbFlashStep;

typedef void (*AbFlashTraceFunc) (const AbFlashStep *step, void *user_data);

/* ---- Ring trace --------------------------------------------------------- */

typedef struct
{
  int      step;          /* 0 … P−1 */
  int      worker;        /* 0 … P−1 */
  int      q_shard;       /* = worker */
  int      kv_shard;      /* the K/V shard resident on this worker this step */
  int      kv_row0, kv_rows;
  int      skipped;       /* every score of this block is masked (causal) */
  double   compute_s;     /* wall time of the blockwise attention + merge */
  double   comm_s;        /* wall time of the copy to the neighbour */
  uint64_t bytes_sent;    /* K and V shard bytes sent to worker+1 this step */
} AbRingStep;

/* Called once per ring step with the P entries of that step (index = worker),
 * from one worker thread after all workers finished the step. */
typedef void (*AbRingTraceFunc) (const AbRingStep *steps, int n_workers,
                                 void *user_data);

/* ---- Options and statistics -------------------------------------------- */

typedef struct
{
  int          block_q;       /* B_r, 0 → sized from the CPU's caches */
  int          block_k;       /* B_c, 0 → sized from the CPU's caches */
  int          threads;       /* 0 → online cores */
  AbFlashOrder order;         /* ab_flash_forward only, 0 → FA2 */
  size_t       mem_budget;    /* bytes the call may allocate, 0 → ab_attention_default_budget() */
  /* flash step trace (forces one thread so steps arrive in order) */
  AbFlashTraceFunc trace;
  void            *trace_data;
  const int       *trace_rows;
  int              n_trace_rows;
  /* ring attention */
  int              devices;   /* P, 0 → 1 */
  AbRingTraceFunc  ring_trace;
  void            *ring_trace_data;
  /* ab_attention_run only: AB_BACKEND_CUDA returns AB_ATTN_E_UNSUPPORTED
   * when the CUDA kernels are not built or no GPU is present. */
  AbAttnBackend    backend;
} AbAttnOptions;

typedef struct
{
  size_t   extra_bytes;       /* peak bytes the call allocated (scores, tiles, buffers) */
  uint64_t hbm_read_bytes;    /* flash: IO model totals (see AbFlashStep) */
  uint64_t hbm_write_bytes;
  size_t   sram_peak_bytes;   /* flash: per-worker tile buffer model */
  int      threads_used;
  int      block_q, block_k;  /* flash: the tiles used (defaults or the options, ≤ N) */
  const char *inner;          /* flash: "avx512", "avx2", "portable" micro-kernel or "blas" */
} AbAttnStats;

/* ---- Entry points ------------------------------------------------------- */

/* Standard attention: S = scale·Q·Kᵀ (cblas_sgemm), mask, row-wise stable
 * softmax P, O = P·V (cblas_sgemm). Needs N_q·N_kv·4 bytes of scores; the
 * budget is checked *before* allocating and AB_ATTN_E_BUDGET names the bytes.
 * lse may be NULL. */
AbAttnStatus ab_attention_naive (const AbAttnShape   *shape,
                                 int                  heads,
                                 const float         *q,
                                 const float         *k,
                                 const float         *v,
                                 float               *o,
                                 float               *lse,
                                 const AbAttnOptions *opts,
                                 AbAttnStats         *stats,
                                 AbAttnError         *err);

/* FlashAttention forward (Dao et al., arXiv:2205.14135; FA2 loop order from
 * Dao, arXiv:2307.08691). Scores exist only one B_r × B_c tile at a time; the
 * running max m and sum ℓ of each row (online softmax, Milakov & Gimelshein,
 * arXiv:1805.02867) make the result exact. See attn-flash.c for the two
 * loop orders. Extra memory: one tile set per thread (+ m, ℓ per row for FA1). */
AbAttnStatus ab_flash_forward (const AbAttnShape   *shape,
                               int                  heads,
                               const float         *q,
                               const float         *k,
                               const float         *v,
                               float               *o,
                               float               *lse,
                               const AbAttnOptions *opts,
                               AbAttnStats         *stats,
                               AbAttnError         *err);

/* The same forward with K and V stored as BF16 (bfloat16: a float's top 16
 * bits, 8 exponent and 7 mantissa bits), as inference servers keep a KV
 * cache at half the bytes. Q, O and every product and sum stay FP32: each
 * thread widens one head's K and V to floats at a time (2·N_kv·d floats of
 * extra memory per thread, counted against the budget), so the result is
 * FP32 attention of the rounded K and V. FA2 order only (opts->order FA1 is
 * refused); non-finite BF16 entries are refused like non-finite floats. */
AbAttnStatus ab_flash_forward_bf16_kv (const AbAttnShape   *shape,
                                       int                  heads,
                                       const float         *q,
                                       const uint16_t      *k,
                                       const uint16_t      *v,
                                       float               *o,
                                       float               *lse,
                                       const AbAttnOptions *opts,
                                       AbAttnStats         *stats,
                                       AbAttnError         *err);

/* BF16 conversions: round to nearest, ties to even (NaN stays a NaN), and
 * the exact widening back. */
uint16_t ab_bf16_from_float  (float x);
float    ab_bf16_to_float    (uint16_t b);
void     ab_bf16_from_floats (uint16_t *dst, const float *src, size_t n);
void     ab_bf16_to_floats   (float *dst, const uint16_t *src, size_t n);

/* Ring Attention (Liu, Zaharia & Abbeel, arXiv:2310.01889): opts->devices
 * threads each own a contiguous Q shard; K/V shards pass to the next worker
 * after every step; each step runs blockwise (flash) attention of the local
 * Q shard against the resident K/V shard and merges it with the running
 * result through the logsumexp. After P steps every worker has seen every
 * shard, and the output equals full attention. */
AbAttnStatus ab_ring_attention (const AbAttnShape   *shape,
                                int                  heads,
                                const float         *q,
                                const float         *k,
                                const float         *v,
                                float               *o,
                                float               *lse,
                                const AbAttnOptions *opts,
                                AbAttnStats         *stats,
                                AbAttnError         *err);

AbAttnStatus ab_attention_run (AbAttnAlgo           algo,
                               const AbAttnShape   *shape,
                               int                  heads,
                               const float         *q,
                               const float         *k,
                               const float         *v,
                               float               *o,
                               float               *lse,
                               const AbAttnOptions *opts,
                               AbAttnStats         *stats,
                               AbAttnError         *err);

/* ---- Backward pass ------------------------------------------------------ */

/* The arrays a backward pass moves, for the per-array IO counters below.
 * D = rowsum(dO ∘ O) is the FA2 backward's per-row scalar; P, dP and dS
 * are the N_q × N_kv matrices only the standard backward stores. */
typedef enum
{
  AB_BWD_Q = 0, AB_BWD_K, AB_BWD_V, AB_BWD_O, AB_BWD_DO, AB_BWD_LSE, AB_BWD_D,
  AB_BWD_DQ, AB_BWD_DK, AB_BWD_DV, AB_BWD_P, AB_BWD_DP, AB_BWD_DS,
  AB_BWD_N_ARRAYS
} AbBwdArray;

typedef struct
{
  /* IO model of the FlashAttention backward as run (same model as the
   * forward trace): bytes between the "HBM" arrays and the tile buffers,
   * in total and per AbBwdArray. */
  uint64_t hbm_read_bytes;
  uint64_t hbm_write_bytes;
  uint64_t read_by[AB_BWD_N_ARRAYS];
  uint64_t write_by[AB_BWD_N_ARRAYS];
  /* What the standard backward (FA1 Algorithm 3) would move for the same
   * problem, reading the P the standard forward stored: the seven
   * N_q × N_kv passes (read P twice, write and read dP, write dS and read
   * it twice) plus its Q, K, V, dO, dQ, dK, dV traffic. Full matrices: the
   * unfused pipeline materialises masked entries too. */
  uint64_t stored_p_read_bytes;
  uint64_t stored_p_write_bytes;
  uint64_t stored_p_read_by[AB_BWD_N_ARRAYS];
  uint64_t stored_p_write_by[AB_BWD_N_ARRAYS];
  size_t   extra_bytes;       /* peak bytes the call allocated */
  /* FLOPs of recomputing S = scale·Q_i K_jᵀ tile by tile (2·B_r·B_c·d per
   * tile computed), the price of not storing P. */
  uint64_t recompute_flops;
  /* All five tile products (S, dV, dP, dQ, dK): 10·B_r·B_c·d per tile. */
  uint64_t flops;
  uint64_t tiles;             /* (Q tile, K/V tile) pairs computed */
  uint64_t tiles_skipped;     /* pairs entirely outside the mask */
  size_t   sram_peak_bytes;   /* per-worker tile buffers in the model */
  int      kv_chunks;         /* K/V tile sets per head (kv_chunks − 1 dQ partials) */
  int      threads_used;
} AbAttnBackwardStats;

/* FlashAttention backward in the FA2 order (Dao, arXiv:2307.08691,
 * Algorithm 2): dQ, dK, dV of L = Σ dO ∘ O from Q, K, V, the forward's
 * output O, the incoming gradient dO and the logsumexp lse that
 * ab_flash_forward (or any kernel here) wrote. P is never stored: each
 * tile recomputes S = scale·Q_i K_jᵀ and P = exp(S − lse), so extra memory
 * is O(tile + N), not O(N²). Shapes, masks and scale as the forward (all
 * arrays [H, N, d]; lse [H, N_q]); a fully masked row (lse −inf) and a key
 * no query sees get zero gradients. Q, K, V, O and dO must be finite and
 * lse must not be NaN or +inf, nor −inf on a row that sees a key
 * (AB_ATTN_E_NONFINITE); nothing is written then. dq, dk, dv must not
 * overlap the inputs.
 * Threads: the outer loop walks K/V tiles (FA2's parallel dimension for
 * the backward); each (head, K/V tile set) item owns the dK_j, dV_j of its
 * tiles, and dQ, to which every K/V tile adds, is accumulated in one
 * partial per tile set and summed at the end in a fixed order
 * (deterministic for a given thread count). Tile sets per head: threads/heads rounded up, fewer
 * if the partials would not fit the budget. Uses opts->block_q, block_k
 * (0 → B_r = 128, B_c = 256 here, a working set that fits a 2 MiB L2 at
 * d = 128), threads and mem_budget. stats may be NULL. */
AbAttnStatus ab_flash_backward (const AbAttnShape   *shape,
                                const float         *q,
                                const float         *k,
                                const float         *v,
                                const float         *o,
                                const float         *dout,
                                const float         *lse,
                                float               *dq,
                                float               *dk,
                                float               *dv,
                                int                  n_heads,
                                const AbAttnOptions *opts,
                                AbAttnBackwardStats *stats,
                                AbAttnError         *err);

/* The IO model of both backward passes for ONE head without running
 * anything: fills every counter of @out except extra_bytes and
 * threads_used (the kernel's counters for H heads are H times these, at
 * elem_bytes = 4). Matrices take elem_bytes per entry (4: fp32 as the
 * kernel; 2: fp16/bf16); the row vectors lse and D stay fp32, as in FA2's
 * implementation. kv_chunks (0 → 1) is the number of K/V tile sets whose
 * dQ partials are summed at the end. Cost: O(T_c log T_r), so curves
 * up to N = 10⁶ are cheap. */
void ab_flash_backward_model (const AbAttnShape   *shape,
                              int                  block_q,
                              int                  block_k,
                              int                  kv_chunks,
                              int                  elem_bytes,
                              AbAttnBackwardStats *out);

/* Bytes ab_flash_backward allocates for this problem (tile buffers, D,
 * dQ partials) with @opts's tiles, threads and budget; 0 for a bad shape. */
size_t ab_flash_backward_bytes (const AbAttnShape *shape, int n_heads,
                                const AbAttnOptions *opts);

/* The same gradients in double precision, one query row at a time
 * (attn-backward-ref.c): the reference `attn-kernels run --backward
 * --check` and the backward diagram compare the kernel with. O(N_kv)
 * memory, 5·N_q·N_kv·d multiply-adds per head on one thread: for checking,
 * not for speed. Refuses non-finite Q, K, V or dO like the kernels. */
AbAttnStatus ab_attention_backward_reference (const AbAttnShape *shape,
                                              int                heads,
                                              const float       *q,
                                              const float       *k,
                                              const float       *v,
                                              const float       *dout,
                                              double            *dq,
                                              double            *dk,
                                              double            *dv,
                                              AbAttnError       *err);

/* ---- Helpers ------------------------------------------------------------ */

/* 1 if kernels for this backend are built and can run here. */
int         ab_attention_backend_available (AbAttnBackend backend);

const char *ab_attn_algo_name      (AbAttnAlgo algo);
/* "naive", "flash1", "flash2", "ring" → algo; returns 0 if unknown. */
int         ab_attn_algo_from_name (const char *name, AbAttnAlgo *algo);
const char *ab_attn_status_string  (AbAttnStatus status);

/* Half the physical memory of this machine, unless ab_attention_set_defaults()
 * set a budget. */
size_t      ab_attention_default_budget (void);
/* Bytes ab_attention_naive allocates for this problem (the score matrix). */
size_t      ab_attention_naive_bytes    (const AbAttnShape *shape, int heads);
/* What ab_attention_naive would allocate for @shape (one fp32 N_q × N_kv
 * score buffer, reused by every head) and whether @opts's budget (0 → the
 * default) allows it, without allocating: the kernel runs this same check
 * first. Sets *bytes (may be NULL) whenever the shape is valid; over budget,
 * AB_ATTN_E_BUDGET with the kernel's own message, bytes_needed and budget. */
AbAttnStatus ab_attention_naive_plan    (const AbAttnShape   *shape,
                                         const AbAttnOptions *opts,
                                         size_t              *bytes,
                                         AbAttnError         *err);
/* Online cores (≥ 1), unless ab_attention_set_defaults() set a count. */
int         ab_attention_default_threads (void);
/* Override the defaults above for every later call that passes 0 threads or
 * a 0 budget (the app's preferences); 0 restores the machine's own default.
 * Safe to call while other threads run kernels. */
void        ab_attention_set_defaults   (int threads, size_t budget);
/* Threads of the BLAS library itself (OpenBLAS), for BLAS calls that do not
 * set their own: the diagrams' kernels make small products, for which
 * waking helper threads costs more than they save, and OpenBLAS's helpers
 * then spin, taking a core from drawing. The app and bench-draw set 1;
 * naive attention sets its thread count per call, flash and ring 1. */
void        ab_attention_set_blas_threads (int n);
/* What ab_attention_set_defaults() set, or @fallback where it set nothing:
 * for callers that choose their own threads or budget (a diagram's
 * interactive budget, the lab's one thread) but let the preference win. */
int         ab_attention_threads_or     (int fallback);
size_t      ab_attention_budget_or      (size_t fallback);

/* Closed-form IO of the two algorithms for one head without a mask, in the
 * FlashAttention paper's model (bytes between HBM and on-chip memory):
 *   standard: read Q,K, write S; read S, write P; read P,V, write O
 *             → reads 4·(2Nd + 2N_qN_kv + N_kv d), writes 4·(2N_qN_kv + N_q d)
 *   flash:    see attn-flash.c (what the trace counters add up to).
 * Outputs are bytes. */
void ab_attention_standard_io (const AbAttnShape *shape,
                               uint64_t *read_bytes, uint64_t *write_bytes);
void ab_flash_io_model        (const AbAttnShape *shape, AbFlashOrder order,
                               int block_q, int block_k,
                               uint64_t *read_bytes, uint64_t *write_bytes,
                               size_t *sram_peak_bytes);

/* FLOPs of one head: 4·N_q·N_kv·d (two products), halved when causal. */
double ab_attention_flops (const AbAttnShape *shape);

/* Best-of-five GFLOP/s of a square n×n×n cblas_sgemm with `threads`
 * OpenBLAS threads (n = 0 → 2048). */
double ab_sgemm_peak_gflops (int threads, int n);

#ifdef __cplusplus
}
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fa3-pipeline.c — the FA3 warpgroup pipeline on one SM (see fa3-pipeline.h)
 *
 * Each schedule is a dependency graph over the same ops (program order
 * inside a warpgroup, the K/V stages, and for ping-pong the named barriers);
 * a fluid event loop then runs it: ops whose inputs are done start on their
 * resource, ops sharing the tensor cores or the exp units progress at 1/k
 * speed, the TMA serves one load at a time in issue order, and time jumps to
 * the next completion.
 */
#include "fa3-pipeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPS (4 + AB_FA3_MAX_CONSUMERS)

static const AbFa3Hardware h100 = {
  .name = "H100 SXM5",
  .sms = 132,                /* FACTS #21, #76 */
  .tensor_tflops = 989.4,    /* dense BF16, H100 SXM5 datasheet (1,979 sparse); FACTS #21 */
  .exp_tflops = 3.9,         /* FA3 §3.1: 3.9 TFLOPS of special functions (exp) on H100 SXM5 against
                              * 989 TFLOPS of FP16 matmul, ~256× less (989.4 / 3.9 = 254) */
  .hbm_tbs = 3.35,           /* decimal TB/s, H100 SXM5 datasheet; FACTS #21 */
  .elem_bytes = 2,           /* BF16/FP16 K and V */
};

const AbFa3Hardware *
ab_fa3_hardware_h100 (void)
{
  return &h100;
}

AbFa3Resource
ab_fa3_kind_resource (AbFa3OpKind kind)
{
  switch (kind)
    {
    case AB_FA3_TMA_K:
    case AB_FA3_TMA_V:
      return AB_FA3_RES_TMA;
    case AB_FA3_SOFTMAX:
      return AB_FA3_RES_EXP;
    default:
      return AB_FA3_RES_TENSOR;
    }
}

void
ab_fa3_config_costs (AbFa3Config *c, const AbFa3Hardware *hw)
{
  double tensor_per_sm, exp_per_sm, bytes_per_sm, gemm_flops;

  if (hw == NULL)
    hw = &h100;
  tensor_per_sm = hw->tensor_tflops * 1e12 / hw->sms;   /* FLOP/s */
  exp_per_sm = hw->exp_tflops * 1e12 / hw->sms;         /* exp/s */
  bytes_per_sm = hw->hbm_tbs * 1e12 / hw->sms;          /* B/s */
  /* Each GEMM of a warpgroup: (Bm × d)·(d × Bn) or (Bm × Bn)·(Bn × d). */
  gemm_flops = 2.0 * c->block_m * c->block_n * c->head_dim;
  c->gemm0_ns = gemm_flops / tensor_per_sm * 1e9;
  c->gemm1_ns = c->gemm0_ns;
  /* One exponential per score of the warpgroup's Bm × Bn block. */
  c->softmax_ns = (double) c->block_m * c->block_n / exp_per_sm * 1e9;
  /* K_j and V_j: 2 · Bn · d elements, 1/reuse of them from HBM. */
  c->load_ns = 2.0 * c->block_n * c->head_dim * hw->elem_bytes / bytes_per_sm * 1e9
               / (c->kv_reuse >= 1 ? c->kv_reuse : 1);
}

void
ab_fa3_config_default (AbFa3Config *c, int head_dim, int n_tiles, const AbFa3Hardware *hw)
{
  *c = (AbFa3Config) {
    .head_dim = head_dim,
    /* FA3's hdim-128 thread block: kBlockM = 128 over two consumer
     * warpgroups, kBlockN = 128 (causal; 176 otherwise), flash-attention
     * hopper/tile_size.h. Kept for every head dim so they compare on the
     * same tiles (the real kernel picks other shapes for 64 and 256). */
    .block_m = 64,
    .block_n = 128,
    .n_consumers = 2,
    .n_tiles = n_tiles,
    .stages = 2,   /* FA3 Algorithm 1: a circular SMEM buffer of s stages */
  };
  c->kv_reuse = (double) n_tiles * c->block_n / ((double) c->n_consumers * c->block_m);
  if (c->kv_reuse < 1)
    c->kv_reuse = 1;
  ab_fa3_config_costs (c, hw);
}

void
ab_fa3_timeline_clear (AbFa3Timeline *t)
{
  if (t == NULL)
    return;
  free (t->ops);
  free (t->slices);
  memset (t, 0, sizeof *t);
}

static AbFa3Status
fail (AbFa3Error *err, AbFa3Status status, const char *fmt, ...)
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

static int
bad_cost (double x)
{
  return !(x >= 0) || isinf (x);
}

static AbFa3Status
check_config (const AbFa3Config *c, AbFa3Schedule schedule, AbFa3Error *err)
{
  if (c == NULL)
    return fail (err, AB_FA3_E_INVALID, "no configuration");
  if ((int) schedule < 0 || schedule >= AB_FA3_N_SCHEDULES)
    return fail (err, AB_FA3_E_INVALID, "unknown schedule %d", (int) schedule);
  if (c->n_tiles < 1 || c->n_tiles > AB_FA3_MAX_TILES)
    return fail (err, AB_FA3_E_INVALID, "n_tiles = %d: must be 1 … %d", c->n_tiles, AB_FA3_MAX_TILES);
  if (c->n_consumers < 1 || c->n_consumers > AB_FA3_MAX_CONSUMERS)
    return fail (err, AB_FA3_E_INVALID, "n_consumers = %d: must be 1 … %d", c->n_consumers,
                 AB_FA3_MAX_CONSUMERS);
  if (c->stages < 1 || c->stages > AB_FA3_MAX_STAGES)
    return fail (err, AB_FA3_E_INVALID, "stages = %d: must be 1 … %d", c->stages, AB_FA3_MAX_STAGES);
  if (bad_cost (c->gemm0_ns) || bad_cost (c->gemm1_ns) || bad_cost (c->softmax_ns) || bad_cost (c->load_ns))
    return fail (err, AB_FA3_E_INVALID,
                 "costs GEMM0 %g, softmax %g, GEMM1 %g, load %g ns: each must be finite and ≥ 0",
                 c->gemm0_ns, c->softmax_ns, c->gemm1_ns, c->load_ns);
  return AB_FA3_OK;
}

/* ---- The graph ---------------------------------------------------------- */

typedef struct
{
  int n, w;             /* tiles, consumers */
  int n_ops;
  int (*deps)[MAX_DEPS];
  int *n_deps;
} Graph;

/* The producer's loads, in issue order: K_0, V_0, K_1, V_1, … */
static int
op_load_k (const Graph *g, int j)
{
  return 2 * j;
}

static int
op_load_v (const Graph *g, int j)
{
  return 2 * j + 1;
}

/* Consumer @w (0-based) op @k (0 GEMM0, 1 SOFTMAX, 2 GEMM1) of tile @j. */
static int
op_wg (const Graph *g, int w, int j, int k)
{
  return 2 * g->n + (w * g->n + j) * 3 + k;
}

static void
dep (Graph *g, int op, int on)
{
  if (on >= 0)
    g->deps[op][g->n_deps[op]++] = on;
}

/* Ping-pong: a warpgroup's GEMM block b (b = 0 … n) is {GEMM0_b, GEMM1_{b−1}}
 * as far as they exist: Algorithm 2 of FA3 issues S_next = Q K_jᵀ, then
 * O += P_cur V_{j−1}, without waiting in between. */
static int
block_last (const Graph *g, int w, int b)
{
  return b == 0 ? op_wg (g, w, 0, 0) : op_wg (g, w, b - 1, 2);
}

/* The named barrier: block b of warpgroup w waits for block b of w − 1 to
 * leave the tensor cores, and warpgroup 0 for the last warpgroup's block
 * b − 1, so the warpgroups take turns. Completion stands for issue here:
 * WGMMAs issued in turn run in turn. */
static int
barrier (const Graph *g, int w, int b)
{
  if (g->w == 1)
    return -1;
  if (w > 0)
    return block_last (g, w - 1, b);
  return b > 0 ? block_last (g, g->w - 1, b - 1) : -1;
}

static void
build (Graph *g, const AbFa3Config *c, AbFa3Schedule s)
{
  int n = g->n, W = g->w;

  for (int j = 0; j < n; j++)
    {
      int k = op_load_k (g, j), v = op_load_v (g, j);

      /* One producer issues K_j, V_j, K_{j+1}, … in order. */
      dep (g, v, k);
      if (j >= 1)
        dep (g, k, op_load_v (g, j - 1));
      /* Sync: the next tile is loaded when every warpgroup is done with
       * this one. Async: K and V each have a ring of stages; a K stage is
       * free once every warpgroup's GEMM0 has read it, a V stage after
       * GEMM1 (FA3 Algorithm 2 releases them separately). */
      for (int w = 0; w < W; w++)
        if (s == AB_FA3_SYNC && j >= 1)
          dep (g, k, op_wg (g, w, j - 1, 2));
        else if (s != AB_FA3_SYNC && j >= c->stages)
          {
            dep (g, k, op_wg (g, w, j - c->stages, 0));
            dep (g, v, op_wg (g, w, j - c->stages, 2));
          }
    }
  for (int w = 0; w < W; w++)
    for (int j = 0; j < n; j++)
      {
        int g0 = op_wg (g, w, j, 0), sm = op_wg (g, w, j, 1), g1 = op_wg (g, w, j, 2);

        dep (g, sm, g0);
        dep (g, g1, op_load_v (g, j));
        if (s == AB_FA3_SYNC)
          dep (g, g0, op_load_v (g, j));   /* the whole tile first */
        else
          dep (g, g0, op_load_k (g, j));
        if (s != AB_FA3_PINGPONG)
          {
            /* In program order: GEMM0, softmax, GEMM1, next tile. */
            if (j >= 1)
              dep (g, g0, op_wg (g, w, j - 1, 2));
            dep (g, g1, sm);
            continue;
          }
        /* FA3 Algorithm 2: iteration j issues GEMM0_j once softmax_{j−1}
         * is done and GEMM1_{j−2} has been waited for; GEMM1_j follows its
         * P (softmax_j), GEMM0_{j+1} of the same block, and GEMM1_{j−1}. */
        if (j >= 1)
          dep (g, g0, op_wg (g, w, j - 1, 1));
        if (j >= 2)
          dep (g, g0, op_wg (g, w, j - 2, 2));
        dep (g, g0, barrier (g, w, j));
        dep (g, g1, sm);
        if (j >= 1)
          dep (g, g1, op_wg (g, w, j - 1, 2));
        if (j + 1 < n)
          dep (g, g1, op_wg (g, w, j + 1, 0));
        else
          dep (g, g1, barrier (g, w, n));
      }
}

/* ---- The event loop ----------------------------------------------------- */

typedef struct
{
  AbFa3Slice *v;
  int         n, cap;
} Slices;

static int
slice_add (Slices *s, int op, AbFa3Resource res, double t0, double t1, double share)
{
  /* Extend the op's previous slice when nothing changed for it. */
  for (int i = s->n - 1; i >= 0 && i >= s->n - 2 * (AB_FA3_MAX_CONSUMERS + 1); i--)
    if (s->v[i].op == op)
      {
        if (s->v[i].end == t0 && s->v[i].share == share)
          {
            s->v[i].end = t1;
            return 1;
          }
        break;
      }
  if (s->n == s->cap)
    {
      int cap = s->cap ? 2 * s->cap : 256;
      AbFa3Slice *v = realloc (s->v, (size_t) cap * sizeof *v);
      if (v == NULL)
        return 0;
      s->v = v;
      s->cap = cap;
    }
  s->v[s->n++] = (AbFa3Slice) { .op = op, .resource = res, .start = t0, .end = t1, .share = share };
  return 1;
}

AbFa3Status
ab_fa3_simulate (const AbFa3Config *c, AbFa3Schedule schedule, AbFa3Timeline *out, AbFa3Error *err)
{
  Graph g = { 0 };
  Slices slices = { 0 };
  AbFa3Status status;
  int *unmet = NULL, *state = NULL, *first_dependent = NULL, *dependents = NULL;
  double *remaining = NULL, now = 0;
  int n_done = 0, n_edges = 0;
  enum { WAITING, READY, ACTIVE, DONE };

  if (out == NULL)
    return fail (err, AB_FA3_E_INVALID, "no timeline to fill");
  memset (out, 0, sizeof *out);
  if ((status = check_config (c, schedule, err)) != AB_FA3_OK)
    return status;

  g.n = c->n_tiles;
  g.w = c->n_consumers;
  g.n_ops = g.n * (2 + 3 * g.w);
  g.deps = calloc ((size_t) g.n_ops, sizeof *g.deps);
  g.n_deps = calloc ((size_t) g.n_ops, sizeof *g.n_deps);
  out->ops = calloc ((size_t) g.n_ops, sizeof *out->ops);
  unmet = calloc ((size_t) g.n_ops, sizeof *unmet);
  state = calloc ((size_t) g.n_ops, sizeof *state);
  remaining = calloc ((size_t) g.n_ops, sizeof *remaining);
  first_dependent = calloc ((size_t) g.n_ops + 1, sizeof *first_dependent);
  if (!g.deps || !g.n_deps || !out->ops || !unmet || !state || !remaining || !first_dependent)
    {
      status = fail (err, AB_FA3_E_NOMEM, "out of memory for %d ops", g.n_ops);
      goto out;
    }
  build (&g, c, schedule);

  /* The ops, and who waits on whom (dependents in CSR form). */
  for (int op = 0; op < g.n_ops; op++)
    {
      AbFa3Interval *iv = &out->ops[op];
      if (op < 2 * g.n)
        *iv = (AbFa3Interval) { .warpgroup = 0, .kind = op % 2 ? AB_FA3_TMA_V : AB_FA3_TMA_K,
                                .tile = op / 2, .work = c->load_ns / 2 };
      else
        {
          int k = (op - 2 * g.n) % 3, wj = (op - 2 * g.n) / 3;
          static const AbFa3OpKind kinds[3] = { AB_FA3_GEMM0, AB_FA3_SOFTMAX, AB_FA3_GEMM1 };
          const double works[3] = { c->gemm0_ns, c->softmax_ns, c->gemm1_ns };
          *iv = (AbFa3Interval) { .warpgroup = 1 + wj / g.n, .kind = kinds[k], .tile = wj % g.n,
                                  .work = works[k] };
        }
      iv->start = iv->end = -1;
      remaining[op] = iv->work;
      unmet[op] = g.n_deps[op];
      for (int d = 0; d < g.n_deps[op]; d++)
        first_dependent[g.deps[op][d] + 1]++;
      n_edges += g.n_deps[op];
    }
  for (int op = 0; op < g.n_ops; op++)
    first_dependent[op + 1] += first_dependent[op];
  dependents = malloc ((size_t) (n_edges > 0 ? n_edges : 1) * sizeof *dependents);
  if (dependents == NULL)
    {
      status = fail (err, AB_FA3_E_NOMEM, "out of memory for %d ops", g.n_ops);
      goto out;
    }
  {
    int *fill = calloc ((size_t) g.n_ops, sizeof *fill);
    if (fill == NULL)
      {
        status = fail (err, AB_FA3_E_NOMEM, "out of memory for %d ops", g.n_ops);
        goto out;
      }
    for (int op = 0; op < g.n_ops; op++)
      for (int d = 0; d < g.n_deps[op]; d++)
        {
          int on = g.deps[op][d];
          dependents[first_dependent[on] + fill[on]++] = op;
        }
    free (fill);
  }
  for (int op = 0; op < g.n_ops; op++)
    if (unmet[op] == 0)
      state[op] = READY;

  while (n_done < g.n_ops)
    {
      int active[AB_FA3_N_RESOURCES] = { 0 };
      int tma_busy = 0, next_tma = -1;
      double dt = INFINITY;

      /* Ready compute ops start at once (sharing); the TMA takes the
       * lowest-numbered waiting load when it is free. */
      for (int op = 0; op < g.n_ops; op++)
        {
          AbFa3Resource res = ab_fa3_kind_resource (out->ops[op].kind);
          if (state[op] == ACTIVE && res == AB_FA3_RES_TMA)
            tma_busy = 1;
          if (state[op] == READY && res != AB_FA3_RES_TMA)
            {
              state[op] = ACTIVE;
              out->ops[op].start = now;
            }
          if (state[op] == READY && res == AB_FA3_RES_TMA && next_tma < 0)
            next_tma = op;
        }
      if (!tma_busy && next_tma >= 0)
        {
          state[next_tma] = ACTIVE;
          out->ops[next_tma].start = now;
        }
      for (int op = 0; op < g.n_ops; op++)
        if (state[op] == ACTIVE)
          active[ab_fa3_kind_resource (out->ops[op].kind)]++;
      for (int op = 0; op < g.n_ops; op++)
        if (state[op] == ACTIVE)
          {
            double t = remaining[op] * active[ab_fa3_kind_resource (out->ops[op].kind)];
            if (t < dt)
              dt = t;
          }
      if (dt == INFINITY)
        {
          /* Cannot happen for the graphs above; a guard against a cycle. */
          status = fail (err, AB_FA3_E_INVALID, "schedule %d stalled at %g ns with %d of %d ops done",
                         (int) schedule, now, n_done, g.n_ops);
          goto out;
        }

      for (int op = 0; op < g.n_ops; op++)
        {
          AbFa3Resource res;
          int k;

          if (state[op] != ACTIVE)
            continue;
          res = ab_fa3_kind_resource (out->ops[op].kind);
          k = active[res];
          if (dt > 0 && !slice_add (&slices, op, res, now, now + dt, 1.0 / k))
            {
              status = fail (err, AB_FA3_E_NOMEM, "out of memory for the slices");
              goto out;
            }
          /* The op(s) that set dt finish exactly now + dt. */
          if (remaining[op] * k <= dt * (1 + 1e-12))
            remaining[op] = 0;
          else
            remaining[op] -= dt / k;
        }
      now += dt;
      for (int op = 0; op < g.n_ops; op++)
        if (state[op] == ACTIVE && remaining[op] == 0)
          {
            state[op] = DONE;
            out->ops[op].end = now;
            n_done++;
            for (int i = first_dependent[op]; i < first_dependent[op + 1]; i++)
              if (--unmet[dependents[i]] == 0)
                state[dependents[i]] = READY;
          }
    }

  out->schedule = schedule;
  out->n_ops = g.n_ops;
  out->makespan = now;
  for (int op = 0; op < g.n_ops; op++)
    if (ab_fa3_kind_resource (out->ops[op].kind) == AB_FA3_RES_TENSOR)
      out->tensor_work += out->ops[op].work;
  out->tensor_util = now > 0 ? out->tensor_work / now : 0;
  out->slices = slices.v;
  out->n_slices = slices.n;
  slices.v = NULL;
  status = AB_FA3_OK;
  if (err)
    {
      err->status = AB_FA3_OK;
      err->message[0] = '\0';
    }

out:
  if (status != AB_FA3_OK)
    ab_fa3_timeline_clear (out);
  free (slices.v);
  free (g.deps);
  free (g.n_deps);
  free (unmet);
  free (state);
  free (remaining);
  free (first_dependent);
  free (dependents);
  return status;
}

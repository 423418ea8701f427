/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-ring.c — Ring Attention on threads (Liu, Zaharia & Abbeel,
 * "Ring Attention with Blockwise Transformers for Near-Infinite Context",
 * arXiv:2310.01889)
 *
 * P workers stand for P devices on a ring. The sequence is cut into P
 * contiguous shards; worker p keeps Q shard p for the whole run and starts
 * with K/V shard p. At every step each worker
 *   1. sends its resident K/V shard to worker p+1 (a copy into that
 *      worker's receive buffer — double-buffered so it never overwrites a
 *      shard still in use; on real hardware this transfer overlaps step 2),
 *   2. runs blockwise attention (FA2 tiles) of its Q shard against the
 *      resident K/V shard, giving a partial output O_b and logsumexp L_b,
 *   3. merges with its running (O, L):
 *        L' = log(e^L + e^{L_b}),  O' = e^{L−L'}·O + e^{L_b−L'}·O_b.
 * then all workers meet at a barrier and the received shard becomes the
 * resident one. After P steps every Q shard has met every K/V shard, so the
 * result equals full attention; no worker ever holds more than two K/V
 * shards. With a causal mask the blocks above the diagonal are skipped,
 * which leaves early workers idle (the load imbalance that striped
 * variants fix) — the trace shows it.
 */
#include "attn-private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct Ring Ring;

typedef struct
{
  Ring  *ring;
  int    p;
  float *oblk, *lse_blk, *lse_acc, *work;
} Worker;

struct Ring
{
  int          P, heads, nq, nkv, d, br, bc, max_kv;
  float        scale;
  AbAttnShape  shape;
  const float *q, *k, *v;
  float       *o, *lse;
  float       *kvbuf[2];   /* [2][P][heads][2][max_kv][d] */
  AbRingStep  *steps;      /* [P][P] */
  pthread_barrier_t barrier;
  /* start gate: workers wait until every thread exists (go = 1) or the
   * start failed (go = −1), because a barrier cannot be abandoned */
  pthread_mutex_t gate_lock;
  pthread_cond_t  gate_cond;
  int             go;
  AbRingTraceFunc trace;
  void        *trace_data;
};

static inline int
shard_start (int n, int P, int p)
{
  return (int) ((long) n * p / P);
}

static float *
kv_slot (Ring *r, int buf, int p)
{
  return r->kvbuf[buf] + (size_t) p * r->heads * 2 * r->max_kv * r->d;
}

static void
merge (float *o, float *lse, const float *ob, const float *lseb, int rows, int d)
{
  for (int i = 0; i < rows; i++)
    {
      float lb = lseb[i], la = lse[i];
      float *orow = o + (size_t) i * d;
      const float *brow = ob + (size_t) i * d;
      if (lb == -INFINITY)
        continue;
      if (la == -INFINITY)
        {
          memcpy (orow, brow, (size_t) d * sizeof (float));
          lse[i] = lb;
          continue;
        }
      float mx = la > lb ? la : lb;
      float ea = expf (la - mx), eb = expf (lb - mx);
      float s = ea + eb;
      ab__row_axpby (orow, brow, d, ea / s, eb / s);
      lse[i] = mx + logf (s);
    }
}

static void *
worker_main (void *data)
{
  Worker *w = data;
  Ring *r = w->ring;
  const int P = r->P, p = w->p, d = r->d;
  const int qs = shard_start (r->nq, P, p), qrows = shard_start (r->nq, P, p + 1) - qs;

  pthread_mutex_lock (&r->gate_lock);
  while (r->go == 0)
    pthread_cond_wait (&r->gate_cond, &r->gate_lock);
  int go = r->go;
  pthread_mutex_unlock (&r->gate_lock);
  if (go < 0)
    return NULL;

  /* Step 0: our own K/V shard is resident in buffer 0. */
  {
    int ks = shard_start (r->nkv, P, p), krows = shard_start (r->nkv, P, p + 1) - ks;
    float *dst = kv_slot (r, 0, p);
    for (int h = 0; h < r->heads; h++)
      {
        float *kd = dst + (size_t) h * 2 * r->max_kv * d;
        memcpy (kd, r->k + ((size_t) h * r->nkv + ks) * d, (size_t) krows * d * sizeof (float));
        memcpy (kd + (size_t) r->max_kv * d, r->v + ((size_t) h * r->nkv + ks) * d,
                (size_t) krows * d * sizeof (float));
      }
  }
  for (int h = 0; h < r->heads; h++)
    {
      memset (r->o + ((size_t) h * r->nq + qs) * d, 0, (size_t) qrows * d * sizeof (float));
      for (int i = 0; i < qrows; i++)
        w->lse_acc[(size_t) h * qrows + i] = -INFINITY;
    }
  pthread_barrier_wait (&r->barrier);

  int cur = 0;
  for (int step = 0; step < P; step++)
    {
      const int shard = ((p - step) % P + P) % P;
      const int ks = shard_start (r->nkv, P, shard);
      const int krows = shard_start (r->nkv, P, shard + 1) - ks;
      const float *res = kv_slot (r, cur, p);
      AbRingStep *rec = &r->steps[(size_t) step * P + p];

      /* 1. send the resident shard to the next worker */
      double t0 = ab__now ();
      uint64_t sent = 0;
      if (step < P - 1)
        {
          float *dst = kv_slot (r, 1 - cur, (p + 1) % P);
          size_t n = (size_t) r->heads * 2 * r->max_kv * d;
          memcpy (dst, res, n * sizeof (float));
          sent = 4 * (uint64_t) r->heads * 2 * (uint64_t) krows * d;
        }
      double t1 = ab__now ();

      /* 2–3. blockwise attention against the resident shard, then merge */
      AbMask mk = { r->shape.causal, r->shape.window,
                    (long) r->nkv - r->nq + qs, ks, krows };
      long lo_first, hi_first, lo_last, hi_last;
      ab__mask_interval (&mk, 0, &lo_first, &hi_first);
      ab__mask_interval (&mk, qrows - 1, &lo_last, &hi_last);
      int skipped = ab__mask_active (&mk) && (hi_last < 0 || lo_first > krows - 1);
      if (!skipped)
        for (int h = 0; h < r->heads; h++)
          {
            const float *kr = res + (size_t) h * 2 * r->max_kv * d;
            const float *vr = kr + (size_t) r->max_kv * d;
            ab__flash2_block (qrows, krows, d, r->scale, &mk, r->br, r->bc,
                              r->q + ((size_t) h * r->nq + qs) * d, kr, vr,
                              w->oblk, w->lse_blk, w->work);
            merge (r->o + ((size_t) h * r->nq + qs) * d, w->lse_acc + (size_t) h * qrows,
                   w->oblk, w->lse_blk, qrows, d);
          }
      double t2 = ab__now ();

      *rec = (AbRingStep) {
        .step = step, .worker = p, .q_shard = p, .kv_shard = shard,
        .kv_row0 = ks, .kv_rows = krows, .skipped = skipped,
        .compute_s = t2 - t1, .comm_s = t1 - t0, .bytes_sent = sent,
      };
      pthread_barrier_wait (&r->barrier);
      if (p == 0 && r->trace)
        r->trace (r->steps + (size_t) step * P, P, r->trace_data);
      cur = 1 - cur;
    }

  if (r->lse)
    for (int h = 0; h < r->heads; h++)
      memcpy (r->lse + (size_t) h * r->nq + qs, w->lse_acc + (size_t) h * qrows,
              (size_t) qrows * sizeof (float));
  return NULL;
}

AbAttnStatus
ab_ring_attention (const AbAttnShape *shape, int heads, const float *q,
                   const float *k, const float *v, float *o, float *lse,
                   const AbAttnOptions *opts, AbAttnStats *stats,
                   AbAttnError *err)
{
  AbAttnStatus st = ab__attn_check (shape, heads, q, k, v, o, err);
  if (st != AB_ATTN_OK)
    return st;
  AbAttnOptions none = { 0 };
  if (!opts)
    opts = &none;
  int P = opts->devices > 0 ? opts->devices : 1;
  if (P > shape->n_q || P > shape->n_kv || P > 1024)
    return ab__attn_fail (err, AB_ATTN_E_INVALID,
                          "ring of %d devices needs at least %d query and key rows "
                          "(have %d and %d)", P, P, shape->n_q, shape->n_kv);
  if (opts->block_q < 0 || opts->block_k < 0)
    return ab__attn_fail (err, AB_ATTN_E_INVALID, "tile sizes must be positive");
  if ((st = ab__attn_check_finite (shape, heads, q, k, v, err)) != AB_ATTN_OK)
    return st;

  int def_br, def_bc;   /* the ring's blocks run the OpenBLAS loop */
  ab__flash_tiles (shape->d, NULL, &def_br, &def_bc);
  Ring r = {
    .P = P, .heads = heads, .nq = shape->n_q, .nkv = shape->n_kv, .d = shape->d,
    .br = opts->block_q > 0 ? opts->block_q : def_br,
    .bc = opts->block_k > 0 ? opts->block_k : def_bc,
    .scale = ab__attn_scale (shape), .shape = *shape,
    .q = q, .k = k, .v = v, .o = o, .lse = lse,
    .trace = opts->ring_trace, .trace_data = opts->ring_trace_data,
  };
  int max_q = 0;
  for (int p = 0; p < P; p++)
    {
      int kr = shard_start (r.nkv, P, p + 1) - shard_start (r.nkv, P, p);
      int qr = shard_start (r.nq, P, p + 1) - shard_start (r.nq, P, p);
      if (kr > r.max_kv)
        r.max_kv = kr;
      if (qr > max_q)
        max_q = qr;
    }
  /* A tile never needs to be taller or wider than the largest shard: clamp,
     as the flash kernel does, so a huge --block-q is not read as a budget
     problem. */
  if (r.br > max_q)
    r.br = max_q;
  if (r.bc > r.max_kv)
    r.bc = r.max_kv;

  size_t slot = (size_t) heads * 2 * r.max_kv * r.d;
  size_t per_worker = (size_t) max_q * r.d + (size_t) max_q + (size_t) heads * max_q
                      + ab__flash2_block_floats (r.br, r.bc, r.d);
  size_t need = (2 * (size_t) P * slot + (size_t) P * per_worker) * sizeof (float)
                + (size_t) P * P * sizeof (AbRingStep) + (size_t) P * (sizeof (Worker) + sizeof (pthread_t));
  size_t budget = ab__attn_budget (opts);
  if (need > budget)
    return ab__attn_budget_fail (err, "ring attention's shard buffers", need, budget);

  float *kv = malloc (2 * (size_t) P * slot * sizeof (float));
  float *scratch = malloc ((size_t) P * per_worker * sizeof (float));
  r.steps = calloc ((size_t) P * P, sizeof (AbRingStep));
  Worker *workers = calloc ((size_t) P, sizeof (Worker));
  pthread_t *tid = calloc ((size_t) P, sizeof (pthread_t));
  if (!kv || !scratch || !r.steps || !workers || !tid)
    {
      free (kv);
      free (scratch);
      free (r.steps);
      free (workers);
      free (tid);
      return ab__attn_fail (err, AB_ATTN_E_NOMEM, "could not allocate %zu bytes of ring buffers", need);
    }
  r.kvbuf[0] = kv;
  r.kvbuf[1] = kv + (size_t) P * slot;
  pthread_barrier_init (&r.barrier, NULL, (unsigned) P);
  pthread_mutex_init (&r.gate_lock, NULL);
  pthread_cond_init (&r.gate_cond, NULL);
  ab__blas_threads (1);

  for (int p = 0; p < P; p++)
    {
      float *s = scratch + (size_t) p * per_worker;
      workers[p] = (Worker) { .ring = &r, .p = p, .oblk = s };
      workers[p].lse_blk = s + (size_t) max_q * r.d;
      workers[p].lse_acc = workers[p].lse_blk + max_q;
      workers[p].work = workers[p].lse_acc + (size_t) heads * max_q;
    }
  int started = 0;
  for (int p = 1; p < P; p++)
    {
      if (pthread_create (&tid[p], NULL, worker_main, &workers[p]) != 0)
        break;
      started = p;
    }
  pthread_mutex_lock (&r.gate_lock);
  r.go = started == P - 1 ? 1 : -1;
  pthread_cond_broadcast (&r.gate_cond);
  pthread_mutex_unlock (&r.gate_lock);
  if (started != P - 1)
    {
      /* The barrier counts P workers: without all of them nobody can run.
       * The ones we started see go = −1 at the gate and return. */
      for (int p = 1; p <= started; p++)
        pthread_join (tid[p], NULL);
      pthread_barrier_destroy (&r.barrier);
      pthread_mutex_destroy (&r.gate_lock);
      pthread_cond_destroy (&r.gate_cond);
      free (kv);
      free (scratch);
      free (r.steps);
      free (workers);
      free (tid);
      return ab__attn_fail (err, AB_ATTN_E_THREAD, "could not start %d ring workers", P);
    }
  worker_main (&workers[0]);
  for (int p = 1; p < P; p++)
    pthread_join (tid[p], NULL);
  pthread_barrier_destroy (&r.barrier);
  pthread_mutex_destroy (&r.gate_lock);
  pthread_cond_destroy (&r.gate_cond);

  if (stats)
    {
      memset (stats, 0, sizeof *stats);
      stats->extra_bytes = need;
      stats->threads_used = P;
    }
  free (kv);
  free (scratch);
  free (r.steps);
  free (workers);
  free (tid);
  return AB_ATTN_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* serving-sim.c — naive contiguous vs paged KV serving, step by step
 * (see serving-sim.h) */
#include "serving-sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ab-rng.h"

typedef struct
{
  int *v;
  int  n, cap;
} IntList;

struct AbServeSim
{
  AbServeConfig       cfg;
  AbRng               rng;
  int                 step;          /* the next step to run */
  int                 generated;     /* random requests created so far */
  int                 pool_slots;
  AbServeRequest     *req;
  int                 n_req, cap_req;
  AbPagedPool         pool;
  AbServeReservation *res;           /* naive reservations, sorted by offset */
  int                 n_res, cap_res;
  IntList             waiting[AB_SERVE_N_SYSTEMS];   /* request indices, queue order */
  IntList             running[AB_SERVE_N_SYSTEMS];   /* admission order */
  AbServeMetrics      m[AB_SERVE_N_SYSTEMS];
};

static const char *system_names[] = { "naive", "paged" };

const char *
ab_serve_system_name (AbServeSystem sys)
{
  return (unsigned) sys < AB_SERVE_N_SYSTEMS ? system_names[sys] : "?";
}

void
ab_serve_config_default (AbServeConfig *c)
{
  *c = (AbServeConfig) {
    .seed = 1, .pool_tokens = 2048, .block_size = 16, .max_seq_len = 256,
    .arrival_rate = 0.5, .max_arrivals = 64,
    .prompt_min = 16, .prompt_max = 96, .output_min = 16, .output_max = 128,
    .p_parallel = 0.25, .n_parallel = 3, .max_wait = 4, .max_running = 0,
  };
}

/* Sets the error (already formatted by ab_kerror_set) and returns @ret:
 * the int-returning helpers below report failure as 0 or −1. */
static int
fail (AbKStatus status, int ret)
{
  (void) status;
  return ret;
}

/* ---- small containers ---------------------------------------------------- */

static int
list_reserve (IntList *l, int n)
{
  if (n <= l->cap)
    return 1;
  int cap = l->cap ? l->cap : 16;
  while (cap < n)
    cap *= 2;
  int *v = realloc (l->v, (size_t) cap * sizeof (int));
  if (!v)
    return 0;
  l->v = v;
  l->cap = cap;
  return 1;
}

static int
list_insert (IntList *l, int at, int x)
{
  if (!list_reserve (l, l->n + 1))
    return 0;
  memmove (l->v + at + 1, l->v + at, (size_t) (l->n - at) * sizeof (int));
  l->v[at] = x;
  l->n++;
  return 1;
}

static void
list_remove (IntList *l, int at)
{
  memmove (l->v + at, l->v + at + 1, (size_t) (l->n - at - 1) * sizeof (int));
  l->n--;
}

/* ---- configuration -------------------------------------------------------- */

static AbKStatus
check_config (const AbServeConfig *c, AbKError *err)
{
  if (!c)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL configuration");
  if (c->block_size < 1 || c->pool_tokens < c->block_size || c->max_seq_len < 2)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "need block_size ≥ 1, pool_tokens ≥ block_size and max_seq_len ≥ 2");
  if (c->max_wait < 0 || c->max_running < 0 || c->max_arrivals < 0)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "max_wait, max_running and max_arrivals must be ≥ 0");
  if (c->n_script > 0)
    {
      if (!c->script)
        return ab_kerror_set (err, AB_K_E_INVALID, 0, "n_script > 0 with no script");
      for (int i = 0; i < c->n_script; i++)
        {
          const AbServeScript *s = &c->script[i];
          if (s->arrival < 0 || s->prompt_len < 1 || s->output_len < 1 || s->n_samples < 1
              || s->n_samples > AB_SERVE_MAX_SAMPLES
              || (i > 0 && s->arrival < c->script[i - 1].arrival))
            return ab_kerror_set (err, AB_K_E_INVALID, 0,
                                  "script entry %d: arrival ≥ 0 (in order), prompt and output ≥ 1, "
                                  "1–%d samples", i, AB_SERVE_MAX_SAMPLES);
        }
      return AB_K_OK;
    }
  if (!(c->arrival_rate >= 0 && c->arrival_rate <= 50))
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "arrival_rate must be in [0, 50]");
  if (c->prompt_min < 1 || c->prompt_max < c->prompt_min || c->output_min < 1
      || c->output_max < c->output_min)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "prompt and output ranges must be 1 ≤ min ≤ max");
  if (!(c->p_parallel >= 0 && c->p_parallel <= 1) || c->n_parallel < 1
      || c->n_parallel > AB_SERVE_MAX_SAMPLES)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "p_parallel in [0, 1] and n_parallel in 1–%d", AB_SERVE_MAX_SAMPLES);
  return AB_K_OK;
}

AbKStatus
ab_serve_sim_new (const AbServeConfig *cfg, AbServeSim **out, AbKError *err)
{
  ab_kerror_clear (err);
  if (!out)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL output");
  *out = NULL;
  AbKStatus st = check_config (cfg, err);
  if (st != AB_K_OK)
    return st;
  AbServeSim *s = calloc (1, sizeof *s);
  if (!s)
    return ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory");
  s->cfg = *cfg;
  ab_rng_init (&s->rng, cfg->seed);
  int n_blocks = cfg->pool_tokens / cfg->block_size;
  s->pool_slots = n_blocks * cfg->block_size;
  st = ab_paged_pool_init (&s->pool, n_blocks, cfg->block_size, 0, 0, err);
  if (st != AB_K_OK)
    {
      free (s);
      return st;
    }
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    s->m[k] = (AbServeMetrics) { .step = -1, .pool_slots = s->pool_slots,
                                 .free_slots = s->pool_slots };
  *out = s;
  return AB_K_OK;
}

void
ab_serve_sim_free (AbServeSim *s)
{
  if (!s)
    return;
  ab_paged_pool_clear (&s->pool);
  free (s->req);
  free (s->res);
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      free (s->waiting[k].v);
      free (s->running[k].v);
    }
  free (s);
}

/* ---- arrivals -------------------------------------------------------------- */

static int
poisson (AbRng *rng, double lambda)
{
  double limit = exp (-lambda), p = 1;
  int k = 0;
  do
    {
      k++;
      p *= ab_rng_uniform (rng);
    }
  while (p > limit);
  return k - 1;
}

static int
uniform_int (AbRng *rng, int lo, int hi)
{
  return lo + (int) (ab_rng_next (rng) % (uint64_t) (hi - lo + 1));
}

static int
add_request (AbServeSim *s, int prompt, int output, int samples, AbKError *err)
{
  if (s->n_req == s->cap_req)
    {
      int cap = s->cap_req ? 2 * s->cap_req : 64;
      AbServeRequest *r = realloc (s->req, (size_t) cap * sizeof *r);
      if (!r)
        return fail (ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for requests"), 0);
      s->req = r;
      s->cap_req = cap;
    }
  /* a sequence never outgrows the naive reservation */
  const int L = s->cfg.max_seq_len;
  if (prompt > L - 1)
    prompt = L - 1;
  if (prompt + output > L)
    output = L - prompt;
  AbServeRequest *r = &s->req[s->n_req];
  *r = (AbServeRequest) { s->n_req, s->step, prompt, output, samples, { { 0 } } };
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      AbServeProgress *p = &r->sys[k];
      p->state = AB_SERVE_WAITING;
      p->admitted_step = p->finished_step = -1;
      for (int j = 0; j < AB_SERVE_MAX_SAMPLES; j++)
        p->seq[j] = p->offset[j] = -1;
      if (!list_insert (&s->waiting[k], s->waiting[k].n, s->n_req))
        return fail (ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for the queue"), 0);
    }
  s->n_req++;
  return 1;
}

static int
arrivals (AbServeSim *s, AbKError *err)
{
  const AbServeConfig *c = &s->cfg;
  if (c->n_script > 0)
    {
      for (int i = s->generated; i < c->n_script && c->script[i].arrival == s->step; i++)
        {
          const AbServeScript *e = &c->script[i];
          if (!add_request (s, e->prompt_len, e->output_len, e->n_samples, err))
            return 0;
          s->generated++;
        }
      return 1;
    }
  if (c->max_arrivals > 0 && s->generated >= c->max_arrivals)
    return 1;
  int k = poisson (&s->rng, c->arrival_rate);
  for (int i = 0; i < k && (c->max_arrivals == 0 || s->generated < c->max_arrivals); i++)
    {
      int prompt = uniform_int (&s->rng, c->prompt_min, c->prompt_max);
      int output = uniform_int (&s->rng, c->output_min, c->output_max);
      int samples = ab_rng_uniform (&s->rng) < c->p_parallel ? c->n_parallel : 1;
      if (!add_request (s, prompt, output, samples, err))
        return 0;
      s->generated++;
    }
  return 1;
}

/* ---- naive contiguous allocator ---------------------------------------- */

/* First fit: the lowest offset with @len free slots, or −1. */
static int
naive_find (const AbServeSim *s, int len)
{
  int prev_end = 0;
  for (int i = 0; i < s->n_res; i++)
    {
      if (s->res[i].offset - prev_end >= len)
        return prev_end;
      prev_end = s->res[i].offset + s->res[i].length;
    }
  return s->pool_slots - prev_end >= len ? prev_end : -1;
}

static int
naive_insert (AbServeSim *s, int offset, int request, int sample, int used)
{
  if (s->n_res == s->cap_res)
    {
      int cap = s->cap_res ? 2 * s->cap_res : 32;
      AbServeReservation *r = realloc (s->res, (size_t) cap * sizeof *r);
      if (!r)
        return 0;
      s->res = r;
      s->cap_res = cap;
    }
  int at = 0;
  while (at < s->n_res && s->res[at].offset < offset)
    at++;
  memmove (s->res + at + 1, s->res + at, (size_t) (s->n_res - at) * sizeof *s->res);
  s->res[at] = (AbServeReservation) { offset, s->cfg.max_seq_len, used, request, sample };
  s->n_res++;
  return 1;
}

static void
naive_release (AbServeSim *s, int request)
{
  int w = 0;
  for (int i = 0; i < s->n_res; i++)
    if (s->res[i].request != request)
      s->res[w++] = s->res[i];
  s->n_res = w;
  for (int j = 0; j < AB_SERVE_MAX_SAMPLES; j++)
    s->req[request].sys[AB_SERVE_NAIVE].offset[j] = -1;
}

static AbServeReservation *
naive_find_res (AbServeSim *s, int request, int sample)
{
  for (int i = 0; i < s->n_res; i++)
    if (s->res[i].request == request && s->res[i].sample == sample)
      return &s->res[i];
  return NULL;
}

/* ---- admission, decode, retirement ------------------------------------ */

/* 1: admitted; 0: does not fit; −1: internal error. */
static int
admit (AbServeSim *s, AbServeSystem sys, int ri, AbKError *err)
{
  AbServeRequest *r = &s->req[ri];
  AbServeProgress *p = &r->sys[sys];
  if (sys == AB_SERVE_NAIVE)
    {
      int placed = 0;
      for (; placed < r->n_samples; placed++)
        {
          int off = naive_find (s, s->cfg.max_seq_len);
          if (off < 0)
            break;
          if (!naive_insert (s, off, ri, placed, r->prompt_len))
            return fail (ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory"), -1);
          p->offset[placed] = off;
        }
      if (placed < r->n_samples)
        {
          naive_release (s, ri);
          return 0;
        }
    }
  else
    {
      const int B = s->cfg.block_size;
      int need = (r->prompt_len + B - 1) / B + r->n_samples;
      if (need > s->pool.n_free)
        return 0;
      int seq = ab_paged_seq_new (&s->pool, err);
      if (seq < 0 || ab_paged_append (&s->pool, seq, r->prompt_len, NULL, NULL, err) != AB_K_OK)
        return -1;
      p->seq[0] = seq;
      for (int j = 1; j < r->n_samples; j++)
        if ((p->seq[j] = ab_paged_fork (&s->pool, seq, err)) < 0)
          return -1;
    }
  p->state = AB_SERVE_RUNNING;
  p->generated = 0;
  p->admitted_step = s->step;
  s->m[sys].admitted++;
  return 1;
}

static void
release (AbServeSim *s, AbServeSystem sys, int ri)
{
  AbServeProgress *p = &s->req[ri].sys[sys];
  if (sys == AB_SERVE_NAIVE)
    naive_release (s, ri);
  else
    for (int j = 0; j < AB_SERVE_MAX_SAMPLES; j++)
      if (p->seq[j] >= 0)
        {
          ab_paged_free (&s->pool, p->seq[j], NULL);
          p->seq[j] = -1;
        }
}

static int
admit_waiting (AbServeSim *s, AbServeSystem sys, AbKError *err)
{
  IntList *w = &s->waiting[sys], *run = &s->running[sys];
  while (w->n > 0 && (s->cfg.max_running == 0 || run->n < s->cfg.max_running))
    {
      int ri = w->v[0];
      int ok = admit (s, sys, ri, err);
      if (ok < 0)
        return 0;
      if (ok == 0)
        break;             /* FCFS: the head blocks the queue */
      list_remove (w, 0);
      if (!list_insert (run, run->n, ri))
        return fail (ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory"), 0);
    }
  /* new requests that have waited max_wait steps are turned away */
  for (int i = 0; i < w->n;)
    {
      AbServeProgress *p = &s->req[w->v[i]].sys[sys];
      if (p->preemptions == 0 && s->step - s->req[w->v[i]].arrival >= s->cfg.max_wait)
        {
          p->state = AB_SERVE_REJECTED;
          s->m[sys].rejected++;
          list_remove (w, i);
        }
      else
        i++;
    }
  return 1;
}

/* Paged only: the newest running request goes back to the queue head. */
static int
preempt_newest (AbServeSim *s, AbKError *err)
{
  IntList *run = &s->running[AB_SERVE_PAGED];
  int ri = run->v[run->n - 1];
  AbServeProgress *p = &s->req[ri].sys[AB_SERVE_PAGED];
  release (s, AB_SERVE_PAGED, ri);
  p->state = AB_SERVE_WAITING;
  p->generated = 0;
  p->admitted_step = -1;
  p->preemptions++;
  s->m[AB_SERVE_PAGED].preempted++;
  run->n--;
  if (!list_insert (&s->waiting[AB_SERVE_PAGED], 0, ri))
    return fail (ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory"), -1);
  return ri;
}

static int
decode (AbServeSim *s, AbServeSystem sys, AbKError *err)
{
  IntList *run = &s->running[sys];
  for (int i = 0; i < run->n; i++)
    {
      int ri = run->v[i];
      AbServeRequest *r = &s->req[ri];
      AbServeProgress *p = &r->sys[sys];
      if (p->admitted_step == s->step)
        continue;                  /* prefilled this step */
      int preempted_self = 0;
      for (int j = 0; j < r->n_samples && !preempted_self; j++)
        {
          if (sys == AB_SERVE_NAIVE)
            {
              AbServeReservation *res = naive_find_res (s, ri, j);
              if (!res)
                return fail (ab_kerror_set (err, AB_K_E_INVALID, 0,
                                      "request %d sample %d has no reservation", ri, j), 0);
              res->used++;
              continue;
            }
          for (;;)
            {
              AbKStatus st = ab_paged_append (&s->pool, p->seq[j], 1, NULL, NULL, err);
              if (st == AB_K_OK)
                break;
              if (st != AB_K_E_FULL)
                return 0;
              int victim = preempt_newest (s, err);
              if (victim < 0)
                return 0;
              if (victim == ri)
                {
                  preempted_self = 1;
                  break;
                }
            }
        }
      if (preempted_self)
        break;                     /* ri was the last running request */
      p->generated++;
      s->m[sys].tokens_generated += (uint64_t) r->n_samples;
    }
  return 1;
}

static void
retire (AbServeSim *s, AbServeSystem sys)
{
  IntList *run = &s->running[sys];
  for (int i = 0; i < run->n;)
    {
      AbServeRequest *r = &s->req[run->v[i]];
      AbServeProgress *p = &r->sys[sys];
      if (p->generated >= r->output_len)
        {
          release (s, sys, r->id);
          p->state = AB_SERVE_FINISHED;
          p->finished_step = s->step;
          s->m[sys].finished++;
          list_remove (run, i);
        }
      else
        i++;
    }
}

static void
measure (AbServeSim *s, AbServeSystem sys)
{
  AbServeMetrics *m = &s->m[sys];
  m->step = s->step;
  m->arrived = s->n_req;
  m->running = s->running[sys].n;
  m->waiting = s->waiting[sys].n;
  m->pool_slots = s->pool_slots;
  if (sys == AB_SERVE_NAIVE)
    {
      int used = 0, reserved = 0, ext = 0, prev_end = 0;
      for (int i = 0; i < s->n_res; i++)
        {
          used += s->res[i].used;
          reserved += s->res[i].length;
          int hole = s->res[i].offset - prev_end;
          if (hole < s->cfg.max_seq_len)
            ext += hole;
          prev_end = s->res[i].offset + s->res[i].length;
        }
      int tail = s->pool_slots - prev_end;
      if (tail < s->cfg.max_seq_len)
        ext += tail;
      m->used_slots = used;
      m->reserved_slots = reserved;
      m->external_frag = ext;
    }
  else
    {
      m->used_slots = ab_paged_used_slots (&s->pool);
      m->reserved_slots = ab_paged_allocated_slots (&s->pool);
      m->external_frag = 0;
    }
  m->internal_frag = m->reserved_slots - m->used_slots;
  m->free_slots = s->pool_slots - m->reserved_slots;
  m->utilisation = (double) m->used_slots / s->pool_slots;
}

int
ab_serve_sim_step (AbServeSim *s, AbKError *err)
{
  ab_kerror_clear (err);
  if (!s)
    return -1;
  if (!arrivals (s, err))
    return -1;
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    {
      if (!admit_waiting (s, (AbServeSystem) k, err) || !decode (s, (AbServeSystem) k, err))
        return -1;
      retire (s, (AbServeSystem) k);
      measure (s, (AbServeSystem) k);
    }
  return s->step++;
}

int
ab_serve_sim_done (const AbServeSim *s)
{
  if (!s)
    return 1;
  int all_arrived = s->cfg.n_script > 0 ? s->generated == s->cfg.n_script
                    : s->cfg.max_arrivals > 0 && s->generated == s->cfg.max_arrivals;
  if (!all_arrived)
    return 0;
  for (int k = 0; k < AB_SERVE_N_SYSTEMS; k++)
    if (s->waiting[k].n > 0 || s->running[k].n > 0)
      return 0;
  return 1;
}

const AbServeMetrics *
ab_serve_sim_metrics (const AbServeSim *s, AbServeSystem sys)
{
  return s && (unsigned) sys < AB_SERVE_N_SYSTEMS ? &s->m[sys] : NULL;
}

int
ab_serve_sim_n_requests (const AbServeSim *s)
{
  return s ? s->n_req : 0;
}

const AbServeRequest *
ab_serve_sim_request (const AbServeSim *s, int i)
{
  return s && i >= 0 && i < s->n_req ? &s->req[i] : NULL;
}

const AbPagedPool *
ab_serve_sim_pool (const AbServeSim *s)
{
  return s ? &s->pool : NULL;
}

int
ab_serve_sim_n_reservations (const AbServeSim *s)
{
  return s ? s->n_res : 0;
}

const AbServeReservation *
ab_serve_sim_reservation (const AbServeSim *s, int i)
{
  return s && i >= 0 && i < s->n_res ? &s->res[i] : NULL;
}

const AbServeConfig *
ab_serve_sim_config (const AbServeSim *s)
{
  return s ? &s->cfg : NULL;
}

AbKStatus
ab_serve_sim_run (const AbServeConfig *cfg, int n_steps, AbServeMetrics *naive,
                  AbServeMetrics *paged, int *n_run, AbKError *err)
{
  AbServeSim *s;
  if (n_steps < 0)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "n_steps must be ≥ 0");
  AbKStatus st = ab_serve_sim_new (cfg, &s, err);
  if (st != AB_K_OK)
    return st;
  int i = 0;
  for (; i < n_steps && !ab_serve_sim_done (s); i++)
    {
      if (ab_serve_sim_step (s, err) < 0)
        {
          ab_serve_sim_free (s);
          return err ? err->status : AB_K_E_INVALID;
        }
      if (naive)
        naive[i] = s->m[AB_SERVE_NAIVE];
      if (paged)
        paged[i] = s->m[AB_SERVE_PAGED];
    }
  if (n_run)
    *n_run = i;
  ab_serve_sim_free (s);
  return AB_K_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-flash-trace.c — the step trace the Part 3 diagrams draw from:
 * tile order, per-row online-softmax state, and the IO counters against
 * the closed forms of the FlashAttention paper's IO model. */
#include "kernels-test-util.h"

typedef struct
{
  AbFlashStep st;
  float       m[4], l[4];
  float      *o;        /* n_rows × d copy */
} Rec;

typedef struct
{
  GArray *recs;
  int     d;
} Log;

static void
record (const AbFlashStep *step, void *data)
{
  Log *log = data;
  Rec r = { .st = *step };
  g_assert_cmpint (step->n_rows, <=, 4);
  if (step->n_rows > 0)
    {
      memcpy (r.m, step->m, sizeof (float) * step->n_rows);
      memcpy (r.l, step->l, sizeof (float) * step->n_rows);
    }
  r.o = g_memdup2 (step->o, sizeof (float) * step->n_rows * step->d);
  r.st.m = r.st.l = r.st.o = NULL;
  g_array_append_val (log->recs, r);
}

static void
log_free (Log *log)
{
  for (guint i = 0; i < log->recs->len; i++)
    g_free (g_array_index (log->recs, Rec, i).o);
  g_array_free (log->recs, TRUE);
}

typedef struct
{
  AbAttnShape s;
  int         br, bc;
  float      *q, *k, *v, *o, *lse;
} Fixture;

static void
fixture_init (Fixture *f, int nq, int nkv, int d, int causal, int br, int bc)
{
  f->s = (AbAttnShape) { .n_q = nq, .n_kv = nkv, .d = d, .causal = causal };
  f->br = br;
  f->bc = bc;
  AbRng rng;
  ab_rng_init (&rng, 42);
  f->q = random_floats (&rng, (size_t) nq * d, 1);
  f->k = random_floats (&rng, (size_t) nkv * d, 1);
  f->v = random_floats (&rng, (size_t) nkv * d, 1);
  f->o = g_new (float, (size_t) nq * d);
  f->lse = g_new (float, nq);
}

static void
fixture_clear (Fixture *f)
{
  g_free (f->q);
  g_free (f->k);
  g_free (f->v);
  g_free (f->o);
  g_free (f->lse);
}

static Log
run_traced (Fixture *f, AbFlashOrder order, const int *rows, int n_rows, AbAttnStats *stats)
{
  Log log = { g_array_new (FALSE, TRUE, sizeof (Rec)), f->s.d };
  AbAttnOptions opts = {
    .block_q = f->br, .block_k = f->bc, .threads = 2, .order = order,
    .trace = record, .trace_data = &log, .trace_rows = rows, .n_trace_rows = n_rows,
  };
  AbAttnError err;
  if (ab_flash_forward (&f->s, 1, f->q, f->k, f->v, f->o, f->lse, &opts, stats, &err) != AB_ATTN_OK)
    g_error ("%s", err.message);
  return log;
}

/* Online-softmax state of query row i after keys [0, c1), in double:
 * m, ℓ and the unnormalised o. */
static void
partial_state (const Fixture *f, int i, int c1, double *m, double *l, double *o)
{
  const int d = f->s.d;
  double scale = 1.0 / sqrt ((double) d);
  long pos = (long) i + f->s.n_kv - f->s.n_q;
  double *s = g_new (double, c1);
  *m = -INFINITY;
  for (int j = 0; j < c1; j++)
    {
      double acc = 0;
      for (int c = 0; c < d; c++)
        acc += (double) f->q[(size_t) i * d + c] * f->k[(size_t) j * d + c];
      s[j] = (f->s.causal && j > pos) ? -INFINITY : acc * scale;
      *m = MAX (*m, s[j]);
    }
  *l = 0;
  memset (o, 0, sizeof (double) * d);
  for (int j = 0; j < c1 && *m > -INFINITY; j++)
    {
      double p = exp (s[j] - *m);
      *l += p;
      for (int c = 0; c < d; c++)
        o[c] += p * f->v[(size_t) j * d + c];
    }
  g_free (s);
}

/* Unmasked, with tail tiles in both directions: 4 Q tiles × 3 K/V tiles. */
static void
test_io_closed_form (void)
{
  Fixture f;
  fixture_init (&f, 100, 130, 16, 0, 32, 48);
  const uint64_t N = 100, M = 130, d = 16, Tr = 4, Tc = 3;

  for (int ord = AB_FLASH_FA1; ord <= AB_FLASH_FA2; ord++)
    {
      AbAttnStats stats;
      Log log = run_traced (&f, ord, NULL, 0, &stats);
      int tiles = 0, finals = 0;
      for (guint i = 0; i < log.recs->len; i++)
        {
          const AbFlashStep *st = &g_array_index (log.recs, Rec, i).st;
          g_assert_cmpint (st->step, ==, (int) i);
          if (st->kind == AB_FLASH_STEP_TILE)
            {
              /* FA2: Q tile outer; FA1: K/V tile outer */
              int expect_q = ord == AB_FLASH_FA2 ? tiles / 3 : tiles % 4;
              int expect_k = ord == AB_FLASH_FA2 ? tiles % 3 : tiles / 4;
              g_assert_cmpint (st->q_tile, ==, expect_q);
              g_assert_cmpint (st->kv_tile, ==, expect_k);
              g_assert_cmpint (st->q_rows, ==, expect_q == 3 ? 4 : 32);
              g_assert_cmpint (st->kv_rows, ==, expect_k == 2 ? 34 : 48);
              tiles++;
            }
          else
            finals++;
        }
      g_assert_cmpint (tiles, ==, 12);
      g_assert_cmpint (finals, ==, 4);

      uint64_t rd, wr;
      size_t sram;
      if (ord == AB_FLASH_FA1)
        {
          /* init O,m,ℓ; K,V once; per K/V tile all of Q, O, m, ℓ in and
           * O, m, ℓ out; then m, ℓ in and the logsumexp out */
          rd = 4 * (2 * M * d + Tc * (2 * N * d + 2 * N) + 2 * N);
          wr = 4 * ((N * d + 2 * N) + Tc * (N * d + 2 * N) + N);
          sram = 4 * (2 * 32 * d + 2 * 48 * d + 32 * 48 + 4 * 32);
        }
      else
        {
          /* Q once; all of K, V per Q tile; O and logsumexp out once */
          rd = 4 * (N * d + Tr * 2 * M * d);
          wr = 4 * (N * d + N);
          sram = 4 * (2 * 32 * d + 2 * 48 * d + 32 * 48 + 2 * 32);
        }
      const AbFlashStep *last = &g_array_index (log.recs, Rec, log.recs->len - 1).st;
      g_assert_cmpuint (last->hbm_read_bytes, ==, rd);
      g_assert_cmpuint (last->hbm_write_bytes, ==, wr);
      g_assert_cmpuint (last->sram_peak_bytes, ==, sram);
      g_assert_cmpuint (stats.hbm_read_bytes, ==, rd);
      g_assert_cmpuint (stats.hbm_write_bytes, ==, wr);

      uint64_t mrd, mwr;
      size_t msram;
      ab_flash_io_model (&f.s, ord, 32, 48, &mrd, &mwr, &msram);
      g_assert_cmpuint (mrd, ==, rd);
      g_assert_cmpuint (mwr, ==, wr);
      g_assert_cmpuint (msram, ==, sram);
      log_free (&log);
    }

  /* Without a trace (and on two threads) FA2 counts the same IO. */
  AbAttnStats stats;
  AbAttnOptions opts = { .block_q = 32, .block_k = 48, .threads = 2, .order = AB_FLASH_FA2 };
  g_assert_cmpint (ab_flash_forward (&f.s, 1, f.q, f.k, f.v, f.o, f.lse, &opts, &stats, NULL), ==, AB_ATTN_OK);
  g_assert_cmpuint (stats.hbm_read_bytes, ==, 4 * (N * d + Tr * 2 * M * d));
  g_assert_cmpuint (stats.hbm_write_bytes, ==, 4 * (N * d + N));
  fixture_clear (&f);
}

/* Causal, square tiles: only the T(T+1)/2 tiles on or below the diagonal run. */
static void
test_io_causal (void)
{
  Fixture f;
  fixture_init (&f, 128, 128, 16, 1, 32, 32);
  AbAttnStats stats;
  Log log = run_traced (&f, AB_FLASH_FA2, NULL, 0, &stats);
  int tiles = 0, partial = 0;
  for (guint i = 0; i < log.recs->len; i++)
    {
      const AbFlashStep *st = &g_array_index (log.recs, Rec, i).st;
      if (st->kind != AB_FLASH_STEP_TILE)
        continue;
      g_assert_cmpint (st->kv_tile, <=, st->q_tile);
      g_assert_cmpint (st->partial_mask, ==, st->kv_tile == st->q_tile);
      tiles++;
      partial += st->partial_mask;
    }
  g_assert_cmpint (tiles, ==, 10);
  g_assert_cmpint (partial, ==, 4);
  g_assert_cmpuint (stats.hbm_read_bytes, ==, 4 * (128 * 16 + 10 * 2 * 32 * 16));
  g_assert_cmpuint (stats.hbm_write_bytes, ==, 4 * (128 * 16 + 128));
  log_free (&log);
  fixture_clear (&f);
}

/* The m, ℓ, o the trace reports for chosen rows are the true online-softmax
 * state after the keys seen so far. */
static void
test_row_state (void)
{
  Fixture f;
  fixture_init (&f, 70, 90, 16, 1, 16, 32);
  const int rows[3] = { 0, 37, 69 };
  const int d = 16;
  double m, l, o[16];

  for (int ord = AB_FLASH_FA1; ord <= AB_FLASH_FA2; ord++)
    {
      Log log = run_traced (&f, ord, rows, 3, NULL);
      int checked = 0;
      for (guint i = 0; i < log.recs->len; i++)
        {
          const Rec *rec = &g_array_index (log.recs, Rec, i);
          const AbFlashStep *st = &rec->st;
          if (st->kind != AB_FLASH_STEP_TILE)
            continue;
          for (int r = 0; r < 3; r++)
            {
              if (rows[r] < st->q_row0 || rows[r] >= st->q_row0 + st->q_rows)
                continue;
              partial_state (&f, rows[r], st->kv_row0 + st->kv_rows, &m, &l, o);
              g_assert_cmpfloat (fabs (rec->m[r] - m), <=, 1e-5 + fabs (m) * 1e-6);
              g_assert_cmpfloat (fabs (rec->l[r] - l), <=, 1e-5 + l * 1e-5);
              for (int c = 0; c < d; c++)
                {
                  /* FA1 keeps o normalised; FA2 defers the division */
                  double want = ord == AB_FLASH_FA1 ? o[c] / l : o[c];
                  g_assert_cmpfloat (fabs (rec->o[r * d + c] - want), <=, 1e-5 + fabs (want) * 1e-4);
                }
              checked++;
            }
        }
      g_assert_cmpint (checked, >, 3);

      /* After the last step each traced row holds the output. */
      const Rec *last = &g_array_index (log.recs, Rec, log.recs->len - 1);
      for (int r = 0; r < 3; r++)
        {
          for (int c = 0; c < d; c++)
            g_assert_cmpfloat (last->o[r * d + c], ==, f.o[rows[r] * d + c]);
          g_assert_cmpfloat (fabsf (last->m[r] + logf (last->l[r]) - f.lse[rows[r]]), <=, 1e-5);
        }
      log_free (&log);
    }
  fixture_clear (&f);
}

/* Flash moves fewer bytes than standard attention once tiles are large
 * compared with d (the FA paper's Θ(N²d²/M) vs Θ(Nd + N²)). */
static void
test_io_vs_standard (void)
{
  AbAttnShape s = { .n_q = 1024, .n_kv = 1024, .d = 64 };
  uint64_t srd, swr, frd, fwr;
  ab_attention_standard_io (&s, &srd, &swr);
  g_assert_cmpuint (srd, ==, 4ull * (2 * 1024 * 64 + 2 * 1024 * 1024 + 1024 * 64));
  g_assert_cmpuint (swr, ==, 4ull * (2 * 1024 * 1024 + 1024 * 64));
  ab_flash_io_model (&s, AB_FLASH_FA2, 256, 256, &frd, &fwr, NULL);
  g_assert_cmpuint (frd + fwr, <, (srd + swr) / 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/trace/io-closed-form", test_io_closed_form);
  g_test_add_func ("/kernels/trace/io-causal", test_io_causal);
  g_test_add_func ("/kernels/trace/row-state", test_row_state);
  g_test_add_func ("/kernels/trace/io-vs-standard", test_io_vs_standard);
  return g_test_run ();
}

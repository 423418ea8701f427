/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-paged-kv.c — the paged allocator under a seeded random workload
 * (every invariant after every operation, contents checked against a
 * shadow copy so copy-on-write is seen to isolate writers, no leak at the
 * end, every freed block reusable), hand-checked fork/CoW counts, and
 * PagedAttention through scattered block tables against contiguous
 * attention. */
#include "kernels-test-util.h"

#include "attn-gqa.h"
#include "paged-kv.h"

enum { KVH = 2, HD = 4 };

static void
assert_ok (const AbPagedPool *p)
{
  AbKError err;
  if (ab_paged_check (p, &err) != AB_K_OK)
    g_error ("invariant broken: %s", err.message);
}

/* Hand-checkable: block size 4, a 6-token prompt forked into 3 samples. */
static void
test_fork_cow (void)
{
  AbPagedPool p;
  AbKError err;
  g_assert_cmpint (ab_paged_pool_init (&p, 8, 4, 0, 0, &err), ==, AB_K_OK);
  int a = ab_paged_seq_new (&p, &err);
  g_assert_cmpint (ab_paged_append (&p, a, 6, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpint (p.seqs[a].n_blocks, ==, 2);        /* ⌈6/4⌉ */
  g_assert_cmpint (p.n_free, ==, 6);
  int b = ab_paged_fork (&p, a, &err), c = ab_paged_fork (&p, a, &err);
  assert_ok (&p);
  g_assert_cmpint (p.n_free, ==, 6);                  /* forks take no blocks */
  g_assert_cmpint (p.ref_count[p.seqs[a].table[0]], ==, 3);
  g_assert_cmpint (p.ref_count[p.seqs[a].table[1]], ==, 3);
  g_assert_cmpint (ab_paged_used_slots (&p), ==, 6);  /* the prefix counts once */
  /* b writes token 7 into the shared half-full block → private copy */
  g_assert_cmpint (ab_paged_blocks_needed (&p, b, 1), ==, 1);
  g_assert_cmpint (ab_paged_append (&p, b, 1, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpuint (p.cow_copies, ==, 1);
  g_assert_cmpint (p.seqs[b].table[0], ==, p.seqs[a].table[0]);   /* full block still shared */
  g_assert_cmpint (p.seqs[b].table[1], !=, p.seqs[a].table[1]);
  g_assert_cmpint (p.ref_count[p.seqs[a].table[1]], ==, 2);
  /* b fills its copy (tokens 8) and opens a new block at token 9 */
  g_assert_cmpint (ab_paged_blocks_needed (&p, b, 2), ==, 1);
  g_assert_cmpint (ab_paged_append (&p, b, 2, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpuint (p.cow_copies, ==, 1);
  /* c copies too; then a is the last owner and writes in place */
  g_assert_cmpint (ab_paged_append (&p, c, 1, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpuint (p.cow_copies, ==, 2);
  g_assert_cmpint (ab_paged_blocks_needed (&p, a, 1), ==, 0);
  int a_last = p.seqs[a].table[1];
  g_assert_cmpint (ab_paged_append (&p, a, 1, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpuint (p.cow_copies, ==, 2);
  g_assert_cmpint (p.seqs[a].table[1], ==, a_last);
  assert_ok (&p);
  /* blocks: shared prefix 1 + a 1 + b 2 + c 1 = 5; slots 4 + 3 + 5 + 3 = 15 of 20 */
  g_assert_cmpint (p.n_free, ==, 3);
  g_assert_cmpint (ab_paged_used_slots (&p), ==, 4 + 3 + 4 + 1 + 3);
  g_assert_cmpint (ab_paged_allocated_slots (&p), ==, 20);
  /* full: 3 free blocks; 17 more tokens (1 in c's last block + 16) need
   * 4 → refused, nothing changes */
  g_assert_cmpint (ab_paged_blocks_needed (&p, c, 17), ==, 4);
  g_assert_cmpint (ab_paged_append (&p, c, 17, NULL, NULL, &err), ==, AB_K_E_FULL);
  g_assert_nonnull (strstr (err.message, "3 free"));
  g_assert_cmpint (p.seqs[c].n_tokens, ==, 7);
  g_assert_cmpint (p.n_free, ==, 3);
  assert_ok (&p);
  /* free everything: the shared block returns only with its last owner */
  int shared = p.seqs[a].table[0];
  g_assert_cmpint (ab_paged_free (&p, a, &err), ==, AB_K_OK);
  g_assert_cmpint (p.ref_count[shared], ==, 2);
  g_assert_cmpint (ab_paged_free (&p, b, &err), ==, AB_K_OK);
  g_assert_cmpint (ab_paged_free (&p, c, &err), ==, AB_K_OK);
  g_assert_cmpint (p.n_free, ==, 8);
  g_assert_cmpint (ab_paged_free (&p, c, &err), ==, AB_K_E_INVALID);
  assert_ok (&p);
  ab_paged_pool_clear (&p);
}

/* The checker catches what it promises to catch. */
static void
test_check_catches (void)
{
  AbPagedPool p;
  AbKError err;
  g_assert_cmpint (ab_paged_pool_init (&p, 4, 2, 0, 0, &err), ==, AB_K_OK);
  int a = ab_paged_seq_new (&p, &err);
  g_assert_cmpint (ab_paged_append (&p, a, 3, NULL, NULL, &err), ==, AB_K_OK);
  assert_ok (&p);
  p.ref_count[p.seqs[a].table[0]]++;
  g_assert_cmpint (ab_paged_check (&p, &err), ==, AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "reference count"));
  p.ref_count[p.seqs[a].table[0]]--;
  int saved = p.seqs[a].table[1];
  p.seqs[a].table[1] = p.seqs[a].table[0];
  g_assert_cmpint (ab_paged_check (&p, &err), ==, AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "twice"));
  p.seqs[a].table[1] = saved;
  p.n_free--;                                   /* a block falls off the free list */
  g_assert_cmpint (ab_paged_check (&p, &err), ==, AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "leak"));
  p.n_free++;
  assert_ok (&p);
  ab_paged_pool_clear (&p);
}

/* ---- randomized workload against a shadow model ------------------------ */

typedef struct
{
  int    id;
  GArray *k, *v;      /* the values this sequence should read, token by token */
} Shadow;

static void
shadow_check (const AbPagedPool *p, const Shadow *s)
{
  int n = (int) (s->k->len / (KVH * HD));
  g_assert_cmpint (p->seqs[s->id].n_tokens, ==, n);
  for (int t = 0; t < n; t++)
    for (int h = 0; h < KVH; h++)
      {
        const float *kr = ab_paged_k_row (p, s->id, t, h);
        const float *vr = ab_paged_v_row (p, s->id, t, h);
        const float *ke = &g_array_index (s->k, float, ((size_t) t * KVH + h) * HD);
        const float *ve = &g_array_index (s->v, float, ((size_t) t * KVH + h) * HD);
        g_assert_nonnull (kr);
        g_assert_true (memcmp (kr, ke, sizeof (float) * HD) == 0);
        g_assert_true (memcmp (vr, ve, sizeof (float) * HD) == 0);
      }
}

static void
test_random_workload (void)
{
  enum { BLOCKS = 48, BS = 4, OPS = 6000 };
  AbPagedPool p;
  AbKError err;
  g_assert_cmpint (ab_paged_pool_init (&p, BLOCKS, BS, KVH, HD, &err), ==, AB_K_OK);
  AbRng rng;
  ab_rng_init (&rng, 2309);   /* arXiv:2309.06180 */
  GPtrArray *live = g_ptr_array_new ();
  int full = 0, forks = 0;
  for (int op = 0; op < OPS; op++)
    {
      /* new 12 %, fork 10 %, free 10 % + 1 % per live sequence (so the
       * population settles near twenty), append the rest */
      double u = ab_rng_uniform (&rng);
      double p_free = 0.22 + MIN (0.5, 0.1 + 0.01 * live->len);
      if (live->len == 0 || u < 0.12)
        {
          Shadow *s = g_new (Shadow, 1);
          s->id = ab_paged_seq_new (&p, &err);
          s->k = g_array_new (FALSE, FALSE, sizeof (float));
          s->v = g_array_new (FALSE, FALSE, sizeof (float));
          g_ptr_array_add (live, s);
        }
      else if (u < 0.22)
        {
          Shadow *parent = live->pdata[ab_rng_next (&rng) % live->len];
          Shadow *s = g_new (Shadow, 1);
          s->id = ab_paged_fork (&p, parent->id, &err);
          g_assert_cmpint (s->id, >=, 0);
          s->k = g_array_copy (parent->k);
          s->v = g_array_copy (parent->v);
          g_ptr_array_add (live, s);
          forks++;
        }
      else if (u < p_free)
        {
          guint i = ab_rng_next (&rng) % live->len;
          Shadow *s = live->pdata[i];
          g_assert_cmpint (ab_paged_free (&p, s->id, &err), ==, AB_K_OK);
          g_array_unref (s->k), g_array_unref (s->v), g_free (s);
          g_ptr_array_remove_index_fast (live, i);
        }
      else
        {
          Shadow *s = live->pdata[ab_rng_next (&rng) % live->len];
          int n = 1 + (int) (ab_rng_next (&rng) % 7);
          float k[7 * KVH * HD], v[7 * KVH * HD];
          ab_rng_fill_normal (&rng, k, n * KVH * HD, 1.0);
          ab_rng_fill_normal (&rng, v, n * KVH * HD, 1.0);
          int free_before = p.n_free, need = ab_paged_blocks_needed (&p, s->id, n);
          AbKStatus st = ab_paged_append (&p, s->id, n, k, v, &err);
          if (st == AB_K_E_FULL)
            {
              g_assert_cmpint (need, >, free_before);
              g_assert_cmpint (p.n_free, ==, free_before);
              full++;
            }
          else
            {
              g_assert_cmpint (st, ==, AB_K_OK);
              g_assert_cmpint (p.n_free, ==, free_before - need);
              g_array_append_vals (s->k, k, (guint) n * KVH * HD);
              g_array_append_vals (s->v, v, (guint) n * KVH * HD);
            }
        }
      assert_ok (&p);
      if (op % 50 == 0)
        for (guint i = 0; i < live->len; i++)
          shadow_check (&p, live->pdata[i]);
    }
  g_test_message ("%d ops: %d forks, %d appends refused (pool full), %" G_GUINT64_FORMAT
                  " copy-on-write copies", OPS, forks, full, p.cow_copies);
  g_assert_cmpint (full, >, 50);          /* the workload did fill the pool */
  g_assert_cmpuint (p.cow_copies, >, 50);
  for (guint i = 0; i < live->len; i++)
    {
      Shadow *s = live->pdata[i];
      shadow_check (&p, s);
      g_assert_cmpint (ab_paged_free (&p, s->id, &err), ==, AB_K_OK);
      g_array_unref (s->k), g_array_unref (s->v), g_free (s);
    }
  g_ptr_array_unref (live);
  /* no leak: every block is back, counts balance */
  assert_ok (&p);
  g_assert_cmpint (p.n_free, ==, BLOCKS);
  g_assert_cmpuint (p.blocks_taken, ==, p.blocks_returned);
  /* every freed block is reusable: one sequence takes the whole pool */
  int big = ab_paged_seq_new (&p, &err);
  g_assert_cmpint (ab_paged_append (&p, big, BLOCKS * BS, NULL, NULL, &err), ==, AB_K_OK);
  g_assert_cmpint (p.n_free, ==, 0);
  g_assert_cmpint (ab_paged_append (&p, big, 1, NULL, NULL, &err), ==, AB_K_E_FULL);
  assert_ok (&p);
  ab_paged_pool_clear (&p);
}

/* ---- PagedAttention == contiguous attention ----------------------------- */

typedef struct
{
  const char *name;
  int hq, n_tokens, nq, causal, window;
} AttnCase;

static const AttnCase attn_cases[] = {
  { "decode",         2, 45,  1, 1, 0 },
  { "decode-gqa",     6, 45,  1, 1, 0 },
  { "prefill-causal", 4, 37, 37, 1, 0 },
  { "chunk-window",   2, 50, 11, 1, 9 },
  { "unmasked",       2, 23,  5, 0, 0 },
};

static void
test_attention (gconstpointer data)
{
  const AttnCase *c = data;
  enum { D = 16, H_KV = 2, BS = 4, BLOCKS = 64 };
  AbPagedPool p;
  AbKError kerr;
  g_assert_cmpint (ab_paged_pool_init (&p, BLOCKS, BS, H_KV, D, &kerr), ==, AB_K_OK);
  AbRng rng;
  ab_rng_init (&rng, 77 + c->n_tokens + c->hq);
  /* scatter: the sequence under test grows interleaved with two others,
   * one of which is freed, so its blocks are neither contiguous nor in
   * order; half-way it is forked and the fork diverges (copy-on-write). */
  size_t row = H_KV * D;
  float *k = random_floats (&rng, (size_t) c->n_tokens * row, 1.0);
  float *v = random_floats (&rng, (size_t) c->n_tokens * row, 1.0);
  float *junk = random_floats (&rng, 8 * row, 1.0);
  int s = ab_paged_seq_new (&p, &kerr), x = ab_paged_seq_new (&p, &kerr),
      y = ab_paged_seq_new (&p, &kerr);
  int half = c->n_tokens / 2, t = 0;
  while (t < c->n_tokens)
    {
      int n = MIN (3, c->n_tokens - t);
      g_assert_cmpint (ab_paged_append (&p, s, n, k + t * row, v + t * row, &kerr), ==, AB_K_OK);
      g_assert_cmpint (ab_paged_append (&p, t % 2 ? x : y, 5, junk, junk, &kerr), ==, AB_K_OK);
      t += n;
      if (t >= half && t - n < half)
        {
          int f = ab_paged_fork (&p, s, &kerr);
          g_assert_cmpint (ab_paged_append (&p, f, 8, junk, junk, &kerr), ==, AB_K_OK);
          g_assert_cmpint (ab_paged_free (&p, x, &kerr), ==, AB_K_OK);
          x = ab_paged_seq_new (&p, &kerr);
        }
    }
  assert_ok (&p);
  int in_order = 1;
  for (int j = 1; j < p.seqs[s].n_blocks; j++)
    in_order &= p.seqs[s].table[j] == p.seqs[s].table[j - 1] + 1;
  g_assert_false (in_order);

  /* contiguous [H_kv][N][d] copies for the reference */
  float *kc = g_new (float, (size_t) c->n_tokens * row), *vc = g_new (float, (size_t) c->n_tokens * row);
  for (int h = 0; h < H_KV; h++)
    for (int i = 0; i < c->n_tokens; i++)
      {
        memcpy (kc + ((size_t) h * c->n_tokens + i) * D, k + i * row + h * D, sizeof (float) * D);
        memcpy (vc + ((size_t) h * c->n_tokens + i) * D, v + i * row + h * D, sizeof (float) * D);
      }
  AbAttnShape sh = { c->nq, c->n_tokens, D, 0, c->causal, c->window };
  size_t nq_f = (size_t) c->hq * c->nq * D;
  float *q = random_floats (&rng, nq_f, 1.0);
  float *o = g_new (float, nq_f), *lse = g_new (float, (size_t) c->hq * c->nq);
  float *o_ref = g_new (float, nq_f), *lse_ref = g_new (float, (size_t) c->hq * c->nq);
  AbAttnError err;
  if (ab_paged_attention (&p, s, &sh, c->hq, q, o, lse, &err) != AB_ATTN_OK)
    g_error ("%s", err.message);
  static const AbAttnAlgo algos[] = { AB_ATTN_NAIVE, AB_ATTN_FLASH2 };
  for (guint a = 0; a < G_N_ELEMENTS (algos); a++)
    {
      if (ab_attention_gqa (algos[a], &sh, c->hq, H_KV, q, kc, vc, o_ref, lse_ref, NULL, NULL, &err)
          != AB_ATTN_OK)
        g_error ("%s", err.message);
      /* Both sides fp32 with σ = 1 logits and scale 1/√d: the block-wise
       * online softmax and the contiguous kernels differ only in summation
       * order, |Δ| ≤ 1e-5 + 1e-4·|ref| (measured ≤ 8e-7). */
      double eo = 0, el = 0;
      for (size_t i = 0; i < nq_f; i++)
        {
          double diff = fabs ((double) o[i] - o_ref[i]);
          g_assert_cmpfloat (diff, <=, 1e-5 + 1e-4 * fabs (o_ref[i]));
          eo = fmax (eo, diff);
        }
      for (size_t i = 0; i < (size_t) c->hq * c->nq; i++)
        {
          double diff = fabs ((double) lse[i] - lse_ref[i]);
          g_assert_cmpfloat (diff, <=, 1e-5 + 1e-5 * fabs (lse_ref[i]));
          el = fmax (el, diff);
        }
      g_test_message ("%s vs contiguous %s: max diff O %.3g, lse %.3g", c->name,
                      ab_attn_algo_name (algos[a]), eo, el);
    }
  /* the shape must describe this sequence */
  sh.n_kv++;
  g_assert_cmpint (ab_paged_attention (&p, s, &sh, c->hq, q, o, lse, &err), ==, AB_ATTN_E_INVALID);
  g_free (k), g_free (v), g_free (junk), g_free (kc), g_free (vc), g_free (q);
  g_free (o), g_free (lse), g_free (o_ref), g_free (lse_ref);
  ab_paged_pool_clear (&p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/paged-kv/fork-cow", test_fork_cow);
  g_test_add_func ("/kernels/paged-kv/check-catches", test_check_catches);
  g_test_add_func ("/kernels/paged-kv/random-workload", test_random_workload);
  for (guint i = 0; i < G_N_ELEMENTS (attn_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kernels/paged-kv/attention/%s", attn_cases[i].name);
      g_test_add_data_func (path, &attn_cases[i], test_attention);
    }
  return g_test_run ();
}

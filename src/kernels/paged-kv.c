/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paged-kv.c — block pool, block tables, fork and copy-on-write
 * (see paged-kv.h) */
#include "paged-kv.h"

#include <stdlib.h>
#include <string.h>

static size_t
block_floats (const AbPagedPool *p)
{
  return (size_t) p->kv_heads * p->block_size * p->head_dim;
}

AbKStatus
ab_paged_pool_init (AbPagedPool *p, int n_blocks, int block_size, int kv_heads,
                    int head_dim, AbKError *err)
{
  ab_kerror_clear (err);
  if (!p)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL pool");
  memset (p, 0, sizeof *p);
  if (n_blocks < 1 || block_size < 1 || kv_heads < 0 || head_dim < 0
      || (kv_heads > 0) != (head_dim > 0))
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "a pool needs ≥ 1 block of ≥ 1 token, and kv_heads and head_dim "
                          "both 0 (bookkeeping only) or both ≥ 1");
  if ((size_t) n_blocks * block_size > (size_t) 0x7fffffff)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "%d blocks of %d tokens overflow an int",
                          n_blocks, block_size);
  p->n_blocks = n_blocks;
  p->block_size = block_size;
  p->kv_heads = kv_heads;
  p->head_dim = head_dim;
  p->ref_count = calloc ((size_t) n_blocks, sizeof (int));
  p->fill = calloc ((size_t) n_blocks, sizeof (int));
  p->free_list = malloc ((size_t) n_blocks * sizeof (int));
  if (kv_heads > 0)
    {
      p->k = calloc ((size_t) n_blocks * block_floats (p), sizeof (float));
      p->v = calloc ((size_t) n_blocks * block_floats (p), sizeof (float));
    }
  if (!p->ref_count || !p->fill || !p->free_list || (kv_heads > 0 && (!p->k || !p->v)))
    {
      ab_paged_pool_clear (p);
      return ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for a pool of %d blocks",
                            n_blocks);
    }
  /* block 0 on top: a fresh pool hands out blocks 0, 1, 2, … */
  for (int i = 0; i < n_blocks; i++)
    p->free_list[i] = n_blocks - 1 - i;
  p->n_free = n_blocks;
  return AB_K_OK;
}

void
ab_paged_pool_clear (AbPagedPool *p)
{
  if (!p)
    return;
  for (int i = 0; i < p->n_seqs; i++)
    free (p->seqs[i].table);
  free (p->seqs);
  free (p->ref_count);
  free (p->fill);
  free (p->free_list);
  free (p->k);
  free (p->v);
  memset (p, 0, sizeof *p);
}

static AbPagedSeq *
get_seq (const AbPagedPool *p, int seq)
{
  if (!p || seq < 0 || seq >= p->n_seqs || !p->seqs[seq].live)
    return NULL;
  return &p->seqs[seq];
}

static int
new_seq_slot (AbPagedPool *p, AbKError *err)
{
  if (p->n_seqs == p->cap_seqs)
    {
      int cap = p->cap_seqs ? 2 * p->cap_seqs : 16;
      AbPagedSeq *s = realloc (p->seqs, (size_t) cap * sizeof *s);
      if (!s)
        {
          ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for sequence %d", p->n_seqs);
          return -1;
        }
      p->seqs = s;
      p->cap_seqs = cap;
    }
  p->seqs[p->n_seqs] = (AbPagedSeq) { 1, 0, 0, 0, NULL, -1 };
  return p->n_seqs++;
}

int
ab_paged_seq_new (AbPagedPool *p, AbKError *err)
{
  ab_kerror_clear (err);
  if (!p || !p->ref_count)
    {
      ab_kerror_set (err, AB_K_E_INVALID, 0, "the pool is not initialised");
      return -1;
    }
  return new_seq_slot (p, err);
}

static int
reserve_table (AbPagedSeq *s, int n)
{
  if (n <= s->cap_blocks)
    return 1;
  int cap = s->cap_blocks ? s->cap_blocks : 4;
  while (cap < n)
    cap *= 2;
  int *t = realloc (s->table, (size_t) cap * sizeof (int));
  if (!t)
    return 0;
  s->table = t;
  s->cap_blocks = cap;
  return 1;
}

int
ab_paged_blocks_needed (const AbPagedPool *p, int seq, int n_new)
{
  const AbPagedSeq *s = get_seq (p, seq);
  if (!s || n_new < 0)
    return -1;
  const int B = p->block_size;
  int used_in_last = s->n_tokens - (s->n_blocks - 1) * B;   /* valid if n_blocks > 0 */
  int room = s->n_blocks > 0 ? B - used_in_last : 0;
  int fresh = n_new > room ? (n_new - room + B - 1) / B : 0;
  int cow = n_new > 0 && room > 0 && p->ref_count[s->table[s->n_blocks - 1]] > 1;
  return fresh + cow;
}

static int
take_block (AbPagedPool *p)
{
  int b = p->free_list[--p->n_free];
  p->ref_count[b] = 1;
  p->fill[b] = 0;
  p->blocks_taken++;
  return b;
}

static void
drop_block (AbPagedPool *p, int b)
{
  if (--p->ref_count[b] == 0)
    {
      p->free_list[p->n_free++] = b;
      p->fill[b] = 0;
      p->blocks_returned++;
    }
}

static float *
slot_row (float *base, const AbPagedPool *p, int block, int head, int slot)
{
  return base + (((size_t) block * p->kv_heads + head) * p->block_size + slot) * p->head_dim;
}

AbKStatus
ab_paged_append (AbPagedPool *p, int seq, int n_new, const float *k, const float *v,
                 AbKError *err)
{
  ab_kerror_clear (err);
  AbPagedSeq *s = get_seq (p, seq);
  if (!s || n_new < 0)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "append to sequence %d: no such live "
                          "sequence, or a negative count", seq);
  if (n_new > 0x7fffffff - s->n_tokens)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "sequence %d would overflow an int", seq);
  const int B = p->block_size;
  int need = ab_paged_blocks_needed (p, seq, n_new);
  if (need > p->n_free)
    return ab_kerror_set (err, AB_K_E_FULL, 0,
                          "sequence %d needs %d more block%s, %d free", seq, need,
                          need == 1 ? "" : "s", p->n_free);
  int total_blocks = (s->n_tokens + n_new + B - 1) / B;
  if (!reserve_table (s, total_blocks))
    return ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for a block table");
  if (n_new == 0)
    return AB_K_OK;

  /* copy-on-write: the first write into a shared, partly filled block */
  if (s->n_blocks > 0)
    {
      int last = s->table[s->n_blocks - 1];
      if (p->fill[last] < B && p->ref_count[last] > 1)
        {
          int copy = take_block (p);
          if (p->k)
            {
              for (int h = 0; h < p->kv_heads; h++)
                {
                  size_t n = (size_t) p->fill[last] * p->head_dim * sizeof (float);
                  memcpy (slot_row (p->k, p, copy, h, 0), slot_row (p->k, p, last, h, 0), n);
                  memcpy (slot_row (p->v, p, copy, h, 0), slot_row (p->v, p, last, h, 0), n);
                }
            }
          p->fill[copy] = p->fill[last];
          drop_block (p, last);
          s->table[s->n_blocks - 1] = copy;
          p->cow_copies++;
        }
    }
  const size_t row = (size_t) p->kv_heads * p->head_dim;
  for (int t = 0; t < n_new; t++)
    {
      int pos = s->n_tokens;
      int j = pos / B, slot = pos % B;
      if (j == s->n_blocks)
        s->table[s->n_blocks++] = take_block (p);
      int b = s->table[j];
      if (p->k && k && v)
        for (int h = 0; h < p->kv_heads; h++)
          {
            memcpy (slot_row (p->k, p, b, h, slot), k + t * row + (size_t) h * p->head_dim,
                    (size_t) p->head_dim * sizeof (float));
            memcpy (slot_row (p->v, p, b, h, slot), v + t * row + (size_t) h * p->head_dim,
                    (size_t) p->head_dim * sizeof (float));
          }
      p->fill[b] = slot + 1;
      s->n_tokens++;
    }
  return AB_K_OK;
}

int
ab_paged_fork (AbPagedPool *p, int parent, AbKError *err)
{
  ab_kerror_clear (err);
  if (!get_seq (p, parent))
    {
      ab_kerror_set (err, AB_K_E_INVALID, 0, "fork of sequence %d: no such live sequence",
                     parent);
      return -1;
    }
  int id = new_seq_slot (p, err);    /* may move p->seqs */
  if (id < 0)
    return -1;
  AbPagedSeq *src = &p->seqs[parent], *dst = &p->seqs[id];
  if (!reserve_table (dst, src->n_blocks > 0 ? src->n_blocks : 1))
    {
      p->n_seqs--;
      ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory for a block table");
      return -1;
    }
  if (src->n_blocks > 0)
    memcpy (dst->table, src->table, (size_t) src->n_blocks * sizeof (int));
  dst->n_blocks = src->n_blocks;
  dst->n_tokens = src->n_tokens;
  dst->parent = parent;
  for (int j = 0; j < src->n_blocks; j++)
    p->ref_count[src->table[j]]++;
  return id;
}

AbKStatus
ab_paged_free (AbPagedPool *p, int seq, AbKError *err)
{
  ab_kerror_clear (err);
  AbPagedSeq *s = get_seq (p, seq);
  if (!s)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "free of sequence %d: no such live sequence",
                          seq);
  for (int j = 0; j < s->n_blocks; j++)
    drop_block (p, s->table[j]);
  free (s->table);
  *s = (AbPagedSeq) { 0, 0, 0, 0, NULL, s->parent };
  return AB_K_OK;
}

AbKStatus
ab_paged_check (const AbPagedPool *p, AbKError *err)
{
  ab_kerror_clear (err);
  if (!p || !p->ref_count)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "the pool is not initialised");
  const int B = p->block_size;
  AbKStatus st = AB_K_OK;
  int *refs = calloc ((size_t) p->n_blocks, sizeof (int));
  int *in_free = calloc ((size_t) p->n_blocks, sizeof (int));
  int *last_seen = malloc ((size_t) p->n_blocks * sizeof (int));
  if (!refs || !in_free || !last_seen)
    {
      st = ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory checking the pool");
      goto out;
    }
  for (int b = 0; b < p->n_blocks; b++)
    last_seen[b] = -1;
  for (int i = 0; i < p->n_seqs && st == AB_K_OK; i++)
    {
      const AbPagedSeq *s = &p->seqs[i];
      if (!s->live)
        {
          if (s->n_blocks != 0 || s->n_tokens != 0)
            st = ab_kerror_set (err, AB_K_E_INVALID, 0, "freed sequence %d still holds blocks", i);
          continue;
        }
      if (s->n_tokens < 0 || s->n_blocks != (s->n_tokens + B - 1) / B)
        {
          st = ab_kerror_set (err, AB_K_E_INVALID, 0,
                              "sequence %d: %d tokens in %d blocks of %d", i, s->n_tokens,
                              s->n_blocks, B);
          break;
        }
      for (int j = 0; j < s->n_blocks; j++)
        {
          int b = s->table[j];
          if (b < 0 || b >= p->n_blocks)
            {
              st = ab_kerror_set (err, AB_K_E_INVALID, 0, "sequence %d: logical block %d → %d, "
                                  "outside the pool", i, j, b);
              break;
            }
          if (last_seen[b] == i)
            {
              st = ab_kerror_set (err, AB_K_E_INVALID, 0,
                                  "sequence %d lists physical block %d twice", i, b);
              break;
            }
          last_seen[b] = i;
          refs[b]++;
          int want = j < s->n_blocks - 1 ? B : s->n_tokens - j * B;
          if (p->fill[b] != want)
            {
              st = ab_kerror_set (err, AB_K_E_INVALID, 0,
                                  "block %d holds %d tokens; sequence %d expects %d there",
                                  b, p->fill[b], i, want);
              break;
            }
        }
    }
  if (st != AB_K_OK)
    goto out;
  if (p->n_free < 0 || p->n_free > p->n_blocks)
    {
      st = ab_kerror_set (err, AB_K_E_INVALID, 0, "free list length %d of %d blocks",
                          p->n_free, p->n_blocks);
      goto out;
    }
  for (int f = 0; f < p->n_free; f++)
    {
      int b = p->free_list[f];
      if (b < 0 || b >= p->n_blocks || in_free[b]++)
        {
          st = ab_kerror_set (err, AB_K_E_INVALID, 0, "block %d is on the free list twice "
                              "(or is not a block)", b);
          goto out;
        }
    }
  for (int b = 0; b < p->n_blocks; b++)
    {
      if (p->ref_count[b] != refs[b])
        {
          st = ab_kerror_set (err, AB_K_E_INVALID, 0,
                              "block %d: reference count %d, but %d table entries point at it",
                              b, p->ref_count[b], refs[b]);
          goto out;
        }
      if ((refs[b] == 0) != (in_free[b] == 1))
        {
          st = ab_kerror_set (err, AB_K_E_INVALID, 0, refs[b] == 0
                              ? "block %d is neither used nor free (a leak)"
                              : "block %d is in use and on the free list", b);
          goto out;
        }
    }
out:
  free (refs);
  free (in_free);
  free (last_seen);
  return st;
}

int
ab_paged_used_slots (const AbPagedPool *p)
{
  int n = 0;
  for (int b = 0; p && b < p->n_blocks; b++)
    if (p->ref_count[b] > 0)
      n += p->fill[b];
  return n;
}

int
ab_paged_allocated_slots (const AbPagedPool *p)
{
  return p ? (p->n_blocks - p->n_free) * p->block_size : 0;
}

static const float *
row_at (const AbPagedPool *p, const float *base, int seq, int t, int h)
{
  const AbPagedSeq *s = get_seq (p, seq);
  if (!s || !base || t < 0 || t >= s->n_tokens || h < 0 || h >= p->kv_heads)
    return NULL;
  return slot_row ((float *) base, p, s->table[t / p->block_size], h, t % p->block_size);
}

const float *
ab_paged_k_row (const AbPagedPool *p, int seq, int t, int h)
{
  return p ? row_at (p, p->k, seq, t, h) : NULL;
}

const float *
ab_paged_v_row (const AbPagedPool *p, int seq, int t, int h)
{
  return p ? row_at (p, p->v, seq, t, h) : NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paged-kv.h — a paged KV-cache allocator with copy-on-write, and
 * attention that reads K/V through the block tables
 *
 * PagedAttention (Kwon et al., arXiv:2309.06180, §4.1–4.4) stores the KV
 * cache the way an OS stores process memory: a pool of fixed-size physical
 * blocks (block_size tokens each; vLLM's default is 16, FACTS 67), and per
 * sequence a block table mapping logical block j (tokens j·B … j·B+B−1)
 * to a physical block anywhere in the pool. Only a sequence's last block
 * can be partly filled, so at most B − 1 slots per sequence are wasted and
 * any free block fits any request: no external fragmentation.
 *
 * Sharing (§4.4). ab_paged_fork gives a new sequence the parent's table
 * and raises each block's reference count — parallel sampling and beam
 * search share the prompt's blocks. A write into a block whose count is
 * > 1 first copies it ("copy-on-write"): the writer gets a private copy
 * (count 1), the others keep the original, whose count drops by one.
 * Full shared blocks are never written again, so only a shared partly
 * filled last block is ever copied.
 *
 * The pool can carry the K and V values themselves (kv_heads × head_dim
 * floats per token each, blocks laid out [block][kv_head][slot][d]) so
 * ab_paged_attention can read them; with kv_heads = 0 it keeps only the
 * bookkeeping (the serving simulator). When the pool is out of blocks an
 * append returns AB_K_E_FULL and changes nothing; what to do then
 * (preempt a sequence, wait) is the scheduler's choice — serving-sim.h.
 *
 * Invariants (ab_paged_check): a block's count equals the number of table
 * entries that point at it; counts are never negative; the free list holds
 * each block with count 0 exactly once and nothing else; a table never
 * lists a block twice; a sequence of n tokens has ⌈n / B⌉ blocks, all full
 * but the last. Pure C11; a pool is used from one thread.
 */
#pragma once

#include <stdint.h>

#include "ab-kerror.h"
#include "attention.h"

typedef struct
{
  int  live;          /* 0 once freed */
  int  n_tokens;
  int  n_blocks;      /* entries of table in use */
  int  cap_blocks;
  int *table;         /* logical block → physical block */
  int  parent;        /* the sequence this one was forked from, −1 if none */
} AbPagedSeq;

typedef struct
{
  int         n_blocks;
  int         block_size;
  int         kv_heads, head_dim;  /* payload per token; 0 = bookkeeping only */
  int        *ref_count;           /* [n_blocks] */
  int        *fill;                /* [n_blocks] slots written (valid when ref > 0) */
  int        *free_list;           /* stack of free blocks; the top is reused first */
  int         n_free;
  float      *k, *v;               /* [n_blocks][kv_heads][block_size][head_dim] or NULL */
  AbPagedSeq *seqs;                /* sequence ids index this array; ids are not reused */
  int         n_seqs, cap_seqs;
  /* running totals */
  uint64_t    blocks_taken;        /* blocks moved off the free list */
  uint64_t    blocks_returned;     /* blocks put back */
  uint64_t    cow_copies;
} AbPagedPool;

AbKStatus ab_paged_pool_init  (AbPagedPool *pool, int n_blocks, int block_size,
                               int kv_heads, int head_dim, AbKError *err);
void      ab_paged_pool_clear (AbPagedPool *pool);

/* A new empty sequence; returns its id (≥ 0) or −1 (AB_K_E_NOMEM in err). */
int       ab_paged_seq_new    (AbPagedPool *pool, AbKError *err);
/* Blocks an append of @n_new tokens would take off the free list (new
 * blocks plus a copy-on-write of a shared, partly filled last block). */
int       ab_paged_blocks_needed (const AbPagedPool *pool, int seq, int n_new);
/* Appends @n_new tokens; k and v are [n_new][kv_heads][head_dim] (NULL
 * for a bookkeeping pool, or to leave the values unset). AB_K_E_FULL (and
 * no change at all) when the free list is too short. */
AbKStatus ab_paged_append     (AbPagedPool *pool, int seq, int n_new,
                               const float *k, const float *v, AbKError *err);
/* A new sequence sharing every block of @parent; returns its id or −1. */
int       ab_paged_fork       (AbPagedPool *pool, int parent, AbKError *err);
/* Releases the sequence's blocks (a block returns to the free list when
 * its count reaches 0). Freeing a freed sequence is AB_K_E_INVALID. */
AbKStatus ab_paged_free       (AbPagedPool *pool, int seq, AbKError *err);

/* Checks every invariant listed above; AB_K_E_INVALID names the first
 * one broken. */
AbKStatus ab_paged_check      (const AbPagedPool *pool, AbKError *err);

/* Slots written in blocks that are in use (each physical block counted
 * once, so a shared prefix counts once), slots allocated (blocks in use ×
 * block_size), and their difference: the internal fragmentation. */
int       ab_paged_used_slots      (const AbPagedPool *pool);
int       ab_paged_allocated_slots (const AbPagedPool *pool);
/* K (or V) row of token @t of @seq for @kv_head, through the block table;
 * NULL for a bookkeeping pool or a bad index. */
const float *ab_paged_k_row (const AbPagedPool *pool, int seq, int t, int kv_head);
const float *ab_paged_v_row (const AbPagedPool *pool, int seq, int t, int kv_head);

/* PagedAttention: @q_heads query heads ([q_heads][n_q][d]) of sequence
 * @seq attend to its K/V read block by block through its table, with a
 * running max and sum per row (the online softmax), grouped-query style
 * when q_heads > kv_heads (query head h reads K/V head h / (q_heads /
 * kv_heads)). shape->n_kv must equal the sequence's length and shape->d
 * the pool's head_dim; masks, scale and the lse convention follow
 * attention.h (a fully masked row gets 0 and −inf). o: [q_heads][n_q][d];
 * lse: [q_heads][n_q] or NULL. paged-attention.c. */
AbAttnStatus ab_paged_attention (const AbPagedPool *pool, int seq,
                                 const AbAttnShape *shape, int q_heads,
                                 const float *q, float *o, float *lse,
                                 AbAttnError *err);

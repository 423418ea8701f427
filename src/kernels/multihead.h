/* SPDX-License-Identifier: GPL-3.0-or-later */
/* multihead.h — multi-head self-attention with four constructed heads
 *
 * Multi-head attention (Vaswani et al., arXiv:1706.03762, §3.2.2) runs h
 * scaled dot-product attentions side by side, each with its own projections:
 *     head_i = softmax((X W_i^Q)(X W_i^K)ᵀ / √d_k) (X W_i^V)
 *     MultiHead(X) = Concat(head_1, …, head_h) W^O
 *
 * Clark et al., "What Does BERT Look At?" (arXiv:1906.04341) found heads in a
 * trained BERT with recognisable behaviour: attending to the previous token,
 * from a word to its syntactic head, from a pronoun to what it refers to, and
 * broadly to [SEP]. This kernel does not train anything. It builds a toy
 * embedding of one sentence and CONSTRUCTS the query/key projections of four
 * heads so that a real softmax over real dot products shows those four
 * patterns (plus seeded random "content" noise, so the weights are not
 * perfectly clean). The construction is documented in multihead.c.
 *
 * Sentence: "[CLS] The animal didn't cross the street because it was too
 * tired [SEP]", one token per word (BERT's WordPiece would split "didn't").
 *
 * Pure C11, no GLib; double precision; deterministic for a given seed.
 */
#pragma once

#include <stdint.h>

#define AB_MHA_N        13   /* tokens */
#define AB_MHA_HEADS     4
#define AB_MHA_D_MODEL  24   /* 13 position + 4 feature + 7 content components */
#define AB_MHA_D_K      16
#define AB_MHA_D_V      16
#define AB_MHA_DEFAULT_SEED 2019

typedef enum
{
  AB_MHA_HEAD_PREVIOUS,     /* each token → the token before it */
  AB_MHA_HEAD_SYNTAX,       /* each word → its syntactic head (no head: [SEP]) */
  AB_MHA_HEAD_COREFERENCE,  /* "it" → "animal"; other tokens mostly → themselves */
  AB_MHA_HEAD_BROADCAST,    /* every token → [SEP] */
} AbMhaHead;

typedef struct
{
  uint64_t seed;
  double x[AB_MHA_N][AB_MHA_D_MODEL];                 /* token embeddings */
  double scores[AB_MHA_HEADS][AB_MHA_N][AB_MHA_N];    /* QKᵀ/√d_k per head */
  double weights[AB_MHA_HEADS][AB_MHA_N][AB_MHA_N];   /* softmax rows */
  double heads_out[AB_MHA_HEADS][AB_MHA_N][AB_MHA_D_V];  /* P_h V_h */
  double output[AB_MHA_N][AB_MHA_D_MODEL];            /* Concat(…) W^O */
} AbMhaResult;

/* Returns 0 on success. */
int         ab_mha_run (uint64_t seed, AbMhaResult *out);

const char *ab_mha_token (int index);        /* "[CLS]", "The", …, "[SEP]" */
int         ab_mha_find_token (const char *word);   /* first match, −1 if none */
const char *ab_mha_head_name (AbMhaHead head);      /* "previous token", … */
const char *ab_mha_head_key (AbMhaHead head);       /* "previous", "syntax", "coref", "broadcast" */
/* The token the construction intends @query to attend to most in @head. */
int         ab_mha_intended_target (AbMhaHead head, int query);
/* argmax_j weights[head][query][j] of a result. */
int         ab_mha_argmax (const AbMhaResult *res, AbMhaHead head, int query);

/* For the tests: the projections of one head (d_model × d_k / d_v) and the
 * output projection (heads·d_v × d_model) for a seed. */
void        ab_mha_projections (uint64_t seed, AbMhaHead head,
                                double wq[AB_MHA_D_MODEL][AB_MHA_D_K],
                                double wk[AB_MHA_D_MODEL][AB_MHA_D_K],
                                double wv[AB_MHA_D_MODEL][AB_MHA_D_V]);
void        ab_mha_output_projection (uint64_t seed,
                                      double wo[AB_MHA_HEADS * AB_MHA_D_V][AB_MHA_D_MODEL]);
void        ab_mha_embeddings (uint64_t seed, double x[AB_MHA_N][AB_MHA_D_MODEL]);

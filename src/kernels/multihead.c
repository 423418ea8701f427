/* SPDX-License-Identifier: GPL-3.0-or-later */
/* multihead.c — four constructed attention heads (see multihead.h)
 *
 * The toy embedding of token t (d_model = 24):
 *   components 0…12   one-hot position of t
 *   component  13     1 if t is [SEP]
 *   component  14     1 if t is a pronoun ("it")
 *   component  15     1 if t is an animate noun ("animal")
 *   component  16     1 for every token (a bias)
 *   components 17…23  "content": seeded N(0, 1) noise
 * The key/query space of each head (d_k = 16) uses components 0…12 for
 * positions and 13…15 as three extra channels. A query and a key score high
 * when they put weight in the same channel, so each head is a small table:
 *   previous   W_Q sends position i to channel i−1 (i = 0 to itself),
 *              W_K sends position j to channel j.
 *   syntax     W_Q sends position i to the channel of i's syntactic head in a
 *              hand-annotated dependency parse; tokens with no head ([CLS],
 *              the root verb, [SEP]) go to channel 15, which W_K fills from
 *              the "is [SEP]" feature: Clark et al.'s "attend to [SEP] as a
 *              no-op".
 *   coref      W_Q sends "is pronoun" to channel 13 and W_K sends "is animate
 *              noun" there too (strength 5); a weaker diagonal (3.5) makes other
 *              tokens look at themselves.
 *   broadcast  W_Q sends the bias to channel 14 and W_K sends "is [SEP]" there.
 * Every head also reads the content noise through N(0, 0.15²) weights, and W_V,
 * W_O are seeded N(0, 1/fan_in). Strength 4 on each side gives a raw score of
 * 16, i.e. 4 after the division by √d_k = 4: about 0.8 of the weight when the
 * other twelve logits are near 0.
 */
#include "multihead.h"
#include "ab-rng.h"

#include <math.h>
#include <string.h>

enum
{
  FEAT_SEP = AB_MHA_N,
  FEAT_PRONOUN,
  FEAT_ANIMATE,
  FEAT_BIAS,
  FEAT_CONTENT,
};
#define N_CONTENT (AB_MHA_D_MODEL - FEAT_CONTENT)

enum { CH_COREF = AB_MHA_N, CH_BROADCAST, CH_NOOP };

static const char *const tokens[AB_MHA_N] = {
  "[CLS]", "The", "animal", "didn't", "cross", "the", "street",
  "because", "it", "was", "too", "tired", "[SEP]",
};
#define TOK_SEP     12
#define TOK_IT       8
#define TOK_ANIMAL   2
#define NO_HEAD     -1

/* Dependency heads (Universal Dependencies style): The→animal (det),
 * animal→cross (nsubj), didn't→cross (aux), the→street (det), street→cross
 * (obj), because/it/was/too→tired (mark/nsubj/cop/advmod), tired→cross
 * (advcl). "cross" is the root. */
static const int syntactic_head[AB_MHA_N] = {
  NO_HEAD, 2, 4, 4, NO_HEAD, 6, 4, 11, 11, 11, 11, 4, NO_HEAD,
};

static const char *const head_names[AB_MHA_HEADS] = {
  "previous token", "syntactic head", "coreference", "broadcast to [SEP]",
};
static const char *const head_keys[AB_MHA_HEADS] = {
  "previous", "syntax", "coref", "broadcast",
};

#define STRENGTH       4.0
#define COREF_STRENGTH 5.0
#define SELF_STRENGTH  3.5
#define NOISE_SIGMA    0.15

const char *
ab_mha_token (int index)
{
  return index >= 0 && index < AB_MHA_N ? tokens[index] : NULL;
}

int
ab_mha_find_token (const char *word)
{
  for (int i = 0; word && i < AB_MHA_N; i++)
    if (strcmp (tokens[i], word) == 0)
      return i;
  return -1;
}

const char *
ab_mha_head_name (AbMhaHead head)
{
  return head < AB_MHA_HEADS ? head_names[head] : "?";
}

const char *
ab_mha_head_key (AbMhaHead head)
{
  return head < AB_MHA_HEADS ? head_keys[head] : "?";
}

int
ab_mha_intended_target (AbMhaHead head, int query)
{
  if (query < 0 || query >= AB_MHA_N)
    return -1;
  switch (head)
    {
    case AB_MHA_HEAD_PREVIOUS:
      return query == 0 ? 0 : query - 1;
    case AB_MHA_HEAD_SYNTAX:
      return syntactic_head[query] == NO_HEAD ? TOK_SEP : syntactic_head[query];
    case AB_MHA_HEAD_COREFERENCE:
      return query == TOK_IT ? TOK_ANIMAL : query;
    case AB_MHA_HEAD_BROADCAST:
      return TOK_SEP;
    default:
      return -1;
    }
}

void
ab_mha_embeddings (uint64_t seed, double x[AB_MHA_N][AB_MHA_D_MODEL])
{
  AbRng rng;

  ab_rng_init (&rng, seed);
  memset (x, 0, sizeof (double) * AB_MHA_N * AB_MHA_D_MODEL);
  for (int t = 0; t < AB_MHA_N; t++)
    {
      x[t][t] = 1;
      x[t][FEAT_SEP] = t == TOK_SEP;
      x[t][FEAT_PRONOUN] = t == TOK_IT;
      x[t][FEAT_ANIMATE] = t == TOK_ANIMAL;
      x[t][FEAT_BIAS] = 1;
      for (int c = FEAT_CONTENT; c < AB_MHA_D_MODEL; c++)
        x[t][c] = ab_rng_normal (&rng);
    }
}

void
ab_mha_projections (uint64_t seed, AbMhaHead head,
                    double wq[AB_MHA_D_MODEL][AB_MHA_D_K],
                    double wk[AB_MHA_D_MODEL][AB_MHA_D_K],
                    double wv[AB_MHA_D_MODEL][AB_MHA_D_V])
{
  AbRng rng;

  /* One stream per head, independent of the embeddings' stream. */
  ab_rng_init (&rng, seed * 1000003u + 17u * (head + 1));
  memset (wq, 0, sizeof (double) * AB_MHA_D_MODEL * AB_MHA_D_K);
  memset (wk, 0, sizeof (double) * AB_MHA_D_MODEL * AB_MHA_D_K);

  for (int c = FEAT_CONTENT; c < AB_MHA_D_MODEL; c++)
    for (int k = 0; k < AB_MHA_D_K; k++)
      {
        wq[c][k] = NOISE_SIGMA * ab_rng_normal (&rng);
        wk[c][k] = NOISE_SIGMA * ab_rng_normal (&rng);
      }
  for (int m = 0; m < AB_MHA_D_MODEL; m++)
    for (int v = 0; v < AB_MHA_D_V; v++)
      wv[m][v] = ab_rng_normal (&rng) / sqrt ((double) AB_MHA_D_MODEL);

  switch (head)
    {
    case AB_MHA_HEAD_PREVIOUS:
      for (int t = 0; t < AB_MHA_N; t++)
        {
          wq[t][t == 0 ? 0 : t - 1] = STRENGTH;
          wk[t][t] = STRENGTH;
        }
      break;
    case AB_MHA_HEAD_SYNTAX:
      for (int t = 0; t < AB_MHA_N; t++)
        {
          wq[t][syntactic_head[t] == NO_HEAD ? CH_NOOP : syntactic_head[t]] = STRENGTH;
          wk[t][t] = STRENGTH;
        }
      wk[FEAT_SEP][CH_NOOP] = STRENGTH;
      break;
    case AB_MHA_HEAD_COREFERENCE:
      for (int t = 0; t < AB_MHA_N; t++)
        {
          wq[t][t] = SELF_STRENGTH;
          wk[t][t] = SELF_STRENGTH;
        }
      wq[FEAT_PRONOUN][CH_COREF] = COREF_STRENGTH;
      wk[FEAT_ANIMATE][CH_COREF] = COREF_STRENGTH;
      break;
    case AB_MHA_HEAD_BROADCAST:
      wq[FEAT_BIAS][CH_BROADCAST] = STRENGTH;
      wk[FEAT_SEP][CH_BROADCAST] = STRENGTH;
      break;
    default:
      break;
    }
}

void
ab_mha_output_projection (uint64_t seed, double wo[AB_MHA_HEADS * AB_MHA_D_V][AB_MHA_D_MODEL])
{
  AbRng rng;

  ab_rng_init (&rng, seed * 1000003u + 99u);
  for (int r = 0; r < AB_MHA_HEADS * AB_MHA_D_V; r++)
    for (int c = 0; c < AB_MHA_D_MODEL; c++)
      wo[r][c] = ab_rng_normal (&rng) / sqrt ((double) (AB_MHA_HEADS * AB_MHA_D_V));
}

int
ab_mha_run (uint64_t seed, AbMhaResult *out)
{
  static double wo[AB_MHA_HEADS * AB_MHA_D_V][AB_MHA_D_MODEL];
  double wq[AB_MHA_D_MODEL][AB_MHA_D_K], wk[AB_MHA_D_MODEL][AB_MHA_D_K];
  double wv[AB_MHA_D_MODEL][AB_MHA_D_V];
  double q[AB_MHA_N][AB_MHA_D_K], k[AB_MHA_N][AB_MHA_D_K], v[AB_MHA_N][AB_MHA_D_V];
  const double scale = 1.0 / sqrt ((double) AB_MHA_D_K);

  if (out == NULL)
    return -1;
  memset (out, 0, sizeof *out);
  out->seed = seed;
  ab_mha_embeddings (seed, out->x);

  for (int h = 0; h < AB_MHA_HEADS; h++)
    {
      ab_mha_projections (seed, h, wq, wk, wv);
      memset (q, 0, sizeof q);
      memset (k, 0, sizeof k);
      memset (v, 0, sizeof v);
      for (int t = 0; t < AB_MHA_N; t++)
        for (int m = 0; m < AB_MHA_D_MODEL; m++)
          {
            double xm = out->x[t][m];
            if (xm == 0)
              continue;
            for (int c = 0; c < AB_MHA_D_K; c++)
              {
                q[t][c] += xm * wq[m][c];
                k[t][c] += xm * wk[m][c];
              }
            for (int c = 0; c < AB_MHA_D_V; c++)
              v[t][c] += xm * wv[m][c];
          }

      for (int i = 0; i < AB_MHA_N; i++)
        {
          double max = -INFINITY, sum = 0;
          for (int j = 0; j < AB_MHA_N; j++)
            {
              double dot = 0;
              for (int c = 0; c < AB_MHA_D_K; c++)
                dot += q[i][c] * k[j][c];
              out->scores[h][i][j] = dot * scale;
              max = fmax (max, out->scores[h][i][j]);
            }
          for (int j = 0; j < AB_MHA_N; j++)
            sum += out->weights[h][i][j] = exp (out->scores[h][i][j] - max);
          for (int j = 0; j < AB_MHA_N; j++)
            out->weights[h][i][j] /= sum;
          for (int j = 0; j < AB_MHA_N; j++)
            for (int c = 0; c < AB_MHA_D_V; c++)
              out->heads_out[h][i][c] += out->weights[h][i][j] * v[j][c];
        }
    }

  /* Concatenate the heads along the feature axis and project back. */
  ab_mha_output_projection (seed, wo);
  for (int t = 0; t < AB_MHA_N; t++)
    for (int h = 0; h < AB_MHA_HEADS; h++)
      for (int c = 0; c < AB_MHA_D_V; c++)
        for (int m = 0; m < AB_MHA_D_MODEL; m++)
          out->output[t][m] += out->heads_out[h][t][c] * wo[h * AB_MHA_D_V + c][m];
  return 0;
}

int
ab_mha_argmax (const AbMhaResult *res, AbMhaHead head, int query)
{
  int best = 0;

  for (int j = 1; j < AB_MHA_N; j++)
    if (res->weights[head][query][j] > res->weights[head][query][best])
      best = j;
  return best;
}

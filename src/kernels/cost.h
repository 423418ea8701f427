/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cost.h — the N² memory arithmetic of self-attention
 *
 * Self-attention (Vaswani et al., arXiv:1706.03762) materialises, per head and
 * per layer, an N × N matrix of scores (and, after the softmax, of weights).
 * Its size is N² elements × the bytes per element (FP32 4, FP16/BF16 2,
 * FP8 1). Stored for every head of every layer, as a training step keeps it
 * for the backward pass, one sample costs N² · heads · layers elements.
 * This is the one copy of P; eager frameworks also keep the dropout mask and
 * the post-dropout weights, so real usage is higher (book FACTS #8).
 *
 * Pure C11, no GLib. Sizes are exact integers (uint64).
 */
#pragma once

#include <stdint.h>

typedef struct
{
  const char *key;      /* "bert-base" */
  const char *name;     /* "BERT-base" */
  int         layers;
  int         heads;    /* heads per layer */
  int         max_n;    /* context length the model was trained for */
  int         year;
} AbCostModel;

/* Bytes per element of a precision named "fp32", "fp16", "bf16" or "fp8";
 * 0 if unknown. */
int                ab_cost_precision_bytes (const char *name);

/* Elements and bytes of one N × N matrix. */
uint64_t           ab_cost_matrix_elements (uint64_t n);
uint64_t           ab_cost_matrix_bytes    (uint64_t n, int bytes_per_element);
/* One matrix per head per layer, for one sample. */
uint64_t           ab_cost_stack_elements  (uint64_t n, int heads, int layers);
uint64_t           ab_cost_stack_bytes     (uint64_t n, int heads, int layers,
                                            int bytes_per_element);

/* Models the book quotes: BERT-base/large (Devlin et al., arXiv:1810.04805),
 * GPT-2 small (Radford et al., 2019), Transformer base/big (Vaswani et al.). */
int                ab_cost_n_models (void);
const AbCostModel *ab_cost_model    (int index);
const AbCostModel *ab_cost_find_model (const char *key);   /* NULL if unknown */

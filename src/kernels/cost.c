/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cost.c — the N² memory arithmetic (see cost.h) */
#include "cost.h"

#include <stddef.h>
#include <string.h>

static const AbCostModel models[] = {
  /* Vaswani et al. Table 3: base 6 layers, h = 8; big h = 16. Counts the
   * encoder's self-attention only; max_n is BERT's 512 for comparison — the
   * paper trained on sentences tens of tokens long (FACTS #6). */
  { "transformer-base", "Transformer base", 6, 8, 512, 2017 },
  { "transformer-big", "Transformer big", 6, 16, 512, 2017 },
  /* Devlin et al. §3: BERT-base L=12, A=12; BERT-large L=24, A=16; N ≤ 512. */
  { "bert-base", "BERT-base", 12, 12, 512, 2018 },
  { "bert-large", "BERT-large", 24, 16, 512, 2018 },
  /* Radford et al. 2019, smallest GPT-2: 12 layers, 12 heads, context 1024. */
  { "gpt2-small", "GPT-2 small", 12, 12, 1024, 2019 },
};

int
ab_cost_precision_bytes (const char *name)
{
  if (name == NULL)
    return 0;
  if (strcmp (name, "fp32") == 0)
    return 4;
  if (strcmp (name, "fp16") == 0 || strcmp (name, "bf16") == 0)
    return 2;
  if (strcmp (name, "fp8") == 0)
    return 1;
  return 0;
}

uint64_t
ab_cost_matrix_elements (uint64_t n)
{
  return n * n;
}

uint64_t
ab_cost_matrix_bytes (uint64_t n, int bytes_per_element)
{
  return ab_cost_matrix_elements (n) * (uint64_t) bytes_per_element;
}

uint64_t
ab_cost_stack_elements (uint64_t n, int heads, int layers)
{
  return ab_cost_matrix_elements (n) * (uint64_t) heads * (uint64_t) layers;
}

uint64_t
ab_cost_stack_bytes (uint64_t n, int heads, int layers, int bytes_per_element)
{
  return ab_cost_stack_elements (n, heads, layers) * (uint64_t) bytes_per_element;
}

int
ab_cost_n_models (void)
{
  return (int) (sizeof models / sizeof models[0]);
}

const AbCostModel *
ab_cost_model (int index)
{
  return index >= 0 && index < ab_cost_n_models () ? &models[index] : NULL;
}

const AbCostModel *
ab_cost_find_model (const char *key)
{
  for (int i = 0; key && i < ab_cost_n_models (); i++)
    if (strcmp (models[i].key, key) == 0)
      return &models[i];
  return NULL;
}

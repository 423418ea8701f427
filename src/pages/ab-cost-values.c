/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cost-values.c — the `cost` family of book values (N² memory arithmetic), a typed table
 *
 * The page quotes sizes of N × N attention matrices. Every figure is computed
 * here from N, the precision and the model's heads × layers, and the
 * transformer tests check them against shared/FACTS.md #7, #8, #10 and #11.
 */
#define G_LOG_DOMAIN "ab-cost-values"

#include "ab-format.h"
#include "ab-values.h"
#include "cost.h"

#include <glib/gi18n.h>
#include <string.h>

/* Formatters ab-format.h does not have (yet) ----------------------------- */

/* At most @decimals decimals, trailing zeros dropped: 64.00 → "64", 37.75 → "37.7". */
/* Values ---------------------------------------------------------------------- */

/* The parts every key shape shares. MODEL lists the keys of cost.c's models;
 * a getter looks the chosen word up there, so the table stays the truth. */
#define N     "n{1..16777216}"
#define PREC  "{fp32|fp16|bf16|fp8}"
#define MODEL "{transformer-base|transformer-big|bert-base|bert-large|gpt2-small}"

/* The argument at @i as a precision's bytes per element or a model. */
#define PREC_BYTES(i) ab_cost_precision_bytes (args->words[i])

static const AbCostModel *
model_arg (const AbValueArgs *args, GError **error)
{
  const AbCostModel *model = ab_cost_find_model (args->words[0]);

  if (model == NULL)
    g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE,
                 _("the cost kernel has no model “%s”"), args->words[0]);
  return model;
}

static char *
get_matrix (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) ab_cost_matrix_bytes (args->ints[0], PREC_BYTES (1)));
}

static char *
get_matrix_decimal (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes_decimal ((double) ab_cost_matrix_bytes (args->ints[0], PREC_BYTES (1)));
}

static char *
get_elements (const AbValueArgs *args, GError **error)
{
  return ab_format_count (ab_cost_matrix_elements (args->ints[0]));
}

static char *
get_growth (const AbValueArgs *args, GError **error)
{
  double a = args->ints[0], b = args->ints[1];
  return ab_format_trimmed (b * b / (a * a), 2);
}

static char *
get_attn_params (const AbValueArgs *args, GError **error)
{
  guint64 d = (guint64) args->ints[0];
  return ab_format_count (4 * d * d);
}

/* Arguments: batch, layers, heads, N, precision. */
static char *
get_batch (const AbValueArgs *args, GError **error)
{
  guint64 stack = ab_cost_stack_bytes (args->ints[3], args->ints[2], args->ints[1], PREC_BYTES (4));
  return ab_format_bytes ((double) (stack * (guint64) args->ints[0]));
}

/* Arguments: layers, heads, N, precision. */
static char *
get_stack (const AbValueArgs *args, GError **error)
{
  return ab_format_bytes ((double) ab_cost_stack_bytes (args->ints[2], args->ints[1], args->ints[0],
                                                        PREC_BYTES (3)));
}

/* The model's own shape: the literal part after it says which number. */
static char *
get_matrices (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? g_strdup_printf ("%d", m->heads * m->layers) : NULL;
}

static char *
get_layers (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? g_strdup_printf ("%d", m->layers) : NULL;
}

static char *
get_heads (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? g_strdup_printf ("%d", m->heads) : NULL;
}

/* Arguments: model, N[, precision]. */
static char *
get_model_elements (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? ab_format_count (ab_cost_stack_elements (args->ints[1], m->heads, m->layers)) : NULL;
}

static char *
get_model_millions (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? ab_format_trimmed (ab_cost_stack_elements (args->ints[1], m->heads, m->layers) / 1e6, 1) : NULL;
}

static char *
get_model_decimal (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? ab_format_bytes_decimal ((double) ab_cost_stack_bytes (args->ints[1], m->heads, m->layers, PREC_BYTES (2)))
           : NULL;
}

static char *
get_model_bytes (const AbValueArgs *args, GError **error)
{
  const AbCostModel *m = model_arg (args, error);
  return m ? ab_format_bytes ((double) ab_cost_stack_bytes (args->ints[1], m->heads, m->layers,
                                                            PREC_BYTES (2)))
           : NULL;
}

static const AbValueSpec cost_values[] = {
  { "matrix." N "." PREC, get_matrix, "bytes of one N × N matrix (\"0.5 MiB\")" },
  { "matrix-decimal." N "." PREC, get_matrix_decimal, "the same in decimal units (\"524 kB\")" },
  { "elements." N, get_elements, "N² (\"262,144\")" },
  { "growth." N "." N, get_growth, "(B / A)²: how many times bigger (\"16\")" },
  { "attn-params.d{1..1048576}", get_attn_params,
    "weights in one layer's W^Q, W^K, W^V, W^O: 4·D² (\"1,048,576\" for D = 512)" },
  { "batch.b{1..1048576}.l{1..1000}.h{1..1000}." N "." PREC, get_batch,
    "the stack for a batch of B sequences" },
  { "stack.l{1..1000}.h{1..1000}." N "." PREC, get_stack, "N² × H × L matrices of PREC (\"192 MiB\")" },
  { MODEL ".matrices", get_matrices, "heads × layers (\"144\")" },
  { MODEL ".layers", get_layers, "the model's layers" },
  { MODEL ".heads", get_heads, "the model's heads per layer" },
  { MODEL ".elements." N, get_model_elements, "N² × heads × layers (\"37,748,736\")" },
  { MODEL ".millions." N, get_model_millions, "the same in millions (\"37.7\")" },
  { MODEL ".decimal." N "." PREC, get_model_decimal, "one sample's matrices in decimal units (\"75.5 MB\")" },
  { MODEL "." N "." PREC, get_model_bytes, "one matrix per head per layer, one sample (\"72 MiB\")" },
};

AB_VALUE_FAMILY (ab_cost_values, "cost", cost_values);

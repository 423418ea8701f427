/* ab-cost-values.c — numbers for the quadratic-cost page, from src/kernels/cost.c
 *
 * The page quotes sizes of N × N attention matrices. Every figure is computed
 * here from N, the precision and the model's heads × layers, and the
 * transformer tests check them against shared/FACTS.md #7, #8, #10 and #11.
 */
#define G_LOG_DOMAIN "ab-cost-values"

#include "ab-cost-values.h"
#include "ab-book-values.h"
#include "ab-draw.h"
#include "cost.h"

#include <math.h>
#include <string.h>

static char *
trim_number (double v, int decimals)
{
  char *s = g_strdup_printf ("%.*f", decimals, v);
  char *dot = strchr (s, '.');

  if (dot)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return s;
}

char *
ab_cost_format_bytes_decimal (guint64 bytes)
{
  static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
  double v = (double) bytes;
  guint u = 0;
  g_autofree char *num = NULL;

  while (v >= 1000.0 && u < G_N_ELEMENTS (units) - 1)
    {
      v /= 1000.0;
      u++;
    }
  num = trim_number (v, v < 10 ? 2 : v < 100 ? 1 : 0);
  return g_strdup_printf ("%s %s", num, units[u]);
}

char *
ab_cost_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_n (const char *s, int *n)
{
  return ab_book_value_parse_int (s, 'n', 1, 1 << 24, n);
}

/* Keys (N is a sequence length, PREC one of fp32, fp16, bf16, fp8; MODEL one
 * of transformer-base, transformer-big, bert-base, bert-large, gpt2-small):
 *   cost.matrix.nN.PREC            bytes of one N × N matrix ("0.5 MiB")
 *   cost.matrix-decimal.nN.PREC    the same in decimal units ("524.29 kB")
 *   cost.elements.nN               N² ("262,144")
 *   cost.MODEL.nN.PREC             one matrix per head per layer, one sample ("72 MiB")
 *   cost.MODEL.decimal.nN.PREC     the same in decimal units ("75.5 MB")
 *   cost.MODEL.elements.nN         N² × heads × layers ("37,748,736")
 *   cost.MODEL.millions.nN         the same in millions ("37.7")
 *   cost.MODEL.matrices            heads × layers ("144")
 *   cost.MODEL.layers / .heads     the model's shape
 *   cost.stack.lL.hH.nN.PREC       N² × H × L matrices of PREC ("192 MiB")
 *   cost.growth.nA.nB              (B / A)²: how many times bigger ("16")
 *   cost.batch.bB.lL.hH.nN.PREC    the stack for a batch of B sequences
 *   cost.attn-params.dD            weights in one layer's W^Q, W^K, W^V, W^O:
 *                                  4·D² ("1,048,576" for D = 512) */
char *
ab_cost_format_value (char **parts)
{
  guint n_parts = g_strv_length (parts);
  const AbCostModel *model;
  int n = 0, n2 = 0, layers = 0, heads = 0, bytes;

  if (n_parts < 2)
    return NULL;

  if (g_str_equal (parts[1], "matrix") || g_str_equal (parts[1], "matrix-decimal"))
    {
      if (n_parts != 4 || !parse_n (parts[2], &n) || !(bytes = ab_cost_precision_bytes (parts[3])))
        return NULL;
      if (g_str_equal (parts[1], "matrix"))
        return ab_format_bytes (ab_cost_matrix_bytes (n, bytes));
      return ab_cost_format_bytes_decimal (ab_cost_matrix_bytes (n, bytes));
    }
  if (g_str_equal (parts[1], "elements"))
    {
      if (n_parts != 3 || !parse_n (parts[2], &n))
        return NULL;
      return ab_cost_format_count (ab_cost_matrix_elements (n));
    }
  if (g_str_equal (parts[1], "growth"))
    {
      if (n_parts != 4 || !parse_n (parts[2], &n) || !parse_n (parts[3], &n2))
        return NULL;
      return trim_number ((double) n2 * n2 / ((double) n * n), 2);
    }
  if (g_str_equal (parts[1], "attn-params"))
    {
      int d;
      if (n_parts != 3 || !ab_book_value_parse_int (parts[2], 'd', 1, 1 << 20, &d))
        return NULL;
      return ab_cost_format_count (4 * (guint64) d * (guint64) d);
    }
  if (g_str_equal (parts[1], "batch"))
    {
      int batch;
      if (n_parts != 7 || !ab_book_value_parse_int (parts[2], 'b', 1, 1 << 20, &batch) ||
          !ab_book_value_parse_int (parts[3], 'l', 1, 1000, &layers) ||
          !ab_book_value_parse_int (parts[4], 'h', 1, 1000, &heads) || !parse_n (parts[5], &n) ||
          !(bytes = ab_cost_precision_bytes (parts[6])))
        return NULL;
      return ab_format_bytes (ab_cost_stack_bytes (n, heads, layers, bytes) * (guint64) batch);
    }
  if (g_str_equal (parts[1], "stack"))
    {
      if (n_parts != 6 || !ab_book_value_parse_int (parts[2], 'l', 1, 1000, &layers) ||
          !ab_book_value_parse_int (parts[3], 'h', 1, 1000, &heads) || !parse_n (parts[4], &n) ||
          !(bytes = ab_cost_precision_bytes (parts[5])))
        return NULL;
      return ab_format_bytes (ab_cost_stack_bytes (n, heads, layers, bytes));
    }

  model = ab_cost_find_model (parts[1]);
  if (model == NULL || n_parts < 3)
    return NULL;
  if (n_parts == 3 && g_str_equal (parts[2], "matrices"))
    return g_strdup_printf ("%d", model->heads * model->layers);
  if (n_parts == 3 && g_str_equal (parts[2], "layers"))
    return g_strdup_printf ("%d", model->layers);
  if (n_parts == 3 && g_str_equal (parts[2], "heads"))
    return g_strdup_printf ("%d", model->heads);
  if (n_parts == 4 && g_str_equal (parts[2], "elements") && parse_n (parts[3], &n))
    return ab_cost_format_count (ab_cost_stack_elements (n, model->heads, model->layers));
  if (n_parts == 4 && g_str_equal (parts[2], "millions") && parse_n (parts[3], &n))
    return trim_number (ab_cost_stack_elements (n, model->heads, model->layers) / 1e6, 1);
  if (n_parts == 5 && g_str_equal (parts[2], "decimal") && parse_n (parts[3], &n) &&
      (bytes = ab_cost_precision_bytes (parts[4])))
    return ab_cost_format_bytes_decimal (ab_cost_stack_bytes (n, model->heads, model->layers, bytes));
  if (n_parts == 4 && parse_n (parts[2], &n) && (bytes = ab_cost_precision_bytes (parts[3])))
    return ab_format_bytes (ab_cost_stack_bytes (n, model->heads, model->layers, bytes));
  return NULL;
}

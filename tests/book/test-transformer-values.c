/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transformer-values.c — the numbers the transformer pages quote
 *
 * The pages write {{< value key="…" >}}; these tests pin the keys the prose
 * depends on to FACTS.md where the figure is a fact (the N² memory of
 * FACTS #7, #8, #10, #11) and to the kernels' results otherwise, and check
 * that malformed keys are refused rather than guessed.
 */
#include "ab-book-values.h"
#include "ab-draw.h"

#include <glib.h>

static void
assert_value (const char *key, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = ab_book_value_format (key, &error);

  g_assert_no_error (error);
  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s = “%s”, expected “%s”", key, value, expected);
}

static void
test_cost_values (void)
{
  assert_value ("cost.matrix.n512.fp16", "0.5 MiB");
  assert_value ("cost.matrix-decimal.n512.fp16", "524 kB");
  assert_value ("cost.elements.n512", "262,144");
  assert_value ("cost.bert-base.n512.fp16", "72 MiB");
  assert_value ("cost.bert-base.n512.fp32", "144 MiB");
  assert_value ("cost.bert-base.decimal.n512.fp16", "75.5 MB");
  assert_value ("cost.bert-base.elements.n512", "37,748,736");
  assert_value ("cost.bert-base.millions.n512", "37.7");
  assert_value ("cost.bert-base.matrices", "144");
  assert_value ("cost.matrix.n1024.fp16", "2 MiB");
  assert_value ("cost.matrix.n2048.fp16", "8 MiB");
  assert_value ("cost.matrix.n4096.fp16", "32 MiB");
  assert_value ("cost.matrix.n8192.fp16", "128 MiB");
  assert_value ("cost.matrix.n32768.fp16", "2 GiB");
  assert_value ("cost.stack.l24.h16.n512.fp16", "192 MiB");
  assert_value ("cost.stack.l24.h16.n2048.fp16", "3 GiB");
  assert_value ("cost.stack.l24.h16.n8192.fp16", "48 GiB");
  assert_value ("cost.stack.l24.h16.n32768.fp16", "768 GiB");
  assert_value ("cost.growth.n512.n4096", "64");
  assert_value ("cost.growth.n1024.n2048", "4");
  assert_value ("cost.attn-params.d512", "1,048,576");
  assert_value ("cost.batch.b32.l24.h16.n4096.fp16", "384 GiB");
  assert_value ("cost.stack.l1.h8.n512.fp16", "4 MiB");

  g_assert_false (ab_book_value_exists ("cost.matrix.n512.fp13"));
  g_assert_false (ab_book_value_exists ("cost.matrix.512.fp16"));
  g_assert_false (ab_book_value_exists ("cost.gpt-9.n512.fp16"));
  g_assert_false (ab_book_value_exists ("cost.stack.l24.n512.fp16"));
}

static void
test_byte_formatter (void)
{
  struct { guint64 bytes; const char *text; } cases[] = {
    { 0, "0 B" }, { 1000, "1000 B" }, { 1024, "1 KiB" }, { 524288, "0.5 MiB" },
    { 75497472, "72 MiB" }, { 1476395008, "1.38 GiB" }, { G_GUINT64_CONSTANT (824633720832), "768 GiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = ab_format_bytes (cases[i].bytes);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

/* Large counts: separators below a million, then a power of ten or words. */
static void
test_count_formatters (void)
{
  struct { double v; const char *big, *words; } cases[] = {
    { 524288, "524,288", "524,288" },
    { 4.29e9, "4.29 × 10⁹", "4.29 billion" },
    { 6.36e7, "6.36 × 10⁷", "63.6 million" },
    { 2.15e13, "2.15 × 10¹³", "21.5 trillion" },
  };
  g_autoptr (GString) tiny = g_string_new ("9.3");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *big = ab_format_big (cases[i].v);
      g_autofree char *words = ab_format_words (cases[i].v);
      g_assert_cmpstr (big, ==, cases[i].big);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
  ab_format_append_power_of_ten (tiny, -8);
  g_assert_cmpstr (tiny->str, ==, "9.3 × 10⁻⁸");
}

static void
test_model_values (void)
{
  assert_value ("mha.argmax.coref.it", "animal");
  assert_value ("mha.argmax.previous.street", "the");
  assert_value ("mha.argmax.syntax.The", "animal");
  assert_value ("mha.argmax.broadcast.t4", "[SEP]");
  assert_value ("mha.match.coref", "13");
  assert_value ("mha.tokens", "13");
  assert_value ("mha.dk", "16");
  g_assert_true (ab_book_value_exists ("mha.weight.coref.it.animal"));
  g_assert_false (ab_book_value_exists ("mha.weight.coref.it.zebra"));
  g_assert_false (ab_book_value_exists ("mha.weight.head5.it.animal"));

  assert_value ("qkv.X.r2.c2", "2");
  assert_value ("qkv.Q.r1.c1", "1");
  assert_value ("qkv.raw.r1.c2", "2");
  assert_value ("qkv.S.r1.c2", "1.15");
  assert_value ("qkv.P.r1.c2", "0.487");
  assert_value ("qkv.Pc.r1.c1", "1.00");
  assert_value ("qkv.Pc.r1.c2", "0.000");
  assert_value ("qkv.token.2", "cat");
  assert_value ("qkv.dk", "3");
  g_assert_false (ab_book_value_exists ("qkv.Q.r1.c4"));
  g_assert_false (ab_book_value_exists ("qkv.Z.r1.c1"));

  assert_value ("posenc.norm2.d64", "32.00");
  assert_value ("posenc.dot.d64.p0.p0", "32.00");
  assert_value ("posenc.pe.d64.p0.i1", "1.00");
  g_assert_false (ab_book_value_exists ("posenc.dot.d63.p0.p1"));
  assert_value ("posenc.table-params.d768.n512", "393,216");
  assert_value ("posenc.table-bytes.d768.n512.fp32", "1.5 MiB");
  assert_value ("posenc.table-params.d768.n1024", "786,432");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/transformer/values/cost", test_cost_values);
  g_test_add_func ("/transformer/values/byte-formatter", test_byte_formatter);
  g_test_add_func ("/transformer/values/count-formatters", test_count_formatters);
  g_test_add_func ("/transformer/values/models", test_model_values);
  return g_test_run ();
}

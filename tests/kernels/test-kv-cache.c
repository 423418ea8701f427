/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kv-cache.c — data/models/models.ini parses into the published
 * shapes, and the KV-cache calculator reproduces FACTS.md rows 50, 51, 58
 * and 61–65 and 69 to the byte (exact integers: no tolerance anywhere). */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "kv-cache.h"
#include "model-presets.h"

#define KiB ((uint64_t) 1 << 10)
#define MiB ((uint64_t) 1 << 20)
#define GiB ((uint64_t) 1 << 30)

static AbModelPresets presets;

static const AbModelPreset *
preset (const char *key)
{
  const AbModelPreset *p = ab_model_presets_find (&presets, key);
  if (!p)
    g_error ("models.ini has no [%s]", key);
  return p;
}

static uint64_t
per_token (const AbKvShape *s, AbKvScheme scheme, int bits)
{
  uint64_t b = 0;
  AbKError err;
  if (ab_kv_bytes_per_token (s, scheme, bits, &b, &err) != AB_K_OK)
    g_error ("%s", err.message);
  return b;
}

static uint64_t
per_request (const AbKvShape *s, AbKvScheme scheme, int bits, uint64_t n)
{
  uint64_t b = 0;
  AbKError err;
  if (ab_kv_bytes_per_request (s, scheme, bits, n, &b, &err) != AB_K_OK)
    g_error ("%s", err.message);
  return b;
}

static void
test_file (void)
{
  static const char *keys[] = { "llama-3-8b", "llama-3-70b", "llama-3.1-405b",
                                "mistral-7b", "mixtral-8x7b", "deepseek-v2",
                                "deepseek-v3", "gemma-2-9b" };
  g_assert_cmpint (presets.n, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const AbModelPreset *p = &presets.items[i];
      g_assert_cmpstr (p->key, ==, keys[i]);
      g_assert_true (p->name[0] && p->source[0] && p->verified[0] && p->unverified[0]);
      g_assert_cmpint (p->q_heads % p->kv_heads, ==, 0);
      g_assert_cmpfloat (p->params_b, >, 1);
    }
  /* FACTS 50: Llama 3 70B has 80 layers, 64 heads, 8 KV heads, d_head 128 */
  const AbModelPreset *l70 = preset ("llama-3-70b");
  g_assert_cmpint (l70->layers, ==, 80);
  g_assert_cmpint (l70->q_heads, ==, 64);
  g_assert_cmpint (l70->kv_heads, ==, 8);
  g_assert_cmpint (l70->head_dim, ==, 128);
  g_assert_cmpint (l70->context, ==, 8192);      /* FACTS 48: 128k is Llama 3.1 */
  g_assert_cmpint (preset ("llama-3.1-405b")->context, ==, 131072);
  /* FACTS 55: 4× for 8B, 16× for 405B */
  g_assert_cmpint (preset ("llama-3-8b")->q_heads / preset ("llama-3-8b")->kv_heads, ==, 4);
  g_assert_cmpint (preset ("llama-3.1-405b")->q_heads / preset ("llama-3.1-405b")->kv_heads, ==, 16);
  /* FACTS 57: DeepSeek-V2 d_c = 512, d_h^R = 64, 60 layers */
  const AbModelPreset *v2 = preset ("deepseek-v2");
  g_assert_cmpint (v2->attention, ==, AB_ATTN_KIND_MLA);
  g_assert_cmpint (v2->latent_dim, ==, 512);
  g_assert_cmpint (v2->rope_dim, ==, 64);
  g_assert_cmpint (v2->layers, ==, 60);
  g_assert_cmpint (preset ("deepseek-v3")->layers, ==, 61);
  /* FACTS 69: Mistral 7B window 4096 on all 32 layers */
  g_assert_cmpint (preset ("mistral-7b")->window, ==, 4096);
  g_assert_cmpint (preset ("mistral-7b")->window_layers, ==, 32);
  g_assert_cmpint (preset ("mixtral-8x7b")->window, ==, 0);
  g_assert_cmpint (preset ("gemma-2-9b")->window_layers, ==, 21);
}

/* FACTS 50 and 61–64: the plan's table for a Llama 3 70B-like shape
 * (L = 80, H_q = 64, d_head = 128, FP16), with MLA at d_c = 512 plus the
 * 64-dim RoPE key. */
static void
test_table (void)
{
  AbKvShape s;
  ab_kv_shape_from_preset (preset ("llama-3-70b"), &s);
  s.latent_dim = 512;
  s.rope_dim = 64;
  static const struct { AbKvScheme scheme; uint64_t token, n8k, n32k, n128k; } rows[] = {
    { AB_KV_MHA, 2621440, 20 * GiB, 80 * GiB, 320 * GiB },               /* FACTS 61 */
    { AB_KV_MQA, 40 * KiB, 320 * MiB, 5 * GiB / 4, 5 * GiB },           /* FACTS 62 */
    { AB_KV_GQA, 320 * KiB, 5 * GiB / 2, 10 * GiB, 40 * GiB },          /* FACTS 50, 63 */
    { AB_KV_MLA, 90 * KiB, 720 * MiB, 45 * GiB / 16, 45 * GiB / 4 },    /* FACTS 64 */
  };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpuint (per_token (&s, rows[i].scheme, 16), ==, rows[i].token);
      g_assert_cmpuint (per_request (&s, rows[i].scheme, 16, 8192), ==, rows[i].n8k);
      g_assert_cmpuint (per_request (&s, rows[i].scheme, 16, 32768), ==, rows[i].n32k);
      g_assert_cmpuint (per_request (&s, rows[i].scheme, 16, 131072), ==, rows[i].n128k);
    }
  g_assert_cmpuint (per_token (&s, AB_KV_MHA, 16), ==, 5 * MiB / 2);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 131072), ==, 42949672960ull);
  /* FACTS 64 consequences: MLA = 2.25 × MQA, GQA-8 = 3.6 × MLA, MHA = 28 × MLA */
  g_assert_cmpuint (per_token (&s, AB_KV_MLA, 16) * 4, ==, per_token (&s, AB_KV_MQA, 16) * 9);
  g_assert_cmpuint (per_token (&s, AB_KV_GQA, 16) * 9, ==, per_token (&s, AB_KV_MLA, 16) * 32);
  g_assert_cmpuint (per_token (&s, AB_KV_MHA, 16) * 45, ==, per_token (&s, AB_KV_MLA, 16) * 1280);
  /* latent only (no RoPE part): 80 KiB → 640 MiB / 2.5 GiB / 10 GiB */
  s.rope_dim = 0;
  g_assert_cmpuint (per_token (&s, AB_KV_MLA, 16), ==, 80 * KiB);
  g_assert_cmpuint (per_request (&s, AB_KV_MLA, 16, 8192), ==, 640 * MiB);
  g_assert_cmpuint (per_request (&s, AB_KV_MLA, 16, 131072), ==, 10 * GiB);
  /* FP8 halves every row */
  g_assert_cmpuint (per_token (&s, AB_KV_GQA, 8), ==, 160 * KiB);
}

/* FACTS 65: the presets of the kv-cache-evolution diagram, BF16. */
static void
test_presets (void)
{
  AbKvShape s;
  ab_kv_shape_from_preset (preset ("llama-3-8b"), &s);
  g_assert_cmpuint (per_token (&s, AB_KV_GQA, 16), ==, 128 * KiB);
  g_assert_cmpuint (per_token (&s, AB_KV_MHA, 16), ==, 512 * KiB);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 8192), ==, 1 * GiB);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 32768), ==, 4 * GiB);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 131072), ==, 16 * GiB);

  ab_kv_shape_from_preset (preset ("llama-3-70b"), &s);
  g_assert_cmpuint (per_token (&s, AB_KV_GQA, 16), ==, 327680);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 8192), ==, 5 * GiB / 2);

  ab_kv_shape_from_preset (preset ("deepseek-v2"), &s);
  g_assert_cmpuint (ab_kv_values_per_token_layer (&s, AB_KV_MLA), ==, 576);
  g_assert_cmpuint (per_token (&s, AB_KV_MLA, 16), ==, 69120);      /* 67.5 KiB */
  g_assert_cmpuint (per_token (&s, AB_KV_MLA, 16) * 2, ==, 135 * KiB);
  g_assert_cmpuint (per_request (&s, AB_KV_MLA, 16, 8192), ==, 540 * MiB);
  g_assert_cmpuint (per_request (&s, AB_KV_MLA, 16, 32768), ==, 135 * GiB / 64);   /* 2.11 GiB */
  g_assert_cmpuint (per_request (&s, AB_KV_MLA, 16, 131072), ==, 135 * GiB / 16);  /* 8.44 GiB */
  g_assert_cmpuint (per_token (&s, AB_KV_MHA, 16), ==, 15 * MiB / 4);              /* 3.75 MiB */

  /* FACTS 64 cross-check: V3 (61 layers) → 70,272 B */
  ab_kv_shape_from_preset (preset ("deepseek-v3"), &s);
  g_assert_cmpuint (per_token (&s, AB_KV_MLA, 16), ==, 70272);
}

/* FACTS 58: deployed DeepSeek-V2 (MLA, ~6-bit KV) vs DeepSeek 67B (GQA,
 * 95 layers, 64 Q / 8 KV heads, d 128, 16-bit): 93.3 %; 82.2 % at equal
 * precision; 98.2 % against a same-shape MHA. */
static void
test_deepseek_reduction (void)
{
  AbKvShape v2, ds67 = { 95, 64, 8, 128, 0, 0, 0, 0 };
  ab_kv_shape_from_preset (preset ("deepseek-v2"), &v2);
  uint64_t base = per_token (&ds67, AB_KV_GQA, 16);
  g_assert_cmpuint (base * 8, ==, 3112960);              /* bits, as FACTS 58 writes them */
  uint64_t mla6 = per_token (&v2, AB_KV_MLA, 6);
  g_assert_cmpuint (mla6 * 8, ==, 207360);
  /* reduction in basis points, rounded down: 9333 → "93.3 %" */
  g_assert_cmpuint (10000 - (mla6 * 10000 + base - 1) / base, ==, 9333);
  uint64_t mla16 = per_token (&v2, AB_KV_MLA, 16);
  g_assert_cmpuint (10000 - (mla16 * 10000 + base - 1) / base, ==, 8223);
  uint64_t mha = per_token (&v2, AB_KV_MHA, 16);
  g_assert_cmpuint (10000 - (mla16 * 10000 + mha - 1) / mha, ==, 9824);
}

/* FACTS 51: 70.55 B FP16 weights ≈ 131 GiB; one 128k GQA request (40 GiB)
 * is less, four are more. */
static void
test_weights (void)
{
  AbKvShape s;
  ab_kv_shape_from_preset (preset ("llama-3-70b"), &s);
  uint64_t w = ab_kv_weight_bytes (preset ("llama-3-70b")->params_b, 16);
  g_assert_cmpuint (w, ==, 141100000000ull);
  g_assert_cmpuint (w / GiB, ==, 131);
  uint64_t one = per_request (&s, AB_KV_GQA, 16, 131072);
  g_assert_cmpuint (one, <, w);
  g_assert_cmpuint (4 * one, >, w);
  g_assert_cmpuint (per_request (&s, AB_KV_MHA, 16, 131072), >, w);
}

/* FACTS 69: Mistral's rolling buffer: constant once N > w, 8× smaller at
 * 32k; Gemma 2 windows only half its layers. */
static void
test_windows (void)
{
  AbKvShape s;
  ab_kv_shape_from_preset (preset ("mistral-7b"), &s);
  uint64_t tok = per_token (&s, AB_KV_GQA, 16);
  g_assert_cmpuint (tok, ==, 128 * KiB);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 1000), ==, 1000 * tok);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 4096), ==, 4096 * tok);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 4097), ==, 4096 * tok);
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 32768), ==, 512 * MiB);
  AbKvShape full = s;
  full.window = full.window_layers = 0;
  g_assert_cmpuint (per_request (&full, AB_KV_GQA, 16, 32768), ==,
                    8 * per_request (&s, AB_KV_GQA, 16, 32768));

  ab_kv_shape_from_preset (preset ("gemma-2-9b"), &s);
  g_assert_cmpuint (per_token (&s, AB_KV_GQA, 16), ==, 344064);      /* 336 KiB */
  /* at 8192: 21 local layers hold 4096 tokens, 21 global layers 8192 */
  uint64_t layer_token = 2 * 8 * 256 * 2;
  g_assert_cmpuint (per_request (&s, AB_KV_GQA, 16, 8192), ==,
                    layer_token * (21 * 4096 + 21 * 8192));
}

static void
test_max_context (void)
{
  AbKvShape s;
  uint64_t n;
  AbKError err;
  ab_kv_shape_from_preset (preset ("llama-3-70b"), &s);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, 40 * GiB, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 131072);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, 40 * GiB - 1, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 131071);

  ab_kv_shape_from_preset (preset ("mistral-7b"), &s);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, 512 * MiB, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, UINT64_MAX);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, 256 * MiB, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 2048);

  ab_kv_shape_from_preset (preset ("gemma-2-9b"), &s);
  uint64_t b = per_request (&s, AB_KV_GQA, 16, 10000);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, b, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 10000);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, b - 1, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 9999);
  b = per_request (&s, AB_KV_GQA, 16, 3000);
  g_assert_cmpint (ab_kv_max_context (&s, AB_KV_GQA, 16, b, &n, &err), ==, AB_K_OK);
  g_assert_cmpuint (n, ==, 3000);
}

static void
test_errors (void)
{
  AbKvShape s;
  uint64_t b;
  AbKError err;
  ab_kv_shape_from_preset (preset ("llama-3-8b"), &s);
  g_assert_cmpint (ab_kv_bytes_per_token (&s, AB_KV_MLA, 16, &b, &err), ==, AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "latent"));
  g_assert_cmpint (ab_kv_bytes_per_token (&s, AB_KV_GQA, 0, &b, &err), ==, AB_K_E_INVALID);
  s.window_layers = 3;      /* windowed layers without a window */
  g_assert_cmpint (ab_kv_bytes_per_token (&s, AB_KV_GQA, 16, &b, &err), ==, AB_K_E_INVALID);
  ab_kv_shape_from_preset (preset ("llama-3-8b"), &s);
  g_assert_cmpint (ab_kv_bytes_per_request (&s, AB_KV_MHA, 64, UINT64_MAX / 2, &b, &err), ==,
                   AB_K_E_INVALID);
  g_assert_nonnull (strstr (err.message, "overflow"));
  g_assert_cmpint (ab_kv_precision_bits ("bf16"), ==, 16);
  g_assert_cmpint (ab_kv_precision_bits ("fp8"), ==, 8);
  g_assert_cmpint (ab_kv_precision_bits ("int3"), ==, 0);
}

/* The parser refuses what the file must never contain, naming the line. */
static void
test_parse_errors (void)
{
  const char *good =
    "[m]\nname = M\nattention = gqa\nlayers = 2\nq_heads = 4\nkv_heads = 2\n"
    "head_dim = 8\nlatent_dim = 0\nrope_dim = 0\nwindow = 0\nwindow_layers = 0\n"
    "context = 16\nparams_b = 1\nsource = s\nverified = v\nunverified = -\n";
  static const struct { const char *edit_from, *edit_to; int line; const char *needle; } cases[] = {
    { "layers = 2", "layers = two", 4, "whole number" },
    { "layers = 2", "layer = 2", 4, "unknown field" },
    { "q_heads = 4", "q_heads = 5", 1, "multiple" },
    { "window = 0", "window = 4", 1, "window_layers" },
    { "rope_dim = 0", "rope_dim = 2", 1, "latent" },
    { "attention = gqa", "attention = sparse", 3, "expected mha" },
    { "attention = gqa", "attention = mla", 1, "latent_dim" },
    { "source = s\n", "", 1, "no \"source\"" },
    { "head_dim = 8", "head_dim = 8\nhead_dim = 8", 8, "twice" },
    { "[m]", "name = x\n[m]", 1, "before the first" },
    { "[m]", "[m", 1, "section header" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      const char *at = strstr (good, cases[i].edit_from);
      g_assert_nonnull (at);
      text = g_strdup_printf ("%.*s%s%s", (int) (at - good), good, cases[i].edit_to,
                              at + strlen (cases[i].edit_from));
      AbModelPresets out;
      AbKError err;
      AbKStatus st = ab_model_presets_parse (text, strlen (text), &out, &err);
      g_test_message ("case %u: %s", i, err.message);
      g_assert_cmpint (st, ==, AB_K_E_PARSE);
      g_assert_cmpint (err.line, ==, cases[i].line);
      g_assert_nonnull (strstr (err.message, cases[i].needle));
      g_assert_cmpint (out.n, ==, 0);
      g_assert_null (out.items);
    }
  /* the good text parses; two copies of the section do not */
  AbModelPresets out;
  AbKError err;
  g_assert_cmpint (ab_model_presets_parse (good, strlen (good), &out, &err), ==, AB_K_OK);
  g_assert_cmpint (out.n, ==, 1);
  g_assert_cmpint (out.items[0].kv_heads, ==, 2);
  ab_model_presets_clear (&out);
  g_autofree char *twice = g_strconcat (good, good, NULL);
  g_assert_cmpint (ab_model_presets_parse (twice, strlen (twice), &out, &err), ==, AB_K_E_PARSE);
  g_assert_cmpint (err.line, ==, 17);
  g_assert_cmpint (ab_model_presets_parse ("# nothing\n", 10, &out, &err), ==, AB_K_E_PARSE);
  g_assert_cmpint (ab_model_presets_load ("/nonexistent/models.ini", &out, &err), ==, AB_K_E_IO);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *root = g_getenv ("AB_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", "data", "models",
                                            "models.ini", NULL);
  AbKError err;
  if (ab_model_presets_load (path, &presets, &err) != AB_K_OK)
    g_error ("%s", err.message);
  g_test_add_func ("/kernels/kv-cache/models-file", test_file);
  g_test_add_func ("/kernels/kv-cache/facts-table", test_table);
  g_test_add_func ("/kernels/kv-cache/facts-presets", test_presets);
  g_test_add_func ("/kernels/kv-cache/deepseek-reduction", test_deepseek_reduction);
  g_test_add_func ("/kernels/kv-cache/weights", test_weights);
  g_test_add_func ("/kernels/kv-cache/windows", test_windows);
  g_test_add_func ("/kernels/kv-cache/max-context", test_max_context);
  g_test_add_func ("/kernels/kv-cache/errors", test_errors);
  g_test_add_func ("/kernels/kv-cache/parse-errors", test_parse_errors);
  int rc = g_test_run ();
  ab_model_presets_clear (&presets);
  return rc;
}

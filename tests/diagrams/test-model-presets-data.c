/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model-presets-data.c — the model presets as the diagrams load them
 *
 * The presets come from the app's GResource (data/models/models.ini,
 * listed in build-aux/gen-gresource.py): this test links the same
 * resources, so a file left out of the bundle or broken by an edit fails
 * here before any diagram draws an error frame.
 */
#include "ab-model-presets-data.h"
#include "kv-cache.h"

#include <glib.h>
#include <string.h>

static void
test_loads_from_resource (void)
{
  g_autoptr (GError) error = NULL;
  const AbModelPresets *presets = ab_model_presets_get (&error);
  const AbModelPreset *llama;
  AbKvShape shape;
  uint64_t bytes = 0;

  g_assert_no_error (error);
  g_assert_nonnull (presets);
  g_assert_cmpint (presets->n, >=, 8);
  /* parsed once: the same table every time */
  g_assert_true (ab_model_presets_get (NULL) == presets);

  llama = ab_model_presets_lookup ("llama-3-70b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (llama->layers, ==, 80);
  g_assert_cmpint (llama->kv_heads, ==, 8);
  /* FACTS 50: 320 KiB per token at 16 bits */
  ab_kv_shape_from_preset (llama, &shape);
  g_assert_cmpint (ab_kv_bytes_per_token (&shape, AB_KV_GQA, 16, &bytes, NULL), ==, AB_K_OK);
  g_assert_cmpuint (bytes, ==, 327680);
}

static void
test_unknown_key (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (ab_model_presets_lookup ("no-such-model", &error));
  g_assert_error (error, AB_MODEL_PRESETS_ERROR, AB_MODEL_PRESETS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "no-such-model"));
}

static void
test_malformed (void)
{
  static const char text[] = "[m]\nname = M\nlayers = many\n";
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr (GError) error = NULL;
  AbModelPresets out = { 0 };

  g_assert_false (ab_model_presets_parse_bytes (bytes, "test.ini", &out, &error));
  g_assert_error (error, AB_MODEL_PRESETS_ERROR, AB_MODEL_PRESETS_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "test.ini"));
  g_assert_cmpint (out.n, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model-presets-data/resource", test_loads_from_resource);
  g_test_add_func ("/model-presets-data/unknown-key", test_unknown_key);
  g_test_add_func ("/model-presets-data/malformed", test_malformed);
  return g_test_run ();
}

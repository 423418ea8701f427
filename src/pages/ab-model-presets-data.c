/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-model-presets-data.c — load data/models/models.ini once from the GResource
 *
 * The kernel parser (model-presets.c) takes text and knows nothing of GIO;
 * this file finds the text in the app's resources and turns the kernel's
 * AbKError into a GError. The parsed table is kept for the life of the
 * process so every diagram and value family sees the same presets.
 */
#define G_LOG_DOMAIN "ab-model-presets-data"

#include "ab-model-presets-data.h"
#include "ab-resources.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

G_DEFINE_QUARK (ab-model-presets-error-quark, ab_model_presets_error)

gboolean
ab_model_presets_parse_bytes (GBytes         *bytes,
                              const char     *origin,
                              AbModelPresets *out,
                              GError        **error)
{
  AbKError err = { 0 };
  gsize len = 0;
  const char *text = g_bytes_get_data (bytes, &len);

  if (ab_model_presets_parse (text, len, out, &err) != AB_K_OK)
    {
      g_set_error (error, AB_MODEL_PRESETS_ERROR, AB_MODEL_PRESETS_ERROR_MALFORMED,
                   _("%s is malformed: %s"), origin, err.message);
      return FALSE;
    }
  return TRUE;
}

static AbModelPresets *
load (GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GBytes) bytes = NULL;
  AbModelPresets parsed = { 0 };

  (void) ab_get_resource ();   /* links the bundle in from the static library, and registers it */
  bytes = g_resources_lookup_data (AB_MODEL_PRESETS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &local);
  if (bytes == NULL)
    {
      g_set_error (error, AB_MODEL_PRESETS_ERROR, AB_MODEL_PRESETS_ERROR_MISSING,
                   _("The model presets (%s) are missing: %s"), AB_MODEL_PRESETS_RESOURCE, local->message);
      return NULL;
    }
  if (!ab_model_presets_parse_bytes (bytes, AB_MODEL_PRESETS_RESOURCE, &parsed, error))
    return NULL;
  return g_memdup2 (&parsed, sizeof parsed);
}

const AbModelPresets *
ab_model_presets_get (GError **error)
{
  static GMutex lock;
  static AbModelPresets *presets;   /* kept for the process: diagrams point into it */
  const AbModelPresets *ret;

  g_mutex_lock (&lock);
  if (presets == NULL)
    presets = load (error);
  ret = presets;
  g_mutex_unlock (&lock);
  return ret;
}

const AbModelPreset *
ab_model_presets_lookup (const char *key, GError **error)
{
  const AbModelPresets *presets = ab_model_presets_get (error);
  const AbModelPreset *preset;

  if (presets == NULL)
    return NULL;
  preset = ab_model_presets_find (presets, key);
  if (preset == NULL)
    g_set_error (error, AB_MODEL_PRESETS_ERROR, AB_MODEL_PRESETS_ERROR_MISSING,
                 _("No model preset “%s” in %s"), key, AB_MODEL_PRESETS_RESOURCE);
  return preset;
}

const char *const ab_model_preset_menu[] = { "llama-3-8b", "llama-3-70b", "llama-3.1-405b", "mistral-7b",
                                             "mixtral-8x7b", "deepseek-v2", "deepseek-v3", "gemma-2-9b", NULL };

const AbModelPreset *
ab_model_presets_kv_shape (const char *key, AbKvShape *shape, gboolean *borrowed, GError **error)
{
  const AbModelPreset *preset = ab_model_presets_lookup (key, error);

  if (preset == NULL)
    return NULL;
  ab_kv_shape_from_preset (preset, shape);
  *borrowed = shape->latent_dim == 0;
  if (*borrowed)
    {
      shape->latent_dim = AB_MLA_BORROWED_LATENT;
      shape->rope_dim = AB_MLA_BORROWED_ROPE;
    }
  return preset;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-model-presets-data.h — the model presets of data/models/models.ini, from the GResource
 *
 * Part 4's diagrams and value families quote real models' attention shapes.
 * They read them here: the file is embedded in the app's GResource and
 * parsed once by the pure-C parser of src/kernels/model-presets.h; later
 * calls return the same table. A missing or malformed file is a GError
 * naming the resource (and the line, for a parse error), never an abort.
 */
#pragma once

#include <glib.h>

#include "kv-cache.h"
#include "model-presets.h"

G_BEGIN_DECLS

#define AB_MODEL_PRESETS_RESOURCE "/in/deepakbaby/AttentionBook/models/models.ini"

#define AB_MODEL_PRESETS_ERROR (ab_model_presets_error_quark ())
typedef enum
{
  AB_MODEL_PRESETS_ERROR_MISSING,     /* the resource is not in the app */
  AB_MODEL_PRESETS_ERROR_MALFORMED,   /* the parser refused it */
} AbModelPresetsError;
GQuark ab_model_presets_error_quark (void);

/* The presets (owned by the library, valid for the process), or NULL with
 * @error. Thread-safe; the file is parsed at most once when it parses. */
const AbModelPresets *ab_model_presets_get (GError **error);

/* Parses @bytes of an ini file (as ab_model_presets_get does) into @out;
 * FALSE with @error naming @origin and the line. For tests and tools. */
gboolean ab_model_presets_parse_bytes (GBytes         *bytes,
                                       const char     *origin,
                                       AbModelPresets *out,
                                       GError        **error);

/* The preset with @key, or NULL with @error (unknown key or no presets). */
const AbModelPreset *ab_model_presets_lookup (const char *key, GError **error);

/* The section keys of models.ini in menu order, NULL-terminated: a diagram's
 * choice list has to be static; ab_model_presets_lookup() checks each key. */
extern const char *const ab_model_preset_menu[];

/* A model without a latent borrows DeepSeek-V2's for its MLA row:
 * d_c = 512, d_h^R = 64 (arXiv:2405.04434 §3.1.2; FACTS 57, 64). */
#define AB_MLA_BORROWED_LATENT 512
#define AB_MLA_BORROWED_ROPE    64

/* @key's preset and its attention shape for the KV arithmetic, with the
 * borrowed latent filled in (and *@borrowed set) where the model has none;
 * NULL with @error for an unknown key. */
const AbModelPreset *ab_model_presets_kv_shape (const char *key, AbKvShape *shape, gboolean *borrowed,
                                                GError **error);

G_END_DECLS

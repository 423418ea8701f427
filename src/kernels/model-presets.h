/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-presets.h — attention shapes of real models, read from a data file
 *
 * Part 4 quotes the KV cache of Llama 3, Mistral, Mixtral, DeepSeek and
 * Gemma models. Their shapes live in data/models/models.ini (one section
 * per model, each with the config.json it came from and what was checked),
 * not in C literals, so a correction is a one-line data change. This is a
 * small pure-C parser for that file: "[key]" starts a model, "name = value"
 * sets a field, "#" or ";" starts a comment line, blank lines are ignored,
 * whitespace around names and values is trimmed. Every field is required;
 * an unknown field, a repeated field, a repeated section, a bad number or
 * an inconsistent shape (q_heads not a multiple of kv_heads, window_layers
 * > layers, rope_dim without latent_dim, …) is an AB_K_E_PARSE error that
 * names the line.
 *
 * The app embeds the file (GResource) or reads it from the source tree;
 * either way it hands the text to ab_model_presets_parse. Pure C11.
 */
#pragma once

#include <stddef.h>

#include "ab-kerror.h"

typedef enum
{
  AB_ATTN_KIND_MHA = 0,
  AB_ATTN_KIND_MQA,
  AB_ATTN_KIND_GQA,
  AB_ATTN_KIND_MLA,
} AbAttnKind;

typedef struct
{
  char       key[48];          /* section name, e.g. "llama-3-70b" */
  char       name[64];         /* "Llama 3 70B" */
  AbAttnKind attention;        /* the model's own scheme */
  int        layers;
  int        q_heads;
  int        kv_heads;
  int        head_dim;
  int        latent_dim;       /* MLA d_c (kv_lora_rank); 0 = not MLA */
  int        rope_dim;         /* MLA decoupled RoPE key d_h^R; 0 = none */
  int        window;           /* sliding window (tokens); 0 = none */
  int        window_layers;    /* layers that use the window */
  int        context;          /* released context length (tokens) */
  double     params_b;         /* total parameters, decimal billions */
  char       source[256];
  char       verified[640];
  char       unverified[320];
} AbModelPreset;

typedef struct
{
  int            n;
  AbModelPreset *items;        /* n entries in file order */
} AbModelPresets;

/* Parses @len bytes of @text (need not be NUL-terminated). On success
 * *out owns its items (free with ab_model_presets_clear); on error *out
 * is left empty and @err names the line. An empty file is an error. */
AbKStatus ab_model_presets_parse (const char     *text,
                                  size_t          len,
                                  AbModelPresets *out,
                                  AbKError       *err);
/* Reads and parses a file (AB_K_E_IO if it cannot be read). */
AbKStatus ab_model_presets_load  (const char     *path,
                                  AbModelPresets *out,
                                  AbKError       *err);
void      ab_model_presets_clear (AbModelPresets *presets);

/* The preset whose key is @key, or NULL. */
const AbModelPreset *ab_model_presets_find (const AbModelPresets *presets,
                                            const char           *key);

/* "mha", "mqa", "gqa", "mla" (and back; returns 0 for an unknown name). */
const char *ab_attn_kind_name      (AbAttnKind kind);
int         ab_attn_kind_from_name (const char *name, AbAttnKind *kind);

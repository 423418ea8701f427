/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kv-cache.c — KV-cache bytes per token and per request (see kv-cache.h) */
#include "kv-cache.h"

#include <math.h>
#include <string.h>

static const char *scheme_names[AB_KV_N_SCHEMES] = { "MHA", "MQA", "GQA", "MLA" };

const char *
ab_kv_scheme_name (AbKvScheme scheme)
{
  return (unsigned) scheme < AB_KV_N_SCHEMES ? scheme_names[scheme] : "?";
}

int
ab_kv_precision_bits (const char *name)
{
  if (!name)
    return 0;
  if (strcmp (name, "fp32") == 0)
    return 32;
  if (strcmp (name, "fp16") == 0 || strcmp (name, "bf16") == 0)
    return 16;
  if (strcmp (name, "fp8") == 0)
    return 8;
  return 0;
}

void
ab_kv_shape_from_preset (const AbModelPreset *p, AbKvShape *s)
{
  *s = (AbKvShape) { p->layers, p->q_heads, p->kv_heads, p->head_dim,
                     p->latent_dim, p->rope_dim, p->window, p->window_layers };
}

static int
shape_ok (const AbKvShape *s)
{
  return s && s->layers > 0 && s->q_heads > 0 && s->kv_heads > 0
         && s->head_dim > 0 && s->latent_dim >= 0 && s->rope_dim >= 0
         && s->window >= 0 && s->window_layers >= 0
         && s->window_layers <= s->layers
         && (s->window > 0 || s->window_layers == 0);
}

uint64_t
ab_kv_values_per_token_layer (const AbKvShape *s, AbKvScheme scheme)
{
  if (!shape_ok (s))
    return 0;
  switch (scheme)
    {
    case AB_KV_MHA:
      return 2 * (uint64_t) s->q_heads * (uint64_t) s->head_dim;
    case AB_KV_MQA:
      return 2 * (uint64_t) s->head_dim;
    case AB_KV_GQA:
      return 2 * (uint64_t) s->kv_heads * (uint64_t) s->head_dim;
    case AB_KV_MLA:
      return s->latent_dim > 0 ? (uint64_t) s->latent_dim + (uint64_t) s->rope_dim : 0;
    case AB_KV_N_SCHEMES:
      break;
    }
  return 0;
}

static AbKStatus
check_args (const AbKvShape *s, AbKvScheme scheme, int bits, const void *out,
            uint64_t *vals, AbKError *err)
{
  ab_kerror_clear (err);
  if (!out)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL output");
  if (!shape_ok (s))
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "bad KV shape (layers, heads and head_dim must be ≥ 1; "
                          "window_layers ≤ layers and only with a window)");
  if ((unsigned) scheme >= AB_KV_N_SCHEMES)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "unknown KV scheme %d", (int) scheme);
  if (bits < 1 || bits > 64)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "bits per value must be 1–64, not %d", bits);
  *vals = ab_kv_values_per_token_layer (s, scheme);
  if (*vals == 0)
    return ab_kerror_set (err, AB_K_E_INVALID, 0,
                          "MLA needs a latent dimension (d_c); this shape has none");
  return AB_K_OK;
}

/* bits → bytes, rounded up */
static uint64_t
bits_to_bytes (uint64_t bits)
{
  return bits / 8 + (bits % 8 != 0);
}

static AbKStatus
overflow (AbKError *err)
{
  return ab_kerror_set (err, AB_K_E_INVALID, 0, "the byte count overflows 64 bits");
}

AbKStatus
ab_kv_bytes_per_token (const AbKvShape *s, AbKvScheme scheme, int bits,
                       uint64_t *bytes, AbKError *err)
{
  uint64_t vals, total;
  AbKStatus st = check_args (s, scheme, bits, bytes, &vals, err);
  if (st != AB_K_OK)
    return st;
  if (__builtin_mul_overflow (vals, (uint64_t) s->layers * (uint64_t) bits, &total))
    return overflow (err);
  *bytes = bits_to_bytes (total);
  return AB_K_OK;
}

AbKStatus
ab_kv_bytes_per_request (const AbKvShape *s, AbKvScheme scheme, int bits,
                         uint64_t n, uint64_t *bytes, AbKError *err)
{
  uint64_t vals;
  AbKStatus st = check_args (s, scheme, bits, bytes, &vals, err);
  if (st != AB_K_OK)
    return st;
  uint64_t w = (uint64_t) s->window;
  uint64_t windowed = s->window > 0 && n > w ? w : n;
  /* token-layers held: windowed layers keep min(n, w), the rest keep n */
  uint64_t a, b, tl, total;
  if (__builtin_mul_overflow ((uint64_t) s->window_layers, windowed, &a)
      || __builtin_mul_overflow ((uint64_t) (s->layers - s->window_layers), n, &b)
      || __builtin_add_overflow (a, b, &tl)
      || __builtin_mul_overflow (tl, vals * (uint64_t) bits, &total))
    return overflow (err);
  *bytes = bits_to_bytes (total);
  return AB_K_OK;
}

AbKStatus
ab_kv_max_context (const AbKvShape *s, AbKvScheme scheme, int bits,
                   uint64_t budget, uint64_t *n, AbKError *err)
{
  uint64_t vals;
  AbKStatus st = check_args (s, scheme, bits, n, &vals, err);
  if (st != AB_K_OK)
    return st;
  if (budget > UINT64_MAX / 8)
    return overflow (err);
  /* V·X ≤ 8·budget ⟺ X ≤ ⌊8·budget / V⌋ for whole X (token-layers) */
  uint64_t cap = budget * 8 / (vals * (uint64_t) bits);
  uint64_t L = (uint64_t) s->layers, wl = (uint64_t) s->window_layers;
  uint64_t w = (uint64_t) s->window;
  if (wl == 0 || cap / L < w)
    {
      *n = cap / L;                 /* all layers still grow with n */
      return AB_K_OK;
    }
  if (L == wl)
    {
      *n = UINT64_MAX;              /* every window is full and fits */
      return AB_K_OK;
    }
  *n = (cap - wl * w) / (L - wl);
  return AB_K_OK;
}

uint64_t
ab_kv_weight_bytes (double params_b, int bits)
{
  if (!(params_b > 0) || bits < 1)
    return 0;
  return (uint64_t) llround (params_b * 1e9 * bits / 8.0);
}

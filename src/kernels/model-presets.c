/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-presets.c — the key-file parser for data/models/models.ini
 * (see model-presets.h) */
#include "model-presets.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { F_INT, F_DOUBLE, F_STRING, F_KIND } FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  size_t      offset;
  size_t      size;      /* F_STRING: buffer size */
  int         min;       /* F_INT: smallest allowed value */
} Field;

#define INT_FIELD(n, lo) { #n, F_INT, offsetof (AbModelPreset, n), 0, lo }
#define STR_FIELD(n) { #n, F_STRING, offsetof (AbModelPreset, n), \
                       sizeof (((AbModelPreset *) 0)->n), 0 }

static const Field fields[] = {
  STR_FIELD (name),
  { "attention", F_KIND, offsetof (AbModelPreset, attention), 0, 0 },
  INT_FIELD (layers, 1),
  INT_FIELD (q_heads, 1),
  INT_FIELD (kv_heads, 1),
  INT_FIELD (head_dim, 1),
  INT_FIELD (latent_dim, 0),
  INT_FIELD (rope_dim, 0),
  INT_FIELD (window, 0),
  INT_FIELD (window_layers, 0),
  INT_FIELD (context, 1),
  { "params_b", F_DOUBLE, offsetof (AbModelPreset, params_b), 0, 0 },
  STR_FIELD (source),
  STR_FIELD (verified),
  STR_FIELD (unverified),
};
#define N_FIELDS ((int) (sizeof fields / sizeof fields[0]))

static const char *kind_names[] = { "mha", "mqa", "gqa", "mla" };

const char *
ab_attn_kind_name (AbAttnKind kind)
{
  return (unsigned) kind < 4 ? kind_names[kind] : "?";
}

int
ab_attn_kind_from_name (const char *name, AbAttnKind *kind)
{
  for (int i = 0; name && i < 4; i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        if (kind)
          *kind = (AbAttnKind) i;
        return 1;
      }
  return 0;
}

typedef struct
{
  AbModelPresets *out;
  int             cap;
  unsigned        seen;        /* bit i: fields[i] set in the current section */
  int             section_line;
} Parser;

static AbKStatus
finish_section (Parser *p, AbKError *err)
{
  if (p->out->n == 0)
    return AB_K_OK;
  AbModelPreset *m = &p->out->items[p->out->n - 1];
  for (int i = 0; i < N_FIELDS; i++)
    if (!(p->seen & (1u << i)))
      return ab_kerror_set (err, AB_K_E_PARSE, p->section_line,
                            "line %d: [%s] has no \"%s\"", p->section_line,
                            m->key, fields[i].name);
  /* Shape consistency: what the KV-cache arithmetic relies on. */
  const char *why = NULL;
  if (m->q_heads % m->kv_heads != 0)
    why = "q_heads must be a multiple of kv_heads";
  else if (m->window_layers > m->layers)
    why = "window_layers exceeds layers";
  else if ((m->window > 0) != (m->window_layers > 0))
    why = "window and window_layers must both be 0 or both positive";
  else if (m->rope_dim > 0 && m->latent_dim == 0)
    why = "rope_dim needs latent_dim (the decoupled RoPE key is part of MLA)";
  else if ((m->attention == AB_ATTN_KIND_MLA) != (m->latent_dim > 0))
    why = "attention = mla exactly when latent_dim > 0";
  else if (m->attention == AB_ATTN_KIND_MQA && m->kv_heads != 1)
    why = "attention = mqa needs kv_heads = 1";
  else if (m->attention == AB_ATTN_KIND_MHA && m->kv_heads != m->q_heads)
    why = "attention = mha needs kv_heads = q_heads";
  else if (!(m->params_b >= 0))
    why = "params_b must be ≥ 0";
  if (why)
    return ab_kerror_set (err, AB_K_E_PARSE, p->section_line,
                          "line %d: [%s]: %s", p->section_line, m->key, why);
  return AB_K_OK;
}

static char *
trim (char *s, char *end)
{
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
    end--;
  *end = '\0';
  return s;
}

static AbKStatus
set_field (AbModelPreset *m, const Field *f, const char *value, int line,
           AbKError *err)
{
  char *base = (char *) m + f->offset;
  switch (f->type)
    {
    case F_STRING:
      if (strlen (value) >= f->size)
        return ab_kerror_set (err, AB_K_E_PARSE, line,
                              "line %d: \"%s\" is longer than %zu bytes",
                              line, f->name, f->size - 1);
      memcpy (base, value, strlen (value) + 1);
      return AB_K_OK;
    case F_KIND:
      if (!ab_attn_kind_from_name (value, (AbAttnKind *) (void *) base))
        return ab_kerror_set (err, AB_K_E_PARSE, line,
                              "line %d: attention = \"%s\": expected mha, mqa, gqa or mla",
                              line, value);
      return AB_K_OK;
    case F_INT:
      {
        char *endp;
        errno = 0;
        long v = strtol (value, &endp, 10);
        if (*value == '\0' || *endp != '\0' || errno != 0 || v < f->min || v > INT_MAX)
          return ab_kerror_set (err, AB_K_E_PARSE, line,
                                "line %d: %s = \"%s\": expected a whole number ≥ %d",
                                line, f->name, value, f->min);
        *(int *) (void *) base = (int) v;
        return AB_K_OK;
      }
    case F_DOUBLE:
      {
        char *endp;
        errno = 0;
        double v = strtod (value, &endp);
        if (*value == '\0' || *endp != '\0' || errno != 0 || !(v >= 0) || v > 1e6)
          return ab_kerror_set (err, AB_K_E_PARSE, line,
                                "line %d: %s = \"%s\": expected a number ≥ 0",
                                line, f->name, value);
        *(double *) (void *) base = v;
        return AB_K_OK;
      }
    }
  return AB_K_E_INVALID;
}

static AbKStatus
parse_line (Parser *p, char *s, char *end, int line, AbKError *err)
{
  s = trim (s, end);
  if (*s == '\0' || *s == '#' || *s == ';')
    return AB_K_OK;
  if (*s == '[')
    {
      char *close = strchr (s, ']');
      if (!close || close[1] != '\0')
        return ab_kerror_set (err, AB_K_E_PARSE, line,
                              "line %d: a section header is \"[key]\" alone on its line", line);
      char *key = trim (s + 1, close);
      if (*key == '\0' || strlen (key) >= sizeof p->out->items[0].key)
        return ab_kerror_set (err, AB_K_E_PARSE, line,
                              "line %d: the section key must be 1–%zu bytes", line,
                              sizeof p->out->items[0].key - 1);
      AbKStatus st = finish_section (p, err);
      if (st != AB_K_OK)
        return st;
      if (ab_model_presets_find (p->out, key))
        return ab_kerror_set (err, AB_K_E_PARSE, line,
                              "line %d: [%s] appears twice", line, key);
      if (p->out->n == p->cap)
        {
          int cap = p->cap ? 2 * p->cap : 8;
          AbModelPreset *items = realloc (p->out->items, (size_t) cap * sizeof *items);
          if (!items)
            return ab_kerror_set (err, AB_K_E_NOMEM, line, "out of memory");
          p->out->items = items;
          p->cap = cap;
        }
      AbModelPreset *m = &p->out->items[p->out->n++];
      memset (m, 0, sizeof *m);
      memcpy (m->key, key, strlen (key) + 1);
      p->seen = 0;
      p->section_line = line;
      return AB_K_OK;
    }
  char *eq = strchr (s, '=');
  if (!eq)
    return ab_kerror_set (err, AB_K_E_PARSE, line,
                          "line %d: expected \"name = value\", \"[key]\" or a # comment", line);
  if (p->out->n == 0)
    return ab_kerror_set (err, AB_K_E_PARSE, line,
                          "line %d: a field before the first [section]", line);
  char *name = trim (s, eq);
  char *value = trim (eq + 1, eq + 1 + strlen (eq + 1));
  for (int i = 0; i < N_FIELDS; i++)
    if (strcmp (name, fields[i].name) == 0)
      {
        if (p->seen & (1u << i))
          return ab_kerror_set (err, AB_K_E_PARSE, line,
                                "line %d: \"%s\" is set twice in [%s]", line, name,
                                p->out->items[p->out->n - 1].key);
        p->seen |= 1u << i;
        return set_field (&p->out->items[p->out->n - 1], &fields[i], value, line, err);
      }
  return ab_kerror_set (err, AB_K_E_PARSE, line, "line %d: unknown field \"%s\"",
                        line, name);
}

AbKStatus
ab_model_presets_parse (const char *text, size_t len, AbModelPresets *out,
                        AbKError *err)
{
  ab_kerror_clear (err);
  if (!out || (!text && len > 0))
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL text or output");
  out->n = 0;
  out->items = NULL;
  Parser p = { out, 0, 0, 0 };
  AbKStatus st = AB_K_OK;
  char *buf = NULL;
  size_t cap = 0;
  size_t pos = 0;
  int line = 0;
  while (st == AB_K_OK && pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      size_t n = nl ? (size_t) (nl - (text + pos)) : len - pos;
      line++;
      if (memchr (text + pos, '\0', n))
        {
          st = ab_kerror_set (err, AB_K_E_PARSE, line, "line %d: a NUL byte", line);
          break;
        }
      if (n + 1 > cap)
        {
          char *b = realloc (buf, n + 1);
          if (!b)
            {
              st = ab_kerror_set (err, AB_K_E_NOMEM, line, "out of memory");
              break;
            }
          buf = b;
          cap = n + 1;
        }
      memcpy (buf, text + pos, n);
      buf[n] = '\0';
      st = parse_line (&p, buf, buf + n, line, err);
      pos += n + (nl ? 1 : 0);
    }
  free (buf);
  if (st == AB_K_OK)
    st = finish_section (&p, err);
  if (st == AB_K_OK && out->n == 0)
    st = ab_kerror_set (err, AB_K_E_PARSE, line, "no [model] section");
  if (st != AB_K_OK)
    ab_model_presets_clear (out);
  return st;
}

AbKStatus
ab_model_presets_load (const char *path, AbModelPresets *out, AbKError *err)
{
  ab_kerror_clear (err);
  if (!path || !out)
    return ab_kerror_set (err, AB_K_E_INVALID, 0, "NULL path or output");
  out->n = 0;
  out->items = NULL;
  FILE *f = fopen (path, "rb");
  if (!f)
    return ab_kerror_set (err, AB_K_E_IO, 0, "%s: %s", path, strerror (errno));
  char *text = NULL;
  size_t len = 0, cap = 0;
  for (;;)
    {
      if (len == cap)
        {
          /* models.ini is a few KiB; a megabyte is far more than any key file here */
          if (cap >= (1u << 20))
            {
              fclose (f);
              free (text);
              return ab_kerror_set (err, AB_K_E_IO, 0, "%s: larger than 1 MiB", path);
            }
          cap = cap ? 2 * cap : 16384;
          char *t = realloc (text, cap);
          if (!t)
            {
              fclose (f);
              free (text);
              return ab_kerror_set (err, AB_K_E_NOMEM, 0, "out of memory");
            }
          text = t;
        }
      size_t got = fread (text + len, 1, cap - len, f);
      len += got;
      if (got == 0)
        break;
    }
  int bad = ferror (f);
  fclose (f);
  if (bad)
    {
      free (text);
      return ab_kerror_set (err, AB_K_E_IO, 0, "%s: read error", path);
    }
  AbKStatus st = ab_model_presets_parse (text, len, out, err);
  if (st == AB_K_E_PARSE && err)
    {
      /* prefix the file name: "models.ini:12: …" reads like a compiler */
      char msg[2 * sizeof err->message];
      const char *base = strrchr (path, '/');
      snprintf (msg, sizeof msg, "%.200s: %s", base ? base + 1 : path, err->message);
      size_t l = strlen (msg) < sizeof err->message ? strlen (msg) : sizeof err->message - 1;
      memcpy (err->message, msg, l);
      err->message[l] = '\0';
    }
  free (text);
  return st;
}

void
ab_model_presets_clear (AbModelPresets *presets)
{
  if (!presets)
    return;
  free (presets->items);
  presets->items = NULL;
  presets->n = 0;
}

const AbModelPreset *
ab_model_presets_find (const AbModelPresets *presets, const char *key)
{
  for (int i = 0; presets && key && i < presets->n; i++)
    if (strcmp (presets->items[i].key, key) == 0)
      return &presets->items[i];
  return NULL;
}

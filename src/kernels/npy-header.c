/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy-header.c — the .npy header, parsed as the Python dict literal it is
 *
 * numpy/lib/format.py writes {'descr': '<f4', 'fortran_order': False,
 * 'shape': (64, 16), } padded with spaces to a newline. A substring search
 * would take "Falsehood" for False, "(64 16)" for a shape, or a decoy
 * "'fortran_order': False" inside another value for the real key, so this
 * reads the literal token by token: string keys, each given once, with a
 * string, a boolean or a tuple of whole numbers; nothing but padding after
 * the closing brace.
 */
#include "npy-header.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *p;
  char       *msg;
  size_t      msg_len;
} Cursor;

static int
bad (Cursor *c, const char *what)
{
  snprintf (c->msg, c->msg_len, "malformed header: %s", what);
  return -1;
}

static void
skip_space (Cursor *c)
{
  while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
    c->p++;
}

/* A '…' or "…" literal without escapes (numpy's keys and dtypes have none). */
static int
parse_string (Cursor *c, char *out, size_t out_len)
{
  char quote = *c->p;
  size_t n = 0;

  if (quote != '\'' && quote != '"')
    return bad (c, "expected a quoted string");
  for (c->p++; *c->p != quote; c->p++)
    {
      if (*c->p == '\0' || *c->p == '\\')
        return bad (c, "unterminated or escaped string");
      if (n + 1 >= out_len)
        return bad (c, "string too long");
      out[n++] = *c->p;
    }
  c->p++;
  out[n] = '\0';
  return 0;
}

/* True or False as a whole word. */
static int
parse_bool (Cursor *c, int *out)
{
  static const char *const words[] = { "False", "True" };

  for (int i = 0; i < 2; i++)
    {
      size_t n = strlen (words[i]);
      char next;
      if (strncmp (c->p, words[i], n) != 0)
        continue;
      next = c->p[n];
      if (next == ',' || next == '}' || next == ' ')
        {
          c->p += n;
          *out = i;
          return 0;
        }
    }
  return bad (c, "fortran_order must be True or False");
}

/* (a, b, c) with an optional trailing comma; () is a scalar. */
static int
parse_shape (Cursor *c, long *shape, int *ndim)
{
  *ndim = 0;
  if (*c->p != '(')
    return bad (c, "shape must be a tuple");
  c->p++;
  for (;;)
    {
      char *end;
      long dim;

      skip_space (c);
      if (*c->p == ')')
        break;
      if (*c->p < '0' || *c->p > '9')
        return bad (c, "shape entries must be whole numbers");
      errno = 0;
      dim = strtol (c->p, &end, 10);
      if (errno)
        return bad (c, "shape entry out of range");
      if (*ndim == AB_NPY_MAX_DIMS)
        return bad (c, "more than 3 dimensions");
      shape[(*ndim)++] = dim;
      c->p = end;
      skip_space (c);
      if (*c->p == ',')
        c->p++;
      else if (*c->p != ')')
        return bad (c, "expected “,” or “)” in shape");
    }
  c->p++;
  /* A one-element tuple needs its comma in Python: (64) is an int. */
  return 0;
}

int
ab_npy_parse_header (const char *text, AbNpyHeader *out, char *msg, size_t msg_len)
{
  Cursor c = { text, msg, msg_len };
  int seen_descr = 0, seen_order = 0, seen_shape = 0;

  memset (out, 0, sizeof *out);
  skip_space (&c);
  if (*c.p != '{')
    return bad (&c, "expected “{”");
  c.p++;
  for (;;)
    {
      char key[32];

      skip_space (&c);
      if (*c.p == '}')
        break;
      if (parse_string (&c, key, sizeof key) != 0)
        return -1;
      skip_space (&c);
      if (*c.p != ':')
        return bad (&c, "expected “:” after a key");
      c.p++;
      skip_space (&c);
      if (strcmp (key, "descr") == 0 && !seen_descr++)
        {
          if (parse_string (&c, out->descr, sizeof out->descr) != 0)
            return -1;
        }
      else if (strcmp (key, "fortran_order") == 0 && !seen_order++)
        {
          if (parse_bool (&c, &out->fortran_order) != 0)
            return -1;
        }
      else if (strcmp (key, "shape") == 0 && !seen_shape++)
        {
          if (parse_shape (&c, out->shape, &out->ndim) != 0)
            return -1;
        }
      else
        {
          char what[64];
          snprintf (what, sizeof what, "unexpected or repeated key '%s'", key);
          return bad (&c, what);
        }
      skip_space (&c);
      if (*c.p == ',')
        c.p++;
      else if (*c.p != '}')
        return bad (&c, "expected “,” or “}” after a value");
    }
  c.p++;
  skip_space (&c);
  if (*c.p != '\0')
    return bad (&c, "text after the closing “}”");
  if (!seen_descr)
    return bad (&c, "no 'descr'");
  if (!seen_order)
    return bad (&c, "no 'fortran_order'");
  if (!seen_shape)
    return bad (&c, "no 'shape'");
  return 0;
}

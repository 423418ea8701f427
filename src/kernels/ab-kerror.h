/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-kerror.h — status codes and one-line messages for the Part 4 kernels
 *
 * The serving kernels (model presets, KV-cache arithmetic, the paged
 * allocator, the serving simulator, the ring timing model, speculative
 * decoding) report errors the way the attention kernels do: a status code
 * and, if the caller passes an AbKError, a one-line message without a
 * trailing newline. Nothing here aborts. The attention-shaped kernels of
 * Part 4 (GQA, MLA, rolling buffer, paged attention) use AbAttnStatus and
 * AbAttnError from attention.h instead, like every other attention kernel.
 *
 * Header-only: one static inline helper formats the message.
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>

typedef enum
{
  AB_K_OK = 0,
  AB_K_E_INVALID,   /* bad argument: sizes, NULL pointers, unknown names */
  AB_K_E_NOMEM,     /* an allocation failed */
  AB_K_E_FULL,      /* the block pool has no room (a normal outcome) */
  AB_K_E_PARSE,     /* a data file is malformed (line number in the error) */
  AB_K_E_IO,        /* a file could not be read */
} AbKStatus;

typedef struct
{
  AbKStatus status;
  int       line;           /* AB_K_E_PARSE: 1-based line, else 0 */
  char      message[256];
} AbKError;

static inline AbKStatus ab_kerror_set (AbKError *err, AbKStatus status,
                                       int line, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static inline AbKStatus
ab_kerror_set (AbKError *err, AbKStatus status, int line, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      err->status = status;
      err->line = line;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

static inline void
ab_kerror_clear (AbKError *err)
{
  if (err)
    {
      err->status = AB_K_OK;
      err->line = 0;
      err->message[0] = '\0';
    }
}

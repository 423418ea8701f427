/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-error.h — fill an AbAttnError from the Part 4 attention kernels
 *
 * The GQA, MLA, rolling-buffer and paged-attention kernels sit on top of
 * attention.h's public API and report their own argument errors through
 * the same AbAttnStatus / AbAttnError pair. Header-only, not installed.
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attention.h"

static inline AbAttnStatus ab_attn_error_set (AbAttnError *err, AbAttnStatus status,
                                              const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

static inline AbAttnStatus
ab_attn_error_set (AbAttnError *err, AbAttnStatus status, const char *fmt, ...)
{
  if (err)
    {
      va_list ap;
      memset (err, 0, sizeof *err);
      err->status = status;
      va_start (ap, fmt);
      vsnprintf (err->message, sizeof err->message, fmt, ap);
      va_end (ap);
    }
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy-header.h — parse the dict literal of a .npy header (see npy-header.c) */
#pragma once

#include <stddef.h>

#include "npy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  char descr[32];        /* "<f4" */
  int  fortran_order;    /* 0 or 1 */
  int  ndim;
  long shape[AB_NPY_MAX_DIMS];
} AbNpyHeader;

/* 0 on success; −1 with a one-line reason in @msg ("malformed header: …"). */
int ab_npy_parse_header (const char *text, AbNpyHeader *out, char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif

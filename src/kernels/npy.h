/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy.h — read and write float32, C-order NumPy .npy files (format 1.0–3.0)
 *
 * Only what the attention tools need: little-endian float32 ('<f4'), C
 * order, 1 to 3 dimensions. Anything else is refused with a one-line message
 * naming the file and what was wrong. Writes go to a temporary file in the
 * same directory that is renamed into place, so a failed run never leaves a
 * partial output behind.
 */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AB_NPY_MAX_DIMS 3

typedef struct
{
  int    ndim;
  long   shape[AB_NPY_MAX_DIMS];
  size_t count;       /* product of shape */
  float *data;        /* malloc'd, count floats */
} AbNpyArray;

/* Returns 0 on success; on failure −1 and a message in err (no newline). */
int  ab_npy_read  (const char *path, AbNpyArray *out, char *err, size_t err_len);
void ab_npy_clear (AbNpyArray *arr);

/* Writes to "<path>.XXXXXX" next to path and returns its name in tmp_path.
 * The caller renames it into place (ab_npy_commit) or removes it. */
int  ab_npy_write_temp (const char *path, const float *data, int ndim,
                        const long *shape, char *tmp_path, size_t tmp_len,
                        char *err, size_t err_len);
/* rename(tmp_path, path); on failure removes tmp_path. */
int  ab_npy_commit     (const char *tmp_path, const char *path,
                        char *err, size_t err_len);
/* Both steps. */
int  ab_npy_write      (const char *path, const float *data, int ndim,
                        const long *shape, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

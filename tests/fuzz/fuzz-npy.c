/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-npy.c — libFuzzer harness over the .npy reader: the bytes are written
 * to a file and read back. No input may crash, leak or trip UBSan; a refusal
 * names the file, and an accepted array's shape accounts for its data. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "npy.h"
#include "npy-header.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static char path[64];
  char err[256] = "";
  char *text;
  AbNpyHeader header;
  AbNpyArray arr;
  FILE *fp;

  /* The header parser on its own, as text. */
  text = strndup ((const char *) data, size);
  if (ab_npy_parse_header (text, &header, err, sizeof err) != 0 && strncmp (err, "malformed header: ", 18) != 0)
    __builtin_trap ();
  free (text);

  if (path[0] == '\0')
    snprintf (path, sizeof path, "/tmp/ab-fuzz-npy-%d.npy", (int) getpid ());
  fp = fopen (path, "wb");
  if (fp == NULL)
    return 0;
  fwrite (data, 1, size, fp);
  fclose (fp);
  if (ab_npy_read (path, &arr, err, sizeof err) == 0)
    {
      size_t count = 1;
      for (int i = 0; i < arr.ndim; i++)
        count *= (size_t) arr.shape[i];
      if (count != arr.count || (count > 0 && arr.data == NULL))
        __builtin_trap ();
      ab_npy_clear (&arr);
    }
  else if (strncmp (err, path, strlen (path)) != 0)
    __builtin_trap ();   /* every refusal names the file */
  return 0;
}

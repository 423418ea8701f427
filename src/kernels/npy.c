/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy.c — float32 .npy reader/writer (see npy.h; format described in
 * numpy/lib/format.py: magic "\x93NUMPY", version, little-endian header
 * length, a Python-literal dict, padding, then raw data). */
#include "npy.h"
#include "npy-header.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
fail (char *err, size_t len, const char *path, const char *msg)
{
  if (err && len)
    snprintf (err, len, "%s: %s", path, msg);
  return -1;
}

void
ab_npy_clear (AbNpyArray *arr)
{
  if (!arr)
    return;
  free (arr->data);
  memset (arr, 0, sizeof *arr);
}

int
ab_npy_read (const char *path, AbNpyArray *out, char *err, size_t err_len)
{
  char msg[200];
  memset (out, 0, sizeof *out);
  FILE *fp = fopen (path, "rb");
  if (!fp)
    {
      snprintf (msg, sizeof msg, "cannot open: %s", strerror (errno));
      return fail (err, err_len, path, msg);
    }

  unsigned char pre[12];
  size_t got = fread (pre, 1, 10, fp);
  if (got < 10 || memcmp (pre, "\x93NUMPY", 6) != 0)
    {
      fclose (fp);
      return fail (err, err_len, path, "not a .npy file (bad magic)");
    }
  int major = pre[6];
  size_t hlen, pos;
  if (major == 1)
    {
      hlen = pre[8] | (size_t) pre[9] << 8;
      pos = 10;
    }
  else if (major == 2 || major == 3)
    {
      if (fread (pre + 10, 1, 2, fp) != 2)
        {
          fclose (fp);
          return fail (err, err_len, path, "truncated .npy header");
        }
      hlen = pre[8] | (size_t) pre[9] << 8 | (size_t) pre[10] << 16 | (size_t) pre[11] << 24;
      pos = 12;
    }
  else
    {
      fclose (fp);
      snprintf (msg, sizeof msg, "unsupported .npy version %d", major);
      return fail (err, err_len, path, msg);
    }
  if (hlen == 0 || hlen > (1u << 20))
    {
      fclose (fp);
      return fail (err, err_len, path, "bad .npy header length");
    }
  char *hdr = malloc (hlen + 1);
  if (!hdr || fread (hdr, 1, hlen, fp) != hlen)
    {
      free (hdr);
      fclose (fp);
      return fail (err, err_len, path, "truncated .npy header");
    }
  hdr[hlen] = '\0';
  pos += hlen;

  AbNpyHeader header;
  if (ab_npy_parse_header (hdr, &header, msg, sizeof msg) != 0)
    {
      free (hdr);
      fclose (fp);
      return fail (err, err_len, path, msg);
    }
  if (strcmp (header.descr, "<f4") != 0)
    {
      free (hdr);
      fclose (fp);
      snprintf (msg, sizeof msg, "dtype is '%s', expected float32 ('<f4')", header.descr);
      return fail (err, err_len, path, msg);
    }
  if (header.fortran_order)
    {
      free (hdr);
      fclose (fp);
      return fail (err, err_len, path, "array is in Fortran order, expected C order");
    }
  int ndim = header.ndim;
  size_t count = 1;
  for (int i = 0; i < ndim; i++)
    {
      long dim = header.shape[i];
      out->shape[i] = dim;
      if (dim > 0 && count > SIZE_MAX / 4 / (size_t) dim)
        {
          free (hdr);
          fclose (fp);
          return fail (err, err_len, path, "shape too large");
        }
      count *= (size_t) dim;
    }
  free (hdr);
  out->ndim = ndim;
  out->count = count;

  /* data size */
  struct stat stbuf;
  if (fstat (fileno (fp), &stbuf) != 0)
    {
      fclose (fp);
      return fail (err, err_len, path, "cannot stat");
    }
  size_t have = stbuf.st_size > (off_t) pos ? (size_t) stbuf.st_size - pos : 0;
  size_t want = count * sizeof (float);
  if (have != want)
    {
      fclose (fp);
      snprintf (msg, sizeof msg, "%s: shape needs %zu data bytes, file has %zu",
                have < want ? "truncated" : "size mismatch", want, have);
      return fail (err, err_len, path, msg);
    }
  out->data = malloc (want ? want : 1);
  if (!out->data)
    {
      fclose (fp);
      return fail (err, err_len, path, "out of memory");
    }
  if (want && fread (out->data, 1, want, fp) != want)
    {
      fclose (fp);
      ab_npy_clear (out);
      return fail (err, err_len, path, "read error");
    }
  fclose (fp);
  return 0;
}

int
ab_npy_write_temp (const char *path, const float *data, int ndim,
                   const long *shape, char *tmp_path, size_t tmp_len,
                   char *err, size_t err_len)
{
  char msg[200];
  if (ndim < 1 || ndim > AB_NPY_MAX_DIMS)
    return fail (err, err_len, path, "bad number of dimensions");
  if ((size_t) snprintf (tmp_path, tmp_len, "%s.XXXXXX", path) >= tmp_len)
    return fail (err, err_len, path, "path too long");

  char dict[160];
  size_t count = 1;
  int n = snprintf (dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (");
  for (int i = 0; i < ndim; i++)
    {
      n += snprintf (dict + n, sizeof dict - n, "%ld,%s", shape[i], i + 1 < ndim ? " " : "");
      count *= (size_t) shape[i];
    }
  n += snprintf (dict + n, sizeof dict - n, "), }");
  /* magic(6) + version(2) + len(2) + dict + padding + '\n' ≡ 0 mod 64 */
  size_t total = 10 + (size_t) n + 1;
  size_t pad = (64 - total % 64) % 64;
  size_t hlen = (size_t) n + pad + 1;

  int fd = mkstemp (tmp_path);
  if (fd < 0)
    {
      snprintf (msg, sizeof msg, "cannot create temporary file: %s", strerror (errno));
      return fail (err, err_len, path, msg);
    }
  /* mkstemp makes 0600; a new file gets 0666 less the umask, as from any
   * program (umask can only be read by setting it: the CLI is one thread
   * when it writes) */
  mode_t mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  FILE *fp = fdopen (fd, "wb");
  if (!fp)
    {
      close (fd);
      unlink (tmp_path);
      return fail (err, err_len, path, "cannot open temporary file");
    }
  unsigned char pre[10] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                            (unsigned char) (hlen & 0xff), (unsigned char) (hlen >> 8) };
  int ok = fwrite (pre, 1, 10, fp) == 10
           && fwrite (dict, 1, (size_t) n, fp) == (size_t) n;
  for (size_t i = 0; ok && i < pad; i++)
    ok = fputc (' ', fp) != EOF;
  ok = ok && fputc ('\n', fp) != EOF;
  ok = ok && fwrite (data, sizeof (float), count, fp) == count;
  ok = (fclose (fp) == 0) && ok;
  if (!ok)
    {
      unlink (tmp_path);
      snprintf (msg, sizeof msg, "write failed: %s", strerror (errno));
      return fail (err, err_len, path, msg);
    }
  return 0;
}

int
ab_npy_commit (const char *tmp_path, const char *path, char *err, size_t err_len)
{
  if (rename (tmp_path, path) != 0)
    {
      char msg[200];
      snprintf (msg, sizeof msg, "cannot rename temporary file: %s", strerror (errno));
      unlink (tmp_path);
      return fail (err, err_len, path, msg);
    }
  return 0;
}

int
ab_npy_write (const char *path, const float *data, int ndim, const long *shape,
              char *err, size_t err_len)
{
  char tmp[4096];
  if (ab_npy_write_temp (path, data, ndim, shape, tmp, sizeof tmp, err, err_len) != 0)
    return -1;
  return ab_npy_commit (tmp, path, err, err_len);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-atomic-file"

#include "ab-atomic-file.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* What an interrupted run must remove: the temporary file being written and
 * the files of the set committed so far. Written before the handler can
 * look (paths are copied or allocated first, then counted), read by the
 * handler with async-signal-safe calls only. */
static char current_tmp[4096];
static char **set_paths;
static volatile sig_atomic_t set_count, set_size;

static void
on_signal (int sig)
{
  if (current_tmp[0])
    unlink (current_tmp);
  for (sig_atomic_t i = 0; i < set_count; i++)
    unlink (set_paths[i]);
  /* Die of the signal, so the shell reports 130 / 143 as usual. */
  signal (sig, SIG_DFL);
  raise (sig);
}

void
ab_atomic_file_clean_up_on_signals (guint n_files)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action = { 0 };

  ab_atomic_file_discard_set ();
  g_free (set_paths);
  set_paths = g_new0 (char *, MAX (n_files, 1));
  set_size = (sig_atomic_t) n_files;
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);
}

void
ab_atomic_file_discard_set (void)
{
  for (sig_atomic_t i = 0; i < set_count; i++)
    {
      g_unlink (set_paths[i]);
      g_free (set_paths[i]);
    }
  set_count = 0;
}

static void
remember_tmp (const char *tmp)
{
  if (strlen (tmp) < sizeof current_tmp)
    memcpy (current_tmp, tmp, strlen (tmp) + 1);
}

static void
forget_tmp (void)
{
  current_tmp[0] = '\0';
}

struct _AbAtomicFile
{
  char *path;
  char *tmp_path;
  int   fd;
  int   saved_errno;   /* first write error, reported at commit */
};

/* Only a regular file (or nothing) is replaced: a rename would put a plain
 * file in place of a symlink, a folder or a device, and as root it can. */
static gboolean
check_target (const char *path, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
               _("“%s” is not a regular file (a link, folder or device): not replacing it"), path);
  return FALSE;
}

AbAtomicFile *
ab_atomic_file_new (const char *path, GError **error)
{
  AbAtomicFile *file;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_target (path, error))
    return NULL;
  file = g_new0 (AbAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  /* 0666 less the umask, as any program creating a file would. */
  file->fd = g_mkstemp_full (file->tmp_path, O_WRONLY, 0666);
  if (file->fd >= 0)
    remember_tmp (file->tmp_path);
  if (file->fd < 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   _("cannot write “%s”: %s"), path, g_strerror (err));
      g_free (file->path);
      g_free (file->tmp_path);
      g_free (file);
      return NULL;
    }
  return file;
}

gboolean
ab_atomic_file_write_all (AbAtomicFile *file, const void *data, gsize length, GError **error)
{
  const char *p = data;

  while (length > 0 && file->saved_errno == 0)
    {
      gssize n = write (file->fd, p, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          file->saved_errno = n < 0 ? errno : EIO;
          break;
        }
      p += n;
      length -= (gsize) n;
    }
  if (file->saved_errno != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (file->saved_errno),
                   _("cannot write “%s”: %s"), file->path, g_strerror (file->saved_errno));
      return FALSE;
    }
  return TRUE;
}

cairo_status_t
ab_atomic_file_write (void *atomic_file, const unsigned char *data, unsigned int length)
{
  return ab_atomic_file_write_all (atomic_file, data, length, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
free_file (AbAtomicFile *file)
{
  g_free (file->path);
  g_free (file->tmp_path);
  g_free (file);
}

void
ab_atomic_file_abort (AbAtomicFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  g_unlink (file->tmp_path);
  forget_tmp ();
  free_file (file);
}

gboolean
ab_atomic_file_commit (AbAtomicFile *file, GError **error)
{
  int err = file->saved_errno;

  if (err == 0 && fsync (file->fd) != 0)
    err = errno;
  if (close (file->fd) != 0 && err == 0)
    err = errno;
  file->fd = -1;
  if (err == 0 && g_rename (file->tmp_path, file->path) != 0)
    err = errno;

  if (err != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   _("cannot write “%s”: %s"), file->path, g_strerror (err));
      ab_atomic_file_abort (file);
      return FALSE;
    }
  /* Part of a set being written: an interrupt removes it too. */
  if (set_paths && set_count < set_size)
    {
      set_paths[set_count] = g_strdup (file->path);
      set_count = set_count + 1;
    }
  forget_tmp ();
  free_file (file);
  return TRUE;
}

gboolean
ab_atomic_file_set_contents (const char *path, const void *contents, gsize length,
                             GError **error)
{
  AbAtomicFile *file = ab_atomic_file_new (path, error);

  if (file == NULL)
    return FALSE;
  if (!ab_atomic_file_write_all (file, contents, length, error))
    {
      ab_atomic_file_abort (file);
      return FALSE;
    }
  return ab_atomic_file_commit (file, error);
}

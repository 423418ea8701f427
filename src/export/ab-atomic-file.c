/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-atomic-file"

#include "ab-atomic-file.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* What an interrupted run must remove: the temporary file being written and
 * the set's temporary files not yet renamed. Written before the handler can
 * look (paths are copied or allocated first, then counted), read by the
 * handler with async-signal-safe calls only. */
static char current_tmp[4096];
static char **set_tmp, **set_path;
static volatile sig_atomic_t set_count, set_size, set_open;
static guint64 set_bytes;
/* The handler runs on the main thread only: the temporary files are made
 * there, with the signals blocked while the handler could not know one;
 * OpenBLAS's and GLib's threads do not block them, so a signal one of them
 * takes is passed on. */
static pthread_t main_thread;

static void
on_signal (int sig)
{
  if (!pthread_equal (pthread_self (), main_thread))
    {
      pthread_kill (main_thread, sig);
      return;
    }
  if (current_tmp[0])
    unlink (current_tmp);
  /* a temporary file already renamed is gone: unlink fails harmlessly */
  for (sig_atomic_t i = 0; i < set_count; i++)
    unlink (set_tmp[i]);
  /* Die of the signal, so the shell reports 130 / 143 as usual. */
  signal (sig, SIG_DFL);
  raise (sig);
}

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

void
ab_atomic_file_clean_up_on_signals (void)
{
  struct sigaction action = { 0 };

  main_thread = pthread_self ();
  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaction (cleanup_signals[i], &action, NULL);
  /* Past a file-size limit a write fails with EFBIG, reported and cleaned
   * up like a full disk, instead of the process being killed mid-file. */
  signal (SIGXFSZ, SIG_IGN);
}

/* Held around the moments a temporary file exists but the handler does not
 * know it yet (between mkstemp and remembering its name). */
static void
block_signals (gboolean block, sigset_t *old)
{
  sigset_t set;

  if (!block)
    {
      sigprocmask (SIG_SETMASK, old, NULL);
      return;
    }
  sigemptyset (&set);
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaddset (&set, cleanup_signals[i]);
  sigprocmask (SIG_BLOCK, &set, old);
}

static void
end_set (void)
{
  sigset_t old;

  block_signals (TRUE, &old);
  set_open = 0;
  set_count = 0;
  set_size = 0;
  block_signals (FALSE, &old);
  g_strfreev (set_tmp);
  g_strfreev (set_path);
  set_tmp = set_path = NULL;
  set_bytes = 0;
}

void
ab_atomic_file_begin_set (guint n_files)
{
  ab_atomic_file_discard_set ();
  set_tmp = g_new0 (char *, n_files + 1);
  set_path = g_new0 (char *, n_files + 1);
  set_size = (sig_atomic_t) n_files;
  set_open = 1;
}

void
ab_atomic_file_discard_set (void)
{
  for (sig_atomic_t i = 0; i < set_count; i++)
    g_unlink (set_tmp[i]);
  end_set ();
}

gboolean
ab_atomic_file_commit_set (GError **error)
{
  for (sig_atomic_t i = 0; i < set_count; i++)
    if (g_rename (set_tmp[i], set_path[i]) != 0)
      {
        int err = errno;
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                     _("cannot write “%s”: %s"), set_path[i], g_strerror (err));
        ab_atomic_file_discard_set ();
        return FALSE;
      }
  end_set ();
  return TRUE;
}

guint64
ab_atomic_file_set_bytes (void)
{
  return set_bytes;
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
  guint64 bytes;
};

/* Only a regular file (or nothing) is replaced: a rename would put a plain
 * file in place of a symlink, a folder or a device, and as root it can. */
gboolean
ab_atomic_file_check_target (const char *path, GError **error)
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

  if (!ab_atomic_file_check_target (path, error))
    return NULL;
  file = g_new0 (AbAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  /* 0666 less the umask, as any program creating a file would. */
  {
    sigset_t old;
    block_signals (TRUE, &old);
    file->fd = g_mkstemp_full (file->tmp_path, O_WRONLY, 0666);
    if (file->fd >= 0)
      remember_tmp (file->tmp_path);
    block_signals (FALSE, &old);
  }
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
  /* A file being replaced keeps its permissions, as g_file_replace() would. */
  {
    GStatBuf st;
    if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
      fchmod (file->fd, st.st_mode & 07777);
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
      file->bytes += (guint64) n;
    }
  return !ab_atomic_file_get_write_error (file, error);
}

gboolean
ab_atomic_file_get_write_error (AbAtomicFile *file, GError **error)
{
  if (file->saved_errno == 0)
    return FALSE;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (file->saved_errno),
               _("cannot write “%s”: %s"), file->path, g_strerror (file->saved_errno));
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
  if (err == 0 && set_open && set_count >= set_size)
    err = EOVERFLOW;   /* more files than the set was begun for */
  if (err == 0 && !set_open && g_rename (file->tmp_path, file->path) != 0)
    err = errno;

  if (err != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   _("cannot write “%s”: %s"), file->path, g_strerror (err));
      ab_atomic_file_abort (file);
      return FALSE;
    }
  if (set_open)
    {
      /* kept for ab_atomic_file_commit_set(); counted once both names are
       * there, and only then forgotten as the current file */
      set_tmp[set_count] = g_steal_pointer (&file->tmp_path);
      set_path[set_count] = g_steal_pointer (&file->path);
      atomic_signal_fence (memory_order_seq_cst);   /* the names before the count */
      set_count = set_count + 1;
      set_bytes += file->bytes;
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

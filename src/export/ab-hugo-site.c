/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-hugo-site"

#include "ab-hugo-site.h"
#include "ab-atomic-file.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files ---------------------------------------------------------------------- */

AbHugoFile *
ab_hugo_file_new (const char *path, GBytes *contents)
{
  AbHugoFile *file = g_new0 (AbHugoFile, 1);

  file->path = g_strdup (path);
  file->contents = g_bytes_ref (contents);
  return file;
}

AbHugoFile *
ab_hugo_file_new_take (const char *path, char *text)
{
  AbHugoFile *file = g_new0 (AbHugoFile, 1);

  file->path = g_strdup (path);
  file->contents = g_bytes_new_take (text, strlen (text));
  return file;
}

void
ab_hugo_file_free (AbHugoFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_bytes_unref (file->contents);
  g_free (file);
}

gsize
ab_hugo_gzip_size (GBytes *contents)
{
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  gsize in_size, total = 0, read, written;
  const guint8 *in = g_bytes_get_data (contents, &in_size);
  guint8 buffer[16384];
  GConverterResult result;

  do
    {
      result = g_converter_convert (G_CONVERTER (compressor), in, in_size, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
      if (result == G_CONVERTER_ERROR)
        return in_size;   /* cannot happen for a compressor with room to write */
      in += read;
      in_size -= read;
      total += written;
    }
  while (result != G_CONVERTER_FINISHED);
  return total;
}

/* Signals ---------------------------------------------------------------------- */

static volatile sig_atomic_t caught_signal;

static void
on_signal (int sig)
{
  caught_signal = sig;
}

void
ab_hugo_site_catch_signals (void)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action = { 0 };

  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);
}

int
ab_hugo_site_interrupted (void)
{
  return caught_signal;
}

void
ab_hugo_site_reraise (void)
{
  int sig = caught_signal;

  if (sig == 0)
    return;
  /* Die of the signal, so the shell reports 130 / 143 as usual. */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
hold_signals (gboolean hold)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  sigprocmask (hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* The site ----------------------------------------------------------------------- */

typedef struct
{
  char *target;   /* inside the site: "static/visualizations/roofline" */
  char *final;
  char *tmp;      /* the hidden folder being written */
  char *old;      /* where the previous folder went during the commit */
} Staged;

struct _AbHugoSite
{
  char      *root;
  gboolean   force;
  GPtrArray *staged;    /* Staged* */
  GPtrArray *created;   /* folders this export made, in order */
};

static void
staged_free (Staged *s)
{
  g_free (s->target);
  g_free (s->final);
  g_free (s->tmp);
  g_free (s->old);
  g_free (s);
}

static gboolean
set_errno_error (GError **error, int err, const char *format, const char *path)
{
  g_autofree char *message = g_strdup_printf (format, path);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", message, g_strerror (err));
  return FALSE;
}

AbHugoSite *
ab_hugo_site_new (const char *root, gboolean force, GError **error)
{
  AbHugoSite *site;
  g_autofree char *parent = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  if (*root == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--out SITE_DIR is required"));
      return NULL;
    }
  if (g_file_test (root, G_FILE_TEST_EXISTS))
    {
      if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, _("output “%s” is not a folder"), root);
          return NULL;
        }
    }
  else
    {
      parent = g_path_get_dirname (root);
      if (!g_file_test (parent, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       _("output folder “%s” does not exist, nor does its parent “%s”"), root, parent);
          return NULL;
        }
    }
  if (g_access (parent ? parent : root, W_OK) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES, _("output folder “%s” is not writable"),
                   parent ? parent : root);
      return NULL;
    }

  site = g_new0 (AbHugoSite, 1);
  site->root = g_strdup (root);
  site->force = force;
  site->staged = g_ptr_array_new_with_free_func ((GDestroyNotify) staged_free);
  site->created = g_ptr_array_new_with_free_func (g_free);
  return site;
}

const char *
ab_hugo_site_get_root (AbHugoSite *site)
{
  return site->root;
}

/* Everything under @path, then @path: only ever our own hidden folders. */
static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

gboolean
ab_hugo_site_exists (AbHugoSite *site, const char *target)
{
  g_autofree char *final = g_build_filename (site->root, target, NULL);
  GStatBuf st;

  return g_lstat (final, &st) == 0;
}

gboolean
ab_hugo_site_check (AbHugoSite *site, const char *target, GError **error)
{
  g_autofree char *final = g_build_filename (site->root, target, NULL);
  GStatBuf st;

  if (g_lstat (final, &st) != 0)
    {
      /* Nothing there: the first folder that exists above it must take writes. */
      g_autofree char *up = g_path_get_dirname (final);
      while (!g_file_test (up, G_FILE_TEST_EXISTS))
        {
          char *next = g_path_get_dirname (up);
          g_free (up);
          up = next;
        }
      if (!g_file_test (up, G_FILE_TEST_IS_DIR) || g_access (up, W_OK) != 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES, _("cannot write “%s”: “%s” is not a writable folder"),
                       final, up);
          return FALSE;
        }
      return TRUE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("“%s” is not a folder (a file or a link): not replacing it"), final);
      return FALSE;
    }
  {
    g_autoptr (GDir) dir = g_dir_open (final, 0, NULL);
    if (dir && g_dir_read_name (dir) && !site->force)
      {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                     _("“%s” is not empty: use --force to replace it"), final);
        return FALSE;
      }
  }
  {
    g_autofree char *parent = g_path_get_dirname (final);
    if (g_access (parent, W_OK) != 0)
      {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES, _("cannot replace “%s”: “%s” is not writable"),
                     final, parent);
        return FALSE;
      }
  }
  return TRUE;
}

/* mkdir -p, remembering what it made so that an abort can take it back. */
static gboolean
ensure_folder (AbHugoSite *site, const char *path, GError **error)
{
  g_autofree char *parent = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  parent = g_path_get_dirname (path);
  if (strcmp (parent, path) != 0 && !ensure_folder (site, parent, error))
    return FALSE;
  if (g_mkdir (path, 0777) != 0)
    return set_errno_error (error, errno, _("cannot create the folder “%s”"), path);
  g_ptr_array_add (site->created, g_strdup (path));
  return TRUE;
}

static gboolean
interrupted_error (GError **error)
{
  if (!ab_hugo_site_interrupted ())
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("interrupted"));
  return TRUE;
}

gboolean
ab_hugo_site_stage (AbHugoSite *site, const char *target, GPtrArray *files, GError **error)
{
  Staged *s = g_new0 (Staged, 1);
  g_autofree char *parent = NULL, *base = NULL, *pattern = NULL;

  s->target = g_strdup (target);
  s->final = g_build_filename (site->root, target, NULL);
  parent = g_path_get_dirname (s->final);
  base = g_path_get_basename (s->final);
  if (!ensure_folder (site, parent, error))
    {
      staged_free (s);
      return FALSE;
    }
  pattern = g_strdup_printf (".%s.ab-new-XXXXXX", base);
  s->tmp = g_build_filename (parent, pattern, NULL);
  if (g_mkdtemp_full (s->tmp, 0777) == NULL)
    {
      set_errno_error (error, errno, _("cannot create a folder beside “%s”"), s->final);
      g_clear_pointer (&s->tmp, g_free);
      staged_free (s);
      return FALSE;
    }
  /* From here on an abort removes it. */
  g_ptr_array_add (site->staged, s);

  for (guint i = 0; i < files->len; i++)
    {
      AbHugoFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (s->tmp, file->path, NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      gsize size;
      const void *data = g_bytes_get_data (file->contents, &size);

      if (interrupted_error (error))
        return FALSE;
      if (g_mkdir_with_parents (dir, 0777) != 0)
        return set_errno_error (error, errno, _("cannot create the folder “%s”"), dir);
      if (!ab_atomic_file_set_contents (path, data, size, error))
        {
          /* Name the file where it will be, not its hidden twin. */
          g_autofree char *message = g_strdup ((*error)->message);
          char *hidden = strstr (message, s->tmp);
          if (hidden)
            {
              GString *fixed = g_string_new_len (message, hidden - message);
              g_string_append (fixed, s->final);
              g_string_append (fixed, hidden + strlen (s->tmp));
              g_free ((*error)->message);
              (*error)->message = g_string_free (fixed, FALSE);
            }
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
swap_in (Staged *s, GError **error)
{
  GStatBuf st;

  if (g_lstat (s->final, &st) == 0)
    {
      g_autofree char *parent = g_path_get_dirname (s->final);
      g_autofree char *base = g_path_get_basename (s->final);
      g_autofree char *pattern = g_strdup_printf (".%s.ab-old-XXXXXX", base);

      s->old = g_build_filename (parent, pattern, NULL);
      /* An empty folder to rename onto: rename() replaces an empty folder. */
      if (g_mkdtemp_full (s->old, 0700) == NULL || g_rename (s->final, s->old) != 0)
        {
          int err = errno;
          if (s->old)
            g_rmdir (s->old);
          g_clear_pointer (&s->old, g_free);
          return set_errno_error (error, err, _("cannot move “%s” aside"), s->final);
        }
    }
  if (g_rename (s->tmp, s->final) != 0)
    {
      int err = errno;
      if (s->old)
        g_rename (s->old, s->final);
      g_clear_pointer (&s->old, g_free);
      return set_errno_error (error, err, _("cannot put “%s” in place"), s->final);
    }
  return TRUE;
}

gboolean
ab_hugo_site_commit (AbHugoSite *site, GError **error)
{
  guint done;

  hold_signals (TRUE);
  for (done = 0; done < site->staged->len; done++)
    if (!swap_in (g_ptr_array_index (site->staged, done), error))
      break;
  if (done < site->staged->len)
    {
      /* Put back what was already swapped, newest first. */
      while (done-- > 0)
        {
          Staged *s = g_ptr_array_index (site->staged, done);
          g_rename (s->final, s->tmp);
          if (s->old)
            g_rename (s->old, s->final);
          g_clear_pointer (&s->old, g_free);
        }
      hold_signals (FALSE);
      return FALSE;
    }
  for (guint i = 0; i < site->staged->len; i++)
    {
      Staged *s = g_ptr_array_index (site->staged, i);
      if (s->old)
        remove_tree (s->old);
      g_clear_pointer (&s->tmp, g_free);
    }
  g_ptr_array_set_size (site->staged, 0);
  g_ptr_array_set_size (site->created, 0);
  hold_signals (FALSE);
  return TRUE;
}

void
ab_hugo_site_abort (AbHugoSite *site)
{
  for (guint i = 0; i < site->staged->len; i++)
    {
      Staged *s = g_ptr_array_index (site->staged, i);
      if (s->tmp)
        remove_tree (s->tmp);
    }
  g_ptr_array_set_size (site->staged, 0);
  /* Made on the way (content/posts): newest first, and only if still empty. */
  for (guint i = site->created->len; i-- > 0;)
    g_rmdir (g_ptr_array_index (site->created, i));
  g_ptr_array_set_size (site->created, 0);
}

void
ab_hugo_site_free (AbHugoSite *site)
{
  if (site == NULL)
    return;
  ab_hugo_site_abort (site);
  g_ptr_array_unref (site->staged);
  g_ptr_array_unref (site->created);
  g_free (site->root);
  g_free (site);
}

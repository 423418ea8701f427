/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math.c — the public API: parse + layout into an AbMath, its metrics,
 * drawing, and atomic rendering of a whole SVG/PNG file. */
#define G_LOG_DOMAIN "ab-math"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <cairo-svg.h>
#include "ab-math-private.h"

struct _AbMath {
  gint              ref;
  AbArena          *arena;
  AbBox            *box;
  const AbMathFont *font;
  double            size;
};

G_DEFINE_QUARK (ab-math-error-quark, ab_math_error)

static AbMath *
math_from_tree (AbArena *arena, const AbMathFont *font, AbNode *root, gboolean display, double size_pt)
{
  AbMath *math = g_new0 (AbMath, 1);
  math->ref = 1;
  math->arena = arena;
  math->font = font;
  math->size = size_pt;
  math->box = ab_math_layout (arena, font, root, display);
  return math;
}

AbMath *
ab_math_new (const char *tex, gboolean display, double size_pt, GError **error)
{
  g_return_val_if_fail (tex != NULL, NULL);
  g_return_val_if_fail (size_pt > 0 && isfinite (size_pt), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  const AbMathFont *font = ab_math_font_get (error);
  if (!font)
    return NULL;
  AbArena *arena = ab_arena_new ();
  AbNode *root = ab_math_parse (arena, tex, error);
  if (!root)
    {
      ab_arena_free (arena);
      return NULL;
    }
  return math_from_tree (arena, font, root, display, size_pt);
}

AbMath *
ab_math_new_or_error_box (const char *tex, gboolean display, double size_pt, GError **error)
{
  GError *local = NULL;
  AbMath *math = ab_math_new (tex, display, size_pt, &local);
  if (math || local->domain != AB_MATH_ERROR || local->code != AB_MATH_ERROR_PARSE)
    {
      if (local)
        g_propagate_error (error, local);
      return math;
    }
  g_propagate_error (error, local);

  /* A red frame around the source, built as a tree so it lays out (and
   * scales) like any formula: \color{red}{\boxed{\text{source}}}. */
  AbArena *arena = ab_arena_new ();
  AbNode *text = ab_arena_new0 (arena, AbNode);
  g_autofree char *valid = g_utf8_make_valid (tex, -1);
  gsize len = strlen (valid);
  char *copy = ab_arena_alloc (arena, len + 1);
  memcpy (copy, valid, len);
  for (char *c = copy; *c; c++)
    if ((guchar) *c < 0x20)
      *c = ' ';
  text->kind = AB_NODE_TEXT;
  text->text = copy;
  text->flag = AB_VARIANT_TT;
  AbNode *boxed = ab_arena_new0 (arena, AbNode);
  boxed->kind = AB_NODE_BOXED;
  boxed->a = text;
  AbNode *color = ab_arena_new0 (arena, AbNode);
  color->kind = AB_NODE_COLOR;
  color->a = boxed;
  color->rgb[0] = 0.8;
  return math_from_tree (arena, ab_math_font_get (NULL), color, display, size_pt);
}

AbMath *
ab_math_ref (AbMath *math)
{
  g_return_val_if_fail (math != NULL, NULL);
  g_atomic_int_inc (&math->ref);
  return math;
}

void
ab_math_free (AbMath *math)
{
  if (!math)
    return;
  if (!g_atomic_int_dec_and_test (&math->ref))
    return;
  ab_arena_free (math->arena);
  g_free (math);
}

void
ab_math_get_extents (AbMath *math, double *width, double *height, double *depth)
{
  g_return_if_fail (math != NULL);
  if (width)  *width = math->box->w * math->size;
  if (height) *height = math->box->h * math->size;
  if (depth)  *depth = math->box->d * math->size;
}

void
ab_math_draw (AbMath *math, cairo_t *cr, double x, double y,
              double r, double g, double b, double a)
{
  g_return_if_fail (math != NULL);
  g_return_if_fail (cr != NULL);
  ab_math_render_box (math->font, math->box, cr, x, y, math->size, r, g, b, a);
}

typedef struct
{
  FILE *fp;
  int   err;    /* the first write's errno */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  if (sink->err == 0 && fwrite (data, 1, length, sink->fp) != length)
    sink->err = errno ? errno : EIO;
  return sink->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static gboolean
write_surface (AbMath *math, const double rgb[3], gboolean svg, const char *tmp, const char *path,
               GError **error)
{
  double w, h, d;
  ab_math_get_extents (math, &w, &h, &d);
  double pad = math->size * 0.15;   /* room for ink that overhangs the box */
  double W = w + 2 * pad, H = h + d + 2 * pad;
  double scale = svg ? 1 : 2;
  if (W * scale > 30000 || H * scale > 30000)
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST,
                   "formula too large to render (%.0f × %.0f pt, at most %.0f a side): use a smaller --size",
                   W, H, 30000 / scale);
      return FALSE;
    }
  /* A PNG is held whole in memory at 4 bytes a pixel: cap it at 64 MiB. */
  if (!svg && ceil (W * scale) * ceil (H * scale) > AB_MATH_MAX_PNG_PIXELS)
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST,
                   "a %.0f × %.0f px PNG is %.1f megapixels, over the limit of %.1f: use a smaller --size or SVG",
                   ceil (W * scale), ceil (H * scale), ceil (W * scale) * ceil (H * scale) / 1e6,
                   AB_MATH_MAX_PNG_PIXELS / 1e6);
      return FALSE;
    }
  /* Through our own stream, so a failed write names its errno ("No space
   * left on device") rather than cairo's "error while writing to output stream". */
  Sink sink = { fopen (tmp, "wb"), 0 };
  if (sink.fp == NULL)
    {
      int e = errno;
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_IO, "cannot write %s: %s", path, g_strerror (e));
      return FALSE;
    }
  cairo_surface_t *surface = svg
    ? cairo_svg_surface_create_for_stream (sink_write, &sink, W, H)
    : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (W * scale), (int) ceil (H * scale));
  cairo_t *cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  ab_math_draw (math, cr, pad, pad + h, rgb[0], rgb[1], rgb[2], 1.0);
  cairo_destroy (cr);
  cairo_status_t status;
  if (svg)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  else
    status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
  cairo_surface_destroy (surface);
  if (fflush (sink.fp) != 0 && sink.err == 0)
    sink.err = errno;
  if (fclose (sink.fp) != 0 && sink.err == 0)
    sink.err = errno;
  if (sink.err != 0 || status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_IO, "cannot write %s: %s", path,
                   sink.err ? g_strerror (sink.err) : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* The temporary file being written, for the signal handler: a fixed buffer,
 * since a handler may only call async-signal-safe functions (unlink, raise). */
static char signal_tmp[4096];
static volatile sig_atomic_t signal_tmp_set;

static void
set_signal_tmp (const char *tmp)
{
  signal_tmp_set = 0;
  if (tmp)
    {
      g_strlcpy (signal_tmp, tmp, sizeof signal_tmp);
      signal_tmp_set = 1;
    }
}

/* Only the main thread, which makes the file with the signals blocked until
 * the handler knows it, handles them; another thread passes a signal on. */
static pthread_t main_thread;

static void
on_signal (int sig)
{
  if (!pthread_equal (pthread_self (), main_thread))
    {
      pthread_kill (main_thread, sig);
      return;
    }
  if (signal_tmp_set)
    unlink (signal_tmp);
  signal (sig, SIG_DFL);
  raise (sig);
}

void
ab_math_clean_up_on_signals (void)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  main_thread = pthread_self ();
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], on_signal);
}

gboolean
ab_math_render_file (const char *tex, gboolean display, double size_pt,
                     const char *color_hex, const char *format,
                     const char *path, GError **error)
{
  g_return_val_if_fail (tex && format && path, FALSE);
  double rgb[3] = { 0, 0, 0 };
  if (color_hex && !ab_math_parse_color (color_hex, rgb))
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE, "bad colour '%s' (want #rrggbb)", color_hex);
      return FALSE;
    }
  gboolean svg = g_ascii_strcasecmp (format, "svg") == 0;
  if (!svg && g_ascii_strcasecmp (format, "png") != 0)
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST, "unknown format '%s' (svg or png)", format);
      return FALSE;
    }
  g_autoptr (AbMath) math = ab_math_new (tex, display, size_pt, error);
  if (!math)
    return FALSE;

  /* Replace only a regular file: a rename would put one in place of a link
   * or a device. */
  GStatBuf st;
  if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST,
                   "%s is not a regular file (a link, folder or device): not replacing it", path);
      return FALSE;
    }

  /* Write beside the target and rename, so readers never see half a file;
   * 0666 less the umask, as any program creating a file would. */
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  if (strlen (tmp) >= sizeof signal_tmp)
    {
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST, "the file name %s is too long", path);
      return FALSE;
    }
  /* Signals wait while the file exists but the handler does not know it. */
  sigset_t block, old;
  sigemptyset (&block);
  sigaddset (&block, SIGINT);
  sigaddset (&block, SIGTERM);
  sigaddset (&block, SIGHUP);
  sigprocmask (SIG_BLOCK, &block, &old);
  int fd = g_mkstemp_full (tmp, O_RDWR, 0666);
  int e = errno;
  if (fd >= 0)
    set_signal_tmp (tmp);
  sigprocmask (SIG_SETMASK, &old, NULL);
  if (fd < 0)
    {
      /* a folder that is missing or not writable is a bad --out */
      g_set_error (error, AB_MATH_ERROR, e == ENOSPC || e == EIO ? AB_MATH_ERROR_IO : AB_MATH_ERROR_REQUEST,
                   "cannot create %s: %s", tmp, g_strerror (e));
      return FALSE;
    }
  close (fd);
  gboolean ok = write_surface (math, rgb, svg, tmp, path, error);
  if (ok && g_rename (tmp, path) != 0)
    {
      e = errno;
      g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_IO, "cannot rename to %s: %s", path, g_strerror (e));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  set_signal_tmp (NULL);
  return ok;
}

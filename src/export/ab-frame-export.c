/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-frame-export"

#include "ab-frame-export.h"
#include "ab-atomic-file.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

gboolean
ab_frame_format_from_string (const char *text, AbFrameFormat *format)
{
  if (g_strcmp0 (text, "svg") == 0)
    *format = AB_FRAME_SVG;
  else if (g_strcmp0 (text, "png") == 0)
    *format = AB_FRAME_PNG;
  else
    return FALSE;
  return TRUE;
}

const char *
ab_frame_format_extension (AbFrameFormat format)
{
  return format == AB_FRAME_SVG ? "svg" : "png";
}

gboolean
ab_frame_check_size (int width, int height, double scale, GError **error)
{
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("frame size must be positive (got %d×%d)"), width, height);
      return FALSE;
    }
  /* Below this a frame's text is under a pixel high: nothing a reader can use. */
  if (width < AB_FRAME_MIN_SIDE || height < AB_FRAME_MIN_SIDE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("frame of %d×%d is too small (at least %d a side)"), width, height,
                   AB_FRAME_MIN_SIDE);
      return FALSE;
    }
  if (!isfinite (scale) || scale <= 0 || scale > 8)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("scale must be greater than 0 and at most 8 (got %.9g)"), scale);
      return FALSE;
    }
  if (width * scale > AB_FRAME_MAX_SIDE || height * scale > AB_FRAME_MAX_SIDE ||
      (double) width * height * scale * scale > AB_FRAME_MAX_PIXELS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("frame of %.0f×%.0f pixels is too large (at most %d a side and %.0f megapixels)"),
                   width * scale, height * scale, AB_FRAME_MAX_SIDE,
                   AB_FRAME_MAX_PIXELS / 1e6);
      return FALSE;
    }
  return TRUE;
}

/* A failed write names the system's reason (no space left on device), which
 * cairo's own status ("error while writing to output stream") does not. */
static gboolean
check_status (cairo_status_t status, AbAtomicFile *file, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  if (!ab_atomic_file_get_write_error (file, error))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("cannot write “%s”: %s"),
                 path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
finish_surface (cairo_surface_t *surface, AbAtomicFile *file, const char *path, GError **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, file, path, error);
}

gboolean
ab_frame_export (AbDiagram    *diagram,
                 AbLayoutKind  layout,
                 double        position,
                 AbFrameFormat format,
                 int           width,
                 int           height,
                 double        scale,
                 const char   *path,
                 GError      **error)
{
  AbAtomicFile *file;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (AB_IS_DIAGRAM (diagram), FALSE);

  if (!ab_frame_check_size (width, height, scale, error))
    return FALSE;
  file = ab_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;

  if (format == AB_FRAME_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (ab_atomic_file_write, file, width, height);
      cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
      cr = cairo_create (surface);
      ab_diagram_render_layout (diagram, cr, layout, width, height, position);
      cairo_destroy (cr);
      ok = finish_surface (surface, file, path, error);
    }
  else
    {
      int pw = (int) ceil (width * scale), ph = (int) ceil (height * scale);
      cairo_status_t status;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
      ab_diagram_render_layout (diagram, cr, layout, width, height, position);
      cairo_destroy (cr);
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_write_to_png_stream (surface, ab_atomic_file_write, file);
      cairo_surface_destroy (surface);
      ok = check_status (status, file, path, error);
    }

  if (!ok)
    {
      ab_atomic_file_abort (file);
      return FALSE;
    }
  return ab_atomic_file_commit (file, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slides-export.c — the deck as PDF pages or PNG frames
 *
 * A PDF goes to one temporary file through Cairo's PDF surface and is
 * renamed when Cairo has finished it; PNGs are one atomic set: none
 * replaces an older frame unless every one of them was written.
 */
#define G_LOG_DOMAIN "ab-slides-export"

#include "config.h"
#include "ab-slides-export.h"
#include "ab-atomic-file.h"
#include "ab-draw.h"
#include "ab-slide-render.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>

/* The handout page: A4 portrait, in points. */
#define HANDOUT_WIDTH  595.0
#define HANDOUT_HEIGHT 842.0
#define HANDOUT_MARGIN  48.0

/* Finish @surface into @file and rename it; frees both either way. */
static gboolean
finish_pdf (cairo_surface_t *surface, AbAtomicFile *file, const char *path, GError **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* The file's own error (no space, …) says more than Cairo's. */
      if (!ab_atomic_file_get_write_error (file, error))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("cannot write “%s”: %s"), path,
                     cairo_status_to_string (status));
      ab_atomic_file_abort (file);
      return FALSE;
    }
  return ab_atomic_file_commit (file, error);
}

static cairo_surface_t *
new_pdf (AbSlideDeck *deck, AbAtomicFile *file, double width, double height, const char *subject)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (ab_atomic_file_write, file, width, height);
  AbPart *part = ab_slide_deck_get_part (deck);
  g_autofree char *title = g_strdup_printf (_("Part %d · %s"), part->number, part->title ? part->title : "");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Attention Book " PACKAGE_VERSION);
  return surface;
}

gboolean
ab_slides_export_pdf (AbSlideDeck *deck, const char *path, GError **error)
{
  AbAtomicFile *file;
  cairo_surface_t *surface;
  cairo_t *cr;
  AbPage *page = NULL;
  int page_outline = CAIRO_PDF_OUTLINE_ROOT;

  g_return_val_if_fail (deck != NULL && path != NULL, FALSE);
  file = ab_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  surface = new_pdf (deck, file, AB_SLIDES_PDF_WIDTH, AB_SLIDES_PDF_HEIGHT, _("Slides"));
  cr = cairo_create (surface);
  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
    {
      const AbSlide *slide = ab_slide_deck_get_slide (deck, i);
      g_autofree char *link = g_strdup_printf ("page=%u", slide->first_step + 1);

      /* The outline: each book page, and under it its slides. */
      if (slide->page != page)
        {
          page = slide->page;
          page_outline = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, page->title, link, 0);
        }
      if (slide->kind != AB_SLIDE_TITLE)
        cairo_pdf_surface_add_outline (surface, page_outline, slide->title, link, 0);
      for (guint step = 0; step < slide->n_steps; step++)
        {
          ab_slide_render (deck, i, cr, AB_SLIDES_PDF_WIDTH, AB_SLIDES_PDF_HEIGHT, step);
          cairo_show_page (cr);
        }
    }
  cairo_destroy (cr);
  return finish_pdf (surface, file, path, error);
}

gboolean
ab_slides_export_notes_pdf (AbSlideDeck *deck, const char *path, GError **error)
{
  double w = HANDOUT_WIDTH - 2 * HANDOUT_MARGIN, slide_h = w * 9 / 16;
  AbAtomicFile *file;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (deck != NULL && path != NULL, FALSE);
  file = ab_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  surface = new_pdf (deck, file, HANDOUT_WIDTH, HANDOUT_HEIGHT, _("Speaker notes"));
  cr = cairo_create (surface);
  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
    {
      const AbSlide *slide = ab_slide_deck_get_slide (deck, i);
      g_autofree char *notes = ab_slide_dup_notes_markup (deck, i);
      g_autofree char *title = g_markup_escape_text (slide->title ? slide->title : "", -1);
      g_autofree char *heading = g_strdup_printf (_("Slide %u of %u · %s"), i + 1,
                                                  ab_slide_deck_get_n_slides (deck), title);
      double y = HANDOUT_MARGIN;

      /* A print page, not a diagram: its sizes are points on paper. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      y += ab_draw_text (cr, heading, HANDOUT_MARGIN, y, 13, AB_FONT_SANS_BOLD, (AbRgb) { 0.1, 0.1, 0.1 },
                         AB_ALIGN_LEFT, w) + 10;
      cairo_save (cr);
      cairo_translate (cr, HANDOUT_MARGIN, y);
      ab_slide_render (deck, i, cr, w, slide_h, slide->n_steps - 1);
      cairo_restore (cr);
      y += slide_h + 18;
      cairo_save (cr);
      cairo_rectangle (cr, 0, 0, HANDOUT_WIDTH, HANDOUT_HEIGHT - HANDOUT_MARGIN / 2);
      cairo_clip (cr);
      ab_draw_text (cr, notes ? notes : _("<i>No notes for this slide.</i>"), HANDOUT_MARGIN, y, 11.5,
                    AB_FONT_SANS, (AbRgb) { 0.1, 0.1, 0.1 }, AB_ALIGN_LEFT, w);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  return finish_pdf (surface, file, path, error);
}

static gboolean
write_png (AbSlideDeck *deck, guint slide, guint step, double scale, const char *path, GError **error)
{
  int pw = (int) ceil (AB_SLIDE_FRAME_WIDTH * scale), ph = (int) ceil (AB_SLIDE_FRAME_HEIGHT * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (surface);
  AbAtomicFile *file;
  cairo_status_t status;

  ab_slide_render (deck, slide, cr, pw, ph, step);
  cairo_destroy (cr);
  file = ab_atomic_file_new (path, error);
  if (file == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  status = cairo_surface_write_to_png_stream (surface, ab_atomic_file_write, file);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      if (!ab_atomic_file_get_write_error (file, error))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("cannot write “%s”: %s"), path,
                     cairo_status_to_string (status));
      ab_atomic_file_abort (file);
      return FALSE;
    }
  return ab_atomic_file_commit (file, error);
}

gboolean
ab_slides_export_png (AbSlideDeck *deck, const char *dir, double scale, GPtrArray *written, GError **error)
{
  guint n = ab_slide_deck_get_n_steps (deck);
  int digits = MAX (3, (int) floor (log10 (MAX (n, 1))) + 1);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (deck != NULL && dir != NULL, FALSE);
  ab_atomic_file_begin_set (n);
  for (guint flat = 0; flat < n; flat++)
    {
      g_autofree char *name = g_strdup_printf ("slide-%0*u.png", digits, flat + 1);
      char *path = g_build_filename (dir, name, NULL);
      guint slide, step;

      ab_slide_deck_locate (deck, flat, &slide, &step);
      if (!write_png (deck, slide, step, scale, path, error))
        {
          /* Half a deck looks like a whole one: none of it replaces the old. */
          ab_atomic_file_discard_set ();
          g_free (path);
          return FALSE;
        }
      g_ptr_array_add (paths, path);
    }
  if (!ab_atomic_file_commit_set (error))
    return FALSE;
  for (guint i = 0; written && i < paths->len; i++)
    g_ptr_array_add (written, g_strdup (g_ptr_array_index (paths, i)));
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slides-cli.c — `attention-book export-slides --part N --format pdf|png --out …`
 *
 * Bad input (an unknown part or format, an --out that cannot be written) is
 * one line on stderr and exit status 2, checked before anything is drawn;
 * a failure while writing is exit status 1 and leaves no file behind.
 */
#define G_LOG_DOMAIN "ab-slides-cli"

#include "config.h"
#include "ab-cli-fail.h"
#include "ab-slides-export.h"
#include "ab-atomic-file.h"
#include "ab-frame-export.h"
#include "ab-slide-render.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

/* "1, 3" — the parts there are, for the message about one that is not. */
static char *
part_numbers (AbBook *book)
{
  GPtrArray *parts = ab_book_get_parts (book);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (out, "%s%d", i ? ", " : "", ((AbPart *) g_ptr_array_index (parts, i))->number);
  return g_string_free (out, FALSE);
}

static gboolean
check_folder (const char *dir, GError **error)
{
  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("output folder “%s” does not exist"), dir);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, _("output “%s” is not a folder"), dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES, _("output folder “%s” is not writable"), dir);
      return FALSE;
    }
  return TRUE;
}

/* A PDF goes to a file whose folder exists and can be written. */
static gboolean
check_pdf_path (const char *path, const char *option, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("%s “%s” is a folder: give the PDF’s file name"),
                   option, path);
      return FALSE;
    }
  if (dot && (slash == NULL || dot > slash) && g_ascii_strcasecmp (dot, ".pdf") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s “%s” does not end in .pdf"), option, path);
      return FALSE;
    }
  return check_folder (dir, error);
}

int
ab_slides_cli_main (int argc, char **argv)
{
  g_autofree char *format = NULL, *out = NULL, *notes = NULL;
  int part_number = G_MININT;
  double scale = 1.0;
  GOptionEntry entries[] = {
    { "part", 'P', 0, G_OPTION_ARG_INT, &part_number, N_("The part to export (1, 2, …)"), "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("pdf (one page per slide step) or png (one file each)"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write, or the existing folder for PNGs"), N_("PATH") },
    { "notes", 'n', 0, G_OPTION_ARG_FILENAME, &notes, N_("Also write the speaker notes as a PDF handout"), N_("FILE") },
    { "scale", 's', 0, G_OPTION_ARG_DOUBLE, &scale, N_("Pixel scale of the 1600×900 PNGs (default 1)"), "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("— export a part of the book as slides"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AbSlideDeck) deck = NULL;
  g_autofree char *numbers = NULL;
  AbBook *book = ab_book_get_default ();
  AbPart *part;
  gboolean pdf;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, ab_cli_exit_status_help ());
  g_option_context_set_summary (context,
    _("The slides the presenter shows — each page’s title, each diagram step by step, the\n"
      "equations and tables the page marks — drawn without a display. A PDF has one page\n"
      "per slide step; PNGs are named slide-001.png, slide-002.png, …"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (argc > 1)
    return ab_cli_fail (EXIT_USAGE, _("unexpected argument “%s”"), argv[1]);

  numbers = part_numbers (book);
  if (part_number == G_MININT)
    return ab_cli_fail (EXIT_USAGE, _("--part N is required (the book has parts %s)"), numbers);
  part = ab_slides_find_part (book, part_number);
  if (part == NULL)
    return ab_cli_fail (EXIT_USAGE, _("there is no part %d (the book has parts %s)"), part_number, numbers);
  if (format == NULL)
    return ab_cli_fail (EXIT_USAGE, _("--format pdf|png is required"));
  if (!g_str_equal (format, "pdf") && !g_str_equal (format, "png"))
    return ab_cli_fail (EXIT_USAGE, _("unknown format “%s” (use pdf or png)"), format);
  pdf = g_str_equal (format, "pdf");
  if (out == NULL || *out == '\0')
    return ab_cli_fail (EXIT_USAGE, pdf ? _("--out FILE.pdf is required") : _("--out DIR is required"));
  if (notes && !pdf)
    return ab_cli_fail (EXIT_USAGE, _("--notes writes a PDF: use it with --format pdf"));
  if (!pdf && !ab_frame_check_size ((int) AB_SLIDE_FRAME_WIDTH, (int) AB_SLIDE_FRAME_HEIGHT, scale, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (pdf && !check_pdf_path (out, "--out", &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (!pdf && !check_folder (out, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (notes)
    {
      g_autofree char *a = g_canonicalize_filename (out, NULL), *b = g_canonicalize_filename (notes, NULL);
      if (g_str_equal (a, b))
        return ab_cli_fail (EXIT_USAGE, _("--notes and --out name the same file “%s”"), out);
      if (!check_pdf_path (notes, "--notes", &error))
        return ab_cli_fail (EXIT_USAGE, "%s", error->message);
    }

  deck = ab_slide_deck_new (book, part);
  if (pdf)
    {
      ab_atomic_file_clean_up_on_signals ();
      /* the deck and its notes replace the old pair together or not at all */
      ab_atomic_file_begin_set (2);
      if (!ab_slides_export_pdf (deck, out, &error) ||
          (notes && !ab_slides_export_notes_pdf (deck, notes, &error)) ||
          !ab_atomic_file_commit_set (&error))
        {
          ab_atomic_file_discard_set ();
          return ab_cli_fail (1, "%s", error->message);
        }
      g_print ("%s\n", out);
      if (notes)
        g_print ("%s\n", notes);
    }
  else
    {
      g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

      ab_atomic_file_clean_up_on_signals ();
      if (!ab_slides_export_png (deck, out, scale, written, &error))
        return ab_cli_fail (1, "%s", error->message);
      for (guint i = 0; i < written->len; i++)
        g_print ("%s\n", (char *) g_ptr_array_index (written, i));
    }
  g_printerr (_("%u slides, %u slide steps\n"), ab_slide_deck_get_n_slides (deck), ab_slide_deck_get_n_steps (deck));
  return 0;
}

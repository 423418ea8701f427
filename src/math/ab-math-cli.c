/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-cli.c — `attention-book render-math`: typeset one formula to an
 * SVG or PNG file, for blog authors and tests. Usage errors, bad TeX and
 * requests that cannot be met (too large, an output that is not a regular
 * file) exit 2, a failed write exits 1, both with a one-line message on
 * stderr; an interrupted run removes its temporary file and ends by the
 * signal (130 / 143 / 129).
 *
 * --tex is read as bytes and must be UTF-8, whatever the locale: under
 * LC_ALL=C GOption's locale conversion would refuse "α".*/
#define G_LOG_DOMAIN "ab-math-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include "ab-math.h"

int
ab_math_cli_main (int argc, char **argv, const char *description)
{
  g_autofree char *tex = NULL, *color = NULL, *format = NULL, *out = NULL;
  gboolean display = FALSE;
  double size = 16.0;
  GOptionEntry entries[] = {
    { "tex", 0, 0, G_OPTION_ARG_FILENAME, &tex, N_("The formula (TeX subset, UTF-8)"), "TEX" },
    { "display", 0, 0, G_OPTION_ARG_NONE, &display, N_("Display style (default: inline)"), NULL },
    { "size", 0, 0, G_OPTION_ARG_DOUBLE, &size, N_("Font size in points (default 16)"), "PT" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Ink colour (default #000000)"), "#RRGGBB" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("svg or png (default: from --out)"), "FORMAT" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Output file"), "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (_("- typeset a formula to SVG or PNG"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (ctx, description);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "render-math: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      fprintf (stderr, _("render-math: unexpected argument '%s'\n"), argv[1]);
      return 2;
    }
  if (!tex || !out)
    {
      fputs (_("render-math: --tex and --out are required\n"), stderr);
      return 2;
    }
  if (!g_utf8_validate (tex, -1, NULL))
    {
      fputs (_("render-math: --tex must be UTF-8 text\n"), stderr);
      return 2;
    }
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (tex));
    if (*trimmed == '\0')
      {
        fputs (_("render-math: --tex is empty: give the formula to typeset\n"), stderr);
        return 2;
      }
  }
  if (!(size > 0 && size < 1000))
    {
      fputs (_("render-math: --size must be between 0 and 1000 points\n"), stderr);
      return 2;
    }
  if (!format)
    {
      const char *dot = strrchr (out, '.');
      format = g_strdup (dot ? dot + 1 : "");
    }
  if (g_ascii_strcasecmp (format, "svg") != 0 && g_ascii_strcasecmp (format, "png") != 0)
    {
      fputs (_("render-math: --format must be svg or png\n"), stderr);
      return 2;
    }
  /* "--format png --out m.svg" would write a PNG named .svg. */
  {
    const char *dot = strrchr (out, '.');
    const char *other = g_ascii_strcasecmp (format, "svg") == 0 ? "png" : "svg";
    if (dot && g_ascii_strcasecmp (dot + 1, other) == 0)
      {
        fprintf (stderr, _("render-math: --format %s does not match the file name %s\n"), format, out);
        return 2;
      }
  }
  ab_math_clean_up_on_signals ();
  if (!ab_math_render_file (tex, display, size, color ? color : "#000000", format, out, &error))
    {
      fprintf (stderr, "render-math: %s\n", error->message);
      /* bad TeX or a request that cannot be met is bad input; a failed
       * write or a missing font is a failure while working */
      return g_error_matches (error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE) ||
             g_error_matches (error, AB_MATH_ERROR, AB_MATH_ERROR_REQUEST) ? 2 : 1;
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-cli.c — `attention-book render-math`: typeset one formula to an
 * SVG or PNG file, for blog authors and tests. Usage errors exit 2, bad TeX
 * or a failed write exit 1, both with a one-line message on stderr. */
#define G_LOG_DOMAIN "ab-math-cli"

#include <stdio.h>
#include <string.h>
#include "ab-math.h"

int
ab_math_cli_main (int argc, char **argv)
{
  g_autofree char *tex = NULL, *color = NULL, *format = NULL, *out = NULL;
  gboolean display = FALSE;
  double size = 16.0;
  GOptionEntry entries[] = {
    { "tex", 0, 0, G_OPTION_ARG_STRING, &tex, "The formula (TeX subset)", "TEX" },
    { "display", 0, 0, G_OPTION_ARG_NONE, &display, "Display style (default: inline)", NULL },
    { "size", 0, 0, G_OPTION_ARG_DOUBLE, &size, "Font size in points (default 16)", "PT" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, "Ink colour (default #000000)", "#RRGGBB" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "svg or png (default: from --out)", "FORMAT" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Output file", "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- typeset a formula to SVG or PNG");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "render-math: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      fprintf (stderr, "render-math: unexpected argument '%s'\n", argv[1]);
      return 2;
    }
  if (!tex || !out)
    {
      fprintf (stderr, "render-math: --tex and --out are required\n");
      return 2;
    }
  if (!(size > 0 && size < 1000))
    {
      fprintf (stderr, "render-math: --size must be between 0 and 1000 points\n");
      return 2;
    }
  if (!format)
    {
      const char *dot = strrchr (out, '.');
      format = g_strdup (dot ? dot + 1 : "");
    }
  if (g_ascii_strcasecmp (format, "svg") != 0 && g_ascii_strcasecmp (format, "png") != 0)
    {
      fprintf (stderr, "render-math: --format must be svg or png\n");
      return 2;
    }
  if (!ab_math_render_file (tex, display, size, color ? color : "#000000", format, out, &error))
    {
      fprintf (stderr, "render-math: %s\n", error->message);
      return 1;
    }
  return 0;
}

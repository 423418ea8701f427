/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hw-format.c — times, intensities and markup colours (see ab-hw-format.h) */
#include "ab-hw-format.h"

#include <math.h>

char *
ab_hw_format_seconds (double s)
{
  g_autofree char *num = NULL;
  const char *unit;

  if (s >= 1)
    num = ab_format_trimmed (s, s < 10 ? 2 : 1), unit = "s";
  else if (s >= 1e-3)
    num = ab_format_trimmed (s * 1e3, s < 1e-2 ? 2 : 1), unit = "ms";
  else
    num = ab_format_trimmed (s * 1e6, s < 1e-5 ? 2 : s < 1e-4 ? 1 : 0), unit = "µs";
  return g_strdup_printf ("%s %s", num, unit);
}

char *
ab_hw_format_intensity (double v)
{
  return ab_format_trimmed (v, v < 10 ? 2 : 0);
}

char *
ab_hw_hex (AbRgb c)
{
  return g_strdup_printf ("#%02x%02x%02x", (int) lround (c.r * 255), (int) lround (c.g * 255),
                          (int) lround (c.b * 255));
}

char *
ab_hw_glued (char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (*c == ' ')
      g_string_append (out, "\u00a0");
    else
      g_string_append_c (out, *c);
  g_free (text);
  return g_string_free (out, FALSE);
}

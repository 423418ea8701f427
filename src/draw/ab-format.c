/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-format"

#include "ab-format.h"

#include <math.h>
#include <string.h>

char *
ab_format_number (double v)
{
  g_autofree char *digits = NULL;

  if (!isfinite (v))
    return g_strdup (v > 0 ? "∞" : v < 0 ? "−∞" : "NaN");
  digits = g_strdup_printf (fabs (v) >= 100 ? "%.1f" : fabs (v) >= 1 ? "%.2f" : "%.3f", fabs (v));
  /* A typographic minus, and no "−0.000" for values that round to zero. */
  if (v < 0 && strspn (digits, "0.") != strlen (digits))
    return g_strconcat ("−", digits, NULL);
  return g_steal_pointer (&digits);
}

char *
ab_format_bytes (double bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  guint u = 0;
  char *text, *dot, *end;

  while (bytes >= 1024.0 && u < G_N_ELEMENTS (units) - 1)
    {
      bytes /= 1024.0;
      u++;
    }
  if (u == 0)
    return g_strdup_printf ("%.0f B", bytes);
  /* 512 KiB reads better as 0.5 MiB, the way FACTS.md and the papers write it. */
  if (bytes == 512.0 && u + 1 < G_N_ELEMENTS (units))
    return g_strdup_printf ("0.5 %s", units[u + 1]);

  text = g_strdup_printf ("%.*f %s", bytes < 10 ? 2 : bytes < 100 ? 1 : 0, bytes, units[u]);
  /* "2.50 GiB" → "2.5 GiB", "3.00 GiB" → "3 GiB". */
  dot = strchr (text, '.');
  if (dot)
    {
      char *space = strchr (dot, ' ');
      for (end = space - 1; end > dot && *end == '0'; end--)
        ;
      if (end == dot)
        end--;
      memmove (end + 1, space, strlen (space) + 1);
    }
  return text;
}


char *
ab_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
ab_format_trimmed (double v, int decimals)
{
  char *s = g_strdup_printf ("%.*f", decimals, v);
  char *dot = strchr (s, '.');

  if (dot)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return s;
}

char *
ab_format_bytes_decimal (double bytes)
{
  static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
  g_autofree char *num = NULL;
  guint u = 0;

  while (bytes >= 1000.0 && u < G_N_ELEMENTS (units) - 1)
    {
      bytes /= 1000.0;
      u++;
    }
  num = ab_format_trimmed (bytes, bytes < 10 ? 2 : bytes < 100 ? 1 : 0);
  return g_strdup_printf ("%s %s", num, units[u]);
}

void
ab_format_append_power_of_ten (GString *out, int exponent)
{
  static const char *const superscripts[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree char *digits = g_strdup_printf ("%d", ABS (exponent));

  g_string_append (out, " × 10");
  if (exponent < 0)
    g_string_append (out, "⁻");
  for (const char *d = digits; *d; d++)
    g_string_append (out, superscripts[*d - '0']);
}

char *
ab_format_big (double value)
{
  GString *out;
  int e;

  if (value < 1e6)
    return ab_format_count ((guint64) llround (value));
  e = (int) floor (log10 (value));
  out = g_string_new (NULL);
  g_string_append_printf (out, "%.2f", value / pow (10.0, e));
  ab_format_append_power_of_ten (out, e);
  return g_string_free (out, FALSE);
}

char *
ab_format_words (double value)
{
  static const struct { double scale; const char *word; } units[] = {
    { 1e12, "trillion" }, { 1e9, "billion" }, { 1e6, "million" },
  };

  if (value < 1e6)
    return ab_format_count ((guint64) llround (value));
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    if (value >= units[u].scale || u + 1 == G_N_ELEMENTS (units))
      {
        g_autofree char *digits = ab_format_trimmed (value / units[u].scale,
                                                     value < 10 * units[u].scale ? 2 : 1);
        return g_strdup_printf ("%s %s", digits, units[u].word);
      }
  g_assert_not_reached ();
}

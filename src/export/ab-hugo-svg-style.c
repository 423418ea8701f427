/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-svg-style.c — numbers, path data, colours and styles, written short
 *
 * Frame units are 1600 wide, shown at most a screen wide: a tenth of a
 * unit is under a device pixel, so coordinates keep one decimal (two under
 * a transform, which may scale them up). Paths become relative on the
 * rounded grid, so rounding never accumulates along a path.
 */
#define G_LOG_DOMAIN "ab-hugo-svg"

#include "ab-hugo-svg-style.h"

#include <math.h>
#include <string.h>

/* Numbers ------------------------------------------------------------------ */

/* @v with at most @decimals decimals, no trailing zeros, never "-0". */
static void
append_number (GString *out, double v, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, decimals == 0 ? "%.0f" : decimals == 1 ? "%.1f"
                   : decimals == 2 ? "%.2f" : decimals == 3 ? "%.3f" : "%.4f", v);
  if (strchr (buf, '.'))
    {
      for (end = buf + strlen (buf) - 1; *end == '0'; end--)
        *end = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (out, strcmp (buf, "-0") == 0 ? "0" : buf);
}

/* Every number in @text rounded to @decimals; the rest copied. */
char *
ab_svg_round_numbers (const char *text, int decimals)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      char *end;
      double v;

      if (g_ascii_isdigit (*p) || ((*p == '-' || *p == '.') && (g_ascii_isdigit (p[1]) || p[1] == '.')))
        {
          v = g_ascii_strtod (p, &end);
          if (end > p)
            {
              append_number (out, v, decimals);
              p = end;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Path data ---------------------------------------------------------------- */

/* A coordinate in 1/scale units as cairo writes it: "12.3", ".5", "-.5". */
static void
append_fixed (GString *out, gint64 v, int scale)
{
  gint64 whole = ABS (v) / scale, frac = ABS (v) % scale;

  if (v < 0)
    g_string_append_c (out, '-');
  else if (out->len > 0 && g_ascii_isdigit (out->str[out->len - 1]))
    g_string_append_c (out, ' ');
  if (whole > 0 || frac == 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, whole);
  if (frac != 0)
    {
      char digits[8];
      int width = scale == 10 ? 1 : scale == 100 ? 2 : 3;
      g_snprintf (digits, sizeof digits, "%0*" G_GINT64_FORMAT, width, frac);
      for (int i = width - 1; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      g_string_append_c (out, '.');
      g_string_append (out, digits);
    }
}

static void
append_command (GString *out, char *last, char cmd)
{
  if (*last != cmd)
    g_string_append_c (out, cmd);
  *last = cmd;
}

static void
skip_separators (const char **p)
{
  while (**p == ' ' || **p == ',' || **p == '\n' || **p == '\t' || **p == '\r')
    (*p)++;
}

char *
ab_svg_compact_path (const char *d, int scale)
{
  GString *out = g_string_new (NULL);
  const char *p = d;
  gint64 cx = 0, cy = 0, sx = 0, sy = 0, mx = 0, my = 0;
  char last = 0, cmd = 0;
  gboolean pending_move = FALSE;

  g_return_val_if_fail (d != NULL, NULL);

  for (skip_separators (&p); *p; skip_separators (&p))
    {
      gint64 v[6];
      int n_args;

      if (g_ascii_isalpha (*p))
        cmd = *p++;
      else if (cmd == 'Z' || cmd == 0)
        goto fallback;   /* numbers with no command to take them */
      n_args = cmd == 'M' || cmd == 'L' ? 2 : cmd == 'C' ? 6 : cmd == 'H' || cmd == 'V' ? 1
               : cmd == 'Z' ? 0 : -1;
      if (n_args < 0)
        goto fallback;   /* not what cairo writes (relative or arc commands) */
      for (int i = 0; i < n_args; i++)
        {
          char *end;
          double x;

          skip_separators (&p);
          x = g_ascii_strtod (p, &end);
          if (end == p || !isfinite (x))
            goto fallback;
          v[i] = (gint64) llround (x * scale);
          p = end;
        }

      if (cmd == 'M')
        {
          /* A moveto only matters once something is drawn from it: cairo
           * ends many glyph outlines with one that draws nothing. */
          pending_move = TRUE;
          mx = v[0], my = v[1];
          cmd = 'L';   /* pairs after a moveto are linetos */
          continue;
        }
      if (cmd == 'Z')
        {
          if (!pending_move)
            {
              append_command (out, &last, 'z');
              cx = sx, cy = sy;
            }
          continue;
        }
      if (pending_move)
        {
          append_command (out, &last, 'm');
          append_fixed (out, mx - cx, scale);
          append_fixed (out, my - cy, scale);
          cx = sx = mx, cy = sy = my;
          pending_move = FALSE;
        }
      if (cmd == 'C')
        {
          append_command (out, &last, 'c');
          for (int i = 0; i < 6; i += 2)
            {
              append_fixed (out, v[i] - cx, scale);
              append_fixed (out, v[i + 1] - cy, scale);
            }
          cx = v[4], cy = v[5];
          continue;
        }
      {
        gint64 x = cmd == 'V' ? cx : v[0];
        gint64 y = cmd == 'H' ? cy : cmd == 'V' ? v[0] : v[1];

        if (y == cy && x != cx)
          {
            append_command (out, &last, 'h');
            append_fixed (out, x - cx, scale);
          }
        else if (x == cx && y != cy)
          {
            append_command (out, &last, 'v');
            append_fixed (out, y - cy, scale);
          }
        else if (x != cx || y != cy)
          {
            append_command (out, &last, 'l');
            append_fixed (out, x - cx, scale);
            append_fixed (out, y - cy, scale);
          }
        cx = x, cy = y;
      }
    }
  return g_string_free (out, FALSE);

fallback:
  g_string_free (out, TRUE);
  return ab_svg_round_numbers (d, scale == 10 ? 1 : scale == 100 ? 2 : 3);
}

/* Colours and styles ------------------------------------------------------- */

/* rgb(6.27451%,72.54902%,50.588235%) → #10b981, anywhere in @text. */
char *
ab_svg_short_colours (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      if (g_str_has_prefix (p, "rgb("))
        {
          const char *q = p + 4;
          double c[3];
          gboolean ok = TRUE;
          for (int i = 0; i < 3 && ok; i++)
            {
              char *end;
              while (*q == ' ')
                q++;
              c[i] = g_ascii_strtod (q, &end);
              ok = end > q;
              q = end;
              if (ok && *q == '%')
                {
                  c[i] *= 2.55;
                  q++;
                }
              while (*q == ' ')
                q++;
              if (ok && i < 2)
                ok = *q++ == ',';
            }
          if (ok && *q == ')')
            {
              g_string_append_printf (out, "#%02x%02x%02x", (guint) CLAMP (lround (c[0]), 0, 255),
                                      (guint) CLAMP (lround (c[1]), 0, 255), (guint) CLAMP (lround (c[2]), 0, 255));
              p = q + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Properties whose value here is the SVG default: leaving them out changes
 * nothing (cairo sets every one on every element, never on a parent). */
gboolean
ab_svg_is_default (const char *prop, const char *value)
{
  static const char *const defaults[][2] = {
    { "fill-opacity", "1" }, { "stroke-opacity", "1" }, { "opacity", "1" },
    { "stroke-linecap", "butt" }, { "stroke-linejoin", "miter" },
    { "stroke-miterlimit", "10" }, { "fill-rule", "nonzero" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (strcmp (prop, defaults[i][0]) == 0 && strcmp (value, defaults[i][1]) == 0)
      return TRUE;
  /* "stroke:none" is the default, and cairo never strokes a parent group. */
  return strcmp (prop, "stroke") == 0 && strcmp (value, "none") == 0;
}

static char *
short_value (const char *prop, const char *value)
{
  g_autofree char *colour = ab_svg_short_colours (value);

  if (strcmp (prop, "stroke-width") == 0 || strcmp (prop, "stroke-dasharray") == 0 ||
      strcmp (prop, "stroke-dashoffset") == 0)
    return ab_svg_round_numbers (colour, 2);
  if (strstr (prop, "opacity"))
    return ab_svg_round_numbers (colour, 3);
  return g_steal_pointer (&colour);
}

char *
ab_svg_short_style (const char *style)
{
  g_auto (GStrv) decls = g_strsplit (style, ";", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; decls[i]; i++)
    {
      char *colon = strchr (decls[i], ':');
      g_autofree char *value = NULL;

      if (colon == NULL)
        continue;
      *colon = '\0';
      g_strstrip (decls[i]);
      value = short_value (decls[i], g_strstrip (colon + 1));
      if (ab_svg_is_default (decls[i], value))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append_printf (out, "%s:%s", decls[i], value);
    }
  return g_string_free (out, FALSE);
}

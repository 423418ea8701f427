/* ab-align-draw.c — helpers for the Part 1 alignment diagrams. */
#define G_LOG_DOMAIN "ab-align-draw"

#include "ab-align-draw.h"

#include <math.h>
#include <string.h>

AbRgb
ab_align_diverging (double x, double scale)
{
  double t = ab_clamp01 (fabs (x) / (scale > 0 ? scale : 1.0));
  return ab_rgb_mix (AB_PANEL, x < 0 ? AB_HBM : AB_ACTIVE, 0.15 + 0.85 * t);
}

void
ab_align_draw_vector (cairo_t *cr, AbRect r, const double *values, int n,
                      double scale, const char *fmt, double reveal)
{
  double cw = r.w / MAX (n, 1);
  double size = CLAMP (MIN (cw * 0.3, r.h * 0.5), 9, 17);

  reveal = ab_clamp01 (reveal);
  cairo_save (cr);
  for (int i = 0; i < n; i++)
    {
      AbRect c = { r.x + i * cw + 1, r.y, cw - 2, r.h };
      AbRgb col = ab_rgb_mix (AB_PANEL, ab_align_diverging (values[i], scale), reveal);

      ab_rounded_rect (cr, c, MIN (4, c.w / 4));
      ab_set_rgb (cr, col);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      if (fmt && reveal > 0.5)
        {
          char buf[32];
          g_snprintf (buf, sizeof buf, fmt, values[i]);
          /* "−0.00" reads as a real negative: print zero as zero. */
          if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
            memmove (buf, buf + 1, strlen (buf));
          /* A real minus sign reads better than a hyphen. */
          if (buf[0] == '-')
            {
              char tmp[36];
              g_snprintf (tmp, sizeof tmp, "−%s", buf + 1);
              g_strlcpy (buf, tmp, sizeof buf);
            }
          ab_draw_text (cr, buf, c.x + c.w / 2, c.y + c.h / 2 - size * 0.68, size, AB_FONT_MONO,
                        AB_TEXT, AB_ALIGN_CENTER, -1);
        }
    }
  cairo_restore (cr);
}

void
ab_align_draw_arrow (cairo_t *cr, double x0, double y0, double x1, double y1,
                     AbRgb color, double width)
{
  double a = atan2 (y1 - y0, x1 - x0), head = 6 + 2.5 * width;

  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - cos (a) * head * 0.8, y1 - sin (a) * head * 0.8);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (a - 0.45), y1 - head * sin (a - 0.45));
  cairo_line_to (cr, x1 - head * cos (a + 0.45), y1 - head * sin (a + 0.45));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

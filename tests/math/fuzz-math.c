/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-math.c — libFuzzer harness over parse + layout (+ drawing onto a
 * recording surface) and the spoken form: no input may crash, leak, hang or
 * trip UBSan.
 * First byte: bit 0 = display style; the rest is the TeX source. */
#include <stdint.h>
#include <string.h>
#include "ab-math.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1 || size > 4096)
    return 0;
  gboolean display = data[0] & 1;
  char *tex = g_strndup ((const char *) data + 1, size - 1);   /* stops at NUL */
  GError *error = NULL;
  AbMath *m = ab_math_new (tex, display, 12, &error);
  gboolean parsed = m != NULL;
  if (m)
    {
      double w, h, d;
      ab_math_get_extents (m, &w, &h, &d);
      if (!(w >= -1e6 && h > -1e6 && d > -1e6 && w < 1e7))
        __builtin_trap ();   /* NaN or absurd metrics are bugs too */
      if (data[0] & 2)
        {
          cairo_surface_t *s = cairo_recording_surface_create (CAIRO_CONTENT_ALPHA, NULL);
          cairo_t *cr = cairo_create (s);
          ab_math_draw (m, cr, 0, 0, 0, 0, 0, 1);
          cairo_destroy (cr);
          cairo_surface_destroy (s);
        }
      ab_math_free (m);
    }
  else
    {
      if (!error || strncmp (error->message, "offset ", 7) != 0)
        __builtin_trap ();   /* every failure must say where */
      g_error_free (error);
    }
  {
    /* The spoken form walks the same tree: it must exist exactly when the parse succeeds. */
    char *spoken = ab_math_to_speech (tex, NULL);
    if ((spoken != NULL) != parsed)
      __builtin_trap ();
    g_free (spoken);
  }
  g_free (tex);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-param.c — libFuzzer harness over `--param KEY=VALUE` on every diagram:
 * the bytes pick a diagram, then a list of assignments (raw text, or a key
 * of the diagram with an awkward value: NaN, ±inf, 1e309, just outside the
 * range, a choice label in another case), and finally the diagram is updated,
 * described and drawn at some step in some layout. No input may crash, leak
 * or trip a sanitizer; a refused assignment must say why, an accepted one
 * must leave the parameter inside its range, and a kernel that refuses the
 * parameters must give the error the canvas would show. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>

#include "ab-diagram-registry.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char **names;
static guint n_names;

/* Values that have broken parsers before, or that sit on a range's edge. */
static const char *const awkward[] = {
  "nan", "NaN", "inf", "-inf", "1e309", "-1e309", "0", "-0", "-1", "0x10", "1e-320",
  "2147483647", "2147483648", "-2147483649", "9007199254740993", " 5", "5 ", "", "=", "true",
  "off", "ON", "1.5e2", ".", "+", "4e",
};

G_GNUC_PRINTF (1, 2) static void
fail (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("fuzz-param: %s\n", what);
  __builtin_trap ();
}

static char *
value_text (const AbParamSpec *spec, const uint8_t **p, const uint8_t *end)
{
  uint8_t pick = *p < end ? *(*p)++ : 0;
  double lo = ab_param_spec_get_min (spec), hi = ab_param_spec_get_max (spec);
  double span = hi - lo, step = spec->step > 0 ? spec->step : 1;

  switch (pick % 8)
    {
    case 0: return g_strdup (awkward[(pick / 8) % G_N_ELEMENTS (awkward)]);
    case 1: return g_strdup_printf ("%.17g", lo - step);
    case 2: return g_strdup_printf ("%.17g", hi + step);
    case 3: return g_strdup_printf ("%.17g", lo);
    case 4: return g_strdup_printf ("%.17g", hi);
    case 5:
      if (spec->kind == AB_PARAM_CHOICE && spec->choices && spec->choices[0])
        {
          guint n = 0;
          while (spec->choices[n])
            n++;
          char *label = g_utf8_strup (spec->choices[(pick / 8) % n], -1);
          return label;
        }
      return g_strdup_printf ("%.17g", lo + span / 2);
    default:
      {
        /* A value from the next bytes, anywhere in or near the range. */
        uint16_t raw = 0;
        for (int i = 0; i < 2 && *p < end; i++)
          raw = (uint16_t) (raw << 8 | *(*p)++);
        return g_strdup_printf ("%.17g", lo - step + (span + 2 * step) * raw / 65535.0);
      }
    }
}

static void
draw_small (AbDiagram *diagram, AbLayoutKind kind, double position)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 120);
  cairo_t *cr = cairo_create (surface);
  ab_diagram_render_layout (diagram, cr, kind, 160, 120, position);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Fontconfig and Pango fill process-long caches on the first text drawn:
 * draw once here so the leak check of each input sees only its own memory. */
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  /* AB_DIAGRAMS=name,name limits the run, as in the layout test. */
  const char *only = g_getenv ("AB_DIAGRAMS");
  names = only && *only ? g_strsplit (only, ",", -1) : ab_diagram_registry_list_names ();
  n_names = g_strv_length (names);
  if (n_names == 0)
    fail ("AB_DIAGRAMS names no diagram");
  for (guint i = 0; i < n_names; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (names[i], &error);
      if (diagram == NULL)
        fail ("%s", error->message);
      if (ab_diagram_ensure_updated (diagram, NULL))
        draw_small (diagram, AB_LAYOUT_WIDE, 0);
    }
  return 0;
}

static void
check_assignment (AbDiagram *diagram, const char *assignment)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) kv = g_strsplit (assignment, "=", 2);

  if (ab_diagram_set_param_from_string (diagram, assignment, &error))
    {
      if (error != NULL)
        fail ("%s: “%s” was accepted and set an error", ab_diagram_get_name (diagram), assignment);
      const AbParamSpec *spec = kv[0] ? ab_diagram_find_param (diagram, kv[0]) : NULL;
      if (spec == NULL)
        fail ("%s: “%s” set an unknown key", ab_diagram_get_name (diagram), assignment);
      double v = ab_diagram_get_param (diagram, kv[0]);
      double lo = ab_param_spec_get_min (spec), hi = ab_param_spec_get_max (spec);
      if (!isfinite (v) || v < lo || v > hi)
        fail ("%s: “%s” was accepted as %g, outside %g … %g", ab_diagram_get_name (diagram), assignment,
              v, lo, hi);
    }
  else if (error == NULL || error->message[0] == '\0')
    fail ("%s: “%s” was refused without a message", ab_diagram_get_name (diagram), assignment);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *p = data, *end = data + size;

  if (size < 2)
    return 0;

  g_autoptr (GError) error = NULL;
  g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (names[*p++ % n_names], &error);
  if (diagram == NULL)
    fail ("%s", error->message);
  guint n_params = ab_diagram_get_n_params (diagram);
  uint8_t tail = *p++;

  /* At most eight assignments, so one input stays quick. */
  for (int i = 0; i < 8 && p < end; i++)
    {
      uint8_t op = *p++;
      g_autofree char *assignment = NULL;
      if (op % 4 == 0 || n_params == 0)
        {
          /* Raw text up to a newline: whatever a user might type. */
          const uint8_t *nl = memchr (p, '\n', (size_t) (end - p));
          size_t len = nl ? (size_t) (nl - p) : (size_t) (end - p);
          assignment = g_strndup ((const char *) p, MIN (len, 64));
          p += nl ? len + 1 : len;
          if (!g_utf8_validate (assignment, -1, NULL))
            continue;   /* GOption hands the tool valid UTF-8 only */
        }
      else
        {
          const AbParamSpec *spec = ab_diagram_get_param_spec (diagram, op % n_params);
          g_autofree char *value = value_text (spec, &p, end);
          assignment = g_strdup_printf ("%s=%s", spec->key, value);
        }
      check_assignment (diagram, assignment);
    }

  g_clear_error (&error);
  if (!ab_diagram_ensure_updated (diagram, &error))
    {
      if (error == NULL || error->message[0] == '\0')
        fail ("%s: the kernel refused the parameters without a message", ab_diagram_get_name (diagram));
      return 0;
    }

  guint n_steps = ab_diagram_get_n_steps (diagram);
  guint step = n_steps ? tail % n_steps : 0;
  g_autofree char *text = ab_diagram_describe (diagram, step);
  if (text == NULL || text[0] == '\0')
    fail ("%s: no description at step %u", ab_diagram_get_name (diagram), step);

  /* A small surface keeps the run fast; the layout test covers the sizes.
   * Half-way positions draw the tweens between steps. */
  double position = step + (tail % 2 && step + 1 < n_steps ? 0.5 : 0);
  draw_small (diagram, (AbLayoutKind) ((tail / 16) % 3), position);
  return 0;
}

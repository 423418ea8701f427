/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math.h — native TeX-subset math typesetter (no GTK).
 *
 * Parses the TeX subset used by the book, lays it out with TeX's rules and the
 * OpenType MATH table of Latin Modern Math (through HarfBuzz), and draws onto
 * any cairo_t, so the page view, diagrams and exports share one typesetter.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _AbMath AbMath;   /* a laid-out expression; free with ab_math_free */

#define AB_MATH_ERROR (ab_math_error_quark ())
GQuark  ab_math_error_quark (void);

typedef enum {
  AB_MATH_ERROR_PARSE,   /* malformed TeX or an unknown command */
  AB_MATH_ERROR_FONT,    /* Latin Modern Math could not be loaded */
  AB_MATH_ERROR_IO,      /* writing an output file failed */
  AB_MATH_ERROR_REQUEST, /* a request that cannot be met: too large, an unknown
                          * format, an output that is not a regular file */
} AbMathError;

/* Whether Latin Modern Math was found (through fontconfig, by family name);
 * if not, FALSE and an AB_MATH_ERROR_FONT error whose message, for the page
 * and the CLI, says how to install it. */
gboolean ab_math_font_available (GError **error);

/* The formula's spoken form, from its parse tree, for screen readers:
 * \frac{q \cdot k}{\sqrt{d_k}} → "q dot k over the square root of d k"
 * (translated with the UI; needs no font). NULL + error on bad TeX. */
char    *ab_math_to_speech (const char *tex, GError **error);

/* Parse and lay out. size_pt = font size; display = display style. On error
 * returns NULL and sets error with message "offset N: what is wrong" (byte
 * offset into tex). */
AbMath *ab_math_new   (const char *tex, gboolean display, double size_pt, GError **error);

/* On a parse error returns a red box holding the source text (and sets error),
 * so a page shows the bad span instead of hiding it. NULL only when the math
 * font itself cannot be loaded. */
AbMath *ab_math_new_or_error_box (const char *tex, gboolean display, double size_pt, GError **error);

AbMath *ab_math_ref   (AbMath *math);
void    ab_math_free  (AbMath *math);   /* drops one reference */

/* Box metrics in points (1 pt = 1 cairo user unit): width, height above
 * baseline, depth below baseline. */
void    ab_math_get_extents (AbMath *math, double *width, double *height, double *depth);

/* Draw with the left end of the baseline at (x, y) in colour r,g,b,a
 * (\color overrides locally). */
void    ab_math_draw  (AbMath *math, cairo_t *cr, double x, double y,
                       double r, double g, double b, double a);

/* Render a whole file (svg|png) atomically (temp file + rename); png at 2x,
 * at most AB_MATH_MAX_PNG_PIXELS (64 MiB of ARGB) or an error naming the size. */
#define AB_MATH_MAX_PNG_PIXELS (16.0 * 1024 * 1024)
gboolean ab_math_render_file (const char *tex, gboolean display, double size_pt,
                              const char *color_hex, const char *format,
                              const char *path, GError **error);
/* For a command-line tool: SIGINT, SIGTERM and SIGHUP remove the temporary
 * file ab_math_render_file() is writing, then end the process by the signal. */
void     ab_math_clean_up_on_signals (void);

/* Parse "#rrggbb" / "rrggbb" or a colour name known to \color. */
gboolean ab_math_parse_color (const char *spec, double rgb[3]);

/* The `attention-book render-math ...` subcommand: argv[0] == "render-math".
 * Returns the exit status. */
/* @description: the text --help ends with (the exit statuses), or NULL. */
int     ab_math_cli_main (int argc, char **argv, const char *description);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbMath, ab_math_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-draw.h — shared drawing pieces for every diagram
 *
 * The palette and motion tokens of DESIGN.md live here and nowhere else, with
 * the pieces the plan's component list names: panels, text, legends, the
 * attention grid, equation/value callouts, bars and the memory bar with its
 * byte counter. Cairo + Pango only, so exports draw exactly what the app shows.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "ab-style.h"
#include "ab-format.h"

G_BEGIN_DECLS

typedef struct { double r, g, b; } AbRgb;

/* Palette (DESIGN.md, "Visual language"). */
extern const AbRgb AB_BG;        /* #0a0a0a */
extern const AbRgb AB_PANEL;     /* #141414 */
extern const AbRgb AB_BORDER;    /* #2a2a2a */
extern const AbRgb AB_HBM;       /* #ef4444 red: slow memory */
extern const AbRgb AB_SRAM;      /* #10b981 green: fast memory */
extern const AbRgb AB_ACTIVE;    /* #3b82f6 blue: the current focus */
extern const AbRgb AB_MUTED;     /* #6b7280 */
extern const AbRgb AB_TEXT;      /* #e5e7eb body text on dark */
extern const AbRgb AB_TEXT_DIM;  /* #9ca3af secondary text */
extern const AbRgb AB_HEADS[4];  /* #f59e0b #8b5cf6 #ec4899 #06b6d4 */

/* The palette as tokens, for static tables (legend entries). */
typedef enum
{
  AB_COLOR_BG,
  AB_COLOR_PANEL,
  AB_COLOR_BORDER,
  AB_COLOR_HBM,
  AB_COLOR_SRAM,
  AB_COLOR_ACTIVE,
  AB_COLOR_MUTED,
  AB_COLOR_TEXT,
  AB_COLOR_TEXT_DIM,
  AB_COLOR_HEAD_0,
  AB_COLOR_HEAD_1,
  AB_COLOR_HEAD_2,
  AB_COLOR_HEAD_3,
  AB_N_COLORS
} AbColor;

AbRgb  ab_color         (AbColor token);

/* Motion tokens: springs (stiffness 260, damping 26) and expo-out easing. */
#define AB_SPRING_STIFFNESS 260.0
#define AB_SPRING_DAMPING    26.0
#define AB_STEP_DURATION_MS 600    /* one step's transition at 1× speed */
#define AB_STEP_HOLD_MS     1400   /* how long playback rests on a step */
double ab_ease_expo_out (double t);          /* t in [0,1] → [0,1] */
double ab_clamp01       (double t);
/* Progress (linear, 0 … 1) of a tween that runs while position goes from a
 * to b. Linear on purpose: the timeline has already eased the position. */
double ab_tween         (double position, double a, double b);

AbRgb  ab_rgb_hex       (guint32 hex);       /* 0xrrggbb */
AbRgb  ab_rgb_mix       (AbRgb a, AbRgb b, double t);
void   ab_set_rgb       (cairo_t *cr, AbRgb c);
void   ab_set_rgba      (cairo_t *cr, AbRgb c, double alpha);
/* Fade what follows: every colour set through ab_set_rgb(a) (text, shapes,
 * components) until ab_fade_end() has its alpha multiplied by @alpha; fades
 * nest. Returns what ab_fade_end() needs to restore. Unlike a cairo group
 * painted with alpha, overlaps inside the faded part show through each other
 * — and it costs nothing, where Debian 12's cairo 1.16 leaks every group an
 * SVG export paints with alpha. */
double ab_fade_begin    (cairo_t *cr, double alpha);
void   ab_fade_end      (cairo_t *cr, double before);
double ab_fade_get      (cairo_t *cr);
/* The two colour maps of the book. Sequential, for weights in [0,1]:
 * panel → active blue → white. Diverging, for signed values: red for
 * negative, blue for positive, saturating at |x| = scale. */
AbRgb  ab_color_sequential (double w);
AbRgb  ab_color_diverging  (double x, double scale);

typedef enum
{
  AB_ALIGN_LEFT,
  AB_ALIGN_CENTER,
  AB_ALIGN_RIGHT,
} AbAlign;

/* Text in a style token (ab-style.h): @markup is Pango markup (use
 * g_markup_escape_text for raw strings). (x, y) is the top of the text box,
 * aligned per @align; @max_width ≤ 0 means no wrapping. Returns the height
 * drawn, in frame units. Every box drawn is recorded for the layout test. */
double ab_text          (cairo_t *cr, AbTextStyle style, const char *markup,
                         double x, double y, AbRgb color, AbAlign align,
                         double max_width);
/* Width and height of @markup as ab_text would draw it. */
void   ab_text_measure  (cairo_t *cr, AbTextStyle style, const char *markup,
                         double max_width, double *width, double *height);
/* The widest of @n texts on one line (markup, or plain text when @escape). */
double ab_text_max_width (cairo_t *cr, AbTextStyle style, const char * const *texts, guint n,
                          gboolean escape);
/* Typeset TeX with its baseline's left end at (x, baseline) in the size of
 * @style (\color{…}{…} highlights a live value). Returns the width drawn;
 * invalid TeX draws as a red box with its source. */
double ab_math          (cairo_t *cr, AbTextStyle style, const char *tex,
                         double x, double baseline, AbRgb color);
/* Width, height above and depth below the baseline of @tex in @style. */
void   ab_math_measure  (cairo_t *cr, AbTextStyle style, const char *tex,
                         double *width, double *ascent, double *descent);

/* Transitional: explicit sizes. Page modules use the style tokens above. */
double ab_draw_text     (cairo_t *cr, const char *markup, double x, double y,
                         double size, AbFont font, AbRgb color, AbAlign align,
                         double max_width);
double ab_draw_math     (cairo_t *cr, const char *tex, double x, double baseline,
                         double size, AbRgb color);
void   ab_measure_text  (cairo_t *cr, const char *markup, double size, AbFont font,
                         double max_width, double *width, double *height);
/* The family, weight and style of @font, without a size (owned here). */
const PangoFontDescription *ab_font_description (AbFont font);

void   ab_rounded_rect  (cairo_t *cr, AbRect r, double radius);
/* Diagonal hatching over r: lines `spacing` apart, one unit wide */
void   ab_draw_hatch_lines (cairo_t *cr, AbRect r, AbRgb color, double alpha, double spacing);
/* A panel: filled AB_PANEL, AB_BORDER outline, optional title at the top. */
void   ab_draw_panel    (cairo_t *cr, AbRect r, const char *title);

typedef enum
{
  AB_SWATCH_BOX,
  AB_SWATCH_LINE,
  AB_SWATCH_DOT,
  AB_SWATCH_GRADIENT,   /* the ab_color_sequential ramp, "0 → 1" */
} AbSwatch;

typedef struct
{
  const char *label;
  AbRgb       color;
  AbSwatch    swatch;
} AbLegendEntry;

/* The legend as the framework lays it out: entries flow in columns of equal
 * width across @width. ab_legend_flow_height() measures, ab_draw_legend_flow()
 * draws at (x, y) and returns the height. */
double ab_legend_flow_height (cairo_t *cr, double width,
                              const AbLegendEntry *entries, guint n_entries);
double ab_draw_legend_flow   (cairo_t *cr, double x, double y, double width,
                              const AbLegendEntry *entries, guint n_entries);

/* An attention grid: rows × cols cells coloured by ab_color_sequential(values[r*cols+c]).
 * Rows ≥ @rows_visible are drawn empty; @highlight_row (-1 for none) gets an
 * AB_ACTIVE outline; a value < 0 marks a masked cell (hatched). Optional labels
 * (NULL to omit) run along the left and the top. */
void   ab_draw_attention_grid (cairo_t *cr, AbRect r,
                               const double *values, int rows, int cols,
                               double rows_visible, int highlight_row,
                               const char * const *row_labels,
                               const char * const *col_labels,
                               gboolean show_values);

/* The height ab_draw_callout needs at @width for these lines. */
double ab_callout_height (cairo_t *cr, double width, const char *title,
                          const char * const *lines, guint n_lines);
/* The callout's box and title; returns the y where its content starts. */
double ab_draw_callout_frame (cairo_t *cr, AbRect r, const char *title);
/* An equation/value callout: a panel with a title and lines of Pango markup
 * (substitute live values into the lines). Returns the height used. */
double ab_draw_callout  (cairo_t *cr, AbRect r, const char *title,
                         const char * const *lines, guint n_lines);

/* A bar chart of @n values (may be negative) scaled to [vmin, vmax]. */
void   ab_draw_bars     (cairo_t *cr, AbRect r, const double *values, int n,
                         double vmin, double vmax, AbRgb color, double reveal);

/* Memory bar with byte counter: @used of @capacity bytes, @color fill. */
void   ab_draw_memory_bar (cairo_t *cr, AbRect r, const char *label,
                           double used, double capacity, AbRgb color);

G_END_DECLS

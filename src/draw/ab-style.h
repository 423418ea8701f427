/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-style.h — layouts, text-style tokens and the ink recorder
 *
 * A diagram is drawn in one of three layouts. Each layout has a frame (in
 * units; ab_diagram_render() fits it into any surface) and a table of text
 * styles, so no page module ever names a font size: it names a role
 * (AB_TEXT_LABEL) and the layout decides how large that is.
 *
 * The style travels with the cairo_t (cairo user data), so every drawing
 * piece in ab-draw.c picks it up without an extra argument. So does an
 * optional ink recorder: when one is attached, every text box and panel
 * drawn is recorded in frame units, which is how the layout test finds
 * overlapping or clipped labels.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct { double x, y, w, h; } AbRect;

typedef enum
{
  AB_LAYOUT_WIDE,       /* 16:9: the app's column, exports */
  AB_LAYOUT_NARROW,     /* portrait: windows under 640 px, phone-width players */
  AB_LAYOUT_PRESENTER,  /* 16:9, large type, no title (the slide has one) */
  AB_N_LAYOUTS
} AbLayoutKind;

/* "wide", "narrow", "presenter" (and back; FALSE for an unknown name). */
const char *ab_layout_kind_to_string   (AbLayoutKind kind);
gboolean    ab_layout_kind_from_string (const char *text, AbLayoutKind *kind);
/* The frame of a layout, in units. */
void        ab_layout_frame_size (AbLayoutKind kind, double *width, double *height);
/* The layout a surface of this size in pixels gets by default. */
AbLayoutKind ab_layout_for_width (double width_px);

typedef enum
{
  AB_FONT_SANS,
  AB_FONT_SANS_BOLD,
  AB_FONT_MONO,
  AB_FONT_SERIF_ITALIC,  /* math-ish symbols in labels: "α", "d_k" */
} AbFont;

/* Roles of text on a canvas: the only way page modules choose a size. */
typedef enum
{
  AB_TEXT_TITLE,        /* the diagram title (drawn by the framework) */
  AB_TEXT_CAPTION,      /* the step caption (drawn by the framework) */
  AB_TEXT_HEADING,      /* a panel title */
  AB_TEXT_BODY,         /* readouts, callout lines */
  AB_TEXT_BODY_STRONG,  /* a bold readout */
  AB_TEXT_LABEL,        /* labels beside marks: tokens, axes, legend entries */
  AB_TEXT_SMALL,        /* ticks, footnotes, units */
  AB_TEXT_VALUE,        /* monospaced numbers */
  AB_TEXT_VALUE_SMALL,  /* monospaced numbers inside small cells */
  AB_TEXT_SYMBOL,       /* italic serif symbols: q, K, h_t */
  AB_TEXT_MATH,         /* typeset equations (ab_draw_math_styled) */
  AB_TEXT_MATH_SMALL,   /* a formula under a panel title */
  AB_N_TEXT_STYLES
} AbTextStyle;

typedef struct
{
  double size;   /* units */
  AbFont font;
} AbTextToken;

/* Attach @kind's styles to @cr (until cairo_destroy); drawing without one
 * uses the wide layout's. */
void         ab_style_attach    (cairo_t *cr, AbLayoutKind kind);
AbLayoutKind ab_style_get_layout (cairo_t *cr);
AbTextToken  ab_style_token     (cairo_t *cr, AbTextStyle style);
double       ab_style_size      (cairo_t *cr, AbTextStyle style);
/* Spacing tokens of the layout: outer margin and gap between panels. */
double       ab_style_margin    (cairo_t *cr);
double       ab_style_gap       (cairo_t *cr);

/* Ink recorder ----------------------------------------------------------- */

typedef enum
{
  AB_INK_TEXT,
  AB_INK_PANEL,
} AbInkKind;

typedef struct
{
  AbInkKind kind;
  AbRect    box;         /* device space of the cairo_t it was drawn on */
  AbRect    clip;        /* the clip at the time (text only) */
  gboolean  overflows;   /* text wider than the width it was given */
  char     *text;        /* the markup, for messages */
} AbInk;

typedef struct _AbInkRecorder AbInkRecorder;

AbInkRecorder *ab_ink_recorder_new     (void);
void           ab_ink_recorder_free    (AbInkRecorder *recorder);
/* Record what is drawn on @cr from now on (until cairo_destroy). */
void           ab_ink_recorder_attach  (AbInkRecorder *recorder, cairo_t *cr);
guint          ab_ink_recorder_get_n   (AbInkRecorder *recorder);
const AbInk   *ab_ink_recorder_get     (AbInkRecorder *recorder, guint index);
/* Check what was drawn inside @frame (device space): no two text boxes
 * overlap, each text box lies inside @frame, inside the innermost panel its
 * top-left corner falls in, and is not clipped or wider than allowed.
 * Returns NULL when all is well, else one line per problem. */
char          *ab_ink_recorder_check   (AbInkRecorder *recorder, AbRect frame);

/* Called by the drawing pieces: record a box in @cr's user space. */
void           ab_ink_record           (cairo_t *cr, AbInkKind kind, AbRect box,
                                        gboolean overflows, const char *text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-layout-private.h — state shared by the layout files: the core
 * (ab-math-layout.c: lists, spacing, characters, scripts, limits) and the
 * structures (ab-math-layout-struct.c: fractions, radicals, fences, accents,
 * arrays, boxes). */
#pragma once

#include <hb-ot.h>
#include "ab-math-private.h"

G_BEGIN_DECLS

/* TeX's eight styles as 2·level + cramped: D D' T T' S S' SS SS'. */
#define STYLE_D  0
#define STYLE_T  2
#define STYLE_S  4
#define STYLE_SS 6
#define LEVEL(s)     ((s) >> 1)
#define CRAMPED(s)   ((s) & 1)
#define CRAMP(s)     ((s) | 1)

typedef struct {
  AbArena          *arena;
  const AbMathFont *font;
  double            script_scale, scriptscript_scale;
} Ctx;

G_GNUC_INTERNAL double style_scale (Ctx *ctx, int style);
/* A MATH constant in em of the base size, for the given style. */
G_GNUC_INTERNAL double K (Ctx *ctx, hb_ot_math_constant_t c, int style);
G_GNUC_INTERNAL int    style_sup (int style);
G_GNUC_INTERNAL int    style_sub (int style);
G_GNUC_INTERNAL int    style_num (int style);
G_GNUC_INTERNAL int    style_den (int style);

G_GNUC_INTERNAL AbBox *layout_list (Ctx *ctx, AbNode *list, int style);
G_GNUC_INTERNAL AbBox *layout_node (Ctx *ctx, AbNode *node, int style);
G_GNUC_INTERNAL AbBox *hbox_of (Ctx *ctx, AbBox **boxes, int n);
G_GNUC_INTERNAL void   place (AbBox *parent, AbBox *child, double x, double y);
/* Stretchy delimiter of total size `size`, centred on the math axis. */
G_GNUC_INTERNAL AbBox *delimiter_box (Ctx *ctx, gunichar cp, double size, int style);
G_GNUC_INTERNAL double delimiter_size_for (Ctx *ctx, double h, double d, int style);
/* Limits above/below a nucleus (display operators, braces). */
G_GNUC_INTERNAL AbBox *attach_limits (Ctx *ctx, AbBox *base, AbBox *over, AbBox *under,
                                      double italic, int style);

/* ab-math-layout-struct.c */
G_GNUC_INTERNAL AbBox *layout_frac      (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_sqrt      (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_accent    (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_overunder (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_fenced    (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_array     (Ctx *ctx, AbNode *n, int style);
G_GNUC_INTERNAL AbBox *layout_boxed     (Ctx *ctx, AbNode *n, int style);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-view.h — one typeset formula as a widget (display math), and the
 * missing-font banner */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AB_TYPE_MATH_VIEW (ab_math_view_get_type ())
G_DECLARE_FINAL_TYPE (AbMathView, ab_math_view, AB, MATH_VIEW, GtkWidget)

/* Invalid TeX shows as a red box holding the source, never an empty gap. */
GtkWidget *ab_math_view_new (const char *tex, gboolean display);
/* What a screen reader says for it (its accessible name). */
const char *ab_math_view_get_spoken (AbMathView *self);
/* Without the math font: a line for the top of the window saying so (the
 * formulas then show their TeX source); NULL when the font is there. */
GtkWidget *ab_math_view_font_banner (void);

G_END_DECLS

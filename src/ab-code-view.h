/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-code-view.h — a highlighted, read-only code block with a copy button */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AB_TYPE_CODE_VIEW (ab_code_view_get_type ())
G_DECLARE_FINAL_TYPE (AbCodeView, ab_code_view, AB, CODE_VIEW, GtkWidget)

GtkWidget *ab_code_view_new      (const char *code, const char *language);
const char *ab_code_view_get_code (AbCodeView *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_SLIDING_WINDOW_DIAGRAM (ab_sliding_window_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbSlidingWindowDiagram, ab_sliding_window_diagram, AB, SLIDING_WINDOW_DIAGRAM, AbDiagram)

G_END_DECLS

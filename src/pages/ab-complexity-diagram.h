/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_COMPLEXITY_DIAGRAM (ab_complexity_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbComplexityDiagram, ab_complexity_diagram, AB, COMPLEXITY_DIAGRAM, AbDiagram)

G_END_DECLS

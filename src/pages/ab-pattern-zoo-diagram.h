/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_PATTERN_ZOO_DIAGRAM (ab_pattern_zoo_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbPatternZooDiagram, ab_pattern_zoo_diagram, AB, PATTERN_ZOO_DIAGRAM, AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_ERA_COMPARISON_DIAGRAM (ab_era_comparison_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbEraComparisonDiagram, ab_era_comparison_diagram, AB, ERA_COMPARISON_DIAGRAM, AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_SCORING_DIAGRAM (ab_scoring_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbScoringDiagram, ab_scoring_diagram, AB, SCORING_DIAGRAM, AbDiagram)

G_END_DECLS

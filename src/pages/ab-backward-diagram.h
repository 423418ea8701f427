/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_BACKWARD_DIAGRAM (ab_backward_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbBackwardDiagram, ab_backward_diagram, AB, BACKWARD_DIAGRAM, AbDiagram)

G_END_DECLS

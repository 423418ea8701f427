/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_WARP_SPECIALIZATION_DIAGRAM (ab_warp_specialization_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbWarpSpecializationDiagram, ab_warp_specialization_diagram, AB,
                      WARP_SPECIALIZATION_DIAGRAM, AbDiagram)

G_END_DECLS

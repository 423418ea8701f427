/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_ROOFLINE_DIAGRAM (ab_roofline_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbRooflineDiagram, ab_roofline_diagram, AB, ROOFLINE_DIAGRAM, AbDiagram)

G_END_DECLS

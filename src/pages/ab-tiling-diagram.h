/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_TILING_DIAGRAM (ab_tiling_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbTilingDiagram, ab_tiling_diagram, AB, TILING_DIAGRAM, AbDiagram)

G_END_DECLS

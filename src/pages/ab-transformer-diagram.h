/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_TRANSFORMER_DIAGRAM (ab_transformer_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbTransformerDiagram, ab_transformer_diagram, AB, TRANSFORMER_DIAGRAM, AbDiagram)

G_END_DECLS

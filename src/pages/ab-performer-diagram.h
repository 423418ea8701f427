/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_PERFORMER_DIAGRAM (ab_performer_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbPerformerDiagram, ab_performer_diagram, AB, PERFORMER_DIAGRAM, AbDiagram)

G_END_DECLS

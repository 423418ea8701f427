/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_MEMORY_HIERARCHY_DIAGRAM (ab_memory_hierarchy_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbMemoryHierarchyDiagram, ab_memory_hierarchy_diagram, AB, MEMORY_HIERARCHY_DIAGRAM,
                      AbDiagram)

G_END_DECLS

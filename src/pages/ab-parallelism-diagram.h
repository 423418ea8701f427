/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_PARALLELISM_DIAGRAM (ab_parallelism_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbParallelismDiagram, ab_parallelism_diagram, AB, PARALLELISM_DIAGRAM, AbDiagram)

G_END_DECLS

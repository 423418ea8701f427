/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_LSH_DIAGRAM (ab_lsh_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbLshDiagram, ab_lsh_diagram, AB, LSH_DIAGRAM, AbDiagram)

G_END_DECLS

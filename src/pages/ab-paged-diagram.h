/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_PAGED_DIAGRAM (ab_paged_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbPagedDiagram, ab_paged_diagram, AB, PAGED_DIAGRAM, AbDiagram)

G_END_DECLS

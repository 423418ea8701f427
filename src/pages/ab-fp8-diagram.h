/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_FP8_DIAGRAM (ab_fp8_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbFp8Diagram, ab_fp8_diagram, AB, FP8_DIAGRAM, AbDiagram)

G_END_DECLS

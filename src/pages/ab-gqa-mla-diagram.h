/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_GQA_MLA_DIAGRAM (ab_gqa_mla_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbGqaMlaDiagram, ab_gqa_mla_diagram, AB, GQA_MLA_DIAGRAM, AbDiagram)

G_END_DECLS

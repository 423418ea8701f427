/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_ATTENTION_MEMORY_DIAGRAM (ab_attention_memory_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbAttentionMemoryDiagram, ab_attention_memory_diagram, AB, ATTENTION_MEMORY_DIAGRAM,
                      AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_SERVING_STACK_DIAGRAM (ab_serving_stack_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbServingStackDiagram, ab_serving_stack_diagram, AB, SERVING_STACK_DIAGRAM, AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_ONLINE_SOFTMAX_DIAGRAM (ab_online_softmax_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbOnlineSoftmaxDiagram, ab_online_softmax_diagram, AB, ONLINE_SOFTMAX_DIAGRAM, AbDiagram)

G_END_DECLS

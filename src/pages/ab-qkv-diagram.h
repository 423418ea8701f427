/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_QKV_DIAGRAM (ab_qkv_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbQkvDiagram, ab_qkv_diagram, AB, QKV_DIAGRAM, AbDiagram)

G_END_DECLS

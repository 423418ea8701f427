/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_LUONG_DIAGRAM (ab_luong_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbLuongDiagram, ab_luong_diagram, AB, LUONG_DIAGRAM, AbDiagram)

G_END_DECLS

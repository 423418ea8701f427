/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_POSENC_DIAGRAM (ab_posenc_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbPosencDiagram, ab_posenc_diagram, AB, POSENC_DIAGRAM, AbDiagram)

G_END_DECLS

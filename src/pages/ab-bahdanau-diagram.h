/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_BAHDANAU_DIAGRAM (ab_bahdanau_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbBahdanauDiagram, ab_bahdanau_diagram, AB, BAHDANAU_DIAGRAM, AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_SPEC_DECODE_DIAGRAM (ab_spec_decode_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbSpecDecodeDiagram, ab_spec_decode_diagram, AB, SPEC_DECODE_DIAGRAM, AbDiagram)

G_END_DECLS

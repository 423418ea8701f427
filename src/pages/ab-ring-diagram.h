/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_RING_DIAGRAM (ab_ring_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbRingDiagram, ab_ring_diagram, AB, RING_DIAGRAM, AbDiagram)

G_END_DECLS

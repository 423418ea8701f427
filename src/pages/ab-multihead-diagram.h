/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_MULTIHEAD_DIAGRAM (ab_multihead_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbMultiheadDiagram, ab_multihead_diagram, AB, MULTIHEAD_DIAGRAM, AbDiagram)

/* Where token @index's chip sits in @kind's frame: its centre in the
 * attending row (or column) or, with @attended, the attended one. The same
 * geometry draw and click use; for tests that click a token. */
void ab_multihead_diagram_token_center (AbMultiheadDiagram *self, AbLayoutKind kind, int index,
                                        gboolean attended, double *x, double *y);

G_END_DECLS

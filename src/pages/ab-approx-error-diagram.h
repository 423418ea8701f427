/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_APPROX_ERROR_DIAGRAM (ab_approx_error_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbApproxErrorDiagram, ab_approx_error_diagram, AB, APPROX_ERROR_DIAGRAM, AbDiagram)

G_END_DECLS

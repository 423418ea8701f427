/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"
#include "fp8.h"

G_BEGIN_DECLS

#define AB_TYPE_FP8_DIAGRAM (ab_fp8_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbFp8Diagram, ab_fp8_diagram, AB, FP8_DIAGRAM, AbDiagram)

/* ab_fp8_experiment (@config), run once per configuration and kept for the
 * process: the diagram at its defaults and the numbers Part 3 quotes are
 * the same experiment. NULL with @error when it fails. */
const AbFp8Result *ab_fp8_shared_experiment (const AbFp8Config *config, GError **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_SEQ2SEQ_DIAGRAM (ab_seq2seq_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbSeq2seqDiagram, ab_seq2seq_diagram, AB, SEQ2SEQ_DIAGRAM, AbDiagram)

G_END_DECLS

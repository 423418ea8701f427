#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_BAHDANAU_DIAGRAM (ab_bahdanau_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbBahdanauDiagram, ab_bahdanau_diagram, AB, BAHDANAU_DIAGRAM, AbDiagram)

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_bahdanau_diagram_format_value (char **key_parts);

G_END_DECLS

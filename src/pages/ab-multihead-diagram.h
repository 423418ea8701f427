#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_MULTIHEAD_DIAGRAM (ab_multihead_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbMultiheadDiagram, ab_multihead_diagram, AB, MULTIHEAD_DIAGRAM, AbDiagram)

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_multihead_diagram_format_value (char **key_parts);

G_END_DECLS

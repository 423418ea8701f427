#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_POSENC_DIAGRAM (ab_posenc_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbPosencDiagram, ab_posenc_diagram, AB, POSENC_DIAGRAM, AbDiagram)

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_posenc_diagram_format_value (char **key_parts);

G_END_DECLS

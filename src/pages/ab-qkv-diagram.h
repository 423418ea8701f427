#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_QKV_DIAGRAM (ab_qkv_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbQkvDiagram, ab_qkv_diagram, AB, QKV_DIAGRAM, AbDiagram)

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_qkv_diagram_format_value (char **key_parts);

G_END_DECLS

#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_LUONG_DIAGRAM (ab_luong_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbLuongDiagram, ab_luong_diagram, AB, LUONG_DIAGRAM, AbDiagram)

/* A value the prose quotes (see ab-book-values.h); NULL for an unknown key. */
char *ab_luong_diagram_format_value (char **key_parts);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-registry.h — every diagram of the book, by name */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_REGISTRY_ERROR (ab_registry_error_quark ())
typedef enum { AB_REGISTRY_ERROR_UNKNOWN_DIAGRAM } AbRegistryError;
GQuark      ab_registry_error_quark (void);

/* NULL-terminated, sorted list of diagram names; free with g_strfreev(). */
char      **ab_diagram_registry_list_names (void);
gboolean    ab_diagram_registry_has        (const char *name);
/* A new diagram with default parameters, or NULL and an error naming the
 * unknown diagram and the known ones. */
AbDiagram  *ab_diagram_registry_create     (const char *name, GError **error);

G_END_DECLS

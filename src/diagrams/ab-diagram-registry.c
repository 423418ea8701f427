/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-diagram-registry"

#include "ab-diagram-registry.h"

#include <glib/gi18n.h>
#include <stdlib.h>

G_DEFINE_QUARK (ab-registry-error-quark, ab_registry_error)

/* Generated from the page-module list in src/pages/meson.build. */
extern GType (* const ab_registry_diagram_types[]) (void);

static GType
find_type (const char *name)
{
  for (guint i = 0; ab_registry_diagram_types[i]; i++)
    {
      GType type = ab_registry_diagram_types[i] ();
      AbDiagramClass *klass = g_type_class_ref (type);
      gboolean match = g_strcmp0 (klass->info->name, name) == 0;

      g_type_class_unref (klass);
      if (match)
        return type;
    }
  return G_TYPE_INVALID;
}

static int
compare_names (const void *a, const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char **
ab_diagram_registry_list_names (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  for (guint i = 0; ab_registry_diagram_types[i]; i++)
    {
      AbDiagramClass *klass = g_type_class_ref (ab_registry_diagram_types[i] ());
      g_strv_builder_add (builder, klass->info->name);
      g_type_class_unref (klass);
    }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

gboolean
ab_diagram_registry_has (const char *name)
{
  return name != NULL && find_type (name) != G_TYPE_INVALID;
}

AbDiagram *
ab_diagram_registry_create (const char *name, GError **error)
{
  GType type = name ? find_type (name) : G_TYPE_INVALID;

  if (type == G_TYPE_INVALID)
    {
      g_auto (GStrv) names = ab_diagram_registry_list_names ();
      g_autofree char *known = g_strjoinv (", ", names);
      g_set_error (error, AB_REGISTRY_ERROR, AB_REGISTRY_ERROR_UNKNOWN_DIAGRAM,
                   _("unknown diagram “%s” (known: %s)"), name ? name : "", known);
      return NULL;
    }
  return g_object_new (type, NULL);
}

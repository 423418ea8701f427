/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

#define AB_TYPE_KV_CACHE_DIAGRAM (ab_kv_cache_diagram_get_type ())
G_DECLARE_FINAL_TYPE (AbKvCacheDiagram, ab_kv_cache_diagram, AB, KV_CACHE_DIAGRAM, AbDiagram)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-renderer.h — GTK's cairo renderer where GL could only run in software */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when no GPU can serve GL here: no render node under @dev/dri and no
 * NVIDIA device (@dev is "/dev"; tests pass a folder of their own), or
 * LIBGL_ALWAYS_SOFTWARE asks for software. Mesa then rasterises GL with
 * llvmpipe on the CPU. */
gboolean ab_renderer_gl_is_software (const char *dev);

/* Before GTK draws anything: when GL would be software and the user has
 * not chosen a renderer (GSK_RENDERER), choose GTK's cairo renderer, as
 * GTK 4.14 and later do by themselves. Call from main() before any window. */
void     ab_renderer_choose         (void);

G_END_DECLS

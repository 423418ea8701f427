/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-frame-export.h — one diagram frame to an SVG or PNG file, headless */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

typedef enum
{
  AB_FRAME_SVG,
  AB_FRAME_PNG,
} AbFrameFormat;

/* Largest frame we agree to render: 8192 px a side, 40 megapixels in all. */
#define AB_FRAME_MAX_SIDE   8192
#define AB_FRAME_MAX_PIXELS 40e6
/* Smallest: 64 units a side. */
#define AB_FRAME_MIN_SIDE   64

gboolean    ab_frame_format_from_string (const char *text, AbFrameFormat *format);
const char *ab_frame_format_extension   (AbFrameFormat format);

/* Check a frame size before rendering; a clear error when it is not sane. */
gboolean    ab_frame_check_size (int width, int height, double scale, GError **error);

/* Render @diagram in @layout at @position to @path (width × height units;
 * PNG pixels are multiplied by @scale). Writes a temporary file and renames it. */
gboolean    ab_frame_export (AbDiagram    *diagram,
                             AbLayoutKind  layout,
                             double        position,
                             AbFrameFormat format,
                             int           width,
                             int           height,
                             double        scale,
                             const char   *path,
                             GError      **error);

G_END_DECLS

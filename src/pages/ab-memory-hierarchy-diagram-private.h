/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-memory-hierarchy-diagram-private.h — what the gpu-memory-hierarchy
 * module shares with its traffic scene (ab-memory-hierarchy-scene.c) */
#pragma once

#include "ab-diagram.h"
#include "attn-io.h"
#include "gpu-specs.h"

G_BEGIN_DECLS

enum { STEP_HIERARCHY, STEP_WRITE_S, STEP_READ_S, STEP_WRITE_P, STEP_READ_P, STEP_FLASH, N_STEPS };
/* The standard forward pass in the order Algorithm 0 moves its bytes. */
enum { SEG_QK_IN, SEG_WRITE_S, SEG_READ_S, SEG_WRITE_P, SEG_READ_P, SEG_V_O, N_SEGS };

typedef struct
{
  const AbGpuSpec *gpu;
  int              n, d, bytes;
  AbIoCount        standard;
  AbIoFlash        flash;
  double           seg[N_SEGS];       /* bytes of each part of the standard pass */
  double           cum[N_SEGS + 1];   /* bytes moved before each part */
  double           t_standard, t_flash, dial_full;   /* seconds */
} Result;

/* Bytes of the standard pass moved by @position (steps 2–5 animate it). */
double ab_memory_hierarchy_standard_done (const Result *res, double position);
/* How far part @seg of the standard pass is at @done bytes, 0 … 1. */
double ab_memory_hierarchy_seg_progress  (const Result *res, double done, int seg);
/* The SM over HBM with S and P, the bus between them and the two stopwatches. */
void   ab_memory_hierarchy_draw_scene    (const Result *res, cairo_t *cr, AbRect panel, double position);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-backward-diagram-private.h — what ab-backward-diagram.c (tables, the
 * kernel run, text) and ab-backward-diagram-draw.c (the stages) share. */
#pragma once

#include "ab-diagram.h"
#include "attention.h"

#include <stdint.h>

enum { STEP_SAVED, STEP_STANDARD, STEP_FLASH, STEP_CURVES, N_STEPS };
enum { STAGE_PICTURE, STAGE_LEDGER, STAGE_SUMMARY, N_STAGES };

/* Curves from N = 2⁶ to 2¹⁷ (64 … 131,072 tokens), bytes from 1 KiB to 1 TiB. */
#define LOG2_N_MIN 6
#define LOG2_N_MAX 17
#define N_CURVE (LOG2_N_MAX - LOG2_N_MIN + 1)
#define LOG2_B_MIN 10.0
#define LOG2_B_MAX 40.0

typedef enum { TILE_NONE, TILE_SOME, TILE_ALL } TileMask;

typedef struct
{
  int                 n, d, tile, causal, elem;   /* elem: bytes per entry of the curves */
  int                 tr, tc;
  AbAttnBackwardStats st;         /* the run (fp32, one head) */
  double              err[3], mag[3];   /* max |grad − ref|, max |ref|: dQ, dK, dV */
  guint8             *tile_mask;  /* tr × tc TileMask */
  double              std_flops;  /* the standard backward's four products, 8·N²·d */
  uint64_t            saved_std, saved_flash;   /* the run: P vs O + L, fp32 */
  /* step 4, at elem bytes */
  double              curve_n[N_CURVE];
  double              saved_p[N_CURVE], saved_ol[N_CURVE];
  double              traffic_std[N_CURVE], traffic_flash[N_CURVE];
  double              hbm_line;   /* one H100's HBM, bytes (decimal GB) */
  const char         *hbm_name;
} Result;

static inline uint64_t
traffic (const AbAttnBackwardStats *st, gboolean stored)
{
  return stored ? st->stored_p_read_bytes + st->stored_p_write_bytes
                : st->hbm_read_bytes + st->hbm_write_bytes;
}

static inline uint64_t
matrix_traffic (const AbAttnBackwardStats *st)
{
  uint64_t t = 0;
  for (int a = AB_BWD_P; a <= AB_BWD_DS; a++)
    t += st->stored_p_read_by[a] + st->stored_p_write_by[a];
  return t;
}

/* What recomputing S adds to the four products both backwards run
 * (25 % on full tiles; the standard backward also computes masked
 * entries, so the ledger's two FLOP bars differ by more under a mask). */
static inline double
recompute_percent (const AbAttnBackwardStats *st)
{
  return 100.0 * st->recompute_flops / (double) (st->flops - st->recompute_flops);
}

/* 2.4e-07 → "2.4 × 10⁻⁷" */
char *ab_backward_format_sci (double x);

/* The picture of each step, and the run's ledger beside it; @reveal (0 … 1)
 * is how far the step has arrived, @position the timeline's. */
void ab_backward_draw_saved    (const Result *res, cairo_t *cr, AbRect panel, double reveal);
void ab_backward_draw_standard (const Result *res, cairo_t *cr, AbRect panel, double reveal);
void ab_backward_draw_flash    (const Result *res, cairo_t *cr, AbRect panel, double reveal);
void ab_backward_draw_curves   (const Result *res, cairo_t *cr, AbRect panel, double reveal);
void ab_backward_draw_ledger   (const Result *res, cairo_t *cr, AbRect panel, double position);

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-tiling-diagram-private.h — what the tiling diagram's update() computes
 * (ab-tiling-diagram.c) and its drawing (ab-tiling-diagram-draw.c) reads.
 *
 * The diagram's steps are "views": the intro, then one view per step of
 * the FlashAttention kernel's trace (or, in standard mode, one per block of
 * S written by pass 1 of the unfused pipeline, then its passes 2 and 3),
 * then a summary. Every number a view shows is stored here.
 */
#pragma once

#include "ab-diagram.h"
#include "attention.h"

G_BEGIN_DECLS

typedef enum
{
  VIEW_INTRO,        /* Q, K, V in HBM; nothing computed */
  VIEW_TILE,         /* flash: one trace TILE step */
  VIEW_FINALIZE,     /* flash: one trace FINALIZE step */
  VIEW_DONE,         /* flash: the summary */
  VIEW_STD_TILE,     /* standard pass 1: one block of S written to HBM */
  VIEW_STD_SOFTMAX,  /* standard pass 2: read S, write P */
  VIEW_STD_OUTPUT,   /* standard pass 3: read P and V, write O */
} ViewKind;

typedef struct
{
  ViewKind kind;
  int      trace;                /* index into the trace records, −1 for none */
  int      q_tile, kv_tile;      /* 0-based; −1 when the view has none */
  int      q_row0, q_rows;
  int      kv_row0, kv_rows;
  gboolean partial;              /* the tile straddles the causal diagonal */
  gboolean first_visit;          /* flash: the Q tile's first K/V tile */
  uint64_t flash_rd, flash_wr;   /* flash IO so far (fp32 bytes) */
  uint64_t std_rd, std_wr;       /* standard IO so far (standard mode) */
  size_t   sram, sram_peak;      /* flash tile buffers now / so far */
  int      focus;                /* the followed row, −1 for none */
  int      n_rescaled;           /* rows of the Q tile whose max grew */
  int      n_started;            /* rows that saw their first unmasked key */
  int      rows_done;            /* rows whose final O is known */
  double   err_done;             /* max |O − O_exact| over those rows */
  /* The followed row in this tile (flash tile views). */
  double   tile_max;             /* m̃: max of the row's scores in the tile */
  double   tile_sum;             /* ℓ̃ = Σ e^{s − m̃} over the tile */
  double   new_sum;              /* Σ e^{s − m_new} over the tile (FA2's form) */
} View;

typedef struct
{
  int          n, d, br, bc, tr, tc, seed;
  gboolean     br_raised, bc_raised;   /* tiles grown to keep ≤ MAX_TILES a side */
  gboolean     causal, standard;
  AbFlashOrder order;
  float       *q, *k, *v;              /* N × d inputs */
  float       *o_flash, *o_exact;      /* N × d outputs */
  double      *s;                      /* N × N scaled scores, −inf where masked */
  double      *m_exact, *l_exact;      /* each row's max and Σ e^{s − max} over all keys */
  double       o_scale;                /* colour scale of O: max |O_exact| */
  double       max_err;                /* max |O_flash − O_exact| over all of O */
  /* The trace: every step, with the state of every row after it. */
  int          n_trace;
  AbFlashStep *trace;                  /* copies, state pointers cleared */
  float       *tm, *tl, *to;           /* [n_trace][n], [n_trace][n], [n_trace][n][d] */
  /* The diagram's steps. */
  int          n_views;
  View        *views;
  /* Whole-run totals. */
  uint64_t     flash_rd, flash_wr;     /* from the trace's last step */
  size_t       flash_sram_peak;
  uint64_t     std_rd, std_wr;         /* ab_attention_standard_io */
  int          tiles_run, tiles_skipped, tiles_partial;
  int         *done_at;                /* per row: the view that finishes it */
  /* The same IO model at a realistic size (BIG_N, BIG_D, BIG_BLOCK). */
  uint64_t     big_std, big_flash;
} TilingResult;

/* The realistic size quoted beside the toy run. */
#define BIG_N     4096
#define BIG_D     64
#define BIG_BLOCK 128

/* The state the algorithm holds for row @row after view @view (−1: the
 * initial state): m, ℓ and its d values of o (NULL before the first step). */
void  tiling_row_state (const TilingResult *res, int view, int row,
                        double *m, double *l, const float **o);

/* "2.4 \times 10^{-7}" (TeX) or "0" for an error readout. */
char *tiling_format_error_tex (double err);

void  tiling_draw (AbDiagram *diagram, const TilingResult *res, cairo_t *cr,
                   const AbLayout *layout, double position);

/* The side panels (ab-tiling-diagram-panels.c): the followed row's
 * online-softmax update at view @view, and the traffic counters tweened
 * from view @ka to @kb by @t. */
void   tiling_draw_state     (const TilingResult *res, cairo_t *cr, AbRect r, int view);
double tiling_traffic_height (const TilingResult *res, cairo_t *cr, double width, gboolean lean);
void   tiling_draw_traffic   (const TilingResult *res, cairo_t *cr, AbRect r, int ka, int kb, double t,
                              gboolean lean);

G_END_DECLS

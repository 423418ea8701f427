/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-sweep.h — the lab's measurement: naive attention vs FlashAttention at growing N
 *
 * One sweep times ab_attention_naive and ab_flash_forward (FA2 order) on
 * seeded N(0, 1) inputs, one head, at N = 256, 512, … up to n_max, on a
 * worker thread. Results reach the main context one point at a time. The
 * naive kernel runs under a memory budget, checked first with
 * ab_attention_naive_plan, so it stops with the kernel's own message where
 * its N × N score matrix no longer fits, while flash keeps going.
 *
 * The kernels have no cancel hook, so a sweep cancels between runs (and
 * between the repeats of one N). Cancelling detaches the sweep from its
 * worker at once: the worker finishes the run in flight on its own data,
 * posts nothing more that anyone reads, and is joined from the main loop.
 * Workers take a process-wide lock for their whole run, so two sweeps (two
 * labs, or a new Run right after Cancel) never time each other. No GTK here.
 */
#pragma once

#include <glib-object.h>

#include "attention.h"

G_BEGIN_DECLS

#define AB_LAB_N_FIRST 256   /* the first N of every sweep */

typedef enum
{
  AB_LAB_NAIVE,
  AB_LAB_FLASH,
  AB_LAB_N_KERNELS
} AbLabKernel;

typedef struct
{
  int      d;             /* head dimension */
  int      n_max;         /* last N (a power of two ≥ AB_LAB_N_FIRST) */
  size_t   naive_budget;  /* bytes the naive kernel may allocate */
  int      threads;       /* passed to both kernels (AbAttnOptions.threads) */
  guint64  seed;          /* Q, K, V ~ N(0, 1) from this seed */
} AbLabConfig;

typedef struct
{
  AbLabKernel  kernel;
  int          n;
  AbAttnStatus status;        /* AB_ATTN_OK, or why the kernel refused */
  double       ms;            /* OK: the fastest of the repeats */
  int          repeats;
  size_t       bytes;         /* OK: peak extra bytes (AbAttnStats); refused: bytes needed */
  size_t       budget;        /* the budget the kernel ran under */
  int          threads_used;
  double       max_abs_diff;  /* flash: max |O_flash − O_naive| at this N; NAN where naive did not run */
  char         message[256];  /* the kernel's message when it refused */
} AbLabPoint;

#define AB_TYPE_LAB_SWEEP (ab_lab_sweep_get_type ())
G_DECLARE_FINAL_TYPE (AbLabSweep, ab_lab_sweep, AB, LAB_SWEEP, GObject)

AbLabSweep        *ab_lab_sweep_new          (void);
/* Starts a sweep (clearing the last one's points); FALSE with @error if one
 * is running or the worker could not start. "point-added" follows each
 * point, "finished" the end (also after a cancel). */
gboolean           ab_lab_sweep_start        (AbLabSweep *self, const AbLabConfig *config, GError **error);
/* Stops the sweep now; the worker ends after the run in flight. */
void               ab_lab_sweep_cancel       (AbLabSweep *self);
gboolean           ab_lab_sweep_get_running  (AbLabSweep *self);
gboolean           ab_lab_sweep_get_cancelled (AbLabSweep *self);
/* Why the last sweep ended before its last N (inputs or flash failed), or NULL. */
const char        *ab_lab_sweep_get_error    (AbLabSweep *self);
const AbLabConfig *ab_lab_sweep_get_config   (AbLabSweep *self);
/* The points so far (AbLabPoint), in the order they were measured. */
GArray            *ab_lab_sweep_get_points   (AbLabSweep *self);
/* What the worker is running now; FALSE when idle or between runs. */
gboolean           ab_lab_sweep_get_current  (AbLabSweep *self, int *n, AbLabKernel *kernel);
/* Share of the sweep's work done, 0 … 1 (runs weighted by N²). */
double             ab_lab_sweep_get_fraction (AbLabSweep *self);
/* The last point of @kernel, or NULL. */
const AbLabPoint  *ab_lab_sweep_last_point   (AbLabSweep *self, AbLabKernel kernel);

/* Worker threads started and not yet joined, in this process (for tests:
 * after a cancel or a destroyed lab it drops to 0 once the main loop ran). */
guint              ab_lab_sweep_get_n_workers (void);

G_END_DECLS

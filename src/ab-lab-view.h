/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-view.h — the lab: naive attention vs FlashAttention timed on the reader's CPU
 *
 * The widget of a page's {{< lab >}} block: Run / Cancel, the head
 * dimension, the largest N and the naive kernel's memory budget, a progress
 * bar, live log-log charts of time and memory, and the measured exactness.
 * The kernels run on a worker thread (AbLabSweep); the widget cancels the
 * sweep when it leaves its window or is destroyed, without waiting.
 *
 * AB_LAB_MAX_N in the environment (tests only) lowers every lab's largest N.
 */
#pragma once

#include <gtk/gtk.h>

#include "ab-lab-sweep.h"

G_BEGIN_DECLS

#define AB_LAB_DEFAULT_MAX_N  16384
#define AB_LAB_DEFAULT_TOP_N   8192

#define AB_TYPE_LAB_VIEW (ab_lab_view_get_type ())
G_DECLARE_FINAL_TYPE (AbLabView, ab_lab_view, AB, LAB_VIEW, GtkWidget)

/* @max_n: the largest N offered (a power of two, 512 … 32768; 0 for the default). */
GtkWidget  *ab_lab_view_new           (int max_n);
void        ab_lab_view_run           (AbLabView *self);
void        ab_lab_view_cancel        (AbLabView *self);
gboolean    ab_lab_view_get_running   (AbLabView *self);
AbLabSweep *ab_lab_view_get_sweep     (AbLabView *self);
/* The status line under the charts, as shown. */
const char *ab_lab_view_get_status    (AbLabView *self);
/* The charts' text for screen readers (every point's numbers). */
char       *ab_lab_view_describe      (AbLabView *self);

G_END_DECLS

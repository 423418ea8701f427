/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-status.h — the lab's status line and progress text, from its sweep */
#pragma once

#include "ab-lab-sweep.h"

G_BEGIN_DECLS

/* The status line for @sweep; before any run it describes the next one
 * (@top_n, @head_dim). @progress (may be NULL) gets the progress bar's
 * short text ("Measuring flash at N = 8,192", "Done"). Both newly allocated. */
char *ab_lab_status_text (AbLabSweep *sweep, int top_n, int head_dim, char **progress);

G_END_DECLS

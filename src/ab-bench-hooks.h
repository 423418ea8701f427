/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-bench-hooks.h — what bench/app/bench-startup measures inside the app */
#pragma once

#include "ab-window.h"

G_BEGIN_DECLS

/* With AB_BENCH_FIRST_PAINT in the environment, report on @window's first
 * frame (and AB_BENCH_NAVIGATE / AB_BENCH_PLAY: every page, every diagram),
 * then quit @app; otherwise nothing. Before the window is shown. */
void ab_bench_hooks_attach (GApplication *app, AbWindow *window);

G_END_DECLS

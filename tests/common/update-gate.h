/* SPDX-License-Identifier: GPL-3.0-or-later */
/* update-gate.h — hold a test diagram's update() until the test lets it go
 *
 * A diagram's update() runs on the framework's worker thread. Tests that
 * check what happens while results are still coming close the gate, act,
 * and open it: update() calls update_gate_pass() first, so the wait is
 * certain rather than a race against a fast kernel.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Closed, update_gate_pass() blocks until another thread opens it. */
void update_gate_set  (gboolean closed);

/* Returns at once while the gate is open; waits while it is closed. */
void update_gate_pass (void);

G_END_DECLS

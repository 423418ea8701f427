/* SPDX-License-Identifier: GPL-3.0-or-later */
/* update-gate.c — a closable gate for a test diagram's worker-thread update() */
#include "update-gate.h"

static GMutex   gate_lock;
static GCond    gate_cond;
static gboolean gate_closed;

void
update_gate_set (gboolean closed)
{
  g_mutex_lock (&gate_lock);
  gate_closed = closed;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);
}

void
update_gate_pass (void)
{
  g_mutex_lock (&gate_lock);
  while (gate_closed)
    g_cond_wait (&gate_cond, &gate_lock);
  g_mutex_unlock (&gate_lock);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-diagram-private.h — what ab-diagram.c shares with ab-diagram-render.c */
#pragma once

#include "ab-diagram.h"

G_BEGIN_DECLS

enum { CHROME_CAPTION, CHROME_NOTE, CHROME_LEGEND };

typedef struct
{
  double        *values;        /* one per class param */
  gpointer       result;
  GDestroyNotify result_free;
  /* lock guards values, dirty, busy and busy_thread (ab-diagram-worker.c);
   * idle is signalled when an update ends. */
  GMutex         lock;
  GCond          idle;
  gboolean       dirty;         /* a parameter changed since update() ran */
  gboolean       busy;          /* update() is running; its thread owns the results */
  GThread       *busy_thread;
  GError        *error;         /* update()'s refusal, shown on the canvas */
  guint          in_click;      /* set_param inside click(): notify once, after */
  gboolean       changed_in_click;
  /* The layout of each kind, computed once per parameter change (the
   * header, note and legend as tall as their tallest step); frame.w = 0
   * until then. */
  AbLayout       layouts[AB_N_LAYOUTS];
} AbDiagramPrivate;

#define PRIV(self) (ab_diagram_get_priv (self))
#define INFO(self) (AB_DIAGRAM_GET_CLASS (self)->info)

AbDiagramPrivate *ab_diagram_get_priv        (AbDiagram *self);
/* ab_diagram_ensure_updated() without the error: TRUE when results exist. */
gboolean          ab_diagram_ready           (AbDiagram *self);
char             *ab_diagram_dup_title_markup (AbDiagram *self);
char             *ab_diagram_dup_note        (AbDiagram *self, guint step);
/* Plain entries for the drawing pieces; free with g_free(). */
AbLegendEntry    *ab_diagram_legend_entries  (GPtrArray *legend);
/* Notify "changed" (deferred to the end of a click). */
void              ab_diagram_emit_changed    (AbDiagram *self);
/* Notify "updated" (main context: the worker's results are in). */
void              ab_diagram_emit_updated    (AbDiagram *self);
void              ab_diagram_clear_result    (AbDiagram *self);
/* Run update() on this thread if the results are stale (ab-diagram-worker.c). */
void              ab_diagram_update_now      (AbDiagram *self);

G_END_DECLS

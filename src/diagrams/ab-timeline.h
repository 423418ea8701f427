/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-timeline.h — playback of a diagram's steps, without GTK
 *
 * The timeline owns the step, the (eased) position between steps, play and
 * pause, the speed and the hold on each step. Time is given by the caller
 * in milliseconds — the widget passes its frame clock, the exporter passes
 * frame numbers / fps — so an exported animation is, frame for frame, what
 * the app plays. The position is eased once, here (expo-out); diagrams tween
 * linearly on it.
 *
 * Playing from step s at time t0: the transition to s + 1 runs for
 * AB_STEP_DURATION_MS / speed, the step then holds for AB_STEP_HOLD_MS /
 * speed, and so on until the last step. With "animate" off (reduced motion)
 * each transition snaps to its end at its start.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AB_TYPE_TIMELINE (ab_timeline_get_type ())
G_DECLARE_FINAL_TYPE (AbTimeline, ab_timeline, AB, TIMELINE, GObject)

AbTimeline *ab_timeline_new            (guint n_steps);

guint       ab_timeline_get_n_steps    (AbTimeline *self);
/* Fewer steps (new parameters) clamp the step and the position. */
void        ab_timeline_set_n_steps    (AbTimeline *self, guint n_steps);
/* The step being shown or moved to. */
guint       ab_timeline_get_step       (AbTimeline *self);
double      ab_timeline_get_position   (AbTimeline *self);
gboolean    ab_timeline_get_playing    (AbTimeline *self);
double      ab_timeline_get_speed      (AbTimeline *self);
void        ab_timeline_set_speed      (AbTimeline *self, double speed);
gboolean    ab_timeline_get_animate    (AbTimeline *self);
void        ab_timeline_set_animate    (AbTimeline *self, gboolean animate);
/* TRUE while the position still moves (a transition, or playback). */
gboolean    ab_timeline_is_running     (AbTimeline *self);

/* Move to @step with a transition starting at @now_ms. */
void        ab_timeline_go_to_step     (AbTimeline *self, guint step, gint64 now_ms);
gboolean    ab_timeline_step_forward   (AbTimeline *self, gint64 now_ms);
gboolean    ab_timeline_step_back      (AbTimeline *self, gint64 now_ms);
/* Jump to @position at once (scrubbing); stops playback. */
void        ab_timeline_seek           (AbTimeline *self, double position);
/* Play from the current step (from the start when at the end). */
void        ab_timeline_play           (AbTimeline *self, gint64 now_ms);
/* Stop playback; a transition under way finishes. */
void        ab_timeline_pause          (AbTimeline *self, gint64 now_ms);

/* The position the current schedule gives at @t_ms (no side effects). */
double      ab_timeline_position_at    (AbTimeline *self, double t_ms);
/* Advance to @now_ms: updates position (and step, playing) with notify.
 * Returns ab_timeline_is_running(). */
gboolean    ab_timeline_tick           (AbTimeline *self, gint64 now_ms);

/* How long playing every step from the first takes, in ms. */
double      ab_timeline_get_playback_ms (AbTimeline *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presentation.h — where a talk is: slide, step, blank screen, timer; no GTK
 *
 * One presentation drives both the audience window and the presenter
 * console, so they cannot disagree: each window sends its keys here and
 * redraws on "changed" (and on the timeline's position while a step's
 * transition runs). Time comes from the caller in milliseconds, as for
 * AbTimeline, so the tests drive it without a clock.
 *
 * Next is the current diagram's next step (a transition on the shared
 * timeline), then the next slide's first step; Previous mirrors it, landing
 * on the last step of the slide before. While the screen is blanked, Next
 * and Previous only bring the slide back.
 */
#pragma once

#include "ab-slides.h"
#include "ab-timeline.h"

G_BEGIN_DECLS

#define AB_TYPE_PRESENTATION (ab_presentation_get_type ())
G_DECLARE_FINAL_TYPE (AbPresentation, ab_presentation, AB, PRESENTATION, GObject)

/* Takes @deck. Starts on @first_slide (clamped), with the timer running. */
AbPresentation *ab_presentation_new            (AbSlideDeck *deck, guint first_slide, gint64 now_ms);

AbSlideDeck    *ab_presentation_get_deck       (AbPresentation *self);
guint           ab_presentation_get_slide      (AbPresentation *self);
/* The step shown or moved to, and the current slide's step count. */
guint           ab_presentation_get_step       (AbPresentation *self);
guint           ab_presentation_get_n_steps    (AbPresentation *self);
/* The drawn (tweened) step position of the current slide. */
double          ab_presentation_get_position   (AbPresentation *self);
AbTimeline     *ab_presentation_get_timeline   (AbPresentation *self);
/* Reduced motion: steps snap to their end states. */
void            ab_presentation_set_animate    (AbPresentation *self, gboolean animate);

/* Navigation: FALSE when nothing moved (at an end). */
gboolean        ab_presentation_next           (AbPresentation *self, gint64 now_ms);
gboolean        ab_presentation_previous       (AbPresentation *self, gint64 now_ms);
gboolean        ab_presentation_first          (AbPresentation *self, gint64 now_ms);
gboolean        ab_presentation_last           (AbPresentation *self, gint64 now_ms);
/* Slide @slide (0-based) at @step (clamped); snaps. */
gboolean        ab_presentation_go_to          (AbPresentation *self, guint slide, guint step, gint64 now_ms);
/* What Next would show: FALSE at the very end. */
gboolean        ab_presentation_get_next_target (AbPresentation *self, guint *slide, guint *step);
/* Advance a running transition; TRUE while it still runs. */
gboolean        ab_presentation_tick           (AbPresentation *self, gint64 now_ms);

/* The blank (black) screen. */
gboolean        ab_presentation_get_blanked    (AbPresentation *self);
void            ab_presentation_set_blanked    (AbPresentation *self, gboolean blanked);

/* Typing a slide number: digits collect, Enter jumps, Escape forgets. */
void            ab_presentation_type_digit     (AbPresentation *self, guint digit);
void            ab_presentation_erase_digit    (AbPresentation *self);
/* The number typed so far, or NULL. */
const char     *ab_presentation_get_jump_text  (AbPresentation *self);
/* Jump to the typed slide number (1-based); FALSE (and the number is
 * forgotten) when there is none or it is out of range. */
gboolean        ab_presentation_commit_jump    (AbPresentation *self, gint64 now_ms);
void            ab_presentation_cancel_jump    (AbPresentation *self);

/* The talk's clock: elapsed time, paused and reset by the presenter. */
gint64          ab_presentation_get_elapsed_ms (AbPresentation *self, gint64 now_ms);
gboolean        ab_presentation_get_timer_running (AbPresentation *self);
void            ab_presentation_set_timer_running (AbPresentation *self, gboolean running, gint64 now_ms);
void            ab_presentation_reset_timer    (AbPresentation *self, gint64 now_ms);

/* Time spent on slide @index so far (while the timer ran), in ms. */
gint64          ab_presentation_get_slide_ms   (AbPresentation *self, guint index, gint64 now_ms);
/* Rehearsal targets: slide id → ms (see ab-rehearsal.h); borrowed. */
void            ab_presentation_set_targets    (AbPresentation *self, GHashTable *targets);
/* The rehearsed time of slide @index, or -1 when none was recorded. */
gint64          ab_presentation_get_target_ms  (AbPresentation *self, guint index);
/* Slide id → time spent (gint64 ms, only slides with time), a new table. */
GHashTable     *ab_presentation_dup_times      (AbPresentation *self, gint64 now_ms);

G_END_DECLS

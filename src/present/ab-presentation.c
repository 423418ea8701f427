/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presentation.c — the state of a talk
 *
 * The step transitions are an AbTimeline's, the same playback the diagram
 * view and the exporter use; a new slide gets the timeline reset to its
 * step count and snapped to the step it enters on. Time on each slide is
 * added up when the presenter leaves it, so the rehearsal table is the sum
 * of every visit while the timer ran.
 */
#define G_LOG_DOMAIN "ab-presentation"

#include "ab-presentation.h"

#include <string.h>

struct _AbPresentation
{
  GObject      parent_instance;

  AbSlideDeck *deck;
  AbTimeline  *timeline;
  guint        slide;
  gboolean     blanked;
  GString     *jump;

  gboolean     timer_running;
  gint64       elapsed_ms;      /* up to timer_since */
  gint64       timer_since;     /* when the timer last started */
  gint64      *slide_ms;        /* per slide, up to slide_since */
  gint64       slide_since;
  GHashTable  *targets;         /* borrowed: id → gint64* */
};

G_DEFINE_FINAL_TYPE (AbPresentation, ab_presentation, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define MAX_JUMP_DIGITS 4

static void
changed (AbPresentation *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Time on the current slide since it was entered (or the timer resumed). */
static void
bank_slide_time (AbPresentation *self, gint64 now_ms)
{
  if (self->timer_running && now_ms > self->slide_since)
    self->slide_ms[self->slide] += now_ms - self->slide_since;
  /* A caller's clock that steps back must not count time twice. */
  self->slide_since = MAX (self->slide_since, now_ms);
}

static void
enter (AbPresentation *self, guint slide, guint step, gint64 now_ms)
{
  const AbSlide *s = ab_slide_deck_get_slide (self->deck, slide);

  bank_slide_time (self, now_ms);
  self->slide = slide;
  ab_timeline_pause (self->timeline, now_ms);
  ab_timeline_set_n_steps (self->timeline, s->n_steps);
  ab_timeline_seek (self->timeline, MIN (step, s->n_steps - 1));
}

static gboolean
unblank (AbPresentation *self)
{
  if (!self->blanked)
    return FALSE;
  self->blanked = FALSE;
  changed (self);
  return TRUE;
}

gboolean
ab_presentation_next (AbPresentation *self, gint64 now_ms)
{
  guint n_slides;

  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  if (unblank (self))
    return TRUE;
  n_slides = ab_slide_deck_get_n_slides (self->deck);
  if (ab_timeline_get_step (self->timeline) + 1 < ab_timeline_get_n_steps (self->timeline))
    ab_timeline_step_forward (self->timeline, now_ms);
  else if (self->slide + 1 < n_slides)
    enter (self, self->slide + 1, 0, now_ms);
  else
    return FALSE;
  changed (self);
  return TRUE;
}

gboolean
ab_presentation_previous (AbPresentation *self, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  if (unblank (self))
    return TRUE;
  if (ab_timeline_get_step (self->timeline) > 0)
    ab_timeline_step_back (self->timeline, now_ms);
  else if (self->slide > 0)
    enter (self, self->slide - 1, ab_slide_deck_get_slide (self->deck, self->slide - 1)->n_steps - 1, now_ms);
  else
    return FALSE;
  changed (self);
  return TRUE;
}

gboolean
ab_presentation_go_to (AbPresentation *self, guint slide, guint step, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  if (slide >= ab_slide_deck_get_n_slides (self->deck))
    return FALSE;
  step = MIN (step, ab_slide_deck_get_slide (self->deck, slide)->n_steps - 1);
  if (slide == self->slide && step == ab_timeline_get_step (self->timeline) &&
      !ab_timeline_is_running (self->timeline))
    return FALSE;
  enter (self, slide, step, now_ms);
  changed (self);
  return TRUE;
}

gboolean
ab_presentation_first (AbPresentation *self, gint64 now_ms)
{
  return ab_presentation_go_to (self, 0, 0, now_ms);
}

gboolean
ab_presentation_last (AbPresentation *self, gint64 now_ms)
{
  guint last;

  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  last = ab_slide_deck_get_n_slides (self->deck) - 1;
  return ab_presentation_go_to (self, last, ab_slide_deck_get_slide (self->deck, last)->n_steps - 1, now_ms);
}

gboolean
ab_presentation_get_next_target (AbPresentation *self, guint *slide, guint *step)
{
  guint s = self->slide, k = ab_timeline_get_step (self->timeline);

  if (k + 1 < ab_timeline_get_n_steps (self->timeline))
    k++;
  else if (s + 1 < ab_slide_deck_get_n_slides (self->deck))
    s++, k = 0;
  else
    return FALSE;
  if (slide)
    *slide = s;
  if (step)
    *step = k;
  return TRUE;
}

gboolean
ab_presentation_tick (AbPresentation *self, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  return ab_timeline_tick (self->timeline, now_ms);
}

AbSlideDeck *
ab_presentation_get_deck (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), NULL);
  return self->deck;
}

guint
ab_presentation_get_slide (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), 0);
  return self->slide;
}

guint
ab_presentation_get_step (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), 0);
  return ab_timeline_get_step (self->timeline);
}

guint
ab_presentation_get_n_steps (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), 1);
  return ab_timeline_get_n_steps (self->timeline);
}

double
ab_presentation_get_position (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), 0);
  return ab_timeline_get_position (self->timeline);
}

AbTimeline *
ab_presentation_get_timeline (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), NULL);
  return self->timeline;
}

void
ab_presentation_set_animate (AbPresentation *self, gboolean animate)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  ab_timeline_set_animate (self->timeline, animate);
}

gboolean
ab_presentation_get_blanked (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  return self->blanked;
}

void
ab_presentation_set_blanked (AbPresentation *self, gboolean blanked)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  if (self->blanked == !!blanked)
    return;
  self->blanked = !!blanked;
  changed (self);
}

/* Jumping by number ----------------------------------------------------- */

void
ab_presentation_type_digit (AbPresentation *self, guint digit)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  g_return_if_fail (digit <= 9);
  if (self->jump->len >= MAX_JUMP_DIGITS || (self->jump->len == 0 && digit == 0))
    return;
  g_string_append_c (self->jump, (char) ('0' + digit));
  changed (self);
}

void
ab_presentation_erase_digit (AbPresentation *self)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  if (self->jump->len == 0)
    return;
  g_string_truncate (self->jump, self->jump->len - 1);
  changed (self);
}

const char *
ab_presentation_get_jump_text (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), NULL);
  return self->jump->len > 0 ? self->jump->str : NULL;
}

void
ab_presentation_cancel_jump (AbPresentation *self)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  if (self->jump->len == 0)
    return;
  g_string_truncate (self->jump, 0);
  changed (self);
}

gboolean
ab_presentation_commit_jump (AbPresentation *self, gint64 now_ms)
{
  guint64 number = 0;
  gboolean ok;

  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  ok = self->jump->len > 0 &&
       g_ascii_string_to_unsigned (self->jump->str, 10, 1, ab_slide_deck_get_n_slides (self->deck), &number, NULL);
  g_string_truncate (self->jump, 0);
  if (ok)
    {
      self->blanked = FALSE;
      enter (self, (guint) number - 1, 0, now_ms);
    }
  changed (self);
  return ok;
}

/* The clock -------------------------------------------------------------- */

gint64
ab_presentation_get_elapsed_ms (AbPresentation *self, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), 0);
  return self->elapsed_ms + (self->timer_running ? MAX (now_ms - self->timer_since, 0) : 0);
}

gboolean
ab_presentation_get_timer_running (AbPresentation *self)
{
  g_return_val_if_fail (AB_IS_PRESENTATION (self), FALSE);
  return self->timer_running;
}

void
ab_presentation_set_timer_running (AbPresentation *self, gboolean running, gint64 now_ms)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  if (self->timer_running == !!running)
    return;
  bank_slide_time (self, now_ms);
  if (self->timer_running)
    self->elapsed_ms += MAX (now_ms - self->timer_since, 0);
  self->timer_running = !!running;
  self->timer_since = now_ms;
  changed (self);
}

void
ab_presentation_reset_timer (AbPresentation *self, gint64 now_ms)
{
  guint n = ab_slide_deck_get_n_slides (self->deck);

  g_return_if_fail (AB_IS_PRESENTATION (self));
  self->elapsed_ms = 0;
  self->timer_since = now_ms;
  self->slide_since = now_ms;
  memset (self->slide_ms, 0, n * sizeof *self->slide_ms);
  changed (self);
}

gint64
ab_presentation_get_slide_ms (AbPresentation *self, guint index, gint64 now_ms)
{
  gint64 ms;

  g_return_val_if_fail (AB_IS_PRESENTATION (self), 0);
  g_return_val_if_fail (index < ab_slide_deck_get_n_slides (self->deck), 0);
  ms = self->slide_ms[index];
  if (index == self->slide && self->timer_running)
    ms += MAX (now_ms - self->slide_since, 0);
  return ms;
}

void
ab_presentation_set_targets (AbPresentation *self, GHashTable *targets)
{
  g_return_if_fail (AB_IS_PRESENTATION (self));
  g_clear_pointer (&self->targets, g_hash_table_unref);
  if (targets)
    self->targets = g_hash_table_ref (targets);
  changed (self);
}

gint64
ab_presentation_get_target_ms (AbPresentation *self, guint index)
{
  const gint64 *ms;

  g_return_val_if_fail (AB_IS_PRESENTATION (self), -1);
  if (self->targets == NULL || index >= ab_slide_deck_get_n_slides (self->deck))
    return -1;
  ms = g_hash_table_lookup (self->targets, ab_slide_deck_get_slide (self->deck, index)->id);
  return ms ? *ms : -1;
}

GHashTable *
ab_presentation_dup_times (AbPresentation *self, gint64 now_ms)
{
  GHashTable *times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (AB_IS_PRESENTATION (self), times);
  for (guint i = 0; i < ab_slide_deck_get_n_slides (self->deck); i++)
    {
      gint64 ms = ab_presentation_get_slide_ms (self, i, now_ms);
      if (ms > 0)
        g_hash_table_insert (times, g_strdup (ab_slide_deck_get_slide (self->deck, i)->id),
                             g_memdup2 (&ms, sizeof ms));
    }
  return times;
}

/* GObject ------------------------------------------------------------------ */

static void
timeline_moved (AbPresentation *self)
{
  /* A step reached by playback or a seek: the step shown is new. */
  changed (self);
}

static void
ab_presentation_finalize (GObject *object)
{
  AbPresentation *self = AB_PRESENTATION (object);

  g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_clear_object (&self->timeline);
  ab_slide_deck_free (self->deck);
  g_string_free (self->jump, TRUE);
  g_free (self->slide_ms);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  G_OBJECT_CLASS (ab_presentation_parent_class)->finalize (object);
}

static void
ab_presentation_class_init (AbPresentationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ab_presentation_finalize;

  /* Anything the windows show changed: slide, step, blank, jump, timer. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ab_presentation_init (AbPresentation *self)
{
  self->jump = g_string_new (NULL);
}

AbPresentation *
ab_presentation_new (AbSlideDeck *deck, guint first_slide, gint64 now_ms)
{
  AbPresentation *self;
  guint n;

  g_return_val_if_fail (deck != NULL, NULL);
  n = ab_slide_deck_get_n_slides (deck);
  g_return_val_if_fail (n > 0, NULL);

  self = g_object_new (AB_TYPE_PRESENTATION, NULL);
  self->deck = deck;
  self->slide_ms = g_new0 (gint64, n);
  self->slide = MIN (first_slide, n - 1);
  self->timeline = ab_timeline_new (ab_slide_deck_get_slide (deck, self->slide)->n_steps);
  self->timer_running = TRUE;
  self->timer_since = now_ms;
  self->slide_since = now_ms;
  g_signal_connect_swapped (self->timeline, "notify::step", G_CALLBACK (timeline_moved), self);
  return self;
}

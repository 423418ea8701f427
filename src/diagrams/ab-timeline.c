/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-timeline"

#include "ab-timeline.h"
#include "ab-draw.h"

#include <math.h>

typedef enum
{
  MODE_IDLE,        /* resting at a step */
  MODE_TRANSITION,  /* one transition from `from` to `step` */
  MODE_PLAYING,     /* transitions and holds until the last step */
} Mode;

struct _AbTimeline
{
  GObject  parent_instance;

  guint    n_steps;
  guint    step;
  double   position;
  double   speed;
  gboolean animate;

  Mode     mode;
  gint64   t0;        /* when the schedule started */
  double   from;      /* the position it started from */
  guint    start;     /* the step it started from (playing) */
};

G_DEFINE_FINAL_TYPE (AbTimeline, ab_timeline, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_STEPS,
  PROP_STEP,
  PROP_POSITION,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_ANIMATE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static double
transition_ms (AbTimeline *self)
{
  return AB_STEP_DURATION_MS / self->speed;
}

static double
hold_ms (AbTimeline *self)
{
  return AB_STEP_HOLD_MS / self->speed;
}

/* The one easing of the app: expo-out, or a snap under reduced motion. */
static double
ease (AbTimeline *self, double t)
{
  if (!self->animate)
    return t > 0 ? 1.0 : 0.0;
  return ab_ease_expo_out (t);
}

static void
set_position (AbTimeline *self, double position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
set_step (AbTimeline *self, guint step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
set_mode (AbTimeline *self, Mode mode)
{
  gboolean was_playing = self->mode == MODE_PLAYING;

  self->mode = mode;
  if (was_playing != (mode == MODE_PLAYING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
ab_timeline_position_at (AbTimeline *self, double t_ms)
{
  double u, d, h, period, r;
  guint k, last;

  g_return_val_if_fail (AB_IS_TIMELINE (self), 0);
  last = self->n_steps - 1;
  u = MAX (0.0, t_ms - (double) self->t0);
  d = transition_ms (self);
  h = hold_ms (self);

  switch (self->mode)
    {
    case MODE_TRANSITION:
      return self->from + (self->step - self->from) * ease (self, u / d);
    case MODE_PLAYING:
      period = d + h;
      k = (guint) floor (u / period);
      if (self->start + k >= last)
        return last;
      r = u - k * period;
      if (r >= d)
        return self->start + k + 1;
      /* The first transition leaves from wherever the position was. */
      {
        double a = k == 0 ? self->from : self->start + k;
        return a + (self->start + k + 1 - a) * ease (self, r / d);
      }
    case MODE_IDLE:
    default:
      return self->position;
    }
}

gboolean
ab_timeline_tick (AbTimeline *self, gint64 now_ms)
{
  double u;

  g_return_val_if_fail (AB_IS_TIMELINE (self), FALSE);
  if (self->mode == MODE_IDLE)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  u = (double) (now_ms - self->t0);
  set_position (self, ab_timeline_position_at (self, now_ms));
  if (self->mode == MODE_TRANSITION && u >= transition_ms (self))
    {
      set_position (self, self->step);
      set_mode (self, MODE_IDLE);
    }
  else if (self->mode == MODE_PLAYING)
    {
      double period = transition_ms (self) + hold_ms (self);
      guint k = (guint) floor (MAX (u, 0) / period);
      /* The step is the one being moved to, as a media player's counter. */
      set_step (self, MIN (self->start + k + 1, self->n_steps - 1));
      if (self->position >= self->n_steps - 1)
        set_mode (self, MODE_IDLE);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return ab_timeline_is_running (self);
}

void
ab_timeline_go_to_step (AbTimeline *self, guint step, gint64 now_ms)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  step = MIN (step, self->n_steps - 1);

  g_object_freeze_notify (G_OBJECT (self));
  self->from = self->mode == MODE_IDLE ? self->position : ab_timeline_position_at (self, now_ms);
  self->t0 = now_ms;
  set_step (self, step);
  set_mode (self, self->from == step ? MODE_IDLE : MODE_TRANSITION);
  if (!self->animate)
    {
      /* Reduced motion: at the end state at once. */
      set_position (self, step);
      set_mode (self, MODE_IDLE);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
ab_timeline_step_forward (AbTimeline *self, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), FALSE);
  ab_timeline_pause (self, now_ms);
  if (self->step + 1 >= self->n_steps)
    return FALSE;
  ab_timeline_go_to_step (self, self->step + 1, now_ms);
  return TRUE;
}

gboolean
ab_timeline_step_back (AbTimeline *self, gint64 now_ms)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), FALSE);
  ab_timeline_pause (self, now_ms);
  if (self->step == 0)
    return FALSE;
  ab_timeline_go_to_step (self, self->step - 1, now_ms);
  return TRUE;
}

void
ab_timeline_seek (AbTimeline *self, double position)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  position = CLAMP (position, 0.0, (double) (self->n_steps - 1));

  g_object_freeze_notify (G_OBJECT (self));
  set_mode (self, MODE_IDLE);
  set_position (self, position);
  set_step (self, (guint) lround (position));
  g_object_thaw_notify (G_OBJECT (self));
}

void
ab_timeline_play (AbTimeline *self, gint64 now_ms)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  if (self->mode == MODE_PLAYING || self->n_steps < 2)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  /* Play from the end starts over, as media players do. */
  if (self->step + 1 >= self->n_steps && self->position >= self->n_steps - 1)
    {
      set_position (self, 0);
      set_step (self, 0);
      set_mode (self, MODE_IDLE);
    }
  self->from = self->mode == MODE_IDLE ? self->position : ab_timeline_position_at (self, now_ms);
  self->start = (guint) floor (self->from);
  self->t0 = now_ms;
  set_mode (self, MODE_PLAYING);
  ab_timeline_tick (self, now_ms);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ab_timeline_pause (AbTimeline *self, gint64 now_ms)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  if (self->mode != MODE_PLAYING)
    return;
  /* Finish the transition under way rather than freezing half-way. */
  g_object_freeze_notify (G_OBJECT (self));
  self->from = ab_timeline_position_at (self, now_ms);
  set_position (self, self->from);
  set_mode (self, MODE_IDLE);
  if (self->from != self->step)
    {
      self->mode = MODE_TRANSITION;
      self->t0 = now_ms;
    }
  g_object_thaw_notify (G_OBJECT (self));
}

double
ab_timeline_get_playback_ms (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), 0);
  if (self->n_steps < 2)
    return 0;
  /* Every transition, with a hold after each (the last one ends it). */
  return (self->n_steps - 1) * (transition_ms (self) + hold_ms (self));
}

/* Accessors --------------------------------------------------------------- */

guint
ab_timeline_get_n_steps (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), 1);
  return self->n_steps;
}

void
ab_timeline_set_n_steps (AbTimeline *self, guint n_steps)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  n_steps = MAX (n_steps, 1);
  if (self->n_steps == n_steps)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->n_steps = n_steps;
  if (self->step >= n_steps || self->position > n_steps - 1)
    {
      set_mode (self, MODE_IDLE);
      set_step (self, MIN (self->step, n_steps - 1));
      set_position (self, MIN (self->position, (double) (n_steps - 1)));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STEPS]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
ab_timeline_get_step (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), 0);
  return self->step;
}

double
ab_timeline_get_position (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), 0);
  return self->position;
}

gboolean
ab_timeline_get_playing (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), FALSE);
  return self->mode == MODE_PLAYING;
}

gboolean
ab_timeline_is_running (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), FALSE);
  return self->mode != MODE_IDLE;
}

double
ab_timeline_get_speed (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), 1);
  return self->speed;
}

void
ab_timeline_set_speed (AbTimeline *self, double speed)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  speed = CLAMP (speed, 0.1, 10.0);
  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
ab_timeline_get_animate (AbTimeline *self)
{
  g_return_val_if_fail (AB_IS_TIMELINE (self), TRUE);
  return self->animate;
}

void
ab_timeline_set_animate (AbTimeline *self, gboolean animate)
{
  g_return_if_fail (AB_IS_TIMELINE (self));
  animate = !!animate;
  if (self->animate == animate)
    return;
  self->animate = animate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANIMATE]);
}

static void
ab_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AbTimeline *self = AB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_N_STEPS:
      g_value_set_uint (value, self->n_steps);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, ab_timeline_get_playing (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_ANIMATE:
      g_value_set_boolean (value, self->animate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_timeline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AbTimeline *self = AB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_N_STEPS:
      ab_timeline_set_n_steps (self, g_value_get_uint (value));
      break;
    case PROP_SPEED:
      ab_timeline_set_speed (self, g_value_get_double (value));
      break;
    case PROP_ANIMATE:
      ab_timeline_set_animate (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ab_timeline_class_init (AbTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ab_timeline_get_property;
  object_class->set_property = ab_timeline_set_property;

  properties[PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.1, 10.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANIMATE] =
    g_param_spec_boolean ("animate", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ab_timeline_init (AbTimeline *self)
{
  self->n_steps = 1;
  self->speed = 1.0;
  self->animate = TRUE;
}

AbTimeline *
ab_timeline_new (guint n_steps)
{
  return g_object_new (AB_TYPE_TIMELINE, "n-steps", MAX (n_steps, 1), NULL);
}

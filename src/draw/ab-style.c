/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-style"

#include "ab-style.h"

#include <math.h>
#include <string.h>
#include <pango/pango.h>

static const char *const layout_names[AB_N_LAYOUTS] = { "wide", "narrow", "presenter" };

/* Frames in units. The narrow frame is 9:16 and 720 units wide, so a
 * phone-width player (390 px) still shows a 17-unit label at 9 px. */
static const double frame_sizes[AB_N_LAYOUTS][2] = {
  { 1600, 900 }, { 720, 1280 }, { 1600, 900 },
};

/* Text tokens, per layout. The presenter's are about 1.3× the wide ones:
 * a room reads a projected frame from farther away than a reader a screen. */
static const AbTextToken tokens[AB_N_LAYOUTS][AB_N_TEXT_STYLES] = {
  [AB_LAYOUT_WIDE] = {
    [AB_TEXT_TITLE] = { 34, AB_FONT_SANS_BOLD },
    [AB_TEXT_CAPTION] = { 22, AB_FONT_SANS },
    [AB_TEXT_HEADING] = { 22, AB_FONT_SANS_BOLD },
    [AB_TEXT_BODY] = { 20, AB_FONT_SANS },
    [AB_TEXT_BODY_STRONG] = { 20, AB_FONT_SANS_BOLD },
    [AB_TEXT_LABEL] = { 18, AB_FONT_SANS },
    [AB_TEXT_SMALL] = { 15, AB_FONT_SANS },
    [AB_TEXT_VALUE] = { 16, AB_FONT_MONO },
    [AB_TEXT_VALUE_SMALL] = { 13, AB_FONT_MONO },
    [AB_TEXT_SYMBOL] = { 20, AB_FONT_SERIF_ITALIC },
    [AB_TEXT_MATH] = { 28, AB_FONT_SANS },
    [AB_TEXT_MATH_SMALL] = { 22, AB_FONT_SANS },
  },
  [AB_LAYOUT_NARROW] = {
    [AB_TEXT_TITLE] = { 30, AB_FONT_SANS_BOLD },
    [AB_TEXT_CAPTION] = { 21, AB_FONT_SANS },
    [AB_TEXT_HEADING] = { 21, AB_FONT_SANS_BOLD },
    [AB_TEXT_BODY] = { 19, AB_FONT_SANS },
    [AB_TEXT_BODY_STRONG] = { 19, AB_FONT_SANS_BOLD },
    [AB_TEXT_LABEL] = { 17, AB_FONT_SANS },
    [AB_TEXT_SMALL] = { 15, AB_FONT_SANS },
    [AB_TEXT_VALUE] = { 15, AB_FONT_MONO },
    [AB_TEXT_VALUE_SMALL] = { 13, AB_FONT_MONO },
    [AB_TEXT_SYMBOL] = { 19, AB_FONT_SERIF_ITALIC },
    [AB_TEXT_MATH] = { 24, AB_FONT_SANS },
    [AB_TEXT_MATH_SMALL] = { 20, AB_FONT_SANS },
  },
  [AB_LAYOUT_PRESENTER] = {
    [AB_TEXT_TITLE] = { 40, AB_FONT_SANS_BOLD },
    [AB_TEXT_CAPTION] = { 30, AB_FONT_SANS },
    [AB_TEXT_HEADING] = { 27, AB_FONT_SANS_BOLD },
    [AB_TEXT_BODY] = { 25, AB_FONT_SANS },
    [AB_TEXT_BODY_STRONG] = { 25, AB_FONT_SANS_BOLD },
    [AB_TEXT_LABEL] = { 22, AB_FONT_SANS },
    [AB_TEXT_SMALL] = { 18, AB_FONT_SANS },
    [AB_TEXT_VALUE] = { 20, AB_FONT_MONO },
    [AB_TEXT_VALUE_SMALL] = { 16, AB_FONT_MONO },
    [AB_TEXT_SYMBOL] = { 25, AB_FONT_SERIF_ITALIC },
    [AB_TEXT_MATH] = { 34, AB_FONT_SANS },
    [AB_TEXT_MATH_SMALL] = { 27, AB_FONT_SANS },
  },
};

static const double margins[AB_N_LAYOUTS] = { 40, 28, 40 };
static const double gaps[AB_N_LAYOUTS] = { 30, 22, 30 };

const char *
ab_layout_kind_to_string (AbLayoutKind kind)
{
  g_return_val_if_fail (kind < AB_N_LAYOUTS, NULL);
  return layout_names[kind];
}

gboolean
ab_layout_kind_from_string (const char *text, AbLayoutKind *kind)
{
  for (guint i = 0; i < AB_N_LAYOUTS; i++)
    if (g_strcmp0 (text, layout_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

void
ab_layout_frame_size (AbLayoutKind kind, double *width, double *height)
{
  g_return_if_fail (kind < AB_N_LAYOUTS);
  *width = frame_sizes[kind][0];
  *height = frame_sizes[kind][1];
}

AbLayoutKind
ab_layout_for_width (double width_px)
{
  /* DESIGN.md: below 640 px the panels stack. */
  return width_px < 640 ? AB_LAYOUT_NARROW : AB_LAYOUT_WIDE;
}

/* Style on the cairo_t --------------------------------------------------- */

static const cairo_user_data_key_t style_key;
static const cairo_user_data_key_t recorder_key;

void
ab_style_attach (cairo_t *cr, AbLayoutKind kind)
{
  g_return_if_fail (kind < AB_N_LAYOUTS);
  /* Stored as kind + 1 so "no style" (NULL) stays distinguishable. */
  cairo_set_user_data (cr, &style_key, GUINT_TO_POINTER (kind + 1), NULL);
}

AbLayoutKind
ab_style_get_layout (cairo_t *cr)
{
  guint v = GPOINTER_TO_UINT (cairo_get_user_data (cr, &style_key));
  return v == 0 ? AB_LAYOUT_WIDE : (AbLayoutKind) (v - 1);
}

AbTextToken
ab_style_token (cairo_t *cr, AbTextStyle style)
{
  g_return_val_if_fail (style < AB_N_TEXT_STYLES, tokens[0][AB_TEXT_BODY]);
  return tokens[ab_style_get_layout (cr)][style];
}

double
ab_style_size (cairo_t *cr, AbTextStyle style)
{
  return ab_style_token (cr, style).size;
}

double
ab_style_margin (cairo_t *cr)
{
  return margins[ab_style_get_layout (cr)];
}

double
ab_style_gap (cairo_t *cr)
{
  return gaps[ab_style_get_layout (cr)];
}

/* Ink recorder ------------------------------------------------------------ */

struct _AbInkRecorder
{
  GArray *inks;   /* AbInk */
};

static void
ink_clear (AbInk *ink)
{
  g_free (ink->text);
}

AbInkRecorder *
ab_ink_recorder_new (void)
{
  AbInkRecorder *recorder = g_new0 (AbInkRecorder, 1);

  recorder->inks = g_array_new (FALSE, TRUE, sizeof (AbInk));
  g_array_set_clear_func (recorder->inks, (GDestroyNotify) ink_clear);
  return recorder;
}

void
ab_ink_recorder_free (AbInkRecorder *recorder)
{
  if (recorder == NULL)
    return;
  g_array_unref (recorder->inks);
  g_free (recorder);
}

void
ab_ink_recorder_attach (AbInkRecorder *recorder, cairo_t *cr)
{
  cairo_set_user_data (cr, &recorder_key, recorder, NULL);
}

guint
ab_ink_recorder_get_n (AbInkRecorder *recorder)
{
  return recorder->inks->len;
}

const AbInk *
ab_ink_recorder_get (AbInkRecorder *recorder, guint index)
{
  g_return_val_if_fail (index < recorder->inks->len, NULL);
  return &g_array_index (recorder->inks, AbInk, index);
}

/* The device-space bounding box of a user-space rectangle (handles the
 * rotated column labels too). */
static AbRect
to_device (cairo_t *cr, AbRect r)
{
  double xs[4] = { r.x, r.x + r.w, r.x, r.x + r.w };
  double ys[4] = { r.y, r.y, r.y + r.h, r.y + r.h };
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  for (int i = 0; i < 4; i++)
    {
      cairo_user_to_device (cr, &xs[i], &ys[i]);
      x0 = MIN (x0, xs[i]);
      y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]);
      y1 = MAX (y1, ys[i]);
    }
  return (AbRect) { x0, y0, x1 - x0, y1 - y0 };
}

void
ab_ink_record (cairo_t *cr, AbInkKind kind, AbRect box, gboolean overflows, const char *text)
{
  AbInkRecorder *recorder = cairo_get_user_data (cr, &recorder_key);
  AbInk ink = { kind };
  double x0, y0, x1, y1;

  if (recorder == NULL)
    return;
  ink.box = to_device (cr, box);
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  ink.clip = to_device (cr, (AbRect) { x0, y0, x1 - x0, y1 - y0 });
  ink.overflows = overflows;
  ink.text = g_strdup (text);
  g_array_append_val (recorder->inks, ink);
}

/* Half a unit of slack: antialiasing and rounding are not overlap. */
#define SLACK 0.5

static gboolean
inside (AbRect inner, AbRect outer)
{
  return inner.x >= outer.x - SLACK && inner.y >= outer.y - SLACK &&
         inner.x + inner.w <= outer.x + outer.w + SLACK &&
         inner.y + inner.h <= outer.y + outer.h + SLACK;
}

static gboolean
overlap (AbRect a, AbRect b)
{
  return a.x + SLACK < b.x + b.w - SLACK && b.x + SLACK < a.x + a.w - SLACK &&
         a.y + SLACK < b.y + b.h - SLACK && b.y + SLACK < a.y + a.h - SLACK;
}

static gboolean
contains_point (AbRect r, double x, double y)
{
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

static char *
short_text (const char *markup)
{
  g_autofree char *plain = NULL;

  if (markup == NULL)
    return g_strdup ("");
  if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL))
    plain = g_strdup (markup);
  if (g_utf8_strlen (plain, -1) > 40)
    {
      char *cut = g_utf8_offset_to_pointer (plain, 40);
      *cut = '\0';
      return g_strconcat (plain, "…", NULL);
    }
  return g_steal_pointer (&plain);
}

char *
ab_ink_recorder_check (AbInkRecorder *recorder, AbRect frame)
{
  GString *problems = g_string_new (NULL);
  GArray *inks = recorder->inks;

  for (guint i = 0; i < inks->len; i++)
    {
      const AbInk *a = &g_array_index (inks, AbInk, i);
      const AbInk *panel = NULL;
      g_autofree char *ta = NULL;

      if (a->kind != AB_INK_TEXT || a->box.w <= 0 || a->box.h <= 0)
        continue;
      ta = short_text (a->text);

      if (!inside (a->box, frame))
        g_string_append_printf (problems, "“%s” leaves the canvas\n", ta);
      if (!inside (a->box, a->clip))
        g_string_append_printf (problems, "“%s” is clipped\n", ta);
      if (a->overflows)
        g_string_append_printf (problems, "“%s” is wider than its space\n", ta);

      /* The innermost panel holding the text's top-left corner must hold it all. */
      for (guint j = 0; j < inks->len; j++)
        {
          const AbInk *p = &g_array_index (inks, AbInk, j);
          if (p->kind == AB_INK_PANEL && contains_point (p->box, a->box.x + 1, a->box.y + 1) &&
              (panel == NULL || p->box.w * p->box.h < panel->box.w * panel->box.h))
            panel = p;
        }
      if (panel && !inside (a->box, panel->box))
        g_string_append_printf (problems, "“%s” leaves its panel\n", ta);

      for (guint j = i + 1; j < inks->len; j++)
        {
          const AbInk *b = &g_array_index (inks, AbInk, j);
          if (b->kind == AB_INK_TEXT && overlap (a->box, b->box))
            {
              g_autofree char *tb = short_text (b->text);
              g_string_append_printf (problems, "“%s” overlaps “%s”\n", ta, tb);
            }
        }
    }
  if (problems->len == 0)
    {
      g_string_free (problems, TRUE);
      return NULL;
    }
  return g_string_free (problems, FALSE);
}

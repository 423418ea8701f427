/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ab-draw"

#include "ab-draw.h"
#include "ab-math.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#define HEX(h) { ((h) >> 16 & 0xff) / 255.0, ((h) >> 8 & 0xff) / 255.0, ((h) & 0xff) / 255.0 }

const AbRgb AB_BG       = HEX (0x0a0a0a);
const AbRgb AB_PANEL    = HEX (0x141414);
const AbRgb AB_BORDER   = HEX (0x2a2a2a);
const AbRgb AB_HBM      = HEX (0xef4444);
const AbRgb AB_SRAM     = HEX (0x10b981);
const AbRgb AB_ACTIVE   = HEX (0x3b82f6);
const AbRgb AB_MUTED    = HEX (0x6b7280);
const AbRgb AB_TEXT     = HEX (0xe5e7eb);
const AbRgb AB_TEXT_DIM = HEX (0x9ca3af);
const AbRgb AB_HEADS[4] = { HEX (0xf59e0b), HEX (0x8b5cf6), HEX (0xec4899), HEX (0x06b6d4) };

AbRgb
ab_color (AbColor token)
{
  const AbRgb *palette[AB_N_COLORS] = {
    &AB_BG, &AB_PANEL, &AB_BORDER, &AB_HBM, &AB_SRAM, &AB_ACTIVE, &AB_MUTED, &AB_TEXT,
    &AB_TEXT_DIM, &AB_HEADS[0], &AB_HEADS[1], &AB_HEADS[2], &AB_HEADS[3],
  };
  g_return_val_if_fail (token < AB_N_COLORS, AB_TEXT);
  return *palette[token];
}

double
ab_clamp01 (double t)
{
  return t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
}

double
ab_ease_expo_out (double t)
{
  t = ab_clamp01 (t);
  return t >= 1.0 ? 1.0 : 1.0 - pow (2.0, -10.0 * t);
}

double
ab_tween (double position, double a, double b)
{
  if (b <= a)
    return position >= b ? 1.0 : 0.0;
  return ab_clamp01 ((position - a) / (b - a));
}

AbRgb
ab_rgb_hex (guint32 hex)
{
  AbRgb c = HEX (hex);
  return c;
}

AbRgb
ab_rgb_mix (AbRgb a, AbRgb b, double t)
{
  t = ab_clamp01 (t);
  return (AbRgb) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

/* The fade lives on the context as user data, so every colour set through
 * ab_set_rgb(a) while it is on — by the diagram or by a shared component —
 * carries it without being told. */
static const cairo_user_data_key_t fade_key;

double
ab_fade_get (cairo_t *cr)
{
  double *fade = cairo_get_user_data (cr, &fade_key);
  return fade != NULL ? *fade : 1;
}

static void
set_fade (cairo_t *cr, double value)
{
  double *fade;

  if (value >= 1)
    {
      cairo_set_user_data (cr, &fade_key, NULL, NULL);
      return;
    }
  fade = g_new (double, 1);
  *fade = MAX (value, 0);
  if (cairo_set_user_data (cr, &fade_key, fade, g_free) != CAIRO_STATUS_SUCCESS)
    g_free (fade);
}

double
ab_fade_begin (cairo_t *cr, double alpha)
{
  double before = ab_fade_get (cr);

  set_fade (cr, before * ab_clamp01 (alpha));
  return before;
}

void
ab_fade_end (cairo_t *cr, double before)
{
  set_fade (cr, before);
}

void
ab_set_rgb (cairo_t *cr, AbRgb c)
{
  ab_set_rgba (cr, c, 1);
}

void
ab_set_rgba (cairo_t *cr, AbRgb c, double alpha)
{
  double fade = ab_fade_get (cr);

  if (fade >= 1 && alpha >= 1)
    cairo_set_source_rgb (cr, c.r, c.g, c.b);
  else
    cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha * fade);
}

AbRgb
ab_color_sequential (double w)
{
  static const AbRgb white = { 0.94, 0.96, 1.0 };
  w = ab_clamp01 (w);
  /* Perceptually a square-root ramp reads better: small weights stay visible. */
  double t = sqrt (w);
  if (t < 0.75)
    return ab_rgb_mix (AB_PANEL, AB_ACTIVE, t / 0.75);
  return ab_rgb_mix (AB_ACTIVE, white, (t - 0.75) / 0.25);
}


AbRgb
ab_color_diverging (double x, double scale)
{
  /* A floor of 15 %: a small value still shows its sign. */
  double t = ab_clamp01 (fabs (x) / (scale > 0 ? scale : 1.0));
  return ab_rgb_mix (AB_PANEL, x < 0 ? AB_HBM : AB_ACTIVE, x == 0 ? 0 : 0.15 + 0.85 * t);
}

/* Text ---------------------------------------------------------------- */

/* One Pango context per transformation and one description per font for
 * all text: making a context per label costs more than drawing the label.
 *
 * Pango lays text out for the cairo_t's matrix (without its translation)
 * and the target's font options, and re-lays every layout of a context
 * whose matrix changed. A heat map's column labels are drawn rotated a
 * quarter turn between level labels, so one shared context changed twice
 * per label and each cached layout was shaped again on every frame. Each
 * transformation in use (level, rotated, an export's pixel scale) gets its
 * own context instead, and layouts are cached per context (see make_layout). */
#define CONTEXT_MAX 8

typedef struct
{
  PangoContext  *context;
  double         xx, yx, xy, yy;
  unsigned long  options_hash;
  guint          id;        /* part of the layout cache's key */
} ContextSlot;

static PangoContext *
new_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Exports must not depend on the screen's DPI: one font unit = one frame unit. */
  pango_cairo_context_set_resolution (context, 72.0);
  /* Nor on the scale a frame is drawn at: unhinted metrics and unrounded
   * glyph positions make text measure the same at 390 px as at 1600, so
   * a layout fits (and the layout test passes) at every size. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

/* The context for this cairo_t's transformation and target; *id names it. */
static PangoContext *
shared_context (cairo_t *cr, guint *id)
{
  static ContextSlot slots[CONTEXT_MAX];
  static guint next_id = 1, next_victim;
  cairo_matrix_t m;
  cairo_font_options_t *options = cairo_font_options_create ();
  unsigned long hash;
  ContextSlot *slot = NULL;

  cairo_get_matrix (cr, &m);
  cairo_surface_get_font_options (cairo_get_target (cr), options);
  hash = cairo_font_options_hash (options);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < CONTEXT_MAX && slot == NULL; i++)
    if (slots[i].context && slots[i].xx == m.xx && slots[i].yx == m.yx
        && slots[i].xy == m.xy && slots[i].yy == m.yy && slots[i].options_hash == hash)
      slot = &slots[i];
  if (slot == NULL)
    {
      /* Layouts made for an evicted context keep it alive until the layout
       * cache is next emptied; their keys name its id, so none is reused. */
      slot = &slots[next_victim];
      next_victim = (next_victim + 1) % CONTEXT_MAX;
      g_clear_object (&slot->context);
      *slot = (ContextSlot) { new_context (), m.xx, m.yx, m.xy, m.yy, hash, next_id++ };
      /* Only here: pango_cairo_update_context marks the context changed on
       * every call (it always sets the matrix), which would make every
       * layout be shaped again. A matched slot already has this matrix and
       * these options (the context's own options are set explicitly, so
       * the cairo_t's are not merged in). */
      pango_cairo_update_context (cr, slot->context);
    }
  if (id)
    *id = slot->id;
  return slot->context;
}

/* DejaVu first (a dependency: fonts-dejavu-core), the generic family only
 * when it is missing: the layouts are fitted to and tested with DejaVu's
 * metrics, and "Monospace" or "Sans" resolve to whatever else a machine
 * has installed (Noto Sans Mono, say), which overflowed panels. */
const PangoFontDescription *
ab_font_description (AbFont font)
{
  static PangoFontDescription *descs[AB_FONT_SERIF_ITALIC + 1];
  static const char *const names[] = {
    "DejaVu Sans, Sans", "DejaVu Sans, Sans Bold", "DejaVu Sans Mono, Monospace",
    "DejaVu Serif, Serif Italic",
  };

  if (descs[font] == NULL)
    descs[font] = pango_font_description_from_string (names[font]);
  return descs[font];
}

static PangoLayout *
new_layout (PangoContext *context, const char *markup, double size, AbFont font,
            double max_width, AbAlign align)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_copy_static (ab_font_description (font));

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  pango_layout_set_markup (layout, markup, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      /* Whole words only: a word too long for the line overflows, and the
       * layout test reports it, instead of being chopped mid-word. */
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_alignment (layout, align == AB_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                          : align == AB_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                          : PANGO_ALIGN_LEFT);
    }
  return layout;
}

/* Diagrams draw the same labels every frame (60 of them at 60 Hz): shaping
 * them once and keeping the layouts saves most of a frame. A layout belongs
 * to the context of one transformation (shared_context), which it names in
 * its key, so a cached layout is laid out for the matrix it is drawn with. */
#define LAYOUT_CACHE_MAX 4096

static PangoLayout *
make_layout (cairo_t *cr, const char *markup, double size, AbFont font, double max_width,
             AbAlign align)
{
  static GHashTable *cache;
  g_autofree char *key = NULL;
  PangoLayout *layout;
  PangoContext *context;
  guint context_id;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  context = shared_context (cr, &context_id);
  key = g_strdup_printf ("%u|%d|%.4f|%.4f|%d|%s", context_id, font, size,
                         max_width > 0 ? max_width : 0, max_width > 0 ? (int) align : 0, markup);
  layout = g_hash_table_lookup (cache, key);
  if (layout == NULL)
    {
      if (g_hash_table_size (cache) >= LAYOUT_CACHE_MAX)
        g_hash_table_remove_all (cache);
      layout = new_layout (context, markup, size, font, max_width, align);
      g_hash_table_insert (cache, g_steal_pointer (&key), layout);
    }
  return g_object_ref (layout);
}

void
ab_measure_text (cairo_t *cr, const char *markup, double size, AbFont font,
                 double max_width, double *width, double *height)
{
  if (!(size > 0) || !isfinite (size))
    {
      if (width)
        *width = 0;
      if (height)
        *height = 0;
      return;
    }

  PangoLayout *layout = make_layout (cr, markup, size, font, max_width, AB_ALIGN_LEFT);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
  g_object_unref (layout);
}

double
ab_draw_text (cairo_t *cr, const char *markup, double x, double y,
              double size, AbFont font, AbRgb color, AbAlign align, double max_width)
{
  /* A size computed from a rectangle with no room left draws nothing. */
  if (!(size > 0) || !isfinite (size))
    return 0;

  PangoLayout *layout = make_layout (cr, markup, size, font, max_width, align);
  PangoRectangle ink, logical;
  double w, h, left;

  pango_layout_get_extents (layout, &ink, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;

  if (max_width > 0)
    {
      if (align == AB_ALIGN_CENTER)
        x -= max_width / 2;
      else if (align == AB_ALIGN_RIGHT)
        x -= max_width;
    }
  else if (align == AB_ALIGN_CENTER)
    x -= w / 2;
  else if (align == AB_ALIGN_RIGHT)
    x -= w;

  /* What the eye sees is the ink; a word longer than the line overflows it. */
  left = (double) MIN (ink.x, logical.x) / PANGO_SCALE;
  ab_ink_record (cr, AB_INK_TEXT,
                 (AbRect) { x + (double) ink.x / PANGO_SCALE, y + (double) ink.y / PANGO_SCALE,
                            (double) ink.width / PANGO_SCALE, (double) ink.height / PANGO_SCALE },
                 max_width > 0 && (double) (ink.x + ink.width) / PANGO_SCALE - MIN (left, 0) > max_width + 1,
                 markup);

  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  /* The path is not part of the saved state: leave no current point behind
   * for the next shape to join. */
  cairo_new_path (cr);
  cairo_restore (cr);
  g_object_unref (layout);
  return h;
}

double
ab_text (cairo_t *cr, AbTextStyle style, const char *markup, double x, double y,
         AbRgb color, AbAlign align, double max_width)
{
  AbTextToken token = ab_style_token (cr, style);
  return ab_draw_text (cr, markup, x, y, token.size, token.font, color, align, max_width);
}

double
ab_text_max_width (cairo_t *cr, AbTextStyle style, const char * const *texts, guint n,
                   gboolean escape)
{
  double best = 0, w;

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *esc = escape ? g_markup_escape_text (texts[k], -1) : NULL;
      ab_text_measure (cr, style, escape ? esc : texts[k], -1, &w, NULL);
      best = MAX (best, w);
    }
  return best;
}

void
ab_text_measure (cairo_t *cr, AbTextStyle style, const char *markup, double max_width,
                 double *width, double *height)
{
  AbTextToken token = ab_style_token (cr, style);
  ab_measure_text (cr, markup, token.size, token.font, max_width, width, height);
}

/* Typesetting is pure (TeX and size in, boxes out), so a frame reuses the
 * last frame's formulas; a new reference each call. */
static AbMath *
typeset (const char *tex, double size)
{
  static GHashTable *cache;
  g_autofree char *key = g_strdup_printf ("%.4f|%s", size, tex);
  AbMath *math;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ab_math_free);
  math = g_hash_table_lookup (cache, key);
  if (math == NULL)
    {
      if (g_hash_table_size (cache) >= 1024)
        g_hash_table_remove_all (cache);
      math = ab_math_new_or_error_box (tex, FALSE, size, NULL);
      if (math == NULL)   /* only when the font itself is missing */
        return NULL;
      g_hash_table_insert (cache, g_steal_pointer (&key), math);
    }
  return ab_math_ref (math);
}

/* Without the math font a formula is its TeX source in monospace, set on the
 * same baseline, so the frame still says what it means. */
static double
draw_tex_source (cairo_t *cr, const char *tex, double x, double baseline, double size, AbRgb color)
{
  g_autofree char *esc = g_markup_escape_text (tex, -1);
  double width = 0, height = 0;

  ab_measure_text (cr, esc, size * 0.8, AB_FONT_MONO, -1, &width, &height);
  ab_draw_text (cr, esc, x, baseline - height * 0.8, size * 0.8, AB_FONT_MONO, color, AB_ALIGN_LEFT, -1);
  return width;
}

double
ab_draw_math (cairo_t *cr, const char *tex, double x, double baseline, double size, AbRgb color)
{
  g_autoptr (AbMath) math = typeset (tex, size);
  double width = 0, ascent = 0, descent = 0;

  if (math == NULL)   /* only when the font itself is missing */
    return draw_tex_source (cr, tex, x, baseline, size, color);
  ab_math_get_extents (math, &width, &ascent, &descent);
  ab_ink_record (cr, AB_INK_TEXT, (AbRect) { x, baseline - ascent, width, ascent + descent },
                 FALSE, tex);
  ab_math_draw (math, cr, x, baseline, color.r, color.g, color.b, ab_fade_get (cr));
  return width;
}

double
ab_math (cairo_t *cr, AbTextStyle style, const char *tex, double x, double baseline, AbRgb color)
{
  return ab_draw_math (cr, tex, x, baseline, ab_style_size (cr, style), color);
}

void
ab_math_measure (cairo_t *cr, AbTextStyle style, const char *tex,
                 double *width, double *ascent, double *descent)
{
  g_autoptr (AbMath) math = typeset (tex, ab_style_size (cr, style));
  double w = 0, a = 0, d = 0;

  if (math)
    ab_math_get_extents (math, &w, &a, &d);
  else   /* the math font is missing: the TeX source's box (draw_tex_source) */
    {
      g_autofree char *esc = g_markup_escape_text (tex, -1);
      double h = 0;

      ab_measure_text (cr, esc, ab_style_size (cr, style) * 0.8, AB_FONT_MONO, -1, &w, &h);
      a = h * 0.8;
      d = h * 0.2;
    }
  if (width)
    *width = w;
  if (ascent)
    *ascent = a;
  if (descent)
    *descent = d;
}

/* Shapes -------------------------------------------------------------- */

void
ab_rounded_rect (cairo_t *cr, AbRect r, double radius)
{
  radius = MIN (radius, MIN (r.w, r.h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, r.x + r.w - radius, r.y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, r.x + r.w - radius, r.y + r.h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, r.x + radius, r.y + r.h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, r.x + radius, r.y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
ab_draw_panel (cairo_t *cr, AbRect r, const char *title)
{
  cairo_save (cr);
  ab_rounded_rect (cr, r, 12);
  ab_set_rgb (cr, AB_PANEL);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_ink_record (cr, AB_INK_PANEL, r, FALSE, title);
  if (title)
    ab_text (cr, AB_TEXT_HEADING, title, r.x + 20, r.y + 14, AB_TEXT, AB_ALIGN_LEFT, r.w - 40);
}

/* Legend -------------------------------------------------------------- */

static void
draw_swatch (cairo_t *cr, const AbLegendEntry *e, double sx, double sy, double swatch)
{
  switch (e->swatch)
    {
    case AB_SWATCH_LINE:
      ab_set_rgb (cr, e->color);
      cairo_set_line_width (cr, 4);
      cairo_move_to (cr, sx, sy + swatch / 2);
      cairo_line_to (cr, sx + swatch, sy + swatch / 2);
      cairo_stroke (cr);
      break;
    case AB_SWATCH_DOT:
      ab_set_rgb (cr, e->color);
      cairo_arc (cr, sx + swatch / 2, sy + swatch / 2, swatch / 3, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case AB_SWATCH_GRADIENT:
      for (int k = 0; k < 11; k++)
        {
          ab_set_rgb (cr, ab_color_sequential (k / 10.0));
          cairo_rectangle (cr, sx + k * swatch / 11.0, sy, swatch / 11.0 + 0.5, swatch);
          cairo_fill (cr);
        }
      break;
    case AB_SWATCH_BOX:
    default:
      ab_rounded_rect (cr, (AbRect) { sx, sy, swatch, swatch }, 4);
      ab_set_rgb (cr, e->color);
      cairo_fill (cr);
      break;
    }
}

/* Legend metrics follow the label token so they grow with the presenter's type. */
typedef struct { double size, swatch, pad, row; } LegendMetrics;

static LegendMetrics
legend_metrics (cairo_t *cr)
{
  double size = ab_style_size (cr, AB_TEXT_LABEL);
  return (LegendMetrics) { size, size * 1.2, size * 0.75, size * 1.65 };
}

/* Columns of equal width: as many as fit, each entry wrapping inside its own. */
static guint
legend_columns (cairo_t *cr, double width, const AbLegendEntry *entries, guint n,
                const LegendMetrics *m, double *col_w)
{
  double widest = 0, w;
  guint cols;

  for (guint i = 0; i < n; i++)
    {
      ab_text_measure (cr, AB_TEXT_LABEL, entries[i].label, -1, &w, NULL);
      widest = MAX (widest, w + m->swatch + m->pad + m->pad * 2.5);
    }
  cols = CLAMP ((guint) (width / MAX (widest, 1)), 1, MAX (n, 1));
  *col_w = width / cols;
  return cols;
}

static double
legend_flow (cairo_t *cr, double x, double y, double width,
             const AbLegendEntry *entries, guint n, gboolean draw)
{
  LegendMetrics m = legend_metrics (cr);
  double col_w, row_y = y, row_h = 0;
  guint cols;

  if (n == 0)
    return 0;
  cols = legend_columns (cr, width, entries, n, &m, &col_w);
  for (guint i = 0; i < n; i++)
    {
      guint c = i % cols;
      double sx = x + c * col_w, text_w = col_w - m.swatch - m.pad * 3.5, h;

      if (c == 0 && i > 0)
        {
          row_y += row_h + m.pad * 0.5;
          row_h = 0;
        }
      if (draw)
        {
          cairo_save (cr);
          draw_swatch (cr, &entries[i], sx, row_y + (m.row - m.swatch) / 2 - m.size * 0.2, m.swatch);
          cairo_restore (cr);
          h = ab_text (cr, AB_TEXT_LABEL, entries[i].label, sx + m.swatch + m.pad, row_y,
                       AB_TEXT, AB_ALIGN_LEFT, text_w);
        }
      else
        ab_text_measure (cr, AB_TEXT_LABEL, entries[i].label, text_w, NULL, &h);
      row_h = MAX (row_h, MAX (h, m.swatch));
    }
  return row_y + row_h - y;
}

double
ab_legend_flow_height (cairo_t *cr, double width, const AbLegendEntry *entries, guint n_entries)
{
  return legend_flow (cr, 0, 0, width, entries, n_entries, FALSE);
}

double
ab_draw_legend_flow (cairo_t *cr, double x, double y, double width,
                     const AbLegendEntry *entries, guint n_entries)
{
  return legend_flow (cr, x, y, width, entries, n_entries, TRUE);
}

/* Hatching -------------------------------------------------------------- */

/* Diagonal lines x + y = r.x + r.y + k·spacing, one unit wide, over r.
 * They are one fill with a repeating linear gradient across the lines, not
 * stroked segments: stroking a few hundred antialiased diagonals took most
 * of a frame (5 of paged-attention-blocks' 8 ms at 1920×1080), a gradient
 * fill is one pass. Each line's edges ramp over one device pixel, as
 * antialiasing would; a line thinner than a pixel is fainter instead. */
void
ab_draw_hatch_lines (cairo_t *cr, AbRect r, AbRgb color, double alpha, double spacing)
{
  if (!(r.w > 0 && r.h > 0 && spacing > 0))
    return;

  double dx = 1, dy = 0;
  cairo_user_to_device_distance (cr, &dx, &dy);
  double pixel = 1 / MAX (hypot (dx, dy), 1e-9);   /* a device pixel, in user units */
  double period = spacing / G_SQRT2;                /* between lines, perpendicular */
  double half = 0.5 / period;                       /* half a line, as a fraction of a period */
  double ramp = 0.5 * pixel / period;
  double c0 = r.x + r.y;

  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  if (half + ramp >= 0.5)
    {
      /* lines closer than a pixel or two: their average */
      ab_set_rgba (cr, color, alpha * MIN (1.0, 2 * half));
      cairo_fill (cr);
      cairo_restore (cr);
      return;
    }

  /* t = (x + y − c0) / spacing: 0 on a line, 1 on the next */
  cairo_pattern_t *lines = cairo_pattern_create_linear (c0 / 2, c0 / 2,
                                                        c0 / 2 + spacing / 2, c0 / 2 + spacing / 2);
  double peak = alpha * MIN (1.0, half / ramp), core = MAX (half - ramp, 0.0);
  cairo_pattern_add_color_stop_rgba (lines, 0, color.r, color.g, color.b, peak);
  cairo_pattern_add_color_stop_rgba (lines, core, color.r, color.g, color.b, peak);
  cairo_pattern_add_color_stop_rgba (lines, half + ramp, color.r, color.g, color.b, 0);
  cairo_pattern_add_color_stop_rgba (lines, 1 - half - ramp, color.r, color.g, color.b, 0);
  cairo_pattern_add_color_stop_rgba (lines, 1 - core, color.r, color.g, color.b, peak);
  cairo_pattern_add_color_stop_rgba (lines, 1, color.r, color.g, color.b, peak);
  cairo_pattern_set_extend (lines, CAIRO_EXTEND_REPEAT);
  cairo_set_source (cr, lines);
  cairo_fill (cr);
  cairo_pattern_destroy (lines);
  cairo_restore (cr);
}

/* Attention grid ------------------------------------------------------ */

void
ab_draw_attention_grid (cairo_t *cr, AbRect r,
                        const double *values, int rows, int cols,
                        double rows_visible, int highlight_row,
                        const char * const *row_labels,
                        const char * const *col_labels,
                        gboolean show_values)
{
  double cw = r.w / cols, ch = r.h / rows;
  double gap = MIN (cw, ch) > 12 ? 2 : 0;
  /* Labels follow the cells down to the small token, never above the label token. */
  double label_size = CLAMP (MIN (ch, cw) * 0.45, ab_style_size (cr, AB_TEXT_VALUE_SMALL),
                             ab_style_size (cr, AB_TEXT_LABEL));

  cairo_save (cr);
  for (int i = 0; i < rows; i++)
    {
      /* A partly visible row fades in: the tween of rows_visible. */
      double reveal = ab_clamp01 (rows_visible - i);
      for (int j = 0; j < cols; j++)
        {
          AbRect cell = { r.x + j * cw + gap / 2, r.y + i * ch + gap / 2, cw - gap, ch - gap };
          double v = values ? values[i * cols + j] : 0.0;

          if (values && v < 0)
            {
              ab_set_rgb (cr, AB_BG);
              cairo_rectangle (cr, cell.x, cell.y, cell.w, cell.h);
              cairo_fill (cr);
              ab_draw_hatch_lines (cr, cell, AB_MUTED, 0.5, 6);
              continue;
            }
          ab_set_rgb (cr, ab_rgb_mix (AB_PANEL, ab_color_sequential (v), reveal));
          cairo_rectangle (cr, cell.x, cell.y, cell.w, cell.h);
          cairo_fill (cr);
          if (show_values && reveal > 0.5 && ch >= 18 && cw >= 34)
            {
              char buf[16];
              /* Four monospaced characters must fit the cell with a margin. */
              double size = MIN (label_size * 0.9, (cell.w - 8) / (4 * 0.62));
              g_snprintf (buf, sizeof buf, "%.2f", v);
              ab_draw_text (cr, buf, cell.x + cell.w / 2, cell.y + cell.h / 2 - size * 0.65,
                            size, AB_FONT_MONO,
                            sqrt (v) > 0.6 ? AB_BG : AB_TEXT, AB_ALIGN_CENTER, -1);
            }
        }
    }
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_stroke (cr);

  if (highlight_row >= 0 && highlight_row < rows)
    {
      ab_set_rgb (cr, AB_ACTIVE);
      cairo_set_line_width (cr, 3);
      cairo_rectangle (cr, r.x - 2, r.y + highlight_row * ch - 2, r.w + 4, ch + 4);
      cairo_stroke (cr);
    }

  if (row_labels)
    for (int i = 0; i < rows && row_labels[i]; i++)
      {
        g_autofree char *esc = g_markup_escape_text (row_labels[i], -1);
        ab_draw_text (cr, esc, r.x - 10, r.y + i * ch + ch / 2 - label_size * 0.65,
                      label_size, AB_FONT_SANS,
                      i == highlight_row ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      }
  if (col_labels)
    for (int j = 0; j < cols && col_labels[j]; j++)
      {
        g_autofree char *esc = g_markup_escape_text (col_labels[j], -1);
        double tw;
        ab_measure_text (cr, esc, label_size, AB_FONT_SANS, -1, &tw, NULL);
        cairo_save (cr);
        /* Column labels run upwards so long words fit over narrow columns. */
        cairo_translate (cr, r.x + j * cw + cw / 2 - label_size * 0.65, r.y - 10);
        cairo_rotate (cr, -G_PI / 2);
        ab_draw_text (cr, esc, 0, 0, label_size, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
        cairo_restore (cr);
      }
  cairo_restore (cr);
}

/* Callouts, bars, memory ---------------------------------------------- */

/* The callout's padding, shared by drawing and measuring. */
#define CALLOUT_TOP 16
#define CALLOUT_BOTTOM 10
#define CALLOUT_SIDE 18
#define CALLOUT_TITLE_GAP 8
#define CALLOUT_LINE_GAP 6

double
ab_callout_height (cairo_t *cr, double width, const char *title,
                   const char * const *lines, guint n_lines)
{
  double h, total = CALLOUT_TOP + CALLOUT_BOTTOM;

  if (title)
    {
      ab_text_measure (cr, AB_TEXT_BODY_STRONG, title, width - 2 * CALLOUT_SIDE, NULL, &h);
      total += h + CALLOUT_TITLE_GAP;
    }
  for (guint i = 0; i < n_lines; i++)
    {
      ab_text_measure (cr, AB_TEXT_BODY, lines[i], width - 2 * CALLOUT_SIDE, NULL, &h);
      total += h + CALLOUT_LINE_GAP;
    }
  return total;
}

double
ab_draw_callout_frame (cairo_t *cr, AbRect r, const char *title)
{
  double y = r.y + CALLOUT_TOP;

  cairo_save (cr);
  ab_rounded_rect (cr, r, 12);
  ab_set_rgba (cr, AB_ACTIVE, 0.08);
  cairo_fill_preserve (cr);
  ab_set_rgba (cr, AB_ACTIVE, 0.6);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_ink_record (cr, AB_INK_PANEL, r, FALSE, title);
  if (title)
    y += ab_text (cr, AB_TEXT_BODY_STRONG, title, r.x + CALLOUT_SIDE, y, AB_ACTIVE, AB_ALIGN_LEFT,
                  r.w - 2 * CALLOUT_SIDE) + CALLOUT_TITLE_GAP;
  return y;
}

double
ab_draw_callout (cairo_t *cr, AbRect r, const char *title,
                 const char * const *lines, guint n_lines)
{
  double y = ab_draw_callout_frame (cr, r, title);

  for (guint i = 0; i < n_lines; i++)
    y += ab_text (cr, AB_TEXT_BODY, lines[i], r.x + CALLOUT_SIDE, y, AB_TEXT, AB_ALIGN_LEFT,
                  r.w - 2 * CALLOUT_SIDE) + CALLOUT_LINE_GAP;
  return y - r.y + CALLOUT_BOTTOM;
}

void
ab_draw_bars (cairo_t *cr, AbRect r, const double *values, int n,
              double vmin, double vmax, AbRgb color, double reveal)
{
  double bw = r.w / n;
  double span = vmax - vmin;
  double zero_y;

  if (n <= 0 || span <= 0)
    return;
  zero_y = r.y + r.h * (vmax - CLAMP (0.0, vmin, vmax)) / span;
  reveal = ab_clamp01 (reveal);

  cairo_save (cr);
  for (int i = 0; i < n; i++)
    {
      double v = CLAMP (values[i], vmin, vmax) * reveal;
      double y = r.y + r.h * (vmax - v) / span;
      double top = MIN (y, zero_y), h = fabs (zero_y - y);
      ab_set_rgba (cr, color, values[i] >= 0 ? 0.9 : 0.55);
      cairo_rectangle (cr, r.x + i * bw + bw * 0.12, top, bw * 0.76, MAX (h, 1.0));
      cairo_fill (cr);
    }
  ab_set_rgb (cr, AB_MUTED);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, r.x, zero_y);
  cairo_line_to (cr, r.x + r.w, zero_y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
ab_draw_memory_bar (cairo_t *cr, AbRect r, const char *label,
                    double used, double capacity, AbRgb color)
{
  g_autofree char *used_s = ab_format_bytes (used);
  g_autofree char *cap_s = ab_format_bytes (capacity);
  g_autofree char *counter = g_strdup_printf ("%s / %s", used_s, cap_s);
  double frac = capacity > 0 ? ab_clamp01 (used / capacity) : 0;
  double label_h = ab_style_size (cr, AB_TEXT_LABEL) * 1.55;
  AbRect bar = { r.x, r.y + label_h, r.w, r.h - label_h };
  double counter_w;

  ab_text_measure (cr, AB_TEXT_VALUE, counter, -1, &counter_w, NULL);
  ab_text (cr, AB_TEXT_LABEL, label, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, MAX (r.w - counter_w - 16, 40));
  ab_text (cr, AB_TEXT_VALUE, counter, r.x + r.w, r.y, AB_TEXT, AB_ALIGN_RIGHT, -1);

  cairo_save (cr);
  ab_rounded_rect (cr, bar, 6);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  if (frac > 0)
    {
      ab_rounded_rect (cr, (AbRect) { bar.x + 2, bar.y + 2, (bar.w - 4) * frac, bar.h - 4 }, 5);
      ab_set_rgb (cr, used > capacity ? AB_HBM : color);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-slide-render.c — a slide onto a cairo_t
 *
 * Everything is in frame units with the presenter layout's text tokens, so
 * a slide reads the same projected, in the console's small previews and in
 * the PDF. Content slides are laid out twice when needed: measured, then
 * drawn at the scale that fits the frame (a long table shrinks instead of
 * running off the bottom). Every text box goes through ab_text/ab_math, so
 * the ink recorder checks slides for overlaps as it does diagrams.
 */
#define G_LOG_DOMAIN "ab-slide-render"

#include "ab-slide-render.h"
#include "ab-draw.h"
#include "ab-math.h"
#include "ab-slide-text.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#define MARGIN        64.0
#define TITLE_TOP     34.0
#define BLOCK_GAP     22.0
#define INDENT        40.0
#define CELL_PAD      14.0
#define MIN_FIT_SCALE 0.5
#define MAX_FIT_SCALE 1.5   /* a short slide's few words are set larger */

double
ab_slide_frame_fit (double width, double height, double *ox, double *oy)
{
  double s = MIN (width / AB_SLIDE_FRAME_WIDTH, height / AB_SLIDE_FRAME_HEIGHT);

  *ox = (width - AB_SLIDE_FRAME_WIDTH * s) / 2;
  *oy = (height - AB_SLIDE_FRAME_HEIGHT * s) / 2;
  return s;
}

void
ab_slide_render_blank (cairo_t *cr, double width, double height)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Inline flow: words and formulas on lines ----------------------------- */

typedef enum { PIECE_TEXT, PIECE_MATH, PIECE_BREAK } PieceKind;

typedef struct
{
  PieceKind kind;
  char     *markup;      /* TEXT: Pango markup of one word; MATH: TeX */
  gboolean  space;       /* a space before it */
  double    width, ascent, descent;
} Piece;

static void
piece_clear (gpointer data)
{
  g_free (((Piece *) data)->markup);
}

typedef struct
{
  cairo_t *cr;
  AbBook  *book;
  gboolean draw;       /* FALSE: measure only */
  AbSlideValues values;
  double   min_width;  /* the narrowest the content can be set (a table's widest words) */
} Ctx;

/* Where the baseline of @style's text lies below the top of its box. */
static double
text_ascent (cairo_t *cr, AbTextStyle style, double height)
{
  static double ratio[AB_N_TEXT_STYLES];
  AbTextToken token = ab_style_token (cr, style);

  if (ratio[style] == 0)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *desc = pango_font_description_copy (ab_font_description (token.font));
      PangoRectangle logical;

      pango_font_description_set_absolute_size (desc, token.size * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, "Hg", -1);
      pango_layout_get_extents (layout, NULL, &logical);
      ratio[style] = logical.height > 0 ? (double) pango_layout_get_baseline (layout) / logical.height : 0.8;
      pango_font_description_free (desc);
      g_object_unref (layout);
    }
  return height * ratio[style];
}

/* Split a run's markup-free text into words; @style wraps each. */
static void
add_words (GArray *pieces, const char *text, AbInlineStyle style, gboolean code, gboolean *space)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);

  if (text[0] == ' ' || text[0] == '\t' || text[0] == '\n')
    *space = TRUE;
  for (guint i = 0; words[i]; i++)
    {
      AbInline run = { .kind = code ? AB_INLINE_CODE : AB_INLINE_TEXT, .style = style, .text = words[i] };
      Piece piece = { PIECE_TEXT };

      if (*words[i] == '\0')
        {
          *space = TRUE;
          continue;
        }
      piece.markup = ab_slide_run_markup (NULL, &run, AB_SLIDE_VALUES_COMPUTE);
      piece.space = *space;
      g_array_append_val (pieces, piece);
      *space = words[i + 1] != NULL;
    }
}

static GArray *
build_pieces (Ctx *ctx, const AbBlock *block)
{
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  gboolean space = FALSE;

  g_array_set_clear_func (pieces, piece_clear);
  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);

      switch (run->kind)
        {
        case AB_INLINE_MATH:
          {
            Piece piece = { PIECE_MATH, g_strdup (run->text), space };
            g_array_append_val (pieces, piece);
            space = FALSE;
          }
          break;
        case AB_INLINE_BREAK:
          {
            Piece piece = { PIECE_BREAK };
            g_array_append_val (pieces, piece);
            space = FALSE;
          }
          break;
        case AB_INLINE_TERM:
        case AB_INLINE_VALUE:
          {
            /* The words the page shows, then split like text. */
            AbInline plain = *run;
            g_autofree char *markup = NULL;
            g_autofree char *text = NULL;

            plain.style = 0;
            markup = ab_slide_run_markup (ctx->book, &plain, ctx->values);
            if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
              text = g_strdup (run->target ? run->target : "");
            add_words (pieces, text, run->style, FALSE, &space);
          }
          break;
        case AB_INLINE_CODE:
        case AB_INLINE_TEXT:
        default:
          add_words (pieces, run->text, run->style, run->kind == AB_INLINE_CODE, &space);
          break;
        }
    }
  return pieces;
}

static double
math_size (cairo_t *cr, AbTextStyle style)
{
  /* Inline formulas a touch larger than the text, as TeX sets them. */
  return ab_style_size (cr, style) * 1.08;
}

static void
measure_pieces (Ctx *ctx, GArray *pieces, AbTextStyle style)
{
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *p = &g_array_index (pieces, Piece, i);

      if (p->kind == PIECE_TEXT)
        {
          double h;
          ab_text_measure (ctx->cr, style, p->markup, -1, &p->width, &h);
          p->ascent = text_ascent (ctx->cr, style, h);
          p->descent = h - p->ascent;
        }
      else if (p->kind == PIECE_MATH)
        {
          g_autoptr (AbMath) math = ab_math_new_or_error_box (p->markup, FALSE, math_size (ctx->cr, style), NULL);
          if (math)
            ab_math_get_extents (math, &p->width, &p->ascent, &p->descent);
        }
    }
}

/* Lay the pieces out in @width from (x, y); returns the height. Lines are
 * filled greedily; a word wider than the line gets a line of its own. */
static double
flow_pieces (Ctx *ctx, GArray *pieces, AbTextStyle style, double x, double y, double width,
             AbRgb color, AbAlign align)
{
  double space_w, line_h, total = 0, text_h;
  guint start = 0;

  ab_text_measure (ctx->cr, style, "x x", -1, &space_w, &text_h);
  {
    double xx;
    ab_text_measure (ctx->cr, style, "xx", -1, &xx, NULL);
    space_w -= xx;
  }
  line_h = text_h * 1.18;
  if (pieces->len == 0)
    return 0;

  while (start < pieces->len)
    {
      double w = 0, ascent = text_ascent (ctx->cr, style, text_h), descent = text_h - ascent, cx;
      guint end = start;

      /* Find the line's end. */
      while (end < pieces->len)
        {
          Piece *p = &g_array_index (pieces, Piece, end);
          double add = (end > start && p->space ? space_w : 0) + p->width;

          if (p->kind == PIECE_BREAK)
            break;
          if (end > start && w + add > width)
            break;
          w += add;
          ascent = MAX (ascent, p->ascent);
          descent = MAX (descent, p->descent);
          end++;
        }

      cx = align == AB_ALIGN_CENTER ? x + (width - w) / 2 : align == AB_ALIGN_RIGHT ? x + width - w : x;
      if (ctx->draw)
        for (guint i = start; i < end; i++)
          {
            Piece *p = &g_array_index (pieces, Piece, i);
            double baseline = y + total + ascent;

            if (i > start && p->space)
              cx += space_w;
            if (p->kind == PIECE_TEXT)
              ab_text (ctx->cr, style, p->markup, cx, baseline - p->ascent, color, AB_ALIGN_LEFT, -1);
            else if (p->kind == PIECE_MATH)
              {
                g_autoptr (AbMath) math = ab_math_new_or_error_box (p->markup, FALSE, math_size (ctx->cr, style), NULL);
                if (math)
                  {
                    ab_ink_record (ctx->cr, AB_INK_TEXT,
                                   (AbRect) { cx, baseline - p->ascent, p->width, p->ascent + p->descent },
                                   FALSE, p->markup);
                    ab_math_draw (math, ctx->cr, cx, baseline, color.r, color.g, color.b, 1.0);
                  }
              }
            cx += p->width;
          }
      total += MAX (line_h, ascent + descent + text_h * 0.18);
      if (end < pieces->len && g_array_index (pieces, Piece, end).kind == PIECE_BREAK)
        end++;
      start = end;
    }
  return total;
}

static double
flow_block (Ctx *ctx, const AbBlock *block, AbTextStyle style, double x, double y, double width,
            AbRgb color, AbAlign align)
{
  g_autoptr (GArray) pieces = build_pieces (ctx, block);

  measure_pieces (ctx, pieces, style);
  return flow_pieces (ctx, pieces, style, x, y, width, color, align);
}

/* The widest a block's runs get on one line, and its widest word (for table columns). */
static double
natural_width (Ctx *ctx, const AbBlock *block, AbTextStyle style, double *widest_piece)
{
  g_autoptr (GArray) pieces = build_pieces (ctx, block);
  double space_w, xx, w = 0, best = 0;

  measure_pieces (ctx, pieces, style);
  ab_text_measure (ctx->cr, style, "x x", -1, &space_w, NULL);
  ab_text_measure (ctx->cr, style, "xx", -1, &xx, NULL);
  space_w -= xx;
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *p = &g_array_index (pieces, Piece, i);
      if (p->kind == PIECE_BREAK)
        {
          best = MAX (best, w);
          w = 0;
          continue;
        }
      w += (w > 0 && p->space ? space_w : 0) + p->width;
      *widest_piece = MAX (*widest_piece, p->width);
    }
  return MAX (best, w);
}

/* Blocks ---------------------------------------------------------------- */

static double draw_blocks (Ctx *ctx, const AbBlock *parent, double x, double y, double width);

static double
draw_display_math (Ctx *ctx, const char *tex, double x, double y, double width)
{
  double size = ab_style_size (ctx->cr, AB_TEXT_MATH) * 1.25;
  g_autoptr (AbMath) math = ab_math_new_or_error_box (tex, TRUE, size, NULL);
  double w = 0, a = 0, d = 0, s = 1;

  if (math == NULL)
    return 0;
  ab_math_get_extents (math, &w, &a, &d);
  /* A formula wider than the slide is set smaller, never cut. */
  if (w > width)
    s = width / w;
  if (ctx->draw)
    {
      double left = x + (width - w * s) / 2;
      cairo_save (ctx->cr);
      cairo_translate (ctx->cr, left, y + a * s);
      cairo_scale (ctx->cr, s, s);
      ab_ink_record (ctx->cr, AB_INK_TEXT, (AbRect) { 0, -a, w, a + d }, FALSE, tex);
      ab_math_draw (math, ctx->cr, 0, 0, AB_TEXT.r, AB_TEXT.g, AB_TEXT.b, 1.0);
      cairo_restore (ctx->cr);
    }
  return (a + d) * s + 8;
}

static double
draw_list (Ctx *ctx, const AbBlock *list, double x, double y, double width)
{
  double h = 0;

  for (guint i = 0; list->children && i < list->children->len; i++)
    {
      const AbBlock *item = g_ptr_array_index (list->children, i);
      g_autofree char *marker = list->ordered ? g_strdup_printf ("%d.", list->level + (int) i) : g_strdup ("•");

      if (i > 0)
        h += BLOCK_GAP * 0.5;
      if (ctx->draw)
        ab_text (ctx->cr, AB_TEXT_BODY, marker, x + INDENT - 12, y + h, AB_ACTIVE, AB_ALIGN_RIGHT, -1);
      h += draw_blocks (ctx, item, x + INDENT, y + h, width - INDENT);
    }
  return h;
}

static double
draw_table (Ctx *ctx, const AbBlock *table, double x, double y, double width)
{
  guint n_rows = table->children ? table->children->len : 0, n_cols = 0;
  g_autofree double *col_w = NULL, *col_min = NULL;
  double natural = 0, least = 0, h = 0;

  for (guint r = 0; r < n_rows; r++)
    {
      const AbBlock *row = g_ptr_array_index (table->children, r);
      n_cols = MAX (n_cols, row->children ? row->children->len : 0);
    }
  if (n_cols == 0)
    return 0;
  col_w = g_new0 (double, n_cols);
  col_min = g_new0 (double, n_cols);
  for (guint r = 0; r < n_rows; r++)
    {
      const AbBlock *row = g_ptr_array_index (table->children, r);
      for (guint c = 0; row->children && c < row->children->len; c++)
        col_w[c] = MAX (col_w[c], natural_width (ctx, g_ptr_array_index (row->children, c),
                                                 row->header ? AB_TEXT_BODY_STRONG : AB_TEXT_BODY, &col_min[c]));
    }
  for (guint c = 0; c < n_cols; c++)
    {
      col_w[c] += 2 * CELL_PAD;
      col_min[c] += 2 * CELL_PAD;
      natural += col_w[c];
      least += col_min[c];
    }
  /* The slide must be set small enough for every column's widest word. */
  ctx->min_width = MAX (ctx->min_width, least);
  /* Narrow tables keep their natural widths; wide ones give each column
   * its widest word and share the rest in proportion (their cells wrap). */
  if (natural > width)
    {
      double spare = MAX (width - least, 0), want = natural - least;
      for (guint c = 0; c < n_cols; c++)
        col_w[c] = col_min[c] + (want > 0 ? spare * (col_w[c] - col_min[c]) / want : 0);
      natural = MAX (least, width);
    }
  x += (width - natural) / 2;   /* a table stands in the middle of the slide */

  for (guint r = 0; r < n_rows; r++)
    {
      const AbBlock *row = g_ptr_array_index (table->children, r);
      AbTextStyle style = row->header ? AB_TEXT_BODY_STRONG : AB_TEXT_BODY;
      double row_h = 0, cx = x;
      gboolean draw = ctx->draw;

      /* Measure the row, then draw it on its background. */
      ctx->draw = FALSE;
      for (guint c = 0; row->children && c < row->children->len; c++)
        row_h = MAX (row_h, flow_block (ctx, g_ptr_array_index (row->children, c), style, 0, 0,
                                        col_w[c] - 2 * CELL_PAD, AB_TEXT, AB_ALIGN_LEFT));
      row_h += 2 * CELL_PAD * 0.7;
      ctx->draw = draw;
      if (draw)
        {
          if (row->header || r % 2 == 0)
            {
              ab_set_rgba (ctx->cr, row->header ? AB_PANEL : AB_TEXT, row->header ? 1.0 : 0.03);
              cairo_rectangle (ctx->cr, x, y + h, natural, row_h);
              cairo_fill (ctx->cr);
            }
          ab_set_rgb (ctx->cr, AB_BORDER);
          cairo_set_line_width (ctx->cr, 1.5);
          cairo_move_to (ctx->cr, x, y + h + row_h);
          cairo_line_to (ctx->cr, x + natural, y + h + row_h);
          cairo_stroke (ctx->cr);
          for (guint c = 0; row->children && c < row->children->len; c++)
            {
              const AbBlock *cell = g_ptr_array_index (row->children, c);
              AbAlign align = cell->align == 1 ? AB_ALIGN_RIGHT : cell->align == 0 ? AB_ALIGN_CENTER : AB_ALIGN_LEFT;
              flow_block (ctx, cell, style, cx + CELL_PAD, y + h + CELL_PAD * 0.7, col_w[c] - 2 * CELL_PAD,
                          AB_TEXT, align);
              cx += col_w[c];
            }
        }
      h += row_h;
    }
  return h;
}

static double
boxed_content (Ctx *ctx, const AbBlock *block, double x, double y, double width, AbRgb accent,
               const char *title)
{
  double pad = 22, h = pad;

  if (title && *title)
    {
      g_autofree char *esc = g_markup_escape_text (title, -1);
      double th;
      ab_text_measure (ctx->cr, AB_TEXT_HEADING, esc, width - 2 * pad, NULL, &th);
      if (ctx->draw)
        ab_text (ctx->cr, AB_TEXT_HEADING, esc, x + pad, y + h, accent, AB_ALIGN_LEFT, width - 2 * pad);
      h += th + BLOCK_GAP * 0.5;
    }
  if (block->kind == AB_BLOCK_CODE)
    {
      g_autofree char *esc = g_markup_escape_text (block->text ? block->text : "", -1);
      double th;
      ab_text_measure (ctx->cr, AB_TEXT_VALUE, esc, -1, NULL, &th);
      if (ctx->draw)
        ab_text (ctx->cr, AB_TEXT_VALUE, esc, x + pad, y + h, AB_TEXT, AB_ALIGN_LEFT, -1);
      h += th;
    }
  else
    h += draw_blocks (ctx, block, x + pad, y + h, width - 2 * pad);
  return h + pad;
}

/* A callout or code block: a tinted box with an accent bar, content on top. */
static double
draw_boxed (Ctx *ctx, const AbBlock *block, double x, double y, double width, AbRgb accent, const char *title)
{
  gboolean draw = ctx->draw;
  double h;

  ctx->draw = FALSE;
  h = boxed_content (ctx, block, x, y, width, accent, title);
  ctx->draw = draw;
  if (!draw)
    return h;
  ab_set_rgba (ctx->cr, accent, 0.08);
  ab_rounded_rect (ctx->cr, (AbRect) { x, y, width, h }, 12);
  cairo_fill (ctx->cr);
  ab_set_rgb (ctx->cr, accent);
  cairo_rectangle (ctx->cr, x, y, 5, h);
  cairo_fill (ctx->cr);
  return boxed_content (ctx, block, x, y, width, accent, title);
}

static AbRgb
callout_color (const char *type)
{
  if (g_strcmp0 (type, "why") == 0)
    return AB_HEADS[0];
  if (g_strcmp0 (type, "example") == 0)
    return AB_SRAM;
  return AB_MUTED;
}

static double
draw_block (Ctx *ctx, const AbBlock *block, double x, double y, double width)
{
  switch (block->kind)
    {
    case AB_BLOCK_HEADING:
      return flow_block (ctx, block, AB_TEXT_HEADING, x, y, width, AB_TEXT, AB_ALIGN_LEFT);
    case AB_BLOCK_PARAGRAPH:
      return flow_block (ctx, block, AB_TEXT_BODY, x, y, width, AB_TEXT, AB_ALIGN_LEFT);
    case AB_BLOCK_MATH:
      return draw_display_math (ctx, block->text ? block->text : "", x, y, width);
    case AB_BLOCK_LIST:
      return draw_list (ctx, block, x, y, width);
    case AB_BLOCK_TABLE:
      return draw_table (ctx, block, x, y, width);
    case AB_BLOCK_CALLOUT:
      {
        const char *title = block->info && *block->info ? block->info
                            : g_strcmp0 (block->text, "why") == 0 ? _("Why this matters")
                            : g_strcmp0 (block->text, "example") == 0 ? _("Worked example") : _("Note");
        return draw_boxed (ctx, block, x, y, width, callout_color (block->text), title);
      }
    case AB_BLOCK_CODE:
      return draw_boxed (ctx, block, x, y, width, AB_MUTED, NULL);
    case AB_BLOCK_QUOTE:
      {
        double h = draw_blocks (ctx, block, x + 24, y, width - 24);
        if (ctx->draw)
          {
            ab_set_rgb (ctx->cr, AB_BORDER);
            cairo_rectangle (ctx->cr, x, y, 4, h);
            cairo_fill (ctx->cr);
          }
        return h;
      }
    case AB_BLOCK_RULE:
      if (ctx->draw)
        {
          ab_set_rgb (ctx->cr, AB_BORDER);
          cairo_rectangle (ctx->cr, x, y + 4, width, 2);
          cairo_fill (ctx->cr);
        }
      return 10;
    case AB_BLOCK_ERROR:
      {
        g_autofree char *esc = g_markup_escape_text (block->text ? block->text : "", -1);
        double h;
        ab_text_measure (ctx->cr, AB_TEXT_BODY, esc, width, NULL, &h);
        if (ctx->draw)
          ab_text (ctx->cr, AB_TEXT_BODY, esc, x, y, AB_HBM, AB_ALIGN_LEFT, width);
        return h;
      }
    case AB_BLOCK_LIST_ITEM:
    case AB_BLOCK_SLIDE:
      return draw_blocks (ctx, block, x, y, width);
    case AB_BLOCK_NOTES:   /* for the presenter only */
    default:
      return -1;
    }
}

static double
draw_blocks (Ctx *ctx, const AbBlock *parent, double x, double y, double width)
{
  double h = 0;
  gboolean first = TRUE;

  for (guint i = 0; parent->children && i < parent->children->len; i++)
    {
      const AbBlock *block = g_ptr_array_index (parent->children, i);
      double gap = first ? 0 : BLOCK_GAP;
      double bh = draw_block (ctx, block, x, y + h + gap, width);

      if (bh < 0)
        continue;
      h += gap + bh;
      first = FALSE;
    }
  return h;
}

/* Chrome ----------------------------------------------------------------- */

static double
draw_title_band (cairo_t *cr, AbSlideDeck *deck, const AbSlide *slide)
{
  g_autofree char *title = g_markup_escape_text (slide->title ? slide->title : "", -1);
  g_autofree char *counter = g_strdup_printf ("%u / %u", slide->index + 1, ab_slide_deck_get_n_slides (deck));
  double counter_w, h;

  ab_text_measure (cr, AB_TEXT_SMALL, counter, -1, &counter_w, NULL);
  h = ab_text (cr, AB_TEXT_TITLE, title, MARGIN, TITLE_TOP, AB_TEXT, AB_ALIGN_LEFT,
               AB_SLIDE_FRAME_WIDTH - 2 * MARGIN - counter_w - 40);
  ab_text (cr, AB_TEXT_SMALL, counter, AB_SLIDE_FRAME_WIDTH - MARGIN, TITLE_TOP + 10, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  ab_set_rgb (cr, AB_ACTIVE);
  cairo_rectangle (cr, MARGIN, TITLE_TOP + h + 10, 72, 4);
  cairo_fill (cr);
  return TITLE_TOP + h + 14;
}

static void
draw_title_slide (cairo_t *cr, AbSlideDeck *deck, const AbSlide *slide)
{
  AbPart *part = slide->page->part;
  gboolean overview = slide->page == part->overview;
  g_autofree char *eyebrow = NULL, *title = NULL, *subtitle = NULL, *footer = NULL, *counter = NULL;
  double width = AB_SLIDE_FRAME_WIDTH - 2 * (MARGIN + 56), x = MARGIN + 56;
  double eh, th, sh = 0, total, y, big = 1.6;

  if (overview)
    eyebrow = g_strdup_printf (_("PART %d"), part->number);
  else
    {
      int section = -1;
      for (guint i = 0; i < part->sections->len; i++)
        if (g_ptr_array_index (part->sections, i) == slide->page)
          section = (int) i + 1;
      eyebrow = g_strdup_printf (_("PART %d · SECTION %d OF %u"), part->number, section, part->sections->len);
      footer = g_markup_escape_text (part->title ? part->title : "", -1);
    }
  title = g_markup_escape_text (slide->title ? slide->title : "", -1);
  if (slide->subtitle && *slide->subtitle)
    subtitle = g_markup_escape_text (slide->subtitle, -1);

  /* Measure, then centre the block on the frame's height. */
  ab_text_measure (cr, AB_TEXT_HEADING, eyebrow, width, NULL, &eh);
  ab_text_measure (cr, AB_TEXT_TITLE, title, width / big, NULL, &th);
  th *= big;
  if (subtitle)
    ab_text_measure (cr, AB_TEXT_CAPTION, subtitle, width, NULL, &sh);
  total = eh + 24 + th + (subtitle ? 28 + sh : 0);
  y = MAX (MARGIN, (AB_SLIDE_FRAME_HEIGHT - total) / 2 - 20);

  ab_text (cr, AB_TEXT_HEADING, eyebrow, x, y, AB_ACTIVE, AB_ALIGN_LEFT, width);
  y += eh + 24;
  ab_set_rgb (cr, AB_ACTIVE);
  cairo_rectangle (cr, x - 32, y + 8, 6, th - 16);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, big, big);
  ab_text (cr, AB_TEXT_TITLE, title, 0, 0, AB_TEXT, AB_ALIGN_LEFT, width / big);
  cairo_restore (cr);
  y += th + 28;
  if (subtitle)
    ab_text (cr, AB_TEXT_CAPTION, subtitle, x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, width);

  counter = g_strdup_printf ("%u / %u", slide->index + 1, ab_slide_deck_get_n_slides (deck));
  ab_text (cr, AB_TEXT_SMALL, counter, AB_SLIDE_FRAME_WIDTH - MARGIN, TITLE_TOP + 10, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
  if (footer)
    {
      double fh;
      ab_text_measure (cr, AB_TEXT_SMALL, footer, AB_SLIDE_FRAME_WIDTH - 2 * MARGIN, NULL, &fh);
      ab_text (cr, AB_TEXT_SMALL, footer, MARGIN, AB_SLIDE_FRAME_HEIGHT - MARGIN + 20 - fh, AB_MUTED,
               AB_ALIGN_LEFT, AB_SLIDE_FRAME_WIDTH - 2 * MARGIN);
    }
}

/* Does the content, set at @scale, fit @width × @height? Its height in @h. */
static gboolean
content_fits (Ctx *ctx, const AbBlock *content, double width, double height, double scale, double *h)
{
  ctx->min_width = 0;
  *h = draw_blocks (ctx, content, 0, 0, width / scale);
  return *h * scale <= height && ctx->min_width * scale <= width;
}

static void
draw_content_slide (cairo_t *cr, AbSlideDeck *deck, const AbSlide *slide)
{
  Ctx ctx = { cr, ab_slide_deck_get_book (deck), FALSE, ab_slide_deck_get_values (deck) };
  double top = draw_title_band (cr, deck, slide) + 36;
  double avail_h = AB_SLIDE_FRAME_HEIGHT - top - MARGIN * 0.75;
  double width = AB_SLIDE_FRAME_WIDTH - 2 * (MARGIN + 40), s = 1, h;

  /* Set it as large as fits, from a little larger than body text down to
   * half: wrapping changes with the width, so re-measure at each scale. */
  s = MAX_FIT_SCALE;
  if (!content_fits (&ctx, slide->content, width, avail_h, s, &h))
    {
      /* Fitting is monotone enough in the scale for a bisection. */
      double lo = MIN_FIT_SCALE, hi = MAX_FIT_SCALE;
      for (int i = 0; i < 7; i++)
        {
          double mid = (lo + hi) / 2;
          if (content_fits (&ctx, slide->content, width, avail_h, mid, &h))
            lo = mid;
          else
            hi = mid;
        }
      s = lo;
      content_fits (&ctx, slide->content, width, avail_h, s, &h);
    }
  ctx.draw = TRUE;
  cairo_save (cr);
  /* Short content sits a little above the middle of the free space. */
  cairo_translate (cr, MARGIN + 40, top + MAX (0, (avail_h - h * s) * 0.35));
  cairo_scale (cr, s, s);
  draw_blocks (&ctx, slide->content, 0, 0, width / s);
  cairo_restore (cr);
}

static void
draw_diagram_slide (cairo_t *cr, AbSlideDeck *deck, const AbSlide *slide, double position, gboolean live)
{
  AbDiagram *diagram = ab_slide_deck_get_diagram (deck, slide->index);
  double top = draw_title_band (cr, deck, slide) + 6;

  if (diagram == NULL)
    return;
  /* The framework draws the diagram in its presenter layout below the title. */
  cairo_save (cr);
  cairo_translate (cr, 0, top);
  if (live && !ab_diagram_is_current (diagram))
    ab_diagram_render_pending (diagram, cr, AB_LAYOUT_PRESENTER, AB_SLIDE_FRAME_WIDTH,
                               AB_SLIDE_FRAME_HEIGHT - top);
  else
    ab_diagram_render_layout (diagram, cr, AB_LAYOUT_PRESENTER, AB_SLIDE_FRAME_WIDTH,
                              AB_SLIDE_FRAME_HEIGHT - top, position);
  cairo_restore (cr);
}

static void
render_slide (AbSlideDeck *deck, guint index, cairo_t *cr, double width, double height, double position,
              gboolean live)
{
  const AbSlide *slide;
  double ox, oy, s;

  g_return_if_fail (deck != NULL && cr != NULL);
  g_return_if_fail (index < ab_slide_deck_get_n_slides (deck));
  slide = ab_slide_deck_get_slide (deck, index);

  ab_slide_render_blank (cr, width, height);
  s = ab_slide_frame_fit (width, height, &ox, &oy);
  if (!(s > 0))
    return;
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, s, s);
  cairo_rectangle (cr, 0, 0, AB_SLIDE_FRAME_WIDTH, AB_SLIDE_FRAME_HEIGHT);
  cairo_clip (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_paint (cr);
  ab_style_attach (cr, AB_LAYOUT_PRESENTER);

  switch (slide->kind)
    {
    case AB_SLIDE_TITLE:
      draw_title_slide (cr, deck, slide);
      break;
    case AB_SLIDE_CONTENT:
      draw_content_slide (cr, deck, slide);
      break;
    case AB_SLIDE_DIAGRAM:
      draw_diagram_slide (cr, deck, slide, position, live);
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

void
ab_slide_render (AbSlideDeck *deck, guint index, cairo_t *cr, double width, double height, double position)
{
  render_slide (deck, index, cr, width, height, position, FALSE);
}

void
ab_slide_render_live (AbSlideDeck *deck, guint index, cairo_t *cr, double width, double height,
                      double position)
{
  render_slide (deck, index, cr, width, height, position, TRUE);
}

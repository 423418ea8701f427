/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-layout.c — node tree → boxes, following TeX's Appendix G with the
 * OpenType MATH constants in place of TeX's font parameters (the way LuaTeX
 * and MathML Core do it): styles, inter-atom spacing, characters, text runs,
 * big operators, scripts and limits. Structures live in -layout-struct.c.
 * All lengths are in em of the base size; ab-math.c scales to points. */
#define G_LOG_DOMAIN "ab-math-layout"

#include <string.h>
#include "ab-math-layout-private.h"

#define C(name) HB_OT_MATH_CONSTANT_##name

double
style_scale (Ctx *ctx, int style)
{
  switch (LEVEL (style))
    {
    case 2: return ctx->script_scale;
    case 3: return ctx->scriptscript_scale;
    default: return 1.0;
    }
}

double
K (Ctx *ctx, hb_ot_math_constant_t c, int style)
{
  return ab_math_font_constant (ctx->font, c) * style_scale (ctx, style);
}

/* TeX's style transitions (The TeXbook, ch. 17). */
int style_sup (int style) { return (LEVEL (style) < 2 ? STYLE_S : STYLE_SS) | CRAMPED (style); }
int style_sub (int style) { return CRAMP (style_sup (style)); }
int style_num (int style) { return (LEVEL (style) == 0 ? STYLE_T : LEVEL (style) == 1 ? STYLE_S : STYLE_SS) | CRAMPED (style); }
int style_den (int style) { return CRAMP (style_num (style)); }

void
place (AbBox *parent, AbBox *child, double x, double y)
{
  child->x = x;
  child->y = y;
  ab_box_append (parent, child);
}

AbBox *
hbox_of (Ctx *ctx, AbBox **boxes, int n)
{
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  for (int i = 0; i < n; i++)
    {
      if (!boxes[i])
        continue;
      double y = boxes[i]->y;
      place (g, boxes[i], g->w, y);
      g->w += boxes[i]->w;
      g->h = MAX (g->h, boxes[i]->h - y);
      g->d = MAX (g->d, boxes[i]->d + y);
    }
  return g;
}

/* Spacing between adjacent atoms in mu: 1 thin, 2 medium, 3 thick;
 * negative entries apply only in display and text styles (TeXbook p. 170). */
static const signed char spacing[8][8] = {
  /*           ord  op  bin  rel open close punct inner */
  /* ord   */ {  0,  1,  -2,  -3,  0,   0,    0,   -1 },
  /* op    */ {  1,  1,   0,  -3,  0,   0,    0,   -1 },
  /* bin   */ { -2, -2,   0,   0, -2,   0,    0,   -2 },
  /* rel   */ { -3, -3,   0,   0, -3,   0,    0,   -3 },
  /* open  */ {  0,  0,   0,   0,  0,   0,    0,    0 },
  /* close */ {  0,  1,  -2,  -3,  0,   0,    0,   -1 },
  /* punct */ { -1, -1,   0,  -1, -1,  -1,   -1,   -1 },
  /* inner */ { -1,  1,  -2,  -3, -1,   0,   -1,   -1 },
};
static const double spacing_mu[4] = { 0, 3, 4, 5 };

/* The class an atom shows to its neighbours. */
static AbAtomClass
effective_class (AbNode *n)
{
  if (n->kind == AB_NODE_SPACE)
    return AB_ATOM_NONE;
  /* A switch (\displaystyle, bare \color) owns the rest of the list, so it
   * is always last: its left neighbour should see the body's first atom. */
  if (n->kind == AB_NODE_STYLE || (n->kind == AB_NODE_COLOR && n->flag == 1))
    return n->a && n->a->first ? effective_class (n->a->first) : AB_ATOM_NONE;
  if (n->kind == AB_NODE_COLOR && n->a && n->a->kind == AB_NODE_LIST &&
      n->a->first && !n->a->first->next && !n->a->sub && !n->a->sup)
    return effective_class (n->a->first);
  if (n->kind == AB_NODE_COLOR && n->a && n->a->kind != AB_NODE_LIST)
    return effective_class (n->a);
  return n->cls;
}

AbBox *
layout_list (Ctx *ctx, AbNode *list, int style)
{
  int n = 0;
  for (AbNode *c = list->first; c; c = c->next)
    n++;
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  if (n == 0)
    return g;
  AbBox **boxes = ab_arena_alloc (ctx->arena, n * sizeof (AbBox *));
  AbAtomClass *cls = ab_arena_alloc (ctx->arena, n * sizeof (AbAtomClass));
  int i = 0;
  for (AbNode *c = list->first; c; c = c->next, i++)
    {
      boxes[i] = layout_node (ctx, c, style);
      cls[i] = effective_class (c);
    }
  /* A binary operator with nothing to combine on its left, or before a
   * relation/closing/punctuation, is an ordinary symbol (Rules 5 and 6). */
  int prev = -1;
  for (i = 0; i < n; i++)
    {
      if (cls[i] == AB_ATOM_NONE)
        continue;
      if (cls[i] == AB_ATOM_BIN &&
          (prev < 0 || cls[prev] == AB_ATOM_BIN || cls[prev] == AB_ATOM_OP ||
           cls[prev] == AB_ATOM_REL || cls[prev] == AB_ATOM_OPEN || cls[prev] == AB_ATOM_PUNCT))
        cls[i] = AB_ATOM_ORD;
      if ((cls[i] == AB_ATOM_REL || cls[i] == AB_ATOM_CLOSE || cls[i] == AB_ATOM_PUNCT) &&
          prev >= 0 && cls[prev] == AB_ATOM_BIN)
        cls[prev] = AB_ATOM_ORD;
      prev = i;
    }
  if (prev >= 0 && cls[prev] == AB_ATOM_BIN)
    cls[prev] = AB_ATOM_ORD;

  double mu = style_scale (ctx, style) / 18.0;
  prev = -1;
  for (i = 0; i < n; i++)
    {
      if (cls[i] != AB_ATOM_NONE)
        {
          if (prev >= 0)
            {
              int sp = spacing[cls[prev]][cls[i]];
              if (sp < 0)
                sp = LEVEL (style) <= 1 ? -sp : 0;
              g->w += spacing_mu[sp] * mu;
            }
          prev = i;
        }
      place (g, boxes[i], g->w, 0);
      g->w += boxes[i]->w;
      g->h = MAX (g->h, boxes[i]->h);
      g->d = MAX (g->d, boxes[i]->d);
    }
  return g;
}

/* Upright text (\text, \operatorname, \log …) shaped by HarfBuzz so kerning
 * and ligatures come out as in running text. */
static AbBox *
layout_text (Ctx *ctx, AbNode *n, int style)
{
  double s = style_scale (ctx, style);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  hb_buffer_t *buf = hb_buffer_create ();
  for (const char *t = n->text; *t; t = g_utf8_next_char (t))
    {
      gunichar c = g_utf8_get_char (t);
      hb_buffer_add (buf, ab_math_map_alphabet (c, n->flag == AB_VARIANT_RM ? AB_VARIANT_RM : n->flag),
                     t - n->text);
    }
  hb_buffer_set_content_type (buf, HB_BUFFER_CONTENT_TYPE_UNICODE);
  hb_buffer_guess_segment_properties (buf);
  hb_buffer_set_direction (buf, HB_DIRECTION_LTR);
  hb_shape (ctx->font->hb, buf, NULL, 0);
  unsigned len;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &len);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions (buf, &len);
  double upem = ctx->font->upem;
  for (unsigned i = 0; i < len; i++)
    {
      gunichar c = g_utf8_get_char (n->text + info[i].cluster);
      double adv = pos[i].x_advance / upem * s;
      /* The math font has no glyphs for some spaces: use TeX's widths. */
      if (c == ' ' || c == 0xA0)
        adv = info[i].codepoint ? adv : 0.333 * s;
      else if (c == 0x2009)
        adv = info[i].codepoint ? adv : 0.1667 * s;
      if (!(c == ' ' || c == 0xA0 || c == 0x2009))
        {
          AbBox *gl = ab_box_glyph (ctx->arena, ctx->font, info[i].codepoint, s);
          place (g, gl, g->w + pos[i].x_offset / upem * s, -pos[i].y_offset / upem * s);
          g->h = MAX (g->h, gl->h);
          g->d = MAX (g->d, gl->d);
        }
      g->w += adv;
    }
  hb_buffer_destroy (buf);
  return g;
}

/* Characters in script styles take the font's optical script forms. */
static guint
script_glyph (Ctx *ctx, gunichar cp, int style)
{
  return ab_math_font_glyph_ssty (ctx->font, cp, LEVEL (style) - 1);
}

/* Large operators: the display variant (≥ DisplayOperatorMinHeight) in
 * display style, then centred on the math axis like TeX's Rule 13. */
static AbBox *
layout_op_char (Ctx *ctx, AbNode *n, int style, double *italic)
{
  double s = style_scale (ctx, style);
  AbBox *g;
  if (LEVEL (style) == 0)
    g = ab_box_stretchy (ctx->arena, ctx->font, n->cp, TRUE,
                         K (ctx, C (DISPLAY_OPERATOR_MIN_HEIGHT), style), s);
  else
    g = ab_box_glyph (ctx->arena, ctx->font, script_glyph (ctx, n->cp, style), s);
  *italic = g->kind == AB_BOX_GLYPH ? g->italic : 0;
  double axis = K (ctx, C (AXIS_HEIGHT), style);
  double shift = (g->h - g->d) / 2 - axis;   /* move down by this much */
  AbBox *w = ab_box_new (ctx->arena, AB_BOX_GROUP);
  place (w, g, 0, shift);
  w->w = g->w;
  w->h = g->h - shift;
  w->d = g->d + shift;
  return w;
}

static AbBox *
layout_nucleus (Ctx *ctx, AbNode *n, int style, gboolean *is_char, double *italic)
{
  *is_char = FALSE;
  *italic = 0;
  switch (n->kind)
    {
    case AB_NODE_LIST:
      return layout_list (ctx, n, style);
    case AB_NODE_CHAR:
      if (n->cls == AB_ATOM_OP)
        return layout_op_char (ctx, n, style, italic);
      {
        AbBox *g = ab_box_glyph (ctx->arena, ctx->font, script_glyph (ctx, n->cp, style),
                                 style_scale (ctx, style));
        *is_char = TRUE;
        *italic = g->italic;
        return g;
      }
    case AB_NODE_TEXT:
      return layout_text (ctx, n, style);
    case AB_NODE_SPACE:
      {
        AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
        g->w = n->amount * style_scale (ctx, style) / 18.0;
        return g;
      }
    case AB_NODE_STYLE:
      return layout_list (ctx, n->a, n->flag);
    case AB_NODE_COLOR:
      {
        AbBox *c = ab_box_new (ctx->arena, AB_BOX_COLOR);
        AbBox *body = layout_node (ctx, n->a, style);
        memcpy (c->rgb, n->rgb, sizeof c->rgb);
        place (c, body, 0, 0);
        c->w = body->w, c->h = body->h, c->d = body->d;
        return c;
      }
    case AB_NODE_PHANTOM:
      {
        /* Takes the room of its body, draws nothing: the box has no children. */
        AbBox *body = layout_node (ctx, n->a, style);
        AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
        g->w = n->flag == 2 ? 0 : body->w;
        g->h = n->flag == 1 ? 0 : body->h;
        g->d = n->flag == 1 ? 0 : body->d;
        return g;
      }
    case AB_NODE_STACK:
      {
        AbBox *base = layout_node (ctx, n->a, style);
        AbBox *script = layout_node (ctx, n->b, n->flag ? style_sub (style) : style_sup (style));
        return attach_limits (ctx, base, n->flag ? NULL : script, n->flag ? script : NULL, 0, style);
      }
    case AB_NODE_BIGDELIM:
      return delimiter_box (ctx, n->cp, n->amount * style_scale (ctx, style), style);
    case AB_NODE_FRAC:      return layout_frac (ctx, n, style);
    case AB_NODE_SQRT:      return layout_sqrt (ctx, n, style);
    case AB_NODE_ACCENT:    return layout_accent (ctx, n, style);
    case AB_NODE_OVERUNDER: return layout_overunder (ctx, n, style);
    case AB_NODE_FENCED:    return layout_fenced (ctx, n, style);
    case AB_NODE_ARRAY:     return layout_array (ctx, n, style);
    case AB_NODE_BOXED:     return layout_boxed (ctx, n, style);
    default:
      g_assert_not_reached ();
    }
}

AbBox *
attach_limits (Ctx *ctx, AbBox *base, AbBox *over, AbBox *under, double italic, int style)
{
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  double w = base->w;
  if (over) w = MAX (w, over->w);
  if (under) w = MAX (w, under->w);
  place (g, base, (w - base->w) / 2, 0);
  g->w = w;
  g->h = base->h;
  g->d = base->d;
  /* Limits lean with the slant of an integral-like glyph: ± italic/2. */
  if (over)
    {
      double gap = MAX (K (ctx, C (UPPER_LIMIT_GAP_MIN), style),
                        K (ctx, C (UPPER_LIMIT_BASELINE_RISE_MIN), style) - over->d);
      double y = -(base->h + gap + over->d);
      place (g, over, (w - over->w) / 2 + italic / 2, y);
      g->h = base->h + gap + over->d + over->h;
    }
  if (under)
    {
      double gap = MAX (K (ctx, C (LOWER_LIMIT_GAP_MIN), style),
                        K (ctx, C (LOWER_LIMIT_BASELINE_DROP_MIN), style) - under->h);
      double y = base->d + gap + under->h;
      place (g, under, (w - under->w) / 2 - italic / 2, y);
      g->d = y + under->d;
    }
  return g;
}

/* Sub/superscripts beside the nucleus: OpenType MATH's version of TeX's
 * Rule 18 (shift-up/down minima, baseline drops, the sub/sup gap). */
static AbBox *
attach_scripts (Ctx *ctx, AbBox *base, AbBox *sup, AbBox *sub, gboolean is_char,
                gboolean is_op, double italic, int style)
{
  double u = 0, v = 0;
  if (sup)
    {
      u = K (ctx, CRAMPED (style) ? C (SUPERSCRIPT_SHIFT_UP_CRAMPED) : C (SUPERSCRIPT_SHIFT_UP), style);
      if (!is_char)
        u = MAX (u, base->h - K (ctx, C (SUPERSCRIPT_BASELINE_DROP_MAX), style));
      u = MAX (u, sup->d + K (ctx, C (SUPERSCRIPT_BOTTOM_MIN), style));
    }
  if (sub)
    {
      v = K (ctx, C (SUBSCRIPT_SHIFT_DOWN), style);
      if (!is_char)
        v = MAX (v, base->d + K (ctx, C (SUBSCRIPT_BASELINE_DROP_MIN), style));
      v = MAX (v, sub->h - K (ctx, C (SUBSCRIPT_TOP_MAX), style));
    }
  if (sup && sub)
    {
      double gap = (u - sup->d) - (sub->h - v);
      double min_gap = K (ctx, C (SUB_SUPERSCRIPT_GAP_MIN), style);
      if (gap < min_gap)
        {
          v += min_gap - gap;
          double psi = K (ctx, C (SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT), style) - (u - sup->d);
          if (psi > 0)
            {
              u += psi;
              v -= psi;
            }
        }
    }
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  place (g, base, 0, 0);
  g->h = base->h;
  g->d = base->d;
  /* The superscript clears the slant of an italic letter; under an integral
   * the subscript tucks in by the same amount. */
  double sup_x = base->w + (is_op ? 0 : italic);
  double sub_x = base->w - (is_op ? italic : 0);
  /* The font's cut-in kerns refine that for single letters (MathKernInfo),
   * measured at the height where the script meets the letter. */
  if (is_char && base->kind == AB_BOX_GLYPH && base->scale > 0)
    {
      double s = base->scale;
      if (sup)
        sup_x += ab_math_font_corner_kern (ctx->font, base->gid, HB_OT_MATH_KERN_TOP_RIGHT,
                                           (u - sup->d) / s) * s;
      if (sub)
        sub_x += ab_math_font_corner_kern (ctx->font, base->gid, HB_OT_MATH_KERN_BOTTOM_RIGHT,
                                           (sub->h - v) / s) * s;
    }
  double w = base->w;
  if (sup)
    {
      place (g, sup, sup_x, -u);
      w = MAX (w, sup_x + sup->w);
      g->h = MAX (g->h, u + sup->h);
      g->d = MAX (g->d, sup->d - u);
    }
  if (sub)
    {
      place (g, sub, sub_x, v);
      w = MAX (w, sub_x + sub->w);
      g->h = MAX (g->h, sub->h - v);
      g->d = MAX (g->d, v + sub->d);
    }
  g->w = w + K (ctx, C (SPACE_AFTER_SCRIPT), style);
  return g;
}

AbBox *
layout_node (Ctx *ctx, AbNode *n, int style)
{
  gboolean is_char;
  double italic;
  AbBox *base = layout_nucleus (ctx, n, style, &is_char, &italic);
  if (!n->sub && !n->sup)
    {
      /* TeX's Rule 17: an italic letter keeps its italic correction, so
       * "V)" does not collide (the papers are set this way). */
      if (is_char)
        base->w += italic;
      return base;
    }
  AbBox *sup = n->sup ? layout_node (ctx, n->sup, style_sup (style)) : NULL;
  AbBox *sub = n->sub ? layout_node (ctx, n->sub, style_sub (style)) : NULL;
  gboolean is_op = n->cls == AB_ATOM_OP;
  if (is_op && (n->limits == 1 || (n->limits == 2 && LEVEL (style) == 0)))
    return attach_limits (ctx, base, sup, sub, italic, style);
  return attach_scripts (ctx, base, sup, sub, is_char, is_op && n->kind == AB_NODE_CHAR, italic, style);
}

AbBox *
ab_math_layout (AbArena *arena, const AbMathFont *font, AbNode *root, gboolean display)
{
  Ctx ctx = {
    .arena = arena,
    .font = font,
    .script_scale = ab_math_font_constant (font, C (SCRIPT_PERCENT_SCALE_DOWN)),
    .scriptscript_scale = ab_math_font_constant (font, C (SCRIPT_SCRIPT_PERCENT_SCALE_DOWN)),
  };
  return layout_node (&ctx, root, display ? STYLE_D : STYLE_T);
}

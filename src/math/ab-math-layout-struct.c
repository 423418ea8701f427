/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-layout-struct.c — the structures of a formula: fractions (TeX
 * Rule 15 with the MATH table's Fraction* and Stack* constants), radicals
 * (Radical*), stretchy fences (\left…\middle…\right, TeX's delimiter factor
 * and shortfall), accents and arrows (AccentBaseHeight, top-accent
 * attachment), braces with labels, environments and \boxed. */
#define G_LOG_DOMAIN "ab-math-layout-struct"

#include "ab-math-layout-private.h"

#define C(name) HB_OT_MATH_CONSTANT_##name

/* TeX's \nulldelimiterspace (1.2pt at 10pt), \delimiterfactor 901 and
 * \delimitershortfall 5pt, in em. */
#define NULL_DELIMITER_SPACE 0.12
#define DELIMITER_FACTOR     0.901
#define DELIMITER_SHORTFALL  0.5

static AbBox *
wrap_shifted (Ctx *ctx, AbBox *child, double x, double y, AbBox *into)
{
  place (into, child, x, y);
  into->h = MAX (into->h, child->h - y);
  into->d = MAX (into->d, child->d + y);
  into->w = MAX (into->w, x + child->w);
  return into;
}

AbBox *
layout_frac (Ctx *ctx, AbNode *n, int style)
{
  if (n->flag == 1)
    style = STYLE_D | CRAMPED (style);
  else if (n->flag == 2)
    style = STYLE_T | CRAMPED (style);
  gboolean display = LEVEL (style) == 0;
  AbBox *num = layout_node (ctx, n->a, style_num (style));
  AbBox *den = layout_node (ctx, n->b, style_den (style));
  double axis = K (ctx, C (AXIS_HEIGHT), style);
  double u, v, t = 0;
  if (n->amount >= 0)
    {
      t = K (ctx, C (FRACTION_RULE_THICKNESS), style);
      u = K (ctx, display ? C (FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP) : C (FRACTION_NUMERATOR_SHIFT_UP), style);
      v = K (ctx, display ? C (FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN) : C (FRACTION_DENOMINATOR_SHIFT_DOWN), style);
      double gn = K (ctx, display ? C (FRACTION_NUM_DISPLAY_STYLE_GAP_MIN) : C (FRACTION_NUMERATOR_GAP_MIN), style);
      double gd = K (ctx, display ? C (FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN) : C (FRACTION_DENOMINATOR_GAP_MIN), style);
      u = MAX (u, axis + t / 2 + gn + num->d);
      v = MAX (v, den->h + gd + t / 2 - axis);
    }
  else
    {
      /* \binom: a rule-less stack with its own gap. */
      u = K (ctx, display ? C (STACK_TOP_DISPLAY_STYLE_SHIFT_UP) : C (STACK_TOP_SHIFT_UP), style);
      v = K (ctx, display ? C (STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN) : C (STACK_BOTTOM_SHIFT_DOWN), style);
      double gap = K (ctx, display ? C (STACK_DISPLAY_STYLE_GAP_MIN) : C (STACK_GAP_MIN), style);
      double actual = (u - num->d) - (den->h - v);
      if (actual < gap)
        {
          u += (gap - actual) / 2;
          v += (gap - actual) / 2;
        }
    }
  double pad = NULL_DELIMITER_SPACE * style_scale (ctx, style);
  double w = MAX (num->w, den->w);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  wrap_shifted (ctx, num, pad + (w - num->w) / 2, -u, g);
  wrap_shifted (ctx, den, pad + (w - den->w) / 2, v, g);
  if (t > 0)
    wrap_shifted (ctx, ab_box_rule (ctx->arena, w, t / 2, t / 2), pad, -axis, g);
  g->w = w + 2 * pad;
  return g;
}

AbBox *
layout_sqrt (Ctx *ctx, AbNode *n, int style)
{
  double s = style_scale (ctx, style);
  AbBox *body = layout_node (ctx, n->a, CRAMP (style));
  double t = K (ctx, C (RADICAL_RULE_THICKNESS), style);
  double gap = K (ctx, LEVEL (style) == 0 ? C (RADICAL_DISPLAY_STYLE_VERTICAL_GAP) : C (RADICAL_VERTICAL_GAP), style);
  double extra = K (ctx, C (RADICAL_EXTRA_ASCENDER), style);
  double target = body->h + body->d + gap + t;
  AbBox *surd = ab_box_stretchy (ctx->arena, ctx->font, 0x221A, TRUE, target, s);
  double total = surd->h + surd->d;
  if (total > target)
    gap += (total - target) / 2;   /* centre the radicand in a taller sign */
  double top = body->h + gap + t;    /* height of the rule's top edge */

  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  double x = 0;
  if (n->b)
    {
      AbBox *index = layout_node (ctx, n->b, STYLE_SS);
      double before = K (ctx, C (RADICAL_KERN_BEFORE_DEGREE), style);
      double after = K (ctx, C (RADICAL_KERN_AFTER_DEGREE), style);
      double raise = ab_math_font_constant (ctx->font, C (RADICAL_DEGREE_BOTTOM_RAISE_PERCENT)) * total;
      double surd_bottom = top - total;   /* y-up */
      wrap_shifted (ctx, index, before, -(surd_bottom + raise + index->d), g);
      x = MAX (0, before + index->w + after);
    }
  /* The sign's top meets the rule: shift so its ink top sits at `top`. */
  wrap_shifted (ctx, surd, x, -(top - surd->h), g);
  x += surd->w;
  wrap_shifted (ctx, body, x, 0, g);
  wrap_shifted (ctx, ab_box_rule (ctx->arena, body->w, t, 0), x, -(top - t), g);
  g->h = MAX (g->h, top + extra);
  g->w = x + body->w;
  return g;
}

/* TeX's rule for \left/\right: cover the formula symmetrically about the
 * axis, allowing a shortfall of the delimiter factor or 5pt. */
double
delimiter_size_for (Ctx *ctx, double h, double d, int style)
{
  double axis = K (ctx, C (AXIS_HEIGHT), style);
  double delta = MAX (h - axis, d + axis);
  double s = style_scale (ctx, style);
  return MAX (2 * delta * DELIMITER_FACTOR, 2 * delta - DELIMITER_SHORTFALL * s);
}

AbBox *
delimiter_box (Ctx *ctx, gunichar cp, double size, int style)
{
  double s = style_scale (ctx, style);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  if (cp == 0)
    {
      g->w = NULL_DELIMITER_SPACE * s;
      return g;
    }
  AbBox *d = ab_box_stretchy (ctx->arena, ctx->font, cp, TRUE, size, s);
  double axis = K (ctx, C (AXIS_HEIGHT), style);
  double shift = (d->h - d->d) / 2 - axis;
  return wrap_shifted (ctx, d, 0, shift, g);
}

AbBox *
layout_fenced (Ctx *ctx, AbNode *n, int style)
{
  int nseg = 0;
  for (AbNode *c = n->first; c; c = c->next)
    nseg++;
  AbBox **segs = ab_arena_alloc (ctx->arena, MAX (nseg, 1) * sizeof (AbBox *));
  double h = 0, d = 0;
  int i = 0;
  for (AbNode *c = n->first; c; c = c->next, i++)
    {
      segs[i] = layout_node (ctx, c, style);
      h = MAX (h, segs[i]->h);
      d = MAX (d, segs[i]->d);
    }
  double size = delimiter_size_for (ctx, h, d, style);
  AbBox **all = ab_arena_alloc (ctx->arena, (2 * nseg + 1) * sizeof (AbBox *));
  int k = 0;
  for (i = 0; i < n->n_delims; i++)
    {
      all[k++] = delimiter_box (ctx, n->delims[i], size, style);
      if (i < nseg)
        all[k++] = segs[i];
    }
  return hbox_of (ctx, all, k);
}

AbBox *
layout_accent (Ctx *ctx, AbNode *n, int style)
{
  double s = style_scale (ctx, style);
  AbBox *base = layout_node (ctx, n->a, CRAMP (style));
  AbBox *acc;
  if (n->flag)
    acc = ab_box_stretchy (ctx->arena, ctx->font, n->cp, FALSE,
                           n->flag == 2 ? base->w : base->w * 0.9, s);
  else
    acc = ab_box_glyph (ctx->arena, ctx->font, ab_math_font_glyph (ctx->font, n->cp), s);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  wrap_shifted (ctx, base, 0, 0, g);
  double x, y;
  if (n->flag == 2)
    {
      /* Arrows sit above the base on their own, with a bar's clearance. */
      x = (base->w - acc->w) / 2;
      y = -(base->h + K (ctx, C (OVERBAR_VERTICAL_GAP), style) + acc->d);
    }
  else
    {
      /* Accent glyphs are drawn for x-height bases: raise them only by what
       * the base exceeds AccentBaseHeight. Single glyphs align the two
       * top-accent attachment points so the hat follows an italic slant. */
      double base_attach = (n->a->kind == AB_NODE_CHAR && base->kind == AB_BOX_GLYPH)
                           ? base->accent_x : base->w / 2;
      double acc_attach = acc->kind == AB_BOX_GLYPH ? acc->accent_x : acc->w / 2;
      x = base_attach - acc_attach;
      y = -MAX (0, base->h - K (ctx, C (ACCENT_BASE_HEIGHT), style));
    }
  wrap_shifted (ctx, acc, x, y, g);
  g->w = base->w;   /* an accent never widens its base */
  return g;
}

AbBox *
layout_overunder (Ctx *ctx, AbNode *n, int style)
{
  AbBox *body = layout_node (ctx, n->a, n->flag == 2 ? CRAMP (style) : style);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  wrap_shifted (ctx, body, 0, 0, g);
  if (n->flag >= 2)
    {
      /* \overline / \underline: a rule with the Overbar/Underbar gaps. */
      gboolean under = n->flag == 3;
      double t = K (ctx, under ? C (UNDERBAR_RULE_THICKNESS) : C (OVERBAR_RULE_THICKNESS), style);
      double gap = K (ctx, under ? C (UNDERBAR_VERTICAL_GAP) : C (OVERBAR_VERTICAL_GAP), style);
      double extra = K (ctx, under ? C (UNDERBAR_EXTRA_DESCENDER) : C (OVERBAR_EXTRA_ASCENDER), style);
      if (under)
        {
          wrap_shifted (ctx, ab_box_rule (ctx->arena, body->w, 0, t), 0, body->d + gap, g);
          g->d += extra;
        }
      else
        {
          wrap_shifted (ctx, ab_box_rule (ctx->arena, body->w, t, 0), 0, -(body->h + gap), g);
          g->h += extra;
        }
      return g;
    }
  /* Braces stretch horizontally to the body; the label is attached later as
   * a limit by layout_node (the node is an Op with \limits). */
  AbBox *brace = ab_box_stretchy (ctx->arena, ctx->font, n->cp, FALSE, body->w, style_scale (ctx, style));
  double gap = K (ctx, C (STRETCH_STACK_GAP_BELOW_MIN), style);
  double x = (body->w - brace->w) / 2;
  if (n->flag == 1)
    wrap_shifted (ctx, brace, x, body->d + gap + brace->h, g);
  else
    wrap_shifted (ctx, brace, x, -(body->h + gap + brace->d), g);
  g->w = MAX (body->w, brace->w);
  return g;
}

AbBox *
layout_boxed (Ctx *ctx, AbNode *n, int style)
{
  /* \boxed is \fbox{$\displaystyle …$}: 3pt padding, 0.4pt rules. */
  double s = style_scale (ctx, style);
  double pad = 0.3 * s, t = 0.04 * s;
  AbBox *body = layout_node (ctx, n->a, STYLE_D);
  AbBox *g = ab_box_new (ctx->arena, AB_BOX_GROUP);
  double w = body->w + 2 * (pad + t);
  double top = body->h + pad + t, bottom = body->d + pad + t;
  wrap_shifted (ctx, body, pad + t, 0, g);
  wrap_shifted (ctx, ab_box_rule (ctx->arena, w, top, -(top - t)), 0, 0, g);        /* top */
  wrap_shifted (ctx, ab_box_rule (ctx->arena, w, -(bottom - t), bottom), 0, 0, g);  /* bottom */
  wrap_shifted (ctx, ab_box_rule (ctx->arena, t, top, bottom), 0, 0, g);            /* left */
  wrap_shifted (ctx, ab_box_rule (ctx->arena, t, top, bottom), w - t, 0, g);        /* right */
  g->w = w;
  return g;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-layout-array.c — environments: aligned, matrix/pmatrix/bmatrix/
 * vmatrix, cases and array. Cells are laid out first, then columns take their
 * widest cell and rows their tallest, with LaTeX's strut minima so rows of
 * short symbols keep an even rhythm; the whole grid is centred on the math
 * axis and, for the matrix forms, fenced with stretchy delimiters. */
#define G_LOG_DOMAIN "ab-math-layout-array"

#include <string.h>
#include "ab-math-layout-private.h"

#define C(name) HB_OT_MATH_CONSTANT_##name

/* LaTeX: array strut 0.7/0.3 of a 12pt baselineskip (10pt type), column
 * separation 2·\arraycolsep = 10pt, aligned rows 3pt (\jot) apart. */
#define STRUT_HEIGHT 0.84
#define STRUT_DEPTH  0.36
#define COL_SEP      1.0
#define JOT          0.3

static char
column_align (AbNode *n, int col)
{
  switch (n->env)
    {
    case AB_ENV_ALIGNED:
      return col % 2 == 0 ? 'r' : 'l';
    case AB_ENV_CASES:
      return 'l';
    case AB_ENV_ARRAY:
      return n->text && col < (int) strlen (n->text) ? n->text[col] : 'c';
    default:
      return 'c';
    }
}

AbBox *
layout_array (Ctx *ctx, AbNode *n, int style)
{
  double s = style_scale (ctx, style);
  int rows = n->rows, cols = n->cols;
  /* aligned is set in display style (amsmath); the others in text style at
   * most, as a matrix inside a subscript stays small. */
  int cell_style = n->env == AB_ENV_ALIGNED ? STYLE_D : MAX (LEVEL (style), 1) * 2;
  AbBox **cells = ab_arena_alloc (ctx->arena, MAX (rows * cols, 1) * sizeof (AbBox *));
  double *colw = ab_arena_alloc (ctx->arena, MAX (cols, 1) * sizeof (double));
  double *rowh = ab_arena_alloc (ctx->arena, MAX (rows, 1) * sizeof (double));
  double *rowd = ab_arena_alloc (ctx->arena, MAX (rows, 1) * sizeof (double));
  double cs = style_scale (ctx, cell_style);
  for (int r = 0; r < rows; r++)
    {
      rowh[r] = n->env == AB_ENV_ALIGNED ? 0 : STRUT_HEIGHT * cs;
      rowd[r] = n->env == AB_ENV_ALIGNED ? 0 : STRUT_DEPTH * cs;
      if (n->env == AB_ENV_CASES)
        rowh[r] *= 1.2, rowd[r] *= 1.2;   /* amsmath's \arraystretch for cases */
      for (int c = 0; c < cols; c++)
        {
          AbNode *cell = n->cells[r * cols + c];
          AbBox *b = cell ? layout_node (ctx, cell, cell_style) : ab_box_new (ctx->arena, AB_BOX_GROUP);
          cells[r * cols + c] = b;
          colw[c] = MAX (colw[c], b->w);
          rowh[r] = MAX (rowh[r], b->h);
          rowd[r] = MAX (rowd[r], b->d);
        }
    }

  AbBox *grid = ab_box_new (ctx->arena, AB_BOX_GROUP);
  double y = 0;   /* baseline of the current row, from the grid top (down) */
  for (int r = 0; r < rows; r++)
    {
      if (r == 0)
        y = rowh[0];
      else if (n->env == AB_ENV_ALIGNED)
        /* Display lines: 12pt baselines unless the rows would touch. */
        y += MAX (1.2 * cs, rowd[r - 1] + rowh[r] + 0.1 * cs) + JOT * cs;
      else
        y += rowd[r - 1] + rowh[r];
      double x = 0;
      for (int c = 0; c < cols; c++)
        {
          AbBox *b = cells[r * cols + c];
          char a = column_align (n, c);
          double off = a == 'l' ? 0 : a == 'r' ? colw[c] - b->w : (colw[c] - b->w) / 2;
          place (grid, b, x + off, y);
          x += colw[c];
          if (c + 1 < cols)
            {
              /* aligned pairs (r l) sit flush; pairs are an em apart. */
              if (n->env == AB_ENV_ALIGNED)
                x += c % 2 == 1 ? COL_SEP * cs : 0;
              else
                x += COL_SEP * cs;
            }
        }
      grid->w = MAX (grid->w, x);
    }
  double total = rows > 0 ? y + rowd[rows - 1] : 0;
  /* Centre the grid on the axis: move all rows up. */
  double axis = K (ctx, C (AXIS_HEIGHT), style);
  double top = total / 2 + axis;
  for (AbBox *b = grid->first; b; b = b->next)
    b->y -= top;
  grid->h = top;
  grid->d = total - top;

  gunichar left = 0, right = 0;
  switch (n->env)
    {
    case AB_ENV_PMATRIX: left = '(', right = ')'; break;
    case AB_ENV_BMATRIX: left = '[', right = ']'; break;
    case AB_ENV_VMATRIX: left = '|', right = '|'; break;
    case AB_ENV_CASES:   left = '{'; break;
    default:
      return grid;
    }
  double size = delimiter_size_for (ctx, grid->h, grid->d, style);
  AbBox *parts[5];
  int k = 0;
  parts[k++] = delimiter_box (ctx, left, size, style);
  if (n->env == AB_ENV_CASES)
    {
      AbBox *kern = ab_box_new (ctx->arena, AB_BOX_GROUP);
      kern->w = 0.2 * s;
      parts[k++] = kern;
    }
  else
    {
      AbBox *kern = ab_box_new (ctx->arena, AB_BOX_GROUP);
      kern->w = 0.1 * s;
      parts[k++] = kern;
    }
  parts[k++] = grid;
  if (right)
    {
      AbBox *kern = ab_box_new (ctx->arena, AB_BOX_GROUP);
      kern->w = 0.1 * s;
      parts[k++] = kern;
      parts[k++] = delimiter_box (ctx, right, size, style);
    }
  return hbox_of (ctx, parts, k);
}

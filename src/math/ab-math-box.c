/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-box.c — the box tree that layout produces and render draws, its
 * arena, and stretchy glyphs (delimiters, radicals, braces, arrows) built
 * from the MATH table's size variants or, past the largest, its assembly of
 * extender parts — the same two-step search TeX engines use. */
#define G_LOG_DOMAIN "ab-math-box"

#include <string.h>
#include <hb-ot.h>
#include "ab-math-private.h"

/* ---- arena: every node and box of one expression, freed in one go ------- */

#define CHUNK_SIZE 8192

struct _AbArena {
  GSList *chunks;
  char   *cur;
  gsize   left;
};

AbArena *
ab_arena_new (void)
{
  return g_new0 (AbArena, 1);
}

void
ab_arena_free (AbArena *arena)
{
  if (!arena)
    return;
  g_slist_free_full (arena->chunks, g_free);
  g_free (arena);
}

gpointer
ab_arena_alloc (AbArena *arena, gsize size)
{
  size = (size + 15) & ~(gsize) 15;
  if (size > arena->left)
    {
      gsize n = MAX (CHUNK_SIZE, size);
      char *chunk = g_malloc0 (n);
      arena->chunks = g_slist_prepend (arena->chunks, chunk);
      arena->cur = chunk;
      arena->left = n;
    }
  gpointer p = arena->cur;
  arena->cur += size;
  arena->left -= size;
  return p;
}

/* ---- boxes ---------------------------------------------------------------- */

AbBox *
ab_box_new (AbArena *arena, AbBoxKind kind)
{
  AbBox *b = ab_arena_new0 (arena, AbBox);
  b->kind = kind;
  return b;
}

void
ab_box_append (AbBox *parent, AbBox *child)
{
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

AbBox *
ab_box_glyph (AbArena *arena, const AbMathFont *font, guint gid, double scale)
{
  AbBox *b = ab_box_new (arena, AB_BOX_GLYPH);
  double adv, h, d;
  ab_math_font_glyph_metrics (font, gid, &adv, &h, &d);
  b->gid = gid;
  b->scale = scale;
  b->w = adv * scale;
  b->h = h * scale;
  b->d = d * scale;
  b->italic = ab_math_font_italic (font, gid) * scale;
  b->accent_x = ab_math_font_top_accent (font, gid) * scale;
  return b;
}

AbBox *
ab_box_rule (AbArena *arena, double w, double h, double d)
{
  AbBox *b = ab_box_new (arena, AB_BOX_RULE);
  b->w = w;
  b->h = h;
  b->d = d;
  return b;
}

#define MAX_PARTS 16
#define MAX_REPEATS 200   /* bounds fuzzed sizes; 200 extenders is ~40 em */

static AbBox *
assemble (AbArena *arena, const AbMathFont *font, const hb_ot_math_glyph_part_t *parts,
          unsigned n_parts, gboolean vertical, double target, double scale)
{
  double upem = font->upem;
  hb_direction_t dir = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR;
  double min_overlap = hb_ot_math_get_min_connector_overlap (font->hb, dir) / upem;
  double fixed = 0, ext = 0;
  int n_fixed = 0, n_ext = 0;
  for (unsigned i = 0; i < n_parts; i++)
    {
      if (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER)
        ext += parts[i].full_advance / upem, n_ext++;
      else
        fixed += parts[i].full_advance / upem, n_fixed++;
    }
  /* Fewest extender repeats that can reach the target at minimum overlap. */
  int reps = 0;
  while (n_ext > 0 && reps < MAX_REPEATS)
    {
      int count = n_fixed + reps * n_ext;
      if (fixed + reps * ext - (count - 1) * min_overlap >= target)
        break;
      reps++;
    }
  int count = n_fixed + reps * n_ext;
  hb_ot_math_glyph_part_t *seq = g_newa (hb_ot_math_glyph_part_t, MAX (count, 1));
  int k = 0;
  for (unsigned i = 0; i < n_parts; i++)
    {
      int times = (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) ? reps : 1;
      for (int t = 0; t < times; t++)
        seq[k++] = parts[i];
    }
  double total_adv = 0;
  for (int i = 0; i < count; i++)
    total_adv += seq[i].full_advance / upem;
  /* Spread the surplus evenly over the joints, within each joint's connectors. */
  double overlap = count > 1 ? (total_adv - target) / (count - 1) : 0;
  overlap = MAX (overlap, min_overlap);

  AbBox *box = ab_box_new (arena, AB_BOX_GROUP);
  double pos = 0;
  for (int i = 0; i < count; i++)
    {
      AbBox *g = ab_box_glyph (arena, font, seq[i].glyph, scale);
      if (vertical)
        {
          g->x = 0;
          g->y = -(pos * scale + g->d);
          box->w = MAX (box->w, g->w);
        }
      else
        {
          g->x = pos * scale;
          g->y = 0;
          box->h = MAX (box->h, g->h);
          box->d = MAX (box->d, g->d);
        }
      ab_box_append (box, g);
      if (i + 1 < count)
        {
          double joint = MIN (seq[i].end_connector_length, seq[i + 1].start_connector_length) / upem;
          pos += seq[i].full_advance / upem - CLAMP (overlap, min_overlap, MAX (joint, min_overlap));
        }
      else
        pos += seq[i].full_advance / upem;
    }
  if (vertical)
    box->h = pos * scale;
  else
    box->w = pos * scale;
  return box;
}

AbBox *
ab_box_stretchy (AbArena *arena, const AbMathFont *font, gunichar cp,
                 gboolean vertical, double size, double scale)
{
  guint gid = ab_math_font_glyph (font, cp);
  if (!gid)
    return ab_box_new (arena, AB_BOX_GROUP);
  double target = size / scale;   /* compare in the glyph's own em */
  hb_direction_t dir = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR;
  guint best = gid;
  double best_len = 0;
  {
    double adv, h, d;
    ab_math_font_glyph_metrics (font, gid, &adv, &h, &d);
    best_len = vertical ? h + d : adv;
    if (best_len >= target)
      return ab_box_glyph (arena, font, gid, scale);
  }
  unsigned offset = 0;
  for (;;)
    {
      hb_ot_math_glyph_variant_t v[16];
      unsigned n = G_N_ELEMENTS (v);
      unsigned total = hb_ot_math_get_glyph_variants (font->hb, gid, dir, offset, &n, v);
      for (unsigned i = 0; i < n; i++)
        {
          double len = v[i].advance / font->upem;
          if (len >= target)
            return ab_box_glyph (arena, font, v[i].glyph, scale);
          if (len > best_len)
            best = v[i].glyph, best_len = len;
        }
      offset += n;
      if (n == 0 || offset >= total)
        break;
    }
  hb_ot_math_glyph_part_t parts[MAX_PARTS];
  unsigned n_parts = MAX_PARTS;
  hb_position_t italic;
  hb_ot_math_get_glyph_assembly (font->hb, gid, dir, 0, &n_parts, parts, &italic);
  if (n_parts == 0)
    return ab_box_glyph (arena, font, best, scale);
  return assemble (arena, font, parts, n_parts, vertical, target, scale);
}

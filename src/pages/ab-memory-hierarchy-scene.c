/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-memory-hierarchy-scene.c — the traffic scene of gpu-memory-hierarchy
 *
 * An SM (its shared memory) over HBM holding Q, K, V, O to scale and the two
 * N × N matrices S and P; the bus between them, writes down the left lane and
 * reads up the right one; and two stopwatches that run for the bytes the IO
 * model counts at the GPU's HBM bandwidth. See ab-memory-hierarchy-diagram.c.
 */
#define G_LOG_DOMAIN "ab-memory-hierarchy-diagram"

#include "ab-memory-hierarchy-diagram-private.h"
#include "ab-components.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-hw-format.h"

#include <glib/gi18n.h>
#include <math.h>


/* A stopwatch: dial, twelve ticks, a hand at @frac of a turn. */
static void
draw_dial (cairo_t *cr, double cx, double cy, double r, double frac, AbRgb hand)
{
  double a = -G_PI / 2 + 2 * G_PI * frac;

  cairo_save (cr);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);
  /* the crown of the stopwatch */
  cairo_rectangle (cr, cx - r * 0.09, cy - r - r * 0.2, r * 0.18, r * 0.16);
  ab_set_rgb (cr, AB_BORDER);
  cairo_fill (cr);
  for (int t = 0; t < 12; t++)
    {
      double ta = 2 * G_PI * t / 12, inner = t % 3 == 0 ? 0.8 : 0.88;
      cairo_move_to (cr, cx + cos (ta) * r * inner, cy + sin (ta) * r * inner);
      cairo_line_to (cr, cx + cos (ta) * r * 0.96, cy + sin (ta) * r * 0.96);
    }
  ab_set_rgb (cr, AB_MUTED);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  /* the elapsed sector */
  if (frac > 0)
    {
      cairo_move_to (cr, cx, cy);
      cairo_arc (cr, cx, cy, r * 0.76, -G_PI / 2, a);
      cairo_close_path (cr);
      ab_set_rgba (cr, hand, 0.22);
      cairo_fill (cr);
    }
  cairo_move_to (cr, cx, cy);
  cairo_line_to (cr, cx + cos (a) * r * 0.78, cy + sin (a) * r * 0.78);
  ab_set_rgb (cr, hand);
  cairo_set_line_width (cr, 4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
  cairo_arc (cr, cx, cy, 5, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* One N × N matrix in HBM: outlined until written, filled red as its rows
 * are written (@wrote), a blue band sweeping down while it is read (@read);
 * @gone fades it to a dashed outline (FlashAttention never stores it). */
static void
draw_matrix (cairo_t *cr, AbRect sq, const char *name, double wrote, double read, double gone)
{
  double alpha = 1.0 - 0.85 * gone;
  double band = MAX (sq.h / 12, 4);
  double sym = ab_style_size (cr, AB_TEXT_SYMBOL);

  cairo_save (cr);
  cairo_rectangle (cr, sq.x, sq.y, sq.w, sq.h);
  ab_set_rgb (cr, AB_BG);
  cairo_fill (cr);
  if (wrote > 0)
    {
      cairo_rectangle (cr, sq.x, sq.y, sq.w, sq.h * wrote);
      ab_set_rgba (cr, AB_HBM, 0.6 * alpha);
      cairo_fill (cr);
    }
  if (read > 0 && read < 1)
    {
      cairo_rectangle (cr, sq.x, sq.y + MAX (sq.h * read - band, 0), sq.w, band);
      ab_set_rgba (cr, AB_ACTIVE, 0.95);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, sq.x, sq.y, sq.w, sq.h);
  ab_set_rgba (cr, wrote > 0 && gone < 0.5 ? AB_HBM : AB_MUTED, 0.9);
  cairo_set_line_width (cr, 2);
  if (wrote <= 0 || gone >= 0.5)
    cairo_set_dash (cr, (double[]) { 6, 5 }, 2, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_SYMBOL, name, sq.x + sq.w / 2, sq.y + sq.h / 2 - sym * 0.7,
           ab_rgb_mix (AB_TEXT, AB_TEXT_DIM, gone), AB_ALIGN_CENTER, sq.w);
  if (gone > 0)
    ab_text (cr, AB_TEXT_SMALL, _("never stored"), sq.x + sq.w / 2, sq.y + sq.h / 2 + sym * 0.7,
             ab_rgb_mix (AB_PANEL, AB_SRAM, gone), AB_ALIGN_CENTER, sq.w - 8);
}

/* A pass tag under a matrix: lit in @color once the pass has started. */
static double
draw_tag (cairo_t *cr, double x, double y, const char *text, AbRgb color, double t, double fade, gboolean draw)
{
  double w, h, padx = ab_style_size (cr, AB_TEXT_SMALL) * 0.45;
  AbRect box;

  ab_text_measure (cr, AB_TEXT_SMALL, text, -1, &w, &h);
  box = (AbRect) { x, y, w + 2 * padx, h + 4 };
  if (!draw)
    return box.w;
  cairo_save (cr);
  ab_rounded_rect (cr, box, box.h / 2);
  ab_set_rgba (cr, color, (t > 0 ? 0.25 + 0.35 * t : 0.0) * (1 - fade));
  cairo_fill_preserve (cr);
  ab_set_rgba (cr, t > 0 ? color : AB_BORDER, 1 - 0.7 * fade);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text (cr, AB_TEXT_SMALL, text, x + padx, y + 2, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, t > 0 ? 1 - fade : 0),
           AB_ALIGN_LEFT, -1);
  return box.w;
}

/* A stream of packets along a vertical lane while @t runs 0 → 1. */
static void
draw_stream (cairo_t *cr, double x, double y_from, double y_to, double t, AbRgb color, double size)
{
  if (t <= 0 || t >= 1)
    return;
  cairo_save (cr);
  ab_set_rgb (cr, color);
  for (int k = 0; k < 3; k++)
    {
      double phase = fmod (t * 5 + k / 3.0, 1.0);
      double y = y_from + (y_to - y_from) * phase;
      cairo_rectangle (cr, x - size / 2, y - size / 2, size, size);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* What crosses the bus at @position, one short line. */
static char *
bus_text (const Result *res, double done, double flash)
{
  g_autofree char *matrix = ab_format_bytes ((double) ab_io_matrix_bytes (res->n, res->bytes));

  if (flash > 0)
    {
      g_autofree char *fa = ab_format_bytes ((double) (res->flash.io.read_bytes + res->flash.io.write_bytes));
      return g_strdup_printf (_("only Q, K, V, O (and m, ℓ): %s"), fa);
    }
  if (done <= 0)
    return g_strdup_printf (_("each N × N matrix: %s"), matrix);
  if (done <= res->cum[SEG_READ_S] + 1)
    return g_strdup_printf (_("① S goes down: %s"), matrix);
  if (done <= res->cum[SEG_WRITE_P] + 1)
    return g_strdup_printf (_("② S comes back up: %s"), matrix);
  if (done <= res->cum[SEG_READ_P] + 1)
    return g_strdup_printf (_("③ P goes down: %s"), matrix);
  if (done < res->cum[N_SEGS])
    return g_strdup_printf (_("④ P comes back up: %s"), matrix);
  return g_strdup_printf (_("4 trips × %s"), matrix);
}

void
ab_memory_hierarchy_draw_scene (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  g_autofree char *n = ab_format_count ((guint64) res->n);
  g_autofree char *title = g_strdup_printf (_("One head, one layer: N = %s, d = %d"), n, res->d);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), label_h, small_h, heading;
  double done = ab_memory_hierarchy_standard_done (res, position);
  double flash = ab_tween (position, STEP_READ_P, STEP_FLASH);
  double prog[N_SEGS];
  AbRect c, left, sm, hbm, watches;
  static const char *const tags[] = { N_("① write"), N_("② read"), N_("③ write"), N_("④ read") };
  double bus_top, bus_bot, sq, strips_w, gap, tag_h, tags_w = 0;
  gboolean tags_stacked = FALSE;

  for (int i = 0; i < N_SEGS; i++)
    prog[i] = ab_memory_hierarchy_seg_progress (res, done, i);
  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_LABEL, "Ag", -1, NULL, &label_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &small_h);
  tag_h = small_h + 4;
  for (int m = 0; m < 2; m++)
    tags_w = MAX (tags_w, draw_tag (cr, 0, 0, _(tags[2 * m]), AB_HBM, 0, 0, FALSE)
                            + draw_tag (cr, 0, 0, _(tags[2 * m + 1]), AB_ACTIVE, 0, 0, FALSE) + 6);
  c = (AbRect) { panel.x + pad, panel.y + 14 + heading + pad * 0.6, panel.w - 2 * pad, 0 };
  c.h = panel.y + panel.h - pad - c.y;
  /* The chip and its HBM on the left, the two stopwatches on the right. */
  left = (AbRect) { c.x, c.y, c.w * 0.62, c.h };
  watches = (AbRect) { left.x + left.w + pad, c.y, c.x + c.w - (left.x + left.w + pad), c.h };

  /* Sizes first: the SM box, a bus of a few lines, HBM with the matrices. */
  sm = (AbRect) { left.x, left.y, left.w, label_h + small_h + 26 };
  gap = pad;
  strips_w = 4 * MAX (label_h * 1.1, 14);
  {
    double bus_h = MAX (label_h * 3.2, 54);
    double hbm_h = left.h - sm.h - bus_h;
    double inner = hbm_h - label_h - 22 - tag_h - 12;
    sq = MIN (inner, (left.w - 24 - strips_w - 2 * gap) / 2);
    sq = MAX (sq, 20);
    /* A matrix's two pass tags go side by side under it, or stack when the
     * square is narrower than they are. */
    if (tags_w > sq + gap * 0.8)
      {
        tags_stacked = TRUE;
        tag_h = 2 * tag_h + 4;
        inner = hbm_h - label_h - 22 - tag_h - 12;
        sq = MAX (MIN (inner, sq), 20);
      }
    hbm = (AbRect) { left.x, 0, left.w, sq + label_h + 22 + tag_h + 16 };
    /* Any height the squares cannot use goes to the bus, up to a point;
     * the rest centres the picture. */
    bus_h = MIN (left.h - sm.h - hbm.h, label_h * 5);
    sm.y = left.y + (left.h - sm.h - bus_h - hbm.h) / 2;
    hbm.y = sm.y + sm.h + bus_h;
  }
  bus_top = sm.y + sm.h;
  bus_bot = hbm.y;

  /* The SM: its shared memory, where every tile is computed. */
  {
    g_autofree char *smem = g_strdup_printf (_("SM · shared memory %.0f KiB"), res->gpu->smem_kib_per_sm);
    g_autofree char *tile = flash > 0
                              ? g_strdup_printf (_("tile of S and P, %d × %d: stays here"), res->flash.block_r,
                                                 res->flash.block_c)
                              : g_strdup (_("computes a tile of S, then writes it out"));
    double tile_s = sm.h - 20;
    AbRect tl = { sm.x + sm.w - tile_s - 10, sm.y + 10, tile_s, tile_s };

    cairo_save (cr);
    ab_rounded_rect (cr, sm, 10);
    ab_set_rgba (cr, AB_SRAM, 0.08 + 0.14 * flash);
    cairo_fill_preserve (cr);
    ab_set_rgb (cr, AB_SRAM);
    cairo_set_line_width (cr, 2);
    cairo_stroke (cr);
    cairo_rectangle (cr, tl.x, tl.y, tl.w, tl.h);
    ab_set_rgba (cr, flash > 0 ? AB_SRAM : AB_HBM, flash > 0 ? 0.3 + 0.6 * flash : 0.2 + 0.5 * (done > 0));
    cairo_fill (cr);
    cairo_restore (cr);
    ab_text (cr, AB_TEXT_LABEL, smem, sm.x + 12, sm.y + 10, AB_TEXT, AB_ALIGN_LEFT, tl.x - sm.x - 24);
    ab_text (cr, AB_TEXT_SMALL, tile, sm.x + 12, sm.y + 14 + label_h, ab_rgb_mix (AB_TEXT_DIM, AB_SRAM, flash),
             AB_ALIGN_LEFT, tl.x - sm.x - 24);
  }

  /* HBM with Q, K, V, O (N × d, to scale) and the two N × N matrices. */
  {
    static const char *const names[] = { "Q", "K", "V", "O" };
    g_autofree char *tbs = ab_format_trimmed (res->gpu->hbm_tbs, 3);
    g_autofree char *hbm_label = g_strdup_printf (_("HBM · %.0f GB · %s TB/s"), res->gpu->hbm_gb, tbs);
    double sy = hbm.y + label_h + 22, strip = MAX (sq * res->d / res->n, 3);
    AbRect s_sq = { hbm.x + 12 + strips_w + gap, sy, sq, sq };
    AbRect p_sq = { s_sq.x + sq + gap, sy, sq, sq };
    AbRect sqs[2] = { s_sq, p_sq };

    cairo_save (cr);
    ab_rounded_rect (cr, hbm, 10);
    ab_set_rgba (cr, AB_HBM, 0.06);
    cairo_fill_preserve (cr);
    ab_set_rgb (cr, AB_HBM);
    cairo_set_line_width (cr, 2);
    cairo_stroke (cr);
    cairo_restore (cr);
    ab_text (cr, AB_TEXT_LABEL, hbm_label, hbm.x + 12, hbm.y + 8, AB_TEXT, AB_ALIGN_LEFT, hbm.w - 24);

    for (int i = 0; i < 4; i++)
      {
        double x = hbm.x + 12 + i * strips_w / 4 + (strips_w / 4 - strip) / 2;
        cairo_save (cr);
        cairo_rectangle (cr, x, sy + label_h + 2, strip, sq - label_h - 2);
        ab_set_rgba (cr, i == 3 ? AB_HBM : AB_MUTED, 0.85);
        cairo_fill (cr);
        cairo_restore (cr);
        ab_text (cr, AB_TEXT_SYMBOL, names[i], x + strip / 2, sy - 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
      }
    draw_matrix (cr, s_sq, "S", prog[SEG_WRITE_S], prog[SEG_READ_S], flash);
    draw_matrix (cr, p_sq, "P", prog[SEG_WRITE_P], prog[SEG_READ_P], flash);
    for (int m = 0; m < 2; m++)
      {
        double w0 = draw_tag (cr, 0, 0, _(tags[2 * m]), AB_HBM, 0, 0, FALSE);
        double w1 = draw_tag (cr, 0, 0, _(tags[2 * m + 1]), AB_ACTIVE, 0, 0, FALSE);
        double x = sqs[m].x + (sq - w0 - w1 - 6) / 2, y = sy + sq + 8;
        if (tags_stacked)
          {
            draw_tag (cr, sqs[m].x + (sq - w0) / 2, y, _(tags[2 * m]), AB_HBM, prog[SEG_WRITE_S + 2 * m], flash, TRUE);
            draw_tag (cr, sqs[m].x + (sq - w1) / 2, y + small_h + 8, _(tags[2 * m + 1]), AB_ACTIVE,
                      prog[SEG_READ_S + 2 * m], flash, TRUE);
            continue;
          }
        draw_tag (cr, x, y, _(tags[2 * m]), AB_HBM, prog[SEG_WRITE_S + 2 * m], flash, TRUE);
        draw_tag (cr, x + w0 + 6, y, _(tags[2 * m + 1]), AB_ACTIVE, prog[SEG_READ_S + 2 * m], flash, TRUE);
      }
  }

  /* The bus: writes go down the left lane, reads come up the right one. */
  {
    double wx = hbm.x + 12 + strips_w + gap + sq * 0.35, rx = wx + 44;
    double write_t = 0, read_t = 0, ty = (bus_top + bus_bot) / 2 - small_h / 2;
    g_autofree char *line = bus_text (res, done, flash);

    for (int s = SEG_WRITE_S; s <= SEG_READ_P; s++)
      if (prog[s] > 0 && prog[s] < 1)
        *(s == SEG_WRITE_S || s == SEG_WRITE_P ? &write_t : &read_t) = prog[s];
    ab_draw_arrow (cr, wx, bus_top + 6, wx, bus_bot - 4,
                   ab_rgb_mix (ab_rgb_mix (AB_MUTED, AB_HBM, done > 0), AB_SRAM, flash), 3);
    ab_draw_arrow (cr, rx, bus_bot - 6, rx, bus_top + 4,
                   ab_rgb_mix (ab_rgb_mix (AB_MUTED, AB_ACTIVE, done > res->cum[SEG_READ_S]), AB_SRAM, flash), 3);
    draw_stream (cr, wx, bus_top + 10, bus_bot - 14, write_t, AB_HBM, 10);
    draw_stream (cr, rx, bus_bot - 10, bus_top + 14, read_t, AB_ACTIVE, 10);
    /* FlashAttention's traffic: Q, O, m, ℓ both ways, thinly */
    draw_stream (cr, wx, bus_top + 10, bus_bot - 14, flash, AB_SRAM, 6);
    draw_stream (cr, rx, bus_bot - 10, bus_top + 14, flash, AB_SRAM, 6);
    ab_text (cr, AB_TEXT_SMALL, _("write"), wx - 12, ty, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    ab_text (cr, AB_TEXT_SMALL, _("read"), rx + 12, ty - small_h * 0.6, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
    ab_text (cr, AB_TEXT_SMALL, line, rx + 12, ty + small_h * 0.6,
             flash > 0 ? AB_SRAM : done > 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, left.x + left.w - rx - 12);
  }

  /* The stopwatches, one above the other. */
  {
    g_autofree char *full = ab_hw_format_seconds (res->dial_full);
    g_autofree char *turn = g_strdup_printf (_("one turn = %s"), full);
    double frac_std = ab_clamp01 (done / res->cum[N_SEGS]);
    double t_std = res->t_standard * frac_std, t_fa = res->t_flash * flash;
    g_autofree char *std_text = ab_hw_format_seconds (t_std);
    g_autofree char *fa_text = ab_hw_format_seconds (t_fa);
    g_autofree char *std_bytes = ab_format_bytes (res->cum[N_SEGS] * frac_std);
    g_autofree char *fa_bytes = ab_format_bytes ((double) (res->flash.io.read_bytes + res->flash.io.write_bytes)
                                                 * flash);
    const char *labels[2] = { _("Standard attention"), _("FlashAttention") };
    const char *readouts[2] = { std_text, fa_text };
    const char *moved[2] = { std_bytes, fa_bytes };
    double fracs[2] = { t_std / res->dial_full, t_fa / res->dial_full };
    AbRgb hands[2] = { AB_HBM, AB_SRAM };
    double value_h, bytes_h, turn_h, slot_h, r;

    ab_text_measure (cr, AB_TEXT_BODY_STRONG, "0", -1, NULL, &value_h);
    ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &bytes_h);
    ab_text_measure (cr, AB_TEXT_SMALL, turn, watches.w, NULL, &turn_h);
    slot_h = (watches.h - turn_h - 8) / 2;
    r = MIN ((slot_h - label_h - value_h - bytes_h - 26) / 2.3, watches.w / 2 - 6);
    r = MAX (r, 12);
    for (int i = 0; i < 2; i++)
      {
        double y = watches.y + i * slot_h, cx = watches.x + watches.w / 2;
        double cy = y + label_h + 6 + r * 1.22;
        double lit = i == 0 ? 1.0 : 0.4 + 0.6 * flash;
        g_autofree char *moved_text = g_strdup_printf (_("%s moved"), moved[i]);
        ab_text (cr, AB_TEXT_LABEL, labels[i], cx, y, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, lit), AB_ALIGN_CENTER,
                 watches.w);
        draw_dial (cr, cx, cy, r, fracs[i], hands[i]);
        ab_text (cr, AB_TEXT_BODY_STRONG, readouts[i], cx, cy + r + 6, ab_rgb_mix (AB_TEXT_DIM, hands[i], lit),
                 AB_ALIGN_CENTER, watches.w);
        ab_text (cr, AB_TEXT_VALUE_SMALL, moved_text, cx, cy + r + 8 + value_h, AB_TEXT_DIM, AB_ALIGN_CENTER,
                 watches.w);
      }
    ab_text (cr, AB_TEXT_SMALL, turn, watches.x + watches.w / 2, watches.y + watches.h - turn_h, AB_TEXT_DIM,
             AB_ALIGN_CENTER, watches.w);
  }
}

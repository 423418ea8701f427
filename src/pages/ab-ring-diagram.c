/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-ring-diagram.c — "ring-attention-rotation": P devices keep their Q
 * shard while the K/V shards travel round the ring
 *
 * Which K/V shard each device holds at each step comes from the real
 * ab_ring_attention (attention.h) run on a small problem with its ring
 * trace; the timing comes from src/kernels/ring-timing.c for a model with
 * 32 heads of 128 in BF16 at the chosen sequence length, throughput and
 * link bandwidth (assumptions set by the sliders, not hardware figures).
 * Left: the ring, each device's Q shard and its resident K/V shard at the
 * current step, and the shard it is passing on. Right: every device's
 * compute and send bars on one time axis, overlapping. Underneath: wall
 * time of the overlapped ring, the ring without overlap and all-gather
 * first, and the K/V memory per device (ring-timing.h: all-gather takes
 * as long as the serial ring in this model; it differs in memory).
 *
 * Steps: one per ring step (P of them), then the comparison.
 */
#define G_LOG_DOMAIN "ab-ring-diagram"

#include "ab-ring-diagram.h"
#include "ab-draw.h"
#include "ab-components.h"
#include "ab-format.h"
#include "ab-rng.h"
#include "attention.h"
#include "ring-timing.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STAGE_RING, STAGE_TIMELINE, STAGE_STRIP, N_STAGES };

#define MAX_P        8
#define HEADS        32     /* a model with 32 heads of 128 (Llama 3 8B's query heads, FACTS 55) */
#define HEAD_DIM     128
#define ELEM_BYTES   2      /* BF16 on the link */
#define TRACE_ROWS   16     /* rows per shard in the traced toy run */
#define TRACE_DIM    16

static const char *const lengths[] = { "32768", "131072", "524288", "1048576", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbRingDiagram, ab_ring_diagram, info)

static const AbParamSpec params[] = {
  { .key = "devices", .label = N_("Devices P"), .kind = AB_PARAM_SLIDER, .min = 2, .max = MAX_P, .step = 1,
    .default_value = 4, .format = "%.0f" },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .default_value = 1,
    .choices = lengths },
  { .key = "tflops", .label = N_("Sustained attention throughput per device (TFLOP/s, assumed)"),
    .kind = AB_PARAM_SLIDER, .min = 50, .max = 1000, .step = 10, .default_value = 400, .log_scale = TRUE,
    .format = "%.0f" },
  { .key = "link", .label = N_("Link bandwidth, one direction (GB/s, decimal, assumed)"),
    .kind = AB_PARAM_SLIDER, .min = 10, .max = 1000, .step = 5, .default_value = 100, .log_scale = TRUE,
    .format = "%.0f" },
  { .key = "causal", .label = N_("Causal mask"), .kind = AB_PARAM_TOGGLE, .default_value = 0 },
};

static const AbLegendSpec legend[] = {
  { N_("Q shard: stays on its device"), AB_COLOR_HEAD_0, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("compute: Q shard × resident K/V shard"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("send: the K/V shard to the next device"), AB_COLOR_HEAD_1, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("block skipped by the causal mask"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEPS_ALL },
};

static const AbStageSpec stages[N_STAGES] = {
  { 0.85, 0.9, AB_STAGE_ROW }, { 1.25, 1.0, AB_STAGE_ROW }, { 0.24, 0.42, AB_STAGE_BELOW },
};

typedef struct
{
  int            p, causal;
  int64_t        n;
  double         tflops, link_gbs;
  int            kv_shard[MAX_P][MAX_P];     /* [step][device], from the trace */
  int            skipped[MAX_P][MAX_P];
  int            trace_steps;
  AbRingTiming   t;
  AbRingInterval iv[MAX_P * MAX_P];
} Result;

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static void
record_step (const AbRingStep *steps, int n_workers, void *user_data)
{
  Result *res = user_data;

  for (int w = 0; w < n_workers && w < MAX_P; w++)
    {
      int s = steps[w].step;
      if (s < 0 || s >= MAX_P)
        continue;
      res->kv_shard[s][w] = steps[w].kv_shard;
      res->skipped[s][w] = steps[w].skipped;
      res->trace_steps = MAX (res->trace_steps, s + 1);
    }
}

static gboolean
fail (GError **error, const char *what, const char *message, Result *res)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s: %s", what, message);
  g_free (res);
  return FALSE;
}

/* The real kernel on a toy problem, for its schedule: which shard sits where. */
static gboolean
run_trace (Result *res, GError **error)
{
  int n = res->p * TRACE_ROWS, len = n * TRACE_DIM;
  AbAttnShape shape = { .n_q = n, .n_kv = n, .d = TRACE_DIM, .causal = res->causal };
  AbAttnOptions opts = { .devices = res->p, .ring_trace = record_step, .ring_trace_data = res };
  g_autofree float *q = g_new (float, len), *k = g_new (float, len), *v = g_new (float, len);
  g_autofree float *o = g_new (float, len);
  AbAttnError err = { 0 };
  AbRng rng;

  ab_rng_init (&rng, 7);
  ab_rng_fill_normal (&rng, q, len, 1.0);
  ab_rng_fill_normal (&rng, k, len, 1.0);
  ab_rng_fill_normal (&rng, v, len, 1.0);
  if (ab_ring_attention (&shape, 1, q, k, v, o, NULL, &opts, NULL, &err) != AB_ATTN_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "ring attention: %s", err.message);
      return FALSE;
    }
  if (res->trace_steps != res->p)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "ring attention traced %d of %d steps",
                   res->trace_steps, res->p);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ab_ring_diagram_update (AbDiagram *diagram, GError **error)
{
  Result *res = g_new0 (Result, 1);
  AbRingTimingConfig cfg = { 0 };
  AbKError err = { 0 };

  res->p = (int) ab_diagram_get_param (diagram, "devices");
  res->n = atoll (lengths[(int) ab_diagram_get_param (diagram, "n")]);
  res->tflops = ab_diagram_get_param (diagram, "tflops");
  res->link_gbs = ab_diagram_get_param (diagram, "link");
  res->causal = ab_diagram_get_param (diagram, "causal") != 0;
  if (!run_trace (res, error))
    {
      g_free (res);
      return FALSE;
    }
  cfg.devices = res->p;
  cfg.seq_len = res->n;
  cfg.heads = HEADS;
  cfg.head_dim = HEAD_DIM;
  cfg.elem_bytes = ELEM_BYTES;
  cfg.causal = res->causal;
  cfg.flops_per_s = res->tflops * 1e12;
  cfg.link_bytes_per_s = res->link_gbs * 1e9;
  cfg.link_latency_s = 0;
  if (ab_ring_timing (&cfg, &res->t, res->iv, &err) != AB_K_OK)
    return fail (error, "ring timing", err.message, res);
  /* The timing model and the kernel must agree on the schedule. */
  for (int s = 0; s < res->p; s++)
    for (int d = 0; d < res->p; d++)
      if (res->iv[s * res->p + d].kv_shard != res->kv_shard[s][d])
        return fail (error, "ring timing", "schedule differs from the kernel's trace", res);
  ab_diagram_set_result (diagram, res, g_free);
  return TRUE;
}

static guint
ab_ring_diagram_get_n_steps (AbDiagram *diagram)
{
  return (guint) ab_diagram_get_param (diagram, "devices") + 1;
}

static char *
ms (double seconds)
{
  return ab_format_trimmed (seconds * 1e3, seconds * 1e3 < 10 ? 2 : 1);
}

static char *
ab_ring_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->n);

  return g_strdup_printf (res->causal ? _("Ring attention on %d devices: N = %s, causal") :
                                        _("Ring attention on %d devices: N = %s"), res->p, n);
}

static char *
ab_ring_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *c = ms (res->t.compute_s), *t = ms (res->t.transfer_s);
  g_autofree char *wall = ms (res->t.ring_s), *serial = ms (res->t.ring_serial_s);

  if ((int) step < res->p)
    {
      if (step == 0)
        return g_strdup_printf (_("1 · Each device attends its Q shard to its own K/V shard (%s ms) while sending "
                                  "that shard to the next device (%s ms)"), c, t);
      if ((int) step == res->p - 1)
        return g_strdup_printf (_("%u · Last step: every device has now seen all %d K/V shards, and nothing is "
                                  "left to send"), step + 1, res->p);
      return g_strdup_printf (_("%u · Every K/V shard moved one device on; the Q shards stay where they are"),
                              step + 1);
    }
  if (res->t.compute_s >= res->t.transfer_s)
    return g_strdup_printf (_("%u · Compute hides the transfers: %s ms overlapped vs %s ms without overlap or "
                              "with all-gather first"), step + 1, wall, serial);
  return g_strdup_printf (_("%u · The link is the bottleneck: transfers (%s ms) outlast compute (%s ms); %s ms "
                            "overlapped vs %s ms"), step + 1, t, c, wall, serial);
}

/* The ring: device boxes round a circle with their Q and resident K/V shards. */
static void
draw_ring (const Result *res, cairo_t *cr, AbRect panel, int step, double reveal)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), th, lh, cx, cy, rx, ry, bw, bh;
  const char *title = _("The ring: Q stays, K/V travels");
  int p = res->p;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &th);
  ab_text_measure (cr, AB_TEXT_LABEL, "K/V 0", -1, NULL, &lh);
  bh = 2 * lh + 20;
  bw = MIN (panel.w * 0.3, ab_style_size (cr, AB_TEXT_LABEL) * 7.5);
  cx = panel.x + panel.w / 2;
  cy = panel.y + 14 + th + (panel.h - 14 - th) / 2;
  rx = panel.w / 2 - pad - bw / 2;
  ry = (panel.h - 14 - th) / 2 - pad - bh / 2;
  if (rx < 10 || ry < 10)
    return;

  /* Arrows from each box's edge to the next one's, bowed outwards. */
  for (int d = 0; d < p; d++)
    {
      double a0 = -G_PI / 2 + 2 * G_PI * d / p, a1 = -G_PI / 2 + 2 * G_PI * (d + 1) / p;
      double am = (a0 + a1) / 2, e0 = 0, e1 = 0, x0, y0, x1, y1, mx, my, dx, dy, len;
      gboolean sending = step < p - 1;
      double size = sending ? 10 : 7;

      /* Walk along the ellipse until we are clear of the boxes. */
      while (e0 < (a1 - a0) / 2 && fabs (rx * (cos (a0 + e0) - cos (a0))) < bw / 2 + 6
             && fabs (ry * (sin (a0 + e0) - sin (a0))) < bh / 2 + 6)
        e0 += 0.01;
      while (e1 < (a1 - a0) / 2 && fabs (rx * (cos (a1 - e1) - cos (a1))) < bw / 2 + 6
             && fabs (ry * (sin (a1 - e1) - sin (a1))) < bh / 2 + 6)
        e1 += 0.01;
      x0 = cx + rx * cos (a0 + e0);
      y0 = cy + ry * sin (a0 + e0);
      x1 = cx + rx * cos (a1 - e1);
      y1 = cy + ry * sin (a1 - e1);
      mx = cx + rx * 1.08 * cos (am);
      my = cy + ry * 1.08 * sin (am);
      dx = x1 - mx;
      dy = y1 - my;
      len = MAX (hypot (dx, dy), 1);
      dx /= len;
      dy /= len;
      cairo_save (cr);
      ab_set_rgba (cr, sending ? AB_HEADS[1] : AB_MUTED, sending ? 0.9 : 0.5);
      cairo_set_line_width (cr, sending ? 3 : 1.5);
      cairo_new_path (cr);
      cairo_move_to (cr, x0, y0);
      cairo_curve_to (cr, mx, my, mx, my, x1 - dx * size * 0.8, y1 - dy * size * 0.8);
      cairo_stroke (cr);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - dx * size - dy * size * 0.55, y1 - dy * size + dx * size * 0.55);
      cairo_line_to (cr, x1 - dx * size + dy * size * 0.55, y1 - dy * size - dx * size * 0.55);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  for (int d = 0; d < p; d++)
    {
      double a = -G_PI / 2 + 2 * G_PI * d / p;
      AbRect box = { cx + rx * cos (a) - bw / 2, cy + ry * sin (a) - bh / 2, bw, bh };
      int kv = res->kv_shard[step][d];
      gboolean skipped = res->skipped[step][d];
      g_autofree char *name = g_strdup_printf (_("<b>GPU %d</b>"), d);
      g_autofree char *qs = g_strdup_printf (_("Q %d"), d);
      g_autofree char *ks = g_strdup_printf (_("K/V %d"), kv);
      AbRect qr = { box.x + 6, box.y + lh + 8, (box.w - 18) * 0.4, lh + 2 };
      AbRect kr = { qr.x + qr.w + 6, qr.y, box.w - 18 - qr.w, lh + 2 };

      cairo_save (cr);
      ab_rounded_rect (cr, box, 6);
      ab_set_rgb (cr, AB_BG);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BORDER);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      ab_rounded_rect (cr, qr, 3);
      ab_set_rgb (cr, AB_HEADS[0]);
      cairo_fill (cr);
      ab_rounded_rect (cr, kr, 3);
      ab_set_rgba (cr, skipped ? AB_MUTED : AB_ACTIVE, 0.35 + 0.65 * reveal);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_LABEL, name, box.x + 6, box.y + 4, AB_TEXT, AB_ALIGN_LEFT, box.w - 12);
      ab_text (cr, AB_TEXT_SMALL, qs, qr.x + qr.w / 2, qr.y + 1, AB_BG, AB_ALIGN_CENTER, qr.w);
      ab_text (cr, AB_TEXT_SMALL, ks, kr.x + kr.w / 2, kr.y + 1, AB_TEXT, AB_ALIGN_CENTER, kr.w);
    }
}

static double
tick_step (double t_max, int n)
{
  double raw = t_max / MAX (n, 1), p = pow (10, floor (log10 (raw)));

  if (raw <= p)
    return p;
  if (raw <= 2 * p)
    return 2 * p;
  if (raw <= 5 * p)
    return 5 * p;
  return 10 * p;
}

/* Compute and send bars per device on one time axis; the current step lit. */
static void
draw_timeline (const Result *res, cairo_t *cr, AbRect panel, int step)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), th, sh, tick_h, label_w, y, lane_h, scale, tstep;
  const char *title = _("Per device: compute and sends overlap");
  double t_max = res->t.ring_s;
  int p = res->p;
  AbRect plot;
  g_autofree char *c = ms (res->t.compute_s), *t = ms (res->t.transfer_s);
  g_autofree char *bytes = ab_format_bytes ((double) res->t.shard_kv_bytes);
  g_autofree char *line2 = g_strdup_printf (_("one block of one layer: compute <b>%s ms</b> · send <b>%s ms</b> (%s of K and V)"),
                                            c, t, bytes);

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &th);
  ab_text_measure (cr, AB_TEXT_SMALL, "GPU 0", -1, &label_w, &sh);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  y = panel.y + 14 + th + 6;
  y += ab_text (cr, AB_TEXT_BODY, line2, panel.x + pad, y, AB_TEXT, AB_ALIGN_LEFT, panel.w - 2 * pad) + 10;
  plot = (AbRect) { panel.x + pad + label_w + 8, y, 0, 0 };
  plot.w = panel.x + panel.w - pad - plot.x;
  plot.h = panel.y + panel.h - pad - tick_h - sh - 10 - plot.y;
  if (plot.h < 20 || t_max <= 0)
    return;
  lane_h = plot.h / p;
  scale = plot.w / t_max;

  for (int d = 0; d < p; d++)
    {
      g_autofree char *name = g_strdup_printf (_("GPU %d"), d);
      double ly = plot.y + d * lane_h, bar = MAX (lane_h * 0.36, 2);
      ab_text (cr, AB_TEXT_SMALL, name, plot.x - 8, ly + lane_h / 2 - sh / 2, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
      for (int s = 0; s < p; s++)
        {
          const AbRingInterval *iv = &res->iv[s * p + d];
          double alpha = s == step ? 1.0 : s < step ? 0.55 : 0.25;
          if (step >= p)
            alpha = 0.9;
          cairo_save (cr);
          ab_set_rgba (cr, iv->block == AB_RING_BLOCK_SKIPPED ? AB_MUTED : AB_ACTIVE, alpha);
          cairo_rectangle (cr, plot.x + iv->compute_start * scale, ly + lane_h * 0.1,
                           MAX ((iv->compute_end - iv->compute_start) * scale, 1), bar);
          cairo_fill (cr);
          if (iv->send_end > iv->send_start)
            {
              ab_set_rgba (cr, AB_HEADS[1], alpha);
              cairo_rectangle (cr, plot.x + iv->send_start * scale, ly + lane_h * 0.1 + bar + 2,
                               MAX ((iv->send_end - iv->send_start) * scale, 1), bar);
              cairo_fill (cr);
            }
          /* Block boundaries. */
          ab_set_rgb (cr, AB_PANEL);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, plot.x + iv->compute_start * scale, ly + lane_h * 0.1);
          cairo_rel_line_to (cr, 0, bar);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
  tstep = tick_step (t_max * 1e3, plot.w > 500 ? 5 : 3) / 1e3;
  for (double tt = 0; tt <= t_max * 1.0001; tt += tstep)
    {
      g_autofree char *text = ms (tt);
      double x = plot.x + tt * scale;
      ab_text (cr, AB_TEXT_VALUE_SMALL, text, x, plot.y + plot.h + 4, AB_TEXT_DIM,
               tt == 0 ? AB_ALIGN_LEFT : x + 30 > plot.x + plot.w ? AB_ALIGN_RIGHT : AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, _("time, ms"), plot.x + plot.w, plot.y + plot.h + tick_h + 6, AB_TEXT_DIM,
           AB_ALIGN_RIGHT, -1);
}

/* Wall times and memory of the three schemes. */
static void
draw_strip (const Result *res, cairo_t *cr, AbRect r, double emphasis)
{
  const double times[3] = { res->t.ring_s, res->t.ring_serial_s, res->t.allgather_s };
  const char *names[3] = { _("ring, overlapped"), _("ring, no overlap"), _("all-gather, then compute") };
  const AbRgb colors[3] = { AB_ACTIVE, AB_MUTED, AB_HBM };
  g_autofree char *ring_kv = ab_format_bytes ((double) res->t.ring_kv_bytes);
  g_autofree char *all_kv = ab_format_bytes ((double) res->t.allgather_kv_bytes);
  g_autofree char *min_shard = ab_format_count ((guint64) res->t.min_shard_hidden);
  g_autofree char *note = g_strdup_printf (
      _("In this model all-gather takes as long as the ring without overlap: it differs in <b>memory</b>, "
        "%s of K/V per device and layer (all N tokens) instead of %s (two shards). Compute hides the sends once a "
        "shard has ≥ %s tokens."),
      all_kv, ring_kv, min_shard);
  gboolean beside = r.w > 1000;
  double text_w = beside ? r.w * 0.42 : r.w, lh, name_w, y = r.y, t_max = 0;
  AbRect bars;

  for (int i = 0; i < 3; i++)
    t_max = MAX (t_max, times[i]);
  if (beside)
    ab_text (cr, AB_TEXT_LABEL, note, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, text_w);
  else
    y += ab_text (cr, AB_TEXT_LABEL, note, r.x, r.y, AB_TEXT_DIM, AB_ALIGN_LEFT, text_w) + 10;
  name_w = ab_text_max_width (cr, AB_TEXT_LABEL, names, 3, TRUE);
  ab_text_measure (cr, AB_TEXT_LABEL, "R", -1, NULL, &lh);
  bars = beside ? (AbRect) { r.x + text_w + 30, r.y, r.w - text_w - 30, r.h } : (AbRect) { r.x, y, r.w, r.y + r.h - y };
  for (int i = 0; i < 3; i++)
    {
      double by = bars.y + i * (lh + 8), bx = bars.x + name_w + 10;
      double full = bars.w - name_w - 10 - ab_style_size (cr, AB_TEXT_LABEL) * 5.5;
      g_autofree char *time = ms (times[i]);
      g_autofree char *value = g_strdup_printf (_("%s ms"), time);
      double w = full * times[i] / t_max;
      g_autofree char *escaped = g_markup_escape_text (names[i], -1);

      if (by + lh > bars.y + bars.h)
        break;
      ab_text (cr, AB_TEXT_LABEL, escaped, bars.x, by, i == 0 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      cairo_save (cr);
      ab_set_rgba (cr, colors[i], 0.5 + 0.5 * emphasis);
      cairo_rectangle (cr, bx, by + 2, w, lh - 4);
      cairo_fill (cr);
      cairo_restore (cr);
      ab_text (cr, AB_TEXT_VALUE_SMALL, value, bx + w + 8, by + 1, AB_TEXT, AB_ALIGN_LEFT, -1);
    }
}

static void
ab_ring_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  int step = CLAMP ((int) floor (position + 0.5), 0, res->p);

  draw_ring (res, cr, layout->stages[STAGE_RING], MIN (step, res->p - 1), 1.0);
  draw_timeline (res, cr, layout->stages[STAGE_TIMELINE], step);
  draw_strip (res, cr, layout->stages[STAGE_STRIP], ab_tween (position, res->p - 1, res->p));
}

static char *
ab_ring_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *s = g_string_new (NULL);
  int st = MIN ((int) step, res->p - 1);

  g_string_append_printf (s, _("%d devices, N = %" G_GINT64_FORMAT " tokens, %d heads of %d, BF16, %.0f TFLOP/s "
                               "per device and %.0f GB/s links assumed%s. "),
                          res->p, res->n, HEADS, HEAD_DIM, res->tflops, res->link_gbs,
                          res->causal ? _(", causal") : "");
  g_string_append_printf (s, _("At ring step %d the devices hold K/V shards"), st + 1);
  for (int d = 0; d < res->p; d++)
    g_string_append_printf (s, " %d", res->kv_shard[st][d]);
  g_string_append_printf (s, _(". One block computes in %.3f ms and its shard sends in %.3f ms. Wall time: ring "
                               "overlapped %.3f ms, ring without overlap %.3f ms, all-gather then compute %.3f "
                               "ms. K/V memory per device and layer: ring %" G_GUINT64_FORMAT " bytes, all-gather %"
                               G_GUINT64_FORMAT " bytes."),
                          res->t.compute_s * 1e3, res->t.transfer_s * 1e3, res->t.ring_s * 1e3,
                          res->t.ring_serial_s * 1e3, res->t.allgather_s * 1e3, res->t.ring_kv_bytes,
                          res->t.allgather_kv_bytes);
  return g_string_free (s, FALSE);
}

static const AbDiagramInfo info = {
  .name = "ring-attention-rotation",
  .title = N_("Ring attention: K/V shards rotate, Q shards stay"),
  AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_ring_diagram_update, .draw = ab_ring_diagram_draw,
  .get_n_steps = ab_ring_diagram_get_n_steps,
  .dup_title = ab_ring_diagram_dup_title,
  .dup_caption = ab_ring_diagram_dup_caption,
  .describe = ab_ring_diagram_describe,
};

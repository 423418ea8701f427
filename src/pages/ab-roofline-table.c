/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-roofline-table.c — the numbers beside the roofline plot
 *
 * The highlighted GPU's ridge, worked out; in step 1 the three GPUs' peaks,
 * bandwidths and ridges; from step 2 the kernels' FLOPs per byte, which roof
 * bounds them and the time that roof allows, with bars to scale. See
 * ab-roofline-diagram.c.
 */
#define G_LOG_DOMAIN "ab-roofline-diagram"

#include "ab-roofline-diagram-private.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "ab-hw-format.h"

#include <glib/gi18n.h>
#include <math.h>


/* Horizontal bars of the times the roof allows: the three unfused kernels
 * end to end, FlashAttention's one kernel under them, on one scale. */
static double
draw_time_bars (const Result *res, cairo_t *cr, AbRect r, double show_unfused, double show_flash,
                gboolean draw)
{
  double label_h, bar_h, y = r.y, scale;
  const char *names[2] = { _("unfused"), _("fused") };
  double label_w = ab_text_max_width (cr, AB_TEXT_SMALL, names, 2, TRUE);

  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &label_h);
  bar_h = label_h * 1.1;
  if (!draw)
    return label_h + 6 + 2 * (bar_h + 8);
  if (show_unfused <= 0)
    return 0;
  scale = (r.w - label_w - 10) / MAX (res->unfused_seconds, res->seconds[K_FLASH]);
  ab_text (cr, AB_TEXT_SMALL, _("time each roof allows, to scale"), r.x, y,
           ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, show_unfused), AB_ALIGN_LEFT, r.w);
  y += label_h + 6;
  for (int row = 0; row < 2; row++)
    {
      double x = r.x + label_w + 10, reveal = row == 0 ? show_unfused : show_flash;
      if (reveal <= 0)
        break;
      ab_text (cr, AB_TEXT_SMALL, names[row], r.x, y + (bar_h - label_h) / 2, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      for (int k = row == 0 ? K_QK : K_FLASH; k <= (row == 0 ? K_PV : K_FLASH); k++)
        {
          double w = res->seconds[k] * scale * reveal;
          cairo_save (cr);
          cairo_rectangle (cr, x, y, MAX (w - 2, 1), bar_h);
          ab_set_rgba (cr, k == K_FLASH ? AB_SRAM : AB_HBM, k == K_SOFTMAX ? 0.55 : 0.9);
          cairo_fill (cr);
          cairo_restore (cr);
          x += w;
        }
      y += bar_h + 8;
    }
  return y - r.y;
}

/* Step 1's table: every GPU's peak, bandwidth and ridge, in the rows the
 * kernels take over from step 2. */
static void
draw_gpu_table (const Result *res, cairo_t *cr, double x0, double y, double w, double alpha)
{
  const char *cols[] = { _("GPU"), res->bytes == 2 ? _("dense BF16") : _("FP32"), _("HBM"), _("ridge") };
  double row_h, head_h, gap = ab_style_size (cr, AB_TEXT_LABEL) * 0.9;
  double right[4], col_w[4] = { 0 };

  if (alpha <= 0)
    return;
  ab_text_measure (cr, AB_TEXT_LABEL, "Ag", -1, NULL, &row_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &head_h);
  row_h += 10;
  for (int c = 1; c < 4; c++)
    col_w[c] = ab_text_max_width (cr, AB_TEXT_SMALL, &cols[c], 1, TRUE);
  for (int g = 0; g < AB_N_GPUS; g++)
    {
      g_autofree char *peak = ab_format_trimmed (res->peak_mm[g], 1);
      g_autofree char *bw = ab_format_trimmed (res->bw[g], 3);
      g_autofree char *p = g_strdup_printf ("%s TFLOPS", peak);
      g_autofree char *b = g_strdup_printf ("%s TB/s", bw);
      const char *v[] = { p, b };
      for (int c = 0; c < 2; c++)
        col_w[c + 1] = MAX (col_w[c + 1], ab_text_max_width (cr, AB_TEXT_VALUE, &v[c], 1, TRUE));
    }
  col_w[3] = MAX (col_w[3], ab_text_max_width (cr, AB_TEXT_VALUE, (const char *[]) { "295" }, 1, TRUE));
  right[3] = x0 + w;
  for (int c = 2; c >= 1; c--)
    right[c] = right[c + 1] - col_w[c + 1] - gap;

  ab_text (cr, AB_TEXT_SMALL, cols[0], x0, y, ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, alpha), AB_ALIGN_LEFT, -1);
  for (int c = 1; c < 4; c++)
    ab_text (cr, AB_TEXT_SMALL, cols[c], right[c], y, ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, alpha), AB_ALIGN_RIGHT,
             -1);
  y += head_h + 8;
  for (int g = 0; g < AB_N_GPUS; g++)
    {
      g_autofree char *peak = ab_format_trimmed (res->peak_mm[g], 1);
      g_autofree char *bw = ab_format_trimmed (res->bw[g], 3);
      g_autofree char *p = g_strdup_printf ("%s TFLOPS", peak);
      g_autofree char *b = g_strdup_printf ("%s TB/s", bw);
      g_autofree char *r = ab_hw_format_intensity (ab_roofline_ridge (res, g));
      AbRgb ink = ab_rgb_mix (AB_PANEL, g == res->gpu ? AB_TEXT : AB_TEXT_DIM, alpha);
      ab_text (cr, AB_TEXT_LABEL, ab_roofline_gpus[g], x0, y, ab_rgb_mix (AB_PANEL, ab_roofline_gpu_color (g), alpha), AB_ALIGN_LEFT, -1);
      ab_text (cr, AB_TEXT_VALUE, p, right[1], y + 2, ink, AB_ALIGN_RIGHT, -1);
      ab_text (cr, AB_TEXT_VALUE, b, right[2], y + 2, ink, AB_ALIGN_RIGHT, -1);
      ab_text (cr, AB_TEXT_VALUE, r, right[3], y + 2, ink, AB_ALIGN_RIGHT, -1);
      y += row_h;
    }
  ab_text (cr, AB_TEXT_LABEL,
           _("Left of its ridge a kernel waits on HBM; right of it, on the arithmetic units. "
             "The ridge is where both take the same time."),
           x0, y + 10, ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, alpha), AB_ALIGN_LEFT, w);
}

void
ab_roofline_draw_table (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  static const char *const names[N_KERNELS] = {
    N_("QKᵀ, write S"), N_("softmax, S → P"), N_("PV, read P"), N_("FlashAttention"),
  };
  const AbGpuSpec *g = ab_gpu_spec ((AbGpuId) res->gpu);
  g_autofree char *title = g_strdup_printf (_("On the %s"), g->name);
  g_autofree char *peak = ab_format_trimmed (res->peak_mm[res->gpu], 1);
  g_autofree char *bw = ab_format_trimmed (res->bw[res->gpu], 3);
  g_autofree char *rv = ab_hw_format_intensity (ab_roofline_ridge (res, res->gpu));
  g_autofree char *tex = g_strdup_printf ("\\text{ridge} = \\frac{%s\\ \\text{TFLOPS}}{%s\\ \\text{TB/s}}"
                                          " = \\color{#60a5fa}{%s}\\ \\text{FLOPs/B}", peak, bw, rv);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, row_h, head_h, gap;
  double show_unfused = ab_tween (position, STEP_ROOF, STEP_UNFUSED);
  double show_flash = ab_tween (position, STEP_UNFUSED, STEP_FLASH);
  double x0, x_int, x_bound, x_time, y, w, eq_w, eq_a, eq_d, note_h, bars_h;
  double w_int, w_bound, w_time = 0;
  const char *cols[] = { _("kernel"), _("FLOPs/B"), _("bound"), _("time") };
  const char *bounds[] = { _("memory"), _("compute"), cols[2] };
  char *ints[N_KERNELS + 1], *times[N_KERNELS + 1];
  g_autofree char *vec = ab_format_trimmed (res->peak_vec[res->gpu], 1);
  g_autofree char *smem = ab_format_trimmed (g->smem_kib_per_sm, 0);
  g_autofree char *note = g_strdup_printf (
      _("Bytes from FA1 Alg. 0 (unfused) and Alg. 1 with %s KiB of shared memory (fused). Softmax: 5 FLOPs a "
        "score (max, subtract, exp, sum, scale) on the CUDA cores, %s TFLOPS. Times are what the roof allows, "
        "not measurements."),
      smem, vec);

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_LABEL, "Ag", -1, NULL, &row_h);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &head_h);
  row_h += 10;
  gap = pad * 0.9;
  w = panel.w - 2 * pad;
  x0 = panel.x + pad;
  y = panel.y + 14 + heading + pad * 0.6;

  /* the ridge, worked out */
  ab_math_measure (cr, AB_TEXT_MATH_SMALL, tex, &eq_w, &eq_a, &eq_d);
  ab_math (cr, AB_TEXT_MATH_SMALL, tex, x0, y + eq_a, AB_TEXT);
  y += eq_a + eq_d + pad;

  /* columns measured from their widest entries, right to left */
  for (int k = 0; k < N_KERNELS; k++)
    {
      ints[k] = ab_hw_format_intensity (res->intensity[k]);
      times[k] = ab_hw_format_seconds (res->seconds[k]);
    }
  ints[N_KERNELS] = g_strdup (cols[1]);
  times[N_KERNELS] = ab_hw_format_seconds (res->unfused_seconds);
  w_int = MAX (ab_text_max_width (cr, AB_TEXT_VALUE, (const char * const *) ints, N_KERNELS, TRUE),
               ab_text_max_width (cr, AB_TEXT_SMALL, &cols[1], 1, TRUE));
  w_bound = ab_text_max_width (cr, AB_TEXT_LABEL, bounds, 3, TRUE);
  w_time = MAX (ab_text_max_width (cr, AB_TEXT_VALUE, (const char * const *) times, N_KERNELS + 1, TRUE),
                ab_text_max_width (cr, AB_TEXT_SMALL, &cols[3], 1, TRUE));
  x_time = x0 + w;
  x_bound = x_time - w_time - gap - w_bound;
  x_int = x_bound - gap;

  /* Until the kernels arrive, the same rows compare the three GPUs. */
  if (show_unfused < 1)
    draw_gpu_table (res, cr, x0, y, w, 1 - show_unfused);
  if (show_unfused > 0)
    {
      AbRgb dim = ab_rgb_mix (AB_PANEL, AB_TEXT_DIM, show_unfused);
      ab_text (cr, AB_TEXT_SMALL, cols[0], x0, y, dim, AB_ALIGN_LEFT, -1);
      ab_text (cr, AB_TEXT_SMALL, cols[1], x_int, y, dim, AB_ALIGN_RIGHT, -1);
      ab_text (cr, AB_TEXT_SMALL, cols[2], x_bound, y, dim, AB_ALIGN_LEFT, -1);
      ab_text (cr, AB_TEXT_SMALL, cols[3], x_time, y, dim, AB_ALIGN_RIGHT, -1);
    }
  y += head_h + 8;

  for (int k = 0; k < N_KERNELS; k++)
    {
      double reveal = k == K_FLASH ? show_flash : show_unfused;
      double kpeak = k == K_SOFTMAX ? res->peak_vec[res->gpu] : res->peak_mm[res->gpu];
      gboolean compute = res->attain[k] >= kpeak * 0.999;
      AbRgb ink = ab_rgb_mix (AB_PANEL, AB_TEXT, reveal);

      if (k == K_FLASH)
        {
          AbRgb sum_ink = ab_rgb_mix (AB_PANEL, AB_TEXT, show_unfused);
          if (show_unfused > 0)
            {
              cairo_save (cr);
              ab_set_rgba (cr, AB_BORDER, show_unfused);
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, x0, y + 2);
              cairo_line_to (cr, x_time, y + 2);
              cairo_stroke (cr);
              cairo_restore (cr);
              ab_text (cr, AB_TEXT_LABEL, _("<b>unfused total</b>"), x0, y + 8, sum_ink, AB_ALIGN_LEFT,
                       x_int - w_int - gap - x0);
              ab_text (cr, AB_TEXT_VALUE, times[N_KERNELS], x_time, y + 10, sum_ink, AB_ALIGN_RIGHT, -1);
            }
          y += row_h + 14;
        }
      if (reveal > 0)
        {
          ab_text (cr, AB_TEXT_LABEL, _(names[k]), x0, y,
                   k == K_FLASH ? ab_rgb_mix (AB_PANEL, AB_SRAM, reveal) : ink, AB_ALIGN_LEFT,
                   x_int - w_int - gap - x0);
          ab_text (cr, AB_TEXT_VALUE, ints[k], x_int, y + 2, ink, AB_ALIGN_RIGHT, -1);
          ab_text (cr, AB_TEXT_LABEL, compute ? bounds[1] : bounds[0], x_bound, y,
                   ab_rgb_mix (AB_PANEL, compute ? AB_SRAM : AB_HBM, reveal), AB_ALIGN_LEFT, -1);
          ab_text (cr, AB_TEXT_VALUE, times[k], x_time, y + 2, ink, AB_ALIGN_RIGHT, -1);
        }
      y += row_h;
    }
  for (int k = 0; k <= N_KERNELS; k++)
    {
      g_free (ints[k]);
      g_free (times[k]);
    }

  /* the note at the bottom, the time bars above it when there is room */
  ab_text_measure (cr, AB_TEXT_SMALL, note, w, NULL, &note_h);
  ab_text (cr, AB_TEXT_SMALL, note, x0, panel.y + panel.h - pad - note_h, AB_TEXT_DIM, AB_ALIGN_LEFT, w);
  bars_h = draw_time_bars (res, cr, (AbRect) { x0, 0, w, 0 }, 0, 0, FALSE);
  if (y + pad * 0.6 + bars_h <= panel.y + panel.h - pad - note_h - pad * 0.6)
    draw_time_bars (res, cr, (AbRect) { x0, y + pad * 0.6, w, bars_h }, show_unfused, show_flash, TRUE);
}

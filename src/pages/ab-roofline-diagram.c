/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-roofline-diagram.c — where attention's kernels sit on the roofline
 *
 * The roofline model: a kernel that does F FLOPs while moving B bytes of
 * HBM traffic can go no faster than min(peak FLOP/s, bandwidth × F/B). On a
 * log-log plot of attainable TFLOPS against arithmetic intensity F/B that is
 * a slope (bandwidth-bound) meeting a flat roof (compute-bound) at the ridge
 * point, peak ÷ bandwidth: 153, 295 and 206 FLOPs/B for the A100, H100 SXM
 * and H200 in dense BF16 (src/kernels/gpu-specs.c; FACTS #23, #24).
 *
 * The points come from src/kernels/attn-io.c at the chosen N and d: the
 * unfused kernels of standard attention (QKᵀ writing S, softmax reading S
 * and writing P, PV reading P) and FlashAttention's one fused kernel, its
 * bytes counted by FA1 Algorithm 1 with the highlighted GPU's shared memory.
 * Softmax runs on the CUDA cores, so its roof is the non-matmul FP32 peak
 * (19.5 TFLOPS on A100, FA2 §3.1). In FP32 no tensor core is used and
 * every kernel's roof is that one. Times are what each roof allows — a
 * bound, not a measurement.
 *
 * Steps: the roofs → the unfused kernels → FlashAttention.
 */
#define G_LOG_DOMAIN "ab-roofline-diagram"

#include "ab-roofline-diagram.h"
#include "ab-roofline-diagram-private.h"
#include "ab-hw-format.h"
#include "ab-components.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "attn-io.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STAGE_PLOT, STAGE_TABLE, N_STAGES };

/* Axes, log2: intensity 1/4 … 8192 FLOPs/B, 1/4 … 2048 TFLOPS. */
#define X_MIN -2.0
#define X_MAX 13.0
#define Y_MIN -2.0
#define Y_MAX 11.0

const char *const ab_roofline_gpus[] = { "A100", "H100", "H200", NULL };
static const char *const lengths[] = { "1024", "2048", "4096", "8192", "16384", "32768", "65536", "131072", NULL };
static const char *const dims[] = { "64", "128", "256", NULL };
static const char *const precisions[] = { "fp16", "fp32", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbRooflineDiagram, ab_roofline_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · The roofline: a kernel runs at the lower of the compute peak and bandwidth × FLOPs per byte"),
  N_("2 · The unfused kernels of standard attention"),
  N_("3 · FlashAttention fuses them into one kernel"),
};

static const AbParamSpec params[] = {
  { .key = "gpu", .label = N_("Highlighted GPU"), .kind = AB_PARAM_CHOICE, .default_value = 0, .choices = ab_roofline_gpus },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .default_value = 3,
    .choices = lengths },
  { .key = "d", .label = N_("Head dimension d"), .kind = AB_PARAM_CHOICE, .default_value = 0, .choices = dims },
  { .key = "precision", .label = N_("Precision"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("unfused kernel: S and P go through HBM"), AB_COLOR_HBM, AB_SWATCH_DOT, AB_STEPS_FROM (STEP_UNFUSED) },
  { N_("FlashAttention: one fused kernel"), AB_COLOR_SRAM, AB_SWATCH_DOT, AB_STEPS_FROM (STEP_FLASH) },
};

/* The plot beside a table of the numbers; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.4, 1.0, AB_STAGE_ROW }, { 0.9, 0.7, AB_STAGE_ROW },
};


static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

double
ab_roofline_ridge (const Result *res, int g)
{
  return res->peak_mm[g] / res->bw[g];
}

static gboolean
ab_roofline_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { .gpu = (int) ab_diagram_get_param (diagram, "gpu") };
  gboolean fp32 = (int) ab_diagram_get_param (diagram, "precision") == 1;
  const AbGpuSpec *hl;
  AbIoStatus st = AB_IO_OK;

  res.n = atoi (lengths[(int) ab_diagram_get_param (diagram, "n")]);
  res.d = atoi (dims[(int) ab_diagram_get_param (diagram, "d")]);
  res.bytes = fp32 ? 4 : 2;
  for (int g = 0; g < AB_N_GPUS; g++)
    {
      const AbGpuSpec *spec = ab_gpu_spec ((AbGpuId) g);
      res.peak_vec[g] = spec->tflops_fp32_nonmatmul;
      res.peak_mm[g] = fp32 ? spec->tflops_fp32_nonmatmul : spec->tflops_bf16_dense;
      res.bw[g] = spec->hbm_tbs;
    }
  hl = ab_gpu_spec ((AbGpuId) res.gpu);

  for (int k = 0; k < AB_IO_N_STEPS && st == AB_IO_OK; k++)
    {
      AbIoStepCost cost;
      st = ab_io_standard_step ((AbIoStep) k, res.n, res.d, res.bytes, &cost);
      res.flops[k] = cost.flops;
      res.hbm[k] = (double) (cost.read_bytes + cost.write_bytes);
      res.intensity[k] = ab_io_step_intensity (&cost);
    }
  if (st == AB_IO_OK)
    st = ab_io_flash_forward (res.n, res.d, res.bytes, ab_gpu_smem_bytes_per_sm (hl), &res.flash);
  if (st != AB_IO_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", ab_io_status_string (st));
      return FALSE;
    }
  res.flops[K_FLASH] = ab_io_attention_flops (res.n, res.d);
  res.hbm[K_FLASH] = (double) (res.flash.io.read_bytes + res.flash.io.write_bytes);
  res.intensity[K_FLASH] = res.flops[K_FLASH] / res.hbm[K_FLASH];

  for (int k = 0; k < N_KERNELS; k++)
    {
      double peak = k == K_SOFTMAX ? res.peak_vec[res.gpu] : res.peak_mm[res.gpu];
      res.attain[k] = MIN (peak, res.bw[res.gpu] * res.intensity[k]);
      res.seconds[k] = res.flops[k] / (res.attain[k] * 1e12);
      if (k != K_FLASH)
        res.unfused_seconds += res.seconds[k];
    }
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static char *
ab_roofline_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->n);

  /* no-break spaces keep "N = 8,192" on one line */
  return g_strdup_printf (_("Attention on the roofline: N = %s, d = %d, %s"), n, res->d,
                          res->bytes == 2 ? "FP16/BF16" : "FP32");
}

static char *
ab_roofline_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  double r = ab_roofline_ridge (res, res->gpu);
  g_autofree char *ridge_text = ab_hw_format_intensity (r);
  g_autofree char *gemm = ab_hw_format_intensity (res->intensity[K_QK]);
  g_autofree char *soft = ab_hw_format_intensity (res->intensity[K_SOFTMAX]);
  g_autofree char *fa = ab_hw_format_intensity (res->intensity[K_FLASH]);
  const char *gpu = ab_roofline_gpus[res->gpu];

  switch (step)
    {
    case STEP_UNFUSED:
      if (res->intensity[K_QK] < r)
        return g_strdup_printf (_("2 · Unfused, all three kernels sit left of the %s ridge (%s): the GEMMs at %s "
                                  "FLOPs/B, softmax at %s — bandwidth-bound"),
                                gpu, ridge_text, gemm, soft);
      return g_strdup_printf (_("2 · At d = %d the GEMMs (%s FLOPs/B) clear the %s ridge (%s), but softmax at %s "
                                "is bandwidth-bound and sets the pace"),
                              res->d, gemm, gpu, ridge_text, soft);
    case STEP_FLASH:
      {
        g_autofree char *speed = ab_format_trimmed (res->unfused_seconds / res->seconds[K_FLASH], 1);
        if (res->hbm[K_FLASH] > res->hbm[K_QK] + res->hbm[K_SOFTMAX] + res->hbm[K_PV])
          return g_strdup_printf (_("3 · FlashAttention at d = %d: FA1's tiling re-reads Q and O %d times and "
                                    "moves more bytes than unfused (%s FLOPs/B) — its analysis assumes d² ≪ M"),
                                  res->d, res->flash.t_c, fa);
        if (res->intensity[K_FLASH] >= r)
          return g_strdup_printf (_("3 · FlashAttention, one fused kernel: %s FLOPs/B, right of the ridge — "
                                    "compute-bound, %s× faster than the unfused kernels"),
                                  fa, speed);
        return g_strdup_printf (_("3 · FlashAttention, one fused kernel: %s FLOPs/B, short of the %s ridge at "
                                  "d = %d in FA1's IO model, still %s× faster than unfused"),
                                fa, ridge_text, res->d, speed);
      }
    default:
      return g_strdup (_(steps[step]));
    }
}

/* The plot ------------------------------------------------------------------ */

typedef struct
{
  AbRect plot;
} Axes;

static double
px (const Axes *a, double intensity)
{
  double l = CLAMP (log2 (intensity), X_MIN, X_MAX);
  return a->plot.x + a->plot.w * (l - X_MIN) / (X_MAX - X_MIN);
}

static double
py (const Axes *a, double tflops)
{
  double l = CLAMP (log2 (tflops), Y_MIN, Y_MAX);
  return a->plot.y + a->plot.h * (1 - (l - Y_MIN) / (Y_MAX - Y_MIN));
}

AbRgb
ab_roofline_gpu_color (int g)
{
  return AB_HEADS[g == 0 ? 0 : g == 1 ? 1 : 3];
}

/* One roof: the bandwidth slope up to the ridge, then the flat peak. */
static void
draw_roof (cairo_t *cr, const Axes *a, double peak, double bw, AbRgb color, double alpha, double width,
           gboolean dashed, double reveal)
{
  double x0 = exp2 (X_MIN), knee = peak / bw, x1 = exp2 (X_MAX);
  double y0 = bw * x0;

  cairo_save (cr);
  cairo_rectangle (cr, a->plot.x, a->plot.y - 4, a->plot.w * reveal, a->plot.h + 8);
  cairo_clip (cr);
  if (y0 < exp2 (Y_MIN))
    {
      x0 = exp2 (Y_MIN) / bw;
      y0 = exp2 (Y_MIN);
    }
  cairo_move_to (cr, px (a, x0), py (a, y0));
  cairo_line_to (cr, px (a, knee), py (a, peak));
  cairo_line_to (cr, px (a, x1), py (a, peak));
  ab_set_rgba (cr, color, alpha);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 8, 6 }, 2, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_axes (cairo_t *cr, const Axes *a)
{
  static const int xt[] = { -2, 0, 2, 4, 6, 8, 10, 12 };
  static const double yt[] = { 1, 10, 100, 1000 };
  double tick_h;

  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  cairo_save (cr);
  cairo_rectangle (cr, a->plot.x, a->plot.y, a->plot.w, a->plot.h);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < G_N_ELEMENTS (xt); i++)
    {
      double x = px (a, exp2 (xt[i]));
      cairo_move_to (cr, x, a->plot.y);
      cairo_line_to (cr, x, a->plot.y + a->plot.h);
    }
  for (guint i = 0; i < G_N_ELEMENTS (yt); i++)
    {
      double y = py (a, yt[i]);
      cairo_move_to (cr, a->plot.x, y);
      cairo_line_to (cr, a->plot.x + a->plot.w, y);
    }
  ab_set_rgba (cr, AB_BORDER, 0.8);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* the ¼ line at the left edge goes unlabelled */
  for (guint i = 1; i < G_N_ELEMENTS (xt); i++)
    {
      double v = exp2 (xt[i]);
      g_autofree char *t = v >= 1024 ? g_strdup_printf ("%.0fk", v / 1024) : g_strdup_printf ("%.0f", v);
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, px (a, v), a->plot.y + a->plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (yt); i++)
    {
      g_autofree char *t = ab_format_count ((guint64) yt[i]);
      ab_text (cr, AB_TEXT_VALUE_SMALL, t, a->plot.x - 6, py (a, yt[i]) - tick_h / 2, AB_TEXT_DIM,
               AB_ALIGN_RIGHT, -1);
    }
}

/* A kernel on the highlighted roof, labelled below and to the right. */
static void
draw_point (cairo_t *cr, const Axes *a, double x, double y, AbRgb color, const char *label, double reveal,
            gboolean label_left)
{
  double r = ab_style_size (cr, AB_TEXT_LABEL) * 0.5, w, h;

  if (reveal <= 0)
    return;
  cairo_save (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  ab_set_rgba (cr, color, reveal);
  cairo_fill_preserve (cr);
  ab_set_rgba (cr, AB_TEXT, reveal);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  ab_text_measure (cr, AB_TEXT_LABEL, label, -1, &w, &h);
  if (label_left)
    ab_text (cr, AB_TEXT_LABEL, label, x - r - 6, y + r, ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_RIGHT,
             -1);
  else
    ab_text (cr, AB_TEXT_LABEL, label, x + r + 6, y + r, ab_rgb_mix (AB_PANEL, AB_TEXT, reveal), AB_ALIGN_LEFT, -1);
}

/* Where the three marks and their labels go: softmax, the GEMMs, FlashAttention. */
typedef struct
{
  double   x, y;
  char    *label;
  gboolean left;
  AbRect   box;
} Mark;

enum { MARK_SOFTMAX, MARK_GEMM, MARK_FLASH, N_MARKS };

static void
mark_box (cairo_t *cr, Mark *m)
{
  double r = ab_style_size (cr, AB_TEXT_LABEL) * 0.5, w, h;

  ab_text_measure (cr, AB_TEXT_LABEL, m->label, -1, &w, &h);
  m->box = (AbRect) { m->left ? m->x - r - 6 - w : m->x + r + 6, m->y + r, w, h };
}

static gboolean
rects_meet (AbRect a, AbRect b)
{
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void
marks_layout (const Result *res, cairo_t *cr, const Axes *a, Mark *m)
{
  g_autofree char *soft_i = ab_hw_format_intensity (res->intensity[K_SOFTMAX]);
  g_autofree char *gemm_i = ab_hw_format_intensity (res->intensity[K_QK]);
  g_autofree char *fa_i = ab_hw_format_intensity (res->intensity[K_FLASH]);

  m[MARK_SOFTMAX] = (Mark) { px (a, res->intensity[K_SOFTMAX]), py (a, res->attain[K_SOFTMAX]),
                             g_strdup_printf (_("softmax · %s"), soft_i) };
  /* both GEMMs share one intensity: each moves N² + 2Nd elements */
  m[MARK_GEMM] = (Mark) { px (a, res->intensity[K_QK]), py (a, res->attain[K_QK]),
                          g_strdup_printf (_("QKᵀ and PV GEMMs · %s"), gemm_i) };
  m[MARK_FLASH] = (Mark) { px (a, res->intensity[K_FLASH]), py (a, res->attain[K_FLASH]),
                           g_strdup_printf (_("FlashAttention · %s"), fa_i) };
  for (int i = 0; i < N_MARKS; i++)
    mark_box (cr, &m[i]);
  /* the GEMM label moves left where FlashAttention's would cover it */
  if (rects_meet (m[MARK_GEMM].box, m[MARK_FLASH].box))
    {
      m[MARK_GEMM].left = TRUE;
      mark_box (cr, &m[MARK_GEMM]);
    }
}

static void
draw_plot (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  const char *title = _("Attainable TFLOPS vs. FLOPs per HBM byte (log–log)");
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, tick_h, small_h, tick_w;
  double roof = ab_tween (position, -1, STEP_ROOF);
  double show_unfused = ab_tween (position, STEP_ROOF, STEP_UNFUSED);
  double show_flash = ab_tween (position, STEP_UNFUSED, STEP_FLASH);
  Mark marks[N_MARKS];
  Axes a;

  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "0", -1, NULL, &tick_h);
  ab_text_measure (cr, AB_TEXT_VALUE_SMALL, "1,000", -1, &tick_w, NULL);
  ab_text_measure (cr, AB_TEXT_SMALL, "Ag", -1, NULL, &small_h);
  a.plot.x = panel.x + pad + tick_w + 8;
  a.plot.y = panel.y + 14 + heading + small_h + 14;
  a.plot.w = panel.x + panel.w - pad - a.plot.x;
  a.plot.h = panel.y + panel.h - pad - small_h - tick_h - 10 - a.plot.y;
  draw_axes (cr, &a);
  ab_text (cr, AB_TEXT_SMALL, _("TFLOPS"), a.plot.x, a.plot.y - small_h - 6, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
  ab_text (cr, AB_TEXT_SMALL, _("arithmetic intensity, FLOPs per byte of HBM traffic"), a.plot.x + a.plot.w / 2,
           a.plot.y + a.plot.h + tick_h + 8, AB_TEXT_DIM, AB_ALIGN_CENTER, a.plot.w);

  /* The roofs: the other GPUs dim, the highlighted one bold, with its
   * non-matmul roof (where softmax runs) dashed under it. */
  for (int pass = 0; pass < 2; pass++)
    for (int g = 0; g < AB_N_GPUS; g++)
      if ((g == res->gpu) == (pass == 1))
        draw_roof (cr, &a, res->peak_mm[g], res->bw[g], ab_roofline_gpu_color (g), g == res->gpu ? 1.0 : 0.5,
                   g == res->gpu ? 4 : 2.5, FALSE, roof);
  if (res->peak_vec[res->gpu] < res->peak_mm[res->gpu])
    draw_roof (cr, &a, res->peak_vec[res->gpu], res->bw[res->gpu], ab_roofline_gpu_color (res->gpu), 0.7, 2, TRUE, roof);

  /* Ridge labels at the knees, above or else below, clear of the marks'
   * labels and of each other; a dim GPU's label that fits nowhere is left
   * out (the highlighted one's is always drawn, and the table repeats it). */
  marks_layout (res, cr, &a, marks);
  if (roof >= 1)
    {
      AbRect placed[AB_N_GPUS + N_MARKS];
      guint n_placed = 0;

      placed[n_placed++] = marks[MARK_SOFTMAX].box;
      placed[n_placed++] = marks[MARK_GEMM].box;
      placed[n_placed++] = marks[MARK_FLASH].box;
      for (int pass = 0; pass < 2; pass++)
        for (int g = 0; g < AB_N_GPUS; g++)
          {
            double r = ab_roofline_ridge (res, g), kx = px (&a, r), ky = py (&a, res->peak_mm[g]), tw, th;
            g_autofree char *v = ab_hw_format_intensity (r);
            g_autofree char *text = g_strdup_printf (_("%s ridge %s"), ab_roofline_gpus[g], v);
            gboolean left = FALSE, found = FALSE;
            AbRect box = { 0 };

            if ((g == res->gpu) != (pass == 0))
              continue;
            for (int o = 0; o < AB_N_GPUS; o++)
              if (o != g && res->peak_mm[o] == res->peak_mm[g] && ab_roofline_ridge (res, o) > r)
                left = TRUE;
            ab_text_measure (cr, AB_TEXT_SMALL, text, -1, &tw, &th);
            for (int at = 0; at < 2 && !found; at++)
              {
                box = (AbRect) { left ? kx - 8 - tw : kx + 8, at == 0 ? ky - th - 8 : ky + 8, tw, th };
                found = TRUE;
                for (guint i = 0; i < n_placed; i++)
                  if (rects_meet (box, placed[i]))
                    found = FALSE;
              }
            if (!found && g != res->gpu)
              continue;
            if (!found)
              box.y = ky - th - 8;
            placed[n_placed++] = box;
            cairo_save (cr);
            cairo_arc (cr, kx, ky, 4, 0, 2 * G_PI);
            ab_set_rgb (cr, ab_roofline_gpu_color (g));
            cairo_fill (cr);
            cairo_restore (cr);
            ab_text (cr, AB_TEXT_SMALL, text, box.x, box.y,
                     ab_rgb_mix (AB_TEXT_DIM, ab_roofline_gpu_color (g), g == res->gpu ? 1.0 : 0.6), AB_ALIGN_LEFT, -1);
          }
    }
  if (roof >= 1 && res->peak_vec[res->gpu] < res->peak_mm[res->gpu])
    {
      g_autofree char *peak = ab_format_trimmed (res->peak_vec[res->gpu], 1);
      g_autofree char *text = g_strdup_printf (_("softmax's roof, FP32 on CUDA cores: %s TFLOPS"), peak);
      ab_text (cr, AB_TEXT_SMALL, text, a.plot.x + a.plot.w - 8, py (&a, res->peak_vec[res->gpu]) + 6,
               AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }

  /* The unfused kernels, then FlashAttention sliding out from the GEMMs. */
  draw_point (cr, &a, marks[MARK_SOFTMAX].x, marks[MARK_SOFTMAX].y, AB_HBM, marks[MARK_SOFTMAX].label,
              show_unfused, FALSE);
  draw_point (cr, &a, marks[MARK_GEMM].x, marks[MARK_GEMM].y, AB_HBM, marks[MARK_GEMM].label, show_unfused,
              marks[MARK_GEMM].left && show_flash > 0);
  if (show_flash > 0)
    {
      double t = show_flash, gx = marks[MARK_GEMM].x, gy = marks[MARK_GEMM].y;
      double x = gx + (marks[MARK_FLASH].x - gx) * t, y = gy + (marks[MARK_FLASH].y - gy) * t;
      if (fabs (marks[MARK_FLASH].x - gx) > 30)
        ab_draw_arrow (cr, gx, gy, x, y, ab_rgb_mix (AB_PANEL, AB_SRAM, t), 2.5);
      draw_point (cr, &a, x, y, AB_SRAM, marks[MARK_FLASH].label, t, FALSE);
    }
  for (int i = 0; i < N_MARKS; i++)
    g_free (marks[i].label);
}

static void
ab_roofline_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_plot (res, cr, layout->stages[STAGE_PLOT], position);
  ab_roofline_draw_table (res, cr, layout->stages[STAGE_TABLE], position);
}

/* One line per GPU roof, in its colour. */
static void
ab_roofline_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *items)
{
  for (int g = 0; g < AB_N_GPUS; g++)
    {
      g_autofree char *label = g_strdup_printf (_("%s roof"), ab_gpu_spec ((AbGpuId) g)->name);
      ab_legend_add (items, label, ab_roofline_gpu_color (g), AB_SWATCH_LINE);
    }
}

static char *
ab_roofline_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *gemm = ab_hw_format_intensity (res->intensity[K_QK]);
  g_autofree char *soft = ab_hw_format_intensity (res->intensity[K_SOFTMAX]);
  g_autofree char *fa = ab_hw_format_intensity (res->intensity[K_FLASH]);
  g_autofree char *t_unfused = ab_hw_format_seconds (res->unfused_seconds);
  g_autofree char *t_fa = ab_hw_format_seconds (res->seconds[K_FLASH]);
  g_autofree char *r0 = ab_hw_format_intensity (ab_roofline_ridge (res, 0)), *r1 = ab_hw_format_intensity (ab_roofline_ridge (res, 1));
  g_autofree char *r2 = ab_hw_format_intensity (ab_roofline_ridge (res, 2));

  return g_strdup_printf (
      _("Ridge points: A100 %s, H100 %s, H200 %s FLOPs per byte. At N = %d, d = %d, %s: the QKᵀ and PV GEMMs "
        "run at %s FLOPs per byte and softmax at %s; FlashAttention's fused kernel at %s. On the %s the roofline "
        "allows %s for the unfused kernels and %s for FlashAttention."),
      r0, r1, r2, res->n, res->d, res->bytes == 2 ? "FP16" : "FP32", gemm, soft, fa,
      ab_gpu_spec ((AbGpuId) res->gpu)->name, t_unfused, t_fa);
}

static const AbDiagramInfo info = {
  .name = "roofline",
  .title = N_("Attention on the roofline"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_roofline_diagram_update, .draw = ab_roofline_diagram_draw,
  .dup_title = ab_roofline_diagram_dup_title,
  .dup_caption = ab_roofline_diagram_dup_caption,
  .collect_legend = ab_roofline_diagram_collect_legend,
  .describe = ab_roofline_diagram_describe,
};

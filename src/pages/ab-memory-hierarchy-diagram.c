/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-memory-hierarchy-diagram.c — where attention's N × N matrix lives
 *
 * Left: the memory hierarchy of an A100, H100 or H200 as a pyramid —
 * registers, shared memory (the "SRAM" of the FlashAttention papers), L2,
 * HBM and host memory — with capacities and the bandwidths that are
 * published, from src/kernels/gpu-specs.c. Right: one head of attention at
 * the chosen N and precision. Standard attention (FA1 Algorithm 0) writes the
 * N × N scores S to HBM, reads them back, writes P and reads P again: four
 * passes, animated, with a stopwatch that runs at the GPU's HBM bandwidth
 * (bytes from src/kernels/attn-io.c). FlashAttention keeps each tile of S and
 * P in shared memory; its stopwatch runs only for the traffic FA1's own
 * count leaves (K, V once; Q, O, m, ℓ once per K/V tile). The times are
 * transfer times at peak bandwidth, not kernel run times.
 *
 * Steps: the hierarchy → write S → read S, write P, read P → FlashAttention.
 */
#define G_LOG_DOMAIN "ab-memory-hierarchy-diagram"

#include "ab-memory-hierarchy-diagram.h"
#include "ab-memory-hierarchy-diagram-private.h"
#include "ab-hw-format.h"
#include "ab-components.h"
#include "ab-draw.h"
#include "ab-format.h"
#include "attn-io.h"
#include "gpu-specs.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

enum { STAGE_PYRAMID, STAGE_SCENE, STAGE_LEDGER, N_STAGES };
enum { LEVEL_REGS, LEVEL_SMEM, LEVEL_L2, LEVEL_HBM, LEVEL_HOST, N_LEVELS };

/* GPT-2's head size (768 / 12), the FA1 paper's GPT-2 setting. */
#define D_HEAD 64

static const char *const gpus[] = { "A100", "H100", "H200", NULL };
static const char *const lengths[] = { "1024", "2048", "4096", "8192", "16384", "32768", "65536", "131072", NULL };
static const char *const precisions[] = { "fp16", "fp32", NULL };

AB_DEFINE_PLAIN_DIAGRAM (AbMemoryHierarchyDiagram, ab_memory_hierarchy_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · On-chip memory is fast and tiny; HBM is large and about 10× slower (the FA1 paper's A100 estimate)"),
  N_("2 · ① Standard attention computes S = QKᵀ and writes all N² scores to HBM"),
  N_("3 · ② The softmax kernel reads S back from HBM …"),
  N_("4 · ③ … and writes P = softmax(S) to HBM"),
  N_("5 · ④ The PV kernel reads P back: four trips of an N × N matrix through HBM"),
  N_("6 · FlashAttention keeps each tile of S and P on chip"),
};

static const AbParamSpec params[] = {
  { .key = "gpu", .label = N_("GPU"), .kind = AB_PARAM_CHOICE, .default_value = 0, .choices = gpus },
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_CHOICE, .default_value = 3,
    .choices = lengths },
  { .key = "precision", .label = N_("Precision"), .kind = AB_PARAM_CHOICE, .default_value = 0,
    .choices = precisions },
};

static const AbLegendSpec legend[] = {
  { N_("on-chip SRAM: registers, shared memory"), AB_COLOR_SRAM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("HBM, off-chip: written to"), AB_COLOR_HBM, AB_SWATCH_BOX, AB_STEPS_ALL },
  { N_("read back from HBM"), AB_COLOR_ACTIVE, AB_SWATCH_BOX, AB_STEPS_FROM (STEP_WRITE_S) },
};

/* The pyramid beside the traffic scene, over a strip that adds up the bytes. */
static const AbStageSpec stages[N_STAGES] = {
  { 0.82, 0.78, AB_STAGE_ROW }, { 1.18, 1.0, AB_STAGE_ROW }, { 0.15, 0.3, AB_STAGE_BELOW },
};


static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

/* The smallest 1, 2 or 5 × 10^k above @v: one turn of the stopwatches. */
static double
nice_ceiling (double v)
{
  double p = pow (10, floor (log10 (v)));
  for (int i = 0; i < 4; i++)
    {
      static const double m[] = { 1, 2, 5, 10 };
      if (m[i] * p >= v)
        return m[i] * p;
    }
  return 10 * p;
}

static gboolean
ab_memory_hierarchy_diagram_update (AbDiagram *diagram, GError **error)
{
  Result res = { .gpu = ab_gpu_spec ((AbGpuId) ab_diagram_get_param (diagram, "gpu")), .d = D_HEAD };
  double nn, nd;
  AbIoStatus st;

  res.n = atoi (lengths[(int) ab_diagram_get_param (diagram, "n")]);
  res.bytes = (int) ab_diagram_get_param (diagram, "precision") == 0 ? 2 : 4;
  st = ab_io_standard_forward (res.n, res.d, res.bytes, &res.standard);
  if (st == AB_IO_OK)
    st = ab_io_flash_forward (res.n, res.d, res.bytes, ab_gpu_smem_bytes_per_sm (res.gpu), &res.flash);
  if (st != AB_IO_OK)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", ab_io_status_string (st));
      return FALSE;
    }
  nn = (double) ab_io_matrix_bytes (res.n, res.bytes);
  nd = (double) res.n * res.d * res.bytes;
  res.seg[SEG_QK_IN] = 2 * nd;
  res.seg[SEG_WRITE_S] = res.seg[SEG_READ_S] = res.seg[SEG_WRITE_P] = res.seg[SEG_READ_P] = nn;
  res.seg[SEG_V_O] = 2 * nd;
  for (int i = 0; i < N_SEGS; i++)
    res.cum[i + 1] = res.cum[i] + res.seg[i];
  /* The ledger is the IO model's own total, part by part. */
  g_assert (res.cum[N_SEGS] == (double) (res.standard.read_bytes + res.standard.write_bytes));
  res.t_standard = ab_io_seconds (res.standard.read_bytes + res.standard.write_bytes, res.gpu->hbm_tbs);
  res.t_flash = ab_io_seconds (res.flash.io.read_bytes + res.flash.io.write_bytes, res.gpu->hbm_tbs);
  res.dial_full = nice_ceiling (res.t_standard * 1.08);
  ab_diagram_set_result (diagram, g_memdup2 (&res, sizeof res), g_free);
  return TRUE;
}

static char *
ab_memory_hierarchy_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);
  g_autofree char *n = ab_format_count ((guint64) res->n);

  return g_strdup_printf (_("Attention through the memory of an %s: N = %s, %s"), res->gpu->name, n,
                          res->bytes == 2 ? "FP16" : "FP32");
}

/* Bytes of the standard pass moved by @position (steps 2 and 3 animate it). */
double
ab_memory_hierarchy_standard_done (const Result *res, double position)
{
  /* bytes moved by the end of each step: Q, K and S; S again; P; P, V and O */
  const double ends[] = { 0, res->cum[SEG_READ_S], res->cum[SEG_WRITE_P], res->cum[SEG_READ_P],
                          res->cum[N_SEGS] };
  int step = (int) ceil (position);

  if (position <= STEP_HIERARCHY)
    return 0;
  if (position >= STEP_READ_P)
    return res->cum[N_SEGS];
  return ends[step - 1] + ab_tween (position, step - 1, step) * (ends[step] - ends[step - 1]);
}

double
ab_memory_hierarchy_seg_progress (const Result *res, double done, int seg)
{
  return res->seg[seg] > 0 ? ab_clamp01 ((done - res->cum[seg]) / res->seg[seg]) : 1.0;
}

/* The pyramid ------------------------------------------------------------ */

typedef struct
{
  const char *name;
  char       *capacity;
  char       *bandwidth;
  AbRgb       color;
  gboolean    published;   /* a bandwidth figure, not "not published" */
} Level;

static void
levels_fill (const Result *res, Level *lv)
{
  const AbGpuSpec *g = res->gpu;
  g_autofree char *regs = ab_format_bytes (ab_gpu_regs_total_kib (g) * 1024);
  g_autofree char *smem = ab_format_bytes (ab_gpu_smem_total_kib (g) * 1024);
  g_autofree char *l2 = ab_format_bytes (g->l2_mib * 1024 * 1024);
  g_autofree char *hbm_bw = ab_format_trimmed (g->hbm_tbs, 3);
  g_autofree char *sram_bw = ab_format_trimmed (g->sram_tbs_paper, 1);
  const char *unpublished = _("bandwidth not published");

  lv[LEVEL_REGS] = (Level) { _("Registers"),
                             g_strdup_printf (_("%.0f KiB/SM × %d = %s"), g->regs_kib_per_sm, g->sms, regs),
                             g_strdup (unpublished), ab_rgb_mix (AB_SRAM, AB_TEXT, 0.35), FALSE };
  lv[LEVEL_SMEM] = (Level) { _("Shared memory (SRAM)"),
                             g_strdup_printf (_("up to %.0f of %.0f KiB/SM × %d = %s"), g->smem_kib_per_sm,
                                              g->l1_smem_kib_per_sm, g->sms, smem),
                             g->sram_tbs_paper > 0
                               ? g_strdup_printf (_("≈ %s TB/s (FA1 paper's estimate)"), sram_bw)
                               : g_strdup (unpublished),
                             AB_SRAM, g->sram_tbs_paper > 0 };
  lv[LEVEL_L2] = (Level) { _("L2 cache"), g_strdup_printf (_("%s, shared by all SMs"), l2),
                           g_strdup (unpublished), ab_rgb_mix (AB_SRAM, AB_MUTED, 0.6), FALSE };
  lv[LEVEL_HBM] = (Level) { _("HBM"), g_strdup_printf (_("%.0f GB %s, off-chip"), g->hbm_gb, g->hbm_type),
                            g_strdup_printf (_("%s TB/s"), hbm_bw), AB_HBM, TRUE };
  lv[LEVEL_HOST] = (Level) { _("Host memory (CPU)"), g_strdup (_("sized by the server")),
                             g_strdup_printf (_("%s: %.0f GB/s each way"), g->host_link, g->host_link_gbs),
                             AB_MUTED, TRUE };
}

static void
levels_clear (Level *lv)
{
  for (int i = 0; i < N_LEVELS; i++)
    {
      g_free (lv[i].capacity);
      g_free (lv[i].bandwidth);
    }
}

/* How lit a level is at @position: all at first, then HBM while standard
 * attention runs and shared memory when FlashAttention takes over. */
static double
level_emphasis (int level, double position)
{
  double to_standard = ab_tween (position, STEP_HIERARCHY, STEP_WRITE_S);
  double to_flash = ab_tween (position, STEP_READ_P, STEP_FLASH);
  double standard = level == LEVEL_HBM ? 1.0 : 0.35;
  double flash = level == LEVEL_SMEM ? 1.0 : level == LEVEL_HBM ? 0.55 : 0.35;
  double lit = 1.0 + (standard - 1.0) * to_standard;
  return lit + (flash - lit) * to_flash;
}

static void
draw_pyramid (const Result *res, cairo_t *cr, AbRect panel, double position)
{
  g_autofree char *title = g_strdup_printf (_("Memory of the %s"), res->gpu->name);
  double pad = ab_style_size (cr, AB_TEXT_LABEL), heading, need = 0;
  double top, row_h, pyr_w, cx, text_x, text_w;
  gboolean compact = FALSE;
  Level lv[N_LEVELS];

  levels_fill (res, lv);
  ab_draw_panel (cr, panel, title);
  ab_text_measure (cr, AB_TEXT_HEADING, title, panel.w - 40, NULL, &heading);
  top = panel.y + 14 + heading + pad * 0.8;
  row_h = (panel.y + panel.h - pad - top) / N_LEVELS;
  pyr_w = MIN (panel.w * 0.26, row_h * N_LEVELS * 0.8);
  cx = panel.x + pad + pyr_w / 2;
  text_x = panel.x + pad + pyr_w + pad;
  text_w = panel.x + panel.w - pad - text_x;

  /* Three lines a level when they fit; else capacity and bandwidth share one. */
  for (int i = 0; i < N_LEVELS; i++)
    {
      double a, b, c;
      ab_text_measure (cr, AB_TEXT_LABEL, lv[i].name, text_w, NULL, &a);
      ab_text_measure (cr, AB_TEXT_SMALL, lv[i].capacity, text_w, NULL, &b);
      ab_text_measure (cr, AB_TEXT_SMALL, lv[i].bandwidth, text_w, NULL, &c);
      need = MAX (need, a + b + c + 6);
    }
  compact = need > row_h;

  for (int i = 0; i < N_LEVELS; i++)
    {
      double y0 = top + i * row_h, y1 = y0 + row_h - 6;
      double w0 = pyr_w * (0.22 + 0.78 * i / N_LEVELS), w1 = pyr_w * (0.22 + 0.78 * (i + 1) / N_LEVELS);
      double lit = level_emphasis (i, position);
      AbRgb ink = ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, lit);
      AbRgb bw_ink = lv[i].published ? ab_rgb_mix (ink, lv[i].color, 0.6) : AB_TEXT_DIM;
      g_autofree char *name = g_strdup_printf ("<b>%s</b>", lv[i].name);
      double y = y0 + 2;

      cairo_save (cr);
      cairo_move_to (cr, cx - w0 / 2, y0);
      cairo_line_to (cr, cx + w0 / 2, y0);
      cairo_line_to (cr, cx + w1 / 2, y1);
      cairo_line_to (cr, cx - w1 / 2, y1);
      cairo_close_path (cr);
      ab_set_rgba (cr, lv[i].color, 0.12 + 0.5 * lit);
      cairo_fill_preserve (cr);
      ab_set_rgba (cr, lv[i].color, 0.35 + 0.65 * lit);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);

      y += ab_text (cr, AB_TEXT_LABEL, name, text_x, y, ink, AB_ALIGN_LEFT, text_w);
      if (compact)
        {
          g_autofree char *bw_hex = ab_hw_hex (bw_ink);
          g_autofree char *both = g_strdup_printf ("%s · <span foreground=\"%s\">%s</span>", lv[i].capacity,
                                                   bw_hex, lv[i].bandwidth);
          ab_text (cr, AB_TEXT_SMALL, both, text_x, y, ink, AB_ALIGN_LEFT, text_w);
          continue;
        }
      y += ab_text (cr, AB_TEXT_SMALL, lv[i].capacity, text_x, y, ink, AB_ALIGN_LEFT, text_w);
      ab_text (cr, AB_TEXT_SMALL, lv[i].bandwidth, text_x, y, bw_ink, AB_ALIGN_LEFT, text_w);
    }
  levels_clear (lv);
}

/* The ledger -------------------------------------------------------------- */

static void
draw_ledger (const Result *res, cairo_t *cr, AbRect r, double position)
{
  static const char *const parts[N_SEGS] = {
    N_("read Q, K"), N_("① write S"), N_("② read S"), N_("③ write P"), N_("④ read P"), N_("read V, write O"),
  };
  double done = ab_memory_hierarchy_standard_done (res, position), flash = ab_tween (position, STEP_READ_P, STEP_FLASH);
  g_autofree char *red = ab_hw_hex (AB_HBM), *blue = ab_hw_hex (AB_ACTIVE), *green = ab_hw_hex (AB_SRAM), *dim = ab_hw_hex (AB_MUTED);
  g_autofree char *total = ab_hw_glued (ab_format_bytes (res->cum[N_SEGS]));
  g_autofree char *t_std = ab_hw_glued (ab_hw_format_seconds (res->t_standard));
  GString *line = g_string_new (NULL);
  double y = r.y;

  g_string_append_printf (line, _("<b>Standard</b> (FA1 Alg. 0): "));
  for (int s = 0; s < N_SEGS; s++)
    {
      g_autofree char *b = ab_hw_glued (ab_format_bytes (res->seg[s]));
      gboolean reached = done > res->cum[s] || (s == 0 && done > 0);
      const char *color = !reached ? dim : s == SEG_QK_IN || s == SEG_V_O ? NULL
                          : s == SEG_WRITE_S || s == SEG_WRITE_P ? red : blue;
      if (color)
        g_string_append_printf (line, "<span foreground=\"%s\">%s %s</span>", color, _(parts[s]), b);
      else
        g_string_append_printf (line, "%s %s", _(parts[s]), b);
      g_string_append (line, s + 1 < N_SEGS ? " · " : "");
    }
  if (position >= STEP_READ_P - 0.001)
    g_string_append_printf (line, _(" = <b>%s → %s</b>"), total, t_std);
  y += ab_text (cr, AB_TEXT_LABEL, line->str, r.x, y, AB_TEXT, AB_ALIGN_LEFT, r.w) + 6;
  g_string_free (line, TRUE);

  if (position > STEP_READ_P)
    {
      double fb = (double) (res->flash.io.read_bytes + res->flash.io.write_bytes);
      g_autofree char *kv = ab_hw_glued (ab_format_bytes (2.0 * res->n * res->d * res->bytes));
      g_autofree char *rest = ab_hw_glued (ab_format_bytes (fb - 2.0 * res->n * res->d * res->bytes));
      g_autofree char *fa = ab_hw_glued (ab_format_bytes (fb));
      g_autofree char *t_fa = ab_hw_glued (ab_hw_format_seconds (res->t_flash));
      g_autofree char *ratio = ab_format_trimmed (res->cum[N_SEGS] / fb, 1);
      g_autofree char *text = g_strdup_printf (
          _("<span foreground=\"%s\"><b>FlashAttention</b></span> (FA1 Alg. 1, B<sub>c</sub> = %d, "
            "T<sub>c</sub> = %d K/V tiles): read K, V once %s · Q, O, m, ℓ in and out once per K/V tile %s "
            "= <b>%s → %s</b>, %s× less"),
          green, res->flash.block_c, res->flash.t_c, kv, rest, fa, t_fa, ratio);
      AbRgb ink = ab_rgb_mix (AB_PANEL, AB_TEXT, flash);
      y += ab_text (cr, AB_TEXT_LABEL, text, r.x, y, ink, AB_ALIGN_LEFT, r.w) + 6;
    }
  else
    {
      g_autofree char *matrix = ab_format_bytes ((double) ab_io_matrix_bytes (res->n, res->bytes));
      g_autofree char *smem = ab_format_trimmed (res->gpu->smem_kib_per_sm, 0);
      g_autofree char *times = ab_format_count ((guint64) llround (
          (double) ab_io_matrix_bytes (res->n, res->bytes) / (double) ab_gpu_smem_bytes_per_sm (res->gpu)));
      double both = 2.0 * (double) ab_io_matrix_bytes (res->n, res->bytes);
      g_autofree char *both_text = ab_format_bytes (both);
      /* S and P both live in HBM between kernels (P is kept for the backward pass). */
      g_autofree char *text = both > res->gpu->hbm_gb * 1e9
        ? g_strdup_printf (_("S alone is %s, %s× one SM's %s KiB of shared memory. S and P together need %s: "
                             "more than the %.0f GB of HBM, so standard attention cannot even hold this head."),
                           matrix, times, smem, both_text, res->gpu->hbm_gb)
        : g_strdup_printf (_("S alone is %s, %s× one SM's %s KiB of shared memory: it has to go to HBM. "
                             "Times are bytes ÷ peak HBM bandwidth."),
                           matrix, times, smem);
      y += ab_text (cr, AB_TEXT_LABEL, text, r.x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w) + 6;
    }
}

static void
ab_memory_hierarchy_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);

  draw_pyramid (res, cr, layout->stages[STAGE_PYRAMID], position);
  ab_memory_hierarchy_draw_scene (res, cr, layout->stages[STAGE_SCENE], position);
  draw_ledger (res, cr, layout->stages[STAGE_LEDGER], position);
}

/* The last caption quotes the ratio the IO model finds at these parameters. */
static char *
ab_memory_hierarchy_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  g_autofree char *ratio = NULL;

  if (step != STEP_FLASH)
    return g_strdup (_(steps[step]));
  ratio = ab_format_trimmed (res->t_standard / res->t_flash, 1);
  return g_strdup_printf (_("6 · FlashAttention keeps each tile of S and P on chip: %s× less HBM traffic, "
                            "no N × N matrix stored"), ratio);
}

static char *
ab_memory_hierarchy_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  const AbGpuSpec *g = res->gpu;
  g_autofree char *regs = ab_format_bytes (ab_gpu_regs_total_kib (g) * 1024);
  g_autofree char *smem = ab_format_bytes (ab_gpu_smem_total_kib (g) * 1024);
  g_autofree char *l2 = ab_format_bytes (g->l2_mib * 1024 * 1024);
  g_autofree char *matrix = ab_format_bytes ((double) ab_io_matrix_bytes (res->n, res->bytes));
  g_autofree char *total = ab_format_bytes (res->cum[N_SEGS]);
  g_autofree char *fa = ab_format_bytes ((double) (res->flash.io.read_bytes + res->flash.io.write_bytes));
  g_autofree char *t_std = ab_hw_format_seconds (res->t_standard);
  g_autofree char *t_fa = ab_hw_format_seconds (res->t_flash);
  g_autofree char *sram = g->sram_tbs_paper > 0
                            ? g_strdup_printf (_("about %.0f TB/s by the FA1 paper's estimate"), g->sram_tbs_paper)
                            : g_strdup (_("bandwidth not published"));

  return g_strdup_printf (
      _("%s memory hierarchy: registers %.0f KiB per SM × %d SMs = %s; shared memory up to %.0f KiB per SM, %s "
        "in all, %s; L2 cache %s; HBM %.0f GB at %.3g TB/s; host memory over %s at %.0f GB/s each way. "
        "Standard attention at N = %d, d = %d, %s writes and reads the %s N × N matrix four times, %s in all: "
        "%s at %.3g TB/s. FlashAttention in FA1's model (B_c = %d, T_c = %d) moves %s: %s."),
      g->name, g->regs_kib_per_sm, g->sms, regs, g->smem_kib_per_sm, smem, sram, l2, g->hbm_gb, g->hbm_tbs,
      g->host_link, g->host_link_gbs, res->n, res->d, res->bytes == 2 ? "FP16" : "FP32", matrix, total, t_std,
      g->hbm_tbs, res->flash.block_c, res->flash.t_c, fa, t_fa);
}

static const AbDiagramInfo info = {
  .name = "gpu-memory-hierarchy",
  .title = N_("Attention through the GPU memory hierarchy"),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_memory_hierarchy_diagram_update, .draw = ab_memory_hierarchy_diagram_draw,
  .dup_title = ab_memory_hierarchy_diagram_dup_title,
  .dup_caption = ab_memory_hierarchy_diagram_dup_caption,
  .describe = ab_memory_hierarchy_diagram_describe,
};

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-pattern-zoo-diagram.c — six attention patterns at the same N
 *
 * Dense, strided (Sparse Transformer), sliding window (Longformer), window +
 * global + random (BigBird), LSH buckets (Reformer) and low rank
 * (Linformer), side by side at one sequence length from 256 to 8192. Each
 * mask is rasterised by src/kernels/attn-patterns.c into a density image
 * (the share of each pixel's entries that are computed), never drawn entry
 * by entry; the counters under it are the pattern's exact entries, FLOPs and
 * memory (ab_pattern_count). The LSH mask hashes a seeded, clustered input
 * with attn-lsh.c; the low-rank cell is not a mask but the product of an
 * N × k matrix and a real seeded k × N projection (attn-linformer.c), its
 * cost from attn-complexity.c.
 *
 * Steps: dense → fixed patterns → content-based buckets → low rank.
 */
#define G_LOG_DOMAIN "ab-pattern-zoo-diagram"

#include "ab-pattern-zoo-diagram.h"
#include "ab-draw.h"
#include "ab-components.h"
#include "ab-format.h"
#include "attn-complexity.h"
#include "attn-linformer.h"
#include "attn-lsh.h"
#include "attn-patterns.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

enum { STEP_DENSE, STEP_FIXED, STEP_CONTENT, STEP_LOW_RANK, N_STEPS };
enum { CELL_DENSE, CELL_STRIDED, CELL_WINDOW, CELL_BIGBIRD, CELL_LSH, CELL_LOW_RANK, N_CELLS };

#define D_HEAD      64    /* head dimension of every count */
#define ELEM_BYTES   2    /* FP16 scores */
#define MAX_PIXELS 256    /* density image side: one pixel per entry up to N = 256 */
#define SVG_PIXELS 128    /* in SVG frames: 5 embedded masks per frame must fit the web player's budget */
/* Longformer's window w = 2r = 512, the window of its pretrained models
 * (arXiv:2004.05150, "Pretraining and Finetuning"); fixed, so the window's
 * cost grows as N·w. */
#define WINDOW_RADIUS 256
#define LINFORMER_K 128   /* the book's choice of k */
/* The LSH input: tokens in runs of one topic each, so similar vectors
 * recur far apart and the buckets show it. */
#define N_TOPICS    8
#define TOPIC_NOISE 0.5
/* The hashed vectors' dimension: the mask depends only on the buckets, and
 * hashing costs n·dim·b with b ≈ n/64, so a small one keeps the slider
 * live. The counts still use D_HEAD. */
#define LSH_DIM    16

AB_DEFINE_PLAIN_DIAGRAM (AbPatternZooDiagram, ab_pattern_zoo_diagram, info)

static const char *const steps[N_STEPS] = {
  N_("1 · Dense attention scores every query against every key: N² entries, the cost the era tried to escape"),
  N_("2 · Fixed patterns pick entries by position alone: a stride, a sliding window, a few global tokens"),
  N_("3 · Reformer lets the content pick: tokens whose vectors hash to the same bucket attend to each other, "
     "wherever they sit"),
  N_("4 · Linformer computes no entry of the N × N matrix: it approximates every one from N·k scores"),
};

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Sequence length N"), .kind = AB_PARAM_SLIDER, .min = 256, .max = 8192,
    .step = 1, .default_value = 2048, .log_scale = TRUE, .format = "%.0f" },
  { .key = "causal", .label = N_("Causal (j ≤ i)"), .kind = AB_PARAM_TOGGLE, .default_value = 0 },
};

static const AbLegendSpec legend[] = {
  { N_("computed score entries (fainter: a pixel only partly computed)"), AB_COLOR_ACTIVE, AB_SWATCH_BOX,
    AB_STEPS_ALL },
  { N_("low rank: approximated, not computed"), AB_COLOR_MUTED, AB_SWATCH_BOX, AB_STEP (STEP_LOW_RANK) },
  { N_("projection E (k × N) entries: negative / positive"), AB_COLOR_HBM, AB_SWATCH_BOX,
    AB_STEP (STEP_LOW_RANK) },
};

static const char *const cell_titles[N_CELLS] = {
  N_("Dense"),
  N_("Strided · Sparse Transformer"),
  N_("Sliding window · Longformer"),
  N_("Window + global · BigBird"),
  N_("LSH buckets · Reformer"),
  N_("Low rank · Linformer"),
};

/* The step at which each cell appears. */
static const int cell_step[N_CELLS] = {
  STEP_DENSE, STEP_FIXED, STEP_FIXED, STEP_FIXED, STEP_CONTENT, STEP_LOW_RANK,
};

typedef struct
{
  int              n;
  gboolean         causal;
  int              pixels;                 /* side of the density images */
  AbPattern        pattern[N_CELLS - 1];   /* the five masks (LSH arrays: hash) */
  AbPatternCount   count[N_CELLS];         /* the low-rank row from attn-complexity */
  AbLshHash        hash;
  cairo_surface_t *mask[N_CELLS - 1];
  cairo_surface_t *mask_half[N_CELLS - 1]; /* half the side, for SVG (NULL: pixels ≤ SVG_PIXELS) */
  cairo_surface_t *projection;             /* E, k × min(N, MAX_PIXELS) */
  cairo_surface_t *projection_half;        /* for SVG, like mask_half */
  int              k;
} Result;

static void
result_free (gpointer data)
{
  Result *res = data;

  for (int c = 0; c < N_CELLS - 1; c++)
    {
      g_clear_pointer (&res->mask[c], cairo_surface_destroy);
      g_clear_pointer (&res->mask_half[c], cairo_surface_destroy);
    }
  g_clear_pointer (&res->projection, cairo_surface_destroy);
  g_clear_pointer (&res->projection_half, cairo_surface_destroy);
  ab_lsh_hash_clear (&res->hash);
  g_free (res);
}

static const Result *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

static guint32
pixel (AbRgb c)
{
  return (guint32) (c.r * 255 + 0.5) << 16 | (guint32) (c.g * 255 + 0.5) << 8 | (guint32) (c.b * 255 + 0.5);
}

/* Coverage 0 stays the background; any computed entry is visible, a fully
 * computed pixel is the active blue (sequential map at √w = 0.75). */
static AbRgb
coverage_color (float cov)
{
  return cov <= 0 ? AB_BG : ab_color_sequential (0.12 + 0.4425 * cov);
}

static cairo_surface_t *
density_image (const float *coverage, int side)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);

  cairo_surface_flush (img);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      ((guint32 *) (data + (gsize) y * stride))[x] = pixel (coverage_color (coverage[(gsize) y * side + x]));
  cairo_surface_mark_dirty (img);
  return img;
}

/* The same coverage at half the side: each pixel the mean of a 2 × 2 block. */
static cairo_surface_t *
density_image_halved (const float *coverage, int side)
{
  int half = side / 2;
  g_autofree float *mean = g_new (float, (gsize) half * half);

  for (int y = 0; y < half; y++)
    for (int x = 0; x < half; x++)
      {
        const float *row = coverage + (gsize) (2 * y) * side + 2 * x;
        mean[(gsize) y * half + x] = (row[0] + row[1] + row[side] + row[side + 1]) / 4;
      }
  return density_image (mean, half);
}

/* E's entries are N(0, 1/k): the diverging map saturates at 2 σ. Columns
 * are sampled, not averaged, so the image keeps the entries' spread. */
static cairo_surface_t *
projection_image (const float *e, int k, int n, int rows, int cols)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  double scale = 2.0 / sqrt ((double) k);

  cairo_surface_flush (img);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      ((guint32 *) (data + (gsize) r * stride))[c] =
          pixel (ab_color_diverging (e[(gsize) (r * k / rows) * n + (gsize) c * n / cols], scale));
  cairo_surface_mark_dirty (img);
  return img;
}

static double
gaussian (GRand *rng)
{
  double u = g_rand_double_range (rng, 1e-12, 1.0), v = g_rand_double (rng);
  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

/* n × d vectors: runs of n/32 tokens share one of N_TOPICS directions. */
static float *
clustered_input (int n, int d)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (1);
  g_autofree double *centers = g_new (double, N_TOPICS * d);
  float *x = g_new (float, (gsize) n * d);
  int run = MAX (8, n / 32), topic = 0;

  for (int i = 0; i < N_TOPICS * d; i++)
    centers[i] = gaussian (rng);
  for (int t = 0; t < n; t++)
    {
      if (t % run == 0)
        topic = g_rand_int_range (rng, 0, N_TOPICS);
      for (int c = 0; c < d; c++)
        x[(gsize) t * d + c] = (float) (centers[topic * d + c] + TOPIC_NOISE * gaussian (rng));
    }
  return x;
}

static gboolean
fail (GError **error, const AbApproxError *err)
{
  g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, "%s", err->message);
  return FALSE;
}

static gboolean
ab_pattern_zoo_diagram_update (AbDiagram *diagram, GError **error)
{
  static const AbPatternKind kinds[N_CELLS - 1] = {
    AB_PATTERN_DENSE, AB_PATTERN_STRIDED, AB_PATTERN_WINDOW, AB_PATTERN_BIGBIRD, AB_PATTERN_LSH,
  };
  Result *res = g_new0 (Result, 1);
  g_autofree float *coverage = NULL, *x = NULL, *e = NULL;
  AbLshConfig lsh;
  AbLinformerConfig lin;
  AbComplexityParams cx;
  AbComplexity low;
  AbApproxError err = { 0 };

  res->n = (int) ab_diagram_get_param (diagram, "n");
  res->causal = ab_diagram_get_param (diagram, "causal") > 0.5;
  res->pixels = MIN (res->n, MAX_PIXELS);
  res->k = MIN (LINFORMER_K, res->n);
  coverage = g_new (float, (gsize) res->pixels * res->pixels);

  ab_lsh_config_init (&lsh, res->n, LSH_DIM);
  lsh.causal = res->causal;
  x = clustered_input (res->n, LSH_DIM);
  if (ab_lsh_hash (&lsh, x, &res->hash, &err) != AB_APPROX_OK)
    goto failed;

  for (int c = 0; c < N_CELLS - 1; c++)
    {
      AbPattern *p = &res->pattern[c];

      if (kinds[c] == AB_PATTERN_LSH)
        ab_lsh_pattern (&res->hash, p);
      else
        ab_pattern_init (p, kinds[c], res->n);
      p->causal = res->causal;
      if (kinds[c] == AB_PATTERN_WINDOW || kinds[c] == AB_PATTERN_BIGBIRD)
        p->radius = WINDOW_RADIUS;
      if (ab_pattern_count (p, D_HEAD, ELEM_BYTES, &res->count[c], &err) != AB_APPROX_OK ||
          ab_pattern_raster (p, res->pixels, coverage, &err) != AB_APPROX_OK)
        goto failed;
      res->mask[c] = density_image (coverage, res->pixels);
      if (res->pixels > SVG_PIXELS)
        res->mask_half[c] = density_image_halved (coverage, res->pixels);
    }

  /* Low rank: N·k scores of P̄, its FLOPs and memory; the E shown is the
   * seeded Gaussian projection of the Linformer's Theorem 2 (untrained). */
  ab_complexity_params_init (&cx);
  cx.d = D_HEAD;
  cx.elem_bytes = ELEM_BYTES;
  cx.linformer_k = res->k;
  if (ab_complexity (AB_CX_LINFORMER, (uint64_t) res->n, &cx, &low, &err) != AB_APPROX_OK)
    goto failed;
  res->count[CELL_LOW_RANK] = (AbPatternCount) {
    .entries = (uint64_t) res->n * res->k, .dense = (uint64_t) res->n * res->n, .max_row = res->k,
    .flops = low.flops, .score_bytes = low.bytes, .peak_bytes = low.bytes,
  };
  /* E is drawn one column per pixel: the kernel draws those columns (the
   * same N(0, 1/k) entries), not the k × N matrix a pixel would sample. */
  lin = (AbLinformerConfig) { .n = res->pixels, .k = res->k, .projection = AB_LINFORMER_GAUSSIAN,
                              .share_ef = 1, .seed = 1 };
  e = g_new (float, (gsize) res->k * res->pixels);
  if (ab_linformer_projections (&lin, e, NULL, &err) != AB_APPROX_OK)
    goto failed;
  res->projection = projection_image (e, res->k, res->pixels, res->k, res->pixels);
  /* Random entries do not compress: SVG frames get every other row and column. */
  if (res->pixels > SVG_PIXELS)
    res->projection_half = projection_image (e, res->k, res->pixels, MAX (res->k / 2, 1), res->pixels / 2);

  ab_diagram_set_result (diagram, res, result_free);
  return TRUE;

failed:
  result_free (res);
  return fail (error, &err);
}

static char *
ab_pattern_zoo_diagram_dup_title (AbDiagram *diagram)
{
  const Result *res = result (diagram);

  return g_strdup_printf (res->causal ? _("Six attention patterns at N = %d, causal")
                                      : _("Six attention patterns at N = %d"), res->n);
}

/* Counts and FLOPs as the cells write them: "16.8 M", "4.29 G", "65,536". */
static char *
format_si (double v)
{
  static const char *const prefixes[] = { "", "k", "M", "G", "T", "P" };
  g_autofree char *num = NULL;
  guint p = 0;

  if (v < 1e5)
    return ab_format_count ((guint64) v);
  while (v >= 1000.0 && p < G_N_ELEMENTS (prefixes) - 1)
    {
      v /= 1000.0;
      p++;
    }
  num = ab_format_trimmed (v, v < 10 ? 2 : v < 100 ? 1 : 0);
  return g_strdup_printf ("%s %s", num, prefixes[p]);
}

static char *
format_share (double share)
{
  double pct = 100 * share;
  g_autofree char *num = ab_format_trimmed (pct, pct >= 10 ? 0 : pct >= 1 ? 1 : 2);
  return g_strdup_printf ("%s\u00a0%%", num);
}

/* The setting line of a cell, plain text. */
static char *
dup_setting (const Result *res, int c)
{
  const AbPattern *p = &res->pattern[MIN (c, N_CELLS - 2)];

  switch (c)
    {
    case CELL_DENSE:
      return g_strdup (res->causal ? _("every pair with j ≤ i") : _("all N² pairs"));
    case CELL_STRIDED:
      return g_strdup_printf (_("stride l = ⌈√N⌉ = %d"), p->stride);
    case CELL_WINDOW:
      /* Below N = w the window is most of the matrix: say so, it is no bug. */
      return 2 * p->radius >= res->n ? g_strdup_printf (_("window w = 2r = %d > N"), 2 * p->radius)
                                     : g_strdup_printf (_("window w = 2r = %d"), 2 * p->radius);
    case CELL_BIGBIRD:
      return g_strdup_printf (2 * p->radius >= res->n ? _("w = %d > N, %d global, %d random")
                                                      : _("w = %d, %d global, %d random"),
                              2 * p->radius, p->n_global, p->n_random);
    case CELL_LSH:
      return g_strdup_printf (_("%d rounds, %d buckets, chunks of %d"), res->hash.config.n_rounds,
                              res->hash.config.n_buckets, res->hash.config.chunk_len);
    default:
      return res->causal ? g_strdup_printf (_("k = %d; no causal form"), res->k)
                         : g_strdup_printf (_("k = %d, shared E = F"), res->k);
    }
}

typedef struct
{
  AbTextStyle style;
  AbRgb       color;
  char       *markup;
} Line;

#define N_LINES 4

/* The counters of cell @c; @compact puts the share on the entries' line
 * (for counters under the square, where height is short). Returns the
 * number of lines. */
static int
cell_lines (const Result *res, int c, gboolean compact, Line lines[N_LINES])
{
  const AbPatternCount *k = &res->count[c];
  g_autofree char *entries = format_si ((double) k->entries);
  g_autofree char *share = format_share ((double) k->entries / (double) k->dense);
  g_autofree char *flops = format_si ((double) k->flops);
  g_autofree char *bytes = ab_format_bytes ((double) k->peak_bytes);
  g_autofree char *setting = dup_setting (res, c);
  int n = 0;

  if (compact)
    lines[n++] = (Line) { AB_TEXT_BODY, AB_TEXT,
                          c == CELL_LOW_RANK ? g_strdup_printf (_("<b>%s</b> scores (N·k)"), entries)
                                             : g_strdup_printf (_("<b>%s</b> entries · %s of N²"), entries, share) };
  else if (c == CELL_LOW_RANK)
    {
      lines[n++] = (Line) { AB_TEXT_BODY, AB_TEXT, g_strdup_printf (_("<b>%s</b> scores (N·k)"), entries) };
      lines[n++] = (Line) { AB_TEXT_LABEL, AB_TEXT_DIM, g_strdup (_("all N² approximated")) };
    }
  else
    {
      lines[n++] = (Line) { AB_TEXT_BODY, AB_TEXT, g_strdup_printf (_("<b>%s</b> entries"), entries) };
      lines[n++] = (Line) { AB_TEXT_LABEL, AB_TEXT_DIM, g_strdup_printf (_("%s of N²"), share) };
    }
  /* "4.29 GFLOP", but "65,536 FLOP" for a plain count. */
  lines[n++] = (Line) { AB_TEXT_LABEL, AB_TEXT,
                        g_strdup_printf (strchr (flops, ' ') ? _("%sFLOP · %s") : _("%s FLOP · %s"), flops, bytes) };
  /* Compact, the low-rank cell says what it approximates with its setting. */
  if (compact && c == CELL_LOW_RANK && !res->causal)
    lines[n++] = (Line) { AB_TEXT_SMALL, AB_TEXT_DIM,
                          g_strdup_printf (_("k = %d · all N² approximated"), res->k) };
  else
    lines[n++] = (Line) { AB_TEXT_SMALL, AB_TEXT_DIM, g_markup_escape_text (setting, -1) };
  return n;
}

static void
lines_clear (Line lines[N_LINES], int n)
{
  for (int i = 0; i < n; i++)
    g_free (lines[i].markup);
}

/* The counters' widest line (but the setting line, the last, which wraps
 * to the others) and their height at @width. */
static void
lines_measure (cairo_t *cr, Line lines[N_LINES], int n, double wrap, double *width, double *height)
{
  double lw, lh;

  *width = *height = 0;
  for (int i = 0; i < n; i++)
    {
      ab_text_measure (cr, lines[i].style, lines[i].markup, -1, &lw, &lh);
      if (i < n - 1)
        *width = MAX (*width, lw);
      if (lw > wrap)
        ab_text_measure (cr, lines[i].style, lines[i].markup, wrap, NULL, &lh);
      *height += lh + 2;
    }
}

/* SVG frames (exports, the Hugo players) embed each mask as a PNG: there
 * the half-size image keeps a player within its budget; screens and PNGs
 * get the full one. */
static gboolean
is_svg (cairo_t *cr)
{
  return cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_SVG;
}

static cairo_surface_t *
mask_for (const Result *res, int cell, cairo_t *cr)
{
  return is_svg (cr) && res->mask_half[cell] ? res->mask_half[cell] : res->mask[cell];
}

/* Crisp blocks when the image is enlarged; averaged when it is shrunk, so
 * a fine stride does not alias into a checkerboard. */
static void
paint_image (cairo_t *cr, cairo_surface_t *img, AbRect r, double alpha)
{
  double dx = r.w, dy = 0;
  cairo_filter_t filter;

  cairo_user_to_device_distance (cr, &dx, &dy);
  filter = hypot (dx, dy) < cairo_image_surface_get_width (img) ? CAIRO_FILTER_GOOD : CAIRO_FILTER_NEAREST;
  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_clip (cr);
  cairo_translate (cr, r.x, r.y);
  cairo_scale (cr, r.w / cairo_image_surface_get_width (img), r.h / cairo_image_surface_get_height (img));
  cairo_set_source_surface (cr, img, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), filter);
  cairo_paint_with_alpha (cr, alpha);
  cairo_restore (cr);
}

static void
outline (cairo_t *cr, AbRect r, AbRgb color, double width)
{
  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The low-rank cell in the square @sq: the N × k matrix P̄ on the left, the
 * k × N projection on top, both to scale, and the N × N product they stand
 * for, approximated everywhere. */
static void
draw_low_rank (const Result *res, cairo_t *cr, AbRect sq, double reveal, double focus)
{
  double t = sq.w * res->k / (double) (res->n + res->k), s = sq.w - t;
  double strip = MAX (t, 3);
  AbRect p_bar = { sq.x, sq.y + t, strip, s };
  AbRect e = { sq.x + t, sq.y + t - strip, s, strip };
  AbRect product = { sq.x + t, sq.y + t, s, s };

  cairo_save (cr);
  ab_set_rgba (cr, AB_MUTED, 0.35 * reveal);
  cairo_rectangle (cr, product.x, product.y, product.w, product.h);
  cairo_fill (cr);
  cairo_restore (cr);
  if (reveal > 0.5)
    ab_draw_hatch (cr, product);
  cairo_save (cr);
  ab_set_rgba (cr, AB_ACTIVE, reveal);
  cairo_rectangle (cr, p_bar.x, p_bar.y, p_bar.w, p_bar.h);
  cairo_fill (cr);
  cairo_restore (cr);
  paint_image (cr, is_svg (cr) && res->projection_half ? res->projection_half : res->projection, e, reveal);
  outline (cr, product, ab_rgb_mix (AB_BORDER, AB_ACTIVE, focus), 1.5 + focus);
}

/* The top of a cell's content, under its panel title. */
static double
cell_top (cairo_t *cr, int c, AbRect cell)
{
  double heading;

  ab_text_measure (cr, AB_TEXT_HEADING, _(cell_titles[c]), cell.w - 40, NULL, &heading);
  return cell.y + 14 + heading + ab_style_size (cr, AB_TEXT_LABEL) * 0.6;
}

/* Where the square and the counters go. Every cell gets the same square
 * (the grid is a comparison at one N), sized for the cell with the
 * tallest title; @text_w is the counters' width when they go beside. */
static void
cell_geometry (cairo_t *cr, AbRect cell, double top, double text_w, double block_h, gboolean beside,
               AbRect *sq, AbRect *text)
{
  double pad = ab_style_size (cr, AB_TEXT_LABEL), avail_h = cell.y + cell.h - pad - top, side;

  if (beside)
    {
      side = MIN (avail_h, cell.w - 3 * pad - text_w);
      *sq = (AbRect) { cell.x + pad + (cell.w - 3 * pad - text_w - side) / 2, top, side, side };
      *text = (AbRect) { cell.x + cell.w - pad - text_w, top, text_w, avail_h };
    }
  else
    {
      side = MAX (MIN (cell.w - 2 * pad, avail_h - block_h - pad * 0.6), 16);
      *sq = (AbRect) { cell.x + (cell.w - side) / 2, top, side, side };
      *text = (AbRect) { cell.x + pad, top + side + pad * 0.6, cell.w - 2 * pad, block_h };
    }
}

static void
draw_cell (const Result *res, cairo_t *cr, int c, AbRect cell, AbRect sq, AbRect text, Line lines[N_LINES],
           int n_lines, double reveal, double focus)
{
  ab_draw_panel (cr, cell, _(cell_titles[c]));
  /* Before its step a cell shows a ghost of dense attention, and its own
   * pattern is carved out of it as the step arrives. */
  if (reveal < 1)
    {
      paint_image (cr, mask_for (res, CELL_DENSE, cr), sq, 0.18 * (1 - reveal));
      outline (cr, sq, AB_BORDER, 1.5);
    }
  if (reveal > 0 && c == CELL_LOW_RANK)
    draw_low_rank (res, cr, sq, reveal, focus);
  else if (reveal > 0)
    {
      paint_image (cr, mask_for (res, c, cr), sq, reveal);
      outline (cr, sq, ab_rgb_mix (AB_BORDER, AB_ACTIVE, focus), 1.5 + focus);
    }

  if (reveal > 0)
    {
      double y = text.y;
      for (int i = 0; i < n_lines; i++)
        y += ab_text (cr, lines[i].style, lines[i].markup, text.x, y,
                      ab_rgb_mix (AB_PANEL, lines[i].color, reveal), AB_ALIGN_LEFT, text.w) + 2;
    }
}

static void
ab_pattern_zoo_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  const Result *res = result (diagram);
  AbRect area = layout->stages[0], cells[N_CELLS];
  double gap = ab_style_gap (cr), pad = ab_style_size (cr, AB_TEXT_LABEL);
  int cols = area.w > area.h * 1.2 ? 3 : 2, rows = N_CELLS / cols;
  double cw = (area.w - (cols - 1) * gap) / cols, ch = (area.h - (rows - 1) * gap) / rows;
  double text_w = 0, block_h = 0, top_off = 0;
  gboolean beside;
  Line lines[N_CELLS][N_LINES];
  int n_lines[N_CELLS];

  for (int c = 0; c < N_CELLS; c++)
    {
      double w, h;

      cells[c] = (AbRect) { area.x + (c % cols) * (cw + gap), area.y + (c / cols) * (ch + gap), cw, ch };
      n_lines[c] = cell_lines (res, c, FALSE, lines[c]);
      lines_measure (cr, lines[c], n_lines[c], cw - 2 * pad, &w, &h);
      text_w = MAX (text_w, w);
      block_h = MAX (block_h, h);
      top_off = MAX (top_off, cell_top (cr, c, cells[c]) - cells[c].y);
    }
  /* Counters beside the squares or under them, whichever leaves the
   * larger square; under them, the share joins the entries' line. */
  {
    double avail_h = ch - top_off - pad;
    beside = MIN (avail_h, cw - 3 * pad - text_w) >= MIN (cw - 2 * pad, avail_h - block_h - pad * 0.6);
  }
  if (!beside)
    {
      block_h = 0;
      for (int c = 0; c < N_CELLS; c++)
        {
          double w, h;

          lines_clear (lines[c], n_lines[c]);
          n_lines[c] = cell_lines (res, c, TRUE, lines[c]);
          lines_measure (cr, lines[c], n_lines[c], cw - 2 * pad, &w, &h);
          block_h = MAX (block_h, h);
        }
    }

  for (int c = 0; c < N_CELLS; c++)
    {
      double reveal = ab_tween (position, cell_step[c] - 1, cell_step[c]);
      /* The cells the current step introduces are outlined in blue. */
      double focus = reveal * (1 - ab_clamp01 (position - cell_step[c]));
      AbRect sq, text;

      cell_geometry (cr, cells[c], cells[c].y + top_off, text_w, block_h, beside, &sq, &text);
      draw_cell (res, cr, c, cells[c], sq, text, lines[c], n_lines[c], reveal, focus);
      lines_clear (lines[c], n_lines[c]);
    }
}

static char *
ab_pattern_zoo_diagram_describe (AbDiagram *diagram, guint step)
{
  const Result *res = result (diagram);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("At N = %d, head dimension %d, FP16 scores%s:"), res->n, D_HEAD,
                          res->causal ? _(", causal") : "");
  for (int c = 0; c < N_CELLS; c++)
    {
      const AbPatternCount *k = &res->count[c];
      g_autofree char *entries = ab_format_count (k->entries);
      g_autofree char *share = format_share ((double) k->entries / (double) k->dense);
      g_autofree char *flops = ab_format_count (k->flops);
      g_autofree char *bytes = ab_format_bytes ((double) k->peak_bytes);
      g_autofree char *setting = dup_setting (res, c);
      /* "Strided, Sparse Transformer": a screen reader reads "·" aloud. */
      g_auto (GStrv) parts = g_strsplit (_(cell_titles[c]), " · ", -1);
      g_autofree char *title = g_strjoinv (", ", parts);

      if (cell_step[c] > (int) step)
        break;
      if (c == CELL_LOW_RANK)
        g_string_append_printf (out, _(" %s (%s): %s scores computed, every one of the N² entries "
                                       "approximated, %s FLOPs, %s."),
                                title, setting, entries, flops, bytes);
      else
        g_string_append_printf (out, _(" %s (%s): %s entries (%s of N²), %s FLOPs, %s."),
                                title, setting, entries, share, flops, bytes);
    }
  return g_string_free (out, FALSE);
}

static const AbDiagramInfo info = {
  .name = "attention-pattern-zoo",
  .title = N_("Six attention patterns at the same N"),
  .note = N_("Exact counts for one head, d = 64: FLOPs are 4·d per computed entry (QKᵀ and PV); memory is "
             "the computed scores in FP16 plus any index a data-dependent pattern needs. A pixel covers a block "
             "of entries. LSH hashes a seeded 16-dimensional input of 8 topics; Linformer's E is seeded, not "
             "learned."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend),
  .update = ab_pattern_zoo_diagram_update, .draw = ab_pattern_zoo_diagram_draw,
  .dup_title = ab_pattern_zoo_diagram_dup_title,
  .describe = ab_pattern_zoo_diagram_describe,
};

/* ab-posenc-diagram.c — sinusoidal positional encodings, and what their dot
 * product says about distance
 *
 * Left: the encoding table from src/kernels/posenc.c, positions down,
 * dimensions across, on a diverging scale (−1 red, +1 blue). Right: the
 * similarity PE(p)·PE(p+k) / (d/2) against the offset k, for the chosen
 * position p; the last step overlays two other positions, whose curves land
 * on the same line because the dot product depends only on k.
 *
 * Steps: the table → one position's vector and its similarity to the
 * others → the same curve from any starting position.
 */
#define G_LOG_DOMAIN "ab-posenc-diagram"

#include "ab-posenc-diagram.h"
#include "ab-book-values.h"
#include "ab-cost-values.h"
#include "ab-draw.h"
#include "cost.h"
#include "posenc.h"

#include <glib/gi18n.h>
#include <math.h>

enum { STEP_TABLE, STEP_SIMILARITY, STEP_SHIFT, N_STEPS };

#define N_POS     100   /* positions in the table */
#define MAX_K      48   /* offsets plotted: −MAX_K … MAX_K */
#define SHIFT_A    20   /* the other starting positions of the last step */
#define SHIFT_B    45

struct _AbPosencDiagram
{
  AbDiagram parent_instance;
  int       d;
  double   *table;      /* N_POS × d */
};

G_DEFINE_FINAL_TYPE (AbPosencDiagram, ab_posenc_diagram, AB_TYPE_DIAGRAM)

static const AbParamSpec params[] = {
  { "d_model", N_("Model dimension d_model"), AB_PARAM_SLIDER, 16, 512, 2, 128, TRUE, NULL, "%.0f" },
  { "position", N_("Position p"), AB_PARAM_SLIDER, 0, N_POS - 1, 1, 50, FALSE, NULL, "%.0f" },
};

static guint
ab_posenc_diagram_get_n_steps (AbDiagram *diagram)
{
  return N_STEPS;
}

static char *
ab_posenc_diagram_dup_step_title (AbDiagram *diagram, guint step)
{
  static const char *const titles[N_STEPS] = {
    N_("1 · One row per position: sines and cosines of falling frequency"),
    N_("2 · Compare position p with its neighbours: similarity falls with distance"),
    N_("3 · Start anywhere: the similarity depends only on the offset k"),
  };
  return g_strdup (_(titles[MIN (step, N_STEPS - 1)]));
}

static void
ab_posenc_diagram_update (AbDiagram *diagram)
{
  AbPosencDiagram *self = AB_POSENC_DIAGRAM (diagram);
  int d = (int) ab_diagram_get_param (diagram, "d_model");

  d -= d % 2;
  if (self->table && d == self->d)
    return;
  self->d = d;
  g_free (self->table);
  self->table = g_new (double, (gsize) N_POS * d);
  ab_posenc_table (d, N_POS, self->table);
}

static void
diverging_rgb (double v, guint8 *r, guint8 *g, guint8 *b)
{
  AbRgb c = ab_rgb_mix (AB_PANEL, v < 0 ? AB_HBM : AB_ACTIVE, fabs (v));
  *r = (guint8) (c.r * 255);
  *g = (guint8) (c.g * 255);
  *b = (guint8) (c.b * 255);
}

/* The table as one small image, one pixel per entry, scaled up with nearest
 * filtering: crisp at any output size and small in SVG exports. */
static void
draw_heatmap (AbPosencDiagram *self, cairo_t *cr, AbRect r, int highlight, double hl_alpha)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->d, N_POS);
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  cairo_pattern_t *pattern;

  cairo_surface_flush (img);
  for (int p = 0; p < N_POS; p++)
    for (int c = 0; c < self->d; c++)
      {
        guint32 *px = (guint32 *) (data + p * stride) + c;
        guint8 rr, gg, bb;
        diverging_rgb (self->table[(gsize) p * self->d + c], &rr, &gg, &bb);
        *px = (guint32) rr << 16 | (guint32) gg << 8 | bb;
      }
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_clip (cr);
  cairo_translate (cr, r.x, r.y);
  cairo_scale (cr, r.w / self->d, r.h / N_POS);
  cairo_set_source_surface (cr, img, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);

  cairo_save (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, r.x, r.y, r.w, r.h);
  cairo_stroke (cr);
  if (highlight >= 0 && hl_alpha > 0)
    {
      double ch = r.h / N_POS;
      ab_set_rgba (cr, AB_TEXT, hl_alpha);
      cairo_set_line_width (cr, 2.5);
      cairo_rectangle (cr, r.x - 3, r.y + highlight * ch - 2, r.w + 6, ch + 4);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* Axes: a few ticks are enough to read the table. */
  for (int p = 0; p < N_POS; p += 25)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%d", p);
      ab_draw_text (cr, buf, r.x - 8, r.y + (p + 0.5) * r.h / N_POS - 9, 15, AB_FONT_MONO, AB_TEXT_DIM,
                    AB_ALIGN_RIGHT, -1);
    }
  {
    char buf[16];
    g_snprintf (buf, sizeof buf, "%d", self->d - 1);
    ab_draw_text (cr, "0", r.x, r.y - 24, 15, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
    ab_draw_text (cr, buf, r.x + r.w, r.y - 24, 15, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    ab_draw_text (cr, _("dimension (2i: sin, 2i+1: cos) →"), r.x + r.w / 2, r.y - 24, 15, AB_FONT_SANS,
                  AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
  }
  cairo_save (cr);
  cairo_translate (cr, r.x - 48, r.y + r.h / 2);
  cairo_rotate (cr, -G_PI / 2);
  ab_draw_text (cr, _("← position"), 0, -10, 15, AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
  cairo_restore (cr);
}

static double
similarity (int d, int p, int k)
{
  return ab_posenc_dot (d, p, p + k) / (d / 2.0);
}

static void
plot_curve (AbPosencDiagram *self, cairo_t *cr, AbRect plot, int p, double lo, double hi, AbRgb color,
            double reveal, double width, gboolean dashed)
{
  gboolean started = FALSE;
  int kmin = MAX (-MAX_K, -p), kmax = (int) (-MAX_K + 2 * MAX_K * reveal);

  cairo_save (cr);
  ab_set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 10, 8 }, 2, 0);
  for (int k = kmin; k <= kmax; k++)
    {
      double x = plot.x + plot.w * (k + MAX_K) / (2.0 * MAX_K);
      double y = plot.y + plot.h * (hi - similarity (self->d, p, k)) / (hi - lo);
      if (!started)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      started = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_similarity (AbPosencDiagram *self, cairo_t *cr, AbRect panel, int p, double reveal,
                 double shift_reveal)
{
  AbRect plot = { panel.x + 80, panel.y + 70, panel.w - 110, panel.h - 150 };
  const double hi = 1.0;
  double lo = 0.0;
  double zero_y;

  /* The axis reaches down to the lowest similarity of the chosen curve. */
  for (int k = -MAX_K; k <= MAX_K; k++)
    if (p + k >= 0)
      lo = MIN (lo, floor (similarity (self->d, p, k) * 5) / 5);
  zero_y = plot.y + plot.h * hi / (hi - lo);

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  cairo_fill (cr);
  ab_set_rgb (cr, AB_MUTED);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, plot.x, zero_y);
  cairo_line_to (cr, plot.x + plot.w, zero_y);
  cairo_move_to (cr, plot.x + plot.w / 2, plot.y);
  cairo_line_to (cr, plot.x + plot.w / 2, plot.y + plot.h);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (double t = lo; t <= hi + 1e-9; t += 0.2)
    {
      char buf[16];
      if (fabs (t - round (t * 5) / 5) > 1e-9)
        continue;
      g_snprintf (buf, sizeof buf, "%.1f", t + 0.0);
      ab_draw_text (cr, buf, plot.x - 8, plot.y + plot.h * (hi - t) / (hi - lo) - 9, 14, AB_FONT_MONO,
                    AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
    }
  for (int k = -MAX_K; k <= MAX_K; k += 16)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%+d", k);
      ab_draw_text (cr, k == 0 ? "0" : buf, plot.x + plot.w * (k + MAX_K) / (2.0 * MAX_K),
                    plot.y + plot.h + 6, 14, AB_FONT_MONO, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_draw_text (cr, _("offset k (compare p with p + k)"), plot.x + plot.w / 2, plot.y + plot.h + 30, 16,
                AB_FONT_SANS, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);

  if (reveal > 0)
    plot_curve (self, cr, plot, p, lo, hi, AB_HEADS[0], reveal, 4, FALSE);
  if (shift_reveal > 0)
    {
      plot_curve (self, cr, plot, SHIFT_A, lo, hi, AB_HEADS[1], shift_reveal, 2.5, TRUE);
      plot_curve (self, cr, plot, SHIFT_B, lo, hi, AB_HEADS[2], shift_reveal, 2.5, TRUE);
    }
}

/* The legend grows with the steps: each new mark is explained when it appears. */
static void
ab_posenc_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *legend)
{
  int p = (int) ab_diagram_get_param (diagram, "position");
  g_autofree char *p_label = g_strdup_printf (_("position p = %d, curve from p"), p);
  g_autofree char *a_label = g_strdup_printf (_("the same curve from p = %d and p = %d"), SHIFT_A, SHIFT_B);

  ab_legend_add (legend, _("encoding value −1 (red) … 0 … +1 (blue)"), AB_HBM, AB_SWATCH_BOX);
  if (step >= STEP_SIMILARITY)
    ab_legend_add (legend, p_label, AB_HEADS[0], AB_SWATCH_LINE);
  if (step >= STEP_SHIFT)
    ab_legend_add (legend, a_label, AB_HEADS[1], AB_SWATCH_LINE);
}

static void
ab_posenc_diagram_draw (AbDiagram *diagram, cairo_t *cr, double width, double height, double position)
{
  AbPosencDiagram *self = AB_POSENC_DIAGRAM (diagram);
  guint step = (guint) ceil (position);
  int p = (int) ab_diagram_get_param (diagram, "position");
  int d = self->d;
  double sim_reveal = ab_tween (position, STEP_TABLE, STEP_SIMILARITY);
  double shift_reveal = ab_tween (position, STEP_SIMILARITY, STEP_SHIFT);
  g_autofree char *caption = ab_diagram_dup_caption (diagram, step);
  g_autofree char *title = g_strdup_printf (_("Sinusoidal positional encoding, d<sub>model</sub> = %d"), d);
  AbRect left = { 40, 125, 760, 600 };
  AbRect right = { 830, 125, 730, 600 };
  AbRect heat = { left.x + 80, left.y + 60, left.w - 110, left.h - 90 };
  double diff = 0;
  g_autofree char *summary = NULL;

  ab_draw_header (cr, width, title, caption);
  ab_draw_panel (cr, left, NULL);
  ab_draw_panel (cr, right, _("Similarity PE(p) · PE(p + k) / (d/2)"));
  draw_heatmap (self, cr, heat, p, sim_reveal);
  draw_similarity (self, cr, right, p, sim_reveal, shift_reveal);

  ab_diagram_draw_legend (diagram, cr, 40, 745, step);

  for (int k = 0; k <= MAX_K; k++)
    diff = MAX (diff, MAX (fabs (similarity (d, SHIFT_A, k) - similarity (d, p, k)),
                           fabs (similarity (d, SHIFT_B, k) - similarity (d, p, k))));
  if (step == STEP_TABLE)
    summary = g_strdup_printf (_("Pair i turns at frequency 10000<sup>−2i/d</sup>: the first columns "
                                 "flip every few positions, the last ones barely change over %d. "
                                 "Every row is different, so every position gets its own fingerprint."),
                               N_POS);
  else if (step == STEP_SIMILARITY)
    summary = g_strdup_printf (_("PE(p)·PE(p) = d/2 = %d, so the curve starts at 1; one step away it is "
                                 "%.3f, ten steps away %.3f. Nearby positions look alike."),
                               d / 2, similarity (d, p, 1), similarity (d, p, 10));
  else
    summary = g_strdup_printf (_("Largest gap between the three curves: %.1e. sin·sin + cos·cos = "
                                 "cos of the difference, so only the offset k matters."),
                               diff);
  ab_draw_text (cr, summary, 620, 752, 19, AB_FONT_SANS, AB_TEXT, AB_ALIGN_LEFT, width - 660);
}

static char *
ab_posenc_diagram_describe (AbDiagram *diagram, guint step)
{
  AbPosencDiagram *self = AB_POSENC_DIAGRAM (diagram);
  int p = (int) ab_diagram_get_param (diagram, "position");

  return g_strdup_printf (_("Sinusoidal positional encodings for %d positions at d_model = %d, step %u "
                            "of %u. Similarity of position %d to its neighbour: %.3f; to a position "
                            "ten away: %.3f. The similarity depends only on the offset."),
                          N_POS, self->d, step + 1, N_STEPS, p, similarity (self->d, p, 1),
                          similarity (self->d, p, 10));
}

/* Values for the prose, computed from the vectors themselves:
 *   posenc.dot.dD.pP.pQ     PE(P) · PE(Q) at d_model = D
 *   posenc.cos.dD.pP.pQ     the same divided by d/2 (cosine similarity)
 *   posenc.pe.dD.pP.iI      component I of PE(P)
 *   posenc.norm2.dD         PE(p) · PE(p) = d/2, for any p
 *   posenc.wavelength.dD.iI 2π / ω_i, the period of pair i in positions
 *   posenc.table-params.dD.nN      entries of a learned position table with N
 *                                  rows of width D ("393,216" for 768 × 512)
 *   posenc.table-bytes.dD.nN.PREC  the same table's size (fp32, fp16)
 * D is even, 2 … 4096. */
char *
ab_posenc_diagram_format_value (char **parts)
{
  guint n = g_strv_length (parts);
  int d, a, b;

  if (n < 3 || !ab_book_value_parse_int (parts[2], 'd', 2, 4096, &d) || d % 2)
    return NULL;
  if (g_str_equal (parts[1], "table-params") || g_str_equal (parts[1], "table-bytes"))
    {
      int rows, bytes = 0;
      if (n < 4 || !ab_book_value_parse_int (parts[3], 'n', 1, 1 << 24, &rows))
        return NULL;
      if (g_str_equal (parts[1], "table-params") && n == 4)
        return ab_cost_format_count ((guint64) rows * (guint64) d);
      if (n == 5 && (bytes = ab_cost_precision_bytes (parts[4])) > 0)
        return ab_format_bytes ((guint64) rows * (guint64) d * (guint64) bytes);
      return NULL;
    }
  if (n == 3 && g_str_equal (parts[1], "norm2"))
    return ab_book_value_number (ab_posenc_dot (d, 7, 7));
  if (n == 4 && g_str_equal (parts[1], "wavelength") && ab_book_value_parse_int (parts[3], 'i', 0, d / 2 - 1, &a))
    return ab_book_value_number (2 * G_PI / ab_posenc_frequency (d, a));
  if (n != 5 || !ab_book_value_parse_int (parts[3], 'p', 0, 1000000, &a))
    return NULL;
  if (g_str_equal (parts[1], "pe") && ab_book_value_parse_int (parts[4], 'i', 0, d - 1, &b))
    return ab_book_value_number (ab_posenc_value (d, a, b));
  if (!ab_book_value_parse_int (parts[4], 'p', 0, 1000000, &b))
    return NULL;
  if (g_str_equal (parts[1], "dot"))
    return ab_book_value_number (ab_posenc_dot (d, a, b));
  if (g_str_equal (parts[1], "cos"))
    return ab_book_value_number (ab_posenc_dot (d, a, b) / (d / 2.0));
  return NULL;
}

static void
ab_posenc_diagram_finalize (GObject *object)
{
  AbPosencDiagram *self = AB_POSENC_DIAGRAM (object);

  g_free (self->table);
  G_OBJECT_CLASS (ab_posenc_diagram_parent_class)->finalize (object);
}

static void
ab_posenc_diagram_class_init (AbPosencDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AbDiagramClass *diagram_class = AB_DIAGRAM_CLASS (klass);

  object_class->finalize = ab_posenc_diagram_finalize;

  diagram_class->name = "positional-encoding";
  diagram_class->title = N_("Sinusoidal positional encoding");
  diagram_class->params = params;
  diagram_class->n_params = G_N_ELEMENTS (params);
  diagram_class->get_n_steps = ab_posenc_diagram_get_n_steps;
  diagram_class->dup_step_title = ab_posenc_diagram_dup_step_title;
  diagram_class->update_legacy = ab_posenc_diagram_update;
  diagram_class->draw_legacy = ab_posenc_diagram_draw;
  diagram_class->collect_legend = ab_posenc_diagram_collect_legend;
  diagram_class->describe = ab_posenc_diagram_describe;
}

static void
ab_posenc_diagram_init (AbPosencDiagram *self)
{
}

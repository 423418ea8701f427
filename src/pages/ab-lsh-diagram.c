/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lsh-diagram.c — "Reformer's LSH buckets": shared query/key vectors
 * in two dimensions hashed by random rotations into angular buckets, only
 * same-bucket pairs compared (attn-lsh.h).
 *
 * The vectors are the approximation study's shared-QK input
 * (approx-error.h) at d = 2, hashed by the kernel as they are: no
 * projection, so the buckets are exactly the angular sectors drawn (the
 * kernel's ab_lsh_bucket_of sampled around the circle). The chunk length is
 * N, so a pair is compared when it shares a bucket in some round (the
 * Reformer also cuts the sorted order into chunks). Counts come from
 * ab_pattern_count, the output error from ab_approx_measure, and the
 * collision probability curve from ab_lsh_collision_probability, tabulated
 * once per bucket count because each point costs tens of milliseconds.
 *
 * Stroking each pair at an alpha (496 at the default N, 2016 at N = 64)
 * took most of a 20 ms frame: the scatter's pairs, sectors and points and
 * the round discs are drawn into layers once per state of their step
 * (ab-layer.h), and a tween fades between those.
 */
#define G_LOG_DOMAIN "ab-lsh-diagram"

#include "ab-lsh-diagram.h"
#include "ab-components.h"
#include "ab-layer.h"
#include "approx-error.h"
#include "attn-lsh.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define D_HEAD     2
#define MAX_N      64
#define MAX_B      8
#define MAX_ROUNDS 4
#define N_SAMPLES  720   /* directions sampled to draw the sectors */
#define N_THETA    7     /* collision probability at 0°, 30°, … 180° */
#define INPUT_SEED 1

enum { STEP_DENSE, STEP_HASH, STEP_PAIRS, STEP_ROUNDS, STEP_COLLIDE, N_STEPS };
enum { STAGE_SCATTER, STAGE_SIDE, N_STAGES };

/* The layers, each one state of what it shows: a fade from one state to
 * the next paints both. */
enum
{
  LAYER_SECTORS,                      /* + shown round (0, 1): its sectors at alpha 1 */
  LAYER_DENSE = LAYER_SECTORS + 2,    /* every pair, as step 1 shows them */
  LAYER_DENSE_ON_BG,                  /* the same on the disc's background, for step 1 itself */
  LAYER_ROUND_1,                      /* round 1's pairs, as step 3 */
  LAYER_ROUNDS,                       /* round 1's dimmed and the later rounds', as steps 4, 5 */
  LAYER_POINTS,                       /* + shown round: coloured by its buckets */
  LAYER_DISCS_DIM = LAYER_POINTS + 2, /* the side's round discs, the later rounds dim */
  LAYER_DISCS_LIT,
  N_LAYERS
};

struct _AbLshDiagram
{
  AbDiagram parent_instance;
  AbLayer   layers[N_LAYERS];
};

AB_DEFINE_DIAGRAM (AbLshDiagram, ab_lsh_diagram, info)

typedef struct
{
  int     n, b, rounds;
  guint64 seed;
  double  x[MAX_N * D_HEAD];
  double  r[MAX_ROUNDS][D_HEAD][MAX_B / 2];   /* each round's rotation R (d × b/2) */
  guint8  bucket[MAX_ROUNDS][MAX_N];
  guint8  sector[MAX_ROUNDS][N_SAMPLES];      /* the bucket of direction 2πk/N_SAMPLES */
  guint8  pair[MAX_N * MAX_N];                /* bit r: j is in i's set in round r */
  guint64 dense, entries_round[MAX_ROUNDS], entries;
  double  error;                              /* relative output error vs dense */
  double  p_one[N_THETA];                     /* P[same bucket] in one round */
  double  emp_rate[N_THETA - 1];              /* measured on these pairs, per 30° bin */
  int     emp_pairs[N_THETA - 1];
} LshResult;

static const char *const steps[N_STEPS] = {
  N_("1 · Shared-QK vectors in 2-D: dense attention compares every pair"),
  N_("2 · A random rotation hashes each vector into an angular bucket"),
  N_("3 · Only pairs in the same bucket are compared"),
  N_("4 · More rounds: a pair is compared if it shares a bucket in any round"),
  N_("5 · Why it works: vectors at a small angle share a bucket far more often"),
};

static const AbParamSpec params[] = {
  { .key = "n", .label = N_("Tokens N"), .kind = AB_PARAM_SLIDER, .min = 12, .max = MAX_N,
    .step = 4, .default_value = 32, .format = "%.0f" },
  { .key = "buckets", .label = N_("Buckets b"), .kind = AB_PARAM_SLIDER, .min = 2, .max = MAX_B,
    .step = 2, .default_value = 4, .format = "%.0f" },
  { .key = "rounds", .label = N_("Hash rounds"), .kind = AB_PARAM_SLIDER, .min = 1, .max = MAX_ROUNDS,
    .step = 1, .default_value = 2, .format = "%.0f" },
  { .key = "seed", .label = N_("Random rotation"), .kind = AB_PARAM_SLIDER, .min = 1, .max = 100,
    .step = 1, .default_value = 1, .format = "%.0f" },
};

static const AbLegendSpec legend[] = {
  { N_("a vector <i>q<sub>i</sub></i> = <i>k<sub>i</sub></i>, coloured by its bucket"), AB_COLOR_TEXT,
    AB_SWATCH_DOT, AB_STEPS_ALL },
  { N_("a pair dense attention scores"), AB_COLOR_MUTED, AB_SWATCH_LINE, AB_STEP (STEP_DENSE) },
  { N_("random direction ±<i>r<sub>a</sub></i> (a column of <i>R</i>): it owns its sector"),
    AB_COLOR_TEXT_DIM, AB_SWATCH_LINE, AB_STEPS_FROM (STEP_HASH) },
  { N_("a pair compared (same bucket)"), AB_COLOR_HEAD_0, AB_SWATCH_LINE, AB_STEPS_FROM (STEP_PAIRS) },
};

/* The scatter and the readouts side by side; stacked when narrow. */
static const AbStageSpec stages[N_STAGES] = {
  { 1.0, 1.0, AB_STAGE_ROW }, { 1.05, 1.1, AB_STAGE_ROW },
};

static const LshResult *
result (AbDiagram *diagram)
{
  return ab_diagram_get_result (diagram);
}

/* Bucket colours: the palette's categorical colours, the eighth a mix of
 * two of them (white is taken by the pairs a later round adds). */
static AbRgb
bucket_color (int bucket)
{
  static const AbColor base[] = {
    AB_COLOR_HEAD_0, AB_COLOR_HEAD_3, AB_COLOR_HEAD_2, AB_COLOR_SRAM,
    AB_COLOR_HEAD_1, AB_COLOR_ACTIVE, AB_COLOR_HBM,
  };
  if (bucket % MAX_B == MAX_B - 1)
    return ab_rgb_mix (ab_color (AB_COLOR_SRAM), ab_color (AB_COLOR_HEAD_0), 0.5);
  return ab_color (base[bucket % G_N_ELEMENTS (base)]);
}

/* The collision probability of one round at 0°, 30°, … 180°, per bucket
 * count: tabulated once per process (the quadrature is slow). */
static const double *
collision_table (int b)
{
  static double table[MAX_B / 2][N_THETA];
  static gboolean filled[MAX_B / 2];
  G_LOCK_DEFINE_STATIC (table);
  int slot = b / 2 - 1;

  G_LOCK (table);
  if (!filled[slot])
    {
      for (int t = 0; t < N_THETA; t++)
        table[slot][t] = ab_lsh_collision_probability (G_PI * t / (N_THETA - 1), b);
      filled[slot] = TRUE;
    }
  G_UNLOCK (table);
  return table[slot];
}

/* Which pairs the LSH pattern of round @r (or of all rounds, r < 0) holds. */
static gboolean
mark_pairs (const AbLshHash *hash, int r, LshResult *res, AbApproxError *err)
{
  AbPattern pattern;
  AbPatternCount count;
  AbPatternIter *it;
  int n = res->n;

  ab_lsh_pattern (hash, &pattern);
  if (r >= 0)
    {
      pattern.lsh.n_rounds = 1;
      pattern.lsh.bucket += (size_t) r * n;
      pattern.lsh.order += (size_t) r * n;
      pattern.lsh.rank += (size_t) r * n;
    }
  if (ab_pattern_count (&pattern, D_HEAD, 2, &count, err) != AB_APPROX_OK)
    return FALSE;
  if (r < 0)
    {
      res->entries = count.entries;
      res->dense = count.dense;
      return TRUE;
    }
  res->entries_round[r] = count.entries;
  if ((it = ab_pattern_iter_new (&pattern, err)) == NULL)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      const int32_t *cols;
      int n_cols = ab_pattern_iter_cols (it, i, &cols);
      for (int c = 0; c < n_cols; c++)
        if (cols[c] != i)
          res->pair[i * n + cols[c]] |= 1 << r;
    }
  ab_pattern_iter_free (it);
  return TRUE;
}

/* The fraction of round-pair trials that collided, per 30° bin of angle. */
static void
measure_collisions (LshResult *res)
{
  int hits[N_THETA - 1] = { 0 };

  memset (res->emp_pairs, 0, sizeof res->emp_pairs);
  for (int i = 0; i < res->n; i++)
    for (int j = i + 1; j < res->n; j++)
      {
        const double *a = res->x + i * D_HEAD, *c = res->x + j * D_HEAD;
        double cosine = (a[0] * c[0] + a[1] * c[1]) / (hypot (a[0], a[1]) * hypot (c[0], c[1]));
        int bin = MIN ((int) (acos (CLAMP (cosine, -1, 1)) / (G_PI / (N_THETA - 1))), N_THETA - 2);
        res->emp_pairs[bin] += res->rounds;
        for (int r = 0; r < res->rounds; r++)
          hits[bin] += res->bucket[r][i] == res->bucket[r][j];
      }
  for (int t = 0; t < N_THETA - 1; t++)
    res->emp_rate[t] = res->emp_pairs[t] ? (double) hits[t] / res->emp_pairs[t] : NAN;
}

static gboolean
ab_lsh_diagram_update (AbDiagram *diagram, GError **error)
{
  g_autofree LshResult *res = g_new0 (LshResult, 1);
  AbApproxInputConfig input;
  AbApproxProblem problem = { 0 };
  AbApproxMethodConfig method = { .method = AB_APPROX_METHOD_LSH };
  AbApproxResult measured;
  AbLshConfig cfg;
  AbLshHash hash = { 0 };
  AbApproxError err = { 0 };
  gboolean ok;

  res->n = (int) ab_diagram_get_param (diagram, "n");
  res->b = (int) ab_diagram_get_param (diagram, "buckets");
  res->rounds = (int) ab_diagram_get_param (diagram, "rounds");
  res->seed = (guint64) ab_diagram_get_param (diagram, "seed");

  ab_approx_input_config_init (&input);
  input.n = res->n;
  input.d = D_HEAD;
  input.seed = INPUT_SEED;
  ab_lsh_config_init (&cfg, res->n, D_HEAD);
  cfg.n_buckets = res->b;
  cfg.n_rounds = res->rounds;
  cfg.chunk_len = res->n;   /* one chunk: every same-bucket pair */
  cfg.seed += res->seed - 1;
  method.budget = res->b;
  method.lsh_rounds = res->rounds;
  method.lsh_chunk = res->n;
  method.seed = cfg.seed;

  ok = ab_approx_problem_init (&problem, &input, FALSE, &err) == AB_APPROX_OK
       && ab_lsh_hash (&cfg, problem.q_shared, &hash, &err) == AB_APPROX_OK
       && ab_approx_measure (&problem, &method, FALSE, &measured, &err) == AB_APPROX_OK
       && mark_pairs (&hash, -1, res, &err);
  for (int r = 0; ok && r < res->rounds; r++)
    ok = mark_pairs (&hash, r, res, &err);
  if (ok)
    {
      int half = res->b / 2;

      for (int i = 0; i < res->n * D_HEAD; i++)
        res->x[i] = problem.q_shared[i];
      for (int r = 0; r < res->rounds; r++)
        {
          const float *rot = hash.rotations + (size_t) r * D_HEAD * half;
          for (int c = 0; c < D_HEAD; c++)
            for (int a = 0; a < half; a++)
              res->r[r][c][a] = rot[c * half + a];
          for (int t = 0; t < res->n; t++)
            res->bucket[r][t] = hash.bucket[(size_t) r * res->n + t];
          for (int k = 0; k < N_SAMPLES; k++)
            {
              float dir[D_HEAD] = { cos (2 * G_PI * k / N_SAMPLES), sin (2 * G_PI * k / N_SAMPLES) };
              res->sector[r][k] = ab_lsh_bucket_of (rot, D_HEAD, res->b, dir);
            }
        }
      res->error = measured.output_error;
      memcpy (res->p_one, collision_table (res->b), sizeof res->p_one);
      measure_collisions (res);
    }
  ab_lsh_hash_clear (&hash);
  ab_approx_problem_clear (&problem);
  if (!ok)
    {
      g_set_error (error, AB_DIAGRAM_ERROR, AB_DIAGRAM_ERROR_COMPUTE, _("the LSH kernel failed: %s"),
                   err.message);
      return FALSE;
    }
  ab_diagram_set_result (diagram, g_steal_pointer (&res), g_free);
  return TRUE;
}

static char *
ab_lsh_diagram_dup_caption (AbDiagram *diagram, guint step)
{
  const LshResult *res = result (diagram);
  g_autofree char *dense = ab_format_count (res->dense);
  g_autofree char *one = ab_format_count (res->entries_round[0]);
  g_autofree char *all = ab_format_count (res->entries);

  switch (step)
    {
    case STEP_DENSE:
      return g_strdup_printf (_("1 · N = %d shared query/key vectors in 2-D: dense attention scores all "
                                "N² = %s pairs"), res->n, dense);
    case STEP_HASH:
      return g_strdup_printf (_("2 · A random R (2 × %d) hashes each vector to argmax[<i>x</i>R, −<i>x</i>R]: "
                                "%d angular buckets"), res->b / 2, res->b);
    case STEP_PAIRS:
      return g_strdup_printf (_("3 · Only same-bucket pairs are compared: %s of %s scores in round 1"),
                              one, dense);
    case STEP_ROUNDS:
      if (res->rounds == 1)
        return g_strdup (_("4 · One round only: a pair split by a sector edge is never compared (raise "
                           "Hash rounds)"));
      return g_strdup_printf (_("4 · %d rounds, each with a fresh R: a pair is compared if it shares a "
                                "bucket in any round, %s scores in all"), res->rounds, all);
    default:
      return g_strdup_printf (_("5 · Why it works: with %d buckets, vectors 30° apart share one %.0f %% of "
                                "the time, vectors 90° apart only %.0f %%"),
                              res->b, 100 * res->p_one[1], 100 * res->p_one[3]);
    }
}

/* The scatter ------------------------------------------------------------- */

typedef struct
{
  double cx, cy, radius, scale;   /* centre and radius of the disc; units per input unit */
} Disc;

static Disc
disc_in (const LshResult *res, AbRect r)
{
  double far = 1e-9;
  Disc d = { r.x + r.w / 2, r.y + r.h / 2, MIN (r.w, r.h) / 2, 0 };

  for (int i = 0; i < res->n; i++)
    far = MAX (far, hypot (res->x[i * D_HEAD], res->x[i * D_HEAD + 1]));
  d.scale = d.radius * 0.82 / far;
  return d;
}

static void
point_at (const Disc *d, const double *x, double *px, double *py)
{
  *px = d->cx + x[0] * d->scale;
  *py = d->cy - x[1] * d->scale;   /* y up */
}

/* The sectors of round @r as wedges of their bucket colour at @alpha, with
 * their edges. */
static void
draw_sectors (const LshResult *res, cairo_t *cr, const Disc *d, int r, double alpha)
{
  const guint8 *s = res->sector[r];
  int start = 0;

  /* Begin at an edge so no wedge is cut in two. */
  while (start < N_SAMPLES && s[start] == s[(start + N_SAMPLES - 1) % N_SAMPLES])
    start++;
  start %= N_SAMPLES;
  cairo_save (cr);
  for (int k = 0; k < N_SAMPLES;)
    {
      int from = (start + k) % N_SAMPLES, len = 1;
      double a0, a1;

      while (k + len < N_SAMPLES && s[(start + k + len) % N_SAMPLES] == s[from])
        len++;
      /* Sample k stands for the direction 2πk/N_SAMPLES; edges fall half-way. */
      a0 = 2 * G_PI * (from - 0.5) / N_SAMPLES;
      a1 = 2 * G_PI * (from + len - 0.5) / N_SAMPLES;
      cairo_move_to (cr, d->cx, d->cy);
      cairo_arc_negative (cr, d->cx, d->cy, d->radius, -a0, -a1);
      cairo_close_path (cr);
      ab_set_rgba (cr, bucket_color (s[from]), 0.16 * alpha);
      cairo_fill (cr);
      cairo_move_to (cr, d->cx, d->cy);
      cairo_line_to (cr, d->cx + d->radius * cos (a0), d->cy - d->radius * sin (a0));
      ab_set_rgba (cr, AB_TEXT_DIM, 0.5 * alpha);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      k += len;
    }
  cairo_restore (cr);
}

/* The ±r_a of round @r as arrows from the centre, scaled to the longest. */
static void
draw_directions (const LshResult *res, cairo_t *cr, const Disc *d, int r, double alpha)
{
  int half = res->b / 2;
  double longest = 1e-9;

  for (int a = 0; a < half; a++)
    longest = MAX (longest, hypot (res->r[r][0][a], res->r[r][1][a]));
  for (int a = 0; a < half; a++)
    for (int sign = 1; sign >= -1; sign -= 2)
      {
        double len = d->radius * 0.95 * hypot (res->r[r][0][a], res->r[r][1][a]) / longest;
        double ang = atan2 (res->r[r][1][a], res->r[r][0][a]) + (sign < 0 ? G_PI : 0);
        AbRgb c = ab_rgb_mix (AB_PANEL, bucket_color (sign > 0 ? a : a + half), alpha);

        ab_draw_arrow (cr, d->cx, d->cy, d->cx + len * cos (ang), d->cy - len * sin (ang), c, 2.5);
      }
}

static void
draw_pairs (const LshResult *res, cairo_t *cr, const Disc *d, int round, double alpha_dense,
            double alpha_round, double alpha_later)
{
  int n = res->n;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      {
        int bits = res->pair[i * n + j] | res->pair[j * n + i];
        gboolean in_first = bits & 1;
        double xi, yi, xj, yj;

        point_at (d, res->x + i * D_HEAD, &xi, &yi);
        point_at (d, res->x + j * D_HEAD, &xj, &yj);
        cairo_move_to (cr, xi, yi);
        cairo_line_to (cr, xj, yj);
        if (alpha_dense > 0)
          {
            ab_set_rgba (cr, AB_MUTED, 0.35 * alpha_dense);
            cairo_set_line_width (cr, 1);
            cairo_stroke_preserve (cr);
          }
        if (in_first && alpha_round > 0)
          {
            ab_set_rgba (cr, bucket_color (res->bucket[0][i]), 0.75 * alpha_round);
            cairo_set_line_width (cr, 2);
            cairo_stroke_preserve (cr);
          }
        if (!in_first && bits && alpha_later > 0 && round > 0)
          {
            ab_set_rgba (cr, AB_TEXT, 0.8 * alpha_later);
            cairo_set_line_width (cr, 2);
            cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
            cairo_stroke_preserve (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
        cairo_new_path (cr);
      }
  cairo_restore (cr);
}

static void
draw_points (const LshResult *res, cairo_t *cr, const Disc *d, int round, double tint, double size)
{
  for (int i = 0; i < res->n; i++)
    {
      double px, py;
      AbRgb c = ab_rgb_mix (AB_TEXT_DIM, bucket_color (res->bucket[round][i]), tint);

      point_at (d, res->x + i * D_HEAD, &px, &py);
      cairo_arc (cr, px, py, size, 0, 2 * G_PI);
      ab_set_rgb (cr, c);
      cairo_fill_preserve (cr);
      ab_set_rgb (cr, AB_BG);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
}

/* What the layers were drawn from: the result follows from the parameters. */
static guint64
layer_key (const LshResult *res)
{
  return (guint64) res->n | (guint64) res->b << 8 | (guint64) res->rounds << 16 | res->seed << 24;
}

/* Layer @which of the scatter's disc @d, drawn if it is not yet: the
 * sectors' covers the disc, the others the points and the pairs between them. */
static AbLayer *
scatter_layer (AbLshDiagram *self, const LshResult *res, cairo_t *cr, const Disc *d, int which,
               double point_size)
{
  AbLayer *layer = &self->layers[which];
  double x0 = d->cx - d->radius, y0 = d->cy - d->radius, x1 = d->cx + d->radius, y1 = d->cy + d->radius;
  cairo_t *lcr;

  g_assert (AB_IS_LSH_DIAGRAM (self));
  if (which >= LAYER_DENSE)
    {
      x0 = y0 = G_MAXDOUBLE;
      x1 = y1 = -G_MAXDOUBLE;
      for (int i = 0; i < res->n; i++)
        {
          double px, py;
          point_at (d, res->x + i * D_HEAD, &px, &py);
          x0 = MIN (x0, px - point_size);
          y0 = MIN (y0, py - point_size);
          x1 = MAX (x1, px + point_size);
          y1 = MAX (y1, py + point_size);
        }
    }
  lcr = ab_layer_begin (layer, cr, (AbRect) { x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4 }, layer_key (res));
  if (lcr == NULL)
    return layer;
  /* The states draw_scatter() draws at whole steps. */
  switch (which)
    {
    case LAYER_SECTORS:
    case LAYER_SECTORS + 1:
      draw_sectors (res, lcr, d, which - LAYER_SECTORS, 1);
      break;
    case LAYER_DENSE_ON_BG:
      /* Hundreds of translucent strokes summed on a transparent layer round
       * differently from the same strokes on the frame: on an opaque copy
       * of what lies under them (inside the points, 0.82 of the radius)
       * step 1 is drawn exactly. */
      cairo_arc (lcr, d->cx, d->cy, d->radius * 0.9, 0, 2 * G_PI);
      ab_set_rgb (lcr, AB_BG);
      cairo_fill (lcr);
      G_GNUC_FALLTHROUGH;
    case LAYER_DENSE:
      draw_pairs (res, lcr, d, 0, 1, 0, 0);
      break;
    case LAYER_ROUND_1:
      draw_pairs (res, lcr, d, 0, 0, 1, 0);
      break;
    case LAYER_ROUNDS:
      /* pairs = later = 1: round 1's at 1 − 0.6 later */
      draw_pairs (res, lcr, d, 1, 0, 1 - 0.6, 1);
      break;
    default:
      draw_points (res, lcr, d, which - LAYER_POINTS, 1, point_size);
      break;
    }
  ab_layer_end (layer, lcr);
  return layer;
}

static void
paint_scatter_layer (AbLshDiagram *self, const LshResult *res, cairo_t *cr, const Disc *d, int which,
                     double point_size, double alpha)
{
  if (alpha > 0)
    ab_layer_paint (scatter_layer (self, res, cr, d, which, point_size), cr, alpha);
}

static void
draw_scatter (AbLshDiagram *self, const LshResult *res, cairo_t *cr, AbRect r, double position)
{
  double pad = 20, top = 14 + ab_style_size (cr, AB_TEXT_HEADING) * 1.5;
  AbRect plot = { r.x + pad, r.y + top, r.w - 2 * pad, r.h - top - pad };
  Disc d = disc_in (res, plot);
  double hash = ab_tween (position, STEP_DENSE, STEP_HASH);
  double pairs = ab_tween (position, STEP_HASH, STEP_PAIRS);
  double later = res->rounds > 1 ? ab_tween (position, STEP_PAIRS, STEP_ROUNDS) : 0;
  double point_size = ab_style_size (cr, AB_TEXT_LABEL) * 0.33;
  double sector_alpha, round_alpha = pairs * (1 - 0.6 * later);
  int shown = later > 0.5 ? 1 : 0;
  g_autofree char *title = NULL;

  g_assert (AB_IS_LSH_DIAGRAM (self));
  if (shown)
    title = g_strdup_printf (_("Round 2 of %d · d = 2, no projection"), res->rounds);
  else
    title = g_strdup_printf (_("Round 1 of %d · d = 2, no projection"), res->rounds);
  ab_draw_panel (cr, r, title);

  cairo_save (cr);
  cairo_arc (cr, d.cx, d.cy, d.radius, 0, 2 * G_PI);
  ab_set_rgb (cr, AB_BG);
  cairo_fill_preserve (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Round 1's sectors fade into round 2's as the rounds step plays. */
  sector_alpha = hash * MAX (shown ? 2 * later - 1 : 1 - 2 * later, 0.15);
  if (ab_layer_oversample (cr) <= 0)
    {
      if (hash > 0)
        {
          draw_sectors (res, cr, &d, shown, sector_alpha);
          draw_directions (res, cr, &d, shown, sector_alpha);
        }
      draw_pairs (res, cr, &d, shown, 1 - hash, round_alpha, later);
      draw_points (res, cr, &d, shown, hash, point_size);
      return;
    }

  if (hash > 0)
    {
      paint_scatter_layer (self, res, cr, &d, LAYER_SECTORS + shown, point_size, sector_alpha);
      draw_directions (res, cr, &d, shown, sector_alpha);
    }
  paint_scatter_layer (self, res, cr, &d, hash > 0 ? LAYER_DENSE : LAYER_DENSE_ON_BG, point_size,
                       1 - hash);
  if (!shown)
    paint_scatter_layer (self, res, cr, &d, LAYER_ROUND_1, point_size, round_alpha);
  else
    {
      /* Past step 3, pairs = 1: of round 1's 1 − 0.6 later, the later
       * rounds' layer brings (1 − 0.6) later, round 1's the rest. */
      paint_scatter_layer (self, res, cr, &d, LAYER_ROUND_1, point_size, 1 - later);
      paint_scatter_layer (self, res, cr, &d, LAYER_ROUNDS, point_size, later);
    }
  /* The points take their bucket colours while the hashing step plays. */
  if (hash < 1)
    draw_points (res, cr, &d, shown, hash, point_size);
  else
    paint_scatter_layer (self, res, cr, &d, LAYER_POINTS + shown, point_size, 1);
}

/* The side panel: counts, one small disc per round, the collision curve --- */

static double
line_h (cairo_t *cr, AbTextStyle style)
{
  return ab_style_size (cr, style) * 1.45;
}

static double
draw_counts (const LshResult *res, cairo_t *cr, AbRect r, double position)
{
  g_autofree char *dense = ab_format_count (res->dense);
  g_autofree char *all = ab_format_count (res->entries);
  g_autofree char *l_dense = g_strdup_printf (_("Dense: N² = <b>%s</b> scores"), dense);
  g_autofree char *l_all = g_strdup_printf (_("LSH, %d round%s: <b>%s</b> scores (%.0f %% of dense)"),
                                            res->rounds, res->rounds == 1 ? "" : "s", all,
                                            100.0 * res->entries / res->dense);
  g_autofree char *l_cost = g_strdup_printf (_("relative output error vs dense attention: <b>%.2f</b>"),
                                             res->error);
  double y = r.y, emph = ab_tween (position, STEP_HASH, STEP_PAIRS);

  y += ab_text (cr, AB_TEXT_BODY, l_dense, r.x, y, AB_TEXT, AB_ALIGN_LEFT, r.w) + 6;
  y += ab_text (cr, AB_TEXT_BODY, l_all, r.x, y, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emph), AB_ALIGN_LEFT,
                r.w) + 6;
  y += ab_text (cr, AB_TEXT_LABEL, l_cost, r.x, y, AB_TEXT_DIM, AB_ALIGN_LEFT, r.w);
  return y - r.y;
}

/* One disc per round: round 1 lit, the later ones at 0.35 + 0.65 @lit. */
static void
draw_round_shapes (const LshResult *res, cairo_t *cr, AbRect r, double size, double lit)
{
  double slot = r.w / MAX_ROUNDS;

  for (int k = 0; k < res->rounds; k++)
    {
      AbRect box = { r.x + k * slot, r.y, size, size };
      Disc d = disc_in (res, box);
      double alpha = k == 0 ? 1 : 0.35 + 0.65 * lit;

      cairo_save (cr);
      cairo_arc (cr, d.cx, d.cy, d.radius, 0, 2 * G_PI);
      ab_set_rgb (cr, AB_BG);
      cairo_fill (cr);
      cairo_restore (cr);
      draw_sectors (res, cr, &d, k, alpha);
      draw_points (res, cr, &d, k, alpha, MAX (2.0, size / 40));
    }
}

static double
draw_round_discs (AbLshDiagram *self, const LshResult *res, cairo_t *cr, AbRect r, double position)
{
  double gap = ab_style_gap (cr), label = line_h (cr, AB_TEXT_SMALL), slot = r.w / MAX_ROUNDS;
  double size = MIN (slot - gap, r.h - label - 4);
  double lit = ab_tween (position, STEP_PAIRS, STEP_ROUNDS);

  g_assert (AB_IS_LSH_DIAGRAM (self));
  if (ab_layer_oversample (cr) <= 0)
    draw_round_shapes (res, cr, r, size, lit);
  else
    {
      AbRect box = { r.x - 2, r.y - 2, r.w + 4, size + 4 };
      /* Dim, lit, or the lit layer fading in over the dim one. */
      for (int k = 0; k < 2; k++)
        {
          AbLayer *layer = &self->layers[k ? LAYER_DISCS_LIT : LAYER_DISCS_DIM];
          double alpha = k ? lit : 1;
          cairo_t *lcr;

          if (alpha <= 0 || (k == 0 && lit >= 1))
            continue;
          if ((lcr = ab_layer_begin (layer, cr, box, layer_key (res))))
            {
              draw_round_shapes (res, lcr, r, size, k);
              ab_layer_end (layer, lcr);
            }
          ab_layer_paint (layer, cr, alpha);
        }
    }
  for (int k = 0; k < res->rounds; k++)
    {
      double alpha = k == 0 ? 1 : 0.35 + 0.65 * lit;
      g_autofree char *count = ab_format_count (res->entries_round[k]);
      g_autofree char *text = g_strdup_printf (_("round %d: %s"), k + 1, count);

      ab_text (cr, AB_TEXT_SMALL, text, r.x + k * slot + size / 2, r.y + size + 4,
               alpha > 0.9 ? AB_TEXT : AB_TEXT_DIM, AB_ALIGN_CENTER, slot - 4);
    }
  return size + 4 + label;
}

/* The chart's key: a swatch and a label per item, flowing across @w. */
static void
draw_key (const LshResult *res, cairo_t *cr, double x, double y, double w)
{
  g_autofree char *many = g_strdup_printf (_("any of %d rounds"), res->rounds);
  const char *labels[] = { _("one round (quadrature)"), many, _("measured on these vectors") };
  const AbRgb colors[] = { AB_HEADS[0], AB_SRAM, AB_TEXT };
  double small = ab_style_size (cr, AB_TEXT_SMALL), sw = small * 1.4, cx = x;

  for (int k = 0; k < 3; k++)
    {
      double tw, th;
      if (k == 1 && res->rounds == 1)
        continue;
      ab_text_measure (cr, AB_TEXT_SMALL, labels[k], -1, &tw, &th);
      if (cx > x && cx + sw + 6 + tw > x + w)
        {
          cx = x;
          y += line_h (cr, AB_TEXT_SMALL);
        }
      ab_set_rgb (cr, colors[k]);
      if (k < 2)
        {
          cairo_set_line_width (cr, 3);
          cairo_move_to (cr, cx, y + th / 2);
          cairo_line_to (cr, cx + sw, y + th / 2);
          cairo_stroke (cr);
        }
      else
        {
          cairo_arc (cr, cx + sw / 2, y + th / 2, 5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      ab_text (cr, AB_TEXT_SMALL, labels[k], cx + sw + 6, y, AB_TEXT_DIM, AB_ALIGN_LEFT, -1);
      cx += sw + 6 + tw + small * 1.2;
    }
}

static void
draw_collision (const LshResult *res, cairo_t *cr, AbRect r, double position)
{
  double emph = ab_tween (position, STEP_ROUNDS, STEP_COLLIDE);
  double small = ab_style_size (cr, AB_TEXT_SMALL), tick_w, tick_h;
  g_autofree char *head = g_strdup_printf (_("P[same bucket] vs angle, b = %d"), res->b);
  AbRgb one = AB_HEADS[0], many = AB_SRAM;
  double hh = ab_text (cr, AB_TEXT_LABEL, head, r.x, r.y, ab_rgb_mix (AB_TEXT_DIM, AB_TEXT, emph),
                       AB_ALIGN_LEFT, r.w);
  AbRect plot;

  ab_text_measure (cr, AB_TEXT_SMALL, "100 %", -1, &tick_w, &tick_h);
  plot = (AbRect) { r.x + tick_w + 8, r.y + hh + small, r.w - tick_w - 8 - small,
                    r.h - hh - small - 2.6 * line_h (cr, AB_TEXT_SMALL) };
  if (plot.h < 30)
    return;

  cairo_save (cr);
  ab_set_rgb (cr, AB_BG);
  cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  cairo_fill (cr);
  ab_set_rgb (cr, AB_BORDER);
  cairo_set_line_width (cr, 1);
  for (int t = 0; t < N_THETA; t++)
    {
      double x = plot.x + plot.w * t / (N_THETA - 1);
      g_autofree char *deg = g_strdup_printf ("%d°", 180 * t / (N_THETA - 1));
      cairo_move_to (cr, x, plot.y);
      cairo_line_to (cr, x, plot.y + plot.h);
      cairo_stroke (cr);
      if (t % 2 == 0)
        ab_text (cr, AB_TEXT_SMALL, deg, x, plot.y + plot.h + 4, AB_TEXT_DIM, AB_ALIGN_CENTER, -1);
    }
  ab_text (cr, AB_TEXT_SMALL, "100 %", plot.x - 8, plot.y - small * 0.6, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);
  ab_text (cr, AB_TEXT_SMALL, "0", plot.x - 8, plot.y + plot.h - small * 0.7, AB_TEXT_DIM, AB_ALIGN_RIGHT, -1);

  /* One round (the kernel's quadrature) and R rounds, 1 − (1 − p)^R (attn-lsh.h). */
  for (int curve = 0; curve < (res->rounds > 1 ? 2 : 1); curve++)
    {
      for (int t = 0; t < N_THETA; t++)
        {
          double p = curve ? 1 - pow (1 - res->p_one[t], res->rounds) : res->p_one[t];
          double x = plot.x + plot.w * t / (N_THETA - 1), y = plot.y + plot.h * (1 - p);
          if (t == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      ab_set_rgba (cr, curve ? many : one, 0.4 + 0.6 * emph);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
    }
  /* What these vectors did: the measured rate per 30° bin. */
  for (int t = 0; t < N_THETA - 1; t++)
    if (res->emp_pairs[t] > 0)
      {
        double x = plot.x + plot.w * (t + 0.5) / (N_THETA - 1);
        cairo_arc (cr, x, plot.y + plot.h * (1 - res->emp_rate[t]), 5, 0, 2 * G_PI);
        ab_set_rgba (cr, AB_TEXT, 0.4 + 0.6 * emph);
        cairo_fill (cr);
      }
  cairo_restore (cr);

  draw_key (res, cr, r.x, plot.y + plot.h + 4 + line_h (cr, AB_TEXT_SMALL), r.w);
}

static void
draw_side (AbLshDiagram *self, const LshResult *res, cairo_t *cr, AbRect r, double position)
{
  double pad = 20, y = r.y + 14 + line_h (cr, AB_TEXT_HEADING) + 6, h;
  AbRect inner = { r.x + pad, y, r.w - 2 * pad, 0 };
  double rest;

  ab_draw_panel (cr, r, _("What it saves"));
  h = draw_counts (res, cr, (AbRect) { inner.x, y, inner.w, 0 }, position);
  y += h + 14;
  rest = r.y + r.h - pad - y;
  h = draw_round_discs (self, res, cr,
                        (AbRect) { inner.x, y, inner.w, MIN (rest * 0.42, inner.w / MAX_ROUNDS) }, position);
  y += h + 12;
  draw_collision (res, cr, (AbRect) { inner.x, y, inner.w, r.y + r.h - pad - y }, position);
}

static void
ab_lsh_diagram_draw (AbDiagram *diagram, cairo_t *cr, const AbLayout *layout, double position)
{
  AbLshDiagram *self = AB_LSH_DIAGRAM (diagram);
  const LshResult *res = result (diagram);

  draw_scatter (self, res, cr, layout->stages[STAGE_SCATTER], position);
  draw_side (self, res, cr, layout->stages[STAGE_SIDE], position);
}

/* The later rounds' pairs exist only with more than one round. */
static void
ab_lsh_diagram_collect_legend (AbDiagram *diagram, guint step, GPtrArray *entries)
{
  if (step >= STEP_ROUNDS && result (diagram)->rounds > 1)
    ab_legend_add (entries, _("a pair only a later round compares (dashed)"), AB_TEXT, AB_SWATCH_LINE);
}

static char *
ab_lsh_diagram_describe (AbDiagram *diagram, guint step)
{
  const LshResult *res = result (diagram);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("N = %d vectors, d = 2, %d buckets, %d hash rounds, rotation seed %d. "
                               "Dense attention scores %u pairs."),
                          res->n, res->b, res->rounds, (int) res->seed, (guint) res->dense);
  for (int r = 0; r < res->rounds; r++)
    g_string_append_printf (s, _(" Round %d compares %u."), r + 1, (guint) res->entries_round[r]);
  g_string_append_printf (s, _(" All rounds together: %u scores, %.0f %% of dense; "
                               "relative output error %.2f."),
                          (guint) res->entries, 100.0 * res->entries / res->dense, res->error);
  if (step >= STEP_COLLIDE)
    {
      g_string_append (s, _(" Collision probability in one round at 0°, 30°, … 180°:"));
      for (int t = 0; t < N_THETA; t++)
        g_string_append_printf (s, " %.2f", res->p_one[t]);
      g_string_append (s, ".");
    }
  return g_string_free (s, FALSE);
}

static void
ab_lsh_diagram_finalize (GObject *object)
{
  AbLshDiagram *self = AB_LSH_DIAGRAM (object);

  for (int i = 0; i < N_LAYERS; i++)
    ab_layer_clear (&self->layers[i]);
  G_OBJECT_CLASS (ab_lsh_diagram_parent_class)->finalize (object);
}

static const AbDiagramInfo info = {
  .name = "lsh-bucketing",
  .title = N_("Reformer's LSH: random rotations put similar vectors in the same bucket"),
  .note = N_("Shared-QK: keys are the queries normalised. Chunk length = N here; the Reformer also sorts "
             "by bucket and compares within chunks of the sorted order."),
  AB_TABLE (steps, steps), AB_TABLE (params, params),
  AB_TABLE (legend, legend), AB_TABLE (stages, stages),
  .update = ab_lsh_diagram_update, .draw = ab_lsh_diagram_draw,
  .dup_caption = ab_lsh_diagram_dup_caption,
  .describe = ab_lsh_diagram_describe,
  .collect_legend = ab_lsh_diagram_collect_legend,
  .finalize = ab_lsh_diagram_finalize,
};

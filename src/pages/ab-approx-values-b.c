/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-approx-values-b.c — the `approx2` family of book values (Part 2, pages 6–11)
 *
 * The numbers of the Performer, honourable-mentions, why-they-faded,
 * Rabe & Staats and pros-and-cons pages, each computed by a Part 2 kernel:
 * the N = 4, d = 2 associativity example and the multiply-add counts of
 * attn-performer.h and attn-linear.h, linear attention's recurrent state,
 * the measured errors of approx-error.h (one head, d = 64, the smooth and
 * needle inputs at their default seed and logit scale), the chunked exact
 * attention and memory counter of attn-chunked.h with a worked two-chunk
 * merge, and the closed-form counts of attn-complexity.h. Keys spell out
 * N, m, d and budgets so a page states its assumptions in the key itself.
 */
#define G_LOG_DOMAIN "ab-approx-values-b"

#include "ab-format.h"
#include "ab-rng.h"
#include "ab-values.h"
#include "approx-error.h"
#include "attn-chunked.h"
#include "attn-complexity.h"
#include "attn-linear.h"
#include "attn-performer.h"

#include <math.h>
#include <string.h>

static char *
compute_error (GError **error, const char *what, const char *message)
{
  g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_COMPUTE, "%s: %s", what, message);
  return NULL;
}


/* "9.3 × 10⁻⁸" for tiny errors, "0" for none, the book's usual style otherwise. */
static char *
format_small (double v)
{
  GString *out;
  int e;
  double mant;

  if (v == 0.0)
    return g_strdup ("0");
  if (!isfinite (v) || fabs (v) >= 1e-3)
    return ab_format_number (v);
  e = (int) floor (log10 (fabs (v)));
  mant = fabs (v) / pow (10.0, e);
  if (mant >= 9.95)
    {
      mant /= 10.0;
      e++;
    }
  out = g_string_new (v < 0 ? "−" : "");
  g_string_append_printf (out, "%.1f", mant);
  ab_format_append_power_of_ten (out, e);
  return g_string_free (out, FALSE);
}

/* A ratio: "7.8", "252", "51,150". */
static char *
format_ratio (double r)
{
  if (r >= 1000)
    return ab_format_count ((guint64) llround (r));
  return ab_format_trimmed (r, r >= 100 ? 0 : 1);
}

/* "(0.12, −0.48)": one row of a matrix, in the book's number style. */
static char *
format_row (const double *row, int n)
{
  GString *out = g_string_new ("(");

  for (int i = 0; i < n; i++)
    {
      g_autofree char *x = ab_format_number (row[i]);
      g_string_append_printf (out, "%s%s", i ? ", " : "", x);
    }
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

static char *
format_row_f (const float *row, int n)
{
  double tmp[64];

  for (int i = 0; i < n && i < 64; i++)
    tmp[i] = row[i];
  return format_row (tmp, n < 64 ? n : 64);
}

/* The N = 4, d = 2 Performer example ---------------------------------------- */

#define TOY_N 4
#define TOY_D 2
#define TOY_MAX_M 8

typedef struct
{
  int    m;
  float  q[TOY_N * TOY_D], k[TOY_N * TOY_D], v[TOY_N * TOY_D];
  float  w[TOY_MAX_M * TOY_D];
  float  phi_q[TOY_N * TOY_MAX_M], phi_k[TOY_N * TOY_MAX_M];
  double a[TOY_N * TOY_N];              /* the normalised φ(Q)φ(K)ᵀ */
  float  quad[TOY_N * TOY_D], assoc[TOY_N * TOY_D];
  double s[TOY_MAX_M * TOY_D], z[TOY_MAX_M];
  double exact[TOY_N * TOY_D];          /* softmax(QKᵀ/√d) V */
  guint64 macs_quad, macs_assoc;
} Toy;

/* The performer-associativity diagram's default frame: Q, K, V are
 * approx-error's smooth problem at N = 4, d = 2 with input seed 1 (the
 * diagram's "Random sample" 1, logit scale 0.5); the features are FAVOR+'s
 * defaults, m orthogonal positive features (seed 0xfa7035), without the
 * stabilising rescale, so φ(q)·φ(k) is the raw estimate of exp(q·k/√d). */
static gboolean
toy_compute (Toy *t, int m, GError **error)
{
  AbApproxInputConfig ic;
  AbApproxProblem p;
  AbPerformerConfig pc;
  AbFeatureStats fq = { 0 }, fa = { 0 };
  AbLinearState state;
  AbApproxError err = { 0 };

  memset (t, 0, sizeof *t);
  t->m = m;
  ab_approx_input_config_init (&ic);
  ic.n = TOY_N;
  ic.d = TOY_D;
  ic.seed = 1;
  if (ab_approx_problem_init (&p, &ic, 0, &err) != AB_APPROX_OK)
    return compute_error (error, "toy problem", err.message), FALSE;
  memcpy (t->q, p.q, sizeof t->q);
  memcpy (t->k, p.k, sizeof t->k);
  memcpy (t->v, p.v, sizeof t->v);
  memcpy (t->exact, p.o_ref, sizeof t->exact);
  ab_approx_problem_clear (&p);

  ab_performer_config_init (&pc, TOY_D, m);
  if (ab_performer_draw (&pc, t->w, &err) != AB_APPROX_OK
      || ab_performer_features (&pc, t->w, t->q, TOY_N, 0, AB_PERFORMER_STAB_NONE, t->phi_q, &err)
         != AB_APPROX_OK
      || ab_performer_features (&pc, t->w, t->k, TOY_N, 0, AB_PERFORMER_STAB_NONE, t->phi_k, &err)
         != AB_APPROX_OK
      || ab_feature_attention (TOY_N, m, TOY_D, t->phi_q, t->phi_k, t->v, 0, AB_FEATURE_QUADRATIC,
                               t->quad, t->a, &fq, &err) != AB_APPROX_OK
      || ab_feature_attention (TOY_N, m, TOY_D, t->phi_q, t->phi_k, t->v, 0,
                               AB_FEATURE_ASSOCIATIVE, t->assoc, NULL, &fa, &err) != AB_APPROX_OK)
    return compute_error (error, "Performer toy", err.message), FALSE;
  /* S = φ(K)ᵀV and z = φ(K)ᵀ1, the m × d summary the associative order
   * keeps, as the recurrent state accumulates them */
  if (ab_linear_state_init (&state, m, TOY_D, &err) != AB_APPROX_OK)
    return compute_error (error, "Performer toy", err.message), FALSE;
  for (int j = 0; j < TOY_N; j++)
    ab_linear_state_push (&state, t->phi_k + j * m, t->v + j * TOY_D);
  memcpy (t->s, state.s, sizeof (double) * m * TOY_D);
  memcpy (t->z, state.z, sizeof (double) * m);
  ab_linear_state_clear (&state);
  /* the kernels count 2 FLOPs per multiply-add */
  t->macs_quad = fq.flops / 2;
  t->macs_assoc = fa.flops / 2;
  return TRUE;
}

static const Toy *
toy (int m, GError **error)
{
  static Toy cache[TOY_MAX_M + 1];
  static gboolean done[TOY_MAX_M + 1];
  G_LOCK_DEFINE_STATIC (toy);
  const Toy *result = NULL;

  G_LOCK (toy);
  if (!done[m])
    done[m] = toy_compute (&cache[m], m, error);
  if (done[m])
    result = &cache[m];
  G_UNLOCK (toy);
  return result;
}

enum { TOY_Q, TOY_K, TOY_V, TOY_PHIQ, TOY_PHIK, TOY_A, TOY_QUAD, TOY_ASSOC, TOY_EXACT };

/* Arguments: m, which matrix, row. */
static char *
get_toy_row (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);
  int r = args->ints[2], m = args->ints[0];

  if (t == NULL)
    return NULL;
  switch (args->ints[1])
    {
    case TOY_Q: return format_row_f (t->q + r * TOY_D, TOY_D);
    case TOY_K: return format_row_f (t->k + r * TOY_D, TOY_D);
    case TOY_V: return format_row_f (t->v + r * TOY_D, TOY_D);
    case TOY_PHIQ: return format_row_f (t->phi_q + r * m, m);
    case TOY_PHIK: return format_row_f (t->phi_k + r * m, m);
    case TOY_A: return format_row (t->a + r * TOY_N, TOY_N);
    case TOY_QUAD: return format_row_f (t->quad + r * TOY_D, TOY_D);
    case TOY_ASSOC: return format_row_f (t->assoc + r * TOY_D, TOY_D);
    default: return format_row (t->exact + r * TOY_D, TOY_D);
    }
}

/* Row r of S = φ(K)ᵀV (m × d). Arguments: m, r. */
static char *
get_toy_s (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);

  if (t == NULL)
    return NULL;
  if (args->ints[1] >= t->m)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                   "S has %d rows (m), not row %d", t->m, args->ints[1]);
      return NULL;
    }
  return format_row (t->s + args->ints[1] * TOY_D, TOY_D);
}

static char *
get_toy_z (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);
  return t ? format_row (t->z, t->m) : NULL;
}

static char *
get_toy_macs (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);

  if (t == NULL)
    return NULL;
  return ab_format_count (args->ints[1] == 0 ? t->macs_quad : t->macs_assoc);
}

/* The largest |quadratic − associative| over the 4 × 2 outputs. */
static char *
get_toy_diff (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);
  double worst = 0;

  if (t == NULL)
    return NULL;
  for (int e = 0; e < TOY_N * TOY_D; e++)
    worst = fmax (worst, fabs ((double) t->quad[e] - t->assoc[e]));
  return format_small (worst);
}

/* ‖Performer − softmax‖_F / ‖softmax‖_F on the toy. */
static char *
get_toy_err (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);
  return t ? ab_format_number (ab_approx_rel_frobenius_f (t->assoc, t->exact, TOY_N * TOY_D)) : NULL;
}

/* One kernel entry: exp(q_i·k_j/√d) or its estimate φ(q_i)·φ(k_j).
 * Arguments: m, exact|estimate, i, j. */
static char *
get_toy_kernel (const AbValueArgs *args, GError **error)
{
  const Toy *t = toy (args->ints[0], error);
  int m = args->ints[0], i = args->ints[2], j = args->ints[3];
  double x = 0;

  if (t == NULL)
    return NULL;
  if (args->ints[1] == 0)
    {
      for (int c = 0; c < TOY_D; c++)
        x += (double) t->q[i * TOY_D + c] * t->k[j * TOY_D + c];
      x = exp (x / sqrt ((double) TOY_D));
    }
  else
    for (int a = 0; a < m; a++)
      x += (double) t->phi_q[i * m + a] * t->phi_k[j * m + a];
  return ab_format_number (x);
}

/* Multiply-adds at scale ----------------------------------------------------- */

/* The kernel's own counters at a small n0, scaled: its quadratic count is
 * exactly ∝ n², its associative count ∝ n. Arguments: form, N, m, d. */
static gboolean
feature_macs (int form, int n, int m, int d, double *macs, GError **error)
{
  enum { N0 = 16 };
  g_autofree float *pq = g_new (float, (gsize) N0 * m), *pk = g_new (float, (gsize) N0 * m);
  g_autofree float *v = g_new0 (float, (gsize) N0 * d), *o = g_new (float, (gsize) N0 * d);
  AbFeatureStats st = { 0 };
  AbApproxError err = { 0 };

  for (gsize e = 0; e < (gsize) N0 * m; e++)
    pq[e] = pk[e] = 1.0f;
  if (ab_feature_attention (N0, m, d, pq, pk, v, 0, form == 0 ? AB_FEATURE_QUADRATIC
                                                               : AB_FEATURE_ASSOCIATIVE,
                            o, NULL, &st, &err) != AB_APPROX_OK)
    {
      compute_error (error, "feature attention", err.message);
      return FALSE;
    }
  *macs = st.flops / 2.0 * (form == 0 ? ((double) n / N0) * ((double) n / N0) : (double) n / N0);
  return TRUE;
}

static char *
get_macs (const AbValueArgs *args, GError **error)
{
  double macs;

  if (!feature_macs (args->ints[0], args->ints[1], args->ints[2], args->ints[3], &macs, error))
    return NULL;
  return ab_format_big (macs);
}

/* quadratic ÷ associative multiply-adds. Arguments: N, m, d. */
static char *
get_macs_ratio (const AbValueArgs *args, GError **error)
{
  double quad, assoc;

  if (!feature_macs (0, args->ints[0], args->ints[1], args->ints[2], &quad, error)
      || !feature_macs (1, args->ints[0], args->ints[1], args->ints[2], &assoc, error))
    return NULL;
  return format_ratio (quad / assoc);
}

/* Linear attention (Katharopoulos et al.) ------------------------------------ */

/* Numbers in the recurrent state: S (m × d) and z (m). Arguments: m, d. */
static char *
get_linear_state (const AbValueArgs *args, GError **error)
{
  AbLinearState st;
  AbApproxError err = { 0 };
  guint64 numbers;

  if (ab_linear_state_init (&st, args->ints[0], args->ints[1], &err) != AB_APPROX_OK)
    return compute_error (error, "linear state", err.message);
  numbers = (guint64) st.m * st.d + st.m;
  ab_linear_state_clear (&st);
  return ab_format_count (numbers);
}

/* Numbers a softmax decoder's cache holds for one head: K and V, N × d
 * each. Arguments: N, d. */
static char *
get_linear_kv (const AbValueArgs *args, GError **error)
{
  return ab_format_count (2 * (guint64) args->ints[0] * args->ints[1]);
}

/* Cache ÷ state for one head at N. Arguments: N, d (m = d for elu + 1). */
static char *
get_linear_kv_ratio (const AbValueArgs *args, GError **error)
{
  double n = args->ints[0], d = args->ints[1];
  return format_ratio (2 * n * d / (d * d + d));
}

/* The largest |recurrent − masked parallel| output of causal linear
 * attention on seeded Gaussian inputs. Arguments: N, d. */
static char *
get_linear_recurrent_diff (const AbValueArgs *args, GError **error)
{
  int n = args->ints[0], d = args->ints[1];
  gsize nd = (gsize) n * d;
  g_autofree float *q = g_new (float, nd), *k = g_new (float, nd), *v = g_new (float, nd);
  g_autofree float *par = g_new (float, nd), *rec = g_new (float, nd);
  AbApproxError err = { 0 };
  AbRng rng;
  double worst = 0;

  ab_rng_init (&rng, 2006);
  ab_rng_fill_normal (&rng, q, (int) nd, 1.0);
  ab_rng_fill_normal (&rng, k, (int) nd, 1.0);
  ab_rng_fill_normal (&rng, v, (int) nd, 1.0);
  if (ab_linear_attention (n, d, q, k, v, 1, AB_FEATURE_QUADRATIC, par, NULL, NULL, &err) != AB_APPROX_OK
      || ab_linear_attention (n, d, q, k, v, 1, AB_FEATURE_ASSOCIATIVE, rec, NULL, NULL, &err)
         != AB_APPROX_OK)
    return compute_error (error, "linear attention", err.message);
  for (gsize e = 0; e < nd; e++)
    worst = fmax (worst, fabs ((double) par[e] - rec[e]));
  return format_small (worst);
}

/* Measured errors (approx-error.h) ------------------------------------------- */

/* The two problems last built (smooth and needle), kept: one costs tens
 * of ms at N = 512, and a page quotes several methods on the same one. */
static const AbApproxProblem *
problem (int n, AbApproxInputKind kind, GError **error)
{
  static AbApproxProblem slots[2];
  static int slot_n[2];
  G_LOCK_DEFINE_STATIC (problems);
  const AbApproxProblem *result = NULL;
  AbApproxError err = { 0 };

  G_LOCK (problems);
  if (slot_n[kind] != n)
    {
      AbApproxInputConfig cfg;

      if (slot_n[kind])
        ab_approx_problem_clear (&slots[kind]);
      slot_n[kind] = 0;
      ab_approx_input_config_init (&cfg);
      cfg.n = n;
      cfg.kind = kind;
      if (ab_approx_problem_init (&slots[kind], &cfg, 0, &err) == AB_APPROX_OK)
        slot_n[kind] = n;
      else
        compute_error (error, "approximation problem", err.message);
    }
  if (slot_n[kind] == n)
    result = &slots[kind];
  G_UNLOCK (problems);
  return result;
}

/* The method words of the keys, in AbApproxMethod order. */
#define METHODS "{chunked|flash|window|bigbird|lsh|linformer|linformer-pool|performer|linear}"

/* One method on the problem of @kind at @n; budget 0 is the method's default. */
static gboolean
measure (AbApproxMethod method, AbApproxInputKind kind, int n, int budget, AbApproxResult *res,
         GError **error)
{
  const AbApproxProblem *p = problem (n, kind, error);
  AbApproxMethodConfig mc = { .method = method, .seed = 1 };
  AbApproxError err = { 0 };

  if (p == NULL)
    return FALSE;
  mc.budget = budget > 0 ? budget : ab_approx_default_budget (method, n, p->d);
  if (ab_approx_measure (p, &mc, 0, res, &err) != AB_APPROX_OK)
    {
      compute_error (error, ab_approx_method_name (method), err.message);
      return FALSE;
    }
  return TRUE;
}

/* Arguments: method, smooth|needle, output|needle, N, budget (0: the
 * method's default at N). */
static char *
get_err (const AbValueArgs *args, GError **error)
{
  AbApproxResult res;

  if (args->ints[1] == 0 && args->ints[2] == 1)
    {
      g_set_error (error, AB_VALUE_ERROR, AB_VALUE_ERROR_OUT_OF_RANGE,
                   "the smooth input has no needle row");
      return NULL;
    }
  if (!measure ((AbApproxMethod) args->ints[0],
                args->ints[1] == 0 ? AB_APPROX_INPUT_SMOOTH : AB_APPROX_INPUT_NEEDLE,
                args->ints[3], args->ints[4], &res, error))
    return NULL;
  return format_small (args->ints[2] == 0 ? res.output_error : res.needle_error);
}

/* The method's own FLOP count as a multiple of dense attention's 4N²d, on
 * the smooth input. Arguments: method, N, budget. */
static char *
get_cost (const AbValueArgs *args, GError **error)
{
  AbApproxResult res;
  double dense;

  if (!measure ((AbApproxMethod) args->ints[0], AB_APPROX_INPUT_SMOOTH, args->ints[1], args->ints[2],
                &res, error))
    return NULL;
  /* the problem's d is approx-error's default, 64 */
  dense = 4.0 * args->ints[1] * args->ints[1] * 64;
  return ab_format_trimmed ((double) res.flops / dense, 2);
}

/* The budget a key with b0 uses. Arguments: method, N. */
static char *
get_default_budget (const AbValueArgs *args, GError **error)
{
  return ab_format_count ((guint64) ab_approx_default_budget ((AbApproxMethod) args->ints[0],
                                                              args->ints[1], 64));
}

/* Rabe & Staats: chunked exact attention ------------------------------------- */

/* Arguments: N, d, query chunk, key chunk (0: the paper's 1024 / 4096). */
static size_t
chunked_bytes (const AbValueArgs *args)
{
  AbChunkedConfig cc = { .q_chunk = args->ints[2], .kv_chunk = args->ints[3] };
  return ab_chunked_bytes (args->ints[0], args->ints[0], args->ints[1], &cc);
}

static char *
get_chunked_bytes (const AbValueArgs *args, GError **error)
{
  size_t b = chunked_bytes (args);

  if (b == 0)
    return compute_error (error, "chunked memory", "bad sizes");
  return ab_format_bytes ((double) b);
}

/* The fp32 N × N score matrix standard attention holds ÷ the chunked
 * counter. Arguments as chunked_bytes. */
static char *
get_chunked_saving (const AbValueArgs *args, GError **error)
{
  size_t b = chunked_bytes (args);
  double n = args->ints[0];

  if (b == 0)
    return compute_error (error, "chunked memory", "bad sizes");
  return format_ratio (n * n * 4.0 / (double) b);
}

/* The N × N score matrix standard attention materialises, at FP16 or FP32.
 * Arguments: N, bits. */
static char *
get_scores (const AbValueArgs *args, GError **error)
{
  double n = args->ints[0];
  return ab_format_bytes (n * n * (args->ints[1] == 0 ? 2.0 : 4.0));
}

/* Relative error of chunked attention against the double reference, on
 * the smooth problem. Arguments: N, query chunk, key chunk. */
static char *
get_chunked_error (const AbValueArgs *args, GError **error)
{
  int n = args->ints[0];
  const AbApproxProblem *p = problem (n, AB_APPROX_INPUT_SMOOTH, error);
  AbChunkedConfig cc = { .q_chunk = args->ints[1], .kv_chunk = args->ints[2] };
  AbChunkedStats st;
  AbApproxError err = { 0 };
  g_autofree float *o = NULL;

  if (p == NULL)
    return NULL;
  o = g_new (float, (gsize) n * p->d);
  if (ab_chunked_attention (n, n, p->d, p->q, p->k, p->v, &cc, o, NULL, &st, &err) != AB_APPROX_OK)
    return compute_error (error, "chunked attention", err.message);
  return format_small (ab_approx_rel_frobenius_f (o, p->o_ref, (size_t) n * p->d));
}

/* The worked example: one query, eight keys of d = 2 in two chunks of four. */
#define CT_KEYS 8
#define CT_CHUNK 4
#define CT_D 2

typedef struct
{
  float  q[CT_D], k[CT_KEYS * CT_D], v[CT_KEYS * CT_D];
  double score[CT_KEYS];
  double max[2], lse[2], sum[2];      /* per key chunk */
  float  out[2][CT_D];               /* each chunk's own softmax-weighted V */
  double merged[CT_D], merged_lse, rescale[2];
  float  full[CT_D], full_lse;        /* one chunked call over all eight */
  double dense[CT_D];                 /* the double reference */
} ChunkToy;

static gboolean
chunk_toy_compute (ChunkToy *t, GError **error)
{
  AbRng rng;
  AbApproxError err = { 0 };
  AbChunkedConfig cc = { .q_chunk = 1, .kv_chunk = CT_CHUNK };
  double m, w[2], scale = 1.0 / sqrt ((double) CT_D);

  memset (t, 0, sizeof *t);
  ab_rng_init (&rng, 2112);
  ab_rng_fill_normal (&rng, t->q, CT_D, 1.0);
  ab_rng_fill_normal (&rng, t->k, CT_KEYS * CT_D, 1.0);
  ab_rng_fill_normal (&rng, t->v, CT_KEYS * CT_D, 1.0);
  for (int j = 0; j < CT_KEYS; j++)
    {
      double s = 0;
      for (int c = 0; c < CT_D; c++)
        s += (double) t->q[c] * t->k[j * CT_D + c];
      t->score[j] = s * scale;
    }
  /* each chunk summarised on its own by the kernel: its output and logsumexp */
  for (int c = 0; c < 2; c++)
    {
      float lse;
      if (ab_chunked_attention (1, CT_CHUNK, CT_D, t->q, t->k + c * CT_CHUNK * CT_D,
                                t->v + c * CT_CHUNK * CT_D, &cc, t->out[c], &lse, NULL, &err)
          != AB_APPROX_OK)
        return compute_error (error, "chunked attention", err.message), FALSE;
      t->lse[c] = lse;
      t->max[c] = -INFINITY;
      for (int j = 0; j < CT_CHUNK; j++)
        t->max[c] = fmax (t->max[c], t->score[c * CT_CHUNK + j]);
      t->sum[c] = exp (t->lse[c] - t->max[c]);   /* Σ e^{s − m_c} */
    }
  /* the merge: rescale each chunk's weights to the common maximum */
  m = fmax (t->max[0], t->max[1]);
  for (int c = 0; c < 2; c++)
    {
      t->rescale[c] = exp (t->max[c] - m);
      w[c] = t->rescale[c] * t->sum[c];
    }
  for (int d = 0; d < CT_D; d++)
    t->merged[d] = (w[0] * t->out[0][d] + w[1] * t->out[1][d]) / (w[0] + w[1]);
  t->merged_lse = m + log (w[0] + w[1]);
  if (ab_chunked_attention (1, CT_KEYS, CT_D, t->q, t->k, t->v, &cc, t->full, &t->full_lse, NULL, &err)
      != AB_APPROX_OK
      || ab_approx_dense_attention (1, CT_KEYS, CT_D, t->q, t->k, t->v, 0, NULL, t->dense, NULL, NULL,
                                    &err) != AB_APPROX_OK)
    return compute_error (error, "chunked example", err.message), FALSE;
  return TRUE;
}

static const ChunkToy *
chunk_toy (GError **error)
{
  static ChunkToy t;
  static gboolean done;
  G_LOCK_DEFINE_STATIC (chunk_toy);
  const ChunkToy *result = NULL;

  G_LOCK (chunk_toy);
  if (!done)
    done = chunk_toy_compute (&t, error);
  if (done)
    result = &t;
  G_UNLOCK (chunk_toy);
  return result;
}

static char *
get_ct_score (const AbValueArgs *args, GError **error)
{
  const ChunkToy *t = chunk_toy (error);
  return t ? ab_format_number (t->score[args->ints[0]]) : NULL;
}

static char *
get_ct_value (const AbValueArgs *args, GError **error)
{
  const ChunkToy *t = chunk_toy (error);
  return t ? format_row_f (t->v + args->ints[0] * CT_D, CT_D) : NULL;
}

/* Arguments: chunk (1-based), max|sum|lse|out|rescale. */
static char *
get_ct_chunk (const AbValueArgs *args, GError **error)
{
  const ChunkToy *t = chunk_toy (error);
  int c = args->ints[0] - 1;

  if (t == NULL)
    return NULL;
  switch (args->ints[1])
    {
    case 0: return ab_format_number (t->max[c]);
    case 1: return ab_format_number (t->sum[c]);
    case 2: return ab_format_number (t->lse[c]);
    case 3: return format_row_f (t->out[c], CT_D);
    default: return ab_format_number (t->rescale[c]);
    }
}

/* merged|full|dense output, their logsumexps, and the largest gap. */
static char *
get_ct_result (const AbValueArgs *args, GError **error)
{
  const ChunkToy *t = chunk_toy (error);
  double gap = 0;

  if (t == NULL)
    return NULL;
  switch (args->ints[0])
    {
    case 0: return format_row (t->merged, CT_D);
    case 1: return format_row_f (t->full, CT_D);
    case 2: return format_row (t->dense, CT_D);
    case 3: return ab_format_number (t->merged_lse);
    case 4: return ab_format_number (t->full_lse);
    default:
      for (int d = 0; d < CT_D; d++)
        gap = fmax (gap, fmax (fabs (t->merged[d] - t->dense[d]), fabs (t->full[d] - t->dense[d])));
      return format_small (gap);
    }
}

/* Closed-form counts (attn-complexity.h) ------------------------------------- */

/* Arguments: method, flops|bytes, N; the header's defaults (d = 64, FP16
 * scores, m = k = 256, Reformer 4 rounds of 64 buckets). */
static char *
get_cx (const AbValueArgs *args, GError **error)
{
  AbComplexityParams params;
  AbComplexity c;
  AbApproxError err = { 0 };

  ab_complexity_params_init (&params);
  if (ab_complexity ((AbComplexityMethod) args->ints[0], (uint64_t) args->ints[2], &params, &c, &err)
      != AB_APPROX_OK)
    return compute_error (error, "complexity", err.message);
  return args->ints[1] == 0 ? ab_format_big ((double) c.flops) : ab_format_bytes ((double) c.bytes);
}

/* dense ÷ method, for FLOPs or bytes. Arguments as get_cx. */
static char *
get_cx_ratio (const AbValueArgs *args, GError **error)
{
  AbComplexityParams params;
  AbComplexity c, dense;
  AbApproxError err = { 0 };
  double r;

  ab_complexity_params_init (&params);
  if (ab_complexity ((AbComplexityMethod) args->ints[0], (uint64_t) args->ints[2], &params, &c, &err)
      != AB_APPROX_OK
      || ab_complexity (AB_CX_DENSE, (uint64_t) args->ints[2], &params, &dense, &err) != AB_APPROX_OK)
    return compute_error (error, "complexity", err.message);
  r = args->ints[1] == 0 ? (double) dense.flops / c.flops : (double) dense.bytes / c.bytes;
  return format_ratio (r);
}

#define TOYM "perf.toy.m{1..8}"
#define CX "{dense|sparse|reformer|linformer|performer|flash|chunked}"

static const AbValueSpec approx2_values[] = {
  { TOYM ".{q|k|v|phiq|phik|a|quad|assoc|exact}.r{0..3}", get_toy_row,
    "row r of the N = 4, d = 2 Performer example: Q, K, V, raw FAVOR+ features, the normalised "
    "φ(Q)φ(K)ᵀ, both orders' outputs, exact softmax attention" },
  { TOYM ".s.r{0..7}", get_toy_s, "row r of S = φ(K)ᵀV (m × d) in the toy" },
  { TOYM ".z", get_toy_z, "z = φ(K)ᵀ1 (m numbers) in the toy" },
  { TOYM ".macs.{quadratic|associative}", get_toy_macs,
    "the kernel's multiply-add count for each order at N = 4, d = 2" },
  { TOYM ".diff", get_toy_diff, "largest |quadratic − associative| output difference in the toy" },
  { TOYM ".err", get_toy_err, "relative error of the toy's Performer output against softmax" },
  { TOYM ".kernel.{exact|estimate}.i{0..3}.j{0..3}", get_toy_kernel,
    "exp(q_i·k_j/√d) and its random-feature estimate φ(q_i)·φ(k_j)" },
  { "perf.macs.{quadratic|associative}.n{1..16777216}.m{1..65536}.d{1..1024}", get_macs,
    "multiply-adds of (φ(Q)φ(K)ᵀ)V and φ(Q)(φ(K)ᵀV), from the kernel's counters" },
  { "perf.macs-ratio.n{1..16777216}.m{1..65536}.d{1..1024}", get_macs_ratio,
    "quadratic ÷ associative multiply-adds" },
  { "linear.state.m{1..65536}.d{1..1024}", get_linear_state,
    "numbers in linear attention's recurrent state, m·d + m" },
  { "linear.kv.n{1..16777216}.d{1..1024}", get_linear_kv,
    "numbers in one head's softmax KV cache, 2·N·d" },
  { "linear.kv-ratio.n{1..16777216}.d{1..1024}", get_linear_kv_ratio,
    "KV cache ÷ elu+1 recurrent state (m = d) for one head" },
  { "linear.recurrent-diff.n{1..1024}.d{1..128}", get_linear_recurrent_diff,
    "largest |recurrent − masked parallel| causal linear-attention output (seed 2006)" },
  { "err." METHODS ".{smooth|needle}.{output|needle}.n{16..512}.b{0..4096}", get_err,
    "relative error of a method on approx-error's problem (d = 64, τ = 0.5; b0: default budget)" },
  { "cost." METHODS ".n{16..512}.b{0..4096}", get_cost,
    "a method's FLOPs as a multiple of dense attention's 4N²d (d = 64, smooth input)" },
  { "budget." METHODS ".n{16..4096}", get_default_budget, "the budget a b0 error key uses at N" },
  { "chunked.bytes.n{1..16777216}.d{1..1024}.q{0..16777216}.k{0..16777216}", get_chunked_bytes,
    "Rabe & Staats' memory counter (q0/k0: the paper's 1024/4096 chunks)" },
  { "chunked.saving.n{1..16777216}.d{1..1024}.q{0..16777216}.k{0..16777216}", get_chunked_saving,
    "fp32 N × N score matrix ÷ the chunked memory counter" },
  { "scores.n{1..16777216}.{fp16|fp32}", get_scores, "one head's N × N score matrix, N²·bytes" },
  { "chunked.error.n{16..512}.q{1..512}.k{1..512}", get_chunked_error,
    "relative error of chunked attention against the double reference (smooth input)" },
  { "chunked.toy.score.i{0..7}", get_ct_score, "the two-chunk example's scaled scores" },
  { "chunked.toy.value.i{0..7}", get_ct_value, "the two-chunk example's value vectors" },
  { "chunked.toy.chunk{1..2}.{max|sum|lse|out|rescale}", get_ct_chunk,
    "one key chunk's max, Σe^{s−max}, logsumexp, output and merge rescale" },
  { "chunked.toy.{merged|full|dense|merged-lse|full-lse|gap}", get_ct_result,
    "the merged result, one chunked call, the double reference, and the largest gap" },
  { "cx." CX ".{flops|bytes}.n{1..16777216}", get_cx,
    "attn-complexity.h counts at N (d = 64, FP16 scores, m = k = 256)" },
  { "cx-ratio." CX ".{flops|bytes}.n{1..16777216}", get_cx_ratio, "dense ÷ method at N" },
};

AB_VALUE_FAMILY (ab_approx_values_b, "approx2", approx2_values);

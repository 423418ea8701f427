/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backward.c — the FlashAttention backward (ab_flash_backward) against
 * a double-precision backward that materialises P, against central finite
 * differences of L = Σ dO ∘ O, and its IO counters against closed forms.
 * Inputs: O and lse come from ab_flash_forward, so each comparison checks
 * what a training step would actually chain together. */
#include "kernels-test-util.h"

#include "attn-io.h"

/* ---- double-precision reference ---- */

static int
visible (const AbAttnShape *s, int i, int j)
{
  long pos = (long) i + s->n_kv - s->n_q;
  if (s->causal && j > pos)
    return 0;
  if (s->window > 0 && pos - j >= s->window)
    return 0;
  if (s->window > 0 && !s->causal && j - pos >= s->window)
    return 0;
  return 1;
}

static double
ref_scale (const AbAttnShape *s)
{
  return s->scale > 0 ? s->scale : 1.0 / sqrt ((double) s->d);
}

/* P of one head (n_q × n_kv, rows that see nothing are 0) and O = PV. */
static void
ref_forward (const AbAttnShape *s, const double *q, const double *k, const double *v,
             double *p, double *o)
{
  const int nq = s->n_q, nkv = s->n_kv, d = s->d;
  const double scale = ref_scale (s);
  for (int i = 0; i < nq; i++)
    {
      double *row = p + (size_t) i * nkv, m = -INFINITY;
      for (int j = 0; j < nkv; j++)
        {
          double acc = 0;
          for (int c = 0; c < d; c++)
            acc += q[(size_t) i * d + c] * k[(size_t) j * d + c];
          row[j] = visible (s, i, j) ? acc * scale : -INFINITY;
          if (row[j] > m)
            m = row[j];
        }
      double sum = 0;
      for (int j = 0; j < nkv; j++)
        {
          row[j] = m == -INFINITY ? 0.0 : exp (row[j] - m);
          sum += row[j];
        }
      for (int j = 0; j < nkv && sum > 0; j++)
        row[j] /= sum;
      for (int c = 0; c < d; c++)
        {
          double acc = 0;
          for (int j = 0; j < nkv; j++)
            acc += row[j] * v[(size_t) j * d + c];
          o[(size_t) i * d + c] = acc;
        }
    }
}

/* The textbook backward with P materialised (FA1 Appendix B.2):
 * dV = Pᵀ dO, dP = dO Vᵀ, dS = P ∘ (dP − rowsum(P ∘ dP)), dQ = scale·dS K,
 * dK = scale·dSᵀ Q. */
static void
ref_backward (const AbAttnShape *s, const double *q, const double *k, const double *v,
              const double *g, double *dq, double *dk, double *dv)
{
  const int nq = s->n_q, nkv = s->n_kv, d = s->d;
  const double scale = ref_scale (s);
  double *p = g_new (double, (size_t) nq * nkv), *o = g_new (double, (size_t) nq * d);
  double *ds = g_new (double, (size_t) nq * nkv);
  ref_forward (s, q, k, v, p, o);
  memset (dq, 0, sizeof (double) * nq * d);
  memset (dk, 0, sizeof (double) * nkv * d);
  memset (dv, 0, sizeof (double) * nkv * d);
  for (int i = 0; i < nq; i++)
    {
      double dsum = 0;
      for (int j = 0; j < nkv; j++)
        {
          double dp = 0;
          for (int c = 0; c < d; c++)
            dp += g[(size_t) i * d + c] * v[(size_t) j * d + c];
          ds[(size_t) i * nkv + j] = dp;
          dsum += p[(size_t) i * nkv + j] * dp;
        }
      for (int j = 0; j < nkv; j++)
        {
          double pij = p[(size_t) i * nkv + j];
          double sij = pij * (ds[(size_t) i * nkv + j] - dsum);
          for (int c = 0; c < d; c++)
            {
              dv[(size_t) j * d + c] += pij * g[(size_t) i * d + c];
              dq[(size_t) i * d + c] += scale * sij * k[(size_t) j * d + c];
              dk[(size_t) j * d + c] += scale * sij * q[(size_t) i * d + c];
            }
        }
    }
  g_free (p);
  g_free (o);
  g_free (ds);
}

static double *
to_double (const float *x, size_t n)
{
  double *y = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    y[i] = x[i];
  return y;
}

/* ---- a problem: inputs, forward by the kernel, reference gradients ---- */

typedef struct
{
  AbAttnShape s;
  int         heads;
  float      *q, *k, *v, *g, *o, *lse;
  float      *dq, *dk, *dv;
  double     *rdq, *rdk, *rdv;
  size_t      nqf, nkvf;
} Problem;

static void
problem_init (Problem *pb, const AbAttnShape *s, int heads, double sigma, guint64 seed)
{
  memset (pb, 0, sizeof *pb);
  pb->s = *s;
  pb->heads = heads;
  pb->nqf = (size_t) heads * s->n_q * s->d;
  pb->nkvf = (size_t) heads * s->n_kv * s->d;
  AbRng rng;
  ab_rng_init (&rng, seed);
  pb->q = random_floats (&rng, pb->nqf, sigma);
  pb->k = random_floats (&rng, pb->nkvf, sigma);
  pb->v = random_floats (&rng, pb->nkvf, 1.0);
  pb->g = random_floats (&rng, pb->nqf, 1.0);
  pb->o = g_new (float, pb->nqf);
  pb->lse = g_new (float, (size_t) heads * s->n_q);
  pb->dq = g_new (float, pb->nqf);
  pb->dk = g_new (float, pb->nkvf);
  pb->dv = g_new (float, pb->nkvf);
  AbAttnOptions fo = { .threads = 1 };
  AbAttnError err;
  if (ab_flash_forward (s, heads, pb->q, pb->k, pb->v, pb->o, pb->lse, &fo, NULL, &err) != AB_ATTN_OK)
    g_error ("forward: %s", err.message);
}

static void
problem_reference (Problem *pb)
{
  const AbAttnShape *s = &pb->s;
  pb->rdq = g_new (double, pb->nqf);
  pb->rdk = g_new (double, pb->nkvf);
  pb->rdv = g_new (double, pb->nkvf);
  double *q = to_double (pb->q, pb->nqf), *k = to_double (pb->k, pb->nkvf);
  double *v = to_double (pb->v, pb->nkvf), *g = to_double (pb->g, pb->nqf);
  for (int h = 0; h < pb->heads; h++)
    {
      size_t a = (size_t) h * s->n_q * s->d, b = (size_t) h * s->n_kv * s->d;
      ref_backward (s, q + a, k + b, v + b, g + a, pb->rdq + a, pb->rdk + b, pb->rdv + b);
    }
  g_free (q);
  g_free (k);
  g_free (v);
  g_free (g);
}

static void
problem_clear (Problem *pb)
{
  g_free (pb->q); g_free (pb->k); g_free (pb->v); g_free (pb->g);
  g_free (pb->o); g_free (pb->lse);
  g_free (pb->dq); g_free (pb->dk); g_free (pb->dv);
  g_free (pb->rdq); g_free (pb->rdk); g_free (pb->rdv);
}

static AbAttnStatus
problem_backward (Problem *pb, const AbAttnOptions *opts, AbAttnBackwardStats *st,
                  AbAttnError *err)
{
  return ab_flash_backward (&pb->s, pb->q, pb->k, pb->v, pb->o, pb->g, pb->lse,
                            pb->dq, pb->dk, pb->dv, pb->heads, opts, st, err);
}

/* max |out − ref| / max |ref| (0/0 = 0); NaN is a failure. */
static double
rel_max_err (const char *what, const float *out, const double *ref, size_t n)
{
  double err = 0, scale = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (out[i]))
        g_error ("%s[%zu] = %g is not finite", what, i, (double) out[i]);
      double e = fabs ((double) out[i] - ref[i]);
      if (e > err)
        err = e;
      if (fabs (ref[i]) > scale)
        scale = fabs (ref[i]);
    }
  return scale > 0 ? err / scale : err;
}

static void
check_grads (const char *name, const Problem *pb, double tol)
{
  struct { const char *w; const float *x; const double *r; size_t n; } t[3] = {
    { "dQ", pb->dq, pb->rdq, pb->nqf }, { "dK", pb->dk, pb->rdk, pb->nkvf },
    { "dV", pb->dv, pb->rdv, pb->nkvf },
  };
  for (int i = 0; i < 3; i++)
    {
      double e = rel_max_err (t[i].w, t[i].x, t[i].r, t[i].n);
      g_test_message ("%s %s: max |err| / max |ref| = %.3g (tolerance %.1g)", name, t[i].w, e, tol);
      if (!(e <= tol))
        g_error ("%s %s: relative max error %.3g > %.3g", name, t[i].w, e, tol);
    }
}

/* ---- cases against the reference ----
 * Tolerance: max |grad − ref| ≤ tol · max |ref| per gradient tensor.
 * fp32 carries u = 6e-8; the gradients are sums over d and over N_kv (or
 * N_q) fp32 products chained through two GEMMs, the forward's O and lse,
 * and the cancellation in dP − D, so a few (d + N)·u, up to ~2e-5 at
 * these sizes, is what a correct kernel may show; an error in the
 * algorithm (a missed tile, a wrong D, a mask off by one) moves some entry
 * by a sizeable fraction of max |grad|. Normal logits: tol 2e-5 (measured
 * ≤ 6e-7, see the test log). Large logits (scores of ±80): a score of
 * magnitude 80 is rounded to ~5e-6 absolute, P = exp(S − lse) turns that
 * into a relative error of P, and the saved lse carries the same: tol 5e-4
 * (measured ≤ 6e-5). */
#define TOL_NORMAL 2e-5
#define TOL_LARGE  5e-4

typedef struct
{
  const char *name;
  int nq, nkv, d, heads, causal, window;
  float scale;
  int br, bc, threads;
  double tol;
} Case;

static const Case cases[] = {
  { "tail-tiles",          100, 100,  64, 2, 0,  0, 0,      32, 48, 1, TOL_NORMAL },
  { "n-below-tile",         20,  20,  16, 1, 0,  0, 0,       0,  0, 1, TOL_NORMAL },
  { "n-below-tile-q",        7,  13,  16, 1, 0,  0, 0,      64, 64, 2, TOL_NORMAL },
  { "causal-kvcache",       70, 130,  32, 2, 1,  0, 0,      16, 32, 1, TOL_NORMAL },
  { "causal-tail",         130, 130,  64, 1, 1,  0, 0,      48, 32, 3, TOL_NORMAL },
  { "window",               90,  90,   8, 1, 0, 17, 0,      16, 16, 1, TOL_NORMAL },
  { "causal-window",        90,  90,   8, 2, 1, 17, 0,      32, 16, 2, TOL_NORMAL },
  { "causal-masked-rows",   50,  30,  16, 2, 1,  0, 0,      16, 16, 1, TOL_NORMAL },
  { "window-masked-rows",   60,  20,  16, 1, 0,  5, 0,      16, 16, 2, TOL_NORMAL },
  { "large-logits",         64,  96,  64, 1, 0,  0, 10.0f,  32, 32, 1, TOL_LARGE },
  { "large-logits-causal",  96,  96,  64, 1, 1,  0, 10.0f,  16, 32, 2, TOL_LARGE },
  { "d1",                   67,  67,   1, 2, 0,  0, 0,      16, 32, 1, TOL_NORMAL },
  { "d64",                  67,  67,  64, 1, 1,  0, 0,      16, 32, 1, TOL_NORMAL },
  { "d128",                 67,  83, 128, 1, 0,  0, 0,      16, 32, 1, TOL_NORMAL },
  { "d128-default-tiles",  300, 300, 128, 1, 1,  0, 0,       0,  0, 4, TOL_NORMAL },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  AbAttnShape s = { c->nq, c->nkv, c->d, c->scale, c->causal, c->window };
  Problem pb;
  problem_init (&pb, &s, c->heads, 1.0, 77 + c->nq * 13 + c->d);
  problem_reference (&pb);
  AbAttnOptions opts = { .block_q = c->br, .block_k = c->bc, .threads = c->threads };
  AbAttnBackwardStats st;
  AbAttnError err;
  AbAttnStatus rc = problem_backward (&pb, &opts, &st, &err);
  if (rc != AB_ATTN_OK)
    g_error ("%s: %s", c->name, err.message);
  check_grads (c->name, &pb, c->tol);

  /* rows that see no key: exactly zero, never NaN */
  for (int h = 0; h < c->heads; h++)
    for (int i = 0; i < c->nq; i++)
      if (pb.lse[(size_t) h * c->nq + i] == -INFINITY)
        for (int x = 0; x < c->d; x++)
          g_assert_cmpfloat (pb.dq[((size_t) h * c->nq + i) * c->d + x], ==, 0.0f);

  /* the counters are the model's, per head */
  AbAttnBackwardStats m;
  ab_flash_backward_model (&s, c->br, c->bc, st.kv_chunks, 4, &m);
  g_assert_cmpuint (st.hbm_read_bytes, ==, c->heads * m.hbm_read_bytes);
  g_assert_cmpuint (st.hbm_write_bytes, ==, c->heads * m.hbm_write_bytes);
  for (int a = 0; a < AB_BWD_N_ARRAYS; a++)
    {
      g_assert_cmpuint (st.read_by[a], ==, c->heads * m.read_by[a]);
      g_assert_cmpuint (st.write_by[a], ==, c->heads * m.write_by[a]);
    }
  g_assert_cmpuint (st.stored_p_read_bytes, ==, c->heads * m.stored_p_read_bytes);
  g_assert_cmpuint (st.stored_p_write_bytes, ==, c->heads * m.stored_p_write_bytes);
  g_assert_cmpuint (st.flops, ==, c->heads * m.flops);
  g_assert_cmpuint (st.recompute_flops, ==, c->heads * m.recompute_flops);
  g_assert_cmpuint (st.tiles, ==, c->heads * m.tiles);
  g_assert_cmpuint (st.tiles_skipped, ==, c->heads * m.tiles_skipped);
  g_assert_cmpuint (st.sram_peak_bytes, ==, m.sram_peak_bytes);
  g_assert_cmpuint (st.extra_bytes, ==, ab_flash_backward_bytes (&s, c->heads, &opts));
  problem_clear (&pb);
}

/* ---- finite differences ----
 * L(Q, K, V) = Σ dO ∘ O with dO fixed, so ∂L/∂X = dX. Central differences
 * in double (h = 1e-5: truncation h²·|L'''| and rounding ε|L|/h are both
 * ~1e-10) check the reference backward to 1e-7 relative, and the fp32
 * kernel directly against them with the normal tolerance. */
static double
loss (const AbAttnShape *s, const double *q, const double *k, const double *v,
      const double *g, double *p, double *o)
{
  ref_forward (s, q, k, v, p, o);
  double l = 0;
  for (size_t i = 0; i < (size_t) s->n_q * s->d; i++)
    l += g[i] * o[i];
  return l;
}

static void
fd_grad (const AbAttnShape *s, double *q, double *k, double *v, const double *g,
         double *x, size_t n, double *out)
{
  const double h = 1e-5;
  double *p = g_new (double, (size_t) s->n_q * s->n_kv), *o = g_new (double, (size_t) s->n_q * s->d);
  for (size_t i = 0; i < n; i++)
    {
      double x0 = x[i];
      x[i] = x0 + h;
      double lp = loss (s, q, k, v, g, p, o);
      x[i] = x0 - h;
      double lm = loss (s, q, k, v, g, p, o);
      x[i] = x0;
      out[i] = (lp - lm) / (2 * h);
    }
  g_free (p);
  g_free (o);
}

static void
test_finite_differences (void)
{
  static const AbAttnShape shapes[] = {
    { 9, 9, 4, 0, 0, 0 },
    { 7, 12, 3, 0, 1, 0 },    /* causal, n_q < n_kv */
    { 12, 5, 2, 0, 1, 0 },    /* causal, n_q > n_kv: rows 0..6 see nothing */
    { 10, 10, 1, 0, 0, 3 },   /* window, d = 1 */
  };
  for (size_t si = 0; si < G_N_ELEMENTS (shapes); si++)
    {
      const AbAttnShape *s = &shapes[si];
      Problem pb;
      problem_init (&pb, s, 1, 1.0, 900 + si);
      problem_reference (&pb);
      AbAttnOptions opts = { .block_q = 4, .block_k = 4, .threads = 2 };
      AbAttnError err;
      if (problem_backward (&pb, &opts, NULL, &err) != AB_ATTN_OK)
        g_error ("fd %zu: %s", si, err.message);

      double *q = to_double (pb.q, pb.nqf), *k = to_double (pb.k, pb.nkvf);
      double *v = to_double (pb.v, pb.nkvf), *g = to_double (pb.g, pb.nqf);
      double *fq = g_new (double, pb.nqf), *fk = g_new (double, pb.nkvf), *fv = g_new (double, pb.nkvf);
      fd_grad (s, q, k, v, g, q, pb.nqf, fq);
      fd_grad (s, q, k, v, g, k, pb.nkvf, fk);
      fd_grad (s, q, k, v, g, v, pb.nkvf, fv);

      struct { const char *w; const double *fd, *ref; const float *x; size_t n; } t[3] = {
        { "dQ", fq, pb.rdq, pb.dq, pb.nqf }, { "dK", fk, pb.rdk, pb.dk, pb.nkvf },
        { "dV", fv, pb.rdv, pb.dv, pb.nkvf },
      };
      for (int i = 0; i < 3; i++)
        {
          double err_ref = 0, err_k = 0, mx = 0;
          for (size_t j = 0; j < t[i].n; j++)
            {
              err_ref = fmax (err_ref, fabs (t[i].ref[j] - t[i].fd[j]));
              err_k = fmax (err_k, fabs ((double) t[i].x[j] - t[i].fd[j]));
              mx = fmax (mx, fabs (t[i].fd[j]));
            }
          g_test_message ("fd shape %zu %s: reference %.2g, kernel %.2g (relative to max %.3g)",
                          si, t[i].w, err_ref / mx, err_k / mx, mx);
          g_assert_cmpfloat (mx, >, 0);
          g_assert_cmpfloat (err_ref, <=, 1e-7 * mx);
          g_assert_cmpfloat (err_k, <=, TOL_NORMAL * mx);
        }
      g_free (q); g_free (k); g_free (v); g_free (g);
      g_free (fq); g_free (fk); g_free (fv);
      problem_clear (&pb);
    }
}

/* ---- threads ---- */

/* 1 thread vs several (dQ partials over K/V tile sets, summed in order):
 * the same sums in another association, so equal within rounding; a
 * repeated run with the same thread count is bit-identical. */
static void
test_threads (void)
{
  static const struct { int heads, threads, causal; } runs[] = {
    { 1, 4, 0 }, { 1, 3, 1 }, { 3, 2, 1 }, { 2, 8, 0 },
  };
  for (size_t r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      AbAttnShape s = { 150, 170, 32, 0, runs[r].causal, 0 };
      Problem pb;
      problem_init (&pb, &s, runs[r].heads, 1.0, 31 + r);
      AbAttnOptions one = { .block_q = 16, .block_k = 16, .threads = 1 };
      AbAttnOptions many = one;
      many.threads = runs[r].threads;
      AbAttnBackwardStats st1, stn;
      AbAttnError err;
      g_assert_cmpint (problem_backward (&pb, &one, &st1, &err), ==, AB_ATTN_OK);
      double *dq1 = to_double (pb.dq, pb.nqf), *dk1 = to_double (pb.dk, pb.nkvf);
      double *dv1 = to_double (pb.dv, pb.nkvf);
      g_assert_cmpint (problem_backward (&pb, &many, &stn, &err), ==, AB_ATTN_OK);
      g_assert_cmpint (st1.kv_chunks, ==, 1);
      g_assert_cmpint (stn.kv_chunks, ==, (runs[r].threads + runs[r].heads - 1) / runs[r].heads);
      g_assert_cmpint (stn.threads_used, ==, runs[r].threads);
      /* dK, dV: each K/V tile is owned by one item, same order: identical */
      g_assert_cmpfloat (rel_max_err ("dK", pb.dk, dk1, pb.nkvf), ==, 0);
      g_assert_cmpfloat (rel_max_err ("dV", pb.dv, dv1, pb.nkvf), ==, 0);
      double e = rel_max_err ("dQ", pb.dq, dq1, pb.nqf);
      g_test_message ("threads %d, heads %d: dQ differs from 1 thread by %.2g relative",
                      runs[r].threads, runs[r].heads, e);
      g_assert_cmpfloat (e, <=, 1e-5);

      float *again = g_memdup2 (pb.dq, pb.nqf * sizeof (float));
      g_assert_cmpint (problem_backward (&pb, &many, NULL, &err), ==, AB_ATTN_OK);
      g_assert_true (memcmp (again, pb.dq, pb.nqf * sizeof (float)) == 0);
      g_free (again);
      g_free (dq1); g_free (dk1); g_free (dv1);
      problem_clear (&pb);
    }
}

/* ---- budget ---- */

static void
test_budget (void)
{
  AbAttnShape s = { 64, 64, 16, 0, 0, 0 };
  Problem pb;
  problem_init (&pb, &s, 1, 1.0, 5);
  problem_reference (&pb);
  AbAttnOptions opts = { .block_q = 16, .block_k = 16, .threads = 4 };
  size_t four = ab_flash_backward_bytes (&s, 1, &opts);
  AbAttnOptions one_opts = opts;
  one_opts.threads = 1;
  size_t one = ab_flash_backward_bytes (&s, 1, &one_opts);
  g_assert_cmpuint (four, >, one);

  /* below what one thread needs: refused, naming the bytes, nothing written */
  for (size_t i = 0; i < pb.nqf; i++)
    pb.dq[i] = 42.0f;
  opts.mem_budget = one - 1;
  AbAttnError err;
  g_assert_cmpint (problem_backward (&pb, &opts, NULL, &err), ==, AB_ATTN_E_BUDGET);
  g_assert_cmpint (err.status, ==, AB_ATTN_E_BUDGET);
  g_assert_cmpuint (err.bytes_needed, ==, one);
  g_assert_cmpuint (err.budget, ==, one - 1);
  g_autofree char *needs = g_strdup_printf ("needs %zu bytes", one);
  g_assert_nonnull (strstr (err.message, needs));
  g_assert_cmpfloat (pb.dq[0], ==, 42.0f);

  /* exactly one thread's worth: runs with one K/V tile set, still right */
  opts.mem_budget = one;
  AbAttnBackwardStats st;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (st.kv_chunks, ==, 1);
  g_assert_cmpuint (st.extra_bytes, <=, one);
  check_grads ("budget", &pb, TOL_NORMAL);

  /* enough for all four */
  opts.mem_budget = four;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (st.kv_chunks, ==, 4);
  g_assert_cmpuint (st.extra_bytes, ==, four);

  /* the extra memory is O(tile + N·d), not O(N²): at N = 65536, d = 64,
   * 1 thread, it is < 1 % of one fp32 N × N matrix */
  AbAttnShape big = { 65536, 65536, 64, 0, 1, 0 };
  size_t b = ab_flash_backward_bytes (&big, 1, &one_opts);
  g_assert_cmpuint (b, <, (size_t) 65536 * 65536 * 4 / 100);
  problem_clear (&pb);
}

/* ---- refused inputs ---- */

static void
test_nonfinite (void)
{
  AbAttnShape s = { 20, 24, 8, 0, 1, 0 };
  Problem pb;
  problem_init (&pb, &s, 2, 1.0, 11);
  struct { const char *expect; float *x; size_t at; float val; } bad[] = {
    { "Q[5] is nan", pb.q, 5, NAN },
    { "K[17] is inf", pb.k, 17, INFINITY },
    { "V[3] is -inf", pb.v, 3, -INFINITY },
    { "O[200] is nan", pb.o, 200, NAN },
    { "dO[9] is nan", pb.g, 9, NAN },
    { "lse[4] is nan", pb.lse, 4, NAN },
    { "lse[30] is inf", pb.lse, 30, INFINITY },
    { "lse[7] is -inf but query row 7 of head 0 sees keys", pb.lse, 7, -INFINITY },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      float old = bad[i].x[bad[i].at];
      bad[i].x[bad[i].at] = bad[i].val;
      for (size_t j = 0; j < pb.nkvf; j++)
        pb.dk[j] = 7.0f;
      AbAttnError err;
      AbAttnStatus st = problem_backward (&pb, NULL, NULL, &err);
      g_test_message ("%s: %s", bad[i].expect, err.message);
      g_assert_cmpint (st, ==, AB_ATTN_E_NONFINITE);
      if (!strstr (err.message, bad[i].expect))
        g_error ("message '%s' lacks '%s'", err.message, bad[i].expect);
      g_assert_cmpfloat (pb.dk[0], ==, 7.0f);
      bad[i].x[bad[i].at] = old;
    }
  /* and with everything restored it runs (opts NULL: defaults) */
  AbAttnError err;
  g_assert_cmpint (problem_backward (&pb, NULL, NULL, &err), ==, AB_ATTN_OK);

  /* bad arguments */
  g_assert_cmpint (ab_flash_backward (&s, pb.q, pb.k, pb.v, pb.o, NULL, pb.lse, pb.dq, pb.dk,
                                      pb.dv, 2, NULL, NULL, &err), ==, AB_ATTN_E_INVALID);
  g_assert_cmpint (ab_flash_backward (&s, pb.q, pb.k, pb.v, pb.o, pb.g, pb.lse, pb.dq, pb.dk,
                                      pb.dv, 0, NULL, NULL, &err), ==, AB_ATTN_E_INVALID);
  AbAttnOptions neg = { .block_q = -1 };
  g_assert_cmpint (ab_flash_backward (&s, pb.q, pb.k, pb.v, pb.o, pb.g, pb.lse, pb.dq, pb.dk,
                                      pb.dv, 2, &neg, NULL, &err), ==, AB_ATTN_E_INVALID);
  problem_clear (&pb);
}

/* ---- IO counters by hand ----
 * N = 8, d = 2, B_r = B_c = 4 (T_r = T_c = 2), fp32, one thread.
 * Elements: pass over rows: read O, dO (16 + 16), write D (8), zero dQ (16).
 * K/V tile j (twice): read K_j, V_j (8 + 8); per Q tile read Q_i, dO_i (8 + 8),
 * L_i, D_i (4 + 4), dQ_i (8), write dQ_i (8); then write dK_j, dV_j (8 + 8).
 *   reads  = 32 + 2·16 + 4·32      = 192 elements = 768 bytes
 *   writes = 8 + 16 + 4·8 + 2·16   =  88 elements = 352 bytes
 * Standard (FA1 Alg. 3), N² = 64: reads 5·64 + 5·16 = 400 elements (1600 B),
 * writes 2·64 + 3·16 = 176 (704 B).
 * Causal: tile (Q 0, K/V 1) is skipped, so K/V tile 1 streams one Q tile:
 *   reads  = 32 + 2·16 + 3·32 = 160 elements (640 B); writes = 8 + 16 + 3·8 + 32 = 80 (320 B).
 * With 2 K/V tile sets (2 threads): + 16 written (a zeroed partial), and the
 * final sum reads dQ and the partial (32) and writes dQ (16). */
static void
test_io_by_hand (void)
{
  AbAttnShape s = { 8, 8, 2, 0, 0, 0 };
  Problem pb;
  problem_init (&pb, &s, 1, 1.0, 3);
  AbAttnOptions opts = { .block_q = 4, .block_k = 4, .threads = 1 };
  AbAttnBackwardStats st;
  AbAttnError err;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  g_assert_cmpuint (st.hbm_read_bytes, ==, 768);
  g_assert_cmpuint (st.hbm_write_bytes, ==, 352);
  g_assert_cmpuint (st.read_by[AB_BWD_O], ==, 4 * 16);
  g_assert_cmpuint (st.read_by[AB_BWD_DO], ==, 4 * 48);
  g_assert_cmpuint (st.read_by[AB_BWD_LSE], ==, 4 * 16);
  g_assert_cmpuint (st.write_by[AB_BWD_DQ], ==, 4 * 48);
  g_assert_cmpuint (st.read_by[AB_BWD_P] + st.write_by[AB_BWD_P], ==, 0);
  g_assert_cmpuint (st.stored_p_read_bytes, ==, 1600);
  g_assert_cmpuint (st.stored_p_write_bytes, ==, 704);
  g_assert_cmpuint (st.stored_p_read_by[AB_BWD_P], ==, 4 * 2 * 64);
  g_assert_cmpuint (st.tiles, ==, 4);
  g_assert_cmpuint (st.flops, ==, 10 * 64 * 2);        /* 10·N²·d */
  g_assert_cmpuint (st.recompute_flops, ==, 2 * 64 * 2);
  /* K_j, V_j, dK_j, dV_j (4·8) + Q_i, dO_i, dQ_i (3·8) + P, dS (2·16), fp32;
   * L_i, D_i (2·4) */
  g_assert_cmpuint (st.sram_peak_bytes, ==, 4 * (32 + 24 + 32 + 8));

  /* D1's standard-attention model counts the same 7 N² + 8 N d */
  g_assert_cmpuint (st.stored_p_read_bytes + st.stored_p_write_bytes, ==,
                    ab_io_standard_backward_bytes (8, 2, 4));
  g_assert_cmpuint (st.stored_p_read_by[AB_BWD_P] + st.stored_p_read_by[AB_BWD_DP]
                    + st.stored_p_read_by[AB_BWD_DS] + st.stored_p_write_by[AB_BWD_DP]
                    + st.stored_p_write_by[AB_BWD_DS], ==,
                    ab_io_matrix_passes_backward () * 64 * 4);

  opts.threads = 2;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  g_assert_cmpint (st.kv_chunks, ==, 2);
  g_assert_cmpuint (st.hbm_read_bytes, ==, 768 + 4 * 32);
  g_assert_cmpuint (st.hbm_write_bytes, ==, 352 + 4 * (16 + 16));
  problem_clear (&pb);

  s.causal = 1;
  problem_init (&pb, &s, 1, 1.0, 4);
  opts.threads = 1;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  g_assert_cmpuint (st.hbm_read_bytes, ==, 640);
  g_assert_cmpuint (st.hbm_write_bytes, ==, 320);
  g_assert_cmpuint (st.tiles, ==, 3);
  g_assert_cmpuint (st.tiles_skipped, ==, 1);
  /* the standard backward stores the full matrices, mask or not */
  g_assert_cmpuint (st.stored_p_read_bytes, ==, 1600);
  problem_clear (&pb);

  /* the default tiles' working set, as attn-backward.c states it: 0.94 MiB
   * at B_r = 128, B_c = 256, d = 128 (plus 1 KiB of L_i, D_i) */
  AbAttnShape wide = { 1024, 1024, 128, 0, 0, 0 };
  AbAttnBackwardStats mw;
  ab_flash_backward_model (&wide, 0, 0, 1, 4, &mw);
  g_assert_cmpuint (mw.sram_peak_bytes, ==, 4 * (4 * 256 * 128 + 3 * 128 * 128 + 2 * 128 * 256) + 4 * 2 * 128);

  /* fp16 model: matrices at 2 bytes, L and D stay fp32 */
  AbAttnBackwardStats m;
  s.causal = 0;
  ab_flash_backward_model (&s, 4, 4, 1, 2, &m);
  g_assert_cmpuint (m.hbm_read_bytes, ==, 2 * (192 - 32) + 4 * 32);
  g_assert_cmpuint (m.stored_p_read_bytes, ==, 800);
}

/* Recomputation moves fewer bytes once N ≫ d: measured at N = 1024,
 * d = 16 (one run), and in the model at N = 8192, d = 128, fp16 with
 * default tiles, where the stored-P backward moves ~7 N² · 2 B ≈ 0.9 GiB. */
static void
test_io_recompute_wins (void)
{
  AbAttnShape s = { 1024, 1024, 16, 0, 0, 0 };
  Problem pb;
  problem_init (&pb, &s, 1, 1.0, 8);
  AbAttnOptions opts = { .threads = 2 };
  AbAttnBackwardStats st;
  AbAttnError err;
  g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
  uint64_t flash = st.hbm_read_bytes + st.hbm_write_bytes;
  uint64_t stored = st.stored_p_read_bytes + st.stored_p_write_bytes;
  g_test_message ("N 1024 d 16: flash %" G_GUINT64_FORMAT " B, stored P %" G_GUINT64_FORMAT " B",
                  flash, stored);
  g_assert_cmpuint (flash * 4, <, stored);
  /* and it costs one more N_q × N_kv × d product: +25 % of the stored-P
   * backward's 8·N²·d matmul FLOPs */
  g_assert_cmpuint (st.recompute_flops, ==, 2ull * 1024 * 1024 * 16);
  g_assert_cmpuint (st.flops, ==, 10ull * 1024 * 1024 * 16);
  problem_clear (&pb);

  AbAttnShape big = { 8192, 8192, 128, 0, 0, 0 };
  AbAttnBackwardStats m;
  ab_flash_backward_model (&big, 0, 0, 1, 2, &m);
  uint64_t mf = m.hbm_read_bytes + m.hbm_write_bytes;
  uint64_t ms = m.stored_p_read_bytes + m.stored_p_write_bytes;
  g_test_message ("N 8192 d 128 fp16: flash %.3f GiB, stored P %.3f GiB",
                  mf / 1073741824.0, ms / 1073741824.0);
  g_assert_cmpuint (mf, <, ms);
  /* FACTS #26: the stored-P backward's N² part is 896 MiB here */
  g_assert_cmpuint (m.stored_p_read_by[AB_BWD_P] + m.stored_p_read_by[AB_BWD_DP]
                    + m.stored_p_read_by[AB_BWD_DS] + m.stored_p_write_by[AB_BWD_DP]
                    + m.stored_p_write_by[AB_BWD_DS], ==, 896ull << 20);
}

/* The model finds the Q tiles each K/V tile meets by binary search; the
 * kernel classifies every tile. Random small shapes, masks and tiles:
 * the counters must agree exactly. */
static void
test_model_random_shapes (void)
{
  AbRng rng;
  ab_rng_init (&rng, 2024);
  for (int it = 0; it < 60; it++)
    {
      AbAttnShape s = {
        .n_q = 1 + (int) (ab_rng_uniform (&rng) * 70), .n_kv = 1 + (int) (ab_rng_uniform (&rng) * 70),
        .d = 1 + (int) (ab_rng_uniform (&rng) * 4), .causal = ab_rng_uniform (&rng) < 0.6,
        .window = ab_rng_uniform (&rng) < 0.4 ? 1 + (int) (ab_rng_uniform (&rng) * 20) : 0,
      };
      int br = 1 + (int) (ab_rng_uniform (&rng) * 20), bc = 1 + (int) (ab_rng_uniform (&rng) * 20);
      Problem pb;
      problem_init (&pb, &s, 1, 1.0, 500 + it);
      AbAttnOptions opts = { .block_q = br, .block_k = bc, .threads = 1 + it % 3 };
      AbAttnBackwardStats st, m;
      AbAttnError err;
      g_assert_cmpint (problem_backward (&pb, &opts, &st, &err), ==, AB_ATTN_OK);
      ab_flash_backward_model (&s, br, bc, st.kv_chunks, 4, &m);
      for (int a = 0; a < AB_BWD_N_ARRAYS; a++)
        if (st.read_by[a] != m.read_by[a] || st.write_by[a] != m.write_by[a])
          g_error ("shape %d×%d d %d causal %d window %d tiles %d×%d, array %d: kernel %"
                   G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ", model %" G_GUINT64_FORMAT "/%"
                   G_GUINT64_FORMAT, s.n_q, s.n_kv, s.d, s.causal, s.window, br, bc, a,
                   st.read_by[a], st.write_by[a], m.read_by[a], m.write_by[a]);
      g_assert_cmpuint (st.tiles, ==, m.tiles);
      g_assert_cmpuint (st.tiles_skipped, ==, m.tiles_skipped);
      g_assert_cmpuint (st.flops, ==, m.flops);
      g_assert_cmpuint (st.sram_peak_bytes, ==, m.sram_peak_bytes);
      problem_clear (&pb);
    }
}

/* The library's row-by-row double reference (used by the CLI's --check
 * and the diagram) agrees with this file's materialised-P one. */
static void
test_library_reference (void)
{
  static const AbAttnShape shapes[] = {
    { 33, 47, 8, 0, 1, 0 }, { 40, 20, 4, 0, 0, 5 }, { 25, 25, 3, 2.0f, 1, 6 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      Problem pb;
      problem_init (&pb, &shapes[i], 2, 1.0, 60 + i);
      problem_reference (&pb);
      double *rq = g_new (double, pb.nqf), *rk = g_new (double, pb.nkvf), *rv = g_new (double, pb.nkvf);
      AbAttnError err;
      g_assert_cmpint (ab_attention_backward_reference (&pb.s, 2, pb.q, pb.k, pb.v, pb.g, rq, rk, rv,
                                                        &err), ==, AB_ATTN_OK);
      struct { const double *a, *b; size_t n; } t[3] = {
        { rq, pb.rdq, pb.nqf }, { rk, pb.rdk, pb.nkvf }, { rv, pb.rdv, pb.nkvf },
      };
      for (int j = 0; j < 3; j++)
        for (size_t x = 0; x < t[j].n; x++)
          g_assert_cmpfloat (fabs (t[j].a[x] - t[j].b[x]), <=, 1e-7 * (1 + fabs (t[j].b[x])));
      g_free (rq); g_free (rk); g_free (rv);
      problem_clear (&pb);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p = g_strdup_printf ("/kernels/backward/%s", cases[i].name);
      g_test_add_data_func (p, &cases[i], test_case);
    }
  g_test_add_func ("/kernels/backward/finite-differences", test_finite_differences);
  g_test_add_func ("/kernels/backward/threads", test_threads);
  g_test_add_func ("/kernels/backward/budget", test_budget);
  g_test_add_func ("/kernels/backward/nonfinite", test_nonfinite);
  g_test_add_func ("/kernels/backward/io-by-hand", test_io_by_hand);
  g_test_add_func ("/kernels/backward/io-recompute-wins", test_io_recompute_wins);
  g_test_add_func ("/kernels/backward/library-reference", test_library_reference);
  g_test_add_func ("/kernels/backward/model-random-shapes", test_model_random_shapes);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-kernels.c — command-line front end to the attention kernels
 *
 *   attn-kernels run   --algo naive|flash1|flash2|ring --q Q.npy --k K.npy --v V.npy
 *                      --out O.npy [--lse LSE.npy] [--causal] [--window W]
 *                      [--block-q BR] [--block-k BC] [--devices P] [--threads T]
 *                      [--scale S] [--mem-budget BYTES]
 *                      [--backward --dout DO.npy [--dq DQ.npy] [--dk DK.npy]
 *                       [--dv DV.npy] [--check]]
 *   attn-kernels bench --algo … --n N [--n-kv M] --d D --heads H [--causal]
 *                      [--window W] [--threads T] --repeat R [--json]
 *                      [--sgemm-peak GFLOPS] [--block-q BR] [--block-k BC]
 *                      [--backward]   (time the FA2 backward instead)
 *   attn-kernels trace --algo flash1|flash2|ring --n N [--n-kv M] --d D [--causal]
 *                      [--window W] [--block-q BR] [--block-k BC] [--rows 0,5]
 *                      [--devices P]   (one JSON object per tile / ring step)
 *   attn-kernels sgemm-peak [--threads T] [--n N]   (GFLOP/s of an N³ sgemm)
 *   attn-kernels example     (the online-softmax worked example of Part 3)
 *
 * Errors print one line on stderr. Exit status: 0 success; 1 runtime
 * failure (memory budget, out of memory, threads, writing the outputs);
 * 2 usage or bad input (options, unreadable or mismatched .npy inputs,
 * non-finite values, output paths that cannot be written or that alias
 * each other or an input). `run` checks every output path before computing
 * and commits the outputs together (all temporary files written, then all
 * renamed), so a failure leaves existing files as they were. Only regular
 * files are replaced: an output path that is a symbolic link, a folder or
 * a device is refused (as the app's exports do). New files get 0666 less
 * the umask.
 *
 * --backward: `run` runs the forward of --algo (which also gives the
 * logsumexp), then ab_flash_backward with the incoming gradient --dout,
 * writes the gradients asked for, and prints the backward's IO counters
 * (and, with --check, the max error of each gradient against the
 * double-precision reference) on stdout. `bench` times the backward alone
 * (the forward that feeds it runs once, untimed) and counts FLOPs as FA2
 * does (Dao, arXiv:2307.08691, §4.1): backward = 2.5 × forward, i.e. the
 * five N_q × N_kv × d products of the recomputing backward, 10·N_q·N_kv·d
 * per head, halved when causal.
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <signal.h>
#include <glib.h>
#include <math.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ab-rng.h"
#include "attention.h"
#include "npy.h"
#include "softmax.h"

#define PROG "attn-kernels"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

#define EXIT_STATUS_TEXT \
  "Exit status: 0 success, 1 runtime failure (memory budget, out of memory,\n" \
  "writing outputs), 2 usage error or bad input (options, .npy files,\n" \
  "non-finite values, unusable or aliasing output paths); 130, 143 or 129\n" \
  "when stopped by SIGINT, SIGTERM or SIGHUP (outputs are written whole or\n" \
  "not at all).\n"

static G_GNUC_PRINTF (1, 2) int
die (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* keep it to one line */
  for (char *p = msg; *p; p++)
    if (*p == '\n')
      *p = ' ';
  fprintf (stderr, PROG ": error: %s\n", msg);
  g_free (msg);
  return EXIT_RUNTIME;
}

/* die() for usage errors and bad input: exit status 2 */
#define usage_die(...) ((void) die (__VA_ARGS__), EXIT_USAGE)

/* Exit status for a kernel's refusal: its input (sizes, devices, non-finite
 * values) is the user's to fix (2); budget, memory and threads are runtime (1). */
static int
status_exit (AbAttnStatus st)
{
  return st == AB_ATTN_E_INVALID || st == AB_ATTN_E_NONFINITE ? EXIT_USAGE : EXIT_RUNTIME;
}

static int
parse_bytes (const char *s, size_t *out)
{
  char *end;
  errno = 0;
  double v = g_ascii_strtod (s, &end);
  /* strtod takes "inf", "nan" and overflows to inf: all refused */
  if (end == s || errno == ERANGE || !isfinite (v) || v < 0)
    return 0;
  double mul = 1;
  switch (g_ascii_toupper (*end))
    {
    case 'K': mul = 1024.0; end++; break;
    case 'M': mul = 1024.0 * 1024.0; end++; break;
    case 'G': mul = 1024.0 * 1024.0 * 1024.0; end++; break;
    case 'T': mul = 1024.0 * 1024.0 * 1024.0 * 1024.0; end++; break;
    default: break;
    }
  if (*end == 'i' || *end == 'I')
    end++;
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end)
    return 0;
  double bytes = floor (v * mul);
  /* at least one byte (0 would silently mean the default) and representable */
  if (!(bytes >= 1.0) || bytes >= 18446744073709551616.0 /* 2^64 */
      || bytes > (double) SIZE_MAX)
    return 0;
  *out = (size_t) bytes;
  return 1;
}

/* Options shared by run and bench. */
static char *opt_algo, *opt_q, *opt_k, *opt_v, *opt_out, *opt_lse, *opt_budget;
static char *opt_dout, *opt_dq, *opt_dk, *opt_dv, *opt_kv;
static gboolean opt_causal, opt_json, opt_backward, opt_check;
static int opt_window, opt_block_q, opt_block_k, opt_devices, opt_threads = 0;
static double opt_scale;
static int opt_n, opt_n_kv, opt_d, opt_heads = 1, opt_repeat = 3;
static double opt_peak;
static gint64 opt_seed = 1;

static GOptionEntry common_entries[] = {
  { "algo", 0, 0, G_OPTION_ARG_STRING, &opt_algo, "naive, flash1, flash2 or ring", "ALGO" },
  { "causal", 0, 0, G_OPTION_ARG_NONE, &opt_causal, "Causal mask (bottom-right aligned)", NULL },
  { "window", 0, 0, G_OPTION_ARG_INT, &opt_window, "Sliding window width", "W" },
  { "block-q", 0, 0, G_OPTION_ARG_INT, &opt_block_q, "Q tile rows B_r", "BR" },
  { "block-k", 0, 0, G_OPTION_ARG_INT, &opt_block_k, "K/V tile rows B_c", "BC" },
  { "devices", 0, 0, G_OPTION_ARG_INT, &opt_devices, "Ring devices P", "P" },
  { "threads", 0, 0, G_OPTION_ARG_INT, &opt_threads, "Threads (default: cores)", "T" },
  { "mem-budget", 0, 0, G_OPTION_ARG_STRING, &opt_budget, "Memory budget, e.g. 512M, 2G", "BYTES" },
  { NULL }
};

static GOptionEntry run_entries[] = {
  { "q", 0, 0, G_OPTION_ARG_FILENAME, &opt_q, "Queries [N,d] or [H,N,d]", "Q.npy" },
  { "k", 0, 0, G_OPTION_ARG_FILENAME, &opt_k, "Keys", "K.npy" },
  { "v", 0, 0, G_OPTION_ARG_FILENAME, &opt_v, "Values", "V.npy" },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out, "Output", "O.npy" },
  { "lse", 0, 0, G_OPTION_ARG_FILENAME, &opt_lse, "Logsumexp output", "LSE.npy" },
  { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt_scale, "Score scale (default 1/sqrt(d))", "S" },
  { "backward", 0, 0, G_OPTION_ARG_NONE, &opt_backward, "Also run the FlashAttention backward (needs --dout)", NULL },
  { "dout", 0, 0, G_OPTION_ARG_FILENAME, &opt_dout, "Incoming gradient dL/dO, shaped like Q", "DO.npy" },
  { "dq", 0, 0, G_OPTION_ARG_FILENAME, &opt_dq, "Gradient of Q (output)", "DQ.npy" },
  { "dk", 0, 0, G_OPTION_ARG_FILENAME, &opt_dk, "Gradient of K (output)", "DK.npy" },
  { "dv", 0, 0, G_OPTION_ARG_FILENAME, &opt_dv, "Gradient of V (output)", "DV.npy" },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check, "Print the gradients' max error vs a double-precision reference", NULL },
  { NULL }
};

static GOptionEntry bench_entries[] = {
  { "n", 0, 0, G_OPTION_ARG_INT, &opt_n, "Query rows", "N" },
  { "n-kv", 0, 0, G_OPTION_ARG_INT, &opt_n_kv, "Key rows (default N)", "M" },
  { "d", 0, 0, G_OPTION_ARG_INT, &opt_d, "Head dimension", "D" },
  { "heads", 0, 0, G_OPTION_ARG_INT, &opt_heads, "Heads", "H" },
  { "repeat", 0, 0, G_OPTION_ARG_INT, &opt_repeat, "Timed repeats (best is reported)", "R" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "One JSON object per run", NULL },
  { "sgemm-peak", 0, 0, G_OPTION_ARG_DOUBLE, &opt_peak, "Use this sgemm peak instead of measuring", "GFLOPS" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Random seed", "SEED" },
  { "backward", 0, 0, G_OPTION_ARG_NONE, &opt_backward, "Time the FlashAttention backward (FLOPs: 2.5 x forward)", NULL },
  { "kv", 0, 0, G_OPTION_ARG_STRING, &opt_kv, "K/V storage: fp32 (default) or bf16 (flash2 forward only)", "TYPE" },
  { NULL }
};

static int
parse (int *argc, char ***argv, const char *cmd, GOptionEntry *extra)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_autofree char *summary = g_strdup_printf (PROG " %s", cmd);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (ctx, EXIT_STATUS_TEXT);
  g_option_context_add_main_entries (ctx, common_entries, NULL);
  g_option_context_add_main_entries (ctx, extra, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, argc, argv, &error))
    return usage_die ("%s", error->message);
  if (*argc > 1)
    return usage_die ("unexpected argument '%s'", (*argv)[1]);
  return 0;
}

static int
common_options (AbAttnAlgo *algo, AbAttnOptions *opts)
{
  if (!opt_algo)
    return usage_die ("--algo is required (naive, flash1, flash2 or ring)");
  if (!ab_attn_algo_from_name (opt_algo, algo))
    return usage_die ("unknown --algo '%s' (naive, flash1, flash2 or ring)", opt_algo);
  if (opt_window < 0 || opt_block_q < 0 || opt_block_k < 0 || opt_devices < 0 || opt_threads < 0)
    return usage_die ("--window, --block-q, --block-k, --devices and --threads must be >= 0");
  memset (opts, 0, sizeof *opts);
  opts->block_q = opt_block_q;
  opts->block_k = opt_block_k;
  opts->threads = opt_threads;
  opts->devices = opt_devices;
  if (opt_budget && !parse_bytes (opt_budget, &opts->mem_budget))
    return usage_die ("bad --mem-budget '%s': need a finite number of bytes from 1 to 2^64-1, "
                      "e.g. 1048576, 512M or 2G (omit it for the default)", opt_budget);
  return 0;
}

/* ---- run ---- */

static int
load (const char *what, const char *path, AbNpyArray *arr)
{
  char err[512];
  if (!path)
    return usage_die ("--%s FILE.npy is required", what);
  if (ab_npy_read (path, arr, err, sizeof err) != 0)
    return usage_die ("%s", err);
  if (arr->ndim != 2 && arr->ndim != 3)
    return usage_die ("%s: expected shape [N, d] or [H, N, d], got %d dimension%s",
                      path, arr->ndim, arr->ndim == 1 ? "" : "s");
  for (int i = 0; i < arr->ndim; i++)
    if (arr->shape[i] <= 0)
      return usage_die ("%s: zero-size dimension in shape", path);
  for (int i = 0; i < arr->ndim; i++)
    if (arr->shape[i] > G_MAXINT)
      return usage_die ("%s: dimension too large", path);
  return 0;
}

/* The file path names, for alias checks: realpath() when it exists,
 * else realpath(dirname)/basename; NULL when the directory does not exist. */
static char *
resolve_path (const char *path)
{
  char *r = realpath (path, NULL);
  if (r)
    {
      char *g = g_strdup (r);
      free (r);
      return g;
    }
  g_autofree char *dn = g_path_get_dirname (path);
  g_autofree char *bn = g_path_get_basename (path);
  char *rd = realpath (dn, NULL);
  if (!rd)
    return NULL;
  char *g = g_build_filename (rd, bn, NULL);
  free (rd);
  return g;
}

static gboolean
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  if (stat (a, &sa) == 0 && stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  g_autofree char *ra = resolve_path (a);
  g_autofree char *rb = resolve_path (b);
  return ra && rb && strcmp (ra, rb) == 0;
}

/* An output path we can replace: not empty, not a directory or special
 * file, in a directory where we can create the temporary file. Checked
 * before any work, so a bad --lse cannot cost the --out already written. */
static int
check_output (const char *flag, const char *path)
{
  if (!*path)
    return usage_die ("%s: empty file name", flag);
  size_t len = strlen (path);
  struct stat st;
  if (path[len - 1] == '/' || (stat (path, &st) == 0 && S_ISDIR (st.st_mode)))
    return usage_die ("%s %s: is a directory", flag, path);
  if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    return usage_die ("%s %s: is a symbolic link: not replacing it (name the file it points to)",
                      flag, path);
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    return usage_die ("%s %s: not a regular file", flag, path);
  g_autofree char *probe = g_strdup_printf ("%s.XXXXXX", path);
  int fd = mkstemp (probe);
  if (fd < 0)
    {
      int e = errno;
      g_autofree char *dn = g_path_get_dirname (path);
      return usage_die ("%s %s: cannot create files in %s: %s", flag, path, dn,
                        g_strerror (e));
    }
  close (fd);
  unlink (probe);
  return 0;
}

/* Outputs must not be the same file as each other or as an input. */
static int
check_aliases (void)
{
  /* the first five are outputs */
  const char *flag[] = { "--out", "--lse", "--dq", "--dk", "--dv", "--q", "--k", "--v", "--dout" };
  const char *file[] = { opt_out, opt_lse, opt_dq, opt_dk, opt_dv, opt_q, opt_k, opt_v, opt_dout };
  for (int i = 0; i < 5; i++)
    for (int j = i + 1; j < 9; j++)
      if (file[i] && file[j] && same_file (file[i], file[j]))
        return usage_die ("%s %s and %s %s are the same file; outputs must not overwrite "
                          "each other or an input", flag[i], file[i], flag[j], file[j]);
  return 0;
}

typedef struct
{
  const char  *path;
  const float *data;
  int          ndim;
  const long  *shape;
  char         tmp[4096];
  int          have_tmp;
} Output;

/* Writes every output to a temporary file next to it, then renames them all
 * into place: a failed write leaves every previous file untouched. */
static int
commit_outputs_now (Output *outs, int n)
{
  char emsg[512];
  for (int i = 0; i < n; i++)
    {
      if (ab_npy_write_temp (outs[i].path, outs[i].data, outs[i].ndim, outs[i].shape,
                             outs[i].tmp, sizeof outs[i].tmp, emsg, sizeof emsg) != 0)
        {
          for (int j = 0; j < i; j++)
            unlink (outs[j].tmp);
          return die ("%s", emsg);
        }
      outs[i].have_tmp = 1;
    }
  for (int i = 0; i < n; i++)
    if (ab_npy_commit (outs[i].tmp, outs[i].path, emsg, sizeof emsg) != 0)
      {
        /* the paths were checked before computing, so this is unexpected
         * (e.g. the directory changed meanwhile) */
        for (int j = i + 1; j < n; j++)
          unlink (outs[j].tmp);
        if (i > 0)
          return die ("%s (%s was already written)", emsg, outs[0].path);
        return die ("%s", emsg);
      }
  return 0;
}

/* SIGINT, SIGTERM and SIGHUP wait while the outputs are written (a short
 * time next to the computing), so an interrupt ends the process after the
 * commit or its clean-up, never with a temporary file left behind. The
 * kernels' and OpenBLAS's threads may take the signal, so it is noted by a
 * handler, on whichever thread, rather than blocked. */
static volatile sig_atomic_t deferred_signal;

static void
defer_signal (int sig)
{
  deferred_signal = sig;
}

static int
commit_outputs (Output *outs, int n)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction wait_action = { 0 }, old[3];

  wait_action.sa_handler = defer_signal;
  sigemptyset (&wait_action.sa_mask);
  for (int i = 0; i < 3; i++)
    sigaction (signals[i], &wait_action, &old[i]);
  int rc = commit_outputs_now (outs, n);
  for (int i = 0; i < 3; i++)
    sigaction (signals[i], &old[i], NULL);
  if (deferred_signal)
    raise (deferred_signal);   /* by the handler that was there: the default ends us */
  return rc;
}

/* max |x − ref| and max |ref| over n entries */
static void
max_error (const float *x, const double *ref, size_t n, double *err, double *mag)
{
  *err = *mag = 0;
  for (size_t i = 0; i < n; i++)
    {
      double e = fabs ((double) x[i] - ref[i]);
      if (e > *err || isnan (e))
        *err = e;
      if (fabs (ref[i]) > *mag)
        *mag = fabs (ref[i]);
    }
}

/* --check: each gradient against ab_attention_backward_reference */
static int
report_check (const AbAttnShape *shape, int heads, const float *q, const float *k,
              const float *v, const float *g, const float *dq, const float *dk,
              const float *dv)
{
  size_t nq = (size_t) heads * shape->n_q * shape->d, nkv = (size_t) heads * shape->n_kv * shape->d;
  double *rq = g_try_malloc (nq * sizeof (double));
  double *rk = g_try_malloc (nkv * sizeof (double));
  double *rv = g_try_malloc (nkv * sizeof (double));
  if (!rq || !rk || !rv)
    {
      g_free (rq); g_free (rk); g_free (rv);
      return die ("out of memory for the --check reference");
    }
  AbAttnError err;
  AbAttnStatus st = ab_attention_backward_reference (shape, heads, q, k, v, g, rq, rk, rv, &err);
  if (st != AB_ATTN_OK)
    {
      g_free (rq); g_free (rk); g_free (rv);
      die ("reference: %s", err.message);
      return status_exit (st);
    }
  double e[3], m[3];
  max_error (dq, rq, nq, &e[0], &m[0]);
  max_error (dk, rk, nkv, &e[1], &m[1]);
  max_error (dv, rv, nkv, &e[2], &m[2]);
  printf ("check vs double-precision reference: max |dQ - ref| = %.3g (max |dQ| %.3g), "
          "max |dK - ref| = %.3g (max |dK| %.3g), max |dV - ref| = %.3g (max |dV| %.3g)\n",
          e[0], m[0], e[1], m[1], e[2], m[2]);
  g_free (rq); g_free (rk); g_free (rv);
  return 0;
}

static void
print_backward_stats (const AbAttnBackwardStats *st, double seconds)
{
  printf ("backward: %.6f s, %d thread%s, %d K/V tile set%s per head; "
          "IO model: read %" G_GUINT64_FORMAT " B, wrote %" G_GUINT64_FORMAT " B "
          "(a backward reading stored P: read %" G_GUINT64_FORMAT " B, wrote %" G_GUINT64_FORMAT " B); "
          "recomputed S: %" G_GUINT64_FORMAT " FLOPs of %" G_GUINT64_FORMAT "; extra memory %zu B\n",
          seconds, st->threads_used, st->threads_used == 1 ? "" : "s",
          st->kv_chunks, st->kv_chunks == 1 ? "" : "s",
          st->hbm_read_bytes, st->hbm_write_bytes, st->stored_p_read_bytes,
          st->stored_p_write_bytes, st->recompute_flops, st->flops, st->extra_bytes);
}

static int
cmd_run (int argc, char **argv)
{
  int rc = parse (&argc, &argv, "run", run_entries);
  if (rc)
    return rc;
  AbAttnAlgo algo;
  AbAttnOptions opts;
  if ((rc = common_options (&algo, &opts)))
    return rc;
  if (!opt_out)
    return usage_die ("--out O.npy is required");
  if (!isfinite (opt_scale) || opt_scale < 0)
    return usage_die ("--scale must be a finite number >= 0 (0 = 1/sqrt(d))");
  /* the kernels compute in single precision */
  if (opt_scale > FLT_MAX)
    return usage_die ("--scale %g is too large for single precision (at most %g)", opt_scale,
                      (double) FLT_MAX);
  if (!opt_backward && (opt_dout || opt_dq || opt_dk || opt_dv || opt_check))
    return usage_die ("--dout, --dq, --dk, --dv and --check need --backward");
  if (opt_backward && !opt_dout)
    return usage_die ("--dout DO.npy is required with --backward");
  if ((rc = check_output ("--out", opt_out)) || (opt_lse && (rc = check_output ("--lse", opt_lse)))
      || (opt_dq && (rc = check_output ("--dq", opt_dq)))
      || (opt_dk && (rc = check_output ("--dk", opt_dk)))
      || (opt_dv && (rc = check_output ("--dv", opt_dv))))
    return rc;
  if ((rc = check_aliases ()))
    return rc;

  AbNpyArray q = { 0 }, k = { 0 }, v = { 0 }, g = { 0 };
  float *o = NULL, *lse = NULL, *dq = NULL, *dk = NULL, *dv = NULL;
  if ((rc = load ("q", opt_q, &q)) || (rc = load ("k", opt_k, &k)) || (rc = load ("v", opt_v, &v))
      || (opt_backward && (rc = load ("dout", opt_dout, &g))))
    goto out;

  rc = EXIT_USAGE;
  if (q.ndim != k.ndim || q.ndim != v.ndim)
    {
      die ("Q, K and V must all be [N, d] or all [H, N, d] (got %d, %d and %d dimensions)",
           q.ndim, k.ndim, v.ndim);
      goto out;
    }
  int three = q.ndim == 3;
  long H = three ? q.shape[0] : 1;
  long nq = q.shape[three], nkv = k.shape[three];
  long dq_ = q.shape[1 + three], dk_ = k.shape[1 + three], dv_ = v.shape[1 + three];
  if (three && (k.shape[0] != H || v.shape[0] != H))
    {
      die ("head counts differ: Q has %ld, K has %ld, V has %ld", H, k.shape[0], v.shape[0]);
      goto out;
    }
  if (dq_ != dk_ || dq_ != dv_)
    {
      die ("mismatched d: Q has d=%ld, K has d=%ld, V has d=%ld", dq_, dk_, dv_);
      goto out;
    }
  if (v.shape[three] != nkv)
    {
      die ("K and V have different lengths (%ld and %ld rows)", nkv, v.shape[three]);
      goto out;
    }
  if (opt_backward && (g.ndim != q.ndim || memcmp (g.shape, q.shape, sizeof (long) * q.ndim) != 0))
    {
      die ("%s: dO must have the shape of Q", opt_dout);
      goto out;
    }

  rc = EXIT_RUNTIME;
  AbAttnShape shape = {
    .n_q = (int) nq, .n_kv = (int) nkv, .d = (int) dq_,
    .scale = (float) opt_scale, .causal = opt_causal, .window = opt_window,
  };
  size_t out_count = (size_t) H * nq * dq_, kv_count = (size_t) H * nkv * dq_;
  o = g_try_malloc (out_count * sizeof (float));
  if (opt_lse || opt_backward)
    lse = g_try_malloc ((size_t) H * nq * sizeof (float));
  if (opt_backward)
    {
      dq = g_try_malloc (out_count * sizeof (float));
      dk = g_try_malloc (kv_count * sizeof (float));
      dv = g_try_malloc (kv_count * sizeof (float));
    }
  if (!o || ((opt_lse || opt_backward) && !lse) || (opt_backward && (!dq || !dk || !dv)))
    {
      die ("out of memory for the outputs (%zu bytes)",
           (out_count * (opt_backward ? 2 : 1) + (opt_backward ? 2 * kv_count : 0)) * sizeof (float));
      goto out;
    }

  AbAttnError err;
  AbAttnStatus st = ab_attention_run (algo, &shape, (int) H, q.data, k.data, v.data,
                                      o, lse, &opts, NULL, &err);
  if (st != AB_ATTN_OK)
    {
      die ("%s: %s", ab_attn_algo_name (algo), err.message);
      rc = status_exit (st);
      goto out;
    }
  if (opt_backward)
    {
      AbAttnBackwardStats bst;
      double t0 = g_get_monotonic_time () / 1e6;
      st = ab_flash_backward (&shape, q.data, k.data, v.data, o, g.data, lse, dq, dk, dv,
                              (int) H, &opts, &bst, &err);
      double t = g_get_monotonic_time () / 1e6 - t0;
      if (st != AB_ATTN_OK)
        {
          die ("backward: %s", err.message);
          rc = status_exit (st);
          goto out;
        }
      print_backward_stats (&bst, t);
      if (opt_check && (rc = report_check (&shape, (int) H, q.data, k.data, v.data, g.data,
                                           dq, dk, dv)))
        goto out;
    }

  long oshape[3] = { H, nq, dq_ }, lshape[2] = { H, nq }, kshape[3] = { H, nkv, dq_ };
  Output outs[5];
  int n_out = 0;
  outs[n_out++] = (Output) { .path = opt_out, .data = o, .ndim = three ? 3 : 2,
                             .shape = three ? oshape : oshape + 1 };
  if (opt_lse)
    outs[n_out++] = (Output) { .path = opt_lse, .data = lse, .ndim = three ? 2 : 1,
                               .shape = three ? lshape : lshape + 1 };
  const char *gpath[3] = { opt_dq, opt_dk, opt_dv };
  const float *gdata[3] = { dq, dk, dv };
  const long *gshape[3] = { oshape, kshape, kshape };
  for (int i = 0; i < 3; i++)
    if (gpath[i])
      outs[n_out++] = (Output) { .path = gpath[i], .data = gdata[i], .ndim = three ? 3 : 2,
                                 .shape = three ? gshape[i] : gshape[i] + 1 };
  rc = commit_outputs (outs, n_out);

out:
  g_free (o);
  g_free (lse);
  g_free (dq);
  g_free (dk);
  g_free (dv);
  ab_npy_clear (&q);
  ab_npy_clear (&k);
  ab_npy_clear (&v);
  ab_npy_clear (&g);
  return rc;
}

/* ---- bench ---- */

static int
cmd_bench (int argc, char **argv)
{
  int rc = parse (&argc, &argv, "bench", bench_entries);
  if (rc)
    return rc;
  AbAttnAlgo algo;
  AbAttnOptions opts;
  if ((rc = common_options (&algo, &opts)))
    return rc;
  if (opt_n <= 0 || opt_d <= 0 || opt_heads <= 0 || opt_repeat <= 0 || opt_n_kv < 0)
    return usage_die ("--n, --d, --heads and --repeat must be positive");
  gboolean bf16 = opt_kv && g_str_equal (opt_kv, "bf16");
  if (opt_kv && !bf16 && !g_str_equal (opt_kv, "fp32"))
    return usage_die ("--kv must be fp32 or bf16 (got \"%s\")", opt_kv);
  if (bf16 && (algo != AB_ATTN_FLASH2 || opt_backward))
    return usage_die ("--kv bf16 needs --algo flash2 and the forward pass");
  int nkv = opt_n_kv > 0 ? opt_n_kv : opt_n;
  int threads = opt_threads > 0 ? opt_threads : ab_attention_default_threads ();
  opts.threads = threads;
  if (algo == AB_ATTN_RING)
    threads = opt_devices > 0 ? opt_devices : 1;   /* one thread per ring device */

  AbAttnShape shape = { .n_q = opt_n, .n_kv = nkv, .d = opt_d,
                        .causal = opt_causal, .window = opt_window };
  /* Refuse before allocating inputs if naive cannot fit. */
  if (algo == AB_ATTN_NAIVE)
    {
      size_t budget = opts.mem_budget ? opts.mem_budget : ab_attention_default_budget ();
      size_t need = ab_attention_naive_bytes (&shape, opt_heads);
      if (need > budget)
        return die ("naive: naive attention's score matrix needs %zu bytes but the memory budget is %zu bytes",
                    need, budget);
    }

  size_t nqf = (size_t) opt_heads * opt_n * opt_d, nkf = (size_t) opt_heads * nkv * opt_d;
  float *q = g_try_malloc (nqf * sizeof (float));
  float *k = g_try_malloc (nkf * sizeof (float));
  float *v = g_try_malloc (nkf * sizeof (float));
  float *o = g_try_malloc (nqf * sizeof (float));
  float *lse = g_try_malloc ((size_t) opt_heads * opt_n * sizeof (float));
  if (!q || !k || !v || !o || !lse)
    {
      g_free (q); g_free (k); g_free (v); g_free (o); g_free (lse);
      return die ("out of memory for the inputs");
    }
  AbRng rng;
  ab_rng_init (&rng, (uint64_t) opt_seed);
  ab_rng_fill_normal (&rng, q, (int) nqf, 1.0);
  ab_rng_fill_normal (&rng, k, (int) nkf, 1.0);
  ab_rng_fill_normal (&rng, v, (int) nkf, 1.0);

  /* BF16 K/V: the same random K and V, rounded once before timing */
  uint16_t *k16 = NULL, *v16 = NULL;
  if (bf16)
    {
      k16 = g_try_malloc (nkf * sizeof (uint16_t));
      v16 = g_try_malloc (nkf * sizeof (uint16_t));
      if (!k16 || !v16)
        {
          g_free (q); g_free (k); g_free (v); g_free (o); g_free (lse); g_free (k16); g_free (v16);
          return die ("out of memory for the inputs");
        }
      ab_bf16_from_floats (k16, k, nkf);
      ab_bf16_from_floats (v16, v, nkf);
    }

  double peak = opt_peak > 0 ? opt_peak : ab_sgemm_peak_gflops (threads, 2048);

  AbAttnError err;
  AbAttnStats stats = { 0 };
  AbAttnBackwardStats bstats = { 0 };
  float *g = NULL, *dq = NULL, *dk = NULL, *dv = NULL;
  double best = INFINITY, total = 0;
  rc = 0;
  if (opt_backward)
    {
      /* the forward that feeds the backward: once, untimed */
      g = g_try_malloc (nqf * sizeof (float));
      dq = g_try_malloc (nqf * sizeof (float));
      dk = g_try_malloc (nkf * sizeof (float));
      dv = g_try_malloc (nkf * sizeof (float));
      if (!g || !dq || !dk || !dv)
        rc = die ("out of memory for the gradients");
      else
        {
          ab_rng_fill_normal (&rng, g, (int) nqf, 1.0);
          AbAttnStatus st = ab_attention_run (algo, &shape, opt_heads, q, k, v, o, lse,
                                              &opts, &stats, &err);
          if (st != AB_ATTN_OK)
            {
              die ("%s: %s", ab_attn_algo_name (algo), err.message);
              rc = status_exit (st);
            }
        }
    }
  /* one untimed warm-up run (page faults, OpenBLAS buffers) */
  for (int rep = -1; rc == 0 && rep < opt_repeat; rep++)
    {
      double t0 = g_get_monotonic_time () / 1e6;
      AbAttnStatus st = opt_backward
        ? ab_flash_backward (&shape, q, k, v, o, g, lse, dq, dk, dv, opt_heads, &opts,
                             &bstats, &err)
        : bf16 ? ab_flash_forward_bf16_kv (&shape, opt_heads, q, k16, v16, o, lse, &opts, &stats, &err)
        : ab_attention_run (algo, &shape, opt_heads, q, k, v, o, lse, &opts, &stats, &err);
      double t = g_get_monotonic_time () / 1e6 - t0;
      if (st != AB_ATTN_OK)
        {
          die ("%s: %s", opt_backward ? "backward" : ab_attn_algo_name (algo), err.message);
          rc = status_exit (st);
          break;
        }
      if (rep >= 0)
        {
          total += t;
          if (t < best)
            best = t;
        }
    }
  if (rc == 0)
    {
      /* backward: FA2 §4.1's convention, 2.5 × the forward's 4·N_q·N_kv·d */
      double flops = ab_attention_flops (&shape) * opt_heads * (opt_backward ? 2.5 : 1.0);
      double gflops = flops / best / 1e9;
      size_t extra = opt_backward ? bstats.extra_bytes : stats.extra_bytes;
      if (opt_json && opt_backward)
        printf ("{\"algo\": \"%s\", \"pass\": \"backward\", \"n\": %d, \"n_kv\": %d, \"d\": %d, "
                "\"heads\": %d, \"causal\": %s, \"window\": %d, \"threads\": %d, \"block_q\": %d, "
                "\"block_k\": %d, \"repeat\": %d, \"time_s\": %.6f, \"mean_s\": %.6f, "
                "\"gflops\": %.3f, \"flop_convention\": \"2.5x forward (FA2 4.1)\", "
                "\"sgemm_peak_gflops\": %.3f, \"peak_fraction\": %.4f, \"extra_bytes\": %zu, "
                "\"kv_chunks\": %d, \"hbm_read_bytes\": %" G_GUINT64_FORMAT ", "
                "\"hbm_write_bytes\": %" G_GUINT64_FORMAT ", "
                "\"stored_p_read_bytes\": %" G_GUINT64_FORMAT ", "
                "\"stored_p_write_bytes\": %" G_GUINT64_FORMAT ", "
                "\"recompute_flops\": %" G_GUINT64_FORMAT "}\n",
                ab_attn_algo_name (algo), opt_n, nkv, opt_d, opt_heads,
                opt_causal ? "true" : "false", opt_window, bstats.threads_used, opt_block_q,
                opt_block_k, opt_repeat, best, total / opt_repeat, gflops, peak, gflops / peak,
                extra, bstats.kv_chunks, bstats.hbm_read_bytes, bstats.hbm_write_bytes,
                bstats.stored_p_read_bytes, bstats.stored_p_write_bytes, bstats.recompute_flops);
      else if (opt_json)
        printf ("{\"algo\": \"%s\", \"n\": %d, \"n_kv\": %d, \"d\": %d, \"heads\": %d, "
                "\"causal\": %s, \"window\": %d, \"threads\": %d, \"block_q\": %d, \"block_k\": %d, "
                "\"devices\": %d, \"repeat\": %d, \"time_s\": %.6f, \"mean_s\": %.6f, "
                "\"gflops\": %.3f, \"sgemm_peak_gflops\": %.3f, \"peak_fraction\": %.4f, "
                "\"extra_bytes\": %zu, \"block_q_used\": %d, \"block_k_used\": %d, "
                "\"inner\": \"%s\", \"kv\": \"%s\"}\n",
                ab_attn_algo_name (algo), opt_n, nkv, opt_d, opt_heads,
                opt_causal ? "true" : "false", opt_window, threads, opt_block_q, opt_block_k,
                opt_devices, opt_repeat, best, total / opt_repeat, gflops, peak,
                gflops / peak, extra, stats.block_q, stats.block_k,
                stats.inner ? stats.inner : "none", bf16 ? "bf16" : "fp32");
      else
        printf ("%s%s%s n=%d n_kv=%d d=%d heads=%d%s threads=%d: %.4f s (best of %d), "
                "%.1f GFLOP/s%s, %.1f%% of sgemm peak %.1f GFLOP/s, extra memory %zu bytes (%.2f MiB)\n",
                opt_backward ? "backward after " : "", ab_attn_algo_name (algo),
                bf16 ? " (BF16 K/V)" : "", opt_n, nkv,
                opt_d, opt_heads, opt_causal ? " causal" : "",
                opt_backward ? bstats.threads_used : threads, best, opt_repeat, gflops,
                opt_backward ? " (FLOPs = 2.5 x forward, FA2 convention)" : "",
                100.0 * gflops / peak, peak, extra, extra / (1024.0 * 1024.0));
    }
  g_free (q); g_free (k); g_free (v); g_free (o); g_free (lse);
  g_free (g); g_free (dq); g_free (dk); g_free (dv);
  g_free (k16); g_free (v16);
  return rc;
}

/* ---- example ---- */

static int
cmd_example (void)
{
  AbOnlineSoftmaxExample ex;
  ab_online_softmax_worked_example (&ex);
  printf ("scores: tile 1 = [1, 3, 2, 0], tile 2 = [4, 1, 0, 2]\n");
  for (int t = 0; t < AB_EXAMPLE_TILES; t++)
    printf ("after tile %d: tile max %.0f, rescale %.6f, m = %.0f, l = %.6f, "
            "o = (%.6f, %.6f), o/l = (%.6f, %.6f)\n", t + 1, ex.after[t].tile_max,
            ex.after[t].rescale, ex.after[t].m, ex.after[t].l, ex.after[t].o[0],
            ex.after[t].o[1], ex.after[t].o_normalised[0], ex.after[t].o_normalised[1]);
  printf ("two-pass softmax: m = %.0f, l = %.6f, o = (%.6f, %.6f), logsumexp = %.6f\n",
          ex.m_exact, ex.l_exact, ex.o_exact[0], ex.o_exact[1], ex.lse);
  return 0;
}

/* ---- trace ---- */

static char *opt_rows;

/* JSON has no infinities: −inf (a row that has seen no key) is "-inf". */
static void
print_float (float x)
{
  if (isinf (x))
    printf ("%s", x < 0 ? "\"-inf\"" : "\"inf\"");
  else
    printf ("%.7g", (double) x);
}

static void
print_floats (const float *x, int n)
{
  putchar ('[');
  for (int i = 0; i < n; i++)
    {
      printf ("%s", i ? ", " : "");
      print_float (x[i]);
    }
  putchar (']');
}

static void
print_step (const AbFlashStep *st, void *data)
{
  printf ("{\"step\": %d, \"kind\": \"%s\", \"order\": \"%s\", \"head\": %d, "
          "\"q_tile\": %d, \"kv_tile\": %d, \"q_row0\": %d, \"q_rows\": %d, "
          "\"kv_row0\": %d, \"kv_rows\": %d, \"partial_mask\": %s, "
          "\"hbm_read_bytes\": %llu, \"hbm_write_bytes\": %llu, "
          "\"sram_bytes\": %zu, \"sram_peak_bytes\": %zu, \"rows\": [",
          st->step, st->kind == AB_FLASH_STEP_TILE ? "tile" : "finalize",
          st->order == AB_FLASH_FA1 ? "fa1" : "fa2", st->head, st->q_tile, st->kv_tile,
          st->q_row0, st->q_rows, st->kv_row0, st->kv_rows, st->partial_mask ? "true" : "false",
          (unsigned long long) st->hbm_read_bytes, (unsigned long long) st->hbm_write_bytes,
          st->sram_bytes, st->sram_peak_bytes);
  for (int r = 0; r < st->n_rows; r++)
    {
      printf ("%s{\"row\": %d, \"m\": ", r ? ", " : "", st->rows[r]);
      print_float (st->m[r]);
      printf (", \"l\": %.7g, \"o\": ", (double) st->l[r]);
      print_floats (st->o + (size_t) r * st->d, st->d);
      putchar ('}');
    }
  printf ("]}\n");
}

static void
print_ring (const AbRingStep *steps, int n, void *data)
{
  for (int p = 0; p < n; p++)
    printf ("{\"step\": %d, \"worker\": %d, \"q_shard\": %d, \"kv_shard\": %d, "
            "\"kv_row0\": %d, \"kv_rows\": %d, \"skipped\": %s, \"compute_s\": %.6f, "
            "\"comm_s\": %.6f, \"bytes_sent\": %llu}\n",
            steps[p].step, steps[p].worker, steps[p].q_shard, steps[p].kv_shard,
            steps[p].kv_row0, steps[p].kv_rows, steps[p].skipped ? "true" : "false",
            steps[p].compute_s, steps[p].comm_s, (unsigned long long) steps[p].bytes_sent);
}

static int
cmd_trace (int argc, char **argv)
{
  static GOptionEntry entries[] = {
    { "n", 0, 0, G_OPTION_ARG_INT, &opt_n, "Query rows", "N" },
    { "n-kv", 0, 0, G_OPTION_ARG_INT, &opt_n_kv, "Key rows (default N)", "M" },
    { "d", 0, 0, G_OPTION_ARG_INT, &opt_d, "Head dimension", "D" },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &opt_rows, "Query rows to report, e.g. 0,5", "LIST" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Random seed", "SEED" },
    { NULL }
  };
  int rc = parse (&argc, &argv, "trace", entries);
  if (rc)
    return rc;
  AbAttnAlgo algo;
  AbAttnOptions opts;
  if ((rc = common_options (&algo, &opts)))
    return rc;
  if (algo == AB_ATTN_NAIVE)
    return usage_die ("naive attention has no tiles to trace (use flash1, flash2 or ring)");
  if (opt_n <= 0 || opt_d <= 0 || opt_n_kv < 0)
    return usage_die ("--n and --d must be positive");
  int nkv = opt_n_kv > 0 ? opt_n_kv : opt_n;
  if ((long) opt_n * opt_d > (1L << 24) || (long) nkv * opt_d > (1L << 24))
    return usage_die ("trace is for small problems (N·d ≤ 2^24)");

  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));
  if (opt_rows)
    {
      g_auto (GStrv) parts = g_strsplit (opt_rows, ",", -1);
      for (int i = 0; parts[i]; i++)
        {
          char *end;
          long r = strtol (parts[i], &end, 10);
          if (end == parts[i] || *end || r < 0 || r >= opt_n)
            return usage_die ("bad --rows entry '%s' (0..%d)", parts[i], opt_n - 1);
          int ri = (int) r;
          g_array_append_val (rows, ri);
        }
    }

  AbAttnShape shape = { .n_q = opt_n, .n_kv = nkv, .d = opt_d,
                        .causal = opt_causal, .window = opt_window };
  size_t nq = (size_t) opt_n * opt_d, nk = (size_t) nkv * opt_d;
  float *q = g_new (float, nq), *k = g_new (float, nk), *v = g_new (float, nk);
  float *o = g_new (float, nq), *lse = g_new (float, opt_n);
  AbRng rng;
  ab_rng_init (&rng, (uint64_t) opt_seed);
  ab_rng_fill_normal (&rng, q, (int) nq, 1.0);
  ab_rng_fill_normal (&rng, k, (int) nk, 1.0);
  ab_rng_fill_normal (&rng, v, (int) nk, 1.0);

  opts.trace = print_step;
  opts.trace_rows = (const int *) (void *) rows->data;
  opts.n_trace_rows = (int) rows->len;
  opts.ring_trace = print_ring;
  AbAttnError err;
  AbAttnStatus st = ab_attention_run (algo, &shape, 1, q, k, v, o, lse, &opts, NULL, &err);
  if (st != AB_ATTN_OK)
    {
      die ("%s: %s", ab_attn_algo_name (algo), err.message);
      rc = status_exit (st);
    }
  g_free (q); g_free (k); g_free (v); g_free (o); g_free (lse);
  return rc;
}

/* ---- sgemm-peak ---- */

static int
cmd_sgemm_peak (int argc, char **argv)
{
  static GOptionEntry entries[] = {
    { "n", 0, 0, G_OPTION_ARG_INT, &opt_n, "Matrix size (default 2048)", "N" },
    { NULL }
  };
  int rc = parse (&argc, &argv, "sgemm-peak", entries);
  if (rc)
    return rc;
  if (opt_threads < 0 || opt_n < 0)
    return usage_die ("--threads and --n must be >= 0");
  int threads = opt_threads > 0 ? opt_threads : ab_attention_default_threads ();
  printf ("%.3f\n", ab_sgemm_peak_gflops (threads, opt_n));
  return 0;
}

static void
usage (FILE *fp)
{
  fprintf (fp,
           "Usage: " PROG " COMMAND [OPTIONS]\n"
           "  run      attention on .npy inputs (--algo, --q, --k, --v, --out, ...;\n"
           "           --backward --dout DO.npy for dQ, dK, dV)\n"
           "  bench    time an algorithm on random inputs (--algo, --n, --d, --heads, ...;\n"
           "           --backward times the FlashAttention backward)\n"
           "  trace    print the tile steps (flash1/flash2) or ring steps as JSON lines\n"
           "  sgemm-peak  GFLOP/s of a square sgemm (--threads, --n)\n"
           "  example  print the online-softmax worked example\n"
           "Run '" PROG " COMMAND --help' for the options of a command.\n"
           EXIT_STATUS_TEXT);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  const char *cmd = argv[1];
  /* shift the command away so GOption sees "prog --opts" */
  argv[1] = argv[0];
  if (strcmp (cmd, "run") == 0)
    return cmd_run (argc - 1, argv + 1);
  if (strcmp (cmd, "bench") == 0)
    return cmd_bench (argc - 1, argv + 1);
  if (strcmp (cmd, "trace") == 0)
    return cmd_trace (argc - 1, argv + 1);
  if (strcmp (cmd, "sgemm-peak") == 0)
    return cmd_sgemm_peak (argc - 1, argv + 1);
  if (strcmp (cmd, "example") == 0)
    {
      if (argc > 2)
        return usage_die ("example takes no arguments (got '%s')", argv[2]);
      return cmd_example ();
    }
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0)
    {
      usage (stdout);
      return 0;
    }
  return usage_die ("unknown command '%s' (run '" PROG " --help')", cmd);
}

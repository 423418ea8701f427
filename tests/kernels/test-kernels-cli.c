/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kernels-cli.c — attn-kernels on good and bad .npy inputs: results, one-line
 * errors, non-zero exits, and no output file left behind on failure.
 * argv[1] is the path of the built attn-kernels (passed by meson). */
#include "kernels-test-util.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "npy.h"

static const char *exe;
static char *dir;

static char *
path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
write_npy (const char *name, int ndim, const long *shape, guint64 seed)
{
  size_t n = 1;
  for (int i = 0; i < ndim; i++)
    n *= (size_t) shape[i];
  AbRng rng;
  ab_rng_init (&rng, seed);
  float *x = random_floats (&rng, n ? n : 1, 1);
  g_autofree char *p = path (name);
  char err[256];
  if (ab_npy_write (p, x, ndim, shape, err, sizeof err) != 0)
    g_error ("%s", err);
  g_free (x);
}

/* A raw file: header dict as given, then `data_bytes` bytes of zeros. */
static void
write_raw (const char *name, const char *dict, size_t data_bytes)
{
  GString *s = g_string_new (NULL);
  g_string_append_len (s, "\x93NUMPY\x01\x00", 8);
  size_t len = strlen (dict) + 1;
  guint8 lenb[2] = { len & 0xff, len >> 8 };
  g_string_append_len (s, (char *) lenb, 2);
  g_string_append (s, dict);
  g_string_append_c (s, '\n');
  for (size_t i = 0; i < data_bytes; i++)
    g_string_append_c (s, '\0');
  g_autofree char *p = path (name);
  g_assert_true (g_file_set_contents (p, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
}

/* Runs attn-kernels with args (NULL-terminated); returns the exit status. */
static int
run (char **err_out, ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (exe));
  va_list ap;
  va_start (ap, err_out);
  for (const char *a; (a = va_arg (ap, const char *));)
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  int status;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, err_out, &status, &error))
    g_error ("spawn: %s", error->message);
  g_ptr_array_unref (argv);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
}

/* Only the given files are in the directory (no output, no temp files). */
static void
assert_dir_holds (const char *const *names)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  for (const char *n; (n = g_dir_read_name (d));)
    if (!g_strv_contains (names, n))
      g_error ("unexpected file %s left in %s", n, dir);
  g_dir_close (d);
}

static void
setup_inputs (void)
{
  long q[2] = { 40, 16 }, kv[2] = { 56, 16 }, q3[3] = { 2, 40, 16 }, kv3[3] = { 2, 56, 16 };
  write_npy ("q.npy", 2, q, 1);
  write_npy ("k.npy", 2, kv, 2);
  write_npy ("v.npy", 2, kv, 3);
  write_npy ("q3.npy", 3, q3, 4);
  write_npy ("k3.npy", 3, kv3, 5);
  write_npy ("v3.npy", 3, kv3, 6);
}

static const char *const inputs[] = { "q.npy", "k.npy", "v.npy", "q3.npy", "k3.npy", "v3.npy", NULL };

static void
test_run_ok (void)
{
  static const char *algos[] = { "naive", "flash1", "flash2", "ring" };
  for (int three = 0; three <= 1; three++)
    for (size_t a = 0; a < G_N_ELEMENTS (algos); a++)
      {
        g_autofree char *err = NULL;
        int rc = run (&err, "run", "--algo", algos[a], "--q", three ? "q3.npy" : "q.npy",
                      "--k", three ? "k3.npy" : "k.npy", "--v", three ? "v3.npy" : "v.npy",
                      "--causal", "--block-q", "16", "--block-k", "16", "--devices", "3",
                      "--threads", "2", "--out", "o.npy", "--lse", "lse.npy", NULL);
        g_assert_cmpstr (err, ==, "");
        g_assert_cmpint (rc, ==, 0);

        g_autofree char *qp = path (three ? "q3.npy" : "q.npy"), *kp = path (three ? "k3.npy" : "k.npy");
        g_autofree char *vp = path (three ? "v3.npy" : "v.npy");
        g_autofree char *op = path ("o.npy"), *lp = path ("lse.npy");
        AbNpyArray q, k, v, o, l;
        char emsg[256];
        g_assert_cmpint (ab_npy_read (qp, &q, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (ab_npy_read (kp, &k, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (ab_npy_read (vp, &v, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (ab_npy_read (op, &o, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (ab_npy_read (lp, &l, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (o.ndim, ==, q.ndim);
        for (int i = 0; i < q.ndim; i++)
          g_assert_cmpint (o.shape[i], ==, q.shape[i]);
        g_assert_cmpint (l.ndim, ==, q.ndim - 1);

        int H = three ? 2 : 1;
        AbAttnShape s = { .n_q = 40, .n_kv = 56, .d = 16, .causal = 1 };
        double *oref = g_new (double, o.count), *lref = g_new (double, l.count);
        ref_attention (&s, H, q.data, k.data, v.data, oref, lref);
        check_close ("cli O", o.data, oref, o.count, 1e-5, 1e-4);
        check_close ("cli lse", l.data, lref, l.count, 1e-5, 1e-5);
        g_free (oref);
        g_free (lref);
        ab_npy_clear (&q);
        ab_npy_clear (&k);
        ab_npy_clear (&v);
        ab_npy_clear (&o);
        ab_npy_clear (&l);
        g_unlink (op);
        g_unlink (lp);
      }
  assert_dir_holds (inputs);
}

typedef struct
{
  const char *name;
  const char *q;          /* file given as --q */
  const char *expect;     /* substring of the message */
  const char *extra;      /* one extra option, or NULL */
  const char *extra_val;
} BadCase;

static void
test_bad_inputs (void)
{
  long z[2] = { 0, 16 }, d8[2] = { 40, 8 }, one[1] = { 40 };
  write_raw ("f8.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (40, 16), }", 40 * 16 * 8);
  write_raw ("fortran.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (40, 16), }", 40 * 16 * 4);
  write_raw ("trunc.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (40, 16), }", 100);
  write_raw ("long.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (40, 16), }", 40 * 16 * 4 + 8);
  g_autofree char *txt = path ("text.npy");
  g_assert_true (g_file_set_contents (txt, "q,k,v\n1,2,3\n", -1, NULL));
  write_npy ("zero.npy", 2, z, 7);
  write_npy ("d8.npy", 2, d8, 8);
  write_npy ("vec.npy", 1, one, 9);
  static const char *const all[] = { "q.npy", "k.npy", "v.npy", "q3.npy", "k3.npy", "v3.npy",
                                     "f8.npy", "fortran.npy", "trunc.npy", "long.npy", "text.npy",
                                     "zero.npy", "d8.npy", "vec.npy", NULL };

  static const BadCase bad[] = {
    { "dtype", "f8.npy", "dtype is '<f8', expected float32", NULL, NULL },
    { "order", "fortran.npy", "Fortran order", NULL, NULL },
    { "truncated", "trunc.npy", "truncated", NULL, NULL },
    { "trailing", "long.npy", "size mismatch", NULL, NULL },
    { "not-npy", "text.npy", "not a .npy file", NULL, NULL },
    { "missing", "nope.npy", "cannot open", NULL, NULL },
    { "zero", "zero.npy", "zero-size", NULL, NULL },
    { "mismatched-d", "d8.npy", "mismatched d", NULL, NULL },
    { "1-d", "vec.npy", "expected shape [N, d] or [H, N, d]", NULL, NULL },
    { "layouts", "q3.npy", "must all be", NULL, NULL },
    { "budget", "q.npy", "needs 8960 bytes", "--mem-budget", "1K" },
    { "algo", "q.npy", "unknown --algo", NULL, NULL },
    { "window", "q.npy", "must be", "--window", "-3" },
    { "ring-devices", "q.npy", "ring of 64 devices", "--devices", "64" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const BadCase *b = &bad[i];
      const char *algo = strcmp (b->name, "algo") == 0 ? "fancy"
                         : strcmp (b->name, "ring-devices") == 0 ? "ring" : "naive";
      g_autofree char *err = NULL;
      int rc = b->extra
        ? run (&err, "run", "--algo", algo, "--q", b->q, "--k", "k.npy", "--v", "v.npy",
               "--out", "o.npy", "--lse", "lse.npy", b->extra, b->extra_val, NULL)
        : run (&err, "run", "--algo", algo, "--q", b->q, "--k", "k.npy", "--v", "v.npy",
               "--out", "o.npy", "--lse", "lse.npy", NULL);
      g_test_message ("%s: rc %d: %s", b->name, rc, err);
      /* exit status: 1 runtime failure (the budget), 2 usage / bad input */
      g_assert_cmpint (rc, ==, strcmp (b->name, "budget") == 0 ? 1 : 2);
      /* exactly one line, naming the problem */
      g_assert_true (g_str_has_prefix (err, "attn-kernels: error: "));
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
      if (!strstr (err, b->expect))
        g_error ("%s: message '%s' lacks '%s'", b->name, err, b->expect);
      assert_dir_holds (all);
    }

  /* bench refuses naive beyond the budget before allocating anything */
  g_autofree char *err = NULL;
  int rc = run (&err, "bench", "--algo", "naive", "--n", "65536", "--d", "64", "--heads", "1",
                "--repeat", "1", "--mem-budget", "1G", "--sgemm-peak", "1", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (err, "17179869184 bytes"));
}

static void
test_bench_json (void)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { exe, "bench", "--algo", "flash2", "--n", "256", "--d", "64",
                         "--heads", "2", "--causal", "--threads", "1", "--repeat", "1",
                         "--json", "--sgemm-peak", "100", NULL };
  int status;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  static const char *keys[] = { "\"algo\": \"flash2\"", "\"n\": 256", "\"n_kv\": 256", "\"d\": 64",
                                "\"heads\": 2", "\"causal\": true", "\"threads\": 1", "\"time_s\"",
                                "\"gflops\"", "\"sgemm_peak_gflops\": 100.000", "\"peak_fraction\"",
                                "\"extra_bytes\"" };
  for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!strstr (out, keys[i]))
      g_error ("bench --json output lacks %s: %s", keys[i], out);
  g_assert_true (out[0] == '{' && g_str_has_suffix (out, "}\n"));
  g_assert_nonnull (strstr (out, "\"kv\": \"fp32\""));
}

/* bench --kv bf16: the BF16 K/V forward, named in the JSON */
static void
test_bench_bf16 (void)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { exe, "bench", "--algo", "flash2", "--kv", "bf16", "--n", "200", "--d", "64",
                         "--threads", "2", "--repeat", "1", "--json", "--sgemm-peak", "100", NULL };
  int status;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_nonnull (strstr (out, "\"kv\": \"bf16\""));
  g_assert_nonnull (strstr (out, "\"algo\": \"flash2\""));
}

/* trace: one JSON object per tile step (FA2: 2 × 2 tiles + 2 finalize steps) */
static void
test_trace (void)
{
  g_autofree char *err = NULL, *out = NULL;
  const char *argv[] = { exe, "trace", "--algo", "flash2", "--n", "8", "--d", "2",
                         "--block-q", "4", "--block-k", "4", "--rows", "1,6", NULL };
  int status;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);   /* 6 lines + the empty tail */
  g_assert_true (g_str_has_prefix (lines[0], "{\"step\": 0, \"kind\": \"tile\", \"order\": \"fa2\""));
  g_assert_nonnull (strstr (lines[5], "\"kind\": \"finalize\""));
  g_assert_nonnull (strstr (lines[0], "\"rows\": [{\"row\": 1, \"m\": "));
}

/* ---- output safety, aliases, --mem-budget, exit codes ---- */

/* Only the inputs, the files test_bad_inputs wrote, and extra are in the
 * directory (in particular no outputs and no temporary files). */
static void
assert_dir_holds_plus (const char *const *extra)
{
  static const char *const base[] = { "q.npy", "k.npy", "v.npy", "q3.npy", "k3.npy", "v3.npy",
                                      "f8.npy", "fortran.npy", "trunc.npy", "long.npy", "text.npy",
                                      "zero.npy", "d8.npy", "vec.npy", NULL };
  GDir *d = g_dir_open (dir, 0, NULL);
  for (const char *n; (n = g_dir_read_name (d));)
    if (!g_strv_contains (base, n) && !(extra && g_strv_contains (extra, n)))
      g_error ("unexpected file %s left in %s", n, dir);
  g_dir_close (d);
}

static char *
read_file (const char *name)
{
  g_autofree char *p = path (name);
  char *data = NULL;
  if (!g_file_get_contents (p, &data, NULL, NULL))
    return NULL;
  return data;
}

/* exactly one "attn-kernels: error: …" line containing expect */
static void
assert_one_line (const char *what, const char *err, const char *expect)
{
  if (!g_str_has_prefix (err, "attn-kernels: error: ") || !g_str_has_suffix (err, "\n")
      || strchr (err, '\n') != err + strlen (err) - 1)
    g_error ("%s: not one error line: '%s'", what, err);
  if (expect && !strstr (err, expect))
    g_error ("%s: message '%s' lacks '%s'", what, err, expect);
}

/* Old o.npy and lse.npy (distinct seeds, so we can tell them apart). */
static void
write_old_outputs (void)
{
  long os[2] = { 3, 16 }, ls[1] = { 3 };
  write_npy ("o.npy", 2, os, 100);
  write_npy ("lse.npy", 1, ls, 101);
}

/* A bad --lse (or --out) is refused before anything is computed or
 * replaced: the previous o.npy and lse.npy survive byte for byte. */
static void
test_outputs_kept (void)
{
  g_autofree char *adir = path ("adir");
  g_assert_cmpint (g_mkdir (adir, 0755), ==, 0);
  struct { const char *out, *lse, *expect; } bad[] = {
    { "o.npy", "adir", "is a directory" },
    { "o.npy", "", "empty file name" },
    { "o.npy", "adir/", "is a directory" },
    { "o.npy", "missing-dir/lse.npy", "cannot create files in" },
    { "adir", "lse.npy", "is a directory" },
    { "", "lse.npy", "empty file name" },
    { "missing-dir/o.npy", "lse.npy", "cannot create files in" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    for (int a = 0; a < 2; a++)
      {
        const char *algo = a ? "flash2" : "naive";
        write_old_outputs ();
        g_autofree char *o_old = read_file ("o.npy"), *l_old = read_file ("lse.npy");
        g_autofree char *err = NULL;
        int rc = run (&err, "run", "--algo", algo, "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                      "--out", bad[i].out, "--lse", bad[i].lse, NULL);
        g_test_message ("out '%s' lse '%s': rc %d: %s", bad[i].out, bad[i].lse, rc, err);
        g_assert_cmpint (rc, ==, 2);
        assert_one_line ("bad output", err, bad[i].expect);
        g_autofree char *o_new = read_file ("o.npy"), *l_new = read_file ("lse.npy");
        g_assert_nonnull (o_new);
        g_assert_nonnull (l_new);
        g_assert_true (memcmp (o_old, o_new, 10 + 64) == 0 && strlen (o_old) == strlen (o_new));
        g_assert_cmpstr (l_old, ==, l_new);
        g_autofree char *on = path ("o.npy");
        AbNpyArray arr;
        char emsg[256];
        g_assert_cmpint (ab_npy_read (on, &arr, emsg, sizeof emsg), ==, 0);
        g_assert_cmpint (arr.shape[0], ==, 3);   /* still the old array, not a 40-row result */
        ab_npy_clear (&arr);
        static const char *const left[] = { "o.npy", "lse.npy", "adir", NULL };
        assert_dir_holds_plus (left);
      }
  g_assert_cmpint (g_rmdir (adir), ==, 0);

  /* and a good run replaces both */
  g_autofree char *err = NULL;
  int rc = run (&err, "run", "--algo", "flash2", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                "--out", "o.npy", "--lse", "lse.npy", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_autofree char *on = path ("o.npy"), *ln = path ("lse.npy");
  AbNpyArray arr;
  char emsg[256];
  g_assert_cmpint (ab_npy_read (on, &arr, emsg, sizeof emsg), ==, 0);
  g_assert_cmpint (arr.shape[0], ==, 40);
  ab_npy_clear (&arr);
  g_assert_cmpint (ab_npy_read (ln, &arr, emsg, sizeof emsg), ==, 0);
  g_assert_cmpint (arr.shape[0], ==, 40);
  ab_npy_clear (&arr);
  g_unlink (on);
  g_unlink (ln);
  assert_dir_holds_plus (NULL);
}

/* Outputs that are the same file as each other or as an input are refused,
 * however the path is spelled (./, dir/.., a hard link). */
static void
test_aliases (void)
{
  g_autofree char *sub = path ("sub"), *qp = path ("q.npy"), *ql = path ("qlink.npy");
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (link (qp, ql), ==, 0);
  g_autofree char *q_old = read_file ("q.npy"), *k_old = read_file ("k.npy");
  struct { const char *out, *lse; } bad[] = {
    { "o.npy", "o.npy" },
    { "o.npy", "./o.npy" },
    { "sub/../o.npy", "o.npy" },
    { "q.npy", NULL },
    { "o.npy", "k.npy" },
    { "./v.npy", "lse.npy" },
    { "qlink.npy", NULL },
    { "o.npy", "sub/../q.npy" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      int rc = bad[i].lse
        ? run (&err, "run", "--algo", "flash1", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
               "--out", bad[i].out, "--lse", bad[i].lse, NULL)
        : run (&err, "run", "--algo", "flash1", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
               "--out", bad[i].out, NULL);
      g_test_message ("out '%s' lse '%s': rc %d: %s", bad[i].out, bad[i].lse, rc, err);
      g_assert_cmpint (rc, ==, 2);
      assert_one_line ("alias", err, "same file");
      g_autofree char *q_new = read_file ("q.npy"), *k_new = read_file ("k.npy");
      g_assert_true (memcmp (q_old, q_new, 200) == 0 && memcmp (k_old, k_new, 200) == 0);
      static const char *const left[] = { "qlink.npy", "sub", NULL };
      assert_dir_holds_plus (left);
    }
  g_unlink (ql);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
}

/* --mem-budget: only a finite number of bytes in [1, 2^64) */
static void
test_mem_budget (void)
{
  static const char *bad[] = { "inf", "nan", "-inf", "infinity", "-1", "-0.5K", "1e400",
                               "0", "0.1", "1e30G", "18446744073709551616", "12Q", "" };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      int rc = run (&err, "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                    "--out", "o.npy", "--mem-budget", bad[i], NULL);
      g_test_message ("--mem-budget '%s': rc %d: %s", bad[i], rc, err);
      g_assert_cmpint (rc, ==, 2);
      assert_one_line (bad[i], err, "--mem-budget");
      assert_dir_holds_plus (NULL);
      g_free (err);
      err = NULL;
      rc = run (&err, "bench", "--algo", "naive", "--n", "64", "--d", "8", "--repeat", "1",
                "--sgemm-peak", "1", "--mem-budget", bad[i], NULL);
      g_assert_cmpint (rc, ==, 2);
      assert_one_line (bad[i], err, "--mem-budget");
    }
  /* in range: 8960 bytes are needed */
  g_autofree char *err = NULL;
  g_assert_cmpint (run (&err, "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                        "--out", "o.npy", "--mem-budget", "8959", NULL), ==, 1);
  assert_one_line ("8959", err, "needs 8960 bytes");
  g_free (err);
  err = NULL;
  g_assert_cmpint (run (&err, "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                        "--out", "o.npy", "--mem-budget", "8.75KiB", NULL), ==, 0);
  g_autofree char *op = path ("o.npy");
  g_unlink (op);
  assert_dir_holds_plus (NULL);
}

/* 0 ok, 1 runtime failure, 2 usage / bad input */
static void
test_exit_codes (void)
{
  float nanv[56 * 16];
  g_autofree char *kp = path ("k.npy");
  AbNpyArray k;
  char emsg[256];
  g_assert_cmpint (ab_npy_read (kp, &k, emsg, sizeof emsg), ==, 0);
  memcpy (nanv, k.data, sizeof nanv);
  ab_npy_clear (&k);
  nanv[21] = NAN;
  long kv[2] = { 56, 16 };
  g_autofree char *kn = path ("knan.npy");
  g_assert_cmpint (ab_npy_write (kn, nanv, 2, kv, emsg, sizeof emsg), ==, 0);

  struct { int rc; const char *expect; const char *args[16]; } cases[] = {
    { 2, "--out O.npy is required", { "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy" } },
    { 2, "unknown --algo", { "run", "--algo", "fancy", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy" } },
    { 2, "--algo is required", { "run", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy" } },
    { 2, "--scale", { "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy", "--scale", "-1" } },
    { 2, "--q FILE.npy is required", { "run", "--algo", "naive", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy" } },
    { 2, "Unknown option", { "run", "--algo", "naive", "--bogus" } },
    { 2, "unexpected argument", { "run", "--algo", "naive", "extra" } },
    { 2, "K[21] is nan", { "run", "--algo", "flash2", "--q", "q.npy", "--k", "knan.npy", "--v", "v.npy", "--out", "o.npy" } },
    { 2, "K[21] is nan", { "run", "--algo", "ring", "--devices", "2", "--q", "q.npy", "--k", "knan.npy", "--v", "v.npy", "--out", "o.npy" } },
    { 2, "must be positive", { "bench", "--algo", "flash2", "--n", "0", "--d", "8" } },
    { 2, "--kv must be fp32 or bf16", { "bench", "--algo", "flash2", "--n", "8", "--d", "8", "--kv", "fp16" } },
    { 2, "--kv bf16 needs --algo flash2", { "bench", "--algo", "naive", "--n", "8", "--d", "8", "--kv", "bf16" } },
    { 2, "no tiles", { "trace", "--algo", "naive", "--n", "8", "--d", "2" } },
    { 2, "must be >= 0", { "sgemm-peak", "--n", "-5" } },
    { 2, "unknown command", { "frobnicate" } },
    { 2, "example takes no arguments", { "example", "--bogus" } },
    /* finite as a double, infinite as the kernels' float */
    { 2, "too large for single precision", { "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy", "--scale", "3.5e38" } },
    { 2, "is a symbolic link", { "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "olink.npy" } },
    { 1, "needs 8960 bytes", { "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy", "--out", "o.npy", "--mem-budget", "1K" } },
  };
  /* a link where an output goes is refused, not replaced by a plain file */
  g_autofree char *olink = path ("olink.npy");
  g_assert_cmpint (symlink ("o-elsewhere.npy", olink), ==, 0);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char **a = cases[i].args;
      g_autofree char *err = NULL;
      int rc = run (&err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10],
                    a[11], a[12], a[13], a[14], a[15], NULL);
      g_test_message ("case %zu (%s): rc %d: %s", i, cases[i].expect, rc, err);
      g_assert_cmpint (rc, ==, cases[i].rc);
      assert_one_line (cases[i].expect, err, cases[i].expect);
    }
  g_unlink (kn);
  g_unlink (olink);
  assert_dir_holds_plus (NULL);

  /* new outputs get 0666 less the umask, like any program's files */
  {
    g_autofree char *err = NULL, *op = path ("o.npy");
    GStatBuf st;
    mode_t old = umask (077);
    g_assert_cmpint (run (&err, "run", "--algo", "naive", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                          "--out", "o.npy", NULL), ==, 0);
    umask (old);
    g_assert_cmpint (g_stat (op, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_unlink (op);
  }

  /* no command: usage on stderr, 2; --help: 0, and the text documents the codes */
  g_autofree char *err = NULL;
  g_assert_cmpint (run (&err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Exit status: 0 success, 1 runtime failure"));
  const char *cmds[] = { "run", "bench", "trace", "sgemm-peak" };
  for (size_t i = 0; i < G_N_ELEMENTS (cmds); i++)
    {
      g_autofree char *out = NULL, *e2 = NULL;
      const char *argv[] = { exe, cmds[i], "--help", NULL };
      int status;
      g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &e2, &status, NULL));
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      if (!strstr (out, "2 usage error or bad input"))
        g_error ("%s --help does not document the exit status: %s", cmds[i], out);
    }
}

/* ---- --backward ---- */

static float *
read_npy_data (const char *name, size_t *count)
{
  g_autofree char *p = path (name);
  AbNpyArray a;
  char emsg[256];
  if (ab_npy_read (p, &a, emsg, sizeof emsg) != 0)
    g_error ("%s", emsg);
  *count = a.count;
  return a.data;
}

/* run --backward writes dQ, dK, dV equal to the library's own forward +
 * backward with the same options, within fp32 of the double reference,
 * and prints the IO counters and the --check line. */
static void
test_backward_run (void)
{
  long g2[2] = { 40, 16 }, g3[3] = { 2, 40, 16 };
  write_npy ("do.npy", 2, g2, 21);
  write_npy ("do3.npy", 3, g3, 22);
  for (int three = 0; three <= 1; three++)
    {
      const char *qn = three ? "q3.npy" : "q.npy", *kn = three ? "k3.npy" : "k.npy";
      const char *vn = three ? "v3.npy" : "v.npy", *gn = three ? "do3.npy" : "do.npy";
      g_autofree char *out = NULL, *err = NULL;
      const char *argv[] = { exe, "run", "--algo", "flash2", "--q", qn, "--k", kn, "--v", vn,
                             "--out", "o.npy", "--backward", "--dout", gn, "--dq", "dq.npy",
                             "--dk", "dk.npy", "--dv", "dv.npy", "--check", "--causal",
                             "--block-q", "16", "--block-k", "16", "--threads", "2", NULL };
      int status;
      g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, NULL));
      g_assert_cmpstr (err, ==, "");
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      g_test_message ("%s", out);
      g_assert_nonnull (strstr (out, "backward: "));
      g_assert_nonnull (strstr (out, "a backward reading stored P: read "));
      g_assert_nonnull (strstr (out, "check vs double-precision reference: max |dQ - ref| = "));

      size_t nq, nk, nv, ng, n1, n2, n3;
      float *q = read_npy_data (qn, &nq), *k = read_npy_data (kn, &nk);
      float *v = read_npy_data (vn, &nv), *g = read_npy_data (gn, &ng);
      float *dq = read_npy_data ("dq.npy", &n1), *dk = read_npy_data ("dk.npy", &n2);
      float *dv = read_npy_data ("dv.npy", &n3);
      int H = three ? 2 : 1;
      g_assert_cmpuint (n1, ==, nq);
      g_assert_cmpuint (n2, ==, nk);
      g_assert_cmpuint (n3, ==, nv);

      AbAttnShape s = { .n_q = 40, .n_kv = 56, .d = 16, .causal = 1 };
      AbAttnOptions opts = { .block_q = 16, .block_k = 16, .threads = 2 };
      float *o = g_new (float, nq), *lse = g_new (float, (size_t) H * 40);
      float *eq = g_new (float, nq), *ek = g_new (float, nk), *ev = g_new (float, nv);
      AbAttnError e;
      g_assert_cmpint (ab_flash_forward (&s, H, q, k, v, o, lse, &opts, NULL, &e), ==, AB_ATTN_OK);
      g_assert_cmpint (ab_flash_backward (&s, q, k, v, o, g, lse, eq, ek, ev, H, &opts, NULL, &e),
                       ==, AB_ATTN_OK);
      /* same code, same options: the same bits */
      g_assert_true (memcmp (eq, dq, nq * sizeof (float)) == 0);
      g_assert_true (memcmp (ek, dk, nk * sizeof (float)) == 0);
      g_assert_true (memcmp (ev, dv, nv * sizeof (float)) == 0);

      double *rq = g_new (double, nq), *rk = g_new (double, nk), *rv = g_new (double, nv);
      g_assert_cmpint (ab_attention_backward_reference (&s, H, q, k, v, g, rq, rk, rv, &e), ==,
                       AB_ATTN_OK);
      check_close ("cli dQ", dq, rq, nq, 2e-5, 1e-4);
      check_close ("cli dK", dk, rk, nk, 2e-5, 1e-4);
      check_close ("cli dV", dv, rv, nv, 2e-5, 1e-4);
      g_free (q); g_free (k); g_free (v); g_free (g); g_free (o); g_free (lse);
      g_free (dq); g_free (dk); g_free (dv); g_free (eq); g_free (ek); g_free (ev);
      g_free (rq); g_free (rk); g_free (rv);
      const char *const outs[] = { "o.npy", "dq.npy", "dk.npy", "dv.npy" };
      for (size_t i = 0; i < G_N_ELEMENTS (outs); i++)
        {
          g_autofree char *p = path (outs[i]);
          g_unlink (p);
        }
    }

  /* bench --backward --json: FA2's FLOP convention and the IO counters */
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { exe, "bench", "--algo", "flash2", "--backward", "--n", "96", "--d", "16",
                         "--heads", "2", "--causal", "--threads", "1", "--repeat", "1", "--json",
                         "--sgemm-peak", "100", "--block-q", "32", "--block-k", "32", NULL };
  int status;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  AbAttnShape bs = { .n_q = 96, .n_kv = 96, .d = 16, .causal = 1 };
  AbAttnBackwardStats m;
  ab_flash_backward_model (&bs, 32, 32, 1, 4, &m);
  g_autofree char *rd = g_strdup_printf ("\"hbm_read_bytes\": %" G_GUINT64_FORMAT,
                                         2 * m.hbm_read_bytes);
  g_autofree char *sp = g_strdup_printf ("\"stored_p_read_bytes\": %" G_GUINT64_FORMAT,
                                         2 * m.stored_p_read_bytes);
  const char *keys[] = { "\"pass\": \"backward\"", "\"flop_convention\": \"2.5x forward",
                         "\"causal\": true", "\"gflops\"", "\"kv_chunks\": 1", rd, sp };
  for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!strstr (out, keys[i]))
      g_error ("bench --backward --json lacks %s: %s", keys[i], out);

  /* bad flags and inputs: one error line, exit 2, no output written */
  g_autofree char *gnan = path ("donan.npy");
  {
    size_t n;
    float *g = read_npy_data ("do.npy", &n);
    g[33] = NAN;
    char emsg[256];
    g_assert_cmpint (ab_npy_write (gnan, g, 2, g2, emsg, sizeof emsg), ==, 0);
    g_free (g);
  }
  struct { const char *expect; const char *args[8]; } bad[] = {
    { "--dout DO.npy is required with --backward", { "--backward" } },
    { "need --backward", { "--dq", "dq.npy" } },
    { "same file", { "--backward", "--dout", "do.npy", "--dq", "q.npy" } },
    { "same file", { "--backward", "--dout", "do.npy", "--dk", "do.npy" } },
    { "dO must have the shape of Q", { "--backward", "--dout", "k.npy" } },
    { "dO[33] is nan", { "--backward", "--dout", "donan.npy", "--dq", "dq.npy" } },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char **a = bad[i].args;
      g_autofree char *e2 = NULL;
      int rc = run (&e2, "run", "--algo", "flash2", "--q", "q.npy", "--k", "k.npy", "--v", "v.npy",
                    "--out", "o.npy", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      g_test_message ("%s: rc %d: %s", bad[i].expect, rc, e2);
      g_assert_cmpint (rc, ==, 2);
      assert_one_line (bad[i].expect, e2, bad[i].expect);
      static const char *const left[] = { "do.npy", "do3.npy", "donan.npy", NULL };
      assert_dir_holds_plus (left);
    }
  const char *const mine[] = { "do.npy", "do3.npy", "donan.npy" };
  for (size_t i = 0; i < G_N_ELEMENTS (mine); i++)
    {
      g_autofree char *p = path (mine[i]);
      g_unlink (p);
    }
  assert_dir_holds_plus (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-attn-kernels\n", argv[0]);
      return 77;
    }
  /* we spawn from a temporary directory: make the path absolute */
  exe = g_canonicalize_filename (argv[1], NULL);
  g_autoptr (GError) error = NULL;
  dir = g_dir_make_tmp ("attn-cli-XXXXXX", &error);
  g_assert_no_error (error);
  setup_inputs ();

  g_test_add_func ("/kernels/cli/run", test_run_ok);
  g_test_add_func ("/kernels/cli/bad-inputs", test_bad_inputs);
  g_test_add_func ("/kernels/cli/bench-json", test_bench_json);
  g_test_add_func ("/kernels/cli/bench-bf16", test_bench_bf16);
  g_test_add_func ("/kernels/cli/trace", test_trace);
  g_test_add_func ("/kernels/cli/outputs-kept", test_outputs_kept);
  g_test_add_func ("/kernels/cli/aliases", test_aliases);
  g_test_add_func ("/kernels/cli/mem-budget", test_mem_budget);
  g_test_add_func ("/kernels/cli/exit-codes", test_exit_codes);
  g_test_add_func ("/kernels/cli/backward", test_backward_run);
  int rc = g_test_run ();

  GDir *d = g_dir_open (dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name (d));)
    {
      g_autofree char *p = path (n);
      g_unlink (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
  return rc;
}

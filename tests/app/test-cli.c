/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c — the headless commands, as a blog author runs them
 *
 * Runs the built attention-book binary: good exports produce the files they
 * name; every kind of bad input exits non-zero with a one-line message and
 * leaves the output folder exactly as it was.
 */
#include "cli-test-util.h"

#include <errno.h>
#include <glib.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/wait.h>

static char *binary;
static char *outdir;

static CliResult
run_full (gboolean limit, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (argv, binary);
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  /* a tiny file-size limit makes the exporter's writes fail half way */
  return cli_run_argv ((const char *const *) argv->pdata, limit ? 2048 : 0);
}

#define run(...) run_full (FALSE, __VA_ARGS__, NULL)

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static void
empty_outdir (void)
{
  g_autoptr (GDir) d = g_dir_open (outdir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (outdir, name, NULL);
      g_unlink (p);
    }
}

static void
assert_fails_cleanly (CliResult r, const char *fragment)
{
  cli_assert_one_line_error (&r, fragment);
  g_assert_cmpuint (count_files (outdir), ==, 0);
}

/* format-values: the page view's helper protocol, a line per key in
 * order, the values exactly as in-process formatting gives them. */
static void
test_format_values (void)
{
  CliResult r = run ("format-values", "seq2seq.dstate", "not-a-family.x", "seq2seq.recall.n5.pos9");
  g_auto (GStrv) lines = NULL;

  g_assert_cmpint (r.status, ==, 2);   /* a refused key, after every line */
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "ok\tseq2seq.dstate\t64");
  g_assert_true (g_str_has_prefix (lines[1], "error\tnot-a-family.x\tunknown computed value"));
  /* the shape is right, the kernel refuses it: word 9 of a 5-word sentence */
  g_assert_true (g_str_has_prefix (lines[2], "error\tseq2seq.recall.n5.pos9\t"));
  g_assert_nonnull (strstr (lines[2], "does not exist"));
  g_assert_cmpstr (lines[3], ==, "");
  cli_result_clear (&r);

  r = run ("format-values");
  cli_assert_one_line_error (&r, "format-values needs at least one KEY");
  g_assert_cmpint (r.status, ==, 2);
  cli_result_clear (&r);
}

static void
test_list_and_version (void)
{
  CliResult r = run ("list-diagrams");

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "scoring-functions"));
  g_assert_nonnull (strstr (r.out, "4 steps"));
  cli_result_clear (&r);

  r = run ("--version");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "attention-book "));
  cli_result_clear (&r);

  /* every command's help ends with the one exit-status convention */
  {
    static const char *const commands[] = { "export", "export-hugo", "export-slides", "render-math" };
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        r = run (commands[i], "--help");
        g_assert_cmpint (r.status, ==, 0);
        g_assert_nonnull (strstr (r.out, "Exit status: 0 success; 1 a failure while working"));
        cli_result_clear (&r);
      }
  }
  r = run ("export", "--help");
  g_assert_nonnull (strstr (r.out, "--all-steps"));
  cli_result_clear (&r);
  r = run ("--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "2 bad usage or input"));
  cli_result_clear (&r);
  /* bad usage is 2 for the app's own options too (GApplication would say 1) */
  r = run ("--no-such-option");
  cli_assert_one_line_error (&r, "Unknown option --no-such-option");
  g_assert_cmpint (r.status, ==, 2);
  cli_result_clear (&r);
  r = run ("frobnicate");
  cli_assert_one_line_error (&r, "unknown command “frobnicate”");
  g_assert_cmpint (r.status, ==, 2);
  cli_result_clear (&r);
}

static void
test_export_good (void)
{
  CliResult r;
  g_autofree char *one = g_build_filename (outdir, "scoring-functions-step-03.svg", NULL);

  empty_outdir ();
  r = run ("export", "--diagram", "scoring-functions", "--step", "3", "--format", "svg",
           "--param", "d_k=256", "--out", outdir);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (one, G_FILE_TEST_IS_REGULAR));
  cli_result_clear (&r);

  empty_outdir ();
  r = run ("export", "--diagram", "scoring-functions", "--all-steps", "--format", "png",
           "--width", "640", "--height", "360", "--out", outdir);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_files (outdir), ==, 4);
  g_assert_nonnull (strstr (r.err, "[4/4]"));   /* progress lines */
  cli_result_clear (&r);

  empty_outdir ();
  r = run ("export", "--diagram", "scoring-functions", "--fps", "4", "--seconds", "1.5", "--format", "svg",
           "--out", outdir);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_files (outdir), ==, 6);
  cli_result_clear (&r);
  empty_outdir ();

  /* The smallest frame draws without a GTK/Pango critical (fatal in this test's env). */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "bahdanau-alignment" : "luong-global-local";
      r = run ("export", "--diagram", name, "--width", "64", "--height", "64", "--format", "png",
               "--out", outdir);
      g_assert_cmpint (r.status, ==, 0);
      cli_result_clear (&r);
    }
  empty_outdir ();
}

static void
test_export_bad_input (void)
{
  g_autofree char *missing = g_build_filename (outdir, "no", "such", "dir", NULL);
  g_autofree char *a_file = g_build_filename (g_getenv ("AB_SOURCE_ROOT"), "meson.build", NULL);
  CliResult r;

  empty_outdir ();
#define BAD(fragment, ...)                         \
  r = run (__VA_ARGS__);                           \
  assert_fails_cleanly (r, fragment);              \
  cli_result_clear (&r)

  BAD ("unknown diagram “nope”", "export", "--diagram", "nope", "--format", "svg", "--out", outdir);
  BAD ("--step must be between 1 and 4", "export", "--diagram", "scoring-functions", "--step", "9", "--format", "svg", "--out", outdir);
  BAD ("--step must be between 1 and 4", "export", "--diagram", "scoring-functions", "--step", "0", "--format", "svg", "--out", outdir);
  BAD ("has no parameter “colour”", "export", "--diagram", "scoring-functions", "--param", "colour=red", "--format", "svg", "--out", outdir);
  BAD ("must be between 4 and 512", "export", "--diagram", "scoring-functions", "--param", "d_k=2", "--format", "svg", "--out", outdir);
  BAD ("is not a number", "export", "--diagram", "scoring-functions", "--param", "d_k=many", "--format", "svg", "--out", outdir);
  BAD ("unknown format “gif”", "export", "--diagram", "scoring-functions", "--format", "gif", "--out", outdir);
  BAD ("must be positive", "export", "--diagram", "scoring-functions", "--format", "png", "--width", "0", "--out", outdir);
  BAD ("too large", "export", "--diagram", "scoring-functions", "--format", "png", "--width", "60000", "--out", outdir);
  BAD ("too large", "export", "--diagram", "scoring-functions", "--format", "png", "--scale", "8", "--out", outdir);
  BAD ("does not exist", "export", "--diagram", "scoring-functions", "--format", "svg", "--out", missing);
  BAD ("is not a folder", "export", "--diagram", "scoring-functions", "--format", "svg", "--out", a_file);
  BAD ("--out DIR is required", "export", "--diagram", "scoring-functions", "--format", "svg");
  BAD ("--diagram NAME is required", "export", "--format", "svg", "--out", outdir);
  BAD ("only one of", "export", "--diagram", "scoring-functions", "--step", "1", "--all-steps", "--format", "svg", "--out", outdir);
  BAD ("--fps must be", "export", "--diagram", "scoring-functions", "--fps", "-3", "--seconds", "1", "--format", "svg", "--out", outdir);
  /* Zero and negative values are reported, not taken as "not given". */
  BAD ("--fps must be more than 0 and at most 120 (got 0)", "export", "--diagram", "scoring-functions", "--fps", "0", "--format", "svg", "--out", outdir);
  BAD ("72000 frames is too many for one export (at most 10000)", "export", "--diagram", "scoring-functions", "--fps", "120", "--seconds", "600", "--format", "png", "--out", outdir);
  BAD ("--seconds needs --fps F", "export", "--diagram", "scoring-functions", "--seconds", "3", "--format", "svg", "--out", outdir);
  BAD ("(got -1)", "export", "--diagram", "scoring-functions", "--step", "-1", "--format", "svg", "--out", outdir);
  BAD ("(got 8.0000001)", "export", "--diagram", "scoring-functions", "--scale", "8.0000001", "--format", "png", "--out", outdir);
  BAD ("too small (at least 64 a side)", "export", "--diagram", "bahdanau-alignment", "--width", "1", "--height", "1", "--format", "png", "--out", outdir);
  BAD ("unknown layout “tall”", "export", "--diagram", "scoring-functions", "--layout", "tall", "--format", "svg", "--out", outdir);
  /* A kernel that refuses the parameters is bad input: one line, status 2. */
  BAD ("the budget is 2 GiB", "export", "--diagram", "attention-memory", "--param", "n=32768", "--format", "svg", "--out", outdir);
  BAD ("Unknown option", "export", "--diagram", "scoring-functions", "--bogus", "--out", outdir);
  BAD ("takes no arguments", "list-diagrams", "extra");
#undef BAD
}

static void
test_failed_write_leaves_nothing (void)
{
  /* The PNG is larger than the 2 KiB limit: the write fails half way and the
   * temporary file must be gone, with no frame under its final name. */
  CliResult r;

  empty_outdir ();
  r = run_full (TRUE, "export", "--diagram", "scoring-functions", "--step", "1", "--format", "png",
                "--out", outdir, NULL);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot write"));
  /* the system's reason, as for a full disk, not cairo's "error while writing" */
  g_assert_nonnull (strstr (r.err, g_strerror (EFBIG)));
  g_assert_cmpuint (count_files (outdir), ==, 0);
  cli_result_clear (&r);
}

static void
assert_contents (const char *dir, const char *name, const char *expected)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected);
}

static void
put_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A set of frames replaces an older one only whole: a write that fails on
 * the second frame, or a link where the third goes, leaves the older frames
 * as they were (and no temporary file). */
static void
test_failed_export_keeps_old_frames (void)
{
  g_autofree char *link = g_build_filename (outdir, "scoring-functions-step-03.svg", NULL);
  CliResult r;

  empty_outdir ();
  put_file (outdir, "scoring-functions-step-01.png", "OLD1");
  put_file (outdir, "scoring-functions-step-02.png", "OLD2");
  r = run_full (TRUE, "export", "--diagram", "scoring-functions", "--all-steps", "--format", "png",
                "--out", outdir, NULL);
  g_assert_cmpint (r.status, ==, 1);
  cli_result_clear (&r);
  g_assert_cmpuint (count_files (outdir), ==, 2);
  assert_contents (outdir, "scoring-functions-step-01.png", "OLD1");
  assert_contents (outdir, "scoring-functions-step-02.png", "OLD2");

  empty_outdir ();
  put_file (outdir, "scoring-functions-step-01.svg", "OLD1");
  g_assert_cmpint (symlink ("/nonexistent-target", link), ==, 0);
  r = run ("export", "--diagram", "scoring-functions", "--all-steps", "--format", "svg", "--out", outdir);
  cli_assert_one_line_error (&r, "not a regular file");
  g_assert_cmpint (r.status, ==, 2);
  cli_result_clear (&r);
  g_assert_cmpuint (count_files (outdir), ==, 2);
  assert_contents (outdir, "scoring-functions-step-01.svg", "OLD1");
  empty_outdir ();
}

/* SIGTERM, SIGINT or SIGHUP half way through an animation: no temporary file
 * and no partial set of frames is left, an older frame stays as it was, and
 * the process ends by the signal. */
static void
test_interrupted_export_leaves_nothing (void)
{
  static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };

  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      const char *argv[] = { binary, "export", "--diagram", "bahdanau-alignment", "--fps", "30",
                             "--format", "png", "--out", outdir, NULL };
      g_autoptr (GError) error = NULL;
      gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      int status = 0;
      GPid pid;

      empty_outdir ();
      put_file (outdir, "bahdanau-alignment-frame-0001.png", "OLD");
      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      /* the old frame and two new ones, still temporary */
      while (count_files (outdir) < 3 && g_get_monotonic_time () < end)
        g_usleep (20000);
      g_assert_cmpuint (count_files (outdir), >=, 3);
      kill (pid, sigs[i]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, sigs[i]);
      g_assert_cmpuint (count_files (outdir), ==, 1);
      assert_contents (outdir, "bahdanau-alignment-frame-0001.png", "OLD");
    }
}

/* Files get 0666 less the umask; a link or device in a target's place is
 * refused, not replaced by a plain file. */
static void
test_modes_and_links (void)
{
  g_autofree char *svg = g_build_filename (outdir, "scoring-functions-step-01.svg", NULL);
  g_autofree char *math = g_build_filename (outdir, "m.svg", NULL);
  g_autofree char *victim = g_build_filename (outdir, "victim.txt", NULL);
  g_autofree char *text = NULL;
  mode_t old = umask (022);
  GStatBuf st;
  CliResult r;

  empty_outdir ();
  r = run ("export", "--diagram", "scoring-functions", "--step", "1", "--format", "svg", "--out", outdir);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_cmpint (g_stat (svg, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  r = run ("render-math", "--tex", "x^2", "--format", "svg", "--out", math);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_cmpint (g_stat (math, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* A frame exported again keeps the permissions it was given. */
  g_assert_cmpint (g_chmod (svg, 0600), ==, 0);
  r = run ("export", "--diagram", "scoring-functions", "--step", "1", "--format", "svg", "--out", outdir);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_cmpint (g_stat (svg, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A symlink where the frame goes: refused, and its target untouched. */
  g_assert_true (g_file_set_contents (victim, "keep", -1, NULL));
  g_unlink (svg);
  g_assert_cmpint (symlink (victim, svg), ==, 0);
  r = run ("export", "--diagram", "scoring-functions", "--step", "1", "--format", "svg", "--out", outdir);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "not a regular file"));
  cli_result_clear (&r);
  g_unlink (math);
  g_assert_cmpint (symlink (victim, math), ==, 0);
  r = run ("render-math", "--tex", "x^2", "--format", "svg", "--out", math);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "not a regular file"));
  cli_result_clear (&r);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (victim, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "keep");
  umask (old);
  empty_outdir ();
}

/* `check DIR`: the content test's rules on a folder; problems exit 1 with
 * "file:line: message" lines, usage errors 2. */
static void
test_check_content (void)
{
  g_autofree char *book = g_build_filename (g_getenv ("AB_SOURCE_ROOT"), "data", "book", NULL);
  g_autofree char *part = g_build_filename (outdir, "part-1-draft", NULL);
  g_autofree char *index = g_build_filename (part, "_index.md", NULL);
  g_autofree char *section = g_build_filename (part, "01-draft.md", NULL);
  CliResult r = run ("check", book);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "no problems"));
  cli_result_clear (&r);

  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  g_assert_true (g_file_set_contents (index, "---\ntitle: \"Draft\"\nslug: \"draft\"\ndate: 2026-01-01\n"
                                             "tags: [\"attention\"]\ncategories: [\"Machine Learning\"]\n---\nHi.\n", -1, NULL));
  g_assert_true (g_file_set_contents (section, "---\ntitle: \"Draft\"\n---\n{{< diagram name=\"no-such\" >}}\n\n"
                                               "A tile of 164 KiB; 1 MiB is 1,024 KiB.\n"
                                               "More text,\nand more,\nthen [a link](page:part-1/nowhere).\n", -1, NULL));
  r = run ("check", part);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "part-1-draft/01-draft.md:4: "));
  g_assert_nonnull (strstr (r.out, "no-such"));
  /* what the page lacks is told at its body's first line; a bad link at its own */
  g_assert_nonnull (strstr (r.out, "part-1-draft/01-draft.md:4: no diagram or static figure"));
  g_assert_nonnull (strstr (r.out, "part-1-draft/01-draft.md:9: link to unknown page “part-1/nowhere”"));
  /* Sizes: a typed one on its own line, the unit definitions allowed, and
   * binary units never stated. */
  g_assert_nonnull (strstr (r.out, "part-1-draft/01-draft.md:6: the size “164 KiB” is typed"));
  g_assert_null (strstr (r.out, "“1 MiB” is typed"));
  g_assert_null (strstr (r.out, "“1,024 KiB” is typed"));
  g_assert_nonnull (strstr (r.out, "never says they are binary"));
  g_assert_nonnull (strstr (r.err, "problems in"));
  cli_result_clear (&r);
  g_unlink (section);
  g_unlink (index);
  g_rmdir (part);

  r = run ("check");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "usage: attention-book check DIR"));
  cli_result_clear (&r);
  r = run ("check", "/nonexistent-folder");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is not a folder"));
  cli_result_clear (&r);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  outdir = g_dir_make_tmp ("ab-cli-XXXXXX", NULL);
  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE));

  g_test_add_func ("/cli/list-and-version", test_list_and_version);
  g_test_add_func ("/cli/format-values", test_format_values);
  g_test_add_func ("/cli/check-content", test_check_content);
  g_test_add_func ("/cli/export-good", test_export_good);
  g_test_add_func ("/cli/export-bad-input", test_export_bad_input);
  g_test_add_func ("/cli/failed-write-leaves-nothing", test_failed_write_leaves_nothing);
  g_test_add_func ("/cli/failed-export-keeps-old-frames", test_failed_export_keeps_old_frames);
  g_test_add_func ("/cli/modes-and-links", test_modes_and_links);
  g_test_add_func ("/cli/interrupted-export-leaves-nothing", test_interrupted_export_leaves_nothing);
  status = g_test_run ();
  empty_outdir ();
  g_rmdir (outdir);
  return status;
}

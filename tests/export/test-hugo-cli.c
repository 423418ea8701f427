/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hugo-cli.c — export-hugo's bad input, and what a failure leaves behind
 *
 * Runs the built attention-book binary. Every refusal is one line on stderr
 * with a status other than 0, and the site is exactly as it was: a folder
 * that is already there (without --force), an unknown part, options out of
 * range, an output that cannot be written; a disk that fills up half way (a
 * file-size limit) and Ctrl+C / SIGTERM half way leave the old posts and
 * players untouched and no hidden folder behind. A dry run writes nothing.
 * The parts and diagrams come from the book, never by name.
 */
#include "../app/cli-test-util.h"
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-hugo-post.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static char *binary;
static char *root;        /* a scratch folder per test */
static AbPart *part;      /* the part with the fewest diagrams: the quickest to export */
static char *part_arg;
static char *diagram;     /* its first diagram */

static CliResult
run_full (gboolean limit, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (argv, binary);
  g_ptr_array_add (argv, "export-hugo");
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  /* 64 KiB: every frame pack is larger, so the export fails half way */
  return cli_run_argv ((const char *const *) argv->pdata, limit ? 65536 : 0);
}

#define run(...) run_full (FALSE, __VA_ARGS__, NULL)


static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Every path under @dir, sorted, with each file's contents: the site's state. */
static void
snapshot_into (const char *dir, const char *prefix, GString *out)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *rel = g_build_filename (prefix, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_string_append_printf (out, "%s/\n", rel);
          snapshot_into (path, rel, out);
        }
      else
        {
          g_file_get_contents (path, &contents, NULL, NULL);
          g_string_append_printf (out, "%s: %s\n", rel, contents ? contents : "?");
        }
    }
}

static char *
snapshot (const char *dir)
{
  GString *out = g_string_new (NULL);
  snapshot_into (dir, "", out);
  return g_string_free (out, FALSE);
}

/* A site with an older export of the part in it. */
static char *
old_site (void)
{
  g_autofree char *target = ab_hugo_post_target (part);
  g_autofree char *post = g_build_filename (root, "site", target, NULL);
  g_autofree char *vis = g_build_filename (root, "site", "static", "visualizations", diagram, NULL);
  g_autofree char *md = g_build_filename (post, "index.md", NULL);
  g_autofree char *html = g_build_filename (vis, "index.html", NULL);

  g_assert_cmpint (g_mkdir_with_parents (post, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (vis, 0755), ==, 0);
  g_assert_true (g_file_set_contents (md, "the old post", -1, NULL));
  g_assert_true (g_file_set_contents (html, "the old player", -1, NULL));
  return g_build_filename (root, "site", NULL);
}

static void
test_bad_options (void)
{
  g_autofree char *site = g_build_filename (root, "fresh", NULL);
  g_autofree char *deep = g_build_filename (root, "no", "such", "site", NULL);
  g_autofree char *file = g_build_filename (root, "a-file", NULL);
  CliResult r;

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
#define BAD(fragment, ...)                        \
  r = run (__VA_ARGS__);                          \
  cli_assert_one_line_error (&r, fragment);           \
  g_assert_false (g_file_test (site, G_FILE_TEST_EXISTS)); \
  cli_result_clear (&r)

  BAD ("unknown part “99” (the book has parts", "--part", "99", "--out", site);
  BAD ("unknown part “nope”", "--part", part_arg, "--part", "nope", "--out", site);
  BAD ("--out SITE_DIR is required", "--part", part_arg);
  BAD ("use either --part N … or --all", "--part", part_arg, "--all", "--out", site);
  BAD ("unknown format “gif”", "--format", "gif", "--out", site);
  BAD ("--frames must be steps or fps:F", "--frames", "fps:0", "--out", site);
  BAD ("--frames must be steps or fps:F", "--frames", "every", "--out", site);
  BAD ("--base-url must be", "--base-url", "blog", "--out", site);
  BAD ("does not exist, nor does its parent", "--part", part_arg, "--out", deep);
  BAD ("is not a folder", "--part", part_arg, "--out", file);
  BAD ("Unknown option", "--bogus", "--out", site);
  BAD ("unexpected argument", "--out", site, "extra");
#undef BAD

  /* A file where a folder of the site must go. */
  {
    g_autofree char *statics = g_build_filename (site, "static", NULL);
    g_autofree char *before = NULL, *after = NULL;

    g_assert_cmpint (g_mkdir (site, 0755), ==, 0);
    g_assert_true (g_file_set_contents (statics, "not a folder", -1, NULL));
    before = snapshot (site);
    r = run ("--part", part_arg, "--out", site);
    cli_assert_one_line_error (&r, "is not a writable folder");
    after = snapshot (site);
    g_assert_cmpstr (before, ==, after);
    cli_result_clear (&r);
  }
  /* Read-only, for a user permissions apply to. */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (root, "locked", NULL);
      g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
      r = run ("--part", part_arg, "--out", locked);
      cli_assert_one_line_error (&r, "not writable");
      cli_result_clear (&r);
    }
}

static void
test_refuses_non_empty_without_force (void)
{
  g_autofree char *site = old_site ();
  g_autofree char *before = snapshot (site);
  g_autofree char *after = NULL;
  CliResult r = run ("--part", part_arg, "--out", site);

  cli_assert_one_line_error (&r, "is not empty: use --force to replace it");
  after = snapshot (site);
  g_assert_cmpstr (before, ==, after);
  cli_result_clear (&r);
}

static void
test_dry_run_writes_nothing (void)
{
  g_autofree char *site = old_site ();
  g_autofree char *fresh = g_build_filename (root, "fresh", NULL);
  g_autofree char *before = snapshot (site);
  g_autofree char *after = NULL;
  g_autofree char *target = ab_hugo_post_target (part);
  CliResult r = run ("--part", part_arg, "--out", site, "--force", "--dry-run");

  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, target));
  g_assert_nonnull (strstr (r.out, "replacing what is there"));
  g_assert_nonnull (strstr (r.out, diagram));
  g_assert_nonnull (strstr (r.out, "Nothing was written"));
  after = snapshot (site);
  g_assert_cmpstr (before, ==, after);
  cli_result_clear (&r);

  r = run ("--part", part_arg, "--out", fresh, "--dry-run");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  cli_result_clear (&r);
}

/* The disk fills up half way: the old export stays, whole. */
static void
test_disk_full_leaves_old_site (void)
{
  g_autofree char *site = old_site ();
  g_autofree char *before = snapshot (site);
  g_autofree char *after = NULL;
  CliResult r = run_full (TRUE, "--part", part_arg, "--out", site, "--force", NULL);

  cli_assert_one_line_error (&r, "File too large");
  g_assert_cmpint (r.status, ==, 1);
  /* Named where it would have gone, not by its hidden twin. */
  g_assert_null (strstr (r.err, ".ab-new-"));
  after = snapshot (site);
  g_assert_cmpstr (before, ==, after);
  cli_result_clear (&r);

  /* Into a new site: not even the folders made on the way are left. */
  {
    g_autofree char *fresh = g_build_filename (root, "fresh", NULL);
    g_assert_cmpint (g_mkdir (fresh, 0755), ==, 0);
    r = run_full (TRUE, "--part", part_arg, "--out", fresh, NULL);
    cli_assert_one_line_error (&r, "File too large");
    g_free (after);
    after = snapshot (fresh);
    g_assert_cmpstr (after, ==, "");
    cli_result_clear (&r);
  }
}

static gboolean
has_hidden_folder (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (strstr (name, ".ab-new-"))
      return TRUE;
  return FALSE;
}

/* SIGTERM and SIGINT once a folder is half written: the old site stays. */
static void
test_interrupted_leaves_old_site (void)
{
  static const int sigs[] = { SIGTERM, SIGINT };
  g_autofree char *site = old_site ();
  g_autofree char *vis = g_build_filename (site, "static", "visualizations", NULL);
  g_autofree char *before = snapshot (site);

  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      const char *argv[] = { binary, "export-hugo", "--part", part_arg, "--out", site, "--force", NULL };
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;
      gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
      int status = 0;
      GPid pid;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL |
                                    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      while (!has_hidden_folder (vis) && g_get_monotonic_time () < end)
        g_usleep (10000);
      g_assert_true (has_hidden_folder (vis));
      kill (pid, sigs[i]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, sigs[i]);
      after = snapshot (site);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
clean_root (void)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (command), ==, 0);
  g_assert_cmpint (g_mkdir (root, 0755), ==, 0);
}

static void
with_clean_root (gconstpointer test)
{
  clean_root ();
  ((GTestFunc) test) ();
}

int
main (int argc, char **argv)
{
  GPtrArray *parts;
  guint best = G_MAXUINT;

  g_test_init (&argc, &argv, NULL);
  ab_content_check_install ();
  binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE));
  root = g_dir_make_tmp ("ab-hugo-cli-XXXXXX", NULL);

  parts = ab_book_get_parts (ab_book_get_default ());
  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *p = g_ptr_array_index (parts, i);
      g_autoptr (GPtrArray) names = ab_hugo_post_diagrams (p);
      if (names->len > 0 && names->len < best)
        {
          best = names->len;
          part = p;
          g_free (diagram);
          diagram = g_strdup (g_ptr_array_index (names, 0));
        }
    }
  g_assert_nonnull (part);
  part_arg = g_strdup_printf ("%d", part->number);

  g_test_add_data_func ("/hugo/cli/bad-options", (gconstpointer) test_bad_options, with_clean_root);
  g_test_add_data_func ("/hugo/cli/refuses-non-empty-without-force", (gconstpointer) test_refuses_non_empty_without_force,
                        with_clean_root);
  g_test_add_data_func ("/hugo/cli/dry-run-writes-nothing", (gconstpointer) test_dry_run_writes_nothing, with_clean_root);
  g_test_add_data_func ("/hugo/cli/disk-full-leaves-old-site", (gconstpointer) test_disk_full_leaves_old_site, with_clean_root);
  g_test_add_data_func ("/hugo/cli/interrupted-leaves-old-site", (gconstpointer) test_interrupted_leaves_old_site,
                        with_clean_root);
  {
    int status = g_test_run ();
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
    if (system (command) != 0)
      g_warning ("could not remove %s", root);
    return status;
  }
}

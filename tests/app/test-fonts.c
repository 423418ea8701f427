/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fonts.c — the math font is found through fontconfig, and its absence
 * is survived
 *
 * Run twice (tests/app/meson.build). Normally: Latin Modern Math is found by
 * family name, and moved to a folder only a fontconfig file names, it is
 * still found there (another distribution's layout). With
 * AB_TEST_NO_MATH_FONT, FONTCONFIG_FILE points at a configuration holding
 * only DejaVu (a system without fonts-lmodern): the app opens the page with
 * the most formulas under Xvfb without a critical, the window says the math
 * font is missing, formulas show their TeX source and keep their spoken
 * names; `render-math` fails with the same message; `export` writes its
 * frame and warns once. Run with G_DEBUG=fatal-criticals.
 */
#include "gui-test-util.h"
#include "config.h"
#include "ab-application.h"
#include "ab-book.h"
#include "ab-math.h"
#include "ab-math-view.h"
#include "ab-paragraph.h"
#include "ab-window.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#ifdef LMMATH_FONT
#error "the math font is found through fontconfig, not by a path in config.h"
#endif

static char *scratch;
static char *binary;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A fontconfig file naming @dir and the system's aliases (so "Monospace"
 * still means a mono font), but none of the folders where fonts-lmodern puts
 * Latin Modern Math. */
static char *
write_fonts_conf (const char *name, const char *dir)
{
  g_autofree char *path = g_build_filename (scratch, name, NULL);
  g_autofree char *cache = g_build_filename (scratch, "fc-cache", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
    "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
    "  <dir>%s</dir>\n"
    "  <include ignore_missing=\"yes\">/etc/fonts/conf.d/45-latin.conf</include>\n"
    "  <include ignore_missing=\"yes\">/etc/fonts/conf.d/60-latin.conf</include>\n"
    "  <include ignore_missing=\"yes\">/etc/fonts/conf.d/49-sansserif.conf</include>\n"
    "  <cachedir>%s</cachedir>\n</fontconfig>\n", dir, cache);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  return g_steal_pointer (&path);
}

typedef struct
{
  int   status;
  char *err;
} Result;

static Result
run_cli (const char *const *args, char **envp)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Result r = { 0, NULL };
  int wait_status = 0;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  r.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 255;
  g_test_message ("exit %d, stderr: %s", r.status, r.err);
  return r;
}

static GtkWidget *
find_widget (GtkWidget *widget, GType type, const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!name || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type, name);
      if (found)
        return found;
    }
  return NULL;
}

/* For a look at the fallback: $AB_BUILD_ROOT/screenshots/NAME.png. */
static void
save_screenshot (GtkWidget *window, const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "screenshots", NULL);

  g_mkdir_with_parents (dir, 0755);
  gui_screenshot (window, dir, name);
}

static void
test_cli_without_font (void)
{
  g_autofree char *svg = g_build_filename (scratch, "x.svg", NULL);
  g_autofree char *frames = g_build_filename (scratch, "frames", NULL);
  g_autofree char *frame = g_build_filename (frames, "scoring-functions-step-04.svg", NULL);
  const char *render[] = { "render-math", "--tex", "x^2", "--out", svg, NULL };
  const char *export[] = { "export", "--diagram", "scoring-functions", "--step", "4", "--format", "svg",
                           "--out", frames, NULL };
  Result r;

  r = run_cli (render, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Latin Modern Math is not installed"));
  g_assert_nonnull (strstr (r.err, "fonts-lmodern"));
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  g_free (r.err);

  /* Frames still export, their formulas as TeX, with one warning. */
  g_mkdir_with_parents (frames, 0755);
  r = run_cli (export, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "Latin Modern Math is not installed"));
  g_assert_null (strstr (strstr (r.err, "Latin Modern Math") + 1, "Latin Modern Math"));
  g_assert_true (g_file_test (frame, G_FILE_TEST_IS_REGULAR));
  g_free (r.err);
}

/* The page's first formula has its fallback width and the banner shows. */
static gboolean
page_laid_out (gpointer window)
{
  GtkWidget *banner = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "math-font-banner");
  GtkWidget *math = find_widget (GTK_WIDGET (ab_window_get_page_view (window)), AB_TYPE_MATH_VIEW, NULL);

  return banner && gtk_widget_get_mapped (banner) && math && gtk_widget_get_width (math) > 20;
}

static void
test_window_without_font (void)
{
  g_autoptr (AbApplication) app = ab_application_new ();
  g_autoptr (GError) error = NULL;
  AbWindow *window;
  GtkWidget *banner, *math, *paragraph;
  GtkSnapshot *snapshot;
  GskRenderNode *node;

  g_assert_false (ab_math_font_available (NULL));
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = AB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);

  /* The page of the example: display and inline formulas. */
  g_assert_true (ab_window_show_page (window, "part-1/scaled-dot-product"));
  g_assert_true (gui_spin_until (page_laid_out, window, gui_timeout (3000)));

  banner = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "math-font-banner");
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_get_mapped (banner));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (banner)), "Latin Modern Math is not installed"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (banner)), "TeX source"));

  math = find_widget (GTK_WIDGET (ab_window_get_page_view (window)), AB_TYPE_MATH_VIEW, NULL);
  g_assert_nonnull (math);
  g_assert_cmpint (gtk_widget_get_width (math), >, 20);
  /* Its name is still words, made from the parse tree (no font needed). */
  g_assert_null (strchr (ab_math_view_get_spoken (AB_MATH_VIEW (math)), '\\'));
  paragraph = find_widget (GTK_WIDGET (ab_window_get_page_view (window)), AB_TYPE_PARAGRAPH, NULL);
  g_assert_nonnull (paragraph);
  g_assert_cmpint (gtk_widget_get_height (paragraph), >, 0);

  /* The fallback paints (a critical here would abort the test). */
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (gtk_widget_get_parent (math), math, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_unref (node);

  save_screenshot (GTK_WIDGET (window), "no-math-font");
  gtk_window_destroy (GTK_WINDOW (window));
  gui_spin (100);
}

/* Found by family name, wherever fontconfig says it is. */
static void
test_found_by_family (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL, *elsewhere = NULL, *copy = NULL, *contents = NULL, *conf = NULL;
  g_autofree char *svg = g_build_filename (scratch, "elsewhere.svg", NULL);
  const char *fc_match[] = { "fc-match", "-f", "%{file}", "Latin Modern Math", NULL };
  const char *render[] = { "render-math", "--tex", "\\sqrt{d_k}", "--out", svg, NULL };
  g_auto (GStrv) envp = NULL;
  gsize length;
  Result r;

  g_assert_true (ab_math_font_available (&error));
  g_assert_no_error (error);

  /* Another layout: the font in a folder of its own, named only by a fontconfig file. */
  g_assert_true (g_spawn_sync (NULL, (char **) fc_match, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &found, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (found, &contents, &length, &error));
  elsewhere = g_build_filename (scratch, "some", "other", "fonts", NULL);
  g_mkdir_with_parents (elsewhere, 0755);
  copy = g_build_filename (elsewhere, "latinmodern-math.otf", NULL);
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, &error));
  conf = write_fonts_conf ("fonts-elsewhere.conf", elsewhere);
  envp = g_environ_setenv (g_get_environ (), "FONTCONFIG_FILE", conf, TRUE);
  r = run_cli (render, envp);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_free (r.err);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  binary = g_build_filename (g_getenv ("AB_BUILD_ROOT"), "src", "attention-book", NULL);
  scratch = g_dir_make_tmp ("ab-fonts-XXXXXX", NULL);
  g_assert_nonnull (scratch);

  if (g_getenv ("AB_TEST_NO_MATH_FONT"))
    {
      /* Before anything loads a font: every font this process sees is DejaVu. */
      g_autofree char *empty = g_build_filename (scratch, "no-fonts", NULL);
      g_autofree char *conf = NULL;

      g_mkdir_with_parents (empty, 0755);
      conf = write_fonts_conf ("fonts-without-math.conf", empty);
      g_setenv ("FONTCONFIG_FILE", conf, TRUE);
      g_test_add_func ("/fonts/cli-without-math-font", test_cli_without_font);
      g_test_add_func ("/fonts/window-without-math-font", test_window_without_font);
    }
  else
    g_test_add_func ("/fonts/found-by-family", test_found_by_family);
  status = g_test_run ();
  remove_tree (scratch);
  return status;
}

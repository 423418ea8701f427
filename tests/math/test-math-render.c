/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-math-render.c — every corpus expression (all the book's display
 * equations among them) renders to SVG, and rsvg-convert accepts each file;
 * the render-math CLI succeeds on good input and fails cleanly on bad. */
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include "ab-math.h"
#include "math-test-util.h"

static char *tmpdir;

static gboolean rsvg_ok (const char *rsvg, const char *svg, const char *png, char **why);

static void
test_corpus_svg (void)
{
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  g_autofree char *cpath = math_test_path ("corpus.txt");
  g_autoptr (GPtrArray) cases = math_corpus_load (cpath);
  for (guint i = 0; i < cases->len; i++)
    {
      MathCase *c = g_ptr_array_index (cases, i);
      g_autofree char *svg = g_strdup_printf ("%s/eq-%03u.svg", tmpdir, i);
      g_autofree char *png = g_strdup_printf ("%s/eq-%03u.png", tmpdir, i);
      g_autoptr (GError) error = NULL;
      if (!ab_math_render_file (c->tex, c->display, 16, "#202020", "svg", svg, &error))
        g_error ("corpus.txt:%d: %s", c->line, error->message);
      if (!rsvg)
        continue;
      g_autofree char *why = NULL;
      if (!rsvg_ok (rsvg, svg, png, &why))
        g_error ("corpus.txt:%d: rsvg-convert failed on %s: %s", c->line, svg, why);
      GStatBuf st;
      g_assert_cmpint (g_stat (png, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 100);
    }
  if (!rsvg)
    g_test_skip ("rsvg-convert not installed (librsvg2-bin)");
}

/* Runs rsvg-convert on svg; returns FALSE with a message on failure. */
static gboolean
rsvg_ok (const char *rsvg, const char *svg, const char *png, char **why)
{
  const char *argv[] = { rsvg, "-o", png, svg, NULL };
  int status;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &status, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *why = g_strdup (err);
      return FALSE;
    }
  return TRUE;
}

/* Math spans of a Markdown page, as md4c's LaTeX-math extension reads them:
 * $$…$$ (display, may span lines) and $…$ (inline: no space just inside the
 * dollars), outside fenced code and `code spans`. */
static void
collect_spans (const char *file, const char *text, GPtrArray *out)
{
  int line = 1;
  gboolean fenced = FALSE, bol = TRUE;
  for (const char *p = text; *p; p++)
    {
      if (bol && (g_str_has_prefix (p, "```") || g_str_has_prefix (p, "~~~")))
        fenced = !fenced;
      bol = FALSE;
      if (*p == '\n')
        {
          line++;
          bol = TRUE;
          continue;
        }
      if (fenced)
        continue;
      if (*p == '`')
        {
          const char *e = strchr (p + 1, '`');
          if (e && !memchr (p, '\n', e - p))
            p = e;
          continue;
        }
      if (*p == '\\' && p[1])
        {
          p++;
          continue;
        }
      if (*p != '$')
        continue;
      gboolean display = p[1] == '$';
      const char *start = p + (display ? 2 : 1);
      const char *end = display ? strstr (start, "$$") : strchr (start, '$');
      if (!end || (!display && (memchr (start, '\n', end - start) || g_ascii_isspace (*start) ||
                                end == start || g_ascii_isspace (end[-1]))))
        continue;
      MathCase *c = g_new0 (MathCase, 1);
      c->display = display;
      c->tex = g_strndup (start, end - start);
      c->line = line;
      g_ptr_array_add (out, g_strdup_printf ("%s:%d", file, line));
      g_ptr_array_add (out, c);
      for (const char *q = p; q < end; q++)
        line += *q == '\n';
      p = end + (display ? 1 : 0);
    }
}

static void
collect_dir (const char *dir, GPtrArray *out)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  for (const char *name; d && (name = g_dir_read_name (d)); )
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_dir (path, out);
      else if (g_str_has_suffix (name, ".md"))
        {
          g_autofree char *text = NULL;
          if (g_file_get_contents (path, &text, NULL, NULL))
            collect_spans (path, text, out);
        }
    }
}

static void
test_book_svg (void)
{
  /* Every math span in the book's pages renders and rsvg-convert reads it. */
  const char *root = g_getenv ("AB_SOURCE_ROOT");
  g_autofree char *book = g_build_filename (root ? root : MATH_TEST_DIR "/../..", "data", "book", NULL);
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  if (!g_file_test (book, G_FILE_TEST_IS_DIR) || !rsvg)
    {
      g_test_skip ("no data/book or no rsvg-convert");
      return;
    }
  g_autoptr (GPtrArray) spans = g_ptr_array_new ();
  collect_dir (book, spans);
  int failed = 0;
  for (guint i = 0; i + 1 < spans->len; i += 2)
    {
      char *where = g_ptr_array_index (spans, i);
      MathCase *c = g_ptr_array_index (spans, i + 1);
      g_autofree char *svg = g_strdup_printf ("%s/book-%u.svg", tmpdir, i);
      g_autofree char *png = g_strdup_printf ("%s/book-%u.png", tmpdir, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *why = NULL;
      if (!ab_math_render_file (c->tex, c->display, 16, NULL, "svg", svg, &error))
        g_printerr ("%s: %s\n", where, error->message), failed++;
      else if (!rsvg_ok (rsvg, svg, png, &why))
        g_printerr ("%s: rsvg-convert: %s\n", where, why), failed++;
      g_free (where);
      math_case_free (c);
    }
  g_test_message ("%u math spans in data/book", spans->len / 2);
  g_assert_cmpint (failed, ==, 0);
}

static void
test_png_and_ink (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "ink.png", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (ab_math_render_file ("\\frac{a}{b}", TRUE, 20, "#ff0000", "png", png, &error));
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  /* 2x: a 20pt fraction is well over 30 px tall; some pixel is red ink. */
  g_assert_cmpint (cairo_image_surface_get_height (s), >, 30);
  cairo_surface_flush (s);
  guchar *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s), red = 0;
  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 0; x < cairo_image_surface_get_width (s); x++)
      {
        guint32 px = *(guint32 *) (data + y * stride + 4 * x);
        if ((px >> 24) > 200 && ((px >> 16) & 0xff) > 200 && ((px >> 8) & 0xff) < 50)
          red++;
      }
  cairo_surface_destroy (s);
  g_assert_cmpint (red, >, 20);
}

/* A write that fails names the file and the system's reason (#18 item 14):
 * a 1 KiB file-size limit stands in for a full disk. */
static void
test_write_error_names_reason (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "limited.png", NULL);
  g_autoptr (GError) error = NULL;
  struct rlimit old, lim = { 1024, 0 };
  gboolean ok;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  lim.rlim_max = old.rlim_max;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
  ok = ab_math_render_file ("\\sum_{i=1}^{N} e^{x_i - m}", TRUE, 40, "#000000", "png", png, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  g_assert_false (ok);
  g_assert_nonnull (strstr (error->message, png));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static int
cli (const char *first, ...)
{
  GPtrArray *args = g_ptr_array_new ();
  g_ptr_array_add (args, (char *) "render-math");
  va_list ap;
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  /* GOption rewrites argv: give it a copy. */
  char **argv = g_strdupv ((char **) args->pdata);
  char **keep = g_memdup2 (argv, sizeof (char *) * args->len);
  int rc = ab_math_cli_main (args->len - 1, argv, NULL);
  g_strfreev (keep);
  g_free (argv);
  g_ptr_array_free (args, TRUE);
  return rc;
}

static void
test_cli (void)
{
  g_autofree char *svg = g_build_filename (tmpdir, "cli.svg", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "cli.png", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "bad.svg", NULL);
  g_assert_cmpint (cli ("--tex", "\\sqrt{d_k}", "--display", "--size", "20", "--color", "#336699",
                        "--format", "svg", "--out", svg, NULL), ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (cli ("--tex", "x^2", "--out", png, NULL), ==, 0);   /* format from suffix */
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* #18's convention: bad input (TeX, colour, an output that cannot be
   * used, a request too large) exits 2; only a failed write exits 1 */
  g_assert_cmpint (cli ("--tex", "\\frac{1", "--format", "svg", "--out", bad, NULL), ==, 2);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_cmpint (cli ("--tex", "x", "--color", "#12", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "x", "--format", "svg", "--out", tmpdir, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "x", "--format", "gif", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "x", "--size", "-3", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "x", "--out", "/nonexistent-dir/x.svg", NULL), ==, 2);
  /* #18: an empty formula, a format its file name contradicts, bytes that are
   * not UTF-8, and a PNG too big to hold are refused; nothing is written. */
  g_assert_cmpint (cli ("--tex", "  ", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "x", "--format", "png", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "\xff\xfe", "--out", bad, NULL), ==, 2);
  g_assert_cmpint (cli ("--tex", "\begin{pmatrix} a & b & c & d \\\\ e & f & g & h \\\\ i & j & k & l "
                        "\\\\ m & n & o & p \\end{pmatrix}", "--size", "999", "--format", "png", "--out",
                        png, NULL), ==, 2);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  /* α and β arrive as UTF-8 bytes whatever the locale. */
  g_assert_cmpint (cli ("--tex", "\xce\xb1+\xce\xb2", "--out", svg, NULL), ==, 0);

  /* Nothing half-written is left behind. */
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir)); )
    g_assert_null (strstr (name, ".tmp-"));
}

static void
test_draw_recording (void)
{
  /* Drawing onto any cairo target: a recording surface's ink extents
   * match the reported box to within the glyphs' overhang. */
  g_autoptr (AbMath) m = ab_math_new ("\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)", TRUE, 20, NULL);
  double w, h, d;
  ab_math_get_extents (m, &w, &h, &d);
  cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (rec);
  ab_math_draw (m, cr, 100, 100, 0, 0, 0, 1);
  cairo_destroy (cr);
  double x0, y0, iw, ih;
  cairo_recording_surface_ink_extents (rec, &x0, &y0, &iw, &ih);
  cairo_surface_destroy (rec);
  /* Large parentheses have side bearings; ink extents are whole units. */
  g_assert_cmpfloat (fabs (x0 - 100), <, 8);
  g_assert_cmpfloat (fabs (iw - w), <, 12);
  g_assert_cmpfloat (fabs ((100 - y0) - h), <, 3);
  g_assert_cmpfloat (fabs ((y0 + ih - 100) - d), <, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr (GError) error = NULL;
  tmpdir = g_dir_make_tmp ("ab-math-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/math/render/corpus-svg", test_corpus_svg);
  g_test_add_func ("/math/render/book-svg", test_book_svg);
  g_test_add_func ("/math/render/png-ink", test_png_and_ink);
  g_test_add_func ("/math/render/cli", test_cli);
  g_test_add_func ("/math/render/write-error-names-reason", test_write_error_names_reason);
  g_test_add_func ("/math/render/draw-recording", test_draw_recording);
  int rc = g_test_run ();
  g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
  for (const char *name; dir && (name = g_dir_read_name (dir)); )
    {
      g_autofree char *p = g_build_filename (tmpdir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return rc;
}

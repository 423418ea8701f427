/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cli.c — `attention-book list-diagrams | export | render-math | check`
 *
 * Errors are one line on stderr naming the problem, with exit status 2 for
 * bad usage and 1 for a failure while working; frames go through
 * ab_frame_export(), which never leaves a half-written file.
 */
#define G_LOG_DOMAIN "ab-cli"

#include "config.h"
#include "ab-cli.h"
#include "ab-cli-fail.h"
#include "ab-book.h"
#include "ab-book-values.h"
#include "ab-content-check.h"
#include "ab-diagram-registry.h"
#include "ab-frame-export.h"
#include "ab-hugo-export.h"
#include "ab-atomic-file.h"
#include "ab-format.h"
#include "ab-math.h"
#include "ab-slides-export.h"
#include "ab-timeline.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>

#define EXIT_USAGE 2

static const char *const subcommands[] = { "list-diagrams", "export", "export-hugo", "render-math", "check",
                                            "export-slides", "format-values" };

gboolean
ab_cli_is_subcommand (int argc, char **argv)
{
  if (argc < 2)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_strcmp0 (argv[1], subcommands[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
list_diagrams (int argc, char **argv)
{
  g_auto (GStrv) names = NULL;

  if (argc > 2)
    return ab_cli_fail (EXIT_USAGE, _("list-diagrams takes no arguments (got “%s”)"), argv[2]);

  names = ab_diagram_registry_list_names ();
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (names[i], NULL);
      g_print ("%-28s %2u steps  %s\n", names[i], ab_diagram_get_n_steps (diagram),
               ab_diagram_get_title (diagram));
    }
  return 0;
}

/* Writable directory check up front, so a bad --out fails before any work. */
static gboolean
check_out_dir (const char *dir, GError **error)
{
  if (dir == NULL || *dir == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--out DIR is required"));
      return FALSE;
    }
  if (g_file_test (dir, G_FILE_TEST_EXISTS) && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                   _("output “%s” is not a folder"), dir);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("output folder “%s” does not exist"), dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   _("output folder “%s” is not writable"), dir);
      return FALSE;
    }
  return TRUE;
}

/* An animation longer than this is a mistake in --fps or --seconds. */
#define MAX_FRAMES 10000

/* Is there room on @dir's disk for @n_frames frames the size of the first,
 * @first_bytes? (That frame is still a temporary file on the same disk.) */
static gboolean
check_room (guint64 first_bytes, const char *dir, guint n_frames, GError **error)
{
  struct statvfs fs;
  double need, avail;

  if (statvfs (dir, &fs) != 0)
    return TRUE;   /* nothing to go on: let the writes report */
  need = (double) first_bytes * (n_frames - 1) * 1.1;
  avail = (double) fs.f_bavail * (double) fs.f_frsize;
  if (need <= avail)
    return TRUE;
  {
    g_autofree char *one = ab_format_bytes ((double) first_bytes);
    g_autofree char *all = ab_format_bytes (need);
    g_autofree char *free_s = ab_format_bytes (avail);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
                 _("the first frame is %s: %u frames need about %s, and “%s” has %s free"),
                 one, n_frames, all, dir, free_s);
  }
  return FALSE;
}

static int
export_frames (int argc, char **argv)
{
  g_autofree char *name = NULL, *format_s = NULL, *out = NULL, *layout_s = NULL;
  g_auto (GStrv) param_args = NULL;
  /* Sentinels for "not given", so that 0 and negative values are reported. */
  int step = G_MININT, width = -1, height = -1;   /* -1: the layout's */
  double fps = NAN, seconds = NAN, scale = 1.0;
  gboolean all_steps = FALSE;
  GOptionEntry entries[] = {
    { "diagram", 'd', 0, G_OPTION_ARG_STRING, &name, N_("Diagram to export (see list-diagrams)"), N_("NAME") },
    { "step", 0, 0, G_OPTION_ARG_INT, &step, N_("Export step K (1-based)"), "K" },
    { "all-steps", 0, 0, G_OPTION_ARG_NONE, &all_steps, N_("Export every step"), NULL },
    { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &fps, N_("Export an animation at F frames per second"), "F" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Length of the animation"), "S" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_s, N_("svg or png"), N_("FORMAT") },
    { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_s, N_("wide (default), narrow or presenter"), N_("LAYOUT") },
    { "width", 'W', 0, G_OPTION_ARG_INT, &width, N_("Frame width (default: the layout's, 1600 or 720)"), "W" },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height, N_("Frame height (default: the layout's, 900 or 1280)"), "H" },
    { "scale", 's', 0, G_OPTION_ARG_DOUBLE, &scale, N_("Pixel scale for PNG (default 1)"), "S" },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &param_args, N_("Set a parameter"), N_("KEY=VALUE") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Existing folder to write into"), N_("DIR") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("— export diagram frames"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AbDiagram) diagram = NULL;
  g_autoptr (AbTimeline) timeline = NULL;
  AbLayoutKind layout = AB_LAYOUT_WIDE;
  AbFrameFormat format;
  g_autoptr (GPtrArray) paths = NULL;
  guint n_steps, first, last, n_frames;
  gboolean animation;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, ab_cli_exit_status_help ());
  g_option_context_set_summary (context,
    _("Render a diagram with the same code as the app, without a display.\n"
      "Choose one of --step K, --all-steps, or --fps F [--seconds S]; an animation\n"
      "is what the app plays (transitions and holds), the whole of it by default."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (argc > 2)
    return ab_cli_fail (EXIT_USAGE, _("unexpected argument “%s”"), argv[2]);
  if (name == NULL)
    return ab_cli_fail (EXIT_USAGE, _("--diagram NAME is required (see “attention-book list-diagrams”)"));
  if (format_s == NULL)
    return ab_cli_fail (EXIT_USAGE, _("--format svg|png is required"));
  if (!ab_frame_format_from_string (format_s, &format))
    return ab_cli_fail (EXIT_USAGE, _("unknown format “%s” (use svg or png)"), format_s);
  if (layout_s && !ab_layout_kind_from_string (layout_s, &layout))
    return ab_cli_fail (EXIT_USAGE, _("unknown layout “%s” (use wide, narrow or presenter)"), layout_s);
  {
    double fw, fh;
    ab_layout_frame_size (layout, &fw, &fh);
    if (width == -1 && height == -1)
      width = (int) fw, height = (int) fh;
    else if (height == -1)
      height = width > 0 ? (int) round (width * fh / fw) : 0;
    else if (width == -1)
      width = height > 0 ? (int) round (height * fw / fh) : 0;
  }
  if (!ab_frame_check_size (width, height, scale, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);

  animation = !isnan (fps) || !isnan (seconds);
  if ((step != G_MININT) + all_steps + animation > 1)
    return ab_cli_fail (EXIT_USAGE, _("use only one of --step, --all-steps and --fps/--seconds"));
  if (animation && isnan (fps))
    return ab_cli_fail (EXIT_USAGE, _("--seconds needs --fps F"));
  if (animation && (!isfinite (fps) || fps <= 0 || fps > 120))
    return ab_cli_fail (EXIT_USAGE, _("--fps must be more than 0 and at most 120 (got %g)"), fps);
  if (animation && !isnan (seconds) && (!isfinite (seconds) || seconds <= 0 || seconds > 600))
    return ab_cli_fail (EXIT_USAGE, _("--seconds must be more than 0 and at most 600 (got %g)"), seconds);

  diagram = ab_diagram_registry_create (name, &error);
  if (diagram == NULL)
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  for (guint i = 0; param_args && param_args[i]; i++)
    if (!ab_diagram_set_param_from_string (diagram, param_args[i], &error))
      return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (!check_out_dir (out, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  /* A kernel that refuses these parameters (a memory budget) is bad input too. */
  if (!ab_diagram_ensure_updated (diagram, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);

  n_steps = ab_diagram_get_n_steps (diagram);
  if (step != G_MININT && (step <= 0 || (guint) step > n_steps))
    return ab_cli_fail (EXIT_USAGE, _("--step must be between 1 and %u for “%s” (got %d)"),
                 n_steps, name, step);

  if (animation)
    {
      /* The app's own playback, started on the first step at t = 0. */
      timeline = ab_timeline_new (n_steps);
      ab_timeline_play (timeline, 0);
      if (isnan (seconds))
        seconds = MIN (600.0, ab_timeline_get_playback_ms (timeline) / 1000.0);
      n_frames = (guint) MAX (1.0, round (fps * seconds));
      if (n_frames > MAX_FRAMES)
        return ab_cli_fail (EXIT_USAGE, _("%u frames is too many for one export (at most %u): lower --fps or "
                                   "--seconds"), n_frames, MAX_FRAMES);
      first = 0;
      last = n_frames - 1;
    }
  else if (all_steps)
    {
      first = 0;
      last = n_steps - 1;
      n_frames = n_steps;
    }
  else
    {
      first = last = step > 0 ? (guint) step - 1 : 0;
      n_frames = 1;
    }

  /* Every name first: a target that cannot be replaced (a link, a folder)
   * fails before any work. */
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *file = NULL;

      if (animation)
        {
          /* At least four digits, more when needed, so names sort in frame order. */
          int digits = MAX (4, (int) floor (log10 (n_frames)) + 1);
          file = g_strdup_printf ("%s-frame-%0*u.%s", name, digits, i + 1, ab_frame_format_extension (format));
        }
      else
        file = g_strdup_printf ("%s-step-%02u.%s", name, i + 1, ab_frame_format_extension (format));
      g_ptr_array_add (paths, g_build_filename (out, file, NULL));
      if (!ab_atomic_file_check_target (g_ptr_array_index (paths, paths->len - 1), &error))
        return ab_cli_fail (EXIT_USAGE, "%s", error->message);
    }

  /* The frames replace an older set only once all of them are written: a
   * failure or an interrupt half way leaves the folder as it was. */
  ab_atomic_file_clean_up_on_signals ();
  ab_atomic_file_begin_set (n_frames);
  for (guint i = first; i <= last; i++)
    {
      const char *path = g_ptr_array_index (paths, i - first);
      double position = animation ? ab_timeline_position_at (timeline, i * 1000.0 / fps) : i;

      if (!ab_frame_export (diagram, layout, position, format, width, height, scale, path, &error) ||
          /* the first frame tells how much room the whole set needs */
          (i == first && n_frames > 1 &&
           !check_room (ab_atomic_file_set_bytes (), out, n_frames, &error)))
        {
          ab_atomic_file_discard_set ();
          return ab_cli_fail (1, "%s", error->message);
        }
      if (n_frames > 1)
        g_printerr ("[%u/%u] %s\n", i - first + 1, n_frames, path);
    }
  if (!ab_atomic_file_commit_set (&error))
    return ab_cli_fail (1, "%s", error->message);
  if (n_frames == 1)
    g_print ("%s\n", (const char *) g_ptr_array_index (paths, 0));
  return 0;
}

/* `check DIR`: the content test's rules on a folder being written. DIR is a
 * book (it holds part-N… folders) or one part of one (it holds _index.md);
 * a part is checked inside the book above it, so its links and terms resolve. */
static int
check_content (int argc, char **argv)
{
  g_autofree char *root = NULL, *part = NULL, *index = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  guint shown = 0, n_pages;
  AbBook *book;

  if (argc != 3 || argv[2][0] == '-')
    return ab_cli_fail (EXIT_USAGE, _("usage: attention-book check DIR (a book folder, or one part-N… folder of it)"));
  if (!g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    return ab_cli_fail (EXIT_USAGE, _("“%s” is not a folder"), argv[2]);
  index = g_build_filename (argv[2], "_index.md", NULL);
  if (g_file_test (index, G_FILE_TEST_EXISTS))
    {
      g_autofree char *absolute = g_canonicalize_filename (argv[2], NULL);
      root = g_path_get_dirname (absolute);
      part = g_path_get_basename (absolute);
    }
  else
    root = g_strdup (argv[2]);

  file = g_file_new_for_path (root);
  book = ab_book_new_from_file (file, &error);
  if (book == NULL)
    return ab_cli_fail (1, "%s", error->message);
  problems = ab_content_check_book (book);
  n_pages = 0;
  for (guint i = 0; i < ab_book_get_pages (book)->len; i++)
    {
      AbPage *page = g_ptr_array_index (ab_book_get_pages (book), i);
      n_pages += part == NULL || g_strcmp0 (page->part->folder, part) == 0;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);
      /* Checking one part: only its own files' problems. */
      if (part && !(g_str_has_prefix (problem, part) && problem[strlen (part)] == '/'))
        continue;
      g_print ("%s\n", problem);
      shown++;
    }
  ab_book_free (book);
  if (shown > 0)
    return ab_cli_fail (1, g_dngettext (GETTEXT_PACKAGE, "%u problem in %s", "%u problems in %s", shown), shown,
                 argv[2]);
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u page, no problems\n", "%s: %u pages, no problems\n", n_pages),
              argv[2], n_pages);
  return 0;
}

/* `format-values KEY…`: one line per key, "ok<TAB>KEY<TAB>VALUE" or
 * "error<TAB>KEY<TAB>MESSAGE", in order, for scripts and authors checking a
 * page's numbers. Exits 2 when a key was refused, after printing every line. */
static int
format_values (int argc, char **argv)
{
  int status = 0;

  if (argc < 3)
    return ab_cli_fail (EXIT_USAGE, _("format-values needs at least one KEY (as pages write them, "
                                      "e.g. scoring.var.dot.d64)"));
  for (int i = 2; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *value = ab_book_value_format (argv[i], &error);

      if (value == NULL)
        status = EXIT_USAGE;
      /* one line each: a newline in a message would break the protocol */
      g_strdelimit (value ? value : error->message, "\t\n", ' ');
      g_print ("%s\t%s\t%s\n", value ? "ok" : "error", argv[i], value ? value : error->message);
    }
  return status;
}

int
ab_cli_run (int argc, char **argv)
{
  if (g_strcmp0 (argv[1], "format-values") == 0)
    return format_values (argc, argv);
  if (g_strcmp0 (argv[1], "check") == 0)
    return check_content (argc, argv);
  if (g_strcmp0 (argv[1], "list-diagrams") == 0)
    return list_diagrams (argc, argv);
  if (g_strcmp0 (argv[1], "export") == 0)
    return export_frames (argc, argv);
  if (g_strcmp0 (argv[1], "export-hugo") == 0)
    return ab_hugo_export_main (argc, argv);
  if (g_strcmp0 (argv[1], "render-math") == 0)
    return ab_math_cli_main (argc - 1, argv + 1, ab_cli_exit_status_help ());
  if (g_strcmp0 (argv[1], "export-slides") == 0)
    return ab_slides_cli_main (argc - 1, argv + 1);
  return ab_cli_fail (EXIT_USAGE, _("unknown command “%s”"), argv[1]);
}

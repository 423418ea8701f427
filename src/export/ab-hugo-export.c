/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-export.c — the export-hugo command: options, plan, build, commit, summary
 *
 * Everything that can be refused is refused before any work: the options,
 * the parts, pages that do not parse, and targets that are not empty (unless
 * --force). Then each visualization and each post is built in memory and
 * written into its hidden folder; only when all are complete does the site
 * change, in one pass of renames.
 */
#define G_LOG_DOMAIN "ab-hugo-export"

#include "config.h"
#include "ab-cli-fail.h"
#include "ab-hugo-export.h"
#include "ab-book.h"
#include "ab-format.h"
#include "ab-hugo-player.h"
#include "ab-hugo-post.h"
#include "ab-hugo-site.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2
/* Frame sets beyond the book's own: enough to switch presets, few enough to keep small. */
#define MAX_PRESETS 4

typedef struct
{
  char   **parts;
  gboolean all;
  char    *out;
  char    *format;
  char    *frames;
  char    *base_url;
  gboolean force;
  gboolean dry_run;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->parts);
  g_free (o->out);
  g_free (o->format);
  g_free (o->frames);
  g_free (o->base_url);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* "steps" → 0; "fps:F" → F (more than 0, at most 60). */
static gboolean
parse_frames (const char *text, double *fps)
{
  char *end;

  if (text == NULL || strcmp (text, "steps") == 0)
    {
      *fps = 0;
      return TRUE;
    }
  if (!g_str_has_prefix (text, "fps:"))
    return FALSE;
  *fps = g_ascii_strtod (text + 4, &end);
  return end != text + 4 && *end == '\0' && isfinite (*fps) && *fps > 0 && *fps <= 60;
}

static AbPart *
find_part (AbBook *book, const char *name)
{
  GPtrArray *parts = ab_book_get_parts (book);

  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      g_autofree char *number = g_strdup_printf ("%d", part->number);
      if (g_strcmp0 (name, number) == 0 || g_strcmp0 (name, part->folder) == 0 || g_strcmp0 (name, part->slug) == 0)
        return part;
    }
  return NULL;
}

static char *
known_parts (AbBook *book)
{
  GPtrArray *parts = ab_book_get_parts (book);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (out, "%s%d", i > 0 ? ", " : "", ((AbPart *) g_ptr_array_index (parts, i))->number);
  return g_string_free (out, FALSE);
}

/* A page that does not parse would export as its error: refuse it, by file and line. */
static gboolean
check_page (AbPage *page, GError **error)
{
  if (page == NULL)
    return TRUE;
  ab_page_get_document (page);
  if (page->errors->len == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s (fix the page, or see “attention-book check”)"),
               (const char *) g_ptr_array_index (page->errors, 0));
  return FALSE;
}

static gboolean
check_pages (AbPart *part, GError **error)
{
  if (!check_page (part->overview, error))
    return FALSE;
  for (guint i = 0; i < part->sections->len; i++)
    if (!check_page (g_ptr_array_index (part->sections, i), error))
      return FALSE;
  return TRUE;
}

/* A line per folder while it works, on a terminal only: a failure stays one line. */
static void
progress (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
progress (const char *format, ...)
{
  va_list args;
  g_autofree char *line = NULL;

  if (!isatty (STDERR_FILENO))
    return;
  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s\n", line);
}

static char *
visualization_target (const char *name)
{
  return g_strdup_printf ("static/visualizations/%s", name);
}

static char *
kib (gsize bytes)
{
  return ab_format_bytes ((double) bytes);
}

/* The dry run ------------------------------------------------------------------- */

static int
print_plan (AbHugoSite *site, GPtrArray *parts, GPtrArray *diagrams, const AbHugoPostOptions *post_options,
            gboolean png)
{
  g_print (_("Would write into %s:\n"), ab_hugo_site_get_root (site));
  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      g_autofree char *target = ab_hugo_post_target (part);
      g_autoptr (GPtrArray) names = ab_hugo_post_diagrams (part);
      g_autoptr (GError) error = NULL;
      g_autofree char *index = ab_hugo_post_build_index (part, post_options, &error);

      if (index == NULL)
        return ab_cli_fail (1, "%s", error->message);
      g_print ("  %s/%s\n", target, ab_hugo_site_exists (site, target) ? _(" (replacing what is there)") : "");
      g_print ("    index.md (%s), %s", _("the part’s sections as one post"), part->hero ? part->hero : "hero.png");
      if (ab_hugo_post_uses_lab (part))
        g_print (", lab.png");
      for (guint d = 0; d < names->len; d++)
        g_print (", %s.png", (const char *) g_ptr_array_index (names, d));
      g_print ("\n");
    }
  for (guint i = 0; i < diagrams->len; i++)
    {
      const char *name = g_ptr_array_index (diagrams, i);
      g_autofree char *target = visualization_target (name);
      g_print ("  %s/%s\n", target, ab_hugo_site_exists (site, target) ? _(" (replacing what is there)") : "");
      g_print (png ? _("    index.html, wide-0/ and narrow-0/ frames (PNG), presets that fit the budget\n")
                   : _("    index.html, wide-0.js, narrow-0.js, presets that fit the budget\n"));
    }
  g_print (_("Nothing was written (--dry-run).\n"));
  return 0;
}

/* The summary -------------------------------------------------------------------- */

static void
print_summary (AbHugoSite *site, GPtrArray *players, GPtrArray *posts, gsize code)
{
  g_autofree char *budget = kib (AB_HUGO_FOLDER_BUDGET);
  g_autofree char *code_s = kib (code), *code_budget = kib (AB_HUGO_PLAYER_BUDGET);

  g_print (_("Wrote into %s:\n"), ab_hugo_site_get_root (site));
  for (guint i = 0; i < posts->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (posts, i));
  for (guint i = 0; i < players->len; i++)
    {
      AbHugoPlayer *p = g_ptr_array_index (players, i);
      g_autofree char *bytes = kib (p->bytes), *gz = kib (p->gzip_bytes);

      g_print (_("  static/visualizations/%s/  %u frames in %u sets, %u files, %s, %s gzipped%s\n"), p->name,
               p->n_frames, p->sets->len, p->files->len, bytes, gz,
               p->gzip_bytes > AB_HUGO_FOLDER_BUDGET ? _(" — OVER the budget") : "");
      for (guint s = 1; s < p->sets->len; s++)
        g_print (_("      preset: %s\n"), (const char *) g_ptr_array_index (p->sets, s));
      for (guint s = 0; s < p->left_out->len; s++)
        g_print (_("      left out: %s\n"), (const char *) g_ptr_array_index (p->left_out, s));
    }
  g_print (_("Budgets: %s gzipped per visualization folder; the player's HTML, CSS and JavaScript %s of %s.\n"),
           budget, code_s, code_budget);
  g_print ("%s\n", ab_hugo_post_config_notes ());
}

/* The export ------------------------------------------------------------------------ */

static char *
post_line (AbPart *part, GPtrArray *files)
{
  g_autofree char *target = ab_hugo_post_target (part);
  GString *out = g_string_new (NULL);
  gsize total = 0;

  for (guint i = 0; i < files->len; i++)
    total += g_bytes_get_size (((AbHugoFile *) g_ptr_array_index (files, i))->contents);
  {
    g_autofree char *index = kib (g_bytes_get_size (((AbHugoFile *) g_ptr_array_index (files, 0))->contents));
    g_autofree char *all = kib (total);
    g_string_append_printf (out, _("%s/  index.md %s, %u files, %s"), target, index, files->len, all);
  }
  return g_string_free (out, FALSE);
}

static gboolean
export_all (AbHugoSite *site, GPtrArray *parts, GPtrArray *diagrams, GPtrArray *homes,
            const AbHugoPostOptions *options, const AbHugoPlayerOptions *player_options, GPtrArray *players,
            GPtrArray *post_lines, GError **error)
{
  GHashTable *by_name = g_hash_table_new (g_str_hash, g_str_equal);
  AbHugoPostOptions post_options = *options;
  gboolean ok = FALSE;

  for (guint i = 0; i < diagrams->len; i++)
    {
      const char *name = g_ptr_array_index (diagrams, i);
      AbPart *home = g_ptr_array_index (homes, i);
      g_autofree char *target = visualization_target (name);
      /* The player's poster is the one in the bundle of the first post showing it. */
      g_autofree char *poster = g_strdup_printf ("%sposts/%s/%s.png", options->base_url,
                                                 home->slug ? home->slug : home->folder, name);
      AbHugoPlayerOptions this_options = *player_options;
      AbHugoPlayer *player;

      this_options.poster_url = poster;
      progress ("[%u/%u] %s", i + 1, diagrams->len, name);
      player = ab_hugo_player_build (name, &this_options, error);
      if (player == NULL)
        goto out;
      g_ptr_array_add (players, player);
      g_hash_table_insert (by_name, player->name, player);
      if (!ab_hugo_site_stage (site, target, player->files, error))
        goto out;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      g_autofree char *target = ab_hugo_post_target (part);
      g_autoptr (GPtrArray) names = ab_hugo_post_diagrams (part);
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_hugo_file_free);
      g_autoptr (GPtrArray) images = NULL;
      char *index;

      progress (_("[post] %s"), target);
      post_options.players = by_name;
      index = ab_hugo_post_build_index (part, &post_options, error);
      if (index == NULL)
        goto out;
      g_ptr_array_add (files, ab_hugo_file_new_take ("index.md", index));
      images = ab_hugo_post_build_images (part, error);
      if (images == NULL)
        goto out;
      for (guint f = 0; f < images->len; f++)
        {
          AbHugoFile *image = g_ptr_array_index (images, f);
          g_ptr_array_add (files, ab_hugo_file_new (image->path, image->contents));
        }
      for (guint d = 0; d < names->len; d++)
        {
          AbHugoPlayer *player = g_hash_table_lookup (by_name, g_ptr_array_index (names, d));
          g_autofree char *path = g_strdup_printf ("%s.png", player->name);
          g_ptr_array_add (files, ab_hugo_file_new (path, player->poster_png));
        }
      if (!ab_hugo_site_stage (site, target, files, error))
        goto out;
      g_ptr_array_add (post_lines, post_line (part, files));
    }
  ok = ab_hugo_site_commit (site, error);
out:
  g_hash_table_unref (by_name);
  return ok;
}

int
ab_hugo_export_main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o.out, N_("The Hugo site to write into (created if missing)"), N_("SITE_DIR") },
    { "part", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o.parts, N_("Export part N (its number, folder or slug; repeatable)"), "N" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &o.all, N_("Export every part (the default)"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, N_("Frames as svg (default; packed small) or png"), N_("FORMAT") },
    { "frames", 0, 0, G_OPTION_ARG_STRING, &o.frames, N_("steps (default: one frame per step) or fps:F (the playback at F frames a second)"), N_("WHICH") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &o.base_url, N_("Where the site is served from (default /)"), N_("URL") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o.force, N_("Replace posts and visualizations that are already there"), NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &o.dry_run, N_("List what would be written; write nothing"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("— export parts of the book as a Hugo site"));
  g_autoptr (GError) error = NULL;
  g_autoptr (AbHugoSite) site = NULL;
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autoptr (GPtrArray) diagrams = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) homes = g_ptr_array_new ();   /* the first part showing each */
  g_autoptr (GPtrArray) players = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_hugo_player_free);
  g_autoptr (GPtrArray) post_lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base_url = NULL;
  AbHugoPlayerOptions player_options = { AB_FRAME_SVG, 0, AB_HUGO_FOLDER_BUDGET, MAX_PRESETS };
  AbHugoPostOptions post_options;
  AbBook *book;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, ab_cli_exit_status_help ());
  g_option_context_set_summary (context,
    _("Write each part as a page bundle (content/posts/<slug>/index.md, hero.png, posters) and each\n"
      "diagram as a self-contained player (static/visualizations/<name>/), for a plain Hugo site.\n"
      "Folders already there are replaced only with --force; a failed export changes nothing."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  if (argc > 2)
    return ab_cli_fail (EXIT_USAGE, _("unexpected argument “%s”"), argv[2]);
  if (o.out == NULL)
    return ab_cli_fail (EXIT_USAGE, _("--out SITE_DIR is required"));
  if (o.all && o.parts)
    return ab_cli_fail (EXIT_USAGE, _("use either --part N … or --all"));
  if (o.format && !ab_frame_format_from_string (o.format, &player_options.format))
    return ab_cli_fail (EXIT_USAGE, _("unknown format “%s” (use svg or png)"), o.format);
  if (!parse_frames (o.frames, &player_options.fps))
    return ab_cli_fail (EXIT_USAGE, _("--frames must be steps or fps:F with F more than 0 and at most 60 (got “%s”)"),
                 o.frames);
  base_url = g_strdup (o.base_url ? o.base_url : "/");
  if (!(base_url[0] == '/' || g_str_has_prefix (base_url, "http://") || g_str_has_prefix (base_url, "https://")) ||
      strpbrk (base_url, "\"<> ") != NULL)
    return ab_cli_fail (EXIT_USAGE, _("--base-url must be a path starting with / or an http(s) URL (got “%s”)"), base_url);
  if (!g_str_has_suffix (base_url, "/"))
    {
      char *slashed = g_strconcat (base_url, "/", NULL);
      g_free (base_url);
      base_url = slashed;
    }

  book = ab_book_get_default ();
  if (o.parts)
    for (guint i = 0; o.parts[i]; i++)
      {
        AbPart *part = find_part (book, o.parts[i]);
        g_autofree char *known = known_parts (book);
        if (part == NULL)
          return ab_cli_fail (EXIT_USAGE, _("unknown part “%s” (the book has parts %s)"), o.parts[i], known);
        if (!g_ptr_array_find (parts, part, NULL))
          g_ptr_array_add (parts, part);
      }
  else
    for (guint i = 0; i < ab_book_get_parts (book)->len; i++)
      g_ptr_array_add (parts, g_ptr_array_index (ab_book_get_parts (book), i));

  for (guint i = 0; i < parts->len; i++)
    {
      AbPart *part = g_ptr_array_index (parts, i);
      g_autoptr (GPtrArray) names = NULL;
      if (!check_pages (part, &error))
        return ab_cli_fail (1, "%s", error->message);
      names = ab_hugo_post_diagrams (part);
      for (guint d = 0; d < names->len; d++)
        if (!g_ptr_array_find_with_equal_func (diagrams, g_ptr_array_index (names, d), g_str_equal, NULL))
          {
            g_ptr_array_add (diagrams, g_strdup (g_ptr_array_index (names, d)));
            g_ptr_array_add (homes, part);
          }
    }

  site = ab_hugo_site_new (o.out, o.force, &error);
  if (site == NULL)
    return ab_cli_fail (EXIT_USAGE, "%s", error->message);
  for (guint i = 0; i < parts->len; i++)
    {
      g_autofree char *target = ab_hugo_post_target (g_ptr_array_index (parts, i));
      if (!ab_hugo_site_check (site, target, &error))
        return ab_cli_fail (EXIT_USAGE, "%s", error->message);
    }
  for (guint i = 0; i < diagrams->len; i++)
    {
      g_autofree char *target = visualization_target (g_ptr_array_index (diagrams, i));
      if (!ab_hugo_site_check (site, target, &error))
        return ab_cli_fail (EXIT_USAGE, "%s", error->message);
    }

  post_options.book = book;
  post_options.base_url = base_url;
  post_options.players = NULL;
  if (o.dry_run)
    return print_plan (site, parts, diagrams, &post_options, player_options.format == AB_FRAME_PNG);

  ab_hugo_site_catch_signals ();
  if (!export_all (site, parts, diagrams, homes, &post_options, &player_options, players, post_lines, &error))
    {
      ab_hugo_site_abort (site);
      if (ab_hugo_site_interrupted ())
        ab_hugo_site_reraise ();
      return ab_cli_fail (1, "%s", error->message);
    }
  print_summary (site, players, post_lines, ab_hugo_player_code_size ());
  return 0;
}

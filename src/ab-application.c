/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-application.c — start-up, the command line, and app-wide actions
 *
 * `attention-book [--page PART/SECTION]` opens the book (at that page); an
 * unknown page says so and opens the first page. `attention-book present
 * [--part N] [--from PAGE] [--monitor K]` presents a part (without either,
 * the one presented last, from where it started) without the book's window.
 * The headless subcommands
 * (export, list-diagrams, …) never get here: main() runs them without GTK.
 */
#define G_LOG_DOMAIN "ab-application"

#include "config.h"
#include "ab-application.h"
#include "ab-bench-hooks.h"
#include "ab-book.h"
#include "ab-cli-fail.h"
#include "ab-content-check.h"
#include "ab-preferences.h"
#include "ab-presenter.h"
#include "ab-resources.h"
#include "ab-settings.h"
#include "ab-slides.h"
#include "ab-window.h"
#include "attention.h"

#include <glib/gi18n.h>

struct _AbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AbApplication, ab_application, ADW_TYPE_APPLICATION)

static AbWindow *
ensure_window (AbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (ab_window_new (GTK_APPLICATION (self), ab_book_get_default ()));
      ab_bench_hooks_attach (G_APPLICATION (self), AB_WINDOW (window));
    }
  return AB_WINDOW (window);
}

static void
ab_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (AB_APPLICATION (app))));
}

/* `present [--part N] [--from PAGE] [--monitor K]`: 0, or 2 for bad input. */
static int
present_command (AbApplication *self, GApplicationCommandLine *cmdline, GVariantDict *options)
{
  AbBook *book = ab_book_get_default ();
  g_autoptr (GSettings) settings = ab_settings_new ();
  g_autofree char *last_from = NULL;
  const char *from_id = NULL;
  int number = 0, monitor = 0;
  AbPage *from = NULL;
  AbPart *part;

  g_variant_dict_lookup (options, "from", "&s", &from_id);
  /* Neither given: the range presented last, from where it started. */
  if (from_id == NULL && !g_variant_dict_contains (options, "part") && settings)
    {
      last_from = g_settings_get_string (settings, "present-from");
      if (*last_from && ab_book_find_page (book, last_from))
        from_id = last_from;
    }
  g_variant_dict_lookup (options, "monitor", "i", &monitor);
  if (monitor < 0)
    {
      g_application_command_line_printerr (cmdline, "attention-book: %s\n",
                                           _("--monitor counts screens from 1 (0 chooses one)"));
      return 2;
    }
  if (from_id && (from = ab_book_find_page (book, from_id)) == NULL)
    {
      g_application_command_line_printerr (cmdline, _("attention-book: there is no page “%s”\n"), from_id);
      return 2;
    }
  if (!g_variant_dict_lookup (options, "part", "i", &number))
    number = from ? from->part->number : settings ? g_settings_get_int (settings, "present-part") : 1;
  part = ab_slides_find_part (book, number);
  if (part == NULL)
    {
      g_application_command_line_printerr (cmdline, _("attention-book: there is no part %d\n"), number);
      return 2;
    }
  if (from && from->part != part)
    {
      g_application_command_line_printerr (cmdline, _("attention-book: page “%s” is not in part %d\n"),
                                           from_id, number);
      return 2;
    }
  ab_presenter_start (GTK_APPLICATION (self), book, part, from, monitor);
  return 0;
}

static int
ab_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  AbApplication *self = AB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **rest = NULL;
  const char *page = NULL;
  AbWindow *window;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &rest);
  if (rest && rest[0] && g_str_equal (rest[0], "present") && rest[1] == NULL)
    return present_command (self, cmdline, options);
  if (rest && rest[0])
    {
      g_application_command_line_printerr (cmdline, _("attention-book: unknown command “%s” (see --help)\n"),
                                           rest[0]);
      return 2;
    }
  if (g_variant_dict_contains (options, "part") || g_variant_dict_contains (options, "from") ||
      g_variant_dict_contains (options, "monitor"))
    {
      g_application_command_line_printerr (cmdline, "attention-book: %s\n",
                                           _("--part, --from and --monitor go with the present command"));
      return 2;
    }
  g_variant_dict_lookup (options, "page", "&s", &page);
  window = ensure_window (self);
  if (page && !ab_window_show_page (window, page))
    {
      g_autofree char *message = g_strdup_printf (_("There is no page “%s”; opening the first page"), page);
      GPtrArray *pages = ab_book_get_pages (ab_book_get_default ());

      g_application_command_line_printerr (cmdline, "attention-book: %s\n", message);
      ab_window_show_page (window, ((AbPage *) g_ptr_array_index (pages, 0))->id);
      ab_window_toast (window, message);
    }
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static int
ab_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("attention-book %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Attention Book contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Attention Book"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("An interactive book on the evolution of attention in transformers, "
                                       "from Bahdanau to FlashAttention and the inference era."),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("Code GPL-3.0-or-later; book text CC-BY-4.0"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWidget *preferences = ab_preferences_new (gtk_application_get_active_window (user_data));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
ab_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  static const char *const quit_accels[] = { "<Ctrl>q", NULL };
  static const char *const preferences_accels[] = { "<Ctrl>comma", NULL };

  /* Referencing the bundle keeps a static link from dropping it. */
  (void) ab_get_resource ();
  G_APPLICATION_CLASS (ab_application_parent_class)->startup (app);

  /* The book's palette is a dark one (DESIGN.md); the chrome follows it. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ab_content_check_install_shapes_only ();
  /* The diagrams' products are small, and their worker threads call
   * OpenBLAS beside the lab's: its own threads would only spin and
   * contend (see ab_attention_set_blas_threads()). */
  ab_attention_set_blas_threads (1);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  ab_preferences_apply (GTK_APPLICATION (app));
}

static void
ab_application_class_init (AbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ab_application_activate;
  app_class->command_line = ab_application_command_line;
  app_class->handle_local_options = ab_application_handle_local_options;
  app_class->startup = ab_application_startup;
}

static const GOptionEntry options[] = {
  { "page", 'p', 0, G_OPTION_ARG_STRING, NULL, N_("Open the book at PAGE (PART/SECTION, e.g. part-1/scaled-dot-product)"), N_("PAGE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "part", 0, 0, G_OPTION_ARG_INT, NULL, N_("present: the part to present (default: the one presented last)"), "N" },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL, N_("present: start at PAGE (PART/SECTION)"), N_("PAGE") },
  { "monitor", 0, 0, G_OPTION_ARG_INT, NULL, N_("present: the audience’s screen, from 1 (0: automatic)"), "K" },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[COMMAND …]") },
  { NULL }
};

gboolean
ab_application_check_options (int argc, char **argv, GError **error)
{
  /* GApplication's own options (--help…, --gapplication-service) are its to
   * parse; everything else must be one of ours */
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--help") || g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "-?") ||
        g_str_has_prefix (argv[i], "--gapplication"))
      return TRUE;

  /* a copy of the table with somewhere to put each value */
  GOptionEntry entries[G_N_ELEMENTS (options)];
  union { char *s; char **strv; gboolean b; int i; } values[G_N_ELEMENTS (options)] = { { 0 } };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (GStrv) args = g_new0 (char *, argc + 1);
  char **rest;
  gboolean ok;

  for (guint k = 0; k < G_N_ELEMENTS (options); k++)
    {
      entries[k] = options[k];
      entries[k].arg_data = options[k].long_name ? &values[k] : NULL;
    }
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ok = g_option_context_parse_strv (context, &args, error);
  /* and the one command the window takes, before GTK needs a display */
  rest = values[G_N_ELEMENTS (options) - 2].strv;   /* G_OPTION_REMAINING, the last entry */
  if (ok && rest && rest[0] && (!g_str_equal (rest[0], "present") || rest[1]))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("unknown command “%s”"),
                   g_str_equal (rest[0], "present") ? rest[1] : rest[0]);
      ok = FALSE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (options); k++)
    if (options[k].arg == G_OPTION_ARG_STRING)
      g_free (values[k].s);
    else if (options[k].arg == G_OPTION_ARG_STRING_ARRAY)
      g_strfreev (values[k].strv);
  return ok;
}

static void
ab_application_init (AbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_description (G_APPLICATION (self), ab_cli_exit_status_help ());
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("An interactive book on attention in transformers.\n\n"
      "Commands (run without a display):\n"
      "  list-diagrams        List every diagram with its title and number of steps\n"
      "  export --diagram NAME --format svg|png --out DIR [--step K | --all-steps | --fps F --seconds S]\n"
      "                       Export diagram frames (see “attention-book export --help”)\n"
      "  export-hugo --out SITE_DIR [--part N … | --all] [--format svg|png] [--frames steps|fps:F]\n"
      "              [--base-url /] [--force] [--dry-run]\n"
      "                       Export parts as Hugo posts with playable figures (see “attention-book export-hugo --help”)\n"
      "  render-math --tex TEX --format svg|png --out FILE [--display] [--size PT] [--color #rrggbb]\n"
      "                       Typeset one equation (see “attention-book render-math --help”)\n"
      "  check DIR            Check a book folder (or one part-N… folder) with the content test’s rules\n"
      "  export-slides --part N --format pdf|png --out PATH [--notes FILE]\n"
      "                       Export a part as slides (see “attention-book export-slides --help”)\n"
      "  format-values KEY…   Print computed values as pages quote them (a line per key, for scripts)\n\n"
      "Presenting (with a display):\n"
      "  present [--part N] [--from PAGE] [--monitor K]\n"
      "                       Present a part full screen, with the presenter console"));
}

AbApplication *
ab_application_new (void)
{
  return g_object_new (AB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/in/deepakbaby/AttentionBook",
                       NULL);
}

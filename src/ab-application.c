/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-application.c — start-up, the command line, and app-wide actions
 *
 * `attention-book [--page PART/SECTION]` opens the book (at that page); an
 * unknown page says so and opens the first page. The headless subcommands
 * (export, list-diagrams, …) never get here: main() runs them without GTK.
 */
#define G_LOG_DOMAIN "ab-application"

#include "config.h"
#include "ab-application.h"
#include "ab-book.h"
#include "ab-content-check.h"
#include "ab-resources.h"
#include "ab-window.h"

#include <glib/gi18n.h>

struct _AbApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AbApplication, ab_application, ADW_TYPE_APPLICATION)

/* For bench/app/bench-startup: print when the first page is on screen, then quit. */
static void
report_first_paint (GdkFrameClock *clock, GApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, report_first_paint, app);
  g_print ("first-paint %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (app);
}

static void
window_mapped (GtkWidget *window, GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (report_first_paint), app);
}

static AbWindow *
ensure_window (AbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (ab_window_new (GTK_APPLICATION (self), ab_book_get_default ()));
      if (g_getenv ("AB_BENCH_FIRST_PAINT"))
        g_signal_connect (window, "map", G_CALLBACK (window_mapped), self);
    }
  return AB_WINDOW (window);
}

static void
ab_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (AB_APPLICATION (app))));
}

static int
ab_application_command_line (GApplication *app, GApplicationCommandLine *cmdline)
{
  AbApplication *self = AB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *page = NULL;
  AbWindow *window;

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
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
ab_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const char *const quit_accels[] = { "<Ctrl>q", NULL };

  /* Referencing the bundle keeps a static link from dropping it. */
  (void) ab_get_resource ();
  G_APPLICATION_CLASS (ab_application_parent_class)->startup (app);

  /* The book's palette is a dark one (DESIGN.md); the chrome follows it. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ab_content_check_install ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
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

static void
ab_application_init (AbApplication *self)
{
  static const GOptionEntry options[] = {
    { "page", 'p', 0, G_OPTION_ARG_STRING, NULL, N_("Open the book at PAGE (PART/SECTION, e.g. part-1/scaled-dot-product)"), N_("PAGE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("An interactive book on attention in transformers.\n\n"
      "Commands (run without a display):\n"
      "  list-diagrams        List every diagram with its title and number of steps\n"
      "  export --diagram NAME --format svg|png --out DIR [--step K | --all-steps | --fps F --seconds S]\n"
      "                       Export diagram frames (see “attention-book export --help”)\n"
      "  render-math --tex TEX --format svg|png --out FILE [--display] [--size PT] [--color #rrggbb]\n"
      "                       Typeset one equation (see “attention-book render-math --help”)\n"
      "  check DIR            Check a book folder (or one part-N… folder) with the content test’s rules"));
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

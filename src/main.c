/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — attention-book: the app, or a headless subcommand */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ab-application.h"
#include "ab-cli.h"
#include "ab-content-check.h"

int
main (int argc, char *argv[])
{
  g_autoptr (AbApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Exports and listings need no display: never initialise GTK for them. */
  if (ab_cli_is_subcommand (argc, argv))
    {
      ab_content_check_install ();
      return ab_cli_run (argc, argv);
    }

  app = ab_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

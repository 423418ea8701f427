/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — attention-book: the app, or a headless subcommand */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ab-application.h"
#include "ab-cli.h"
#include "ab-content-check.h"
#include "ab-math.h"
#include "ab-paths.h"
#include "ab-renderer.h"
#include "attention.h"

int
main (int argc, char *argv[])
{
  g_autoptr (AbApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ab_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* The diagrams' small BLAS products: see ab_attention_set_blas_threads(). */
  ab_attention_set_blas_threads (1);

  /* Exports and listings need no display: never initialise GTK for them. */
  if (ab_cli_is_subcommand (argc, argv))
    {
      g_autoptr (GError) error = NULL;

      /* Frames still export without the math font, with TeX for formulas: say so once. */
      if (g_str_has_prefix (argv[1], "export") && !ab_math_font_available (&error))
        g_printerr (_("attention-book: %s: formulas in the frames are drawn as their TeX source\n"), error->message);
      ab_content_check_install ();
      return ab_cli_run (argc, argv);
    }

  {
    g_autoptr (GError) error = NULL;
    if (!ab_application_check_options (argc, argv, &error))
      {
        g_printerr (_("attention-book: %s (see --help)\n"), error->message);
        return 2;
      }
  }
  ab_renderer_choose ();
  app = ab_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

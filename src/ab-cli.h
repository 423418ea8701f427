/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cli.h — the headless subcommands of attention-book (no display needed) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv[1] names a subcommand handled here. */
gboolean ab_cli_is_subcommand (int argc, char **argv);
/* Run the subcommand in argv[1]; returns the process exit status. */
int      ab_cli_run           (int argc, char **argv);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cli-fail.h — the one error line of the command-line tools */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "attention-book: MESSAGE" on stderr as one line (newlines in the
 * message become spaces) and returns @status, the exit code to use:
 * 1 for a runtime failure, 2 for a usage error or bad input. */
int ab_cli_fail (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The exit statuses of every command, translated, for the end of --help. */
const char *ab_cli_exit_status_help (void);

G_END_DECLS

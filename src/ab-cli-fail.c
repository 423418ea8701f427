/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cli-fail.c — the one error line of the command-line tools */
#include "config.h"
#include "ab-cli-fail.h"

#include <glib/gi18n.h>

const char *
ab_cli_exit_status_help (void)
{
  return _("Exit status: 0 success; 1 a failure while working (writing a file, memory);\n"
           "2 bad usage or input (options, sizes, content, an output path that cannot\n"
           "be used); 130, 143 or 129 when stopped by SIGINT, SIGTERM or SIGHUP, with\n"
           "temporary files removed and files written before left as they were.");
}

int
ab_cli_fail (int status, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, whatever the message holds. */
  g_strdelimit (message, "\n", ' ');
  g_printerr ("attention-book: %s\n", message);
  return status;
}

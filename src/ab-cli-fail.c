/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-cli-fail.c — the one error line of the command-line tools */
#include "ab-cli-fail.h"

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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-test-util.h — running the built attention-book as a user would, for
 * the command-line tests (header-only: each test is one executable) */
#pragma once

#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

typedef struct
{
  int   status;   /* the exit code; 255 when killed */
  char *out;
  char *err;
} CliResult;

static inline void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

/* In the child: files cannot grow past the limit, so writes fail half way
 * (the signal that would kill the process is ignored, the write fails). */
static void
cli_limit_file_size (gpointer user_data)
{
  rlim_t bytes = *(const rlim_t *) user_data;
  struct rlimit lim = { bytes, bytes };
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &lim);
}

/* Runs the NULL-terminated @argv; with @limit_bytes > 0 under that file-size
 * limit. */
static inline CliResult
cli_run_argv (const char *const *argv, rlim_t limit_bytes)
{
  g_autoptr (GError) error = NULL;
  CliResult r = { 0 };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                               limit_bytes > 0 ? cli_limit_file_size : NULL, &limit_bytes,
                               &r.out, &r.err, &r.status, &error));
  g_assert_no_error (error);
  r.status = g_spawn_check_wait_status (r.status, NULL) ? 0
             : (WIFEXITED (r.status) ? WEXITSTATUS (r.status) : 255);
  return r;
}

/* A refusal: a status other than 0 and one line on stderr, naming the
 * problem (@fragment). */
static inline void
cli_assert_one_line_error (const CliResult *r, const char *fragment)
{
  g_test_message ("status %d, stderr: %s", r->status, r->err);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_nonnull (strstr (r->err, fragment));
  g_assert_true (g_str_has_prefix (r->err, "attention-book: "));
  g_assert_cmpint (strchr (r->err, '\n') - r->err, ==, (int) strlen (r->err) - 1);
}

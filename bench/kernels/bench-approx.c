/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-approx.c — wall time of each approximate method of Part 2 against
 * exact attention, one head, d = 64, at each method's default budget
 * (ab_approx_default_budget), on the smooth input of approx-error.h.
 * A benchmark, never a test: run it by hand on an idle machine.
 *   bench-approx [--repeat R] [N ...]      (default: 1024 2048 4096)
 * Each time is the best of R runs (default 5) of ab_approx_measure, which
 * runs the method once and then compares its N × d output with the exact
 * reference (O(N·d), small next to the method itself). FlashAttention runs
 * on one thread; OpenBLAS (Linformer, Performer, the references) uses
 * OPENBLAS_NUM_THREADS, printed below. */
#define _POSIX_C_SOURCE 200809L
#include "approx-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The first line of @path that starts with @key, after the colon. */
static void
print_field (const char *label, const char *path, const char *key)
{
  char line[512];
  FILE *f = fopen (path, "r");

  if (!f)
    return;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, key, strlen (key)) == 0)
      {
        const char *v = strchr (line, ':');
        printf ("%-22s %s", label, v ? v + 2 : line);
        break;
      }
  fclose (f);
}

static void
print_file (const char *label, const char *path)
{
  char line[256];
  FILE *f = fopen (path, "r");

  if (f && fgets (line, sizeof line, f))
    printf ("%-22s %s", label, line);
  if (f)
    fclose (f);
}

/* What lscpu's head says, from /proc and /sys: times are noise without it. */
static void
print_machine (void)
{
  const char *blas = getenv ("OPENBLAS_NUM_THREADS");

  print_field ("Model name:", "/proc/cpuinfo", "model name");
  printf ("%-22s %ld\n", "CPU(s) online:", sysconf (_SC_NPROCESSORS_ONLN));
  print_file ("L1d per core:", "/sys/devices/system/cpu/cpu0/cache/index0/size");
  print_file ("L2 per core:", "/sys/devices/system/cpu/cpu0/cache/index2/size");
  print_file ("L3:", "/sys/devices/system/cpu/cpu0/cache/index3/size");
  print_file ("Load average:", "/proc/loadavg");
  printf ("%-22s %s\n\n", "OPENBLAS_NUM_THREADS:", blas ? blas : "(unset: OpenBLAS default)");
}

static int
bench_n (int n, int repeat)
{
  AbApproxInputConfig cfg;
  AbApproxProblem p;
  AbApproxError err;
  double flash_ms = 0, t0 = now_ms ();

  ab_approx_input_config_init (&cfg);
  cfg.n = n;
  if (ab_approx_problem_init (&p, &cfg, 0, &err) != AB_APPROX_OK)
    {
      fprintf (stderr, "bench-approx: N = %d: %s\n", n, err.message);
      return 1;
    }
  printf ("N = %d, d = %d (problem and its two double references: %.0f ms)\n", n, cfg.d, now_ms () - t0);
  printf ("| method | budget | best ms | GFLOP/s | time ÷ flash | FLOPs ÷ flash | output error |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|\n");
  /* FlashAttention first: every other row is relative to it */
  for (int pass = 0; pass < 2; pass++)
    for (int m = 0; m < AB_APPROX_N_METHODS; m++)
      {
        static uint64_t flash_flops;
        AbApproxMethodConfig mc = { .method = m, .budget = ab_approx_default_budget (m, n, cfg.d),
                                    .seed = 1 };
        AbApproxResult r;
        double best = 1e30;

        if ((pass == 0) != (m == AB_APPROX_METHOD_FLASH))
          continue;
        for (int i = 0; i < repeat; i++)
          {
            double t = now_ms ();
            if (ab_approx_measure (&p, &mc, 0, &r, &err) != AB_APPROX_OK)
              {
                fprintf (stderr, "bench-approx: %s: %s\n", ab_approx_method_name (m), err.message);
                ab_approx_problem_clear (&p);
                return 1;
              }
            t = now_ms () - t;
            best = t < best ? t : best;
          }
        if (m == AB_APPROX_METHOD_FLASH)
          {
            flash_ms = best;
            flash_flops = r.flops;
          }
        printf ("| %s | %d | %.2f | %.1f | %.2f | %.2f | %.2e |\n", ab_approx_method_name (m), mc.budget,
                best, r.flops / (best * 1e6), best / flash_ms, (double) r.flops / (double) flash_flops,
                r.output_error);
      }
  printf ("\n");
  ab_approx_problem_clear (&p);
  return 0;
}

int
main (int argc, char **argv)
{
  int repeat = 5, n_given = 0, status = 0;

  print_machine ();
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = atoi (argv[++i]) > 0 ? atoi (argv[i]) : 1;
    else
      {
        int n = atoi (argv[i]);
        if (n < 2 || n > AB_APPROX_MAX_N)
          {
            fprintf (stderr, "bench-approx: N must be 2 … %d (got %s)\n", AB_APPROX_MAX_N, argv[i]);
            return 2;
          }
        n_given++;
        status |= bench_n (n, repeat);
      }
  if (n_given == 0)
    for (int n = 1024; n <= 4096 && status == 0; n *= 2)
      status |= bench_n (n, repeat);
  return status;
}

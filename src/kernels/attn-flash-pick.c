/* SPDX-License-Identifier: GPL-3.0-or-later */
/* attn-flash-pick.c — which FA2 micro-kernel this CPU runs
 *
 * The per-ISA kernels exist only where meson.build compiled them
 * (AB_MICRO_X86 on x86-64). The choice is made once per call from the CPU's
 * features (which also check that the OS saves the wide registers) and d.
 */
#include "attn-flash-micro.h"

#include <stdlib.h>
#include <string.h>

static int
runs (const AbMicroKernel *k)
{
#if defined(AB_MICRO_X86)
  if (k == &ab__micro_avx512)
    return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("fma");
  if (k == &ab__micro_avx2)
    return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#endif
  return k == &ab__micro_portable;
}

/* Fastest first; the portable kernel is for tests and forced runs: where
 * no wide ISA is present, OpenBLAS's own kernels are the better default. */
static const AbMicroKernel *const all[] = {
#if defined(AB_MICRO_X86)
  &ab__micro_avx512,
  &ab__micro_avx2,
#endif
  &ab__micro_portable,
};
#define N_ALL ((int) (sizeof all / sizeof all[0]))

int
ab__micro_available (const AbMicroKernel **out, int max)
{
  int c = 0;
  for (int i = 0; i < N_ALL && c < max; i++)
    if (runs (all[i]))
      out[c++] = all[i];
  return c;
}

const AbMicroKernel *
ab__micro_pick (int d)
{
  const char *force = getenv ("AB_FLASH_INNER");
  if (force && *force)
    {
      for (int i = 0; i < N_ALL; i++)
        if (strcmp (force, all[i]->name) == 0)
          return runs (all[i]) && d % all[i]->lanes == 0 ? all[i] : NULL;
      return NULL;   /* "blas" or a name this build lacks */
    }
  for (int i = 0; i < N_ALL; i++)
    if (all[i] != &ab__micro_portable && runs (all[i]) && d % all[i]->lanes == 0)
      return all[i];
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-lab-status.c — the lab's status line, in words, from its sweep
 *
 * "N = 4,096 · naive 12.3 ms · flash 9.8 ms" while it runs, and at the end
 * how it ended: where naive stopped and why, how far flash went. GLib only.
 */
#define G_LOG_DOMAIN "ab-lab-status"

#include "ab-lab-status.h"
#include "ab-format.h"

#include <glib/gi18n.h>

static const AbLabPoint *
point_at (AbLabSweep *sweep, AbLabKernel kernel, int n)
{
  GArray *points = ab_lab_sweep_get_points (sweep);

  for (guint i = 0; i < points->len; i++)
    {
      const AbLabPoint *p = &g_array_index (points, AbLabPoint, i);
      if (p->kernel == kernel && p->n == n)
        return p;
    }
  return NULL;
}

static const char *
kernel_name (AbLabKernel kernel)
{
  return kernel == AB_LAB_NAIVE ? _("naive") : _("flash");
}

static void
append_time (GString *s, AbLabKernel kernel, const AbLabPoint *p)
{
  if (p == NULL)
    return;
  if (p->status == AB_ATTN_OK)
    {
      g_autofree char *ms = ab_format_number (p->ms);
      /* Translators: "naive 12.3 ms" */
      g_string_append_printf (s, _(" · %s %s ms"), kernel_name (kernel), ms);
    }
  else if (p->status == AB_ATTN_E_BUDGET)
    g_string_append_printf (s, _(" · %s over budget"), kernel_name (kernel));
  else
    g_string_append_printf (s, _(" · %s failed"), kernel_name (kernel));
}

/* "N = 4,096 · naive 12.3 ms · flash 9.8 ms" for the last N with a flash run. */
static char *
last_summary (AbLabSweep *sweep)
{
  const AbLabPoint *flash = ab_lab_sweep_last_point (sweep, AB_LAB_FLASH);
  g_autofree char *n = NULL;
  GString *s;

  if (flash == NULL)
    return NULL;
  n = ab_format_count ((guint64) flash->n);
  s = g_string_new (NULL);
  g_string_append_printf (s, "N = %s", n);
  append_time (s, AB_LAB_NAIVE, point_at (sweep, AB_LAB_NAIVE, flash->n));
  append_time (s, AB_LAB_FLASH, flash);
  return g_string_free (s, FALSE);
}

static char *
outcome (AbLabSweep *sweep)
{
  GArray *points = ab_lab_sweep_get_points (sweep);
  const AbLabPoint *flash = ab_lab_sweep_last_point (sweep, AB_LAB_FLASH);

  for (guint i = 0; i < points->len; i++)
    {
      const AbLabPoint *p = &g_array_index (points, AbLabPoint, i);
      if (p->kernel == AB_LAB_NAIVE && p->status == AB_ATTN_E_BUDGET)
        {
          g_autofree char *n = ab_format_count ((guint64) p->n);
          g_autofree char *need = ab_format_bytes ((double) p->bytes);
          g_autofree char *budget = ab_format_bytes ((double) p->budget);
          g_autofree char *top = flash ? ab_format_count ((guint64) flash->n) : g_strdup ("—");
          return g_strdup_printf (_("Naive attention stopped at N = %s: its scores need %s, over the %s budget. "
                                    "FlashAttention ran to N = %s."), n, need, budget, top);
        }
      if (p->kernel == AB_LAB_NAIVE && p->status != AB_ATTN_OK)
        {
          g_autofree char *n = ab_format_count ((guint64) p->n);
          return g_strdup_printf (_("Naive attention stopped at N = %s: %s."), n, p->message);
        }
    }
  if (flash)
    {
      g_autofree char *top = ab_format_count ((guint64) flash->n);
      return g_strdup_printf (_("Both kernels ran to N = %s."), top);
    }
  return NULL;
}

char *
ab_lab_status_text (AbLabSweep *sweep, int top_n, int head_dim, char **progress)
{
  g_autofree char *summary = NULL;
  char *status = NULL, *bar = NULL;
  const char *error;
  AbLabKernel kernel;
  int n;

  g_return_val_if_fail (AB_IS_LAB_SWEEP (sweep), NULL);
  summary = last_summary (sweep);
  error = ab_lab_sweep_get_error (sweep);
  if (ab_lab_sweep_get_running (sweep))
    {
      if (ab_lab_sweep_get_current (sweep, &n, &kernel))
        {
          g_autofree char *count = ab_format_count ((guint64) n);
          /* Translators: "Measuring flash at N = 8,192" */
          bar = g_strdup_printf (_("Measuring %s at N = %s"), kernel_name (kernel), count);
        }
      else
        bar = g_strdup (_("Measuring"));
      status = summary ? g_strdup (summary) : g_strdup (_("Starting: filling Q, K and V…"));
    }
  else if (ab_lab_sweep_get_points (sweep)->len == 0 && !ab_lab_sweep_get_cancelled (sweep) && !error)
    {
      g_autofree char *top = ab_format_count ((guint64) top_n);
      bar = g_strdup (_("Not run yet"));
      status = g_strdup_printf (_("Press Run to time both kernels at N = 256 to %s, d = %d."), top, head_dim);
    }
  else
    {
      g_autofree char *result = outcome (sweep);
      GString *s = g_string_new (NULL);

      if (ab_lab_sweep_get_cancelled (sweep))
        g_string_append (s, _("Cancelled."));
      else if (error)
        g_string_append_printf (s, _("Stopped: %s."), error);
      else
        g_string_append (s, _("Done."));
      if (summary)
        g_string_append_printf (s, " %s.", summary);
      if (result)
        g_string_append_printf (s, " %s", result);
      status = g_string_free (s, FALSE);
      bar = g_strdup (ab_lab_sweep_get_cancelled (sweep) ? _("Cancelled") : error ? _("Stopped") : _("Done"));
    }
  if (progress)
    *progress = bar;
  else
    g_free (bar);
  return status;
}


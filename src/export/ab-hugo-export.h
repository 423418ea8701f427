/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-export.h — `attention-book export-hugo`: parts of the book as a Hugo site
 *
 *   attention-book export-hugo --out SITE_DIR [--part N … | --all]
 *       [--format svg|png] [--frames steps|fps:F] [--base-url /]
 *       [--force] [--dry-run]
 *
 * Writes content/posts/<slug>/ for each part (ab-hugo-post.h) and
 * static/visualizations/<name>/ for each diagram they show
 * (ab-hugo-player.h), every folder whole or not at all (ab-hugo-site.h),
 * then prints what it wrote, with sizes, and the lines the site's config
 * needs. Errors are one line on stderr: status 2 for bad usage or a target
 * it will not replace, 1 for a failure while working.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The size budgets (the plan's Lighthouse budget, decimal kilobytes). */
#define AB_HUGO_FOLDER_BUDGET 200000   /* a visualization folder, gzipped */
#define AB_HUGO_PLAYER_BUDGET 20000    /* the player's HTML, CSS and JavaScript */

/* argv[1] is "export-hugo". */
int ab_hugo_export_main (int argc, char **argv);

G_END_DECLS

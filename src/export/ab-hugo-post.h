/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-post.h — one part of the book as a Hugo page bundle
 *
 * content/posts/<slug>/index.md: front matter in the shape of the blog's
 * posts (DESIGN.md, "Export to Hugo"), the part's overview, then each
 * section under a "## Title {#slug}" heading (its own headings one level
 * down), so page: links land on /posts/<slug>/#<section>. Diagrams become
 * the blog's embed wrapper around an iframe of /visualizations/<name>/, with
 * the poster as a <noscript> fallback; the wrapper's small style and script
 * block closes the post, once.
 */
#pragma once

#include "ab-book.h"

G_BEGIN_DECLS

typedef struct
{
  AbBook     *book;
  const char *base_url;   /* "/" or "/blog/": ends with a slash */
  GHashTable *players;    /* name → AbHugoPlayer* already built (titles and poster
                           * texts from there), or NULL (a dry run) */
} AbHugoPostOptions;

/* The diagrams @part shows, in reading order, each once (char*). */
GPtrArray *ab_hugo_post_diagrams    (AbPart *part);
gboolean   ab_hugo_post_uses_lab    (AbPart *part);
/* content/posts/<slug> */
char      *ab_hugo_post_target      (AbPart *part);
/* The post's index.md. */
char      *ab_hugo_post_build_index (AbPart *part, const AbHugoPostOptions *options, GError **error);
/* The bundle's own images: hero.png, and lab.png when the part has the lab
 * (AbHugoFile*). The diagrams' posters come from their players. */
GPtrArray *ab_hugo_post_build_images (AbPart *part, GError **error);

/* Lines for the site's config: what the posts need from Hugo and KaTeX. */
const char *ab_hugo_post_config_notes (void);

G_END_DECLS

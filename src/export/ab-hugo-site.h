/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-site.h — the folders an export replaces in a Hugo site, all or none
 *
 * An export writes whole folders ("targets": content/posts/<slug>,
 * static/visualizations/<name>). Each is first written in full into a hidden
 * sibling (".<name>.ab-new-XXXXXX"); only when every target is complete are
 * they renamed into place, the old ones moved aside and then removed. A
 * failure before that — a full disk, a file-size limit, Ctrl+C — removes
 * the hidden folders and leaves the site exactly as it was. Folders the
 * export had to create on the way (content/posts) go again too.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One file of a target: a path inside it, and its bytes. */
typedef struct
{
  char   *path;
  GBytes *contents;
} AbHugoFile;

AbHugoFile *ab_hugo_file_new        (const char *path, GBytes *contents);
/* Takes @text (a NUL-terminated string) without copying. */
AbHugoFile *ab_hugo_file_new_take   (const char *path, char *text);
void        ab_hugo_file_free       (AbHugoFile *file);
/* How many bytes @contents is gzipped (level 9), as a web server sends it. */
gsize       ab_hugo_gzip_size       (GBytes *contents);

typedef struct _AbHugoSite AbHugoSite;

/* @root: the site (created when missing, if its parent exists). With
 * @force, non-empty targets are replaced; without, they are refused. */
AbHugoSite *ab_hugo_site_new        (const char *root, gboolean force, GError **error);
void        ab_hugo_site_free       (AbHugoSite *site);
const char *ab_hugo_site_get_root   (AbHugoSite *site);

/* Before any work: may @target (a path inside the site) be written? */
gboolean    ab_hugo_site_check      (AbHugoSite *site, const char *target, GError **error);
/* Would writing @target replace something? (for --dry-run) */
gboolean    ab_hugo_site_exists     (AbHugoSite *site, const char *target);
/* Write @files (AbHugoFile*) into @target's hidden folder. */
gboolean    ab_hugo_site_stage      (AbHugoSite *site, const char *target, GPtrArray *files,
                                     GError **error);
/* Rename every staged target into place (signals held off meanwhile). */
gboolean    ab_hugo_site_commit     (AbHugoSite *site, GError **error);
/* Remove every staged folder and every folder the export created. */
void        ab_hugo_site_abort      (AbHugoSite *site);

/* SIGINT, SIGTERM and SIGHUP from now on only mark the export interrupted;
 * long loops poll ab_hugo_site_interrupted() and give up, the caller
 * aborts and then ab_hugo_site_reraise() ends the process by the signal. */
void        ab_hugo_site_catch_signals (void);
int         ab_hugo_site_interrupted   (void);
void        ab_hugo_site_reraise       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AbHugoSite, ab_hugo_site_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-markdown.h — a page body (Hugo-flavoured Markdown) into an AbBlock tree
 *
 * md4c does the Markdown (with tables, strikethrough and $…$ / $$…$$ math);
 * this layer adds the book's Hugo-style shortcodes:
 *   {{< diagram name="scoring-functions" >}}            a live diagram (own line)
 *   {{< callout type="why|example|note" title="…" >}}   a callout box, closed by
 *   {{< /callout >}}                                    (both on their own lines)
 *   {{< term key="hbm" >}}HBM{{< /term >}}              a glossary term (or the
 *   {{< term key="hbm" >}}                              glossary's own wording)
 *   {{< value key="scoring.var.dot.d64" >}}             a number computed by a kernel
 *   {{< lab >}} or {{< lab max_n="8192" >}}            the lab: naive attention vs
 *                                                       FlashAttention timed on the
 *                                                       reader's CPU (own line)
 *   {{< slide title="…" >}} … {{< /slide >}}           content that is also a slide of
 *                                                       the presentation (top level;
 *                                                       title optional; no diagram)
 *   {{< notes >}} … {{< /notes >}}                      speaker notes for the slide
 *                                                       before them, or the slide they
 *                                                       are in; hidden when reading
 * Anything malformed becomes an AB_BLOCK_ERROR in place and a "line N: …"
 * message in @errors, so the app shows it and the content test fails on it.
 *
 * Nesting (block quotes, lists, callouts, in any mix) is capped at
 * AB_MARKDOWN_MAX_DEPTH levels below the document: deeper blocks are not made
 * (their text joins the deepest block allowed) and one "nesting deeper than N
 * levels" error is reported. Code that walks the tree recursively, like the
 * page view building its widgets, relies on this bound.
 */
#pragma once

#include "ab-block.h"

G_BEGIN_DECLS

#define AB_MARKDOWN_MAX_DEPTH 64

/* The lab's max_n: a power of two in this range (its N sequence starts at 256). */
#define AB_LAB_MAX_N_LOWEST  512
#define AB_LAB_MAX_N_HIGHEST 32768

/* What the content may refer to; set by the app and the tests, since the
 * diagrams, glossary and computed values live outside the book model. */
typedef struct
{
  gboolean (*has_diagram) (const char *name);
  gboolean (*has_term)    (const char *key);
  /* FALSE with @error saying which part of the key is wrong. */
  gboolean (*check_value) (const char *key, GError **error);
  gboolean (*has_page)    (const char *id);
} AbContentValidator;

void     ab_markdown_set_validator (const AbContentValidator *validator);

extern const char *const ab_callout_types[];   /* "why", "example", "note", NULL */

/* @first_line: line number of the body's first line in its file.
 * @errors: receives "line N: message" strings (owned by the array). */
AbBlock *ab_markdown_parse (const char *body, int first_line, GPtrArray *errors);

G_END_DECLS

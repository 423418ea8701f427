/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-post.c — front matter, sections in order, embeds, the lab note */
#define G_LOG_DOMAIN "ab-hugo-post"

#include "ab-hugo-post.h"
#include "ab-book-values.h"
#include "ab-diagram-registry.h"
#include "ab-hugo-hero.h"
#include "ab-hugo-escape.h"
#include "ab-hugo-markdown.h"
#include "ab-hugo-player.h"
#include "ab-hugo-site.h"
#include "ab-resources.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pango.h>
#include <string.h>

/* Card images: 16:9 at the size blogs show a hero. */
#define CARD_W 1600
#define CARD_H 900

static GPtrArray *
part_pages (AbPart *part)
{
  GPtrArray *pages = g_ptr_array_new ();

  if (part->overview)
    g_ptr_array_add (pages, part->overview);
  for (guint i = 0; i < part->sections->len; i++)
    g_ptr_array_add (pages, g_ptr_array_index (part->sections, i));
  return pages;
}

typedef struct
{
  GPtrArray *names;
  gboolean   lab;
} Found;

/* In reading order; the presenter's speaker notes are no part of the post. */
static void
find_blocks (AbBlock *block, Found *found)
{
  if (block->kind == AB_BLOCK_NOTES)
    return;
  if (block->kind == AB_BLOCK_DIAGRAM && block->text &&
      !g_ptr_array_find_with_equal_func (found->names, block->text, g_str_equal, NULL))
    g_ptr_array_add (found->names, g_strdup (block->text));
  found->lab |= block->kind == AB_BLOCK_LAB;
  for (guint i = 0; block->children && i < block->children->len; i++)
    find_blocks (g_ptr_array_index (block->children, i), found);
}

static Found
scan_part (AbPart *part)
{
  g_autoptr (GPtrArray) pages = part_pages (part);
  Found found = { g_ptr_array_new_with_free_func (g_free), FALSE };

  for (guint i = 0; i < pages->len; i++)
    find_blocks (ab_page_get_document (g_ptr_array_index (pages, i)), &found);
  return found;
}

GPtrArray *
ab_hugo_post_diagrams (AbPart *part)
{
  return scan_part (part).names;
}

gboolean
ab_hugo_post_uses_lab (AbPart *part)
{
  Found found = scan_part (part);
  g_ptr_array_unref (found.names);
  return found.lab;
}

char *
ab_hugo_post_target (AbPart *part)
{
  return g_strdup_printf ("content/posts/%s", part->slug ? part->slug : part->folder);
}

/* The translation's context -------------------------------------------------- */

typedef struct
{
  const AbHugoPostOptions *options;
  AbPart                  *part;
  AbPage                  *page;    /* being translated */
} Context;

static char *
post_url (const AbHugoPostOptions *options, AbPart *part)
{
  return g_strdup_printf ("%sposts/%s/", options->base_url, part->slug ? part->slug : part->folder);
}

static char *
resolve_link (const char *id, gpointer user_data)
{
  Context *ctx = user_data;
  AbPage *page = ab_book_find_page (ctx->options->book, id);
  g_autofree char *url = NULL;

  if (page == NULL)
    return NULL;
  url = post_url (ctx->options, page->part);
  if (page == page->part->overview || page->slug == NULL || *page->slug == '\0')
    return g_steal_pointer (&url);
  return g_strdup_printf ("%s#%s", url, page->slug);
}

static char *
plain (const char *markup)
{
  char *text = NULL;
  return markup && pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL) ? text : g_strdup (markup);
}

/* The blog's embed pattern (DESIGN.md), with the poster for readers without JavaScript. */
static char *
embed_diagram (const char *name, gpointer user_data)
{
  Context *ctx = user_data;
  AbHugoPlayer *player = ctx->options->players ? g_hash_table_lookup (ctx->options->players, name) : NULL;
  g_autofree char *title = NULL, *describe = NULL, *src = NULL, *poster = NULL, *post = NULL;
  g_autofree char *e_title = NULL, *e_alt = NULL;

  if (player)
    {
      title = g_strdup (player->title);
      describe = g_strdup (player->poster_alt);
    }
  else
    {
      /* A dry run: no kernel needs to run for the title. */
      g_autoptr (AbDiagram) diagram = ab_diagram_registry_create (name, NULL);
      if (diagram == NULL)
        return NULL;
      title = plain (ab_diagram_get_title (diagram));
      describe = g_strdup (title);
    }
  src = g_strdup_printf ("%svisualizations/%s/", ctx->options->base_url, name);
  post = post_url (ctx->options, ctx->part);
  poster = g_strdup_printf ("%s%s.png", post, name);
  e_title = ab_hugo_html_escape (title);
  e_alt = ab_hugo_html_escape (describe);
  return g_strdup_printf (
    "<div class=\"embedded-html-wrapper\" data-src=\"%s\">\n"
    "<div class=\"embedded-html-toolbar\"><span class=\"embedded-html-label\">%s</span>"
    "<button type=\"button\" data-action=\"open-new-tab\">%s</button>"
    "<button type=\"button\" data-action=\"fullscreen\">%s</button></div>\n"
    "<iframe src=\"%s\" title=\"%s\" loading=\"lazy\" allow=\"fullscreen\" allowfullscreen></iframe>\n"
    "<noscript><img src=\"%s\" alt=\"%s\" width=\"1200\" height=\"675\">"
    "<style>.embedded-html-wrapper iframe{display:none}</style></noscript>\n"
    "</div>",
    src, e_title, _("Open in new tab"), _("Full screen"), src, e_title, poster, e_alt);
}

static char *
lab_note (int max_n, gpointer user_data)
{
  Context *ctx = user_data;
  g_autofree char *post = post_url (ctx->options, ctx->part);
  g_autofree char *page = ab_hugo_html_escape (ctx->page->id);
  g_autofree char *alt = ab_hugo_html_escape (_("The lab: naive attention against FlashAttention on your own CPU, "
                                                "in the Attention Book app"));

  return g_strdup_printf (
    "<div class=\"ab-lab-note\">\n"
    "<img src=\"%slab.png\" alt=\"%s\" width=\"1200\" height=\"675\" loading=\"lazy\">\n"
    "<p>%s <code>attention-book --page %s</code>. %s <code>attn-kernels bench --algo naive --n 4096 --d 64</code> "
    "%s <code>--algo flash2</code>.</p>\n"
    "</div>",
    post, alt,
    _("<strong>The lab runs in the app, not in a web page:</strong> it times the book’s naive attention "
      "and FlashAttention kernels on the reader’s own CPU, at growing sequence lengths, and plots time and "
      "peak memory as they run. To try it, open this page in Attention Book:"),
    page, _("Or time one size in a terminal with"), _("and again with"));
}

static gboolean
lookup_term (const char *key, char **words, char **definition, gpointer user_data)
{
  Context *ctx = user_data;
  const AbGlossaryEntry *entry = ab_book_lookup_term (ctx->options->book, key);

  if (entry == NULL)
    return FALSE;
  *words = g_strdup (entry->term);
  *definition = g_strdup (entry->definition);
  return TRUE;
}

static char *
format_value (const char *key, gpointer user_data, GError **error)
{
  return ab_book_value_format (key, error);
}

/* The post ----------------------------------------------------------------------- */

static void
append_yaml_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p == '\n' ? ' ' : *p);
    }
  g_string_append_c (out, '"');
}

static void
append_yaml_list (GString *out, const char *key, GStrv items)
{
  g_string_append_printf (out, "%s: [", key);
  for (guint i = 0; items && items[i]; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_yaml_string (out, items[i]);
    }
  g_string_append (out, "]\n");
}

static void
append_front_matter (GString *out, AbPart *part)
{
  g_string_append (out, "---\ntitle: ");
  append_yaml_string (out, part->title);
  g_string_append_printf (out, "\ndate: %s\ndraft: false\nslug: ", part->date ? part->date : "");
  append_yaml_string (out, part->slug ? part->slug : part->folder);
  g_string_append (out, "\ndescription: ");
  append_yaml_string (out, part->description);
  g_string_append (out, "\nhero: ");
  append_yaml_string (out, part->hero && *part->hero ? part->hero : "hero.png");
  g_string_append_c (out, '\n');
  append_yaml_list (out, "tags", part->tags);
  append_yaml_list (out, "categories", part->categories);
  /* Themes that load KaTeX only where asked read this. */
  g_string_append (out, "math: true\n---\n\n");
}

static char *
load_embed_block (GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  (void) ab_get_resource ();
  bytes = g_resources_lookup_data ("/in/deepakbaby/AttentionBook/hugo/embed.html", G_RESOURCE_LOOKUP_FLAGS_NONE,
                                   error);
  return bytes ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
}

char *
ab_hugo_post_build_index (AbPart *part, const AbHugoPostOptions *options, GError **error)
{
  g_autoptr (GPtrArray) pages = part_pages (part);
  GString *out = g_string_new (NULL);
  Context ctx = { options, part, NULL };
  AbHugoMarkdownContext md = {
    .user_data = &ctx,
    .link = resolve_link,
    .diagram = embed_diagram,
    .lab = lab_note,
    .term = lookup_term,
    .value = format_value,
    .heading_shift = 1,
  };
  g_autofree char *embed = load_embed_block (error);

  if (embed == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  append_front_matter (out, part);
  for (guint i = 0; i < pages->len; i++)
    {
      AbPage *page = g_ptr_array_index (pages, i);
      g_autoptr (GError) page_error = NULL;
      g_autofree char *body = NULL;

      ctx.page = page;
      if (page != part->overview)
        {
          g_autofree char *title = ab_hugo_markdown_escape_text (page->title ? page->title : page->slug);
          g_string_append_printf (out, "## %s {#%s}\n\n", title, page->slug);
        }
      body = ab_hugo_markdown_translate (page->body, &md, &page_error);
      if (body == NULL)
        {
          /* "line 3: …" of the body: as file:line, counted in the file. */
          int line = 0;
          const char *message = page_error->message;
          if (sscanf (message, "line %d:", &line) == 1 && strchr (message, ':'))
            message = strchr (message, ':') + 2;
          g_set_error (error, page_error->domain, page_error->code, "%s:%d: %s", page->source_name,
                       line + page->body_line - 1, message);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, g_strstrip (body));
      g_string_append (out, "\n\n");
    }
  g_string_append (out, embed);
  return g_string_free (out, FALSE);
}

GPtrArray *
ab_hugo_post_build_images (AbPart *part, GError **error)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_hugo_file_free);
  g_autofree char *kicker = g_strdup_printf (_("ATTENTION BOOK · PART %d"), part->number);
  g_autoptr (GPtrArray) diagrams = ab_hugo_post_diagrams (part);
  g_autofree char *footer = NULL;
  g_autoptr (GBytes) hero = NULL;
  AbHugoCard card = { kicker, part->title, part->description, NULL, FALSE, TRUE };

  footer = g_strdup_printf (_("%u sections · %u live diagrams · %s"), part->sections->len, diagrams->len,
                            part->date ? part->date : "");
  card.footer = footer;
  hero = ab_hugo_card_render_png (&card, CARD_W, CARD_H, error);
  if (hero == NULL)
    {
      g_ptr_array_unref (files);
      return NULL;
    }
  g_ptr_array_add (files, ab_hugo_file_new (part->hero && *part->hero ? part->hero : "hero.png", hero));

  if (ab_hugo_post_uses_lab (part))
    {
      AbHugoCard lab = {
        _("THE LAB · IN THE APP"),
        _("Naive attention against FlashAttention, on your own CPU"),
        _("The book’s two C kernels race at growing sequence lengths: time and peak memory, plotted live, "
          "until the naive one runs out of its memory budget. It needs the app, so this post shows the "
          "command instead."),
        NULL, TRUE, FALSE,
      };
      g_autoptr (GBytes) png = NULL;
      g_autoptr (GPtrArray) pages = part_pages (part);
      g_autofree char *command = NULL;

      /* The command names the page that holds the lab. */
      for (guint i = 0; i < pages->len && command == NULL; i++)
        {
          Found found = { g_ptr_array_new_with_free_func (g_free), FALSE };
          AbPage *page = g_ptr_array_index (pages, i);
          find_blocks (ab_page_get_document (page), &found);
          if (found.lab)
            command = g_strdup_printf ("attention-book --page %s", page->id);
          g_ptr_array_unref (found.names);
        }
      lab.footer = command;
      png = ab_hugo_card_render_png (&lab, 1200, 675, error);
      if (png == NULL)
        {
          g_ptr_array_unref (files);
          return NULL;
        }
      g_ptr_array_add (files, ab_hugo_file_new ("lab.png", png));
    }
  return files;
}

const char *
ab_hugo_post_config_notes (void)
{
  return _("The posts need raw HTML (the embeds, callouts and glossary terms). In the site's config:\n"
           "  [markup.goldmark.renderer]\n"
           "    unsafe = true\n"
           "Math is written for KaTeX's auto-render with $…$ and $$…$$ delimiters, and survives\n"
           "Hugo 0.111's Markdown as it is. On Hugo 0.122 or later you may also enable the\n"
           "passthrough extension (the site's own config: a theme's [markup] is not merged):\n"
           "  [markup.goldmark.extensions.passthrough]\n"
           "    enable = true\n"
           "    [markup.goldmark.extensions.passthrough.delimiters]\n"
           "      block = [['\\[', '\\]'], ['$$', '$$']]\n"
           "      inline = [['\\(', '\\)'], ['$', '$']]\n"
           "and render with KaTeX in the browser (a render-passthrough hook would see the\n"
           "character references that keep inline TeX safe on older Hugo).");
}

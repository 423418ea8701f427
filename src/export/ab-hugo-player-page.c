/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-player-page.c — a player's index.html and the config it carries
 *
 * The page is the GResource's player.html with player.css and player.js put
 * in (indentation and whole-line comments taken out), the diagram's title,
 * poster and config in place of the @TOKEN@s. The config holds the frame
 * sets' captions and screen-reader descriptions, and the timing of a real
 * AbTimeline: its transition, its hold and its easing, sampled, so the web
 * player plays on the app's schedule.
 */
#define G_LOG_DOMAIN "ab-hugo-player"

#include "ab-hugo-player-private.h"
#include "ab-hugo-escape.h"
#include "ab-resources.h"
#include "ab-timeline.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pango.h>
#include <string.h>

#define RESOURCE_DIR "/in/deepakbaby/AttentionBook/hugo/"
/* Points of the easing curve the player interpolates between. */
#define EASE_SAMPLES 32

static const AbLayoutKind layouts[] = { AB_LAYOUT_WIDE, AB_LAYOUT_NARROW };

/* Text ------------------------------------------------------------------------ */

char *
ab_hugo_player_plain_text (const char *markup)
{
  char *text = NULL;

  if (markup == NULL)
    return g_strdup ("");
  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return g_strdup (markup);
  return text;
}

static char *
load_resource (const char *name, GError **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);
  g_autoptr (GBytes) bytes = NULL;

  (void) ab_get_resource ();   /* linked in, and registered */
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Indentation and whole-line comments out (the licence line stays). */
static char *
squeeze (const char *text, const char *comment, const char *comment_end)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strchug (lines[i]);
      g_strchomp (lines[i]);
      if (*line == '\0')
        continue;
      if (g_str_has_prefix (line, comment) && (comment_end == NULL || g_str_has_suffix (line, comment_end)) &&
          strstr (line, "SPDX") == NULL)
        continue;
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
replace_all (const char *text, const char *token, const char *value)
{
  g_auto (GStrv) parts = g_strsplit (text, token, -1);
  return g_strjoinv (value, parts);
}

char *
ab_hugo_player_page (const AbHugoPlayerPage *data, GError **error)
{
  g_autofree char *html = load_resource ("player.html", error);
  g_autofree char *css = html ? load_resource ("player.css", error) : NULL;
  g_autofree char *js = css ? load_resource ("player.js", error) : NULL;
  const char *labels[][2] = {
    { "@RESET@", _("Reset") }, { "@BACK@", _("Step back") }, { "@PLAY@", _("Play") },
    { "@PAUSE@", _("Pause") }, { "@STEP@", _("Step") }, { "@TIMELINE@", _("Timeline") },
    { "@PRESET@", _("Frame set") },
  };
  char *page;

  if (js == NULL)
    return NULL;
  {
    g_autofree char *small_css = squeeze (css, "/*", "*/");
    g_autofree char *small_js = squeeze (js, "//", NULL);
    g_autofree char *title = ab_hugo_html_escape (data->title);
    g_autofree char *alt = ab_hugo_html_escape (data->poster_alt);
    g_autofree char *caption = ab_hugo_html_escape (data->caption);
    /* Data first, code last: no token can then come from inside the data. */
    const char *subst[][2] = {
      { "@TITLE@", title }, { "@POSTER_ALT@", alt }, { "@POSTER@", data->poster },
      { "@CAPTION@", caption }, { "@CONFIG@", data->config },
    };

    page = g_strdup (html);
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autofree char *escaped = ab_hugo_html_escape (labels[i][1]);
        char *next = replace_all (page, labels[i][0], escaped);
        g_free (page);
        page = next;
      }
    for (guint i = 0; i < G_N_ELEMENTS (subst); i++)
      {
        char *next = replace_all (page, subst[i][0], subst[i][1]);
        g_free (page);
        page = next;
      }
    {
      char *next = replace_all (page, "@STYLE@", small_css);
      g_free (page);
      page = replace_all (next, "@SCRIPT@", small_js);
      g_free (next);
    }
  }
  return page;
}

gsize
ab_hugo_player_code_size (void)
{
  AbHugoPlayerPage empty = { "", "", "", "", "" };
  g_autofree char *page = ab_hugo_player_page (&empty, NULL);
  return page ? strlen (page) : 0;
}

/* Config -------------------------------------------------------------------------- */

static void
append_json_strings (GString *out, GPtrArray *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      ab_hugo_append_json_string (out, g_ptr_array_index (strings, i));
    }
  g_string_append_c (out, ']');
}

static void
append_json_double (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.4g", v));
}

/* Timing from a real AbTimeline: its transition, its hold, its easing. */
static void
append_timing (GString *out)
{
  g_autoptr (AbTimeline) timeline = ab_timeline_new (2);
  double playback;

  ab_timeline_play (timeline, 0);
  playback = ab_timeline_get_playback_ms (timeline);   /* one transition and one hold */
  g_string_append_printf (out, "\"timing\":{\"duration\":%d,\"hold\":%.0f,\"ease\":[",
                          AB_STEP_DURATION_MS, playback - AB_STEP_DURATION_MS);
  for (int i = 0; i <= EASE_SAMPLES; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_double (out, ab_timeline_position_at (timeline, i * (double) AB_STEP_DURATION_MS / EASE_SAMPLES));
    }
  g_string_append (out, "]}");
}

char *
ab_hugo_player_config (const char *name, const char *title, const AbHugoPlayerOptions *options, GPtrArray *sets)
{
  GString *out = g_string_new ("{\"name\":");

  ab_hugo_append_json_string (out, name);
  g_string_append (out, ",\"title\":");
  ab_hugo_append_json_string (out, title);
  g_string_append_printf (out, ",\"format\":\"%s\",\"autoplay\":true,",
                          ab_frame_format_extension (options->format));
  append_timing (out);
  g_string_append (out, ",\"viewBox\":{");
  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      double w, h;
      ab_layout_frame_size (layouts[l], &w, &h);
      g_string_append_printf (out, "%s\"%s\":\"0 0 %g %g\"", l > 0 ? "," : "",
                              ab_layout_kind_to_string (layouts[l]), w, h);
    }
  g_string_append (out, "},\"text\":{\"play\":");
  ab_hugo_append_json_string (out, _("Play"));
  g_string_append (out, ",\"pause\":");
  ab_hugo_append_json_string (out, _("Pause"));
  g_string_append (out, ",\"failed\":");
  ab_hugo_append_json_string (out, _("The frames of this figure could not be loaded."));
  g_string_append (out, "},\"sets\":[");
  for (guint i = 0; i < sets->len; i++)
    {
      AbHugoFrameSet *set = g_ptr_array_index (sets, i);

      g_string_append (out, i > 0 ? ",{\"label\":" : "{\"label\":");
      ab_hugo_append_json_string (out, set->label);
      g_string_append_printf (out, ",\"steps\":%u,\"frames\":%u,\"captions\":", set->n_steps, set->n_frames);
      append_json_strings (out, set->captions);
      g_string_append (out, ",\"describe\":");
      append_json_strings (out, set->describes);
      if (set->positions)
        {
          g_string_append (out, ",\"positions\":[");
          for (guint f = 0; f < set->positions->len; f++)
            {
              if (f > 0)
                g_string_append_c (out, ',');
              append_json_double (out, g_array_index (set->positions, double, f));
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}


/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-player.c — render a diagram's frame sets and write its player
 *
 * Every frame is drawn by ab_diagram_render_layout(), the app's own code, at
 * the layout's frame size. Step frames sit at positions 0 … n − 1; with fps,
 * frames sample the app's playback from the first step (as `export --fps`
 * does), each with its position so the player can find it. The player's
 * schedule — transition length, hold, and the easing curve sampled from a
 * real AbTimeline — goes into the page's config, so the web player plays
 * what the app plays.
 */
#define G_LOG_DOMAIN "ab-hugo-player"

#include "ab-hugo-player-private.h"
#include "ab-diagram-registry.h"
#include "ab-hugo-hero.h"
#include "ab-hugo-escape.h"
#include "ab-hugo-site.h"
#include "ab-hugo-svg.h"
#include "ab-timeline.h"

#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* More frames than this in one set is a mistake in --frames fps:F. */
#define MAX_FRAMES_PER_SET 2400
/* Posters in posts: 16:9, large enough to read, small enough for a feed. */
#define POSTER_W 1200
#define POSTER_H 675

static const AbLayoutKind layouts[] = { AB_LAYOUT_WIDE, AB_LAYOUT_NARROW };

static void
frame_set_free (AbHugoFrameSet *set)
{
  g_free (set->label);
  g_free (set->key);
  g_ptr_array_unref (set->captions);
  g_ptr_array_unref (set->describes);
  if (set->positions)
    g_array_unref (set->positions);
  g_ptr_array_unref (set->files);
  g_free (set);
}

void
ab_hugo_player_free (AbHugoPlayer *player)
{
  if (player == NULL)
    return;
  g_free (player->name);
  g_free (player->title);
  g_free (player->poster_alt);
  g_ptr_array_unref (player->files);
  g_clear_pointer (&player->poster_png, g_bytes_unref);
  g_ptr_array_unref (player->sets);
  g_ptr_array_unref (player->left_out);
  g_free (player);
}

/* Rendering --------------------------------------------------------------------- */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_svg (AbDiagram *diagram, AbLayoutKind kind, double position, GError **error)
{
  GByteArray *svg = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w, h;

  ab_layout_frame_size (kind, &w, &h);
  surface = cairo_svg_surface_create_for_stream (append_bytes, svg, w, h);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  ab_diagram_render_layout (diagram, cr, kind, w, h, position);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot draw “%s”: %s"),
                   ab_diagram_get_name (diagram), cairo_status_to_string (status));
      g_byte_array_unref (svg);
      return NULL;
    }
  return g_byte_array_free_to_bytes (svg);
}

static GBytes *
render_png (AbDiagram *diagram, AbLayoutKind kind, double position, int width, int height, GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GBytes *png;

  ab_diagram_render_layout (diagram, cr, kind, width, height, position);
  cairo_destroy (cr);
  png = ab_hugo_png_bytes (surface, error);
  cairo_surface_destroy (surface);
  return png;
}

static gboolean
interrupted (GError **error)
{
  if (!ab_hugo_site_interrupted ())
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("interrupted"));
  return TRUE;
}

/* The positions of a set's frames: its steps, or the playback sampled at fps. */
static GArray *
frame_positions (guint n_steps, double fps, GError **error)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (double));

  if (fps <= 0)
    {
      for (guint i = 0; i < n_steps; i++)
        {
          double p = i;
          g_array_append_val (positions, p);
        }
      return positions;
    }
  {
    g_autoptr (AbTimeline) timeline = ab_timeline_new (n_steps);
    double total;
    guint n;

    ab_timeline_play (timeline, 0);
    total = ab_timeline_get_playback_ms (timeline);
    /* Up to and including the end of the playback. */
    n = (guint) floor (total * fps / 1000.0 + 1e-9) + 1;
    if (n > MAX_FRAMES_PER_SET)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("%u frames for one frame set is too many (at most %u): lower the fps"),
                     n, MAX_FRAMES_PER_SET);
        g_array_unref (positions);
        return NULL;
      }
    for (guint i = 0; i < n; i++)
      {
        double p = ab_timeline_position_at (timeline, MIN (i * 1000.0 / fps, total));
        g_array_append_val (positions, p);
      }
  }
  return positions;
}

/* Draw one frame set in both layouts: into the packs, or as PNG files. */
static AbHugoFrameSet *
render_set (AbDiagram *book_diagram, const char *label, const char *key, double value,
            const AbHugoPlayerOptions *options, AbSvgPack **packs, guint index, GError **error)
{
  /* The book's own set draws the diagram already made; a preset, a fresh one. */
  g_autoptr (AbDiagram) diagram = key ? ab_diagram_registry_create (ab_diagram_get_name (book_diagram), error)
                                      : g_object_ref (book_diagram);
  g_autoptr (GArray) positions = NULL;
  AbHugoFrameSet *set;

  if (diagram == NULL)
    return NULL;
  if (key && !ab_diagram_set_param (diagram, key, value, error))
    return NULL;
  if (!ab_diagram_ensure_updated (diagram, error))
    return NULL;

  set = g_new0 (AbHugoFrameSet, 1);
  set->label = g_strdup (label);
  set->key = g_strdup (key);
  set->value = value;
  set->n_steps = ab_diagram_get_n_steps (diagram);
  set->captions = g_ptr_array_new_with_free_func (g_free);
  set->describes = g_ptr_array_new_with_free_func (g_free);
  set->files = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_hugo_file_free);
  for (guint s = 0; s < set->n_steps; s++)
    {
      g_autofree char *caption = ab_diagram_dup_caption (diagram, s);
      g_ptr_array_add (set->captions, ab_hugo_player_plain_text (caption));
      g_ptr_array_add (set->describes, ab_diagram_describe (diagram, s));
    }
  positions = frame_positions (set->n_steps, options->fps, error);
  if (positions == NULL)
    {
      frame_set_free (set);
      return NULL;
    }
  set->n_frames = positions->len;
  if (options->fps > 0)
    set->positions = g_array_ref (positions);

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    for (guint i = 0; i < positions->len; i++)
      {
        double position = g_array_index (positions, double, i);
        g_autoptr (GBytes) bytes = NULL;

        if (interrupted (error))
          goto failed;
        if (options->format == AB_FRAME_SVG)
          {
            bytes = render_svg (diagram, layouts[l], position, error);
            if (bytes == NULL ||
                !ab_svg_pack_add_frame (packs[l], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
              goto failed;
          }
        else
          {
            double w, h;
            g_autofree char *path = NULL;

            ab_layout_frame_size (layouts[l], &w, &h);
            bytes = render_png (diagram, layouts[l], position, (int) w, (int) h, error);
            if (bytes == NULL)
              goto failed;
            path = g_strdup_printf ("%s-%u/%04u.png", ab_layout_kind_to_string (layouts[l]), index, i + 1);
            g_ptr_array_add (set->files, ab_hugo_file_new (path, bytes));
          }
      }
  return set;

failed:
  frame_set_free (set);
  return NULL;
}

/* The set's pack files: what the packs gained since @marks. */
static void
add_pack_files (AbHugoFrameSet *set, AbSvgPack **packs, const AbSvgPackMark *marks, guint index)
{
  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      const char *layout = ab_layout_kind_to_string (layouts[l]);
      g_autofree char *json = ab_svg_pack_dup_json (packs[l], marks[l]);
      g_autofree char *path = g_strdup_printf ("%s-%u.js", layout, index);
      char *script = g_strdup_printf ("abPlayerPack(\"%s\",%u,%s);\n", layout, index, json);
      g_ptr_array_add (set->files, ab_hugo_file_new_take (path, script));
    }
}

/* The folder --------------------------------------------------------------------- */

static gsize
files_gzip (GPtrArray *files)
{
  gsize total = 0;

  for (guint i = 0; i < files->len; i++)
    total += ab_hugo_gzip_size (((AbHugoFile *) g_ptr_array_index (files, i))->contents);
  return total;
}

static char *
page_for (AbHugoPlayer *player, const AbHugoPlayerOptions *options, GPtrArray *sets,
          const char *poster, const char *poster_caption, GError **error)
{
  g_autofree char *config = ab_hugo_player_config (player->name, player->title, options, sets);
  AbHugoPlayerPage data = { player->title, config, poster, player->poster_alt, poster_caption };
  return ab_hugo_player_page (&data, error);
}

static gsize
page_gzip (const char *page)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (page, strlen (page));
  return ab_hugo_gzip_size (bytes);
}

typedef struct
{
  guint param;
  guint choice;
} Preset;

/* Each choice of each preset parameter but its default, in the diagram's order. */
static GArray *
preset_candidates (AbDiagram *diagram)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Preset));

  for (guint p = 0; p < ab_diagram_get_n_params (diagram); p++)
    {
      const AbParamSpec *spec = ab_diagram_get_param_spec (diagram, p);
      if (spec->kind != AB_PARAM_CHOICE || spec->choices == NULL)
        continue;
      for (guint c = 0; spec->choices[c]; c++)
        if ((double) c != spec->default_value)
          {
            Preset preset = { p, c };
            g_array_append_val (out, preset);
          }
    }
  return out;
}

AbHugoPlayer *
ab_hugo_player_build (const char *name, const AbHugoPlayerOptions *options, GError **error)
{
  g_autoptr (AbHugoPlayer) player = g_new0 (AbHugoPlayer, 1);
  g_autoptr (AbDiagram) diagram = NULL;
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_set_free);
  g_autoptr (GArray) candidates = NULL;
  g_autoptr (AbSvgPack) wide = ab_svg_pack_new ("w");
  g_autoptr (AbSvgPack) narrow = ab_svg_pack_new ("n");
  AbSvgPack *packs[] = { wide, narrow };
  AbSvgPackMark start[2] = { { 0 } }, base[2];
  g_autofree char *poster_svg = NULL, *poster_path = NULL, *page = NULL;
  const char *poster_caption;
  AbHugoFrameSet *book;
  gsize fixed_gzip, sets_gzip;
  guint tries = 0;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  diagram = ab_diagram_registry_create (name, error);
  if (diagram == NULL || !ab_diagram_ensure_updated (diagram, error))
    return NULL;
  player->name = g_strdup (name);
  player->title = ab_hugo_player_plain_text (ab_diagram_get_title (diagram));
  player->files = g_ptr_array_new_with_free_func ((GDestroyNotify) ab_hugo_file_free);
  player->sets = g_ptr_array_new_with_free_func (g_free);
  player->left_out = g_ptr_array_new_with_free_func (g_free);

  book = render_set (diagram, _("As in the book"), NULL, 0, options, packs, 0, error);
  if (book == NULL)
    return NULL;
  g_ptr_array_add (sets, book);
  if (options->format == AB_FRAME_SVG)
    add_pack_files (book, packs, start, 0);
  base[0] = ab_svg_pack_mark (wide);
  base[1] = ab_svg_pack_mark (narrow);

  /* The poster: the book's last step, whole, in the wide layout. */
  {
    guint last = book->n_steps - 1;
    player->poster_alt = ab_diagram_describe (diagram, last);
    poster_caption = g_ptr_array_index (book->captions, last);
    player->poster_png = render_png (diagram, AB_LAYOUT_WIDE, last, POSTER_W, POSTER_H, error);
    if (player->poster_png == NULL)
      return NULL;
    if (options->format == AB_FRAME_PNG)
      poster_path = g_strdup_printf ("wide-0/%04u.png", book->n_frames);
    else if (options->poster_url)
      poster_path = g_strdup (options->poster_url);
    else
      {
        poster_svg = ab_svg_pack_dup_standalone (wide, book->n_frames - 1);
        poster_path = g_strdup ("poster.svg");
      }
  }
  fixed_gzip = files_gzip (book->files);
  if (poster_svg)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (poster_svg, strlen (poster_svg));
      fixed_gzip += ab_hugo_gzip_size (bytes);
    }
  sets_gzip = 0;

  /* Presets while the folder stays within the budget. */
  candidates = preset_candidates (diagram);
  if (candidates->len > 0 && options->budget > 0)
    {
      g_autofree char *alone = page_for (player, options, sets, poster_path, poster_caption, error);
      if (alone == NULL)
        return NULL;
      if (fixed_gzip + page_gzip (alone) >= options->budget)
        {
          /* Nothing can be added: do not draw what would be thrown away. */
          g_ptr_array_add (player->left_out, g_strdup_printf (_("%u presets (the book's own frames fill the budget)"),
                                                              candidates->len));
          g_array_set_size (candidates, 0);
        }
    }
  for (guint c = 0; c < candidates->len && options->budget > 0; c++)
    {
      Preset preset = g_array_index (candidates, Preset, c);
      const AbParamSpec *spec = ab_diagram_get_param_spec (diagram, preset.param);
      g_autofree char *label = NULL, *candidate_page = NULL;
      g_autoptr (GError) preset_error = NULL;
      AbHugoFrameSet *set;
      gsize total;

      if (sets->len - 1 >= options->max_presets || tries >= options->max_presets + 4)
        {
          g_ptr_array_add (player->left_out, g_strdup_printf (_("%u more presets (at most %u)"),
                                                              candidates->len - c, options->max_presets));
          break;
        }
      tries++;
      label = g_strdup_printf ("%s: %s", _(spec->label), _(spec->choices[preset.choice]));
      set = render_set (diagram, label, spec->key, preset.choice, options, packs, sets->len, &preset_error);
      if (set == NULL)
        {
          if (g_error_matches (preset_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&preset_error));
              return NULL;
            }
          /* A kernel that refuses a preset (a memory budget) just leaves it out. */
          g_ptr_array_add (player->left_out, g_strdup_printf ("%s (%s)", label, preset_error->message));
          ab_svg_pack_rollback (wide, base[0]);
          ab_svg_pack_rollback (narrow, base[1]);
          continue;
        }
      if (options->format == AB_FRAME_SVG)
        add_pack_files (set, packs, base, sets->len);
      /* Deltas are against the book's own frames only, so any set loads alone. */
      ab_svg_pack_rollback (wide, base[0]);
      ab_svg_pack_rollback (narrow, base[1]);

      g_ptr_array_add (sets, set);
      candidate_page = page_for (player, options, sets, poster_path, poster_caption, error);
      if (candidate_page == NULL)
        return NULL;
      total = fixed_gzip + sets_gzip + files_gzip (set->files) + page_gzip (candidate_page);
      if (total > options->budget)
        {
          g_ptr_array_add (player->left_out, g_strdup_printf (_("%s (would make %zu KiB gzipped)"), label,
                                                              (total + 1023) / 1024));
          g_ptr_array_remove_index (sets, sets->len - 1);
          continue;
        }
      sets_gzip += files_gzip (set->files);
    }

  page = page_for (player, options, sets, poster_path, poster_caption, error);
  if (page == NULL)
    return NULL;
  g_ptr_array_add (player->files, ab_hugo_file_new_take ("index.html", g_steal_pointer (&page)));
  if (poster_svg)
    g_ptr_array_add (player->files, ab_hugo_file_new_take ("poster.svg", g_steal_pointer (&poster_svg)));
  for (guint i = 0; i < sets->len; i++)
    {
      AbHugoFrameSet *set = g_ptr_array_index (sets, i);
      g_ptr_array_add (player->sets, g_strdup (set->label));
      player->n_frames += set->n_frames * G_N_ELEMENTS (layouts);
      for (guint f = 0; f < set->files->len; f++)
        {
          AbHugoFile *file = g_ptr_array_index (set->files, f);
          g_ptr_array_add (player->files, ab_hugo_file_new (file->path, file->contents));
        }
    }
  for (guint i = 0; i < player->files->len; i++)
    player->bytes += g_bytes_get_size (((AbHugoFile *) g_ptr_array_index (player->files, i))->contents);
  player->gzip_bytes = files_gzip (player->files);
  return g_steal_pointer (&player);
}

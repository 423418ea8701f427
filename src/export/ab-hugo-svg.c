/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-hugo-svg.c — read cairo's SVG with GMarkup, write it back small
 *
 * Elements become "pieces": one start tag, end tag or empty element each,
 * with path data in rounded relative form, rgb(…%) colours as #rrggbb and
 * default style properties left out. Everything inside <defs> with an id
 * (cairo's glyph symbols, clip paths, images) becomes a definition named by
 * its content, kept once for the whole pack; references are renamed to
 * match. Written against cairo 1.16's output (Debian 12); it reads the
 * structure (definitions by id, glyph <use>s, groups), not the layout of
 * the text, and rgb() colours in attributes as well as in style.
 */
#define G_LOG_DOMAIN "ab-hugo-svg"

#include "ab-hugo-svg.h"
#include "ab-hugo-svg-style.h"
#include "ab-hugo-escape.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

typedef struct
{
  char *key;      /* the content, without its id: what makes two equal */
  char *id;
  char *markup;   /* the definition as written, with its new id */
} Def;

struct _AbSvgPack
{
  char       *prefix;
  char       *view_box;
  GPtrArray  *pieces;       /* char* */
  GHashTable *piece_index;  /* piece → index + 1 */
  GPtrArray  *frames;       /* GArray of guint */
  GPtrArray  *defs;         /* Def* */
  GHashTable *def_by_key;   /* key → Def* */
  guint       next_id;      /* never goes back, so ids stay unique */
};

static void
def_free (Def *def)
{
  g_free (def->key);
  g_free (def->id);
  g_free (def->markup);
  g_free (def);
}

AbSvgPack *
ab_svg_pack_new (const char *id_prefix)
{
  AbSvgPack *pack = g_new0 (AbSvgPack, 1);

  pack->prefix = g_strdup (id_prefix ? id_prefix : "");
  pack->pieces = g_ptr_array_new_with_free_func (g_free);
  pack->piece_index = g_hash_table_new (g_str_hash, g_str_equal);
  pack->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  pack->defs = g_ptr_array_new_with_free_func ((GDestroyNotify) def_free);
  pack->def_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  return pack;
}

void
ab_svg_pack_free (AbSvgPack *pack)
{
  if (pack == NULL)
    return;
  g_hash_table_unref (pack->piece_index);
  g_hash_table_unref (pack->def_by_key);
  g_ptr_array_unref (pack->pieces);
  g_ptr_array_unref (pack->frames);
  g_ptr_array_unref (pack->defs);
  g_free (pack->prefix);
  g_free (pack->view_box);
  g_free (pack);
}

/* Parsing ------------------------------------------------------------------ */

typedef struct
{
  AbSvgPack  *pack;
  GHashTable *id_map;          /* cairo's id → ours, this frame */
  int         depth;
  int         defs_depth;      /* depth of <defs>, 0 outside */
  int         capture_depth;   /* depth of the definition being read, 0 none */
  gboolean    capture_glyph;
  char       *capture_id;
  char       *capture_name;
  GString    *capture;         /* its markup, without the id */
  GString    *pending;         /* a start tag not known to be empty yet */
  GArray     *frame;           /* piece indices */
  int         run_depth;       /* depth of the body <g> being gathered, 0 none */
  GPtrArray  *run;             /* its tags so far */
  gboolean    run_glyphs_only; /* nothing but <use>s inside: one piece */
} Parse;

static void
add_piece (Parse *st, const char *piece)
{
  gpointer found = g_hash_table_lookup (st->pack->piece_index, piece);
  guint index;

  if (found)
    index = GPOINTER_TO_UINT (found) - 1;
  else
    {
      char *copy = g_strdup (piece);
      index = st->pack->pieces->len;
      g_ptr_array_add (st->pack->pieces, copy);
      g_hash_table_insert (st->pack->piece_index, copy, GUINT_TO_POINTER (index + 1));
    }
  g_array_append_val (st->frame, index);
}

/* A finished tag goes into the definition being read, the run being
 * gathered, or the frame. */
static void
route (Parse *st, const char *tag)
{
  if (st->capture_depth > 0)
    g_string_append (st->capture, tag);
  else if (st->run)
    {
      if (st->run->len > 0 && !g_str_has_prefix (tag, "<use ") &&
          !(st->depth == st->run_depth && g_str_has_prefix (tag, "</g")))
        st->run_glyphs_only = FALSE;
      g_ptr_array_add (st->run, g_strdup (tag));
    }
  else if (st->defs_depth == 0 && st->depth >= 1)
    add_piece (st, tag);
  /* Inside <defs> but outside a definition (cairo's wrapper <g>): dropped. */
}

/* The value of attribute @name in the tag @tag, or NULL. */
static char *
tag_attribute (const char *tag, const char *name, const char **start, const char **end)
{
  g_autofree char *needle = g_strdup_printf (" %s=\"", name);
  const char *at = strstr (tag, needle), *close;

  if (at == NULL || (close = strchr (at + strlen (needle), '"')) == NULL)
    return NULL;
  if (start)
    *start = at, *end = close + 1;
  return g_strndup (at + strlen (needle), close - at - strlen (needle));
}

/* A text run (cairo's <g style="fill:…"> of glyph <use>s) is one piece: text
 * moves and changes as a whole. Glyphs on one baseline share their y, which
 * the group's transform then carries once. */
static void
finish_run (Parse *st)
{
  GPtrArray *run = st->run;
  const char *first = g_ptr_array_index (run, 0);
  g_autofree char *y = NULL;
  gboolean shared_y = run->len > 2 && strstr (first, " transform=\"") == NULL;
  GString *piece;

  st->run = NULL;
  st->run_depth = 0;
  if (!st->run_glyphs_only || run->len < 3)
    {
      for (guint i = 0; i < run->len; i++)
        add_piece (st, g_ptr_array_index (run, i));
      g_ptr_array_unref (run);
      return;
    }
  for (guint i = 1; i + 1 < run->len && shared_y; i++)
    {
      g_autofree char *yi = tag_attribute (g_ptr_array_index (run, i), "y", NULL, NULL);
      if (yi == NULL || (y && strcmp (y, yi) != 0))
        shared_y = FALSE;
      else if (y == NULL)
        y = g_steal_pointer (&yi);
    }
  piece = g_string_new (NULL);
  if (shared_y && y)
    {
      /* "<g style=…>" → "<g style=… transform=\"translate(0 y)\">" */
      g_string_append_len (piece, first, strlen (first) - 1);
      g_string_append_printf (piece, " transform=\"translate(0 %s)\">", y);
    }
  else
    g_string_append (piece, first);
  for (guint i = 1; i + 1 < run->len; i++)
    {
      const char *tag = g_ptr_array_index (run, i), *start, *end;
      g_autofree char *yi = shared_y && y ? tag_attribute (tag, "y", &start, &end) : NULL;
      if (yi)
        {
          g_string_append_len (piece, tag, start - tag);
          g_string_append (piece, end);
        }
      else
        g_string_append (piece, tag);
    }
  g_string_append (piece, g_ptr_array_index (run, run->len - 1));
  add_piece (st, piece->str);
  g_string_free (piece, TRUE);
  g_ptr_array_unref (run);
}

static void
flush_pending (Parse *st, gboolean empty)
{
  if (st->pending == NULL)
    return;
  g_string_append (st->pending, empty ? "/>" : ">");
  route (st, st->pending->str);
  g_string_free (st->pending, TRUE);
  st->pending = NULL;
}

static char *
map_reference (Parse *st, const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  /* "#id" or "url(#id)": rename what this frame defined. */
  while (*p)
    {
      if (*p == '#' && (p == value || p[-1] == '('))
        {
          const char *end = p + 1;
          g_autofree char *id = NULL;
          const char *mapped;

          while (*end && *end != ')' && *end != '"' && *end != ' ')
            end++;
          id = g_strndup (p + 1, end - p - 1);
          mapped = g_hash_table_lookup (st->id_map, id);
          g_string_append_c (out, '#');
          g_string_append (out, mapped ? mapped : id);
          p = end;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_coordinate (const char *name)
{
  static const char *const names[] = { "x", "y", "width", "height", "x1", "y1", "x2", "y2",
                                       "cx", "cy", "r", "rx", "ry", "fx", "fy" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_attribute (GString *out, const char *name, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (out, " %s=\"%s\"", name, escaped);
}

static void
append_attributes (Parse *st, GString *out, const char **names, const char **values)
{
  gboolean transformed = FALSE;

  for (guint i = 0; names[i]; i++)
    transformed |= strcmp (names[i], "transform") == 0;

  for (guint i = 0; names[i]; i++)
    {
      const char *name = names[i], *value = values[i];
      g_autofree char *rewritten = NULL;

      if (strcmp (name, "id") == 0 && st->capture_depth > 0 && st->capture_depth == st->depth)
        continue;   /* the definition's own id: given from its content */
      if (strcmp (name, "id") == 0 && st->capture_depth == 0 && g_str_has_prefix (value, "surface"))
        continue;   /* cairo's numbered surface groups: never referred to */
      if (strcmp (name, "xlink:href") == 0 || strcmp (name, "href") == 0)
        {
          name = "href";
          rewritten = value[0] == '#' ? map_reference (st, value) : g_strdup (value);
        }
      else if (strcmp (name, "style") == 0)
        {
          rewritten = ab_svg_short_style (value);
          if (*rewritten == '\0')
            continue;
          /* fill:url(#linear0): a gradient this frame defined (hatching) */
          if (strstr (rewritten, "url(#"))
            {
              char *mapped = map_reference (st, rewritten);
              g_free (rewritten);
              rewritten = mapped;
            }
        }
      else if (strcmp (name, "d") == 0)
        rewritten = ab_svg_compact_path (value, transformed ? 100 : 10);
      else if (is_coordinate (name))
        rewritten = ab_svg_round_numbers (value, transformed ? 2 : 1);
      else if (strcmp (name, "transform") == 0)
        rewritten = ab_svg_round_numbers (value, 4);
      else
        {
          g_autofree char *colour = ab_svg_short_colours (value);
          if (ab_svg_is_default (name, colour))
            continue;
          rewritten = strstr (colour, "url(#") ? map_reference (st, colour) : g_strdup (colour);
          if (strcmp (name, "stroke-width") == 0 || strstr (name, "opacity"))
            {
              g_autofree char *rounded = ab_svg_round_numbers (rewritten, strstr (name, "opacity") ? 3 : 2);
              g_free (rewritten);
              rewritten = g_steal_pointer (&rounded);
            }
        }
      append_attribute (out, name, rewritten);
    }
}

static const char *
find_attribute (const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
start_element (GMarkupParseContext *context, const char *name, const char **names,
               const char **values, gpointer user_data, GError **error)
{
  Parse *st = user_data;
  const char *id;
  gboolean skip_tag = FALSE;

  flush_pending (st, FALSE);
  st->depth++;

  if (st->depth == 1)
    {
      const char *vb = find_attribute (names, values, "viewBox");
      if (strcmp (name, "svg") != 0 || vb == NULL)
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       _("not an SVG frame (no <svg viewBox=…>)"));
          return;
        }
      if (st->pack->view_box == NULL)
        st->pack->view_box = ab_svg_round_numbers (vb, 1);
      return;
    }
  if (st->depth == 2 && strcmp (name, "defs") == 0)
    {
      st->defs_depth = st->depth;
      return;
    }

  id = find_attribute (names, values, "id");
  if (st->defs_depth > 0 && st->capture_depth == 0)
    {
      if (id == NULL)
        return;   /* a wrapper: only what it holds counts */
      st->capture_depth = st->depth;
      st->capture_glyph = g_str_has_prefix (id, "glyph");
      st->capture_id = g_strdup (id);
      st->capture_name = g_strdup (name);
      st->capture = g_string_new (NULL);
      /* A glyph's <symbol> or <g> is replaced by the outline it holds. */
      skip_tag = st->capture_glyph;
    }
  if (skip_tag)
    return;

  if (st->capture_depth == 0 && st->defs_depth == 0 && strcmp (name, "g") == 0)
    {
      /* Only the innermost group can be a text run: what an outer one
       * gathered so far goes out tag by tag. */
      if (st->run)
        {
          for (guint i = 0; i < st->run->len; i++)
            add_piece (st, g_ptr_array_index (st->run, i));
          g_ptr_array_unref (st->run);
        }
      st->run = g_ptr_array_new_with_free_func (g_free);
      st->run_depth = st->depth;
      st->run_glyphs_only = TRUE;
    }
  st->pending = g_string_new (NULL);
  g_string_append_printf (st->pending, "<%s", name);
  append_attributes (st, st->pending, names, values);
}

static Def *
add_def (AbSvgPack *pack, char *key, gboolean glyph, const char *name)
{
  Def *def = g_hash_table_lookup (pack->def_by_key, key);
  GString *markup;

  if (def)
    {
      g_free (key);
      return def;
    }
  def = g_new0 (Def, 1);
  def->key = key;
  def->id = g_strdup_printf ("%s%x", pack->prefix, pack->next_id++);
  markup = g_string_new (NULL);
  if (glyph)
    {
      /* One path: the path itself carries the id (no <symbol> viewport to clip it). */
      if (g_str_has_prefix (key, "<path ") && g_str_has_suffix (key, "/>") &&
          strstr (key + 1, "<") == NULL)
        g_string_append_printf (markup, "<path id=\"%s\"%s", def->id, key + 5);
      else
        g_string_append_printf (markup, "<g id=\"%s\">%s</g>", def->id, key);
    }
  else
    {
      gsize name_len = strlen (name) + 1;
      g_string_append_len (markup, key, name_len);
      g_string_append_printf (markup, " id=\"%s\"", def->id);
      g_string_append (markup, key + name_len);
    }
  def->markup = g_string_free (markup, FALSE);
  g_ptr_array_add (pack->defs, def);
  g_hash_table_insert (pack->def_by_key, def->key, def);
  return def;
}

static void
end_element (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  Parse *st = user_data;

  if (st->pending)
    flush_pending (st, TRUE);
  else if (st->depth > 1 && !(st->defs_depth > 0 && st->depth == st->defs_depth) &&
           !(st->capture_depth == st->depth && st->capture_glyph) &&
           !(st->defs_depth > 0 && st->capture_depth == 0))
    {
      g_autofree char *tag = g_strdup_printf ("</%s>", name);
      route (st, tag);
    }

  if (st->run && st->depth == st->run_depth)
    finish_run (st);
  if (st->capture_depth > 0 && st->depth == st->capture_depth)
    {
      Def *def = add_def (st->pack, g_string_free (st->capture, FALSE), st->capture_glyph, st->capture_name);
      g_hash_table_insert (st->id_map, st->capture_id, g_strdup (def->id));
      st->capture = NULL;
      st->capture_id = NULL;
      g_clear_pointer (&st->capture_name, g_free);
      st->capture_depth = 0;
    }
  if (st->defs_depth > 0 && st->depth == st->defs_depth)
    st->defs_depth = 0;
  st->depth--;
}

gboolean
ab_svg_pack_add_frame (AbSvgPack *pack, const char *svg, gsize length, GError **error)
{
  static const GMarkupParser parser = { start_element, end_element, NULL, NULL, NULL };
  Parse st = { 0 };
  GMarkupParseContext *context;
  gboolean ok;

  g_return_val_if_fail (pack != NULL, FALSE);
  g_return_val_if_fail (svg != NULL, FALSE);

  st.pack = pack;
  st.id_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  st.frame = g_array_new (FALSE, FALSE, sizeof (guint));
  context = g_markup_parse_context_new (&parser, 0, &st, NULL);
  ok = g_markup_parse_context_parse (context, svg, (gssize) length, error) &&
       g_markup_parse_context_end_parse (context, error);
  g_markup_parse_context_free (context);
  if (st.pending)
    g_string_free (st.pending, TRUE);
  if (st.capture)
    g_string_free (st.capture, TRUE);
  if (st.run)
    g_ptr_array_unref (st.run);
  g_free (st.capture_id);
  g_free (st.capture_name);
  g_hash_table_unref (st.id_map);
  if (!ok)
    {
      g_array_unref (st.frame);
      return FALSE;
    }
  g_ptr_array_add (pack->frames, st.frame);
  return TRUE;
}

guint
ab_svg_pack_get_n_frames (AbSvgPack *pack)
{
  return pack->frames->len;
}

const char *
ab_svg_pack_get_view_box (AbSvgPack *pack)
{
  return pack->view_box ? pack->view_box : "0 0 1600 900";
}

AbSvgPackMark
ab_svg_pack_mark (AbSvgPack *pack)
{
  AbSvgPackMark mark = { pack->pieces->len, pack->frames->len, pack->defs->len };
  return mark;
}

void
ab_svg_pack_rollback (AbSvgPack *pack, AbSvgPackMark mark)
{
  for (guint i = mark.n_pieces; i < pack->pieces->len; i++)
    g_hash_table_remove (pack->piece_index, g_ptr_array_index (pack->pieces, i));
  g_ptr_array_set_size (pack->pieces, mark.n_pieces);
  g_ptr_array_set_size (pack->frames, mark.n_frames);
  for (guint i = mark.n_defs; i < pack->defs->len; i++)
    g_hash_table_remove (pack->def_by_key, ((Def *) g_ptr_array_index (pack->defs, i))->key);
  g_ptr_array_set_size (pack->defs, mark.n_defs);
}

/* Output ------------------------------------------------------------------- */

char *
ab_svg_pack_dup_json (AbSvgPack *pack, AbSvgPackMark since)
{
  GString *out = g_string_new ("{\"defs\":");
  GString *defs = g_string_new (NULL);

  for (guint i = since.n_defs; i < pack->defs->len; i++)
    g_string_append (defs, ((Def *) g_ptr_array_index (pack->defs, i))->markup);
  ab_hugo_append_json_string (out, defs->str);
  g_string_free (defs, TRUE);

  g_string_append_printf (out, ",\"base\":%u,\"pieces\":[", since.n_pieces);
  for (guint i = since.n_pieces; i < pack->pieces->len; i++)
    {
      if (i > since.n_pieces)
        g_string_append_c (out, ',');
      ab_hugo_append_json_string (out, g_ptr_array_index (pack->pieces, i));
    }
  g_string_append (out, "],\"frames\":[");
  for (guint f = since.n_frames; f < pack->frames->len; f++)
    {
      GArray *frame = g_ptr_array_index (pack->frames, f);
      gboolean first = TRUE;

      g_string_append (out, f > since.n_frames ? ",[" : "[");
      /* Runs of consecutive pieces: later frames repeat long stretches. */
      for (guint i = 0; i < frame->len;)
        {
          guint start = g_array_index (frame, guint, i), n = 1;
          while (i + n < frame->len && g_array_index (frame, guint, i + n) == start + n)
            n++;
          g_string_append_printf (out, first ? "%u,%u" : ",%u,%u", start, n);
          first = FALSE;
          i += n;
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

char *
ab_svg_pack_dup_standalone (AbSvgPack *pack, guint index)
{
  GString *body = g_string_new (NULL), *defs = g_string_new (NULL);
  GArray *frame;
  double w = 1600, h = 900;
  g_auto (GStrv) vb = NULL;
  char *result;

  g_return_val_if_fail (index < pack->frames->len, NULL);
  frame = g_ptr_array_index (pack->frames, index);
  for (guint i = 0; i < frame->len; i++)
    g_string_append (body, g_ptr_array_index (pack->pieces, g_array_index (frame, guint, i)));
  /* Only the definitions this frame refers to (definitions refer to none). */
  for (guint i = 0; i < pack->defs->len; i++)
    {
      Def *def = g_ptr_array_index (pack->defs, i);
      g_autofree char *ref = g_strdup_printf ("#%s\"", def->id);
      g_autofree char *url = g_strdup_printf ("#%s)", def->id);
      if (strstr (body->str, ref) || strstr (body->str, url))
        g_string_append (defs, def->markup);
    }
  vb = g_strsplit (ab_svg_pack_get_view_box (pack), " ", -1);
  if (g_strv_length (vb) == 4)
    {
      w = g_ascii_strtod (vb[2], NULL);
      h = g_ascii_strtod (vb[3], NULL);
    }
  result = g_strdup_printf ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"%s\" width=\"%g\" height=\"%g\">"
                            "<defs>%s</defs>%s</svg>\n",
                            ab_svg_pack_get_view_box (pack), w, h, defs->str, body->str);
  g_string_free (body, TRUE);
  g_string_free (defs, TRUE);
  return result;
}

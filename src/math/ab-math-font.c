/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-font.c — Latin Modern Math, found through fontconfig, loaded once.
 *
 * The font is looked up by family name (FcFontMatch), so it is found wherever
 * the system, a Flatpak runtime or the user keeps it; fontconfig answers every
 * query with *some* font, so the match must really be Latin Modern Math and
 * carry an OpenType MATH table, or the typesetter reports the font missing
 * (callers then show TeX source). One FreeType face feeds both cairo (drawing)
 * and HarfBuzz (metrics and the MATH table); the HarfBuzz font keeps scale =
 * units per em and every number leaves this file in em, so layout never
 * thinks in font units. */
#define G_LOG_DOMAIN "ab-math-font"

#include "config.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>
#include <hb-ft.h>
#include <hb-ot.h>
#include "ab-math-private.h"

#define MATH_FAMILY "Latin Modern Math"

static AbMathFont *the_font;
static char *load_error;

static void
set_missing (void)
{
  load_error = g_strdup_printf (_("The math font %s is not installed (Debian: the fonts-lmodern package)"),
                                MATH_FAMILY);
}

/* The file of the font fontconfig matches for MATH_FAMILY, or NULL when the
 * best match is another family (fontconfig's fallback for a missing font). */
static char *
find_font_file (void)
{
  FcPattern *pattern, *match;
  FcResult result = FcResultNoMatch;
  FcChar8 *family = NULL, *file = NULL;
  char *path = NULL;

  if (!FcInit ())
    return NULL;
  pattern = FcPatternCreate ();
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) MATH_FAMILY);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  FcPatternDestroy (pattern);
  if (match == NULL)
    return NULL;
  /* A face may list several family names; any one of them will do. */
  for (int i = 0; FcPatternGetString (match, FC_FAMILY, i, &family) == FcResultMatch; i++)
    if (g_ascii_strcasecmp ((const char *) family, MATH_FAMILY) == 0)
      {
        if (FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch)
          path = g_strdup ((const char *) file);
        break;
      }
  FcPatternDestroy (match);
  return path;
}

static void
load_font (void)
{
  g_autofree char *path = g_strdup (g_getenv ("AB_MATH_FONT"));   /* tests may point elsewhere */

  if (!path || !*path)
    {
      g_free (path);
      path = find_font_file ();
    }
  if (!path)
    {
      set_missing ();
      return;
    }

  FT_Library lib;
  FT_Face face;
  if (FT_Init_FreeType (&lib) != 0)
    {
      load_error = g_strdup ("cannot initialise FreeType");
      return;
    }
  if (FT_New_Face (lib, path, 0, &face) != 0)
    {
      load_error = g_strdup_printf (_("Cannot open the math font %s (%s)"), MATH_FAMILY, path);
      FT_Done_FreeType (lib);
      return;
    }

  hb_blob_t *blob = hb_blob_create_from_file_or_fail (path);
  hb_face_t *hb_face = blob ? hb_face_create (blob, 0) : NULL;
  if (blob)
    hb_blob_destroy (blob);
  if (!hb_face || !hb_ot_math_has_data (hb_face))
    {
      load_error = g_strdup_printf (_("The math font %s has no OpenType MATH table"), path);
      if (hb_face)
        hb_face_destroy (hb_face);
      FT_Done_Face (face);
      FT_Done_FreeType (lib);
      return;
    }

  AbMathFont *font = g_new0 (AbMathFont, 1);
  font->upem = hb_face_get_upem (hb_face);
  font->hb = hb_font_create (hb_face);   /* default scale = upem, hb-ot funcs */
  hb_face_destroy (hb_face);
  /* The FT face lives as long as the process: the font is a singleton that
   * every AbMath shares, and cairo keeps glyph caches on it. */
  font->cairo_face = cairo_ft_font_face_create_for_ft_face (face, 0);
  the_font = font;
}

const AbMathFont *
ab_math_font_get (GError **error)
{
  static gsize once = 0;
  if (g_once_init_enter (&once))
    {
      load_font ();
      g_once_init_leave (&once, 1);
    }
  if (!the_font)
    g_set_error (error, AB_MATH_ERROR, AB_MATH_ERROR_FONT, "%s", load_error);
  return the_font;
}

double
ab_math_font_constant (const AbMathFont *font, hb_ot_math_constant_t c)
{
  hb_position_t v = hb_ot_math_get_constant (font->hb, c);
  switch (c)
    {
    case HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN:
    case HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN:
    case HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT:
      return v / 100.0;
    case HB_OT_MATH_CONSTANT_DELIMITED_SUB_FORMULA_MIN_HEIGHT:
    case HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT:
    default:
      return v / font->upem;
    }
}

guint
ab_math_font_glyph (const AbMathFont *font, gunichar cp)
{
  hb_codepoint_t gid = 0;
  if (!hb_font_get_nominal_glyph (font->hb, cp, &gid))
    return 0;
  return gid;
}

void
ab_math_font_glyph_metrics (const AbMathFont *font, guint gid,
                            double *advance, double *height, double *depth)
{
  hb_glyph_extents_t ext = { 0 };
  hb_font_get_glyph_extents (font->hb, gid, &ext);
  if (advance)
    *advance = hb_font_get_glyph_h_advance (font->hb, gid) / font->upem;
  /* HarfBuzz extents are y-up with a negative height. */
  if (height)
    *height = ext.y_bearing / font->upem;
  if (depth)
    *depth = -(ext.y_bearing + ext.height) / font->upem;
}

/* Script-size glyphs: the font's 'ssty' feature swaps in optically sized
 * forms (thicker strokes, and a prime that is not pre-raised) for script
 * (1) and scriptscript (2) levels. Shaping one character is costly next to
 * a table look-up, so results are cached for the process. */
guint
ab_math_font_glyph_ssty (const AbMathFont *font, gunichar cp, int ssty)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  if (ssty <= 0)
    return ab_math_font_glyph (font, cp);
  gpointer key = GUINT_TO_POINTER ((cp << 2) | (guint) MIN (ssty, 2));
  G_LOCK (cache);
  if (!cache)
    cache = g_hash_table_new (NULL, NULL);
  gpointer hit = g_hash_table_lookup (cache, key);
  G_UNLOCK (cache);
  if (hit)
    return GPOINTER_TO_UINT (hit);

  guint gid = ab_math_font_glyph (font, cp);
  if (gid)
    {
      hb_buffer_t *buf = hb_buffer_create ();
      hb_buffer_add (buf, cp, 0);
      hb_buffer_set_content_type (buf, HB_BUFFER_CONTENT_TYPE_UNICODE);
      hb_buffer_set_direction (buf, HB_DIRECTION_LTR);
      hb_buffer_set_script (buf, HB_SCRIPT_MATH);
      hb_feature_t feature = { HB_TAG ('s', 's', 't', 'y'), (unsigned) MIN (ssty, 2), 0, (unsigned) -1 };
      hb_shape (font->hb, buf, &feature, 1);
      unsigned len;
      hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &len);
      if (len == 1 && info[0].codepoint)
        gid = info[0].codepoint;
      hb_buffer_destroy (buf);
    }
  G_LOCK (cache);
  g_hash_table_insert (cache, key, GUINT_TO_POINTER (gid));
  G_UNLOCK (cache);
  return gid;
}

double
ab_math_font_italic (const AbMathFont *font, guint gid)
{
  return hb_ot_math_get_glyph_italics_correction (font->hb, gid) / font->upem;
}

/* Cut-in kerning of a glyph corner at a height (em of the glyph's size):
 * lets a subscript tuck under the arm of a V or a superscript clear a P. */
double
ab_math_font_corner_kern (const AbMathFont *font, guint gid, int corner, double height)
{
  return hb_ot_math_get_glyph_kerning (font->hb, gid, (hb_ot_math_kern_t) corner,
                                       (hb_position_t) (height * font->upem)) / font->upem;
}

double
ab_math_font_top_accent (const AbMathFont *font, guint gid)
{
  /* HarfBuzz falls back to half the advance when the table has no entry. */
  return hb_ot_math_get_glyph_top_accent_attachment (font->hb, gid) / font->upem;
}

gboolean
ab_math_font_available (GError **error)
{
  return ab_math_font_get (error) != NULL;
}

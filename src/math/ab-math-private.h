/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-private.h — types shared by the typesetter's stages:
 * parse (TeX → node tree), font (OpenType MATH access), layout (nodes → boxes)
 * and render (boxes → cairo). Everything of one expression lives in one arena
 * so an AbMath is freed in one go and a parse error leaks nothing. */
#pragma once

#include <hb.h>
#include <hb-ot.h>
#include "ab-math.h"

G_BEGIN_DECLS

/* ---- arena ---------------------------------------------------------------- */

typedef struct _AbArena AbArena;
AbArena *ab_arena_new   (void);
void     ab_arena_free  (AbArena *arena);
gpointer ab_arena_alloc (AbArena *arena, gsize size);   /* zero-filled */
#define ab_arena_new0(a, T) ((T *) ab_arena_alloc ((a), sizeof (T)))

/* ---- parse tree ------------------------------------------------------------ */

/* TeX's atom classes; they decide the inter-atom spacing. */
typedef enum {
  AB_ATOM_ORD, AB_ATOM_OP, AB_ATOM_BIN, AB_ATOM_REL,
  AB_ATOM_OPEN, AB_ATOM_CLOSE, AB_ATOM_PUNCT, AB_ATOM_INNER,
  AB_ATOM_NONE,   /* kerns, style changes: invisible to spacing */
} AbAtomClass;

typedef enum {
  AB_NODE_LIST,      /* children in ->first, linked by ->next */
  AB_NODE_CHAR,      /* one math character ->cp */
  AB_NODE_TEXT,      /* upright text run ->text (\text, \operatorname) */
  AB_NODE_FRAC,      /* ->a over ->b; ->flag: 0 auto, 1 \dfrac, 2 \tfrac */
  AB_NODE_SQRT,      /* radicand ->a, optional index ->b */
  AB_NODE_ACCENT,    /* ->a under accent ->cp; ->flag 1 = stretch to width */
  AB_NODE_OVERUNDER, /* \overbrace/\underbrace: ->a body, ->cp brace, ->flag 1 = under */
  AB_NODE_FENCED,    /* \left…\right: segments ->first..., delimiters in ->delims */
  AB_NODE_SPACE,     /* kern of ->amount mu (or em when flag 1) */
  AB_NODE_ARRAY,     /* environments: cells ->cells[row*cols+col] */
  AB_NODE_BOXED,     /* framed ->a */
  AB_NODE_COLOR,     /* ->a in colour ->rgb */
  AB_NODE_BIGDELIM,  /* \big( …: ->cp at fixed size ->amount (em) */
  AB_NODE_STYLE,     /* \displaystyle …: ->flag is the new style */
  AB_NODE_PHANTOM,   /* ->a's space without ink; ->flag 0 both, 1 \hphantom, 2 \vphantom */
  AB_NODE_STACK,     /* \overset/\underset: ->a base, ->b script; ->flag 1 = under */
} AbNodeKind;

typedef enum {
  AB_ENV_ALIGNED, AB_ENV_MATRIX, AB_ENV_PMATRIX, AB_ENV_BMATRIX,
  AB_ENV_VMATRIX, AB_ENV_CASES, AB_ENV_ARRAY,
} AbEnv;

typedef struct _AbNode AbNode;
struct _AbNode {
  AbNodeKind  kind;
  AbAtomClass cls;
  int         offset;      /* byte offset in the source, for messages */
  gunichar    cp;
  const char *text;        /* arena copy, NUL-terminated */
  AbNode     *first, *last, *next;
  AbNode     *a, *b;
  AbNode     *sub, *sup;   /* scripts attach to any node */
  int         limits;      /* -1 default, 0 \nolimits, 1 \limits */
  int         flag;
  double      amount;
  double      rgb[3];
  gunichar   *delims;      /* FENCED: n_delims = segments + 1; 0 = "." */
  int         n_delims;
  AbNode    **cells;       /* ARRAY */
  int         rows, cols;
  AbEnv       env;
};

/* Returns NULL and sets error ("offset N: …") on malformed input. */
AbNode *ab_math_parse (AbArena *arena, const char *tex, GError **error);

/* Symbol tables (ab-math-symbols.c). */
typedef struct {
  const char *name;
  gunichar    cp;
  AbAtomClass cls;
} AbMathSymbol;
const AbMathSymbol *ab_math_lookup_symbol (const char *name);
gunichar  ab_math_map_alphabet (gunichar c, int variant);   /* variant: AbMathVariant */
const char *ab_math_lookup_operator (const char *name, gboolean *limits);

typedef enum {
  AB_VARIANT_NORMAL,   /* italic letters, upright digits */
  AB_VARIANT_RM, AB_VARIANT_BF, AB_VARIANT_IT, AB_VARIANT_BB,
  AB_VARIANT_CAL, AB_VARIANT_SF, AB_VARIANT_TT, AB_VARIANT_BOLDSYMBOL,
} AbMathVariant;

/* ---- font -------------------------------------------------------------------- */

typedef struct {
  hb_font_t          *hb;         /* scale = units per em */
  cairo_font_face_t  *cairo_face;
  double              upem;
} AbMathFont;

/* Loads Latin Modern Math once per process; NULL + error if it is missing. */
const AbMathFont *ab_math_font_get (GError **error);
/* A constant in em (percent constants are returned as fractions of 1). */
double   ab_math_font_constant (const AbMathFont *font, hb_ot_math_constant_t c);
guint    ab_math_font_glyph    (const AbMathFont *font, gunichar cp);   /* 0 if missing */
guint    ab_math_font_glyph_ssty (const AbMathFont *font, gunichar cp, int ssty);
void     ab_math_font_glyph_metrics (const AbMathFont *font, guint gid,
                                     double *advance, double *height, double *depth);
double   ab_math_font_italic   (const AbMathFont *font, guint gid);
/* corner: hb_ot_math_kern_t (HB_OT_MATH_KERN_TOP_RIGHT …) */
double   ab_math_font_corner_kern (const AbMathFont *font, guint gid, int corner, double height);
double   ab_math_font_top_accent (const AbMathFont *font, guint gid);   /* x in em */

/* ---- boxes -------------------------------------------------------------------- */

typedef enum { AB_BOX_GROUP, AB_BOX_GLYPH, AB_BOX_RULE, AB_BOX_COLOR } AbBoxKind;

/* Dimensions in em of the base size; the final AbMath scales by size_pt.
 * (x, y) place the box's baseline origin in its parent, y growing downward
 * as in cairo. */
typedef struct _AbBox AbBox;
struct _AbBox {
  AbBoxKind kind;
  double    w, h, d;
  double    x, y;
  double    italic;         /* italic correction, for script placement */
  double    accent_x;       /* top-accent attachment (x), for single glyphs */
  double    scale;          /* GLYPH: font size in em of the base size */
  guint     gid;
  double    rgb[3];         /* COLOR */
  AbBox    *first, *last, *next;
};

AbBox *ab_box_new    (AbArena *arena, AbBoxKind kind);
void   ab_box_append (AbBox *parent, AbBox *child);   /* child.x/y already set */
AbBox *ab_box_glyph  (AbArena *arena, const AbMathFont *font, guint gid, double scale);
AbBox *ab_box_rule   (AbArena *arena, double w, double h, double d);
/* Stretchy glyph ≥ size em along the axis (vertical = TRUE: height+depth),
 * by variants and then by assembly; vertical results are centred on nothing,
 * the caller shifts them. */
AbBox *ab_box_stretchy (AbArena *arena, const AbMathFont *font, gunichar cp,
                        gboolean vertical, double size, double scale);

/* Layout a parse tree: display/text style, result in em. */
AbBox *ab_math_layout (AbArena *arena, const AbMathFont *font, AbNode *root, gboolean display);

/* Draw boxes scaled so 1 em = size_pt user units; baseline-left at (x, y). */
void   ab_math_render_box (const AbMathFont *font, AbBox *box, cairo_t *cr,
                           double x, double y, double size_pt,
                           double r, double g, double b, double a);

G_END_DECLS

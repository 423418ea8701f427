/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-values.h — typed tables of the numbers the prose quotes
 *
 * A page writes {{< value key="scoring.var.dot.d64" >}}. The first part of
 * the key names a family; each family is one static table of specs, one per
 * key shape, written next to the kernel that computes it:
 *
 *   static const AbValueSpec scoring_values[] = {
 *     { "var.{additive|dot|scaled-dot}.d{1..4096}", get_variance,
 *       "variance of KIND scores at d_k = N" },
 *   };
 *   AB_VALUE_FAMILY (ab_scoring_values, "scoring", scoring_values);
 *
 * A pattern is dot-separated parts. A literal part must match as written;
 * "{a|b|c}" is one of the words (its index is an argument), "{word}" any
 * word, "{1..4096}" an integer in that range, and a literal prefix may stand
 * before either ("d{1..4096}" matches "d64"). The one parser here checks a
 * key against the table and hands the getter typed arguments, in order;
 * a key that fails says which part is wrong and why.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AB_VALUE_MAX_ARGS 6

typedef struct
{
  guint       n;
  int         ints[AB_VALUE_MAX_ARGS];   /* numbers, and choices' word indices, in order */
  const char *words[AB_VALUE_MAX_ARGS];  /* the text of each argument */
} AbValueArgs;

typedef struct
{
  const char *pattern;    /* after the family: "var.{additive|dot}.d{1..4096}" */
  /* The formatted value (ab_format_number() and friends), or NULL with @error. */
  char     *(*get) (const AbValueArgs *args, GError **error);
  const char *doc;        /* what it is, for the reference in the README */
} AbValueSpec;

typedef struct
{
  const char        *family;
  const AbValueSpec *specs;
  guint              n_specs;
} AbValueFamily;

/* Defines a family table; the generated registry finds it by this macro. */
#define AB_VALUE_FAMILY(symbol, family, specs) \
  const AbValueFamily symbol = { family, specs, G_N_ELEMENTS (specs) }

#define AB_VALUE_ERROR (ab_value_error_quark ())
typedef enum
{
  AB_VALUE_ERROR_UNKNOWN_FAMILY,
  AB_VALUE_ERROR_NO_MATCH,
  AB_VALUE_ERROR_OUT_OF_RANGE,
  AB_VALUE_ERROR_COMPUTE,
} AbValueError;
GQuark ab_value_error_quark (void);

/* The formatted value of @key in @family (which must be the key's family). */
char *ab_value_family_format (const AbValueFamily *family, const char *key, GError **error);
/* Whether @key has one of @family's shapes, without computing it: FALSE
 * with the same error as ab_value_family_format() for a key that does not. */
gboolean ab_value_family_match (const AbValueFamily *family, const char *key, GError **error);

/* Every family of the book (the generated registry), NULL-terminated. */
const AbValueFamily * const *ab_value_families (void);

G_END_DECLS

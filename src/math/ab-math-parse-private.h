/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-parse-private.h — the reader state shared by the core parser
 * (ab-math-parse.c: lists, groups, scripts, fences, environments) and the
 * command dispatcher (ab-math-commands.c). */
#pragma once

#include "ab-math-private.h"

G_BEGIN_DECLS

#define MAX_DEPTH 64
#define MAX_CELLS 4096

typedef struct {
  const char *src;
  int         pos, len;
  AbArena    *arena;
  GError    **error;
  gboolean    failed;
  int         depth;
  int         variant;      /* AbMathVariant in force (\mathbf{…} etc.) */
  int         in_bracket;   /* inside \sqrt[…]: ']' ends the list */
} Parser;

typedef enum {
  TERM_NONE, TERM_END, TERM_RBRACE, TERM_AMP, TERM_NEWROW,
  TERM_RIGHT, TERM_MIDDLE, TERM_ENDENV, TERM_RBRACKET,
} Terminator;

G_GNUC_INTERNAL G_GNUC_PRINTF (3, 4)
gpointer   ab_parse_fail (Parser *p, int offset, const char *fmt, ...);
G_GNUC_INTERNAL AbNode *ab_parse_node_new (Parser *p, AbNodeKind kind, AbAtomClass cls, int offset);
G_GNUC_INTERNAL void    ab_parse_list_append (AbNode *list, AbNode *child);
G_GNUC_INTERNAL void    ab_parse_skip_space (Parser *p);
G_GNUC_INTERNAL char   *ab_parse_read_command (Parser *p, int *start);
G_GNUC_INTERNAL gboolean ab_parse_looking_at_command (Parser *p, const char *name);
G_GNUC_INTERNAL Terminator ab_parse_peek_terminator (Parser *p);
G_GNUC_INTERNAL char   *ab_parse_read_braced_raw (Parser *p, gboolean text_escapes);
G_GNUC_INTERNAL AbNode *ab_parse_group (Parser *p);
G_GNUC_INTERNAL AbNode *ab_parse_arg (Parser *p, const char *what);
G_GNUC_INTERNAL AbNode *ab_parse_arg_variant (Parser *p, const char *what, int variant);
G_GNUC_INTERNAL gunichar ab_parse_delimiter (Parser *p, const char *after);
G_GNUC_INTERNAL AbNode *ab_parse_fenced (Parser *p, int start);
G_GNUC_INTERNAL AbNode *ab_parse_environment (Parser *p, int start);
G_GNUC_INTERNAL AbNode *ab_parse_list (Parser *p);
G_GNUC_INTERNAL AbNode *ab_parse_atom (Parser *p);

/* ab-math-commands.c */
G_GNUC_INTERNAL AbNode *ab_parse_command (Parser *p);
G_GNUC_INTERNAL AbNode *ab_parse_char (Parser *p, int start);

G_END_DECLS

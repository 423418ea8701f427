/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-math-parse.c — TeX subset → node tree.
 *
 * A recursive-descent reader over the source bytes. It builds TeX's "noads":
 * a list of atoms, each with an optional sub/superscript, and structural nodes
 * (fractions, radicals, fences, arrays). Every error names the byte offset
 * where it was found, because the content test reports it as file:line and an
 * author has to find the typo. Depth is bounded so hostile input (the fuzzer)
 * cannot exhaust the stack, and every loop consumes input, so nothing hangs. */
#define G_LOG_DOMAIN "ab-math-parse"

#include <string.h>
#include <stdarg.h>
#include "ab-math-parse-private.h"

gpointer
ab_parse_fail (Parser *p, int offset, const char *fmt, ...)
{
  if (!p->failed)
    {
      va_list ap;
      va_start (ap, fmt);
      g_autofree char *msg = g_strdup_vprintf (fmt, ap);
      va_end (ap);
      g_set_error (p->error, AB_MATH_ERROR, AB_MATH_ERROR_PARSE, "offset %d: %s", offset, msg);
      p->failed = TRUE;
    }
  return NULL;
}

AbNode *
ab_parse_node_new (Parser *p, AbNodeKind kind, AbAtomClass cls, int offset)
{
  AbNode *n = ab_arena_new0 (p->arena, AbNode);
  n->kind = kind;
  n->cls = cls;
  n->offset = offset;
  n->limits = 0;
  return n;
}

void
ab_parse_list_append (AbNode *list, AbNode *child)
{
  /* ->last keeps appends O(1): long inputs must not go quadratic. */
  if (list->last)
    list->last->next = child;
  else
    list->first = child;
  list->last = child;
}

static AbNode *
list_last (AbNode *list)
{
  return list->last;
}

void
ab_parse_skip_space (Parser *p)
{
  while (p->pos < p->len)
    {
      char c = p->src[p->pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        p->pos++;
      else if (c == '%')   /* TeX comment: to end of line */
        while (p->pos < p->len && p->src[p->pos] != '\n')
          p->pos++;
      else
        break;
    }
}

/* Reads the control word after a backslash at p->pos (which points at '\').
 * Letters form a word; otherwise a single character is the name. */
char *
ab_parse_read_command (Parser *p, int *start)
{
  *start = p->pos;
  p->pos++;
  if (p->pos >= p->len)
    return ab_parse_fail (p, *start, "lone backslash at end of input");
  int s = p->pos;
  if (g_ascii_isalpha (p->src[p->pos]))
    while (p->pos < p->len && g_ascii_isalpha (p->src[p->pos]))
      p->pos++;
  else
    p->pos++;
  return g_strndup (p->src + s, p->pos - s);
}

gboolean
ab_parse_looking_at_command (Parser *p, const char *name)
{
  int n = strlen (name);
  if (p->pos + 1 + n > p->len || p->src[p->pos] != '\\' || strncmp (p->src + p->pos + 1, name, n) != 0)
    return FALSE;
  return p->pos + 1 + n >= p->len || !g_ascii_isalpha (p->src[p->pos + 1 + n]);
}

Terminator
ab_parse_peek_terminator (Parser *p)
{
  ab_parse_skip_space (p);
  if (p->pos >= p->len) return TERM_END;
  char c = p->src[p->pos];
  if (c == '}') return TERM_RBRACE;
  if (c == ']' && p->in_bracket) return TERM_RBRACKET;
  if (c == '&') return TERM_AMP;
  if (c == '\\' && p->pos + 1 < p->len && p->src[p->pos + 1] == '\\') return TERM_NEWROW;
  if (ab_parse_looking_at_command (p, "right")) return TERM_RIGHT;
  if (ab_parse_looking_at_command (p, "middle")) return TERM_MIDDLE;
  if (ab_parse_looking_at_command (p, "end")) return TERM_ENDENV;
  return TERM_NONE;
}

static const char *
terminator_name (Terminator t)
{
  switch (t)
    {
    case TERM_END: return "end of input";
    case TERM_RBRACE: return "'}'";
    case TERM_AMP: return "'&' outside an environment";
    case TERM_NEWROW: return "'\\\\' outside an environment";
    case TERM_RIGHT: return "\\right without \\left";
    case TERM_MIDDLE: return "\\middle without \\left";
    case TERM_ENDENV: return "\\end without \\begin";
    default: return "input";
    }
}

/* {…} holding plain text (colour names, environment names, \text bodies). */
char *
ab_parse_read_braced_raw (Parser *p, gboolean text_escapes)
{
  ab_parse_skip_space (p);
  int start = p->pos;
  if (p->pos >= p->len || p->src[p->pos] != '{')
    return ab_parse_fail (p, start, "expected '{'");
  p->pos++;
  GString *s = g_string_new (NULL);
  int level = 0;
  while (p->pos < p->len)
    {
      char c = p->src[p->pos];
      if (c == '{') level++;
      else if (c == '}' && level-- == 0)
        {
          p->pos++;
          char *out = ab_arena_alloc (p->arena, s->len + 1);
          memcpy (out, s->str, s->len);
          g_string_free (s, TRUE);
          return out;
        }
      if (c == '\\' && text_escapes)
        {
          int at = p->pos;
          if (p->pos + 1 >= p->len)
            break;
          char e = p->src[p->pos + 1];
          if (strchr ("{}_%&$# ", e))
            g_string_append_c (s, e);
          else if (e == ',')
            g_string_append (s, "\u2009");
          else
            {
              g_string_free (s, TRUE);
              return ab_parse_fail (p, at, "commands are not allowed inside \\text");
            }
          p->pos += 2;
          continue;
        }
      if (c == '~' && text_escapes)
        g_string_append (s, "\u00a0");
      else
        g_string_append_c (s, c);
      p->pos++;
    }
  g_string_free (s, TRUE);
  return ab_parse_fail (p, start, "missing '}'");
}

/* Group {…}: the body is a list node, which counts as an Ord atom. */
AbNode *
ab_parse_group (Parser *p)
{
  int start = p->pos;
  p->pos++;   /* '{' */
  AbNode *list = ab_parse_list (p);
  if (!list)
    return NULL;
  if (ab_parse_peek_terminator (p) != TERM_RBRACE)
    return ab_parse_fail (p, start, "missing '}' for this '{'");
  p->pos++;
  return list;
}

/* A mandatory argument: a group, a command, or a single character. */
AbNode *
ab_parse_arg (Parser *p, const char *what)
{
  Terminator t = ab_parse_peek_terminator (p);
  if (t != TERM_NONE || p->src[p->pos] == '^' || p->src[p->pos] == '_')
    return ab_parse_fail (p, p->pos, "missing argument for %s", what);
  return ab_parse_atom (p);
}

AbNode *
ab_parse_arg_variant (Parser *p, const char *what, int variant)
{
  int saved = p->variant;
  p->variant = variant;
  AbNode *n = ab_parse_arg (p, what);
  p->variant = saved;
  return n;
}

/* A delimiter after \left, \right, \middle, \big…: returns its code point,
 * 0 for the null delimiter '.', or (gunichar) -1 on error. */
gunichar
ab_parse_delimiter (Parser *p, const char *after)
{
  ab_parse_skip_space (p);
  int start = p->pos;
  if (p->pos >= p->len)
    return (ab_parse_fail (p, start, "missing delimiter after \\%s", after), (gunichar) -1);
  char c = p->src[p->pos];
  if (c == '\\')
    {
      g_autofree char *name = ab_parse_read_command (p, &start);
      if (!name)
        return (gunichar) -1;
      static const struct { const char *n; gunichar cp; } d[] = {
        { "{", '{' }, { "}", '}' }, { "lbrace", '{' }, { "rbrace", '}' }, { "|", 0x2016 },
        { "langle", 0x27E8 }, { "rangle", 0x27E9 }, { "lvert", '|' }, { "rvert", '|' },
        { "vert", '|' }, { "Vert", 0x2016 }, { "lVert", 0x2016 }, { "rVert", 0x2016 },
        { "lfloor", 0x230A }, { "rfloor", 0x230B }, { "lceil", 0x2308 }, { "rceil", 0x2309 },
        { "uparrow", 0x2191 }, { "downarrow", 0x2193 }, { "backslash", '\\' },
      };
      for (gsize i = 0; i < G_N_ELEMENTS (d); i++)
        if (strcmp (name, d[i].n) == 0)
          return d[i].cp;
      return (ab_parse_fail (p, start, "\\%s is not a delimiter", name), (gunichar) -1);
    }
  p->pos++;
  switch (c)
    {
    case '.': return 0;
    case '(': case ')': case '[': case ']': case '|': case '/': return c;
    case '<': return 0x27E8;
    case '>': return 0x27E9;
    default:
      return (ab_parse_fail (p, start, "'%c' is not a delimiter", c), (gunichar) -1);
    }
}

/* \left … \middle … \right: an Inner atom whose delimiters grow to the body. */
AbNode *
ab_parse_fenced (Parser *p, int start)
{
  AbNode *n = ab_parse_node_new (p, AB_NODE_FENCED, AB_ATOM_INNER, start);
  GArray *delims = g_array_new (FALSE, FALSE, sizeof (gunichar));
  gunichar d = ab_parse_delimiter (p, "left");
  for (;;)
    {
      if (d == (gunichar) -1)
        break;
      g_array_append_val (delims, d);
      AbNode *seg = ab_parse_list (p);
      if (!seg)
        break;
      ab_parse_list_append (n, seg);
      Terminator t = ab_parse_peek_terminator (p);
      int cmd_start;
      if (t == TERM_MIDDLE || t == TERM_RIGHT)
        {
          g_free (ab_parse_read_command (p, &cmd_start));
          d = ab_parse_delimiter (p, t == TERM_RIGHT ? "right" : "middle");
          if (t == TERM_RIGHT)
            {
              if (d == (gunichar) -1)
                break;
              g_array_append_val (delims, d);
              n->n_delims = delims->len;
              n->delims = ab_arena_alloc (p->arena, delims->len * sizeof (gunichar));
              memcpy (n->delims, delims->data, delims->len * sizeof (gunichar));
              g_array_free (delims, TRUE);
              return n;
            }
          continue;
        }
      ab_parse_fail (p, start, "\\left without matching \\right");
      break;
    }
  g_array_free (delims, TRUE);
  return NULL;
}

AbNode *
ab_parse_environment (Parser *p, int start)
{
  const char *name = ab_parse_read_braced_raw (p, FALSE);
  if (!name)
    return NULL;
  static const struct { const char *n; AbEnv env; } envs[] = {
    { "aligned", AB_ENV_ALIGNED }, { "align*", AB_ENV_ALIGNED }, { "align", AB_ENV_ALIGNED },
    { "matrix", AB_ENV_MATRIX }, { "pmatrix", AB_ENV_PMATRIX }, { "bmatrix", AB_ENV_BMATRIX },
    { "vmatrix", AB_ENV_VMATRIX }, { "cases", AB_ENV_CASES }, { "array", AB_ENV_ARRAY },
  };
  AbNode *n = ab_parse_node_new (p, AB_NODE_ARRAY, AB_ATOM_ORD, start);
  gsize i;
  for (i = 0; i < G_N_ELEMENTS (envs); i++)
    if (strcmp (name, envs[i].n) == 0)
      break;
  if (i == G_N_ELEMENTS (envs))
    return ab_parse_fail (p, start, "unknown environment '%s'", name);
  n->env = envs[i].env;
  if (n->env == AB_ENV_ARRAY)
    {
      int spec_at = p->pos;
      const char *spec = ab_parse_read_braced_raw (p, FALSE);
      if (!spec)
        return NULL;
      GString *cols = g_string_new (NULL);
      for (const char *s = spec; *s; s++)
        if (*s == 'l' || *s == 'c' || *s == 'r')
          g_string_append_c (cols, *s);
        else if (*s != '|' && *s != ' ')
          {
            g_string_free (cols, TRUE);
            return ab_parse_fail (p, spec_at, "bad column '%c' in array spec", *s);
          }
      n->text = ab_arena_alloc (p->arena, cols->len + 1);
      memcpy ((char *) n->text, cols->str, cols->len);
      g_string_free (cols, TRUE);
    }

  GPtrArray *cells = g_ptr_array_new ();
  int row_len = 0, cols = 0, rows = 0;
  for (;;)
    {
      AbNode *cell = ab_parse_list (p);
      if (!cell)
        break;
      /* aligned's right-hand columns start with an empty Ord so "&= x" gets
       * the relation's thick space on both sides, as amsmath does. */
      if (n->env == AB_ENV_ALIGNED && row_len % 2 == 1)
        {
          AbNode *empty = ab_parse_node_new (p, AB_NODE_LIST, AB_ATOM_ORD, cell->offset);
          empty->next = cell->first;
          cell->first = empty;
          if (!cell->last)
            cell->last = empty;
        }
      g_ptr_array_add (cells, cell);
      row_len++;
      if (cells->len > MAX_CELLS)
        {
          ab_parse_fail (p, start, "environment too large");
          break;
        }
      Terminator t = ab_parse_peek_terminator (p);
      if (t == TERM_AMP)
        {
          p->pos++;
          continue;
        }
      if (t == TERM_NEWROW || t == TERM_ENDENV)
        {
          /* Pad short rows with empty cells so the grid is rectangular. */
          rows++;
          cols = MAX (cols, row_len);
          g_ptr_array_add (cells, GINT_TO_POINTER (-1));   /* row marker */
          row_len = 0;
          if (t == TERM_NEWROW)
            {
              p->pos += 2;
              continue;
            }
          int end_at;
          g_free (ab_parse_read_command (p, &end_at));
          const char *end_name = ab_parse_read_braced_raw (p, FALSE);
          if (!end_name)
            break;
          if (strcmp (end_name, name) != 0)
            {
              ab_parse_fail (p, end_at, "\\begin{%s} ended by \\end{%s}", name, end_name);
              break;
            }
          /* A trailing \\ leaves an empty last row: drop it like LaTeX does. */
          if (rows > 1 && cells->len >= 2)
            {
              AbNode *lastcell = g_ptr_array_index (cells, cells->len - 2);
              if (GPOINTER_TO_INT (lastcell) != -1 && lastcell->first == NULL &&
                  (cells->len < 3 || GPOINTER_TO_INT (g_ptr_array_index (cells, cells->len - 3)) == -1))
                {
                  g_ptr_array_set_size (cells, cells->len - 2);
                  rows--;
                }
            }
          if ((gint64) rows * cols > MAX_CELLS)
            {
              /* Ragged rows pad to a rectangle: bound that, not just the input. */
              ab_parse_fail (p, start, "environment too large");
              break;
            }
          n->rows = rows;
          n->cols = cols;
          n->cells = ab_arena_alloc (p->arena, sizeof (AbNode *) * rows * cols);
          int r = 0, c = 0;
          for (guint k = 0; k < cells->len; k++)
            {
              AbNode *cell_k = g_ptr_array_index (cells, k);
              if (GPOINTER_TO_INT (cell_k) == -1)
                {
                  r++;
                  c = 0;
                  continue;
                }
              n->cells[r * cols + c++] = cell_k;
            }
          g_ptr_array_free (cells, TRUE);
          return n;
        }
      ab_parse_fail (p, start, "\\begin{%s} without \\end{%s}", name, name);
      break;
    }
  g_ptr_array_free (cells, TRUE);
  return NULL;
}

/* One atom: a character, a group, or a command with its arguments. */
AbNode *
ab_parse_atom (Parser *p)
{
  if (++p->depth > MAX_DEPTH)
    return ab_parse_fail (p, p->pos, "nesting deeper than %d", MAX_DEPTH);
  AbNode *n = NULL;
  int start = p->pos;
  char c = p->src[p->pos];
  if (c == '{')
    n = ab_parse_group (p);
  else if (c == '\\')
    n = ab_parse_command (p);
  else
    n = ab_parse_char (p, start);
  p->depth--;
  return n;
}

/* Attaches ^, _ and primes to the last atom of the list. */
static gboolean
parse_script (Parser *p, AbNode *list, char c)
{
  int start = p->pos;
  AbNode *base = list_last (list);
  if (!base || base->kind == AB_NODE_SPACE || base->kind == AB_NODE_STYLE)
    {
      /* "^2" alone or after a kern: TeX attaches it to an empty atom. */
      base = ab_parse_node_new (p, AB_NODE_LIST, AB_ATOM_ORD, start);
      ab_parse_list_append (list, base);
    }
  p->pos++;
  if (c == '\'')
    {
      if (base->sup && base->sup->flag != 1)
        return (ab_parse_fail (p, start, "prime after a superscript"), FALSE);
      if (!base->sup)
        {
          base->sup = ab_parse_node_new (p, AB_NODE_LIST, AB_ATOM_ORD, start);
          base->sup->flag = 1;   /* primes so far: a later ^ may join them */
        }
      AbNode *prime = ab_parse_node_new (p, AB_NODE_CHAR, AB_ATOM_ORD, start);
      prime->cp = 0x2032;
      ab_parse_list_append (base->sup, prime);
      return TRUE;
    }
  AbNode *arg = ab_parse_arg (p, c == '^' ? "superscript" : "subscript");
  if (!arg)
    return FALSE;
  if (c == '^')
    {
      if (base->sup && base->sup->flag != 1)
        return (ab_parse_fail (p, start, "double superscript"), FALSE);
      if (base->sup)
        {
          ab_parse_list_append (base->sup, arg);
          base->sup->flag = 2;
        }
      else
        base->sup = arg;
    }
  else
    {
      if (base->sub)
        return (ab_parse_fail (p, start, "double subscript"), FALSE);
      base->sub = arg;
    }
  return TRUE;
}

AbNode *
ab_parse_list (Parser *p)
{
  if (++p->depth > MAX_DEPTH)
    return ab_parse_fail (p, p->pos, "nesting deeper than %d", MAX_DEPTH);
  AbNode *list = ab_parse_node_new (p, AB_NODE_LIST, AB_ATOM_ORD, p->pos);
  while (!p->failed && ab_parse_peek_terminator (p) == TERM_NONE)
    {
      char c = p->src[p->pos];
      if (c == '^' || c == '_' || c == '\'')
        {
          parse_script (p, list, c);
          continue;
        }
      if (ab_parse_looking_at_command (p, "limits") || ab_parse_looking_at_command (p, "nolimits"))
        {
          AbNode *last = list_last (list);
          if (!last || last->cls != AB_ATOM_OP)
            {
              ab_parse_fail (p, p->pos, "\\limits must follow an operator");
              break;
            }
          last->limits = ab_parse_looking_at_command (p, "limits") ? 1 : 0;
          int s;
          g_free (ab_parse_read_command (p, &s));
          continue;
        }
      AbNode *n = ab_parse_atom (p);
      if (n)
        ab_parse_list_append (list, n);
    }
  p->depth--;
  return p->failed ? NULL : list;
}

AbNode *
ab_math_parse (AbArena *arena, const char *tex, GError **error)
{
  g_return_val_if_fail (tex != NULL, NULL);
  Parser p = { .src = tex, .pos = 0, .len = strlen (tex), .arena = arena, .error = error };
  if (!g_utf8_validate (tex, -1, NULL))
    {
      const char *end;
      g_utf8_validate (tex, -1, &end);
      return ab_parse_fail (&p, (int) (end - tex), "invalid UTF-8");
    }
  AbNode *root = ab_parse_list (&p);
  if (!root)
    return NULL;
  Terminator t = ab_parse_peek_terminator (&p);
  if (t != TERM_END)
    return ab_parse_fail (&p, p.pos, "unexpected %s", t == TERM_RBRACE ? "'}' without '{'" : terminator_name (t));
  return root;
}

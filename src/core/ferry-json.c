/* ferry-json.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-json"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ferry-json.h"

G_DEFINE_QUARK (ferry-json-error-quark, ferry_json_error)

#define ARENA_BLOCK_SIZE (64 * 1024)

struct _FerryJsonDocument
{
  GPtrArray      *blocks;
  gchar          *cursor;
  gsize           remaining;
  FerryJsonValue *root;
};

typedef struct
{
  FerryJsonDocument *doc;
  const gchar       *data;
  const gchar       *pos;
  const gchar       *end;
  guint              line;
  const gchar       *col_pos;   /* where col was last computed */
  guint              col;       /* column of col_pos, 1-based */
  guint              depth;
  GError            *error;
  guint              error_line;
  guint              error_column;
  GString           *scratch;
} Parser;

static gpointer
arena_alloc (FerryJsonDocument *doc,
             gsize              size)
{
  gpointer ret;

  size = (size + 7) & ~(gsize)7;

  if (size > doc->remaining)
    {
      gsize block_size = MAX (size, ARENA_BLOCK_SIZE);
      gchar *block = g_malloc (block_size);

      g_ptr_array_add (doc->blocks, block);
      doc->cursor = block;
      doc->remaining = block_size;
    }

  ret = doc->cursor;
  doc->cursor += size;
  doc->remaining -= size;

  return ret;
}

static const gchar *
arena_strndup (FerryJsonDocument *doc,
               const gchar       *str,
               gsize              len)
{
  gchar *ret = arena_alloc (doc, len + 1);

  memcpy (ret, str, len);
  ret[len] = '\0';

  return ret;
}

/* Columns count characters, not bytes; p only moves forward, so this is
 * linear over the whole document. */
static guint
parser_column (Parser      *self,
               const gchar *p)
{
  if (p < self->col_pos)
    {
      /* Only happens right after a newline reset. */
      self->col_pos = p;
    }

  while (self->col_pos < p)
    {
      self->col_pos = g_utf8_next_char (self->col_pos);
      self->col++;
    }

  return self->col;
}

static void
parser_newline (Parser      *self,
                const gchar *after)
{
  self->line++;
  self->col_pos = after;
  self->col = 1;
}

G_GNUC_PRINTF (4, 5)
static gboolean
parser_fail (Parser      *self,
             const gchar *at,
             gint         code,
             const gchar *format,
             ...)
{
  va_list args;

  if (self->error != NULL)
    return FALSE;

  self->error_line = self->line;
  self->error_column = parser_column (self, MIN (at, self->end));

  va_start (args, format);
  self->error = g_error_new_valist (FERRY_JSON_ERROR, code, format, args);
  va_end (args);

  return FALSE;
}

static void
skip_whitespace (Parser *self)
{
  while (self->pos < self->end)
    {
      gchar c = *self->pos;

      if (c == '\n')
        {
          self->pos++;
          parser_newline (self, self->pos);
        }
      else if (c == ' ' || c == '\t' || c == '\r')
        self->pos++;
      else
        break;
    }
}

static gchar *
describe_char (const gchar *p,
               const gchar *end)
{
  if (p >= end)
    return g_strdup ("the end of the file");

  if ((guchar)*p < 0x20 || *p == 0x7f)
    return g_strdup_printf ("byte 0x%02x", (guchar)*p);

  return g_strdup_printf ("“%.*s”", (int)(g_utf8_next_char (p) - p), p);
}

static FerryJsonValue *
new_value (Parser        *self,
           FerryJsonKind  kind,
           const gchar   *at)
{
  FerryJsonValue *value = arena_alloc (self->doc, sizeof *value);

  memset (value, 0, sizeof *value);
  value->kind = kind;
  value->line = self->line;
  value->column = parser_column (self, at);

  return value;
}

static gboolean parse_value (Parser *self, FerryJsonValue **out);

static gint
hex_digit (gchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (Parser      *self,
            const gchar *p,
            gunichar    *out)
{
  gunichar v = 0;

  if (self->end - p < 4)
    return parser_fail (self, p, FERRY_JSON_ERROR_SYNTAX, "incomplete \\u escape");

  for (guint i = 0; i < 4; i++)
    {
      gint d = hex_digit (p[i]);

      if (d < 0)
        return parser_fail (self, p + i, FERRY_JSON_ERROR_SYNTAX,
                            "invalid \\u escape: expected 4 hexadecimal digits");
      v = (v << 4) | (gunichar)d;
    }

  *out = v;
  return TRUE;
}

/* Parses a string starting at the opening quote; the result is in
 * self->scratch. */
static gboolean
parse_string_raw (Parser *self)
{
  const gchar *start = self->pos;

  g_assert (*self->pos == '"');
  self->pos++;
  g_string_truncate (self->scratch, 0);

  for (;;)
    {
      const gchar *run = self->pos;

      while (self->pos < self->end && *self->pos != '"' && *self->pos != '\\' &&
             (guchar)*self->pos >= 0x20)
        self->pos++;

      g_string_append_len (self->scratch, run, self->pos - run);

      if (self->pos >= self->end)
        return parser_fail (self, start, FERRY_JSON_ERROR_SYNTAX,
                            "unterminated string: the closing quote is missing");

      if (*self->pos == '"')
        {
          self->pos++;
          return TRUE;
        }

      if (*self->pos != '\\')
        {
          if (*self->pos == '\n')
            return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                "line break inside a string: the closing quote is missing");
          return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                              "control character 0x%02x inside a string (escape it)",
                              (guchar)*self->pos);
        }

      /* Escape */
      if (self->pos + 1 >= self->end)
        return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX, "unterminated escape");

      switch (self->pos[1])
        {
        case '"':  g_string_append_c (self->scratch, '"'); break;
        case '\\': g_string_append_c (self->scratch, '\\'); break;
        case '/':  g_string_append_c (self->scratch, '/'); break;
        case 'b':  g_string_append_c (self->scratch, '\b'); break;
        case 'f':  g_string_append_c (self->scratch, '\f'); break;
        case 'n':  g_string_append_c (self->scratch, '\n'); break;
        case 'r':  g_string_append_c (self->scratch, '\r'); break;
        case 't':  g_string_append_c (self->scratch, '\t'); break;
        case 'u':
          {
            gunichar c;

            if (!parse_hex4 (self, self->pos + 2, &c))
              return FALSE;

            if (c >= 0xd800 && c <= 0xdbff)
              {
                gunichar low;

                if (self->end - self->pos < 12 || self->pos[6] != '\\' || self->pos[7] != 'u' ||
                    !parse_hex4 (self, self->pos + 8, &low) || low < 0xdc00 || low > 0xdfff)
                  {
                    g_clear_error (&self->error);
                    return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                        "unpaired UTF-16 surrogate in \\u escape");
                  }
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                self->pos += 6;
              }
            else if (c >= 0xdc00 && c <= 0xdfff)
              return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                  "unpaired UTF-16 surrogate in \\u escape");
            else if (c == 0)
              return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                  "\\u0000 is not allowed in strings");

            g_string_append_unichar (self->scratch, c);
            self->pos += 4;
          }
          break;
        default:
          return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                              "invalid escape “\\%c”", self->pos[1]);
        }

      self->pos += 2;
    }
}

static gboolean
parse_number (Parser          *self,
              FerryJsonValue **out)
{
  const gchar *start = self->pos;
  const gchar *p = self->pos;
  gboolean is_double = FALSE;
  g_autofree gchar *text = NULL;

  if (p < self->end && *p == '-')
    p++;

  if (p >= self->end || !g_ascii_isdigit (*p))
    return parser_fail (self, start, FERRY_JSON_ERROR_SYNTAX, "invalid number");

  if (*p == '0' && p + 1 < self->end && g_ascii_isdigit (p[1]))
    return parser_fail (self, start, FERRY_JSON_ERROR_SYNTAX, "numbers may not start with 0");

  while (p < self->end && g_ascii_isdigit (*p))
    p++;

  if (p < self->end && *p == '.')
    {
      is_double = TRUE;
      p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        return parser_fail (self, p, FERRY_JSON_ERROR_SYNTAX, "expected a digit after the decimal point");
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < self->end && (*p == 'e' || *p == 'E'))
    {
      is_double = TRUE;
      p++;
      if (p < self->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        return parser_fail (self, p, FERRY_JSON_ERROR_SYNTAX, "expected a digit in the exponent");
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }

  text = g_strndup (start, p - start);

  if (!is_double)
    {
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (text, NULL, 10);
      if (errno == ERANGE)
        is_double = TRUE;
      else
        {
          *out = new_value (self, FERRY_JSON_INTEGER, start);
          (*out)->integer = v;
        }
    }

  if (is_double)
    {
      gdouble d = g_ascii_strtod (text, NULL);

      if (!isfinite (d))
        return parser_fail (self, start, FERRY_JSON_ERROR_SYNTAX, "number out of range");

      *out = new_value (self, FERRY_JSON_DOUBLE, start);
      (*out)->number = d;
    }

  self->pos = p;
  return TRUE;
}

static gboolean
parse_literal (Parser          *self,
               const gchar     *word,
               FerryJsonKind    kind,
               gboolean         boolean,
               FerryJsonValue **out)
{
  gsize len = strlen (word);

  if ((gsize)(self->end - self->pos) < len || memcmp (self->pos, word, len) != 0 ||
      (self->pos + len < self->end && g_ascii_isalnum (self->pos[len])))
    {
      g_autofree gchar *what = describe_char (self->pos, self->end);
      return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                          "unexpected %s: expected a value", what);
    }

  *out = new_value (self, kind, self->pos);
  (*out)->boolean = boolean;
  self->pos += len;

  return TRUE;
}

static gboolean
enter (Parser *self)
{
  if (++self->depth > FERRY_JSON_MAX_DEPTH)
    return parser_fail (self, self->pos, FERRY_JSON_ERROR_TOO_DEEP,
                        "nesting deeper than %u levels", FERRY_JSON_MAX_DEPTH);
  return TRUE;
}

static gboolean
parse_array (Parser          *self,
             FerryJsonValue **out)
{
  g_autoptr(GPtrArray) items = NULL;
  FerryJsonValue *value;

  if (!enter (self))
    return FALSE;

  value = new_value (self, FERRY_JSON_ARRAY, self->pos);
  self->pos++;
  skip_whitespace (self);

  items = g_ptr_array_new ();

  if (self->pos < self->end && *self->pos == ']')
    self->pos++;
  else
    {
      for (;;)
        {
          FerryJsonValue *item = NULL;

          if (!parse_value (self, &item))
            return FALSE;
          g_ptr_array_add (items, item);

          skip_whitespace (self);
          if (self->pos < self->end && *self->pos == ',')
            {
              self->pos++;
              skip_whitespace (self);
              if (self->pos < self->end && *self->pos == ']')
                return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                    "trailing comma before “]”");
              continue;
            }
          if (self->pos < self->end && *self->pos == ']')
            {
              self->pos++;
              break;
            }

          {
            g_autofree gchar *what = describe_char (self->pos, self->end);
            return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                "unexpected %s: expected “,” or “]”", what);
          }
        }
    }

  value->array.n_items = items->len;
  value->array.items = arena_alloc (self->doc, sizeof (FerryJsonValue *) * MAX (1, items->len));
  if (items->len > 0)
    memcpy (value->array.items, items->pdata, sizeof (FerryJsonValue *) * items->len);

  self->depth--;
  *out = value;
  return TRUE;
}

static gboolean
parse_object (Parser          *self,
              FerryJsonValue **out)
{
  g_autoptr(GArray) members = NULL;
  FerryJsonValue *value;

  if (!enter (self))
    return FALSE;

  value = new_value (self, FERRY_JSON_OBJECT, self->pos);
  self->pos++;
  skip_whitespace (self);

  members = g_array_new (FALSE, FALSE, sizeof (FerryJsonMember));

  if (self->pos < self->end && *self->pos == '}')
    self->pos++;
  else
    {
      for (;;)
        {
          FerryJsonMember member;

          if (self->pos >= self->end || *self->pos != '"')
            {
              g_autofree gchar *what = describe_char (self->pos, self->end);
              return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                  "unexpected %s: expected a key in double quotes", what);
            }

          member.line = self->line;
          member.column = parser_column (self, self->pos);
          if (!parse_string_raw (self))
            return FALSE;
          member.key = arena_strndup (self->doc, self->scratch->str, self->scratch->len);

          skip_whitespace (self);
          if (self->pos >= self->end || *self->pos != ':')
            {
              g_autofree gchar *what = describe_char (self->pos, self->end);
              return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                  "unexpected %s: expected “:” after the key “%s”", what, member.key);
            }
          self->pos++;
          skip_whitespace (self);

          if (!parse_value (self, &member.value))
            return FALSE;
          g_array_append_val (members, member);

          skip_whitespace (self);
          if (self->pos < self->end && *self->pos == ',')
            {
              self->pos++;
              skip_whitespace (self);
              if (self->pos < self->end && *self->pos == '}')
                return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                    "trailing comma before “}”");
              continue;
            }
          if (self->pos < self->end && *self->pos == '}')
            {
              self->pos++;
              break;
            }

          {
            g_autofree gchar *what = describe_char (self->pos, self->end);
            return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                                "unexpected %s: expected “,” or “}”", what);
          }
        }
    }

  value->object.n_members = members->len;
  value->object.members = arena_alloc (self->doc, sizeof (FerryJsonMember) * MAX (1, members->len));
  if (members->len > 0)
    memcpy (value->object.members, members->data, sizeof (FerryJsonMember) * members->len);

  self->depth--;
  *out = value;
  return TRUE;
}

static gboolean
parse_value (Parser          *self,
             FerryJsonValue **out)
{
  skip_whitespace (self);

  if (self->pos >= self->end)
    return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                        "unexpected end of file: expected a value");

  switch (*self->pos)
    {
    case '{':
      return parse_object (self, out);

    case '[':
      return parse_array (self, out);

    case '"':
      {
        const gchar *start = self->pos;
        guint line = self->line;
        guint column = parser_column (self, start);

        if (!parse_string_raw (self))
          return FALSE;
        *out = arena_alloc (self->doc, sizeof (FerryJsonValue));
        memset (*out, 0, sizeof (FerryJsonValue));
        (*out)->kind = FERRY_JSON_STRING;
        (*out)->line = line;
        (*out)->column = column;
        (*out)->string.str = arena_strndup (self->doc, self->scratch->str, self->scratch->len);
        (*out)->string.len = self->scratch->len;
        return TRUE;
      }

    case 't':
      return parse_literal (self, "true", FERRY_JSON_BOOLEAN, TRUE, out);

    case 'f':
      return parse_literal (self, "false", FERRY_JSON_BOOLEAN, FALSE, out);

    case 'n':
      return parse_literal (self, "null", FERRY_JSON_NULL, FALSE, out);

    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return parse_number (self, out);

    default:
      {
        g_autofree gchar *what = describe_char (self->pos, self->end);
        return parser_fail (self, self->pos, FERRY_JSON_ERROR_SYNTAX,
                            "unexpected %s: expected a value", what);
      }
    }
}

/**
 * ferry_json_document_parse:
 * @data: the text
 * @length: its length in bytes
 * @error_line: (out) (optional): where the error stands, 1-based
 * @error_column: (out) (optional): its column in characters, 1-based
 * @error: return location for a #GError
 *
 * Parses strict JSON (RFC 8259): UTF-8, no comments, no trailing commas,
 * nesting at most %FERRY_JSON_MAX_DEPTH levels. Duplicate keys are kept:
 * the caller decides what they mean.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 *   set and the location filled in
 */
FerryJsonDocument *
ferry_json_document_parse (const gchar  *data,
                           gsize         length,
                           guint        *error_line,
                           guint        *error_column,
                           GError      **error)
{
  g_autoptr(FerryJsonDocument) doc = NULL;
  const gchar *invalid = NULL;
  Parser parser = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  parser.data = data;
  parser.pos = data;
  parser.end = data + length;
  parser.line = 1;
  parser.col = 1;
  parser.col_pos = data;

  /* A UTF-8 byte order mark is tolerated. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      parser.pos += 3;
      parser.col_pos = parser.pos;
    }

  if (!g_utf8_validate (parser.pos, parser.end - parser.pos, &invalid))
    {
      /* Find the line of the bad byte, counting only valid text before it. */
      for (const gchar *p = parser.pos; p < invalid; p++)
        if (*p == '\n')
          parser_newline (&parser, p + 1);

      if (*invalid == '\0')
        parser_fail (&parser, invalid, FERRY_JSON_ERROR_ENCODING,
                     "NUL byte: this is a binary file, not JSON text");
      else
        parser_fail (&parser, invalid, FERRY_JSON_ERROR_ENCODING,
                     "invalid UTF-8 (byte 0x%02x): JSON text must be UTF-8", (guchar)*invalid);
      goto failed;
    }

  doc = g_new0 (FerryJsonDocument, 1);
  doc->blocks = g_ptr_array_new_with_free_func (g_free);
  parser.doc = doc;
  parser.scratch = g_string_new (NULL);

  skip_whitespace (&parser);
  if (parser.pos >= parser.end)
    {
      parser_fail (&parser, parser.pos, FERRY_JSON_ERROR_EMPTY,
                   "the file is empty: expected a JSON object");
      goto failed;
    }

  if (!parse_value (&parser, &doc->root))
    goto failed;

  skip_whitespace (&parser);
  if (parser.pos < parser.end)
    {
      g_autofree gchar *what = describe_char (parser.pos, parser.end);
      parser_fail (&parser, parser.pos, FERRY_JSON_ERROR_SYNTAX,
                   "unexpected %s after the end of the document", what);
      goto failed;
    }

  g_string_free (parser.scratch, TRUE);
  return g_steal_pointer (&doc);

failed:
  if (parser.scratch != NULL)
    g_string_free (parser.scratch, TRUE);
  if (error_line != NULL)
    *error_line = parser.error_line;
  if (error_column != NULL)
    *error_column = parser.error_column;
  g_propagate_error (error, parser.error);

  return NULL;
}

void
ferry_json_document_free (FerryJsonDocument *doc)
{
  if (doc == NULL)
    return;

  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

/**
 * ferry_json_document_get_root:
 * @doc: a #FerryJsonDocument
 *
 * Returns: (transfer none): the top-level value
 */
FerryJsonValue *
ferry_json_document_get_root (FerryJsonDocument *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc->root;
}

const gchar *
ferry_json_kind_to_string (FerryJsonKind kind)
{
  switch (kind)
    {
    case FERRY_JSON_NULL:    return "null";
    case FERRY_JSON_BOOLEAN: return "a boolean";
    case FERRY_JSON_INTEGER: return "an integer";
    case FERRY_JSON_DOUBLE:  return "a number";
    case FERRY_JSON_STRING:  return "a string";
    case FERRY_JSON_ARRAY:   return "an array";
    case FERRY_JSON_OBJECT:  return "an object";
    default:                 return "a value";
    }
}

/**
 * ferry_json_object_get_member:
 * @object: an object value
 * @key: a key
 *
 * Returns: (transfer none) (nullable): the first member named @key
 */
FerryJsonMember *
ferry_json_object_get_member (FerryJsonValue *object,
                              const gchar    *key)
{
  g_return_val_if_fail (object != NULL, NULL);

  if (object->kind != FERRY_JSON_OBJECT)
    return NULL;

  for (guint i = 0; i < object->object.n_members; i++)
    if (strcmp (object->object.members[i].key, key) == 0)
      return &object->object.members[i];

  return NULL;
}

/**
 * ferry_json_object_get:
 * @object: an object value
 * @key: a key
 *
 * Returns: (transfer none) (nullable): the value of the first member named @key
 */
FerryJsonValue *
ferry_json_object_get (FerryJsonValue *object,
                       const gchar    *key)
{
  FerryJsonMember *member = ferry_json_object_get_member (object, key);

  return member ? member->value : NULL;
}

/**
 * ferry_json_builder_add_nullable:
 * @builder: a #JsonBuilder inside an object
 * @name: the member's name
 * @value: (nullable): its value; %NULL writes `null`
 */
void
ferry_json_builder_add_nullable (JsonBuilder *builder,
                                 const gchar *name,
                                 const gchar *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * ferry_json_value_to_node:
 * @value: a value of a parsed document
 *
 * Copies @value, and all it holds, into a json-glib tree, for code that
 * takes a #JsonNode; the positions are left behind.
 *
 * Returns: (transfer full): the node
 */
JsonNode *
ferry_json_value_to_node (const FerryJsonValue *value)
{
  JsonNode *node;

  g_return_val_if_fail (value != NULL, NULL);

  switch (value->kind)
    {
    case FERRY_JSON_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value->boolean);
      return node;

    case FERRY_JSON_INTEGER:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, value->integer);
      return node;

    case FERRY_JSON_DOUBLE:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, value->number);
      return node;

    case FERRY_JSON_STRING:
      {
        g_autofree gchar *copy = g_strndup (value->string.str, value->string.len);

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, copy);
        return node;
      }

    case FERRY_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->array.n_items);

        for (guint i = 0; i < value->array.n_items; i++)
          json_array_add_element (array, ferry_json_value_to_node (value->array.items[i]));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }

    case FERRY_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->object.n_members; i++)
          json_object_set_member (object, value->object.members[i].key,
                                  ferry_json_value_to_node (value->object.members[i].value));
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }

    case FERRY_JSON_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

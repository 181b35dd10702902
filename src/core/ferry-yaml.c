/* ferry-yaml.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-yaml"

#include "config.h"

#include <string.h>
#include <yaml.h>

#include "ferry-yaml.h"

/* Mappings with more pairs than this check their keys with a hash table. */
#define SMALL_MAPPING 16

struct _FerryYamlNode
{
  /* Sequences: the items; mappings: key, value, key, value… Aliases and
   * merge keys make nodes share children, which the stream owns. */
  FerryYamlNode     **items;
  gchar              *scalar;
  guint64             weight;
  guint               n_items;
  guint               line;
  guint               column;
  FerryYamlNodeKind   kind : 2;
  guint               is_null : 1;
  guint               plain : 1;
};

struct _FerryYamlStream
{
  GObject    parent_instance;

  gchar     *name;
  GPtrArray *documents;
  GPtrArray *nodes;
};

G_DEFINE_FINAL_TYPE (FerryYamlStream, ferry_yaml_stream, G_TYPE_OBJECT)

G_DEFINE_QUARK (ferry-yaml-error-quark, ferry_yaml_error)

static void
node_free (gpointer data)
{
  FerryYamlNode *node = data;

  g_free (node->items);
  g_free (node->scalar);
  g_free (node);
}

static void
ferry_yaml_stream_finalize (GObject *object)
{
  FerryYamlStream *self = (FerryYamlStream *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_yaml_stream_parent_class)->finalize (object);
}

static void
ferry_yaml_stream_class_init (FerryYamlStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_yaml_stream_finalize;
}

static void
ferry_yaml_stream_init (FerryYamlStream *self)
{
  self->documents = g_ptr_array_new ();
  self->nodes = g_ptr_array_new_with_free_func (node_free);
}

/* Building the tree from libyaml's events */

typedef struct
{
  FerryYamlNode *node;
  GPtrArray     *children;
  gchar         *anchor;
} Frame;

typedef struct
{
  FerryYamlStream *stream;
  GArray          *frames;
  GHashTable      *anchors;
  FerryYamlNode   *root;
  guint64          document_nodes;
} Builder;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->children, g_ptr_array_unref);
  g_clear_pointer (&frame->anchor, g_free);
}

static gboolean G_GNUC_PRINTF (6, 7)
set_error (GError          **error,
           FerryYamlError    code,
           const gchar      *name,
           guint             line,
           guint             column,
           const gchar      *format,
           ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FERRY_YAML_ERROR, code, "%s:%u:%u: error: %s",
               name, line, column, message);

  return FALSE;
}

static FerryYamlNode *
builder_new_node (Builder            *builder,
                  FerryYamlNodeKind   kind,
                  const yaml_mark_t  *mark)
{
  FerryYamlNode *node = g_new0 (FerryYamlNode, 1);

  node->kind = kind;
  node->line = mark->line + 1;
  node->column = mark->column + 1;
  node->weight = 1;
  g_ptr_array_add (builder->stream->nodes, node);
  builder->document_nodes++;

  return node;
}

/* A node may not stand for more nodes than the document really has plus
 * the allowance for aliases: that bounds the work of anyone walking the
 * tree, whatever the aliases multiply. */
static gboolean
builder_check_weight (Builder              *builder,
                      const FerryYamlNode  *node,
                      guint                 line,
                      guint                 column,
                      GError              **error)
{
  if (node->weight <= builder->document_nodes + FERRY_YAML_MAX_EXPANSION)
    return TRUE;

  return set_error (error, FERRY_YAML_ERROR_EXPANSION, builder->stream->name, line, column,
                    "aliases expand this document beyond %u nodes; refusing it "
                    "(a “billion laughs” file?)", FERRY_YAML_MAX_EXPANSION);
}

static gboolean
builder_attach (Builder        *builder,
                FerryYamlNode  *child,
                guint           line,
                guint           column,
                GError        **error)
{
  Frame *parent;

  if (builder->frames->len == 0)
    {
      builder->root = child;
      return TRUE;
    }

  parent = &g_array_index (builder->frames, Frame, builder->frames->len - 1);
  g_ptr_array_add (parent->children, child);
  parent->node->weight += child->weight;

  return builder_check_weight (builder, parent->node, line, column, error);
}

static void
builder_register_anchor (Builder       *builder,
                         gchar         *anchor,
                         FerryYamlNode *node)
{
  /* A later anchor of the same name replaces the earlier one. */
  if (anchor != NULL)
    g_hash_table_insert (builder->anchors, anchor, node);
}

static const gchar *
key_text (const FerryYamlNode *key)
{
  return key->kind == FERRY_YAML_NODE_SCALAR ? key->scalar : NULL;
}

static gboolean
is_merge_key (const FerryYamlNode *key)
{
  return key->kind == FERRY_YAML_NODE_SCALAR && key->plain && strcmp (key->scalar, "<<") == 0;
}

typedef struct
{
  GPtrArray  *pairs;
  GHashTable *index;
} KeySet;

static FerryYamlNode *
key_set_find (KeySet      *set,
              const gchar *text)
{
  if (set->index != NULL)
    return g_hash_table_lookup (set->index, text);

  for (guint i = 0; i < set->pairs->len; i += 2)
    {
      FerryYamlNode *key = g_ptr_array_index (set->pairs, i);

      if (g_strcmp0 (key_text (key), text) == 0)
        return key;
    }

  return NULL;
}

static void
key_set_add (KeySet        *set,
             FerryYamlNode *key,
             FerryYamlNode *value)
{
  const gchar *text = key_text (key);

  g_ptr_array_add (set->pairs, key);
  g_ptr_array_add (set->pairs, value);

  if (set->index == NULL && set->pairs->len > 2 * SMALL_MAPPING)
    {
      set->index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < set->pairs->len; i += 2)
        {
          const gchar *t = key_text (g_ptr_array_index (set->pairs, i));

          if (t != NULL && !g_hash_table_contains (set->index, t))
            g_hash_table_insert (set->index, (gpointer)t, g_ptr_array_index (set->pairs, i));
        }
    }
  else if (set->index != NULL && text != NULL && !g_hash_table_contains (set->index, text))
    {
      g_hash_table_insert (set->index, (gpointer)text, key);
    }
}

/* Adds the pairs of @source that @set does not have yet, as a merge key
 * (`<<`) asks. */
static void
key_set_merge (KeySet              *set,
               const FerryYamlNode *source)
{
  for (guint i = 0; i < source->n_items; i += 2)
    {
      FerryYamlNode *key = source->items[i];
      const gchar *text = key_text (key);

      if (text == NULL || key_set_find (set, text) == NULL)
        key_set_add (set, key, source->items[i + 1]);
    }
}

/* Turns the collected key/value children of a mapping into its pairs:
 * explicit keys first and unique, then what merge keys bring that the
 * explicit keys do not override. */
static gboolean
builder_finish_mapping (Builder        *builder,
                        FerryYamlNode  *node,
                        GPtrArray      *children,
                        GError        **error)
{
  KeySet set = { g_ptr_array_sized_new (children->len), NULL };
  gboolean has_merge = FALSE;
  gboolean ret = FALSE;

  for (guint i = 0; i + 1 < children->len; i += 2)
    {
      FerryYamlNode *key = g_ptr_array_index (children, i);
      const gchar *text = key_text (key);
      FerryYamlNode *first;

      if (is_merge_key (key))
        {
          has_merge = TRUE;
          continue;
        }

      if (text != NULL && (first = key_set_find (&set, text)) != NULL)
        {
          set_error (error, FERRY_YAML_ERROR_DUPLICATE_KEY, builder->stream->name,
                     key->line, key->column, "duplicate key “%s” (first at line %u, column %u)",
                     text, first->line, first->column);
          goto out;
        }

      key_set_add (&set, key, g_ptr_array_index (children, i + 1));
    }

  for (guint i = 0; has_merge && i + 1 < children->len; i += 2)
    {
      FerryYamlNode *value = g_ptr_array_index (children, i + 1);

      if (!is_merge_key (g_ptr_array_index (children, i)))
        continue;

      if (value->kind == FERRY_YAML_NODE_MAPPING)
        {
          key_set_merge (&set, value);
          continue;
        }

      if (value->kind == FERRY_YAML_NODE_SEQUENCE)
        {
          gboolean all_mappings = TRUE;

          for (guint j = 0; j < value->n_items; j++)
            all_mappings &= value->items[j]->kind == FERRY_YAML_NODE_MAPPING;

          if (all_mappings)
            {
              for (guint j = 0; j < value->n_items; j++)
                key_set_merge (&set, value->items[j]);
              continue;
            }
        }

      set_error (error, FERRY_YAML_ERROR_MERGE, builder->stream->name,
                 value->line, value->column,
                 "a merge key (<<) takes a mapping or a list of mappings");
      goto out;
    }

  node->weight = 1;
  for (guint i = 0; i < set.pairs->len; i++)
    node->weight += ((FerryYamlNode *)g_ptr_array_index (set.pairs, i))->weight;

  node->n_items = set.pairs->len;
  node->items = (FerryYamlNode **)g_ptr_array_free (g_steal_pointer (&set.pairs), FALSE);
  ret = builder_check_weight (builder, node, node->line, node->column, error);

out:
  g_clear_pointer (&set.pairs, g_ptr_array_unref);
  g_clear_pointer (&set.index, g_hash_table_unref);

  return ret;
}

static gboolean
builder_end_collection (Builder  *builder,
                        GError  **error)
{
  Frame frame = g_array_index (builder->frames, Frame, builder->frames->len - 1);
  FerryYamlNode *node = frame.node;
  gboolean ok = TRUE;

  /* The frame's contents now belong to this function. */
  g_array_set_clear_func (builder->frames, NULL);
  g_array_set_size (builder->frames, builder->frames->len - 1);
  g_array_set_clear_func (builder->frames, frame_clear);

  if (node->kind == FERRY_YAML_NODE_MAPPING)
    {
      ok = builder_finish_mapping (builder, node, frame.children, error);
    }
  else
    {
      node->n_items = frame.children->len;
      node->items = (FerryYamlNode **)g_ptr_array_steal (frame.children, NULL);
    }

  g_ptr_array_unref (frame.children);

  if (!ok)
    {
      g_free (frame.anchor);
      return FALSE;
    }

  /* Registered only now, so that an alias inside the node itself is an
   * unknown alias rather than a cycle. */
  builder_register_anchor (builder, frame.anchor, node);

  return builder_attach (builder, node, node->line, node->column, error);
}

static gboolean
is_null_scalar (const yaml_event_t *event)
{
  const gchar *value = (const gchar *)event->data.scalar.value;
  const gchar *tag = (const gchar *)event->data.scalar.tag;

  if (tag != NULL)
    return strcmp (tag, YAML_NULL_TAG) == 0 || strcmp (tag, "!!null") == 0;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return FALSE;

  return value[0] == '\0' || strcmp (value, "~") == 0 || strcmp (value, "null") == 0 ||
         strcmp (value, "Null") == 0 || strcmp (value, "NULL") == 0;
}

static gboolean
builder_handle_event (Builder       *builder,
                      yaml_event_t  *event,
                      GError       **error)
{
  const yaml_mark_t *mark = &event->start_mark;

  switch (event->type)
    {
    case YAML_DOCUMENT_START_EVENT:
      g_hash_table_remove_all (builder->anchors);
      builder->document_nodes = 0;
      builder->root = NULL;
      return TRUE;

    case YAML_DOCUMENT_END_EVENT:
      if (builder->root != NULL)
        g_ptr_array_add (builder->stream->documents, builder->root);
      builder->root = NULL;
      return TRUE;

    case YAML_ALIAS_EVENT:
      {
        const gchar *anchor = (const gchar *)event->data.alias.anchor;
        FerryYamlNode *target = g_hash_table_lookup (builder->anchors, anchor);

        if (target == NULL)
          return set_error (error, FERRY_YAML_ERROR_ALIAS, builder->stream->name,
                            mark->line + 1, mark->column + 1,
                            "alias “*%s” names no anchor defined before it", anchor);

        return builder_attach (builder, target, mark->line + 1, mark->column + 1, error);
      }

    case YAML_SCALAR_EVENT:
      {
        FerryYamlNode *node = builder_new_node (builder, FERRY_YAML_NODE_SCALAR, mark);

        node->scalar = g_strndup ((const gchar *)event->data.scalar.value,
                                  event->data.scalar.length);
        node->is_null = is_null_scalar (event);
        node->plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        builder_register_anchor (builder, g_strdup ((const gchar *)event->data.scalar.anchor), node);

        return builder_attach (builder, node, node->line, node->column, error);
      }

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      {
        gboolean sequence = event->type == YAML_SEQUENCE_START_EVENT;
        const gchar *anchor = (const gchar *)(sequence ? event->data.sequence_start.anchor
                                                       : event->data.mapping_start.anchor);
        Frame frame;

        if (builder->frames->len >= FERRY_YAML_MAX_DEPTH)
          return set_error (error, FERRY_YAML_ERROR_TOO_LARGE, builder->stream->name,
                            mark->line + 1, mark->column + 1,
                            "collections nest deeper than %u levels", FERRY_YAML_MAX_DEPTH);

        frame.node = builder_new_node (builder,
                                       sequence ? FERRY_YAML_NODE_SEQUENCE : FERRY_YAML_NODE_MAPPING,
                                       mark);
        frame.children = g_ptr_array_new ();
        frame.anchor = g_strdup (anchor);
        g_array_append_val (builder->frames, frame);
        return TRUE;
      }

    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      return builder_end_collection (builder, error);

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    default:
      return TRUE;
    }
}

/* libyaml does not locate the errors of its reader (bad encoding): count
 * the lines up to the offending byte. */
static void
locate_offset (const gchar *data,
               gsize        length,
               gsize        offset,
               guint       *line,
               guint       *column)
{
  const gchar *line_start = data;

  *line = 1;
  for (gsize i = 0; i < offset && i < length; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = data + i + 1;
      }

  *column = (guint)(data + MIN (offset, length) - line_start) + 1;
}

static gboolean
set_parser_error (const yaml_parser_t  *parser,
                  const gchar          *name,
                  const gchar          *data,
                  gsize                 length,
                  GError              **error)
{
  const gchar *problem = parser->problem != NULL ? parser->problem : "malformed YAML";
  guint line = parser->problem_mark.line + 1;
  guint column = parser->problem_mark.column + 1;

  if (parser->error == YAML_READER_ERROR)
    {
      locate_offset (data, length, parser->problem_offset, &line, &column);
      return set_error (error, FERRY_YAML_ERROR_SYNTAX, name, line, column,
                        "%s (byte 0x%02x)", problem, (guint)parser->problem_value & 0xff);
    }

  if (parser->error == YAML_MEMORY_ERROR)
    return set_error (error, FERRY_YAML_ERROR_TOO_LARGE, name, 1, 1, "out of memory");

  if (parser->context != NULL)
    return set_error (error, FERRY_YAML_ERROR_SYNTAX, name, line, column,
                      "%s (%s that started at line %zu, column %zu)",
                      problem, parser->context,
                      parser->context_mark.line + 1, parser->context_mark.column + 1);

  return set_error (error, FERRY_YAML_ERROR_SYNTAX, name, line, column, "%s", problem);
}

/**
 * ferry_yaml_stream_new_from_data:
 * @name: the name errors give the text (usually its file name)
 * @data: (array length=length): YAML text, UTF-8 or UTF-16
 * @length: the length of @data in bytes
 * @error: return location for a #GError
 *
 * Reads a YAML stream of any number of documents, in block or flow style,
 * with anchors, aliases and merge keys (`<<`) resolved. Aliases share the
 * node they name rather than copying it, and a document whose aliases
 * would expand it beyond %FERRY_YAML_MAX_EXPANSION nodes is refused.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set (in
 *   the #FERRY_YAML_ERROR domain, its message located as
 *   `NAME:LINE:COL: error: ...`)
 */
FerryYamlStream *
ferry_yaml_stream_new_from_data (const gchar  *name,
                                 const gchar  *data,
                                 gsize         length,
                                 GError      **error)
{
  g_autoptr(FerryYamlStream) stream = NULL;
  yaml_parser_t parser;
  Builder builder = { 0 };
  gboolean done = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_object_new (FERRY_TYPE_YAML_STREAM, NULL);
  stream->name = g_strdup (name);

  if (length > FERRY_YAML_MAX_SIZE)
    {
      set_error (error, FERRY_YAML_ERROR_TOO_LARGE, name, 1, 1,
                 "the file is larger than %u MiB", FERRY_YAML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  builder.stream = stream;
  builder.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (builder.frames, frame_clear);
  builder.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *)(data != NULL ? data : ""), length);

  while (ok && !done)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          ok = set_parser_error (&parser, name, data, length, error);
          break;
        }

      done = event.type == YAML_STREAM_END_EVENT;
      ok = builder_handle_event (&builder, &event, error);
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);
  g_array_unref (builder.frames);
  g_hash_table_unref (builder.anchors);

  if (!ok)
    return NULL;

  return g_steal_pointer (&stream);
}

/**
 * ferry_yaml_stream_new_from_file:
 * @file: a YAML file
 * @name: (nullable): the name errors give the file, or %NULL for its path
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file as ferry_yaml_stream_new_from_data() does, refusing files
 * larger than %FERRY_YAML_MAX_SIZE before reading them.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set
 */
FerryYamlStream *
ferry_yaml_stream_new_from_file (GFile         *file,
                                 const gchar   *name,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *contents = NULL;
  GError *local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_parse_name (file);
  if (name == NULL)
    name = path;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL || g_file_info_get_size (info) > FERRY_YAML_MAX_SIZE ||
      !g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (local_error != NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: error: %s",
                       name, local_error->message);
          g_error_free (local_error);
        }
      else
        {
          set_error (error, FERRY_YAML_ERROR_TOO_LARGE, name, 1, 1,
                     "the file is larger than %u MiB", FERRY_YAML_MAX_SIZE / (1024 * 1024));
        }

      return NULL;
    }

  return ferry_yaml_stream_new_from_data (name, contents, length, error);
}

/**
 * ferry_yaml_stream_get_name:
 * @self: a #FerryYamlStream
 *
 * Returns: the name the stream was read under
 */
const gchar *
ferry_yaml_stream_get_name (FerryYamlStream *self)
{
  g_return_val_if_fail (FERRY_IS_YAML_STREAM (self), NULL);

  return self->name;
}

/**
 * ferry_yaml_stream_get_n_documents:
 * @self: a #FerryYamlStream
 *
 * Returns: how many documents the stream holds
 */
guint
ferry_yaml_stream_get_n_documents (FerryYamlStream *self)
{
  g_return_val_if_fail (FERRY_IS_YAML_STREAM (self), 0);

  return self->documents->len;
}

/**
 * ferry_yaml_stream_get_document:
 * @self: a #FerryYamlStream
 * @index: a document index
 *
 * Returns: (transfer none): the root node of document @index, valid as
 *   long as @self is
 */
FerryYamlNode *
ferry_yaml_stream_get_document (FerryYamlStream *self,
                                guint            index)
{
  g_return_val_if_fail (FERRY_IS_YAML_STREAM (self), NULL);
  g_return_val_if_fail (index < self->documents->len, NULL);

  return g_ptr_array_index (self->documents, index);
}

/**
 * ferry_yaml_node_get_kind:
 * @node: (nullable): a #FerryYamlNode
 *
 * A missing node (%NULL, as ferry_yaml_node_lookup() gives for a missing
 * key) is taken as a null scalar here, as everywhere in this API.
 *
 * Returns: whether @node is a scalar, a sequence or a mapping
 */
FerryYamlNodeKind
ferry_yaml_node_get_kind (const FerryYamlNode *node)
{
  if (node == NULL)
    return FERRY_YAML_NODE_SCALAR;

  return node->kind;
}

/**
 * ferry_yaml_node_get_line:
 * @node: a #FerryYamlNode
 *
 * Returns: the line @node starts on, counting from 1 (for the target of
 *   an alias, where it was anchored)
 */
guint
ferry_yaml_node_get_line (const FerryYamlNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  return node->line;
}

/**
 * ferry_yaml_node_get_column:
 * @node: a #FerryYamlNode
 *
 * Returns: the column @node starts at, counting from 1
 */
guint
ferry_yaml_node_get_column (const FerryYamlNode *node)
{
  g_return_val_if_fail (node != NULL, 0);

  return node->column;
}

/**
 * ferry_yaml_node_get_scalar:
 * @node: (nullable): a #FerryYamlNode
 *
 * Returns: (nullable): the text of a scalar as written (`""` for an empty
 *   one), or %NULL when @node is %NULL or not a scalar
 */
const gchar *
ferry_yaml_node_get_scalar (const FerryYamlNode *node)
{
  if (node == NULL || node->kind != FERRY_YAML_NODE_SCALAR)
    return NULL;

  return node->scalar;
}

/**
 * ferry_yaml_node_is_null:
 * @node: (nullable): a #FerryYamlNode
 *
 * Returns: %TRUE when @node is %NULL or a null scalar (empty, `~` or
 *   `null`, unquoted)
 */
gboolean
ferry_yaml_node_is_null (const FerryYamlNode *node)
{
  return node == NULL || node->is_null;
}

/**
 * ferry_yaml_node_get_length:
 * @node: (nullable): a #FerryYamlNode
 *
 * Returns: the number of items of a sequence, of pairs of a mapping, 0
 *   for anything else
 */
guint
ferry_yaml_node_get_length (const FerryYamlNode *node)
{
  if (node == NULL)
    return 0;

  switch (node->kind)
    {
    case FERRY_YAML_NODE_SEQUENCE:
      return node->n_items;
    case FERRY_YAML_NODE_MAPPING:
      return node->n_items / 2;
    case FERRY_YAML_NODE_SCALAR:
    default:
      return 0;
    }
}

/**
 * ferry_yaml_node_get_item:
 * @node: a sequence
 * @index: an index below ferry_yaml_node_get_length()
 *
 * Returns: (transfer none): item @index of the sequence
 */
FerryYamlNode *
ferry_yaml_node_get_item (const FerryYamlNode *node,
                          guint                index)
{
  g_return_val_if_fail (node != NULL && node->kind == FERRY_YAML_NODE_SEQUENCE, NULL);
  g_return_val_if_fail (index < node->n_items, NULL);

  return node->items[index];
}

/**
 * ferry_yaml_node_get_key:
 * @node: a mapping
 * @index: a pair index below ferry_yaml_node_get_length()
 *
 * Pairs keep the order of the text; the pairs merge keys bring come after
 * the mapping's own.
 *
 * Returns: (transfer none): the key of pair @index
 */
FerryYamlNode *
ferry_yaml_node_get_key (const FerryYamlNode *node,
                         guint                index)
{
  g_return_val_if_fail (node != NULL && node->kind == FERRY_YAML_NODE_MAPPING, NULL);
  g_return_val_if_fail (index < node->n_items / 2, NULL);

  return node->items[2 * index];
}

/**
 * ferry_yaml_node_get_value:
 * @node: a mapping
 * @index: a pair index below ferry_yaml_node_get_length()
 *
 * Returns: (transfer none): the value of pair @index
 */
FerryYamlNode *
ferry_yaml_node_get_value (const FerryYamlNode *node,
                           guint                index)
{
  g_return_val_if_fail (node != NULL && node->kind == FERRY_YAML_NODE_MAPPING, NULL);
  g_return_val_if_fail (index < node->n_items / 2, NULL);

  return node->items[2 * index + 1];
}

/**
 * ferry_yaml_node_lookup:
 * @node: (nullable): a #FerryYamlNode
 * @key: a key
 *
 * Returns: (transfer none) (nullable): the value of @key when @node is a
 *   mapping that has it, else %NULL
 */
FerryYamlNode *
ferry_yaml_node_lookup (const FerryYamlNode *node,
                        const gchar         *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (node == NULL || node->kind != FERRY_YAML_NODE_MAPPING)
    return NULL;

  for (guint i = 0; i < node->n_items; i += 2)
    if (g_strcmp0 (key_text (node->items[i]), key) == 0)
      return node->items[i + 1];

  return NULL;
}

/**
 * ferry_yaml_node_lookup_scalar:
 * @node: (nullable): a #FerryYamlNode
 * @key: a key
 *
 * Returns: (nullable): the text of the value of @key when @node is a
 *   mapping and that value a scalar that is not null, else %NULL
 */
const gchar *
ferry_yaml_node_lookup_scalar (const FerryYamlNode *node,
                               const gchar         *key)
{
  FerryYamlNode *value = ferry_yaml_node_lookup (node, key);

  if (ferry_yaml_node_is_null (value))
    return NULL;

  return ferry_yaml_node_get_scalar (value);
}

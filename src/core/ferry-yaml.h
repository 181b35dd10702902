/* ferry-yaml.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * FERRY_YAML_MAX_SIZE:
 *
 * The largest YAML file Ferry reads, in bytes.
 */
#define FERRY_YAML_MAX_SIZE (16 * 1024 * 1024)

/**
 * FERRY_YAML_MAX_DEPTH:
 *
 * How deeply collections may nest in a YAML document.
 */
#define FERRY_YAML_MAX_DEPTH 256

/**
 * FERRY_YAML_MAX_EXPANSION:
 *
 * How many nodes aliases and merge keys may add to a document once
 * expanded. A document whose aliases expand beyond this (a “billion
 * laughs”) is refused.
 */
#define FERRY_YAML_MAX_EXPANSION 1000000

#define FERRY_YAML_ERROR (ferry_yaml_error_quark ())

/**
 * FerryYamlError:
 * @FERRY_YAML_ERROR_SYNTAX: the text is not well-formed YAML
 * @FERRY_YAML_ERROR_ALIAS: an alias names no anchor before it
 * @FERRY_YAML_ERROR_EXPANSION: aliases expand the document beyond
 *   %FERRY_YAML_MAX_EXPANSION nodes
 * @FERRY_YAML_ERROR_MERGE: a merge key (`<<`) is not given a mapping or a
 *   list of mappings
 * @FERRY_YAML_ERROR_DUPLICATE_KEY: a mapping has the same key twice
 * @FERRY_YAML_ERROR_TOO_LARGE: the file is larger than
 *   %FERRY_YAML_MAX_SIZE or nests deeper than %FERRY_YAML_MAX_DEPTH
 *
 * Errors of the YAML reader. Their messages start with
 * `FILE:LINE:COL: error: `.
 */
typedef enum
{
  FERRY_YAML_ERROR_SYNTAX,
  FERRY_YAML_ERROR_ALIAS,
  FERRY_YAML_ERROR_EXPANSION,
  FERRY_YAML_ERROR_MERGE,
  FERRY_YAML_ERROR_DUPLICATE_KEY,
  FERRY_YAML_ERROR_TOO_LARGE,
} FerryYamlError;

/**
 * FerryYamlNodeKind:
 * @FERRY_YAML_NODE_SCALAR: a scalar (the text of every scalar is kept
 *   as written; nothing is converted to numbers or booleans)
 * @FERRY_YAML_NODE_SEQUENCE: a sequence
 * @FERRY_YAML_NODE_MAPPING: a mapping
 *
 * The kinds of YAML nodes.
 */
typedef enum
{
  FERRY_YAML_NODE_SCALAR,
  FERRY_YAML_NODE_SEQUENCE,
  FERRY_YAML_NODE_MAPPING,
} FerryYamlNodeKind;

typedef struct _FerryYamlNode FerryYamlNode;

#define FERRY_TYPE_YAML_STREAM (ferry_yaml_stream_get_type ())

G_DECLARE_FINAL_TYPE (FerryYamlStream, ferry_yaml_stream, FERRY, YAML_STREAM, GObject)

GQuark             ferry_yaml_error_quark            (void);

FerryYamlStream   *ferry_yaml_stream_new_from_data   (const gchar             *name,
                                                      const gchar             *data,
                                                      gsize                    length,
                                                      GError                 **error);
FerryYamlStream   *ferry_yaml_stream_new_from_file   (GFile                   *file,
                                                      const gchar             *name,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
const gchar       *ferry_yaml_stream_get_name        (FerryYamlStream         *self);
guint              ferry_yaml_stream_get_n_documents (FerryYamlStream         *self);
FerryYamlNode     *ferry_yaml_stream_get_document    (FerryYamlStream         *self,
                                                      guint                    index);

FerryYamlNodeKind  ferry_yaml_node_get_kind          (const FerryYamlNode     *node);
guint              ferry_yaml_node_get_line          (const FerryYamlNode     *node);
guint              ferry_yaml_node_get_column        (const FerryYamlNode     *node);
const gchar       *ferry_yaml_node_get_scalar        (const FerryYamlNode     *node);
gboolean           ferry_yaml_node_is_null           (const FerryYamlNode     *node);
guint              ferry_yaml_node_get_length        (const FerryYamlNode     *node);
FerryYamlNode     *ferry_yaml_node_get_item          (const FerryYamlNode     *node,
                                                      guint                    index);
FerryYamlNode     *ferry_yaml_node_get_key           (const FerryYamlNode     *node,
                                                      guint                    index);
FerryYamlNode     *ferry_yaml_node_get_value         (const FerryYamlNode     *node,
                                                      guint                    index);
FerryYamlNode     *ferry_yaml_node_lookup            (const FerryYamlNode     *node,
                                                      const gchar             *key);
const gchar       *ferry_yaml_node_lookup_scalar     (const FerryYamlNode     *node,
                                                      const gchar             *key);

G_END_DECLS

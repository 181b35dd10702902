/* ferry-json.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A JSON reader that remembers where every value and key stands, so that
 * problems found after parsing can still be reported as FILE:LINE:COL.
 * Values live in the document's arena and die with it. */

typedef enum
{
  FERRY_JSON_NULL,
  FERRY_JSON_BOOLEAN,
  FERRY_JSON_INTEGER,
  FERRY_JSON_DOUBLE,
  FERRY_JSON_STRING,
  FERRY_JSON_ARRAY,
  FERRY_JSON_OBJECT,
} FerryJsonKind;

typedef struct _FerryJsonValue    FerryJsonValue;
typedef struct _FerryJsonMember   FerryJsonMember;
typedef struct _FerryJsonDocument FerryJsonDocument;

struct _FerryJsonMember
{
  const gchar    *key;
  guint           line;
  guint           column;
  FerryJsonValue *value;
};

struct _FerryJsonValue
{
  FerryJsonKind kind;
  guint         line;
  guint         column;
  union {
    gboolean     boolean;
    gint64       integer;
    gdouble      number;
    struct {
      const gchar *str;
      gsize        len;
    } string;
    struct {
      FerryJsonValue **items;
      guint            n_items;
    } array;
    struct {
      FerryJsonMember *members;
      guint            n_members;
    } object;
  };
};

#define FERRY_JSON_ERROR (ferry_json_error_quark ())

typedef enum
{
  FERRY_JSON_ERROR_SYNTAX,
  FERRY_JSON_ERROR_ENCODING,
  FERRY_JSON_ERROR_TOO_DEEP,
  FERRY_JSON_ERROR_TOO_LARGE,
  FERRY_JSON_ERROR_EMPTY,
} FerryJsonError;

#define FERRY_JSON_MAX_DEPTH 256

GQuark             ferry_json_error_quark        (void);
FerryJsonDocument *ferry_json_document_parse     (const gchar        *data,
                                                  gsize               length,
                                                  guint              *error_line,
                                                  guint              *error_column,
                                                  GError            **error);
void               ferry_json_document_free      (FerryJsonDocument  *doc);
FerryJsonValue    *ferry_json_document_get_root  (FerryJsonDocument  *doc);
const gchar       *ferry_json_kind_to_string     (FerryJsonKind       kind);
FerryJsonValue    *ferry_json_object_get         (FerryJsonValue     *object,
                                                  const gchar        *key);
FerryJsonMember   *ferry_json_object_get_member  (FerryJsonValue     *object,
                                                  const gchar        *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryJsonDocument, ferry_json_document_free)

JsonNode          *ferry_json_value_to_node        (const FerryJsonValue *value);

/* Writing JSON: a member whose string value may be absent (null). */
void               ferry_json_builder_add_nullable (JsonBuilder        *builder,
                                                    const gchar        *name,
                                                    const gchar        *value);

G_END_DECLS

/* ferry-state-file.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-state"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ferry-state-file.h"
#include "ferry-store.h"

/* The last state the window read, kept beside the state store so that a
 * workspace still opens, read-only, when its state cannot be read:
 *
 *   {"ferry_snapshot": 1, "taken_at": "…Z",
 *    "deployments": [{"service", "environment", "version", "tag",
 *                     "status", "by", "since"}]}
 */

#define SNAPSHOT_FORMAT 1

/**
 * ferry_state_snapshot_path_for_workspace:
 * @workspace_id: a workspace id from ferry_store_workspace_id()
 *
 * Returns: (transfer full) (nullable): `$XDG_STATE_HOME/ferry/<workspace-id>/snapshot.json`,
 *   or %NULL when @workspace_id is not a plain folder name
 */
gchar *
ferry_state_snapshot_path_for_workspace (const gchar *workspace_id)
{
  g_autofree gchar *store = NULL;
  g_autofree gchar *dir = NULL;

  g_return_val_if_fail (workspace_id != NULL, NULL);

  if (!(store = ferry_store_path_for_workspace (workspace_id)))
    return NULL;

  dir = g_path_get_dirname (store);

  return g_build_filename (dir, "snapshot.json", NULL);
}

static gchar *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
add_string (JsonBuilder *builder,
            const gchar *member,
            const gchar *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * ferry_state_snapshot_to_json:
 * @self: a #FerryStateSnapshot
 * @taken_at: when the state was read
 *
 * Returns: (transfer full): the document snapshot files hold
 */
JsonNode *
ferry_state_snapshot_to_json (FerryStateSnapshot *self,
                              GDateTime          *taken_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree gchar *taken = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (taken_at != NULL, NULL);

  entries = ferry_state_snapshot_list (self);
  taken = format_time (taken_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ferry_snapshot");
  json_builder_add_int_value (builder, SNAPSHOT_FORMAT);
  add_string (builder, "taken_at", taken);
  json_builder_set_member_name (builder, "deployments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const FerryDeployed *deployed = g_ptr_array_index (entries, i);
      g_autofree gchar *since = format_time (deployed->since);

      json_builder_begin_object (builder);
      add_string (builder, "service", deployed->service);
      add_string (builder, "environment", deployed->environment);
      add_string (builder, "version", deployed->version);
      add_string (builder, "tag", deployed->tag);
      add_string (builder, "status", deployed->status);
      add_string (builder, "by", deployed->by);
      add_string (builder, "since", since);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A string member, or %NULL when it is absent or null; FALSE when it is
 * something else. */
static gboolean
get_string (JsonObject   *object,
            const gchar  *member,
            const gchar **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = json_node_get_string (node);

  return TRUE;
}

static FerryStateSnapshot *
invalid (GError      **error,
         const gchar  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a Ferry state snapshot: %s", what);

  return NULL;
}

/**
 * ferry_state_snapshot_new_from_json:
 * @node: a document from ferry_state_snapshot_to_json()
 * @taken_at: (out) (optional) (transfer full): when the state was read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the state, or %NULL with @error set
 */
FerryStateSnapshot *
ferry_state_snapshot_new_from_json (JsonNode   *node,
                                    GDateTime **taken_at,
                                    GError    **error)
{
  g_autoptr(FerryStateSnapshot) self = NULL;
  g_autoptr(GDateTime) taken = NULL;
  JsonObject *root;
  JsonArray *deployments;
  JsonNode *format;
  const gchar *text;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "not an object");
  root = json_node_get_object (node);

  format = json_object_get_member (root, "ferry_snapshot");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 ||
      json_node_get_int (format) != SNAPSHOT_FORMAT)
    return invalid (error, "unknown format");

  if (!get_string (root, "taken_at", &text) || text == NULL ||
      !(taken = g_date_time_new_from_iso8601 (text, NULL)))
    return invalid (error, "no valid taken_at");

  if (!json_object_has_member (root, "deployments") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "deployments")))
    return invalid (error, "no deployments");
  deployments = json_object_get_array_member (root, "deployments");

  self = ferry_state_snapshot_new ();

  for (guint i = 0; i < json_array_get_length (deployments); i++)
    {
      JsonNode *element = json_array_get_element (deployments, i);
      const gchar *service, *environment, *version, *tag, *status, *by, *since;
      g_autoptr(GDateTime) when = NULL;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, "a deployment is not an object");
      object = json_node_get_object (element);

      if (!get_string (object, "service", &service) || service == NULL ||
          !get_string (object, "environment", &environment) || environment == NULL ||
          !get_string (object, "status", &status) || status == NULL ||
          !get_string (object, "version", &version) ||
          !get_string (object, "tag", &tag) ||
          !get_string (object, "by", &by) ||
          !get_string (object, "since", &since))
        return invalid (error, "a deployment lacks a field or has one of the wrong type");

      if (since != NULL && !(when = g_date_time_new_from_iso8601 (since, NULL)))
        return invalid (error, "a deployment's time is not ISO 8601");

      ferry_state_snapshot_set (self, service, environment, version, tag, status, by, when);
    }

  if (taken_at != NULL)
    *taken_at = g_steal_pointer (&taken);

  return g_steal_pointer (&self);
}

/**
 * ferry_state_snapshot_save:
 * @self: a #FerryStateSnapshot
 * @path: the file, usually ferry_state_snapshot_path_for_workspace()
 * @taken_at: when the state was read
 * @error: return location for a #GError
 *
 * Writes @self atomically (a reader sees the old file or the new one,
 * never half of one), readable by its owner only, creating the folder
 * (0700) when needed. This blocks; the window uses
 * ferry_state_snapshot_save_async().
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_state_snapshot_save (FerryStateSnapshot  *self,
                           const gchar         *path,
                           GDateTime           *taken_at,
                           GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *text = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (taken_at != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }

  node = ferry_state_snapshot_to_json (self, taken_at);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  return g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * ferry_state_snapshot_load:
 * @path: a file written by ferry_state_snapshot_save()
 * @taken_at: (out) (optional) (transfer full): when the state was read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the state, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_FOUND when there is no snapshot)
 */
FerryStateSnapshot *
ferry_state_snapshot_load (const gchar  *path,
                           GDateTime   **taken_at,
                           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? G_IO_ERROR_NOT_FOUND
                                                                                    : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
      return NULL;
    }

  return ferry_state_snapshot_new_from_json (json_parser_get_root (parser), taken_at, error);
}

typedef struct
{
  FerryStateSnapshot *state;
  gchar              *path;
  GDateTime          *taken_at;
} FileData;

static void
file_data_free (FileData *data)
{
  g_clear_pointer (&data->state, ferry_state_snapshot_unref);
  g_free (data->path);
  g_clear_pointer (&data->taken_at, g_date_time_unref);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileData *data = task_data;
  GError *error = NULL;

  if (ferry_state_snapshot_save (data->state, data->path, data->taken_at, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ferry_state_snapshot_save_async:
 * @self: a #FerryStateSnapshot; it is not to be changed until the
 *   callback ran
 * @path: the file
 * @taken_at: when the state was read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does ferry_state_snapshot_save() in a worker thread.
 */
void
ferry_state_snapshot_save_async (FerryStateSnapshot  *self,
                                 const gchar         *path,
                                 GDateTime           *taken_at,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (taken_at != NULL);

  data = g_new0 (FileData, 1);
  data->state = ferry_state_snapshot_ref (self);
  data->path = g_strdup (path);
  data->taken_at = g_date_time_ref (taken_at);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_state_snapshot_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify)file_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
ferry_state_snapshot_save_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileData *data = task_data;
  GError *error = NULL;

  if ((data->state = ferry_state_snapshot_load (data->path, &data->taken_at, &error)))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ferry_state_snapshot_load_async:
 * @path: a file written by ferry_state_snapshot_save()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does ferry_state_snapshot_load() in a worker thread.
 */
void
ferry_state_snapshot_load_async (const gchar         *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (FileData, 1);
  data->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_state_snapshot_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify)file_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ferry_state_snapshot_load_finish:
 * @result: the result given to the callback
 * @taken_at: (out) (optional) (transfer full): when the state was read
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the state, or %NULL with @error set
 */
FerryStateSnapshot *
ferry_state_snapshot_load_finish (GAsyncResult  *result,
                                  GDateTime    **taken_at,
                                  GError       **error)
{
  FileData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (taken_at != NULL)
    *taken_at = g_date_time_ref (data->taken_at);

  return ferry_state_snapshot_ref (data->state);
}

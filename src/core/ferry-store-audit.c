/* ferry-store-audit.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-json.h"
#include "ferry-store-private.h"

/* The audit log is append-only: triggers abort any UPDATE or DELETE of
 * its rows, whoever opens the database. Newest first means by id.
 */

static gpointer
entry_from_row (sqlite3_stmt *stmt)
{
  FerryAuditEntry *entry = ferry_audit_entry_new ();
  g_autofree gchar *result = NULL;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time = _ferry_store_column_time (stmt, 1);
  entry->user = _ferry_store_column_string (stmt, 2);
  entry->action = _ferry_store_column_string (stmt, 3);
  entry->service = _ferry_store_column_string (stmt, 4);
  entry->environment = _ferry_store_column_string (stmt, 5);
  entry->version = _ferry_store_column_string (stmt, 6);
  result = _ferry_store_column_string (stmt, 7);
  if (!ferry_audit_result_from_string (result, &entry->result))
    entry->result = FERRY_AUDIT_RESULT_FAILED;
  entry->detail = _ferry_store_column_string (stmt, 8);

  return entry;
}

typedef struct
{
  const gchar      *user;
  const gchar      *action;
  const gchar      *service;
  const gchar      *environment;
  const gchar      *version;
  FerryAuditResult  result;
  const gchar      *detail;
} AppendData;

static gboolean
append_entry (FerryStore  *self,
              gpointer     data,
              GError     **error)
{
  AppendData *entry = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _ferry_store_exec (self, error,
                            "INSERT INTO audit (time, user, action, service, environment, "
                            "  version, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            "tsssssss",
                            now, entry->user, entry->action, entry->service,
                            entry->environment, entry->version,
                            ferry_audit_result_to_string (entry->result), entry->detail);
}

/**
 * ferry_store_append_audit:
 * @self: a #FerryStore
 * @user: who acted
 * @action: what they did (`deploy`, `promote`, `approve`, `reject`,
 *   `rollback`, `reconcile` …)
 * @service: (nullable): the service
 * @environment: (nullable): the environment
 * @version: (nullable): the version (full commit id)
 * @result: ok, refused or failed
 * @detail: (nullable): the reason, in words; never a secret
 * @error: return location for a #GError
 *
 * Appends a line to the audit log, stamped now (UTC, microseconds).
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_append_audit (FerryStore        *self,
                          const gchar       *user,
                          const gchar       *action,
                          const gchar       *service,
                          const gchar       *environment,
                          const gchar       *version,
                          FerryAuditResult   result,
                          const gchar       *detail,
                          GError           **error)
{
  AppendData entry = { user, action, service, environment, version, result, detail };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (ferry_audit_result_to_string (result) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, append_entry, &entry, error);
}

/**
 * ferry_store_query_audit:
 * @self: a #FerryStore
 * @filter: (nullable): which entries; %NULL for all
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryAuditEntry): the
 *   matching entries, newest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_query_audit (FerryStore              *self,
                         const FerryAuditFilter  *filter,
                         GError                 **error)
{
  static const FerryAuditFilter all = { NULL, NULL, NULL, NULL, NULL, 0 };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &all;

  return _ferry_store_query (self, entry_from_row, (GDestroyNotify) ferry_audit_entry_unref,
                             error,
                             "SELECT id, time, user, action, service, environment, "
                             "       version, result, detail "
                             "FROM audit "
                             "WHERE (?1 IS NULL OR service = ?1) "
                             "  AND (?2 IS NULL OR environment = ?2) "
                             "  AND (?3 IS NULL OR user = ?3) "
                             "  AND (?4 IS NULL OR action = ?4) "
                             "  AND (?5 IS NULL OR time >= ?5) "
                             "ORDER BY id DESC LIMIT ?6",
                             "sssst" "i",
                             filter->service, filter->environment, filter->user,
                             filter->action, filter->since,
                             filter->limit > 0 ? (gint64) filter->limit : (gint64) -1);
}

typedef struct
{
  FerryAuditFilter  filter;
  gchar            *service;
  gchar            *environment;
  gchar            *user;
  gchar            *action;
} OwnedFilter;

static void
owned_filter_free (gpointer data)
{
  OwnedFilter *owned = data;

  g_free (owned->service);
  g_free (owned->environment);
  g_free (owned->user);
  g_free (owned->action);
  g_clear_pointer (&owned->filter.since, g_date_time_unref);
  g_free (owned);
}

static gpointer
query_audit_func (FerryStore    *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  OwnedFilter *owned = data;

  return ferry_store_query_audit (self, &owned->filter, error);
}

/**
 * ferry_store_query_audit_async:
 * @self: a #FerryStore
 * @filter: (nullable): which entries; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs ferry_store_query_audit() on a worker thread.
 */
void
ferry_store_query_audit_async (FerryStore              *self,
                               const FerryAuditFilter  *filter,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  OwnedFilter *owned;

  g_return_if_fail (FERRY_IS_STORE (self));

  owned = g_new0 (OwnedFilter, 1);
  if (filter != NULL)
    {
      owned->filter.service = owned->service = g_strdup (filter->service);
      owned->filter.environment = owned->environment = g_strdup (filter->environment);
      owned->filter.user = owned->user = g_strdup (filter->user);
      owned->filter.action = owned->action = g_strdup (filter->action);
      owned->filter.since = filter->since != NULL ? g_date_time_ref (filter->since) : NULL;
      owned->filter.limit = filter->limit;
    }

  _ferry_store_run_tagged_async (self, ferry_store_query_audit_async,
                                 query_audit_func, owned, owned_filter_free,
                                 (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, callback, user_data);
}

/**
 * ferry_store_query_audit_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryAuditEntry): see
 *   ferry_store_query_audit()
 */
GPtrArray *
ferry_store_query_audit_finish (FerryStore    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _ferry_store_run_tagged_finish (self, result, ferry_store_query_audit_async, error);
}

/**
 * ferry_audit_entries_to_json_node:
 * @entries: (element-type FerryAuditEntry): audit entries
 *
 * Builds what `ferryctl log --format json` prints: an array of
 * `{"time", "user", "action", "service", "environment", "version",
 * "result", "detail"}` objects in the order of @entries, with absent
 * values as `null` and times as UTC ISO 8601 with microseconds.
 *
 * Returns: (transfer full): the JSON array
 */
JsonNode *
ferry_audit_entries_to_json_node (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (entries != NULL, NULL);

  json_builder_begin_array (builder);

  for (guint i = 0; i < entries->len; i++)
    {
      FerryAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree gchar *time = _ferry_store_format_time (entry->time);

      json_builder_begin_object (builder);
      ferry_json_builder_add_nullable (builder, "time", time);
      ferry_json_builder_add_nullable (builder, "user", entry->user);
      ferry_json_builder_add_nullable (builder, "action", entry->action);
      ferry_json_builder_add_nullable (builder, "service", entry->service);
      ferry_json_builder_add_nullable (builder, "environment", entry->environment);
      ferry_json_builder_add_nullable (builder, "version", entry->version);
      ferry_json_builder_add_nullable (builder, "result", ferry_audit_result_to_string (entry->result));
      ferry_json_builder_add_nullable (builder, "detail", entry->detail);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/**
 * ferry_audit_entries_to_json:
 * @entries: (element-type FerryAuditEntry): audit entries
 * @pretty: whether to indent
 *
 * Returns: (transfer full): ferry_audit_entries_to_json_node() as text
 */
gchar *
ferry_audit_entries_to_json (GPtrArray *entries,
                             gboolean   pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (entries != NULL, NULL);

  node = ferry_audit_entries_to_json_node (entries);

  return json_to_string (node, pretty);
}

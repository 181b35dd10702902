/* ferry-store-local.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-private.h"

/* What the local target keeps: built artifacts, and the service processes
 * it runs, so that a restarted Ferry re-attaches to them.
 */

#define ARTIFACT_SELECT \
  "SELECT id, repo, commit_id, build, path, size, created_at FROM artifacts "

#define PROCESS_SELECT                                                          \
  "SELECT service, environment, version, pid, start_time, port, artifact_id, "  \
  "       log_path, started_at, restarts, last_exit "                           \
  "FROM local_processes "

static gpointer
artifact_from_row (sqlite3_stmt *stmt)
{
  FerryArtifact *artifact = ferry_artifact_new ();

  artifact->id = _ferry_store_column_string (stmt, 0);
  artifact->repo = _ferry_store_column_string (stmt, 1);
  artifact->commit_id = _ferry_store_column_string (stmt, 2);
  artifact->build = _ferry_store_column_string (stmt, 3);
  artifact->path = _ferry_store_column_string (stmt, 4);
  artifact->size = (guint64) sqlite3_column_int64 (stmt, 5);
  artifact->created_at = _ferry_store_column_time (stmt, 6);

  return artifact;
}

static gpointer
process_from_row (sqlite3_stmt *stmt)
{
  FerryLocalProcess *process = ferry_local_process_new ();

  process->service = _ferry_store_column_string (stmt, 0);
  process->environment = _ferry_store_column_string (stmt, 1);
  process->version = _ferry_store_column_string (stmt, 2);
  process->pid = (GPid) sqlite3_column_int64 (stmt, 3);
  process->start_time = (guint64) sqlite3_column_int64 (stmt, 4);
  process->port = (guint) sqlite3_column_int64 (stmt, 5);
  process->artifact_id = _ferry_store_column_string (stmt, 6);
  process->log_path = _ferry_store_column_string (stmt, 7);
  process->started_at = _ferry_store_column_time (stmt, 8);
  process->restarts = (guint) sqlite3_column_int64 (stmt, 9);
  process->last_exit = _ferry_store_column_string (stmt, 10);

  return process;
}

static gboolean
put_artifact (FerryStore  *self,
              gpointer     data,
              GError     **error)
{
  const FerryArtifact *artifact = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* The id is a content address: the same id is the same artifact, so a
   * second put only refreshes where it lies and its size.
   */
  return _ferry_store_exec (self, error,
                            "INSERT INTO artifacts (id, repo, commit_id, build, path, "
                            "  size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET path = excluded.path, "
                            "  size = excluded.size",
                            "sssssit",
                            artifact->id, artifact->repo, artifact->commit_id,
                            artifact->build, artifact->path, (gint64) artifact->size,
                            artifact->created_at != NULL ? artifact->created_at : now);
}

/**
 * ferry_store_put_artifact:
 * @self: a #FerryStore
 * @artifact: the artifact; @created_at may be %NULL for now
 * @error: return location for a #GError
 *
 * Records a built artifact, or updates the path and size of the one with
 * the same id.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_put_artifact (FerryStore           *self,
                          const FerryArtifact  *artifact,
                          GError              **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (artifact != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (artifact->id == NULL || artifact->repo == NULL || artifact->commit_id == NULL ||
      artifact->build == NULL || artifact->path == NULL)
    {
      g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                           "An artifact needs an id, a repository, a commit, a build and a path");
      return FALSE;
    }

  return _ferry_store_write (self, put_artifact, (gpointer) artifact, error);
}

/**
 * ferry_store_get_artifact:
 * @self: a #FerryStore
 * @id: an artifact id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the artifact, or %NULL: with @error
 *   set on failure, without when there is none
 */
FerryArtifact *
ferry_store_get_artifact (FerryStore   *self,
                          const gchar  *id,
                          GError      **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return _ferry_store_query_one (self, artifact_from_row,
                                 (GDestroyNotify) ferry_artifact_unref, error,
                                 ARTIFACT_SELECT "WHERE id = ?", "s", id);
}

/**
 * ferry_store_list_artifacts:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryArtifact): every
 *   artifact, newest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_artifacts (FerryStore  *self,
                            GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, artifact_from_row,
                             (GDestroyNotify) ferry_artifact_unref, error,
                             ARTIFACT_SELECT "ORDER BY created_at DESC, id", NULL);
}

static gboolean
put_process (FerryStore  *self,
             gpointer     data,
             GError     **error)
{
  const FerryLocalProcess *process = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return _ferry_store_exec (self, error,
                            "INSERT OR REPLACE INTO local_processes (service, environment, "
                            "  version, pid, start_time, port, artifact_id, log_path, "
                            "  started_at, restarts, last_exit) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            "sssdidsstds",
                            process->service, process->environment, process->version,
                            (gint) process->pid, (gint64) process->start_time,
                            (gint) process->port, process->artifact_id, process->log_path,
                            process->started_at != NULL ? process->started_at : now,
                            (gint) process->restarts, process->last_exit);
}

/**
 * ferry_store_put_local_process:
 * @self: a #FerryStore
 * @process: the process; @started_at may be %NULL for now
 * @error: return location for a #GError
 *
 * Records the process the local target runs for a service in an
 * environment, replacing the one recorded before.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_put_local_process (FerryStore               *self,
                               const FerryLocalProcess  *process,
                               GError                  **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (process != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (process->service == NULL || process->environment == NULL || process->version == NULL)
    {
      g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                           "A local process needs a service, an environment and a version");
      return FALSE;
    }

  return _ferry_store_write (self, put_process, (gpointer) process, error);
}

/**
 * ferry_store_get_local_process:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the recorded process, or %NULL:
 *   with @error set on failure, without when there is none
 */
FerryLocalProcess *
ferry_store_get_local_process (FerryStore   *self,
                               const gchar  *service,
                               const gchar  *environment,
                               GError      **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  return _ferry_store_query_one (self, process_from_row,
                                 (GDestroyNotify) ferry_local_process_unref, error,
                                 PROCESS_SELECT "WHERE service = ? AND environment = ?",
                                 "ss", service, environment);
}

/**
 * ferry_store_list_local_processes:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryLocalProcess): every
 *   recorded process, by service then environment, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_local_processes (FerryStore  *self,
                                  GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, process_from_row,
                             (GDestroyNotify) ferry_local_process_unref, error,
                             PROCESS_SELECT "ORDER BY service, environment", NULL);
}

typedef struct
{
  const gchar *service;
  const gchar *environment;
  GPid         pid;
  guint64      start_time;
  const gchar *last_exit;
  guint        restarts;
} RestartData;

static gboolean
claim_restart (FerryStore  *self,
               gpointer     data,
               GError     **error)
{
  RestartData *claim = data;

  if (!_ferry_store_exec (self, error,
                          "UPDATE local_processes SET start_time = 0, last_exit = ? "
                          "WHERE service = ? AND environment = ? AND pid = ? AND start_time = ?",
                          "sssdi",
                          claim->last_exit, claim->service, claim->environment,
                          (gint) claim->pid, (gint64) claim->start_time))
    return FALSE;

  if (_ferry_store_changes (self) == 0)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE,
                   "The process of %s in %s was restarted or replaced by someone else",
                   claim->service, claim->environment);
      return FALSE;
    }

  return TRUE;
}

/**
 * ferry_store_claim_local_restart:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @pid: the dead process, as recorded
 * @start_time: its recorded start time
 * @last_exit: (nullable): how it ended
 * @error: return location for a #GError
 *
 * Claims the restart of a crashed process, atomically: only one of the
 * Ferry processes that found it dead gets %TRUE and starts it again (then
 * records it with ferry_store_note_local_restart()); the others get
 * %FERRY_STORE_ERROR_STALE. Until then the row records no live process.
 *
 * Returns: %TRUE when this process restarts it, else %FALSE with @error set
 */
gboolean
ferry_store_claim_local_restart (FerryStore   *self,
                                 const gchar  *service,
                                 const gchar  *environment,
                                 GPid          pid,
                                 guint64       start_time,
                                 const gchar  *last_exit,
                                 GError      **error)
{
  RestartData claim = { service, environment, pid, start_time, last_exit, 0 };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (environment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, claim_restart, &claim, error);
}

static gboolean
note_restart (FerryStore  *self,
              gpointer     data,
              GError     **error)
{
  RestartData *restart = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(FerryLocalProcess) process = NULL;

  if (!_ferry_store_exec (self, error,
                          "UPDATE local_processes SET restarts = restarts + 1, "
                          "  pid = ?, start_time = ?, last_exit = ?, started_at = ? "
                          "WHERE service = ? AND environment = ?",
                          "distss",
                          (gint) restart->pid, (gint64) restart->start_time,
                          restart->last_exit, now, restart->service, restart->environment))
    return FALSE;

  process = ferry_store_get_local_process (self, restart->service, restart->environment, error);
  if (process == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND,
                     "No local process of %s in %s is recorded",
                     restart->service, restart->environment);
      return FALSE;
    }

  restart->restarts = process->restarts;

  return TRUE;
}

/**
 * ferry_store_note_local_restart:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @pid: the new process
 * @start_time: its start time from ferry_store_pid_start_time()
 * @last_exit: (nullable): how the previous one ended ("exit 1", "signal 9")
 * @restarts: (out) (optional): the count of restarts, this one included
 * @error: return location for a #GError
 *
 * Records that the supervisor restarted a service's process: the restart
 * count goes up by one atomically, whoever else counts.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 *   (%FERRY_STORE_ERROR_NOT_FOUND when no process of it is recorded)
 */
gboolean
ferry_store_note_local_restart (FerryStore   *self,
                                const gchar  *service,
                                const gchar  *environment,
                                GPid          pid,
                                guint64       start_time,
                                const gchar  *last_exit,
                                guint        *restarts,
                                GError      **error)
{
  RestartData restart = { service, environment, pid, start_time, last_exit, 0 };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (environment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_ferry_store_write (self, note_restart, &restart, error))
    return FALSE;

  if (restarts != NULL)
    *restarts = restart.restarts;

  return TRUE;
}

typedef struct
{
  const gchar *service;
  const gchar *environment;
} RemoveData;

static gboolean
remove_process (FerryStore  *self,
                gpointer     data,
                GError     **error)
{
  RemoveData *removal = data;

  return _ferry_store_exec (self, error,
                            "DELETE FROM local_processes WHERE service = ? AND environment = ?",
                            "ss", removal->service, removal->environment);
}

/**
 * ferry_store_remove_local_process:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @error: return location for a #GError
 *
 * Forgets the process of a service in an environment (it was stopped).
 * Forgetting one that is not recorded is not an error.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_remove_local_process (FerryStore   *self,
                                  const gchar  *service,
                                  const gchar  *environment,
                                  GError      **error)
{
  RemoveData removal = { service, environment };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (service != NULL, FALSE);
  g_return_val_if_fail (environment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, remove_process, &removal, error);
}

/* ferry-store-deployments.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-private.h"
#include "ferry-utils.h"

/* The lock of a service in an environment is its active deployment: the
 * unique index deployments_one_active lets at most one exist, and
 * ferry_store_begin_deployment() checks for it inside the same write
 * transaction that inserts the new one, so that it can name the holder.
 */

#define ACTIVE_STATUSES  "('pending-approval', 'building', 'deploying')"
#define WORKING_STATUSES "('building', 'deploying')"

#define DEPLOYMENT_SELECT                                                       \
  "SELECT d.id, d.service, d.environment, d.version, d.tag, d.status, d.url, "  \
  "       d.started_at, d.finished_at, d.by_user, d.reason, d.detail, "         \
  "       d.previous_version, d.artifact_id, d.step_id, s.run_id, "             \
  "       d.owner_pid, d.owner_start, d.owner_host "                            \
  "FROM deployments d LEFT JOIN plan_steps s ON s.id = d.step_id "

static gpointer
deployment_from_row (sqlite3_stmt *stmt)
{
  FerryDeployment *d = ferry_deployment_new ();
  g_autofree gchar *status = NULL;

  d->id = sqlite3_column_int64 (stmt, 0);
  d->service = _ferry_store_column_string (stmt, 1);
  d->environment = _ferry_store_column_string (stmt, 2);
  d->version = _ferry_store_column_string (stmt, 3);
  d->tag = _ferry_store_column_string (stmt, 4);
  status = _ferry_store_column_string (stmt, 5);
  if (!ferry_deployment_status_from_string (status, &d->status))
    d->status = FERRY_DEPLOYMENT_STATUS_FAILED;
  d->url = _ferry_store_column_string (stmt, 6);
  d->started_at = _ferry_store_column_time (stmt, 7);
  d->finished_at = _ferry_store_column_time (stmt, 8);
  d->by = _ferry_store_column_string (stmt, 9);
  d->reason = _ferry_store_column_string (stmt, 10);
  d->detail = _ferry_store_column_string (stmt, 11);
  d->previous_version = _ferry_store_column_string (stmt, 12);
  d->artifact_id = _ferry_store_column_string (stmt, 13);
  d->step_id = sqlite3_column_int64 (stmt, 14);
  d->run_id = sqlite3_column_int64 (stmt, 15);
  d->owner_pid = (GPid) sqlite3_column_int64 (stmt, 16);
  d->owner_start_time = (guint64) sqlite3_column_int64 (stmt, 17);
  d->owner_host = _ferry_store_column_string (stmt, 18);

  return d;
}

static gchar *
describe_holder (FerryDeployment *holder)
{
  g_autofree gchar *short_version = ferry_short_id (holder->version);
  g_autofree gchar *since = _ferry_store_describe_time (holder->started_at);
  GString *message = g_string_new (NULL);

  g_string_append_printf (message, "(version %s", short_version);
  if (holder->run_id != 0)
    g_string_append_printf (message, ", run %" G_GINT64_FORMAT, holder->run_id);
  g_string_append_printf (message, ", since %s)", since);

  return g_string_free (message, FALSE);
}

static gboolean
is_orphaned (FerryStore      *self,
             FerryDeployment *deployment)
{
  return (deployment->status == FERRY_DEPLOYMENT_STATUS_BUILDING ||
          deployment->status == FERRY_DEPLOYMENT_STATUS_DEPLOYING) &&
         !_ferry_store_owner_is_alive (self, deployment->owner_host,
                                       deployment->owner_pid,
                                       deployment->owner_start_time);
}

static void
refuse_for_holder (FerryStore       *self,
                   FerryDeployment  *holder,
                   GError          **error)
{
  g_autofree gchar *about = describe_holder (holder);

  if (is_orphaned (self, holder))
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_ORPHANED,
                 "%s was being deployed to %s by %s %s, but the process doing "
                 "it (pid %d) is gone; it must be reconciled first",
                 holder->service, holder->environment, holder->by, about,
                 (gint) holder->owner_pid);
  else if (holder->status == FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL)
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS,
                 "%s is already waiting for approval to be deployed to %s, "
                 "asked by %s %s",
                 holder->service, holder->environment, holder->by, about);
  else
    g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS,
                 "%s is already being deployed to %s by %s %s",
                 holder->service, holder->environment, holder->by, about);
}

static gboolean
require_text (const gchar  *value,
              const gchar  *what,
              GError      **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
               "A deployment needs %s", what);
  return FALSE;
}

typedef struct
{
  const FerryDeployment *template;
  FerryDeployment       *result;
} BeginData;

static gboolean
begin_deployment (FerryStore  *self,
                  gpointer     data,
                  GError     **error)
{
  BeginData *begin = data;
  const FerryDeployment *t = begin->template;
  g_autoptr(FerryDeployment) holder = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *previous = NULL;
  g_autoptr(GError) local_error = NULL;
  const gchar *owner_host;
  guint64 owner_start;
  GPid owner_pid;

  g_clear_pointer (&begin->result, ferry_deployment_unref);

  holder = _ferry_store_query_one (self, deployment_from_row,
                                   (GDestroyNotify) ferry_deployment_unref, &local_error,
                                   DEPLOYMENT_SELECT
                                   "WHERE d.service = ? AND d.environment = ? "
                                   "  AND d.status IN " ACTIVE_STATUSES,
                                   "ss", t->service, t->environment);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (holder != NULL)
    {
      refuse_for_holder (self, holder, error);
      return FALSE;
    }

  if (t->previous_version != NULL)
    {
      previous = g_strdup (t->previous_version);
    }
  else
    {
      g_autoptr(FerryDeployment) running = NULL;

      running = _ferry_store_query_one (self, deployment_from_row,
                                        (GDestroyNotify) ferry_deployment_unref, &local_error,
                                        DEPLOYMENT_SELECT
                                        "WHERE d.service = ? AND d.environment = ? "
                                        "  AND d.status IN ('healthy', 'degraded') "
                                        "ORDER BY d.id DESC LIMIT 1",
                                        "ss", t->service, t->environment);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (running != NULL)
        previous = g_strdup (running->version);
    }

  _ferry_store_get_owner (self, &owner_pid, &owner_start, &owner_host);

  if (!_ferry_store_exec (self, error,
                          "INSERT INTO deployments (service, environment, version, tag, "
                          "  status, url, started_at, by_user, reason, detail, "
                          "  previous_version, artifact_id, step_id, owner_pid, "
                          "  owner_start, owner_host) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          "sssssstsssssndis",
                          t->service, t->environment, t->version, t->tag,
                          ferry_deployment_status_to_string (t->status), t->url,
                          now, t->by, t->reason, t->detail, previous, t->artifact_id,
                          t->step_id, (gint) owner_pid, (gint64) owner_start, owner_host))
    return FALSE;

  begin->result = ferry_store_get_deployment (self, _ferry_store_last_insert_id (self), error);

  return begin->result != NULL;
}

/**
 * ferry_store_begin_deployment:
 * @self: a #FerryStore
 * @deployment: a template: @service, @environment, @version and @by are
 *   required, @status must be pending-approval, building or deploying;
 *   @tag, @url, @reason, @detail, @previous_version, @artifact_id and
 *   @step_id are optional
 * @error: return location for a #GError
 *
 * Records a new deployment, owned by this process, which holds the lock of
 * its service and environment until it leaves the active statuses.
 *
 * When another deployment of the service to the environment is active the
 * new one is refused with %FERRY_STORE_ERROR_IN_PROGRESS, whose message
 * names the holder: "checkout-api is already being deployed to uat by
 * ana@acme.test (version 0123456789ab, run 12, since 10:42:03)". When the
 * holder's process is gone it is %FERRY_STORE_ERROR_ORPHANED: reconcile
 * it (ferry_store_list_orphaned_deployments()) and try again.
 *
 * The check and the insertion are one transaction.
 *
 * Returns: (transfer full): the stored deployment (with its id, start
 *   time, owner and previous version), or %NULL with @error set
 */
FerryDeployment *
ferry_store_begin_deployment (FerryStore             *self,
                              const FerryDeployment  *deployment,
                              GError                **error)
{
  BeginData begin = { deployment, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (deployment != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_text (deployment->service, "a service", error) ||
      !require_text (deployment->environment, "an environment", error) ||
      !require_text (deployment->version, "a version", error) ||
      !require_text (deployment->by, "somebody who deploys", error))
    return NULL;

  if (!ferry_deployment_status_is_active (deployment->status))
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                   "A deployment begins pending approval, building or deploying, not %s",
                   ferry_deployment_status_to_string (deployment->status));
      return NULL;
    }

  if (!_ferry_store_write (self, begin_deployment, &begin, error))
    {
      g_clear_pointer (&begin.result, ferry_deployment_unref);
      return NULL;
    }

  return begin.result;
}

typedef struct
{
  gint64                 id;
  FerryDeploymentStatus  expected;
  FerryDeploymentStatus  status;
  const gchar           *detail;
  const gchar           *url;
  gboolean               reconcile;
} UpdateData;

/* The step a deployment carries out ends with it, when it was running. */
static gboolean
settle_step (FerryStore             *self,
             gint64                  step_id,
             FerryDeploymentStatus   outcome,
             const gchar            *detail,
             GDateTime              *now,
             GError                **error)
{
  FerryStepState state;

  switch (outcome)
    {
    case FERRY_DEPLOYMENT_STATUS_HEALTHY:
    case FERRY_DEPLOYMENT_STATUS_DEGRADED:
      state = FERRY_STEP_STATE_HEALTHY;
      detail = NULL;
      break;

    case FERRY_DEPLOYMENT_STATUS_STOPPED:
      state = FERRY_STEP_STATE_CANCELLED;
      break;

    case FERRY_DEPLOYMENT_STATUS_FAILED:
    case FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED:
    case FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL:
    case FERRY_DEPLOYMENT_STATUS_BUILDING:
    case FERRY_DEPLOYMENT_STATUS_DEPLOYING:
    default:
      state = FERRY_STEP_STATE_FAILED;
      break;
    }

  return _ferry_store_exec (self, error,
                            "UPDATE plan_steps SET state = ?, error = ?, "
                            "  finished_at = coalesce (finished_at, ?) "
                            "WHERE id = ? AND state IN ('building', 'deploying', 'verifying')",
                            "ssti",
                            ferry_step_state_to_string (state), detail, now, step_id);
}

static gboolean
update_deployment (FerryStore  *self,
                   gpointer     data,
                   GError     **error)
{
  UpdateData *update = data;
  g_autoptr(FerryDeployment) current = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean was_active;
  gboolean working;
  const gchar *owner_host;
  guint64 owner_start;
  GPid owner_pid;

  current = ferry_store_get_deployment (self, update->id, error);
  if (current == NULL)
    return FALSE;

  if (current->status != update->expected)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE,
                   "Deployment %" G_GINT64_FORMAT " of %s to %s is %s, not %s",
                   current->id, current->service, current->environment,
                   ferry_deployment_status_to_string (current->status),
                   ferry_deployment_status_to_string (update->expected));
      return FALSE;
    }

  was_active = ferry_deployment_status_is_active (current->status);
  if (!was_active && ferry_deployment_status_is_active (update->status))
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                   "Deployment %" G_GINT64_FORMAT " has finished and cannot become %s "
                   "again; begin a new one",
                   current->id, ferry_deployment_status_to_string (update->status));
      return FALSE;
    }

  if (update->reconcile)
    {
      if (!is_orphaned (self, current))
        {
          g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS,
                       "Deployment %" G_GINT64_FORMAT " of %s to %s is %s by a "
                       "process that is still running (pid %d)",
                       current->id, current->service, current->environment,
                       ferry_deployment_status_to_string (current->status),
                       (gint) current->owner_pid);
          return FALSE;
        }

      if (current->step_id != 0 &&
          !settle_step (self, current->step_id, update->status, update->detail, now, error))
        return FALSE;
    }

  /* Whoever moves it into building or deploying is now doing the work. */
  working = update->status == FERRY_DEPLOYMENT_STATUS_BUILDING ||
            update->status == FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  if (working)
    {
      _ferry_store_get_owner (self, &owner_pid, &owner_start, &owner_host);
    }
  else
    {
      owner_pid = current->owner_pid;
      owner_start = current->owner_start_time;
      owner_host = current->owner_host;
    }

  return _ferry_store_exec (self, error,
                            "UPDATE deployments SET status = ?, "
                            "  detail = coalesce (?, detail), url = coalesce (?, url), "
                            "  finished_at = coalesce (finished_at, ?), "
                            "  owner_pid = ?, owner_start = ?, owner_host = ? "
                            "WHERE id = ? AND status = ?",
                            "ssstdisis",
                            ferry_deployment_status_to_string (update->status),
                            update->detail, update->url,
                            ferry_deployment_status_is_active (update->status) ? NULL : now,
                            (gint) owner_pid, (gint64) owner_start, owner_host,
                            update->id,
                            ferry_deployment_status_to_string (update->expected));
}

/**
 * ferry_store_update_deployment:
 * @self: a #FerryStore
 * @id: the deployment
 * @expected: the status it must have now
 * @status: its new status
 * @detail: (nullable): what happened, or %NULL to keep the current detail
 * @url: (nullable): where it answers, or %NULL to keep the current URL
 * @error: return location for a #GError
 *
 * Moves a deployment from @expected to @status, atomically: when it is no
 * longer @expected (somebody else moved it) nothing changes and
 * %FERRY_STORE_ERROR_STALE is returned. Leaving the active statuses
 * releases the lock and sets the finish time; a finished deployment cannot
 * become active again (%FERRY_STORE_ERROR_INVALID). Moving into building
 * or deploying makes this process the deployment's owner.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_update_deployment (FerryStore             *self,
                               gint64                  id,
                               FerryDeploymentStatus   expected,
                               FerryDeploymentStatus   status,
                               const gchar            *detail,
                               const gchar            *url,
                               GError                **error)
{
  UpdateData update = { id, expected, status, detail, url, FALSE };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (status == FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED)
    {
      g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                           "A deployment cannot become not-deployed");
      return FALSE;
    }

  return _ferry_store_write (self, update_deployment, &update, error);
}

/**
 * ferry_store_get_deployment:
 * @self: a #FerryStore
 * @id: a deployment id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the deployment, or %NULL with @error set
 *   (%FERRY_STORE_ERROR_NOT_FOUND when there is none)
 */
FerryDeployment *
ferry_store_get_deployment (FerryStore  *self,
                            gint64       id,
                            GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ferry_store_get_by_id (self, deployment_from_row,
                                 (GDestroyNotify) ferry_deployment_unref, "deployment",
                                 DEPLOYMENT_SELECT "WHERE d.id = ?", id, error);
}

/**
 * ferry_store_get_current_deployment:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the latest deployment of @service
 *   to @environment, or %NULL: with @error set on failure, without when
 *   it was never deployed there
 */
FerryDeployment *
ferry_store_get_current_deployment (FerryStore   *self,
                                    const gchar  *service,
                                    const gchar  *environment,
                                    GError      **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  return _ferry_store_query_one (self, deployment_from_row,
                                 (GDestroyNotify) ferry_deployment_unref, error,
                                 DEPLOYMENT_SELECT
                                 "WHERE d.service = ? AND d.environment = ? "
                                 "ORDER BY d.id DESC LIMIT 1",
                                 "ss", service, environment);
}

/**
 * ferry_store_list_current_deployments:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryDeployment): the current
 *   deployment of every service in every environment it was deployed to,
 *   by service then environment, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_current_deployments (FerryStore  *self,
                                      GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, deployment_from_row,
                             (GDestroyNotify) ferry_deployment_unref, error,
                             DEPLOYMENT_SELECT
                             "WHERE d.id IN (SELECT max (id) FROM deployments "
                             "               GROUP BY service, environment) "
                             "ORDER BY d.service, d.environment",
                             NULL);
}

static gpointer
list_current_deployments_func (FerryStore    *self,
                               gpointer       data,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return ferry_store_list_current_deployments (self, error);
}

/**
 * ferry_store_list_current_deployments_async:
 * @self: a #FerryStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs ferry_store_list_current_deployments() on a worker thread.
 */
void
ferry_store_list_current_deployments_async (FerryStore          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_STORE (self));

  _ferry_store_run_tagged_async (self, ferry_store_list_current_deployments_async,
                                 list_current_deployments_func, NULL, NULL,
                                 (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, callback, user_data);
}

/**
 * ferry_store_list_current_deployments_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryDeployment): see
 *   ferry_store_list_current_deployments()
 */
GPtrArray *
ferry_store_list_current_deployments_finish (FerryStore    *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return _ferry_store_run_tagged_finish (self, result,
                                         ferry_store_list_current_deployments_async, error);
}

/**
 * ferry_store_list_deployments:
 * @self: a #FerryStore
 * @service: (nullable): only this service
 * @environment: (nullable): only this environment
 * @limit: at most this many, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryDeployment): the
 *   deployments, newest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_deployments (FerryStore   *self,
                              const gchar  *service,
                              const gchar  *environment,
                              guint         limit,
                              GError      **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, deployment_from_row,
                             (GDestroyNotify) ferry_deployment_unref, error,
                             DEPLOYMENT_SELECT
                             "WHERE (?1 IS NULL OR d.service = ?1) "
                             "  AND (?2 IS NULL OR d.environment = ?2) "
                             "ORDER BY d.id DESC LIMIT ?3",
                             "ssi", service, environment,
                             limit > 0 ? (gint64) limit : (gint64) -1);
}

static gpointer
version_from_row (sqlite3_stmt *stmt)
{
  return _ferry_store_column_string (stmt, 0);
}

/**
 * ferry_store_get_previous_healthy_version:
 * @self: a #FerryStore
 * @service: a service
 * @environment: an environment
 * @error: return location for a #GError
 *
 * Finds what a rollback goes back to: the version of the latest deployment
 * that ended healthy and whose version differs from the current one.
 *
 * Returns: (transfer full) (nullable): the full commit id, or %NULL: with
 *   @error set on failure, without when there is nothing to go back to
 */
gchar *
ferry_store_get_previous_healthy_version (FerryStore   *self,
                                          const gchar  *service,
                                          const gchar  *environment,
                                          GError      **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  return _ferry_store_query_one (self, version_from_row, g_free, error,
                                 "SELECT version FROM deployments "
                                 "WHERE service = ?1 AND environment = ?2 "
                                 "  AND status = 'healthy' "
                                 "  AND version != coalesce ((SELECT version FROM deployments "
                                 "                            WHERE service = ?1 AND environment = ?2 "
                                 "                            ORDER BY id DESC LIMIT 1), '') "
                                 "ORDER BY id DESC LIMIT 1",
                                 "ss", service, environment);
}

/**
 * ferry_store_list_orphaned_deployments:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Lists the deployments left building or deploying by a process that is
 * gone (its pid no longer runs, or runs a later process). Pending-approval
 * deployments wait for people, not for a process, and are never orphans.
 * The engine finds out what became of each (is the service up and
 * healthy?) and settles it with ferry_store_reconcile_deployment().
 *
 * Returns: (transfer container) (element-type FerryDeployment): the
 *   orphans, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_orphaned_deployments (FerryStore  *self,
                                       GError     **error)
{
  g_autoptr(GPtrArray) working = NULL;
  g_autoptr(GPtrArray) orphans = NULL;

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  working = _ferry_store_query (self, deployment_from_row,
                                (GDestroyNotify) ferry_deployment_unref, error,
                                DEPLOYMENT_SELECT
                                "WHERE d.status IN " WORKING_STATUSES " ORDER BY d.id",
                                NULL);
  if (working == NULL)
    return NULL;

  orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_deployment_unref);
  for (guint i = 0; i < working->len; i++)
    {
      FerryDeployment *deployment = g_ptr_array_index (working, i);

      if (is_orphaned (self, deployment))
        g_ptr_array_add (orphans, ferry_deployment_ref (deployment));
    }

  return g_steal_pointer (&orphans);
}

/**
 * ferry_store_reconcile_deployment:
 * @self: a #FerryStore
 * @id: an orphaned deployment
 * @outcome: what became of it: healthy, degraded, failed or stopped
 * @detail: (nullable): why, in words
 * @error: return location for a #GError
 *
 * Settles an orphaned deployment, in one transaction: it takes @outcome
 * (releasing the lock) and the plan step it carried out, when that was
 * still running, becomes healthy (for healthy and degraded), cancelled
 * (stopped) or failed, with @detail as its error.
 *
 * Refused with %FERRY_STORE_ERROR_IN_PROGRESS when its process is alive
 * after all, and %FERRY_STORE_ERROR_STALE when it is no longer building
 * or deploying (somebody reconciled it first).
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_reconcile_deployment (FerryStore             *self,
                                  gint64                  id,
                                  FerryDeploymentStatus   outcome,
                                  const gchar            *detail,
                                  GError                **error)
{
  g_autoptr(FerryDeployment) current = NULL;
  UpdateData update = { id, 0, outcome, detail, NULL, TRUE };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ferry_deployment_status_is_active (outcome) ||
      outcome == FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                   "An orphaned deployment ends healthy, degraded, failed or stopped, not %s",
                   ferry_deployment_status_to_string (outcome));
      return FALSE;
    }

  current = ferry_store_get_deployment (self, id, error);
  if (current == NULL)
    return FALSE;

  if (current->status != FERRY_DEPLOYMENT_STATUS_BUILDING &&
      current->status != FERRY_DEPLOYMENT_STATUS_DEPLOYING)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE,
                   "Deployment %" G_GINT64_FORMAT " of %s to %s is %s, not orphaned",
                   id, current->service, current->environment,
                   ferry_deployment_status_to_string (current->status));
      return FALSE;
    }

  /* The write transaction checks again that it is still in that status. */
  update.expected = current->status;

  return _ferry_store_write (self, update_deployment, &update, error);
}

/* ferry-store.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-store-types.h"

G_BEGIN_DECLS

#define FERRY_STORE_ERROR (ferry_store_error_quark ())

/**
 * FerryStoreError:
 * @FERRY_STORE_ERROR_FAILED: the database could not be read or written
 * @FERRY_STORE_ERROR_NEWER_SCHEMA: the database was written by a newer Ferry;
 *   it is left untouched
 * @FERRY_STORE_ERROR_BUSY: other writers kept the database busy for longer
 *   than a minute (never seen in normal use)
 * @FERRY_STORE_ERROR_INVALID: an argument the store cannot record
 * @FERRY_STORE_ERROR_NOT_FOUND: no row with that id
 * @FERRY_STORE_ERROR_IN_PROGRESS: the service is already being deployed to
 *   the environment; the message names who, since when, which version and run
 * @FERRY_STORE_ERROR_ORPHANED: the service's lock is held by a deployment
 *   whose process is gone; it must be reconciled first
 * @FERRY_STORE_ERROR_STALE: a compare-and-set found another state than
 *   expected: somebody else got there first
 * @FERRY_STORE_ERROR_ALREADY_DECIDED: that user already decided on the request
 * @FERRY_STORE_ERROR_NOT_PENDING: the approval request is no longer pending
 *
 * Errors of the state store.
 */
typedef enum
{
  FERRY_STORE_ERROR_FAILED,
  FERRY_STORE_ERROR_NEWER_SCHEMA,
  FERRY_STORE_ERROR_BUSY,
  FERRY_STORE_ERROR_INVALID,
  FERRY_STORE_ERROR_NOT_FOUND,
  FERRY_STORE_ERROR_IN_PROGRESS,
  FERRY_STORE_ERROR_ORPHANED,
  FERRY_STORE_ERROR_STALE,
  FERRY_STORE_ERROR_ALREADY_DECIDED,
  FERRY_STORE_ERROR_NOT_PENDING,
} FerryStoreError;

/**
 * FerryAuditFilter:
 * @service: (nullable): only entries about this service
 * @environment: (nullable): only entries about this environment
 * @user: (nullable): only entries by this user
 * @action: (nullable): only this action
 * @since: (nullable): only entries at or after this time
 * @limit: at most this many entries, 0 for all
 *
 * What ferry_store_query_audit() returns. Borrowed pointers; initialise
 * with `FerryAuditFilter filter = { 0 };`.
 */
typedef struct
{
  const gchar *service;
  const gchar *environment;
  const gchar *user;
  const gchar *action;
  GDateTime   *since;
  guint        limit;
} FerryAuditFilter;

#define FERRY_TYPE_STORE (ferry_store_get_type ())

G_DECLARE_FINAL_TYPE (FerryStore, ferry_store, FERRY, STORE, GObject)

/**
 * FerryStoreFunc:
 * @store: the store
 * @data: the data given to ferry_store_run_async()
 * @cancellable: (nullable): the cancellable given to ferry_store_run_async()
 * @error: return location for a #GError
 *
 * Work done on a worker thread with the store's synchronous API.
 *
 * Returns: (nullable) (transfer full): the result, or %NULL with @error set
 *   on failure (%NULL without error is a valid result)
 */
typedef gpointer (*FerryStoreFunc) (FerryStore    *store,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

GQuark      ferry_store_error_quark          (void);

/* Opening */
gchar      *ferry_store_workspace_id         (const gchar          *workspace);
gchar      *ferry_store_path_for_workspace   (const gchar          *workspace_id);
FerryStore *ferry_store_open                 (const gchar          *workspace_id,
                                              GError              **error);
FerryStore *ferry_store_open_path            (const gchar          *path,
                                              GError              **error);
void        ferry_store_open_async           (const gchar          *workspace_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
FerryStore *ferry_store_open_finish          (GAsyncResult         *result,
                                              GError              **error);
const gchar *ferry_store_get_path            (FerryStore           *self);
guint       ferry_store_get_schema_version   (FerryStore           *self);
guint       ferry_store_get_latest_schema_version (void);
gboolean    ferry_store_check_integrity      (FerryStore           *self,
                                              GError              **error);
gboolean    ferry_store_check_for_changes    (FerryStore           *self);

/* Running any of the synchronous calls below off the main thread */
void        ferry_store_run_async            (FerryStore           *self,
                                              FerryStoreFunc        func,
                                              gpointer              data,
                                              GDestroyNotify        data_free,
                                              GDestroyNotify        result_free,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gpointer    ferry_store_run_finish           (FerryStore           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Processes that own deployments, steps and local services */
guint64     ferry_store_pid_start_time       (GPid                  pid);
gboolean    ferry_store_pid_is_alive         (GPid                  pid,
                                              guint64               start_time);

/* Deployments, and the lock of a service in an environment */
FerryDeployment *ferry_store_begin_deployment        (FerryStore             *self,
                                                      const FerryDeployment  *deployment,
                                                      GError                **error);
gboolean         ferry_store_update_deployment       (FerryStore             *self,
                                                      gint64                  id,
                                                      FerryDeploymentStatus   expected,
                                                      FerryDeploymentStatus   status,
                                                      const gchar            *detail,
                                                      const gchar            *url,
                                                      GError                **error);
FerryDeployment *ferry_store_get_deployment          (FerryStore             *self,
                                                      gint64                  id,
                                                      GError                **error);
FerryDeployment *ferry_store_get_current_deployment  (FerryStore             *self,
                                                      const gchar            *service,
                                                      const gchar            *environment,
                                                      GError                **error);
GPtrArray       *ferry_store_list_current_deployments (FerryStore            *self,
                                                      GError                **error);
void             ferry_store_list_current_deployments_async  (FerryStore          *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GPtrArray       *ferry_store_list_current_deployments_finish (FerryStore          *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
GPtrArray       *ferry_store_list_deployments        (FerryStore             *self,
                                                      const gchar            *service,
                                                      const gchar            *environment,
                                                      guint                   limit,
                                                      GError                **error);
gchar           *ferry_store_get_previous_healthy_version (FerryStore        *self,
                                                      const gchar            *service,
                                                      const gchar            *environment,
                                                      GError                **error);

/* Reconciliation after a crash */
GPtrArray       *ferry_store_list_orphaned_deployments (FerryStore           *self,
                                                      GError                **error);
gboolean         ferry_store_reconcile_deployment    (FerryStore             *self,
                                                      gint64                  id,
                                                      FerryDeploymentStatus   outcome,
                                                      const gchar            *detail,
                                                      GError                **error);
GPtrArray       *ferry_store_list_orphaned_steps     (FerryStore             *self,
                                                      GError                **error);
gint             ferry_store_settle_abandoned_runs   (FerryStore             *self,
                                                      GError                **error);

/* Plan runs and steps */
FerryPlanRun    *ferry_store_create_plan_run         (FerryStore             *self,
                                                      const gchar            *created_by,
                                                      const gchar            *source_environment,
                                                      const gchar            *target_environment,
                                                      GPtrArray              *steps,
                                                      GError                **error);
FerryPlanRun    *ferry_store_get_plan_run            (FerryStore             *self,
                                                      gint64                  run_id,
                                                      GError                **error);
GPtrArray       *ferry_store_list_plan_runs          (FerryStore             *self,
                                                      guint                   limit,
                                                      GError                **error);
void             ferry_store_list_plan_runs_async    (FerryStore             *self,
                                                      guint                   limit,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
GPtrArray       *ferry_store_list_plan_runs_finish   (FerryStore             *self,
                                                      GAsyncResult           *result,
                                                      GError                **error);
gboolean         ferry_store_set_plan_run_status     (FerryStore             *self,
                                                      gint64                  run_id,
                                                      FerryPlanRunStatus      expected,
                                                      FerryPlanRunStatus      status,
                                                      GError                **error);
FerryPlanStep   *ferry_store_get_step                (FerryStore             *self,
                                                      gint64                  step_id,
                                                      GError                **error);
gboolean         ferry_store_transition_step         (FerryStore             *self,
                                                      gint64                  step_id,
                                                      FerryStepState          expected,
                                                      FerryStepState          state,
                                                      const gchar            *text,
                                                      GError                **error);

/* Approvals */
FerryApprovalRequest *ferry_store_create_approval_request (FerryStore                 *self,
                                                           const FerryApprovalRequest *request,
                                                           GError                    **error);
FerryApprovalRequest *ferry_store_get_approval_request    (FerryStore                 *self,
                                                           gint64                      id,
                                                           GError                    **error);
GPtrArray            *ferry_store_list_approval_requests  (FerryStore                 *self,
                                                           gboolean                    pending_only,
                                                           GError                    **error);
void                  ferry_store_list_approval_requests_async  (FerryStore          *self,
                                                                 gboolean             pending_only,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray            *ferry_store_list_approval_requests_finish (FerryStore          *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
GPtrArray            *ferry_store_list_decisions          (FerryStore                 *self,
                                                           gint64                      request_id,
                                                           GError                    **error);
FerryApprovalRequest *ferry_store_record_decision         (FerryStore                 *self,
                                                           gint64                      request_id,
                                                           const gchar                *user,
                                                           FerryVerdict                verdict,
                                                           const gchar                *comment,
                                                           GError                    **error);
void                  ferry_store_record_decision_async   (FerryStore                 *self,
                                                           gint64                      request_id,
                                                           const gchar                *user,
                                                           FerryVerdict                verdict,
                                                           const gchar                *comment,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
FerryApprovalRequest *ferry_store_record_decision_finish  (FerryStore                 *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);
gboolean              ferry_store_cancel_approval_request (FerryStore                 *self,
                                                           gint64                      id,
                                                           GError                    **error);

/* Artifacts and local processes */
gboolean           ferry_store_put_artifact          (FerryStore               *self,
                                                      const FerryArtifact      *artifact,
                                                      GError                  **error);
FerryArtifact     *ferry_store_get_artifact          (FerryStore               *self,
                                                      const gchar              *id,
                                                      GError                  **error);
GPtrArray         *ferry_store_list_artifacts        (FerryStore               *self,
                                                      GError                  **error);
gboolean           ferry_store_put_local_process     (FerryStore               *self,
                                                      const FerryLocalProcess  *process,
                                                      GError                  **error);
FerryLocalProcess *ferry_store_get_local_process     (FerryStore               *self,
                                                      const gchar              *service,
                                                      const gchar              *environment,
                                                      GError                  **error);
GPtrArray         *ferry_store_list_local_processes  (FerryStore               *self,
                                                      GError                  **error);
gboolean           ferry_store_claim_local_restart   (FerryStore               *self,
                                                      const gchar              *service,
                                                      const gchar              *environment,
                                                      GPid                      pid,
                                                      guint64                   start_time,
                                                      const gchar              *last_exit,
                                                      GError                  **error);
gboolean           ferry_store_note_local_restart    (FerryStore               *self,
                                                      const gchar              *service,
                                                      const gchar              *environment,
                                                      GPid                      pid,
                                                      guint64                   start_time,
                                                      const gchar              *last_exit,
                                                      guint                    *restarts,
                                                      GError                  **error);
gboolean           ferry_store_remove_local_process  (FerryStore               *self,
                                                      const gchar              *service,
                                                      const gchar              *environment,
                                                      GError                  **error);

/* The audit log */
gboolean    ferry_store_append_audit         (FerryStore              *self,
                                              const gchar             *user,
                                              const gchar             *action,
                                              const gchar             *service,
                                              const gchar             *environment,
                                              const gchar             *version,
                                              FerryAuditResult         result,
                                              const gchar             *detail,
                                              GError                 **error);
GPtrArray  *ferry_store_query_audit          (FerryStore              *self,
                                              const FerryAuditFilter  *filter,
                                              GError                 **error);
void        ferry_store_query_audit_async    (FerryStore              *self,
                                              const FerryAuditFilter  *filter,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
GPtrArray  *ferry_store_query_audit_finish   (FerryStore              *self,
                                              GAsyncResult            *result,
                                              GError                 **error);
JsonNode   *ferry_audit_entries_to_json_node (GPtrArray               *entries);
gchar      *ferry_audit_entries_to_json      (GPtrArray               *entries,
                                              gboolean                 pretty);

G_END_DECLS

/* ferry-store-types.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FerryDeploymentStatus:
 * @FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED: nothing was ever deployed (never stored)
 * @FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL: waiting for approvals
 * @FERRY_DEPLOYMENT_STATUS_BUILDING: the artifact is being built
 * @FERRY_DEPLOYMENT_STATUS_DEPLOYING: the artifact is being rolled out
 * @FERRY_DEPLOYMENT_STATUS_HEALTHY: running and passing its health check
 * @FERRY_DEPLOYMENT_STATUS_DEGRADED: running, but not (fully) healthy
 * @FERRY_DEPLOYMENT_STATUS_FAILED: the deployment did not succeed
 * @FERRY_DEPLOYMENT_STATUS_STOPPED: was deployed and has been stopped
 *
 * The status of a deployment, as `ferryctl status` prints it.
 *
 * Pending approval, building and deploying are *active*: a deployment in
 * one of them holds the lock of its service and environment.
 */
typedef enum
{
  FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED,
  FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL,
  FERRY_DEPLOYMENT_STATUS_BUILDING,
  FERRY_DEPLOYMENT_STATUS_DEPLOYING,
  FERRY_DEPLOYMENT_STATUS_HEALTHY,
  FERRY_DEPLOYMENT_STATUS_DEGRADED,
  FERRY_DEPLOYMENT_STATUS_FAILED,
  FERRY_DEPLOYMENT_STATUS_STOPPED,
} FerryDeploymentStatus;

/**
 * FerryStepState:
 * @FERRY_STEP_STATE_PENDING: not started
 * @FERRY_STEP_STATE_WAITING_FOR_APPROVAL: gated, see the step's waiting reason
 * @FERRY_STEP_STATE_BUILDING: building the artifact
 * @FERRY_STEP_STATE_DEPLOYING: rolling it out
 * @FERRY_STEP_STATE_VERIFYING: waiting for the health check
 * @FERRY_STEP_STATE_HEALTHY: done, and healthy
 * @FERRY_STEP_STATE_FAILED: done, and failed
 * @FERRY_STEP_STATE_CANCELLED: will not run
 * @FERRY_STEP_STATE_REFUSED: refused (approval rejected, frozen, locked)
 *
 * The state of one step of a plan run. Building, deploying and verifying
 * are *running* states: the process that moved the step there owns it.
 */
typedef enum
{
  FERRY_STEP_STATE_PENDING,
  FERRY_STEP_STATE_WAITING_FOR_APPROVAL,
  FERRY_STEP_STATE_BUILDING,
  FERRY_STEP_STATE_DEPLOYING,
  FERRY_STEP_STATE_VERIFYING,
  FERRY_STEP_STATE_HEALTHY,
  FERRY_STEP_STATE_FAILED,
  FERRY_STEP_STATE_CANCELLED,
  FERRY_STEP_STATE_REFUSED,
} FerryStepState;

/**
 * FerryPlanRunStatus:
 * @FERRY_PLAN_RUN_STATUS_PENDING: created, no step started
 * @FERRY_PLAN_RUN_STATUS_RUNNING: steps are being carried out
 * @FERRY_PLAN_RUN_STATUS_SUCCEEDED: every step ended healthy
 * @FERRY_PLAN_RUN_STATUS_FAILED: a step failed or was refused
 * @FERRY_PLAN_RUN_STATUS_CANCELLED: cancelled by a user
 *
 * The status of a plan run as a whole.
 */
typedef enum
{
  FERRY_PLAN_RUN_STATUS_PENDING,
  FERRY_PLAN_RUN_STATUS_RUNNING,
  FERRY_PLAN_RUN_STATUS_SUCCEEDED,
  FERRY_PLAN_RUN_STATUS_FAILED,
  FERRY_PLAN_RUN_STATUS_CANCELLED,
} FerryPlanRunStatus;

/**
 * FerryApprovalStatus:
 * @FERRY_APPROVAL_STATUS_PENDING: waiting for decisions
 * @FERRY_APPROVAL_STATUS_APPROVED: enough approvals were recorded
 * @FERRY_APPROVAL_STATUS_REJECTED: somebody rejected it
 * @FERRY_APPROVAL_STATUS_CANCELLED: withdrawn
 *
 * The status of an approval request.
 */
typedef enum
{
  FERRY_APPROVAL_STATUS_PENDING,
  FERRY_APPROVAL_STATUS_APPROVED,
  FERRY_APPROVAL_STATUS_REJECTED,
  FERRY_APPROVAL_STATUS_CANCELLED,
} FerryApprovalStatus;

/**
 * FerryVerdict:
 * @FERRY_VERDICT_APPROVE: approve
 * @FERRY_VERDICT_REJECT: reject
 *
 * What one approver decided.
 */
typedef enum
{
  FERRY_VERDICT_APPROVE,
  FERRY_VERDICT_REJECT,
} FerryVerdict;

/**
 * FerryAuditResult:
 * @FERRY_AUDIT_RESULT_OK: the action was carried out
 * @FERRY_AUDIT_RESULT_REFUSED: the action was refused (policy, lock, freeze)
 * @FERRY_AUDIT_RESULT_FAILED: the action was attempted and failed
 *
 * The outcome recorded in an audit entry.
 */
typedef enum
{
  FERRY_AUDIT_RESULT_OK,
  FERRY_AUDIT_RESULT_REFUSED,
  FERRY_AUDIT_RESULT_FAILED,
} FerryAuditResult;

const gchar *ferry_deployment_status_to_string   (FerryDeploymentStatus  status);
gboolean     ferry_deployment_status_from_string (const gchar           *string,
                                                  FerryDeploymentStatus *status);
gboolean     ferry_deployment_status_is_active   (FerryDeploymentStatus  status);

const gchar *ferry_step_state_to_string          (FerryStepState         state);
gboolean     ferry_step_state_from_string        (const gchar           *string,
                                                  FerryStepState        *state);
gboolean     ferry_step_state_is_running         (FerryStepState         state);
gboolean     ferry_step_state_is_terminal        (FerryStepState         state);

const gchar *ferry_plan_run_status_to_string     (FerryPlanRunStatus     status);
gboolean     ferry_plan_run_status_from_string   (const gchar           *string,
                                                  FerryPlanRunStatus    *status);

const gchar *ferry_approval_status_to_string     (FerryApprovalStatus    status);
gboolean     ferry_approval_status_from_string   (const gchar           *string,
                                                  FerryApprovalStatus   *status);

const gchar *ferry_verdict_to_string             (FerryVerdict           verdict);
gboolean     ferry_verdict_from_string           (const gchar           *string,
                                                  FerryVerdict          *verdict);

const gchar *ferry_audit_result_to_string        (FerryAuditResult       result);
gboolean     ferry_audit_result_from_string      (const gchar           *string,
                                                  FerryAuditResult      *result);

/**
 * FerryDeployment:
 * @id: row id, 0 in a template
 * @service: the service
 * @environment: the environment
 * @version: the full commit id
 * @tag: (nullable): the tag at that commit
 * @status: the status
 * @url: (nullable): where the deployment answers
 * @started_at: (nullable): when it began (set by the store)
 * @finished_at: (nullable): when it left the active statuses
 * @by: the identity who deployed
 * @reason: (nullable): why (promotion, rollback, the user's comment)
 * @detail: (nullable): what happened last (an error, a health summary)
 * @previous_version: (nullable): what ran before, for rollback; filled in
 *   from the latest healthy deployment when a template leaves it %NULL
 * @artifact_id: (nullable): the artifact deployed (see #FerryArtifact)
 * @step_id: the plan step carrying it out, or 0
 * @run_id: the plan run of @step_id, or 0 (read only)
 * @owner_pid: the process that began it (read only)
 * @owner_start_time: that process's start time, from `/proc` (read only)
 * @owner_host: (nullable): the machine and pid namespace of that process (read only)
 *
 * One deployment of a version of a service to an environment. The latest
 * deployment of a service and environment is its *current* one.
 *
 * Records are reference counted and should be treated as immutable once
 * the store returned them.
 */
typedef struct
{
  gint64                 id;
  gchar                 *service;
  gchar                 *environment;
  gchar                 *version;
  gchar                 *tag;
  FerryDeploymentStatus  status;
  gchar                 *url;
  GDateTime             *started_at;
  GDateTime             *finished_at;
  gchar                 *by;
  gchar                 *reason;
  gchar                 *detail;
  gchar                 *previous_version;
  gchar                 *artifact_id;
  gint64                 step_id;
  gint64                 run_id;
  GPid                   owner_pid;
  guint64                owner_start_time;
  gchar                 *owner_host;
} FerryDeployment;

/**
 * FerryPlanStep:
 * @id: row id, 0 in a template
 * @run_id: the plan run
 * @phase: the phase index (the DAG layer), from 0
 * @service: the service
 * @environment: the target environment
 * @version: the full commit id to deploy
 * @state: the state
 * @waiting_reason: (nullable): why a waiting step waits, in words
 * @started_at: (nullable): when it first entered a running state
 * @finished_at: (nullable): when it reached a terminal state
 * @error: (nullable): why it failed, was cancelled or refused
 * @owner_pid: the process running it, or 0 (read only)
 * @owner_start_time: that process's start time (read only)
 * @owner_host: (nullable): its machine and pid namespace (read only)
 *
 * One step of a plan run: deploy a version of a service to an environment.
 */
typedef struct
{
  gint64          id;
  gint64          run_id;
  guint           phase;
  gchar          *service;
  gchar          *environment;
  gchar          *version;
  FerryStepState  state;
  gchar          *waiting_reason;
  GDateTime      *started_at;
  GDateTime      *finished_at;
  gchar          *error;
  GPid            owner_pid;
  guint64         owner_start_time;
  gchar          *owner_host;
} FerryPlanStep;

/**
 * FerryPlanRun:
 * @id: row id (the "run 12" users see)
 * @created_by: who made it
 * @created_at: when
 * @source_environment: (nullable): the environment promoted from
 * @target_environment: the environment deployed to
 * @status: the status
 * @steps: (element-type FerryPlanStep): the steps, by phase then id
 *
 * A plan run: the steps of one deploy or promotion.
 */
typedef struct
{
  gint64              id;
  gchar              *created_by;
  GDateTime          *created_at;
  gchar              *source_environment;
  gchar              *target_environment;
  FerryPlanRunStatus  status;
  GPtrArray          *steps;
} FerryPlanRun;

/**
 * FerryApprovalRequest:
 * @id: row id (what `ferryctl approve ID` takes)
 * @service: the service
 * @environment: the environment
 * @version: the full commit id
 * @requested_by: who asked
 * @required: how many approvals are needed
 * @approvers: (nullable): who may approve, as the policy says it
 *   (e.g. `team:release`, comma separated)
 * @self_approval: whether @requested_by may approve it
 * @status: the status
 * @created_at: (nullable): when it was asked
 * @decided_at: (nullable): when it left pending
 * @step_id: the plan step it gates, or 0
 * @approvals: how many approvals were recorded (read only)
 *
 * A request for approval of a gated deployment. The policy (who may
 * approve, four-eyes) is the engine's; the store records.
 */
typedef struct
{
  gint64               id;
  gchar               *service;
  gchar               *environment;
  gchar               *version;
  gchar               *requested_by;
  guint                required;
  gchar               *approvers;
  gboolean             self_approval;
  FerryApprovalStatus  status;
  GDateTime           *created_at;
  GDateTime           *decided_at;
  gint64               step_id;
  guint                approvals;
} FerryApprovalRequest;

/**
 * FerryApprovalDecision:
 * @id: row id
 * @request_id: the request
 * @user: who decided
 * @verdict: approve or reject
 * @comment: (nullable): what they said
 * @time: when
 *
 * One person's decision on an approval request.
 */
typedef struct
{
  gint64        id;
  gint64        request_id;
  gchar        *user;
  FerryVerdict  verdict;
  gchar        *comment;
  GDateTime    *time;
} FerryApprovalDecision;

/**
 * FerryArtifact:
 * @id: the content address (e.g. the sha256 of repo, commit and build command)
 * @repo: the repository
 * @commit_id: the full commit id
 * @build: the build's name
 * @path: where the artifact lies
 * @size: its size in bytes
 * @created_at: (nullable): when it was recorded
 *
 * A built artifact.
 */
typedef struct
{
  gchar     *id;
  gchar     *repo;
  gchar     *commit_id;
  gchar     *build;
  gchar     *path;
  guint64    size;
  GDateTime *created_at;
} FerryArtifact;

/**
 * FerryLocalProcess:
 * @service: the service
 * @environment: the environment
 * @version: the full commit id it runs
 * @pid: its process id
 * @start_time: its start time from `/proc/PID/stat`, to detect pid reuse
 * @port: the port it listens on, or 0
 * @artifact_id: (nullable): the artifact it runs from
 * @log_path: (nullable): its log file
 * @started_at: (nullable): when it was started
 * @restarts: how often the supervisor restarted it
 * @last_exit: (nullable): how it last ended, in words ("exit 1", "signal 9")
 *
 * A service process run by the local target, recorded so that a restarted
 * Ferry can re-attach to it.
 */
typedef struct
{
  gchar     *service;
  gchar     *environment;
  gchar     *version;
  GPid       pid;
  guint64    start_time;
  guint      port;
  gchar     *artifact_id;
  gchar     *log_path;
  GDateTime *started_at;
  guint      restarts;
  gchar     *last_exit;
} FerryLocalProcess;

/**
 * FerryAuditEntry:
 * @id: row id
 * @time: when, in UTC with microseconds
 * @user: who
 * @action: what (deploy, promote, approve, reject, rollback, …)
 * @service: (nullable): the service
 * @environment: (nullable): the environment
 * @version: (nullable): the version
 * @result: ok, refused or failed
 * @detail: (nullable): the reason, in words
 *
 * One line of the append-only audit log.
 */
typedef struct
{
  gint64            id;
  GDateTime        *time;
  gchar            *user;
  gchar            *action;
  gchar            *service;
  gchar            *environment;
  gchar            *version;
  FerryAuditResult  result;
  gchar            *detail;
} FerryAuditEntry;

#define FERRY_TYPE_DEPLOYMENT        (ferry_deployment_get_type ())
#define FERRY_TYPE_PLAN_STEP         (ferry_plan_step_get_type ())
#define FERRY_TYPE_PLAN_RUN          (ferry_plan_run_get_type ())
#define FERRY_TYPE_APPROVAL_REQUEST  (ferry_approval_request_get_type ())
#define FERRY_TYPE_APPROVAL_DECISION (ferry_approval_decision_get_type ())
#define FERRY_TYPE_ARTIFACT          (ferry_artifact_get_type ())
#define FERRY_TYPE_LOCAL_PROCESS     (ferry_local_process_get_type ())
#define FERRY_TYPE_AUDIT_ENTRY       (ferry_audit_entry_get_type ())

GType                  ferry_deployment_get_type        (void) G_GNUC_CONST;
FerryDeployment       *ferry_deployment_new             (void);
FerryDeployment       *ferry_deployment_ref             (FerryDeployment       *self);
void                   ferry_deployment_unref           (FerryDeployment       *self);

GType                  ferry_plan_step_get_type         (void) G_GNUC_CONST;
FerryPlanStep         *ferry_plan_step_new              (void);
FerryPlanStep         *ferry_plan_step_ref              (FerryPlanStep         *self);
void                   ferry_plan_step_unref            (FerryPlanStep         *self);

GType                  ferry_plan_run_get_type          (void) G_GNUC_CONST;
FerryPlanRun          *ferry_plan_run_new               (void);
FerryPlanRun          *ferry_plan_run_ref               (FerryPlanRun          *self);
void                   ferry_plan_run_unref             (FerryPlanRun          *self);

GType                  ferry_approval_request_get_type  (void) G_GNUC_CONST;
FerryApprovalRequest  *ferry_approval_request_new       (void);
FerryApprovalRequest  *ferry_approval_request_ref       (FerryApprovalRequest  *self);
void                   ferry_approval_request_unref     (FerryApprovalRequest  *self);

GType                  ferry_approval_decision_get_type (void) G_GNUC_CONST;
FerryApprovalDecision *ferry_approval_decision_new      (void);
FerryApprovalDecision *ferry_approval_decision_ref      (FerryApprovalDecision *self);
void                   ferry_approval_decision_unref    (FerryApprovalDecision *self);

GType                  ferry_artifact_get_type          (void) G_GNUC_CONST;
FerryArtifact         *ferry_artifact_new               (void);
FerryArtifact         *ferry_artifact_ref               (FerryArtifact         *self);
void                   ferry_artifact_unref             (FerryArtifact         *self);

GType                  ferry_local_process_get_type     (void) G_GNUC_CONST;
FerryLocalProcess     *ferry_local_process_new          (void);
FerryLocalProcess     *ferry_local_process_ref          (FerryLocalProcess     *self);
void                   ferry_local_process_unref        (FerryLocalProcess     *self);

GType                  ferry_audit_entry_get_type       (void) G_GNUC_CONST;
FerryAuditEntry       *ferry_audit_entry_new            (void);
FerryAuditEntry       *ferry_audit_entry_ref            (FerryAuditEntry       *self);
void                   ferry_audit_entry_unref          (FerryAuditEntry       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDeployment, ferry_deployment_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPlanStep, ferry_plan_step_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPlanRun, ferry_plan_run_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryApprovalRequest, ferry_approval_request_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryApprovalDecision, ferry_approval_decision_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryArtifact, ferry_artifact_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLocalProcess, ferry_local_process_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryAuditEntry, ferry_audit_entry_unref)

G_END_DECLS

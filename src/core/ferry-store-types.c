/* ferry-store-types.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-types.h"

/* The strings are the ones the database, `ferryctl` and its JSON use. */

static const gchar * const deployment_status_names[] = {
  [FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED] = "not-deployed",
  [FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL] = "pending-approval",
  [FERRY_DEPLOYMENT_STATUS_BUILDING] = "building",
  [FERRY_DEPLOYMENT_STATUS_DEPLOYING] = "deploying",
  [FERRY_DEPLOYMENT_STATUS_HEALTHY] = "healthy",
  [FERRY_DEPLOYMENT_STATUS_DEGRADED] = "degraded",
  [FERRY_DEPLOYMENT_STATUS_FAILED] = "failed",
  [FERRY_DEPLOYMENT_STATUS_STOPPED] = "stopped",
};

static const gchar * const step_state_names[] = {
  [FERRY_STEP_STATE_PENDING] = "pending",
  [FERRY_STEP_STATE_WAITING_FOR_APPROVAL] = "waiting-for-approval",
  [FERRY_STEP_STATE_BUILDING] = "building",
  [FERRY_STEP_STATE_DEPLOYING] = "deploying",
  [FERRY_STEP_STATE_VERIFYING] = "verifying",
  [FERRY_STEP_STATE_HEALTHY] = "healthy",
  [FERRY_STEP_STATE_FAILED] = "failed",
  [FERRY_STEP_STATE_CANCELLED] = "cancelled",
  [FERRY_STEP_STATE_REFUSED] = "refused",
};

static const gchar * const plan_run_status_names[] = {
  [FERRY_PLAN_RUN_STATUS_PENDING] = "pending",
  [FERRY_PLAN_RUN_STATUS_RUNNING] = "running",
  [FERRY_PLAN_RUN_STATUS_SUCCEEDED] = "succeeded",
  [FERRY_PLAN_RUN_STATUS_FAILED] = "failed",
  [FERRY_PLAN_RUN_STATUS_CANCELLED] = "cancelled",
};

static const gchar * const approval_status_names[] = {
  [FERRY_APPROVAL_STATUS_PENDING] = "pending",
  [FERRY_APPROVAL_STATUS_APPROVED] = "approved",
  [FERRY_APPROVAL_STATUS_REJECTED] = "rejected",
  [FERRY_APPROVAL_STATUS_CANCELLED] = "cancelled",
};

static const gchar * const verdict_names[] = {
  [FERRY_VERDICT_APPROVE] = "approve",
  [FERRY_VERDICT_REJECT] = "reject",
};

static const gchar * const audit_result_names[] = {
  [FERRY_AUDIT_RESULT_OK] = "ok",
  [FERRY_AUDIT_RESULT_REFUSED] = "refused",
  [FERRY_AUDIT_RESULT_FAILED] = "failed",
};

static const gchar *
name_of (const gchar * const *names,
         guint                n_names,
         gint                 value)
{
  if (value < 0 || (guint) value >= n_names)
    return NULL;

  return names[value];
}

static gboolean
value_of (const gchar * const *names,
          guint                n_names,
          const gchar         *string,
          gint                *value)
{
  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i], string))
        {
          *value = (gint) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Each enum gets a to_string returning %NULL for an unknown value and a
 * from_string returning %FALSE for an unknown string, leaving the output
 * alone then.
 */
#define DEFINE_ENUM_STRINGS(Type, prefix, names)                               \
  const gchar *                                                                \
  prefix##_to_string (Type value)                                              \
  {                                                                            \
    return name_of (names, G_N_ELEMENTS (names), (gint) value);                \
  }                                                                            \
                                                                               \
  gboolean                                                                     \
  prefix##_from_string (const gchar *string,                                   \
                        Type        *out_value)                                \
  {                                                                            \
    gint value;                                                                \
                                                                               \
    if (!value_of (names, G_N_ELEMENTS (names), string, &value))               \
      return FALSE;                                                            \
    if (out_value != NULL)                                                     \
      *out_value = (Type) value;                                               \
    return TRUE;                                                               \
  }

/**
 * ferry_deployment_status_to_string:
 * @status: a status
 *
 * Returns: (nullable): the status's name (`healthy`, `pending-approval` …)
 */
/**
 * ferry_deployment_status_from_string:
 * @string: a status name
 * @status: (out) (optional): the status
 *
 * Returns: %TRUE when @string names a status
 */
DEFINE_ENUM_STRINGS (FerryDeploymentStatus, ferry_deployment_status, deployment_status_names)

/**
 * ferry_step_state_to_string:
 * @state: a state
 *
 * Returns: (nullable): the state's name (`waiting-for-approval` …)
 */
/**
 * ferry_step_state_from_string:
 * @string: a state name
 * @state: (out) (optional): the state
 *
 * Returns: %TRUE when @string names a state
 */
DEFINE_ENUM_STRINGS (FerryStepState, ferry_step_state, step_state_names)

/**
 * ferry_plan_run_status_to_string:
 * @status: a status
 *
 * Returns: (nullable): the status's name
 */
/**
 * ferry_plan_run_status_from_string:
 * @string: a status name
 * @status: (out) (optional): the status
 *
 * Returns: %TRUE when @string names a status
 */
DEFINE_ENUM_STRINGS (FerryPlanRunStatus, ferry_plan_run_status, plan_run_status_names)

/**
 * ferry_approval_status_to_string:
 * @status: a status
 *
 * Returns: (nullable): the status's name
 */
/**
 * ferry_approval_status_from_string:
 * @string: a status name
 * @status: (out) (optional): the status
 *
 * Returns: %TRUE when @string names a status
 */
DEFINE_ENUM_STRINGS (FerryApprovalStatus, ferry_approval_status, approval_status_names)

/**
 * ferry_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: (nullable): `approve` or `reject`
 */
/**
 * ferry_verdict_from_string:
 * @string: `approve` or `reject`
 * @verdict: (out) (optional): the verdict
 *
 * Returns: %TRUE when @string names a verdict
 */
DEFINE_ENUM_STRINGS (FerryVerdict, ferry_verdict, verdict_names)

/**
 * ferry_audit_result_to_string:
 * @result: a result
 *
 * Returns: (nullable): `ok`, `refused` or `failed`
 */
/**
 * ferry_audit_result_from_string:
 * @string: `ok`, `refused` or `failed`
 * @result: (out) (optional): the result
 *
 * Returns: %TRUE when @string names a result
 */
DEFINE_ENUM_STRINGS (FerryAuditResult, ferry_audit_result, audit_result_names)

/**
 * ferry_deployment_status_is_active:
 * @status: a status
 *
 * Returns: %TRUE for pending-approval, building and deploying: the
 *   statuses in which a deployment holds the lock of its service and
 *   environment.
 */
gboolean
ferry_deployment_status_is_active (FerryDeploymentStatus status)
{
  return status == FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL ||
         status == FERRY_DEPLOYMENT_STATUS_BUILDING ||
         status == FERRY_DEPLOYMENT_STATUS_DEPLOYING;
}

/**
 * ferry_step_state_is_running:
 * @state: a state
 *
 * Returns: %TRUE for building, deploying and verifying: the states in which
 *   a process is working on the step.
 */
gboolean
ferry_step_state_is_running (FerryStepState state)
{
  return state == FERRY_STEP_STATE_BUILDING ||
         state == FERRY_STEP_STATE_DEPLOYING ||
         state == FERRY_STEP_STATE_VERIFYING;
}

/**
 * ferry_step_state_is_terminal:
 * @state: a state
 *
 * Returns: %TRUE for healthy, failed, cancelled and refused.
 */
gboolean
ferry_step_state_is_terminal (FerryStepState state)
{
  return state == FERRY_STEP_STATE_HEALTHY ||
         state == FERRY_STEP_STATE_FAILED ||
         state == FERRY_STEP_STATE_CANCELLED ||
         state == FERRY_STEP_STATE_REFUSED;
}

/* Records: atomically reference counted boxes, freed by a clear function. */
#define DEFINE_RECORD(Type, prefix, clear_func)                                \
  G_DEFINE_BOXED_TYPE (Type, prefix, prefix##_ref, prefix##_unref)             \
                                                                               \
  Type *                                                                       \
  prefix##_new (void)                                                          \
  {                                                                            \
    return g_atomic_rc_box_new0 (Type);                                        \
  }                                                                            \
                                                                               \
  Type *                                                                       \
  prefix##_ref (Type *self)                                                    \
  {                                                                            \
    g_return_val_if_fail (self != NULL, NULL);                                 \
    return g_atomic_rc_box_acquire (self);                                     \
  }                                                                            \
                                                                               \
  void                                                                         \
  prefix##_unref (Type *self)                                                  \
  {                                                                            \
    g_return_if_fail (self != NULL);                                           \
    g_atomic_rc_box_release_full (self, (GDestroyNotify) clear_func);          \
  }

static void
deployment_clear (FerryDeployment *self)
{
  g_free (self->service);
  g_free (self->environment);
  g_free (self->version);
  g_free (self->tag);
  g_free (self->url);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->by);
  g_free (self->reason);
  g_free (self->detail);
  g_free (self->previous_version);
  g_free (self->artifact_id);
  g_free (self->owner_host);
}

static void
plan_step_clear (FerryPlanStep *self)
{
  g_free (self->service);
  g_free (self->environment);
  g_free (self->version);
  g_free (self->waiting_reason);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->error);
  g_free (self->owner_host);
}

static void
plan_run_clear (FerryPlanRun *self)
{
  g_free (self->created_by);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->source_environment);
  g_free (self->target_environment);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
}

static void
approval_request_clear (FerryApprovalRequest *self)
{
  g_free (self->service);
  g_free (self->environment);
  g_free (self->version);
  g_free (self->requested_by);
  g_free (self->approvers);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->decided_at, g_date_time_unref);
}

static void
approval_decision_clear (FerryApprovalDecision *self)
{
  g_free (self->user);
  g_free (self->comment);
  g_clear_pointer (&self->time, g_date_time_unref);
}

static void
artifact_clear (FerryArtifact *self)
{
  g_free (self->id);
  g_free (self->repo);
  g_free (self->commit_id);
  g_free (self->build);
  g_free (self->path);
  g_clear_pointer (&self->created_at, g_date_time_unref);
}

static void
local_process_clear (FerryLocalProcess *self)
{
  g_free (self->service);
  g_free (self->environment);
  g_free (self->version);
  g_free (self->artifact_id);
  g_free (self->log_path);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_free (self->last_exit);
}

static void
audit_entry_clear (FerryAuditEntry *self)
{
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->user);
  g_free (self->action);
  g_free (self->service);
  g_free (self->environment);
  g_free (self->version);
  g_free (self->detail);
}

/**
 * ferry_deployment_new:
 *
 * Returns: (transfer full): an empty deployment, to fill in as a template
 *   for ferry_store_begin_deployment()
 */
DEFINE_RECORD (FerryDeployment, ferry_deployment, deployment_clear)

/**
 * ferry_plan_step_new:
 *
 * Returns: (transfer full): an empty step, to fill in as a template for
 *   ferry_store_create_plan_run()
 */
DEFINE_RECORD (FerryPlanStep, ferry_plan_step, plan_step_clear)

/**
 * ferry_plan_run_new:
 *
 * Returns: (transfer full): an empty plan run
 */
DEFINE_RECORD (FerryPlanRun, ferry_plan_run, plan_run_clear)

/**
 * ferry_approval_request_new:
 *
 * Returns: (transfer full): an empty request, to fill in as a template for
 *   ferry_store_create_approval_request()
 */
DEFINE_RECORD (FerryApprovalRequest, ferry_approval_request, approval_request_clear)

/**
 * ferry_approval_decision_new:
 *
 * Returns: (transfer full): an empty decision
 */
DEFINE_RECORD (FerryApprovalDecision, ferry_approval_decision, approval_decision_clear)

/**
 * ferry_artifact_new:
 *
 * Returns: (transfer full): an empty artifact, to fill in for
 *   ferry_store_put_artifact()
 */
DEFINE_RECORD (FerryArtifact, ferry_artifact, artifact_clear)

/**
 * ferry_local_process_new:
 *
 * Returns: (transfer full): an empty process record, to fill in for
 *   ferry_store_put_local_process()
 */
DEFINE_RECORD (FerryLocalProcess, ferry_local_process, local_process_clear)

/**
 * ferry_audit_entry_new:
 *
 * Returns: (transfer full): an empty audit entry
 */
DEFINE_RECORD (FerryAuditEntry, ferry_audit_entry, audit_entry_clear)

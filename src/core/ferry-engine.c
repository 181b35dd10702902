/* ferry-engine.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-engine"

#include "config.h"

#include <string.h>

#include "ferry-engine.h"
#include "ferry-git.h"
#include "ferry-identity.h"
#include "ferry-local-backend.h"
#include "ferry-model-private.h"
#include "ferry-plan.h"
#include "ferry-utils.h"

/* The engine carries plans out: the phases of a run in order, the steps of
 * a phase in parallel, each step a state machine kept in the store —
 * pending → waiting-for-approval → building → deploying → verifying →
 * healthy | failed — moved only by compare-and-set, so that nothing is
 * done twice even when two processes look at the same run. Gates: the
 * workspace's commands must be trusted, a freeze window refuses (unless
 * overridden with a reason, which is audited), a consumer waits for what
 * it depends on to be healthy in that environment, and an environment's
 * approval policy holds a step until enough allowed people, never the
 * requester under four-eyes, have approved. Every action and refusal is
 * audited under the user's identity. */

struct _FerryEngine
{
  GObject            parent_instance;

  FerryWorkspace    *workspace;
  FerryStore        *store;
  FerryBackend      *local;
  gchar             *workspace_id;
  gchar             *user;
  FerryProgressFunc  progress;
  gpointer           progress_data;
  GMutex             mutex;
  GHashTable        *overrides;       /* run id → freeze override reason */
};

G_DEFINE_FINAL_TYPE (FerryEngine, ferry_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (ferry-engine-error-quark, ferry_engine_error)

typedef enum
{
  STEP_DONE,
  STEP_WAITING,
  STEP_STOPPED,   /* failed, refused or cancelled */
  STEP_ELSEWHERE, /* another process moved it first and carries it on */
} StepOutcome;

static void
say (FerryEngine *self,
     const gchar *format,
     ...) G_GNUC_PRINTF (2, 3);

static FerryDeployment *find_deployment (FerryEngine   *self,
                                         FerryPlanStep *step);

static void
say (FerryEngine *self,
     const gchar *format,
     ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  if (self->progress == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  self->progress (message, self->progress_data);
}

static void
audit (FerryEngine      *self,
       const gchar      *action,
       const gchar      *service,
       const gchar      *environment,
       const gchar      *version,
       FerryAuditResult  result,
       const gchar      *detail)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_store_append_audit (self->store, self->user, action, service, environment, version,
                                 result, detail, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

static gboolean
has_text (const gchar *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;

  return FALSE;
}

static FerryBackend *
backend_for (FerryEngine       *self,
             FerryEnvironment  *environment,
             GError           **error)
{
  FerryTarget *target = ferry_environment_get_target (environment);

  if (target != NULL && ferry_target_get_kind (target) == FERRY_TARGET_LOCAL)
    return self->local;

  g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_UNSUPPORTED,
               "%s runs on the %s target “%s”, which this version of Ferry cannot drive yet; "
               "only local targets can be deployed to",
               ferry_environment_get_name (environment),
               target ? ferry_target_kind_to_string (ferry_target_get_kind (target)) : "unknown",
               target ? ferry_target_get_name (target) : "?");

  return NULL;
}

/* Trust: build and run commands come from a file someone else may have
 * written. They run only once the user has trusted exactly this set. */

static gchar *
commands_text (FerryEngine *self)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < ferry_workspace_get_n_repos (self->workspace); i++)
    {
      FerryRepo *repo = ferry_workspace_get_repo_at (self->workspace, i);

      for (guint j = 0; j < ferry_repo_get_n_builds (repo); j++)
        {
          FerryBuild *build = ferry_repo_get_build (repo, j);
          const gchar * const *command = ferry_build_get_command (build);

          if (command != NULL)
            {
              g_autofree gchar *joined = g_strjoinv (" ", (gchar **)command);
              g_string_append_printf (str, "build %s/%s: %s\n", ferry_repo_get_name (repo), ferry_build_get_name (build), joined);
            }

          for (guint k = 0; k < ferry_build_get_n_services (build); k++)
            {
              FerryService *service = ferry_build_get_service (build, k);
              const gchar * const *run = ferry_service_get_run_command (service);

              if (run != NULL)
                {
                  g_autofree gchar *joined = g_strjoinv (" ", (gchar **)run);
                  g_string_append_printf (str, "run %s: %s\n", ferry_service_get_name (service), joined);
                }
            }
        }
    }

  return g_string_free (str, FALSE);
}

static gchar *
trust_path (FerryEngine *self)
{
  return g_build_filename (g_get_user_state_dir (), "ferry", self->workspace_id, "trusted", NULL);
}

/**
 * ferry_engine_is_trusted:
 * @self: a #FerryEngine
 * @commands: (out) (optional) (transfer full): the commands in question,
 *   one a line
 *
 * Returns: whether the user trusted exactly the workspace's current build
 *   and run commands
 */
gboolean
ferry_engine_is_trusted (FerryEngine  *self,
                         gchar       **commands)
{
  g_autofree gchar *text = commands_text (self);
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree gchar *path = trust_path (self);
  g_autofree gchar *stored = NULL;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), FALSE);

  if (commands != NULL)
    *commands = g_strdup (text);

  return g_file_get_contents (path, &stored, NULL, NULL) && g_str_equal (g_strstrip (stored), hash);
}

/**
 * ferry_engine_trust:
 * @self: a #FerryEngine
 * @error: return location for a #GError
 *
 * Records that the user trusts the workspace's current build and run
 * commands. A change to any of them needs trusting again.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_engine_trust (FerryEngine  *self,
                    GError      **error)
{
  g_autofree gchar *text = commands_text (self);
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree gchar *path = trust_path (self);
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_return_val_if_fail (FERRY_IS_ENGINE (self), FALSE);

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents_full (path, hash, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  audit (self, "trust", NULL, NULL, NULL, FERRY_AUDIT_RESULT_OK, "the workspace's build and run commands");

  return TRUE;
}

static gboolean
check_trust (FerryEngine  *self,
             GError      **error)
{
  g_autofree gchar *commands = NULL;

  if (ferry_engine_is_trusted (self, &commands))
    return TRUE;

  audit (self, "deploy", NULL, NULL, NULL, FERRY_AUDIT_RESULT_REFUSED, "the workspace is not trusted");
  g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_UNTRUSTED,
               "this workspace's commands have not been trusted on this computer, so none is run. "
               "Read them, then trust them (ferryctl trust):\n%s",
               commands);

  return FALSE;
}

/**
 * ferry_engine_get_state:
 * @self: a #FerryEngine
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what runs where, from the store
 */
FerryStateSnapshot *
ferry_engine_get_state (FerryEngine  *self,
                        GError      **error)
{
  g_autoptr(GPtrArray) deployments = NULL;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  if (!(deployments = ferry_store_list_current_deployments (self->store, error)))
    return NULL;

  return ferry_state_snapshot_new_from_deployments (deployments);
}

static gboolean
is_alive_and_running (FerryEngine *self,
                      const gchar *service,
                      const gchar *environment,
                      const gchar *version)
{
  g_autoptr(FerryLocalProcess) row = ferry_store_get_local_process (self->store, service, environment, NULL);

  return row != NULL && g_strcmp0 (row->version, version) == 0 &&
         ferry_store_pid_is_alive (row->pid, row->start_time);
}

/* After a deploy that did not replace what ran, the environment still
 * runs the old version: say so, so that "current" tells the truth. */
static void
restore_previous (FerryEngine *self,
                  const gchar *service,
                  const gchar *environment,
                  const gchar *version,
                  const gchar *tag,
                  const gchar *why)
{
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) restored = NULL;
  g_autofree gchar *url = NULL;
  FerryService *s = ferry_workspace_get_service (self->workspace, service);

  if (version == NULL || !is_alive_and_running (self, service, environment, version))
    return;

  if (tag == NULL && s != NULL)
    tag = ferry_repo_get_tag (ferry_service_get_repo (s), version);
  url = ferry_backend_get_address (self->local, service, environment);

  template = ferry_deployment_new ();
  template->service = g_strdup (service);
  template->environment = g_strdup (environment);
  template->version = g_strdup (version);
  template->tag = g_strdup (tag);
  template->url = g_strdup (url);
  template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  template->by = g_strdup (self->user);
  template->reason = g_strdup (why);

  if ((restored = ferry_store_begin_deployment (self->store, template, NULL)))
    ferry_store_update_deployment (self->store, restored->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                   FERRY_DEPLOYMENT_STATUS_HEALTHY, why, NULL, NULL);
}

/**
 * ferry_engine_reconcile:
 * @self: a #FerryEngine
 *
 * Settles what a Ferry process that died mid-deploy left: a deployment
 * whose process runs and answers becomes healthy, else failed; and
 * restarts local services that crashed (with backoff).
 *
 * Returns: how many deployments were settled
 */
guint
ferry_engine_reconcile (FerryEngine *self)
{
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  guint settled = 0;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), 0);

  /* What a dead Ferry process started and never recorded goes; what it
   * recorded and was stopped comes back (the old version, when it died
   * between stopping it and starting the new one). */
  ferry_local_backend_stop_strays (FERRY_LOCAL_BACKEND (self->local));
  ferry_local_backend_supervise (FERRY_LOCAL_BACKEND (self->local), self->workspace, NULL);

  if ((orphans = ferry_store_list_orphaned_deployments (self->store, NULL)))
    {
      for (guint i = 0; i < orphans->len; i++)
        {
          FerryDeployment *d = g_ptr_array_index (orphans, i);
          g_autofree gchar *detail = NULL;
          FerryDeploymentStatus outcome = FERRY_DEPLOYMENT_STATUS_FAILED;

          if (d->status == FERRY_DEPLOYMENT_STATUS_DEPLOYING &&
              is_alive_and_running (self, d->service, d->environment, d->version) &&
              ferry_backend_observe (self->local, d->service, d->environment, NULL) == FERRY_DEPLOYMENT_STATUS_HEALTHY)
            {
              outcome = FERRY_DEPLOYMENT_STATUS_HEALTHY;
              detail = g_strdup ("found running and healthy after the deploying process stopped");
            }
          else
            detail = g_strdup ("interrupted: the process deploying it stopped");

          if (ferry_store_reconcile_deployment (self->store, d->id, outcome, detail, NULL))
            {
              /* Where it answers, which the dead process had no time to record. */
              if (outcome == FERRY_DEPLOYMENT_STATUS_HEALTHY && d->url == NULL)
                {
                  g_autofree gchar *url = ferry_backend_get_address (self->local, d->service, d->environment);

                  ferry_store_update_deployment (self->store, d->id, outcome, outcome, NULL, url, NULL);
                }
              audit (self, "reconcile", d->service, d->environment, d->version,
                     outcome == FERRY_DEPLOYMENT_STATUS_HEALTHY ? FERRY_AUDIT_RESULT_OK : FERRY_AUDIT_RESULT_FAILED,
                     detail);
              if (outcome != FERRY_DEPLOYMENT_STATUS_HEALTHY)
                restore_previous (self, d->service, d->environment, d->previous_version, NULL,
                                  "still running: the interrupted deploy did not replace it");
              settled++;
            }
        }
    }

  /* Steps left running whose deployment was settled above, or finished
   * just before their process died. */
  if ((steps = ferry_store_list_orphaned_steps (self->store, NULL)))
    for (guint i = 0; i < steps->len; i++)
      {
        FerryPlanStep *step = g_ptr_array_index (steps, i);
        g_autoptr(FerryDeployment) d = find_deployment (self, step);
        gboolean healthy = d != NULL && d->status == FERRY_DEPLOYMENT_STATUS_HEALTHY;

        if (ferry_store_transition_step (self->store, step->id, step->state,
                                         healthy ? FERRY_STEP_STATE_HEALTHY : FERRY_STEP_STATE_FAILED,
                                         healthy ? NULL : "interrupted: the process deploying it stopped", NULL))
          audit (self, "reconcile", step->service, step->environment, step->version,
                 healthy ? FERRY_AUDIT_RESULT_OK : FERRY_AUDIT_RESULT_FAILED,
                 healthy ? "the step finished before the deploying process stopped"
                         : "interrupted: the process deploying it stopped");
      }

  ferry_store_settle_abandoned_runs (self->store, NULL);

  return settled;
}

/* Steps */

typedef struct
{
  FerryEngine   *engine;
  FerryPlanRun  *run;
  FerryPlanStep *step;
  GCancellable  *cancellable;
  StepOutcome    outcome;
} StepJob;

static gboolean
transition (FerryEngine    *self,
            FerryPlanStep  *step,
            FerryStepState  state,
            const gchar    *text)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_store_transition_step (self->store, step->id, step->state, state, text, &error))
    {
      g_debug ("step %" G_GINT64_FORMAT ": %s", step->id, error->message);
      return FALSE;
    }

  step->state = state;

  return TRUE;
}

static StepOutcome
refuse_step (FerryEngine   *self,
             FerryPlanStep *step,
             const gchar   *reason)
{
  if (!transition (self, step, FERRY_STEP_STATE_REFUSED, reason))
    return STEP_ELSEWHERE;

  say (self, "%s → %s: refused: %s", step->service, step->environment, reason);
  audit (self, "deploy", step->service, step->environment, step->version, FERRY_AUDIT_RESULT_REFUSED, reason);

  return STEP_STOPPED;
}

static FerryApprovalRequest *
find_request (FerryEngine   *self,
              FerryPlanStep *step)
{
  g_autoptr(GPtrArray) requests = ferry_store_list_approval_requests (self->store, FALSE, NULL);

  for (guint i = 0; requests && i < requests->len; i++)
    {
      FerryApprovalRequest *request = g_ptr_array_index (requests, i);

      if (request->step_id == step->id)
        return ferry_approval_request_ref (request);
    }

  return NULL;
}

static FerryDeployment *
find_deployment (FerryEngine   *self,
                 FerryPlanStep *step)
{
  g_autoptr(FerryDeployment) current = ferry_store_get_current_deployment (self->store, step->service, step->environment, NULL);

  if (current != NULL && current->step_id == step->id)
    return g_steal_pointer (&current);

  return NULL;
}

static void
progress_cb (const gchar *message,
             gpointer     data)
{
  StepJob *job = data;

  say (job->engine, "%s → %s: %s", job->step->service, job->step->environment, message);
}

static StepOutcome
fail_step (FerryEngine     *self,
           FerryPlanStep   *step,
           FerryDeployment *deployment,
           const gchar     *message)
{
  say (self, "%s → %s: failed: %s", step->service, step->environment, message);
  transition (self, step, FERRY_STEP_STATE_FAILED, message);
  if (deployment != NULL)
    {
      ferry_store_update_deployment (self->store, deployment->id, deployment->status,
                                     FERRY_DEPLOYMENT_STATUS_FAILED, message, NULL, NULL);
      restore_previous (self, step->service, step->environment, deployment->previous_version, NULL,
                        "still running: the deploy of a new version failed");
    }
  audit (self, "deploy", step->service, step->environment, step->version, FERRY_AUDIT_RESULT_FAILED, message);

  return STEP_STOPPED;
}

/* "team:release (rita@demo.test, ravi@demo.test) or cy@acme.test": who
 * may approve, with the members of the teams named. */
static gchar *
describe_approvers (FerryEngine         *self,
                    FerryApprovalPolicy *policy)
{
  const gchar * const *approvers = ferry_approval_policy_get_approvers (policy);
  g_autoptr(GString) str = NULL;

  if (approvers == NULL || approvers[0] == NULL)
    return ferry_approval_policy_describe_approvers (policy);

  str = g_string_new (NULL);
  for (guint i = 0; approvers[i] != NULL; i++)
    {
      FerryTeam *team = g_str_has_prefix (approvers[i], "team:")
                          ? ferry_workspace_get_team (self->workspace, approvers[i] + 5) : NULL;

      if (i > 0)
        g_string_append (str, " or ");
      g_string_append (str, approvers[i]);
      if (team != NULL && ferry_team_get_members (team) != NULL && ferry_team_get_members (team)[0] != NULL)
        {
          g_autofree gchar *members = g_strjoinv (", ", (gchar **)ferry_team_get_members (team));

          g_string_append_printf (str, " (%s)", members);
        }
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* Asks for the approvals a step's environment requires; the deployment
 * holds the service's lock in that environment while it waits. */
static StepOutcome
request_approval (FerryEngine         *self,
                  FerryPlanRun        *run,
                  FerryPlanStep       *step,
                  FerryApprovalPolicy *policy,
                  const gchar         *tag)
{
  g_autoptr(FerryApprovalRequest) template = ferry_approval_request_new ();
  g_autoptr(FerryApprovalRequest) approval = NULL;
  g_autoptr(FerryDeployment) dtemplate = ferry_deployment_new ();
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(FerryDeployment) current = ferry_store_get_current_deployment (self->store, step->service, step->environment, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *who = describe_approvers (self, policy);
  g_autofree gchar *reason = NULL;

  dtemplate->service = g_strdup (step->service);
  dtemplate->environment = g_strdup (step->environment);
  dtemplate->version = g_strdup (step->version);
  dtemplate->tag = g_strdup (tag);
  dtemplate->status = FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL;
  dtemplate->by = g_strdup (run->created_by);
  dtemplate->step_id = step->id;
  dtemplate->previous_version = current && current->status == FERRY_DEPLOYMENT_STATUS_HEALTHY ? g_strdup (current->version) : NULL;
  if (!(deployment = ferry_store_begin_deployment (self->store, dtemplate, &error)))
    return refuse_step (self, step, error->message);

  template->service = g_strdup (step->service);
  template->environment = g_strdup (step->environment);
  template->version = g_strdup (step->version);
  template->requested_by = g_strdup (run->created_by);
  template->required = ferry_approval_policy_get_required (policy);
  template->approvers = g_strdup (who);
  template->self_approval = ferry_approval_policy_get_self_approval (policy);
  template->step_id = step->id;

  if (!(approval = ferry_store_create_approval_request (self->store, template, &error)))
    return fail_step (self, step, deployment, error->message);

  reason = g_strdup_printf ("needs %u approval%s from %s%s (request %" G_GINT64_FORMAT ")",
                            template->required, template->required == 1 ? "" : "s", who,
                            template->self_approval ? "" : ", not the requester (four-eyes)",
                            approval->id);
  transition (self, step, FERRY_STEP_STATE_WAITING_FOR_APPROVAL, reason);
  audit (self, "request-approval", step->service, step->environment, step->version, FERRY_AUDIT_RESULT_OK, reason);
  say (self, "%s → %s: waiting: %s", step->service, step->environment, reason);

  return STEP_WAITING;
}

/* A run asks for all the approvals it needs when it starts, so that an
 * approver sees the whole promotion at once; its phases still go ahead in
 * order as the approvals arrive. */
static void
request_approvals (FerryEngine  *self,
                   FerryPlanRun *run)
{
  for (guint i = 0; i < run->steps->len; i++)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, i);
      FerryEnvironment *environment = ferry_workspace_get_environment (self->workspace, step->environment);
      FerryService *service = ferry_workspace_get_service (self->workspace, step->service);
      FerryApprovalPolicy *policy = environment ? ferry_environment_get_approval (environment) : NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (step->state != FERRY_STEP_STATE_PENDING || service == NULL || policy == NULL ||
          ferry_approval_policy_get_required (policy) == 0 ||
          ferry_environment_get_active_freeze (environment, now) != NULL)
        continue;

      request_approval (self, run, step, policy, ferry_repo_get_tag (ferry_service_get_repo (service), step->version));
    }
}

static StepOutcome
execute_step (StepJob *job)
{
  FerryEngine *self = job->engine;
  FerryPlanStep *step = job->step;
  FerryService *service = ferry_workspace_get_service (self->workspace, step->service);
  FerryEnvironment *environment = ferry_workspace_get_environment (self->workspace, step->environment);
  FerryApprovalPolicy *policy;
  FerryBackend *backend;
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(FerryArtifact) artifact = NULL;
  g_autoptr(GHashTable) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *url = NULL;
  FerryFreezeWindow *freeze;
  const gchar *override;
  const gchar *tag;
  FerryDeployRequest request = { 0 };

  if (service == NULL || environment == NULL)
    return refuse_step (self, step, "the service or environment is no longer in the workspace");

  tag = ferry_repo_get_tag (ferry_service_get_repo (service), step->version);

  if (!(backend = backend_for (self, environment, &error)))
    return refuse_step (self, step, error->message);

  /* A freeze window refuses, unless overridden with a reason. */
  g_mutex_lock (&self->mutex);
  override = g_hash_table_lookup (self->overrides, &job->run->id);
  g_mutex_unlock (&self->mutex);
  if (step->state == FERRY_STEP_STATE_PENDING && (freeze = ferry_environment_get_active_freeze (environment, now)))
    {
      g_autoptr(GDateTime) until = g_date_time_to_utc (ferry_freeze_window_get_until (freeze));
      g_autofree gchar *when = g_date_time_format (until, "%Y-%m-%d %H:%M UTC");
      g_autofree gchar *reason = g_strdup_printf ("%s is frozen until %s (%s)", step->environment, when,
                                                  ferry_freeze_window_get_reason (freeze));

      if (override == NULL)
        return refuse_step (self, step, reason);

      audit (self, "freeze-override", step->service, step->environment, step->version, FERRY_AUDIT_RESULT_OK, override);
    }

  /* What it depends on must be healthy there first. */
  for (guint i = 0; i < ferry_service_get_n_dependencies (service); i++)
    {
      FerryService *dep = ferry_service_get_dependency (service, i);
      g_autoptr(FerryDeployment) current = ferry_store_get_current_deployment (self->store, ferry_service_get_name (dep),
                                                                               step->environment, NULL);

      if (current == NULL || current->status != FERRY_DEPLOYMENT_STATUS_HEALTHY)
        {
          g_autofree gchar *reason = g_strdup_printf ("waiting for %s in %s: it is %s there",
                                                      ferry_service_get_name (dep), step->environment,
                                                      current ? ferry_deployment_status_to_string (current->status)
                                                              : "not deployed");
          return refuse_step (self, step, reason);
        }
    }

  /* The environment's approval policy. */
  policy = ferry_environment_get_approval (environment);
  deployment = find_deployment (self, step);

  if (policy != NULL && ferry_approval_policy_get_required (policy) > 0)
    {
      g_autoptr(FerryApprovalRequest) approval = find_request (self, step);

      if (approval == NULL)
        return request_approval (self, job->run, step, policy, tag);

      switch (approval->status)
        {
        case FERRY_APPROVAL_STATUS_PENDING:
          return STEP_WAITING;

        case FERRY_APPROVAL_STATUS_REJECTED:
        case FERRY_APPROVAL_STATUS_CANCELLED:
          {
            const gchar *reason = approval->status == FERRY_APPROVAL_STATUS_REJECTED ? "rejected" : "its approval was cancelled";

            if (!transition (self, step, FERRY_STEP_STATE_REFUSED, reason))
              return STEP_ELSEWHERE;
            say (self, "%s → %s: %s", step->service, step->environment, reason);
            if (deployment != NULL)
              ferry_store_update_deployment (self->store, deployment->id, FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL,
                                             FERRY_DEPLOYMENT_STATUS_FAILED, reason, NULL, NULL);
            if (deployment != NULL)
              restore_previous (self, step->service, step->environment, deployment->previous_version, NULL,
                                "still running: the new version was not approved");
            return STEP_STOPPED;
          }

        case FERRY_APPROVAL_STATUS_APPROVED:
        default:
          break;
        }
    }

  /* Building. Whoever moves the step on carries it out: another process
   * resuming the same run (a second approver) may have got there first. */
  if (!transition (self, step, FERRY_STEP_STATE_BUILDING, NULL))
    return STEP_ELSEWHERE;

  if (deployment == NULL)
    {
      g_autoptr(FerryDeployment) template = ferry_deployment_new ();
      g_autoptr(FerryDeployment) current = ferry_store_get_current_deployment (self->store, step->service, step->environment, NULL);

      template->service = g_strdup (step->service);
      template->environment = g_strdup (step->environment);
      template->version = g_strdup (step->version);
      template->tag = g_strdup (tag);
      template->status = FERRY_DEPLOYMENT_STATUS_BUILDING;
      template->by = g_strdup (job->run->created_by);
      template->step_id = step->id;
      template->previous_version = current && current->status == FERRY_DEPLOYMENT_STATUS_HEALTHY ? g_strdup (current->version) : NULL;

      /* Two deploys of one service to one environment: the second is
       * refused, naming the first. */
      if (!(deployment = ferry_store_begin_deployment (self->store, template, &error)))
        return refuse_step (self, step, error->message);
    }
  else if (!ferry_store_update_deployment (self->store, deployment->id, FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL,
                                           FERRY_DEPLOYMENT_STATUS_BUILDING, NULL, NULL, &error))
    return fail_step (self, step, NULL, error->message);
  else
    deployment->status = FERRY_DEPLOYMENT_STATUS_BUILDING;

  request.workspace = self->workspace;
  request.service = service;
  request.environment = environment;
  request.version = step->version;
  request.tag = tag;

  if (!(artifact = ferry_backend_build (backend, &request, progress_cb, job, job->cancellable, &error)))
    return fail_step (self, step, deployment, error->message);

  /* Deploying: with the addresses of what it consumes there. */
  endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < ferry_service_get_n_consumes (service); i++)
    {
      FerryEndpoint *endpoint = ferry_service_get_consumes (service, i);
      FerryService *producer = ferry_endpoint_get_producer (endpoint);
      gchar *address = producer ? ferry_backend_get_address (backend, ferry_service_get_name (producer), step->environment) : NULL;

      if (address != NULL)
        g_hash_table_insert (endpoints, g_strdup (ferry_endpoint_get_id (endpoint)), address);
    }
  request.endpoints = endpoints;

  ferry_store_update_deployment (self->store, deployment->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                 FERRY_DEPLOYMENT_STATUS_DEPLOYING, NULL, NULL, NULL);
  deployment->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  transition (self, step, FERRY_STEP_STATE_DEPLOYING, NULL);
  transition (self, step, FERRY_STEP_STATE_VERIFYING, NULL);

  if (!ferry_backend_deploy (backend, &request, artifact, &url, progress_cb, job, job->cancellable, &error))
    return fail_step (self, step, deployment, error->message);

  ferry_store_update_deployment (self->store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                 FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, url, NULL);
  transition (self, step, FERRY_STEP_STATE_HEALTHY, NULL);
  {
    g_autofree gchar *what = tag ? g_strdup (tag) : ferry_short_id (step->version);
    g_autofree gchar *detail = g_strdup_printf ("%s healthy at %s", what, url);

    audit (self, "deploy", step->service, step->environment, step->version, FERRY_AUDIT_RESULT_OK, detail);
    say (self, "%s → %s: %s", step->service, step->environment, detail);
  }

  return STEP_DONE;
}

static gpointer
step_thread (gpointer data)
{
  StepJob *job = data;

  job->outcome = execute_step (job);

  return NULL;
}

static gint
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const FerryPlanStep *sa = *(FerryPlanStep * const *)a;
  const FerryPlanStep *sb = *(FerryPlanStep * const *)b;

  if (sa->phase != sb->phase)
    return sa->phase < sb->phase ? -1 : 1;

  return (sa->id > sb->id) - (sa->id < sb->id);
}

/* Carries a run as far as it can go: every phase in order, the steps of
 * a phase in parallel; stops at a phase with a step waiting for approval,
 * and cancels what comes after a failure. */
static gboolean
run_plan (FerryEngine   *self,
          FerryPlanRun  *run,
          gboolean      *others,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  gboolean stopped = FALSE;
  gboolean waiting = FALSE;
  gboolean elsewhere = FALSE;
  guint i = 0;

  for (guint k = 0; k < run->steps->len; k++)
    g_ptr_array_add (steps, g_ptr_array_index (run->steps, k));
  g_ptr_array_sort (steps, compare_steps);

  if (run->status == FERRY_PLAN_RUN_STATUS_PENDING &&
      ferry_store_set_plan_run_status (self->store, run->id, FERRY_PLAN_RUN_STATUS_PENDING,
                                       FERRY_PLAN_RUN_STATUS_RUNNING, NULL))
    {
      run->status = FERRY_PLAN_RUN_STATUS_RUNNING;
      request_approvals (self, run);
    }

  while (i < steps->len && !stopped && !waiting && !elsewhere)
    {
      guint phase = ((FerryPlanStep *)g_ptr_array_index (steps, i))->phase;
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) threads = g_ptr_array_new ();

      for (; i < steps->len && ((FerryPlanStep *)g_ptr_array_index (steps, i))->phase == phase; i++)
        {
          FerryPlanStep *step = g_ptr_array_index (steps, i);
          StepJob *job;

          if (ferry_step_state_is_terminal (step->state))
            {
              stopped |= step->state != FERRY_STEP_STATE_HEALTHY;
              continue;
            }

          /* Carried out by another process (or left by a dead one, for
           * ferry_engine_reconcile()): not to be done twice. */
          if (ferry_step_state_is_running (step->state))
            {
              elsewhere = TRUE;
              continue;
            }

          job = g_new0 (StepJob, 1);
          job->engine = self;
          job->run = run;
          job->step = step;
          job->cancellable = cancellable;
          g_ptr_array_add (jobs, job);
        }

      /* The steps of a phase in parallel, a few at a time. */
      for (guint j = 0; j < jobs->len; j += FERRY_ENGINE_PARALLEL_STEPS)
        {
          for (guint k = j; k < jobs->len && k < j + FERRY_ENGINE_PARALLEL_STEPS; k++)
            g_ptr_array_add (threads, g_thread_new ("ferry-step", step_thread, g_ptr_array_index (jobs, k)));
          for (guint k = 0; k < threads->len; k++)
            g_thread_join (g_ptr_array_index (threads, k));
          g_ptr_array_set_size (threads, 0);
        }

      for (guint j = 0; j < jobs->len; j++)
        {
          StepJob *job = g_ptr_array_index (jobs, j);

          stopped |= job->outcome == STEP_STOPPED;
          waiting |= job->outcome == STEP_WAITING;
          elsewhere |= job->outcome == STEP_ELSEWHERE;
        }
    }

  if (stopped)
    {
      for (guint k = 0; k < steps->len; k++)
        {
          FerryPlanStep *step = g_ptr_array_index (steps, k);

          if (step->state == FERRY_STEP_STATE_PENDING)
            transition (self, step, FERRY_STEP_STATE_CANCELLED, "an earlier step did not succeed");
        }

      if (ferry_store_set_plan_run_status (self->store, run->id, run->status, FERRY_PLAN_RUN_STATUS_FAILED, NULL))
        run->status = FERRY_PLAN_RUN_STATUS_FAILED;
    }
  else if (!waiting && !elsewhere)
    {
      if (ferry_store_set_plan_run_status (self->store, run->id, run->status, FERRY_PLAN_RUN_STATUS_SUCCEEDED, NULL))
        run->status = FERRY_PLAN_RUN_STATUS_SUCCEEDED;
    }

  *others = elsewhere && !stopped;

  return TRUE;
}

/* Waits while other processes carry out steps of the run. Returns FALSE
 * when one of them died (ferry_engine_reconcile() settles it) or on
 * cancellation. */
static gboolean
wait_for_others (FerryEngine  *self,
                 gint64        run_id,
                 GCancellable *cancellable)
{
  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(FerryPlanRun) run = ferry_store_get_plan_run (self->store, run_id, NULL);
      g_autoptr(GPtrArray) orphans = NULL;
      gboolean running = FALSE;

      for (guint i = 0; run != NULL && i < run->steps->len; i++)
        running |= ferry_step_state_is_running (((FerryPlanStep *)g_ptr_array_index (run->steps, i))->state);
      if (run == NULL || !running)
        return run != NULL;

      if (!(orphans = ferry_store_list_orphaned_steps (self->store, NULL)))
        return FALSE;
      for (guint i = 0; i < orphans->len; i++)
        if (((FerryPlanStep *)g_ptr_array_index (orphans, i))->run_id == run_id)
          return FALSE;

      g_usleep (100 * 1000);
    }

  return FALSE;
}

/* Carries a run on as far as it goes. When another process carries out
 * some of its steps (a second approver resuming the same run), waits for
 * them and goes on: otherwise each could stop at the other's steps, and
 * nobody would carry the later phases out. */
static FerryPlanRun *
carry_out (FerryEngine   *self,
           gint64         run_id,
           GCancellable  *cancellable,
           GError       **error)
{
  for (;;)
    {
      g_autoptr(FerryPlanRun) run = ferry_store_get_plan_run (self->store, run_id, error);
      gboolean others = FALSE;

      if (run == NULL || !run_plan (self, run, &others, cancellable, error))
        return NULL;

      if (!others || !wait_for_others (self, run_id, cancellable))
        break;
    }

  /* The run as it stands now, steps and all. */
  return ferry_store_get_plan_run (self->store, run_id, error);
}

static FerryPlanRun *
start_run (FerryEngine   *self,
           const gchar   *source,
           const gchar   *target,
           GPtrArray     *steps,
           const gchar   *freeze_override,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(FerryPlanRun) run = NULL;

  if (!check_trust (self, error))
    return NULL;

  if (freeze_override != NULL && !has_text (freeze_override))
    {
      audit (self, "freeze-override", NULL, target, NULL, FERRY_AUDIT_RESULT_REFUSED, "no reason given");
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED,
                   "overriding a freeze window needs a reason");
      return NULL;
    }

  if (!(run = ferry_store_create_plan_run (self->store, self->user, source, target, steps, error)))
    return NULL;

  if (freeze_override != NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = run->id;
      g_mutex_lock (&self->mutex);
      g_hash_table_insert (self->overrides, key, g_strdup (freeze_override));
      g_mutex_unlock (&self->mutex);
    }

  return carry_out (self, run->id, cancellable, error);
}

static FerryPlanStep *
new_step (guint        phase,
          const gchar *service,
          const gchar *environment,
          const gchar *version)
{
  FerryPlanStep *step = ferry_plan_step_new ();

  step->phase = phase;
  step->service = g_strdup (service);
  step->environment = g_strdup (environment);
  step->version = g_strdup (version);
  step->state = FERRY_STEP_STATE_PENDING;

  return step;
}

static gboolean
lookup (FerryEngine       *self,
        const gchar       *service_name,
        const gchar       *environment_name,
        FerryService     **service,
        FerryEnvironment **environment,
        GError           **error)
{
  if (!(*service = ferry_workspace_get_service (self->workspace, service_name)))
    {
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND, "no service named “%s”", service_name);
      return FALSE;
    }

  if (!(*environment = ferry_workspace_get_environment (self->workspace, environment_name)))
    {
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND, "no environment named “%s”", environment_name);
      return FALSE;
    }

  return TRUE;
}

static gchar *
resolve_version (FerryService  *service,
                 const gchar   *version,
                 GError       **error)
{
  FerryRepo *repo = ferry_service_get_repo (service);

  if (ferry_repo_get_path (repo) == NULL || ferry_repo_get_state (repo) != FERRY_REPO_STATE_READY)
    {
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND,
                   "%s's repository is not on this computer, so its versions are unknown",
                   ferry_repo_get_name (repo));
      return NULL;
    }

  if (version == NULL)
    return g_strdup (ferry_repo_get_head (repo));

  return ferry_git_resolve (ferry_repo_get_path (repo), version, error);
}

/**
 * ferry_engine_deploy:
 * @self: a #FerryEngine
 * @service: a service name
 * @environment: an environment name
 * @version: (nullable): a tag, branch or commit; the branch head by default
 * @freeze_override: (nullable): the reason to deploy during a freeze
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deploys one version of one service to one environment, through the same
 * gates as a promotion. Blocks until the step is done, refused, or waits
 * for approval.
 *
 * Returns: (transfer full) (nullable): the run as it stands
 */
FerryPlanRun *
ferry_engine_deploy (FerryEngine   *self,
                     const gchar   *service_name,
                     const gchar   *environment_name,
                     const gchar   *version,
                     const gchar   *freeze_override,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_plan_step_unref);
  g_autofree gchar *commit = NULL;
  FerryService *service;
  FerryEnvironment *environment;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  if (!lookup (self, service_name, environment_name, &service, &environment, error) ||
      !(commit = resolve_version (service, version, error)))
    return NULL;

  g_ptr_array_add (steps, new_step (0, service_name, environment_name, commit));

  return start_run (self, NULL, environment_name, steps, freeze_override, cancellable, error);
}

/**
 * ferry_engine_promote:
 * @self: a #FerryEngine
 * @services: (nullable) (array zero-terminated=1): the services; by
 *   default every one whose version differs
 * @from: (nullable): the source environment; by default the one @to
 *   promotes from
 * @to: the environment to promote to
 * @freeze_override: (nullable): the reason to deploy during a freeze
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Plans the promotion with the dependency graph and carries it out, phase
 * by phase.
 *
 * Returns: (transfer full) (nullable): the run as it stands
 */
FerryPlanRun *
ferry_engine_promote (FerryEngine         *self,
                      const gchar * const *services,
                      const gchar         *from,
                      const gchar         *to,
                      const gchar         *freeze_override,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_plan_step_unref);

  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);

  if (!(state = ferry_engine_get_state (self, error)) ||
      !(plan = ferry_plan_compute (self->workspace, state, to, from, services, now, error)))
    return NULL;

  for (guint p = 0; p < ferry_plan_get_n_phases (plan); p++)
    for (guint s = 0; s < ferry_plan_get_n_steps (plan, p); s++)
      {
        FerryPlanItem *item = ferry_plan_get_step (plan, p, s);

        g_ptr_array_add (steps, new_step (p, ferry_service_get_name (item->service), to, item->version));
      }

  if (steps->len == 0)
    {
      g_autoptr(GString) why = g_string_new (NULL);

      for (guint i = 0; i < ferry_plan_get_n_skipped (plan); i++)
        g_string_append_printf (why, "\n  %s: %s", ferry_plan_get_skipped (plan, i)->service,
                                ferry_plan_get_skipped (plan, i)->reason);
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED,
                   "nothing to promote to %s%s", to, why->str);
      return NULL;
    }

  return start_run (self, ferry_plan_get_from (plan) ? ferry_environment_get_name (ferry_plan_get_from (plan)) : NULL,
                    to, steps, freeze_override, cancellable, error);
}

/**
 * ferry_engine_rollback:
 * @self: a #FerryEngine
 * @service: a service name
 * @environment: an environment name
 * @version: (nullable): the version to go back to; by default the
 *   previous healthy one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the run as it stands
 */
FerryPlanRun *
ferry_engine_rollback (FerryEngine   *self,
                       const gchar   *service_name,
                       const gchar   *environment_name,
                       const gchar   *version,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_plan_step_unref);
  g_autofree gchar *commit = NULL;
  FerryService *service;
  FerryEnvironment *environment;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  if (!lookup (self, service_name, environment_name, &service, &environment, error))
    return NULL;

  if (version != NULL)
    commit = resolve_version (service, version, error);
  else if (!(commit = ferry_store_get_previous_healthy_version (self->store, service_name, environment_name, error)) &&
           (error == NULL || *error == NULL))
    g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND,
                 "%s has no earlier healthy version in %s to roll back to", service_name, environment_name);

  if (commit == NULL)
    return NULL;

  audit (self, "rollback", service_name, environment_name, commit, FERRY_AUDIT_RESULT_OK, "requested");
  g_ptr_array_add (steps, new_step (0, service_name, environment_name, commit));

  return start_run (self, NULL, environment_name, steps, NULL, cancellable, error);
}

/**
 * ferry_engine_resume:
 * @self: a #FerryEngine
 * @run_id: a run
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Carries a run on from where it stopped, typically after an approval.
 *
 * Returns: (transfer full) (nullable): the run as it stands
 */
FerryPlanRun *
ferry_engine_resume (FerryEngine   *self,
                     gint64         run_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  return carry_out (self, run_id, cancellable, error);
}

/**
 * ferry_engine_decide:
 * @self: a #FerryEngine
 * @request_id: an approval request
 * @verdict: approve or reject
 * @comment: (nullable): why
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Records the user's decision, if the environment's policy lets them make
 * it: among the approvers, and not the requester under four-eyes. When the
 * last required approval arrives, the gated steps go ahead at once, in
 * this process.
 *
 * Returns: (transfer full) (nullable): the request as it stands
 */
FerryApprovalRequest *
ferry_engine_decide (FerryEngine   *self,
                     gint64         request_id,
                     FerryVerdict   verdict,
                     const gchar   *comment,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(FerryPlanStep) step = NULL;
  g_autofree gchar *reason = NULL;
  FerryEnvironment *environment;
  FerryApprovalPolicy *policy;
  const gchar *action = verdict == FERRY_VERDICT_APPROVE ? "approve" : "reject";

  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  if (!(request = ferry_store_get_approval_request (self->store, request_id, NULL)))
    {
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND,
                   "no approval request %" G_GINT64_FORMAT, request_id);
      return NULL;
    }

  environment = ferry_workspace_get_environment (self->workspace, request->environment);
  policy = environment ? ferry_environment_get_approval (environment) : NULL;

  /* Whoever asked may withdraw their own request; everyone else needs the
   * policy's leave. */
  if (policy != NULL && !(verdict == FERRY_VERDICT_REJECT && g_ascii_strcasecmp (self->user, request->requested_by) == 0) &&
      !ferry_approval_policy_may_approve (policy, self->workspace, self->user, request->requested_by, &reason))
    {
      audit (self, action, request->service, request->environment, request->version, FERRY_AUDIT_RESULT_REFUSED, reason);
      g_set_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED, "%s", reason);
      return NULL;
    }

  if (!(decided = ferry_store_record_decision (self->store, request_id, self->user, verdict, comment, error)))
    {
      audit (self, action, request->service, request->environment, request->version, FERRY_AUDIT_RESULT_REFUSED,
             error && *error ? (*error)->message : NULL);
      return NULL;
    }

  audit (self, action, request->service, request->environment, request->version, FERRY_AUDIT_RESULT_OK,
         comment ? comment : "");
  say (self, "%s %s of %s → %s (%u of %u)", self->user, verdict == FERRY_VERDICT_APPROVE ? "approved" : "rejected",
       request->service, request->environment, decided->approvals, decided->required);

  /* The last required approval lets the gated steps go ahead now. */
  if (decided->status != FERRY_APPROVAL_STATUS_PENDING &&
      (step = ferry_store_get_step (self->store, decided->step_id, NULL)))
    {
      g_autoptr(FerryPlanRun) run = ferry_engine_resume (self, step->run_id, cancellable, NULL);
    }

  return g_steal_pointer (&decided);
}

/**
 * ferry_engine_stop:
 * @self: a #FerryEngine
 * @service: a service name
 * @environment: an environment name
 * @error: return location for a #GError
 *
 * Returns: %TRUE when it no longer runs
 */
gboolean
ferry_engine_stop (FerryEngine  *self,
                   const gchar  *service_name,
                   const gchar  *environment_name,
                   GError      **error)
{
  g_autoptr(FerryDeployment) current = NULL;
  FerryService *service;
  FerryEnvironment *environment;
  FerryBackend *backend;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), FALSE);

  if (!lookup (self, service_name, environment_name, &service, &environment, error) ||
      !(backend = backend_for (self, environment, error)))
    return FALSE;

  if (!ferry_backend_stop (backend, service_name, environment_name, error))
    return FALSE;

  current = ferry_store_get_current_deployment (self->store, service_name, environment_name, NULL);
  if (current != NULL && current->status == FERRY_DEPLOYMENT_STATUS_HEALTHY)
    ferry_store_update_deployment (self->store, current->id, current->status,
                                   FERRY_DEPLOYMENT_STATUS_STOPPED, "stopped", NULL, NULL);

  audit (self, "stop", service_name, environment_name, current ? current->version : NULL, FERRY_AUDIT_RESULT_OK, NULL);

  return TRUE;
}

/**
 * ferry_engine_down:
 * @self: a #FerryEngine
 * @error: return location for a #GError
 *
 * Stops every local service of the workspace.
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_engine_down (FerryEngine  *self,
                   GError      **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (FERRY_IS_ENGINE (self), FALSE);

  if (!(rows = ferry_store_list_local_processes (self->store, error)))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      FerryLocalProcess *row = g_ptr_array_index (rows, i);

      if (!ferry_engine_stop (self, row->service, row->environment, error))
        return FALSE;
    }

  return TRUE;
}

FerryWorkspace *
ferry_engine_get_workspace (FerryEngine *self)
{
  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  return self->workspace;
}

/**
 * ferry_engine_get_store:
 * @self: a #FerryEngine
 *
 * Returns: (transfer none): the workspace's state store
 */
FerryStore *
ferry_engine_get_store (FerryEngine *self)
{
  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  return self->store;
}

/**
 * ferry_engine_get_user:
 * @self: a #FerryEngine
 *
 * Returns: who acts: FERRY_USER, else git's user.email
 */
const gchar *
ferry_engine_get_user (FerryEngine *self)
{
  g_return_val_if_fail (FERRY_IS_ENGINE (self), NULL);

  return self->user;
}

/**
 * ferry_engine_set_progress:
 * @self: a #FerryEngine
 * @progress: (nullable) (scope notified): told what happens, one line at
 *   a time, from whichever thread does it
 * @user_data: data for @progress
 */
void
ferry_engine_set_progress (FerryEngine       *self,
                           FerryProgressFunc  progress,
                           gpointer           user_data)
{
  g_return_if_fail (FERRY_IS_ENGINE (self));

  self->progress = progress;
  self->progress_data = user_data;
}

/**
 * ferry_engine_new_full:
 * @workspace: a valid workspace
 * @store: its state store
 * @user: who acts
 *
 * Returns: (transfer full): an engine
 */
FerryEngine *
ferry_engine_new_full (FerryWorkspace *workspace,
                       FerryStore     *store,
                       const gchar    *user)
{
  FerryEngine *self;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (FERRY_IS_STORE (store), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (FERRY_TYPE_ENGINE, NULL);
  self->workspace = g_object_ref (workspace);
  self->store = g_object_ref (store);
  self->user = g_strdup (user);
  self->workspace_id = ferry_store_workspace_id (ferry_workspace_get_source (workspace)
                                                 ? ferry_workspace_get_source (workspace)
                                                 : ferry_workspace_get_directory (workspace));
  self->local = FERRY_BACKEND (ferry_local_backend_new (store, self->workspace_id));

  return self;
}

/**
 * ferry_engine_new:
 * @workspace: a valid workspace
 * @error: return location for a #GError
 *
 * Opens the workspace's state store and finds who acts, then settles what
 * an interrupted Ferry process left behind.
 *
 * Returns: (transfer full) (nullable): an engine
 */
FerryEngine *
ferry_engine_new (FerryWorkspace  *workspace,
                  GError         **error)
{
  g_autoptr(FerryStore) store = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *user = NULL;
  FerryEngine *self;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);

  if (!(user = ferry_identity_get_user (ferry_workspace_get_directory (workspace), error)))
    return NULL;

  id = ferry_store_workspace_id (ferry_workspace_get_source (workspace)
                                 ? ferry_workspace_get_source (workspace)
                                 : ferry_workspace_get_directory (workspace));
  if (!(store = ferry_store_open (id, error)))
    return NULL;

  self = ferry_engine_new_full (workspace, store, user);
  ferry_engine_reconcile (self);

  return self;
}

static void
ferry_engine_finalize (GObject *object)
{
  FerryEngine *self = FERRY_ENGINE (object);

  g_clear_object (&self->local);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ferry_engine_parent_class)->finalize (object);
}

static void
ferry_engine_class_init (FerryEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_engine_finalize;
}

static void
ferry_engine_init (FerryEngine *self)
{
  g_mutex_init (&self->mutex);
  self->overrides = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

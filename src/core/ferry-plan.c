/* ferry-plan.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-plan"

#include "config.h"

#include "ferry-json.h"
#include "ferry-model-private.h"
#include "ferry-plan.h"
#include "ferry-utils.h"

struct _FerryPlan
{
  grefcount         ref_count;
  FerryWorkspace   *workspace;
  FerryEnvironment *to;
  FerryEnvironment *from;       /* nullable: deploys branch heads */
  GPtrArray        *phases;     /* GPtrArray of FerryPlanItem */
  GPtrArray        *skipped;    /* FerryPlanSkip */
};

G_DEFINE_BOXED_TYPE (FerryPlan, ferry_plan, ferry_plan_ref, ferry_plan_unref)
G_DEFINE_QUARK (ferry-plan-error-quark, ferry_plan_error)

static void
step_free (FerryPlanItem *step)
{
  g_free (step->version);
  g_free (step->tag);
  g_free (step->current);
  g_ptr_array_unref (step->reasons);
  g_free (step);
}

static void
skip_free (FerryPlanSkip *skip)
{
  g_free (skip->service);
  g_free (skip->reason);
  g_free (skip);
}

FerryPlan *
ferry_plan_ref (FerryPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);

  return self;
}

void
ferry_plan_unref (FerryPlan *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->phases);
      g_ptr_array_unref (self->skipped);
      g_object_unref (self->workspace);
      g_free (self);
    }
}

const gchar *
ferry_plan_step_state_to_string (FerryPlanStepState state)
{
  switch (state)
    {
    case FERRY_PLAN_STEP_READY:          return "ready";
    case FERRY_PLAN_STEP_NEEDS_APPROVAL: return "needs-approval";
    case FERRY_PLAN_STEP_WAITING:        return "waiting";
    case FERRY_PLAN_STEP_BLOCKED:        return "blocked";
    default:                             return "unknown";
    }
}

static void
skip (FerryPlan    *self,
      FerryService *service,
      const gchar  *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
skip (FerryPlan    *self,
      FerryService *service,
      const gchar  *format,
      ...)
{
  FerryPlanSkip *item = g_new0 (FerryPlanSkip, 1);
  va_list args;

  va_start (args, format);
  item->service = g_strdup (service->name);
  item->reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (self->skipped, item);
}

static gchar *
describe_version (const gchar *version,
                  const gchar *tag)
{
  g_autofree gchar *short_id = ferry_short_id (version);

  if (tag != NULL)
    return g_strdup_printf ("%s (%s)", tag, short_id);

  return g_steal_pointer (&short_id);
}

static gchar *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

/* Works out the gates of one step: freeze, approval, upstream readiness. */
static void
explain_step (FerryPlan     *self,
              FerryPlanItem *step,
              GHashTable    *planned,
              FerryStateSnapshot *state,
              GDateTime     *now)
{
  FerryEnvironment *env = step->environment;
  FerryFreezeWindow *freeze;
  gboolean blocked = FALSE;
  gboolean waiting = FALSE;

  if ((freeze = ferry_environment_get_active_freeze (env, now)))
    {
      g_autofree gchar *until = format_time (freeze->until);

      g_ptr_array_add (step->reasons,
                       g_strdup_printf ("frozen until %s (%s): deploying needs an override with a reason",
                                        until, freeze->reason));
      blocked = TRUE;
    }

  for (guint i = 0; i < step->service->dependencies->len; i++)
    {
      FerryService *dep = g_ptr_array_index (step->service->dependencies, i);
      FerryPlanItem *dep_step = g_hash_table_lookup (planned, dep);
      const FerryDeployed *deployed;

      if (dep_step != NULL)
        {
          g_ptr_array_add (step->reasons,
                           g_strdup_printf ("waits for %s in %s (phase %u)", dep->name, env->name, dep_step->phase + 1));
          waiting = TRUE;
          continue;
        }

      deployed = ferry_state_snapshot_lookup (state, dep->name, env->name);
      if (deployed == NULL || g_strcmp0 (deployed->status, "not-deployed") == 0)
        {
          g_ptr_array_add (step->reasons,
                           g_strdup_printf ("waiting for %s in %s: it is not deployed there", dep->name, env->name));
          blocked = TRUE;
        }
      else if (!ferry_deployed_is_healthy (deployed))
        {
          g_ptr_array_add (step->reasons,
                           g_strdup_printf ("waiting for %s in %s: it is %s, not healthy", dep->name, env->name, deployed->status));
          blocked = TRUE;
        }
    }

  if (env->approval != NULL && env->approval->required > 0)
    {
      g_autofree gchar *who = ferry_approval_policy_describe_approvers (env->approval);

      step->approvals_required = env->approval->required;
      g_ptr_array_add (step->reasons,
                       g_strdup_printf ("needs %u approval%s from %s%s",
                                        env->approval->required,
                                        env->approval->required == 1 ? "" : "s",
                                        who,
                                        env->approval->self_approval ? "" : ", not the deployer (four-eyes)"));
    }

  if (blocked)
    step->state = FERRY_PLAN_STEP_BLOCKED;
  else if (step->approvals_required > 0)
    step->state = FERRY_PLAN_STEP_NEEDS_APPROVAL;
  else if (waiting)
    step->state = FERRY_PLAN_STEP_WAITING;
  else
    step->state = FERRY_PLAN_STEP_READY;
}

/**
 * ferry_plan_compute:
 * @workspace: a valid #FerryWorkspace
 * @state: what runs where
 * @to: the environment to deploy to
 * @from: (nullable): the environment to promote from; by default the one
 *   @to promotes from, and for the first environment the branch heads
 * @services: (nullable) (array zero-terminated=1): the services to
 *   include; by default every one whose source version differs from the
 *   version in @to
 * @now: the time freeze windows are checked against
 * @error: return location for a #GError
 *
 * Plans a deployment: phases ordered by the dependency graph (producers
 * before consumers), each step saying what it will do and, where it
 * cannot run yet, why. A pure function of its arguments.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
FerryPlan *
ferry_plan_compute (FerryWorkspace      *workspace,
                    FerryStateSnapshot  *state,
                    const gchar         *to,
                    const gchar         *from,
                    const gchar * const *services,
                    GDateTime           *now,
                    GError             **error)
{
  g_autoptr(FerryPlan) self = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GHashTable) planned = NULL;
  g_autoptr(GArray) layer_to_phase = NULL;
  guint n_services;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (to != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!ferry_workspace_is_valid (workspace))
    {
      g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID,
                   "%s has errors: fix them first (ferryctl validate)", workspace->manifest);
      return NULL;
    }

  self = g_new0 (FerryPlan, 1);
  g_ref_count_init (&self->ref_count);
  self->workspace = g_object_ref (workspace);
  self->phases = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify)skip_free);

  if (!(self->to = ferry_workspace_get_environment (workspace, to)))
    {
      g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_NO_SUCH_ENVIRONMENT,
                   "no environment named “%s”", to);
      return NULL;
    }

  if (from != NULL)
    {
      if (!(self->from = ferry_workspace_get_environment (workspace, from)))
        {
          g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_NO_SUCH_ENVIRONMENT,
                       "no environment named “%s”", from);
          return NULL;
        }
      if (self->from == self->to)
        {
          g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID,
                       "cannot promote %s to itself", to);
          return NULL;
        }
    }
  else
    self->from = self->to->from;

  if (services != NULL && services[0] != NULL)
    {
      wanted = g_hash_table_new (NULL, NULL);
      for (guint i = 0; services[i]; i++)
        {
          FerryService *service = ferry_workspace_get_service (workspace, services[i]);

          if (service == NULL)
            {
              g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_NO_SUCH_SERVICE,
                           "no service named “%s”", services[i]);
              return NULL;
            }
          g_hash_table_add (wanted, service);
        }
    }

  planned = g_hash_table_new (NULL, NULL);
  layer_to_phase = g_array_new (FALSE, FALSE, sizeof (guint));
  n_services = ferry_workspace_get_n_services (workspace);

  /* Services come in stable order (layer, repo, name), so phases fill in
   * deploy order. */
  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);
      FerryRepo *repo = service->build->repo;
      const FerryDeployed *target = ferry_state_snapshot_lookup (state, service->name, self->to->name);
      const gchar *current = target && g_strcmp0 (target->status, "not-deployed") != 0 ? target->version : NULL;
      g_autofree gchar *version = NULL;
      g_autofree gchar *tag = NULL;
      FerryPlanItem *step;
      GPtrArray *phase;

      if (wanted != NULL && !g_hash_table_contains (wanted, service))
        continue;

      if (self->from != NULL)
        {
          const FerryDeployed *source = ferry_state_snapshot_lookup (state, service->name, self->from->name);

          if (source == NULL || source->version == NULL || g_strcmp0 (source->status, "not-deployed") == 0)
            {
              if (wanted != NULL)
                skip (self, service, "not deployed in %s: nothing to promote", self->from->name);
              continue;
            }

          if (!ferry_deployed_is_healthy (source))
            {
              if (wanted != NULL || g_strcmp0 (source->version, current) != 0)
                skip (self, service, "its version in %s is %s, not healthy: only healthy versions are promoted",
                      self->from->name, source->status);
              continue;
            }

          version = g_strdup (source->version);
          tag = g_strdup (source->tag);
        }
      else
        {
          if (repo->head == NULL)
            {
              skip (self, service, "the head of %s's branch “%s” is unknown%s",
                    repo->name, repo->branch,
                    repo->url == NULL ? " (the repo has no url)" : "");
              continue;
            }

          version = g_strdup (repo->head);
          tag = g_strdup (ferry_repo_get_tag (repo, repo->head));
        }

      if (g_strcmp0 (version, current) == 0 && g_strcmp0 (target->status, "healthy") == 0)
        {
          if (wanted != NULL)
            {
              g_autofree gchar *what = describe_version (version, tag);
              skip (self, service, "%s already runs %s", self->to->name, what);
            }
          continue;
        }

      step = g_new0 (FerryPlanItem, 1);
      step->service = service;
      step->environment = self->to;
      step->version = g_steal_pointer (&version);
      step->tag = g_steal_pointer (&tag);
      step->current = g_strdup (current);
      step->reasons = g_ptr_array_new_with_free_func (g_free);

      while (layer_to_phase->len <= service->layer)
        {
          guint none = G_MAXUINT;
          g_array_append_val (layer_to_phase, none);
        }
      if (g_array_index (layer_to_phase, guint, service->layer) == G_MAXUINT)
        {
          g_array_index (layer_to_phase, guint, service->layer) = self->phases->len;
          g_ptr_array_add (self->phases, g_ptr_array_new_with_free_func ((GDestroyNotify)step_free));
        }
      step->phase = g_array_index (layer_to_phase, guint, service->layer);

      explain_step (self, step, planned, state, now);

      phase = g_ptr_array_index (self->phases, step->phase);
      g_ptr_array_add (phase, step);
      g_hash_table_insert (planned, service, step);
    }

  return g_steal_pointer (&self);
}

/**
 * ferry_plan_get_to:
 * @self: a #FerryPlan
 *
 * Returns: (transfer none): the environment deployed to
 */
FerryEnvironment *
ferry_plan_get_to (FerryPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->to;
}

/**
 * ferry_plan_get_from:
 * @self: a #FerryPlan
 *
 * Returns: (transfer none) (nullable): the environment promoted from,
 *   %NULL when branch heads are deployed
 */
FerryEnvironment *
ferry_plan_get_from (FerryPlan *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->from;
}

guint
ferry_plan_get_n_phases (FerryPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->phases->len;
}

guint
ferry_plan_get_n_steps (FerryPlan *self,
                        guint      phase)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (phase < self->phases->len, 0);

  return ((GPtrArray *)g_ptr_array_index (self->phases, phase))->len;
}

/**
 * ferry_plan_get_step:
 * @self: a #FerryPlan
 * @phase: a phase, 0 first
 * @index: a step of it
 *
 * Returns: (transfer none): the step
 */
FerryPlanItem *
ferry_plan_get_step (FerryPlan *self,
                     guint      phase,
                     guint      index)
{
  GPtrArray *steps;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (phase < self->phases->len, NULL);

  steps = g_ptr_array_index (self->phases, phase);
  g_return_val_if_fail (index < steps->len, NULL);

  return g_ptr_array_index (steps, index);
}

guint
ferry_plan_get_n_skipped (FerryPlan *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->skipped->len;
}

/**
 * ferry_plan_get_skipped:
 * @self: a #FerryPlan
 * @index: which one
 *
 * Returns: (transfer none): a service left out, and why
 */
FerryPlanSkip *
ferry_plan_get_skipped (FerryPlan *self,
                        guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->skipped->len, NULL);

  return g_ptr_array_index (self->skipped, index);
}

/**
 * ferry_plan_to_json:
 * @self: a #FerryPlan
 *
 * The `ferryctl plan --format json` document:
 * `{"from", "to", "phases": [{"phase", "steps": [{"service",
 * "environment", "version", "tag", "current", "state", "approvals_required",
 * "reasons"}]}], "skipped": [{"service", "reason"}]}`.
 *
 * Returns: (transfer full): the document
 */
JsonNode *
ferry_plan_to_json (FerryPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  ferry_json_builder_add_nullable (builder, "from", self->from ? self->from->name : NULL);
  ferry_json_builder_add_nullable (builder, "to", self->to->name);

  json_builder_set_member_name (builder, "phases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->phases->len; i++)
    {
      GPtrArray *steps = g_ptr_array_index (self->phases, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "phase");
      json_builder_add_int_value (builder, i + 1);
      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint j = 0; j < steps->len; j++)
        {
          FerryPlanItem *step = g_ptr_array_index (steps, j);

          json_builder_begin_object (builder);
          ferry_json_builder_add_nullable (builder, "service", step->service->name);
          ferry_json_builder_add_nullable (builder, "environment", step->environment->name);
          ferry_json_builder_add_nullable (builder, "version", step->version);
          ferry_json_builder_add_nullable (builder, "tag", step->tag);
          ferry_json_builder_add_nullable (builder, "current", step->current);
          ferry_json_builder_add_nullable (builder, "state", ferry_plan_step_state_to_string (step->state));
          json_builder_set_member_name (builder, "approvals_required");
          json_builder_add_int_value (builder, step->approvals_required);
          json_builder_set_member_name (builder, "reasons");
          json_builder_begin_array (builder);
          for (guint k = 0; k < step->reasons->len; k++)
            json_builder_add_string_value (builder, g_ptr_array_index (step->reasons, k));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->skipped->len; i++)
    {
      FerryPlanSkip *item = g_ptr_array_index (self->skipped, i);

      json_builder_begin_object (builder);
      ferry_json_builder_add_nullable (builder, "service", item->service);
      ferry_json_builder_add_nullable (builder, "reason", item->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * ferry_plan_to_text:
 * @self: a #FerryPlan
 *
 * Returns: (transfer full): the plan in words, phase by phase
 */
gchar *
ferry_plan_to_text (FerryPlan *self)
{
  GString *str = g_string_new (NULL);
  guint n_steps = 0;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->phases->len; i++)
    n_steps += ((GPtrArray *)g_ptr_array_index (self->phases, i))->len;

  if (self->from != NULL)
    g_string_append_printf (str, "Promote %s → %s", self->from->name, self->to->name);
  else
    g_string_append_printf (str, "Deploy branch heads → %s", self->to->name);

  g_string_append_printf (str, ": %u step%s in %u phase%s\n",
                          n_steps, n_steps == 1 ? "" : "s",
                          self->phases->len, self->phases->len == 1 ? "" : "s");

  if (n_steps == 0)
    g_string_append (str, "Nothing to do.\n");

  for (guint i = 0; i < self->phases->len; i++)
    {
      GPtrArray *steps = g_ptr_array_index (self->phases, i);

      g_string_append_printf (str, "\nPhase %u\n", i + 1);
      for (guint j = 0; j < steps->len; j++)
        {
          FerryPlanItem *step = g_ptr_array_index (steps, j);
          g_autofree gchar *version = describe_version (step->version, step->tag);

          g_string_append_printf (str, "  %-24s %s", step->service->name, version);
          if (step->current != NULL)
            {
              g_autofree gchar *current = ferry_short_id (step->current);
              g_string_append_printf (str, " (now %s)", current);
            }
          else
            g_string_append (str, " (new)");
          g_string_append_printf (str, "  [%s]\n", ferry_plan_step_state_to_string (step->state));

          for (guint k = 0; k < step->reasons->len; k++)
            g_string_append_printf (str, "      %s\n", (const gchar *)g_ptr_array_index (step->reasons, k));
        }
    }

  if (self->skipped->len > 0)
    {
      g_string_append (str, "\nLeft out\n");
      for (guint i = 0; i < self->skipped->len; i++)
        {
          FerryPlanSkip *item = g_ptr_array_index (self->skipped, i);
          g_string_append_printf (str, "  %-24s %s\n", item->service, item->reason);
        }
    }

  return g_string_free (str, FALSE);
}

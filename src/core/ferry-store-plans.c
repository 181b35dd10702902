/* ferry-store-plans.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-private.h"

#define RUN_SELECT                                                              \
  "SELECT id, created_by, created_at, source_environment, target_environment, " \
  "       status "                                                              \
  "FROM plan_runs "

#define STEP_SELECT                                                             \
  "SELECT id, run_id, phase, service, environment, version, state, "            \
  "       waiting_reason, started_at, finished_at, error, owner_pid, "          \
  "       owner_start, owner_host "                                             \
  "FROM plan_steps "

static gpointer
run_from_row (sqlite3_stmt *stmt)
{
  FerryPlanRun *run = ferry_plan_run_new ();
  g_autofree gchar *status = NULL;

  run->id = sqlite3_column_int64 (stmt, 0);
  run->created_by = _ferry_store_column_string (stmt, 1);
  run->created_at = _ferry_store_column_time (stmt, 2);
  run->source_environment = _ferry_store_column_string (stmt, 3);
  run->target_environment = _ferry_store_column_string (stmt, 4);
  status = _ferry_store_column_string (stmt, 5);
  if (!ferry_plan_run_status_from_string (status, &run->status))
    run->status = FERRY_PLAN_RUN_STATUS_FAILED;

  return run;
}

static gpointer
step_from_row (sqlite3_stmt *stmt)
{
  FerryPlanStep *step = ferry_plan_step_new ();
  g_autofree gchar *state = NULL;

  step->id = sqlite3_column_int64 (stmt, 0);
  step->run_id = sqlite3_column_int64 (stmt, 1);
  step->phase = (guint) sqlite3_column_int64 (stmt, 2);
  step->service = _ferry_store_column_string (stmt, 3);
  step->environment = _ferry_store_column_string (stmt, 4);
  step->version = _ferry_store_column_string (stmt, 5);
  state = _ferry_store_column_string (stmt, 6);
  if (!ferry_step_state_from_string (state, &step->state))
    step->state = FERRY_STEP_STATE_FAILED;
  step->waiting_reason = _ferry_store_column_string (stmt, 7);
  step->started_at = _ferry_store_column_time (stmt, 8);
  step->finished_at = _ferry_store_column_time (stmt, 9);
  step->error = _ferry_store_column_string (stmt, 10);
  step->owner_pid = (GPid) sqlite3_column_int64 (stmt, 11);
  step->owner_start_time = (guint64) sqlite3_column_int64 (stmt, 12);
  step->owner_host = _ferry_store_column_string (stmt, 13);

  return step;
}

/* Fills in the steps of each run of @runs; inside the caller's transaction. */
static gboolean
add_steps (FerryStore  *self,
           GPtrArray   *runs,
           GError     **error)
{
  for (guint i = 0; i < runs->len; i++)
    {
      FerryPlanRun *run = g_ptr_array_index (runs, i);

      g_clear_pointer (&run->steps, g_ptr_array_unref);
      run->steps = _ferry_store_query (self, step_from_row,
                                       (GDestroyNotify) ferry_plan_step_unref, error,
                                       STEP_SELECT "WHERE run_id = ? ORDER BY phase, id",
                                       "i", run->id);
      if (run->steps == NULL)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64     run_id;
  guint      limit;
  GPtrArray *runs;
} ListRunsData;

static gboolean
list_runs (FerryStore  *self,
           gpointer     data,
           GError     **error)
{
  ListRunsData *list = data;

  g_clear_pointer (&list->runs, g_ptr_array_unref);

  if (list->run_id != 0)
    list->runs = _ferry_store_query (self, run_from_row,
                                     (GDestroyNotify) ferry_plan_run_unref, error,
                                     RUN_SELECT "WHERE id = ?", "i", list->run_id);
  else
    list->runs = _ferry_store_query (self, run_from_row,
                                     (GDestroyNotify) ferry_plan_run_unref, error,
                                     RUN_SELECT "ORDER BY id DESC LIMIT ?", "i",
                                     list->limit > 0 ? (gint64) list->limit : (gint64) -1);

  return list->runs != NULL && add_steps (self, list->runs, error);
}

/**
 * ferry_store_get_plan_run:
 * @self: a #FerryStore
 * @run_id: a plan run id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the run with its steps, or %NULL with @error
 *   set (%FERRY_STORE_ERROR_NOT_FOUND when there is none)
 */
FerryPlanRun *
ferry_store_get_plan_run (FerryStore  *self,
                          gint64       run_id,
                          GError     **error)
{
  ListRunsData list = { run_id, 0, NULL };
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (run_id == 0 || !_ferry_store_read (self, list_runs, &list, error))
    {
      g_clear_pointer (&list.runs, g_ptr_array_unref);
      if (run_id == 0)
        g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND,
                             "There is no plan run 0");
      return NULL;
    }

  runs = g_steal_pointer (&list.runs);
  if (runs->len == 0)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND,
                   "There is no plan run %" G_GINT64_FORMAT, run_id);
      return NULL;
    }

  return g_ptr_array_steal_index (runs, 0);
}

/**
 * ferry_store_list_plan_runs:
 * @self: a #FerryStore
 * @limit: at most this many, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryPlanRun): the plan runs
 *   with their steps, newest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_plan_runs (FerryStore  *self,
                            guint        limit,
                            GError     **error)
{
  ListRunsData list = { 0, limit, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ferry_store_read (self, list_runs, &list, error))
    g_clear_pointer (&list.runs, g_ptr_array_unref);

  return list.runs;
}

static gpointer
list_plan_runs_func (FerryStore    *self,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return ferry_store_list_plan_runs (self, GPOINTER_TO_UINT (data), error);
}

/**
 * ferry_store_list_plan_runs_async:
 * @self: a #FerryStore
 * @limit: at most this many, 0 for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs ferry_store_list_plan_runs() on a worker thread.
 */
void
ferry_store_list_plan_runs_async (FerryStore          *self,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_STORE (self));

  _ferry_store_run_tagged_async (self, ferry_store_list_plan_runs_async,
                                 list_plan_runs_func, GUINT_TO_POINTER (limit), NULL,
                                 (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, callback, user_data);
}

/**
 * ferry_store_list_plan_runs_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryPlanRun): see
 *   ferry_store_list_plan_runs()
 */
GPtrArray *
ferry_store_list_plan_runs_finish (FerryStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return _ferry_store_run_tagged_finish (self, result, ferry_store_list_plan_runs_async, error);
}

typedef struct
{
  const gchar  *created_by;
  const gchar  *source_environment;
  const gchar  *target_environment;
  GPtrArray    *steps;
  FerryPlanRun *result;
} CreateRunData;

static gboolean
create_plan_run (FerryStore  *self,
                 gpointer     data,
                 GError     **error)
{
  CreateRunData *create = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 run_id;

  g_clear_pointer (&create->result, ferry_plan_run_unref);

  if (!_ferry_store_exec (self, error,
                          "INSERT INTO plan_runs (created_by, created_at, "
                          "  source_environment, target_environment, status) "
                          "VALUES (?, ?, ?, ?, 'pending')",
                          "stss",
                          create->created_by, now, create->source_environment,
                          create->target_environment))
    return FALSE;

  run_id = _ferry_store_last_insert_id (self);

  for (guint i = 0; create->steps != NULL && i < create->steps->len; i++)
    {
      const FerryPlanStep *step = g_ptr_array_index (create->steps, i);

      if (!_ferry_store_exec (self, error,
                              "INSERT INTO plan_steps (run_id, phase, service, "
                              "  environment, version, state, waiting_reason) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)",
                              "idsssss",
                              run_id, (gint) step->phase, step->service,
                              step->environment, step->version,
                              ferry_step_state_to_string (step->state),
                              step->waiting_reason))
        return FALSE;
    }

  create->result = ferry_store_get_plan_run (self, run_id, error);

  return create->result != NULL;
}

static gboolean
check_step_template (const FerryPlanStep  *step,
                     GError              **error)
{
  if (step == NULL ||
      step->service == NULL || *step->service == '\0' ||
      step->environment == NULL || *step->environment == '\0' ||
      step->version == NULL || *step->version == '\0')
    {
      g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                           "A plan step needs a service, an environment and a version");
      return FALSE;
    }

  if (step->state != FERRY_STEP_STATE_PENDING &&
      step->state != FERRY_STEP_STATE_WAITING_FOR_APPROVAL)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                   "A plan step of %s begins pending or waiting for approval, not %s",
                   step->service, ferry_step_state_to_string (step->state));
      return FALSE;
    }

  return TRUE;
}

/**
 * ferry_store_create_plan_run:
 * @self: a #FerryStore
 * @created_by: who makes it
 * @source_environment: (nullable): the environment promoted from
 * @target_environment: the environment deployed to
 * @steps: (element-type FerryPlanStep) (nullable): templates of the steps:
 *   @phase, @service, @environment, @version, and @state (pending or
 *   waiting for approval) with its @waiting_reason
 * @error: return location for a #GError
 *
 * Records a plan run and all its steps in one transaction: a run is never
 * seen without its steps.
 *
 * Returns: (transfer full): the stored run with its steps, or %NULL with
 *   @error set
 */
FerryPlanRun *
ferry_store_create_plan_run (FerryStore   *self,
                             const gchar  *created_by,
                             const gchar  *source_environment,
                             const gchar  *target_environment,
                             GPtrArray    *steps,
                             GError      **error)
{
  CreateRunData create = { created_by, source_environment, target_environment, steps, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (created_by != NULL, NULL);
  g_return_val_if_fail (target_environment != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    if (!check_step_template (g_ptr_array_index (steps, i), error))
      return NULL;

  if (!_ferry_store_write (self, create_plan_run, &create, error))
    {
      g_clear_pointer (&create.result, ferry_plan_run_unref);
      return NULL;
    }

  return create.result;
}

typedef struct
{
  gint64             run_id;
  FerryPlanRunStatus expected;
  FerryPlanRunStatus status;
} RunStatusData;

static gboolean
set_plan_run_status (FerryStore  *self,
                     gpointer     data,
                     GError     **error)
{
  RunStatusData *update = data;
  g_autoptr(FerryPlanRun) run = NULL;

  run = _ferry_store_get_by_id (self, run_from_row, (GDestroyNotify) ferry_plan_run_unref,
                                "plan run", RUN_SELECT "WHERE id = ?", update->run_id, error);
  if (run == NULL)
    return FALSE;

  if (run->status != update->expected)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE,
                   "Plan run %" G_GINT64_FORMAT " is %s, not %s", run->id,
                   ferry_plan_run_status_to_string (run->status),
                   ferry_plan_run_status_to_string (update->expected));
      return FALSE;
    }

  return _ferry_store_exec (self, error,
                            "UPDATE plan_runs SET status = ? WHERE id = ? AND status = ?",
                            "sis",
                            ferry_plan_run_status_to_string (update->status),
                            update->run_id,
                            ferry_plan_run_status_to_string (update->expected));
}

/**
 * ferry_store_set_plan_run_status:
 * @self: a #FerryStore
 * @run_id: a plan run
 * @expected: the status it must have now
 * @status: its new status
 * @error: return location for a #GError
 *
 * Moves a plan run from @expected to @status atomically; when it is no
 * longer @expected nothing changes and %FERRY_STORE_ERROR_STALE is returned.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_set_plan_run_status (FerryStore          *self,
                                 gint64               run_id,
                                 FerryPlanRunStatus   expected,
                                 FerryPlanRunStatus   status,
                                 GError             **error)
{
  RunStatusData update = { run_id, expected, status };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, set_plan_run_status, &update, error);
}

/**
 * ferry_store_get_step:
 * @self: a #FerryStore
 * @step_id: a step id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the step, or %NULL with @error set
 *   (%FERRY_STORE_ERROR_NOT_FOUND when there is none)
 */
FerryPlanStep *
ferry_store_get_step (FerryStore  *self,
                      gint64       step_id,
                      GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ferry_store_get_by_id (self, step_from_row, (GDestroyNotify) ferry_plan_step_unref,
                                 "plan step", STEP_SELECT "WHERE id = ?", step_id, error);
}

typedef struct
{
  gint64          step_id;
  FerryStepState  expected;
  FerryStepState  state;
  const gchar    *text;
} TransitionData;

static gboolean
transition_step (FerryStore  *self,
                 gpointer     data,
                 GError     **error)
{
  TransitionData *transition = data;
  g_autoptr(FerryPlanStep) step = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const gchar *waiting_reason = NULL;
  const gchar *step_error = NULL;
  const gchar *owner_host;
  guint64 owner_start;
  GPid owner_pid;

  step = ferry_store_get_step (self, transition->step_id, error);
  if (step == NULL)
    return FALSE;

  if (step->state != transition->expected)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE,
                   "Step %" G_GINT64_FORMAT " (%s to %s, run %" G_GINT64_FORMAT ") "
                   "is %s, not %s",
                   step->id, step->service, step->environment, step->run_id,
                   ferry_step_state_to_string (step->state),
                   ferry_step_state_to_string (transition->expected));
      return FALSE;
    }

  if (ferry_step_state_is_terminal (transition->state))
    {
      if (transition->state != FERRY_STEP_STATE_HEALTHY)
        step_error = transition->text;
    }
  else if (!ferry_step_state_is_running (transition->state))
    {
      waiting_reason = transition->text;
    }

  /* Whoever moves a step into a running state is now the one doing it. */
  if (ferry_step_state_is_running (transition->state))
    {
      _ferry_store_get_owner (self, &owner_pid, &owner_start, &owner_host);
    }
  else
    {
      owner_pid = step->owner_pid;
      owner_start = step->owner_start_time;
      owner_host = step->owner_host;
    }

  return _ferry_store_exec (self, error,
                            "UPDATE plan_steps SET state = ?, waiting_reason = ?, "
                            "  error = ?, started_at = coalesce (started_at, ?), "
                            "  finished_at = ?, owner_pid = ?, owner_start = ?, "
                            "  owner_host = ? "
                            "WHERE id = ? AND state = ?",
                            "ssstt" "dis" "is",
                            ferry_step_state_to_string (transition->state),
                            waiting_reason, step_error,
                            ferry_step_state_is_running (transition->state) ? now : NULL,
                            ferry_step_state_is_terminal (transition->state) ? now : NULL,
                            (gint) owner_pid, (gint64) owner_start, owner_host,
                            transition->step_id,
                            ferry_step_state_to_string (transition->expected));
}

/**
 * ferry_store_transition_step:
 * @self: a #FerryStore
 * @step_id: a step
 * @expected: the state it must be in now
 * @state: its new state
 * @text: (nullable): the waiting reason (for pending and
 *   waiting-for-approval), or the error (for failed, cancelled and
 *   refused); ignored otherwise
 * @error: return location for a #GError
 *
 * Moves a step from @expected to @state, atomically. When the step is no
 * longer in @expected (another process moved it first) nothing changes and
 * %FERRY_STORE_ERROR_STALE is returned: whoever gets %TRUE does the work,
 * so nothing is done twice.
 *
 * Entering a running state makes this process the step's owner and sets
 * the start time once; entering a terminal state sets the finish time.
 * @expected may equal @state, to update the waiting reason.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_transition_step (FerryStore      *self,
                             gint64           step_id,
                             FerryStepState   expected,
                             FerryStepState   state,
                             const gchar     *text,
                             GError         **error)
{
  TransitionData transition = { step_id, expected, state, text };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, transition_step, &transition, error);
}

/**
 * ferry_store_list_orphaned_steps:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Lists the steps left building, deploying or verifying by a process that
 * is gone (or whose pid now belongs to a later process). The engine
 * settles each with ferry_store_transition_step() from its current state;
 * a step whose deployment is reconciled with
 * ferry_store_reconcile_deployment() is settled with it.
 *
 * Returns: (transfer container) (element-type FerryPlanStep): the
 *   orphans, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_orphaned_steps (FerryStore  *self,
                                 GError     **error)
{
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GPtrArray) orphans = NULL;

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  running = _ferry_store_query (self, step_from_row, (GDestroyNotify) ferry_plan_step_unref,
                                error,
                                STEP_SELECT
                                "WHERE state IN ('building', 'deploying', 'verifying') "
                                "ORDER BY id",
                                NULL);
  if (running == NULL)
    return NULL;

  orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_plan_step_unref);
  for (guint i = 0; i < running->len; i++)
    {
      FerryPlanStep *step = g_ptr_array_index (running, i);

      if (!_ferry_store_owner_is_alive (self, step->owner_host, step->owner_pid,
                                        step->owner_start_time))
        g_ptr_array_add (orphans, ferry_plan_step_ref (step));
    }

  return g_steal_pointer (&orphans);
}

/* A run nobody carries on any more: no step runs or waits for people, and
 * the process that last carried out one of its steps is gone (or, when
 * none started, it was created more than a minute ago). */
static gboolean
run_is_abandoned (FerryStore   *self,
                  FerryPlanRun *run)
{
  FerryPlanStep *last = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < run->steps->len; i++)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, i);

      if (ferry_step_state_is_running (step->state) || step->state == FERRY_STEP_STATE_WAITING_FOR_APPROVAL)
        return FALSE;
      if (step->owner_host != NULL && step->started_at != NULL &&
          (last == NULL || g_date_time_compare (step->started_at, last->started_at) >= 0))
        last = step;
    }

  if (last != NULL)
    return !_ferry_store_owner_is_alive (self, last->owner_host, last->owner_pid, last->owner_start_time);

  return run->created_at == NULL || g_date_time_difference (now, run->created_at) > G_TIME_SPAN_MINUTE;
}

/**
 * ferry_store_settle_abandoned_runs:
 * @self: a #FerryStore
 * @error: return location for a #GError
 *
 * Settles the runs a Ferry process left unfinished when it died (after its
 * orphaned steps were settled): a run where a step failed, was refused or
 * cancelled fails, and its pending steps are cancelled; a run whose steps
 * are all healthy succeeded; a run interrupted between two phases fails,
 * its pending steps cancelled. Runs waiting for an approval, or carried on
 * by a live process, are left alone.
 *
 * Returns: how many runs were settled, or -1 with @error set
 */
gint
ferry_store_settle_abandoned_runs (FerryStore  *self,
                                   GError     **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  gint settled = 0;

  g_return_val_if_fail (FERRY_IS_STORE (self), -1);

  if (!(runs = ferry_store_list_plan_runs (self, 0, error)))
    return -1;

  for (guint i = 0; i < runs->len; i++)
    {
      FerryPlanRun *run = g_ptr_array_index (runs, i);
      gboolean healthy = TRUE;

      if ((run->status != FERRY_PLAN_RUN_STATUS_RUNNING && run->status != FERRY_PLAN_RUN_STATUS_PENDING) ||
          !run_is_abandoned (self, run))
        continue;

      for (guint j = 0; j < run->steps->len; j++)
        {
          FerryPlanStep *step = g_ptr_array_index (run->steps, j);

          if (step->state == FERRY_STEP_STATE_PENDING)
            ferry_store_transition_step (self, step->id, FERRY_STEP_STATE_PENDING, FERRY_STEP_STATE_CANCELLED,
                                         "interrupted: the process carrying the run out stopped", NULL);
          healthy &= step->state == FERRY_STEP_STATE_HEALTHY;
        }

      if (ferry_store_set_plan_run_status (self, run->id, run->status,
                                           healthy ? FERRY_PLAN_RUN_STATUS_SUCCEEDED : FERRY_PLAN_RUN_STATUS_FAILED,
                                           NULL))
        settled++;
    }

  return settled;
}

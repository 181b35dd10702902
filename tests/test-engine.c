/* test-engine.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "ferry-core.h"
#include "ferry-demo.h"
#include "ferry-engine.h"
#include "ferry-local-backend.h"
#include "ferry-store.h"

#include "ferry-test-util.h"

/* The engine with real processes on loopback, the demo's real git
 * repositories and a real SQLite store, all in the test's isolated
 * folders. Every case stops what it started, failed or not. */

typedef struct
{
  gchar          *dir;
  FerryWorkspace *workspace;
  FerryStore     *store;
  FerryEngine    *engine;      /* as ana@demo.test, a developer */
  GMutex          lock;
  GPtrArray      *lines;       /* progress */
} Fixture;

static void
progress_cb (const gchar *message,
             gpointer     data)
{
  Fixture *fixture = data;

  g_mutex_lock (&fixture->lock);
  g_ptr_array_add (fixture->lines, g_strdup (message));
  g_mutex_unlock (&fixture->lock);
}

static gboolean
progress_contains (Fixture     *fixture,
                   const gchar *text)
{
  gboolean found = FALSE;

  g_mutex_lock (&fixture->lock);
  for (guint i = 0; i < fixture->lines->len && !found; i++)
    found = strstr (g_ptr_array_index (fixture->lines, i), text) != NULL;
  g_mutex_unlock (&fixture->lock);

  return found;
}

static FerryEngine *
engine_as (Fixture     *fixture,
           const gchar *user)
{
  FerryEngine *engine = ferry_engine_new_full (fixture->workspace, fixture->store, user);

  ferry_engine_set_progress (engine, progress_cb, fixture);

  return engine;
}

/* The demo, with @extra applied to its ferry.json (a freeze window). */
static void
fixture_load (Fixture     *fixture,
              const gchar *environment_extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *id = NULL;

  if (environment_extra != NULL)
    {
      g_autofree gchar *path = g_build_filename (fixture->dir, "ferry.json", NULL);
      g_autofree gchar *contents = NULL;
      g_autoptr(GString) text = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      text = g_string_new (contents);
      /* dev is the first environment: give it the extra members. */
      g_assert_cmpuint (g_string_replace (text, "\"target\": \"local\"", environment_extra, 1), ==, 1);
      g_assert_true (g_file_set_contents (path, text->str, -1, &error));
    }

  fixture->workspace = ferry_workspace_load (fixture->dir, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_workspace_is_valid (fixture->workspace));

  id = ferry_store_workspace_id (ferry_workspace_get_source (fixture->workspace)
                                 ? ferry_workspace_get_source (fixture->workspace)
                                 : ferry_workspace_get_directory (fixture->workspace));
  fixture->store = ferry_store_open (id, &error);
  g_assert_no_error (error);
  fixture->engine = engine_as (fixture, "ana@demo.test");
}

static void
fixture_set_up_with (Fixture     *fixture,
                     const gchar *environment_extra)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fixture->lock);
  fixture->lines = g_ptr_array_new_with_free_func (g_free);
  fixture->dir = g_build_filename (g_get_user_data_dir (), "demo", NULL);
  g_assert_true (ferry_demo_create (fixture->dir, g_getenv ("FERRY_DEMO_SERVICE"), &error));
  g_assert_no_error (error);
  test_demo_shift_ports (fixture->dir, 10000);
  fixture_load (fixture, environment_extra);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, NULL);
}

static void
fixture_set_up_trusted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up_with (fixture, data);
  g_assert_true (ferry_engine_trust (fixture->engine, &error));
  g_assert_no_error (error);
}

/* Stops every process the case started, whatever became of it. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (fixture->store != NULL && (rows = ferry_store_list_local_processes (fixture->store, NULL)))
    for (guint i = 0; i < rows->len; i++)
      {
        FerryLocalProcess *row = g_ptr_array_index (rows, i);

        if (ferry_store_pid_is_alive (row->pid, row->start_time))
          kill (-row->pid, SIGKILL);
      }
  if (fixture->engine != NULL)
    ferry_engine_down (fixture->engine, NULL);

  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->workspace);
  g_clear_pointer (&fixture->lines, g_ptr_array_unref);
  g_clear_pointer (&fixture->dir, g_free);
  g_mutex_clear (&fixture->lock);
}

/* Helpers */

static gchar *
resolve (Fixture     *fixture,
         const gchar *service,
         const gchar *rev)
{
  FerryService *s = ferry_workspace_get_service (fixture->workspace, service);
  g_autoptr(GError) error = NULL;
  gchar *commit = ferry_git_resolve (ferry_repo_get_path (ferry_service_get_repo (s)), rev, &error);

  g_assert_no_error (error);

  return commit;
}

/* What the service answers on /: its version, or NULL when it does not. */
static gchar *
answered_version (const gchar *url)
{
  g_autofree gchar *root = g_strconcat (url, "/", NULL);
  g_autofree gchar *body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = 0;

  if (!(body = demo_http_get (root, "GET", &status, NULL)) || status != 200)
    return NULL;

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));

  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "version"));
}

static FerryDeployment *
current (Fixture     *fixture,
         const gchar *service,
         const gchar *environment)
{
  g_autoptr(GError) error = NULL;
  FerryDeployment *deployment = ferry_store_get_current_deployment (fixture->store, service, environment, &error);

  g_assert_no_error (error);

  return deployment;
}

static FerryPlanStep *
only_step (FerryPlanRun *run)
{
  g_assert_nonnull (run);
  g_assert_cmpuint (run->steps->len, ==, 1);

  return g_ptr_array_index (run->steps, 0);
}

static guint
count_audit (Fixture          *fixture,
             const gchar      *action,
             const gchar      *user,
             FerryAuditResult  result,
             const gchar      *detail)
{
  FerryAuditFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  filter.action = action;
  filter.user = user;
  entries = ferry_store_query_audit (fixture->store, &filter, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < entries->len; i++)
    {
      FerryAuditEntry *entry = g_ptr_array_index (entries, i);

      if (entry->result == result && (detail == NULL || (entry->detail && strstr (entry->detail, detail))))
        n++;
    }

  return n;
}

static FerryPlanRun *
deploy (Fixture     *fixture,
        const gchar *service,
        const gchar *environment,
        const gchar *version)
{
  g_autoptr(GError) error = NULL;
  FerryPlanRun *run = ferry_engine_deploy (fixture->engine, service, environment, version, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);

  return run;
}

static void
assert_deployed (Fixture     *fixture,
                 const gchar *service,
                 const gchar *environment,
                 const gchar *rev)
{
  g_autoptr(FerryDeployment) d = current (fixture, service, environment);
  g_autofree gchar *commit = resolve (fixture, service, rev);
  g_autofree gchar *answered = NULL;

  g_assert_nonnull (d);
  g_assert_cmpstr (ferry_deployment_status_to_string (d->status), ==, "healthy");
  g_assert_cmpstr (d->version, ==, commit);
  g_assert_nonnull (d->url);
  answered = answered_version (d->url);
  g_assert_cmpstr (answered, ==, commit);
}

static FerryLocalProcess *
process_of (Fixture     *fixture,
            const gchar *service,
            const gchar *environment)
{
  return ferry_store_get_local_process (fixture->store, service, environment, NULL);
}

static void
wait_gone (GPid    pid,
           guint64 start_time)
{
  for (guint i = 0; i < 500 && ferry_store_pid_is_alive (pid, start_time); i++)
    g_usleep (10 * 1000);
  g_assert_false (ferry_store_pid_is_alive (pid, start_time));
}

/* Cases */

static void
test_untrusted (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GPtrArray) deployments = NULL;
  g_autofree gchar *commands = NULL;

  g_assert_false (ferry_engine_is_trusted (fixture->engine, &commands));
  g_assert_nonnull (strstr (commands, "build catalog/"));

  run = ferry_engine_deploy (fixture->engine, "price-feed", "dev", NULL, NULL, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "ferryctl trust"));
  g_assert_nonnull (strstr (error->message, "run price-feed:"));
  g_clear_error (&error);

  run = ferry_engine_promote (fixture->engine, NULL, NULL, "dev", NULL, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_UNTRUSTED);
  g_clear_error (&error);

  /* Nothing ran, nothing was recorded but the refusal. */
  processes = ferry_store_list_local_processes (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (processes->len, ==, 0);
  deployments = ferry_store_list_current_deployments (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deployments->len, ==, 0);
  g_assert_cmpuint (count_audit (fixture, NULL, "ana@demo.test", FERRY_AUDIT_RESULT_REFUSED, "not trusted"), ==, 2);

  /* Trusted, it runs; a changed command needs trusting again. */
  g_assert_true (ferry_engine_trust (fixture->engine, &error));
  g_assert_true (ferry_engine_is_trusted (fixture->engine, NULL));
  g_assert_cmpuint (count_audit (fixture, "trust", "ana@demo.test", FERRY_AUDIT_RESULT_OK, NULL), ==, 1);
}

static void
test_deploy_upgrade_fail_rollback (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(FerryPlanRun) run1 = NULL;
  g_autoptr(FerryPlanRun) run2 = NULL;
  g_autoptr(FerryPlanRun) run3 = NULL;
  g_autoptr(FerryPlanRun) run4 = NULL;
  g_autoptr(FerryPlanRun) run5 = NULL;
  g_autoptr(FerryLocalProcess) first = NULL;
  g_autoptr(FerryLocalProcess) second = NULL;
  g_autoptr(FerryLocalProcess) third = NULL;
  g_autoptr(FerryDeployment) failed = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *v110 = resolve (fixture, "price-feed", "v1.1.0");
  g_autofree gchar *v130 = resolve (fixture, "price-feed", "v1.3.0");
  FerryPlanStep *step;

  /* A first deploy: healthy, and it answers with its version. */
  run1 = deploy (fixture, "price-feed", "dev", "v1.0.0");
  step = only_step (run1);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "healthy");
  g_assert_cmpint (run1->status, ==, FERRY_PLAN_RUN_STATUS_SUCCEEDED);
  assert_deployed (fixture, "price-feed", "dev", "v1.0.0");
  first = process_of (fixture, "price-feed", "dev");
  g_assert_nonnull (first);
  g_assert_true (ferry_store_pid_is_alive (first->pid, first->start_time));
  g_assert_true (progress_contains (fixture, "price-feed → dev: v1.0.0 healthy at http://127.0.0.1:"));

  /* An upgrade keeps the port; the old process is gone. */
  run2 = deploy (fixture, "price-feed", "dev", "v1.1.0");
  g_assert_cmpstr (ferry_step_state_to_string (only_step (run2)->state), ==, "healthy");
  assert_deployed (fixture, "price-feed", "dev", "v1.1.0");
  second = process_of (fixture, "price-feed", "dev");
  g_assert_cmpuint (second->port, ==, first->port);
  g_assert_cmpint (second->pid, !=, first->pid);
  wait_gone (first->pid, first->start_time);

  /* v1.3.0 fails its health check: the step fails, v1.1.0 keeps serving
   * and is still the current, healthy version. */
  run3 = deploy (fixture, "price-feed", "dev", "v1.3.0");
  step = only_step (run3);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "failed");
  g_assert_nonnull (step->error);
  g_assert_nonnull (strstr (step->error, "not healthy"));
  g_assert_nonnull (strstr (step->error, "503"));
  g_assert_cmpint (run3->status, ==, FERRY_PLAN_RUN_STATUS_FAILED);
  assert_deployed (fixture, "price-feed", "dev", "v1.1.0");
  third = process_of (fixture, "price-feed", "dev");
  g_assert_cmpint (third->pid, ==, second->pid);
  g_assert_cmpstr (third->version, ==, v110);
  g_assert_cmpuint (count_audit (fixture, "deploy", "ana@demo.test", FERRY_AUDIT_RESULT_FAILED, "not healthy"), ==, 1);

  /* The failed attempt is in the history. */
  history = ferry_store_list_deployments (fixture->store, "price-feed", "dev", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      FerryDeployment *d = g_ptr_array_index (history, i);

      if (g_strcmp0 (d->version, v130) == 0)
        failed = ferry_deployment_ref (d);
    }
  g_assert_nonnull (failed);
  g_assert_cmpint (failed->status, ==, FERRY_DEPLOYMENT_STATUS_FAILED);

  /* Rollback: to the previous healthy version, as an audited step. */
  run4 = ferry_engine_rollback (fixture->engine, "price-feed", "dev", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_step_state_to_string (only_step (run4)->state), ==, "healthy");
  assert_deployed (fixture, "price-feed", "dev", "v1.0.0");
  g_assert_cmpuint (count_audit (fixture, "rollback", "ana@demo.test", FERRY_AUDIT_RESULT_OK, NULL), ==, 1);

  /* Or to a named one. */
  run5 = ferry_engine_rollback (fixture->engine, "price-feed", "dev", "v1.1.0", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_step_state_to_string (only_step (run5)->state), ==, "healthy");
  assert_deployed (fixture, "price-feed", "dev", "v1.1.0");

  /* Unknown things are refused, not guessed. */
  g_assert_null (ferry_engine_rollback (fixture->engine, "price-feed", "dev", "v9.9.9", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (ferry_engine_deploy (fixture->engine, "nope", "dev", NULL, NULL, NULL, &error));
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ferry_engine_deploy (fixture->engine, "price-feed", "staging", NULL, NULL, NULL, &error));
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_NOT_FOUND);
}

static FerryApprovalRequest *
pending_request_for (Fixture     *fixture,
                     const gchar *service,
                     const gchar *environment)
{
  g_autoptr(GPtrArray) requests = ferry_store_list_approval_requests (fixture->store, TRUE, NULL);

  g_assert_nonnull (requests);
  for (guint i = 0; i < requests->len; i++)
    {
      FerryApprovalRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->service, service) && g_str_equal (r->environment, environment))
        return ferry_approval_request_ref (r);
    }

  return NULL;
}

static void
test_approvals (Fixture       *fixture,
                gconstpointer  data)
{
  const gchar * const services[] = { "price-feed", NULL };
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryPlanRun) uat = NULL;
  g_autoptr(FerryPlanRun) prod = NULL;
  g_autoptr(FerryPlanRun) after = NULL;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(FerryEngine) ravi = NULL;
  g_autoptr(FerryEngine) bo = NULL;
  g_autoptr(FerryEngine) rita = NULL;
  g_autoptr(FerryDeployment) waiting = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlanStep *step;

  run = deploy (fixture, "price-feed", "dev", "v1.1.0");
  g_assert_cmpint (run->status, ==, FERRY_PLAN_RUN_STATUS_SUCCEEDED);

  /* uat: one approval, the requester may give it. */
  uat = ferry_engine_promote (fixture->engine, services, "dev", "uat", NULL, NULL, &error);
  g_assert_no_error (error);
  step = only_step (uat);
  g_assert_cmpint (step->state, ==, FERRY_STEP_STATE_WAITING_FOR_APPROVAL);
  g_assert_nonnull (strstr (step->waiting_reason, "needs 1 approval"));
  request = pending_request_for (fixture, "price-feed", "uat");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->requested_by, ==, "ana@demo.test");
  waiting = current (fixture, "price-feed", "uat");
  g_assert_cmpint (waiting->status, ==, FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL);
  g_assert_null (process_of (fixture, "price-feed", "uat"));

  decided = ferry_engine_decide (fixture->engine, request->id, FERRY_VERDICT_APPROVE, "fine", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decided->status, ==, FERRY_APPROVAL_STATUS_APPROVED);
  /* ... and the gated step went ahead at once. */
  assert_deployed (fixture, "price-feed", "uat", "v1.1.0");
  after = ferry_store_get_plan_run (fixture->store, uat->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, FERRY_PLAN_RUN_STATUS_SUCCEEDED);
  g_clear_pointer (&request, ferry_approval_request_unref);
  g_clear_pointer (&decided, ferry_approval_request_unref);
  g_clear_pointer (&after, ferry_plan_run_unref);

  /* prod: four-eyes, release team only. ravi asks. */
  ravi = engine_as (fixture, "ravi@demo.test");
  bo = engine_as (fixture, "bo@demo.test");
  rita = engine_as (fixture, "rita@demo.test");
  prod = ferry_engine_promote (ravi, services, "uat", "prod", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_step (prod)->state, ==, FERRY_STEP_STATE_WAITING_FOR_APPROVAL);
  g_assert_nonnull (strstr (only_step (prod)->waiting_reason, "not the requester"));
  request = pending_request_for (fixture, "price-feed", "prod");
  g_assert_nonnull (request);

  /* The requester may not approve their own request. */
  g_assert_null (ferry_engine_decide (ravi, request->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error));
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED);
  g_clear_error (&error);
  /* Nor may someone outside the release team. */
  g_assert_null (ferry_engine_decide (bo, request->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error));
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_null (process_of (fixture, "price-feed", "prod"));
  g_assert_cmpuint (count_audit (fixture, "approve", "ravi@demo.test", FERRY_AUDIT_RESULT_REFUSED, NULL), ==, 1);
  g_assert_cmpuint (count_audit (fixture, "approve", "bo@demo.test", FERRY_AUDIT_RESULT_REFUSED, NULL), ==, 1);

  /* A member approves: the step runs on its own. */
  decided = ferry_engine_decide (rita, request->id, FERRY_VERDICT_APPROVE, "ship it", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decided->status, ==, FERRY_APPROVAL_STATUS_APPROVED);
  assert_deployed (fixture, "price-feed", "prod", "v1.1.0");
  g_assert_cmpuint (count_audit (fixture, "approve", "rita@demo.test", FERRY_AUDIT_RESULT_OK, "ship it"), ==, 1);
  {
    g_autoptr(FerryDeployment) d = current (fixture, "price-feed", "prod");

    /* Deployed on behalf of who asked. */
    g_assert_cmpstr (d->by, ==, "ravi@demo.test");
  }

  /* Deciding again is refused. */
  g_assert_null (ferry_engine_decide (rita, request->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  Fixture     *fixture;
  FerryEngine *engine;
  gint64       request;
  GThread     *thread;
} Decision;

static gpointer
decide_thread (gpointer data)
{
  Decision *decision = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;

  decided = ferry_engine_decide (decision->engine, decision->request, FERRY_VERDICT_APPROVE, NULL, NULL, &error);
  g_assert_no_error (error);

  return NULL;
}

/* While the first approver's process builds price-feed, the second
 * approves session-store, of the same phase. */
static void
second_approver_progress (const gchar *message,
                          gpointer     data)
{
  Decision *decision = data;

  progress_cb (message, decision->fixture);
  if (decision->thread == NULL && strstr (message, "price-feed → uat: starting"))
    decision->thread = g_thread_new ("approver-2", decide_thread, decision);
}

/* Two approvers, each letting a step of the same phase go ahead while
 * the other carries its own out: between them every phase is carried
 * out, the later one too, and none twice. */
static void
test_two_approvers (Fixture       *fixture,
                    gconstpointer  data)
{
  const gchar * const services[] = { "price-feed", "session-store", "catalog-api", NULL };
  g_autoptr(FerryPlanRun) dev1 = deploy (fixture, "price-feed", "dev", NULL);
  g_autoptr(FerryPlanRun) dev2 = deploy (fixture, "session-store", "dev", NULL);
  g_autoptr(FerryPlanRun) dev3 = deploy (fixture, "catalog-api", "dev", NULL);
  g_autoptr(FerryPlanRun) uat = NULL;
  g_autoptr(FerryPlanRun) after = NULL;
  g_autoptr(FerryApprovalRequest) feed = NULL;
  g_autoptr(FerryApprovalRequest) sessions = NULL;
  g_autoptr(FerryApprovalRequest) catalog = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(FerryEngine) bo = engine_as (fixture, "bo@demo.test");
  g_autoptr(GError) error = NULL;
  Decision second = { fixture, bo, 0, NULL };

  uat = ferry_engine_promote (fixture->engine, services, "dev", "uat", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uat->steps->len, ==, 3);
  feed = pending_request_for (fixture, "price-feed", "uat");
  sessions = pending_request_for (fixture, "session-store", "uat");
  catalog = pending_request_for (fixture, "catalog-api", "uat");

  /* The later phase is approved first: it waits for the earlier one. */
  decided = ferry_engine_decide (bo, catalog->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (process_of (fixture, "catalog-api", "uat"));
  g_clear_pointer (&decided, ferry_approval_request_unref);

  second.request = sessions->id;
  ferry_engine_set_progress (fixture->engine, second_approver_progress, &second);
  decided = ferry_engine_decide (fixture->engine, feed->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second.thread);
  g_thread_join (second.thread);

  assert_deployed (fixture, "price-feed", "uat", "HEAD");
  assert_deployed (fixture, "session-store", "uat", "HEAD");
  assert_deployed (fixture, "catalog-api", "uat", "HEAD");
  after = ferry_store_get_plan_run (fixture->store, uat->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, FERRY_PLAN_RUN_STATUS_SUCCEEDED);
  /* Three in dev, three in uat, each once. */
  g_assert_cmpuint (count_audit (fixture, "deploy", NULL, FERRY_AUDIT_RESULT_OK, "healthy at"), ==, 6);
}

static void
test_reject (Fixture       *fixture,
             gconstpointer  data)
{
  const gchar * const services[] = { "price-feed", NULL };
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryPlanRun) prod = NULL;
  g_autoptr(FerryPlanRun) after = NULL;
  g_autoptr(FerryPlanRun) again = NULL;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(FerryEngine) rita = engine_as (fixture, "rita@demo.test");
  g_autoptr(FerryDeployment) d = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlanStep *step;

  run = deploy (fixture, "price-feed", "uat", "v1.1.0");
  /* uat needs an approval; ana may give her own. */
  request = pending_request_for (fixture, "price-feed", "uat");
  decided = ferry_engine_decide (fixture->engine, request->id, FERRY_VERDICT_APPROVE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_deployed (fixture, "price-feed", "uat", "v1.1.0");
  g_clear_pointer (&request, ferry_approval_request_unref);
  g_clear_pointer (&decided, ferry_approval_request_unref);

  prod = ferry_engine_promote (fixture->engine, services, "uat", "prod", NULL, NULL, &error);
  g_assert_no_error (error);
  request = pending_request_for (fixture, "price-feed", "prod");
  g_assert_nonnull (request);

  decided = ferry_engine_decide (rita, request->id, FERRY_VERDICT_REJECT, "not during the sale", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decided->status, ==, FERRY_APPROVAL_STATUS_REJECTED);

  after = ferry_store_get_plan_run (fixture->store, prod->id, &error);
  g_assert_no_error (error);
  step = only_step (after);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "refused");
  g_assert_cmpint (after->status, ==, FERRY_PLAN_RUN_STATUS_FAILED);
  g_assert_cmpuint (count_audit (fixture, "reject", "rita@demo.test", FERRY_AUDIT_RESULT_OK, "not during the sale"), ==, 1);

  /* Nothing changed in prod: nothing runs, nothing is shown as failed. */
  g_assert_null (process_of (fixture, "price-feed", "prod"));
  d = current (fixture, "price-feed", "prod");
  g_assert_true (d == NULL || d->status != FERRY_DEPLOYMENT_STATUS_HEALTHY);
  {
    g_autoptr(FerryStateSnapshot) state = ferry_engine_get_state (fixture->engine, &error);

    g_assert_no_error (error);
    g_assert_nonnull (state);
  }

  /* The lock was released: a new request can be made. */
  again = ferry_engine_promote (fixture->engine, services, "uat", "prod", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_step (again)->state, ==, FERRY_STEP_STATE_WAITING_FOR_APPROVAL);
}

static void
test_upstream (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryPlanRun) producer = NULL;
  g_autoptr(FerryPlanRun) retry = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlanStep *step;

  /* catalog-api consumes price-feed's topic: not deployed in dev yet. */
  run = deploy (fixture, "catalog-api", "dev", NULL);
  step = only_step (run);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "refused");
  g_assert_nonnull (step->error ? step->error : step->waiting_reason);
  g_assert_nonnull (strstr (step->error ? step->error : step->waiting_reason, "waiting for price-feed in dev"));
  g_assert_true (progress_contains (fixture, "catalog-api → dev: refused: waiting for price-feed in dev"));
  g_assert_null (process_of (fixture, "catalog-api", "dev"));

  /* Once it is healthy there, the consumer goes ahead. */
  producer = deploy (fixture, "price-feed", "dev", NULL);
  retry = deploy (fixture, "catalog-api", "dev", NULL);
  g_assert_cmpstr (ferry_step_state_to_string (only_step (retry)->state), ==, "healthy");
}

static void
test_freeze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryPlanRun) empty = NULL;
  g_autoptr(FerryPlanRun) forced = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlanStep *step;

  run = deploy (fixture, "price-feed", "dev", NULL);
  step = only_step (run);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "refused");
  g_assert_nonnull (strstr (step->error ? step->error : step->waiting_reason, "dev is frozen until"));
  g_assert_nonnull (strstr (step->error ? step->error : step->waiting_reason, "Quarter close"));
  g_assert_null (process_of (fixture, "price-feed", "dev"));
  g_assert_cmpuint (count_audit (fixture, "deploy", "ana@demo.test", FERRY_AUDIT_RESULT_REFUSED, "Quarter close"), ==, 1);

  /* An override needs a reason. */
  empty = ferry_engine_deploy (fixture->engine, "price-feed", "dev", NULL, "  ", NULL, &error);
  g_assert_null (empty);
  g_assert_error (error, FERRY_ENGINE_ERROR, FERRY_ENGINE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_null (process_of (fixture, "price-feed", "dev"));

  forced = ferry_engine_deploy (fixture->engine, "price-feed", "dev", NULL, "hotfix for INC-42", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_step_state_to_string (only_step (forced)->state), ==, "healthy");
  g_assert_cmpuint (count_audit (fixture, "freeze-override", "ana@demo.test", FERRY_AUDIT_RESULT_OK, "hotfix for INC-42"), ==, 1);
}

typedef struct
{
  Fixture     *fixture;
  FerryEngine *second;
  FerryPlanRun *run;
  GError      *error;
  gboolean     tried;
} Concurrent;

static void
concurrent_progress (const gchar *message,
                     gpointer     data)
{
  Concurrent *c = data;

  progress_cb (message, c->fixture);

  /* While the first deploy verifies its new version, a second one starts. */
  if (!c->tried && strstr (message, "on a spare port"))
    {
      c->tried = TRUE;
      c->run = ferry_engine_deploy (c->second, "price-feed", "dev", "v1.0.0", NULL, NULL, &c->error);
    }
}

static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FerryEngine) second = engine_as (fixture, "bo@demo.test");
  g_autoptr(FerryPlanRun) first = NULL;
  g_autoptr(GError) error = NULL;
  Concurrent c = { fixture, second, NULL, NULL, FALSE };
  FerryPlanStep *step;
  const gchar *why;

  ferry_engine_set_progress (fixture->engine, concurrent_progress, &c);
  first = ferry_engine_deploy (fixture->engine, "price-feed", "dev", "v1.1.0", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (c.tried);

  /* The first went through, the second was refused naming the first. */
  g_assert_cmpstr (ferry_step_state_to_string (only_step (first)->state), ==, "healthy");
  g_assert_no_error (c.error);
  step = only_step (c.run);
  g_assert_cmpstr (ferry_step_state_to_string (step->state), ==, "refused");
  why = step->error ? step->error : step->waiting_reason;
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "already being deployed to dev by ana@demo.test"));
  g_assert_nonnull (strstr (why, "run"));
  g_assert_cmpuint (count_audit (fixture, "deploy", "bo@demo.test", FERRY_AUDIT_RESULT_REFUSED, "ana@demo.test"), ==, 1);
  assert_deployed (fixture, "price-feed", "dev", "v1.1.0");
  g_clear_pointer (&c.run, ferry_plan_run_unref);
}

static void
test_supervise (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryLocalProcess) before = NULL;
  g_autoptr(FerryLocalProcess) after = NULL;
  g_autoptr(FerryLocalProcess) again = NULL;
  g_autoptr(FerryLocalBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *detail = NULL;
  guint restarted;

  run = deploy (fixture, "price-feed", "dev", "v1.0.0");
  before = process_of (fixture, "price-feed", "dev");
  g_assert_nonnull (before);

  id = ferry_store_workspace_id (ferry_workspace_get_directory (fixture->workspace));
  backend = ferry_local_backend_new (fixture->store, id);

  /* Nothing to do while it runs. */
  g_assert_cmpuint (ferry_local_backend_supervise (backend, fixture->workspace, &error), ==, 0);
  g_assert_no_error (error);

  /* It crashes: the supervisor starts it again on its port. */
  kill (before->pid, SIGKILL);
  wait_gone (before->pid, before->start_time);
  g_assert_cmpint (ferry_backend_observe (FERRY_BACKEND (backend), "price-feed", "dev", &detail), ==,
                   FERRY_DEPLOYMENT_STATUS_FAILED);
  g_assert_nonnull (strstr (detail, "is gone"));
  restarted = ferry_local_backend_supervise (backend, fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restarted, ==, 1);
  after = process_of (fixture, "price-feed", "dev");
  g_assert_cmpint (after->pid, !=, before->pid);
  g_assert_cmpuint (after->port, ==, before->port);
  g_assert_cmpuint (after->restarts, ==, 1);
  g_assert_cmpint (ferry_backend_observe (FERRY_BACKEND (backend), "price-feed", "dev", NULL), ==,
                   FERRY_DEPLOYMENT_STATUS_HEALTHY);
  assert_deployed (fixture, "price-feed", "dev", "v1.0.0");

  /* It crashes again at once: backoff holds the next restart back, for
   * this process and for any other Ferry process looking. */
  kill (after->pid, SIGKILL);
  wait_gone (after->pid, after->start_time);
  g_assert_cmpuint (ferry_local_backend_supervise (backend, fixture->workspace, NULL), ==, 0);
  {
    g_autoptr(FerryLocalBackend) other = ferry_local_backend_new (fixture->store, id);

    g_assert_cmpuint (ferry_local_backend_supervise (other, fixture->workspace, NULL), ==, 0);
  }

  /* After the backoff it comes back, with the count of restarts. */
  for (guint i = 0; i < 100 && ferry_local_backend_supervise (backend, fixture->workspace, NULL) == 0; i++)
    g_usleep (100 * 1000);
  again = process_of (fixture, "price-feed", "dev");
  g_assert_true (ferry_store_pid_is_alive (again->pid, again->start_time));
  g_assert_cmpuint (again->restarts, ==, 2);
  g_assert_nonnull (again->last_exit);
  g_assert_cmpint (ferry_backend_observe (FERRY_BACKEND (backend), "price-feed", "dev", NULL), ==,
                   FERRY_DEPLOYMENT_STATUS_HEALTHY);
}

/* A child of this test that dies mid-deploy: see main(). */
static void
run_dying_child (const gchar *mode,
                 const gchar *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *self_path = g_file_read_link ("/proc/self/exe", NULL);

  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--die-while-deploying", mode, dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

/* Processes of this workspace that are not recorded: left behind. */
static guint
count_strays (Fixture *fixture)
{
  g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_directory (fixture->workspace));
  g_autofree gchar *marker = g_strdup_printf ("FERRY_WORKSPACE_ID=%s", id);
  g_autoptr(GPtrArray) rows = ferry_store_list_local_processes (fixture->store, NULL);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const gchar *name;
  guint n = 0;

  while ((name = g_dir_read_name (proc)))
    {
      g_autofree gchar *path = g_strdup_printf ("/proc/%s/environ", name);
      g_autofree gchar *contents = NULL;
      gboolean found = FALSE;
      gsize length;
      GPid pid = (GPid)g_ascii_strtoll (name, NULL, 10);

      if (pid <= 0 || !g_file_get_contents (path, &contents, &length, NULL) ||
          !ferry_store_pid_is_alive (pid, ferry_store_pid_start_time (pid)))
        continue;
      for (const gchar *p = contents; p < contents + length && !found; p += strlen (p) + 1)
        found = g_str_equal (p, marker);
      for (guint i = 0; found && i < rows->len; i++)
        found = ((FerryLocalProcess *)g_ptr_array_index (rows, i))->pid != pid;
      n += found;
    }

  return n;
}

static void
assert_nothing_in_flight (Fixture *fixture)
{
  g_autoptr(GPtrArray) deployments = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;

  deployments = ferry_store_list_orphaned_deployments (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deployments->len, ==, 0);
  steps = ferry_store_list_orphaned_steps (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 0);
  g_assert_true (ferry_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_reconcile (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryPlanRun) retry = NULL;
  g_autoptr(FerryDeployment) d = NULL;
  g_autoptr(FerryLocalProcess) row = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  guint settled;

  run = deploy (fixture, "price-feed", "dev", "v1.0.0");

  /* 1. Killed while it verified the new version on a spare port: the
   * deploy failed, v1.0.0 still runs and is current, and the trial
   * process left behind is stopped. */
  run_dying_child ("spare-port", fixture->dir);
  d = current (fixture, "price-feed", "dev");
  g_assert_cmpint (d->status, ==, FERRY_DEPLOYMENT_STATUS_DEPLOYING);
  g_assert_cmpuint (count_strays (fixture), ==, 1);
  settled = ferry_engine_reconcile (fixture->engine);
  g_assert_cmpuint (settled, ==, 1);
  assert_nothing_in_flight (fixture);
  g_assert_cmpuint (count_strays (fixture), ==, 0);
  assert_deployed (fixture, "price-feed", "dev", "v1.0.0");
  g_assert_cmpuint (count_audit (fixture, "reconcile", NULL, FERRY_AUDIT_RESULT_FAILED, "interrupted"), ==, 1);
  g_clear_pointer (&d, ferry_deployment_unref);

  /* 2. Killed after the new version came up on its port and was
   * recorded: it runs and answers, so it is healthy. */
  run_dying_child ("recorded", fixture->dir);
  g_assert_cmpuint (ferry_engine_reconcile (fixture->engine), ==, 1);
  assert_nothing_in_flight (fixture);
  assert_deployed (fixture, "price-feed", "dev", "v1.1.0");
  row = process_of (fixture, "price-feed", "dev");
  g_assert_true (ferry_store_pid_is_alive (row->pid, row->start_time));

  /* The runs of the dead processes are settled too. */
  runs = ferry_store_list_plan_runs (fixture->store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < runs->len; i++)
    {
      FerryPlanRun *r = g_ptr_array_index (runs, i);

      g_assert_cmpint (r->status, !=, FERRY_PLAN_RUN_STATUS_RUNNING);
      g_assert_cmpint (r->status, !=, FERRY_PLAN_RUN_STATUS_PENDING);
    }

  /* And a new deploy works. */
  retry = deploy (fixture, "price-feed", "dev", "v1.2.0");
  g_assert_cmpstr (ferry_step_state_to_string (only_step (retry)->state), ==, "healthy");
  assert_deployed (fixture, "price-feed", "dev", "v1.2.0");
}

/* The dying child: deploys price-feed to dev and SIGKILLs itself at the
 * point @mode names. */
static gboolean
has_children (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)))
    {
      g_autofree gchar *path = g_strdup_printf ("/proc/self/task/%s/children", tid);
      g_autofree gchar *children = NULL;

      if (g_file_get_contents (path, &children, NULL, NULL) && g_strstrip (children)[0] != '\0')
        return TRUE;
    }

  return FALSE;
}

static gpointer
die_when_started (gpointer data)
{
  /* The trial process is this process's only child. */
  for (guint i = 0; i < 2000 && !has_children (); i++)
    g_usleep (2 * 1000);
  g_usleep (50 * 1000);
  kill (getpid (), SIGKILL);

  return NULL;
}

static void
die_progress (const gchar *message,
              gpointer     data)
{
  const gchar *mode = data;

  if (g_str_equal (mode, "spare-port") && strstr (message, "on a spare port"))
    g_thread_unref (g_thread_new ("die", die_when_started, NULL));
}

static int
die_while_deploying (const gchar *mode,
                     const gchar *dir)
{
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *id = NULL;

  workspace = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  id = ferry_store_workspace_id (ferry_workspace_get_directory (workspace));
  store = ferry_store_open (id, &error);
  g_assert_no_error (error);
  engine = ferry_engine_new_full (workspace, store, "ana@demo.test");

  if (g_str_equal (mode, "recorded"))
    {
      /* The new version came up and was recorded, then the process died
       * before it said so: its deployment is left deploying. */
      g_autoptr(FerryPlanRun) run = ferry_engine_deploy (engine, "price-feed", "dev", "v1.1.0", NULL, NULL, &error);
      g_autoptr(FerryDeployment) d = NULL;
      g_autoptr(FerryDeployment) template = ferry_deployment_new ();

      g_assert_no_error (error);
      d = ferry_store_get_current_deployment (store, "price-feed", "dev", &error);
      g_assert_no_error (error);
      g_assert_cmpint (d->status, ==, FERRY_DEPLOYMENT_STATUS_HEALTHY);
      template->service = g_strdup ("price-feed");
      template->environment = g_strdup ("dev");
      template->version = g_strdup (d->version);
      template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
      template->by = g_strdup ("ana@demo.test");
      g_clear_pointer (&d, ferry_deployment_unref);
      d = ferry_store_begin_deployment (store, template, &error);
      g_assert_no_error (error);
      kill (getpid (), SIGKILL);
    }

  ferry_engine_set_progress (engine, die_progress, (gpointer)mode);
  {
    g_autoptr(FerryPlanRun) run = ferry_engine_deploy (engine, "price-feed", "dev", "v1.1.0", NULL, NULL, &error);
  }

  /* Not reached. */
  return 3;
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only: no desktop proxy settings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Failing versions fail fast here. */
  g_setenv ("FERRY_LOCAL_HEALTH_TIMEOUT_MS", "2500", TRUE);

  if (argc == 4 && g_str_equal (argv[1], "--die-while-deploying"))
    return die_while_deploying (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/ferry/engine/untrusted", Fixture, NULL, fixture_set_up, test_untrusted, fixture_tear_down);
  g_test_add ("/ferry/engine/deploy-upgrade-fail-rollback", Fixture, NULL,
              fixture_set_up_trusted, test_deploy_upgrade_fail_rollback, fixture_tear_down);
  g_test_add ("/ferry/engine/approvals", Fixture, NULL, fixture_set_up_trusted, test_approvals, fixture_tear_down);
  g_test_add ("/ferry/engine/two-approvers", Fixture, NULL, fixture_set_up_trusted, test_two_approvers, fixture_tear_down);
  g_test_add ("/ferry/engine/reject", Fixture, NULL, fixture_set_up_trusted, test_reject, fixture_tear_down);
  g_test_add ("/ferry/engine/upstream", Fixture, NULL, fixture_set_up_trusted, test_upstream, fixture_tear_down);
  g_test_add ("/ferry/engine/freeze", Fixture,
              "\"target\": \"local\", \"freeze\": [{\"from\": \"2020-01-01T00:00:00Z\", "
              "\"until\": \"2099-01-01T00:00:00Z\", \"reason\": \"Quarter close\"}]",
              fixture_set_up_trusted, test_freeze, fixture_tear_down);
  g_test_add ("/ferry/engine/concurrent", Fixture, NULL, fixture_set_up_trusted, test_concurrent, fixture_tear_down);
  g_test_add ("/ferry/engine/supervise", Fixture, NULL, fixture_set_up_trusted, test_supervise, fixture_tear_down);
  g_test_add ("/ferry/engine/reconcile", Fixture, NULL, fixture_set_up_trusted, test_reconcile, fixture_tear_down);

  return g_test_run ();
}

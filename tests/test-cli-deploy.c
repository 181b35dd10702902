/* test-cli-deploy.c
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
#include "ferry-store.h"

#include "ferry-test-util.h"

/* ferryctl's deploy commands against their contract, with real
 * processes: exit codes, JSON shapes, --wait, approvals, down; and its
 * reliability: SIGKILLed at random points of deploys, and writing the
 * store while another process does. */

typedef struct
{
  gint   status;
  gchar *out;
  gchar *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static gchar *workspace_dir;

static GSubprocess *
spawn_ferryctl (const gchar         *user,
                const gchar * const *args,
                GSubprocessFlags     flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer)g_getenv ("FERRYCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, workspace_dir);
  /* The test's isolated folders, handed down. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "FERRY_USER", user, TRUE);

  proc = g_subprocess_launcher_spawnv (launcher, (const gchar * const *)argv->pdata, &error);
  g_assert_no_error (error);

  return proc;
}

/* Runs ferryctl in the workspace as @user. */
static void
run_as (Run         *run,
        const gchar *user,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *arg;
  va_list ap;

  va_start (ap, user);
  while ((arg = va_arg (ap, const gchar *)))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_clear (run);
  proc = spawn_ferryctl (user, (const gchar * const *)args->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  /* Nothing the user sees may say the database was locked. */
  g_assert_null (strstr (run->err, "locked"));
  g_assert_null (strstr (run->err, "busy"));
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_printerr ("stdout:\n%s\nstderr:\n%s\n", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static JsonNode *
parse_json (const gchar *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* @object has exactly the members @keys, no others. */
static void
assert_keys (JsonObject          *object,
             const gchar * const *keys)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((gchar **)keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, keys[i]));
}

static const gchar * const statuses[] = {
  "not-deployed", "pending-approval", "building", "deploying", "healthy", "degraded", "failed", "stopped", NULL
};

/* The status JSON, checked against the contract; returns the cell of
 * @service in @environment. */
static JsonObject *
status_cell (JsonNode    *root,
             const gchar *service,
             const gchar *environment)
{
  static const gchar * const top[] = { "services", NULL };
  static const gchar * const entry[] = { "name", "environments", NULL };
  static const gchar * const cell_keys[] = { "version", "tag", "status", "url", "since", "by", NULL };
  JsonArray *services;
  JsonObject *found = NULL;

  assert_keys (json_node_get_object (root), top);
  services = json_object_get_array_member (json_node_get_object (root), "services");
  g_assert_cmpuint (json_array_get_length (services), ==, 9);

  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *s = json_array_get_object_element (services, i);
      JsonObject *envs = json_object_get_object_member (s, "environments");
      g_autoptr(GList) names = json_object_get_members (envs);

      assert_keys (s, entry);
      g_assert_cmpuint (g_list_length (names), ==, 3);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *cell = json_object_get_object_member (envs, l->data);

          assert_keys (cell, cell_keys);
          g_assert_true (g_strv_contains (statuses, json_object_get_string_member (cell, "status")));
          if (g_str_equal (json_object_get_string_member (s, "name"), service) && g_str_equal (l->data, environment))
            found = cell;
        }
    }

  g_assert_nonnull (found);

  return found;
}

static JsonNode *
status_json (void)
{
  g_auto(Run) run = { 0 };

  run_as (&run, "ana@demo.test", "status", "--format", "json", NULL);
  assert_ok (&run);

  return parse_json (run.out);
}

static const gchar *
cell_status (JsonNode    *root,
             const gchar *service,
             const gchar *environment)
{
  return json_object_get_string_member (status_cell (root, service, environment), "status");
}

static gchar *
resolve (const gchar *repo,
         const gchar *rev)
{
  g_autofree gchar *path = g_build_filename (workspace_dir, "repos", repo, NULL);
  g_autoptr(GError) error = NULL;
  gchar *commit = ferry_git_resolve (path, rev, &error);

  g_assert_no_error (error);

  return commit;
}

static FerryStore *
open_store (void)
{
  g_autofree gchar *id = ferry_store_workspace_id (workspace_dir);
  g_autoptr(GError) error = NULL;
  FerryStore *store = ferry_store_open (id, &error);

  g_assert_no_error (error);

  return store;
}

/* The pending requests, checked against the contract. */
static JsonArray *
approvals_json (JsonNode **root)
{
  static const gchar * const keys[] = {
    "id", "service", "environment", "version", "requested_by", "required", "approvals", "status", NULL
  };
  g_auto(Run) run = { 0 };
  JsonArray *array;

  run_as (&run, "ana@demo.test", "approvals", "--format", "json", NULL);
  assert_ok (&run);
  *root = parse_json (run.out);
  array = json_node_get_array (*root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *r = json_array_get_object_element (array, i);

      assert_keys (r, keys);
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "pending");
      g_assert_cmpint (json_object_get_int_member (r, "id"), >, 0);
    }

  return array;
}

static gchar *
only_request_id (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = approvals_json (&root);

  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_array_get_object_element (array, 0), "id"));
}

static void
set_up_workspace (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&workspace_dir, g_free);
  workspace_dir = g_build_filename (g_get_user_data_dir (), "demo", NULL);
  g_assert_true (ferry_demo_create (workspace_dir, g_getenv ("FERRY_DEMO_SERVICE"), &error));
  g_assert_no_error (error);
  test_demo_shift_ports (workspace_dir, 20000);
}

/* Stops what the case started, whatever became of it. */
static void
tear_down_workspace (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FerryStore) store = open_store ();
  g_autoptr(GPtrArray) rows = ferry_store_list_local_processes (store, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      FerryLocalProcess *row = g_ptr_array_index (rows, i);

      if (ferry_store_pid_is_alive (row->pid, row->start_time))
        kill (-row->pid, SIGKILL);
    }
  run_as (&run, "ana@demo.test", "down", NULL);
}

static void
test_contract (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree gchar *v100 = NULL;
  g_autofree gchar *id = NULL;
  JsonObject *cell;
  JsonArray *entries;
  gboolean seen_reject = FALSE, seen_refused = FALSE;

  set_up_workspace ();
  v100 = resolve ("catalog", "v1.0.0");

  /* Usage errors: 2. */
  run_as (&run, "ana@demo.test", "deploy", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, "ana@demo.test", "deploy", "price-feed", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--env ENV is required"));
  run_as (&run, "ana@demo.test", "status", "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, "ana@demo.test", "reject", "1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--comment"));
  run_as (&run, "ana@demo.test", "promote", "--to", "uat", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Untrusted: refused, 1, the reason on stderr, nothing run. */
  run_as (&run, "ana@demo.test", "deploy", "price-feed", "--env", "dev", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not been trusted"));
  g_assert_nonnull (strstr (run.err, "ferryctl trust"));
  root = status_json ();
  g_assert_cmpstr (cell_status (root, "price-feed", "dev"), ==, "not-deployed");
  g_clear_pointer (&root, json_node_unref);

  run_as (&run, "ana@demo.test", "trust", NULL);
  assert_ok (&run);

  /* deploy --wait: progress, then healthy. */
  run_as (&run, "ana@demo.test", "deploy", "price-feed", "--env", "dev", "--version", "v1.0.0", "--wait", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "price-feed → dev: starting"));
  g_assert_nonnull (strstr (run.out, "healthy"));

  root = status_json ();
  cell = status_cell (root, "price-feed", "dev");
  g_assert_cmpstr (json_object_get_string_member (cell, "status"), ==, "healthy");
  g_assert_cmpstr (json_object_get_string_member (cell, "version"), ==, v100);
  g_assert_cmpstr (json_object_get_string_member (cell, "tag"), ==, "v1.0.0");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cell, "url"), "http://127.0.0.1:"));
  g_assert_nonnull (json_object_get_string_member (cell, "since"));
  g_assert_cmpstr (json_object_get_string_member (cell, "by"), ==, "ana@demo.test");
  cell = status_cell (root, "web-ui", "prod");
  g_assert_cmpstr (json_object_get_string_member (cell, "status"), ==, "not-deployed");
  g_assert_true (json_object_get_null_member (cell, "version"));
  g_clear_pointer (&root, json_node_unref);

  /* A failing version: 1, the reason on stderr; the old one serves on. */
  run_as (&run, "ana@demo.test", "deploy", "price-feed", "--env", "dev", "--version", "v1.3.0", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not healthy"));
  root = status_json ();
  cell = status_cell (root, "price-feed", "dev");
  g_assert_cmpstr (json_object_get_string_member (cell, "status"), ==, "healthy");
  g_assert_cmpstr (json_object_get_string_member (cell, "version"), ==, v100);
  g_clear_pointer (&root, json_node_unref);

  /* uat: --wait stops at the approval, exit 0, naming the request and
   * who may give it. */
  run_as (&run, "ana@demo.test", "promote", "price-feed", "--from", "dev", "--to", "uat", "--wait", NULL);
  assert_ok (&run);
  id = only_request_id ();
  {
    g_autofree gchar *request = g_strdup_printf ("(request %s)", id);

    g_assert_nonnull (strstr (run.out, request));
    g_assert_nonnull (strstr (run.out, "from anyone"));
  }
  root = status_json ();
  g_assert_cmpstr (cell_status (root, "price-feed", "uat"), ==, "pending-approval");
  g_clear_pointer (&root, json_node_unref);

  /* approve --wait carries the gated step out. */
  run_as (&run, "ana@demo.test", "approve", id, "--wait", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "price-feed → uat: starting"));
  g_assert_nonnull (strstr (run.out, "approved"));
  root = status_json ();
  g_assert_cmpstr (cell_status (root, "price-feed", "uat"), ==, "healthy");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&id, g_free);

  /* prod: four-eyes, the release team. */
  run_as (&run, "ravi@demo.test", "promote", "price-feed", "--from", "uat", "--to", "prod", "--wait", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "rita@demo.test"));
  g_assert_nonnull (strstr (run.out, "not the requester"));
  id = only_request_id ();
  run_as (&run, "ravi@demo.test", "approve", id, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, !=, "");
  run_as (&run, "ana@demo.test", "approve", id, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "may not approve"));
  run_as (&run, "rita@demo.test", "reject", id, "--comment", "after the sale", NULL);
  assert_ok (&run);
  root = status_json ();
  g_assert_cmpstr (cell_status (root, "price-feed", "prod"), !=, "healthy");
  g_clear_pointer (&root, json_node_unref);
  {
    g_autoptr(JsonNode) none = NULL;

    g_assert_cmpuint (json_array_get_length (approvals_json (&none)), ==, 0);
  }

  /* The log, as the contract has it, with who did what. */
  run_as (&run, "ana@demo.test", "log", "--format", "json", NULL);
  assert_ok (&run);
  log = parse_json (run.out);
  entries = json_node_get_array (log);
  g_assert_cmpuint (json_array_get_length (entries), >, 5);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      static const gchar * const keys[] = {
        "time", "user", "action", "service", "environment", "version", "result", "detail", NULL
      };
      static const gchar * const results[] = { "ok", "refused", "failed", NULL };
      JsonObject *e = json_array_get_object_element (entries, i);
      const gchar *action = json_object_get_string_member (e, "action");
      const gchar *user = json_object_get_string_member (e, "user");
      const gchar *result = json_object_get_string_member (e, "result");

      assert_keys (e, keys);
      g_assert_true (g_strv_contains (results, result));
      g_assert_nonnull (user);
      seen_reject |= g_str_equal (action, "reject") && g_str_equal (user, "rita@demo.test") &&
                     strstr (json_object_get_string_member (e, "detail"), "after the sale") != NULL;
      seen_refused |= g_str_equal (action, "approve") && g_str_equal (user, "ana@demo.test") &&
                      g_str_equal (result, "refused");
    }
  g_assert_true (seen_reject);
  g_assert_true (seen_refused);

  /* rollback, stop, and down: every process goes. */
  run_as (&run, "ana@demo.test", "deploy", "price-feed", "--env", "dev", "--version", "v1.1.0", NULL);
  assert_ok (&run);
  run_as (&run, "ana@demo.test", "rollback", "price-feed", "--env", "dev", NULL);
  assert_ok (&run);
  root = status_json ();
  g_assert_cmpstr (json_object_get_string_member (status_cell (root, "price-feed", "dev"), "version"), ==, v100);
  g_clear_pointer (&root, json_node_unref);

  run_as (&run, "ana@demo.test", "stop", "price-feed", "--env", "uat", NULL);
  assert_ok (&run);
  root = status_json ();
  g_assert_cmpstr (cell_status (root, "price-feed", "uat"), ==, "stopped");
  g_clear_pointer (&root, json_node_unref);

  store = open_store ();
  rows = ferry_store_list_local_processes (store, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  run_as (&run, "ana@demo.test", "down", NULL);
  assert_ok (&run);
  for (guint i = 0; i < rows->len; i++)
    {
      FerryLocalProcess *row = g_ptr_array_index (rows, i);

      g_assert_false (ferry_store_pid_is_alive (row->pid, row->start_time));
    }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ferry_store_list_local_processes (store, NULL);
  g_assert_cmpuint (rows->len, ==, 0);

  tear_down_workspace ();
}

/* SIGKILLs ferryctl at random points of deploys; after each, the next
 * ferryctl settles what it left and a deploy works. */
static void
test_killed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(FerryStore) store = NULL;
  g_auto(Run) run = { 0 };
  const gchar * const versions[] = { "v1.0.0", "v1.1.0", "v1.2.0" };

  set_up_workspace ();
  run_as (&run, "ana@demo.test", "trust", NULL);
  assert_ok (&run);
  store = open_store ();

  for (guint i = 0; i < 20; i++)
    {
      const gchar *args[] = { "deploy", "price-feed", "--env", "dev", "--version", versions[i % 3], NULL };
      g_autoptr(GSubprocess) proc = spawn_ferryctl ("ana@demo.test", args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
      g_autoptr(GPtrArray) orphans = NULL;
      g_autoptr(GPtrArray) steps = NULL;
      g_autoptr(GPtrArray) runs = NULL;
      g_autoptr(FerryDeployment) d = NULL;
      g_autoptr(FerryLocalProcess) row = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      guint delay = g_rand_int_range (rand, 0, 500);

      g_test_message ("run %u: kill after %u ms", i, delay);
      g_usleep (delay * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);

      /* The next ferryctl reconciles. */
      root = status_json ();

      g_assert_true (ferry_store_check_integrity (store, &error));
      g_assert_no_error (error);
      orphans = ferry_store_list_orphaned_deployments (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (orphans->len, ==, 0);
      steps = ferry_store_list_orphaned_steps (store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (steps->len, ==, 0);
      runs = ferry_store_list_plan_runs (store, 0, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < runs->len; j++)
        g_assert_cmpint (((FerryPlanRun *)g_ptr_array_index (runs, j))->status, !=, FERRY_PLAN_RUN_STATUS_RUNNING);

      /* Healthy means it runs and answers that version. */
      d = ferry_store_get_current_deployment (store, "price-feed", "dev", &error);
      g_assert_no_error (error);
      row = ferry_store_get_local_process (store, "price-feed", "dev", NULL);
      if (d != NULL && d->status == FERRY_DEPLOYMENT_STATUS_HEALTHY)
        {
          g_assert_nonnull (row);
          g_assert_cmpstr (row->version, ==, d->version);
          g_assert_true (ferry_store_pid_is_alive (row->pid, row->start_time));
          g_assert_cmpstr (cell_status (root, "price-feed", "dev"), ==, "healthy");
        }
      else if (d != NULL)
        g_assert_cmpint (d->status, ==, FERRY_DEPLOYMENT_STATUS_FAILED);
    }

  /* Some of the kills did interrupt a deploy (one takes about 0.4 s). */
  {
    FerryAuditFilter filter = { 0 };
    g_autoptr(GPtrArray) reconciled = NULL;

    filter.action = "reconcile";
    reconciled = ferry_store_query_audit (store, &filter, NULL);
    g_assert_cmpuint (reconciled->len, >, 0);
  }

  /* A new deploy works. */
  run_as (&run, "ana@demo.test", "deploy", "price-feed", "--env", "dev", "--version", "v1.2.0", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) root = status_json ();

    g_assert_cmpstr (cell_status (root, "price-feed", "dev"), ==, "healthy");
  }

  tear_down_workspace ();
}

/* A GUI-like writer (this process, on a thread) and ferryctl processes
 * at once: nothing lost, no "database is locked". */
typedef struct
{
  FerryStore *store;
  guint       written;
  gint        stop;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  while (!g_atomic_int_get (&writer->stop) || writer->written < 50)
    {
      g_autoptr(GError) error = NULL;
      g_autofree gchar *detail = g_strdup_printf ("gui write %u", writer->written);

      if (!ferry_store_append_audit (writer->store, "gui@demo.test", "note", NULL, NULL, NULL,
                                     FERRY_AUDIT_RESULT_OK, detail, &error))
        g_error ("the GUI's write failed: %s", error->message);
      writer->written++;
      g_usleep (2 * 1000);
    }

  return NULL;
}

static void
test_concurrent_writers (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  FerryAuditFilter filter = { 0 };
  Writer writer = { 0 };
  GThread *thread;
  guint deploys = 0;

  set_up_workspace ();
  run_as (&run, "ana@demo.test", "trust", NULL);
  assert_ok (&run);
  writer.store = store = open_store ();

  thread = g_thread_new ("gui", writer_thread, &writer);

  /* Deploys of three services and status readers, all at once. */
  {
    const gchar * const services[] = { "price-feed", "session-store", "fraud-check" };

    for (guint i = 0; i < G_N_ELEMENTS (services); i++)
      {
        const gchar *args[] = { "deploy", services[i], "--env", "dev", NULL };

        g_ptr_array_add (procs, spawn_ferryctl ("ana@demo.test", args, G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE));
      }
    for (guint i = 0; i < 3; i++)
      {
        const gchar *args[] = { "status", "--format", "json", NULL };

        g_ptr_array_add (procs, spawn_ferryctl ("bo@demo.test", args, G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE));
      }
  }

  for (guint i = 0; i < procs->len; i++)
    {
      GSubprocess *proc = g_ptr_array_index (procs, i);
      g_autofree gchar *err = NULL;

      g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_assert_null (strstr (err, "locked"));
      g_assert_null (strstr (err, "busy"));
      if (g_subprocess_get_exit_status (proc) != 0)
        g_printerr ("%s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
      deploys++;
    }

  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);

  /* Every write of each writer is there. */
  filter.user = "gui@demo.test";
  entries = ferry_store_query_audit (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, writer.written);
  g_clear_pointer (&entries, g_ptr_array_unref);
  filter.user = "ana@demo.test";
  filter.action = "deploy";
  entries = ferry_store_query_audit (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpuint (deploys, ==, 6);

  tear_down_workspace ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Failing versions fail fast; loopback only, no desktop proxy. */
  g_setenv ("FERRY_LOCAL_HEALTH_TIMEOUT_MS", "2500", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add_func ("/ferry/cli/deploy/contract", test_contract);
  g_test_add_func ("/ferry/cli/deploy/killed", test_killed);
  g_test_add_func ("/ferry/cli/deploy/concurrent-writers", test_concurrent_writers);

  return g_test_run ();
}

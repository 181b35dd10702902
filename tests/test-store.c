/* test-store.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ferry-core.h"
#include "ferry-store-private.h"

/* Some cases re-run this executable as a child process:
 *   test-store --child MODE DB ARGS…
 * so that a second process writes to, holds a lock in, or dies in the
 * middle of writing to the same database.
 */

#define VERSION_A "0123456789abcdef0123456789abcdef01234567"
#define VERSION_B "89abcdef0123456789abcdef0123456789abcdef"

static gchar *
scratch_db (const gchar *name)
{
  return g_build_filename (g_get_user_cache_dir (), name, "state.db", NULL);
}

static FerryStore *
open_store (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  FerryStore *store = ferry_store_open_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static FerryDeployment *
deployment_template (const gchar           *service,
                     const gchar           *environment,
                     const gchar           *version,
                     const gchar           *by,
                     FerryDeploymentStatus  status,
                     gint64                 step_id)
{
  FerryDeployment *deployment = ferry_deployment_new ();

  deployment->service = g_strdup (service);
  deployment->environment = g_strdup (environment);
  deployment->version = g_strdup (version);
  deployment->by = g_strdup (by);
  deployment->status = status;
  deployment->step_id = step_id;

  return deployment;
}

static FerryPlanRun *
create_run (FerryStore  *store,
            const gchar *service,
            const gchar *environment,
            guint        n_steps)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_plan_step_unref);
  g_autoptr(GError) error = NULL;
  FerryPlanRun *run;

  for (guint i = 0; i < n_steps; i++)
    {
      FerryPlanStep *step = ferry_plan_step_new ();

      step->phase = i / 2;
      step->service = n_steps == 1 ? g_strdup (service) : g_strdup_printf ("%s-%u", service, i);
      step->environment = g_strdup (environment);
      step->version = g_strdup (VERSION_A);
      g_ptr_array_add (steps, step);
    }

  run = ferry_store_create_plan_run (store, "ana@acme.test", NULL, environment, steps, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  g_assert_cmpuint (run->steps->len, ==, n_steps);

  return run;
}

static gchar *
file_digest (const gchar *path)
{
  g_autofree gchar *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
raw_exec (const gchar *path,
          const gchar *sql)
{
  sqlite3 *db = NULL;
  gchar *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gchar *
raw_query_text (const gchar *path,
                const gchar *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gchar *ret = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ret = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ret;
}

/* Returns the error message, or NULL when @sql succeeded. */
static gchar *
raw_try (const gchar *path,
         const gchar *sql)
{
  sqlite3 *db = NULL;
  gchar *message = NULL;
  gchar *ret = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    ret = g_strdup (message);
  sqlite3_free (message);
  sqlite3_close (db);

  return ret;
}

static GSubprocess *
spawn_child (GSubprocessFlags   flags,
             const gchar       *mode,
             const gchar       *path,
             const gchar       *arg1,
             const gchar       *arg2)
{
  g_autofree gchar *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_assert_nonnull (self_exe);
  child = g_subprocess_new (flags, &error, self_exe, "--child", mode, path, arg1, arg2, NULL);
  g_assert_no_error (error);

  return child;
}

/* Waits for the child to say it is ready; fails when it ended instead. */
static void
wait_until_ready (GSubprocess *child)
{
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *line = NULL;

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
kill_child (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static void
wait_child_success (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
}

/* Migrations */

static void
test_migrate_fresh (void)
{
  g_autofree gchar *path = scratch_db ("fresh");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *journal = NULL;
  g_autofree gchar *tables = NULL;

  g_assert_cmpuint (ferry_store_get_schema_version (store), ==,
                    ferry_store_get_latest_schema_version ());
  g_assert_cmpuint (ferry_store_get_latest_schema_version (), ==, 4);
  g_assert_true (ferry_store_check_integrity (store, &error));
  g_assert_no_error (error);

  journal = raw_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  tables = raw_query_text (path,
                           "SELECT group_concat (name, ' ') FROM "
                           "  (SELECT name FROM sqlite_master WHERE type = 'table' "
                           "   AND name NOT LIKE 'sqlite_%' ORDER BY name)");
  g_assert_cmpstr (tables, ==,
                   "approval_decisions approval_requests artifacts audit deployments "
                   "local_processes metric_history plan_runs plan_steps");

  /* Opening it again changes nothing. */
  again = open_store (path);
  g_assert_cmpuint (ferry_store_get_schema_version (again), ==, 4);
}

static void
test_migrate_from_v1 (void)
{
  g_autofree gchar *path = scratch_db ("v1");
  g_autofree gchar *directory = g_path_get_dirname (path);
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryDeployment) current = NULL;
  g_autoptr(FerryDeployment) older = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const gchar * const *migrations;
  guint n_migrations;

  /* A database as the first schema made it, with rows in it: two active
   * deployments of the same target (version 1 did not prevent that).
   */
  migrations = _ferry_store_get_migrations (&n_migrations);
  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  raw_exec (path, migrations[0]);
  raw_exec (path,
            "INSERT INTO deployments (service, environment, version, status, started_at, by_user) "
            "VALUES ('cart-api', 'dev', '" VERSION_A "', 'healthy', '2026-01-01T10:00:00.000000Z', 'ana@acme.test'),"
            "       ('cart-api', 'dev', '" VERSION_B "', 'deploying', '2026-01-02T10:00:00.000000Z', 'ana@acme.test'),"
            "       ('cart-api', 'dev', '" VERSION_A "', 'building', '2026-01-03T10:00:00.000000Z', 'bob@acme.test');"
            "INSERT INTO audit (time, user, action, service, environment, version, result, detail) "
            "VALUES ('2026-01-01T10:00:00.000000Z', 'ana@acme.test', 'deploy', 'cart-api', 'dev', '" VERSION_A "', 'ok', NULL);"
            "PRAGMA user_version = 1;");

  store = open_store (path);
  g_assert_cmpuint (ferry_store_get_schema_version (store), ==, n_migrations);
  g_assert_true (ferry_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* The rows survived; the older active one was closed. */
  current = ferry_store_get_current_deployment (store, "cart-api", "dev", &error);
  g_assert_no_error (error);
  g_assert_nonnull (current);
  g_assert_cmpint (current->id, ==, 3);
  g_assert_cmpint (current->status, ==, FERRY_DEPLOYMENT_STATUS_BUILDING);
  older = ferry_store_get_deployment (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (older->status, ==, FERRY_DEPLOYMENT_STATUS_FAILED);
  g_assert_nonnull (older->finished_at);

  audit = ferry_store_query_audit (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);

  /* The active row has no known owner, so it is an orphan to reconcile. */
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
  g_assert_true (ferry_store_reconcile_deployment (store, 3, FERRY_DEPLOYMENT_STATUS_FAILED,
                                                   "interrupted before the upgrade", &error));
  g_assert_no_error (error);

  /* And the new tables work. */
  run = create_run (store, "cart-api", "uat", 2);
  g_assert_cmpint (run->steps->len, ==, 2);
}

static void
test_migrate_newer_refused (void)
{
  g_autofree gchar *path = scratch_db ("newer");
  g_autofree gchar *directory = g_path_get_dirname (path);
  g_autofree gchar *sql = NULL;
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *probe = NULL;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  sql = g_strdup_printf ("CREATE TABLE future (x); INSERT INTO future VALUES (42);"
                         "PRAGMA user_version = %u;",
                         ferry_store_get_latest_schema_version () + 1);
  raw_exec (path, sql);
  before = file_digest (path);

  store = ferry_store_open_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer Ferry"));
  g_assert_nonnull (strstr (error->message, "untouched"));

  /* Not a byte changed, and no journal mode switched. */
  after = file_digest (path);
  g_assert_cmpstr (before, ==, after);
  probe = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (probe, G_FILE_TEST_EXISTS));
}

/* Files */

static void
test_file_modes (void)
{
  g_autofree gchar *workspace = g_build_filename (g_get_home_dir (), "Acme Shop", NULL);
  g_autofree gchar *id = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *directory = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const gchar * const suffixes[] = { "", "-wal", "-shm" };
  struct stat st;
  mode_t old_umask;

  g_assert_cmpint (g_mkdir_with_parents (workspace, 0755), ==, 0);
  id = ferry_store_workspace_id (workspace);
  path = ferry_store_path_for_workspace (id);
  directory = g_path_get_dirname (path);
  g_assert_true (g_str_has_prefix (path, g_get_user_state_dir ()));

  /* A permissive umask must not make the files readable by others. */
  old_umask = umask (0002);
  store = ferry_store_open (id, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_store_get_path (store), ==, path);
  g_assert_true (ferry_store_append_audit (store, "ana@acme.test", "deploy", "cart-api", "dev",
                                           VERSION_A, FERRY_AUDIT_RESULT_OK, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (directory, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree gchar *file = g_strconcat (path, suffixes[i], NULL);

      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  /* Not an id: refused rather than escaping the state folder. */
  g_clear_object (&store);
  store = ferry_store_open ("../elsewhere", &error);
  g_assert_null (store);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID);
}

static void
test_workspace_id (void)
{
  g_autofree gchar *folder = g_build_filename (g_get_home_dir (), "Acme Shop", NULL);
  g_autofree gchar *file = g_build_filename (folder, "ferry.json", NULL);
  g_autofree gchar *slash = g_strconcat (folder, "/", NULL);
  g_autofree gchar *link = g_build_filename (g_get_home_dir (), "shop-link", NULL);
  g_autofree gchar *other = g_build_filename (g_get_home_dir (), "other", "Acme Shop", NULL);
  g_autofree gchar *id = NULL;
  g_autofree gchar *id_file = NULL;
  g_autofree gchar *id_slash = NULL;
  g_autofree gchar *id_link = NULL;
  g_autofree gchar *id_other = NULL;
  g_autofree gchar *url1 = NULL;
  g_autofree gchar *url2 = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "{}", -1, NULL));
  g_assert_cmpint (symlink (folder, link), ==, 0);

  id = ferry_store_workspace_id (folder);
  id_file = ferry_store_workspace_id (file);
  id_slash = ferry_store_workspace_id (slash);
  id_link = ferry_store_workspace_id (link);
  id_other = ferry_store_workspace_id (other);

  g_assert_true (g_regex_match_simple ("^acme-shop-[0-9a-f]{16}$", id, 0, 0));
  g_assert_cmpstr (id, ==, id_file);
  g_assert_cmpstr (id, ==, id_slash);
  g_assert_cmpstr (id, ==, id_link);
  g_assert_cmpstr (id, !=, id_other);

  url1 = ferry_store_workspace_id ("https://git.acme.test/shop/contracts.git");
  url2 = ferry_store_workspace_id ("https://git.acme.test/shop/contracts/");
  g_assert_cmpstr (url1, ==, url2);
  g_assert_true (g_str_has_prefix (url1, "contracts-"));
}

/* The audit log */

static void
test_audit_append_only (void)
{
  g_autofree gchar *path = scratch_db ("audit-append-only");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *update = NULL;
  g_autofree gchar *delete = NULL;

  g_assert_true (ferry_store_append_audit (store, "ana@acme.test", "deploy", "cart-api", "dev",
                                           VERSION_A, FERRY_AUDIT_RESULT_OK, NULL, &error));
  g_assert_no_error (error);

  /* Through any connection, not only the store's. */
  update = raw_try (path, "UPDATE audit SET user = 'mallory@acme.test'");
  delete = raw_try (path, "DELETE FROM audit");
  g_assert_nonnull (update);
  g_assert_nonnull (strstr (update, "append-only"));
  g_assert_nonnull (delete);
  g_assert_nonnull (strstr (delete, "append-only"));

  entries = ferry_store_query_audit (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((FerryAuditEntry *) entries->pdata[0])->user, ==, "ana@acme.test");
}

static void
test_audit_filters (void)
{
  g_autofree gchar *path = scratch_db ("audit-filters");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GDateTime) since = NULL;
  struct {
    const gchar *user, *action, *service, *environment, *version;
    FerryAuditResult result;
    const gchar *detail;
  } rows[] = {
    { "ana@acme.test", "deploy", "cart-api", "dev", VERSION_A, FERRY_AUDIT_RESULT_OK, NULL },
    { "bob@acme.test", "deploy", "cart-api", "uat", VERSION_A, FERRY_AUDIT_RESULT_REFUSED, "needs 1 more approval" },
    { "cy@acme.test", "approve", "cart-api", "uat", VERSION_A, FERRY_AUDIT_RESULT_OK, NULL },
    { "ana@acme.test", "deploy", "web-ui", "dev", NULL, FERRY_AUDIT_RESULT_FAILED, "build failed" },
    { "ana@acme.test", "rollback", "cart-api", "dev", VERSION_B, FERRY_AUDIT_RESULT_OK, "bad release" },
  };
  FerryAuditFilter filter = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_true (ferry_store_append_audit (store, rows[i].user, rows[i].action,
                                               rows[i].service, rows[i].environment,
                                               rows[i].version, rows[i].result,
                                               rows[i].detail, &error));
      g_assert_no_error (error);
    }

  /* Newest first, with microsecond UTC times. */
  all = ferry_store_query_audit (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  for (guint i = 0; i < all->len; i++)
    {
      FerryAuditEntry *entry = all->pdata[i];

      g_assert_cmpstr (entry->action, ==, rows[4 - i].action);
      g_assert_cmpstr (entry->user, ==, rows[4 - i].user);
      g_assert_cmpint (entry->result, ==, rows[4 - i].result);
      g_assert_nonnull (entry->time);
    }

#define CHECK_FILTER(expected_count)                                           \
  G_STMT_START {                                                               \
    g_autoptr(GPtrArray) found = ferry_store_query_audit (store, &filter, &error); \
    g_assert_no_error (error);                                                 \
    g_assert_cmpuint (found->len, ==, (expected_count));                       \
  } G_STMT_END

  filter.service = "cart-api";
  CHECK_FILTER (4);
  filter.environment = "dev";
  CHECK_FILTER (2);
  filter.environment = NULL;
  filter.service = NULL;
  filter.user = "ana@acme.test";
  CHECK_FILTER (3);
  filter.action = "deploy";
  CHECK_FILTER (2);
  filter.user = NULL;
  CHECK_FILTER (3);
  filter.action = NULL;
  filter.limit = 2;
  CHECK_FILTER (2);
  filter.limit = 0;

  /* Since the third entry: the last three. */
  since = g_date_time_ref (((FerryAuditEntry *) all->pdata[2])->time);
  filter.since = since;
  CHECK_FILTER (3);
  filter.service = "web-ui";
  CHECK_FILTER (1);

#undef CHECK_FILTER

  /* The limit keeps the newest. */
  {
    FerryAuditFilter newest = { .limit = 2 };
    g_autoptr(GPtrArray) found = ferry_store_query_audit (store, &newest, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((FerryAuditEntry *) found->pdata[0])->action, ==, "rollback");
    g_assert_cmpstr (((FerryAuditEntry *) found->pdata[1])->user, ==, "ana@acme.test");
    g_assert_cmpstr (((FerryAuditEntry *) found->pdata[1])->service, ==, "web-ui");
  }
}

static void
test_audit_json (void)
{
  g_autofree gchar *path = scratch_db ("audit-json");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree gchar *json = NULL;
  JsonArray *array;
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  const gchar * const keys[] = { "time", "user", "action", "service", "environment",
                                 "version", "result", "detail" };
  guint i = 0;

  g_assert_true (ferry_store_append_audit (store, "ana@acme.test", "deploy", "cart-api", "dev",
                                           VERSION_A, FERRY_AUDIT_RESULT_OK, NULL, &error));
  g_assert_true (ferry_store_append_audit (store, "bob@acme.test", "promote", NULL, NULL, NULL,
                                           FERRY_AUDIT_RESULT_REFUSED, "frozen until 2027-01-04",
                                           &error));
  g_assert_no_error (error);

  entries = ferry_store_query_audit (store, NULL, &error);
  g_assert_no_error (error);
  json = ferry_audit_entries_to_json (entries, TRUE);

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  /* The keys, in the documented order. */
  object = json_array_get_object_element (array, 0);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);

  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "bob@acme.test");
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==, "frozen until 2027-01-04");
  g_assert_true (json_object_get_null_member (object, "service"));
  g_assert_true (json_object_get_null_member (object, "version"));
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                       json_object_get_string_member (object, "time"), 0, 0));

  object = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, VERSION_A);
  g_assert_true (json_object_get_null_member (object, "detail"));
}

/* Deployments and the lock */

static void
test_deployment_lifecycle (void)
{
  g_autofree gchar *path = scratch_db ("deployments");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) first = NULL;
  g_autoptr(FerryDeployment) second = NULL;
  g_autoptr(FerryDeployment) current = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *previous = NULL;

  template = deployment_template ("cart-api", "dev", VERSION_A, "ana@acme.test",
                                  FERRY_DEPLOYMENT_STATUS_BUILDING, 0);
  first = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->id, >, 0);
  g_assert_nonnull (first->started_at);
  g_assert_null (first->finished_at);
  g_assert_null (first->previous_version);
  g_assert_cmpint (first->owner_pid, ==, getpid ());

  g_assert_true (ferry_store_update_deployment (store, first->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                                FERRY_DEPLOYMENT_STATUS_DEPLOYING, NULL, NULL, &error));
  g_assert_true (ferry_store_update_deployment (store, first->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                                FERRY_DEPLOYMENT_STATUS_HEALTHY, "200 OK",
                                                "http://127.0.0.1:8080", &error));
  g_assert_no_error (error);

  /* A stale expectation changes nothing. */
  g_assert_false (ferry_store_update_deployment (store, first->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                                 FERRY_DEPLOYMENT_STATUS_FAILED, NULL, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE);
  g_clear_error (&error);

  /* A finished deployment does not become active again. */
  g_assert_false (ferry_store_update_deployment (store, first->id, FERRY_DEPLOYMENT_STATUS_HEALTHY,
                                                 FERRY_DEPLOYMENT_STATUS_DEPLOYING, NULL, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The next deployment remembers what ran before, for rollback. */
  g_free (template->version);
  template->version = g_strdup (VERSION_B);
  second = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->previous_version, ==, VERSION_A);
  g_assert_true (ferry_store_update_deployment (store, second->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                                FERRY_DEPLOYMENT_STATUS_FAILED, "exit 2", NULL, &error));
  g_assert_no_error (error);

  current = ferry_store_get_current_deployment (store, "cart-api", "dev", &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->id, ==, second->id);
  g_assert_cmpint (current->status, ==, FERRY_DEPLOYMENT_STATUS_FAILED);
  g_assert_cmpstr (current->detail, ==, "exit 2");
  g_assert_nonnull (current->finished_at);

  previous = ferry_store_get_previous_healthy_version (store, "cart-api", "dev", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (previous, ==, VERSION_A);

  g_clear_object (&store);
  store = open_store (path);
  g_clear_pointer (&current, ferry_deployment_unref);
  current = ferry_store_get_current_deployment (store, "cart-api", "prod", &error);
  g_assert_no_error (error);
  g_assert_null (current);

  all = ferry_store_list_current_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  history = ferry_store_list_deployments (store, "cart-api", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((FerryDeployment *) history->pdata[0])->id, ==, second->id);
  g_assert_cmpstr (((FerryDeployment *) history->pdata[1])->url, ==, "http://127.0.0.1:8080");
}

static void
test_lock_refusal (void)
{
  g_autofree gchar *path = scratch_db ("lock");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryStore) other = open_store (path);
  g_autoptr(FerryPlanRun) run = create_run (store, "checkout-api", "uat", 1);
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) held = NULL;
  g_autoptr(FerryDeployment) refused = NULL;
  g_autoptr(FerryDeployment) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *run_text = NULL;
  FerryPlanStep *step = run->steps->pdata[0];

  template = deployment_template ("checkout-api", "uat", VERSION_A, "ana@acme.test",
                                  FERRY_DEPLOYMENT_STATUS_BUILDING, step->id);
  held = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_cmpint (held->run_id, ==, run->id);

  /* A second deploy, from another connection, names the first. */
  g_free (template->by);
  template->by = g_strdup ("bob@acme.test");
  template->step_id = 0;
  refused = ferry_store_begin_deployment (other, template, &error);
  g_assert_null (refused);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS);
  run_text = g_strdup_printf ("run %" G_GINT64_FORMAT ", since ", run->id);
  g_assert_nonnull (strstr (error->message,
                            "checkout-api is already being deployed to uat by ana@acme.test"));
  g_assert_nonnull (strstr (error->message, "version 0123456789ab"));
  g_assert_nonnull (strstr (error->message, run_text));
  g_clear_error (&error);

  /* Another environment is another lock. */
  g_free (template->environment);
  template->environment = g_strdup ("dev");
  elsewhere = ferry_store_begin_deployment (other, template, &error);
  g_assert_no_error (error);

  /* Pending approval holds the lock too. */
  g_assert_true (ferry_store_update_deployment (store, held->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                                FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, &error));
  g_clear_pointer (&held, ferry_deployment_unref);
  template->status = FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL;
  g_free (template->environment);
  template->environment = g_strdup ("uat");
  held = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  refused = ferry_store_begin_deployment (other, template, &error);
  g_assert_null (refused);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS);
  g_assert_nonnull (strstr (error->message, "waiting for approval"));
  g_assert_nonnull (strstr (error->message, "bob@acme.test"));
}

static void
test_lock_dead_holder (void)
{
  g_autofree gchar *path = scratch_db ("lock-dead");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryPlanRun) run = create_run (store, "checkout-api", "uat", 1);
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) refused = NULL;
  g_autoptr(FerryDeployment) fresh = NULL;
  g_autoptr(FerryPlanStep) step = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GPtrArray) orphan_steps = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *step_id = NULL;
  g_autofree gchar *pid_text = NULL;
  FerryDeployment *orphan;
  GPid child_pid;

  step_id = g_strdup_printf ("%" G_GINT64_FORMAT, ((FerryPlanStep *) run->steps->pdata[0])->id);
  child = spawn_child (G_SUBPROCESS_FLAGS_STDOUT_PIPE, "hold", path, step_id, NULL);
  child_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);
  wait_until_ready (child);

  template = deployment_template ("checkout-api", "uat", VERSION_B, "bob@acme.test",
                                  FERRY_DEPLOYMENT_STATUS_BUILDING, 0);

  /* Alive: refused, not an orphan, not reconcilable. */
  refused = ferry_store_begin_deployment (store, template, &error);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_IN_PROGRESS);
  g_assert_nonnull (strstr (error->message, "by ana@acme.test"));
  g_clear_error (&error);
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);

  kill_child (child);

  /* Dead: the lock names the dead process and waits for reconciliation. */
  refused = ferry_store_begin_deployment (store, template, &error);
  g_assert_null (refused);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_ORPHANED);
  pid_text = g_strdup_printf ("pid %d", (gint) child_pid);
  g_assert_nonnull (strstr (error->message, pid_text));
  g_clear_error (&error);

  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
  orphan = orphans->pdata[0];
  g_assert_cmpint (orphan->owner_pid, ==, child_pid);
  g_assert_cmpint (orphan->status, ==, FERRY_DEPLOYMENT_STATUS_DEPLOYING);
  orphan_steps = ferry_store_list_orphaned_steps (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphan_steps->len, ==, 1);

  /* Reclaimed: the deployment and its step settle together, once. */
  g_assert_true (ferry_store_reconcile_deployment (store, orphan->id,
                                                   FERRY_DEPLOYMENT_STATUS_FAILED,
                                                   "interrupted: ferryctl was killed", &error));
  g_assert_no_error (error);
  g_assert_false (ferry_store_reconcile_deployment (store, orphan->id,
                                                    FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE);
  g_clear_error (&error);

  step = ferry_store_get_step (store, orphan->step_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (step->state, ==, FERRY_STEP_STATE_FAILED);
  g_assert_cmpstr (step->error, ==, "interrupted: ferryctl was killed");
  g_assert_nonnull (step->finished_at);
  g_clear_pointer (&orphan_steps, g_ptr_array_unref);
  orphan_steps = ferry_store_list_orphaned_steps (store, &error);
  g_assert_cmpuint (orphan_steps->len, ==, 0);

  fresh = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
}

static void
test_owner_pid_reuse (void)
{
  g_autofree gchar *path = scratch_db ("pid-reuse");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) mine = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *sql = NULL;
  guint64 start = ferry_store_pid_start_time (getpid ());
  GPid gone;

  g_assert_cmpuint (start, >, 0);
  g_assert_true (ferry_store_pid_is_alive (getpid (), start));
  g_assert_false (ferry_store_pid_is_alive (getpid (), start + 1));
  g_assert_false (ferry_store_pid_is_alive (getpid (), 0));

  child = spawn_child (G_SUBPROCESS_FLAGS_NONE, "exit", path, NULL, NULL);
  gone = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);
  wait_child_success (child);
  g_assert_cmpuint (ferry_store_pid_start_time (gone), ==, 0);

  /* Our own deployment is not an orphan… */
  template = deployment_template ("cart-api", "dev", VERSION_A, "ana@acme.test",
                                  FERRY_DEPLOYMENT_STATUS_DEPLOYING, 0);
  mine = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);

  /* …until its pid is recorded with another start time: a reused pid. */
  sql = g_strdup_printf ("UPDATE deployments SET owner_start = owner_start + 1 "
                         "WHERE id = %" G_GINT64_FORMAT, mine->id);
  raw_exec (path, sql);
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
}

/* Plan runs and steps */

static void
test_step_compare_and_set (void)
{
  g_autofree gchar *path = scratch_db ("steps");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryStore) other = open_store (path);
  g_autoptr(FerryPlanRun) run = create_run (store, "cart-api", "uat", 3);
  g_autoptr(FerryPlanRun) again = NULL;
  g_autoptr(FerryPlanStep) step = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = ((FerryPlanStep *) run->steps->pdata[0])->id;

  g_assert_cmpint (run->status, ==, FERRY_PLAN_RUN_STATUS_PENDING);
  g_assert_cmpstr (run->created_by, ==, "ana@acme.test");
  g_assert_cmpuint (((FerryPlanStep *) run->steps->pdata[2])->phase, ==, 1);

  /* Why it waits, without changing state. */
  g_assert_true (ferry_store_transition_step (store, id, FERRY_STEP_STATE_PENDING,
                                              FERRY_STEP_STATE_WAITING_FOR_APPROVAL,
                                              "needs 1 more approval from team:release", &error));
  g_assert_no_error (error);
  step = ferry_store_get_step (other, id, &error);
  g_assert_cmpstr (step->waiting_reason, ==, "needs 1 more approval from team:release");
  g_assert_null (step->started_at);
  g_clear_pointer (&step, ferry_plan_step_unref);

  /* Two processes see it approved; only the first one deploys. */
  g_assert_true (ferry_store_transition_step (store, id, FERRY_STEP_STATE_WAITING_FOR_APPROVAL,
                                              FERRY_STEP_STATE_DEPLOYING, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_store_transition_step (other, id, FERRY_STEP_STATE_WAITING_FOR_APPROVAL,
                                               FERRY_STEP_STATE_DEPLOYING, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "is deploying, not waiting-for-approval"));
  g_clear_error (&error);

  step = ferry_store_get_step (store, id, &error);
  g_assert_cmpint (step->state, ==, FERRY_STEP_STATE_DEPLOYING);
  g_assert_null (step->waiting_reason);
  g_assert_nonnull (step->started_at);
  g_assert_cmpint (step->owner_pid, ==, getpid ());
  g_clear_pointer (&step, ferry_plan_step_unref);

  g_assert_true (ferry_store_transition_step (store, id, FERRY_STEP_STATE_DEPLOYING,
                                              FERRY_STEP_STATE_FAILED, "health check timed out",
                                              &error));
  step = ferry_store_get_step (store, id, &error);
  g_assert_cmpstr (step->error, ==, "health check timed out");
  g_assert_nonnull (step->finished_at);

  g_assert_false (ferry_store_transition_step (store, 999999, FERRY_STEP_STATE_PENDING,
                                               FERRY_STEP_STATE_BUILDING, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The run's status is compare-and-set too. */
  g_assert_true (ferry_store_set_plan_run_status (store, run->id, FERRY_PLAN_RUN_STATUS_PENDING,
                                                  FERRY_PLAN_RUN_STATUS_RUNNING, &error));
  g_assert_false (ferry_store_set_plan_run_status (other, run->id, FERRY_PLAN_RUN_STATUS_PENDING,
                                                   FERRY_PLAN_RUN_STATUS_CANCELLED, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE);
  g_clear_error (&error);

  again = ferry_store_get_plan_run (other, run->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->status, ==, FERRY_PLAN_RUN_STATUS_RUNNING);
  g_assert_cmpuint (again->steps->len, ==, 3);
  g_assert_cmpint (((FerryPlanStep *) again->steps->pdata[0])->state, ==, FERRY_STEP_STATE_FAILED);
}

/* Approvals */

static FerryApprovalRequest *
create_request (FerryStore *store,
                guint       required)
{
  g_autoptr(FerryApprovalRequest) template = ferry_approval_request_new ();
  g_autoptr(GError) error = NULL;
  FerryApprovalRequest *request;

  template->service = g_strdup ("cart-api");
  template->environment = g_strdup ("prod");
  template->version = g_strdup (VERSION_A);
  template->requested_by = g_strdup ("ana@acme.test");
  template->required = required;
  template->approvers = g_strdup ("team:release");

  request = ferry_store_create_approval_request (store, template, &error);
  g_assert_no_error (error);
  g_assert_cmpint (request->status, ==, FERRY_APPROVAL_STATUS_PENDING);
  g_assert_cmpuint (request->approvals, ==, 0);

  return request;
}

static void
test_approval_decisions (void)
{
  g_autofree gchar *path = scratch_db ("approvals");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryApprovalRequest) request = create_request (store, 2);
  g_autoptr(FerryApprovalRequest) after = NULL;
  g_autoptr(FerryApprovalRequest) rejected = NULL;
  g_autoptr(FerryApprovalRequest) other = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *rewrite = NULL;

  after = ferry_store_record_decision (store, request->id, "cy@acme.test", FERRY_VERDICT_APPROVE,
                                       "looks good", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->approvals, ==, 1);
  g_assert_cmpint (after->status, ==, FERRY_APPROVAL_STATUS_PENDING);
  g_clear_pointer (&after, ferry_approval_request_unref);

  /* Nobody approves twice. */
  after = ferry_store_record_decision (store, request->id, "cy@acme.test", FERRY_VERDICT_APPROVE,
                                       NULL, &error);
  g_assert_null (after);
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_ALREADY_DECIDED);
  g_assert_nonnull (strstr (error->message, "cy@acme.test has already approved"));
  g_clear_error (&error);

  after = ferry_store_record_decision (store, request->id, "dee@acme.test", FERRY_VERDICT_APPROVE,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->approvals, ==, 2);
  g_assert_cmpint (after->status, ==, FERRY_APPROVAL_STATUS_APPROVED);
  g_assert_nonnull (after->decided_at);

  /* Decided: no more decisions, no cancelling. */
  g_assert_null (ferry_store_record_decision (store, request->id, "eve@acme.test",
                                              FERRY_VERDICT_REJECT, "too late", &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_PENDING);
  g_clear_error (&error);
  g_assert_false (ferry_store_cancel_approval_request (store, request->id, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_PENDING);
  g_clear_error (&error);

  decisions = ferry_store_list_decisions (store, request->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 2);
  g_assert_cmpstr (((FerryApprovalDecision *) decisions->pdata[0])->comment, ==, "looks good");

  rewrite = raw_try (path, "UPDATE approval_decisions SET user = 'mallory@acme.test'");
  g_assert_nonnull (rewrite);

  /* One rejection rejects. */
  other = create_request (store, 2);
  rejected = ferry_store_record_decision (store, other->id, "cy@acme.test", FERRY_VERDICT_REJECT,
                                          "not during the sale", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rejected->status, ==, FERRY_APPROVAL_STATUS_REJECTED);
  g_assert_cmpuint (rejected->approvals, ==, 0);

  g_clear_pointer (&other, ferry_approval_request_unref);
  other = create_request (store, 1);
  g_assert_true (ferry_store_cancel_approval_request (store, other->id, &error));
  g_assert_no_error (error);

  g_clear_pointer (&other, ferry_approval_request_unref);
  other = create_request (store, 1);
  pending = ferry_store_list_approval_requests (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpint (((FerryApprovalRequest *) pending->pdata[0])->id, ==, other->id);
}

typedef struct
{
  gchar  *path;
  gint64  request_id;
  guint   first_user;
  guint   n_users;
  guint   recorded;
  GError *error;
} ApproverThread;

static gpointer
approver_thread (gpointer data)
{
  ApproverThread *approver = data;
  g_autoptr(FerryStore) store = ferry_store_open_path (approver->path, &approver->error);

  /* Every user tries twice: exactly one decision of each must count. */
  for (guint round = 0; store != NULL && round < 2; round++)
    {
      for (guint i = 0; i < approver->n_users; i++)
        {
          g_autofree gchar *user = g_strdup_printf ("user%u@acme.test", approver->first_user + i);
          g_autoptr(FerryApprovalRequest) after = NULL;
          g_autoptr(GError) error = NULL;

          after = ferry_store_record_decision (store, approver->request_id, user,
                                               FERRY_VERDICT_APPROVE, NULL, &error);
          if (after != NULL)
            approver->recorded++;
          else if (!g_error_matches (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_ALREADY_DECIDED) &&
                   !g_error_matches (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_PENDING) &&
                   approver->error == NULL)
            approver->error = g_steal_pointer (&error);
        }
    }

  return NULL;
}

static void
test_approval_concurrent (void)
{
  g_autofree gchar *path = scratch_db ("approvals-concurrent");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryApprovalRequest) request = create_request (store, 6);
  g_autoptr(FerryApprovalRequest) after = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;
  ApproverThread approvers[3];
  GThread *threads[3];
  guint recorded = 0;

  /* Overlapping users, so that threads race for the same decision. */
  for (guint i = 0; i < G_N_ELEMENTS (approvers); i++)
    {
      approvers[i] = (ApproverThread) { path, request->id, i * 2, 4, 0, NULL };
      threads[i] = g_thread_new ("approver", approver_thread, &approvers[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (approvers); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (approvers[i].error);
      recorded += approvers[i].recorded;
    }

  /* Users 0 … 7 exist; the sixth approval approved it, later ones were refused. */
  after = ferry_store_get_approval_request (store, request->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, FERRY_APPROVAL_STATUS_APPROVED);
  g_assert_cmpuint (after->approvals, ==, 6);
  g_assert_cmpuint (recorded, ==, 6);
  decisions = ferry_store_list_decisions (store, request->id, &error);
  g_assert_cmpuint (decisions->len, ==, 6);
}

/* Artifacts and local processes */

static void
test_local_records (void)
{
  g_autofree gchar *path = scratch_db ("local");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryArtifact) artifact = ferry_artifact_new ();
  g_autoptr(FerryArtifact) found = NULL;
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(FerryLocalProcess) back = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  g_autoptr(GError) error = NULL;
  guint restarts = 0;

  artifact->id = g_strdup ("sha256-5d41402abc4b2a76");
  artifact->repo = g_strdup ("../checkout");
  artifact->commit_id = g_strdup (VERSION_A);
  artifact->build = g_strdup ("checkout");
  artifact->path = g_strdup ("artifacts/5d41402abc4b2a76");
  artifact->size = 4096;
  g_assert_true (ferry_store_put_artifact (store, artifact, &error));
  artifact->size = 8192;
  g_assert_true (ferry_store_put_artifact (store, artifact, &error));
  g_assert_no_error (error);
  found = ferry_store_get_artifact (store, artifact->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->size, ==, 8192);
  g_assert_cmpstr (found->commit_id, ==, VERSION_A);

  process->service = g_strdup ("checkout-api");
  process->environment = g_strdup ("dev");
  process->version = g_strdup (VERSION_A);
  process->pid = getpid ();
  process->start_time = ferry_store_pid_start_time (getpid ());
  process->port = 8080;
  process->artifact_id = g_strdup (artifact->id);
  process->log_path = g_strdup ("logs/checkout-api-dev.log");
  g_assert_true (ferry_store_put_local_process (store, process, &error));
  g_assert_true (ferry_store_note_local_restart (store, "checkout-api", "dev", getpid (),
                                                 process->start_time, "exit 1", &restarts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restarts, ==, 1);

  back = ferry_store_get_local_process (store, "checkout-api", "dev", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->pid, ==, getpid ());
  g_assert_cmpuint (back->port, ==, 8080);
  g_assert_cmpuint (back->restarts, ==, 1);
  g_assert_cmpstr (back->last_exit, ==, "exit 1");
  g_assert_true (ferry_store_pid_is_alive (back->pid, back->start_time));

  g_assert_false (ferry_store_note_local_restart (store, "nothing", "dev", 1, 1, NULL, NULL, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ferry_store_remove_local_process (store, "checkout-api", "dev", &error));
  processes = ferry_store_list_local_processes (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (processes->len, ==, 0);
}

/* Concurrency: two threads and a child process, each with its own
 * connection, append, count and race to claim the same steps.
 */

#define HAMMER_ITERATIONS 100
#define HAMMER_STEPS      40

static gboolean
hammer (FerryStore   *store,
        const gchar  *name,
        guint         iterations,
        GError      **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  FerryPlanRun *run;

  runs = ferry_store_list_plan_runs (store, 1, error);
  if (runs == NULL)
    return FALSE;
  g_assert (runs->len == 1);
  run = runs->pdata[0];

  for (guint i = 0; i < iterations; i++)
    {
      /* From both ends, so that writers meet in the middle. */
      guint claims[] = { i % run->steps->len, run->steps->len - 1 - i % run->steps->len };

      if (!ferry_store_append_audit (store, name, "hammer", "cart-api", "dev", NULL,
                                     FERRY_AUDIT_RESULT_OK, NULL, error) ||
          !ferry_store_note_local_restart (store, "cart-api", "dev", 1, 1, NULL, NULL, error))
        return FALSE;

      for (guint c = 0; c < G_N_ELEMENTS (claims); c++)
        {
          FerryPlanStep *step = run->steps->pdata[claims[c]];
          g_autoptr(GError) local_error = NULL;
          g_autofree gchar *detail = NULL;

          if (!ferry_store_transition_step (store, step->id, FERRY_STEP_STATE_PENDING,
                                            FERRY_STEP_STATE_BUILDING, NULL, &local_error))
            {
              if (g_error_matches (local_error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_STALE))
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          detail = g_strdup_printf ("%" G_GINT64_FORMAT, step->id);
          if (!ferry_store_append_audit (store, name, "claim", step->service, "dev", NULL,
                                         FERRY_AUDIT_RESULT_OK, detail, error))
            return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  const gchar *path;
  const gchar *name;
  GError      *error;
} HammerThread;

static gpointer
hammer_thread (gpointer data)
{
  HammerThread *writer = data;
  g_autoptr(FerryStore) store = ferry_store_open_path (writer->path, &writer->error);

  if (store != NULL)
    hammer (store, writer->name, HAMMER_ITERATIONS, &writer->error);

  return NULL;
}

static guint
count_audit (FerryStore  *store,
             const gchar *user,
             const gchar *action)
{
  FerryAuditFilter filter = { .user = user, .action = action };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = ferry_store_query_audit (store, &filter, &error);
  g_assert_no_error (error);

  return entries->len;
}

static void
test_concurrency (void)
{
  g_autofree gchar *path = scratch_db ("concurrency");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryPlanRun) run = create_run (store, "cart-api", "dev", HAMMER_STEPS);
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(FerryLocalProcess) counted = NULL;
  g_autoptr(FerryPlanRun) after = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *iterations = g_strdup_printf ("%u", HAMMER_ITERATIONS);
  HammerThread writers[] = { { path, "thread-1", NULL }, { path, "thread-2", NULL } };
  GThread *threads[G_N_ELEMENTS (writers)];
  FerryAuditFilter filter = { .action = "claim" };

  process->service = g_strdup ("cart-api");
  process->environment = g_strdup ("dev");
  process->version = g_strdup (VERSION_A);
  g_assert_true (ferry_store_put_local_process (store, process, &error));
  g_assert_no_error (error);

  /* All three start together once the child has its connection. */
  child = spawn_child (G_SUBPROCESS_FLAGS_STDOUT_PIPE, "hammer", path, "child", iterations);
  wait_until_ready (child);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    threads[i] = g_thread_new (writers[i].name, hammer_thread, &writers[i]);

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_thread_join (threads[i]);
      /* No "database is locked", no error of any kind. */
      g_assert_no_error (writers[i].error);
    }
  wait_child_success (child);

  /* No lost update. */
  g_assert_cmpuint (count_audit (store, "thread-1", "hammer"), ==, HAMMER_ITERATIONS);
  g_assert_cmpuint (count_audit (store, "thread-2", "hammer"), ==, HAMMER_ITERATIONS);
  g_assert_cmpuint (count_audit (store, "child", "hammer"), ==, HAMMER_ITERATIONS);
  counted = ferry_store_get_local_process (store, "cart-api", "dev", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counted->restarts, ==, 3 * HAMMER_ITERATIONS);

  /* Nothing done twice: every step claimed by exactly one writer. */
  claims = ferry_store_query_audit (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, HAMMER_STEPS);
  for (guint i = 0; i < claims->len; i++)
    g_assert_true (g_hash_table_add (claimed, ((FerryAuditEntry *) claims->pdata[i])->detail));

  after = ferry_store_get_plan_run (store, run->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->steps->len; i++)
    g_assert_cmpint (((FerryPlanStep *) after->steps->pdata[i])->state, ==,
                     FERRY_STEP_STATE_BUILDING);

  g_assert_true (ferry_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* SIGKILL at random moments of a deploy loop */

#define CRASH_ROUNDS      20
#define CRASH_RUN_STEPS   4
#define CRASH_MAX_DELAY   40000

/* One deploy as the engine does it: plan, claim, lock, build, deploy,
 * approval bookkeeping, settle. Each call is its own transaction.
 */
static gboolean
crash_iteration (FerryStore  *store,
                 guint        iteration,
                 GError     **error)
{
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalRequest) stored = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autofree gchar *user = g_strdup_printf ("user%u@acme.test", iteration);
  FerryPlanStep *step;

  run = create_run (store, "web", "dev", CRASH_RUN_STEPS);
  step = run->steps->pdata[0];

  request = ferry_approval_request_new ();
  request->service = g_strdup (step->service);
  request->environment = g_strdup ("dev");
  request->version = g_strdup (VERSION_A);
  request->requested_by = g_strdup ("ana@acme.test");
  request->required = 1;
  request->step_id = step->id;

  template = deployment_template (step->service, "dev", (iteration % 2) ? VERSION_A : VERSION_B,
                                  "ana@acme.test", FERRY_DEPLOYMENT_STATUS_BUILDING, step->id);

  return ferry_store_transition_step (store, step->id, FERRY_STEP_STATE_PENDING,
                                      FERRY_STEP_STATE_WAITING_FOR_APPROVAL, "needs 1 approval",
                                      error) &&
         (stored = ferry_store_create_approval_request (store, request, error)) != NULL &&
         (decided = ferry_store_record_decision (store, stored->id, user, FERRY_VERDICT_APPROVE,
                                                 NULL, error)) != NULL &&
         ferry_store_transition_step (store, step->id, FERRY_STEP_STATE_WAITING_FOR_APPROVAL,
                                      FERRY_STEP_STATE_BUILDING, NULL, error) &&
         (deployment = ferry_store_begin_deployment (store, template, error)) != NULL &&
         ferry_store_append_audit (store, "ana@acme.test", "deploy", step->service, "dev",
                                   template->version, FERRY_AUDIT_RESULT_OK, NULL, error) &&
         ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                        FERRY_DEPLOYMENT_STATUS_DEPLOYING, NULL, NULL, error) &&
         ferry_store_transition_step (store, step->id, FERRY_STEP_STATE_BUILDING,
                                      FERRY_STEP_STATE_DEPLOYING, NULL, error) &&
         ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                        FERRY_DEPLOYMENT_STATUS_HEALTHY, "200 OK", NULL, error) &&
         ferry_store_transition_step (store, step->id, FERRY_STEP_STATE_DEPLOYING,
                                      FERRY_STEP_STATE_HEALTHY, NULL, error);
}

static void
reconcile_after_crash (FerryStore *store)
{
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) error = NULL;

  /* The engine's rule: was its process started and healthy? Here: a
   * deployment that got as far as deploying is taken as healthy, one
   * still building as failed.
   */
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, <=, 1);
  for (guint i = 0; i < orphans->len; i++)
    {
      FerryDeployment *orphan = orphans->pdata[i];
      FerryDeploymentStatus outcome = orphan->status == FERRY_DEPLOYMENT_STATUS_DEPLOYING
                                      ? FERRY_DEPLOYMENT_STATUS_HEALTHY
                                      : FERRY_DEPLOYMENT_STATUS_FAILED;

      g_assert_true (ferry_store_reconcile_deployment (store, orphan->id, outcome,
                                                       "interrupted", &error));
      g_assert_no_error (error);
    }

  /* Steps interrupted before or after their deployment's transaction. */
  steps = ferry_store_list_orphaned_steps (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < steps->len; i++)
    {
      FerryPlanStep *step = steps->pdata[i];
      g_autoptr(FerryDeployment) current = NULL;
      FerryStepState outcome = FERRY_STEP_STATE_FAILED;

      current = ferry_store_get_current_deployment (store, step->service, step->environment, &error);
      g_assert_no_error (error);
      if (current != NULL && current->step_id == step->id &&
          current->status == FERRY_DEPLOYMENT_STATUS_HEALTHY)
        outcome = FERRY_STEP_STATE_HEALTHY;

      g_assert_true (ferry_store_transition_step (store, step->id, step->state, outcome,
                                                  "interrupted", &error));
      g_assert_no_error (error);
    }

  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = ferry_store_list_orphaned_deployments (store, &error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&steps, g_ptr_array_unref);
  steps = ferry_store_list_orphaned_steps (store, &error);
  g_assert_cmpuint (steps->len, ==, 0);
}

static void
check_after_crash (const gchar *path,
                   guint       *audit_seen)
{
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* A plan run is never there without all its steps. */
  runs = ferry_store_list_plan_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, >, 0);
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpuint (((FerryPlanRun *) runs->pdata[i])->steps->len, ==, CRASH_RUN_STEPS);

  /* What was committed stays committed. */
  audit = ferry_store_query_audit (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, *audit_seen);
  *audit_seen = audit->len;

  reconcile_after_crash (store);
}

static void
test_sigkill (void)
{
  g_autofree gchar *path = scratch_db ("sigkill");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryDeployment) template = NULL;
  g_autoptr(FerryDeployment) fresh = NULL;
  g_autoptr(GError) error = NULL;
  guint audit_seen = 0;

  for (guint round = 0; round < CRASH_ROUNDS; round++)
    {
      g_autoptr(GSubprocess) child = NULL;

      /* The child reports ready after a first full deploy, which also
       * proves that a new deploy works after the previous round's crash.
       */
      child = spawn_child (G_SUBPROCESS_FLAGS_STDOUT_PIPE, "crash", path, NULL, NULL);
      wait_until_ready (child);
      g_usleep (g_rand_int_range (rand, 0, CRASH_MAX_DELAY));
      kill_child (child);

      check_after_crash (path, &audit_seen);
    }

  store = open_store (path);
  template = deployment_template ("web-0", "dev", VERSION_A, "bob@acme.test",
                                  FERRY_DEPLOYMENT_STATUS_BUILDING, 0);
  fresh = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_store_update_deployment (store, fresh->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                                FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Change notification */

static void
count_changed (FerryStore *store,
               guint      *count)
{
  (*count)++;
}

static gboolean
fail_timeout (gpointer data)
{
  g_error ("Timed out waiting for ::changed");
  return G_SOURCE_REMOVE;
}

static void
test_changed_signal (void)
{
  g_autofree gchar *path = scratch_db ("changed");
  g_autoptr(FerryStore) store = open_store (path);
  g_autoptr(FerryStore) other = open_store (path);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  guint timeout_id;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &count);

  /* Nothing happened yet. */
  g_assert_false (ferry_store_check_for_changes (store));

  /* Its own changes are announced, once: a worker thread may have made
   * them, and the window shows what they changed… */
  g_assert_true (ferry_store_append_audit (store, "ana@acme.test", "deploy", NULL, NULL, NULL,
                                           FERRY_AUDIT_RESULT_OK, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_store_check_for_changes (store));
  g_assert_cmpuint (count, ==, 1);
  g_assert_false (ferry_store_check_for_changes (store));

  /* …and another connection's, once. */
  g_assert_true (ferry_store_append_audit (other, "bob@acme.test", "deploy", NULL, NULL, NULL,
                                           FERRY_AUDIT_RESULT_OK, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_store_check_for_changes (store));
  g_assert_cmpuint (count, ==, 2);
  g_assert_false (ferry_store_check_for_changes (store));

  /* Another process's, through the periodic check in the main context. */
  child = spawn_child (G_SUBPROCESS_FLAGS_NONE, "append", path, NULL, NULL);
  wait_child_success (child);

  timeout_id = g_timeout_add_seconds (10, fail_timeout, NULL);
  while (count < 3)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_cmpuint (count, ==, 3);
}

/* Async */

static void
store_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gpointer
deploy_in_thread (FerryStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(FerryDeployment) template = NULL;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));

  template = deployment_template ("cart-api", "dev", VERSION_A, data,
                                  FERRY_DEPLOYMENT_STATUS_BUILDING, 0);

  return ferry_store_begin_deployment (store, template, error);
}

static void
test_async (void)
{
  g_autofree gchar *id = ferry_store_workspace_id (g_get_home_dir ());
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[8] = { NULL, };
  FerryAuditFilter filter = { .user = "ana@acme.test" };

  g_main_context_acquire (g_main_context_default ());

  ferry_store_open_async (id, NULL, store_ready, &results[0]);
  store = ferry_store_open_finish (wait_result (&results[0]), &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  ferry_store_run_async (store, deploy_in_thread, g_strdup ("ana@acme.test"), g_free,
                         (GDestroyNotify) ferry_deployment_unref, NULL, store_ready, &results[1]);
  deployment = ferry_store_run_finish (store, wait_result (&results[1]), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (deployment->by, ==, "ana@acme.test");

  g_assert_true (ferry_store_append_audit (store, "ana@acme.test", "deploy", "cart-api", "dev",
                                           VERSION_A, FERRY_AUDIT_RESULT_OK, NULL, &error));
  ferry_store_query_audit_async (store, &filter, NULL, store_ready, &results[2]);
  audit = ferry_store_query_audit_finish (store, wait_result (&results[2]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);

  ferry_store_list_current_deployments_async (store, NULL, store_ready, &results[3]);
  current = ferry_store_list_current_deployments_finish (store, wait_result (&results[3]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, 1);

  request = create_request (store, 1);
  ferry_store_list_approval_requests_async (store, TRUE, NULL, store_ready, &results[4]);
  pending = ferry_store_list_approval_requests_finish (store, wait_result (&results[4]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);

  ferry_store_record_decision_async (store, request->id, "cy@acme.test", FERRY_VERDICT_APPROVE,
                                     "ok", NULL, store_ready, &results[5]);
  decided = ferry_store_record_decision_finish (store, wait_result (&results[5]), &error);
  g_assert_no_error (error);
  g_assert_cmpint (decided->status, ==, FERRY_APPROVAL_STATUS_APPROVED);

  ferry_store_list_plan_runs_async (store, 0, NULL, store_ready, &results[6]);
  runs = ferry_store_list_plan_runs_finish (store, wait_result (&results[6]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 0);

  /* Cancelled before it ran: nothing done. */
  g_cancellable_cancel (cancellable);
  ferry_store_run_async (store, deploy_in_thread, g_strdup ("bob@acme.test"), g_free,
                         (GDestroyNotify) ferry_deployment_unref, cancellable,
                         store_ready, &results[7]);
  g_assert_null (ferry_store_run_finish (store, wait_result (&results[7]), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_clear_object (&results[i]);

  g_main_context_release (g_main_context_default ());
}

static void
test_enum_strings (void)
{
  FerryDeploymentStatus status;
  FerryStepState state;

  for (guint i = FERRY_DEPLOYMENT_STATUS_NOT_DEPLOYED; i <= FERRY_DEPLOYMENT_STATUS_STOPPED; i++)
    {
      g_assert_true (ferry_deployment_status_from_string (ferry_deployment_status_to_string (i),
                                                          &status));
      g_assert_cmpint (status, ==, i);
    }
  for (guint i = FERRY_STEP_STATE_PENDING; i <= FERRY_STEP_STATE_REFUSED; i++)
    {
      g_assert_true (ferry_step_state_from_string (ferry_step_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
    }

  g_assert_cmpstr (ferry_deployment_status_to_string (FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL),
                   ==, "pending-approval");
  g_assert_cmpstr (ferry_step_state_to_string (FERRY_STEP_STATE_WAITING_FOR_APPROVAL),
                   ==, "waiting-for-approval");
  g_assert_cmpstr (ferry_audit_result_to_string (FERRY_AUDIT_RESULT_REFUSED), ==, "refused");
  g_assert_false (ferry_deployment_status_from_string ("Healthy", &status));
  g_assert_null (ferry_deployment_status_to_string (99));
  g_assert_true (ferry_deployment_status_is_active (FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL));
  g_assert_false (ferry_deployment_status_is_active (FERRY_DEPLOYMENT_STATUS_DEGRADED));
}

/* Child processes */

static int
child_main (int   argc,
            char *argv[])
{
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *mode = argv[2];
  const gchar *path = argv[3];

  if (g_str_equal (mode, "exit"))
    return 0;

  store = ferry_store_open_path (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", mode, error->message);
      return 1;
    }

  if (g_str_equal (mode, "hammer"))
    {
      g_print ("ready\n");
      fflush (stdout);
      if (!hammer (store, argv[4], (guint) g_ascii_strtoull (argv[5], NULL, 10), &error))
        {
          g_printerr ("hammer: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (g_str_equal (mode, "append"))
    {
      if (!ferry_store_append_audit (store, "child@acme.test", "deploy", NULL, NULL, NULL,
                                     FERRY_AUDIT_RESULT_OK, NULL, &error))
        {
          g_printerr ("append: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (g_str_equal (mode, "hold"))
    {
      gint64 step_id = g_ascii_strtoll (argv[4], NULL, 10);
      g_autoptr(FerryDeployment) template = NULL;
      g_autoptr(FerryDeployment) held = NULL;

      template = deployment_template ("checkout-api", "uat", VERSION_A, "ana@acme.test",
                                      FERRY_DEPLOYMENT_STATUS_BUILDING, step_id);
      if (!ferry_store_transition_step (store, step_id, FERRY_STEP_STATE_PENDING,
                                        FERRY_STEP_STATE_DEPLOYING, NULL, &error) ||
          (held = ferry_store_begin_deployment (store, template, &error)) == NULL ||
          !ferry_store_update_deployment (store, held->id, FERRY_DEPLOYMENT_STATUS_BUILDING,
                                          FERRY_DEPLOYMENT_STATUS_DEPLOYING, NULL, NULL, &error))
        {
          g_printerr ("hold: %s\n", error->message);
          return 1;
        }

      g_print ("ready\n");
      fflush (stdout);

      /* Until killed; bounded in case the test is gone. */
      for (guint i = 0; i < 120; i++)
        g_usleep (G_USEC_PER_SEC / 2);
      return 2;
    }

  if (g_str_equal (mode, "crash"))
    {
      for (guint i = 0; i < 100000; i++)
        {
          if (!crash_iteration (store, i, &error))
            {
              g_printerr ("crash: %s\n", error->message);
              return 1;
            }
          if (i == 0)
            {
              g_print ("ready\n");
              fflush (stdout);
            }
        }
      return 2;
    }

  g_printerr ("unknown child mode %s\n", mode);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[1], "--child"))
    return child_main (argc, argv);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/store/enum-strings", test_enum_strings);
  g_test_add_func ("/ferry/store/migrate/fresh", test_migrate_fresh);
  g_test_add_func ("/ferry/store/migrate/from-v1", test_migrate_from_v1);
  g_test_add_func ("/ferry/store/migrate/newer-refused", test_migrate_newer_refused);
  g_test_add_func ("/ferry/store/file-modes", test_file_modes);
  g_test_add_func ("/ferry/store/workspace-id", test_workspace_id);
  g_test_add_func ("/ferry/store/audit/append-only", test_audit_append_only);
  g_test_add_func ("/ferry/store/audit/filters", test_audit_filters);
  g_test_add_func ("/ferry/store/audit/json", test_audit_json);
  g_test_add_func ("/ferry/store/deployment/lifecycle", test_deployment_lifecycle);
  g_test_add_func ("/ferry/store/lock/refusal", test_lock_refusal);
  g_test_add_func ("/ferry/store/lock/dead-holder", test_lock_dead_holder);
  g_test_add_func ("/ferry/store/lock/pid-reuse", test_owner_pid_reuse);
  g_test_add_func ("/ferry/store/step/compare-and-set", test_step_compare_and_set);
  g_test_add_func ("/ferry/store/approval/decisions", test_approval_decisions);
  g_test_add_func ("/ferry/store/approval/concurrent", test_approval_concurrent);
  g_test_add_func ("/ferry/store/local", test_local_records);
  g_test_add_func ("/ferry/store/concurrency", test_concurrency);
  g_test_add_func ("/ferry/store/sigkill", test_sigkill);
  g_test_add_func ("/ferry/store/changed", test_changed_signal);
  g_test_add_func ("/ferry/store/async", test_async);

  return g_test_run ();
}

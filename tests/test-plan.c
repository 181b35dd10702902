/* test-plan.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-core.h"

typedef struct
{
  gchar *root;
  gchar *workspace;
  gchar *catalog[3];     /* v1.0.0, v1.1.0, untagged head */
  gchar *cart;           /* v0.1.0 */
} Fixture;

static const gchar *manifest =
  "{\n"
  "  \"ferry\": 1,\n"
  "  \"name\": \"Shop\",\n"
  "  \"environments\": [\n"
  "    {\"name\": \"dev\", \"target\": \"local\"},\n"
  "    {\"name\": \"uat\", \"target\": \"local\", \"approval\": {\"required\": 1, \"self_approval\": true}},\n"
  "    {\"name\": \"prod\", \"target\": \"local\",\n"
  "     \"approval\": {\"required\": 1, \"approvers\": [\"team:release\"]},\n"
  "     \"freeze\": [{\"from\": \"2026-12-20T00:00:00Z\", \"until\": \"2027-01-04T00:00:00Z\", \"reason\": \"Holidays\"}]}\n"
  "  ],\n"
  "  \"teams\": [{\"name\": \"release\", \"members\": [\"rita@demo.test\"]}],\n"
  "  \"repos\": [\n"
  "    {\"name\": \"catalog\", \"url\": \"../repos/catalog\", \"builds\": [{\"name\": \"catalog\", \"services\": [\n"
  "      {\"name\": \"catalog-api\", \"produces\": [\"http:catalog\"]}]}]},\n"
  "    {\"name\": \"cart\", \"url\": \"../repos/cart\", \"builds\": [{\"name\": \"cart\", \"services\": [\n"
  "      {\"name\": \"cart-api\", \"consumes\": [\"http:catalog\"]}]}]}\n"
  "  ]\n"
  "}\n";

static gchar *
commit (const gchar *repo,
        const gchar *file,
        const gchar *content,
        const gchar *message,
        gint64       time)
{
  const gchar *files[] = { file, content, NULL };
  g_autoptr(GError) error = NULL;
  gchar *id = ferry_git_commit (repo, files, message, "Ana", "ana@acme.test", time, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *catalog = NULL;
  g_autofree gchar *cart = NULL;
  g_autofree gchar *path = NULL;

  /* The isolated data folder of each test case is removed after it. */
  f->root = g_build_filename (g_get_user_data_dir (), "plan", NULL);

  catalog = g_build_filename (f->root, "repos", "catalog", NULL);
  cart = g_build_filename (f->root, "repos", "cart", NULL);
  f->workspace = g_build_filename (f->root, "workspace", NULL);

  g_assert_true (ferry_git_init (catalog, "main", &error));
  f->catalog[0] = commit (catalog, "VERSION", "1.0.0\n", "First release", 1700000000);
  g_assert_true (ferry_git_tag (catalog, f->catalog[0], "v1.0.0", "Version 1.0.0", &error));
  f->catalog[1] = commit (catalog, "VERSION", "1.1.0\n", "Add search", 1700003600);
  g_assert_true (ferry_git_tag (catalog, f->catalog[1], "v1.1.0", NULL, &error));
  f->catalog[2] = commit (catalog, "README", "catalog\n", "Document the API", 1700007200);

  g_assert_true (ferry_git_init (cart, "main", &error));
  f->cart = commit (cart, "VERSION", "0.1.0\n", "Cart", 1700000000);
  g_assert_true (ferry_git_tag (cart, f->cart, "v0.1.0", "Version 0.1.0", &error));

  /* The workspace is a git repository too: the contracts repo. */
  g_assert_true (ferry_git_init (f->workspace, "main", &error));
  g_free (commit (f->workspace, "ferry.json", manifest, "Describe the shop", 1700000000));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->catalog); i++)
    g_free (f->catalog[i]);
  g_free (f->cart);
  g_free (f->workspace);
  g_free (f->root);
}

static FerryWorkspace *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  FerryWorkspace *ws = ferry_workspace_load (f->workspace, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ferry_workspace_is_valid (ws));

  return ws;
}

static void
test_repos_inspected (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  FerryRepo *catalog = ferry_workspace_get_repo (ws, "catalog");
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  gsize ahead = 0, behind = 0;

  g_assert_cmpuint (ferry_diagnostics_get_count (ferry_workspace_get_diagnostics (ws)), ==, 0);
  g_assert_cmpint (ferry_repo_get_state (catalog), ==, FERRY_REPO_STATE_READY);
  g_assert_cmpstr (ferry_repo_get_head (catalog), ==, f->catalog[2]);
  g_assert_cmpstr (ferry_repo_get_tag (catalog, f->catalog[0]), ==, "v1.0.0");
  g_assert_cmpstr (ferry_repo_get_tag (catalog, f->catalog[1]), ==, "v1.1.0");
  g_assert_null (ferry_repo_get_tag (catalog, f->catalog[2]));

  /* How far a version is behind the branch head. */
  g_assert_true (ferry_git_count_between (ferry_repo_get_path (catalog), f->catalog[0], f->catalog[2],
                                          &ahead, &behind, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ahead, ==, 2);
  g_assert_cmpuint (behind, ==, 0);

  log = ferry_git_log (ferry_repo_get_path (catalog), f->catalog[0], f->catalog[2], 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (((FerryCommit *)g_ptr_array_index (log, 0))->subject, ==, "Document the API");
  g_assert_cmpstr (((FerryCommit *)g_ptr_array_index (log, 1))->subject, ==, "Add search");
  g_assert_cmpstr (((FerryCommit *)g_ptr_array_index (log, 1))->author, ==, "Ana");
  g_assert_false (((FerryCommit *)g_ptr_array_index (log, 1))->is_merge);
}

static void
test_missing_and_not_git (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree gchar *cart = g_build_filename (f->root, "repos", "cart", NULL);
  g_autofree gchar *cart_git = g_build_filename (cart, ".git", NULL);
  g_autofree gchar *moved = g_build_filename (f->root, "cart-git", NULL);
  g_autofree gchar *catalog = g_build_filename (f->root, "repos", "catalog", NULL);
  g_autofree gchar *catalog_moved = g_build_filename (f->root, "catalog-moved", NULL);
  g_autoptr(FerryWorkspace) ws = NULL;
  FerryDiagnostics *diagnostics;
  g_autofree gchar *text = NULL;

  g_assert_cmpint (g_rename (cart_git, moved), ==, 0);
  g_assert_cmpint (g_rename (catalog, catalog_moved), ==, 0);

  ws = load (f);
  diagnostics = ferry_workspace_get_diagnostics (ws);
  text = ferry_diagnostics_format (diagnostics);

  /* Warnings, not errors: the graph still works. */
  g_assert_true (ferry_workspace_is_valid (ws));
  g_assert_cmpuint (ferry_diagnostics_get_count (diagnostics), ==, 2);
  g_assert_nonnull (strstr (text, "ferry.json:13:32: warning: repos[0].url: ../repos/catalog"));
  g_assert_nonnull (strstr (text, "does not exist"));
  g_assert_nonnull (strstr (text, "ferry.json:15:29: warning: repos[1].url:"));
  g_assert_nonnull (strstr (text, "is not a git repository"));
  g_assert_cmpint (ferry_repo_get_state (ferry_workspace_get_repo (ws, "catalog")), ==, FERRY_REPO_STATE_MISSING);
  g_assert_cmpint (ferry_repo_get_state (ferry_workspace_get_repo (ws, "cart")), ==, FERRY_REPO_STATE_NOT_GIT);
  g_assert_null (ferry_repo_get_head (ferry_workspace_get_repo (ws, "catalog")));
  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, 2);
}

static void
test_read_at_ref (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree gchar *path = g_build_filename (f->workspace, "ferry.json", NULL);
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;

  /* Break the working tree; the committed version is still good. */
  g_assert_true (g_file_set_contents (path, "{ broken", -1, NULL));

  ws = ferry_workspace_load (f->workspace, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ferry_workspace_is_valid (ws));
  g_clear_object (&ws);

  ws = ferry_workspace_load (f->workspace, "HEAD", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_workspace_is_valid (ws));
  g_assert_cmpstr (ferry_workspace_get_name (ws), ==, "Shop");
  g_assert_true (g_str_has_suffix (ferry_workspace_get_manifest (ws), "ferry.json@HEAD"));
  g_clear_object (&ws);

  g_assert_null (ferry_workspace_load (f->workspace, "no-such-branch", NULL, &error));
  g_assert_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NO_SUCH_REF);

  /* The file in the working tree was not touched. */
  {
    g_autofree gchar *contents = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "{ broken");
  }
}

static void
test_git_url (Fixture       *f,
              gconstpointer  data)
{
  g_autofree gchar *url = g_strconcat ("file://", f->workspace, NULL);
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *changed = NULL;

  ws = ferry_workspace_load (url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_workspace_get_name (ws), ==, "Shop");
  g_assert_true (g_str_has_prefix (ferry_workspace_get_directory (ws), g_get_user_cache_dir ()));
  /* Relative repo urls resolve inside the clone, where they do not exist. */
  g_assert_cmpint (ferry_repo_get_state (ferry_workspace_get_repo (ws, "cart")), ==, FERRY_REPO_STATE_MISSING);
  g_clear_object (&ws);

  /* A new commit upstream is fetched on the next load. */
  changed = g_strdup (manifest);
  memcpy (strstr (changed, "\"Shop\""), "\"Shoe\"", 6);
  g_free (commit (f->workspace, "ferry.json", changed, "Rename", 1700009000));

  ws = ferry_workspace_load (url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_workspace_get_name (ws), ==, "Shoe");
}

static void
load_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FerryWorkspace **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ferry_workspace_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (Fixture       *f,
                 gconstpointer  data)
{
  FerryWorkspace *ws = NULL;

  ferry_workspace_load_async (f->workspace, NULL, NULL, load_ready, &ws);
  while (ws == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, 2);
  g_assert_cmpint (ferry_repo_get_state (ferry_workspace_get_repo (ws, "catalog")), ==, FERRY_REPO_STATE_READY);
  g_object_unref (ws);
}

static FerryPlanItem *
find_step (FerryPlan   *plan,
           const gchar *service)
{
  for (guint i = 0; i < ferry_plan_get_n_phases (plan); i++)
    for (guint j = 0; j < ferry_plan_get_n_steps (plan, i); j++)
      if (g_str_equal (ferry_service_get_name (ferry_plan_get_step (plan, i, j)->service), service))
        return ferry_plan_get_step (plan, i, j);

  return NULL;
}

static gboolean
has_reason (FerryPlanItem *step,
            const gchar   *text)
{
  for (guint i = 0; i < step->reasons->len; i++)
    if (strstr (g_ptr_array_index (step->reasons, i), text))
      return TRUE;

  return FALSE;
}

static void
test_plan_branch_heads (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlanItem *catalog, *cart;

  plan = ferry_plan_compute (ws, state, "dev", NULL, NULL, now, &error);
  g_assert_no_error (error);

  g_assert_null (ferry_plan_get_from (plan));
  g_assert_cmpuint (ferry_plan_get_n_phases (plan), ==, 2);
  catalog = ferry_plan_get_step (plan, 0, 0);
  cart = ferry_plan_get_step (plan, 1, 0);
  g_assert_cmpstr (ferry_service_get_name (catalog->service), ==, "catalog-api");
  g_assert_cmpstr (catalog->version, ==, f->catalog[2]);
  g_assert_null (catalog->tag);
  g_assert_cmpint (catalog->state, ==, FERRY_PLAN_STEP_READY);
  g_assert_cmpuint (catalog->reasons->len, ==, 0);

  g_assert_cmpstr (cart->version, ==, f->cart);
  g_assert_cmpstr (cart->tag, ==, "v0.1.0");
  g_assert_cmpint (cart->state, ==, FERRY_PLAN_STEP_WAITING);
  g_assert_true (has_reason (cart, "waits for catalog-api in dev (phase 1)"));
}

static void
test_plan_promotion (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree gchar *text = NULL;
  FerryPlanItem *catalog, *cart;
  JsonObject *root;

  ferry_state_snapshot_set (state, "catalog-api", "dev", f->catalog[1], "v1.1.0", "healthy", "ana@acme.test", now);
  ferry_state_snapshot_set (state, "cart-api", "dev", f->cart, "v0.1.0", "healthy", "ana@acme.test", now);
  ferry_state_snapshot_set (state, "catalog-api", "uat", f->catalog[0], "v1.0.0", "healthy", "ana@acme.test", now);

  plan = ferry_plan_compute (ws, state, "uat", NULL, NULL, now, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ferry_environment_get_name (ferry_plan_get_from (plan)), ==, "dev");
  catalog = find_step (plan, "catalog-api");
  cart = find_step (plan, "cart-api");
  g_assert_cmpstr (catalog->version, ==, f->catalog[1]);
  g_assert_cmpstr (catalog->current, ==, f->catalog[0]);
  g_assert_cmpint (catalog->state, ==, FERRY_PLAN_STEP_NEEDS_APPROVAL);
  g_assert_cmpuint (catalog->approvals_required, ==, 1);
  g_assert_true (has_reason (catalog, "needs 1 approval from anyone"));
  g_assert_cmpuint (cart->phase, ==, 1);
  g_assert_true (has_reason (cart, "waits for catalog-api in uat (phase 1)"));

  json = ferry_plan_to_json (plan);
  root = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "uat");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "phases")), ==, 2);

  text = ferry_plan_to_text (plan);
  g_assert_nonnull (strstr (text, "Promote dev → uat: 2 steps in 2 phases"));
  g_assert_nonnull (strstr (text, "v1.1.0"));
}

static void
test_plan_gates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GDateTime) holidays = g_date_time_new_utc (2026, 12, 24, 9, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *only_cart[] = { "cart-api", NULL };
  FerryPlanItem *step;

  ferry_state_snapshot_set (state, "catalog-api", "uat", f->catalog[1], "v1.1.0", "healthy", NULL, now);
  ferry_state_snapshot_set (state, "cart-api", "uat", f->cart, "v0.1.0", "healthy", NULL, now);

  /* Frozen: blocked, with the window's reason and end. */
  plan = ferry_plan_compute (ws, state, "prod", NULL, NULL, holidays, &error);
  g_assert_no_error (error);
  step = find_step (plan, "catalog-api");
  g_assert_cmpint (step->state, ==, FERRY_PLAN_STEP_BLOCKED);
  g_assert_true (has_reason (step, "frozen until 2027-01-04 00:00 UTC (Holidays)"));
  g_assert_true (has_reason (step, "needs 1 approval from team:release, not the deployer (four-eyes)"));
  g_clear_pointer (&plan, ferry_plan_unref);

  /* Upstream not deployed in the target, and not part of the plan. */
  plan = ferry_plan_compute (ws, state, "prod", NULL, only_cart, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_plan_get_n_phases (plan), ==, 1);
  step = find_step (plan, "cart-api");
  g_assert_cmpint (step->state, ==, FERRY_PLAN_STEP_BLOCKED);
  g_assert_true (has_reason (step, "waiting for catalog-api in prod: it is not deployed there"));
  g_clear_pointer (&plan, ferry_plan_unref);

  /* Upstream deployed but failed. */
  ferry_state_snapshot_set (state, "catalog-api", "prod", f->catalog[0], "v1.0.0", "failed", NULL, now);
  plan = ferry_plan_compute (ws, state, "prod", NULL, only_cart, now, &error);
  step = find_step (plan, "cart-api");
  g_assert_true (has_reason (step, "waiting for catalog-api in prod: it is failed, not healthy"));
}

static void
test_plan_skips (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *both[] = { "catalog-api", "cart-api", NULL };
  const gchar *bogus[] = { "carts", NULL };

  ferry_state_snapshot_set (state, "catalog-api", "dev", f->catalog[2], NULL, "failed", NULL, now);
  ferry_state_snapshot_set (state, "cart-api", "dev", f->cart, "v0.1.0", "healthy", NULL, now);
  ferry_state_snapshot_set (state, "cart-api", "uat", f->cart, "v0.1.0", "healthy", NULL, now);

  plan = ferry_plan_compute (ws, state, "uat", NULL, both, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_plan_get_n_phases (plan), ==, 0);
  g_assert_cmpuint (ferry_plan_get_n_skipped (plan), ==, 2);
  g_assert_nonnull (strstr (ferry_plan_get_skipped (plan, 0)->reason, "is failed, not healthy"));
  g_assert_nonnull (strstr (ferry_plan_get_skipped (plan, 1)->reason, "uat already runs v0.1.0"));
  g_clear_pointer (&plan, ferry_plan_unref);

  g_assert_null (ferry_plan_compute (ws, state, "staging", NULL, NULL, now, &error));
  g_assert_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_NO_SUCH_ENVIRONMENT);
  g_clear_error (&error);

  g_assert_null (ferry_plan_compute (ws, state, "uat", NULL, bogus, now, &error));
  g_assert_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_NO_SUCH_SERVICE);
  g_clear_error (&error);

  g_assert_null (ferry_plan_compute (ws, state, "uat", "uat", NULL, now, &error));
  g_assert_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ferry/plan/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("git/repos-inspected", test_repos_inspected);
  ADD ("git/missing-and-not-git", test_missing_and_not_git);
  ADD ("git/read-at-ref", test_read_at_ref);
  ADD ("git/url", test_git_url);
  ADD ("git/load-async", test_load_async);
  ADD ("branch-heads", test_plan_branch_heads);
  ADD ("promotion", test_plan_promotion);
  ADD ("gates", test_plan_gates);
  ADD ("skips", test_plan_skips);

#undef ADD

  return g_test_run ();
}

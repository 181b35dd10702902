/* test-workspace.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-core.h"
#include "ferry-model-private.h"

static FerryWorkspace *
load_fixture (const gchar *kind,
              const gchar *name)
{
  g_autofree gchar *path = g_test_build_filename (G_TEST_DIST, "workspaces", kind, name, NULL);
  g_autofree gchar *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return ferry_workspace_load_from_data (contents, length, "ferry.json", NULL);
}

static gboolean
matches (const FerryDiagnostic *d,
         guint                  line,
         guint                  column,
         FerrySeverity          severity,
         const gchar           *text)
{
  g_autofree gchar *formatted = ferry_diagnostic_format (d);

  return d->line == line && d->column == column && d->severity == severity &&
         strstr (formatted, text) != NULL;
}

/* Each invalid fixture has a .expected file listing, one per line,
 * "LINE:COL: error|warning: TEXT": each must be reported exactly there,
 * and no other error may be. */
static void
test_invalid_fixture (gconstpointer data)
{
  const gchar *name = data;
  g_autofree gchar *json = g_strconcat (name, ".json", NULL);
  g_autofree gchar *expected_path = g_test_build_filename (G_TEST_DIST, "workspaces", "invalid", NULL);
  g_autofree gchar *expected_file = g_strconcat (expected_path, "/", name, ".expected", NULL);
  g_autofree gchar *expected = NULL;
  g_autoptr(FerryWorkspace) ws = load_fixture ("invalid", json);
  FerryDiagnostics *diagnostics = ferry_workspace_get_diagnostics (ws);
  g_auto(GStrv) lines = NULL;
  guint expected_errors = 0;

  g_assert_true (g_file_get_contents (expected_file, &expected, NULL, NULL));
  lines = g_strsplit (expected, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      guint line, column;
      gchar severity[16];
      gint offset = 0;
      gboolean found = FALSE;
      FerrySeverity sev;

      if (lines[i][0] == '\0')
        continue;

      g_assert_cmpint (sscanf (lines[i], "%u:%u: %15[a-z]: %n", &line, &column, severity, &offset), ==, 3);
      sev = g_str_equal (severity, "error") ? FERRY_SEVERITY_ERROR : FERRY_SEVERITY_WARNING;
      if (sev == FERRY_SEVERITY_ERROR)
        expected_errors++;

      for (guint j = 0; j < ferry_diagnostics_get_count (diagnostics) && !found; j++)
        found = matches (ferry_diagnostics_get (diagnostics, j), line, column, sev, lines[i] + offset);

      if (!found)
        {
          g_autofree gchar *got = ferry_diagnostics_format (diagnostics);
          g_printerr ("expected: %s\ngot:\n%s", lines[i], got);
        }
      g_assert_true (found);
    }

  g_assert_cmpuint (ferry_diagnostics_count_errors (diagnostics), ==, expected_errors);
  g_assert_cmpint (ferry_workspace_is_valid (ws), ==, expected_errors == 0);
}

static void
test_valid_model (void)
{
  g_autoptr(FerryWorkspace) ws = load_fixture ("valid", "acme-shop.json");
  FerryDiagnostics *diagnostics = ferry_workspace_get_diagnostics (ws);
  FerryService *checkout, *web, *cart, *price_feed;
  FerryEnvironment *prod, *prod_eu, *uat;
  FerryEndpoint *stripe;
  g_autoptr(GHashTable) env = NULL;
  g_autoptr(GDateTime) frozen = g_date_time_new_utc (2026, 12, 24, 12, 0, 0);
  g_autoptr(GDateTime) thawed = g_date_time_new_utc (2027, 1, 4, 0, 0, 0);

  /* Only the external endpoint is worth a word. */
  g_assert_true (ferry_workspace_is_valid (ws));
  g_assert_cmpuint (ferry_diagnostics_get_count (diagnostics), ==, 1);
  g_assert_cmpint (ferry_diagnostics_get (diagnostics, 0)->severity, ==, FERRY_SEVERITY_WARNING);
  g_assert_nonnull (strstr (ferry_diagnostics_get (diagnostics, 0)->message, "http:stripe"));

  g_assert_cmpstr (ferry_workspace_get_name (ws), ==, "Acme Shop");
  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_workspace_get_services (ws)), ==, 6);
  g_assert_cmpuint (ferry_workspace_get_n_environments (ws), ==, 4);
  g_assert_cmpuint (ferry_workspace_get_n_repos (ws), ==, 3);
  g_assert_cmpuint (ferry_workspace_get_n_teams (ws), ==, 3);
  g_assert_cmpuint (ferry_workspace_get_n_targets (ws), ==, 2);

  checkout = ferry_workspace_get_service (ws, "checkout-api");
  web = ferry_workspace_get_service (ws, "web-ui");
  cart = ferry_workspace_get_service (ws, "cart-api");
  price_feed = ferry_workspace_get_service (ws, "price-feed");
  g_assert_nonnull (checkout);

  g_assert_cmpstr (ferry_repo_get_name (ferry_service_get_repo (checkout)), ==, "checkout");
  g_assert_cmpstr (ferry_build_get_name (ferry_service_get_build (cart)), ==, "cart");
  g_assert_cmpstr (ferry_team_get_name (ferry_service_get_team (checkout)), ==, "payments");
  g_assert_null (ferry_service_get_team (web));
  g_assert_cmpuint (ferry_service_get_port (checkout), ==, 8080);
  g_assert_cmpstr (ferry_service_get_health (checkout), ==, "/healthz");
  g_assert_cmpint (ferry_service_get_replicas (checkout, "prod"), ==, 3);
  g_assert_cmpint (ferry_service_get_replicas (checkout, "dev"), ==, 1);
  env = ferry_service_dup_env (checkout, "prod");
  g_assert_cmpstr (g_hash_table_lookup (env, "LOG_LEVEL"), ==, "warn");
  g_clear_pointer (&env, g_hash_table_unref);
  env = ferry_service_dup_env (checkout, "dev");
  g_assert_cmpstr (g_hash_table_lookup (env, "LOG_LEVEL"), ==, "info");
  g_assert_cmpuint (ferry_service_get_line (checkout), ==, 35);
  g_assert_cmpstr (ferry_service_get_json_path (checkout), ==, "repos[1].builds[0].services[0]");

  /* Layers: producers first. */
  g_assert_cmpuint (ferry_service_get_layer (price_feed), ==, 0);
  g_assert_cmpuint (ferry_service_get_layer (ferry_workspace_get_service (ws, "payment")), ==, 0);
  g_assert_cmpuint (ferry_service_get_layer (ferry_workspace_get_service (ws, "catalog-api")), ==, 1);
  g_assert_cmpuint (ferry_service_get_layer (cart), ==, 2);
  g_assert_cmpuint (ferry_service_get_layer (checkout), ==, 3);
  g_assert_cmpuint (ferry_service_get_layer (web), ==, 4);
  g_assert_cmpuint (ferry_workspace_get_n_layers (ws), ==, 5);

  /* Edges: endpoints and depends_on merged, each once. */
  g_assert_true (ferry_service_depends_on (checkout, cart));
  g_assert_true (ferry_service_depends_on (checkout, ferry_workspace_get_service (ws, "payment")));
  g_assert_cmpuint (ferry_service_get_n_dependencies (checkout), ==, 2);
  g_assert_cmpuint (ferry_service_get_n_dependencies (web), ==, 3);
  g_assert_true (ferry_service_depends_on (web, cart));
  stripe = ferry_workspace_get_endpoint (ws, "http:stripe");
  g_assert_true (ferry_endpoint_is_external (stripe));
  g_assert_cmpstr (ferry_endpoint_get_kind (stripe), ==, "http");
  g_assert_true (ferry_endpoint_get_producer (ferry_workspace_get_endpoint (ws, "http:cart")) == cart);

  /* Environments: from defaults to the previous one, branches allowed. */
  uat = ferry_workspace_get_environment (ws, "uat");
  prod = ferry_workspace_get_environment (ws, "prod");
  prod_eu = ferry_workspace_get_environment (ws, "prod-eu");
  g_assert_true (ferry_environment_get_from (prod) == uat);
  g_assert_true (ferry_environment_get_from (prod_eu) == uat);
  g_assert_null (ferry_environment_get_from (ferry_workspace_get_environment (ws, "dev")));
  g_assert_cmpint (ferry_target_get_kind (ferry_environment_get_target (prod)), ==, FERRY_TARGET_KUBERNETES);
  g_assert_cmpstr (ferry_target_get_setting (ferry_environment_get_target (prod), "namespace"), ==, "shop");
  g_assert_cmpuint (ferry_approval_policy_get_required (ferry_environment_get_approval (prod)), ==, 2);
  g_assert_false (ferry_approval_policy_get_self_approval (ferry_environment_get_approval (prod)));
  g_assert_nonnull (ferry_environment_get_active_freeze (prod, frozen));
  g_assert_null (ferry_environment_get_active_freeze (prod, thawed));
  g_assert_cmpstr (ferry_freeze_window_get_reason (ferry_environment_get_freeze (prod, 0)), ==, "Holidays");
}

static void
test_stable_order (void)
{
  g_autoptr(FerryWorkspace) ws = load_fixture ("valid", "acme-shop.json");
  const gchar *expected[] = { "price-feed", "payment", "catalog-api", "cart-api", "checkout-api", "web-ui" };

  /* By layer, then repo, then name: catalog's price-feed before
   * checkout's payment in layer 0. */
  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      FerryService *service = ferry_workspace_get_service_at (ws, i);

      g_assert_cmpstr (ferry_service_get_name (service), ==, expected[i]);
      g_assert_cmpuint (ferry_service_get_index (service), ==, i);
    }
}

static void
test_closure (void)
{
  g_autoptr(FerryWorkspace) ws = load_fixture ("valid", "acme-shop.json");
  FerryService *cart = ferry_workspace_get_service (ws, "cart-api");
  g_autoptr(GPtrArray) up = ferry_workspace_get_upstream (ws, cart);
  g_autoptr(GPtrArray) down = ferry_workspace_get_downstream (ws, cart);

  g_assert_cmpuint (up->len, ==, 2);
  g_assert_cmpstr (ferry_service_get_name (g_ptr_array_index (up, 0)), ==, "price-feed");
  g_assert_cmpstr (ferry_service_get_name (g_ptr_array_index (up, 1)), ==, "catalog-api");
  g_assert_cmpuint (down->len, ==, 2);
  g_assert_cmpstr (ferry_service_get_name (g_ptr_array_index (down, 0)), ==, "checkout-api");
  g_assert_cmpstr (ferry_service_get_name (g_ptr_array_index (down, 1)), ==, "web-ui");
}

static void
test_approval_policy (void)
{
  g_autoptr(FerryWorkspace) ws = load_fixture ("valid", "acme-shop.json");
  FerryApprovalPolicy *prod = ferry_environment_get_approval (ferry_workspace_get_environment (ws, "prod"));
  FerryApprovalPolicy *uat = ferry_environment_get_approval (ferry_workspace_get_environment (ws, "uat"));
  g_autofree gchar *reason = NULL;

  g_assert_true (ferry_approval_policy_may_approve (prod, ws, "cy@acme.test", "ana@acme.test", NULL));
  g_assert_false (ferry_approval_policy_may_approve (prod, ws, "ana@acme.test", "cy@acme.test", &reason));
  g_assert_nonnull (strstr (reason, "team:release"));
  g_clear_pointer (&reason, g_free);

  /* Four-eyes: a release member may not approve their own deployment. */
  g_assert_false (ferry_approval_policy_may_approve (prod, ws, "cy@acme.test", "CY@acme.test", &reason));
  g_assert_nonnull (strstr (reason, "four-eyes"));

  /* uat: anyone, including the deployer. */
  g_assert_true (ferry_approval_policy_may_approve (uat, ws, "ana@acme.test", "ana@acme.test", NULL));
}

/* Every problem in one run, and no more than the cap. */
static void
test_cap (void)
{
  g_autoptr(GString) json = g_string_new ("{\"ferry\": 1, \"name\": \"x\", \"environments\": [{\"name\": \"dev\", \"target\": \"local\"}], \"repos\": [");
  g_autoptr(FerryWorkspace) ws = NULL;
  FerryDiagnostics *diagnostics;
  g_autofree gchar *text = NULL;

  for (guint i = 0; i < 250; i++)
    g_string_append_printf (json, "%s{\"name\": \"r%u\", \"bogus\": 1, \"builds\": [{\"name\": \"b\", \"services\": [{\"name\": \"s%u\"}]}]}",
                            i ? "," : "", i, i);
  g_string_append (json, "]}");

  ws = ferry_workspace_load_from_data (json->str, json->len, "ferry.json", NULL);
  diagnostics = ferry_workspace_get_diagnostics (ws);

  g_assert_cmpuint (ferry_diagnostics_get_count (diagnostics), ==, FERRY_DIAGNOSTICS_MAX);
  g_assert_cmpuint (ferry_diagnostics_count_errors (diagnostics), ==, 250);
  g_assert_cmpuint (ferry_diagnostics_get_dropped (diagnostics), ==, 150);
  text = ferry_diagnostics_format (diagnostics);
  g_assert_nonnull (strstr (text, "150 more problems not shown"));
  /* The model is still built from what could be understood. */
  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, 250);
}

static void
assert_single_error (const gchar *data,
                     gsize        length,
                     guint        line,
                     guint        column,
                     const gchar *text)
{
  g_autoptr(FerryWorkspace) ws = ferry_workspace_load_from_data (data, length, "ferry.json", NULL);
  FerryDiagnostics *diagnostics = ferry_workspace_get_diagnostics (ws);
  g_autofree gchar *formatted = NULL;

  g_assert_cmpuint (ferry_diagnostics_get_count (diagnostics), ==, 1);
  formatted = ferry_diagnostic_format (ferry_diagnostics_get (diagnostics, 0));
  if (strstr (formatted, text) == NULL)
    g_printerr ("got: %s\n", formatted);
  g_assert_nonnull (strstr (formatted, text));
  g_assert_cmpuint (ferry_diagnostics_get (diagnostics, 0)->line, ==, line);
  g_assert_cmpuint (ferry_diagnostics_get (diagnostics, 0)->column, ==, column);
  g_assert_false (ferry_workspace_is_valid (ws));
  g_assert_cmpuint (ferry_workspace_get_n_services (ws), ==, 0);
}

static void
test_binary (void)
{
  static const gchar garbage[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00";

  assert_single_error (garbage, sizeof garbage - 1, 1, 8, "error: NUL byte: this is a binary file");
}

static void
test_not_utf8 (void)
{
  static const gchar latin1[] = "{\n  \"ferry\": 1,\n  \"name\": \"Caf\xe9\"\n}";

  assert_single_error (latin1, sizeof latin1 - 1, 3, 15, "invalid UTF-8 (byte 0xe9)");
}

static void
test_deep_nesting (void)
{
  gsize depth = 200000;
  g_autofree gchar *data = g_malloc (depth * 2);

  memset (data, '[', depth);
  memset (data + depth, ']', depth);

  assert_single_error (data, depth * 2, 1, FERRY_JSON_MAX_DEPTH + 1, "nesting deeper than 256 levels");
}

static void
test_columns_count_characters (void)
{
  /* “é” is two bytes but one column. */
  static const gchar text[] = "{\"ferry\": 1, \"name\": \"é\", \"bad\" }";

  assert_single_error (text, sizeof text - 1, 1, 33, "expected “:” after the key “bad”");
}

static void
test_too_large (void)
{
  g_autofree gchar *path = g_build_filename (g_get_user_data_dir (), "huge", NULL);
  g_autofree gchar *manifest = g_build_filename (path, "ferry.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryWorkspace) ws = NULL;
  FILE *f;

  g_mkdir_with_parents (path, 0700);
  f = fopen (manifest, "w");
  g_assert_nonnull (f);
  /* A sparse file: no time spent writing it. */
  g_assert_cmpint (fseek (f, FERRY_WORKSPACE_MAX_SIZE + 1, SEEK_SET), ==, 0);
  fputc ('}', f);
  fclose (f);

  ws = ferry_workspace_load (path, NULL, NULL, &error);
  g_assert_null (ws);
  g_assert_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "limited to 64 MiB"));

  g_unlink (manifest);
  g_rmdir (path);
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *empty = g_build_filename (g_get_user_data_dir (), "empty", NULL);

  g_assert_null (ferry_workspace_load ("/nonexistent/ferry", NULL, NULL, &error));
  g_assert_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_mkdir_with_parents (empty, 0700);
  g_assert_null (ferry_workspace_load (empty, NULL, NULL, &error));
  g_assert_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "has no ferry.json"));
}

static void
test_git_url_detection (void)
{
  g_assert_true (ferry_workspace_is_git_url ("https://git.acme.test/shop/contracts.git"));
  g_assert_true (ferry_workspace_is_git_url ("file:///srv/git/contracts"));
  g_assert_true (ferry_workspace_is_git_url ("git@git.acme.test:shop/contracts.git"));
  g_assert_false (ferry_workspace_is_git_url ("../checkout"));
  g_assert_false (ferry_workspace_is_git_url ("/srv/ws/ferry.json"));
  g_assert_false (ferry_workspace_is_git_url ("./with:colon/and@at"));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

/* An environment may take its metrics from Prometheus; the others keep
 * their target's. */
static void
test_metrics_source (void)
{
  static const gchar json[] =
    "{\"ferry\": 1, \"name\": \"Shop\", \"repos\": [],\n"
    " \"environments\": [\n"
    "  {\"name\": \"dev\", \"target\": \"local\"},\n"
    "  {\"name\": \"prod\", \"target\": \"local\", \"metrics\": {\"kind\": \"prometheus\",\n"
    "   \"url\": \"http://prometheus.acme.test:9090\", \"preset\": \"cadvisor\",\n"
    "   \"queries\": {\"threads\": null}}}]}";
  g_autoptr(FerryWorkspace) ws = ferry_workspace_load_from_data (json, sizeof json - 1, "ferry.json", NULL);
  JsonNode *metrics;

  g_assert_true (ferry_workspace_is_valid (ws));
  g_assert_null (ferry_environment_get_metrics (ferry_workspace_get_environment (ws, "dev")));
  metrics = ferry_environment_get_metrics (ferry_workspace_get_environment (ws, "prod"));
  g_assert_nonnull (metrics);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (metrics), "url"), ==,
                   "http://prometheus.acme.test:9090");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (metrics), "preset"), ==, "cadvisor");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_object_get_object_member (json_node_get_object (metrics), "queries"),
                                                               "threads")));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree gchar *dir = NULL;
  g_autoptr(GDir) fixtures = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *entry;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  dir = g_test_build_filename (G_TEST_DIST, "workspaces", "invalid", NULL);
  fixtures = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (fixtures);
  while ((entry = g_dir_read_name (fixtures)))
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - 5));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/ferry/workspace/invalid/%s", (gchar *)g_ptr_array_index (names, i));
      g_test_add_data_func (path, g_ptr_array_index (names, i), test_invalid_fixture);
    }

  g_test_add_func ("/ferry/workspace/valid/model", test_valid_model);
  g_test_add_func ("/ferry/workspace/valid/stable-order", test_stable_order);
  g_test_add_func ("/ferry/workspace/valid/closure", test_closure);
  g_test_add_func ("/ferry/workspace/valid/approval-policy", test_approval_policy);
  g_test_add_func ("/ferry/workspace/cap", test_cap);
  g_test_add_func ("/ferry/workspace/valid/metrics-source", test_metrics_source);
  g_test_add_func ("/ferry/workspace/robust/binary", test_binary);
  g_test_add_func ("/ferry/workspace/robust/not-utf8", test_not_utf8);
  g_test_add_func ("/ferry/workspace/robust/deep-nesting", test_deep_nesting);
  g_test_add_func ("/ferry/workspace/robust/columns", test_columns_count_characters);
  g_test_add_func ("/ferry/workspace/robust/too-large", test_too_large);
  g_test_add_func ("/ferry/workspace/not-found", test_not_found);
  g_test_add_func ("/ferry/workspace/git-url", test_git_url_detection);

  return g_test_run ();
}

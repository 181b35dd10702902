/* test-cli.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-core.h"
#include "ferry-store.h"

#include "diff-testlib.h"
#include "format-check.h"

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

static void
run_ferryctl_valist (Run         *run,
                     const gchar *cwd,
                     const gchar *first_arg,
                     va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *ferryctl = g_getenv ("FERRYCTL");

  g_assert_nonnull (ferryctl);
  g_ptr_array_add (argv, (gpointer)ferryctl);

  for (const gchar *arg = first_arg; arg != NULL; arg = va_arg (args, const gchar *))
    g_ptr_array_add (argv, (gpointer)arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  /* The test's isolated folders live in this process only: hand them
   * down, so that ferryctl never reads or writes the real user's state. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const gchar * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

/* Runs ferryctl with the given arguments (NULL-terminated) and collects
 * its exit status and output. */
static void
run_ferryctl (Run         *run,
              const gchar *first_arg,
              ...)
{
  va_list args;

  va_start (args, first_arg);
  run_ferryctl_valist (run, NULL, first_arg, args);
  va_end (args);
}

/* The same, in @cwd. */
static void
run_ferryctl_in (Run         *run,
                 const gchar *cwd,
                 const gchar *first_arg,
                 ...)
{
  va_list args;

  va_start (args, first_arg);
  run_ferryctl_valist (run, cwd, first_arg, args);
  va_end (args);
}

/* Each test case has its own data folder, removed after it. */
static const gchar *
scratch_dir (void)
{
  return g_get_user_data_dir ();
}

/* A folder holding a copy of a fixture as its ferry.json. */
static gchar *
workspace_from_fixture (const gchar *kind,
                        const gchar *name)
{
  g_autofree gchar *fixture = g_test_build_filename (G_TEST_DIST, "workspaces", kind, name, NULL);
  g_autofree gchar *dir = g_build_filename (scratch_dir (), name, NULL);
  g_autofree gchar *manifest = g_build_filename (dir, "ferry.json", NULL);
  g_autofree gchar *contents = NULL;

  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest, contents, -1, NULL));

  return g_steal_pointer (&dir);
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

static void
test_validate (void)
{
  g_autofree gchar *valid = workspace_from_fixture ("valid", "acme-shop.json");
  g_autofree gchar *invalid = workspace_from_fixture ("invalid", "cycle.json");
  g_auto(Run) run = { 0 };

  /* The current folder by default. */
  run_ferryctl_in (&run, valid, "validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "ferry.json: valid: 6 services, 4 environments, 1 warning\n");
  g_assert_nonnull (strstr (run.err, "ferry.json:37:54: warning:"));
  g_assert_nonnull (strstr (run.err, ": warning: repos[1].builds[0].services[0].consumes[2]: nobody in this workspace produces http:stripe"));
  run_clear (&run);

  run_ferryctl_in (&run, invalid, "validate", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "ferry.json:6:14: error: repos[0].builds[0].services[0]: dependency cycle: web → cart → pricing → web"));
  g_assert_nonnull (strstr (run.err, "ferry.json: 1 error, 0 warnings"));
  run_clear (&run);

  /* A path to the file itself, from elsewhere. */
  {
    g_autofree gchar *file = g_build_filename (invalid, "ferry.json", NULL);
    run_ferryctl (&run, "validate", file, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, file));
    run_clear (&run);
  }

  run_ferryctl (&run, "validate", "/nonexistent/workspace", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no such file or folder"));
  run_clear (&run);

  run_ferryctl (&run, "validate", valid, "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_graph_json (void)
{
  g_autofree gchar *ws = workspace_from_fixture ("valid", "acme-shop.json");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *services, *layers;
  JsonObject *web = NULL;

  run_ferryctl (&run, "graph", ws, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Acme Shop");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "environments")), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "environments"), 3), ==, "prod-eu");

  services = json_object_get_array_member (object, "services");
  g_assert_cmpuint (json_array_get_length (services), ==, 6);
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *service = json_array_get_object_element (services, i);

      for (const gchar * const *key = (const gchar * const[]) { "name", "repo", "build", "team", "produces", "consumes", "depends_on", NULL }; *key; key++)
        g_assert_true (json_object_has_member (service, *key));

      if (g_str_equal (json_object_get_string_member (service, "name"), "web-ui"))
        web = service;
    }

  g_assert_nonnull (web);
  g_assert_cmpstr (json_object_get_string_member (web, "repo"), ==, "storefront");
  g_assert_cmpstr (json_object_get_string_member (web, "build"), ==, "web");
  g_assert_true (json_object_get_null_member (web, "team"));
  /* depends_on is every resolved edge, endpoints and explicit ones. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (web, "depends_on")), ==, 3);

  layers = json_object_get_array_member (object, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (layers, 0), 0), ==, "price-feed");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (layers, 4), 0), ==, "web-ui");
}

static void
test_graph_formats (void)
{
  g_autofree gchar *ws = workspace_from_fixture ("valid", "acme-shop.json");
  g_autofree gchar *invalid = workspace_from_fixture ("invalid", "two-producers.json");
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "graph", ws, "--format", "dot", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "digraph \"Acme Shop\" {"));
  g_assert_nonnull (strstr (run.out, "rankdir=LR;"));
  g_assert_nonnull (strstr (run.out, "\"cart-api\" -> \"checkout-api\" [dir=back];"));
  g_assert_nonnull (strstr (run.out, "label=\"checkout/cart\";"));
  run_clear (&run);

  run_ferryctl (&run, "graph", ws, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Acme Shop: 6 services in 5 layers"));
  g_assert_nonnull (strstr (run.out, "external: http:stripe"));
  run_clear (&run);

  run_ferryctl (&run, "graph", ws, "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unknown format “xml” (use text|json|dot)"));
  run_clear (&run);

  /* A workspace with errors is refused, with the reasons. */
  run_ferryctl (&run, "graph", invalid, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "error: repos[0].builds[0].services[1].produces[0]"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_demo_and_plan (void)
{
  g_autofree gchar *demo = g_build_filename (scratch_dir (), "demo", NULL);
  g_autofree gchar *synthetic = g_build_filename (scratch_dir (), "synthetic", NULL);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *phases;

  run_ferryctl (&run, "demo", demo, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_ferryctl (&run, "validate", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "valid: 9 services, 3 environments, 0 warnings"));
  run_clear (&run);

  /* dev deploys branch heads, phase by phase. */
  run_ferryctl (&run, "plan", demo, "--to", "dev", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "from"));
  phases = json_object_get_array_member (json_node_get_object (root), "phases");
  g_assert_cmpuint (json_array_get_length (phases), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (phases, 0), "steps")), ==, 3);
  run_clear (&run);

  /* What runs comes from the workspace's state store. */
  {
    g_autofree gchar *id = ferry_store_workspace_id (demo);
    g_autoptr(FerryStore) store = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryWorkspace) ws = ferry_workspace_load (demo, NULL, NULL, &error);

    g_assert_no_error (error);
    store = ferry_store_open (id, &error);
    g_assert_no_error (error);

    for (guint i = 0; i < ferry_workspace_get_n_services (ws); i++)
      {
        FerryService *service = ferry_workspace_get_service_at (ws, i);
        g_autoptr(FerryDeployment) template = ferry_deployment_new ();
        g_autoptr(FerryDeployment) deployment = NULL;

        template->service = g_strdup (ferry_service_get_name (service));
        template->environment = g_strdup ("dev");
        template->version = g_strdup (ferry_repo_get_head (ferry_service_get_repo (service)));
        template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
        template->by = g_strdup ("ana@demo.test");
        deployment = ferry_store_begin_deployment (store, template, &error);
        g_assert_no_error (error);
        g_assert_true (ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                                      FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, &error));
      }
  }

  run_ferryctl (&run, "plan", demo, "--to", "uat", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Promote dev → uat: 9 steps in 3 phases"));
  g_assert_nonnull (strstr (run.out, "needs 1 approval from anyone"));
  g_assert_nonnull (strstr (run.out, "waits for catalog-api in uat (phase 2)"));
  run_clear (&run);

  run_ferryctl (&run, "plan", demo, "--to", "prod", "--service", "web-ui", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Promote uat → prod: 0 steps"));
  g_assert_nonnull (strstr (run.out, "web-ui                   not deployed in uat: nothing to promote"));
  run_clear (&run);

  run_ferryctl (&run, "plan", demo, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--to ENV is required"));
  run_clear (&run);

  run_ferryctl (&run, "plan", demo, "--to", "staging", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no environment named “staging”"));
  run_clear (&run);

  /* The folder is not reused. */
  run_ferryctl (&run, "demo", demo, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is not empty"));
  run_clear (&run);

  run_ferryctl (&run, "demo", synthetic, "--services", "120", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_ferryctl (&run, "validate", synthetic, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "valid: 120 services, 3 environments, 0 warnings"));
  run_clear (&run);

  run_ferryctl (&run, "demo", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_no_arguments (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage:"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_unknown_command (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unknown command “frobnicate”"));
  g_assert_nonnull (strstr (run.err, "ferryctl --help"));
}

static void
test_unknown_option (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
  run_clear (&run);

  run_ferryctl (&run, "whoami", "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "ferryctl whoami: "));
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
}

static void
test_unexpected_argument (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "whoami", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unexpected argument “extra”"));
}

static void
test_help (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "whoami"));
  g_assert_nonnull (strstr (run.out, "import"));
  run_clear (&run);

  run_ferryctl (&run, "whoami", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ferryctl whoami"));
  g_assert_nonnull (strstr (run.out, "FERRY_USER"));
  run_clear (&run);

  run_ferryctl (&run, "help", "whoami", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ferryctl whoami"));
  run_clear (&run);

  run_ferryctl (&run, "help", "nope", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "ferryctl " FERRY_VERSION_STRING "\n");
}

static void
test_whoami (void)
{
  g_auto(Run) run = { 0 };

  g_setenv ("FERRY_USER", "dee@acme.test", TRUE);
  run_ferryctl (&run, "whoami", NULL);
  g_unsetenv ("FERRY_USER");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "dee@acme.test\n");
}

/* Makes a folder of the test's own the current one, with a compose project of
 * three services in it; returns the folder left. */
static gchar *
enter_import_dir (void)
{
  g_autofree gchar *previous = g_get_current_dir ();
  g_autoptr(GError) error = NULL;

  /* The isolated data folder of the test, which GLib removes after it. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0755), ==, 0);
  g_assert_cmpint (g_chdir (g_get_user_data_dir ()), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents ("shop/api", 0755), ==, 0);
  g_file_set_contents ("shop/compose.yaml",
                       "services:\n"
                       "  web:\n"
                       "    image: acme/web:1\n"
                       "    environment: {API: \"http://api:8000\", PAY: \"payments:443\"}\n"
                       "  api:\n"
                       "    build: ./api\n"
                       "    depends_on: [db]\n"
                       "  db: {image: postgres}\n",
                       -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&previous);
}

static void
leave_import_dir (gchar *previous)
{
  g_assert_cmpint (g_chdir (previous), ==, 0);
  g_free (previous);
}

static void
test_import_stdout (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  gchar *previous = enter_import_dir ();

  run_ferryctl (&run, "import", "shop", NULL);
  leave_import_dir (previous);

  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  format_assert_valid (root);
  g_assert_cmpuint (format_count_services (root), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "shop");
  g_assert_true (format_array_has (format_find_service (root, "web"), "consumes", "http:api"));
  g_assert_true (format_array_has (format_find_service (root, "api"), "depends_on", "db"));

  /* The report, located, then a summary, all on stderr. */
  g_assert_nonnull (strstr (run.err, "shop/compose.yaml:4:48: warning: PAY of “web” points at “payments”"));
  g_assert_nonnull (strstr (run.err, "Imported 3 services with 2 dependencies; see the report above"));
}

static void
test_import_output (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *contents = NULL;
  gchar *previous = enter_import_dir ();
  JsonArray *repos;

  g_assert_cmpint (g_mkdir ("workspace", 0755), ==, 0);
  run_ferryctl (&run, "import", "shop/compose.yaml", "-o", "workspace/ferry.json", "--name", "Acme Shop", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "into workspace/ferry.json"));
  g_assert_true (g_file_get_contents ("workspace/ferry.json", &contents, NULL, NULL));
  run_clear (&run);

  /* Never over an existing file, unless asked. */
  run_ferryctl (&run, "import", "shop", "-o", "workspace", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "workspace/ferry.json exists already; --force replaces it"));
  run_clear (&run);

  run_ferryctl (&run, "import", "shop", "-o", "workspace", "--force", NULL);
  g_assert_cmpint (run.status, ==, 0);
  leave_import_dir (previous);

  root = parse_json (contents);
  format_assert_valid (root);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "Acme Shop");

  /* Repo paths are relative to the workspace's folder. */
  repos = json_object_get_array_member (json_node_get_object (root), "repos");
  for (guint i = 0; i < json_array_get_length (repos); i++)
    {
      JsonObject *repo = json_array_get_object_element (repos, i);

      if (g_str_equal (json_object_get_string_member (repo, "name"), "api"))
        g_assert_cmpstr (json_object_get_string_member (repo, "url"), ==, "../shop/api");
    }
}

static void
test_import_errors (void)
{
  g_auto(Run) run = { 0 };
  gchar *previous = enter_import_dir ();

  g_file_set_contents ("broken.yaml", "services:\n  web: {image: [x}\n", -1, NULL);

  run_ferryctl (&run, "import", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "ferryctl import: Name at least one compose file"));
  run_clear (&run);

  run_ferryctl (&run, "import", "shop", "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_ferryctl (&run, "import", "broken.yaml", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "broken.yaml:2:18: error: did not find expected ',' or ']'"));
  run_clear (&run);

  run_ferryctl (&run, "import", "missing.yaml", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "missing.yaml: error: no such file or folder"));
  run_clear (&run);

  run_ferryctl (&run, "import", "shop", "-o", "no/such/folder/ferry.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot write no/such/folder/ferry.json: its folder does not exist"));
  run_clear (&run);

  run_ferryctl (&run, "import", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "-o, --output=FILE"));
  g_assert_nonnull (strstr (run.out, "FILE:LINE:COL: warning:"));
  leave_import_dir (previous);
}

/* What the import writes passes the validator, and its graph has every
 * declared and every address-derived dependency of the realistic inputs:
 * a 15-workload shop as Kubernetes manifests and a 26-service compose
 * project. */
static void
test_import_validates (void)
{
  static const struct {
    const gchar *input;
    guint        n_services;
    guint        n_edges;
  } cases[] = {
    { "boutique", 15, 19 },
    { "platform", 26, 46 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *input = g_test_build_filename (G_TEST_DIST, "data", "import", cases[i].input, NULL);
      g_autofree gchar *dir = g_build_filename (scratch_dir (), cases[i].input, NULL);
      g_autofree gchar *output = g_build_filename (dir, "ferry.json", NULL);
      g_auto(Run) run = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonArray *services;
      guint n_edges = 0;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

      run_ferryctl (&run, "import", input, "-o", output, NULL);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);

      run_ferryctl (&run, "validate", dir, NULL);
      if (run.status != 0)
        g_printerr ("%s", run.err);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_null (strstr (run.err, ": error: "));
      run_clear (&run);

      run_ferryctl (&run, "graph", dir, "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      root = parse_json (run.out);
      services = json_object_get_array_member (json_node_get_object (root), "services");
      g_assert_cmpuint (json_array_get_length (services), ==, cases[i].n_services);
      for (guint j = 0; j < json_array_get_length (services); j++)
        n_edges += json_array_get_length (json_object_get_array_member (json_array_get_object_element (services, j), "depends_on"));
      g_assert_cmpuint (n_edges, ==, cases[i].n_edges);
    }
}

/* ferryctl diff on the demo, with versions recorded in its state store:
 * dev runs each repo's branch head, uat the commit three before it, prod
 * nothing. */
static void
test_diff (void)
{
  g_autofree gchar *demo = g_build_filename (scratch_dir (), "demo", NULL);
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *services;
  JsonObject *object;

  run_ferryctl (&run, "demo", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Nothing deployed yet: nothing differs. */
  run_ferryctl (&run, "diff", "dev", "uat", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "dev → uat: 0 services differ, 0 the same\n");
  run_clear (&run);

  ws = ferry_workspace_load (demo, NULL, NULL, &error);
  g_assert_no_error (error);
  store = diff_testlib_open_store (demo);
  for (guint i = 0; i < ferry_workspace_get_n_services (ws); i++)
    {
      FerryService *service = ferry_workspace_get_service_at (ws, i);
      FerryRepo *repo = ferry_service_get_repo (service);
      g_autoptr(GPtrArray) log = ferry_git_log (ferry_repo_get_path (repo), NULL, ferry_repo_get_head (repo), 4, &error);

      g_assert_no_error (error);
      diff_testlib_deploy (store, ferry_service_get_name (service), "dev",
                           ((FerryCommit *)g_ptr_array_index (log, 0))->id, NULL, FERRY_DEPLOYMENT_STATUS_HEALTHY);
      diff_testlib_deploy (store, ferry_service_get_name (service), "uat",
                           ((FerryCommit *)g_ptr_array_index (log, 3))->id, NULL, FERRY_DEPLOYMENT_STATUS_HEALTHY);
    }

  run_ferryctl (&run, "diff", "dev", "uat", demo, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "uat");
  services = json_object_get_array_member (object, "services");
  g_assert_cmpuint (json_array_get_length (services), ==, 9);
  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *service = json_array_get_object_element (services, i);
      JsonArray *commits = json_object_get_array_member (service, "commits");
      FerryRepo *repo = ferry_service_get_repo (ferry_workspace_get_service (ws, json_object_get_string_member (service, "name")));
      JsonObject *commit = json_array_get_object_element (commits, 0);

      g_assert_cmpstr (json_object_get_string_member (service, "from_version"), ==, ferry_repo_get_head (repo));
      g_assert_nonnull (json_object_get_string_member (service, "to_version"));
      g_assert_true (json_object_get_null_member (service, "only_in"));
      g_assert_cmpstr (json_object_get_string_member (service, "direction"), ==, "ahead");
      g_assert_cmpuint (json_array_get_length (commits), ==, 3);
      g_assert_cmpint (json_object_get_int_member (service, "commit_count"), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (commit, "id"), ==, ferry_repo_get_head (repo));
      g_assert_nonnull (json_object_get_string_member (commit, "subject"));
      g_assert_nonnull (json_object_get_string_member (commit, "author"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (commit, "time"), "Z"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (service, "config")), ==, 0);
    }
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Long lists are cut, never the count. */
  run_ferryctl (&run, "diff", "dev", "uat", demo, "--format", "json", "--max-commits", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "services"), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "commits")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "commit_count"), ==, 3);
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* prod runs nothing: every service is in uat only, with prod's own
   * replicas and log level. */
  run_ferryctl (&run, "diff", "uat", "prod", demo, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "services"), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "only_in"), ==, "uat");
  g_assert_true (json_object_get_null_member (object, "to_version"));
  {
    JsonArray *config = json_object_get_array_member (object, "config");
    JsonObject *replicas = json_array_get_object_element (config, 0);
    JsonObject *level = json_array_get_object_element (config, 1);

    g_assert_cmpuint (json_array_get_length (config), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (replicas, "key"), ==, "replicas");
    g_assert_cmpstr (json_object_get_string_member (replicas, "from"), ==, "1");
    g_assert_cmpstr (json_object_get_string_member (replicas, "to"), ==, "2");
    g_assert_cmpstr (json_object_get_string_member (level, "key"), ==, "env.DEMO_LOG_LEVEL");
    g_assert_cmpstr (json_object_get_string_member (level, "from"), ==, "info");
    g_assert_cmpstr (json_object_get_string_member (level, "to"), ==, "warning");
  }
  run_clear (&run);

  /* Markdown, for a release note. The workspace defaults to the current
   * folder. */
  run_ferryctl_in (&run, demo, "diff", "dev", "uat", "--format", "markdown", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "## dev → uat\n\n**9 services differ**, 0 the same\n"));
  g_assert_nonnull (strstr (run.out, "\n| service | dev | uat | commits | configuration |\n"));
  g_assert_nonnull (strstr (run.out, "| 3 to ship | none |\n"));
  g_assert_nonnull (strstr (run.out, "\n### cart-api\n"));
  g_assert_nonnull (strstr (run.out, "3 commits in dev not in uat, shipped by promoting dev to uat:\n\n- "));
  run_clear (&run);

  run_ferryctl (&run, "diff", "dev", "uat", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "dev → uat: 9 services differ, 0 the same\n"));
  run_clear (&run);

  /* The second argument is always an environment. */
  run_ferryctl_in (&run, scratch_dir (), "diff", "dev", demo, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, ". has no ferry.json"));
  run_clear (&run);

  run_ferryctl (&run, "diff", "dev", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "ENV_A and ENV_B are required"));
  run_clear (&run);

  run_ferryctl (&run, "diff", "dev", "uat", demo, "--format", "html", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unknown format “html” (use text|json|markdown)"));
  run_clear (&run);

  run_ferryctl (&run, "diff", "dev", "staging", demo, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no environment named “staging” in Demo Shop"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/cli/usage/no-arguments", test_no_arguments);
  g_test_add_func ("/ferry/cli/usage/unknown-command", test_unknown_command);
  g_test_add_func ("/ferry/cli/usage/unknown-option", test_unknown_option);
  g_test_add_func ("/ferry/cli/usage/unexpected-argument", test_unexpected_argument);
  g_test_add_func ("/ferry/cli/help", test_help);
  g_test_add_func ("/ferry/cli/version", test_version);
  g_test_add_func ("/ferry/cli/whoami", test_whoami);
  g_test_add_func ("/ferry/cli/validate", test_validate);
  g_test_add_func ("/ferry/cli/graph/json", test_graph_json);
  g_test_add_func ("/ferry/cli/graph/formats", test_graph_formats);
  g_test_add_func ("/ferry/cli/demo-and-plan", test_demo_and_plan);
  g_test_add_func ("/ferry/cli/diff", test_diff);

  g_test_add_func ("/ferry/cli/import/stdout", test_import_stdout);
  g_test_add_func ("/ferry/cli/import/output", test_import_output);
  g_test_add_func ("/ferry/cli/import/errors", test_import_errors);
  g_test_add_func ("/ferry/cli/import/validates", test_import_validates);

  return g_test_run ();
}

/* test-cli.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ferry-core.h"

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

/* Runs ferryctl with the given arguments (NULL-terminated) and collects
 * its exit status and output. */
static void
run_ferryctl (Run         *run,
              const gchar *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *ferryctl = g_getenv ("FERRYCTL");
  va_list args;

  g_assert_nonnull (ferryctl);
  g_ptr_array_add (argv, (gpointer)ferryctl);

  va_start (args, first_arg);
  for (const gchar *arg = first_arg; arg != NULL; arg = va_arg (args, const gchar *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const gchar * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
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

static JsonNode *
parse_json (const gchar *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
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

/* Once ferryctl has its validator, what the import writes must pass it. */
static void
test_import_validates (void)
{
  g_auto(Run) run = { 0 };
  gchar *previous;

  run_ferryctl (&run, "help", "validate", NULL);
  if (run.status != 0)
    {
      g_test_skip ("this ferryctl has no validate command");
      return;
    }
  run_clear (&run);

  previous = enter_import_dir ();
  run_ferryctl (&run, "import", "shop", "-o", "ferry.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run_ferryctl (&run, "validate", ".", NULL);
  leave_import_dir (previous);
  g_assert_cmpint (run.status, ==, 0);
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
  g_test_add_func ("/ferry/cli/import/stdout", test_import_stdout);
  g_test_add_func ("/ferry/cli/import/output", test_import_output);
  g_test_add_func ("/ferry/cli/import/errors", test_import_errors);
  g_test_add_func ("/ferry/cli/import/validates", test_import_validates);

  return g_test_run ();
}

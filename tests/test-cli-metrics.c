/* test-cli-metrics.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-test-util.h"

/* `ferryctl metrics`: its JSON contract, read from the recorded history
 * and sampled from a real running ferry-demo-service. */

#define SEC    G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SEC)
#define MIB    (1024.0 * 1024.0)

typedef struct
{
  gchar *out;
  gchar *err;
  gint   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs ferryctl with the test's isolated folders, so that it reads the
 * state store the test wrote. */
static void
run_ferryctl (Run         *run,
              const gchar *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
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

  launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
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

/* The acme-shop fixture as a workspace folder, and its state store. */
static gchar *
make_workspace (FerryStore **store)
{
  g_autofree gchar *fixture = g_test_build_filename (G_TEST_DIST, "workspaces", "valid", "acme-shop.json", NULL);
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *contents = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  gchar *dir = test_make_dir ("acme-shop");

  manifest = g_build_filename (dir, "ferry.json", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (manifest, contents, -1, NULL));

  workspace = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
  if (store != NULL)
    {
      *store = ferry_store_open (id, &error);
      g_assert_no_error (error);
    }

  return dir;
}

static JsonNode *
parse (const gchar *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

/* The contract: {"service", "environment", "series": [{"metric", "unit",
 * "points": [[time, value], ...]}]} with cpu, memory, net_rx, net_tx. */
static JsonArray *
check_contract (JsonNode    *root,
                const gchar *service,
                const gchar *environment)
{
  static const gchar *metrics[] = { "cpu", "memory", "net_rx", "net_tx" };
  static const gchar *units[] = { "cores", "bytes", "bytes/s", "bytes/s" };
  JsonObject *object = json_node_get_object (root);
  JsonArray *series;

  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, service);
  g_assert_cmpstr (json_object_get_string_member (object, "environment"), ==, environment);
  series = json_object_get_array_member (object, "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      JsonObject *one = json_array_get_object_element (series, i);
      JsonArray *points = json_object_get_array_member (one, "points");

      g_assert_cmpstr (json_object_get_string_member (one, "metric"), ==, metrics[i]);
      g_assert_cmpstr (json_object_get_string_member (one, "unit"), ==, units[i]);
      for (guint j = 0; j < json_array_get_length (points); j++)
        {
          JsonArray *point = json_array_get_array_element (points, j);

          g_assert_cmpuint (json_array_get_length (point), ==, 2);
          g_assert_cmpint (json_node_get_value_type (json_array_get_element (point, 0)), ==, G_TYPE_INT64);
          g_assert_true (JSON_NODE_HOLDS_VALUE (json_array_get_element (point, 1)));
        }
    }

  return series;
}

static JsonArray *
points_of (JsonArray *series,
           guint      index)
{
  return json_object_get_array_member (json_array_get_object_element (series, index), "points");
}

static void
test_history (void)
{
  g_autoptr(FerryStore) store = NULL;
  g_autofree gchar *dir = make_workspace (&store);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *series, *cpu, *memory;
  gint64 now = g_get_real_time ();
  gint64 minute = now - now % MINUTE;
  Run run = { 0 };

  /* Five minutes recorded by the window, and one of an hour ago. */
  for (guint m = 0; m < 2; m++)
    {
      FerryMetricHistory *history = ferry_metric_history_new ("cart-api", "dev",
                                                              m == 0 ? FERRY_METRIC_CPU : FERRY_METRIC_MEMORY);
      FerrySeriesBucket old = { minute - 60 * MINUTE, 9, 9, 9, 60 };

      g_array_append_val (history->buckets, old);
      for (guint i = 5; i >= 1; i--)
        {
          gdouble value = m == 0 ? 0.1 * i : 16 * MIB * i;
          FerrySeriesBucket bucket = { minute - i * MINUTE, value, value, value, 60 };

          g_array_append_val (history->buckets, bucket);
        }
      g_ptr_array_add (batch, history);
    }
  g_assert_true (ferry_store_put_metric_history (store, batch, &error));
  g_assert_no_error (error);

  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "dev", "--format", "json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  root = parse (run.out);
  series = check_contract (root, "cart-api", "dev");
  cpu = points_of (series, 0);
  memory = points_of (series, 1);

  /* The last 10 minutes: five rows, oldest first, at each minute's start. */
  g_assert_cmpuint (json_array_get_length (cpu), ==, 5);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (cpu, 0), 0),
                   ==, (minute - 5 * MINUTE) / SEC);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (cpu, 0), 1),
                                  0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (cpu, 4), 1),
                                  0.1, 1e-9);
  g_assert_cmpuint (json_array_get_length (memory), ==, 5);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (memory, 4), 1), ==, 16 * MIB);
  g_assert_cmpuint (json_array_get_length (points_of (series, 2)), ==, 0);
  run_clear (&run);

  /* Further back, the older row too; as text, per metric. */
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "dev", "--since", "2h", NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "cart-api in dev, the last 2h (recorded, one row a minute)\n"));
  g_assert_nonnull (strstr (run.out, "\ncpu      10.0 %"));
  g_assert_nonnull (strstr (run.out, "\nmemory   16.0 MiB"));
  g_assert_nonnull (strstr (run.out, "\nnet_rx   –"));
  run_clear (&run);
}

static void
test_live (void)
{
  g_autoptr(FerryStore) store = NULL;
  g_autofree gchar *dir = make_workspace (&store);
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *series, *memory, *cpu;
  Run run = { 0 };

  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_DEMO_MEMORY_MB=32", NULL }, &error);
  g_assert_no_error (error);
  process->service = g_strdup ("cart-api");
  process->environment = g_strdup ("uat");
  process->version = g_strdup ("0123456789abcdef0123456789abcdef01234567");
  process->pid = demo->pid;
  process->start_time = ferry_store_pid_start_time (demo->pid);
  process->port = demo->port;
  g_assert_true (ferry_store_put_local_process (store, process, &error));
  g_assert_no_error (error);

  /* Nothing recorded: it samples the process for the window asked. */
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "uat", "--since", "3s", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  series = check_contract (root, "cart-api", "uat");
  cpu = points_of (series, 0);
  memory = points_of (series, 1);
  g_assert_cmpuint (json_array_get_length (memory), >=, 2);
  g_assert_cmpuint (json_array_get_length (cpu), >=, 1);
  for (guint i = 0; i < json_array_get_length (memory); i++)
    g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (memory, i), 1), >=, 32 * MIB);
  g_assert_cmpuint (json_array_get_length (points_of (series, 2)), >=, 1);
  run_clear (&run);

  /* The text says it sampled. */
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "uat", "--since", "2s", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "sampling it for 2s"));
  g_assert_true (g_str_has_prefix (run.out, "cart-api in uat, the last 2s (sampled now, once a second)\n"));
  run_clear (&run);

  g_assert_cmpint (demo_process_terminate (demo), ==, 0);

  /* Gone, and nothing recorded: refused. */
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "uat", "--since", "2s", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cart-api does not run in uat"));
  run_clear (&run);
}

/* An environment with a Prometheus source is read from it: a real
 * Prometheus scraping a running ferry-demo-service, asked with range
 * queries. Nothing of it runs or was recorded on this computer. */
static void
test_prometheus (void)
{
  g_autofree gchar *binary = test_prometheus_find ();
  g_autofree gchar *dir = NULL;
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *contents = NULL;
  g_autofree gchar *broken = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(TestPrometheus) prom = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *series, *memory;
  gboolean scraped = FALSE;
  Run run = { 0 };

  if (binary == NULL)
    return;

  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_SERVICE=cart-api", "FERRY_DEMO_MEMORY_MB=32",
                                                             NULL }, &error);
  g_assert_no_error (error);
  prom = test_prometheus_start (binary, "cart-api", demo->port);

  /* prod of acme-shop, with its metrics in that Prometheus. */
  dir = make_workspace (NULL);
  manifest = g_build_filename (dir, "ferry.json", NULL);
  g_assert_true (g_file_get_contents (manifest, &contents, NULL, NULL));
  {
    g_autofree gchar *source = g_strdup_printf ("\"name\": \"prod\", \"metrics\": {\"kind\": \"prometheus\", "
                                                "\"url\": \"%s\"},", prom->url);
    g_auto(GStrv) parts = g_strsplit (contents, "\"name\": \"prod\",", 2);

    g_assert_nonnull (parts[1]);
    g_free (contents);
    contents = g_strjoin (source, parts[0], parts[1], NULL);
    g_assert_true (g_file_set_contents (manifest, contents, -1, NULL));
  }

  /* Scraped every second: a few seconds give points. Bounded wait. */
  for (guint i = 0; i < 60 && !scraped; i++)
    {
      run_clear (&run);
      g_clear_pointer (&root, json_node_unref);
      run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "prod", "--since", "2m", "--format", "json", NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
      root = parse (run.out);
      series = check_contract (root, "cart-api", "prod");
      scraped = json_array_get_length (points_of (series, 1)) >= 2 &&
                json_array_get_length (points_of (series, 2)) >= 1;
      if (!scraped)
        g_usleep (G_USEC_PER_SEC / 2);
    }
  g_assert_true (scraped);

  /* Its resident memory, a point every second (2 min / 240 → 1 s). */
  memory = points_of (series, 1);
  for (guint i = 0; i < json_array_get_length (memory); i++)
    {
      JsonArray *point = json_array_get_array_element (memory, i);

      g_assert_cmpfloat (json_array_get_double_element (point, 1), >=, 32 * MIB);
      g_assert_cmpfloat (json_array_get_double_element (point, 1), <, 4096 * MIB);
      if (i > 0)
        g_assert_cmpint (json_array_get_int_element (point, 0) -
                         json_array_get_int_element (json_array_get_array_element (memory, i - 1), 0), ==, 1);
    }
  run_clear (&run);

  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "prod", NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree gchar *head = g_strdup_printf ("cart-api in prod, the last 10m (from Prometheus at %s, "
                                              "a point every 3 s)\n", prom->url);

    g_assert_true (g_str_has_prefix (run.out, head));
  }
  g_assert_nonnull (strstr (run.out, "\nmemory   "));
  g_assert_null (strstr (run.out, "\nmemory   –"));
  run_clear (&run);

  /* The server's own error, and which metric it was about. */
  broken = g_strdup_printf ("\"url\": \"%s\", \"queries\": {\"memory\": \"sum(process_resident_memory_bytes\"}",
                            prom->url);
  {
    g_autofree gchar *url_member = g_strdup_printf ("\"url\": \"%s\"", prom->url);
    g_auto(GStrv) parts = g_strsplit (contents, url_member, 2);
    g_autofree gchar *changed = g_strjoin (broken, parts[0], parts[1], NULL);

    g_assert_true (g_file_set_contents (manifest, changed, -1, NULL));
  }
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "prod", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot read the metrics of cart-api in prod from Prometheus at "));
  g_assert_nonnull (strstr (run.err, ": memory: Prometheus: "));
  g_assert_nonnull (strstr (run.err, "parse error"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  /* Gone: said, not hung. */
  g_clear_pointer (&prom, test_prometheus_stop);
  g_assert_true (g_file_set_contents (manifest, contents, -1, NULL));
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "prod", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot reach Prometheus at"));
  run_clear (&run);

  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
}

static void
test_usage (void)
{
  g_autofree gchar *dir = make_workspace (NULL);
  g_autofree gchar *state = g_build_filename (g_get_user_state_dir (), "ferry", NULL);
  Run run = { 0 };

  run_ferryctl (&run, "metrics", "cart-api", dir, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--env ENV is required"));
  run_clear (&run);

  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "dev", "--since", "soon", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "dev", "--format", "yaml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_ferryctl (&run, "metrics", "nope", dir, "--env", "dev", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no service named nope"));
  run_clear (&run);

  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "qa", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no environment named qa"));
  run_clear (&run);

  /* Never deployed from: no state store, and none is made. */
  run_ferryctl (&run, "metrics", "cart-api", dir, "--env", "dev", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no metrics of it were recorded"));
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/cli-metrics/history", test_history);
  g_test_add_func ("/ferry/cli-metrics/live", test_live);
  g_test_add_func ("/ferry/cli-metrics/prometheus", test_prometheus);
  g_test_add_func ("/ferry/cli-metrics/usage", test_usage);

  return g_test_run ();
}

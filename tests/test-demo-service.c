/* test-demo-service.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ferry-test-util.h"

#define ENV(...) ((const gchar * const[]) { __VA_ARGS__, NULL })
#define LABELS(...) ((const gchar * const[]) { __VA_ARGS__, NULL })

/* Polls @demo's metric until it reaches @at_least; bounded, so a broken
 * service fails the test instead of hanging it. */
static gdouble
wait_for_metric (DemoProcess         *demo,
                 const gchar         *name,
                 const gchar * const *matchers,
                 gdouble              at_least)
{
  gdouble value = NAN;

  for (guint i = 0; i < 200; i++)
    {
      value = demo_metric (demo, name, matchers);
      if (value >= at_least)
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }

  return value;
}

static JsonObject *
get_json (DemoProcess *demo,
          const gchar *path,
          JsonNode   **root)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *body = NULL;
  guint status = 0;

  body = demo_get (demo, path, &status);
  g_assert_cmpuint (status, ==, 200);
  *root = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));

  return json_node_get_object (*root);
}

static void
test_health (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *body = NULL;
  g_autofree gchar *url = NULL;
  JsonObject *object;
  guint status = 0;

  demo = demo_process_start (NULL, ENV ("FERRY_SERVICE=cart-api", "FERRY_VERSION=1.4.2",
                                        "FERRY_ENV=uat"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (demo->port, >, 0);

  body = demo_get (demo, "/healthz", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (g_strstrip (body), ==, "ok");

  object = get_json (demo, "/", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, "cart-api");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "1.4.2");
  g_assert_cmpstr (json_object_get_string_member (object, "env"), ==, "uat");
  g_assert_cmpint (json_object_get_int_member (object, "pid"), ==, demo->pid);
  g_assert_cmpint (json_object_get_int_member (object, "uptime_seconds"), >=, 0);
  g_assert_true (json_object_get_boolean_member (object, "healthy"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "upstreams")), ==, 0);
  g_clear_pointer (&root, json_node_unref);

  object = get_json (demo, "/api/orders/42?full=1", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/api/orders/42");
  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, "cart-api");

  g_clear_pointer (&body, g_free);
  body = demo_get (demo, "/nowhere", &status);
  g_assert_cmpuint (status, ==, 404);

  url = g_strconcat (demo->base_url, "/healthz", NULL);
  g_clear_pointer (&body, g_free);
  body = demo_http_get (url, "POST", &status, NULL);
  g_assert_cmpuint (status, ==, 405);

  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
}

static void
test_metrics (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(FerryPromText) text = NULL;
  g_autofree gchar *body = NULL;
  g_autofree gchar *url = NULL;
  g_autofree gchar *content_type = NULL;
  FerryPromFamily *family;
  gdouble value, now = g_get_real_time () / 1e6;
  guint status;

  demo = demo_process_start (NULL, ENV ("FERRY_SERVICE=we\"ird\\name"), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    g_free (demo_get (demo, "/healthz", &status));
  g_free (demo_get (demo, "/api/ping", &status));

  url = g_strconcat (demo->base_url, "/metrics", NULL);
  body = demo_http_get (url, "GET", &status, &content_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (content_type, "version=0.0.4"));

  text = ferry_prom_text_parse (body, -1, &error);
  g_assert_no_error (error);

  family = ferry_prom_text_lookup_family (text, "process_cpu_seconds_total");
  g_assert_nonnull (family);
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_COUNTER);
  value = ferry_prom_sample_get_value (ferry_prom_family_get_sample (family, 0));
  g_assert_cmpfloat (value, >=, 0.0);

  family = ferry_prom_text_lookup_family (text, "process_resident_memory_bytes");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_GAUGE);
  g_assert_cmpfloat (ferry_prom_sample_get_value (ferry_prom_family_get_sample (family, 0)), >, 1024 * 1024);

  family = ferry_prom_text_lookup_family (text, "process_start_time_seconds");
  value = ferry_prom_sample_get_value (ferry_prom_family_get_sample (family, 0));
  g_assert_cmpfloat (value, >, now - 120);
  g_assert_cmpfloat (value, <, now + 120);

  g_assert_true (ferry_prom_text_sum (text, "ferry_demo_requests_total",
                                      LABELS ("path", "/healthz", "code", "200"), &value));
  g_assert_cmpfloat (value, ==, 3);
  g_assert_true (ferry_prom_text_sum (text, "ferry_demo_requests_total",
                                      LABELS ("path", "/api/ping", "code", "200"), &value));
  g_assert_cmpfloat (value, ==, 1);
  family = ferry_prom_text_lookup_family (text, "ferry_demo_requests_total");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_COUNTER);

  g_assert_true (ferry_prom_text_sum (text, "ferry_demo_request_bytes_total", NULL, &value));
  g_assert_cmpfloat (value, >, 4 * 20);
  g_assert_true (ferry_prom_text_sum (text, "ferry_demo_response_bytes_total", NULL, &value));
  g_assert_cmpfloat (value, >, 4 * 20);
  g_assert_nonnull (ferry_prom_text_lookup_family (text, "ferry_demo_upstream_requests_total"));

  /* Label values are escaped: the odd name comes back intact. */
  family = ferry_prom_text_lookup_family (text, "ferry_demo_info");
  g_assert_cmpstr (ferry_prom_sample_get_label (ferry_prom_family_get_sample (family, 0), "service"),
                   ==, "we\"ird\\name");

  /* Counters only grow. */
  value = demo_metric (demo, "ferry_demo_request_bytes_total", NULL);
  g_assert_cmpfloat (demo_metric (demo, "ferry_demo_request_bytes_total", NULL), >, value);
}

static void
test_upstreams (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) producer = NULL;
  g_autoptr(DemoProcess) consumer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree gchar *endpoint_b = NULL;
  g_autofree gchar *endpoint_gone = NULL;
  JsonArray *upstreams;
  JsonObject *object;
  gdouble ok, unreachable, served;

  producer = demo_process_start (NULL, ENV ("FERRY_SERVICE=cart-api"), &error);
  g_assert_no_error (error);

  endpoint_b = g_strdup_printf ("FERRY_ENDPOINT_HTTP_CART_API=%s/", producer->base_url);
  endpoint_gone = g_strdup_printf ("FERRY_ENDPOINT_GRPC_GONE=http://127.0.0.1:%u", demo_closed_port ());
  consumer = demo_process_start (NULL, ENV ("FERRY_SERVICE=web-ui", "FERRY_DEMO_PING_INTERVAL=0.1",
                                            endpoint_b, endpoint_gone), &error);
  g_assert_no_error (error);

  ok = wait_for_metric (consumer, "ferry_demo_upstream_requests_total",
                        LABELS ("endpoint", "http:cart-api", "result", "ok"), 3);
  g_assert_cmpfloat (ok, >=, 3);
  unreachable = wait_for_metric (consumer, "ferry_demo_upstream_requests_total",
                                 LABELS ("endpoint", "grpc:gone", "result", "unreachable"), 1);
  g_assert_cmpfloat (unreachable, >=, 1);
  g_assert_cmpfloat (demo_metric (consumer, "ferry_demo_upstream_requests_total",
                                  LABELS ("endpoint", "grpc:gone", "result", "ok")), ==, 0);

  /* The producer counted the calls it served. */
  served = demo_metric (producer, "ferry_demo_requests_total",
                        LABELS ("path", "/api/ping", "code", "200"));
  g_assert_cmpfloat (served, >=, 3);

  object = get_json (consumer, "/", &root);
  upstreams = json_object_get_array_member (object, "upstreams");
  g_assert_cmpuint (json_array_get_length (upstreams), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *up = json_array_get_object_element (upstreams, i);
      const gchar *endpoint = json_object_get_string_member (up, "endpoint");

      if (g_str_equal (endpoint, "http:cart-api"))
        {
          g_assert_cmpstr (json_object_get_string_member (up, "last_result"), ==, "ok");
          g_assert_cmpint (json_object_get_int_member (up, "last_status"), ==, 200);
        }
      else
        {
          g_assert_cmpstr (endpoint, ==, "grpc:gone");
          g_assert_cmpstr (json_object_get_string_member (up, "last_result"), ==, "unreachable");
          g_assert_nonnull (json_object_get_string_member (up, "last_error"));
        }
    }

  /* When the producer stops, the consumer counts failures. */
  g_assert_cmpint (demo_process_terminate (producer), ==, 0);
  unreachable = wait_for_metric (consumer, "ferry_demo_upstream_requests_total",
                                 LABELS ("endpoint", "http:cart-api", "result", "unreachable"), 1);
  g_assert_cmpfloat (unreachable, >=, 1);
}

static void
test_fail_health_file (void)
{
  g_autofree gchar *dir = test_make_dir ("artifact-1.2.3");
  g_autofree gchar *flag = g_build_filename (dir, "FAIL_HEALTH", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autofree gchar *body = NULL;
  g_autofree gchar *log = NULL;
  guint status = 0;

  g_file_set_contents (flag, "bad build 1.2.3\nmore\n", -1, &error);
  g_assert_no_error (error);

  demo = demo_process_start (dir, NULL, &error);
  g_assert_no_error (error);

  body = demo_get (demo, "/healthz", &status);
  g_assert_cmpuint (status, ==, 503);
  g_assert_nonnull (strstr (body, "bad build 1.2.3"));
  g_assert_cmpfloat (demo_metric (demo, "ferry_demo_healthy", NULL), ==, 0);

  /* The file is read on every check: removing it heals the service. */
  g_assert_cmpint (g_remove (flag), ==, 0);
  g_clear_pointer (&body, g_free);
  body = demo_get (demo, "/healthz", &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
  log = demo_process_read_stderr (demo);
  g_assert_nonnull (strstr (log, "health: failing (FAIL_HEALTH: bad build 1.2.3)"));
  g_assert_nonnull (strstr (log, "health: ok"));
}

static void
test_fail_health_env (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autofree gchar *body = NULL;
  guint status = 0;

  demo = demo_process_start (NULL, ENV ("FERRY_DEMO_FAIL=health"), &error);
  g_assert_no_error (error);

  body = demo_get (demo, "/healthz", &status);
  g_assert_cmpuint (status, ==, 503);
  g_assert_nonnull (strstr (body, "FERRY_DEMO_FAIL=health"));
}

static void
test_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autofree gchar *log = NULL;

  demo = demo_process_start (NULL, ENV ("FERRY_DEMO_FAIL=crash", "FERRY_DEMO_CRASH_AFTER=0.3"), &error);
  g_assert_no_error (error);

  g_assert_cmpint (demo_process_wait (demo, 20), ==, 3);
  log = demo_process_read_stderr (demo);
  g_assert_nonnull (strstr (log, "crashing on purpose"));
}

static void
test_sigterm (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autofree gchar *log = NULL;
  g_autofree gchar *endpoint = NULL;
  gint64 start;
  guint status;

  /* Busy: burning CPU, holding memory, calling an upstream that never
   * answers; SIGTERM must still stop it cleanly. */
  endpoint = g_strdup_printf ("FERRY_ENDPOINT_HTTP_SLOW=http://127.0.0.1:%u", demo_closed_port ());
  demo = demo_process_start (NULL, ENV ("FERRY_DEMO_CPU=0.3", "FERRY_DEMO_MEMORY_MB=8",
                                        "FERRY_DEMO_PING_INTERVAL=0.05", endpoint), &error);
  g_assert_no_error (error);
  g_free (demo_get (demo, "/healthz", &status));

  start = g_get_monotonic_time ();
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
  g_test_message ("stopped %.3f s after SIGTERM", (g_get_monotonic_time () - start) / 1e6);

  log = demo_process_read_stderr (demo);
  g_assert_nonnull (strstr (log, "stopping"));
  g_assert_nonnull (strstr (log, "stopped"));
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  FerryMetricSample sample;
  gdouble cpu;

  demo = demo_process_start (NULL, ENV ("FERRY_DEMO_CPU=0.5", "FERRY_DEMO_MEMORY_MB=48"), &error);
  g_assert_no_error (error);

  g_assert_cmpfloat (demo_metric (demo, "process_resident_memory_bytes", NULL), >=, 48.0 * 1024 * 1024);
  g_assert_true (ferry_proc_sampler_sample (sampler, demo->pid, &sample, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_MEMORY], >=, 48.0 * 1024 * 1024);
  /* The burner is a thread of its own. */
  g_assert_cmpfloat (sample.values[FERRY_METRIC_THREADS], >=, 2);

  /* CPU time accumulates (a bounded wait, not a timing assertion). */
  cpu = wait_for_metric (demo, "process_cpu_seconds_total", NULL, 0.25);
  g_assert_cmpfloat (cpu, >=, 0.25);
}

static void
test_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autofree gchar *log = NULL;
  g_autofree gchar *index = NULL;
  g_autofree gchar *auth = NULL;
  guint status = 0;

  auth = g_strdup_printf ("FERRY_ENDPOINT_HTTP_AUTH=http://ana:pa55word@127.0.0.1:%u/", demo_closed_port ());
  demo = demo_process_start (NULL, ENV ("FERRY_API_TOKEN=hunter2-token",
                                        "FERRY_DB_PASSWORD=correct-horse",
                                        "FERRY_ENDPOINT_HTTP_KEYSTORE=http://127.0.0.1:9/keystore-s3cr3t",
                                        "FERRY_DEMO_PING_INTERVAL=0.05",
                                        auth), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (wait_for_metric (demo, "ferry_demo_upstream_requests_total",
                                      LABELS ("endpoint", "http:keystore"), 1), >=, 1);
  index = demo_get (demo, "/", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);

  log = demo_process_read_stderr (demo);
  g_assert_nonnull (strstr (log, "FERRY_API_TOKEN=(hidden)"));
  g_assert_nonnull (strstr (log, "http:auth"));
  for (guint i = 0; i < 2; i++)
    {
      const gchar *text = i == 0 ? log : index;

      g_assert_null (strstr (text, "hunter2-token"));
      g_assert_null (strstr (text, "correct-horse"));
      g_assert_null (strstr (text, "keystore-s3cr3t"));
      g_assert_null (strstr (text, "pa55word"));
    }
}

static void
test_bad_input (void)
{
  static const struct {
    const gchar *env[3];
    const gchar *args[3];
    const gchar *words;
  } cases[] = {
    { { NULL }, { NULL }, "no port" },
    { { NULL }, { "--port", "abc" }, "--port" },
    { { NULL }, { "--port", "70000" }, "between 0 and 65535" },
    { { "PORT=99999" }, { NULL }, "PORT must be" },
    { { "PORT=0", "FERRY_DEMO_CPU=lots" }, { NULL }, "FERRY_DEMO_CPU" },
    { { "PORT=0", "FERRY_DEMO_MEMORY_MB=-1" }, { NULL }, "FERRY_DEMO_MEMORY_MB" },
    { { "PORT=0", "FERRY_DEMO_FAIL=sometimes" }, { NULL }, "FERRY_DEMO_FAIL" },
    { { "PORT=0", "FERRY_ENDPOINT_HTTP=http://127.0.0.1:1" }, { NULL }, "FERRY_ENDPOINT_<KIND>_<NAME>" },
    { { "PORT=0", "FERRY_ENDPOINT_HTTP_CART=ftp://127.0.0.1/" }, { NULL }, "not an http" },
    { { "PORT=0", "FERRY_ENDPOINT_HTTP_CART=" }, { NULL }, "not an http" },
    { { "PORT=0" }, { "--ping-interval=5000" }, "--ping-interval" },
    { { "PORT=0" }, { "extra" }, "unexpected argument" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *err = NULL;
      gint status;

      status = demo_run (cases[i].env, cases[i].args, &err);
      g_test_message ("case %u: %d %s", i, status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].words));
      g_assert_nonnull (strstr (err, "--help"));
    }
}

static void
test_port_taken (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *port = NULL;
  g_autofree gchar *err = NULL;

  port = g_strdup_printf ("%u", demo_bind_loopback (&socket));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);

  g_assert_cmpint (demo_run (NULL, LABELS ("--port", port), &err), ==, 1);
  g_assert_nonnull (strstr (err, "cannot listen"));
}

static void
test_version (void)
{
  g_autofree gchar *err = NULL;

  g_assert_cmpint (demo_run (NULL, LABELS ("--version"), &err), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only; the desktop's proxy settings (whose
   * schemas the test environment hides) must not be consulted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/demo-service/health", test_health);
  g_test_add_func ("/ferry/demo-service/metrics", test_metrics);
  g_test_add_func ("/ferry/demo-service/upstreams", test_upstreams);
  g_test_add_func ("/ferry/demo-service/fail-health-file", test_fail_health_file);
  g_test_add_func ("/ferry/demo-service/fail-health-env", test_fail_health_env);
  g_test_add_func ("/ferry/demo-service/crash", test_crash);
  g_test_add_func ("/ferry/demo-service/sigterm", test_sigterm);
  g_test_add_func ("/ferry/demo-service/load", test_load);
  g_test_add_func ("/ferry/demo-service/secrets", test_secrets);
  g_test_add_func ("/ferry/demo-service/bad-input", test_bad_input);
  g_test_add_func ("/ferry/demo-service/port-taken", test_port_taken);
  g_test_add_func ("/ferry/demo-service/version", test_version);

  return g_test_run ();
}

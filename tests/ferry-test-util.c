/* ferry-test-util.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>

#include "ferry-test-util.h"

/* Helpers for the tests of the runtime: run ferry-demo-service (its path
 * is in $FERRY_DEMO_SERVICE) as a real process on a loopback port it picks
 * itself, and wait for metric sources. */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A launcher whose children are killed when the test dies, so that a
 * failed assertion never leaves a server running. */
GSubprocessLauncher *
test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

/* A new directory inside the test's isolated directories (removed with
 * them), never in the shared /tmp. */
gchar *
test_make_dir (const gchar *name)
{
  gchar *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);

  return path;
}

static const gchar *
demo_binary (void)
{
  const gchar *path = g_getenv ("FERRY_DEMO_SERVICE");

  g_assert_nonnull (path);

  return path;
}

/* The test's environment without any variable that would change the
 * service's behaviour, plus @env ("NAME=VALUE" strings). */
static GStrv
make_environ (const gchar * const *env)
{
  g_auto(GStrv) base = g_get_environ ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; base[i] != NULL; i++)
    if (!g_str_has_prefix (base[i], "FERRY_ENDPOINT_") &&
        !g_str_has_prefix (base[i], "FERRY_DEMO_") &&
        !g_str_has_prefix (base[i], "PORT="))
      g_strv_builder_add (builder, base[i]);

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_strv_builder_add (builder, env[i]);

  return g_strv_builder_end (builder);
}

DemoProcess *
demo_process_start (const gchar         *cwd,
                    const gchar * const *env,
                    GError             **error)
{
  static const gchar *args[] = { "--port", "0", NULL };

  return demo_process_start_args (cwd, env, args, error);
}

/* Starts the service with @args and waits for its first line,
 * "listening on 127.0.0.1:PORT". */
DemoProcess *
demo_process_start_args (const gchar         *cwd,
                         const gchar * const *env,
                         const gchar * const *args,
                         GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(DemoProcess) demo = g_new0 (DemoProcess, 1);
  g_auto(GStrv) environ_ = make_environ (env);
  g_autofree gchar *line = NULL;
  static guint counter;

  demo->stderr_path = g_strdup_printf ("%s/demo-%u-stderr.log", g_get_user_cache_dir (), counter++);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_subprocess_launcher_set_environ (launcher, environ_);
  g_subprocess_launcher_set_stderr_file_path (launcher, demo->stderr_path);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  g_ptr_array_add (argv, (gpointer)demo_binary ());
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  demo->process = g_subprocess_launcher_spawnv (launcher, (const gchar * const *)argv->pdata, error);
  if (demo->process == NULL)
    return NULL;
  demo->pid = atoi (g_subprocess_get_identifier (demo->process));

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (demo->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on 127.0.0.1:"))
    {
      g_autofree gchar *err = NULL;

      g_subprocess_wait (demo->process, NULL, NULL);
      err = demo_process_read_stderr (demo);
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "ferry-demo-service did not start: %s", err);
      return NULL;
    }

  demo->port = atoi (line + strlen ("listening on 127.0.0.1:"));
  demo->base_url = g_strdup_printf ("http://127.0.0.1:%u", demo->port);

  return g_steal_pointer (&demo);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
on_waited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Waits (bounded) for the process to end. Returns its exit status, -SIGNAL
 * when killed by a signal, or G_MININT when it did not end in time (it
 * is then killed). */
gint
demo_process_wait (DemoProcess *demo,
                   guint        timeout_seconds)
{
  gboolean done = FALSE, timed_out = FALSE;
  guint timeout_id;

  g_subprocess_wait_async (demo->process, NULL, on_waited, &done);
  timeout_id = g_timeout_add_seconds (timeout_seconds, on_wait_timeout, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!done)
    {
      g_subprocess_force_exit (demo->process);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return G_MININT;
    }
  g_source_remove (timeout_id);

  if (g_subprocess_get_if_signaled (demo->process))
    return -g_subprocess_get_term_sig (demo->process);

  return g_subprocess_get_exit_status (demo->process);
}

/* Sends SIGTERM and waits (bounded) for the end. */
gint
demo_process_terminate (DemoProcess *demo)
{
  g_subprocess_send_signal (demo->process, SIGTERM);

  return demo_process_wait (demo, 10);
}

gchar *
demo_process_read_stderr (DemoProcess *demo)
{
  gchar *contents = NULL;

  if (!g_file_get_contents (demo->stderr_path, &contents, NULL, NULL))
    return g_strdup ("");

  return contents;
}

void
demo_process_free (DemoProcess *demo)
{
  if (demo->process != NULL)
    {
      g_subprocess_force_exit (demo->process);
      g_subprocess_wait (demo->process, NULL, NULL);
      g_clear_object (&demo->process);
    }
  g_free (demo->stderr_path);
  g_free (demo->base_url);
  g_free (demo);
}

/* A blocking HTTP request, for tests. Returns the body, NULL (status 0)
 * when the server cannot be reached. */
gchar *
demo_http_get (const gchar  *url,
               const gchar  *method,
               guint        *status,
               gchar       **content_type)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method ? method : "GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    {
      *status = 0;
      return NULL;
    }

  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Content-Type"));

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

gchar *
demo_get (DemoProcess *demo,
          const gchar *path,
          guint       *status)
{
  g_autofree gchar *url = g_strconcat (demo->base_url, path, NULL);

  return demo_http_get (url, "GET", status, NULL);
}

/* GET /metrics, parsed with the core's parser (which must accept it). */
FerryPromText *
demo_get_metrics (DemoProcess *demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *body = NULL;
  FerryPromText *text;
  guint status = 0;

  body = demo_get (demo, "/metrics", &status);
  g_assert_cmpuint (status, ==, 200);
  text = ferry_prom_text_parse (body, -1, &error);
  g_assert_no_error (error);

  return text;
}

/* The sum of the samples @name with labels @matchers; NaN when none. */
gdouble
demo_metric (DemoProcess         *demo,
             const gchar         *name,
             const gchar * const *matchers)
{
  g_autoptr(FerryPromText) text = demo_get_metrics (demo);
  gdouble sum = 0;

  if (!ferry_prom_text_sum (text, name, matchers, &sum))
    return NAN;

  return sum;
}

/* A TCP socket bound to a free loopback port; returns the port. */
guint
demo_bind_loopback (GSocket **out_socket)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  if (out_socket != NULL)
    *out_socket = g_steal_pointer (&socket);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A loopback port nothing listens on (bound, then released). */
guint
demo_closed_port (void)
{
  return demo_bind_loopback (NULL);
}

/* Runs the service to its end (for usage errors); returns the exit
 * status and the standard error. */
gint
demo_run (const gchar * const  *env,
          const gchar * const  *args,
          gchar               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) environ_ = make_environ (env);

  g_subprocess_launcher_set_environ (launcher, environ_);
  g_ptr_array_add (argv, (gpointer)demo_binary ());
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const gchar * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs a latest-values query to its end, iterating the main context. */
FerryMetricSample *
test_query_latest (FerryMetricSource   *source,
                   FerryMetricLocator  *locator,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_metric_source_query_latest_async (source, locator, cancellable, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ferry_metric_source_query_latest_finish (source, result, error);
}

/* Runs a range query to its end, iterating the main context. */
FerrySeries *
test_query_range (FerryMetricSource   *source,
                  FerryMetricLocator  *locator,
                  FerryMetric          metric,
                  gint64               start,
                  gint64               end,
                  gint64               step,
                  GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_metric_source_query_range_async (source, locator, metric, start, end, step,
                                         NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ferry_metric_source_query_range_finish (source, result, error);
}

static gboolean
shift_port (const GMatchInfo *match,
            GString          *result,
            gpointer          data)
{
  g_autofree gchar *number = g_match_info_fetch (match, 1);

  g_string_append_printf (result, "\"port\": %u", (guint)g_ascii_strtoull (number, NULL, 10) + GPOINTER_TO_UINT (data));

  return FALSE;
}

/* Moves the demo workspace in @dir to ports of its own: test programs run
 * at the same time must not take each other's service ports while one
 * switches versions. @base apart per test program, then by process. */
void
test_demo_shift_ports (const gchar *dir,
                       guint        base)
{
  g_autofree gchar *path = g_build_filename (dir, "ferry.json", NULL);
  g_autofree gchar *contents = NULL;
  g_autofree gchar *shifted = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\"port\": ([0-9]+)", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  guint offset = base + (guint)(getpid () % 40) * 100;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  shifted = g_regex_replace_eval (regex, contents, -1, 0, 0, shift_port, GUINT_TO_POINTER (offset), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, shifted, -1, &error));
}

/* A state database in the test's isolated directories. */
gchar *
test_store_path (const gchar *name)
{
  return g_build_filename (g_get_user_cache_dir (), name, "state.db", NULL);
}

FerryStore *
test_store_open (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  FerryStore *store = ferry_store_open_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

/* Prometheus */

/**
 * test_prometheus_find:
 *
 * Returns: (nullable): the prometheus binary; %NULL, with the test skipped,
 *   when it is not installed. build-aux/test (and so CI) installs it and
 *   sets FERRY_REQUIRE_PROMETHEUS: there, missing is a failure.
 */
gchar *
test_prometheus_find (void)
{
  gchar *path = g_find_program_in_path ("prometheus");

  if (path == NULL && g_file_test ("/usr/bin/prometheus", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/bin/prometheus");

  if (path == NULL)
    {
      if (g_getenv ("FERRY_REQUIRE_PROMETHEUS") != NULL)
        g_error ("prometheus is not installed, and FERRY_REQUIRE_PROMETHEUS is set");
      g_test_skip ("prometheus is not installed (Debian package “prometheus”): "
                   "no test against a real server");
    }

  return path;
}

static gboolean
prometheus_try_start (TestPrometheus *prom,
                      const gchar    *binary,
                      const gchar    *job,
                      guint           target_port)
{
  g_autoptr(GSubprocessLauncher) launcher = test_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *config = g_build_filename (prom->dir, "prometheus.yml", NULL);
  g_autofree gchar *storage = g_build_filename (prom->dir, "data", NULL);
  g_autofree gchar *log = g_build_filename (prom->dir, "prometheus.log", NULL);
  g_autofree gchar *config_arg = g_strdup_printf ("--config.file=%s", config);
  g_autofree gchar *storage_arg = g_strdup_printf ("--storage.tsdb.path=%s", storage);
  g_autofree gchar *listen_arg = NULL;
  g_autofree gchar *yaml = NULL;
  guint port = demo_closed_port ();

  yaml = g_strdup_printf ("global:\n"
                          "  scrape_interval: 1s\n"
                          "  evaluation_interval: 1s\n"
                          "scrape_configs:\n"
                          "  - job_name: %s\n"
                          "    scrape_interval: 1s\n"
                          "    scrape_timeout: 1s\n"
                          "    static_configs:\n"
                          "      - targets: ['127.0.0.1:%u']\n"
                          "        labels:\n"
                          "          environment: dev\n",
                          job, target_port);
  g_file_set_contents (config, yaml, -1, &error);
  g_assert_no_error (error);

  g_free (prom->url);
  prom->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  listen_arg = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  prom->process = g_subprocess_launcher_spawn (launcher, &error,
                                               binary, config_arg, storage_arg, listen_arg,
                                               "--log.level=warn",
                                               "--storage.tsdb.retention.time=1h",
                                               NULL);
  g_assert_no_error (error);

  /* Ready within 30 s, or it failed (the port may have been taken in the
   * meantime: the caller tries again). */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree gchar *ready_url = g_strconcat (prom->url, "/-/ready", NULL);
      g_autofree gchar *body = NULL;
      guint status = 0;

      body = demo_http_get (ready_url, "GET", &status, NULL);
      if (status == 200)
        return TRUE;

      if (g_subprocess_get_identifier (prom->process) == NULL)
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }

  {
    g_autofree gchar *contents = NULL;

    g_file_get_contents (log, &contents, NULL, NULL);
    g_test_message ("prometheus did not start: %s", contents ? contents : "(no log)");
  }
  g_subprocess_force_exit (prom->process);
  g_subprocess_wait (prom->process, NULL, NULL);
  g_clear_object (&prom->process);

  return FALSE;
}

/**
 * test_prometheus_start:
 * @binary: from test_prometheus_find()
 * @job: the job name of the one scrape target
 * @target_port: the loopback port it scrapes `/metrics` of, every second
 *
 * Starts a real Prometheus on a loopback port of its own, with its own
 * configuration and storage in the test's folder: never the system's.
 *
 * Returns: (transfer full): the running server
 */
TestPrometheus *
test_prometheus_start (const gchar *binary,
                       const gchar *job,
                       guint        target_port)
{
  TestPrometheus *prom = g_new0 (TestPrometheus, 1);
  gboolean started = FALSE;

  prom->dir = test_make_dir ("prometheus");
  for (guint attempt = 0; attempt < 3 && !started; attempt++)
    started = prometheus_try_start (prom, binary, job, target_port);
  g_assert_true (started);

  return prom;
}

void
test_prometheus_stop (TestPrometheus *prom)
{
  if (prom->process != NULL)
    {
      DemoProcess as_demo = { .process = prom->process };

      g_subprocess_send_signal (prom->process, SIGTERM);
      if (demo_process_wait (&as_demo, 15) == G_MININT)
        g_test_message ("prometheus had to be killed");
      g_clear_object (&prom->process);
    }
  g_free (prom->dir);
  g_free (prom->url);
  g_free (prom);
}

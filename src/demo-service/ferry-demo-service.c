/* ferry-demo-service.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-demo-service"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "ferry-demo-load.h"
#include "ferry-demo-log.h"
#include "ferry-demo-server.h"

/* ferry-demo-service: the small HTTP service every service of the demo
 * workspace runs, so that health, metrics, traffic along the dependency
 * graph, failures and rollbacks can be shown without a real estate.
 *
 * Exit status: 0 stopped by SIGTERM or SIGINT, 1 cannot run (port taken,
 * out of memory), 2 bad arguments or environment, 3 crashed on purpose
 * (FERRY_DEMO_FAIL=crash). */

#define EXIT_CANNOT_RUN 1
#define EXIT_USAGE 2
#define EXIT_CRASH 3

#define ENDPOINT_PREFIX "FERRY_ENDPOINT_"

static const gchar description[] =
  "Serves /healthz, /metrics (Prometheus text format), / (JSON status) and\n"
  "/api/... (JSON) on 127.0.0.1, and calls /api/ping on every upstream.\n"
  "\n"
  "Environment:\n"
  "  PORT                         port to listen on, if --port is not given (0: any free port)\n"
  "  FERRY_SERVICE, FERRY_VERSION, FERRY_ENV   the identity shown and exported\n"
  "  FERRY_ENDPOINT_<KIND>_<NAME>=URL          an upstream, such as FERRY_ENDPOINT_HTTP_CART\n"
  "  FERRY_DEMO_PING_INTERVAL     seconds between calls to upstreams (default 1.5, jittered ±1/3)\n"
  "  FERRY_DEMO_FAIL=health       /healthz answers 503 (as does a FAIL_HEALTH file in the working directory)\n"
  "  FERRY_DEMO_FAIL=crash        exit with status 3 after FERRY_DEMO_CRASH_AFTER seconds (default 3)\n"
  "  FERRY_DEMO_CPU=CORES         burn that much CPU (0.2 is a fifth of one core)\n"
  "  FERRY_DEMO_MEMORY_MB=N       hold N MiB resident\n"
  "\n"
  "The first line on standard output is “listening on 127.0.0.1:PORT”.\n"
  "Exit status: 0 stopped by SIGTERM/SIGINT, 1 cannot run, 2 usage error, 3 crashed on purpose.";

typedef struct
{
  gchar   *service;
  gchar   *version;
  gchar   *environment;
  gchar   *fail;
  gdouble  ping_interval;
  gdouble  crash_after;
  gdouble  cpu;
  guint    memory_mib;
  guint    port;
} Config;

static void
config_clear (Config *config)
{
  g_clear_pointer (&config->service, g_free);
  g_clear_pointer (&config->version, g_free);
  g_clear_pointer (&config->environment, g_free);
  g_clear_pointer (&config->fail, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Config, config_clear)

G_GNUC_PRINTF (1, 2)
static int
usage_error (const gchar *format,
             ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "ferry-demo-service: %s\nRun “ferry-demo-service --help” for usage.\n", message);

  return EXIT_USAGE;
}

static gchar *
env_or (const gchar *name,
        const gchar *fallback)
{
  const gchar *value = g_getenv (name);

  return g_strdup (value != NULL && *value != '\0' ? value : fallback);
}

static gboolean
parse_seconds (const gchar *text,
               gdouble      min,
               gdouble      max,
               gdouble     *value)
{
  gchar *end = NULL;
  gdouble v;

  if (text == NULL || *text == '\0')
    return FALSE;

  v = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !(v >= min && v <= max))
    return FALSE;

  *value = v;

  return TRUE;
}

static gboolean
parse_unsigned (const gchar *text,
                guint        max,
                guint       *value)
{
  guint64 v = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &v, NULL))
    return FALSE;

  *value = (guint)v;

  return TRUE;
}

/* Reads the FERRY_DEMO_* variables; returns an exit status, 0 when fine. */
static int
read_environment (Config *config)
{
  const gchar *value;

  config->service = env_or ("FERRY_SERVICE", "ferry-demo-service");
  config->version = env_or ("FERRY_VERSION", "unknown");
  config->environment = env_or ("FERRY_ENV", "local");
  config->fail = env_or ("FERRY_DEMO_FAIL", NULL);

  if (config->fail != NULL && !g_str_equal (config->fail, "health") && !g_str_equal (config->fail, "crash"))
    return usage_error ("FERRY_DEMO_FAIL must be “health” or “crash”, not “%s”", config->fail);

  config->crash_after = 3.0;
  if ((value = g_getenv ("FERRY_DEMO_CRASH_AFTER")) != NULL &&
      !parse_seconds (value, 0.0, 86400.0, &config->crash_after))
    return usage_error ("FERRY_DEMO_CRASH_AFTER must be a number of seconds (0 to 86400), not “%s”", value);

  if ((value = g_getenv ("FERRY_DEMO_CPU")) != NULL &&
      !parse_seconds (value, 0.0, 64.0, &config->cpu))
    return usage_error ("FERRY_DEMO_CPU must be a number of cores between 0 and 64 (0.2 is a fifth of one), not “%s”", value);

  if ((value = g_getenv ("FERRY_DEMO_MEMORY_MB")) != NULL &&
      !parse_unsigned (value, 65536, &config->memory_mib))
    return usage_error ("FERRY_DEMO_MEMORY_MB must be a whole number of MiB between 0 and 65536, not “%s”", value);

  if (config->ping_interval == 0.0)
    {
      config->ping_interval = 1.5;
      if ((value = g_getenv ("FERRY_DEMO_PING_INTERVAL")) != NULL &&
          !parse_seconds (value, 0.01, 3600.0, &config->ping_interval))
        return usage_error ("FERRY_DEMO_PING_INTERVAL must be a number of seconds between 0.01 and 3600, not “%s”", value);
    }

  return 0;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

/* Logs the configuration the environment gives, secrets hidden. */
static void
log_environment (gchar **env)
{
  g_autoptr(GString) line = g_string_new ("environment:");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; env[i] != NULL; i++)
    {
      const gchar *eq = strchr (env[i], '=');

      if (eq == NULL)
        continue;
      if ((g_str_has_prefix (env[i], "FERRY_") && !g_str_has_prefix (env[i], ENDPOINT_PREFIX)) ||
          g_str_has_prefix (env[i], "PORT="))
        g_ptr_array_add (names, g_strndup (env[i], eq - env[i]));
    }
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);

      if (ferry_demo_is_secret_name (name))
        g_string_append_printf (line, " %s=(hidden)", name);
      else
        g_string_append_printf (line, " %s=%s", name, g_environ_getenv (env, name));
    }

  if (names->len == 0)
    g_string_append (line, " (no FERRY_* or PORT variable)");

  ferry_demo_log ("%s", line->str);
}

/* FERRY_ENDPOINT_HTTP_PRICE_FEED=URL is the upstream "http:price-feed". */
static int
add_upstreams (FerryDemoServer  *server,
               gchar           **env)
{
  for (guint i = 0; env[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree gchar *var = NULL;
      g_autofree gchar *endpoint = NULL;
      const gchar *eq, *rest, *sep;
      gboolean secret;

      if (!g_str_has_prefix (env[i], ENDPOINT_PREFIX) || (eq = strchr (env[i], '=')) == NULL)
        continue;

      var = g_strndup (env[i], eq - env[i]);
      rest = var + strlen (ENDPOINT_PREFIX);
      sep = strchr (rest, '_');
      if (sep == NULL || sep == rest || sep[1] == '\0')
        return usage_error ("%s does not name an endpoint: use FERRY_ENDPOINT_<KIND>_<NAME>, "
                            "such as FERRY_ENDPOINT_HTTP_CART", var);

      {
        g_autofree gchar *kind = g_ascii_strdown (rest, sep - rest);
        g_autofree gchar *name = g_ascii_strdown (sep + 1, -1);

        g_strdelimit (name, "_", '-');
        endpoint = g_strdup_printf ("%s:%s", kind, name);
      }

      secret = ferry_demo_is_secret_name (var);
      if (!ferry_demo_server_add_upstream (server, endpoint, eq + 1, secret, &error))
        return usage_error ("%s: %s", var, error->message);

      if (secret)
        ferry_demo_log ("upstream %s (address hidden: %s looks like a secret)", endpoint, var);
      else
        {
          g_autofree gchar *shown = ferry_demo_redact_url (eq + 1);

          ferry_demo_log ("upstream %s at %s", endpoint, shown);
        }
    }

  return 0;
}

static gboolean
on_stop_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  ferry_demo_log ("stopping");
  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_crash (gpointer user_data)
{
  ferry_demo_log ("crashing on purpose (FERRY_DEMO_FAIL=crash), exit status %d", EXIT_CRASH);
  exit (EXIT_CRASH);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Config) config = { 0 };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FerryDemoServer) server = NULL;
  g_autoptr(FerryDemoLoad) load = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  gint port = -1;
  gdouble ping_interval = 0.0;
  gboolean version = FALSE;
  guint bound;
  int status;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on, on 127.0.0.1 (0: any free port; default: $PORT)", "PORT" },
    { "ping-interval", 0, 0, G_OPTION_ARG_DOUBLE, &ping_interval, "Seconds between calls to upstreams (default 1.5)", "SECONDS" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "The HTTP service of Ferry's demo workspace.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);

  if (version)
    {
      printf ("ferry-demo-service %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (port < 0)
    {
      const gchar *env_port = g_getenv ("PORT");

      if (env_port == NULL)
        return usage_error ("no port: pass --port PORT or set PORT (0 picks a free port)");
      if (!parse_unsigned (env_port, G_MAXUINT16, &config.port))
        return usage_error ("PORT must be a number between 0 and 65535, not “%s”", env_port);
    }
  else if (port > G_MAXUINT16)
    return usage_error ("--port must be between 0 and 65535, not %d", port);
  else
    config.port = port;

  if (ping_interval != 0.0 && !(ping_interval >= 0.01 && ping_interval <= 3600.0))
    return usage_error ("--ping-interval must be between 0.01 and 3600 seconds");
  config.ping_interval = ping_interval;

  if ((status = read_environment (&config)) != 0)
    return status;

  ferry_demo_log_set_service (config.service);
  ferry_demo_log ("starting %s version %s in %s (pid %d)",
                  config.service, config.version, config.environment, (gint)getpid ());
  log_environment (env);

  server = ferry_demo_server_new (config.service, config.version, config.environment);
  ferry_demo_server_set_ping_interval (server, config.ping_interval);
  if (g_strcmp0 (config.fail, "health") == 0)
    ferry_demo_server_set_forced_failure (server, "FERRY_DEMO_FAIL=health");
  if ((status = add_upstreams (server, env)) != 0)
    return status;

  if (config.cpu > 0 || config.memory_mib > 0)
    {
      if (!(load = ferry_demo_load_start (config.cpu, config.memory_mib, &error)))
        {
          ferry_demo_log ("cannot start the load: %s", error->message);
          return EXIT_CANNOT_RUN;
        }
      ferry_demo_log ("load: burning %.2f cores, holding %u MiB", config.cpu, config.memory_mib);
    }

  bound = ferry_demo_server_listen (server, config.port, &error);
  if (bound == 0)
    {
      ferry_demo_log ("cannot listen on 127.0.0.1:%u: %s", config.port, error->message);
      return EXIT_CANNOT_RUN;
    }

  printf ("listening on 127.0.0.1:%u\n", bound);
  fflush (stdout);
  ferry_demo_log ("listening on 127.0.0.1:%u", bound);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_stop_signal, loop);
  g_unix_signal_add (SIGINT, on_stop_signal, loop);
  if (g_strcmp0 (config.fail, "crash") == 0)
    {
      ferry_demo_log ("will crash in %.1f s (FERRY_DEMO_FAIL=crash)", config.crash_after);
      g_timeout_add ((guint)(config.crash_after * 1000), on_crash, NULL);
    }

  g_main_loop_run (loop);

  ferry_demo_server_stop (server);
  g_clear_pointer (&load, ferry_demo_load_stop);
  ferry_demo_log ("stopped");

  return 0;
}

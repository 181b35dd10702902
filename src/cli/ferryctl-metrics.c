/* ferryctl-metrics.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib-unix.h>
#include <math.h>
#include <stdlib.h>

#include "ferry-core.h"

#include "ferryctl-commands.h"

/* ferryctl metrics SERVICE [WS] --env ENV [--since 10m] --format text|json
 *
 * What was recorded of a service in an environment over the last
 * --since. An environment with a Prometheus source ("metrics" in
 * ferry.json) is asked with range queries. Otherwise it is the state
 * store's one-a-minute history (what the window sampled), or, when there
 * is none, samples taken now, once a second, for that long. */

#define MAX_SINCE (G_GINT64_CONSTANT (24 * 3600) * G_USEC_PER_SEC)

static const FerryMetric printed[] = {
  FERRY_METRIC_CPU,
  FERRY_METRIC_MEMORY,
  FERRY_METRIC_NET_RX,
  FERRY_METRIC_NET_TX,
};

/* Points a range query asks Prometheus for, whatever --since is. */
#define RANGE_POINTS 240

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  guint      deadline;
  gboolean   done;
  gboolean   ok;
} Wait;

typedef struct
{
  GMainLoop   *loop;
  FerrySeries *series;
  GError      *error;
} RangeWait;

/* "90s", "10m", "2h", "1d": a duration in µs, or 0 when malformed. */
static gint64
parse_duration (const gchar *text)
{
  gchar *end = NULL;
  guint64 n;
  gint64 unit;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return 0;

  n = g_ascii_strtoull (text, &end, 10);
  if (g_str_equal (end, "s"))
    unit = G_USEC_PER_SEC;
  else if (g_str_equal (end, "m"))
    unit = 60 * G_USEC_PER_SEC;
  else if (g_str_equal (end, "h"))
    unit = 3600 * (gint64)G_USEC_PER_SEC;
  else if (g_str_equal (end, "d"))
    unit = 86400 * (gint64)G_USEC_PER_SEC;
  else
    return 0;

  if (n == 0 || n > (guint64)(MAX_SINCE / unit))
    return 0;

  return (gint64)n * unit;
}

static const gchar *
unit_name (FerryUnit unit)
{
  switch (unit)
    {
    case FERRY_UNIT_CORES:
      return "cores";

    case FERRY_UNIT_BYTES:
      return "bytes";

    case FERRY_UNIT_BYTES_PER_SECOND:
      return "bytes/s";

    case FERRY_UNIT_COUNT:
      return "count";

    case FERRY_UNIT_TIME:
    case FERRY_UNIT_NONE:
    default:
      return "";
    }
}

static void
on_round (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = ferry_metrics_sampler_sample_finish (FERRY_METRICS_SAMPLER (object), result, &wait->error);
  wait->done = TRUE;
  g_main_loop_quit (wait->loop);
}

static gboolean
on_deadline (gpointer user_data)
{
  Wait *wait = user_data;

  wait->deadline = 0;
  g_main_loop_quit (wait->loop);

  return G_SOURCE_REMOVE;
}

/* Ctrl+C ends the sampling early; what was sampled is printed. */
static gboolean
on_interrupt (gpointer user_data)
{
  Wait *wait = user_data;

  g_main_loop_quit (wait->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
has_finite (FerrySeries *series)
{
  for (guint i = 0; series != NULL && i < ferry_series_get_length (series); i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (series, i, &point);
      if (isfinite (point.value))
        return TRUE;
    }

  return FALSE;
}

static JsonNode *
to_json (const gchar  *service,
         const gchar  *environment,
         FerrySeries **series)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, service);
  json_builder_set_member_name (builder, "environment");
  json_builder_add_string_value (builder, environment);
  json_builder_set_member_name (builder, "series");
  json_builder_begin_array (builder);
  for (guint m = 0; m < G_N_ELEMENTS (printed); m++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "metric");
      json_builder_add_string_value (builder, ferry_metric_to_string (printed[m]));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, unit_name (ferry_metric_get_unit (printed[m])));
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint i = 0; series[m] != NULL && i < ferry_series_get_length (series[m]); i++)
        {
          FerrySeriesPoint point;

          ferry_series_get_point (series[m], i, &point);
          if (!isfinite (point.value))
            continue;
          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, (point.time + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);
          json_builder_add_double_value (builder, point.value);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ▁▂▃▅▇ over the values, a character for each slice of time. */
static gchar *
spark (FerrySeries *series,
       gint64       start,
       gint64       end)
{
  static const gchar *bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
  FerrySeriesColumn columns[24];
  GString *text = g_string_new (NULL);
  gdouble lo, hi;

  if (!ferry_series_get_value_range (series, start, end, &lo, &hi))
    return g_string_free (text, FALSE);

  ferry_series_decimate (series, start, end, columns, G_N_ELEMENTS (columns));
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      guint level;

      if (columns[c].count == 0)
        {
          g_string_append_c (text, ' ');
          continue;
        }
      level = hi > lo ? (guint)((columns[c].mean - lo) / (hi - lo) * 7.0 + 0.5) : 0;
      g_string_append (text, bars[MIN (level, 7u)]);
    }

  return g_string_free (text, FALSE);
}

static gchar *
to_text (const gchar  *service,
         const gchar  *environment,
         const gchar  *since_text,
         const gchar  *how,
         FerrySeries **series,
         gint64        start,
         gint64        end)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s in %s, the last %s (%s)\n", service, environment, since_text, how);
  g_string_append_printf (text, "%-8s %-11s %-11s %-11s %-11s %s\n",
                          "METRIC", "LATEST", "MEAN", "MIN", "MAX", "");

  for (guint m = 0; m < G_N_ELEMENTS (printed); m++)
    {
      FerryUnit unit = ferry_metric_get_unit (printed[m]);
      g_autofree gchar *latest = NULL;
      g_autofree gchar *mean = NULL;
      g_autofree gchar *min = NULL;
      g_autofree gchar *max = NULL;
      g_autofree gchar *line = NULL;
      gdouble sum = 0, lo = NAN, hi = NAN, last = NAN;
      guint n = 0;

      for (guint i = 0; series[m] != NULL && i < ferry_series_get_length (series[m]); i++)
        {
          FerrySeriesPoint point;

          ferry_series_get_point (series[m], i, &point);
          if (!isfinite (point.value))
            continue;
          sum += point.value;
          lo = n == 0 ? point.value : MIN (lo, point.value);
          hi = n == 0 ? point.value : MAX (hi, point.value);
          last = point.value;
          n++;
        }

      latest = ferry_format_value (unit, last);
      mean = ferry_format_value (unit, n > 0 ? sum / n : NAN);
      min = ferry_format_value (unit, lo);
      max = ferry_format_value (unit, hi);
      line = series[m] != NULL ? spark (series[m], start, end) : g_strdup ("");

      /* Column widths count characters, not bytes ("–" is three). */
      g_string_append_printf (text, "%-8s ", ferry_metric_to_string (printed[m]));
      g_string_append_printf (text, "%s%*s", latest, (gint)(12 - g_utf8_strlen (latest, -1)), "");
      g_string_append_printf (text, "%s%*s", mean, (gint)(12 - g_utf8_strlen (mean, -1)), "");
      g_string_append_printf (text, "%s%*s", min, (gint)(12 - g_utf8_strlen (min, -1)), "");
      g_string_append_printf (text, "%s%*s", max, (gint)(12 - g_utf8_strlen (max, -1)), "");
      g_string_append_printf (text, "%s\n", line);
    }

  return g_string_free (text, FALSE);
}

static void
on_range (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RangeWait *wait = user_data;

  wait->series = ferry_metric_source_query_range_finish (FERRY_METRIC_SOURCE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* One range query for each printed metric, over [@start, @end] a point
 * every @step. */
static gboolean
query_ranges (FerryMetricSource  *source,
              const gchar        *service,
              const gchar        *environment,
              gint64              start,
              gint64              end,
              gint64              step,
              FerrySeries       **series,
              GError            **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new (service, environment);

  for (guint m = 0; m < G_N_ELEMENTS (printed); m++)
    {
      RangeWait wait = { loop, NULL, NULL };

      ferry_metric_source_query_range_async (source, locator, printed[m], start, end, step,
                                             NULL, on_range, &wait);
      g_main_loop_run (loop);

      if (wait.series == NULL)
        {
          g_propagate_prefixed_error (error, wait.error, "%s: ", ferry_metric_to_string (printed[m]));
          for (guint done = 0; done < m; done++)
            g_clear_object (&series[done]);
          return FALSE;
        }
      series[m] = wait.series;
    }

  return TRUE;
}

/* The step that gives about RANGE_POINTS points over @since, in whole
 * seconds, as Prometheus steps usually are. */
static gint64
range_step (gint64 since)
{
  gint64 seconds = (since / RANGE_POINTS + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  return MAX (seconds, 1) * G_USEC_PER_SEC;
}

static gboolean
run_round (FerryMetricsSampler  *sampler,
           GMainLoop            *loop,
           GError              **error)
{
  Wait wait = { loop, NULL, 0, FALSE, FALSE };

  ferry_metrics_sampler_sample_async (sampler, FALSE, NULL, on_round, &wait);
  if (!wait.done)
    g_main_loop_run (loop);

  if (!wait.ok)
    g_propagate_error (error, wait.error);

  return wait.ok;
}

/* Range queries to the Prometheus source of @env. */
static gint
from_prometheus (FerryEnvironment  *env,
                 const gchar       *service,
                 gint64             since,
                 FerrySeries      **series,
                 gchar            **how,
                 gint64            *now)
{
  g_autoptr(FerryPrometheusSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *environment = ferry_environment_get_name (env);
  gint64 step = range_step (since);

  if (!(source = ferry_prometheus_source_new_from_json (ferry_environment_get_metrics (env), &error)))
    return ferryctl_failed ("The metrics of %s: %s", environment, error->message);

  *now = g_get_real_time ();
  if (!query_ranges (FERRY_METRIC_SOURCE (source), service, environment, *now - since, *now, step, series, &error))
    return ferryctl_failed ("Cannot read the metrics of %s in %s from Prometheus at %s: %s", service,
                            environment, ferry_prometheus_source_get_url (source), error->message);

  *how = g_strdup_printf ("from Prometheus at %s, a point every %" G_GINT64_FORMAT " s",
                          ferry_prometheus_source_get_url (source), step / G_USEC_PER_SEC);

  return FERRYCTL_EXIT_OK;
}

/* The history this computer's state store recorded of @service, or, when
 * there is none, samples of its running process taken now. */
static gint
from_this_computer (FerryWorkspace  *workspace,
                    const gchar     *service,
                    const gchar     *environment,
                    gint64           since,
                    const gchar     *since_text,
                    gboolean         chatty,
                    FerrySeries    **series,
                    gchar          **how,
                    gint64          *now)
{
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *path = NULL;
  gboolean live = FALSE;

  /* Nothing was ever run from a workspace without a state store. */
  id = ferry_store_workspace_id (ferry_workspace_get_source (workspace));
  path = ferry_store_path_for_workspace (id);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return ferryctl_failed ("%s does not run in %s on this computer, and no metrics of it were recorded",
                            service, environment);
  if (!(store = ferry_store_open (id, &error)))
    return ferryctl_failed ("%s", error->message);

  loop = g_main_loop_new (NULL, FALSE);
  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_record_history (sampler, FALSE);
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { service, NULL });

  /* One round reads the history, and samples once if the service runs. */
  if (!run_round (sampler, loop, &error))
    return ferryctl_failed ("%s", error->message);

  *now = g_get_real_time ();
  for (guint m = 0; m < G_N_ELEMENTS (printed) && !live; m++)
    {
      g_autoptr(FerrySeries) recorded = ferry_metrics_sampler_get_series (sampler, service, environment,
                                                                          printed[m], *now - since);
      FerrySeries *sampled = ferry_metrics_sampler_get_live (sampler, service, environment, printed[m]);

      /* History is what the series holds besides this one sample. */
      if (recorded != NULL && ferry_series_get_length (recorded) > (sampled ? ferry_series_get_length (sampled) : 0) &&
          has_finite (recorded))
        break;
      if (m + 1 == G_N_ELEMENTS (printed))
        live = TRUE;
    }

  if (live)
    {
      Wait wait = { loop, NULL, 0, FALSE, FALSE };
      guint interrupt;

      if (!ferry_metrics_sampler_is_running (sampler, service, environment))
        return ferryctl_failed ("%s does not run in %s on this computer, and no metrics of it "
                                "were recorded in the last %s", service, environment, since_text);

      if (chatty)
        g_printerr ("No metrics of %s in %s were recorded in the last %s: sampling it for %s "
                    "(Ctrl+C stops early)…\n", service, environment, since_text, since_text);

      ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_FOREGROUND);
      wait.deadline = g_timeout_add (since / 1000, on_deadline, &wait);
      interrupt = g_unix_signal_add (SIGINT, on_interrupt, &wait);
      g_main_loop_run (loop);
      g_source_remove (interrupt);
      g_clear_handle_id (&wait.deadline, g_source_remove);
      ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_PAUSED);
      *now = g_get_real_time ();
    }

  for (guint m = 0; m < G_N_ELEMENTS (printed); m++)
    series[m] = ferry_metrics_sampler_get_series (sampler, service, environment, printed[m], *now - since);
  *how = g_strdup (live ? "sampled now, once a second" : "recorded, one row a minute");


  return FERRYCTL_EXIT_OK;
}

gint
ferryctl_metrics (const FerryctlCommand  *command,
                  gint                    argc,
                  gchar                 **argv)
{
  static const gchar * const formats[] = { "text", "json", NULL };
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autofree gchar *format = NULL;
  g_autofree gchar *environment = NULL;
  g_autofree gchar *since_text = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *how = NULL;
  FerrySeries *series[G_N_ELEMENTS (printed)] = { NULL };
  FerryEnvironment *env;
  const gchar *service;
  gchar *ws_argv[3] = { NULL, NULL, NULL };
  gint64 since, now = 0;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "env", 0, 0, G_OPTION_ARG_STRING, &environment, "The environment", "ENV" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, "How far back: 90s, 10m (default), 2h, 1d", "DURATION" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Output format: text or json", "FORMAT" },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 2)
    return ferryctl_usage_error (command, "SERVICE is required");
  if (environment == NULL)
    return ferryctl_usage_error (command, "--env ENV is required");
  if (!ferryctl_check_format (command, format ? format : "text", formats, &exit_code))
    return exit_code;
  if (since_text == NULL)
    since_text = g_strdup ("10m");
  if ((since = parse_duration (since_text)) == 0)
    return ferryctl_usage_error (command, "--since takes a duration of at most a day, "
                                 "such as 90s, 10m or 2h, not “%s”", since_text);

  /* SERVICE first, then the workspace as every command takes it. */
  service = argv[1];
  ws_argv[0] = argv[0];
  ws_argv[1] = argc > 2 ? argv[2] : NULL;
  if (argc > 3)
    return ferryctl_usage_error (command, "Unexpected argument “%s”", argv[3]);
  if (!(workspace = ferryctl_open_workspace (command, argc - 1, ws_argv, NULL, TRUE, &exit_code)))
    return exit_code;

  if (ferry_workspace_get_service (workspace, service) == NULL)
    return ferryctl_failed ("%s has no service named %s", ferry_workspace_get_manifest (workspace), service);
  if ((env = ferry_workspace_get_environment (workspace, environment)) == NULL)
    return ferryctl_failed ("%s has no environment named %s", ferry_workspace_get_manifest (workspace), environment);

  /* The environment's own Prometheus knows more than this computer. */
  if (ferry_environment_get_metrics (env) != NULL)
    exit_code = from_prometheus (env, service, since, series, &how, &now);
  else
    exit_code = from_this_computer (workspace, service, environment, since, since_text,
                                    g_strcmp0 (format, "json") != 0, series, &how, &now);
  if (exit_code != FERRYCTL_EXIT_OK)
    return exit_code;

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) node = to_json (service, environment, series);

      output = ferry_json_to_string (node);
    }
  else
    output = to_text (service, environment, since_text, how, series, now - since, now + 1);

  g_print ("%s", output);

  for (guint m = 0; m < G_N_ELEMENTS (printed); m++)
    g_clear_object (&series[m]);

  return FERRYCTL_EXIT_OK;
}

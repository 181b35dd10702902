/* test-prometheus.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include <libsoup/soup.h>

#include "ferry-test-util.h"

#define SEC G_GINT64_CONSTANT (1000000)

/* A SoupServer standing in for Prometheus: it answers according to words
 * in the query, with the payloads and errors of the real API. */
typedef struct
{
  SoupServer        *server;
  gchar             *url;
  GPtrArray         *queries;      /* every `query` received */
  GHashTable        *last_params;
  SoupServerMessage *paused;
} Fake;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const gchar       *content_type,
       const gchar       *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const gchar       *type,
             const gchar       *message)
{
  g_autofree gchar *body = g_strdup_printf ("{\"status\":\"error\",\"errorType\":\"%s\",\"error\":\"%s\"}",
                                            type, message);

  reply (msg, status, "application/json", body);
}

static void
reply_vector (SoupServerMessage *msg,
              const gchar       *values)
{
  g_autofree gchar *body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                                            "\"result\":[%s]}}", values);

  reply (msg, 200, "application/json", body);
}

static void
answer_instant (Fake              *fake,
                SoupServerMessage *msg,
                const gchar       *query)
{
  if (strstr (query, "BAD"))
    reply_error (msg, 400, "bad_data", "invalid parameter \\\"query\\\": 1:4: parse error: unexpected end of input");
  else if (strstr (query, "EXEC"))
    reply_error (msg, 422, "execution", "query processing would load too many samples into memory");
  else if (strstr (query, "SLOW"))
    reply_error (msg, 503, "timeout", "query timed out in expression evaluation");
  else if (strstr (query, "GATEWAY"))
    reply (msg, 502, "text/html", "<html><body>Bad Gateway</body></html>");
  else if (strstr (query, "GARBAGE"))
    reply (msg, 200, "application/json", "this is not {json");
  else if (strstr (query, "WRONGTYPE"))
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
  else if (strstr (query, "ODDVALUE"))
    reply_vector (msg, "{\"metric\":{},\"value\":[1717000000.1,\"lots\"]}");
  else if (strstr (query, "ODDPAIR"))
    reply_vector (msg, "{\"metric\":{},\"value\":[1717000000.1]}");
  else if (strstr (query, "SCALAR"))
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1717000000,\"42\"]}}");
  else if (strstr (query, "HANG"))
    {
      fake->paused = g_object_ref (msg);
      soup_server_message_pause (msg);
    }
  else if (strstr (query, "process_cpu_seconds_total"))
    reply_vector (msg, "{\"metric\":{\"job\":\"web\"},\"value\":[1717000000.123,\"0.25\"]}");
  else if (strstr (query, "process_resident_memory_bytes"))
    reply_vector (msg, "{\"metric\":{\"instance\":\"a\"},\"value\":[1717000000.123,\"1000\"]},"
                       "{\"metric\":{\"instance\":\"b\"},\"value\":[1717000000,\"2e3\"]}");
  else if (strstr (query, "request_bytes"))
    reply_vector (msg, "{\"metric\":{},\"value\":[1717000000,\"NaN\"]}");
  else if (strstr (query, "response_bytes"))
    reply_vector (msg, "{\"metric\":{},\"value\":[1717000000,\"+Inf\"]}");
  else if (strstr (query, "MINUS_INF"))
    reply_vector (msg, "{\"metric\":{},\"value\":[1717000000,\"-Inf\"]}");
  else
    reply_vector (msg, "");
}

static void
answer_range (SoupServerMessage *msg,
              const gchar       *query)
{
  if (strstr (query, "BAD"))
    reply_error (msg, 400, "bad_data", "exceeded maximum resolution of 11,000 points per timeseries");
  else
    reply (msg, 200, "application/json",
           "{\"status\":\"success\",\"warnings\":[\"just a warning\"],\"data\":{\"resultType\":\"matrix\",\"result\":["
           "{\"metric\":{\"pod\":\"web-1\"},\"values\":[[100,\"1\"],[115,\"NaN\"],[130,\"2\"]]},"
           "{\"metric\":{\"pod\":\"web-2\"},\"values\":[[100,\"2\"],[130.0,\"-Inf\"]]}]}}");
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fake *fake = user_data;
  const gchar *promql = query != NULL ? g_hash_table_lookup (query, "query") : NULL;

  if (promql == NULL)
    {
      reply_error (msg, 400, "bad_data", "invalid parameter \\\"query\\\": no query");
      return;
    }

  g_ptr_array_add (fake->queries, g_strdup (promql));
  g_clear_pointer (&fake->last_params, g_hash_table_unref);
  fake->last_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, query);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (fake->last_params, g_strdup (key), g_strdup (value));
  }

  if (g_str_has_suffix (path, "/api/v1/query"))
    answer_instant (fake, msg, promql);
  else if (g_str_has_suffix (path, "/api/v1/query_range"))
    answer_range (msg, promql);
  else
    reply (msg, 404, "text/plain", "404 page not found");
}

static void
fake_setup (Fake          *fake,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  fake->queries = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handle, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

static void
fake_teardown (Fake          *fake,
               gconstpointer  data)
{
  if (fake->paused != NULL)
    {
      reply (fake->paused, 200, "application/json", "{}");
      soup_server_message_unpause (fake->paused);
      g_clear_object (&fake->paused);
    }
  soup_server_disconnect (fake->server);
  g_assert_finalize_object (fake->server);
  g_clear_pointer (&fake->last_params, g_hash_table_unref);
  g_ptr_array_unref (fake->queries);
  g_free (fake->url);
}

static FerryPrometheusSource *
fake_source (Fake        *fake,
             const gchar *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *url = g_strconcat (fake->url, suffix, NULL);
  FerryPrometheusSource *source = ferry_prometheus_source_new (url, &error);

  g_assert_no_error (error);

  return source;
}

/* Only @metric is queried, with @query_template. */
static void
only_query (FerryPrometheusSource *source,
            FerryMetric            metric,
            const gchar           *query_template)
{
  for (guint i = 0; i < FERRY_N_METRICS; i++)
    ferry_prometheus_source_set_query (source, i, i == metric ? query_template : NULL);
}

static void
test_expand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPrometheusSource) source = ferry_prometheus_source_new ("http://prometheus.test:9090/", &error);
  g_autoptr(FerryMetricLocator) web = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerryMetricLocator) odd = ferry_metric_locator_new ("we\"b\\", "prod");
  g_autofree gchar *query = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ferry_prometheus_source_get_url (source), ==, "http://prometheus.test:9090");

  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_CPU, web, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (query, ==, "sum(rate(process_cpu_seconds_total{job=\"web\"}[1m]))");
  g_clear_pointer (&query, g_free);

  /* A label of the locator wins over the default. */
  ferry_metric_locator_set_label (web, "job", "web-scrape");
  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_MEMORY, web, &error);
  g_assert_cmpstr (query, ==, "sum(process_resident_memory_bytes{job=\"web-scrape\"})");
  g_clear_pointer (&query, g_free);

  /* Values are escaped for PromQL strings. */
  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_CPU, odd, &error);
  g_assert_cmpstr (query, ==, "sum(rate(process_cpu_seconds_total{job=\"we\\\"b\\\\\"}[1m]))");
  g_clear_pointer (&query, g_free);

  /* No template, no query, no error. */
  g_assert_null (ferry_prometheus_source_expand_query (source, FERRY_METRIC_THREADS, web, &error));
  g_assert_no_error (error);

  ferry_prometheus_source_use_preset (source, FERRY_PROMETHEUS_PRESET_CADVISOR);
  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_CPU, odd, &error);
  g_assert_cmpstr (query, ==,
                   "sum(rate(container_cpu_usage_seconds_total{namespace=\"prod\",pod=~\"we\\\"b\\\\\\\\-[^-]+-[^-]+\","
                   "container!=\"\",container!=\"POD\"}[1m]))");
  g_clear_pointer (&query, g_free);
  ferry_metric_locator_set_namespace (web, "shop");
  ferry_metric_locator_set_label (web, "pod", "web-7d4b9c8f6-x2x7k");
  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_NET_RX, web, &error);
  g_assert_cmpstr (query, ==,
                   "sum(rate(container_network_receive_bytes_total{namespace=\"shop\",pod=~\"web-7d4b9c8f6-x2x7k\"}[1m]))");
  g_clear_pointer (&query, g_free);

  /* PromQL braces are not placeholders; unknown placeholders are errors. */
  ferry_prometheus_source_set_query (source, FERRY_METRIC_THREADS,
                                     "count({__name__=~\"x.+\",environment=\"{environment}\"}) or vector(0){}");
  query = ferry_prometheus_source_expand_query (source, FERRY_METRIC_THREADS, web, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (query, ==, "count({__name__=~\"x.+\",environment=\"prod\"}) or vector(0){}");
  g_clear_pointer (&query, g_free);

  ferry_prometheus_source_set_query (source, FERRY_METRIC_THREADS, "up{team=\"{team}\"}");
  g_assert_null (ferry_prometheus_source_expand_query (source, FERRY_METRIC_THREADS, web, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR);
  g_assert_nonnull (strstr (error->message, "{team}"));
  g_assert_nonnull (strstr (error->message, "threads"));
}

static void
test_config (void)
{
  static const struct {
    const gchar *json;
    const gchar *words;
  } bad[] = {
    { "[]", "must be an object" },
    { "{\"kind\":\"prometheus\"}", "needs a “url”" },
    { "{\"url\":\"ftp://x\"}", "not an http" },
    { "{\"url\":42}", "must be a string" },
    { "{\"url\":\"http://p:9090\",\"querys\":{}}", "unknown key “querys”" },
    { "{\"url\":\"http://p:9090\",\"preset\":\"node\"}", "unknown preset “node”" },
    { "{\"url\":\"http://p:9090\",\"kind\":\"kubernetes\"}", "kind “kubernetes”" },
    { "{\"url\":\"http://p:9090\",\"queries\":[]}", "must be an object" },
    { "{\"url\":\"http://p:9090\",\"queries\":{\"disk\":\"x\"}}", "unknown metric “disk”" },
    { "{\"url\":\"http://p:9090\",\"queries\":{\"cpu\":1}}", "PromQL string" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FerryPrometheusSource) source = NULL;

  node = json_from_string ("{\"kind\":\"prometheus\",\"name\":\"metrics\",\"url\":\"https://example.test/prometheus\","
                           "\"preset\":\"cadvisor\",\"queries\":{\"cpu\":\"sum(rate(x{job=\\\"{service}\\\"}[5m]))\","
                           "\"net_tx\":null}}", &error);
  g_assert_no_error (error);
  source = ferry_prometheus_source_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_prometheus_source_get_query (source, FERRY_METRIC_CPU), ==,
                   "sum(rate(x{job=\"{service}\"}[5m]))");
  g_assert_null (ferry_prometheus_source_get_query (source, FERRY_METRIC_NET_TX));
  g_assert_nonnull (strstr (ferry_prometheus_source_get_query (source, FERRY_METRIC_MEMORY),
                            "container_memory_working_set_bytes"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) bad_node = json_from_string (bad[i].json, NULL);
      g_autoptr(FerryPrometheusSource) none = NULL;
      g_autoptr(GError) bad_error = NULL;

      none = ferry_prometheus_source_new_from_json (bad_node, &bad_error);
      g_test_message ("%s → %s", bad[i].json, bad_error ? bad_error->message : "(no error)");
      g_assert_null (none);
      g_assert_error (bad_error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG);
      g_assert_nonnull (strstr (bad_error->message, bad[i].words));
    }
}

static void
test_latest (Fake          *fake,
             gconstpointer  data)
{
  g_autoptr(FerryPrometheusSource) source = fake_source (fake, "");
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen = FALSE;

  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_CPU], ==, 0.25);
  /* Two series (replicas) add up. */
  g_assert_cmpfloat (sample->values[FERRY_METRIC_MEMORY], ==, 3000.0);
  g_assert_true (isnan (sample->values[FERRY_METRIC_NET_RX]));
  g_assert_true (isinf (sample->values[FERRY_METRIC_NET_TX]));
  g_assert_cmpfloat (sample->values[FERRY_METRIC_NET_TX], >, 0);
  /* An empty vector is "no value", not an error. */
  g_assert_false (ferry_metric_sample_has (sample, FERRY_METRIC_OPEN_FILES));
  g_assert_false (ferry_metric_sample_has (sample, FERRY_METRIC_THREADS));

  /* The query arrived intact through URL encoding. */
  g_assert_cmpuint (fake->queries->len, ==, 5);
  for (guint i = 0; i < fake->queries->len; i++)
    seen |= g_str_equal (g_ptr_array_index (fake->queries, i),
                         "sum(rate(process_cpu_seconds_total{job=\"web\"}[1m]))");
  g_assert_true (seen);

  only_query (source, FERRY_METRIC_THREADS, "SCALAR");
  g_clear_pointer (&sample, ferry_metric_sample_free);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_THREADS], ==, 42);

  only_query (source, FERRY_METRIC_CPU, "MINUS_INF");
  g_clear_pointer (&sample, ferry_metric_sample_free);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_CPU], ==, -INFINITY);
}

static void
test_errors (Fake          *fake,
             gconstpointer  data)
{
  static const struct {
    const gchar *query;
    gint         code;
    const gchar *words;
  } cases[] = {
    { "BAD", FERRY_METRICS_ERROR_BAD_QUERY, "1:4: parse error: unexpected end of input" },
    { "EXEC", FERRY_METRICS_ERROR_EXECUTION, "too many samples" },
    { "SLOW", FERRY_METRICS_ERROR_UNAVAILABLE, "timed out" },
    { "GATEWAY", FERRY_METRICS_ERROR_UNAVAILABLE, "HTTP 502" },
    { "GARBAGE", FERRY_METRICS_ERROR_PARSE, "not an API answer" },
    { "WRONGTYPE", FERRY_METRICS_ERROR_BAD_QUERY, "matrix" },
    { "ODDVALUE", FERRY_METRICS_ERROR_PARSE, "“lots”" },
    { "ODDPAIR", FERRY_METRICS_ERROR_PARSE, "[time, \"value\"]" },
  };
  g_autoptr(FerryPrometheusSource) source = fake_source (fake, "");
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryMetricSample) sample = NULL;
      g_autoptr(GError) error = NULL;

      only_query (source, FERRY_METRIC_CPU, cases[i].query);
      sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
      g_test_message ("%s → %s", cases[i].query, error ? error->message : "(no error)");
      g_assert_null (sample);
      g_assert_error (error, FERRY_METRICS_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }

  /* One failing metric fails the whole sample, with its error. */
  {
    g_autoptr(FerryMetricSample) sample = NULL;
    g_autoptr(GError) error = NULL;

    ferry_prometheus_source_use_preset (source, FERRY_PROMETHEUS_PRESET_PROCESS);
    ferry_prometheus_source_set_query (source, FERRY_METRIC_NET_TX, "BAD");
    sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
    g_assert_null (sample);
    g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY);
  }
}

static void
test_range (Fake          *fake,
            gconstpointer  data)
{
  g_autoptr(FerryPrometheusSource) source = fake_source (fake, "");
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerrySeries) series = NULL;
  g_autoptr(GError) error = NULL;
  FerrySeriesPoint point;

  ferry_prometheus_source_use_preset (source, FERRY_PROMETHEUS_PRESET_CADVISOR);
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_MEMORY,
                             100 * SEC, 130 * SEC, 15 * SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fake->last_params, "start"), ==, "100.000");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_params, "end"), ==, "130.000");
  g_assert_cmpstr (g_hash_table_lookup (fake->last_params, "step"), ==, "15.000");
  g_assert_nonnull (strstr (g_hash_table_lookup (fake->last_params, "query"), "container_memory_working_set_bytes"));

  /* Series summed per timestamp: 1+2, NaN, 2-Inf. */
  g_assert_cmpuint (ferry_series_get_length (series), ==, 3);
  g_assert_true (ferry_series_get_point (series, 0, &point));
  g_assert_cmpint (point.time, ==, 100 * SEC);
  g_assert_cmpfloat (point.value, ==, 3.0);
  g_assert_true (ferry_series_get_point (series, 1, &point));
  g_assert_cmpint (point.time, ==, 115 * SEC);
  g_assert_true (isnan (point.value));
  g_assert_true (ferry_series_get_point (series, 2, &point));
  g_assert_cmpfloat (point.value, ==, -INFINITY);
  g_clear_object (&series);

  /* Errors of range queries. */
  ferry_prometheus_source_set_query (source, FERRY_METRIC_MEMORY, "BAD");
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_MEMORY,
                             100 * SEC, 130 * SEC, 15 * SEC, &error);
  g_assert_null (series);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY);
  g_assert_nonnull (strstr (error->message, "11,000 points"));
  g_clear_error (&error);

  /* Refused before asking: empty range, too many points. */
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_CPU,
                             100 * SEC, 100 * SEC, SEC, &error);
  g_assert_null (series);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY);
  g_clear_error (&error);
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_CPU,
                             0, 86400 * SEC, SEC, &error);
  g_assert_null (series);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY);
  g_assert_nonnull (strstr (error->message, "larger step"));
  g_clear_error (&error);

  /* A metric without a query: an empty series. */
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_THREADS,
                             100 * SEC, 130 * SEC, 15 * SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_series_get_length (series), ==, 0);
}

static void
test_prefix (Fake          *fake,
             gconstpointer  data)
{
  g_autoptr(FerryPrometheusSource) source = fake_source (fake, "/prometheus/");
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;

  only_query (source, FERRY_METRIC_CPU, "sum(rate(process_cpu_seconds_total{job=\"{job}\"}[1m]))");
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_CPU], ==, 0.25);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u", demo_closed_port ());
  g_autoptr(FerryPrometheusSource) source = ferry_prometheus_source_new (url, &error);
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerryMetricSample) sample = NULL;

  g_assert_no_error (error);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_null (sample);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "Cannot reach Prometheus"));

  g_clear_error (&error);
  g_assert_null (ferry_prometheus_source_new ("prometheus:9090", &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG);
}

static gboolean
cancel_when_asked (gpointer user_data)
{
  Fake *fake = ((gpointer *)user_data)[0];
  GCancellable *cancellable = ((gpointer *)user_data)[1];

  if (fake->paused == NULL)
    return G_SOURCE_CONTINUE;

  g_cancellable_cancel (cancellable);

  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fake          *fake,
             gconstpointer  data)
{
  g_autoptr(FerryPrometheusSource) source = fake_source (fake, "");
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("web", "prod");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  gpointer pair[2] = { fake, cancellable };

  /* The server holds the request; the caller gives up once it arrived. */
  only_query (source, FERRY_METRIC_CPU, "HANG");
  g_timeout_add (10, cancel_when_asked, pair);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, cancellable, &error);
  g_assert_null (sample);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The real thing: Debian's prometheus scraping a running
 * ferry-demo-service, queried through the source. */
static void
test_real_server (void)
{
  g_autofree gchar *binary = test_prometheus_find ();
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(TestPrometheus) prom = NULL;
  g_autoptr(FerryPrometheusSource) source = NULL;
  g_autoptr(FerryMetricLocator) locator = NULL;
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(FerrySeries) series = NULL;
  g_autoptr(GError) error = NULL;
  FerrySeriesPoint point;
  gint64 now;

  if (binary == NULL)
    return;

  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_SERVICE=demo-api", NULL }, &error);
  g_assert_no_error (error);

  prom = test_prometheus_start (binary, "demo-api", demo->port);
  source = ferry_prometheus_source_new (prom->url, &error);
  g_assert_no_error (error);
  locator = ferry_metric_locator_new ("demo-api", "dev");

  /* Scraped every second; rates need two scrapes. Bounded wait. */
  for (guint i = 0; i < 60; i++)
    {
      g_clear_pointer (&sample, ferry_metric_sample_free);
      sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
      g_assert_no_error (error);
      if (ferry_metric_sample_has (sample, FERRY_METRIC_CPU) &&
          ferry_metric_sample_has (sample, FERRY_METRIC_MEMORY) &&
          ferry_metric_sample_has (sample, FERRY_METRIC_NET_RX) &&
          ferry_metric_sample_has (sample, FERRY_METRIC_NET_TX) &&
          sample->values[FERRY_METRIC_NET_RX] > 0)
        break;
      g_usleep (G_USEC_PER_SEC / 2);
    }

  g_test_message ("cpu %g cores, memory %g bytes, rx %g B/s, tx %g B/s, %g files",
                  sample->values[FERRY_METRIC_CPU], sample->values[FERRY_METRIC_MEMORY],
                  sample->values[FERRY_METRIC_NET_RX], sample->values[FERRY_METRIC_NET_TX],
                  sample->values[FERRY_METRIC_OPEN_FILES]);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_CPU], >=, 0.0);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_CPU], <, 64.0);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_MEMORY], >, 1024.0 * 1024);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_MEMORY], <, 64.0 * 1024 * 1024 * 1024);
  /* Each scrape is a request to the demo service: traffic both ways. */
  g_assert_cmpfloat (sample->values[FERRY_METRIC_NET_RX], >, 0.0);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_NET_TX], >, 0.0);
  g_assert_cmpfloat (sample->values[FERRY_METRIC_OPEN_FILES], >, 0.0);

  now = g_get_real_time ();
  series = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_MEMORY,
                             now - 120 * SEC, now, SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_series_get_length (series), >=, 2);
  for (guint i = 0; ferry_series_get_point (series, i, &point); i++)
    {
      g_assert_cmpfloat (point.value, >, 1024.0 * 1024);
      g_assert_cmpint (point.time, >=, now - 120 * SEC);
      g_assert_cmpint (point.time, <=, now + SEC);
    }

  /* A broken query: the server's own message comes through. */
  only_query (source, FERRY_METRIC_CPU, "sum(rate(process_cpu_seconds_total{job=\"{job}\"}[1m])");
  g_clear_pointer (&sample, ferry_metric_sample_free);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_null (sample);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY);
  g_assert_nonnull (strstr (error->message, "parse error"));

  g_clear_pointer (&prom, test_prometheus_stop);
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only; the desktop's proxy settings (whose
   * schemas the test environment hides) must not be consulted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/prometheus/expand", test_expand);
  g_test_add_func ("/ferry/prometheus/config", test_config);
  g_test_add ("/ferry/prometheus/latest", Fake, NULL, fake_setup, test_latest, fake_teardown);
  g_test_add ("/ferry/prometheus/errors", Fake, NULL, fake_setup, test_errors, fake_teardown);
  g_test_add ("/ferry/prometheus/range", Fake, NULL, fake_setup, test_range, fake_teardown);
  g_test_add ("/ferry/prometheus/prefix", Fake, NULL, fake_setup, test_prefix, fake_teardown);
  g_test_add ("/ferry/prometheus/cancel", Fake, NULL, fake_setup, test_cancel, fake_teardown);
  g_test_add_func ("/ferry/prometheus/unreachable", test_unreachable);
  g_test_add_func ("/ferry/prometheus/real-server", test_real_server);

  return g_test_run ();
}

/* ferry-prometheus.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-prometheus"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ferry-prom-text.h"
#include "ferry-prometheus.h"

/**
 * FerryPrometheusSource:
 *
 * Metrics from a Prometheus server's HTTP API (`kind: prometheus` in a
 * workspace): the latest values from instant queries
 * (`/api/v1/query`), ranges from `/api/v1/query_range`.
 *
 * Each metric has a PromQL query template in which `{name}` is replaced
 * by a value of the #FerryMetricLocator, escaped for a PromQL string:
 * a locator label of that name first, else `{service}`, `{environment}`,
 * `{instance}`, `{namespace}` (default: the environment), `{job}`
 * (default: the service) and `{pod}` (default: a regular expression for
 * the pods of a Deployment named after the service). Only `{` + a name +
 * `}` is a placeholder, so PromQL's own label matchers stay as they are.
 * A template whose result has several series is summed, so a service's
 * replicas add up.
 *
 * Values come as strings (`NaN`, `+Inf`, `-Inf` included). Prometheus's
 * errors (`{"status":"error","errorType":"bad_data","error":"..."}`,
 * HTTP 400, 422, 503) become #FerryMetricsError errors that carry its
 * message.
 */
struct _FerryPrometheusSource
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base;
  gchar       *url;
  gchar       *queries[FERRY_N_METRICS];
};

static void metric_source_iface_init (FerryMetricSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryPrometheusSource, ferry_prometheus_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_METRIC_SOURCE, metric_source_iface_init))

#define CADVISOR_SELECTOR "namespace=\"{namespace}\",pod=~\"{pod}\""
#define CADVISOR_CONTAINERS CADVISOR_SELECTOR ",container!=\"\",container!=\"POD\""

static const gchar *process_queries[FERRY_N_METRICS] = {
  [FERRY_METRIC_CPU] = "sum(rate(process_cpu_seconds_total{job=\"{job}\"}[1m]))",
  [FERRY_METRIC_MEMORY] = "sum(process_resident_memory_bytes{job=\"{job}\"})",
  [FERRY_METRIC_NET_RX] = "sum(rate(ferry_demo_request_bytes_total{job=\"{job}\"}[1m]))",
  [FERRY_METRIC_NET_TX] = "sum(rate(ferry_demo_response_bytes_total{job=\"{job}\"}[1m]))",
  [FERRY_METRIC_OPEN_FILES] = "sum(process_open_fds{job=\"{job}\"})",
};

static const gchar *cadvisor_queries[FERRY_N_METRICS] = {
  [FERRY_METRIC_CPU] = "sum(rate(container_cpu_usage_seconds_total{" CADVISOR_CONTAINERS "}[1m]))",
  [FERRY_METRIC_MEMORY] = "sum(container_memory_working_set_bytes{" CADVISOR_CONTAINERS "})",
  [FERRY_METRIC_NET_RX] = "sum(rate(container_network_receive_bytes_total{" CADVISOR_SELECTOR "}[1m]))",
  [FERRY_METRIC_NET_TX] = "sum(rate(container_network_transmit_bytes_total{" CADVISOR_SELECTOR "}[1m]))",
  [FERRY_METRIC_READ_BYTES] = "sum(rate(container_fs_reads_bytes_total{" CADVISOR_CONTAINERS "}[1m]))",
  [FERRY_METRIC_WRITE_BYTES] = "sum(rate(container_fs_writes_bytes_total{" CADVISOR_CONTAINERS "}[1m]))",
};

static void
ferry_prometheus_source_dispose (GObject *object)
{
  FerryPrometheusSource *self = (FerryPrometheusSource *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (ferry_prometheus_source_parent_class)->dispose (object);
}

static void
ferry_prometheus_source_finalize (GObject *object)
{
  FerryPrometheusSource *self = (FerryPrometheusSource *)object;

  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->url);
  for (guint i = 0; i < FERRY_N_METRICS; i++)
    g_free (self->queries[i]);

  G_OBJECT_CLASS (ferry_prometheus_source_parent_class)->finalize (object);
}

static void
ferry_prometheus_source_class_init (FerryPrometheusSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_prometheus_source_dispose;
  object_class->finalize = ferry_prometheus_source_finalize;
}

static void
ferry_prometheus_source_init (FerryPrometheusSource *self)
{
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "Ferry/" PACKAGE_VERSION,
                                                 NULL);
  ferry_prometheus_source_use_preset (self, FERRY_PROMETHEUS_PRESET_PROCESS);
}

/**
 * ferry_prometheus_source_new:
 * @url: the server's base URL, such as `http://prometheus:9090` (a path
 *   prefix is kept: `https://example.test/prometheus`)
 * @error: return location for a #GError
 *
 * Creates a source with the %FERRY_PROMETHEUS_PRESET_PROCESS queries.
 *
 * Returns: (transfer full): the source, or %NULL with
 *   %FERRY_METRICS_ERROR_INVALID_CONFIG when @url is not an HTTP URL
 */
FerryPrometheusSource *
ferry_prometheus_source_new (const gchar  *url,
                             GError      **error)
{
  g_autoptr(FerryPrometheusSource) self = NULL;
  g_autoptr(GUri) base = NULL;
  const gchar *scheme;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  base = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  scheme = base != NULL ? g_uri_get_scheme (base) : NULL;
  if (base == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (base) == NULL || *g_uri_get_host (base) == '\0')
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                   "“%s” is not an http:// or https:// URL of a Prometheus server", url);
      return NULL;
    }

  self = g_object_new (FERRY_TYPE_PROMETHEUS_SOURCE, NULL);
  self->base = g_steal_pointer (&base);
  self->url = g_strdup (url);
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  return g_steal_pointer (&self);
}

static gboolean
json_string_member (JsonObject   *object,
                    const gchar  *name,
                    const gchar **value,
                    GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      *value = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                   "“%s” of a Prometheus source must be a string", name);
      return FALSE;
    }

  *value = json_node_get_string (node);

  return TRUE;
}

static gboolean
apply_queries (FerryPrometheusSource  *self,
               JsonNode               *node,
               GError                **error)
{
  JsonObjectIter iter;
  const gchar *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                           "“queries” of a Prometheus source must be an object of metric → PromQL");
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    {
      FerryMetric metric;

      if (!ferry_metric_from_string (name, &metric))
        {
          g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                       "unknown metric “%s” in “queries” (cpu, memory, net_rx, net_tx, "
                       "read_bytes, write_bytes, threads, open_files)", name);
          return FALSE;
        }

      if (JSON_NODE_HOLDS_NULL (value))
        ferry_prometheus_source_set_query (self, metric, NULL);
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        ferry_prometheus_source_set_query (self, metric, json_node_get_string (value));
      else
        {
          g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                       "the query for “%s” must be a PromQL string, or null for none", name);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * ferry_prometheus_source_new_from_json:
 * @config: a `kind: prometheus` object of a workspace:
 *   `{"kind": "prometheus", "url": "http://…", "preset": "process",
 *   "queries": {"cpu": "…", "threads": null}}`
 * @error: return location for a #GError
 *
 * Creates a source from its workspace configuration. `url` is required;
 * `preset` is `process` (default) or `cadvisor`; `queries` overrides the
 * preset's template per metric (null removes one). Other keys are
 * refused (`name` and `kind` excepted), so a typo never passes silently.
 *
 * Returns: (transfer full): the source, or %NULL with
 *   %FERRY_METRICS_ERROR_INVALID_CONFIG
 */
FerryPrometheusSource *
ferry_prometheus_source_new_from_json (JsonNode  *config,
                                       GError   **error)
{
  static const gchar *known[] = { "kind", "name", "url", "preset", "queries" };
  g_autoptr(FerryPrometheusSource) self = NULL;
  JsonObjectIter iter;
  JsonObject *object;
  const gchar *key, *kind, *url, *preset;
  JsonNode *value, *queries;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                           "a Prometheus source must be an object");
      return NULL;
    }
  object = json_node_get_object (config);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      gboolean ok = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        ok |= g_str_equal (key, known[i]);
      if (!ok)
        {
          g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                       "unknown key “%s” in a Prometheus source (kind, name, url, preset, queries)", key);
          return NULL;
        }
    }

  if (!json_string_member (object, "kind", &kind, error) ||
      !json_string_member (object, "url", &url, error) ||
      !json_string_member (object, "preset", &preset, error))
    return NULL;

  if (kind != NULL && !g_str_equal (kind, "prometheus"))
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                   "a source of kind “%s” is not a Prometheus source", kind);
      return NULL;
    }
  if (url == NULL)
    {
      g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                           "a Prometheus source needs a “url”, such as \"http://prometheus:9090\"");
      return NULL;
    }

  if (!(self = ferry_prometheus_source_new (url, error)))
    return NULL;

  if (preset == NULL || g_str_equal (preset, "process"))
    ferry_prometheus_source_use_preset (self, FERRY_PROMETHEUS_PRESET_PROCESS);
  else if (g_str_equal (preset, "cadvisor"))
    ferry_prometheus_source_use_preset (self, FERRY_PROMETHEUS_PRESET_CADVISOR);
  else
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_CONFIG,
                   "unknown preset “%s” (process or cadvisor)", preset);
      return NULL;
    }

  if ((queries = json_object_get_member (object, "queries")) != NULL &&
      !apply_queries (self, queries, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ferry_prometheus_source_get_url:
 * @self: a #FerryPrometheusSource
 *
 * Returns: the server's base URL
 */
const gchar *
ferry_prometheus_source_get_url (FerryPrometheusSource *self)
{
  g_return_val_if_fail (FERRY_IS_PROMETHEUS_SOURCE (self), NULL);

  return self->url;
}

/**
 * ferry_prometheus_source_use_preset:
 * @self: a #FerryPrometheusSource
 * @preset: a set of query templates
 *
 * Replaces every query template by those of @preset.
 */
void
ferry_prometheus_source_use_preset (FerryPrometheusSource *self,
                                    FerryPrometheusPreset  preset)
{
  const gchar * const *table;

  g_return_if_fail (FERRY_IS_PROMETHEUS_SOURCE (self));

  switch (preset)
    {
    case FERRY_PROMETHEUS_PRESET_CADVISOR:
      table = cadvisor_queries;
      break;

    case FERRY_PROMETHEUS_PRESET_PROCESS:
    default:
      table = process_queries;
      break;
    }

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    ferry_prometheus_source_set_query (self, i, table[i]);
}

/**
 * ferry_prometheus_source_set_query:
 * @self: a #FerryPrometheusSource
 * @metric: a metric
 * @query_template: (nullable): a PromQL template with `{placeholders}`, or
 *   %NULL when the source has no such metric
 */
void
ferry_prometheus_source_set_query (FerryPrometheusSource *self,
                                   FerryMetric            metric,
                                   const gchar           *query_template)
{
  g_return_if_fail (FERRY_IS_PROMETHEUS_SOURCE (self));
  g_return_if_fail (metric < FERRY_N_METRICS);

  g_free (self->queries[metric]);
  self->queries[metric] = g_strdup (query_template);
}

/**
 * ferry_prometheus_source_get_query:
 * @self: a #FerryPrometheusSource
 * @metric: a metric
 *
 * Returns: (nullable): the query template of @metric
 */
const gchar *
ferry_prometheus_source_get_query (FerryPrometheusSource *self,
                                   FerryMetric            metric)
{
  g_return_val_if_fail (FERRY_IS_PROMETHEUS_SOURCE (self), NULL);
  g_return_val_if_fail (metric < FERRY_N_METRICS, NULL);

  return self->queries[metric];
}

static inline gboolean
is_placeholder_char (gchar ch,
                     gboolean first)
{
  return g_ascii_isalpha (ch) || ch == '_' || (!first && g_ascii_isdigit (ch));
}

/* The value of {name}; @owned keeps a computed one alive. */
static const gchar *
placeholder_value (FerryMetricLocator  *locator,
                   const gchar         *name,
                   gchar              **owned)
{
  const gchar *value = ferry_metric_locator_get_label (locator, name);

  if (value != NULL)
    return value;

  if (g_str_equal (name, "service") || g_str_equal (name, "job"))
    return ferry_metric_locator_get_service (locator);
  if (g_str_equal (name, "environment"))
    return ferry_metric_locator_get_environment (locator);
  if (g_str_equal (name, "instance"))
    return ferry_metric_locator_get_instance (locator);
  if (g_str_equal (name, "namespace"))
    {
      value = ferry_metric_locator_get_namespace (locator);
      return value != NULL ? value : ferry_metric_locator_get_environment (locator);
    }
  if (g_str_equal (name, "pod"))
    {
      g_autofree gchar *service = g_regex_escape_string (ferry_metric_locator_get_service (locator), -1);

      /* A Deployment's pods: NAME-<replicaset hash>-<pod hash>. */
      *owned = g_strdup_printf ("%s-[^-]+-[^-]+", service);
      return *owned;
    }

  return NULL;
}

static void
append_promql_string (GString     *out,
                      const gchar *value)
{
  for (const gchar *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;

        case '"':
          g_string_append (out, "\\\"");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

/**
 * ferry_prometheus_source_expand_query:
 * @self: a #FerryPrometheusSource
 * @metric: a metric
 * @locator: the instance the query is about
 * @error: return location for a #GError
 *
 * Fills the query template of @metric with the values of @locator.
 *
 * Returns: (transfer full) (nullable): the PromQL query; %NULL without
 *   error when the metric has no template, %NULL with
 *   %FERRY_METRICS_ERROR_INVALID_LOCATOR when a placeholder has no value
 */
gchar *
ferry_prometheus_source_expand_query (FerryPrometheusSource  *self,
                                      FerryMetric             metric,
                                      FerryMetricLocator     *locator,
                                      GError                **error)
{
  g_autoptr(GString) out = NULL;
  const gchar *p;

  g_return_val_if_fail (FERRY_IS_PROMETHEUS_SOURCE (self), NULL);
  g_return_val_if_fail (metric < FERRY_N_METRICS, NULL);
  g_return_val_if_fail (locator != NULL, NULL);

  if (self->queries[metric] == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = self->queries[metric]; *p != '\0'; p++)
    {
      const gchar *q = p + 1;

      if (*p == '{' && is_placeholder_char (*q, TRUE))
        {
          while (is_placeholder_char (*q, FALSE))
            q++;

          if (*q == '}')
            {
              g_autofree gchar *name = g_strndup (p + 1, q - p - 1);
              g_autofree gchar *owned = NULL;
              const gchar *value = placeholder_value (locator, name, &owned);

              if (value == NULL)
                {
                  g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR,
                               "The Prometheus query for %s uses {%s}, which %s in %s does not "
                               "give (set the label “%s” of the instance)",
                               ferry_metric_to_string (metric), name,
                               ferry_metric_locator_get_service (locator),
                               ferry_metric_locator_get_environment (locator), name);
                  return NULL;
                }

              append_promql_string (out, value);
              p = q;
              continue;
            }
        }

      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* HTTP */

static FerryMetricsError
error_code_for_type (const gchar *type)
{
  if (g_strcmp0 (type, "bad_data") == 0)
    return FERRY_METRICS_ERROR_BAD_QUERY;
  if (g_strcmp0 (type, "execution") == 0)
    return FERRY_METRICS_ERROR_EXECUTION;
  if (g_strcmp0 (type, "timeout") == 0 || g_strcmp0 (type, "canceled") == 0 ||
      g_strcmp0 (type, "unavailable") == 0)
    return FERRY_METRICS_ERROR_UNAVAILABLE;
  if (g_strcmp0 (type, "not_found") == 0)
    return FERRY_METRICS_ERROR_NOT_FOUND;

  return FERRY_METRICS_ERROR_FAILED;
}

static const gchar *
object_string (JsonObject  *object,
               const gchar *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Reads an API answer; returns its "data" member. */
static JsonNode *
read_answer (SoupMessage  *msg,
             GBytes       *body,
             GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint status = soup_message_get_status (msg);
  gsize len = 0;
  const gchar *data = g_bytes_get_data (body, &len);
  JsonObject *object = NULL;
  JsonNode *root, *answer;
  const gchar *result;

  if (json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  result = object != NULL ? object_string (object, "status") : NULL;

  if (g_strcmp0 (result, "error") == 0)
    {
      const gchar *type = object_string (object, "errorType");
      const gchar *message = object_string (object, "error");

      g_set_error (error, FERRY_METRICS_ERROR, error_code_for_type (type),
                   "Prometheus: %s (%s, HTTP %u)",
                   message ? message : "no message", type ? type : "no error type", status);
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, FERRY_METRICS_ERROR,
                   status >= 500 ? FERRY_METRICS_ERROR_UNAVAILABLE : FERRY_METRICS_ERROR_FAILED,
                   "Prometheus answered HTTP %u %s", status,
                   soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      return NULL;
    }

  if (g_strcmp0 (result, "success") != 0 ||
      (answer = json_object_get_member (object, "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                           "Prometheus answered something that is not an API answer "
                           "(is the URL that of a Prometheus server?)");
      return NULL;
    }

  if (json_object_has_member (object, "warnings"))
    g_debug ("Prometheus warns about a query");

  return json_node_ref (answer);
}

typedef struct
{
  SoupMessage *msg;
  FerryMetric  metric;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->msg);
  g_free (request);
}

static void
on_request_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryPrometheusSource *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_UNAVAILABLE,
                                 "Cannot reach Prometheus at %s: %s", self->url, error->message);
      return;
    }

  if (!(data = read_answer (request->msg, body, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, data, (GDestroyNotify)json_node_unref);
}

/* GET @api_path with form fields (name, value, …, NULL); the task's
 * result is the answer's "data" node. */
G_GNUC_NULL_TERMINATED
static void
api_request_async (FerryPrometheusSource *self,
                   FerryMetric            metric,
                   const gchar           *api_path,
                   GCancellable          *cancellable,
                   GAsyncReadyCallback    callback,
                   gpointer               user_data,
                   ...)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree gchar *prefix = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *query = NULL;
  GHashTable *form;
  Request *request;
  va_list args;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, api_request_async);

  form = g_hash_table_new (g_str_hash, g_str_equal);
  va_start (args, user_data);
  for (const gchar *name = va_arg (args, const gchar *); name != NULL; name = va_arg (args, const gchar *))
    g_hash_table_insert (form, (gpointer)name, va_arg (args, gchar *));
  va_end (args);
  query = soup_form_encode_hash (form);
  g_hash_table_unref (form);

  /* http://host/prefix/ + /api/v1/query → http://host/prefix/api/v1/query */
  prefix = g_strdup (g_uri_get_path (self->base));
  while (*prefix != '\0' && prefix[strlen (prefix) - 1] == '/')
    prefix[strlen (prefix) - 1] = '\0';
  path = g_strconcat (prefix, api_path, NULL);
  uri = g_uri_build (G_URI_FLAGS_ENCODED,
                     g_uri_get_scheme (self->base),
                     NULL,
                     g_uri_get_host (self->base),
                     g_uri_get_port (self->base),
                     path, query, NULL);

  request = g_new0 (Request, 1);
  request->metric = metric;
  request->msg = soup_message_new_from_uri ("GET", uri);
  g_task_set_task_data (task, request, request_free);

  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    cancellable, on_request_done, g_steal_pointer (&task));
}

static JsonNode *
api_request_finish (FerryPrometheusSource  *self,
                    GAsyncResult           *result,
                    FerryMetric            *metric,
                    GError                **error)
{
  GTask *task = G_TASK (result);

  *metric = ((Request *)g_task_get_task_data (task))->metric;

  return g_task_propagate_pointer (task, error);
}

/* Answers */

static gboolean
parse_pair (JsonNode  *node,
            gint64    *time,
            gdouble   *value,
            GError   **error)
{
  JsonArray *pair;
  JsonNode *t, *v;
  GType t_type;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (pair = json_node_get_array (node)) != 2)
    goto invalid;

  t = json_array_get_element (pair, 0);
  v = json_array_get_element (pair, 1);
  if (!JSON_NODE_HOLDS_VALUE (t) || !JSON_NODE_HOLDS_VALUE (v) ||
      json_node_get_value_type (v) != G_TYPE_STRING)
    goto invalid;

  t_type = json_node_get_value_type (t);
  if (t_type != G_TYPE_DOUBLE && t_type != G_TYPE_INT64)
    goto invalid;

  *time = (gint64)llround (json_node_get_double (t) * G_USEC_PER_SEC);
  if (!ferry_prom_parse_value (json_node_get_string (v), -1, value))
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                   "Prometheus answered a value that is not a number: “%s”",
                   json_node_get_string (v));
      return FALSE;
    }

  return TRUE;

invalid:
  g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                       "Prometheus answered a sample that is not [time, \"value\"]");
  return FALSE;
}

static JsonArray *
result_array (JsonObject   *data,
              const gchar  *want_type,
              GError      **error)
{
  const gchar *type = object_string (data, "resultType");
  JsonNode *result = json_object_get_member (data, "result");

  if (g_strcmp0 (type, want_type) != 0)
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY,
                   "The query gives a %s where a %s is needed%s",
                   type ? type : "result of no type", want_type,
                   g_strcmp0 (type, "matrix") == 0 ? " (wrap a range selector in rate())" : "");
      return NULL;
    }

  if (result == NULL || !JSON_NODE_HOLDS_ARRAY (result))
    {
      g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                           "Prometheus answered a result that is not an array");
      return NULL;
    }

  return json_node_get_array (result);
}

/* The sum of an instant vector (or a scalar); NaN when empty. */
static gboolean
read_instant (JsonNode  *data_node,
              gdouble   *value,
              GError   **error)
{
  JsonObject *data = json_node_get_object (data_node);
  JsonArray *result;
  gdouble sum = 0.0;
  gint64 time;

  if (g_strcmp0 (object_string (data, "resultType"), "scalar") == 0)
    {
      JsonNode *scalar = json_object_get_member (data, "result");

      if (scalar == NULL)
        {
          g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                               "Prometheus answered a scalar without a value");
          return FALSE;
        }

      return parse_pair (scalar, &time, value, error);
    }

  if (!(result = result_array (data, "vector", error)))
    return FALSE;

  if (json_array_get_length (result) == 0)
    {
      *value = NAN;
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (result); i++)
    {
      JsonNode *element = json_array_get_element (result, i);
      JsonNode *pair;
      gdouble v;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(pair = json_object_get_member (json_node_get_object (element), "value")))
        {
          g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                               "Prometheus answered a vector element without a value");
          return FALSE;
        }
      if (!parse_pair (pair, &time, &v, error))
        return FALSE;
      sum += v;
    }

  *value = sum;

  return TRUE;
}

static gint
compare_points (gconstpointer a,
                gconstpointer b)
{
  const FerrySeriesPoint *pa = a, *pb = b;

  return (pa->time > pb->time) - (pa->time < pb->time);
}

/* A matrix, its series summed at each timestamp (range queries align
 * every series on the same steps). */
static FerrySeries *
read_matrix (JsonNode  *data_node,
             GError   **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (FerrySeriesPoint));
  JsonArray *result;
  FerrySeries *series;

  if (!(result = result_array (json_node_get_object (data_node), "matrix", error)))
    return NULL;

  for (guint i = 0; i < json_array_get_length (result); i++)
    {
      JsonNode *element = json_array_get_element (result, i);
      JsonNode *values;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(values = json_object_get_member (json_node_get_object (element), "values")) ||
          !JSON_NODE_HOLDS_ARRAY (values))
        {
          g_set_error_literal (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                               "Prometheus answered a matrix element without values");
          return NULL;
        }

      for (guint j = 0; j < json_array_get_length (json_node_get_array (values)); j++)
        {
          FerrySeriesPoint point;

          if (!parse_pair (json_array_get_element (json_node_get_array (values), j),
                           &point.time, &point.value, error))
            return NULL;
          g_array_append_val (points, point);
        }
    }

  g_array_sort (points, compare_points);

  /* Sum the points of equal time in place. */
  {
    guint out = 0;

    for (guint i = 0; i < points->len; i++)
      {
        FerrySeriesPoint *p = &g_array_index (points, FerrySeriesPoint, i);

        if (out > 0 && g_array_index (points, FerrySeriesPoint, out - 1).time == p->time)
          g_array_index (points, FerrySeriesPoint, out - 1).value += p->value;
        else
          g_array_index (points, FerrySeriesPoint, out++) = *p;
      }
    g_array_set_size (points, out);
  }

  series = ferry_series_new (MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      const FerrySeriesPoint *p = &g_array_index (points, FerrySeriesPoint, i);

      ferry_series_push (series, p->time, p->value);
    }

  return series;
}

/* Latest */

typedef struct
{
  FerryMetricSample  sample;
  GError            *errors[FERRY_N_METRICS];
  guint              pending;
} LatestData;

static void
latest_data_free (gpointer data)
{
  LatestData *ld = data;

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    g_clear_error (&ld->errors[i]);
  g_free (ld);
}

static void
on_latest_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryPrometheusSource *self = FERRY_PROMETHEUS_SOURCE (object);
  LatestData *ld = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  FerryMetric metric;
  GError *error = NULL;

  data = api_request_finish (self, result, &metric, &error);
  if (data == NULL || !read_instant (data, &ld->sample.values[metric], &error))
    ld->errors[metric] = error;

  if (--ld->pending > 0)
    return;

  /* Every answer is in: the first error in metric order wins. */
  for (guint i = 0; i < FERRY_N_METRICS; i++)
    {
      if (ld->errors[i] != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&ld->errors[i]));
          return;
        }
    }

  g_task_return_pointer (task, ferry_metric_sample_copy (&ld->sample),
                         (GDestroyNotify)ferry_metric_sample_free);
}

static void
ferry_prometheus_source_query_latest_async (FerryMetricSource   *source,
                                            FerryMetricLocator  *locator,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  FerryPrometheusSource *self = FERRY_PROMETHEUS_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  gchar *queries[FERRY_N_METRICS] = { NULL };
  LatestData *ld;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_prometheus_source_query_latest_async);

  ld = g_new0 (LatestData, 1);
  ferry_metric_sample_init (&ld->sample, g_get_real_time ());
  g_task_set_task_data (task, ld, latest_data_free);

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    {
      GError *error = NULL;

      queries[i] = ferry_prometheus_source_expand_query (self, i, locator, &error);
      if (error != NULL)
        {
          for (guint j = 0; j <= i; j++)
            g_free (queries[j]);
          g_task_return_error (task, error);
          return;
        }
      if (queries[i] != NULL)
        ld->pending++;
    }

  if (ld->pending == 0)
    {
      g_task_return_pointer (task, ferry_metric_sample_copy (&ld->sample),
                             (GDestroyNotify)ferry_metric_sample_free);
      return;
    }

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    {
      g_autofree gchar *query = queries[i];

      if (query != NULL)
        api_request_async (self, i, "/api/v1/query", cancellable,
                           on_latest_answer, g_object_ref (task),
                           "query", query, NULL);
    }
}

/* Range */

static void
on_range_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  FerryMetric metric;
  FerrySeries *series;

  data = api_request_finish (FERRY_PROMETHEUS_SOURCE (object), result, &metric, &error);
  if (data == NULL || !(series = read_matrix (data, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, series, g_object_unref);
}

static gchar *
seconds_string (gint64 usec)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", usec / (gdouble)G_USEC_PER_SEC));
}

static void
ferry_prometheus_source_query_range_async (FerryMetricSource   *source,
                                           FerryMetricLocator  *locator,
                                           FerryMetric          metric,
                                           gint64               start,
                                           gint64               end,
                                           gint64               step,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  FerryPrometheusSource *self = FERRY_PROMETHEUS_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *query = NULL;
  g_autofree gchar *start_s = seconds_string (start);
  g_autofree gchar *end_s = seconds_string (end);
  g_autofree gchar *step_s = seconds_string (step);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_prometheus_source_query_range_async);

  query = ferry_prometheus_source_expand_query (self, metric, locator, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (query == NULL)
    {
      g_task_return_pointer (task, ferry_series_new (1), g_object_unref);
      return;
    }

  api_request_async (self, metric, "/api/v1/query_range", cancellable,
                     on_range_answer, g_steal_pointer (&task),
                     "query", query, "start", start_s, "end", end_s, "step", step_s, NULL);
}

static void
metric_source_iface_init (FerryMetricSourceInterface *iface)
{
  iface->query_latest_async = ferry_prometheus_source_query_latest_async;
  iface->query_range_async = ferry_prometheus_source_query_range_async;
}

/* ferry-local-metric-source.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-metrics"

#include "config.h"

#include <math.h>

#include <libsoup/soup.h>

#include "ferry-local-metric-source.h"
#include "ferry-prom-text.h"

/**
 * FerryLocalMetricSource:
 *
 * The metrics of the local target: each query measures the process the
 * locator's pid names with a #FerryProcSampler and, when the locator has
 * a metrics URL, reads the process's own Prometheus `/metrics` for the
 * network: the counters `ferry_demo_request_bytes_total` (received) and
 * `ferry_demo_response_bytes_total` (sent) become %FERRY_METRIC_NET_RX and
 * %FERRY_METRIC_NET_TX rates. A metrics endpoint that cannot be read
 * leaves the network absent; it is not an error.
 *
 * Every sample is also kept in a bounded ring per metric and instance
 * (see %FERRY_LOCAL_HISTORY_DEFAULT), which answers range queries: the
 * local target has no other history than what it measured.
 */
struct _FerryLocalMetricSource
{
  GObject           parent_instance;

  FerryProcSampler *sampler;
  SoupSession      *session;
  GHashTable       *instances;   /* locator key → Instance */
  guint             history;
};

static void metric_source_iface_init (FerryMetricSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryLocalMetricSource, ferry_local_metric_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_METRIC_SOURCE, metric_source_iface_init))

typedef struct
{
  FerrySeries *series[FERRY_N_METRICS];
  gdouble      rx_bytes;
  gdouble      tx_bytes;
  gint64       scraped_at;   /* monotonic; 0 before the first scrape */
} Instance;

typedef struct
{
  FerryMetricLocator *locator;
  SoupMessage        *msg;
  FerryMetricSample   sample;
} LatestData;

static const gchar *rx_counter = "ferry_demo_request_bytes_total";
static const gchar *tx_counter = "ferry_demo_response_bytes_total";

static void
instance_free (gpointer data)
{
  Instance *instance = data;

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    g_clear_object (&instance->series[i]);
  g_free (instance);
}

static void
latest_data_free (gpointer data)
{
  LatestData *ld = data;

  g_clear_pointer (&ld->locator, ferry_metric_locator_unref);
  g_clear_object (&ld->msg);
  g_free (ld);
}

static void
ferry_local_metric_source_dispose (GObject *object)
{
  FerryLocalMetricSource *self = (FerryLocalMetricSource *)object;

  g_clear_object (&self->sampler);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ferry_local_metric_source_parent_class)->dispose (object);
}

static void
ferry_local_metric_source_finalize (GObject *object)
{
  FerryLocalMetricSource *self = (FerryLocalMetricSource *)object;

  g_clear_pointer (&self->instances, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_local_metric_source_parent_class)->finalize (object);
}

static void
ferry_local_metric_source_class_init (FerryLocalMetricSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_local_metric_source_dispose;
  object_class->finalize = ferry_local_metric_source_finalize;
}

static void
ferry_local_metric_source_init (FerryLocalMetricSource *self)
{
  self->instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, instance_free);
  self->history = FERRY_LOCAL_HISTORY_DEFAULT;
  /* Metrics endpoints are local processes: no proxy. */
  self->session = soup_session_new_with_options ("timeout", 5,
                                                 "proxy-resolver", NULL,
                                                 NULL);
}

/**
 * ferry_local_metric_source_new:
 *
 * Returns: (transfer full): a source reading `/proc`, keeping
 *   %FERRY_LOCAL_HISTORY_DEFAULT points per metric and instance
 */
FerryLocalMetricSource *
ferry_local_metric_source_new (void)
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();

  return ferry_local_metric_source_new_full (sampler, FERRY_LOCAL_HISTORY_DEFAULT);
}

/**
 * ferry_local_metric_source_new_full:
 * @sampler: the sampler to measure processes with
 * @history: how many points to keep per metric and instance (at least 1)
 *
 * Returns: (transfer full): a new source
 */
FerryLocalMetricSource *
ferry_local_metric_source_new_full (FerryProcSampler *sampler,
                                    guint             history)
{
  FerryLocalMetricSource *self;

  g_return_val_if_fail (FERRY_IS_PROC_SAMPLER (sampler), NULL);
  g_return_val_if_fail (history > 0, NULL);

  self = g_object_new (FERRY_TYPE_LOCAL_METRIC_SOURCE, NULL);
  self->sampler = g_object_ref (sampler);
  self->history = history;

  return self;
}

static Instance *
lookup_instance (FerryLocalMetricSource *self,
                 FerryMetricLocator     *locator,
                 gboolean                create)
{
  g_autofree gchar *key = ferry_metric_locator_to_key (locator);
  Instance *instance = g_hash_table_lookup (self->instances, key);

  if (instance == NULL && create)
    {
      instance = g_new0 (Instance, 1);
      for (guint i = 0; i < FERRY_N_METRICS; i++)
        instance->series[i] = ferry_series_new (self->history);
      g_hash_table_insert (self->instances, g_steal_pointer (&key), instance);
    }

  return instance;
}

/**
 * ferry_local_metric_source_get_history:
 * @self: a #FerryLocalMetricSource
 * @locator: an instance
 * @metric: a metric
 *
 * Returns: (transfer none) (nullable): the ring of the values measured so
 *   far, or %NULL when the instance was never measured
 */
FerrySeries *
ferry_local_metric_source_get_history (FerryLocalMetricSource *self,
                                       FerryMetricLocator     *locator,
                                       FerryMetric             metric)
{
  Instance *instance;

  g_return_val_if_fail (FERRY_IS_LOCAL_METRIC_SOURCE (self), NULL);
  g_return_val_if_fail (locator != NULL, NULL);
  g_return_val_if_fail (metric < FERRY_N_METRICS, NULL);

  instance = lookup_instance (self, locator, FALSE);

  return instance != NULL ? instance->series[metric] : NULL;
}

/**
 * ferry_local_metric_source_forget:
 * @self: a #FerryLocalMetricSource
 * @locator: an instance
 *
 * Drops the history of an instance (when it is stopped for good), and
 * what the sampler remembers of its process.
 */
void
ferry_local_metric_source_forget (FerryLocalMetricSource *self,
                                  FerryMetricLocator     *locator)
{
  g_autofree gchar *key = NULL;

  g_return_if_fail (FERRY_IS_LOCAL_METRIC_SOURCE (self));
  g_return_if_fail (locator != NULL);

  key = ferry_metric_locator_to_key (locator);
  g_hash_table_remove (self->instances, key);
  if (ferry_metric_locator_get_pid (locator) > 0)
    ferry_proc_sampler_forget (self->sampler, ferry_metric_locator_get_pid (locator));
}

static void
record (FerryLocalMetricSource  *self,
        FerryMetricLocator      *locator,
        const FerryMetricSample *sample)
{
  Instance *instance = lookup_instance (self, locator, TRUE);

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    ferry_series_push (instance->series[i], sample->time, sample->values[i]);
}

/* Turns the byte counters of a /metrics answer into rates against the
 * previous answer of the same instance. */
static void
apply_scrape (FerryLocalMetricSource *self,
              LatestData             *ld,
              GBytes                 *body)
{
  g_autoptr(FerryPromText) text = NULL;
  g_autoptr(GError) error = NULL;
  Instance *instance = lookup_instance (self, ld->locator, TRUE);
  gint64 now = g_get_monotonic_time ();
  gdouble rx, tx;
  gsize len;
  const gchar *data = g_bytes_get_data (body, &len);

  text = ferry_prom_text_parse (data, len, &error);
  if (text == NULL)
    {
      g_debug ("Cannot read %s: %s", ferry_metric_locator_get_metrics_url (ld->locator), error->message);
      return;
    }

  if (!ferry_prom_text_sum (text, rx_counter, NULL, &rx) ||
      !ferry_prom_text_sum (text, tx_counter, NULL, &tx))
    return;

  if (instance->scraped_at > 0 && now > instance->scraped_at &&
      rx >= instance->rx_bytes && tx >= instance->tx_bytes)
    {
      gdouble seconds = (now - instance->scraped_at) / (gdouble)G_USEC_PER_SEC;

      ld->sample.values[FERRY_METRIC_NET_RX] = (rx - instance->rx_bytes) / seconds;
      ld->sample.values[FERRY_METRIC_NET_TX] = (tx - instance->tx_bytes) / seconds;
    }

  instance->rx_bytes = rx;
  instance->tx_bytes = tx;
  instance->scraped_at = now;
}

static void
finish_latest (GTask *task)
{
  FerryLocalMetricSource *self = g_task_get_source_object (task);
  LatestData *ld = g_task_get_task_data (task);

  record (self, ld->locator, &ld->sample);
  g_task_return_pointer (task, ferry_metric_sample_copy (&ld->sample),
                         (GDestroyNotify)ferry_metric_sample_free);
}

static void
on_scraped (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryLocalMetricSource *self = g_task_get_source_object (task);
  LatestData *ld = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (body == NULL)
    g_debug ("Cannot read %s: %s", ferry_metric_locator_get_metrics_url (ld->locator), error->message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (ld->msg)))
    g_debug ("Cannot read %s: HTTP %u", ferry_metric_locator_get_metrics_url (ld->locator),
             soup_message_get_status (ld->msg));
  else
    apply_scrape (self, ld, body);

  finish_latest (task);
}

static void
sample_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FerryLocalMetricSource *self = source_object;
  LatestData *ld = task_data;
  GError *error = NULL;

  if (ferry_proc_sampler_sample (self->sampler, ferry_metric_locator_get_pid (ld->locator),
                                 &ld->sample, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_sampled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryLocalMetricSource *self = FERRY_LOCAL_METRIC_SOURCE (object);
  LatestData *ld = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  const gchar *url;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  url = ferry_metric_locator_get_metrics_url (ld->locator);
  if (url == NULL)
    {
      finish_latest (task);
      return;
    }

  ld->msg = soup_message_new ("GET", url);
  if (ld->msg == NULL)
    {
      g_debug ("Not a URL: %s", url);
      finish_latest (task);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, ld->msg, G_PRIORITY_DEFAULT,
                                    cancellable, on_scraped, g_steal_pointer (&task));
}

static void
ferry_local_metric_source_query_latest_async (FerryMetricSource   *source,
                                              FerryMetricLocator  *locator,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  FerryLocalMetricSource *self = FERRY_LOCAL_METRIC_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  LatestData *ld;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_local_metric_source_query_latest_async);

  if (ferry_metric_locator_get_pid (locator) <= 0)
    {
      g_task_return_new_error (task, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR,
                               "The local metrics of %s in %s need a process id",
                               ferry_metric_locator_get_service (locator),
                               ferry_metric_locator_get_environment (locator));
      return;
    }

  ld = g_new0 (LatestData, 1);
  ld->locator = ferry_metric_locator_ref (locator);
  ferry_metric_sample_init (&ld->sample, 0);
  g_task_set_task_data (task, ld, latest_data_free);

  /* /proc is read in a worker thread; the result comes back here. */
  thread_task = g_task_new (self, cancellable, on_sampled, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, sample_thread);
  g_task_set_task_data (thread_task, ld, NULL);
  g_task_run_in_thread (thread_task, sample_thread);
}

static void
ferry_local_metric_source_query_range_async (FerryMetricSource   *source,
                                             FerryMetricLocator  *locator,
                                             FerryMetric          metric,
                                             gint64               start,
                                             gint64               end,
                                             gint64               step,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  FerryLocalMetricSource *self = FERRY_LOCAL_METRIC_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  FerrySeries *history;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_local_metric_source_query_range_async);

  history = ferry_local_metric_source_get_history (self, locator, metric);
  if (history == NULL)
    g_task_return_pointer (task, ferry_series_new (1), g_object_unref);
  else
    g_task_return_pointer (task, ferry_series_resample (history, start, end + 1, step), g_object_unref);
}

static void
metric_source_iface_init (FerryMetricSourceInterface *iface)
{
  iface->query_latest_async = ferry_local_metric_source_query_latest_async;
  iface->query_range_async = ferry_local_metric_source_query_range_async;
}

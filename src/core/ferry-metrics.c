/* ferry-metrics.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ferry-metrics.h"

G_DEFINE_QUARK (ferry-metrics-error-quark, ferry_metrics_error)

static const struct {
  const gchar *name;
  FerryUnit    unit;
} metric_info[FERRY_N_METRICS] = {
  [FERRY_METRIC_CPU] = { "cpu", FERRY_UNIT_CORES },
  [FERRY_METRIC_MEMORY] = { "memory", FERRY_UNIT_BYTES },
  [FERRY_METRIC_NET_RX] = { "net_rx", FERRY_UNIT_BYTES_PER_SECOND },
  [FERRY_METRIC_NET_TX] = { "net_tx", FERRY_UNIT_BYTES_PER_SECOND },
  [FERRY_METRIC_READ_BYTES] = { "read_bytes", FERRY_UNIT_BYTES_PER_SECOND },
  [FERRY_METRIC_WRITE_BYTES] = { "write_bytes", FERRY_UNIT_BYTES_PER_SECOND },
  [FERRY_METRIC_THREADS] = { "threads", FERRY_UNIT_COUNT },
  [FERRY_METRIC_OPEN_FILES] = { "open_files", FERRY_UNIT_COUNT },
};

/**
 * ferry_metric_to_string:
 * @metric: a #FerryMetric
 *
 * Returns: the metric's name as used in `ferry.json` query tables and
 *   in `ferryctl metrics --format json`: `cpu`, `memory`, `net_rx`,
 *   `net_tx`, `read_bytes`, `write_bytes`, `threads`, `open_files`.
 */
const gchar *
ferry_metric_to_string (FerryMetric metric)
{
  g_return_val_if_fail (metric < FERRY_N_METRICS, NULL);

  return metric_info[metric].name;
}

/**
 * ferry_metric_from_string:
 * @name: a metric name such as `cpu`
 * @metric: (out): where to store the metric
 *
 * Returns: %TRUE when @name names a metric
 */
gboolean
ferry_metric_from_string (const gchar *name,
                          FerryMetric *metric)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (metric != NULL, FALSE);

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    {
      if (g_str_equal (name, metric_info[i].name))
        {
          *metric = (FerryMetric)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ferry_metric_get_unit:
 * @metric: a #FerryMetric
 *
 * Returns: the unit the metric's values are in
 */
FerryUnit
ferry_metric_get_unit (FerryMetric metric)
{
  g_return_val_if_fail (metric < FERRY_N_METRICS, FERRY_UNIT_NONE);

  return metric_info[metric].unit;
}

G_DEFINE_BOXED_TYPE (FerryMetricSample, ferry_metric_sample,
                     ferry_metric_sample_copy, ferry_metric_sample_free)

/**
 * ferry_metric_sample_init:
 * @sample: a #FerryMetricSample
 * @time: when the sample is taken, in µs since the Unix epoch
 *
 * Sets the time of @sample and every value to NaN (absent).
 */
void
ferry_metric_sample_init (FerryMetricSample *sample,
                          gint64             time)
{
  g_return_if_fail (sample != NULL);

  sample->time = time;
  for (guint i = 0; i < FERRY_N_METRICS; i++)
    sample->values[i] = NAN;
}

/**
 * ferry_metric_sample_new:
 * @time: when the sample is taken, in µs since the Unix epoch
 *
 * Returns: (transfer full): a sample with every value absent
 */
FerryMetricSample *
ferry_metric_sample_new (gint64 time)
{
  FerryMetricSample *sample = g_new (FerryMetricSample, 1);

  ferry_metric_sample_init (sample, time);

  return sample;
}

/**
 * ferry_metric_sample_copy:
 * @sample: a #FerryMetricSample
 *
 * Returns: (transfer full): a copy of @sample
 */
FerryMetricSample *
ferry_metric_sample_copy (const FerryMetricSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  return g_memdup2 (sample, sizeof *sample);
}

/**
 * ferry_metric_sample_free:
 * @sample: (transfer full): a #FerryMetricSample
 */
void
ferry_metric_sample_free (FerryMetricSample *sample)
{
  g_free (sample);
}

/**
 * ferry_metric_sample_has:
 * @sample: a #FerryMetricSample
 * @metric: a #FerryMetric
 *
 * Returns: %TRUE when @sample holds a value for @metric
 */
gboolean
ferry_metric_sample_has (const FerryMetricSample *sample,
                         FerryMetric              metric)
{
  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (metric < FERRY_N_METRICS, FALSE);

  return !isnan (sample->values[metric]);
}

static void
replace_str (gchar       **location,
             const gchar  *value)
{
  if (*location != value)
    {
      g_free (*location);
      *location = g_strdup (value);
    }
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

struct _FerryMetricLocator
{
  gatomicrefcount  ref_count;
  gchar           *service;
  gchar           *environment;
  gchar           *instance;
  gchar           *metrics_url;
  gchar           *namespace_;
  gchar           *selector;
  GHashTable      *labels;
  GPid             pid;
};

G_DEFINE_BOXED_TYPE (FerryMetricLocator, ferry_metric_locator,
                     ferry_metric_locator_ref, ferry_metric_locator_unref)

/**
 * ferry_metric_locator_new:
 * @service: the service's name
 * @environment: the environment's name
 *
 * Creates a locator naming @service in @environment; the setters add what
 * the source at hand needs.
 *
 * Returns: (transfer full): a new locator
 */
FerryMetricLocator *
ferry_metric_locator_new (const gchar *service,
                          const gchar *environment)
{
  FerryMetricLocator *self;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);

  self = g_new0 (FerryMetricLocator, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->service = g_strdup (service);
  self->environment = g_strdup (environment);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

/**
 * ferry_metric_locator_ref:
 * @self: a #FerryMetricLocator
 *
 * Returns: (transfer full): @self
 */
FerryMetricLocator *
ferry_metric_locator_ref (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * ferry_metric_locator_unref:
 * @self: (transfer full): a #FerryMetricLocator
 */
void
ferry_metric_locator_unref (FerryMetricLocator *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->service);
  g_free (self->environment);
  g_free (self->instance);
  g_free (self->metrics_url);
  g_free (self->namespace_);
  g_free (self->selector);
  g_hash_table_unref (self->labels);
  g_free (self);
}

/**
 * ferry_metric_locator_get_service:
 * @self: a #FerryMetricLocator
 *
 * Returns: the service's name
 */
const gchar *
ferry_metric_locator_get_service (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->service;
}

/**
 * ferry_metric_locator_get_environment:
 * @self: a #FerryMetricLocator
 *
 * Returns: the environment's name
 */
const gchar *
ferry_metric_locator_get_environment (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->environment;
}

/**
 * ferry_metric_locator_set_instance:
 * @self: a #FerryMetricLocator
 * @instance: (nullable): a name for the instance (replica, pod), for display
 *   and for the `{instance}` placeholder of query templates
 */
void
ferry_metric_locator_set_instance (FerryMetricLocator *self,
                                   const gchar        *instance)
{
  g_return_if_fail (self != NULL);

  replace_str (&self->instance, instance);
}

/**
 * ferry_metric_locator_get_instance:
 * @self: a #FerryMetricLocator
 *
 * Returns: (nullable): the instance's name
 */
const gchar *
ferry_metric_locator_get_instance (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->instance;
}

/**
 * ferry_metric_locator_set_pid:
 * @self: a #FerryMetricLocator
 * @pid: the process id of a local instance, or 0 for none
 */
void
ferry_metric_locator_set_pid (FerryMetricLocator *self,
                              GPid                pid)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (pid >= 0);

  self->pid = pid;
}

/**
 * ferry_metric_locator_get_pid:
 * @self: a #FerryMetricLocator
 *
 * Returns: the process id, or 0 when there is none
 */
GPid
ferry_metric_locator_get_pid (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pid;
}

/**
 * ferry_metric_locator_set_metrics_url:
 * @self: a #FerryMetricLocator
 * @url: (nullable): the instance's Prometheus text endpoint, such as
 *   `http://127.0.0.1:8080/metrics`
 */
void
ferry_metric_locator_set_metrics_url (FerryMetricLocator *self,
                                      const gchar        *url)
{
  g_return_if_fail (self != NULL);

  replace_str (&self->metrics_url, url);
}

/**
 * ferry_metric_locator_get_metrics_url:
 * @self: a #FerryMetricLocator
 *
 * Returns: (nullable): the metrics URL
 */
const gchar *
ferry_metric_locator_get_metrics_url (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->metrics_url;
}

/**
 * ferry_metric_locator_set_label:
 * @self: a #FerryMetricLocator
 * @name: a label name, such as `job` or `pod`
 * @value: (nullable): its value, or %NULL to remove it
 *
 * Sets a label value, which Prometheus query templates use as `{name}`.
 */
void
ferry_metric_locator_set_label (FerryMetricLocator *self,
                                const gchar        *name,
                                const gchar        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->labels, name);
  else
    g_hash_table_replace (self->labels, g_strdup (name), g_strdup (value));
}

/**
 * ferry_metric_locator_get_label:
 * @self: a #FerryMetricLocator
 * @name: a label name
 *
 * Returns: (nullable): the label's value
 */
const gchar *
ferry_metric_locator_get_label (FerryMetricLocator *self,
                                const gchar        *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->labels, name);
}

/**
 * ferry_metric_locator_list_labels:
 * @self: a #FerryMetricLocator
 *
 * Returns: (transfer full): the label names, sorted
 */
GStrv
ferry_metric_locator_list_labels (FerryMetricLocator *self)
{
  g_autofree const gchar **keys = NULL;
  guint n = 0;
  GStrv ret;

  g_return_val_if_fail (self != NULL, NULL);

  keys = (const gchar **)g_hash_table_get_keys_as_array (self->labels, &n);
  ret = g_new0 (gchar *, n + 1);
  for (guint i = 0; i < n; i++)
    ret[i] = g_strdup (keys[i]);
  qsort (ret, n, sizeof (gchar *), compare_names);

  return ret;
}

/**
 * ferry_metric_locator_set_namespace:
 * @self: a #FerryMetricLocator
 * @namespace_: (nullable): a Kubernetes namespace
 */
void
ferry_metric_locator_set_namespace (FerryMetricLocator *self,
                                    const gchar        *namespace_)
{
  g_return_if_fail (self != NULL);

  replace_str (&self->namespace_, namespace_);
}

/**
 * ferry_metric_locator_get_namespace:
 * @self: a #FerryMetricLocator
 *
 * Returns: (nullable): the Kubernetes namespace
 */
const gchar *
ferry_metric_locator_get_namespace (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->namespace_;
}

/**
 * ferry_metric_locator_set_selector:
 * @self: a #FerryMetricLocator
 * @selector: (nullable): a Kubernetes label selector, such as
 *   `app=web,tier=frontend`
 */
void
ferry_metric_locator_set_selector (FerryMetricLocator *self,
                                   const gchar        *selector)
{
  g_return_if_fail (self != NULL);

  replace_str (&self->selector, selector);
}

/**
 * ferry_metric_locator_get_selector:
 * @self: a #FerryMetricLocator
 *
 * Returns: (nullable): the Kubernetes label selector
 */
const gchar *
ferry_metric_locator_get_selector (FerryMetricLocator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->selector;
}

/**
 * ferry_metric_locator_to_key:
 * @self: a #FerryMetricLocator
 *
 * Returns: (transfer full): a string that is equal for two locators
 *   naming the same instance, for use as a hash table key
 */
gchar *
ferry_metric_locator_to_key (FerryMetricLocator *self)
{
  g_auto(GStrv) names = NULL;
  GString *key;

  g_return_val_if_fail (self != NULL, NULL);

  key = g_string_new (NULL);
  g_string_append_printf (key, "%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s",
                          self->service, self->environment,
                          self->instance ? self->instance : "",
                          (gint)self->pid,
                          self->metrics_url ? self->metrics_url : "",
                          self->namespace_ ? self->namespace_ : "",
                          self->selector ? self->selector : "");
  names = ferry_metric_locator_list_labels (self);
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (key, "\x1f%s=%s", names[i],
                            (const gchar *)g_hash_table_lookup (self->labels, names[i]));

  return g_string_free (key, FALSE);
}

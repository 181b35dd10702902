/* ferry-metrics.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_METRICS_ERROR (ferry_metrics_error_quark ())

/**
 * FerryMetricsError:
 * @FERRY_METRICS_ERROR_FAILED: any other failure
 * @FERRY_METRICS_ERROR_NOT_FOUND: the process or series does not exist
 * @FERRY_METRICS_ERROR_INVALID_LOCATOR: the locator lacks what the source
 *   needs (a pid, a label a query template uses …)
 * @FERRY_METRICS_ERROR_INVALID_CONFIG: the source's configuration is wrong
 * @FERRY_METRICS_ERROR_PARSE: an exposition text or an API answer is
 *   malformed; the message starts with `LINE:COL:` where it can
 * @FERRY_METRICS_ERROR_BAD_QUERY: the query was refused (Prometheus
 *   `bad_data`)
 * @FERRY_METRICS_ERROR_EXECUTION: the query failed while running
 *   (Prometheus `execution`)
 * @FERRY_METRICS_ERROR_UNAVAILABLE: the server cannot be reached, timed out
 *   or is unavailable
 *
 * Error codes of the metrics subsystem.
 */
typedef enum
{
  FERRY_METRICS_ERROR_FAILED,
  FERRY_METRICS_ERROR_NOT_FOUND,
  FERRY_METRICS_ERROR_INVALID_LOCATOR,
  FERRY_METRICS_ERROR_INVALID_CONFIG,
  FERRY_METRICS_ERROR_PARSE,
  FERRY_METRICS_ERROR_BAD_QUERY,
  FERRY_METRICS_ERROR_EXECUTION,
  FERRY_METRICS_ERROR_UNAVAILABLE,
} FerryMetricsError;

GQuark ferry_metrics_error_quark (void);

/**
 * FerryMetric:
 * @FERRY_METRIC_CPU: CPU use in cores (1.0 is one full core)
 * @FERRY_METRIC_MEMORY: resident memory in bytes
 * @FERRY_METRIC_NET_RX: bytes received per second
 * @FERRY_METRIC_NET_TX: bytes sent per second
 * @FERRY_METRIC_READ_BYTES: bytes read from storage per second (local)
 * @FERRY_METRIC_WRITE_BYTES: bytes written to storage per second (local)
 * @FERRY_METRIC_THREADS: number of threads (local)
 * @FERRY_METRIC_OPEN_FILES: number of open file descriptors (local)
 * @FERRY_N_METRICS: the number of metrics
 *
 * What a #FerryMetricSource measures.
 */
typedef enum
{
  FERRY_METRIC_CPU,
  FERRY_METRIC_MEMORY,
  FERRY_METRIC_NET_RX,
  FERRY_METRIC_NET_TX,
  FERRY_METRIC_READ_BYTES,
  FERRY_METRIC_WRITE_BYTES,
  FERRY_METRIC_THREADS,
  FERRY_METRIC_OPEN_FILES,
  FERRY_N_METRICS
} FerryMetric;

/**
 * FerryUnit:
 * @FERRY_UNIT_NONE: a plain number
 * @FERRY_UNIT_CORES: CPU cores, shown as a percentage of one core
 * @FERRY_UNIT_BYTES: bytes, shown in KiB, MiB, GiB
 * @FERRY_UNIT_BYTES_PER_SECOND: a byte rate, shown in KiB/s, MiB/s …
 * @FERRY_UNIT_COUNT: a count of things (threads, files)
 * @FERRY_UNIT_TIME: microseconds since the Unix epoch (time axes)
 *
 * The unit of a metric, which decides how axes place ticks and label
 * values.
 */
typedef enum
{
  FERRY_UNIT_NONE,
  FERRY_UNIT_CORES,
  FERRY_UNIT_BYTES,
  FERRY_UNIT_BYTES_PER_SECOND,
  FERRY_UNIT_COUNT,
  FERRY_UNIT_TIME,
} FerryUnit;

const gchar *ferry_metric_to_string   (FerryMetric  metric);
gboolean     ferry_metric_from_string (const gchar *name,
                                       FerryMetric *metric);
FerryUnit    ferry_metric_get_unit    (FerryMetric  metric);

/**
 * FerryMetricSample:
 * @time: when the sample was taken, in microseconds since the Unix epoch
 * @values: one value per #FerryMetric; NaN where the source has none
 *
 * The latest values of every metric of one instance.
 */
typedef struct
{
  gint64  time;
  gdouble values[FERRY_N_METRICS];
} FerryMetricSample;

#define FERRY_TYPE_METRIC_SAMPLE (ferry_metric_sample_get_type ())

GType              ferry_metric_sample_get_type (void) G_GNUC_CONST;
FerryMetricSample *ferry_metric_sample_new      (gint64                   time);
FerryMetricSample *ferry_metric_sample_copy     (const FerryMetricSample *sample);
void               ferry_metric_sample_free     (FerryMetricSample       *sample);
void               ferry_metric_sample_init     (FerryMetricSample       *sample,
                                                 gint64                   time);
gboolean           ferry_metric_sample_has      (const FerryMetricSample *sample,
                                                 FerryMetric              metric);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryMetricSample, ferry_metric_sample_free)

/**
 * FerryMetricLocator:
 *
 * Says which running instance of a service in an environment a
 * #FerryMetricSource should measure. One type serves every source; each
 * reads the fields it understands:
 *
 * - the local target: a process id, and optionally the URL of the
 *   process's Prometheus `/metrics` endpoint (for network rates);
 * - Prometheus: label values (`job`, `instance`, `pod` …) that query
 *   templates refer to as `{name}`, besides `{service}` and
 *   `{environment}`;
 * - Kubernetes: a namespace and a label selector.
 *
 * A locator is immutable once handed to a source (reference counted).
 */
typedef struct _FerryMetricLocator FerryMetricLocator;

#define FERRY_TYPE_METRIC_LOCATOR (ferry_metric_locator_get_type ())

GType               ferry_metric_locator_get_type        (void) G_GNUC_CONST;
FerryMetricLocator *ferry_metric_locator_new             (const gchar        *service,
                                                          const gchar        *environment);
FerryMetricLocator *ferry_metric_locator_ref             (FerryMetricLocator *self);
void                ferry_metric_locator_unref           (FerryMetricLocator *self);
const gchar        *ferry_metric_locator_get_service     (FerryMetricLocator *self);
const gchar        *ferry_metric_locator_get_environment (FerryMetricLocator *self);
void                ferry_metric_locator_set_instance    (FerryMetricLocator *self,
                                                          const gchar        *instance);
const gchar        *ferry_metric_locator_get_instance    (FerryMetricLocator *self);
void                ferry_metric_locator_set_pid         (FerryMetricLocator *self,
                                                          GPid                pid);
GPid                ferry_metric_locator_get_pid         (FerryMetricLocator *self);
void                ferry_metric_locator_set_metrics_url (FerryMetricLocator *self,
                                                          const gchar        *url);
const gchar        *ferry_metric_locator_get_metrics_url (FerryMetricLocator *self);
void                ferry_metric_locator_set_label       (FerryMetricLocator *self,
                                                          const gchar        *name,
                                                          const gchar        *value);
const gchar        *ferry_metric_locator_get_label       (FerryMetricLocator *self,
                                                          const gchar        *name);
GStrv               ferry_metric_locator_list_labels     (FerryMetricLocator *self);
void                ferry_metric_locator_set_namespace   (FerryMetricLocator *self,
                                                          const gchar        *namespace_);
const gchar        *ferry_metric_locator_get_namespace   (FerryMetricLocator *self);
void                ferry_metric_locator_set_selector    (FerryMetricLocator *self,
                                                          const gchar        *selector);
const gchar        *ferry_metric_locator_get_selector    (FerryMetricLocator *self);
gchar              *ferry_metric_locator_to_key          (FerryMetricLocator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryMetricLocator, ferry_metric_locator_unref)

G_END_DECLS

/* ferry-metric-source.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-metrics"

#include "config.h"

#include "ferry-metric-source.h"

/**
 * FerryMetricSource:
 *
 * Where the live metrics of deployments come from: the local target's
 * `/proc` (#FerryLocalMetricSource), Prometheus (#FerryPrometheusSource)
 * or, later, a cluster's metrics API.
 *
 * A source answers two questions about one instance, named by a
 * #FerryMetricLocator: the latest value of every metric it knows
 * (a #FerryMetricSample, NaN for the others), and the values of one
 * metric over a time range at a given step (a #FerrySeries). Both are
 * asynchronous and cancellable; neither blocks the main loop.
 *
 * Times are microseconds since the Unix epoch.
 */

G_DEFINE_INTERFACE (FerryMetricSource, ferry_metric_source, G_TYPE_OBJECT)

/* Sources built on GTask return their result as the task's pointer and
 * need not override the finish functions. */
static FerryMetricSample *
default_query_latest_finish (FerryMetricSource  *self,
                             GAsyncResult       *result,
                             GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static FerrySeries *
default_query_range_finish (FerryMetricSource  *self,
                            GAsyncResult       *result,
                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ferry_metric_source_default_init (FerryMetricSourceInterface *iface)
{
  iface->query_latest_finish = default_query_latest_finish;
  iface->query_range_finish = default_query_range_finish;
}

/**
 * ferry_metric_source_query_latest_async:
 * @self: a #FerryMetricSource
 * @locator: the instance to measure
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the values are known
 * @user_data: data for @callback
 *
 * Asks for the latest value of every metric the source knows for the
 * instance @locator names.
 */
void
ferry_metric_source_query_latest_async (FerryMetricSource   *self,
                                        FerryMetricLocator  *locator,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_METRIC_SOURCE (self));
  g_return_if_fail (locator != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  FERRY_METRIC_SOURCE_GET_IFACE (self)->query_latest_async (self, locator, cancellable,
                                                            callback, user_data);
}

/**
 * ferry_metric_source_query_latest_finish:
 * @self: a #FerryMetricSource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the sample, NaN for the metrics the source does
 *   not have (yet: rates need two measurements), or %NULL with @error set
 */
FerryMetricSample *
ferry_metric_source_query_latest_finish (FerryMetricSource  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (FERRY_IS_METRIC_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return FERRY_METRIC_SOURCE_GET_IFACE (self)->query_latest_finish (self, result, error);
}

/**
 * ferry_metric_source_query_range_async:
 * @self: a #FerryMetricSource
 * @locator: the instance to measure
 * @metric: the metric wanted
 * @start: start of the range, µs since the Unix epoch
 * @end: end of the range (after @start)
 * @step: the distance between points, in µs (positive)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the series is known
 * @user_data: data for @callback
 *
 * Asks for the values of @metric over `[start, end]`, one point per @step.
 * A range of more than %FERRY_METRIC_SOURCE_MAX_POINTS points is refused
 * with %FERRY_METRICS_ERROR_BAD_QUERY.
 */
void
ferry_metric_source_query_range_async (FerryMetricSource   *self,
                                       FerryMetricLocator  *locator,
                                       FerryMetric          metric,
                                       gint64               start,
                                       gint64               end,
                                       gint64               step,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_METRIC_SOURCE (self));
  g_return_if_fail (locator != NULL);
  g_return_if_fail (metric < FERRY_N_METRICS);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (end <= start || step <= 0)
    {
      g_task_report_new_error (self, callback, user_data, ferry_metric_source_query_range_async,
                               FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY,
                               "A range query needs an end after its start and a positive step");
      return;
    }

  if ((end - start) / step > FERRY_METRIC_SOURCE_MAX_POINTS)
    {
      g_task_report_new_error (self, callback, user_data, ferry_metric_source_query_range_async,
                               FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_BAD_QUERY,
                               "A range query of %" G_GINT64_FORMAT " points is too large "
                               "(at most %d: use a larger step)",
                               (end - start) / step, FERRY_METRIC_SOURCE_MAX_POINTS);
      return;
    }

  FERRY_METRIC_SOURCE_GET_IFACE (self)->query_range_async (self, locator, metric, start, end, step,
                                                           cancellable, callback, user_data);
}

/**
 * ferry_metric_source_query_range_finish:
 * @self: a #FerryMetricSource
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the series (possibly empty: no data is not an
 *   error), or %NULL with @error set
 */
FerrySeries *
ferry_metric_source_query_range_finish (FerryMetricSource  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (FERRY_IS_METRIC_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (g_async_result_is_tagged (result, ferry_metric_source_query_range_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return FERRY_METRIC_SOURCE_GET_IFACE (self)->query_range_finish (self, result, error);
}

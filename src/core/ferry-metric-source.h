/* ferry-metric-source.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-metrics.h"
#include "ferry-series.h"

G_BEGIN_DECLS

/**
 * FERRY_METRIC_SOURCE_MAX_POINTS:
 *
 * The most points a range query may ask for (Prometheus's own limit).
 */
#define FERRY_METRIC_SOURCE_MAX_POINTS 11000

#define FERRY_TYPE_METRIC_SOURCE (ferry_metric_source_get_type ())

G_DECLARE_INTERFACE (FerryMetricSource, ferry_metric_source, FERRY, METRIC_SOURCE, GObject)

/**
 * FerryMetricSourceInterface:
 * @query_latest_async: starts measuring the latest values of an instance
 * @query_latest_finish: finishes @query_latest_async; the default returns
 *   the pointer of a #GTask
 * @query_range_async: starts fetching one metric of an instance over a time
 *   range; arguments are checked by the caller
 * @query_range_finish: finishes @query_range_async; the default returns the
 *   pointer of a #GTask
 *
 * The virtual functions of a #FerryMetricSource.
 */
struct _FerryMetricSourceInterface
{
  GTypeInterface parent_iface;

  void               (*query_latest_async)  (FerryMetricSource    *self,
                                             FerryMetricLocator   *locator,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  FerryMetricSample *(*query_latest_finish) (FerryMetricSource    *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  void               (*query_range_async)   (FerryMetricSource    *self,
                                             FerryMetricLocator   *locator,
                                             FerryMetric           metric,
                                             gint64                start,
                                             gint64                end,
                                             gint64                step,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
  FerrySeries       *(*query_range_finish)  (FerryMetricSource    *self,
                                             GAsyncResult         *result,
                                             GError              **error);
};

void               ferry_metric_source_query_latest_async  (FerryMetricSource    *self,
                                                            FerryMetricLocator   *locator,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
FerryMetricSample *ferry_metric_source_query_latest_finish (FerryMetricSource    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void               ferry_metric_source_query_range_async   (FerryMetricSource    *self,
                                                            FerryMetricLocator   *locator,
                                                            FerryMetric           metric,
                                                            gint64                start,
                                                            gint64                end,
                                                            gint64                step,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
FerrySeries       *ferry_metric_source_query_range_finish  (FerryMetricSource    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS

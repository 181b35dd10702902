/* ferry-store-metrics.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-metrics.h"
#include "ferry-series.h"
#include "ferry-store.h"

G_BEGIN_DECLS

/**
 * FERRY_METRIC_HISTORY_BUCKET:
 *
 * The width of one row of the metric history: one minute, in µs.
 */
#define FERRY_METRIC_HISTORY_BUCKET (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

/**
 * FERRY_METRIC_HISTORY_SPAN:
 *
 * How long the metric history is kept: 24 hours, in µs.
 */
#define FERRY_METRIC_HISTORY_SPAN (G_GINT64_CONSTANT (24 * 3600) * G_USEC_PER_SEC)

/**
 * FerryMetricHistory:
 * @service: the service
 * @environment: the environment
 * @metric: the metric
 * @buckets: (element-type FerrySeriesBucket): downsampled rows in time
 *   order, one per %FERRY_METRIC_HISTORY_BUCKET
 *
 * The downsampled history of one metric of a service in an environment,
 * as the state store keeps it across restarts.
 */
typedef struct
{
  gchar       *service;
  gchar       *environment;
  FerryMetric  metric;
  GArray      *buckets;
} FerryMetricHistory;

#define FERRY_TYPE_METRIC_HISTORY (ferry_metric_history_get_type ())

GType               ferry_metric_history_get_type   (void) G_GNUC_CONST;
FerryMetricHistory *ferry_metric_history_new        (const gchar         *service,
                                                     const gchar         *environment,
                                                     FerryMetric          metric);
FerryMetricHistory *ferry_metric_history_ref        (FerryMetricHistory  *self);
void                ferry_metric_history_unref      (FerryMetricHistory  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryMetricHistory, ferry_metric_history_unref)

gboolean   ferry_store_put_metric_history   (FerryStore   *self,
                                             GPtrArray    *histories,
                                             GError      **error);
GPtrArray *ferry_store_list_metric_history  (FerryStore   *self,
                                             const gchar  *service,
                                             const gchar  *environment,
                                             gint64        since,
                                             GError      **error);
gboolean   ferry_store_prune_metric_history (FerryStore   *self,
                                             gint64        before,
                                             guint        *n_removed,
                                             GError      **error);

G_END_DECLS

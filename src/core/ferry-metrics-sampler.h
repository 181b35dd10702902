/* ferry-metrics-sampler.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-metric-source.h"
#include "ferry-series.h"
#include "ferry-store.h"

G_BEGIN_DECLS

/**
 * FERRY_METRICS_SAMPLER_INTERVAL:
 *
 * How often visible services are sampled while the window is active, in
 * milliseconds.
 */
#define FERRY_METRICS_SAMPLER_INTERVAL 1000

/**
 * FERRY_METRICS_SAMPLER_BACKGROUND_INTERVAL:
 *
 * How often they are sampled while the window is shown but not active,
 * in milliseconds.
 */
#define FERRY_METRICS_SAMPLER_BACKGROUND_INTERVAL 5000

/**
 * FERRY_METRICS_SAMPLER_LIVE_POINTS:
 *
 * How many samples are kept per service, environment and metric: an hour
 * at one a second. Older values come from the one-a-minute history.
 */
#define FERRY_METRICS_SAMPLER_LIVE_POINTS 3600

/**
 * FerryMetricsActivity:
 * @FERRY_METRICS_ACTIVITY_FOREGROUND: sample every interval (the window
 *   is active)
 * @FERRY_METRICS_ACTIVITY_BACKGROUND: sample every background interval
 *   (the window is shown, but another one has the focus)
 * @FERRY_METRICS_ACTIVITY_PAUSED: sample nothing (the window is hidden or
 *   minimized)
 *
 * How eagerly a #FerryMetricsSampler samples.
 */
typedef enum
{
  FERRY_METRICS_ACTIVITY_FOREGROUND,
  FERRY_METRICS_ACTIVITY_BACKGROUND,
  FERRY_METRICS_ACTIVITY_PAUSED,
} FerryMetricsActivity;

#define FERRY_TYPE_METRICS_SAMPLER (ferry_metrics_sampler_get_type ())

G_DECLARE_FINAL_TYPE (FerryMetricsSampler, ferry_metrics_sampler, FERRY, METRICS_SAMPLER, GObject)

FerryMetricsSampler  *ferry_metrics_sampler_new                (FerryStore           *store);
FerryStore           *ferry_metrics_sampler_get_store          (FerryMetricsSampler  *self);
void                  ferry_metrics_sampler_set_source         (FerryMetricsSampler  *self,
                                                                const gchar          *environment,
                                                                FerryMetricSource    *source);
void                  ferry_metrics_sampler_set_visible        (FerryMetricsSampler  *self,
                                                                const gchar * const  *services);
void                  ferry_metrics_sampler_set_selected       (FerryMetricsSampler  *self,
                                                                const gchar          *service);
void                  ferry_metrics_sampler_set_activity       (FerryMetricsSampler  *self,
                                                                FerryMetricsActivity  activity);
FerryMetricsActivity  ferry_metrics_sampler_get_activity       (FerryMetricsSampler  *self);
void                  ferry_metrics_sampler_set_intervals      (FerryMetricsSampler  *self,
                                                                guint                 foreground_ms,
                                                                guint                 background_ms);
void                  ferry_metrics_sampler_set_record_history (FerryMetricsSampler  *self,
                                                                gboolean              record);
gboolean              ferry_metrics_sampler_is_running         (FerryMetricsSampler  *self,
                                                                const gchar          *service,
                                                                const gchar          *environment);
gboolean              ferry_metrics_sampler_has_data           (FerryMetricsSampler  *self,
                                                                const gchar          *service,
                                                                const gchar          *environment);
FerrySeries          *ferry_metrics_sampler_get_live           (FerryMetricsSampler  *self,
                                                                const gchar          *service,
                                                                const gchar          *environment,
                                                                FerryMetric           metric);
FerrySeries          *ferry_metrics_sampler_get_series         (FerryMetricsSampler  *self,
                                                                const gchar          *service,
                                                                const gchar          *environment,
                                                                FerryMetric           metric,
                                                                gint64                since);
GPtrArray            *ferry_metrics_sampler_get_deployments    (FerryMetricsSampler  *self,
                                                                const gchar          *service,
                                                                const gchar          *environment);
guint64               ferry_metrics_sampler_get_n_rounds       (FerryMetricsSampler  *self);
void                  ferry_metrics_sampler_sample_async       (FerryMetricsSampler  *self,
                                                                gboolean              write_history,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean              ferry_metrics_sampler_sample_finish      (FerryMetricsSampler  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS

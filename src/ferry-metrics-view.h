/* ferry-metrics-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-chart.h"
#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_METRICS_VIEW (ferry_metrics_view_get_type())

G_DECLARE_FINAL_TYPE (FerryMetricsView, ferry_metrics_view, FERRY, METRICS_VIEW, GtkWidget)

GtkWidget   *ferry_metrics_view_new             (void);
void         ferry_metrics_view_set_sampler     (FerryMetricsView    *self,
                                                 FerryMetricsSampler *sampler);
void         ferry_metrics_view_set_service     (FerryMetricsView    *self,
                                                 FerryWorkspace      *workspace,
                                                 FerryService        *service);
void         ferry_metrics_view_set_environment (FerryMetricsView    *self,
                                                 const gchar         *environment);
const gchar *ferry_metrics_view_get_environment (FerryMetricsView    *self);
void         ferry_metrics_view_set_span        (FerryMetricsView    *self,
                                                 gint64               span);
gint64       ferry_metrics_view_get_span        (FerryMetricsView    *self);
FerryChart  *ferry_metrics_view_get_chart       (FerryMetricsView    *self,
                                                 FerryMetric          metric);
const gchar *ferry_metrics_view_get_status      (FerryMetricsView    *self);
gchar       *ferry_metrics_view_describe_summary (FerryMetricsView   *self);
void         ferry_metrics_view_refresh         (FerryMetricsView    *self);

G_END_DECLS

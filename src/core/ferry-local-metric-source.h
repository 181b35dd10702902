/* ferry-local-metric-source.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-metric-source.h"
#include "ferry-proc-sampler.h"

G_BEGIN_DECLS

/**
 * FERRY_LOCAL_HISTORY_DEFAULT:
 *
 * How many points per metric and instance a #FerryLocalMetricSource keeps
 * by default: 20 minutes at one sample a second, enough for the 10
 * minutes before and after a deployment.
 */
#define FERRY_LOCAL_HISTORY_DEFAULT 1200

#define FERRY_TYPE_LOCAL_METRIC_SOURCE (ferry_local_metric_source_get_type ())

G_DECLARE_FINAL_TYPE (FerryLocalMetricSource, ferry_local_metric_source, FERRY, LOCAL_METRIC_SOURCE, GObject)

FerryLocalMetricSource *ferry_local_metric_source_new         (void);
FerryLocalMetricSource *ferry_local_metric_source_new_full    (FerryProcSampler       *sampler,
                                                               guint                   history);
FerrySeries            *ferry_local_metric_source_get_history (FerryLocalMetricSource *self,
                                                               FerryMetricLocator     *locator,
                                                               FerryMetric             metric);
void                    ferry_local_metric_source_forget      (FerryLocalMetricSource *self,
                                                               FerryMetricLocator     *locator);

G_END_DECLS

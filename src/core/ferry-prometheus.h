/* ferry-prometheus.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-metric-source.h"

G_BEGIN_DECLS

/**
 * FerryPrometheusPreset:
 * @FERRY_PROMETHEUS_PRESET_PROCESS: the process's own metrics, scraped
 *   under `job="{job}"` (`process_cpu_seconds_total`,
 *   `process_resident_memory_bytes`, `process_open_fds` and the byte
 *   counters of ferry-demo-service)
 * @FERRY_PROMETHEUS_PRESET_CADVISOR: the kubelet's cAdvisor metrics of the
 *   pods `{pod}` in `{namespace}` (`container_cpu_usage_seconds_total`,
 *   `container_memory_working_set_bytes`,
 *   `container_network_receive_bytes_total` …)
 *
 * Ready-made query templates.
 */
typedef enum
{
  FERRY_PROMETHEUS_PRESET_PROCESS,
  FERRY_PROMETHEUS_PRESET_CADVISOR,
} FerryPrometheusPreset;

#define FERRY_TYPE_PROMETHEUS_SOURCE (ferry_prometheus_source_get_type ())

G_DECLARE_FINAL_TYPE (FerryPrometheusSource, ferry_prometheus_source, FERRY, PROMETHEUS_SOURCE, GObject)

FerryPrometheusSource *ferry_prometheus_source_new           (const gchar            *url,
                                                              GError                **error);
FerryPrometheusSource *ferry_prometheus_source_new_from_json (JsonNode               *config,
                                                              GError                **error);
const gchar           *ferry_prometheus_source_get_url       (FerryPrometheusSource  *self);
void                   ferry_prometheus_source_use_preset    (FerryPrometheusSource  *self,
                                                              FerryPrometheusPreset   preset);
void                   ferry_prometheus_source_set_query     (FerryPrometheusSource  *self,
                                                              FerryMetric             metric,
                                                              const gchar            *query_template);
const gchar           *ferry_prometheus_source_get_query     (FerryPrometheusSource  *self,
                                                              FerryMetric             metric);
gchar                 *ferry_prometheus_source_expand_query  (FerryPrometheusSource  *self,
                                                              FerryMetric             metric,
                                                              FerryMetricLocator     *locator,
                                                              GError                **error);

G_END_DECLS

/* ferry-chart-geometry.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ferry-axis.h"
#include "ferry-metrics.h"
#include "ferry-series.h"

G_BEGIN_DECLS

/**
 * FERRY_CHART_DEFAULT_MAX_GAP:
 *
 * The longest time between two values that a chart still joins with a
 * line by default: two and a half minutes, which joins the one-a-minute
 * rows of the history and breaks the line where nothing was measured.
 */
#define FERRY_CHART_DEFAULT_MAX_GAP (G_GINT64_CONSTANT (150) * G_USEC_PER_SEC)

/**
 * FerryChartPoint:
 * @x: the centre of the point's column: 0 at the start of the time range,
 *   1 at its end
 * @y: the mean of the column on the value axis: 0 at its minimum (the
 *   bottom), 1 at its maximum
 * @y_min: the smallest value of the column, normalized the same way
 * @y_max: the largest value of the column, normalized the same way
 * @time: the time at the column's centre, µs since the Unix epoch
 * @value: the mean of the column, in the chart's unit
 * @joined: whether a line joins it to the previous point
 *
 * One pixel column of a chart that holds values, in normalized
 * coordinates a widget only scales to its size.
 */
typedef struct
{
  gdouble  x;
  gdouble  y;
  gdouble  y_min;
  gdouble  y_max;
  gint64   time;
  gdouble  value;
  gboolean joined;
} FerryChartPoint;

/**
 * FerryChartMarker:
 * @x: where the marker sits, 0 at the start of the time range, 1 at its end
 * @time: when the event happened, µs since the Unix epoch
 * @label: what to write beside it (a version)
 *
 * A vertical marker in a chart: a deployment.
 */
typedef struct
{
  gdouble      x;
  gint64       time;
  const gchar *label;
} FerryChartMarker;

#define FERRY_TYPE_CHART_GEOMETRY (ferry_chart_geometry_get_type ())

G_DECLARE_FINAL_TYPE (FerryChartGeometry, ferry_chart_geometry, FERRY, CHART_GEOMETRY, GObject)

FerryChartGeometry    *ferry_chart_geometry_new            (FerryUnit           unit);
FerryUnit              ferry_chart_geometry_get_unit       (FerryChartGeometry *self);
void                   ferry_chart_geometry_set_series     (FerryChartGeometry *self,
                                                            FerrySeries        *series);
FerrySeries           *ferry_chart_geometry_get_series     (FerryChartGeometry *self);
void                   ferry_chart_geometry_set_range      (FerryChartGeometry *self,
                                                            gint64              start,
                                                            gint64              end);
void                   ferry_chart_geometry_get_range      (FerryChartGeometry *self,
                                                            gint64             *start,
                                                            gint64             *end);
void                   ferry_chart_geometry_set_max_gap    (FerryChartGeometry *self,
                                                            gint64              max_gap);
void                   ferry_chart_geometry_clear_markers  (FerryChartGeometry *self);
void                   ferry_chart_geometry_add_marker     (FerryChartGeometry *self,
                                                            gint64              time,
                                                            const gchar        *label);
void                   ferry_chart_geometry_update         (FerryChartGeometry *self,
                                                            guint               n_columns,
                                                            guint               max_ticks);
const FerryChartPoint *ferry_chart_geometry_get_points     (FerryChartGeometry *self,
                                                            guint              *n_points);
const FerryChartMarker *ferry_chart_geometry_get_markers   (FerryChartGeometry *self,
                                                            guint              *n_markers);
FerryAxis             *ferry_chart_geometry_get_value_axis (FerryChartGeometry *self);
FerryAxis             *ferry_chart_geometry_get_time_axis  (FerryChartGeometry *self);
const FerryChartPoint *ferry_chart_geometry_find_point     (FerryChartGeometry *self,
                                                            gdouble             x,
                                                            gdouble             max_distance);
gchar                 *ferry_chart_geometry_format_point   (FerryChartGeometry *self,
                                                            const FerryChartPoint *point);

G_END_DECLS

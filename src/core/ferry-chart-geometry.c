/* ferry-chart-geometry.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-chart"

#include "config.h"

#include <math.h>

#include "ferry-chart-geometry.h"

/**
 * FerryChartGeometry:
 *
 * What a chart of one series draws, computed away from any widget so
 * that it can be tested: the series over a time range is decimated to
 * one point per pixel column (minimum, mean and maximum), a value axis
 * is fitted to it (%, MiB, KiB/s …) and every position is normalized to
 * 0..1. Chart widgets, and the sparklines of the graph's cards, only
 * scale these positions to their size and draw.
 *
 * Lines are broken where the series has a gap (a NaN: the process was
 * gone) and where two values are further apart in time than the maximum
 * gap (nothing was measured in between, for example while Ferry was
 * closed).
 *
 * Markers (deployments) are kept with their time and label; those within
 * the time range get a position.
 */
struct _FerryChartGeometry
{
  GObject            parent_instance;

  /* Owned */
  FerrySeries       *series;
  FerryAxis         *value_axis;
  FerryAxis         *time_axis;
  GArray            *markers;      /* Marker, every one added */
  GArray            *visible;      /* FerryChartMarker, those in range */
  GArray            *points;       /* FerryChartPoint */
  FerrySeriesColumn *columns;
  gboolean          *gaps;

  gint64             start;
  gint64             end;
  gint64             max_gap;
  guint              n_columns;
  FerryUnit          unit;
};

typedef struct
{
  gint64  time;
  gchar  *label;
} Marker;

G_DEFINE_FINAL_TYPE (FerryChartGeometry, ferry_chart_geometry, G_TYPE_OBJECT)

static void
marker_clear (gpointer data)
{
  Marker *marker = data;

  g_free (marker->label);
}

static void
ferry_chart_geometry_dispose (GObject *object)
{
  FerryChartGeometry *self = (FerryChartGeometry *)object;

  g_clear_object (&self->series);
  g_clear_object (&self->value_axis);
  g_clear_object (&self->time_axis);

  G_OBJECT_CLASS (ferry_chart_geometry_parent_class)->dispose (object);
}

static void
ferry_chart_geometry_finalize (GObject *object)
{
  FerryChartGeometry *self = (FerryChartGeometry *)object;

  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->visible, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->gaps, g_free);

  G_OBJECT_CLASS (ferry_chart_geometry_parent_class)->finalize (object);
}

static void
ferry_chart_geometry_class_init (FerryChartGeometryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_chart_geometry_dispose;
  object_class->finalize = ferry_chart_geometry_finalize;
}

static void
ferry_chart_geometry_init (FerryChartGeometry *self)
{
  self->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->visible = g_array_new (FALSE, FALSE, sizeof (FerryChartMarker));
  self->points = g_array_new (FALSE, FALSE, sizeof (FerryChartPoint));
  self->time_axis = ferry_axis_new (FERRY_UNIT_TIME);
  self->max_gap = FERRY_CHART_DEFAULT_MAX_GAP;
  self->end = 1;
}

/**
 * ferry_chart_geometry_new:
 * @unit: the unit of the values (their axis's labels)
 *
 * Returns: (transfer full): a geometry without a series, over an empty
 *   range
 */
FerryChartGeometry *
ferry_chart_geometry_new (FerryUnit unit)
{
  FerryChartGeometry *self = g_object_new (FERRY_TYPE_CHART_GEOMETRY, NULL);

  self->unit = unit;
  self->value_axis = ferry_axis_new (unit);

  return self;
}

/**
 * ferry_chart_geometry_get_unit:
 * @self: a #FerryChartGeometry
 *
 * Returns: the unit of the values
 */
FerryUnit
ferry_chart_geometry_get_unit (FerryChartGeometry *self)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), FERRY_UNIT_NONE);

  return self->unit;
}

/**
 * ferry_chart_geometry_set_series:
 * @self: a #FerryChartGeometry
 * @series: (nullable): the values to draw
 *
 * Sets the series; ferry_chart_geometry_update() computes its geometry.
 */
void
ferry_chart_geometry_set_series (FerryChartGeometry *self,
                                 FerrySeries        *series)
{
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));
  g_return_if_fail (series == NULL || FERRY_IS_SERIES (series));

  g_set_object (&self->series, series);
}

/**
 * ferry_chart_geometry_get_series:
 * @self: a #FerryChartGeometry
 *
 * Returns: (transfer none) (nullable): the series drawn
 */
FerrySeries *
ferry_chart_geometry_get_series (FerryChartGeometry *self)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);

  return self->series;
}

/**
 * ferry_chart_geometry_set_range:
 * @self: a #FerryChartGeometry
 * @start: the time at the left edge, µs since the Unix epoch
 * @end: the time at the right edge (excluded); an end not after @start is
 *   moved one second after it
 *
 * Sets the time range shown.
 */
void
ferry_chart_geometry_set_range (FerryChartGeometry *self,
                                gint64              start,
                                gint64              end)
{
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));

  if (end <= start)
    end = start + G_USEC_PER_SEC;

  self->start = start;
  self->end = end;
}

/**
 * ferry_chart_geometry_get_range:
 * @self: a #FerryChartGeometry
 * @start: (out) (optional): the time at the left edge
 * @end: (out) (optional): the time at the right edge
 */
void
ferry_chart_geometry_get_range (FerryChartGeometry *self,
                                gint64             *start,
                                gint64             *end)
{
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));

  if (start != NULL)
    *start = self->start;
  if (end != NULL)
    *end = self->end;
}

/**
 * ferry_chart_geometry_set_max_gap:
 * @self: a #FerryChartGeometry
 * @max_gap: in µs, or 0 for %FERRY_CHART_DEFAULT_MAX_GAP
 *
 * Sets the longest time between two values that a line still joins.
 * Neighbouring columns are always joined.
 */
void
ferry_chart_geometry_set_max_gap (FerryChartGeometry *self,
                                  gint64              max_gap)
{
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));
  g_return_if_fail (max_gap >= 0);

  self->max_gap = max_gap > 0 ? max_gap : FERRY_CHART_DEFAULT_MAX_GAP;
}

/**
 * ferry_chart_geometry_clear_markers:
 * @self: a #FerryChartGeometry
 *
 * Removes every marker.
 */
void
ferry_chart_geometry_clear_markers (FerryChartGeometry *self)
{
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));

  g_array_set_size (self->markers, 0);
  g_array_set_size (self->visible, 0);
}

/**
 * ferry_chart_geometry_add_marker:
 * @self: a #FerryChartGeometry
 * @time: when the event happened, µs since the Unix epoch
 * @label: (nullable): what to write beside it
 *
 * Adds a vertical marker, shown once ferry_chart_geometry_update() finds
 * it within the time range.
 */
void
ferry_chart_geometry_add_marker (FerryChartGeometry *self,
                                 gint64              time,
                                 const gchar        *label)
{
  Marker marker;

  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));

  marker.time = time;
  marker.label = g_strdup (label != NULL ? label : "");
  g_array_append_val (self->markers, marker);
}

static gint
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const FerryChartMarker *ma = a;
  const FerryChartMarker *mb = b;

  return (ma->time > mb->time) - (ma->time < mb->time);
}

static void
update_markers (FerryChartGeometry *self)
{
  gdouble span = (gdouble)(self->end - self->start);

  g_array_set_size (self->visible, 0);

  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *marker = &g_array_index (self->markers, Marker, i);
      FerryChartMarker visible;

      if (marker->time < self->start || marker->time >= self->end)
        continue;

      visible.x = (gdouble)(marker->time - self->start) / span;
      visible.time = marker->time;
      visible.label = marker->label;
      g_array_append_val (self->visible, visible);
    }

  g_array_sort (self->visible, compare_markers);
}

/**
 * ferry_chart_geometry_update:
 * @self: a #FerryChartGeometry
 * @n_columns: the width of the plot in pixels (at least 1)
 * @max_ticks: the most ticks wanted on the value axis
 *
 * Computes the points, the value axis and the markers for the current
 * series, range and size. Call it again when any of them changed (a
 * sample arrived, the range moved, the widget was resized).
 */
void
ferry_chart_geometry_update (FerryChartGeometry *self,
                             guint               n_columns,
                             guint               max_ticks)
{
  gdouble span, column_time, lo = INFINITY, hi = -INFINITY;
  gint64 longest;
  gint last = -1;

  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (self));

  n_columns = MAX (n_columns, 1);
  if (n_columns != self->n_columns)
    {
      g_free (self->columns);
      g_free (self->gaps);
      self->columns = g_new (FerrySeriesColumn, n_columns);
      self->gaps = g_new (gboolean, n_columns);
      self->n_columns = n_columns;
    }

  g_array_set_size (self->points, 0);
  ferry_axis_set_range (self->time_axis, self->start, self->end);
  update_markers (self);

  if (self->series == NULL)
    {
      ferry_axis_fit (self->value_axis, 0.0, 0.0, max_ticks);
      return;
    }

  ferry_series_decimate_full (self->series, self->start, self->end, self->columns,
                              self->gaps, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      if (self->columns[c].count == 0)
        continue;
      lo = MIN (lo, self->columns[c].min);
      hi = MAX (hi, self->columns[c].max);
    }

  if (lo > hi)
    lo = hi = 0.0;
  ferry_axis_fit (self->value_axis, lo, hi, max_ticks);

  span = (gdouble)(self->end - self->start);
  column_time = span / n_columns;
  longest = MAX (self->max_gap, (gint64)(column_time * 1.5));

  for (guint c = 0; c < n_columns; c++)
    {
      const FerrySeriesColumn *column = &self->columns[c];
      FerryChartPoint point;
      gboolean broken = FALSE;

      if (column->count == 0)
        continue;

      /* A gap between the previous point and this one breaks the line. */
      for (guint g = (guint)(last + 1); g <= c; g++)
        if (self->gaps[g])
          broken = TRUE;

      point.x = (c + 0.5) / n_columns;
      point.y = ferry_axis_normalize (self->value_axis, column->mean);
      point.y_min = ferry_axis_normalize (self->value_axis, column->min);
      point.y_max = ferry_axis_normalize (self->value_axis, column->max);
      point.time = self->start + (gint64)((c + 0.5) * column_time);
      point.value = column->mean;
      point.joined = last >= 0 && !broken && (gint64)((c - last) * column_time) <= longest;

      g_array_append_val (self->points, point);
      last = (gint)c;
    }
}

/**
 * ferry_chart_geometry_get_points:
 * @self: a #FerryChartGeometry
 * @n_points: (out): the number of points
 *
 * Returns: (array length=n_points) (transfer none): the points, left to
 *   right, as of the last ferry_chart_geometry_update()
 */
const FerryChartPoint *
ferry_chart_geometry_get_points (FerryChartGeometry *self,
                                 guint              *n_points)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = self->points->len;

  return (const FerryChartPoint *)(gpointer)self->points->data;
}

/**
 * ferry_chart_geometry_get_markers:
 * @self: a #FerryChartGeometry
 * @n_markers: (out): the number of markers
 *
 * Returns: (array length=n_markers) (transfer none): the markers within
 *   the time range, in time order, as of the last
 *   ferry_chart_geometry_update()
 */
const FerryChartMarker *
ferry_chart_geometry_get_markers (FerryChartGeometry *self,
                                  guint              *n_markers)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);
  g_return_val_if_fail (n_markers != NULL, NULL);

  *n_markers = self->visible->len;

  return (const FerryChartMarker *)(gpointer)self->visible->data;
}

/**
 * ferry_chart_geometry_get_value_axis:
 * @self: a #FerryChartGeometry
 *
 * Returns: (transfer none): the value axis, fitted to the data by the
 *   last ferry_chart_geometry_update()
 */
FerryAxis *
ferry_chart_geometry_get_value_axis (FerryChartGeometry *self)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);

  return self->value_axis;
}

/**
 * ferry_chart_geometry_get_time_axis:
 * @self: a #FerryChartGeometry
 *
 * Returns: (transfer none): the time axis, over the time range
 */
FerryAxis *
ferry_chart_geometry_get_time_axis (FerryChartGeometry *self)
{
  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);

  return self->time_axis;
}

/**
 * ferry_chart_geometry_find_point:
 * @self: a #FerryChartGeometry
 * @x: a position, 0 at the start of the time range and 1 at its end
 * @max_distance: how far from @x a point may be (same units)
 *
 * Finds what a hover read-out shows: the point nearest to @x.
 *
 * Returns: (transfer none) (nullable): the point, or %NULL when none is
 *   within @max_distance
 */
const FerryChartPoint *
ferry_chart_geometry_find_point (FerryChartGeometry *self,
                                 gdouble             x,
                                 gdouble             max_distance)
{
  const FerryChartPoint *points;
  const FerryChartPoint *best = NULL;
  guint lo = 0, hi;

  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);

  points = (const FerryChartPoint *)(gpointer)self->points->data;
  hi = self->points->len;

  /* The first point at or right of x, and the one before it. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (points[mid].x < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < self->points->len)
    best = &points[lo];
  if (lo > 0 && (best == NULL || x - points[lo - 1].x <= best->x - x))
    best = &points[lo - 1];

  if (best == NULL || fabs (best->x - x) > max_distance)
    return NULL;

  return best;
}

/**
 * ferry_chart_geometry_format_point:
 * @self: a #FerryChartGeometry
 * @point: a point of @self
 *
 * Returns: (transfer full): the read-out of @point: its local time and
 *   its value in the chart's unit, such as `14:05:31  12.5 %`
 */
gchar *
ferry_chart_geometry_format_point (FerryChartGeometry    *self,
                                   const FerryChartPoint *point)
{
  g_autofree gchar *time = NULL;
  g_autofree gchar *value = NULL;

  g_return_val_if_fail (FERRY_IS_CHART_GEOMETRY (self), NULL);
  g_return_val_if_fail (point != NULL, NULL);

  time = ferry_format_value (FERRY_UNIT_TIME, (gdouble)point->time);
  value = ferry_format_value (self->unit, point->value);

  return g_strdup_printf ("%s  %s", time, value);
}

/* test-chart-geometry.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ferry-core.h"

#define SEC    G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SEC)
#define MIB    (1024.0 * 1024.0)

/* A round start: 2026-03-01 10:00:00 UTC. */
#define T0     (G_GINT64_CONSTANT (1772359200) * SEC)

static FerrySeries *
series_every_second (guint    n,
                     gdouble (*value) (guint))
{
  FerrySeries *series = ferry_series_new (n);

  for (guint i = 0; i < n; i++)
    ferry_series_push (series, T0 + i * SEC, value (i));

  return series;
}

static gdouble
sawtooth (guint i)
{
  return (i % 10) / 10.0;
}

static gdouble
half_core (guint i)
{
  return 0.5;
}

static void
test_columns (void)
{
  g_autoptr(FerrySeries) series = series_every_second (600, sawtooth);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_CORES);
  const FerryChartPoint *points;
  FerryAxis *axis;
  guint n_points;

  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 600 * SEC);
  ferry_chart_geometry_update (geometry, 300, 4);

  /* Two seconds per column: one point per pixel column, all joined. */
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_cmpuint (n_points, ==, 300);
  g_assert_cmpfloat_with_epsilon (points[0].x, 0.5 / 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (points[299].x, 299.5 / 300, 1e-9);
  g_assert_false (points[0].joined);
  for (guint i = 1; i < n_points; i++)
    g_assert_true (points[i].joined);

  /* The first column holds 0.0 and 0.1; the axis runs 0..1 core. */
  axis = ferry_chart_geometry_get_value_axis (geometry);
  g_assert_cmpfloat (ferry_axis_get_min (axis), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (ferry_axis_get_max (axis), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (points[0].value, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (points[0].y, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (points[0].y_min, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (points[0].y_max, 0.1, 1e-9);
  g_assert_cmpint (points[0].time, ==, T0 + SEC);

  /* Wider than the data: columns without values are left out. */
  ferry_chart_geometry_set_range (geometry, T0 - 600 * SEC, T0 + 600 * SEC);
  ferry_chart_geometry_update (geometry, 300, 4);
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_cmpuint (n_points, ==, 150);
  g_assert_cmpfloat_with_epsilon (points[0].x, 150.5 / 300, 1e-9);
}

static void
test_day_at_one_second (void)
{
  g_autoptr(FerrySeries) series = series_every_second (86400, sawtooth);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_CORES);
  const FerryChartPoint *points;
  guint n_points;

  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 86400 * SEC);
  ferry_chart_geometry_update (geometry, 800, 4);

  /* 108 values a column, reduced to their extent and mean (a column
   * holds whole periods of the sawtooth and a part of one). */
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_cmpuint (n_points, ==, 800);
  for (guint i = 0; i < n_points; i++)
    {
      g_assert_cmpfloat_with_epsilon (points[i].y_min, 0.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (points[i].y_max, 0.9, 1e-9);
      g_assert_cmpfloat_with_epsilon (points[i].value, 0.45, 0.05);
      g_assert_true (points[i].joined == (i > 0));
    }
}

static void
test_gaps (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (100);
  g_autoptr(FerrySeries) history = ferry_series_new (100);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_BYTES);
  const FerryChartPoint *points;
  guint n_points;

  /* 0–9 s, a NaN (the process went away), 20–29 s, then nothing until
   * 600 s: further than the longest gap joined. */
  for (guint i = 0; i < 10; i++)
    ferry_series_push (series, T0 + i * SEC, 64 * MIB);
  ferry_series_push (series, T0 + 15 * SEC, NAN);
  for (guint i = 20; i < 30; i++)
    ferry_series_push (series, T0 + i * SEC, 64 * MIB);
  for (guint i = 600; i < 610; i++)
    ferry_series_push (series, T0 + i * SEC, 64 * MIB);

  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 900 * SEC);
  ferry_chart_geometry_update (geometry, 900, 4);
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_cmpuint (n_points, ==, 30);
  g_assert_false (points[0].joined);
  g_assert_true (points[9].joined);
  g_assert_false (points[10].joined);   /* after the NaN */
  g_assert_true (points[19].joined);
  g_assert_false (points[20].joined);   /* after ten minutes of nothing */

  /* The history has a row a minute: those are joined. */
  for (guint i = 0; i < 10; i++)
    ferry_series_push (history, T0 + i * MINUTE, 32 * MIB);
  ferry_chart_geometry_set_series (geometry, history);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 10 * MINUTE);
  ferry_chart_geometry_update (geometry, 600, 4);
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_cmpuint (n_points, ==, 10);
  for (guint i = 1; i < n_points; i++)
    g_assert_true (points[i].joined);

  /* …unless told to join less. */
  ferry_chart_geometry_set_max_gap (geometry, 10 * SEC);
  ferry_chart_geometry_update (geometry, 600, 4);
  points = ferry_chart_geometry_get_points (geometry, &n_points);
  g_assert_false (points[1].joined);
}

static void
test_markers (void)
{
  g_autoptr(FerrySeries) series = series_every_second (600, half_core);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_CORES);
  const FerryChartMarker *markers;
  guint n_markers;

  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 600 * SEC);
  ferry_chart_geometry_add_marker (geometry, T0 + 450 * SEC, "v2.2.0");
  ferry_chart_geometry_add_marker (geometry, T0 + 150 * SEC, "v2.1.0");
  ferry_chart_geometry_add_marker (geometry, T0 - 60 * SEC, "v2.0.0");
  ferry_chart_geometry_add_marker (geometry, T0 + 600 * SEC, "later");
  ferry_chart_geometry_update (geometry, 300, 4);

  /* Those in range, in time order, placed on the time axis. */
  markers = ferry_chart_geometry_get_markers (geometry, &n_markers);
  g_assert_cmpuint (n_markers, ==, 2);
  g_assert_cmpstr (markers[0].label, ==, "v2.1.0");
  g_assert_cmpfloat_with_epsilon (markers[0].x, 0.25, 1e-9);
  g_assert_cmpstr (markers[1].label, ==, "v2.2.0");
  g_assert_cmpfloat_with_epsilon (markers[1].x, 0.75, 1e-9);

  /* A wider range shows the older one too. */
  ferry_chart_geometry_set_range (geometry, T0 - 3600 * SEC, T0 + 600 * SEC);
  ferry_chart_geometry_update (geometry, 300, 4);
  ferry_chart_geometry_get_markers (geometry, &n_markers);
  g_assert_cmpuint (n_markers, ==, 3);

  ferry_chart_geometry_clear_markers (geometry);
  ferry_chart_geometry_update (geometry, 300, 4);
  ferry_chart_geometry_get_markers (geometry, &n_markers);
  g_assert_cmpuint (n_markers, ==, 0);
}

static void
test_read_out (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (10);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_CORES);
  g_autoptr(GDateTime) local = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *expected_time = NULL;
  g_autofree gchar *expected = NULL;
  const FerryChartPoint *point;

  ferry_series_push (series, T0 + 10 * SEC, 0.125);
  ferry_series_push (series, T0 + 50 * SEC, 0.5);
  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 100 * SEC);
  ferry_chart_geometry_update (geometry, 100, 4);

  /* The nearest point within the distance allowed. */
  point = ferry_chart_geometry_find_point (geometry, 0.2, 0.2);
  g_assert_nonnull (point);
  g_assert_cmpfloat (point->value, ==, 0.125);
  point = ferry_chart_geometry_find_point (geometry, 0.4, 0.2);
  g_assert_nonnull (point);
  g_assert_cmpfloat (point->value, ==, 0.5);
  g_assert_null (ferry_chart_geometry_find_point (geometry, 0.9, 0.1));

  /* Its local time and value in the unit. */
  text = ferry_chart_geometry_format_point (geometry, point);
  local = g_date_time_new_from_unix_local (point->time / SEC);
  expected_time = g_date_time_format (local, "%H:%M:%S");
  expected = g_strdup_printf ("%s  50.0 %%", expected_time);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_units (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (10);
  g_autoptr(FerryChartGeometry) geometry = ferry_chart_geometry_new (FERRY_UNIT_BYTES);
  g_autoptr(FerryChartGeometry) empty = ferry_chart_geometry_new (FERRY_UNIT_BYTES_PER_SECOND);
  g_autoptr(GArray) ticks = NULL;
  g_autofree gchar *top = NULL;
  FerryAxis *axis;
  guint n_points;

  ferry_series_push (series, T0, 40 * MIB);
  ferry_series_push (series, T0 + SEC, 90 * MIB);
  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, T0, T0 + 10 * SEC);
  ferry_chart_geometry_update (geometry, 10, 4);

  /* Memory in MiB, from 0, on round values. */
  axis = ferry_chart_geometry_get_value_axis (geometry);
  g_assert_cmpfloat (ferry_axis_get_min (axis), ==, 0);
  g_assert_cmpfloat (ferry_axis_get_max (axis), >=, 90 * MIB);
  ticks = ferry_axis_get_ticks (axis, 4);
  g_assert_cmpuint (ticks->len, >=, 2);
  top = ferry_axis_format_tick (axis, g_array_index (ticks, FerryAxisTick, ticks->len - 1).value, 4);
  g_assert_true (g_str_has_suffix (top, " MiB"));
  g_assert_true (ferry_chart_geometry_get_time_axis (geometry) != NULL);
  g_assert_cmpint (ferry_axis_get_unit (ferry_chart_geometry_get_time_axis (geometry)), ==, FERRY_UNIT_TIME);

  /* No series: no points, and an axis that still has a span. */
  ferry_chart_geometry_set_range (empty, T0, T0);
  ferry_chart_geometry_update (empty, 0, 4);
  ferry_chart_geometry_get_points (empty, &n_points);
  g_assert_cmpuint (n_points, ==, 0);
  axis = ferry_chart_geometry_get_value_axis (empty);
  g_assert_cmpfloat (ferry_axis_get_max (axis), >, ferry_axis_get_min (axis));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/chart-geometry/columns", test_columns);
  g_test_add_func ("/ferry/chart-geometry/day-at-one-second", test_day_at_one_second);
  g_test_add_func ("/ferry/chart-geometry/gaps", test_gaps);
  g_test_add_func ("/ferry/chart-geometry/markers", test_markers);
  g_test_add_func ("/ferry/chart-geometry/read-out", test_read_out);
  g_test_add_func ("/ferry/chart-geometry/units", test_units);

  return g_test_run ();
}

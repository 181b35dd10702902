/* test-series.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ferry-core.h"

#define SEC G_GINT64_CONSTANT (1000000)
#define T0 (G_GINT64_CONSTANT (1767225600) * SEC) /* 2026-01-01T00:00:00Z */

static void
test_ring (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (4);
  FerrySeriesPoint point;

  g_assert_cmpuint (ferry_series_get_capacity (series), ==, 4);
  g_assert_cmpuint (ferry_series_get_length (series), ==, 0);
  g_assert_false (ferry_series_get_last (series, &point));

  for (guint i = 0; i < 10; i++)
    g_assert_true (ferry_series_push (series, T0 + i * SEC, i));

  /* Bounded: only the four newest remain, oldest first. */
  g_assert_cmpuint (ferry_series_get_length (series), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (ferry_series_get_point (series, i, &point));
      g_assert_cmpint (point.time, ==, T0 + (6 + i) * SEC);
      g_assert_cmpfloat (point.value, ==, 6 + i);
    }
  g_assert_false (ferry_series_get_point (series, 4, &point));
  g_assert_true (ferry_series_get_last (series, &point));
  g_assert_cmpfloat (point.value, ==, 9);

  /* Out of order is refused, the same time is kept. */
  g_assert_false (ferry_series_push (series, T0 + 8 * SEC, 100));
  g_assert_true (ferry_series_push (series, T0 + 9 * SEC, 10));
  g_assert_cmpuint (ferry_series_get_length (series), ==, 4);

  g_assert_cmpuint (ferry_series_lower_bound (series, 0), ==, 0);
  g_assert_cmpuint (ferry_series_lower_bound (series, T0 + 8 * SEC), ==, 1);
  g_assert_cmpuint (ferry_series_lower_bound (series, T0 + 8 * SEC + 1), ==, 2);
  g_assert_cmpuint (ferry_series_lower_bound (series, T0 + 100 * SEC), ==, 4);

  ferry_series_clear (series);
  g_assert_cmpuint (ferry_series_get_length (series), ==, 0);
}

static void
test_value_range (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (16);
  gdouble min, max;

  g_assert_false (ferry_series_get_value_range (series, T0, T0 + 10 * SEC, &min, &max));
  ferry_series_push (series, T0, 5);
  ferry_series_push (series, T0 + SEC, NAN);
  ferry_series_push (series, T0 + 2 * SEC, -2);
  ferry_series_push (series, T0 + 3 * SEC, INFINITY);
  ferry_series_push (series, T0 + 4 * SEC, 7);

  g_assert_true (ferry_series_get_value_range (series, T0, T0 + 10 * SEC, &min, &max));
  g_assert_cmpfloat (min, ==, -2);
  g_assert_cmpfloat (max, ==, 7);
  g_assert_true (ferry_series_get_value_range (series, T0, T0 + 4 * SEC, &min, &max));
  g_assert_cmpfloat (max, ==, 5);
  g_assert_false (ferry_series_get_value_range (series, T0 + SEC, T0 + 2 * SEC, &min, &max));
  g_assert_false (ferry_series_get_value_range (series, T0 + 10 * SEC, T0, &min, &max));
}

static void
test_downsample (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (1000);
  g_autoptr(GArray) buckets = NULL;
  const FerrySeriesBucket *b;

  /* 300 points from 30 s, one a second, value = index; a gap (NaN) at
   * 130..239 s. */
  for (guint i = 0; i < 300; i++)
    ferry_series_push (series, T0 + 30 * SEC + i * SEC,
                       (i >= 100 && i < 210) ? NAN : (gdouble)i);

  buckets = ferry_series_downsample (series, T0, T0 + 3600 * SEC, 60 * SEC);

  /* Buckets are aligned on the minute, not on the first point. */
  g_assert_cmpuint (buckets->len, ==, 5);
  b = &g_array_index (buckets, FerrySeriesBucket, 0);
  g_assert_cmpint (b->start, ==, T0);
  g_assert_cmpuint (b->count, ==, 30);
  g_assert_cmpfloat (b->min, ==, 0);
  g_assert_cmpfloat (b->max, ==, 29);
  g_assert_cmpfloat_with_epsilon (b->mean, 14.5, 1e-9);

  b = &g_array_index (buckets, FerrySeriesBucket, 1);
  g_assert_cmpint (b->start, ==, T0 + 60 * SEC);
  g_assert_cmpuint (b->count, ==, 60);
  g_assert_cmpfloat (b->min, ==, 30);
  g_assert_cmpfloat (b->max, ==, 89);

  /* 120..179 s holds 90..99 only (the rest is the gap); 180..239 is all
   * gap and left out. */
  b = &g_array_index (buckets, FerrySeriesBucket, 2);
  g_assert_cmpint (b->start, ==, T0 + 120 * SEC);
  g_assert_cmpuint (b->count, ==, 10);
  g_assert_cmpfloat (b->max, ==, 99);
  b = &g_array_index (buckets, FerrySeriesBucket, 3);
  g_assert_cmpint (b->start, ==, T0 + 240 * SEC);
  g_assert_cmpfloat (b->min, ==, 210);

  /* The same rows again, whatever range is asked, as long as it covers
   * whole buckets. */
  {
    g_autoptr(GArray) again = ferry_series_downsample (series, T0 + 60 * SEC, T0 + 180 * SEC, 60 * SEC);

    g_assert_cmpuint (again->len, ==, 2);
    g_assert_cmpmem (again->data, 2 * sizeof (FerrySeriesBucket),
                     &g_array_index (buckets, FerrySeriesBucket, 1), 2 * sizeof (FerrySeriesBucket));
  }
}

static void
test_resample (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (100);
  g_autoptr(FerrySeries) coarse = NULL;
  FerrySeriesPoint point;

  for (guint i = 0; i < 20; i++)
    ferry_series_push (series, T0 + i * SEC, i);

  coarse = ferry_series_resample (series, T0, T0 + 20 * SEC, 5 * SEC);
  g_assert_cmpuint (ferry_series_get_length (coarse), ==, 4);
  g_assert_true (ferry_series_get_point (coarse, 1, &point));
  g_assert_cmpint (point.time, ==, T0 + 5 * SEC);
  g_assert_cmpfloat (point.value, ==, 7);
}

static void
test_decimate (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (86400);
  FerrySeriesColumn columns[10];

  /* A wrapped ring: 100,000 points pushed into 86,400 slots. */
  for (guint i = 0; i < 100000; i++)
    ferry_series_push (series, T0 + (gint64)i * SEC, i % 100);

  ferry_series_decimate (series, T0 + 20000 * SEC, T0 + 21000 * SEC, columns, 10);
  for (guint c = 0; c < 10; c++)
    {
      g_assert_cmpuint (columns[c].count, ==, 100);
      g_assert_cmpfloat (columns[c].min, ==, 0);
      g_assert_cmpfloat (columns[c].max, ==, 99);
      g_assert_cmpfloat_with_epsilon (columns[c].mean, 49.5, 1e-9);
    }

  /* Before what the ring still holds: empty columns, not stale data. */
  ferry_series_decimate (series, T0, T0 + 10 * SEC, columns, 10);
  for (guint c = 0; c < 10; c++)
    {
      g_assert_cmpuint (columns[c].count, ==, 0);
      g_assert_true (isnan (columns[c].min));
      g_assert_true (isnan (columns[c].mean));
    }

  /* A window over the end: the last columns are empty. */
  ferry_series_decimate (series, T0 + 99990 * SEC, T0 + 100010 * SEC, columns, 10);
  g_assert_cmpuint (columns[0].count, ==, 2);
  g_assert_cmpfloat (columns[4].max, ==, 99);
  g_assert_cmpuint (columns[5].count, ==, 0);

  /* More columns than points: single-point columns and gaps. */
  {
    g_autoptr(FerrySeries) small = ferry_series_new (8);
    FerrySeriesColumn wide[8];

    ferry_series_push (small, T0, 1);
    ferry_series_push (small, T0 + 3 * SEC, NAN);
    ferry_series_push (small, T0 + 6 * SEC, 3);
    ferry_series_decimate (small, T0, T0 + 8 * SEC, wide, 8);
    g_assert_cmpuint (wide[0].count, ==, 1);
    g_assert_cmpuint (wide[3].count, ==, 0);
    g_assert_cmpfloat (wide[6].min, ==, 3);
    g_assert_cmpuint (wide[7].count, ==, 0);

    /* An empty range is all gaps, not a crash. */
    ferry_series_decimate (small, T0 + SEC, T0 + SEC, wide, 8);
    g_assert_cmpuint (wide[0].count, ==, 0);
  }
}

static void
test_deploy_summary (void)
{
  g_autoptr(FerrySeries) series = ferry_series_new (7200);
  gint64 deploy = T0 + 3600 * SEC;
  FerryDeploySummary summary;

  /* Flat 0.2 cores before the deploy, 0.3 after, one sample a second,
   * with noise at the edges outside the 10-minute windows. */
  for (gint i = 0; i < 7200; i++)
    {
      gint64 t = T0 + (gint64)i * SEC;
      gdouble v;

      if (t < deploy - FERRY_SERIES_DEPLOY_WINDOW || t >= deploy + FERRY_SERIES_DEPLOY_WINDOW)
        v = 50.0;
      else
        v = t < deploy ? 0.2 : 0.3;
      ferry_series_push (series, t, v);
    }

  g_assert_true (ferry_series_summarize_deploy (series, deploy, 0, &summary));
  g_assert_cmpuint (summary.before_count, ==, 600);
  g_assert_cmpuint (summary.after_count, ==, 600);
  g_assert_cmpfloat_with_epsilon (summary.before_mean, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary.after_mean, 0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary.change, 0.5, 1e-9);

  /* A deploy at the very end: nothing after yet. */
  g_assert_false (ferry_series_summarize_deploy (series, T0 + 7200 * SEC, 60 * SEC, &summary));
  g_assert_cmpuint (summary.before_count, ==, 60);
  g_assert_cmpuint (summary.after_count, ==, 0);
  g_assert_true (isnan (summary.after_mean));
  g_assert_true (isnan (summary.change));
}

static void
test_axis_normalize (void)
{
  g_autoptr(FerryAxis) axis = ferry_axis_new (FERRY_UNIT_BYTES);

  ferry_axis_set_range (axis, 100, 300);
  g_assert_cmpfloat (ferry_axis_normalize (axis, 100), ==, 0.0);
  g_assert_cmpfloat (ferry_axis_normalize (axis, 200), ==, 0.5);
  g_assert_cmpfloat (ferry_axis_normalize (axis, 300), ==, 1.0);
  g_assert_cmpfloat (ferry_axis_denormalize (axis, 0.25), ==, 150);

  /* An empty range never divides by zero. */
  ferry_axis_set_range (axis, 5, 5);
  g_assert_true (isfinite (ferry_axis_normalize (axis, 5)));
  g_assert_cmpfloat (ferry_axis_get_max (axis), >, ferry_axis_get_min (axis));
}

static gchar *
tick_labels (FerryAxis *axis,
             guint      max_ticks)
{
  g_autoptr(GArray) ticks = ferry_axis_get_ticks (axis, max_ticks);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ticks->len; i++)
    {
      const FerryAxisTick *tick = &g_array_index (ticks, FerryAxisTick, i);
      g_autofree gchar *label = ferry_axis_format_tick (axis, tick->value, max_ticks);

      g_assert_cmpfloat (tick->position, >=, -1e-9);
      g_assert_cmpfloat (tick->position, <=, 1 + 1e-9);
      if (i > 0)
        g_string_append (out, " | ");
      g_string_append (out, label);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_axis_ticks (void)
{
  static const struct {
    FerryUnit    unit;
    gdouble      data_min;
    gdouble      data_max;
    const gchar *labels;
  } cases[] = {
    { FERRY_UNIT_CORES, 0.0, 0.37, "0 % | 10 % | 20 % | 30 % | 40 %" },
    { FERRY_UNIT_CORES, 0.0, 0.0, "0 % | 2 % | 4 % | 6 % | 8 % | 10 %" },
    { FERRY_UNIT_CORES, 0.0, 1.6, "0 % | 50 % | 100 % | 150 % | 200 %" },
    { FERRY_UNIT_BYTES, 20e6, 180e6, "0 MiB | 50 MiB | 100 MiB | 150 MiB | 200 MiB" },
    { FERRY_UNIT_BYTES, 0, 1.5 * 1024 * 1024 * 1024, "0.0 GiB | 0.5 GiB | 1.0 GiB | 1.5 GiB" },
    { FERRY_UNIT_BYTES_PER_SECOND, 0, 3000, "0 KiB/s | 1 KiB/s | 2 KiB/s | 3 KiB/s" },
    { FERRY_UNIT_BYTES_PER_SECOND, 0, 900 * 1024, "0 KiB/s | 200 KiB/s | 400 KiB/s | 600 KiB/s | 800 KiB/s | 1000 KiB/s" },
    { FERRY_UNIT_COUNT, 0, 3, "0 | 1 | 2 | 3" },
    { FERRY_UNIT_NONE, -3, 7, "-5 | 0 | 5 | 10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryAxis) axis = ferry_axis_new (cases[i].unit);
      g_autofree gchar *labels = NULL;

      ferry_axis_fit (axis, cases[i].data_min, cases[i].data_max, 5);
      labels = tick_labels (axis, 5);
      g_test_message ("case %u: %s", i, labels);
      g_assert_cmpstr (labels, ==, cases[i].labels);
      g_assert_cmpfloat (ferry_axis_get_min (axis), <=, cases[i].data_min);
      g_assert_cmpfloat (ferry_axis_get_max (axis), >=, cases[i].data_max);
    }
}

static void
test_axis_time (void)
{
  g_autoptr(FerryAxis) axis = ferry_axis_new (FERRY_UNIT_TIME);
  g_autoptr(GArray) ticks = NULL;
  g_autofree gchar *first = NULL;

  /* 24 hours from 00:00:07: ticks every 6 hours at round times. */
  ferry_axis_fit (axis, T0 + 7 * SEC, T0 + 7 * SEC + 86400 * SEC, 5);
  ticks = ferry_axis_get_ticks (axis, 5);
  g_assert_cmpuint (ticks->len, ==, 4);
  g_assert_cmpfloat (g_array_index (ticks, FerryAxisTick, 0).value, ==, (gdouble)(T0 + 6 * 3600 * SEC));
  first = ferry_axis_format_tick (axis, g_array_index (ticks, FerryAxisTick, 0).value, 5);
  g_assert_cmpstr (first, ==, "06:00");

  /* Two minutes: 30-second ticks with seconds shown. */
  ferry_axis_set_range (axis, T0, T0 + 120 * SEC);
  g_clear_pointer (&first, g_free);
  first = ferry_axis_format_tick (axis, T0 + 30 * SEC, 5);
  g_assert_cmpfloat (ferry_axis_get_tick_step (axis, 5), ==, 30.0 * SEC);
  g_assert_cmpstr (first, ==, "00:00:30");
}

static void
test_format_value (void)
{
  static const struct {
    FerryUnit    unit;
    gdouble      value;
    const gchar *text;
  } cases[] = {
    { FERRY_UNIT_CORES, 0.125, "12.5 %" },
    { FERRY_UNIT_CORES, 2.0, "200 %" },
    { FERRY_UNIT_CORES, 0.0, "0 %" },
    { FERRY_UNIT_BYTES, 512, "512 B" },
    { FERRY_UNIT_BYTES, 1536, "1.50 KiB" },
    { FERRY_UNIT_BYTES, 256.0 * 1024 * 1024, "256 MiB" },
    { FERRY_UNIT_BYTES_PER_SECOND, 12.3 * 1024, "12.3 KiB/s" },
    { FERRY_UNIT_COUNT, 12, "12" },
    { FERRY_UNIT_CORES, NAN, "–" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *text = ferry_format_value (cases[i].unit, cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_metric_names (void)
{
  FerryMetric metric;

  for (guint i = 0; i < FERRY_N_METRICS; i++)
    {
      g_assert_true (ferry_metric_from_string (ferry_metric_to_string (i), &metric));
      g_assert_cmpint (metric, ==, i);
    }
  g_assert_false (ferry_metric_from_string ("disk", &metric));
  g_assert_cmpint (ferry_metric_get_unit (FERRY_METRIC_CPU), ==, FERRY_UNIT_CORES);
  g_assert_cmpint (ferry_metric_get_unit (FERRY_METRIC_NET_TX), ==, FERRY_UNIT_BYTES_PER_SECOND);
}

static void
test_locator (void)
{
  g_autoptr(FerryMetricLocator) a = ferry_metric_locator_new ("web", "prod");
  g_autoptr(FerryMetricLocator) b = ferry_metric_locator_new ("web", "prod");
  g_autofree gchar *key_a = NULL;
  g_autofree gchar *key_b = NULL;
  g_auto(GStrv) labels = NULL;

  ferry_metric_locator_set_label (a, "pod", "web-1");
  ferry_metric_locator_set_label (a, "job", "web");
  ferry_metric_locator_set_label (b, "job", "web");
  ferry_metric_locator_set_label (b, "pod", "web-1");
  key_a = ferry_metric_locator_to_key (a);
  key_b = ferry_metric_locator_to_key (b);
  g_assert_cmpstr (key_a, ==, key_b);

  labels = ferry_metric_locator_list_labels (a);
  g_assert_cmpstrv (labels, ((const gchar *[]) { "job", "pod", NULL }));

  ferry_metric_locator_set_pid (b, 42);
  g_clear_pointer (&key_b, g_free);
  key_b = ferry_metric_locator_to_key (b);
  g_assert_cmpstr (key_a, !=, key_b);

  ferry_metric_locator_set_label (a, "pod", NULL);
  g_assert_null (ferry_metric_locator_get_label (a, "pod"));
}

int
main (int   argc,
      char *argv[])
{
  /* Time ticks fall on round local times: make local time UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/series/ring", test_ring);
  g_test_add_func ("/ferry/series/value-range", test_value_range);
  g_test_add_func ("/ferry/series/downsample", test_downsample);
  g_test_add_func ("/ferry/series/resample", test_resample);
  g_test_add_func ("/ferry/series/decimate", test_decimate);
  g_test_add_func ("/ferry/series/deploy-summary", test_deploy_summary);
  g_test_add_func ("/ferry/series/axis/normalize", test_axis_normalize);
  g_test_add_func ("/ferry/series/axis/ticks", test_axis_ticks);
  g_test_add_func ("/ferry/series/axis/time", test_axis_time);
  g_test_add_func ("/ferry/series/format-value", test_format_value);
  g_test_add_func ("/ferry/series/metric-names", test_metric_names);
  g_test_add_func ("/ferry/series/locator", test_locator);

  return g_test_run ();
}

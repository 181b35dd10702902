/* test-local-metrics.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "ferry-test-util.h"

#define SEC G_GINT64_CONSTANT (1000000)

static void
test_demo_service (void)
{
  g_autoptr(FerryLocalMetricSource) source = ferry_local_metric_source_new ();
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("cart-api", "dev");
  g_autoptr(FerryMetricSample) first = NULL;
  g_autoptr(FerryMetricSample) second = NULL;
  g_autoptr(FerrySeries) range = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *metrics_url = NULL;
  FerrySeriesPoint point;
  guint status;
  gint64 now;

  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_DEMO_MEMORY_MB=16", NULL }, &error);
  g_assert_no_error (error);
  metrics_url = g_strconcat (demo->base_url, "/metrics", NULL);
  ferry_metric_locator_set_pid (locator, demo->pid);
  ferry_metric_locator_set_metrics_url (locator, metrics_url);

  first = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (first->values[FERRY_METRIC_MEMORY], >=, 16.0 * 1024 * 1024);
  g_assert_cmpfloat (first->values[FERRY_METRIC_THREADS], >=, 1);
  g_assert_cmpfloat (first->values[FERRY_METRIC_OPEN_FILES], >=, 3);
  /* Rates need two measurements. */
  g_assert_false (ferry_metric_sample_has (first, FERRY_METRIC_CPU));
  g_assert_false (ferry_metric_sample_has (first, FERRY_METRIC_NET_RX));

  for (guint i = 0; i < 5; i++)
    g_free (demo_get (demo, "/api/orders", &status));
  g_usleep (G_USEC_PER_SEC / 5);

  second = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (second->values[FERRY_METRIC_CPU], >=, 0.0);
  g_assert_cmpfloat (second->values[FERRY_METRIC_CPU], <, 64.0);
  /* The requests in between, and the first scrape itself, moved bytes. */
  g_assert_cmpfloat (second->values[FERRY_METRIC_NET_RX], >, 0.0);
  g_assert_cmpfloat (second->values[FERRY_METRIC_NET_TX], >, 0.0);
  g_assert_cmpint (second->time, >, first->time);

  /* What was measured is the local history. */
  g_assert_cmpuint (ferry_series_get_length (ferry_local_metric_source_get_history (source, locator, FERRY_METRIC_MEMORY)), ==, 2);
  now = g_get_real_time ();
  range = test_query_range (FERRY_METRIC_SOURCE (source), locator, FERRY_METRIC_MEMORY,
                            now - 60 * SEC, now, SEC / 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_series_get_length (range), ==, 2);
  g_assert_true (ferry_series_get_point (range, 1, &point));
  g_assert_cmpfloat (point.value, >=, 16.0 * 1024 * 1024);

  g_assert_cmpint (demo_process_terminate (demo), ==, 0);

  /* The process is gone: an error, not a stale value. */
  g_clear_pointer (&second, ferry_metric_sample_free);
  second = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND);

  ferry_local_metric_source_forget (source, locator);
  g_assert_null (ferry_local_metric_source_get_history (source, locator, FERRY_METRIC_MEMORY));
}

static void
test_no_pid (void)
{
  g_autoptr(FerryLocalMetricSource) source = ferry_local_metric_source_new ();
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("cart-api", "dev");
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;

  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
  g_assert_null (sample);
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR);
  g_assert_nonnull (strstr (error->message, "cart-api"));
}

static void
test_bad_metrics_url (void)
{
  g_autoptr(FerryLocalMetricSource) source = ferry_local_metric_source_new ();
  g_autofree gchar *closed = g_strdup_printf ("http://127.0.0.1:%u/metrics", demo_closed_port ());
  const gchar *urls[] = { closed, "not a URL at all" };

  /* The process is measured; the network stays absent. */
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("self", "test");
      g_autoptr(GError) error = NULL;

      ferry_metric_locator_set_pid (locator, getpid ());
      ferry_metric_locator_set_metrics_url (locator, urls[i]);
      for (guint round = 0; round < 2; round++)
        {
          g_autoptr(FerryMetricSample) sample = NULL;

          sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (ferry_metric_sample_has (sample, FERRY_METRIC_MEMORY));
          g_assert_false (ferry_metric_sample_has (sample, FERRY_METRIC_NET_RX));
        }
    }
}

static void
test_bounded_history (void)
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  g_autoptr(FerryLocalMetricSource) source = ferry_local_metric_source_new_full (sampler, 3);
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("self", "test");
  g_autoptr(FerryMetricLocator) other = ferry_metric_locator_new ("nobody", "test");
  g_autoptr(FerrySeries) empty = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  ferry_metric_locator_set_pid (locator, getpid ());
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(FerryMetricSample) sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, NULL, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (ferry_series_get_length (ferry_local_metric_source_get_history (source, locator, FERRY_METRIC_CPU)), ==, 3);

  /* Never measured: an empty range, not an error. */
  now = g_get_real_time ();
  empty = test_query_range (FERRY_METRIC_SOURCE (source), other, FERRY_METRIC_CPU,
                            now - 60 * SEC, now, SEC, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_series_get_length (empty), ==, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(FerryLocalMetricSource) source = ferry_local_metric_source_new ();
  g_autoptr(FerryMetricLocator) locator = ferry_metric_locator_new ("self", "test");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;

  ferry_metric_locator_set_pid (locator, getpid ());
  g_cancellable_cancel (cancellable);
  sample = test_query_latest (FERRY_METRIC_SOURCE (source), locator, cancellable, &error);
  g_assert_null (sample);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only; the desktop's proxy settings (whose
   * schemas the test environment hides) must not be consulted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/local-metrics/demo-service", test_demo_service);
  g_test_add_func ("/ferry/local-metrics/no-pid", test_no_pid);
  g_test_add_func ("/ferry/local-metrics/bad-metrics-url", test_bad_metrics_url);
  g_test_add_func ("/ferry/local-metrics/bounded-history", test_bounded_history);
  g_test_add_func ("/ferry/local-metrics/cancelled", test_cancelled);

  return g_test_run ();
}

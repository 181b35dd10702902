/* test-metric-history.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ferry-test-util.h"

#define MINUTE FERRY_METRIC_HISTORY_BUCKET
#define HOUR   (60 * MINUTE)

static void
add_bucket (FerryMetricHistory *history,
            gint64              start,
            gdouble             mean)
{
  FerrySeriesBucket bucket = { start, mean - 1, mean + 1, mean, 60 };

  g_array_append_val (history->buckets, bucket);
}

static GPtrArray *
new_batch (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
}

static void
put (FerryStore *store,
     GPtrArray  *batch)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_store_put_metric_history (store, batch, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list (FerryStore  *store,
      const gchar *service,
      const gchar *environment,
      gint64       since)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *histories = ferry_store_list_metric_history (store, service, environment, since, &error);

  g_assert_no_error (error);
  g_assert_nonnull (histories);

  return histories;
}

static void
test_round_trip (void)
{
  g_autofree gchar *path = test_store_path ("round-trip");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(GPtrArray) batch = new_batch ();
  g_autoptr(GPtrArray) histories = NULL;
  g_autoptr(GPtrArray) uat_only = NULL;
  FerryMetricHistory *history;
  const FerrySeriesBucket *bucket;
  gint64 t0 = 1000 * HOUR;

  history = ferry_metric_history_new ("cart-api", "uat", FERRY_METRIC_MEMORY);
  add_bucket (history, t0, 2048);
  add_bucket (history, t0 + MINUTE, 4096);
  g_ptr_array_add (batch, history);
  history = ferry_metric_history_new ("cart-api", "dev", FERRY_METRIC_CPU);
  add_bucket (history, t0, 0.25);
  g_ptr_array_add (batch, history);
  history = ferry_metric_history_new ("web-ui", "dev", FERRY_METRIC_CPU);
  add_bucket (history, t0, 0.75);
  g_ptr_array_add (batch, history);
  put (store, batch);

  /* By environment, then metric; only the service asked for. */
  histories = list (store, "cart-api", NULL, 0);
  g_assert_cmpuint (histories->len, ==, 2);
  history = g_ptr_array_index (histories, 0);
  g_assert_cmpstr (history->environment, ==, "dev");
  g_assert_cmpint (history->metric, ==, FERRY_METRIC_CPU);
  g_assert_cmpuint (history->buckets->len, ==, 1);
  history = g_ptr_array_index (histories, 1);
  g_assert_cmpstr (history->service, ==, "cart-api");
  g_assert_cmpstr (history->environment, ==, "uat");
  g_assert_cmpint (history->metric, ==, FERRY_METRIC_MEMORY);
  g_assert_cmpuint (history->buckets->len, ==, 2);
  bucket = &g_array_index (history->buckets, FerrySeriesBucket, 1);
  g_assert_cmpint (bucket->start, ==, t0 + MINUTE);
  g_assert_cmpfloat (bucket->mean, ==, 4096);
  g_assert_cmpfloat (bucket->min, ==, 4095);
  g_assert_cmpfloat (bucket->max, ==, 4097);
  g_assert_cmpuint (bucket->count, ==, 60);

  /* One environment, from a time on. */
  uat_only = list (store, "cart-api", "uat", t0 + 1);
  g_assert_cmpuint (uat_only->len, ==, 1);
  g_assert_cmpuint (((FerryMetricHistory *)g_ptr_array_index (uat_only, 0))->buckets->len, ==, 1);

  g_clear_pointer (&histories, g_ptr_array_unref);
  histories = list (store, "nobody", NULL, 0);
  g_assert_cmpuint (histories->len, ==, 0);
}

static void
test_upsert (void)
{
  g_autofree gchar *path = test_store_path ("upsert");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(GPtrArray) histories = NULL;
  FerryMetricHistory *history;
  gint64 t0 = 2000 * HOUR;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) batch = new_batch ();

      /* A minute written as it fills, then once complete. */
      history = ferry_metric_history_new ("cart-api", "dev", FERRY_METRIC_NET_RX);
      add_bucket (history, t0, round == 0 ? 10 : 20);
      g_ptr_array_add (batch, history);
      put (store, batch);
    }

  histories = list (store, "cart-api", "dev", 0);
  g_assert_cmpuint (histories->len, ==, 1);
  history = g_ptr_array_index (histories, 0);
  g_assert_cmpuint (history->buckets->len, ==, 1);
  g_assert_cmpfloat (g_array_index (history->buckets, FerrySeriesBucket, 0).mean, ==, 20);
}

static void
test_not_data (void)
{
  g_autofree gchar *path = test_store_path ("not-data");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(GPtrArray) batch = new_batch ();
  g_autoptr(GPtrArray) histories = NULL;
  g_autoptr(GPtrArray) empty = new_batch ();
  g_autoptr(GPtrArray) invalid = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FerryMetricHistory *history;
  FerrySeriesBucket nan_bucket = { 0, NAN, NAN, NAN, 1 };

  /* Buckets without a finite value are skipped, not stored. */
  history = ferry_metric_history_new ("cart-api", "dev", FERRY_METRIC_CPU);
  g_array_append_val (history->buckets, nan_bucket);
  add_bucket (history, MINUTE, 1);
  g_ptr_array_add (batch, history);
  put (store, batch);
  histories = list (store, "cart-api", NULL, 0);
  g_assert_cmpuint (histories->len, ==, 1);
  g_assert_cmpuint (((FerryMetricHistory *)g_ptr_array_index (histories, 0))->buckets->len, ==, 1);

  /* Nothing to write is not an error. */
  put (store, empty);

  g_ptr_array_add (invalid, NULL);
  g_assert_false (ferry_store_put_metric_history (store, invalid, &error));
  g_assert_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID);
}

static void
test_prune (void)
{
  g_autofree gchar *path = test_store_path ("prune");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryStore) again = NULL;
  g_autoptr(GPtrArray) batch = new_batch ();
  g_autoptr(GPtrArray) histories = NULL;
  g_autoptr(GError) error = NULL;
  FerryMetricHistory *history;
  gint64 now = g_get_real_time ();
  guint removed = 0;

  history = ferry_metric_history_new ("cart-api", "dev", FERRY_METRIC_MEMORY);
  add_bucket (history, now - 26 * HOUR, 1);
  add_bucket (history, now - 25 * HOUR, 2);
  add_bucket (history, now - 2 * HOUR, 3);
  g_ptr_array_add (batch, history);
  put (store, batch);

  g_assert_true (ferry_store_prune_metric_history (store, now - FERRY_METRIC_HISTORY_SPAN,
                                                   &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);

  /* What is left is still there after a reopen. */
  g_clear_object (&store);
  again = test_store_open (path);
  histories = list (again, "cart-api", NULL, 0);
  g_assert_cmpuint (histories->len, ==, 1);
  history = g_ptr_array_index (histories, 0);
  g_assert_cmpuint (history->buckets->len, ==, 1);
  g_assert_cmpfloat (g_array_index (history->buckets, FerrySeriesBucket, 0).mean, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/metric-history/round-trip", test_round_trip);
  g_test_add_func ("/ferry/metric-history/upsert", test_upsert);
  g_test_add_func ("/ferry/metric-history/not-data", test_not_data);
  g_test_add_func ("/ferry/metric-history/prune", test_prune);

  return g_test_run ();
}

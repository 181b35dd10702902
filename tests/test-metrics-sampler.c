/* test-metrics-sampler.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ferry-test-util.h"

/* The sampler against real ferry-demo-service processes, recorded in a
 * real state store as the local target records them. */

#define SEC    G_GINT64_CONSTANT (1000000)
#define MIB    (1024.0 * 1024.0)
#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (G_GINT64_CONSTANT (3600) * SEC)

static void
record_process (FerryStore  *store,
                const gchar *service,
                const gchar *environment,
                DemoProcess *demo)
{
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(GError) error = NULL;

  process->service = g_strdup (service);
  process->environment = g_strdup (environment);
  process->version = g_strdup ("0123456789abcdef0123456789abcdef01234567");
  process->pid = demo->pid;
  process->start_time = ferry_store_pid_start_time (demo->pid);
  process->port = demo->port;
  g_assert_cmpuint (process->start_time, >, 0);

  g_assert_true (ferry_store_put_local_process (store, process, &error));
  g_assert_no_error (error);
}

/* Runs the main loop until @done says so, within @seconds (a bound on a
 * wait, not a timing assertion). */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  return TRUE;
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static guint
count_finite (FerrySeries *series)
{
  guint n = 0;

  for (guint i = 0; series != NULL && i < ferry_series_get_length (series); i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (series, i, &point);
      if (isfinite (point.value))
        n++;
    }

  return n;
}

static gdouble
mean_of (FerrySeries *series)
{
  gdouble sum = 0;
  guint n = 0;

  for (guint i = 0; i < ferry_series_get_length (series); i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (series, i, &point);
      if (isfinite (point.value))
        {
          sum += point.value;
          n++;
        }
    }

  return n > 0 ? sum / n : NAN;
}

typedef struct
{
  FerryMetricsSampler *sampler;
  const gchar         *service;
  const gchar         *environment;
  FerryMetric          metric;
  guint                n;
} Enough;

static gboolean
has_enough (gpointer data)
{
  Enough *enough = data;

  return count_finite (ferry_metrics_sampler_get_live (enough->sampler, enough->service,
                                                       enough->environment, enough->metric)) >= enough->n;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

/* One round now; with @flush, what was sampled is written too. */
static void
run_round (FerryMetricsSampler *sampler,
           gboolean             flush)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_metrics_sampler_sample_async (sampler, flush, NULL, on_done, &result);
  g_assert_true (wait_until (is_set, &result, 30));
  g_assert_true (ferry_metrics_sampler_sample_finish (sampler, result, &error));
  g_assert_no_error (error);
}

static void
on_updated (FerryMetricsSampler *sampler,
            const gchar * const *services,
            GHashTable          *seen)
{
  for (guint i = 0; services[i] != NULL; i++)
    g_hash_table_add (seen, g_strdup (services[i]));
}

static void
test_demo_service (void)
{
  g_autofree gchar *path = test_store_path ("demo");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(DemoProcess) busy = NULL;
  g_autoptr(DemoProcess) hidden = NULL;
  g_autoptr(GHashTable) updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  Enough enough;
  gdouble cpu, memory;
  FerrySeries *rx;
  guint64 rounds;

  /* Half a core and 48 MiB; the other service is not visible. */
  busy = demo_process_start (NULL, (const gchar * const[]) { "FERRY_DEMO_CPU=0.5",
                                                             "FERRY_DEMO_MEMORY_MB=48", NULL }, &error);
  g_assert_no_error (error);
  hidden = demo_process_start (NULL, NULL, &error);
  g_assert_no_error (error);
  record_process (store, "cart-api", "dev", busy);
  record_process (store, "web-ui", "dev", hidden);

  sampler = ferry_metrics_sampler_new (store);
  g_signal_connect (sampler, "updated", G_CALLBACK (on_updated), updated);
  ferry_metrics_sampler_set_intervals (sampler, 250, 1000);
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", NULL });
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_FOREGROUND);

  /* CPU is a rate: it takes two samples; ask for a dozen. */
  enough = (Enough) { sampler, "cart-api", "dev", FERRY_METRIC_CPU, 12 };
  g_assert_true (wait_until (has_enough, &enough, 60));

  g_assert_true (ferry_metrics_sampler_is_running (sampler, "cart-api", "dev"));
  cpu = mean_of (ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_CPU));
  memory = mean_of (ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_MEMORY));
  g_test_message ("cpu %.3f cores, memory %.1f MiB", cpu, memory / MIB);
  g_assert_cmpfloat_with_epsilon (cpu, 0.5, 0.25);
  g_assert_cmpfloat (memory, >=, 48 * MIB);
  g_assert_cmpfloat (memory, <, (48 + 64) * MIB);

  /* Each scrape of /metrics is itself traffic: the rates are measured. */
  rx = ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_NET_RX);
  g_assert_cmpuint (count_finite (rx), >, 0);
  g_assert_cmpfloat (mean_of (rx), >, 0);
  g_assert_true (g_hash_table_contains (updated, "cart-api"));

  /* Only what is visible is sampled. */
  g_assert_null (ferry_metrics_sampler_get_live (sampler, "web-ui", "dev", FERRY_METRIC_CPU));
  g_assert_false (g_hash_table_contains (updated, "web-ui"));
  g_assert_false (ferry_metrics_sampler_has_data (sampler, "web-ui", "dev"));

  /* Paused, nothing is sampled any more (what is under way ends first). */
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_PAUSED);
  iterate_for (500);
  rounds = ferry_metrics_sampler_get_n_rounds (sampler);
  iterate_for (1500);
  g_assert_cmpuint (ferry_metrics_sampler_get_n_rounds (sampler), ==, rounds);

  /* In the background it goes on, less often. */
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_BACKGROUND);
  enough.n = count_finite (ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_CPU)) + 2;
  g_assert_true (wait_until (has_enough, &enough, 30));

  /* Once made visible, the other one is sampled too. */
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", "web-ui", NULL });
  enough = (Enough) { sampler, "web-ui", "dev", FERRY_METRIC_MEMORY, 2 };
  g_assert_true (wait_until (has_enough, &enough, 30));

  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_PAUSED);
  g_assert_cmpint (demo_process_terminate (busy), ==, 0);
  g_assert_cmpint (demo_process_terminate (hidden), ==, 0);
}

static gboolean
last_is_gap (gpointer data)
{
  FerrySeries *series = data;
  FerrySeriesPoint last;

  return ferry_series_get_last (series, &last) && isnan (last.value);
}

static void
test_process_gone (void)
{
  g_autofree gchar *path = test_store_path ("gone");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(GError) error = NULL;
  FerrySeries *memory;

  demo = demo_process_start (NULL, NULL, &error);
  g_assert_no_error (error);
  record_process (store, "cart-api", "dev", demo);

  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_intervals (sampler, 200, 200);
  ferry_metrics_sampler_set_selected (sampler, "cart-api");
  run_round (sampler, FALSE);
  g_assert_true (ferry_metrics_sampler_is_running (sampler, "cart-api", "dev"));
  memory = ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_MEMORY);
  g_assert_cmpuint (count_finite (memory), ==, 1);

  /* Gone: a gap, so that charts break their line, and not running. */
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_FOREGROUND);
  g_assert_true (wait_until (last_is_gap, memory, 30));
  run_round (sampler, FALSE);
  g_assert_false (ferry_metrics_sampler_is_running (sampler, "cart-api", "dev"));
  g_assert_true (ferry_metrics_sampler_has_data (sampler, "cart-api", "dev"));
  g_assert_cmpuint (count_finite (memory), ==, 1);
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_PAUSED);
}

static void
test_history_across_restart (void)
{
  g_autofree gchar *path = test_store_path ("restart");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(FerrySeries) series = NULL;
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(GError) error = NULL;
  FerrySeriesPoint point;
  gdouble memory;

  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_DEMO_MEMORY_MB=32", NULL }, &error);
  g_assert_no_error (error);
  record_process (store, "cart-api", "uat", demo);

  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", NULL });
  for (guint i = 0; i < 3; i++)
    run_round (sampler, FALSE);
  memory = mean_of (ferry_metrics_sampler_get_live (sampler, "cart-api", "uat", FERRY_METRIC_MEMORY));
  g_assert_cmpfloat (memory, >=, 32 * MIB);

  /* Ferry quits: what was sampled is in the store. */
  run_round (sampler, TRUE);
  g_assert_finalize_object (g_steal_pointer (&sampler));
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);

  /* And starts again, the process gone: the history is what is known. */
  store = test_store_open (path);
  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", NULL });
  run_round (sampler, FALSE);

  g_assert_false (ferry_metrics_sampler_is_running (sampler, "cart-api", "uat"));
  g_assert_true (ferry_metrics_sampler_has_data (sampler, "cart-api", "uat"));
  series = ferry_metrics_sampler_get_series (sampler, "cart-api", "uat", FERRY_METRIC_MEMORY,
                                             g_get_real_time () - HOUR);
  g_assert_nonnull (series);
  g_assert_cmpuint (ferry_series_get_length (series), >=, 1);
  g_assert_true (ferry_series_get_point (series, 0, &point));
  /* One row a minute: the mean of what was sampled in that minute. */
  g_assert_cmpint (point.time % FERRY_METRIC_HISTORY_BUCKET, ==, 0);
  g_assert_cmpfloat_with_epsilon (mean_of (series), memory, 4 * MIB);
}

static void
test_prune (void)
{
  g_autofree gchar *path = test_store_path ("prune");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(FerrySeries) series = NULL;
  g_autoptr(GError) error = NULL;
  FerryMetricHistory *history;
  gint64 now = g_get_real_time ();
  gint64 old_start = now - 25 * HOUR - now % FERRY_METRIC_HISTORY_BUCKET;
  gint64 recent_start = now - 2 * HOUR - now % FERRY_METRIC_HISTORY_BUCKET;
  FerrySeriesBucket old = { old_start, 1, 1, 1, 60 };
  FerrySeriesBucket recent = { recent_start, 2, 2, 2, 60 };

  history = ferry_metric_history_new ("cart-api", "prod", FERRY_METRIC_CPU);
  g_array_append_val (history->buckets, old);
  g_array_append_val (history->buckets, recent);
  g_ptr_array_add (batch, history);
  g_assert_true (ferry_store_put_metric_history (store, batch, &error));
  g_assert_no_error (error);

  /* The first round prunes what is older than a day, and reads the rest. */
  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_selected (sampler, "cart-api");
  run_round (sampler, FALSE);

  left = ferry_store_list_metric_history (store, "cart-api", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 1);
  history = g_ptr_array_index (left, 0);
  g_assert_cmpuint (history->buckets->len, ==, 1);
  g_assert_cmpint (g_array_index (history->buckets, FerrySeriesBucket, 0).start, ==, recent_start);

  series = ferry_metrics_sampler_get_series (sampler, "cart-api", "prod", FERRY_METRIC_CPU, 0);
  g_assert_nonnull (series);
  g_assert_cmpuint (ferry_series_get_length (series), ==, 1);
}

static void
test_deployments (void)
{
  g_autofree gchar *path = test_store_path ("deployments");
  g_autoptr(FerryStore) store = test_store_open (path);
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(FerryDeployment) template = ferry_deployment_new ();
  g_autoptr(FerryDeployment) begun = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *deployments;
  FerryDeployment *deployment;

  template->service = g_strdup ("cart-api");
  template->environment = g_strdup ("uat");
  template->version = g_strdup ("89abcdef0123456789abcdef0123456789abcdef");
  template->tag = g_strdup ("v2.2.0");
  template->by = g_strdup ("ana@demo.test");
  template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  begun = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_store_update_deployment (store, begun->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                                FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, &error));
  g_assert_no_error (error);

  sampler = ferry_metrics_sampler_new (store);
  run_round (sampler, FALSE);
  /* Only the selected service's deployments are read. */
  g_assert_null (ferry_metrics_sampler_get_deployments (sampler, "cart-api", "uat"));

  ferry_metrics_sampler_set_selected (sampler, "cart-api");
  run_round (sampler, FALSE);
  deployments = ferry_metrics_sampler_get_deployments (sampler, "cart-api", "uat");
  g_assert_nonnull (deployments);
  g_assert_cmpuint (deployments->len, ==, 1);
  deployment = g_ptr_array_index (deployments, 0);
  g_assert_cmpstr (deployment->tag, ==, "v2.2.0");
  g_assert_nonnull (deployment->finished_at);
  g_assert_null (ferry_metrics_sampler_get_deployments (sampler, "cart-api", "dev"));
}

/* A source of its own for one environment, standing for Prometheus: it
 * answers with what it is told, and counts the questions. Its past is a
 * memory of 32 MiB a minute, and a CPU of 0.5 core; asked for more, it
 * fails while @fail_ranges is set. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject  parent_instance;
  guint    n_queries;
  guint    n_ranges;
  gint64   range_start;
  gint64   range_end;
  gint64   range_step;
  gboolean fail_ranges;
};

static void test_source_iface_init (FerryMetricSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSource, test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_METRIC_SOURCE, test_source_iface_init))

static void
test_source_class_init (TestSourceClass *klass)
{
}

static void
test_source_init (TestSource *self)
{
}

static void
test_source_query_latest_async (FerryMetricSource   *source,
                                FerryMetricLocator  *locator,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TestSource *self = TEST_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FerryMetricSample *sample = ferry_metric_sample_new (g_get_real_time ());

  self->n_queries++;
  sample->values[FERRY_METRIC_CPU] = 0.125;
  sample->values[FERRY_METRIC_MEMORY] = 64 * MIB;
  g_assert_cmpstr (ferry_metric_locator_get_environment (locator), ==, "prod");
  g_task_return_pointer (task, sample, (GDestroyNotify)ferry_metric_sample_free);
}

static FerryMetricSample *
test_source_query_latest_finish (FerryMetricSource  *source,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_source_query_range_async (FerryMetricSource   *source,
                               FerryMetricLocator  *locator,
                               FerryMetric          metric,
                               gint64               start,
                               gint64               end,
                               gint64               step,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TestSource *self = TEST_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  FerrySeries *series = ferry_series_new ((guint)((end - start) / step + 1));

  self->n_ranges++;
  self->range_start = start;
  self->range_end = end;
  self->range_step = step;

  if (self->fail_ranges)
    {
      g_object_unref (series);
      g_task_return_new_error (task, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_UNAVAILABLE, "down");
      return;
    }

  for (gint64 time = start; time <= end; time += step)
    if (metric == FERRY_METRIC_MEMORY || metric == FERRY_METRIC_CPU)
      ferry_series_push (series, time, metric == FERRY_METRIC_MEMORY ? 32 * MIB : 0.5);
  g_task_return_pointer (task, series, g_object_unref);
}

static FerrySeries *
test_source_query_range_finish (FerryMetricSource  *source,
                                GAsyncResult       *result,
                                GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_source_iface_init (FerryMetricSourceInterface *iface)
{
  iface->query_latest_async = test_source_query_latest_async;
  iface->query_latest_finish = test_source_query_latest_finish;
  iface->query_range_async = test_source_query_range_async;
  iface->query_range_finish = test_source_query_range_finish;
}

/* A service first shown in an environment of another source gets that
 * source's last 24 hours, once, before what is sampled now. */
static void
test_other_source_past (void)
{
  g_autoptr(FerryMetricsSampler) sampler = ferry_metrics_sampler_new (NULL);
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  g_autoptr(FerrySeries) memory = NULL;
  g_autoptr(FerrySeries) net = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FerrySeriesPoint point;
  gint64 now = g_get_real_time ();
  guint past = 0;

  g_signal_connect (sampler, "updated", G_CALLBACK (on_updated), seen);
  ferry_metrics_sampler_set_source (sampler, "prod", FERRY_METRIC_SOURCE (source));
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", NULL });
  run_round (sampler, FALSE);

  /* One range query per charted metric: 24 h to the last whole minute,
   * a point a minute on the minute. */
  g_assert_cmpuint (source->n_ranges, ==, 4);
  g_assert_cmpint (source->range_step, ==, MINUTE);
  g_assert_cmpint (source->range_start % MINUTE, ==, 0);
  g_assert_cmpint (source->range_end - source->range_start, ==, (24 * 60 - 1) * MINUTE);
  g_assert_cmpint (source->range_end, <=, now);
  g_assert_cmpint (source->range_end, >, now - 2 * MINUTE);
  g_assert_true (g_hash_table_contains (seen, "cart-api"));

  memory = ferry_metrics_sampler_get_series (sampler, "cart-api", "prod", FERRY_METRIC_MEMORY, now - 25 * 60 * MINUTE);
  for (guint i = 0; ferry_series_get_point (memory, i, &point); i++)
    if (point.time <= source->range_end)
      {
        g_assert_cmpfloat (point.value, ==, 32 * MIB);
        past++;
      }
  g_assert_cmpuint (past, ==, 24 * 60);
  /* Then what was sampled now. */
  g_assert_true (ferry_series_get_last (memory, &point));
  g_assert_cmpfloat (point.value, ==, 64 * MIB);
  g_assert_cmpint (point.time, >=, now);

  /* A metric the source has no past of stays as it was. */
  net = ferry_metrics_sampler_get_series (sampler, "cart-api", "prod", FERRY_METRIC_NET_RX, now - 25 * 60 * MINUTE);
  g_assert_cmpuint (ferry_series_get_length (net), ==, 1);

  /* Asked once, not every round. */
  run_round (sampler, FALSE);
  g_assert_cmpuint (source->n_ranges, ==, 4);

  /* A source that cannot answer is not asked again every round. */
  source->fail_ranges = TRUE;
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", "web-ui", NULL });
  run_round (sampler, FALSE);
  g_assert_cmpuint (source->n_ranges, ==, 8);
  run_round (sampler, FALSE);
  g_assert_cmpuint (source->n_ranges, ==, 8);
  g_assert_true (ferry_metrics_sampler_is_running (sampler, "web-ui", "prod"));
}

static void
test_other_source (void)
{
  g_autoptr(FerryMetricsSampler) sampler = ferry_metrics_sampler_new (NULL);
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  FerrySeries *cpu;
  FerrySeriesPoint point;

  ferry_metrics_sampler_set_source (sampler, "prod", FERRY_METRIC_SOURCE (source));
  ferry_metrics_sampler_set_visible (sampler, (const gchar * const[]) { "cart-api", "web-ui", NULL });
  run_round (sampler, FALSE);

  g_assert_cmpuint (source->n_queries, ==, 2);
  g_assert_true (ferry_metrics_sampler_is_running (sampler, "web-ui", "prod"));
  cpu = ferry_metrics_sampler_get_live (sampler, "cart-api", "prod", FERRY_METRIC_CPU);
  g_assert_true (ferry_series_get_last (cpu, &point));
  g_assert_cmpfloat (point.value, ==, 0.125);
  /* Only the charted metrics are kept. */
  g_assert_null (ferry_metrics_sampler_get_live (sampler, "cart-api", "prod", FERRY_METRIC_THREADS));

  /* Back to the local processes: there are none. */
  ferry_metrics_sampler_set_source (sampler, "prod", NULL);
  run_round (sampler, FALSE);
  g_assert_cmpuint (source->n_queries, ==, 2);
  g_assert_cmpuint (source->n_ranges, ==, 8);
  g_assert_false (ferry_metrics_sampler_is_running (sampler, "web-ui", "prod"));
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/metrics-sampler/demo-service", test_demo_service);
  g_test_add_func ("/ferry/metrics-sampler/process-gone", test_process_gone);
  g_test_add_func ("/ferry/metrics-sampler/history-across-restart", test_history_across_restart);
  g_test_add_func ("/ferry/metrics-sampler/prune", test_prune);
  g_test_add_func ("/ferry/metrics-sampler/deployments", test_deployments);
  g_test_add_func ("/ferry/metrics-sampler/other-source", test_other_source);
  g_test_add_func ("/ferry/metrics-sampler/other-source-past", test_other_source_past);

  return g_test_run ();
}

/* test-chart.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ferry-chart.h"
#include "ferry-metrics-view.h"
#include "ferry-test-util.h"

#define SEC  G_GINT64_CONSTANT (1000000)
#define MIB  (1024.0 * 1024.0)

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The widget as it is drawn, in pixels. */
static guchar *
render (GtkWidget *widget,
        gint      *width,
        gint      *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));

  pixels = g_malloc (*width * *height * 4);
  gdk_texture_download (texture, pixels, *width * 4);

  return pixels;
}

/* Mostly opaque pixels of about @color (the download is premultiplied
 * BGRA in memory): a line or a marker, not the faint area under it. */
static guint
count_colored (const guchar  *pixels,
               gint           width,
               gint           height,
               const GdkRGBA *color)
{
  guint n = 0;

  for (gint i = 0; i < width * height; i++)
    {
      const guchar *p = &pixels[i * 4];
      gdouble alpha = p[3] / 255.0;

      if (alpha > 0.5 &&
          fabs (p[2] / 255.0 / alpha - color->red) < 0.1 &&
          fabs (p[1] / 255.0 / alpha - color->green) < 0.1 &&
          fabs (p[0] / 255.0 / alpha - color->blue) < 0.1)
        n++;
    }

  return n;
}

static FerrySeries *
steady_series (gint64  start,
               guint   n,
               gdouble value)
{
  FerrySeries *series = ferry_series_new (n);

  for (guint i = 0; i < n; i++)
    ferry_series_push (series, start + i * SEC, value);

  return series;
}

/* Draws @widget once, as a frame would. */
static void
draw (GtkWidget *widget)
{
  gint width, height;

  g_free (render (widget, &width, &height));
}

static GtkWindow *
window_with (GtkWidget *child,
             gint       width,
             gint       height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  iterate_for (300);

  return window;
}

static GtkEventController *
find_motion_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return controller;
    }

  g_assert_not_reached ();
}

static void
test_draws (void)
{
  GtkWidget *chart = ferry_chart_new ("CPU", FERRY_UNIT_CORES);
  g_autoptr(FerrySeries) series = NULL;
  GtkWindow *window;
  g_autofree guchar *pixels = NULL;
  GdkRGBA accent, marker;
  gint width, height;
  guint n_points, n_markers;
  gint64 start = g_get_real_time () - 300 * SEC;

  g_object_ref (chart);
  window = window_with (chart, 400, 160);
  /* Half a core, with a peak to a whole one: the line runs mid-plot. */
  series = steady_series (start, 300, 0.5);
  ferry_series_push (series, start + 300 * SEC, 1.0);
  ferry_chart_set_series (FERRY_CHART (chart), series, start, start + 301 * SEC);
  ferry_chart_add_marker (FERRY_CHART (chart), start + 150 * SEC, "v2.2.0");
  ferry_chart_add_marker (FERRY_CHART (chart), start - 150 * SEC, "v2.1.0");
  iterate_for (200);

  pixels = render (chart, &width, &height);

  /* One point per pixel column of the plot, and the marker in range. */
  ferry_chart_geometry_get_points (ferry_chart_get_geometry (FERRY_CHART (chart)), &n_points);
  g_assert_cmpuint (n_points, >, (guint)width / 2);
  g_assert_cmpuint (n_points, <=, (guint)width);
  ferry_chart_geometry_get_markers (ferry_chart_get_geometry (FERRY_CHART (chart)), &n_markers);
  g_assert_cmpuint (n_markers, ==, 1);

  /* The line is drawn in the accent colour, the marker in purple. */
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (chart), "accent_color", &accent));
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (chart), "purple_3", &marker))
    gdk_rgba_parse (&marker, "#9141ac");
  g_assert_cmpuint (count_colored (pixels, width, height, &accent), >, (guint)width / 2);
  g_assert_cmpuint (count_colored (pixels, width, height, &marker), >, 20);

  gtk_window_destroy (window);
  g_assert_finalize_object (chart);
}

static void
test_read_out (void)
{
  GtkWidget *chart = ferry_chart_new ("Memory", FERRY_UNIT_BYTES);
  g_autoptr(FerrySeries) series = NULL;
  GtkEventController *motion;
  GtkWindow *window;
  g_autofree gchar *expected_value = ferry_format_value (FERRY_UNIT_BYTES, 64 * MIB);
  gint64 start = g_get_real_time () - 60 * SEC;
  const gchar *text;

  g_object_ref (chart);
  window = window_with (chart, 400, 160);
  series = steady_series (start, 60, 64 * MIB);
  ferry_chart_set_series (FERRY_CHART (chart), series, start, start + 60 * SEC);
  iterate_for (200);
  g_assert_null (ferry_chart_get_read_out (FERRY_CHART (chart)));

  /* Over the plot: the time and value there. */
  motion = find_motion_controller (chart);
  g_signal_emit_by_name (motion, "motion", gtk_widget_get_width (chart) * 0.75, 60.0);
  text = ferry_chart_get_read_out (FERRY_CHART (chart));
  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, expected_value));
  g_assert_true (g_str_has_suffix (expected_value, "MiB"));
  g_assert_cmpuint (strlen (text), >, strlen ("00:00:00  "));

  /* Left of the plot, over the axis labels: nothing. */
  g_signal_emit_by_name (motion, "motion", 0.0, 60.0);
  g_assert_null (ferry_chart_get_read_out (FERRY_CHART (chart)));

  g_signal_emit_by_name (motion, "motion", gtk_widget_get_width (chart) * 0.5, 60.0);
  g_assert_nonnull (ferry_chart_get_read_out (FERRY_CHART (chart)));
  g_signal_emit_by_name (motion, "leave");
  g_assert_null (ferry_chart_get_read_out (FERRY_CHART (chart)));

  gtk_window_destroy (window);
  g_assert_finalize_object (chart);
}

static void
test_empty (void)
{
  GtkWidget *chart = ferry_chart_new ("Network received", FERRY_UNIT_BYTES_PER_SECOND);
  GtkWindow *window;
  g_autofree guchar *pixels = NULL;
  gint width, height;
  guint n_points;

  g_object_ref (chart);
  window = window_with (chart, 400, 160);

  /* No values: no line, no read-out, and no crash. */
  pixels = render (chart, &width, &height);
  ferry_chart_geometry_get_points (ferry_chart_get_geometry (FERRY_CHART (chart)), &n_points);
  g_assert_cmpuint (n_points, ==, 0);
  g_signal_emit_by_name (find_motion_controller (chart), "motion", width * 0.5, 50.0);
  g_assert_null (ferry_chart_get_read_out (FERRY_CHART (chart)));

  gtk_window_destroy (window);
  g_assert_finalize_object (chart);
}

static gboolean
sampled_enough (FerryMetricsSampler *sampler)
{
  FerrySeries *cpu = ferry_metrics_sampler_get_live (sampler, "cart-api", "dev", FERRY_METRIC_CPU);
  guint n = 0;

  for (guint i = 0; cpu != NULL && i < ferry_series_get_length (cpu); i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (cpu, i, &point);
      if (isfinite (point.value))
        n++;
    }

  return n >= 4;
}

/* The details' Metrics group, on a real process: charts, the marker of
 * its deployment, and the before/after summary against the recorded
 * history of the version before. */
static void
test_metrics_view (void)
{
  g_autofree gchar *dir = g_build_filename (g_get_user_data_dir (), "demo", NULL);
  g_autofree gchar *path = test_store_path ("view");
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStore) store = NULL;
  g_autoptr(FerryMetricsSampler) sampler = NULL;
  g_autoptr(FerryDeployment) template = ferry_deployment_new ();
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(FerryLocalProcess) process = ferry_local_process_new ();
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
  g_autoptr(DemoProcess) demo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *summary = NULL;
  const gchar *memory_row;
  FerryMetricHistory *before;
  GtkWidget *view;
  GtkWindow *window;
  FerryChart *cpu;
  guint n_markers, n_points;
  gint64 now = g_get_real_time ();
  gint64 deadline;

  g_assert_true (ferry_demo_create (dir, "ferry-demo-service", &error));
  g_assert_no_error (error);
  workspace = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  store = test_store_open (path);

  /* Nine minutes at a quarter of a core and 8 MiB, recorded before the
   * deployment. */
  for (guint m = 0; m < 2; m++)
    {
      gdouble value = m == 0 ? 0.25 : 8 * MIB;

      before = ferry_metric_history_new ("cart-api", "dev", m == 0 ? FERRY_METRIC_CPU : FERRY_METRIC_MEMORY);
      for (guint i = 1; i <= 9; i++)
        {
          FerrySeriesBucket bucket = { now - now % (60 * SEC) - i * 60 * SEC, value, value, value, 60 };

          g_array_prepend_val (before->buckets, bucket);
        }
      g_ptr_array_add (history, before);
    }
  g_assert_true (ferry_store_put_metric_history (store, history, &error));
  g_assert_no_error (error);

  /* The new version, deployed now, holds 48 MiB. */
  demo = demo_process_start (NULL, (const gchar * const[]) { "FERRY_DEMO_MEMORY_MB=48", NULL }, &error);
  g_assert_no_error (error);
  template->service = g_strdup ("cart-api");
  template->environment = g_strdup ("dev");
  template->version = g_strdup ("0123456789abcdef0123456789abcdef01234567");
  template->tag = g_strdup ("v2.2.0");
  template->by = g_strdup ("ana@demo.test");
  template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  deployment = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                                FERRY_DEPLOYMENT_STATUS_HEALTHY, NULL, NULL, &error));
  process->service = g_strdup ("cart-api");
  process->environment = g_strdup ("dev");
  process->version = g_strdup (template->version);
  process->pid = demo->pid;
  process->start_time = ferry_store_pid_start_time (demo->pid);
  process->port = demo->port;
  g_assert_true (ferry_store_put_local_process (store, process, &error));
  g_assert_no_error (error);

  sampler = ferry_metrics_sampler_new (store);
  ferry_metrics_sampler_set_intervals (sampler, 250, 250);
  ferry_metrics_sampler_set_selected (sampler, "cart-api");
  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_FOREGROUND);

  view = ferry_metrics_view_new ();
  g_object_ref (view);
  window = window_with (view, 360, 800);
  ferry_metrics_view_set_sampler (FERRY_METRICS_VIEW (view), sampler);
  ferry_metrics_view_set_service (FERRY_METRICS_VIEW (view), workspace,
                                  ferry_workspace_get_service (workspace, "cart-api"));

  deadline = g_get_monotonic_time () + 60 * SEC;
  while (!sampled_enough (sampler))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  iterate_for (300);

  g_assert_cmpstr (ferry_metrics_view_get_environment (FERRY_METRICS_VIEW (view)), ==, "dev");
  g_assert_null (ferry_metrics_view_get_status (FERRY_METRICS_VIEW (view)));

  /* The last 5 minutes: live values, and the deployment's marker. */
  cpu = ferry_metrics_view_get_chart (FERRY_METRICS_VIEW (view), FERRY_METRIC_CPU);
  g_assert_nonnull (cpu);
  draw (GTK_WIDGET (cpu));
  ferry_chart_geometry_get_markers (ferry_chart_get_geometry (cpu), &n_markers);
  g_assert_cmpuint (n_markers, ==, 1);
  g_assert_cmpstr (ferry_chart_geometry_get_markers (ferry_chart_get_geometry (cpu), &n_markers)[0].label,
                   ==, "v2.2.0");
  ferry_chart_geometry_get_points (ferry_chart_get_geometry (cpu), &n_points);
  g_assert_cmpuint (n_points, >=, 4);

  /* Before: what was recorded; after: what is sampled, more memory. */
  summary = ferry_metrics_view_describe_summary (FERRY_METRICS_VIEW (view));
  g_test_message ("%s", summary);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "Before and after v2.2.0"));
  g_assert_nonnull (strstr (summary, "\nCPU\t25.0 %\t"));
  memory_row = strstr (summary, "\nMemory\t8.00 MiB\t");
  g_assert_nonnull (memory_row);
  g_assert_nonnull (strstr (memory_row, "\t+"));

  /* The hour and the day show the history too. */
  ferry_metrics_view_set_span (FERRY_METRICS_VIEW (view), 3600 * SEC);
  g_assert_cmpint (ferry_metrics_view_get_span (FERRY_METRICS_VIEW (view)), ==, 3600 * SEC);
  iterate_for (200);
  draw (GTK_WIDGET (cpu));
  ferry_chart_geometry_get_points (ferry_chart_get_geometry (cpu), &n_points);
  g_assert_cmpuint (n_points, >=, 9 + 1);

  /* Elsewhere nothing runs. */
  ferry_metrics_view_set_environment (FERRY_METRICS_VIEW (view), "prod");
  g_assert_nonnull (ferry_metrics_view_get_status (FERRY_METRICS_VIEW (view)));

  ferry_metrics_sampler_set_activity (sampler, FERRY_METRICS_ACTIVITY_PAUSED);
  g_assert_cmpint (demo_process_terminate (demo), ==, 0);
  gtk_window_destroy (window);
  iterate_for (100);
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree gchar *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("XDG_DATA_DIRS", data_dirs ? data_dirs : "/usr/local/share:/usr/share", TRUE);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/ferry/chart/draws", test_draws);
  g_test_add_func ("/ferry/chart/read-out", test_read_out);
  g_test_add_func ("/ferry/chart/empty", test_empty);
  g_test_add_func ("/ferry/chart/metrics-view", test_metrics_view);

  return g_test_run ();
}

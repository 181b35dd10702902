/* bench-chart.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Target: drawing a chart of 24 hours at one point a second (86,400
 * points) in less than 2 ms: FerryChart's own snapshot, from new values
 * (decimation to the pixel width, axes, labels, line, markers) to its
 * render nodes. Also reports what rasterizing those nodes costs the
 * renderer, which is GTK's (with Mesa's llvmpipe under Xvfb, software).
 *
 * Needs a display: xvfb-run -a dbus-run-session meson test -C _build
 * --benchmark --suite perf -v */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ferry-chart.h"

#define N_POINTS  86400
#define WIDTH     800
#define HEIGHT    160
#define TARGET_MS 2.0

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *)a;
  gdouble y = *(const gdouble *)b;

  return (x > y) - (x < y);
}

static void
report (const gchar *what,
        GArray      *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("%s: median %.3f ms, p95 %.3f ms, max %.3f ms over %u frames\n", what,
          g_array_index (ms, gdouble, ms->len / 2),
          g_array_index (ms, gdouble, (ms->len * 95) / 100),
          g_array_index (ms, gdouble, ms->len - 1), ms->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerrySeries) series = ferry_series_new (N_POINTS);
  g_autoptr(GArray) snapshot_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr(GArray) render_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 200;
  gint64 end = g_get_real_time ();
  gint64 start = end - (gint64)N_POINTS * G_USEC_PER_SEC;
  GtkWidget *chart;
  GtkWindow *window;
  GskRenderer *renderer;
  gdouble median;

  if (!gtk_init_check ())
    {
      printf ("no display: skipped\n");
      return 77;
    }
  adw_init ();

  if (rounds == 0)
    rounds = 200;

  for (guint i = 0; i < N_POINTS; i++)
    ferry_series_push (series, start + (gint64)i * G_USEC_PER_SEC,
                       0.3 + 0.2 * sin (i / 600.0) + 0.05 * g_random_double ());

  chart = ferry_chart_new ("CPU", FERRY_UNIT_CORES);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, chart);
  gtk_window_present (window);
  for (guint i = 0; i < 4; i++)
    ferry_chart_add_marker (FERRY_CHART (chart), start + (i + 1) * 5 * 3600 * G_USEC_PER_SEC, "v1.2.3");
  ferry_chart_set_series (FERRY_CHART (chart), series, start, end);

  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline && gtk_widget_get_width (chart) < WIDTH / 2)
      g_main_context_iteration (NULL, FALSE);
  }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (chart));

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      gint64 t0, t1;
      gdouble ms;

      /* New values each frame, as when a sample arrives. */
      ferry_chart_set_series (FERRY_CHART (chart), series, start, end);

      t0 = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      t1 = g_get_monotonic_time ();
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (snapshot_ms, ms);

      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (chart),
                                                                  gtk_widget_get_height (chart)));
      ms = (g_get_monotonic_time () - t1) / 1000.0;
      g_array_append_val (render_ms, ms);
    }

  printf ("chart of %u points, %d px wide\n", N_POINTS, gtk_widget_get_width (chart));
  report ("FerryChart snapshot (target < 2 ms)", snapshot_ms);
  report ("rasterizing its nodes (GTK's renderer)", render_ms);
  median = g_array_index (snapshot_ms, gdouble, snapshot_ms->len / 2);

  gtk_window_destroy (window);

  return median < TARGET_MS ? 0 : 1;
}

/* bench-graph-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frame cost of the graph view with 2,000 services, in the application's
 * own window: real frames timed by the frame clock at fit zoom (the first
 * frame records the scene, the next ones re-use it) and at 100 % while
 * panning, the view's own snapshot alone, and the resident memory of the
 * process with the workspace open.
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-graph-view.h"
#include "ferry-window.h"

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble da = *(const gdouble *)a, db = *(const gdouble *)b;

  return (da > db) - (da < db);
}

/* Real frames, timed by the frame clock: from its update phase (where the
 * tick scrolls) through layout to the end of its paint phase, where GTK
 * snapshots the widgets, renders and swaps. (A handler of "paint" itself
 * runs after the surface has already drawn, and a frame that only
 * redraws has no layout phase.) */
typedef struct
{
  GArray        *times;
  gint64         paint_start;
  guint          frames;
  guint          wanted;
  GtkAdjustment *pan;
  gdouble        step;
} Frames;

/* The view's own part of a frame: its snapshot, the scene it hands GTK. */
static gdouble
snapshot_cost (GtkWidget *view)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
on_paint (GdkFrameClock *clock,
          Frames        *frames)
{
  frames->paint_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *frames)
{
  gdouble t;

  if (frames->paint_start == 0)
    return;

  t = (g_get_monotonic_time () - frames->paint_start) / 1000.0;
  frames->paint_start = 0;
  g_array_append_val (frames->times, t);
  frames->frames++;
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  Frames *frames = data;

  if (frames->pan != NULL)
    gtk_adjustment_set_value (frames->pan, gtk_adjustment_get_value (frames->pan) + frames->step);
  gtk_widget_queue_draw (widget);

  return frames->frames < frames->wanted ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
run_frames (GtkWidget     *view,
            Frames        *frames,
            guint          wanted,
            GtkAdjustment *pan,
            gdouble        step)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  gulong paint_id, after_id;
  guint tick_id;

  frames->frames = 0;
  frames->wanted = wanted;
  frames->pan = pan;
  frames->step = step;
  g_array_set_size (frames->times, 0);

  paint_id = g_signal_connect (clock, "update", G_CALLBACK (on_paint), frames);
  after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), frames);
  tick_id = gtk_widget_add_tick_callback (view, tick, frames, NULL);

  while (frames->frames < wanted)
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_remove_tick_callback (view, tick_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_signal_handler_disconnect (clock, after_id);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
report (const gchar *what,
        GArray      *times)
{
  g_array_sort (times, compare_doubles);
  g_print ("%-44s median %6.2f ms   p95 %6.2f ms   max %6.2f ms\n", what,
           g_array_index (times, gdouble, times->len / 2),
           g_array_index (times, gdouble, (times->len * 95) / 100),
           g_array_index (times, gdouble, times->len - 1));
}

static glong
rss_kib (void)
{
  g_autofree gchar *status = NULL;
  const gchar *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;

  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree gchar *dir = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autoptr(FerryApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gdouble));
  static const gchar *statuses[] = { "healthy", "healthy", "healthy", "degraded", "failed", "deploying", "pending-approval" };
  FerryWindow *window;
  FerryWorkspace *model;
  FerryGraphView *view;
  GtkAdjustment *hadjustment;
  gint64 deadline;

  if (!gtk_init_check ())
    {
      g_print ("no display: run under xvfb-run\n");
      return 77;
    }
  adw_init ();

  if (!ferry_demo_create_synthetic (dir, 2000, NULL))
    return 1;

  app = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  window = ferry_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));

  file = g_file_new_for_path (dir);
  ferry_window_open_workspace (window, file);
  view = FERRY_GRAPH_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "graph_view"));

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (ferry_window_get_model (window) == NULL || !ferry_graph_view_is_ready (view))
    {
      if (g_get_monotonic_time () > deadline)
        return 1;
      g_main_context_iteration (NULL, FALSE);
    }
  iterate ();
  g_print ("resident memory, workspace open and laid out: %ld MiB\n", rss_kib () / 1024);

  /* Every service deployed somewhere, in every state, so that cards
   * carry what a real estate would. */
  model = ferry_window_get_model (window);
  for (guint i = 0; i < ferry_workspace_get_n_services (model); i++)
    for (guint e = 0; e < ferry_workspace_get_n_environments (model); e++)
      {
        g_autofree gchar *version = g_strdup_printf ("%040x", g_rand_int (rand));
        ferry_state_snapshot_set (state, ferry_service_get_name (ferry_workspace_get_service_at (model, i)),
                                  ferry_environment_get_name (ferry_workspace_get_environment_at (model, e)),
                                  version, g_rand_boolean (rand) ? "v1.2.3" : NULL,
                                  statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))], NULL, NULL);
      }
  ferry_graph_view_set_state (view, state);
  iterate ();

  g_print ("2,000 services, view %d×%d, renderer %s\n",
           gtk_widget_get_width (GTK_WIDGET (view)), gtk_widget_get_height (GTK_WIDGET (view)),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)))));

  /* Fit zoom: the whole estate as a heat map. The first frame records
   * and rasterizes the scene; the next ones re-use it. */
  {
    Frames frames = { .times = times };

    ferry_graph_view_fit (view);
    run_frames (GTK_WIDGET (view), &frames, 1, NULL, 0);
    g_print ("fit zoom %.3f: first frame %.2f ms\n", ferry_graph_view_get_zoom (view),
             g_array_index (times, gdouble, 0));
    run_frames (GTK_WIDGET (view), &frames, 60, NULL, 0);
    report ("fit zoom, frames after the first", times);
    g_print ("resident memory after the fit frames: %ld MiB\n", rss_kib () / 1024);

    /* 100 %: full cards, panning 40 px a frame across the estate. */
    ferry_graph_view_zoom (view, 1.0 / ferry_graph_view_get_zoom (view));
    hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
    run_frames (GTK_WIDGET (view), &frames, 2, NULL, 0);
    run_frames (GTK_WIDGET (view), &frames, 150, hadjustment, 40);
    report ("100 % zoom, panning 40 px a frame", times);

    /* The view's snapshot alone, panning back over the same ground. */
    g_array_set_size (times, 0);
    for (guint i = 0; i < 150; i++)
      {
        gdouble t;

        gtk_adjustment_set_value (hadjustment, gtk_adjustment_get_value (hadjustment) - 40);
        iterate ();
        t = snapshot_cost (GTK_WIDGET (view));
        g_array_append_val (times, t);
      }
    report ("the view's snapshot alone, panning at 100 %", times);
  }

  g_print ("resident memory with the workspace open: %ld MiB\n", rss_kib () / 1024);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();

  return 0;
}

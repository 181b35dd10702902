/* ferry-shot.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders Ferry's window on a workspace to PNG files, the way a user sees
 * it: for the README and the metainfo (build-aux/screenshots).
 *
 *   ferry-shot WORKSPACE OUTPUT.png [--select SERVICE] [--details]
 *              [--zoom FACTOR] [--dark] [--size WxH] [--page NAME]
 *              [--deploy ENV:NAME:REV[:STATUS]]... [--compare FROM:TO]
 *              [--expand SERVICE]... [--promote]
 *              [--wait SECONDS] [--scroll-details PIXELS]
 *
 * --deploy records a deployment in the workspace's state store before
 * the window opens, through the store's API as the deployment engine
 * does (nothing is built or run): NAME is a service, or a repository for
 * all of its services; REV a branch, tag or commit of its repository.
 * --promote (with --compare) renders the plan dialog its Promote button
 * opens, with --expand applied to the dialog's preview.
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "ferry-application.h"
#include "ferry-diff-list.h"
#include "ferry-environments-view.h"
#include "ferry-graph-view.h"
#include "ferry-plan-dialog.h"
#include "ferry-window.h"

#include "diff-testlib.h"

static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return TRUE;
}

static gboolean
window_ready (gpointer data)
{
  FerryWindow *window = data;
  FerryGraphView *view = FERRY_GRAPH_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "graph_view"));

  return ferry_window_get_model (window) != NULL && ferry_graph_view_is_ready (view);
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static GtkWidget *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
render_to_png (GtkWidget   *widget,
               const gchar *path,
               GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* The graph rasterizes its tiles within a budget per frame: the frames
   * before the one kept let it finish, however busy the machine is. */
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GtkSnapshot) warm_up = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) discarded = NULL;

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (warm_up), width, height);
      discarded = gtk_snapshot_free_to_node (g_steal_pointer (&warm_up));
      /* The view asks for its next frame from an idle. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}

static FerryDeploymentStatus
parse_status (const gchar *text)
{
  FerryDeploymentStatus status = FERRY_DEPLOYMENT_STATUS_HEALTHY;

  if (text != NULL && !ferry_deployment_status_from_string (text, &status))
    {
      g_printerr ("unknown status %s\n", text);
      exit (2);
    }

  return status;
}

/* Records each ENV:NAME:REV[:STATUS] in the workspace's state store. */
static gboolean
record_deployments (const gchar  *location,
                    gchar       **deploys,
                    GError      **error)
{
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStore) store = NULL;

  if (!(workspace = ferry_workspace_load (location, NULL, NULL, error)))
    return FALSE;
  store = diff_testlib_open_store (ferry_workspace_get_source (workspace));

  for (guint i = 0; deploys[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (deploys[i], ":", 4);
      FerryRepo *repo;
      g_autofree gchar *version = NULL;

      if (g_strv_length (parts) < 3)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--deploy takes ENV:NAME:REV[:STATUS]");
          return FALSE;
        }

      if ((repo = ferry_workspace_get_repo (workspace, parts[1])) == NULL)
        {
          FerryService *service = ferry_workspace_get_service (workspace, parts[1]);

          if (service == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no service or repo named %s", parts[1]);
              return FALSE;
            }
          repo = ferry_service_get_repo (service);
          if (!(version = ferry_git_resolve (ferry_repo_get_path (repo), parts[2], error)))
            return FALSE;
          diff_testlib_deploy (store, parts[1], parts[0], version, ferry_repo_get_tag (repo, version),
                               parse_status (parts[3]));
          continue;
        }

      if (!(version = ferry_git_resolve (ferry_repo_get_path (repo), parts[2], error)))
        return FALSE;
      for (guint b = 0; b < ferry_repo_get_n_builds (repo); b++)
        {
          FerryBuild *build = ferry_repo_get_build (repo, b);

          for (guint j = 0; j < ferry_build_get_n_services (build); j++)
            diff_testlib_deploy (store, ferry_service_get_name (ferry_build_get_service (build, j)),
                                 parts[0], version, ferry_repo_get_tag (repo, version), parse_status (parts[3]));
        }
    }

  return TRUE;
}

static gboolean
diff_ready (gpointer data)
{
  FerryDiffView *view = data;

  return ferry_diff_view_get_diff (view) != NULL && !ferry_diff_view_is_busy (view);
}

static gboolean
expanded_ready (gpointer data)
{
  gpointer *args = data;

  for (gchar **name = args[1]; *name; name++)
    if (!ferry_diff_list_is_loaded (args[0], *name))
      return FALSE;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GFile) workspace = NULL;
  g_autofree gchar *select = NULL;
  g_autofree gchar *size = NULL;
  g_autofree gchar *page = NULL;
  g_autofree gchar *compare = NULL;
  g_auto(GStrv) deploys = NULL;
  g_auto(GStrv) expand = NULL;
  gdouble zoom = 0;
  gint wait = 0;
  gint scroll_details = 0;
  gboolean dark = FALSE;
  gboolean details = FALSE;
  gboolean promote = FALSE;
  GtkWidget *shot;
  FerryWindow *window;
  FerryGraphView *view;
  gint width = 1400, height = 860;
  const GOptionEntry entries[] = {
    { "select", 0, 0, G_OPTION_ARG_STRING, &select, "Select a service", "NAME" },
    { "details", 0, 0, G_OPTION_ARG_NONE, &details, "Open the selected service's details", NULL },
    { "zoom", 0, 0, G_OPTION_ARG_DOUBLE, &zoom, "Zoom by this factor from fitted", "FACTOR" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark style", NULL },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size", "WxH" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "View to show: graph, environments, …", "NAME" },
    { "deploy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &deploys, "Record a deployment first (repeatable)", "ENV:NAME:REV[:STATUS]" },
    { "compare", 0, 0, G_OPTION_ARG_STRING, &compare, "Show the diff of two environments", "FROM:TO" },
    { "expand", 0, 0, G_OPTION_ARG_STRING_ARRAY, &expand, "Open a service's row of the diff (repeatable)", "SERVICE" },
    { "promote", 0, 0, G_OPTION_ARG_NONE, &promote, "Render the plan dialog of the diff's Promote button", NULL },
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait, "Keep the window live this long first (live metrics)", "SECONDS" },
    { "scroll-details", 0, 0, G_OPTION_ARG_INT, &scroll_details, "Scroll the details down by this much", "PIXELS" },
    { NULL }
  };

  context = g_option_context_new ("WORKSPACE OUTPUT.png");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("%s\n", error ? error->message : "usage: ferry-shot WORKSPACE OUTPUT.png [OPTION…]");
      return 2;
    }

  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size takes WIDTHxHEIGHT\n");
      return 2;
    }

  if (deploys != NULL && !record_deployments (argv[1], deploys, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  gtk_init ();
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  app = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* The application applies its own style setting at startup. */
  g_settings_set_string (ferry_application_get_settings (app), "style-variant", dark ? "dark" : "light");

  window = ferry_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));

  workspace = g_file_new_for_commandline_arg (argv[1]);
  ferry_window_open_workspace (window, workspace);
  if (!wait_for (window_ready, window, 60))
    {
      g_printerr ("the workspace did not open in time\n");
      return 1;
    }

  view = FERRY_GRAPH_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "graph_view"));
  shot = GTK_WIDGET (window);
  settle (500);

  if (select != NULL)
    {
      FerryService *service = ferry_workspace_get_service (ferry_window_get_model (window), select);

      if (service == NULL)
        {
          g_printerr ("no service named %s\n", select);
          return 1;
        }
      if (details)
        ferry_window_show_details (window, service);
      else
        ferry_graph_view_select (view, service);
    }

  if (zoom > 0)
    ferry_graph_view_zoom (view, zoom);

  if (page != NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "view_stack")), page);

  if (compare != NULL)
    {
      FerryEnvironmentsView *environments = FERRY_ENVIRONMENTS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "environments_view"));
      FerryDiffView *diff_view = ferry_environments_view_get_diff_view (environments);
      g_auto(GStrv) pair = g_strsplit (compare, ":", 2);

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "view_stack")), "environments");
      ferry_environments_view_show_diff (environments, pair[0], pair[1]);
      if (!wait_for (diff_ready, diff_view, 60))
        {
          g_printerr ("the diff was not computed in time\n");
          return 1;
        }

      shot = GTK_WIDGET (window);
      if (promote)
        {
          GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (diff_view), FERRY_TYPE_DIFF_VIEW, "promote_button"));
          GListModel *toplevels = gtk_window_get_toplevels ();

          g_signal_emit_by_name (button, "clicked");
          for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
            {
              g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

              if (FERRY_IS_PLAN_DIALOG (toplevel))
                shot = GTK_WIDGET (toplevel);
            }
          if (shot == GTK_WIDGET (window))
            {
              g_printerr ("Promote opened no dialog\n");
              return 1;
            }
          if (size != NULL)
            gtk_window_set_default_size (GTK_WINDOW (shot), width, height);
          settle (1000);
        }

      if (expand != NULL)
        {
          FerryDiffList *list = shot != GTK_WIDGET (window)
            ? ferry_plan_dialog_get_preview (FERRY_PLAN_DIALOG (shot))
            : FERRY_DIFF_LIST (gtk_widget_get_template_child (GTK_WIDGET (diff_view), FERRY_TYPE_DIFF_VIEW, "diff_list"));
          gpointer args[] = { list, expand };

          for (gchar **name = expand; *name; name++)
            ferry_diff_list_expand (list, *name);
          if (!wait_for (expanded_ready, args, 60))
            {
              g_printerr ("the commits were not read in time\n");
              return 1;
            }
        }
    }


  settle (1500 + wait * 1000);

  if (scroll_details > 0)
    {
      GtkWidget *panel = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), FERRY_TYPE_WINDOW, "details_panel"));
      GtkWidget *scroller = gtk_widget_get_first_child (panel);

      if (GTK_IS_SCROLLED_WINDOW (scroller))
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                                  scroll_details);
      settle (300);
    }

  /* The plan dialog is shown scrolled to what the promotion would ship. */
  if (shot != GTK_WIDGET (window))
    {
      GtkWidget *scroller = find_scrolled_window (shot);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
      settle (500);
    }

  if (!render_to_png (shot, argv[2], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  settle (100);

  return 0;
}

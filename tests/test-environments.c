/* test-environments.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ferry-application.h"
#include "ferry-details-panel.h"
#include "ferry-diff-list.h"
#include "ferry-diff-view.h"
#include "ferry-environments-view.h"
#include "ferry-plan-dialog.h"
#include "ferry-window.h"

#include "diff-testlib.h"

static FerryApplication *app;

#define template_child(widget, type, name) \
  ((gpointer) gtk_widget_get_template_child (GTK_WIDGET (widget), type, name))

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Iterates the main loop until @done, or fails after ten seconds. */
static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The demo shop, with what runs where recorded in its state store:
 *
 *   dev   each repo's branch head; payments v1.0.0
 *   uat   price-feed v1.1.0, catalog-api v1.3.0, search-api v1.2.0,
 *         recommendations v1.0.0, cart v2.2.0, payments v1.0.0,
 *         storefront v3.6.0
 *   prod  cart v2.1.0, payments v1.0.0
 */
typedef struct
{
  gchar              *dir;
  FerryWorkspace     *workspace;
  FerryStateSnapshot *state;
} Demo;

static void
deploy (FerryStore     *store,
        FerryWorkspace *ws,
        const gchar    *environment,
        const gchar    *service,
        const gchar    *revision)
{
  FerryRepo *repo = ferry_service_get_repo (ferry_workspace_get_service (ws, service));
  g_autoptr(GError) error = NULL;
  g_autofree gchar *version = ferry_git_resolve (ferry_repo_get_path (repo), revision, &error);

  g_assert_no_error (error);
  diff_testlib_deploy (store, service, environment, version, NULL, FERRY_DEPLOYMENT_STATUS_HEALTHY);
}

static void
demo_set_up (Demo *demo)
{
  const gchar *uat[][2] = {
    { "price-feed", "v1.1.0" }, { "catalog-api", "v1.3.0" }, { "search-api", "v1.2.0" },
    { "recommendations", "v1.0.0" }, { "session-store", "v2.2.0" }, { "cart-api", "v2.2.0" },
    { "fraud-check", "v1.0.0" }, { "payment-gateway", "v1.0.0" }, { "web-ui", "v3.6.0" },
  };
  const gchar *prod[][2] = {
    { "session-store", "v2.1.0" }, { "cart-api", "v2.1.0" },
    { "fraud-check", "v1.0.0" }, { "payment-gateway", "v1.0.0" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryStore) store = NULL;

  demo->dir = g_build_filename (g_get_user_data_dir (), "demo", NULL);
  g_assert_true (ferry_demo_create (demo->dir, "ferry-demo-service", &error));
  g_assert_no_error (error);
  demo->workspace = ferry_workspace_load (demo->dir, NULL, NULL, &error);
  g_assert_no_error (error);

  store = diff_testlib_open_store (demo->dir);
  for (guint i = 0; i < ferry_workspace_get_n_services (demo->workspace); i++)
    {
      const gchar *name = ferry_service_get_name (ferry_workspace_get_service_at (demo->workspace, i));
      gboolean payments = g_str_equal (name, "fraud-check") || g_str_equal (name, "payment-gateway");

      deploy (store, demo->workspace, "dev", name, payments ? "v1.0.0" : "main");
    }
  for (guint i = 0; i < G_N_ELEMENTS (uat); i++)
    deploy (store, demo->workspace, "uat", uat[i][0], uat[i][1]);
  for (guint i = 0; i < G_N_ELEMENTS (prod); i++)
    deploy (store, demo->workspace, "prod", prod[i][0], prod[i][1]);

  demo->state = diff_testlib_load_state (store);
}

static void
demo_tear_down (Demo *demo)
{
  g_clear_pointer (&demo->state, ferry_state_snapshot_unref);
  g_clear_object (&demo->workspace);
  g_clear_pointer (&demo->dir, g_free);
}

static GtkWindow *
window_with (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1200, 1000);
  gtk_window_set_child (window, child);
  gtk_window_present (window);

  return window;
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (gtk_widget_has_css_class (widget, "matrix-cell") && gtk_widget_get_mapped (widget) &&
      gtk_widget_get_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (widget), "version"))))
    g_ptr_array_add (cells, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

/* The cells showing a service's version, and how many of them are marked
 * as differing from the environment to their left. */
static guint
count_cells (GtkWidget *view,
             guint     *n_differ)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_cells (view, cells);
  *n_differ = 0;
  for (guint i = 0; i < cells->len; i++)
    *n_differ += gtk_widget_has_css_class (g_ptr_array_index (cells, i), "differs");

  return cells->len;
}

/* The names of the rows of the matrix, as shown, groups included. */
static gchar *
matrix_rows (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (str->len > 0)
        g_string_append_c (str, ',');
      if (FERRY_IS_SERVICE (item))
        g_string_append (str, ferry_service_get_name (FERRY_SERVICE (item)));
      else
        g_string_append_c (str, '+');
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static guint
find_row (GtkColumnView *view,
          const gchar   *service)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (FERRY_IS_SERVICE (item) && g_str_equal (ferry_service_get_name (FERRY_SERVICE (item)), service))
        return i;
    }

  g_assert_not_reached ();
}

/* A destroyed window goes once its background work (reading the state
 * store, sampling) has come back cancelled. */
static void
wait_finalized (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (weak != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_matrix (void)
{
  Demo demo = { 0 };
  FerryEnvironmentsView *view;
  GtkColumnView *matrix;
  GtkWindow *window;
  GtkRevealer *revealer;
  g_autofree gchar *rows = NULL;
  guint n_cells, n_differ;

  demo_set_up (&demo);
  view = FERRY_ENVIRONMENTS_VIEW (ferry_environments_view_new ());
  g_object_ref_sink (view);
  window = window_with (GTK_WIDGET (view));
  matrix = template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "matrix_view");
  revealer = template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "details_revealer");

  ferry_environments_view_set_workspace (view, demo.workspace);
  ferry_environments_view_set_state (view, demo.state);
  spin ();

  /* Grouped by team, then repository; a column per environment. */
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (matrix)), ==, 4);
  rows = matrix_rows (matrix);
  g_assert_cmpstr (rows, ==, "+,+,price-feed,catalog-api,recommendations,search-api,"
                             "+,+,session-store,cart-api,+,fraud-check,payment-gateway,"
                             "+,+,web-ui");

  /* Every cell shows a version or says it is not deployed; those that
   * differ from the environment to their left are marked: uat's where
   * dev runs something else (all but payments), prod's where uat does
   * (all but payments again). */
  n_cells = count_cells (GTK_WIDGET (matrix), &n_differ);
  g_assert_cmpuint (n_cells, ==, 27);
  g_assert_cmpuint (n_differ, ==, 14);

  /* Filtered by name, team or repository, or to what differs. */
  gtk_editable_set_text (GTK_EDITABLE (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry")), "checkout");
  g_signal_emit_by_name (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry"), "search-changed");
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 4);
  gtk_editable_set_text (GTK_EDITABLE (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry")), "CART");
  g_signal_emit_by_name (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry"), "search-changed");
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry")), "");
  g_signal_emit_by_name (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry"), "search-changed");
  gtk_toggle_button_set_active (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "differing_button"), TRUE);
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 7);
  g_assert_cmpstr (gtk_label_get_label (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "count_label")), ==, "7 of 9 services");
  gtk_toggle_button_set_active (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "differing_button"), FALSE);
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 9);

  /* Sorted by a column within each group: uat's versions, tags in
   * numeric order, not deployed last. */
  {
    g_autoptr(GtkColumnViewColumn) uat = g_list_model_get_item (gtk_column_view_get_columns (matrix), 2);
    g_autoptr(GtkColumnViewColumn) prod = g_list_model_get_item (gtk_column_view_get_columns (matrix), 3);
    g_autofree gchar *ascending = NULL;
    g_autofree gchar *descending = NULL;
    g_autofree gchar *by_prod = NULL;

    gtk_column_view_sort_by_column (matrix, uat, GTK_SORT_ASCENDING);
    ascending = matrix_rows (matrix);
    g_assert_true (g_str_has_prefix (ascending, "+,+,recommendations,price-feed,search-api,catalog-api,"));
    gtk_column_view_sort_by_column (matrix, uat, GTK_SORT_DESCENDING);
    descending = matrix_rows (matrix);
    /* Groups are ordered by name, the other way round too. */
    g_assert_true (g_str_has_suffix (descending, ",+,+,catalog-api,search-api,price-feed,recommendations"));
    gtk_column_view_sort_by_column (matrix, prod, GTK_SORT_ASCENDING);
    by_prod = matrix_rows (matrix);
    g_assert_true (strstr (by_prod, "+,+,session-store,cart-api,+,fraud-check,payment-gateway") != NULL);
    gtk_column_view_sort_by_column (matrix, NULL, GTK_SORT_ASCENDING);
  }

  /* A row opens the service's details beside the matrix (Enter or a
   * double click activate it); a group's row folds. */
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_signal_emit_by_name (matrix, "activate", find_row (matrix, "cart-api"));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (ferry_details_panel_get_service (template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "details_panel")) ==
                 ferry_workspace_get_service (demo.workspace, "cart-api"));
  g_signal_emit_by_name (matrix, "activate", 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (matrix))), ==, 11);
  g_signal_emit_by_name (matrix, "activate", 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (matrix))), ==, 16);

  /* A new state reaches the cells on screen. */
  {
    g_autoptr(FerryStateSnapshot) empty = ferry_state_snapshot_new ();

    ferry_environments_view_set_state (view, empty);
    n_cells = count_cells (GTK_WIDGET (matrix), &n_differ);
    g_assert_cmpuint (n_cells, ==, 27);
    g_assert_cmpuint (n_differ, ==, 0);
  }

  gtk_window_destroy (window);
  spin ();
  demo_tear_down (&demo);
  g_assert_finalize_object (view);
}

/* 2,000 services: a model, and rows only for what is on screen. */
static void
test_matrix_scale (void)
{
  g_autofree gchar *dir = g_build_filename (g_get_user_data_dir (), "estate", NULL);
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GError) error = NULL;
  FerryEnvironmentsView *view;
  GtkColumnView *matrix;
  GtkWindow *window;
  guint n_cells, n_differ, n_rows;

  g_assert_true (ferry_demo_create_synthetic (dir, 2000, &error));
  ws = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);

  view = FERRY_ENVIRONMENTS_VIEW (ferry_environments_view_new ());
  g_object_ref_sink (view);
  window = window_with (GTK_WIDGET (view));
  matrix = template_child (view, FERRY_TYPE_ENVIRONMENTS_VIEW, "matrix_view");

  ferry_environments_view_set_workspace (view, ws);
  ferry_environments_view_set_state (view, state);
  spin ();

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (matrix)));
  g_assert_cmpuint (ferry_environments_view_get_n_shown (view), ==, 2000);
  g_assert_cmpuint (n_rows, >, 2000);
  n_cells = count_cells (GTK_WIDGET (matrix), &n_differ);
  g_assert_cmpuint (n_cells, >, 0);
  g_assert_cmpuint (n_cells, <, 300);

  gtk_window_destroy (window);
  spin ();
  g_assert_finalize_object (view);
}

static gboolean
diff_ready (gpointer data)
{
  return ferry_diff_view_get_diff (data) != NULL && !ferry_diff_view_is_busy (data);
}

typedef struct
{
  FerryDiffList *list;
  const gchar   *service;
} Loading;

static gboolean
commits_loaded (gpointer data)
{
  Loading *loading = data;

  return ferry_diff_list_is_loaded (loading->list, loading->service);
}

static void
on_promote (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GVariant **out = user_data;

  g_clear_pointer (out, g_variant_unref);
  *out = g_variant_ref (parameter);
}

static void
test_diff_view (void)
{
  Demo demo = { 0 };
  FerryDiffView *view;
  FerryDiffList *list;
  GtkWindow *window;
  GtkWidget *promote;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("promote", G_VARIANT_TYPE ("(ssas)"));
  g_autoptr(GVariant) promoted = NULL;
  FerryDiff *diff;
  FerryDiffEntry *entry;
  Loading loading;

  demo_set_up (&demo);
  view = FERRY_DIFF_VIEW (ferry_diff_view_new ());
  g_object_ref_sink (view);
  window = window_with (GTK_WIDGET (view));
  list = template_child (view, FERRY_TYPE_DIFF_VIEW, "diff_list");
  promote = template_child (view, FERRY_TYPE_DIFF_VIEW, "promote_button");

  /* What the window offers: win.promote. */
  g_signal_connect (action, "activate", G_CALLBACK (on_promote), &promoted);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));

  /* By default an environment and the one it promotes from. */
  ferry_diff_view_set_workspace (view, demo.workspace);
  ferry_diff_view_set_state (view, demo.state);
  g_assert_cmpstr (ferry_diff_view_get_from (view), ==, "dev");
  g_assert_cmpstr (ferry_diff_view_get_to (view), ==, "uat");
  wait_until (diff_ready, view);

  diff = ferry_diff_view_get_diff (view);
  g_assert_cmpuint (ferry_diff_get_n_entries (diff), ==, 7);
  g_assert_cmpuint (ferry_diff_get_n_unchanged (diff), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (template_child (view, FERRY_TYPE_DIFF_VIEW, "summary_label")), ==,
                   "7 services differ, 2 the same");

  /* Commits are counted up front and read when a row is opened. */
  entry = ferry_diff_lookup (diff, "catalog-api");
  g_assert_cmpuint (entry->n_ahead, ==, 2);
  g_assert_cmpuint (entry->commits->len, ==, 0);
  g_assert_false (ferry_diff_list_is_loaded (list, "catalog-api"));
  g_assert_cmpuint (ferry_diff_list_get_n_commits (list, "catalog-api"), ==, 0);
  g_assert_true (ferry_diff_list_expand (list, "catalog-api"));
  loading = (Loading) { list, "catalog-api" };
  wait_until (commits_loaded, &loading);
  g_assert_cmpuint (ferry_diff_list_get_n_commits (list, "catalog-api"), ==, 2);
  g_assert_false (ferry_diff_list_is_loaded (list, "web-ui"));

  /* recommendations is four releases behind in uat: all its commits. */
  g_assert_true (ferry_diff_list_expand (list, "recommendations"));
  loading = (Loading) { list, "recommendations" };
  wait_until (commits_loaded, &loading);
  g_assert_cmpuint (ferry_diff_list_get_n_commits (list, "recommendations"), ==,
                    ferry_diff_lookup (diff, "recommendations")->n_ahead);

  /* A new state of the same environments keeps open rows open. */
  {
    g_autoptr(FerryStore) store = diff_testlib_open_store (demo.dir);
    g_autoptr(FerryStateSnapshot) again = diff_testlib_load_state (store);

    ferry_diff_view_set_state (view, again);
    g_assert_true (ferry_diff_view_is_busy (view));
    wait_until (diff_ready, view);
    loading = (Loading) { list, "catalog-api" };
    wait_until (commits_loaded, &loading);
    g_assert_cmpuint (ferry_diff_list_get_n_commits (list, "catalog-api"), ==, 2);
    g_assert_false (ferry_diff_list_is_loaded (list, "web-ui"));
  }

  /* One click turns the diff into a promotion plan: win.promote with the
   * environments and the services. */
  g_assert_true (gtk_widget_get_sensitive (promote));
  g_signal_emit_by_name (promote, "clicked");
  g_assert_nonnull (promoted);
  {
    const gchar *from, *to;
    g_autofree const gchar **services = NULL;
    g_autofree gchar *joined = NULL;

    g_variant_get (promoted, "(&s&s^a&s)", &from, &to, &services);
    joined = g_strjoinv (",", (gchar **)services);
    g_assert_cmpstr (from, ==, "dev");
    g_assert_cmpstr (to, ==, "uat");
    g_assert_cmpstr (joined, ==, "session-store,price-feed,cart-api,catalog-api,recommendations,search-api,web-ui");
  }

  /* The other way round, uat is behind: dev's commits would be taken
   * out of it. */
  ferry_diff_view_set_environments (view, "uat", "dev");
  wait_until (diff_ready, view);
  entry = ferry_diff_lookup (ferry_diff_view_get_diff (view), "catalog-api");
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_TARGET_AHEAD);
  g_assert_cmpuint (entry->n_behind, ==, 2);
  g_assert_true (ferry_diff_list_expand (list, "catalog-api"));
  loading = (Loading) { list, "catalog-api" };
  wait_until (commits_loaded, &loading);
  g_assert_cmpuint (ferry_diff_list_get_n_commits (list, "catalog-api"), ==, 2);

  /* prod runs only cart and payments: the rest is in uat only. */
  ferry_diff_view_set_environments (view, "uat", "prod");
  wait_until (diff_ready, view);
  entry = ferry_diff_lookup (ferry_diff_view_get_diff (view), "web-ui");
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_ONE_SIDED);
  g_assert_cmpstr (entry->only_in, ==, "uat");
  g_assert_cmpuint (entry->config->len, ==, 2);

  /* Read-only, nothing can be promoted. */
  ferry_diff_view_set_read_only (view, TRUE);
  g_assert_false (gtk_widget_get_sensitive (promote));
  ferry_diff_view_set_read_only (view, FALSE);
  g_assert_true (gtk_widget_get_sensitive (promote));

  /* The same environment twice: nothing to compare. */
  ferry_diff_view_set_environments (view, "uat", "uat");
  wait_until (diff_ready, view);
  g_assert_cmpuint (ferry_diff_get_n_entries (ferry_diff_view_get_diff (view)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (template_child (view, FERRY_TYPE_DIFF_VIEW, "content_stack")), ==, "empty");
  g_assert_false (gtk_widget_get_sensitive (promote));

  gtk_window_destroy (window);
  spin ();
  demo_tear_down (&demo);
  g_assert_finalize_object (view);
}

static gboolean
preview_ready (gpointer data)
{
  return ferry_diff_list_get_diff (data) != NULL;
}

static void
test_plan_dialog (void)
{
  Demo demo = { 0 };
  FerryPlanDialog *dialog;
  FerryDiffList *preview;
  FerryPlan *plan;
  FerryDiff *diff;
  guint n_steps = 0;
  Loading loading;

  demo_set_up (&demo);

  /* What a promotion from dev to uat would do, and ship. */
  dialog = ferry_plan_dialog_new (NULL, demo.workspace, demo.state, "dev", "uat", NULL);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  plan = ferry_plan_dialog_get_plan (dialog);
  g_assert_nonnull (plan);
  g_assert_cmpuint (ferry_plan_get_n_phases (plan), ==, 3);
  for (guint i = 0; i < ferry_plan_get_n_phases (plan); i++)
    n_steps += ferry_plan_get_n_steps (plan, i);
  g_assert_cmpuint (n_steps, ==, 7);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Promote dev → uat");

  /* The preview is the diff restricted to the plan's services. */
  preview = ferry_plan_dialog_get_preview (dialog);
  wait_until (preview_ready, preview);
  diff = ferry_diff_list_get_diff (preview);
  g_assert_cmpuint (ferry_diff_get_n_entries (diff), ==, n_steps);
  for (guint i = 0; i < ferry_plan_get_n_phases (plan); i++)
    for (guint j = 0; j < ferry_plan_get_n_steps (plan, i); j++)
      g_assert_nonnull (ferry_diff_lookup (diff, ferry_service_get_name (ferry_plan_get_step (plan, i, j)->service)));
  g_assert_true (ferry_diff_list_expand (preview, "web-ui"));
  loading = (Loading) { preview, "web-ui" };
  wait_until (commits_loaded, &loading);
  g_assert_cmpuint (ferry_diff_list_get_n_commits (preview, "web-ui"), ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (dialog);

  /* Only some services. */
  {
    const gchar *services[] = { "web-ui", NULL };

    dialog = ferry_plan_dialog_new (NULL, demo.workspace, demo.state, "dev", "uat", services);
    g_object_ref (dialog);
    plan = ferry_plan_dialog_get_plan (dialog);
    g_assert_cmpuint (ferry_plan_get_n_phases (plan), ==, 1);
    preview = ferry_plan_dialog_get_preview (dialog);
    wait_until (preview_ready, preview);
    g_assert_cmpuint (ferry_diff_get_n_entries (ferry_diff_list_get_diff (preview)), ==, 1);
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin ();
    g_assert_finalize_object (dialog);
  }

  demo_tear_down (&demo);
}

static gboolean
window_showing_state (gpointer data)
{
  FerryWindow *window = data;
  GtkStack *main_stack = template_child (window, FERRY_TYPE_WINDOW, "main_stack");
  FerryEnvironmentsView *environments = template_child (window, FERRY_TYPE_WINDOW, "environments_view");
  FerryDiffView *diff_view = ferry_environments_view_get_diff_view (environments);

  return g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), "workspace") == 0 &&
         diff_ready (diff_view) && ferry_diff_get_n_entries (ferry_diff_view_get_diff (diff_view)) > 0;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
window_read_only (gpointer data)
{
  return ferry_window_is_read_only (data) && window_showing_state (data);
}

/* The last state read is kept; when the state store cannot be read, the
 * workspace opens read-only on it, with a banner saying since when. */
static void
test_offline (void)
{
  Demo demo = { 0 };
  FerryWindow *window;
  g_autoptr(GFile) file = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *snapshot = NULL;
  g_autofree gchar *store = NULL;
  GtkRevealer *banner;
  GStatBuf st;

  demo_set_up (&demo);
  file = g_file_new_for_path (demo.dir);
  id = ferry_store_workspace_id (demo.dir);
  snapshot = ferry_state_snapshot_path_for_workspace (id);
  store = ferry_store_path_for_workspace (id);

  window = ferry_window_new (app);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, file);
  wait_until (window_showing_state, window);
  wait_until (file_exists, snapshot);
  g_assert_false (ferry_window_is_read_only (window));
  g_assert_false (gtk_revealer_get_reveal_child (template_child (window, FERRY_TYPE_WINDOW, "offline_revealer")));
  g_assert_cmpint (g_stat (snapshot, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);

  /* The store becomes unreadable. */
  g_assert_true (g_file_set_contents (store, "this is not a database, and cannot be read as one\n", -1, NULL));
  for (const gchar * const *suffix = (const gchar * const[]) { "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree gchar *side = g_strconcat (store, *suffix, NULL);
      g_unlink (side);
    }

  window = ferry_window_new (app);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, file);
  wait_until (window_read_only, window);

  banner = template_child (window, FERRY_TYPE_WINDOW, "offline_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (template_child (window, FERRY_TYPE_WINDOW, "offline_label")),
                                   "Read-only: showing the state as it was on "));
  {
    FerryEnvironmentsView *environments = template_child (window, FERRY_TYPE_WINDOW, "environments_view");
    FerryDiffView *diff_view = ferry_environments_view_get_diff_view (environments);

    /* The kept state, and nothing to act on it with. */
    g_assert_cmpuint (ferry_diff_get_n_entries (ferry_diff_view_get_diff (diff_view)), ==, 7);
    g_assert_false (gtk_widget_get_sensitive (template_child (diff_view, FERRY_TYPE_DIFF_VIEW, "promote_button")));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
  demo_tear_down (&demo);
}

/* In the window: Ctrl+F on the Environments page filters the matrix, and
 * the state read from the store reaches the page. */
static void
test_window_page (void)
{
  Demo demo = { 0 };
  FerryWindow *window;
  FerryEnvironmentsView *environments;
  GtkWidget *search;
  GtkWidget *focus;
  g_autoptr(GFile) file = NULL;

  demo_set_up (&demo);
  file = g_file_new_for_path (demo.dir);
  window = ferry_window_new (app);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, file);
  wait_until (window_showing_state, window);

  environments = template_child (window, FERRY_TYPE_WINDOW, "environments_view");
  search = template_child (environments, FERRY_TYPE_ENVIRONMENTS_VIEW, "search_entry");
  g_assert_cmpuint (ferry_environments_view_get_n_shown (environments), ==, 9);

  adw_view_stack_set_visible_child_name (template_child (window, FERRY_TYPE_WINDOW, "view_stack"), "environments");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (template_child (window, FERRY_TYPE_WINDOW, "view_stack")), ==,
                   "environments");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
  demo_tear_down (&demo);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  gint ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Isolation hides shared-mime-info, without which gdk-pixbuf cannot
   * recognise SVG icons; the user's own folders stay isolated. */
  g_setenv ("XDG_DATA_DIRS", data_dirs ? data_dirs : "/usr/local/share:/usr/share", TRUE);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  app = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ferry/environments/matrix", test_matrix);
  g_test_add_func ("/ferry/environments/matrix-scale", test_matrix_scale);
  g_test_add_func ("/ferry/environments/diff", test_diff_view);
  g_test_add_func ("/ferry/environments/plan-dialog", test_plan_dialog);
  g_test_add_func ("/ferry/environments/window-page", test_window_page);
  g_test_add_func ("/ferry/environments/offline", test_offline);

  ret = g_test_run ();

  g_object_unref (app);

  return ret;
}

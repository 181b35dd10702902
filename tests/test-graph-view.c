/* test-graph-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-graph-view.h"

typedef struct
{
  FerryWorkspace *workspace;
  GtkWindow      *window;
  FerryGraphView *view;
} Fixture;

static void
spin_until (Fixture  *f,
            gboolean (*done) (Fixture *f))
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_ready (Fixture *f)
{
  return ferry_graph_view_is_ready (f->view) &&
         ferry_graph_view_get_card (f->view, ferry_workspace_get_service (f->workspace, "web-ui")) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree gchar *dir = g_build_filename (g_get_user_data_dir (), "demo", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;

  g_assert_true (ferry_demo_create (dir, "ferry-demo-service", &error));
  f->workspace = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
  scroller = gtk_scrolled_window_new ();
  f->view = FERRY_GRAPH_VIEW (ferry_graph_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, scroller);
  g_object_add_weak_pointer (G_OBJECT (f->view), (gpointer *)&f->view);
  gtk_window_present (f->window);

  ferry_graph_view_set_workspace (f->view, f->workspace);
  spin_until (f, is_ready);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gint64 deadline;

  gtk_window_destroy (f->window);

  /* A layout or a count of commits still running in a worker thread
   * holds the view until its callback ran: wait for it, within bounds. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (f->view != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (f->view);
  g_assert_finalize_object (f->workspace);
}

static FerryService *
service (Fixture     *f,
         const gchar *name)
{
  FerryService *ret = ferry_workspace_get_service (f->workspace, name);

  g_assert_nonnull (ret);
  return ret;
}

static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  FerryLayout *layout = ferry_graph_view_get_layout (f->view);
  guint n = ferry_workspace_get_n_services (f->workspace);

  /* A card for every service, each with a focusable stand-in. */
  g_assert_cmpuint (ferry_layout_get_n_nodes (layout), ==, n);
  for (guint i = 0; i < n; i++)
    {
      FerryService *s = ferry_workspace_get_service_at (f->workspace, i);
      GtkWidget *card = ferry_graph_view_get_card (f->view, s);
      guint node;

      g_assert_true (ferry_layout_lookup_node (layout, ferry_service_get_name (s), &node));
      g_assert_nonnull (card);
      g_assert_true (gtk_widget_get_focusable (card));
      g_assert_true (ferry_graph_view_is_highlighted (f->view, s));
    }

  /* Fitted: the whole demo is in view, readable in full. */
  g_assert_cmpfloat (ferry_graph_view_get_zoom (f->view), >, 0.55);
  g_assert_cmpfloat (ferry_graph_view_get_zoom (f->view), <=, 1.0);
}

static void
test_highlight (Fixture       *f,
                gconstpointer  data)
{
  ferry_graph_view_select (f->view, service (f, "cart-api"));
  g_assert_true (ferry_graph_view_get_selected (f->view) == service (f, "cart-api"));

  /* Upstream and downstream stay lit; the rest is dimmed. */
  g_assert_true (ferry_graph_view_is_highlighted (f->view, service (f, "cart-api")));
  g_assert_true (ferry_graph_view_is_highlighted (f->view, service (f, "session-store")));
  g_assert_true (ferry_graph_view_is_highlighted (f->view, service (f, "web-ui")));
  g_assert_false (ferry_graph_view_is_highlighted (f->view, service (f, "price-feed")));
  g_assert_false (ferry_graph_view_is_highlighted (f->view, service (f, "fraud-check")));

  ferry_graph_view_select (f->view, NULL);
  g_assert_true (ferry_graph_view_is_highlighted (f->view, service (f, "price-feed")));
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  /* By endpoint (payment-gateway produces grpc:payment, web-ui uses
   * it) and by repo (fraud-check lives in payments). */
  ferry_graph_view_set_filter (f->view, "payment", FALSE);
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "payment-gateway")));
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "web-ui")));
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "fraud-check")));
  g_assert_false (ferry_graph_view_matches (f->view, service (f, "session-store")));
  g_assert_cmpuint (ferry_graph_view_get_n_matches (f->view), ==, 3);

  /* By team. */
  ferry_graph_view_set_filter (f->view, "catalog", FALSE);
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "price-feed")));
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "recommendations")));

  /* Only what differs between environments: nothing is deployed yet. */
  ferry_graph_view_set_filter (f->view, NULL, TRUE);
  g_assert_cmpuint (ferry_graph_view_get_n_matches (f->view), ==, 0);

  {
    g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
    ferry_state_snapshot_set (state, "cart-api", "dev", "0123456789abcdef0123456789abcdef01234567", "v2.2.0", "healthy", NULL, NULL);
    ferry_graph_view_set_state (f->view, state);
  }
  ferry_graph_view_set_filter (f->view, NULL, TRUE);
  g_assert_cmpuint (ferry_graph_view_get_n_matches (f->view), ==, 1);
  g_assert_true (ferry_graph_view_matches (f->view, service (f, "cart-api")));

  ferry_graph_view_set_filter (f->view, NULL, FALSE);
  g_assert_cmpuint (ferry_graph_view_get_n_matches (f->view), ==, ferry_workspace_get_n_services (f->workspace));
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  FerryService *selected;
  FerryService *web = service (f, "web-ui");

  ferry_graph_view_select (f->view, web);

  /* Left goes to something it depends on. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.move", "(ii)", -1, 0);
  selected = ferry_graph_view_get_selected (f->view);
  g_assert_nonnull (selected);
  g_assert_true (ferry_service_depends_on (web, selected));

  /* Right goes back to a dependent. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.move", "(ii)", 1, 0);
  g_assert_true (ferry_graph_view_get_selected (f->view) == web);

  /* Down and up stay within a layer. */
  ferry_graph_view_select (f->view, service (f, "catalog-api"));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.move", "(ii)", 0, 1);
  selected = ferry_graph_view_get_selected (f->view);
  g_assert_false (selected == service (f, "catalog-api"));
  g_assert_cmpuint (ferry_service_get_layer (selected), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.move", "(ii)", 0, -1);
  g_assert_true (ferry_graph_view_get_selected (f->view) == service (f, "catalog-api"));

  /* The focused card is the selected one, for screen readers. */
  g_assert_true (gtk_widget_has_focus (ferry_graph_view_get_card (f->view, service (f, "catalog-api"))));

  /* Escape clears the selection. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.unselect", NULL);
  g_assert_null (ferry_graph_view_get_selected (f->view));
}

static void
on_activated (FerryGraphView *view,
              FerryService   *s,
              FerryService  **out)
{
  *out = s;
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  FerryService *activated = NULL;

  g_signal_connect (f->view, "service-activated", G_CALLBACK (on_activated), &activated);
  ferry_graph_view_select (f->view, service (f, "fraud-check"));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.activate", NULL);
  g_assert_true (activated == service (f, "fraud-check"));
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autofree gchar *before = ferry_graph_view_describe_service (f->view, service (f, "cart-api"));
  g_autofree gchar *after = NULL;

  g_assert_cmpstr (before, ==, "cart-api: dev not deployed; uat not deployed; prod not deployed");

  ferry_state_snapshot_set (state, "cart-api", "dev", "0123456789abcdef0123456789abcdef01234567", NULL, "healthy", NULL, NULL);
  ferry_state_snapshot_set (state, "cart-api", "uat", "fedcba9876543210fedcba9876543210fedcba98", "v2.1.0", "failed", NULL, NULL);
  ferry_graph_view_set_state (f->view, state);

  after = ferry_graph_view_describe_service (f->view, service (f, "cart-api"));
  g_assert_cmpstr (after, ==, "cart-api: dev 0123456789ab healthy; uat v2.1.0 failed; prod not deployed");
}

static void
test_zoom (Fixture       *f,
           gconstpointer  data)
{
  gdouble fit = ferry_graph_view_get_zoom (f->view);

  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.zoom", "d", 1.25);
  g_assert_cmpfloat_with_epsilon (ferry_graph_view_get_zoom (f->view), fit * 1.25, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "graph.zoom", "d", 0.0);
  g_assert_cmpfloat_with_epsilon (ferry_graph_view_get_zoom (f->view), fit, 1e-9);
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The sparkline hook: called for every environment column of the cards
 * at full detail, cached with the tiles, called again for a refreshed
 * card's tiles only. */
static void
count_column (FerryGraphView        *view,
              GtkSnapshot           *snapshot,
              FerryService          *svc,
              FerryEnvironment      *environment,
              const graphene_rect_t *area,
              const GdkRGBA         *color,
              gpointer               user_data)
{
  GHashTable *calls = user_data;
  const gchar *name = ferry_service_get_name (svc);

  g_assert_cmpfloat (area->size.width, ==, FERRY_GRAPH_ENV_COLUMN_WIDTH);
  g_assert_cmpfloat (area->size.height, >, 0);
  g_hash_table_insert (calls, (gpointer)name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (calls, name)) + 1));
}

static GHashTable *column_calls;

static gboolean
columns_drawn (Fixture *f)
{
  return g_hash_table_contains (column_calls, "cart-api");
}

static void
test_column_func (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) calls = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) visible = NULL;
  const gchar *refresh[] = { "cart-api", NULL };

  column_calls = calls;
  ferry_graph_view_set_column_func (f->view, count_column, calls, NULL);
  spin_until (f, columns_drawn);

  /* Every column of a card: three environments. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (calls, "cart-api")), >=, 3);
  visible = ferry_graph_view_list_visible_services (f->view);
  g_assert_true (g_strv_contains ((const gchar * const *)visible, "cart-api"));
  g_assert_true (g_strv_contains ((const gchar * const *)visible, "fraud-check"));

  /* Drawn once: frames reuse the cached tiles (once the tiles around
   * the view are prefetched too). */
  iterate_for (1000);
  g_hash_table_remove_all (calls);
  gtk_widget_queue_draw (GTK_WIDGET (f->view));
  iterate_for (500);
  g_assert_cmpuint (g_hash_table_size (calls), ==, 0);

  /* New data for one card: only the tiles showing it are drawn again. */
  ferry_graph_view_refresh_services (f->view, refresh);
  spin_until (f, columns_drawn);
  g_assert_false (g_hash_table_contains (calls, "fraud-check"));

  ferry_graph_view_set_column_func (f->view, NULL, NULL, NULL);
  column_calls = NULL;
}

/* Zoomed out to the heat map, cards have no columns: nothing is drawn in
 * them and nothing counts as visible for the metrics. */
static void
test_column_func_zoomed_out (void)
{
  g_autofree gchar *dir = g_build_filename (g_get_user_data_dir (), "estate", NULL);
  g_autoptr(GHashTable) calls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) some = NULL;
  GtkWindow *window;
  FerryGraphView *view;
  gint64 deadline;

  g_assert_true (ferry_demo_create_synthetic (dir, 300, &error));
  g_assert_no_error (error);
  workspace = ferry_workspace_load (dir, NULL, NULL, &error);
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 800, 600);
  view = FERRY_GRAPH_VIEW (ferry_graph_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *)&view);
  gtk_window_present (window);
  ferry_graph_view_set_workspace (view, workspace);
  ferry_graph_view_set_column_func (view, count_column, calls, NULL);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!ferry_graph_view_is_ready (view))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  iterate_for (500);
  g_assert_cmpfloat (ferry_graph_view_get_zoom (view), <, 0.22);
  g_assert_cmpuint (g_hash_table_size (calls), ==, 0);
  none = ferry_graph_view_list_visible_services (view);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* Zoomed in to full detail on a card: columns again. */
  ferry_graph_view_zoom (view, 1.0 / ferry_graph_view_get_zoom (view));
  ferry_graph_view_select (view, ferry_workspace_get_service_at (workspace, 0));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_hash_table_size (calls) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  some = ferry_graph_view_list_visible_services (view);
  g_assert_true (g_strv_contains ((const gchar * const *)some,
                                  ferry_service_get_name (ferry_workspace_get_service_at (workspace, 0))));

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (view);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree gchar *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("XDG_DATA_DIRS", data_dirs ? data_dirs : "/usr/local/share:/usr/share", TRUE);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/ferry/graph-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("cards", test_cards);
  ADD ("column-func", test_column_func);
  g_test_add_func ("/ferry/graph-view/column-func-zoomed-out", test_column_func_zoomed_out);
  ADD ("highlight", test_highlight);
  ADD ("filter", test_filter);
  ADD ("keyboard", test_keyboard);
  ADD ("activate", test_activate);
  ADD ("labels", test_labels);
  ADD ("zoom", test_zoom);

#undef ADD

  return g_test_run ();
}

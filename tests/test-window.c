/* test-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-activity-view.h"
#include "ferry-application.h"
#include "ferry-approvals-view.h"
#include "ferry-details-panel.h"
#include "ferry-environments-view.h"
#include "ferry-graph-view.h"
#include "ferry-plan-dialog.h"
#include "ferry-preferences-window.h"
#include "ferry-window.h"

static FerryApplication *app;

#define template_child(window, type, name) \
  ((gpointer) gtk_widget_get_template_child (GTK_WIDGET (window), type, name))

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Destroyed windows go once their background work (opening the state
 * store, reading history) has come back cancelled. */
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

/* Iterates the main loop until the window's main stack shows @page, or
 * fails after ten seconds. */
static void
wait_for_page (FerryWindow *window,
               const gchar *page)
{
  GtkStack *main_stack = template_child (window, FERRY_TYPE_WINDOW, "main_stack");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), page) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gchar *
write_workspace (const gchar *name,
                 const gchar *manifest)
{
  g_autofree gchar *dir = g_build_filename (g_get_home_dir (), name, NULL);
  g_autofree gchar *file = g_build_filename (dir, "ferry.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, manifest, -1, NULL));

  return g_steal_pointer (&dir);
}

static const gchar *shop_manifest =
  "{\"ferry\": 1, \"name\": \"Acme Shop\",\n"
  " \"environments\": [{\"name\": \"dev\", \"target\": \"local\"}],\n"
  " \"repos\": [{\"name\": \"shop\", \"builds\": [{\"name\": \"shop\", \"services\": [\n"
  "   {\"name\": \"cart-api\", \"produces\": [\"http:cart\"]},\n"
  "   {\"name\": \"web-ui\", \"consumes\": [\"http:cart\", \"http:stripe\"]}]}]}]}\n";

static void
test_welcome_page (void)
{
  FerryWindow *window = ferry_window_new (app);
  GtkStack *main_stack = template_child (window, FERRY_TYPE_WINDOW, "main_stack");
  GtkButton *open_button = template_child (window, FERRY_TYPE_WINDOW, "open_workspace_button");
  GtkButton *demo_button = template_child (window, FERRY_TYPE_WINDOW, "demo_button");
  GtkWidget *recent_group = template_child (window, FERRY_TYPE_WINDOW, "recent_group");

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "welcome");
  g_assert_null (ferry_window_get_workspace (window));
  /* No views to switch between until a workspace is open. */
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (template_child (window, FERRY_TYPE_WINDOW, "switcher_title")));

  /* The welcome page offers the two ways in, each backed by a live action. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_button)), ==, "app.open");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (demo_button)), ==, "app.demo");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "open"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "demo"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (open_button)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (demo_button)));

  /* No workspace was opened yet, so there is nothing recent to show. */
  g_assert_false (gtk_widget_get_visible (recent_group));

  /* The primary menu's entries all point at actions that exist. */
  for (const gchar * const *name = (const gchar * const[]) { "quit", "about", "preferences", "open", "open-recent", "forget-recent", NULL }; *name; name++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), *name));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
}

static void
test_open_and_recent (void)
{
  FerryWindow *window = ferry_window_new (app);
  GtkStack *main_stack = template_child (window, FERRY_TYPE_WINDOW, "main_stack");
  GtkWidget *recent_group = template_child (window, FERRY_TYPE_WINDOW, "recent_group");
  GtkWidget *recent_list = template_child (window, FERRY_TYPE_WINDOW, "recent_list");
  FerryEnvironmentsView *environments = template_child (window, FERRY_TYPE_WINDOW, "environments_view");
  GtkWidget *warnings_button = template_child (window, FERRY_TYPE_WINDOW, "warnings_button");
  GtkWidget *warnings_list = template_child (window, FERRY_TYPE_WINDOW, "warnings_list");
  GSettings *settings = ferry_application_get_settings (app);
  g_autofree gchar *dir = write_workspace ("acme-shop", shop_manifest);
  g_autoptr(GFile) workspace = g_file_new_for_path (dir);
  g_auto(GStrv) recent = NULL;
  GtkWidget *row;

  g_settings_reset (settings, "recent-workspaces");
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));

  ferry_window_open_workspace (window, workspace);
  /* Loading happens in a worker thread; the window says so meanwhile. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "loading");
  wait_for_page (window, "workspace");

  g_assert_true (g_file_equal (ferry_window_get_workspace (window), workspace));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Acme Shop");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (template_child (window, FERRY_TYPE_WINDOW, "switcher_title")));

  /* The services, in the environments' matrix too. */
  g_assert_cmpuint (ferry_environments_view_get_n_shown (environments), ==, 2);

  /* The external endpoint is a warning, one click away. */
  g_assert_true (gtk_widget_get_visible (warnings_button));
  g_assert_nonnull (gtk_widget_get_first_child (warnings_list));
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (warnings_list)));

  recent = g_settings_get_strv (settings, "recent-workspaces");
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, dir);

  /* Back on the welcome page, the workspace is listed and opens again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-welcome", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "welcome");
  g_assert_true (gtk_widget_get_visible (recent_group));
  row = gtk_widget_get_first_child (recent_list);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "acme-shop");
  /* The folder lives in the (isolated) home, so it is shown as ~/… */
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "~/"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "app.open-recent");
  g_assert_null (gtk_widget_get_next_sibling (row));

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-recent", g_variant_new_string (dir));
  wait_for_page (window, "workspace");

  /* Forgetting it empties the list and hides the group. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "forget-recent", g_variant_new_string (dir));
  spin ();
  g_assert_null (gtk_widget_get_first_child (recent_list));
  g_assert_false (gtk_widget_get_visible (recent_group));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
}

static void
test_problems_and_reload (void)
{
  FerryWindow *window = ferry_window_new (app);
  GtkWidget *problems_list = template_child (window, FERRY_TYPE_WINDOW, "problems_list");
  GtkLabel *problems_title = template_child (window, FERRY_TYPE_WINDOW, "problems_title");
  g_autofree gchar *dir = write_workspace ("broken", "{\"ferry\": 1, \"name\": \"Broken\",\n"
                                                     " \"environments\": [{\"name\": \"dev\", \"target\": \"lcoal\"}],\n"
                                                     " \"repos\": [], \"colour\": 1}\n");
  g_autofree gchar *manifest = g_build_filename (dir, "ferry.json", NULL);
  g_autoptr(GFile) workspace = g_file_new_for_path (dir);
  AdwActionRow *row;
  guint n_rows = 0;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, workspace);
  wait_for_page (window, "problems");

  for (GtkWidget *child = gtk_widget_get_first_child (problems_list); child; child = gtk_widget_get_next_sibling (child))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (problems_title), "has 2 problems to fix"));

  /* Each problem says where it is, clickable-terminal style. */
  row = ADW_ACTION_ROW (gtk_widget_get_first_child (problems_list));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (row), "ferry.json:2:45"));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "did you mean “local”?"));
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (template_child (window, FERRY_TYPE_WINDOW, "switcher_title")));

  /* Fixing the file is picked up without asking. */
  g_assert_true (g_file_set_contents (manifest, shop_manifest, -1, NULL));
  wait_for_page (window, "workspace");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Acme Shop");
  g_assert_cmpuint (ferry_workspace_get_n_services (ferry_window_get_model (window)), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
}

static void
test_cannot_open (void)
{
  FerryWindow *window = ferry_window_new (app);
  AdwStatusPage *error_page = template_child (window, FERRY_TYPE_WINDOW, "error_page");
  g_autofree gchar *dir = g_build_filename (g_get_home_dir (), "not-a-workspace", NULL);
  g_autoptr(GFile) workspace = g_file_new_for_path (dir);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, workspace);
  wait_for_page (window, "error");

  g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "has no ferry.json"));
  g_assert_null (ferry_window_get_model (window));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
}

static void
test_demo (void)
{
  GtkWindow *window;
  FerryWorkspace *model;

  /* Try the Demo creates the demo once, in the background, and opens it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (FERRY_IS_WINDOW (window));
  g_object_ref (window);
  wait_for_page (FERRY_WINDOW (window), "workspace");

  model = ferry_window_get_model (FERRY_WINDOW (window));
  g_assert_cmpstr (ferry_workspace_get_name (model), ==, "Demo Shop");
  g_assert_cmpuint (ferry_workspace_get_n_services (model), ==, 9);
  g_assert_cmpuint (ferry_workspace_get_n_layers (model), ==, 3);
  g_assert_cmpint (ferry_repo_get_state (ferry_workspace_get_repo (model, "catalog")), ==, FERRY_REPO_STATE_READY);
  g_assert_true (ferry_workspace_is_valid (model));

  gtk_window_destroy (window);
  wait_finalized (window);
}

static gboolean
graph_ready (FerryGraphView *view)
{
  return ferry_graph_view_is_ready (view);
}

static void
test_details (void)
{
  GtkWindow *window;
  FerryWorkspace *model;
  FerryGraphView *view;
  GtkRevealer *flap;
  FerryDetailsPanel *panel;
  gint64 deadline;

  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_object_ref (window);
  wait_for_page (FERRY_WINDOW (window), "workspace");

  model = ferry_window_get_model (FERRY_WINDOW (window));
  view = template_child (window, FERRY_TYPE_WINDOW, "graph_view");
  flap = template_child (window, FERRY_TYPE_WINDOW, "details_flap");
  panel = template_child (window, FERRY_TYPE_WINDOW, "details_panel");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!graph_ready (view))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }

  g_assert_false (gtk_revealer_get_reveal_child (flap));
  ferry_window_show_details (FERRY_WINDOW (window), ferry_workspace_get_service (model, "cart-api"));
  g_assert_true (gtk_revealer_get_reveal_child (flap));
  g_assert_true (ferry_details_panel_get_service (panel) == ferry_workspace_get_service (model, "cart-api"));
  g_assert_true (ferry_graph_view_get_selected (view) == ferry_workspace_get_service (model, "cart-api"));

  /* The repo's history is read in the background. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_details_panel_get_n_commits (panel) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (ferry_details_panel_get_n_commits (panel), ==, 8);

  /* Selecting another card while it is open follows it. */
  ferry_graph_view_select (view, ferry_workspace_get_service (model, "web-ui"));
  g_assert_true (ferry_details_panel_get_service (panel) == ferry_workspace_get_service (model, "web-ui"));

  gtk_widget_activate_action (GTK_WIDGET (panel), "details.close", NULL);
  g_assert_false (gtk_revealer_get_reveal_child (flap));

  gtk_window_destroy (window);
  wait_finalized (window);
}

static void
test_import (void)
{
  FerryWindow *window = ferry_window_new (app);
  g_autofree gchar *source_path = g_test_build_filename (G_TEST_DIST, "data", "import", "boutique", NULL);
  g_autofree gchar *output_dir = g_build_filename (g_get_home_dir (), "boutique", NULL);
  g_autofree gchar *output_path = g_build_filename (output_dir, "ferry.json", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) output = g_file_new_for_path (output_path);

  g_assert_cmpint (g_mkdir_with_parents (output_dir, 0700), ==, 0);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));

  ferry_window_import (window, source, output);
  wait_for_page (window, "workspace");

  g_assert_true (g_file_test (output_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (ferry_workspace_get_n_services (ferry_window_get_model (window)), ==, 15);
  g_assert_true (ferry_workspace_is_valid (ferry_window_get_model (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
}

static void
test_recent_is_bounded (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  g_auto(GStrv) recent = NULL;

  g_settings_reset (settings, "recent-workspaces");

  for (guint i = 0; i < 15; i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/srv/workspaces/ws%u", i);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      ferry_application_add_recent (app, file);
    }

  /* Opening one again moves it to the front rather than duplicating it. */
  {
    g_autoptr(GFile) again = g_file_new_for_path ("/srv/workspaces/ws10");
    ferry_application_add_recent (app, again);
  }

  recent = g_settings_get_strv (settings, "recent-workspaces");
  g_assert_cmpuint (g_strv_length (recent), ==, 10);
  g_assert_cmpstr (recent[0], ==, "/srv/workspaces/ws10");
  g_assert_cmpstr (recent[1], ==, "/srv/workspaces/ws14");
  g_assert_cmpstr (recent[9], ==, "/srv/workspaces/ws5");

  g_settings_reset (settings, "recent-workspaces");
}

static void
test_window_size_saved (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  FerryWindow *window;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = ferry_window_new (app);
  g_object_ref (window);

  {
    gint width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }

  gtk_window_present (GTK_WINDOW (window));
  spin ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_close (GTK_WINDOW (window));
  spin ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1024);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  wait_finalized (window);
}

static void
test_preferences (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  FerryPreferencesWindow *prefs = ferry_preferences_window_new (settings);
  AdwComboRow *style_row = template_child (prefs, FERRY_TYPE_PREFERENCES_WINDOW, "style_row");
  GtkSwitch *reopen_switch = template_child (prefs, FERRY_TYPE_PREFERENCES_WINDOW, "reopen_switch");
  GtkWidget *clear_button = template_child (prefs, FERRY_TYPE_PREFERENCES_WINDOW, "clear_recent_button");
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  g_object_ref (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  spin ();

  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 0);
  adw_combo_row_set_selected (style_row, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style-variant"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (style_row, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  gtk_switch_set_active (reopen_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "reopen-last-workspace"));
  gtk_switch_set_active (reopen_switch, FALSE);

  /* Nothing to clear, so the button says so by being insensitive and the
   * row's subtitle reads "None remembered". */
  g_settings_reset (settings, "recent-workspaces");
  g_assert_false (gtk_widget_get_sensitive (clear_button));
  {
    g_autoptr(GFile) file = g_file_new_for_path ("/srv/workspaces/shop");
    ferry_application_add_recent (app, file);
  }
  g_assert_true (gtk_widget_get_sensitive (clear_button));
  g_signal_emit_by_name (clear_button, "clicked");
  {
    g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-workspaces");
    g_assert_cmpuint (g_strv_length (recent), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (prefs));
  spin ();
  g_assert_finalize_object (prefs);
}

/* A notification server on the test's session bus: GNotification speaks
 * to it, and the tests read what it was told. */
static GPtrArray *notifications;

static const gchar notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
on_notifications_call (GDBusConnection       *connection,
                       const gchar           *sender,
                       const gchar           *object_path,
                       const gchar           *interface_name,
                       const gchar           *method_name,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const gchar *summary = NULL, *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strdup_printf ("%s: %s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const gchar *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "ferry", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  notifications = g_ptr_array_new_with_free_func (g_free);
  if (bus == NULL)
    return;

  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0x4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
}

static gboolean
was_notified (const gchar *needle)
{
  for (guint i = 0; i < notifications->len; i++)
    if (strstr (g_ptr_array_index (notifications, i), needle) != NULL)
      return TRUE;

  return FALSE;
}

/* The one message dialog on screen, once it is there. */
static AdwMessageDialog *
wait_for_dialog (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
            return ADW_MESSAGE_DIALOG (toplevel);
        }

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
respond (AdwMessageDialog *dialog,
         const gchar      *response)
{
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
}

static void
wait_for_status (FerryStore            *store,
                 const gchar           *service,
                 const gchar           *environment,
                 FerryDeploymentStatus  status)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(FerryDeployment) current = ferry_store_get_current_deployment (store, service, environment, NULL);

      if (current != NULL && current->status == status)
        return;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static gboolean
window_shows_healthy (FerryWindow *window,
                      const gchar *service,
                      const gchar *environment)
{
  FerryStateSnapshot *state = ferry_window_get_state (window);
  const FerryDeployed *deployed = state ? ferry_state_snapshot_lookup (state, service, environment) : NULL;

  return deployed != NULL && ferry_deployed_is_healthy (deployed);
}

/* A window on @file, once it can deploy: the state store is open and
 * the user known. */
static FerryWindow *
open_for_deploying (GFile            *file,
                    FerryOperations **operations)
{
  FerryWindow *window = ferry_window_new (app);
  gint64 deadline;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_workspace (window, file);
  wait_for_page (window, "workspace");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!(*operations = ferry_window_get_operations (window)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }

  return window;
}

/* From the window: Deploy asks for a version, then for trust (the commands
 * are someone else's), and runs it; a deploy to uat waits for an approval,
 * which shows in the Approvals view with a badge and is given from there. */
static void
test_deploy_from_window (void)
{
  g_autofree gchar *dir = g_build_filename (g_get_home_dir (), "deploy-demo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  FerryWindow *window;
  FerryOperations *operations;
  FerryEngine *engine;
  FerryStore *store;
  FerryApprovalsView *approvals;
  FerryActivityView *activity;
  AdwViewStackPage *approvals_page;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(FerryDeployment) dev = NULL;
  const gchar *prod_services[] = { "price-feed", NULL };
  GtkWindow *plan_dialog;
  GtkWidget *promote_button;
  gint64 deadline;

  g_setenv ("FERRY_USER", "dev@demo.test", TRUE);
  g_assert_true (ferry_demo_create (dir, g_getenv ("FERRY_DEMO_SERVICE"), &error));
  g_assert_no_error (error);

  window = open_for_deploying (file, &operations);
  engine = ferry_operations_get_engine (operations);
  store = ferry_engine_get_store (engine);
  g_assert_cmpstr (ferry_operations_get_user (operations), ==, "dev@demo.test");
  g_assert_false (ferry_engine_is_trusted (engine, NULL));

  /* Deploy: the version picker, then the trust dialog listing the commands. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.deploy", "(ss)", "price-feed", "dev");
  dialog = wait_for_dialog ();
  g_assert_true (GTK_IS_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)));
  respond (dialog, "deploy");

  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Trust This Workspace?");
  respond (dialog, "trust");

  wait_for_status (store, "price-feed", "dev", FERRY_DEPLOYMENT_STATUS_HEALTHY);
  g_assert_true (ferry_engine_is_trusted (engine, NULL));
  dev = ferry_store_get_current_deployment (store, "price-feed", "dev", NULL);
  g_assert_cmpstr (dev->by, ==, "dev@demo.test");
  g_assert_true (g_str_has_prefix (dev->url, "http://127.0.0.1:"));

  /* uat needs an approval; self-approval is allowed there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.deploy", "(ss)", "price-feed", "uat");
  respond (wait_for_dialog (), "deploy");
  wait_for_status (store, "price-feed", "uat", FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL);

  approvals = template_child (window, FERRY_TYPE_WINDOW, "approvals_view");
  approvals_page = template_child (window, FERRY_TYPE_WINDOW, "approvals_stack_page");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_approvals_view_get_n_for_you (approvals) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (approvals_page), ==, 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (approvals_page));

  /* Told on the desktop: the deployment that ended, the request for this user. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!was_notified ("Approval requested: price-feed → uat"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (was_notified ("Deployment finished: price-feed is healthy in dev"));

  requests = ferry_store_list_approval_requests (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.approve", "x",
                              ((FerryApprovalRequest *)g_ptr_array_index (requests, 0))->id);
  dialog = wait_for_dialog ();
  g_assert_true (GTK_IS_ENTRY (adw_message_dialog_get_extra_child (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "looks good");
  respond (dialog, "approve");

  /* The approval lets the deploy go ahead from this window. */
  wait_for_status (store, "price-feed", "uat", FERRY_DEPLOYMENT_STATUS_HEALTHY);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_approvals_view_get_n_for_you (approvals) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (approvals_page), ==, 0);

  /* The Activity view shows it all: trust, deploy, request, approve, deploy. */
  activity = template_child (window, FERRY_TYPE_WINDOW, "activity_view");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_activity_view_get_n_entries (activity) < 5)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }

  /* Promote to prod from the plan dialog: prod's four-eyes rule makes it
   * wait for someone else from the release team. The plan comes from the
   * state the window shows, once it has read the deploy to uat. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!window_shows_healthy (window, "price-feed", "uat"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.promote", "(ss^as)", "uat", "prod", prod_services);
  plan_dialog = NULL;
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (plan_dialog == NULL)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (FERRY_IS_PLAN_DIALOG (toplevel))
            plan_dialog = toplevel;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  promote_button = template_child (plan_dialog, FERRY_TYPE_PLAN_DIALOG, "promote_button");
  g_assert_true (gtk_widget_get_visible (promote_button));
  gtk_widget_activate (promote_button);
  wait_for_status (store, "price-feed", "prod", FERRY_DEPLOYMENT_STATUS_PENDING_APPROVAL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_approvals_view_get_n_pending (approvals) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  /* Not for the requester to decide: no badge. */
  g_assert_cmpuint (ferry_approvals_view_get_n_for_you (approvals), ==, 0);

  g_assert_true (ferry_engine_down (engine, &error));
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
  g_unsetenv ("FERRY_USER");
}

/* A freeze window asks for a reason before anything runs; the reason is
 * audited, and the deploy goes ahead. */
static void
test_deploy_during_freeze (void)
{
  g_autofree gchar *dir = g_build_filename (g_get_home_dir (), "frozen-demo", NULL);
  g_autofree gchar *manifest_path = g_build_filename (dir, "ferry.json", NULL);
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *frozen = NULL;
  g_autofree gchar *from = NULL;
  g_autofree gchar *until = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) after = g_date_time_add_hours (now, 1);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  FerryAuditFilter filter = { 0 };
  FerryOperations *operations;
  FerryEngine *engine;
  AdwMessageDialog *dialog;
  FerryWindow *window;
  gboolean audited = FALSE;

  g_setenv ("FERRY_USER", "dev@demo.test", TRUE);
  g_assert_true (ferry_demo_create (dir, g_getenv ("FERRY_DEMO_SERVICE"), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  from = g_date_time_format_iso8601 (before);
  until = g_date_time_format_iso8601 (after);
  frozen = g_strdup_printf ("{\"name\": \"dev\", \"target\": \"local\", \"freeze\": [{\"from\": \"%s\", "
                            "\"until\": \"%s\", \"reason\": \"Quarter close\"}]}", from, until);
  g_assert_nonnull (strstr (manifest, "{\"name\": \"dev\", \"target\": \"local\"}"));
  {
    g_autoptr(GString) edited = g_string_new (manifest);

    g_string_replace (edited, "{\"name\": \"dev\", \"target\": \"local\"}", frozen, 1);
    g_assert_true (g_file_set_contents (manifest_path, edited->str, -1, NULL));
  }

  window = open_for_deploying (file, &operations);
  engine = ferry_operations_get_engine (operations);
  g_assert_true (ferry_engine_trust (engine, &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.deploy", "(ss)", "price-feed", "dev");
  respond (wait_for_dialog (), "deploy");

  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Environment Is Frozen");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Quarter close"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "override"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Hotfix for the invoice bug");
  respond (dialog, "override");

  wait_for_status (ferry_engine_get_store (engine), "price-feed", "dev", FERRY_DEPLOYMENT_STATUS_HEALTHY);
  entries = ferry_store_query_audit (ferry_engine_get_store (engine), &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      FerryAuditEntry *entry = g_ptr_array_index (entries, i);

      audited |= g_strcmp0 (entry->action, "freeze-override") == 0 &&
                 g_strcmp0 (entry->detail, "Hotfix for the invoice bug") == 0;
    }
  g_assert_true (audited);

  g_assert_true (ferry_engine_down (engine, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_finalized (window);
  g_unsetenv ("FERRY_USER");
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

  serve_notifications ();

  app = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ferry/window/welcome-page", test_welcome_page);
  g_test_add_func ("/ferry/window/open-and-recent", test_open_and_recent);
  g_test_add_func ("/ferry/window/problems-and-reload", test_problems_and_reload);
  g_test_add_func ("/ferry/window/cannot-open", test_cannot_open);
  g_test_add_func ("/ferry/window/demo", test_demo);
  g_test_add_func ("/ferry/window/details", test_details);
  g_test_add_func ("/ferry/window/import", test_import);
  g_test_add_func ("/ferry/window/recent-is-bounded", test_recent_is_bounded);
  g_test_add_func ("/ferry/window/size-saved", test_window_size_saved);
  g_test_add_func ("/ferry/window/preferences", test_preferences);
  g_test_add_func ("/ferry/window/deploy", test_deploy_from_window);
  g_test_add_func ("/ferry/window/deploy-during-freeze", test_deploy_during_freeze);

  ret = g_test_run ();

  /* A registered application stays exported on the bus; every window
   * above was checked for leaks on its own. */
  g_object_unref (app);

  return ret;
}

/* ferry-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-core.h"

#include "ferry-activity-view.h"
#include "ferry-approvals-view.h"
#include "ferry-details-panel.h"
#include "ferry-environments-view.h"
#include "ferry-graph-view.h"
#include "ferry-operations.h"
#include "ferry-plan-dialog.h"

#include "ferry-sparkline.h"
#include "ferry-window.h"

static void ferry_window_reload (FerryWindow *self);

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  GtkWidget            *graph_page;
  FerryGraphView       *graph_view;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *differing_button;
  GtkLabel             *matches_label;
  GtkRevealer          *details_flap;
  FerryDetailsPanel    *details_panel;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkLabel             *problems_title;
  GtkListBox           *problems_list;
  GtkMenuButton        *warnings_button;
  GtkListBox           *warnings_list;
  FerryEnvironmentsView *environments_view;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  FerryActivityView    *activity_view;
  FerryApprovalsView   *approvals_view;
  AdwViewStackPage     *approvals_stack_page;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkButton            *open_workspace_button;
  GtkButton            *demo_button;

  /* Owned references */
  GSettings            *settings;
  GFile                *workspace;
  FerryWorkspace       *model;
  FerryStore           *store;
  FerryMetricsSampler  *sampler;
  FerryStateSnapshot   *state;
  FerryOperations      *operations;
  gchar                *no_identity;    /* why there are no operations, when nobody can be acted as */
  GFileMonitor         *monitor;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  GCancellable         *load_cancellable;
  GCancellable         *identity_cancellable;

  guint                 reload_source;
  guint                 supervise_source;
  guint                 offline : 1;

  guint                 visible_source;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryWindow *
ferry_window_new (FerryApplication *application)
{
  g_return_val_if_fail (!application || FERRY_IS_APPLICATION (application), NULL);

  return g_object_new (FERRY_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ferry_window_get_workspace:
 * @self: a #FerryWindow
 *
 * Returns: (transfer none) (nullable): the workspace shown, if any
 */
GFile *
ferry_window_get_workspace (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->workspace;
}

void
ferry_window_add_toast (FerryWindow *self,
                        const gchar *title)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Paths under the home folder read better as ~/… */
static gchar *
ferry_window_display_path (const gchar *path)
{
  const gchar *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);

  return g_strdup (path);
}

static GtkWidget *
create_recent_row (const gchar *path)
{
  g_autofree gchar *basename = g_path_get_basename (path);
  g_autofree gchar *escaped_name = g_markup_escape_text (basename, -1);
  g_autofree gchar *display_path = ferry_window_display_path (path);
  g_autofree gchar *escaped_path = g_markup_escape_text (display_path, -1);
  g_autofree gchar *remove_label = g_strdup_printf (_("Remove “%s” from Recent Workspaces"), basename);
  GtkWidget *row;
  GtkWidget *remove;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_path);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", path);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "app.forget-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", path);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
ferry_window_reload_recent (FerryWindow *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-workspaces");
  for (guint i = 0; recent[i] != NULL; i++)
    gtk_list_box_append (self->recent_list, create_recent_row (recent[i]));

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), recent[0] != NULL);
}

static gchar *
workspace_display_name (GFile *workspace)
{
  g_autofree gchar *basename = g_file_get_basename (workspace);

  /* A path to the file itself is named after its folder. */
  if (g_strcmp0 (basename, "ferry.json") == 0)
    {
      g_autoptr(GFile) parent = g_file_get_parent (workspace);

      if (parent != NULL)
        return g_file_get_basename (parent);
    }

  return g_steal_pointer (&basename);
}

static GtkWidget *
create_diagnostic_row (const FerryDiagnostic *diagnostic)
{
  g_autofree gchar *location = NULL;
  g_autofree gchar *message = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (diagnostic->line > 0)
    location = g_strdup_printf ("%s:%u:%u", diagnostic->file, diagnostic->line, diagnostic->column);
  else
    location = g_strdup (diagnostic->file);

  message = diagnostic->path && diagnostic->path[0]
            ? g_strdup_printf ("%s: %s", diagnostic->path, diagnostic->message)
            : g_strdup (diagnostic->message);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  if (diagnostic->severity == FERRY_SEVERITY_ERROR)
    {
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static void
ferry_window_apply_state (FerryWindow        *self,
                          FerryStateSnapshot *state)
{
  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  self->state = ferry_state_snapshot_ref (state);

  ferry_graph_view_set_state (self->graph_view, state);

  if (gtk_revealer_get_reveal_child (self->details_flap) && ferry_details_panel_get_service (self->details_panel))
    ferry_details_panel_set_service (self->details_panel, self->model,
                                     ferry_details_panel_get_service (self->details_panel), state);

  ferry_environments_view_set_state (self->environments_view, state);
}

/* Read-only, with a banner saying why and since when, while the state
 * cannot be read; %NULL @reason goes back to normal. */
static void
ferry_window_set_offline (FerryWindow *self,
                          GDateTime   *since,
                          const gchar *reason)
{
  g_autofree gchar *text = NULL;

  self->offline = reason != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.promote", !self->offline);
  ferry_environments_view_set_read_only (self->environments_view, self->offline);
  gtk_revealer_set_reveal_child (self->offline_revealer, self->offline);

  if (reason == NULL)
    return;

  if (since != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (since);
      g_autofree gchar *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

      text = g_strdup_printf (_("Read-only: showing the state as it was on %s. It cannot be read now: %s"),
                              when, reason);
    }
  else
    text = g_strdup_printf (_("Read-only: the state cannot be read, and none was kept from before: %s"), reason);

  gtk_label_set_label (self->offline_label, text);
}

typedef struct
{
  FerryWindow *window;
  gchar       *reason;
} OfflineData;

static void
offline_data_free (OfflineData *data)
{
  g_object_unref (data->window);
  g_free (data->reason);
  g_free (data);
}

static void
on_snapshot_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OfflineData *data = user_data;
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(GDateTime) taken_at = NULL;
  g_autoptr(GError) error = NULL;

  state = ferry_state_snapshot_load_finish (result, &taken_at, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (state != NULL)
        ferry_window_apply_state (data->window, state);
      ferry_window_set_offline (data->window, taken_at, data->reason);
    }

  offline_data_free (data);
}

/* The state cannot be read: show the last one kept, read-only. */
static void
ferry_window_go_offline (FerryWindow  *self,
                         const GError *error)
{
  g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_source (self->model));
  g_autofree gchar *path = ferry_state_snapshot_path_for_workspace (id);
  OfflineData *data;

  /* Nothing can be deployed from a state that cannot be read. */
  g_clear_object (&self->operations);
  g_clear_handle_id (&self->supervise_source, g_source_remove);

  if (path == NULL)
    {
      ferry_window_set_offline (self, NULL, error->message);
      return;
    }

  data = g_new0 (OfflineData, 1);
  data->window = g_object_ref (self);
  data->reason = g_strdup (error->message);
  ferry_state_snapshot_load_async (path, self->load_cancellable, on_snapshot_loaded, data);
}

static void
on_snapshot_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_state_snapshot_save_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Cannot keep the last state for offline use: %s", error->message);
}

/* Keeps what was just read, for when it cannot be read. */
static void
ferry_window_save_snapshot (FerryWindow        *self,
                            FerryStateSnapshot *state)
{
  g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_source (self->model));
  g_autofree gchar *path = ferry_state_snapshot_path_for_workspace (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (path != NULL)
    ferry_state_snapshot_save_async (state, path, now, self->load_cancellable, on_snapshot_saved, NULL);
}

/* On a worker thread: what runs where, with the local target's restarts. */
static gpointer
read_state (FerryStore    *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) deployments = NULL;
  g_autoptr(GPtrArray) processes = NULL;
  FerryStateSnapshot *state;

  if (!(deployments = ferry_store_list_current_deployments (store, error)) ||
      !(processes = ferry_store_list_local_processes (store, error)))
    return NULL;

  state = ferry_state_snapshot_new_from_deployments (deployments);
  ferry_state_snapshot_add_local_processes (state, processes);

  return state;
}

static void
on_state_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryStateSnapshot) state = NULL;

  if (!(state = ferry_store_run_finish (FERRY_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_go_offline (self, error);
      return;
    }

  ferry_window_apply_state (self, state);
  ferry_window_set_offline (self, NULL, NULL);
  ferry_window_save_snapshot (self, state);
}

static void
ferry_window_refresh_state (FerryWindow *self)
{
  if (self->store != NULL)
    ferry_store_run_async (self->store, read_state, NULL, NULL, (GDestroyNotify)ferry_state_snapshot_unref,
                           self->load_cancellable, on_state_read, g_object_ref (self));
}

static void
on_operations_message (FerryWindow *self,
                       const gchar *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_approvals_count (FerryWindow *self)
{
  guint n = ferry_approvals_view_get_n_for_you (self->approvals_view);

  adw_view_stack_page_set_badge_number (self->approvals_stack_page, n);
  adw_view_stack_page_set_needs_attention (self->approvals_stack_page, n > 0);
}

static gboolean
supervise_cb (gpointer data)
{
  FerryWindow *self = data;

  if (self->operations != NULL)
    ferry_operations_supervise (self->operations);

  return G_SOURCE_CONTINUE;
}

static void
on_identity_found (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *user = ferry_identity_get_user_finish (result, &error);

  /* Another workspace or store came meanwhile, or the window went. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->model == NULL || self->store == NULL)
    return;

  if (user == NULL)
    {
      ferry_approvals_view_set_context (self->approvals_view, NULL, NULL, NULL);
      self->no_identity = g_strdup (error->message);
      return;
    }

  self->operations = ferry_operations_new (GTK_WINDOW (self), self->model, self->store, user);
  g_signal_connect_object (self->operations, "message", G_CALLBACK (on_operations_message), self, G_CONNECT_SWAPPED);
  ferry_approvals_view_set_context (self->approvals_view, self->model, self->store, user);

  /* Crashed local services come back, with backoff. */
  ferry_operations_supervise (self->operations);
  self->supervise_source = g_timeout_add_seconds (10, supervise_cb, self);
}

/* Who acts, and the engine acting for them: once the store is open and
 * git's configuration was read, off the main thread. */
static void
ferry_window_setup_operations (FerryWindow *self)
{
  g_clear_object (&self->operations);
  g_clear_pointer (&self->no_identity, g_free);
  g_clear_handle_id (&self->supervise_source, g_source_remove);
  if (self->identity_cancellable != NULL)
    g_cancellable_cancel (self->identity_cancellable);
  g_clear_object (&self->identity_cancellable);

  ferry_activity_view_set_store (self->activity_view, self->store);

  if (self->model == NULL || self->store == NULL)
    return;

  self->identity_cancellable = g_cancellable_new ();
  ferry_identity_get_user_async (ferry_workspace_get_directory (self->model), self->identity_cancellable,
                                 on_identity_found, g_object_ref (self));
}

/* Deploying needs someone to act as: say how to be someone. */
static gboolean
ferry_window_check_operations (FerryWindow *self)
{
  if (self->operations != NULL)
    return TRUE;

  if (self->offline)
    ferry_window_add_toast (self, _("The workspace's state cannot be read: this window shows what it last saw, read-only"));
  else if (self->no_identity != NULL)
    ferry_window_add_toast (self, self->no_identity);
  else
    ferry_window_add_toast (self, _("The workspace's state is still opening"));

  return FALSE;
}

/* Deploy and Roll Back take (service, environment). */
static void
service_action (GtkWidget   *widget,
                const gchar *action_name,
                GVariant    *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const gchar *service, *environment;

  if (!ferry_window_check_operations (self))
    return;

  g_variant_get (parameter, "(&s&s)", &service, &environment);

  if (g_str_equal (action_name, "win.deploy"))
    ferry_operations_deploy (self->operations, service, environment);
  else if (g_str_equal (action_name, "win.rollback"))
    ferry_operations_rollback (self->operations, service, environment);
}

static void
decide_action (GtkWidget   *widget,
               const gchar *action_name,
               GVariant    *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (!ferry_window_check_operations (self))
    return;

  ferry_operations_decide (self->operations, g_variant_get_int64 (parameter),
                           g_str_equal (action_name, "win.approve") ? FERRY_VERDICT_APPROVE : FERRY_VERDICT_REJECT);
}

/* Live metrics: the sampler samples what the graph shows and what the
 * details show, eagerly while the window is active, slowly while it is
 * in the background, not at all while it is hidden. */

static void
ferry_window_update_metrics_activity (FerryWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  gboolean minimized = FALSE;
  FerryMetricsActivity activity;

  if (self->sampler == NULL)
    return;

  if (surface != NULL && GDK_IS_TOPLEVEL (surface))
    minimized = (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || !gtk_widget_get_mapped (GTK_WIDGET (self)) || minimized)
    activity = FERRY_METRICS_ACTIVITY_PAUSED;
  else if (gtk_window_is_active (GTK_WINDOW (self)))
    activity = FERRY_METRICS_ACTIVITY_FOREGROUND;
  else
    activity = FERRY_METRICS_ACTIVITY_BACKGROUND;

  ferry_metrics_sampler_set_activity (self->sampler, activity);
}

static void
ferry_window_update_metrics_selected (FerryWindow *self)
{
  FerryService *service = ferry_details_panel_get_service (self->details_panel);

  if (self->sampler == NULL)
    return;

  ferry_metrics_sampler_set_selected (self->sampler,
                                      gtk_revealer_get_reveal_child (self->details_flap) && service != NULL
                                        ? ferry_service_get_name (service) : NULL);
}

static gboolean
update_metrics_visible_cb (gpointer data)
{
  FerryWindow *self = data;
  g_auto(GStrv) services = NULL;

  self->visible_source = 0;
  if (self->sampler == NULL)
    return G_SOURCE_REMOVE;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "graph") == 0)
    services = ferry_graph_view_list_visible_services (self->graph_view);
  ferry_metrics_sampler_set_visible (self->sampler, (const gchar * const *)services);

  return G_SOURCE_REMOVE;
}

/* The view moves every frame while panning: tell the sampler once it
 * settled. */
static void
ferry_window_queue_metrics_visible (FerryWindow *self)
{
  /* Nothing to tell without a sampler, as while the window goes. */
  if (self->sampler != NULL && self->visible_source == 0)
    self->visible_source = g_timeout_add (250, update_metrics_visible_cb, self);
}

static void
on_metrics_updated (FerryWindow         *self,
                    const gchar * const *services)
{
  ferry_graph_view_refresh_services (self->graph_view, services);
}

static void
ferry_window_stop_metrics (FerryWindow *self)
{
  if (self->sampler != NULL)
    g_signal_handlers_disconnect_by_data (self->sampler, self);
  g_clear_object (&self->sampler);
}

static void
ferry_window_start_metrics (FerryWindow *self)
{
  ferry_window_stop_metrics (self);

  self->sampler = ferry_metrics_sampler_new (self->store);

  /* Environments whose metrics come from Prometheus rather than from the
   * local target's processes. */
  for (guint i = 0; self->model && i < ferry_workspace_get_n_environments (self->model); i++)
    {
      FerryEnvironment *env = ferry_workspace_get_environment_at (self->model, i);
      g_autoptr(FerryPrometheusSource) source = NULL;
      g_autoptr(GError) error = NULL;

      if (ferry_environment_get_metrics (env) == NULL)
        continue;

      if ((source = ferry_prometheus_source_new_from_json (ferry_environment_get_metrics (env), &error)))
        ferry_metrics_sampler_set_source (self->sampler, ferry_environment_get_name (env), FERRY_METRIC_SOURCE (source));
      else
        g_warning ("Cannot use the metric source of %s: %s", ferry_environment_get_name (env), error->message);
    }
  g_signal_connect_object (self->sampler, "updated", G_CALLBACK (on_metrics_updated), self,
                           G_CONNECT_SWAPPED);
  ferry_graph_view_set_column_func (self->graph_view, ferry_sparkline_draw_column,
                                    g_object_ref (self->sampler), g_object_unref);
  ferry_metrics_view_set_sampler (ferry_details_panel_get_metrics_view (self->details_panel), self->sampler);

  update_metrics_visible_cb (self);
  ferry_window_update_metrics_selected (self);
  ferry_window_update_metrics_activity (self);
}

static void
on_realized (FerryWindow *self)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  g_signal_connect_object (surface, "notify::state",
                           G_CALLBACK (ferry_window_update_metrics_activity), self,
                           G_CONNECT_SWAPPED);
}

static void
on_store_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  FerryStore *store;

  if (!(store = ferry_store_open_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_go_offline (self, error);
      return;
    }

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_window_refresh_state, self);
  g_clear_object (&self->store);
  self->store = store;

  /* Changes made by ferryctl or another window show up here. */
  g_signal_connect_object (store, "changed", G_CALLBACK (ferry_window_refresh_state), self,
                           G_CONNECT_SWAPPED);
  ferry_window_refresh_state (self);
  ferry_window_setup_operations (self);

  ferry_window_start_metrics (self);
}

/* What runs where comes from the workspace's state store. A workspace
 * never deployed from has none yet: everything shows as not deployed. */
static void
ferry_window_load_state (FerryWindow *self)
{
  g_autofree gchar *id = ferry_store_workspace_id (ferry_workspace_get_source (self->model));
  g_autoptr(FerryStateSnapshot) empty = ferry_state_snapshot_new ();

  ferry_window_apply_state (self, empty);
  ferry_window_set_offline (self, NULL, NULL);

  if (self->store != NULL)
    {
      ferry_window_refresh_state (self);
      return;
    }

  /* Opened (made, the first time) so that it can be deployed from. */
  ferry_store_open_async (id, self->load_cancellable, on_store_opened, g_object_ref (self));
}

static void
ferry_window_show_model (FerryWindow *self)
{
  FerryDiagnostics *diagnostics = ferry_workspace_get_diagnostics (self->model);
  guint n_errors = ferry_diagnostics_count_errors (diagnostics);
  guint n_warnings = 0;
  const gchar *name = ferry_workspace_get_name (self->model);

  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_view_switcher_title_set_title (self->switcher_title, name);

  clear_list (self->problems_list);
  clear_list (self->warnings_list);

  for (guint i = 0; i < ferry_diagnostics_get_count (diagnostics); i++)
    {
      const FerryDiagnostic *diagnostic = ferry_diagnostics_get (diagnostics, i);

      if (diagnostic->severity == FERRY_SEVERITY_WARNING)
        {
          gtk_list_box_append (self->warnings_list, create_diagnostic_row (diagnostic));
          n_warnings++;
        }
      gtk_list_box_append (self->problems_list, create_diagnostic_row (diagnostic));
    }

  if (n_warnings > 0)
    {
      g_autofree gchar *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Warning", "%u Warnings", n_warnings), n_warnings);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->warnings_button), tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->warnings_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_button), n_errors == 0 && n_warnings > 0);

  ferry_environments_view_set_workspace (self->environments_view, self->model);

  if (n_errors == 0)
    {
      /* A new model: the old one's services are gone. */
      gtk_revealer_set_reveal_child (self->details_flap, FALSE);
      ferry_details_panel_set_service (self->details_panel, NULL, NULL, NULL);
      ferry_graph_view_set_workspace (self->graph_view, self->model);
      ferry_window_load_state (self);
    }

  if (n_errors > 0)
    {
      g_autofree gchar *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%s has %u problem to fix",
                                                              "%s has %u problems to fix",
                                                              n_errors),
                                                 ferry_workspace_get_manifest (self->model), n_errors);

      gtk_label_set_label (self->problems_title, title);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "problems");
    }
  else
    {
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "workspace");
    }
}

static void
on_workspace_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(FerryWorkspace) model = NULL;
  g_autoptr(GError) error = NULL;

  gtk_spinner_stop (self->loading_spinner);

  if (!(model = ferry_workspace_load_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->model);
      adw_status_page_set_title (self->error_page, _("Cannot Open Workspace"));
      adw_status_page_set_description (self->error_page, error->message);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  g_set_object (&self->model, model);
  ferry_window_show_model (self);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->reload_source = 0;
  ferry_window_reload (self);

  return G_SOURCE_REMOVE;
}

static void
on_manifest_changed (FerryWindow       *self,
                     GFile             *file,
                     GFile             *other_file,
                     GFileMonitorEvent  event,
                     GFileMonitor      *monitor)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      /* Editors write in several steps: wait for the last one. */
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add (300, reload_timeout_cb, self);
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

static void
ferry_window_watch (FerryWindow *self)
{
  g_autoptr(GFile) manifest = NULL;
  g_autofree gchar *path = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, on_manifest_changed, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  if (!(path = g_file_get_path (self->workspace)))
    return;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    manifest = g_file_get_child (self->workspace, "ferry.json");
  else
    manifest = g_object_ref (self->workspace);

  self->monitor = g_file_monitor_file (manifest, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed",
                             G_CALLBACK (on_manifest_changed), self,
                             G_CONNECT_SWAPPED);
}

/* Loads the workspace again in a worker thread; the current view stays
 * up meanwhile, so that a reload after an edit does not flicker. */
static void
ferry_window_reload (FerryWindow *self)
{
  g_autofree gchar *location = NULL;

  if (self->workspace == NULL)
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (!(location = g_file_get_path (self->workspace)))
    location = g_file_get_uri (self->workspace);

  if (self->model == NULL)
    {
      adw_status_page_set_title (self->loading_page, _("Opening Workspace…"));
      gtk_spinner_start (self->loading_spinner);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
    }

  ferry_workspace_load_async (location, NULL, self->load_cancellable,
                              on_workspace_loaded, g_object_ref (self));
}

/**
 * ferry_window_get_model:
 * @self: a #FerryWindow
 *
 * Returns: (transfer none) (nullable): the workspace loaded, once it is
 */
FerryWorkspace *
ferry_window_get_model (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->model;
}

/**
 * ferry_window_get_state:
 * @self: a #FerryWindow
 *
 * Returns: (transfer none) (nullable): what runs where, as the window
 *   last read it
 */
FerryStateSnapshot *
ferry_window_get_state (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->state;
}

/**
 * ferry_window_get_operations:
 * @self: a #FerryWindow
 *
 * Returns: (transfer none) (nullable): what deploys from this window, once
 *   the workspace's state is open and the user is known
 */
FerryOperations *
ferry_window_get_operations (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->operations;
}

/**
 * ferry_window_open_workspace:
 * @self: a #FerryWindow
 * @workspace: a folder holding `ferry.json`, the file itself or a git URL
 *
 * Loads @workspace in the background, shows it in @self and remembers it
 * among the recent workspaces.
 */
void
ferry_window_open_workspace (FerryWindow *self,
                             GFile       *workspace)
{
  g_autofree gchar *name = NULL;
  g_autofree gchar *location = NULL;
  GtkApplication *app;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (workspace));

  if (self->workspace != NULL && g_file_equal (self->workspace, workspace) && self->model != NULL)
    {
      ferry_window_show_model (self);
      return;
    }

  g_set_object (&self->workspace, workspace);
  g_clear_object (&self->model);

  name = workspace_display_name (workspace);
  if (!(location = g_file_get_path (workspace)))
    location = g_file_get_uri (workspace);

  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, location);

  ferry_window_watch (self);
  ferry_window_reload (self);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (FERRY_IS_APPLICATION (app))
    ferry_application_add_recent (FERRY_APPLICATION (app), workspace);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static void
on_demo_created (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *demo_dir = g_build_filename (g_get_user_data_dir (), "ferry", "demo", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (demo_dir);

  gtk_spinner_stop (self->loading_spinner);

  if (!ferry_demo_create_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      adw_status_page_set_title (self->error_page, _("Cannot Create the Demo"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  ferry_window_open_workspace (self, file);
}

/**
 * ferry_window_open_demo:
 * @self: a #FerryWindow
 *
 * Opens the demo workspace kept in `$XDG_DATA_HOME/ferry/demo`, creating
 * it first (in the background) when it is not there yet.
 */
void
ferry_window_open_demo (FerryWindow *self)
{
  g_autofree gchar *demo_dir = NULL;
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *service_command = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));

  demo_dir = g_build_filename (g_get_user_data_dir (), "ferry", "demo", NULL);
  manifest = g_build_filename (demo_dir, "ferry.json", NULL);

  if (g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (demo_dir);

      ferry_window_open_workspace (self, file);
      return;
    }

  /* A half-made demo from an interrupted attempt is started again. */
  if (g_file_test (demo_dir, G_FILE_TEST_EXISTS))
    {
      g_autofree gchar *aside = g_strdup_printf ("%s.incomplete-%" G_GINT64_FORMAT, demo_dir, g_get_real_time ());
      g_rename (demo_dir, aside);
    }

  adw_status_page_set_title (self->loading_page, _("Creating the Demo…"));
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  service_command = ferry_demo_find_service_command ();
  ferry_demo_create_async (demo_dir, service_command, self->cancellable,
                           on_demo_created, g_object_ref (self));
}

typedef struct
{
  FerryWindow *window;
  FerryImport *import;
  GFile       *output;
  gchar       *text;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->import);
  g_clear_object (&data->output);
  g_free (data->text);
  g_free (data);
}

static void
on_import_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ImportData *data = user_data;
  FerryWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  const gchar * const *report;
  guint n_services;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree gchar *message = g_strdup_printf (_("Cannot write the workspace: %s"), error->message);
          ferry_window_add_toast (self, message);
        }
      import_data_free (data);
      return;
    }

  folder = g_file_get_parent (data->output);
  ferry_window_open_workspace (self, folder);

  /* What could not be resolved is said, never dropped in silence. */
  report = ferry_import_get_report (data->import);
  n_services = ferry_import_get_n_services (data->import);
  if (report != NULL && report[0] != NULL)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree gchar *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u Service", "Imported %u Services", n_services), n_services);
      guint n = g_strv_length ((gchar **)report);
      GtkWidget *dialog;

      for (guint i = 0; i < n && i < 15; i++)
        g_string_append_printf (body, "%s\n", report[i]);
      if (n > 15)
        g_string_append_printf (body, _("…and %u more; ferryctl import prints them all."), n - 15);

      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree gchar *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u service", "Imported %u services", n_services), n_services);
      ferry_window_add_toast (self, title);
    }

  import_data_free (data);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (!(node = ferry_import_run_finish (data->import, result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_title (data->window->error_page, _("Cannot Import"));
          adw_status_page_set_description (data->window->error_page, error->message);
          gtk_spinner_stop (data->window->loading_spinner);
          gtk_stack_set_visible_child_name (data->window->main_stack, "error");
        }
      import_data_free (data);
      return;
    }

  data->text = ferry_json_to_string (node);
  g_file_replace_contents_async (data->output, data->text, strlen (data->text), NULL, FALSE,
                                 G_FILE_CREATE_REPLACE_DESTINATION, data->window->cancellable,
                                 on_import_written, data);
}

/**
 * ferry_window_import:
 * @self: a #FerryWindow
 * @source: a compose file, a folder of them, or of Kubernetes manifests
 * @output: where to write the new workspace's `ferry.json`
 *
 * Makes a workspace of what a team already has, in the background, then
 * opens it and says what could not be resolved.
 */
void
ferry_window_import (FerryWindow *self,
                     GFile       *source,
                     GFile       *output)
{
  g_autoptr(GFile) folder = NULL;
  ImportData *data;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (G_IS_FILE (output));

  data = g_new0 (ImportData, 1);
  data->window = g_object_ref (self);
  data->import = ferry_import_new ();
  data->output = g_object_ref (output);

  folder = g_file_get_parent (output);
  ferry_import_add_file (data->import, source);
  if (folder != NULL)
    ferry_import_set_workspace_dir (data->import, folder);

  adw_status_page_set_title (self->loading_page, _("Importing…"));
  gtk_spinner_start (self->loading_spinner);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  ferry_import_run_async (data->import, self->cancellable, on_import_done, data);
}

static void
on_import_output_chosen (FerryWindow          *self,
                         gint                  response,
                         GtkFileChooserNative *chooser)
{
  GFile *source = g_object_get_data (G_OBJECT (chooser), "source");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) output = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (output != NULL)
        ferry_window_import (self, source, output);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
on_import_source_chosen (FerryWindow          *self,
                         gint                  response,
                         GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) source = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (source = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      GtkFileChooserNative *save;

      save = gtk_file_chooser_native_new (_("Save the New Workspace"),
                                          GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SAVE,
                                          _("_Save"),
                                          _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (save), TRUE);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (save), source, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (save), "ferry.json");
      g_object_set_data_full (G_OBJECT (save), "source", g_steal_pointer (&source), g_object_unref);
      g_signal_connect_object (save, "response", G_CALLBACK (on_import_output_chosen), self, G_CONNECT_SWAPPED);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (save));
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Folder with the Compose Files or Manifests"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_source_chosen), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_chooser_response (FerryWindow          *self,
                     gint                  response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_window_open_workspace (self, file);
    }

  g_clear_object (&self->chooser);
}

/**
 * ferry_window_choose_workspace:
 * @self: a #FerryWindow
 *
 * Asks for a workspace folder with the platform's file chooser.
 */
void
ferry_window_choose_workspace (FerryWindow *self)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open Workspace"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
new_window_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  FerryWindow *window;

  if (!FERRY_IS_APPLICATION (app))
    return;

  window = ferry_window_new (FERRY_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ferry_window_reload (FERRY_WINDOW (widget));
}

static void
update_filter (FerryWindow *self)
{
  const gchar *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean differing = gtk_toggle_button_get_active (self->differing_button);
  g_autofree gchar *label = NULL;

  ferry_graph_view_set_filter (self->graph_view, text, differing);

  if ((text && text[0]) || differing)
    label = g_strdup_printf (_("%u of %u"), ferry_graph_view_get_n_matches (self->graph_view),
                             self->model ? ferry_workspace_get_n_services (self->model) : 0);
  gtk_label_set_label (self->matches_label, label ? label : "");
}

static void
on_search_mode_changed (FerryWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_toggle_button_set_active (self->differing_button, FALSE);
      update_filter (self);
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "environments") == 0)
    {
      ferry_environments_view_focus_search (self->environments_view);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "graph");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ferry_window_show_details:
 * @self: a #FerryWindow
 * @service: a service of the workspace shown
 *
 * Selects @service in the graph and opens its details beside it.
 */
void
ferry_window_show_details (FerryWindow  *self,
                           FerryService *service)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (FERRY_IS_SERVICE (service));

  if (ferry_graph_view_get_selected (self->graph_view) != service)
    ferry_graph_view_select (self->graph_view, service);

  ferry_details_panel_set_service (self->details_panel, self->model, service, self->state);
  gtk_revealer_set_reveal_child (self->details_flap, TRUE);
  ferry_window_update_metrics_selected (self);
}

static void
on_service_activated (FerryWindow    *self,
                      FerryService   *service,
                      FerryGraphView *view)
{
  ferry_window_show_details (self, service);
}

static void
on_graph_selection_changed (FerryWindow *self)
{
  FerryService *service = ferry_graph_view_get_selected (self->graph_view);

  /* An open panel follows the selection. */
  if (gtk_revealer_get_reveal_child (self->details_flap) && service != NULL &&
      service != ferry_details_panel_get_service (self->details_panel))
    ferry_details_panel_set_service (self->details_panel, self->model, service, self->state);
  ferry_window_update_metrics_selected (self);
}

static void
on_details_jump (FerryWindow       *self,
                 FerryService      *service,
                 FerryDetailsPanel *panel)
{
  ferry_window_show_details (self, service);
}

static void
on_details_close (FerryWindow       *self,
                  FerryDetailsPanel *panel)
{
  gtk_revealer_set_reveal_child (self->details_flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->graph_view));
  ferry_window_update_metrics_selected (self);
}

/* Plans a promotion, shown before anything runs: "(ssas)" is the
 * environment promoted from, the one promoted to, and the services. */
static void
promote_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autofree const gchar **services = NULL;
  const gchar *from, *to;
  FerryPlanDialog *dialog;

  if (self->model == NULL || self->state == NULL)
    return;

  g_variant_get (parameter, "(&s&s^a&s)", &from, &to, &services);
  dialog = ferry_plan_dialog_new (GTK_WINDOW (self), self->model, self->state, from, to,
                                  services && services[0] ? services : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The plan dialog's Promote: carry the plan out. */
static void
run_promotion_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autofree const gchar **services = NULL;
  const gchar *from, *to;

  if (self->offline || !ferry_window_check_operations (self))
    return;

  g_variant_get (parameter, "(&s&s^a&s)", &from, &to, &services);
  ferry_operations_promote (self->operations, from, to, services && services[0] ? services : NULL);
}

/**
 * ferry_window_is_read_only:
 * @self: a #FerryWindow
 *
 * Returns: whether the window shows a kept state, read-only, because the
 *   workspace's state cannot be read
 */
gboolean
ferry_window_is_read_only (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), FALSE);

  return self->offline;
}

static void
show_welcome_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
}

static void
ferry_window_save_size (FerryWindow *self)
{
  gint width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  width = CLAMP (width, 360, G_MAXINT16);
  height = CLAMP (height, 294, G_MAXINT16);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
on_history_written (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_metrics_sampler_sample_finish (FERRY_METRICS_SAMPLER (object), result, &error))
    g_debug ("The last metrics were not written: %s", error->message);
  if (app != NULL)
    g_application_release (app);
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  ferry_window_save_size (self);

  /* The minute still filling goes to the history too; the application
   * waits for it. */
  if (self->sampler != NULL)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (window));

      if (app != NULL)
        g_application_hold (app);
      ferry_metrics_sampler_sample_async (self->sampler, TRUE, NULL, on_history_written,
                                          app != NULL ? g_object_ref (app) : NULL);
    }

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property, so it is set after
 * constructed(): the settings are taken from the application once it is. */
static void
ferry_window_notify_application (FerryWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings != NULL || !FERRY_IS_APPLICATION (app))
    return;

  self->settings = g_object_ref (ferry_application_get_settings (FERRY_APPLICATION (app)));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::recent-workspaces",
                           G_CALLBACK (ferry_window_reload_recent), self,
                           G_CONNECT_SWAPPED);

  ferry_window_reload_recent (self);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->identity_cancellable != NULL)
    g_cancellable_cancel (self->identity_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->supervise_source, g_source_remove);
  g_clear_object (&self->operations);
  g_clear_pointer (&self->no_identity, g_free);
  ferry_window_stop_metrics (self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, on_manifest_changed, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->workspace);
  g_clear_object (&self->model);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_window_refresh_state, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->identity_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);

  /* Last: the graph view says what it shows while it goes, too. */
  g_clear_handle_id (&self->visible_source, g_source_remove);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  object_class->get_property = ferry_window_get_property;

  window_class->close_request = ferry_window_close_request;

  /**
   * FerryWindow:workspace:
   *
   * The workspace shown, or %NULL while the welcome page is up.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FERRY_TYPE_GRAPH_VIEW);
  g_type_ensure (FERRY_TYPE_DETAILS_PANEL);
  g_type_ensure (FERRY_TYPE_ACTIVITY_VIEW);
  g_type_ensure (FERRY_TYPE_APPROVALS_VIEW);
  g_type_ensure (FERRY_TYPE_ENVIRONMENTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, graph_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, graph_view);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, details_flap);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, differing_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, matches_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, problems_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, warnings_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, environments_view);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, activity_view);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, approvals_view);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, approvals_stack_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, open_workspace_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, demo_button);

  gtk_widget_class_install_action (widget_class, "win.new-window", NULL, new_window_action);
  gtk_widget_class_install_action (widget_class, "win.show-welcome", NULL, show_welcome_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.deploy", "(ss)", service_action);
  gtk_widget_class_install_action (widget_class, "win.rollback", "(ss)", service_action);
  gtk_widget_class_install_action (widget_class, "win.promote", "(ssas)", promote_action);
  gtk_widget_class_install_action (widget_class, "win.run-promotion", "(ssas)", run_promotion_action);
  gtk_widget_class_install_action (widget_class, "win.approve", "x", decide_action);
  gtk_widget_class_install_action (widget_class, "win.reject", "x", decide_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-window", NULL);
}

static void
ferry_window_init (FerryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (update_filter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->differing_button, "toggled", G_CALLBACK (update_filter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->graph_view, "service-activated", G_CALLBACK (on_service_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->graph_view, "notify::selected", G_CALLBACK (on_graph_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_panel, "service-selected", G_CALLBACK (on_details_jump), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_panel, "close-requested", G_CALLBACK (on_details_close), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->approvals_view, "notify::n-for-you", G_CALLBACK (on_approvals_count), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::application",
                    G_CALLBACK (ferry_window_notify_application), NULL);

  g_signal_connect_object (self->graph_view, "visible-changed",
                           G_CALLBACK (ferry_window_queue_metrics_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (ferry_window_queue_metrics_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (ferry_window_update_metrics_activity), NULL);
  g_signal_connect (self, "notify::visible", G_CALLBACK (ferry_window_update_metrics_activity), NULL);
  g_signal_connect (self, "map", G_CALLBACK (ferry_window_update_metrics_activity), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (ferry_window_update_metrics_activity), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (on_realized), NULL);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/* ferry-details-panel.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-details-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-details-panel.h"
#include "ferry-metrics-view.h"

struct _FerryDetailsPanel
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *scroller;
  GtkLabel            *title_label;
  GtkLabel            *origin_label;
  GtkLabel            *description_label;
  AdwPreferencesGroup *environments_group;
  AdwPreferencesGroup *endpoints_group;
  AdwPreferencesGroup *dependencies_group;
  AdwPreferencesGroup *commits_group;
  FerryMetricsView    *metrics_view;

  /* Owned references */
  FerryWorkspace      *workspace;
  GPtrArray           *rows;          /* (group, row) pairs to remove */
  GCancellable        *cancellable;

  /* Borrowed from the workspace */
  FerryService        *service;

  guint                n_commits;
};

enum {
  SERVICE_SELECTED,
  CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FerryDetailsPanel, ferry_details_panel, GTK_TYPE_WIDGET)

static void
add_row (FerryDetailsPanel   *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, group);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (FerryDetailsPanel *self)
{
  for (guint i = 0; i + 1 < self->rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->rows, i), g_ptr_array_index (self->rows, i + 1));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
new_row (const gchar *title,
         const gchar *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
on_jump_clicked (GtkButton *button,
                 FerryDetailsPanel *self)
{
  FerryService *target = g_object_get_data (G_OBJECT (button), "service");

  if (target != NULL)
    g_signal_emit (self, signals[SERVICE_SELECTED], 0, target);
}

/* A flat button naming another service: a click shows it. */
static GtkWidget *
jump_button (FerryDetailsPanel *self,
             FerryService      *target)
{
  GtkWidget *button = gtk_button_new_with_label (ferry_service_get_name (target));
  g_autofree gchar *tooltip = g_strdup_printf (_("Show %s"), ferry_service_get_name (target));

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "service", target);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_jump_clicked), self, 0);

  return button;
}

static gchar *
format_since (GDateTime *since)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan span;

  if (since == NULL)
    return NULL;

  span = g_date_time_difference (now, since);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    return g_strdup_printf (_("%d min ago"), (gint)(span / G_TIME_SPAN_MINUTE));
  if (span < G_TIME_SPAN_DAY)
    return g_strdup_printf (_("%d h ago"), (gint)(span / G_TIME_SPAN_HOUR));
  return g_strdup_printf (_("%d days ago"), (gint)(span / G_TIME_SPAN_DAY));
}

/* Deploy, Promote and Roll Back for one environment, as the window's
 * actions; what the engine refuses is explained when it does. */
static GtkWidget *
actions_button (FerryDetailsPanel   *self,
                FerryEnvironment    *env,
                FerryEnvironment    *next,
                const FerryDeployed *deployed)
{
  const gchar *service = ferry_service_get_name (self->service);
  const gchar *name = ferry_environment_get_name (env);
  gboolean running = deployed != NULL && deployed->version != NULL && g_strcmp0 (deployed->status, "not-deployed") != 0;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  g_autofree gchar *label = NULL;
  g_autofree gchar *tooltip = g_strdup_printf (_("Actions for %s in %s"), service, name);
  GtkWidget *button = gtk_menu_button_new ();

  item = g_menu_item_new (_("_Deploy…"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.deploy", g_variant_new ("(ss)", service, name));
  g_menu_append_item (menu, item);
  g_clear_object (&item);

  if (next != NULL && running)
    {
      const gchar *services[] = { service, NULL };

      label = g_strdup_printf (_("_Promote to %s…"), ferry_environment_get_name (next));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.promote",
                                               g_variant_new ("(ss^as)", name, ferry_environment_get_name (next), services));
      g_menu_append_item (menu, item);
      g_clear_object (&item);
    }

  if (running)
    {
      item = g_menu_item_new (_("_Roll Back…"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.rollback", g_variant_new ("(ss)", service, name));
      g_menu_append_item (menu, item);
      g_clear_object (&item);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

static void
fill_environments (FerryDetailsPanel  *self,
                   FerryStateSnapshot *state)
{
  guint n_envs = ferry_workspace_get_n_environments (self->workspace);

  for (guint i = 0; i < n_envs; i++)
    {
      FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, i);
      const FerryDeployed *deployed = state ? ferry_state_snapshot_lookup (state, ferry_service_get_name (self->service),
                                                                           ferry_environment_get_name (env)) : NULL;
      g_autofree gchar *subtitle = NULL;
      GtkWidget *row;

      if (deployed == NULL || deployed->version == NULL || g_strcmp0 (deployed->status, "not-deployed") == 0)
        subtitle = g_strdup (_("Not deployed"));
      else
        {
          g_autofree gchar *short_id = ferry_short_id (deployed->version);
          g_autofree gchar *since = format_since (deployed->since);
          GString *str = g_string_new (deployed->tag ? deployed->tag : short_id);

          if (deployed->tag != NULL)
            g_string_append_printf (str, " (%s)", short_id);
          g_string_append_printf (str, " · %s", deployed->status);
          if (since != NULL)
            g_string_append_printf (str, " · %s", since);
          if (deployed->by != NULL)
            g_string_append_printf (str, " · %s", deployed->by);
          if (deployed->restarts > 0)
            {
              g_string_append (str, " · ");
              g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "restarted %u time after a crash",
                                                        "restarted %u times after a crash", deployed->restarts),
                                      deployed->restarts);
              if (deployed->last_exit != NULL)
                g_string_append_printf (str, _(" (last: %s)"), deployed->last_exit);
            }
          subtitle = g_string_free (str, FALSE);
        }

      row = new_row (ferry_environment_get_name (env), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions_button (self, env, i + 1 < n_envs ? ferry_workspace_get_environment_at (self->workspace, i + 1) : NULL, deployed));
      add_row (self, self->environments_group, row);
    }
}

static void
fill_endpoints (FerryDetailsPanel *self)
{
  guint n_produces = ferry_service_get_n_produces (self->service);
  guint n_consumes = ferry_service_get_n_consumes (self->service);

  for (guint i = 0; i < n_produces; i++)
    {
      FerryEndpoint *endpoint = ferry_service_get_produces (self->service, i);
      guint n = ferry_endpoint_get_n_consumers (endpoint);
      g_autofree gchar *subtitle = n == 0 ? g_strdup (_("Produced; nobody here uses it"))
                                          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Produced; used by %u service",
                                                                          "Produced; used by %u services", n), n);
      GtkWidget *row = new_row (ferry_endpoint_get_id (endpoint), subtitle);

      for (guint j = 0; j < n && j < 3; j++)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), jump_button (self, ferry_endpoint_get_consumer (endpoint, j)));
      add_row (self, self->endpoints_group, row);
    }

  for (guint i = 0; i < n_consumes; i++)
    {
      FerryEndpoint *endpoint = ferry_service_get_consumes (self->service, i);
      FerryService *producer = ferry_endpoint_get_producer (endpoint);
      GtkWidget *row = new_row (ferry_endpoint_get_id (endpoint),
                                producer ? _("Consumed") : _("Consumed; external: nobody here produces it"));

      if (producer != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), jump_button (self, producer));
      add_row (self, self->endpoints_group, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->endpoints_group), n_produces + n_consumes > 0);
}

static void
on_dependency_activated (AdwActionRow      *row,
                         FerryDetailsPanel *self)
{
  FerryService *target = g_object_get_data (G_OBJECT (row), "service");

  if (target != NULL)
    g_signal_emit (self, signals[SERVICE_SELECTED], 0, target);
}

/* A row naming another service: activating it shows that service. */
static GtkWidget *
service_row (FerryDetailsPanel *self,
             FerryService      *target,
             const gchar       *subtitle)
{
  GtkWidget *row = new_row (ferry_service_get_name (target), subtitle);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "service", target);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_dependency_activated), self, 0);

  return row;
}

static void
fill_dependencies (FerryDetailsPanel *self)
{
  guint n_deps = ferry_service_get_n_dependencies (self->service);
  guint n_dependents = ferry_service_get_n_dependents (self->service);

  for (guint i = 0; i < n_deps; i++)
    {
      FerryService *dep = ferry_service_get_dependency (self->service, i);

      add_row (self, self->dependencies_group, service_row (self, dep, _("Depends on it: deployed before")));
    }

  for (guint i = 0; i < n_dependents; i++)
    {
      FerryService *dep = ferry_service_get_dependent (self->service, i);

      add_row (self, self->dependencies_group, service_row (self, dep, _("Needs it: deployed after")));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->dependencies_group), n_deps + n_dependents > 0);
}

typedef struct
{
  gchar *path;
  gchar *head;
} LogJob;

static void
log_job_free (LogJob *job)
{
  g_free (job->path);
  g_free (job->head);
  g_free (job);
}

static void
log_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  LogJob *job = task_data;
  GError *error = NULL;
  GPtrArray *commits = ferry_git_log (job->path, NULL, job->head, 8, &error);

  if (commits != NULL)
    g_task_return_pointer (task, commits, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
on_log_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FerryDetailsPanel *self = FERRY_DETAILS_PANEL (object);
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GError) error = NULL;

  if (!(commits = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_row (self, self->commits_group, new_row (_("Cannot read the history"), error->message));
      return;
    }

  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      g_autofree gchar *short_id = ferry_short_id (commit->id);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (commit->time);
      g_autofree gchar *when = format_since (time);
      g_autofree gchar *subtitle = g_strdup_printf ("%s · %s · %s%s", short_id, commit->author, when,
                                                    commit->is_merge ? _(" · merge") : "");

      add_row (self, self->commits_group, new_row (commit->subject, subtitle));
    }

  self->n_commits = commits->len;
}

static void
fill_commits (FerryDetailsPanel *self)
{
  FerryRepo *repo = ferry_service_get_repo (self->service);
  g_autoptr(GTask) task = NULL;
  LogJob *job;

  self->n_commits = 0;

  if (ferry_repo_get_head (repo) == NULL || ferry_repo_get_path (repo) == NULL)
    {
      add_row (self, self->commits_group,
               new_row (_("History unknown"),
                        ferry_repo_get_url (repo) ? _("The repository is not available on this computer")
                                                  : _("The repository has no url in the workspace")));
      return;
    }

  job = g_new0 (LogJob, 1);
  job->path = g_strdup (ferry_repo_get_path (repo));
  job->head = g_strdup (ferry_repo_get_head (repo));

  /* libgit2 in a worker thread, one repository handle per task. */
  task = g_task_new (self, self->cancellable, on_log_ready, NULL);
  g_task_set_source_tag (task, fill_commits);
  g_task_set_task_data (task, job, (GDestroyNotify)log_job_free);
  g_task_run_in_thread (task, log_thread);
}

/**
 * ferry_details_panel_set_service:
 * @self: a #FerryDetailsPanel
 * @workspace: the workspace
 * @service: (nullable): the service to show
 * @state: (nullable): what runs where
 */
void
ferry_details_panel_set_service (FerryDetailsPanel  *self,
                                 FerryWorkspace     *workspace,
                                 FerryService       *service,
                                 FerryStateSnapshot *state)
{
  FerryRepo *repo;
  FerryBuild *build;
  FerryTeam *team;
  g_autofree gchar *origin = NULL;

  g_return_if_fail (FERRY_IS_DETAILS_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_rows (self);
  g_set_object (&self->workspace, workspace);
  self->service = service;
  ferry_metrics_view_set_service (self->metrics_view, workspace, service);

  if (service == NULL)
    return;

  repo = ferry_service_get_repo (service);
  build = ferry_service_get_build (service);
  team = ferry_service_get_team (service);

  gtk_label_set_label (self->title_label, ferry_service_get_name (service));
  if (g_strcmp0 (ferry_repo_get_name (repo), ferry_build_get_name (build)) == 0)
    origin = g_strdup_printf (_("Repo %s"), ferry_repo_get_name (repo));
  else
    origin = g_strdup_printf (_("Repo %s, build %s"), ferry_repo_get_name (repo), ferry_build_get_name (build));
  if (team != NULL)
    {
      g_autofree gchar *with_team = g_strdup_printf (_("%s · team %s"), origin, ferry_team_get_name (team));
      g_free (origin);
      origin = g_steal_pointer (&with_team);
    }
  gtk_label_set_label (self->origin_label, origin);
  gtk_label_set_label (self->description_label, ferry_service_get_description (service));
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), ferry_service_get_description (service) != NULL);

  fill_environments (self, state);
  fill_endpoints (self);
  fill_dependencies (self);
  fill_commits (self);
}

/**
 * ferry_details_panel_get_service:
 * @self: a #FerryDetailsPanel
 *
 * Returns: (transfer none) (nullable): the service shown
 */
FerryService *
ferry_details_panel_get_service (FerryDetailsPanel *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_PANEL (self), NULL);

  return self->service;
}

/**
 * ferry_details_panel_get_metrics_view:
 * @self: a #FerryDetailsPanel
 *
 * Returns: (transfer none): the charts of the Metrics group
 */
FerryMetricsView *
ferry_details_panel_get_metrics_view (FerryDetailsPanel *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_PANEL (self), NULL);

  return self->metrics_view;
}

/**
 * ferry_details_panel_get_n_commits:
 * @self: a #FerryDetailsPanel
 *
 * Returns: how many recent commits are listed, once read
 */
guint
ferry_details_panel_get_n_commits (FerryDetailsPanel *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_PANEL (self), 0);

  return self->n_commits;
}

GtkWidget *
ferry_details_panel_new (void)
{
  return g_object_new (FERRY_TYPE_DETAILS_PANEL, NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
ferry_details_panel_dispose (GObject *object)
{
  FerryDetailsPanel *self = FERRY_DETAILS_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->rows != NULL)
    clear_rows (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_DETAILS_PANEL);

  G_OBJECT_CLASS (ferry_details_panel_parent_class)->dispose (object);
}

static void
ferry_details_panel_class_init (FerryDetailsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_details_panel_dispose;

  /**
   * FerryDetailsPanel::service-selected:
   * @self: a #FerryDetailsPanel
   * @service: the service a jump leads to
   */
  signals[SERVICE_SELECTED] =
    g_signal_new ("service-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_SERVICE);

  /**
   * FerryDetailsPanel::close-requested:
   * @self: a #FerryDetailsPanel
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FERRY_TYPE_METRICS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-details-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, origin_label);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, environments_group);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, endpoints_group);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, dependencies_group);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, commits_group);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsPanel, metrics_view);

  gtk_widget_class_install_action (widget_class, "details.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "details.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ferry_details_panel_init (FerryDetailsPanel *self)
{
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Service details"), -1);
}

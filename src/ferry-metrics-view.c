/* ferry-metrics-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-metrics-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ferry-metrics-view.h"

/* The Metrics group of a service's details: CPU, memory and network of
 * one environment over the last 5 minutes, hour or day, with a marker at
 * each deployment and the means 10 minutes before and after the last
 * one. The values come from a FerryMetricsSampler; the view redraws when
 * it reports new ones for its service. */

#define SPAN_5M  (G_GINT64_CONSTANT (300) * G_USEC_PER_SEC)
#define SPAN_1H  (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define SPAN_24H (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static const struct {
  FerryMetric  metric;
  const gchar *title;
} charted[] = {
  { FERRY_METRIC_CPU, N_("CPU") },
  { FERRY_METRIC_MEMORY, N_("Memory") },
  { FERRY_METRIC_NET_RX, N_("Network received") },
  { FERRY_METRIC_NET_TX, N_("Network sent") },
};

/* What the before/after summary compares. */
static const FerryMetric summarized[] = { FERRY_METRIC_CPU, FERRY_METRIC_MEMORY };

struct _FerryMetricsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *box;
  GtkDropDown         *environment_dropdown;
  GtkToggleButton     *range_5m;
  GtkToggleButton     *range_1h;
  GtkToggleButton     *range_24h;
  GtkLabel            *status_label;
  GtkWidget           *charts_box;
  GtkWidget           *summary_box;
  GtkLabel            *summary_title;
  GtkGrid             *summary_grid;

  /* Owned */
  FerryMetricsSampler *sampler;
  FerryWorkspace      *workspace;
  GtkStringList       *environments;
  gchar               *service;
  gchar               *environment;

  /* Children of charts_box */
  FerryChart          *charts[G_N_ELEMENTS (charted)];

  gint64               span;
  guint                user_chose : 1;
  guint                updating : 1;
};

G_DEFINE_FINAL_TYPE (FerryMetricsView, ferry_metrics_view, GTK_TYPE_WIDGET)

static void
set_status (FerryMetricsView *self,
            const gchar      *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static gint64
deployment_time (FerryDeployment *deployment)
{
  GDateTime *when = deployment->finished_at != NULL ? deployment->finished_at : deployment->started_at;

  if (when == NULL)
    return 0;

  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

static gchar *
deployment_label (FerryDeployment *deployment)
{
  if (deployment->tag != NULL)
    return g_strdup (deployment->tag);

  return ferry_short_id (deployment->version);
}

/* Deployments that changed what runs: those that went live. */
static gboolean
went_live (FerryDeployment *deployment)
{
  return deployment->status == FERRY_DEPLOYMENT_STATUS_HEALTHY ||
         deployment->status == FERRY_DEPLOYMENT_STATUS_DEGRADED;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_cell (GtkGrid     *grid,
          const gchar *text,
          gint         column,
          gint         row,
          gboolean     dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  gtk_widget_add_css_class (label, "numeric");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static const gchar *
title_of (FerryMetric metric)
{
  for (guint i = 0; i < G_N_ELEMENTS (charted); i++)
    if (charted[i].metric == metric)
      return _(charted[i].title);

  return ferry_metric_to_string (metric);
}

/* The means of the 10 minutes before and after the last deployment that
 * went live. */
static void
update_summary (FerryMetricsView *self,
                GPtrArray        *deployments)
{
  FerryDeployment *last = NULL;
  g_autofree gchar *label = NULL;
  g_autofree gchar *title = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree gchar *when = NULL;
  gint64 time;

  for (guint i = 0; deployments != NULL && i < deployments->len && last == NULL; i++)
    if (went_live (g_ptr_array_index (deployments, i)) && deployment_time (g_ptr_array_index (deployments, i)) > 0)
      last = g_ptr_array_index (deployments, i);

  clear_grid (self->summary_grid);
  gtk_widget_set_visible (self->summary_box, last != NULL);
  if (last == NULL)
    return;

  time = deployment_time (last);
  label = deployment_label (last);
  local = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  when = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: the last deployment's version and local time */
  title = g_strdup_printf (_("Before and after %s (%s)"), label, when);
  gtk_label_set_label (self->summary_title, title);

  add_cell (self->summary_grid, "", 0, 0, TRUE);
  add_cell (self->summary_grid, _("10 min before"), 1, 0, TRUE);
  add_cell (self->summary_grid, _("10 min after"), 2, 0, TRUE);
  add_cell (self->summary_grid, _("Change"), 3, 0, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (summarized); i++)
    {
      FerryMetric metric = summarized[i];
      FerryUnit unit = ferry_metric_get_unit (metric);
      g_autoptr(FerrySeries) series = NULL;
      g_autofree gchar *before = NULL;
      g_autofree gchar *after = NULL;
      g_autofree gchar *change = NULL;
      FerryDeploySummary summary = { NAN, NAN, 0, 0, NAN };

      series = ferry_metrics_sampler_get_series (self->sampler, self->service, self->environment,
                                                 metric, time - FERRY_SERIES_DEPLOY_WINDOW);
      if (series != NULL)
        ferry_series_summarize_deploy (series, time, 0, &summary);

      before = ferry_format_value (unit, summary.before_mean);
      after = ferry_format_value (unit, summary.after_mean);
      change = isfinite (summary.change) ? g_strdup_printf ("%+.0f %%", summary.change * 100.0)
                                         : g_strdup ("–");

      add_cell (self->summary_grid, title_of (metric), 0, i + 1, FALSE);
      add_cell (self->summary_grid, before, 1, i + 1, FALSE);
      add_cell (self->summary_grid, after, 2, i + 1, FALSE);
      add_cell (self->summary_grid, change, 3, i + 1, FALSE);
    }
}

/**
 * ferry_metrics_view_refresh:
 * @self: a #FerryMetricsView
 *
 * Reads the sampler again: the charts end now.
 */
void
ferry_metrics_view_refresh (FerryMetricsView *self)
{
  g_autofree gchar *status = NULL;
  GPtrArray *deployments = NULL;
  gboolean has_data;
  gint64 now;

  g_return_if_fail (FERRY_IS_METRICS_VIEW (self));

  if (self->service == NULL || self->environment == NULL)
    return;

  if (self->sampler == NULL)
    {
      set_status (self, _("No process of this workspace was ever run on this computer: "
                          "metrics show once a service is deployed."));
      gtk_widget_set_visible (self->charts_box, FALSE);
      gtk_widget_set_visible (self->summary_box, FALSE);
      return;
    }

  has_data = ferry_metrics_sampler_has_data (self->sampler, self->service, self->environment);
  if (ferry_metrics_sampler_is_running (self->sampler, self->service, self->environment))
    status = NULL;
  else if (has_data)
    status = g_strdup_printf (_("%s does not run in %s now: these are the values recorded before."),
                              self->service, self->environment);
  else
    status = g_strdup_printf (_("%s does not run in %s on this computer, and no metrics of it were recorded."),
                              self->service, self->environment);
  set_status (self, status);

  gtk_widget_set_visible (self->charts_box, has_data);
  if (!has_data)
    {
      gtk_widget_set_visible (self->summary_box, FALSE);
      return;
    }

  deployments = ferry_metrics_sampler_get_deployments (self->sampler, self->service, self->environment);
  now = g_get_real_time ();

  for (guint i = 0; i < G_N_ELEMENTS (charted); i++)
    {
      g_autoptr(FerrySeries) series = NULL;

      series = ferry_metrics_sampler_get_series (self->sampler, self->service, self->environment,
                                                 charted[i].metric, now - self->span);
      ferry_chart_set_series (self->charts[i], series, now - self->span, now);

      ferry_chart_clear_markers (self->charts[i]);
      for (guint j = 0; deployments != NULL && j < deployments->len; j++)
        {
          FerryDeployment *deployment = g_ptr_array_index (deployments, j);
          g_autofree gchar *label = deployment_label (deployment);

          if (went_live (deployment) && deployment_time (deployment) > 0)
            ferry_chart_add_marker (self->charts[i], deployment_time (deployment), label);
        }
    }

  update_summary (self, deployments);
}

static void
on_sampler_updated (FerryMetricsView    *self,
                    const gchar * const *services)
{
  if (self->service == NULL || !g_strv_contains (services, self->service))
    return;

  /* Until the user picks one, show an environment where it runs. */
  if (!self->user_chose &&
      !ferry_metrics_sampler_has_data (self->sampler, self->service, self->environment))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->environments));

      for (guint i = 0; i < n; i++)
        {
          const gchar *name = gtk_string_list_get_string (self->environments, i);

          if (ferry_metrics_sampler_has_data (self->sampler, self->service, name))
            {
              self->updating = TRUE;
              gtk_drop_down_set_selected (self->environment_dropdown, i);
              self->updating = FALSE;
              g_free (self->environment);
              self->environment = g_strdup (name);
              break;
            }
        }
    }

  ferry_metrics_view_refresh (self);
}

/**
 * ferry_metrics_view_set_sampler:
 * @self: a #FerryMetricsView
 * @sampler: (nullable): where the values come from; %NULL when the
 *   workspace has no state store (nothing was ever run)
 */
void
ferry_metrics_view_set_sampler (FerryMetricsView    *self,
                                FerryMetricsSampler *sampler)
{
  g_return_if_fail (FERRY_IS_METRICS_VIEW (self));
  g_return_if_fail (sampler == NULL || FERRY_IS_METRICS_SAMPLER (sampler));

  if (self->sampler == sampler)
    return;

  if (self->sampler != NULL)
    g_signal_handlers_disconnect_by_func (self->sampler, on_sampler_updated, self);
  g_set_object (&self->sampler, sampler);
  if (sampler != NULL)
    g_signal_connect_object (sampler, "updated", G_CALLBACK (on_sampler_updated), self,
                             G_CONNECT_SWAPPED);

  ferry_metrics_view_refresh (self);
}

/**
 * ferry_metrics_view_set_service:
 * @self: a #FerryMetricsView
 * @workspace: (nullable): the workspace
 * @service: (nullable): the service to show
 *
 * Shows the metrics of @service, in the first environment where it has
 * any until the user picks another.
 */
void
ferry_metrics_view_set_service (FerryMetricsView *self,
                                FerryWorkspace   *workspace,
                                FerryService     *service)
{
  guint n_envs, chosen = 0;
  gboolean found = FALSE;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_if_fail (FERRY_IS_METRICS_VIEW (self));

  g_set_object (&self->workspace, workspace);
  g_free (self->service);
  self->service = service != NULL ? g_strdup (ferry_service_get_name (service)) : NULL;
  self->user_chose = FALSE;

  n_envs = workspace != NULL ? ferry_workspace_get_n_environments (workspace) : 0;
  for (guint i = 0; i < n_envs; i++)
    {
      const gchar *name = ferry_environment_get_name (ferry_workspace_get_environment_at (workspace, i));

      g_strv_builder_add (names, name);
      if (!found && self->sampler != NULL && self->service != NULL &&
          ferry_metrics_sampler_has_data (self->sampler, self->service, name))
        {
          chosen = i;
          found = TRUE;
        }
    }
  strv = g_strv_builder_end (names);

  self->updating = TRUE;
  g_clear_object (&self->environments);
  self->environments = gtk_string_list_new ((const gchar * const *)strv);
  gtk_drop_down_set_model (self->environment_dropdown, G_LIST_MODEL (self->environments));
  gtk_drop_down_set_selected (self->environment_dropdown, chosen);
  self->updating = FALSE;

  g_free (self->environment);
  self->environment = n_envs > 0 ? g_strdup (strv[chosen]) : NULL;

  ferry_metrics_view_refresh (self);
}

/**
 * ferry_metrics_view_set_environment:
 * @self: a #FerryMetricsView
 * @environment: an environment of the workspace
 *
 * Shows @environment, as if the user picked it.
 */
void
ferry_metrics_view_set_environment (FerryMetricsView *self,
                                    const gchar      *environment)
{
  guint n;

  g_return_if_fail (FERRY_IS_METRICS_VIEW (self));
  g_return_if_fail (environment != NULL);

  n = self->environments ? g_list_model_get_n_items (G_LIST_MODEL (self->environments)) : 0;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->environments, i), environment))
      gtk_drop_down_set_selected (self->environment_dropdown, i);
}

/**
 * ferry_metrics_view_get_environment:
 * @self: a #FerryMetricsView
 *
 * Returns: (nullable): the environment shown
 */
const gchar *
ferry_metrics_view_get_environment (FerryMetricsView *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_VIEW (self), NULL);

  return self->environment;
}

static void
on_environment_selected (FerryMetricsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->environment_dropdown);

  if (self->updating || self->environments == NULL ||
      selected >= g_list_model_get_n_items (G_LIST_MODEL (self->environments)))
    return;

  self->user_chose = TRUE;
  g_free (self->environment);
  self->environment = g_strdup (gtk_string_list_get_string (self->environments, selected));
  ferry_metrics_view_refresh (self);
}

/**
 * ferry_metrics_view_set_span:
 * @self: a #FerryMetricsView
 * @span: how far back the charts look, in µs: 5 minutes, an hour or a day
 */
void
ferry_metrics_view_set_span (FerryMetricsView *self,
                             gint64            span)
{
  g_return_if_fail (FERRY_IS_METRICS_VIEW (self));
  g_return_if_fail (span > 0);

  if (span <= SPAN_5M)
    gtk_toggle_button_set_active (self->range_5m, TRUE);
  else if (span <= SPAN_1H)
    gtk_toggle_button_set_active (self->range_1h, TRUE);
  else
    gtk_toggle_button_set_active (self->range_24h, TRUE);
}

/**
 * ferry_metrics_view_get_span:
 * @self: a #FerryMetricsView
 *
 * Returns: how far back the charts look, in µs
 */
gint64
ferry_metrics_view_get_span (FerryMetricsView *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_VIEW (self), 0);

  return self->span;
}

static void
on_range_toggled (FerryMetricsView *self,
                  GtkToggleButton  *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->range_5m)
    self->span = SPAN_5M;
  else if (button == self->range_1h)
    self->span = SPAN_1H;
  else
    self->span = SPAN_24H;

  ferry_metrics_view_refresh (self);
}

/**
 * ferry_metrics_view_get_chart:
 * @self: a #FerryMetricsView
 * @metric: %FERRY_METRIC_CPU, %FERRY_METRIC_MEMORY, %FERRY_METRIC_NET_RX
 *   or %FERRY_METRIC_NET_TX
 *
 * Returns: (transfer none) (nullable): the chart of @metric
 */
FerryChart *
ferry_metrics_view_get_chart (FerryMetricsView *self,
                              FerryMetric       metric)
{
  g_return_val_if_fail (FERRY_IS_METRICS_VIEW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (charted); i++)
    if (charted[i].metric == metric)
      return self->charts[i];

  return NULL;
}

/**
 * ferry_metrics_view_get_status:
 * @self: a #FerryMetricsView
 *
 * Returns: (nullable): why there is nothing live to show, if so
 */
const gchar *
ferry_metrics_view_get_status (FerryMetricsView *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;

  return gtk_label_get_label (self->status_label);
}

/**
 * ferry_metrics_view_describe_summary:
 * @self: a #FerryMetricsView
 *
 * Returns: (transfer full) (nullable): the before/after summary as
 *   text, a line per row with its cells separated by tabs, or %NULL when
 *   none is shown
 */
gchar *
ferry_metrics_view_describe_summary (FerryMetricsView *self)
{
  GString *text;

  g_return_val_if_fail (FERRY_IS_METRICS_VIEW (self), NULL);

  if (!gtk_widget_get_visible (self->summary_box))
    return NULL;

  text = g_string_new (gtk_label_get_label (self->summary_title));
  for (gint row = 0; ; row++)
    {
      if (gtk_grid_get_child_at (self->summary_grid, 0, row) == NULL)
        break;

      g_string_append_c (text, '\n');
      for (gint column = 0; column < 4; column++)
        {
          GtkWidget *cell = gtk_grid_get_child_at (self->summary_grid, column, row);

          g_string_append_printf (text, "%s%s", column > 0 ? "\t" : "",
                                  cell ? gtk_label_get_label (GTK_LABEL (cell)) : "");
        }
    }

  return g_string_free (text, FALSE);
}

GtkWidget *
ferry_metrics_view_new (void)
{
  return g_object_new (FERRY_TYPE_METRICS_VIEW, NULL);
}

static void
ferry_metrics_view_dispose (GObject *object)
{
  FerryMetricsView *self = FERRY_METRICS_VIEW (object);

  if (self->sampler != NULL)
    g_signal_handlers_disconnect_by_func (self->sampler, on_sampler_updated, self);
  g_clear_object (&self->sampler);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_METRICS_VIEW);

  g_clear_object (&self->environments);

  G_OBJECT_CLASS (ferry_metrics_view_parent_class)->dispose (object);
}

static void
ferry_metrics_view_finalize (GObject *object)
{
  FerryMetricsView *self = FERRY_METRICS_VIEW (object);

  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->environment, g_free);

  G_OBJECT_CLASS (ferry_metrics_view_parent_class)->finalize (object);
}

static void
ferry_metrics_view_class_init (FerryMetricsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_metrics_view_dispose;
  object_class->finalize = ferry_metrics_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-metrics-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, box);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, range_5m);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, range_1h);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, range_24h);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, charts_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, summary_title);
  gtk_widget_class_bind_template_child (widget_class, FerryMetricsView, summary_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_range_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "metricsview");
}

static void
ferry_metrics_view_init (FerryMetricsView *self)
{
  self->span = SPAN_5M;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (charted); i++)
    {
      self->charts[i] = FERRY_CHART (ferry_chart_new (_(charted[i].title),
                                                      ferry_metric_get_unit (charted[i].metric)));
      gtk_box_append (GTK_BOX (self->charts_box), GTK_WIDGET (self->charts[i]));
    }

  g_signal_connect_object (self->environment_dropdown, "notify::selected",
                           G_CALLBACK (on_environment_selected), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->summary_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
}

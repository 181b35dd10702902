/* ferry-approvals-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-approvals-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-approvals-view.h"
#include "ferry-list-page.h"

/* What waits for an approval: first what the current user may approve,
 * with Approve and Reject; then the rest, each saying in words why this
 * user cannot decide it (four-eyes, not an approver). A new request this
 * user may approve raises a desktop notification. */

struct _FerryApprovalsView
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkListBox     *list;
  FerryWorkspace *workspace;
  FerryStore     *store;
  gchar          *user;
  GCancellable   *cancellable;
  GHashTable     *seen;          /* request ids already told about */
  guint           n_for_you;
  guint           n_pending;
  gboolean        loaded;
  gboolean        loading;
  gboolean        again;
};

G_DEFINE_FINAL_TYPE (FerryApprovalsView, ferry_approvals_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_FOR_YOU,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
decide_button (const gchar *label,
               const gchar *action,
               gint64       id,
               const gchar *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);

  return button;
}

static GtkWidget *
request_row (FerryApprovalsView   *self,
             FerryApprovalRequest *request,
             gboolean             *for_you)
{
  FerryEnvironment *environment = ferry_workspace_get_environment (self->workspace, request->environment);
  FerryService *service = ferry_workspace_get_service (self->workspace, request->service);
  FerryApprovalPolicy *policy = environment ? ferry_environment_get_approval (environment) : NULL;
  const gchar *tag = service ? ferry_repo_get_tag (ferry_service_get_repo (service), request->version) : NULL;
  g_autofree gchar *short_id = ferry_short_id (request->version);
  g_autofree gchar *title = NULL;
  g_autofree gchar *subtitle = NULL;
  g_autofree gchar *reason = NULL;
  GtkWidget *row = adw_action_row_new ();

  title = g_strdup_printf ("#%" G_GINT64_FORMAT "  %s → %s  %s", request->id, request->service,
                           request->environment, tag ? tag : short_id);
  subtitle = g_strdup_printf (_("Requested by %s · %u of %u approvals from %s%s"),
                              request->requested_by, request->approvals, request->required,
                              request->approvers ? request->approvers : _("anyone"),
                              request->self_approval ? "" : _(" · four-eyes"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  *for_you = policy != NULL &&
             ferry_approval_policy_may_approve (policy, self->workspace, self->user, request->requested_by, &reason);

  if (*for_you)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), decide_button (_("_Reject…"), "win.reject", request->id, "destructive-action"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), decide_button (_("_Approve…"), "win.approve", request->id, "suggested-action"));
    }
  else
    {
      GtkWidget *label = gtk_label_new (reason ? reason : _("The workspace no longer has this environment's policy"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

static void
notify_new (FerryApprovalsView   *self,
            FerryApprovalRequest *request)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree gchar *title = NULL;
  g_autofree gchar *body = NULL;

  if (app == NULL)
    return;

  title = g_strdup_printf (_("Approval requested: %s → %s"), request->service, request->environment);
  body = g_strdup_printf (_("%s asks to deploy %s to %s (request %" G_GINT64_FORMAT ")."),
                          request->requested_by, request->service, request->environment, request->id);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (app, NULL, notification);
}

static void ferry_approvals_view_reload (FerryApprovalsView *self);

static void
on_requests_listed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryApprovalsView) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n_for_you = 0;

  self->loading = FALSE;

  if (!(requests = ferry_store_list_approval_requests_finish (FERRY_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list the approval requests: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < requests->len; i++)
    {
      FerryApprovalRequest *request = g_ptr_array_index (requests, i);
      gboolean for_you = FALSE;
      GtkWidget *row;

      if (request->status != FERRY_APPROVAL_STATUS_PENDING)
        continue;

      row = request_row (self, request, &for_you);
      if (!for_you)
        {
          g_ptr_array_add (others, row);
          continue;
        }

      gtk_list_box_append (self->list, row);
      n_for_you++;

      /* Told once; not about what was already waiting when the window opened. */
      if (!g_hash_table_contains (self->seen, &request->id))
        {
          gint64 *key = g_new (gint64, 1);

          *key = request->id;
          g_hash_table_add (self->seen, key);
          if (self->loaded)
            notify_new (self, request);
        }
    }

  for (guint i = 0; i < others->len; i++)
    gtk_list_box_append (self->list, g_ptr_array_index (others, i));

  self->n_pending = n_for_you + others->len;
  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->stack, self->n_pending > 0 ? "list" : "empty");

  if (self->n_for_you != n_for_you)
    {
      self->n_for_you = n_for_you;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FOR_YOU]);
    }

  if (self->again)
    {
      self->again = FALSE;
      ferry_approvals_view_reload (self);
    }
}

static void
ferry_approvals_view_reload (FerryApprovalsView *self)
{
  if (self->store == NULL)
    return;

  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  self->loading = TRUE;
  ferry_store_list_approval_requests_async (self->store, TRUE, self->cancellable,
                                            on_requests_listed, g_object_ref (self));
}

/**
 * ferry_approvals_view_set_context:
 * @self: a #FerryApprovalsView
 * @workspace: (nullable): the workspace, for its policies and teams
 * @store: (nullable): its store
 * @user: (nullable): who looks
 */
void
ferry_approvals_view_set_context (FerryApprovalsView *self,
                                  FerryWorkspace     *workspace,
                                  FerryStore         *store,
                                  const gchar        *user)
{
  g_return_if_fail (FERRY_IS_APPROVALS_VIEW (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_approvals_view_reload, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->again = FALSE;

  if (self->store != store)
    {
      self->loaded = FALSE;
      g_hash_table_remove_all (self->seen);
    }

  g_set_object (&self->workspace, workspace);
  g_set_object (&self->store, store);
  g_free (self->user);
  self->user = g_strdup (user);

  if (store != NULL && workspace != NULL && user != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (ferry_approvals_view_reload), self, G_CONNECT_SWAPPED);
      ferry_approvals_view_reload (self);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      if (self->n_for_you != 0)
        {
          self->n_for_you = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FOR_YOU]);
        }
    }
}

/**
 * ferry_approvals_view_get_n_for_you:
 * @self: a #FerryApprovalsView
 *
 * Returns: how many pending requests the current user may decide
 */
guint
ferry_approvals_view_get_n_for_you (FerryApprovalsView *self)
{
  g_return_val_if_fail (FERRY_IS_APPROVALS_VIEW (self), 0);

  return self->n_for_you;
}

/**
 * ferry_approvals_view_get_n_pending:
 * @self: a #FerryApprovalsView
 *
 * Returns: how many requests are pending, for anyone
 */
guint
ferry_approvals_view_get_n_pending (FerryApprovalsView *self)
{
  g_return_val_if_fail (FERRY_IS_APPROVALS_VIEW (self), 0);

  return self->n_pending;
}

GtkWidget *
ferry_approvals_view_new (void)
{
  return g_object_new (FERRY_TYPE_APPROVALS_VIEW, NULL);
}

static void
ferry_approvals_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryApprovalsView *self = FERRY_APPROVALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_FOR_YOU:
      g_value_set_uint (value, self->n_for_you);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_approvals_view_dispose (GObject *object)
{
  FerryApprovalsView *self = FERRY_APPROVALS_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_approvals_view_reload, self);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_approvals_view_parent_class)->dispose (object);
}

static void
ferry_approvals_view_class_init (FerryApprovalsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_approvals_view_dispose;
  object_class->get_property = ferry_approvals_view_get_property;

  /**
   * FerryApprovalsView:n-for-you:
   *
   * How many pending requests the current user may decide: the badge.
   */
  properties[PROP_N_FOR_YOU] =
    g_param_spec_uint ("n-for-you", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "approvalsview");
}

static void
ferry_approvals_view_init (FerryApprovalsView *self)
{
  self->cancellable = g_cancellable_new ();
  self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");

  self->stack = ferry_list_page_new (GTK_WIDGET (self->list), "emblem-ok-symbolic", _("Nothing Waits for Approval"),
                                     _("Deployments to environments that need an approval wait here "
                                       "until someone allowed to decides."));
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
}

/* ferry-activity-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-activity-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-activity-view.h"
#include "ferry-list-page.h"

/* The audit log: who did what, where, with which version, and how it went,
 * newest first, filtered as one types. It follows the store, so actions
 * taken from ferryctl or another window show up too. */

#define ACTIVITY_LIMIT 1000

struct _FerryActivityView
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkSearchEntry *search_entry;
  GtkListBox     *list;
  FerryStore     *store;
  GCancellable   *cancellable;
  guint           n_entries;
  gboolean        loading;
  gboolean        again;
};

G_DEFINE_FINAL_TYPE (FerryActivityView, ferry_activity_view, GTK_TYPE_WIDGET)

static gchar *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static GtkWidget *
entry_row (FerryAuditEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree gchar *when = format_time (entry->time);
  g_autofree gchar *version = entry->version ? ferry_short_id (entry->version) : NULL;
  g_autoptr(GString) title = g_string_new (entry->action);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree gchar *haystack = NULL;
  g_autofree gchar *joined = NULL;
  const gchar *icon_name;
  const gchar *result = ferry_audit_result_to_string (entry->result);

  if (entry->service != NULL)
    g_string_append_printf (title, " %s", entry->service);
  if (entry->environment != NULL)
    g_string_append_printf (title, " → %s", entry->environment);

  g_string_append_printf (subtitle, "%s · %s", when, entry->user);
  if (version != NULL)
    g_string_append_printf (subtitle, " · %s", version);
  if (entry->detail != NULL && *entry->detail)
    g_string_append_printf (subtitle, "\n%s", entry->detail);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  switch (entry->result)
    {
    case FERRY_AUDIT_RESULT_FAILED:
      icon_name = "dialog-error-symbolic";
      break;

    case FERRY_AUDIT_RESULT_REFUSED:
      icon_name = "action-unavailable-symbolic";
      break;

    case FERRY_AUDIT_RESULT_OK:
    default:
      icon_name = "emblem-ok-symbolic";
      break;
    }

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, result, -1);
  gtk_widget_set_tooltip_text (icon, result);
  if (entry->result == FERRY_AUDIT_RESULT_FAILED)
    gtk_widget_add_css_class (icon, "error");
  else if (entry->result == FERRY_AUDIT_RESULT_REFUSED)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_add_css_class (icon, "success");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  joined = g_strjoin (" ", title->str, subtitle->str, result, NULL);
  haystack = g_utf8_strdown (joined, -1);
  g_object_set_data_full (G_OBJECT (row), "haystack", g_steal_pointer (&haystack), g_free);

  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  FerryActivityView *self = user_data;
  const gchar *haystack = g_object_get_data (G_OBJECT (row), "haystack");
  g_autofree gchar *needle = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_auto(GStrv) words = g_strsplit (g_strstrip (needle), " ", -1);

  /* Every word must match somewhere: "prod failed" finds prod's failures. */
  for (guint i = 0; words[i]; i++)
    if (*words[i] && (haystack == NULL || strstr (haystack, words[i]) == NULL))
      return FALSE;

  return TRUE;
}

static void ferry_activity_view_reload (FerryActivityView *self);

static void
on_audit_queried (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryActivityView) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  self->loading = FALSE;

  if (!(entries = ferry_store_query_audit_finish (FERRY_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the audit log: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, entry_row (g_ptr_array_index (entries, i)));

  self->n_entries = entries->len;
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");

  if (self->again)
    {
      self->again = FALSE;
      ferry_activity_view_reload (self);
    }
}

static void
ferry_activity_view_reload (FerryActivityView *self)
{
  FerryAuditFilter filter = { 0 };

  if (self->store == NULL)
    return;

  /* Changes come in bursts while a deploy runs: one query at a time. */
  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  self->loading = TRUE;
  filter.limit = ACTIVITY_LIMIT;
  ferry_store_query_audit_async (self->store, &filter, self->cancellable, on_audit_queried, g_object_ref (self));
}

/**
 * ferry_activity_view_set_store:
 * @self: a #FerryActivityView
 * @store: (nullable): the workspace's store
 */
void
ferry_activity_view_set_store (FerryActivityView *self,
                               FerryStore        *store)
{
  g_return_if_fail (FERRY_IS_ACTIVITY_VIEW (self));
  g_return_if_fail (!store || FERRY_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_activity_view_reload, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (ferry_activity_view_reload), self, G_CONNECT_SWAPPED);
      ferry_activity_view_reload (self);
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * ferry_activity_view_get_n_entries:
 * @self: a #FerryActivityView
 *
 * Returns: how many entries are listed (before filtering)
 */
guint
ferry_activity_view_get_n_entries (FerryActivityView *self)
{
  g_return_val_if_fail (FERRY_IS_ACTIVITY_VIEW (self), 0);

  return self->n_entries;
}

GtkWidget *
ferry_activity_view_new (void)
{
  return g_object_new (FERRY_TYPE_ACTIVITY_VIEW, NULL);
}

static void
ferry_activity_view_dispose (GObject *object)
{
  FerryActivityView *self = FERRY_ACTIVITY_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, ferry_activity_view_reload, self);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_activity_view_parent_class)->dispose (object);
}

static void
ferry_activity_view_class_init (FerryActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_activity_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "activityview");
}

static void
ferry_activity_view_init (FerryActivityView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->cancellable = g_cancellable_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Filter by service, environment, person, action or result"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Filter Activity"), -1);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (gtk_list_box_invalidate_filter),
                           self->list, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  self->stack = ferry_list_page_new (box, "document-open-recent-symbolic", _("No Activity Yet"),
                                     _("Deployments, promotions, approvals and rollbacks show up here, "
                                       "with who did them and how they went."));
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
}

/* ferry-diff-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-diff-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-diff-list.h"
#include "ferry-diff-view.h"

/* Two environments side by side: pick any two (by default an environment
 * and the one it promotes from), see what differs service by service,
 * and turn that into a promotion plan (win.promote). */

struct _FerryDiffView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkDropDown        *from_dropdown;
  GtkDropDown        *to_dropdown;
  GtkButton          *swap_button;
  GtkSpinner         *spinner;
  GtkLabel           *summary_label;
  GtkButton          *copy_button;
  GtkButton          *promote_button;
  GtkStack           *content_stack;
  FerryDiffList      *diff_list;
  AdwStatusPage      *empty_page;

  /* Owned references */
  FerryWorkspace     *workspace;
  FerryStateSnapshot *state;
  FerryDiff          *diff;
  GtkStringList      *names;
  GCancellable       *cancellable;
  GCancellable       *copy_cancellable;

  guint               busy : 1;
  guint               updating : 1;
  guint               read_only : 1;
};

G_DEFINE_FINAL_TYPE (FerryDiffView, ferry_diff_view, GTK_TYPE_WIDGET)

static const gchar *
selected_name (FerryDiffView *self,
               GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->names == NULL || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->names, selected);
}

const gchar *
ferry_diff_view_get_from (FerryDiffView *self)
{
  g_return_val_if_fail (FERRY_IS_DIFF_VIEW (self), NULL);

  return selected_name (self, self->from_dropdown);
}

const gchar *
ferry_diff_view_get_to (FerryDiffView *self)
{
  g_return_val_if_fail (FERRY_IS_DIFF_VIEW (self), NULL);

  return selected_name (self, self->to_dropdown);
}

static void
set_promotion (FerryDiffView *self)
{
  g_auto(GStrv) services = self->diff ? ferry_diff_dup_promotable (self->diff) : NULL;
  gboolean can = services != NULL && services[0] != NULL &&
                 g_strcmp0 (ferry_diff_get_from (self->diff), ferry_diff_get_to (self->diff)) != 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->promote_button), can && !self->busy && !self->read_only);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->promote_button),
                               self->read_only ? _("Read-only while the state cannot be read")
                                               : _("Plan the promotion of the services that differ"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), self->diff != NULL && !self->busy);
}

/* The window plans the promotion: win.promote takes the source, the
 * target and the services. */
static void
on_promote_clicked (FerryDiffView *self)
{
  g_auto(GStrv) services = NULL;

  if (self->diff == NULL || self->read_only)
    return;

  services = ferry_diff_dup_promotable (self->diff);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.promote", "(ss^as)",
                              ferry_diff_get_from (self->diff), ferry_diff_get_to (self->diff), services);
}

/**
 * ferry_diff_view_set_read_only:
 * @self: a #FerryDiffView
 * @read_only: whether promoting is off, as while the state cannot be read
 */
void
ferry_diff_view_set_read_only (FerryDiffView *self,
                               gboolean       read_only)
{
  g_return_if_fail (FERRY_IS_DIFF_VIEW (self));

  self->read_only = !!read_only;
  set_promotion (self);
}

static void
show_diff (FerryDiffView *self)
{
  guint n = self->diff ? ferry_diff_get_n_entries (self->diff) : 0;
  guint n_same = self->diff ? ferry_diff_get_n_unchanged (self->diff) : 0;
  const gchar *from = ferry_diff_view_get_from (self);
  const gchar *to = ferry_diff_view_get_to (self);
  g_autofree gchar *summary = NULL;

  ferry_diff_list_set_diff (self->diff_list, self->diff);

  if (self->diff == NULL)
    summary = NULL;
  else if (n + n_same == 0)
    summary = g_strdup (_("Nothing deployed in either"));
  else
    {
      g_autofree gchar *differ = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service differs",
                                                               "%u services differ", n), n);
      /* TRANSLATORS: “3 services differ, 6 the same” */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u the same", "%s, %u the same", n_same),
                                 differ, n_same);
    }
  gtk_label_set_label (self->summary_label, summary ? summary : "");

  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    {
      g_autofree gchar *description = NULL;

      if (g_strcmp0 (from, to) == 0)
        description = g_strdup (_("Pick two different environments to compare."));
      else if (self->diff != NULL && n_same == 0)
        description = g_strdup_printf (_("Nothing is deployed in %s or %s yet."), from, to);
      else if (self->diff != NULL)
        description = g_strdup_printf (_("%s and %s run the same versions with the same configuration."), from, to);

      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }

  set_promotion (self);
}

static void
on_computed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryDiffView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDiff) diff = ferry_diff_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  g_clear_pointer (&self->diff, ferry_diff_unref);
  self->diff = g_steal_pointer (&diff);
  show_diff (self);

  if (error != NULL)
    gtk_label_set_label (self->summary_label, error->message);
}

static void
recompute (FerryDiffView *self)
{
  const gchar *from = ferry_diff_view_get_from (self);
  const gchar *to = ferry_diff_view_get_to (self);

  if (self->updating)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->diff, ferry_diff_unref);

  if (self->workspace == NULL || self->state == NULL || from == NULL || to == NULL)
    {
      self->busy = FALSE;
      gtk_spinner_stop (self->spinner);
      show_diff (self);
      return;
    }

  /* Commits are only counted here; a row reads its own when opened. */
  self->busy = TRUE;
  gtk_spinner_start (self->spinner);
  set_promotion (self);
  ferry_diff_compute_async (self->workspace, self->state, from, to, NULL, 0,
                            self->cancellable, on_computed, g_object_ref (self));
}

static guint
find_name (FerryDiffView *self,
           const gchar   *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  for (guint i = 0; name != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->names, i), name) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

/**
 * ferry_diff_view_set_environments:
 * @self: a #FerryDiffView
 * @from: the source environment
 * @to: the target environment
 *
 * Compares @from with @to; unknown names are ignored.
 */
void
ferry_diff_view_set_environments (FerryDiffView *self,
                                  const gchar   *from,
                                  const gchar   *to)
{
  guint from_index, to_index;

  g_return_if_fail (FERRY_IS_DIFF_VIEW (self));

  if (self->names == NULL)
    return;

  from_index = find_name (self, from);
  to_index = find_name (self, to);
  if (from_index == GTK_INVALID_LIST_POSITION || to_index == GTK_INVALID_LIST_POSITION)
    return;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->from_dropdown, from_index);
  gtk_drop_down_set_selected (self->to_dropdown, to_index);
  self->updating = FALSE;

  recompute (self);
}

/**
 * ferry_diff_view_set_workspace:
 * @self: a #FerryDiffView
 * @workspace: (nullable): the workspace
 *
 * Offers @workspace's environments. The pair compared is kept when both
 * still exist, else it is the second environment and the one it
 * promotes from.
 */
void
ferry_diff_view_set_workspace (FerryDiffView  *self,
                               FerryWorkspace *workspace)
{
  g_autofree gchar *from = NULL;
  g_autofree gchar *to = NULL;
  guint n;

  g_return_if_fail (FERRY_IS_DIFF_VIEW (self));

  from = g_strdup (ferry_diff_view_get_from (self));
  to = g_strdup (ferry_diff_view_get_to (self));
  g_set_object (&self->workspace, workspace);

  self->updating = TRUE;
  g_clear_object (&self->names);
  self->names = gtk_string_list_new (NULL);
  n = workspace ? ferry_workspace_get_n_environments (workspace) : 0;
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->names, ferry_environment_get_name (ferry_workspace_get_environment_at (workspace, i)));
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (self->names));
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (self->names));
  self->updating = FALSE;

  if (n == 0)
    {
      recompute (self);
      return;
    }

  if (find_name (self, from) == GTK_INVALID_LIST_POSITION || find_name (self, to) == GTK_INVALID_LIST_POSITION)
    {
      FerryEnvironment *target = ferry_workspace_get_environment_at (workspace, n > 1 ? 1 : 0);
      FerryEnvironment *source = ferry_environment_get_from (target);

      g_free (from);
      g_free (to);
      from = g_strdup (ferry_environment_get_name (source ? source : ferry_workspace_get_environment_at (workspace, 0)));
      to = g_strdup (ferry_environment_get_name (target));
    }

  ferry_diff_view_set_environments (self, from, to);
}

/**
 * ferry_diff_view_set_state:
 * @self: a #FerryDiffView
 * @state: (nullable): what runs where
 */
void
ferry_diff_view_set_state (FerryDiffView      *self,
                           FerryStateSnapshot *state)
{
  g_return_if_fail (FERRY_IS_DIFF_VIEW (self));

  if (state == self->state)
    return;

  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  self->state = state ? ferry_state_snapshot_ref (state) : NULL;
  recompute (self);
}

/**
 * ferry_diff_view_get_diff:
 * @self: a #FerryDiffView
 *
 * Returns: (transfer none) (nullable): the differences shown, once computed
 */
FerryDiff *
ferry_diff_view_get_diff (FerryDiffView *self)
{
  g_return_val_if_fail (FERRY_IS_DIFF_VIEW (self), NULL);

  return self->diff;
}

/**
 * ferry_diff_view_is_busy:
 * @self: a #FerryDiffView
 *
 * Returns: whether the differences are being computed
 */
gboolean
ferry_diff_view_is_busy (FerryDiffView *self)
{
  g_return_val_if_fail (FERRY_IS_DIFF_VIEW (self), FALSE);

  return self->busy;
}

static void
on_swap_clicked (FerryDiffView *self)
{
  g_autofree gchar *from = g_strdup (ferry_diff_view_get_from (self));
  g_autofree gchar *to = g_strdup (ferry_diff_view_get_to (self));

  ferry_diff_view_set_environments (self, to, from);
}

static void
on_copy_computed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryDiffView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDiff) diff = ferry_diff_compute_finish (result, &error);
  g_autofree gchar *markdown = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), TRUE);
  if (diff == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      return;
    }

  markdown = ferry_diff_to_markdown (diff);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), markdown);
}

static void
on_copy_clicked (FerryDiffView *self)
{
  if (self->diff == NULL)
    return;

  g_cancellable_cancel (self->copy_cancellable);
  g_clear_object (&self->copy_cancellable);
  self->copy_cancellable = g_cancellable_new ();

  /* The commits are wanted on paper: read them now. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
  ferry_diff_compute_async (self->workspace, self->state, ferry_diff_get_from (self->diff),
                            ferry_diff_get_to (self->diff), NULL, 50, self->copy_cancellable,
                            on_copy_computed, g_object_ref (self));
}

GtkWidget *
ferry_diff_view_new (void)
{
  return g_object_new (FERRY_TYPE_DIFF_VIEW, NULL);
}

static void
ferry_diff_view_dispose (GObject *object)
{
  FerryDiffView *self = FERRY_DIFF_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->copy_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->copy_cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  g_clear_pointer (&self->diff, ferry_diff_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_DIFF_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->names);

  G_OBJECT_CLASS (ferry_diff_view_parent_class)->dispose (object);
}

static void
ferry_diff_view_class_init (FerryDiffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_diff_view_dispose;

  g_type_ensure (FERRY_TYPE_DIFF_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-diff-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, swap_button);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, promote_button);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, diff_list);
  gtk_widget_class_bind_template_child (widget_class, FerryDiffView, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_swap_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_promote_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diffview");
}

static void
ferry_diff_view_init (FerryDiffView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->copy_cancellable = g_cancellable_new ();

  g_signal_connect_object (self->from_dropdown, "notify::selected", G_CALLBACK (recompute), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_dropdown, "notify::selected", G_CALLBACK (recompute), self, G_CONNECT_SWAPPED);
  show_diff (self);
}

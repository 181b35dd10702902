/* ferry-plan-dialog.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-plan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-plan-dialog.h"

/* A promotion plan before it runs: its phases in the order the
 * dependency graph dictates, why each step would wait, and what the
 * promotion would ship: the diff of the two environments restricted to
 * the plan's services, commits read when a service is opened. */

struct _FerryPlanDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkLabel            *summary_label;
  GtkBox              *phases_box;
  AdwPreferencesGroup *preview_group;
  FerryDiffList       *preview_list;
  GtkButton           *copy_button;
  GtkButton           *promote_button;

  /* Owned references */
  FerryPlan           *plan;
  gchar               *from;
  gchar               *to;
  GStrv                services;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (FerryPlanDialog, ferry_plan_dialog, ADW_TYPE_WINDOW)

static const gchar *
state_label (FerryPlanStepState state)
{
  switch (state)
    {
    case FERRY_PLAN_STEP_READY:          return _("ready");
    case FERRY_PLAN_STEP_NEEDS_APPROVAL: return _("needs approval");
    case FERRY_PLAN_STEP_WAITING:        return _("waiting");
    case FERRY_PLAN_STEP_BLOCKED:        return _("blocked");
    default:                             return ferry_plan_step_state_to_string (state);
    }
}

static const gchar *
state_icon (FerryPlanStepState state)
{
  switch (state)
    {
    case FERRY_PLAN_STEP_READY:          return "emblem-ok-symbolic";
    case FERRY_PLAN_STEP_NEEDS_APPROVAL: return "changes-prevent-symbolic";
    case FERRY_PLAN_STEP_WAITING:        return "content-loading-symbolic";
    case FERRY_PLAN_STEP_BLOCKED:        return "action-unavailable-symbolic";
    default:                             return "dialog-question-symbolic";
    }
}

static GtkWidget *
step_row (FerryPlanItem *step)
{
  g_autofree gchar *version = ferry_diff_describe_version (step->version, step->tag);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (state_icon (step->state));

  if (step->current != NULL)
    {
      g_autofree gchar *current = ferry_short_id (step->current);
      g_string_append_printf (subtitle, _("%s, replacing %s"), version, current);
    }
  else
    g_string_append_printf (subtitle, _("%s, new in %s"), version, ferry_environment_get_name (step->environment));

  for (guint i = 0; i < step->reasons->len; i++)
    g_string_append_printf (subtitle, "\n%s", (const gchar *)g_ptr_array_index (step->reasons, i));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_service_get_name (step->service));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_box_append (GTK_BOX (state), icon);
  gtk_box_append (GTK_BOX (state), gtk_label_new (state_label (step->state)));
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  if (step->state == FERRY_PLAN_STEP_READY)
    gtk_widget_add_css_class (state, "success");
  else if (step->state == FERRY_PLAN_STEP_BLOCKED)
    gtk_widget_add_css_class (state, "error");
  else
    gtk_widget_add_css_class (state, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  return row;
}

static guint
count_steps (FerryPlan *plan)
{
  guint n = 0;

  for (guint i = 0; i < ferry_plan_get_n_phases (plan); i++)
    n += ferry_plan_get_n_steps (plan, i);

  return n;
}

static void
show_plan (FerryPlanDialog *self)
{
  guint n_phases = ferry_plan_get_n_phases (self->plan);
  guint n_steps = count_steps (self->plan);
  g_autofree gchar *steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", n_steps), n_steps);
  g_autofree gchar *summary = NULL;

  if (n_steps == 0)
    summary = g_strdup (_("Nothing to promote."));
  else
    /* TRANSLATORS: “5 steps in 2 phases, in the order the dependency graph dictates” */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s in %u phase, in the order the dependency graph dictates",
                                            "%s in %u phases, in the order the dependency graph dictates",
                                            n_phases),
                               steps, n_phases);
  gtk_label_set_label (self->summary_label, summary);

  for (guint i = 0; i < n_phases; i++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree gchar *title = g_strdup_printf (_("Phase %u"), i + 1);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      for (guint j = 0; j < ferry_plan_get_n_steps (self->plan, i); j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), step_row (ferry_plan_get_step (self->plan, i, j)));
      gtk_box_append (self->phases_box, group);
    }

  if (ferry_plan_get_n_skipped (self->plan) > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Left Out"));
      for (guint i = 0; i < ferry_plan_get_n_skipped (self->plan); i++)
        {
          FerryPlanSkip *skip = ferry_plan_get_skipped (self->plan, i);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), skip->service);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), skip->reason);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->phases_box, group);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), n_steps > 0);
}

static void
on_preview_computed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FerryPlanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDiff) diff = ferry_diff_compute_finish (result, &error);

  if (diff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->preview_group, error->message);
      return;
    }

  ferry_diff_list_set_diff (self->preview_list, diff);
}

/* Promote hands the plan's services to the window, which carries the
 * promotion out with the engine and reports how it went. */
static void
on_promote_clicked (FerryPlanDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->services == NULL || parent == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (parent), "win.run-promotion", "(ss^as)",
                              self->from, self->to, self->services);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_copy_clicked (FerryPlanDialog *self)
{
  g_autofree gchar *text = NULL;

  if (self->plan == NULL)
    return;

  text = ferry_plan_to_text (self->plan);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/**
 * ferry_plan_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: the workspace
 * @state: what runs where
 * @from: the environment to promote from
 * @to: the environment to promote to
 * @services: (nullable) (array zero-terminated=1): only these services
 *
 * Plans the promotion of @services from @from to @to, and shows the plan
 * with what it would ship.
 *
 * Returns: (transfer none): the dialog, owned by GTK's window list like
 *   any toplevel; present it, it is destroyed when closed
 */
FerryPlanDialog *
ferry_plan_dialog_new (GtkWindow           *parent,
                       FerryWorkspace      *workspace,
                       FerryStateSnapshot  *state,
                       const gchar         *from,
                       const gchar         *to,
                       const gchar * const *services)
{
  FerryPlanDialog *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) planned = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree gchar *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  self = g_object_new (FERRY_TYPE_PLAN_DIALOG,
                       "transient-for", parent,
                       NULL);

  /* TRANSLATORS: the title of the plan dialog, e.g. “Promote dev → uat” */
  title = g_strdup_printf (_("Promote %s → %s"), from, to);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* Pure computation over the model and the state: no I/O. */
  if (!(self->plan = ferry_plan_compute (workspace, state, to, from, services, now, &error)))
    {
      gtk_label_set_label (self->summary_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->promote_button), FALSE);
      return self;
    }

  show_plan (self);

  for (guint i = 0; i < ferry_plan_get_n_phases (self->plan); i++)
    for (guint j = 0; j < ferry_plan_get_n_steps (self->plan, i); j++)
      g_strv_builder_add (planned, ferry_service_get_name (ferry_plan_get_step (self->plan, i, j)->service));
  names = g_strv_builder_end (planned);

  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->services = g_strdupv (names);
  gtk_widget_set_visible (GTK_WIDGET (self->promote_button), names[0] != NULL);

  /* The approver sees what will ship: the same diff, for the plan's
   * services only. */
  if (names[0] != NULL)
    ferry_diff_compute_async (workspace, state, from, to, (const gchar * const *)names, 0,
                              self->cancellable, on_preview_computed, g_object_ref (self));

  return self;
}

/**
 * ferry_plan_dialog_get_plan:
 * @self: a #FerryPlanDialog
 *
 * Returns: (transfer none) (nullable): the plan, %NULL when it could not
 *   be made
 */
FerryPlan *
ferry_plan_dialog_get_plan (FerryPlanDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PLAN_DIALOG (self), NULL);

  return self->plan;
}

/**
 * ferry_plan_dialog_get_preview:
 * @self: a #FerryPlanDialog
 *
 * Returns: (transfer none): the list of what the plan would ship
 */
FerryDiffList *
ferry_plan_dialog_get_preview (FerryPlanDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PLAN_DIALOG (self), NULL);

  return self->preview_list;
}

static void
ferry_plan_dialog_dispose (GObject *object)
{
  FerryPlanDialog *self = FERRY_PLAN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plan, ferry_plan_unref);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->services, g_strfreev);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_PLAN_DIALOG);

  G_OBJECT_CLASS (ferry_plan_dialog_parent_class)->dispose (object);
}

static void
ferry_plan_dialog_class_init (FerryPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_plan_dialog_dispose;

  g_type_ensure (FERRY_TYPE_DIFF_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, phases_box);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, preview_list);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FerryPlanDialog, promote_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_promote_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_plan_dialog_init (FerryPlanDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ferry-operations.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-operations"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-operations.h"

/* What the window's Deploy, Promote, Roll Back, Approve and Reject do:
 * ask what is needed in a dialog, run the engine in a worker thread (it
 * builds, starts processes and waits for health checks), and tell how it
 * went in a toast and a desktop notification. Refusals come back in the
 * engine's words. */

struct _FerryOperations
{
  GObject         parent_instance;

  GtkWindow      *parent;           /* weak */
  FerryWorkspace *workspace;
  FerryStore     *store;
  FerryEngine    *engine;
  GCancellable   *cancellable;
  gboolean        supervising;
};

G_DEFINE_FINAL_TYPE (FerryOperations, ferry_operations, G_TYPE_OBJECT)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  OP_DEPLOY,
  OP_PROMOTE,
  OP_ROLLBACK,
  OP_DECIDE,
  OP_SUPERVISE,
} OpKind;

typedef struct
{
  OpKind        kind;
  gchar        *service;
  gchar        *environment;
  gchar        *version;
  gchar        *comment;
  gchar        *from;
  gchar       **services;
  gchar        *override;      /* the reason to deploy during a freeze */
  gint64        request_id;
  FerryVerdict  verdict;
  gboolean      trust_first;

  /* Results */
  gboolean      ok;
  gboolean      untrusted;
  gchar        *frozen;        /* the freeze that refused it, in words */
  gchar        *commands;
  gchar        *message;
} Op;

static void
op_free (Op *op)
{
  g_free (op->service);
  g_free (op->environment);
  g_free (op->version);
  g_free (op->comment);
  g_free (op->from);
  g_strfreev (op->services);
  g_free (op->override);
  g_free (op->frozen);
  g_free (op->commands);
  g_free (op->message);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static void run_op (FerryOperations *self,
                    Op              *op);

/* The request of @op, again, without its results. */
static Op *
op_copy (const Op *op)
{
  Op *again = g_new0 (Op, 1);

  again->kind = op->kind;
  again->service = g_strdup (op->service);
  again->environment = g_strdup (op->environment);
  again->version = g_strdup (op->version);
  again->comment = g_strdup (op->comment);
  again->from = g_strdup (op->from);
  again->services = g_strdupv (op->services);
  again->override = g_strdup (op->override);
  again->request_id = op->request_id;
  again->verdict = op->verdict;
  again->commands = g_strdup (op->commands);

  return again;
}

/* A toast with @message; with @notify, a desktop notification too. */
static void
tell (FerryOperations *self,
      const gchar     *message,
      const gchar     *title,
      gboolean         notify)
{
  GApplication *app = g_application_get_default ();

  g_signal_emit (self, signals[MESSAGE], 0, message);

  if (notify && app != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, message);
      g_notification_set_default_action (notification, "app.activate");
      g_application_send_notification (app, NULL, notification);
    }
}

/* The outcome of a run, in one line. */
static gchar *
describe_run (FerryPlanRun *run,
              gboolean     *ok)
{
  guint healthy = 0, waiting = 0, stopped = 0;
  const gchar *why = NULL;
  FerryPlanStep *first_stopped = NULL;

  for (guint i = 0; i < run->steps->len; i++)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, i);

      switch (step->state)
        {
        case FERRY_STEP_STATE_HEALTHY:
          healthy++;
          break;

        case FERRY_STEP_STATE_WAITING_FOR_APPROVAL:
        case FERRY_STEP_STATE_PENDING:
          waiting++;
          if (why == NULL)
            why = step->waiting_reason;
          break;

        case FERRY_STEP_STATE_FAILED:
        case FERRY_STEP_STATE_REFUSED:
          if (first_stopped == NULL)
            first_stopped = step;
          stopped++;
          break;

        case FERRY_STEP_STATE_CANCELLED:
        case FERRY_STEP_STATE_BUILDING:
        case FERRY_STEP_STATE_DEPLOYING:
        case FERRY_STEP_STATE_VERIFYING:
        default:
          break;
        }
    }

  *ok = stopped == 0;

  if (first_stopped != NULL)
    return g_strdup_printf (_("%s → %s %s: %s"), first_stopped->service, first_stopped->environment,
                            first_stopped->state == FERRY_STEP_STATE_REFUSED ? _("was refused") : _("failed"),
                            first_stopped->error ? first_stopped->error
                                                 : first_stopped->waiting_reason ? first_stopped->waiting_reason : "");

  if (waiting > 0 && run->steps->len == 1)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, 0);

      return g_strdup_printf (_("%s → %s waits: %s"), step->service, step->environment, why ? why : _("for approval"));
    }

  if (waiting > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service healthy in %s, %u waiting for approval",
                                         "%u services healthy in %s, %u waiting for approval", healthy),
                            healthy, run->target_environment, waiting);

  if (run->steps->len == 1)
    {
      FerryPlanStep *step = g_ptr_array_index (run->steps, 0);

      return g_strdup_printf (_("%s is healthy in %s"), step->service, step->environment);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service is healthy in %s",
                                       "%u services are healthy in %s", healthy),
                          healthy, run->target_environment);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  FerryOperations *self = source_object;
  Op *op = task_data;
  g_autoptr(FerryPlanRun) run = NULL;
  g_autoptr(FerryApprovalRequest) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *commands = NULL;

  if (op->kind == OP_SUPERVISE)
    {
      if (ferry_engine_is_trusted (self->engine, NULL))
        ferry_engine_reconcile (self->engine);
      op->ok = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (op->trust_first && !ferry_engine_trust (self->engine, &error))
    {
      op->message = g_strdup (error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!ferry_engine_is_trusted (self->engine, &commands))
    {
      op->untrusted = TRUE;
      op->commands = g_steal_pointer (&commands);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A freeze window: asked about before anything starts, so that the
   * person can give a reason and go ahead anyway. */
  if ((op->kind == OP_DEPLOY || op->kind == OP_PROMOTE) && op->override == NULL)
    {
      FerryEnvironment *env = ferry_workspace_get_environment (self->workspace, op->environment);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      FerryFreezeWindow *freeze = env ? ferry_environment_get_active_freeze (env, now) : NULL;

      if (freeze != NULL)
        {
          g_autoptr(GDateTime) until = g_date_time_to_local (ferry_freeze_window_get_until (freeze));
          g_autofree gchar *when = g_date_time_format (until, "%Y-%m-%d %H:%M");

          op->frozen = g_strdup_printf (_("%s is frozen until %s: %s"), op->environment, when,
                                        ferry_freeze_window_get_reason (freeze));
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  switch (op->kind)
    {
    case OP_DEPLOY:
      run = ferry_engine_deploy (self->engine, op->service, op->environment, op->version, op->override, cancellable, &error);
      break;

    case OP_PROMOTE:
      run = ferry_engine_promote (self->engine, (const gchar * const *)op->services, op->from, op->environment,
                                  op->override, cancellable, &error);
      break;

    case OP_ROLLBACK:
      run = ferry_engine_rollback (self->engine, op->service, op->environment, NULL, cancellable, &error);
      break;

    case OP_DECIDE:
      decided = ferry_engine_decide (self->engine, op->request_id, op->verdict, op->comment, cancellable, &error);
      break;

    case OP_SUPERVISE:
    default:
      g_assert_not_reached ();
    }

  if (run != NULL)
    op->message = describe_run (run, &op->ok);
  else if (decided != NULL)
    {
      op->ok = TRUE;
      op->message = g_strdup_printf (op->verdict == FERRY_VERDICT_APPROVE
                                       ? _("Approved %s → %s (%u of %u)")
                                       : _("Rejected %s → %s"),
                                     decided->service, decided->environment, decided->approvals, decided->required);
    }
  else
    op->message = g_strdup (error ? error->message : _("Nothing happened"));

  g_task_return_boolean (task, TRUE);
}

static void
on_trust_response (AdwMessageDialog *dialog,
                   const gchar      *response,
                   gpointer          user_data)
{
  g_autoptr(Op) op = user_data;
  FerryOperations *self = g_object_get_data (G_OBJECT (dialog), "operations");

  if (g_strcmp0 (response, "trust") != 0)
    {
      g_signal_emit (self, signals[MESSAGE], 0, _("Nothing was run: the workspace is not trusted"));
      return;
    }

  g_clear_pointer (&op->commands, g_free);
  op->untrusted = FALSE;
  op->trust_first = TRUE;
  run_op (self, g_steal_pointer (&op));
}

/* A dialog with Cancel and one @response; Escape cancels. */
static AdwMessageDialog *
new_dialog (FerryOperations       *self,
            const gchar           *heading,
            const gchar           *body,
            const gchar           *response,
            const gchar           *label,
            AdwResponseAppearance  appearance,
            const gchar           *default_response)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, default_response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "operations", g_object_ref (self), g_object_unref);

  return dialog;
}

static void
on_required_text_changed (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  const gchar *text = gtk_editable_get_text (entry);

  while (*text == ' ')
    text++;
  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (dialog), "required-response"),
                                           *text != '\0');
}

/* @response stays off until @entry holds some text: a reason to reject,
 * or to deploy into a frozen environment. */
static void
require_text (AdwMessageDialog *dialog,
              GtkWidget        *entry,
              const gchar      *response)
{
  g_object_set_data (G_OBJECT (dialog), "required-response", (gpointer)response);
  adw_message_dialog_set_response_enabled (dialog, response, FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_required_text_changed), dialog, 0);
}

/* Build and run commands come from a file someone else may have written:
 * the user sees them all before anything runs. */
static void
ask_for_trust (FerryOperations *self,
               Op              *op)
{
  AdwMessageDialog *dialog;
  GtkWidget *scroller;
  GtkWidget *label;

  dialog = new_dialog (self, _("Trust This Workspace?"),
                       _("Deploying runs the build and run commands of this workspace on this "
                         "computer. Trust it only if you trust whoever wrote them."),
                       "trust", _("_Trust and Continue"), ADW_RESPONSE_SUGGESTED, "cancel");
  label = gtk_label_new (op->commands);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (dialog, scroller);

  g_signal_connect (dialog, "response", G_CALLBACK (on_trust_response), op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_override_response (AdwMessageDialog *dialog,
                      const gchar      *response,
                      gpointer          user_data)
{
  g_autoptr(Op) op = user_data;
  FerryOperations *self = g_object_get_data (G_OBJECT (dialog), "operations");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "override") != 0)
    {
      g_signal_emit (self, signals[MESSAGE], 0, _("Nothing was deployed: the environment is frozen"));
      return;
    }

  op->override = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  run_op (self, g_steal_pointer (&op));
}

/* A freeze refuses, unless someone deploys anyway and says why: the
 * reason goes to the audit log. */
static void
ask_for_override (FerryOperations *self,
                  Op              *op,
                  const gchar     *frozen)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = new_dialog (self, _("The Environment Is Frozen"), frozen,
                       "override", _("_Deploy Anyway"), ADW_RESPONSE_DESTRUCTIVE, "cancel");
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why it cannot wait (required, audited)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  require_text (dialog, entry, "override");
  g_signal_connect (dialog, "response", G_CALLBACK (on_override_response), op);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_op_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FerryOperations *self = FERRY_OPERATIONS (object);
  Op *op = g_task_get_task_data (G_TASK (result));
  const gchar *title;

  if (op->kind == OP_SUPERVISE)
    {
      self->supervising = FALSE;
      return;
    }

  if (op->frozen != NULL)
    {
      ask_for_override (self, op_copy (op), op->frozen);
      return;
    }

  if (op->untrusted)
    {
      Op *again = op_copy (op);

      ask_for_trust (self, again);
      return;
    }

  switch (op->kind)
    {
    case OP_DEPLOY:
      title = op->ok ? _("Deployment finished") : _("Deployment did not succeed");
      break;

    case OP_PROMOTE:
      title = op->ok ? _("Promotion finished") : _("Promotion did not succeed");
      break;

    case OP_ROLLBACK:
      title = op->ok ? _("Rollback finished") : _("Rollback did not succeed");
      break;

    case OP_DECIDE:
    case OP_SUPERVISE:
    default:
      title = op->ok ? _("Decision recorded") : _("Decision refused");
      break;
    }

  tell (self, op->message, title, op->kind != OP_DECIDE || !op->ok);
}

static void
run_op (FerryOperations *self,
        Op              *op)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_op_done, NULL);

  g_task_set_source_tag (task, run_op);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);
  g_task_run_in_thread (task, op_thread);
}

static Op *
op_new (OpKind       kind,
        const gchar *service,
        const gchar *environment)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->service = g_strdup (service);
  op->environment = g_strdup (environment);

  return op;
}

/* Deploy */

typedef struct
{
  gchar     *service;
  gchar     *environment;
  GPtrArray *commits;     /* FerryCommit */
  GPtrArray *labels;      /* gchar* */
} DeployChoice;

static void
deploy_choice_free (DeployChoice *choice)
{
  g_free (choice->service);
  g_free (choice->environment);
  g_clear_pointer (&choice->commits, g_ptr_array_unref);
  g_clear_pointer (&choice->labels, g_ptr_array_unref);
  g_free (choice);
}

static void
versions_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FerryOperations *self = source_object;
  DeployChoice *choice = task_data;
  FerryService *service = ferry_workspace_get_service (self->workspace, choice->service);
  FerryRepo *repo = ferry_service_get_repo (service);
  g_autoptr(GError) error = NULL;

  if (ferry_repo_get_path (repo) == NULL || ferry_repo_get_head (repo) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("%s's repository is not on this computer"), ferry_repo_get_name (repo));
      return;
    }

  if (!(choice->commits = ferry_git_log (ferry_repo_get_path (repo), NULL, ferry_repo_get_head (repo), 50, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  choice->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < choice->commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (choice->commits, i);
      const gchar *tag = ferry_repo_get_tag (repo, commit->id);
      g_autofree gchar *short_id = ferry_short_id (commit->id);

      g_ptr_array_add (choice->labels, tag ? g_strdup_printf ("%s · %s (%s)", tag, commit->subject, short_id)
                                           : g_strdup_printf ("%s · %s", short_id, commit->subject));
    }
  g_ptr_array_add (choice->labels, NULL);

  g_task_return_boolean (task, TRUE);
}

static void
on_deploy_response (AdwMessageDialog *dialog,
                    const gchar      *response,
                    DeployChoice     *choice)
{
  FerryOperations *self = g_object_get_data (G_OBJECT (dialog), "operations");
  GtkDropDown *drop_down = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  guint selected = gtk_drop_down_get_selected (drop_down);
  Op *op;

  if (g_strcmp0 (response, "deploy") != 0 || selected >= choice->commits->len)
    return;

  op = op_new (OP_DEPLOY, choice->service, choice->environment);
  op->version = g_strdup (((FerryCommit *)g_ptr_array_index (choice->commits, selected))->id);
  run_op (self, op);
}

static void
on_versions_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FerryOperations *self = FERRY_OPERATIONS (object);
  DeployChoice *choice = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree gchar *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *drop_down;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }

  heading = g_strdup_printf (_("Deploy %s to %s"), choice->service, choice->environment);
  dialog = new_dialog (self, heading,
                       _("The version is built from its commit and checked on a spare port; it replaces "
                         "what runs only once it is healthy, through the environment's approvals."),
                       "deploy", _("_Deploy"), ADW_RESPONSE_SUGGESTED, "deploy");
  drop_down = gtk_drop_down_new_from_strings ((const gchar * const *)choice->labels->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Version"), -1);
  adw_message_dialog_set_extra_child (dialog, drop_down);
  g_signal_connect (dialog, "response", G_CALLBACK (on_deploy_response), choice);
  /* The choice lives as long as the task, which the dialog keeps. */
  g_object_set_data_full (G_OBJECT (dialog), "task", g_object_ref (result), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ferry_operations_deploy:
 * @self: a #FerryOperations
 * @service: a service name
 * @environment: an environment name
 *
 * Asks which version of @service to deploy to @environment, then does.
 */
void
ferry_operations_deploy (FerryOperations *self,
                         const gchar     *service,
                         const gchar     *environment)
{
  g_autoptr(GTask) task = NULL;
  DeployChoice *choice;

  g_return_if_fail (FERRY_IS_OPERATIONS (self));

  if (ferry_workspace_get_service (self->workspace, service) == NULL)
    return;

  choice = g_new0 (DeployChoice, 1);
  choice->service = g_strdup (service);
  choice->environment = g_strdup (environment);

  task = g_task_new (self, self->cancellable, on_versions_ready, NULL);
  g_task_set_source_tag (task, ferry_operations_deploy);
  g_task_set_task_data (task, choice, (GDestroyNotify)deploy_choice_free);
  g_task_run_in_thread (task, versions_thread);
}

/**
 * ferry_operations_promote:
 * @self: a #FerryOperations
 * @from: the environment promoted from
 * @to: the environment to promote to
 * @services: (nullable) (array zero-terminated=1): the services; by
 *   default every one whose version differs
 *
 * Carries out the promotion the plan dialog showed, phase by phase.
 */
void
ferry_operations_promote (FerryOperations     *self,
                          const gchar         *from,
                          const gchar         *to,
                          const gchar * const *services)
{
  Op *op;

  g_return_if_fail (FERRY_IS_OPERATIONS (self));
  g_return_if_fail (from != NULL && to != NULL);

  op = op_new (OP_PROMOTE, NULL, to);
  op->from = g_strdup (from);
  op->services = g_strdupv ((gchar **)services);
  run_op (self, op);
}

/* Roll back */

static void
on_rollback_response (AdwMessageDialog *dialog,
                      const gchar      *response,
                      gpointer          user_data)
{
  FerryOperations *self = g_object_get_data (G_OBJECT (dialog), "operations");

  if (g_strcmp0 (response, "rollback") == 0)
    run_op (self, op_new (OP_ROLLBACK, g_object_get_data (G_OBJECT (dialog), "service"),
                          g_object_get_data (G_OBJECT (dialog), "environment")));
}

/**
 * ferry_operations_rollback:
 * @self: a #FerryOperations
 * @service: a service name
 * @environment: an environment name
 *
 * Asks for confirmation, then rolls @service back in @environment to its
 * previous healthy version.
 */
void
ferry_operations_rollback (FerryOperations *self,
                           const gchar     *service,
                           const gchar     *environment)
{
  g_autofree gchar *heading = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (FERRY_IS_OPERATIONS (self));

  heading = g_strdup_printf (_("Roll Back %s in %s?"), service, environment);
  dialog = new_dialog (self, heading,
                       _("It goes back to the last version that was healthy there, through the "
                         "environment's usual approvals."),
                       "rollback", _("_Roll Back"), ADW_RESPONSE_DESTRUCTIVE, "rollback");
  g_object_set_data_full (G_OBJECT (dialog), "service", g_strdup (service), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "environment", g_strdup (environment), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_rollback_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Approve, reject */

static void
on_decide_response (AdwMessageDialog *dialog,
                    const gchar      *response,
                    gpointer          user_data)
{
  FerryOperations *self = g_object_get_data (G_OBJECT (dialog), "operations");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const gchar *comment = gtk_editable_get_text (entry);
  Op *op;

  if (g_strcmp0 (response, "approve") != 0 && g_strcmp0 (response, "reject") != 0)
    return;

  op = op_new (OP_DECIDE, NULL, NULL);
  op->request_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "request"));
  op->verdict = g_strcmp0 (response, "approve") == 0 ? FERRY_VERDICT_APPROVE : FERRY_VERDICT_REJECT;
  op->comment = *comment ? g_strdup (comment) : NULL;
  run_op (self, op);
}

/**
 * ferry_operations_decide:
 * @self: a #FerryOperations
 * @request_id: an approval request
 * @verdict: approve or reject
 *
 * Asks for a comment (required to reject), then records the decision;
 * the last required approval lets the gated steps go ahead here.
 */
void
ferry_operations_decide (FerryOperations *self,
                         gint64           request_id,
                         FerryVerdict     verdict)
{
  gboolean approve = verdict == FERRY_VERDICT_APPROVE;
  g_autofree gchar *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_return_if_fail (FERRY_IS_OPERATIONS (self));

  heading = g_strdup_printf (approve ? _("Approve Request %" G_GINT64_FORMAT "?")
                                     : _("Reject Request %" G_GINT64_FORMAT "?"), request_id);
  dialog = new_dialog (self, heading,
                       approve ? _("Once approved, the deployment goes ahead from this window.")
                               : _("The deployment will not happen. Say why, for the requester and the audit log."),
                       approve ? "approve" : "reject", approve ? _("_Approve") : _("_Reject"),
                       approve ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE,
                       approve ? "approve" : "reject");
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), approve ? _("Comment (optional)") : _("Reason (required)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  if (!approve)
    require_text (dialog, entry, "reject");
  g_object_set_data (G_OBJECT (dialog), "request", GSIZE_TO_POINTER ((gsize)request_id));
  g_signal_connect (dialog, "response", G_CALLBACK (on_decide_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * ferry_operations_supervise:
 * @self: a #FerryOperations
 *
 * Settles deploys a dead process left behind and restarts local services
 * that crashed (with backoff), in a worker thread; call it periodically.
 */
void
ferry_operations_supervise (FerryOperations *self)
{
  g_return_if_fail (FERRY_IS_OPERATIONS (self));

  if (self->supervising)
    return;

  self->supervising = TRUE;
  run_op (self, op_new (OP_SUPERVISE, NULL, NULL));
}

const gchar *
ferry_operations_get_user (FerryOperations *self)
{
  g_return_val_if_fail (FERRY_IS_OPERATIONS (self), NULL);

  return ferry_engine_get_user (self->engine);
}

FerryEngine *
ferry_operations_get_engine (FerryOperations *self)
{
  g_return_val_if_fail (FERRY_IS_OPERATIONS (self), NULL);

  return self->engine;
}

FerryOperations *
ferry_operations_new (GtkWindow      *parent,
                      FerryWorkspace *workspace,
                      FerryStore     *store,
                      const gchar    *user)
{
  FerryOperations *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (FERRY_IS_STORE (store), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (FERRY_TYPE_OPERATIONS, NULL);
  self->parent = parent;
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *)&self->parent);
  self->workspace = g_object_ref (workspace);
  self->store = g_object_ref (store);
  self->engine = ferry_engine_new_full (workspace, store, user);

  return self;
}

static void
ferry_operations_dispose (GObject *object)
{
  FerryOperations *self = FERRY_OPERATIONS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->parent), (gpointer *)&self->parent);
  self->parent = NULL;

  G_OBJECT_CLASS (ferry_operations_parent_class)->dispose (object);
}

static void
ferry_operations_finalize (GObject *object)
{
  FerryOperations *self = FERRY_OPERATIONS (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_operations_parent_class)->finalize (object);
}

static void
ferry_operations_class_init (FerryOperationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_operations_dispose;
  object_class->finalize = ferry_operations_finalize;

  /**
   * FerryOperations::message:
   * @self: a #FerryOperations
   * @text: what happened, in one line
   *
   * For a toast.
   */
  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ferry_operations_init (FerryOperations *self)
{
  self->cancellable = g_cancellable_new ();
}

/* ferry-diff-list.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-diff-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-diff-list.h"
#include "ferry-status.h"

/* The services that differ between two environments, one row each; a
 * row opens onto its configuration differences and the commits between
 * the two versions, which are read from the repository (in a worker
 * thread) only when the row is first opened. */

#define MAX_COMMITS 50

typedef enum
{
  ROW_SERVICE,
  ROW_NOTE,
  ROW_CONFIG,
  ROW_COMMIT,
  ROW_MORE,
  ROW_LOADING,
  ROW_ERROR,
} RowKind;

#define FERRY_TYPE_DIFF_ROW (ferry_diff_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryDiffRow, ferry_diff_row, FERRY, DIFF_ROW, GObject)

struct _FerryDiffRow
{
  GObject         parent_instance;

  gchar          *title;
  gchar          *subtitle;
  gchar          *end;
  const gchar    *icon_name;

  /* Service rows: the entry is borrowed from the list's diff */
  FerryDiffEntry *entry;
  GListStore     *children;

  RowKind         kind;
  guint           loading : 1;
  guint           loaded : 1;
};

G_DEFINE_FINAL_TYPE (FerryDiffRow, ferry_diff_row, G_TYPE_OBJECT)

static void
ferry_diff_row_finalize (GObject *object)
{
  FerryDiffRow *self = FERRY_DIFF_ROW (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->end);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (ferry_diff_row_parent_class)->finalize (object);
}

static void
ferry_diff_row_class_init (FerryDiffRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_diff_row_finalize;
}

static void
ferry_diff_row_init (FerryDiffRow *self)
{
}

static FerryDiffRow *
row_new (RowKind      kind,
         const gchar *title,
         const gchar *subtitle)
{
  FerryDiffRow *row = g_object_new (FERRY_TYPE_DIFF_ROW, NULL);

  row->kind = kind;
  row->title = g_strdup (title);
  row->subtitle = g_strdup (subtitle);

  return row;
}

struct _FerryDiffList
{
  GtkWidget         parent_instance;

  GtkWidget        *scroller;
  GtkListView      *list_view;

  /* Owned references */
  FerryDiff        *diff;
  GListStore       *root;          /* FerryDiffRow of the services */
  GtkTreeListModel *tree;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (FerryDiffList, ferry_diff_list, GTK_TYPE_WIDGET)

static gchar *
describe_side (const gchar *environment,
               const gchar *version,
               const gchar *tag,
               const gchar *status)
{
  g_autofree gchar *what = ferry_status_format_version (version, tag);

  if (version == NULL)
    return g_strdup_printf (_("%s: not deployed"), environment);

  /* TRANSLATORS: an environment, the version it runs and its status, e.g. “uat: v1.2.0, healthy” */
  return g_strdup_printf (_("%s: %s, %s"), environment, what, ferry_status_get_label (status));
}

static gchar *
describe_direction (FerryDiff      *diff,
                    FerryDiffEntry *entry)
{
  switch (entry->direction)
    {
    case FERRY_DIFF_AHEAD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u commit to ship", "%u commits to ship", entry->n_ahead),
                              entry->n_ahead);
    case FERRY_DIFF_TARGET_AHEAD:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s ahead by %u commit", "%s ahead by %u commits", entry->n_behind),
                              ferry_diff_get_to (diff), entry->n_behind);
    case FERRY_DIFF_DIVERGED:
      return g_strdup_printf (_("diverged: %u to ship, %u only in %s"), entry->n_ahead, entry->n_behind,
                              ferry_diff_get_to (diff));
    case FERRY_DIFF_ONE_SIDED:
      return g_strdup_printf (_("only in %s"), entry->only_in);
    case FERRY_DIFF_SAME:
      return g_strdup (_("same version"));
    case FERRY_DIFF_UNKNOWN:
    default:
      return g_strdup (_("history unknown"));
    }
}

static FerryDiffRow *
service_row_new (FerryDiff      *diff,
                 FerryDiffEntry *entry)
{
  g_autofree gchar *from = describe_side (ferry_diff_get_from (diff), entry->from_version,
                                          entry->from_tag, entry->from_status);
  g_autofree gchar *to = describe_side (ferry_diff_get_to (diff), entry->to_version,
                                        entry->to_tag, entry->to_status);
  g_autofree gchar *subtitle = g_strdup_printf ("%s · %s", from, to);
  g_autofree gchar *direction = describe_direction (diff, entry);
  FerryDiffRow *row = row_new (ROW_SERVICE, entry->service, subtitle);
  guint n = entry->config->len;

  row->entry = entry;
  row->children = g_list_store_new (FERRY_TYPE_DIFF_ROW);

  if (n > 0)
    row->end = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u configuration change",
                                             "%s · %u configuration changes", n), direction, n);
  else
    row->end = g_steal_pointer (&direction);

  for (guint i = 0; i < n; i++)
    {
      FerryConfigChange *change = g_ptr_array_index (entry->config, i);
      g_autofree gchar *values = g_strdup_printf ("%s: %s · %s: %s",
                                                  ferry_diff_get_from (diff), change->from ? change->from : _("unset"),
                                                  ferry_diff_get_to (diff), change->to ? change->to : _("unset"));
      g_autoptr(FerryDiffRow) child = row_new (ROW_CONFIG, change->key, values);

      g_list_store_append (row->children, child);
    }

  if (entry->model == NULL)
    {
      g_autoptr(FerryDiffRow) child = row_new (ROW_NOTE, _("No longer in the workspace"), NULL);
      g_list_store_append (row->children, child);
    }

  if (entry->only_in != NULL)
    {
      g_autofree gchar *text = g_strdup_printf (_("Deployed in %s only"), entry->only_in);
      g_autoptr(FerryDiffRow) child = row_new (ROW_NOTE, text, NULL);
      g_list_store_append (row->children, child);
    }

  if (entry->problem != NULL)
    {
      g_autoptr(FerryDiffRow) child = row_new (ROW_ERROR, _("History unknown"), entry->problem);

      child->icon_name = "dialog-warning-symbolic";
      g_list_store_append (row->children, child);
    }

  if (entry->n_ahead > 0 || entry->n_behind > 0)
    {
      g_autoptr(FerryDiffRow) child = row_new (ROW_LOADING, _("Reading commits…"), NULL);
      g_list_store_append (row->children, child);
    }
  else
    row->loaded = TRUE;

  return row;
}

static void
append_commits (GPtrArray   *rows,
                GPtrArray   *commits,
                guint        total,
                const gchar *heading)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_ptr_array_add (rows, row_new (ROW_NOTE, heading, NULL));

  for (guint i = 0; i < commits->len; i++)
    {
      FerryCommit *commit = g_ptr_array_index (commits, i);
      g_autofree gchar *short_id = ferry_short_id (commit->id);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (commit->time);
      g_autofree gchar *date = time ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("?");
      g_autofree gchar *subtitle = NULL;
      FerryDiffRow *row;

      if (commit->is_merge)
        subtitle = g_strdup_printf (_("%s · %s · %s · merge"), short_id, commit->author, date);
      else
        subtitle = g_strdup_printf ("%s · %s · %s", short_id, commit->author, date);

      row = row_new (ROW_COMMIT, commit->subject, subtitle);
      g_ptr_array_add (rows, row);
    }

  if (total > commits->len)
    {
      g_autofree gchar *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more commit",
                                                             "… and %u more commits", total - commits->len),
                                                total - commits->len);
      g_ptr_array_add (rows, row_new (ROW_MORE, more, _("ferryctl diff lists them all with --max-commits")));
    }
}

typedef struct
{
  FerryDiff    *diff;
  FerryDiffRow *row;
  GPtrArray    *ahead;
  GPtrArray    *behind;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  ferry_diff_unref (job->diff);
  g_object_unref (job->row);
  g_clear_pointer (&job->ahead, g_ptr_array_unref);
  g_clear_pointer (&job->behind, g_ptr_array_unref);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  FerryDiffEntry *entry = job->row->entry;
  GError *error = NULL;

  /* libgit2 in a worker thread, one repository handle per call. */
  if (entry->n_ahead > 0 && !(job->ahead = ferry_diff_entry_read_commits (entry, FALSE, MAX_COMMITS, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (entry->n_behind > 0 && !(job->behind = ferry_diff_entry_read_commits (entry, TRUE, MAX_COMMITS, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_commits_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  FerryDiffRow *row = job->row;
  FerryDiffEntry *entry = row->entry;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (row->children));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_ptr_array_add (rows, row_new (ROW_ERROR, _("Cannot read the commits"), error->message));
    }

  if (job->ahead != NULL)
    {
      g_autofree gchar *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u commit in %s is not in %s: promoting ships it",
                                                                "%u commits in %s are not in %s: promoting ships them",
                                                                entry->n_ahead),
                                                   entry->n_ahead, ferry_diff_get_from (job->diff),
                                                   ferry_diff_get_to (job->diff));
      append_commits (rows, job->ahead, entry->n_ahead, heading);
    }

  if (job->behind != NULL)
    {
      g_autofree gchar *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s is ahead: %u commit in it is not in %s, and promoting %s would take it out",
                                                                "%s is ahead: %u commits in it are not in %s, and promoting %s would take them out",
                                                                entry->n_behind),
                                                   ferry_diff_get_to (job->diff), entry->n_behind,
                                                   ferry_diff_get_from (job->diff), ferry_diff_get_from (job->diff));
      append_commits (rows, job->behind, entry->n_behind, heading);
    }

  /* The placeholder is the last child. */
  row->loaded = TRUE;
  row->loading = FALSE;
  g_list_store_splice (row->children, n - 1, 1, rows->pdata, rows->len);
}

static void
load_commits (FerryDiffList *self,
              FerryDiffRow  *row)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  if (row->loaded || row->loading)
    return;

  row->loading = TRUE;

  job = g_new0 (LoadJob, 1);
  job->diff = ferry_diff_ref (self->diff);
  job->row = g_object_ref (row);

  task = g_task_new (self, self->cancellable, on_commits_loaded, NULL);
  g_task_set_source_tag (task, load_commits);
  g_task_set_task_data (task, job, (GDestroyNotify)load_job_free);
  g_task_run_in_thread (task, load_thread);
}

/* A row was opened when its children appear right after it. */
static void
on_tree_items_changed (FerryDiffList *self,
                       guint          position,
                       guint          removed,
                       guint          added,
                       GListModel    *model)
{
  g_autoptr(GtkTreeListRow) parent = NULL;
  g_autoptr(FerryDiffRow) row = NULL;

  if (added == 0 || position == 0)
    return;

  parent = gtk_tree_list_model_get_row (self->tree, position - 1);
  if (parent == NULL || !gtk_tree_list_row_get_expanded (parent))
    return;

  row = gtk_tree_list_row_get_item (parent);
  if (row->kind == ROW_SERVICE)
    load_commits (self, row);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  FerryDiffRow *row = item;

  return row->children ? g_object_ref (G_LIST_MODEL (row->children)) : NULL;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *end = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (end), 1);
  gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (end, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), end);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);

  g_object_set_data (G_OBJECT (expander), "icon", icon);
  g_object_set_data (G_OBJECT (expander), "title", title);
  g_object_set_data (G_OBJECT (expander), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (expander), "end", end);
  gtk_list_item_set_child (item, expander);
}

static void
set_label (GtkWidget   *expander,
           const gchar *name,
           const gchar *text)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (expander), name);

  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkTreeListRow *list_row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  g_autoptr(FerryDiffRow) row = gtk_tree_list_row_get_item (list_row);
  GtkWidget *title = g_object_get_data (G_OBJECT (expander), "title");
  GtkWidget *icon = g_object_get_data (G_OBJECT (expander), "icon");

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), list_row);

  set_label (expander, "title", row->title);
  set_label (expander, "subtitle", row->subtitle);
  set_label (expander, "end", row->end);
  gtk_label_set_wrap (GTK_LABEL (title), row->kind == ROW_NOTE);
  gtk_label_set_ellipsize (GTK_LABEL (title), row->kind == ROW_NOTE ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);

  if (row->kind == ROW_SERVICE)
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");

  if (row->kind == ROW_NOTE || row->kind == ROW_MORE || row->kind == ROW_LOADING)
    gtk_widget_add_css_class (title, "dim-label");
  else
    gtk_widget_remove_css_class (title, "dim-label");

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), row->icon_name);
  gtk_widget_set_visible (icon, row->icon_name != NULL);

  /* Only services open. */
  gtk_list_item_set_activatable (item, row->kind == ROW_SERVICE);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

static void
on_activate (FerryDiffList *self,
             guint          position,
             GtkListView   *view)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/**
 * ferry_diff_list_set_diff:
 * @self: a #FerryDiffList
 * @diff: (nullable): the differences to show
 *
 * Shows a row per entry of @diff, closed. Commits are read when a row is
 * opened, at most 50 each way.
 */
void
ferry_diff_list_set_diff (FerryDiffList *self,
                          FerryDiff     *diff)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FerryDiff) old = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->root));

  g_return_if_fail (FERRY_IS_DIFF_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* A new state of the same two environments keeps the rows open. */
  if (self->diff != NULL && diff != NULL &&
      g_strcmp0 (ferry_diff_get_from (self->diff), ferry_diff_get_from (diff)) == 0 &&
      g_strcmp0 (ferry_diff_get_to (self->diff), ferry_diff_get_to (diff)) == 0)
    for (guint i = 0; i < n_old; i++)
      {
        g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, i);
        g_autoptr(FerryDiffRow) item = g_list_model_get_item (G_LIST_MODEL (self->root), i);

        if (row != NULL && gtk_tree_list_row_get_expanded (row))
          g_ptr_array_add (opened, g_strdup (item->entry->service));
      }

  old = g_steal_pointer (&self->diff);
  self->diff = diff ? ferry_diff_ref (diff) : NULL;

  for (guint i = 0; diff != NULL && i < ferry_diff_get_n_entries (diff); i++)
    g_ptr_array_add (rows, service_row_new (diff, ferry_diff_get_entry (diff, i)));

  g_list_store_splice (self->root, 0, n_old, rows->pdata, rows->len);

  for (guint i = 0; i < opened->len; i++)
    ferry_diff_list_expand (self, g_ptr_array_index (opened, i));
}

/**
 * ferry_diff_list_get_diff:
 * @self: a #FerryDiffList
 *
 * Returns: (transfer none) (nullable): the differences shown
 */
FerryDiff *
ferry_diff_list_get_diff (FerryDiffList *self)
{
  g_return_val_if_fail (FERRY_IS_DIFF_LIST (self), NULL);

  return self->diff;
}

static FerryDiffRow *
find_service (FerryDiffList *self,
              const gchar   *service,
              guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->root));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryDiffRow) row = g_list_model_get_item (G_LIST_MODEL (self->root), i);

      if (g_strcmp0 (row->entry->service, service) == 0)
        {
          if (position != NULL)
            *position = i;
          return row;
        }
    }

  return NULL;
}

/**
 * ferry_diff_list_expand:
 * @self: a #FerryDiffList
 * @service: a service's name
 *
 * Opens @service's row, reading its commits if they were not yet.
 *
 * Returns: whether @service is listed
 */
gboolean
ferry_diff_list_expand (FerryDiffList *self,
                        const gchar   *service)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  guint position;

  g_return_val_if_fail (FERRY_IS_DIFF_LIST (self), FALSE);

  if (find_service (self, service, &position) == NULL)
    return FALSE;

  row = gtk_tree_list_model_get_child_row (self->tree, position);
  gtk_tree_list_row_set_expanded (row, TRUE);

  return TRUE;
}

/**
 * ferry_diff_list_is_loaded:
 * @self: a #FerryDiffList
 * @service: a service's name
 *
 * Returns: whether @service's commits were read (or need not be)
 */
gboolean
ferry_diff_list_is_loaded (FerryDiffList *self,
                           const gchar   *service)
{
  FerryDiffRow *row;

  g_return_val_if_fail (FERRY_IS_DIFF_LIST (self), FALSE);

  row = find_service (self, service, NULL);

  return row != NULL && row->loaded;
}

/**
 * ferry_diff_list_get_n_commits:
 * @self: a #FerryDiffList
 * @service: a service's name
 *
 * Returns: how many commits @service's row lists, both ways, once read
 */
guint
ferry_diff_list_get_n_commits (FerryDiffList *self,
                               const gchar   *service)
{
  FerryDiffRow *row;
  guint n_commits = 0;
  guint n;

  g_return_val_if_fail (FERRY_IS_DIFF_LIST (self), 0);

  if (!(row = find_service (self, service, NULL)))
    return 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (row->children));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryDiffRow) child = g_list_model_get_item (G_LIST_MODEL (row->children), i);
      n_commits += child->kind == ROW_COMMIT;
    }

  return n_commits;
}

GtkWidget *
ferry_diff_list_new (void)
{
  return g_object_new (FERRY_TYPE_DIFF_LIST, NULL);
}

static void
ferry_diff_list_dispose (GObject *object)
{
  FerryDiffList *self = FERRY_DIFF_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->tree);
  g_clear_object (&self->root);
  g_clear_pointer (&self->diff, ferry_diff_unref);

  G_OBJECT_CLASS (ferry_diff_list_parent_class)->dispose (object);
}

static void
ferry_diff_list_class_init (FerryDiffListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_diff_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "difflist");
}

static void
ferry_diff_list_init (FerryDiffList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  self->cancellable = g_cancellable_new ();
  self->root = g_list_store_new (FERRY_TYPE_DIFF_ROW);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->root)), FALSE, FALSE,
                                        create_children, NULL, NULL);
  g_signal_connect_object (self->tree, "items-changed", G_CALLBACK (on_tree_items_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "rich-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Services that differ"), -1);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

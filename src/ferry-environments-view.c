/* ferry-environments-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environments-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-details-panel.h"
#include "ferry-diff-view.h"
#include "ferry-environments-view.h"
#include "ferry-status.h"

/* The Environments page: the matrix of services (grouped by team, then
 * repository and build) × environments, each cell the version running
 * there, its status and age, marked where it differs from the
 * environment to its left; and, beside it, the diff of any two
 * environments.
 *
 * The matrix is a GtkColumnView over a tree of the workspace's services:
 * rows are made only for what is on screen, so 2,000 services cost a
 * model, not 2,000 widgets. */

#define FERRY_TYPE_MATRIX_GROUP (ferry_matrix_group_get_type ())
G_DECLARE_FINAL_TYPE (FerryMatrixGroup, ferry_matrix_group, FERRY, MATRIX_GROUP, GObject)

/* A team, or a repository's build within it. */
struct _FerryMatrixGroup
{
  GObject     parent_instance;
  gchar      *label;
  GListStore *children;      /* FerryMatrixGroup, or FerryService */
  guint       n_services;
};

G_DEFINE_FINAL_TYPE (FerryMatrixGroup, ferry_matrix_group, G_TYPE_OBJECT)

static void
ferry_matrix_group_finalize (GObject *object)
{
  FerryMatrixGroup *self = FERRY_MATRIX_GROUP (object);

  g_free (self->label);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (ferry_matrix_group_parent_class)->finalize (object);
}

static void
ferry_matrix_group_class_init (FerryMatrixGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_matrix_group_finalize;
}

static void
ferry_matrix_group_init (FerryMatrixGroup *self)
{
}

static FerryMatrixGroup *
group_new (const gchar *label,
           GType        child_type)
{
  FerryMatrixGroup *group = g_object_new (FERRY_TYPE_MATRIX_GROUP, NULL);

  group->label = g_strdup (label);
  group->children = g_list_store_new (child_type);

  return group;
}

struct _FerryEnvironmentsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *filter_box;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *differing_button;
  GtkLabel           *count_label;
  GtkStack           *mode_stack;
  GtkColumnView      *matrix_view;
  GtkRevealer        *details_revealer;
  FerryDetailsPanel  *details_panel;
  FerryDiffView      *diff_view;

  /* Owned references */
  FerryWorkspace     *workspace;
  FerryStateSnapshot *state;
  GDateTime          *now;
  GListStore         *teams;         /* FerryMatrixGroup */
  GtkTreeListModel   *tree;
  GPtrArray          *env_columns;   /* GtkColumnViewColumn */
  GHashTable         *env_cells;     /* GtkListItem bound to a service's cell */

  guint               n_shown;
};

G_DEFINE_FINAL_TYPE (FerryEnvironmentsView, ferry_environments_view, GTK_TYPE_WIDGET)

static const FerryDeployed *
lookup (FerryEnvironmentsView *self,
        FerryService          *service,
        guint                  env_index)
{
  FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, env_index);
  const FerryDeployed *deployed;

  if (self->state == NULL || env == NULL)
    return NULL;

  deployed = ferry_state_snapshot_lookup (self->state, ferry_service_get_name (service),
                                          ferry_environment_get_name (env));

  return ferry_status_is_deployed (deployed) ? deployed : NULL;
}

/* The tag the engine recorded, else the one the repository has there. */
static const gchar *
tag_of (FerryService        *service,
        const FerryDeployed *deployed)
{
  if (deployed == NULL)
    return NULL;

  if (deployed->tag != NULL)
    return deployed->tag;

  return ferry_repo_get_tag (ferry_service_get_repo (service), deployed->version);
}

static const gchar *
version_at (FerryEnvironmentsView *self,
            FerryService          *service,
            guint                  env_index)
{
  const FerryDeployed *deployed = lookup (self, service, env_index);

  return deployed ? deployed->version : NULL;
}

/* Whether the version in some environment is not the one to its left. */
static gboolean
service_differs (FerryEnvironmentsView *self,
                 FerryService          *service)
{
  guint n = ferry_workspace_get_n_environments (self->workspace);

  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (version_at (self, service, i), version_at (self, service, i - 1)) != 0)
      return TRUE;

  return FALSE;
}

static gboolean
field_matches (const gchar *field,
               const gchar *needle)
{
  g_autofree gchar *folded = NULL;

  if (field == NULL)
    return FALSE;

  folded = g_utf8_casefold (field, -1);

  return strstr (folded, needle) != NULL;
}

static gboolean
service_matches (FerryService *service,
                 const gchar  *needle)
{
  FerryTeam *team = ferry_service_get_team (service);

  return needle == NULL ||
         field_matches (ferry_service_get_name (service), needle) ||
         (team != NULL && field_matches (ferry_team_get_name (team), needle)) ||
         field_matches (ferry_repo_get_name (ferry_service_get_repo (service)), needle) ||
         field_matches (ferry_build_get_name (ferry_service_get_build (service)), needle);
}

static gchar *
build_label (FerryService *service)
{
  const gchar *repo = ferry_repo_get_name (ferry_service_get_repo (service));
  const gchar *build = ferry_build_get_name (ferry_service_get_build (service));

  if (g_strcmp0 (repo, build) == 0)
    return g_strdup (repo);

  return g_strdup_printf ("%s / %s", repo, build);
}

static gint
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const FerryMatrixGroup *ga = *(FerryMatrixGroup * const *)a;
  const FerryMatrixGroup *gb = *(FerryMatrixGroup * const *)b;

  /* Services of no team come last. */
  if ((ga->label == NULL) != (gb->label == NULL))
    return ga->label == NULL ? 1 : -1;

  return g_strcmp0 (ga->label, gb->label);
}

static gint
compare_group_labels (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return g_strcmp0 (FERRY_MATRIX_GROUP ((gpointer)a)->label, FERRY_MATRIX_GROUP ((gpointer)b)->label);
}

static void
update_count (FerryEnvironmentsView *self)
{
  guint total = self->workspace ? ferry_workspace_get_n_services (self->workspace) : 0;
  g_autofree gchar *text = NULL;

  if (self->n_shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service", "%u services", total), total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u service", "%u of %u services", total),
                            self->n_shown, total);

  gtk_label_set_label (self->count_label, text);
}

/* The tree of teams → builds → services that pass the filter, in the
 * workspace's order within a build. */
static void
rebuild_groups (FerryEnvironmentsView *self)
{
  const gchar *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean differing = gtk_toggle_button_get_active (self->differing_button);
  g_autofree gchar *needle = text && text[0] ? g_utf8_casefold (text, -1) : NULL;
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) builds = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) team_list = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = self->workspace ? ferry_workspace_get_n_services (self->workspace) : 0;

  self->n_shown = 0;

  for (guint i = 0; i < n; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (self->workspace, i);
      FerryTeam *team_model = ferry_service_get_team (service);
      const gchar *team_name = team_model ? ferry_team_get_name (team_model) : "";
      FerryMatrixGroup *team, *build;

      if (!service_matches (service, needle) || (differing && !service_differs (self, service)))
        continue;

      if (!(team = g_hash_table_lookup (teams, team_name)))
        {
          team = group_new (team_model ? team_name : NULL, FERRY_TYPE_MATRIX_GROUP);
          g_hash_table_insert (teams, g_strdup (team_name), team);
          g_ptr_array_add (team_list, team);
        }

      if (!(build = g_hash_table_lookup (builds, ferry_service_get_build (service))))
        {
          g_autofree gchar *label = build_label (service);

          build = group_new (label, FERRY_TYPE_SERVICE);
          g_hash_table_insert (builds, ferry_service_get_build (service), build);
          g_list_store_append (team->children, build);
        }

      g_list_store_append (build->children, service);
      build->n_services++;
      team->n_services++;
      self->n_shown++;
    }

  g_ptr_array_sort (team_list, compare_groups);
  for (guint i = 0; i < team_list->len; i++)
    {
      FerryMatrixGroup *team = g_ptr_array_index (team_list, i);

      g_list_store_sort (team->children, compare_group_labels, NULL);
    }

  g_list_store_splice (self->teams, 0, g_list_model_get_n_items (G_LIST_MODEL (self->teams)),
                       team_list->pdata, team_list->len);
  update_count (self);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  if (FERRY_IS_MATRIX_GROUP (item))
    return g_object_ref (G_LIST_MODEL (FERRY_MATRIX_GROUP (item)->children));

  return NULL;
}

/* The service column */

static const gchar *
item_label (gpointer item)
{
  if (FERRY_IS_MATRIX_GROUP (item))
    return FERRY_MATRIX_GROUP (item)->label ? FERRY_MATRIX_GROUP (item)->label : "";

  return ferry_service_get_name (FERRY_SERVICE (item));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_utf8_collate (item_label ((gpointer)a), item_label ((gpointer)b));
}

static void
setup_name_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_object_set_data (G_OBJECT (expander), "name", name);
  g_object_set_data (G_OBJECT (expander), "count", count);
  gtk_list_item_set_child (item, expander);
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkLabel *name = g_object_get_data (G_OBJECT (expander), "name");
  GtkLabel *count = g_object_get_data (G_OBJECT (expander), "count");
  g_autoptr(GObject) object = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  if (FERRY_IS_MATRIX_GROUP (object))
    {
      FerryMatrixGroup *group = FERRY_MATRIX_GROUP (object);
      g_autofree gchar *n = g_strdup_printf ("%u", group->n_services);
      gboolean is_team = gtk_tree_list_row_get_depth (row) == 0;

      if (is_team && group->label != NULL)
        {
          g_autofree gchar *label = g_strdup_printf (_("team %s"), group->label);
          gtk_label_set_label (name, label);
        }
      else
        gtk_label_set_label (name, group->label ? group->label : _("No team"));

      gtk_label_set_label (count, n);
      gtk_widget_set_visible (GTK_WIDGET (count), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (name), "heading");
      gtk_widget_set_tooltip_text (GTK_WIDGET (name), NULL);
    }
  else
    {
      FerryService *service = FERRY_SERVICE (object);

      gtk_label_set_label (name, ferry_service_get_name (service));
      gtk_widget_set_visible (GTK_WIDGET (count), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (name), "heading");
      gtk_widget_set_tooltip_text (GTK_WIDGET (name), ferry_service_get_description (service));
    }
}

static void
unbind_name_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

/* The environment columns */

typedef struct
{
  FerryEnvironmentsView *self;     /* borrowed: it owns the columns */
  guint                  index;
} EnvColumn;

static gchar *
version_key (FerryEnvironmentsView *self,
             gpointer               item,
             guint                  index)
{
  const FerryDeployed *deployed;
  g_autofree gchar *text = NULL;

  if (!FERRY_IS_SERVICE (item) || !(deployed = lookup (self, item, index)))
    return NULL;

  text = ferry_status_format_version (deployed->version, tag_of (item, deployed));

  return g_utf8_collate_key_for_filename (text, -1);
}

/* By version, numbers in tags in numeric order; not deployed last. */
static gint
compare_versions (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  EnvColumn *column = user_data;
  g_autofree gchar *ka = NULL;
  g_autofree gchar *kb = NULL;

  if (FERRY_IS_MATRIX_GROUP ((gpointer)a))
    return compare_names (a, b, NULL);

  ka = version_key (column->self, (gpointer)a, column->index);
  kb = version_key (column->self, (gpointer)b, column->index);

  if ((ka == NULL) != (kb == NULL))
    return ka == NULL ? 1 : -1;

  return g_strcmp0 (ka, kb);
}

static void
setup_env_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              EnvColumn                *column)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *version = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (cell, "matrix-cell");
  gtk_label_set_xalign (GTK_LABEL (version), 0);
  gtk_label_set_ellipsize (GTK_LABEL (version), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (version, "matrix-version");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 12);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");

  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), detail);
  gtk_box_append (GTK_BOX (cell), version);
  gtk_box_append (GTK_BOX (cell), line);

  g_object_set_data (G_OBJECT (cell), "env-index", GUINT_TO_POINTER (column->index));
  g_object_set_data (G_OBJECT (cell), "version", version);
  g_object_set_data (G_OBJECT (cell), "line", line);
  g_object_set_data (G_OBJECT (cell), "icon", icon);
  g_object_set_data (G_OBJECT (cell), "detail", detail);
  gtk_list_item_set_child (item, cell);
}

static void
update_env_cell (FerryEnvironmentsView *self,
                 GtkListItem           *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "env-index"));
  GtkLabel *version = g_object_get_data (G_OBJECT (cell), "version");
  GtkWidget *line = g_object_get_data (G_OBJECT (cell), "line");
  GtkLabel *detail = g_object_get_data (G_OBJECT (cell), "detail");
  g_autoptr(GObject) object = row ? gtk_tree_list_row_get_item (row) : NULL;
  g_autofree gchar *version_text = NULL;
  g_autofree gchar *detail_text = NULL;
  g_autofree gchar *age = NULL;
  g_autoptr(GString) tooltip = g_string_new (NULL);
  FerryEnvironment *env;
  const FerryDeployed *deployed, *left = NULL;
  gboolean differs;

  if (!FERRY_IS_SERVICE (object) || self->workspace == NULL ||
      !(env = ferry_workspace_get_environment_at (self->workspace, index)))
    {
      gtk_widget_set_visible (GTK_WIDGET (version), FALSE);
      gtk_widget_set_visible (line, FALSE);
      gtk_widget_remove_css_class (cell, "differs");
      gtk_widget_set_tooltip_text (cell, NULL);
      return;
    }

  deployed = lookup (self, FERRY_SERVICE (object), index);
  if (index > 0)
    left = lookup (self, FERRY_SERVICE (object), index - 1);
  differs = index > 0 && g_strcmp0 (deployed ? deployed->version : NULL, left ? left->version : NULL) != 0;

  version_text = ferry_status_format_version (deployed ? deployed->version : NULL,
                                              tag_of (FERRY_SERVICE (object), deployed));
  age = deployed ? ferry_status_format_age (deployed->since, self->now) : NULL;
  if (age != NULL)
    /* TRANSLATORS: a status and for how long, e.g. “healthy · 3 h” */
    detail_text = g_strdup_printf (_("%s · %s"), ferry_status_get_label (deployed ? deployed->status : NULL), age);
  else
    detail_text = g_strdup (ferry_status_get_label (deployed ? deployed->status : NULL));

  gtk_widget_set_visible (GTK_WIDGET (version), TRUE);
  gtk_widget_set_visible (line, TRUE);
  gtk_label_set_label (version, version_text);
  gtk_label_set_label (detail, detail_text);
  ferry_status_apply (g_object_get_data (G_OBJECT (cell), "icon"), deployed ? deployed->status : NULL);

  if (deployed != NULL)
    {
      g_autofree gchar *short_id = ferry_short_id (deployed->version);

      g_string_append_printf (tooltip, "%s: %s", ferry_environment_get_name (env), short_id);
      if (tag_of (FERRY_SERVICE (object), deployed) != NULL)
        g_string_append_printf (tooltip, " (%s)", tag_of (FERRY_SERVICE (object), deployed));
      g_string_append_printf (tooltip, ", %s", ferry_status_get_label (deployed->status));
      if (deployed->by != NULL)
        g_string_append_printf (tooltip, _(", by %s"), deployed->by);
    }
  else
    g_string_append_printf (tooltip, _("%s: not deployed"), ferry_environment_get_name (env));

  if (differs)
    {
      g_autofree gchar *there = ferry_status_format_version (left ? left->version : NULL,
                                                             tag_of (FERRY_SERVICE (object), left));
      FerryEnvironment *left_env = ferry_workspace_get_environment_at (self->workspace, index - 1);

      g_string_append_c (tooltip, '\n');
      g_string_append_printf (tooltip, _("Differs from %s (%s there)"), ferry_environment_get_name (left_env),
                              left ? there : _("not deployed"));
      gtk_widget_add_css_class (cell, "differs");
    }
  else
    gtk_widget_remove_css_class (cell, "differs");

  gtk_widget_set_tooltip_text (cell, tooltip->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip->str, -1);
}

static void
bind_env_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             EnvColumn                *column)
{
  g_hash_table_add (column->self->env_cells, item);
  update_env_cell (column->self, item);
}

static void
unbind_env_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               EnvColumn                *column)
{
  g_hash_table_remove (column->self->env_cells, item);
}

/* One column per environment, in promotion order. */
static void
rebuild_env_columns (FerryEnvironmentsView *self)
{
  guint n = self->workspace ? ferry_workspace_get_n_environments (self->workspace) : 0;

  for (guint i = 0; i < self->env_columns->len; i++)
    gtk_column_view_remove_column (self->matrix_view, g_ptr_array_index (self->env_columns, i));
  g_ptr_array_set_size (self->env_columns, 0);

  for (guint i = 0; i < n; i++)
    {
      FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      EnvColumn *column = g_new0 (EnvColumn, 1);
      GtkColumnViewColumn *view_column;
      GtkSorter *sorter;

      column->self = self;
      column->index = i;
      g_object_set_data_full (G_OBJECT (factory), "column", column, g_free);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_env_cb), column);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_env_cb), column);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_env_cb), column);

      view_column = gtk_column_view_column_new (ferry_environment_get_name (env), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_versions, column, NULL));
      gtk_column_view_column_set_sorter (view_column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_column_set_expand (view_column, TRUE);
      gtk_column_view_append_column (self->matrix_view, view_column);
      g_ptr_array_add (self->env_columns, view_column);
    }
}

static void
refresh_cells (FerryEnvironmentsView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->env_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    update_env_cell (self, item);
}

/**
 * ferry_environments_view_show_details:
 * @self: a #FerryEnvironmentsView
 * @service: a service of the workspace shown
 *
 * Opens @service's details beside the matrix.
 */
void
ferry_environments_view_show_details (FerryEnvironmentsView *self,
                                      FerryService          *service)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));
  g_return_if_fail (FERRY_IS_SERVICE (service));

  gtk_stack_set_visible_child_name (self->mode_stack, "matrix");
  ferry_details_panel_set_service (self->details_panel, self->workspace, service, self->state);
  gtk_revealer_set_reveal_child (self->details_revealer, TRUE);
}

static void
on_matrix_activate (FerryEnvironmentsView *self,
                    guint                  position,
                    GtkColumnView         *view)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);
  g_autoptr(GObject) object = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (FERRY_IS_SERVICE (object))
    ferry_environments_view_show_details (self, FERRY_SERVICE (object));
  else if (row != NULL)
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
on_details_jump (FerryEnvironmentsView *self,
                 FerryService          *service,
                 FerryDetailsPanel     *panel)
{
  ferry_environments_view_show_details (self, service);
}

static void
on_details_close (FerryEnvironmentsView *self,
                  FerryDetailsPanel     *panel)
{
  gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->matrix_view));
}

static void
on_mode_changed (FerryEnvironmentsView *self)
{
  gtk_widget_set_visible (self->filter_box,
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "matrix") == 0);
}

/**
 * ferry_environments_view_set_workspace:
 * @self: a #FerryEnvironmentsView
 * @workspace: (nullable): the workspace to show
 */
void
ferry_environments_view_set_workspace (FerryEnvironmentsView *self,
                                       FerryWorkspace        *workspace)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));

  /* A new model: the old one's services are gone. */
  gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
  ferry_details_panel_set_service (self->details_panel, NULL, NULL, NULL);

  g_set_object (&self->workspace, workspace);
  rebuild_env_columns (self);
  rebuild_groups (self);
  ferry_diff_view_set_workspace (self->diff_view, workspace);
}

/**
 * ferry_environments_view_set_state:
 * @self: a #FerryEnvironmentsView
 * @state: (nullable): what runs where
 */
void
ferry_environments_view_set_state (FerryEnvironmentsView *self,
                                   FerryStateSnapshot    *state)
{
  FerryService *shown;

  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));

  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  self->state = state ? ferry_state_snapshot_ref (state) : NULL;
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_utc ();

  if (gtk_toggle_button_get_active (self->differing_button))
    rebuild_groups (self);
  else
    refresh_cells (self);

  shown = ferry_details_panel_get_service (self->details_panel);
  if (shown != NULL && gtk_revealer_get_reveal_child (self->details_revealer))
    ferry_details_panel_set_service (self->details_panel, self->workspace, shown, state);

  ferry_diff_view_set_state (self->diff_view, state);
}

/**
 * ferry_environments_view_set_read_only:
 * @self: a #FerryEnvironmentsView
 * @read_only: whether the state shown is a kept one, which nothing may
 *   act on
 */
void
ferry_environments_view_set_read_only (FerryEnvironmentsView *self,
                                       gboolean               read_only)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));

  ferry_diff_view_set_read_only (self->diff_view, read_only);
}

/**
 * ferry_environments_view_show_diff:
 * @self: a #FerryEnvironmentsView
 * @from: the source environment
 * @to: the target environment
 *
 * Shows the differences between @from and @to.
 */
void
ferry_environments_view_show_diff (FerryEnvironmentsView *self,
                                   const gchar           *from,
                                   const gchar           *to)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));

  ferry_diff_view_set_environments (self->diff_view, from, to);
  gtk_stack_set_visible_child_name (self->mode_stack, "diff");
}

/**
 * ferry_environments_view_focus_search:
 * @self: a #FerryEnvironmentsView
 *
 * Shows the matrix and puts the focus in its filter.
 */
void
ferry_environments_view_focus_search (FerryEnvironmentsView *self)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self));

  gtk_stack_set_visible_child_name (self->mode_stack, "matrix");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ferry_environments_view_get_n_shown:
 * @self: a #FerryEnvironmentsView
 *
 * Returns: how many services the matrix shows, after its filter
 */
guint
ferry_environments_view_get_n_shown (FerryEnvironmentsView *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self), 0);

  return self->n_shown;
}

/**
 * ferry_environments_view_get_diff_view:
 * @self: a #FerryEnvironmentsView
 *
 * Returns: (transfer none): the diff of two environments
 */
FerryDiffView *
ferry_environments_view_get_diff_view (FerryEnvironmentsView *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENTS_VIEW (self), NULL);

  return self->diff_view;
}

GtkWidget *
ferry_environments_view_new (void)
{
  return g_object_new (FERRY_TYPE_ENVIRONMENTS_VIEW, NULL);
}

static void
ferry_environments_view_dispose (GObject *object)
{
  FerryEnvironmentsView *self = FERRY_ENVIRONMENTS_VIEW (object);
  GtkWidget *child;

  if (self->matrix_view != NULL)
    gtk_column_view_set_model (self->matrix_view, NULL);
  g_clear_object (&self->tree);
  g_clear_object (&self->teams);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ENVIRONMENTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_pointer (&self->env_columns, g_ptr_array_unref);
  g_clear_pointer (&self->env_cells, g_hash_table_unref);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (ferry_environments_view_parent_class)->dispose (object);
}

static void
ferry_environments_view_class_init (FerryEnvironmentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_environments_view_dispose;

  g_type_ensure (FERRY_TYPE_DETAILS_PANEL);
  g_type_ensure (FERRY_TYPE_DIFF_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-environments-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, differing_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, matrix_view);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, details_panel);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentsView, diff_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "environmentsview");
}

static void
ferry_environments_view_init (FerryEnvironmentsView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) name_sorter = NULL;
  GtkTreeListRowSorter *row_sorter;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->env_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->env_cells = g_hash_table_new (NULL, NULL);
  self->now = g_date_time_new_now_utc ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_name_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_name_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_name_cb), NULL);
  column = gtk_column_view_column_new (_("Service"), g_object_ref (factory));
  name_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_names, NULL, NULL));
  gtk_column_view_column_set_sorter (column, name_sorter);
  gtk_column_view_column_set_fixed_width (column, 280);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->matrix_view, column);

  /* Teams → builds → services; a column's sort orders siblings. */
  self->teams = g_list_store_new (FERRY_TYPE_MATRIX_GROUP);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->teams)), FALSE, TRUE,
                                        create_children, NULL, NULL);
  row_sorter = gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->matrix_view)));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->tree)), GTK_SORTER (row_sorter));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->matrix_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->matrix_view, "activate", G_CALLBACK (on_matrix_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (rebuild_groups), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->differing_button, "toggled", G_CALLBACK (rebuild_groups), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mode_stack, "notify::visible-child-name", G_CALLBACK (on_mode_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_panel, "service-selected", G_CALLBACK (on_details_jump), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_panel, "close-requested", G_CALLBACK (on_details_close), self, G_CONNECT_SWAPPED);

  update_count (self);
}

/* ferry-workspace.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-workspace"

#include "config.h"

#include <string.h>

#include "ferry-git.h"
#include "ferry-model-private.h"
#include "ferry-utils.h"

G_DEFINE_FINAL_TYPE (FerryWorkspace, ferry_workspace, G_TYPE_OBJECT)
G_DEFINE_QUARK (ferry-workspace-error-quark, ferry_workspace_error)

static void
ferry_workspace_finalize (GObject *object)
{
  FerryWorkspace *self = FERRY_WORKSPACE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->manifest, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->ref, g_free);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->services_by_name, g_hash_table_unref);
  g_clear_pointer (&self->environments_by_name, g_hash_table_unref);
  g_clear_pointer (&self->teams_by_name, g_hash_table_unref);
  g_clear_pointer (&self->targets_by_name, g_hash_table_unref);
  g_clear_pointer (&self->repos_by_name, g_hash_table_unref);
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  g_clear_object (&self->services);
  g_clear_object (&self->environments);
  g_clear_pointer (&self->repos, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->diagnostics, ferry_diagnostics_free);

  G_OBJECT_CLASS (ferry_workspace_parent_class)->finalize (object);
}

static void
ferry_workspace_class_init (FerryWorkspaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_workspace_finalize;
}

static void
ferry_workspace_init (FerryWorkspace *self)
{
  self->services = g_list_store_new (FERRY_TYPE_SERVICE);
  self->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  self->teams = g_ptr_array_new_with_free_func (g_object_unref);
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  self->repos = g_ptr_array_new_with_free_func (g_object_unref);
  self->services_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->environments_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->teams_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->targets_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->repos_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->diagnostics = ferry_diagnostics_new ();
}

/**
 * ferry_workspace_is_git_url:
 * @location: what the user gave
 *
 * Returns: whether @location names a remote git repository (`https://…`,
 *   `ssh://…`, `file://…`, `git@host:path`) rather than a local path
 */
gboolean
ferry_workspace_is_git_url (const gchar *location)
{
  const gchar *colon;

  g_return_val_if_fail (location != NULL, FALSE);

  if (strstr (location, "://") != NULL)
    return TRUE;

  /* scp-like syntax: user@host:path, with no slash before the colon */
  colon = strchr (location, ':');
  return colon != NULL && strchr (location, '@') != NULL &&
         strchr (location, '@') < colon &&
         memchr (location, '/', colon - location) == NULL;
}

static gboolean
read_manifest (const gchar  *path,
               gchar       **contents,
               gsize        *length,
               GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_NOT_FOUND,
                   "%s is not a regular file", path);
      return FALSE;
    }

  if (g_file_info_get_size (info) > FERRY_WORKSPACE_MAX_SIZE)
    {
      g_set_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_INVALID,
                   "%s is %" G_GOFFSET_FORMAT " MiB; workspaces are limited to %d MiB",
                   path, g_file_info_get_size (info) / (1024 * 1024),
                   FERRY_WORKSPACE_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }

  return g_file_get_contents (path, contents, length, error);
}

static gchar *
cache_dir_for_url (const gchar *url)
{
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree gchar *short_hash = g_strndup (hash, 16);

  return g_build_filename (g_get_user_cache_dir (), "ferry", "workspaces", short_hash, NULL);
}

/**
 * ferry_workspace_load:
 * @location: a folder holding `ferry.json`, the file itself, or a git URL
 * @ref: (nullable): a git revision to read `ferry.json` from, without
 *   touching the working tree
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads and validates a workspace, builds its dependency graph and
 * inspects its local repositories. A git URL is cloned into
 * `$XDG_CACHE_HOME/ferry/workspaces/` (fetched again when already there).
 *
 * Problems in the workspace itself do not make this fail: they are in
 * ferry_workspace_get_diagnostics(), and ferry_workspace_is_valid() tells
 * whether any is an error. This blocks: use ferry_workspace_load_async()
 * from a user interface.
 *
 * Returns: (transfer full): the workspace, or %NULL when it cannot be
 *   found or read
 */
FerryWorkspace *
ferry_workspace_load (const gchar   *location,
                      const gchar   *ref,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(FerryWorkspace) self = NULL;
  g_autofree gchar *directory = NULL;
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *display = NULL;
  g_autofree gchar *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (location != NULL, NULL);

  ferry_core_init ();

  if (ferry_workspace_is_git_url (location))
    {
      directory = cache_dir_for_url (location);
      if (!ferry_git_clone_or_fetch (location, directory, cancellable, error))
        return NULL;
      manifest = g_build_filename (directory, "ferry.json", NULL);
      display = g_strdup_printf ("%s/ferry.json", location);
    }
  else if (g_file_test (location, G_FILE_TEST_IS_DIR))
    {
      directory = g_strdup (location);
      manifest = g_build_filename (location, "ferry.json", NULL);
      display = g_strcmp0 (location, ".") == 0 ? g_strdup ("ferry.json") : g_strdup (manifest);
    }
  else if (g_file_test (location, G_FILE_TEST_EXISTS))
    {
      directory = g_path_get_dirname (location);
      manifest = g_strdup (location);
      display = g_strdup (location);
    }
  else
    {
      g_set_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_NOT_FOUND,
                   "%s: no such file or folder", location);
      return NULL;
    }

  if (ref != NULL)
    {
      g_autofree gchar *ref_display = NULL;

      if (!ferry_git_read_file_at_ref (manifest, ref, &contents, &length, error))
        return NULL;

      ref_display = g_strdup_printf ("%s@%s", display, ref);
      g_free (display);
      display = g_steal_pointer (&ref_display);
    }
  else if (!g_file_test (manifest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FERRY_WORKSPACE_ERROR, FERRY_WORKSPACE_ERROR_NOT_FOUND,
                   "%s has no ferry.json: it is not a Ferry workspace", location);
      return NULL;
    }
  else if (!read_manifest (manifest, &contents, &length, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = ferry_workspace_load_from_data (contents, length, display, directory);
  self->source = g_strdup (location);
  self->ref = g_strdup (ref);

  if (!ferry_workspace_inspect_repos (self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ferry_workspace_load_from_data:
 * @data: the text of a `ferry.json`
 * @length: its length in bytes
 * @file: the name diagnostics report it under
 * @directory: (nullable): the folder relative repo urls resolve against
 *
 * Validates @data and builds the model, without touching any repository.
 *
 * Returns: (transfer full): the workspace, with its diagnostics
 */
FerryWorkspace *
ferry_workspace_load_from_data (const gchar *data,
                                gsize        length,
                                const gchar *file,
                                const gchar *directory)
{
  FerryWorkspace *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (file != NULL, NULL);

  self = g_object_new (FERRY_TYPE_WORKSPACE, NULL);
  self->manifest = g_strdup (file);
  self->directory = g_strdup (directory ? directory : ".");

  _ferry_workspace_build (self, data ? data : "", length);

  return self;
}

/**
 * ferry_workspace_inspect_repos:
 * @self: a #FerryWorkspace
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens each repository with a local url with libgit2 to learn its branch
 * head and tags. A repository that is missing, or not a git repository, is
 * a warning, not an error: the graph still works, and its versions are
 * unknown until it appears.
 *
 * Returns: %FALSE only when cancelled
 */
gboolean
ferry_workspace_inspect_repos (FerryWorkspace  *self,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), FALSE);

  for (guint i = 0; i < self->repos->len; i++)
    {
      FerryRepo *repo = g_ptr_array_index (self->repos, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree gchar *message = NULL;
      FerryDiagnostic *diagnostic;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (repo->url == NULL)
        continue;

      if (ferry_workspace_is_git_url (repo->url))
        {
          repo->state = FERRY_REPO_STATE_REMOTE;
          continue;
        }

      g_clear_pointer (&repo->head, g_free);
      g_hash_table_remove_all (repo->tags);

      if (!g_file_test (repo->path, G_FILE_TEST_EXISTS))
        {
          repo->state = FERRY_REPO_STATE_MISSING;
          message = g_strdup_printf ("%s (%s) does not exist; the versions of %s's services are unknown until it does",
                                     repo->url, repo->path, repo->name);
        }
      else if (!ferry_git_inspect (repo->path, repo->branch, &repo->head, repo->tags, &local_error))
        {
          repo->state = g_error_matches (local_error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NOT_A_REPOSITORY)
                        ? FERRY_REPO_STATE_NOT_GIT : FERRY_REPO_STATE_UNKNOWN;
          message = g_strdup (local_error->message);
        }
      else
        repo->state = FERRY_REPO_STATE_READY;

      if (message == NULL)
        continue;

      diagnostic = ferry_diagnostic_new (FERRY_SEVERITY_WARNING,
                                         repo->url_location.file,
                                         repo->url_location.line,
                                         repo->url_location.column,
                                         NULL, message);
      diagnostic->path = g_strdup_printf ("repos[%u].url", i);
      ferry_diagnostics_add (self->diagnostics, diagnostic);
    }

  ferry_diagnostics_sort (self->diagnostics);

  return TRUE;
}

typedef struct
{
  gchar *location;
  gchar *ref;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->location);
  g_free (data->ref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  FerryWorkspace *self;

  if ((self = ferry_workspace_load (data->location, data->ref, cancellable, &error)))
    g_task_return_pointer (task, self, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * ferry_workspace_load_async:
 * @location: a folder holding `ferry.json`, the file itself, or a git URL
 * @ref: (nullable): a git revision to read `ferry.json` from
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does ferry_workspace_load() in a worker thread.
 */
void
ferry_workspace_load_async (const gchar         *location,
                            const gchar         *ref,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (location != NULL);

  data = g_new0 (LoadData, 1);
  data->location = g_strdup (location);
  data->ref = g_strdup (ref);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_workspace_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ferry_workspace_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the workspace, or %NULL with @error set
 */
FerryWorkspace *
ferry_workspace_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_workspace_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const gchar *
ferry_workspace_get_name (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->name;
}

const gchar *
ferry_workspace_get_description (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->description;
}

/**
 * ferry_workspace_get_manifest:
 * @self: a #FerryWorkspace
 *
 * Returns: the name of its `ferry.json` as diagnostics report it
 */
const gchar *
ferry_workspace_get_manifest (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->manifest;
}

/**
 * ferry_workspace_get_directory:
 * @self: a #FerryWorkspace
 *
 * Returns: the folder its relative repo urls resolve against
 */
const gchar *
ferry_workspace_get_directory (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->directory;
}

/**
 * ferry_workspace_get_source:
 * @self: a #FerryWorkspace
 *
 * Returns: (nullable): the location it was loaded from
 */
const gchar *
ferry_workspace_get_source (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->source;
}

/**
 * ferry_workspace_get_diagnostics:
 * @self: a #FerryWorkspace
 *
 * Returns: (transfer none): every problem found, in file order
 */
FerryDiagnostics *
ferry_workspace_get_diagnostics (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return self->diagnostics;
}

/**
 * ferry_workspace_is_valid:
 * @self: a #FerryWorkspace
 *
 * Returns: %TRUE when no problem is an error (warnings are allowed)
 */
gboolean
ferry_workspace_is_valid (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), FALSE);

  return ferry_diagnostics_count_errors (self->diagnostics) == 0;
}

/**
 * ferry_workspace_get_services:
 * @self: a #FerryWorkspace
 *
 * Returns: (transfer none): a #GListModel of #FerryService in stable
 *   order: by layer, then repo, then name
 */
GListModel *
ferry_workspace_get_services (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return G_LIST_MODEL (self->services);
}

/**
 * ferry_workspace_get_environments:
 * @self: a #FerryWorkspace
 *
 * Returns: (transfer none): a #GListModel of #FerryEnvironment in
 *   promotion order
 */
GListModel *
ferry_workspace_get_environments (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return G_LIST_MODEL (self->environments);
}

guint
ferry_workspace_get_n_services (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->services));
}

/**
 * ferry_workspace_get_service_at:
 * @self: a #FerryWorkspace
 * @index: a position in the services model
 *
 * Returns: (transfer none): the service
 */
FerryService *
ferry_workspace_get_service_at (FerryWorkspace *self,
                                guint           index)
{
  FerryService *service;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  /* The store keeps its own reference; hand out a borrowed one. */
  service = g_list_model_get_item (G_LIST_MODEL (self->services), index);
  if (service != NULL)
    g_object_unref (service);

  return service;
}

/**
 * ferry_workspace_get_service:
 * @self: a #FerryWorkspace
 * @name: a service name
 *
 * Returns: (transfer none) (nullable): the service
 */
FerryService *
ferry_workspace_get_service (FerryWorkspace *self,
                             const gchar    *name)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return name ? g_hash_table_lookup (self->services_by_name, name) : NULL;
}

guint
ferry_workspace_get_n_environments (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->environments));
}

/**
 * ferry_workspace_get_environment_at:
 * @self: a #FerryWorkspace
 * @index: a position in promotion order
 *
 * Returns: (transfer none): the environment
 */
FerryEnvironment *
ferry_workspace_get_environment_at (FerryWorkspace *self,
                                    guint           index)
{
  FerryEnvironment *environment;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  environment = g_list_model_get_item (G_LIST_MODEL (self->environments), index);
  if (environment != NULL)
    g_object_unref (environment);

  return environment;
}

/**
 * ferry_workspace_get_environment:
 * @self: a #FerryWorkspace
 * @name: an environment name
 *
 * Returns: (transfer none) (nullable): the environment
 */
FerryEnvironment *
ferry_workspace_get_environment (FerryWorkspace *self,
                                 const gchar    *name)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return name ? g_hash_table_lookup (self->environments_by_name, name) : NULL;
}

guint
ferry_workspace_get_n_repos (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return self->repos->len;
}

/**
 * ferry_workspace_get_repo_at:
 * @self: a #FerryWorkspace
 * @index: a position in file order
 *
 * Returns: (transfer none): the repository
 */
FerryRepo *
ferry_workspace_get_repo_at (FerryWorkspace *self,
                             guint           index)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (index < self->repos->len, NULL);

  return g_ptr_array_index (self->repos, index);
}

/**
 * ferry_workspace_get_repo:
 * @self: a #FerryWorkspace
 * @name: a repository name
 *
 * Returns: (transfer none) (nullable): the repository
 */
FerryRepo *
ferry_workspace_get_repo (FerryWorkspace *self,
                          const gchar    *name)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return name ? g_hash_table_lookup (self->repos_by_name, name) : NULL;
}

guint
ferry_workspace_get_n_teams (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return self->teams->len;
}

/**
 * ferry_workspace_get_team_at:
 * @self: a #FerryWorkspace
 * @index: a position in file order
 *
 * Returns: (transfer none): the team
 */
FerryTeam *
ferry_workspace_get_team_at (FerryWorkspace *self,
                             guint           index)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (index < self->teams->len, NULL);

  return g_ptr_array_index (self->teams, index);
}

/**
 * ferry_workspace_get_team:
 * @self: a #FerryWorkspace
 * @name: a team name
 *
 * Returns: (transfer none) (nullable): the team
 */
FerryTeam *
ferry_workspace_get_team (FerryWorkspace *self,
                          const gchar    *name)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return name ? g_hash_table_lookup (self->teams_by_name, name) : NULL;
}

guint
ferry_workspace_get_n_targets (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return self->targets->len;
}

/**
 * ferry_workspace_get_target_at:
 * @self: a #FerryWorkspace
 * @index: a position; the built-in `local` target comes first
 *
 * Returns: (transfer none): the target
 */
FerryTarget *
ferry_workspace_get_target_at (FerryWorkspace *self,
                               guint           index)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (index < self->targets->len, NULL);

  return g_ptr_array_index (self->targets, index);
}

/**
 * ferry_workspace_get_target:
 * @self: a #FerryWorkspace
 * @name: a target name
 *
 * Returns: (transfer none) (nullable): the target
 */
FerryTarget *
ferry_workspace_get_target (FerryWorkspace *self,
                            const gchar    *name)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return name ? g_hash_table_lookup (self->targets_by_name, name) : NULL;
}

/**
 * ferry_workspace_get_endpoint:
 * @self: a #FerryWorkspace
 * @id: `kind:name`
 *
 * Returns: (transfer none) (nullable): the endpoint, if anyone produces
 *   or consumes it
 */
FerryEndpoint *
ferry_workspace_get_endpoint (FerryWorkspace *self,
                              const gchar    *id)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);

  return id ? g_hash_table_lookup (self->endpoints, id) : NULL;
}

guint
ferry_workspace_get_n_layers (FerryWorkspace *self)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);

  return self->layers->len;
}

guint
ferry_workspace_get_layer_size (FerryWorkspace *self,
                                guint           layer)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), 0);
  g_return_val_if_fail (layer < self->layers->len, 0);

  return ((GPtrArray *)g_ptr_array_index (self->layers, layer))->len;
}

/**
 * ferry_workspace_get_layer_service:
 * @self: a #FerryWorkspace
 * @layer: a layer, 0 first in deploy order
 * @index: a position in the layer (by repo, then name)
 *
 * Returns: (transfer none): the service
 */
FerryService *
ferry_workspace_get_layer_service (FerryWorkspace *self,
                                   guint           layer,
                                   guint           index)
{
  GPtrArray *services;

  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (layer < self->layers->len, NULL);

  services = g_ptr_array_index (self->layers, layer);
  g_return_val_if_fail (index < services->len, NULL);

  return g_ptr_array_index (services, index);
}

static gint
compare_by_index (gconstpointer a,
                  gconstpointer b)
{
  const FerryService *sa = *(FerryService * const *)a;
  const FerryService *sb = *(FerryService * const *)b;

  return (sa->index > sb->index) - (sa->index < sb->index);
}

static GPtrArray *
closure (FerryWorkspace *self,
         FerryService   *service,
         gboolean        upstream)
{
  g_autofree guint8 *seen = g_new0 (guint8, ferry_workspace_get_n_services (self));
  GPtrArray *ret = g_ptr_array_new ();
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, service);
  seen[service->index] = TRUE;

  while (!g_queue_is_empty (queue))
    {
      FerryService *current = g_queue_pop_head (queue);
      GPtrArray *next = upstream ? current->dependencies : current->dependents;

      for (guint i = 0; i < next->len; i++)
        {
          FerryService *other = g_ptr_array_index (next, i);

          if (!seen[other->index])
            {
              seen[other->index] = TRUE;
              g_ptr_array_add (ret, other);
              g_queue_push_tail (queue, other);
            }
        }
    }

  g_ptr_array_sort (ret, compare_by_index);

  return ret;
}

/**
 * ferry_workspace_get_upstream:
 * @self: a #FerryWorkspace
 * @service: one of its services
 *
 * Returns: (transfer container) (element-type FerryService): everything
 *   @service depends on, directly or not, in stable order
 */
GPtrArray *
ferry_workspace_get_upstream (FerryWorkspace *self,
                              FerryService   *service)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (FERRY_IS_SERVICE (service), NULL);

  return closure (self, service, TRUE);
}

/**
 * ferry_workspace_get_downstream:
 * @self: a #FerryWorkspace
 * @service: one of its services
 *
 * Returns: (transfer container) (element-type FerryService): everything
 *   that depends on @service, directly or not: what a change to it may
 *   affect
 */
GPtrArray *
ferry_workspace_get_downstream (FerryWorkspace *self,
                                FerryService   *service)
{
  g_return_val_if_fail (FERRY_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (FERRY_IS_SERVICE (service), NULL);

  return closure (self, service, FALSE);
}

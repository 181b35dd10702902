/* ferry-import.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-import"

#include "config.h"

#include <string.h>

#include "ferry-import-private.h"

/**
 * FerryImport:
 *
 * Turns what a team already has — compose files and Kubernetes manifests —
 * into a ferry.json workspace.
 *
 * Add the files and folders with ferry_import_add_file(), then call
 * ferry_import_run() (or its async twin). Every compose service and every
 * Deployment, StatefulSet and DaemonSet becomes a service of the same
 * name. Their dependencies come from what they declare (`depends_on`,
 * `links`, …) and from addresses in their environment that name another
 * service of the input (`db:5432`, `http://cart/`, `cart.shop.svc`). What
 * cannot be resolved is reported, never dropped in silence: see
 * ferry_import_get_report().
 *
 * A folder holding a compose file (`compose.yaml`, `docker-compose.yml`,
 * with its `.override` file) is read as that compose project; any other
 * folder is searched, subfolders included, for manifests (`*.yaml`,
 * `*.yml`, `*.json`). Several compose files are merged in the order given,
 * as `docker compose -f a -f b` does.
 */
struct _FerryImport
{
  GObject     parent_instance;

  GPtrArray  *files;
  gchar      *name;
  GFile      *workspace_dir;
  GStrv       report;
  guint       n_services;
  guint       n_dependencies;
};

G_DEFINE_FINAL_TYPE (FerryImport, ferry_import, G_TYPE_OBJECT)

G_DEFINE_QUARK (ferry-import-error-quark, ferry_import_error)

/* How deep the search for manifests goes into a folder. */
#define MAX_FOLDER_DEPTH 16

static const gchar * const compose_names[] = {
  "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml",
};

static void
ferry_import_finalize (GObject *object)
{
  FerryImport *self = (FerryImport *)object;

  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->workspace_dir);
  g_clear_pointer (&self->report, g_strfreev);

  G_OBJECT_CLASS (ferry_import_parent_class)->finalize (object);
}

static void
ferry_import_class_init (FerryImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_import_finalize;
}

static void
ferry_import_init (FerryImport *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  self->report = g_new0 (gchar *, 1);
}

/**
 * ferry_import_new:
 *
 * Returns: (transfer full): a new import, with no input yet
 */
FerryImport *
ferry_import_new (void)
{
  return g_object_new (FERRY_TYPE_IMPORT, NULL);
}

/**
 * ferry_import_add_file:
 * @self: a #FerryImport
 * @file: a compose file, a manifest, or a folder of either
 *
 * Adds @file to the input. Order matters: compose files are merged in
 * the order they are added.
 */
void
ferry_import_add_file (FerryImport *self,
                       GFile       *file)
{
  g_return_if_fail (FERRY_IS_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  g_ptr_array_add (self->files, g_object_ref (file));
}

/**
 * ferry_import_set_name:
 * @self: a #FerryImport
 * @name: (nullable): the workspace's name
 *
 * Names the workspace. Without a name, the import takes the compose
 * project's `name:`, else the name of the first input's folder.
 */
void
ferry_import_set_name (FerryImport *self,
                       const gchar *name)
{
  g_return_if_fail (FERRY_IS_IMPORT (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
    }
}

/**
 * ferry_import_set_workspace_dir:
 * @self: a #FerryImport
 * @dir: (nullable): the folder ferry.json will be written to
 *
 * The repos of build contexts are given as paths relative to @dir (by
 * default the current folder).
 */
void
ferry_import_set_workspace_dir (FerryImport *self,
                                GFile       *dir)
{
  g_return_if_fail (FERRY_IS_IMPORT (self));
  g_return_if_fail (dir == NULL || G_IS_FILE (dir));

  g_set_object (&self->workspace_dir, dir);
}

/* Finding and sorting the input */

typedef struct
{
  ImportModel *model;
  GPtrArray   *compose;     /* ImportDocument */
  GPtrArray   *kubernetes;  /* ImportDocument */
} Input;

static void
import_document_free (gpointer data)
{
  ImportDocument *document = data;

  g_object_unref (document->file);
  g_free (document);
}

static void
add_document (GPtrArray       *documents,
              FerryYamlStream *stream,
              FerryYamlNode   *root,
              GFile           *file)
{
  ImportDocument *document = g_new0 (ImportDocument, 1);

  document->stream = stream;
  document->root = root;
  document->file = g_object_ref (file);
  g_ptr_array_add (documents, document);
}

typedef enum
{
  DOCUMENT_OTHER,
  DOCUMENT_COMPOSE,
  DOCUMENT_KUBERNETES,
} DocumentKind;

static DocumentKind
classify (const FerryYamlNode *root)
{
  if (ferry_yaml_node_get_kind (root) != FERRY_YAML_NODE_MAPPING)
    return DOCUMENT_OTHER;

  if (ferry_yaml_node_lookup (root, "apiVersion") != NULL && ferry_yaml_node_lookup (root, "kind") != NULL)
    return DOCUMENT_KUBERNETES;

  if (ferry_yaml_node_lookup (root, "services") != NULL || ferry_yaml_node_lookup (root, "include") != NULL)
    return DOCUMENT_COMPOSE;

  return DOCUMENT_OTHER;
}

/* Reads @file and files its documents as compose or Kubernetes ones. A
 * file given by name must be one or the other; one met in a folder that is
 * neither is skipped, with a note. */
static gboolean
read_input_file (Input     *input,
                 GFile     *file,
                 gboolean   explicit,
                 GError   **error)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  FerryYamlStream *stream;
  guint n_documents;
  guint n_known = 0;

  if ((stream = import_model_read (input->model, file, error)) == NULL)
    return FALSE;

  n_documents = ferry_yaml_stream_get_n_documents (stream);
  for (guint i = 0; i < n_documents; i++)
    {
      FerryYamlNode *root = ferry_yaml_stream_get_document (stream, i);

      if (ferry_yaml_node_is_null (root))
        continue;

      switch (classify (root))
        {
        case DOCUMENT_COMPOSE:
          add_document (input->compose, stream, root, file);
          n_known++;
          break;
        case DOCUMENT_KUBERNETES:
          add_document (input->kubernetes, stream, root, file);
          n_known++;
          break;
        case DOCUMENT_OTHER:
        default:
          g_ptr_array_add (others, root);
          break;
        }
    }

  if (others->len == 0)
    return TRUE;

  if (n_known == 0)
    {
      g_autofree gchar *where = import_where (stream, g_ptr_array_index (others, 0));

      if (explicit)
        {
          g_set_error (error, FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_UNSUPPORTED,
                       "%s: error: neither a compose file (services:) nor a Kubernetes manifest "
                       "(apiVersion:, kind:)", where);
          return FALSE;
        }

      import_model_report (input->model, where, "note",
                           "neither a compose file nor a Kubernetes manifest; skipped");
      return TRUE;
    }

  for (guint i = 0; i < others->len; i++)
    {
      g_autofree gchar *where = import_where (stream, g_ptr_array_index (others, i));

      import_model_report (input->model, where, "warning",
                           "this document is neither a Kubernetes object (apiVersion:, kind:) "
                           "nor a compose file (services:); skipped");
    }

  return TRUE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

static gboolean
is_manifest_name (const gchar *name)
{
  return g_str_has_suffix (name, ".yaml") || g_str_has_suffix (name, ".yml") ||
         g_str_has_suffix (name, ".json");
}

/* The compose file of a folder, and its override file, as docker compose
 * picks them. */
static gboolean
find_compose_files (GFile      *dir,
                    GPtrArray  *found)
{
  for (guint i = 0; i < G_N_ELEMENTS (compose_names); i++)
    {
      g_autoptr(GFile) file = g_file_get_child (dir, compose_names[i]);
      g_autofree gchar *stem = NULL;

      if (!g_file_query_exists (file, NULL))
        continue;

      g_ptr_array_add (found, g_steal_pointer (&file));

      stem = g_strndup (compose_names[i], strrchr (compose_names[i], '.') - compose_names[i]);
      for (guint j = 0; j < 2; j++)
        {
          g_autofree gchar *override_name = g_strdup_printf ("%s.override.%s", stem, j == 0 ? "yaml" : "yml");
          g_autoptr(GFile) override = g_file_get_child (dir, override_name);

          if (g_file_query_exists (override, NULL))
            {
              g_ptr_array_add (found, g_steal_pointer (&override));
              break;
            }
        }

      return TRUE;
    }

  return FALSE;
}

static gboolean
read_input_dir (Input   *input,
                GFile   *dir,
                guint    depth,
                GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) compose = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) chart = g_file_get_child (dir, "Chart.yaml");
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;

  if (g_file_query_exists (chart, NULL))
    {
      g_autofree gchar *name = import_model_display_name (input->model, dir);

      g_set_error (error, FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_UNSUPPORTED,
                   "%s: error: this is a Helm chart, whose templates are not YAML yet: "
                   "import what `helm template` renders of it", name);
      return FALSE;
    }

  if (depth == 0 && find_compose_files (dir, compose))
    {
      for (guint i = 0; i < compose->len; i++)
        if (!read_input_file (input, g_ptr_array_index (compose, i), TRUE, error))
          return FALSE;
      return TRUE;
    }

  if (depth > MAX_FOLDER_DEPTH)
    {
      g_autofree gchar *name = import_model_display_name (input->model, dir);

      import_model_report (input->model, name, "note",
                           "folders nested deeper than %u levels are not searched", MAX_FOLDER_DEPTH);
      return TRUE;
    }

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          input->model->cancellable, error);
  if (enumerator == NULL)
    return FALSE;

  /* Linked folders are not followed, against loops; linked files are. */
  while ((info = g_file_enumerator_next_file (enumerator, input->model->cancellable, &local_error)) != NULL)
    {
      const gchar *name = g_file_info_get_name (info);
      GFileType type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_SYMBOLIC_LINK && is_manifest_name (name))
        {
          g_autoptr(GFile) target = g_file_get_child (dir, name);

          type = g_file_query_file_type (target, G_FILE_QUERY_INFO_NONE, input->model->cancellable);
        }

      if (!g_file_info_get_is_hidden (info))
        {
          if (type == G_FILE_TYPE_DIRECTORY)
            g_ptr_array_add (dirs, g_strdup (name));
          else if (type == G_FILE_TYPE_REGULAR && is_manifest_name (name))
            g_ptr_array_add (files, g_strdup (name));
        }

      g_object_unref (info);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_ptr_array_sort (files, compare_names);
  g_ptr_array_sort (dirs, compare_names);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (dir, g_ptr_array_index (files, i));

      if (!read_input_file (input, file, FALSE, error))
        return FALSE;
    }

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_ptr_array_index (dirs, i));

      if (!read_input_dir (input, child, depth + 1, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_input (Input   *input,
            GFile   *file,
            GError **error)
{
  GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, input->model->cancellable);

  if (type == G_FILE_TYPE_DIRECTORY)
    return read_input_dir (input, file, 0, error);

  if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_autofree gchar *name = import_model_display_name (input->model, file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: error: no such file or folder", name);
      return FALSE;
    }

  return read_input_file (input, file, TRUE, error);
}

static gchar *
default_name (ImportModel *model,
              GFile       *first)
{
  g_autoptr(GFile) dir = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *base = NULL;

  if (model->name != NULL)
    return g_strdup (model->name);

  if (g_file_query_file_type (first, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    dir = g_object_ref (first);
  else
    dir = g_file_get_parent (first);

  if (dir == NULL || (path = g_file_get_path (dir)) == NULL)
    return g_strdup ("Imported workspace");

  base = g_path_get_basename (path);
  if (g_str_equal (base, "/") || g_str_equal (base, "."))
    return g_strdup ("Imported workspace");

  return g_steal_pointer (&base);
}

/**
 * ferry_import_run:
 * @self: a #FerryImport
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the input and makes a ferry.json document of it: default
 * environments dev, uat and prod (prod on a Kubernetes target when the
 * input had manifests), every service, grouped into repos and builds by
 * build context and image, and their dependencies.
 *
 * What could not be resolved is in ferry_import_get_report() afterwards.
 *
 * Returns: (transfer full): the ferry.json document, or %NULL with @error
 *   set when the input cannot be read (its message located as
 *   `FILE:LINE:COL: error: ...`) or holds no service
 */
JsonNode *
ferry_import_run (FerryImport   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(ImportModel) model = NULL;
  g_autoptr(GPtrArray) compose = g_ptr_array_new_with_free_func (import_document_free);
  g_autoptr(GPtrArray) kubernetes = g_ptr_array_new_with_free_func (import_document_free);
  g_autoptr(GFile) workspace_dir = NULL;
  g_autofree gchar *name = NULL;
  Input input;
  JsonNode *root;

  g_return_val_if_fail (FERRY_IS_IMPORT (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->workspace_dir != NULL)
    {
      workspace_dir = g_object_ref (self->workspace_dir);
    }
  else
    {
      g_autofree gchar *cwd = g_get_current_dir ();

      workspace_dir = g_file_new_for_path (cwd);
    }

  g_clear_pointer (&self->report, g_strfreev);
  self->report = g_new0 (gchar *, 1);
  self->n_services = 0;
  self->n_dependencies = 0;

  model = import_model_new (workspace_dir, cancellable);
  input.model = model;
  input.compose = compose;
  input.kubernetes = kubernetes;

  for (guint i = 0; i < self->files->len; i++)
    if (!read_input (&input, g_ptr_array_index (self->files, i), error))
      return NULL;

  if (!import_compose (model, compose, error) || !import_kubernetes (model, kubernetes, error))
    return NULL;

  if (model->services->len == 0)
    {
      g_set_error_literal (error, FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_NO_SERVICES,
                           "error: the input holds no compose service and no Deployment, "
                           "StatefulSet or DaemonSet");
      return NULL;
    }

  if (self->name != NULL)
    name = g_strdup (self->name);
  else
    name = default_name (model, g_ptr_array_index (self->files, 0));

  root = import_model_build (model, name, &self->n_dependencies);
  self->n_services = model->services->len;

  g_strfreev (self->report);
  g_ptr_array_add (model->report, NULL);
  self->report = (GStrv)g_ptr_array_steal (model->report, NULL);

  return root;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *root;

  if ((root = ferry_import_run (source_object, cancellable, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify)json_node_unref);
}

/**
 * ferry_import_run_async:
 * @self: a #FerryImport
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the import is done
 * @user_data: data for @callback
 *
 * Runs ferry_import_run() in a thread. Do not change @self until
 * @callback is called.
 */
void
ferry_import_run_async (FerryImport         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_IMPORT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_import_run_async);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * ferry_import_run_finish:
 * @self: a #FerryImport
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ferry.json document, or %NULL with @error
 *   set, as for ferry_import_run()
 */
JsonNode *
ferry_import_run_finish (FerryImport   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FERRY_IS_IMPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_import_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ferry_import_get_report:
 * @self: a #FerryImport
 *
 * What the last run could not resolve or left out, one line each, located
 * GCC style: `FILE:LINE:COL: warning: ...` (or `note:`): references to
 * services that are not in the input, dependencies that would close a
 * cycle, values that look like secrets and were not copied, …
 *
 * Returns: (transfer none) (array zero-terminated=1): the report lines
 */
const gchar * const *
ferry_import_get_report (FerryImport *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT (self), NULL);

  return (const gchar * const *)self->report;
}

/**
 * ferry_import_get_n_services:
 * @self: a #FerryImport
 *
 * Returns: how many services the last run imported
 */
guint
ferry_import_get_n_services (FerryImport *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT (self), 0);

  return self->n_services;
}

/**
 * ferry_import_get_n_dependencies:
 * @self: a #FerryImport
 *
 * Returns: how many dependencies (edges of the graph) the last run found
 */
guint
ferry_import_get_n_dependencies (FerryImport *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT (self), 0);

  return self->n_dependencies;
}

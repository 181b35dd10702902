/* ferry-import-kubernetes.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-import-private.h"

#define ORIGIN "kubernetes"

typedef struct
{
  gchar           *name;
  gchar           *name_space;  /* "default" when the manifest names none */
  gchar           *where;
  FerryYamlStream *stream;
  FerryYamlNode   *spec;
  FerryYamlNode   *labels;
  FerryYamlNode   *pod_spec;
  ImportService   *service;
} Workload;

typedef struct
{
  gchar         *name_space;
  gchar         *where;
  FerryYamlNode *selector;
  GPtrArray     *workloads;   /* Workload, those the selector matches */
  gboolean       external;    /* ExternalName, or no selector */
} KubeService;

typedef struct
{
  FerryYamlStream *stream;
  FerryYamlNode   *data;
} ConfigMap;

typedef struct
{
  ImportModel *model;
  GPtrArray   *workloads;       /* Workload */
  GHashTable  *workloads_by_key; /* "ns/name" → Workload */
  GHashTable  *services;        /* "ns/name" → KubeService */
  GHashTable  *config_maps;     /* "ns/name" → ConfigMap */
  GHashTable  *namespaces;      /* every namespace the input names */
  GHashTable  *skipped;         /* kind → count */
  GPtrArray   *skipped_kinds;   /* in the order met */
} Kube;

static void
workload_free (gpointer data)
{
  Workload *workload = data;

  g_free (workload->name);
  g_free (workload->name_space);
  g_free (workload->where);
  g_free (workload);
}

static void
kube_service_free (gpointer data)
{
  KubeService *service = data;

  g_free (service->name_space);
  g_free (service->where);
  g_ptr_array_unref (service->workloads);
  g_free (service);
}

/* Fields a manifest gets wrong are skipped where they only add detail:
 * these count the items of a sequence and the pairs of a mapping, and
 * give 0 for a node of any other kind. */
static guint
n_items (const FerryYamlNode *node)
{
  return ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_SEQUENCE ? ferry_yaml_node_get_length (node) : 0;
}

static guint
n_pairs (const FerryYamlNode *node)
{
  return ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_MAPPING ? ferry_yaml_node_get_length (node) : 0;
}

/* Kubernetes would refuse @node when it is not of @kind: say so where it
 * is, and read on without it. */
static void
warn_unless_kind (Kube                *kube,
                  FerryYamlStream     *stream,
                  const FerryYamlNode *node,
                  FerryYamlNodeKind    kind,
                  const gchar         *message)
{
  g_autofree gchar *where = NULL;

  if (ferry_yaml_node_is_null (node) || ferry_yaml_node_get_kind (node) == kind)
    return;

  where = import_where (stream, node);
  import_model_report (kube->model, where, "warning", "%s", message);
}

static gchar *
object_key (const gchar *name_space,
            const gchar *name)
{
  return g_strconcat (name_space, "/", name, NULL);
}

static gboolean
is_workload_kind (const gchar *kind)
{
  return g_str_equal (kind, "Deployment") || g_str_equal (kind, "StatefulSet") ||
         g_str_equal (kind, "DaemonSet");
}

/* @name_space as the manifest gives it ("" for none), @scope the
 * namespace it is in ("default" for none). */
static gboolean
read_workload (Kube                 *kube,
               const gchar          *kind,
               const gchar          *name,
               const gchar          *name_space,
               const gchar          *scope,
               FerryYamlStream      *stream,
               const FerryYamlNode  *object,
               GError              **error)
{
  FerryYamlNode *spec = ferry_yaml_node_lookup (object, "spec");
  FerryYamlNode *template = ferry_yaml_node_lookup (spec, "template");
  FerryYamlNode *pod_spec = ferry_yaml_node_lookup (template, "spec");
  FerryYamlNode *containers = ferry_yaml_node_lookup (pod_spec, "containers");
  g_autofree gchar *where = import_where (stream, object);
  g_autofree gchar *key = NULL;
  Workload *workload;

  if (ferry_yaml_node_get_kind (containers) != FERRY_YAML_NODE_SEQUENCE ||
      ferry_yaml_node_get_length (containers) == 0)
    {
      if (containers != NULL)
        return import_invalid (error, stream, containers, "containers takes a list of containers");

      import_model_report (kube->model, where, "warning",
                           "%s “%s” has no containers (spec.template.spec.containers), "
                           "as a kustomize patch has not; skipped", kind, name);
      return TRUE;
    }

  for (guint i = 0; i < ferry_yaml_node_get_length (containers); i++)
    if (ferry_yaml_node_get_kind (ferry_yaml_node_get_item (containers, i)) != FERRY_YAML_NODE_MAPPING)
      return import_invalid (error, stream, ferry_yaml_node_get_item (containers, i),
                             "a container is a mapping (name:, image:, …)");

  workload = g_new0 (Workload, 1);
  workload->name = g_strdup (name);
  workload->name_space = g_strdup (scope);
  workload->where = g_steal_pointer (&where);
  workload->stream = stream;
  workload->spec = spec;
  workload->labels = ferry_yaml_node_lookup (ferry_yaml_node_lookup (template, "metadata"), "labels");
  workload->pod_spec = pod_spec;
  g_ptr_array_add (kube->workloads, workload);

  key = object_key (workload->name_space, name);
  if (!g_hash_table_contains (kube->workloads_by_key, key))
    g_hash_table_insert (kube->workloads_by_key, g_steal_pointer (&key), workload);

  g_ptr_array_add (kube->model->namespaces, g_strdup (name_space));
  kube->model->kubernetes = TRUE;

  return TRUE;
}

/* A Service without a selector (ExternalName, or endpoints kept by hand)
 * stands for something outside the input. */
static gboolean
read_service (Kube                 *kube,
              const gchar          *scope,
              gchar                *key,
              FerryYamlStream      *stream,
              const FerryYamlNode  *object,
              GError              **error)
{
  FerryYamlNode *spec = ferry_yaml_node_lookup (object, "spec");
  FerryYamlNode *selector = ferry_yaml_node_lookup (spec, "selector");
  KubeService *service;

  if (!ferry_yaml_node_is_null (selector) && ferry_yaml_node_get_kind (selector) != FERRY_YAML_NODE_MAPPING)
    {
      g_free (key);
      return import_invalid (error, stream, selector, "a Service's selector maps labels to values");
    }

  service = g_new0 (KubeService, 1);
  service->name_space = g_strdup (scope);
  service->where = import_where (stream, object);
  service->selector = selector;
  service->workloads = g_ptr_array_new ();
  service->external = g_strcmp0 (ferry_yaml_node_lookup_scalar (spec, "type"), "ExternalName") == 0 ||
                      ferry_yaml_node_get_length (selector) == 0;
  g_hash_table_replace (kube->services, key, service);

  return TRUE;
}

static gboolean
read_object (Kube                 *kube,
             FerryYamlStream      *stream,
             const FerryYamlNode  *object,
             GError              **error)
{
  const gchar *kind = ferry_yaml_node_lookup_scalar (object, "kind");
  FerryYamlNode *metadata = ferry_yaml_node_lookup (object, "metadata");
  const gchar *name = ferry_yaml_node_lookup_scalar (metadata, "name");
  const gchar *name_space = ferry_yaml_node_lookup_scalar (metadata, "namespace");
  g_autofree gchar *key = NULL;
  const gchar *scope;

  if (ferry_yaml_node_get_kind (object) != FERRY_YAML_NODE_MAPPING || kind == NULL)
    return import_invalid (error, stream, object, "a Kubernetes object is a mapping with a kind");

  if (name_space == NULL)
    name_space = "";
  scope = *name_space != '\0' ? name_space : "default";

  if (g_str_equal (kind, "List") || g_str_has_suffix (kind, "List"))
    {
      FerryYamlNode *items = ferry_yaml_node_lookup (object, "items");

      if (ferry_yaml_node_is_null (items))
        return TRUE;

      if (ferry_yaml_node_get_kind (items) != FERRY_YAML_NODE_SEQUENCE)
        return import_invalid (error, stream, items, "items takes a list of objects");

      for (guint i = 0; i < ferry_yaml_node_get_length (items); i++)
        if (!read_object (kube, stream, ferry_yaml_node_get_item (items, i), error))
          return FALSE;

      return TRUE;
    }

  if (g_str_equal (kind, "Namespace"))
    {
      if (name != NULL)
        g_hash_table_add (kube->namespaces, g_strdup (name));
      return TRUE;
    }

  if (!is_workload_kind (kind) && !g_str_equal (kind, "Service") && !g_str_equal (kind, "ConfigMap"))
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (kube->skipped, kind));

      if (count == 0)
        g_ptr_array_add (kube->skipped_kinds, g_strdup (kind));
      g_hash_table_insert (kube->skipped, g_strdup (kind), GUINT_TO_POINTER (count + 1));
      return TRUE;
    }

  if (name == NULL)
    return import_invalid (error, stream, object, "this %s has no name (metadata.name)", kind);

  g_hash_table_add (kube->namespaces, g_strdup (scope));
  key = object_key (scope, name);

  if (is_workload_kind (kind))
    return read_workload (kube, kind, name, name_space, scope, stream, object, error);

  if (g_str_equal (kind, "ConfigMap"))
    {
      ConfigMap *config_map = g_new0 (ConfigMap, 1);

      config_map->stream = stream;
      config_map->data = ferry_yaml_node_lookup (object, "data");
      {
        g_autofree gchar *message = g_strdup_printf ("ConfigMap “%s”: data maps keys to values; ignored", name);

        warn_unless_kind (kube, stream, config_map->data, FERRY_YAML_NODE_MAPPING, message);
      }
      g_hash_table_replace (kube->config_maps, g_steal_pointer (&key), config_map);
      return TRUE;
    }

  return read_service (kube, scope, g_steal_pointer (&key), stream, object, error);
}

/* Whether every label the selector asks for is on the workload's pods. */
static gboolean
selector_matches (const FerryYamlNode *selector,
                  const FerryYamlNode *labels)
{
  for (guint i = 0; i < ferry_yaml_node_get_length (selector); i++)
    {
      const gchar *label = ferry_yaml_node_get_scalar (ferry_yaml_node_get_key (selector, i));
      const gchar *value = ferry_yaml_node_get_scalar (ferry_yaml_node_get_value (selector, i));

      if (label == NULL || g_strcmp0 (ferry_yaml_node_lookup_scalar (labels, label), value) != 0)
        return FALSE;
    }

  return TRUE;
}

/* $(NAME) in a value stands for a variable defined before it. */
static gchar *
expand_dependent (const gchar *value,
                  GPtrArray   *env)
{
  GString *out = g_string_new (NULL);
  const gchar *p = value;

  while (*p != '\0')
    {
      const gchar *close;

      if (p[0] == '$' && p[1] == '$')
        {
          g_string_append_c (out, '$');
          p += 2;
          continue;
        }

      if (p[0] == '$' && p[1] == '(' && (close = strchr (p, ')')) != NULL)
        {
          g_autofree gchar *name = g_strndup (p + 2, close - p - 2);
          ImportEnv *variable = import_env_list_find (env, name);

          if (variable != NULL && variable->value != NULL)
            g_string_append (out, variable->value);
          else
            g_string_append_len (out, p, close + 1 - p);
          p = close + 1;
          continue;
        }

      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

static ConfigMap *
find_config_map (Kube                *kube,
                 Workload            *workload,
                 const FerryYamlNode *reference,
                 FerryYamlStream     *stream,
                 const FerryYamlNode *at)
{
  const gchar *name = ferry_yaml_node_lookup_scalar (reference, "name");
  g_autofree gchar *key = NULL;
  ConfigMap *config_map;

  if (name == NULL)
    return NULL;

  key = object_key (workload->name_space, name);
  if ((config_map = g_hash_table_lookup (kube->config_maps, key)) == NULL &&
      g_strcmp0 (ferry_yaml_node_lookup_scalar (reference, "optional"), "true") != 0)
    {
      g_autofree gchar *where = import_where (stream, at);

      import_model_report (kube->model, where, "warning",
                           "ConfigMap “%s” is not in the input: the variables it gives “%s” are not imported",
                           name, workload->name);
    }

  return config_map;
}

static void
add_config_map_value (GPtrArray           *env,
                      const gchar         *key,
                      ConfigMap           *config_map,
                      const FerryYamlNode *value)
{
  g_autofree gchar *where = import_where (config_map->stream, value);

  import_env_list_set (env, key, ferry_yaml_node_get_scalar (value), where);
}

/* The environment of one container: literal values (with $(VAR) put in),
 * values from ConfigMaps of the input, and from envFrom. Secrets and
 * field references have no value here. */
static GPtrArray *
container_env (Kube                *kube,
               Workload            *workload,
               const FerryYamlNode *container)
{
  GPtrArray *env = import_env_list_new ();
  FerryYamlNode *env_from = ferry_yaml_node_lookup (container, "envFrom");
  FerryYamlNode *variables = ferry_yaml_node_lookup (container, "env");
  FerryYamlStream *stream = workload->stream;

  warn_unless_kind (kube, stream, ferry_yaml_node_lookup (container, "ports"), FERRY_YAML_NODE_SEQUENCE,
                    "ports takes a list; ignored");
  warn_unless_kind (kube, stream, variables, FERRY_YAML_NODE_SEQUENCE, "env takes a list; ignored");
  warn_unless_kind (kube, stream, env_from, FERRY_YAML_NODE_SEQUENCE, "envFrom takes a list; ignored");

  for (guint i = 0; i < n_items (env_from); i++)
    {
      FerryYamlNode *source = ferry_yaml_node_get_item (env_from, i);
      FerryYamlNode *reference = ferry_yaml_node_lookup (source, "configMapRef");
      const gchar *prefix = ferry_yaml_node_lookup_scalar (source, "prefix");
      ConfigMap *config_map;

      if (reference == NULL || (config_map = find_config_map (kube, workload, reference, stream, source)) == NULL)
        continue;

      for (guint j = 0; j < n_pairs (config_map->data); j++)
        {
          const gchar *key = ferry_yaml_node_get_scalar (ferry_yaml_node_get_key (config_map->data, j));
          FerryYamlNode *value = ferry_yaml_node_get_value (config_map->data, j);
          g_autofree gchar *name = g_strconcat (prefix != NULL ? prefix : "", key, NULL);

          if (key != NULL && ferry_yaml_node_get_scalar (value) != NULL)
            add_config_map_value (env, name, config_map, value);
        }
    }

  for (guint i = 0; i < n_items (variables); i++)
    {
      FerryYamlNode *variable = ferry_yaml_node_get_item (variables, i);
      const gchar *name = ferry_yaml_node_lookup_scalar (variable, "name");
      FerryYamlNode *value = ferry_yaml_node_lookup (variable, "value");
      FerryYamlNode *reference = ferry_yaml_node_lookup (ferry_yaml_node_lookup (variable, "valueFrom"),
                                                         "configMapKeyRef");

      if (name == NULL)
        continue;

      if (ferry_yaml_node_get_scalar (value) != NULL)
        {
          g_autofree gchar *where = import_where (stream, value);
          g_autofree gchar *expanded = expand_dependent (ferry_yaml_node_get_scalar (value), env);

          import_env_list_set (env, name, expanded, where);
        }
      else if (reference != NULL)
        {
          ConfigMap *config_map = find_config_map (kube, workload, reference, stream, variable);
          const gchar *key = ferry_yaml_node_lookup_scalar (reference, "key");
          FerryYamlNode *data_value = key != NULL && config_map != NULL ?
                                      ferry_yaml_node_lookup (config_map->data, key) : NULL;

          if (ferry_yaml_node_get_scalar (data_value) != NULL)
            add_config_map_value (env, name, config_map, data_value);
        }
    }

  return env;
}

static KubeService *
find_service (Kube        *kube,
              const gchar *name_space,
              const gchar *name)
{
  g_autofree gchar *key = object_key (name_space, name);

  return g_hash_table_lookup (kube->services, key);
}

/* Resolves a host named in @workload's environment: `name`, `name:port`,
 * `name.ns`, `name.ns.svc[.cluster.local]`, `pod.name` (a pod of a
 * headless Service), as URLs too. */
static void
resolve_address (Kube                *kube,
                 Workload            *workload,
                 const ImportEnv     *variable,
                 const ImportAddress *address)
{
  g_autofree gchar *host = g_ascii_strdown (address->host, -1);
  g_auto(GStrv) labels = g_strsplit (host, ".", -1);
  guint n = g_strv_length (labels);
  const gchar *name = NULL;
  const gchar *name_space = workload->name_space;
  gboolean clear = FALSE;
  KubeService *service;
  g_autofree gchar *key = NULL;
  Workload *target;

  for (guint i = 1; i < n && name == NULL; i++)
    if (g_str_equal (labels[i], "svc"))
      {
        clear = TRUE;
        name = labels[i >= 2 ? i - 2 : 0];
        if (i >= 2)
          name_space = labels[i - 1];
      }

  if (name == NULL)
    {
      if (n == 1)
        {
          name = labels[0];
          clear = import_looks_internal (address);
        }
      else if (n == 2 && g_hash_table_contains (kube->namespaces, labels[1]))
        {
          name = labels[0];
          name_space = labels[1];
          clear = TRUE;
        }
      else if (n == 2 && find_service (kube, name_space, labels[1]) != NULL)
        {
          name = labels[1];
          clear = TRUE;
        }
      else if (n == 3 && g_hash_table_contains (kube->namespaces, labels[2]))
        {
          name = labels[1];
          name_space = labels[2];
          clear = TRUE;
        }
      else
        {
          return;
        }
    }

  if ((service = find_service (kube, name_space, name)) != NULL)
    {
      if (service->external)
        return;

      if (service->workloads->len == 0)
        import_model_report (kube->model, variable->where, "warning",
                             "%s of “%s” names Service “%s” (%s), whose selector matches no workload "
                             "of the input", variable->key, workload->name, name, service->where);

      for (guint i = 0; i < service->workloads->len; i++)
        {
          Workload *producer = g_ptr_array_index (service->workloads, i);

          if (producer->service != workload->service)
            import_service_add_edge (workload->service, producer->service->name, address->scheme,
                                     variable->where, FALSE);
        }
      return;
    }

  if (!clear)
    return;

  key = object_key (name_space, name);
  if ((target = g_hash_table_lookup (kube->workloads_by_key, key)) != NULL)
    {
      if (target->service == workload->service)
        return;

      import_model_report (kube->model, variable->where, "warning",
                           "%s of “%s” names “%s”, and no Service of that name is in the input: "
                           "taken to mean the workload “%s”",
                           variable->key, workload->name, address->host, target->name);
      import_service_add_edge (workload->service, target->service->name, address->scheme,
                               variable->where, FALSE);
      return;
    }

  import_model_report (kube->model, variable->where, "warning",
                       "%s of “%s” names “%s”, and no Service of that name is in the input",
                       variable->key, workload->name, address->host);
}

static const gchar *
probe_path (const FerryYamlNode *container)
{
  static const gchar * const probes[] = { "readinessProbe", "livenessProbe", "startupProbe" };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      FerryYamlNode *http_get = ferry_yaml_node_lookup (ferry_yaml_node_lookup (container, probes[i]), "httpGet");
      const gchar *path = ferry_yaml_node_lookup_scalar (http_get, "path");

      if (http_get != NULL)
        return path != NULL && *path == '/' ? path : "/";
    }

  return NULL;
}

static void
fill_service (ImportService       *service,
              Workload            *workload,
              const FerryYamlNode *container,
              GPtrArray           *env)
{
  FerryYamlNode *ports = ferry_yaml_node_lookup (container, "ports");
  FerryYamlNode *command = ferry_yaml_node_lookup (container, "command");
  const gchar *replicas = ferry_yaml_node_lookup_scalar (workload->spec, "replicas");
  const gchar *health = probe_path (container);

  if (service->image == NULL)
    service->image = import_image_repository (ferry_yaml_node_lookup_scalar (container, "image"));

  for (guint i = 0; i < n_items (ports) && service->port == 0; i++)
    {
      const gchar *port = ferry_yaml_node_lookup_scalar (ferry_yaml_node_get_item (ports, i), "containerPort");
      gint64 value = port != NULL ? g_ascii_strtoll (port, NULL, 10) : 0;

      if (value > 0 && value <= 65535)
        service->port = (guint)value;
    }

  if (service->health == NULL && health != NULL)
    service->health = g_strdup (health);

  if (service->command == NULL && ferry_yaml_node_get_kind (command) == FERRY_YAML_NODE_SEQUENCE)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      FerryYamlNode *args = ferry_yaml_node_lookup (container, "args");

      for (guint i = 0; i < ferry_yaml_node_get_length (command); i++)
        if (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (command, i)) != NULL)
          g_strv_builder_add (builder, ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (command, i)));
      for (guint i = 0; i < n_items (args); i++)
        if (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (args, i)) != NULL)
          g_strv_builder_add (builder, ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (args, i)));

      service->command = g_strv_builder_end (builder);
    }

  if (service->replicas < 0 && replicas != NULL && g_ascii_isdigit (*replicas))
    service->replicas = (gint)MIN (g_ascii_strtoll (replicas, NULL, 10), G_MAXINT);

  if (service->env->len == 0)
    for (guint i = 0; i < env->len; i++)
      {
        ImportEnv *variable = g_ptr_array_index (env, i);

        import_env_list_set (service->env, variable->key, variable->value, variable->where);
      }
}

static void
scan_container (Kube                *kube,
                Workload            *workload,
                const FerryYamlNode *container,
                gboolean             main)
{
  g_autoptr(GPtrArray) env = container_env (kube, workload, container);

  if (main)
    fill_service (workload->service, workload, container, env);

  for (guint i = 0; i < env->len; i++)
    {
      ImportEnv *variable = g_ptr_array_index (env, i);
      g_autoptr(GPtrArray) addresses = import_find_addresses (variable->value);

      for (guint j = 0; j < addresses->len; j++)
        if (import_address_counts (g_ptr_array_index (addresses, j), variable->key))
          resolve_address (kube, workload, variable, g_ptr_array_index (addresses, j));
    }
}

static void
report_skipped (Kube *kube)
{
  g_autoptr(GString) kinds = g_string_new (NULL);

  if (kube->skipped_kinds->len == 0)
    return;

  for (guint i = 0; i < kube->skipped_kinds->len; i++)
    {
      const gchar *kind = g_ptr_array_index (kube->skipped_kinds, i);

      g_string_append_printf (kinds, "%s%s (%u)", i > 0 ? ", " : "", kind,
                              GPOINTER_TO_UINT (g_hash_table_lookup (kube->skipped, kind)));
    }

  import_model_report (kube->model, NULL, "note",
                       "objects with no place in ferry.json were not imported: %s", kinds->str);
}

/**
 * import_kubernetes:
 * @model: the model to add to
 * @documents: (element-type ImportDocument): Kubernetes objects
 * @error: return location for a #GError
 *
 * Reads Deployments, StatefulSets and DaemonSets into @model, with the
 * Services and ConfigMaps that tie them together: an environment value
 * that names a Service makes its workload depend on the workloads the
 * Service's selector matches.
 *
 * Returns: %FALSE with @error set when an object has the wrong shape
 */
gboolean
import_kubernetes (ImportModel  *model,
                   GPtrArray    *documents,
                   GError      **error)
{
  Kube kube = { 0 };
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer value;

  if (documents->len == 0)
    return TRUE;

  kube.model = model;
  kube.workloads = g_ptr_array_new_with_free_func (workload_free);
  kube.workloads_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kube.services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, kube_service_free);
  kube.config_maps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  kube.namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kube.skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kube.skipped_kinds = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < documents->len && ok; i++)
    {
      ImportDocument *document = g_ptr_array_index (documents, i);

      ok = read_object (&kube, document->stream, document->root, error);
    }

  if (ok)
    {
      for (guint i = 0; i < kube.workloads->len; i++)
        {
          Workload *workload = g_ptr_array_index (kube.workloads, i);

          workload->service = import_model_get_service (model, workload->name, ORIGIN, workload->where);
        }

      g_hash_table_iter_init (&iter, kube.services);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          KubeService *service = value;

          for (guint i = 0; i < kube.workloads->len && !service->external; i++)
            {
              Workload *workload = g_ptr_array_index (kube.workloads, i);

              if (g_str_equal (service->name_space, workload->name_space) &&
                  selector_matches (service->selector, workload->labels))
                g_ptr_array_add (service->workloads, workload);
            }
        }

      for (guint i = 0; i < kube.workloads->len; i++)
        {
          Workload *workload = g_ptr_array_index (kube.workloads, i);
          FerryYamlNode *init = ferry_yaml_node_lookup (workload->pod_spec, "initContainers");
          FerryYamlNode *containers = ferry_yaml_node_lookup (workload->pod_spec, "containers");

          for (guint j = 0; j < n_items (containers); j++)
            scan_container (&kube, workload, ferry_yaml_node_get_item (containers, j), j == 0);
          for (guint j = 0; j < n_items (init); j++)
            scan_container (&kube, workload, ferry_yaml_node_get_item (init, j), FALSE);
        }

      report_skipped (&kube);
    }

  g_ptr_array_unref (kube.skipped_kinds);
  g_hash_table_unref (kube.skipped);
  g_hash_table_unref (kube.namespaces);
  g_hash_table_unref (kube.config_maps);
  g_hash_table_unref (kube.services);
  g_hash_table_unref (kube.workloads_by_key);
  g_ptr_array_unref (kube.workloads);

  return ok;
}

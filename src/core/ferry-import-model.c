/* ferry-import-model.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-import"

#include "config.h"

#include <string.h>

#include "ferry-import-private.h"

static void
import_env_free (gpointer data)
{
  ImportEnv *env = data;

  g_free (env->key);
  g_free (env->value);
  g_free (env->where);
  g_free (env);
}

static void
import_edge_free (gpointer data)
{
  ImportEdge *edge = data;

  g_free (edge->target);
  g_free (edge->endpoint_kind);
  g_free (edge->where);
  g_free (edge);
}

static void
import_service_free (gpointer data)
{
  ImportService *service = data;

  g_free (service->name);
  g_free (service->where);
  g_free (service->image);
  g_free (service->context);
  g_free (service->dockerfile);
  g_strfreev (service->command);
  g_free (service->health);
  g_ptr_array_unref (service->env);
  g_ptr_array_unref (service->edges);
  g_free (service->kube_namespace);
  g_free (service);
}

ImportModel *
import_model_new (GFile        *workspace_dir,
                  GCancellable *cancellable)
{
  ImportModel *model = g_new0 (ImportModel, 1);
  g_autofree gchar *cwd = g_get_current_dir ();

  model->services = g_ptr_array_new_with_free_func (import_service_free);
  model->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  model->report = g_ptr_array_new_with_free_func (g_free);
  model->workspace_dir = g_object_ref (workspace_dir);
  model->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  model->namespaces = g_ptr_array_new_with_free_func (g_free);
  model->streams = g_ptr_array_new_with_free_func (g_object_unref);
  model->cwd = g_file_new_for_path (cwd);

  return model;
}

void
import_model_free (ImportModel *model)
{
  g_hash_table_unref (model->by_name);
  g_ptr_array_unref (model->services);
  g_ptr_array_unref (model->report);
  g_object_unref (model->workspace_dir);
  g_clear_object (&model->cancellable);
  g_ptr_array_unref (model->namespaces);
  g_ptr_array_unref (model->streams);
  g_object_unref (model->cwd);
  g_free (model->name);
  g_free (model);
}

/* How reports name @file: relative to the current folder when it is
 * inside it, else its whole path. */
gchar *
import_model_display_name (ImportModel *model,
                           GFile       *file)
{
  gchar *relative = g_file_get_relative_path (model->cwd, file);

  if (relative != NULL)
    return relative;

  return g_file_get_parse_name (file);
}

/* Reads a YAML file of the input, keeping it as long as the model. */
FerryYamlStream *
import_model_read (ImportModel  *model,
                   GFile        *file,
                   GError      **error)
{
  g_autofree gchar *name = import_model_display_name (model, file);
  FerryYamlStream *stream;

  if (g_cancellable_set_error_if_cancelled (model->cancellable, error))
    return NULL;

  if ((stream = ferry_yaml_stream_new_from_file (file, name, model->cancellable, error)) == NULL)
    return NULL;

  g_ptr_array_add (model->streams, stream);

  return stream;
}

void
import_model_report (ImportModel *model,
                     const gchar *where,
                     const gchar *severity,
                     const gchar *format,
                     ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (where != NULL)
    g_ptr_array_add (model->report, g_strdup_printf ("%s: %s: %s", where, severity, message));
  else
    g_ptr_array_add (model->report, g_strdup_printf ("%s: %s", severity, message));
}

/* The service called @name, made when it is new. A name met again from
 * the same kind of input (two workloads of one name) is reported: the two
 * become one service. */
ImportService *
import_model_get_service (ImportModel *model,
                          const gchar *name,
                          const gchar *origin,
                          const gchar *where)
{
  ImportService *service = g_hash_table_lookup (model->by_name, name);

  if (service != NULL)
    {
      if (g_str_equal (service->origin, origin))
        import_model_report (model, where, "warning",
                             "“%s” is defined again (first at %s); both are imported as one service",
                             name, service->where);
      return service;
    }

  service = g_new0 (ImportService, 1);
  service->name = g_strdup (name);
  service->where = g_strdup (where);
  service->origin = origin;
  service->env = import_env_list_new ();
  service->edges = g_ptr_array_new_with_free_func (import_edge_free);
  service->replicas = -1;
  g_ptr_array_add (model->services, service);
  g_hash_table_insert (model->by_name, service->name, service);

  return service;
}

void
import_service_add_edge (ImportService *service,
                         const gchar   *target,
                         const gchar   *endpoint_kind,
                         const gchar   *where,
                         gboolean       declared)
{
  ImportEdge *edge = g_new0 (ImportEdge, 1);

  edge->target = g_strdup (target);
  edge->endpoint_kind = g_strdup (endpoint_kind);
  edge->where = g_strdup (where);
  edge->declared = declared;
  g_ptr_array_add (service->edges, edge);
}

GPtrArray *
import_env_list_new (void)
{
  return g_ptr_array_new_with_free_func (import_env_free);
}

ImportEnv *
import_env_list_find (GPtrArray   *env,
                      const gchar *key)
{
  for (guint i = 0; i < env->len; i++)
    if (g_str_equal (((ImportEnv *)g_ptr_array_index (env, i))->key, key))
      return g_ptr_array_index (env, i);

  return NULL;
}

/* Sets (or replaces) a variable of @env; a %NULL @value means the variable
 * is passed through from the environment the service runs in. */
void
import_env_list_set (GPtrArray   *env,
                     const gchar *key,
                     const gchar *value,
                     const gchar *where)
{
  ImportEnv *variable = import_env_list_find (env, key);

  if (variable == NULL)
    {
      variable = g_new0 (ImportEnv, 1);
      variable->key = g_strdup (key);
      g_ptr_array_add (env, variable);
    }

  g_free (variable->value);
  variable->value = g_strdup (value);
  g_free (variable->where);
  variable->where = g_strdup (where);
}

/* Locations and errors */

gchar *
import_where (FerryYamlStream     *stream,
              const FerryYamlNode *node)
{
  return g_strdup_printf ("%s:%u:%u", ferry_yaml_stream_get_name (stream),
                          ferry_yaml_node_get_line (node), ferry_yaml_node_get_column (node));
}

gboolean
import_invalid (GError              **error,
                FerryYamlStream      *stream,
                const FerryYamlNode  *node,
                const gchar          *format,
                ...)
{
  g_autofree gchar *where = import_where (stream, node);
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
               "%s: error: %s", where, message);

  return FALSE;
}

/* Reads a scalar or a list of scalars (the two forms compose and
 * Kubernetes allow in many places) into @out, with their nodes. */
gboolean
import_scalar_list (FerryYamlStream      *stream,
                    const FerryYamlNode  *node,
                    const gchar          *what,
                    GPtrArray           **out,
                    GError              **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  if (ferry_yaml_node_is_null (node))
    {
      *out = g_steal_pointer (&items);
      return TRUE;
    }

  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_SCALAR)
    {
      g_ptr_array_add (items, (gpointer)node);
      *out = g_steal_pointer (&items);
      return TRUE;
    }

  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_SEQUENCE)
    return import_invalid (error, stream, node, "%s must be a string or a list of strings", what);

  for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
    {
      FerryYamlNode *item = ferry_yaml_node_get_item (node, i);

      if (ferry_yaml_node_get_kind (item) != FERRY_YAML_NODE_SCALAR)
        return import_invalid (error, stream, item, "%s must be a list of strings", what);
      g_ptr_array_add (items, item);
    }

  *out = g_steal_pointer (&items);
  return TRUE;
}

/* The repository part of an image reference: no tag, no digest. */
gchar *
import_image_repository (const gchar *image)
{
  g_autofree gchar *repository = NULL;
  const gchar *slash;
  gchar *colon;
  gchar *at;

  if (image == NULL)
    return NULL;

  repository = g_strstrip (g_strdup (image));
  if ((at = strchr (repository, '@')) != NULL)
    *at = '\0';

  slash = strrchr (repository, '/');
  colon = strrchr (repository, ':');
  if (colon != NULL && (slash == NULL || colon > slash))
    *colon = '\0';

  if (*repository == '\0')
    return NULL;

  return g_steal_pointer (&repository);
}

/* Addresses */

void
import_address_free (ImportAddress *address)
{
  g_free (address->scheme);
  g_free (address->host);
  g_free (address);
}

static gboolean
parse_port (const gchar *start,
            const gchar *end,
            guint       *port)
{
  guint64 value = 0;

  if (start == end || end - start > 5)
    return FALSE;

  for (const gchar *p = start; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint)(*p - '0');
    }

  if (value == 0 || value > 65535)
    return FALSE;

  *port = (guint)value;
  return TRUE;
}

static gboolean
valid_host (const gchar *host)
{
  if (*host == '\0' || *host == '.' || *host == '-')
    return FALSE;

  for (const gchar *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;

  return TRUE;
}

/* [userinfo@]host[:port] between @start and @end. A port that is a
 * variable (`db:${PORT}`) still makes an address. */
static ImportAddress *
parse_authority (const gchar *scheme,
                 const gchar *start,
                 const gchar *end)
{
  g_autofree gchar *host = NULL;
  const gchar *colon = NULL;
  guint port = 0;

  for (const gchar *p = start; p < end; p++)
    if (*p == '@')
      start = p + 1;

  for (const gchar *p = start; p < end; p++)
    if (*p == ':')
      colon = p;

  if (colon != NULL)
    {
      if (!parse_port (colon + 1, end, &port) && colon[1] != '$')
        return NULL;
      end = colon;
    }

  host = g_strndup (start, end - start);
  if (host[0] != '\0' && host[strlen (host) - 1] == '.')
    host[strlen (host) - 1] = '\0';

  if (!valid_host (host))
    return NULL;

  {
    ImportAddress *address = g_new0 (ImportAddress, 1);

    address->scheme = g_strdup (scheme);
    address->host = g_steal_pointer (&host);
    address->has_port = colon != NULL;

    return address;
  }
}

static ImportAddress *
parse_token (const gchar *token)
{
  const gchar *separator = strstr (token, "://");
  const gchar *start = token;
  const gchar *end;
  g_autofree gchar *scheme = NULL;

  if (separator != NULL)
    {
      const gchar *scheme_start = token;

      /* jdbc:postgresql://db/x speaks postgresql. */
      for (const gchar *p = token; p < separator; p++)
        if (*p == ':')
          scheme_start = p + 1;

      if (scheme_start == separator)
        return NULL;

      for (const gchar *p = scheme_start; p < separator; p++)
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
          return NULL;

      scheme = g_ascii_strdown (scheme_start, separator - scheme_start);
      start = separator + 3;
    }
  else
    {
      /* --db=db:5432, host=db (a libpq DSN) */
      const gchar *equals = strrchr (token, '=');

      if (equals != NULL)
        start = equals + 1;
    }

  end = start + strcspn (start, "/?#");

  return parse_authority (scheme, start, end);
}

/**
 * import_find_addresses:
 * @value: the value of an environment variable or the like
 *
 * Finds what looks like a host in @value: URLs (`scheme://user@host:port/…`,
 * `jdbc:postgresql://…`), `host:port`, `key=host` and bare words, in lists
 * separated by commas, semicolons or spaces. Bare words are returned too
 * (with no port and no scheme): only a known name, in a variable that
 * holds a host (see import_address_counts()), makes them a reference.
 *
 * Returns: (transfer full) (element-type ImportAddress): the addresses
 */
GPtrArray *
import_find_addresses (const gchar *value)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func ((GDestroyNotify)import_address_free);
  g_auto(GStrv) tokens = NULL;

  if (value == NULL)
    return addresses;

  tokens = g_strsplit_set (value, " \t\r\n,;", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gchar *token = g_strstrip (tokens[i]);
      gsize length = strlen (token);
      ImportAddress *address;

      while (length > 0 && strchr ("\"'()[]<>", token[length - 1]) != NULL)
        token[--length] = '\0';
      while (*token != '\0' && strchr ("\"'()[]<>", *token) != NULL)
        token++;

      if (*token != '\0' && (address = parse_token (token)) != NULL)
        g_ptr_array_add (addresses, address);
    }

  return addresses;
}

/* Whether @host names something inside a Kubernetes cluster
 * (`name.ns.svc`, `name.ns.svc.cluster.local`). */
gboolean
import_is_cluster_host (const gchar *host)
{
  g_auto(GStrv) labels = g_strsplit (host, ".", -1);

  for (guint i = 1; labels[0] != NULL && labels[i] != NULL; i++)
    if (g_str_equal (labels[i], "svc"))
      return TRUE;

  return FALSE;
}

/**
 * import_address_counts:
 * @address: an address found in the value of @key
 * @key: the name of an environment variable
 *
 * A port, a scheme or dots make an address of a value; a bare word is
 * one only where the variable's name says it holds a host (`DB_HOST: db`,
 * `CART_SERVICE_ADDR`), not a database name or a mode that happens to be
 * spelled like a service (`POSTGRES_DB: api`).
 *
 * Returns: whether @address may name a service
 */
gboolean
import_address_counts (const ImportAddress *address,
                       const gchar         *key)
{
  static const gchar * const words[] = {
    "HOST", "ADDR", "SERVER", "ENDPOINT", "URL", "URI", "BROKER", "UPSTREAM",
    "BACKEND", "PEER", "NODE", "DSN", "CONNECT",
  };
  g_autofree gchar *upper = NULL;

  if (address->scheme != NULL || address->has_port || strchr (address->host, '.') != NULL)
    return TRUE;

  upper = g_ascii_strup (key, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (upper, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* Whether an address nobody in the input answers to is worth reporting:
 * a one-label host with a port or a scheme (`db:5432`, `http://cart`)
 * names a neighbour, where a bare word may be anything and a dotted name
 * is somewhere else on the network. */
gboolean
import_looks_internal (const ImportAddress *address)
{
  gboolean has_letter = FALSE;

  if (address->scheme == NULL && !address->has_port)
    return FALSE;

  if (strchr (address->host, '.') != NULL || g_ascii_strcasecmp (address->host, "localhost") == 0)
    return FALSE;

  for (const gchar *p = address->host; *p != '\0'; p++)
    has_letter |= g_ascii_isalpha (*p);

  return has_letter;
}

/* From the model to ferry.json */

typedef struct
{
  ImportService *service;
  GArray        *targets;    /* guint: accepted edges, service indices */
  GPtrArray     *depends_on;
  GPtrArray     *consumes;
  GPtrArray     *produces;
} Node;

typedef struct
{
  gchar     *key;
  gchar     *name;
  gchar     *url;
  gchar     *branch;
  GPtrArray *builds;
} Repo;

typedef struct
{
  gchar     *key;
  gchar     *name;
  gchar     *image;
  GPtrArray *services;  /* Node */
} Build;

static void
node_clear (gpointer data)
{
  Node *node = data;

  g_array_unref (node->targets);
  g_ptr_array_unref (node->depends_on);
  g_ptr_array_unref (node->consumes);
  g_ptr_array_unref (node->produces);
}

static void
build_free (gpointer data)
{
  Build *build = data;

  g_free (build->key);
  g_free (build->name);
  g_free (build->image);
  g_ptr_array_unref (build->services);
  g_free (build);
}

static void
repo_free (gpointer data)
{
  Repo *repo = data;

  g_free (repo->key);
  g_free (repo->name);
  g_free (repo->url);
  g_free (repo->branch);
  g_ptr_array_unref (repo->builds);
  g_free (repo);
}

static void
add_unique (GPtrArray   *strings,
            const gchar *string)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), string))
      return;

  g_ptr_array_add (strings, g_strdup (string));
}

static gboolean
has_target (const Node *node,
            guint       target)
{
  for (guint i = 0; i < node->targets->len; i++)
    if (g_array_index (node->targets, guint, i) == target)
      return TRUE;

  return FALSE;
}

/* A path of accepted edges from @from to @to, as service indices from
 * @from, or NULL when there is none. */
static GArray *
find_path (GArray *nodes,
           guint   from,
           guint   to)
{
  g_autofree gint *parent = g_new (gint, nodes->len);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *path;

  for (guint i = 0; i < nodes->len; i++)
    parent[i] = -1;

  parent[from] = (gint)from;
  g_array_append_val (stack, from);

  while (stack->len > 0 && parent[to] < 0)
    {
      guint current = g_array_index (stack, guint, stack->len - 1);
      Node *node = &g_array_index (nodes, Node, current);

      g_array_set_size (stack, stack->len - 1);
      for (guint i = 0; i < node->targets->len; i++)
        {
          guint next = g_array_index (node->targets, guint, i);

          if (parent[next] < 0)
            {
              parent[next] = (gint)current;
              g_array_append_val (stack, next);
            }
        }
    }

  if (parent[to] < 0)
    return NULL;

  path = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = to; i != from; i = (guint)parent[i])
    g_array_prepend_val (path, i);
  g_array_prepend_val (path, from);

  return path;
}

static gboolean
valid_endpoint_part (const gchar *part)
{
  if (!g_ascii_islower (*part) && !g_ascii_isdigit (*part))
    return FALSE;

  for (const gchar *p = part; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

static const gchar *
endpoint_kind (const gchar *scheme)
{
  if (g_strcmp0 (scheme, "https") == 0)
    return "http";
  if (g_strcmp0 (scheme, "wss") == 0)
    return "ws";
  if (g_strcmp0 (scheme, "grpcs") == 0)
    return "grpc";

  return scheme;
}

/* Accepts the edges of every service of one sort (declared ones first, so
 * that a cycle is broken at an edge derived from an address), leaving out
 * and reporting any that would close a cycle. */
static void
accept_edges (ImportModel *model,
              GArray      *nodes,
              GHashTable  *index,
              gboolean     declared,
              guint       *n_edges)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      for (guint j = 0; j < node->service->edges->len; j++)
        {
          ImportEdge *edge = g_ptr_array_index (node->service->edges, j);
          const gchar *kind = endpoint_kind (edge->endpoint_kind);
          gpointer value;
          guint target;
          Node *producer;

          if (edge->declared != declared ||
              !g_hash_table_lookup_extended (index, edge->target, NULL, &value))
            continue;

          target = GPOINTER_TO_UINT (value);
          if (target == i)
            continue;

          if (!has_target (node, target))
            {
              g_autoptr(GArray) path = find_path (nodes, target, i);

              if (path != NULL)
                {
                  g_autoptr(GString) cycle = g_string_new (node->service->name);

                  for (guint k = 0; k < path->len; k++)
                    g_string_append_printf (cycle, " → %s",
                                            g_array_index (nodes, Node, g_array_index (path, guint, k)).service->name);
                  import_model_report (model, edge->where, "warning",
                                       "“%s” → “%s” would close the cycle %s; this dependency is left out",
                                       node->service->name, edge->target, cycle->str);
                  continue;
                }

              g_array_append_val (node->targets, target);
              (*n_edges)++;
            }

          producer = &g_array_index (nodes, Node, target);
          if (kind != NULL && valid_endpoint_part (kind) && valid_endpoint_part (producer->service->name))
            {
              g_autofree gchar *endpoint = g_strdup_printf ("%s:%s", kind, producer->service->name);

              add_unique (node->consumes, endpoint);
              add_unique (producer->produces, endpoint);
            }
          else
            {
              add_unique (node->depends_on, producer->service->name);
            }
        }
    }
}

/* @target relative to the folder @base, both absolute. */
static gchar *
relative_path (const gchar *base,
               const gchar *target)
{
  g_auto(GStrv) from = g_strsplit (base, "/", -1);
  g_auto(GStrv) to = g_strsplit (target, "/", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  guint common = 0;

  while (from[common] != NULL && to[common] != NULL && g_str_equal (from[common], to[common]))
    common++;

  for (guint i = common; from[i] != NULL; i++)
    if (*from[i] != '\0')
      g_ptr_array_add (parts, (gpointer)"..");
  for (guint i = common; to[i] != NULL; i++)
    if (*to[i] != '\0')
      g_ptr_array_add (parts, to[i]);

  if (parts->len == 0)
    return g_strdup (".");

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("/", (gchar **)parts->pdata);
}

/* Whether a build context is a git repository URL rather than a folder. */
gboolean
import_is_git_url (const gchar *context)
{
  return g_str_has_prefix (context, "http://") || g_str_has_prefix (context, "https://") ||
         g_str_has_prefix (context, "git://") || g_str_has_prefix (context, "ssh://") ||
         g_str_has_prefix (context, "git@");
}

static gchar *
unique_name (GHashTable  *taken,
             const gchar *wanted)
{
  gchar *name = g_strdup (wanted);

  for (guint i = 2; g_hash_table_contains (taken, name); i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", wanted, i);
    }

  g_hash_table_add (taken, name);

  return g_strdup (name);
}

/* A name for the repo of an image: its last component, else (when that is
 * taken) its whole path past the registry. */
static gchar *
image_repo_name (GHashTable  *taken,
                 const gchar *image)
{
  g_auto(GStrv) parts = g_strsplit (image, "/", -1);
  guint n = g_strv_length (parts);
  guint first = 0;
  g_autofree gchar *joined = NULL;

  if (!g_hash_table_contains (taken, parts[n - 1]))
    return unique_name (taken, parts[n - 1]);

  if (n > 1 && (strchr (parts[0], '.') != NULL || strchr (parts[0], ':') != NULL ||
                g_str_equal (parts[0], "localhost")))
    first = 1;

  joined = g_strjoinv ("-", parts + first);
  return unique_name (taken, joined);
}

static Repo *
new_repo (ImportModel *model,
          GHashTable  *repo_names,
          const gchar *key,
          const ImportService *service)
{
  Repo *repo = g_new0 (Repo, 1);

  repo->key = g_strdup (key);
  repo->builds = g_ptr_array_new_with_free_func (build_free);

  if (service->context != NULL && import_is_git_url (service->context))
    {
      g_autofree gchar *url = g_strdup (service->context);
      gchar *fragment = strchr (url, '#');
      g_autofree gchar *base = NULL;

      if (fragment != NULL)
        {
          gchar *colon;

          *fragment++ = '\0';
          if ((colon = strchr (fragment, ':')) != NULL)
            *colon = '\0';
          if (*fragment != '\0')
            repo->branch = g_strdup (fragment);
        }

      base = g_path_get_basename (url);
      if (g_str_has_suffix (base, ".git"))
        base[strlen (base) - 4] = '\0';
      repo->name = unique_name (repo_names, *base != '\0' ? base : service->name);
      repo->url = g_steal_pointer (&url);
    }
  else if (service->context != NULL)
    {
      g_autofree gchar *base = g_path_get_basename (service->context);
      g_autofree gchar *workspace = g_file_get_path (model->workspace_dir);

      repo->name = unique_name (repo_names, g_str_equal (base, "/") ? service->name : base);
      repo->url = relative_path (workspace, service->context);
    }
  else if (service->image != NULL)
    {
      repo->name = image_repo_name (repo_names, service->image);
    }
  else
    {
      repo->name = unique_name (repo_names, service->name);
    }

  return repo;
}

static gchar *
build_name_for (const Repo          *repo,
                const ImportService *service)
{
  g_autofree gchar *base = NULL;
  gsize length;

  if (service->dockerfile == NULL)
    return g_strdup (repo->name);

  base = g_path_get_basename (service->dockerfile);
  if (g_str_equal (base, "Dockerfile"))
    return g_strdup (repo->name);

  /* Dockerfile.worker, worker.Dockerfile */
  if (g_str_has_prefix (base, "Dockerfile."))
    memmove (base, base + strlen ("Dockerfile."), strlen (base) - strlen ("Dockerfile.") + 1);
  length = strlen (base);
  if (length > strlen (".Dockerfile") &&
      g_ascii_strcasecmp (base + length - strlen (".Dockerfile"), ".Dockerfile") == 0)
    base[length - strlen (".Dockerfile")] = '\0';

  return *base != '\0' ? g_steal_pointer (&base) : g_strdup (service->name);
}

/* Groups services into repos and builds: by build context (and Dockerfile)
 * where there is one, else by image; the services of an image built from
 * a context join that context's build. */
static GPtrArray *
group_services (ImportModel *model,
                GArray      *nodes)
{
  GPtrArray *repos = g_ptr_array_new_with_free_func (repo_free);
  g_autoptr(GHashTable) repo_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) repos_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) image_contexts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < nodes->len; i++)
    {
      ImportService *service = g_array_index (nodes, Node, i).service;

      if (service->context != NULL && service->image != NULL &&
          !g_hash_table_contains (image_contexts, service->image))
        g_hash_table_insert (image_contexts, service->image, service);
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);
      const ImportService *service = node->service;
      const ImportService *source = service;
      g_autofree gchar *repo_key = NULL;
      g_autofree gchar *build_key = NULL;
      Repo *repo;
      Build *build = NULL;

      if (service->context == NULL && service->image != NULL &&
          g_hash_table_contains (image_contexts, service->image))
        source = g_hash_table_lookup (image_contexts, service->image);

      if (source->context != NULL)
        {
          repo_key = g_strconcat ("context:", source->context, NULL);
          build_key = g_strdup (source->dockerfile != NULL ? source->dockerfile : "Dockerfile");
        }
      else if (source->image != NULL)
        {
          repo_key = g_strconcat ("image:", source->image, NULL);
          build_key = g_strdup ("");
        }
      else
        {
          repo_key = g_strconcat ("service:", source->name, NULL);
          build_key = g_strdup ("");
        }

      if ((repo = g_hash_table_lookup (repos_by_key, repo_key)) == NULL)
        {
          repo = new_repo (model, repo_names, repo_key, source);
          g_ptr_array_add (repos, repo);
          g_hash_table_insert (repos_by_key, repo->key, repo);
        }

      for (guint j = 0; j < repo->builds->len && build == NULL; j++)
        if (g_str_equal (((Build *)g_ptr_array_index (repo->builds, j))->key, build_key))
          build = g_ptr_array_index (repo->builds, j);

      if (build == NULL)
        {
          g_autofree gchar *wanted = build_name_for (repo, source);
          g_autofree gchar *name = g_strdup (wanted);

          for (guint n = 2; ; n++)
            {
              gboolean taken = FALSE;

              for (guint j = 0; j < repo->builds->len; j++)
                taken |= g_str_equal (((Build *)g_ptr_array_index (repo->builds, j))->name, name);
              if (!taken)
                break;
              g_free (name);
              name = g_strdup_printf ("%s-%u", wanted, n);
            }

          build = g_new0 (Build, 1);
          build->key = g_steal_pointer (&build_key);
          build->name = g_steal_pointer (&name);
          build->services = g_ptr_array_new ();
          g_ptr_array_add (repo->builds, build);
        }

      if (build->image == NULL && service->image != NULL)
        build->image = g_strdup (service->image);

      g_ptr_array_add (build->services, node);
    }

  return repos;
}

static void
add_string_array (JsonBuilder *builder,
                  const gchar *member,
                  GPtrArray   *strings,
                  gboolean     even_empty)
{
  if (strings->len == 0 && !even_empty)
    return;

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static gboolean
is_variable_reference (const gchar *value)
{
  gsize length = strlen (value);

  return (g_str_has_prefix (value, "${") && value[length - 1] == '}' && strchr (value + 1, '$') == NULL) ||
         (g_str_has_prefix (value, "$(") && value[length - 1] == ')' && strchr (value + 1, '$') == NULL);
}

/* Whether an environment variable probably holds a secret, which has no
 * place in a file people commit. */
static gboolean
looks_secret (const gchar *key,
              const gchar *value)
{
  static const gchar * const words[] = {
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
    "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL",
  };
  g_autofree gchar *upper = NULL;
  const gchar *scheme;

  if (value == NULL || *value == '\0' || is_variable_reference (value))
    return FALSE;

  upper = g_ascii_strup (key, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (upper, words[i]) != NULL)
      return TRUE;

  /* scheme://user:password@host */
  if ((scheme = strstr (value, "://")) != NULL)
    {
      const gchar *authority = scheme + 3;
      gsize length = strcspn (authority, "/?# ");
      const gchar *at = g_strstr_len (authority, length, "@");

      if (at != NULL && memchr (authority, ':', at - authority) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
add_run (ImportModel   *model,
         JsonBuilder   *builder,
         ImportService *service)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new ();

  for (guint i = 0; i < service->env->len; i++)
    {
      ImportEnv *variable = g_ptr_array_index (service->env, i);

      if (variable->value == NULL)
        continue;

      if (looks_secret (variable->key, variable->value))
        {
          import_model_report (model, variable->where, "warning",
                               "%s of “%s” looks like a secret: its value is not copied into ferry.json",
                               variable->key, service->name);
          continue;
        }

      g_ptr_array_add (env, variable);
    }

  if (service->command == NULL && service->port == 0 && service->health == NULL && env->len == 0)
    return;

  json_builder_set_member_name (builder, "run");
  json_builder_begin_object (builder);

  if (service->command != NULL)
    {
      json_builder_set_member_name (builder, "command");
      json_builder_begin_array (builder);
      for (guint i = 0; service->command[i] != NULL; i++)
        json_builder_add_string_value (builder, service->command[i]);
      json_builder_end_array (builder);
    }

  if (service->port != 0)
    {
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, service->port);
    }

  if (service->health != NULL)
    {
      json_builder_set_member_name (builder, "health");
      json_builder_add_string_value (builder, service->health);
    }

  if (env->len > 0)
    {
      json_builder_set_member_name (builder, "env");
      json_builder_begin_object (builder);
      for (guint i = 0; i < env->len; i++)
        {
          ImportEnv *variable = g_ptr_array_index (env, i);

          json_builder_set_member_name (builder, variable->key);
          json_builder_add_string_value (builder, variable->value);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

static void
add_service (ImportModel *model,
             JsonBuilder *builder,
             Node        *node,
             const gchar *kube_environment)
{
  ImportService *service = node->service;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, service->name);
  add_string_array (builder, "produces", node->produces, FALSE);
  add_string_array (builder, "consumes", node->consumes, FALSE);
  add_string_array (builder, "depends_on", node->depends_on, TRUE);
  add_run (model, builder, service);

  if (kube_environment != NULL && service->replicas >= 0)
    {
      json_builder_set_member_name (builder, "environments");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, kube_environment);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "replicas");
      json_builder_add_int_value (builder, service->replicas);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

static gchar *
kube_target_name (const gchar *name_space,
                  gboolean     several)
{
  if (!several)
    return g_strdup ("kubernetes");

  return g_strdup_printf ("k8s-%s", *name_space != '\0' ? name_space : "default");
}

/* Environments dev, uat and prod; prod runs on Kubernetes (in the
 * namespace most workloads are in) when the input had manifests. */
static void
add_environments (ImportModel *model,
                  JsonBuilder *builder)
{
  g_autoptr(GPtrArray) namespaces = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gchar *prod_target = NULL;
  const gchar *main_namespace = NULL;
  guint best = 0;

  for (guint i = 0; i < model->namespaces->len; i++)
    {
      const gchar *ns = g_ptr_array_index (model->namespaces, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, ns)) + 1;

      if (count == 1)
        g_ptr_array_add (namespaces, (gpointer)ns);
      g_hash_table_insert (counts, (gpointer)ns, GUINT_TO_POINTER (count));
      if (count > best)
        {
          best = count;
          main_namespace = ns;
        }
    }

  prod_target = model->kubernetes ? kube_target_name (main_namespace != NULL ? main_namespace : "",
                                                      namespaces->len > 1)
                                  : g_strdup ("local");

  json_builder_set_member_name (builder, "environments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 3; i++)
    {
      static const gchar * const names[] = { "dev", "uat", "prod" };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, i == 2 ? prod_target : "local");
      if (i == 2)
        {
          json_builder_set_member_name (builder, "approval");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "required");
          json_builder_add_int_value (builder, 1);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (!model->kubernetes)
    return;

  if (namespaces->len > 1)
    {
      g_autofree gchar *list = NULL;

      g_ptr_array_add (namespaces, NULL);
      list = g_strjoinv (", ", (gchar **)namespaces->pdata);
      g_ptr_array_remove_index (namespaces, namespaces->len - 1);
      import_model_report (model, NULL, "note",
                           "the workloads are in several namespaces (%s): prod targets “%s”, "
                           "the others are listed as targets", list, prod_target);
    }

  json_builder_set_member_name (builder, "targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < MAX (namespaces->len, 1); i++)
    {
      const gchar *ns = i < namespaces->len ? g_ptr_array_index (namespaces, i) : "";
      g_autofree gchar *target = kube_target_name (ns, namespaces->len > 1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, target);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "kubernetes");
      if (*ns != '\0')
        {
          json_builder_set_member_name (builder, "namespace");
          json_builder_add_string_value (builder, ns);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * import_model_build:
 * @model: the services read from the input
 * @name: the workspace's name
 * @n_edges: (out): how many dependencies the workspace has
 *
 * Makes ferry.json of @model: every service, grouped into repos and
 * builds, with its dependencies (as endpoints where an address with a
 * scheme names them, as depends_on otherwise); a dependency that would
 * close a cycle is left out and reported.
 *
 * Returns: (transfer full): the ferry.json document
 */
JsonNode *
import_model_build (ImportModel *model,
                    const gchar *name,
                    guint       *n_edges)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) nodes = g_array_sized_new (FALSE, TRUE, sizeof (Node), model->services->len);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) repos = NULL;
  const gchar *kube_environment = NULL;

  g_array_set_clear_func (nodes, node_clear);
  *n_edges = 0;

  for (guint i = 0; i < model->services->len; i++)
    {
      Node node;

      node.service = g_ptr_array_index (model->services, i);
      node.targets = g_array_new (FALSE, FALSE, sizeof (guint));
      node.depends_on = g_ptr_array_new_with_free_func (g_free);
      node.consumes = g_ptr_array_new_with_free_func (g_free);
      node.produces = g_ptr_array_new_with_free_func (g_free);
      g_array_append_val (nodes, node);
      g_hash_table_insert (index, node.service->name, GUINT_TO_POINTER (i));
    }

  accept_edges (model, nodes, index, TRUE, n_edges);
  accept_edges (model, nodes, index, FALSE, n_edges);
  repos = group_services (model, nodes);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ferry");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  add_environments (model, builder);
  if (model->kubernetes)
    kube_environment = "prod";

  json_builder_set_member_name (builder, "repos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < repos->len; i++)
    {
      Repo *repo = g_ptr_array_index (repos, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, repo->name);
      if (repo->url != NULL)
        {
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, repo->url);
        }
      if (repo->branch != NULL)
        {
          json_builder_set_member_name (builder, "branch");
          json_builder_add_string_value (builder, repo->branch);
        }

      json_builder_set_member_name (builder, "builds");
      json_builder_begin_array (builder);
      for (guint j = 0; j < repo->builds->len; j++)
        {
          Build *build = g_ptr_array_index (repo->builds, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, build->name);
          if (build->image != NULL)
            {
              json_builder_set_member_name (builder, "image");
              json_builder_add_string_value (builder, build->image);
            }
          json_builder_set_member_name (builder, "services");
          json_builder_begin_array (builder);
          for (guint k = 0; k < build->services->len; k++)
            add_service (model, builder, g_ptr_array_index (build->services, k), kube_environment);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

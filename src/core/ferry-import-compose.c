/* ferry-import-compose.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-import-private.h"

#define ORIGIN "compose"

/* How deeply `include:` may nest, `extends:` chain and `${A:-${B:-…}}`
 * defaults nest: bounds on the work hostile input can ask for. */
#define MAX_INCLUDE_DEPTH 8
#define MAX_EXTENDS_DEPTH 64
#define MAX_DEFAULT_DEPTH 16

/* A reference a service declares to another by name. */
typedef struct
{
  gchar       *name;
  gchar       *where;
  const gchar *how;
} ComposeRef;

typedef struct _ComposeService ComposeService;

struct _ComposeService
{
  ImportService *service;
  GPtrArray     *refs;       /* ComposeRef */
  GPtrArray     *env;        /* environment: */
  GPtrArray     *file_env;   /* env_file:, which environment: overrides */
  GArray        *ports;      /* guint, container ports */
  GArray        *exposed;    /* guint, ports expose: lists */
  GPtrArray     *hosts;      /* container_name, hostname, aliases */
  gchar         *image;      /* as written */
  gchar         *image_where;
  gchar         *context;
  gchar         *dockerfile;
  gchar        **entrypoint;
  gchar        **command;
  gchar         *health;
  gchar         *extends;
  gchar         *extends_where;
  guint          health_set : 1;
  guint          extended : 1;
};

typedef struct
{
  ImportModel *model;
  GPtrArray   *services;  /* ComposeService, in the order met */
  GHashTable  *by_name;   /* service key → ComposeService */
  GHashTable  *hosts;     /* every name a service answers to → ComposeService */
  GHashTable  *included;  /* paths of the files read, against include loops */
} Compose;

static void
compose_ref_free (gpointer data)
{
  ComposeRef *ref = data;

  g_free (ref->name);
  g_free (ref->where);
  g_free (ref);
}

static void
compose_service_free (gpointer data)
{
  ComposeService *cs = data;

  g_ptr_array_unref (cs->refs);
  g_ptr_array_unref (cs->env);
  g_ptr_array_unref (cs->file_env);
  g_array_unref (cs->ports);
  g_array_unref (cs->exposed);
  g_ptr_array_unref (cs->hosts);
  g_free (cs->image);
  g_free (cs->image_where);
  g_free (cs->context);
  g_free (cs->dockerfile);
  g_strfreev (cs->entrypoint);
  g_strfreev (cs->command);
  g_free (cs->health);
  g_free (cs->extends);
  g_free (cs->extends_where);
  g_free (cs);
}

static void
replace_string (gchar       **field,
                const gchar  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/*
 * Replaces `${VAR:-default}` and `${VAR-default}` by their default and
 * `$$` by `$`, leaving every other variable as written: nothing of the
 * environment the import runs in leaks into the workspace. Defaults
 * nested deeper than MAX_DEFAULT_DEPTH are left as written too.
 */
static gchar *
interpolate_defaults_at (const gchar *value,
                         guint        level)
{
  GString *out = g_string_new (NULL);
  const gchar *p = value;

  while (*p != '\0')
    {
      const gchar *close;
      const gchar *name_end;
      guint depth = 0;

      if (p[0] == '$' && p[1] == '$')
        {
          g_string_append_c (out, '$');
          p += 2;
          continue;
        }

      if (p[0] != '$' || p[1] != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      for (close = p + 2; *close != '\0'; close++)
        {
          if (close[0] == '$' && close[1] == '{')
            depth++;
          else if (*close == '}' && depth-- == 0)
            break;
        }

      if (*close == '\0')
        {
          g_string_append (out, p);
          break;
        }

      for (name_end = p + 2; g_ascii_isalnum (*name_end) || *name_end == '_'; name_end++)
        ;

      if (level < MAX_DEFAULT_DEPTH && (name_end[0] == '-' || (name_end[0] == ':' && name_end[1] == '-')))
        {
          const gchar *fallback = name_end + (name_end[0] == '-' ? 1 : 2);
          g_autofree gchar *inner = g_strndup (fallback, close - fallback);
          g_autofree gchar *expanded = interpolate_defaults_at (inner, level + 1);

          g_string_append (out, expanded);
        }
      else
        {
          g_string_append_len (out, p, close + 1 - p);
        }

      p = close + 1;
    }

  return g_string_free (out, FALSE);
}

static gchar *
interpolate_defaults (const gchar *value)
{
  return interpolate_defaults_at (value, 0);
}

static gboolean
parse_port_number (const gchar *text,
                   guint       *port)
{
  gchar *end = NULL;
  gulong value;

  if (!g_ascii_isdigit (*text))
    return FALSE;

  value = strtoul (text, &end, 10);
  if ((*end != '\0' && *end != '-') || value == 0 || value > 65535)
    return FALSE;

  *port = (guint)value;
  return TRUE;
}

/* The container port of a `ports:` entry: "80", "8080:80",
 * "127.0.0.1:8080:80/tcp", "8000-8010:8000-8010", {target: 80}. */
static gboolean
parse_compose_port (const gchar *entry,
                    guint       *port)
{
  g_autofree gchar *text = interpolate_defaults (entry);
  gchar *slash = strchr (text, '/');
  gchar *colon;

  if (slash != NULL)
    *slash = '\0';

  colon = strrchr (text, ':');

  return parse_port_number (colon != NULL ? colon + 1 : text, port);
}

/* The path a health check command asks over HTTP, if it does. */
static gchar *
health_path (const gchar *command)
{
  const gchar *url = strstr (command, "http://");
  const gchar *path;
  gsize length;

  if (url == NULL)
    url = strstr (command, "https://");
  if (url == NULL)
    return NULL;

  url = strstr (url, "://") + 3;
  length = strcspn (url, " \t'\"|;&)");
  path = memchr (url, '/', length);
  if (path == NULL)
    return g_strdup ("/");

  return g_strndup (path, url + length - path);
}

static gboolean
read_argv (FerryYamlStream      *stream,
           const FerryYamlNode  *node,
           const gchar          *what,
           gchar              ***argv,
           GError              **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_SCALAR && !ferry_yaml_node_is_null (node))
    {
      g_autoptr(GError) local_error = NULL;
      gchar **parsed = NULL;

      if (!g_shell_parse_argv (ferry_yaml_node_get_scalar (node), NULL, &parsed, &local_error))
        return import_invalid (error, stream, node, "%s cannot be split into words: %s",
                               what, local_error->message);
      g_strfreev (*argv);
      *argv = parsed;
      return TRUE;
    }

  if (!import_scalar_list (stream, node, what, &items, error))
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    g_strv_builder_add (builder, ferry_yaml_node_get_scalar (g_ptr_array_index (items, i)));

  g_strfreev (*argv);
  *argv = items->len > 0 ? g_strv_builder_end (builder) : NULL;

  return TRUE;
}

static void
add_ref (ComposeService      *cs,
         FerryYamlStream     *stream,
         const FerryYamlNode *node,
         const gchar         *name,
         const gchar         *how)
{
  ComposeRef *ref = g_new0 (ComposeRef, 1);

  ref->name = g_strdup (name);
  ref->where = import_where (stream, node);
  ref->how = how;
  g_ptr_array_add (cs->refs, ref);
}

static gboolean
read_depends_on (ComposeService       *cs,
                 FerryYamlStream      *stream,
                 const FerryYamlNode  *node,
                 GError              **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_MAPPING)
    {
      /* depends_on: {db: {condition: service_healthy, required: false}} */
      for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
        {
          FerryYamlNode *key = ferry_yaml_node_get_key (node, i);
          FerryYamlNode *value = ferry_yaml_node_get_value (node, i);

          if (ferry_yaml_node_get_scalar (key) == NULL)
            return import_invalid (error, stream, key, "depends_on names services");
          if (!ferry_yaml_node_is_null (value) && ferry_yaml_node_get_kind (value) != FERRY_YAML_NODE_MAPPING)
            return import_invalid (error, stream, value,
                                   "a dependency takes a mapping (condition:, required:, restart:)");
          add_ref (cs, stream, key, ferry_yaml_node_get_scalar (key), "depends on");
        }
      return TRUE;
    }

  if (!import_scalar_list (stream, node, "depends_on", &names, error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      FerryYamlNode *item = g_ptr_array_index (names, i);

      add_ref (cs, stream, item, ferry_yaml_node_get_scalar (item), "depends on");
    }

  return TRUE;
}

static gboolean
read_links (Compose              *compose,
            ComposeService       *cs,
            FerryYamlStream      *stream,
            const FerryYamlNode  *node,
            GError              **error)
{
  g_autoptr(GPtrArray) links = NULL;

  if (!import_scalar_list (stream, node, "links", &links, error))
    return FALSE;

  /* links: [db, "cache:redis"]: the alias is a name the service answers to. */
  for (guint i = 0; i < links->len; i++)
    {
      FerryYamlNode *item = g_ptr_array_index (links, i);
      g_auto(GStrv) parts = g_strsplit (ferry_yaml_node_get_scalar (item), ":", 2);

      if (parts[0] == NULL || *parts[0] == '\0')
        return import_invalid (error, stream, item, "a link names a service (SERVICE or SERVICE:ALIAS)");

      add_ref (cs, stream, item, parts[0], "links to");
      if (parts[1] != NULL && !g_hash_table_contains (compose->hosts, parts[1]))
        g_hash_table_insert (compose->hosts, g_strdup (parts[1]), g_strdup (parts[0]));
    }

  return TRUE;
}

static gboolean
read_volumes_from (ComposeService       *cs,
                   FerryYamlStream      *stream,
                   const FerryYamlNode  *node,
                   GError              **error)
{
  g_autoptr(GPtrArray) sources = NULL;

  if (!import_scalar_list (stream, node, "volumes_from", &sources, error))
    return FALSE;

  for (guint i = 0; i < sources->len; i++)
    {
      FerryYamlNode *item = g_ptr_array_index (sources, i);
      const gchar *text = ferry_yaml_node_get_scalar (item);
      g_auto(GStrv) parts = NULL;

      if (g_str_has_prefix (text, "container:"))
        continue;
      if (g_str_has_prefix (text, "service:"))
        text += strlen ("service:");

      parts = g_strsplit (text, ":", 2);
      if (parts[0] == NULL || *parts[0] == '\0')
        return import_invalid (error, stream, item, "volumes_from names a service (SERVICE[:ro])");
      add_ref (cs, stream, item, parts[0], "takes volumes from");
    }

  return TRUE;
}

static gboolean
read_environment (ComposeService       *cs,
                  FerryYamlStream      *stream,
                  const FerryYamlNode  *node,
                  GError              **error)
{
  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_MAPPING)
    {
      for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
        {
          FerryYamlNode *key = ferry_yaml_node_get_key (node, i);
          FerryYamlNode *value = ferry_yaml_node_get_value (node, i);
          g_autofree gchar *where = import_where (stream, value);

          if (ferry_yaml_node_get_scalar (key) == NULL || ferry_yaml_node_get_kind (value) != FERRY_YAML_NODE_SCALAR)
            return import_invalid (error, stream, value, "environment maps names to strings");

          import_env_list_set (cs->env, ferry_yaml_node_get_scalar (key),
                               ferry_yaml_node_is_null (value) ? NULL : ferry_yaml_node_get_scalar (value),
                               where);
        }
      return TRUE;
    }
  else
    {
      g_autoptr(GPtrArray) items = NULL;

      /* environment: ["KEY=value", "PASSED_THROUGH"] */
      if (!import_scalar_list (stream, node, "environment", &items, error))
        return FALSE;

      for (guint i = 0; i < items->len; i++)
        {
          FerryYamlNode *item = g_ptr_array_index (items, i);
          g_autofree gchar *where = import_where (stream, item);
          g_auto(GStrv) parts = g_strsplit (ferry_yaml_node_get_scalar (item), "=", 2);

          if (parts[0] == NULL || *parts[0] == '\0')
            return import_invalid (error, stream, item, "an environment entry is NAME=VALUE");
          import_env_list_set (cs->env, parts[0], parts[1], where);
        }
      return TRUE;
    }
}

/* Reads a .env file: NAME=VALUE lines, # comments, optional quotes and
 * `export `. */
static void
read_env_file (Compose             *compose,
               ComposeService      *cs,
               const gchar         *project_dir,
               FerryYamlStream     *stream,
               const FerryYamlNode *node,
               gboolean             required)
{
  g_autofree gchar *path = g_canonicalize_filename (ferry_yaml_node_get_scalar (node), project_dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree gchar *display = import_model_display_name (compose->model, file);
  g_autofree gchar *where = import_where (stream, node);
  g_autofree gchar *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error) || length > FERRY_YAML_MAX_SIZE)
    {
      import_model_report (compose->model, where, required ? "warning" : "note",
                           "env_file “%s” cannot be read (%s): the variables it gives “%s” are not imported",
                           display,
                           error == NULL ? "larger than 16 MiB" :
                           g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? "it does not exist" :
                           error->message,
                           cs->service->name);
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gchar *line = g_strstrip (lines[i]);
      g_autofree gchar *line_where = NULL;
      gchar *equals;
      gchar *value;

      if (*line == '\0' || *line == '#')
        continue;
      if (g_str_has_prefix (line, "export "))
        line = g_strchug (line + strlen ("export "));

      line_where = g_strdup_printf ("%s:%u:1", display, i + 1);

      if ((equals = strchr (line, '=')) == NULL)
        {
          import_env_list_set (cs->file_env, line, NULL, line_where);
          continue;
        }

      *equals = '\0';
      value = g_strchug (equals + 1);
      if ((*value == '"' || *value == '\'') && strchr (value + 1, *value) != NULL)
        {
          *strchr (value + 1, *value) = '\0';
          value++;
        }
      else
        {
          gchar *comment = strstr (value, " #");

          if (comment != NULL)
            *comment = '\0';
          g_strchomp (value);
        }

      import_env_list_set (cs->file_env, g_strchomp (line), value, line_where);
    }
}

static gboolean
read_env_files (Compose              *compose,
                ComposeService       *cs,
                const gchar          *project_dir,
                FerryYamlStream      *stream,
                const FerryYamlNode  *node,
                GError              **error)
{
  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_SEQUENCE)
    {
      for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
        {
          FerryYamlNode *item = ferry_yaml_node_get_item (node, i);
          FerryYamlNode *path = item;
          gboolean required = TRUE;

          /* env_file: [{path: .env, required: false}] */
          if (ferry_yaml_node_get_kind (item) == FERRY_YAML_NODE_MAPPING)
            {
              path = ferry_yaml_node_lookup (item, "path");
              required = g_strcmp0 (ferry_yaml_node_lookup_scalar (item, "required"), "false") != 0;
            }

          if (ferry_yaml_node_is_null (path) || ferry_yaml_node_get_kind (path) != FERRY_YAML_NODE_SCALAR)
            return import_invalid (error, stream, item, "an env_file entry is a path, or a mapping with a path");

          read_env_file (compose, cs, project_dir, stream, path, required);
        }
      return TRUE;
    }

  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_SCALAR)
    return import_invalid (error, stream, node, "env_file takes a path or a list of them");

  if (!ferry_yaml_node_is_null (node))
    read_env_file (compose, cs, project_dir, stream, node, TRUE);

  return TRUE;
}

/* ports: and expose: into @ports */
static gboolean
read_ports (Compose              *compose,
            ComposeService       *cs,
            FerryYamlStream      *stream,
            const FerryYamlNode  *node,
            const gchar          *what,
            GArray               *ports,
            GError              **error)
{
  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_SEQUENCE)
    return import_invalid (error, stream, node, "%s takes a list", what);

  for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
    {
      FerryYamlNode *item = ferry_yaml_node_get_item (node, i);
      const gchar *text = ferry_yaml_node_get_scalar (item);
      guint port;

      /* ports: [{target: 80, published: 8080}] */
      if (ferry_yaml_node_get_kind (item) == FERRY_YAML_NODE_MAPPING)
        text = ferry_yaml_node_lookup_scalar (item, "target");

      if (text != NULL && parse_compose_port (text, &port))
        {
          g_array_append_val (ports, port);
        }
      else
        {
          g_autofree gchar *where = import_where (stream, item);

          import_model_report (compose->model, where, "warning",
                               "this port of “%s” names no container port; it is not imported",
                               cs->service->name);
        }
    }

  return TRUE;
}

static gboolean
read_healthcheck (ComposeService       *cs,
                  FerryYamlStream      *stream,
                  const FerryYamlNode  *node,
                  GError              **error)
{
  FerryYamlNode *test = ferry_yaml_node_lookup (node, "test");
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) command = g_string_new (NULL);

  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_MAPPING)
    return import_invalid (error, stream, node, "healthcheck takes a mapping");

  if (g_strcmp0 (ferry_yaml_node_lookup_scalar (node, "disable"), "true") == 0)
    {
      g_clear_pointer (&cs->health, g_free);
      cs->health_set = TRUE;
      return TRUE;
    }

  if (test == NULL)
    return TRUE;

  if (!import_scalar_list (stream, test, "healthcheck test", &words, error))
    return FALSE;

  /* test: ["CMD", "curl", "-f", "http://localhost/healthz"] or a string */
  for (guint i = 0; i < words->len; i++)
    g_string_append_printf (command, "%s ", ferry_yaml_node_get_scalar (g_ptr_array_index (words, i)));

  g_clear_pointer (&cs->health, g_free);
  if (!g_str_has_prefix (command->str, "NONE "))
    cs->health = health_path (command->str);
  cs->health_set = TRUE;

  return TRUE;
}

static gboolean
read_networks (Compose              *compose,
               ComposeService       *cs,
               FerryYamlStream      *stream,
               const FerryYamlNode  *node,
               GError              **error)
{
  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_MAPPING)
    return TRUE;

  /* networks: {back: {aliases: [database]}} */
  for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
    {
      FerryYamlNode *aliases = ferry_yaml_node_lookup (ferry_yaml_node_get_value (node, i), "aliases");
      g_autoptr(GPtrArray) names = NULL;

      if (aliases == NULL)
        continue;

      if (!import_scalar_list (stream, aliases, "aliases", &names, error))
        return FALSE;

      for (guint j = 0; j < names->len; j++)
        g_ptr_array_add (cs->hosts, g_strdup (ferry_yaml_node_get_scalar (g_ptr_array_index (names, j))));
    }

  return TRUE;
}

static gboolean
read_build (Compose              *compose,
            ComposeService       *cs,
            const gchar          *project_dir,
            FerryYamlStream      *stream,
            const FerryYamlNode  *node,
            GError              **error)
{
  const gchar *context = ferry_yaml_node_get_scalar (node);
  const gchar *dockerfile = NULL;
  g_autofree gchar *expanded = NULL;

  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_MAPPING)
    {
      context = ferry_yaml_node_lookup_scalar (node, "context");
      dockerfile = ferry_yaml_node_lookup_scalar (node, "dockerfile");
      if (context == NULL)
        context = ".";
    }
  else if (context == NULL || ferry_yaml_node_is_null (node))
    {
      return import_invalid (error, stream, node, "build takes a folder or a mapping (context:, dockerfile:)");
    }

  expanded = interpolate_defaults (context);
  if (strchr (expanded, '$') != NULL)
    {
      g_autofree gchar *where = import_where (stream, node);

      import_model_report (compose->model, where, "warning",
                           "the build context of “%s” depends on a variable with no default; "
                           "it is grouped by its image instead", cs->service->name);
      return TRUE;
    }

  g_clear_pointer (&cs->context, g_free);
  if (import_is_git_url (expanded))
    cs->context = g_steal_pointer (&expanded);
  else
    cs->context = g_canonicalize_filename (expanded, project_dir);

  replace_string (&cs->dockerfile, dockerfile);

  return TRUE;
}

static gboolean
read_extends (ComposeService       *cs,
              FerryYamlStream      *stream,
              const FerryYamlNode  *node,
              GError              **error)
{
  const gchar *base = ferry_yaml_node_get_scalar (node);

  if (ferry_yaml_node_get_kind (node) == FERRY_YAML_NODE_MAPPING)
    {
      base = ferry_yaml_node_lookup_scalar (node, "service");

      if (ferry_yaml_node_lookup (node, "file") != NULL)
        {
          /* Someone else's file: what it defines is not in the input. */
          g_autofree gchar *where = import_where (stream, node);

          replace_string (&cs->extends_where, where);
          replace_string (&cs->extends, NULL);
          return TRUE;
        }
    }

  if (base == NULL || ferry_yaml_node_is_null (node))
    return import_invalid (error, stream, node, "extends names a service");

  replace_string (&cs->extends, base);
  g_free (cs->extends_where);
  cs->extends_where = import_where (stream, node);

  return TRUE;
}

static ComposeService *
get_compose_service (Compose             *compose,
                     FerryYamlStream     *stream,
                     const FerryYamlNode *key)
{
  const gchar *name = ferry_yaml_node_get_scalar (key);
  ComposeService *cs = g_hash_table_lookup (compose->by_name, name);
  g_autofree gchar *where = NULL;

  if (cs != NULL)
    return cs;

  where = import_where (stream, key);
  cs = g_new0 (ComposeService, 1);
  cs->service = import_model_get_service (compose->model, name, ORIGIN, where);
  cs->refs = g_ptr_array_new_with_free_func (compose_ref_free);
  cs->env = import_env_list_new ();
  cs->file_env = import_env_list_new ();
  cs->ports = g_array_new (FALSE, FALSE, sizeof (guint));
  cs->exposed = g_array_new (FALSE, FALSE, sizeof (guint));
  cs->hosts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (compose->services, cs);
  g_hash_table_insert (compose->by_name, cs->service->name, cs);

  return cs;
}

/* Reads one service, over what earlier files said of it: scalars are
 * replaced, lists and mappings added to, as `docker compose -f a -f b`
 * merges them. */
static gboolean
read_service (Compose              *compose,
              const gchar          *project_dir,
              FerryYamlStream      *stream,
              const FerryYamlNode  *key,
              const FerryYamlNode  *definition,
              GError              **error)
{
  ComposeService *cs;

  if (ferry_yaml_node_get_scalar (key) == NULL || ferry_yaml_node_is_null (key))
    return import_invalid (error, stream, key, "a service is named by a string");

  if (!ferry_yaml_node_is_null (definition) && ferry_yaml_node_get_kind (definition) != FERRY_YAML_NODE_MAPPING)
    return import_invalid (error, stream, definition, "service “%s” must be a mapping",
                           ferry_yaml_node_get_scalar (key));

  cs = get_compose_service (compose, stream, key);

  for (guint i = 0; i < ferry_yaml_node_get_length (definition); i++)
    {
      const gchar *field = ferry_yaml_node_get_scalar (ferry_yaml_node_get_key (definition, i));
      FerryYamlNode *value = ferry_yaml_node_get_value (definition, i);
      gboolean ok = TRUE;

      if (field == NULL || ferry_yaml_node_is_null (value))
        continue;

      if (g_str_equal (field, "image"))
        {
          if (ferry_yaml_node_get_scalar (value) == NULL)
            return import_invalid (error, stream, value, "image takes a string");
          replace_string (&cs->image, ferry_yaml_node_get_scalar (value));
          g_free (cs->image_where);
          cs->image_where = import_where (stream, value);
        }
      else if (g_str_equal (field, "build"))
        ok = read_build (compose, cs, project_dir, stream, value, error);
      else if (g_str_equal (field, "depends_on"))
        ok = read_depends_on (cs, stream, value, error);
      else if (g_str_equal (field, "links"))
        ok = read_links (compose, cs, stream, value, error);
      else if (g_str_equal (field, "volumes_from"))
        ok = read_volumes_from (cs, stream, value, error);
      else if (g_str_equal (field, "network_mode"))
        {
          const gchar *mode = ferry_yaml_node_get_scalar (value);

          if (mode != NULL && g_str_has_prefix (mode, "service:"))
            add_ref (cs, stream, value, mode + strlen ("service:"), "shares the network of");
        }
      else if (g_str_equal (field, "environment"))
        ok = read_environment (cs, stream, value, error);
      else if (g_str_equal (field, "env_file"))
        ok = read_env_files (compose, cs, project_dir, stream, value, error);
      else if (g_str_equal (field, "ports"))
        ok = read_ports (compose, cs, stream, value, "ports", cs->ports, error);
      else if (g_str_equal (field, "expose"))
        ok = read_ports (compose, cs, stream, value, "expose", cs->exposed, error);
      else if (g_str_equal (field, "healthcheck"))
        ok = read_healthcheck (cs, stream, value, error);
      else if (g_str_equal (field, "command"))
        ok = read_argv (stream, value, "command", &cs->command, error);
      else if (g_str_equal (field, "entrypoint"))
        ok = read_argv (stream, value, "entrypoint", &cs->entrypoint, error);
      else if (g_str_equal (field, "container_name") || g_str_equal (field, "hostname"))
        {
          if (ferry_yaml_node_get_scalar (value) != NULL)
            g_ptr_array_add (cs->hosts, g_strdup (ferry_yaml_node_get_scalar (value)));
        }
      else if (g_str_equal (field, "networks"))
        ok = read_networks (compose, cs, stream, value, error);
      else if (g_str_equal (field, "extends"))
        ok = read_extends (cs, stream, value, error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean read_document (Compose             *compose,
                               FerryYamlStream     *stream,
                               const FerryYamlNode *root,
                               GFile               *file,
                               const gchar         *project_dir,
                               guint                depth,
                               GError             **error);

/* include: [other/compose.yaml, {path: [a.yaml, b.yaml]}] */
static gboolean
read_include (Compose              *compose,
              FerryYamlStream      *stream,
              const FerryYamlNode  *node,
              GFile                *file,
              guint                 depth,
              GError              **error)
{
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autofree gchar *dir_path = g_file_get_path (dir);

  if (ferry_yaml_node_get_kind (node) != FERRY_YAML_NODE_SEQUENCE)
    return import_invalid (error, stream, node, "include takes a list");

  for (guint i = 0; i < ferry_yaml_node_get_length (node); i++)
    {
      FerryYamlNode *item = ferry_yaml_node_get_item (node, i);
      g_autoptr(GPtrArray) paths = NULL;

      if (ferry_yaml_node_get_kind (item) == FERRY_YAML_NODE_MAPPING &&
          (item = ferry_yaml_node_lookup (item, "path")) == NULL)
        return import_invalid (error, stream, ferry_yaml_node_get_item (node, i),
                               "an include entry names a file (path:)");

      if (!import_scalar_list (stream, item, "include path", &paths, error))
        return FALSE;

      for (guint j = 0; j < paths->len; j++)
        {
          FerryYamlNode *path_node = g_ptr_array_index (paths, j);
          g_autofree gchar *path = g_canonicalize_filename (ferry_yaml_node_get_scalar (path_node), dir_path);
          g_autoptr(GFile) included = g_file_new_for_path (path);
          g_autoptr(GFile) included_dir = g_file_get_parent (included);
          g_autofree gchar *included_dir_path = g_file_get_path (included_dir);
          FerryYamlStream *included_stream;

          if (depth >= MAX_INCLUDE_DEPTH || g_hash_table_contains (compose->included, path))
            return import_invalid (error, stream, path_node, "“%s” is included again, in a loop",
                                   ferry_yaml_node_get_scalar (path_node));

          g_hash_table_add (compose->included, g_strdup (path));

          if ((included_stream = import_model_read (compose->model, included, error)) == NULL)
            return FALSE;

          for (guint k = 0; k < ferry_yaml_stream_get_n_documents (included_stream); k++)
            {
              FerryYamlNode *root = ferry_yaml_stream_get_document (included_stream, k);

              if (!ferry_yaml_node_is_null (root) &&
                  !read_document (compose, included_stream, root, included, included_dir_path, depth + 1, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
read_document (Compose              *compose,
               FerryYamlStream      *stream,
               const FerryYamlNode  *root,
               GFile                *file,
               const gchar          *project_dir,
               guint                 depth,
               GError              **error)
{
  FerryYamlNode *include = ferry_yaml_node_lookup (root, "include");
  FerryYamlNode *services = ferry_yaml_node_lookup (root, "services");
  const gchar *name = ferry_yaml_node_lookup_scalar (root, "name");

  if (ferry_yaml_node_get_kind (root) != FERRY_YAML_NODE_MAPPING)
    return import_invalid (error, stream, root, "a compose file is a mapping (services:, …)");

  if (include != NULL && !read_include (compose, stream, include, file, depth, error))
    return FALSE;

  if (name != NULL)
    replace_string (&compose->model->name, name);

  if (ferry_yaml_node_is_null (services))
    return TRUE;

  if (ferry_yaml_node_get_kind (services) != FERRY_YAML_NODE_MAPPING)
    return import_invalid (error, stream, services, "services maps service names to their definitions");

  for (guint i = 0; i < ferry_yaml_node_get_length (services); i++)
    if (!read_service (compose, project_dir, stream,
                       ferry_yaml_node_get_key (services, i),
                       ferry_yaml_node_get_value (services, i), error))
      return FALSE;

  return TRUE;
}

static void
inherit_env (GPtrArray *env,
             GPtrArray *base)
{
  for (guint i = 0; i < base->len; i++)
    {
      ImportEnv *variable = g_ptr_array_index (base, i);

      if (import_env_list_find (env, variable->key) == NULL)
        import_env_list_set (env, variable->key, variable->value, variable->where);
    }
}

/* extends: a service takes what it does not say itself from another. */
static void
resolve_extends (Compose        *compose,
                 ComposeService *cs,
                 guint           depth)
{
  ComposeService *base;

  if (cs->extended || cs->extends_where == NULL)
    return;

  cs->extended = TRUE;

  if (depth >= MAX_EXTENDS_DEPTH)
    {
      import_model_report (compose->model, cs->extends_where, "warning",
                           "“%s” ends a chain of more than %u extends: what it inherits is not imported",
                           cs->service->name, MAX_EXTENDS_DEPTH);
      return;
    }

  if (cs->extends == NULL)
    {
      import_model_report (compose->model, cs->extends_where, "warning",
                           "“%s” extends a service of another file, which is not read: "
                           "what it inherits is not imported", cs->service->name);
      return;
    }

  if ((base = g_hash_table_lookup (compose->by_name, cs->extends)) == NULL)
    {
      import_model_report (compose->model, cs->extends_where, "warning",
                           "“%s” extends “%s”, which is not in the input",
                           cs->service->name, cs->extends);
      return;
    }

  resolve_extends (compose, base, depth + 1);

  if (cs->image == NULL)
    {
      cs->image = g_strdup (base->image);
      cs->image_where = g_strdup (base->image_where);
    }
  if (cs->context == NULL)
    {
      cs->context = g_strdup (base->context);
      cs->dockerfile = g_strdup (base->dockerfile);
    }
  if (cs->entrypoint == NULL)
    cs->entrypoint = g_strdupv (base->entrypoint);
  if (cs->command == NULL)
    cs->command = g_strdupv (base->command);
  if (!cs->health_set)
    {
      cs->health = g_strdup (base->health);
      cs->health_set = base->health_set;
    }
  if (cs->ports->len == 0)
    g_array_append_vals (cs->ports, base->ports->data, base->ports->len);
  if (cs->exposed->len == 0)
    g_array_append_vals (cs->exposed, base->exposed->data, base->exposed->len);

  inherit_env (cs->env, base->env);
  inherit_env (cs->file_env, base->file_env);
}

static ComposeService *
find_host (Compose     *compose,
           const gchar *host)
{
  g_autofree gchar *lower = NULL;
  const gchar *name = g_hash_table_lookup (compose->hosts, host);

  if (name == NULL)
    {
      lower = g_ascii_strdown (host, -1);
      name = g_hash_table_lookup (compose->hosts, lower);
    }

  return name != NULL ? g_hash_table_lookup (compose->by_name, name) : NULL;
}

/* Dependencies from addresses in the environment: `db:5432`,
 * `postgres://db/app`, `${DB_HOST:-db}`, `DB_HOST: db`. */
static void
resolve_env_addresses (Compose        *compose,
                       ComposeService *cs,
                       GPtrArray      *env)
{
  for (guint i = 0; i < env->len; i++)
    {
      ImportEnv *variable = g_ptr_array_index (env, i);
      g_autofree gchar *value = NULL;
      g_autoptr(GPtrArray) addresses = NULL;

      if (variable->value == NULL)
        continue;

      value = interpolate_defaults (variable->value);
      addresses = import_find_addresses (value);

      for (guint j = 0; j < addresses->len; j++)
        {
          ImportAddress *address = g_ptr_array_index (addresses, j);
          ComposeService *target;

          if (!import_address_counts (address, variable->key) ||
              (target = find_host (compose, address->host)) == cs)
            continue;

          if (target != NULL)
            import_service_add_edge (cs->service, target->service->name, address->scheme,
                                     variable->where, FALSE);
          else if (import_looks_internal (address))
            import_model_report (compose->model, variable->where, "warning",
                                 "%s of “%s” points at “%s”, and no service of the input answers to that name",
                                 variable->key, cs->service->name, address->host);
        }
    }
}

static void
finish_service (Compose        *compose,
                ComposeService *cs)
{
  ImportService *service = cs->service;
  g_autoptr(GStrvBuilder) command = g_strv_builder_new ();

  for (guint i = 0; i < cs->refs->len; i++)
    {
      ComposeRef *ref = g_ptr_array_index (cs->refs, i);

      if (g_hash_table_contains (compose->by_name, ref->name))
        import_service_add_edge (service, ref->name, NULL, ref->where, TRUE);
      else
        import_model_report (compose->model, ref->where, "warning",
                             "“%s” %s “%s”, which is not in the input",
                             service->name, ref->how, ref->name);
    }

  resolve_env_addresses (compose, cs, cs->env);
  resolve_env_addresses (compose, cs, cs->file_env);

  if (cs->image != NULL)
    {
      g_autofree gchar *image = interpolate_defaults (cs->image);

      if (strchr (image, '$') != NULL)
        import_model_report (compose->model, cs->image_where, "warning",
                             "the image of “%s” depends on a variable with no default; it is left out",
                             service->name);
      else if (service->image == NULL)
        service->image = import_image_repository (image);
    }

  if (service->context == NULL && cs->context != NULL)
    {
      service->context = g_strdup (cs->context);
      service->dockerfile = g_strdup (cs->dockerfile);
    }

  if (cs->entrypoint != NULL)
    g_strv_builder_addv (command, (const gchar **)cs->entrypoint);
  if (cs->command != NULL)
    g_strv_builder_addv (command, (const gchar **)cs->command);
  if (cs->entrypoint != NULL || cs->command != NULL)
    service->command = g_strv_builder_end (command);

  if (cs->ports->len > 0)
    service->port = g_array_index (cs->ports, guint, 0);
  else if (cs->exposed->len > 0)
    service->port = g_array_index (cs->exposed, guint, 0);

  service->health = g_strdup (cs->health);

  for (guint i = 0; i < cs->env->len; i++)
    {
      ImportEnv *variable = g_ptr_array_index (cs->env, i);

      import_env_list_set (service->env, variable->key, variable->value, variable->where);
    }
  inherit_env (service->env, cs->file_env);
}

/**
 * import_compose:
 * @model: the model to add to
 * @documents: (element-type ImportDocument): compose documents, in the
 *   order they merge
 * @error: return location for a #GError
 *
 * Reads compose files into @model: every service, with the services it
 * declares it needs (depends_on in list and map form, links,
 * network_mode: service:, volumes_from) and those its environment points
 * at, by service name, container_name, hostname, network alias or link
 * alias.
 *
 * Returns: %FALSE with @error set when a file has the wrong shape
 */
gboolean
import_compose (ImportModel  *model,
                GPtrArray    *documents,
                GError      **error)
{
  Compose compose = { 0 };
  g_autofree gchar *project_dir = NULL;
  gboolean ok = TRUE;

  if (documents->len == 0)
    return TRUE;

  compose.model = model;
  compose.services = g_ptr_array_new_with_free_func (compose_service_free);
  compose.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  compose.hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  compose.included = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* As with `docker compose -f a -f b`, relative paths of every file
   * start at the first file's folder. */
  {
    ImportDocument *first = g_ptr_array_index (documents, 0);
    g_autoptr(GFile) dir = g_file_get_parent (first->file);

    project_dir = g_file_get_path (dir);
  }

  for (guint i = 0; i < documents->len && ok; i++)
    {
      ImportDocument *document = g_ptr_array_index (documents, i);

      g_hash_table_add (compose.included, g_file_get_path (document->file));
      ok = read_document (&compose, document->stream, document->root, document->file,
                          project_dir, 0, error);
    }

  if (ok)
    {
      for (guint i = 0; i < compose.services->len; i++)
        resolve_extends (&compose, g_ptr_array_index (compose.services, i), 0);

      /* Service names first: an alias never hides a service. */
      for (guint i = 0; i < compose.services->len; i++)
        {
          ComposeService *cs = g_ptr_array_index (compose.services, i);

          g_hash_table_replace (compose.hosts, g_strdup (cs->service->name), g_strdup (cs->service->name));
        }
      for (guint i = 0; i < compose.services->len; i++)
        {
          ComposeService *cs = g_ptr_array_index (compose.services, i);

          for (guint j = 0; j < cs->hosts->len; j++)
            if (!g_hash_table_contains (compose.hosts, g_ptr_array_index (cs->hosts, j)))
              g_hash_table_insert (compose.hosts, g_strdup (g_ptr_array_index (cs->hosts, j)),
                                   g_strdup (cs->service->name));
        }

      for (guint i = 0; i < compose.services->len; i++)
        finish_service (&compose, g_ptr_array_index (compose.services, i));
    }

  g_hash_table_unref (compose.included);
  g_hash_table_unref (compose.hosts);
  g_hash_table_unref (compose.by_name);
  g_ptr_array_unref (compose.services);

  return ok;
}

/* format-check.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checks a document against ferry.json version 1 as its specification
 * states it: required and allowed keys, types, unique names, references
 * between lists, endpoint syntax, and an acyclic dependency graph. Used by
 * the import tests on everything the import writes. */

#include "config.h"

#include <string.h>

#include "format-check.h"

typedef struct
{
  GPtrArray  *problems;
  GHashTable *services;      /* name → JsonObject */
  GHashTable *environments;  /* names */
  GHashTable *targets;       /* names */
  GHashTable *teams;         /* names */
} Check;

static void G_GNUC_PRINTF (3, 4)
problem (Check       *check,
         const gchar *path,
         const gchar *format,
         ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (check->problems, g_strdup_printf ("%s: %s", path, message));
}

/* Unknown keys are errors; @required ones must be there. */
static void
check_keys (Check             *check,
            const gchar       *path,
            JsonObject        *object,
            const gchar * const *allowed,
            const gchar * const *required)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      problem (check, path, "unknown key “%s”", (const gchar *)l->data);

  for (guint i = 0; required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]))
      problem (check, path, "missing “%s”", required[i]);
}

static gboolean
is_type (JsonObject  *object,
         const gchar *member,
         GType        value_type)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;

  if (value_type == JSON_TYPE_ARRAY)
    return JSON_NODE_HOLDS_ARRAY (node);
  if (value_type == JSON_TYPE_OBJECT)
    return JSON_NODE_HOLDS_OBJECT (node);

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static void
check_type (Check       *check,
            const gchar *path,
            JsonObject  *object,
            const gchar *member,
            GType        value_type)
{
  if (!is_type (object, member, value_type))
    problem (check, path, "“%s” has the wrong type", member);
}

static void
check_strings (Check       *check,
               const gchar *path,
               JsonObject  *object,
               const gchar *member)
{
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return;

  if (!is_type (object, member, JSON_TYPE_ARRAY))
    {
      problem (check, path, "“%s” must be an array of strings", member);
      return;
    }

  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        problem (check, path, "“%s”[%u] is not a string", member, i);
    }
}

static gboolean
valid_endpoint_part (const gchar *part)
{
  if (!g_ascii_islower (*part) && !g_ascii_isdigit (*part))
    return FALSE;

  for (const gchar *p = part; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && !strchr ("._-", *p))
      return FALSE;

  return TRUE;
}

static void
check_endpoints (Check       *check,
                 const gchar *path,
                 JsonObject  *service,
                 const gchar *member)
{
  JsonArray *array;

  check_strings (check, path, service, member);
  if (!json_object_has_member (service, member) || !is_type (service, member, JSON_TYPE_ARRAY))
    return;

  array = json_object_get_array_member (service, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const gchar *endpoint = json_array_get_string_element (array, i);
      g_auto(GStrv) parts = g_strsplit (endpoint != NULL ? endpoint : "", ":", 2);

      if (parts[0] == NULL || parts[1] == NULL || !valid_endpoint_part (parts[0]) ||
          !valid_endpoint_part (parts[1]))
        problem (check, path, "“%s” is not an endpoint kind:name", endpoint);
    }
}

static void
check_string_map (Check       *check,
                  const gchar *path,
                  JsonObject  *object,
                  const gchar *member)
{
  JsonObject *map;
  g_autoptr(GList) members = NULL;

  if (!json_object_has_member (object, member))
    return;

  if (!is_type (object, member, JSON_TYPE_OBJECT))
    {
      problem (check, path, "“%s” must be an object", member);
      return;
    }

  map = json_object_get_object_member (object, member);
  members = json_object_get_members (map);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!is_type (map, l->data, G_TYPE_STRING))
      problem (check, path, "%s.%s is not a string", member, (const gchar *)l->data);
}

/* Each element of a named list: an object with a unique string name. */
static JsonObject *
list_item (Check       *check,
           const gchar *path,
           JsonArray   *array,
           guint        index,
           GHashTable  *names)
{
  JsonNode *node = json_array_get_element (array, index);
  JsonObject *object;
  const gchar *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (check, path, "[%u] is not an object", index);
      return NULL;
    }

  object = json_node_get_object (node);
  if (!is_type (object, "name", G_TYPE_STRING) || (name = json_object_get_string_member (object, "name")) == NULL)
    {
      problem (check, path, "[%u] has no string name", index);
      return NULL;
    }

  if (names != NULL)
    {
      if (g_hash_table_contains (names, name))
        problem (check, path, "duplicate name “%s”", name);
      else
        g_hash_table_insert (names, (gpointer)name, object);
    }

  return object;
}

static JsonArray *
list (Check       *check,
      JsonObject  *object,
      const gchar *path,
      const gchar *member)
{
  if (!json_object_has_member (object, member))
    return NULL;

  if (!is_type (object, member, JSON_TYPE_ARRAY))
    {
      problem (check, path, "“%s” must be an array", member);
      return NULL;
    }

  return json_object_get_array_member (object, member);
}

static void
check_service (Check       *check,
               const gchar *path,
               JsonObject  *service)
{
  static const gchar * const allowed[] = {
    "name", "description", "produces", "consumes", "depends_on", "run", "environments", NULL
  };
  static const gchar * const required[] = { "name", NULL };
  static const gchar * const run_allowed[] = { "command", "port", "health", "env", NULL };
  static const gchar * const none[] = { NULL };

  check_keys (check, path, service, allowed, required);
  check_type (check, path, service, "description", G_TYPE_STRING);
  check_endpoints (check, path, service, "produces");
  check_endpoints (check, path, service, "consumes");
  check_strings (check, path, service, "depends_on");

  if (json_object_has_member (service, "run"))
    {
      JsonObject *run;

      if (!is_type (service, "run", JSON_TYPE_OBJECT))
        {
          problem (check, path, "run must be an object");
          return;
        }

      run = json_object_get_object_member (service, "run");
      check_keys (check, path, run, run_allowed, none);
      check_strings (check, path, run, "command");
      check_string_map (check, path, run, "env");
      check_type (check, path, run, "health", G_TYPE_STRING);
      if (json_object_has_member (run, "health") && is_type (run, "health", G_TYPE_STRING) &&
          json_object_get_string_member (run, "health")[0] != '/')
        problem (check, path, "run.health must start with /");
      if (json_object_has_member (run, "port"))
        {
          gint64 port = is_type (run, "port", G_TYPE_INT64) ? json_object_get_int_member (run, "port") : 0;

          if (port < 1 || port > 65535)
            problem (check, path, "run.port must be an integer 1..65535");
        }
    }

  if (json_object_has_member (service, "environments"))
    {
      JsonObject *environments;
      g_autoptr(GList) names = NULL;

      if (!is_type (service, "environments", JSON_TYPE_OBJECT))
        {
          problem (check, path, "environments must be an object");
          return;
        }

      environments = json_object_get_object_member (service, "environments");
      names = json_object_get_members (environments);
      for (const GList *l = names; l != NULL; l = l->next)
        {
          static const gchar * const env_allowed[] = { "replicas", "env", NULL };
          JsonObject *settings;

          if (!g_hash_table_contains (check->environments, l->data))
            problem (check, path, "environments names unknown environment “%s”", (const gchar *)l->data);

          if (!is_type (environments, l->data, JSON_TYPE_OBJECT))
            {
              problem (check, path, "environments.%s must be an object", (const gchar *)l->data);
              continue;
            }

          settings = json_object_get_object_member (environments, l->data);
          check_keys (check, path, settings, env_allowed, none);
          if (json_object_has_member (settings, "replicas") &&
              (!is_type (settings, "replicas", G_TYPE_INT64) || json_object_get_int_member (settings, "replicas") < 0))
            problem (check, path, "replicas must be an integer >= 0");
          check_string_map (check, path, settings, "env");
        }
    }
}

static void
check_graph (Check *check)
{
  g_autoptr(GHashTable) producers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) edges = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GList) names = g_hash_table_get_keys (check->services);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, check->services);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonArray *produces = json_object_has_member (value, "produces") ?
                            json_object_get_array_member (value, "produces") : NULL;

      for (guint i = 0; produces != NULL && i < json_array_get_length (produces); i++)
        g_hash_table_insert (producers, (gpointer)json_array_get_string_element (produces, i), key);
    }

  g_hash_table_iter_init (&iter, check->services);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *targets = g_ptr_array_new ();
      JsonArray *depends_on = json_object_has_member (value, "depends_on") ?
                              json_object_get_array_member (value, "depends_on") : NULL;
      JsonArray *consumes = json_object_has_member (value, "consumes") ?
                            json_object_get_array_member (value, "consumes") : NULL;

      for (guint i = 0; depends_on != NULL && i < json_array_get_length (depends_on); i++)
        {
          const gchar *target = json_array_get_string_element (depends_on, i);

          if (!g_hash_table_contains (check->services, target))
            problem (check, key, "depends_on names unknown service “%s”", target);
          else
            g_ptr_array_add (targets, (gpointer)target);
        }

      for (guint i = 0; consumes != NULL && i < json_array_get_length (consumes); i++)
        {
          const gchar *producer = g_hash_table_lookup (producers, json_array_get_string_element (consumes, i));

          if (producer != NULL)
            g_ptr_array_add (targets, (gpointer)producer);
        }

      g_hash_table_insert (edges, key, targets);
    }

  /* Depth-first search for a back edge: 1 on the stack, 2 done. */
  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_autoptr(GPtrArray) stack = g_ptr_array_new ();
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));

      if (g_hash_table_contains (state, l->data))
        continue;

      g_ptr_array_add (stack, l->data);
      g_array_append_val (positions, (guint){ 0 });
      g_hash_table_insert (state, l->data, GUINT_TO_POINTER (1));

      while (stack->len > 0)
        {
          const gchar *top = g_ptr_array_index (stack, stack->len - 1);
          GPtrArray *targets = g_hash_table_lookup (edges, top);
          guint *position = &g_array_index (positions, guint, positions->len - 1);

          if (*position < targets->len)
            {
              const gchar *next = g_ptr_array_index (targets, (*position)++);
              guint next_state = GPOINTER_TO_UINT (g_hash_table_lookup (state, next));

              if (next_state == 1)
                problem (check, top, "the dependency on “%s” closes a cycle", next);
              else if (next_state == 0)
                {
                  g_ptr_array_add (stack, (gpointer)next);
                  g_array_append_val (positions, (guint){ 0 });
                  g_hash_table_insert (state, (gpointer)next, GUINT_TO_POINTER (1));
                }
              continue;
            }

          g_hash_table_insert (state, (gpointer)top, GUINT_TO_POINTER (2));
          g_ptr_array_set_size (stack, stack->len - 1);
          g_array_set_size (positions, positions->len - 1);
        }
    }
}

/* Returns the problems of @root as ferry.json version 1; none when valid. */
GPtrArray *
format_check (JsonNode *root)
{
  static const gchar * const top_allowed[] = {
    "ferry", "name", "description", "environments", "targets", "teams", "repos", "metrics", NULL
  };
  static const gchar * const top_required[] = { "ferry", "name", "environments", "repos", NULL };
  static const gchar * const env_allowed[] = { "name", "target", "from", "approval", "freeze", NULL };
  static const gchar * const env_required[] = { "name", "target", NULL };
  static const gchar * const target_allowed[] = {
    "name", "kind", "context", "namespace", "kubeconfig", "repository", "workflow", "ref",
    "token_env", "url", "project", "job", "user", NULL
  };
  static const gchar * const target_required[] = { "name", "kind", NULL };
  static const gchar * const target_kinds[] = {
    "local", "kubernetes", "github-actions", "gitlab", "jenkins", NULL
  };
  static const gchar * const repo_allowed[] = { "name", "url", "branch", "team", "builds", NULL };
  static const gchar * const repo_required[] = { "name", "builds", NULL };
  static const gchar * const build_allowed[] = { "name", "command", "artifact", "image", "services", NULL };
  static const gchar * const build_required[] = { "name", "services", NULL };
  static const gchar * const approval_allowed[] = { "required", "approvers", "self_approval", NULL };
  static const gchar * const none[] = { NULL };
  g_autoptr(GHashTable) repos = g_hash_table_new (g_str_hash, g_str_equal);
  Check check = { 0 };
  JsonObject *top;
  JsonArray *array;

  check.problems = g_ptr_array_new_with_free_func (g_free);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      problem (&check, "(root)", "not an object");
      return check.problems;
    }

  check.services = g_hash_table_new (g_str_hash, g_str_equal);
  check.environments = g_hash_table_new (g_str_hash, g_str_equal);
  check.targets = g_hash_table_new (g_str_hash, g_str_equal);
  check.teams = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (check.targets, (gpointer)"local");

  top = json_node_get_object (root);
  check_keys (&check, "(root)", top, top_allowed, top_required);
  if (!is_type (top, "ferry", G_TYPE_INT64) || json_object_get_int_member (top, "ferry") != 1)
    problem (&check, "ferry", "must be the integer 1");
  check_type (&check, "(root)", top, "name", G_TYPE_STRING);

  if ((array = list (&check, top, "targets", "targets")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree gchar *path = g_strdup_printf ("targets[%u]", i);
        JsonObject *target = list_item (&check, path, array, i, check.targets);

        if (target == NULL)
          continue;
        check_keys (&check, path, target, target_allowed, target_required);
        if (!g_strv_contains (target_kinds, json_object_get_string_member_with_default (target, "kind", "")))
          problem (&check, path, "unknown kind");
      }

  if ((array = list (&check, top, "teams", "teams")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      list_item (&check, "teams", array, i, check.teams);

  if ((array = list (&check, top, "environments", "environments")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree gchar *path = g_strdup_printf ("environments[%u]", i);
        JsonObject *environment = list_item (&check, path, array, i, check.environments);

        if (environment == NULL)
          continue;
        check_keys (&check, path, environment, env_allowed, env_required);
        if (!g_hash_table_contains (check.targets,
                                    json_object_get_string_member_with_default (environment, "target", "")))
          problem (&check, path, "unknown target");
        if (json_object_has_member (environment, "approval"))
          {
            JsonObject *approval = json_object_get_object_member (environment, "approval");

            check_keys (&check, path, approval, approval_allowed, none);
            if (!is_type (approval, "required", G_TYPE_INT64) || json_object_get_int_member (approval, "required") < 0)
              problem (&check, path, "approval.required must be an integer >= 0");
          }
      }

  if ((array = list (&check, top, "repos", "repos")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree gchar *path = g_strdup_printf ("repos[%u]", i);
        JsonObject *repo = list_item (&check, path, array, i, repos);
        g_autoptr(GHashTable) build_names = g_hash_table_new (g_str_hash, g_str_equal);
        JsonArray *builds;

        if (repo == NULL)
          continue;
        check_keys (&check, path, repo, repo_allowed, repo_required);
        check_type (&check, path, repo, "url", G_TYPE_STRING);
        check_type (&check, path, repo, "branch", G_TYPE_STRING);
        if ((builds = list (&check, repo, path, "builds")) == NULL)
          continue;

        for (guint j = 0; j < json_array_get_length (builds); j++)
          {
            g_autofree gchar *build_path = g_strdup_printf ("%s.builds[%u]", path, j);
            JsonObject *build = list_item (&check, build_path, builds, j, build_names);
            JsonArray *services;

            if (build == NULL)
              continue;
            check_keys (&check, build_path, build, build_allowed, build_required);
            check_type (&check, build_path, build, "image", G_TYPE_STRING);
            if ((services = list (&check, build, build_path, "services")) == NULL)
              continue;

            for (guint k = 0; k < json_array_get_length (services); k++)
              {
                g_autofree gchar *service_path = g_strdup_printf ("%s.services[%u]", build_path, k);
                JsonObject *service = list_item (&check, service_path, services, k, check.services);

                if (service != NULL)
                  check_service (&check, service_path, service);
              }
          }
      }

  check_graph (&check);

  g_hash_table_unref (check.services);
  g_hash_table_unref (check.environments);
  g_hash_table_unref (check.targets);
  g_hash_table_unref (check.teams);

  return check.problems;
}

void
format_assert_valid (JsonNode *root)
{
  g_autoptr(GPtrArray) problems = format_check (root);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("ferry.json: %s", (const gchar *)g_ptr_array_index (problems, i));

  g_assert_cmpuint (problems->len, ==, 0);
}

JsonObject *
format_find_service (JsonNode    *root,
                     const gchar *name)
{
  JsonArray *repos = json_object_get_array_member (json_node_get_object (root), "repos");

  for (guint i = 0; i < json_array_get_length (repos); i++)
    {
      JsonArray *builds = json_object_get_array_member (json_array_get_object_element (repos, i), "builds");

      for (guint j = 0; j < json_array_get_length (builds); j++)
        {
          JsonArray *services = json_object_get_array_member (json_array_get_object_element (builds, j), "services");

          for (guint k = 0; k < json_array_get_length (services); k++)
            {
              JsonObject *service = json_array_get_object_element (services, k);

              if (g_strcmp0 (json_object_get_string_member (service, "name"), name) == 0)
                return service;
            }
        }
    }

  return NULL;
}

gboolean
format_array_has (JsonObject  *object,
                  const gchar *member,
                  const gchar *value)
{
  JsonArray *array;

  if (object == NULL || !json_object_has_member (object, member))
    return FALSE;

  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;

  return FALSE;
}

guint
format_count_services (JsonNode *root)
{
  JsonArray *repos = json_object_get_array_member (json_node_get_object (root), "repos");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (repos); i++)
    {
      JsonArray *builds = json_object_get_array_member (json_array_get_object_element (repos, i), "builds");

      for (guint j = 0; j < json_array_get_length (builds); j++)
        count += json_array_get_length (json_object_get_array_member (json_array_get_object_element (builds, j),
                                                                      "services"));
    }

  return count;
}

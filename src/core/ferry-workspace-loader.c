/* ferry-workspace-loader.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-workspace-loader"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-json.h"
#include "ferry-model-private.h"
#include "ferry-prometheus.h"

/* Validation and model building for ferry.json version 1.
 *
 * Every problem is reported with its location and JSON path, and loading
 * goes on after each one so that a single run reports them all; what
 * cannot be understood is left out of the model, never guessed. */

typedef struct
{
  FerryWorkspace *ws;
  const gchar    *file;
  GHashTable     *service_json;   /* FerryService → its JSON object */
} Loader;

static const gchar * const target_kinds[] = {
  "local", "kubernetes", "github-actions", "gitlab", "jenkins", NULL
};

G_GNUC_PRINTF (6, 7)
static void
report (Loader        *l,
        FerrySeverity  severity,
        guint          line,
        guint          column,
        const gchar   *path,
        const gchar   *format,
        ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ferry_diagnostics_add (l->ws->diagnostics,
                         ferry_diagnostic_new (severity, l->file, line, column, path, message));
}

#define error_at(l, v, path, ...) \
  report (l, FERRY_SEVERITY_ERROR, (v)->line, (v)->column, path, __VA_ARGS__)
#define warning_at(l, v, path, ...) \
  report (l, FERRY_SEVERITY_WARNING, (v)->line, (v)->column, path, __VA_ARGS__)

static gchar *
path_key (const gchar *path,
          const gchar *key)
{
  if (path == NULL || path[0] == '\0')
    return g_strdup (key);

  return g_strdup_printf ("%s.%s", path, key);
}

static gchar *
path_index (const gchar *path,
            guint        index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

static guint
edit_distance (const gchar *a,
               const gchar *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if (la > 64 || lb > 64)
    return G_MAXUINT;

  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint prev = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cur = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), prev + cost);
          prev = cur;
        }
    }

  return row[lb];
}

/* Returns " (did you mean “x”?)" for a near miss among @candidates, or "". */
static gchar *
did_you_mean (const gchar         *word,
              const gchar * const *candidates,
              guint                n_candidates)
{
  const gchar *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit = MAX (1, MIN (3, strlen (word) / 3 + 1));

  for (guint i = 0; i < n_candidates && candidates[i]; i++)
    {
      guint d = edit_distance (word, candidates[i]);

      if (d < best_distance)
        {
          best_distance = d;
          best = candidates[i];
        }
    }

  if (best != NULL && best_distance <= limit)
    return g_strdup_printf (" (did you mean “%s”?)", best);

  return g_strdup ("");
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const gchar * const *)a, *(const gchar * const *)b);
}

static gchar *
did_you_mean_in_table (const gchar *word,
                       GHashTable  *table)
{
  g_autofree const gchar **keys = NULL;
  guint n = 0;

  keys = (const gchar **)g_hash_table_get_keys_as_array (table, &n);

  /* Keep suggestions deterministic whatever the hash order. */
  qsort (keys, n, sizeof (gchar *), compare_strings);

  return did_you_mean (word, keys, n);
}

static gboolean
is_secret_key (const gchar *key)
{
  static const gchar * const secrets[] = { "token", "password", "secret", "api_key", "apikey", "private_key", NULL };

  for (guint i = 0; secrets[i]; i++)
    if (g_ascii_strcasecmp (key, secrets[i]) == 0)
      return TRUE;

  return FALSE;
}

static const gchar *
kind_name (FerryJsonValue *value)
{
  return ferry_json_kind_to_string (value->kind);
}

/* Checks that @value is an object with only @allowed keys, each once, and
 * every @required key. */
static gboolean
check_object (Loader              *l,
              FerryJsonValue      *value,
              const gchar         *path,
              const gchar         *what,
              const gchar * const *allowed,
              const gchar * const *required)
{
  if (value->kind != FERRY_JSON_OBJECT)
    {
      error_at (l, value, path, "expected %s (an object), found %s", what, kind_name (value));
      return FALSE;
    }

  for (guint i = 0; i < value->object.n_members; i++)
    {
      FerryJsonMember *member = &value->object.members[i];
      g_autofree gchar *member_path = path_key (path, member->key);

      if (!g_strv_contains (allowed, member->key))
        {
          if (is_secret_key (member->key))
            report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                    "secrets are never written in ferry.json; name the environment variable "
                    "that holds it with “token_env” instead");
          else
            {
              g_autofree gchar *hint = did_you_mean (member->key, allowed, g_strv_length ((gchar **)allowed));
              g_autofree gchar *list = g_strjoinv (", ", (gchar **)allowed);

              if (hint[0] != '\0')
                report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                        "unknown key “%s” in %s%s", member->key, what, hint);
              else
                report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                        "unknown key “%s” in %s (expected one of: %s)", member->key, what, list);
            }
          continue;
        }

      for (guint j = 0; j < i; j++)
        {
          if (strcmp (value->object.members[j].key, member->key) == 0)
            {
              report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                      "duplicate key “%s” (first given at line %u)",
                      member->key, value->object.members[j].line);
              break;
            }
        }
    }

  for (guint i = 0; required && required[i]; i++)
    if (ferry_json_object_get_member (value, required[i]) == NULL)
      error_at (l, value, path, "%s lacks the required key “%s”", what, required[i]);

  return TRUE;
}

static FerryJsonValue *
get_typed (Loader         *l,
           FerryJsonValue *object,
           const gchar    *key,
           const gchar    *path,
           FerryJsonKind   kind)
{
  FerryJsonValue *value = ferry_json_object_get (object, key);
  g_autofree gchar *value_path = NULL;

  if (value == NULL)
    return NULL;

  if (value->kind == kind || (kind == FERRY_JSON_DOUBLE && value->kind == FERRY_JSON_INTEGER))
    return value;

  value_path = path_key (path, key);
  error_at (l, value, value_path, "expected %s, found %s",
            ferry_json_kind_to_string (kind), kind_name (value));

  return NULL;
}

static const gchar *
get_string (Loader         *l,
            FerryJsonValue *object,
            const gchar    *key,
            const gchar    *path)
{
  FerryJsonValue *value = get_typed (l, object, key, path, FERRY_JSON_STRING);

  return value ? value->string.str : NULL;
}

static gboolean
is_name (const gchar *s)
{
  if (!g_ascii_isalnum (s[0]))
    return FALSE;

  for (const gchar *p = s + 1; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;

  return strlen (s) <= 253;
}

/* Reads the "name" of a list item and checks its syntax. */
static const gchar *
get_name (Loader         *l,
          FerryJsonValue *object,
          const gchar    *path,
          const gchar    *what)
{
  FerryJsonValue *value = ferry_json_object_get (object, "name");
  const gchar *name = get_string (l, object, "name", path);
  g_autofree gchar *name_path = NULL;

  if (name == NULL)
    return NULL;

  if (!is_name (name))
    {
      name_path = path_key (path, "name");
      error_at (l, value, name_path,
                "invalid %s name “%s”: use letters, digits, “.”, “_” and “-”, starting with a letter or digit",
                what, name);
      return NULL;
    }

  return name;
}

/* Registers @name in @table, reporting a duplicate. */
static gboolean
claim_name (Loader         *l,
            GHashTable     *table,
            GHashTable     *lines,
            const gchar    *name,
            gpointer        object,
            FerryJsonValue *where,
            const gchar    *path,
            const gchar    *what)
{
  if (g_hash_table_contains (table, name))
    {
      g_autofree gchar *name_path = path_key (path, "name");
      FerryJsonValue *name_value = ferry_json_object_get (where, "name");

      error_at (l, name_value ? name_value : where, name_path,
                "duplicate %s “%s” (first defined at line %u)", what, name,
                GPOINTER_TO_UINT (g_hash_table_lookup (lines, name)));
      return FALSE;
    }

  g_hash_table_insert (table, (gpointer)name, object);
  g_hash_table_insert (lines, (gpointer)name, GUINT_TO_POINTER (where->line));

  return TRUE;
}

static gboolean
is_email (const gchar *s)
{
  const gchar *at = strchr (s, '@');

  if (at == NULL || at == s || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL)
    return FALSE;

  for (const gchar *p = s; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == '<' || *p == '>')
      return FALSE;

  return TRUE;
}

/* What a process can be given: any name without “=”, spaces or control
 * characters. Dotted names such as Elasticsearch's discovery.type are
 * common in compose files and work. */
static gboolean
is_env_name (const gchar *s)
{
  if (s[0] == '\0' || g_ascii_isdigit (s[0]))
    return FALSE;

  for (const gchar *p = s; *p; p++)
    if (*p == '=' || g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;

  return TRUE;
}

/* token_env names a variable a shell can set: letters, digits and “_”. */
static gboolean
is_portable_env_name (const gchar *s)
{
  if (!(g_ascii_isalpha (s[0]) || s[0] == '_'))
    return FALSE;

  for (const gchar *p = s + 1; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;

  return TRUE;
}

/* A non-empty array of strings. */
static GStrv
get_string_array (Loader         *l,
                  FerryJsonValue *object,
                  const gchar    *key,
                  const gchar    *path,
                  gboolean        non_empty)
{
  FerryJsonValue *array = get_typed (l, object, key, path, FERRY_JSON_ARRAY);
  g_autofree gchar *array_path = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  gboolean ok = TRUE;

  if (array == NULL)
    return NULL;

  array_path = path_key (path, key);

  if (non_empty && array->array.n_items == 0)
    {
      error_at (l, array, array_path, "must not be empty");
      return NULL;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < array->array.n_items; i++)
    {
      FerryJsonValue *item = array->array.items[i];

      if (item->kind != FERRY_JSON_STRING)
        {
          g_autofree gchar *item_path = path_index (array_path, i);
          error_at (l, item, item_path, "expected a string, found %s", kind_name (item));
          ok = FALSE;
          continue;
        }
      g_strv_builder_add (builder, item->string.str);
    }

  return ok ? g_strv_builder_end (builder) : NULL;
}

/* An object of environment variables: names → string values. */
static GHashTable *
get_env_map (Loader         *l,
             FerryJsonValue *object,
             const gchar    *key,
             const gchar    *path)
{
  FerryJsonValue *map = get_typed (l, object, key, path, FERRY_JSON_OBJECT);
  g_autofree gchar *map_path = NULL;
  GHashTable *ret;

  if (map == NULL)
    return NULL;

  map_path = path_key (path, key);
  ret = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < map->object.n_members; i++)
    {
      FerryJsonMember *member = &map->object.members[i];
      g_autofree gchar *member_path = path_key (map_path, member->key);

      if (!is_env_name (member->key))
        report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                "invalid environment variable name “%s”: it may not contain “=”, spaces or control characters, nor start with a digit",
                member->key);
      else if (g_hash_table_contains (ret, member->key))
        report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                "duplicate key “%s”", member->key);
      else if (member->value->kind != FERRY_JSON_STRING)
        error_at (l, member->value, member_path,
                  "expected a string, found %s (quote numbers and booleans)", kind_name (member->value));
      else
        g_hash_table_insert (ret, g_strdup (member->key), g_strdup (member->value->string.str));
    }

  return ret;
}

static gboolean
get_integer (Loader         *l,
             FerryJsonValue *object,
             const gchar    *key,
             const gchar    *path,
             gint64          min,
             gint64          max,
             gint64         *out)
{
  FerryJsonValue *value = get_typed (l, object, key, path, FERRY_JSON_INTEGER);
  g_autofree gchar *value_path = NULL;

  if (value == NULL)
    return FALSE;

  if (value->integer < min || value->integer > max)
    {
      value_path = path_key (path, key);
      if (max == G_MAXINT32)
        error_at (l, value, value_path, "%" G_GINT64_FORMAT " is out of range (at least %" G_GINT64_FORMAT ")",
                  value->integer, min);
      else
        error_at (l, value, value_path, "%" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")",
                  value->integer, min, max);
      return FALSE;
    }

  *out = value->integer;

  return TRUE;
}

/* Iterates the items of an optional array of objects at @key. */
static FerryJsonValue *
get_list (Loader         *l,
          FerryJsonValue *object,
          const gchar    *key,
          const gchar    *path)
{
  return get_typed (l, object, key, path, FERRY_JSON_ARRAY);
}

static void
load_teams (Loader         *l,
            FerryJsonValue *root)
{
  static const gchar * const allowed[] = { "name", "members", NULL };
  static const gchar * const required[] = { "name", NULL };
  FerryJsonValue *list = get_list (l, root, "teams", NULL);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; list && i < list->array.n_items; i++)
    {
      FerryJsonValue *item = list->array.items[i];
      g_autofree gchar *path = path_index ("teams", i);
      g_autofree gchar *members_path = path_key (path, "members");
      FerryJsonValue *members;
      const gchar *name;
      FerryTeam *team;

      if (!check_object (l, item, path, "a team", allowed, required) ||
          !(name = get_name (l, item, path, "team")))
        continue;

      team = g_object_new (FERRY_TYPE_TEAM, NULL);
      team->name = g_strdup (name);
      team->members = get_string_array (l, item, "members", path, FALSE);

      members = ferry_json_object_get (item, "members");
      for (guint j = 0; team->members && team->members[j]; j++)
        {
          if (!is_email (team->members[j]))
            {
              g_autofree gchar *member_path = path_index (members_path, j);
              error_at (l, members->array.items[j], member_path,
                        "“%s” is not an e-mail address; members are named by the address they act as "
                        "(FERRY_USER or git's user.email)", team->members[j]);
            }
        }

      if (claim_name (l, l->ws->teams_by_name, lines, team->name, team, item, path, "team"))
        g_ptr_array_add (l->ws->teams, team);
      else
        g_object_unref (team);
    }
}

static void
load_targets (Loader         *l,
              FerryJsonValue *root)
{
  static const gchar * const common[] = { "name", "kind", NULL };
  static const gchar * const required[] = { "name", "kind", NULL };
  const gchar * const *kind_keys[] = {
    [FERRY_TARGET_LOCAL] = (const gchar * const[]) { "name", "kind", NULL },
    [FERRY_TARGET_KUBERNETES] = (const gchar * const[]) { "name", "kind", "context", "namespace", "kubeconfig", NULL },
    [FERRY_TARGET_GITHUB_ACTIONS] = (const gchar * const[]) { "name", "kind", "repository", "workflow", "ref", "token_env", NULL },
    [FERRY_TARGET_GITLAB] = (const gchar * const[]) { "name", "kind", "url", "project", "ref", "token_env", NULL },
    [FERRY_TARGET_JENKINS] = (const gchar * const[]) { "name", "kind", "url", "job", "user", "token_env", NULL },
  };
  const gchar * const *kind_required[] = {
    [FERRY_TARGET_LOCAL] = (const gchar * const[]) { NULL },
    [FERRY_TARGET_KUBERNETES] = (const gchar * const[]) { NULL },
    [FERRY_TARGET_GITHUB_ACTIONS] = (const gchar * const[]) { "repository", "workflow", NULL },
    [FERRY_TARGET_GITLAB] = (const gchar * const[]) { "url", "project", NULL },
    [FERRY_TARGET_JENKINS] = (const gchar * const[]) { "url", "job", NULL },
  };
  FerryJsonValue *list = get_list (l, root, "targets", NULL);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  FerryTarget *local = NULL;

  for (guint i = 0; list && i < list->array.n_items; i++)
    {
      FerryJsonValue *item = list->array.items[i];
      g_autofree gchar *path = path_index ("targets", i);
      FerryJsonValue *kind_value;
      const gchar *name;
      const gchar *kind_str;
      FerryTargetKind kind;
      FerryTarget *target;

      if (item->kind != FERRY_JSON_OBJECT)
        {
          check_object (l, item, path, "a target", common, required);
          continue;
        }

      kind_value = ferry_json_object_get (item, "kind");
      kind_str = get_string (l, item, "kind", path);

      if (kind_str == NULL)
        {
          /* Without a kind only the common keys can be checked. */
          if (kind_value == NULL)
            error_at (l, item, path, "a target lacks the required key “kind” (one of: local, kubernetes, github-actions, gitlab, jenkins)");
          get_name (l, item, path, "target");
          continue;
        }

      if (!ferry_target_kind_from_string (kind_str, &kind))
        {
          g_autofree gchar *kind_path = path_key (path, "kind");
          g_autofree gchar *hint = did_you_mean (kind_str, target_kinds, G_N_ELEMENTS (target_kinds) - 1);

          error_at (l, kind_value, kind_path,
                    "unknown target kind “%s”%s (one of: local, kubernetes, github-actions, gitlab, jenkins)",
                    kind_str, hint);
          get_name (l, item, path, "target");
          continue;
        }

      if (!check_object (l, item, path, "a target", kind_keys[kind], required))
        continue;

      for (guint j = 0; kind_required[kind][j]; j++)
        if (ferry_json_object_get (item, kind_required[kind][j]) == NULL)
          error_at (l, item, path, "a %s target needs “%s”", kind_str, kind_required[kind][j]);

      if (!(name = get_name (l, item, path, "target")))
        continue;

      target = g_object_new (FERRY_TYPE_TARGET, NULL);
      target->name = g_strdup (name);
      target->kind = kind;

      for (guint j = 0; j < item->object.n_members; j++)
        {
          FerryJsonMember *member = &item->object.members[j];

          if (g_str_equal (member->key, "name") || g_str_equal (member->key, "kind") ||
              !g_strv_contains (kind_keys[kind], member->key))
            continue;

          if (member->value->kind != FERRY_JSON_STRING)
            {
              g_autofree gchar *member_path = path_key (path, member->key);
              error_at (l, member->value, member_path, "expected a string, found %s", kind_name (member->value));
              continue;
            }

          if (g_str_equal (member->key, "token_env") && !is_portable_env_name (member->value->string.str))
            {
              g_autofree gchar *member_path = path_key (path, member->key);
              error_at (l, member->value, member_path,
                        "“%s” is not an environment variable name", member->value->string.str);
              continue;
            }

          g_hash_table_insert (target->settings, g_strdup (member->key), g_strdup (member->value->string.str));
        }

      if (claim_name (l, l->ws->targets_by_name, lines, target->name, target, item, path, "target"))
        g_ptr_array_add (l->ws->targets, target);
      else
        g_object_unref (target);
    }

  /* The embedded default is always there. */
  if (!g_hash_table_contains (l->ws->targets_by_name, "local"))
    {
      local = g_object_new (FERRY_TYPE_TARGET, NULL);
      local->name = g_strdup ("local");
      local->kind = FERRY_TARGET_LOCAL;
      g_ptr_array_insert (l->ws->targets, 0, local);
      g_hash_table_insert (l->ws->targets_by_name, local->name, local);
    }
}

static FerryApprovalPolicy *
load_approval (Loader         *l,
               FerryJsonValue *value,
               const gchar    *path)
{
  static const gchar * const allowed[] = { "required", "approvers", "self_approval", NULL };
  static const gchar * const required[] = { "required", NULL };
  g_autoptr(FerryApprovalPolicy) policy = NULL;
  g_autoptr(GHashTable) possible = NULL;
  FerryJsonValue *approvers;
  FerryJsonValue *self_value;
  g_autofree gchar *approvers_path = NULL;
  gint64 count = 0;
  gboolean bounded = TRUE;

  if (!check_object (l, value, path, "an approval policy", allowed, required))
    return NULL;

  policy = g_object_new (FERRY_TYPE_APPROVAL_POLICY, NULL);

  if (get_integer (l, value, "required", path, 0, 100, &count))
    policy->required = (guint)count;

  if ((self_value = get_typed (l, value, "self_approval", path, FERRY_JSON_BOOLEAN)))
    policy->self_approval = self_value->boolean;

  policy->approvers = get_string_array (l, value, "approvers", path, FALSE);
  approvers = ferry_json_object_get (value, "approvers");
  approvers_path = path_key (path, "approvers");
  possible = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (policy->approvers == NULL || policy->approvers[0] == NULL)
    bounded = FALSE;

  for (guint i = 0; policy->approvers && policy->approvers[i]; i++)
    {
      const gchar *approver = policy->approvers[i];
      g_autofree gchar *item_path = path_index (approvers_path, i);
      FerryJsonValue *item = approvers->array.items[i];

      if (g_str_has_prefix (approver, "team:"))
        {
          FerryTeam *team = g_hash_table_lookup (l->ws->teams_by_name, approver + 5);

          if (team == NULL)
            {
              g_autofree gchar *hint = did_you_mean_in_table (approver + 5, l->ws->teams_by_name);
              error_at (l, item, item_path, "no team named “%s”%s", approver + 5, hint);
              bounded = FALSE;
              continue;
            }

          for (guint j = 0; team->members && team->members[j]; j++)
            g_hash_table_add (possible, g_ascii_strdown (team->members[j], -1));
        }
      else if (is_email (approver))
        g_hash_table_add (possible, g_ascii_strdown (approver, -1));
      else
        {
          error_at (l, item, item_path,
                    "“%s” is neither “team:NAME” nor an e-mail address", approver);
          bounded = FALSE;
        }
    }

  if (bounded && policy->required > g_hash_table_size (possible))
    {
      FerryJsonValue *required_value = ferry_json_object_get (value, "required");
      g_autofree gchar *required_path = path_key (path, "required");

      warning_at (l, required_value, required_path,
                  "%u approvals are required but only %u people may approve: "
                  "no deployment here can ever be approved",
                  policy->required, g_hash_table_size (possible));
    }

  return g_steal_pointer (&policy);
}

static GDateTime *
get_time (Loader         *l,
          FerryJsonValue *object,
          const gchar    *key,
          const gchar    *path)
{
  FerryJsonValue *value = ferry_json_object_get (object, key);
  const gchar *text = get_string (l, object, key, path);
  g_autofree gchar *value_path = NULL;
  GDateTime *ret;

  if (text == NULL)
    return NULL;

  if (!(ret = g_date_time_new_from_iso8601 (text, NULL)))
    {
      value_path = path_key (path, key);
      error_at (l, value, value_path,
                "“%s” is not an RFC 3339 time with a time zone, such as 2026-12-20T00:00:00Z", text);
    }

  return ret;
}

static void
load_freezes (Loader           *l,
              FerryJsonValue   *object,
              const gchar      *path,
              FerryEnvironment *env)
{
  static const gchar * const allowed[] = { "from", "until", "reason", NULL };
  static const gchar * const required[] = { "from", "until", NULL };
  FerryJsonValue *list = get_list (l, object, "freeze", path);
  g_autofree gchar *list_path = path_key (path, "freeze");

  for (guint i = 0; list && i < list->array.n_items; i++)
    {
      FerryJsonValue *item = list->array.items[i];
      g_autofree gchar *item_path = path_index (list_path, i);
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) until = NULL;
      const gchar *reason;
      FerryFreezeWindow *freeze;

      if (!check_object (l, item, item_path, "a freeze window", allowed, required))
        continue;

      from = get_time (l, item, "from", item_path);
      until = get_time (l, item, "until", item_path);
      reason = get_string (l, item, "reason", item_path);

      if (from == NULL || until == NULL)
        continue;

      if (g_date_time_compare (from, until) >= 0)
        {
          g_autofree gchar *until_path = path_key (item_path, "until");
          error_at (l, ferry_json_object_get (item, "until"), until_path,
                    "the freeze ends before it starts: “until” must come after “from”");
          continue;
        }

      freeze = g_object_new (FERRY_TYPE_FREEZE_WINDOW, NULL);
      freeze->from = g_steal_pointer (&from);
      freeze->until = g_steal_pointer (&until);
      freeze->reason = g_strdup (reason ? reason : "Deployment freeze");
      g_ptr_array_add (env->freezes, freeze);
    }
}

/* Where an environment's metrics come from, when not from its target:
 * `{"kind": "prometheus", "url": …, "preset": …, "queries": {…}}`, checked
 * by making the source it describes. */
static void
load_metrics (Loader           *l,
              FerryJsonValue   *object,
              const gchar      *path,
              FerryEnvironment *env)
{
  static const gchar * const allowed[] = { "kind", "name", "url", "preset", "queries", NULL };
  static const gchar * const required[] = { "kind", "url", NULL };
  FerryJsonValue *value = ferry_json_object_get (object, "metrics");
  g_autofree gchar *metrics_path = path_key (path, "metrics");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FerryPrometheusSource) source = NULL;
  g_autoptr(GError) error = NULL;
  FerryJsonValue *kind;

  if (value == NULL)
    return;

  if (!check_object (l, value, metrics_path, "a metric source", allowed, required))
    return;

  kind = ferry_json_object_get (value, "kind");
  if (kind == NULL || ferry_json_object_get (value, "url") == NULL)
    return;
  for (guint i = 0; i < value->object.n_members; i++)
    if (!g_strv_contains (allowed, value->object.members[i].key))
      return;
  if (kind->kind != FERRY_JSON_STRING || !g_str_equal (kind->string.str, "prometheus"))
    {
      g_autofree gchar *kind_path = path_key (metrics_path, "kind");

      error_at (l, kind, kind_path,
                "a metric source needs “kind”: “prometheus” (the only kind besides the target's own)");
      return;
    }

  node = ferry_json_value_to_node (value);
  if (!(source = ferry_prometheus_source_new_from_json (node, &error)))
    {
      error_at (l, value, metrics_path, "%s", error->message);
      return;
    }

  env->metrics = g_steal_pointer (&node);
}

static void
load_environments (Loader         *l,
                   FerryJsonValue *root)
{
  static const gchar * const allowed[] = { "name", "target", "from", "approval", "freeze", "metrics", NULL };
  static const gchar * const required[] = { "name", "target", NULL };
  FerryJsonValue *list = get_list (l, root, "environments", NULL);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  FerryEnvironment *previous = NULL;

  if (list != NULL && list->array.n_items == 0)
    error_at (l, list, "environments", "a workspace needs at least one environment");

  for (guint i = 0; list && i < list->array.n_items; i++)
    {
      FerryJsonValue *item = list->array.items[i];
      g_autofree gchar *path = path_index ("environments", i);
      FerryJsonValue *approval;
      const gchar *name;
      const gchar *target_name;
      const gchar *from_name;
      FerryEnvironment *env;

      if (!check_object (l, item, path, "an environment", allowed, required) ||
          !(name = get_name (l, item, path, "environment")))
        continue;

      env = g_object_new (FERRY_TYPE_ENVIRONMENT, NULL);
      env->name = g_strdup (name);

      if ((target_name = get_string (l, item, "target", path)))
        {
          FerryTarget *target = g_hash_table_lookup (l->ws->targets_by_name, target_name);

          if (target == NULL)
            {
              g_autofree gchar *target_path = path_key (path, "target");
              g_autofree gchar *hint = did_you_mean_in_table (target_name, l->ws->targets_by_name);

              error_at (l, ferry_json_object_get (item, "target"), target_path,
                        "no target named “%s”%s; declare it in “targets”", target_name, hint);
            }
          else
            env->target = g_object_ref (target);
        }

      if ((from_name = get_string (l, item, "from", path)))
        {
          FerryEnvironment *from = g_hash_table_lookup (l->ws->environments_by_name, from_name);
          g_autofree gchar *from_path = path_key (path, "from");
          FerryJsonValue *from_value = ferry_json_object_get (item, "from");

          if (g_strcmp0 (from_name, name) == 0)
            error_at (l, from_value, from_path, "an environment cannot promote from itself");
          else if (from != NULL)
            env->from = from;
          else
            {
              gboolean later = FALSE;

              for (guint j = i + 1; j < list->array.n_items && !later; j++)
                {
                  FerryJsonValue *other = ferry_json_object_get (list->array.items[j], "name");
                  later = other && other->kind == FERRY_JSON_STRING && g_str_equal (other->string.str, from_name);
                }

              if (later)
                error_at (l, from_value, from_path,
                          "“%s” comes later: list environments in promotion order, each after the one it promotes from",
                          from_name);
              else
                {
                  g_autofree gchar *hint = did_you_mean_in_table (from_name, l->ws->environments_by_name);
                  error_at (l, from_value, from_path, "no environment named “%s”%s", from_name, hint);
                }
            }
        }
      else
        env->from = previous;

      if ((approval = ferry_json_object_get (item, "approval")))
        {
          g_autofree gchar *approval_path = path_key (path, "approval");
          env->approval = load_approval (l, approval, approval_path);
        }

      load_freezes (l, item, path, env);
      load_metrics (l, item, path, env);

      if (claim_name (l, l->ws->environments_by_name, lines, env->name, env, item, path, "environment"))
        {
          env->index = order->len;
          g_ptr_array_add (order, env);
          previous = env;
        }
      else
        g_object_unref (env);
    }

  for (guint i = 0; i < order->len; i++)
    g_list_store_append (l->ws->environments, g_ptr_array_index (order, i));
}

static GPtrArray *
load_endpoints (Loader         *l,
                FerryJsonValue *object,
                const gchar    *key,
                const gchar    *path)
{
  FerryJsonValue *array = get_typed (l, object, key, path, FERRY_JSON_ARRAY);
  g_autofree gchar *array_path = path_key (path, key);
  GPtrArray *ret = g_ptr_array_new ();

  for (guint i = 0; array && i < array->array.n_items; i++)
    {
      FerryJsonValue *item = array->array.items[i];
      g_autofree gchar *item_path = path_index (array_path, i);
      gboolean duplicate = FALSE;

      if (item->kind != FERRY_JSON_STRING)
        {
          error_at (l, item, item_path, "expected an endpoint string, found %s", kind_name (item));
          continue;
        }

      if (!ferry_endpoint_parse (item->string.str, NULL, NULL))
        {
          error_at (l, item, item_path,
                    "“%s” is not an endpoint: write it as kind:name in lower case, e.g. http:cart or topic:orders",
                    item->string.str);
          continue;
        }

      for (guint j = 0; j < ret->len && !duplicate; j++)
        duplicate = g_str_equal (((FerryJsonValue *)g_ptr_array_index (ret, j))->string.str, item->string.str);

      if (duplicate)
        warning_at (l, item, item_path, "“%s” is listed twice", item->string.str);
      else
        g_ptr_array_add (ret, item);
    }

  return ret;
}

static FerryService *
load_service (Loader         *l,
              FerryJsonValue *item,
              const gchar    *path,
              FerryBuild     *build)
{
  static const gchar * const allowed[] = {
    "name", "description", "produces", "consumes", "depends_on", "run", "environments", NULL
  };
  static const gchar * const required[] = { "name", NULL };
  static const gchar * const run_allowed[] = { "command", "port", "health", "env", NULL };
  static const gchar * const override_allowed[] = { "replicas", "env", NULL };
  g_autoptr(FerryService) service = NULL;
  FerryJsonValue *run;
  FerryJsonValue *overrides;
  FerryJsonValue *name_value;
  const gchar *name;
  const gchar *description;

  if (!check_object (l, item, path, "a service", allowed, required) ||
      !(name = get_name (l, item, path, "service")))
    return NULL;

  service = g_object_new (FERRY_TYPE_SERVICE, NULL);
  service->name = g_strdup (name);
  service->build = build;
  service->json_path = g_strdup (path);
  name_value = ferry_json_object_get (item, "name");
  service->location.file = g_strdup (l->file);
  service->location.line = name_value->line;
  service->location.column = name_value->column;

  if ((description = get_string (l, item, "description", path)))
    service->description = g_strdup (description);

  /* Endpoints and depends_on are resolved once every service is known;
   * here only their syntax is checked. */
  g_ptr_array_unref (load_endpoints (l, item, "produces", path));
  g_ptr_array_unref (load_endpoints (l, item, "consumes", path));
  g_strfreev (get_string_array (l, item, "depends_on", path, FALSE));

  if ((run = ferry_json_object_get (item, "run")))
    {
      g_autofree gchar *run_path = path_key (path, "run");
      gint64 port;

      if (check_object (l, run, run_path, "a run specification", run_allowed, NULL))
        {
          const gchar *health;

          service->run_command = get_string_array (l, run, "command", run_path, TRUE);
          if (get_integer (l, run, "port", run_path, 1, 65535, &port))
            service->port = (guint)port;
          if ((health = get_string (l, run, "health", run_path)))
            {
              if (health[0] != '/')
                {
                  g_autofree gchar *health_path = path_key (run_path, "health");
                  error_at (l, ferry_json_object_get (run, "health"), health_path,
                            "“%s” is not an HTTP path: it must start with “/”, e.g. /healthz", health);
                }
              else
                service->health = g_strdup (health);
            }
          service->run_env = get_env_map (l, run, "env", run_path);
        }
    }

  if ((overrides = get_typed (l, item, "environments", path, FERRY_JSON_OBJECT)))
    {
      g_autofree gchar *overrides_path = path_key (path, "environments");

      for (guint i = 0; i < overrides->object.n_members; i++)
        {
          FerryJsonMember *member = &overrides->object.members[i];
          g_autofree gchar *member_path = path_key (overrides_path, member->key);
          FerryServiceOverride *override;
          gint64 replicas;

          if (!g_hash_table_contains (l->ws->environments_by_name, member->key))
            {
              g_autofree gchar *hint = did_you_mean_in_table (member->key, l->ws->environments_by_name);
              report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                      "no environment named “%s”%s", member->key, hint);
              continue;
            }

          if (!check_object (l, member->value, member_path, "environment settings", override_allowed, NULL))
            continue;

          if (g_hash_table_contains (service->overrides, member->key))
            {
              report (l, FERRY_SEVERITY_ERROR, member->line, member->column, member_path,
                      "duplicate key “%s”", member->key);
              continue;
            }

          override = g_new0 (FerryServiceOverride, 1);
          override->replicas = get_integer (l, member->value, "replicas", member_path, 0, 10000, &replicas)
                               ? (gint)replicas : -1;
          override->env = get_env_map (l, member->value, "env", member_path);
          g_hash_table_insert (service->overrides, g_strdup (member->key), override);
        }
    }

  g_hash_table_insert (l->service_json, service, item);

  return g_steal_pointer (&service);
}

static void
load_repos (Loader         *l,
            FerryJsonValue *root)
{
  static const gchar * const allowed[] = { "name", "url", "branch", "team", "builds", NULL };
  static const gchar * const required[] = { "name", "builds", NULL };
  static const gchar * const build_allowed[] = { "name", "command", "artifact", "image", "services", NULL };
  static const gchar * const build_required[] = { "name", "services", NULL };
  FerryJsonValue *list = get_list (l, root, "repos", NULL);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) service_lines = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; list && i < list->array.n_items; i++)
    {
      FerryJsonValue *item = list->array.items[i];
      g_autofree gchar *path = path_index ("repos", i);
      g_autofree gchar *builds_path = path_key (path, "builds");
      g_autoptr(GHashTable) build_names = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) build_lines = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(FerryRepo) repo = NULL;
      FerryJsonValue *builds;
      const gchar *name;
      const gchar *url;
      const gchar *branch;
      const gchar *team_name;

      if (!check_object (l, item, path, "a repo", allowed, required) ||
          !(name = get_name (l, item, path, "repo")))
        continue;

      repo = g_object_new (FERRY_TYPE_REPO, NULL);
      repo->name = g_strdup (name);

      if ((url = get_string (l, item, "url", path)))
        {
          FerryJsonValue *url_value = ferry_json_object_get (item, "url");

          repo->url = g_strdup (url);
          repo->url_location.file = g_strdup (l->file);
          repo->url_location.line = url_value->line;
          repo->url_location.column = url_value->column;

          if (url[0] == '\0')
            {
              g_autofree gchar *url_path = path_key (path, "url");
              error_at (l, url_value, url_path, "the url is empty: leave it out for a repo known only by its images");
            }
          else if (!ferry_workspace_is_git_url (url))
            {
              g_autofree gchar *joined = g_path_is_absolute (url)
                                         ? g_strdup (url)
                                         : g_build_filename (l->ws->directory, url, NULL);
              repo->path = g_canonicalize_filename (joined, NULL);
            }
        }

      branch = get_string (l, item, "branch", path);
      repo->branch = g_strdup (branch && branch[0] ? branch : "main");

      if ((team_name = get_string (l, item, "team", path)))
        {
          if (!(repo->team = g_hash_table_lookup (l->ws->teams_by_name, team_name)))
            {
              g_autofree gchar *team_path = path_key (path, "team");
              g_autofree gchar *hint = did_you_mean_in_table (team_name, l->ws->teams_by_name);

              error_at (l, ferry_json_object_get (item, "team"), team_path,
                        "no team named “%s”%s; declare it in “teams”", team_name, hint);
            }
        }

      if (!claim_name (l, l->ws->repos_by_name, lines, repo->name, repo, item, path, "repo"))
        continue;
      g_ptr_array_add (l->ws->repos, g_object_ref (repo));

      builds = get_list (l, item, "builds", path);
      if (builds != NULL && builds->array.n_items == 0)
        error_at (l, builds, builds_path, "a repo needs at least one build");

      for (guint j = 0; builds && j < builds->array.n_items; j++)
        {
          FerryJsonValue *build_item = builds->array.items[j];
          g_autofree gchar *build_path = path_index (builds_path, j);
          g_autofree gchar *services_path = path_key (build_path, "services");
          g_autoptr(FerryBuild) build = NULL;
          FerryJsonValue *services;
          const gchar *build_name;
          const gchar *artifact;
          const gchar *image;

          if (!check_object (l, build_item, build_path, "a build", build_allowed, build_required) ||
              !(build_name = get_name (l, build_item, build_path, "build")))
            continue;

          build = g_object_new (FERRY_TYPE_BUILD, NULL);
          build->name = g_strdup (build_name);
          build->repo = repo;
          build->command = get_string_array (l, build_item, "command", build_path, TRUE);
          if ((artifact = get_string (l, build_item, "artifact", build_path)))
            build->artifact = g_strdup (artifact);
          if ((image = get_string (l, build_item, "image", build_path)))
            build->image = g_strdup (image);

          if (!claim_name (l, build_names, build_lines, build->name, build, build_item, build_path, "build"))
            continue;
          g_ptr_array_add (repo->builds, g_object_ref (build));

          services = get_list (l, build_item, "services", build_path);
          if (services != NULL && services->array.n_items == 0)
            error_at (l, services, services_path, "a build needs at least one service");

          for (guint k = 0; services && k < services->array.n_items; k++)
            {
              g_autofree gchar *service_path = path_index (services_path, k);
              FerryService *service = load_service (l, services->array.items[k], service_path, build);

              if (service == NULL)
                continue;

              if (claim_name (l, l->ws->services_by_name, service_lines, service->name, service,
                              services->array.items[k], service_path, "service"))
                g_ptr_array_add (build->services, service);
              else
                {
                  g_hash_table_remove (l->service_json, service);
                  g_object_unref (service);
                }
            }
        }
    }
}

static void
add_edge (FerryService *consumer,
          FerryService *producer)
{
  if (consumer == producer || ferry_service_depends_on (consumer, producer))
    return;

  g_ptr_array_add (consumer->dependencies, producer);
  g_ptr_array_add (producer->dependents, consumer);
}

static FerryEndpoint *
ensure_endpoint (Loader      *l,
                 const gchar *id)
{
  FerryEndpoint *endpoint = g_hash_table_lookup (l->ws->endpoints, id);

  if (endpoint == NULL)
    {
      endpoint = g_object_new (FERRY_TYPE_ENDPOINT, NULL);
      endpoint->id = g_strdup (id);
      ferry_endpoint_parse (id, &endpoint->kind, &endpoint->name);
      g_hash_table_insert (l->ws->endpoints, endpoint->id, endpoint);
    }

  return endpoint;
}

static void
for_each_service (FerryWorkspace *ws,
                  void          (*func) (Loader *, FerryService *),
                  Loader         *l)
{
  for (guint i = 0; i < ws->repos->len; i++)
    {
      FerryRepo *repo = g_ptr_array_index (ws->repos, i);

      for (guint j = 0; j < repo->builds->len; j++)
        {
          FerryBuild *build = g_ptr_array_index (repo->builds, j);

          for (guint k = 0; k < build->services->len; k++)
            func (l, g_ptr_array_index (build->services, k));
        }
    }
}

static void
resolve_produces (Loader       *l,
                  FerryService *service)
{
  FerryJsonValue *item = g_hash_table_lookup (l->service_json, service);
  g_autoptr(GPtrArray) produces = NULL;
  g_autofree gchar *path = path_key (service->json_path, "produces");

  /* Syntax errors were reported already: collect quietly. */
  produces = g_ptr_array_new ();
  if (ferry_json_object_get (item, "produces") != NULL &&
      ferry_json_object_get (item, "produces")->kind == FERRY_JSON_ARRAY)
    {
      FerryJsonValue *array = ferry_json_object_get (item, "produces");

      for (guint i = 0; i < array->array.n_items; i++)
        {
          FerryJsonValue *value = array->array.items[i];
          FerryEndpoint *endpoint;
          g_autofree gchar *item_path = NULL;

          if (value->kind != FERRY_JSON_STRING || !ferry_endpoint_parse (value->string.str, NULL, NULL))
            continue;

          endpoint = ensure_endpoint (l, value->string.str);
          if (endpoint->producer == service)
            continue;

          if (endpoint->producer != NULL)
            {
              item_path = path_index (path, i);
              error_at (l, value, item_path,
                        "%s is produced by both %s (line %u) and %s: a consumer must know which one it depends on",
                        endpoint->id, endpoint->producer->name, endpoint->producer->location.line, service->name);
              continue;
            }

          endpoint->producer = service;
          g_ptr_array_add (service->produces, endpoint);
        }
    }
}

static void
resolve_consumes (Loader       *l,
                  FerryService *service)
{
  FerryJsonValue *item = g_hash_table_lookup (l->service_json, service);
  FerryJsonValue *array = ferry_json_object_get (item, "consumes");
  FerryJsonValue *depends = ferry_json_object_get (item, "depends_on");
  g_autofree gchar *path = path_key (service->json_path, "consumes");
  g_autofree gchar *depends_path = path_key (service->json_path, "depends_on");

  for (guint i = 0; array && array->kind == FERRY_JSON_ARRAY && i < array->array.n_items; i++)
    {
      FerryJsonValue *value = array->array.items[i];
      FerryEndpoint *endpoint;

      if (value->kind != FERRY_JSON_STRING || !ferry_endpoint_parse (value->string.str, NULL, NULL))
        continue;

      endpoint = ensure_endpoint (l, value->string.str);
      if (g_ptr_array_find (endpoint->consumers, service, NULL))
        continue;

      g_ptr_array_add (endpoint->consumers, service);
      g_ptr_array_add (service->consumes, endpoint);

      if (endpoint->producer == NULL)
        {
          g_autofree gchar *item_path = path_index (path, i);
          warning_at (l, value, item_path,
                      "nobody in this workspace produces %s: it is treated as an external dependency",
                      endpoint->id);
        }
      else
        add_edge (service, endpoint->producer);
    }

  for (guint i = 0; depends && depends->kind == FERRY_JSON_ARRAY && i < depends->array.n_items; i++)
    {
      FerryJsonValue *value = depends->array.items[i];
      g_autofree gchar *item_path = NULL;
      FerryService *other;

      if (value->kind != FERRY_JSON_STRING)
        continue;

      item_path = path_index (depends_path, i);
      other = g_hash_table_lookup (l->ws->services_by_name, value->string.str);

      if (other == NULL)
        {
          g_autofree gchar *hint = did_you_mean_in_table (value->string.str, l->ws->services_by_name);
          error_at (l, value, item_path, "no service named “%s”%s", value->string.str, hint);
        }
      else if (other == service)
        error_at (l, value, item_path, "a service cannot depend on itself");
      else
        {
          g_ptr_array_add (service->explicit_depends_on, g_strdup (value->string.str));
          add_edge (service, other);
        }
    }
}

static gint
compare_services (gconstpointer a,
                  gconstpointer b)
{
  const FerryService *sa = *(FerryService * const *)a;
  const FerryService *sb = *(FerryService * const *)b;
  gint ret;

  if (sa->layer != sb->layer)
    return sa->layer < sb->layer ? -1 : 1;
  if ((ret = strcmp (sa->build->repo->name, sb->build->repo->name)))
    return ret;
  return strcmp (sa->name, sb->name);
}

static gint
compare_by_index (gconstpointer a,
                  gconstpointer b)
{
  const FerryService *sa = *(FerryService * const *)a;
  const FerryService *sb = *(FerryService * const *)b;

  return (sa->index > sb->index) - (sa->index < sb->index);
}

static void
collect_service (Loader       *l,
                 FerryService *service)
{
  GPtrArray *all = g_object_get_data (G_OBJECT (l->ws), "ferry-loader-all");

  service->index = all->len;
  g_ptr_array_add (all, service);
}

/* Reports every dependency cycle among @stuck (services Kahn's algorithm
 * could not place), naming each service of the cycle in order. */
static void
report_cycles (Loader    *l,
               GPtrArray *all,
               guint8    *stuck)
{
  g_autofree guint *remaining_dependents = g_new0 (guint, all->len);
  g_autofree guint8 *on_cycle = g_new0 (guint8, all->len);
  g_autofree guint8 *reported = g_new0 (guint8, all->len);
  g_autofree gint *visit = g_new (gint, all->len);
  g_autoptr(GQueue) queue = g_queue_new ();

  /* Peel off the stuck services that merely depend on a cycle from
   * downstream: what remains lies on a cycle or between cycles. */
  memcpy (on_cycle, stuck, all->len);
  for (guint i = 0; i < all->len; i++)
    {
      FerryService *s = g_ptr_array_index (all, i);

      if (!on_cycle[i])
        continue;
      for (guint j = 0; j < s->dependents->len; j++)
        if (on_cycle[((FerryService *)g_ptr_array_index (s->dependents, j))->index])
          remaining_dependents[i]++;
      if (remaining_dependents[i] == 0)
        g_queue_push_tail (queue, s);
    }

  while (!g_queue_is_empty (queue))
    {
      FerryService *s = g_queue_pop_head (queue);

      on_cycle[s->index] = FALSE;
      for (guint j = 0; j < s->dependencies->len; j++)
        {
          FerryService *d = g_ptr_array_index (s->dependencies, j);

          if (on_cycle[d->index] && --remaining_dependents[d->index] == 0)
            g_queue_push_tail (queue, d);
        }
    }

  for (guint start = 0; start < all->len; start++)
    {
      g_autoptr(GPtrArray) walk = NULL;
      FerryService *s;
      gint at;

      if (!on_cycle[start] || reported[start])
        continue;

      /* Follow dependencies that stay on cycles until one repeats. */
      memset (visit, -1, sizeof (gint) * all->len);
      walk = g_ptr_array_new ();
      s = g_ptr_array_index (all, start);

      while (visit[s->index] < 0)
        {
          FerryService *next = NULL;

          visit[s->index] = walk->len;
          g_ptr_array_add (walk, s);

          for (guint j = 0; j < s->dependencies->len && next == NULL; j++)
            {
              FerryService *d = g_ptr_array_index (s->dependencies, j);
              if (on_cycle[d->index])
                next = d;
            }

          g_assert (next != NULL);
          s = next;
        }

      at = visit[s->index];

      {
        g_autoptr(GString) names = g_string_new (NULL);
        FerryService *first = g_ptr_array_index (walk, at);
        gboolean already = FALSE;

        for (guint i = at; i < walk->len; i++)
          already |= reported[((FerryService *)g_ptr_array_index (walk, i))->index];

        if (already)
          {
            reported[start] = TRUE;
            continue;
          }

        for (guint i = at; i < walk->len; i++)
          {
            FerryService *member = g_ptr_array_index (walk, i);

            g_string_append_printf (names, "%s → ", member->name);
            reported[member->index] = TRUE;
          }
        g_string_append (names, first->name);

        report (l, FERRY_SEVERITY_ERROR, first->location.line, first->location.column,
                first->json_path,
                "dependency cycle: %s; a cycle has no deploy order: remove one of these dependencies",
                names->str);
      }
    }
}

/* Places every service in its layer (0: depends on nothing; else one more
 * than the highest layer of what it depends on), reports cycles, and sorts
 * everything into the stable order. */
static void
build_graph (Loader *l)
{
  FerryWorkspace *ws = l->ws;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree guint *remaining = NULL;
  g_autofree guint8 *stuck = NULL;
  g_autoptr(GQueue) queue = g_queue_new ();
  guint placed = 0;
  guint max_layer = 0;

  g_object_set_data (G_OBJECT (ws), "ferry-loader-all", all);
  for_each_service (ws, collect_service, l);
  g_object_set_data (G_OBJECT (ws), "ferry-loader-all", NULL);

  remaining = g_new0 (guint, all->len);
  stuck = g_new0 (guint8, all->len);

  for (guint i = 0; i < all->len; i++)
    {
      FerryService *s = g_ptr_array_index (all, i);

      remaining[i] = s->dependencies->len;
      if (remaining[i] == 0)
        g_queue_push_tail (queue, s);
    }

  while (!g_queue_is_empty (queue))
    {
      FerryService *s = g_queue_pop_head (queue);

      placed++;
      max_layer = MAX (max_layer, s->layer);

      for (guint j = 0; j < s->dependents->len; j++)
        {
          FerryService *d = g_ptr_array_index (s->dependents, j);

          d->layer = MAX (d->layer, s->layer + 1);
          if (--remaining[d->index] == 0)
            g_queue_push_tail (queue, d);
        }
    }

  if (placed < all->len)
    {
      for (guint i = 0; i < all->len; i++)
        if (remaining[i] > 0)
          {
            FerryService *s = g_ptr_array_index (all, i);

            stuck[i] = TRUE;
            /* Still drawn, to the right of everything else. */
            s->layer = max_layer + 1;
          }

      report_cycles (l, all, stuck);
    }

  g_ptr_array_sort (all, compare_services);

  for (guint i = 0; i < all->len; i++)
    {
      FerryService *s = g_ptr_array_index (all, i);
      GPtrArray *layer;

      s->index = i;

      while (ws->layers->len <= s->layer)
        g_ptr_array_add (ws->layers, g_ptr_array_new ());
      layer = g_ptr_array_index (ws->layers, s->layer);
      g_ptr_array_add (layer, s);
    }

  for (guint i = 0; i < all->len; i++)
    {
      FerryService *s = g_ptr_array_index (all, i);

      g_ptr_array_sort (s->dependencies, compare_by_index);
      g_ptr_array_sort (s->dependents, compare_by_index);
    }

  g_list_store_splice (ws->services, 0, 0, all->pdata, all->len);
}

void
_ferry_workspace_build (FerryWorkspace *self,
                        const gchar    *data,
                        gsize           length)
{
  static const gchar * const allowed[] = {
    "ferry", "name", "description", "environments", "targets", "teams", "repos", NULL
  };
  static const gchar * const required[] = { "ferry", "name", "environments", "repos", NULL };
  g_autoptr(FerryJsonDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) service_json = NULL;
  FerryJsonValue *root;
  FerryJsonValue *version;
  const gchar *name;
  const gchar *description;
  guint line = 0, column = 0;
  Loader l = { 0 };

  l.ws = self;
  l.file = self->manifest;

  if (length > FERRY_WORKSPACE_MAX_SIZE)
    {
      report (&l, FERRY_SEVERITY_ERROR, 0, 0, NULL,
              "the file is %" G_GSIZE_FORMAT " MiB; workspaces are limited to %d MiB",
              length / (1024 * 1024), FERRY_WORKSPACE_MAX_SIZE / (1024 * 1024));
      return;
    }

  if (!(doc = ferry_json_document_parse (data, length, &line, &column, &error)))
    {
      report (&l, FERRY_SEVERITY_ERROR, line, column, NULL, "%s", error->message);
      return;
    }

  root = ferry_json_document_get_root (doc);
  if (!check_object (&l, root, "", "a Ferry workspace", allowed, required))
    return;

  if ((version = get_typed (&l, root, "ferry", NULL, FERRY_JSON_INTEGER)) && version->integer != 1)
    {
      error_at (&l, version, "ferry",
                "this is format version %" G_GINT64_FORMAT "; this Ferry reads version 1", version->integer);
      return;
    }

  if ((name = get_string (&l, root, "name", NULL)))
    self->name = g_strdup (name);
  else
    self->name = g_path_get_basename (self->directory);

  if ((description = get_string (&l, root, "description", NULL)))
    self->description = g_strdup (description);

  service_json = g_hash_table_new (NULL, NULL);
  l.service_json = service_json;

  load_teams (&l, root);
  load_targets (&l, root);
  load_environments (&l, root);
  load_repos (&l, root);

  for_each_service (self, resolve_produces, &l);
  for_each_service (self, resolve_consumes, &l);
  build_graph (&l);

  ferry_diagnostics_sort (self->diagnostics);
}

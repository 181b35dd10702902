/* ferry-service.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-service"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryService, ferry_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_LAYER,
  PROP_REPO_NAME,
  PROP_BUILD_NAME,
  PROP_TEAM_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ferry_service_override_free (FerryServiceOverride *override)
{
  if (override == NULL)
    return;

  g_clear_pointer (&override->env, g_hash_table_unref);
  g_free (override);
}

static void
ferry_service_finalize (GObject *object)
{
  FerryService *self = FERRY_SERVICE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->produces, g_ptr_array_unref);
  g_clear_pointer (&self->consumes, g_ptr_array_unref);
  g_clear_pointer (&self->explicit_depends_on, g_ptr_array_unref);
  g_clear_pointer (&self->dependencies, g_ptr_array_unref);
  g_clear_pointer (&self->dependents, g_ptr_array_unref);
  g_clear_pointer (&self->run_command, g_strfreev);
  g_clear_pointer (&self->health, g_free);
  g_clear_pointer (&self->run_env, g_hash_table_unref);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->location.file, g_free);
  g_clear_pointer (&self->json_path, g_free);

  G_OBJECT_CLASS (ferry_service_parent_class)->finalize (object);
}

static void
ferry_service_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryService *self = FERRY_SERVICE (object);
  FerryTeam *team;

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_LAYER:
      g_value_set_uint (value, self->layer);
      break;

    case PROP_REPO_NAME:
      g_value_set_string (value, self->build->repo->name);
      break;

    case PROP_BUILD_NAME:
      g_value_set_string (value, self->build->name);
      break;

    case PROP_TEAM_NAME:
      team = self->build->repo->team;
      g_value_set_string (value, team ? team->name : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_service_class_init (FerryServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_service_finalize;
  object_class->get_property = ferry_service_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAYER] =
    g_param_spec_uint ("layer", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REPO_NAME] =
    g_param_spec_string ("repo-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUILD_NAME] =
    g_param_spec_string ("build-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEAM_NAME] =
    g_param_spec_string ("team-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_service_init (FerryService *self)
{
  self->produces = g_ptr_array_new ();
  self->consumes = g_ptr_array_new ();
  self->explicit_depends_on = g_ptr_array_new_with_free_func (g_free);
  self->dependencies = g_ptr_array_new ();
  self->dependents = g_ptr_array_new ();
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)ferry_service_override_free);
}

const gchar *
ferry_service_get_name (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->name;
}

const gchar *
ferry_service_get_description (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->description;
}

/**
 * ferry_service_get_build:
 * @self: a #FerryService
 *
 * Returns: (transfer none): the build that makes it
 */
FerryBuild *
ferry_service_get_build (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->build;
}

/**
 * ferry_service_get_repo:
 * @self: a #FerryService
 *
 * Returns: (transfer none): the repository it comes from
 */
FerryRepo *
ferry_service_get_repo (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->build->repo;
}

/**
 * ferry_service_get_team:
 * @self: a #FerryService
 *
 * Returns: (transfer none) (nullable): the team owning its repository
 */
FerryTeam *
ferry_service_get_team (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->build->repo->team;
}

/**
 * ferry_service_get_layer:
 * @self: a #FerryService
 *
 * Returns: 0 for a service that depends on nothing, else one more than
 *   the highest layer of what it depends on: its place in deploy order
 */
guint
ferry_service_get_layer (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->layer;
}

/**
 * ferry_service_get_index:
 * @self: a #FerryService
 *
 * Returns: its position in the workspace's services model
 */
guint
ferry_service_get_index (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->index;
}

guint
ferry_service_get_n_produces (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->produces->len;
}

/**
 * ferry_service_get_produces:
 * @self: a #FerryService
 * @index: which one
 *
 * Returns: (transfer none): an endpoint it produces
 */
FerryEndpoint *
ferry_service_get_produces (FerryService *self,
                            guint         index)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);
  g_return_val_if_fail (index < self->produces->len, NULL);

  return g_ptr_array_index (self->produces, index);
}

guint
ferry_service_get_n_consumes (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->consumes->len;
}

/**
 * ferry_service_get_consumes:
 * @self: a #FerryService
 * @index: which one
 *
 * Returns: (transfer none): an endpoint it consumes
 */
FerryEndpoint *
ferry_service_get_consumes (FerryService *self,
                            guint         index)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);
  g_return_val_if_fail (index < self->consumes->len, NULL);

  return g_ptr_array_index (self->consumes, index);
}

guint
ferry_service_get_n_dependencies (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->dependencies->len;
}

/**
 * ferry_service_get_dependency:
 * @self: a #FerryService
 * @index: which one
 *
 * Dependencies are every resolved edge: the producers of what it
 * consumes and its `depends_on`, once each, in the workspace's order.
 *
 * Returns: (transfer none): a service it depends on
 */
FerryService *
ferry_service_get_dependency (FerryService *self,
                              guint         index)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);
  g_return_val_if_fail (index < self->dependencies->len, NULL);

  return g_ptr_array_index (self->dependencies, index);
}

guint
ferry_service_get_n_dependents (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->dependents->len;
}

/**
 * ferry_service_get_dependent:
 * @self: a #FerryService
 * @index: which one
 *
 * Returns: (transfer none): a service that depends on @self
 */
FerryService *
ferry_service_get_dependent (FerryService *self,
                             guint         index)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);
  g_return_val_if_fail (index < self->dependents->len, NULL);

  return g_ptr_array_index (self->dependents, index);
}

/**
 * ferry_service_depends_on:
 * @self: a #FerryService
 * @other: another service
 *
 * Returns: whether @self depends on @other directly
 */
gboolean
ferry_service_depends_on (FerryService *self,
                          FerryService *other)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_SERVICE (other), FALSE);

  for (guint i = 0; i < self->dependencies->len; i++)
    if (g_ptr_array_index (self->dependencies, i) == other)
      return TRUE;

  return FALSE;
}

/**
 * ferry_service_get_run_command:
 * @self: a #FerryService
 *
 * Returns: (transfer none) (nullable): how to run it on the local target
 */
const gchar * const *
ferry_service_get_run_command (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return (const gchar * const *)self->run_command;
}

/**
 * ferry_service_get_port:
 * @self: a #FerryService
 *
 * Returns: the port it listens on, 0 when unset
 */
guint
ferry_service_get_port (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->port;
}

/**
 * ferry_service_get_health:
 * @self: a #FerryService
 *
 * Returns: (nullable): the HTTP path answering 2xx when healthy
 */
const gchar *
ferry_service_get_health (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->health;
}

/**
 * ferry_service_dup_env:
 * @self: a #FerryService
 * @environment: (nullable): an environment name
 *
 * Returns: (transfer full): the run environment variables, with those of
 *   @environment's override on top
 */
GHashTable *
ferry_service_dup_env (FerryService *self,
                       const gchar  *environment)
{
  GHashTable *env;
  FerryServiceOverride *override;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (self->run_env != NULL)
    {
      g_hash_table_iter_init (&iter, self->run_env);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (env, g_strdup (key), g_strdup (value));
    }

  if (environment != NULL &&
      (override = g_hash_table_lookup (self->overrides, environment)) &&
      override->env != NULL)
    {
      g_hash_table_iter_init (&iter, override->env);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (env, g_strdup (key), g_strdup (value));
    }

  return env;
}

/**
 * ferry_service_get_replicas:
 * @self: a #FerryService
 * @environment: an environment name
 *
 * Returns: the replicas asked for in @environment, 1 when unset
 */
gint
ferry_service_get_replicas (FerryService *self,
                            const gchar  *environment)
{
  FerryServiceOverride *override;

  g_return_val_if_fail (FERRY_IS_SERVICE (self), 1);

  if (environment != NULL &&
      (override = g_hash_table_lookup (self->overrides, environment)) &&
      override->replicas >= 0)
    return override->replicas;

  return 1;
}

/**
 * ferry_service_get_json_path:
 * @self: a #FerryService
 *
 * Returns: where it is defined, such as `repos[0].builds[1].services[2]`
 */
const gchar *
ferry_service_get_json_path (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->json_path;
}

const gchar *
ferry_service_get_file (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), NULL);

  return self->location.file;
}

guint
ferry_service_get_line (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->location.line;
}

guint
ferry_service_get_column (FerryService *self)
{
  g_return_val_if_fail (FERRY_IS_SERVICE (self), 0);

  return self->location.column;
}

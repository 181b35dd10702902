/* ferry-environment.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryEnvironment, ferry_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TARGET_NAME,
  PROP_REQUIRED_APPROVALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_environment_finalize (GObject *object)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_object (&self->target);
  g_clear_object (&self->approval);
  g_clear_pointer (&self->freezes, g_ptr_array_unref);
  g_clear_pointer (&self->metrics, json_node_unref);

  G_OBJECT_CLASS (ferry_environment_parent_class)->finalize (object);
}

static void
ferry_environment_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TARGET_NAME:
      g_value_set_string (value, self->target ? self->target->name : NULL);
      break;

    case PROP_REQUIRED_APPROVALS:
      g_value_set_uint (value, self->approval ? self->approval->required : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_class_init (FerryEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_environment_finalize;
  object_class->get_property = ferry_environment_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TARGET_NAME] =
    g_param_spec_string ("target-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REQUIRED_APPROVALS] =
    g_param_spec_uint ("required-approvals", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_environment_init (FerryEnvironment *self)
{
  self->freezes = g_ptr_array_new_with_free_func (g_object_unref);
}

const gchar *
ferry_environment_get_name (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);

  return self->name;
}

/**
 * ferry_environment_get_index:
 * @self: a #FerryEnvironment
 *
 * Returns: its position in the workspace's promotion order, from 0
 */
guint
ferry_environment_get_index (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), 0);

  return self->index;
}

/**
 * ferry_environment_get_target:
 * @self: a #FerryEnvironment
 *
 * Returns: (transfer none): where it runs
 */
FerryTarget *
ferry_environment_get_target (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);

  return self->target;
}

/**
 * ferry_environment_get_from:
 * @self: a #FerryEnvironment
 *
 * Returns: (transfer none) (nullable): the environment versions are
 *   promoted from, %NULL for the first one (it deploys from the branch)
 */
FerryEnvironment *
ferry_environment_get_from (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);

  return self->from;
}

/**
 * ferry_environment_get_approval:
 * @self: a #FerryEnvironment
 *
 * Returns: (transfer none) (nullable): its approval policy, %NULL when
 *   deployments need no approval
 */
FerryApprovalPolicy *
ferry_environment_get_approval (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);

  return self->approval;
}

/**
 * ferry_environment_get_metrics:
 * @self: a #FerryEnvironment
 *
 * Returns: (transfer none) (nullable): the configuration of the metric
 *   source of the environment (`{"kind": "prometheus", "url": …}`), or
 *   %NULL when its metrics come from its target (the local target's
 *   processes)
 */
JsonNode *
ferry_environment_get_metrics (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);

  return self->metrics;
}

guint
ferry_environment_get_n_freezes (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), 0);

  return self->freezes->len;
}

/**
 * ferry_environment_get_freeze:
 * @self: a #FerryEnvironment
 * @index: which one
 *
 * Returns: (transfer none): a freeze window
 */
FerryFreezeWindow *
ferry_environment_get_freeze (FerryEnvironment *self,
                              guint             index)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  g_return_val_if_fail (index < self->freezes->len, NULL);

  return g_ptr_array_index (self->freezes, index);
}

/**
 * ferry_environment_get_active_freeze:
 * @self: a #FerryEnvironment
 * @when: a time
 *
 * Returns: (transfer none) (nullable): the freeze window @when falls in;
 *   of overlapping ones, the one that ends last
 */
FerryFreezeWindow *
ferry_environment_get_active_freeze (FerryEnvironment *self,
                                     GDateTime        *when)
{
  FerryFreezeWindow *ret = NULL;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  g_return_val_if_fail (when != NULL, NULL);

  for (guint i = 0; i < self->freezes->len; i++)
    {
      FerryFreezeWindow *freeze = g_ptr_array_index (self->freezes, i);

      if (ferry_freeze_window_contains (freeze, when) &&
          (ret == NULL || g_date_time_compare (freeze->until, ret->until) > 0))
        ret = freeze;
    }

  return ret;
}

/* ferry-target.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-target"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryTarget, ferry_target, G_TYPE_OBJECT)

static const gchar *kind_names[] = {
  [FERRY_TARGET_LOCAL] = "local",
  [FERRY_TARGET_KUBERNETES] = "kubernetes",
  [FERRY_TARGET_GITHUB_ACTIONS] = "github-actions",
  [FERRY_TARGET_GITLAB] = "gitlab",
  [FERRY_TARGET_JENKINS] = "jenkins",
};

static void
ferry_target_finalize (GObject *object)
{
  FerryTarget *self = FERRY_TARGET (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->settings, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_target_parent_class)->finalize (object);
}

static void
ferry_target_class_init (FerryTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_target_finalize;
}

static void
ferry_target_init (FerryTarget *self)
{
  self->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const gchar *
ferry_target_get_name (FerryTarget *self)
{
  g_return_val_if_fail (FERRY_IS_TARGET (self), NULL);

  return self->name;
}

FerryTargetKind
ferry_target_get_kind (FerryTarget *self)
{
  g_return_val_if_fail (FERRY_IS_TARGET (self), FERRY_TARGET_LOCAL);

  return self->kind;
}

/**
 * ferry_target_get_setting:
 * @self: a #FerryTarget
 * @key: a kind-specific key, such as `namespace`
 *
 * Returns: (nullable): its value as written in `ferry.json`
 */
const gchar *
ferry_target_get_setting (FerryTarget *self,
                          const gchar *key)
{
  g_return_val_if_fail (FERRY_IS_TARGET (self), NULL);

  return g_hash_table_lookup (self->settings, key);
}

const gchar *
ferry_target_kind_to_string (FerryTargetKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
ferry_target_kind_from_string (const gchar     *str,
                               FerryTargetKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (kind_names[i], str) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* ferry-build.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-build"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryBuild, ferry_build, G_TYPE_OBJECT)

static void
ferry_build_finalize (GObject *object)
{
  FerryBuild *self = FERRY_BUILD (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->command, g_strfreev);
  g_clear_pointer (&self->artifact, g_free);
  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_build_parent_class)->finalize (object);
}

static void
ferry_build_class_init (FerryBuildClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_build_finalize;
}

static void
ferry_build_init (FerryBuild *self)
{
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
}

const gchar *
ferry_build_get_name (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);

  return self->name;
}

/**
 * ferry_build_get_repo:
 * @self: a #FerryBuild
 *
 * Returns: (transfer none): the repository it builds
 */
FerryRepo *
ferry_build_get_repo (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);

  return self->repo;
}

/**
 * ferry_build_get_command:
 * @self: a #FerryBuild
 *
 * Returns: (transfer none) (nullable): the build command, %NULL when the
 *   repository is used as it is
 */
const gchar * const *
ferry_build_get_command (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);

  return (const gchar * const *)self->command;
}

const gchar *
ferry_build_get_artifact (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);

  return self->artifact;
}

const gchar *
ferry_build_get_image (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);

  return self->image;
}

guint
ferry_build_get_n_services (FerryBuild *self)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), 0);

  return self->services->len;
}

/**
 * ferry_build_get_service:
 * @self: a #FerryBuild
 * @index: which one
 *
 * Returns: (transfer none): a service of the build
 */
FerryService *
ferry_build_get_service (FerryBuild *self,
                         guint       index)
{
  g_return_val_if_fail (FERRY_IS_BUILD (self), NULL);
  g_return_val_if_fail (index < self->services->len, NULL);

  return g_ptr_array_index (self->services, index);
}

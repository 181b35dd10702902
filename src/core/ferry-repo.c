/* ferry-repo.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-repo"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryRepo, ferry_repo, G_TYPE_OBJECT)

static void
ferry_repo_finalize (GObject *object)
{
  FerryRepo *self = FERRY_REPO (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->branch, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->builds, g_ptr_array_unref);
  g_clear_pointer (&self->url_location.file, g_free);
  g_clear_pointer (&self->head, g_free);
  g_clear_pointer (&self->tags, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_repo_parent_class)->finalize (object);
}

static void
ferry_repo_class_init (FerryRepoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_repo_finalize;
}

static void
ferry_repo_init (FerryRepo *self)
{
  self->builds = g_ptr_array_new_with_free_func (g_object_unref);
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const gchar *
ferry_repo_get_name (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->name;
}

/**
 * ferry_repo_get_url:
 * @self: a #FerryRepo
 *
 * Returns: (nullable): the url as written in `ferry.json`
 */
const gchar *
ferry_repo_get_url (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->url;
}

const gchar *
ferry_repo_get_branch (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->branch;
}

/**
 * ferry_repo_get_path:
 * @self: a #FerryRepo
 *
 * Returns: (nullable): the local folder the url resolves to
 */
const gchar *
ferry_repo_get_path (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->path;
}

/**
 * ferry_repo_get_team:
 * @self: a #FerryRepo
 *
 * Returns: (transfer none) (nullable): the team that owns it
 */
FerryTeam *
ferry_repo_get_team (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->team;
}

guint
ferry_repo_get_n_builds (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), 0);

  return self->builds->len;
}

/**
 * ferry_repo_get_build:
 * @self: a #FerryRepo
 * @index: which one
 *
 * Returns: (transfer none): a build
 */
FerryBuild *
ferry_repo_get_build (FerryRepo *self,
                      guint      index)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);
  g_return_val_if_fail (index < self->builds->len, NULL);

  return g_ptr_array_index (self->builds, index);
}

/**
 * ferry_repo_get_state:
 * @self: a #FerryRepo
 *
 * Returns: what is known of the repository on disk
 */
FerryRepoState
ferry_repo_get_state (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), FERRY_REPO_STATE_UNKNOWN);

  return self->state;
}

/**
 * ferry_repo_get_head:
 * @self: a #FerryRepo
 *
 * Returns: (nullable): the commit id at the head of the branch, once the
 *   repository was inspected
 */
const gchar *
ferry_repo_get_head (FerryRepo *self)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  return self->head;
}

/**
 * ferry_repo_get_tag:
 * @self: a #FerryRepo
 * @commit_id: a full commit id
 *
 * Returns: (nullable): the tag at @commit_id, if any (the highest in
 *   version order when there are several)
 */
const gchar *
ferry_repo_get_tag (FerryRepo   *self,
                    const gchar *commit_id)
{
  g_return_val_if_fail (FERRY_IS_REPO (self), NULL);

  if (commit_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->tags, commit_id);
}

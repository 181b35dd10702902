/* ferry-team.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-team"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryTeam, ferry_team, G_TYPE_OBJECT)

static void
ferry_team_finalize (GObject *object)
{
  FerryTeam *self = FERRY_TEAM (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->members, g_strfreev);

  G_OBJECT_CLASS (ferry_team_parent_class)->finalize (object);
}

static void
ferry_team_class_init (FerryTeamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_team_finalize;
}

static void
ferry_team_init (FerryTeam *self)
{
}

const gchar *
ferry_team_get_name (FerryTeam *self)
{
  g_return_val_if_fail (FERRY_IS_TEAM (self), NULL);

  return self->name;
}

/**
 * ferry_team_get_members:
 * @self: a #FerryTeam
 *
 * Returns: (transfer none): the members' addresses
 */
const gchar * const *
ferry_team_get_members (FerryTeam *self)
{
  static const gchar *empty[] = { NULL };

  g_return_val_if_fail (FERRY_IS_TEAM (self), NULL);

  return self->members ? (const gchar * const *)self->members : empty;
}

/**
 * ferry_team_has_member:
 * @self: a #FerryTeam
 * @address: an e-mail address
 *
 * Returns: whether @address is a member, compared without regard to case
 */
gboolean
ferry_team_has_member (FerryTeam   *self,
                       const gchar *address)
{
  g_return_val_if_fail (FERRY_IS_TEAM (self), FALSE);

  if (address == NULL || self->members == NULL)
    return FALSE;

  for (guint i = 0; self->members[i]; i++)
    if (g_ascii_strcasecmp (self->members[i], address) == 0)
      return TRUE;

  return FALSE;
}

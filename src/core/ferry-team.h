/* ferry-team.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_TEAM (ferry_team_get_type())

G_DECLARE_FINAL_TYPE (FerryTeam, ferry_team, FERRY, TEAM, GObject)

const gchar         *ferry_team_get_name    (FerryTeam   *self);
const gchar * const *ferry_team_get_members (FerryTeam   *self);
gboolean             ferry_team_has_member  (FerryTeam   *self,
                                             const gchar *address);

G_END_DECLS

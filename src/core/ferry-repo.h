/* ferry-repo.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_REPO (ferry_repo_get_type())

G_DECLARE_FINAL_TYPE (FerryRepo, ferry_repo, FERRY, REPO, GObject)

const gchar    *ferry_repo_get_name     (FerryRepo   *self);
const gchar    *ferry_repo_get_url      (FerryRepo   *self);
const gchar    *ferry_repo_get_branch   (FerryRepo   *self);
const gchar    *ferry_repo_get_path     (FerryRepo   *self);
FerryTeam      *ferry_repo_get_team     (FerryRepo   *self);
guint           ferry_repo_get_n_builds (FerryRepo   *self);
FerryBuild     *ferry_repo_get_build    (FerryRepo   *self,
                                         guint        index);
FerryRepoState  ferry_repo_get_state    (FerryRepo   *self);
const gchar    *ferry_repo_get_head     (FerryRepo   *self);
const gchar    *ferry_repo_get_tag      (FerryRepo   *self,
                                         const gchar *commit_id);

G_END_DECLS

/* ferry-build.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_BUILD (ferry_build_get_type())

G_DECLARE_FINAL_TYPE (FerryBuild, ferry_build, FERRY, BUILD, GObject)

const gchar         *ferry_build_get_name       (FerryBuild *self);
FerryRepo           *ferry_build_get_repo       (FerryBuild *self);
const gchar * const *ferry_build_get_command    (FerryBuild *self);
const gchar         *ferry_build_get_artifact   (FerryBuild *self);
const gchar         *ferry_build_get_image      (FerryBuild *self);
guint                ferry_build_get_n_services (FerryBuild *self);
FerryService        *ferry_build_get_service    (FerryBuild *self,
                                                 guint       index);

G_END_DECLS

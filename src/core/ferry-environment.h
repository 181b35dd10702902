/* ferry-environment.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENVIRONMENT (ferry_environment_get_type())

G_DECLARE_FINAL_TYPE (FerryEnvironment, ferry_environment, FERRY, ENVIRONMENT, GObject)

const gchar         *ferry_environment_get_name          (FerryEnvironment *self);
guint                ferry_environment_get_index         (FerryEnvironment *self);
FerryTarget         *ferry_environment_get_target        (FerryEnvironment *self);
FerryEnvironment    *ferry_environment_get_from          (FerryEnvironment *self);
FerryApprovalPolicy *ferry_environment_get_approval      (FerryEnvironment *self);
JsonNode            *ferry_environment_get_metrics       (FerryEnvironment *self);
guint                ferry_environment_get_n_freezes     (FerryEnvironment *self);
FerryFreezeWindow   *ferry_environment_get_freeze        (FerryEnvironment *self,
                                                          guint             index);
FerryFreezeWindow   *ferry_environment_get_active_freeze (FerryEnvironment *self,
                                                          GDateTime        *when);

G_END_DECLS

/* ferry-target.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_TARGET (ferry_target_get_type())

G_DECLARE_FINAL_TYPE (FerryTarget, ferry_target, FERRY, TARGET, GObject)

const gchar     *ferry_target_get_name         (FerryTarget     *self);
FerryTargetKind  ferry_target_get_kind         (FerryTarget     *self);
const gchar     *ferry_target_get_setting      (FerryTarget     *self,
                                                const gchar     *key);
const gchar     *ferry_target_kind_to_string   (FerryTargetKind  kind);
gboolean         ferry_target_kind_from_string (const gchar     *str,
                                                FerryTargetKind *kind);

G_END_DECLS

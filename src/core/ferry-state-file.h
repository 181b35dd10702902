/* ferry-state-file.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-state.h"

G_BEGIN_DECLS

gchar              *ferry_state_snapshot_path_for_workspace (const gchar          *workspace_id);
JsonNode           *ferry_state_snapshot_to_json            (FerryStateSnapshot   *self,
                                                             GDateTime            *taken_at);
FerryStateSnapshot *ferry_state_snapshot_new_from_json      (JsonNode             *node,
                                                             GDateTime           **taken_at,
                                                             GError              **error);
gboolean            ferry_state_snapshot_save               (FerryStateSnapshot   *self,
                                                             const gchar          *path,
                                                             GDateTime            *taken_at,
                                                             GError              **error);
void                ferry_state_snapshot_save_async         (FerryStateSnapshot   *self,
                                                             const gchar          *path,
                                                             GDateTime            *taken_at,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            ferry_state_snapshot_save_finish        (GAsyncResult         *result,
                                                             GError              **error);
FerryStateSnapshot *ferry_state_snapshot_load               (const gchar          *path,
                                                             GDateTime           **taken_at,
                                                             GError              **error);
void                ferry_state_snapshot_load_async         (const gchar          *path,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
FerryStateSnapshot *ferry_state_snapshot_load_finish        (GAsyncResult         *result,
                                                             GDateTime           **taken_at,
                                                             GError              **error);

G_END_DECLS

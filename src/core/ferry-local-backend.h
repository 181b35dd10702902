/* ferry-local-backend.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-backend.h"
#include "ferry-store.h"

G_BEGIN_DECLS

#define FERRY_TYPE_LOCAL_BACKEND (ferry_local_backend_get_type())

G_DECLARE_FINAL_TYPE (FerryLocalBackend, ferry_local_backend, FERRY, LOCAL_BACKEND, GObject)

/* How long a new version has to answer its health check; the environment
 * variable FERRY_LOCAL_HEALTH_TIMEOUT_MS (milliseconds, read once) may
 * change it, for tests. */
#define FERRY_LOCAL_HEALTH_TIMEOUT_MS 20000

FerryLocalBackend *ferry_local_backend_new       (FerryStore        *store,
                                                  const gchar       *workspace_id);
const gchar       *ferry_local_backend_get_logs  (FerryLocalBackend *self);
guint              ferry_local_backend_supervise (FerryLocalBackend *self,
                                                  FerryWorkspace    *workspace,
                                                  GError           **error);
guint              ferry_local_backend_stop_strays (FerryLocalBackend *self);

G_END_DECLS

/* ferry-engine.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-backend.h"
#include "ferry-state.h"
#include "ferry-store.h"
#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENGINE (ferry_engine_get_type())

G_DECLARE_FINAL_TYPE (FerryEngine, ferry_engine, FERRY, ENGINE, GObject)

#define FERRY_ENGINE_ERROR (ferry_engine_error_quark ())

typedef enum
{
  FERRY_ENGINE_ERROR_REFUSED,       /* policy, lock, freeze, upstream: said why */
  FERRY_ENGINE_ERROR_UNTRUSTED,     /* the workspace's commands were not trusted */
  FERRY_ENGINE_ERROR_NOT_FOUND,     /* no such service, environment, version, request */
  FERRY_ENGINE_ERROR_UNSUPPORTED,   /* a target kind this build cannot drive */
  FERRY_ENGINE_ERROR_FAILED,        /* a step failed */
} FerryEngineError;

/* At most this many steps of a phase run at once. */
#define FERRY_ENGINE_PARALLEL_STEPS 4

GQuark                ferry_engine_error_quark  (void);
FerryEngine          *ferry_engine_new          (FerryWorkspace        *workspace,
                                                 GError               **error);
FerryEngine          *ferry_engine_new_full     (FerryWorkspace        *workspace,
                                                 FerryStore            *store,
                                                 const gchar           *user);
FerryWorkspace       *ferry_engine_get_workspace (FerryEngine          *self);
FerryStore           *ferry_engine_get_store    (FerryEngine           *self);
const gchar          *ferry_engine_get_user     (FerryEngine           *self);
void                  ferry_engine_set_progress (FerryEngine           *self,
                                                 FerryProgressFunc      progress,
                                                 gpointer               user_data);
gboolean              ferry_engine_is_trusted   (FerryEngine           *self,
                                                 gchar                **commands);
gboolean              ferry_engine_trust        (FerryEngine           *self,
                                                 GError               **error);
FerryStateSnapshot   *ferry_engine_get_state    (FerryEngine           *self,
                                                 GError               **error);
guint                 ferry_engine_reconcile    (FerryEngine           *self);
FerryPlanRun         *ferry_engine_deploy       (FerryEngine           *self,
                                                 const gchar           *service,
                                                 const gchar           *environment,
                                                 const gchar           *version,
                                                 const gchar           *freeze_override,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FerryPlanRun         *ferry_engine_promote      (FerryEngine           *self,
                                                 const gchar * const   *services,
                                                 const gchar           *from,
                                                 const gchar           *to,
                                                 const gchar           *freeze_override,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FerryPlanRun         *ferry_engine_rollback     (FerryEngine           *self,
                                                 const gchar           *service,
                                                 const gchar           *environment,
                                                 const gchar           *version,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FerryApprovalRequest *ferry_engine_decide       (FerryEngine           *self,
                                                 gint64                 request_id,
                                                 FerryVerdict           verdict,
                                                 const gchar           *comment,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FerryPlanRun         *ferry_engine_resume       (FerryEngine           *self,
                                                 gint64                 run_id,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
gboolean              ferry_engine_stop         (FerryEngine           *self,
                                                 const gchar           *service,
                                                 const gchar           *environment,
                                                 GError               **error);
gboolean              ferry_engine_down         (FerryEngine           *self,
                                                 GError               **error);

G_END_DECLS

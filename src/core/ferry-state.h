/* ferry-state.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What runs where: the version of each service in each environment, as
 * plans and views read it. The engine's store fills it; tests build it by
 * hand. Status strings are those of the ferryctl contract:
 * not-deployed, pending-approval, building, deploying, healthy, degraded,
 * failed, stopped. */

typedef struct
{
  gchar     *service;
  gchar     *environment;
  gchar     *version;      /* full commit id */
  gchar     *tag;          /* nullable */
  gchar     *status;
  gchar     *by;           /* nullable */
  GDateTime *since;        /* nullable */
  guint      restarts;     /* times the local target restarted it after a crash */
  gchar     *last_exit;    /* nullable: how it last ended ("exit 1", "signal 9") */
} FerryDeployed;

typedef struct _FerryStateSnapshot FerryStateSnapshot;

#define FERRY_TYPE_STATE_SNAPSHOT (ferry_state_snapshot_get_type ())

GType               ferry_state_snapshot_get_type (void) G_GNUC_CONST;
FerryStateSnapshot *ferry_state_snapshot_new      (void);
FerryStateSnapshot *ferry_state_snapshot_ref      (FerryStateSnapshot *self);
void                ferry_state_snapshot_unref    (FerryStateSnapshot *self);
void                ferry_state_snapshot_set      (FerryStateSnapshot *self,
                                                   const gchar        *service,
                                                   const gchar        *environment,
                                                   const gchar        *version,
                                                   const gchar        *tag,
                                                   const gchar        *status,
                                                   const gchar        *by,
                                                   GDateTime          *since);
void                ferry_state_snapshot_note_restarts (FerryStateSnapshot *self,
                                                        const gchar        *service,
                                                        const gchar        *environment,
                                                        guint               restarts,
                                                        const gchar        *last_exit);
void                ferry_state_snapshot_add_local_processes (FerryStateSnapshot *self,
                                                              GPtrArray          *processes);
const FerryDeployed *ferry_state_snapshot_lookup  (FerryStateSnapshot *self,
                                                   const gchar        *service,
                                                   const gchar        *environment);
GPtrArray          *ferry_state_snapshot_list     (FerryStateSnapshot *self);
gboolean            ferry_deployed_is_healthy     (const FerryDeployed *deployed);
FerryStateSnapshot *ferry_state_snapshot_new_from_deployments (GPtrArray *deployments);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryStateSnapshot, ferry_state_snapshot_unref)

G_END_DECLS
